"""The fortieth independent world generator (benchmarks/world40.py, docs/WORLD40.md): its output contract.

Tiny part (a 600-account, 5-day small-ring world generated twice under different PYTHONHASHSEED, its --minimal twin,
its --format csv and --format jsonl.gz twins): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, per-plan minute and day limits never exceeded, nothing before sign-up or outside the
window, time order, public parseable IPv4/IPv6 addresses (or missing), keys never shared across accounts, logging
noise (missing fields, retries, accounts that never call), byte-identical files for the same seed.
Slow part (2,000-account mixed and hydra worlds): ring size bands, every cohort and ring kind present, ring volumes,
the new benign look-alikes' legitimate sharing (compliance re-screening, store vouchers, shadow replay, cloud dev
boxes, a blackout's carrier fallback, a telco bundle's nightly provisioning) and the new ring evasions' shapes (item
packing, self-chat synthesis, voucher scatter, devbox stowaways, shadow-replay cover, bundle SIMs, the hydra).
Skipped without the shared reference data. graphhunt is never run or imported."""
from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests._worlds import (
    assert_cohorts_present, assert_minimal_twin, assert_public_addresses, assert_retries,
    assert_same_events_as, assert_same_files, assert_size_bands, check_cli_events, check_cli_truth, check_paid_tokens,
    check_tiny_files, read_any_events, read_world_frames, ring_kinds, ring_sizes, run_cli_worlds,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world40.py"
_BESIDE = ROOT.parent / "shared" / "data"
DATA = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", _BESIDE if _BESIDE.exists() else "/work/shared/data"))
FILES = ("events.parquet", "accounts.csv", "truth.csv", "world.json")
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "api_key_id",
              "model"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role", "region",
              "events"]
DAILY = {"free": 100, "basic": 1200, "pro": 5000, "business": 25000, "enterprise": 200000}
MINUTE = {"free": 4, "basic": 20, "pro": 60, "business": 240, "enterprise": 1200}
MODELS = {"ts-3", "ts-3-mini", "ts-3-think"}
START = pd.Timestamp("2026-11-09T00:00:00Z")
BENIGN = {"hobbyist", "household", "office_nat", "campus", "carrier_mobile", "vpn_user", "indie_dev", "heavy_app",
          "compliance_rescreen", "store_voucher", "shadow_replay", "cloud_devbox", "blackout_fallback", "telco_bundle"}
RING_KINDS = {"card_pool", "cot_harvest", "hydra_reseller", "item_packing", "self_chat", "voucher_scatter",
              "devbox_stowaway", "shadow_cover", "bundle_sims"}

AWESOME = ({p[:3000] for p in pd.read_csv(DATA / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str,
                                          keep_default_na=False)["prompt"]}
           if (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists() else set())

# a benchmark generator, not graphhunt: its whole contract test runs with the slow tests
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                 reason="shared reference data not available (set GRAPHHUNT_SHARED_DATA)")]

TINY_N = 600
TINY = ["--n-accounts", str(TINY_N), "--seed", "5", "--world", "small", "--ring-share", "0.05", "--days", "5"]
N = 2000
SLOW_RUNS = {
    "mixed": ["--n-accounts", str(N), "--seed", "8", "--world", "mixed", "--ring-share", "0.2", "--days", "15"],
    "hydra": ["--n-accounts", str(N), "--seed", "9", "--world", "hydra", "--days", "7", "--minimal"],
}


def _gen():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import world40
    return world40


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, {"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"],
                                      "tiny_csv": TINY + ["--format", "csv"],
                                      "tiny_gz": TINY + ["--format", "jsonl.gz"]},
                          tmp_path_factory.mktemp("world40_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, SLOW_RUNS, tmp_path_factory.mktemp("world40"))


def _check(d: Path, n: int, minimal: bool = False):
    meta, truth, acc, ring = check_cli_truth(d, n, minimal, TRUTH_COLS, ACCOUNT_COLS, MINIMAL_ACCOUNT_COLS,
                                             RING_KINDS, BENIGN, set(DAILY))
    ev = read_any_events(d)
    assert list(ev.columns) == (MINIMAL_COLS if minimal else EVENT_COLS)
    tier = check_cli_events(ev, truth, meta, n, START, DAILY, MINUTE)
    per = ev.groupby("account_id").size()
    assert (truth.set_index("account_id")["events"].astype(int) == per.reindex(truth["account_id"]).fillna(0)
            .astype(int).to_numpy()).all()
    assert meta["counts"]["accounts_without_events"] == n - ev["account_id"].nunique() > 0
    nc = truth["role"] == "never_calls"
    assert nc.sum() > 0 and not ev["account_id"].isin(truth.loc[nc, "account_id"]).any()
    assert meta["counts"]["requests_drawn"] >= meta["counts"]["events"] + meta["counts"]["refused_requests_not_logged"]
    pay = check_paid_tokens(ev, acc, tier, "free")
    assert pay[pay != ""].str.match(r"^(card_[0-9a-f]{14}|wal_[0-9a-f]{14}|inv_[0-9a-f]{14}|vch_[a-z]{2}\d{4}_[0-9a-f]{8}"
                                    r"|cb_jy[0-9a-f]{11})$").all()
    assert ev["prompt"].notna().all() and (ev["prompt"].str.len() > 0).all()
    # templates rendered, answers cut
    assert not ev.loc[~ev["prompt"].isin(AWESOME), "prompt"].str.contains(r"\{\{|\{%|%\}|\|\|\|").any()
    assert ev["ip"].isna().any() and ev["ip"].notna().mean() > .98
    assert meta["counts"]["missing_ip_events"] == ev["ip"].isna().sum()
    assert_public_addresses(ev)
    assert_retries(ev, meta)
    if not minimal:
        created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
        first = ev.groupby("account_id")["timestamp"].min()
        assert (first >= created[first.index]).all()
        tok = ev["output_tokens"].dropna()
        assert ev["output_tokens"].isna().any() and (tok >= 1).all() and (tok <= 16384).all()
        assert ev["user_agent"].isna().any() and ev["user_agent"].notna().mean() > .98
        assert ev["model"].notna().all() and ev["api_key_id"].notna().all() and set(ev["model"]) <= MODELS
        assert (acc.set_index("account_id")["plan"].reindex(tier.index) == tier).all()
        assert (ev.groupby("api_key_id")["account_id"].nunique() == 1).all()
    return meta, ev, truth


# ---------------------------------------------------------------- tiny

def test_tiny_contract(tiny):
    d = tiny["tiny"]
    meta, ev, truth = _check(d, TINY_N)
    check_tiny_files(d, ev, meta, GEN)


def test_tiny_minimal(tiny):
    d = tiny["tiny_min"]
    _check(d, TINY_N, minimal=True)
    assert_minimal_twin(tiny["tiny"], d, MINIMAL_COLS)


def test_tiny_csv(tiny):
    d = tiny["tiny_csv"]
    assert not (d / "events.parquet").exists() and (d / "events.csv").exists()
    raw = pd.read_csv(d / "events.csv", dtype=str, keep_default_na=False)["timestamp"]
    assert raw.str.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$").all()
    meta, ev, truth = _check(d, TINY_N)
    assert_same_events_as(tiny["tiny"], d, ev)


def test_tiny_jsonl_gz(tiny):
    g = tiny["tiny_gz"] / "events.jsonl.gz"
    raw = g.read_bytes()
    assert raw[:2] == b"\x1f\x8b" and raw[4:8] == b"\0\0\0\0"                  # gzip, no timestamp in the header
    ev = pd.read_json(g, lines=True, dtype=False, compression="gzip")
    ref = pd.read_parquet(tiny["tiny"] / "events.parquet")
    assert list(ev.columns) == EVENT_COLS and len(ev) == len(ref)
    t = pd.to_datetime(ev["timestamp"], utc=True, format="ISO8601").dt.as_unit("ms")
    assert (t.to_numpy() == ref["timestamp"].to_numpy()).all() and (ev["prompt"] == ref["prompt"]).all()
    with gzip.open(g, "rt") as fh:
        assert json.loads(fh.readline())["timestamp"].endswith("Z")


def test_tiny_same_seed_same_files(tiny):
    assert_same_files(tiny["tiny"], tiny["tiny_again"], FILES)    # generated under PYTHONHASHSEED 0 and 7


# ---------------------------------------------------------------- 2,000 accounts

@pytest.mark.parametrize("name", ["mixed", "hydra"])
def test_slow_contract(worlds, name):
    _check(worlds[name], N, minimal=name == "hydra")


def test_ring_size_bands(worlds):
    mixed = ring_sizes(worlds["mixed"])
    assert mixed.sum() == 400
    assert_size_bands(mixed, 300, .05)
    # hydra: 7.5 % of the accounts in rings, one hydra of 5.5-6.5 % of them, the rest in rings of 3-60
    hydra, kinds = ring_sizes(worlds["hydra"]), ring_kinds(worlds["hydra"])
    assert hydra.sum() == 150
    hy = hydra[kinds == "hydra_reseller"]
    assert len(hy) == 1 and round(.055 * N) <= hy.iloc[0] <= round(.065 * N)
    assert hydra[kinds != "hydra_reseller"].between(3, 60).all()


_CACHE: dict = {}


def _mixed(worlds):
    if "mixed" not in _CACHE:
        meta, t, ev, acc = read_world_frames(worlds["mixed"])
        _CACHE["mixed"] = meta, t, ev, acc, acc.merge(t, on="account_id")
    return _CACHE["mixed"]


def _local(ts: pd.Series, minutes: int) -> pd.Series:
    return (ts + pd.Timedelta(minutes=minutes)).dt.tz_convert(None)


def test_cohorts_present(worlds):
    meta, t, ev, acc, at = _mixed(worlds)
    assert_cohorts_present(meta, t, BENIGN, RING_KINDS, 6)
    assert meta["counts"]["benign_group_accounts"] > meta["counts"]["ring_accounts"]
    assert sum(c["new"] for c in meta["cohorts"].values() if not c["ring"]) >= 6
    assert sum(c["new"] for c in meta["cohorts"].values() if c["ring"]) >= 6


def test_volumes(worlds):
    meta, t, ev, acc, at = _mixed(worlds)
    day = ev["timestamp"].dt.floor("D")
    per = ev.groupby(["account_id", day]).size().rename("n").reset_index().merge(t, on="account_id")
    ring = per[(per["is_ring"] == "true") & ~per["cohort"].isin(["item_packing", "shadow_cover"])]
    # ring accounts work at a sizeable share of the basic plan's 1,200 a day, some quieter
    assert ring["n"].median() > 500 and (ring["n"] < 360).mean() > .1
    benign = ev[ev["ring_id"] == ""].groupby("account_id").size()
    assert benign.median() < 60 and benign.max() > 2000                     # heavy tail: a few apps send thousands


def test_benign_lookalikes_share_legitimately(worlds):
    meta, t, ev, acc, at = _mixed(worlds)
    plat = meta["platform"]
    # compliance re-screening: each bank's analysts behind its concentrator; files sent again verbatim after the
    # sanctions-list update, by another analyst
    cr = ev[ev["cohort"] == "compliance_rescreen"]
    upd = pd.Timestamp(plat["sanctions_update"]["utc"])
    for gid, x in cr.groupby("group_id"):
        a = at[at["group_id"] == gid]
        assert a["org_id"].nunique() == 1 and a["payment_method"].nunique() == 1 and len(a) >= 5
        bank = [b for b in plat["banks"].values() if set(x["ip"].dropna()) <= set(b["concentrator"])]
        assert len(bank) == 1
        first = x[~x.duplicated(["account_id", "prompt"])].sort_values("timestamp")
        again = first[first.duplicated("prompt")]
        assert len(again) > .2 * first["prompt"].nunique() and (again["timestamp"] >= upd).all()
        assert (first[first["prompt"].isin(again["prompt"])].groupby("prompt")["account_id"].nunique() >= 2).all()
    # store vouchers: a store's buyers hold consecutive serials, each on their own home address
    sv = at[at["cohort"] == "store_voucher"]
    m = sv["payment_method"].str.extract(r"^vch_([a-z]{2}\d{4})_([0-9a-f]{8})$")
    assert m.notna().all().all()
    for gid, x in m.groupby(sv["group_id"]):
        assert x[0].nunique() == 1 and len(x) >= 5
        s = np.sort(x[1].map(lambda v: int(v, 16)).to_numpy())
        assert (np.diff(s) == 1).all()
    se = ev[ev["cohort"] == "store_voucher"].dropna(subset=["ip"])
    assert (se.groupby("ip")["account_id"].nunique() == 1).mean() > .98
    assert sv["org_id"].eq("").all() and sv["payment_method"].is_unique
    # shadow replay: the staging account replays production's prompts hours later on the reasoning model
    sr = ev[ev["cohort"] == "shadow_replay"]
    for gid, x in sr.groupby("group_id"):
        stg, prod = x[x["role"] == "staging"], x[x["role"] == "production"]
        assert len(stg) > 0 and stg["prompt"].isin(set(prod["prompt"])).all()
        assert (stg["model"] == "ts-3-think").all() and not set(stg["ip"].dropna()) & set(prod["ip"].dropna())
        pt = prod.drop_duplicates("prompt").set_index("prompt")["timestamp"]
        lag = stg["timestamp"].to_numpy() - pt.reindex(stg["prompt"]).to_numpy()
        assert (lag >= np.timedelta64(4, "h")).all()
    # cloud dev boxes: a new pool address per workspace session, every pool address shared by many developers
    cd = ev[ev["cohort"] == "cloud_devbox"].dropna(subset=["ip"])
    pools = {ip for v in plat["devbox_pools"].values() for ip in v}
    assert cd["ip"].isin(pools).all()
    assert cd.groupby("ip")["account_id"].nunique().median() >= 3
    assert cd.groupby("account_id")["ip"].nunique().max() >= 4
    assert (cd["user_agent"].dropna() == _gen().DEVBOX_UA).all()
    # blackout: during the outage a city's households send from the carrier's CGNAT; before and after, from home
    bo = ev[ev["cohort"] == "blackout_fallback"].dropna(subset=["ip"])
    for city, b in plat["blackouts"].items():
        x = bo[bo["group_id"] == f"blackout_{city.lower()}"]
        s0, s1 = pd.Timestamp(b["utc_start"]), pd.Timestamp(b["utc_end"])
        inside = x["timestamp"].between(s0, s1, inclusive="left")
        assert x.loc[inside, "ip"].isin(b["carrier_pool"]).all() and x.loc[inside, "account_id"].nunique() >= 20
        assert (x.loc[~inside].groupby("account_id")["ip"].nunique() == 1).all()
        assert not x.loc[~inside, "ip"].isin(b["carrier_pool"]).any()
    # telco bundle: created in the carrier's nightly batch (02:00-02:25 IST), carrier mail domain, own billing token
    tb = at[at["cohort"] == "telco_bundle"]
    loc = _local(pd.to_datetime(tb["created_at"], utc=True), 330)
    first = ev[ev["cohort"] == "telco_bundle"].groupby("account_id")["timestamp"].min()
    batch = (loc.dt.hour == 2) & (loc.dt.minute < 25)
    assert batch[~tb["account_id"].isin(first.index)].all()         # the first request may come before the sign-up
    assert batch.mean() > .9 and (tb["email_domain"] == "sub.jyoti.in").all() and tb["payment_method"].is_unique
    assert (pd.to_datetime(tb["created_at"], utc=True) >= START).sum() > 20


def test_new_ring_evasions(worlds):
    w40 = _gen()
    meta, t, ev, acc, at = _mixed(worlds)
    plat = meta["platform"]
    # item packing: numbered lists of 6-15 items per request, long answers, far below the request limit
    ip_ = ev[ev["cohort"] == "item_packing"]
    k = ip_["prompt"].str.extract(r"^Answer each of the following (\d+) items separately")[0].astype(int)
    assert k.between(6, 15).all()
    assert (ip_["prompt"].str.count(r"\n\d+\. ") == k).all()
    assert ip_["output_tokens"].dropna().median() > 2500
    assert ip_.groupby(["account_id", ip_["timestamp"].dt.floor("D")]).size().max() <= 300
    # self-chat synthesis: every request asks for a whole dialogue about one item
    sc = ev[ev["cohort"] == "self_chat"]
    assert sc["prompt"].str.match(r"^Write a realistic conversation of [4-8] turns between a curious user").all()
    assert (sc.dropna(subset=["ip"]).groupby("ip")["account_id"].nunique() == 1).all()
    # voucher scatter: store vouchers of stores real buyers use, no two of a ring from the same store
    vs = at[at["cohort"] == "voucher_scatter"]
    store = vs["payment_method"].str.extract(r"^vch_([a-z]{2}\d{4})_")[0]
    benign_stores = set(at.loc[at["cohort"] == "store_voucher", "payment_method"].str[4:10])
    assert store.isin(benign_stores).all()
    for rid, x in store.groupby(vs["ring_id"]):
        assert x.nunique() == min(len(x), len(benign_stores))
    # devbox stowaways: the vendors' workspace pools and the agent CLI, shared with real developers
    ds = ev[ev["cohort"] == "devbox_stowaway"].dropna(subset=["ip"])
    real = set(ev.loc[ev["cohort"] == "cloud_devbox", "ip"].dropna())
    assert ds["ip"].isin({ip for v in plat["devbox_pools"].values() for ip in v}).all()
    assert ds["ip"].isin(real).mean() > .8
    assert (ds["user_agent"].dropna() == w40.DEVBOX_UA).all() and ds["prompt"].str.startswith(w40.DEVBOX_SYSTEM).all()
    # shadow cover: staging accounts replay their production twin's harvest overnight on the reasoning model
    sh = ev[ev["cohort"] == "shadow_cover"]
    for rid, x in sh.groupby("ring_id"):
        stg, prod = x[x["role"] == "staging"], x[x["role"] == "production"]
        assert stg["prompt"].isin(set(prod["prompt"])).all() and (stg["model"] == "ts-3-think").all()
        assert (prod["model"] == "ts-3-mini").all()
    assert at[at["cohort"] == "shadow_cover"].groupby("ring_id")["org_id"].nunique().min() >= 1
    # bundle SIMs: nightly-batch sign-ups, carrier domain and billing, the carrier's CGNAT shared with subscribers
    bs = at[at["cohort"] == "bundle_sims"]
    loc = _local(pd.to_datetime(bs["created_at"], utc=True), 330)
    assert ((loc.dt.hour == 2) & (loc.dt.minute < 25)).all() and (bs["email_domain"] == "sub.jyoti.in").all()
    assert bs["payment_method"].str.startswith("cb_jy").all() and bs["payment_method"].is_unique
    be = ev[ev["cohort"] == "bundle_sims"].dropna(subset=["ip"])
    assert be["ip"].isin(plat["cgnat_pools"]["in"]).all()
    assert be["ip"].isin(set(ev.loc[ev["cohort"] == "telco_bundle", "ip"])).mean() > .9
    # every new kind records a new evasion
    kinds_new = {r["kind"] for r in meta["rings"] if any("*new*" in e or "*invented*" in e for e in r["evasions"])}
    assert kinds_new == RING_KINDS - {"card_pool", "cot_harvest", "hydra_reseller"}


def test_hydra_draw(worlds):
    meta, t, ev, acc = read_world_frames(worlds["hydra"])
    hy = ev[ev["cohort"] == "hydra_reseller"]
    assert hy["account_id"].nunique() >= .055 * N * .9
    ips = hy.dropna(subset=["ip"])
    assert ips.groupby("account_id")["ip"].nunique().max() <= 6
    assert ips["ip"].nunique() <= 150
    # resold ordinary chat mixed with the harvest: real awesome-chatgpt prompts among its requests
    assert .1 < hy["prompt"].isin(AWESOME).mean() < .5
    assert acc.merge(t, on="account_id").query("cohort == 'hydra_reseller'")["payment_method"].nunique() > 100
