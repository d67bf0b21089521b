"""Forms that render as accessible USWDS controls.

Hints and errors are tied to their control with ``aria-describedby``, and a control
with an error says so with ``aria-invalid``, so screen readers announce both.
"""

from django import forms

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
