"""Forms that render as accessible USWDS controls.

Hints and errors are tied to their control with ``aria-describedby``, and a control
with an error says so with ``aria-invalid``, so screen readers announce both.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeData, mark_safe

_WIDGET_CLASSES = {
    forms.CheckboxSelectMultiple: "usa-checkbox__input",
    forms.RadioSelect: "usa-radio__input",
    forms.CheckboxInput: "usa-checkbox__input",
    forms.Textarea: "usa-textarea",
    forms.Select: "usa-select",
    forms.SelectMultiple: "usa-select",
    forms.HiddenInput: "",
}


class UswdsFormMixin:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            css = next(
                (css for kind, css in _WIDGET_CLASSES.items() if isinstance(widget, kind)),
                "usa-input",
            )
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"  # type: ignore[index]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            widget = self.fields[name].widget  # type: ignore[attr-defined]
            error_id = f"{self[name].auto_id}-error"  # type: ignore[index]
            described = widget.attrs.get("aria-describedby", "")
            if error_id not in described:
                widget.attrs["aria-describedby"] = f"{error_id} {described}".strip()
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} usa-input--error".strip()


class LongSelect(forms.Select):
    """A select of hundreds of options (a county's staff), written out in Python: the
    same HTML as Django's template, which renders each option through two templates
    (30 ms for 400 people). The options are written straight from the choices, not
    through the widget's option dictionaries (6 ms for 400 people). Labels are written as
    text (names), not localised as dates or numbers would be; a select of several values
    or of grouped choices is left to Django."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        choices = list(self.choices)  # read once: a queryset's choices would query again
        if self.allow_multiple_selected or any(
            isinstance(label, (list, tuple)) for _value, label in choices
        ):
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            # Like Django's select, only the first option with the value is selected.
            selected = text in chosen
            if selected:
                chosen = set()
            shown = str(label) if isinstance(label, SafeData) else escape(str(label))
            options.append(
                f'<option value="{escape(text)}"{" selected" if selected else ""}>{shown}</option>'
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # noqa: S308 - each value and label escaped just above
        )
