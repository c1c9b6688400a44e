"""The allowed transitions of an application, in one table that services and pages both read
(which buttons a page shows comes from here, so the two never drift)."""

from django.db import models

from approvals.models import Application

S = Application.Status


class Action(models.TextChoices):
    RECORD_MATERIALS = "record_materials", "核对材料"
    ACCEPT = "accept", "受理"
    REQUEST_CORRECTION = "request_correction", "一次性告知补正"
    REFUSE = "refuse", "不予受理"
    START_REVIEW = "start_review", "开始审查"
    REVIEW = "review", "提交审查意见"
    PAUSE = "pause", "启动特别程序"
    RESUME = "resume", "结束特别程序"
    DECIDE = "decide", "作出决定"
    SUPPLY_WAIVED = "supply_waived", "补交容缺材料"
    DELIVER = "deliver", "出件"


ALLOWED: dict[str, set[str]] = {
    Action.RECORD_MATERIALS: {S.SUBMITTED, S.CORRECTION_REQUESTED},
    Action.ACCEPT: {S.SUBMITTED, S.CORRECTION_REQUESTED},
    Action.REQUEST_CORRECTION: {S.SUBMITTED, S.CORRECTION_REQUESTED},
    Action.REFUSE: {S.SUBMITTED, S.CORRECTION_REQUESTED},
    Action.START_REVIEW: {S.ACCEPTED},
    Action.REVIEW: {S.ACCEPTED, S.UNDER_REVIEW},
    Action.PAUSE: {S.ACCEPTED, S.UNDER_REVIEW, S.REVIEWED},
    Action.RESUME: {S.ACCEPTED, S.UNDER_REVIEW, S.REVIEWED},
    Action.DECIDE: {S.REVIEWED},
    Action.SUPPLY_WAIVED: {S.ACCEPTED, S.UNDER_REVIEW, S.REVIEWED, S.APPROVED, S.DENIED},
    Action.DELIVER: {S.APPROVED, S.DENIED},
}

# 即办件 are decided on the spot: the approver may decide straight after acceptance.
INSTANT_DECIDE_FROM = {S.ACCEPTED, S.UNDER_REVIEW, S.REVIEWED}


def allowed(application: Application, action: str) -> bool:
    if action == Action.DECIDE and application.item_version.instant:
        return application.status in INSTANT_DECIDE_FROM and not application.paused
    if action in (Action.REVIEW, Action.DECIDE) and application.paused:
        return False
    if action == Action.PAUSE and application.paused:
        return False
    if action == Action.RESUME and not application.paused:
        return False
    return application.status in ALLOWED[action]


def allowed_actions(application: Application) -> list[str]:
    return [action for action in Action if allowed(application, action)]
