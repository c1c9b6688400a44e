"""Forms of the public pages and of the inspectors' handling pages. They parse; the services
decide (their errors are put back on the form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accountability.models import Rating
from accountability.models.public import (
    COMMENT_MAX,
    COMPLAINT_TEXT_MAX,
    CONTACT_NAME_MAX,
    EMAIL_MAX,
    HANDLING_TEXT_MAX,
    PHONE_MAX,
    RECEIPT_MAX,
)
from core.text import normalize_text


class TextField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value) if value else value


def _area(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class ProgressForm(forms.Form):
    receipt_number = TextField(
        label=_("受理编号"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "SL2026000001"}),
    )
    id_last4 = TextField(
        label=_("申请人证件号码后 4 位"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "size": 6}),
        help_text=_("身份证号码或统一社会信用代码的最后 4 个字符。"),
    )


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("评价"),
        choices=Rating.Level.choices,
        coerce=str,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择评价等级。"), "invalid_choice": _("请选择评价等级。")},
    )
    comment = TextField(
        label=_("意见或建议(可不填)"), max_length=COMMENT_MAX, required=False, widget=_area(3)
    )


class OnlineRatingForm(RatingForm):
    token = forms.CharField(widget=forms.HiddenInput, max_length=200)


class ComplaintForm(forms.Form):
    name = TextField(label=_("姓名"), max_length=CONTACT_NAME_MAX)
    phone = TextField(label=_("联系电话"), max_length=PHONE_MAX, required=False)
    email = TextField(label=_("电子邮箱"), max_length=EMAIL_MAX, required=False)
    receipt_number = TextField(
        label=_("相关受理编号(可不填)"), max_length=RECEIPT_MAX, required=False
    )
    text = TextField(label=_("投诉内容"), max_length=COMPLAINT_TEXT_MAX, widget=_area(6))


class ContactForm(forms.Form):
    contact_result = TextField(label=_("回访情况"), max_length=HANDLING_TEXT_MAX, widget=_area())


class CloseFollowUpForm(forms.Form):
    outcome = TextField(label=_("整改结果"), max_length=HANDLING_TEXT_MAX, widget=_area())


class ReplyForm(forms.Form):
    reply = TextField(label=_("答复及处理结果"), max_length=HANDLING_TEXT_MAX, widget=_area())


class DisclosureFilterForm(forms.Form):
    item = forms.CharField(label=_("事项"), required=False, max_length=40)
    date_from = forms.DateField(
        label=_("决定日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["item"].widget = forms.Select(
            choices=[("", _("全部事项")), *[(code, name) for code, name in self.items]]
        )

    def clean_item(self):
        value = self.cleaned_data.get("item") or ""
        if value and value not in {code for code, _name in self.items}:
            raise forms.ValidationError(_("没有该事项的公示信息。"))
        return value

    def clean(self):
        cleaned = super().clean()
        lo, hi = cleaned.get("date_from"), cleaned.get("date_to")
        for name in ("date_from", "date_to"):
            value = cleaned.get(name)
            if value and not 2000 <= value.year <= 2100:
                self.add_error(name, _("日期超出范围。"))
        if lo and hi and lo > hi:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return cleaned
