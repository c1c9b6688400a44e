"""Demo data of issue 14 part "correspondence": a policy document to the departments, a tip from
market, an inquiry answered, a paper letter registered (through the services; once)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

# A one-page PDF standing in for a scan.
SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
POLICY_TITLE = "关于进一步加强审管联动工作的通知"


def seed() -> str:
    from catalog.models import Department
    from supervision.models import Information
    from supervision.services import correspondence as svc

    if Information.objects.filter(title=POLICY_TITLE).exists():
        return ""
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["clerk1", "approver1"])}
    market = Department.objects.filter(code="market").first()
    liaison = User.objects.filter(username="liaison_market").first()
    clerk, approver = users.get("clerk1"), users.get("approver1")
    if not (market and liaison and clerk and approver):
        return ""
    departments = list(Department.objects.order_by("code").values_list("pk", flat=True))
    svc.create_information(
        user=approver,
        kind="policy",
        title=POLICY_TITLE,
        body="各监管部门:请于收到后组织联络员学习审管联动工作规程,按时认领推送、反馈处置结果。",
        department_ids=departments,
    )
    svc.create_information(
        user=liaison,
        kind="unlicensed_tip",
        title="城关镇幸福路 12 号疑似无证经营小餐饮",
        body="群众反映该店铺未办理食品经营许可即开业,请审批局核实是否有在办申请。",
    )
    inquiry = svc.ask_inquiry(
        user=clerk,
        subject="关于某娱乐场所消防验收情况的函询",
        question="该场所申请娱乐经营许可,请告知其消防验收是否已通过。",
        reply_days=5,
        department_id=market.pk,
    )
    svc.reply_inquiry(
        user=liaison, inquiry_id=inquiry.pk, body="经核查,该场所已于上月通过消防验收,特此函复。"
    )
    svc.register_paper(
        user=clerk,
        kind="letter",
        department_id=market.pk,
        title="关于移交食品经营许可监管材料的公函",
        attachment=SimpleUploadedFile("scan.pdf", SCAN, content_type="application/pdf"),
        paper_date=timezone.localdate() - datetime.timedelta(days=1),
        reference_number="内审函〔2026〕8号",
    )
    return (
        "函件往来:政策文件 1 份发往各部门,市场监管局线索 1 条,函询 1 件(已回复),"
        "纸质公函 1 件待签收。"
    )
