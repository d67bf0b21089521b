"""The production settings pass ``check --deploy``, and every answer carries its headers.

The production settings are read from a real ``manage.py`` process started with
``CARECIRCLE_ENV=production``, and the header tests run under those very values, so
the two cannot drift apart.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings
from django.test import SimpleTestCase, override_settings
from django.urls import path, reverse

import carecircle.urls
from carecircle.demo.builder.mfa import demo_code
from carecircle.lib.headers import PERMISSIONS_POLICY
from carecircle.test import PASSWORD, BaseTestCase

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATES_DIR = BASE_DIR / "templates"

# The settings that make production differ from development, as the test reads them.
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SILENCED_SYSTEM_CHECKS",
]
PRINT_SETTINGS = (
    "import json; from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name, None) for name in {SECURITY_SETTINGS!r}}}))"
)
HOST = "carecircle.example.gov"


def production_env(var_dir: str, **overrides: str) -> dict[str, str]:
    """The environment of a production start: the operator's own keys and host name."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARECIRCLE_")}
    # The test run sets it for Playwright (conftest.py); a deployment never would.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        CARECIRCLE_ENV="production",
        CARECIRCLE_SECRET_KEY=secrets.token_urlsafe(50),
        CARECIRCLE_AUDIT_KEY=secrets.token_urlsafe(50),
        CARECIRCLE_FIELD_KEYS=Fernet.generate_key().decode(),
        CARECIRCLE_ALLOWED_HOSTS=HOST,
        CARECIRCLE_CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        CARECIRCLE_VAR_DIR=var_dir,
        DJANGO_SETTINGS_MODULE="carecircle.settings",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """A separate Python process, so that the settings are read afresh from ``env``."""
    return subprocess.run(  # noqa: S603 - our own interpreter with fixed arguments
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return python(str(BASE_DIR / "manage.py"), *args, env=env)


def settings_of(env: dict[str, str]) -> dict:
    finished = python("-c", PRINT_SETTINGS, env=env)
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


class ProductionModeTest(SimpleTestCase):
    def setUp(self) -> None:
        self.var_dir = self.enterContext(tempfile.TemporaryDirectory())

    def test_it_passes_the_deployment_check(self):
        finished = manage(
            "check", "--deploy", "--fail-level", "WARNING", env=production_env(self.var_dir)
        )
        output = finished.stdout + finished.stderr
        self.assertEqual(finished.returncode, 0, output)
        self.assertIn("System check identified no issues", output)

    def test_it_passes_the_deployment_check_with_preload_too(self):
        env = production_env(self.var_dir, CARECIRCLE_HSTS_PRELOAD="true")
        finished = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
        output = finished.stdout + finished.stderr
        self.assertEqual(finished.returncode, 0, output)
        self.assertIn("System check identified no issues (1 silenced)", output)
        values = settings_of(env)
        self.assertIs(values["SECURE_HSTS_PRELOAD"], True)
        self.assertNotIn("security.W021", values["SILENCED_SYSTEM_CHECKS"])

    def test_it_serves_https_only(self):
        values = settings_of(production_env(self.var_dir))
        self.assertIs(values["DEBUG"], False)
        self.assertIs(values["SECURE_SSL_REDIRECT"], True)
        self.assertGreaterEqual(values["SECURE_HSTS_SECONDS"], 31_536_000)
        self.assertIs(values["SECURE_HSTS_INCLUDE_SUBDOMAINS"], True)
        self.assertIs(values["SECURE_HSTS_PRELOAD"], False)
        self.assertIs(values["SESSION_COOKIE_SECURE"], True)
        self.assertIs(values["CSRF_COOKIE_SECURE"], True)
        self.assertEqual(values["ALLOWED_HOSTS"], [HOST])
        self.assertEqual(values["CSRF_TRUSTED_ORIGINS"], [f"https://{HOST}"])
        self.assertIsNone(values["SECURE_PROXY_SSL_HEADER"])

    def test_it_trusts_the_proxy_header_it_is_told_of(self):
        env = production_env(self.var_dir, CARECIRCLE_PROXY_SSL_HEADER="X-Forwarded-Proto")
        values = settings_of(env)
        self.assertEqual(values["SECURE_PROXY_SSL_HEADER"], ["HTTP_X_FORWARDED_PROTO", "https"])

    def test_it_refuses_to_start_without_its_keys_and_host_names(self):
        env = production_env(
            self.var_dir,
            CARECIRCLE_SECRET_KEY=None,
            CARECIRCLE_AUDIT_KEY=None,
            CARECIRCLE_ALLOWED_HOSTS=None,
        )
        finished = manage("check", env=env)
        self.assertNotEqual(finished.returncode, 0)
        for name in ("CARECIRCLE_SECRET_KEY", "CARECIRCLE_AUDIT_KEY", "CARECIRCLE_ALLOWED_HOSTS"):
            self.assertIn(f"  {name} - ", finished.stderr)
        # Nothing was generated in its place.
        self.assertFalse((Path(self.var_dir) / "secret_key").exists())

    def test_it_refuses_debug_pages_and_plain_cookies(self):
        for name in ("CARECIRCLE_DEBUG", "CARECIRCLE_SECURE_COOKIES"):
            value = "true" if name == "CARECIRCLE_DEBUG" else "false"
            with self.subTest(name=name):
                finished = manage("check", env=production_env(self.var_dir, **{name: value}))
                self.assertNotEqual(finished.returncode, 0)
                self.assertIn(f"{name} cannot be {value}", finished.stderr)

    def test_it_refuses_the_benchmark_pages(self):
        finished = manage("check", env=production_env(self.var_dir, CARECIRCLE_BENCHMARK="1"))
        self.assertNotEqual(finished.returncode, 0)
        self.assertIn("CARECIRCLE_BENCHMARK cannot be set", finished.stderr)

    def test_it_refuses_an_unknown_environment_name(self):
        finished = manage("check", env=production_env(self.var_dir, CARECIRCLE_ENV="prod"))
        self.assertNotEqual(finished.returncode, 0)
        self.assertIn("CARECIRCLE_ENV must be one of development, production", finished.stderr)

    def test_development_stays_on_plain_http(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("CARECIRCLE_")}
        env.update(CARECIRCLE_VAR_DIR=self.var_dir, DJANGO_SETTINGS_MODULE="carecircle.settings")
        values = settings_of(env)
        self.assertIs(values["SECURE_SSL_REDIRECT"], False)
        self.assertEqual(values["SECURE_HSTS_SECONDS"], 0)
        self.assertIs(values["SESSION_COOKIE_SECURE"], False)
        self.assertIs(values["CSRF_COOKIE_SECURE"], False)
        self.assertEqual(values["ALLOWED_HOSTS"], ["127.0.0.1", "localhost"])


def _fault(request):
    raise RuntimeError("a fault for the error page test")


# The site's own URLs and one that fails, for the error page (see HeadersTest).
urlpatterns = [path("fault/", _fault), *carecircle.urls.urlpatterns]
handler404 = carecircle.urls.handler404
handler500 = carecircle.urls.handler500

CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]{16,})'")


class HeadersTest(BaseTestCase):
    """Representative answers, under the production settings, over HTTPS."""

    @classmethod
    def setUpClass(cls) -> None:
        with tempfile.TemporaryDirectory() as var_dir:
            values = settings_of(production_env(var_dir))
        # The test client's host name, in place of the production one.
        values.pop("ALLOWED_HOSTS")
        values.pop("CSRF_TRUSTED_ORIGINS")
        cls.enterClassContext(override_settings(**values))
        super().setUpClass()

    def get(self, url: str, **kwargs):
        return self.client.get(url, secure=True, **kwargs)

    def assertHeaders(self, response, *, nonce: bool) -> None:
        parts = (part.split() for part in response["Content-Security-Policy"].split(";"))
        policy = {name: values for name, *values in parts}
        nonces = [NONCE.fullmatch(v).group(1) for v in policy["script-src"] if NONCE.match(v)]
        script_src = [v for v in policy["script-src"] if not NONCE.match(v)]
        self.assertEqual({**policy, "script-src": script_src}, CSP_DIRECTIVES)
        self.assertEqual(len(nonces), 1 if nonce else 0)
        if nonce:
            scripts = re.findall(rb"<script\b[^>]*>", response.content)
            self.assertTrue(scripts)
            for tag in scripts:
                if b'type="application/json"' in tag:
                    continue  # data for a script (allauth's passkey button), never run
                self.assertIn(f'nonce="{nonces[0]}"'.encode(), tag)
        self.assertNotIn("report-uri", response["Content-Security-Policy"])
        self.assertNotIn("report-to", response["Content-Security-Policy"])
        self.assertEqual(
            response["Strict-Transport-Security"], "max-age=31536000; includeSubDomains"
        )
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
        self.assertEqual(response["Permissions-Policy"], PERMISSIONS_POLICY)

    def test_the_permissions_policy_allows_passkeys_and_nothing_else(self):
        features = dict(part.split("=") for part in PERMISSIONS_POLICY.split(", "))
        allowed = {name for name, allow in features.items() if allow != "()"}
        self.assertEqual(allowed, {"publickey-credentials-create", "publickey-credentials-get"})
        self.assertEqual(features["publickey-credentials-get"], "(self)")
        for name in ("camera", "microphone", "geolocation", "payment", "usb"):
            self.assertEqual(features[name], "()")

    def test_it_sends_plain_http_to_https_but_not_the_health_check(self):
        response = self.client.get(reverse("use_notice"))
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "https://testserver/notice/")
        self.assertEqual(self.client.get(reverse("healthz")).status_code, 200)

    def test_the_sign_in_page(self):
        self.client.post(reverse("use_notice"), {"next": ""}, secure=True)
        page = self.get(reverse("account_login"))
        self.assertEqual(page.status_code, 200)
        self.assertHeaders(page, nonce=True)
        # allauth marks it never_cache, which includes no-store.
        self.assertIn("no-store", page["Cache-Control"].split(", "))
        csrf = page.cookies[settings.CSRF_COOKIE_NAME]
        self.assertIs(csrf["secure"], True)
        self.assertEqual(csrf["samesite"], "Lax")

        password = self.client.post(
            reverse("account_login"),
            {"login": self.coordinator_a.username, "password": PASSWORD},
            secure=True,
        )
        self.assertRedirects(password, reverse("mfa_authenticate"), fetch_redirect_response=False)
        self.assertHeaders(password, nonce=False)
        signed_in = self.client.post(
            reverse("mfa_authenticate"),
            {"code": demo_code(self.coordinator_a.username)},
            secure=True,
        )
        self.assertRedirects(signed_in, reverse("home"), fetch_redirect_response=False)
        self.assertHeaders(signed_in, nonce=False)
        self.assertIn("no-store", signed_in["Cache-Control"].split(", "))
        session = signed_in.cookies[settings.SESSION_COOKIE_NAME]
        self.assertIs(session["secure"], True)
        self.assertIs(session["httponly"], True)
        self.assertEqual(session["samesite"], "Lax")

    def test_a_page_about_a_youth(self):
        self.login("coordinator")
        page = self.get(reverse("youth:detail", args=[self.youth_cw_a.pk]))
        self.assertContains(page, "Delgado")
        self.assertHeaders(page, nonce=True)
        self.assertEqual(page["Cache-Control"], "no-store")

    def test_an_api_answer(self):
        self.login("coordinator")
        answer = self.get(reverse("api:youth_list"))
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer["Content-Type"], "application/json")
        self.assertHeaders(answer, nonce=False)
        self.assertEqual(answer["Cache-Control"], "no-store")

    def test_the_api_documentation(self):
        page = self.get(reverse("api:docs"))
        self.assertEqual(page.status_code, 200)
        self.assertHeaders(page, nonce=True)
        self.assertEqual(page["Cache-Control"], "no-store")

    def test_a_file_download(self):
        self.login("coordinator")
        download = self.get(reverse("youth:caseload_export"))
        self.assertEqual(download.status_code, 200)
        self.assertIn("attachment", download["Content-Disposition"])
        self.assertHeaders(download, nonce=False)
        self.assertEqual(download["Cache-Control"], "no-store")

    def test_the_not_found_page(self):
        for signed_in in (False, True):
            with self.subTest(signed_in=signed_in):
                if signed_in:
                    self.login("coordinator")
                page = self.get("/no-such-page/")
                self.assertContains(page, "Nothing here", status_code=404)
                self.assertHeaders(page, nonce=True)
                self.assertEqual(page["Cache-Control"], "no-store")

    @override_settings(ROOT_URLCONF=__name__)
    def test_the_error_page(self):
        self.login("coordinator")
        self.client.raise_request_exception = False
        with self.assertLogs("django.request", "ERROR"):
            page = self.get("/fault/")
        self.assertContains(page, "Something went wrong", status_code=500)
        self.assertHeaders(page, nonce=False)
        self.assertEqual(page["Cache-Control"], "no-store")

    def test_the_public_statewide_figures_may_be_cached_for_the_public(self):
        for name in ("public_statewide", "public_statewide_csv"):
            with self.subTest(name=name):
                answer = self.get(reverse(name))
                self.assertEqual(answer.status_code, 200)
                self.assertHeaders(answer, nonce=name == "public_statewide")
                self.assertFalse(answer.has_header("Cache-Control"))

    def test_the_public_statewide_page_is_not_kept_for_a_signed_in_person(self):
        self.login("coordinator")
        page = self.get(reverse("public_statewide"))
        self.assertContains(page, self.coordinator_a.display_name)
        self.assertEqual(page["Cache-Control"], "no-store")

    def test_static_files_stay_cacheable(self):
        self.login("coordinator")
        asset = self.get(settings.STATIC_URL + "css/carecircle.css")
        self.assertEqual(asset.status_code, 200)
        self.assertNotIn("no-store", asset.get("Cache-Control", ""))
        self.assertEqual(asset["X-Content-Type-Options"], "nosniff")
        self.assertIn("max-age=31536000", asset["Strict-Transport-Security"])


class TemplatesTest(SimpleTestCase):
    """The policy forbids inline script and style; the templates never need them.

    The PDF templates keep their <style>: WeasyPrint reads them, no browser does.
    """

    def templates(self):
        for template in sorted(TEMPLATES_DIR.rglob("*.html")):
            yield template.relative_to(TEMPLATES_DIR), template.read_text()

    def test_every_script_is_a_file_with_the_nonce(self):
        for name, text in self.templates():
            for tag, body in re.findall(r"(<script\b[^>]*>)(.*?)</script>", text, re.S):
                with self.subTest(template=str(name), tag=tag):
                    self.assertIn(" src=", tag)
                    self.assertIn('nonce="{{ CSP_NONCE }}"', tag)
                    self.assertEqual(body.strip(), "")

    def test_no_inline_style_or_event_handler(self):
        for name, text in self.templates():
            with self.subTest(template=str(name)):
                self.assertNotRegex(text, r"\sstyle\s*=")
                self.assertNotRegex(text, r"\son[a-z]+\s*=")
                self.assertNotIn("javascript:", text)
                if not name.name.endswith("_pdf.html"):
                    self.assertNotIn("<style", text)
