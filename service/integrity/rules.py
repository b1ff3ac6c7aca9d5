"""The invariants of rules 3-5 over one pair of users, as pure functions (no I/O, no HTTP).

``pair_state`` reads what the edges say; ``history_state`` reads what the pair's history says
(its last decisive events); ``violations`` compares them with each other and with the rules.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from models.enums import EventAction, RelationshipStatus, RelationshipType
from models.event import RelationshipEvent
from models.grant import ResourceGrant
from service.core.data.pair import Pair
from service.grants.rules import eligible


class Invariant(StrEnum):
    SURVIVED_BLOCK = "survived_block"  # friendship, request, follow or grant beside a block
    ONE_SIDED_FRIENDSHIP = "one_sided_friendship"  # one side accepted, the other not
    UNJUSTIFIED_GRANT = "unjustified_grant"  # no friendship or follow justifies it
    HISTORY_DISAGREES = "history_disagrees"  # the history's last word is not the state


@dataclass(frozen=True)
class Violation:
    invariant: Invariant
    a: str
    b: str
    detail: str


@dataclass(frozen=True)
class PairState:
    """The friendship (``none``, ``accepted``, ``pending:<requester>``, ``rejected``), the
    status of each follow, and whether each side keeps the other as a contact and blocks them
    (each keyed ``<owner>-><target>``), as one comparable value.

    Mutes are left out: they end by themselves (a TTL purge), which no event records.
    """

    friend: str = "none"
    following: dict[str, str | None] = field(default_factory=dict)
    contact: dict[str, bool] = field(default_factory=dict)
    blocked: dict[str, bool] = field(default_factory=dict)

    def as_details(self) -> dict[str, Any]:
        return {
            "friend": self.friend,
            "following": dict(self.following),
            "contact": dict(self.contact),
            "blocked": dict(self.blocked),
        }


def _direction(owner: str, target: str) -> str:
    return f"{owner}->{target}"


def pair_state(pair: Pair, a: str, b: str) -> PairState:
    mine, theirs = pair.edge(a, RelationshipType.FRIEND), pair.edge(b, RelationshipType.FRIEND)
    statuses = {e.status for e in (mine, theirs) if e is not None}
    friend = "none"
    if mine is not None and theirs is not None and statuses == {RelationshipStatus.ACCEPTED}:
        friend = "accepted"
    elif pending := next(
        (e for e in (mine, theirs) if e and e.status is RelationshipStatus.PENDING), None
    ):
        friend = f"pending:{pending.user_id}"
    elif RelationshipStatus.REJECTED in statuses:
        friend = "rejected"
    following: dict[str, str | None] = {}
    contact: dict[str, bool] = {}
    blocked: dict[str, bool] = {}
    for owner, target in ((a, b), (b, a)):
        direction = _direction(owner, target)
        edge = pair.edge(owner, RelationshipType.FOLLOWING)
        following[direction] = edge.status.value if edge else None
        contact[direction] = pair.edge(owner, RelationshipType.CONTACT) is not None
        blocked[direction] = pair.edge(owner, RelationshipType.BLOCKED) is not None
    return PairState(friend, following, contact, blocked)


_FRIEND_OUTCOMES = {
    EventAction.FRIEND_ACCEPTED: "accepted",
    EventAction.FRIEND_REJECTED: "rejected",
    EventAction.FRIEND_CANCELLED: "none",
    EventAction.FRIEND_REMOVED: "none",
}
_FOLLOW_OUTCOMES: dict[EventAction, str | None] = {
    EventAction.FOLLOW: RelationshipStatus.ACTIVE.value,
    EventAction.FOLLOW_APPROVED: RelationshipStatus.ACTIVE.value,
    EventAction.FOLLOW_REQUESTED: RelationshipStatus.PENDING.value,
    EventAction.FOLLOW_REJECTED: RelationshipStatus.REJECTED.value,
    EventAction.UNFOLLOW: None,
    EventAction.FOLLOWER_REMOVED: None,
}
# Actions that say whether the owner keeps the target as a contact, or blocks them.
_CONTACT_OUTCOMES = {EventAction.CONTACT_SAVED: True, EventAction.CONTACT_REMOVED: False}
_BLOCK_OUTCOMES = {EventAction.BLOCK: True, EventAction.UNBLOCK: False}


def about_pair(events: Iterable[RelationshipEvent], a: str, b: str) -> list[RelationshipEvent]:
    """The events that decided something between ``a`` and ``b``, newest first."""
    found = {
        e.id: e
        for e in events
        if {e.owner, e.target} == {a, b}
        or (e.action is EventAction.USER_ERASED and e.owner in (a, b))
    }
    return sorted(found.values(), key=lambda e: str(e.id), reverse=True)


def history_state(events: Sequence[RelationshipEvent], a: str, b: str) -> PairState:
    """What the pair's history (``about_pair``, newest first) says the state is."""
    friend: str | None = None
    following: dict[str, str | None] = {}
    contact: dict[str, bool] = {}
    blocked: dict[str, bool] = {}
    directions = (_direction(a, b), _direction(b, a))
    for event in events:
        if event.action is EventAction.USER_ERASED:  # nothing was left between the two
            friend = friend or "none"
            for each in directions:
                following.setdefault(each, None)
                contact.setdefault(each, False)
                blocked.setdefault(each, False)
            continue
        if event.action is EventAction.REPAIRED:  # the state a repair left, in part or whole
            said = event.details
            if friend is None and "friend" in said:
                friend = str(said["friend"])
            for name, known in (
                ("following", following),
                ("contact", contact),
                ("blocked", blocked),
            ):
                for each, value in dict(said.get(name) or {}).items():
                    if each in directions:
                        known.setdefault(each, value)
            continue
        edge_direction = _direction(event.owner, event.target)
        if event.action in _CONTACT_OUTCOMES:
            contact.setdefault(edge_direction, _CONTACT_OUTCOMES[event.action])
        elif event.action in _BLOCK_OUTCOMES:
            blocked.setdefault(edge_direction, _BLOCK_OUTCOMES[event.action])
        if event.action is EventAction.BLOCK:
            ended = event.details.get("ended", [])
            if friend is None and any(e.startswith(f"{RelationshipType.FRIEND}:") for e in ended):
                friend = "none"
            for direction in directions:
                if any(e.startswith(f"{RelationshipType.FOLLOWING}:{direction}:") for e in ended):
                    following.setdefault(direction, None)
        elif friend is None and event.action is EventAction.FRIEND_REQUESTED:
            friend = f"pending:{event.owner}"
        elif friend is None and event.action in _FRIEND_OUTCOMES:
            friend = _FRIEND_OUTCOMES[event.action]
        elif event.action in _FOLLOW_OUTCOMES:
            following.setdefault(
                _direction(event.owner, event.target), _FOLLOW_OUTCOMES[event.action]
            )
        if friend is not None and all(
            len(known) == len(directions) for known in (following, contact, blocked)
        ):
            break
    return PairState(
        friend or "none",
        {d: following.get(d) for d in directions},
        {d: contact.get(d, False) for d in directions},
        {d: blocked.get(d, False) for d in directions},
    )


def violations(
    pair: Pair,
    a: str,
    b: str,
    *,
    grants: Sequence[ResourceGrant],
    history: Sequence[RelationshipEvent],
) -> list[Violation]:
    """Every broken invariant between ``a`` and ``b``."""
    found: list[Violation] = []

    def broken(invariant: Invariant, detail: str) -> None:
        found.append(Violation(invariant, a, b, detail))

    state = pair_state(pair, a, b)
    if pair.blocked:
        survivors = [
            f"{e.type}:{e.user_id}->{e.target_user_id}"
            for e in pair
            if e.type in (RelationshipType.FRIEND, RelationshipType.FOLLOWING)
        ]
        if survivors or grants:
            broken(Invariant.SURVIVED_BLOCK, f"{survivors} and {len(grants)} grant(s)")
    mine, theirs = pair.edge(a, RelationshipType.FRIEND), pair.edge(b, RelationshipType.FRIEND)
    accepted = [e is not None and e.status is RelationshipStatus.ACCEPTED for e in (mine, theirs)]
    if any(accepted) and not all(accepted):
        broken(
            Invariant.ONE_SIDED_FRIENDSHIP,
            f"{a}: {mine and mine.status}, {b}: {theirs and theirs.status}",
        )
    if not pair.blocked:
        unjustified = [
            g for g in grants if not eligible(pair, owner=g.owner_id, grantee=g.grantee_id)
        ]
        if unjustified:
            broken(Invariant.UNJUSTIFIED_GRANT, f"{len(unjustified)} grant(s) without a connection")
    said = history_state(history, a, b)
    if said != state:
        broken(
            Invariant.HISTORY_DISAGREES,
            f"history says {said.as_details()}, state is {state.as_details()}",
        )
    return found
