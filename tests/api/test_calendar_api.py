"""GET /api/v1/calendar/add-working-days/ — the contract's working-day endpoint."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/calendar/add-working-days/"


def test_the_third_working_day_after_30_september_2026_is_the_make_up_saturday(api, clerk):
    response = api.as_user(clerk).get(URL, {"start": "2026-09-30", "days": "3"})
    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-09-30",
        "days": 3,
        "result": "2026-10-10",
        "provisional": False,
    }


def test_a_result_past_the_official_data_is_provisional(api, clerk):
    response = api.as_user(clerk).get(URL, {"start": "2026-12-31", "days": "1"})
    assert response.json() == {
        "start": "2026-12-31",
        "days": 1,
        "result": "2027-01-04",
        "provisional": True,
    }


def test_the_largest_allowed_span(api, clerk):
    response = api.as_user(clerk).get(URL, {"start": "2099-12-31", "days": "1000"})
    assert response.status_code == 200
    assert response.json()["provisional"] is True


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"days": "3"}, "start"),
        ({"start": "2026-09-30"}, "days"),
        ({"start": "", "days": "3"}, "start"),
        ({"start": "2026-13-01", "days": "3"}, "start"),
        ({"start": "2026-02-30", "days": "3"}, "start"),
        ({"start": "20260930", "days": "3"}, "start"),
        ({"start": "2026-9-30", "days": "3"}, "start"),
        ({"start": "2026-09-30T00:00", "days": "3"}, "start"),
        ({"start": "not-a-date", "days": "3"}, "start"),
        ({"start": "1999-12-31", "days": "3"}, "start"),
        ({"start": "9999-12-31", "days": "3"}, "start"),
        ({"start": "2026-09-30", "days": "abc"}, "days"),
        ({"start": "2026-09-30", "days": "1.5"}, "days"),
        ({"start": "2026-09-30", "days": ""}, "days"),
        ({"start": "2026-09-30", "days": "0"}, "days"),
        ({"start": "2026-09-30", "days": "-1"}, "days"),
        ({"start": "2026-09-30", "days": "1001"}, "days"),
        ({"start": "2026-09-30", "days": "9" * 40}, "days"),
        ({"start": "٢٠٢٦-٠٩-٣٠", "days": "3"}, "start"),
        ({"start": "２０２６-０９-３０", "days": "3"}, "start"),
        ({"start": "2026-09-30\n", "days": "3"}, "start"),
        ({"start": "2026-09-30", "days": "٣"}, "days"),
        ({"start": "2026-09-30", "days": "３"}, "days"),
        ({"start": "2026-09-30", "days": "²"}, "days"),
        ({"start": "2026-09-30", "days": "1e3"}, "days"),
    ],
)
def test_bad_input_is_400_with_code_and_fields(api, clerk, params, field):
    response = api.as_user(clerk).get(URL, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert isinstance(body["detail"], str) and body["detail"]
    assert list(body["fields"]) == [field]
    assert all(isinstance(m, str) and m for m in body["fields"][field])


def test_the_error_messages_are_chinese(api, clerk):
    body = api.as_user(clerk).get(URL, {"start": "2026/09/30", "days": "0"}).json()
    assert body["fields"]["start"] == ["日期格式应为 YYYY-MM-DD,例如 2026-09-30。"]
    assert body["fields"]["days"] == ["工作日数 days 至少为 1。"]


def test_without_credentials_is_401(api):
    response = api.get(URL, {"start": "2026-09-30", "days": "3"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_any_authenticated_user_may_ask(api, make_user):
    user = make_user("nobody")  # no role at all
    assert api.as_user(user).get(URL, {"start": "2026-09-30", "days": "1"}).status_code == 200


def test_post_is_405(api, clerk):
    response = api.as_user(clerk).post(URL, {"start": "2026-09-30", "days": 3}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_the_schema_documents_the_query_parameters_and_responses(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/calendar/add-working-days/"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert set(params) == {"start", "days"}
    assert params["start"]["in"] == "query" and params["start"]["required"] is True
    assert params["start"]["schema"] == {"type": "string", "format": "date"}
    assert params["days"]["required"] is True
    assert params["days"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 1000}
    assert set(operation["responses"]) == {"200", "400", "401"}
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ok.rsplit("/", 1)[1]]
    assert set(component["properties"]) == {"start", "days", "result", "provisional"}
    assert component["properties"]["result"]["format"] == "date"
    assert set(component["required"]) == {"start", "days", "result", "provisional"}
