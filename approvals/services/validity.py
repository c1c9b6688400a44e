"""How long a permit is valid: the item's validity, and the range a valid_until typed by an
approver must fall in (decide, change, renew alike)."""

import datetime

from django.utils.translation import gettext as _

from catalog.models import ItemVersion
from core.errors import InvalidInput, InvalidTransition

# No permit of ours is valid longer than this when its item sets no validity (长期有效 is left
# empty instead): a typed 9999-12-31 once made the next renewal overflow the date type.
MAX_VALIDITY_YEARS = 30


def add_years(day: datetime.date, years: int) -> datetime.date:
    """`day` moved by whole years (29 February becomes 28 February); date.max past year 9999."""
    if day.year + years > datetime.MAXYEAR:
        return datetime.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 Feb
        return day.replace(year=day.year + years, day=28)


def item_validity(version: ItemVersion, valid_from: datetime.date) -> datetime.date | None:
    """The last day of the item's validity starting on `valid_from` (None: no limit)."""
    years = version.permit_validity_years
    if not years:
        return None
    return add_years(valid_from, years) - datetime.timedelta(days=1)


def latest_valid_until(version: ItemVersion, valid_from: datetime.date) -> datetime.date:
    """The latest valid_until allowed from `valid_from`: the item's validity where it sets one,
    else MAX_VALIDITY_YEARS."""
    return item_validity(version, valid_from) or (
        add_years(valid_from, MAX_VALIDITY_YEARS) - datetime.timedelta(days=1)
    )


def check_valid_until(
    valid_until: datetime.date | None,
    *,
    version: ItemVersion,
    valid_from: datetime.date,
    today: datetime.date,
) -> None:
    """A typed valid_until lies from max(valid_from, today) to latest_valid_until(): never in the
    past, never before the permit starts, never past what the item (or our bound) allows."""
    if valid_until is None:
        return
    earliest = max(valid_from, today)
    if valid_until < earliest:
        message = (
            _("有效期截止日不能早于今天。")
            if earliest == today
            else _("有效期截止日不能早于有效期起始日 %(day)s。") % {"day": earliest.isoformat()}
        )
        raise InvalidInput(message, code="invalid_valid_until", fields={"valid_until": [message]})
    latest = latest_valid_until(version, valid_from)
    if valid_until > latest:
        message = _("有效期截止日不能晚于 %(day)s(%(rule)s)。") % {
            "day": latest.isoformat(),
            "rule": _("事项规定有效期 %(n)s 年") % {"n": version.permit_validity_years}
            if version.permit_validity_years
            else _("最长 %(n)s 年") % {"n": MAX_VALIDITY_YEARS},
        }
        raise InvalidInput(message, code="invalid_valid_until", fields={"valid_until": [message]})


def renewal_start(valid_until: datetime.date | None, today: datetime.date) -> datetime.date:
    """A renewal starts the day after the current validity (today if it has lapsed). A permit
    valid beyond our bound (written before the bound existed) is not renewed: nothing to renew,
    and the day after 9999-12-31 does not exist."""
    if valid_until is None:
        return today
    if valid_until > add_years(today, MAX_VALIDITY_YEARS):
        raise InvalidTransition(
            message=_("该证件有效期至 %(day)s,无需延续。") % {"day": valid_until.isoformat()},
            code="renewal_not_due",
        )
    return max(today, valid_until + datetime.timedelta(days=1))
