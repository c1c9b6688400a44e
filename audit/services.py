"""The audit writer every service calls inside its transaction, the reader, and the one audited
reveal of a full ID number. It imports nothing of ours but core, so every app may use it."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from audit import chain
from audit.models import AuditEvent


def _display_name(user) -> str:
    if user is None:
        return "系统"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


def record_event(
    *,
    actor,
    obj,
    action: str,
    before: str = "",
    after: str = "",
    note: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append one event to the trail, in the caller's transaction, hashed and chained (see
    audit/chain.py): the content hash now; the link now on SQLite, at commit on PostgreSQL."""
    content_type = ContentType.objects.get_for_model(obj)
    event = AuditEvent(
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=_display_name(actor)[:150],
        content_type=content_type,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        before=str(before or ""),
        after=str(after or ""),
        note=note or "",
        data=chain.normalise_data(data),
    )
    seal(event)
    # One INSERT: the database links it (SQLite at once, PostgreSQL at commit), by trigger.
    event.save(force_insert=True)
    if connection.vendor == "postgresql":
        chain.after_commit_sweep()
    return event


def seal(event: AuditEvent) -> AuditEvent:
    """Set the content hash of an unsaved event (record_event does; so must anything that
    writes AuditEvent rows another way, e.g. bulk_create: the database links them)."""
    event.content_hash = chain.content_hash(
        at=event.at,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        content_type=f"{event.content_type.app_label}.{event.content_type.model}",
        object_id=event.object_id,
        object_repr=event.object_repr,
        action=event.action,
        before=event.before,
        after=event.after,
        note=event.note,
        data=event.data,
    )
    return event


def events_for(obj):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("at", "pk")


@transaction.atomic
def reveal_id_number(*, actor, obj, note: str = "", data: dict | None = None) -> AuditEvent:
    """The one audited way to show a full ID number (身份证号 / 统一社会信用代码): every
    display leaves a "view_id_number" event on the object it was read from, written before
    the number is shown. Callers check that the actor may see it; this only records it."""
    return record_event(actor=actor, obj=obj, action="view_id_number", note=note, data=data)
