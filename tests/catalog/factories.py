"""Catalog test data made through the real services (no hand-set statuses)."""

import json

from django.conf import settings

from catalog import services
from catalog.models import Department

MATERIALS = [
    {"name": "食品经营许可申请书", "required": True, "waivable": False, "original_count": 1},
    {"name": "营业执照复印件", "required": True, "waivable": False, "copy_count": 1},
    {"name": "食品安全管理人员身份证明", "required": True, "waivable": True},
]


def item_fields(**overrides) -> dict:
    fields = {
        "name": "食品经营许可",
        "category": "市场准入",
        "legal_basis": "《中华人民共和国食品安全法》第三十五条",
        "conditions": "有与经营的食品品种、数量相适应的经营场所。",
        "statutory_limit_days": 10,
        "committed_limit_days": 5,
        "supervising_departments": ["market"],
        "materials": MATERIALS,
        "fees": [],
    }
    fields.update(overrides)
    return fields


def ensure_departments(*codes) -> list[Department]:
    names = {
        "market": "县市场监督管理局",
        "health": "县卫生健康局",
        "culture": "县文化和旅游局",
        "public_security": "县公安局",
    }
    return [
        Department.objects.get_or_create(code=c, defaults={"name": names.get(c, f"县{c}局")})[0]
        for c in codes
    ]


def draft_item(actor, code="SC-900", **overrides):
    ensure_departments("market")
    return services.create_item(code=code, actor=actor, **item_fields(**overrides))


def published_item(actor, code="SC-900", **overrides):
    return services.publish(version=draft_item(actor, code, **overrides), actor=actor)


def sample_catalog() -> dict:
    with open(settings.SAMPLE_CATALOG_PATH, encoding="utf-8") as fh:
        return json.load(fh)
