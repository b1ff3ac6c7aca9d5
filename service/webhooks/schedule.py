"""When a failed delivery is tried again: exponential backoff with jitter over about a day."""

import random
from datetime import timedelta

# After the first failure wait 5 s, after the second 5 min, ... (eight attempts, ~28 h).
RETRY_DELAYS: tuple[timedelta, ...] = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
JITTER = 0.1  # each wait is stretched or shrunk by up to a tenth, so retries do not stampede


def next_delay(failed_attempts: int, rng: random.Random) -> timedelta | None:
    """The wait after ``failed_attempts`` failures, or None: the schedule is spent."""
    if failed_attempts > len(RETRY_DELAYS):
        return None
    base = RETRY_DELAYS[failed_attempts - 1]
    return base * (1 + rng.uniform(-JITTER, JITTER))
