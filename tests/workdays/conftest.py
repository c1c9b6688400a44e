"""Helpers for the working-day calendar tests."""

import datetime as dt

import pytest
import time_machine

from workdays.services import TZ
from workdays.signals import official_year_entered

D = dt.date

# A plausible 2027 arrangement (the State Council has not published it yet): what an admin types.
HOLIDAYS_2027 = [
    (D(2027, 1, 1), "元旦"),
    *[(D(2027, 2, day), "春节") for day in range(6, 14)],
    *[(D(2027, 10, day), "国庆节") for day in range(1, 8)],
]
MAKEUPS_2027 = [
    (D(2027, 2, 14), "春节调休"),
    (D(2027, 9, 26), "国庆节调休"),
    (D(2027, 10, 9), "国庆节调休"),
]
HOLIDAYS_2027_TEXT = "2027-01-01 元旦\n2027-02-06~2027-02-13 春节\n2027-10-01~2027-10-07 国庆节"
MAKEUPS_2027_TEXT = "2027-02-14 春节调休\n2027-09-26 国庆节调休\n2027-10-09 国庆节调休"


def frozen(*args):
    """time_machine.travel to a wall-clock moment in Asia/Shanghai (no ticking)."""
    return time_machine.travel(dt.datetime(*args, tzinfo=TZ), tick=False)


@pytest.fixture
def announced():
    """The `year` of every official_year_entered signal sent during the test, in order."""
    years: list[int] = []

    def receiver(sender, year, **kwargs):
        years.append(year)

    official_year_entered.connect(receiver, weak=False, dispatch_uid="test-announced")
    yield years
    official_year_entered.disconnect(dispatch_uid="test-announced")
