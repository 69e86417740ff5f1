"""Per-plan daily limits: an accounts file's ``plan`` column, each plan's limit configured
(``scoring.plan_limits``) or read from its own accounts' days (a pile-up at one count that hits a wall at
midnight), each account's use of the limit measured against its own plan's."""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.activity import DEFAULT_DAILY_LIMIT, plan_daily_limits

T0 = int(pd.Timestamp("2026-11-02", tz="UTC").timestamp())
DAYS = 10
FREE_CAP = 40


def _platform(rows: list, caps: dict[str, int], plan_of: dict[str, str]) -> pd.DataFrame:
    """The events a platform logs: each account-day's first requests up to its plan's cap (refused ones
    are not logged)."""
    ev = pd.DataFrame(rows, columns=["account_id", "ts", "ip", "prompt", "user_agent", "output_tokens"])
    ev = ev.sort_values(["account_id", "ts"], kind="stable")
    cap = ev["account_id"].map(plan_of).map(caps).fillna(10**9).to_numpy()
    keep = ev.groupby([ev["account_id"], ev["ts"] // 86400]).cumcount().to_numpy() < cap
    ev = ev[keep].sort_values("ts", kind="stable").reset_index(drop=True)
    ev["timestamp"] = pd.to_datetime(ev.pop("ts"), unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return ev


def plan_world(seed: int = 0, ring_bursts: bool = False) -> tuple[pd.DataFrame, pd.DataFrame, set[str], set[str]]:
    """Benign users on a free plan (40 a day) and a pro plan, some free users wanting more than their
    plan allows; an office on pro behind one NAT address; a ring of 12 free accounts on a private proxy pool
    that wants 120 a day each, around the clock, with one template and ordinary-length answers, no reasoning
    asked: refused from about 08:00 every day, back at midnight. ``ring_bursts``: the ring sends its 120 as
    one burst, 20 s apart, from a random hour of each day (00:00-19:00), so it is refused 13 minutes in and
    goes on at another hour the next day. Returns ``(events, accounts, ring, office)``."""
    rng = np.random.default_rng(seed)
    words = "apple river mountain code data cloud music art history robot ocean planet garden travel budget".split()
    rows, accs, plan_of = [], [], {}

    def text(n: int) -> str:
        return " ".join(rng.choice(words, n))

    for i in range(300):
        a, plan = f"user{i:04d}", ("free" if i % 3 else "pro")
        plan_of[a] = plan
        accs.append((a, f"pm_u{i}", pd.Timestamp(T0 - rng.uniform(30, 300) * 86400, unit="s", tz="UTC").isoformat(), plan))
        ip = f"10.{i % 250}.{rng.integers(255)}.{rng.integers(1, 255)}"
        heavy = i % 10 == 1  # a tenth of the users would send 30-90 a day
        for d in range(DAYS):
            if rng.random() < (0.9 if heavy else 0.5):
                n = int(rng.integers(30, 90)) if heavy else int(rng.integers(1, 15))
                for t in np.sort(rng.integers(6 * 3600, 23 * 3600, n)):
                    rows.append((a, T0 + d * 86400 + int(t), ip, f"Tell me about {text(6)}", "Mozilla/5.0",
                                 int(rng.integers(100, 600))))
    office = set()
    for i in range(30):
        a = f"office{i:03d}"
        office.add(a)
        plan_of[a] = "pro"
        accs.append((a, "pm_corp" if i < 20 else f"pm_o{i}",
                     pd.Timestamp(T0 - rng.uniform(30, 300) * 86400, unit="s", tz="UTC").isoformat(), "pro"))
        for d in range(DAYS):
            for t in np.sort(rng.integers(8 * 3600, 18 * 3600, int(rng.integers(5, 30)))):
                rows.append((a, T0 + d * 86400 + int(t), "198.51.100.7", f"How do I {text(5)}?", "Mozilla/5.0",
                             int(rng.integers(100, 600))))
    pool = [f"203.0.113.{k}" for k in range(8)]
    ring = set()
    for i in range(12):
        a = f"acct{i:03d}x"
        ring.add(a)
        plan_of[a] = "free"
        accs.append((a, f"pm_r{i}", pd.Timestamp(T0 - 2 * 86400 - rng.uniform(0, 4 * 3600), unit="s", tz="UTC").isoformat(),
                     "free"))
        for d in range(DAYS):  # every 12 minutes around the clock (or a burst): 120 wanted, 40 logged
            start = int(rng.integers(0, 20)) * 3600 if ring_bursts else 0
            for j in range(120):
                at = start + j * 20 + int(rng.integers(5)) if ring_bursts else j * 720 + int(rng.integers(60))
                rows.append((a, T0 + d * 86400 + at, pool[rng.integers(8)],
                             f"Rewrite the sentence {rng.integers(10**6)} about {text(2)} in plain English, "
                             f"keeping its meaning and tone", "python-requests/2.31", int(rng.integers(150, 500))))
    ev = _platform(rows, {"free": FREE_CAP}, plan_of)
    ac = pd.DataFrame(accs, columns=["account_id", "payment_method", "created_at", "plan"])
    return ev, ac, ring, office


@pytest.fixture(scope="module")
def world():
    return plan_world()


@pytest.fixture(scope="module")
def runs(world):
    ev, ac, _, _ = world
    own = {"scoring": {"account_caps_from_data": False}}
    return {"plans": gh.detect(ev, ac), "no_plans": gh.detect(ev, ac.drop(columns="plan"), config=own),
            "caps": gh.detect(ev, ac.drop(columns="plan"), config={"scoring": {"account_caps_need_midnight": True}}),
            "configured": gh.detect(ev, ac, config={"scoring": {"plan_limits": {"free": FREE_CAP},
                                                                "plan_limits_from_data": False}})}


def _flagged(res) -> set[str]:
    a = res.accounts
    return set(a.loc[a["flagged"].astype(bool), "account_id"])


def test_the_free_plans_cap_is_read_from_its_accounts_days(runs):
    lim = runs["plans"].run_info["daily_limit"]
    assert lim["plans"]["free"]["limit"] == FREE_CAP and lim["plans"]["free"]["source"] == "inferred", lim
    assert "pro" not in lim["plans"]  # nobody on pro stops at one count: pro keeps the platform's limit
    assert lim["limit"] == DEFAULT_DAILY_LIMIT and lim["source"] == "default"
    assert "plans" not in runs["no_plans"].run_info["daily_limit"]


def test_a_ring_at_a_low_plans_cap_is_found_only_against_its_plans_limit(world, runs):
    """At 40 a day against 1,000 the ring uses 4 % of the limit and its short answers say nothing: it is
    not flagged (its own days' caps turned off); against its plan's 40 it uses all of it and is. The office and the heavy free users
    (who also stop at 40, later in the day and not back at midnight) stay unflagged either way."""
    _, _, ring, office = world
    assert not _flagged(runs["no_plans"]) & ring
    got = _flagged(runs["plans"])
    assert len(got & ring) >= 10, sorted(got)
    assert not got - ring, sorted(got - ring)
    assert not _flagged(runs["no_plans"]) - ring
    rr = runs["plans"].rings.set_index("ring_id")
    rid = runs["plans"].accounts.set_index("account_id").loc[sorted(ring)[0], "ring_id"]
    assert rr.loc[rid, "median_utilization"] > 0.9  # of 40, not of 1,000
    assert 8 <= rr.loc[rid, "volume_accounts_worth"] <= 13  # 12 members' worth of their plan's limit


def test_without_a_plan_column_the_rings_own_days_show_its_cap(world, runs):
    """No plan column, with the midnight condition (``scoring.account_caps_need_midnight``): the ring's accounts
    stop at 40 at 08:00 and go on at 00:00 every day, so each one's limit is 40 (activity.account_daily_caps);
    the heavy free users, refused in the afternoon and back in the morning, keep the platform's limit. The ring
    is found as with the plans, nobody else."""
    _, _, ring, _ = world
    res = runs["caps"]
    assert res.run_info["daily_limit"]["account_caps"] == {"accounts": len(ring), "caps": {40: len(ring)}}
    assert _flagged(res) == _flagged(runs["plans"]) and len(_flagged(res) & ring) >= 10
    assert "accounts refused at 40 a day as their days show" in res.explain(
        res.accounts.set_index("account_id").loc[sorted(ring)[0], "ring_id"])
    assert "account_caps" not in runs["no_plans"].run_info["daily_limit"]


def test_a_configured_plan_limit_scores_as_the_one_read_from_the_data(runs):
    told, auto = runs["configured"], runs["plans"]
    assert told.run_info["daily_limit"]["plans"]["free"]["source"] == "config"
    cols = ["ring_id", "size", "risk_score", "flagged", "median_utilization", "volume_accounts_worth"]
    pd.testing.assert_frame_equal(told.rings[cols], auto.rings[cols])


def test_the_explanation_and_report_name_the_plans_limits(world, runs):
    from graphhunt.sinks.report import build_report

    res = runs["plans"]
    rid = res.accounts.set_index("account_id").loc[sorted(world[2])[0], "ring_id"]
    text = res.explain(rid)
    if "HIGH_VOLUME" in res.rings.set_index("ring_id").loc[rid, "reasons"]:
        assert "of its account's daily limit (plans' limits: free 40; others 1,000/day)" in text, text
    assert "plan free: 40/day" in build_report(res)


def test_a_round_the_clock_cadence_is_not_a_plans_cap():
    """Five accounts on one plan send exactly 288 a day (every 5 minutes, 00:00 to 23:55), the plan's
    largest count; nobody goes on at midnight after stopping early: no cap is read."""
    acc = np.repeat(np.arange(10), 20)
    day = np.tile(np.arange(20), 10)
    n = np.where(acc < 5, 288, 20 + (acc * 7 + day * 13) % 200)
    first = np.where(acc < 5, 30, 7 * 3600)
    last = np.where(acc < 5, 86400 - 270, 22 * 3600)
    assert plan_daily_limits(n, acc, day, first, last, np.zeros(10, int), ["team"]) == {}
    # the same counts stopping at 08:00 and going on at 00:01 are a cap
    got = plan_daily_limits(n, acc, day, np.full(200, 60), np.where(acc < 5, 8 * 3600, 22 * 3600),
                            np.zeros(10, int), ["team"])
    assert got["team"]["limit"] == 288


def test_a_pile_up_without_next_days_is_not_read():
    """Account-days at the count whose accounts have no next day in the log say nothing of midnight."""
    acc = np.arange(40)
    n = np.where(acc < 20, 50, acc % 20 + 10)
    got = plan_daily_limits(n, acc, np.zeros(40, int), np.full(40, 60), np.full(40, 8 * 3600), np.zeros(40, int), ["x"])
    assert got == {}


def test_configured_plans_win_and_unknown_ones_are_warned_about(world, caplog):
    ev, ac, _, _ = world
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        res = gh.detect(ev, ac, config={"scoring": {"plan_limits": {"free": 200, "enterprize": 5}}})
    plans = res.run_info["daily_limit"]["plans"]
    assert plans["free"] == {"limit": 200, "source": "config", "accounts": int((ac["plan"] == "free").sum())}
    assert "'enterprize'" in caplog.text and "no account has" in caplog.text
    with pytest.raises(gh.ConfigError, match="plan_limits"):
        gh.Config().with_overrides(["scoring.plan_limits={free = 0}"])


def test_a_tier_column_is_read_as_the_plan(world, tmp_path, caplog):
    from graphhunt.io import load_accounts

    ac = world[1].rename(columns={"plan": "Subscription Tier"})
    ac.to_csv(tmp_path / "accounts.csv", index=False)
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        got = load_accounts(tmp_path / "accounts.csv")
    assert got["plan"].tolist() == world[1]["plan"].tolist()
    assert "Subscription Tier" in caplog.text


def test_an_old_run_repeats_without_plan_limits(runs):
    """A run stored before plans had limits of their own repeats with the platform's one limit."""
    from graphhunt.config import _as_run

    stored = runs["plans"].config.to_dict()
    assert stored["scoring"]["plan_limits_from_data"] is True
    del stored["scoring"]["plan_limits_from_data"]
    assert _as_run(stored)["scoring"]["plan_limits_from_data"] is False


def test_a_refresh_keeps_the_plans_and_their_limits(world, tmp_path):
    """A scheduled refresh reads the plans from the accounts file of its first run (the state keeps the
    merged accounts) and measures the ring against its plan's limit in the next window too."""
    from graphhunt.refresh import refresh

    ev, ac, ring, _ = world
    day = pd.to_datetime(ev["timestamp"], utc=True)
    cut = day.min().floor("D") + pd.Timedelta(days=6)
    ev[day < cut].to_csv(tmp_path / "a.csv", index=False)
    ev[day >= cut].to_csv(tmp_path / "b.csv", index=False)
    ac.to_csv(tmp_path / "accounts.csv", index=False)
    sd = tmp_path / "state"
    refresh(sd, tmp_path / "a.csv", tmp_path / "accounts.csv", report=False)
    rr = refresh(sd, tmp_path / "b.csv", report=False)  # no accounts file this time
    assert rr.applied
    lim = rr.result.run_info["daily_limit"]
    assert lim["plans"]["free"]["limit"] == FREE_CAP, lim
    assert len(_flagged(rr.result) & ring) >= 10


def test_a_column_with_a_value_per_team_is_not_read_as_plans(caplog):
    """1,200 'plans' of five accounts each (a team id, not a plan): no limit is read for any, with a warning;
    a configured one still applies."""
    from graphhunt.activity import MAX_PLANS_READ

    n_plans = MAX_PLANS_READ + 200
    acc = np.repeat(np.arange(5 * n_plans), 4)
    day = np.tile(np.arange(4), 5 * n_plans)
    n = np.full(len(acc), 40)  # every account stops at 40 at 08:00 and goes on at midnight: caps, if plans
    names = [f"team{i}" for i in range(n_plans)]
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        got = plan_daily_limits(n, acc, day, np.full(len(acc), 60), np.full(len(acc), 8 * 3600),
                                np.arange(5 * n_plans) // 5, names, {"team7": 55})
    assert got == {"team7": {"limit": 55, "source": "config", "accounts": 5}}
    assert "is it a plan?" in caplog.text
    # the same days on 20 plans are read
    few = plan_daily_limits(n, acc, day, np.full(len(acc), 60), np.full(len(acc), 8 * 3600),
                            np.arange(5 * n_plans) % 20, [f"p{i}" for i in range(20)])
    assert len(few) == 20 and {v["limit"] for v in few.values()} == {40}


def test_a_swarm_refused_at_a_random_hour_has_its_cap_without_the_midnight_condition():
    """world30's trial swarm: free accounts that run into their cap in a burst at another hour each day and go
    on the next day at yet another. Their days stop early at 40, so with ``account_caps_need_midnight=false``
    each one's limit is 40 and the ring is found as with a plan column; with the midnight condition their
    next days do not start at 00:00, no cap is read and they are measured against the platform's 1,000."""
    ev, ac, ring, _ = plan_world(seed=1, ring_bursts=True)
    ac = ac.drop(columns="plan")
    loose = gh.detect(ev, ac, config={"scoring": {"account_caps_need_midnight": False}})
    strict = gh.detect(ev, ac, config={"scoring": {"account_caps_need_midnight": True}})
    caps = loose.run_info["daily_limit"]["account_caps"]
    assert caps["caps"].get(40, 0) >= len(ring)  # the ring's 12 (and free users who hit 40 on most days)
    assert len(_flagged(loose) & ring) >= 10 and not _flagged(loose) - ring
    strict_caps = strict.run_info["daily_limit"].get("account_caps", {"caps": {}})["caps"]
    assert strict_caps.get(40, 0) < len(ring)
    assert not _flagged(strict) & ring
    a = loose.accounts.set_index("account_id")
    r = loose.rings.set_index("ring_id").loc[a.loc[sorted(ring)[0], "ring_id"]]
    assert r["median_utilization"] > 0.9


def test_an_accounts_own_cap_needs_three_accounts_at_one_count_and_ten_requests():
    from graphhunt.activity import account_daily_caps


@pytest.mark.parametrize("limits, says", [
    ({"free": float("inf")}, "whole number"),  # (TOML has inf: it raised OverflowError, not a ConfigError)
    ({"free": float("nan")}, "whole number"),  # (ValueError)
    ({1: 40}, "plan names are text"),  # (matched no plan; stored in run.json as "1", it matched plan 1 on a repeat)
    ({1: 40, "zz": 3}, "plan names are text"),  # (a TypeError sorting the plans no account has)
])
def test_a_plan_limit_that_cannot_be_used_is_a_config_error(limits, says):
    with pytest.raises(gh.ConfigError, match=says):
        gh.Config.from_dict({"scoring": {"plan_limits": limits}})
    cfg = gh.Config()
    cfg.scoring.plan_limits = limits
    with pytest.raises(gh.ConfigError, match=says):
        cfg.checked()


def test_an_infinite_plan_limit_from_the_command_line_is_a_config_error():
    with pytest.raises(gh.ConfigError, match="plan_limits"):
        gh.Config().with_overrides(["scoring.plan_limits.free=inf"])


def test_plan_limits_without_a_plan_column_are_warned_about(world, caplog):
    """Configured plan limits with accounts that have no plan column (or no accounts file) were ignored
    without a word: every account was measured against the platform's limit."""
    ev, ac, _, _ = world
    for accounts in (ac.drop(columns="plan"), None):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="graphhunt"):
            res = gh.detect(ev, accounts, config={"scoring": {"plan_limits": {"free": FREE_CAP}}})
        assert "plans" not in res.run_info["daily_limit"]
        assert "scoring.plan_limits is set" in caplog.text and "no plan column" in caplog.text, caplog.text


def test_the_reports_limit_worth_names_the_plans_limits(world, runs):
    """The ring of 12 at its free plan's 40 a day is 12 accounts' worth of *that* limit (480 requests a day):
    the report's summary and ring table said '12 accounts' worth of the per-account limit (1,000
    requests/day)', 12,000 requests a day. A plan name is user data: escaped in the HTML."""
    import html
    import re

    from graphhunt.sinks.report import build_report

    text = html.unescape(re.sub(r"<[^>]+>", "", build_report(runs["plans"])))
    assert "of the per-account limit (1,000 requests/day)" not in text
    assert "divided by the per-account limit (1,000/day)" not in text
    assert ("accounts' worth of the per-account limit (an account's plan's where the plan has its own: free 40; "
            "others 1,000 requests/day)") in text, text
    assert ("divided by the per-account limit (an account's plan's where the plan has its own: free 40; others "
            "1,000 requests/day; the members' mean)") in text
    # a run without plans keeps the one limit
    assert "divided by the per-account limit (1,000/day)" in html.unescape(
        re.sub(r"<[^>]+>", "", build_report(runs["no_plans"])))
    ev, ac, _, _ = world
    bad = "<b>free</b>"
    res = gh.detect(ev, ac.assign(plan=ac["plan"].replace({"free": bad})))
    assert res.run_info["daily_limit"]["plans"][bad]["limit"] == FREE_CAP
    page = build_report(res)
    assert bad not in page and html.escape(bad) in page


def test_a_quoted_plan_name_on_the_command_line_is_the_plan(world):
    """`--set 'scoring.plan_limits."Free Tier"=40'` (a plan name with a space or a dot, quoted as in TOML)
    named the plan '"Free Tier"', quotes and all, and matched no account."""
    cfg = gh.Config().with_overrides(['scoring.plan_limits."Free Tier"=40', "scoring.plan_limits.'pro.v2'=700",
                                      "scoring.plan_limits.basic=5", 'links.weights."ip"=2'])
    assert cfg.scoring.plan_limits == {"Free Tier": 40, "pro.v2": 700, "basic": 5}
    assert cfg.links.weights["ip"] == 2
    ev, ac, _, _ = world
    res = gh.detect(ev, ac.assign(plan=ac["plan"].replace({"free": "Free Tier"})), config=cfg)
    assert res.run_info["daily_limit"]["plans"]["Free Tier"]["source"] == "config"


def test_a_rings_volume_reason_names_a_few_plans_not_all():
    """A plan column of up to MAX_PLANS_READ plans can each have a limit: the HIGH_VOLUME reason of every ring
    listed all of them (tens of thousands of characters per ring, in the explanation and the report)."""
    from graphhunt.explain import PLANS_NAMED, reason_phrase

    ring = pd.Series({"median_utilization": 0.95, "volume_accounts_worth": 12.0})
    plans = {f"plan{i:04d}": 40 + i for i in range(900)}
    text = reason_phrase("HIGH_VOLUME", ring, {"requests_per_day_limit": 1000, "plan_daily_limits": plans})
    assert "plan0000 40, plan0001 41" in text and f"and {900 - PLANS_NAMED:,} more plans; others 1,000/day" in text
    assert "plan0899" not in text and len(text) < 600, len(text)
    few = reason_phrase("HIGH_VOLUME", ring, {"requests_per_day_limit": 1000, "plan_daily_limits": {"free": 40}})
    assert "(plans' limits: free 40; others 1,000/day)" in few


def test_placeholder_and_float_written_plans_are_read_as_a_frame_reads_them(tmp_path):
    """A plan column written from floats ("2.0") names plan "2", as the same column does in a frame, and a
    placeholder ("N/A", "null") is no plan (a plan of its own could get a limit read for it)."""
    from graphhunt.io import load_accounts

    pd.DataFrame({"account_id": ["a", "b", "c", "d", "e"], "plan": ["2.0", "10.00", "N/A", "null", "pro 1.0"]}).to_csv(
        tmp_path / "accounts.csv", index=False)
    got = load_accounts(tmp_path / "accounts.csv")
    assert got["plan"].tolist()[:2] == ["2", "10"] and got["plan"].isna().tolist()[2:4] == [True, True]
    assert got["plan"].iloc[4] == "pro 1.0"
