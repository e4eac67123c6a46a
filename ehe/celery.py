"""The Celery application. Workers and beat default to production settings; tasks are found
in each app's tasks.py. With no broker configured, Django settings make tasks run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ehe.settings.production")

app = Celery("ehe")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
