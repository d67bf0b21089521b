from django.core.management.base import BaseCommand, CommandError

from carecircle.imports.models import ImportJob, ImportStatus
from carecircle.imports.tasks import check_import, commit_import


class Command(BaseCommand):
    help = "Run an import's dry run or commit now, in this process (the worker does the same)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("job_id")

    def handle(self, *args, job_id: str, **options) -> None:
        job = ImportJob.objects.filter(pk=job_id).first()
        if job is None:
            raise CommandError("No import with that id.")
        if job.status == ImportStatus.CHECKING:
            self.stdout.write(check_import.call(job_id))
        elif job.status == ImportStatus.IMPORTING:
            self.stdout.write(commit_import.call(job_id))
        else:
            raise CommandError(f"The import is {job.status}: nothing to run.")
