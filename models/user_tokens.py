"""The ``user_tokens`` collection: per user, which end-user tokens are still good."""

from datetime import datetime

from beanie import Document


class UserTokens(Document):
    """Tokens carry the generation they were issued in; revoking ("log out everywhere") or
    erasing the user moves it on, so every token issued before stops working at once.

    The record outlives an erase (the erased user's old tokens must stay refused), so it names
    the user only by the pseudonym an erase gives them (an HMAC of the id with the tenant's
    erase secret), never by their id.
    """

    tenant_id: str
    subject: str  # the user's pseudonym
    generation: int = 0
    updated_at: datetime

    class Settings:
        name = "user_tokens"
