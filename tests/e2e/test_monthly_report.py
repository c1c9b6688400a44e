"""The monthly 通报 prints: an inspector generates last month's report from the list, opens it,
opens the print view (the A4 sheet with the bureau seal and the audit head), downloads the PDF
(which has the text) and the xlsx; the statistics page draws its ECharts charts under the CSP."""

import datetime
import subprocess

from playwright.sync_api import expect

from accountability.models import MonthlyReport
from accountability.reports import services as reports
from workdays import services as workdays


def _last_month() -> str:
    return reports.previous_month(workdays.today()).strftime("%Y-%m")


def test_the_inspector_generates_opens_prints_and_downloads_the_report(
    demo, login, page, base_url, shoot, tmp_path
):
    month = _last_month()
    login("inspector1")
    page.goto(f"{base_url}/accountability/reports/")
    expect(page.get_by_test_id("page-title")).to_have_text("月度通报")
    expect(page.get_by_test_id("empty")).to_be_visible()
    page.locator("input[name=month]").fill(month)
    page.get_by_role("button", name="生成通报").click()
    page.wait_for_load_state()

    report = MonthlyReport.objects.get()
    expect(page.get_by_test_id("report-number")).to_have_text(report.number)
    expect(page.get_by_test_id("intact")).to_have_text("与存档一致")
    expect(page.get_by_test_id("departments")).to_contain_text("县市场监督管理局")
    shoot("detail")

    # The print view: the A4 sheet, sealed, numbered, with the audit head; the toolbar hides
    # when printing.
    page.get_by_test_id("print-view").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("doc-number")).to_have_text(report.number)
    expect(page.locator("svg.seal")).to_be_visible()
    expect(page.get_by_test_id("doc-audit")).to_contain_text("审计链校验值")
    expect(page.get_by_test_id("print")).to_be_visible()
    shoot("print-view")
    page.emulate_media(media="print")
    expect(page.get_by_test_id("print")).to_be_hidden()
    page.emulate_media(media="screen")

    # The PDF downloads and is the archived one, with the text in it.
    with page.expect_download() as download:
        page.get_by_test_id("pdf-link").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    data = path.read_bytes()
    assert MonthlyReport.digest(data) == report.pdf_sha256
    text = "".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    year, number = month.split("-")
    assert f"{year}年{int(number)}月审批监管工作通报" in text
    assert report.number in text

    page.goto(f"{base_url}/accountability/reports/{report.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("download-xlsx").click()
    xlsx = tmp_path / "report.xlsx"
    download.value.save_as(xlsx)
    assert MonthlyReport.digest(xlsx.read_bytes()) == report.xlsx_sha256

    # Generating the same month again makes nothing new.
    page.goto(f"{base_url}/accountability/reports/")
    page.locator("input[name=month]").fill(month)
    page.get_by_role("button", name="生成通报").click()
    page.wait_for_load_state()
    expect(page.locator(".msg")).to_contain_text("该月通报已存在")
    assert MonthlyReport.objects.count() == 1


def test_the_statistics_page_draws_its_charts(demo, login, page, base_url, shoot):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login("inspector1")
    today = workdays.today()
    start = (today - datetime.timedelta(days=30)).isoformat()
    page.goto(f"{base_url}/accountability/statistics/?from={start}&to={today.isoformat()}")
    expect(page.get_by_test_id("page-title")).to_have_text("统计分析")
    for chart in ("chart-targets", "chart-departments", "chart-groups"):
        expect(page.locator(f"#{chart}[data-ready='1'] svg").first).to_be_visible()
    expect(page.get_by_test_id("target-on_the_spot_rate")).to_contain_text("85.0%")
    shoot("statistics")
    assert not [e for e in errors if "Content Security Policy" in e], errors
