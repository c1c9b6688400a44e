"""缴费 over the API: `GET /api/v1/applications/<id>/fees/` (the lines, the status, the payment)
and `POST` (record the payment, window clerk). Order of checks: role may not read -> 403;
unknown id -> 404; role may not record -> 403; bad body -> 400; then the service (its
DomainErrors become the contract's error body). Amounts are strings ("120.50"); a JSON number
is taken if it is a plain one, never an exponent, NaN or an infinity."""

import re

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals import selectors
from approvals.api._common import APPLICATION_ID
from approvals.limits import REASON_MAX
from approvals.models import Application, FeePayment
from approvals.models.fees import RECEIPT_NUMBER_MAX
from approvals.services import fees as services
from core.api import error_responses, validated
from core.errors import InvalidInput, NotFound
from core.parsers import JSONParser
from core.roles import require_role

TAG = ["applications"]
_LINE_FIELD = re.compile(r"(amount|reason)_[0-9]+")
MONEY_PATTERN = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$"


@extend_schema_field(
    {"type": "string", "pattern": MONEY_PATTERN, "example": "120.50", "maxLength": 13}
)
class MoneyField(serializers.Field):
    """元, two decimals at most, ASCII digits (approvals.services.fees.parse_money)."""

    def to_internal_value(self, data):
        try:
            return services.parse_money(data, field=self.field_name or "amount")
        except InvalidInput as exc:
            raise serializers.ValidationError(str(exc.message), code="invalid_amount") from None

    def to_representation(self, value):
        return f"{value:.2f}"


class FeeLineSerializer(serializers.Serializer):
    fee = serializers.IntegerField(source="pk", help_text="收费项目编号(用于登记时的 charges)")
    name = serializers.CharField()
    basis = serializers.CharField(help_text="收费依据")
    amount = MoneyField(help_text="收费标准(元)")


class FeeChargeSerializer(serializers.Serializer):
    fee = serializers.IntegerField(source="fee_id", allow_null=True)
    name = serializers.CharField()
    basis = serializers.CharField()
    standard_amount = MoneyField(help_text="收费标准(元)")
    amount = MoneyField(help_text="实收(元)")
    reduction_reason = serializers.CharField(help_text="减免理由;未减免时为空字符串")


class FeePaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    total_charged = MoneyField(help_text="应收合计(元)")
    amount_paid = MoneyField(help_text="实收金额(元)")
    method = serializers.ChoiceField(choices=FeePayment.Method.choices)
    receipt_number = serializers.CharField(help_text="财政票据号;全额减免时为空字符串")
    paid_at = serializers.DateTimeField()
    recorded_by = serializers.CharField(source="recorded_by.username")
    lines = FeeChargeSerializer(many=True, source="lines.all")


class FeesSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[(k, str(v)) for k, v in services.STATUS_LABELS.items()],
        help_text="free(不收费)| unpaid(待缴费)| paid(已缴费);出件时核验同一规则",
    )
    lines = FeeLineSerializer(many=True, help_text="事项版本的收费项目")
    total = MoneyField(help_text="收费标准合计(元)")
    payment = FeePaymentSerializer(allow_null=True)
    may_record = serializers.BooleanField(help_text="调用者现在能否登记缴费")


class ChargeInputSerializer(serializers.Serializer):
    fee = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="收费项目编号")
    amount = MoneyField(help_text="实收(元),不得高于收费标准")
    reduction_reason = serializers.CharField(
        max_length=REASON_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text="少于收费标准(减免)时必填",
    )


class FeePaymentInputSerializer(serializers.Serializer):
    amount_paid = MoneyField(help_text="实收金额(元),须等于各项实收之和")
    method = serializers.ChoiceField(
        choices=FeePayment.Method.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="cash | card | qr | transfer;全额减免时可省略",
    )
    receipt_number = serializers.CharField(
        max_length=RECEIPT_NUMBER_MAX,
        required=False,
        allow_blank=True,
        default="",
        help_text="财政票据号(字母、数字、连字符),同一年度内唯一;全额减免时可省略",
    )
    charges = ChargeInputSerializer(
        many=True,
        required=False,
        default=list,
        help_text="改动的收费项目;未列出的按收费标准收取",
    )

    def validate_charges(self, value):
        fees = [charge["fee"] for charge in value]
        if len(fees) != len(set(fees)):
            raise serializers.ValidationError("同一收费项目只能出现一次。")
        return value


def fees_data(app, user) -> dict:
    lines = services.fee_lines(app)
    payment = services.payment_of(app) if lines else None
    return {
        "status": services.fee_status(app),
        "lines": lines,
        "total": sum((fee.amount for fee in lines), 0),
        "payment": payment,
        "may_record": services.may_record(app, user),
    }


class ApplicationFeesView(APIView):
    """缴费: the fee lines of an application, its status, and the recorded payment."""

    parser_classes = [JSONParser]
    serializer_class = FeesSerializer

    def _app(self, pk):
        try:  # the readable applications (selectors.applications_for), without the detail's
            return selectors.applications_for(self.request.user).get(pk=pk)  # prefetches
        except Application.DoesNotExist:
            raise NotFound() from None

    def _answer(self, pk, status_code=status.HTTP_200_OK) -> Response:
        app = self._app(pk)
        return Response(FeesSerializer(fees_data(app, self.request.user)).data, status=status_code)

    @extend_schema(
        summary="办件的收费与缴费",
        description="角色:window_clerk、reviewer、approver、inspector。不收费事项 status 为 free。",
        parameters=[APPLICATION_ID],
        responses={200: FeesSerializer, **error_responses(400, 401, 403, 404)},
        tags=TAG,
        operation_id="applications_fees_retrieve",
    )
    def get(self, request, pk):
        require_role(request.user, *selectors.READERS)
        return self._answer(pk)

    @extend_schema(
        summary="登记缴费",
        description=(
            "角色:window_clerk。受理后、出件前登记(accepted、under_review、reviewed、approved)。"
            "每项实收不得高于收费标准,少收为减免须填理由;实收金额须等于各项之和;"
            "非零金额须有财政票据号(同一年度唯一)。同一票据号重复提交返回已登记的结果(200),"
            "不重复登记。已准予许可而未缴费的,出件被拒绝(code: fees_unpaid)。"
        ),
        parameters=[APPLICATION_ID],
        request=FeePaymentInputSerializer,
        responses={
            201: FeesSerializer,
            200: FeesSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                e400=(
                    "金额无效(invalid_amount)、减免无理由(reason_required)、实收与应收不符"
                    "(amount_mismatch)、缺票据号(receipt_number_required)等"
                ),
                e409=(
                    "状态不允许(invalid_transition)、已登记其他票据号(already_paid)、"
                    "票据号已用(receipt_number_used)、不收费事项(no_fees)"
                ),
            ),
        },
        tags=TAG,
        operation_id="applications_fees_create",
    )
    def post(self, request, pk):
        require_role(request.user, *selectors.READERS)
        app = self._app(pk)
        require_role(request.user, *services.FEE_ROLES)
        data = validated(FeePaymentInputSerializer, request)
        charges = {
            charge["fee"]: {"amount": charge["amount"], "reason": charge["reduction_reason"]}
            for charge in data["charges"]
        }
        try:
            payment = services.record_fee_payment(
                application_id=app.pk,
                actor=request.user,
                method=data["method"],
                receipt_number=data["receipt_number"],
                amount_paid=data["amount_paid"],
                charges=charges,
            )
        except InvalidInput as exc:
            raise _folded(exc) from None
        created = getattr(payment, "created_now", False)
        return self._answer(pk, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def _folded(exc: InvalidInput) -> InvalidInput:
    """The service names a line's fields amount_<fee id> / reason_<fee id> (the page's form);
    the API's body has them under `charges`."""
    fields: dict = {}
    for name, messages in (exc.fields or {}).items():
        key = "charges" if _LINE_FIELD.fullmatch(name) else name
        fields.setdefault(key, []).extend(str(m) for m in messages)
    return InvalidInput(exc.message, code=exc.code, fields=fields)
