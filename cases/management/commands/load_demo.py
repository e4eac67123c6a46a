import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.demo import (
    DEFAULT_CHILDREN,
    DEFAULT_SEED,
    borough_exists,
    build_borough,
    demo_team_ensure,
    plan_borough,
    shape,
)
from cases.demo.returns import demo_returns_submit
from cases.demo.schools import demo_urn
from cases.models import School
from cases.services import refresh_due_dates
from cases.services.school_accounts import school_membership_set
from ehe.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Create the demo team (one account per role plus four more officers and a second "
        "manager) and an invented borough: about 800 children across every case state, with "
        "three years of history built back from today. Development only. "
        "Running it again repairs the demo accounts and refreshes due dates but leaves an "
        "existing borough as it is (it is never duplicated); to rebuild it, start from an "
        "empty database. The same --seed, --children and date give the same borough."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run even though DEBUG is off (for a throwaway demo server only).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed for the borough (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--children",
            type=int,
            default=DEFAULT_CHILDREN,
            help=f"How many children the borough holds (default {DEFAULT_CHILDREN}).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: demo accounts have a published "
                "password. Use --allow-without-debug only on a throwaway demo server."
            )
        if options["children"] < 1:
            raise CommandError("--children must be at least 1.")
        today = timezone.localdate()
        accounts = demo_team_ensure()
        if borough_exists():
            refresh_due_dates(today=today)
            self.stdout.write(
                "The demo borough is already loaded; left as it is (due dates refreshed)."
            )
        else:
            started = time.monotonic()
            users = {account.username: user for account, user in accounts}
            try:
                plan = plan_borough(seed=options["seed"], today=today, children=options["children"])
                result = build_borough(plan, users=users)
            except Exception as exc:
                # One line for the person running it; --traceback shows the cause in full.
                reason = " ".join(str(exc).split()) or type(exc).__name__
                raise CommandError(
                    f"The demo borough could not be built for {today:%-d %B %Y} with seed "
                    f"{options['seed']}: {reason}. Nothing was saved. Try another --seed, or "
                    "run again with --traceback for the details."
                ) from exc
            figures = shape(plan)
            self.stdout.write(
                f"Demo borough loaded in {time.monotonic() - started:.0f}s: "
                f"{result.children} children, {result.episodes} cases; open today: "
                f"{figures['open_ehe']} EHE, {figures['open_cme']} CME, "
                f"{figures['open_involvements']} considering EHE."
            )
        new_returns = demo_returns_submit(today=today)
        if new_returns:
            self.stdout.write(f"{new_returns} invented school returns sent to the front door.")
        # The demo school account belongs to the borough's first school.
        school_user = next(user for account, user in accounts if account.username == "school")
        first_school = School.objects.get(urn=demo_urn(0))
        if getattr(school_user, "school_membership", None) is None:
            school_membership_set(by=None, user=school_user, school=first_school, channel="demo")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account, _user in accounts:
            self.stdout.write(f"  {account.role.label:<14} username: {account.username}")
        self.stdout.write(f"  (the school account sends returns for {first_school.name})")
