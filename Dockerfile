# Production image: gunicorn web, Celery worker and beat all run from it (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# gettext compiles translations; fonts-wqy-zenhei is the CJK font of the PDF reports (never committed);
# libldap and libsasl are what python-ldap (campus LDAP sign-on, the `ldap` extra) links against.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext fonts-wqy-zenhei libldap-2.5-0 libsasl2-2 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
# python-ldap compiles against the LDAP/SASL headers: installed for the build, removed after it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libldap2-dev libsasl2-dev \
 && pip install --upgrade pip && mkdir -p /tmp/empty && cp pyproject.toml /tmp/empty/ \
 && pip install "/tmp/empty[ldap]" && rm -rf /tmp/empty \
 && apt-get purge -y --auto-remove build-essential libldap2-dev libsasl2-dev \
 && rm -rf /var/lib/apt/lists/*
COPY . .
RUN SECRET_KEY=build-only-secret-key-build-only-secret-key-build-only ALLOWED_HOSTS=build \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput -v0 \
 && python manage.py compilemessages -v0 \
 && useradd --create-home --uid 1000 app && mkdir -p /app/media && chown -R app /app/media
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
