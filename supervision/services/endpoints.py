"""Department webhook endpoints (部门系统回调地址), added and changed by admins: audited, and the
signing secret never written to the audit trail nor shown back in full."""

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record_event
from core.errors import NotAllowed, NotFound
from supervision.models import WebhookEndpoint


def mask_secret(secret: str) -> str:
    """Enough to tell two secrets apart, never enough to sign with: the first 4 characters."""
    return f"{secret[:4]}{'*' * 8}" if secret else ""


def _require(actor, codename: str) -> None:
    if not actor.has_perm(f"supervision.{codename}"):
        raise NotAllowed(_("无权修改部门系统回调地址。"))


def _facts(endpoint: WebhookEndpoint) -> dict:
    return {
        "department": endpoint.department.code,
        "url": endpoint.url,
        "active": endpoint.active,
        "secret": mask_secret(endpoint.secret),
    }


@transaction.atomic
def create_webhook_endpoint(*, actor, department, url: str, secret: str, active: bool = True):
    _require(actor, "add_webhookendpoint")
    endpoint = WebhookEndpoint.objects.create(
        department=department, url=url, secret=secret, active=active
    )
    record_event(
        actor=actor,
        obj=endpoint,
        action="create_webhook_endpoint",
        after="active" if active else "inactive",
        note=department.code,
        data=_facts(endpoint),
    )
    return endpoint


@transaction.atomic
def update_webhook_endpoint(
    *, actor, endpoint_id, department, url: str, secret: str, active: bool
) -> WebhookEndpoint:
    """Change an endpoint; one event naming what changed (a new secret only as "changed")."""
    _require(actor, "change_webhookendpoint")
    try:
        endpoint = (
            WebhookEndpoint.objects.select_for_update()
            .select_related("department")
            .get(pk=endpoint_id)
        )
    except (WebhookEndpoint.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    before = _facts(endpoint)
    secret_changed = secret != endpoint.secret
    endpoint.department, endpoint.url, endpoint.secret, endpoint.active = (
        department,
        url,
        secret,
        active,
    )
    endpoint.save(update_fields=["department", "url", "secret", "active"])
    after = _facts(endpoint)
    changed = {
        k: [before[k], after[k]] for k in ("department", "url", "active") if before[k] != after[k]
    }
    if secret_changed:
        changed["secret"] = [before["secret"], after["secret"]]
    record_event(
        actor=actor,
        obj=endpoint,
        action="update_webhook_endpoint",
        before="active" if before["active"] else "inactive",
        after="active" if active else "inactive",
        note=", ".join(sorted(changed)),
        data={"changed": changed, "secret_changed": secret_changed},
    )
    return endpoint
