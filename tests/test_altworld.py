"""The independent world generator (benchmarks/altworld.py) writes graphhunt's input contract."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

altworld = pytest.importorskip("altworld")
if not (altworld.SHARED / "prompts" / "promptsource-templates").exists():
    pytest.skip("../shared/data not available", allow_module_level=True)

pytestmark = pytest.mark.slow  # loads the shared reference data (~15 s)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    out = tmp_path_factory.mktemp("alt")
    p = altworld.Params(accounts=1500, seed=3, ring_share=0.05)
    summary = altworld.generate(p, out)
    return out, summary


def test_contract_and_truth(world):
    import graphhunt as gh

    out, summary = world
    ev = pd.read_parquet(out / "events.parquet")
    assert list(ev.columns) == ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent",
                                "output_tokens", "api_key_id", "model"]
    ac = pd.read_csv(out / "accounts.csv", keep_default_na=False)
    assert list(ac.columns) == ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"]
    assert ac["account_id"].is_unique
    truth = pd.read_csv(out / "truth.csv", keep_default_na=False)
    assert set(truth["account_id"]) == set(ac["account_id"])
    assert set(ev["account_id"]) <= set(ac["account_id"])
    ring = truth["is_ring"].astype(bool)
    assert ring.sum() == round(1500 * 0.05) == summary["ring_accounts"]
    assert (truth.loc[ring, "ring_id"] != "").all() and (truth.loc[~ring, "ring_id"] == "").all()
    # rings share no payment method, with each other or anyone else
    cards = ac.set_index("account_id")["payment_method"]
    rc = cards[truth.loc[ring, "account_id"]]
    assert rc.is_unique and not rc.isin(cards[truth.loc[~ring, "account_id"]]).any()
    # ring accounts run just under the per-account daily limit; no account goes over it by much
    per_day = ev.assign(d=ev["timestamp"].str[:10]).groupby(["account_id", "d"]).size()
    ring_ids = set(truth.loc[ring, "account_id"])
    rpd = per_day[per_day.index.get_level_values(0).isin(ring_ids)]
    assert rpd.median() > 0.6 * summary["params"]["daily_limit"]
    # mobile carriers: IPv6 and CGNAT present; every IP parses for graphhunt
    assert ev["ip"].str.contains(":").any() and ev["ip"].str.match(r"^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.").any()
    loaded = gh.load_events(out / "events.parquet")
    assert len(loaded) == len(ev)
    # benign look-alikes present
    assert {"benign_office", "benign_devteam", "benign_heavy_app", "benign_vpn", "benign_household",
            "benign_campus", "benign_carrier_nat", "benign_proxy_user"} <= set(truth["cohort"])


def test_deterministic(world, tmp_path):
    out, _ = world
    altworld.generate(altworld.Params(accounts=1500, seed=3, ring_share=0.05), tmp_path)
    a = pd.read_csv(out / "truth.csv")
    b = pd.read_csv(tmp_path / "truth.csv")
    pd.testing.assert_frame_equal(a, b)
