"""The meeting summary as PDF, built only from what the viewer may see."""

from django.template.loader import render_to_string

from carecircle.sharing import policy
from carecircle.sharing.classes import PART_2_NOTICE_LONG, RecordClass


def summary_context(viewer, meeting, *, sections, action_items, attendance) -> dict:
    """What goes into the PDF. Court and probation parts are view only without a court
    order (``policy.can_download``): they stay out, and the PDF says how many did."""
    printable = [s for s in sections if policy.can_download(viewer, s)]
    items = [i for i in action_items if policy.can_download(viewer, i)]
    return {
        "meeting": meeting,
        "youth": meeting.youth,
        "sections": printable,
        "action_items": items,
        "attendance": attendance,
        "left_out": len(sections) - len(printable) + len(action_items) - len(items),
        "has_part_2": any(s.record_class == RecordClass.SUBSTANCE_USE for s in printable),
        "part_2_notice": PART_2_NOTICE_LONG,
        "time_zone": meeting.county.time_zone,
    }


def render_summary_html(context: dict) -> str:
    return render_to_string("meetings/summary_pdf.html", context)


def render_summary_pdf(context: dict) -> bytes:
    # Imported here: WeasyPrint needs Pango, which only PDF pages should depend on.
    from weasyprint import HTML

    # No base URL: the template carries its own styles and loads nothing from anywhere.
    return HTML(string=render_summary_html(context)).write_pdf()
