"""The upload form, and what the page says about each kind of file."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carecircle.imports import identifications, services
from carecircle.imports.models import ImportKind
from carecircle.imports.rows import YOUTH
from carecircle.lib.forms import UswdsFormMixin
from carecircle.sharing.classes import RecordClass, classes_for_agency
from carecircle.sharing.items import class_choices
from carecircle.youth.models import GenderIdentity, IdentifierKind


class UploadForm(UswdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=ImportKind.choices,
        initial=ImportKind.YOUTH,
        # Not answered (a script posting the form as before): a youth file.
        required=False,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("The file"),
        help_text=gettext_lazy("CSV (UTF-8) or Excel (.xlsx); the first row names the columns."),
    )
    agency = forms.ChoiceField(
        label=gettext_lazy("Agency"),
        help_text=gettext_lazy(
            "Youth files: the agency that will serve the new youth. Identification and "
            "service files: the agency they are recorded for."
        ),
    )
    record_class = forms.ChoiceField(
        label=gettext_lazy("Kind of record (identification and service files)"),
        required=False,
        help_text=gettext_lazy(
            "This decides who on the team may see them, as on the identification and "
            "service plan pages. Youth files do not use it."
        ),
    )

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        self.agencies = {str(a.pk): a for a in agencies}
        # The same classes, in the same order, as the identification and service plan
        # forms offer (SharedItemForm): the general class first.
        self.fields["record_class"].choices = class_choices(agencies, first=RecordClass.GENERAL)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s; split it.")
                % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or an Excel (.xlsx) file."))
        return upload

    def clean(self):
        data = super().clean()
        data["kind"] = data.get("kind") or ImportKind.YOUTH
        agency = self.agencies.get(data.get("agency", ""))
        if data["kind"] == ImportKind.YOUTH or agency is None:
            data["record_class"] = ""
            return data
        record_class = data.get("record_class")
        if "record_class" in self.errors:
            pass  # not a class offered: already said
        elif not record_class:
            self.add_error(
                "record_class", _("Choose the kind of record for identifications and services.")
            )
        elif record_class not in classes_for_agency(agency.agency_type):
            self.add_error(
                "record_class", _("The agency you chose does not keep that kind of record.")
            )
        return data


def column_help() -> list[dict]:
    """Each kind of file's columns, allowed values and example, for the page."""
    return [
        {
            "kind": ImportKind.YOUTH,
            "label": ImportKind.YOUTH.label,
            "required": YOUTH.required,
            "optional": YOUTH.optional,
            "values": [
                ("case_number_kind", IdentifierKind.values),
                ("gender_identity", GenderIdentity.values),
            ],
            "note": _(
                "external_id is your own key for the youth; dates are written YYYY-MM-DD; "
                "other_names are separated by semicolons. Each row is searched for before "
                "it is created: likely duplicates are shown and left out unless you say so."
            ),
            "sample": "samples/youth-import.csv",
        },
        {
            "kind": ImportKind.IDENTIFICATIONS,
            "label": ImportKind.IDENTIFICATIONS.label,
            "required": identifications.LAYOUT.required,
            "optional": identifications.LAYOUT.optional,
            "values": [(c, choices.values) for c, choices in identifications.CHOICES.items()]
            + [("labor_trafficking", ["yes", "no"])],
            "note": _(
                "external_id names a youth you imported before, in a youth file. event_id "
                "is your own key for the identification: importing it again adds nothing. "
                "identified_on is written YYYY-MM-DD, not in the future and not before the "
                "youth's birth. An identification from the last %(days)s days opens the "
                "first-response tasks, as on the identification page, counted from its "
                "date: some may be overdue at once. An older one is recorded as history: "
                "it sets the exploitation status but opens no tasks."
            )
            % {"days": identifications.RECENT_DAYS},
            "sample": "samples/identifications-import.csv",
        },
        {
            "kind": ImportKind.SERVICES,
            "label": ImportKind.SERVICES.label,
            "required": services.LAYOUT.required,
            "optional": services.LAYOUT.optional,
            "values": [(c, choices.values) for c, choices in services.CHOICES.items()],
            "note": _(
                "external_id names a youth you imported before, in a youth file. "
                "service_id is your own key for the service: importing it again adds "
                "nothing. provider is the name of a provider in your county's directory "
                "(add it there first). started_on is the date of the referral, written "
                "YYYY-MM-DD. Each service becomes a referral in the status given, with that "
                "status on that date as its history. Nothing is sent to the provider and "
                "no release of information is recorded: the referral says it was imported."
            ),
            "sample": "samples/services-import.csv",
        },
    ]
