FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements-runtime.lock pyproject.toml README.md ./
COPY service ./service
COPY models ./models
COPY indexes ./indexes
# Pinned dependencies from the lock, then the service itself without resolving anything again.
RUN pip install --no-cache-dir -r requirements-runtime.lock && pip install --no-cache-dir --no-deps .
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin relationships
USER 10001
EXPOSE 8000
# Ready = the database answers. No curl in slim images: the standard library asks; urlopen
# raises on the 503 /readyz gives while the database is away.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
# Exec form: the server is PID 1 and gets SIGTERM itself.
CMD ["relationships", "serve", "--host", "0.0.0.0", "--port", "8000"]
