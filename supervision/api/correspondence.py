"""The correspondence API: information (online; paper items are read here, registered on the
bureau's page) and 函询. Every write calls supervision.services.correspondence; every read is
scoped by it (another department's object is 404)."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from core.api import error_responses, validated
from core.errors import NotAllowed
from core.parsers import JSONParser
from core.roles import Role, require_role
from supervision.api._common import _PK, DETAIL_ERRORS, LIST_ERRORS
from supervision.fields import TextSerializerField
from supervision.models import (
    BODY_MAX,
    INQUIRY_BODY_MAX,
    INQUIRY_REPLY_DAYS_MAX,
    INQUIRY_REPLY_DAYS_MIN,
    INQUIRY_SUBJECT_MAX,
    TITLE_MAX,
    Information,
    InformationReceipt,
    Inquiry,
    InquiryMessage,
)
from supervision.serializers import DepartmentRefSerializer, _person_name
from supervision.services import correspondence as svc

READERS = (Role.WINDOW_CLERK, Role.APPROVER, Role.LIAISON, Role.INSPECTOR)
_INFO_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="信息编号")
_INQUIRY_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="函询编号"
)
_BOX = OpenApiParameter(
    "box",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["in", "out"],
    required=False,
    description="in:本方收件;out:本方发件;不填:全部可见的",
)


def _receiving_direction(user) -> str:
    return "to_bureau" if svc.is_bureau_user(user) else "to_department"


def _boxed(request, qs):
    box = request.query_params.get("box")
    if box in (None, ""):
        return qs
    if box not in ("in", "out"):
        from core.errors import InvalidInput

        raise InvalidInput(fields={"box": ["只能是 in 或 out。"]})
    incoming = _receiving_direction(request.user)
    return qs.filter(direction=incoming) if box == "in" else qs.exclude(direction=incoming)


# --- serializers -------------------------------------------------------------------------------


class InformationReceiptSerializer(serializers.ModelSerializer):
    reader = serializers.SerializerMethodField()

    class Meta:
        model = InformationReceipt
        fields = ["reader", "read_at"]
        read_only_fields = fields

    def get_reader(self, receipt) -> str | None:
        return _person_name(receipt.reader)


class InformationSerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer(help_text="部门一方:发件部门(to_bureau)或收件部门")
    created_by = serializers.SerializerMethodField()
    claimed_by = serializers.SerializerMethodField()
    needs_claim = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    attachment = serializers.SerializerMethodField(help_text="附件下载地址(登录后);无附件为 null")

    class Meta:
        model = Information
        fields = [
            "id",
            "channel",
            "direction",
            "kind",
            "department",
            "batch",
            "title",
            "body",
            "attachment",
            "reference_number",
            "paper_date",
            "created_at",
            "created_by",
            "needs_claim",
            "claim_deadline",
            "deadline_provisional",
            "claimed_at",
            "claimed_by",
            "claim_late",
            "overdue",
            "overdue_flagged_at",
        ]
        read_only_fields = fields

    def get_created_by(self, info) -> str | None:
        return _person_name(info.created_by)

    def get_claimed_by(self, info) -> str | None:
        return _person_name(info.claimed_by)

    def get_needs_claim(self, info) -> bool:
        return info.needs_claim

    def get_overdue(self, info) -> bool:
        return info.is_overdue_at(self.context.get("now") or timezone.now())

    def get_attachment(self, info) -> str | None:
        if not info.attachment:
            return None
        return reverse("supervision:correspondence_attachment", args=[info.pk])


class InformationDetailSerializer(InformationSerializer):
    receipts = InformationReceiptSerializer(
        many=True, read_only=True, help_text="已读回执(收件方阅读人)"
    )

    class Meta(InformationSerializer.Meta):
        fields = [*InformationSerializer.Meta.fields, "receipts"]
        read_only_fields = fields


class InformationCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=list(Information.ONLINE_KINDS),
        help_text="policy | training | unlicensed_tip | change_request | other",
    )
    title = TextSerializerField(max_length=TITLE_MAX)
    body = TextSerializerField(max_length=BODY_MAX, required=False, allow_blank=True, default="")
    departments = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=200,
        help_text="审批局:发往的部门编号(一个或多个,必填);联络员:本部门编号(仅一个部门时可省略)",
    )
    attachment = serializers.FileField(
        required=False, allow_null=True, help_text="附件(仅 multipart/form-data):PDF、JPEG 或 PNG"
    )


class InquiryMessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = InquiryMessage
        fields = ["id", "from_asker", "author", "body", "at"]
        read_only_fields = fields

    def get_author(self, message) -> str | None:
        return _person_name(message.author)


class InquirySerializer(serializers.ModelSerializer):
    department = DepartmentRefSerializer(help_text="部门一方:询问部门(to_bureau)或被询问部门")
    asked_by = serializers.SerializerMethodField()
    answered_by = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    attachment = serializers.SerializerMethodField()

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "direction",
            "department",
            "subject",
            "question",
            "attachment",
            "status",
            "reply_days",
            "asked_at",
            "asked_by",
            "reply_deadline",
            "deadline_provisional",
            "answered_at",
            "answered_by",
            "answer_late",
            "closed_at",
            "overdue",
            "overdue_flagged_at",
        ]
        read_only_fields = fields

    def get_asked_by(self, inquiry) -> str | None:
        return _person_name(inquiry.asked_by)

    def get_answered_by(self, inquiry) -> str | None:
        return _person_name(inquiry.answered_by)

    def get_overdue(self, inquiry) -> bool:
        return inquiry.is_overdue_at(self.context.get("now") or timezone.now())

    def get_attachment(self, inquiry) -> str | None:
        if not inquiry.attachment:
            return None
        return reverse("supervision:inquiry_attachment", args=[inquiry.pk])


class InquiryDetailSerializer(InquirySerializer):
    messages = InquiryMessageSerializer(many=True, read_only=True, help_text="往来(时间顺序)")

    class Meta(InquirySerializer.Meta):
        fields = [*InquirySerializer.Meta.fields, "messages"]
        read_only_fields = fields


class InquiryCreateSerializer(serializers.Serializer):
    subject = TextSerializerField(max_length=INQUIRY_SUBJECT_MAX)
    question = TextSerializerField(max_length=INQUIRY_BODY_MAX)
    reply_days = serializers.IntegerField(
        min_value=INQUIRY_REPLY_DAYS_MIN,
        max_value=INQUIRY_REPLY_DAYS_MAX,
        required=False,
        default=5,
        help_text="回复时限(工作日),1–30,默认 5",
    )
    department = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        allow_null=True,
        default=None,
        help_text="审批局:被询问部门编号(必填);联络员:本部门编号(仅一个部门时可省略)",
    )
    attachment = serializers.FileField(required=False, allow_null=True)


class InquiryReplySerializer(serializers.Serializer):
    body = TextSerializerField(max_length=INQUIRY_BODY_MAX)


def _information(pk) -> Information:
    return Information.objects.select_related("department", "created_by", "claimed_by").get(pk=pk)


def _inquiry(pk) -> Inquiry:
    return Inquiry.objects.select_related("department", "asked_by", "answered_by").get(pk=pk)


# --- views -------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="信息列表(含纸质件)",
        description="联络员:本部门的(双向);审批局与监察人员:全部。未签收的在前,最新在前。",
        parameters=[_BOX],
        responses={200: InformationSerializer(many=True), **LIST_ERRORS},
        tags=["information"],
    ),
    retrieve=extend_schema(
        summary="信息详情",
        description="收件方阅读人首次读取时记录已读回执。其他部门的 → 404。",
        parameters=[_INFO_ID],
        responses={200: InformationDetailSerializer, **DETAIL_ERRORS},
        tags=["information"],
    ),
    create=extend_schema(
        summary="发送信息",
        description=(
            "联络员:本部门发往审批局;审批局(窗口、审批人员):发往一个或多个部门(每部门一条,"
            "返回第一条;同一 batch)。无证经营线索与变更或撤销申请须在 3 个工作日内签收。"
        ),
        request={
            "application/json": InformationCreateSerializer,
            "multipart/form-data": InformationCreateSerializer,
        },
        responses={
            # A plain array, one row per department (not the list endpoint's pagination).
            201: OpenApiResponse(
                response={"type": "array", "items": {"$ref": "#/components/schemas/Information"}},
                description="每个收件部门一条",
            ),
            **error_responses(400, 401, 403, e400="字段无效;附件过大或类型不符"),
        },
        tags=["information"],
    ),
)
class InformationViewSet(viewsets.GenericViewSet):
    serializer_class = InformationSerializer
    lookup_value_regex = _PK
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return svc.information_for(self.request.user)

    def list(self, request):
        require_role(request.user, *READERS)
        qs = _boxed(request, self.get_queryset()).order_by("-created_at", "-pk")
        page = self.paginate_queryset(qs)
        context = {"now": timezone.now()}
        return self.get_paginated_response(
            InformationSerializer(page, many=True, context=context).data
        )

    def retrieve(self, request, pk=None):
        require_role(request.user, *READERS)
        info = svc.access_information(request.user, pk)
        svc.record_read(user=request.user, info=info)
        info = (
            svc.information_for(request.user).prefetch_related("receipts__reader").get(pk=info.pk)
        )
        return Response(InformationDetailSerializer(info).data)

    def create(self, request):
        require_role(request.user, *READERS)
        if not svc.may_write(request.user):
            raise NotAllowed()
        data = validated(InformationCreateSerializer, request)
        rows = svc.create_information(
            user=request.user,
            kind=data["kind"],
            title=data["title"],
            body=data.get("body", ""),
            attachment=data.get("attachment"),
            department_ids=data.get("departments"),
        )
        qs = svc.information_for(request.user).filter(pk__in=[r.pk for r in rows])
        return Response(
            InformationSerializer(qs.order_by("pk"), many=True).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="签收信息",
        parameters=[_INFO_ID],
        description=(
            "收件方签收(部门发来的由审批局,审批局发出的由该部门联络员)。发件方或无关角色 403;"
            "无需签收的 409 no_claim_needed;再次签收 409 already_claimed。"
        ),
        request=None,
        responses={
            200: InformationSerializer,
            **error_responses(
                400, 401, 403, 404, 409, e409="无需签收(no_claim_needed)或已签收(already_claimed)"
            ),
        },
        tags=["information"],
    )
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        require_role(request.user, *READERS)
        info = svc.claim_information(user=request.user, information_id=pk)
        return Response(InformationSerializer(_information(info.pk)).data)


@extend_schema_view(
    list=extend_schema(
        summary="函询列表",
        description="联络员:本部门的(双向);审批局与监察人员:全部。最新在前。",
        parameters=[_BOX],
        responses={200: InquirySerializer(many=True), **LIST_ERRORS},
        tags=["inquiries"],
    ),
    retrieve=extend_schema(
        summary="函询详情(含往来)",
        parameters=[_INQUIRY_ID],
        responses={200: InquiryDetailSerializer, **DETAIL_ERRORS},
        tags=["inquiries"],
    ),
    create=extend_schema(
        summary="发出函询",
        description=(
            "审批局向一个部门,或联络员(本部门)向审批局发出函询;回复期限为第 reply_days 个"
            "工作日(1–30,默认 5)结束。"
        ),
        request={
            "application/json": InquiryCreateSerializer,
            "multipart/form-data": InquiryCreateSerializer,
        },
        responses={
            201: InquirySerializer,
            **error_responses(400, 401, 403, e400="字段无效;回复时限不在 1–30 之间"),
        },
        tags=["inquiries"],
    ),
)
class InquiryViewSet(viewsets.GenericViewSet):
    serializer_class = InquirySerializer
    lookup_value_regex = _PK
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return svc.inquiries_for(self.request.user)

    def list(self, request):
        require_role(request.user, *READERS)
        qs = _boxed(request, self.get_queryset()).order_by("-asked_at", "-pk")
        page = self.paginate_queryset(qs)
        context = {"now": timezone.now()}
        return self.get_paginated_response(InquirySerializer(page, many=True, context=context).data)

    def _detail(self, pk):
        return svc.inquiries_for(self.request.user).prefetch_related("messages__author").get(pk=pk)

    def retrieve(self, request, pk=None):
        require_role(request.user, *READERS)
        inquiry = svc.access_inquiry(request.user, pk)
        return Response(InquiryDetailSerializer(self._detail(inquiry.pk)).data)

    def create(self, request):
        require_role(request.user, *READERS)
        if not svc.may_write(request.user):
            raise NotAllowed()
        data = validated(InquiryCreateSerializer, request)
        inquiry = svc.ask_inquiry(
            user=request.user,
            subject=data["subject"],
            question=data["question"],
            reply_days=data["reply_days"],
            attachment=data.get("attachment"),
            department_id=data.get("department"),
        )
        return Response(
            InquirySerializer(_inquiry(inquiry.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="回复函询 / 追问",
        parameters=[_INQUIRY_ID],
        description=(
            "被询问方回复(首次回复即为已回复,超过期限记为逾期回复);询问方可追问。"
            "已关闭 409 inquiry_closed;非双方 403。"
        ),
        request=InquiryReplySerializer,
        responses={
            201: InquiryDetailSerializer,
            **error_responses(400, 401, 403, 404, 409, e409="函询已关闭(inquiry_closed)"),
        },
        tags=["inquiries"],
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        require_role(request.user, *READERS)
        inquiry = svc.access_inquiry(request.user, pk)
        if not (svc.is_receiver(request.user, inquiry) or svc.is_sender(request.user, inquiry)):
            raise NotAllowed()
        data = validated(InquiryReplySerializer, request)
        svc.reply_inquiry(user=request.user, inquiry_id=inquiry.pk, body=data["body"])
        return Response(
            InquiryDetailSerializer(self._detail(inquiry.pk)).data, status=status.HTTP_201_CREATED
        )


router = SimpleRouter()
router.register("information", InformationViewSet, basename="information")
router.register("inquiries", InquiryViewSet, basename="inquiry")
urlpatterns = router.urls
