"""An OpenID Connect provider on loopback, for the tests: a real HTTP server speaking
the protocol (discovery, authorisation code flow, token, user info, signing keys), as a
county's identity provider would. It is no mock of the client library: allauth talks to
it over HTTP, and a browser signs in through its page.

People are registered with their claims; the sign-in page asks for the username only
(the provider's own password and second step are not what is under test).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


class LoopbackProvider:
    def __init__(self, *, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.people: dict[str, dict] = {}
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "loopback-" + secrets.token_hex(4)
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.requests: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add_person(self, username: str, **claims) -> None:
        self.people[username] = {"sub": "sub-" + secrets.token_hex(6), **claims}

    # The protocol -----------------------------------------------------------------

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "scopes_supported": ["openid", "profile", "email"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def issue_code(self, params: dict, username: str) -> str:
        code = secrets.token_urlsafe(24)
        self.codes[code] = {"params": params, "person": self.people[username]}
        return code

    def exchange(self, form: dict, authorization: str | None) -> tuple[int, dict]:
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, client_secret = decoded.partition(":")
        if client_id != self.client_id or client_secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # each code once
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        params = grant["params"]
        if form.get("redirect_uri") != params.get("redirect_uri"):
            return 400, {"error": "invalid_grant"}
        challenge = params.get("code_challenge")
        if challenge:
            verifier = form.get("code_verifier", "").encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
            if digest.decode() != challenge:
                return 400, {"error": "invalid_grant"}
        person = grant["person"]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            **person,
        }
        if params.get("nonce"):
            claims["nonce"] = params["nonce"]
        id_token = jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = person
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def sign_in_page(self, params: dict, error: str = "") -> str:
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in params.items()
        )
        message = f'<p role="alert">{html.escape(error)}</p>' if error else ""
        return (
            '<!doctype html><html lang="en"><head><title>County identity provider</title>'
            "</head><body><main><h1>County identity provider</h1>"
            f'{message}<form method="post" action="/authorize">{hidden}'
            '<label for="username">Username</label>'
            '<input id="username" name="username" autocomplete="username">'
            '<button type="submit">Continue</button></form></main></body></html>'
        )

    # The server -------------------------------------------------------------------

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def send(self, status: int, body, content_type="application/json", headers=()):
                data = body if isinstance(body, bytes) else body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                provider.requests.append(url.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self.send(200, json.dumps(provider.discovery()))
                elif url.path == "/jwks":
                    self.send(200, json.dumps(provider.jwks()))
                elif url.path == "/authorize":
                    if query.get("client_id") != provider.client_id:
                        self.send(400, "unknown client", "text/plain")
                    else:
                        self.send(200, provider.sign_in_page(query), "text/html")
                elif url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    person = provider.tokens.get(token)
                    if person is None:
                        self.send(401, json.dumps({"error": "invalid_token"}))
                    else:
                        self.send(200, json.dumps(person))
                else:
                    self.send(404, "not found", "text/plain")

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                provider.requests.append(url.path)
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if url.path == "/authorize":
                    username = form.pop("username", "")
                    if username not in provider.people:
                        page = provider.sign_in_page(form, "No such account here.")
                        self.send(200, page, "text/html")
                        return
                    code = provider.issue_code(form, username)
                    back = {"code": code, "state": form.get("state", "")}
                    location = f"{form['redirect_uri']}?{urlencode(back)}"
                    self.send(302, "", "text/plain", headers=[("Location", location)])
                elif url.path == "/token":
                    status, body = provider.exchange(form, self.headers.get("Authorization"))
                    self.send(status, json.dumps(body))
                else:
                    self.send(404, "not found", "text/plain")

        return Handler
