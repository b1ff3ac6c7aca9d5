"""Indexes of ``user_lists`` and ``list_members``, both sharded by their owner."""

from enum import StrEnum

from indexes.spec import IndexSpec


class ListIndex(StrEnum):
    OWNER = "tenant_owner_id"


class MemberIndex(StrEnum):
    MEMBER = "tenant_owner_list_member_unique"
    LIST_PAGE = "tenant_owner_list_id"
    HOLDER = "tenant_owner_member"
    MEMBER_OF = "tenant_member"


LISTS_SHARD_KEY: dict[str, int] = {"tenant_id": 1, "owner_id": 1}

LIST_INDEXES: tuple[IndexSpec, ...] = (
    # One list by its id, or the owner's lists newest first (and how many there are).
    IndexSpec(ListIndex.OWNER, (("tenant_id", 1), ("owner_id", 1), ("_id", -1))),
)

MEMBER_INDEXES: tuple[IndexSpec, ...] = (
    # One membership per list and member: the audience check is one lookup here.
    IndexSpec(
        MemberIndex.MEMBER,
        (("tenant_id", 1), ("owner_id", 1), ("list_id", 1), ("member_id", 1)),
        unique=True,
    ),
    # A list's members, newest first.
    IndexSpec(
        MemberIndex.LIST_PAGE, (("tenant_id", 1), ("owner_id", 1), ("list_id", 1), ("_id", -1))
    ),
    # Which of the owner's lists hold a user (``?member=``, and a block removing them).
    IndexSpec(MemberIndex.HOLDER, (("tenant_id", 1), ("owner_id", 1), ("member_id", 1))),
    # Every list a user is on, whoever owns it (export and erase).
    IndexSpec(MemberIndex.MEMBER_OF, (("tenant_id", 1), ("member_id", 1))),
)
