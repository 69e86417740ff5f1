"""The schedule link: accounts that keep the same few, scattered hours of the day, or one job window.

A ring whose accounts share nothing else (each its own addresses and card, no prompt text) but
run from one job scheduler: every account sends its requests in the same four 40-minute windows
of the day, or in one batch window that opens and closes at the same minutes every day. People
keep one block of hours (their day, their office hours) whose ends wander, apps that run around
the clock keep none; neither may be linked by it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.links.base import Incidence
from graphhunt.links.schedule import job_windows, schedule_codes
from graphhunt.refresh import new_linking_accounts

T0 = pd.Timestamp("2026-09-07", tz="UTC").value // 10**9
DAY = 86400
RING_HOURS = (2, 9, 15, 21)
BROWSERS = ["Mozilla/5.0 (Windows NT 10.0) Chrome/130", "Mozilla/5.0 (Macintosh) Safari/17",
            "Mozilla/5.0 (X11; Linux) Firefox/131"]


WORDS = ("river mountain budget recipe garden invoice travel museum sensor market poem history "
         "battery window email summary contract design lesson planet engine theory forest client "
         "report meeting coffee station photo winter number problem answer city music").split()


def _world(seed=0, ring=True, offset_min=0, batch=None):
    rng = np.random.default_rng(seed)
    rows, accts = [], []

    def add(acc, t, ip, out, ua, cot=False):
        text = " ".join(rng.choice(WORDS, int(rng.integers(8, 25))))
        rows.append((acc, int(t), ip, int(out), ua, text + (" Think step by step and show your reasoning." if cot else "")))

    for i in range(300):  # individuals: one block of hours around mid-afternoon in their time zone
        acc, tz = f"b{i:03d}", int(rng.integers(-8, 10))
        accts.append((acc, f"card-b{i}"))
        ua = BROWSERS[i % 3]
        for _ in range(int(rng.lognormal(2.8, 0.8)) + 2):
            t = T0 + int(rng.integers(0, 14)) * DAY + (rng.normal(15, 3) - tz) * 3600
            add(acc, t, f"10.{i // 200}.{i % 200}.7", rng.normal(110, 25), ua)
    for i in range(30):  # heavy office users in one time zone: 9-17 on weekdays, 60-200 requests each
        acc = f"o{i:02d}"
        accts.append((acc, f"card-o{i}"))
        for _ in range(int(rng.integers(60, 200))):
            day = int(rng.choice([0, 1, 2, 3, 4, 7, 8, 9, 10, 11]))
            add(acc, T0 + day * DAY + rng.uniform(8, 16) * 3600, f"10.9.{i}.9", rng.normal(400, 80), BROWSERS[0])
    for i in range(20):  # apps around the clock: heavy, long outputs, one SDK each
        acc = f"h{i:02d}"
        accts.append((acc, f"card-h{i}"))
        for t in np.sort(rng.uniform(0, 14 * DAY, 600)):
            add(acc, T0 + t, f"3.{i}.0.5", rng.normal(1500, 200), f"app-{i}/1.0 python-requests/2.32")
    if batch is not None:  # the ring runs one batch a day, (start hour, hours) from one scheduler
        start_h, hours = batch
        for m in range(6):
            acc = f"r{m}"
            accts.append((acc, f"card-r{m}"))
            for day in range(14):
                if rng.random() < 0.2:
                    continue
                t0 = T0 + day * DAY + start_h * 3600 + rng.normal(0, 90)  # the job starts within minutes
                for s in np.sort(rng.uniform(0, hours * 3600, int(rng.integers(50, 90)))):
                    add(acc, t0 + s, f"81.{40 + m}.{m}.{m + 2}", rng.normal(1500, 200), "python-httpx/0.27",
                        cot=rng.random() < 0.6)
    elif ring:
        for m in range(6):  # the ring: own address and card each, one scheduler's four windows a day,
        # free-text questions with a chain-of-thought request (no template to share)
            acc = f"r{m}"
            accts.append((acc, f"card-r{m}"))
            for day in range(14):
                if rng.random() < 0.2:
                    continue
                for h in RING_HOURS:
                    for s in rng.uniform(0, 2400, int(rng.integers(4, 9))):
                        add(acc, T0 + day * DAY + h * 3600 + offset_min * 60 + s, f"81.{40 + m}.{m}.{m + 2}",
                            rng.normal(1500, 200), "python-httpx/0.27", cot=rng.random() < 0.6)
    ev = pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "output_tokens", "user_agent", "prompt"])
    ev["timestamp"] = pd.to_datetime(ev["timestamp"], unit="s", utc=True)
    return ev, pd.DataFrame(accts, columns=["account_id", "payment_method"])


def _flagged(res):
    a = res.accounts
    return set(a.loc[a["flagged"], "account_id"])


RING = {f"r{m}" for m in range(6)}


@pytest.mark.parametrize("offset_min", [0, 35])  # windows on the hour, and windows that straddle it
def test_ring_on_one_schedule_is_found(offset_min):
    ev, acc = _world(0, offset_min=offset_min)  # prompts: no template family ties the ring
    res = gh.detect(ev, acc)
    assert _flagged(res) == RING
    ring = res.rings[res.rings["flagged"]].iloc[0]
    assert "SHARED_INFRASTRUCTURE" in ring["reasons"]
    hours = "-".join(f"{h:02d}" for h in RING_HOURS)
    assert f"schedule:{hours}" in ring["shared_schedule"] or "schedule+" in ring["shared_schedule"]
    # nothing else ties these accounts together: without the schedule link none is flagged
    off = gh.detect(ev, acc, gh.load_config(overrides=[
        'links.types=["payment", "ip", "ip_window", "network", "template"]']))
    assert _flagged(off) & RING == set()


@pytest.mark.parametrize("batch", [(14, 3), (23.5, 2)])  # an afternoon batch, and one across midnight
def test_ring_in_one_job_window_is_found(batch):
    """One block of hours is no schedule (a person's day is one too), but a block that opens and
    closes at the same minutes every day is a job scheduler's window: the ring's only shared trait."""
    ev, acc = _world(2, ring=False, batch=batch)
    res = gh.detect(ev, acc)
    assert _flagged(res) == RING
    ring = res.rings[res.rings["flagged"]].iloc[0]
    assert "SHARED_INFRASTRUCTURE" in ring["reasons"]
    assert "window" in ring["shared_schedule"]
    assert ("window@noon" in ring["shared_schedule"]) == (batch[0] + batch[1] > 24)  # read from noon
    # the hour-set schedule cannot see it (one run of hours), and without windows none is flagged
    inc = res.incidence
    assert not inc.loc[inc["link_type"] == "schedule", "attribute"].str.startswith("schedule").any()
    off = gh.detect(ev, acc, gh.load_config(overrides=["links.window_min_days=0"]))
    assert _flagged(off) & RING == set()


def test_job_windows():
    rng = np.random.default_rng(3)
    acc, ts = [], []

    def days(a, n_days, start_min, end_min, n, jitter=2.0):
        for d in range(n_days):
            s = start_min + rng.normal(0, jitter)
            for t in np.sort(rng.uniform(s, s + (end_min - start_min), n)):
                acc.append(a)
                ts.append(T0 + d * DAY + int(t * 60))

    days(0, 7, 60, 180, 40)                       # 01:00-03:00 every day: a job window
    days(1, 7, 60, 180, 40, jitter=60)            # the same block, starting up to hours apart: a person
    days(2, 4, 60, 180, 40)                       # four days only (fewer than 5)
    days(3, 7, 0, 1439, 200)                      # around the clock
    days(6, 7, 480, 960, 200)                     # 08:00-16:00: a working day, longer than six hours
    days(4, 7, 60, 180, 6)                        # six requests a day (fewer than 10 per day)
    days(5, 7, 22 * 60, 25 * 60, 60)              # 22:00-01:00: across midnight
    acc, ts = np.array(acc), np.array(ts)
    held, lo, hi = job_windows(acc, ts, 7, 5, 10, 10)
    assert held.tolist() == [0]
    assert abs(lo[0] - 60) <= 10 and abs(hi[0] - 180) <= 10  # first and last of 40 requests in the window
    held, lo, hi = job_windows(acc, ts, 7, 5, 10, 10, day_start_hour=12)  # read from noon
    assert held.tolist() == [0, 5]
    assert abs(lo[1] - 600) <= 10 and abs(hi[1] - 780) <= 10  # 22:00 and 01:00 are minutes 600 and 780 after noon
    perm = rng.permutation(len(ts))  # the events' order does not matter
    got = job_windows(acc[perm], ts[perm], 7, 5, 10, 10)
    ref = job_windows(acc, ts, 7, 5, 10, 10)
    assert all((a == b).all() for a, b in zip(got, ref))
    assert len(job_windows(acc, ts, 7, 0, 10, 10)[0]) == 0  # 0 days: off
    assert job_windows(acc, ts, 7, 5, 10, 10, max_hours=8)[0].tolist() == [0, 6]  # the working day, if allowed


def test_people_and_round_the_clock_apps_are_not_linked_by_their_hours():
    ev, acc = _world(1, ring=False)
    res = gh.detect(ev, acc)
    assert _flagged(res) == set()
    inc = res.incidence
    assert not (inc["link_type"] == "schedule").any()  # nobody here keeps scattered hours


def _counts(hours_requests):
    c = np.zeros((len(hours_requests), 24), int)
    for i, hr in enumerate(hours_requests):
        for h, k in hr.items():
            c[i, h] = k
    return c


def test_schedule_codes():
    c = _counts([
        {2: 20, 9: 20, 15: 20},          # three separate hours: a schedule
        {9: 20, 10: 20, 11: 20},         # one block: a person's morning, no schedule
        {2: 10, 9: 10, 15: 10},          # too few requests (30 < 50)
        {h: 10 for h in range(0, 24, 3)},  # eight separate hours: more than six
        {2: 30, 9: 30, 15: 1, 20: 1},    # two hours hold 97 %: the stray requests are left out
        {23: 30, 0: 30, 12: 30},         # a run across midnight counts as one run: 23-00 and 12
        {0: 20, 6: 20, 12: 20, 18: 20},  # every six hours: a stock cron line, no evidence of one operator
        {3: 30, 11: 30, 19: 30},         # every eight hours
        {1: 30, 2: 30, 13: 30, 14: 30},  # two runs of two, twelve hours apart: periodic too
        {9: 20, 10: 20, 11: 20, 12: 3, 13: 20, 14: 20},  # a working day with a quiet lunch hour: one run
        {9: 20, 10: 20, 11: 20, 14: 20, 15: 20, 16: 20},  # two runs three hours apart: a schedule
    ])
    got = schedule_codes(c, 50, 0.9, 6)
    assert got.tolist() == [(1 << 2) | (1 << 9) | (1 << 15), 0, 0, 0, (1 << 2) | (1 << 9),
                            (1 << 0) | (1 << 12) | (1 << 23), 0, 0, 0, 0,
                            sum(1 << h for h in (9, 10, 11, 14, 15, 16))]
    assert schedule_codes(_counts([{0: 30, 1: 30, 12: 30}]), 50, 0.9, 6).tolist() == [(1 << 0) | (1 << 1) | (1 << 12)]
    assert schedule_codes(_counts([{23: 30, 0: 30, 1: 30}]), 50, 0.9, 6).tolist() == [0]  # one run over midnight
    for dt in (np.int32, np.uint16, np.uint32, np.uint64, np.float64):  # any numeric counts, same answer
        assert schedule_codes(c.astype(dt), 50, 0.9, 6).tolist() == got.tolist(), dt


def test_refresh_counts_a_schedule_holder_with_new_events_as_changed():
    """A schedule is computed from all of an account's events, so new events can change it even though
    the account was first seen long ago: the refresh must count its holders with new events."""
    inc = Incidence(link_type="schedule", account=np.array([0, 1, 2], np.int32), attr=np.zeros(3, np.int64),
                    labels=np.array(["schedule:02-09-15"], dtype=object), n_events=np.full(3, 90, np.int32),
                    first_seen=np.array([100, 100, 100]), last_seen=np.array([500, 1000, 2000]))
    attrs = pd.DataFrame({"link_type": ["schedule"], "attr": [0], "weight": [0.8]})
    assert new_linking_accounts([inc], attrs, 3, 900).tolist() == [False, True, True]
    ip = Incidence(link_type="ip", account=inc.account, attr=inc.attr, labels=np.array(["ip:1.2.3.4"], dtype=object),
                   n_events=inc.n_events, first_seen=inc.first_seen, last_seen=inc.last_seen)
    assert new_linking_accounts([ip], attrs.assign(link_type="ip"), 3, 900).tolist() == [False, False, False]


def test_refresh_drops_an_account_whose_new_events_end_its_schedule(tmp_path):
    """New events can also *take away* a schedule (and with it every link of an account tied only by
    it): the refresh must count that account as changed, or it keeps it in its old ring while a full
    detect over the same events has it in none."""
    from graphhunt.refresh import refresh

    ev, acc = _world(0)
    cut = pd.Timestamp(T0 + 7 * DAY, unit="s", tz="UTC")
    late = ev["timestamp"] >= cut
    # second week: r0-r4 are idle, r5 runs around the clock (no schedule any more)
    r5 = ev[ev["account_id"] == "r5"].iloc[0]
    clock = pd.DataFrame([r5] * 900).reset_index(drop=True)
    clock["timestamp"] = pd.to_datetime(T0 + np.sort(np.random.default_rng(5).uniform(7 * DAY, 14 * DAY, 900)),
                                        unit="s", utc=True)
    ev = pd.concat([ev[~(late & ev["account_id"].isin(RING))], clock], ignore_index=True)
    acc.to_csv(tmp_path / "accounts.csv", index=False)
    paths = []
    for i, s in enumerate([ev[ev["timestamp"] < cut], ev[ev["timestamp"] >= cut]]):
        s = s.assign(timestamp=s["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
        paths.append(tmp_path / f"slice{i}.csv")
        s.to_csv(paths[-1], index=False)
    for p in paths:
        rr = refresh(tmp_path / "state", p, tmp_path / "accounts.csv")
    assert rr.result.run_info["communities_update"]["mode"] == "region"
    det = gh.detect(pd.concat([gh.load_events(p) for p in paths], ignore_index=True),
                    gh.load_accounts(tmp_path / "accounts.csv"))

    def ring_members(res):
        a = res.accounts
        return {x for x in RING if a.loc[a["account_id"] == x, "ring_id"].fillna("").iloc[0] != ""}

    assert ring_members(det) == RING - {"r5"}
    assert ring_members(rr.result) == ring_members(det)
