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
from zhifa.store.models.oversight import OfficerTally, OversightEvent, PairTally, PenaltyFact
from zhifa.store.models.precedents import Precedent, PrecedentImportFailure
from zhifa.store.models.registry import RegistryEntity
from zhifa.store.models.stats import StatsActivity, StatsCaseFact, StatsSyntheticOfficer

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
    "OfficerTally",
    "OutboxAction",
    "OutboxRow",
    "OutboxTarget",
    "OversightEvent",
    "PairTally",
    "PartyRow",
    "PenaltyFact",
    "Precedent",
    "PrecedentImportFailure",
    "RegistryEntity",
    "StatsActivity",
    "StatsCaseFact",
    "StatsSyntheticOfficer",
    "User",
    "UserKey",
    "UserRole",
    "WebSession",
]
