"""For tests: browsers of their own, signed in through the real sign-in pages."""

from django.test import Client
from django.urls import reverse


def signed_in_client(username: str, password: str) -> Client:
    """A new browser that accepts the use notice and signs in with the form."""
    client = Client()
    client.post(reverse("use_notice"), {"next": ""})
    response = client.post(reverse("account_login"), {"login": username, "password": password})
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
