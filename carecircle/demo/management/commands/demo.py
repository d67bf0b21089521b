from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecircle.accounts.models import County
from carecircle.clocks.sweep import sweep
from carecircle.demo.builder import (
    build_demo,
    demo_accounts,
    demo_api_token,
    make_departed_colleague,
)


class Command(BaseCommand):
    help = "Build fictional counties, agencies, staff and youth for a demonstration."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--counties", type=int, default=2, help="How many counties.")
        parser.add_argument("--youth", type=int, default=40, help="Youth in each county.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed for the same data.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has a county.",
        )

    def handle(self, *args, counties: int, youth: int, seed: int, if_empty: bool, **options):
        if counties < 1 or youth < 0:
            raise CommandError("Give at least one county and zero or more youth.")
        if County.objects.exists():
            if if_empty:
                self.stdout.write("The database already has data; the demo was not loaded.")
                return
            raise CommandError(
                "The database already has counties. Use a new database for the demo "
                "(delete var/carecircle.sqlite3, or point DATABASE_URL at an empty one)."
            )
        summary = build_demo(
            counties=counties,
            youth_per_county=youth,
            seed=seed,
            progress=lambda message: self.stdout.write(message),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {summary.counties} counties, {summary.agencies} agencies, "
                f"{summary.users} people, {summary.youth} youth."
            )
        )
        # One sweep now, so the overdue reports of the demo are already in the inboxes.
        swept = sweep()
        self.stdout.write(f"Clocks swept: {len(swept.notices)} notices in the inboxes.")
        self.stdout.write(
            "Reports: /reports/ (coordinators and supervisors; each coordinator's program "
            "report for the last quarter is queued for the worker), /reports/statewide/ "
            "(the state analyst), /public/statewide/ (anyone, no sign-in)."
        )
        departed = make_departed_colleague(County.objects.order_by("name").first())
        self.stdout.write(
            "People: /county/people/ (county administrators) disables, enables, unlocks and "
            f"signs out accounts; {departed.username} has left and is disabled."
        )
        token = demo_api_token()
        self.stdout.write(
            "API: /api/v1/docs/ describes it. A demo token of the first county's coordinator "
            f"(reads and writes youth records, expires in 30 days): {token}\n"
            f"  curl -H 'Authorization: Bearer {token}' http://127.0.0.1:8000/api/v1/youth/"
        )
        self.stdout.write(f"Every demo account's password: {settings.CARECIRCLE_DEMO_PASSWORD}")
        self.stdout.write(
            "After the password, the sign-in asks for an authenticator code: "
            "`python manage.py demo_code <username>` prints the one a demo account's app "
            "shows now."
        )
        for row in demo_accounts():
            place = row["county"] or "State program"
            self.stdout.write(f"  {row['username']:<32} {row['persona']:<20} {place}")
