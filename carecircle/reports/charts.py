"""Bar charts drawn on the server as SVG: no chart library, nothing from a CDN, and
nothing for a content security policy to refuse (attributes only, no inline style).

Each chart carries a title and a description (``<title>``/``<desc>``, named by
``aria-labelledby``) and is shown beside its data as a table, which is the text
alternative for anyone who cannot see the bars."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# USWDS colours with at least 3:1 contrast against white, told apart also by the legend.
COLOURS = ("#005ea2", "#c05600", "#538200", "#783cb9")
WIDTH = 680
LABEL_WIDTH = 250
VALUE_WIDTH = 70
BAR_HEIGHT = 18
GAP = 12
LEGEND_HEIGHT = 26

Value = int | Decimal | None


LABEL_CHARACTERS = 34


def _short(label: str) -> str:
    """Long labels are cut to fit beside the bars; the table beside the chart and the
    chart's description carry them whole."""
    label = str(label)
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def _text(value: Value, unit: str, missing: str) -> str:
    if value is None:
        return missing
    return f"{value}{unit}"


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Value]]],
    unit: str = "",
    maximum: Value = None,
    missing: str | None = None,
) -> SafeString:
    """Horizontal bars, one group per label and one bar per series in each group. A
    value of None draws no bar and says ``missing`` ("hidden" unless told otherwise)."""
    missing = missing if missing is not None else _("hidden")
    values = [v for _name, vs in series for v in vs if v is not None]
    top = maximum if maximum is not None else max(values, default=0)
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / float(top) if top else 0.0
    group = len(series) * BAR_HEIGHT + GAP
    legend = LEGEND_HEIGHT if len(series) > 1 else 0
    height = legend + group * len(labels) + GAP
    parts: list[SafeString] = []
    if len(series) > 1:
        x = LABEL_WIDTH
        for index, (name, _vs) in enumerate(series):
            parts.append(
                format_html(
                    '<rect x="{}" y="6" width="12" height="12" fill="{}"></rect>'
                    '<text x="{}" y="17" font-size="13">{}</text>',
                    x,
                    COLOURS[index % len(COLOURS)],
                    x + 16,
                    name,
                )
            )
            x += 24 + 8 * len(str(name))
    for row, label in enumerate(labels):
        y = legend + row * group + GAP
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" text-anchor="end">{}</text>',
                LABEL_WIDTH - 8,
                y + group / 2 - GAP / 2 + 4,
                _short(label),
            )
        )
        for index, (_name, vs) in enumerate(series):
            value = vs[row]
            bar_y = y + index * BAR_HEIGHT
            length = round(float(value) * scale, 1) if value else 0
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                    '<text x="{}" y="{}" font-size="12">{}</text>',
                    LABEL_WIDTH,
                    bar_y + 1,
                    length,
                    BAR_HEIGHT - 2,
                    COLOURS[index % len(COLOURS)],
                    LABEL_WIDTH + length + 4,
                    bar_y + BAR_HEIGHT - 5,
                    _text(value, unit, missing),
                )
            )
    body = format_html_join("", "{}", ((p,) for p in parts))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="cc-chart" role="img" '
        'viewBox="0 0 {} {}" width="100%" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#565c65"></line>{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        LABEL_WIDTH,
        legend,
        LABEL_WIDTH,
        height,
        mark_safe(body),  # noqa: S308 - built from format_html parts above
    )
