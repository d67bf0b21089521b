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
import json
import secrets
import time
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from carecircle.accounts.tests.loopback import Answer, LoopbackServer, answer, sign_in_page

JSON = "application/json"


class LoopbackProvider(LoopbackServer):
    def __init__(self, *, client_id: str, client_secret: str) -> None:
        super().__init__()
        self.issuer = self.base
        self.client_id = client_id
        self.client_secret = client_secret
        self.people: dict[str, dict] = {}
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "loopback-" + secrets.token_hex(4)
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}

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
        return sign_in_page(
            heading="County identity provider", action="/authorize", hidden=params, error=error
        )

    # The server -------------------------------------------------------------------

    def get(self, path: str, query: dict, headers) -> Answer:
        if path == "/.well-known/openid-configuration":
            return answer(200, json.dumps(self.discovery()), JSON)
        if path == "/jwks":
            return answer(200, json.dumps(self.jwks()), JSON)
        if path == "/authorize":
            if query.get("client_id") != self.client_id:
                return answer(400, "unknown client", "text/plain")
            return answer(200, self.sign_in_page(query))
        if path == "/userinfo":
            person = self.tokens.get(headers.get("Authorization", "").removeprefix("Bearer "))
            if person is None:
                return answer(401, json.dumps({"error": "invalid_token"}), JSON)
            return answer(200, json.dumps(person), JSON)
        return super().get(path, query, headers)

    def post(self, path: str, form: dict, headers) -> Answer:
        if path == "/authorize":
            username = form.pop("username", "")
            if username not in self.people:
                return answer(200, self.sign_in_page(form, "No such account here."))
            code = self.issue_code(form, username)
            back = {"code": code, "state": form.get("state", "")}
            location = f"{form['redirect_uri']}?{urlencode(back)}"
            return answer(302, "", "text/plain", [("Location", location)])
        if path == "/token":
            status, body = self.exchange(form, headers.get("Authorization"))
            return answer(status, json.dumps(body), JSON)
        return super().post(path, form, headers)
