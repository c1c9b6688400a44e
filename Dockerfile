# OneSeal web / worker / beat image (one image, three commands in docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    ONESEAL_VAR_DIR=/var/lib/oneseal

# CJK fonts and Pango/HarfBuzz for the Chinese PDF documents (weasyprint).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 \
        libharfbuzz-subset0 curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY core ./core
COPY workdays ./workdays
COPY catalog ./catalog
COPY approvals ./approvals
COPY supervision ./supervision
COPY accountability ./accountability
RUN pip install .
COPY . .

RUN useradd --system --home /var/lib/oneseal oneseal \
 && mkdir -p /var/lib/oneseal && chown -R oneseal /var/lib/oneseal
# collectstatic needs settings that import cleanly without production secrets.
RUN DEBUG=0 SECRET_KEY=build-only-not-used-at-runtime python manage.py collectstatic --noinput
USER oneseal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "60", "--access-logfile", "-"]
