"""Contract tests of the procedures API: POST /api/v1/permits/<number>/procedures/ (start),
GET /api/v1/procedures/ (strict filters, exact queries), GET …/<id>/, and review / decide /
send-back / deliver; the older permits/<n>/act/ now starts a procedure; suspend → the permit
reads `suspended` (API and /verify/) → reinstate → valid; 审批内容 on decide/."""

import pytest

from approvals.models import Decision, Permit, PermitProcedure
from approvals.verification import verify_url
from core.roles import Role
from tests.api.conftest import assert_error
from tests.queries import exact_queries

pytestmark = pytest.mark.usefixtures("at_monday", "seal")

PROCEDURES = "/api/v1/procedures/"


def start_url(number):
    return f"/api/v1/permits/{number}/procedures/"


def proc_url(pk, action=""):
    return f"{PROCEDURES}{pk}/{action + '/' if action else ''}"


@pytest.fixture
def permit_number(flow):
    return flow.approved()[1]


def _start(api, user, number, **body):
    body = {"kind": "revoke", "source": "ex_officio", "reason": "以欺骗手段取得许可", **body}
    return api.as_user(user).post(start_url(number), body, format="json")


def _started(api, approver, number, **body):
    response = _start(api, approver, number, **body)
    assert response.status_code == 201, response.content
    return response.json()


def _review(api, reviewer, pk, recommendation="approve"):
    return api.as_user(reviewer).post(
        proc_url(pk, "review"),
        {"opinion": "经核查属实", "recommendation": recommendation},
        format="json",
    )


def _decide(api, approver, pk, **body):
    return api.as_user(approver).post(
        proc_url(pk, "decide"), {"decision": "approve", **body}, format="json"
    )


def _through(api, number, kind, starter, reviewer, approver, **body):
    pk = _started(api, starter, number, kind=kind, **body)["id"]
    assert _review(api, reviewer, pk).status_code == 200
    response = _decide(api, approver, pk)
    assert response.status_code == 200, response.content
    return response.json()


# --- start ---------------------------------------------------------------------------------------


def test_starting_a_procedure_is_201_with_the_procedure(api, approver, permit_number):
    body = _started(api, approver, permit_number)
    assert body["status"] == "started" and body["kind"] == "revoke"
    assert body["permit"] == permit_number and body["source"] == "ex_officio"
    assert body["started_by"] == approver.username and body["decision_number"] is None
    assert body["permit_status"] == "valid"
    assert Permit.objects.get(number=permit_number).status == "valid"


def test_a_double_submit_answers_the_first_with_200(api, approver, permit_number):
    first = _started(api, approver, permit_number)
    again = _start(api, approver, permit_number)
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert PermitProcedure.objects.count() == 1


def test_another_request_of_an_open_kind_is_409(api, approver, permit_number):
    _started(api, approver, permit_number)
    assert_error(_start(api, approver, permit_number, reason="别的理由"), 409, "procedure_open")


def test_an_idempotency_key_replays_the_first_answer(api, approver, permit_number):
    client = api.as_user(approver)
    body = {"kind": "revoke", "source": "ex_officio", "reason": "x"}
    first = client.post(start_url(permit_number), body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post(start_url(permit_number), body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]


@pytest.mark.parametrize(
    ("role", "source", "status"),
    [
        (Role.WINDOW_CLERK, "window", 201),
        (Role.WINDOW_CLERK, "ex_officio", 403),
        (Role.REVIEWER, "ex_officio", 201),
        (Role.REVIEWER, "report", 403),
        (Role.APPROVER, "report", 201),
        (Role.APPROVER, "window", 403),
        (Role.INSPECTOR, "ex_officio", 403),
        (Role.CATALOG_ADMIN, "ex_officio", 403),
    ],
)
def test_who_may_start_from_which_source(api, make_user, permit_number, role, source, status):
    user = make_user(f"u_{role}", role)
    response = _start(api, user, permit_number, kind="cancel", source=source)
    assert response.status_code == status, response.content


def test_a_liaison_of_the_supervising_department_is_403(api, liaison, permit_number):
    assert_error(_start(api, liaison, permit_number), 403, "permission_denied")


def test_a_liaison_of_another_department_is_404(api, make_user, other_department, permit_number):
    other = make_user("liaison_other", Role.LIAISON, department=other_department)
    assert_error(_start(api, other, permit_number), 404, "not_found")


def test_without_credentials_is_401(api, permit_number):
    response = api.post(start_url(permit_number), {}, format="json")
    assert response.status_code == 401


def test_an_unknown_permit_is_404(api, approver):
    assert_error(_start(api, approver, "XK2026999999"), 404, "not_found")


def test_the_window_cannot_start_a_revocation(api, clerk, permit_number):
    body = assert_error(_start(api, clerk, permit_number, source="window"), 400, "kind_not_allowed")
    assert "kind" in body["fields"]


def test_a_kind_the_permit_does_not_allow_is_409(api, approver, permit_number):
    assert_error(
        _start(api, approver, permit_number, kind="reinstate", reason="恢复"), 409, "permit_status"
    )


# --- hostile input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "approve"}, "kind"),
        ({"kind": ["revoke"]}, "kind"),
        ({"source": "telephone"}, "source"),
        ({"reason": ""}, "reason"),
        ({"reason": "\u200b\u2060 "}, "reason"),
        ({"reason": "理" * 2001}, "reason"),
        ({"content": "内" * 2001}, "content"),
        ({"valid_until": "2026-13-01"}, "valid_until"),
        ({"valid_until": "２０２７-０１-０１"}, "valid_until"),
        ({"valid_until": "99999-01-01"}, "valid_until"),
        ({"kind": "change", "valid_until": "2020-01-01"}, "valid_until"),
        ({"valid_until": "2027-01-01"}, "valid_until"),  # only a change or renewal takes one
        ({"holder_name": "\u200b"}, "holder_name"),
        ({"holder_name": "名" * 201}, "holder_name"),
        ({"source_ref": "1" * 41}, "source_ref"),
    ],
)
def test_bad_bodies_are_400_with_their_field(api, approver, permit_number, body, field):
    response = _start(api, approver, permit_number, **body)
    assert response.status_code == 400, response.content
    assert field in response.json().get("fields", {}), response.json()
    assert not PermitProcedure.objects.exists()


def test_control_characters_and_junk_bodies_are_400(api, approver, permit_number):
    client = api.as_user(approver)
    for raw in ('{"kind": "revoke", "source": "ex_officio", "reason": "a\\u0000b"}', "[1,2]", "{"):
        response = client.post(start_url(permit_number), raw, content_type="application/json")
        assert response.status_code == 400, (raw, response.content)
        assert "code" in response.json()
    assert not PermitProcedure.objects.exists()


@pytest.mark.parametrize("pk", ["0", "99999999", "1" * 19, "-1", "１", "abc"])
def test_odd_procedure_ids_are_404(api, inspector, pk):
    assert api.as_user(inspector).get(f"{PROCEDURES}{pk}/").status_code == 404


def test_a_huge_permit_number_is_404(api, approver):
    assert_error(_start(api, approver, "X" * 500), 404, "not_found")


# --- list and read -----------------------------------------------------------------------------


def test_the_list_filters_strictly(api, inspector, approver, permit_number):
    _started(api, approver, permit_number)
    _started(api, approver, permit_number, kind="suspend", reason="责令停产停业")
    client = api.as_user(inspector)
    assert client.get(PROCEDURES).json()["count"] == 2
    assert client.get(PROCEDURES, {"kind": "suspend"}).json()["count"] == 1
    assert client.get(PROCEDURES, {"status": "started"}).json()["count"] == 2
    assert client.get(PROCEDURES, {"status": "decided"}).json()["count"] == 0
    assert client.get(PROCEDURES, {"permit": permit_number}).json()["count"] == 2
    for bad in ({"status": "bogus"}, {"status": ""}, {"kind": "approve"}, {"page_size": "0"}):
        assert_error(client.get(PROCEDURES, bad), 400, "invalid")
    assert_error(client.get(f"{PROCEDURES}?status=started&status=decided"), 400, "invalid")


@pytest.mark.parametrize("role", [Role.LIAISON, Role.CATALOG_ADMIN])
def test_the_list_is_for_the_bureau_and_inspectors(api, make_user, department, role):
    user = make_user(f"u_{role}", role, department=department if role == Role.LIAISON else None)
    assert_error(api.as_user(user).get(PROCEDURES), 403, "permission_denied")


def test_the_list_makes_an_exact_number_of_queries_as_rows_grow(
    api, inspector, approver, reviewer, flow
):
    client = api.as_user(inspector)
    client.get(PROCEDURES)  # token, session and roles warmed up

    def count_for(n):
        for _ in range(n):
            number = flow.approved()[1]
            _through(api, number, "change", approver, reviewer, approver, content="新内容")
        client = api.as_user(inspector)
        with exact_queries(QUERIES) as ctx:
            response = client.get(PROCEDURES)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()["count"]

    assert count_for(1) == (QUERIES, 1)
    assert count_for(3) == (QUERIES, 4)


# auth token + user's groups, count, page of rows (everything joined)
QUERIES = 4


def test_read_one_procedure(api, inspector, approver, permit_number):
    pk = _started(api, approver, permit_number)["id"]
    body = api.as_user(inspector).get(proc_url(pk)).json()
    assert body["id"] == pk and body["actions"] == []
    assert api.as_user(approver).get(proc_url(pk)).json()["actions"] == []
    reviewer_view = PermitProcedure.objects.get(pk=pk)
    assert reviewer_view.status == "started"


# --- review, decide, send back, deliver -----------------------------------------------------------


def test_the_whole_path_over_the_api(api, clerk, reviewer, approver, permit_number):
    pk = _started(api, approver, permit_number)["id"]
    assert api.as_user(reviewer).get(proc_url(pk)).json()["actions"] == ["review_procedure"]
    response = _review(api, reviewer, pk)
    assert response.status_code == 200 and response.json()["status"] == "reviewed"
    assert set(api.as_user(approver).get(proc_url(pk)).json()["actions"]) == {
        "decide_procedure",
        "decline_procedure",
        "send_back_procedure",
    }
    body = _decide(api, approver, pk).json()
    assert body["status"] == "decided" and body["decision_number"] == "示审批〔2026〕2号"
    assert body["permit_status"] == "revoked"
    assert_error(_decide(api, approver, pk), 409, "invalid_transition")
    response = api.as_user(clerk).post(proc_url(pk, "deliver"), {"collected_by": ""}, format="json")
    assert_error(response, 400, "collector_required")
    response = api.as_user(clerk).post(
        proc_url(pk, "deliver"), {"collected_by": "王小明"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "delivered"
    assert Decision.objects.get(number="示审批〔2026〕2号").kind == "revoke"


def test_the_reviewer_may_not_decide(api, make_user, approver, permit_number):
    both = make_user("both", Role.REVIEWER, Role.APPROVER)
    pk = _started(api, approver, permit_number)["id"]
    assert _review(api, both, pk).status_code == 200
    assert_error(_decide(api, both, pk), 403, "same_person")


def test_send_back_then_review_again(api, reviewer, approver, permit_number):
    pk = _started(api, approver, permit_number)["id"]
    _review(api, reviewer, pk)
    client = api.as_user(approver)
    assert_error(
        client.post(proc_url(pk, "send-back"), {"reason": ""}, format="json"),
        400,
        "reason_required",
    )
    response = client.post(proc_url(pk, "send-back"), {"reason": "事实不清"}, format="json")
    assert response.json()["status"] == "sent_back"
    assert_error(_decide(api, approver, pk), 409, "invalid_transition")
    assert _review(api, reviewer, pk).json()["status"] == "reviewed"


def test_a_decline_needs_its_reason(api, reviewer, approver, permit_number):
    pk = _started(api, approver, permit_number)["id"]
    _review(api, reviewer, pk, recommendation="decline")
    assert_error(_decide(api, approver, pk, decision="decline"), 400, "reason_required")
    body = _decide(api, approver, pk, decision="decline", reason="证据不足").json()
    assert body["status"] == "declined" and body["decline_reason"] == "证据不足"
    assert body["permit_status"] == "valid"


@pytest.mark.parametrize(
    ("action", "role", "body"),
    [
        ("review", Role.APPROVER, {"opinion": "x", "recommendation": "approve"}),
        ("review", Role.WINDOW_CLERK, {"opinion": "x", "recommendation": "approve"}),
        ("decide", Role.REVIEWER, {"decision": "approve"}),
        ("decide", Role.INSPECTOR, {"decision": "approve"}),
        ("send-back", Role.REVIEWER, {"reason": "x"}),
        ("deliver", Role.APPROVER, {"collected_by": "x"}),
        ("deliver", Role.INSPECTOR, {"collected_by": "x"}),
    ],
)
def test_each_action_is_for_its_role(api, make_user, approver, permit_number, action, role, body):
    pk = _started(api, approver, permit_number)["id"]
    user = make_user(f"u_{role}", role)
    response = api.as_user(user).post(proc_url(pk, action), body, format="json")
    assert_error(response, 403, "permission_denied")


def test_a_liaison_cannot_see_or_touch_procedures(api, liaison, approver, permit_number):
    pk = _started(api, approver, permit_number)["id"]
    assert api.as_user(liaison).get(proc_url(pk)).status_code == 403
    response = api.as_user(liaison).post(proc_url(pk, "review"), {}, format="json")
    assert response.status_code == 403


# --- suspension: the permit reads suspended, in the API and on /verify/ ------------------------


def test_suspend_then_reinstate(api, client, inspector, clerk, reviewer, approver, permit_number):
    body = _through(
        api, permit_number, "suspend", approver, reviewer, approver, reason="责令停产停业一个月"
    )
    assert body["permit_status"] == "suspended"
    permit = api.as_user(inspector).get(f"/api/v1/permits/{permit_number}/").json()
    assert permit["status"] == "suspended"
    page = client.get(_verify_path(permit_number))
    assert page.status_code == 200
    assert "停产停业" in page.content.decode()
    _through(
        api,
        permit_number,
        "reinstate",
        clerk,
        reviewer,
        approver,
        source="window",
        reason="整改完毕",
    )
    permit = api.as_user(inspector).get(f"/api/v1/permits/{permit_number}/").json()
    assert permit["status"] == "valid"


def _verify_path(number):
    url = verify_url(number)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


# --- the older act/ starts a procedure ---------------------------------------------------------


def test_act_now_starts_an_ex_officio_procedure(api, approver, permit_number):
    response = api.as_user(approver).post(
        f"/api/v1/permits/{permit_number}/act/",
        {"kind": "revoke", "reason": "以欺骗手段取得许可"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "started" and body["source"] == "ex_officio"
    assert Permit.objects.get(number=permit_number).status == "valid"
    assert not Decision.objects.filter(kind="revoke").exists()


# --- 审批内容 on decide/ -----------------------------------------------------------------------


def test_the_approver_states_what_is_approved(api, flow, approver):
    app_id = flow.reviewed()
    response = api.as_user(approver).post(
        f"/api/v1/applications/{app_id}/decide/",
        {"decision": "approve", "content": "核准:餐饮服务(不含冷食)"},
        format="json",
    )
    assert response.status_code == 200, response.content
    decision = Decision.objects.get(application_id=app_id)
    assert decision.content == "核准:餐饮服务(不含冷食)"
    assert decision.permit.content == "核准:餐饮服务(不含冷食)"


def test_an_invisible_approved_content_is_400(api, flow, approver):
    app_id = flow.reviewed()
    response = api.as_user(approver).post(
        f"/api/v1/applications/{app_id}/decide/",
        {"decision": "approve", "content": "\u200b"},
        format="json",
    )
    assert response.status_code == 400
    assert not Decision.objects.filter(application_id=app_id).exists()


# --- the schema ---------------------------------------------------------------------------------


def test_the_schema_has_the_procedure_endpoints(api, inspector):
    schema = api.as_user(inspector).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/permits/{number}/procedures/",
        "/api/v1/procedures/",
        "/api/v1/procedures/{id}/",
        "/api/v1/procedures/{id}/review/",
        "/api/v1/procedures/{id}/decide/",
        "/api/v1/procedures/{id}/send-back/",
        "/api/v1/procedures/{id}/deliver/",
    ):
        assert path in paths, path
    assert "content" in schema["components"]["schemas"]["DecideRequest"]["properties"]
    kinds = schema["components"]["schemas"]["ProcedureStartRequest"]["properties"]["kind"]
    assert kinds


@pytest.mark.parametrize("number", ["XK%00", "XK%0A1", "%E2%80%8B"])
def test_a_permit_number_with_control_characters_is_refused_not_500(
    api, approver, inspector, number
):
    # a NUL or newline in the path is refused by the request guard (400 invalid_characters);
    # an invisible one reaches the view and is simply not found
    for response in (
        _start(api, approver, number),
        api.as_user(inspector).get(f"/api/v1/permits/{number}/"),
    ):
        assert response.status_code in (400, 404), response.content
        assert response.json()["code"] in ("invalid_characters", "not_found")
