"""Request-side lookups for county set-up pages."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from carecircle.accounts import lockout, sessions
from carecircle.accounts.models import County, Membership, User
from carecircle.accounts.roles import Role
from carecircle.sharing import policy


def county_for_admin(viewer: User) -> County:
    """The viewer's own county, if the viewer administers it."""
    if not policy.has_role(viewer, Role.COUNTY_ADMIN):
        raise PermissionDenied(_("Only the county administrator can change the county set-up."))
    return County.objects.select_related("composition_policy").get(pk=viewer.county_id)


def county_for_viewer(viewer: User) -> County:
    """The viewer's own county, for reading its MDT composition policy."""
    if viewer.county_id is None:
        raise PermissionDenied(_("This page belongs to county staff."))
    return County.objects.select_related("composition_policy").get(pk=viewer.county_id)


def person_for_admin(viewer: User, user_id: int) -> User:
    """A person of the viewer's county, for its administrator to act on.

    Other roles are refused (403); a person of another county, or none, is not found
    (404), so an administrator learns nothing of other counties' accounts.
    """
    county = county_for_admin(viewer)
    person = User.objects.filter(pk=user_id, county=county).select_related("county").first()
    if person is None:
        raise Http404(_("No person found at this address."))
    return person


def people_of_county(viewer: User) -> tuple[County, list[User]]:
    """The county's accounts, each with its roles, sessions in use and lock state.

    Four queries, however many people: the county, the people with their session
    counts, their memberships, and the lockouts.
    """
    county = county_for_admin(viewer)
    people = list(
        User.objects.filter(county=county)
        .annotate(
            sessions_in_use=Count(
                "sessions",
                filter=Q(sessions__expire_date__gt=sessions.in_use_after()),
                distinct=True,
            )
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("agency").order_by(
                    "agency__name", "role"
                ),
            )
        )
        .order_by("last_name", "first_name", "username")
    )
    locked = lockout.locked_usernames(person.username for person in people)
    for person in people:
        person.is_locked = person.username in locked
    return county, people
