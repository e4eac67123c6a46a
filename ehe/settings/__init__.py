"""Settings live in base.py (read from the environment) with thin per-environment modules.

- ``ehe.settings.dev``: the zero-setup default used by ``manage.py`` and ``make run``.
- ``ehe.settings.production``: used by gunicorn, Celery and the container image.
- ``ehe.settings.test``: used by pytest.
"""
