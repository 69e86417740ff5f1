"""The nineteenth independent world generator (benchmarks/world19.py, docs/WORLD19.md): its output contract.

Tiny part (marked slow with the rest since session 58: one 600-account, 7-day world): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, ring sizes within 3-15 for --ring-sizes small, the platform's daily limit (700) is
never exceeded on any UTC day, nothing is logged before its account's sign-up, events are sorted by time.
Slow part (2,000-account worlds and one 20,000-account world): byte-identical files for the same seed (also under
another PYTHONHASHSEED), --ring-sizes mixed and hydra size bands, --minimal columns, the new benign look-alikes and
ring kinds are present, and a full-size world's volume and benign:ring ratio.
Skipped without the shared reference data the generator reads."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world19.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "model"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "group_id", "cohort", "variant"]
DAILY_LIMIT = 700
NEW_BENIGN = {"relay_user", "appstore_billing", "automation_customer", "clinical_scribe", "game_studio",
              "byok_mod_player", "synthdata_startup", "legal_review", "conference_attendee", "travel_wifi",
              "public_library"}
NEW_RINGS = {"burn_replace", "rented_aged", "hub_billing", "automation_routed", "relay_routed", "capability_split",
             "micro_ring", "conference_cover"}

# a benchmark generator, not graphhunt: its whole contract test runs with the slow tests (keeps the default run short)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                 reason="shared reference data not available (set GRAPHHUNT_SHARED_DATA)")]

TINY_N = 600
TINY = ["--accounts", str(TINY_N), "--seed", "5", "--ring-share", "0.05", "--ring-sizes", "small", "--days", "7"]
N = 2000
SLOW_RUNS = {
    "small": ["--accounts", str(N), "--seed", "7", "--ring-share", "0.04", "--ring-sizes", "small", "--days", "14"],
    "small_again": ["--accounts", str(N), "--seed", "7", "--ring-share", "0.04", "--ring-sizes", "small", "--days", "14"],
    "mixed": ["--accounts", str(N), "--seed", "8", "--ring-share", "0.2", "--ring-sizes", "mixed", "--days", "10"],
    "hydra": ["--accounts", str(N), "--seed", "9", "--ring-share", "0.25", "--ring-sizes", "hydra", "--days", "10",
              "--minimal"],
}


def _run(runs: dict[str, list[str]], base: Path, timeout: int = 300) -> dict[str, Path]:
    procs = {}
    for k, args in runs.items():
        env = {**os.environ, "GRAPHHUNT_SHARED_DATA": str(DATA), "PYTHONHASHSEED": "1" if k.endswith("_again") else "0"}
        procs[k] = subprocess.Popen([sys.executable, str(GEN), *args, "--out", str(base / k)], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for k, p in procs.items():
        _, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, f"world19 {k} failed:\n{err.decode(errors='replace')}"
    return {k: base / k for k in runs}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return _run({"tiny": TINY}, tmp_path_factory.mktemp("world19_tiny"))["tiny"]


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    return _run(SLOW_RUNS, tmp_path_factory.mktemp("world19"))


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _truth(d: Path) -> pd.DataFrame:
    return pd.read_csv(d / "truth.csv", dtype=str, keep_default_na=False)


def _ring_sizes(d: Path) -> pd.Series:
    t = _truth(d)
    return t[t["is_ring"] == "true"].groupby("ring_id").size()


def _check_truth(d: Path, n: int):
    truth = _truth(d)
    assert list(truth.columns) == TRUTH_COLS
    assert truth["account_id"].is_unique and len(truth) == n
    ev = pq.read_table(d / "events.parquet", columns=["account_id"]).column(0).to_pandas()
    acc = pd.read_csv(d / "accounts.csv", dtype=str, keep_default_na=False)
    ids = set(truth["account_id"])
    assert set(ev.unique()) <= ids and set(acc["account_id"]) == ids
    assert set(truth["is_ring"]) <= {"true", "false"}
    ring = truth[truth["is_ring"] == "true"]
    assert (ring["ring_id"] != "").all() and (truth.loc[truth["is_ring"] == "false", "ring_id"] == "").all()
    assert (ring["group_id"] == ring["ring_id"]).all()
    assert (truth["cohort"] != "").all()
    meta = json.loads((d / "world.json").read_text())
    assert len(ring) == round(meta["params"]["ring_share"] * n) == meta["counts"]["ring_accounts"]
    assert ring["ring_id"].nunique() == meta["counts"]["rings"] == len(meta["rings"])
    sizes = ring.groupby("ring_id").size()
    for r in meta["rings"]:
        assert sizes[r["ring_id"]] == r["size"]
        assert r["signals_kept"], r["ring_id"]          # every ring documents the signal it keeps
    assert meta["reference_data"]["files"] and all(len(h) == 64 for h in meta["reference_data"]["files"].values())


def _check_limit_and_order(d: Path, signup: bool = True):
    meta = json.loads((d / "world.json").read_text())
    limit = meta["platform"]["daily_limit"]
    assert limit == DAILY_LIMIT
    assert meta["platform"]["refused_requests_not_logged"] >= 0
    ev = pq.read_table(d / "events.parquet", columns=["account_id", "timestamp"]).to_pandas()
    assert str(ev["timestamp"].dt.tz) == "UTC"
    assert ev["timestamp"].is_monotonic_increasing
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= limit
    assert meta["counts"]["events"] == len(ev)
    days = meta["params"]["days"]
    start = pd.Timestamp(meta["params"]["start"])
    assert start == pd.Timestamp("2026-11-02T00:00:00Z") and start.weekday() == 0
    assert ev["timestamp"].min() >= start and ev["timestamp"].max() < start + pd.Timedelta(days=days)
    if signup:
        acc = pd.read_csv(d / "accounts.csv", dtype=str, keep_default_na=False)
        created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
        first = ev.groupby("account_id")["timestamp"].min()
        assert (first >= created[first.index]).all()


# ---------------------------------------------------------------- default (fast)

def test_tiny_contract(tiny):
    _check_truth(tiny, TINY_N)
    _check_limit_and_order(tiny)
    schema = pq.read_schema(tiny / "events.parquet")
    assert schema.names == EVENT_COLS
    assert str(schema.field("timestamp").type) == "timestamp[ms, tz=UTC]"
    assert str(schema.field("output_tokens").type) == "int64"
    for c in ("account_id", "ip", "payment_method", "prompt", "user_agent", "model"):
        assert str(schema.field(c).type) == "string", c
    acc = pd.read_csv(tiny / "accounts.csv", nrows=1)
    assert list(acc.columns) == ACCOUNT_COLS
    sizes = _ring_sizes(tiny)
    assert len(sizes) >= 2 and sizes.between(3, 15).all()
    ev = pq.read_table(tiny / "events.parquet", columns=["account_id", "ip", "payment_method", "prompt",
                                                         "output_tokens"]).to_pandas()
    assert ev["ip"].str.contains(":").any() and ev["ip"].str.contains(r"^\d+\.\d+\.\d+\.\d+$").any()
    assert ev["ip"].notna().all() and (ev["prompt"].str.len() > 0).all()
    assert ev["payment_method"].isna().any() and ev["payment_method"].notna().any()
    assert (ev["output_tokens"] > 0).all()
    t = _truth(tiny)
    ring_ids = set(t.loc[t["is_ring"] == "true", "account_id"])
    harvest = ev.loc[ev["account_id"].isin(ring_ids), "prompt"]
    assert len(harvest) and not harvest.str.contains("{{", regex=False).any()   # template slots all rendered


# ---------------------------------------------------------------- slow

@pytest.mark.slow
def test_same_seed_same_files(worlds):
    for f in FILES:
        if f == "world.json":   # carries the generation time; compare everything else
            a = json.loads((worlds["small"] / f).read_text())
            b = json.loads((worlds["small_again"] / f).read_text())
            a.pop("generation_seconds"), b.pop("generation_seconds")
            assert a == b
        else:
            assert _sha(worlds["small"] / f) == _sha(worlds["small_again"] / f), f


@pytest.mark.slow
@pytest.mark.parametrize("name", ["small", "mixed", "hydra"])
def test_truth_limit_order(worlds, name):
    _check_truth(worlds[name], N)
    _check_limit_and_order(worlds[name], signup=name != "hydra")


@pytest.mark.slow
def test_minimal_columns(worlds):
    assert pq.read_schema(worlds["hydra"] / "events.parquet").names == ["account_id", "timestamp", "ip",
                                                                         "payment_method", "prompt"]
    assert list(pd.read_csv(worlds["hydra"] / "accounts.csv", nrows=1).columns) == ["account_id", "payment_method"]
    assert pq.read_schema(worlds["mixed"] / "events.parquet").names == EVENT_COLS


@pytest.mark.slow
def test_ring_size_bands(worlds):
    small = _ring_sizes(worlds["small"])
    assert len(small) >= 5 and small.between(3, 15).all()
    mixed = _ring_sizes(worlds["mixed"])
    R = mixed.sum()
    assert mixed.between(3, 200).all()
    s, m, l = (mixed[mixed.between(3, 15)].sum() / R, mixed[mixed.between(16, 60)].sum() / R,
               mixed[mixed.between(61, 200)].sum() / R)
    assert abs(s - .47) < .06 and abs(m - .33) < .06 and abs(l - .20) < .06, (s, m, l)
    hydra = _ring_sizes(worlds["hydra"])
    t = _truth(worlds["hydra"])
    kinds = t[t["is_ring"] == "true"].groupby("ring_id")["cohort"].first()
    R = hydra.sum()
    assert kinds[hydra.idxmax()] == "hydra_reseller" and (kinds == "hydra_reseller").sum() == 1
    assert .70 * R - 1 <= hydra.max() <= .85 * R + 1
    assert hydra.drop(hydra.idxmax()).between(3, 15).all()


@pytest.mark.slow
def test_cohorts_present(worlds):
    t = _truth(worlds["mixed"])
    benign = set(t.loc[t["is_ring"] == "false", "cohort"])
    rings = set(t.loc[t["is_ring"] == "true", "cohort"])
    assert NEW_BENIGN <= benign, NEW_BENIGN - benign
    assert {"casual_user", "household", "small_office", "mobile_user", "developer"} <= benign
    assert len(NEW_RINGS & rings) >= 7, rings
    meta = json.loads((worlds["mixed"] / "world.json").read_text())
    assert sum(c["events"] for c in meta["cohorts"].values()) == meta["counts"]["events"]
    # the look-alikes share what rings share: the payment hub token and the automation platform's egress
    ev = pq.read_table(worlds["mixed"] / "events.parquet", columns=["account_id", "ip", "payment_method"]).to_pandas()
    ev["cohort"] = t.set_index("account_id")["cohort"].reindex(ev["account_id"]).to_numpy()
    hub_pm = set(ev.loc[ev["cohort"] == "appstore_billing", "payment_method"])
    assert (ev.loc[ev["cohort"] == "hub_billing", "payment_method"].isin(hub_pm)).all()
    auto_ips = set(ev.loc[ev["cohort"] == "automation_customer", "ip"])
    assert ev.loc[ev["cohort"] == "automation_routed", "ip"].isin(auto_ips).all()
    if "relay_routed" in rings:       # the relay's egress networks (/24, /64), which relay users share
        net = ev["ip"].str.replace(r"\.\d+$", "", regex=True).str.replace(r"^((?:[0-9a-f]+:){4}).*$", r"\1", regex=True)
        relay_nets = set(net[ev["cohort"] == "relay_user"])
        assert net[ev["cohort"] == "relay_routed"].isin(relay_nets).mean() > .9


@pytest.mark.slow
def test_full_size_world(tmp_path_factory):
    """The documented world 1: 20,000 accounts, 0.3 % ring share, small rings."""
    d = _run({"w1": ["--accounts", "20000", "--seed", "1", "--ring-share", "0.003", "--ring-sizes", "small"]},
             tmp_path_factory.mktemp("world19_full"), timeout=600)["w1"]
    meta = json.loads((d / "world.json").read_text())
    c = meta["counts"]
    assert c["accounts"] == 20000 and c["ring_accounts"] == 60
    assert 1_500_000 <= c["events"] <= 3_000_000
    assert c["benign_group_accounts"] >= 100 * c["ring_accounts"]
    assert meta["platform"]["refused_requests_not_logged"] > 0
    _check_truth(d, 20000)
    _check_limit_and_order(d)
    sizes = _ring_sizes(d)
    assert sizes.between(3, 15).all()
