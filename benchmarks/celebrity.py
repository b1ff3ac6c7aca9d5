"""Prints figures, asserts nothing but exact counts: ``.venv-wire/bin/python -m
benchmarks.celebrity [--fans N] [--rounds R] [--modes leases[,transactions]]`` (the wire tier:
Python >= 3.13).

The celebrity race of issue 16, measured: N fans follow one target at once, beside N fans each
following a target of their own, against a served app over real sockets and the wire test
server. It prints both rates, the 409s and the ratio one-target / many-target (the goal: at
least 0.5: a burst on one user costs at most twice a burst spread over many), two ways:

- ``fresh``: each burst on a database of its own, the two kinds in alternating order, so that
  neither runs on what the other wrote (the ratio of the design);
- ``shared``: many targets, then one, on one database, as tests/wire/test_race_suite.py does.
  The wire test server (mongoeco's MemoryEngine) checks a compound unique index by reading every
  document of the collection on each write, so the burst that runs second pays for the first
  one's documents: this row shows what that order costs, not a difference of the follows.

With transactions on, the wire test server conflicts any two overlapping transactions whatever
they wrote (see the race suite), so those rows measure its retries more than ours.
"""

import argparse
import asyncio
import logging
import statistics
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from pymongo import MongoClient

from service.core.settings import Settings, TransactionMode
from tests.helpers import OPERATOR_TOKEN, Api, operator_headers
from tests.wire.served import served
from tests.wire.server import start_wire_server

MODES = {"leases": TransactionMode.OFF, "transactions": TransactionMode.ON}
Rates = dict[str, list[float]]
WIDTHS = (5, 9, 6, 9, 6, 8)  # of the columns after the first


@asynccontextmanager
async def tenant(uri: str, mode: TransactionMode) -> AsyncIterator[tuple[str, str]]:
    """A served app on a fresh database with one tenant: its URL and app key."""
    database = f"bench_{uuid.uuid4().hex[:10]}"
    settings = Settings(
        mongodb_uri=uri,
        database_name=database,
        operator_token=OPERATOR_TOKEN,
        transactions=mode,
        demo_tenant=False,
        rate_limit_per_second=0,
        log_level="warning",
        # Lost races are what is measured, not a busy machine's slowness: the longest budget.
        step_budget_seconds=300,
        lease_seconds=900,
    )
    try:
        with served(settings) as url:
            async with httpx.AsyncClient(base_url=url, timeout=60) as client:
                created = await client.post(
                    "/v1/operator/tenants",
                    json={"tenant_id": "bench", "name": "Bench"},
                    headers=operator_headers(),
                )
            yield url, created.json()["app_key"]
    finally:
        with MongoClient(uri) as mongo:
            mongo.drop_database(database)


async def burst(url: str, key: str, kind: str, fans: int, tag: str) -> tuple[float, int]:
    """Every fan follows its target at once (``kind``: one target or many): follows per second,
    and how many were answered 409. A client of its own: a connection left idle by an earlier
    burst may have been closed by the server."""
    celebrity = f"{tag}celebrity"
    targets = [celebrity] * fans if kind == "one" else [f"{tag}idol{i}" for i in range(fans)]
    limits = httpx.Limits(max_connections=fans)
    async with httpx.AsyncClient(base_url=url, timeout=900, limits=limits) as client:
        api = Api(client, key)
        started = time.perf_counter()
        answers = await asyncio.gather(
            *(api.follow(f"{tag}{kind}fan{i}", target) for i, target in enumerate(targets))
        )
        rate = fans / (time.perf_counter() - started)
        statuses = [r.status_code for r in answers]
        assert set(statuses) <= {201, 409}, statuses
        if kind == "one":
            counts = await api.ok("GET", f"/v1/users/{celebrity}/counts")
            assert counts["followers"] == statuses.count(201), (counts, statuses.count(201))
    return rate, statuses.count(409)


async def fresh(uri: str, mode: TransactionMode, fans: int, rounds: int) -> tuple[Rates, Rates]:
    rates: Rates = {"one": [], "many": []}
    conflicts: Rates = {"one": [], "many": []}
    for r in range(rounds):
        for kind in ("many", "one") if r % 2 == 0 else ("one", "many"):
            async with tenant(uri, mode) as (url, key):
                rate, lost = await burst(url, key, kind, fans, f"r{r}")
            rates[kind].append(rate)
            conflicts[kind].append(lost)
    return rates, conflicts


async def shared(uri: str, mode: TransactionMode, fans: int, rounds: int) -> tuple[Rates, Rates]:
    rates: Rates = {"one": [], "many": []}
    conflicts: Rates = {"one": [], "many": []}
    for r in range(rounds):
        async with tenant(uri, mode) as (url, key):
            for kind in ("many", "one"):
                rate, lost = await burst(url, key, kind, fans, f"r{r}")
                rates[kind].append(rate)
                conflicts[kind].append(lost)
    return rates, conflicts


def row(name: str, fans: int, rates: Rates, conflicts: Rates) -> str:
    one, many = statistics.median(rates["one"]), statistics.median(rates["many"])
    return (
        f"{name:<22}{fans:>5}{one:>9.1f}{sum(conflicts['one']):>6.0f}"
        f"{many:>9.1f}{sum(conflicts['many']):>6.0f}{one / many:>8.2f}"
    )


async def main(fans: int, rounds: int, modes: list[str]) -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    uri = start_wire_server()
    print(f"celebrity: {fans} follows at once of one target vs of {fans} targets")
    print(f"({rounds} rounds; rates are medians, 409s summed)")
    names = ("fans", "one/s", "409s", "many/s", "409s", "ratio")
    print(
        f"{'mode, database':<22}" + "".join(f"{n:>{w}}" for n, w in zip(names, WIDTHS, strict=True))
    )
    for name in modes:
        for how, measure in (("fresh", fresh), ("shared", shared)):
            rates, conflicts = await measure(uri, MODES[name], fans, rounds)
            print(row(f"{name}, {how}", fans, rates, conflicts))
    print("one-target rate / many-target rate: the last column (goal >= 0.5)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--fans", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--modes", default="leases")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.fans, arguments.rounds, arguments.modes.split(",")))
