from django.core.management.base import BaseCommand

from carecircle.audit.chain import head_token


class Command(BaseCommand):
    help = (
        "Print the newest position and hash of every audit chain. Keep it outside the "
        "database; 'audit_verify --head' then detects removal of the newest entries."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(head_token())
