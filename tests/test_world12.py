"""The twelfth independent world generator (benchmarks/world12.py, docs/WORLD12.md): reproducible from its
seed (also under another PYTHONHASHSEED), writes graphhunt's input contract, its truth covers every account,
the ring share is exact, ring sizes stay in the requested ranges and no account exceeds the platform's daily
limit. Skipped without the shared data the generator reads."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.slow  # generator tooling for the benchmark worlds, not the product: run with the slow tests (.ci/run runs them)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world12.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("WORLD12_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
N = 1000
RUNS = {
    "small": ["--accounts", str(N), "--seed", "23", "--ring-share", "0.05", "--ring-sizes", "small"],
    "mixed": ["--accounts", str(N), "--seed", "22", "--ring-share", "0.07", "--ring-sizes", "mixed"],
}
LIMIT = 1000

needs_data = pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                reason="shared reference data not available (set WORLD12_SHARED_DATA)")


def _module():
    spec = importlib.util.spec_from_file_location("world12", GEN)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("world12")
    runs = {"small": (RUNS["small"], "0"), "small_again": (RUNS["small"], "12345"), "mixed": (RUNS["mixed"], "0")}
    procs = {}
    for k, (args, hs) in runs.items():
        env = {**os.environ, "WORLD12_SHARED_DATA": str(DATA), "PYTHONHASHSEED": hs}
        procs[k] = subprocess.Popen([sys.executable, str(GEN), *args, "--out", str(base / k)], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for k, p in procs.items():
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, f"world12 {k} failed:\n{err.decode(errors='replace')}"
    return {k: base / k for k in runs}


def _truth(d: Path) -> pd.DataFrame:
    return pd.read_csv(d / "truth.csv", dtype=str, keep_default_na=False)


@needs_data
def test_deterministic(worlds):
    for f in FILES:
        a = hashlib.sha256((worlds["small"] / f).read_bytes()).hexdigest()
        b = hashlib.sha256((worlds["small_again"] / f).read_bytes()).hexdigest()
        assert a == b, f"{f} differs between two runs of the same command"


@needs_data
@pytest.mark.parametrize("name", ["small", "mixed"])
def test_contract_loads(worlds, name, recwarn):
    from graphhunt.io import load_accounts, load_events

    ev = load_events(worlds[name] / "events.parquet")
    acc = load_accounts(worlds[name] / "accounts.csv")
    for c in ("account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens",
              "api_key_id", "model"):
        assert c in ev.columns
    for c in ("created_at", "payment_method", "email_domain", "country", "org_id"):
        assert c in acc.columns
    assert len(ev) > 10 * N
    assert set(ev["account_id"].unique()) <= set(acc["account_id"])
    assert not [w for w in recwarn if "graphhunt" in str(w.filename)], [str(w.message) for w in recwarn]


@needs_data
@pytest.mark.parametrize("name", ["small", "mixed"])
def test_truth_share_and_sizes(worlds, name):
    t = _truth(worlds[name])
    acc = pd.read_csv(worlds[name] / "accounts.csv", dtype=str, keep_default_na=False)
    assert list(t.columns) == ["account_id", "is_ring", "ring_id", "group_id", "cohort", "variant"]
    assert t["account_id"].is_unique and set(t["account_id"]) == set(acc["account_id"]) and len(t) == N
    assert set(t["is_ring"]) == {"0", "1"}
    ring = t[t.is_ring == "1"]
    share = float(RUNS[name][RUNS[name].index("--ring-share") + 1])
    assert len(ring) == round(N * share)
    assert (t[t.is_ring == "0"]["ring_id"] == "").all() and (ring["ring_id"] != "").all()
    sizes = ring.groupby("ring_id").size()
    small = sizes[sizes <= 15]
    assert (small >= 3).all()
    big = sizes[sizes > 15]
    if name == "small":
        assert big.empty
    else:
        assert 1 <= len(big) <= 2 and ((big >= 50) & (big <= 300)).all()
    info = json.loads((worlds[name] / "world.json").read_text())
    assert info["totals"]["ring_accounts"] == len(ring)
    assert {r["ring_id"] for r in info["rings"]} == set(sizes.index)
    small_kinds = {r["kind"] for r in info["rings"] if r["size"] <= 15}
    assert len(small_kinds) == min(7, sum(r["size"] <= 15 for r in info["rings"]))  # kinds taken in turn
    # the named benign look-alikes are all there
    for c in ("office_small", "mobile_cgnat", "mobile_v6", "campus_student", "household", "vpn_user",
              "heavy_app", "individual"):
        assert (t.cohort == c).any(), c


@needs_data
def test_daily_limit(worlds):
    ev = pd.read_parquet(worlds["mixed"] / "events.parquet", columns=["account_id", "timestamp"])
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= LIMIT
    ts = ev["timestamp"]
    assert (ts.max() - ts.min()).days <= 35


def test_ring_sizes_function():
    mod = _module()
    for mode, total in (("small", 200), ("mixed", 400), ("hydra", 2400), ("hydra", 1003), ("small", 7)):
        for seed in range(5):
            s = mod.ring_sizes(total, mode, np.random.default_rng(seed))
            assert sum(s) == total
            assert all(x >= 3 for x in s)
            bigs = [x for x in s if x > 15]
            if mode == "small":
                assert not bigs
            elif mode == "mixed":
                assert 1 <= len(bigs) <= 2 and all(50 <= x <= 300 for x in bigs)
            else:
                assert len(bigs) == 1 and 1000 <= bigs[0] <= 3000
