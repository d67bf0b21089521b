"""N+1 queries fail the tests: django-zeal watches every request the tests make."""

from django.conf import settings

from carecircle.test import BaseTestCase
from carecircle.youth.models import Youth


class NPlusOneDetectionTest(BaseTestCase):
    def test_every_request_in_the_tests_is_watched(self):
        self.assertIn("zeal", settings.INSTALLED_APPS)
        self.assertIn("zeal.middleware.zeal_middleware", settings.MIDDLEWARE)
        self.assertTrue(settings.ZEAL_RAISE)

    def test_rows_that_each_query_a_relation_raise(self):
        from zeal import NPlusOneError, zeal_context

        self.assertGreater(Youth.objects.count(), 1)
        with zeal_context(), self.assertRaisesRegex(NPlusOneError, "youth.Youth.aliases"):
            for youth in Youth.objects.all():
                list(youth.aliases.all())
        with zeal_context():  # the same, prefetched: one query for every row
            for youth in Youth.objects.prefetch_related("aliases"):
                list(youth.aliases.all())
