"""The supervision pages: the liaison's inbox (tabs, working-day countdown, claim / feedback /
return with Chinese messages), the audited detail page, the CSV export, department isolation,
the bureau's returned list and supervision reports, notifications, and query counts."""

import copy
import csv
import datetime
import io

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import Decision
from audit.models import AuditEvent
from core.roles import Role
from supervision import selectors
from supervision.models import Notification, Push, SupervisionReport
from supervision.views import working_days_from
from tests.factories import DepartmentFactory
from tests.flows import PERSON_ID, SHANGHAI, approve_permit
from workdays.services import working_days_between

INBOX = "/supervision/inbox/"


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=SHANGHAI), tick=False)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture(autouse=True)
def _badge_processor(settings):
    """Render pages with the notification badge's context processor, as deployed."""
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if "supervision.context_processors.notifications" not in processors:
        processors.append("supervision.context_processors.notifications")
    settings.TEMPLATES = templates


@pytest.fixture
def liaison_other(make_user, other_department):
    return make_user("liaison_health", Role.LIAISON, department=other_department)


@pytest.fixture
def decision(clerk, reviewer, approver, department, other_department):
    return approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=[department, other_department],
    )


@pytest.fixture
def push(decision):
    return decision.pushes.get(department__code="market")


@pytest.fixture
def other_push(decision):
    return decision.pushes.get(department__code="health")


@pytest.fixture
def as_liaison(client, liaison):
    client.force_login(liaison)
    return client


def detail_url(push, action=""):
    if action:
        return reverse(f"supervision:push_{action}", args=[push.pk])
    return reverse("supervision:push_detail", args=[push.pk])


# --- access ---------------------------------------------------------------------------------------


def test_inbox_needs_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role_user", ["clerk", "approver", "reviewer"])
def test_bureau_roles_get_403_on_the_inbox(request, client, role_user):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(INBOX).status_code == 403


# --- inbox ----------------------------------------------------------------------------------------


def test_inbox_lists_the_departments_push_to_claim_with_tab_counts(as_liaison, push, other_push):
    with at(2026, 6, 1, 11):
        response = as_liaison.get(INBOX)
    html = response.content.decode()
    assert response.status_code == 200
    assert dict((key, count) for key, _label, count in response.context["tabs"]) == {
        "to_claim": 1,
        "claimed": 0,
        "feedback": 0,
        "overdue": 0,
        "returned": 0,
    }
    assert [p.pk for p in response.context["rows"]] == [push.pk]
    assert push.decision_number in html
    assert "待认领" in html and "已认领" in html and "已逾期" in html and "已退回" in html
    # The list masks the ID number.
    assert "440305********1236" in html and PERSON_ID not in html


@pytest.mark.parametrize(
    "moment, text",
    [
        ((2026, 6, 1, 11), "剩余 3 个工作日"),
        ((2026, 6, 3, 9), "剩余 1 个工作日"),
        ((2026, 6, 4, 18), "今日到期"),
        ((2026, 6, 5, 9), "已逾期 1 个工作日"),
        ((2026, 6, 8, 9), "已逾期 2 个工作日"),
    ],
)
def test_countdown_in_working_days(as_liaison, push, moment, text):
    with at(*moment):
        html = as_liaison.get(INBOX).content.decode()
    assert text in html


def test_overdue_push_is_in_the_overdue_tab_in_red(as_liaison, push):
    with at(2026, 6, 5, 9):
        response = as_liaison.get(INBOX, {"tab": "overdue"})
    assert [p.pk for p in response.context["rows"]] == [push.pk]
    assert response.context["rows"][0].countdown["css"] == "late"
    assert 'class="badge late"' in response.content.decode()


def test_countdown_over_the_national_day_holidays(
    as_liaison, clerk, reviewer, approver, department
):
    # Pushed Wednesday 30 Sept 2026: 1–7 Oct are holidays (the seeded official calendar),
    # Thursday 8 and Friday 9 work, and Saturday 10 Oct is a make-up working day: the deadline.
    approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=[department],
        at=datetime.datetime(2026, 9, 30, 10, tzinfo=SHANGHAI),
    )
    push = Push.objects.get()
    assert push.claim_deadline.astimezone(SHANGHAI).date() == datetime.date(2026, 10, 10)
    with at(2026, 10, 5, 10):
        assert "剩余 3 个工作日" in as_liaison.get(INBOX).content.decode()
    with at(2026, 10, 9, 10):
        assert "剩余 1 个工作日" in as_liaison.get(INBOX).content.decode()
    with at(2026, 10, 10, 10):  # the make-up Saturday
        assert "今日到期" in as_liaison.get(INBOX).content.decode()
    with at(2026, 10, 12, 10):  # Sunday 11 does not count
        assert "已逾期 1 个工作日" in as_liaison.get(INBOX).content.decode()


def test_countdown_counts_the_make_up_sunday(as_liaison, clerk, reviewer, approver, department):
    # Pushed Friday 18 Sept 2026: Sunday 20 Sept is a working day, the deadline Tuesday 22.
    approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=[department],
        at=datetime.datetime(2026, 9, 18, 10, tzinfo=SHANGHAI),
    )
    assert Push.objects.get().claim_deadline.astimezone(SHANGHAI).date() == datetime.date(
        2026, 9, 22
    )
    with at(2026, 9, 19, 10):
        assert "剩余 3 个工作日" in as_liaison.get(INBOX).content.decode()


@pytest.mark.django_db
def test_batched_countdown_agrees_with_the_calendar_service():
    today = datetime.date(2026, 9, 25)
    dates = [today + datetime.timedelta(days=n) for n in range(-40, 41)]
    distance = working_days_from(today, dates)
    for day in dates:
        expected = (
            working_days_between(today, day) if day >= today else -working_days_between(day, today)
        )
        assert distance[day] == expected, day


def test_unknown_tab_falls_back_to_to_claim(as_liaison, push):
    assert as_liaison.get(INBOX, {"tab": "<script>"}).context["current"] == "to_claim"


# --- claim, feedback, return ----------------------------------------------------------------------


def test_claim_from_the_inbox(as_liaison, push, liaison):
    with at(2026, 6, 2, 9):
        response = as_liaison.post(detail_url(push, "claim"), {"next": INBOX + "?tab=to_claim"})
    assert response.status_code == 302 and response["Location"] == INBOX + "?tab=to_claim"
    assert "已认领。处置后请反馈处置结果。" in messages_of(response)
    push.refresh_from_db()
    assert push.status == Push.Status.CLAIMED and push.claimed_by == liaison


def test_claim_ignores_an_outside_next_url(as_liaison, push):
    with at(2026, 6, 2, 9):
        response = as_liaison.post(detail_url(push, "claim"), {"next": "https://evil.test/"})
    assert response["Location"] == detail_url(push)


def test_second_claim_shows_already_claimed_in_chinese(as_liaison, push):
    with at(2026, 6, 2, 9):
        as_liaison.post(detail_url(push, "claim"))
        response = as_liaison.post(detail_url(push, "claim"), follow=True)
    assert "该推送已被认领。" in response.content.decode()


def test_late_claim_says_so(as_liaison, push):
    with at(2026, 6, 5, 9):
        response = as_liaison.post(detail_url(push, "claim"))
    assert any("逾期认领" in m for m in messages_of(response))


def test_claim_by_get_is_not_allowed(as_liaison, push):
    assert as_liaison.get(detail_url(push, "claim")).status_code == 405
    push.refresh_from_db()
    assert push.status == Push.Status.PUSHED


def test_feedback_after_claim(as_liaison, push):
    with at(2026, 6, 2, 9):
        as_liaison.post(detail_url(push, "claim"))
        page = as_liaison.get(detail_url(push)).content.decode()
        assert 'data-testid="feedback-form"' in page and 'data-testid="return-form"' not in page
        response = as_liaison.post(detail_url(push, "feedback"), {"note": "已纳入双随机抽查"})
    assert "处置结果已反馈。" in messages_of(response)
    push.refresh_from_db()
    assert push.status == Push.Status.FEEDBACK_GIVEN and push.feedback == "已纳入双随机抽查"


def test_blank_feedback_is_refused_in_chinese(as_liaison, push):
    with at(2026, 6, 2, 9):
        as_liaison.post(detail_url(push, "claim"))
        response = as_liaison.post(detail_url(push, "feedback"), {"note": "  "})
    assert response.status_code == 400
    assert "请填写处置结果。" in response.content.decode()


def test_feedback_before_claim_is_refused(as_liaison, push):
    response = as_liaison.post(detail_url(push, "feedback"), {"note": "x"}, follow=True)
    assert "不能执行此操作" in response.content.decode()


def test_return_needs_a_reason(as_liaison, push):
    response = as_liaison.post(detail_url(push, "return"), {"reason": ""})
    assert response.status_code == 400
    assert "退回必须说明理由。" in response.content.decode()
    push.refresh_from_db()
    assert push.status == Push.Status.PUSHED


def test_return_before_claim(as_liaison, push):
    response = as_liaison.post(detail_url(push, "return"), {"reason": "非本部门监管事项"})
    assert response["Location"] == INBOX + "?tab=returned"
    assert "已退回,审批局将改派到正确的部门。" in messages_of(response)
    push.refresh_from_db()
    assert push.status == Push.Status.RETURNED


def test_inspector_reads_but_has_no_claim_button(client, inspector, push):
    client.force_login(inspector)
    html = client.get(detail_url(push)).content.decode()
    assert 'data-testid="claim"' not in html
    assert client.post(detail_url(push, "claim")).status_code == 403


# --- detail and isolation -------------------------------------------------------------------------


def test_detail_shows_the_full_id_number_and_audits_it(as_liaison, push, liaison):
    response = as_liaison.get(detail_url(push))
    assert PERSON_ID in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="view_id_number", object_id=str(push.pk))
    assert event.actor == liaison and event.data["channel"] == "page"


@pytest.mark.parametrize("action", ["claim", "feedback", "return"])
def test_other_departments_liaison_gets_404_on_actions(client, liaison_other, push, action):
    client.force_login(liaison_other)
    response = client.post(detail_url(push, action), {"note": "x", "reason": "x"})
    assert response.status_code == 404
    push.refresh_from_db()
    assert push.status == Push.Status.PUSHED


def test_other_departments_liaison_gets_404_on_the_detail_page(client, liaison_other, push):
    client.force_login(liaison_other)
    response = client.get(detail_url(push))
    assert response.status_code == 404
    assert "不在您的办理范围内" in response.content.decode()
    assert not AuditEvent.objects.filter(action="view_id_number").exists()


def test_missing_push_is_404(as_liaison, push):
    assert as_liaison.get("/supervision/pushes/999999/").status_code == 404


# --- export ---------------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8 Chinese
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_export_is_utf8_with_bom_masked_and_scoped(client, liaison_other, push, other_push):
    client.force_login(liaison_other)
    response = client.get(reverse("supervision:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:3] == ["监管部门", "事项名称", "法律文书编号"]
    assert len(rows) == 2
    assert rows[1][0] == "县卫生健康局"
    assert "440305********1236" in rows[1] and PERSON_ID not in "".join(rows[1])


def test_export_tab_narrows_rows(as_liaison, push):
    assert len(_csv(as_liaison.get(reverse("supervision:export"), {"tab": "claimed"}))) == 1
    assert len(_csv(as_liaison.get(reverse("supervision:export"), {"tab": "to_claim"}))) == 2


def test_export_neutralises_formula_cells(as_liaison, push):
    Push.objects.filter(pk=push.pk).update(holder_name="=HYPERLINK(1)")
    rows = _csv(as_liaison.get(reverse("supervision:export")))
    assert rows[1][4] == "'=HYPERLINK(1)"


def test_export_is_forbidden_to_bureau_roles(client, clerk, push):
    client.force_login(clerk)
    assert client.get(reverse("supervision:export")).status_code == 403


# --- query counts ---------------------------------------------------------------------------------


def _bulk_pushes(decision: Decision, department, n: int, start: int = 0) -> None:
    """n more pushes to `department`, rows written directly (each needs its own decision),
    with many different deadlines and every status, so nothing is shared between rows."""
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                number=f"BULK-{i}",
                year=1999,
                serial=i + 1,
                kind=decision.kind,
                application_id=decision.application_id,
                permit_id=decision.permit_id,
                decided_by_id=decision.decided_by_id,
                decided_at=decision.decided_at,
                seal_id=decision.seal_id,
            )
            for i in range(start, start + n)
        ]
    )
    template = Push.objects.filter(decision=decision).first()
    i0 = start
    statuses = [Push.Status.PUSHED, Push.Status.CLAIMED, Push.Status.FEEDBACK_GIVEN]
    rows = []
    for i, dec in enumerate(decisions, start=i0):
        pushed_at = template.pushed_at - datetime.timedelta(days=i % 60)
        rows.append(
            Push(
                decision=dec,
                department=department,
                status=statuses[i % 3],
                item_name=template.item_name,
                decision_kind=template.decision_kind,
                decision_number=dec.number,
                holder_name=template.holder_name,
                holder_id_number=template.holder_id_number,
                decision_date=template.decision_date,
                pushed_at=pushed_at,
                claim_deadline=pushed_at + datetime.timedelta(days=3),
                claimed_by=decision.decided_by if i % 3 else None,
                claimed_at=pushed_at if i % 3 else None,
            )
        )
    Push.objects.bulk_create(rows)


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", [INBOX, INBOX + "?tab=claimed", INBOX + "?tab=overdue", "/supervision/export.csv"]
)
def test_pages_make_the_same_queries_for_5_and_300_pushes(
    as_liaison, liaison, decision, department, url, django_assert_max_num_queries
):
    _bulk_pushes(decision, department, 4)
    with at(2026, 6, 3, 10):
        as_liaison.get(INBOX)  # the session's first request
        small = _count_queries(as_liaison, url)
    _bulk_pushes(decision, department, 295, start=4)
    assert selectors.pushes_for(liaison).count() == 300
    with at(2026, 6, 3, 10), django_assert_max_num_queries(small):
        response = as_liaison.get(url)
        if hasattr(response, "streaming_content"):
            assert len(b"".join(response.streaming_content).splitlines()) == 301


def test_inbox_query_count_is_small(
    as_liaison, decision, department, django_assert_max_num_queries
):
    _bulk_pushes(decision, department, 299)
    with at(2026, 6, 3, 10):
        as_liaison.get(INBOX)
        with django_assert_max_num_queries(14):
            as_liaison.get(INBOX)


def test_detail_page_query_count_is_small(as_liaison, push, django_assert_max_num_queries):
    as_liaison.get(detail_url(push))
    with django_assert_max_num_queries(16):
        as_liaison.get(detail_url(push))


# --- the bureau: returned pushes ------------------------------------------------------------------


@pytest.fixture
def returned_push(as_liaison, push):
    as_liaison.post(detail_url(push, "return"), {"reason": "应由文旅局监管"})
    push.refresh_from_db()
    return push


def test_bureau_sees_returned_pushes_and_reroutes(client, approver, returned_push, make_user):
    culture = DepartmentFactory(code="culture", name="县文化和旅游局")
    client.force_login(approver)
    html = client.get(reverse("supervision:returned")).content.decode()
    assert returned_push.decision_number in html and "应由文旅局监管" in html
    assert PERSON_ID not in html
    response = client.post(detail_url(returned_push, "reroute"), {"department": "culture"})
    assert any(m.startswith("已改派到 县文化和旅游局") for m in messages_of(response))
    new = Push.objects.get(rerouted_from=returned_push)
    assert new.department == culture and new.status == Push.Status.PUSHED
    # Gone from the queue once re-routed.
    assert new.decision_number not in client.get(reverse("supervision:returned")).content.decode()


def test_reroute_to_a_department_that_has_it_says_why(client, approver, returned_push):
    client.force_login(approver)
    response = client.post(
        detail_url(returned_push, "reroute"), {"department": "health"}, follow=True
    )
    assert "该部门已收到此推送。" in response.content.decode()


def test_reroute_without_department_says_so(client, approver, returned_push):
    client.force_login(approver)
    response = client.post(detail_url(returned_push, "reroute"), {}, follow=True)
    assert "请选择改派到的监管部门。" in response.content.decode()


def test_liaison_cannot_open_the_returned_queue(as_liaison, returned_push):
    assert as_liaison.get(reverse("supervision:returned")).status_code == 403


# --- supervision reports --------------------------------------------------------------------------

PDF = b"%PDF-1.4\n%%EOF\n"


def _report_form(permit_number, **overrides):
    data = {
        "permit_number": permit_number,
        "kind": "penalty",
        "decision_number": "示市监罚〔2026〕8号",
        "decision_date": "2026-06-08",
        "summary": "超范围经营,罚款 5000 元。",
    }
    data.update(overrides)
    return data


@pytest.fixture
def report(as_liaison, decision):
    with at(2026, 6, 10, 10):
        response = as_liaison.post(
            reverse("supervision:report_new"), _report_form(decision.permit.number)
        )
    assert response.status_code == 302, response.content.decode()
    return SupervisionReport.objects.get()


def test_liaison_pushes_a_report_through_the_form(as_liaison, decision):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with at(2026, 6, 10, 10):
        assert as_liaison.get(reverse("supervision:report_new")).status_code == 200
        response = as_liaison.post(
            reverse("supervision:report_new"),
            {
                **_report_form(decision.permit.number),
                "attachment": SimpleUploadedFile("罚单.pdf", PDF, "application/pdf"),
            },
        )
    report = SupervisionReport.objects.get()
    assert response["Location"] == reverse("supervision:report_detail", args=[report.pk])
    assert "监管信息已推送,审批局将在 3 个工作日内认领。" in messages_of(response)
    download = as_liaison.get(reverse("supervision:report_attachment", args=[report.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"


def test_report_on_a_permit_outside_the_department_is_a_form_error(
    client, liaison_other, clerk, reviewer, approver, department
):
    only_market = approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department]
    )
    client.force_login(liaison_other)
    with at(2026, 6, 10, 10):
        response = client.post(
            reverse("supervision:report_new"), _report_form(only_market.permit.number)
        )
    assert response.status_code == 400
    assert "未找到该证件,或该证件不属于本部门监管的事项。" in response.content.decode()
    assert not SupervisionReport.objects.exists()


def test_report_with_a_bad_attachment_is_a_form_error(as_liaison, decision):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with at(2026, 6, 10, 10):
        response = as_liaison.post(
            reverse("supervision:report_new"),
            {
                **_report_form(decision.permit.number),
                "attachment": SimpleUploadedFile("x.pdf", b"hello", "application/pdf"),
            },
        )
    assert response.status_code == 400
    assert "只能上传 PDF、JPEG 或 PNG 文件。" in response.content.decode()


def test_report_dated_in_the_future_is_a_form_error(as_liaison, decision):
    with at(2026, 6, 10, 10):
        response = as_liaison.post(
            reverse("supervision:report_new"),
            _report_form(decision.permit.number, decision_date="2026-06-11"),
        )
    assert "处罚决定日期不能晚于今天。" in response.content.decode()


def test_clerk_claims_a_report_from_the_list(client, clerk, report):
    client.force_login(clerk)
    html = client.get(reverse("supervision:reports")).content.decode()
    assert report.decision_number in html
    with at(2026, 6, 11, 10):
        response = client.post(reverse("supervision:report_claim", args=[report.pk]))
        assert "已认领该监管信息。" in messages_of(response)
        response = client.post(reverse("supervision:report_claim", args=[report.pk]), follow=True)
    assert "该监管信息已被认领。" in response.content.decode()


def test_approver_follows_up_a_claimed_report(client, approver, report):
    client.force_login(approver)
    with at(2026, 6, 11, 10):
        client.post(reverse("supervision:report_claim", args=[report.pk]))
        page = client.get(reverse("supervision:report_detail", args=[report.pk]))
        assert 'data-testid="follow-up-form"' in page.content.decode()
        response = client.post(
            reverse("supervision:report_follow_up", args=[report.pk]),
            {"kind": "revoke", "reason": "以欺骗手段取得许可"},
        )
    report.refresh_from_db()
    assert report.status == SupervisionReport.Status.CLOSED
    assert any(m.startswith("已作出后续决定") for m in messages_of(response))


def test_follow_up_without_reason_shows_the_error(client, approver, report):
    client.force_login(approver)
    client.post(reverse("supervision:report_claim", args=[report.pk]))
    response = client.post(
        reverse("supervision:report_follow_up", args=[report.pk]), {"kind": "revoke"}
    )
    assert response.status_code == 400 and "请说明理由。" in response.content.decode()


def test_other_department_cannot_see_the_report(client, liaison_other, report):
    client.force_login(liaison_other)
    assert client.get(reverse("supervision:report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("supervision:report_attachment", args=[report.pk])).status_code == 404
    assert report.decision_number not in client.get(reverse("supervision:reports")).content.decode()


def test_liaison_cannot_claim_a_report(as_liaison, report):
    assert as_liaison.post(reverse("supervision:report_claim", args=[report.pk])).status_code == 403


# --- notifications --------------------------------------------------------------------------------


def test_liaison_is_notified_and_marks_all_read(as_liaison, push, liaison):
    assert Notification.objects.filter(recipient=liaison, read_at__isnull=True).count() == 1
    response = as_liaison.get(reverse("supervision:notifications"))
    assert response.context["unread_notifications"] == 1
    assert "新的审批结果推送待认领" in response.content.decode()
    response = as_liaison.post(reverse("supervision:notifications"))
    assert "已将 1 条通知标为已读。" in messages_of(response)
    assert as_liaison.get(INBOX).context["unread_notifications"] == 0


def test_mark_one_notification_read(as_liaison, push, liaison):
    note = Notification.objects.get(recipient=liaison)
    as_liaison.post(reverse("supervision:notifications"), {"id": str(note.pk)})
    note.refresh_from_db()
    assert note.read_at is not None


def test_notifications_need_login(client):
    assert client.get(reverse("supervision:notifications")).status_code == 302


def test_context_processor_for_anonymous_makes_no_query(db, rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from supervision.context_processors import notifications

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert notifications(request) == {"unread_notifications": 0}


def test_context_processor_is_one_query(rf, liaison, push, django_assert_num_queries):
    from supervision.context_processors import notifications

    request = rf.get("/")
    request.user = liaison
    with django_assert_num_queries(1):
        assert notifications(request) == {"unread_notifications": 1}


# --- admin ----------------------------------------------------------------------------------------

CATALOG_ADMIN_SUPERVISION_PERMS = [
    "add_webhookendpoint",
    "change_webhookendpoint",
    "view_webhookendpoint",
    "view_webhookdelivery",
    "view_webhookattempt",
]


@pytest.fixture
def webhook_admin(catalog_admin):
    from django.contrib.auth.models import Permission

    catalog_admin.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="supervision", codename__in=CATALOG_ADMIN_SUPERVISION_PERMS
        )
    )
    return catalog_admin


def test_catalog_admin_registers_a_webhook_endpoint_with_a_generated_secret(
    client, webhook_admin, department
):
    from supervision.models import WebhookEndpoint

    client.force_login(webhook_admin)
    page = client.get("/admin/supervision/webhookendpoint/add/")
    assert page.status_code == 200
    secret = page.context["adminform"].form.initial["secret"]
    assert len(secret) >= 32
    response = client.post(
        "/admin/supervision/webhookendpoint/add/",
        {
            "department": department.pk,
            "url": "https://market.example.test/oneseal",
            "secret": secret,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret == secret
    # Editing without retyping the secret keeps it; the page never shows it again.
    change = client.get(f"/admin/supervision/webhookendpoint/{endpoint.pk}/change/")
    assert secret not in change.content.decode()
    client.post(
        f"/admin/supervision/webhookendpoint/{endpoint.pk}/change/",
        {"department": department.pk, "url": "https://market.example.test/v2", "secret": ""},
    )
    endpoint.refresh_from_db()
    assert endpoint.secret == secret and endpoint.url.endswith("/v2") and not endpoint.active


def test_delivery_admin_is_read_only_with_the_attempt_log(client, webhook_admin, push):
    from django.utils import timezone

    from supervision.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

    endpoint = WebhookEndpoint.objects.create(
        department=push.department, url="https://x.example.test/", secret="s" * 32
    )
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        department=push.department,
        event="push.created",
        push=push,
        created_at=timezone.now(),
    )
    WebhookAttempt.objects.create(delivery=delivery, at=timezone.now(), status_code=503)
    client.force_login(webhook_admin)
    listing = client.get("/admin/supervision/webhookdelivery/?status__exact=pending")
    assert listing.status_code == 200 and "push.created" in listing.content.decode()
    page = client.get(f"/admin/supervision/webhookdelivery/{delivery.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200 and "503" in html
    assert 'name="_save"' not in html


def test_push_admin_masks_the_id_number_and_is_read_only(client, push, make_user):
    superuser = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    html = client.get(f"/admin/supervision/push/{push.pk}/change/").content.decode()
    assert "440305********1236" in html and PERSON_ID not in html
    assert 'name="_save"' not in html
    assert client.get("/admin/supervision/push/add/").status_code == 403
    for model in ("supervisionreport", "notification", "webhookdelivery"):
        assert client.get(f"/admin/supervision/{model}/").status_code == 200
        assert client.get(f"/admin/supervision/{model}/add/").status_code == 403
