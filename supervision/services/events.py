"""The event feed for department systems (api-contract.md, "Event feed"): every event a
department may see, in order, with a stable cursor. docs/subsystems/event-feed.md says what it
guarantees and why it is built so.

- `publish_event` is the one way to add an event: call it inside the transaction of the state
  change, with the department that may see it and the object the event is about. The row is
  written without a sequence number, so it commits or rolls back with the change.
- `assign_sequence` gives committed rows their `seq`, oldest row first, under a lock on the one
  counter row: two sequencers never hand out the same number, and a row that commits late
  gets a number after everything already numbered. A reader only reads numbered rows, so the
  cursor (the last seq read) never skips a row that was still uncommitted when it read.
- `data` is built when the feed is read, from the object as its GET endpoint returns it
  (FEED_BODIES, registered per model with `@feed_body(Model)`); `data` given to publish_event
  freezes a snapshot instead."""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from catalog.selectors import liaison_departments
from core.errors import InvalidInput, NotAllowed
from core.roles import Role, has_role

# model class -> function(obj) -> dict: the object as its GET endpoint returns it.
FEED_BODIES: dict[type, Callable[[object], dict]] = {}
PAGE_DEFAULT, PAGE_MAX = 100, 500
_CURSOR_MAX = 10**18


def feed_body(model: type) -> Callable:
    """Registers `function(obj) -> dict` as the feed's (and webhook's) `data` of `model`."""

    def register(function):
        FEED_BODIES[model] = function
        return function

    return register


def publish_event(*, event: str, department_id: int | None, obj, data: dict | None = None) -> None:
    """Append `event` (e.g. "check.recorded") about `obj` (a model instance) for
    `department_id` (None: no department's, inspectors see it) to the feed, in the caller's
    transaction. The feed's `data` is the object as its GET endpoint returns it when the feed is
    read (FEED_BODIES); pass `data` only to freeze a snapshot."""
    from supervision.models import DepartmentEvent

    DepartmentEvent.objects.create(
        event=event,
        department_id=department_id,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        created_at=timezone.now(),
        data=data,
    )


def publish_events(*, event: str, model: type, rows) -> None:
    """Many events of one kind at once (the overdue job's bulk path): `rows` is an iterable of
    (object id, department id); one INSERT, in the caller's transaction."""
    from supervision.models import DepartmentEvent

    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    DepartmentEvent.objects.bulk_create(
        [
            DepartmentEvent(
                event=event,
                department_id=department_id,
                content_type=content_type,
                object_id=object_id,
                created_at=now,
            )
            for object_id, department_id in rows
        ],
        batch_size=1000,
    )


def assign_sequence(limit: int = 5000) -> int:
    """Number the committed rows that have no seq yet, in id order, after the last number given
    (its own transaction, the counter row locked). Returns how many were numbered."""
    from supervision.models import DepartmentEvent, EventSequence

    with transaction.atomic():
        counter, _created = EventSequence.objects.select_for_update().get_or_create(pk=1)
        pending = list(
            DepartmentEvent.objects.filter(seq__isnull=True).order_by("id")[:limit].only("id")
        )
        if not pending:
            return 0
        for offset, row in enumerate(pending, 1):
            row.seq = counter.last + offset
        DepartmentEvent.objects.bulk_update(pending, ["seq"], batch_size=1000)
        counter.last += len(pending)
        counter.save(update_fields=["last"])
    return len(pending)


def parse_cursor(value) -> int:
    """A cursor as a client sends it: ASCII digits (the seq of the last event read), or none."""
    if value in (None, ""):
        return 0
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > 18 or int(text) >= _CURSOR_MAX:
        raise InvalidInput(fields={"after": ["游标无效:应为上一页返回的 next_cursor。"]})
    return int(text)


def parse_limit(value) -> int:
    if value in (None, ""):
        return PAGE_DEFAULT
    text = str(value)
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text[:6]) <= PAGE_MAX:
        raise InvalidInput(fields={"limit": [f"每页条数为 1-{PAGE_MAX}。"]})
    return int(text)


def events_for(user):
    """The events a user may read: an inspector all, a liaison their departments'; else 403."""
    from supervision.models import DepartmentEvent

    qs = DepartmentEvent.objects.filter(seq__isnull=False).select_related("content_type")
    if has_role(user, Role.INSPECTOR):
        return qs
    if has_role(user, Role.LIAISON):
        return qs.filter(department_id__in=liaison_departments(user).values("pk"))
    raise NotAllowed()


def read_feed(*, user, after=None, limit=None) -> tuple[list[dict], str]:
    """One page of the feed after `after`, oldest first, and the cursor to ask with next."""
    after, limit = parse_cursor(after), parse_limit(limit)
    rows_qs = events_for(user)
    assign_sequence()
    rows = list(rows_qs.filter(seq__gt=after).order_by("seq")[:limit])
    by_model: dict = {}
    for row in rows:
        by_model.setdefault(row.content_type.model_class(), set()).add(row.object_id)
    objects = {
        model: model._default_manager.in_bulk(ids) for model, ids in by_model.items() if model
    }
    results = []
    for row in rows:
        model = row.content_type.model_class()
        data = row.data
        if data is None:
            obj = objects.get(model, {}).get(row.object_id)
            body = FEED_BODIES.get(model)
            data = body(obj) if (obj is not None and body is not None) else None
        results.append(
            {
                "cursor": str(row.seq),
                "event": row.event,
                "created_at": row.created_at,
                "data": data,
            }
        )
    next_cursor = str(rows[-1].seq) if rows else str(after)
    return results, next_cursor


# --- the bodies of the webhook objects: as their GET endpoints' lists return them (the holder's
# ID number masked, as in every list: the full number is shown, and its look audited, only on
# the detail endpoint).


def _register_webhook_bodies() -> None:
    from supervision.models import Push, SupervisionReport
    from supervision.serializers import PushListSerializer, SupervisionReportSerializer

    @feed_body(Push)
    def push_body(push) -> dict:
        fresh = Push.objects.select_related("department", "claimed_by").get(pk=push.pk)
        return dict(PushListSerializer(fresh).data)

    @feed_body(SupervisionReport)
    def report_body(report) -> dict:
        fresh = SupervisionReport.objects.select_related("department", "permit", "claimed_by")
        return dict(SupervisionReportSerializer(fresh.get(pk=report.pk)).data)


_register_webhook_bodies()
