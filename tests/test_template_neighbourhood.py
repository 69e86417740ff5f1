"""A template family held across a ring's infrastructure neighbourhood is the ring's own
(``scoring.template_neighbourhood``, session 69).

A hydra on one relay pool is cut into pieces of a few dozen accounts; each piece holds a few percent of
its own families' holders, so "at least half of the holders in the ring" gave every piece
``template_concentration`` 0 (world33, world34 and world37's hydras). The pieces share relay addresses;
independent users of one public template share none.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graphhunt.config import Config, ScoringConfig, load_config
from graphhunt.scoring import score_rings, template_neighbourhood_holders


def _pieces(n_piece: int = 4, n_pieces: int = 3, n_public: int = 4):
    """``n_pieces`` pieces of ``n_piece`` accounts (communities 0..n_pieces-1) tied to each other by shared
    addresses between pieces, and ``n_public`` public users of the same family, each its own community with
    only a content tie to the pieces."""
    n_ring = n_piece * n_pieces
    comm = np.r_[np.repeat(np.arange(n_pieces), n_piece), n_pieces + np.arange(n_public)]
    src, dst = np.triu_indices(n_ring, 1)
    same_piece = comm[src] == comm[dst]
    # inside a piece: address and content; between pieces: one address per pair of neighbouring accounts
    ip = np.where(same_piece | ((src % n_piece) == (dst % n_piece)), 1.0, 0.0)
    pub_src = np.repeat(np.arange(n_ring, n_ring + n_public), 2)
    pub_dst = np.tile([0, n_piece], n_public)
    edges = pd.DataFrame({
        "src": np.r_[src, pub_dst], "dst": np.r_[dst, pub_src],
        "weight": np.ones(len(src) + len(pub_src)),
        "w_ip": np.r_[ip, np.zeros(len(pub_src))],
        "w_template": np.r_[np.ones(len(src)), np.ones(len(pub_src))],
    })
    n = len(comm)
    tinc = pd.DataFrame({"acc": np.arange(n), "attr": np.zeros(n, np.int64), "n_events": np.full(n, 50)})
    tinc["n_accounts"] = n
    return comm, edges, tinc, n_ring


def test_holders_are_counted_over_the_pieces_that_share_infrastructure():
    comm, edges, tinc, n_ring = _pieces()
    near, _ = template_neighbourhood_holders(comm, edges, tinc)
    # every piece reaches the two others by addresses: 12 of the family's 16 holders
    assert near[:n_ring].tolist() == [12] * n_ring
    # a public user shares content only: its own count (1 holder), not a candidate (fewer than two)
    assert near[n_ring:].tolist() == [1] * 4


def test_a_content_tie_is_no_neighbourhood():
    comm, edges, tinc, n_ring = _pieces()
    edges = edges.assign(w_ip=0.0)  # the pieces keep only their template ties
    near, _ = template_neighbourhood_holders(comm, edges, tinc)
    assert near[:n_ring].tolist() == [4] * n_ring  # each piece: its own four


def test_no_infrastructure_columns_gives_the_own_counts():
    comm, edges, tinc, _ = _pieces()
    near, _ = template_neighbourhood_holders(comm, edges.drop(columns=["w_ip"]), tinc)
    own = pd.Series(comm[tinc["acc"]]).map(pd.Series(comm[tinc["acc"]]).value_counts()).to_numpy()
    assert near.tolist() == own.tolist()


def _feats(n: int) -> pd.DataFrame:
    row = {"n_events": 300, "mean_daily": 100.0, "utilization": 0.1, "machine_timing": 1.0,
           "median_output_tokens": 2000.0, "reasoning_rate": 0.9, "n_prompted": 60, "n_template_measured": 60}
    feats = pd.DataFrame([row] * n)
    feats["main_user_agent"] = ["sdk/1"] * n
    feats["org_id"] = pd.Series(pd.NA, index=feats.index, dtype="string")
    feats["created_ts"] = np.nan
    return feats


def test_a_piece_owns_the_family_its_neighbourhood_holds():
    comm, edges, tinc, n_ring = _pieces()
    feats = _feats(len(comm))
    cfg = ScoringConfig()
    plain, _ = score_rings(comm, feats, edges, tinc, cfg, 1.0, 3)
    near, _ = template_neighbourhood_holders(comm, edges, tinc)
    wide, _ = score_rings(comm, feats, edges, tinc.assign(n_near=near), cfg, 1.0, 3)
    # 4 of 16 holders in a piece: not its own; 12 of 16 in its neighbourhood: its own
    assert (plain.loc[[0, 1, 2], "f_template_concentration"] == 0).all()
    assert (wide.loc[[0, 1, 2], "f_template_concentration"] == 1).all()
    assert (wide.loc[[0, 1, 2], "evidence_sum"] > plain.loc[[0, 1, 2], "evidence_sum"]).all()
    # ... and says so (rings.csv's n_neighbourhood_templates, explain's sentence)
    assert (wide.loc[[0, 1, 2], "n_neighbourhood_templates"] == 1).all()
    assert (plain["n_neighbourhood_templates"] == 0).all()


def test_explain_says_which_families_are_the_ring_s_own_through_its_neighbourhood():
    from graphhunt.explain import reason_phrase

    ring = pd.Series({"template_event_share": 0.39, "n_core_templates": 3, "n_neighbourhood_templates": 2})
    text = reason_phrase("TEMPLATE_CONCENTRATION", ring)
    assert text.startswith("39% of members' requests")
    assert "2 of its 3 families count as its own" in text and "shares infrastructure" in text
    assert "count as its own" not in reason_phrase("TEMPLATE_CONCENTRATION", ring.drop("n_neighbourhood_templates"))
    none = ring.copy()
    none["n_neighbourhood_templates"] = 0
    assert "count as its own" not in reason_phrase("TEMPLATE_CONCENTRATION", none)


def test_a_run_json_from_before_the_switch_repeats_without_it(tmp_path):
    import json

    assert Config().scoring.template_neighbourhood is True
    old = Config().to_dict()
    del old["scoring"]["template_neighbourhood"]
    (tmp_path / "run.json").write_text(json.dumps({"created_at": "x", "config": old}))
    assert load_config(tmp_path / "run.json").scoring.template_neighbourhood is False  # as the run had it
    (tmp_path / "c.toml").write_text("[scoring]\nthreshold = 0.5\n")
    assert load_config(tmp_path / "c.toml").scoring.template_neighbourhood is True  # a file leaving it out: default


def test_only_a_group_that_harvests_at_the_floor_gets_its_neighbourhood():
    """A no-code platform's tenants share its egress and step templates as a hydra's pieces do; they run
    workflows, not a harvest (world24 s3), so a group under the harvest floor keeps its own count."""
    from graphhunt.detector import _template_neighbourhood

    comm, edges, tinc, n_ring = _pieces()
    rings = pd.DataFrame({"harvest_evidence": [2.0, 0.4, 2.0]}, index=[0, 1, 2])
    near = _template_neighbourhood(comm, rings, edges, tinc, floor=1.5)
    assert near[:4].tolist() == [12] * 4 and near[8:12].tolist() == [12] * 4  # pieces 0 and 2 harvest
    assert near[4:8].tolist() == [4] * 4  # piece 1 does not: its own four
    assert _template_neighbourhood(comm, rings.assign(harvest_evidence=0.1), edges, tinc, floor=1.5) is None


def _own_reasoning_events(comm: np.ndarray, n_ring: int, family_reasoning: np.ndarray):
    """Per ring account 50 requests in the shared family 0 and 50 chat requests (no family); each piece's
    family requests ask for reasoning as ``family_reasoning[piece]`` says and its chat does the opposite, so
    every ring account's rate over all its requests is 0.5."""
    acc = np.repeat(np.arange(n_ring), 100)
    fam = np.tile(np.r_[np.zeros(50, np.int64), np.full(50, -1)], n_ring)
    on_family = np.asarray(family_reasoning, bool)[comm[acc]]
    reasoning = np.where(fam == 0, on_family, ~on_family)
    return acc, fam, reasoning


def test_reasoning_is_measured_on_the_families_a_piece_owns_with_its_neighbourhood():
    from graphhunt.scoring import reasoning_on_own_families

    comm, edges, tinc, n_ring = _pieces()
    near, own = template_neighbourhood_holders(comm, edges, tinc)
    acc, fam, reasoning = _own_reasoning_events(comm, n_ring, [True, True, False])
    groups = np.zeros(int(comm.max()) + 1, bool)
    groups[:3] = True
    rate = reasoning_on_own_families(comm, tinc, near, own, groups, acc, fam, reasoning, 0.1)
    # over every request each member asks for reasoning half of the time; on the hydra's family, all or none
    assert rate[:3].tolist() == [1.0, 1.0, 0.0]
    assert np.isnan(rate[3:]).all()  # not asked for
    # a family the neighbourhood does not hold half of is not the piece's own
    alone = reasoning_on_own_families(comm, tinc, own, own, groups, acc, fam, reasoning, 0.1)
    assert np.isnan(alone[:3]).all()


def test_a_piece_under_the_floor_that_reasons_on_its_own_families_gets_its_neighbourhood():
    """A hydra's resold chat dilutes its pieces' reasoning over every request (world34 s3); measured on the
    families it owns with its relay pool, the piece harvests at the floor. A piece whose own families ask for
    no reasoning (a platform's tenants running its workflows) keeps its own count."""
    from graphhunt.detector import _OwnReasoning, _template_neighbourhood

    comm, edges, tinc, n_ring = _pieces()
    acc, fam, reasoning = _own_reasoning_events(comm, n_ring, [True, True, False])
    rings = pd.DataFrame({"harvest_evidence": [2.0, 1.2, 1.2], "f_reasoning": [1.0, 0.5, 0.5],
                          "reasoning_rate": [0.5, 0.5, 0.5], "reasoning_cap": [np.nan] * 3}, index=[0, 1, 2])
    harvest = lambda r: 0.7 + r["f_reasoning"].to_numpy()  # noqa: E731 (value + activity of a test ring)
    own_reasoning = _OwnReasoning(acc, fam, reasoning, 0.0, ScoringConfig(), harvest)
    near = _template_neighbourhood(comm, rings, edges, tinc, floor=1.5, own_reasoning=own_reasoning)
    assert near[:4].tolist() == [12] * 4  # harvests at the floor by itself
    assert near[4:8].tolist() == [12] * 4  # lifted: reasoning 1.0 on its own family
    assert near[8:12].tolist() == [4] * 4  # its own family asks for none: under the floor, its own four
    # without the rule (session 69), piece 1 keeps its own count
    near = _template_neighbourhood(comm, rings, edges, tinc, floor=1.5)
    assert near[4:8].tolist() == [4] * 4
    # answers too short to carry reasoning (reasoning_cap) keep it under the floor
    capped = rings.assign(reasoning_cap=[np.nan, 0.6, np.nan])
    near = _template_neighbourhood(comm, capped, edges, tinc, floor=1.5, own_reasoning=own_reasoning)
    assert near[4:8].tolist() == [4] * 4


def test_a_run_json_from_before_own_reasoning_repeats_without_it(tmp_path):
    import json

    assert Config().scoring.neighbourhood_own_reasoning is True
    old = json.loads(json.dumps(Config().to_dict()))
    del old["scoring"]["neighbourhood_own_reasoning"]
    (tmp_path / "run.json").write_text(json.dumps({"config": old}))
    assert load_config(tmp_path / "run.json").scoring.neighbourhood_own_reasoning is False
