"""Mutual friends and followers you know: two users' sets intersected, the smaller one read."""
