"""For tests: browsers of their own, signed in through the real sign-in pages."""

from django.test import Client
from django.urls import reverse

from carecircle.accounts.models import User
from carecircle.demo.builder.mfa import demo_code

_SIGN_INS: dict[str, int] = {}


def next_code(username: str) -> str:
    """The demo authenticator's code for a sign-in in a test: each code is accepted
    once, and one 30-second step either side of now, so sign-ins in turn use the
    current, the next and the previous step. (A test's database, and the cache in it, is
    rolled back after each test, so three sign-ins of one person per test are free.)"""
    turn = _SIGN_INS.get(username, 0)
    _SIGN_INS[username] = turn + 1
    return demo_code(username, step=(0, 1, -1)[turn % 3])


def signed_in_client(username: str, password: str) -> Client:
    """A new browser that accepts the use notice and signs in with the form: the
    password, then the code of the demo authenticator app."""
    client = Client()
    client.post(reverse("use_notice"), {"next": ""})
    response = client.post(reverse("account_login"), {"login": username, "password": password})
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        # The code of the account's own authenticator, however the username was typed.
        canonical = User.objects.get(username__iexact=username).username
        response = client.post(reverse("mfa_authenticate"), {"code": next_code(canonical)})
    if response.status_code != 302 or "_auth_user_id" not in client.session:
        raise AssertionError(f"{username} could not sign in ({response.status_code}).")
    return client


def fail_sign_ins(username: str, times: int) -> Client:
    """A browser that has tried a wrong password ``times`` times for ``username``."""
    client = Client()
    client.post(reverse("use_notice"), {"next": ""})
    for _ in range(times):
        client.post(reverse("account_login"), {"login": username, "password": "not-the-password"})
    return client
