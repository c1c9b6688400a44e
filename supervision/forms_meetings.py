"""Browser forms of the meeting pages. They parse and check input; the views hand the cleaned
data to supervision.services.meetings (which checks it again for every caller)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Department
from supervision.fields import TextField
from supervision.formkeys import OnceField
from supervision.models import MEETING_TASK_DAYS_MAX, MEETING_TEXT_MAX, MEETING_TITLE_MAX, Meeting

TASK_ROWS = 6  # task rows on the page (the API has no such limit below MAX_TASKS)
_TOO_LONG = _("最多 %(limit_value)d 个字符(当前 %(show_value)d 个)。")


def _owner_choices():
    return [("bureau", _("审批局"))] + list(
        Department.objects.order_by("code").values_list("code", "name")
    )


class MeetingForm(forms.Form):
    once = OnceField()
    kind = forms.ChoiceField(label=_("会议类型"), choices=Meeting.Kind.choices)
    title = TextField(
        label=_("会议名称"), max_length=MEETING_TITLE_MAX, error_messages={"max_length": _TOO_LONG}
    )
    held_at = forms.DateTimeField(
        label=_("召开时间"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("请按“年-月-日 时:分”填写召开时间。")},
    )
    place = TextField(label=_("地点"), max_length=200, required=False)
    departments = forms.ModelMultipleChoiceField(
        label=_("参会部门"),
        queryset=Department.objects.order_by("code"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("部门无效。"), "invalid_pk_value": _("部门无效。")},
    )
    attendees = TextField(
        label=_("参会人员"),
        max_length=MEETING_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _TOO_LONG},
    )
    minutes = TextField(
        label=_("会议纪要"),
        max_length=MEETING_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": _TOO_LONG},
    )
    attachment = forms.FileField(
        label=_("纪要附件"), required=False, help_text=_("PDF、JPEG 或 PNG,不超过 10 MB。")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owners = _owner_choices()
        for n in range(1, TASK_ROWS + 1):
            self.fields[f"task_{n}_text"] = TextField(
                label=_("议定事项 %(n)s") % {"n": n},
                max_length=MEETING_TEXT_MAX,
                required=False,
                error_messages={"max_length": _TOO_LONG},
            )
            self.fields[f"task_{n}_department"] = forms.ChoiceField(
                label=_("承办单位"), choices=owners, required=False
            )
            self.fields[f"task_{n}_days"] = forms.IntegerField(
                label=_("时限(工作日)"),
                min_value=1,
                max_value=MEETING_TASK_DAYS_MAX,
                required=False,
                error_messages={"invalid": _("请填写整数。")},
            )

    def task_rows(self):
        return [
            (self[f"task_{n}_text"], self[f"task_{n}_department"], self[f"task_{n}_days"])
            for n in range(1, TASK_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        tasks = []
        for n in range(1, TASK_ROWS + 1):
            text = data.get(f"task_{n}_text")
            if not text:
                continue
            days = data.get(f"task_{n}_days")
            if days is None and f"task_{n}_days" not in self.errors:
                self.add_error(f"task_{n}_days", _("请填写办理时限。"))
            tasks.append(
                {"text": text, "department": data.get(f"task_{n}_department"), "days": days}
            )
        data["tasks"] = tasks
        return data


class TaskDoneForm(forms.Form):
    note = TextField(
        label=_("办结情况"),
        max_length=MEETING_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _TOO_LONG},
    )
