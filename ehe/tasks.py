from celery import shared_task


@shared_task(name="ehe.ping")
def ping() -> str:
    """Round trip used by health checks and the worker test: proves broker and worker agree."""
    return "pong"
