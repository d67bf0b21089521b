from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.models import Agency
from carecircle.justice.models import (
    DIVERSION_NEXT,
    Detention,
    Diversion,
    DiversionStatus,
    Hearing,
    JusticeContact,
    Petition,
)
from carecircle.lib.forms import UswdsFormMixin
from carecircle.sharing.items import class_choices

DATE = forms.DateInput(attrs={"type": "date"})
FIELDS = {
    "contact": (JusticeContact, ["contacted_on", "law_enforcement_agency", "reason", "details"]),
    "petition": (Petition, ["kind", "filed_on", "status", "notes"]),
    "detention": (Detention, ["started_on", "ended_on", "facility"]),
    "diversion": (Diversion, ["offered_on", "program"]),
    "hearing": (Hearing, ["held_on", "kind", "outcome"]),
}
TITLES = {
    "contact": _("Record a contact with law enforcement"),
    "petition": _("Record a petition"),
    "detention": _("Record a detention"),
    "diversion": _("Record a diversion offer"),
    "hearing": _("Record a court hearing"),
}


def form_for(kind: str):
    """A form for one kind of justice record: the agency and record class first, then
    the record's own fields (their labels and choices come from the model)."""
    model, fields = FIELDS[kind]
    base = forms.modelform_factory(
        model,
        fields=fields,
        widgets={name: DATE for name in fields if name.endswith("_on")},
    )

    class JusticeForm(UswdsFormMixin, base):
        agency = forms.ModelChoiceField(
            label=_("Recorded for"), queryset=Agency.objects.none(), empty_label=None
        )
        record_class = forms.ChoiceField(
            label=_("Kind of record"), help_text=_("This decides who on the team may see it.")
        )
        field_order = ["agency", "record_class", *fields]

        def __init__(self, *args, agencies: list, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
            self.fields["record_class"].choices = class_choices(agencies)

        def _post_clean(self) -> None:
            # The action validates the whole record; the form checks only its fields.
            pass

        def values(self) -> dict:
            return {name: self.cleaned_data[name] for name in fields}

    return JusticeForm


class DiversionMoveForm(UswdsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Next step"))
    on = forms.DateField(label=_("On"), widget=DATE)
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, current: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s, DiversionStatus(s).label) for s in DIVERSION_NEXT.get(current, ())
        ]
