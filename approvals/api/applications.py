"""The applications viewset: list, detail and the audited ID reveal, with the intake, review
and decision actions mixed in from their modules."""

from django.utils import timezone
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from approvals import selectors
from approvals.api._common import (
    APPLICATION_ID,
    detail_response,
)
from approvals.api.decisions import DecisionActions
from approvals.api.intake import IntakeActions
from approvals.api.review import ReviewActions
from approvals.api.serializers import (
    ApplicantIdNumberSerializer,
    ApplicationDetailSerializer,
    ApplicationSerializer,
)
from approvals.filters import ApplicationFilter
from approvals.workflow import ID_NUMBER_READERS
from audit.services import reveal_id_number
from core.api import error_responses
from core.errors import NotAllowed, NotFound
from core.parsers import JSONParser
from core.roles import has_role, require_role


@extend_schema_view(
    list=extend_schema(
        summary="办件列表",
        description="窗口、审查、审批、监察人员可用,最新登记的在前。",
        responses={200: ApplicationSerializer(many=True), **error_responses(400, 401, 403)},
        tags=["applications"],
    ),
    retrieve=extend_schema(
        summary="办件详情",
        description="含材料、决定文号、现行证件与全程留痕时间线。身份证号码为脱敏值。",
        parameters=[APPLICATION_ID],
        responses={200: ApplicationDetailSerializer, **error_responses(401, 404)},
        tags=["applications"],
    ),
)
class ApplicationViewSet(IntakeActions, ReviewActions, DecisionActions, viewsets.GenericViewSet):
    """办件: intake at the window, review, decision and delivery."""

    serializer_class = ApplicationDetailSerializer
    parser_classes = [JSONParser]
    filterset_class = ApplicationFilter
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        return selectors.applications_for(self.request.user).order_by("-submitted_at", "-pk")

    def _readable(self, pk) -> int:
        """404 unless the caller may read this application (a liaison may read none)."""
        if not selectors.applications_for(self.request.user).filter(pk=pk).exists():
            raise NotFound()
        return int(pk)

    def list(self, request):
        if not has_role(request.user, *selectors.READERS):
            raise NotAllowed()
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = ApplicationSerializer(page, many=True, context={"now": timezone.now()}).data
        return self.get_paginated_response(data)

    def retrieve(self, request, pk=None):
        return detail_response(request, pk)

    @extend_schema(
        summary="查看申请人完整证件号码",
        description="窗口、审查、审批人员可用;每次查看记入审计日志(view_id_number),"
        "所以是 POST(GET 从不写入)。",
        parameters=[APPLICATION_ID],
        request=None,
        responses={200: ApplicantIdNumberSerializer, **error_responses(401, 403, 404)},
        tags=["applications"],
    )
    @action(detail=True, methods=["post"], url_path="applicant-id")
    def applicant_id(self, request, pk=None):
        app = selectors.applications_for(request.user).filter(pk=pk).first()
        if app is None:
            raise NotFound()
        require_role(request.user, *ID_NUMBER_READERS)
        applicant = app.applicant
        reveal_id_number(
            actor=request.user, obj=applicant, note=str(app), data={"application": app.pk}
        )
        response = Response(ApplicantIdNumberSerializer(applicant).data)
        response["Cache-Control"] = "no-store"
        return response
