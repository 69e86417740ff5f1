"""The ``episodic`` mitigation: a group that did most of its work in one short episode that is over."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.scoring import EPISODE_AFTER_HOURS, EPISODE_HOURS, _busiest_window

DAY = 86400


def test_busiest_window_counts_each_accounts_heaviest_hours_in_any_event_order():
    rng = np.random.default_rng(3)
    acc = np.r_[np.zeros(50, int), np.ones(30, int), np.full(4, 3)]
    # account 0: 40 requests within 30 hours on day 5, 10 spread over ten other days
    ts0 = np.r_[5 * DAY + rng.uniform(0, 30 * 3600, 40), (np.arange(10) * 2 + 7) * DAY + 3600.0]
    # account 1: 3 a day for ten days (any two days hold 6 of 30); account 3: 4 requests in one hour
    ts1 = np.repeat(np.arange(10) * DAY, 3) + np.tile([100.0, 200.0, 300.0], 10)
    ts = np.r_[ts0, ts1, 20 * DAY + np.array([1.0, 2.0, 3.0, 4.0])].astype(np.int64)
    n_events = np.bincount(acc, minlength=4)
    order = np.lexsort((ts, acc))
    share, start = _busiest_window(acc[order], ts[order], n_events, 4)
    assert share.tolist() == pytest.approx([40 / 50, 6 / 30, 0.0, 1.0])
    assert start[0] == 5 * 24 and start[3] == 20 * 24 and np.isnan(start[2])
    perm = rng.permutation(len(ts))  # unsorted input: the same answer
    share2, start2 = _busiest_window(acc[perm], ts[perm], n_events, 4)
    assert share2.tolist() == share.tolist() and np.array_equal(start2, start, equal_nan=True)


def _event_world(event_day: float, days: int = 14, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Eight accounts that sign up together and spend 40 hours on one network with one client, near the limit,
    drawing long answers to their own prompts (some asking for steps), from ``event_day`` on; 60 ordinary
    accounts over ``days`` days."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-10-01", tz="UTC").value // 10**9
    rows, accounts = [], []
    group = [f"hack{i}" for i in range(8)]
    for i, a in enumerate(group):
        accounts.append((a, t0 + int(event_day * DAY) - 3600 + 60 * i))
        for t in np.sort(rng.uniform(0, 40 * 3600, 600)):
            words = " ".join(f"w{x}" for x in rng.integers(0, 5000, 8))
            steps = " Think step by step." if rng.random() < 0.2 else ""
            rows.append((a, t0 + int(event_day * DAY + t), "198.51.100.7", f"card_{a}", words + steps, 2000,
                         "hackkit/1.0"))
    ordinary_accounts(rng, t0, 60, days, rows, accounts)
    ev, ac = frames(rows, accounts)
    return ev, ac, group


def ordinary_accounts(rng, t0: int, n: int, days: int, rows: list, accounts: list) -> None:
    """``n`` ordinary accounts, each on its own address and card, 20-60 notes over ``days`` days with answers of
    100-400 tokens, appended to ``rows`` (account, epoch seconds, ip, card, prompt, output tokens, user agent) and
    ``accounts`` (account, created epoch seconds)."""
    for j in range(n):
        a = f"user{j}"
        accounts.append((a, t0 - int(rng.uniform(30, 300) * DAY)))
        for t in np.sort(rng.uniform(0, days * DAY, int(rng.integers(20, 60)))):
            rows.append((a, t0 + int(t), f"203.0.113.{j + 1}", f"card_{a}",
                         f"note {int(rng.integers(0, 10**6))} about topic {int(rng.integers(0, 10**6))} for me",
                         int(rng.integers(100, 400)), f"browser/{j}"))


def busy_cot_ring(rng, t0: int, n: int, days: int, rows: list, accounts: list,
                  tokens: tuple[int, int] | None = None) -> list[str]:
    """``n`` ring accounts on three hosting addresses, signed up within half a day three days before ``t0``,
    300-400 chain-of-thought requests a day each round the clock (answers of ``tokens`` = (low, high) tokens, or
    0), appended to ``rows`` and ``accounts`` as in :func:`ordinary_accounts`. Returns the account ids."""
    ring = [f"ring{i}" for i in range(n)]
    for i, a in enumerate(ring):
        accounts.append((a, t0 - 3 * DAY + int(rng.uniform(0, 0.5 * DAY))))
        for t in np.sort(rng.uniform(0, days * DAY, int(rng.integers(300 * days, 400 * days)))):
            q = (f"Problem {int(rng.integers(0, 10**7))}: prove that {int(rng.integers(0, 10**4))} has property "
                 f"{int(rng.integers(0, 50))}. Think step by step and show your full reasoning.")
            rows.append((a, t0 + int(t), f"192.0.2.{int(rng.integers(20, 23))}", f"card_r{i}", q,
                         int(rng.integers(*tokens)) if tokens else 0, "python-sdk/1.0"))
    return ring


def frames(rows: list, accounts: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events and accounts frames of :func:`ordinary_accounts`' row layout."""
    ev = pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "payment_method", "prompt", "output_tokens",
                                     "user_agent"])
    ev["timestamp"] = pd.to_datetime(ev["timestamp"], unit="s", utc=True)
    ac = pd.DataFrame(accounts, columns=["account_id", "created_at"])
    ac["created_at"] = pd.to_datetime(ac["created_at"], unit="s", utc=True)
    return ev, ac


def _group_ring(res, group):
    acc = res.accounts.set_index("account_id")
    rid = acc.loc[group, "ring_id"]
    assert (rid == rid.iloc[0]).all() and rid.iloc[0] != "", rid
    return acc.loc[group], res.rings.set_index("ring_id").loc[rid.iloc[0]]


def test_a_group_whose_one_episode_is_over_is_not_flagged_but_one_at_the_end_of_the_data_is():
    """The same 40-hour event, early in 14 days of data (ten days follow it) and on the last two days (it may be a
    ring that has just started): ONE_EPISODE lowers the first below the threshold and leaves the second alone."""
    ev, ac, group = _event_world(event_day=2)
    res = gh.detect(ev, ac)
    members, ring = _group_ring(res, group)
    assert ring["episode_share"] == pytest.approx(1.0) and ring["f_episodic"] == 1.0
    assert "ONE_EPISODE" in ring["reasons"] and not members["flagged"].any(), ring
    text = res.explain(group[0])  # the investigator reads why, with the group's own share
    assert "100% of the members' requests fell within one two-day window, and the data go on" in text and "lowers the score" in text
    # without the mitigation the same group is a ring: the feature is what leaves it alone
    members0, ring0 = _group_ring(gh.detect(ev, ac, config=gh.load_config(None, ["scoring.weights.episodic=0"])), group)
    assert members0["flagged"].all() and ring0["risk_score"] > ring["risk_score"] + 0.3, ring0

    ev_end, ac_end, _ = _event_world(event_day=14 - 40 / 24)  # the window ends with the event
    members_end, ring_end = _group_ring(gh.detect(ev_end, ac_end), group)
    assert ring_end["f_episodic"] == 0.0 and "ONE_EPISODE" not in ring_end["reasons"]
    assert members_end["flagged"].all(), ring_end
    # the two-day window must end three days before the data do (scoring.EPISODE_HOURS, EPISODE_AFTER_HOURS):
    # an event that starts 5.3 days before the end counts, one that starts 4.7 days before it does not
    assert (EPISODE_HOURS + EPISODE_AFTER_HOURS) / 24 == 5
    ev3, ac3, _ = _event_world(event_day=14 - 5.3)
    assert _group_ring(gh.detect(ev3, ac3), group)[1]["f_episodic"] == 1.0
    ev2, ac2, _ = _event_world(event_day=14 - 4.7)
    assert _group_ring(gh.detect(ev2, ac2), group)[1]["f_episodic"] == 0.0


def test_a_sustained_group_gets_no_episode_mitigation():
    """The same eight accounts spreading the same requests over twelve days: no two days hold most of them."""
    ev, ac, group = _event_world(event_day=1)
    g = ev["account_id"].isin(group).to_numpy()
    rng = np.random.default_rng(1)
    t0 = ev.loc[g, "timestamp"].min()
    ev.loc[g, "timestamp"] = t0 + pd.to_timedelta(rng.integers(0, 12 * DAY, int(g.sum())), unit="s")
    members, ring = _group_ring(gh.detect(ev, ac), group)
    assert ring["episode_share"] < 0.6 and ring["f_episodic"] == 0.0
    assert members["flagged"].all(), ring


def test_members_that_each_burn_their_own_two_days_one_after_another_are_no_episode():
    """A ring that uses each account for a short burst and then the next one (trial accounts burnt one after
    another, each overlapping the next on the shared address) has every member in one episode of its own,
    but the group's requests are spread over nine days: only members whose busiest window lies near the
    group's median count."""
    ev, ac, group = _event_world(event_day=1, days=20)
    g = ev["account_id"].isin(group).to_numpy()
    shift = ev.loc[g, "account_id"].str[4:].astype(int).to_numpy()  # member i starts i days later (overlapping)
    ev.loc[g, "timestamp"] = ev.loc[g, "timestamp"] + pd.to_timedelta(shift, unit="D")
    members, ring = _group_ring(gh.detect(ev, ac), group)
    assert ring["episode_share"] < 0.5 and ring["f_episodic"] == 0.0, ring
    assert members["flagged"].all(), ring


def test_one_stray_future_date_does_not_make_a_burst_at_the_end_of_the_data_look_over():
    """The data end for "over" is the 99.9th percentile of times, not the latest: one placeholder date a year
    ahead in an unrelated account left every group's burst more than 72 hours before the data end (review)."""
    ev, ac, group = _event_world(event_day=14 - 40 / 24)
    stray = ev[ev["account_id"] == "user0"].head(1).copy()
    stray["timestamp"] = pd.Timestamp("2099-01-01", tz="UTC")
    members, ring = _group_ring(gh.detect(pd.concat([ev, stray], ignore_index=True), ac), group)
    assert ring["f_episodic"] == 0.0 and members["flagged"].all(), ring


def test_stray_future_dates_of_more_than_a_thousandth_of_the_events_do_not_make_the_burst_look_over(caplog):
    """The 99.9th percentile was the data end: 100 of 40,000 events (0.25 %) from five benign accounts dated
    2099 moved it there, and a 91-account ring that had just started at the real end got ONE_EPISODE (risk
    0.98 -> 0.76), with no warning (a tester). Events far after the main time range (up to 2 %) are left out of
    the data end, with a warning."""
    ev, ac, group = _event_world(event_day=14 - 40 / 24)
    stray = ev[ev["account_id"].isin([f"user{j}" for j in range(5)])].groupby("account_id").head(8).copy()
    assert 0.004 < len(stray) / len(ev) < 0.02
    stray["timestamp"] = pd.Timestamp("2099-01-01", tz="UTC") + pd.to_timedelta(np.arange(len(stray)), unit="s")
    with caplog.at_level("WARNING"):
        members, ring = _group_ring(gh.detect(pd.concat([ev, stray], ignore_index=True), ac), group)
    assert ring["f_episodic"] == 0.0 and members["flagged"].all(), ring
    assert "lie far after the log's main time range" in caplog.text and "2099-01-01" in caplog.text
