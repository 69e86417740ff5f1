"""Small array helpers for hot paths.

numpy 2.4's ``np.unique(x)`` (no extra outputs) takes a hash-based path that
was measured 50-60x slower than sorting on 2M int64 keys (2.4-2.8 s against
0.04 s); with ``return_counts=True`` it sorts and is fast. :func:`unique_sorted`
always sorts.
"""
from __future__ import annotations

import numpy as np

__all__ = ["unique_sorted"]


def unique_sorted(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values of ``x`` (same result as ``np.unique(x)`` for numeric arrays).

    >>> unique_sorted(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    """
    s = np.sort(np.asarray(x).ravel())
    if len(s) == 0:
        return s
    return s[np.r_[True, s[1:] != s[:-1]]]
