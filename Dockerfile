# One image for the API and the workers; the spaCy model is installed (baked in) at build time.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY attribution ./attribution
COPY service ./service
COPY workers ./workers
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --upgrade pip && /opt/venv/bin/pip install .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home /app attrib
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY openapi.yaml ./openapi.yaml
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    ATTRIB_BIND=0.0.0.0:8000 \
    ATTRIB_FORWARDED_ALLOW_IPS=* \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus \
    ATTRIB_OPENAPI_PATH=/app/openapi.yaml
USER attrib
EXPOSE 8000
# the model loads at build-verified import time, never downloaded at run time
RUN python -c "import attribution; attribution.default_engine()"
CMD ["sh", "-c", "mkdir -p $PROMETHEUS_MULTIPROC_DIR && exec gunicorn -c python:service.gunicorn_conf service.wsgi:app"]
