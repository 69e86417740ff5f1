"""``scoring.reasoning_unmeasured_needs_activity``: in a log without answer lengths, requests for reasoning count
in a ring's harvest evidence only as far as the ring is busy (its ``activity``). A school district's tutoring app
asks "step by step" on every request from the district's two filter addresses at a human pace: without the rule it
passed the harvest gate on reasoning alone (world33 s1's school tutors and newsroom desks). A ring that asks for
reasoning is busy as well, and stays flagged."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from tests.test_episode import DAY, busy_cot_ring, frames, ordinary_accounts
from tests.test_reasoning_members import flagged

#: question stems of a tutoring app: each pupil asks its own questions, so no template family ties them
_SUBJECTS = ["fractions", "photosynthesis", "the water cycle", "long division", "volcanoes", "verbs", "magnets",
             "the roman empire", "decimals", "planets", "poems", "equations", "maps", "cells", "weather"]


def _world(seed: int = 0):
    """Forty pupils' accounts of one school district behind its content filter's two addresses, school hours on
    weekdays, 3-7 questions a day each, every one asking to explain step by step, on the district's invoice;
    eight ring accounts on three hosting addresses, signed up within a day, 300-400 chain-of-thought requests a
    day each round the clock; 150 ordinary accounts. No ``output_tokens`` column."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-10-05", tz="UTC").value // 10**9  # a Monday
    rows, accounts = [], []
    pupils = [f"pupil{i}" for i in range(40)]
    for a in pupils:
        accounts.append((a, t0 - int(rng.uniform(20, 400) * DAY)))
        for day in range(14):
            if day % 7 >= 5:
                continue
            for t in np.sort(rng.uniform(8 * 3600, 15 * 3600, int(rng.integers(3, 8)))):
                s = _SUBJECTS[int(rng.integers(0, len(_SUBJECTS)))]
                q = (f"{rng.choice(['why', 'how', 'what', 'when'])} {rng.choice(['do', 'does', 'is', 'can'])} "
                     f"{s} {int(rng.integers(0, 10**6))} {rng.choice(['work', 'matter', 'change', 'begin'])}? "
                     "Explain step by step.")
                rows.append((a, t0 + day * DAY + int(t), f"198.51.100.{int(rng.integers(7, 9))}", "inv_district",
                             q, 0, "tutor-web/3.2"))
    ring = busy_cot_ring(rng, t0, 8, 14, rows, accounts)
    ordinary_accounts(rng, t0, 150, 14, rows, accounts)
    ev, ac = frames(rows, accounts)
    return ev.drop(columns=["output_tokens"]), ac, pupils, ring


@pytest.fixture(scope="module")
def world():
    return _world()


def _rings_of(res, ids):
    acc = res.accounts.set_index("account_id")
    return res.rings.set_index("ring_id").loc[acc.loc[ids, "ring_id"].unique()]


def test_reasoning_at_a_human_pace_is_no_harvest_without_answer_lengths(world):
    ev, ac, pupils, ring = world
    on = gh.detect(ev, ac)
    assert on.run_info["config"]["scoring"]["reasoning_unmeasured_needs_activity"] is True
    pu = _rings_of(on, pupils)
    # the district is one group tied by its filter's addresses, asking for reasoning on every request, at a pace
    # well under its reasoning rate
    assert (pu["f_shared_infrastructure"] == 1.0).all() and (pu["f_reasoning"] > 0.9).all(), pu
    assert (pu["activity"] < 0.9).all(), pu
    # its reasoning counts only up to its activity: under the floor of 0.75, not flagged
    assert (pu["harvest_evidence"] < 0.75).all() and not flagged(on, pupils).any(), pu
    text = on.explain(pupils[0])
    assert "count in its harvest evidence only as far as its members are busy" in text
    assert "(scoring.reasoning_unmeasured_needs_activity)" in text
    # the busy chain-of-thought ring keeps its harvest and is flagged
    rg = _rings_of(on, ring)
    assert (rg["activity"] >= 0.9).all() and flagged(on, ring).all(), rg
    # without the rule the district passes the harvest gate on reasoning alone, and its tightest group (13 of the
    # 40 pupils on this draw) is flagged: the rule is what keeps it out
    off = gh.detect(ev, ac, config=gh.load_config(None, ["scoring.reasoning_unmeasured_needs_activity=false"]))
    assert (_rings_of(off, pupils)["harvest_evidence"] >= 0.75).all()
    assert flagged(off, pupils).sum() >= 10 and flagged(off, ring).all()


def test_the_rule_does_not_apply_where_answer_lengths_are_logged(world):
    """With an ``output_tokens`` column a reasoning request's value is checked by its answers' length
    (``scoring.reasoning_needs_long_answers``); the rule leaves every score alone."""
    ev, ac, pupils, ring = world
    ev = ev.assign(output_tokens=np.where(ev["account_id"].isin(ring), 1500, 250))
    on = gh.detect(ev, ac)
    off = gh.detect(ev, ac, config=gh.load_config(None, ["scoring.reasoning_unmeasured_needs_activity=false"]))
    cols = ["ring_id", "risk_score", "harvest_evidence", "flagged"]
    pd.testing.assert_frame_equal(on.rings[cols], off.rings[cols])
    assert "only as far as its members are busy" not in on.explain(pupils[0])
