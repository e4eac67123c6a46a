from django.core.management.base import BaseCommand
from django.utils import timezone

from cases.importing.command_support import (
    acting_user,
    add_common_arguments,
    read_file,
    refuse,
)
from cases.importing.csvfile import ImportRefused
from cases.importing.register_import import import_register


class Command(BaseCommand):
    help = (
        "Bring an existing EHE/CME register in from a CSV file, one row per episode. All or "
        "nothing: every bad row is reported (line, column, reason) and nothing is saved. "
        "Importing the same file again changes nothing. See docs/import-register.md."
    )

    def add_arguments(self, parser):
        add_common_arguments(parser)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change, without saving anything",
        )

    def handle(self, *args, **options):
        raw = read_file(options["file"])
        by = acting_user(options["by"])
        dry_run = options["dry_run"]
        try:
            result = import_register(raw, by=by, today=timezone.localdate(), dry_run=dry_run)
        except ImportRefused as exc:
            raise refuse(self, exc) from exc
        verb = "would be" if dry_run else "was"
        if dry_run:
            self.stdout.write("Dry run: the file is valid and nothing was saved.")
        self.stdout.write(
            f"{result.rows} rows read.\n"
            f"Children: {result.children_created} created, {result.children_updated} updated, "
            f"{result.children_unchanged} unchanged.\n"
            f"Episodes: {result.episodes_created} created, {result.episodes_updated} updated, "
            f"{result.episodes_unchanged} unchanged.\n"
            f"History rows added: {result.history_rows_added}; formal steps added: "
            f"{result.formal_steps_added}; unsuitable periods added: "
            f"{result.unsuitable_periods_added}; manager alerts raised: {result.alerts_raised}."
        )
        if not result.changes_anything:
            self.stdout.write(f"Nothing {verb} changed.")
