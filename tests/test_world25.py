"""The twenty-fifth independent world generator (benchmarks/world25.py, docs/WORLD25.md): its output contract.

Tiny part (marked slow with the rest since session 58: one 600-account, 5-day world, generated twice under different PYTHONHASHSEED, and its --minimal
twin): columns and types per the README's input contract, the truth covers every account, exactly
round(share * N) ring accounts in rings of 3-15, the platform's per-tier daily and per-minute limits are never
exceeded, nothing is logged before its account's sign-up or outside the window, events are sorted by time,
addresses parse and are public, --minimal columns, the same seed gives byte-identical files.
Slow part (2,000-account mixed and hydra worlds, and the documented 20,000-account world 1): size bands, cohorts
present, world 1's ~100:1 benign-group-to-ring ratio, byte-identical under another PYTHONHASHSEED.
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
GEN = ROOT / "benchmarks" / "world25.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "plans.csv", "truth.csv", "world.json")
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "model"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "group_id", "cohort", "variant"]
DAILY = {"free": 50, "plus": 400, "team": 1500, "enterprise": 6000}
MINUTE = {"free": 5, "plus": 20, "team": 60, "enterprise": 200}
START = pd.Timestamp("2027-10-18T00:00:00Z")
REQUIRED_BENIGN = {"office_worker", "mobile_user", "campus_student", "household", "vpn_user", "api_app",
                   "small_company", "public_wifi", "coworking", "school_k12", "call_centre", "agency_client",
                   "viral_copier", "prompt_pack", "extension_user", "cot_learner"}
INVENTED_BENIGN = {"hackathon", "eval_lab", "ci_fleet", "bot_host", "annotation_vendor"}
RING_KINDS = {"card_farm", "tor_batch", "resi_rotator", "vps_fleet", "card_carousel", "cgnat_simfarm",
              "campus_insider", "office_front", "cowork_relay", "extension_mimic", "hydra_reseller"}

# a benchmark generator, not graphhunt: its whole contract test runs with the slow tests (keeps the default run short)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                 reason="shared reference data not available (set GRAPHHUNT_SHARED_DATA)")]

TINY_N = 600
TINY = ["--accounts", str(TINY_N), "--seed", "5", "--ring-share", "0.05", "--ring-sizes", "small", "--days", "5"]
N = 2000
SLOW_RUNS = {
    "mixed": ["--accounts", str(N), "--seed", "8", "--ring-share", "0.2", "--ring-sizes", "mixed", "--days", "8"],
    "hydra": ["--accounts", str(N), "--seed", "9", "--ring-share", "0.25", "--ring-sizes", "hydra", "--days", "8",
              "--minimal"],
}


def _run(runs: dict[str, list[str]], base: Path, timeout: int = 900) -> dict[str, Path]:
    out = {}
    for k, args in runs.items():             # one at a time: the machine is shared
        env = {**os.environ, "GRAPHHUNT_SHARED_DATA": str(DATA), "PYTHONHASHSEED": "1" if k.endswith("_again") else "0"}
        p = subprocess.run([sys.executable, str(GEN), *args, "--out", str(base / k), "--quiet"], env=env,
                           capture_output=True, timeout=timeout)
        assert p.returncode == 0, f"world25 {k} failed:\n{p.stderr.decode(errors='replace')}"
        out[k] = base / k
    return out


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> dict[str, Path]:
    return _run({"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"]},
                tmp_path_factory.mktemp("world25_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    return _run(SLOW_RUNS, tmp_path_factory.mktemp("world25"))


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _csv(p: Path) -> pd.DataFrame:
    return pd.read_csv(p, dtype=str, keep_default_na=False)


def _ring_sizes(d: Path) -> pd.Series:
    t = _csv(d / "truth.csv")
    return t[t["is_ring"] == "true"].groupby("ring_id").size()


def _check_truth(d: Path, n: int, minimal: bool = False):
    truth = _csv(d / "truth.csv")
    assert list(truth.columns) == TRUTH_COLS
    assert truth["account_id"].is_unique and len(truth) == n
    ev = pq.read_table(d / "events.parquet", columns=["account_id"]).column(0).to_pandas()
    ids = set(truth["account_id"])
    assert set(ev.unique()) <= ids
    acc = _csv(d / "accounts.csv")
    assert list(acc.columns) == (MINIMAL_ACCOUNT_COLS if minimal else ACCOUNT_COLS)
    assert set(acc["account_id"]) == ids and acc["account_id"].is_unique
    assert set(_csv(d / "plans.csv")["account_id"]) == ids
    assert set(truth["is_ring"]) <= {"true", "false"}
    ring = truth[truth["is_ring"] == "true"]
    assert (ring["ring_id"] != "").all() and (truth.loc[truth["is_ring"] == "false", "ring_id"] == "").all()
    assert (ring["group_id"] == ring["ring_id"]).all() and (truth["cohort"] != "").all() and (truth["variant"] != "").all()
    meta = json.loads((d / "world.json").read_text())
    assert len(ring) == round(meta["params"]["ring_share"] * n) == meta["counts"]["ring_accounts"]
    assert ring["ring_id"].nunique() == meta["counts"]["rings"] == len(meta["rings"])
    sizes = ring.groupby("ring_id").size()
    kinds = ring.groupby("ring_id")["cohort"].first()
    for r in meta["rings"]:
        assert sizes[r["ring_id"]] == r["size"] and kinds[r["ring_id"]] == r["kind"]
        assert r["signals_kept"] and r["evasions"] and r["sophistication"] in ("crude", "mid", "careful"), r["ring_id"]
    benign = truth[truth["is_ring"] == "false"]
    assert meta["counts"]["benign_group_accounts"] == int((benign["group_id"] != "").sum())
    files = meta["reference_data"]["files"]
    assert files and all(len(h) == 64 for h in files.values())
    assert "prompts/awesome-chatgpt-prompts.csv" in files and "ip/pyasn/ipasn_20140513.dat.gz" in files
    assert sum(1 for f in files if f.endswith("templates.yaml")) > 200
    assert sum(c["events"] for c in meta["cohorts"].values()) == meta["counts"]["events"]
    assert sum(c["accounts"] for c in meta["cohorts"].values()) == n


def _check_limit_and_order(d: Path, minimal: bool = False):
    meta = json.loads((d / "world.json").read_text())
    assert meta["platform"]["daily_limits"] == DAILY and meta["platform"]["minute_limits"] == MINUTE
    assert meta["platform"]["refused_requests_not_logged"] >= 0
    ev = pq.read_table(d / "events.parquet", columns=["account_id", "timestamp", "payment_method"]).to_pandas()
    assert str(ev["timestamp"].dt.tz) == "UTC"
    assert ev["timestamp"].is_monotonic_increasing
    plans = _csv(d / "plans.csv").set_index("account_id")["plan"]
    for unit, lim in (("D", DAILY), ("min", MINUTE)):
        per = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor(unit)]).size()
        cap = plans.map(lim).reindex(per.index.get_level_values(0)).to_numpy()
        assert (per.to_numpy() <= cap).all(), unit
    pay = ev.groupby("account_id")["payment_method"].agg(["count", "nunique"])
    free = plans[plans == "free"].index
    assert (pay.loc[pay.index.isin(free), "count"] == 0).all()
    assert (pay.loc[~pay.index.isin(free), "nunique"] == 1).all()
    assert meta["counts"]["events"] == len(ev)
    start, days = pd.Timestamp(meta["params"]["start"]), meta["params"]["days"]
    assert start == START
    assert ev["timestamp"].min() >= start and ev["timestamp"].max() < start + pd.Timedelta(days=days)
    acc = _csv(d / "accounts.csv").set_index("account_id")
    paid = ev.dropna(subset=["payment_method"]).groupby("account_id")["payment_method"].first()
    assert (acc.loc[paid.index, "payment_method"] == paid).all()
    assert (acc.loc[plans[plans == "free"].index, "payment_method"] == "").all()
    if not minimal:
        created = pd.to_datetime(acc["created_at"], utc=True)
        first = ev.groupby("account_id")["timestamp"].min()
        assert (first >= created[first.index]).all()


# ---------------------------------------------------------------- default (fast)

def test_tiny_contract(tiny):
    d = tiny["tiny"]
    _check_truth(d, TINY_N)
    _check_limit_and_order(d)
    schema = pq.read_schema(d / "events.parquet")
    assert schema.names == EVENT_COLS
    assert str(schema.field("timestamp").type) == "timestamp[ms, tz=UTC]"
    assert str(schema.field("output_tokens").type) == "int64"
    for c in ("account_id", "ip", "payment_method", "prompt", "user_agent", "model"):
        assert str(schema.field(c).type) == "string", c
    sizes = _ring_sizes(d)
    assert len(sizes) >= 2 and sizes.between(3, 15).all()
    t = _csv(d / "truth.csv").set_index("account_id")
    ev = pq.read_table(d / "events.parquet").to_pandas()
    ev["ring_id"] = t["ring_id"].reindex(ev["account_id"]).to_numpy()
    assert ev["ip"].notna().all() and (ev["prompt"].str.len() > 0).all()
    ips = ev["ip"].unique()
    for ip in ips:
        a = ipaddress.ip_address(ip)                      # every address parses and is a public client address
        assert a.is_global and not (a.is_loopback or a.is_link_local or a.is_private or a.is_multicast), ip
    assert any(":" in x for x in ips) and any("." in x for x in ips)
    assert ev["payment_method"].isna().any() and ev["payment_method"].notna().any()
    assert (ev["output_tokens"] > 0).all() and (ev["output_tokens"] <= 16384).all()
    assert ev["user_agent"].notna().all() and ev["model"].notna().all()
    harvest = ev.loc[ev["ring_id"] != "", "prompt"]       # template slots all rendered (no Jinja left)
    assert len(harvest) and not harvest.str.contains(r"\{\{|\}\}|\{%|%\}").any()
    meta = json.loads((d / "world.json").read_text())
    assert meta["counts"]["benign_group_accounts"] > 0
    assert meta["generator_sha256"] == _sha(GEN)


def test_tiny_minimal(tiny):
    d = tiny["tiny_min"]
    assert pq.read_schema(d / "events.parquet").names == MINIMAL_COLS
    _check_truth(d, TINY_N, minimal=True)
    _check_limit_and_order(d, minimal=True)
    full = pq.read_table(tiny["tiny"] / "events.parquet", columns=MINIMAL_COLS)
    assert pq.read_table(d / "events.parquet").equals(full)       # the same world, fewer columns


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
@pytest.mark.parametrize("name", ["mixed", "hydra"])
def test_truth_limit_order(worlds, name):
    _check_truth(worlds[name], N, minimal=name == "hydra")
    _check_limit_and_order(worlds[name], minimal=name == "hydra")


@pytest.mark.slow
def test_ring_size_bands(worlds):
    mixed = _ring_sizes(worlds["mixed"])
    R = mixed.sum()
    assert mixed.between(3, 200).all() and mixed.max() >= 51
    s, m, l = (mixed[mixed.between(3, 15)].sum() / R, mixed[mixed.between(16, 50)].sum() / R,
               mixed[mixed.between(51, 200)].sum() / R)
    assert abs(s - .55) < .07 and abs(m - .30) < .07 and abs(l - .15) < .07, (s, m, l)
    hydra = _ring_sizes(worlds["hydra"])
    t = _csv(worlds["hydra"] / "truth.csv")
    kinds = t[t["is_ring"] == "true"].groupby("ring_id")["cohort"].first()
    R = hydra.sum()
    assert kinds[hydra.idxmax()] == "hydra_reseller" and (kinds == "hydra_reseller").sum() == 1
    assert .70 * R <= hydra.max() <= .80 * R
    assert hydra.drop(hydra.idxmax()).between(3, 15).all()


@pytest.mark.slow
def test_cohorts_present(worlds):
    t = _csv(worlds["mixed"] / "truth.csv")
    benign = set(t.loc[t["is_ring"] == "false", "cohort"])
    rings = set(t.loc[t["is_ring"] == "true", "cohort"])
    assert REQUIRED_BENIGN <= benign and INVENTED_BENIGN <= benign, (REQUIRED_BENIGN | INVENTED_BENIGN) - benign
    assert RING_KINDS - {"hydra_reseller"} <= rings, RING_KINDS - rings


@pytest.mark.slow
def test_world1_proportions_and_determinism(tmp_path_factory):
    """The documented world 1: 20,000 accounts, 0.3 % ring share, small rings, the default 28 days; twice."""
    args = ["--accounts", "20000", "--seed", "1", "--ring-share", "0.003", "--ring-sizes", "small"]
    ds = _run({"w1": args, "w1_again": args}, tmp_path_factory.mktemp("world25_full"))
    d = ds["w1"]
    meta = json.loads((d / "world.json").read_text())
    c = meta["counts"]
    assert c["accounts"] == 20000 and c["ring_accounts"] == 60 and meta["params"]["days"] == 28
    assert 1_500_000 <= c["events"] <= 5_000_000
    assert c["benign_group_accounts"] >= 100 * c["ring_accounts"]
    assert meta["platform"]["refused_requests_not_logged"] > 0
    assert .03 <= meta["platform"]["ipv6_event_share"] <= .5
    _check_truth(d, 20000)
    _check_limit_and_order(d)
    sizes = _ring_sizes(d)
    assert sizes.between(3, 15).all() and len(sizes) >= 4
    t = _csv(d / "truth.csv")
    assert set(t.loc[t["is_ring"] == "false", "cohort"]) >= REQUIRED_BENIGN | INVENTED_BENIGN
    assert t.loc[t["is_ring"] == "true"].groupby("ring_id")["cohort"].first().is_unique   # one kind per ring
    for f in FILES:
        if f != "world.json":
            assert _sha(d / f) == _sha(ds["w1_again"] / f), f
