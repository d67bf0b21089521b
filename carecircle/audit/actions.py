"""Writing the audit log. Every other app's actions call ``record_event``."""

from typing import Any

from django.db import models
from django.utils import timezone

from carecircle.audit import context
from carecircle.audit.models import AuditEvent, Outcome


def record_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    county: Any = None,
    record_class: str = "",
    purpose: str = "",
    outcome: str = Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    """Add one entry to the audit log.

    Call it inside the same ``transaction.atomic`` block as the change it records, so
    that if the entry cannot be written the change is not kept either.
    """
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if county is None and obj is not None:
        county = getattr(obj, "county", None)
    if county is None and is_user:
        county = actor.county
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user else username,
        county=county,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        record_class=record_class,
        purpose=purpose,
        outcome=outcome,
        source_address=context.current().source_address,
        detail=detail or {},
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ, as {field: [old, new]}, for an update's entry."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }
