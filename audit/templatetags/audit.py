"""Template filters of the audit trail: `{% load audit %}{{ event.action|action_label }}`."""

from django import template

from audit.actions import action_label as _action_label

register = template.Library()


@register.filter
def action_label(code) -> str:
    """The Chinese label of an audit action code (audit.actions, the one registry)."""
    return _action_label(str(code or ""))
