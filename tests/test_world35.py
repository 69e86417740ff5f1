"""The thirty-fifth independent world generator (benchmarks/world35.py, docs/WORLD35.md): its output contract.

Tiny part (a 600-account, 5-day small-ring world generated twice under different PYTHONHASHSEED, its --minimal twin,
its --format csv and --format jsonl.gz twins): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, per-plan minute and day limits never exceeded, nothing before sign-up or outside the
window, time order, public parseable IPv4/IPv6 addresses (or missing, or the European edge's logged loopback during
its three bad hours), keys never shared across accounts, logging noise (missing fields, retries, accounts that never
call), chat-message-list and content-part prompts, warehouse-style ``... UTC`` timestamps in the CSV twin,
byte-identical files for the same seed.
Slow part (2,000-account mixed and hydra worlds, 7 days): ring size bands, every cohort and ring kind present, the
new benign look-alikes' legitimate sharing (satellite CGNAT, government egress, in-flight Wi-Fi, internet cafés,
earnings rush, accelerator credits, keyboard app) and the new ring evasions' shapes (phone farm, router botnet, slow
ramp, follow-up chains, organisation fronts, round-robin dealing, café stowaways, credit farming, the hydra).
Skipped without the shared reference data. graphhunt is never run or imported."""
from __future__ import annotations

import gzip
import ipaddress
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests._worlds import (
    assert_cohorts_present, assert_draw_sizes, assert_minimal_twin, assert_retries, assert_same_events_as,
    assert_same_files, check_cli_events, check_cli_truth, check_paid_tokens, check_tiny_files, read_any_events,
    read_text_csv, read_world_frames, run_cli_worlds,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world35.py"
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
DAILY = {"free": 50, "pro": 2000, "team": 10000, "scale": 50000, "enterprise": 250000}
MINUTE = {"free": 4, "pro": 40, "team": 150, "scale": 600, "enterprise": 2500}
MODELS = {"cb-4", "cb-4-mini", "cb-4-think", "cb-4-vision"}
START = pd.Timestamp("2026-11-30T00:00:00Z")
BENIGN = {"hobbyist", "household", "office_nat", "campus", "carrier_mobile", "vpn_user", "indie_dev", "heavy_app",
          "satellite_cgnat", "gov_egress", "inflight_wifi", "internet_cafe", "earnings_rush", "accelerator_credits",
          "keyboard_app"}
RING_KINDS = {"card_pool", "cot_harvest", "resi_proxy", "hydra_reseller", "mobile_farm", "router_botnet", "slow_ramp",
              "follow_up", "org_front", "round_robin", "cafe_stowaway", "credit_farm"}
OFFSETS = {"us_e": -300, "us_w": -480, "uk": 0, "de": 60, "fr": 60, "jp": 540, "in": 330, "br": -180, "mx": -360,
           "au": 660, "ng": 60, "sg": 480, "ph": 480, "ke": 180}
FOLLOW_UPS = {"Explain that further, with more detail.", "Now check your answer step by step and correct any mistake.",
              "Give a shorter version of your answer.", "Why? Walk me through your reasoning.",
              "Rewrite your answer as a numbered list."}

AWESOME = (set(pd.read_csv(DATA / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str, keep_default_na=False)["prompt"])
           if (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists() else set())

# a benchmark generator, not graphhunt: its whole contract test runs with the slow tests
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DATA / "prompts" / "awesome-chatgpt-prompts.csv").exists(),
                                 reason="shared reference data not available (set GRAPHHUNT_SHARED_DATA)")]

TINY_N = 600
TINY = ["--n-accounts", str(TINY_N), "--seed", "5", "--world", "small", "--ring-share", "0.05", "--days", "5"]
N = 2000
SLOW_RUNS = {
    "mixed": ["--n-accounts", str(N), "--seed", "8", "--world", "mixed", "--ring-share", "0.2", "--days", "7"],
    "hydra": ["--n-accounts", str(N), "--seed", "9", "--world", "hydra", "--days", "7", "--minimal"],
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, {"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"],
                                      "tiny_csv": TINY + ["--format", "csv"],
                                      "tiny_gz": TINY + ["--format", "jsonl.gz"]},
                          tmp_path_factory.mktemp("world35_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, SLOW_RUNS, tmp_path_factory.mktemp("world35"))


def read_events(d: Path) -> pd.DataFrame:
    """A world directory's events; the CSV twin's warehouse timestamps (``2026-11-30 12:00:00.123 UTC``) read as
    UTC instants, as the input contract reads them."""
    if not (d / "events.csv").exists():
        return read_any_events(d)
    ev = pd.read_csv(d / "events.csv", dtype=str, keep_default_na=False).replace("", np.nan)
    raw = ev["timestamp"]
    assert raw.str.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$").all()
    ev["timestamp"] = pd.to_datetime(raw.str.replace(" UTC", "Z", regex=False).str.replace(" ", "T", regex=False),
                                     utc=True, format="ISO8601").dt.as_unit("ms")
    ev["output_tokens"] = pd.to_numeric(ev["output_tokens"]).astype("Int64")
    return ev


def assert_public(ev: pd.DataFrame, truth: pd.DataFrame, meta: dict) -> None:
    """Every logged address is public, but for the European edge's loopback during its three bad hours."""
    loop = ev["ip"] == "127.0.0.1"
    assert meta["counts"]["loopback_ip_events"] == loop.sum()
    if loop.any():
        x = ev[loop]
        reg = x["account_id"].map(truth.set_index("account_id")["region"])
        assert reg.isin(["uk", "de", "fr"]).all()
        t0 = START + pd.Timedelta(hours=26)
        assert ((x["timestamp"] >= t0) & (x["timestamp"] < t0 + pd.Timedelta(hours=3))).all()
    v6 = 0
    for ip in ev.loc[~loop, "ip"].dropna().unique():
        a = ipaddress.ip_address(ip)
        v6 += a.version == 6
        assert a.is_global and not (a.is_private or a.is_loopback or a.is_link_local or a.is_multicast
                                    or a.is_reserved or a.is_unspecified), ip
    assert v6 > 0


def _check(d: Path, n: int, minimal: bool = False):
    meta, truth, acc, ring = check_cli_truth(d, n, minimal, TRUTH_COLS, ACCOUNT_COLS, MINIMAL_ACCOUNT_COLS,
                                             RING_KINDS, BENIGN, set(DAILY))
    ev = read_events(d)
    assert list(ev.columns) == (MINIMAL_COLS if minimal else EVENT_COLS)
    tier = check_cli_events(ev, truth, meta, n, START, DAILY, MINUTE)
    per = ev.groupby("account_id").size()
    assert (truth.set_index("account_id")["events"].astype(int) == per.reindex(truth["account_id"]).fillna(0)
            .astype(int).to_numpy()).all()
    assert meta["counts"]["accounts_without_events"] == n - ev["account_id"].nunique() > 0
    nc = truth["role"] == "never_calls"
    assert nc.sum() > 0 and not ev["account_id"].isin(truth.loc[nc, "account_id"]).any()
    assert meta["counts"]["requests_drawn"] == meta["counts"]["events"] + meta["counts"]["refused_requests_not_logged"]
    pay = check_paid_tokens(ev, acc, tier, "free")
    assert pay[pay != ""].str.match(r"^(card|wlt|vcc|inv|gpc|promo)_[0-9a-f]{14}$").all()
    assert ev["prompt"].notna().all() and (ev["prompt"].str.len() > 0).all()
    # templates fully rendered (real awesome-chatgpt prompts, pasted whole, may hold braces of their own)
    assert not ev.loc[~ev["prompt"].isin(AWESOME), "prompt"].str.contains(r"\{\{|\{%|%\}").any()
    # chat-message lists (JSON text); the keyboard app's content given as a list of parts
    ml = ev["prompt"].str.startswith('[{"role": ')
    assert ml.any() and meta["counts"]["chat_message_list_prompts"] == ml.sum()
    parts = 0
    for p in ev.loc[ml, "prompt"].head(400):
        msgs = json.loads(p)
        assert msgs and all(set(m) == {"role", "content"} for m in msgs) and msgs[-1]["role"] == "user"
        if isinstance(msgs[-1]["content"], list):
            parts += 1
            assert any(x["type"] == "text" and x["text"] for x in msgs[-1]["content"])
    assert parts > 0 and meta["counts"]["content_part_prompts"] > 0
    assert ev["ip"].isna().any() and ev["ip"].notna().mean() > .95
    assert meta["counts"]["missing_ip_events"] == ev["ip"].isna().sum()
    assert_public(ev, truth, meta)
    assert_retries(ev, meta)
    if not minimal:
        created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
        first = ev.groupby("account_id")["timestamp"].min()
        assert (first >= created[first.index]).all()
        tok = ev["output_tokens"].dropna()
        assert ev["output_tokens"].isna().any() and (tok >= 1).all() and (tok <= 16384).all()
        assert ev["user_agent"].isna().any() and ev["user_agent"].notna().mean() > .95
        assert ev["model"].notna().all() and ev["api_key_id"].notna().all() and set(ev["model"]) <= MODELS
        assert (acc.set_index("account_id")["plan"].reindex(tier.index) == tier).all()
        assert (ev.groupby("api_key_id")["account_id"].nunique() == 1).all()
        assert set(acc["country"]) <= {"US", "GB", "DE", "FR", "JP", "IN", "BR", "MX", "AU", "NG", "SG", "PH", "KE"}
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
    assert_draw_sizes(worlds, N, 300, 0.07)
    t = read_text_csv(worlds["hydra"] / "truth.csv")
    hy = t[t["cohort"] == "hydra_reseller"]
    assert hy["ring_id"].nunique() == 1 and len(hy) >= .05 * N              # one hydra of 5 % or more


_CACHE: dict = {}


def _mixed(worlds):
    if "mixed" not in _CACHE:
        meta, t, ev, acc = read_world_frames(worlds["mixed"])
        ev = ev.merge(t[["account_id", "region"]], on="account_id", how="left")
        _CACHE["mixed"] = meta, t, ev, acc
    return _CACHE["mixed"]


def test_cohorts_present(worlds):
    meta, t, ev, acc = _mixed(worlds)
    assert_cohorts_present(meta, t, BENIGN, RING_KINDS, 6)
    assert meta["counts"]["benign_group_accounts"] > meta["counts"]["ring_accounts"]


def _local_hour(x: pd.DataFrame) -> pd.Series:
    return (x["timestamp"] + pd.to_timedelta(x["region"].map(OFFSETS), unit="min")).dt.hour


def test_benign_lookalikes_share_legitimately(worlds):
    meta, t, ev, acc = _mixed(worlds)
    # satellite CGNAT: one gateway exit carries subscribers of several regions (continents)
    sat = ev[ev["cohort"] == "satellite_cgnat"].dropna(subset=["ip"])
    assert sat.groupby("ip")["region"].nunique().max() >= 3
    assert sat.groupby("ip")["account_id"].nunique().max() >= 5
    # government egress: departments (own org and purchase card) share the proxy addresses and one browser build
    gv = ev[ev["cohort"] == "gov_egress"]
    assert gv.groupby("ip")["group_id"].nunique().max() >= 2
    gacc = acc.merge(t, on="account_id").query("cohort == 'gov_egress'")
    assert (gacc.groupby("group_id")["payment_method"].nunique() == 1).all()
    assert gacc.groupby("payment_method")["group_id"].nunique().max() == 1
    assert gacc["payment_method"].str.startswith("gpc_").all() and (gacc["org_id"] == gacc["group_id"]).all()
    assert gv["user_agent"].dropna().nunique() == 1
    assert _local_hour(gv).between(6, 20).mean() > .95
    # in-flight Wi-Fi: a flight's ground address carries passengers of several regions within hours
    fl = ev[(ev["cohort"] == "inflight_wifi")].dropna(subset=["ip"])
    shared = fl.groupby("ip").agg(n=("account_id", "nunique"), r=("region", "nunique"),
                                  span=("timestamp", lambda s: s.max() - s.min()))
    assert ((shared["n"] >= 3) & (shared["r"] >= 2)).any()
    assert (fl.groupby("account_id")["ip"].nunique() >= 2).mean() > .5       # home addresses too
    # internet cafés: patrons' own accounts behind the café's NAT and its one kiosk browser build
    cf = ev[(ev["cohort"] == "internet_cafe") & ev["user_agent"].str.startswith("Mozilla/5.0 (Windows", na=False)]
    assert cf.groupby("group_id")["user_agent"].nunique().max() == 1
    assert cf.groupby("ip")["account_id"].nunique().max() >= 3
    assert (t[t["cohort"] == "internet_cafe"]["tier"] == "free").mean() > .7
    # earnings rush: unrelated firms fire within minutes after the same scheduled release (12:00 / 21:05 UTC)
    er = ev[ev["cohort"] == "earnings_rush"]
    mins = er["timestamp"].dt.hour * 60 + er["timestamp"].dt.minute
    assert (mins.between(720, 727) | mins.between(1265, 1272)).all()
    assert (er["timestamp"].dt.day_of_week < 5).all() and set(er["user_agent"].dropna()) == {"finsum/0.9.3 (python-httpx/0.27.2)"}
    slot = er["timestamp"].dt.floor("D").astype(str) + (mins // 100).astype(str)
    assert er.groupby(slot)["group_id"].nunique().max() >= 3
    # accelerator credits: one sponsor card pays for many unrelated startups (own orgs and domains)
    ac = acc.merge(t, on="account_id").query("cohort == 'accelerator_credits'")
    assert ac["payment_method"].str.startswith("promo_").all() and ac["payment_method"].nunique() <= 2
    assert ac.groupby("payment_method")["group_id"].nunique().max() >= 10
    assert (ac.groupby("group_id")["email_domain"].nunique() == 1).all()
    assert ac.groupby("email_domain")["group_id"].nunique().max() == 1
    # keyboard app: content-part message lists, its user agent, bursts of requests within a minute
    kb = ev[ev["cohort"] == "keyboard_app"]
    assert kb["user_agent"].dropna().str.startswith("Tapwise/").all()
    c = kb["prompt"].map(lambda p: json.loads(p)[-1]["content"])
    assert c.map(lambda x: isinstance(x, list) and x[0]["type"] == "text").all()
    assert c.map(lambda x: any(y["type"] == "image_url" for y in x)).any()
    assert kb.groupby(["account_id", kb["timestamp"].dt.floor("min")]).size().max() >= 3


def test_new_ring_evasions(worlds):
    meta, t, ev, acc = _mixed(worlds)
    a = acc.set_index("account_id")
    created = pd.to_datetime(a["created_at"], utc=True)
    benign_ips = ev.loc[ev["ring_id"] == "", ["ip", "cohort"]].dropna()
    # phone farm: the carrier CGNAT addresses ordinary phone users share, the official app's user agent
    mf = ev[ev["cohort"] == "mobile_farm"]
    phones = set(benign_ips.loc[benign_ips["cohort"].isin(["carrier_mobile", "keyboard_app", "hobbyist",
                                                           "internet_cafe"]), "ip"])
    assert len(set(mf["ip"].dropna()) & phones) > 0
    assert mf["user_agent"].dropna().str.startswith("CobaltChat/").all()
    # router botnet: one static address per account, used by no other account, in its local night
    rb = ev[ev["cohort"] == "router_botnet"].dropna(subset=["ip"])
    rb = rb[rb["ip"] != "127.0.0.1"]
    assert (rb.groupby("account_id")["ip"].nunique() == 1).all()
    owners = ev.dropna(subset=["ip"]).groupby("ip")["account_id"].nunique()
    assert (owners[rb["ip"].unique()] == 1).all()
    assert _local_hour(rb).isin([23, 0, 1, 2, 3, 4, 5, 6, 7]).mean() > .95
    # slow ramp: more of the ring's accounts active at the end than at the start; each new one signed up that day
    sr = ev[ev["cohort"] == "slow_ramp"]
    for rid, x in sr.groupby("ring_id"):
        first = x.groupby("account_id")["timestamp"].min()
        assert ((first - created[first.index]) < pd.Timedelta(days=1)).all()
        if x["account_id"].nunique() >= 6:
            day = (x["timestamp"] - START).dt.days
            act = x.groupby(day)["account_id"].nunique()
            assert act.iloc[-1] > act.iloc[0], rid
    # follow-up chains: message lists ending in a follow-up turn, a few seconds after the item
    fu = ev[ev["cohort"] == "follow_up"]
    ml = fu["prompt"].str.startswith('[{"role": ')
    assert ml.mean() > .3
    last = fu.loc[ml, "prompt"].map(lambda p: json.loads(p)[-1]["content"])
    assert last.isin(FOLLOW_UPS).all()
    # organisation fronts: plausible companies (org, corporate mail, invoice, team plan), several per ring
    of = acc.merge(t, on="account_id").query("cohort == 'org_front'")
    assert (of["org_id"] != "").all() and of["payment_method"].str.startswith("inv_").all()
    assert (of["tier"] == "team").all() and (of.groupby("org_id")["payment_method"].nunique() == 1).all()
    assert of.groupby("ring_id")["org_id"].nunique().max() >= 2
    # round-robin dealing: no item twice in a ring, consecutive requests go to another account
    rr = ev[ev["cohort"] == "round_robin"].sort_values("timestamp", kind="stable")
    for rid, x in rr.groupby("ring_id"):
        y = x.drop_duplicates(["account_id", "prompt"])             # retries left out
        assert y["prompt"].is_unique, rid
        if x["account_id"].nunique() >= 3:
            assert (y["account_id"] != y["account_id"].shift()).mean() > .9, rid
    # café stowaways: the real cafés' addresses and kiosk builds, free accounts
    cs = ev[ev["cohort"] == "cafe_stowaway"]
    cafe = ev[ev["cohort"] == "internet_cafe"]
    assert set(cs["ip"].dropna()) - {"127.0.0.1"} <= set(cafe["ip"].dropna())
    assert set(cs["user_agent"].dropna()) <= set(cafe["user_agent"].dropna())
    assert (t[t["cohort"] == "cafe_stowaway"]["tier"] == "free").all()
    # credit farming: the accelerator sponsor's card, also on real startups' accounts
    cr = acc.merge(t, on="account_id")
    real = set(cr.loc[cr["cohort"] == "accelerator_credits", "payment_method"])
    assert set(cr.loc[cr["cohort"] == "credit_farm", "payment_method"]) <= real
    # hydra's small rings in the mixed world: mostly the relay's user agent, each account on at most ten relay exits
    hy = ev[ev["cohort"] == "hydra_reseller"]
    assert (hy["user_agent"] == "one-api/0.6.11").mean() > .6
    assert hy.dropna(subset=["ip"]).groupby("account_id")["ip"].nunique().max() <= 11


def test_hydra_draw(worlds):
    meta, t, ev, acc = read_world_frames(worlds["hydra"])
    hy = ev[ev["cohort"] == "hydra_reseller"]
    assert hy["account_id"].nunique() >= .05 * N * .95
    ips = hy.dropna(subset=["ip"])
    ips = ips[ips["ip"] != "127.0.0.1"]
    assert ips.groupby("account_id")["ip"].nunique().max() <= 10
    assert ips["ip"].nunique() <= 200
    # resold ordinary chat mixed with the harvest: real awesome-chatgpt prompts among its requests
    assert .1 < hy["prompt"].isin(AWESOME).mean() < .6
    assert len(acc.merge(t, on="account_id").query("cohort == 'hydra_reseller'")["payment_method"].unique()) > 100
