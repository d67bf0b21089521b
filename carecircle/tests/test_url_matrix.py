"""The authorisation matrix: every URL by every persona (and record class) → the answer.

The table is declared in one place, ``tests/matrix/cases.py``; its world is in
``tests/matrix/world.py``. ``test_every_url_is_in_the_matrix`` walks
the URL resolver and fails for any route without a row, so a new URL cannot ship
without deciding who may reach it. The expected answers are written out, not computed
from the policy: this is the policy's specification.
"""

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from carecircle.accounts.roles import Role
from carecircle.tests.matrix import (
    ANON,
    B_COORDINATOR,
    B_PERSONAS,
    CASES,
    LOGIN,
    PERSONAS,
    STATE,
    MatrixWorld,
)


def walk(patterns, namespace: str = "") -> Iterator[tuple[str, str | None]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None


class UrlMatrixTest(MatrixWorld):
    def test_every_url_is_in_the_matrix(self):
        routes = list(walk(get_resolver().url_patterns))
        unnamed = [route for route, name in routes if name is None]
        self.assertEqual(unnamed, [], "Every route needs a name to be in the matrix.")
        declared = {name for name, _, _ in CASES}
        missing = sorted({name for _, name in routes} - declared)
        self.assertEqual(missing, [], "Add these URLs to the authorisation matrix.")
        stale = sorted(declared - {name for _, name in routes})
        self.assertEqual(stale, [], "These matrix rows name URLs that no longer exist.")

    # The personas in three parts, so that parallel test workers share the matrix.
    def test_county_a_gets_the_declared_answer(self):
        self.assert_declared_answers([p for p in PERSONAS if p in Role.values])

    def test_county_b_gets_the_declared_answer(self):
        self.assert_declared_answers([B_COORDINATOR, *B_PERSONAS])

    def test_anonymous_and_the_state_get_the_declared_answer(self):
        self.assert_declared_answers([ANON, STATE])

    def test_the_parts_cover_every_persona(self):
        parts = [*Role.values, B_COORDINATOR, *B_PERSONAS, ANON, STATE]
        self.assertEqual(sorted(parts), sorted(PERSONAS))

    def assert_declared_answers(self, personas: list[str]) -> None:
        for persona in personas:
            self.sign_in_as(persona)
            for name, subject, expected in CASES:
                url = self.url_for(name, subject)
                with self.subTest(persona=persona, url=name, subject=subject):
                    response = self.client.get(url)
                    if expected[persona] == LOGIN:
                        self.assertEqual(response.status_code, 302)
                        self.assertTrue(
                            response["Location"].startswith(reverse("account_login")),
                            response["Location"],
                        )
                    else:
                        self.assertEqual(response.status_code, expected[persona])
