from typing import Any

from django.http import HttpRequest

from carecircle.clocks.access import kept_header_counts
from carecircle.sharing import policy


def workspace(request: HttpRequest) -> dict[str, Any]:
    """What the header and navigation need: the county and which sections to show."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_caseload": policy.has_caseload(user),
        "nav_county_admin": policy.has_role(user, "county_admin"),
        "nav_auditor": policy.has_role(user, "auditor"),
        "nav_state": policy.is_state_analyst(user),
        "nav_reports": policy.can_see_county_reports(user),
        "nav_reviews": policy.can_review_break_glass(user),
        "nav_sealed": policy.can_manage_sealed_records(user),
        # Evaluated only where the template shows it.
        "unread_alerts": lambda: user.alerts.filter(read_at__isnull=True).count(),
        "task_counts": lambda: kept_header_counts(request),
    }
