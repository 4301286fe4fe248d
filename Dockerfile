# Production image: gunicorn web, Celery worker and beat share it (nginx runs the official image in front:
# docker-compose.yml; web collects the static files into the shared /data/static volume at start).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b gettext postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN DJANGO_SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py compilemessages -v 0 --ignore=.venv \
 && DJANGO_SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput -v 0 \
 && useradd --system --uid 1000 ocop && mkdir -p /data/media /data/static /data/tmp /data/backups && chown -R ocop /data
USER ocop
EXPOSE 8000
CMD ["gunicorn", "ocop_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
