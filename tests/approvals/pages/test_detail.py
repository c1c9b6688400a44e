"""The application page: what it shows, to whom, the audited ID reveal, attached files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals import services
from approvals.models import Application
from audit.services import events_for
from tests.approvals.pages.helpers import (
    PDF_BYTES,
    VALID_ID,
    action_url,
    detail_url,
    logged_in,
)

S = Application.Status
pytestmark = pytest.mark.usefixtures("at_monday", "seal")


# --- the application page ----------------------------------------------------------------------


def test_detail_shows_the_masked_id_status_materials_and_timeline(client, clerk, submitted):
    app = submitted()
    body = logged_in(client, clerk).get(detail_url(app)).content.decode()
    assert "110105********002X" in body and VALID_ID not in body
    assert "已登记" in body and "申请书" in body
    assert 'data-testid="timeline"' in body and "登记" in body


def test_detail_is_refused_to_a_liaison_with_403(client, liaison, submitted):
    app = submitted()
    assert logged_in(client, liaison).get(detail_url(app)).status_code == 403


def test_an_unknown_application_is_404(client, clerk):
    assert (
        logged_in(client, clerk).get(reverse("approvals:detail", args=[999999])).status_code == 404
    )


def test_revealing_the_id_number_is_audited_and_shown_once(client, reviewer, submitted):
    app = submitted()
    c = logged_in(client, reviewer)
    response = c.post(reverse("approvals:reveal_id", args=[app.pk]))
    assert response.status_code == 302
    event = list(events_for(app))[-1]
    assert event.action == "view_id_number" and event.actor == reviewer
    assert VALID_ID in c.get(detail_url(app)).content.decode()
    assert VALID_ID not in c.get(detail_url(app)).content.decode()  # one look per audited click


def test_an_inspector_cannot_reveal_the_id_number(client, inspector, submitted):
    app = submitted()
    c = logged_in(client, inspector)
    assert "显示完整证件号" not in c.get(detail_url(app)).content.decode()
    assert c.post(reverse("approvals:reveal_id", args=[app.pk])).status_code == 403


def test_the_clerk_sees_intake_actions_and_the_reviewer_does_not(
    client, clerk, reviewer, submitted
):
    app = submitted()
    body = logged_in(client, clerk).get(detail_url(app)).content.decode()
    for testid in ("do-accept", "do-request-correction", "do-refuse"):
        assert testid in body
    body = logged_in(client, reviewer).get(detail_url(app)).content.decode()
    assert "do-accept" not in body and "do-review" not in body


def test_only_allowed_actions_are_offered_after_acceptance(client, clerk, reviewer, accepted):
    app = accepted()
    body = logged_in(client, clerk).get(detail_url(app)).content.decode()
    assert "do-accept" not in body and "do-refuse" not in body
    body = logged_in(client, reviewer).get(detail_url(app)).content.decode()
    assert "do-start-review" in body and "do-review" in body and "do-pause" in body


def test_an_action_of_another_role_is_refused_with_403(client, reviewer, submitted):
    app = submitted()
    response = logged_in(client, reviewer).post(action_url(app, "accept"))
    assert response.status_code == 403
    app.refresh_from_db()
    assert app.status == S.SUBMITTED


def test_an_action_url_does_not_answer_get(client, clerk, submitted):
    app = submitted()
    assert logged_in(client, clerk).get(action_url(app, "accept")).status_code == 405


# --- stored files and admin ----------------------------------------------------------------------


def test_an_attached_file_is_served_to_bureau_readers_only(
    client, clerk, inspector, liaison, submitted, applicant, materials
):
    stored = services.store_file(
        actor=clerk, applicant=applicant, uploaded=SimpleUploadedFile("申请书.pdf", PDF_BYTES)
    )
    app = submitted(provided=[])
    services.record_materials(
        application_id=app.pk, clerk=clerk, provided=[materials[0]], files={materials[0]: stored}
    )
    url = reverse("approvals:file", args=[app.pk, stored.pk])
    response = logged_in(client, inspector).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert logged_in(client, liaison).get(url).status_code == 403


def test_a_file_not_attached_to_the_application_is_404(client, clerk, submitted, applicant):
    stored = services.store_file(
        actor=clerk, applicant=applicant, uploaded=SimpleUploadedFile("x.pdf", PDF_BYTES)
    )
    app = submitted()
    url = reverse("approvals:file", args=[app.pk, stored.pk])
    assert logged_in(client, clerk).get(url).status_code == 404
