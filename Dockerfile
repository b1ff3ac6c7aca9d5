FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md requirements-runtime.lock ./
COPY service ./service
COPY models ./models
COPY indexes ./indexes
RUN pip install --no-cache-dir -r requirements-runtime.lock && pip install --no-cache-dir --no-deps .
EXPOSE 8000
CMD ["relationships", "serve", "--host", "0.0.0.0", "--port", "8000"]
