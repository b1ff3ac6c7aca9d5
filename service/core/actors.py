"""Who is making a change (rule 12), as the credential says: recorded on every history event."""

from dataclasses import dataclass

from models.enums import ActorKind


@dataclass(frozen=True)
class Actor:
    kind: ActorKind = ActorKind.USER
    key_id: str | None = None  # the admin key's id (never the key)
    token_id: str | None = None  # the user token's id, when the user called with one


USER = Actor()
