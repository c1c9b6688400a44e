"""The 告知承诺核查 API: list (?status=, ?overdue=true), detail, record. Every read is scoped by
supervision.services.checks (another department's check is 404); the record calls its service."""

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from core.api import error_responses, validated
from core.filters import StrictFilterSet
from core.parsers import JSONParser
from core.roles import Role, require_role
from supervision.api._common import _PK, DETAIL_ERRORS, LIST_ERRORS
from supervision.fields import TextSerializerField
from supervision.models import CHECK_NOTE_MAX, CommitmentCheck
from supervision.serializers import DepartmentRefSerializer, _person_name
from supervision.services import checks as svc

READERS = (Role.LIAISON, Role.INSPECTOR, *svc.READ_ALL_ROLES)
_CHECK_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="核查编号")


class CommitmentCheckFilter(StrictFilterSet):
    status = filters.ChoiceFilter(
        choices=CommitmentCheck.Status.choices, help_text="pending | verified | false | exempted"
    )
    overdue = filters.BooleanFilter(
        method="filter_overdue",
        help_text="true:逾期(已被逾期标记、逾期核查,或超过核查期限仍待核查);false:其余",
    )

    class Meta(StrictFilterSet.Meta):
        model = CommitmentCheck
        fields = ["status", "overdue"]

    def filter_overdue(self, queryset, name, value: bool):
        # The one rule (CommitmentCheck.check_overdue_q), as the `overdue` field.
        condition = CommitmentCheck.check_overdue_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class CommitmentCheckSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer()
    push = serializers.IntegerField(source="push_id", help_text="审批结果推送编号")
    item_name = serializers.CharField(source="push.item_name")
    permit_number = serializers.CharField(source="push.permit_number")
    holder_name = serializers.CharField(source="push.holder_name")
    status_display = serializers.CharField(source="get_status_display")
    recorded_by = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    attachment = serializers.SerializerMethodField()
    procedure = serializers.IntegerField(
        source="procedure_id", allow_null=True, help_text="不属实时发起的撤销程序编号"
    )

    class Meta:
        model = CommitmentCheck
        fields = [
            "id",
            "push",
            "department",
            "item_name",
            "permit_number",
            "holder_name",
            "status",
            "status_display",
            "method",
            "check_days",
            "created_at",
            "deadline",
            "deadline_provisional",
            "overdue",
            "overdue_flagged_at",
            "recorded_at",
            "recorded_by",
            "late",
            "note",
            "attachment",
            "procedure",
        ]
        read_only_fields = fields

    def get_recorded_by(self, check) -> str | None:
        return _person_name(check.recorded_by)

    def get_overdue(self, check) -> bool:
        return check.is_overdue_at(self.context.get("now") or timezone.now())

    def get_attachment(self, check) -> bool:
        return bool(check.attachment)


class RecordSerializer(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=[c for c in CommitmentCheck.Status.choices if c[0] != "pending"],
        help_text="verified(属实)| false(不属实)| exempted(免予核查)",
    )
    note = TextSerializerField(
        max_length=CHECK_NOTE_MAX, required=False, allow_blank=True, default=""
    )
    attachment = serializers.FileField(
        required=False, allow_null=True, help_text="附件(仅 multipart/form-data):PDF、JPEG 或 PNG"
    )


@extend_schema_view(
    list=extend_schema(
        summary="告知承诺核查列表",
        description="联络员:本部门的;监察人员与审批局:全部(只读)。",
        responses={200: CommitmentCheckSerializer(many=True), **LIST_ERRORS},
        tags=["commitment-checks"],
    ),
    retrieve=extend_schema(
        summary="告知承诺核查详情",
        description="其他部门的 → 404。",
        parameters=[_CHECK_ID],
        responses={200: CommitmentCheckSerializer, **DETAIL_ERRORS},
        tags=["commitment-checks"],
    ),
)
class CommitmentCheckViewSet(viewsets.GenericViewSet):
    serializer_class = CommitmentCheckSerializer
    filterset_class = CommitmentCheckFilter
    lookup_value_regex = _PK
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return svc.checks_for(self.request.user).order_by("-created_at", "-pk")

    def list(self, request):
        require_role(request.user, *READERS)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {"now": timezone.now()}
        return self.get_paginated_response(
            CommitmentCheckSerializer(page, many=True, context=context).data
        )

    def retrieve(self, request, pk=None):
        require_role(request.user, *READERS)
        return Response(CommitmentCheckSerializer(svc.access_check(request.user, pk)).data)

    @extend_schema(
        summary="记录核查结果",
        description=(
            "本部门联络员记录属实 / 不属实 / 免予核查(不属实须写明 note:同一事务中发起撤销许可"
            "程序并记入失信记录);超过期限可记录,记为逾期核查。已记录 409 check_recorded;"
            "其他部门的 404。"
        ),
        parameters=[_CHECK_ID],
        request={
            "application/json": RecordSerializer,
            "multipart/form-data": RecordSerializer,
        },
        responses={
            200: CommitmentCheckSerializer,
            **error_responses(400, 401, 403, 404, 409, e409="已记录(check_recorded)"),
        },
        tags=["commitment-checks"],
    )
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        require_role(request.user, *READERS)
        check = svc.access_check(request.user, pk)
        require_role(request.user, Role.LIAISON)
        data = validated(RecordSerializer, request)
        svc.record_check(
            user=request.user,
            check_id=check.pk,
            result=data["result"],
            note=data["note"],
            attachment=data.get("attachment"),
        )
        return Response(CommitmentCheckSerializer(svc.access_check(request.user, check.pk)).data)


router = SimpleRouter()
router.register("commitment-checks", CommitmentCheckViewSet, basename="commitment-check")
urlpatterns = router.urls
