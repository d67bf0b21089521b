from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carecircle.screening.loader import InstrumentDefinitionError, load_instruments


class Command(BaseCommand):
    help = "Load the screening instruments' YAML definitions; a changed file becomes a new version."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--directory", type=Path, help="Load from this folder instead of the shipped one."
        )

    def handle(self, *args, directory: Path | None = None, **options) -> None:
        try:
            results = load_instruments(directory)
        except InstrumentDefinitionError as error:
            raise CommandError(str(error)) from None
        if not results:
            self.stdout.write("No instrument files found.")
        for loaded in results:
            self.stdout.write(str(loaded))
