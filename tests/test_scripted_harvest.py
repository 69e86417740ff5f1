"""``scoring.harvest_unmeasured_scripted``: in a log without answer lengths, a group whose members are both
scripted (round the clock, on a machine's clock) and busy (each many times the median account) counts the
unmeasured answer value as far as it is both (machine timing x volume). A reseller's hydra that keeps each account at a few percent of its
limit and asks for no reasoning showed no harvest at all; an application's customers who are busy as a whole
but each keep human hours stay unflagged."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from tests.test_episode import DAY, frames, ordinary_accounts
from tests.test_reasoning_members import flagged, saas_customers

LIMIT = ["scoring.requests_per_day_limit=2000"]


def _hydra_world(seed: int = 0):
    """Thirty accounts behind a reseller gateway's four cloud addresses, cards bought in batches of three, each
    sending 60-80 ordinary chat requests a day round the clock for 14 days (3-4 % of a 2,000-a-day limit, no
    request for reasoning); sixty customers of a SaaS product on its three egress addresses, 4-12 templated
    requests a day each in office hours; 150 ordinary accounts. No ``output_tokens`` column."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-10-05", tz="UTC").value // 10**9
    rows, accounts = [], []
    hydra = [f"hy{i}" for i in range(30)]
    gateway = [f"192.0.2.{k}" for k in (40, 41, 42, 43)]
    for i, a in enumerate(hydra):
        accounts.append((a, t0 - int(rng.uniform(10, 150) * DAY)))
        n = int(rng.integers(60 * 14, 80 * 14))
        for t in np.sort(rng.uniform(0, 14 * DAY, n)):
            p = f"reply to customer {int(rng.integers(0, 10**6))}: what is a good name for {int(rng.integers(0, 10**6))}"
            rows.append((a, t0 + int(t), gateway[int(rng.integers(0, 4))], f"card_batch{i // 3}", p, 0, "relay/1.0"))
    crowd = saas_customers(rng, t0, 60, rows, accounts)
    ordinary_accounts(rng, t0, 150, 14, rows, accounts)
    ev, ac = frames(rows, accounts)
    return ev.drop(columns=["output_tokens"]), ac, hydra, crowd


@pytest.fixture(scope="module")
def world():
    return _hydra_world()


def test_a_scripted_busy_hydra_shows_harvest_without_answer_lengths(world):
    ev, ac, hydra, crowd = world
    on = gh.detect(ev, ac, config=gh.load_config(None, LIMIT))
    acc = on.accounts.set_index("account_id")
    rings = on.rings.set_index("ring_id")
    hy = rings.loc[acc.loc[hydra, "ring_id"].unique()]
    # scripted and busy member by member: the unmeasured answer value counts as far as it is both
    assert (hy["f_machine_timing"] > 0.9).all() and (hy["f_volume"] > 0.9).all(), hy
    assert (hy["harvest_evidence"] >= 0.9).all() and flagged(on, hydra).all(), hy
    # the product's customers are busy as a whole but each keeps office hours: nothing changes for them
    assert not flagged(on, crowd).any()
    assert on.run_info["config"]["scoring"]["harvest_unmeasured_scripted"] is True
    # the investigator reads why answers nobody measured count here
    text = on.explain(hydra[0])
    assert "the members are both scripted and busy (machine timing" in text
    assert "(scoring.harvest_unmeasured_scripted)" in text
    # without the rule the hydra's harvest is its use of the limit alone (under the floor of 0.75), and it
    # keeps too little of its risk
    off = gh.detect(ev, ac, config=gh.load_config(None, LIMIT + ["scoring.harvest_unmeasured_scripted=false"]))
    hy0 = off.rings.set_index("ring_id").loc[off.accounts.set_index("account_id").loc[hydra, "ring_id"].unique()]
    assert (hy0["harvest_evidence"] < 0.75).all() and not flagged(off, hydra).any(), hy0
    assert not flagged(off, crowd).any()


def test_the_rule_does_not_apply_where_answer_lengths_are_logged(world):
    """With an ``output_tokens`` column the answers are measured: short ones are worth little, whatever the
    timing (an application that gets ordinary answers)."""
    ev, ac, hydra, crowd = world
    ev = ev.assign(output_tokens=np.where(ev["account_id"].isin(hydra), 120, 250))
    on = gh.detect(ev, ac, config=gh.load_config(None, LIMIT))
    off = gh.detect(ev, ac, config=gh.load_config(None, LIMIT + ["scoring.harvest_unmeasured_scripted=false"]))
    cols = ["ring_id", "risk_score", "harvest_evidence", "flagged"]
    pd.testing.assert_frame_equal(on.rings[cols], off.rings[cols])
    assert not flagged(on, hydra).any()
