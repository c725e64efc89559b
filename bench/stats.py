"""Percentiles and summaries: plain functions, no numpy."""

import math


def percentile(values, p):
    """The p-th percentile (0-100), interpolating linearly between ranks.

    >>> percentile([4, 1, 3, 2], 50), percentile([4, 1, 3, 2], 100)
    (2.5, 4.0)
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values):
    return percentile(values, 50)
