from carecircle.accounts.models import County
from carecircle.lib.counting import counts_up_to
from carecircle.test import BaseTestCase


class CountsUpToTest(BaseTestCase):
    def test_each_count_is_exact_below_the_limit_and_stops_at_it(self):
        counties = County.objects.all()
        every = counties.count()
        self.assertGreaterEqual(every, 2)
        counts = counts_up_to(
            {"all": counties, "one": counties.filter(pk=self.county_a.pk), "none": counties.none()},
            every,
        )
        self.assertEqual(counts, {"all": every, "one": 1, "none": 0})
        self.assertEqual(counts_up_to({"all": counties}, every - 1), {"all": every - 1})

    def test_the_counts_are_one_query_that_sorts_nothing(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counties = County.objects.order_by("name")
        with CaptureQueriesContext(connection) as asked:
            counts_up_to({"a": counties, "b": counties.filter(name__startswith="R")}, 5)
        # A sort under the limit would read every row before stopping.
        self.assertEqual(len(asked), 1)
        self.assertNotIn("ORDER BY", asked[0]["sql"])

    def test_querysets_of_two_databases_are_refused(self):
        with self.assertRaises(ValueError):
            counts_up_to(
                {"a": County.objects.all(), "b": County.objects.using("elsewhere").all()}, 5
            )
