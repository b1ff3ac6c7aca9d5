"""Process configuration, read once from the environment (prefix ``RELATIONSHIPS_``)."""

from enum import StrEnum
from functools import lru_cache

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class TransactionMode(StrEnum):
    """Whether multi-document changes run inside a MongoDB transaction."""

    AUTO = "auto"  # on replica sets and mongos, off on standalone servers and the embedded backend
    ON = "on"
    OFF = "off"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RELATIONSHIPS_", extra="ignore")

    mongodb_uri: str | None = Field(
        default=None,
        validation_alias=AliasChoices("RELATIONSHIPS_MONGODB_URI", "MONGODB_URI"),
        description="MongoDB connection string; unset means the embedded in-memory backend.",
    )
    database_name: str = Field(default="relationships", min_length=1)
    operator_token: SecretStr | None = Field(
        default=None, description="Enables the operator API; unset, it answers 401 to everyone."
    )
    transactions: TransactionMode = TransactionMode.AUTO
    demo_tenant: bool = Field(
        default=True, description="On the embedded backend, create a demo tenant when none exists."
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: str = "info"
    import_max_body_bytes: int = Field(
        default=8 * 1024 * 1024, ge=1, description="Largest bulk import request body, in bytes."
    )
    import_batch_size: int = Field(
        default=1000, ge=1, le=10_000, description="Import rows written per database batch."
    )

    @property
    def embedded(self) -> bool:
        return not self.mongodb_uri


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
