"""Metadata the input does not have at all counts at the neutral level, not as evidence of innocence.

No ``output_tokens`` column, no ``user_agent`` column, no ``created_at``: the feature each feeds
(LONG_OUTPUTS, CLIENT_HOMOGENEITY, BURST_SIGNUP) cannot be measured for anyone, and scoring it 0
dropped rings that the full data flags (graphhunt.scoring, ``evidence_unmeasured``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.scoring import FEATURES
from graphhunt.simulate import simulate

ZERO = ["scoring.neutral_unmeasured=false"]


@pytest.fixture(scope="module")
def hard():
    return simulate(n_accounts=3000, seed=11, profile="hard")


@pytest.fixture(scope="module")
def full(hard):
    return gh.detect(hard.events, hard.accounts)


def _found(res, truth) -> tuple[int, int]:
    ring = set(truth.loc[truth["is_ring"], "account_id"])
    flagged = set(res.accounts.loc[res.accounts["flagged"], "account_id"])
    return len(flagged & ring), len(flagged - ring)


def _neutral(cfg: gh.Config, features: list[str]) -> float:
    w = cfg.scoring.weights
    positive = sum(max(w.get(k, 0.0), 0.0) for k in FEATURES)
    return cfg.scoring.midpoint / positive * sum(w[k] for k in features)


def test_missing_metadata_columns_do_not_drop_rings(hard, full):
    bare = hard.events.drop(columns=["output_tokens", "user_agent"])
    neutral = gh.detect(bare, hard.accounts)
    zero = gh.detect(bare, hard.accounts, gh.load_config(overrides=ZERO))
    tp_full, fp_full = _found(full, hard.truth)
    tp_n, fp_n = _found(neutral, hard.truth)
    tp_z, _ = _found(zero, hard.truth)
    # measured (ring accounts flagged with every column / without the two, neutral level / counted 0):
    # 123 / 120 / 87 with ../shared/data, 123 / 99 / 0 with the simulator's built-in fallback data
    assert tp_n - tp_z >= 0.6 * (tp_full - tp_z)  # most of what counting 0 loses comes back
    assert tp_n >= tp_z + 10
    assert fp_n <= fp_full + 2

    assert full.run_info["unmeasured_features"] == [] and (full.rings["evidence_unmeasured"] == 0).all()
    assert neutral.run_info["unmeasured_features"] == ["output_tokens", "client_homogeneity"]
    cfg = neutral.config
    u = _neutral(cfg, ["output_tokens", "client_homogeneity"])
    assert 0 < u < cfg.scoring.midpoint
    r = neutral.rings
    np.testing.assert_allclose(r["evidence_unmeasured"], u)
    risk = 1 / (1 + np.exp(-cfg.scoring.slope * (r["evidence_sum"] + r["evidence_unmeasured"] - cfg.scoring.midpoint)))
    # the harvest sum: reasoning, plus volume and timing up to reasoning + the neutral level of the missing
    # output length; the floor scaled by what that sum can reach (2.6 of 4 with the default weights)
    w = cfg.scoring.weights
    value = w["reasoning"] * r["f_reasoning"]
    activity = sum(w[k] * r[f"f_{k}"] for k in ("volume", "machine_timing"))
    h = value + np.minimum(activity, value + _neutral(cfg, ["output_tokens"]))
    np.testing.assert_allclose(r["harvest_evidence"], h, atol=1e-9)
    floor = cfg.scoring.min_harvest_behaviour * 2.6 / 4
    assert (h < floor).any()  # some groups in this world show less than that
    risk = risk * np.clip(h / floor, 0, 1)
    # operator behaviour: the four features are measured here (sign-up times and prompts are there)
    op = r[[f"f_{k}" for k in ("template_concentration", "reasoning", "machine_timing", "burst_signup")]].max(axis=1)
    np.testing.assert_allclose(r["operator_behaviour"], op)
    risk = risk * np.clip(op / cfg.scoring.min_operator_behaviour, 0, 1)
    np.testing.assert_allclose(r["risk_score"], risk, atol=1e-4)  # rings.csv and run.json recompute the score
    assert not r["reasons"].str.contains("LONG_OUTPUTS|CLIENT_HOMOGENEITY").any()  # never a reason code
    assert (zero.rings["evidence_unmeasured"] == 0).all()
    flagged = r.loc[r["flagged"], "ring_id"].iloc[0]
    assert "neutral level" in neutral.explain(flagged)


def test_only_absent_metadata_is_replaced(hard, full):
    ev, ac = hard.events, hard.accounts
    # without prompts, template concentration and reasoning are not replaced: measured, doing so
    # flagged NAT crowds and households (docs/QUALITY.md, "Session 14")
    no_prompt = gh.detect(ev.drop(columns=["prompt"]), ac)
    assert no_prompt.run_info["unmeasured_features"] == []
    assert (no_prompt.rings["evidence_unmeasured"] == 0).all()
    assert gh.detect(ev).run_info["unmeasured_features"] == ["burst_signup"]
    assert gh.detect(ev, ac.drop(columns=["created_at"])).run_info["unmeasured_features"] == ["burst_signup"]
    empty = gh.detect(ev.assign(output_tokens=np.nan), ac)
    assert empty.run_info["unmeasured_features"] == ["output_tokens"]
    np.testing.assert_allclose(empty.rings["evidence_unmeasured"], _neutral(empty.config, ["output_tokens"]))


def test_accounts_frame_with_text_sign_up_times_is_parsed(hard, full):
    # simulate() writes created_at as ISO text, as pd.read_csv would give it: parsed like load_accounts
    assert not pd.api.types.is_datetime64_any_dtype(hard.accounts["created_at"])
    parsed = hard.accounts.assign(created_at=pd.to_datetime(hard.accounts["created_at"], utc=True))
    again = gh.detect(hard.events, parsed)
    pd.testing.assert_frame_equal(full.rings, again.rings)
    assert full.rings["f_burst_signup"].gt(0).any()


def test_mostly_empty_evidence_columns_are_warned_about(caplog):
    """world7 logs one prompt in five and lost user agents for two days: the run said nothing."""
    import logging

    from conftest import make_world

    ev, ac, _ = make_world(seed=2, n_benign=60, office=5, ring_size=6)
    ev = ev.copy()
    ev.loc[np.random.default_rng(0).random(len(ev)) < 0.8, "prompt"] = None
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        gh.detect(ev, ac)
    assert "'prompt' is missing on 8" in caplog.text and "user_agent" not in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="graphhunt"):
        gh.detect(ev, ac.drop(columns=[c for c in ac.columns if c == "org_id"]))
    assert "no org_id column" in caplog.text



def test_an_input_without_prompts_can_still_flag_rings():
    """Without a prompt column no reasoning can be measured: the harvest floor asked for it anyway, and
    without output_tokens too no ring could reach the threshold (review, session 25: on the simulator's
    hard world 68 ring accounts flagged before the capped harvest sum, 0 after). Reasoning is now an
    unmeasured harvest feature there (not part of ``u``), and the floor costs such a ring nothing."""
    from conftest import make_world

    ev, ac, ring = make_world(seed=8, n_benign=150, office=12, ring_size=10)
    bare = ev.drop(columns=["output_tokens", "prompt"])
    res = gh.detect(bare, ac)
    off = gh.detect(bare, ac, gh.load_config(overrides=["scoring.min_harvest_behaviour=0"]))
    flagged = set(res.accounts.loc[res.accounts["flagged"], "account_id"])
    assert flagged == ring == set(off.accounts.loc[off.accounts["flagged"], "account_id"])
    assert res.run_info["harvest_unmeasured"] == ["output_tokens", "reasoning"]
    assert "reasoning" not in res.run_info["unmeasured_features"]
