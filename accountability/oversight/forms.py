"""Browser forms of the oversight pages: they only parse input; services decide."""

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accountability.models import Case, OverdueRecord, ReviewFinding
from accountability.oversight import deadlines
from catalog.models import Department
from supervision.fields import TextField


class AsciiIntegerField(forms.IntegerField):
    """An integer written in ASCII digits only (int() would take "１２" or "١٢" too)."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not value.strip().lstrip("-").isascii():
            raise forms.ValidationError(_("请输入阿拉伯数字(0–9)。"), code="invalid")
        return super().to_python(value)


def _departments():
    return forms.ModelChoiceField(
        label=_("部门"),
        queryset=Department.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("全部"),
        error_messages={"invalid_choice": _("没有这个部门。")},
    )


class MonitoringFilter(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), required=False)
    colour = forms.ChoiceField(
        label=_("预警"),
        required=False,
        choices=[("", _("全部")), (deadlines.RED, _("已逾期")), (deadlines.YELLOW, _("临期"))],
    )
    department = _departments()
    item = TextField(label=_("事项"), required=False, max_length=100)
    person = forms.ModelChoiceField(
        label=_("责任人(用户名)"),
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="username",
        required=False,
        widget=forms.TextInput,
        error_messages={"invalid_choice": _("没有这个用户。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部"))] + [
            (k.code, k.label) for k in deadlines.kinds()
        ]


class OverdueFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部")), *OverdueRecord.Kind.choices]
    )
    department = _departments()
    start = forms.DateField(label=_("标记日期自"), required=False, input_formats=["%Y-%m-%d"])
    end = forms.DateField(label=_("至"), required=False, input_formats=["%Y-%m-%d"])

    def clean(self):
        data = super().clean()
        for name in ("start", "end"):
            day = data.get(name)
            if day and not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
                self.add_error(name, _("日期超出范围。"))
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data


class CaseNewForm(forms.Form):
    title = TextField(label=_("标题"), max_length=200)
    description = TextField(
        label=_("案情"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AssignForm(forms.Form):
    department = _departments()
    assignee = forms.ModelChoiceField(
        label=_("承办人(用户名)"),
        queryset=get_user_model().objects.filter(is_active=True),
        to_field_name="username",
        required=False,
        widget=forms.TextInput,
        error_messages={"invalid_choice": _("没有这个用户。")},
    )
    working_days = AsciiIntegerField(
        label=_("办理期限(工作日)"), min_value=1, max_value=60, initial=5
    )

    def clean_working_days(self):
        return self.cleaned_data["working_days"]


class FindingsForm(forms.Form):
    findings = TextField(
        label=_("查明情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("处理结果"), choices=Case.Outcome.choices)
    note = TextField(
        label=_("说明"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DrawForm(forms.Form):
    month = forms.DateField(label=_("月份"), input_formats=["%Y-%m"], help_text="YYYY-MM")
    item_code = TextField(label=_("事项编码"), max_length=40, required=False)
    category = TextField(label=_("事项类别"), max_length=50, required=False)
    department = _departments()
    sample_size = AsciiIntegerField(label=_("抽取数量"), min_value=1, max_value=200, initial=10)
    seed = AsciiIntegerField(
        label=_("随机种子(留空则随机)"), required=False, min_value=0, max_value=2**62 - 1
    )

    def clean_month(self):
        month = self.cleaned_data["month"]
        if not dt.date(2000, 1, 1) <= month <= dt.date(2100, 12, 1):
            raise forms.ValidationError(_("月份超出范围。"))
        return month


class FindingForm(forms.Form):
    finding = AsciiIntegerField(min_value=1, max_value=2**62)
    verdict = forms.ChoiceField(
        label=_("评查结论"), choices=[c for c in ReviewFinding.Verdict.choices if c[0]]
    )
    notes = TextField(
        label=_("评查意见"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
