"""The Chinese labels of the audit actions workdays records (audit.actions is the registry)."""

from django.utils.translation import gettext_lazy as _

from audit.actions import register_actions

register_actions(
    {
        "calendar_year_set": _("设定年度工作日安排"),
        "calendar_year_note": _("修改年度说明"),
        "calendar_day_add": _("新增日历日"),
        "calendar_day_change": _("修改日历日"),
        "calendar_day_delete": _("删除日历日"),
    }
)
