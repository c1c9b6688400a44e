"""Text fields of the supervision forms and serializers: every text is normalised as we store it
(core.text.normalize_text: NFC, zero-width characters gone, trimmed) BEFORE the required and
length checks, so a text made only of invisible characters is "required" and the limit counts
what is stored. Control characters are refused here too (a multipart API body does not pass the
middleware's form check)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from core.text import describe, forbidden_character, normalize_text

FORBIDDEN_MESSAGE = _("含有不允许的控制字符(%(c)s),请删除后重试。")


class TextField(forms.CharField):
    """A form CharField whose value is normalised before it is checked."""

    def to_python(self, value):
        value = super().to_python(value)
        if not isinstance(value, str) or not value:
            return value
        bad = forbidden_character(value)
        if bad:
            raise forms.ValidationError(FORBIDDEN_MESSAGE % {"c": describe(bad)}, code="invalid")
        return normalize_text(value)


class TextSerializerField(serializers.CharField):
    """A serializer CharField whose value is normalised before the blank and length checks."""

    def run_validation(self, data=empty):
        if isinstance(data, str):
            bad = forbidden_character(data)
            if bad:
                raise serializers.ValidationError(
                    FORBIDDEN_MESSAGE % {"c": describe(bad)}, code="invalid"
                )
            data = normalize_text(data)
        return super().run_validation(data)
