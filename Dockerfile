# One image for the API and the workers; the spaCy model is installed (baked in) at build time.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY attribution ./attribution
COPY service ./service
COPY workers ./workers
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --upgrade pip && /opt/venv/bin/pip install .
# Smaller at no cost: compiled extensions lose their debug symbols (spaCy's, thinc's, blis's;
# numpy and the auditwheel-patched *.libs are left alone, as strip can break patched ELF
# files), and what only installs or tests packages goes (pip, setuptools, test suites).
# The engine then runs once on a sentence, so a broken library fails the build.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends binutils >/dev/null \
    && find /opt/venv -name '*.so' -path '*/site-packages/*' ! -path '*.libs/*' ! -path '*/numpy/*' \
       -exec strip --strip-unneeded {} + \
    && /opt/venv/bin/python -m pip uninstall -y -q pip setuptools \
    && rm -rf /opt/venv/lib/python3*/site-packages/*/tests /opt/venv/lib/python3*/site-packages/pkg_resources \
    && /opt/venv/bin/python -c "import attribution; r = attribution.default_engine().attribute('\"We will rebuild,\" said Ana Lima.'); assert r['quotes'][0]['speaker']['name'] == 'Ana Lima'"

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
