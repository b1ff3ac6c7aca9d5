"""Signed webhooks: a tenant's endpoints, told of every committed event (issue 17)."""
