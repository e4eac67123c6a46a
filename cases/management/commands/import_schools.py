from django.core.management.base import BaseCommand

from cases.importing.command_support import (
    acting_user,
    add_common_arguments,
    read_file,
    refuse,
)
from cases.importing.csvfile import ImportRefused
from cases.importing.schools import COLUMNS, import_schools


class Command(BaseCommand):
    help = (
        "Load or refresh the schools list from a Get Information about Schools (GIAS) CSV "
        f"extract. Columns read: {', '.join(COLUMNS)}; others are ignored. All or nothing: "
        "any bad row and nothing is saved. See docs/import-schools.md."
    )

    def add_arguments(self, parser):
        add_common_arguments(parser)

    def handle(self, *args, **options):
        raw = read_file(options["file"])
        by = acting_user(options["by"])
        try:
            result = import_schools(raw, by=by)
        except ImportRefused as exc:
            raise refuse(self, exc) from exc
        counts = result.counts
        self.stdout.write(
            f"Schools: {counts.created} created, {counts.updated} updated, "
            f"{counts.unchanged} unchanged ({result.rows} rows read)."
        )
