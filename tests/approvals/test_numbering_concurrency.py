"""Every notice series under simultaneous requests, on PostgreSQL (the counter's row lock):
numbers distinct and gap-free, one seal use each; a loser's rollback leaves no gap."""

import pytest
from django.db import transaction
from django.utils import timezone

from approvals import archive, services
from approvals.models import Application, IssuedDocument, SealUse
from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

N = 6


def _apps(clerk, n=N):
    version = PublishedVersionFactory()
    materials = list(version.materials.values_list("pk", flat=True))
    applicant = ApplicantFactory()
    return [
        services.submit(
            clerk=clerk,
            item_version=version,
            applicant=applicant,
            provided={m: True for m in materials},
        )
        for _ in range(n)
    ]


def _issue(kind, app_id, actor, fail=False):
    with transaction.atomic():
        app = Application.objects.select_related("applicant", "item_version").get(pk=app_id)
        doc = archive.issue_notice(kind, application=app, actor=actor)
        if fail:
            raise RuntimeError("rolled back after taking a number")
        return doc.number


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [
        ("receipt", "示审受"),
        ("correction", "示审补"),
        ("refusal", "示审不受"),
        ("withdrawal", "示审撤"),
        ("termination", "示审终"),
    ],
)
def test_simultaneous_notices_of_a_series_get_distinct_gap_free_numbers(clerk, kind, prefix):
    SealFactory()
    apps = _apps(clerk)
    # the last one rolls back after taking its number: whoever comes after it reuses it
    results = run_together(
        [
            (lambda app=app, i=i: _issue(kind, app.pk, clerk, fail=(i == N - 1)))
            for i, app in enumerate(apps)
        ]
    )
    ok = [r[1] for r in results if r[0] == "ok"]
    assert len(ok) == N - 1, results
    year = timezone.localdate().year
    assert sorted(ok) == sorted(f"{prefix}〔{year}〕{i}号" for i in range(1, N))
    serials = sorted(IssuedDocument.objects.filter(kind=kind).values_list("serial", flat=True))
    assert serials == list(range(1, N))
    assert SealUse.objects.filter(kind=kind).count() == N - 1


def test_simultaneous_acceptances_each_get_their_receipt_notice(clerk, make_user):
    SealFactory()
    clerks = [clerk] + [make_user(f"clerk_{i}", "window_clerk") for i in range(N - 1)]
    apps = _apps(clerk)
    results = run_together(
        [
            (lambda app=app, user=user: services.accept(application_id=app.pk, clerk=user))
            for app, user in zip(apps, clerks, strict=True)
        ]
    )
    assert all(r[0] == "ok" for r in results), results
    docs = IssuedDocument.objects.filter(kind="receipt")
    assert sorted(docs.values_list("serial", flat=True)) == list(range(1, N + 1))
    assert {d.application_id for d in docs} == {a.pk for a in apps}


def test_simultaneous_first_prints_render_the_pdf_once(clerk, settings, tmp_path):
    from unittest import mock

    from approvals import documents

    settings.MEDIA_ROOT = tmp_path / "media"
    SealFactory()
    (app,) = _apps(clerk, n=1)
    services.accept(application_id=app.pk, clerk=clerk)
    doc = IssuedDocument.objects.get(application=app)
    real = documents.pdf_from_html
    with mock.patch.object(documents, "pdf_from_html", side_effect=real) as render:
        results = run_together([(lambda: archive.read_pdf(doc)) for _ in range(4)])
    assert all(r[0] == "ok" for r in results), results
    assert render.call_count == 1
    assert len({r[1] for r in results}) == 1
