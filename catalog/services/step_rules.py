"""The rules of a version's steps (程序清单) that every writer reads: their limits fit in the
committed limit; a new draft copies them. Imports only the models, so items.py can use it."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from catalog.models import ItemVersion, ProcedureStep

STEP_KEYS = ("position", "name", "stage", "post", "requirements", "limit_days")


def step_limits_problem(committed_limit_days: int, limits: Iterable[int]) -> str | None:
    """The one rule on steps' limits: together they fit in the committed limit. A Chinese
    message when they do not, else None. The admin's step table and the service both ask."""
    total = sum(int(days or 0) for days in limits)
    if committed_limit_days is not None and total > committed_limit_days:
        return _(
            "各办理环节时限合计 %(total)s 个工作日,超过承诺时限 %(limit)s 个工作日;"
            "请缩短环节时限或调整承诺时限。"
        ) % {"total": total, "limit": committed_limit_days}
    return None


def steps_problems(version: ItemVersion) -> dict[str, list[str]]:
    """What is wrong with a version's stored steps ({"steps": [message]}), for publication."""
    problem = step_limits_problem(
        version.committed_limit_days, version.steps.values_list("limit_days", flat=True)
    )
    return {"steps": [problem]} if problem else {}


def copy_steps(base: ItemVersion, draft: ItemVersion, actor) -> None:
    """The base version's steps into a new draft (inside the caller's transaction), each
    with a history row naming the actor."""
    for step in base.steps.order_by("position", "pk"):
        row = ProcedureStep(version=draft, **{key: getattr(step, key) for key in STEP_KEYS})
        if getattr(actor, "pk", None):
            row._history_user = actor
        row._change_reason = _("基于第 %(n)s 版创建草稿") % {"n": base.number}
        row.save()
