"""The benchmark's own pages: signed in only, the same access as the real pages, and
the profile without its audit entry is the only difference."""

from django.test import override_settings
from django.urls import reverse

from carecircle.audit.actions import last_change
from carecircle.audit.models import AuditEvent
from carecircle.benchmark.views import audit_writes_left_out
from carecircle.test import BaseTestCase
from carecircle.youth import access


@override_settings(ROOT_URLCONF="carecircle.benchmark.urls", BENCHMARK=True)
class BenchmarkPagesTest(BaseTestCase):
    def test_the_floor_needs_a_sign_in_and_names_the_own_county(self) -> None:
        self.client.logout()
        answer = self.client.get(reverse("benchmark_floor"))
        self.assertEqual(answer.status_code, 302)
        self.login("social_worker")
        answer = self.client.get(reverse("benchmark_floor"))
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.content.decode(), self.county_a.name)

    def test_the_floor_as_a_page_is_laid_out_with_the_header_and_audited(self) -> None:
        url = reverse("benchmark_floor_as_a_page")
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)
        viewer = self.login("social_worker")
        entries = AuditEvent.objects.filter(action="benchmark.viewed")
        changed = last_change(self.county_a)
        answer = self.client.get(url)
        self.assertEqual(answer.status_code, 200)
        self.assertContains(answer, self.county_a.name)
        self.assertContains(answer, 'class="usa-nav-link" href="{}"'.format(reverse("clocks:due")))
        self.assertTemplateUsed(answer, "base.html")
        entry = entries.get()
        self.assertEqual(entry.county_id, self.county_a.pk)
        self.assertEqual(entry.actor_id, viewer.pk)
        # A look, as on every page it stands for: kept figures and counts stay kept.
        self.assertEqual(last_change(self.county_a), changed)

    def test_the_unaudited_profile_writes_no_entry_and_keeps_access(self) -> None:
        self.login("social_worker")
        own = reverse("benchmark_youth_unaudited", args=[self.youth_cw_a.pk])
        audited = reverse("youth:detail", args=[self.youth_cw_a.pk])
        views = AuditEvent.objects.filter(action="youth.view", youth_id=self.youth_cw_a.pk)
        self.assertEqual(self.client.get(own).status_code, 200)
        self.assertEqual(views.count(), 0)
        self.assertEqual(self.client.get(audited).status_code, 200)
        self.assertEqual(views.count(), 1)
        other = reverse("benchmark_youth_unaudited", args=[self.youth_cw_b.pk])
        self.assertEqual(self.client.get(other).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(own).status_code, 302)

    @override_settings(BENCHMARK=False)
    def test_audit_writes_are_left_out_only_in_the_benchmark(self) -> None:
        from django.core.exceptions import ImproperlyConfigured

        from carecircle.audit.actions import record_event

        with self.assertRaises(ImproperlyConfigured), audit_writes_left_out():
            pass
        self.assertIs(access.record_event, record_event)

    def test_audit_writes_come_back_after_the_block(self) -> None:
        from carecircle.audit.actions import record_event

        with audit_writes_left_out():
            self.assertIsNot(access.record_event, record_event)
            with audit_writes_left_out():  # nested: the real one still comes back
                pass
        self.assertIs(access.record_event, record_event)
