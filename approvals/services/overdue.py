"""Flagging late applications (办件超期): approvals marks its own rows, once, and says which
(through core.db.update_returning, the one way the apps flag rows). The accountability job
writes its records from what these functions return."""

import datetime

from approvals.models import Application
from core.db import update_returning

# One flagged row: (id, deadline, responsible department id or None).
Flagged = tuple[int, datetime.datetime, int | None]


def flag_overdue_applications(*, now: datetime.datetime) -> list[Flagged]:
    """Flag every application `Application.objects.to_flag(now)` selects (open, not paused,
    past due, not flagged yet) at `now`; return (id, due_at, None) for each, once. The bureau
    itself is responsible for its cases, so no department is named."""
    rows = update_returning(
        Application.objects.to_flag(now),
        values={"overdue_flagged_at": now},
        returning=["id", "due_at"],
    )
    return [(pk, due_at, None) for pk, due_at in rows]
