"""The case file (电子档案) for the department that supervises a push: the archived decision
letter, the materials with their files, the review opinion and site-inspection record —
read-only, each opening audited, nothing of another department's push (404)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals import services as approvals
from approvals.models import ApplicationMaterial
from audit.models import AuditEvent
from core.errors import NotAllowed, NotFound
from supervision.services import casefile as svc
from tests.flows import approve_permit

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pushes(clerk, reviewer, approver, two_departments):
    decision = approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=two_departments
    )
    app = decision.application
    stored = approvals.store_file(
        actor=clerk,
        applicant=app.applicant,
        uploaded=SimpleUploadedFile("申请书.pdf", PDF, "application/pdf"),
    )
    line = ApplicationMaterial.objects.filter(application=app).order_by("pk").first()
    ApplicationMaterial.objects.filter(pk=line.pk).update(file=stored)
    market, health = two_departments
    return decision.pushes.get(department=market), decision.pushes.get(department=health)


def _openings(push):
    return AuditEvent.objects.filter(action="open_case_file", object_id=str(push.pk))


def test_the_liaison_opens_the_case_file_and_the_opening_is_audited(pushes, liaison):
    push, _ = pushes
    case = svc.open_case_file(user=liaison, push_id=push.pk)
    assert case.application == push.decision.application
    assert [o.opinion for o in case.opinions] == ["同意"]
    assert case.opinions[0].site_inspection == "已踏勘"
    assert any(line.file for line in case.materials)
    event = _openings(push).get()
    assert (event.actor, event.data) == (liaison, {"part": "file", "channel": "page"})


def test_another_departments_push_is_not_found_and_leaves_no_trace(pushes, liaison):
    _, health_push = pushes
    with pytest.raises(NotFound):
        svc.open_case_file(user=liaison, push_id=health_push.pk)
    line = ApplicationMaterial.objects.exclude(file=None).get()
    with pytest.raises(NotFound):
        svc.case_file_material(user=liaison, push_id=health_push.pk, material_id=line.pk)
    assert not AuditEvent.objects.filter(action="open_case_file").exists()


def test_only_liaisons_and_inspectors_open_it(pushes, clerk, inspector):
    push, _ = pushes
    with pytest.raises(NotAllowed):
        svc.open_case_file(user=clerk, push_id=push.pk)
    assert svc.open_case_file(user=inspector, push_id=push.pk).push == push


def test_the_api_answers_with_the_file_and_404_for_the_other_department(
    api, pushes, liaison, liaison_health, django_assert_max_num_queries
):
    push, health_push = pushes
    client = api.as_user(liaison)
    with django_assert_max_num_queries(12):
        response = client.get(f"/api/v1/pushes/{push.pk}/case-file/")
    body = response.json()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert body["push"] == push.pk and body["decision_number"] == push.decision_number
    assert body["review_opinions"][0]["site_inspection"] == "已踏勘"
    assert [m["file_name"] for m in body["materials"] if m["url"]] == ["申请书.pdf"]
    assert client.get(f"/api/v1/pushes/{health_push.pk}/case-file/").status_code == 404
    assert client.get("/api/v1/pushes/99999999999999999/case-file/").status_code == 404
    assert _openings(push).get().data["channel"] == "api"
    other = api.as_user(liaison_health)
    assert other.get(f"/api/v1/pushes/{health_push.pk}/case-file/").status_code == 200


def test_the_query_count_does_not_grow_with_the_materials(
    api, pushes, liaison, django_assert_num_queries
):
    push, _ = pushes
    client = api.as_user(liaison)
    with django_assert_num_queries(9) as first:
        client.get(f"/api/v1/pushes/{push.pk}/case-file/")
    app = push.decision.application
    for line in ApplicationMaterial.objects.filter(application=app, file=None):
        ApplicationMaterial.objects.filter(pk=line.pk).update(
            file=ApplicationMaterial.objects.exclude(file=None).first().file
        )
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(f"/api/v1/pushes/{push.pk}/case-file/")


def test_the_pages_serve_the_file_and_the_material_and_audit_each(
    client, pushes, liaison, liaison_health
):
    push, health_push = pushes
    client.force_login(liaison)
    page = client.get(reverse("supervision:push_case_file", args=[push.pk]))
    assert page.status_code == 200 and "审查意见与现场踏勘记录" in page.content.decode()
    detail = client.get(reverse("supervision:push_detail", args=[push.pk])).content.decode()
    assert 'data-testid="case-file-link"' in detail
    line = ApplicationMaterial.objects.exclude(file=None).get()
    url = reverse("supervision:push_case_file_material", args=[push.pk, line.pk])
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert sorted(e.data["part"] for e in _openings(push)) == [
        "file",
        "material:" + line.material.name,
    ]
    client.force_login(liaison_health)
    assert client.get(url).status_code == 404
    assert client.get(reverse("supervision:push_case_file", args=[push.pk])).status_code == 404
    assert (
        client.get(reverse("supervision:push_case_file_letter", args=[push.pk])).status_code == 404
    )
