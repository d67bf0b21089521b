"""Reading obligations for a request."""

from carecircle.accounts.models import User
from carecircle.clocks.models import Obligation
from carecircle.sharing import policy
from carecircle.youth.models import Youth


def open_obligations(viewer: User, youth: Youth, *, visible_items: list) -> list[Obligation]:
    """The youth's open tasks the viewer may know of, in one query.

    ``visible_items`` are the items the page already read through the policy: a task
    started by one of them may be shown; a task started by an item hidden from the
    viewer is shown only to those whose task it is, since the task alone says such an
    item exists (a clear concern in a child welfare screening, say).
    """
    shown = {(item._meta.model_name, str(item.pk)) for item in visible_items}
    return [
        obligation
        for obligation in Obligation.objects.open().filter(youth=youth).order_by("created_at", "id")
        if policy.can_see_obligation(
            viewer,
            obligation,
            trigger_visible=(obligation.trigger_kind, obligation.trigger_id) in shown,
        )
    ]
