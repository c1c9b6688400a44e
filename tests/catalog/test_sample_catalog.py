"""load_sample_catalog (used by seed_demo): 27 published items, idempotent."""

import copy
import io

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from catalog import selectors, services
from catalog.models import Department, Item, ItemVersion, Material
from tests.catalog.factories import sample_catalog

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Department.objects.count(),
        Item.objects.count(),
        ItemVersion.objects.count(),
        Material.objects.count(),
        AuditEvent.objects.count(),
        ItemVersion.history.count(),
        Material.history.count(),
    )


def test_load_sample_catalog_publishes_all_27_items():
    counts = services.load_sample_catalog(sample_catalog())
    assert counts["created"] == 27
    assert Department.objects.count() == 14
    versions = list(selectors.published_versions())
    assert len(versions) == 27
    assert all(v.number == 1 and v.published_at for v in versions)
    assert all(v.materials.all() for v in versions)


def test_load_sample_catalog_fills_the_guide_texts_in_chinese():
    services.load_sample_catalog(sample_catalog())
    food = selectors.published_version_for("SC-001")
    assert food.name == "食品经营许可"
    assert "食品安全法" in food.conditions
    assert food.procedure.startswith("1. 申请")
    assert "现场踏勘" in food.procedure  # site inspection item
    assert food.notice_commitment and "核查" in food.commitment_check_method
    assert food.responsible_post
    assert [d.code for d in food.supervising_departments.all()] == ["market"]
    assert food.materials.filter(waivable=True).get().name == "食品安全管理人员身份证明"
    assert food.permit_validity_years == 5
    assert services.publication_problems(food) == {}


def test_load_sample_catalog_keeps_two_supervising_departments():
    services.load_sample_catalog(sample_catalog())
    entertainment = selectors.published_version_for("WL-001")
    codes = {d.code for d in entertainment.supervising_departments.all()}
    assert codes == {"culture", "public_security"}


def test_load_sample_catalog_twice_creates_nothing_new():
    services.load_sample_catalog(sample_catalog())
    before = _counts()
    counts = services.load_sample_catalog(sample_catalog())
    assert counts["unchanged"] == 27
    assert counts["created"] == counts["updated"] == 0
    assert _counts() == before


def test_load_sample_catalog_with_a_changed_item_publishes_a_new_version_of_it_only():
    data = sample_catalog()
    services.load_sample_catalog(data)
    changed = copy.deepcopy(data)
    changed["items"][0]["committed_limit_days"] = 3
    counts = services.load_sample_catalog(changed)
    assert counts == {"departments": 0, "created": 0, "updated": 1, "unchanged": 26}
    current = selectors.published_version_for(changed["items"][0]["code"])
    assert (current.number, current.committed_limit_days) == (2, 3)
    assert current.item.versions.filter(status="superseded").count() == 1


def test_seed_demo_loads_the_sample_catalog(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    assert selectors.published_versions().count() == 27
    before = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before
