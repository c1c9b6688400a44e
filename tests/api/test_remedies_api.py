"""Contract tests of /api/v1/remedies/ (复议应诉): list, read, record, reply, outcome, resolve;
who may call each (401/403/404), errors with their codes, hostile input, the list's exact
number of queries, the schema."""

import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from approvals.models import PermitProcedure, Remedy
from core.roles import Role
from tests.api.conftest import assert_error, client_for
from tests.flows import SHANGHAI, approve_permit
from tests.queries import exact_queries

REMEDIES = "/api/v1/remedies/"
WEDNESDAY = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def decision(clerk, reviewer, approver, department):
    return approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department]
    )


@pytest.fixture
def at_wednesday():
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


def body(decision_, **overrides):
    data = {
        "decision": decision_.number,
        "kind": "reconsideration",
        "body": "示例县人民政府",
        "case_number": "示政复〔2026〕7号",
        "claimant": "李四",
        "received_on": "2026-06-08",
    }
    data.update(overrides)
    return data


@pytest.fixture
def created(decision, approver, at_wednesday):
    def _create(**overrides):
        response = client_for(approver).post(REMEDIES, body(decision, **overrides), format="json")
        assert response.status_code == 201, response.content
        return response.json()

    return _create


def test_record_answers_201_with_the_stored_deadline(created, decision):
    data = created()
    assert data["status"] == "open"
    assert data["decision"]["number"] == decision.number
    assert data["decision"]["permit"] == decision.permit.number
    assert data["reply_due_on"] == "2026-06-23"  # 10 working days, over 端午
    assert data["reply_overdue"] is False and data["reply_late"] is None
    assert data["allowed_actions"] == ["reply", "outcome"]
    lawsuit = created(kind="lawsuit", body="示例县人民法院", case_number="（2026）示0101行初3号")
    assert lawsuit["reply_due_on"] == "2026-06-23"  # 8 Jun + 15 calendar days


def test_reply_then_annulling_outcome_starts_the_revoke_procedure(created, reviewer, approver):
    remedy = created()
    url = f"{REMEDIES}{remedy['id']}/"
    response = client_for(reviewer).post(
        f"{url}reply/", {"replied_on": "2026-06-10"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "replied" and response.json()["reply_late"] is False
    response = client_for(approver).post(
        f"{url}outcome/",
        {
            "outcome": "annulled",
            "outcome_on": "2026-06-10",
            "document_number": "示政复决〔2026〕7号",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["outcome"], data["follow_up"]) == (
        "closed",
        "annulled",
        "procedure",
    )
    assert PermitProcedure.objects.get().pk == data["procedure_id"]
    again = client_for(approver).post(
        f"{url}outcome/", {"outcome": "annulled", "outcome_on": "2026-06-10"}, format="json"
    )
    assert_error(again, 409, "invalid_transition")
    assert PermitProcedure.objects.count() == 1


def test_same_idempotency_key_creates_one(decision, approver, at_wednesday):
    client = client_for(approver)
    first = client.post(REMEDIES, body(decision), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = client.post(REMEDIES, body(decision), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Remedy.objects.count() == 1
    # Without a key the same case is 409, not a second row.
    assert_error(client.post(REMEDIES, body(decision), format="json"), 409, "duplicate_case")


def test_resolve_flagged_outcome(created, approver, reviewer):
    remedy = created()
    url = f"{REMEDIES}{remedy['id']}/"
    client_for(reviewer).post(
        f"{url}outcome/", {"outcome": "ordered_to_act", "outcome_on": "2026-06-10"}, format="json"
    )
    assert_error(
        client_for(reviewer).post(f"{url}resolve/", {"note": "x"}, format="json"),
        403,
        "permission_denied",
    )
    assert_error(
        client_for(approver).post(f"{url}resolve/", {"note": ""}, format="json"),
        400,
        "note_required",
    )
    response = client_for(approver).post(
        f"{url}resolve/", {"note": "已重新作出决定"}, format="json"
    )
    assert response.status_code == 200 and response.json()["follow_up"] == "done"
    assert_error(
        client_for(approver).post(f"{url}resolve/", {"note": "再次"}, format="json"),
        409,
        "no_follow_up",
    )


# --- who may call what ----------------------------------------------------------------------------


@pytest.fixture
def people(clerk, reviewer, approver, inspector, make_user, department):
    return {
        "clerk": clerk,
        "reviewer": reviewer,
        "approver": approver,
        "inspector": inspector,
        "liaison": make_user("liaison_m", Role.LIAISON, department=department),
    }


@pytest.mark.parametrize(
    "who,read,write",
    [
        ("approver", 200, 201),
        ("reviewer", 200, 201),
        ("inspector", 200, 403),
        ("clerk", 403, 403),
        ("liaison", 403, 403),
    ],
)
def test_roles(people, created, decision, who, read, write):
    remedy = created()
    client = client_for(people[who])
    assert client.get(REMEDIES).status_code == read
    assert client.get(f"{REMEDIES}{remedy['id']}/").status_code == read
    made = client.post(REMEDIES, body(decision, case_number=f"N-{who}"), format="json")
    assert made.status_code == write
    reply = client.post(
        f"{REMEDIES}{remedy['id']}/reply/", {"replied_on": "2026-06-10"}, format="json"
    )
    assert reply.status_code == (200 if write == 201 else 403)


def test_anonymous_is_401(created):
    remedy = created()
    anonymous = APIClient()
    for response in (
        anonymous.get(REMEDIES),
        anonymous.get(f"{REMEDIES}{remedy['id']}/"),
        anonymous.post(REMEDIES, {}, format="json"),
        anonymous.post(f"{REMEDIES}{remedy['id']}/outcome/", {}, format="json"),
    ):
        assert_error(response, 401, "not_authenticated")


def test_unknown_ids_are_404(approver, at_wednesday, decision):
    client = client_for(approver)
    assert_error(client.get(f"{REMEDIES}999999/"), 404, "not_found")
    assert_error(
        client.post(f"{REMEDIES}999999/reply/", {"replied_on": "2026-06-10"}, format="json"),
        404,
        "not_found",
    )
    assert client.get(f"{REMEDIES}{'9' * 25}/").status_code == 404
    assert client.get(f"{REMEDIES}%D9%A3/").status_code == 404  # Arabic-Indic three
    assert_error(
        client.post(REMEDIES, body(decision, decision="示审批〔2099〕1号"), format="json"),
        404,
        "decision_not_found",
    )


# --- hostile input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"received_on": "2026-06-11"}, "received_on"),  # tomorrow
        ({"received_on": "2026-05-31"}, "received_on"),  # before the decision
        ({"received_on": "9999-12-31"}, "received_on"),
        ({"received_on": "0001-01-01"}, "received_on"),
        ({"received_on": "10000-01-01"}, "received_on"),
        ({"received_on": "2026-02-30"}, "received_on"),
        ({"received_on": "２０２６-06-08"}, "received_on"),  # fullwidth digits
        ({"received_on": 20260608}, "received_on"),
        ({"accepted_on": "2026-06-09"}, "accepted_on"),  # after receipt
        ({"case_number": "号" * 61}, "case_number"),
        ({"case_number": "\u200b\u3000"}, "case_number"),
        ({"body": "x" * 5000}, "body"),
        ({"claimant": ""}, "claimant"),
        ({"kind": "appeal"}, "kind"),
        ({"decision": "x" * 41}, "decision"),
        ({"decision": ["a"]}, "decision"),
    ],
)
def test_bad_bodies_are_400_with_the_field(decision, approver, at_wednesday, overrides, field):
    response = client_for(approver).post(REMEDIES, body(decision, **overrides), format="json")
    data = assert_error(response, 400, response.json().get("code", "invalid"))
    assert field in data.get("fields", {}), data
    assert not Remedy.objects.exists()


@pytest.mark.parametrize("text", ["A\x00B", "A\x07B", "A\x1bB"])
def test_control_characters_are_400(decision, approver, at_wednesday, text):
    response = client_for(approver).post(REMEDIES, body(decision, case_number=text), format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"]
    assert not Remedy.objects.exists()


def test_bad_outcome_bodies(created, approver):
    remedy = created()
    url = f"{REMEDIES}{remedy['id']}/outcome/"
    client = client_for(approver)
    for payload in (
        {"outcome": "quashed", "outcome_on": "2026-06-10"},
        {"outcome": "upheld", "outcome_on": "2026-06-07"},
        {"outcome": "upheld", "outcome_on": "2026-06-11"},
        {"outcome": "upheld"},
        {"outcome": "upheld", "outcome_on": "2026-06-10", "document_number": "号" * 61},
        [],
    ):
        response = client.post(url, payload, format="json")
        assert response.status_code == 400, (payload, response.content)
    assert Remedy.objects.get().status == "open"


@pytest.mark.parametrize(
    "query",
    [
        "status=",
        "status=done",
        "kind=x",
        "overdue=maybe",
        "status=open&status=closed",
        "page=0",
        "page_size=100000",
        "follow_up=nope",
    ],
)
def test_strict_filters(created, approver, query):
    created()
    response = client_for(approver).get(f"{REMEDIES}?{query}")
    assert_error(response, 400, "invalid")


def test_filters(created, approver):
    a = created(case_number="A")
    created(case_number="B")
    client = client_for(approver)
    client.post(f"{REMEDIES}{a['id']}/reply/", {"replied_on": "2026-06-10"}, format="json")
    assert [r["id"] for r in client.get(f"{REMEDIES}?status=replied").json()["results"]] == [
        a["id"]
    ]
    assert client.get(f"{REMEDIES}?overdue=true").json()["count"] == 0
    with time_machine.travel(datetime.datetime(2026, 6, 24, 0, 1, tzinfo=SHANGHAI), tick=False):
        overdue = client.get(f"{REMEDIES}?overdue=true").json()["results"]
    assert [r["case_number"] for r in overdue] == ["B"] and overdue[0]["reply_overdue"] is True


def test_list_has_a_fixed_number_of_queries(created, approver, decision):
    client = client_for(approver)
    created(case_number="first")
    client.get(REMEDIES)  # warm the token and role caches of this client's user
    with exact_queries(4):  # token, roles, count, page
        assert client.get(REMEDIES).json()["count"] == 1
    for n in range(5):
        created(case_number=f"more-{n}")
    with exact_queries(4):
        assert client.get(REMEDIES).json()["count"] == 6


def test_the_operations_are_in_the_schema(api, approver):
    api.force_authenticate(approver)
    schema = api.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/remedies/"])
    assert "get" in paths["/api/v1/remedies/{id}/"]
    for action in ("reply", "outcome", "resolve"):
        operation = paths[f"/api/v1/remedies/{{id}}/{action}/"]["post"]
        assert {"200", "400", "401", "403", "404", "409"} <= set(operation["responses"])
    assert "Remedy" in schema["components"]["schemas"]
