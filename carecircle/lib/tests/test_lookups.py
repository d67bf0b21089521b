import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

from carecircle.accounts.models import County
from carecircle.test import BaseTestCase
from carecircle.youth.models import Youth

Served = Youth.agencies.through


class AnyOfTest(BaseTestCase):
    def test_it_finds_what_in_finds(self):
        youth = [self.youth_cw_a, self.youth_prob_b]
        keys = [y.pk for y in youth]
        cases = [
            (Youth.objects, "pk", keys),
            (Youth.objects, "pk", [str(k) for k in keys]),  # keys as text
            (Youth.objects, "pk", [*keys, keys[0], None, uuid.uuid4()]),  # repeated, none, unknown
            (Served.objects, "youth_id", keys),  # a foreign key
            (County.objects, "pk", [self.county_b.pk, self.county_a.pk]),  # whole numbers
        ]
        for manager, field, wanted in cases:
            with self.subTest(field=field, wanted=wanted):
                found = set(manager.filter(**{f"{field}__any_of": wanted}))
                self.assertTrue(found)
                self.assertEqual(found, set(manager.filter(**{f"{field}__in": wanted})))

    def test_no_keys_match_nothing(self):
        for wanted in ([], [None]):
            with self.subTest(wanted=wanted):
                self.assertFalse(Youth.objects.filter(pk__any_of=wanted).exists())
                self.assertTrue(Youth.objects.exclude(pk__any_of=wanted).exists())

    def test_postgresql_is_given_the_keys_as_one_parameter(self):
        few = [self.youth_cw_a.pk]
        many = [*few, *(uuid.uuid4() for _ in range(500))]
        asked = {}
        for name, keys in (("few", few), ("many", many)):
            with CaptureQueriesContext(connection) as captured:
                list(Youth.objects.filter(pk__any_of=keys))
            asked[name] = captured[0]["sql"]
        if connection.vendor == "postgresql":
            self.assertIn("= ANY(", asked["many"])
            # The keys travel as one parameter, a list, whatever their number.
            query = Youth.objects.filter(pk__any_of=many).order_by().query
            sql, params = query.sql_with_params()
            self.assertTrue(sql.endswith(" = ANY(%s)"), sql)
            self.assertEqual(len(params), 1)
            self.assertEqual(len(params[0]), len(many))
        else:
            # SQLite has no arrays: the keys are listed, as __in lists them.
            self.assertIn(" IN (", asked["many"])
            self.assertGreater(len(asked["many"]), len(asked["few"]) + 500)
