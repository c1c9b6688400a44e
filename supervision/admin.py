"""Admin of the supervision app: department webhook endpoints are configured here (catalog_admin);
deliveries, pushes, reports and notifications are read-only (their state changes go through
supervision.services). The holder's ID number, phone and address are masked, in a push and in a
stored webhook body alike; the full body is shown only to those who may see the holder's ID
number, through the audited supervision.services.reveal_delivery_body."""

import secrets

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from approvals.validators import mask_id_number
from core.admin import ReadOnlyAdmin
from core.errors import NotAllowed
from supervision.masking import mask_address, mask_phone
from supervision.models import (
    Notification,
    Push,
    SupervisionReport,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from supervision.services.deliveries import (
    masked_delivery_body,
    may_see_holder_data,
    reveal_delivery_body,
)
from supervision.services.endpoints import (
    create_webhook_endpoint,
    mask_secret,
    update_webhook_endpoint,
)

# --- webhook endpoints ----------------------------------------------------------------------------


class WebhookEndpointForm(forms.ModelForm):
    """The secret is shown once, when the endpoint is added (give it to the department); after
    that it is never displayed, and a blank field keeps it."""

    url = forms.URLField(label=_("接收地址"), max_length=500, assume_scheme="https")
    secret = forms.CharField(
        label=_("签名密钥"),
        max_length=200,
        required=False,
        help_text=_(
            "HMAC-SHA256 签名密钥,部门系统用它校验 X-OneSeal-Signature。新增时已随机生成,"
            "请复制交给部门;保存后不再显示。修改时留空则保持原密钥。"
        ),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["department", "url", "secret", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["secret"].widget = forms.PasswordInput(render_value=False)
            self.initial["secret"] = ""
        else:
            self.initial.setdefault("secret", secrets.token_urlsafe(32))

    def clean_secret(self):
        value = (self.cleaned_data.get("secret") or "").strip()
        if not value:
            if self.instance.pk:
                return self.instance.secret
            raise forms.ValidationError(_("必填。"))
        if len(value) < 16:
            raise forms.ValidationError(_("密钥至少 16 个字符。"))
        return value

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("只支持 http 或 https 地址。"))
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "department", "active", "masked_secret", "created_at"]
    list_filter = ["active", "department"]
    search_fields = ["url", "department__name", "department__code"]
    list_select_related = ["department"]
    readonly_fields = ["created_at"]

    @admin.display(description=_("签名密钥"))
    def masked_secret(self, obj):
        return mask_secret(obj.secret)

    def save_model(self, request, obj, form, change):
        """Through the service: audited, the secret never in the event."""
        fields = {
            "department": obj.department,
            "url": obj.url,
            "secret": obj.secret,
            "active": obj.active,
        }
        if change:
            update_webhook_endpoint(actor=request.user, endpoint_id=obj.pk, **fields)
            return
        endpoint = create_webhook_endpoint(actor=request.user, **fields)
        obj.pk, obj.created_at = endpoint.pk, endpoint.created_at
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        # Deliveries keep a reference to the endpoint (their log); deactivate instead.
        return False


# --- webhook deliveries ---------------------------------------------------------------------------


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["at", "status_code", "error", "duration_ms"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "event",
        "department",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "created_at",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event", "department"]
    search_fields = ["=id", "endpoint__url"]
    list_select_related = ["department", "endpoint"]
    date_hierarchy = "created_at"
    fields = [
        "id",
        "event",
        "department",
        "endpoint",
        "push",
        "report",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "delivered_at",
        "last_status_code",
        "masked_body",
    ]
    readonly_fields = fields
    inlines = [WebhookAttemptInline]

    @admin.display(description=_("报文(个人信息已脱敏)"))
    def masked_body(self, obj):
        link = ""
        if obj.body and obj.push_id:
            link = format_html(
                '<p><a href="{}">{}</a></p>',
                reverse("admin:supervision_webhookdelivery_body", args=[obj.pk]),
                _("查看完整报文(仅限有权查看完整身份证号码的人员,记入审计日志)"),
            )
        return format_html("<pre>{}</pre>{}", masked_delivery_body(obj), link)

    def get_urls(self):
        view = self.admin_site.admin_view(self.full_body_view)
        return [
            path("<path:object_id>/body/", view, name="supervision_webhookdelivery_body"),
            *super().get_urls(),
        ]

    def full_body_view(self, request, object_id):
        """GET: what a look at the full body means; POST: the body, audited (a GET writes
        nothing). 403 for anyone who may not see the holder's full ID number."""
        delivery = self.get_object(request, unquote(object_id))
        if delivery is None or not self.has_view_permission(request, delivery):
            raise Http404
        allowed = delivery.push_id is None or may_see_holder_data(request.user, delivery.push_id)
        if not allowed:
            raise PermissionDenied
        body = None
        if request.method == "POST":
            try:
                body = reveal_delivery_body(user=request.user, delivery=delivery)
            except NotAllowed:
                raise PermissionDenied from None
        response = TemplateResponse(
            request,
            "admin/supervision/webhookdelivery/full_body.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": delivery,
                "title": _("完整报文"),
                "body": body,
            },
        )
        response["Cache-Control"] = "no-store"
        return response


# --- pushes, reports, notifications ---------------------------------------------------------------


_MASKED_SNAPSHOT = {
    "holder_id_number": "masked_id_number",
    "holder_phone": "masked_phone",
    "holder_address": "masked_address",
}


@admin.register(Push)
class PushAdmin(ReadOnlyAdmin):
    list_display = [
        "decision_number",
        "item_name",
        "holder_name",
        "department",
        "status",
        "pushed_at",
        "claim_deadline",
        "claimed_at",
        "late",
        "overdue_flagged_at",
    ]
    list_filter = ["status", "department", "late"]
    search_fields = ["decision_number", "permit_number", "holder_name", "item_name"]
    list_select_related = ["department"]
    date_hierarchy = "pushed_at"
    # Not the raw holder_id_number, phone or address: the admin shows them masked, like every list.
    fields = [
        "department",
        "status",
        *(_MASKED_SNAPSHOT.get(f, f) for f in Push.SNAPSHOT_FIELDS),
        "pushed_at",
        "claim_deadline",
        "deadline_provisional",
        "claimed_at",
        "claimed_by",
        "late",
        "feedback",
        "feedback_at",
        "feedback_by",
        "return_reason",
        "returned_at",
        "returned_by",
        "rerouted_from",
        "overdue_flagged_at",
        "notified_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("身份证号码或统一社会信用代码(脱敏)"))
    def masked_id_number(self, obj):
        return mask_id_number(obj.holder_id_number)

    @admin.display(description=_("联系方式(脱敏)"))
    def masked_phone(self, obj):
        return mask_phone(obj.holder_phone)

    @admin.display(description=_("地址(脱敏)"))
    def masked_address(self, obj):
        return mask_address(obj.holder_address)


@admin.register(SupervisionReport)
class SupervisionReportAdmin(ReadOnlyAdmin):
    list_display = [
        "decision_number",
        "permit",
        "department",
        "kind",
        "status",
        "pushed_at",
        "late",
        "claim_deadline",
        "claimed_at",
        "claim_late",
    ]
    list_filter = ["status", "kind", "department", "late", "claim_late"]
    search_fields = ["decision_number", "permit__number", "summary"]
    list_select_related = ["department", "permit"]
    date_hierarchy = "pushed_at"
    exclude = ["attachment"]  # files are served to those in scope by the report page only

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "attachment"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["subject", "recipient", "created_at", "emailed_at", "read_at"]
    list_filter = ["read_at", "emailed_at"]
    search_fields = ["subject", "recipient__username"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "recipient",
        "subject",
        "body",
        "link",
        "created_at",
        "emailed_at",
        "read_at",
    ]
