"""Demo data of issue 14 part "meetings": one joint meeting held three weeks ago with its
minutes and three tasks — one finished, one open, one past its deadline (through the services;
once). The duty boundary of the demo items comes from the sample loader."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "审管联动第四季度联席会议"


def seed() -> str:
    from catalog.models import Department
    from supervision.models import Meeting
    from supervision.services import meetings as svc

    if Meeting.objects.filter(title=TITLE).exists():
        return ""
    User = get_user_model()
    approver = User.objects.filter(username="approver1").first()
    liaison = User.objects.filter(username="liaison_market").first()
    codes = set(Department.objects.values_list("code", flat=True))
    if approver is None or liaison is None or not {"market", "health"} <= codes:
        return ""
    held_at = timezone.now() - datetime.timedelta(days=21)
    meeting = svc.record_meeting(
        user=approver,
        kind="joint",
        title=TITLE,
        held_at=held_at,
        place="县政务服务中心三楼会议室",
        attendees="审批局:审批负责人、综合受理窗口负责人;市场监管局、卫生健康局联络员",
        minutes=(
            "一、通报本季度审批结果推送与认领情况,市场监管局逾期认领 2 件。\n"
            "二、研究告知承诺事项核查工作衔接。\n三、议定事项如下。"
        ),
        department_codes=["market", "health"],
        tasks=[
            {"text": "对逾期认领的 2 件推送说明原因并整改", "department": "market", "days": 5},
            {"text": "完成告知承诺制事项的现场核查并反馈结果", "department": "market", "days": 30},
            {"text": "梳理公共场所卫生许可审管职责边界清单", "department": "health", "days": 10},
        ],
        attachment=SimpleUploadedFile("纪要.pdf", SCAN, content_type="application/pdf"),
    )
    first = meeting.tasks.get(position=1)
    svc.finish_task(user=liaison, task_id=first.pk, note="已书面说明原因,联络员已调整认领安排。")
    return f"联席会议:{TITLE}(议定事项 3 项:已办结 1、办理中 1、逾期 1)"
