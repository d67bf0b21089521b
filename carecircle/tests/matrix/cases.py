"""The authorisation matrix's table: the personas, the rules and, for every URL, the
answer each persona gets. The expected answers are written out, not computed from
the policy: this is the policy's specification."""

from carecircle.accounts.roles import Role

LOGIN = "login"  # redirected to sign in
ANON = "anonymous"
B_COORDINATOR = "coordinator_b"  # the other county's coordinator
STATE = "state_analyst"
# County A's personas by role name; county B's as "b:<role>". The youth and items in
# the table are county A's.
B_PERSONAS = [f"b:{role}" for role in Role.values if role != "coordinator"]
PERSONAS = [ANON, *Role.values, B_COORDINATOR, *B_PERSONAS, STATE]
SIGNED_IN = [p for p in PERSONAS if p != ANON]
CASE_ROLES = [
    "coordinator", "social_worker", "probation_officer", "clinician", "counselor",
    "public_health_nurse", "court_liaison", "victim_advocate", "survivor_mentor", "supervisor",
]  # fmt: skip
# Who may know each youth exists (DOMAIN.md §5; see docs/permissions.md).
SEE_DEPENDENT = ["coordinator", "social_worker", "supervisor", "clinician"]
SEE_WARD = [
    "coordinator", "probation_officer", "counselor", "victim_advocate", "court_liaison",
    "clinician", "public_health_nurse",
]  # fmt: skip


def rule(default, **overrides) -> dict[str, object]:
    expected = dict.fromkeys(PERSONAS, default)
    expected.update(overrides)
    return expected


def mirrored(expected: dict[str, object]) -> dict[str, object]:
    """County pages: each county-B persona gets what its county-A counterpart gets."""
    for persona in B_PERSONAS:
        expected[persona] = expected[persona.removeprefix("b:")]
    return expected


def allowed(*personas: str, default=403, anonymous=LOGIN, **overrides) -> dict[str, object]:
    """The given personas get 200, everyone else ``default``; anonymous goes to sign in.

    County B's personas get what their county-A counterparts get: these are pages of
    one's own county.
    """
    expected = rule(default, **{ANON: anonymous})
    for persona in personas:
        expected[persona] = 200
    expected.update(overrides)
    return mirrored(expected)


def on_youth(*personas: str, **overrides) -> dict[str, object]:
    """Pages about county A's youth: nobody from county B learns the youth exists."""
    expected = allowed(*personas, default=404, **overrides)
    expected.update(dict.fromkeys(B_PERSONAS, 404))
    return expected


def role_then_youth(*personas: str) -> dict[str, object]:
    """Pages that check the role before the youth: other roles get 403 in any county;
    the right role in county B still learns nothing (404), nor does the state."""
    expected = allowed(*personas, **{B_COORDINATOR: 404, STATE: 404})
    for persona in personas:
        if f"b:{persona}" in expected:
            expected[f"b:{persona}"] = 404
    return expected


POST_ONLY = rule(405)

# Who sees the ward's note of each record class, with no consent, window or court order.
NOTE_VIEWERS = {
    "substance_use": ["counselor"],
    "victim_advocate": ["victim_advocate"],
    "probation": SEE_WARD,
    "juvenile_court": SEE_WARD,
    "mental_health": SEE_WARD,
    "health": SEE_WARD,
    "general": SEE_WARD,
    "child_welfare": ["coordinator"],
    "cft": ["coordinator"],
    "mental_health_youth_controlled": ["clinician"],
}
# Printing a court or probation file needs a court order, except for its own agency.
PRINT_VIEWERS = {
    "juvenile_court": (["court_liaison"], [p for p in SEE_WARD if p != "court_liaison"]),
    "probation": (["probation_officer"], [p for p in SEE_WARD if p != "probation_officer"]),
    "substance_use": (["counselor"], []),
}

EXPORT_NOT_OWNER = {B_COORDINATOR: 404}
API_YOUTH_PARTS = [
    "identifications", "screenings", "missing_episodes", "referrals", "meetings", "consents",
]  # fmt: skip
MFA_KEY_URLS = ("mfa_remove_webauthn", "mfa_edit_webauthn")
API_WRITE_ONLY = {
    "episode_report": "episode",
    "episode_return": "episode",
    "episode_debrief": "episode",
    "episode_close": "episode",
    "task_done": "obligation",
    "action_item_done": "action_item",
    "referral_step": "referral",
    "consent_revoke": "consent",
    "import_commit": "import",
}
IMPORTERS = ["coordinator", "social_worker", "probation_officer", "supervisor", B_COORDINATOR]

# (url name, what the path names, expected answer per persona)
CASES: list[tuple[str, str | None, dict[str, object]]] = [
    ("healthz", None, rule(200)),
    ("account_login", None, rule(302)),
    ("account_logout", None, allowed(*SIGNED_IN, anonymous=302)),
    ("account_inactive", None, rule(200)),
    ("account_change_password", None, allowed(*SIGNED_IN)),
    # The second sign-in step (allauth.mfa). Everyone here has an authenticator app and
    # recovery codes; changing them asks for the password again first (302).
    ("account_reauthenticate", None, allowed(*SIGNED_IN)),
    ("mfa_index", None, allowed(*SIGNED_IN)),
    ("mfa_reauthenticate", None, allowed(*SIGNED_IN)),
    ("mfa_list_webauthn", None, allowed(*SIGNED_IN)),
    *[
        (name, None, rule(302, **{ANON: LOGIN}))
        for name in (
            "mfa_activate_totp",
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
            "mfa_add_webauthn",
            "mfa_reauthenticate_webauthn",
        )
    ],
    *[(name, "webauthn_key", rule(302, **{ANON: LOGIN})) for name in MFA_KEY_URLS],
    # Only in the middle of a sign-in: otherwise it sends people on.
    ("mfa_authenticate", None, rule(302)),
    ("mfa_login_webauthn", None, rule(302)),
    # Single sign-on through county A's provider (not contacted: a GET only shows the
    # button that starts it; a callback without a started sign-in is an error page).
    # The use notice comes first for anyone not signed in (302).
    ("openid_connect_login", "sso", rule(200, **{ANON: 302})),
    ("openid_connect_callback", "sso", rule(401)),
    # County B's SAML provider: the same start; the reply address sends any request on to
    # be finished, which without a reply in hand is an error page. The metadata is
    # public (providers fetch it). No single logout is offered.
    ("saml_login", "saml", rule(200, **{ANON: 302})),
    ("saml_acs", "saml", rule(302)),
    ("saml_finish_acs", "saml", rule(401)),
    ("saml_metadata", "saml", rule(200)),
    ("saml_sls", "saml", rule(404)),
    ("socialaccount_login_cancelled", None, rule(200)),
    ("socialaccount_login_error", None, rule(401)),
    ("set_language", None, rule(302)),
    ("use_notice", None, rule(200)),
    ("home", None, rule(302, **{ANON: LOGIN})),
    ("alerts", None, allowed(*SIGNED_IN)),
    ("youth:caseload", None, allowed(*CASE_ROLES, B_COORDINATOR)),
    ("youth:intake", None, allowed(*CASE_ROLES, B_COORDINATOR)),
    ("youth:caseload_export", None, allowed(*CASE_ROLES, B_COORDINATOR)),
    ("youth:create", None, POST_ONLY),
    ("youth:identification_new", "dependent", on_youth(*SEE_DEPENDENT)),
    ("youth:status_change", "status", POST_ONLY),
    ("youth:detail", "dependent", on_youth(*SEE_DEPENDENT)),
    (
        "youth:edit",
        "dependent",
        on_youth("coordinator", "social_worker", "supervisor", clinician=403),
    ),
    (
        "youth:other_names",
        "dependent",
        on_youth("coordinator", "social_worker", "supervisor", clinician=403),
    ),
    ("youth:contacts", "dependent", on_youth(*SEE_DEPENDENT)),
    (
        "youth:placement_new",
        "dependent",
        on_youth("coordinator", "social_worker", "supervisor", clinician=403),
    ),
    # A general placement of the ward, by probation: the MDT sees the setting, and only
    # those who place and supervise youth open the address (the supervisor here is child
    # welfare's, and does not know the ward).
    (
        "youth:placement_address",
        "placement",
        on_youth(
            "coordinator",
            "probation_officer",
            **{p: 403 for p in SEE_WARD if p not in ("coordinator", "probation_officer")},
        ),
    ),
    (
        "youth:merge",
        "dependent",
        on_youth("coordinator", social_worker=403, supervisor=403, clinician=403),
    ),
    ("youth:timeline", "dependent", on_youth(*SEE_DEPENDENT)),
    ("clocks:due", None, allowed(*CASE_ROLES, B_COORDINATOR)),
    ("clocks:protocol", None, allowed("county_admin")),
    ("clocks:preferences", None, allowed(*Role.values, B_COORDINATOR)),
    # A missing episode of the dependent, recorded by child welfare as a general item:
    # its tasks are seen by whoever sees the episode that started them.
    ("clocks:obligation", "obligation", on_youth(*SEE_DEPENDENT)),
    (
        "missing:new",
        "dependent",
        on_youth("coordinator", "social_worker", "supervisor", clinician=403),
    ),
    ("missing:episode", "episode", on_youth(*SEE_DEPENDENT)),
    (
        "missing:whereabouts",
        "episode",
        on_youth("coordinator", "social_worker", "supervisor", clinician=403),
    ),
    ("meetings:list", "ward", on_youth(*SEE_WARD)),
    (
        "meetings:new",
        "ward",
        on_youth("coordinator", **{p: 403 for p in SEE_WARD if p != "coordinator"}),
    ),
    ("meetings:detail", "meeting", on_youth(*SEE_WARD)),
    (
        "meetings:edit",
        "meeting",
        on_youth("coordinator", **{p: 403 for p in SEE_WARD if p != "coordinator"}),
    ),
    ("meetings:ics", "meeting", on_youth(*SEE_WARD)),
    ("meetings:pdf", "meeting", on_youth(*SEE_WARD)),
    ("meetings:agenda", "meeting", on_youth(*SEE_WARD)),
    ("referrals:plan", "dependent", on_youth(*SEE_DEPENDENT)),
    # A general referral by child welfare on the dependent, seen as its screening is.
    ("referrals:referral", "referral", on_youth(*SEE_DEPENDENT)),
    ("providers", None, allowed(*CASE_ROLES, "county_admin", B_COORDINATOR)),
    ("justice:overview", "ward", on_youth(*SEE_WARD)),
    ("justice:record", "justice_kind", on_youth(*SEE_WARD)),
    ("justice:diversion_move", "diversion", POST_ONLY),
    ("audit:log", None, allowed("auditor")),
    ("county_settings", None, allowed("county_admin")),
    ("composition_policy", None, allowed("county_admin")),
    ("county_people", None, allowed("county_admin")),
    ("county_sign_in", None, allowed("county_admin")),
    ("county_person_new", None, allowed("county_admin")),
    # County A's social worker: the other county's administrator learns nothing of them.
    ("county_person_roles", "person", {**allowed("county_admin"), "b:county_admin": 404}),
    ("county_person_password", "person", {**allowed("county_admin"), "b:county_admin": 404}),
    ("county_person_role_end", "membership", POST_ONLY),
    ("county_person_disable", "person", POST_ONLY),
    ("county_person_enable", "person", POST_ONLY),
    ("county_person_unlock", "person", POST_ONLY),
    ("county_person_sign_out", "person", POST_ONLY),
    ("state_overview", None, allowed(STATE)),
    ("reports:dashboard", None, allowed("coordinator", "supervisor", B_COORDINATOR)),
    ("reports:program", None, allowed("coordinator", "supervisor", B_COORDINATOR)),
    ("reports:export_new", None, POST_ONLY),
    # County A's coordinator's program report file: theirs alone. Report readers learn
    # nothing of another's file (404); other roles are refused the reports (403).
    *[
        (name, "export", allowed("coordinator", supervisor=404, **EXPORT_NOT_OWNER))
        for name in ("reports:export", "reports:export_download")
    ],
    ("reports:statewide", None, allowed(STATE)),
    # The API answers as the pages do; without a session or token it says 401.
    ("api:schema", None, rule(200)),
    ("api:docs", None, rule(200)),
    ("api:youth_list", None, allowed(*CASE_ROLES, B_COORDINATOR, anonymous=401)),
    ("api:youth_export", None, allowed(*CASE_ROLES, B_COORDINATOR, anonymous=401)),
    ("api:youth_search", None, rule(405, **{ANON: 401})),
    ("api:youth", "dependent", on_youth(*SEE_DEPENDENT, anonymous=401)),
    *[
        (f"api:{part}", "dependent", on_youth(*SEE_DEPENDENT, anonymous=401))
        for part in API_YOUTH_PARTS
    ],
    ("api:tasks", None, allowed(*CASE_ROLES, B_COORDINATOR, anonymous=401)),
    # Write endpoints answer a GET with 405 once they know who asks; the write matrix
    # (carecircle/api/tests/test_write_matrix.py) says who may write.
    *[
        (f"api:{name}", subject, rule(405, **{ANON: 401}))
        for name, subject in API_WRITE_ONLY.items()
    ],
    ("api:action_items", "meeting", on_youth(*SEE_WARD, anonymous=401)),
    ("api:imports", None, allowed(*IMPORTERS, anonymous=401)),
    (
        "api:import",
        "import",
        allowed("coordinator", anonymous=401, **{p: 404 for p in IMPORTERS if p != "coordinator"}),
    ),
    ("api:instruments", None, allowed(*CASE_ROLES, B_COORDINATOR, anonymous=401)),
    (
        "api:providers",
        None,
        allowed(*CASE_ROLES, "county_admin", B_COORDINATOR, anonymous=401),
    ),
    ("api:tasks_export", None, allowed(*CASE_ROLES, B_COORDINATOR, anonymous=401)),
    ("api_tokens", None, allowed(*Role.values, B_COORDINATOR)),
    # Imports add youth: the roles that add youth; a file is its uploader's alone.
    ("imports:list", None, allowed(*IMPORTERS)),
    (
        "imports:detail",
        "import",
        allowed("coordinator", **{p: 404 for p in IMPORTERS if p != "coordinator"}),
    ),
    ("imports:commit", "import", POST_ONLY),
    ("api_token_revoke", "token", POST_ONLY),
    ("county_api_tokens", None, allowed("county_admin")),
    ("county_api_token_revoke", "token", POST_ONLY),
    # De-identified, suppressed statewide figures are public.
    ("public_statewide", None, rule(200)),
    ("public_statewide_csv", None, rule(200)),
    *[
        ("records:note", f"note:{kind}", on_youth(*viewers))
        for kind, viewers in NOTE_VIEWERS.items()
    ],
    *[
        (name, f"note:{kind}", on_youth(*ok, **dict.fromkeys(refused, 403)))
        for kind, (ok, refused) in PRINT_VIEWERS.items()
        for name in ("records:note_print", "records:note_export")
    ],
    ("records:note_new", "dependent", on_youth(*SEE_DEPENDENT)),
    ("records:document_new", "dependent", on_youth(*SEE_DEPENDENT)),
    ("records:document", "court_document", on_youth(*SEE_WARD)),
    ("records:document_file", "court_document", on_youth(*SEE_WARD)),
    (
        "records:document_download",
        "court_document",
        on_youth("court_liaison", **{p: 403 for p in SEE_WARD if p != "court_liaison"}),
    ),
    ("records:court_order", "court_document", POST_ONLY),
    ("screening:new", "dependent", on_youth(*SEE_DEPENDENT)),
    # A general screening by child welfare on the dependent: its own agency sees it
    # (coordinator, social worker, supervisor); the clinician serves the youth but is
    # not on the MDT, and sees it only through the emergency access granted below.
    ("screening:detail", "screening", on_youth(*SEE_DEPENDENT)),
    ("sharing:team", "dependent", on_youth(*SEE_DEPENDENT)),
    ("sharing:team_end", "member", POST_ONLY),
    ("sharing:window", "dependent", on_youth(*SEE_DEPENDENT)),
    ("sharing:consents", "dependent", on_youth(*SEE_DEPENDENT)),
    ("sharing:consent_new", "dependent", on_youth(*SEE_DEPENDENT)),
    # A consent is shown to the agency releasing (here child welfare) and its recipients.
    ("sharing:consent", "consent", on_youth("coordinator", "social_worker", "supervisor")),
    ("sharing:consent_form", "consent", on_youth("coordinator", "social_worker", "supervisor")),
    ("sharing:consent_revoke", "consent", POST_ONLY),
    (
        "sharing:break_glass",
        "dependent",
        on_youth("coordinator", "supervisor", "clinician", social_worker=403),
    ),
    (
        "sharing:access_report",
        "dependent",
        role_then_youth("coordinator", "auditor"),
    ),
    (
        "sharing:disclosures_csv",
        "dependent",
        role_then_youth("coordinator", "auditor"),
    ),
    ("sharing:break_glass_reviews", None, allowed("supervisor")),
    ("sharing:break_glass_review", "grant", POST_ONLY),
    # Sealing orders are recorded by those who record court orders, on a youth they
    # see; the register is kept by the roles that carry the orders out (the setting
    # CARECIRCLE_SEALED_RECORD_ROLES: the court liaison).
    (
        "sealing:seal",
        "ward",
        on_youth(
            "coordinator",
            "court_liaison",
            **{p: 403 for p in SEE_WARD if p not in ("coordinator", "court_liaison")},
        ),
    ),
    ("sealing:register", None, allowed("court_liaison")),
    ("sealing:hold", "sealed", POST_ONLY),
    ("sealing:release_hold", "sealed", POST_ONLY),
    ("sealing:lift", "sealed", POST_ONLY),
]
