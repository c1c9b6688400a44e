"""Working-day calendar API: "the N-th working day after a date", for department systems."""

import datetime as dt
import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorSerializer
from workdays import services

MAX_DAYS = 1000
MIN_START = dt.date(2000, 1, 1)
MAX_START = dt.date(2099, 12, 31)
# ASCII digits only: \d and int() also take Arabic-Indic or full-width digits.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INTEGER = re.compile(r"-?[0-9]+")


class IsoDateField(serializers.DateField):
    """A date written exactly YYYY-MM-DD (the contract's format; no 20250105 or week dates)."""

    def to_internal_value(self, value):
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class AsciiIntegerField(serializers.IntegerField):
    """An integer written in ASCII digits ("٣" and "３" are refused, not read as 3)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and not _INTEGER.fullmatch(data.strip()[:100]):
            self.fail("invalid")
        return super().to_internal_value(data)


class AddWorkingDaysQuerySerializer(serializers.Serializer):
    start = IsoDateField(
        error_messages={
            "required": _("请提供开始日期 start(YYYY-MM-DD)。"),
            "invalid": _("日期格式应为 YYYY-MM-DD,例如 2026-09-30。"),
        }
    )
    days = AsciiIntegerField(
        min_value=1,
        max_value=MAX_DAYS,
        error_messages={
            "required": _("请提供工作日数 days。"),
            "invalid": _("工作日数 days 应为整数。"),
            "max_string_length": _("工作日数 days 过长。"),
            "min_value": _("工作日数 days 至少为 {min_value}。"),
            "max_value": _("工作日数 days 不能超过 {max_value}。"),
        },
    )

    def validate_start(self, value):
        if not MIN_START <= value <= MAX_START:
            raise serializers.ValidationError(
                _("开始日期应在 %(min)s 至 %(max)s 之间。")
                % {"min": MIN_START.isoformat(), "max": MAX_START.isoformat()}
            )
        return value


class AddWorkingDaysResultSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="开始日期(不计入)")
    days = serializers.IntegerField(help_text="工作日数 N")
    result = serializers.DateField(help_text="start 之后的第 N 个工作日")
    provisional = serializers.BooleanField(
        help_text="为 true 时,计算跨越了尚无官方放假安排的年度,结果为暂定"
    )


_ERROR = ErrorSerializer


class AddWorkingDaysView(APIView):
    """GET ?start=YYYY-MM-DD&days=N -> {start, days, result, provisional} (any signed-in user)."""

    @extend_schema(
        operation_id="calendar_add_working_days",
        summary="第 N 个工作日",
        description=(
            "返回 start 之后(不含 start)的第 N 个工作日。工作日为周一至周五,扣除法定节假日,"
            "加上周末调休上班日。对尚无国务院官方放假安排的年度,按周一至周五扣除固定日期的法定"
            "节假日(1月1日、5月1—2日、10月1—3日)计算,并返回 provisional=true。"
        ),
        tags=["calendar"],
        parameters=[
            OpenApiParameter(
                "start",
                OpenApiTypes.DATE,
                OpenApiParameter.QUERY,
                required=True,
                description="开始日期 YYYY-MM-DD(不计入),2000-01-01 至 2099-12-31",
            ),
            OpenApiParameter(
                "days",
                {"type": "integer", "minimum": 1, "maximum": MAX_DAYS},
                OpenApiParameter.QUERY,
                required=True,
                description=f"工作日数 N,1 至 {MAX_DAYS}",
            ),
        ],
        responses={
            200: AddWorkingDaysResultSerializer,
            400: OpenApiResponse(_ERROR, description="参数无效(code: invalid,fields 指明字段)"),
            401: OpenApiResponse(_ERROR, description="未认证"),
        },
        examples=[
            OpenApiExample(
                "国庆节后的调休上班日",
                value={
                    "start": "2026-09-30",
                    "days": 3,
                    "result": "2026-10-10",
                    "provisional": False,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        query = AddWorkingDaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, days = query.validated_data["start"], query.validated_data["days"]
        result = services.add_working_days(start, days)
        return Response(
            AddWorkingDaysResultSerializer(
                {
                    "start": start,
                    "days": days,
                    "result": result.date,
                    "provisional": result.provisional,
                }
            ).data
        )
