"""pytest settings: the dev defaults with fast hashing. DATABASE_URL and CELERY_BROKER_URL
still come from the environment, so CI runs the same suite on PostgreSQL and Redis."""

from .dev import *  # noqa: F403
from .dev import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# Tests call tasks directly or through a real worker (tests marked needs_redis).
CELERY_TASK_ALWAYS_EAGER = True
# Serve the built assets straight from assets/dist (no collectstatic) in browser tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
