"""The approvals admin: pages open, state stays the services' business, edits are audited."""

import pytest
from django.urls import reverse

from approvals import services
from approvals.models import Application
from audit.services import events_for
from tests.approvals.pages.helpers import logged_in

S = Application.Status
pytestmark = pytest.mark.usefixtures("at_monday", "seal")


def test_admin_pages_of_approvals_open_and_refuse_edits(client, make_user, reviewed, approver):
    app = reviewed()
    services.decide(application_id=app.pk, approver=approver, approve=True)
    admin = make_user("root", is_staff=True, is_superuser=True)
    c = logged_in(client, admin)
    for model in (
        "seal",
        "applicant",
        "application",
        "decision",
        "permit",
        "sealuse",
        "documentcounter",
    ):
        response = c.get(reverse(f"admin:approvals_{model}_changelist"))
        assert response.status_code == 200, model
    assert c.get(reverse("admin:approvals_application_change", args=[app.pk])).status_code == 200
    assert c.get(reverse("admin:approvals_application_add")).status_code == 403
    response = c.post(
        reverse("admin:approvals_application_change", args=[app.pk]), {"status": "submitted"}
    )
    assert response.status_code == 403
    app.refresh_from_db()
    assert app.status == S.APPROVED


def _admin(client, make_user):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


def test_a_seal_edit_in_the_admin_goes_through_the_service_and_is_audited(
    client, make_user, seal, reviewed, approver
):
    c = _admin(client, make_user)
    url = reverse("admin:approvals_seal_change", args=[seal.pk])
    form = {"name": seal.name, "document_prefix": "县审批", "bureau_name": seal.bureau_name}
    response = c.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    events = list(events_for(seal).filter(action="update_seal"))
    assert len(events) == 1
    assert events[0].actor.username == "root"
    assert events[0].data == {
        "before": {"document_prefix": "示审批"},
        "after": {"document_prefix": "县审批"},
    }
    decision = services.decide(application_id=reviewed().pk, approver=approver, approve=True)
    assert decision.number == "县审批〔2026〕1号"


def test_an_applicant_edit_in_the_admin_goes_through_the_service_and_is_audited(
    client, make_user, applicant
):
    c = _admin(client, make_user)
    url = reverse("admin:approvals_applicant_change", args=[applicant.pk])
    form = {"name": applicant.name, "phone": "13900000000", "address": applicant.address}
    assert c.post(url, form).status_code == 302
    applicant.refresh_from_db()
    assert applicant.phone == "13900000000"
    events = list(events_for(applicant).filter(action="update_applicant"))
    assert len(events) == 1 and events[0].note == "phone"
    # Saving again with nothing changed writes nothing.
    assert c.post(url, form).status_code == 302
    assert events_for(applicant).filter(action="update_applicant").count() == 1
