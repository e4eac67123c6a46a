"""What the import commands share: reading the file, naming who ran the import, and printing
every problem before refusing."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from .csvfile import ImportRefused


def add_common_arguments(parser) -> None:
    parser.add_argument("file", help="path to the CSV file")
    parser.add_argument(
        "--by",
        metavar="USERNAME",
        help="the user the import is recorded against (default: recorded as the system)",
    )


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from exc


def acting_user(username: str | None):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"There is no active user called {username!r}.")
    return user


def refuse(command: BaseCommand, exc: ImportRefused) -> CommandError:
    """Write every problem to stderr and return the error the command raises."""
    for problem in exc.problems:
        command.stderr.write(str(problem))
    return CommandError(str(exc))
