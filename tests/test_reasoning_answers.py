"""``scoring.reasoning_needs_long_answers``: a request for chain-of-thought counts as harvesting evidence only as
far as the answers carry reasoning (are long). A class that signs up together, works from one venue address and
asks for "step by step" explanations of its exercises gets short answers; a ring with the same footprint that
asks for the same thing gets long ones."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from tests.test_episode import DAY, _group_ring, frames, ordinary_accounts


def _venue_world(answer_tokens: tuple[int, int], seed: int = 0, reasoning_share: float = 1.0,
                 other_tokens: tuple[int, int] = (30, 90)) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Twelve accounts created within an hour, all on one address, 40-70 requests on each weekday of two weeks,
    ``reasoning_share`` of the prompts an exercise plus "Explain step by step how it works", answered in
    ``answer_tokens`` tokens, the others the exercise alone, answered in ``other_tokens``; 80 ordinary accounts
    with answers of 100-400 tokens."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-10-05", tz="UTC").value // 10**9  # a Monday
    rows, accounts = [], []
    group = [f"cls{i}" for i in range(12)]
    for i, a in enumerate(group):
        accounts.append((a, t0 - 7200 + 300 * i))
        for day in range(14):
            if day % 7 >= 5:
                continue
            for t in np.sort(rng.uniform(9 * 3600, 17 * 3600, int(rng.integers(40, 70)))):
                task = f"exercise {int(rng.integers(0, 10**6))}: write a function that {int(rng.integers(0, 10**6))}"
                if rng.random() < reasoning_share:
                    rows.append((a, t0 + day * DAY + int(t), "198.51.100.7", "",
                                 task + ". Explain step by step how it works.", int(rng.integers(*answer_tokens)),
                                 f"browser/{i % 5}"))
                else:
                    rows.append((a, t0 + day * DAY + int(t), "198.51.100.7", "", task + ".",
                                 int(rng.integers(*other_tokens)), f"browser/{i % 5}"))
    ordinary_accounts(rng, t0, 80, 14, rows, accounts)
    ev, ac = frames(rows, accounts)
    return ev, ac, group


def test_step_by_step_answered_briefly_is_not_harvesting():
    ev, ac, group = _venue_world(answer_tokens=(150, 300))
    res = gh.detect(ev, ac)
    members, ring = _group_ring(res, group)
    # every request asks for reasoning, but the answers are about as long as anyone's: it counts for little
    assert ring["reasoning_rate"] == pytest.approx(1.0) and ring["f_output_tokens"] < 0.25
    assert ring["f_reasoning"] == pytest.approx(2 * ring["f_output_tokens"]) and not members["flagged"].any(), ring
    text = res.explain(group[0])  # the investigator reads why
    assert ("the members ask for step-by-step reasoning in 100% of their logged requests (mean over members), but the "
            "answers to those requests are short") in text
    assert f"counts at {ring['f_reasoning']:.2f}: a distiller keeps" in text
    # (the answers to all requests are the answers to the reasoning requests here: the session-46 reading agrees)
    s46 = gh.detect(ev, ac, config=gh.load_config(None, ["scoring.reasoning_answers_of_reasoning_requests=false"]))
    members46, ring46 = _group_ring(s46, group)
    assert ring46["f_reasoning"] == pytest.approx(ring["f_reasoning"]) and not members46["flagged"].any()
    assert f"counts at {ring46['f_reasoning']:.2f}, twice LONG_OUTPUTS" in s46.explain(group[0])
    # without the rule the same class is a ring: the rule is what leaves it alone
    off = gh.detect(ev, ac, config=gh.load_config(None, ["scoring.reasoning_needs_long_answers=false"]))
    members0, ring0 = _group_ring(off, group)
    assert ring0["f_reasoning"] == pytest.approx(1.0) and members0["flagged"].all(), ring0
    assert "answers are short" not in off.explain(group[0])
    assert off.config.scoring.reasoning_needs_long_answers is False


def test_step_by_step_answered_at_length_is_still_a_ring():
    ev, ac, group = _venue_world(answer_tokens=(1500, 2500))
    res = gh.detect(ev, ac)
    members, ring = _group_ring(res, group)
    assert ring["f_output_tokens"] == 1.0 and ring["f_reasoning"] == pytest.approx(1.0)
    assert members["flagged"].all() and "REASONING_ELICITATION" in ring["reasons"], ring
    assert "answers are short" not in res.explain(group[0])


def test_without_output_counts_reasoning_is_left_as_measured():
    """No ``output_tokens`` column: nothing says how long the answers were, so the request counts in full."""
    ev, ac, group = _venue_world(answer_tokens=(150, 300))
    members, ring = _group_ring(gh.detect(ev.drop(columns=["output_tokens"]), ac), group)
    assert ring["f_reasoning"] == pytest.approx(1.0) and np.isnan(ring["median_output_tokens"])


def test_reasoning_answered_at_length_among_short_requests_is_a_ring():
    """Session 63 (world31's hydra): a group that asks for reasoning in a third of its requests, answered at
    length, and sends short requests besides (resold chat, labels) has an ordinary median answer. Its reasoning
    counts by the answers to the reasoning requests; with the session-46 reading (the median answer to all
    requests) the cap took it away and the ring was not flagged."""
    ev, ac, group = _venue_world(answer_tokens=(1500, 2500), reasoning_share=0.35)
    res = gh.detect(ev, ac)
    members, ring = _group_ring(res, group)
    assert 0.25 < ring["reasoning_rate"] < 0.45 and ring["f_output_tokens"] == 0.0  # the median answer is short
    assert ring["median_reasoning_output_tokens"] > 1500 and ring["f_reasoning"] > 0.5
    assert members["flagged"].all() and "answers are short" not in res.explain(group[0]), ring
    old = gh.detect(ev, ac, config=gh.load_config(None, ["scoring.reasoning_answers_of_reasoning_requests=false"]))
    members0, ring0 = _group_ring(old, group)
    assert ring0["f_reasoning"] == 0.0 and not members0["flagged"].any(), ring0
