"""Copying the demo's youth, with everything recorded about them, into every county.

Each copy is one row of the temporary table ``synth_clone``: which demo youth it copies,
its new id, county, number, names and birth date, and how many days back its history
moves. Every copied table is then one ``INSERT … SELECT`` that the database runs by
itself, written from the model's own fields:

- a copied row's id is derived from the original's and the new youth's
  (``md5(old || new)::uuid``), so a row that points at another copied row (an
  obligation at its missing episode, a referral at its consent) is derived the same way
  and needs no lookup;
- the county is the copy's; an agency, person or provider is the county's own of the
  same type, role or name (people in a role taken in turn, so caseloads spread);
- dates and times move back by the copy's days.

Histories moved back more than two years are closed cases: open clocks are met, missing
episodes closed, team members' roles ended. Then each youth gets more notes (the bulk of
a case file, DOMAIN.md §8) and the phonetic search keys of their new names.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.db import connection, models
from faker import Faker

from carecircle.youth.matching import phonetic_keys
from carecircle.youth.models import Youth

# Histories older than this are closed cases.
CLOSED_AFTER_DAYS = 730
TEN_YEARS = 3650

# Every table copied, in the order their rows point at each other, with the field that
# leads to the youth when the table has none of its own.
COPIED: list[tuple[str, str | None]] = [
    ("youth.Youth", None),
    ("youth.YouthIdentifier", None),
    ("youth.YouthContact", None),
    ("youth.Identification", None),
    ("youth.ExploitationStatus", None),
    ("youth.Placement", None),
    ("screening.Screening", None),
    ("clocks.MissingEpisode", None),
    ("clocks.EpisodeReport", "episode"),
    ("clocks.Obligation", None),
    ("meetings.Meeting", None),
    ("meetings.Attendance", "meeting"),
    ("meetings.MinuteSection", None),
    ("meetings.ActionItem", None),
    ("referrals.Need", None),
    ("sharing.Consent", None),
    ("sharing.ConsentClass", "consent"),
    ("sharing.ConsentSigner", "consent"),
    ("referrals.Referral", None),
    ("referrals.ReferralEvent", "referral"),
    ("records.Note", None),
    ("records.Document", None),
    ("sharing.TeamMembership", None),
    ("sharing.SharingWindow", None),
    ("justice.JusticeContact", None),
    ("justice.Petition", None),
    ("justice.Detention", None),
    ("justice.Diversion", None),
    ("justice.Hearing", None),
]
# Many-to-many tables copied with their model: model -> fields.
COPIED_LINKS = {"youth.Youth": ["agencies"], "sharing.Consent": ["recipient_agencies"]}


def derived(column: str) -> str:
    return f"md5({column}::text || m.new_youth::text)::uuid"


def _user(column: str) -> str:
    """The county's person in the same role as the demo's, taken in turn by copy."""
    return (
        f"CASE WHEN {column} IS NULL THEN NULL ELSE COALESCE("
        "(SELECT s.user_id FROM synth_user_role r JOIN synth_staff s ON s.role = r.role "
        " AND s.county_id = m.county_id AND s.idx = m.clone_no % s.n "
        f" WHERE r.old_id = {column}), "
        "(SELECT s.user_id FROM synth_staff s WHERE s.county_id = m.county_id "
        " AND s.role = 'coordinator' AND s.idx = 0)) END"
    )


def _agency(column: str) -> str:
    return (
        f"(SELECT a.agency_id FROM synth_agency a WHERE a.old_id = {column} "
        "AND a.county_id = m.county_id)"
    )


def _provider(column: str) -> str:
    return (
        f"(SELECT p.provider_id FROM synth_provider p WHERE p.old_id = {column} "
        "AND p.county_id = m.county_id)"
    )


SPECIAL = {
    ("youth.Youth", "first_name"): "m.first_name",
    ("youth.Youth", "last_name"): "m.last_name",
    ("youth.Youth", "preferred_name"): "''",
    ("youth.Youth", "date_of_birth"): "m.dob",
    ("youth.Youth", "merged_into"): "NULL",
    ("youth.Youth", "merged_at"): "NULL",
    ("youth.Youth", "sealed_at"): "NULL",
    ("youth.YouthIdentifier", "value"): "t.value || '-' || m.clone_no",
    ("youth.YouthIdentifier", "normalized"): "t.normalized || m.clone_no",
    ("meetings.Meeting", "uid"): "left(t.uid, 40) || '-' || replace(m.new_youth::text, '-', '')",
    # The id of what started the clock, when it is a copied row.
    ("clocks.Obligation", "trigger_id"): (
        "CASE WHEN t.trigger_id ~ '^[0-9a-f]{8}-' "
        "THEN md5(t.trigger_id || m.new_youth::text)::uuid::text ELSE t.trigger_id END"
    ),
}


def _expression(label: str, field: models.Field) -> str | None:
    column = f"t.{connection.ops.quote_name(field.column)}"
    if (label, field.name) in SPECIAL:
        return SPECIAL[(label, field.name)]
    if field.primary_key:
        if label == "youth.Youth":
            return "m.new_youth"
        return derived(column) if isinstance(field, models.UUIDField) else None
    if field.is_relation:
        target = field.related_model._meta.label
        if target == "youth.Youth":
            return "m.new_youth"
        if target == "accounts.County":
            return "m.county_id"
        if target == "accounts.Agency":
            return _agency(column)
        if target == "accounts.User":
            return _user(column)
        if target == "referrals.Provider":
            return _provider(column)
        if isinstance(field.target_field, models.UUIDField):
            return derived(column)
        return column  # shared rows, such as a screening instrument's version
    if isinstance(field, models.DateTimeField):
        return f"{column} + make_interval(days => m.shift)"
    if isinstance(field, models.DateField):
        return f"{column} + m.shift"
    return column


def copy_statement(label: str, via: str | None) -> str:
    model = apps.get_model(label)
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        expression = _expression(label, field)
        if expression is not None:
            columns.append(connection.ops.quote_name(field.column))
            expressions.append(expression)
    table = model._meta.db_table
    if label == "youth.Youth":
        source = f"{table} t JOIN synth_clone m ON m.old_youth = t.id"
    elif via is None:
        source = f"{table} t JOIN synth_clone m ON m.old_youth = t.youth_id"
    else:
        parent = model._meta.get_field(via)
        source = (
            f"{table} t JOIN {parent.related_model._meta.db_table} p "
            f"ON p.id = t.{parent.column} JOIN synth_clone m ON m.old_youth = p.youth_id"
        )
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM {source}"
    )


def link_statement(label: str, name: str) -> str:
    model = apps.get_model(label)
    through = model._meta.get_field(name).remote_field.through
    own = next(f for f in through._meta.concrete_fields if f.related_model is model)
    other = next(
        f for f in through._meta.concrete_fields if f.is_relation and f.related_model is not model
    )
    own_value = "m.new_youth" if label == "youth.Youth" else derived(f"t.{own.column}")
    youth_of = "t.youth_id" if label == "youth.Youth" else "p.youth_id"
    parent = (
        ""
        if label == "youth.Youth"
        else (f" JOIN {model._meta.db_table} p ON p.id = t.{own.column}")
    )
    return (
        f"INSERT INTO {through._meta.db_table} ({own.column}, {other.column}) "
        f"SELECT {own_value}, {_agency('t.' + other.column)} "
        f"FROM {through._meta.db_table} t{parent} JOIN synth_clone m ON m.old_youth = {youth_of}"
    )


CLOSE_OLD_CASES = [
    """UPDATE clocks_obligation o SET satisfied_at = COALESCE(o.due_at, o.created_at),
              satisfied_by = 'Met when the case closed'
         FROM synth_clone m
        WHERE o.youth_id = m.new_youth AND m.shift < -%(closed)s AND o.satisfied_at IS NULL""",
    """UPDATE clocks_missingepisode e
          SET returned_at = COALESCE(e.returned_at, e.reported_missing_at + interval '2 days'),
              closed_at = COALESCE(e.closed_at, e.reported_missing_at + interval '9 days')
         FROM synth_clone m
        WHERE e.youth_id = m.new_youth AND m.shift < -%(closed)s""",
    """UPDATE sharing_teammembership t
          SET ended_at = t.started_at + interval '400 days'
         FROM synth_clone m
        WHERE t.youth_id = m.new_youth AND m.shift < -%(closed)s AND t.ended_at IS NULL""",
]

MORE_NOTES = """
INSERT INTO records_note (id, county_id, youth_id, record_class, source_agency_id, author_id,
    legal_basis, youth_controlled, court_order_reference, court_order_recorded_at, created_at,
    subject, body)
SELECT md5(n.id::text || g::text)::uuid, n.county_id, n.youth_id, n.record_class,
       n.source_agency_id, n.author_id, n.legal_basis, n.youth_controlled,
       n.court_order_reference, n.court_order_recorded_at,
       n.created_at - make_interval(days => g * 6), n.subject, n.body
  FROM records_note n JOIN synth_clone m ON m.new_youth = n.youth_id
 CROSS JOIN generate_series(1, %(copies)s) g
"""


def copy_youth(
    state,
    sizes: list[int],
    *,
    rng: random.Random,
    notes_per_youth: int,
    progress: Callable[[str], None],
) -> dict[str, int]:
    templates = list(
        Youth.objects.filter(
            county__in=state.templates, merged_into__isnull=True, sealed_at__isnull=True
        ).values_list("pk", "county_id", "date_of_birth")
    )
    # The demo's fullest histories are copied most: in a county's real work every youth
    # is screened and has MDT meetings (DOMAIN.md §8).
    met, screened, missed = (
        set(apps.get_model(label).objects.values_list("youth_id", flat=True))
        for label in ("meetings.Meeting", "screening.Screening", "clocks.MissingEpisode")
    )
    weights = [1 + 4 * (y in met) + 2 * (y in screened) + (y in missed) for y, *_ in templates]
    existing = dict.fromkeys((c.pk for c in state.counties), 0)
    for row in Youth.objects.values_list("county_id", flat=True):
        existing[row] += 1
    fake = Faker(["en_US", "es_MX"])
    fake.seed_instance(rng.randint(0, 2**31))
    clones = []
    number = 0
    for county, size in zip(state.counties, sizes, strict=True):
        for _ in range(max(0, size - existing[county.pk])):
            number += 1
            old, _county, born = rng.choices(templates, weights)[0]
            shift = -rng.randint(0, TEN_YEARS)
            dob = born + timedelta(days=shift + rng.randint(-200, 200))
            clones.append(
                (
                    old,
                    _uuid(rng),
                    county.pk,
                    number,
                    shift,
                    fake.first_name(),
                    fake.last_name(),
                    dob,
                )
            )
    progress(f"Copying {len(clones)} youth from {len(templates)} of the demo's")
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE synth_clone (old_youth uuid, new_youth uuid PRIMARY KEY, "
            "county_id bigint, clone_no integer, shift integer, first_name text, "
            "last_name text, dob date) ON COMMIT DROP"
        )
        _copy_rows(cursor, "synth_clone", clones)
        cursor.execute("CREATE INDEX ON synth_clone (old_youth)")
        cursor.execute("ANALYZE synth_clone")
        for label, via in COPIED:
            cursor.execute(copy_statement(label, via))
            counts[apps.get_model(label)._meta.db_table] = cursor.rowcount
            for name in COPIED_LINKS.get(label, ()):
                cursor.execute(link_statement(label, name))
        progress(f"Copied: {counts}")
        for statement in CLOSE_OLD_CASES:
            cursor.execute(statement, {"closed": CLOSED_AFTER_DAYS})
        copied_notes = counts.get("records_note", 0)
        if clones and copied_notes:
            copies = max(0, round(notes_per_youth * len(clones) / copied_notes) - 1)
            cursor.execute(MORE_NOTES, {"copies": copies})
            counts["records_note"] += cursor.rowcount
        keys = [
            (new, county, key)
            for _old, new, county, _n, _s, first, last, _dob in clones
            for key in phonetic_keys(first) | phonetic_keys(last)
        ]
        _copy_rows(cursor, "youth_youthsearchkey (youth_id, county_id, key)", keys)
        counts["youth_youthsearchkey"] = len(keys)
    return counts


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _copy_rows(cursor, table: str, rows: list[tuple]) -> None:
    """PostgreSQL's COPY, through psycopg, for many rows at once."""
    raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
    with raw.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
