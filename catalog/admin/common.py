"""What the catalog admin pages share: a domain error as one Chinese sentence, the new-draft
and withdraw actions (items and versions both offer them), refused changes shown as messages."""

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import services
from catalog.models import ItemVersion
from core.errors import DomainError


def error_text(exc: DomainError) -> str:
    """A domain error as one Chinese sentence, field messages included."""
    text = str(exc.message)
    if exc.fields:
        details = []
        for field, msgs in exc.fields.items():
            try:
                label = str(ItemVersion._meta.get_field(field).verbose_name)
            except Exception:
                label = {
                    "materials": _("申请材料"),
                    "fees": _("收费项目"),
                    "steps": _("办理环节"),
                    "reason": _("原因"),
                }.get(field, field)
            details.append(f"{label}:{''.join(str(m) for m in msgs)}")
        text = f"{text}({';'.join(details)})"
    return text


# --- constraint errors at their field -------------------------------------------------------


class ConstraintErrorsAtFields(forms.ModelForm):
    """A model constraint's violation shown next to the field it is about, in its own Chinese
    message (the constraint's violation_error_message): the rule stays in the model's
    constraint, the form only says where its error belongs. `constraint_fields` maps a
    constraint's violation_error_code to a field of the form."""

    constraint_fields: dict[str, str] = {}

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            moved, kept = {}, []
            for item in error.error_dict.get(NON_FIELD_ERRORS, []):
                target = self.constraint_fields.get(getattr(item, "code", None))
                if target in self.fields:
                    moved.setdefault(target, []).append(item)
                else:
                    kept.append(item)
            if moved:
                rest = {k: v for k, v in error.error_dict.items() if k != NON_FIELD_ERRORS}
                if kept:
                    rest[NON_FIELD_ERRORS] = kept
                for target, items in moved.items():
                    rest.setdefault(target, []).extend(items)
                error = ValidationError(rest)
        return super().add_error(field, error)


class ItemVersionForm(ConstraintErrorsAtFields):
    """The version change form; the admin's fieldsets decide its fields (ModelAdmin.get_form)."""

    constraint_fields = {"committed_over_statutory": "committed_limit_days"}

    class Meta:
        model = ItemVersion
        fields = ["statutory_limit_days", "committed_limit_days"]


# --- shared actions -------------------------------------------------------------------------


def _start_drafts(modeladmin, request, items):
    made = []
    for item in items:
        try:
            made.append(services.start_draft(item=item, actor=request.user))
        except DomainError as exc:
            modeladmin.message_user(request, f"{item.code}:{error_text(exc)}", messages.ERROR)
    for draft in made:
        modeladmin.message_user(
            request,
            _("已为 %(code)s 创建草稿,请编辑后发布。") % {"code": draft.item.code},
            messages.SUCCESS,
        )
    if len(made) == 1:
        return HttpResponseRedirect(reverse("admin:catalog_itemversion_change", args=[made[0].pk]))
    return None


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("停用原因"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


def _withdraw(modeladmin, request, items, selected_ids):
    """First call: a page asking for the reason; second call (apply): withdraw each item."""
    form = WithdrawForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        done = 0
        for item in items:
            try:
                services.withdraw(item=item, actor=request.user, reason=form.cleaned_data["reason"])
                done += 1
            except DomainError as exc:
                modeladmin.message_user(request, f"{item.code}:{error_text(exc)}", messages.ERROR)
        if done:
            modeladmin.message_user(
                request, _("已停用 %(n)s 个事项。") % {"n": done}, messages.SUCCESS
            )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("停用所选事项"),
        "opts": modeladmin.model._meta,
        "items": items,
        "form": form,
        "selected_ids": selected_ids,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "catalog/admin/withdraw_confirm.html", context)


class DomainErrorsAsMessages:
    """Admin views that call services show a refused change as a Chinese message instead of a
    server error (e.g. a draft published by someone else while this form was open)."""

    def _guard(self, request, view, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._guard(request, super().changeform_view, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(
                reverse(f"admin:catalog_{self.model._meta.model_name}_changelist")
            )
