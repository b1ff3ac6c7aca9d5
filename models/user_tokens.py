"""The ``user_tokens`` collection: per user, which end-user tokens are still good."""

from datetime import datetime

from beanie import Document


class UserTokens(Document):
    """Tokens carry the generation they were issued in; revoking ("log out everywhere") or
    erasing the user moves it on, so every token issued before stops working at once."""

    tenant_id: str
    user_id: str
    generation: int = 0
    updated_at: datetime

    class Settings:
        name = "user_tokens"
