"""Browser forms of the approvals pages. They parse and check types; the services decide
everything else (states, roles, business rules) and their errors are put back on these forms."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals import services
from approvals.limits import (
    ADDRESS_MAX,
    COLLECTOR_MAX,
    CONTENT_MAX,
    INSPECTION_MAX,
    NAME_MAX,
    NOTE_MAX,
    OPINION_MAX,
    PHONE_MAX,
    REASON_MAX,
)
from approvals.models import (
    Applicant,
    Application,
    ApplicationMaterial,
    ReviewOpinion,
    SpecialProcedure,
    StoredFile,
)
from approvals.validators import PHONE_HELP, validate_phone
from core.text import normalize_text

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_ID = re.compile("[0-9]{1,18}")  # ids of rows we made: far below 2**63
UPLOAD_ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


def _textarea(rows=3, **attrs):
    return forms.Textarea(attrs={"rows": rows, **attrs})


class TextField(forms.CharField):
    """A text as the services store it (core.text.normalize_text) before the required and
    length checks: zero-width characters alone are empty, the limit counts what is kept, and
    the widget carries the limit (maxlength) so the browser stops there too."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value) if value else value


def _text(label, limit, *, rows=None, required=False, **kwargs):
    widget = _textarea(rows) if rows else None
    return TextField(label=label, max_length=limit, required=required, widget=widget, **kwargs)


class StoredFileChoiceField(forms.ModelChoiceField):
    """A file of the applicant's library by id: ASCII digits only (int() would also read ٣ or
    １ as an id), so an odd or huge value is an invalid choice before any query."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _ID.fullmatch(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, obj: StoredFile) -> str:
        uploaded = timezone.localtime(obj.uploaded_at)  # the day in Asia/Shanghai, not UTC
        return f"{obj.original_name}({uploaded:%Y-%m-%d},{obj.size // 1024 + 1} KB)"


class MaterialRowsMixin:
    """Per-material fields: `provided_<id>` (checkbox), `file_<id>` (upload) and, when the
    applicant already has files in the library, `reuse_<id>` (一件多用)."""

    def add_material_fields(self, materials, stored_files, *, with_checkbox=True):
        self.material_list = list(materials)
        stored_files = list(stored_files)
        for material in self.material_list:
            if with_checkbox:
                self.fields[f"provided_{material.pk}"] = forms.BooleanField(
                    label=_("已提交"), required=False
                )
            self.fields[f"file_{material.pk}"] = forms.FileField(
                label=_("上传文件"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={
                        "accept": UPLOAD_ACCEPT,
                        "aria-label": _("%(name)s 上传文件") % {"name": material.name},
                    }
                ),
            )
            if stored_files:
                field = StoredFileChoiceField(
                    label=_("复用已存文件"),
                    required=False,
                    queryset=StoredFile.objects.none(),
                    empty_label=_("— 不复用 —"),
                )
                # Choices come from the list already loaded: no query per material row.
                field.queryset = StoredFile.objects.filter(pk__in=[f.pk for f in stored_files])
                field.choices = [("", field.empty_label)] + [
                    (f.pk, field.label_from_instance(f)) for f in stored_files
                ]
                field.widget.attrs["aria-label"] = _("%(name)s 复用已存文件") % {
                    "name": material.name
                }
                self.fields[f"reuse_{material.pk}"] = field

    @property
    def has_reuse(self) -> bool:
        return any(name.startswith("reuse_") for name in self.fields)

    def material_rows(self):
        for material in self.material_list:
            yield {
                "material": material,
                "line": getattr(material, "line", None),
                "provided": self[f"provided_{material.pk}"]
                if f"provided_{material.pk}" in self.fields
                else None,
                "file": self[f"file_{material.pk}"],
                "reuse": self[f"reuse_{material.pk}"]
                if f"reuse_{material.pk}" in self.fields
                else None,
            }

    def provided_ids(self) -> list[int]:
        return [m.pk for m in self.material_list if self.cleaned_data.get(f"provided_{m.pk}")]

    def uploads(self) -> dict:
        return {
            m.pk: self.cleaned_data[f"file_{m.pk}"]
            for m in self.material_list
            if self.cleaned_data.get(f"file_{m.pk}")
        }

    def reused(self) -> dict:
        return {
            m.pk: self.cleaned_data[f"reuse_{m.pk}"]
            for m in self.material_list
            if self.cleaned_data.get(f"reuse_{m.pk}")
        }


class PhoneField(TextField):
    """联系电话, checked and stored as approvals.validators.validate_phone says (the one rule
    the services, the API and the admin use too); the error sits at the field."""

    def __init__(self, label, **kwargs):
        super().__init__(label=label, max_length=PHONE_MAX, required=False, **kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        return validate_phone(value) if value else value


def _id_number_field(label, **kwargs):
    # Longer than 18 on purpose: the validator then says how many characters were typed.
    return forms.CharField(
        label=label,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "mono"}),
        **kwargs,
    )


class PartyFieldsMixin:
    """当事人 at intake: 本人办理 / 委托代理人办理 with the agent's fields and the authorisation
    letter (an upload, or a file of the applicant's library), and an organisation's legal
    representative. The services check them (applicants.clean_party) and name the same
    fields (agent_*, legal_rep_*) in their errors."""

    SELF, AGENT = "self", "agent"

    def add_party_fields(self, stored_files):
        self.fields["handled_by"] = forms.ChoiceField(
            label=_("办理方式"),
            choices=[(self.SELF, _("本人办理")), (self.AGENT, _("委托代理人办理"))],
            initial=self.SELF,
            required=False,  # not sent (an older client, a test): 本人办理
            widget=forms.RadioSelect,
        )
        self.fields["agent_name"] = _text(_("经办人姓名"), NAME_MAX)
        self.fields["agent_id_number"] = _id_number_field(_("经办人身份证号"), required=False)
        self.fields["agent_phone"] = PhoneField(_("经办人电话"), help_text=PHONE_HELP)
        self.fields["agent_letter"] = forms.FileField(
            label=_("授权委托书"),
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
            help_text=_("申请人签署的授权委托书扫描件(PDF、JPEG 或 PNG,不超过 10 MB)。"),
        )
        stored_files = list(stored_files)
        if stored_files:
            field = StoredFileChoiceField(
                label=_("或复用已存的授权委托书"),
                required=False,
                queryset=StoredFile.objects.filter(pk__in=[f.pk for f in stored_files]),
                empty_label=_("— 不复用 —"),
            )
            field.choices = [("", field.empty_label)] + [
                (f.pk, field.label_from_instance(f)) for f in stored_files
            ]
            self.fields["agent_letter_reuse"] = field
        self.fields["legal_rep_name"] = _text(_("法定代表人姓名"), NAME_MAX)
        self.fields["legal_rep_id_number"] = _id_number_field(
            _("法定代表人身份证号(可选)"), required=False
        )
        self.fields["legal_rep_phone"] = PhoneField(_("法定代表人电话(可选)"))

    @property
    def party_names(self) -> list[str]:
        prefixes = ("handled_by", "agent_", "legal_rep_")
        return [name for name in self.fields if name.startswith(prefixes)]

    def agent(self) -> dict | None:
        """The agent for services.take_in, or None for 本人办理."""
        data = self.cleaned_data
        if data.get("handled_by") != self.AGENT:
            return None
        return {
            "name": data.get("agent_name", ""),
            "id_number": data.get("agent_id_number", ""),
            "phone": data.get("agent_phone", ""),
            "letter": data.get("agent_letter"),
            "letter_file": data.get("agent_letter_reuse"),
        }

    def legal_representative(self) -> dict | None:
        """The legal representative for services.take_in, or None when none was typed."""
        data = self.cleaned_data
        typed = {
            "name": data.get("legal_rep_name", ""),
            "id_number": data.get("legal_rep_id_number", ""),
            "phone": data.get("legal_rep_phone", ""),
        }
        return typed if any(typed.values()) else None


class IntakeForm(PartyFieldsMixin, MaterialRowsMixin, forms.Form):
    """受理工作台: applicant, application content and the material checklist of one version."""

    kind = forms.ChoiceField(
        label=_("申请人类型"),
        choices=Applicant.Kind.choices,
        initial=Applicant.Kind.PERSON,
        widget=forms.RadioSelect,
    )
    # Longer than 18 on purpose: the validator then says how many characters were typed.
    id_number = forms.CharField(
        label=_("身份证号码 / 统一社会信用代码"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "mono"}),
    )
    name = _text(_("姓名或名称"), NAME_MAX)
    phone = PhoneField(_("联系电话"))
    address = _text(_("地址"), ADDRESS_MAX)
    content = _text(_("申请内容"), CONTENT_MAX, rows=3)

    def __init__(self, *args, version, stored_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        stored_files = list(stored_files)
        self.add_material_fields(version.materials.all(), stored_files)
        self.add_party_fields(stored_files)
        # The page's order (the parties come right after the applicant), which is also the
        # order in which the first field with an error is found.
        self.order_fields(["kind", "id_number", "name", "phone", "address", *self.party_names])

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("id_number"):
            try:
                data["id_number"] = services.validate_id_number(data["kind"], data["id_number"])
            except ValidationError as exc:
                self.add_error("id_number", exc.messages)
        return data


def find_applicant(kind: str, id_number: str) -> Applicant | None:
    """The registered applicant with this (valid) number, or None."""
    try:
        normalised = services.validate_id_number(kind, id_number)
    except ValidationError:
        return None
    return Applicant.objects.filter(kind=kind, id_number=normalised).first()


# --- actions on one application ----------------------------------------------------------------


class ActionForm(forms.Form):
    """An action form knows its application (its choices come from the prefetched lines)."""

    def __init__(self, *args, application: Application, stored_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.lines = list(application.materials.all())


class AcceptForm(ActionForm):
    waived = forms.TypedMultipleChoiceField(
        label=_("容缺受理的材料"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    supply_by = forms.DateField(
        label=_("容缺材料补交期限"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("留空则为承诺办结日期。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["waived"].choices = [
            (line.material_id, line.material.name)
            for line in self.lines
            if line.material.waivable and line.state != ApplicationMaterial.State.PROVIDED
        ]

    def clean_supply_by(self):
        value = self.cleaned_data.get("supply_by")
        if value and value < timezone.localdate():
            raise ValidationError(_("补交期限不能早于今天。"))
        return value


class CorrectionForm(ActionForm):
    missing = forms.TypedMultipleChoiceField(
        label=_("需补正的材料(一次性告知全部)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = _text(_("补正说明"), REASON_MAX, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["missing"].choices = [
            (line.material_id, line.material.name) for line in self.lines
        ]
        self.fields["missing"].initial = [
            line.material_id
            for line in self.lines
            if line.state == ApplicationMaterial.State.MISSING
        ]


class RefuseForm(ActionForm):
    reason = _text(_("不予受理理由"), REASON_MAX, rows=3)


class RecordMaterialsForm(MaterialRowsMixin, ActionForm):
    """核对材料: lines not yet provided, each with a checkbox, an upload and reuse."""

    def __init__(self, *args, stored_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        rows = []
        for line in self.lines:
            if line.state != ApplicationMaterial.State.PROVIDED:
                line.material.line = line
                rows.append(line.material)
        self.add_material_fields(rows, stored_files)


class SupplyWaivedForm(MaterialRowsMixin, ActionForm):
    """容缺补交: the waived lines still outstanding."""

    def __init__(self, *args, stored_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        rows = []
        for line in self.lines:
            if line.outstanding:
                line.material.line = line
                rows.append(line.material)
        self.add_material_fields(rows, stored_files)


class StartReviewForm(ActionForm):
    pass


class ReviewForm(ActionForm):
    opinion = _text(_("审查意见"), OPINION_MAX, rows=4)
    recommendation = forms.ChoiceField(
        label=_("审查建议"), choices=ReviewOpinion.Recommendation.choices, widget=forms.RadioSelect
    )
    site_inspection = _text(_("现场踏勘记录"), INSPECTION_MAX, rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.application.item_version.site_inspection:
            del self.fields["site_inspection"]


class PauseForm(ActionForm):
    kind = forms.ChoiceField(label=_("特别程序"), choices=SpecialProcedure.Kind.choices)
    note = _text(_("说明"), NOTE_MAX, rows=2)


class ResumeForm(ActionForm):
    note = _text(_("结束说明"), NOTE_MAX, rows=2)


class DecideForm(ActionForm):
    APPROVE, DENY = "approve", "deny"
    decision = forms.ChoiceField(
        label=_("决定"),
        widget=forms.RadioSelect,
        choices=[(APPROVE, _("准予行政许可")), (DENY, _("不予行政许可"))],
    )
    reason = _text(_("理由(不予许可时必填)"), REASON_MAX, rows=3)
    valid_until = forms.DateField(label=_("有效期至(可选)"), required=False, widget=DATE_WIDGET)
    # 审批内容: what is approved; empty keeps the application's content (the initial value).
    content = _text(_("审批内容(留空则为申请内容)"), CONTENT_MAX, rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].initial = self.application.content
        years = self.application.item_version.permit_validity_years
        self.fields["valid_until"].help_text = (
            _("留空则按事项规定:%(n)s 年。") % {"n": years} if years else _("留空则长期有效。")
        )

    @property
    def approve(self) -> bool:
        return self.cleaned_data.get("decision") == self.APPROVE

    def clean_valid_until(self):
        value = self.cleaned_data.get("valid_until")
        if value and value < datetime.date(1900, 1, 1):
            raise ValidationError(_("日期无效。"))
        return value


class DeliverForm(ActionForm):
    collected_by = _text(_("领取人"), COLLECTOR_MAX)


# --- the branches (approvals.services.branches) ---------------------------------------------


class SendBackForm(ActionForm):
    reason = _text(_("退回重审理由"), REASON_MAX, rows=2)


class WithdrawForm(ActionForm):
    reason = _text(_("撤回理由(申请人书面申请的内容)"), REASON_MAX, rows=2)


class TerminateForm(ActionForm):
    reason = _text(_("终止理由(如申请单位依法终止、申请人死亡)"), REASON_MAX, rows=2)


class ApplicationFilterForm(forms.Form):
    """The searchable application list (GET)."""

    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部"))] + list(Application.Status.choices),
    )
    item = forms.CharField(label=_("事项(名称或编码)"), required=False, max_length=100)
    receipt = forms.CharField(label=_("受理编号"), required=False, max_length=30)
    applicant = forms.CharField(label=_("申请人"), required=False, max_length=100)
    overdue = forms.BooleanField(label=_("仅看逾期"), required=False)


class QueueFilterForm(forms.Form):
    """Reviewer queue filters (GET)."""

    category = forms.ChoiceField(label=_("事项类别"), required=False)
    due_from = forms.DateField(label=_("期限自"), required=False, widget=DATE_WIDGET)
    due_to = forms.DateField(label=_("期限至"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部"))] + [(c, c) for c in categories]
