"""Ids and filters before the database: a 20-digit, zero, non-ASCII or junk id in any supervision
path or form field is a 404 / nothing done, never an overflow (SQLite) or a 500; a list filter
that is given must be one of its values (an empty `?status=` is a 400 `invalid`, not the whole
list); the schema says so, and says which fields may be null."""

import pytest
from django.urls import reverse

from supervision.models import Notification
from tests.api.conftest import client_for
from tests.flows import approve_permit

pytestmark = pytest.mark.django_db

HUGE = "9" * 20  # past a bigint: SQLite raised OverflowError
JUNK_IDS = [HUGE, "9223372036854775808", "0", "١٢", "１２", "-1", "1e3"]
PAGES = [
    "/supervision/pushes/{}/",
    "/supervision/pushes/{}/claim/",
    "/supervision/pushes/{}/feedback/",
    "/supervision/pushes/{}/return/",
    "/supervision/pushes/{}/reroute/",
    "/supervision/reports/{}/",
    "/supervision/reports/{}/attachment/",
    "/supervision/reports/{}/claim/",
    "/supervision/reports/{}/follow-up/",
]
API = [
    "/api/v1/pushes/{}/",
    "/api/v1/pushes/{}/claim/",
    "/api/v1/pushes/{}/feedback/",
    "/api/v1/pushes/{}/return/",
    "/api/v1/pushes/{}/reroute/",
    "/api/v1/supervision-reports/{}/",
    "/api/v1/supervision-reports/{}/claim/",
    "/api/v1/supervision-reports/{}/follow-up/",
    "/api/v1/webhook-deliveries/{}/",
]


@pytest.fixture
def push(clerk, reviewer, approver, department):
    return approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department]
    ).pushes.get()


@pytest.mark.parametrize("pattern", PAGES)
@pytest.mark.parametrize("junk", JUNK_IDS)
def test_a_junk_id_in_a_page_path_is_404(client, make_user, pattern, junk):
    from core.roles import Role

    client.force_login(make_user("everyone", *Role.values))
    url = pattern.format(junk)
    assert client.get(url).status_code in (404, 405), url
    assert client.post(url).status_code == 404, url


@pytest.mark.parametrize("pattern", API)
def test_a_20_digit_id_in_an_api_path_is_404(make_user, pattern):
    from core.roles import Role

    api = client_for(make_user("everyone", *Role.values))
    url = pattern.format(HUGE)
    for response in (api.get(url), api.post(url, {}, format="json")):
        assert response.status_code in (404, 405), (url, response.status_code)


def test_the_largest_bigint_is_a_plain_404(client, liaison, push):
    client.force_login(liaison)
    assert client.get(f"/supervision/pushes/{2**63 - 1}/").status_code == 404
    assert client.get(f"/supervision/pushes/{push.pk}/").status_code == 200


@pytest.mark.parametrize("junk", [HUGE, "١٢", "abc", "-3", " 1 "])
def test_a_junk_notification_id_marks_nothing(client, liaison, push, junk):
    client.force_login(liaison)
    unread = Notification.objects.filter(recipient=liaison, read_at__isnull=True).count()
    assert unread
    response = client.post(reverse("supervision:notifications"), {"id": junk})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=liaison, read_at__isnull=True).count() == unread


def test_a_notification_id_marks_that_one(client, liaison, push):
    client.force_login(liaison)
    note = Notification.objects.filter(recipient=liaison).first()
    client.post(reverse("supervision:notifications"), {"id": str(note.pk)})
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_junk_department_code_in_a_reroute_is_refused(client, clerk, liaison, push):
    client_for(liaison).post(f"/api/v1/pushes/{push.pk}/return/", {"reason": "非本部门"})
    client.force_login(clerk)
    for code in (HUGE, "x" * 5000):
        response = client.post(
            reverse("supervision:push_reroute", args=[push.pk]), {"department": code}
        )
        assert response.status_code == 302
    api = client_for(clerk)
    response = api.post(f"/api/v1/pushes/{push.pk}/reroute/", {"department": HUGE}, format="json")
    assert response.status_code == 400 and "department" in response.json()["fields"]


# --- filters --------------------------------------------------------------------------------------

LISTS = [
    ("/api/v1/pushes/", "status", "pushed"),
    ("/api/v1/pushes/", "overdue", "true"),
    ("/api/v1/supervision-reports/", "status", "pushed"),
    ("/api/v1/supervision-reports/", "kind", "penalty"),
    ("/api/v1/supervision-reports/", "overdue", "false"),
    ("/api/v1/webhook-deliveries/", "status", "pending"),
    ("/api/v1/webhook-deliveries/", "event", "push.created"),
]


@pytest.mark.parametrize(("path", "name", "good"), LISTS)
@pytest.mark.parametrize("bad", ["", "bogus", "\u200b"])
def test_an_empty_or_junk_filter_is_400(inspector, path, name, good, bad):
    api = client_for(inspector)
    assert api.get(path, {name: good}).status_code == 200
    response = api.get(path, {name: bad})
    assert response.status_code == 400, (path, name, bad, response.content)
    body = response.json()
    assert body["code"] == "invalid" and name in body["fields"]


def test_a_filter_given_twice_is_400(inspector):
    response = client_for(inspector).get("/api/v1/pushes/?status=pushed&status=claimed")
    assert response.status_code == 400 and "status" in response.json()["fields"]


def test_no_filter_is_the_whole_list(inspector, push):
    assert client_for(inspector).get("/api/v1/pushes/").json()["count"] == 1


# --- the schema -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_follow_up_decision_number_is_a_nullable_string(schema):
    field = schema["components"]["schemas"]["SupervisionReport"]["properties"][
        "follow_up_decision_number"
    ]
    assert field["type"] == "string" and field["nullable"] is True


@pytest.mark.parametrize(
    "path", ["/api/v1/pushes/", "/api/v1/supervision-reports/", "/api/v1/webhook-deliveries/"]
)
def test_the_lists_document_400_401_403_and_404(schema, path):
    responses = schema["paths"][path]["get"]["responses"]
    assert {"200", "400", "401", "403", "404"} <= set(responses)


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/v1/pushes/{id}/", "get"),
        ("/api/v1/supervision-reports/{id}/", "get"),
        ("/api/v1/webhook-deliveries/{id}/", "get"),
        ("/api/v1/pushes/{id}/claim/", "post"),
        ("/api/v1/supervision-reports/{id}/claim/", "post"),
    ],
)
def test_object_endpoints_document_their_400(schema, path, method):
    # A control character in the path (core's middleware) or a bad Idempotency-Key is a 400.
    assert "400" in schema["paths"][path][method]["responses"]
