"""The ``user_lists`` and ``list_members`` collections: a user's private audiences (close
friends, family, a team) and who is on them. Anyone may be a member; only the owner sees them."""

from datetime import datetime

from beanie import Document


class UserList(Document):
    tenant_id: str
    owner_id: str
    name: str
    description: str | None = None
    member_count: int = 0  # moved in the same step as each membership
    created_at: datetime
    updated_at: datetime

    class Settings:
        name = "user_lists"


class ListMember(Document):
    tenant_id: str
    owner_id: str
    list_id: str
    member_id: str
    added_at: datetime

    class Settings:
        name = "list_members"
