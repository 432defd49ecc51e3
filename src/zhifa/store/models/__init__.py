"""All tables; importing this module registers every model on Base.metadata."""

from zhifa.store.models.identity import Agency, ApiToken, LoginAttempt, User, UserKey, UserRole
from zhifa.store.models.ledger import LedgerRecord

__all__ = ["Agency", "ApiToken", "LedgerRecord", "LoginAttempt", "User", "UserKey", "UserRole"]
