"""The monthly 通报: June 2026's report (the hand-counted month of the statistics tests), made
once, sealed, numbered, archived with its hashes, the audit head on paper, sent to inspectors and
liaisons; the same numbers when regenerated later; nothing done twice after a crash."""

import datetime
import io
import subprocess

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accountability.models import MonthlyReport
from accountability.reports import services as reports
from accountability.services import flag_overdue
from accountability.statistics import services as stats
from approvals.models import DocumentCounter
from core.errors import InvalidInput, NotAllowed
from core.roles import Role
from supervision.models import Notification
from tests.accountability.statistics_fixtures import at, build_june
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2026, 6, 1)
JULY_1 = datetime.datetime(2026, 7, 1, 9, 40, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def departments(db):
    return (
        DepartmentFactory(code="market", name="县市场监督管理局"),
        DepartmentFactory(code="health", name="县卫生健康局"),
    )


@pytest.fixture
def market_liaison(make_user, departments):
    return make_user("liaison_market", Role.LIAISON, department=departments[0])


@pytest.fixture
def health_liaison(make_user, departments):
    return make_user("liaison_health", Role.LIAISON, department=departments[1])


@pytest.fixture
def june(clerk, reviewer, approver, departments, market_liaison, health_liaison, inspector):
    apps = build_june(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        market=departments[0],
        health=departments[1],
        market_liaison=market_liaison,
    )
    flag_overdue(as_of=at(6, 25))  # app7's push (health); app2 was decided (late) already
    from audit import chain

    chain.link_pending()  # PostgreSQL links events at commit; the test's transaction stays open
    return apps


def _make(**kwargs):
    with time_machine.travel(JULY_1, tick=False):
        return reports.produce_monthly_report(month=JUNE, **kwargs)


def _pdf_text(data: bytes) -> str:
    """The PDF's text with every blank removed (letter-spacing splits words in the extraction)."""
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=bytes(data), capture_output=True, check=True
    ).stdout.decode()
    return "".join(text.split())


def test_the_june_report_has_the_statistics_numbers(june, inspector):
    report, created = _make()
    assert created and report.revision == 1
    assert report.number == "示审批通〔2026〕1号"
    end = reports.month_end(JUNE)
    query = stats.Query(date_from=JUNE, date_to=datetime.date(2026, 6, 30))
    assert report.figures["summary"] == stats.summary(query, now=end)
    by_code = {d["code"]: d for d in report.figures["departments"]}
    assert by_code["market"]["pushes"]["claimed_on_time_rate"] == 0.5
    assert by_code["health"]["pushes"]["overdue"] == 1
    kinds = sorted((r["kind"], r["department"]) for r in report.figures["overdue"])
    assert kinds == [("push", "县卫生健康局")]
    assert report.figures["overdue_total"] == 1


def test_the_pdf_is_sealed_numbered_and_carries_the_audit_head(june):
    from audit import chain

    report, _created = _make()
    assert bytes(report.pdf).startswith(b"%PDF")
    assert report.intact()
    text = _pdf_text(report.pdf)
    assert "2026年6月审批监管工作通报" in text
    assert report.number in text
    assert "县卫生健康局" in text
    head = chain.head_at(reports.month_end(JUNE))
    assert head is not None
    assert (report.audit_head_id, report.audit_head_hash) == head
    assert head[1] in text
    fonts = subprocess.run(["pdffonts", "-"], input=bytes(report.pdf), capture_output=True).stdout
    assert b"CJK" in fonts


def test_the_xlsx_is_archived_with_its_hash(june):
    report, _created = _make()
    assert MonthlyReport.digest(report.xlsx) == report.xlsx_sha256
    book = load_workbook(io.BytesIO(bytes(report.xlsx)))
    assert "逾期清单" in book.sheetnames
    rows = list(book["逾期清单"].iter_rows(min_row=2, values_only=True))
    assert rows == [("推送逾期未认领", rows[0][1], "县卫生健康局", "2026-06-05", "2026-06-25")]


def test_a_second_run_does_nothing(june):
    first, _ = _make()
    notes = Notification.objects.count()
    again, created = _make()
    assert not created and again.pk == first.pk
    assert MonthlyReport.objects.count() == 1
    assert Notification.objects.count() == notes
    assert DocumentCounter.objects.get(series="monthly_report", year=2026).last == 1


def test_inspectors_and_every_liaison_are_notified_once(
    june, inspector, market_liaison, health_liaison
):
    before = set(Notification.objects.values_list("pk", flat=True))
    report, _ = _make()
    new = Notification.objects.exclude(pk__in=before)
    assert sorted(new.values_list("recipient__username", flat=True)) == sorted(
        [inspector.username, market_liaison.username, health_liaison.username]
    )
    assert all(
        n.link == reverse("accountability:monthly_report_detail", args=[report.pk]) for n in new
    )


def test_a_run_that_dies_halfway_leaves_nothing_and_the_rerun_does_it_once(june, monkeypatch):
    real = reports.render_xlsx

    def dies(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(reports, "render_xlsx", dies)
    notes = Notification.objects.count()
    with pytest.raises(RuntimeError):
        _make()
    assert MonthlyReport.objects.count() == 0
    assert Notification.objects.count() == notes
    assert not DocumentCounter.objects.filter(series="monthly_report", last__gt=0).exists()
    monkeypatch.setattr(reports, "render_xlsx", real)
    report, created = _make()
    assert created and report.serial == 1


def test_regenerating_later_gives_the_same_numbers(june, inspector, health_liaison):
    from supervision import services as supervision

    first, _ = _make()
    # July: app7's push is claimed (late), more work arrives; June as of its end is unchanged.
    push = june["app7"][1].pushes.get()
    with time_machine.travel(at(7, 6), tick=False):
        supervision.claim_push(push_id=push.pk, user=health_liaison)
    with time_machine.travel(datetime.datetime(2026, 8, 3, 10, tzinfo=datetime.UTC), tick=False):
        second, created = reports.produce_monthly_report(
            month=JUNE, actor=inspector, regenerate=True
        )
    assert created and second.revision == 2 and second.number != first.number
    for key in ("summary", "departments", "overdue", "overdue_total", "audit_head", "as_of"):
        assert second.figures[key] == first.figures[key], key
    assert MonthlyReport.objects.filter(month=JUNE).count() == 2


def test_an_archived_report_cannot_be_changed_or_deleted(june):
    from accountability.models.reports import ArchivedReport

    report, _ = _make()
    report.figures = {}
    with pytest.raises(ArchivedReport):
        report.save()
    with pytest.raises(ArchivedReport):
        report.delete()


def test_only_inspectors_regenerate(june, clerk, health_liaison):
    with pytest.raises(NotAllowed):
        reports.produce_monthly_report(month=JUNE, actor=health_liaison, regenerate=True)


@pytest.mark.parametrize(
    "text", ["2026-13", "2026/06", "", "１２３４-０６", "2026-06\x00", "2999-01"]
)
def test_bad_months_are_refused(text):
    with time_machine.travel(JULY_1, tick=False), pytest.raises(InvalidInput):
        reports.parse_month(text)


def test_the_current_month_cannot_be_reported():
    with time_machine.travel(JULY_1, tick=False), pytest.raises(InvalidInput):
        reports.parse_month("2026-07")


# --- the beat's day ---------------------------------------------------------------------------


def test_the_first_working_day_follows_the_calendar():
    # October 2026: 1–7 are the National Day holidays (Thursday the 8th is the first working day).
    assert reports.first_working_day(datetime.date(2026, 10, 1)) == datetime.date(2026, 10, 8)
    assert reports.due_report(datetime.date(2026, 10, 7)) is None
    assert reports.due_report(datetime.date(2026, 10, 8)) == datetime.date(2026, 9, 1)
    assert reports.due_report(datetime.date(2026, 10, 20)) == datetime.date(2026, 9, 1)
    assert reports.first_working_day(datetime.date(2026, 7, 1)) == datetime.date(2026, 7, 1)


def test_the_beat_task_makes_last_month_once(june):
    from accountability.reports.tasks import monthly_report

    with time_machine.travel(JULY_1, tick=False):
        assert monthly_report.apply().get() == "示审批通〔2026〕1号"
        assert monthly_report.apply().get() == "示审批通〔2026〕1号"
    assert MonthlyReport.objects.count() == 1


def test_the_beat_task_before_the_first_working_day_does_nothing(june):
    from accountability.reports.tasks import monthly_report

    holiday = datetime.datetime(2026, 10, 5, 9, 40, tzinfo=datetime.UTC)
    with time_machine.travel(holiday, tick=False):
        assert monthly_report.apply().get() is None
    assert MonthlyReport.objects.count() == 0


def test_the_command(june, capsys):
    with time_machine.travel(JULY_1, tick=False):
        call_command("monthly_report", "--month", "2026-06")
        call_command("monthly_report", "--month", "2026-06")
        call_command("monthly_report", "--month", "2026-06", "--regenerate")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("created: 示审批通〔2026〕1号 (2026-06)")
    assert out[1].startswith("exists: 示审批通〔2026〕1号")
    assert out[2].startswith("created: 示审批通〔2026〕2号(第2版)")


def test_the_command_refuses_a_bad_month():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("monthly_report", "--month", "June")


# --- the pages ------------------------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_inspector_pages_and_downloads(june, inspector):
    report, _ = _make()
    client = _client(inspector)
    listing = client.get(reverse("accountability:monthly_reports"))
    assert listing.status_code == 200 and report.number in listing.content.decode()
    detail = client.get(reverse("accountability:monthly_report_detail", args=[report.pk]))
    assert detail.status_code == 200
    assert (
        "县市场监督管理局" in detail.content.decode() and "县卫生健康局" in detail.content.decode()
    )
    pdf = client.get(reverse("accountability:monthly_report_pdf", args=[report.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert MonthlyReport.digest(pdf.content) == report.pdf_sha256
    xlsx = client.get(reverse("accountability:monthly_report_xlsx", args=[report.pk]))
    assert MonthlyReport.digest(xlsx.content) == report.xlsx_sha256
    printed = client.get(reverse("accountability:monthly_report_print", args=[report.pk]))
    assert printed.status_code == 200 and "data-print" in printed.content.decode()
    assert "<script>" not in printed.content.decode()


def test_a_liaison_sees_their_department_part_only(june, health_liaison):
    report, _ = _make()
    client = _client(health_liaison)
    detail = client.get(reverse("accountability:monthly_report_detail", args=[report.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "县卫生健康局" in html and "县市场监督管理局" not in html
    xlsx = client.get(reverse("accountability:monthly_report_xlsx", args=[report.pk]))
    book = load_workbook(io.BytesIO(xlsx.content))
    departments = [r[0] for r in book["推送按部门"].iter_rows(min_row=2, values_only=True)]
    assert departments == ["县卫生健康局"]
    assert [r[2] for r in book["逾期清单"].iter_rows(min_row=2, values_only=True)] == [
        "县卫生健康局"
    ]
    assert (
        client.get(reverse("accountability:monthly_report_pdf", args=[report.pk])).status_code
        == 403
    )
    assert (
        client.get(reverse("accountability:monthly_report_print", args=[report.pk])).status_code
        == 403
    )
    generate = client.post(reverse("accountability:monthly_report_generate"), {"month": "2026-06"})
    assert generate.status_code == 403


def test_others_are_refused(june, clerk, inspector):
    report, _ = _make()
    for name in ("monthly_report_detail", "monthly_report_pdf", "monthly_report_xlsx"):
        assert (
            _client(clerk).get(reverse(f"accountability:{name}", args=[report.pk])).status_code
            == 403
        )
    missing = _client(inspector).get(
        reverse("accountability:monthly_report_detail", args=[report.pk + 99])
    )
    assert missing.status_code == 404


def test_the_generate_button(june, inspector):
    client = _client(inspector)
    with time_machine.travel(JULY_1, tick=False):
        response = client.post(
            reverse("accountability:monthly_report_generate"), {"month": "2026-06"}
        )
        assert response.status_code == 302
        again = client.post(reverse("accountability:monthly_report_generate"), {"month": "2026-06"})
        bad = client.post(
            reverse("accountability:monthly_report_generate"), {"month": "2026-99"}, follow=True
        )
    assert again.status_code == 302
    assert MonthlyReport.objects.count() == 1
    assert "月份格式应为" in bad.content.decode()
    assert client.get(reverse("accountability:monthly_report_generate")).status_code == 405
