# The portal's image (target `app`): gunicorn serves the site; the same image
# runs the Celery worker, Celery beat and the migrate step. The last stage
# (target `proxy`) is the nginx in front of it, with this build's static files
# (see docker-compose.yml).
FROM python:3.11-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=config.settings.production

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin app

# WeasyPrint (the briefings' PDFs) draws text with Pango.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, from pyproject.toml (and the README its metadata names),
# so a code change reuses this layer. The project installs no package of its
# own ([tool.setuptools] packages = []): its code is copied into /app below.
COPY pyproject.toml README.md /tmp/build/
RUN pip install /tmp/build && rm -rf /tmp/build

WORKDIR /app
COPY . .

# Production settings refuse to load without their variables. This one step
# gets throwaway values that live only in its own environment: nothing is
# baked into the image, and collectstatic touches neither database nor Redis.
RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown app:app /app/media

# The code stays owned by root: the app user can read it, not change it.
USER app
EXPOSE 8000

# /healthz checks the database and Redis; it is answered before the Host
# header is validated, so probing by address works whatever ALLOWED_HOSTS is.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["gunicorn", "--config", "config/gunicorn.py"]

# The reverse proxy: nginx with deploy/nginx's configuration, rendered from the
# PORTAL_* variables when the container starts, and the static files collected
# above, so they always match the code they were built with.
FROM nginx:1.27 AS proxy
ENV NGINX_ENVSUBST_FILTER=^PORTAL_ \
    PORTAL_STATIC_ROOT=/srv/static \
    PORTAL_MEDIA_ROOT=/srv/media
COPY deploy/nginx/templates/ /etc/nginx/templates/
COPY --from=app /app/staticfiles/ /srv/static/
