"""A report table's cell, written in Python: a statewide page has thousands of them,
and an included template for each took most of the page's time."""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

_MARKED = '<span aria-hidden="true">{}</span><span class="usa-sr-only">{}</span>'


@register.simple_tag(takes_context=True)
def report_cell(context, value, suppressed: bool) -> str:
    """A count, a share in percent, or a mark read aloud: hidden (suppressed), none,
    none due."""
    if value is None:
        if suppressed:
            return format_html(_MARKED, "*", _("hidden"))
        return format_html(_MARKED, "—", _("none"))
    if value == "":
        return format_html(_MARKED, "—", _("none due"))
    shown = render_value_in_context(value, context)
    if hasattr(value, "as_tuple"):
        return format_html("{}%", shown)
    return shown
