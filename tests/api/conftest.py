"""Fixtures of the applications and permits API tests: frozen Monday, a published item with a
seal, and helpers that walk an application through the API as each role would."""

import datetime

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PublishedVersionFactory, SealFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# Monday 1 June 2026, 10:00 in Shanghai: no holiday within the committed limits used here.
MONDAY = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=SHANGHAI)

PERSON_ID = "11010519491231002X"  # valid GB 11643 check digit "X"
CREDIT_CODE = "91110105MA01C0XX27"  # valid GB 32100 check character
APPLICATIONS = "/api/v1/applications/"


def assert_error(response, status, code):
    """The contract's error body: {"code", "detail"} (+ "fields")."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.fixture
def at_monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def seal(db):
    return SealFactory()


@pytest.fixture
def version(department):
    """Published item with (申请书 required, 身份证明 required + waivable, 其他材料 optional),
    supervised by the `department` fixture (县市场监督管理局, the `liaison` fixture's)."""
    return PublishedVersionFactory(setup=[department])


@pytest.fixture
def materials(version):
    return [m.pk for m in version.materials.order_by("position")]


@pytest.fixture
def payload(version, materials):
    def _payload(provided=None, **overrides):
        provided = materials[:2] if provided is None else provided
        body = {
            "item": version.item.code,
            "applicant": {
                "kind": "person",
                "name": "张小三",
                "id_number": PERSON_ID,
                "phone": "13800000000",
                "address": "示例县人民路 1 号",
            },
            "materials": [{"material": m, "provided": m in provided} for m in materials],
            "content": "申请开办超市",
        }
        body.update(overrides)
        return body

    return _payload


def client_for(user) -> APIClient:
    """A client of its own (the shared `api` fixture keeps the last user's credentials)."""
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def flow(clerk, reviewer, approver, payload):
    """Steps of the happy path through the API, each asserting its own success. Uses its own
    clients, so it never changes who the test's `api` client is."""

    class Flow:
        def submit(self, **kwargs):
            response = client_for(clerk).post(APPLICATIONS, payload(**kwargs), format="json")
            assert response.status_code == 201, response.content
            return response.json()["id"]

        def accept(self, app_id, waived=()):
            response = client_for(clerk).post(
                f"{APPLICATIONS}{app_id}/accept/", {"waived": list(waived)}, format="json"
            )
            assert response.status_code == 200, response.content
            return response.json()

        def review(self, app_id):
            response = client_for(reviewer).post(
                f"{APPLICATIONS}{app_id}/review/",
                {"opinion": "材料齐全,符合条件", "recommendation": "approve"},
                format="json",
            )
            assert response.status_code == 200, response.content
            return response.json()

        def decide(self, app_id, decision="approve", **extra):
            response = client_for(approver).post(
                f"{APPLICATIONS}{app_id}/decide/", {"decision": decision, **extra}, format="json"
            )
            assert response.status_code == 200, response.content
            return response.json()

        def reviewed(self, **kwargs):
            app_id = self.submit(**kwargs)
            self.accept(app_id)
            self.review(app_id)
            return app_id

        def approved(self):
            app_id = self.reviewed()
            return app_id, self.decide(app_id)["permit"]["number"]

    return Flow()
