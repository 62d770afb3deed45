# Alchemi Studio Console: the pinned LiteLLM proxy with the alchemi overlay.
# Build: docker build -t alchemi-console .   Run: see docker-compose.yml (needs DATABASE_URL).
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md LICENSE LICENSE-ALCHEMI ./
COPY alchemi ./alchemi
COPY prisma ./prisma
COPY schema.prisma ./
COPY scripts ./scripts
COPY ui ./ui
# Set before `alchemi setup`, so the branded dashboard and our pages are built into the cache the server reads.
ENV ALCHEMI_ENV=production \
    ALCHEMI_HOST=0.0.0.0 \
    PORT=4000 \
    ALCHEMI_DATA_DIR=/data \
    ALCHEMI_CACHE_DIR=/app/.cache
RUN pip install --no-cache-dir -e . \
 && alchemi setup --skip-database

EXPOSE 4000
RUN useradd --create-home --uid 10001 alchemi && mkdir -p /data && chown -R alchemi /data /app
USER alchemi
CMD ["alchemi", "serve"]
