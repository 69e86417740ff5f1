"""``scoring.reasoning_rate_per_member``: a ring's reasoning rate is the mean of its members' own rates, not the
share of its requests. A SaaS product's customers all call through the product's egress addresses with its
built-in templates; a few busy accounts that ride the same egress and ask for step-by-step answers send as
many requests as the whole customer base. Weighted by requests, the customers' crowd took the riders' rate and
was flagged whole."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from tests.test_episode import DAY, frames, ordinary_accounts

TEMPLATES = ("Classify this support ticket into one of: billing, bug, feature request, other. Ticket: {}",
             "Write a friendly one-paragraph reply to this customer message: {}",
             "Generate 3 subject lines for a newsletter about: {}")


EGRESS = [f"198.51.100.{k}" for k in (21, 22, 23)]


def saas_customers(rng, t0: int, n: int, rows: list, accounts: list) -> list[str]:
    """``n`` customers of one SaaS product, each on its own card and signed up over a year, 4-12 templated
    requests on each of 14 days in office hours through the product's egress addresses (:data:`EGRESS`),
    appended in :func:`tests.test_episode.ordinary_accounts`' layout; their ids."""
    crowd = [f"cust{i}" for i in range(n)]
    for a in crowd:
        accounts.append((a, t0 - int(rng.uniform(10, 365) * DAY)))
        for day in range(14):
            for t in np.sort(rng.uniform(8 * 3600, 20 * 3600, int(rng.integers(4, 13)))):
                p = TEMPLATES[int(rng.integers(0, 3))].format(f"item {int(rng.integers(0, 10**6))} from "
                                                              f"client {int(rng.integers(0, 10**6))}")
                rows.append((a, t0 + day * DAY + int(t), EGRESS[int(rng.integers(0, 3))], f"card_{a}", p,
                             int(rng.integers(50, 200)), "flowapp/2.4"))
    return crowd


def flagged(res, ids) -> pd.Series:
    """Whether each of ``ids`` is flagged."""
    return res.accounts.set_index("account_id").loc[ids, "flagged"].astype(bool)


def _saas_world(seed: int = 0, customers: int = 60, riders: int = 4):
    """``customers`` accounts of one SaaS product, each on its own card and signed up over a year, 4-12 requests
    on each of 14 days through the product's three egress addresses with its three templates (none asks for
    reasoning); ``riders`` accounts signed up within a day, on their own cards, through the same egress, 150-250
    requests a day, 90 % of them a maths problem and "think step by step"; 150 ordinary accounts. No answer
    lengths (as in a minimal log), so reasoning is the only value the answers show."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-10-05", tz="UTC").value // 10**9
    rows, accounts = [], []
    egress = EGRESS
    crowd = saas_customers(rng, t0, customers, rows, accounts)
    ride = [f"ride{i}" for i in range(riders)]
    for a in ride:
        accounts.append((a, t0 - DAY + int(rng.uniform(0, 3600))))
        n = int(rng.integers(150 * 14, 250 * 14))
        for t in np.sort(rng.uniform(0, 14 * DAY, n)):
            if rng.random() < 0.9:
                p = (f"A tank fills at {int(rng.integers(2, 40))} l/min and drains at {int(rng.integers(1, 20))} "
                     f"l/min from {int(rng.integers(100, 900))} l. When is it full? Think step by step.")
            else:
                p = TEMPLATES[0].format(f"item {int(rng.integers(0, 10**6))}")
            rows.append((a, t0 + int(t), egress[int(rng.integers(0, 3))], f"card_{a}", p,
                         int(rng.integers(1500, 2500)), "flowapp/2.4"))
    ordinary_accounts(rng, t0, 150, 14, rows, accounts)
    ev, ac = frames(rows, accounts)
    return ev.drop(columns=["output_tokens"]), ac, crowd, ride


@pytest.fixture(scope="module")
def saas():
    return _saas_world()


def test_busy_riders_do_not_make_a_product_s_customers_a_ring(saas):
    ev, ac, crowd, ride = saas
    on = gh.detect(ev, ac)
    # the customers' crowd is judged by what its members do: the mean member asks for no reasoning
    assert not flagged(on, crowd).any(), on.rings.head()
    # and the riders, split from the crowd by their behaviour, are a ring of their own
    assert flagged(on, ride).all() and on.accounts.set_index("account_id").loc[ride, "ring_id"].nunique() == 1
    assert on.run_info["config"]["scoring"]["reasoning_rate_per_member"] is True
    # weighted by requests the riders' 90 % sets the crowd's rate, and the customers are flagged with them
    off = gh.detect(ev, ac, config=gh.load_config(None, ["scoring.reasoning_rate_per_member=false"]))
    assert flagged(off, crowd).mean() > 0.9, off.rings.head()


def test_a_ring_s_rate_is_its_members_mean(saas):
    """In every community the rate is the mean of the members' own rates (members with a logged prompt)."""
    ev, ac, crowd, ride = saas
    res = gh.detect(ev, ac)
    asks = ev["prompt"].str.contains("step by step", regex=False)
    own = asks.groupby(ev["account_id"]).mean()
    acc = res.accounts[res.accounts["ring_id"] != ""]
    expect = acc.assign(rate=acc["account_id"].map(own)).groupby("ring_id")["rate"].mean()
    got = res.rings.set_index("ring_id")["reasoning_rate"].reindex(expect.index)
    assert len(expect) >= 2
    assert np.allclose(got.to_numpy(float), expect.to_numpy(float), atol=1e-9), pd.concat([got, expect], axis=1)
