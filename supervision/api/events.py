"""GET /api/v1/events/?after=<cursor>: the event feed (supervision.services.events)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import error_responses
from supervision.services import events as feed


class FeedEventSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="本事件的游标(顺序号);以它为 after 继续读取")
    event = serializers.CharField(help_text="push.created、push.claimed、check.recorded……")
    created_at = serializers.DateTimeField()
    data = serializers.JSONField(help_text="对象在其 GET 接口中的表示(同 webhook 的 data)")


class FeedPageSerializer(serializers.Serializer):
    results = FeedEventSerializer(many=True)
    next_cursor = serializers.CharField(help_text="下一次请求的 after;没有新事件时与 after 相同")


class EventFeedView(APIView):
    @extend_schema(
        summary="事件流(部门系统补读)",
        description=(
            "调用者可见的全部事件,按发生并提交的顺序,每个事件在各页中恰好出现一次:"
            "联络员为本部门的,监察人员为全部。以上一页的 next_cursor 作为 after 继续读取;"
            "游标长期有效。"
        ),
        parameters=[
            OpenApiParameter("after", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False),
            OpenApiParameter(
                "limit",
                OpenApiTypes.INT,
                OpenApiParameter.QUERY,
                required=False,
                description=f"每页条数,默认 {feed.PAGE_DEFAULT},最多 {feed.PAGE_MAX}",
            ),
        ],
        responses={
            200: FeedPageSerializer,
            **error_responses(400, 401, 403, e400="after 或 limit 无效(code: invalid)"),
        },
        tags=["events"],
    )
    def get(self, request):
        results, next_cursor = feed.read_feed(
            user=request.user,
            after=request.query_params.get("after"),
            limit=request.query_params.get("limit"),
        )
        return Response(FeedPageSerializer({"results": results, "next_cursor": next_cursor}).data)
