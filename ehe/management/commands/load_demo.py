from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ehe.demo import DEMO_PASSWORD, demo_users_ensure


class Command(BaseCommand):
    help = "Create invented demo data and one demo account per role (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run even though DEBUG is off (for a throwaway demo server only).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: demo accounts have a published "
                "password. Use --allow-without-debug only on a throwaway demo server."
            )
        accounts = demo_users_ensure()
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account, _user in accounts:
            self.stdout.write(f"  {account.role.label:<14} username: {account.username}")
