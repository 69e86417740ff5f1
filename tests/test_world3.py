"""The third independent world generator (benchmarks/world3.py) writes graphhunt's input contract
and plants the evasions docs/WORLD3.md describes."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest
from _worlds import assert_contract, read_world

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

world3 = pytest.importorskip("world3")
if not (world3.SHARED / "prompts" / "promptsource-templates").exists():
    pytest.skip("../shared/data not available", allow_module_level=True)

pytestmark = pytest.mark.slow  # loads the shared reference data


@pytest.fixture(scope="module")
def ref():
    return world3.Ref()


@pytest.fixture(scope="module")
def world(tmp_path_factory, ref):
    out = tmp_path_factory.mktemp("w3")
    summary = world3.generate(world3.Params(accounts=2500, seed=4, ring_share=0.08), out, ref)
    ev, truth, ac = read_world(out)
    return out, summary, ev, truth, ac


def test_contract_and_truth(world):
    import graphhunt as gh

    out, summary, ev, truth, ac = world
    assert_contract(ev, truth, ac, 2500)
    ring = truth["is_ring"].astype(bool)
    assert ring.sum() == 200 == summary["ring_accounts"]
    assert (truth.loc[ring, "ring_id"] != "").all() and (truth.loc[~ring, "ring_id"] == "").all()
    assert set(truth.loc[ring, "cohort"]) <= {"ring_small", "ring_large"}
    assert truth.loc[~ring, "cohort"].str.startswith("benign_").all()
    # accounts are created before their first request
    first = ev.groupby("account_id")["timestamp"].min()
    created = pd.to_datetime(ac.set_index("account_id")["created_at"], utc=True)
    assert (created.reindex(first.index) <= first).all()
    # graphhunt's loader accepts both files without dropping anything
    e = gh.load_events(out / "events.parquet")
    assert len(e) == len(ev)
    gh.load_accounts(out / "accounts.csv")


def test_rings_stay_under_the_limit_at_20_to_50_percent(world):
    _, summary, ev, truth, _ = world
    ring_ids = set(truth.loc[truth["is_ring"].astype(bool), "account_id"])
    per_day = ev.assign(d=ev["timestamp"].dt.floor("D")).groupby(["account_id", "d"]).size()
    r = per_day[per_day.index.get_level_values(0).isin(ring_ids)]
    lim = summary["limit_per_day"]
    assert 0.15 * lim < r.median() < 0.55 * lim
    assert (r <= lim).mean() > 0.99


def test_evasions_are_planted(world):
    _, summary, ev, truth, ac = world
    t = truth.set_index("account_id")
    ev = ev.join(t[["group_id", "variant", "is_ring"]], on="account_id")
    rings = ev[ev["is_ring"].astype(bool)]
    for rid, d in rings.groupby("group_id"):
        infra = d["variant"].iloc[0].split("|")[0]
        members_per_ip = d.groupby("ip")["account_id"].nunique()
        cards = ac.set_index("account_id").loc[d["account_id"].unique(), "payment_method"]
        if infra == "ownip":  # each account its own proxy IPs: no exact IP shared inside the ring
            assert members_per_ip.max() == 1
        if infra == "crude":
            assert cards.nunique() <= 2 < len(cards)
        else:
            assert cards.is_unique
    # VPN rings exit through the same addresses benign VPN users use
    vpn_ring = rings[rings["variant"].str.startswith("vpn|")]
    if len(vpn_ring):
        benign_vpn = ev[t.reindex(ev["account_id"])["cohort"].to_numpy() == "benign_vpn_user"]
        assert vpn_ring["ip"].isin(set(benign_vpn["ip"])).mean() > 0.3


def test_seeded(tmp_path, world, ref):
    out = world[0]
    world3.generate(world3.Params(accounts=2500, seed=4, ring_share=0.08), tmp_path, ref)
    pd.testing.assert_frame_equal(pd.read_csv(out / "truth.csv"), pd.read_csv(tmp_path / "truth.csv"))
    a = pd.read_parquet(out / "events.parquet", columns=["account_id", "ip", "prompt"]).head(2000)
    b = pd.read_parquet(tmp_path / "events.parquet", columns=["account_id", "ip", "prompt"]).head(2000)
    pd.testing.assert_frame_equal(a, b)
