"""The thirty-eighth independent world generator (benchmarks/world38.py, docs/WORLD38.md): its output contract.

Tiny part (a 600-account, 5-day small-ring world generated twice under different PYTHONHASHSEED, its --minimal twin,
its --format csv and --format jsonl.gz twins): columns and types, the truth covers every account, exactly
round(share * N) ring accounts, per-plan minute and day limits never exceeded, nothing before sign-up or outside the
window, time order, public parseable IPv4/IPv6 addresses (or missing), keys never shared across accounts, logging
noise (missing fields, retries, accounts that never call), byte-identical files for the same seed.
Slow part (2,000-account mixed and hydra worlds): ring size bands, every cohort and ring kind present, ring volumes,
the new benign look-alikes' legitimate sharing (forked notebook, quiz night, crisis volunteers, privacy relay,
spreadsheet add-on, moderation bot) and the new ring evasions' shapes (day-spread variants, notebook stowaways,
formula-cell laundering, account warming, two-pass active learning, app-shaped JSON mode, the hydra). Skipped without
the shared reference data. graphhunt is never run or imported."""
from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests._worlds import (
    assert_cohorts_present, assert_minimal_twin, assert_public_addresses, assert_retries,
    assert_same_events_as, assert_same_files, assert_size_bands, check_cli_events, check_cli_truth, check_paid_tokens, check_tiny_files,
    read_any_events, read_text_csv, read_world_frames, ring_kinds, ring_sizes, run_cli_worlds,
)

ROOT = Path(__file__).resolve().parents[1]
GEN = ROOT / "benchmarks" / "world38.py"
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
DAILY = {"free": 150, "build": 2000, "pro": 8000, "scale": 40000, "enterprise": 400000}
MINUTE = {"free": 6, "build": 40, "pro": 120, "scale": 400, "enterprise": 2000}
MODELS = {"cap-1", "cap-1-mini", "cap-1-think"}
START = pd.Timestamp("2026-09-14T00:00:00Z")
BENIGN = {"hobbyist", "household", "office_nat", "campus", "carrier_mobile", "vpn_user", "indie_dev", "heavy_app",
          "forked_notebook", "quiz_night", "crisis_volunteer", "privacy_relay", "sheet_addon", "moderation_bot"}
RING_KINDS = {"card_pool", "cot_harvest", "hydra_reseller", "day_spread", "notebook_stowaway", "sheet_launder",
              "warming_ramp", "active_learning", "json_mode"}

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
    import world38
    return world38


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, {"tiny": TINY, "tiny_again": TINY, "tiny_min": TINY + ["--minimal"],
                                      "tiny_csv": TINY + ["--format", "csv"],
                                      "tiny_gz": TINY + ["--format", "jsonl.gz"]},
                          tmp_path_factory.mktemp("world38_tiny"))


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return run_cli_worlds(GEN, DATA, SLOW_RUNS, tmp_path_factory.mktemp("world38"))


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
    assert pay[pay != ""].str.match(r"^(card|wal|vcc|inv)_[0-9a-f]{14}$").all()
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
        _CACHE["mixed"] = read_world_frames(worlds["mixed"])
    return _CACHE["mixed"]


def _ref():
    if "ref" not in _CACHE:
        _CACHE["ref"] = _gen().Ref(DATA)
    return _CACHE["ref"]


def _items(prompts: pd.Series, templates: list[tuple[str, str]], strip: str = "") -> pd.Series:
    """The harvest item inside each prompt: the text between a template's part before and after its slot (the
    longest matching template), ``strip`` cut from the end first."""
    ts = sorted(templates, key=lambda t: -len(t[0] + t[1]))

    def one(p: str):
        if strip and p.endswith(strip):
            p = p[:-len(strip)]
        for pre, post in ts:
            if p.startswith(pre) and p.endswith(post) and len(p) > len(pre) + len(post):
                return p[len(pre):len(p) - len(post)]
        return None
    return prompts.map(one)


def test_cohorts_present(worlds):
    meta, t, ev, acc = _mixed(worlds)
    assert_cohorts_present(meta, t, BENIGN, RING_KINDS, 6)
    assert meta["counts"]["benign_group_accounts"] > meta["counts"]["ring_accounts"]
    assert sum(c["new"] for c in meta["cohorts"].values() if not c["ring"]) >= 6
    assert sum(c["new"] for c in meta["cohorts"].values() if c["ring"]) >= 6


def test_volumes(worlds):
    meta, t, ev, acc = _mixed(worlds)
    day = ev["timestamp"].dt.floor("D")
    per = ev.groupby(["account_id", day]).size().rename("n").reset_index().merge(t, on="account_id")
    ring = per[(per["is_ring"] == "true") & (per["tier"] == "build") & (per["cohort"] != "warming_ramp")]
    # ring accounts work at a sizeable share of the build plan's 2,000 a day, some quieter
    assert ring["n"].median() > 600 and (ring["n"] < 600).mean() > .1
    benign = ev[ev["ring_id"] == ""].groupby("account_id").size()
    assert benign.median() < 60 and benign.max() > 2000                     # heavy tail: a few apps send thousands


def test_benign_lookalikes_share_legitimately(worlds):
    w38 = _gen()
    meta, t, ev, acc = _mixed(worlds)
    at = acc.merge(t, on="account_id")
    created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
    # forked notebook: the same template over the same rows from many unrelated accounts, the platform's egress
    nb = ev[(ev["cohort"] == "forked_notebook") & (ev["user_agent"] == w38.NOTEBOOK_UA)]
    assert set(nb["ip"].dropna()) <= set(meta["platform"]["notebook_egress"])
    pre, post = _ref().templates[meta["platform"]["notebook"]["dataset"]][0]
    assert nb["prompt"].str.startswith(pre).all() and nb["prompt"].str.endswith(post).all()
    assert nb["prompt"].nunique() <= 300
    senders = nb.groupby("prompt")["account_id"].nunique()
    assert senders.max() > .5 * nb["account_id"].nunique() and nb["account_id"].nunique() > 50
    na = at[at["cohort"] == "forked_notebook"]
    assert na["org_id"].eq("").all() and na["payment_method"].replace("", None).dropna().is_unique
    # quiz night: the same question from many homes and phones within minutes of it being read out
    qz = ev[(ev["cohort"] == "quiz_night") & ~ev["prompt"].isin(AWESOME)]
    g = qz.groupby("prompt").agg(a=("account_id", "nunique"), lo=("timestamp", "min"), hi=("timestamp", "max"))
    big = g[g["a"] >= 5]
    assert len(big) >= 20 and ((big["hi"] - big["lo"]) < pd.Timedelta(minutes=10)).all()
    assert len(meta["platform"]["quiz_episodes"]) >= 3
    # crisis volunteers: fresh sign-ups after the quake, one prompt, the feed's messages, a few taken twice
    cv = ev[ev["cohort"] == "crisis_volunteer"]
    quake = pd.Timestamp(meta["platform"]["crisis"]["utc"])
    assert cv["prompt"].str.startswith(w38.CRISIS_PROMPT).all()
    ca = at[at["cohort"] == "crisis_volunteer"]
    assert (created[ca["account_id"]] > quake).all()
    assert ((created[ca["account_id"]] - quake) < pd.Timedelta(days=3)).mean() > .9
    msg = cv.drop_duplicates(["account_id", "prompt"]).groupby("prompt")["account_id"].nunique()
    assert (msg == 1).mean() > .7 and (msg >= 2).any()
    assert cv["ip"].dropna().groupby(cv["account_id"]).nunique().max() == 1           # each from their own home
    # privacy relay: most requests from the relay's hourly rotating egress, each address shared by many users
    pr = ev[ev["cohort"] == "privacy_relay"].dropna(subset=["ip"])
    relay = pr["ip"].isin(set(meta["platform"]["privacy_relay_egress"]))
    assert .75 < relay.mean() < .95
    assert pr[relay].groupby("ip")["account_id"].nunique().max() >= 5
    assert pr["user_agent"].dropna().str.contains("Safari/").all()
    # spreadsheet add-on: script-server egress shared by every user, the add-on's wrapper, columns recalculated
    sh = ev[ev["cohort"] == "sheet_addon"]
    assert set(sh["ip"].dropna()) <= set(meta["platform"]["sheet_script_egress"])
    assert (sh["user_agent"].dropna() == w38.SHEETS_UA).all() and sh["prompt"].str.startswith("GridMind cell").all()
    assert sh.dropna(subset=["ip"]).groupby("ip")["account_id"].nunique().max() >= 10
    rep = sh.groupby(["account_id", "prompt"])["timestamp"].agg(lambda s: s.dt.floor("D").nunique())
    assert (rep >= 2).mean() > .1                                             # a recalculation sends the column again
    # moderation bot: one fixed classification prompt, one-word labels, each forum its own server
    mb = ev[ev["cohort"] == "moderation_bot"]
    assert mb["prompt"].str.startswith(w38.MOD_PROMPT).all() and (mb["output_tokens"].dropna() <= 3).all()
    assert (mb.dropna(subset=["ip"]).groupby("ip")["account_id"].nunique() == 1).all()
    assert (mb["user_agent"].dropna() == w38.MODBOT_UA).all() and mb["account_id"].nunique() >= 20


def test_new_ring_evasions(worlds):
    w38 = _gen()
    ref = _ref()
    meta, t, ev, acc = _mixed(worlds)
    at = acc.merge(t, on="account_id")
    rings = {r["ring_id"]: r for r in meta["rings"]}
    # day-spread variants: every request distinct; an item's variants on different UTC days from different accounts
    ds = ev[ev["cohort"] == "day_spread"]
    ds = ds.drop_duplicates(["account_id", "prompt"])                                     # retries left out
    assert ds["prompt"].is_unique
    for rid, x in ds.groupby("ring_id"):
        x = x.assign(item=_items(x["prompt"], ref.templates[rings[rid]["datasets"][0]]), day=x["timestamp"].dt.floor("D"))
        assert x["item"].notna().mean() > .99
        g = x.groupby("item").agg(n=("prompt", "size"), d=("day", "nunique"), a=("account_id", "nunique"))
        assert (g["d"] == g["n"]).all() and (g["a"] == g["n"]).all()
        assert g["n"].max() <= rings[rid]["variants_per_item"]
        if rings[rid]["variants_per_item"] >= 2:
            assert (g["n"] >= 2).mean() > .95
    # notebook stowaways: the notebook's template, egress and SDK build, rows no forker sends
    ns = ev[ev["cohort"] == "notebook_stowaway"]
    pre, post = ref.templates[meta["platform"]["notebook"]["dataset"]][0]
    assert ns["prompt"].str.startswith(pre).all() and ns["prompt"].str.endswith(post).all()
    assert set(ns["ip"].dropna()) <= set(meta["platform"]["notebook_egress"])
    assert (ns["user_agent"].dropna() == w38.NOTEBOOK_UA).all()
    assert not set(ns["prompt"]) & set(ev.loc[ev["cohort"] == "forked_notebook", "prompt"])
    # formula-cell laundering: the add-on's wrapper, user agent and egress, no column recalculated
    sl = ev[ev["cohort"] == "sheet_launder"]
    assert sl["prompt"].str.startswith("GridMind cell").all() and (sl["user_agent"].dropna() == w38.SHEETS_UA).all()
    assert set(sl["ip"].dropna()) <= set(meta["platform"]["sheet_script_egress"])
    assert sl.drop_duplicates(["account_id", "prompt"])["prompt"].is_unique
    # account warming: days of light ordinary use first, then the harvest share and the volume ramp up
    wr = ev[ev["cohort"] == "warming_ramp"]
    n_ok = 0
    for rid, x in wr.groupby("ring_id"):
        T = [tt for d in rings[rid]["datasets"] for tt in ref.templates[d]]
        x = x.assign(h=_items(x["prompt"], T).notna(), day=x["timestamp"].dt.floor("D"))
        for a, y in x.groupby("account_id"):
            f0 = y["day"].min()
            hv = y[y["h"]]
            if hv.empty:
                continue
            assert hv["day"].min() - f0 >= pd.Timedelta(days=5)
            per = y.groupby("day").agg(n=("h", "size"), s=("h", "mean"))
            assert per["n"].iloc[:5].max() < 60
            hd = per[per["s"] > 0]
            if len(hd) >= 3:
                assert hd["s"].iloc[-1] >= hd["s"].iloc[0] and hd["n"].max() > 5 * per["n"].iloc[:5].max()
                n_ok += 1
    assert n_ok >= 1
    # two-pass active learning: label-only sweep with tiny outputs, then a share re-asked with CoT by other accounts
    al = ev[ev["cohort"] == "active_learning"]
    sweep = al[al["role"] == "sweeper"]
    deli = al[al["role"] == "deliberator"]
    assert sweep["prompt"].str.endswith(w38.LABEL_ONLY).all() and (sweep["output_tokens"].dropna() <= 3).all()
    assert deli["prompt"].str.endswith(w38.COT).all() and (deli["model"] == "cap-1-think").all() and len(deli) > 0
    for rid, x in al.groupby("ring_id"):
        T = ref.templates[rings[rid]["datasets"][0]]
        s = x[x["role"] == "sweeper"]
        d = x[x["role"] == "deliberator"]
        if d.empty:
            continue
        si = pd.Series(s["timestamp"].dt.tz_convert(None).to_numpy(), index=_items(s["prompt"], T, w38.LABEL_ONLY).to_numpy())
        di = pd.Series(d["timestamp"].dt.tz_convert(None).to_numpy(), index=_items(d["prompt"], T, w38.COT).to_numpy())
        assert di.index.notna().all() and set(di.index) <= set(si.index)
        first = si.groupby(level=0).min()
        assert ((di - first.reindex(di.index).to_numpy()) >= pd.Timedelta(days=1)).all()
    # app-shaped JSON mode: a system prompt with the JSON schema on every request, a fake company per account
    jm = ev[ev["cohort"] == "json_mode"]
    msgs = jm["prompt"].map(json.loads)
    assert msgs.map(lambda m: m[0]["role"] == "system" and m[0]["content"] == w38.JSON_SYSTEM and len(m) == 2).all()
    ja = at[at["cohort"] == "json_mode"]
    assert (ja["org_id"] != "").all() and ja["org_id"].is_unique and ja["email_domain"].is_unique
    assert (jm.dropna(subset=["ip"]).groupby("ip")["account_id"].nunique() == 1).all()


def test_hydra_draw(worlds):
    meta, t, ev, acc = read_world_frames(worlds["hydra"])
    hy = ev[ev["cohort"] == "hydra_reseller"]
    assert hy["account_id"].nunique() >= .05 * N * .9
    ips = hy.dropna(subset=["ip"])
    assert ips.groupby("account_id")["ip"].nunique().max() <= 8
    assert ips["ip"].nunique() <= 190
    # resold ordinary chat mixed with the harvest: real awesome-chatgpt prompts among its requests
    assert .05 < hy["prompt"].isin(AWESOME).mean() < .4
    assert acc.merge(t, on="account_id").query("cohort == 'hydra_reseller'")["payment_method"].nunique() > 100
