from datetime import date

from django import template

from carecircle.youth.models import Youth

register = template.Library()


@register.filter
def age_on(youth: Youth, day: date) -> int:
    return youth.age_on(day)


@register.filter
def shown_to(agencies, viewer) -> list:
    """Agencies involved with a youth, less those whose involvement is protected."""
    from carecircle.sharing.policy import shown_agencies

    return shown_agencies(viewer, agencies)


@register.filter
def race_labels(youth: Youth) -> str:
    from carecircle.youth.models import Race

    return ", ".join(str(Race(code).label) for code in youth.races if code in Race.values)
