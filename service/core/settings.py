"""Process configuration, read once from the environment (prefix ``RELATIONSHIPS_``)."""

import socket
from enum import StrEnum
from functools import lru_cache

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_OPERATOR_TOKEN_LENGTH = 32
# On the embedded backend a step holds the event loop from its first read to its last write (it
# never yields: that is what keeps steps apart there), so an import step is kept short enough for
# /healthz and other calls to be answered in between (about 1.6 ms a row, measured).
EMBEDDED_IMPORT_BATCH_SIZE = 50


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
    server_selection_timeout_ms: int = Field(
        default=10_000,
        ge=1,
        description="How long the driver looks for a MongoDB server before giving up (start-up "
        "and each request).",
    )
    operator_token: SecretStr | None = Field(
        default=None,
        description=(
            f"Enables the operator API (at least {MIN_OPERATOR_TOKEN_LENGTH} characters); "
            "unset or empty, it answers 401 to everyone."
        ),
    )
    transactions: TransactionMode = TransactionMode.AUTO
    demo_tenant: bool = Field(
        default=True, description="On the embedded backend, create a demo tenant when none exists."
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: str = "info"
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=0, description="Largest request body a route accepts (413 above)."
    )
    import_max_body_bytes: int = Field(
        default=8 * 1024 * 1024, ge=0, description="The same for the bulk import route."
    )
    import_batch_size: int = Field(
        default=1000,
        ge=1,
        le=10_000,
        description="Import rows written per database batch (unset, on the embedded backend: 50).",
    )
    feed_lag_seconds: float | None = Field(
        default=None,
        ge=0,
        le=300,
        description="How far the change feed stays behind the clock: longer than any step may "
        "run before it commits, so every event older than this has committed or never will "
        "(unset: derived from the step budget).",
    )
    webhook_allow_private_targets: bool = Field(
        default=False,
        description="Let webhooks call http URLs and loopback or private addresses (development "
        "and tests only: it opens server-side request forgery).",
    )
    webhook_worker: bool = Field(
        default=True,
        description="Deliver webhooks from `serve`'s processes (off: only `relationships "
        "deliver` does).",
    )
    webhook_timeout_seconds: float = Field(
        default=5.0, gt=0, le=30, description="How long a webhook receiver has to answer."
    )
    webhook_concurrency_per_tenant: int = Field(
        default=4, ge=1, le=100, description="Webhook deliveries in flight per tenant at once."
    )
    # Sized for a server-side caller (a tenant is a whole app, not one browser).
    rate_limit_per_second: float = Field(
        default=500, ge=0, description="Requests per second per tenant (0: no limit)."
    )
    rate_limit_burst: int = Field(
        default=1000,
        ge=1,
        description="Requests a tenant may make at once before the rate applies.",
    )
    user_rate_limit_per_second: float = Field(
        default=5,
        ge=0,
        description="Requests per second per end-user token's user, on top of the tenant's "
        "limit (0: no limit); a tenant's admin may set its own.",
    )
    user_rate_limit_burst: int = Field(
        default=20, ge=1, description="Requests a user may make at once with user tokens."
    )
    rate_limit_storage_uri: str | None = Field(
        default=None,
        description="A `limits` storage URI (async+memory://, async+mongodb://, async+redis://); "
        "unset: the service's MongoDB, or memory on the embedded backend.",
    )
    key_cache_seconds: float = Field(
        default=2.0,
        ge=0,
        le=60,
        description="How long a process keeps an API key's tenant after reading it: a key "
        "revoked, a tenant deleted or its settings changed elsewhere take effect within this "
        "delay (0: look every key up on every request).",
    )
    instance_name: str | None = Field(
        default=None,
        max_length=200,
        description="The `replica` label on every metric, telling the replicas apart "
        "(unset: the host name).",
    )
    step_budget_seconds: float = Field(
        default=5.0,
        gt=0,
        le=300,
        description="Longest a request's step may run, retries and waits included, before it "
        "answers 409 conflict (also what a tenant's deletion waits for in-flight requests).",
    )
    concurrent_steps: int = Field(
        default=16,
        ge=0,
        description="Steps one process runs at once; under a burst the others wait their turn "
        "in arrival order, each within its budget (0: no limit).",
    )
    lease_seconds: float = Field(
        default=30.0,
        ge=1,
        description="Without transactions: how long a step's lease on a pair lasts, so how long a "
        "crashed process can keep that pair busy; more than twice the step budget, the longest a "
        "step may write.",
    )
    unknown_key_per_minute: int = Field(
        default=30,
        ge=0,
        description="Requests with an unknown key or wrong operator token per client address per "
        "minute, before that address is answered 429 without a lookup (0: no limit).",
    )
    tracing: bool | None = Field(
        default=None,
        description="OpenTelemetry traces of requests and driver calls; "
        "unset: on when an OTLP endpoint is configured.",
    )
    otlp_endpoint: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"
        ),
    )

    @field_validator(
        "tracing", "rate_limit_storage_uri", "feed_lag_seconds", "instance_name", mode="before"
    )
    @classmethod
    def _empty_is_default(cls, value: object) -> object:
        # docker compose passes RELATIONSHIPS_TRACING= when .env leaves it empty: "unset".
        return None if value == "" else value

    @field_validator("operator_token", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # RELATIONSHIPS_OPERATOR_TOKEN= must not mean "the empty string opens the operator API".
        return None if value in ("", None) else value

    @field_validator("operator_token")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_OPERATOR_TOKEN_LENGTH:
            raise ValueError(
                f"RELATIONSHIPS_OPERATOR_TOKEN must be at least {MIN_OPERATOR_TOKEN_LENGTH} "
                "characters (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
            )
        return value

    @model_validator(mode="after")
    def _leases_outlast_steps(self) -> "Settings":
        # A step may write until two budgets after its request found the tenant live (the
        # runner's deadline): a lease that ran out sooner would let a second step into the pair.
        if self.lease_seconds <= 2 * self.step_budget_seconds:
            raise ValueError(
                "RELATIONSHIPS_LEASE_SECONDS must be more than twice "
                f"RELATIONSHIPS_STEP_BUDGET_SECONDS ({self.lease_seconds:g} <= "
                f"2 x {self.step_budget_seconds:g})"
            )
        return self

    @property
    def replica(self) -> str:
        return self.instance_name or socket.gethostname()

    @property
    def embedded(self) -> bool:
        return not self.mongodb_uri

    @property
    def import_batch(self) -> int:
        """Import rows per step: ``import_batch_size`` when set, else the backend's default."""
        if self.embedded and "import_batch_size" not in self.model_fields_set:
            return EMBEDDED_IMPORT_BATCH_SIZE
        return self.import_batch_size

    @property
    def tracing_enabled(self) -> bool:
        return self.tracing if self.tracing is not None else bool(self.otlp_endpoint)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def _variable(field: str) -> str:
    if field == "mongodb_uri":
        return "MONGODB_URI"
    return f"RELATIONSHIPS_{field.upper()}" if field in Settings.model_fields else field


def settings_problems(error: ValidationError) -> list[str]:
    """One plain line per refused variable: its name and what is wrong, never its value (pydantic's
    own text echoes the input, and the operator token is a secret)."""
    lines = []
    for item in error.errors(include_input=False, include_url=False):
        field = str(item["loc"][0]) if item["loc"] else "settings"
        message = str(item["msg"]).removeprefix("Value error, ")
        lines.append(f"{_variable(field)}: {message}")
    return lines
