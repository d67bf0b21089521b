"""What the test identity providers share: a real HTTP server on loopback, in a thread,
and the provider's own sign-in page (which asks for the username only: the provider's
own password and second step are not what is under test)."""

from __future__ import annotations

import html
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# (status, body, content type, extra headers)
Answer = tuple[int, str, str, list[tuple[str, str]]]


def answer(status: int, body: str, content_type: str = "text/html", headers=()) -> Answer:
    return status, body, content_type, list(headers)


class LoopbackServer:
    """Subclasses answer ``get(path, query, headers)`` and ``post(path, form, headers)``
    with an ``Answer``. Every path asked is kept in ``requests``."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def get(self, path: str, query: dict, headers) -> Answer:
        return answer(404, "not found", "text/plain")

    def post(self, path: str, form: dict, headers) -> Answer:
        return answer(404, "not found", "text/plain")

    def _handler(self):
        served = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def reply(self, found: Answer) -> None:
                status, body, content_type, headers = found
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                served.requests.append(url.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                self.reply(served.get(url.path, query, self.headers))

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                served.requests.append(url.path)
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                self.reply(served.post(url.path, form, self.headers))

        return Handler


def sign_in_page(*, heading: str, action: str, hidden: dict, error: str = "") -> str:
    """The provider's page: its own form, carrying the request along."""
    fields = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in hidden.items()
    )
    message = f'<p role="alert">{html.escape(error)}</p>' if error else ""
    return (
        '<!doctype html><html lang="en"><head><title>County identity provider</title>'
        f"</head><body><main><h1>{html.escape(heading)}</h1>"
        f'{message}<form method="post" action="{html.escape(action)}">{fields}'
        '<label for="username">Username</label>'
        '<input id="username" name="username" autocomplete="username">'
        '<button type="submit">Continue</button></form></main></body></html>'
    )


def county_person(county, agency):
    """Dana Ortiz, a social worker of the county whom the test providers sign in: no
    password in Care Circle, and an e-mail address in another case than the providers'
    (matching ignores case)."""
    from carecircle.accounts.actions import add_membership, create_user

    person = create_user(
        actor=None, username="dana.ortiz", password=None, first_name="Dana",
        last_name="Ortiz", email="Dana.Ortiz@fernhollow.example", county=county,
    )  # fmt: skip
    add_membership(actor=None, user=person, agency=agency, role="social_worker")
    return person
