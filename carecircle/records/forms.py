from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.models import Agency
from carecircle.lib.forms import UswdsFormMixin
from carecircle.sharing.items import class_choices


class _ItemForm(UswdsFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Written for"), queryset=Agency.objects.none(), empty_label=None
    )
    record_class = forms.ChoiceField(
        label=_("Kind of record"),
        help_text=_("This decides who on the team may see it."),
    )
    youth_controlled = forms.BooleanField(
        label=_("The youth consented to their own treatment"),
        required=False,
        help_text=_(
            "For health, mental health and substance use records: only a consent the "
            "youth signs will open it to others."
        ),
    )

    def __init__(self, *args, agencies: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        self.fields["record_class"].choices = class_choices(agencies)


class NoteForm(_ItemForm):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 8}))


class DocumentForm(_ItemForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG or plain text, up to 10 MB."),
    )


class CourtOrderForm(UswdsFormMixin, forms.Form):
    reference = forms.CharField(
        label=_("Court order reference"),
        max_length=200,
        help_text=_("As written on the order, for example: JV-2026-0142, order of 2026-11-02."),
    )
