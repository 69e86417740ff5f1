"""The per-account daily limit read from the data (``scoring.requests_per_day_limit = 0``, the default).

A platform refuses the requests over its limit and does not log them, so the accounts that want more stop
at exactly the limit: the largest account-day count is shared by many account-days of several accounts.
graphhunt.activity.infer_daily_limit reads that pile-up; without one the limit is 1000.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.activity import DEFAULT_DAILY_LIMIT, infer_daily_limit
from graphhunt.simulate import simulate


def _smooth_tail(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Account-day counts of ``n`` account-days with a smooth, heavy tail, and their accounts."""
    return np.maximum(1, rng.lognormal(3.0, 1.0, n)).astype(np.int64), rng.integers(0, n // 5, n)


def test_pile_up_at_the_largest_count_is_the_limit():
    rng = np.random.default_rng(0)
    d, a = _smooth_tail(rng, 20_000)
    cap = 300
    assert (d > cap).sum() >= 10
    d = np.minimum(d, cap)
    got = infer_daily_limit(d, a)
    assert got["limit"] == cap and got["max_daily"] == cap
    assert got["account_days_at_max"] >= 10 and got["accounts_at_max"] >= 3 and got["spike"] >= 10


def test_smooth_tail_has_no_limit():
    d, a = _smooth_tail(np.random.default_rng(1), 20_000)
    got = infer_daily_limit(d, a)
    assert got["limit"] is None and got["max_daily"] == d.max()


def test_one_account_at_its_own_maximum_is_not_a_limit():
    """Twenty days of one heavy account at exactly 266 (world4's pattern): a habit of one account."""
    d, a = _smooth_tail(np.random.default_rng(2), 5_000)
    d = np.r_[np.minimum(d, 200), np.full(20, 266)]
    a = np.r_[a, np.full(20, 10_000)]
    assert infer_daily_limit(d, a)["limit"] is None
    # three accounts stopping there are a limit
    a2 = np.r_[a[:-20], np.repeat([10_000, 10_001, 10_002], [7, 7, 6])]
    assert infer_daily_limit(d, a2)["limit"] == 266


def test_a_pile_up_below_the_largest_count_is_a_cadence_not_the_limit():
    """Monitors sending exactly 288 a day (every 5 minutes) under a limit nobody reaches."""
    d, a = _smooth_tail(np.random.default_rng(3), 20_000)
    d = np.r_[d, np.full(500, 288)]
    a = np.r_[a, np.repeat(np.arange(50) + 100_000, 10)]
    assert d.max() > 288
    assert infer_daily_limit(d, a)["limit"] is None


def test_empty_and_tiny_inputs():
    assert infer_daily_limit(np.array([], np.int64), np.array([], np.int64))["limit"] is None
    assert infer_daily_limit(np.ones(50, np.int64), np.arange(50))["limit"] is None  # 1 a day is no limit


def _capped(events: pd.DataFrame, cap: int) -> pd.DataFrame:
    """The events a platform with a limit of ``cap`` a UTC day logs: each account-day's first ``cap``."""
    ev = events.sort_values(["account_id", "timestamp"], kind="stable")
    day = pd.to_datetime(ev["timestamp"], utc=True).dt.floor("D")
    keep = ev.groupby([ev["account_id"], day]).cumcount() < cap
    return ev[keep.to_numpy()].sort_values("timestamp", kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def world():
    """A simulated world plus six heavy API customers who want 300-600 requests a day, on a platform
    whose limit is 250 a day (the simulated traffic stays far below it)."""
    w = simulate(n_accounts=1500, seed=5, profile="hard")
    rng = np.random.default_rng(7)
    start = pd.Timestamp(w.events["timestamp"].min()).floor("D")
    rows = []
    for i in range(6):
        days = np.repeat(np.arange(10), rng.integers(300, 600, 10))
        t = start + pd.to_timedelta(days * 86400 + rng.integers(0, 86400, len(days)), unit="s")
        heavy = w.events.sample(len(days), replace=True, random_state=i).reset_index(drop=True)
        heavy["account_id"] = f"heavy_{i}"
        heavy["timestamp"] = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        heavy["ip"] = f"81.2.{60 + i}.10"
        heavy["api_key_id"] = f"key_heavy_{i}"
        rows.append(heavy)
    events = pd.concat([w.events, *rows], ignore_index=True).sort_values("timestamp", kind="stable")
    accounts = pd.concat([w.accounts, pd.DataFrame({
        "account_id": [f"heavy_{i}" for i in range(6)], "created_at": w.accounts["created_at"].min(),
        "payment_method": [f"pm_heavy_{i}" for i in range(6)], "email_domain": "gmail.com",
        "country": "DE", "org_id": ""})], ignore_index=True)
    return events.reset_index(drop=True), accounts, w.truth, 250


@pytest.fixture(scope="module")
def runs(world):
    """detect on the capped world with the limit read from the data and with it configured, and on the
    uncapped world (run once for the tests below)."""
    events, accounts, _, cap = world
    ev = _capped(events, cap)
    return {"auto": gh.detect(ev, accounts), "ev": ev,
            "told": gh.detect(ev, accounts, config={"scoring": {"requests_per_day_limit": cap}}),
            "uncapped": gh.detect(events, accounts)}


def test_detect_reads_the_limit_and_scores_as_if_it_was_configured(world, runs):
    accounts, cap = world[1], world[3]
    ev, auto, told = runs["ev"], runs["auto"], runs["told"]
    lim = auto.run_info["daily_limit"]
    assert lim["limit"] == cap and lim["source"] == "inferred", lim
    assert auto.config.scoring.requests_per_day_limit == 0  # the stored config repeats the inference
    assert told.run_info["daily_limit"]["source"] == "config"
    cols = ["ring_id", "size", "risk_score", "flagged", "median_utilization", "volume_accounts_worth"]
    pd.testing.assert_frame_equal(auto.rings[cols], told.rings[cols])
    # the default limit on the same data scores volume against 1000, not the platform's limit
    thousand = gh.detect(ev, accounts, config={"scoring": {"requests_per_day_limit": 1000}})
    other = thousand.rings.set_index("ring_id")
    assert not np.allclose(auto.rings["median_utilization"].to_numpy(),
                           other.loc[auto.rings["ring_id"], "median_utilization"].to_numpy())


def test_the_explanation_names_the_limit_the_run_used(world, runs):
    cap, res, told = world[3], runs["auto"], runs["told"]
    vol = res.rings[res.rings["reasons"].str.contains("HIGH_VOLUME")]
    assert len(vol), "no ring with HIGH_VOLUME to explain"
    text = res.explain(vol.iloc[0]["ring_id"])
    assert f"limit of {cap:,}/day, as the data show it" in text
    assert f"limit of {cap:,}/day)" in told.explain(vol.iloc[0]["ring_id"])  # a configured limit: no remark


def test_without_a_pile_up_the_limit_is_the_default(runs):
    res = runs["uncapped"]  # nobody stopped: the heavy customers' counts trail off
    assert res.run_info["daily_limit"]["limit"] == DEFAULT_DAILY_LIMIT
    assert res.run_info["daily_limit"]["source"] == "default"


def test_a_negative_limit_is_refused():
    with pytest.raises(gh.ConfigError, match="requests_per_day_limit"):
        gh.Config().with_overrides(["scoring.requests_per_day_limit=-5"])


def test_the_report_says_where_the_limit_came_from(world, runs):
    from graphhunt.sinks.report import build_report

    cap = world[3]
    page = build_report(runs["auto"])
    assert f"per-account limit {cap:,}/day (read from the data)" in page
    page = build_report(runs["uncapped"])
    assert "per-account limit 1,000/day (the default: the data showed none)" in page
