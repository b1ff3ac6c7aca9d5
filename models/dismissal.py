"""The ``suggestion_dismissals`` collection: a user said "not this one" to a suggestion."""

from datetime import datetime

from beanie import Document


class SuggestionDismissal(Document):
    tenant_id: str
    user_id: str  # who dismissed
    other_id: str  # whom they will not be suggested until then
    until: datetime  # reads compare with it; a TTL index purges later

    class Settings:
        name = "suggestion_dismissals"
