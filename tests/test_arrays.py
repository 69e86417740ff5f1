"""Memory release between stages: only when the process holds a large share of the memory."""
from __future__ import annotations

import gc
import sys

import numpy as np
import pytest

from graphhunt import _arrays


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_memory_tight_compares_resident_set_with_available_memory():
    assert _arrays.memory_tight(0.0)
    assert not _arrays.memory_tight(1.0)  # the resident set cannot be all of itself plus free memory


def test_release_runs_only_when_tight_or_forced(monkeypatch):
    calls = []
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append(1) or 0)
    monkeypatch.setattr(_arrays, "memory_tight", lambda share=_arrays.RELEASE_SHARE: False)
    _arrays.release_memory()
    assert calls == []
    _arrays.release_memory(force=True)
    assert calls == [1]
    monkeypatch.setattr(_arrays, "memory_tight", lambda share=_arrays.RELEASE_SHARE: True)
    _arrays.release_memory()
    assert calls == [1, 1]


def test_unique_sorted_equals_numpy_unique():
    x = np.random.default_rng(0).integers(-50, 50, 1000)
    assert np.array_equal(_arrays.unique_sorted(x), np.unique(x))


@pytest.mark.parametrize("values", [
    ["a", "b", "ä€", ""],
    ["x", None, "y"],
    ["x", float("nan"), "y"],
    [1, 2, 3],  # not strings: left for pandas to infer
    ["x", 1],
    [],
    [None, None],
    [None, float("nan")],
    [b"a", b"b"],
    ["a", b"b"],
])
def test_str_array_is_what_pandas_infers(values):
    import pandas as pd

    obj = np.array(values, dtype=object)
    want = pd.DataFrame({"c": obj})["c"]
    got = pd.DataFrame({"c": _arrays.str_array(obj)})["c"]
    pd.testing.assert_series_equal(got, want)


@pytest.mark.parametrize("n,hi,dtype", [(0, 1, np.int64), (1, 5, np.int64), (1000, 7, np.int32), (5000, 10**6, np.int64),
                                        (300, 2**62, np.int64), (2000, 50, np.uint16)])
def test_stable_argsort_equals_numpy_stable(n, hi, dtype):
    """Packed key * n + position sorted unstably is the stable order (and the fallback when it would overflow)."""
    keys = np.random.default_rng(n).integers(0, hi, n).astype(dtype)
    want = np.argsort(keys, kind="stable")
    assert np.array_equal(_arrays.stable_argsort(keys), want)
    order, s = _arrays.stable_argsort(keys, return_sorted=True)
    assert np.array_equal(order, want) and np.array_equal(s, keys[want].astype(np.int64))


def test_stable_argsort_negative_keys_fall_back():
    keys = np.array([2, -1, 2, -5, 0])
    assert np.array_equal(_arrays.stable_argsort(keys), np.argsort(keys, kind="stable"))


def test_cgroup_headroom_reads_limit_and_usage(tmp_path):
    (tmp_path / "limit").write_text("1000\n")
    (tmp_path / "usage").write_text("400\n")
    assert _arrays._headroom(str(tmp_path / "limit"), str(tmp_path / "usage")) == 600
    (tmp_path / "limit").write_text("max\n")  # cgroup v2 without a limit
    assert _arrays._headroom(str(tmp_path / "limit"), str(tmp_path / "usage")) == float("inf")
    (tmp_path / "limit").write_text("9223372036854771712\n")  # cgroup v1 without a limit
    assert _arrays._headroom(str(tmp_path / "limit"), str(tmp_path / "usage")) == float("inf")
    assert _arrays._headroom(str(tmp_path / "missing"), str(tmp_path / "usage")) == float("inf")
