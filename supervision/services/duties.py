"""The duties with a deadline that the overdue job flags, besides the claims of pushes and
reports (supervision.services.overdue): a push's 处置反馈, a 告知承诺 check, information to be
signed for, a 函询 to be answered, a meeting's follow-up task (issue 14).

Each part registers one flagger per kind with `@duty_flagger(kind)`. A flagger marks, in one
set-based UPDATE, every row of its kind past its deadline and not flagged yet, at `now`, and
returns what it flagged as `Flagged` rows (id, deadline, department_id — the department that is
late, or None when the bureau is). `accountability.services.flag_overdue` runs every registered
flagger in its one transaction and writes one OverdueRecord per row (kind, object id)."""

import datetime
from collections.abc import Callable

from approvals.services.overdue import Flagged

# kind → (label, flagger). The kinds are OverdueRecord.Kind's values (accountability).
DUTY_KINDS = {
    "feedback": "推送逾期未反馈",
    "check": "告知承诺逾期未核查",
    "information": "信息逾期未签收",
    "inquiry": "函询逾期未回复",
    "meeting_task": "会议议定事项逾期未办结",
}

Flagger = Callable[[datetime.datetime], list[Flagged]]
FLAGGERS: dict[str, Flagger] = {}


def duty_flagger(kind: str) -> Callable[[Flagger], Flagger]:
    """Registers `function(now) -> list[Flagged]` as the flagger of `kind` (one per kind)."""
    if kind not in DUTY_KINDS:
        raise ValueError(f"unknown duty kind {kind!r}")

    def register(function: Flagger) -> Flagger:
        if FLAGGERS.get(kind, function) is not function:
            raise ValueError(f"a flagger for {kind!r} is registered already")
        FLAGGERS[kind] = function
        return function

    return register


def flag_duties(*, now: datetime.datetime) -> dict[str, list[Flagged]]:
    """Every registered flagger's rows, by kind (inside the overdue job's transaction)."""
    return {kind: FLAGGERS[kind](now) for kind in DUTY_KINDS if kind in FLAGGERS}
