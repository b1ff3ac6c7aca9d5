"""Lists: a user's private audiences (close friends, family, a team)."""
