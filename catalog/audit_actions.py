"""The Chinese labels of the audit actions catalog records (audit.actions is the registry)."""

from django.utils.translation import gettext_lazy as _

from audit.actions import register_actions
from audit.scopes import register_department_choices, register_department_scope
from catalog.models import Department

register_actions(
    {
        "create_department": _("新建部门"),
        "update_department": _("修改部门"),
        "rename_department": _("部门更名"),
        "assign_liaison": _("指定联络员"),
        "file_bureau_liaison": _("备案本局信息联络员"),
        "end_bureau_liaison": _("终止本局信息联络员"),
        "remove_liaison": _("取消联络员"),
        "create_item": _("新建事项"),
        "start_draft": _("新建草稿版本"),
        "edit_draft": _("修改草稿"),
        "edit_draft_materials": _("修改申请材料"),
        "edit_draft_fees": _("修改收费项目"),
        "discard_draft": _("放弃草稿"),
        "publish": _("发布"),
        "withdraw": _("撤回"),
        "update_bureau_profile": _("修改办事大厅信息"),
    }
)


def _departments():
    return list(Department.objects.order_by("code").values_list("code", "name"))


def _department_rows(code):
    return Department.objects.filter(code=code)


register_department_choices(_departments)
register_department_scope(Department, _department_rows)
