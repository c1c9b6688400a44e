"""The approvals admin: pages open, state stays the services' business, edits are audited."""

import pytest
from django.urls import reverse

from approvals import services
from approvals.models import Application
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
