"""特别程序告知书: a special procedure that starts issues its notice in the same transaction —
numbered in its own series (示审特〔year〕N号), sealed, archived, on the case page, printable;
gap-free under simultaneous starts on PostgreSQL."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from approvals import archive, services
from approvals.models import IssuedDocument, SealUse
from core.errors import InvalidInput
from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory
from tests.threads import run_together

KIND = "special_procedure"


def _notices(app=None):
    docs = IssuedDocument.objects.filter(kind=KIND)
    return docs.filter(application=app) if app is not None else docs


@pytest.mark.django_db
def test_starting_a_special_procedure_issues_one_numbered_sealed_notice(seal, accepted, approver):
    app = accepted()
    services.start_special_procedure(
        application_id=app.pk, actor=approver, kind="expert_review", note="需专家评审安全条件"
    )
    (doc,) = _notices(app)
    year = timezone.localdate().year
    assert doc.number == f"示审特〔{year}〕1号"
    assert doc.title == "特别程序告知书"
    assert doc.series == "notice-special" and doc.serial == 1
    assert doc.seal_use.kind == KIND and doc.seal_use.number == doc.number
    assert doc.issued_by == approver
    html = doc.html
    assert "专家评审" in html and "需专家评审安全条件" in html
    assert "第四十五条" in html and "不计入本事项的办理时限" in html
    assert app.applicant.name in html and app.receipt_number in html


@pytest.mark.django_db
def test_a_second_procedure_gets_the_next_number(seal, accepted, approver):
    first, second = accepted(), accepted()
    services.start_special_procedure(application_id=first.pk, actor=approver, kind="hearing")
    services.end_special_procedure(application_id=first.pk, actor=approver)
    services.start_special_procedure(application_id=first.pk, actor=approver, kind="publicity")
    services.start_special_procedure(application_id=second.pk, actor=approver, kind="testing")
    year = timezone.localdate().year
    numbers = list(_notices().order_by("serial").values_list("number", flat=True))
    assert numbers == [f"示审特〔{year}〕{i}号" for i in (1, 2, 3)]
    hearing = _notices(first).order_by("serial").first()
    assert "二十日内组织听证" in hearing.html  # the hearing's statutory length
    # the 受理通知书 series is untouched by these
    assert IssuedDocument.objects.filter(kind="receipt").count() == 2


@pytest.mark.django_db
def test_a_refused_start_issues_no_notice_and_takes_no_number(seal, accepted, approver):
    app = accepted()
    with pytest.raises(InvalidInput):
        services.start_special_procedure(application_id=app.pk, actor=approver, kind="nonsense")
    assert not _notices().exists()
    services.start_special_procedure(application_id=app.pk, actor=approver, kind="hearing")
    assert _notices().get().serial == 1


@pytest.mark.django_db
def test_an_explicit_seal_prefix_names_the_series(accepted, approver, seal):
    seal.special_procedure_prefix = "示特告"
    seal.save()
    app = accepted()
    services.start_special_procedure(application_id=app.pk, actor=approver, kind="hearing")
    assert _notices(app).get().number.startswith("示特告〔")


@pytest.mark.django_db
def test_the_notice_is_listed_on_the_case_page_and_prints(
    client, seal, accepted, approver, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    app = accepted()
    services.start_special_procedure(application_id=app.pk, actor=approver, kind="testing")
    doc = _notices(app).get()
    client.force_login(approver)
    page = client.get(reverse("approvals:detail", args=[app.pk])).content.decode()
    assert 'data-testid="doc-special_procedure"' in page and doc.number in page
    html = client.get(reverse("approvals:archived_document", args=[app.pk, doc.pk]))
    assert html.status_code == 200
    body = html.content.decode()
    assert "特别程序告知书" in body and "检验检测" in body and doc.number in body
    by_kind = client.get(reverse("approvals:document", args=[app.pk, KIND]))
    assert by_kind.status_code == 200 and doc.number in by_kind.content.decode()
    pdf = client.get(reverse("approvals:archived_document_pdf", args=[app.pk, doc.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "special-procedure-notice" in pdf["Content-Disposition"]


# --- PostgreSQL: simultaneous starts --------------------------------------------------------------

N = 6


def _start(app_id, actor, fail=False):
    with transaction.atomic():
        procedure = services.start_special_procedure(
            application_id=app_id, actor=actor, kind="hearing"
        )
        if fail:
            raise RuntimeError("rolled back after taking a number")
        return procedure.pk


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_starts_get_distinct_gap_free_numbers(calendar_data, clerk, approver):
    SealFactory()
    version = PublishedVersionFactory()
    materials = list(version.materials.values_list("pk", flat=True))
    applicant = ApplicantFactory()
    apps = []
    for _ in range(N):
        app = services.submit(
            clerk=clerk,
            item_version=version,
            applicant=applicant,
            provided={m: True for m in materials},
        )
        apps.append(services.accept(application_id=app.pk, clerk=clerk))
    # the last one rolls back after taking its number: whoever comes after it reuses it
    results = run_together(
        [
            (lambda app=app, i=i: _start(app.pk, approver, fail=(i == N - 1)))
            for i, app in enumerate(apps)
        ]
    )
    assert sum(1 for r in results if r[0] == "ok") == N - 1, results
    year = timezone.localdate().year
    numbers = sorted(_notices().values_list("number", flat=True))
    assert numbers == sorted(f"示审特〔{year}〕{i}号" for i in range(1, N))
    assert sorted(_notices().values_list("serial", flat=True)) == list(range(1, N))
    assert SealUse.objects.filter(kind=KIND).count() == N - 1
    assert archive.documents_of(apps[0]).filter(kind=KIND).count() <= 1
