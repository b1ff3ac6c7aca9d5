"""The recount of ``relationships check``: every stored count against the edges it counts.

The check already reads every edge of the tenant in batches; each batch is added to a
:class:`Recount`, then the counter documents are read in batches and summed per user, and every
count that differs is a :class:`CountMismatch`. A repair adds the difference (so changes made
meanwhile, which move edges and counts together, stay counted) and records one ``repaired``
event per user. Run it on a quiet tenant: a change that lands between the two scans can show
as a mismatch that is not one (the next check finds it gone, or the repair's event says what
it added).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from models.enums import EventAction
from models.relationship import UserRelationship
from service.core.data.counting import Count, Tally
from service.core.steps.context import TenantContext
from service.core.steps.runner import Step, run_on_pairs

OPERATOR = "operator"


@dataclass(frozen=True)
class CountMismatch:
    user_id: str
    count: Count
    stored: int
    expected: int


class Recount:
    """What the counts should be, from the edges read so far."""

    def __init__(self) -> None:
        self._tally = Tally()

    def add(self, edges: Iterable[UserRelationship]) -> None:
        for edge in edges:
            self._tally.change(None, edge)

    async def mismatches(self, ctx: TenantContext, *, batch: int) -> list[CountMismatch]:
        """Every stored count that differs from the recount (counters read in batches)."""
        stored: dict[str, dict[Count, int]] = defaultdict(lambda: dict.fromkeys(Count, 0))
        after = None
        while documents := await ctx.counts.scan(after=after, limit=batch):
            after = documents[-1]["_id"]
            for document in documents:
                sums = stored[document["user_id"]]
                for count in Count:
                    sums[count] += int(document.get(count.value, 0))
        expected = self._tally.by_user()
        found = []
        for user in sorted(set(stored) | set(expected)):
            for count in Count:
                have, want = stored[user][count], expected.get(user, {}).get(count, 0)
                if have != want:
                    found.append(CountMismatch(user, count, stored=have, expected=want))
        return found


async def repair_counts(ctx: TenantContext, found: Sequence[CountMismatch]) -> int:
    """Set every mismatched count right, one step and one ``repaired`` event per user;
    returns how many users needed it."""
    by_user: dict[str, list[CountMismatch]] = defaultdict(list)
    for mismatch in found:
        by_user[mismatch.user_id].append(mismatch)
    for user, mismatches in sorted(by_user.items()):
        await run_on_pairs(ctx, (), _repair(user, mismatches))
    return len(by_user)


def _repair(user: str, mismatches: Sequence[CountMismatch]) -> Step[None]:
    async def step(ctx: TenantContext) -> None:
        await _correct(ctx, user, mismatches)

    return step


async def _correct(ctx: TenantContext, user: str, mismatches: Sequence[CountMismatch]) -> None:
    await ctx.counts.correct({user: {m.count: m.expected - m.stored for m in mismatches}})
    await ctx.events.append(
        actor=OPERATOR,
        owner=user,
        target=user,
        involves=[user],
        type=None,
        action=EventAction.REPAIRED,
        details={
            "counts": {m.count.value: {"was": m.stored, "now": m.expected} for m in mismatches}
        },
        visible_to=[],  # the tenant's audit trail only: nothing the user did
    )
