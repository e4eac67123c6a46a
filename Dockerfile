# One image for web, worker and beat. Stage 1 builds the front-end assets from npm packages.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./frontend
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=ehe.settings.production
# Pango and fonts for WeasyPrint; the PostgreSQL client for operations.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    fonts-liberation postgresql-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir -r requirements/base.txt
COPY . .
COPY --from=assets /app/assets/dist ./assets/dist
# collectstatic needs settings to import; this key and these addresses exist only during the
# build step (nothing connects to them: collectstatic touches neither database nor broker).
RUN SECRET_KEY=build-only-key-build-only-key-build-only-key-build-only \
    ALLOWED_HOSTS=build.invalid DATABASE_URL=postgres://build@build.invalid/build \
    CELERY_BROKER_URL=redis://build.invalid:6379/0 python manage.py collectstatic --noinput \
 && useradd --system --uid 10001 --home /app ehe \
 && mkdir -p /app/var/media && chown -R ehe /app/var
USER ehe
EXPOSE 8000
CMD ["gunicorn", "ehe.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
