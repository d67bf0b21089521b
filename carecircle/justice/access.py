"""Reading a youth's justice involvement for a request."""

from carecircle.accounts.models import User
from carecircle.justice.actions import KINDS
from carecircle.sharing import policy
from carecircle.youth.models import Youth


def justice_items(viewer: User, youth: Youth) -> dict[str, list]:
    """Each kind's records the viewer may see, one query a kind."""
    return {
        kind: list(
            policy.visible_items(
                viewer,
                model.objects.filter(youth=youth).select_related("source_agency"),
                youth=youth,
            )
        )
        for kind, model in KINDS.items()
    }
