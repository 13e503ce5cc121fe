from typing import Any

from django.core.management.base import BaseCommand

from aktiv.home.demo import DEMO_PASSWORD, demo_backup_codes, load_demo


class Command(BaseCommand):
    help = "Load the demo organisation (Fjordvik kommune). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo-organisasjonen Fjordvik kommune er klar."))
        self.stdout.write(f"Alle demobrukere har passordet: {DEMO_PASSWORD}")
        for login in logins:
            self.stdout.write(f"  {login.role:<40} {login.email}")
        codes = demo_backup_codes()
        self.stdout.write(
            "HR logger inn med totrinnskode. Uten telefon: bruk en av disse reservekodene "
            "(hver virker én gang; kjør «aktiv demo» igjen for nye):"
        )
        self.stdout.write("  " + "  ".join(codes))
