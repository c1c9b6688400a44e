"""The application page's steps (程序清单): which step of its version's procedure a case is at.
The mapping and the placing are approvals.steps (the API's detail reads them too)."""

from approvals.steps import CLOSED, CLOSED_LABEL, STAGE_OF_STATUS, place, steps_of


def detail_context(app, user) -> dict:
    steps = steps_of(app)  # one query
    if not steps:
        return {"steps": [], "current_step": None}
    placed, current = place(app.status, steps)
    return {
        "steps": placed,
        "current_step": current,
        "steps_closed": STAGE_OF_STATUS[app.status] == CLOSED,
        "steps_closed_label": CLOSED_LABEL,
    }
