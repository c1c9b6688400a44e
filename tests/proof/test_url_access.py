"""Every URL pattern × every kind of user against ONE declared table of who may do what (as
manage.get.gov's test_url_auth.py does). The URLconf is walked whole (get_resolver(),
recursively: pages, the API, the schema, and /admin/ as one family); path parameters are filled
from the proof's world (tests/proof/world.py); a pattern with no row in TABLE fails
test_every_pattern_has_a_row, so a new URL must be declared here.

Outcomes: OK (2xx, or 3xx anywhere but the login page), LOGIN (sent to log in), UNAUTH (API 401),
FORBIDDEN (403), NOT_FOUND (404: a liaison of another department asking for this department's
object), NOT_ALLOWED (405: the method), BAD (400), MAY (an allowed actor's empty POST: anything
but 401/403/404/405/5xx — the form or the service answers; never expected to succeed). Pages and
GET endpoints are read with GET; a POST-only endpoint is read with GET (405, or the login/403
that comes first) and POSTed with an empty body by every kind of user. Each request runs in a
savepoint rolled back after it, with the rate limits' counters emptied: an allowed empty POST
changes nothing for the next cell."""

import dataclasses
import re
import time
from collections.abc import Callable

import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.proof import stats
from tests.proof.conftest import TestCaseAtomic
from tests.proof.world import (
    ANONYMOUS,
    APPROVER,
    CATALOG_ADMIN,
    CLERK,
    INSPECTOR,
    LIAISON,
    LIAISON_OTHER,
    NO_ROLE,
    NOW,
    REVIEWER,
    USER_KINDS,
    World,
)

pytestmark = pytest.mark.django_db

OK, LOGIN, UNAUTH, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, BAD, MAY = (
    "ok",
    "login",
    "401",
    "403",
    "404",
    "405",
    "400",
    "may act",
)
EVERYONE = frozenset(USER_KINDS)
LOGGED_IN = EVERYONE - {ANONYMOUS}
READERS = frozenset({CLERK, REVIEWER, APPROVER, INSPECTOR})  # the bureau's application readers
ID_READERS = frozenset({CLERK, REVIEWER, APPROVER})
LIAISONS = frozenset({LIAISON, LIAISON_OTHER})
PUSH_READERS = LIAISONS | {INSPECTOR}
BUREAU = frozenset({CLERK, APPROVER})
REPORT_READERS = LIAISONS | {CLERK, APPROVER, INSPECTOR}
OVERSEERS = LIAISONS | {INSPECTOR}  # oversight: inspectors all, a liaison their department
PROCEDURE_STARTERS = frozenset({CLERK, REVIEWER, APPROVER})  # later decisions on a permit
REMEDY_READERS = frozenset({REVIEWER, APPROVER, INSPECTOR})  # 复议 / 诉讼
REMEDY_RECORDERS = frozenset({REVIEWER, APPROVER})


def who(allowed, outcome=OK, *, anonymous=LOGIN, others=FORBIDDEN, **special) -> dict:
    """One outcome per kind of user: `outcome` for `allowed`, `anonymous` for the anonymous
    user, `others` for everyone else, then `special` (kind=outcome) on top."""
    table = {kind: others for kind in USER_KINDS}
    table.update(dict.fromkeys(allowed, outcome))
    table[ANONYMOUS] = anonymous if ANONYMOUS not in allowed else outcome
    table.update(special)
    return table


def api(allowed, outcome=OK, **special) -> dict:
    return who(allowed, outcome, anonymous=UNAUTH, **special)


def everyone(outcome) -> dict:
    return dict.fromkeys(USER_KINDS, outcome)


@dataclasses.dataclass(frozen=True)
class Row:
    get: dict
    post: dict | None = None  # None: the pattern is not POSTed
    obj: str = ""  # which world object fills the path (see _kwargs)
    query: str | Callable[[World], str] = ""


def page_action(actors, obj, readers=READERS) -> Row:
    """An application's action page: login first, 403 for non-readers, then 405 for a GET."""
    return Row(
        get=who(readers, NOT_ALLOWED),
        post=who(actors, MAY),
        obj=obj,
    )


def post_first(actors, obj, **special) -> Row:
    """require_POST before the role check: a GET is 405 for everyone, even anonymous."""
    return Row(get=everyone(NOT_ALLOWED), post=who(actors, MAY, **special), obj=obj)


def api_action(actors, obj, readers=frozenset(), others=FORBIDDEN, **special) -> Row:
    """An API action (POST only): 401 anonymous, 405 for any GET; a POST: 403 before the body
    for a role that may not act, `others` for those outside `readers` (the applications API
    answers 404: the object is not theirs to see)."""
    return Row(
        get=api(LOGGED_IN, NOT_ALLOWED),
        post=api(
            actors,
            MAY,
            others=others,
            **{**dict.fromkeys(readers - actors, FORBIDDEN), **special},
        ),
        obj=obj,
    )


# --- THE TABLE: one row per URL name ------------------------------------------------------------
TABLE: dict[str, Row] = {
    # core
    "home": Row(get=who(LOGGED_IN - {NO_ROLE}, no_role=FORBIDDEN)),
    "healthz": Row(get=everyone(OK)),
    "login": Row(get=everyone(OK)),
    "logout": Row(get=everyone(NOT_ALLOWED)),
    "schema": Row(get=everyone(OK)),  # settings.API_DOCS_PUBLIC (DEBUG) in tests; 401 if off
    "api-docs": Row(get=everyone(OK)),
    # the public catalog and verification
    "catalog:list": Row(get=everyone(OK)),
    "catalog:guide": Row(get=everyone(OK), obj="item"),
    "catalog:notice": Row(get=everyone(OK), obj="item"),
    "verify": Row(get=everyone(OK), obj="permit", query=lambda w: f"c={_check_code(w)}"),
    # approvals pages
    "approvals:workbench": Row(get=who({CLERK}), post=who({CLERK}, MAY)),
    "approvals:review_queue": Row(get=who({REVIEWER})),
    "approvals:decide_queue": Row(get=who({APPROVER})),
    "approvals:list": Row(get=who(READERS)),
    "approvals:detail": Row(get=who(READERS), obj="approved"),
    "approvals:reveal_id": Row(
        get=who(ID_READERS, NOT_ALLOWED), post=who(ID_READERS, MAY), obj="approved"
    ),
    "approvals:file": Row(get=who(READERS), obj="file"),
    "approvals:document": Row(get=who(READERS), obj="document"),
    "approvals:document_pdf": Row(get=who(READERS), obj="document"),
    "approvals:record-materials": page_action({CLERK}, "submitted"),
    "approvals:accept": page_action({CLERK}, "submitted"),
    "approvals:request-correction": page_action({CLERK}, "submitted"),
    "approvals:refuse": page_action({CLERK}, "submitted"),
    "approvals:start-review": page_action({REVIEWER}, "accepted"),
    "approvals:review": page_action({REVIEWER}, "under_review"),
    "approvals:pause": page_action({REVIEWER, APPROVER}, "accepted"),
    "approvals:resume": page_action({REVIEWER, APPROVER}, "accepted"),
    "approvals:decide": page_action({APPROVER}, "reviewed"),
    "approvals:supply-waived": page_action({CLERK}, "approved"),
    "approvals:deliver": page_action({CLERK}, "approved"),
    # Issue 12: the branches of an application, the archive, procedures on a permit, remedies.
    "approvals:send-back": page_action({APPROVER}, "reviewed"),
    "approvals:withdraw": page_action({CLERK}, "accepted"),
    "approvals:terminate": page_action({CLERK, APPROVER}, "accepted"),
    "approvals:archived_document": Row(get=who(READERS), obj="archived_document"),
    "approvals:archived_document_pdf": Row(get=who(READERS), obj="archived_document"),
    "approvals:permit_detail": Row(get=who(READERS), obj="permit"),
    "approvals:procedure_start": Row(
        get=who(PROCEDURE_STARTERS, NOT_ALLOWED),
        post=who(PROCEDURE_STARTERS, MAY),
        obj="permit",
    ),
    "approvals:procedure_list": Row(get=who(READERS)),
    "approvals:procedure_detail": Row(get=who(READERS), obj="procedure"),
    "approvals:procedure_review": page_action({REVIEWER}, "procedure"),
    "approvals:procedure_decide": page_action({APPROVER}, "procedure"),
    "approvals:procedure_send_back": page_action({APPROVER}, "procedure"),
    "approvals:procedure_deliver": page_action({CLERK}, "procedure"),
    "approvals:remedy_list": Row(get=who(REMEDY_READERS)),
    "approvals:remedy_detail": Row(get=who(REMEDY_READERS), obj="remedy"),
    "approvals:remedy_new": Row(
        get=who(REMEDY_RECORDERS), post=who(REMEDY_RECORDERS, MAY), obj="decision"
    ),
    "approvals:remedy_reply": page_action(REMEDY_RECORDERS, "remedy", readers=REMEDY_READERS),
    "approvals:remedy_outcome": page_action(REMEDY_RECORDERS, "remedy", readers=REMEDY_READERS),
    "approvals:remedy_resolve": page_action({APPROVER}, "remedy", readers=REMEDY_READERS),
    "verify_public_key": Row(get=everyone(OK)),
    # Issue 13: the agent's letter and the fees (the world's approved case has neither: 404).
    "approvals:authorization_letter": Row(get=who(READERS, NOT_FOUND), obj="approved"),
    "approvals:fee-payment": page_action({CLERK}, "approved"),
    "approvals:fee-receipt": Row(get=who(READERS, NOT_FOUND), obj="approved"),
    "approvals:fee-receipt-pdf": Row(get=who(READERS, NOT_FOUND), obj="approved"),
    # supervision pages (the push, report and delivery are market's: the liaison's)
    "supervision:inbox": Row(get=who(PUSH_READERS)),
    "supervision:push_detail": Row(get=who(PUSH_READERS, liaison_other=NOT_FOUND), obj="push"),
    "supervision:push_claim": post_first({LIAISON}, "push", liaison_other=NOT_FOUND),
    "supervision:push_feedback": post_first({LIAISON}, "push", liaison_other=NOT_FOUND),
    "supervision:push_return": post_first({LIAISON}, "push", liaison_other=NOT_FOUND),
    "supervision:push_reroute": post_first(BUREAU, "push"),
    "supervision:push_reject_return": post_first(BUREAU, "push"),
    "supervision:push_close_return": post_first(BUREAU, "push"),
    "supervision:export": Row(get=who(PUSH_READERS)),
    "supervision:returned": Row(get=who(BUREAU)),
    "supervision:reports": Row(get=who(REPORT_READERS)),
    "supervision:report_new": Row(get=who(LIAISONS), post=who(LIAISONS, MAY)),
    "supervision:report_detail": Row(
        get=who(REPORT_READERS, liaison_other=NOT_FOUND), obj="report"
    ),
    "supervision:report_attachment": Row(
        get=who(REPORT_READERS, liaison_other=NOT_FOUND), obj="report"
    ),
    "supervision:report_claim": post_first(BUREAU, "report"),
    "supervision:report_follow_up": post_first({APPROVER}, "report"),
    "supervision:notifications": Row(get=who(LOGGED_IN), post=who(LOGGED_IN, MAY)),
    # accountability
    "accountability:dashboard": Row(get=who({INSPECTOR})),
    # the API: anonymous 401, a role that may not 403, another department's object 404
    "api:token": Row(get=everyone(NOT_ALLOWED), post=everyone(BAD)),
    "api:departments": Row(get=api(LOGGED_IN)),
    "api:catalog-items": Row(get=api(LOGGED_IN)),
    "api:catalog-item": Row(get=api(LOGGED_IN), obj="item"),
    "api:calendar-add-working-days": Row(get=api(LOGGED_IN), query="start=2026-06-01&days=3"),
    "api:applications-list": Row(get=api(READERS), post=api({CLERK}, MAY)),
    "api:applications-detail": Row(get=api(READERS, others=NOT_FOUND), obj="approved"),
    "api:applications-applicant-id": api_action(ID_READERS, "approved", READERS, NOT_FOUND),
    "api:application-fees": Row(get=api(READERS), post=api({CLERK}, MAY), obj="approved"),
    "api:applications-record-materials": api_action({CLERK}, "submitted", READERS, NOT_FOUND),
    "api:applications-accept": api_action({CLERK}, "submitted", READERS, NOT_FOUND),
    "api:applications-request-correction": api_action({CLERK}, "submitted", READERS, NOT_FOUND),
    "api:applications-refuse": api_action({CLERK}, "submitted", READERS, NOT_FOUND),
    "api:applications-start-review": api_action({REVIEWER}, "accepted", READERS, NOT_FOUND),
    "api:applications-review": api_action({REVIEWER}, "under_review", READERS, NOT_FOUND),
    "api:applications-pause": api_action({REVIEWER, APPROVER}, "accepted", READERS, NOT_FOUND),
    "api:applications-resume": api_action({REVIEWER, APPROVER}, "accepted", READERS, NOT_FOUND),
    "api:applications-decide": api_action({APPROVER}, "reviewed", READERS, NOT_FOUND),
    "api:applications-send-back": api_action({APPROVER}, "reviewed", READERS, NOT_FOUND),
    "api:applications-withdraw": api_action({CLERK}, "accepted", READERS, NOT_FOUND),
    "api:applications-terminate": api_action({CLERK, APPROVER}, "accepted", READERS, NOT_FOUND),
    "api:applications-supply-waived": api_action({CLERK}, "approved", READERS, NOT_FOUND),
    "api:applications-deliver": api_action({CLERK}, "approved", READERS, NOT_FOUND),
    "api:permits-detail": Row(get=api(READERS | LIAISONS | {CATALOG_ADMIN}), obj="permit"),
    "api:permits-act": api_action({APPROVER}, "permit"),
    "api:push-list": Row(get=api(PUSH_READERS)),
    "api:push-detail": Row(get=api(PUSH_READERS, liaison_other=NOT_FOUND), obj="push"),
    "api:push-claim": api_action({LIAISON}, "push", liaison_other=NOT_FOUND),
    "api:push-feedback": api_action({LIAISON}, "push", liaison_other=NOT_FOUND),
    "api:push-return": api_action({LIAISON}, "push", liaison_other=NOT_FOUND),
    "api:push-reroute": api_action(BUREAU, "push"),
    "api:push-reject-return": api_action(BUREAU, "push"),
    "api:push-close-return": api_action(BUREAU, "push"),
    "api:permit-procedures": api_action(PROCEDURE_STARTERS, "permit"),
    "api:procedures-list": Row(get=api(READERS)),
    "api:procedures-detail": Row(get=api(READERS), obj="procedure"),
    "api:procedures-review": api_action({REVIEWER}, "procedure"),
    "api:procedures-decide": api_action({APPROVER}, "procedure"),
    "api:procedures-send-back": api_action({APPROVER}, "procedure"),
    "api:procedures-deliver": api_action({CLERK}, "procedure"),
    "api:remedy-list": Row(get=api(REMEDY_READERS), post=api(REMEDY_RECORDERS, MAY)),
    "api:remedy-detail": Row(get=api(REMEDY_READERS), obj="remedy"),
    "api:remedy-reply": api_action(REMEDY_RECORDERS, "remedy"),
    "api:remedy-outcome": api_action(REMEDY_RECORDERS, "remedy"),
    "api:remedy-resolve": api_action({APPROVER}, "remedy"),
    "api:verification-public-key": Row(get=everyone(OK)),
    "api:supervision-report-list": Row(get=api(REPORT_READERS), post=api(LIAISONS, MAY)),
    "api:supervision-report-detail": Row(
        get=api(REPORT_READERS, liaison_other=NOT_FOUND), obj="report"
    ),
    "api:supervision-report-claim": api_action(BUREAU, "report", liaison_other=NOT_FOUND),
    "api:supervision-report-follow-up": api_action({APPROVER}, "report", liaison_other=NOT_FOUND),
    "api:webhook-delivery-list": Row(get=api(PUSH_READERS)),
    "api:webhook-delivery-detail": Row(
        get=api(PUSH_READERS, liaison_other=NOT_FOUND), obj="delivery"
    ),
    # --- oversight (issue 11) ---------------------------------------------------------------
    "accountability:monitoring": Row(get=who({INSPECTOR})),
    "accountability:overdue": Row(get=who(OVERSEERS)),
    "accountability:overdue_export": Row(get=who(OVERSEERS)),
    "accountability:cases": Row(get=who(OVERSEERS)),
    # without ?source= the form has nothing to open a case from: 400
    "accountability:case_new": Row(get=who({INSPECTOR}, BAD), post=who({INSPECTOR}, BAD)),
    "accountability:case_detail": Row(
        get=who({INSPECTOR, LIAISON}, liaison_other=NOT_FOUND),
        post=who({INSPECTOR}, MAY, liaison=FORBIDDEN, liaison_other=NOT_FOUND),
        obj="case",
    ),
    "accountability:reviews": Row(get=who({INSPECTOR}), post=who({INSPECTOR}, BAD)),
    "accountability:review_detail": Row(get=who({INSPECTOR}), obj="review_draw"),
    "api:overdue-record-list": Row(get=api(OVERSEERS)),
    "accountability:statistics": Row(get=who(OVERSEERS)),
    "accountability:statistics_export": Row(get=who(OVERSEERS)),
    "accountability:statistics_definitions": Row(get=who(OVERSEERS)),
    "api:statistics-summary": Row(get=api(OVERSEERS), query="from=2026-06-01&to=2026-06-30"),
    "accountability:monthly_reports": Row(get=who(OVERSEERS)),
    "accountability:monthly_report_generate": post_first({INSPECTOR}, ""),
    "accountability:monthly_report_detail": Row(get=who(OVERSEERS), obj="monthly_report"),
    "accountability:monthly_report_xlsx": Row(get=who(OVERSEERS), obj="monthly_report"),
    "accountability:monthly_report_pdf": Row(get=who({INSPECTOR}), obj="monthly_report"),
    "accountability:monthly_report_print": Row(get=who({INSPECTOR}), obj="monthly_report"),
    "audit:events": Row(get=who({INSPECTOR})),
    "audit:event_detail": Row(get=who({INSPECTOR}), obj="audit_event"),
    "audit:export": Row(get=who({INSPECTOR})),
    "audit:verify": post_first({INSPECTOR}, ""),
    # --- the public side: no login; the bureau's handling pages are the inspectors' ---------
    "public:progress": Row(get=everyone(OK), post=everyone(BAD)),
    "public:rate": Row(get=everyone(NOT_ALLOWED), post=everyone(BAD)),
    "public:complain": Row(get=everyone(OK), post=everyone(BAD)),
    "public:disclosure": Row(get=everyone(OK)),
    "public:disclosure_feed": Row(get=everyone(OK)),
    "public:rate_window_find": Row(get=who({CLERK})),
    "public:rate_window": Row(get=who({CLERK}), post=who({CLERK}, MAY), obj="approved"),
    "public:followups": Row(get=who({INSPECTOR})),
    "public:followup_detail": Row(get=who({INSPECTOR}), obj="followup"),
    "public:followup_contact": post_first({INSPECTOR}, "followup"),
    "public:followup_close": post_first({INSPECTOR}, "followup"),
    "public:rating_detail": Row(get=who({INSPECTOR}), obj="rating"),
    "public:complaints": Row(get=who({INSPECTOR})),
    "public:complaint_detail": Row(get=who({INSPECTOR}), obj="complaint"),
    "public:complaint_accept": post_first({INSPECTOR}, "complaint"),
    "public:complaint_reply": post_first({INSPECTOR}, "complaint"),
    "public:complaint_close": post_first({INSPECTOR}, "complaint"),
}


def _issue14_rows() -> None:
    from tests.proof.issue14 import PARTS

    for part in PARTS:
        rows = part.rows()
        assert not set(rows) & set(TABLE), f"{part.__name__}: rows declared twice"
        TABLE.update(rows)


_issue14_rows()

# /admin/ is one family. Every admin pattern: anonymous and every user who is not staff are
# sent to the admin's login page. The catalog admin (the only staff role) reads the changelist
# and an object's page of these models, and gets 403 on every other model.
ADMIN_STAFF_MODELS = {
    "catalog.*",
    "workdays.*",
    "supervision.webhookendpoint",
    "supervision.webhookdelivery",
    "supervision.webhookattempt",
}
ADMIN_OPEN = {  # the admin's own login and logout, for every kind of user
    "admin:login": everyone(OK),
    # POST only for staff; anyone else is sent to the admin's index (and from there to log in)
    "admin:logout": who({CATALOG_ADMIN}, NOT_ALLOWED, anonymous=OK, others=OK),
}
ADMIN_NOT_STAFF = (ANONYMOUS, NO_ROLE, INSPECTOR, LIAISON)  # a sample of the non-staff

# Patterns whose row says what the app does today but not what it should: each is reported to
# its owner; remove the entry when fixed (strict: the test then XPASSes, red).
KNOWN: dict[str, str] = {}


# --- walking the URLconf ------------------------------------------------------------------------


def walk(patterns=None, prefix="", namespace=None):
    """(route, qualified name or None) of every pattern, recursively."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name


PATTERNS = list(walk())
NAMED = sorted({name for route, name in PATTERNS if name and not name.startswith("admin:")})
ADMIN = [(route, name) for route, name in PATTERNS if route.startswith("admin/")]


def _kwargs(world: World, name: str, obj: str) -> dict:
    apps = world.applications
    params = set(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", _route(name)))
    params = {a or b for a, b in params}
    values = {
        "item": {"code": world.item_code},
        "permit": {"number": world.permit_number},
        "push": {"pk": world.push.pk},
        "report": {"pk": world.report.pk},
        "delivery": {"pk": str(world.delivery.pk)},
        "file": {"pk": apps["submitted"].pk, "file_id": world.file_id},
        "document": {"pk": apps["approved"].pk, "kind": "receipt"},
        "rating": {"pk": world.rating.pk},
        "followup": {"pk": world.followup.pk},
        "complaint": {"pk": world.complaint.pk},
        "case": {"pk": world.case.pk},
        "review_draw": {"pk": world.review_draw.pk},
        "monthly_report": {"pk": world.monthly_report.pk},
        "decision": {"pk": world.decision.pk},
        "procedure": {"pk": world.procedure.pk},
        "remedy": {"pk": world.remedy.pk},
        "archived_document": {
            "pk": world.archived_document.application_id,
            "document_id": world.archived_document.pk,
        },
        "audit_event": {"pk": _first_event_id()},
        **world.extra,
    }.get(obj) or ({"pk": apps[obj].pk} if obj else {})
    assert set(values) == params, f"{name}: the row's obj {obj!r} fills {values}, needs {params}"
    return values


def _first_event_id() -> int:
    from audit.models import AuditEvent

    return AuditEvent.objects.order_by("pk").values_list("pk", flat=True)[0]


def _check_code(world: World) -> str:
    from approvals.verification import check_code

    return check_code(world.permit_number)


def _route(name: str) -> str:
    return next(route for route, n in PATTERNS if n == name)


def _outcome(response, login_url: str) -> str:
    status = response.status_code
    location = response.get("Location", "")
    if status in (301, 302, 303, 307, 308):
        return LOGIN if location.split("?")[0] == login_url else OK
    if 200 <= status < 300:
        return OK
    return {400: BAD, 401: UNAUTH, 403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(
        status, str(status)
    )


def _matches(expected: str, actual: str, status: int) -> bool:
    if expected == MAY:
        return status < 500 and actual not in (LOGIN, UNAUTH, FORBIDDEN, NOT_FOUND, NOT_ALLOWED)
    return expected == actual


@pytest.fixture
def clients(world):
    """One client per kind of user: a logged-in session for pages, a token for the API; at the
    world's frozen instant, with the rate limits' counters (the shared cache) emptied."""
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield _clients(world)


def _clients(world):
    made = {}
    for kind in USER_KINDS:
        page = Client()
        user = world.users[kind]
        if user is not None:
            page.force_login(user)
        token = world.tokens[kind]
        api_client = Client(HTTP_AUTHORIZATION=f"Token {token}") if token else Client()
        made[kind] = (page, api_client)
    return made


def _request(client, method: str, url: str):
    # Each cell starts clean: its writes roll back, and the rate limits' counters (the shared
    # cache; every client here has one address) are emptied, so a public form's limit does not
    # answer for the ninth kind of user what the first eight used up.
    cache.clear()
    with TestCaseAtomic():
        return getattr(client, method)(url)


def _sweep(name, url, expected: dict, method, clients, login_url, users=USER_KINDS):
    wrong = []
    for kind in users:
        page, api_client = clients[kind]
        client = api_client if (name or "").startswith("api:") else page
        response = _request(client, method, url)
        stats.SWEEP["cells"] += 1
        stats.SWEEP["users"].add(kind)
        actual = _outcome(response, login_url)
        if not _matches(expected[kind], actual, response.status_code):
            wrong.append(
                f"{method.upper()} {url} as {kind}: expected {expected[kind]}, got"
                f" {response.status_code} {response.get('Location', '')}".rstrip()
            )
    return wrong


def _marks(name):
    if name in KNOWN:
        return pytest.mark.xfail(strict=True, reason=KNOWN[name])
    return ()


@pytest.mark.parametrize("name", [pytest.param(n, marks=_marks(n)) for n in NAMED])
def test_url_answers_each_user_as_declared(name, world, clients):
    started = time.monotonic()
    row = TABLE.get(name)
    assert row is not None, f"{name} ({_route(name)}) has no row in TABLE: declare who may use it"
    url = reverse(name, kwargs=_kwargs(world, name, row.obj))
    if row.query:
        url += "?" + (row.query(world) if callable(row.query) else row.query)
    login_url = reverse(settings.LOGIN_URL)
    wrong = _sweep(name, url, row.get, "get", clients, login_url)
    if row.post is not None:
        wrong += _sweep(name, url, row.post, "post", clients, login_url)
    stats.SWEEP["patterns"].add(name)
    stats.SWEEP["seconds"] += time.monotonic() - started
    assert not wrong, "\n".join(wrong)


def test_every_pattern_has_a_row():
    """A new URL fails here until TABLE says who may use it; a row for a URL that went fails
    too. Unnamed patterns outside /admin/ cannot be declared: name them."""
    missing = [name for name in NAMED if name not in TABLE]
    stale = [name for name in TABLE if name not in NAMED]
    unnamed = [route for route, name in PATTERNS if not name and not route.startswith("admin/")]
    assert not (missing or stale or unnamed), {
        "missing": missing,
        "stale": stale,
        "unnamed": unnamed,
    }


# --- the admin family ---------------------------------------------------------------------------


def _admin_kwargs(route: str, world: World) -> dict | None:
    """Values for an admin pattern's parameters (any object will do for the login redirect)."""
    values = {}
    for param in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route):
        param = param[0] or param[1]
        values[param] = {
            "object_id": "1",
            "app_label": "catalog",
            "content_type_id": "1",
            "url": "nothing-here/",
        }.get(param, "1")
    return values


def _staff_may_read(model) -> bool:
    label = model._meta.label_lower
    return label in ADMIN_STAFF_MODELS or f"{model._meta.app_label}.*" in ADMIN_STAFF_MODELS


def test_admin_family_answers_each_user_as_declared(world, clients):
    started = time.monotonic()
    admin_login = reverse("admin:login")
    wrong = []
    for route, name in ADMIN:
        try:
            url = reverse(name, kwargs=_admin_kwargs(route, world)) if name else None
        except Exception:  # noqa: BLE001  (a value the pattern refuses: say so below)
            url = None
        if url is None:
            url = "/" + route.replace("^", "").replace("$", "").replace("(?P<url>.*)", "zz/")
        if name in ADMIN_OPEN:
            wrong += _sweep(name, url, ADMIN_OPEN[name], "get", clients, admin_login)
        else:
            expected = everyone(LOGIN)
            wrong += _sweep(name, url, expected, "get", clients, admin_login, ADMIN_NOT_STAFF)
        stats.SWEEP["patterns"].add(name or route)
    for model in admin.site._registry:
        meta = model._meta
        staff = OK if _staff_may_read(model) else FORBIDDEN
        urls = [reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            change = f"admin:{meta.app_label}_{meta.model_name}_change"
            urls.append(reverse(change, args=[first.pk]))
        for url in urls:
            wrong += _sweep(
                "admin", url, {CATALOG_ADMIN: staff}, "get", clients, admin_login, (CATALOG_ADMIN,)
            )
    stats.SWEEP["seconds"] += time.monotonic() - started
    assert not wrong, "\n".join(wrong)
