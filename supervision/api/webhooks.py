"""The webhook deliveries API (api-contract.md, "Webhooks"): every delivery with its attempts."""

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.response import Response

from core.errors import NotFound
from core.roles import require_role
from supervision import selectors
from supervision.api._common import _DELIVERY_ID, DETAIL_ERRORS, LIST_ERRORS
from supervision.filters import WebhookDeliveryFilter
from supervision.serializers import (
    WebhookDeliverySerializer,
)
from supervision.workflow import DELIVERY_READERS

# --- webhook deliveries ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="回调投递记录",
        description="联络员:本部门的投递;监察人员:全部。每条含全部尝试记录。其他角色 403。",
        responses={200: WebhookDeliverySerializer(many=True), **LIST_ERRORS},
        tags=["webhooks"],
    ),
    retrieve=extend_schema(
        summary="回调投递详情",
        parameters=[_DELIVERY_ID],
        responses={200: WebhookDeliverySerializer, **DETAIL_ERRORS},
        tags=["webhooks"],
    ),
)
class WebhookDeliveryViewSet(viewsets.GenericViewSet):
    """Deliveries of signed webhook events to department systems, with every attempt."""

    serializer_class = WebhookDeliverySerializer
    filterset_class = WebhookDeliveryFilter
    lookup_value_regex = r"[0-9a-fA-F-]{32,36}"

    def get_queryset(self):
        return selectors.deliveries_for(self.request.user).prefetch_related("attempt_log")

    def list(self, request):
        require_role(request.user, *DELIVERY_READERS)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        require_role(request.user, *DELIVERY_READERS)
        try:
            delivery = self.get_queryset().get(pk=pk)
        except Exception:  # missing, out of scope or not a UUID: the same 404
            raise NotFound() from None
        return Response(WebhookDeliverySerializer(delivery).data)
