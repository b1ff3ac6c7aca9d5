"""Signing deliveries per the Standard Webhooks specification, with the ``standardwebhooks``
package; a rotated-out secret keeps signing beside the new one for a day."""

import base64
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from standardwebhooks.webhooks import Webhook as Signer

from models.webhook import SigningSecret

ROTATION_OVERLAP = timedelta(hours=24)
SECRET_BYTES = 32


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def live_secrets(kept: Sequence[SigningSecret], now: datetime) -> list[SigningSecret]:
    return [s for s in kept if s.expires_at is None or s.expires_at > now]


def rotated(kept: Sequence[SigningSecret], new: str, now: datetime) -> list[SigningSecret]:
    """``new`` signs from now on; every secret still live signs beside it for the overlap."""
    until = now + ROTATION_OVERLAP
    old = [
        SigningSecret(secret=s.secret, expires_at=min(s.expires_at or until, until))
        for s in live_secrets(kept, now)
    ]
    return [SigningSecret(secret=new), *old]


def signed_headers(
    kept: Sequence[SigningSecret], *, message_id: str, at: datetime, body: str
) -> dict[str, str]:
    """The three Standard Webhooks headers; one signature per live secret, space-separated
    (a receiver accepts the delivery when any of them verifies)."""
    signatures = [
        Signer(s.secret).sign(msg_id=message_id, timestamp=at, data=body)
        for s in live_secrets(kept, at)
    ]
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
        "content-type": "application/json",
    }
