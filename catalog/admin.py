"""Catalog admin for catalog_admin users: items, their versions (drafts editable, published ones
read-only), the publish / withdraw / new-draft actions, history, and the catalog file
(xlsx / csv import and export). Every change goes through catalog.services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.admin import GuardedModelAdmin
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from catalog import services
from catalog.models import Department, Fee, Item, ItemVersion, Material
from catalog.resources import CatalogResource
from catalog.selectors import items_for_export, with_versions
from core.errors import DomainError
from core.roles import Role, has_role

Status = ItemVersion.Status


@admin.register(Department)
class DepartmentAdmin(GuardedModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


def error_text(exc: DomainError) -> str:
    """A domain error as one Chinese sentence, field messages included."""
    text = str(exc.message)
    if exc.fields:
        details = []
        for field, msgs in exc.fields.items():
            try:
                label = str(ItemVersion._meta.get_field(field).verbose_name)
            except Exception:
                label = {
                    "materials": _("申请材料"),
                    "fees": _("收费项目"),
                    "reason": _("原因"),
                }.get(field, field)
            details.append(f"{label}:{''.join(str(m) for m in msgs)}")
        text = f"{text}({';'.join(details)})"
    return text


# --- shared actions -------------------------------------------------------------------------


def _start_drafts(modeladmin, request, items):
    made = []
    for item in items:
        try:
            made.append(services.start_draft(item=item, actor=request.user))
        except DomainError as exc:
            modeladmin.message_user(request, f"{item.code}:{error_text(exc)}", messages.ERROR)
    for draft in made:
        modeladmin.message_user(
            request,
            _("已为 %(code)s 创建草稿,请编辑后发布。") % {"code": draft.item.code},
            messages.SUCCESS,
        )
    if len(made) == 1:
        return HttpResponseRedirect(reverse("admin:catalog_itemversion_change", args=[made[0].pk]))
    return None


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("停用原因"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


def _withdraw(modeladmin, request, items, selected_ids):
    """First call: a page asking for the reason; second call (apply): withdraw each item."""
    form = WithdrawForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        done = 0
        for item in items:
            try:
                services.withdraw(item=item, actor=request.user, reason=form.cleaned_data["reason"])
                done += 1
            except DomainError as exc:
                modeladmin.message_user(request, f"{item.code}:{error_text(exc)}", messages.ERROR)
        if done:
            modeladmin.message_user(
                request, _("已停用 %(n)s 个事项。") % {"n": done}, messages.SUCCESS
            )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("停用所选事项"),
        "opts": modeladmin.model._meta,
        "items": items,
        "form": form,
        "selected_ids": selected_ids,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "catalog/admin/withdraw_confirm.html", context)


class DomainErrorsAsMessages:
    """Admin views that call services show a refused change as a Chinese message instead of a
    server error (e.g. a draft published by someone else while this form was open)."""

    def _guard(self, request, view, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._guard(request, super().changeform_view, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(
                reverse(f"admin:catalog_{self.model._meta.model_name}_changelist")
            )


# --- items ----------------------------------------------------------------------------------


class ItemStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("状态")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("published", _("已发布")),
            ("draft", _("有待发布的草稿")),
            ("unpublished", _("未发布或已停用")),
        ]

    def queryset(self, request, queryset):
        drafts = ItemVersion.objects.filter(item=OuterRef("pk"), status=Status.DRAFT)
        if self.value() == "published":
            return queryset.filter(published_version__isnull=False)
        if self.value() == "draft":
            return queryset.filter(Exists(drafts))
        if self.value() == "unpublished":
            return queryset.filter(published_version__isnull=True)
        return queryset


class ItemAddForm(forms.ModelForm):
    """A new item: its code and the least content its first draft needs."""

    name = forms.CharField(label=gettext_lazy("事项名称"), max_length=200)
    category = forms.CharField(label=gettext_lazy("事项类别"), max_length=50)
    legal_basis = forms.CharField(label=gettext_lazy("设定依据"), widget=forms.Textarea)
    statutory_limit_days = forms.IntegerField(
        label=gettext_lazy("法定时限(工作日)"), min_value=0, max_value=32767
    )
    committed_limit_days = forms.IntegerField(
        label=gettext_lazy("承诺时限(工作日)"), min_value=0, max_value=32767
    )

    class Meta:
        model = Item
        fields = ["code"]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not services.CODE_RE.match(code):
            raise forms.ValidationError(_("事项编码为 1-40 位字母、数字、“-”“_”或“.”。"))
        return code

    def clean(self):
        data = super().clean()
        statutory, committed = data.get("statutory_limit_days"), data.get("committed_limit_days")
        if statutory is not None and committed is not None and committed > statutory:
            self.add_error("committed_limit_days", _("承诺时限不能超过法定时限。"))
        return data


@admin.register(Item)
class ItemAdmin(DomainErrorsAsMessages, ImportExportModelAdmin):
    list_display = (
        "code",
        "current_name",
        "current_number",
        "current_status",
        "current_category",
        "current_departments",
    )
    list_display_links = ("code", "current_name")
    search_fields = ("code", "versions__name")
    list_filter = (ItemStatusFilter,)
    actions = ["start_draft_action", "withdraw_action"]
    resource_classes = [CatalogResource]
    formats = [XLSX, CSV]
    to_encoding = "utf-8-sig"  # Excel opens a UTF-8 CSV with Chinese only with the BOM
    export_form_class = ExportForm  # every column, always: the file must import back as is
    list_per_page = 100

    def get_queryset(self, request):
        return with_versions(super().get_queryset(request))

    def get_export_queryset(self, request):
        return items_for_export(super().get_export_queryset(request))

    def get_export_filename(self, request, queryset, file_format):
        return f"catalog-{timezone.localdate():%Y%m%d}.{file_format.get_extension()}"

    def has_import_permission(self, request):
        return has_role(request.user, Role.CATALOG_ADMIN)

    def has_delete_permission(self, request, obj=None):
        return False  # an item stays; withdraw it instead

    def has_change_permission(self, request, obj=None):
        # The item page only shows its versions; content is edited on a draft version.
        return obj is None and super().has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # the current version in list columns (prefetched: no query per row)
    def _current(self, obj):
        if not hasattr(obj, "_current_version"):
            obj._current_version = obj.current_version()
        return obj._current_version

    @admin.display(description=gettext_lazy("事项名称"))
    def current_name(self, obj):
        version = self._current(obj)
        return version.name if version else "—"

    @admin.display(description=gettext_lazy("版本号"))
    def current_number(self, obj):
        version = self._current(obj)
        return version.number if version and version.number else "—"

    @admin.display(description=gettext_lazy("状态"))
    def current_status(self, obj):
        version = self._current(obj)
        if version is None:
            return "—"
        label = version.get_status_display()
        if version.status == Status.PUBLISHED and any(
            v.status == Status.DRAFT for v in obj.versions.all()
        ):
            label = _("%(status)s(有草稿)") % {"status": label}
        return label

    @admin.display(description=gettext_lazy("事项类别"))
    def current_category(self, obj):
        version = self._current(obj)
        return version.category if version else "—"

    @admin.display(description=gettext_lazy("监管部门"))
    def current_departments(self, obj):
        version = self._current(obj)
        if version is None:
            return "—"
        return "、".join(d.name for d in version.supervising_departments.all()) or "—"

    @admin.display(description=gettext_lazy("版本"))
    def version_links(self, obj):
        versions = obj.versions.order_by("-number")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> {}</li>',
                (
                    (
                        reverse("admin:catalog_itemversion_change", args=[v.pk]),
                        f"v{v.number}" if v.number else _("草稿"),
                        f"{v.name} · {v.get_status_display()}",
                    )
                    for v in versions
                ),
            ),
        )

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "code",
                "name",
                "category",
                "legal_basis",
                "statutory_limit_days",
                "committed_limit_days",
            ]
        return ["code", "version_links"]

    def get_readonly_fields(self, request, obj=None):
        return ["code", "version_links"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ItemAddForm
            kwargs["fields"] = ["code"]
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        data = form.cleaned_data
        draft = services.create_item(
            code=data["code"],
            actor=request.user,
            **{field: data[field] for field in list(ItemAddForm.declared_fields)},
        )
        obj.pk = draft.item_id
        obj._new_draft = draft

    def save_related(self, request, form, formsets, change):
        pass  # an Item has no relations of its own; the draft holds the content

    def response_add(self, request, obj, post_url_continue=None):
        draft = obj._new_draft
        self.message_user(
            request,
            _("已创建事项 %(code)s 的草稿,请补充申请材料、监管部门等内容后发布。")
            % {"code": obj.code},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:catalog_itemversion_change", args=[draft.pk]))

    def add_success_message(self, result, request):
        super().add_success_message(result, request)
        self.message_user(
            request,
            _("导入的新增和修改已保存为草稿,请在“事项版本”中检查后发布。"),
            messages.INFO,
        )

    @admin.action(description=gettext_lazy("基于现行版本创建草稿"))
    def start_draft_action(self, request, queryset):
        return _start_drafts(self, request, list(queryset.order_by("code")))

    @admin.action(description=gettext_lazy("停用所选事项"))
    def withdraw_action(self, request, queryset):
        items = list(queryset.order_by("code"))
        return _withdraw(self, request, items, [str(i.pk) for i in items])


# --- versions -------------------------------------------------------------------------------


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


@admin.register(ItemVersion)
class ItemVersionAdmin(DomainErrorsAsMessages, SimpleHistoryAdmin):
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
    inlines = [MaterialInline, FeeInline]
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
                    "site_inspection",
                    "permit_validity_years",
                )
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
        if formset.model is Material:
            # A material added without a position goes to the end of the list.
            kept = [
                f.instance.position
                for f in formset.forms
                if f.instance.pk and f not in formset.deleted_forms
            ]
            last = max([p for p in kept if p] or [0])
            for sub in formset.forms:
                material = sub.instance
                if (
                    not material.pk
                    and sub.has_changed()
                    and sub not in formset.deleted_forms
                    and not material.position
                ):
                    last += 1
                    material.position = last
        super().save_formset(request, form, formset, change)

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
