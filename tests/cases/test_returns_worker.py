"""A school's return is routed by a real Celery worker (its own process) against Redis and the
same PostgreSQL database, after the submitting transaction commits. Skips on a laptop without
those services; fails instead in CI (tests/conftest.py)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from cases.models import DeletionReturn
from ehe.celery import app
from tests.cases.factories import SchoolFactory
from tests.cases.returns_helpers import submit
from tests.conftest import require_service
from tests.ehe.test_celery_worker import BROKER, redis_reachable

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.needs_redis, pytest.mark.django_db(transaction=True)]


def test_worker_routes_a_submitted_return(settings, tmp_path):
    require_service(redis_reachable(BROKER), "CELERY_BROKER_URL does not reach a Redis server")
    require_service(connection.vendor == "postgresql", "DATABASE_URL is not PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    queue = f"test-{uuid.uuid4().hex}"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="ehe.settings.test",
        CELERY_BROKER_URL=BROKER,
        DATABASE_URL=url,
        MEDIA_ROOT=str(tmp_path),
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ehe",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    eager, default_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        receipt = submit(SchoolFactory())
        assert receipt.created
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            routed = DeletionReturn.objects.get(pk=receipt.deletion_return.pk)
            if routed.outcome:
                break
            time.sleep(0.5)
        assert (routed.status, routed.outcome) == ("processed", "ehe_opened")
        assert routed.episode.kind == "ehe"
    finally:
        app.conf.task_always_eager = eager
        app.conf.task_default_queue = default_queue
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
