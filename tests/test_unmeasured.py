"""Metadata the input does not have at all counts at ``scoring.unmeasured_level``, not as evidence of innocence.

No ``output_tokens`` column, no ``user_agent`` column, no ``created_at``: the feature each feeds
(LONG_OUTPUTS, CLIENT_HOMOGENEITY, BURST_SIGNUP) cannot be measured for anyone, and scoring it 0
dropped rings that the full data flags (graphhunt.scoring, ``evidence_unmeasured``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.scoring import FEATURES, LIMIT_USE_FULL, limit_use_weight
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


def _neutral_level(cfg: gh.Config) -> float:
    w = cfg.scoring.weights
    # (shared_workload only fills the room shared_infrastructure leaves: it adds nothing to what the sum can reach)
    positive = sum(max(w.get(k, 0.0), 0.0) for k in FEATURES if k != "shared_workload")
    assert positive == 12.0  # the neutral level 7.2 / 12 = 0.6, as before session 71
    return cfg.scoring.midpoint / positive


def _u(cfg: gh.Config, features: list[str]) -> float:
    """``u``: each unmeasured feature at ``scoring.unmeasured_level`` of its weight (0.5; session 77)."""
    assert cfg.scoring.unmeasured_level == 0.5 < _neutral_level(cfg)
    return cfg.scoring.unmeasured_level * sum(cfg.scoring.weights[k] for k in features)


def test_missing_metadata_columns_do_not_drop_rings(hard, full):
    bare = hard.events.drop(columns=["output_tokens", "user_agent"])
    level = gh.detect(bare, hard.accounts)
    zero = gh.detect(bare, hard.accounts, gh.load_config(overrides=ZERO))
    tp_full, fp_full = _found(full, hard.truth)
    tp_n, fp_n = _found(level, hard.truth)
    tp_z, _ = _found(zero, hard.truth)
    # measured (ring accounts flagged with every column / without the two at scoring.unmeasured_level / counted 0):
    # 107 / 101 / 69 with ../shared/data, session 77 (101 at the former 0.6 too)
    assert tp_n - tp_z >= 0.6 * (tp_full - tp_z)  # most of what counting 0 loses comes back
    assert tp_n >= tp_z + 10
    assert fp_n <= fp_full + 2

    assert full.run_info["unmeasured_features"] == [] and (full.rings["evidence_unmeasured"] == 0).all()
    assert level.run_info["unmeasured_features"] == ["output_tokens", "client_homogeneity"]
    cfg = level.config
    u = _u(cfg, ["output_tokens", "client_homogeneity"])
    assert 0 < u < cfg.scoring.midpoint
    r = level.rings
    np.testing.assert_allclose(r["evidence_unmeasured"], u)
    risk = 1 / (1 + np.exp(-cfg.scoring.slope * (r["evidence_sum"] + r["evidence_unmeasured"] - cfg.scoring.midpoint)))
    # the harvest sum: reasoning, plus volume and timing up to reasoning (the missing output length counts 0
    # there, scoring.harvest_unmeasured_level, or as far as the group is both scripted and busy,
    # scoring.harvest_unmeasured_scripted) or up to the use of the limit; the floor scaled by what that sum can
    # reach (2 of 4 with the default weights). Without answer lengths the reasoning itself counts only up to the
    # group's activity, the larger of volume and timing (scoring.reasoning_unmeasured_needs_activity)
    w = cfg.scoring.weights
    value = w["reasoning"] * r["f_reasoning"]
    busy = np.maximum(r["f_volume"], r["f_machine_timing"])
    activity = sum(w[k] * r[f"f_{k}"] for k in ("volume", "machine_timing"))
    # (full use of the limit reaches this input's floor: scoring.limit_use_to_floor)
    limit_use = limit_use_weight(cfg.scoring, ["output_tokens"]) * np.clip(r["median_utilization"] / LIMIT_USE_FULL, 0, 1)
    scripted = w["output_tokens"] * np.clip(r["f_machine_timing"], 0, 1) * np.clip(r["f_volume"], 0, 1)
    h = (w["reasoning"] * np.minimum(r["f_reasoning"], busy)
         + np.minimum(activity, np.maximum(value + scripted, limit_use)))
    np.testing.assert_allclose(r["harvest_evidence"], h, atol=1e-9)
    floor = cfg.scoring.min_harvest_behaviour * 2 / 4
    assert (h < floor).any()  # some groups in this world show less than that
    risk = risk * np.clip(h / floor, 0, 1)
    # operator behaviour: the four features are measured here (sign-up times and prompts are there)
    op = r[[f"f_{k}" for k in ("template_concentration", "reasoning", "machine_timing", "burst_signup")]].max(axis=1)
    np.testing.assert_allclose(r["operator_behaviour"], op)
    risk = risk * np.clip(op / cfg.scoring.min_operator_behaviour, 0, 1)
    # activity: the larger of volume and machine timing, under scoring.min_activity scaling the risk too
    act = r[["f_volume", "f_machine_timing"]].max(axis=1)
    np.testing.assert_allclose(r["activity"], act)
    assert cfg.scoring.min_activity > 0 and (act < cfg.scoring.min_activity).any()
    risk = risk * np.clip(act / cfg.scoring.min_activity, 0, 1)
    np.testing.assert_allclose(r["risk_score"], risk, atol=1e-4)  # rings.csv and run.json recompute the score
    assert not r["reasons"].str.contains("LONG_OUTPUTS|CLIENT_HOMOGENEITY").any()  # never a reason code
    assert (zero.rings["evidence_unmeasured"] == 0).all()
    flagged = r.loc[r["flagged"], "ring_id"].iloc[0]
    assert "each counted at 0.5 of its weight" in level.explain(flagged)


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
    np.testing.assert_allclose(empty.rings["evidence_unmeasured"], _u(empty.config, ["output_tokens"]))


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
    # (with an email_domain column an INFO note; without one, a warning: session 77)
    assert ("no org_id column" in caplog.text if "email_domain" in ac.columns
            else "the accounts file has neither org_id nor email_domain" in caplog.text)



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


def test_an_input_without_prompts_or_answer_lengths_keeps_rings_far_below_the_limit():
    """A review of session 53's change: with neither prompts nor output_tokens, counting both value features 0
    in the harvest cap left only the use of the limit, and the simulator's rings (0.2-2 % of it) lost every
    account (210 -> 0). Where the input measures no value feature the gate has nothing to judge by, and both
    count at the neutral level as before, whatever scoring.harvest_unmeasured_level says."""
    world = simulate(n_accounts=3000, seed=1)
    bare = world.events.drop(columns=["output_tokens", "prompt"])
    res = gh.detect(bare, world.accounts)
    old = gh.detect(bare, world.accounts, gh.load_config(overrides=["scoring.harvest_unmeasured_level=0.6"]))
    tp, fp = _found(res, world.truth)
    # measured (ring accounts / benign flagged): 210 / 0 with ../shared/data, 144 / 1 with the simulator's
    # built-in fallback data (CI's clone has no shared data beside it); 0 ring accounts with the first version
    assert tp >= 0.6 * int(world.truth["is_ring"].sum()) and fp <= 2
    pd.testing.assert_frame_equal(res.rings.drop(columns="risk_score"), old.rings.drop(columns="risk_score"))
    np.testing.assert_allclose(res.rings["risk_score"], old.rings["risk_score"])


def _platform_customers_and_a_ring(seed: int = 7) -> pd.DataFrame:
    """An input with no output_tokens, user_agent or accounts file (a minimal log): an automation platform's
    40 customers and an 8-account ring, beside 300 individuals."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-11-02", tz="UTC")
    rows = []
    # an automation platform's customers: every request from its 3 NAT addresses, its wrapper around the
    # customer's task, hourly workflows in office hours, 10-20 a day (1-2 % of the limit), no reasoning
    for i in range(40):
        for d in range(7):
            for h in range(8, 8 + int(rng.integers(10, 21)) // 2):
                for m in (5, 35):
                    rows.append({"account_id": f"cust{i}", "timestamp": start + pd.Timedelta(days=d, hours=h, minutes=m, seconds=int(rng.integers(5))),
                                 "ip": f"198.51.100.{1 + i % 3}", "payment_method": f"pm_c{i}",
                                 "prompt": f"[FlowHub workflow step {rng.integers(100)}] Extract the invoice number and total from: "
                                           f"order {rng.integers(10**6)} for client {rng.integers(10**4)} dated {rng.integers(1, 28)} (Automated request sent by FlowHub)"})
    # a ring: 8 accounts on two proxy addresses, one template, round the clock at 40 % of the limit
    for i in range(8):
        for d in range(7):
            for s in np.sort(rng.choice(86400, size=400, replace=False)):
                rows.append({"account_id": f"ring{i}", "timestamp": start + pd.Timedelta(days=d, seconds=int(s)),
                             "ip": f"203.0.113.{10 + i % 2}", "payment_method": f"pm_r{i}",
                             "prompt": f"Classify the sentiment of this review as positive or negative: item {rng.integers(10**6)} was {rng.integers(10**3)}"})
    for i in range(300):  # the rest of the platform: individuals on their own addresses
        for _ in range(int(rng.integers(3, 12))):
            rows.append({"account_id": f"u{i}", "timestamp": start + pd.Timedelta(minutes=int(rng.integers(7 * 24 * 60))),
                         "ip": f"192.0.{2 + i // 200}.{i % 200 + 1}", "payment_method": f"pm_{i}",
                         "prompt": f"question {rng.integers(10**9)} about topic {i}"})
    return pd.DataFrame(rows)


def test_answers_nobody_measured_are_no_sign_of_harvesting():
    """world19 s3 (session 53): without answer lengths the missing feature counted at the neutral level in the
    harvest cap, and every busy, templated platform customer (one NAT, one wrapper, hourly workflows) kept 0.6 of
    its risk and crossed the threshold: 1,507 benign accounts. It now counts 0 there, so a group that asks for no
    reasoning shows harvesting by its use of the daily limit, as the ring here does (40 % of it)."""
    ev = _platform_customers_and_a_ring()
    cfg = gh.Config().with_overrides(["scoring.requests_per_day_limit=1000"])
    res = gh.detect(ev, config=cfg)
    old = gh.detect(ev, config=cfg.with_overrides(["scoring.harvest_unmeasured_level=0.6"]))
    assert res.run_info["harvest_unmeasured"] == ["output_tokens"]

    def flagged(r, prefix):
        a = r.accounts
        return int(a.loc[a["account_id"].str.startswith(prefix), "flagged"].sum())

    assert flagged(res, "ring") == 8 and flagged(res, "cust") == 0 and flagged(res, "u") == 0
    assert flagged(old, "ring") == 8 and flagged(old, "cust") == 40  # the old level: every customer
    # the floor is scaled to what the sum can reach here (2 of 4) and explained with that value
    rings = res.rings.merge(res.accounts[["account_id", "ring_id"]], on="ring_id")
    cust = rings[rings["account_id"].str.startswith("cust")].iloc[0]
    assert cust["harvest_evidence"] < 0.2 and not cust["flagged"]
    text = res.explain(cust["ring_id"])
    assert "under the 0.75 a ring needs: scoring.min_harvest_behaviour" in text
    assert "no answer lengths (no output_tokens column), and answers nobody measured count nothing here" in text
    assert "under the 0.975 a ring needs" in old.explain(old.accounts.set_index("account_id").loc["cust0", "ring_id"])
    # a run written before session 53 (no harvest_unmeasured_level stored) is explained with the level it used
    from graphhunt.scoring import harvest_level_of

    stored = dict(res.run_info["config"]["scoring"])
    assert harvest_level_of(stored) == 0.0
    del stored["harvest_unmeasured_level"]
    assert harvest_level_of(stored) == pytest.approx(0.6)
    assert harvest_level_of({**stored, "neutral_unmeasured": False}) == 0.0


def test_unmeasured_level_is_a_setting_and_old_runs_repeat_with_the_neutral_level(hard, tmp_path):
    import json

    from graphhunt.errors import ConfigError
    from graphhunt.scoring import unmeasured_level_of

    bare = hard.events.drop(columns=["output_tokens", "user_agent"])
    res = gh.detect(bare, hard.accounts)
    u = _u(res.config, ["output_tokens", "client_homogeneity"])
    np.testing.assert_allclose(res.rings["evidence_unmeasured"], u)
    # the neutral level of sessions 14-76 on request: more evidence for every ring, so no risk falls
    old = gh.detect(bare, hard.accounts, gh.load_config(overrides=["scoring.unmeasured_level=0.6"]))
    np.testing.assert_allclose(old.rings["evidence_unmeasured"], 0.6 * 1.5)
    def by_members(r):  # ring ids follow the partition, which the dense-core search may cut another way
        m = r.accounts.dropna(subset=["ring_id"]).groupby("ring_id")["account_id"].agg(lambda s: tuple(sorted(s)))
        return r.rings.assign(members=r.rings["ring_id"].map(m)).set_index("members")["risk_score"]

    new_risk, old_risk = by_members(res), by_members(old)
    same = new_risk.index.intersection(old_risk.index)
    assert len(same) >= 20
    assert (new_risk[same] <= old_risk[same] + 1e-9).all()
    assert (new_risk[same] < old_risk[same] - 1e-6).any()
    # a run.json written before the setting existed repeats at the neutral level it used: its midpoint over its
    # sum of positive weights (here a midpoint of 6.6: 0.55), by every reader
    from graphhunt.explain import explain_ring, load_run
    from graphhunt.sinks.files import write_result

    out = write_result(res, tmp_path / "run")
    run = json.loads((out / "run.json").read_text())
    del run["config"]["scoring"]["unmeasured_level"]
    run["config"]["scoring"]["midpoint"] = 6.6
    (out / "run.json").write_text(json.dumps(run))
    assert gh.load_config(out / "run.json").scoring.unmeasured_level == pytest.approx(0.55)
    assert unmeasured_level_of(run["config"]["scoring"]) == pytest.approx(0.55)
    flagged = res.rings.loc[res.rings["flagged"], "ring_id"].iloc[0]
    assert "each counted at 0.55 of its weight" in explain_ring(load_run(out), flagged)
    from graphhunt.sinks.report import build_report

    assert "each feature at 0.55 of its weight" in build_report(out)
    assert "each counted at 0.5 of its weight" in res.explain(flagged)
    assert unmeasured_level_of({**run["config"]["scoring"], "neutral_unmeasured": False}) == 0.0
    for bad in ("1.5", "-0.1", "true", "high"):
        with pytest.raises(ConfigError, match="scoring.unmeasured_level"):
            gh.load_config(overrides=[f"scoring.unmeasured_level={bad}"])


def test_missing_columns_are_named_with_what_they_cost(hard, caplog):
    # session 77: in the test worlds without organisation columns most flagged benign accounts were groups their
    # organisation explains once the columns are there; and what the missing metadata counts at was only in run.json
    import logging

    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        gh.detect(hard.events.drop(columns=["output_tokens", "user_agent"]), hard.accounts[["account_id", "payment_method"]])
    text = caplog.text
    assert ("the input has no usable output_tokens, user_agent or created_at: answer length, client "
            "homogeneity and sign-up bursts cannot be measured, and count at 0.5 of their weight") in text
    assert text.count("cannot be measured") == 1 and "is missing on 100%" not in text
    assert "the accounts file has neither org_id nor email_domain" in text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        gh.detect(hard.events.drop(columns=["user_agent"]), hard.accounts,
                  gh.load_config(overrides=["scoring.unmeasured_level=0.6"]))
    assert "no usable user_agent: client homogeneity cannot be measured, and counts at 0.6 of its" in caplog.text
    assert "org_id" not in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        gh.detect(hard.events, hard.accounts)  # every column: nothing to say
    assert "no usable" not in caplog.text and "org_id" not in caplog.text
    caplog.clear()
    # no accounts file: its own warning names sign-up bursts; a user_agent column empty on every row is said once;
    # scoring.neutral_unmeasured = false counts them 0 and says which setting did
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        gh.detect(hard.events.assign(user_agent=None), config=gh.load_config(overrides=ZERO))
    text = caplog.text
    assert "no accounts file: sign-up bursts" in text and "created_at" not in text
    assert ("no usable user_agent: client homogeneity cannot be measured, and counts 0 for every group "
            "(scoring.neutral_unmeasured = false") in text
    assert "'user_agent' is missing on 100%" not in text
    caplog.clear()
    # organisation columns empty on every row are as good as absent
    with caplog.at_level(logging.WARNING, logger="graphhunt"):
        gh.detect(hard.events, hard.accounts.assign(org_id=None, email_domain=None))
    assert "the accounts file has neither org_id nor email_domain" in caplog.text
