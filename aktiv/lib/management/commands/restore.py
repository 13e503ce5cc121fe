from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aktiv.lib import backups


class Command(BaseCommand):
    help = "Replace the database's content with a backup made by `aktiv backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm that the current data is replaced"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                "This replaces everything in the database with the backup. "
                "Stop Aktiv (web and worker) first, then run again with --yes."
            )
        try:
            backups.restore(options["path"])
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored from {options['path']}"))
