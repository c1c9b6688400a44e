"""Read-mostly admin pages of approvals, for superusers and staff. State changes are services,
so statuses, numbers and the seal log are read-only here; only contact details and the seal's
wording may be edited, and those edits go through services too (audited)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from approvals import archive, services
from approvals.models import (
    Applicant,
    Application,
    ApplicationMaterial,
    Decision,
    DocumentCounter,
    IssuedDocument,
    Permit,
    Remedy,
    ReviewOpinion,
    Seal,
    SealUse,
    SpecialProcedure,
)
from approvals.validators import validate_phone
from core.admin import ReadOnlyAdmin, ReadOnlyInline


class ThroughServiceMixin:
    """save_model() hands the changed fields to a service instead of saving the row; the
    service checks them and writes the change with its AuditEvent. Refusals show on the form."""

    def save_through_service(self, request, obj, form):  # pragma: no cover - overridden
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if change and changes:
            self.save_through_service(request, obj, changes)


@admin.register(Seal)
class SealAdmin(ThroughServiceMixin, admin.ModelAdmin):
    list_display = ["name", "code", "document_prefix", "bureau_name", "active", "created_at"]
    list_filter = ["active"]
    # Which seal is active is install_seal()'s business: one active seal, audited.
    readonly_fields = ["code", "active", "created_at"]

    # What each series is for, shown on the page (templates/admin/approvals/seal/_about.html).
    PREFIX_USES = {
        "decision": _("准予 / 不予行政许可决定书及许可证的文号"),
        "receipt": _("受理通知书(受理时出具)"),
        "correction": _("补正材料通知书(一次性告知需补正的全部材料)"),
        "refusal": _("不予受理决定书"),
        "withdrawal": _("申请人撤回申请时出具的撤回通知书"),
        "termination": _("终止办理时出具的终止通知书"),
        "special_procedure": _("听证、检测、专家评审等特别程序告知书(告知申请人计时中止)"),
    }

    def _about_context(self, seal=None) -> dict:
        kinds = {"decision": "document_prefix"} | {
            kind: field for kind, (field, _mark) in Seal.NOTICE_PREFIXES.items()
        }
        rows = [
            (
                Seal._meta.get_field(field).verbose_name,
                self.PREFIX_USES.get(kind, ""),
                seal.prefix_for(kind) if seal is not None else "",
            )
            for kind, field in kinds.items()
        ]
        return {
            "active_seal": Seal.objects.filter(active=True).only("name", "code").first(),
            "prefix_rows": rows,
            "seal_prefixes": seal is not None,
        }

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**self._about_context(), **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        seal = self.get_object(request, unquote(object_id))
        context = {**self._about_context(seal), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_through_service(self, request, obj, changes):
        prefixes = {f: v for f, v in changes.items() if f in archive.PREFIX_FIELDS}
        wording = {f: v for f, v in changes.items() if f not in archive.PREFIX_FIELDS}
        if wording:
            services.update_seal(actor=request.user, seal_id=obj.pk, **wording)
        if prefixes:  # the notices' series (archive.update_seal_prefixes, audited too)
            archive.update_seal_prefixes(actor=request.user, seal_id=obj.pk, **prefixes)


class ApplicantAdminForm(forms.ModelForm):
    """联系电话 checked by the one rule (validators.validate_phone) when it is edited; a phone
    stored before that rule, left as it is, does not block another correction."""

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        if "phone" not in self.changed_data:
            return phone
        try:
            return validate_phone(phone)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


@admin.register(Applicant)
class ApplicantAdmin(ThroughServiceMixin, admin.ModelAdmin):
    form = ApplicantAdminForm
    list_display = ["name", "kind", "masked_id", "phone", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "=id_number", "phone"]
    readonly_fields = ["kind", "id_number", "created_at", "updated_at"]
    fields = ["kind", "name", "id_number", "phone", "address", "created_at", "updated_at"]

    @admin.display(description=_("证件号(脱敏)"))
    def masked_id(self, obj):
        return obj.masked_id_number

    def has_add_permission(self, request):
        return False  # applicants are registered at the window (services.register_applicant)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_through_service(self, request, obj, changes):
        services.update_applicant_contact(actor=request.user, applicant_id=obj.pk, **changes)


class MaterialInline(ReadOnlyInline):
    model = ApplicationMaterial
    fields = ["material", "state", "file", "supply_by", "supplied_at"]
    readonly_fields = fields


class OpinionInline(ReadOnlyInline):
    model = ReviewOpinion
    fields = ["reviewer", "recommendation", "opinion", "site_inspection", "created_at"]
    readonly_fields = fields


class ProcedureInline(ReadOnlyInline):
    model = SpecialProcedure
    fields = ["kind", "started_at", "ended_at", "working_days", "note"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "item_name",
        "applicant",
        "status",
        "submitted_at",
        "due_date",
        "paused",
    ]
    list_filter = ["status", "paused", "due_provisional", "item_version__category"]
    list_select_related = ["item_version", "applicant"]
    search_fields = [
        "receipt_number",
        "applicant__name",
        "=applicant__id_number",
        "item_version__name",
        "item_version__item__code",
    ]
    date_hierarchy = "submitted_at"
    inlines = [MaterialInline, OpinionInline, ProcedureInline]
    readonly_fields = [f.name for f in Application._meta.fields]

    @admin.display(description=_("事项"), ordering="item_version__name")
    def item_name(self, obj):
        return obj.item_version.name


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "application", "permit", "decided_by", "decided_at", "seal"]
    list_filter = ["kind", "year"]
    list_select_related = ["application", "permit", "decided_by", "seal"]
    search_fields = ["number", "application__receipt_number", "permit__number"]
    readonly_fields = [f.name for f in Decision._meta.fields]


@admin.register(Permit)
class PermitAdmin(ReadOnlyAdmin):
    list_display = ["number", "holder_name", "item_name", "status", "valid_from", "valid_until"]
    list_filter = ["status"]
    list_select_related = ["item_version"]
    search_fields = ["number", "holder_name", "application__receipt_number"]
    readonly_fields = [f.name for f in Permit._meta.fields]

    @admin.display(description=_("事项"), ordering="item_version__name")
    def item_name(self, obj):
        return obj.item_version.name


@admin.register(SealUse)
class SealUseAdmin(ReadOnlyAdmin):
    list_display = ["used_at", "seal", "kind", "number", "used_by"]
    list_filter = ["kind"]
    list_select_related = ["seal", "used_by"]
    search_fields = ["number", "decision__number"]
    readonly_fields = [f.name for f in SealUse._meta.fields]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    """电子档案: read-only; a document is issued by its service and never edited."""

    list_display = ["number", "title", "application", "issued_by", "issued_at", "short_sha"]
    list_filter = ["kind", "year"]
    list_select_related = ["application", "issued_by"]
    search_fields = ["number", "application__receipt_number"]
    exclude = ["html"]
    readonly_fields = [f.name for f in IssuedDocument._meta.fields if f.name != "html"]


@admin.register(DocumentCounter)
class DocumentCounterAdmin(ReadOnlyAdmin):
    list_display = ["series", "year", "last"]
    list_filter = ["series", "year"]
    readonly_fields = ["series", "year", "last"]


@admin.register(Remedy)
class RemedyAdmin(ReadOnlyAdmin):
    """复议应诉: read-only; recorded, replied and closed through approvals.services.remedies."""

    list_display = ["case_number", "kind", "body", "decision", "received_on", "reply_due_on"]
    list_display += ["status", "outcome", "follow_up"]
    list_filter = ["kind", "status", "outcome", "follow_up"]
    list_select_related = ["decision"]
    search_fields = ["case_number", "claimant", "decision__number"]
    readonly_fields = [f.name for f in Remedy._meta.fields]


# --- later decisions on a permit (procedures): read-only, the services write them -----------------
from approvals.models import PermitProcedure  # noqa: E402  (appended by its part)


@admin.register(PermitProcedure)
class PermitProcedureAdmin(ReadOnlyAdmin):
    list_display = ["pk", "permit", "kind", "source", "status", "started_by", "started_at"]
    list_filter = ["kind", "source", "status"]
    list_select_related = ["permit", "started_by"]
    search_fields = ["permit__number", "source_ref", "decision__number"]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in PermitProcedure._meta.fields]


# --- 缴费 (the fees part): read-only, approvals.services.fees.record_fee_payment writes them -----
from approvals.models import FeeCharge, FeePayment  # noqa: E402  (appended by its part)


class FeeChargeInline(ReadOnlyInline):
    model = FeeCharge
    fields = ["position", "name", "basis", "standard_amount", "amount", "reduction_reason"]
    readonly_fields = fields


@admin.register(FeePayment)
class FeePaymentAdmin(ReadOnlyAdmin):
    list_display = ["receipt_number", "application", "amount_paid", "method", "paid_at"]
    list_display += ["recorded_by"]
    list_filter = ["method", "year"]
    list_select_related = ["application", "recorded_by"]
    search_fields = ["receipt_number", "application__receipt_number"]
    date_hierarchy = "paid_at"
    readonly_fields = [f.name for f in FeePayment._meta.fields]
    inlines = [FeeChargeInline]
