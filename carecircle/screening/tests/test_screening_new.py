from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from carecircle.accounts.roles import AgencyType
from carecircle.clocks.models import Obligation
from carecircle.screening.loader import INSTRUMENTS_DIR
from carecircle.screening.models import InstrumentVersion, Screening
from carecircle.screening.tests.base import (
    EXTERNAL,
    SCREEN,
    ScreeningTestCase,
    answers,
    version_of,
)


class ScreeningNewTest(ScreeningTestCase):
    def url(self, youth=None, **query) -> str:
        url = reverse("screening:new", kwargs={"youth_id": (youth or self.youth_cw_a).pk})
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return url

    def post(self, *, version=1, instrument=SCREEN, **changes):
        data = {
            "instrument": instrument,
            "version": version,
            "agency": self.agencies_a[AgencyType.CHILD_WELFARE].pk,
            "record_class": "general",
            "context": "intake",
            "screened_on": self.yesterday().isoformat(),
            "screener": "Ana Ruiz",
        }
        if instrument == SCREEN:
            data.update({f"item_{k}": v for k, v in answers().items()})
        data.update(changes)
        return self.client.post(self.url(), data)

    def test_it_offers_the_active_instruments_first(self):
        self.login("social_worker")
        response = self.client.get(self.url())
        self.assertContains(response, "Care Circle Exploitation Screen")
        self.assertContains(response, "Result of an external screening tool")
        self.assertContains(response, "Return from missing")

    def test_it_shows_the_questions_of_the_latest_version(self):
        self.login("social_worker")
        response = self.client.get(self.url(instrument=SCREEN, context="periodic"))
        self.assertContains(response, "Has the youth recently had nowhere steady to sleep?")
        self.assertContains(response, 'name="version" value="1"')
        self.assertContains(response, "Safety and housing")
        self.assertContains(
            response, 'value="periodic" class="usa-radio__input" id="id_context_1" required checked'
        )

    def test_it_says_so_when_the_instrument_is_not_offered(self):
        self.login("social_worker")
        response = self.client.get(self.url(instrument="no-such-tool"))
        self.assertContains(response, "Please correct the following")

    def test_it_records_a_scored_screening_with_the_level_worked_out_here(self):
        self.login("social_worker")
        response = self.post(item_youth_says="told", level="no_concern", total_score="0")
        screening = Screening.objects.get()
        self.assertRedirects(
            response,
            reverse(
                "screening:detail",
                kwargs={"youth_id": self.youth_cw_a.pk, "screening_id": screening.pk},
            ),
            fetch_redirect_response=False,
        )
        self.assertEqual((screening.level, screening.total_score), ("clear_concern", 4))
        self.assertEqual(screening.screener, "Ana Ruiz")
        self.assertEqual(Obligation.objects.get().kind, "mdt_referral")
        self.assertContains(self.client.get(response["Location"]), "A task to refer the youth")

    def test_it_records_an_external_result(self):
        self.login("social_worker")
        self.post(
            instrument=EXTERNAL,
            tool_name="CSE-IT",
            tool_version="2.0",
            level="possible_concern",
            indicator_1_name="Housing",
            indicator_1_level="clear_concern",
        )
        screening = Screening.objects.get()
        self.assertEqual(
            (screening.tool_name, screening.level, screening.indicator_levels),
            ("CSE-IT", "possible_concern", [{"label": "Housing", "level": "clear_concern"}]),
        )

    def test_bad_input_changes_nothing_and_says_why(self):
        self.login("social_worker")
        response = self.post(item_controlled="", screened_on="")
        self.assertContains(response, "Please correct the following")
        self.assertContains(response, "Does someone seem to decide where the youth goes")
        self.assertFalse(Screening.objects.exists())
        response = self.post(screened_on=(timezone.localdate() + timedelta(days=3)).isoformat())
        self.assertContains(response, "cannot be in the future")
        response = self.post(
            instrument=EXTERNAL, tool_name="CSE-IT", level="clear_concern", indicator_2_name="X"
        )
        self.assertContains(response, "Choose the indicator&#x27;s level.")
        self.assertFalse(Screening.objects.exists())

    def test_it_shows_the_new_version_when_the_instrument_changed_meanwhile(self):
        v1 = version_of(SCREEN)
        definition = {**v1.definition, "version_label": "1.1"}
        definition["overall"] = {
            **definition["overall"],
            "thresholds": {"possible_concern": 1, "clear_concern": 2},
        }
        InstrumentVersion.objects.create(
            instrument=v1.instrument, number=2, digest="b" * 64, definition=definition
        )
        self.login("social_worker")
        response = self.post(version=1, item_unstable_housing="strong")
        self.assertContains(response, "This screening changed while you were filling it in")
        self.assertContains(response, 'name="version" value="2"')
        # What was chosen is carried over to the new form, to be checked and sent again.
        self.assertContains(response, 'id="id_item_unstable_housing_2" required checked')
        self.assertFalse(Screening.objects.exists())
        self.post(version=2, item_unstable_housing="strong")
        self.assertEqual(Screening.objects.get().instrument_version.number, 2)

    def test_it_refuses_a_youth_under_the_minimum_age_in_plain_words(self):
        from carecircle.youth.actions import create_youth

        young = create_youth(
            actor=None,
            county=self.county_a,
            first_name="Lupe",
            last_name="Ortiz",
            date_of_birth=timezone.localdate() - timedelta(days=8 * 365),
            agencies=[self.agencies_a[AgencyType.CHILD_WELFARE]],
        )
        self.login("social_worker")
        data = {
            "instrument": SCREEN,
            "version": 1,
            "agency": self.agencies_a[AgencyType.CHILD_WELFARE].pk,
            "record_class": "general",
            "context": "intake",
            "screener": "Ana Ruiz",
            "screened_on": self.yesterday().isoformat(),
            **{f"item_{k}": v for k, v in answers().items()},
        }
        response = self.client.post(self.url(youth=young), data)
        self.assertContains(response, "This screening is for youth aged 10 and over.")
        self.assertFalse(Screening.objects.exists())

    def test_it_answers_404_to_another_county_and_to_a_persona_without_the_youth(self):
        for role, county in (("coordinator", "b"), ("probation_officer", "a"), ("auditor", "a")):
            self.login(role, county)
            with self.subTest(role=role, county=county):
                self.assertEqual(self.client.get(self.url()).status_code, 404)
                self.assertEqual(self.post().status_code, 404)
        self.assertFalse(Screening.objects.exists())

    def test_it_asks_anonymous_people_to_sign_in(self):
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_the_shipped_files_are_those_loaded(self):
        self.assertTrue((INSTRUMENTS_DIR / f"{SCREEN}.yaml").exists())
        self.assertEqual(version_of(EXTERNAL).definition["indicator_rows"], 8)
