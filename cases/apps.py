from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Casework"

    def ready(self):
        # The project navigation cannot import casework, so casework adds itself to it.
        from . import navigation

        navigation.register()
