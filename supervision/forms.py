"""Browser forms of the supervision pages. They only parse and check input; the views hand the
cleaned data to supervision.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Department
from supervision.fields import TextField
from supervision.formkeys import OnceField
from supervision.models import (
    FEEDBACK_MAX,
    FEEDBACK_RESULT_MAX,
    FOLLOW_UP_CONTENT_MAX,
    FOLLOW_UP_REASON_MAX,
    PERMIT_NUMBER_MAX,
    REPORT_CLOSE_NOTE_MAX,
    REPORT_DECISION_NUMBER_MAX,
    RETURN_REASON_MAX,
    SUMMARY_MAX,
    ReportCloseOutcome,
    SupervisionReport,
)

# Length errors say the limit and how long the text is, in Chinese, whatever the language setting.
_TOO_LONG = _("最多 %(limit_value)d 个字符(当前 %(show_value)d 个)。")


class FeedbackForm(forms.Form):
    note = TextField(
        label=_("处置结果"),
        max_length=FEEDBACK_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写处置结果。"), "max_length": _TOO_LONG},
    )
    # issue 14, feedback: 处置中 (interim, the clock runs on) or 处置完毕 (final, closes the push).
    final = forms.TypedChoiceField(
        label=_("处置进度"),
        choices=[("0", _("处置中")), ("1", _("处置完毕"))],
        coerce=lambda v: v == "1",
        required=False,
        empty_value=False,
        initial="0",
        widget=forms.RadioSelect,
    )
    result = TextField(
        label=_("办结结论(处置完毕时填写,可选)"),
        max_length=FEEDBACK_RESULT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _TOO_LONG},
    )


class ReportCloseForm(forms.Form):
    """issue 14, feedback: the bureau closes a claimed report (已知悉 / 已办结)."""

    outcome = forms.ChoiceField(
        label=_("办结方式"),
        choices=ReportCloseOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择“已知悉”或“已办结”。")},
    )
    note = TextField(
        label=_("说明"),
        max_length=REPORT_CLOSE_NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _TOO_LONG},
    )


class ReturnForm(forms.Form):
    reason = TextField(
        label=_("退回理由"),
        max_length=RETURN_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("如:该事项不属于本部门监管")}),
        error_messages={"required": _("退回必须说明理由。"), "max_length": _TOO_LONG},
    )


class ReturnAnswerForm(forms.Form):
    """The bureau's reason to reject a return (send it back) or to close it."""

    reason = TextField(
        label=_("理由"),
        max_length=RETURN_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请说明理由。"), "max_length": _TOO_LONG},
    )


class RerouteForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("改派到"),
        queryset=Department.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("请选择监管部门"),
        error_messages={"required": _("请选择部门。"), "invalid_choice": _("部门无效。")},
    )

    def __init__(self, *args, exclude_department_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        if exclude_department_id is not None:
            self.fields["department"].queryset = self.fields["department"].queryset.exclude(
                pk=exclude_department_id
            )


class ReportForm(forms.Form):
    # The one-time key (supervision.formkeys): the same form sent twice makes one report.
    once = OnceField()
    permit_number = TextField(
        label=_("许可证件编号"),
        max_length=PERMIT_NUMBER_MAX,
        error_messages={"max_length": _TOO_LONG},
    )
    kind = forms.ChoiceField(label=_("类型"), choices=SupervisionReport.Kind.choices)
    decision_number = TextField(
        label=_("处罚决定文号"),
        max_length=REPORT_DECISION_NUMBER_MAX,
        error_messages={"max_length": _TOO_LONG},
    )
    decision_date = forms.DateField(
        label=_("处罚决定日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )
    summary = TextField(
        label=_("摘要"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea,
        error_messages={"max_length": _TOO_LONG},
    )
    attachment = forms.FileField(
        label=_("附件"),
        required=False,
        help_text=_("PDF、JPEG 或 PNG,不超过 10 MB。"),
    )

    def clean_decision_date(self):
        value = self.cleaned_data["decision_date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("处罚决定日期不能晚于今天。"))
        return value


class FollowUpForm(forms.Form):
    # The procedures a report may start (supervision.services.FOLLOW_UP_KINDS), in words.
    KINDS = [
        ("change", _("变更")),
        ("revoke", _("撤销")),
        ("cancel", _("注销")),
        ("withdraw", _("撤回")),
        ("suspend", _("责令停产停业")),
    ]

    kind = forms.ChoiceField(label=_("后续程序"), choices=KINDS)
    reason = TextField(
        label=_("理由"),
        max_length=FOLLOW_UP_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请说明理由。"), "max_length": _TOO_LONG},
    )
    content = TextField(
        label=_("决定内容"),
        required=False,
        max_length=FOLLOW_UP_CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _TOO_LONG},
    )
    valid_until = forms.DateField(
        label=_("新有效期至(变更时可填)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )
