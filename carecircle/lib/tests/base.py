"""One record of every encrypted field, written through the apps' own actions, and a
raw reader that sees what the database stores."""

from datetime import timedelta

from django.db import connection
from django.test import override_settings
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.test import BaseTestCase

# Every encrypted field, as docs/decisions/0004-field-encryption.md lists them.
ENCRYPTED = {
    "clocks.missingepisode.circumstances",
    "clocks.missingepisode.return_notes",
    "clocks.missingepisode.whereabouts",
    "clocks.missingepisode.while_away",
    "clocks.missingepisode.why_left",
    "justice.justicecontact.details",
    "meetings.minutesection.body",
    "accounts.countysignin.client_secret",
    "records.note.body",
    "sealing.legalhold.reason",
    "sealing.sealingorder.court_case_number",
    "youth.identification.summary",
    "youth.placement.address",
}

# Fields encrypted from their first migration: no plain rows were ever there to convert.
BORN_ENCRYPTED = {
    "accounts.countysignin.client_secret",
    "sealing.legalhold.reason",
    "sealing.sealingorder.court_case_number",
}


def raw(obj, field: str) -> str:
    """The stored value of ``obj.field``, read with SQL, never through the field."""
    meta = obj._meta
    column = meta.get_field(field).column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(meta.db_table)} "  # noqa: S608 - names from the model
            f"WHERE {quote(meta.pk.column)} = %s",
            [meta.pk.get_db_prep_value(obj.pk, connection)],
        )
        return cursor.fetchone()[0]


def write_raw(obj, field: str, value: str) -> None:
    """Store ``value`` as it is, as someone writing around the application would."""
    meta = obj._meta
    column = meta.get_field(field).column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET {quote(column)} = %s "  # noqa: S608 - names from the model
            f"WHERE {quote(meta.pk.column)} = %s",
            [value, meta.pk.get_db_prep_value(obj.pk, connection)],
        )


def keys(*keys: str):
    return override_settings(CARECIRCLE_FIELD_KEYS=list(keys))


class EncryptedRecordsTestCase(BaseTestCase):
    """``self.written``: (object, field, plain text) for every encrypted field."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.written = record_one_of_each(cls)


def record_one_of_each(case) -> list[tuple[object, str, str]]:
    from carecircle.accounts.actions import save_county_sign_in
    from carecircle.clocks import actions as clocks
    from carecircle.justice.actions import record_justice_item
    from carecircle.lib.dates import county_today
    from carecircle.meetings import actions as meetings
    from carecircle.records.actions import create_note
    from carecircle.sealing.actions import place_legal_hold, seal_youth
    from carecircle.youth.actions import record_placement
    from carecircle.youth.actions.status import record_identification

    agencies = case.agencies_a
    # The county's own date: late in the evening in California, UTC is already tomorrow.
    today = county_today(case.county_a.time_zone)
    now = timezone.now()
    note = create_note(
        actor=case.clinician_a,
        youth=case.youth_cw_a,
        agency=agencies[AgencyType.MENTAL_HEALTH],
        record_class="mental_health",
        subject="Session",
        body="Marisol named the man who drives her to the motel: Darnell, a grey van.",
    )
    identification = record_identification(
        actor=case.social_worker_a,
        youth=case.youth_cw_a,
        agency=agencies[AgencyType.CHILD_WELFARE],
        record_class="general",
        identified_on=today,
        source="law_enforcement",
        identified_by="Officer Reyes, city police",
        category="during_care",
        certainty="suspected",
        summary="Found at the Starlite Motel with an adult known as 'Smoke'.",
    )
    placement = record_placement(
        actor=case.probation_officer_a,
        youth=case.youth_prob_a,
        agency=agencies[AgencyType.PROBATION],
        record_class="general",
        setting="csec_specialised",
        started_on=today,
        address="12 Alder Lane, Fernhollow",
    )
    episode = clocks.record_missing_episode(
        actor=case.social_worker_a,
        youth=case.youth_cw_a,
        agency=agencies[AgencyType.CHILD_WELFARE],
        record_class="child_welfare",
        last_seen_at=now - timedelta(hours=30),
        reported_by="Resource parent Ana Vega",
        circumstances="Left with an older man in a grey van after school.",
        whereabouts="Possibly at a motel on Route 9, room 14.",
    )
    clocks.record_return(
        actor=case.social_worker_a,
        episode=episode,
        returned_at=now - timedelta(hours=4),
        how_found="law_enforcement",
        notes="Police found her at the Route 9 motel with Darnell.",
    )
    clocks.record_debrief(
        actor=case.social_worker_a,
        episode=episode,
        debriefed_at=now - timedelta(hours=1),
        why_left="Darnell promised a phone and a place to stay.",
        while_away="Was made to meet men Darnell knew, at the motel.",
    )
    contact = record_justice_item(
        actor=case.probation_officer_a,
        youth=case.youth_prob_a,
        agency=agencies[AgencyType.PROBATION],
        record_class="probation",
        what="contact",
        contacted_on=today,
        law_enforcement_agency="County sheriff",
        reason="victim",
        details="Found during a hotel check with a man who calls himself 'Smoke'.",
    )
    meeting = meetings.schedule_meeting(
        actor=case.coordinator_a,
        youth=case.youth_prob_a,
        tier="crisis",
        starts_at=now - timedelta(hours=1),
        place="Family Justice Center, room 2",
    )
    section = meetings.add_section(
        actor=case.probation_officer_a,
        meeting=meeting,
        agency=agencies[AgencyType.PROBATION],
        record_class="general",
        kind="decision",
        heading="Safety plan",
        body="Keep Tatum away from the motel where 'Smoke' recruits.",
    )
    order = seal_youth(
        actor=case.court_liaison_b,
        youth=case.youth_prob_b,
        statute="wic_781",
        ordered_on=today - timedelta(days=2),
        destroy_on=today + timedelta(days=365),
        court_case_number="JV-2025-0031 (Tatum R.)",
    )
    hold = place_legal_hold(
        actor=case.court_liaison_b,
        youth=case.youth_prob_b,
        reason="Civil claim by Tatum's guardian, case 26-CV-0412.",
    )
    sign_in = save_county_sign_in(
        actor=case.county_admin_a,
        county=case.county_a,
        label="Fernhollow County account",
        issuer="https://login.example/tenant/v2.0",
        client_id="care-circle",
        client_secret="client-secret-value-8c1f",
        asserts_mfa=False,
        enabled=True,
    )
    episode.refresh_from_db()
    return [
        (order, "court_case_number", order.court_case_number),
        (hold, "reason", hold.reason),
        (sign_in, "client_secret", sign_in.client_secret),
        (note, "body", note.body),
        (identification, "summary", identification.summary),
        (placement, "address", placement.address),
        (episode, "circumstances", episode.circumstances),
        (episode, "whereabouts", episode.whereabouts),
        (episode, "return_notes", episode.return_notes),
        (episode, "why_left", episode.why_left),
        (episode, "while_away", episode.while_away),
        (contact, "details", contact.details),
        (section, "body", section.body),
    ]
