"""All tables; importing this module registers every model on Base.metadata."""

from zhifa.store.models.calendar import CalendarOverride, CalendarYear
from zhifa.store.models.cases import CaseHandler, CaseRow, EvidenceFile, PartyRow
from zhifa.store.models.checkpoints import LedgerCheckpoint
from zhifa.store.models.documents import DocNumberCounter, IssuedDocNumber
from zhifa.store.models.dossier import DocumentText
from zhifa.store.models.idempotency import IdempotencyKey
from zhifa.store.models.identity import (
    Agency,
    ApiToken,
    LoginAttempt,
    LoginThrottle,
    User,
    UserKey,
    UserRole,
    WebSession,
)
from zhifa.store.models.intake import IntakeClue, IntakeSource
from zhifa.store.models.law import Law, LawAlias, LawArticle, LawChapter, LawItem, LawParagraph, LawVersion
from zhifa.store.models.ledger import LedgerHead, LedgerRecord
from zhifa.store.models.outbox import OutboxAction, OutboxRow, OutboxTarget
from zhifa.store.models.oversight import OversightEvent, PenaltyFact
from zhifa.store.models.precedents import Precedent, PrecedentImportFailure
<<<<<<< HEAD
from zhifa.store.models.registry import RegistryEntity
=======
from zhifa.store.models.stats import StatsActivity, StatsCaseFact, StatsSyntheticOfficer
>>>>>>> 683f8c3 (Statistics core: stats_case_facts and stats_activity (migration 0012) kept where cases are projected; the four rates, counts, 案值, handling days and breaches over a subtree and period; breakdowns with drill-down; zhifa stats summary|breakdown|rebuild)

__all__ = [
    "Agency",
    "ApiToken",
    "CalendarOverride",
    "CalendarYear",
    "CaseHandler",
    "CaseRow",
    "DocNumberCounter",
    "DocumentText",
    "EvidenceFile",
    "IdempotencyKey",
    "IntakeClue",
    "IntakeSource",
    "IssuedDocNumber",
    "Law",
    "LawAlias",
    "LawArticle",
    "LawChapter",
    "LawItem",
    "LawParagraph",
    "LawVersion",
    "LedgerCheckpoint",
    "LedgerHead",
    "LedgerRecord",
    "LoginAttempt",
    "LoginThrottle",
    "OutboxAction",
    "OutboxRow",
    "OutboxTarget",
    "OversightEvent",
    "PartyRow",
    "PenaltyFact",
    "Precedent",
    "PrecedentImportFailure",
<<<<<<< HEAD
    "RegistryEntity",
=======
    "StatsActivity",
    "StatsCaseFact",
    "StatsSyntheticOfficer",
>>>>>>> 683f8c3 (Statistics core: stats_case_facts and stats_activity (migration 0012) kept where cases are projected; the four rates, counts, 案值, handling days and breaches over a subtree and period; breakdowns with drill-down; zhifa stats summary|breakdown|rebuild)
    "User",
    "UserKey",
    "UserRole",
    "WebSession",
]
