from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Casework"

    def ready(self):
        # The project navigation cannot import casework, so casework adds itself to it.
        from . import navigation, tasks  # noqa: F401 - registers the Celery tasks by name

        navigation.register()
