"""Indexes of ``user_tokens``."""

from enum import StrEnum

from indexes.spec import IndexSpec


class UserTokensIndex(StrEnum):
    SUBJECT = "tenant_subject_unique"


USER_TOKENS_SHARD_KEY: dict[str, int] = {"tenant_id": 1, "subject": 1}

USER_TOKENS_INDEXES: tuple[IndexSpec, ...] = (
    IndexSpec(UserTokensIndex.SUBJECT, (("tenant_id", 1), ("subject", 1)), unique=True),
)
