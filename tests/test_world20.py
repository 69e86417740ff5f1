"""The twentieth independent world generator (benchmarks/world20.py, docs/WORLD20.md): its output contract.

Tiny part (marked slow with the rest since session 58: one 600-account, 7-day world): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, ring sizes within 3-15 for --ring-sizes small, the platform's daily limits (600
requests per UTC day for paid accounts, 60 for free-tier ones) are never exceeded, nothing is logged before its
account's sign-up, events are sorted by time, addresses parse, harvest templates are fully rendered.
Slow part (2,000-account worlds and one 20,000-account world): byte-identical files for the same seed (also under
another PYTHONHASHSEED), --ring-sizes mixed and hydra size bands, --minimal columns, the benign look-alikes and
ring kinds are present and share with rings what they are meant to share, and a full-size world's volume and
benign:ring ratio.
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
GEN = ROOT / "benchmarks" / "world20.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "model",
              "api_key_id"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "group_id", "cohort", "variant"]
DAILY_LIMIT = 600
FREE_DAILY_LIMIT = 60
START = pd.Timestamp("2027-02-01T00:00:00Z")
CLASSIC_BENIGN = {"casual_user", "mobile_user", "household", "office_worker", "campus_student", "research_lab",
                  "vpn_user", "developer", "api_app", "support_bot", "translation_agency"}
NEW_BENIGN = {"annotation_vendor", "content_farm", "mooc_learner", "extension_user", "msp_client", "gateway_user",
              "hackathon", "tor_user"}
RING_KINDS = {"pay_clean", "cover_mix", "resi_proxy", "campus_nat", "carrier_nat", "reworded", "chain", "part_time",
              "label_front", "notebook_farm", "extension_mimic", "slow_drip"}

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


def _run(runs: dict[str, list[str]], base: Path, timeout: int = 600) -> dict[str, Path]:
    procs = {}
    for k, args in runs.items():
        env = {**os.environ, "GRAPHHUNT_SHARED_DATA": str(DATA), "PYTHONHASHSEED": "1" if k.endswith("_again") else "0"}
        procs[k] = subprocess.Popen([sys.executable, str(GEN), *args, "--out", str(base / k), "--quiet"], env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for k, p in procs.items():
        _, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, f"world20 {k} failed:\n{err.decode(errors='replace')}"
    return {k: base / k for k in runs}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return _run({"tiny": TINY}, tmp_path_factory.mktemp("world20_tiny"))["tiny"]


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    return _run(SLOW_RUNS, tmp_path_factory.mktemp("world20"))


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _truth(d: Path) -> pd.DataFrame:
    return pd.read_csv(d / "truth.csv", dtype=str, keep_default_na=False)


def _ring_sizes(d: Path) -> pd.Series:
    t = _truth(d)
    return t[t["is_ring"] == "true"].groupby("ring_id").size()


def _events(d: Path, cols: list[str]) -> pd.DataFrame:
    ev = pq.read_table(d / "events.parquet", columns=cols).to_pandas()
    t = _truth(d).set_index("account_id")
    ev["cohort"] = t["cohort"].reindex(ev["account_id"]).to_numpy()
    ev["ring_id"] = t["ring_id"].reindex(ev["account_id"]).to_numpy()
    return ev


def _check_truth(d: Path, n: int):
    truth = _truth(d)
    assert list(truth.columns) == TRUTH_COLS
    assert truth["account_id"].is_unique and len(truth) == n
    ev = pq.read_table(d / "events.parquet", columns=["account_id"]).column(0).to_pandas()
    acc = pd.read_csv(d / "accounts.csv", dtype=str, keep_default_na=False)
    ids = set(truth["account_id"])
    assert set(ev.unique()) <= ids and set(acc["account_id"]) == ids and acc["account_id"].is_unique
    assert set(truth["is_ring"]) <= {"true", "false"}
    ring = truth[truth["is_ring"] == "true"]
    assert (ring["ring_id"] != "").all() and (truth.loc[truth["is_ring"] == "false", "ring_id"] == "").all()
    assert (ring["group_id"] == ring["ring_id"]).all()
    assert not truth.loc[truth["is_ring"] == "false", "group_id"].str.startswith("R").any()
    assert (truth["cohort"] != "").all() and (truth["variant"] != "").all()
    meta = json.loads((d / "world.json").read_text())
    assert len(ring) == round(meta["params"]["ring_share"] * n) == meta["counts"]["ring_accounts"]
    assert ring["ring_id"].nunique() == meta["counts"]["rings"] == len(meta["rings"])
    sizes = ring.groupby("ring_id").size()
    kinds = ring.groupby("ring_id")["cohort"].first()
    for r in meta["rings"]:
        assert sizes[r["ring_id"]] == r["size"]
        assert kinds[r["ring_id"]] == r["kind"]
        assert r["signals_kept"], r["ring_id"]          # every ring documents the signal it keeps
    files = meta["reference_data"]["files"]
    assert files and all(len(h) == 64 for h in files.values())
    assert "prompts/awesome-chatgpt-prompts.csv" in files and "ip/pyasn/ipasn_20140513.dat.gz" in files
    assert sum(1 for f in files if f.endswith("templates.yaml")) > 200
    assert sum(c["events"] for c in meta["cohorts"].values()) == meta["counts"]["events"]
    assert sum(c["accounts"] for c in meta["cohorts"].values()) == n


def _check_limit_and_order(d: Path, signup: bool = True):
    meta = json.loads((d / "world.json").read_text())
    assert meta["platform"]["daily_limit"] == DAILY_LIMIT
    assert meta["platform"]["free_tier_daily_limit"] == FREE_DAILY_LIMIT
    assert meta["platform"]["refused_requests_not_logged"] >= 0
    ev = pq.read_table(d / "events.parquet", columns=["account_id", "timestamp"]).to_pandas()
    assert str(ev["timestamp"].dt.tz) == "UTC"
    assert ev["timestamp"].is_monotonic_increasing
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    assert per_day.max() <= DAILY_LIMIT
    acc = pd.read_csv(d / "accounts.csv", dtype=str, keep_default_na=False).set_index("account_id")
    free = set(acc.index[acc["payment_method"] == ""])
    fd = per_day[per_day.index.get_level_values(0).isin(free)]
    assert fd.empty or fd.max() <= FREE_DAILY_LIMIT
    assert meta["counts"]["events"] == len(ev)
    days = meta["params"]["days"]
    start = pd.Timestamp(meta["params"]["start"])
    assert start == START and start.weekday() == 0
    assert ev["timestamp"].min() >= start and ev["timestamp"].max() < start + pd.Timedelta(days=days)
    if signup:
        created = pd.to_datetime(acc["created_at"], utc=True)
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
    for c in ("account_id", "ip", "payment_method", "prompt", "user_agent", "model", "api_key_id"):
        assert str(schema.field(c).type) == "string", c
    acc = pd.read_csv(tiny / "accounts.csv", nrows=1)
    assert list(acc.columns) == ACCOUNT_COLS
    sizes = _ring_sizes(tiny)
    assert len(sizes) >= 2 and sizes.between(3, 15).all()
    ev = _events(tiny, ["account_id", "ip", "payment_method", "prompt", "output_tokens", "api_key_id"])
    assert ev["ip"].notna().all() and (ev["prompt"].str.len() > 0).all()
    ips = ev["ip"].unique()
    for ip in ips:
        ipaddress.ip_address(ip)                      # every address parses
    assert any(":" in x for x in ips) and any("." in x for x in ips)
    assert ev["payment_method"].isna().any() and ev["payment_method"].notna().any()
    assert ev["api_key_id"].isna().any() and ev["api_key_id"].notna().any()
    assert (ev["output_tokens"] > 0).all()
    harvest = ev.loc[ev["ring_id"] != "", "prompt"]       # template slots all rendered (no Jinja left)
    assert len(harvest) and not harvest.str.contains(r"\{\{\s*\w+(?:\[[^\]]*\]|\.\w+|\s*\|[^}]*)*\s*\}\}").any()
    assert not harvest.str.contains(r"\{%-?\s*(?:if|for|set|endif|endfor|else)\b").any()


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
    assert pq.read_schema(worlds["hydra"] / "events.parquet").names == MINIMAL_COLS
    assert list(pd.read_csv(worlds["hydra"] / "accounts.csv", nrows=1).columns) == ["account_id", "payment_method"]
    assert pq.read_schema(worlds["mixed"] / "events.parquet").names == EVENT_COLS


@pytest.mark.slow
def test_ring_size_bands(worlds):
    small = _ring_sizes(worlds["small"])
    assert len(small) >= 5 and small.between(3, 15).all()
    mixed = _ring_sizes(worlds["mixed"])
    R = mixed.sum()
    assert mixed.between(3, 250).all()
    s, m, l = (mixed[mixed.between(3, 15)].sum() / R, mixed[mixed.between(16, 60)].sum() / R,
               mixed[mixed.between(61, 250)].sum() / R)
    assert abs(s - .5) < .06 and abs(m - .3) < .06 and abs(l - .2) < .06, (s, m, l)
    hydra = _ring_sizes(worlds["hydra"])
    t = _truth(worlds["hydra"])
    kinds = t[t["is_ring"] == "true"].groupby("ring_id")["cohort"].first()
    R = hydra.sum()
    assert kinds[hydra.idxmax()] == "hydra_reseller" and (kinds == "hydra_reseller").sum() == 1
    assert .70 * R - 1 <= hydra.max() <= .85 * R + 3
    assert hydra.drop(hydra.idxmax()).between(3, 15).all()


@pytest.mark.slow
def test_cohorts_present_and_shared(worlds):
    d = worlds["mixed"]
    t = _truth(d)
    benign = set(t.loc[t["is_ring"] == "false", "cohort"])
    rings = set(t.loc[t["is_ring"] == "true", "cohort"])
    assert CLASSIC_BENIGN <= benign, CLASSIC_BENIGN - benign
    assert NEW_BENIGN <= benign, NEW_BENIGN - benign
    assert len(RING_KINDS & rings) >= 10, rings
    assert t["variant"].str.contains("proxy_sdk_home").any()
    ev = _events(d, ["account_id", "ip", "payment_method", "user_agent"])
    ben = ev[ev["ring_id"] == ""]
    by_cohort = {c: set(x) for c, x in ben.groupby("cohort")["ip"]}
    # a ring on the campus NAT uses the addresses students use; one on a carrier NAT, the carrier's
    if "campus_nat" in rings:
        ips = ev.loc[ev["cohort"] == "campus_nat", "ip"]
        assert ips.isin(by_cohort["campus_student"]).mean() > .9
    if "carrier_nat" in rings:
        ips = ev.loc[ev["cohort"] == "carrier_nat", "ip"]
        v4 = ips[~ips.str.contains(":")]
        assert v4.isin(set(ben["ip"])).mean() > .9
    if "resi_proxy" in rings:                      # the proxy pool carries benign homes and carrier users too
        ips = set(ev.loc[ev["cohort"] == "resi_proxy", "ip"])
        assert len(ips & set(ben["ip"])) >= 20
    if "notebook_farm" in rings:                   # hosted-notebook egress: the /24s learners' sessions come from
        net = lambda s: s.str.replace(r"\.\d+$", "", regex=True)
        nb = net(pd.Series(sorted(by_cohort["mooc_learner"] | by_cohort["developer"])))
        assert net(ev.loc[ev["cohort"] == "notebook_farm", "ip"]).isin(set(nb)).mean() > .9
    # rings that never reuse a card, and chains in which nothing is shared by every member
    cards = ev.dropna(subset=["payment_method"]).groupby("payment_method")["account_id"].nunique()
    for rid, x in ev[ev["cohort"] == "pay_clean"].groupby("ring_id"):
        assert (cards[x["payment_method"].dropna().unique()] == 1).all(), rid
    for rid, x in ev[ev["cohort"] == "chain"].groupby("ring_id"):
        k = x["account_id"].nunique()
        if k >= 3:
            for col in ("ip", "payment_method", "user_agent"):
                assert x.groupby(col)["account_id"].nunique().max() < k, (rid, col)
    # benign crowds share a card (hackathon promo credit, IT provider) and a wrapper user agent (extension)
    assert cards.max() >= 10
    ext = ben[ben["cohort"] == "extension_user"]
    assert ext["user_agent"].str.extract(r"(\w+/2\.\d+\.\d+)$")[0].value_counts().iloc[0] >= 10


@pytest.mark.slow
def test_full_size_world(tmp_path_factory):
    """The documented world 1: 20,000 accounts, 0.3 % ring share, small rings."""
    d = _run({"w1": ["--accounts", "20000", "--seed", "1", "--ring-share", "0.003", "--ring-sizes", "small"]},
             tmp_path_factory.mktemp("world20_full"), timeout=900)["w1"]
    meta = json.loads((d / "world.json").read_text())
    c = meta["counts"]
    assert c["accounts"] == 20000 and c["ring_accounts"] == 60
    assert 1_500_000 <= c["events"] <= 3_000_000
    assert c["benign_group_accounts"] >= 100 * c["ring_accounts"]
    assert c["benign_social_group_accounts"] >= 100 * c["ring_accounts"]
    assert meta["platform"]["refused_requests_not_logged"] > 0
    _check_truth(d, 20000)
    _check_limit_and_order(d)
    sizes = _ring_sizes(d)
    assert sizes.between(3, 15).all() and len(sizes) >= 5
