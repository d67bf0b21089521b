from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.reports.models import ExportFormat
from carecircle.reports.periods import Period, choices


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, periods: list[Period], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.periods = {p.key: p for p in periods}
        self.fields["period"].choices = [(p.key, p.label) for p in periods]

    @staticmethod
    def offered(today: date) -> list[Period]:
        return choices(today)

    def cleaned_period(self) -> Period:
        return self.periods[self.cleaned_data["period"]]


class ExportForm(PeriodForm):
    file_format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
