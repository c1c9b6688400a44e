"""Who may do what to a push or a supervision report, and from which status: one table of
transitions and one tuple of roles per action, read by the services (the authority), the pages
(which buttons to show) and the API (403 before anything else) alike."""

from django.db import models

from core.roles import Role, has_role
from supervision.models import Push, SupervisionReport

P = Push.Status
R = SupervisionReport.Status


class PushAction(models.TextChoices):
    CLAIM = "claim", "认领"
    FEEDBACK = "feedback", "反馈处置结果"
    RETURN = "return", "退回"
    REROUTE = "reroute", "改派"
    REJECT_RETURN = "reject_return", "驳回退回"
    CLOSE_RETURN = "close_return", "关闭"


class ReportAction(models.TextChoices):
    CREATE = "create", "推送监管信息"
    CLAIM = "claim", "认领"
    FOLLOW_UP = "follow_up", "作出后续决定"
    CLOSE = "close", "办结"


# --- transitions ---------------------------------------------------------------------------------

PUSH_ALLOWED: dict[str, set[str]] = {
    PushAction.CLAIM: {P.PUSHED},
    # Interim feedback (处置中) keeps the push open for more; the final one closes it.
    PushAction.FEEDBACK: {P.CLAIMED, P.FEEDBACK_GIVEN},
    PushAction.RETURN: {P.PUSHED},
    PushAction.REROUTE: {P.RETURNED},
    # The bureau's other answers to a return: back to the same department, or closed.
    PushAction.REJECT_RETURN: {P.RETURNED},
    PushAction.CLOSE_RETURN: {P.RETURNED},
}

REPORT_ALLOWED: dict[str, set[str]] = {
    ReportAction.CLAIM: {R.PUSHED},
    ReportAction.FOLLOW_UP: {R.CLAIMED},
    # 已知悉 / 已办结 by the bureau: a claimed report that needs no permit action.
    ReportAction.CLOSE: {R.CLAIMED},
}


# The bureau's answers to a return (re-route, reject, close): each once, and not after a re-route.
RETURN_ANSWERS = (PushAction.REROUTE, PushAction.REJECT_RETURN, PushAction.CLOSE_RETURN)


def push_allows(push: Push, action: str) -> bool:
    if push.status not in PUSH_ALLOWED[action]:
        return False
    if action in RETURN_ANSWERS and getattr(push, "pk", None) is not None:
        # A returned push that was re-routed is answered: its successor carries the work on.
        return not hasattr(push, "rerouted_to")
    return True


def report_allows(report: SupervisionReport, action: str) -> bool:
    return report.status in REPORT_ALLOWED[action]


# --- roles ---------------------------------------------------------------------------------------

# Reading: a liaison their department's, an inspector all (supervision.selectors scopes).
PUSH_READERS = (Role.LIAISON, Role.INSPECTOR)
PUSH_ROLES: dict[str, tuple[str, ...]] = {
    PushAction.CLAIM: (Role.LIAISON,),
    PushAction.FEEDBACK: (Role.LIAISON,),
    PushAction.RETURN: (Role.LIAISON,),
    PushAction.REROUTE: (Role.APPROVER, Role.WINDOW_CLERK),
    PushAction.REJECT_RETURN: (Role.APPROVER, Role.WINDOW_CLERK),
    PushAction.CLOSE_RETURN: (Role.APPROVER, Role.WINDOW_CLERK),
}
# The bureau's window and approvers: they re-route returned pushes and claim reports.
BUREAU = (Role.APPROVER, Role.WINDOW_CLERK)

REPORT_READERS = (Role.LIAISON, Role.WINDOW_CLERK, Role.APPROVER, Role.INSPECTOR)
REPORT_ROLES: dict[str, tuple[str, ...]] = {
    ReportAction.CREATE: (Role.LIAISON,),
    ReportAction.CLAIM: (Role.WINDOW_CLERK, Role.APPROVER),
    ReportAction.FOLLOW_UP: (Role.APPROVER,),
    ReportAction.CLOSE: (Role.WINDOW_CLERK, Role.APPROVER),
}

DELIVERY_READERS = (Role.LIAISON, Role.INSPECTOR)


# --- what a page offers --------------------------------------------------------------------------


def push_actions_for(user, push: Push) -> set[str]:
    """The actions `user` may take on `push` now (the page's buttons)."""
    return {a for a in PushAction if push_allows(push, a) and has_role(user, *PUSH_ROLES[a])}


def report_actions_for(user, report: SupervisionReport) -> set[str]:
    """The actions `user` may take on `report` now (the page's buttons)."""
    return {
        a
        for a in (ReportAction.CLAIM, ReportAction.FOLLOW_UP, ReportAction.CLOSE)
        if report_allows(report, a) and has_role(user, *REPORT_ROLES[a])
    }
