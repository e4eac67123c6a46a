"""A real Celery worker, started as its own process against the Redis broker, runs a task
sent from this process. Skips without Redis on a laptop; fails in CI (tests/conftest.py)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from ehe.celery import app
from ehe.tasks import ping
from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")


def redis_reachable(url: str) -> bool:
    if not url.startswith("redis://"):
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.mark.needs_redis
def test_real_worker_runs_a_task_from_the_broker():
    require_service(redis_reachable(BROKER), "CELERY_BROKER_URL does not reach a Redis server")
    queue = f"test-{uuid.uuid4().hex}"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="ehe.settings.test", CELERY_BROKER_URL=BROKER)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ehe",
            "worker",
            "--pool=solo",
            "--concurrency=1",
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
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        result = ping.apply_async(queue=queue)
        assert result.get(timeout=60) == "pong"
        assert result.successful()
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
