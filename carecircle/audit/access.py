"""Who may read the audit log: the county's auditors, for their own county only."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.accounts.roles import Role
from carecircle.audit.models import AuditEvent
from carecircle.sharing import policy


def county_log(viewer: User) -> QuerySet[AuditEvent]:
    if not policy.has_role(viewer, Role.AUDITOR):
        raise PermissionDenied(_("Only the county's auditors can read the audit log."))
    return AuditEvent.objects.filter(county_id=viewer.county_id).order_by("-id")
