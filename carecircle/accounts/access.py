"""Request-side lookups for county set-up pages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from carecircle.accounts.models import County, User
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
