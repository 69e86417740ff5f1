"""Refresh's affected-region community update: which accounts count as changed, the reduced
Leiden, and agreement with re-clustering everything (must be able to fail)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from graphhunt.communities import detect_communities
from graphhunt.config import load_config
from graphhunt.graph import build_graph
from graphhunt.links.base import group_incidence
from graphhunt.refresh import (_changed_account_rows, _held_templates, changed_communities, new_linking_accounts,
                               region_communities, templates_hold_changed,
                               refresh)
from test_refresh import make_world, write_slices

CCFG = load_config(None).communities  # CPM, igraph, resolution 0.35


def _edges(pairs: list[tuple[int, int, float]]) -> pd.DataFrame:
    s, d, w = zip(*pairs)
    return pd.DataFrame({"src": np.array(s, np.int32), "dst": np.array(d, np.int32), "weight": np.array(w)})


def _clique(nodes, w):
    return [(a, b, w) for i, a in enumerate(nodes) for b in nodes[i + 1:]]


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    return len(set(zip(a.tolist(), b.tolist()))) == len(set(a.tolist())) == len(set(b.tolist()))


def test_region_update_matches_full_leiden_on_constructed_graph():
    # two rings (0-5, 6-11), a weakly linked crowd (12-39), and account 40 new and strongly tied to ring 0
    pairs = _clique(list(range(6)), 1.5) + _clique(list(range(6, 12)), 1.5)
    rng = np.random.default_rng(0)
    crowd = list(range(12, 40))
    pairs += [(int(a), int(b), 0.05) for a, b in rng.choice(crowd, size=(120, 2)) if a < b]
    pairs += [(int(c), int(r), 0.05) for c, r in zip(crowd[:10], range(10))]
    pairs += [(min(40, r), max(40, r), 1.4) for r in range(6)]
    e = _edges(pairs).drop_duplicates(["src", "dst"])
    ids = np.array([f"a{i:02d}" for i in range(41)], dtype=object)
    prev = pd.Series(np.r_[np.zeros(6), np.ones(6), 2 + np.arange(28)].astype(int), index=ids[:40])
    affected = np.zeros(41, bool)
    affected[40] = True
    info: dict = {}
    got = region_communities(e, ids, prev, affected, CCFG, info)
    assert got is not None and info["touched_accounts"] == 7  # 40 and its six strong neighbours
    assert info["reduced_nodes"] < 41
    assert len(set(got[[0, 1, 2, 3, 4, 5, 40]])) == 1  # the new account joined ring 0
    assert len(set(got[6:12])) == 1 and got[6] != got[0]  # ring 1 untouched
    import igraph as ig

    g = ig.Graph(n=41, edges=list(zip(e["src"], e["dst"])))
    g.es["weight"] = e["weight"].to_numpy()
    full = detect_communities(g, CCFG)
    assert _same_partition(got, full)


def test_region_update_keeps_unaffected_communities_and_falls_back_when_large():
    pairs = _clique(list(range(5)), 1.5) + _clique(list(range(5, 10)), 1.5)
    e = _edges(pairs)
    ids = np.array([f"a{i}" for i in range(10)], dtype=object)
    # previous labels keep ring 1 split in two: no account of ring 1 is affected, so it stays split
    prev = pd.Series([0] * 5 + [1, 1, 1, 2, 2], index=ids)
    aff = np.zeros(10, bool)
    aff[0] = True
    got = region_communities(e, ids, prev, aff, CCFG)
    assert len(set(got[5:8])) == 1 and got[8] == got[9] and got[5] != got[8]
    # every account affected: more than half touched -> None (the caller re-clusters everything)
    assert region_communities(e, ids, prev, np.ones(10, bool), CCFG) is None
    # modularity is not a sum of independent community terms: no region update
    mod = type(CCFG)(**{**CCFG.__dict__, "objective": "modularity"})
    assert region_communities(e, ids, prev, aff, mod) is None


def test_new_linking_accounts():
    # attribute 0 shared by accounts 0,1,2 (old for 0 and 1, new for 2); attribute 1 held only by account 3 (new)
    acc = np.array([0, 1, 2, 0, 3])
    attr = np.array([0, 0, 0, 0, 1])
    ts = np.array([100, 100, 500, 600, 700])  # account 0 reuses attribute 0 inside the new slice
    inc = group_incidence("ip", acc, attr, np.array(["ip:a", "ip:b"], dtype=object), ts)
    lg = build_graph([inc], np.array(["a0", "a1", "a2", "a3"], dtype=object), load_config(None).links)
    got = new_linking_accounts([inc], lg.attributes, 4, t_new_min=400)
    assert got.tolist() == [False, False, True, False]
    # one late event dated 400 by account 1 (say) makes 400 the slice's earliest time: account 2's pair, first
    # seen at 500 in an earlier slice, is not new; only accounts with events in the slice can hold new pairs
    got = new_linking_accounts([inc], lg.attributes, 4, t_new_min=400, has_new=np.array([False, True, False, False]))
    assert got.tolist() == [False, False, False, False]
    got = new_linking_accounts([inc], lg.attributes, 4, t_new_min=400, has_new=np.array([False, False, True, False]))
    assert got.tolist() == [False, False, True, False]


def test_changed_communities():
    prev = np.array([0, 0, 0, 1, 1, 2, 2, 3, 3, np.nan])
    comm = np.array([0, 0, 0, 1, 1, 2, 2, 2, 3, 4])
    affected = np.zeros(10, bool)
    # 0: same accounts as before; 1: same; 2 merged previous 2 with part of 3; 3: lost a member; 4: new account
    assert changed_communities(comm, prev, affected).tolist() == [False] * 5 + [True] * 5
    affected[3] = True  # an account with new links: its whole community is searched again
    assert changed_communities(comm, prev, affected).tolist() == [False] * 3 + [True] * 7
    # an account that left the window is not in ``comm``: the rest of its community is unchanged
    assert not changed_communities(np.array([0, 0]), np.array([7.0, 7.0]), np.zeros(2, bool)).any()
    assert changed_communities(np.array([], np.int64), np.array([]), np.zeros(0, bool)).tolist() == []


def test_changed_account_rows():
    old = pd.DataFrame({"account_id": ["a", "b", "c"], "payment_method": ["p1", "p2", None]})
    new = pd.DataFrame({"account_id": ["a", "b", "c", "d"], "payment_method": ["p1", "p9", None, "p4"]})
    assert _changed_account_rows(old, new) == {"b", "d"}
    assert _changed_account_rows(old, old) == set()


def _ring_agreement(a: pd.DataFrame, b: pd.DataFrame) -> float:
    """Share of the flagged accounts of ``a`` whose ring maps one to one onto their ring in ``b``."""
    f = a[a["flagged"]][["account_id", "ring_id"]].merge(b[["account_id", "ring_id"]], on="account_id",
                                                         suffixes=("_a", "_b"))
    ov = f[f["ring_id_b"] != ""].groupby(["ring_id_a", "ring_id_b"]).size().sort_values(ascending=False)
    used_a, used_b, pairs = set(), set(), {}
    for (x, y), _ in ov.items():
        if x not in used_a and y not in used_b:
            pairs[x] = y
            used_a.add(x)
            used_b.add(y)
    return float((f["ring_id_a"].map(pairs) == f["ring_id_b"]).mean()) if len(f) else 1.0


def test_region_refresh_agrees_with_full_reclustering(tmp_path, monkeypatch):
    """Four slices with the region update vs the same slices with it disabled."""
    import sys

    rf = sys.modules["graphhunt.refresh"]

    ev, ac = make_world(seed=3, n_benign=150, rings=(9, 7, 6, 5))
    # the new ring member of ring 0 appears only in the last slice (a new, strongly linked account)
    late = ev[ev["account_id"] == "ring0-00"].copy()
    late["account_id"] = "ring0-new"
    late = late[late["timestamp"] >= late["timestamp"].quantile(0.75)]
    ev = pd.concat([ev, late], ignore_index=True)
    ac = pd.concat([ac, ac[ac["account_id"] == "ring0-00"].assign(account_id="ring0-new")], ignore_index=True)
    acp = tmp_path / "accounts.csv"
    ac.to_csv(acp, index=False)
    slices = write_slices(tmp_path, ev, 4)
    for s in slices[:3]:
        r_reg = refresh(tmp_path / "state_region", s, acp, report=False)
    r_reg = refresh(tmp_path / "state_region", slices[3], acp, report=False)
    info = r_reg.result.run_info["communities_update"]
    assert info["mode"] == "region", info
    assert info["touched_accounts"] < info["accounts"]
    # the dense-core search looked only inside the communities the update changed
    assert 0 < info["core_search_accounts"] < info["accounts"], info
    monkeypatch.setattr(rf, "REGION_MAX_SHARE", -1.0)  # forces the whole-graph Leiden
    for s in slices:
        r_full = refresh(tmp_path / "state_full", s, acp, report=False)
    assert r_full.result.run_info["communities_update"]["mode"].startswith("full")
    a, b = r_full.result.accounts, r_reg.result.accounts
    assert a["flagged"].sum() > 0
    assert _ring_agreement(a, b) >= 0.95
    assert _ring_agreement(b, a) >= 0.95
    # the new account joined its ring in both
    ring0 = b.set_index("account_id")["ring_id"]
    assert ring0["ring0-new"] != "" and ring0["ring0-new"] == ring0["ring0-01"]
    run = json.loads((tmp_path / "state_region" / "output" / "run.json").read_text())
    assert run["refresh"]["communities_update"]["mode"] == "region"
    # the state remembers which accounts sat in flagged rings (the next search must look inside them
    # if they are no longer flagged)
    from graphhunt.refresh import read_state

    mem = read_state(tmp_path / "state_region").membership.set_index("account_id")
    rings = r_reg.result.rings.set_index("ring_id")["flagged"]
    accs = r_reg.result.accounts.set_index("account_id")
    expect = accs["ring_id"].map(lambda r: bool(rings.get(r, False)) if r else False)
    assert mem["ring_flagged"].reindex(expect.index).tolist() == expect.tolist()
    assert mem["ring_flagged"].sum() >= accs["flagged"].sum() > 0


def test_changed_settings_recluster_everything(tmp_path):
    ev, ac = make_world(seed=1, n_benign=60, rings=(6, 5))
    slices = write_slices(tmp_path, ev, 2)
    refresh(tmp_path / "st", slices[0], report=False)
    cfg = load_config(None).with_overrides({"communities.resolution": 0.4})
    r = refresh(tmp_path / "st", slices[1], config=cfg, report=False)
    assert r.result.run_info["communities_update"]["mode"] == "full"


def test_worker_count_does_not_force_a_full_recluster():
    """communities.workers changes nothing in the results, so it is not part of the pipeline digest
    (changing it keeps the affected-region update); a setting that matters still changes it."""
    import importlib

    rf = importlib.import_module("graphhunt.refresh")
    cfg = load_config(None)
    assert rf._pipeline_digest(cfg) == rf._pipeline_digest(cfg.with_overrides({"communities.workers": 3}))
    assert rf._pipeline_digest(cfg) != rf._pipeline_digest(cfg.with_overrides({"communities.core_density_steps": 2}))


def test_a_previously_flagged_ring_is_searched_again():
    """The search never looks inside flagged groups. A community flagged in the previous run and not
    now must count as changed (refresh passes its accounts as affected), or the refresh would keep it
    whole where a full run splits its core out."""
    from graphhunt.config import CommunityConfig
    from graphhunt.detector import _dense_core_search
    from test_communities import _crowd_with_core, _n

    g, core = _crowd_with_core()
    n = _n(g)
    comm = np.zeros(n, np.int64)
    edges = pd.DataFrame({"src": g[0], "dst": g[1], "weight": g[2]})
    cc = CommunityConfig(core_density_steps=1, workers=1)

    def score(c, e=None):  # nothing flagged in this run
        r = pd.DataFrame({"c": c}).groupby("c").size().rename("size").to_frame()
        r["flagged"] = False
        return r[r["size"] >= 3], pd.DataFrame(index=np.arange(n))

    r, m = score(comm)
    full = _dense_core_search(comm, r, m, edges, cc, score)[0]
    assert len(np.unique(full)) == 2
    prev = np.zeros(n)  # the previous run: the same accounts in one community, flagged, so not searched
    skipped = changed_communities(comm, prev, np.zeros(n, bool))
    assert not skipped.any()  # without the flag it would count as already searched
    scope = changed_communities(comm, prev, np.ones(n, bool))  # was_flagged -> affected
    assert (_dense_core_search(comm, r, m, edges, cc, score, scope=scope)[0] == full).all()


def _template_events(spec):
    """Events from (account, n templated with family F, n other requests, new?) rows."""
    rows = []
    for acc, n_f, n_other, new, *fam in spec:
        rows += [(acc, fam[0] if fam else "tpl-f", True, new)] * n_f + [(acc, None, False, new)] * n_other
    ev = pd.DataFrame(rows, columns=["acc", "template_id", "reasoning", "new"])
    ev["event_key"] = np.arange(len(ev), dtype=np.uint64) + np.uint64(1000)
    return ev


def test_templates_hold_changed_sees_a_family_gained_or_lost_without_a_new_attribute():
    """Session 35: whether an account holds a family depends on its share of prompts over the window, so new
    events can give or take one without a new attribute (new_linking_accounts sees neither)."""
    ev = _template_events([
        (0, 3, 27, False), (0, 0, 10, True),   # held 3 of 30; 10 new requests: 3 of 40 < 4, lost
        (1, 2, 23, False), (1, 1, 0, True),    # 2 of 25 < 3; one new use: 3 of 26, gained
        (2, 5, 5, False), (2, 0, 1, True),     # 5 of 10, then 5 of 11: held throughout
        (3, 0, 4, False), (3, 0, 4, True),     # no template at all
        (4, 2, 23, False, "tpl-own"), (4, 1, 0, True, "tpl-own"),  # gains a family nobody else holds: no link
    ])
    new_keys = ev.loc[ev["new"], "event_key"].to_numpy(np.uint64)
    got = templates_hold_changed(ev, 5, new_keys, repeat_fraction=0.1)
    assert got.tolist() == [True, True, False, False, False]
    assert not templates_hold_changed(ev, 5, new_keys[:0], repeat_fraction=0.1).any()


def test_held_templates_counts_logged_prompts_of_the_window():
    acc = np.array([0] * 12 + [1] * 12 + [2] * 3)
    codes = np.array([0] * 2 + [-1] * 10 + [0] * 1 + [1] * 2 + [-1] * 9 + [1] * 3)
    logged = np.ones(len(acc), bool)
    got = _held_templates(acc, codes, logged, 0.1)
    # account 0: 2 of 12 (needs 2) held; account 1: family 0 once (dropped), family 1 twice (held); account 2: all
    assert got.tolist() == [0, 0] + [-1] * 10 + [-1, 1, 1] + [-1] * 9 + [1, 1, 1]
    # without reasoning flags, the templated events are the logged prompts; an event with a template id
    # counts as logged whatever its flag says
    assert (_held_templates(acc, codes, None, 0.1) == codes).all()
    assert (_held_templates(acc, codes, np.zeros(len(acc), bool), 0.1) == codes).all()
    assert (_held_templates(acc, codes, logged, 0.0) == codes).all()


def test_held_templates_counts_a_family_used_on_two_days_whatever_its_share():
    """Session 64: an account that spreads its requests over many families of one kind (world32's hydra: nine
    families at 5 % each) lost them all to the share rule, where detect, holding text shingle by shingle, keeps
    them. A family used on two UTC days of the window is held; one used twice on one day, under its share, is
    not; the share rule holds as before."""
    day = 86_400
    acc = np.array([0] * 20 + [1] * 20)
    # account 0: family 0 on day 0 and day 3 (2 of 20, under a share of 0.2 -> 4), family 1 twice on day 1
    # account 1: family 0 five times on day 2 (over its share)
    codes = np.array([0, 0, 1, 1] + [-1] * 16 + [0] * 5 + [-1] * 15)
    ts = np.array([0, 3 * day + 5, day + 1, day + 9] + [7 * day] * 16 + [2 * day + i for i in range(5)] + [8 * day] * 15)
    logged = np.ones(len(acc), bool)
    got = _held_templates(acc, codes, logged, 0.2, ts)
    assert got[:4].tolist() == [0, 0, -1, -1] and (got[20:25] == 0).all()
    assert _held_templates(acc, codes, logged, 0.2)[:4].tolist() == [-1, -1, -1, -1]  # the share alone
    assert _held_templates(acc, codes, logged, 0.2, ts, min_days=0)[:4].tolist() == [-1, -1, -1, -1]
