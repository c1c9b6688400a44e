"""The meetings API: joint meetings with their minutes and tasks (read), and a task's 办结
(write). Every read is scoped by supervision.services.meetings (another department's meeting is
404); the write calls its service."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from core.api import error_responses, validated
from core.errors import NotAllowed
from core.roles import require_role
from supervision.api._common import _PK, DETAIL_ERRORS, LIST_ERRORS
from supervision.fields import TextSerializerField
from supervision.models import MEETING_TEXT_MAX, Meeting, MeetingTask
from supervision.serializers import DepartmentRefSerializer, _person_name
from supervision.services import meetings as svc

_MEETING_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="会议编号"
)
_TASK_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="议定事项编号"
)


class MeetingTaskSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id", help_text="会议编号")
    department = DepartmentRefSerializer(
        allow_null=True, help_text="承办部门;null 表示由审批局承办"
    )
    done_by = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField(help_text="未办结且已过办结期限")

    class Meta:
        model = MeetingTask
        fields = [
            "id",
            "meeting",
            "position",
            "text",
            "department",
            "days",
            "deadline",
            "deadline_provisional",
            "done_at",
            "done_by",
            "done_note",
            "done_late",
            "overdue",
            "overdue_flagged_at",
        ]
        read_only_fields = fields

    def get_done_by(self, task) -> str | None:
        return _person_name(task.done_by)

    def get_overdue(self, task) -> bool:
        return task.is_overdue_at(self.context.get("now") or timezone.now())


class MeetingSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", help_text="会议类型的中文名称")
    departments = DepartmentRefSerializer(many=True, help_text="参会部门")
    created_by = serializers.SerializerMethodField()
    attachment = serializers.SerializerMethodField(help_text="纪要附件下载地址(登录后);无为 null")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "held_at",
            "place",
            "departments",
            "created_at",
            "created_by",
            "attachment",
        ]
        read_only_fields = fields

    def get_created_by(self, meeting) -> str | None:
        return _person_name(meeting.created_by)

    def get_attachment(self, meeting) -> str | None:
        if not meeting.attachment:
            return None
        return reverse("supervision:meeting_attachment", args=[meeting.pk])


class MeetingDetailSerializer(MeetingSerializer):
    tasks = MeetingTaskSerializer(many=True, read_only=True, help_text="议定事项(按序号)")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "attendees", "minutes", "tasks"]
        read_only_fields = fields


class TaskDoneSerializer(serializers.Serializer):
    note = TextSerializerField(max_length=MEETING_TEXT_MAX, help_text="办结情况")


@extend_schema_view(
    list=extend_schema(
        summary="联席会议列表",
        description="审批负责人与监察人员:全部;联络员:本部门参会或承办议定事项的。最新在前。",
        responses={200: MeetingSerializer(many=True), **LIST_ERRORS},
        tags=["meetings"],
    ),
    retrieve=extend_schema(
        summary="会议详情(纪要与议定事项)",
        description="其他部门的 → 404。",
        parameters=[_MEETING_ID],
        responses={200: MeetingDetailSerializer, **DETAIL_ERRORS},
        tags=["meetings"],
    ),
)
class MeetingViewSet(viewsets.GenericViewSet):
    serializer_class = MeetingSerializer
    lookup_value_regex = _PK

    def get_queryset(self):
        return svc.meetings_for(self.request.user).prefetch_related("departments")

    def list(self, request):
        require_role(request.user, *svc.READERS)
        page = self.paginate_queryset(self.get_queryset().order_by("-held_at", "-pk"))
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        require_role(request.user, *svc.READERS)
        meeting = svc.access_meeting(request.user, pk)
        meeting = self.get_queryset().prefetch_related("tasks__department", "tasks__done_by")
        meeting = meeting.get(pk=pk)
        context = {"now": timezone.now()}
        return Response(MeetingDetailSerializer(meeting, context=context).data)


class MeetingTaskViewSet(viewsets.GenericViewSet):
    serializer_class = MeetingTaskSerializer
    lookup_value_regex = _PK

    def get_queryset(self):
        return MeetingTask.objects.none()

    @extend_schema(
        summary="办结议定事项",
        parameters=[_TASK_ID],
        description=(
            "承办部门的联络员(或审批负责人)填写办结情况;已办结 409 task_done;"
            "其他部门的 → 404;无权办结 403。"
        ),
        request=TaskDoneSerializer,
        responses={
            200: MeetingTaskSerializer,
            **error_responses(400, 401, 403, 404, 409, e409="已办结(task_done)"),
        },
        tags=["meetings"],
    )
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        require_role(request.user, *svc.READERS)
        # Scope, then the right to finish, before the body is read (404, 403, then 400).
        if not svc.may_finish(request.user, svc.access_task(request.user, pk)):
            raise NotAllowed(_("只有承办部门的联络员或审批负责人可以办结此事项。"))
        data = validated(TaskDoneSerializer, request)
        task = svc.finish_task(user=request.user, task_id=pk, note=data["note"])
        task = MeetingTask.objects.select_related("department", "done_by").get(pk=task.pk)
        return Response(MeetingTaskSerializer(task).data)


router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("meeting-tasks", MeetingTaskViewSet, basename="meeting-task")
urlpatterns = router.urls
