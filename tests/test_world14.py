"""The fourteenth independent world generator (benchmarks/world14.py, docs/WORLD14.md): reproducible from its
seed (also under another PYTHONHASHSEED), writes graphhunt's input contract (also in the seed variations that
drop optional columns), its truth covers every account, the ring share is exact, ring sizes stay in the
requested ranges, no account exceeds the platform's daily limit of 750 and no request comes before its
account's sign-up. Skipped without the shared data the generator reads."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.slow  # generator tooling for the benchmark worlds, not the product: run with the slow tests (.ci/run runs them)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world14.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("WORLD14_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
N = 1000
RUNS = {
    "small": ["--accounts", str(N), "--seed", "23", "--ring-share", "0.05", "--ring-sizes", "small"],
    "mixed": ["--accounts", str(N), "--seed", "22", "--ring-share", "0.08", "--ring-sizes", "mixed"],
    "variant": ["--accounts", "700", "--seed", "35", "--ring-share", "0.03", "--ring-sizes", "small"],
}
LIMIT = 750
NAMED = ("office_nat", "mobile_carrier", "campus", "household", "vpn_user", "heavy_app", "individual")
NEW = ("agency_studio", "saas_subaccounts", "hackathon", "eval_lab", "llm_gateway_user", "browser_extension",
       "sso_rollout", "internet_cafe", "prompt_pack", "translation_vendor", "labeling_shift")
KINDS = ("card_pool", "split_pay", "reworder", "cot_narrow", "resi_turns", "aged_sleeper", "gateway_hide", "org_cloak",
         "trial_drip")

needs_data = pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                reason="shared reference data not available (set WORLD14_SHARED_DATA)")


def _module():
    spec = importlib.util.spec_from_file_location("world14", GEN)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("world14")
    runs = {"small": (RUNS["small"], "0"), "small_again": (RUNS["small"], "4242"), "mixed": (RUNS["mixed"], "0"),
            "variant": (RUNS["variant"], "9")}
    procs = {}
    for k, (args, hs) in runs.items():
        env = {**os.environ, "WORLD14_SHARED_DATA": str(DATA), "PYTHONHASHSEED": hs}
        procs[k] = subprocess.Popen([sys.executable, str(GEN), *args, "--out", str(base / k)], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for k, p in procs.items():
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, f"world14 {k} failed:\n{err.decode(errors='replace')}"
    return {k: base / k for k in runs}


def _truth(d: Path) -> pd.DataFrame:
    return pd.read_csv(d / "truth.csv", dtype=str, keep_default_na=False)


@needs_data
def test_deterministic(worlds):
    for f in FILES:
        a = hashlib.sha256((worlds["small"] / f).read_bytes()).hexdigest()
        b = hashlib.sha256((worlds["small_again"] / f).read_bytes()).hexdigest()
        assert a == b, f"{f} differs between two runs of the same command (other PYTHONHASHSEED)"


@needs_data
@pytest.mark.parametrize("name", ["small", "mixed", "variant"])
def test_contract_loads(worlds, name, recwarn, caplog):
    from graphhunt.io import load_accounts, load_events

    with caplog.at_level(logging.WARNING):
        ev = load_events(worlds[name] / "events.parquet")
        acc = load_accounts(worlds[name] / "accounts.csv")
    ecols = ["account_id", "timestamp", "ip", "payment_method", "prompt", "model"]
    acols = ["created_at", "payment_method", "email_domain", "org_id"]
    if name == "variant":  # seed 35: divisible by 5 (no token counts, no key ids) and by 7 (no user agent, no country)
        for c in ("output_tokens", "api_key_id", "user_agent"):
            assert c not in ev.columns
        assert "country" not in acc.columns
        assert json.loads((worlds[name] / "world.json").read_text())["platform"]["dropped_columns"] == [
            "output_tokens", "api_key_id", "user_agent", "accounts.country"]
    else:
        ecols += ["user_agent", "output_tokens", "api_key_id"]
        acols.append("country")
    for c in ecols:
        assert c in ev.columns, c
    for c in acols:
        assert c in acc.columns, c
    assert len(ev) > 30 * (N if name != "variant" else 700)
    assert set(ev["account_id"].unique()) <= set(acc["account_id"])
    ips = ev["ip"].dropna().astype(str)
    assert ips.str.contains(":").any() and ips.str.contains(r"^\d+\.").any()  # IPv4 and IPv6
    assert not [w for w in recwarn if "graphhunt" in str(w.filename)], [str(w.message) for w in recwarn]
    assert not [r for r in caplog.records if r.name.startswith("graphhunt")], [r.getMessage() for r in caplog.records]


@needs_data
def test_missing_optional_values(worlds):
    """within the contract: some accounts pay nothing (trial credits), some clients send no user agent, some
    responses have no token count, some sign-ups have no e-mail or country"""
    ev = pd.read_parquet(worlds["small"] / "events.parquet")
    acc = pd.read_csv(worlds["small"] / "accounts.csv", dtype=str)
    assert ev["payment_method"].isna().any() and ev["payment_method"].notna().mean() > 0.6
    assert ev["user_agent"].isna().any() and ev["output_tokens"].isna().any() and ev["prompt"].isna().any()
    assert acc["email_domain"].isna().any() and acc["country"].isna().any()
    assert acc["org_id"].notna().any() and acc["org_id"].isna().any()
    assert (ev["prompt"].dropna().str.len() < 20000).all()


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
    assert (ring["group_id"] == ring["ring_id"]).all()
    sizes = ring.groupby("ring_id").size()
    assert (sizes >= 3).all()
    big = sizes[sizes > 15]
    if name == "small":
        assert big.empty
    else:
        assert 1 <= len(big) <= 3 and (big <= 300).all()
    info = json.loads((worlds[name] / "world.json").read_text())
    assert info["totals"]["ring_accounts"] == len(ring)
    assert info["platform"]["requests_per_day_limit"] == LIMIT and info["platform"]["days"] == 26
    assert {r["ring_id"] for r in info["rings"]} == set(sizes.index)
    small = [r for r in info["rings"] if r["size"] <= 15]
    assert len({r["kind"] for r in small}) == min(len(KINDS), len(small))  # kinds taken in turn
    for r in info["rings"]:
        assert r["trace"] and r["evasion"] and r["size"] == sizes[r["ring_id"]]
        assert (ring[ring.ring_id == r["ring_id"]]["cohort"] == r["kind"]).all()
    for c in NAMED + NEW:  # the named look-alikes and this world's own are all there
        assert (t.cohort == c).any(), c
    benign = t[t.is_ring == "0"]
    grouped = (benign["group_id"] != "").mean()
    assert 0.28 <= grouped <= 0.42  # about 100 benign group accounts per ring account at a ring share of 0.003
    assert info["totals"]["benign_group_accounts"] == int((benign["group_id"] != "").sum())


@needs_data
def test_daily_limit_and_signup(worlds):
    ev = pd.read_parquet(worlds["mixed"] / "events.parquet", columns=["account_id", "timestamp"])
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= LIMIT
    ts = ev["timestamp"]
    assert ts.min() >= pd.Timestamp("2026-09-10", tz="UTC") and ts.max() < pd.Timestamp("2026-10-06", tz="UTC")
    assert ts.is_monotonic_increasing
    acc = pd.read_csv(worlds["mixed"] / "accounts.csv", dtype=str, keep_default_na=False)
    first = ev.groupby("account_id")["timestamp"].min()
    created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True).reindex(first.index)
    assert (first >= created).all()


def test_ring_sizes_function():
    mod = _module()
    for mode, total in (("small", 200), ("small", 7), ("small", 17), ("small", 3), ("mixed", 300), ("mixed", 60),
                        ("mixed", 41), ("hydra", 2400), ("hydra", 1003), ("hydra", 1500), ("hydra", 400)):
        for seed in range(6):
            s = mod.ring_sizes(total, mode, np.random.default_rng(seed))
            assert sum(s) == total and all(x >= 3 for x in s), (mode, total, s)
            bigs = [x for x in s if x > 15]
            assert any(x <= 15 for x in s) or total < 6 or mode != "small"
            if mode == "small":
                assert not bigs
            elif mode == "mixed":
                assert 1 <= len(bigs) <= 3 and all(x <= 300 for x in bigs)
            elif total >= 1003:
                assert sum(x >= 1000 for x in s) == 1 and max(s) <= 3000
                assert any(3 <= x <= 15 for x in s)
    assert mod.ring_sizes(2, "small", np.random.default_rng(0)) == []
