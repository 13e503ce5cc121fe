from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aktiv.lib import backups


class Command(BaseCommand):
    help = "Write a consistent backup of the database (safe while Aktiv is running)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="where to write it (default: var/backups/)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backups.backup(options["output"] or backups.default_path())
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
