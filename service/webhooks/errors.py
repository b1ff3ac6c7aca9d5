"""The webhooks' own problems."""

from service.core.errors import DomainError


class WebhookUrlRefused(DomainError):
    status = 422
    code = "webhook_url_refused"
    title = "The webhook URL is not https, or names a loopback, private or metadata address"
