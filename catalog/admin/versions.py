"""Item versions in the admin: a draft is edited (fields, materials, fees) and published; a
published, superseded or withdrawn version is read-only; history is for reading."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from catalog import services
from catalog.admin.common import (
    DomainErrorsAsMessages,
    ItemVersionForm,
    _start_drafts,
    _withdraw,
    error_text,
)
from catalog.models import Fee, Item, ItemVersion, Material, ProcedureStep
from catalog.services.step_rules import step_limits_problem
from catalog.services.steps import save_draft_steps
from core.admin import CheckedIdsAdmin
from core.errors import DomainError

Status = ItemVersion.Status


class _DraftOnlyInline(admin.TabularInline):
    """Rows of a version: editable while the version is a draft, read-only afterwards."""

    def _editable(self, request, obj, perm):
        return perm and obj is not None and obj.is_editable

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj, super().has_add_permission(request, obj))

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj, super().has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj, super().has_delete_permission(request, obj))

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is not None and obj.is_editable else 0


class MaterialInline(_DraftOnlyInline):
    model = Material
    fields = ("position", "name", "original_count", "copy_count", "required", "waivable", "note")


class FeeInline(_DraftOnlyInline):
    model = Fee
    fields = ("name", "amount", "basis")


class ProcedureStepFormSet(forms.BaseInlineFormSet):
    """The steps' limits fit in the committed limit (step_rules): a Chinese error above the
    step table, checked against the committed limit the version form is saving."""

    def clean(self):
        super().clean()
        kept = [
            f
            for f in self.forms
            if f.has_changed() or f.instance.pk is not None
            if not (self.can_delete and self._should_delete_form(f))
            if getattr(f, "cleaned_data", None)
        ]
        problem = step_limits_problem(
            self.instance.committed_limit_days,
            (f.cleaned_data.get("limit_days") or 0 for f in kept),
        )
        if problem:
            raise forms.ValidationError(problem, code="steps_over_limit")


class ProcedureStepInline(_DraftOnlyInline):
    """程序清单: the version's steps, each with its post, requirements and limit."""

    model = ProcedureStep
    formset = ProcedureStepFormSet
    fields = ("position", "name", "stage", "post", "limit_days", "requirements")
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
    }


@admin.register(ItemVersion)
class ItemVersionAdmin(DomainErrorsAsMessages, CheckedIdsAdmin, SimpleHistoryAdmin):
    form = ItemVersionForm  # the committed-limit constraint's error at its field
    list_display = (
        "item_code",
        "name",
        "number",
        "status",
        "category",
        "departments",
        "committed_limit_days",
        "published_at",
    )
    list_display_links = ("item_code", "name")
    list_select_related = ("item",)
    search_fields = ("item__code", "name")
    list_filter = (
        "status",
        "category",
        "supervising_departments",
        "instant",
        "notice_commitment",
    )
    filter_horizontal = ("supervising_departments", "related_items")
    inlines = [MaterialInline, FeeInline, ProcedureStepInline]
    actions = ["publish_action", "start_draft_action", "withdraw_action"]
    history_list_display = ["number", "status"]
    list_per_page = 100
    readonly_fields = (
        "item",
        "number",
        "status",
        "publication_check",
        "published_at",
        "published_by",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
        "updated_at",
        "child_history",
    )
    fieldsets = (
        (None, {"fields": ("item", "number", "status", "publication_check")}),
        (
            gettext_lazy("基本信息"),
            {"fields": ("name", "category", "legal_basis")},
        ),
        (
            gettext_lazy("办事指南"),
            {"fields": ("conditions", "review_standard", "procedure", "responsible_post")},
        ),
        (
            gettext_lazy("时限与办理方式"),
            {
                "fields": (
                    "statutory_limit_days",
                    "committed_limit_days",
                    "instant",
                    "notice_commitment",
                    "commitment_check_method",
                    "commitment_check_days",
                    "site_inspection",
                    "permit_validity_years",
                )
            },
        ),
        (
            gettext_lazy("审管职责边界"),
            {
                "fields": (
                    "approval_duty",
                    "supervision_matters",
                    "supervision_duty",
                    "feedback_limit_days",
                ),
                "description": gettext_lazy(
                    "写明审批局审批什么、监管部门认领后监管什么、承担什么责任;推送时一并送达监管部门。"
                ),
            },
        ),
        (
            gettext_lazy("办理地点与咨询方式"),
            {
                "fields": ("contact_location", "contact_hours", "contact_phone"),
                "description": gettext_lazy("留空的项目在办事指南中显示办事大厅信息。"),
            },
        ),
        (
            gettext_lazy("部门与关联事项"),
            {
                "fields": (
                    "transferred",
                    "handling_department",
                    "supervising_departments",
                    "related_items",
                )
            },
        ),
        (
            gettext_lazy("发布"),
            {
                "fields": (
                    "change_note",
                    "published_at",
                    "published_by",
                    "withdrawn_at",
                    "withdrawn_by",
                    "withdrawal_reason",
                    "updated_at",
                    "child_history",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("supervising_departments")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related_items":
            # Item.__str__ reads the published version: load it with the choices.
            kwargs["queryset"] = Item.objects.select_related("published_version")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("事项编码"), ordering="item__code")
    def item_code(self, obj):
        return obj.item.code

    @admin.display(description=gettext_lazy("监管部门"))
    def departments(self, obj):
        return "、".join(d.name for d in obj.supervising_departments.all()) or "—"

    @admin.display(description=gettext_lazy("发布检查"))
    def publication_check(self, obj):
        if obj is None or obj.pk is None or not obj.is_editable:
            return "—"
        problems = services.publication_problems(obj)
        if not problems:
            return _("内容完整,可以发布。")
        return error_text(DomainError(_("尚不能发布"), fields=problems))

    @admin.display(description=gettext_lazy("材料与收费变更记录"))
    def child_history(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        rows = []
        kinds = {"+": _("新增"), "~": _("修改"), "-": _("删除")}
        for model, label in ((Material, _("材料")), (Fee, _("收费"))):
            for h in model.history.filter(version_id=obj.pk).select_related("history_user")[:50]:
                user = h.history_user
                who = (user.get_full_name() or user.get_username()) if user else _("系统")
                rows.append(
                    (
                        h.history_date,
                        timezone.localtime(h.history_date).strftime("%Y-%m-%d %H:%M"),
                        who,
                        f"{kinds.get(h.history_type, h.history_type)}{label}",
                        h.name,
                    )
                )
        if not rows:
            return "—"
        rows.sort(key=lambda r: r[0], reverse=True)
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{} {} {}:{}</li>", (r[1:] for r in rows)),
        )

    # published, superseded and withdrawn versions are frozen
    def has_add_permission(self, request):
        return False  # versions come from “新增事项” or “基于现行版本创建草稿”

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and obj is not None and obj.is_editable

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def revert_disabled(self, request, obj=None):
        return True  # history is for reading; a change is a new draft

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            raise PermissionDenied
        services.save_draft(version=obj, actor=request.user, changed_fields=form.changed_data)

    def save_formset(self, request, form, formset, change):
        # The material and fee tables go through their services (one audit event each); the
        # formset only says which rows were added, changed or deleted.
        save = {
            Material: services.save_draft_materials,
            Fee: services.save_draft_fees,
            ProcedureStep: save_draft_steps,
        }
        saved = formset.save(commit=False)
        save[formset.model](
            version=form.instance,
            actor=request.user,
            saved=saved,
            deleted=formset.deleted_objects,
        )

    def delete_model(self, request, obj):
        services.discard_draft(version=obj, actor=request.user)

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(request, _("草稿已删除。"), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:catalog_itemversion_changelist"))

    @admin.action(description=gettext_lazy("发布所选草稿"))
    def publish_action(self, request, queryset):
        published = []
        for version in queryset.select_related("item").order_by("item__code"):
            try:
                published.append(services.publish(version=version, actor=request.user))
            except DomainError as exc:
                self.message_user(request, f"{version.item.code}:{error_text(exc)}", messages.ERROR)
        for version in published:
            self.message_user(
                request,
                _("已发布 %(code)s %(name)s 第 %(n)s 版。")
                % {"code": version.item.code, "name": version.name, "n": version.number},
                messages.SUCCESS,
            )

    @admin.action(description=gettext_lazy("基于现行版本创建草稿"))
    def start_draft_action(self, request, queryset):
        items = Item.objects.filter(pk__in=queryset.values("item_id")).order_by("code")
        return _start_drafts(self, request, list(items))

    @admin.action(description=gettext_lazy("停用所选事项"))
    def withdraw_action(self, request, queryset):
        items = list(Item.objects.filter(pk__in=queryset.values("item_id")).order_by("code"))
        selected = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        return _withdraw(self, request, items, selected)
