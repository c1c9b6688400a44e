"""Issue 14, feedback: POST /api/v1/pushes/<id>/feedback/ {"note", "final"?, "result"?} and
POST /api/v1/supervision-reports/<id>/close/ {"outcome", "note"} as api-contract.md says."""

import datetime

import pytest

from supervision import services
from supervision.models import Push

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed(decided, liaison):
    push = Push.objects.get(decision=decided(), department__code="market")
    return services.claim_push(push_id=push.pk, user=liaison)


def _feedback(client, push, body):
    return client.post(f"/api/v1/pushes/{push.pk}/feedback/", body, format="json")


def test_interim_then_final_then_409(api, liaison, claimed):
    client = api.as_user(liaison)
    response = _feedback(client, claimed, {"note": "处置中"})
    assert response.status_code == 200 and response.json()["status"] == "feedback_given"
    assert response.json()["feedback_deadline"] and response.json()["closed_at"] is None
    assert response.json()["feedback_overdue"] is False
    response = _feedback(client, claimed, {"note": "处置完毕", "final": True, "result": "合格"})
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert response.json()["closed_at"]
    response = _feedback(client, claimed, {"note": "又一条"})
    assert response.status_code == 409 and response.json()["code"] == "push_closed"


@pytest.mark.parametrize(
    "body",
    [
        {"note": ""},
        {"note": "x\x00"},
        {"note": "x" * 5001},
        {"note": "ok", "final": "maybe"},
        {"note": "ok", "final": True, "result": "r" * 2001},
        {"note": "ok", "result": "\x1b"},
        {"note": ["a"]},
    ],
)
def test_hostile_feedback_is_400(api, liaison, claimed, body):
    response = _feedback(api.as_user(liaison), claimed, body)
    assert response.status_code == 400 and response.json()["code"]
    claimed.refresh_from_db()
    assert claimed.status == Push.Status.CLAIMED


def test_another_departments_push_is_404_and_an_inspector_403(
    api, liaison_health, inspector, claimed
):
    assert _feedback(api.as_user(liaison_health), claimed, {"note": "x"}).status_code == 404
    assert _feedback(api.as_user(inspector), claimed, {"note": "x"}).status_code == 403


@pytest.fixture
def report(decided, liaison):
    decision = decided()
    return services.create_report(
        user=liaison,
        permit_number=decision.permit.number,
        kind="other",
        decision_number="监2",
        decision_date=datetime.date(2026, 6, 1),
        summary="已责令改正",
    )


def _close(client, report, body):
    return client.post(f"/api/v1/supervision-reports/{report.pk}/close/", body, format="json")


def test_the_bureau_closes_a_report_once(api, clerk, report):
    client = api.as_user(clerk)
    assert _close(client, report, {"outcome": "done"}).json()["code"] == "not_claimed"
    services.claim_report(report_id=report.pk, user=clerk)
    response = _close(client, report, {"outcome": "acknowledged", "note": "已知悉"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["close_outcome"]) == (
        "closed",
        "acknowledged",
    )
    response = _close(client, report, {"outcome": "done"})
    assert response.status_code == 409 and response.json()["code"] == "report_closed"


@pytest.mark.parametrize(
    "body", [{}, {"outcome": "closed"}, {"outcome": "done", "note": "\x07"}, {"outcome": 1}]
)
def test_hostile_close_is_400(api, clerk, report, body):
    services.claim_report(report_id=report.pk, user=clerk)
    assert _close(api.as_user(clerk), report, body).status_code == 400


def test_a_liaison_may_not_close(api, clerk, liaison, report):
    services.claim_report(report_id=report.pk, user=clerk)
    assert _close(api.as_user(liaison), report, {"outcome": "done"}).status_code == 403
    assert _close(api.as_user(clerk), report, {"outcome": "done"}).status_code == 200
    missing = type(report)(pk=report.pk + 1000)
    assert _close(api.as_user(clerk), missing, {"outcome": "done"}).status_code == 404


def test_the_list_filters_feedback_overdue_by_the_one_rule(api, liaison, claimed):
    client = api.as_user(liaison)

    def ids(query):
        response = client.get(f"/api/v1/pushes/?{query}")
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids("feedback_overdue=true") == []
    assert claimed.pk in ids("feedback_overdue=false")
    Push.objects.filter(pk=claimed.pk).update(
        feedback_deadline=claimed.feedback_deadline - datetime.timedelta(days=365)
    )
    assert ids("feedback_overdue=true") == [claimed.pk]
    assert claimed.pk not in ids("feedback_overdue=false")
    assert claimed.pk in ids("status=claimed&feedback_overdue=true")
    _feedback(client, claimed, {"note": "处置完毕", "final": True})
    assert ids("feedback_overdue=true") == [] and claimed.pk in ids("status=closed")
    assert client.get("/api/v1/pushes/?feedback_overdue=maybe").status_code == 400


@pytest.mark.parametrize("pk", ["99999999999999999999", "１２", "-1", "0"])
def test_odd_ids_are_404_not_500(api, clerk, liaison, pk):
    response = api.as_user(clerk).post(
        f"/api/v1/supervision-reports/{pk}/close/", {"outcome": "done"}, format="json"
    )
    assert response.status_code == 404
    response = api.as_user(liaison).post(
        f"/api/v1/pushes/{pk}/feedback/", {"note": "x", "final": True}, format="json"
    )
    assert response.status_code == 404
