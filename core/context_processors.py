"""Navigation that fits the user's roles, for the base layout."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role, roles_of

# (role, label, url name); a user sees the entries of every role they hold, once each.
NAV = [
    (Role.WINDOW_CLERK, _("受理工作台"), "approvals:workbench"),
    (Role.REVIEWER, _("审查队列"), "approvals:review_queue"),
    (Role.APPROVER, _("审批决定"), "approvals:decide_queue"),
    (Role.WINDOW_CLERK, _("办件查询"), "approvals:list"),
    (Role.REVIEWER, _("办件查询"), "approvals:list"),
    (Role.APPROVER, _("办件查询"), "approvals:list"),
    (Role.INSPECTOR, _("办件查询"), "approvals:list"),
    (Role.WINDOW_CLERK, _("许可后续程序"), "approvals:procedure_list"),
    (Role.REVIEWER, _("许可后续程序"), "approvals:procedure_list"),
    (Role.APPROVER, _("许可后续程序"), "approvals:procedure_list"),
    (Role.REVIEWER, _("复议应诉"), "approvals:remedy_list"),
    (Role.APPROVER, _("复议应诉"), "approvals:remedy_list"),
    (Role.INSPECTOR, _("复议应诉"), "approvals:remedy_list"),
    (Role.WINDOW_CLERK, _("窗口评价"), "public:rate_window_find"),
    (Role.WINDOW_CLERK, _("退回改派"), "supervision:returned"),
    (Role.APPROVER, _("退回改派"), "supervision:returned"),
    (Role.WINDOW_CLERK, _("监管信息"), "supervision:reports"),
    (Role.APPROVER, _("监管信息"), "supervision:reports"),
    (Role.LIAISON, _("推送待认领"), "supervision:inbox"),
    (Role.LIAISON, _("监管信息"), "supervision:reports"),
    (Role.INSPECTOR, _("监察督查"), "accountability:dashboard"),
    (Role.INSPECTOR, _("实时监控"), "accountability:monitoring"),
    (Role.INSPECTOR, _("推送监督"), "supervision:inbox"),
    (Role.INSPECTOR, _("逾期记录"), "accountability:overdue"),
    (Role.INSPECTOR, _("问责案件"), "accountability:cases"),
    (Role.INSPECTOR, _("卷宗评查"), "accountability:reviews"),
    (Role.INSPECTOR, _("统计分析"), "accountability:statistics"),
    (Role.LIAISON, _("统计分析"), "accountability:statistics"),
    (Role.INSPECTOR, _("月度通报"), "accountability:monthly_reports"),
    (Role.INSPECTOR, _("好差评回访"), "public:followups"),
    (Role.INSPECTOR, _("投诉"), "public:complaints"),
    (Role.INSPECTOR, _("审计日志"), "audit:events"),
    (Role.CATALOG_ADMIN, _("事项管理"), "admin:index"),
    # Issue 14 (审管联动): an entry shows once its page exists (NoReverseMatch is skipped).
    (Role.LIAISON, _("告知承诺核查"), "supervision:checks"),
    (Role.APPROVER, _("告知承诺核查"), "supervision:checks"),
    (Role.INSPECTOR, _("告知承诺核查"), "supervision:checks"),
    (Role.WINDOW_CLERK, _("函件往来"), "supervision:correspondence"),
    (Role.APPROVER, _("函件往来"), "supervision:correspondence"),
    (Role.LIAISON, _("函件往来"), "supervision:correspondence"),
    (Role.INSPECTOR, _("函件往来"), "supervision:correspondence"),
    (Role.APPROVER, _("联席会议"), "supervision:meetings"),
    (Role.LIAISON, _("联席会议"), "supervision:meetings"),
    (Role.INSPECTOR, _("联席会议"), "supervision:meetings"),
    (Role.LIAISON, _("联络员备案"), "supervision:liaisons"),
    (Role.INSPECTOR, _("联络员备案"), "supervision:liaisons"),
    (Role.CATALOG_ADMIN, _("联络员备案"), "supervision:liaisons"),
]


def navigation(request):
    user = getattr(request, "user", None)
    roles = roles_of(user) if user is not None else set()
    items, seen = [], set()
    for role, label, url_name in NAV:
        if role in roles and url_name not in seen:
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            seen.add(url_name)
            items.append(
                {
                    "label": label,
                    "url": url,
                    "active": request.path.startswith(url) if url != "/" else False,
                }
            )
    role_labels = [Role(r).label for r in Role.values if r in roles]
    return {"nav_items": items, "user_role_labels": role_labels}
