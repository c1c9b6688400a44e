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


# --- what the notice says of the procedure's length ------------------------------------------


@pytest.mark.parametrize(
    ("kind", "says", "not_says"),
    [
        (
            "hearing",
            ["五日内提出听证申请", "二十日内组织听证", "七日前", "第四十七条、第四十八条"],
            [],
        ),
        ("testing", ["另行书面告知", "第四十五条的规定另行书面告知"], ["二十日"]),
        ("expert_review", ["另行书面告知", "第四十五条的规定另行书面告知"], ["二十日"]),
        # 公示 is not among 第四十五条's procedures: told in writing, no article named for it.
        ("publicity", ["所需时间由本机关另行书面告知"], ["二十日", "第四十五条的规定另行"]),
    ],
)
@pytest.mark.django_db
def test_the_notice_states_each_kinds_length_as_the_law_says_it(
    seal, accepted, approver, kind, says, not_says
):
    from approvals.models import SpecialProcedure

    assert {k for k, _ in SpecialProcedure.Kind.choices} == {
        "hearing",
        "testing",
        "expert_review",
        "publicity",
    }  # a new kind gets its row here
    app = accepted()
    services.start_special_procedure(application_id=app.pk, actor=approver, kind=kind)
    html = _notices(app).get().html
    length = html[html.index('data-testid="doc-length"') :]
    length = length[: length.index("</td>")]
    for text in says:
        assert text in length, (kind, text)
    for text in not_says:
        assert text not in length, (kind, text)


# --- whom to ask: the catalog's contact, frozen with the notice ------------------------------

BUREAU = {
    "address": "县政务服务中心一楼",
    "office_hours": "周一至周五 9:00–17:00",
    "phone": "0571-8888 1234",
}


def _part(html, testid):
    part = html[html.index(f'data-testid="{testid}"') :]
    return part[part.index(">") + 1 : part.index("</")]


@pytest.mark.django_db
def test_the_notice_names_the_items_contact_else_the_bureaus_as_they_were_when_issued(
    seal, accepted, approver, catalog_admin, version
):
    from catalog.models import ItemVersion
    from catalog.services import update_bureau_profile

    update_bureau_profile(actor=catalog_admin, **BUREAU)
    # The item's own 办理地点 overrides the bureau's; its hours and phone are the bureau's.
    ItemVersion.objects.filter(pk=version.pk).update(contact_location="县政务服务中心二楼 B 区")
    app = accepted()
    services.start_special_procedure(application_id=app.pk, actor=approver, kind="testing")
    doc = _notices(app).get()
    html = doc.html
    assert _part(html, "doc-contact-location") == "县政务服务中心二楼 B 区"
    assert _part(html, "doc-contact-hours") == "周一至周五 9:00–17:00"
    assert _part(html, "doc-contact-phone") == "0571-8888 1234"
    assert "综合受理窗口联系" not in html

    # Changed afterwards: the issued notice keeps its values, the next one has the new ones.
    update_bureau_profile(actor=catalog_admin, **{**BUREAU, "phone": "0571-8888 9999"})
    doc.refresh_from_db()
    assert _part(doc.html, "doc-contact-phone") == "0571-8888 1234"
    services.end_special_procedure(application_id=app.pk, actor=approver)
    services.start_special_procedure(application_id=app.pk, actor=approver, kind="hearing")
    latest = _notices(app).order_by("-serial").first()
    assert _part(latest.html, "doc-contact-phone") == "0571-8888 9999"


@pytest.mark.django_db
def test_the_receipt_names_the_contact_too(seal, accepted, catalog_admin):
    from catalog.services import update_bureau_profile

    update_bureau_profile(actor=catalog_admin, **BUREAU)
    app = accepted()
    receipt = IssuedDocument.objects.get(application=app, kind="receipt")
    assert _part(receipt.html, "doc-contact-location") == "县政务服务中心一楼"
    assert _part(receipt.html, "doc-contact-phone") == "0571-8888 1234"


@pytest.mark.django_db
def test_a_bureau_not_yet_described_shows_the_default_hours_and_else_the_window(
    seal, accepted, approver, catalog_admin
):
    from catalog.models import BureauProfile
    from catalog.services import update_bureau_profile

    # Nobody saved the 办事大厅信息: the model's default hours, no place or phone invented.
    app = accepted()
    services.start_special_procedure(application_id=app.pk, actor=approver, kind="hearing")
    html = _notices(app).get().html
    assert _part(html, "doc-contact-hours") == BureauProfile._meta.get_field("office_hours").default
    assert "doc-contact-location" not in html and "doc-contact-phone" not in html
    # A row saying nothing at all (the service requires the hours; an old row may not have
    # them): the notice falls back to the window.
    update_bureau_profile(actor=catalog_admin, **BUREAU)
    BureauProfile.objects.update(address="", office_hours="", phone="")
    services.end_special_procedure(application_id=app.pk, actor=approver)
    services.start_special_procedure(application_id=app.pk, actor=approver, kind="testing")
    html = _notices(app).order_by("-serial").first().html
    assert "综合受理窗口联系" in html and "doc-contact-details" not in html
