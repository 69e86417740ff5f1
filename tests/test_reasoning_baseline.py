"""``scoring.reasoning_baseline_per_account``: reasoning elicitation is measured against the mean of the accounts'
own rates, not against the share of all requests. A hydra mixes its harvest with resold ordinary chat, so only
part of its requests ask for reasoning; it sends most of the platform's requests, and weighted by requests the
population's rate was its own."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.explain import reason_phrase
from graphhunt.scoring import limit_use, limit_use_weight
from tests.test_episode import DAY, _group_ring, frames, ordinary_accounts


def _hydra_world(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Forty accounts on one hoster's six addresses, each sending 120-180 requests a day for two weeks: 45 % a
    maths problem with a step-by-step request and a long answer, the rest resold ordinary chat; 150 ordinary
    accounts (20-60 notes each, none asking for reasoning)."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-10-05", tz="UTC").value // 10**9
    rows, accounts = [], []
    group = [f"hy{i}" for i in range(40)]
    for i, a in enumerate(group):
        accounts.append((a, t0 - int(rng.uniform(5, 60) * DAY)))
        n = int(rng.integers(120 * 14, 180 * 14))
        harvest = rng.random(n) < 0.45
        for t, h in zip(np.sort(rng.uniform(0, 14 * DAY, n)), harvest):
            ip = f"192.0.2.{int(rng.integers(10, 16))}"
            if h:
                p = (f"A train leaves at {int(rng.integers(1, 12))} pm at {int(rng.integers(40, 120))} km/h; another "
                     f"at {int(rng.integers(1, 12))} pm at {int(rng.integers(40, 120))} km/h. When does it catch up? "
                     "Think step by step.")
                out = int(rng.integers(1500, 2500))
            else:
                p = f"chat {int(rng.integers(0, 10**6))} about thing {int(rng.integers(0, 10**6))} please"
                out = int(rng.integers(400, 800))
            rows.append((a, t0 + int(t), ip, f"card_{a}", p, out, "python-requests/2.31"))
    for i in range(8):  # a crude farm at the limit, every request asking for steps
        a = f"farm{i}"
        accounts.append((a, t0 - DAY))
        for t in np.sort(rng.uniform(0, 14 * DAY, 14 * 900)):
            rows.append((a, t0 + int(t), "198.51.100.9", "card_farm", f"Solve {int(rng.integers(0, 10**9))}. "
                         "Let's think step by step.", int(rng.integers(1500, 2500)), "curl/8.0"))
    ordinary_accounts(rng, t0, 150, 14, rows, accounts)
    ev, ac = frames(rows, accounts)
    return ev, ac, group


@pytest.fixture(scope="module")
def hydra():
    return _hydra_world()


def test_a_hydra_that_sends_most_requests_does_not_set_the_reasoning_null(hydra):
    """No output counts (as in a minimal log): reasoning is the hydra's only harvest evidence."""
    ev, ac, group = hydra
    ev = ev.drop(columns=["output_tokens"])
    farm = ev["account_id"].str.startswith("farm")
    assert (ev["account_id"].isin(group) | farm).mean() > 0.95  # the hydra and the farm are nearly all the traffic
    # (a platform limit of 2,000 a day: the hydra runs its accounts at 7.5 % of it, too little for its use of the
    # limit alone to carry its harvest)
    # (the scripted rule, scoring.harvest_unmeasured_scripted, is off here: this round-the-clock hydra at 7.5 % of
    # the limit is busy and scripted enough to carry its harvest without its reasoning, and the test is about the
    # reasoning null)
    limit = ["scoring.requests_per_day_limit=2000", "scoring.harvest_unmeasured_scripted=false"]
    res = gh.detect(ev, ac, config=gh.load_config(None, limit))
    members, ring = _group_ring(res, group)
    # 45 % of its requests ask for reasoning; the null is the mean over 40 accounts at 0.45, 8 at 1 and 150 at 0
    null = (40 * 0.45 + 8) / 198
    assert ring["reasoning_rate"] == pytest.approx(0.45, abs=0.02)
    assert ring["f_reasoning"] == pytest.approx((ring["reasoning_rate"] - null) / (0.5 - null), abs=0.02)
    assert members["flagged"].all() and "REASONING_ELICITATION" in ring["reasons"], ring
    # run.json keeps the null, and the explanation says what the ring's rate was measured against
    assert res.run_info["population"]["reasoning"] == pytest.approx(null, abs=0.02)
    assert f"against {100 * res.run_info['population']['reasoning']:.0f}% for the average account" in res.explain(group[0])
    # weighted by requests the null is above the hydra's own rate, and its reasoning requests count for nothing:
    # only its volume is left of its harvest, counted up to its use of the per-account limit (the missing output
    # counts count nothing: scoring.harvest_unmeasured_level), less than half of what it has with its reasoning
    # counted, and its risk falls by a quarter
    off = gh.detect(ev, ac, config=gh.load_config(None, limit + ["scoring.reasoning_baseline_per_account=false"]))
    members0, ring0 = _group_ring(off, group)
    assert ring0["f_reasoning"] == 0.0 and ring0["harvest_evidence"] < ring["harvest_evidence"] / 2, ring0
    # (full use of the limit reaches this input's harvest floor, 0.75 without output counts: scoring.limit_use_to_floor)
    w_use = limit_use_weight(off.config.scoring, ["output_tokens"])
    assert w_use == pytest.approx(0.75)
    assert ring0["harvest_evidence"] == pytest.approx(w_use * limit_use(ring0["median_utilization"]), abs=1e-6)
    assert ring0["risk_score"] < ring["risk_score"] - 0.2 and ring["risk_score"] > 0.9
    assert off.config.scoring.reasoning_baseline_per_account is False
    assert off.run_info["population"]["reasoning"] > ring0["reasoning_rate"]  # above the hydra's own rate
    phrase = reason_phrase("REASONING_ELICITATION", ring0, off.config.to_dict()["scoring"], off.run_info["population"])
    assert phrase.endswith(f"against {100 * off.run_info['population']['reasoning']:.0f}% of all logged requests")


def test_use_of_the_limit_keeps_the_same_share_of_the_risk_whatever_columns_the_input_has():
    """A busy group asking for nothing of value keeps, by its use of the limit alone, the same share of its risk
    with and without answer lengths (scoring.limit_use_to_floor): 8 % of the limit is 0.4 of the floor either way,
    20 % reaches it. Before session 71 the input without output counts let 15 % reach the floor."""
    from graphhunt.scoring import harvest_evidence, harvest_factor, scaled_harvest_floor

    # (busy enough for the cap to bind; the scripted rule, a separate lift without output counts, off)
    sc = gh.load_config(None, ["scoring.harvest_unmeasured_scripted=false"]).scoring
    r = pd.DataFrame({"f_reasoning": 0.0, "f_output_tokens": 0.0, "f_volume": 1.0, "f_machine_timing": 0.5,
                      "median_utilization": [0.08, 0.15, 0.2, 0.5]})
    kept = {}
    for missing in ([], ["output_tokens"]):
        floor = scaled_harvest_floor(sc.min_harvest_behaviour, sc.weights, missing)
        kept[tuple(missing)] = harvest_factor(harvest_evidence(r, sc, missing), floor)
    assert np.allclose(kept[()], [0.4, 0.75, 1.0, 1.0])
    assert np.allclose(kept[("output_tokens",)], kept[()])
    # the rule before session 71: without output counts, 15 % of the limit reached the floor
    old = gh.load_config(None, ["scoring.limit_use_to_floor=false", "scoring.harvest_unmeasured_scripted=false"]).scoring
    floor = scaled_harvest_floor(old.min_harvest_behaviour, old.weights, ["output_tokens"])
    assert np.allclose(harvest_factor(harvest_evidence(r, old, ["output_tokens"]), floor), [0.4 / 0.75, 1.0, 1.0, 1.0])


def test_a_run_json_from_before_limit_use_to_floor_repeats_without_it(tmp_path):
    import json

    assert gh.Config().scoring.limit_use_to_floor is True
    old = json.loads(json.dumps(gh.Config().to_dict()))
    del old["scoring"]["limit_use_to_floor"]
    (tmp_path / "run.json").write_text(json.dumps({"config": old}))
    assert gh.load_config(tmp_path / "run.json").scoring.limit_use_to_floor is False
