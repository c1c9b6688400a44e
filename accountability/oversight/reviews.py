"""Case-file review (卷宗评查): draw closed case files at random, reproducibly (the seed and the
filter are kept: the same seed and filter draw the same files), then record a finding on each."""

import datetime as dt
import random
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accountability.models import ReviewDraw, ReviewFinding
from approvals.selectors import closed_case_files
from audit.actions import register_actions
from audit.services import record_event
from core.errors import InvalidInput, InvalidTransition, NotFound
from core.roles import Role, require_role
from core.text import forbidden_character, normalize_text
from workdays import services as workdays

register_actions(
    {
        "review_draw": gettext_lazy("卷宗评查抽取"),
        "review_finding": gettext_lazy("卷宗评查结论"),
    }
)

MAX_SAMPLE = 200
MAX_SEED = 2**62


def _month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=workdays.TZ),
        dt.datetime.combine(nxt, dt.time.min, tzinfo=workdays.TZ),
    )


def population(*, month: dt.date, item_code: str = "", category: str = "", department=None):
    """The closed case files a draw picks from, in a fixed order (pk)."""
    start, end = _month_bounds(month)
    qs = closed_case_files().filter(decided_at__gte=start, decided_at__lt=end)
    if item_code:
        qs = qs.filter(item_version__item__code=item_code)
    if category:
        qs = qs.filter(item_version__category=category)
    if department is not None:
        qs = qs.filter(item_version__handling_department=department)
    return qs.order_by("pk")


def sample_ids(ids: list[int], *, seed: int, size: int) -> list[int]:
    """The one sampling rule: random.Random(seed).sample over the ids in pk order."""
    return random.Random(seed).sample(ids, min(size, len(ids)))


@transaction.atomic
def draw(
    *, user, month: dt.date, sample_size: int, item_code="", category="", department=None, seed=None
) -> ReviewDraw:
    require_role(user, Role.INSPECTOR)
    if not 1 <= sample_size <= MAX_SAMPLE:
        raise InvalidInput(_("抽取数量应为 1 至 %(n)d。") % {"n": MAX_SAMPLE})
    if seed is None:
        seed = secrets.randbelow(MAX_SEED)
    if not 0 <= seed < MAX_SEED:
        raise InvalidInput(_("随机种子超出范围。"))
    ids = list(
        population(
            month=month, item_code=item_code, category=category, department=department
        ).values_list("pk", flat=True)
    )
    picked = sample_ids(ids, seed=seed, size=sample_size)
    row = ReviewDraw.objects.create(
        drawn_by=user,
        drawn_at=timezone.now(),
        seed=seed,
        month=month.replace(day=1),
        item_code=item_code,
        category=category,
        department=department,
        sample_size=sample_size,
        population=len(ids),
    )
    ReviewFinding.objects.bulk_create(
        [ReviewFinding(draw=row, application_id=pk, position=n) for n, pk in enumerate(picked, 1)]
    )
    record_event(
        actor=user,
        obj=row,
        action="review_draw",
        data={"seed": seed, "picked": len(picked), "population": len(ids)},
    )
    return row


@transaction.atomic
def record_finding(*, user, finding_id, verdict: str, notes: str = "") -> ReviewFinding:
    require_role(user, Role.INSPECTOR)
    try:
        finding = ReviewFinding.objects.select_for_update().get(pk=finding_id)
    except ReviewFinding.DoesNotExist:
        raise NotFound() from None
    if verdict not in {"proper", "flawed", "wrong"}:
        raise InvalidInput(_("请选择评查结论:规范、瑕疵或错误。"))
    notes = normalize_text(notes or "")
    if len(notes) > 4000:
        raise InvalidInput(_("评查意见最多 4000 个字符。"))
    if forbidden_character(notes.replace("\n", "").replace("\r", "")):
        raise InvalidInput(_("评查意见含有不允许的控制字符。"))
    if finding.verdict:
        raise InvalidTransition(finding, "finding", _("该卷宗已评查。"))
    finding.verdict, finding.notes = verdict, notes
    finding.reviewed_by, finding.reviewed_at = user, timezone.now()
    finding.save(update_fields=["verdict", "notes", "reviewed_by", "reviewed_at"])
    record_event(actor=user, obj=finding, action="review_finding", after=verdict, note=notes)
    return finding
