"""A SAML 2.0 identity provider on loopback, for the tests: a real HTTP server that
takes a service provider's AuthnRequest (HTTP-Redirect binding), shows its own sign-in
page and answers with a Response whose assertion it signs with its own key (xmlsec, RSA
SHA-256), posted back to the service provider (HTTP-POST binding), as a county's
identity provider would. It is no mock of the client library: allauth and python3-saml
check real signed XML, and a browser signs in through its pages.

People are registered with their attributes; the sign-in page asks for the username
only (the provider's own password and second step are not what is under test).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import secrets
import zlib

from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from carecircle.accounts.tests.loopback import Answer, LoopbackServer, answer, sign_in_page
from carecircle.demo.builder.saml import signing_pair

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
EMAIL_ATTRIBUTE = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
METHODS_ATTRIBUTE = "http://schemas.microsoft.com/claims/authnmethodsreferences"
PASSWORD = "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password"
MULTIPLE = "http://schemas.microsoft.com/claims/multipleauthn"


def _instant(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class LoopbackSamlProvider(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.key, self.certificate = signing_pair()
        self.people: dict[str, dict] = {}
        self.entity_id = f"{self.base}/saml/metadata"
        self.sso_url = f"{self.base}/saml/sso"

    def add_person(
        self, username: str, *, email: str | None = None, methods=(PASSWORD, MULTIPLE), **more
    ) -> None:
        attributes = {METHODS_ATTRIBUTE: list(methods), **more} if methods else {**more}
        if email is not None:
            attributes[EMAIL_ATTRIBUTE] = [email]
        self.people[username] = {
            "name_id": "persistent-" + secrets.token_hex(8),
            "attributes": attributes,
        }

    # The protocol -----------------------------------------------------------------

    @staticmethod
    def read_request(saml_request: str) -> dict:
        """The AuthnRequest of the HTTP-Redirect binding: Base64 of raw DEFLATE."""
        xml = zlib.decompress(base64.b64decode(saml_request), -15)
        root = etree.fromstring(xml)
        return {
            "id": root.get("ID"),
            "acs": root.get("AssertionConsumerServiceURL"),
            "audience": root.findtext(f"{{{SAML}}}Issuer"),
        }

    def response(
        self,
        request: dict,
        username: str,
        *,
        key: str | None = None,
        certificate: str | None = None,
        signed: bool = True,
    ) -> str:
        """A Response to ``request`` (or an unsolicited one if its id is None) for the
        person, its assertion signed, as Base64 for the SAMLResponse field."""
        person = self.people[username]
        now = dt.datetime.now(dt.UTC)
        later = _instant(now + dt.timedelta(minutes=5))
        in_response_to = f' InResponseTo="{request["id"]}"' if request.get("id") else ""
        attributes = "".join(
            f'<saml:Attribute Name="{html.escape(name)}">'
            + "".join(
                f"<saml:AttributeValue>{html.escape(value)}</saml:AttributeValue>"
                for value in values
            )
            + "</saml:Attribute>"
            for name, values in person["attributes"].items()
        )
        assertion = (
            f'<saml:Assertion xmlns:saml="{SAML}" ID="_a{secrets.token_hex(16)}" '
            f'Version="2.0" IssueInstant="{_instant(now)}">'
            f"<saml:Issuer>{html.escape(self.entity_id)}</saml:Issuer>"
            "<saml:Subject>"
            '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">'
            f"{person['name_id']}</saml:NameID>"
            '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData{in_response_to} NotOnOrAfter="{later}" '
            f'Recipient="{html.escape(request["acs"])}"/>'
            "</saml:SubjectConfirmation></saml:Subject>"
            f'<saml:Conditions NotBefore="{_instant(now - dt.timedelta(minutes=1))}" '
            f'NotOnOrAfter="{later}"><saml:AudienceRestriction>'
            f"<saml:Audience>{html.escape(request['audience'])}</saml:Audience>"
            "</saml:AudienceRestriction></saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{_instant(now)}" '
            f'SessionIndex="_s{secrets.token_hex(8)}"><saml:AuthnContext>'
            "<saml:AuthnContextClassRef>"
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{attributes}</saml:AttributeStatement>"
            "</saml:Assertion>"
        )
        if signed:
            assertion = OneLogin_Saml2_Utils.add_sign(
                assertion, key or self.key, certificate or self.certificate
            )
            assertion = etree.tostring(etree.fromstring(assertion)).decode()
        response = (
            f'<samlp:Response xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" '
            f'ID="_r{secrets.token_hex(16)}" Version="2.0" IssueInstant="{_instant(now)}" '
            f'Destination="{html.escape(request["acs"])}"{in_response_to}>'
            f"<saml:Issuer>{html.escape(self.entity_id)}</saml:Issuer>"
            '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
            f"</samlp:Status>{assertion}</samlp:Response>"
        )
        return base64.b64encode(response.encode()).decode()

    def sign_in_page(self, query: dict, error: str = "") -> str:
        carried = {k: v for k, v in query.items() if k in ("SAMLRequest", "RelayState")}
        return sign_in_page(
            heading="County identity provider (SAML)", action="/saml/sso", hidden=carried,
            error=error,
        )  # fmt: skip

    @staticmethod
    def post_back_page(acs: str, saml_response: str, relay_state: str) -> str:
        """The HTTP-POST binding: a form the browser sends to the service provider."""
        return (
            '<!doctype html><html lang="en"><head><title>Signed in</title></head><body>'
            "<main><h1>Signed in at the county</h1>"
            f'<form method="post" action="{html.escape(acs)}">'
            f'<input type="hidden" name="SAMLResponse" value="{saml_response}">'
            f'<input type="hidden" name="RelayState" value="{html.escape(relay_state)}">'
            '<button type="submit">Back to Care Circle</button></form></main></body></html>'
        )

    # The server -------------------------------------------------------------------

    def get(self, path: str, query: dict, headers) -> Answer:
        if path == "/saml/sso" and "SAMLRequest" in query:
            return answer(200, self.sign_in_page(query))
        return super().get(path, query, headers)

    def post(self, path: str, form: dict, headers) -> Answer:
        if path != "/saml/sso" or "SAMLRequest" not in form:
            return super().post(path, form, headers)
        username = form.get("username", "")
        if username not in self.people:
            return answer(200, self.sign_in_page(form, "No such account here."))
        request = self.read_request(form["SAMLRequest"])
        signed = self.response(request, username)
        return answer(200, self.post_back_page(request["acs"], signed, form.get("RelayState", "")))
