"""The Chinese labels of the audit actions supervision records (audit.actions is the registry)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audit.actions import register_actions
from audit.scopes import register_department_scope, register_object_url
from supervision.models import Push, SupervisionReport

register_actions(
    {
        "push": _("推送"),
        "claim": _("认领"),
        "feedback": _("反馈处置结果"),
        # issue 14, feedback
        "final_feedback": _("反馈处置完毕"),
        "close_report": _("办结监管信息"),
        "return": _("退回"),
        "reroute": _("改派"),
        "reject_return": _("驳回退回"),
        "close_return": _("关闭退回"),
        "follow_up_procedure": _("启动后续程序"),
        "report": _("推送监管信息"),
        "follow_up": _("作出后续决定"),
        "recompute_deadline": _("重新计算期限"),
        "create_webhook_endpoint": _("新建接收端点"),
        "update_webhook_endpoint": _("修改接收端点"),
        # issue 14, correspondence
        "send_information": _("发送信息"),
        "read_information": _("阅读信息"),
        "claim_information": _("签收信息"),
        "ask_inquiry": _("发出函询"),
        "answer_inquiry": _("回复函询"),
        "inquiry_message": _("函询往来"),
        "close_inquiry": _("关闭函询"),
        # issue 14, checks
        "create_check": _("生成告知承诺核查"),
        "record_check": _("记录核查结果"),
    }
)

# The viewer's department filter and object links (audit.scopes).
register_department_scope(Push, lambda code: Push.objects.filter(department__code=code))
register_department_scope(
    SupervisionReport, lambda code: SupervisionReport.objects.filter(department__code=code)
)
register_object_url(Push, lambda pk: reverse("supervision:push_detail", args=[pk]))
register_object_url(SupervisionReport, lambda pk: reverse("supervision:report_detail", args=[pk]))

# issue 14, correspondence: information and 函询 by their department side, linked to their pages.
from supervision.models import Information, Inquiry  # noqa: E402

register_department_scope(
    Information, lambda code: Information.objects.filter(department__code=code)
)
register_department_scope(Inquiry, lambda code: Inquiry.objects.filter(department__code=code))
register_object_url(Information, lambda pk: reverse("supervision:correspondence_detail", args=[pk]))
register_object_url(Inquiry, lambda pk: reverse("supervision:inquiry_detail", args=[pk]))

# issue 14, meetings: 联席会议 and their 议定事项, by the departments that attended, linked to the
# meeting's page.
from supervision.models import Meeting  # noqa: E402

register_actions(
    {
        "record_meeting": _("登记会议纪要"),
        "finish_meeting_task": _("办结会议议定事项"),
    }
)
register_department_scope(Meeting, lambda code: Meeting.objects.filter(departments__code=code))
register_object_url(Meeting, lambda pk: reverse("supervision:meeting_detail", args=[pk]))

# issue 14, casefile: each opening of a push's 电子档案 by a department (on the push).
register_actions({"open_case_file": _("查看电子档案")})
