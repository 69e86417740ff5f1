"""The twenty-second independent world generator (benchmarks/world22.py, docs/WORLD22.md): its output contract.

Tiny part (marked slow with the rest since session 58: one 600-account, 7-day world, generated twice under different PYTHONHASHSEED): columns and types
per the README's input contract, the truth covers every account, exactly round(share * N) ring accounts in rings of
3-15, the platform's tiered daily limits (free 60, builder 320, scale 1,600 requests per UTC day) are never exceeded,
nothing is logged before its account's sign-up or outside the window, events are sorted by time, addresses parse,
harvest prompts are fully rendered, the same seed gives byte-identical files.
Slow part (2,000-account worlds and the documented 20,000-account world 1): --minimal columns, --ring-sizes size
bands, cohorts present, world 1's proportions.
Skipped without the shared reference data the generator reads."""
from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world22.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "model",
              "api_key_id"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id"]
LIMITS = {"free": 60, "builder": 320, "scale": 1600}
START = pd.Timestamp("2028-03-06T00:00:00Z")
REQUIRED_BENIGN = {"office_worker", "mobile_user", "campus_student", "household", "vpn_user", "api_app"}
INVENTED_BENIGN = {"realty_agent", "claims_adjuster", "newsroom_staff", "diaspora_relative", "translation_coop",
                   "city_311_agent", "pharmacy_branch", "podcast_show"}
RING_KINDS = {"shared_card", "proxy_pool", "question_packing", "sun_relay", "sim_bank", "persona_shards", "agent_trace",
              "preference_harvest"}

# a benchmark generator, not graphhunt: its whole contract test runs with the slow tests (keeps the default run short)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                 reason="shared reference data not available (set GRAPHHUNT_SHARED_DATA)")]

TINY_N = 600
TINY = ["--accounts", str(TINY_N), "--seed", "5", "--ring-share", "0.05", "--ring-sizes", "small", "--days", "7"]
N = 2000
SLOW_RUNS = {
    "small": ["--accounts", str(N), "--seed", "7", "--ring-share", "0.04", "--ring-sizes", "small", "--days", "10"],
    "mixed": ["--accounts", str(N), "--seed", "8", "--ring-share", "0.2", "--ring-sizes", "mixed", "--days", "8"],
    "hydra": ["--accounts", str(N), "--seed", "9", "--ring-share", "0.25", "--ring-sizes", "hydra", "--days", "8",
              "--minimal"],
}


def _run(runs: dict[str, list[str]], base: Path, timeout: int = 900) -> dict[str, Path]:
    procs = {}
    for k, args in runs.items():
        env = {**os.environ, "GRAPHHUNT_SHARED_DATA": str(DATA), "PYTHONHASHSEED": "1" if k.endswith("_again") else "0"}
        procs[k] = subprocess.Popen([sys.executable, str(GEN), *args, "--out", str(base / k), "--quiet"], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for k, p in procs.items():
        _, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, f"world22 {k} failed:\n{err.decode(errors='replace')}"
    return {k: base / k for k in runs}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> dict[str, Path]:
    return _run({"tiny": TINY, "tiny_again": TINY}, tmp_path_factory.mktemp("world22_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    return _run(SLOW_RUNS, tmp_path_factory.mktemp("world22"))


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _truth(d: Path) -> pd.DataFrame:
    return pd.read_csv(d / "truth.csv", dtype=str, keep_default_na=False)


def _ring_sizes(d: Path) -> pd.Series:
    t = _truth(d)
    return t[t["is_ring"] == "true"].groupby("ring_id").size()


def _plans(d: Path) -> pd.Series:
    f = d / "accounts.csv" if (d / "accounts.csv").exists() else d / "plans.csv"
    return pd.read_csv(f, dtype=str, keep_default_na=False).set_index("account_id")["plan"]


def _check_truth(d: Path, n: int, accounts_file: bool = True):
    truth = _truth(d)
    assert list(truth.columns) == TRUTH_COLS
    assert truth["account_id"].is_unique and len(truth) == n
    ev = pq.read_table(d / "events.parquet", columns=["account_id"]).column(0).to_pandas()
    ids = set(truth["account_id"])
    assert set(ev.unique()) <= ids
    if accounts_file:
        acc = pd.read_csv(d / "accounts.csv", dtype=str, keep_default_na=False)
        assert list(acc.columns) == ACCOUNT_COLS
        assert set(acc["account_id"]) == ids and acc["account_id"].is_unique
    else:
        assert not (d / "accounts.csv").exists()
        assert set(_plans(d).index) == ids
    assert set(truth["is_ring"]) <= {"true", "false"}
    ring = truth[truth["is_ring"] == "true"]
    assert (ring["ring_id"] != "").all() and (truth.loc[truth["is_ring"] == "false", "ring_id"] == "").all()
    assert (ring["group_id"] == ring["ring_id"]).all() and (truth["cohort"] != "").all()
    meta = json.loads((d / "world.json").read_text())
    assert len(ring) == round(meta["params"]["ring_share"] * n) == meta["counts"]["ring_accounts"]
    assert ring["ring_id"].nunique() == meta["counts"]["rings"] == len(meta["rings"])
    sizes = ring.groupby("ring_id").size()
    kinds = ring.groupby("ring_id")["cohort"].first()
    for r in meta["rings"]:
        assert sizes[r["ring_id"]] == r["size"] and kinds[r["ring_id"]] == r["kind"]
        assert r["signals_kept"] and r["evasions"], r["ring_id"]
    files = meta["reference_data"]["files"]
    assert files and all(len(h) == 64 for h in files.values())
    assert "prompts/awesome-chatgpt-prompts.csv" in files and "ip/pyasn/ipasn_20140513.dat.gz" in files
    assert sum(1 for f in files if f.endswith("templates.yaml")) > 200
    assert sum(c["events"] for c in meta["cohorts"].values()) == meta["counts"]["events"]
    assert sum(c["accounts"] for c in meta["cohorts"].values()) == n


def _check_limit_and_order(d: Path, accounts_file: bool = True):
    meta = json.loads((d / "world.json").read_text())
    assert meta["platform"]["daily_limits"] == LIMITS
    assert meta["platform"]["refused_requests_not_logged"] >= 0
    ev = pq.read_table(d / "events.parquet", columns=["account_id", "timestamp", "payment_method"]).to_pandas()
    assert str(ev["timestamp"].dt.tz) == "UTC"
    assert ev["timestamp"].is_monotonic_increasing
    day = ev["timestamp"].dt.floor("D")
    per_day = ev.groupby([ev["account_id"], day]).size()
    plans = _plans(d)
    lim = plans.map(LIMITS).reindex(per_day.index.get_level_values(0)).to_numpy()
    assert (per_day.to_numpy() <= lim).all()
    assert per_day.max() <= max(LIMITS.values())
    # free-tier accounts have no payment method, paid ones exactly one
    pay = ev.groupby("account_id")["payment_method"].agg(["count", "nunique"])
    free = plans[plans == "free"].index
    assert (pay.loc[pay.index.isin(free), "count"] == 0).all()
    assert (pay.loc[~pay.index.isin(free), "nunique"] == 1).all()
    assert meta["counts"]["events"] == len(ev)
    start, days = pd.Timestamp(meta["params"]["start"]), meta["params"]["days"]
    assert start == START
    assert ev["timestamp"].min() >= start and ev["timestamp"].max() < start + pd.Timedelta(days=days)
    if accounts_file:
        acc = pd.read_csv(d / "accounts.csv", dtype=str, keep_default_na=False).set_index("account_id")
        created = pd.to_datetime(acc["created_at"], utc=True)
        first = ev.groupby("account_id")["timestamp"].min()
        assert (first >= created[first.index]).all()
        paid = ev.dropna(subset=["payment_method"]).groupby("account_id")["payment_method"].first()
        assert (acc.loc[paid.index, "payment_method"] == paid).all()
        assert (acc.loc[acc["plan"] == "free", "payment_method"] == "").all()


# ---------------------------------------------------------------- default (fast)

def test_tiny_contract(tiny):
    d = tiny["tiny"]
    _check_truth(d, TINY_N)
    _check_limit_and_order(d)
    schema = pq.read_schema(d / "events.parquet")
    assert schema.names == EVENT_COLS
    assert str(schema.field("timestamp").type) == "timestamp[ms, tz=UTC]"
    assert str(schema.field("output_tokens").type) == "int64"
    for c in ("account_id", "ip", "payment_method", "prompt", "user_agent", "model", "api_key_id"):
        assert str(schema.field(c).type) == "string", c
    sizes = _ring_sizes(d)
    assert len(sizes) >= 2 and sizes.between(3, 15).all()
    t = _truth(d).set_index("account_id")
    ev = pq.read_table(d / "events.parquet").to_pandas()
    ev["ring_id"] = t["ring_id"].reindex(ev["account_id"]).to_numpy()
    assert ev["ip"].notna().all() and (ev["prompt"].str.len() > 0).all()
    ips = ev["ip"].unique()
    for ip in ips:
        a = ipaddress.ip_address(ip)                      # every address parses and is a routable client
        assert not (a.is_loopback or a.is_link_local or a.is_unspecified or a.is_multicast or a.is_private), ip
    assert any(":" in x for x in ips) and any("." in x for x in ips)
    assert ev["payment_method"].isna().any() and ev["payment_method"].notna().any()
    assert ev["api_key_id"].isna().any() and ev["api_key_id"].notna().any()
    assert (ev["output_tokens"] > 0).all() and ev["user_agent"].notna().all() and ev["model"].notna().all()
    harvest = ev.loc[ev["ring_id"] != "", "prompt"]       # template slots all rendered (no Jinja left)
    assert len(harvest) and not harvest.str.contains(r"\{\{|\}\}|\{%|%\}").any()
    meta = json.loads((d / "world.json").read_text())
    assert meta["counts"]["benign_group_accounts"] > 0
    assert meta["generator_sha256"] == _sha(GEN)


def test_tiny_same_seed_same_files(tiny):
    a, b = tiny["tiny"], tiny["tiny_again"]
    for f in FILES:
        if f == "world.json":   # carries the generation time; compare everything else
            x, y = json.loads((a / f).read_text()), json.loads((b / f).read_text())
            x.pop("generation_seconds"), y.pop("generation_seconds")
            assert x == y
        else:
            assert _sha(a / f) == _sha(b / f), f


# ---------------------------------------------------------------- slow

@pytest.mark.slow
@pytest.mark.parametrize("name", ["small", "mixed", "hydra"])
def test_truth_limit_order(worlds, name):
    _check_truth(worlds[name], N, accounts_file=name != "hydra")
    _check_limit_and_order(worlds[name], accounts_file=name != "hydra")


@pytest.mark.slow
def test_minimal_columns(worlds):
    assert pq.read_schema(worlds["hydra"] / "events.parquet").names == MINIMAL_COLS
    assert not (worlds["hydra"] / "accounts.csv").exists()
    assert pq.read_schema(worlds["mixed"] / "events.parquet").names == EVENT_COLS
    assert list(pd.read_csv(worlds["mixed"] / "accounts.csv", nrows=1).columns) == ACCOUNT_COLS


@pytest.mark.slow
def test_ring_size_bands(worlds):
    small = _ring_sizes(worlds["small"])
    assert len(small) >= 5 and small.between(3, 15).all()
    mixed = _ring_sizes(worlds["mixed"])
    R = mixed.sum()
    assert mixed.between(3, 200).all() and mixed.max() >= 51
    s, m, l = (mixed[mixed.between(3, 15)].sum() / R, mixed[mixed.between(16, 50)].sum() / R,
               mixed[mixed.between(51, 200)].sum() / R)
    assert abs(s - .55) < .07 and abs(m - .30) < .07 and abs(l - .15) < .07, (s, m, l)
    hydra = _ring_sizes(worlds["hydra"])
    t = _truth(worlds["hydra"])
    kinds = t[t["is_ring"] == "true"].groupby("ring_id")["cohort"].first()
    R = hydra.sum()
    assert kinds[hydra.idxmax()] == "hydra_reseller" and (kinds == "hydra_reseller").sum() == 1
    assert .70 * R <= hydra.max() <= .85 * R
    assert hydra.drop(hydra.idxmax()).between(3, 15).all()


@pytest.mark.slow
def test_cohorts_present(worlds):
    t = _truth(worlds["mixed"])
    benign = set(t.loc[t["is_ring"] == "false", "cohort"])
    rings = set(t.loc[t["is_ring"] == "true", "cohort"])
    assert REQUIRED_BENIGN <= benign and INVENTED_BENIGN <= benign, (REQUIRED_BENIGN | INVENTED_BENIGN) - benign
    assert RING_KINDS <= rings, RING_KINDS - rings


@pytest.mark.slow
def test_world1_proportions(tmp_path_factory):
    """The documented world 1: 20,000 accounts, 0.3 % ring share, small rings, the default 28 days."""
    d = _run({"w1": ["--accounts", "20000", "--seed", "1", "--ring-share", "0.003", "--ring-sizes", "small"]},
             tmp_path_factory.mktemp("world22_full"))["w1"]
    meta = json.loads((d / "world.json").read_text())
    c = meta["counts"]
    assert c["accounts"] == 20000 and c["ring_accounts"] == 60 and meta["params"]["days"] == 28
    assert 2_000_000 <= c["events"] <= 5_000_000
    assert c["benign_group_accounts"] >= 100 * c["ring_accounts"]
    assert c["benign_social_group_accounts"] >= 100 * c["ring_accounts"]
    assert meta["platform"]["refused_requests_not_logged"] > 0
    assert .08 <= meta["platform"]["ipv6_event_share"] <= .5
    _check_truth(d, 20000)
    _check_limit_and_order(d)
    sizes = _ring_sizes(d)
    assert sizes.between(3, 15).all() and len(sizes) >= 5
    t = _truth(d)
    shares = t.loc[t["is_ring"] == "false", "cohort"].value_counts(normalize=True)
    assert .18 <= shares["solo_user"] <= .28 and .10 <= shares["office_worker"] <= .14
    assert all(shares.get(k, 0) > 0 for k in REQUIRED_BENIGN | INVENTED_BENIGN)
    assert set(t.loc[t["is_ring"] == "true", "cohort"]) == RING_KINDS        # 8 rings of 8 kinds
