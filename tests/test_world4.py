"""The fourth independent world generator (benchmarks/world4.py) writes graphhunt's input contract,
keeps the 300/day limit, shuffles its ids and is reproducible from its seed (docs/WORLD4.md)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _worlds import assert_contract, read_world

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

world4 = pytest.importorskip("world4")
if not (world4.SHARED / "prompts" / "promptsource-templates").exists():
    pytest.skip("../shared/data not available", allow_module_level=True)

pytestmark = pytest.mark.slow  # loads the shared reference data (18-25 s), as test_world3

PARAMS = dict(accounts=1500, seed=5, ring_share=0.06, ring_sizes="small")


@pytest.fixture(scope="module")
def ref():
    return world4.Ref4()


@pytest.fixture(scope="module")
def world(tmp_path_factory, ref):
    out = tmp_path_factory.mktemp("w4")
    summary = world4.generate(world4.Params(**PARAMS), out, ref)
    ev, truth, ac = read_world(out)
    return out, summary, ev, truth, ac


def test_contract_ids_and_truth(world):
    import graphhunt as gh

    out, summary, ev, truth, ac = world
    assert_contract(ev, truth, ac, 1500)
    ring = truth["is_ring"].astype(bool)
    assert ring.sum() == 90 == summary["ring_accounts"]
    assert (truth.loc[ring, "ring_id"] != "").all() and (truth.loc[~ring, "ring_id"] == "").all()
    assert (truth.loc[ring, "variant"] != "").all()
    assert truth.loc[~ring, "cohort"].str.startswith("benign_").all()
    assert truth.groupby("ring_id").size().drop("", errors="ignore").between(3, 15).all()  # "small" sizes
    # ids are shuffled: in id order a ring's members (and a cohort's) are spread over the whole range
    rank = truth["account_id"].rank().to_numpy() / len(truth)
    for rid, r in pd.Series(rank[ring.to_numpy()]).groupby(truth.loc[ring, "ring_id"].to_numpy()):
        if len(r) >= 5:
            assert r.max() - r.min() > 0.2, rid
    assert not truth["cohort"].is_monotonic_increasing and not truth["account_id"].is_monotonic_increasing
    # 10-day window, accounts created before their first request
    assert ev["timestamp"].min() >= world4.START and ev["timestamp"].max() < world4.START + pd.Timedelta(days=10)
    first = ev.groupby("account_id")["timestamp"].min()
    created = pd.to_datetime(ac.set_index("account_id")["created_at"], utc=True)
    assert (created.reindex(first.index) <= first).all()
    e = gh.load_events(out / "events.parquet")  # graphhunt's loader takes both files as they are
    assert len(e) == len(ev)
    gh.load_accounts(out / "accounts.csv")


def test_rate_limit_and_volumes(world):
    _, summary, ev, truth, _ = world
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= world4.LIMIT == summary["limit_per_day"] == 300
    t = truth.set_index("account_id")
    acct = per_day.groupby(level=0).median()
    coh = t.loc[acct.index, "cohort"]
    # heavy apps run at 60-90 % of the limit every day; lowvol ring accounts at 3-10 %
    assert acct[coh == "benign_heavy_app"].between(0.55 * 300, 0.92 * 300).all()
    low = t.loc[acct.index, "variant"].str.contains("lowvol").to_numpy()
    if low.any():
        assert acct[low].median() <= 0.11 * 300
    assert 15 <= len(ev) / len(truth) <= 120  # tens of events per account on average


def test_planted_infrastructure(world):
    _, _, ev, truth, ac = world
    t = truth.set_index("account_id")
    ev = ev.join(t[["ring_id", "cohort", "variant"]], on="account_id")
    cards = ac.set_index("account_id")["payment_method"]
    for rid, d in ev[ev["ring_id"] != ""].groupby("ring_id"):
        infra = d["variant"].iloc[0].split("|")[0]
        c = cards.loc[d["account_id"].unique()]
        assert (c.nunique() <= 2 < len(c)) if infra == "crude" else c.is_unique, rid
    # campus and office NATs: many accounts behind one address
    for coh in ("benign_office", "benign_campus"):
        assert ev[ev["cohort"] == coh].groupby("ip")["account_id"].nunique().max() >= 20
    # rotpool rings exit through the residential proxy pool its benign customers use (same /24s)
    rot = ev[ev["variant"].str.startswith("rotpool")]
    if len(rot):
        net = lambda s: s.str.rsplit(".", n=1).str[0]  # noqa: E731
        cust = set(net(ev.loc[ev["cohort"] == "benign_resi_proxy", "ip"]))
        assert net(rot["ip"]).isin(cust).mean() > 0.02
        assert rot.groupby("account_id")["ip"].nunique().median() > 0.8 * rot.groupby("account_id").size().median()
    # payment tokens are opaque: no shared prefix beyond "pm_"
    assert ac["payment_method"].str.slice(0, 6).nunique() > 0.8 * ac["payment_method"].nunique()


def test_seeded(tmp_path, world, ref):
    out = world[0]
    world4.generate(world4.Params(**PARAMS), tmp_path, ref)
    pd.testing.assert_frame_equal(pd.read_csv(out / "truth.csv"), pd.read_csv(tmp_path / "truth.csv"))
    pd.testing.assert_frame_equal(pd.read_parquet(out / "events.parquet"), pd.read_parquet(tmp_path / "events.parquet"))
    other = tmp_path / "other"
    world4.generate(world4.Params(**{**PARAMS, "seed": 6}), other, ref)
    assert not np.array_equal(pd.read_csv(other / "truth.csv")["account_id"], pd.read_csv(out / "truth.csv")["account_id"])


def test_forced_evasions(tmp_path, ref):
    world4.generate(world4.Params(**{**PARAMS, "evasions": "none"}), tmp_path / "none", ref)
    world4.generate(world4.Params(**{**PARAMS, "evasions": "cover+lowvol"}), tmp_path / "cl", ref)
    for sub, want in (("none", set()), ("cl", {"cover", "lowvol"})):
        t = pd.read_csv(tmp_path / sub / "truth.csv", keep_default_na=False)
        parts = t.loc[t["is_ring"].astype(bool), "variant"].str.split("|")
        assert parts.map(lambda p: set(p) & set(world4.EVASIONS) == want).all(), sub
