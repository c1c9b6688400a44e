"""失信记录 at the window: while a record stands, no 告知承诺 acceptance and no 容缺 (409
credit_record, one rule in intake.accept); the counter page and the applications API warn;
lifted by the approver (audited), the applicant is accepted again."""

import pytest

from approvals import services
from approvals.models import Application, CreditRecord
from approvals.services.credit import lift_credit_record, open_credit_record
from audit.models import AuditEvent
from core.errors import InvalidInput, InvalidTransition, NotAllowed
from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory

ID = "440305199003071236"


@pytest.fixture
def record(db, clerk):
    return open_credit_record(
        actor=None, id_number=ID, holder_name="王小明", reason="告知承诺核查不属实", source_ref="x"
    )


def _submitted(clerk, **version):
    SealFactory()
    v = PublishedVersionFactory(**version)
    applicant = ApplicantFactory(id_number=ID, name="王小明")
    materials = list(v.materials.values_list("pk", flat=True))
    app = services.submit(
        clerk=clerk,
        item_version=v,
        applicant=applicant,
        provided={materials[0]: True, materials[2]: True} if len(materials) > 2 else {},
        content="开办",
    )
    return app, materials


def test_commitment_item_refused_while_a_record_stands(record, clerk):
    app, materials = _submitted(clerk, notice_commitment=True)
    with pytest.raises(InvalidTransition) as exc:
        services.accept(application_id=app.pk, clerk=clerk, waived=[])
    assert exc.value.code == "credit_record"
    assert "失信记录" in str(exc.value.message)
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED


def test_waiver_refused_while_a_record_stands(record, clerk):
    app, materials = _submitted(clerk)
    with pytest.raises(InvalidTransition) as exc:
        services.accept(application_id=app.pk, clerk=clerk, waived=[materials[1]])
    assert exc.value.code == "credit_record"


def test_lifted_record_no_longer_refuses(record, clerk, approver):
    app, materials = _submitted(clerk)
    with pytest.raises(NotAllowed):
        lift_credit_record(user=clerk, record_id=record.pk, reason="已整改")
    for bad in ["", "  ", "\x00"]:
        with pytest.raises(InvalidInput):
            lift_credit_record(user=approver, record_id=record.pk, reason=bad)
    lift_credit_record(user=approver, record_id=record.pk, reason="已整改")
    assert AuditEvent.objects.filter(action="lift_credit_record").count() == 1
    with pytest.raises(InvalidTransition):
        lift_credit_record(user=approver, record_id=record.pk, reason="再次")
    services.accept(application_id=app.pk, clerk=clerk, waived=[materials[1]])


def test_no_record_no_refusal(db, clerk):
    app, materials = _submitted(clerk, notice_commitment=True)
    CreditRecord.objects.create(
        id_number="110101199003070000", holder_name="别人", reason="x", since=app.submitted_at
    )
    services.accept(application_id=app.pk, clerk=clerk, waived=[materials[1]])


def test_counter_page_and_api_warn(record, clerk, client, api):
    app, materials = _submitted(clerk)
    client.force_login(clerk)
    page = client.get(f"/approvals/applications/{app.pk}/")
    assert page.status_code == 200
    assert "该申请人有失信记录" in page.content.decode()
    api.as_user(clerk)
    body = api.get(f"/api/v1/applications/{app.pk}/").json()
    assert "该申请人有失信记录" in body["credit_warning"]
    answer = api.post(
        f"/api/v1/applications/{app.pk}/accept/", {"waived": [materials[1]]}, format="json"
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "credit_record"
