"""The inspectors' page: the overdue records the job wrote, newest first, a page at a time,
in the same number of queries whatever is on the page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accountability import views
from accountability.services import flag_overdue
from approvals import services as approvals
from supervision.models import Push
from tests.flows import SHANGHAI
from tests.queries import exact_queries

pytestmark = pytest.mark.django_db

LATE = datetime.datetime(2026, 6, 9, 9, tzinfo=SHANGHAI)


def _page(client, **params):
    response = client.get("/accountability/", params)
    assert response.status_code == 200
    return response


@pytest.fixture
def inspector_client(inspector):
    client = Client()
    client.force_login(inspector)
    return client


@pytest.fixture
def late_application(clerk):
    import time_machine

    from tests.factories import ApplicantFactory, PublishedVersionFactory

    version = PublishedVersionFactory()
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), tick=False):
        app = approvals.submit(
            clerk=clerk,
            item_version=version,
            applicant=ApplicantFactory(),
            provided={m: True for m in version.materials.values_list("pk", flat=True)},
        )
        approvals.accept(application_id=app.pk, clerk=clerk)
    app.refresh_from_db()
    return app


def test_an_inspector_sees_a_flagged_push_with_its_department_and_link(
    decided, inspector_client, late_application
):
    decision = decided()
    flag_overdue(as_of=LATE)
    html = _page(inspector_client).content.decode()
    for push in Push.objects.filter(decision=decision).select_related("department"):
        url = reverse("supervision:push_detail", args=[push.pk])
        assert f'href="{url}">{push.decision_number}</a>' in html
        assert push.department.name in html
        assert push.claim_deadline.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") in html
    url = reverse("approvals:detail", args=[late_application.pk])
    assert f'href="{url}">{late_application.receipt_number}</a>' in html
    assert "2026-06-09 09:00" in html  # flagged at
    assert html.count('data-kind="push"') == 2
    assert html.count('data-kind="application"') == 1


def test_the_overdue_records_come_a_page_at_a_time_newest_first(
    decided, inspector_client, monkeypatch
):
    monkeypatch.setattr(views, "OVERDUE_PAGE_SIZE", 2)
    decided()  # two pushes, flagged first
    flag_overdue(as_of=LATE)
    decided(at=datetime.datetime(2026, 6, 2, 10, tzinfo=SHANGHAI))  # two more, flagged later
    flag_overdue(as_of=LATE + datetime.timedelta(days=3))
    first = _page(inspector_client).context["overdue"]
    second = _page(inspector_client, page=2).context["overdue"]
    assert first.paginator.count == 4
    assert [r.flagged_at for r in first] == [LATE + datetime.timedelta(days=3)] * 2
    assert [r.flagged_at for r in second] == [LATE] * 2
    assert not {r.pk for r in first} & {r.pk for r in second}


def test_the_page_makes_the_same_queries_for_one_record_or_many(
    decided, inspector_client, late_application
):
    # session, user, the user's groups (role check), the count and the page of overdue
    # records (one join for every kind), the unread-notification count (base layout), the
    # recent audit events
    expected = 7
    decided()
    flag_overdue(as_of=LATE - datetime.timedelta(days=6))  # nothing late yet: no records
    with exact_queries(expected - 1):  # an empty page is not queried
        assert not _page(inspector_client).context["overdue"].object_list
    flag_overdue(as_of=LATE)  # two pushes and the application
    with exact_queries(expected):
        _page(inspector_client)
    decided(at=datetime.datetime(2026, 6, 2, 10, tzinfo=SHANGHAI))
    flag_overdue(as_of=LATE + datetime.timedelta(days=3))
    with exact_queries(expected):
        assert len(_page(inspector_client).context["overdue"].object_list) == 5
