"""The one registry of audit action names (动作): code → Chinese label. Every place that shows an
audit event reads its label here. Each app registers the actions it records, at import of the
module that records them, with `register_actions`."""

from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, str] = {}


def register_actions(labels: dict[str, str]) -> None:
    """Declare the labels of some action codes. A code registered twice with another label is a
    programming error."""
    for code, label in labels.items():
        existing = _LABELS.get(code)
        if existing is not None and str(existing) != str(label):
            raise ValueError(f"audit action {code!r} already registered as {existing!r}")
        _LABELS[code] = label


def action_label(code: str) -> str:
    """The Chinese label of an action code; an unknown code is shown as it is."""
    return str(_LABELS.get(code, code))


def registered_actions() -> dict[str, str]:
    return dict(_LABELS)


register_actions(
    {
        "view_id_number": _("查看完整证件号码"),
        "login_locked_out": _("登录失败锁定"),
        "login_unlocked": _("解除登录锁定"),
        "verify_chain": _("校验审计链"),
    }
)
