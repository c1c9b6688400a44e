"""Items in the admin: the list with each item's current version, the new-item form (its first
draft), the new-draft and withdraw actions, and the catalog file (xlsx / csv import and export)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from catalog import services
from catalog.admin.common import DomainErrorsAsMessages, _start_drafts, _withdraw
from catalog.models import LEGAL_BASIS_MAX, Item, ItemVersion
from catalog.resources import CatalogResource
from catalog.selectors import items_for_export, with_versions
from core.admin import CheckedIdsAdmin
from core.roles import Role, has_role

Status = ItemVersion.Status


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
    legal_basis = forms.CharField(
        label=gettext_lazy("设定依据"), max_length=LEGAL_BASIS_MAX, widget=forms.Textarea
    )
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
class ItemAdmin(DomainErrorsAsMessages, CheckedIdsAdmin, ImportExportModelAdmin):
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
    import_template_name = "catalog/admin/item_import.html"  # the summary above the preview
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
        # What the import really did (catalog.resources.CatalogResult), not import-export's
        # "new / updated / skipped", which counted an unchanged row as skipped.
        self.message_user(
            request,
            _("导入完成:%(summary)s") % {"summary": result.summary_text()},
            messages.SUCCESS,
        )
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
