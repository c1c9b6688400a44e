"""Serializers of the applications and permits API: the responses, then the request bodies."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from approvals import selectors
from approvals.limits import (
    ADDRESS_MAX,
    COLLECTOR_MAX,
    CONTENT_MAX,
    INSPECTION_MAX,
    NAME_MAX,
    NOTE_MAX,
    OPINION_MAX,
    PHONE_MAX,
    REASON_MAX,
)
from approvals.models import (
    Applicant,
    Application,
    ApplicationMaterial,
    ApplicationParty,
    Decision,
    Permit,
    ReviewOpinion,
    SpecialProcedure,
)
from approvals.models.parties import parties_of
from approvals.services.credit import intake_warning
from approvals.steps import current_step
from approvals.validators import PHONE_HELP, validate_phone
from approvals.verification import verify_url
from approvals.workflow import Action, allowed_actions
from audit.services import events_for
from core.text import normalize_text

# Database ids in request bodies: bounded so a huge number is a 400, not a database overflow.
MAX_ID = 2**31 - 1
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
            help_text="valid | changed | suspended | withdrawn | revoked | cancelled | expired;"
            "suspended 为责令停产停业期间(恢复后回到 valid);"
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


class PartyLetterSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name", help_text="授权委托书原文件名")
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class PartySerializer(serializers.ModelSerializer):
    """当事人 (经办人 / 法定代表人) of an application; the ID number masked as in lists."""

    id_number = serializers.CharField(
        source="masked_id_number", help_text="脱敏的身份证号码(前 6 后 4 位);未填写时为空"
    )
    authorization_letter = PartyLetterSerializer(
        allow_null=True, help_text="经办人的授权委托书(电子要件);法定代表人为 null"
    )

    class Meta:
        model = ApplicationParty
        fields = ["name", "id_number", "phone", "authorization_letter", "letter_checked_on_paper"]
        read_only_fields = fields


class CurrentStepSerializer(serializers.Serializer):
    """The 程序清单 step a case is at (approvals.steps.current_step), from its version's steps."""

    position = serializers.IntegerField(help_text="环节序号")
    name = serializers.CharField(help_text="环节名称")
    stage = serializers.CharField(help_text="对应办理阶段:intake | review | decision | delivery")
    post = serializers.CharField(help_text="承办岗位/机构")
    limit_days = serializers.IntegerField(help_text="办理时限(工作日);0 表示即时/当场办理")


def _party(app, role) -> dict | None:
    """The application's party of this role; the parties are read once per application."""
    party = next((p for p in parties_of(app) if p.role == role), None)
    return PartySerializer(party).data if party else None


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
    agent = serializers.SerializerMethodField()
    legal_representative = serializers.SerializerMethodField()
    current_step = serializers.SerializerMethodField()
    # issue 14, checks: the window's warning at intake while a 失信记录 stands ("" when none)
    credit_warning = serializers.SerializerMethodField(
        help_text="该申请人有失信记录时的提示(不得告知承诺、不得容缺受理);没有时为空"
    )

    class Meta(ApplicationSerializer.Meta):
        fields = [
            *ApplicationSerializer.Meta.fields,
            "credit_warning",
            "content",
            "materials",
            "correction_note",
            "correction_deadline",
            "correction_supplied_at",
            "refusal_reason",
            "sent_back_at",
            "send_back_reason",
            "closed_at",
            "closure_reason",
            "deemed_withdrawn",
            "collected_by",
            "decision_number",
            "permit",
            "timeline",
            "allowed_actions",
            "agent",
            "legal_representative",
            "current_step",
        ]
        read_only_fields = fields

    @extend_schema_field(
        CurrentStepSerializer(
            allow_null=True,
            help_text="办件当前所处的办理环节(程序清单);事项版本无环节、已办结或已终结时为 null",
        )
    )
    def get_current_step(self, app):
        step = current_step(app)  # one query: the version's steps
        return CurrentStepSerializer(step).data if step is not None else None

    def get_credit_warning(self, app) -> str:
        return intake_warning(app)

    @extend_schema_field(PartySerializer(allow_null=True, help_text="经办人;本人办理时为 null"))
    def get_agent(self, app):
        return _party(app, ApplicationParty.Role.AGENT)

    @extend_schema_field(PartySerializer(allow_null=True, help_text="法定代表人;未登记时为 null"))
    def get_legal_representative(self, app):
        return _party(app, ApplicationParty.Role.LEGAL_REPRESENTATIVE)

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


class TextField(serializers.CharField):
    """A text as the services store it (core.text.normalize_text) before the blank and length
    checks: zero-width characters alone are blank, and the limit counts what is kept."""

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str):
            data = normalize_text(data)
        return super().run_validation(data)


def _text(limit: int, **kwargs):
    return TextField(max_length=limit, **kwargs)


def _optional_text(limit: int, **kwargs):
    return _text(limit, required=False, allow_blank=True, default="", **kwargs)


def _date_field(**kwargs):
    return serializers.DateField(input_formats=_DATE_FORMATS, **kwargs)


class ApplicantInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Applicant.Kind.choices)
    name = _text(NAME_MAX)
    id_number = serializers.CharField(
        max_length=40,
        help_text="自然人:18 位身份证号码(GB 11643 校验位,x 视同 X);"
        "组织:18 位统一社会信用代码(GB 32100 校验位)",
    )
    phone = _optional_text(PHONE_MAX, help_text=PHONE_HELP)
    address = _optional_text(ADDRESS_MAX)

    def validate_phone(self, value):
        return _phone(value)


def _phone(value: str) -> str:
    """approvals.validators.validate_phone, its message as the field's error."""
    try:
        return validate_phone(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages[0], code="invalid_phone") from None


class PartyInputSerializer(serializers.Serializer):
    """法定代表人 (organisations): name; the ID number and the phone are checked when given."""

    name = _text(NAME_MAX)
    id_number = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="18 位居民身份证号码(GB 11643 校验位)",
    )
    phone = _optional_text(PHONE_MAX, help_text=PHONE_HELP)

    def validate_phone(self, value):
        return _phone(value)


class AgentInputSerializer(PartyInputSerializer):
    """经办人 (委托代理人办理): name, 身份证号码 and phone required. The API takes no file
    uploads, so the authorisation letter is the paper original the clerk checked."""

    id_number = serializers.CharField(
        max_length=40, help_text="18 位居民身份证号码(GB 11643 校验位)"
    )
    phone = _text(PHONE_MAX, help_text=PHONE_HELP)
    authorization_letter_checked = serializers.BooleanField(
        default=False,
        help_text="已在窗口核验申请人签署的授权委托书原件;委托代理人办理时必须为 true",
    )


class MaterialInputSerializer(serializers.Serializer):
    material = _id_field(help_text="事项材料编号")
    provided = serializers.BooleanField(default=True)


class ApplicationCreateSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=40, help_text="事项编码;使用其现行发布版本")
    applicant = ApplicantInputSerializer()
    materials = MaterialInputSerializer(many=True, required=False, default=list)
    content = _optional_text(CONTENT_MAX)
    agent = AgentInputSerializer(
        required=False, allow_null=True, default=None, help_text="经办人;本人办理时省略或为 null"
    )
    legal_representative = PartyInputSerializer(
        required=False, allow_null=True, default=None, help_text="法定代表人(仅限组织申请人)"
    )


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
    note = _optional_text(REASON_MAX)


class RefuseSerializer(serializers.Serializer):
    reason = _text(REASON_MAX, allow_blank=True)


class ReasonSerializer(serializers.Serializer):
    """退回重审 / 撤回申请 / 终止: the reason is required (the service says so, code
    reason_required, for a missing one too)."""

    reason = _optional_text(REASON_MAX)


class ReviewSerializer(serializers.Serializer):
    opinion = _text(OPINION_MAX, allow_blank=True)
    recommendation = serializers.ChoiceField(choices=ReviewOpinion.Recommendation.choices)
    site_inspection = _optional_text(INSPECTION_MAX)


class PauseSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SpecialProcedure.Kind.choices)
    note = _optional_text(NOTE_MAX)


class NoteSerializer(serializers.Serializer):
    note = _optional_text(NOTE_MAX)


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=DECISIONS)
    reason = _optional_text(REASON_MAX)
    valid_until = _date_field(required=False, allow_null=True, default=None)


class SupplyWaivedSerializer(serializers.Serializer):
    materials = serializers.ListField(child=_id_field(), allow_empty=False)


class DeliverSerializer(serializers.Serializer):
    collected_by = _text(COLLECTOR_MAX, allow_blank=True)


class PermitActSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PERMIT_ACTS)
    reason = _text(REASON_MAX, allow_blank=True)
    content = _optional_text(CONTENT_MAX)
    valid_until = _date_field(required=False, allow_null=True, default=None)
    # Not normalised here: a name typed with nothing visible is refused by the service, while
    # an empty one keeps the holder's name.
    holder_name = serializers.CharField(
        max_length=NAME_MAX,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="变更持证人名称时填写",
    )
