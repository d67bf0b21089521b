from django.db import models
from django.utils.translation import gettext_lazy as _

# Entries without a county (a failed sign-in under an unknown name, the state
# analyst's reads) form their own chain.
NO_COUNTY_CHAIN = 0


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    DENIED = "denied", _("Denied")
    FAILURE = "failure", _("Failure")


class AuditEvent(models.Model):
    """One thing that happened: a read, a write, a disclosure, a sign-in.

    Rows are only ever added, through ``carecircle.audit.actions.record_event``. Each
    county's entries form a chain: every entry carries the HMAC of its own content and
    of the entry before it, under a key kept outside the database, so a changed,
    removed, inserted or reordered entry breaks the chain (``manage.py audit_verify``).
    The database refuses UPDATE and DELETE on this table (see migration 0002). On
    PostgreSQL it is partitioned by month of ``occurred_at`` (migration 0003, ``partitions.py``),
    so its primary key there is (id, occurred_at) and a position's uniqueness includes
    the time: the chain head's lock and ``audit_verify`` keep each position single.
    """

    chain = models.PositiveIntegerField(_("chain"))
    seq = models.PositiveBigIntegerField(_("position in chain"))
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    occurred_at = models.DateTimeField(_("time (UTC)"))
    # Plain columns rather than foreign keys: an entry must outlive whatever it names,
    # and must read the same as when it was written.
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_username = models.CharField(_("actor"), max_length=150, blank=True)
    actor_agency = models.CharField(_("actor's agency"), max_length=200, blank=True)
    county_id = models.BigIntegerField(_("county id"), null=True, blank=True)
    youth_id = models.UUIDField(_("youth"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    record_class = models.CharField(_("record class"), max_length=32, blank=True)
    purpose = models.CharField(_("purpose"), max_length=64, blank=True)
    legal_basis = models.CharField(_("basis"), max_length=64, blank=True)
    disclosure = models.BooleanField(_("disclosure"), default=False)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    # Kept as text, exactly as written, so that the entry's hash can be recomputed.
    source_address = models.CharField(_("source address"), max_length=45, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_one_entry_per_position")
        ]
        indexes = [
            models.Index(fields=["youth_id", "occurred_at"], name="audit_youth_time"),
            models.Index(fields=["county_id", "occurred_at"], name="audit_county_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action}"


class AuditChainHead(models.Model):
    """The newest entry of each chain; its row lock orders concurrent writers."""

    chain = models.PositiveIntegerField(unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default="")
    # The newest entry that recorded a change rather than a look: report figures kept
    # for the county (carecircle/reports/kept.py) and the header's task counts kept in a
    # session (carecircle/clocks/access.py) are good while it stays the same.
    changed_seq = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"chain {self.chain} at {self.seq}"


class AuditEventYouth(models.Model):
    """Which youth an entry concerns, when it concerns several (a list shown).

    An index for "who has seen this youth's record"; the entry's own detail, which is
    covered by its hash, lists the same youth.
    """

    event = models.ForeignKey(AuditEvent, on_delete=models.DO_NOTHING, db_constraint=False)
    youth_id = models.UUIDField(db_index=True)

    def __str__(self) -> str:
        return f"{self.event_id} → {self.youth_id}"
