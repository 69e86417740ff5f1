"""``held_back_by`` in rings.csv and the report: what keeps an unflagged ring under the threshold.

A card pool that shares two cards and four hosting addresses, signed up within three hours and scripted round the
clock, but sends a few short requests a day each (world34's card pools) is tied and coordinated like a ring and
held back by its harvest evidence alone; a busy chain-of-thought ring is flagged and held back by nothing; an
office whose staff share one address at human hours is held back by its evidence first."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.scoring import RISK_TERMS
from graphhunt.sinks.files import write_result
from graphhunt.sinks.report import build_report
from tests.test_episode import DAY, busy_cot_ring, frames, ordinary_accounts
from tests.test_reasoning_members import flagged


def _world(seed: int = 0):
    """Nine card-pool accounts, eight chain-of-thought ring accounts, an office of six and 150 ordinary
    accounts over 14 days."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-10-05", tz="UTC").value // 10**9
    rows, accounts = [], []
    pool = [f"pool{i}" for i in range(9)]
    for i, a in enumerate(pool):
        accounts.append((a, t0 - 5 * DAY + int(rng.uniform(0, 3 * 3600))))
        for t in np.sort(rng.uniform(0, 14 * DAY, int(rng.integers(5 * 14, 8 * 14)))):
            q = f"Label the sentiment of review {int(rng.integers(0, 10**7))}: positive, negative or neutral."
            rows.append((a, t0 + int(t), f"192.0.2.{int(rng.integers(40, 44))}", f"card_pool{i % 2}", q,
                         int(rng.integers(5, 30)), "python-requests/2.32"))
    ring = busy_cot_ring(rng, t0, 8, 14, rows, accounts, tokens=(1200, 2000))
    office = [f"staff{i}" for i in range(6)]
    for a in office:
        accounts.append((a, t0 - int(rng.uniform(30, 400) * DAY)))
        for day in range(14):
            if day % 7 >= 5:
                continue
            for t in np.sort(rng.uniform(9 * 3600, 17 * 3600, int(rng.integers(1, 4)))):
                q = f"draft a reply to {a}'s message {int(rng.integers(0, 10**6))} about {int(rng.integers(0, 10**6))}"
                rows.append((a, t0 + day * DAY + int(t), "198.51.100.9", f"card_{a}", q, int(rng.integers(100, 400)),
                             f"browser/{a}"))
    ordinary_accounts(rng, t0, 150, 14, rows, accounts)
    ev, ac = frames(rows, accounts)
    return ev, ac, pool, ring, office


@pytest.fixture(scope="module")
def result():
    ev, ac, pool, ring, office = _world()
    return gh.detect(ev, ac), pool, ring, office


def _ring_of(res, ids):
    rid = res.accounts.set_index("account_id").loc[ids, "ring_id"]
    assert (rid == rid.iloc[0]).all() and rid.iloc[0] != "", rid
    return res.rings.set_index("ring_id").loc[rid.iloc[0]]


def test_a_quiet_card_pool_is_held_back_by_its_harvest_alone(result):
    res, pool, ring, office = result
    sc = res.run_info["config"]["scoring"]
    p = _ring_of(res, pool)
    # tied and coordinated: its evidence alone would flag it, and it shows an operator's hand and activity
    assert p["evidence_sum"] + p["evidence_unmeasured"] > sc["midpoint"] + 0.5, p
    assert p["f_burst_signup"] >= 0.5 and p["f_machine_timing"] >= 0.5, p
    # but short answers, no reasoning and a few requests a day: not flagged, and the harvest is what says so
    assert not flagged(res, pool).any()
    assert p["held_back_by"] == "harvest", p
    r = _ring_of(res, ring)
    assert flagged(res, ring).all() and r["held_back_by"] == "", r


def test_held_back_by_names_only_terms_under_their_floors(result):
    res, pool, ring, office = result
    r = res.rings
    hb = r["held_back_by"].fillna("").astype(str)
    fl = r["flagged"].astype(bool)
    assert (hb[fl] == "").all() and (hb[~fl] != "").all()
    for terms in hb[~fl].str.split(";"):
        assert terms and set(terms) <= set(RISK_TERMS) and len(set(terms)) == len(terms), terms
    # a listed factor is under its floor, an unlisted one is not
    sc = res.run_info["config"]["scoring"]
    for _, row in r[~fl].iterrows():
        listed = set(row["held_back_by"].split(";"))
        assert ("operator" in listed) == (row["operator_behaviour"] < sc["min_operator_behaviour"]), row
        assert ("activity" in listed) == (row["activity"] < sc["min_activity"]), row
        logistic = 1 / (1 + np.exp(-sc["slope"] * (row["evidence_sum"] + row["evidence_unmeasured"] - sc["midpoint"])))
        assert ("evidence" in listed) == (logistic < sc["threshold"]), row
    o = _ring_of(res, office)
    # the office: staff at human hours with their own prompts, tied by one address: its evidence is under the
    # midpoint (and it harvests nothing either)
    assert not flagged(res, office).any() and {"evidence", "harvest"} <= set(o["held_back_by"].split(";")), o


def test_the_report_lists_what_holds_rings_back(result, tmp_path):
    res, pool, ring, office = result
    html = build_report(res)
    assert '<th scope="col"' in html and ">held back by<" in html
    assert 'class="held">1 unflagged ring (9 accounts) is held back by its harvesting alone' in html
    # and the column is written to rings.csv
    write_result(res, tmp_path / "run")
    rings = pd.read_csv(tmp_path / "run" / "rings.csv", dtype={"ring_id": str})
    assert "held_back_by" in rings.columns
    pid = res.accounts.set_index("account_id").loc[pool[0], "ring_id"]
    assert rings.set_index("ring_id").loc[pid, "held_back_by"] == "harvest"
