from django.apps import AppConfig


class EheConfig(AppConfig):
    name = "ehe"
    verbose_name = "Accounts and roles"
