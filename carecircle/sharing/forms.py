from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.models import Agency, User
from carecircle.lib.forms import UswdsFormMixin
from carecircle.sharing.classes import RecordClass
from carecircle.sharing.models import Purpose, SignerType


class SharedItemForm(UswdsFormMixin, forms.Form):
    """The first two questions of every form that starts a shared item: which of the
    viewer's agencies it is recorded for, and its record class (which decides who may
    see it). ``first_class`` leads the choices when offered; ``excluded_classes`` are
    never offered."""

    agency = forms.ModelChoiceField(
        label=_("Recorded for"), queryset=Agency.objects.none(), empty_label=None
    )
    record_class = forms.ChoiceField(
        label=_("Kind of record"), help_text=_("This decides who on the team may see it.")
    )
    first_class: str | None = RecordClass.GENERAL
    excluded_classes: frozenset = frozenset()

    def __init__(self, *args, agencies: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from carecircle.sharing.items import class_choices

        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])
        self.fields["record_class"].choices = [
            choice
            for choice in class_choices(agencies, first=self.first_class)
            if choice[0] not in self.excluded_classes
        ]


class TeamMemberForm(UswdsFormMixin, forms.Form):
    membership = forms.ChoiceField(label=_("Person and agency"))
    team_role = forms.CharField(
        label=_("Role on the team"),
        max_length=100,
        required=False,
        help_text=_("For example: case manager, therapist, advocate, mentor."),
    )
    lead = forms.BooleanField(label=_("Leads the MDT"), required=False)

    def __init__(self, *args, county, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from carecircle.accounts.models import Membership

        memberships = (
            Membership.objects.filter(agency__county=county, active=True)
            .select_related("user", "agency")
            .order_by("agency__name", "user__last_name")
        )
        self.fields["membership"].choices = [
            (m.pk, f"{m.user.display_name} — {m.get_role_display()}, {m.agency.name}")
            for m in memberships
        ]


class SharingWindowForm(UswdsFormMixin, forms.Form):
    reported_at = forms.DateTimeField(
        label=_("When was the report made?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ExtendWindowForm(UswdsFormMixin, forms.Form):
    ends_at = forms.DateTimeField(
        label=_("Extend sharing until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    good_cause = forms.CharField(
        label=_("Good cause"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the team still needs to share child welfare information."),
    )


class ConsentForm(UswdsFormMixin, forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    classes = forms.MultipleChoiceField(
        label=_("Kinds of record covered"),
        choices=RecordClass.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies that may receive them"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_users = forms.ModelMultipleChoiceField(
        label=_("People who may receive them"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    disclosing_agency = forms.ModelChoiceField(
        label=_("Agency whose records it releases"),
        queryset=Agency.objects.none(),
        empty_label=None,
        help_text=_(
            "Your own agency. Another agency's records are released by that agency. For "
            "substance use treatment records this is the Part 2 program."
        ),
    )
    information_description = forms.CharField(
        label=_("How much and what kind of information"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for Part 2. For example: attendance and progress in treatment."),
    )
    youth_self_consented = forms.BooleanField(
        label=_("The youth consented to their own treatment"), required=False
    )
    told_of_right_to_revoke = forms.BooleanField(
        label=_("The signers were told they may revoke this consent at any time"),
        required=False,
    )
    effective_at = forms.DateTimeField(
        label=_("Effective from"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    expires_at = forms.DateTimeField(
        label=_("Expires"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    signed_form = forms.FileField(
        label=_("The signed form"), help_text=_("A scan or photo: PDF, PNG or JPEG.")
    )
    signer_1_type = forms.ChoiceField(label=_("First signer"), choices=SignerType.choices)
    signer_1_name = forms.CharField(label=_("First signer's name"), max_length=200)
    signer_1_signed_on = forms.DateField(
        label=_("First signer signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signer_1_non_abusing = forms.BooleanField(
        label=_("First signer is not suspected of abusing or exploiting the youth"),
        required=False,
    )
    signer_1_user = forms.ModelChoiceField(
        label=_("First signer's Care Circle account (child and family team participants)"),
        queryset=User.objects.none(),
        required=False,
    )
    signer_2_type = forms.ChoiceField(
        label=_("Second signer"), choices=[("", _("None")), *SignerType.choices], required=False
    )
    signer_2_name = forms.CharField(label=_("Second signer's name"), max_length=200, required=False)
    signer_2_signed_on = forms.DateField(
        label=_("Second signer signed on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
    )
    signer_2_non_abusing = forms.BooleanField(
        label=_("Second signer is not suspected of abusing or exploiting the youth"),
        required=False,
    )
    signer_2_user = forms.ModelChoiceField(
        label=_("Second signer's Care Circle account (child and family team participants)"),
        queryset=User.objects.none(),
        required=False,
    )

    def __init__(self, *args, county, releasing: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(county=county, active=True).order_by("name")
        self.fields["recipient_agencies"].queryset = agencies
        self.fields["disclosing_agency"].queryset = agencies.filter(
            pk__in=[a.pk for a in releasing]
        )
        people = (
            User.objects.filter(county=county, is_active=True, memberships__isnull=False)
            .distinct()
            .order_by("last_name", "first_name")
        )
        for number in (1, 2):
            self.fields[f"signer_{number}_user"].queryset = people
            self.fields[f"signer_{number}_user"].label_from_instance = lambda u: u.display_name
        self.fields["recipient_users"].queryset = (
            User.objects.filter(county=county, is_active=True, memberships__isnull=False)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["recipient_users"].label_from_instance = lambda u: u.display_name

    def clean(self):
        data = super().clean()
        second = [
            data.get("signer_2_type"),
            data.get("signer_2_name"),
            data.get("signer_2_signed_on"),
        ]
        if any(second) and not all(second):
            self.add_error(
                "signer_2_name",
                _("Give the second signer's kind, name and date, or leave all three empty."),
            )
        return data


class RevokeConsentForm(UswdsFormMixin, forms.Form):
    note = forms.CharField(
        label=_("How was the revocation received?"),
        max_length=300,
        help_text=_("For example: the youth told the advocate in person on 2026-11-20."),
    )


class BreakGlassForm(UswdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is the emergency?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Your supervisor reviews every emergency access. Say what is happening and why "
            "you need records you cannot normally see."
        ),
    )


class ReviewForm(UswdsFormMixin, forms.Form):
    justified = forms.TypedChoiceField(
        label=_("Was the emergency access justified?"),
        choices=[("yes", _("Justified")), ("no", _("Not justified"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
