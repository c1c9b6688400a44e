"""seed_demo: demo departments and users, idempotent, refused in production."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from catalog.models import Department
from catalog.selectors import liaison_department
from core.roles import has_role

pytestmark = pytest.mark.django_db


def _counts():
    from audit.models import AuditEvent

    return (
        Department.objects.count(),
        get_user_model().objects.count(),
        AuditEvent.objects.count(),
    )


def test_seed_demo_creates_departments_and_a_user_per_role(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    assert Department.objects.count() == 14
    User = get_user_model()
    for username, role in [
        ("clerk1", "window_clerk"),
        ("reviewer1", "reviewer"),
        ("approver1", "approver"),
        ("admin1", "catalog_admin"),
        ("inspector1", "inspector"),
        ("liaison_market", "liaison"),
    ]:
        user = User.objects.get(username=username)
        assert user.check_password("demo12345")
        assert has_role(user, role)
    assert User.objects.get(username="admin1").is_staff
    market = User.objects.get(username="liaison_market")
    assert liaison_department(market).code == "market"


def test_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert Department.objects.count() == 0


def test_seed_demo_runs_with_force_when_debug_is_off(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert Department.objects.count() == 14


def test_seed_demo_puts_a_case_at_every_stage_once(settings):
    from approvals.models import Application
    from supervision.models import Push

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == [
        "accepted",
        "accepted",
        "approved",
        "approved",
        # issue 14: the two 告知承诺 食品经营许可 approvals of the checks demo
        "approved",
        "approved",
        "delivered",
        "refused",
        "reviewed",
        "submitted",
        "withdrawn",
    ]
    from approvals.models import IssuedDocument, PermitProcedure, Remedy

    # issue 12: a 变更 asked for at the window, an open 复议, and every notice and letter issued
    assert list(PermitProcedure.objects.values_list("kind", "source", "status")) == [
        ("change", "window", "started")
    ]
    assert list(Remedy.objects.values_list("kind", "status")) == [("reconsideration", "open")]
    assert set(IssuedDocument.objects.values_list("kind", flat=True)) >= {
        "receipt",
        "refusal",
        "withdrawal",
        "decision",
        "special_procedure",
    }
    from approvals.models import ApplicationParty, FeePayment
    from catalog.models import Item

    # issue 13: 取水许可 charges its 水资源费 in the demo, paid once at the window; the
    # logistics company's case was handed in by its agent, its legal representative on record;
    # the 听证 has its notice (above)
    water = Item.objects.get(code="SL-001").published_version
    assert [str(f.amount) for f in water.fees.all()] == ["120.00"]
    assert list(FeePayment.objects.values_list("application__item_version", "amount_paid")) == [
        (water.pk, water.fees.get().amount)
    ]
    assert sorted(ApplicationParty.objects.values_list("role", "name")) == [
        ("agent", "李经办"),
        ("legal_representative", "赵法人"),
    ]
    from accountability.models import Complaint, Rating, RatingFollowUp

    # the delivered KTV licence was rated 不满意 at the window: its follow-up is open; and one
    # complaint came in from the public form (each once, however often seed_demo runs)
    assert list(Rating.objects.values_list("level", "channel")) == [(2, "window")]
    assert RatingFollowUp.objects.filter(status="open").count() == 1
    assert Complaint.objects.count() == 1
    # issue 14's feedback demo closes culture's push and claims water's (late, interim only);
    # the checks demo's two 告知承诺 pushes to market are claimed
    assert set(Push.objects.values_list("department__code", "status")) == {
        ("culture", "closed"),
        ("public_security", "feedback_given"),
        ("market", "pushed"),
        ("market", "claimed"),
        ("water", "feedback_given"),
    }
