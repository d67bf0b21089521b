from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecircle.accounts.models import User
from carecircle.demo.builder.mfa import demo_code


class Command(BaseCommand):
    help = (
        "Print the current sign-in code of a demo account, as its authenticator app would "
        "show it. Demo accounts only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        if not User.objects.filter(username=username).exists():
            raise CommandError(f"There is no account {username!r}. See manage.py demo_accounts.")
        self.stdout.write(demo_code(username))
