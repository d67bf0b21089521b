from datetime import date

from django import template

from carecircle.youth.models import Youth

register = template.Library()


@register.filter
def age_on(youth: Youth, day: date) -> int:
    return youth.age_on(day)
