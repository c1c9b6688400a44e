"""The one-time key of a creating browser form (supervision.services.submissions): a random
value signed for the user and the form, in a hidden field. The signature keeps a key from being
made up or reused by another user or form; the unique row written with what the form created
keeps it from being used twice."""

import secrets

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from supervision.services.submissions import KEY_MAX_AGE

_SALT = "supervision.formkeys"
EXPIRED = _("表单已过期或无效,请核对内容后重新提交。")


def issue(user, form: str) -> str:
    return signing.dumps({"u": user.pk, "f": form, "k": secrets.token_hex(16)}, salt=_SALT)


def key_of(token: str, user, form: str) -> str | None:
    """The key inside a token issued to `user` for `form` within KEY_MAX_AGE, or None."""
    try:
        value = signing.loads(token or "", salt=_SALT, max_age=KEY_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("u") != user.pk or value.get("f") != form:
        return None
    key = value.get("k")
    return key if isinstance(key, str) and len(key) == 32 else None


class OnceField(forms.CharField):
    """The hidden field that carries the key (checked by the view, which knows the user)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)
