from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.models import Agency
from carecircle.lib.forms import UswdsFormMixin
from carecircle.screening.models import Instrument, InstrumentVersion, Level, ScreeningContext
from carecircle.sharing.items import class_choices

ITEM_PREFIX = "item_"


class InstrumentChoiceForm(UswdsFormMixin, forms.Form):
    """The first step: which instrument, and why the youth is screened now."""

    instrument = forms.ChoiceField(label=_("Screening to record"), widget=forms.RadioSelect)
    context = forms.ChoiceField(
        label=_("Why the youth is screened now"),
        choices=ScreeningContext.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, instruments: list[Instrument], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [(i.key, i.name) for i in instruments]


class ScreeningForm(UswdsFormMixin, forms.Form):
    """What every screening records; subclasses add the answers or the external result."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    agency = forms.ModelChoiceField(
        label=_("Recorded for"), queryset=Agency.objects.none(), empty_label=None
    )
    record_class = forms.ChoiceField(
        label=_("Kind of record"), help_text=_("This decides who on the team may see it.")
    )
    context = forms.ChoiceField(
        label=_("Why the youth is screened now"),
        choices=ScreeningContext.choices,
        widget=forms.RadioSelect,
    )
    screened_on = forms.DateField(
        label=_("Screened on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    screener = forms.CharField(
        label=_("Screener"),
        max_length=200,
        help_text=_("The person who did the screening. Your name is filled in."),
    )

    def __init__(self, *args, agencies: list, version: InstrumentVersion, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instrument_version = version
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        # A screening result is for the whole MDT: offer the general class first.
        self.fields["record_class"].choices = class_choices(agencies, first="general")

    def common_data(self) -> dict:
        data = self.cleaned_data
        return {
            "agency": data["agency"],
            "record_class": data["record_class"],
            "context": data["context"],
            "screened_on": data["screened_on"],
            "screener": data["screener"],
        }


class ScoredScreeningForm(ScreeningForm):
    """One question per item of the version; the choices post option keys only."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        definition = self.instrument_version.definition
        for item in definition["items"]:
            self.fields[ITEM_PREFIX + item["key"]] = forms.ChoiceField(
                label=item["text"],
                help_text=item.get("help", ""),
                required=not item.get("optional", False),
                choices=[(o["key"], o["label"]) for o in item["options"]],
                widget=forms.RadioSelect,
            )
        # UswdsFormMixin styled the fields that existed when it ran: style the items too.
        for name, field in self.fields.items():
            if name.startswith(ITEM_PREFIX):
                field.widget.attrs["class"] = "usa-radio__input"
                if field.help_text:
                    field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def groups(self) -> list[tuple[str, list]]:
        """The questions under their indicator group's heading, in the definition's order."""
        definition = self.instrument_version.definition
        return [
            (
                group["label"],
                [
                    self[ITEM_PREFIX + item["key"]]
                    for item in definition["items"]
                    if item["group"] == group["key"]
                ],
            )
            for group in definition["indicator_groups"]
        ]

    def common_fields(self) -> list:
        return [self[name] for name in self.fields if not name.startswith(ITEM_PREFIX)]

    def action_data(self) -> dict:
        answers = {
            name.removeprefix(ITEM_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(ITEM_PREFIX) and value
        }
        return {**self.common_data(), "answers": answers}


class ResultOnlyScreeningForm(ScreeningForm):
    """The result of another tool: never its questions."""

    tool_name = forms.CharField(
        label=_("Name of the screening tool"),
        max_length=200,
        help_text=_(
            "For example CSE-IT. Record only the result: do not type the tool's questions "
            "or item text anywhere in this form. Many tools are licensed, and Care Circle "
            "keeps their results, never their content."
        ),
    )
    tool_version = forms.CharField(label=_("Tool version"), max_length=50, required=False)
    level = forms.ChoiceField(
        label=_("Overall level"), choices=Level.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rows = self.instrument_version.definition.get("indicator_rows", 0)
        self.row_count = rows
        for number in range(1, rows + 1):
            self.fields[f"indicator_{number}_name"] = forms.CharField(
                label=_("Indicator %(number)s: name") % {"number": number},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"class": "usa-input"}),
            )
            self.fields[f"indicator_{number}_level"] = forms.ChoiceField(
                label=_("Indicator %(number)s: level") % {"number": number},
                choices=[("", _("No level")), *Level.choices],
                required=False,
                widget=forms.Select(attrs={"class": "usa-select"}),
            )

    def clean(self) -> dict:
        data = super().clean()
        for number in range(1, self.row_count + 1):
            name = data.get(f"indicator_{number}_name", "").strip()
            level = data.get(f"indicator_{number}_level", "")
            if name and not level:
                self.add_error(f"indicator_{number}_level", _("Choose the indicator's level."))
            if level and not name:
                self.add_error(f"indicator_{number}_name", _("Name the indicator."))
        return data

    def common_fields(self) -> list:
        return [self[name] for name in self.fields if not name.startswith("indicator_")]

    def indicator_rows(self) -> list[tuple]:
        return [
            (self[f"indicator_{n}_name"], self[f"indicator_{n}_level"])
            for n in range(1, self.row_count + 1)
        ]

    def action_data(self) -> dict:
        data = self.cleaned_data
        return {
            **self.common_data(),
            "tool_name": data["tool_name"],
            "tool_version": data["tool_version"],
            "level": data["level"],
            "indicator_levels": [
                (data[f"indicator_{n}_name"], data[f"indicator_{n}_level"])
                for n in range(1, self.row_count + 1)
                if data.get(f"indicator_{n}_name", "").strip()
            ],
        }


def form_for(version: InstrumentVersion):
    return ScoredScreeningForm if version.is_scored else ResultOnlyScreeningForm
