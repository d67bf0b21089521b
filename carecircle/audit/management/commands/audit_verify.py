from django.core.management.base import BaseCommand, CommandError, CommandParser

from carecircle.audit import chain
from carecircle.audit.models import AuditChainHead, AuditEvent


class Command(BaseCommand):
    help = (
        "Check every audit chain: exit 0 when intact, otherwise name the first altered, "
        "removed, inserted or reordered entry and exit 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            help="A head saved earlier by audit_head: also detects removal of the newest entries.",
        )

    def handle(self, *args, head: str | None = None, **options) -> None:
        problems = []
        checked = 0
        for number in chain.chains():
            problems.extend(chain.verify_chain(number))
            checked += AuditEvent.objects.filter(chain=number).count()
            # Only the chain's own columns: the check works on a log of any version.
            stored = AuditChainHead.objects.filter(chain=number).values_list("seq", flat=True)
            stored_seq = stored.first()
            newest = AuditEvent.objects.filter(chain=number).order_by("-seq").first()
            if stored_seq and stored_seq > (newest.seq if newest else 0):
                problems.append(
                    chain.Problem(
                        number,
                        None,
                        stored_seq,
                        "the newest entries were removed (the chain head is further on)",
                    )
                )
        if head:
            try:
                problems.extend(chain.verify_head(head))
            except ValueError as error:
                raise CommandError(
                    f"The head is not in the form audit_head prints: {error}"
                ) from None
        if problems:
            for problem in problems:
                self.stderr.write(f"Audit log NOT intact: {problem}")
            raise CommandError("The audit log failed verification.")
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {checked} entries checked."))
