"""Login lockouts (django-axes) in the audit trail: a lockout, and an administrator lifting it,
are events like any other state change."""

from audit.services import record_event


def _attempt(username, ip_address):
    from axes.models import AccessAttempt

    return (
        AccessAttempt.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .first()
    )


def on_user_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    attempt = _attempt(username, ip_address)
    if attempt is not None:
        record_event(
            actor=None,
            obj=attempt,
            action="login_locked_out",
            note=f"{username or ''} @ {ip_address or ''}",
            data={"path": getattr(request, "path", "")},
        )


def record_unlock(*, actor, attempt) -> None:
    record_event(
        actor=actor,
        obj=attempt,
        action="login_unlocked",
        note=f"{attempt.username} @ {attempt.ip_address}",
    )
