"""Per-tenant rate limits: 429 problem+json with Retry-After, per tenant, recovering with time.

Time is the test's clock throughout, never the wall clock: a busy machine cannot move a window.
"""

from types import SimpleNamespace
from typing import Any

import httpx
import limits.aio.storage.memory
import limits.aio.storage.mongodb
import pytest
from limits.aio.storage import MemoryStorage, RedisStorage

from models.tenant import TenantSettings
from service.core.errors import RateLimited
from service.core.http.rate_limit import TenantRateLimiter, rate_limit_storage, window
from service.core.settings import Settings
from tests.conftest import make_tenant
from tests.helpers import Api, FakeClock, assert_problem, operator_headers


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Two requests at once, then one per 100 s: the third call in a test is refused."""
    return settings.model_copy(update={"rate_limit_per_second": 0.01, "rate_limit_burst": 2})


@pytest.fixture(autouse=True)
def storage_time(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """The service's clock drives the limiter's ``now``; ``limits``' storages call
    ``time.time()`` and take no clock, so this replaces the ``time`` that the memory and MongoDB
    storage modules see (only there) with the test's clock. The clock moves only by hand (and a
    millisecond per ``now()``)."""
    fake_time = SimpleNamespace(time=lambda: clock.moment.timestamp())
    monkeypatch.setattr(limits.aio.storage.memory, "time", fake_time)
    monkeypatch.setattr(limits.aio.storage.mongodb, "time", fake_time)


def align(clock: FakeClock, seconds: int) -> None:
    """Move the clock to the start of a window (windows are aligned on the clock)."""
    clock.advance(seconds=seconds - clock.moment.timestamp() % seconds)


async def test_over_the_burst_is_429_with_retry_after(
    api: Api, other_tenant: Api, clock: FakeClock
) -> None:
    """On the tier's own storage (memory embedded, MongoDB on a server)."""
    align(clock, 200)
    assert (await api.follow("a", "b")).status_code == 201
    assert (await api.follow("a", "c")).status_code == 201
    refused = await api.follow("a", "d")
    body = assert_problem(refused, 429, "rate_limited")
    assert body["instance"] == f"urn:request:{refused.headers['x-request-id']}"
    # The window ends 200 s after it began (less the milliseconds the clock ticked since,
    # rounded up).
    assert refused.headers["retry-after"] == "200"
    # Another tenant has a budget of its own.
    assert (await other_tenant.follow("a", "d")).status_code == 201
    assert await other_tenant.other_ids("/v1/users/a/following") == ["d"]
    assert_problem(await other_tenant.call("GET", "/v1/users/a/following"), 429, "rate_limited")


async def test_operator_and_probes_are_not_limited(client: httpx.AsyncClient) -> None:
    for name in ("t1", "t2", "t3"):
        await make_tenant(client, name)
        assert (await client.get("/readyz")).status_code == 200


class TestWithTimeMoving:
    """Time moves by hand, on the memory storage."""

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(
            update={"rate_limit_per_second": 1, "rate_limit_storage_uri": "async+memory://"}
        )

    async def test_the_window_frees_up_as_time_passes(self, api: Api, clock: FakeClock) -> None:
        # burst 2 at 1 per second: 2 requests per 2 s window, windows aligned on the clock.
        align(clock, 2)
        assert (await api.follow("a", "b")).status_code == 201
        clock.advance(seconds=1)
        assert (await api.follow("a", "c")).status_code == 201
        refused = await api.follow("a", "d")
        assert_problem(refused, 429, "rate_limited")
        assert refused.headers["retry-after"] == "1"  # the window ends in 1 s
        clock.advance(seconds=1)
        # 201, not 200: the refused request did nothing. A new window: two more.
        assert (await api.follow("a", "d")).status_code == 201
        assert (await api.follow("a", "e")).status_code == 201
        assert_problem(await api.follow("a", "f"), 429, "rate_limited")
        clock.advance(seconds=2)
        assert (await api.follow("a", "f")).status_code == 201


@pytest.mark.parametrize(
    ("per_second", "burst", "amount", "seconds"),
    [(50, 100, 100, 2), (1, 2, 2, 2), (0.01, 2, 2, 200), (50, 10, 50, 1), (3, 10, 10, 3)],
)
def test_window_is_burst_per_burst_over_rate(
    per_second: float, burst: int, amount: int, seconds: int
) -> None:
    item = window(per_second, burst)
    assert (item.amount, item.seconds) == (amount, seconds)


async def test_tenant_settings_win_over_the_defaults(clock: FakeClock) -> None:
    limiter = TenantRateLimiter(
        MemoryStorage(),
        default_per_second=1,
        default_burst=1,
        now=lambda: clock.moment.timestamp(),
    )
    try:
        assert limiter.limit_for(TenantSettings(rate_limit_per_second=0)) is None
        own = limiter.limit_for(TenantSettings(rate_limit_per_second=10, rate_limit_burst=40))
        assert own is not None
        assert (own.amount, own.seconds) == (40, 4)
        default = limiter.limit_for(TenantSettings())
        assert default is not None
        assert (default.amount, default.seconds) == (1, 1)

        unlimited = TenantSettings(rate_limit_per_second=0)
        for _ in range(5):
            await limiter.admit("big", unlimited)
        await limiter.admit("small", TenantSettings())
        with pytest.raises(RateLimited) as refused:
            await limiter.admit("small", TenantSettings())
        assert refused.value.headers["Retry-After"] == "1"  # never below 1
    finally:
        limiter.close()


class TestHeadersAndTheOperatorsChange:
    """RateLimit headers on every limited answer; the operator changes a tenant's limit."""

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(
            update={"rate_limit_per_second": 1, "rate_limit_storage_uri": "async+memory://"}
        )

    @pytest.fixture(autouse=True)
    def storage_time(self, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
        fake_time = SimpleNamespace(time=lambda: clock.moment.timestamp())
        monkeypatch.setattr(limits.aio.storage.memory, "time", fake_time)

    async def test_every_limited_answer_carries_the_ratelimit_headers(
        self, api: Api, clock: FakeClock
    ) -> None:
        align(clock, 2)
        first = await api.follow("a", "b")
        assert first.status_code == 201
        assert first.headers["ratelimit-policy"] == '"tenant";q=2;w=2'
        assert first.headers["ratelimit"] == '"tenant";r=1;t=2'
        missing = await api.call("GET", "/v1/users/a/mutes/nobody")  # an error answer too
        assert missing.status_code == 404
        assert missing.headers["ratelimit"] == '"tenant";r=0;t=2'
        refused = await api.follow("a", "c")
        assert_problem(refused, 429, "rate_limited")
        assert refused.headers["ratelimit"] == '"tenant";r=0;t=2'
        assert refused.headers["retry-after"] == "2"

    async def test_the_operator_sets_a_tenants_rate_and_burst(
        self, api: Api, client: httpx.AsyncClient, tenant: dict[str, str], clock: FakeClock
    ) -> None:
        path = f"/v1/operator/tenants/{tenant['tenant_id']}/rate-limit"
        changed = await client.put(
            path, json={"per_second": 5, "burst": 10}, headers=operator_headers()
        )
        assert changed.status_code == 200, changed.text
        assert changed.json() == {"tenant_id": tenant["tenant_id"], "per_second": 5.0, "burst": 10}
        align(clock, 2)
        answers = [(await api.follow("a", f"u{n}")).status_code for n in range(11)]
        assert answers == [201] * 10 + [429]
        assert (await api.call("GET", "/v1/users/a/following")).headers[
            "ratelimit-policy"
        ] == '"tenant";q=10;w=2'
        shown = await client.get(
            f"/v1/operator/tenants/{tenant['tenant_id']}", headers=operator_headers()
        )
        assert shown.json()["settings"]["rate_limit_burst"] == 10
        back = await client.put(path, json={"per_second": None}, headers=operator_headers())
        assert back.json() == {"tenant_id": tenant["tenant_id"], "per_second": None, "burst": None}
        clock.advance(seconds=10)
        assert (await api.follow("a", "v")).headers["ratelimit-policy"] == '"tenant";q=2;w=2'
        unknown = await client.put(
            "/v1/operator/tenants/nobody/rate-limit",
            json={"per_second": 1},
            headers=operator_headers(),
        )
        assert_problem(unknown, 404, "not_found")
        refused = await client.put(path, json={"per_second": -1}, headers=operator_headers())
        assert_problem(refused, 422, "validation_error")


def test_the_default_suits_a_server_side_caller() -> None:
    defaults = Settings(mongodb_uri=None)
    assert defaults.rate_limit_per_second >= 500
    assert defaults.rate_limit_burst >= 2 * defaults.rate_limit_per_second


def test_a_redis_storage_is_offered() -> None:
    """A deployment with a Redis keeps the counters there (built lazily: nothing connects)."""
    storage = rate_limit_storage(
        Settings(mongodb_uri=None, rate_limit_storage_uri="async+redis://redis:6379")
    )
    assert isinstance(storage, RedisStorage)


async def test_one_storage_call_per_check_whatever_the_rate(clock: FakeClock) -> None:
    """The aligned window increments one counter and reads nothing else (the strategies of
    ``limits`` read their window stats in further calls)."""
    storage = MemoryStorage()
    calls: list[str] = []
    inside: list[str] = []  # the storage's calls to itself are not the limiter's
    limiter = TenantRateLimiter(
        storage, default_per_second=1000, default_burst=1000, now=clock.moment.timestamp
    )
    for name in ("incr", "get", "get_expiry", "get_moving_window", "acquire_entry"):
        method = getattr(storage, name)

        async def counted(*args: Any, _name: str = name, _method: Any = method, **kw: Any) -> Any:
            if not inside:
                calls.append(_name)
            inside.append(_name)
            try:
                return await _method(*args, **kw)
            finally:
                inside.pop()

        setattr(limiter.storage, name, counted)
    try:
        for _ in range(50):
            await limiter.admit("t", TenantSettings())
    finally:
        limiter.close()
    assert calls == ["incr"] * 50
