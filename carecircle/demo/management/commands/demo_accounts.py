import json

from django.core.management.base import BaseCommand, CommandParser

from carecircle.demo.builder import demo_accounts


class Command(BaseCommand):
    help = "List the demo sign-ins: username, persona, county and agency."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print JSON for tooling.")

    def handle(self, *args, **options) -> None:
        rows = demo_accounts()
        if options["json"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for row in rows:
            place = row["county"] or "State program"
            self.stdout.write(f"{row['username']:<32} {row['persona']:<20} {place}")
