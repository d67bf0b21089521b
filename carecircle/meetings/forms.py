from django import forms
from django.utils.translation import gettext_lazy as _

from carecircle.accounts.models import Agency, User
from carecircle.clocks.forms import CountyZoneForm, LocalDateTimeField
from carecircle.lib.forms import UswdsFormMixin
from carecircle.meetings.models import AttendanceStatus, SectionKind, Tier
from carecircle.sharing.forms import SharedItemForm


class MeetingForm(CountyZoneForm):
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    starts_at = LocalDateTimeField(label=_("Starts"))
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=480, initial=60
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Built from what is open since the last meeting; change it as you need."),
    )


class AttendanceForm(UswdsFormMixin, forms.Form):
    youth_participated = forms.BooleanField(label=_("The youth took part"), required=False)
    caregiver_participated = forms.BooleanField(label=_("A caregiver took part"), required=False)

    def __init__(self, *args, team: list, current: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        for member in team:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=f"{member.user.display_name} — {member.agency.name}",
                choices=AttendanceStatus.choices,
                initial=current.get(member.user_id, AttendanceStatus.PRESENT),
                widget=forms.RadioSelect,
            )

    def entries(self) -> list[tuple[User, Agency, str]]:
        return [
            (member.user, member.agency, self.cleaned_data[f"member_{member.pk}"])
            for member in self.team
        ]


class SectionForm(SharedItemForm):
    kind = forms.ChoiceField(label=_("What this part is"), choices=SectionKind.choices)
    heading = forms.CharField(label=_("Heading"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For the youth's goals, write them as the youth said them."),
    )


class ActionItemForm(SharedItemForm):
    description = forms.CharField(label=_("What is to be done"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("Who does it"), queryset=User.objects.none(), empty_label=None
    )
    due_on = forms.DateField(label=_("Due by"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, agencies: list, owners: list, **kwargs) -> None:
        super().__init__(*args, agencies=agencies, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(pk__in=[u.pk for u in owners])
        self.fields["owner"].label_from_instance = lambda user: user.display_name


class FinaliseForm(UswdsFormMixin, forms.Form):
    missing_reason = forms.CharField(
        label=_("Why required agencies were missing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the check above shows a gap."),
    )


class CompleteActionForm(UswdsFormMixin, forms.Form):
    item = forms.UUIDField(widget=forms.HiddenInput)
    outcome = forms.CharField(label=_("What was done"), max_length=1000)
