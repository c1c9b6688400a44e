from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.logins import record_unlock
from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = ("at", "actor_name", "action", "object_repr", "before", "after")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor_name", "note", "object_id")
    date_hierarchy = "at"
    list_select_related = ("content_type",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LoginLockoutAdmin(AccessAttemptAdmin):
    """登录失败与锁定: deleting an attempt lifts the lockout; each lift is an audit event."""

    list_display = ["attempt_time", "username", "ip_address", "failures", "path_info"]

    @admin.display(description=_("失败次数"), ordering="failures_since_start")
    def failures(self, obj):
        return obj.failures_since_start

    def delete_model(self, request, obj):
        with transaction.atomic():
            record_unlock(actor=request.user, attempt=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for attempt in queryset:
                record_unlock(actor=request.user, attempt=attempt)
            super().delete_queryset(request, queryset)
