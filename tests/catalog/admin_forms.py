"""What a browser posts for a catalog admin change form, as rendered (tests only)."""

from django.db.models import Model
from django.urls import reverse


def _value(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    if value is None:
        return ""
    return value


def _put(data, name, value):
    value = _value(value)
    if value is True:
        data[name] = "on"
    elif value is False:
        return
    else:
        data[name] = value


def form_data(response) -> dict:
    """The POST body a browser would send for an admin change form, as rendered."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        _put(data, form.add_prefix(name), form.initial.get(name, field.initial))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            data[formset.management_form.add_prefix(name)] = formset.management_form.initial.get(
                name, field.initial
            )
        for sub in formset.forms:
            if sub.instance.pk is None:
                continue
            for name, field in sub.fields.items():
                value = sub.initial.get(name, field.initial)
                if name == "id":
                    value = sub.instance.pk
                elif name == "version":
                    value = sub.instance.version_id
                _put(data, sub.add_prefix(name), value)
        data[formset.management_form.add_prefix("TOTAL_FORMS")] = len(
            [f for f in formset.forms if f.instance.pk is not None]
        )
    return data


def change_url(version):
    return reverse("admin:catalog_itemversion_change", args=[version.pk])
