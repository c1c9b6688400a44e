"""GET /api/v1/statistics/summary/ (api-contract.md, "Oversight"): the figures of a date range,
inspectors for any department, a liaison for their own only (another department is a 404)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accountability.statistics import services
from core.api import error_responses

_RATE = {"min_value": 0, "max_value": 1, "allow_null": True}


class ApplicationFiguresSerializer(serializers.Serializer):
    accepted = serializers.IntegerField()
    decided = serializers.IntegerField()
    decided_on_time = serializers.IntegerField()
    on_time_rate = serializers.FloatField(**_RATE)
    avg_working_days = serializers.FloatField(allow_null=True)
    p90_working_days = serializers.FloatField(allow_null=True)
    refused = serializers.IntegerField()
    corrections = serializers.IntegerField()
    instant_decided = serializers.IntegerField()
    instant_on_the_spot = serializers.IntegerField()
    window_approval_rate = serializers.FloatField(**_RATE)
    on_the_spot_rate = serializers.FloatField(**_RATE)


class PushFiguresSerializer(serializers.Serializer):
    pushed = serializers.IntegerField()
    claimed = serializers.IntegerField()
    claimed_on_time = serializers.IntegerField()
    claimed_on_time_rate = serializers.FloatField(**_RATE)
    median_claim_working_days = serializers.FloatField(allow_null=True)
    overdue = serializers.IntegerField()
    returned = serializers.IntegerField()
    feedback_given = serializers.IntegerField()
    feedback_on_time = serializers.IntegerField(
        allow_null=True, help_text="推送未设反馈期限,恒为 null"
    )
    feedback_on_time_rate = serializers.FloatField(**_RATE, help_text="推送未设反馈期限,恒为 null")


class ReportFiguresSerializer(serializers.Serializer):
    pushed = serializers.IntegerField()
    pushed_late = serializers.IntegerField()
    claimed = serializers.IntegerField()
    claimed_on_time = serializers.IntegerField()


class SatisfactionSerializer(serializers.Serializer):
    ratings = serializers.IntegerField(allow_null=True)
    satisfied = serializers.IntegerField(allow_null=True)
    satisfaction_rate = serializers.FloatField(**_RATE)


class TargetSerializer(serializers.Serializer):
    target = serializers.FloatField(min_value=0, max_value=1)
    actual = serializers.FloatField(**_RATE)


class TargetsSerializer(serializers.Serializer):
    stationed_rate = TargetSerializer(help_text="入驻率")
    window_approval_rate = TargetSerializer(help_text="窗口审批率")
    on_the_spot_rate = TargetSerializer(help_text="现场办结率")


class StationedSerializer(serializers.Serializer):
    items = serializers.IntegerField()
    transferred = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    # `from` is a Python keyword: declared through the fields dict below.
    to = serializers.DateField()
    as_of = serializers.DateTimeField(help_text="统计截止时刻:统计期末与当前时间之较早者")
    department = serializers.CharField(allow_null=True)
    applications = ApplicationFiguresSerializer()
    pushes = PushFiguresSerializer()
    reports = ReportFiguresSerializer()
    satisfaction = SatisfactionSerializer()
    targets = TargetsSerializer()
    stationed = StationedSerializer()

    def get_fields(self):
        fields = super().get_fields()
        return {"from": serializers.DateField(), **fields}


_DATE_HELP = "YYYY-MM-DD(Asia/Shanghai 日期,含当日)"


class StatisticsSummaryView(APIView):
    @extend_schema(
        summary="统计分析汇总",
        description=(
            "统计期 [from, to](默认本月)内的办件、推送、监管信息与好差评指标及目标值对照;"
            "比率为 0..1 或 null(分母为 0)。指标口径见页面“统计口径”。联络员只能查询本部门"
            "(不带 department 即本部门,其他部门 404)。统计期最长 1100 天。"
        ),
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description=_DATE_HELP),
            OpenApiParameter("to", OpenApiTypes.DATE, description=_DATE_HELP),
            OpenApiParameter("department", OpenApiTypes.STR, description="部门编码"),
            OpenApiParameter("item", OpenApiTypes.STR, description="事项编码"),
            OpenApiParameter("category", OpenApiTypes.STR, description="事项类别"),
            OpenApiParameter("staff", OpenApiTypes.INT, description="工作人员(用户编号)"),
        ],
        responses={
            200: SummarySerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                e400="日期无效、起止颠倒或统计期过长(code: invalid_range),或筛选参数无效",
                e403="角色无权查看统计(监察人员、联络员以外)",
                e404="联络员查询其他部门",
            ),
        },
        tags=["statistics"],
    )
    def get(self, request):
        allowed = {"from", "to", "department", "item", "category", "staff"}
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            from core.errors import InvalidInput

            raise InvalidInput(
                code="invalid", fields={name: ["不支持该参数。"] for name in unknown}
            )
        query = services.parse_query(request.user, request.query_params)
        return Response(services.summary(query))
