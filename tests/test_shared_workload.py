"""``shared_workload``: a ring that gives every account its own address and card is tied by its prompts alone; what
still shows one operator is the work itself, several template families of the group's own run by each account at a
large share of its daily limit (docs/QUALITY.md, "Session 71")."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.scoring import harvest_evidence, harvest_floor, shared_workload
from tests.test_episode import DAY, frames, ordinary_accounts

LIMIT = ["scoring.requests_per_day_limit=1000"]

RING_TEMPLATES = (
    "Classify the sentiment of this product review as positive, negative or mixed: review {} of item {}.",
    "Extract every company name mentioned in the following news snippet {} dated {} and list them.",
    "Rewrite the following customer email {} in a formal register, keeping reference {}.",
)

#: each independent app's own product prompt
APP_TEMPLATES = (
    "Suggest a catchy title for my cooking blog post number {}.",
    "Translate invoice line {} into German for our accounting export.",
    "Write a haiku about the weather report {} for the morning newsletter.",
    "Check the grammar of student essay paragraph {} and mark each error.",
    "Generate three SQL test cases for table migration {}.",
    "Describe real estate listing {} for a family with two children.",
    "Draft a polite reminder about overdue library loan {}.",
    "Convert workout plan {} into a weekly calendar in plain text.",
)


def _day_times(rng, days: int, per_day: int) -> np.ndarray:
    """``per_day`` request times a day on ``days`` days, in an eight-hour working day of the account's own (its
    start drawn from the whole day, so accounts share no schedule): human timing."""
    day = np.repeat(np.arange(days), per_day)
    start = rng.uniform(0, 16) * 3600
    return np.sort(day * DAY + start + rng.uniform(0, 8 * 3600, len(day)))


def _world(seed: int = 0):
    """Ten ring accounts, each on an address (in a network) and a card of its own, 550-650 requests a day in office hours over the
    ring's three templates, each in working hours of its own; eight independent heavy apps, each on its own address and card at the same volume, tied
    by one generic wrapper template they all send beside their own product's; six accounts of one declared
    organisation running their team's three templates at that volume from their homes; 150 ordinary accounts."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-10-05", tz="UTC").value // 10**9
    rows, accounts, orgs = [], [], {}
    ring = [f"cw{i}" for i in range(10)]
    for i, a in enumerate(ring):
        accounts.append((a, t0 - int(rng.uniform(20, 200) * DAY)))
        for t in _day_times(rng, 10, int(rng.integers(550, 650))):
            tpl = RING_TEMPLATES[int(rng.integers(0, 3))]
            rows.append((a, t0 + int(t), f"81.{20 + i}.{7 * i + 3}.{10 + i}", f"card_{a}",
                         tpl.format(int(rng.integers(0, 10**7)), int(rng.integers(0, 10**5))), int(rng.integers(20, 60)),
                         f"browser/{i}"))
    apps = [f"app{i}" for i in range(8)]
    for i, a in enumerate(apps):
        accounts.append((a, t0 - int(rng.uniform(20, 200) * DAY)))
        for t in _day_times(rng, 10, int(rng.integers(550, 650))):
            if rng.random() < 0.5:
                p = f"You are a helpful assistant. Reply in JSON only. Input: {int(rng.integers(0, 10**7))}"
            else:
                p = APP_TEMPLATES[i].format(int(rng.integers(0, 10**7)))
            rows.append((a, t0 + int(t), f"82.{30 + i}.5.{i + 1}", f"card_{a}", p, int(rng.integers(20, 60)),
                         f"app-sdk/{i}"))
    team = [f"team{i}" for i in range(6)]
    for i, a in enumerate(team):
        accounts.append((a, t0 - int(rng.uniform(20, 200) * DAY)))
        orgs[a] = "acme-research"
        for t in _day_times(rng, 10, int(rng.integers(550, 650))):
            p = (f"Label the intent of support ticket {int(rng.integers(0, 10**7))} as billing, bug or other."
                 if rng.random() < 0.5 else
                 f"Summarise the changelog of release {int(rng.integers(0, 10**5))} in one sentence.")
            rows.append((a, t0 + int(t), f"83.{40 + i}.6.{i + 1}", f"card_{a}", p, int(rng.integers(20, 60)),
                         f"laptop/{i}"))
    ordinary_accounts(rng, t0, 150, 10, rows, accounts)
    ev, ac = frames(rows, accounts)
    ac["org_id"] = ac["account_id"].map(orgs).fillna("")
    return ev, ac, ring, apps, team


@pytest.fixture(scope="module")
def world():
    return _world()


@pytest.fixture(scope="module")
def result(world):
    ev, ac, *_ = world
    return gh.detect(ev, ac, config=gh.load_config(None, LIMIT))


def _flagged(res, group) -> int:
    return int(res.accounts.set_index("account_id").loc[group, "flagged"].sum())


def test_a_ring_tied_by_its_work_alone_is_found(world, result):
    _, _, ring, apps, team = world
    acc = result.accounts.set_index("account_id")
    rid = acc.loc[ring, "ring_id"]
    assert (rid == rid.iloc[0]).all() and rid.iloc[0] != ""
    r = result.rings.set_index("ring_id").loc[rid.iloc[0]]
    # every account on an address and a card of its own: nothing but prompt content ties them
    assert r["f_shared_infrastructure"] == 0.0 and r["n_core_templates"] >= 2
    assert r["f_shared_workload"] == pytest.approx(1.0) and "SHARED_WORKLOAD" in r["reasons"]
    assert r["f_machine_timing"] < 0.2  # human hours: its use of the limit carries the harvest to the floor
    assert r["harvest_evidence"] >= harvest_floor(pd.DataFrame({"median_output_tokens": [40.0],
                                                                "main_user_agent": ["a"], "created_ts": [1.0],
                                                                "reasoning_rate": [0.0]}), result.config.scoring) - 1e-9
    assert _flagged(result, ring) == len(ring)
    text = result.explain(ring[0])
    assert "share no infrastructure but do the same work: 3 prompt template families of their own, the median member " \
           f"at {100 * r['median_utilization']:.0f}% of its daily limit" in text
    # the independent apps share one generic family, not several; the declared team's shared work is its own
    assert _flagged(result, apps) == 0 and _flagged(result, team) == 0
    assert not result.accounts["flagged"][result.accounts["account_id"].str.startswith("user")].any()


def test_without_its_weight_the_ring_is_missed(world):
    """A run.json from before session 71 has no weight for the feature and repeats without it."""
    ev, ac, ring, *_ = world
    res = gh.detect(ev, ac, config=gh.load_config(None, LIMIT + ["scoring.weights.shared_workload=0"]))
    assert _flagged(res, ring) == 0


def test_a_run_json_from_before_shared_workload_repeats_without_it(tmp_path):
    old = json.loads(json.dumps(gh.Config().to_dict()))
    del old["scoring"]["weights"]["shared_workload"]
    (tmp_path / "run.json").write_text(json.dumps({"config": old}))
    assert gh.load_config(tmp_path / "run.json").scoring.weights["shared_workload"] == 0.0


def test_shared_workload_only_fills_the_room_shared_infrastructure_leaves():
    r = pd.DataFrame({"f_template_concentration": [1.0, 1.0, 0.5, 1.0, 1.0, 1.0],
                      "median_utilization": [0.5, 0.125, 0.8, 0.8, 0.8, np.nan],
                      "n_core_templates": [2, 5, 3, 3, 1, 3],
                      "org_explained_pair_share": [0.0, 0.0, 0.0, 0.5, 0.0, 0.0],
                      "f_shared_infrastructure": [0.3, 0.0, 0.0, 0.0, 0.0, 0.0]})
    # 1 - 0.3; a quarter of half the limit (WORKLOAD_LIMIT_FULL); half concentrated; half its pairs in one declared organisation; one
    # shared family; no measured volume
    assert shared_workload(r).tolist() == pytest.approx([0.7, 0.25, 0.5, 0.5, 0.0, 0.0])
    # the harvest: such a group reaches the floor by its use of the limit whatever its timing, and only with the weight
    sc = gh.Config().scoring
    g = pd.DataFrame({"f_reasoning": [0.0], "f_output_tokens": [0.0], "f_volume": [1.0], "f_machine_timing": [0.0],
                      "median_utilization": [0.4], "f_shared_workload": [1.0]})
    assert harvest_evidence(g.assign(f_shared_workload=0.0), sc)[0] == pytest.approx(1.0)  # activity 1 of 1.5
    assert harvest_evidence(g, sc)[0] == pytest.approx(1.5)
    off = gh.load_config(None, ["scoring.weights.shared_workload=0"]).scoring
    assert harvest_evidence(g, off)[0] == pytest.approx(1.0)


def test_a_few_declared_members_explain_their_own_ties_not_the_group_s_work():
    """Four declared accounts that share an office, drawn into a group of 48 tied by its work alone, explain 4 of
    the 48 members (org_explained_member_share), though they explain every infrastructure tie inside it
    (org_explained_pair_share 1.0): the group keeps 44/48 of its shared_workload. Where the explained ties cover
    every member, nothing is left; a ring table without the member share falls back to the tie share."""
    base = {"f_template_concentration": 1.0, "median_utilization": 0.8, "n_core_templates": 12,
            "f_shared_infrastructure": 0.0, "org_explained_pair_share": 1.0, "f_disclosed_org": 4 / 48}
    few = pd.DataFrame([{**base, "org_explained_member_share": 4 / 48}])
    assert shared_workload(few)[0] == pytest.approx(44 / 48)
    whole = pd.DataFrame([{**base, "org_explained_member_share": 1.0}])
    assert shared_workload(whole)[0] == 0.0
    assert shared_workload(pd.DataFrame([base]))[0] == 0.0
