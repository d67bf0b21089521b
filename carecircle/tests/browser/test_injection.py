"""No stored script runs: the known payloads of ``carecircle/tests/payloads`` are stored
in every free-text field, and every page that shows them is opened by a persona who
may see them, in a real Chromium.

The browser ignores the content security policy here (``bypass_csp``), so that only
Django's output escaping stands between a payload and the page: the policy is a second
wall, and this test is about the first. On every page the test fails if a payload's
sink ran (``__xss``, exposed in every frame, or a dialog), if the page navigated away or
opened a frame or window, if the DOM holds anything a payload could have put there
(an event handler attribute, a script URL, an inline script or style, a frame, an
unknown element), or if a payload stored in a field the page shows is not there as
literal text."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from carecircle.tests.browser.helpers import sign_in
from carecircle.tests.payloads import all_payloads
from carecircle.tests.payloads.world import PayloadWorld, build_payload_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Everything in the DOM a payload could have put there: the pages' own markup has none
# of it (strict CSP: scripts from /static/ only, no inline scripts or styles).
DOM_CHECK = """() => {
  const bad = [];
  const staticRoot = location.origin + "/static/";
  const scriptUrl = /^(javascript|vbscript|data|livescript):/i;
  const urlAttributes = new Set(["href", "src", "action", "formaction", "data", "poster",
    "background", "xlink:href", "srcset", "codebase", "cite", "ping", "lowsrc", "dynsrc",
    "values", "to", "from", "by"]);
  const bannedTags = new Set(["IFRAME", "FRAME", "FRAMESET", "OBJECT", "EMBED", "APPLET",
    "BASE", "TEMPLATE", "STYLE", "MARQUEE", "ISINDEX", "XMP", "LISTING", "PLAINTEXT",
    "AUDIO", "VIDEO", "SOURCE", "PICTURE", "NOEMBED", "NOFRAMES"]);
  const svgTags = new Set(["svg", "g", "rect", "text", "tspan", "line", "path", "title",
    "desc", "use", "circle", "polygon", "polyline"]);
  const describe = (el) => el.tagName + (el.id ? "#" + el.id : "");
  for (const el of document.querySelectorAll("*")) {
    const ns = el.namespaceURI;
    if (ns === "http://www.w3.org/1998/Math/MathML") bad.push("MathML " + describe(el));
    if (ns === "http://www.w3.org/2000/svg" && !svgTags.has(el.localName))
      bad.push("SVG " + el.localName);
    if (bannedTags.has(el.tagName)) bad.push("element " + describe(el));
    if (el instanceof HTMLUnknownElement) bad.push("unknown element " + el.tagName);
    if (el.shadowRoot) bad.push("shadow root on " + describe(el));
    if (el.tagName === "SCRIPT" && !(el.src || "").startsWith(staticRoot))
      bad.push("script " + (el.src || el.textContent.slice(0, 60)));
    if (el.tagName === "LINK" && !(el.href || "").startsWith(staticRoot))
      bad.push("link " + el.href);
    if (el.tagName === "META" && (el.httpEquiv || el.closest("body")))
      bad.push("meta " + el.outerHTML.slice(0, 80));
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      if (name.startsWith("on")) bad.push(describe(el) + " " + name);
      if (name === "style" || name === "srcdoc" || name === "contenteditable"
          || name.startsWith("hx-") || name.startsWith("ng-") || name === "data-bind"
          || name.startsWith("x-") || name.startsWith("v-"))
        bad.push(describe(el) + " " + name);
      if (urlAttributes.has(name)
          && scriptUrl.test(value.replace(/[\\u0000-\\u0020]/g, "")))
        bad.push(describe(el) + " " + name + "=" + value.slice(0, 60));
    }
  }
  const values = [...document.querySelectorAll("input, textarea, select")]
    .map((el) => el.value || "");
  return {bad, text: document.body.textContent + " " + values.join(" ")};
}"""


def squeezed(text: str) -> str:
    """Text without whitespace: pages wrap and break lines, payloads stay in order."""
    return "".join(text.split())


class Watch:
    """Whatever a payload would do if it ran: call the sink, open a dialog or a window."""

    def __init__(self, context, page: Page) -> None:
        self.runs: list = []
        self.dialogs: list[str] = []
        self.popups: list[str] = []

        def dismissed(dialog) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        context.expose_function("__xss", lambda *args: self.runs.append(args))
        context.on("page", lambda opened: self.popups.append(opened.url))
        page.on("dialog", dismissed)

    def take(self) -> list[str]:
        seen = [f"ran __xss{args}" for args in self.runs]
        seen += [f"opened a dialog: {m}" for m in self.dialogs]
        seen += [f"opened a window: {u}" for u in self.popups]
        self.runs.clear()
        self.dialogs.clear()
        self.popups.clear()
        return seen


NAMES = ["youth.first_name", "youth.last_name"]
PROFILE = [
    "youth.preferred_name",
    "youth.gender_description",
    "youth.pronouns",
    "youth.preferred_language",
    "youth.tribal_affiliation",
    "youth.school_name",
    "youth.school_grade",
]
CASELOAD = [
    f"{who}.{name}"
    for who in ("youth", "other_1", "other_2", "other_3", "other_4")
    for name in ("first_name", "last_name", "preferred_name")
] + [f"imported_{n}.{name}" for n in range(2) for name in ("first_name", "last_name")]
JUSTICE = [
    "justice.law_enforcement_agency",
    "justice.details",
    "justice.petition_notes",
    "justice.facility",
    "justice.program",
    "justice.diversion_outcome",
    "justice.hearing_outcome",
]
PROVIDER = [
    "provider.name",
    "provider.languages",
    "provider.counties_served",
    "provider.capacity_notes",
    "provider.contact",
]
EPISODE = [
    "episode.reported_by",
    "episode.circumstances",
    "episode_report.recipient",
    "episode_report.reference",
    "episode.return_notes",
    "episode.why_left",
    "episode.while_away",
]


def pages_to_open(pw: PayloadWorld) -> dict[str, list[tuple[str, list[str]]]]:
    """Each persona's pages, and the payload slots (``PayloadWorld.placed``) each page
    shows in full."""
    o = pw.objects

    def at(name: str, **kwargs) -> str:
        return reverse(name, kwargs={"youth_id": pw.youth.pk, **kwargs})

    meeting, held = o["meeting"].pk, o["held_meeting"].pk
    return {
        "coordinator_a": [
            (reverse("youth:caseload"), CASELOAD),
            (
                at("youth:detail"),
                NAMES
                + PROFILE
                + [
                    "agency.name",
                    "youth.other_name",
                    "youth.identifier",
                    "contact.name",
                    "contact.organisation",
                    "placement.name",
                    "identification.identified_by",
                    "identification.summary",
                    "note_0.subject",
                    "note_1.subject",
                    "probation_note.subject",
                    "document.title",
                    "screening.tool_name",
                ],
            ),
            (at("youth:edit"), NAMES + PROFILE),
            (at("youth:other_names"), [*NAMES, "youth.other_name", "youth.identifier"]),
            (
                at("youth:contacts"),
                [*NAMES, "contact.name", "contact.organisation", "contact.phone", "contact.notes"],
            ),
            (
                at("youth:placement_address", placement_id=o["placement"].pk),
                [*NAMES, "placement.name", "placement.address"],
            ),
            (
                at("youth:timeline"),
                [
                    *NAMES,
                    "note_0.subject",
                    "note_1.subject",
                    "probation_note.subject",
                    "document.title",
                    "placement.name",
                    "identification.identified_by",
                ],
            ),
            (
                at("records:note", item_id=o["notes"][0].pk),
                [*NAMES, "note_0.subject", "note_0.body"],
            ),
            (
                at("records:note_print", item_id=o["notes"][1].pk),
                [*NAMES, "note_1.subject", "note_1.body"],
            ),
            (
                at("records:note", item_id=o["probation_note"].pk),
                [*NAMES, "probation_note.subject", "probation_note.body", "court_order.reference"],
            ),
            (at("records:document", item_id=o["document"].pk), [*NAMES, "document.title"]),
            (
                at("screening:detail", screening_id=o["external_screening"].pk),
                [
                    *NAMES,
                    "screening.tool_name",
                    "screening.tool_version",
                    "screening.indicator",
                    "external_screening.screener",
                ],
            ),
            (
                at("screening:detail", screening_id=o["scored_screening"].pk),
                [*NAMES, "scored_screening.screener"],
            ),
            (at("missing:episode", episode_id=o["episode"].pk), NAMES + EPISODE),
            (
                at("missing:whereabouts", episode_id=o["episode"].pk),
                [*NAMES, "episode.whereabouts"],
            ),
            (
                reverse("clocks:obligation", kwargs={"obligation_id": o["task"].pk}),
                [*NAMES, "task.evidence"],
            ),
            (
                reverse("clocks:due") + "?scope=county",
                [*NAMES, "user.first_name", "user.last_name"],
            ),
            (at("meetings:list"), NAMES),
            (
                at("meetings:detail", meeting_id=meeting),
                [
                    *NAMES,
                    "meeting.place",
                    "meeting.agenda",
                    "section.heading",
                    "section.body",
                    "action_item.description",
                    "action_item.outcome",
                    "user.first_name",
                    "user.last_name",
                ],
            ),
            (at("meetings:edit", meeting_id=meeting), ["meeting.place", "meeting.agenda"]),
            (at("meetings:agenda", meeting_id=meeting), ["meeting.place", "meeting.agenda"]),
            (
                at("meetings:detail", meeting_id=held),
                [*NAMES, "held_meeting.place", "meeting.missing_reason"],
            ),
            (
                at("referrals:plan"),
                [*NAMES, "need.description", "need.youth_goal", "provider.name"],
            ),
            (
                at("referrals:referral", referral_id=o["referral"].pk),
                [
                    *NAMES,
                    "provider.name",
                    "referral.note",
                    "referral.shared",
                    "referral.barriers",
                    "referral.outcome",
                ],
            ),
            (reverse("providers"), PROVIDER),
            (at("justice:overview"), NAMES + JUSTICE),
            (at("sharing:team"), [*NAMES, "agency.name", "user.first_name", "user.last_name"]),
            (at("sharing:window"), [*NAMES, "window.good_cause"]),
            (at("sharing:consents"), NAMES),
            (
                at("sharing:consent", consent_id=o["consent"].pk),
                [*NAMES, "consent.signer", "consent.information"],
            ),
            (
                at("sharing:consent", consent_id=o["revoked"].pk),
                [
                    *NAMES,
                    "revoked_consent.signer",
                    "revoked_consent.information",
                    "consent.revocation_note",
                ],
            ),
            (at("sharing:access_report"), [*NAMES, "agency.name"]),
            (reverse("alerts"), ["alert.message"]),
            (reverse("api_tokens"), ["token.name"]),
            (reverse("imports:list"), ["import.filename"]),
            (reverse("imports:detail", kwargs={"job_id": o["import"].pk}), ["import.filename"]),
            (reverse("reports:dashboard"), ["agency.name"]),
        ],
        "county_admin_a": [
            (reverse("county_settings"), ["agency.name", "user.first_name", "user.last_name"]),
            (reverse("composition_policy"), ["composition.note"]),
        ],
        "auditor_a": [(reverse("audit:log"), [])],
        "supervisor_a": [(reverse("sharing:break_glass_reviews"), [*NAMES, "break_glass.reason"])],
        "state_analyst": [
            (reverse("state_overview"), ["county.name"]),
            (reverse("reports:statewide"), ["county.name"]),
        ],
    }


def assert_every_payload_is_on_an_opened_page(pw: PayloadWorld, pages: dict) -> None:
    """A payload no opened page shows would prove nothing."""
    shown = {slot for urls in pages.values() for _url, slots in urls for slot in slots}
    assert set(pw.placed) - pw.hidden - shown == set()
    assert shown - set(pw.placed) == set()
    on_pages = {p.number for slot in shown for p in pw.placed[slot]}
    assert on_pages == {p.number for p in all_payloads()}


def test_no_stored_payload_runs_on_any_page(browser: Browser, live_server, world):
    pw = build_payload_world(world)
    pages = pages_to_open(pw)
    assert_every_payload_is_on_an_opened_page(pw, pages)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    watch = Watch(context, page)
    problems: list[str] = []
    for persona, urls in pages.items():
        context.clear_cookies()
        sign_in(page, live_server.url, world[persona].username)
        for url, slots in urls:
            address = f"{live_server.url}{url}"
            response = page.goto(address)
            if response is None or response.status != 200:
                problems.append(f"{persona} {url}: answered {response and response.status}")
                continue
            # Handlers that wait for an image error, an animation or focus get a moment.
            page.wait_for_timeout(50)
            found = page.evaluate(DOM_CHECK)
            problems += [f"{persona} {url}: {bad}" for bad in found["bad"]]
            problems += [f"{persona} {url}: {seen}" for seen in watch.take()]
            if page.url != address or len(page.frames) != 1:
                problems.append(f"{persona} {url}: went to {page.url}, {len(page.frames)} frames")
            text = squeezed(found["text"])
            for slot in slots:
                missing = [p.number for p in pw.placed[slot] if squeezed(p.text) not in text]
                if missing:
                    problems.append(f"{persona} {url}: {slot} not shown as text: {missing}")
    context.close()
    assert problems == [], "\n".join(problems)


def test_the_checks_catch_payloads_written_into_a_page_unescaped(browser: Browser):
    """Guards the guard: payloads written into a page as markup trip every check."""
    wanted = {
        "script": "<script>__xss(",
        "handler": "<img src=x onerror=__xss(",
        "dialog": "<script>alert(",
        "frame": '<iframe srcdoc="<script>parent.__xss(',
        "link": '<a href="javascript:__xss(',
    }
    chosen = {
        key: next(p for p in all_payloads() if p.text.startswith(start))
        for key, start in wanted.items()
    }
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    watch = Watch(context, page)
    markup = "".join(p.text for p in chosen.values())
    page.set_content(f"<!DOCTYPE html><html><body><main>{markup}</main></body></html>")
    page.wait_for_timeout(300)
    found = page.evaluate(DOM_CHECK)
    seen = watch.take()
    context.close()
    for key in ("script", "handler", "frame"):
        assert f"ran __xss({chosen[key].number},)" in seen, (key, seen)
    assert f"opened a dialog: {chosen['dialog'].number}" in seen
    assert any("onerror" in bad for bad in found["bad"])
    assert any("IFRAME" in bad for bad in found["bad"])
    assert any("href=javascript:" in bad for bad in found["bad"])
    assert any(bad.startswith("script ") for bad in found["bad"])
    assert squeezed(chosen["handler"].text) not in squeezed(found["text"])
