"""Settings come from the environment; production refuses unsafe configurations. Each case
starts a fresh interpreter so the settings module is imported with exactly that environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "v8R2-kq9ZxN4pLm7Wc1Hs6Tb3Yd0Jf5Ug8Ea2Qr7Io4Pn9Ks1Mx6Lz3Bw0Cy5Dv8F"
# Production needs a real database and broker; these are never connected to here.
SERVICES = {
    "DATABASE_URL": "postgres://someone@db.invalid:5432/ehe",
    "CELERY_BROKER_URL": "redis://redis.invalid:6379/0",
}


def load_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.CELERY_TASK_ALWAYS_EAGER);"
        "print(settings.TIME_ZONE, settings.LANGUAGE_CODE, settings.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_zero_setup_default_is_sqlite_eager_london_english():
    result = load_settings("ehe.settings.dev")
    assert result.returncode == 0, result.stderr
    engine, eager, rest = result.stdout.splitlines()
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert rest == "Europe/London en-gb True"


def test_database_and_broker_come_from_the_environment():
    result = load_settings(
        "ehe.settings.dev",
        DATABASE_URL="postgres://someone@db.invalid:5432/ehe",
        CELERY_BROKER_URL="redis://redis.invalid:6379/0",
    )
    assert result.returncode == 0, result.stderr
    engine, eager, _ = result.stdout.splitlines()
    assert engine == "django.db.backends.postgresql"
    assert eager == "False"


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings(
        "ehe.settings.production", ALLOWED_HOSTS="ehe.example.invalid", **SERVICES
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = load_settings("ehe.settings.production", SECRET_KEY="short", **SERVICES)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug():
    result = load_settings(
        "ehe.settings.production", SECRET_KEY=STRONG_KEY, DEBUG="true", **SERVICES
    )
    assert result.returncode != 0
    assert "DEBUG must not be on" in result.stderr


def test_development_refuses_no_secret_key_once_debug_is_off():
    result = load_settings("ehe.settings.dev", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_starts_with_a_key_a_database_and_a_broker():
    result = load_settings("ehe.settings.production", SECRET_KEY=STRONG_KEY, **SERVICES)
    assert result.returncode == 0, result.stderr
    engine, eager, rest = result.stdout.splitlines()
    assert (engine, eager) == ("django.db.backends.postgresql", "False")
    assert rest == "Europe/London en-gb False"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DATABASE_URL", "DATABASE_URL must be set in production"),
        ("CELERY_BROKER_URL", "CELERY_BROKER_URL must be set in production"),
    ],
)
def test_production_refuses_to_fall_back_to_sqlite_or_in_process_jobs(missing, message):
    present = {name: value for name, value in SERVICES.items() if name != missing}
    result = load_settings("ehe.settings.production", SECRET_KEY=STRONG_KEY, **present)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_mistyped_boolean_is_refused_not_guessed():
    result = load_settings("ehe.settings.dev", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


@pytest.mark.parametrize("module", ["ehe.settings.production"])
def test_deploy_check_is_clean_for_production(module):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE=module,
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="ehe.example.invalid",
        **SERVICES,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
