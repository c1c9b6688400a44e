"""The department REST API: pushes, supervision reports and webhook deliveries
(api-contract.md, "Pushes", "Webhooks", "Supervision reports"), one module per family.

Every write calls one service in supervision.services; every read is scoped by
supervision.selectors. Order of checks on an object endpoint: the caller's role cannot touch
this kind of object at all -> 403; the object is outside the caller's scope -> 404 (its existence
is not revealed); the role may read but not do this -> 403; bad body -> 400; then the service
(its DomainErrors become the contract's error body in core.api.exception_handler)."""

from supervision.api.pushes import PushViewSet
from supervision.api.reports import SupervisionReportViewSet
from supervision.api.webhooks import WebhookDeliveryViewSet

__all__ = ["PushViewSet", "SupervisionReportViewSet", "WebhookDeliveryViewSet"]
