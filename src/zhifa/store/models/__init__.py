"""All tables; importing this module registers every model on Base.metadata."""

from zhifa.store.models.identity import Agency, ApiToken, LoginAttempt, User, UserKey, UserRole
from zhifa.store.models.law import Law, LawAlias, LawArticle, LawChapter, LawItem, LawParagraph, LawVersion
from zhifa.store.models.ledger import LedgerRecord

__all__ = [
    "Law",
    "LawAlias",
    "LawArticle",
    "LawChapter",
    "LawItem",
    "LawParagraph",
    "LawVersion",
    "Agency", "ApiToken", "LedgerRecord", "LoginAttempt", "User", "UserKey", "UserRole"]
