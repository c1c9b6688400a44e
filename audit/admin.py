from django.contrib import admin

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
