"""Template helpers of the approvals pages: the seal drawing, the QR code and due-date colours
(audit events are labelled by audit's action_label, the one registry)."""

import math

import segno
from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from approvals.models import Application

register = template.Library()

STATUS_LABELS = dict(Application.Status.choices)


@register.filter
def status_label(value: str) -> str:
    return str(STATUS_LABELS.get(value, value or ""))


@register.inclusion_tag("approvals/_due.html")
def due_badge(app):
    """The due date with its warning colour; the view sets `app.due_state` (see views)."""
    return {"app": app, "state": getattr(app, "due_state", "")}


@register.simple_tag
def qr_svg(url: str, scale: int = 3) -> str:
    """An inline SVG QR code (error level M) for a verification link."""
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=scale, border=2, dark="#000", light="#fff")
    return mark_safe(svg.replace("<svg ", '<svg role="img" class="qr" ', 1))  # noqa: S308


def _seal_lower_text(seal) -> str:
    """The words under the star: the seal's name without the bureau's name (行政审批专用章)."""
    name = seal.name or ""
    if seal.bureau_name and name.startswith(seal.bureau_name) and len(name) > len(seal.bureau_name):
        return name[len(seal.bureau_name) :]
    return name


def _star_points(cx: float, cy: float, outer: float) -> str:
    inner = outer * 0.382
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + i * 36)
        points.append(f"{cx + radius * math.cos(angle):.2f},{cy + radius * math.sin(angle):.2f}")
    return " ".join(points)


@register.simple_tag
def seal_svg(seal, size: int = 160) -> str:
    """The bureau seal as inline SVG: a red ring, the bureau name along the upper arc (one
    character at a time, rotated, so browsers and WeasyPrint draw it alike), a five-pointed
    star in the middle and the seal's name below it."""
    if seal is None:
        return ""
    red = "#d7141a"
    c = 100.0
    font = "'Noto Serif CJK SC','Source Han Serif SC','SimSun',serif"
    chars = list(seal.bureau_name or seal.name or "")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="{size}" '
        f'height="{size}" class="seal" role="img" aria-label="{escape(seal.name)}">',
        f'<circle cx="{c}" cy="{c}" r="94" fill="none" stroke="{red}" stroke-width="5"/>',
        f'<polygon points="{_star_points(c, c, 30)}" fill="{red}"/>',
    ]
    if chars:
        # Spread the name over up to 250° of the upper arc, centred on the top.
        span = min(250.0, 20.0 * len(chars))
        step = span / max(len(chars) - 1, 1)
        start = -span / 2 if len(chars) > 1 else 0.0
        font_size = 22 if len(chars) <= 12 else max(14, int(22 * 12 / len(chars)))
        for i, ch in enumerate(chars):
            angle = start + i * step
            parts.append(
                f'<text x="{c}" y="{c - 64}" transform="rotate({angle:.2f} {c} {c})" '
                f'text-anchor="middle" font-family="{font}" font-size="{font_size}" '
                f'font-weight="bold" fill="{red}">{escape(ch)}</text>'
            )
    lower = _seal_lower_text(seal)
    if lower:
        lower_size = 16 if len(lower) <= 7 else max(10, int(16 * 7 / len(lower)))
        parts.append(
            f'<text x="{c}" y="{c + 52}" text-anchor="middle" font-family="{font}" '
            f'font-size="{lower_size}" font-weight="bold" fill="{red}">{escape(lower)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above


@register.simple_tag
def masked_or_full(applicant, full: bool) -> str:
    value = applicant.id_number if full else applicant.masked_id_number
    return format_html('<span class="mono">{}</span>', value)
