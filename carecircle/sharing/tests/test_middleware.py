"""The policy's facts (a youth's team, window and emergency access; the consents that
name the viewer) are read once in a read-only request, afresh in one that changes."""

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from carecircle.records.models import Note
from carecircle.sharing import policy
from carecircle.sharing.actions import break_glass
from carecircle.sharing.middleware import PolicyFactsMiddleware
from carecircle.sharing.tests.base import SharingTestCase


def _facts_queries(captured) -> tuple[int, int]:
    """How often the youth's facts, and the consents naming the viewer, were read."""
    sql = [q["sql"] for q in captured.captured_queries]
    return (
        sum('AS "break_glass"' in q for q in sql),
        sum('AS "as_participant"' in q for q in sql),
    )


class PolicyFactsMiddlewareTest(SharingTestCase):
    def lists_twice(self, viewer) -> tuple[tuple[int, int], list[set]]:
        """Notes of the ward listed twice, emergency access opened in between."""
        seen = []
        with CaptureQueriesContext(connection) as captured:
            for turn in range(2):
                notes = Note.objects.filter(youth=self.youth_prob_a)
                seen.append(set(policy.visible_items(viewer, notes, youth=self.youth_prob_a)))
                if turn == 0:
                    break_glass(actor=viewer, youth=self.youth_prob_a, reason="z" * 30)
        return _facts_queries(captured), seen

    def through_middleware(self, method: str):
        outcome = {}

        def view(request):
            viewer = type(self.coordinator_a).objects.get(pk=self.coordinator_a.pk)
            outcome["facts"], outcome["seen"] = self.lists_twice(viewer)
            return HttpResponse()

        request = getattr(RequestFactory(), method)("/")
        PolicyFactsMiddleware(view)(request)
        return outcome

    def test_a_read_only_request_reads_them_once(self):
        outcome = self.through_middleware("get")
        self.assertEqual(outcome["facts"], (1, 1))

    def test_a_request_that_changes_reads_them_each_time(self):
        outcome = self.through_middleware("post")
        self.assertEqual(outcome["facts"], (2, 2))
        # The emergency access opened in between shows at once.
        first, second = outcome["seen"]
        self.assertIn(self.notes["mental_health_youth_controlled"], second - first)

    def test_outside_a_request_they_are_read_each_time(self):
        facts, _seen = self.lists_twice(self.coordinator_a)
        self.assertEqual(facts, (2, 2))
