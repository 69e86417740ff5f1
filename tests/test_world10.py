"""The tenth independent world generator (benchmarks/world10.py, docs/WORLD10.md) writes graphhunt's input
contract, keeps the platform's daily limit, plants rings of the requested sizes among its benign cohorts, and
is reproducible from its seed. Skipped without the shared data the generator reads."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world10.py"
# the shared data beside the repository (as the other worlds look for it), else where this machine keeps it
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("WORLD10_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
ARGS = ["--accounts", "1500", "--seed", "7", "--ring-share", "0.04", "--ring-sizes", "small"]
EVENT_COLUMNS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens",
                 "api_key_id", "model"]
ACCOUNT_COLUMNS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"]
TRUTH_COLUMNS = ["account_id", "is_ring", "ring_id", "group_id", "cohort", "variant"]

pytestmark = [pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                reason="shared reference data not available"),
              pytest.mark.slow]  # generator tooling for the benchmark worlds, not the product: run with the slow tests (.ci/run runs them)


def _run(out: Path, args=ARGS) -> None:
    subprocess.run([sys.executable, str(GEN), *args, "--out", str(out)], check=True, capture_output=True,
                   env={**os.environ, "WORLD10_SHARED_DATA": str(DATA)})


def _digest(d: Path) -> dict[str, str]:
    return {f: hashlib.sha256((d / f).read_bytes()).hexdigest() for f in ("events.parquet", "accounts.csv",
                                                                             "truth.csv")}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    out = tmp_path_factory.mktemp("world10") / "w"
    _run(out)
    return out


def test_files_load_and_truth_covers_accounts(world):
    from graphhunt.io import load_accounts, load_events

    raw = pd.read_parquet(world / "events.parquet")
    assert list(raw.columns) == EVENT_COLUMNS
    truth = pd.read_csv(world / "truth.csv", dtype=str, keep_default_na=False)
    acc = pd.read_csv(world / "accounts.csv", dtype=str, keep_default_na=False)
    assert list(truth.columns) == TRUTH_COLUMNS and list(acc.columns) == ACCOUNT_COLUMNS
    ev = load_events(world / "events.parquet")
    ac = load_accounts(world / "accounts.csv")
    assert len(ev) == len(raw) and len(ac) == 1500
    assert truth["account_id"].is_unique and len(truth) == 1500
    assert set(truth["account_id"]) == set(ac["account_id"]) >= set(ev["account_id"])
    assert set(truth["is_ring"]) <= {"0", "1"}
    ring = truth["is_ring"] == "1"
    assert (truth.loc[ring, "cohort"] == "ring").all() and (truth.loc[~ring, "ring_id"] == "").all()
    assert (truth.loc[ring, "ring_id"] != "").all() and (truth.loc[ring, "variant"] != "").all()
    # the classic look-alikes and this world's own benign cohorts are there
    assert {"office", "mobile_cgnat", "campus", "household", "vpn_user", "heavy_app", "individual", "crowdwork",
            "api_router", "colab_class", "enterprise_swg", "agency_apps"} <= set(truth["cohort"])
    info = json.loads((world / "world.json").read_text())
    per_day = raw.groupby([raw["account_id"], raw["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= info["platform"]["daily_request_limit_per_account"]
    assert raw["prompt"].str.startswith('[{"role"').any()  # multi-turn chat logs are in the prompt column


def test_rings_of_requested_sizes(world):
    truth = pd.read_csv(world / "truth.csv", dtype=str, keep_default_na=False)
    ring = truth[truth["is_ring"] == "1"]
    assert len(ring) == round(0.04 * 1500)
    sizes = ring.groupby("ring_id").size()
    assert sizes.between(3, 15).all() and len(sizes) >= 4
    assert ring["variant"].nunique() >= 4  # several infrastructures/evasions, not one kind


def test_same_seed_same_world(world, tmp_path):
    again = tmp_path / "again"
    _run(again)
    assert _digest(again) == _digest(world)


def test_large_rings(tmp_path):
    out = tmp_path / "large"
    _run(out, ["--accounts", "1200", "--seed", "3", "--ring-share", "0.1", "--ring-sizes", "large"])
    truth = pd.read_csv(out / "truth.csv", dtype=str, keep_default_na=False)
    sizes = truth[truth["is_ring"] == "1"].groupby("ring_id").size()
    assert sizes.sum() == 120 and (sizes >= 50).all()
