"""The percentile and mean read off the (group, working days) histogram equal percentile_cont
over the rows themselves: against Python's definition on any multiset, and against PostgreSQL's
own aggregate when the tests run there."""

import statistics

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from approvals.statistics import fold_buckets, histogram_percentile


def _percentile_cont(values, p):
    """percentile_cont's definition: linear interpolation between the ranks around p·(n−1)."""
    ordered = sorted(values)
    pos = p * (len(ordered) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (pos - lo) * (ordered[hi] - ordered[lo])


def _hist(values):
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return counts


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=1, max_size=200), st.sampled_from([0.5, 0.9, 0.1, 0]))
def test_the_histogram_percentile_is_percentile_cont(values, p):
    assert histogram_percentile(_hist(values), p) == pytest.approx(_percentile_cont(values, p))


def test_the_median_of_an_even_count_interpolates():
    assert histogram_percentile({1: 1, 4: 1}, 0.5) == 2.5
    assert histogram_percentile({1: 2, 3: 2}, 0.5) == 2
    assert histogram_percentile({0: 1, 5: 1}, 0.5) == statistics.median([0, 5])


def test_an_empty_histogram_has_no_percentile():
    assert histogram_percentile({}, 0.5) is None


def test_buckets_fold_into_groups_and_a_total():
    rows = [(2, 1, 3, 3), (1, 0, 1, 1), (2, 4, 1, 1), (None, None, 5, 0), (1, 2, 2, 2)]
    folded = fold_buckets(rows, ("n", "wd_n"), with_total=True)
    assert [k for k, *_ in folded] == [1, 2, None, None]
    (k1, s1, h1, t1), (k2, s2, h2, _t2), (kn, sn, hn, _), (_kt, st_, ht, tt) = folded
    assert s1 == {"n": 3, "wd_n": 3} and h1 == {0: 1, 2: 2} and not t1
    assert h2 == {1: 3, 4: 1}
    assert sn == {"n": 5, "wd_n": 0} and hn == {}
    assert tt and st_ == {"n": 12, "wd_n": 7} and ht == {0: 1, 1: 3, 2: 2, 4: 1}


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_histogram_percentile_equals_postgresqls_aggregate():
    values = [0, 0, 1, 1, 1, 2, 3, 3, 5, 8, 13, 21, 2, 2, 7]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v), "
            "percentile_cont(0.9) WITHIN GROUP (ORDER BY v) FROM unnest(%s::int[]) v",
            [values],
        )
        median, p90 = cursor.fetchone()
    assert histogram_percentile(_hist(values), 0.5) == pytest.approx(median)
    assert histogram_percentile(_hist(values), 0.9) == pytest.approx(p90)
