"""The admin's page for who liaises for which department: each department with its liaisons,
a form to assign one and a button to take one off, both through catalog.services (audited).
It replaces guardian's object-permission admin, which wrote the permission directly."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog import services
from catalog.admin.common import error_text
from catalog.models import Department
from catalog.selectors import liaison_register
from core.errors import DomainError
from core.roles import Role, has_role


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full = user.get_full_name()
        return f"{user.get_username()}({full})" if full else user.get_username()


class LiaisonForm(forms.Form):
    user = _UserChoice(
        label=gettext_lazy("用户"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("部门"), queryset=Department.objects.order_by("code")
    )


class RemoveForm(forms.Form):
    user = forms.ModelChoiceField(queryset=get_user_model().objects.all())
    department = forms.ModelChoiceField(queryset=Department.objects.all())


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def liaison_register_view(model_admin):
    """The view for DepartmentAdmin.get_urls; only a catalog admin may open it (403)."""

    def view(request):
        if not has_role(request.user, Role.CATALOG_ADMIN):
            raise PermissionDenied
        form = LiaisonForm()
        if request.method == "POST":
            removing = request.POST.get("action") == "remove"
            form = (RemoveForm if removing else LiaisonForm)(request.POST)
            if form.is_valid():
                user, department = form.cleaned_data["user"], form.cleaned_data["department"]
                try:
                    if removing:
                        services.remove_liaison(
                            user=user, department=department, actor=request.user
                        )
                        text = _("已取消 %(user)s 的“%(dept)s”联络员身份。")
                    else:
                        services.assign_liaison(
                            user=user, department=department, actor=request.user
                        )
                        text = _("已指派 %(user)s 为“%(dept)s”的联络员。")
                except DomainError as exc:
                    model_admin.message_user(request, error_text(exc), messages.ERROR)
                else:
                    model_admin.message_user(
                        request,
                        text % {"user": _name(user), "dept": department.name},
                        messages.SUCCESS,
                    )
                return HttpResponseRedirect(request.path)
            if removing:  # a stale page (user or department gone): say so, show the page
                model_admin.message_user(request, _("该联络员记录已不存在。"), messages.ERROR)
                form = LiaisonForm()
        context = {
            **model_admin.admin_site.each_context(request),
            "title": _("联络员指派"),
            "opts": Department._meta,
            "register": liaison_register(),
            "form": form,
        }
        return TemplateResponse(request, "catalog/admin/liaisons.html", context)

    return view
