"""The leaf audit writer every service calls inside its transaction. It imports no other app
of ours, so any app may use it without breaking the one-way import order."""

from django.contrib.contenttypes.models import ContentType

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
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=_display_name(actor),
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        before=str(before or ""),
        after=str(after or ""),
        note=note or "",
        data=data or {},
    )


def events_for(obj):
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("at", "pk")
