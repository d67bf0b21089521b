"""Reading obligations and missing episodes for a request."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from carecircle.accounts.models import User
from carecircle.audit.actions import last_change, record_event
from carecircle.clocks.models import MissingEpisode, Obligation
from carecircle.lib.counting import counts_up_to
from carecircle.sharing import policy
from carecircle.sharing.access import read_protected_location, read_shared_item
from carecircle.youth.models import Youth

SCOPES = ("mine", "team", "county")
# On lists and in the header, a task due within this long is "due soon".
DUE_SOON = timedelta(hours=24)
# The header counts tasks up to this many, then says "99+"; the task list has them all.
HEADER_MOST = 99
# The header's counts are kept in the person's session while nothing in the county has
# changed, and for this long at most: what the clock alone changes (a task falling due)
# shows within it. See ``kept_header_counts``.
HEADER_KEEP_FOR = timedelta(minutes=1)
_KEPT_COUNTS = "cc_header_counts"


def open_obligations(viewer: User, youth: Youth) -> list[Obligation]:
    """The youth's open tasks the viewer may know of, in one query. A task started by an
    item hidden from the viewer is shown only to whose task it is and the coordinator:
    the task alone says that such an item exists (a clear concern in a child welfare
    screening, say)."""
    return list(
        policy.visible_obligations(
            viewer,
            Obligation.objects.open()
            .filter(youth=youth)
            .select_related("responsible_user")
            .order_by("due_at", "created_at", "id"),
            youth=youth,
        )
    )


def _mine(viewer: User) -> Q:
    roles = {m.role for m in policy.active_memberships(viewer)}
    return Q(responsible_user=viewer) | (
        Q(responsible_user__isnull=True, responsible_role__in=roles)
        & policy.of_visible_youth(viewer)
    )


def obligations_in_scope(viewer: User, scope: str) -> QuerySet[Obligation]:
    """Open obligations: the viewer's own; those of youth whose MDT the viewer is on;
    or, for the coordinator and supervisors, every youth they may see in the county."""
    if not policy.has_caseload(viewer):
        raise PermissionDenied(_("Your role has no tasks with deadlines."))
    base = Obligation.objects.open().filter(county_id=viewer.county_id)
    if scope == "team":
        qs = base.filter(youth__in=policy.team_youth_ids(viewer, timezone.now()))
    elif scope == "county":
        if not policy.can_see_county_clocks(viewer):
            raise PermissionDenied(_("The county view is for the coordinator and supervisors."))
        qs = base.filter(policy.of_visible_youth(viewer))
    else:
        qs = base.filter(_mine(viewer))
    return policy.visible_obligations(
        viewer,
        qs.select_related("youth", "responsible_user").order_by("due_at", "created_at", "id"),
    )


def header_counts(viewer: User, *, most: int | None = None) -> dict[str, int | str]:
    """Overdue and due-soon counts of the viewer's own tasks, in one query.

    With ``most`` (the header), a count above it is given as "``most``+" and no more than
    one task past it is read: a county's hundreds of open tasks are not all counted on
    every page. Without (the morning digest), the counts are exact."""
    if most is not None:
        return _up_to(_counted_up_to(viewer, most), most)
    mine, which = _own_tasks(viewer)
    return mine.aggregate(**{name: Count("pk", filter=q) for name, q in which.items()})


def _own_tasks(viewer: User) -> tuple[QuerySet[Obligation], dict[str, Q]]:
    now = timezone.now()
    mine = policy.without_sealed(
        viewer, Obligation.objects.open().filter(county_id=viewer.county_id), through="youth"
    ).filter(_mine(viewer))
    which = {
        "overdue": Q(due_at__lte=now),
        "due_soon": Q(due_at__gt=now, due_at__lte=now + DUE_SOON),
    }
    return mine, which


def _counted_up_to(viewer: User, most: int) -> dict[str, int]:
    """Each count, stopping at ``most`` + 1."""
    mine, which = _own_tasks(viewer)
    return counts_up_to({name: mine.filter(q) for name, q in which.items()}, most + 1)


def _up_to(counts: dict[str, int], most: int) -> dict[str, int | str]:
    # Translators: a count too long to give in the header: "99+" (as in "99+ overdue").
    more = _("%(most)s+") % {"most": most}
    return {name: more if n > most else n for name, n in counts.items()}


def kept_header_counts(request: HttpRequest) -> dict[str, int | str]:
    """The header's counts (``header_counts`` up to ``HEADER_MOST``), counted once and
    kept in the session while the county's last change (``audit.actions.last_change``:
    any task opened or met, a team, a role, an access or a sealing changed) is the same,
    for ``HEADER_KEEP_FOR`` at most. A page then reads one number instead of
    counting the person's tasks through the sharing policy."""
    viewer = request.user
    if viewer.county_id is None:
        return header_counts(viewer, most=HEADER_MOST)
    changed = last_change(viewer.county)
    now = timezone.now().timestamp()
    kept = request.session.get(_KEPT_COUNTS)
    if (
        isinstance(kept, dict)
        and kept.get("user") == viewer.pk
        and kept.get("changed") == changed
        and 0 <= now - kept.get("at", 0) < HEADER_KEEP_FOR.total_seconds()
    ):
        return _up_to(kept["counts"], HEADER_MOST)
    # The numbers are kept, not the words: the next page may be in another language.
    counts = _counted_up_to(viewer, HEADER_MOST)
    request.session[_KEPT_COUNTS] = {
        "user": viewer.pk,
        "changed": changed,
        "at": now,
        "counts": counts,
    }
    return _up_to(counts, HEADER_MOST)


def obligation_or_404(viewer: User, obligation_id) -> Obligation:
    """The obligation, if the viewer may see its youth and know of the task."""
    obligation = (
        Obligation.objects.filter(pk=obligation_id, county_id=viewer.county_id)
        .select_related("youth", "county", "responsible_user", "satisfied_by_user", "episode")
        .first()
    )
    if obligation is None or not policy.can_see_youth(viewer, obligation.youth):
        raise Http404(_("There is no task at this address that you can see."))
    if not policy.can_see_obligation(viewer, obligation):
        raise Http404(_("There is no task at this address that you can see."))
    decision = policy.decide(viewer, obligation)
    record_event(
        actor=viewer,
        action="obligation.view",
        obj=obligation,
        record_class=obligation.record_class,
        legal_basis=decision.basis if decision else "whose task it is",
        disclosure=decision.is_disclosure if decision else True,
    )
    return obligation


def episodes_for(viewer: User, youth: Youth) -> QuerySet[MissingEpisode]:
    return policy.visible_items(
        viewer,
        MissingEpisode.objects.filter(youth=youth).select_related("source_agency"),
        youth=youth,
    )


def episode_or_404(viewer: User, youth: Youth, episode_id) -> tuple[MissingEpisode, object]:
    """The episode if the viewer may see it (else 404); its read audited with its basis."""
    return read_shared_item(
        viewer,
        episodes_for(viewer, youth),
        episode_id,
        action="missing_episode.view",
        not_found=_("There is no missing episode at this address that you can see."),
    )


def episode_whereabouts(viewer: User, youth: Youth, episode_id) -> MissingEpisode:
    """The suspected whereabouts: a protected item, like a placement's address."""
    return read_protected_location(
        viewer,
        episodes_for(viewer, youth),
        episode_id,
        action="missing_episode.view_whereabouts",
        not_found=_("There is no missing episode at this address that you can see."),
        refused=_(
            "Where a missing youth may be is opened only by the coordinator, social "
            "workers, probation officers and supervisors."
        ),
    )
