"""approvals.services.validity: the range of a typed valid_until, the item's validity, and the
start of a renewal, on the edges (no validity set, 29 February, the end of the date type)."""

import datetime

import pytest

from approvals.services import validity
from core.errors import InvalidInput, InvalidTransition
from tests.factories import PublishedVersionFactory

TODAY = datetime.date(2026, 6, 1)


def _version(years):
    return PublishedVersionFactory.build(permit_validity_years=years)


def test_without_an_item_validity_the_bound_is_30_years():
    long_lived = _version(None)
    validity.check_valid_until(
        datetime.date(2056, 5, 31), version=long_lived, valid_from=TODAY, today=TODAY
    )
    with pytest.raises(InvalidInput) as err:
        validity.check_valid_until(
            datetime.date(2056, 6, 1), version=long_lived, valid_from=TODAY, today=TODAY
        )
    assert err.value.code == "invalid_valid_until"
    assert "最长 30 年" in str(err.value.message)


def test_the_item_validity_bounds_a_typed_valid_until():
    with pytest.raises(InvalidInput) as err:
        validity.check_valid_until(
            datetime.date(2031, 6, 1), version=_version(5), valid_from=TODAY, today=TODAY
        )
    assert "事项规定有效期 5 年" in str(err.value.message)


def test_valid_until_before_a_later_start_is_refused_with_the_start_date():
    start = datetime.date(2031, 6, 1)
    with pytest.raises(InvalidInput) as err:
        validity.check_valid_until(
            datetime.date(2031, 5, 31), version=_version(5), valid_from=start, today=TODAY
        )
    assert "2031-06-01" in str(err.value.message)


def test_no_valid_until_is_no_check():
    validity.check_valid_until(None, version=_version(5), valid_from=TODAY, today=TODAY)


def test_add_years_keeps_29_february_as_28_and_stops_at_the_end_of_dates():
    assert validity.add_years(datetime.date(2028, 2, 29), 5) == datetime.date(2033, 2, 28)
    assert validity.add_years(datetime.date(9990, 1, 1), 30) == datetime.date.max
    assert validity.item_validity(_version(5), datetime.date(9998, 1, 1)) == (
        datetime.date.max - datetime.timedelta(days=1)
    )


def test_a_renewal_starts_the_day_after_or_today_if_lapsed():
    assert validity.renewal_start(datetime.date(2031, 5, 31), TODAY) == datetime.date(2031, 6, 1)
    assert validity.renewal_start(datetime.date(2020, 1, 1), TODAY) == TODAY
    assert validity.renewal_start(None, TODAY) == TODAY


@pytest.mark.parametrize("until", [datetime.date.max, datetime.date(2056, 6, 2)])
def test_a_permit_valid_past_the_bound_is_not_renewed(until):
    with pytest.raises(InvalidTransition) as err:
        validity.renewal_start(until, TODAY)
    assert err.value.code == "renewal_not_due"
