"""The state's counties, their agencies and staff, and the tables that map the demo's
agencies, staff and providers onto each county's own for the bulk copies."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from faker import Faker

from carecircle.accounts import actions as account_actions
from carecircle.accounts.models import Agency, County, Membership, User
from carecircle.demo.builder.mfa import enrol_demo_authenticators
from carecircle.demo.builder.people import (
    AUTHOR_ROLE,
    PERSONA_AGENCY,
    _make_agencies,
    _make_staff,
    county_name,
)
from carecircle.demo.builder.stories import _make_providers

# Youth whose case is still open: about the last two years of a ten-year history.
OPEN_SHARE = 0.2
# Open cases per person in a role that works with youth (a realistic caseload).
CASELOAD = 25
CASEWORK_ROLES = frozenset(AUTHOR_ROLE.values())


@dataclass
class State:
    counties: list[County]
    templates: list[County]
    staff: int


def county_sizes(youth_total: int, count: int) -> list[int]:
    """Youth in each county, the first the largest: a few large counties hold most of
    the state's youth, as in California (weights 1/rank^0.8)."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(count)]
    total = sum(weights)
    sizes = [max(1, math.floor(youth_total * w / total)) for w in weights]
    sizes[0] += youth_total - sum(sizes)
    return sizes


def make_counties(count: int, sizes: list[int], *, seed: int) -> State:
    fake = Faker(["en_US", "es_MX"])
    fake.seed_instance(seed + 1)
    password_hash = make_password(settings.CARECIRCLE_DEMO_PASSWORD)
    templates = list(County.objects.order_by("pk")[:2])
    counties = list(templates)
    for index in range(len(templates), count):
        name, slug = county_name(index)
        county = account_actions.create_county(
            actor=None, name=name, slug=slug, program_year=date.today().year
        )
        agencies = _make_agencies(county)
        _make_providers(county)
        _make_staff(county, agencies, fake, password_hash)
        counties.append(county)
    # Each county's personas sign in like the demo's (``manage.py demo_code``).
    enrol_demo_authenticators()
    staff = _more_staff(counties, sizes, fake, password_hash)
    _mapping_tables(counties, templates)
    return State(counties=counties, templates=templates, staff=staff)


def _more_staff(counties: list[County], sizes: list[int], fake: Faker, password_hash: str) -> int:
    """Enough people in each role that works with youth for a caseload of about 25."""
    users: list[User] = []
    roles: list[tuple[County, str]] = []
    for county, size in zip(counties, sizes, strict=True):
        wanted = max(1, round(size * OPEN_SHARE / CASELOAD))
        for role in sorted(CASEWORK_ROLES):
            for number in range(2, wanted + 1):
                username = f"{role}.{county.slug}.{number}"
                users.append(
                    User(
                        username=username,
                        email=f"{username}@example.org",
                        password=password_hash,
                        first_name=fake.first_name(),
                        last_name=fake.last_name(),
                        county=county,
                    )
                )
                roles.append((county, role))
    User.objects.bulk_create(users, batch_size=2000)
    agencies = {(a.county_id, a.agency_type): a for a in Agency.objects.all()}
    Membership.objects.bulk_create(
        (
            Membership(user=user, agency=agencies[(county.pk, PERSONA_AGENCY[role])], role=role)
            for user, (county, role) in zip(users, roles, strict=True)
        ),
        batch_size=2000,
    )
    return User.objects.filter(county__isnull=False).count()


def _mapping_tables(counties: list[County], templates: list[County]) -> None:
    """Temporary tables the copies join: each county's agency of a type, person of a
    role (numbered, for spreading youth across caseloads) and provider of a name."""
    county_ids = [c.pk for c in counties]
    template_ids = [c.pk for c in templates]
    with connection.cursor() as cursor:
        for statement in MAPPING_SQL:
            cursor.execute(statement, {"templates": template_ids, "counties": county_ids})


MAPPING_SQL = [
    """CREATE TEMP TABLE synth_agency ON COMMIT DROP AS
       SELECT old.id AS old_id, new.county_id, new.id AS agency_id
         FROM accounts_agency old
         JOIN accounts_agency new ON new.agency_type = old.agency_type
        WHERE old.county_id = ANY(%(templates)s) AND new.county_id = ANY(%(counties)s)""",
    "CREATE UNIQUE INDEX ON synth_agency (old_id, county_id)",
    """CREATE TEMP TABLE synth_provider ON COMMIT DROP AS
       SELECT old.id AS old_id, new.county_id, new.id AS provider_id
         FROM referrals_provider old
         JOIN referrals_provider new ON new.name = old.name
        WHERE old.county_id = ANY(%(templates)s) AND new.county_id = ANY(%(counties)s)""",
    "CREATE UNIQUE INDEX ON synth_provider (old_id, county_id)",
    # Every person of a county in a role, numbered from 0 within the role.
    """CREATE TEMP TABLE synth_staff ON COMMIT DROP AS
       SELECT u.county_id, m.role, u.id AS user_id,
              (row_number() OVER (PARTITION BY u.county_id, m.role ORDER BY u.id) - 1) AS idx,
              count(*) OVER (PARTITION BY u.county_id, m.role) AS n
         FROM accounts_user u
         JOIN accounts_membership m ON m.user_id = u.id
        WHERE u.county_id = ANY(%(counties)s) AND u.is_active""",
    "CREATE UNIQUE INDEX ON synth_staff (county_id, role, idx)",
    # The role of each person of the demo's counties.
    """CREATE TEMP TABLE synth_user_role ON COMMIT DROP AS
       SELECT DISTINCT ON (u.id) u.id AS old_id, m.role
         FROM accounts_user u
         JOIN accounts_membership m ON m.user_id = u.id
        WHERE u.county_id = ANY(%(templates)s)
        ORDER BY u.id, m.id""",
    "CREATE UNIQUE INDEX ON synth_user_role (old_id)",
]
