"""办事大厅信息 in the admin: the bureau-wide 办理地点, 办公时间 and 咨询/投诉电话 every guide
shows unless an item says otherwise. One row; saved through catalog.services
(update_bureau_profile: checked, audited, history kept); never deleted."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from catalog import services
from catalog.admin.common import DomainErrorsAsMessages
from catalog.models import BureauProfile
from catalog.services.contacts import PROFILE_FIELDS
from core.admin import CheckedIdsAdmin


@admin.register(BureauProfile)
class BureauProfileAdmin(DomainErrorsAsMessages, CheckedIdsAdmin, SimpleHistoryAdmin):
    list_display = ("name", "address", "office_hours", "phone", "complaint_phone", "updated_at")
    fieldsets = (
        (
            gettext_lazy("办理地点与办公时间"),
            {
                "fields": ("name", "address", "office_hours"),
                "description": gettext_lazy(
                    "办事指南和一次性告知单显示的办理地点、办公时间和咨询、投诉电话。"
                    "某个事项在不同地点办理时,在该事项版本的“办理地点与咨询方式”中填写,"
                    "留空的项目显示这里的内容。"
                ),
            },
        ),
        (gettext_lazy("咨询与投诉"), {"fields": ("phone", "complaint_phone", "website", "email")}),
    )
    readonly_fields = ("updated_at",)
    history_list_display = ["address", "phone"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "website":
            kwargs["assume_scheme"] = "https"  # a bare "www.…" is an https address
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _saved(self):
        return BureauProfile.objects.filter(pk=BureauProfile.SINGLETON_PK).first()

    def add_view(self, request, form_url="", extra_context=None):
        # One row: once saved, "add" opens it (checked here, not in has_add_permission, which
        # every admin page asks for its menu: no query there).
        profile = self._saved()
        if profile is not None:
            return HttpResponseRedirect(
                reverse("admin:catalog_bureauprofile_change", args=[profile.pk])
            )
        return super().add_view(request, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False  # every guide reads it

    def revert_disabled(self, request, obj=None):
        return True  # history is for reading; a change goes through the form (audited)

    def changelist_view(self, request, extra_context=None):
        # One row: the list is its form (or the add form while nobody saved one).
        profile = self._saved()
        if profile is not None and self.has_view_or_change_permission(request, profile):
            return HttpResponseRedirect(
                reverse("admin:catalog_bureauprofile_change", args=[profile.pk])
            )
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        profile = services.update_bureau_profile(
            actor=request.user, **{f: form.cleaned_data.get(f, "") for f in PROFILE_FIELDS}
        )
        obj.pk = profile.pk
        obj._state.adding = False
