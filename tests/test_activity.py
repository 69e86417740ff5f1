"""The activity timeline (``timeline.parquet``, the report's charts): ``graphhunt.activity.ring_activity``."""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphhunt.activity import ring_activity

T0 = int(pd.Timestamp("2026-11-01T00:00:00Z").timestamp())


def _log(n_days: int = 14, seed: int = 0):
    rng = np.random.default_rng(seed)
    ts = T0 + np.sort(rng.integers(0, n_days * 86_400, 5_000))
    acc = rng.integers(0, 50, len(ts))
    ring = np.array(["ring-0001"] * 10 + [""] * 40, dtype=object)
    return acc, ts, ring


def test_counts_per_ring_and_bucket_add_up():
    acc, ts, ring = _log()
    tl = ring_activity(acc, ts, ring)
    assert (tl["bucket_seconds"] == 3600).all()  # 14 days: hourly buckets (336 <= 400)
    every = tl[tl["ring_id"] == "*"]
    assert every["requests"].sum() == len(ts)
    assert tl.loc[tl["ring_id"] == "ring-0001", "requests"].sum() == int((acc < 10).sum())
    b = (ts - T0) // 3600
    assert every["active_accounts"].sum() == len(set(zip(acc.tolist(), b.tolist())))


def test_a_stray_far_off_time_does_not_coarsen_the_timeline(caplog):
    """A QA pass: one event dated 2099 among two weeks of events set 30-day buckets for every ring (a ring's
    170 hourly points became 2). Such events are left out of the timeline, with a warning; times inside
    the log's own range are all kept."""
    acc, ts, ring = _log()
    base = ring_activity(acc, ts, ring)
    for stray in ("2099-01-01", "2002-06-01"):
        ts2 = ts.copy()
        ts2[17] = int(pd.Timestamp(stray, tz="UTC").timestamp())
        with caplog.at_level("WARNING", logger="graphhunt.activity"):
            caplog.clear()
            tl = ring_activity(acc, ts2, ring)
        assert (tl["bucket_seconds"] == 3600).all()
        assert tl[tl["ring_id"] == "*"]["requests"].sum() == len(ts) - 1
        assert "1 event(s) lie far outside the log's main time range" in caplog.text and stray in caplog.text
        assert len(tl[tl["ring_id"] == "ring-0001"]) >= len(base[base["ring_id"] == "ring-0001"]) - 1
    # a log whose events really span a year keeps them all (monthly traffic, no outlier)
    acc3, ts3, _ = _log(n_days=365, seed=1)
    with caplog.at_level("WARNING", logger="graphhunt.activity"):
        caplog.clear()
        tl = ring_activity(acc3, ts3, ring)
    assert tl[tl["ring_id"] == "*"]["requests"].sum() == len(ts3) and "far outside" not in caplog.text
