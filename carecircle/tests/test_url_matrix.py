"""The authorisation matrix: every URL by every persona → the expected answer.

The table is declared here, in one place. ``test_every_url_is_in_the_matrix`` walks
the URL resolver and fails for any route without a row, so a new URL cannot ship
without deciding who may reach it.
"""

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from carecircle.accounts.roles import Role
from carecircle.test import BaseTestCase

LOGIN = "login"  # redirected to sign in
ANON = "anonymous"
B_COORDINATOR = "coordinator_b"  # the other county's coordinator
STATE = "state_analyst"
PERSONAS = [ANON, *Role.values, B_COORDINATOR, STATE]
SIGNED_IN = [p for p in PERSONAS if p != ANON]


def rule(default, **overrides) -> dict[str, object]:
    expected = dict.fromkeys(PERSONAS, default)
    expected.update(overrides)
    return expected


def allowed(*personas: str, default=403, anonymous=LOGIN, **overrides) -> dict[str, object]:
    """Given personas get 200, everyone else ``default``; anonymous goes to sign in."""
    expected = rule(default, **{ANON: anonymous}, **overrides)
    for persona in personas:
        expected[persona] = 200
    return expected


CASE_ROLES = [
    "coordinator",
    "social_worker",
    "probation_officer",
    "clinician",
    "counselor",
    "public_health_nurse",
    "court_liaison",
    "victim_advocate",
    "survivor_mentor",
    "supervisor",
]

# url name → (path arguments, expected answer per persona). The youth in the path is
# county A's dependent, served by child welfare and mental health.
MATRIX: dict[str, tuple[str | None, dict[str, object]]] = {
    "healthz": (None, rule(200)),
    "account_login": (None, rule(302)),
    "account_logout": (None, allowed(*SIGNED_IN, anonymous=302)),
    "account_inactive": (None, rule(200)),
    "account_change_password": (None, allowed(*SIGNED_IN)),
    "set_language": (None, rule(302)),
    "use_notice": (None, rule(200)),
    "home": (None, rule(302, **{ANON: LOGIN})),
    "youth:caseload": (None, allowed(*CASE_ROLES, B_COORDINATOR)),
    "youth:detail": (
        "youth",
        allowed("coordinator", "social_worker", "supervisor", "clinician", default=404),
    ),
    "youth:edit": (
        "youth",
        allowed("coordinator", "social_worker", "supervisor", default=404, clinician=403),
    ),
    "audit:log": (None, allowed("auditor")),
    "county_settings": (None, allowed("county_admin")),
    "composition_policy": (None, allowed("county_admin")),
    "state_overview": (None, allowed(STATE)),
}


def walk(patterns, namespace: str = "") -> Iterator[tuple[str, str | None]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None


class UrlMatrixTest(BaseTestCase):
    def test_every_url_is_in_the_matrix(self):
        routes = list(walk(get_resolver().url_patterns))
        unnamed = [route for route, name in routes if name is None]
        self.assertEqual(unnamed, [], "Every route needs a name to be in the matrix.")
        missing = sorted({name for _, name in routes} - set(MATRIX))
        self.assertEqual(missing, [], "Add these URLs to the authorisation matrix.")
        stale = sorted(set(MATRIX) - {name for _, name in routes})
        self.assertEqual(stale, [], "These matrix rows name URLs that no longer exist.")

    def sign_in_as(self, persona: str) -> None:
        self.client.logout()
        if persona == ANON:
            return
        if persona == B_COORDINATOR:
            self.client.force_login(self.coordinator_b)
        elif persona == STATE:
            self.client.force_login(self.state_analyst)
        else:
            self.client.force_login(self.persona(persona, "a"))

    def test_every_persona_gets_the_declared_answer(self):
        for persona in PERSONAS:
            self.sign_in_as(persona)
            for name, (argument, expected) in MATRIX.items():
                kwargs = {"youth_id": self.youth_cw_a.pk} if argument == "youth" else {}
                url = reverse(name, kwargs=kwargs)
                with self.subTest(persona=persona, url=name):
                    response = self.client.get(url)
                    if expected[persona] == LOGIN:
                        self.assertEqual(response.status_code, 302)
                        self.assertTrue(
                            response["Location"].startswith(reverse("account_login")),
                            response["Location"],
                        )
                    else:
                        self.assertEqual(response.status_code, expected[persona])
