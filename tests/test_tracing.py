"""OpenTelemetry traces: request spans from FastAPI, command spans from the driver."""

from collections.abc import Iterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from service.app import create_app
from service.core.settings import Settings
from tests.conftest import make_tenant
from tests.helpers import Api


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    exported = InMemorySpanExporter()
    yield exported
    PymongoInstrumentor().uninstrument()  # PyMongo's listeners are process-wide


def test_tracing_follows_the_otlp_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", raising=False)
    assert Settings().tracing_enabled is False
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
    assert Settings().tracing_enabled is True
    monkeypatch.setenv("RELATIONSHIPS_TRACING", "false")
    assert Settings().tracing_enabled is False


async def test_requests_and_driver_calls_become_spans(
    settings: Settings, exporter: InMemorySpanExporter
) -> None:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = create_app(settings.model_copy(update={"tracing": True}), tracer_provider=provider)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            api = Api(client, (await make_tenant(client, "acme"))["app_key"])
            assert (await api.follow("alice", "bob")).status_code == 201
    spans = exporter.get_finished_spans()
    [request] = [s for s in spans if s.name == "PUT /v1/users/{user_id}/following/{other_id}"]
    if not settings.embedded:  # mongomock sends no commands, so only a server tier has these
        commands = [s.name for s in spans if s.context.trace_id == request.context.trace_id]
        assert any(name.endswith(".find") for name in commands), commands
        assert any(name.endswith(".insert") for name in commands), commands
