"""The twenty-fourth independent world generator (benchmarks/world24.py, docs/WORLD24.md): its output contract.

Tiny part (marked slow with the rest since session 58: one 600-account, 5-day world): columns and types, truth covering every account, exactly
round(share * N) ring accounts in rings of 3-15, the platform's limits (per UTC minute and per UTC day, by tier:
free = no payment method, card = pm_ token, invoice = inv_ token) never exceeded, nothing logged before sign-up or
outside the window, events sorted by time, addresses parse, harvest prompts fully rendered, --minimal columns, same
files for the same seed.
Slow part (2,000-account worlds and the documented 20,000-account world 1): byte-identical files under another
PYTHONHASHSEED, size bands of --ring-sizes, the hydra band, world 1's volume and ~100:1 benign-grouped ratio.
Skipped without the shared reference data the generator reads. Worlds are generated one after another."""
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
GEN = ROOT / "benchmarks" / "world24.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "model"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "group_id", "cohort", "variant"]
LIMITS = {"free": (5, 40), "card": (30, 1500), "invoice": (90, 6000)}
START = pd.Timestamp("2029-10-15T00:00:00Z")
REQUIRED_BENIGN = {"solo_user", "office_worker", "mobile_user", "campus_student", "household", "vpn_user", "api_app"}
INVENTED_BENIGN = {"procurement_seats", "eval_lab", "mooc_cohort", "nocode_tenants", "l10n_agency", "npc_batch",
                   "scribe_network", "hackathon_teams", "tutoring_franchise"}
RING_KINDS = {"card_farm", "vps_rotator", "proxy_hydra", "modem_farm", "paraphrase_mill", "aged_sleepers",
              "free_swarm", "skill_shards", "shell_company"}

# a benchmark generator, not graphhunt: its whole contract test runs with the slow tests (keeps the default run short)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                 reason="shared reference data not available (set GRAPHHUNT_SHARED_DATA)")]

TINY_N = 600
TINY = ["--accounts", str(TINY_N), "--seed", "5", "--ring-share", "0.05", "--ring-sizes", "small", "--days", "5"]
N = 2000
SLOW_RUNS = {
    "small": ["--accounts", str(N), "--seed", "7", "--ring-share", "0.04", "--ring-sizes", "small", "--days", "10"],
    "small_again": ["--accounts", str(N), "--seed", "7", "--ring-share", "0.04", "--ring-sizes", "small", "--days", "10"],
    "mixed": ["--accounts", str(N), "--seed", "8", "--ring-share", "0.25", "--ring-sizes", "mixed", "--days", "8"],
    "hydra": ["--accounts", str(N), "--seed", "9", "--ring-share", "0.25", "--ring-sizes", "hydra", "--days", "8",
              "--minimal"],
}


def _run(runs: dict[str, list[str]], base: Path, timeout: int = 900) -> dict[str, Path]:
    for k, args in runs.items():        # one at a time: the generator is single-process
        env = {**os.environ, "GRAPHHUNT_SHARED_DATA": str(DATA), "PYTHONHASHSEED": "1" if k.endswith("_again") else "0"}
        p = subprocess.run([sys.executable, str(GEN), *args, "--out", str(base / k), "--quiet"], env=env,
                           capture_output=True, timeout=timeout)
        assert p.returncode == 0, f"world24 {k} failed:\n{p.stderr.decode(errors='replace')}"
    return {k: base / k for k in runs}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> dict[str, Path]:
    return _run({"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"]},
                tmp_path_factory.mktemp("world24_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    return _run(SLOW_RUNS, tmp_path_factory.mktemp("world24"))


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _truth(d: Path) -> pd.DataFrame:
    return pd.read_csv(d / "truth.csv", dtype=str, keep_default_na=False)


def _ring_sizes(d: Path) -> pd.Series:
    t = _truth(d)
    return t[t["is_ring"] == "true"].groupby("ring_id").size()


def _same_files(a: Path, b: Path):
    for f in FILES:
        if f == "world.json":   # carries the generation time; compare everything else
            x, y = json.loads((a / f).read_text()), json.loads((b / f).read_text())
            x.pop("generation_seconds"), y.pop("generation_seconds")
            assert x == y
        else:
            assert _sha(a / f) == _sha(b / f), f


def _check_truth(d: Path, n: int, minimal: bool = False):
    truth = _truth(d)
    assert list(truth.columns) == TRUTH_COLS
    assert truth["account_id"].is_unique and len(truth) == n
    ev = pq.read_table(d / "events.parquet", columns=["account_id"]).column(0).to_pandas()
    ids = set(truth["account_id"])
    assert set(ev.unique()) <= ids
    acc = pd.read_csv(d / "accounts.csv", dtype=str, keep_default_na=False)
    assert list(acc.columns) == (MINIMAL_ACCOUNT_COLS if minimal else ACCOUNT_COLS)
    assert set(acc["account_id"]) == ids and acc["account_id"].is_unique
    assert set(truth["is_ring"]) <= {"true", "false"}
    ring = truth[truth["is_ring"] == "true"]
    benign = truth[truth["is_ring"] == "false"]
    assert (ring["ring_id"] != "").all() and (benign["ring_id"] == "").all()
    assert (ring["group_id"] == ring["ring_id"]).all() and (truth["cohort"] != "").all()
    assert benign["group_id"].str.fullmatch(r"(G\d{4,})?").all()
    meta = json.loads((d / "world.json").read_text())
    assert len(ring) == round(meta["params"]["ring_share"] * n) == meta["counts"]["ring_accounts"]
    assert ring["ring_id"].nunique() == meta["counts"]["rings"] == len(meta["rings"])
    sizes = ring.groupby("ring_id").size()
    kinds = ring.groupby("ring_id")["cohort"].first()
    for r in meta["rings"]:
        assert sizes[r["ring_id"]] == r["size"] and kinds[r["ring_id"]] == r["kind"]
        assert r["signals_kept"] and r["evasions"], r["ring_id"]
    assert meta["counts"]["benign_group_accounts"] == (benign["group_id"] != "").sum()
    files = meta["reference_data"]["files"]
    assert files and all(len(h) == 64 for h in files.values())
    assert "prompts/awesome-chatgpt-prompts.csv" in files and "ip/pyasn/ipasn_20140513.dat.gz" in files
    assert sum(1 for f in files if f.endswith("templates.yaml")) > 200
    assert sum(c["events"] for c in meta["cohorts"].values()) == meta["counts"]["events"]
    assert sum(c["accounts"] for c in meta["cohorts"].values()) == n


def _tier(pm: pd.Series) -> pd.Series:
    return pm.map(lambda p: "free" if p == "" else ("invoice" if p.startswith("inv_") else "card"))


def _check_limits_and_order(d: Path, minimal: bool = False):
    meta = json.loads((d / "world.json").read_text())
    lim = meta["platform"]["limits"]
    for k, (m, day) in LIMITS.items():
        assert (lim[k]["per_minute"], lim[k]["per_day"]) == (m, day)
    assert meta["platform"]["refused_requests_not_logged"] >= 0
    ev = pq.read_table(d / "events.parquet", columns=["account_id", "timestamp", "payment_method"]).to_pandas()
    assert str(ev["timestamp"].dt.tz) == "UTC" and ev["timestamp"].is_monotonic_increasing
    assert meta["counts"]["events"] == len(ev)
    start, days = pd.Timestamp(meta["params"]["start"]), meta["params"]["days"]
    assert start == START
    assert ev["timestamp"].min() >= start and ev["timestamp"].max() < start + pd.Timedelta(days=days)
    acc = pd.read_csv(d / "accounts.csv", dtype=str, keep_default_na=False).set_index("account_id")
    tier = _tier(acc["payment_method"])
    per_min = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("min")]).size()
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    for k, (m, day) in LIMITS.items():
        who = set(tier.index[tier == k])
        fm = per_min[per_min.index.get_level_values(0).isin(who)]
        fd = per_day[per_day.index.get_level_values(0).isin(who)]
        assert fm.empty or fm.max() <= m, k
        assert fd.empty or fd.max() <= day, k
    free = set(tier.index[tier == "free"])
    assert ev.loc[ev["account_id"].isin(free), "payment_method"].isna().all()
    last = ev.dropna(subset=["payment_method"]).groupby("account_id")["payment_method"].last()
    # the card on file is the last one used, except for the few accounts that update their card later
    assert (acc.loc[last.index, "payment_method"] == last).mean() >= .95
    assert (ev.dropna(subset=["payment_method"]).groupby("account_id")["payment_method"].nunique() <= 2).all()
    if not minimal:
        created = pd.to_datetime(acc["created_at"], utc=True)
        first = ev.groupby("account_id")["timestamp"].min()
        assert (first >= created[first.index].dt.floor("s")).all()


# ---------------------------------------------------------------- default (fast)

def test_tiny_contract(tiny):
    d = tiny["tiny"]
    _check_truth(d, TINY_N)
    _check_limits_and_order(d)
    schema = pq.read_schema(d / "events.parquet")
    assert schema.names == EVENT_COLS
    assert str(schema.field("timestamp").type) == "timestamp[ms, tz=UTC]"
    assert str(schema.field("output_tokens").type) == "int64"
    for c in ("account_id", "ip", "payment_method", "prompt", "user_agent", "model"):
        assert str(schema.field(c).type) == "string", c
    sizes = _ring_sizes(d)
    assert len(sizes) >= 2 and sizes.between(3, 15).all()
    t = _truth(d).set_index("account_id")
    ev = pq.read_table(d / "events.parquet").to_pandas()
    ev["ring_id"] = t["ring_id"].reindex(ev["account_id"]).to_numpy()
    assert ev["ip"].notna().all() and (ev["prompt"].str.len() > 0).all()
    ips = ev["ip"].unique()
    for ip in ips:
        a = ipaddress.ip_address(ip)
        assert not (a.is_loopback or a.is_link_local or a.is_unspecified or a.is_multicast), ip
    assert any(":" in x for x in ips) and any("." in x for x in ips)
    assert ev["payment_method"].isna().any() and ev["payment_method"].notna().any()
    assert ev["payment_method"].dropna().str.match(r"(pm|inv)_[a-z0-9]+$").all()
    assert (ev["output_tokens"] > 0).all() and ev["user_agent"].notna().all() and ev["model"].notna().all()
    harvest = ev.loc[ev["ring_id"] != "", "prompt"]
    # template slots all rendered (real user prompts in cover chat may carry their own braces)
    assert len(harvest) and not harvest.str.contains(r"\{%|%\}|answer_choices|\|\s*join|\"\)\}\}").any()
    meta = json.loads((d / "world.json").read_text())
    assert meta["counts"]["benign_group_accounts"] > 0 and meta["params"]["days"] == 5
    assert 0 < meta["platform"]["ipv6_event_share"] < 1


def test_tiny_minimal_and_determinism(tiny):
    _same_files(tiny["tiny"], tiny["tiny_again"])
    m = tiny["tiny_min"]
    assert pq.read_schema(m / "events.parquet").names == MINIMAL_COLS
    assert list(pd.read_csv(m / "accounts.csv").columns) == MINIMAL_ACCOUNT_COLS
    _check_truth(m, TINY_N, minimal=True)
    _check_limits_and_order(m, minimal=True)
    # the minimal world is the full world without the optional columns
    a = pq.read_table(tiny["tiny"] / "events.parquet", columns=MINIMAL_COLS)
    assert a.equals(pq.read_table(m / "events.parquet"))
    assert _sha(tiny["tiny"] / "truth.csv") == _sha(m / "truth.csv")


# ---------------------------------------------------------------- slow

@pytest.mark.slow
def test_same_seed_same_files(worlds):
    _same_files(worlds["small"], worlds["small_again"])


@pytest.mark.slow
@pytest.mark.parametrize("name", ["small", "mixed", "hydra"])
def test_truth_limit_order(worlds, name):
    _check_truth(worlds[name], N, minimal=name == "hydra")
    _check_limits_and_order(worlds[name], minimal=name == "hydra")


@pytest.mark.slow
def test_ring_size_bands(worlds):
    small = _ring_sizes(worlds["small"])
    assert len(small) >= 5 and small.between(3, 15).all()
    mixed = _ring_sizes(worlds["mixed"])
    R = mixed.sum()
    assert mixed.between(3, 250).all() and mixed.max() >= 81
    s, m, l = (mixed[mixed.between(3, 15)].sum() / R, mixed[mixed.between(16, 80)].sum() / R,
               mixed[mixed.between(81, 250)].sum() / R)
    assert abs(s - .45) < .05 and abs(m - .35) < .06 and abs(l - .2) < .06, (s, m, l)
    hydra = _ring_sizes(worlds["hydra"])
    t = _truth(worlds["hydra"])
    kinds = t[t["is_ring"] == "true"].groupby("ring_id")["cohort"].first()
    R = hydra.sum()
    assert kinds[hydra.idxmax()] == "proxy_hydra"
    assert .75 * R - 1 <= hydra.max() <= .88 * R + 1 and hydra.max() >= 300
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
    """The documented world 1: 20,000 accounts, 0.3 % ring share, small rings, the default 33 days."""
    d = _run({"w1": ["--accounts", "20000", "--seed", "1", "--ring-share", "0.003", "--ring-sizes", "small"]},
             tmp_path_factory.mktemp("world24_full"))["w1"]
    meta = json.loads((d / "world.json").read_text())
    c = meta["counts"]
    assert c["accounts"] == 20000 and c["ring_accounts"] == 60 and meta["params"]["days"] == 33
    assert 2_000_000 <= c["events"] <= 5_000_000
    assert c["benign_group_accounts"] >= 100 * c["ring_accounts"]
    assert meta["platform"]["refused_requests_not_logged"] > 0
    assert .15 <= meta["platform"]["ipv6_event_share"] <= .5
    assert meta["generation_seconds"] > 0  # (recorded; its wall time is no test: 145 s under load in a CI run)
    _check_truth(d, 20000)
    _check_limits_and_order(d)
    sizes = _ring_sizes(d)
    assert sizes.between(3, 15).all() and len(sizes) >= 5
    t = _truth(d)
    shares = t.loc[t["is_ring"] == "false", "cohort"].value_counts(normalize=True)
    assert .38 <= shares["solo_user"] <= .48 and .12 <= shares["office_worker"] <= .14
    assert all(shares.get(k, 0) > 0 for k in REQUIRED_BENIGN | INVENTED_BENIGN)
