"""程序清单: which step of its version's procedure an application is at — one answer for the
case page (approvals/views/steps.py) and the API's detail (`current_step`).

STAGE_OF_STATUS is the one mapping from an application status to the catalog's step stage
(catalog may not import approvals, so the mapping lives here); a case is at the first step of
its stage, the steps before it are done, the ones after it are still to come."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from approvals.models import Application
from catalog.models import ProcedureStep

S = Application.Status
Stage = ProcedureStep.Stage
# Every step done (delivered), or the case ended before its steps did (refused, withdrawn,
# terminated): no current step.
DONE = "done"
CLOSED = "closed"

STAGE_OF_STATUS: dict[str, str] = {
    S.SUBMITTED: Stage.INTAKE,
    S.CORRECTION_REQUESTED: Stage.INTAKE,
    S.ACCEPTED: Stage.REVIEW,
    S.UNDER_REVIEW: Stage.REVIEW,
    S.REVIEWED: Stage.DECISION,
    S.APPROVED: Stage.DELIVERY,
    S.DENIED: Stage.DELIVERY,
    S.DELIVERED: DONE,
    S.REFUSED: CLOSED,
    S.WITHDRAWN: CLOSED,
    S.TERMINATED: CLOSED,
}
_ORDER = {stage: index for index, stage in enumerate(Stage.values)}

CLOSED_LABEL = _("办件已终结,未走完全部环节")


@dataclass(frozen=True)
class PlacedStep:
    step: ProcedureStep
    state: str  # "done" | "current" | "todo" | "stopped"

    @property
    def state_label(self):
        return {
            "done": _("已完成"),
            "current": _("当前环节"),
            "todo": _("待办理"),
            "stopped": _("未办理"),
        }[self.state]


def place(status: str, steps: list[ProcedureStep]) -> tuple[list[PlacedStep], ProcedureStep | None]:
    """The steps with their state for a case in `status`, and the current step (None when the
    case is done, closed, or its version has no step of the current stage and none after)."""
    stage = STAGE_OF_STATUS[status]
    if stage == DONE:
        return [PlacedStep(s, "done") for s in steps], None
    if stage == CLOSED:
        return [PlacedStep(s, "stopped") for s in steps], None
    rank = _ORDER[stage]
    # The first step of the case's stage; a version without one (steps are edited freely) has
    # the case at the first step of a later stage.
    current = next((s for s in steps if _ORDER.get(s.stage, -1) >= rank), None)
    if current is None:  # every step belongs to an earlier stage: all done, none current
        return [PlacedStep(s, "done") for s in steps], None
    # Steps of one stage run side by side (审查 and 现场踏勘): all of them are current.
    placed, seen = [], False
    for s in steps:
        if s is current or (seen and s.stage == current.stage):
            placed.append(PlacedStep(s, "current"))
            seen = True
        else:
            placed.append(PlacedStep(s, "todo" if seen else "done"))
    return placed, current


def steps_of(application: Application) -> list[ProcedureStep]:
    """The steps of the version the case was accepted under (one query)."""
    return list(application.item_version.steps.all())


def current_step(application: Application, steps=None) -> ProcedureStep | None:
    """The step the case is at now (None: no steps, done, closed or past its last stage)."""
    steps = steps_of(application) if steps is None else steps
    return place(application.status, steps)[1] if steps else None
