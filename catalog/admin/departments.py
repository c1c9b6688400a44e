"""Departments in the admin: create and rename through catalog.services (audited); a
department is never deleted here. Who liaises for which department is its own page
(catalog.admin.liaisons), not guardian's raw object-permission admin."""

from django.contrib import admin
from django.urls import path

from catalog import services
from catalog.admin.common import DomainErrorsAsMessages
from catalog.admin.liaisons import liaison_register_view
from catalog.models import Department
from core.admin import CheckedIdsAdmin


@admin.register(Department)
class DepartmentAdmin(DomainErrorsAsMessages, CheckedIdsAdmin, admin.ModelAdmin):
    list_display = ("code", "name", "feedback_limit_days")
    fields = ("code", "name", "feedback_limit_days")
    search_fields = ("code", "name")
    change_list_template = "catalog/admin/department_change_list.html"

    def get_urls(self):
        register = path(
            "liaisons/",
            self.admin_site.admin_view(liaison_register_view(self)),
            name="catalog_department_liaisons",
        )
        return [register, *super().get_urls()]

    def has_delete_permission(self, request, obj=None):
        return False  # pushes, versions and history name the department; it stays

    def save_model(self, request, obj, form, change):
        if change:
            services.update_department(
                department_id=obj.pk,
                actor=request.user,
                code=obj.code,
                name=obj.name,
                feedback_limit_days=obj.feedback_limit_days,
            )
            return
        department = services.create_department(
            code=obj.code,
            name=obj.name,
            feedback_limit_days=obj.feedback_limit_days,
            actor=request.user,
        )
        obj.pk = department.pk
        obj._state.adding = False
