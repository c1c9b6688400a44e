"""Strict API filters: a filter that is given must be one of its values. An empty `?status=`,
a junk `?overdue=maybe` or a filter given twice is a 400 `invalid` with `fields`, never silently
the unfiltered list (django-filter ignores all three by itself). Every API FilterSet derives
from StrictFilterSet."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

_BOOLEANS = {"true", "false", "1", "0"}


class StrictFilterForm(forms.Form):
    """The filter form: what django-filter lets through as "not given" is refused when given."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if name not in self.data:
                continue
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else [self.data[name]]
            value = values[-1] if values else ""
            if len(values) > 1:
                self.add_error(name, _("只能给出一次。"))
            elif value == "":
                self.add_error(name, _("不能为空;不按此筛选时请省略该参数。"))
            elif isinstance(field, forms.NullBooleanField) and str(value).lower() not in _BOOLEANS:
                self.add_error(name, _("应为 true 或 false。"))
        return cleaned


class StrictFilterSet(filters.FilterSet):
    class Meta:
        form = StrictFilterForm
