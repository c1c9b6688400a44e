"""Yellow warnings (预警): once per deadline, a working day before it, to whoever is responsible
(each kind's `recipients` in accountability.oversight.deadlines)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accountability.models import DeadlineWarning
from accountability.oversight import deadlines
from supervision.services import notify


def send_deadline_warnings(*, now=None) -> int:
    """Warn, once, for every open deadline that is yellow now. Each warning is its own
    transaction: the DeadlineWarning row (unique per kind, object, deadline) and the
    notifications together, so a second worker running at the same moment waits on the row,
    fails the unique constraint and sends nothing; mail leaves after commit. A deadline that
    moves is a new (kind, object, deadline) and is warned again. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    rows = [r for r in deadlines.open_deadlines(now=now) if r.colour == deadlines.YELLOW]
    if not rows:
        return 0
    done = set(
        DeadlineWarning.objects.filter(
            object_id__in={r.object_id for r in rows}, deadline__in={r.due for r in rows}
        ).values_list("kind", "object_id", "deadline")
    )
    rows = [r for r in rows if (r.kind, r.object_id, r.due) not in done]
    by_kind: dict[str, list] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    for code, kind_rows in by_kind.items():
        kind = deadlines.kind(code)
        recipients = kind.recipients(kind_rows)
        for row in kind_rows:
            users = recipients.get(row.object_id, [])
            try:
                with transaction.atomic():
                    DeadlineWarning.objects.create(
                        kind=row.kind,
                        object_id=row.object_id,
                        deadline=row.due,
                        sent_at=now,
                        recipients=len(users),
                    )
                    notify(
                        users,
                        subject=_("期限预警:%(kind)s %(number)s 将于 %(due)s 到期")
                        % {
                            "kind": kind.label,
                            "number": row.number,
                            "due": timezone.localtime(row.due).strftime("%Y-%m-%d %H:%M"),
                        },
                        body=(_("责任岗位:%(post)s") % {"post": row.post}) if row.post else "",
                        link=row.url,
                    )
            except IntegrityError:
                continue  # another worker warned it first
            sent += 1
    return sent
