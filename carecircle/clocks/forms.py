from datetime import UTC, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carecircle.clocks import rules
from carecircle.clocks.models import HowFound, ObligationKind, ReportKind
from carecircle.lib.forms import UswdsFormMixin
from carecircle.sharing.classes import CONSENT_ONLY_CLASSES
from carecircle.sharing.forms import SharedItemForm


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the county's zone, kept as an aware datetime."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
        super().__init__(*args, **kwargs)


class CountyZoneForm(UswdsFormMixin, forms.Form):
    """Reads its date-time fields in the county's zone, whatever the server's."""

    def __init__(self, *args, time_zone: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone

    def _post_clean(self) -> None:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(self.time_zone)
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if isinstance(field, LocalDateTimeField) and isinstance(value, datetime):
                naive = timezone.make_naive(value) if timezone.is_aware(value) else value
                local = naive.replace(tzinfo=zone)
                # A wall-clock time skipped when the clocks go forward does not exist.
                round_trip = local.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
                if round_trip != naive:
                    self.add_error(
                        name,
                        _("That time did not happen: the clocks went forward. Check the hour."),
                    )
                    continue
                self.cleaned_data[name] = local


class EpisodeForm(SharedItemForm, CountyZoneForm):
    # A missing episode starts reports the law requires: never a consent-only record.
    first_class = None
    excluded_classes = CONSENT_ONLY_CLASSES
    last_seen_at = LocalDateTimeField(label=_("Last seen"))
    reported_by = forms.CharField(
        label=_("Who reported the youth missing"),
        max_length=200,
        help_text=_("For example: resource parent Ana Vega, STRTP staff on duty."),
    )
    circumstances = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    whereabouts = forms.CharField(
        label=_("Known or suspected whereabouts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Protected: only the coordinator, social workers, probation officers and "
            "supervisors can open it, and every opening is recorded."
        ),
    )


class ReportForm(CountyZoneForm):
    kind = forms.ChoiceField(label=_("Report to"), choices=ReportKind.choices)
    made_at = LocalDateTimeField(label=_("Made at"))
    recipient = forms.CharField(
        label=_("Made to"),
        max_length=200,
        help_text=_("The agency or person, for example: Fernhollow Police, Dispatch."),
    )
    reference = forms.CharField(
        label=_("Report or case number"),
        max_length=100,
        required=False,
        help_text=_("Required for law enforcement (the NCIC or report number) and NCMEC."),
    )
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)


class ReturnForm(CountyZoneForm):
    returned_at = LocalDateTimeField(label=_("Returned"))
    how_found = forms.ChoiceField(label=_("How the youth was found"), choices=HowFound.choices)
    notes = forms.CharField(
        label=_("About the return"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DebriefForm(CountyZoneForm):
    debriefed_at = LocalDateTimeField(label=_("Debriefed at"))
    why_left = forms.CharField(
        label=_("Why the youth left"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the youth's words where possible."),
    )
    while_away = forms.CharField(
        label=_("What happened while away"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Including any sign of exploitation. The re-screen is recorded separately."),
    )


class EvidenceForm(UswdsFormMixin, forms.Form):
    """What closes a task that has no other record to close it."""

    done_on = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}))
    detail = forms.CharField(label=_("Evidence"), max_length=300)

    LABELS = {
        ObligationKind.LAW_ENFORCEMENT_REPORT: (
            _("Report made to"),
            _("For example: Fernhollow Police, Officer Reyes."),
        ),
        ObligationKind.HEALTH_EXAM: (
            _("Where the exam was done, and by whom"),
            _("For example: County clinic, Dr. Osei."),
        ),
        ObligationKind.MDT_REFERRAL: (
            _("The MDT meeting held"),
            _("For example: crisis MDT at the Family Justice Center, 9 agencies present."),
        ),
    }

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        label, hint = self.LABELS.get(kind, (_("Evidence"), ""))
        self.fields["detail"].label = label
        self.fields["detail"].help_text = hint
        if kind == ObligationKind.LAW_ENFORCEMENT_REPORT:
            self.fields["reference"] = forms.CharField(
                label=_("Report number"),
                max_length=100,
                help_text=_("The number law enforcement gave: it is the evidence of the report."),
            )


class ProtocolForm(UswdsFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        help_text=_("For example: the board adopted the new protocol on 3 March."),
    )

    def __init__(self, *args, current: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = []
        for kind, rule in current.items():
            label = ObligationKind(kind).label
            self.fields[f"{kind}__applies"] = forms.BooleanField(
                label=_("Applies in this county"), required=False, initial=rule.applies
            )
            self.fields[f"{kind}__due_hours"] = forms.IntegerField(
                label=_("Due within (hours)"),
                min_value=1,
                max_value=rules.MAX_HOURS.get(kind, 24 * 90),
                initial=rule.due_hours,
            )
            self.fields[f"{kind}__responsible"] = forms.ChoiceField(
                label=_("Whose task"), choices=rules.RESPONSIBLE_CHOICES, initial=rule.responsible
            )
            self.kinds.append((kind, label, rules.SOURCES.get(kind, "")))

    def rows(self):
        for kind, label, source in self.kinds:
            yield (
                label,
                source,
                [
                    self[f"{kind}__applies"],
                    self[f"{kind}__due_hours"],
                    self[f"{kind}__responsible"],
                ],
            )

    def rules_by_kind(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            kind: {
                "applies": data[f"{kind}__applies"],
                "due_hours": data[f"{kind}__due_hours"],
                "responsible": data[f"{kind}__responsible"],
            }
            for kind, _label, _source in self.kinds
        }


class PreferenceForm(UswdsFormMixin, forms.Form):
    email = forms.BooleanField(label=_("Also send me e-mail"), required=False)
    lead_hours = forms.IntegerField(
        label=_("Warn me this many hours before a task is due"), min_value=1, max_value=72
    )
    daily_digest = forms.BooleanField(
        label=_("Send one e-mail each morning instead of one per notice"),
        required=False,
        help_text=_("Escalations and alerts in Care Circle still arrive at once."),
    )
