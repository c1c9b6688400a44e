"""Browser forms of the correspondence pages (information, 函询, the paper channel). They parse
and check input; the views hand the cleaned data to supervision.services.correspondence."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Department
from supervision.fields import TextField
from supervision.formkeys import OnceField
from supervision.models import (
    BODY_MAX,
    INQUIRY_BODY_MAX,
    INQUIRY_REPLY_DAYS_DEFAULT,
    INQUIRY_REPLY_DAYS_MAX,
    INQUIRY_REPLY_DAYS_MIN,
    INQUIRY_SUBJECT_MAX,
    REFERENCE_MAX,
    TITLE_MAX,
    Information,
)

_TOO_LONG = _("最多 %(limit_value)d 个字符(当前 %(show_value)d 个)。")
_ATTACHMENT_HELP = _("PDF、JPEG 或 PNG,不超过 10 MB。")


def _departments():
    return Department.objects.order_by("code")


class InformationForm(forms.Form):
    once = OnceField()
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[
            (k, label) for k, label in Information.Kind.choices if k in Information.ONLINE_KINDS
        ],
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("发往部门"),
        queryset=_departments(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("部门无效。"), "invalid_pk_value": _("部门无效。")},
    )
    title = TextField(
        label=_("标题"), max_length=TITLE_MAX, error_messages={"max_length": _TOO_LONG}
    )
    body = TextField(
        label=_("正文"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _TOO_LONG},
    )
    attachment = forms.FileField(label=_("附件"), required=False, help_text=_ATTACHMENT_HELP)

    def __init__(self, *args, bureau: bool, own_departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bureau:
            self.fields["departments"].required = True
            self.fields["departments"].error_messages["required"] = _("请选择至少一个部门。")
        elif own_departments is not None and len(own_departments) > 1:
            self.fields["departments"] = forms.ModelChoiceField(
                label=_("报送部门"),
                queryset=Department.objects.filter(pk__in=[d.pk for d in own_departments]),
                to_field_name="code",
                error_messages={"invalid_choice": _("部门无效。")},
            )
        else:
            del self.fields["departments"]


class PaperForm(forms.Form):
    once = OnceField()
    kind = forms.ChoiceField(
        label=_("纸质件类型"),
        choices=[
            (k, label) for k, label in Information.Kind.choices if k in Information.PAPER_KINDS
        ],
    )
    department = forms.ModelChoiceField(
        label=_("送达部门"),
        queryset=_departments(),
        to_field_name="code",
        empty_label=_("请选择部门"),
        error_messages={"required": _("请选择部门。"), "invalid_choice": _("部门无效。")},
    )
    title = TextField(
        label=_("标题"), max_length=TITLE_MAX, error_messages={"max_length": _TOO_LONG}
    )
    reference_number = TextField(
        label=_("文号"),
        max_length=REFERENCE_MAX,
        required=False,
        error_messages={"max_length": _TOO_LONG},
    )
    paper_date = forms.DateField(
        label=_("收发日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
        error_messages={"required": _("请填写收发日期。"), "invalid": _("日期无效。")},
    )
    body = TextField(
        label=_("摘要"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _TOO_LONG},
    )
    attachment = forms.FileField(
        label=_("扫描件"),
        help_text=_ATTACHMENT_HELP,
        error_messages={"required": _("请上传扫描件。")},
    )

    def clean_paper_date(self):
        value = self.cleaned_data["paper_date"]
        if value > timezone.localdate() or value.year < 2000:
            raise forms.ValidationError(_("收发日期应在 2000 年以后且不晚于今天。"))
        return value


class InquiryForm(forms.Form):
    once = OnceField()
    department = forms.ModelChoiceField(
        label=_("询问部门"),
        queryset=_departments(),
        to_field_name="code",
        empty_label=_("请选择部门"),
        error_messages={"required": _("请选择部门。"), "invalid_choice": _("部门无效。")},
    )
    subject = TextField(
        label=_("事由"), max_length=INQUIRY_SUBJECT_MAX, error_messages={"max_length": _TOO_LONG}
    )
    question = TextField(
        label=_("询问内容"),
        max_length=INQUIRY_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _TOO_LONG},
    )
    reply_days = forms.IntegerField(
        label=_("回复时限(工作日)"),
        min_value=INQUIRY_REPLY_DAYS_MIN,
        max_value=INQUIRY_REPLY_DAYS_MAX,
        initial=INQUIRY_REPLY_DAYS_DEFAULT,
        error_messages={
            "invalid": _("请填写 1 至 30 的整数。"),
            "min_value": _("请填写 1 至 30 的整数。"),
            "max_value": _("请填写 1 至 30 的整数。"),
            "required": _("请填写回复时限。"),
        },
    )
    attachment = forms.FileField(label=_("附件"), required=False, help_text=_ATTACHMENT_HELP)

    def __init__(self, *args, bureau: bool, own_departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not bureau:
            if own_departments is not None and len(own_departments) > 1:
                self.fields["department"].label = _("以哪个部门名义")
                self.fields["department"].queryset = Department.objects.filter(
                    pk__in=[d.pk for d in own_departments]
                )
            else:
                del self.fields["department"]


class ReplyForm(forms.Form):
    body = TextField(
        label=_("回复内容"),
        max_length=INQUIRY_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写内容。"), "max_length": _TOO_LONG},
    )
