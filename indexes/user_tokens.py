"""Indexes of ``user_tokens``."""

from enum import StrEnum

from indexes.spec import IndexSpec


class UserTokensIndex(StrEnum):
    USER = "tenant_user_unique"


USER_TOKENS_INDEXES: tuple[IndexSpec, ...] = (
    IndexSpec(UserTokensIndex.USER, (("tenant_id", 1), ("user_id", 1)), unique=True),
)
