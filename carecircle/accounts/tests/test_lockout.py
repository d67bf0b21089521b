from datetime import timedelta

import time_machine
from axes.handlers.proxy import AxesProxyHandler
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from carecircle.accounts import lockout
from carecircle.accounts.testing import fail_sign_ins
from carecircle.test import BaseTestCase


class LockoutTest(BaseTestCase):
    def axes_says_locked(self, username: str) -> bool:
        request = RequestFactory().post(reverse("account_login"))
        return AxesProxyHandler.is_locked(request, {"username": username})

    def test_it_gives_axes_own_answer_before_during_and_after_the_lock(self):
        name = self.probation_officer_a.username
        with time_machine.travel(timezone.now(), tick=False) as clock:
            for failures in range(6):
                with self.subTest(failures=failures):
                    self.assertEqual(lockout.is_locked(name), failures >= 5)
                    self.assertEqual(lockout.is_locked(name), self.axes_says_locked(name))
                if failures < 5:
                    fail_sign_ins(name, 1)
            clock.shift(timedelta(minutes=10, seconds=1))
            self.assertFalse(lockout.is_locked(name))
            self.assertFalse(self.axes_says_locked(name))

    def test_unlocking_clears_the_attempts(self):
        name = self.clinician_a.username
        fail_sign_ins(name, 5)
        self.assertEqual(lockout.unlock(name), 1)
        self.assertFalse(lockout.is_locked(name))
        self.assertFalse(self.axes_says_locked(name))
