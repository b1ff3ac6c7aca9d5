FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY models ./models
COPY indexes ./indexes
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["relationships", "serve", "--host", "0.0.0.0", "--port", "8000"]
