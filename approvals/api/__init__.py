"""Applications and permits over the REST API (api-contract.md, "Applications" and "Permits").

Every write calls one service in approvals.services; reads go through approvals.selectors.
Order of checks for an object endpoint: not readable by the caller -> 404 (its existence is not
revealed), role not allowed -> 403, bad body -> 400, then the service (its DomainErrors become
the contract's error body in core.api.exception_handler).

One module per concept: serializers, intake, review, decisions (and delivery), permits; the
applications viewset mixes the intake, review and decision actions together."""

from approvals.api.applications import ApplicationViewSet
from approvals.api.permits import PermitViewSet, readable_permit

__all__ = ["ApplicationViewSet", "PermitViewSet", "readable_permit"]
