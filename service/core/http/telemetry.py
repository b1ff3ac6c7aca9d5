"""OpenTelemetry traces, on when an exporter is configured (``OTEL_EXPORTER_OTLP_ENDPOINT``)
or ``RELATIONSHIPS_TRACING=true``; off, nothing is wrapped and nothing is exported.

Request spans come from FastAPI's own telemetry (``FastAPI(telemetry=...)``), which also adds
the OTLP exporter named by the standard ``OTEL_*`` variables. Driver spans come from
``opentelemetry-instrumentation-pymongo``. The SDK, the exporter and the instrumentation are the
optional ``[otel]`` extra; our metrics are Prometheus' (``/metrics``) and our logs structlog's, so
FastAPI's OpenTelemetry metrics and logs stay off.
"""

import logging

from fastapi.telemetry import TelemetryConfig
from opentelemetry.trace import TracerProvider

from service.core.settings import Settings

log = logging.getLogger(__name__)


def telemetry_config(
    settings: Settings, tracer_provider: TracerProvider | None = None
) -> TelemetryConfig:
    if not settings.tracing_enabled:
        return {"tracing": False, "metrics": False, "logs": False, "auto_configure": False}
    return {
        "tracing": True,
        "metrics": False,
        "logs": False,
        "auto_configure": True,
        "tracer_provider": tracer_provider,
    }


def instrument_driver(tracer_provider: TracerProvider | None = None) -> None:
    """Trace every MongoDB command (process-wide: PyMongo's listeners are global)."""
    try:
        from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
    except ImportError:
        log.warning(
            "tracing is on but opentelemetry-instrumentation-pymongo is missing "
            "(install the [otel] extra): no database spans"
        )
        return
    instrumentor = PymongoInstrumentor()
    if not instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.instrument(tracer_provider=tracer_provider)
