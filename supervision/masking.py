"""The holder's personal data shown masked wherever a full view is not allowed and audited: the
ID number (approvals.validators.mask_id_number), the phone and the address; and a stored webhook
body with those three masked."""

import json

from approvals.validators import mask_id_number

MASK = "*"


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678; anything short keeps only its last 2 characters."""
    value = value or ""
    if len(value) >= 7:
        return value[:3] + MASK * (len(value) - 7) + value[-4:]
    return MASK * max(len(value) - 2, 0) + value[-2:] if value else ""


def mask_address(value: str) -> str:
    """The first 6 characters (province, county: where, not who) and a fixed mask."""
    value = value or ""
    if not value:
        return ""
    return value[:6] + MASK * 6 if len(value) > 6 else value[:2] + MASK * 6


# The personal fields of a push's representation (supervision.serializers.PushSerializer).
PERSONAL_FIELDS = {
    "holder_id_number": mask_id_number,
    "holder_phone": mask_phone,
    "holder_address": mask_address,
}


def masked_data(data: dict) -> dict:
    return {
        key: PERSONAL_FIELDS[key](value) if key in PERSONAL_FIELDS and value else value
        for key, value in data.items()
    }


def masked_body(body: str) -> str:
    """A stored webhook body for display, its `data`'s personal fields masked, indented. A body
    that is not the JSON we wrote (not expected) is not shown at all."""
    if not body:
        return ""
    try:
        payload = json.loads(body)
    except ValueError:
        return "(报文无法解析,不予显示)"
    if isinstance(payload, dict) and isinstance(payload.get("data"), dict):
        payload = {**payload, "data": masked_data(payload["data"])}
    elif not isinstance(payload, dict):
        return "(报文无法解析,不予显示)"
    return json.dumps(payload, ensure_ascii=False, indent=2)


def pretty_body(body: str) -> str:
    try:
        return json.dumps(json.loads(body), ensure_ascii=False, indent=2)
    except ValueError:
        return body
