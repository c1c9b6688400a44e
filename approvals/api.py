"""Applications and permits over the REST API (api-contract.md, "Applications" and "Permits").

Every write calls one service in approvals.services; reads go through approvals.selectors.
Order of checks for an object endpoint: not readable by the caller -> 404 (its existence is not
revealed), role not allowed -> 403, bad body -> 400, then the service (its DomainErrors become
the contract's error body in core.api.exception_handler)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from approvals import selectors, services
from approvals.filters import ApplicationFilter
from approvals.models import (
    Applicant,
    Application,
    ApplicationMaterial,
    Decision,
    Permit,
    ReviewOpinion,
    SpecialProcedure,
)
from approvals.verification import verify_url
from approvals.workflow import Action, allowed_actions
from audit.services import events_for, record_event
from catalog import selectors as catalog_selectors
from core.api import error_responses, validated
from core.errors import InvalidInput, NotAllowed, NotFound
from core.roles import Role, has_role, require_role

# Database ids in request bodies: bounded so a huge number is a 400, not a database overflow.
MAX_ID = 2**31 - 1
# Who may call each write. The services check the same roles and stay the authority; checking
# here first only makes a wrong role a 403 even when the body is also wrong.
CLERK = (Role.WINDOW_CLERK,)
REVIEWER = (Role.REVIEWER,)
APPROVER = (Role.APPROVER,)
PROCEDURE_ROLES = (Role.REVIEWER, Role.APPROVER)
# Who sees an applicant's full ID number (design rule 6); each look is audited.
ID_NUMBER_READERS = (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER)
# Bureau roles that read any permit; a liaison reads the permits their department supervises.
PERMIT_READERS = (
    Role.WINDOW_CLERK,
    Role.REVIEWER,
    Role.APPROVER,
    Role.CATALOG_ADMIN,
    Role.INSPECTOR,
)
_DATE_FORMATS = ["%Y-%m-%d"]
DECISIONS = [("approve", gettext_lazy("准予许可")), ("deny", gettext_lazy("不予许可"))]
PERMIT_ACTS = [
    (kind.value, kind.label)
    for kind in (
        Decision.Kind.CHANGE,
        Decision.Kind.RENEW,
        Decision.Kind.WITHDRAW,
        Decision.Kind.REVOKE,
        Decision.Kind.CANCEL,
    )
]


# --- serializers: responses ------------------------------------------------------------------


class ApprovalsItemRefSerializer(serializers.Serializer):
    """The item an application or permit is under: code and the version's name."""

    code = serializers.CharField(source="item.code")
    name = serializers.CharField()


class ApplicantSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(
        source="masked_id_number",
        help_text="脱敏的身份证号码或统一社会信用代码(前 6 后 4 位);完整号码见 applicant-id/",
    )

    class Meta:
        model = Applicant
        fields = ["id", "kind", "name", "id_number", "phone", "address"]
        read_only_fields = fields


class ApplicationMaterialSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        source="material_id",
        help_text="事项材料编号(catalog 的 material id),即 accept / request-correction 等"
        "请求中使用的编号",
    )
    name = serializers.CharField(source="material.name")
    required = serializers.BooleanField(source="material.required")
    waivable = serializers.BooleanField(source="material.waivable")

    class Meta:
        model = ApplicationMaterial
        fields = ["id", "name", "required", "waivable", "state", "supply_by", "supplied_at"]
        read_only_fields = fields


class TimelineEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_name")
    action = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()
    note = serializers.CharField()


class PermitSerializer(serializers.ModelSerializer):
    """A permit as department systems and the online channel read it."""

    item = ApprovalsItemRefSerializer(source="item_version")
    status = serializers.SerializerMethodField()
    decision_number = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    replaces = serializers.SerializerMethodField()
    replaced_by = serializers.SerializerMethodField()

    class Meta:
        model = Permit
        fields = [
            "number",
            "item",
            "holder_name",
            "status",
            "valid_from",
            "valid_until",
            "decision_number",
            "verify_url",
            "content",
            "issued_at",
            "replaces",
            "replaced_by",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(
            choices=Permit.Status.choices,
            help_text="valid | changed | withdrawn | revoked | cancelled | expired;"
            "有效期已过的有效证件即显示 expired",
        )
    )
    def get_status(self, permit) -> str:
        return permit.current_status

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="颁发该证件的决定文号"))
    def get_decision_number(self, permit):
        decision = selectors.granting_decision(permit)
        return decision.number if decision else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_verify_url(self, permit) -> str:
        return verify_url(permit.number)

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="被本证替代的证件编号"))
    def get_replaces(self, permit):
        return permit.replaces.number if permit.replaces_id else None

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="替代本证的新证件编号"))
    def get_replaced_by(self, permit):
        replaced_by = Permit.objects.filter(replaces=permit).values_list("number", flat=True)
        return replaced_by.first()


class ApplicationPermitSerializer(serializers.ModelSerializer):
    """The live permit of an application, short form (the full one is GET permits/<number>/)."""

    status = serializers.SerializerMethodField()

    class Meta:
        model = Permit
        fields = ["number", "valid_from", "valid_until", "status"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Permit.Status.choices))
    def get_status(self, permit) -> str:
        return permit.current_status


class ApplicationSerializer(serializers.ModelSerializer):
    """One application in a list (no per-row queries: everything comes from select_related)."""

    status_display = serializers.CharField(source="get_status_display")
    item = ApprovalsItemRefSerializer(source="item_version")
    item_version = serializers.IntegerField(source="item_version.number", help_text="事项版本号")
    applicant = ApplicantSerializer()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "status",
            "status_display",
            "item",
            "item_version",
            "applicant",
            "receipt_number",
            "submitted_at",
            "accepted_at",
            "due_date",
            "due_provisional",
            "paused",
            "overdue",
            "decided_at",
            "delivered_at",
        ]
        read_only_fields = fields

    def get_overdue(self, app) -> bool:
        return app.is_overdue_at(self.context.get("now") or timezone.now())


class ApplicationDetailSerializer(ApplicationSerializer):
    """One application with its checklist, decision, live permit and audit timeline. Built from
    selectors.application_detail (everything prefetched) plus one query for the timeline."""

    materials = ApplicationMaterialSerializer(many=True)
    decision_number = serializers.SerializerMethodField()
    permit = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "content",
            "materials",
            "correction_note",
            "refusal_reason",
            "collected_by",
            "decision_number",
            "permit",
            "timeline",
            "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="准予/不予许可决定文号"))
    def get_decision_number(self, app):
        decision = selectors.main_decision(app)
        return decision.number if decision else None

    @extend_schema_field(ApplicationPermitSerializer(allow_null=True))
    def get_permit(self, app):
        permit = selectors.current_permit(app)
        return ApplicationPermitSerializer(permit).data if permit else None

    @extend_schema_field(TimelineEventSerializer(many=True))
    def get_timeline(self, app):
        return TimelineEventSerializer(events_for(app), many=True).data

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=Action.choices),
            help_text="当前状态允许的操作(不考虑调用者角色)",
        )
    )
    def get_allowed_actions(self, app):
        return [str(a) for a in allowed_actions(app)]


class ApplicantIdNumberSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Applicant.Kind.choices)
    name = serializers.CharField()
    id_number = serializers.CharField(help_text="完整号码(本次查看已记入审计日志)")


class PermitActResultSerializer(serializers.Serializer):
    decision_number = serializers.CharField()
    kind = serializers.CharField()
    permit = PermitSerializer(help_text="被作出决定的证件(决定后的状态)")
    new_permit = PermitSerializer(
        allow_null=True, help_text="变更、延续时颁发的替代证件;其余为 null"
    )


# --- serializers: requests -------------------------------------------------------------------


def _id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _date_field(**kwargs):
    return serializers.DateField(input_formats=_DATE_FORMATS, **kwargs)


class ApplicantInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Applicant.Kind.choices)
    name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(
        max_length=40,
        help_text="自然人:18 位身份证号码(GB 11643 校验位,x 视同 X);"
        "组织:18 位统一社会信用代码(GB 32100 校验位)",
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class MaterialInputSerializer(serializers.Serializer):
    material = _id_field(help_text="事项材料编号")
    provided = serializers.BooleanField(default=True)


class ApplicationCreateSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=40, help_text="事项编码;使用其现行发布版本")
    applicant = ApplicantInputSerializer()
    materials = MaterialInputSerializer(many=True, required=False, default=list)
    content = serializers.CharField(required=False, allow_blank=True, default="")


class AcceptSerializer(serializers.Serializer):
    waived = serializers.ListField(
        child=_id_field(), required=False, default=list, help_text="容缺受理的材料编号"
    )
    supply_by = _date_field(
        required=False, allow_null=True, default=None, help_text="容缺材料补交期限,默认为办结日期"
    )


class RecordMaterialsSerializer(serializers.Serializer):
    provided = serializers.ListField(child=_id_field(), allow_empty=False)


class RequestCorrectionSerializer(serializers.Serializer):
    missing = serializers.ListField(child=_id_field(), help_text="需补正的材料编号")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ReviewSerializer(serializers.Serializer):
    opinion = serializers.CharField(allow_blank=True)
    recommendation = serializers.ChoiceField(choices=ReviewOpinion.Recommendation.choices)
    site_inspection = serializers.CharField(required=False, allow_blank=True, default="")


class PauseSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SpecialProcedure.Kind.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=DECISIONS)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    valid_until = _date_field(required=False, allow_null=True, default=None)


class SupplyWaivedSerializer(serializers.Serializer):
    materials = serializers.ListField(child=_id_field(), allow_empty=False)


class DeliverSerializer(serializers.Serializer):
    collected_by = serializers.CharField(max_length=100, allow_blank=True)


class PermitActSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PERMIT_ACTS)
    reason = serializers.CharField(allow_blank=True)
    content = serializers.CharField(required=False, allow_blank=True, default="")
    valid_until = _date_field(required=False, allow_null=True, default=None)
    holder_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="变更持证人名称时填写",
    )


# --- schema helpers --------------------------------------------------------------------------


_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="办件编号")


def _transition_schema(summary, request, roles, *, e400="", e403="", e409=""):
    described = {k: v for k, v in (("e400", e400), ("e403", e403), ("e409", e409)) if v}
    return extend_schema(
        summary=summary,
        description=f"角色:{roles}。成功时返回办件详情(含 status)。",
        parameters=[_ID],
        request=request,
        responses={
            200: ApplicationDetailSerializer,
            **error_responses(400, 401, 403, 404, 409, **described),
        },
        tags=["applications"],
    )


# --- views -----------------------------------------------------------------------------------


def _detail(request, pk, status_code=status.HTTP_200_OK) -> Response:
    app = selectors.application_detail(request.user, pk)
    return Response(
        ApplicationDetailSerializer(app, context={"request": request}).data, status=status_code
    )


def _applicant_error(exc: InvalidInput) -> InvalidInput:
    """register_applicant names its fields (id_number, name); the contract puts them all under
    `applicant`."""
    messages = [str(m) for msgs in exc.fields.values() for m in msgs] or [str(exc.message)]
    code = "invalid_applicant" if exc.code == "invalid" else exc.code
    return InvalidInput(exc.message, code=code, fields={"applicant": messages})


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
        parameters=[_ID],
        responses={200: ApplicationDetailSerializer, **error_responses(401, 404)},
        tags=["applications"],
    ),
    create=extend_schema(
        summary="登记办件",
        description="窗口人员登记申请人(按证件号查找或新建)并登记办件,使用事项的现行发布版本。",
        request=ApplicationCreateSerializer,
        responses={
            201: ApplicationDetailSerializer,
            **error_responses(
                400,
                401,
                403,
                e400="输入无效:未知或未发布的事项(fields.item)、证件号码校验失败"
                "(code: invalid_applicant,fields.applicant)、材料编号无效等",
            ),
        },
        tags=["applications"],
    ),
)
class ApplicationViewSet(viewsets.GenericViewSet):
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
        return _detail(request, pk)

    def create(self, request):
        require_role(request.user, *CLERK)
        data = validated(ApplicationCreateSerializer, request)
        try:
            version = catalog_selectors.published_version_for(data["item"])
        except NotFound:
            raise InvalidInput(
                _("未找到该事项,或该事项未发布。"),
                code="unknown_item",
                fields={"item": [_("事项编码无效或事项未发布。")]},
            ) from None
        # Registration and submission commit together: a failed submit leaves no applicant.
        with transaction.atomic():
            person = data["applicant"]
            try:
                applicant = services.register_applicant(actor=request.user, **person)
            except InvalidInput as exc:
                raise _applicant_error(exc) from None
            app = services.submit(
                clerk=request.user,
                item_version=version,
                applicant=applicant,
                provided={m["material"]: m["provided"] for m in data["materials"]},
                content=data["content"],
            )
        return _detail(request, app.pk, status.HTTP_201_CREATED)

    @_transition_schema(
        "受理",
        AcceptSerializer,
        "window_clerk",
        e400="缺少必须提交的材料(code: materials_missing)、材料不可容缺(not_waivable)等",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *CLERK)
        data = validated(AcceptSerializer, request)
        services.accept(
            application_id=pk,
            clerk=request.user,
            waived=data["waived"],
            supply_by=data["supply_by"],
        )
        return _detail(request, pk)

    @_transition_schema(
        "核对材料(补正后登记已提交的材料)", RecordMaterialsSerializer, "window_clerk"
    )
    @action(detail=True, methods=["post"], url_path="record-materials")
    def record_materials(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *CLERK)
        data = validated(RecordMaterialsSerializer, request)
        services.record_materials(application_id=pk, clerk=request.user, provided=data["provided"])
        return _detail(request, pk)

    @_transition_schema("一次性告知补正", RequestCorrectionSerializer, "window_clerk")
    @action(detail=True, methods=["post"], url_path="request-correction")
    def request_correction(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *CLERK)
        data = validated(RequestCorrectionSerializer, request)
        services.request_correction(
            application_id=pk, clerk=request.user, missing=data["missing"], note=data["note"]
        )
        return _detail(request, pk)

    @_transition_schema(
        "不予受理", RefuseSerializer, "window_clerk", e400="未说明理由(code: reason_required)"
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *CLERK)
        data = validated(RefuseSerializer, request)
        services.refuse(application_id=pk, clerk=request.user, reason=data["reason"])
        return _detail(request, pk)

    @_transition_schema("开始审查", None, "reviewer")
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *REVIEWER)
        services.start_review(application_id=pk, reviewer=request.user)
        return _detail(request, pk)

    @_transition_schema(
        "提交审查意见",
        ReviewSerializer,
        "reviewer",
        e400="意见或建议缺失;需现场踏勘的事项未填踏勘记录(code: site_inspection_required)",
        e403="角色无权,或该办件由其他审查人员审查中(code: not_your_case)",
        e409="状态不允许,或特别程序进行中(code: paused)",
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *REVIEWER)
        data = validated(ReviewSerializer, request)
        services.review(
            application_id=pk,
            reviewer=request.user,
            opinion=data["opinion"],
            recommendation=data["recommendation"],
            site_inspection=data["site_inspection"],
        )
        return _detail(request, pk)

    @_transition_schema("启动特别程序(计时暂停)", PauseSerializer, "reviewer, approver")
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *PROCEDURE_ROLES)
        data = validated(PauseSerializer, request)
        services.start_special_procedure(
            application_id=pk, actor=request.user, kind=data["kind"], note=data["note"]
        )
        return _detail(request, pk)

    @_transition_schema("结束特别程序(办结期限顺延)", NoteSerializer, "reviewer, approver")
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *PROCEDURE_ROLES)
        data = validated(NoteSerializer, request)
        services.end_special_procedure(application_id=pk, actor=request.user, note=data["note"])
        return _detail(request, pk)

    @_transition_schema(
        "作出准予/不予许可决定",
        DecideSerializer,
        "approver",
        e400="不予许可未说明理由(code: reason_required)、有效期无效",
        e403="角色无权,或审批人即本案审查人(code: same_person)",
        e409="状态不允许(如已作出决定),或没有启用的审批专用章(code: no_active_seal)",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *APPROVER)
        data = validated(DecideSerializer, request)
        services.decide(
            application_id=pk,
            approver=request.user,
            approve=data["decision"] == "approve",
            reason=data["reason"],
            valid_until=data["valid_until"],
        )
        return _detail(request, pk)

    @_transition_schema(
        "补交容缺材料",
        SupplyWaivedSerializer,
        "window_clerk",
        e400="所选材料不是待补交的容缺材料(code: not_outstanding)",
    )
    @action(detail=True, methods=["post"], url_path="supply-waived")
    def supply_waived(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *CLERK)
        data = validated(SupplyWaivedSerializer, request)
        services.supply_waived(
            application_id=pk, clerk=request.user, material_ids=data["materials"]
        )
        return _detail(request, pk)

    @_transition_schema(
        "出件",
        DeliverSerializer,
        "window_clerk",
        e400="未填写领取人(code: collector_required)",
        e409="状态不允许,或容缺材料尚未补齐(code: waived_materials_outstanding)",
    )
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        pk = self._readable(pk)
        require_role(request.user, *CLERK)
        data = validated(DeliverSerializer, request)
        services.deliver(application_id=pk, clerk=request.user, collected_by=data["collected_by"])
        return _detail(request, pk)

    @extend_schema(
        summary="查看申请人完整证件号码",
        description="窗口、审查、审批人员可用;每次查看记入审计日志(view_id_number)。",
        parameters=[_ID],
        responses={200: ApplicantIdNumberSerializer, **error_responses(401, 403, 404)},
        tags=["applications"],
    )
    @action(detail=True, methods=["get"], url_path="applicant-id")
    def applicant_id(self, request, pk=None):
        app = selectors.applications_for(request.user).filter(pk=pk).first()
        if app is None:
            raise NotFound()
        require_role(request.user, *ID_NUMBER_READERS)
        applicant = app.applicant
        record_event(
            actor=request.user,
            obj=applicant,
            action="view_id_number",
            note=str(app),
            data={"application": app.pk},
        )
        response = Response(ApplicantIdNumberSerializer(applicant).data)
        response["Cache-Control"] = "no-store"
        return response


_NUMBER = OpenApiParameter(
    "number", OpenApiTypes.STR, OpenApiParameter.PATH, description="证件编号,如 XK2026000001"
)


def readable_permit(user, number: str) -> Permit:
    """The permit if the caller may read it: bureau roles and inspectors any, a liaison only one
    whose item version their department supervises (404 otherwise, as for a missing one)."""
    if has_role(user, *PERMIT_READERS):
        return selectors.permit_by_number(number)
    if not has_role(user, Role.LIAISON):
        raise NotAllowed()
    permit = selectors.permit_by_number(number)
    departments = catalog_selectors.liaison_departments(user).values("pk")
    if not permit.item_version.supervising_departments.filter(pk__in=departments).exists():
        raise NotFound()
    return permit


class PermitViewSet(viewsets.GenericViewSet):
    """行政许可证件: read one by number; later decisions on it (approver)."""

    serializer_class = PermitSerializer
    parser_classes = [JSONParser]
    lookup_field = "number"
    lookup_value_regex = r"[^/]{1,30}"
    queryset = Permit.objects.none()  # objects come from readable_permit(); for the schema

    @extend_schema(
        summary="证件详情",
        description=(
            "监察人员与审批局各角色可读任一证件;监管部门联络员仅可读本部门监管事项的证件。"
            "item 为 {code, name}。"
        ),
        parameters=[_NUMBER],
        responses={200: PermitSerializer, **error_responses(401, 403, 404)},
        tags=["permits"],
    )
    def retrieve(self, request, number=None):
        permit = readable_permit(request.user, number)
        return Response(PermitSerializer(permit).data)

    @extend_schema(
        summary="对证件作出决定(变更、延续、撤回、撤销、注销)",
        description="角色:approver。每项决定均有文号并加盖审批专用章;变更、延续颁发替代证件。",
        parameters=[_NUMBER],
        request=PermitActSerializer,
        responses={
            200: PermitActResultSerializer,
            **error_responses(400, 401, 403, 404, 409, e409="证件已非有效状态"),
        },
        tags=["permits"],
    )
    @action(detail=True, methods=["post"])
    def act(self, request, number=None):
        permit = readable_permit(request.user, number)
        require_role(request.user, *APPROVER)
        data = validated(PermitActSerializer, request)
        decision = services.act_on_permit(
            permit_number=permit.number,
            approver=request.user,
            kind=data["kind"],
            reason=data["reason"],
            content=data["content"],
            valid_until=data["valid_until"],
            holder_name=data["holder_name"],
        )
        acted = selectors.permit_by_number(permit.number)
        new = decision.permit if decision.permit_id != acted.pk else None
        result = {
            "decision_number": decision.number,
            "kind": decision.kind,
            "permit": PermitSerializer(acted).data,
            "new_permit": PermitSerializer(selectors.permit_by_number(new.number)).data
            if new
            else None,
        }
        return Response(result)
