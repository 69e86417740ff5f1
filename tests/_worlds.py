"""Shared checks for the independent world generators' tests (world3 to world8): they write the
same four files with the same columns."""
from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import pandas as pd
import pytest

EVENT_COLUMNS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens",
                 "api_key_id", "model"]
ACCOUNT_COLUMNS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"]
TRUTH_COLUMNS = ["account_id", "is_ring", "ring_id", "group_id", "cohort", "variant"]


def read_world(out: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """events, truth and accounts of a generated world directory."""
    return (pd.read_parquet(out / "events.parquet"), pd.read_csv(out / "truth.csv", keep_default_na=False),
            pd.read_csv(out / "accounts.csv", keep_default_na=False))


def assert_contract(ev: pd.DataFrame, truth: pd.DataFrame, ac: pd.DataFrame, accounts: int) -> None:
    """The files' columns, one row per account in accounts and truth, and no event from an unknown account."""
    assert list(ev.columns) == EVENT_COLUMNS
    assert list(ac.columns) == ACCOUNT_COLUMNS
    assert list(truth.columns) == TRUTH_COLUMNS
    assert len(ac) == accounts and ac["account_id"].is_unique and truth["account_id"].is_unique
    assert set(truth["account_id"]) == set(ac["account_id"]) >= set(ev["account_id"])


def small_world_truth(truth: pd.DataFrame, summary: dict, params: dict) -> pd.Series:
    """Checks of a ``ring_sizes="small"`` world's truth.csv; returns the ring mask."""
    ring = truth["is_ring"].astype(bool)
    assert ring.sum() == round(params["ring_share"] * params["accounts"]) == summary["ring_accounts"]
    assert (truth.loc[ring, "ring_id"] != "").all() and (truth.loc[~ring, "ring_id"] == "").all()
    assert (truth.loc[ring, "variant"] != "").all() and (truth["cohort"] != "").all()
    assert truth.groupby("ring_id").size().drop("", errors="ignore").between(3, 15).all()  # "small"
    return ring


def assert_seeded(module, params: dict, out: Path, tmp_path: Path, ref) -> None:
    """The same seed writes the same world (truth and events); another seed another one."""
    import numpy as np

    module.generate(module.Params(**params), tmp_path, ref)
    pd.testing.assert_frame_equal(pd.read_csv(out / "truth.csv"), pd.read_csv(tmp_path / "truth.csv"))
    pd.testing.assert_frame_equal(pd.read_parquet(out / "events.parquet"), pd.read_parquet(tmp_path / "events.parquet"))
    other = tmp_path / "other"
    module.generate(module.Params(**{**params, "seed": params["seed"] + 1}), other, ref)
    assert not np.array_equal(pd.read_csv(other / "truth.csv")["account_id"],
                              pd.read_csv(out / "truth.csv")["account_id"])


def generator(name: str):
    """``benchmarks/<name>.py`` imported; the calling test module is skipped without ../shared/data."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    module = pytest.importorskip(name)
    if hasattr(module, "shared_dir"):  # world8 looks for the data itself
        try:
            module.shared_dir()
        except SystemExit:
            pytest.skip("../shared/data not available", allow_module_level=True)
    elif not (module.SHARED / "prompts" / "promptsource-templates").exists():
        pytest.skip("../shared/data not available", allow_module_level=True)
    return module


def world_fixtures(module, params: dict):
    """The ``ref`` (reference data) and ``world`` (one generated world: out, summary, events, truth,
    accounts) module fixtures of a generator's tests."""

    @pytest.fixture(scope="module")
    def ref():
        try:
            return module.Ref4()
        except FileNotFoundError:
            pytest.skip("../shared/data not available")

    @pytest.fixture(scope="module")
    def world(tmp_path_factory, ref):
        out = tmp_path_factory.mktemp(module.__name__)
        summary = module.generate(module.Params(**params), out, ref)
        ev, truth, ac = read_world(out)
        return out, summary, ev, truth, ac

    return ref, world


def cli_world_fixture(module, args: list[str]):
    """The ``world`` module fixture of a generator run through its CLI (``main(args + ["--out", DIR])``):
    ``(out, world.json, events, truth, accounts)``."""
    import json

    @pytest.fixture(scope="module")
    def world(tmp_path_factory):
        out = tmp_path_factory.mktemp(module.__name__)
        module.main(args + ["--out", str(out)])
        ev, truth, ac = read_world(out)
        return out, json.loads((out / "world.json").read_text()), ev, truth, ac

    return world


def assert_same_world_again(module, args: list[str], out: Path, tmp_path: Path) -> None:
    """The generator's CLI with the same arguments writes the same truth and events again."""
    module.main(args + ["--out", str(tmp_path / "again")])
    pd.testing.assert_frame_equal(pd.read_csv(out / "truth.csv"), pd.read_csv(tmp_path / "again" / "truth.csv"))
    pd.testing.assert_frame_equal(pd.read_parquet(out / "events.parquet"),
                                  pd.read_parquet(tmp_path / "again" / "events.parquet"))


def assert_loadable(out: Path, ev: pd.DataFrame, ac: pd.DataFrame) -> None:
    """Every account signed up before its first event, every address parses, and graphhunt's loaders take
    both files as they are (all events kept)."""
    import ipaddress

    import graphhunt as gh

    first = ev.groupby("account_id")["timestamp"].min()
    created = pd.to_datetime(ac.set_index("account_id")["created_at"], utc=True)
    assert (created.reindex(first.index) <= first).all()
    for x in ev["ip"].drop_duplicates():
        ipaddress.ip_address(x)
    assert len(gh.load_events(out / "events.parquet")) == len(ev)
    gh.load_accounts(out / "accounts.csv")


# --- generators run through their CLI in a subprocess (world28 to world30): the same seed under another
# PYTHONHASHSEED must give byte-identical files, so each run is its own process ---

def run_cli_worlds(gen: Path, data: Path, runs: dict[str, list[str]], base: Path,
                   quiet: bool = True) -> dict[str, Path]:
    """Run ``gen`` (a generator script) once per entry of ``runs`` (name -> arguments), one at a time, into
    ``base / name``; a name ending in ``_again`` runs under another PYTHONHASHSEED. ``quiet``: pass ``--quiet``
    (a generator without that option prints its progress into the captured output). The output directories."""
    import os
    import subprocess

    out = {}
    for k, args in runs.items():             # one at a time: the machine is shared
        env = {**os.environ, "GRAPHHUNT_SHARED_DATA": str(data), "PYTHONHASHSEED": "7" if k.endswith("_again") else "0"}
        p = subprocess.run([sys.executable, str(gen), *args, "--out", str(base / k), *(["--quiet"] if quiet else [])],
                           env=env,
                           capture_output=True, timeout=900)
        assert p.returncode == 0, f"{gen.stem} {k} failed:\n{p.stderr.decode(errors='replace')}"
        out[k] = base / k
    return out


def sha256_of(p: Path) -> str:
    """A file's sha256 (hex)."""
    import hashlib

    return hashlib.sha256(p.read_bytes()).hexdigest()


def read_text_csv(p: Path) -> pd.DataFrame:
    """A CSV with every value as written (strings, empty for missing)."""
    return pd.read_csv(p, dtype=str, keep_default_na=False)


def ring_sizes(d: Path) -> pd.Series:
    """Accounts per ring of a world directory's truth.csv (``is_ring`` written ``true``/``false``)."""
    t = read_text_csv(d / "truth.csv")
    return t[t["is_ring"] == "true"].groupby("ring_id").size()


def ring_kinds(d: Path) -> pd.Series:
    """ring_id -> the kind (truth ``cohort``) of its members, for a world directory's rings."""
    t = read_text_csv(d / "truth.csv")
    return t[t["is_ring"] == "true"].groupby("ring_id")["cohort"].first()


def read_world_frames(d: Path) -> tuple[dict, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A Parquet world directory's ``world.json``, truth, events (with each account's ``cohort, group_id, role,
    ring_id``) and accounts (world31, world32)."""
    import json

    import pyarrow.parquet as pq

    t = read_text_csv(d / "truth.csv")
    ev = pq.read_table(d / "events.parquet").to_pandas()
    ev = ev.merge(t[["account_id", "cohort", "group_id", "role", "ring_id"]], on="account_id", how="left")
    acc = read_text_csv(d / "accounts.csv")
    return json.loads((d / "world.json").read_text()), t, ev, acc


def read_cli_events(d: Path, tokens: str = "int64", missing: tuple[str, ...] = ("payment_method",)) -> pd.DataFrame:
    """A world directory's events: the Parquet file as stored, or the CSV (``--format csv``) with ``output_tokens``
    as ``tokens``, an empty value of the ``missing`` columns as missing (others as written), and ISO-8601
    timestamps of any offset read as UTC instants."""
    import pyarrow.parquet as pq

    if (d / "events.parquet").exists():
        return pq.read_table(d / "events.parquet").to_pandas()
    ev = pd.read_csv(d / "events.csv", dtype={"output_tokens": tokens}, keep_default_na=False,
                     na_values={c: [""] for c in missing})
    ev["timestamp"] = pd.to_datetime(ev["timestamp"], utc=True, format="ISO8601")
    return ev


def read_any_events(d: Path) -> pd.DataFrame:
    """A world directory's events in any of the three formats (Parquet, CSV, JSON Lines): timestamps as UTC instants
    (ms), an empty text value as missing, ``output_tokens`` as Int64 (world31, world32)."""
    import numpy as np
    import pyarrow.parquet as pq

    if (d / "events.parquet").exists():
        ev = pq.read_table(d / "events.parquet").to_pandas()
    elif (d / "events.csv").exists():
        ev = pd.read_csv(d / "events.csv", dtype=str, keep_default_na=False)
        ev = ev.replace("", np.nan)
    else:
        ev = pd.read_json(d / "events.jsonl", lines=True, dtype=False)
    if ev["timestamp"].dtype == object or str(ev["timestamp"].dtype) in ("str", "string"):
        ev["timestamp"] = pd.to_datetime(ev["timestamp"], utc=True, format="ISO8601")
    ev["timestamp"] = ev["timestamp"].dt.as_unit("ms")
    if "output_tokens" in ev:
        ev["output_tokens"] = pd.to_numeric(ev["output_tokens"]).astype("Int64")
    return ev


def assert_same_files(a: Path, b: Path, files: tuple[str, ...]) -> None:
    """Two runs of a generator (the same seed, another PYTHONHASHSEED) wrote byte-identical ``files``;
    ``world.json`` is compared but for its ``generation_seconds``."""
    import json

    for f in files:
        if f == "world.json":
            x, y = json.loads((a / f).read_text()), json.loads((b / f).read_text())
            x.pop("generation_seconds"), y.pop("generation_seconds")
            assert x == y
        else:
            assert sha256_of(a / f) == sha256_of(b / f), f


def assert_minimal_twin(full: Path, minimal: Path, columns: list[str]) -> None:
    """A ``--minimal`` run's events are the full run's ``columns`` (the same world, fewer columns) and its
    truth.csv is the same file."""
    import pyarrow.parquet as pq

    assert pq.read_table(minimal / "events.parquet").equals(pq.read_table(full / "events.parquet", columns=columns))
    assert sha256_of(minimal / "truth.csv") == sha256_of(full / "truth.csv")


def awesome_prompts(data: Path) -> set[str]:
    """The real prompts of the shared data's awesome-chatgpt-prompts.csv (first 3,000 characters, as written)."""
    aw = pd.read_csv(data / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str, keep_default_na=False)["prompt"]
    return {p[:3000] for p in aw}


def check_cli_truth(d: Path, n: int, minimal: bool, truth_cols: list[str], account_cols: list[str],
                    minimal_account_cols: list[str], ring_kinds: set[str], benign: set[str],
                    tiers: set[str]) -> tuple[dict, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A CLI-written world's truth.csv, accounts.csv and world.json agree (world28 to world30): columns, one row
    per account, exactly round(share * n) ring accounts, rings as world.json lists them, known cohorts and tiers.
    Returns ``(meta, truth, accounts, ring rows of truth)``."""
    import json

    truth = read_text_csv(d / "truth.csv")
    assert list(truth.columns) == truth_cols
    assert truth["account_id"].is_unique and len(truth) == n
    acc = read_text_csv(d / "accounts.csv")
    assert list(acc.columns) == (minimal_account_cols if minimal else account_cols)
    assert set(acc["account_id"]) == set(truth["account_id"]) and acc["account_id"].is_unique
    meta = json.loads((d / "world.json").read_text())
    ring = truth[truth["is_ring"] == "true"]
    assert set(truth["is_ring"]) <= {"true", "false"}
    assert (ring["ring_id"] != "").all() and (truth.loc[truth["is_ring"] == "false", "ring_id"] == "").all()
    assert len(ring) == round(meta["params"]["ring_share"] * n) == meta["counts"]["ring_accounts"]
    assert ring["ring_id"].nunique() == meta["counts"]["rings"] == len(meta["rings"])
    assert set(ring["cohort"]) <= ring_kinds and set(truth.loc[truth["is_ring"] == "false", "cohort"]) <= benign
    assert (ring["group_id"] == ring["ring_id"]).all()
    assert (ring.groupby("ring_id")["cohort"].nunique() == 1).all()
    sizes, kinds = ring.groupby("ring_id").size(), ring.groupby("ring_id")["cohort"].first()
    for r in meta["rings"]:
        assert sizes[r["ring_id"]] == r["size"] and kinds[r["ring_id"]] == r["kind"]
        assert r["signals_kept"] and r["evasions"] and r["sophistication"] in ("crude", "mid", "careful")
    assert (ring["sophistication"] != "").all() and (truth.loc[truth["is_ring"] == "false", "sophistication"] == "").all()
    assert set(truth["tier"]) <= tiers
    return meta, truth, acc, ring


def check_tiny_files(d: Path, ev: pd.DataFrame, meta: dict, gen: Path) -> None:
    """A CLI-written tiny small-ring world (world28 to world31): the Parquet schema (millisecond UTC timestamps,
    integer output tokens, text ids), rings of 3-15 accounts, some events with a payment method and some
    without, more benign grouped accounts than ring accounts, the generator's own sha256 and the shared
    reference files it read, each with its sha256."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(d / "events.parquet")
    assert str(schema.field("timestamp").type) == "timestamp[ms, tz=UTC]"
    assert str(schema.field("output_tokens").type) == "int64"
    for c in ("account_id", "ip", "payment_method", "prompt", "user_agent", "model", "api_key_id"):
        assert str(schema.field(c).type) == "string", c
    sizes = ring_sizes(d)
    assert len(sizes) >= 2 and sizes.between(3, 15).all()
    assert ev["payment_method"].isna().any() and ev["payment_method"].notna().any()
    assert meta["counts"]["benign_group_accounts"] > meta["counts"]["ring_accounts"]
    assert meta["generator_sha256"] == sha256_of(gen)
    files = meta["reference_data"]["files"]
    assert "prompts/awesome-chatgpt-prompts.csv" in files and sum(f.endswith("templates.yaml") for f in files) > 200
    assert {"ip/pyasn/ipasn_20140513.dat.gz", "ip/tor/tor-exit-nodes.lst", "ip/vpn/x4b_vpn_ipv4.txt"} <= set(files)
    assert all(len(v) == 64 for v in files.values())


def check_cli_events(ev: pd.DataFrame, truth: pd.DataFrame, meta: dict, n: int, start: pd.Timestamp,
                     daily: dict, minute: dict) -> pd.Series:
    """A CLI-written world's events agree with its truth and world.json (world28 to world31): accounts of the
    truth file, event and account counts per cohort, UTC timestamps in time order inside the window from
    ``start``, and no account above its plan's ``daily`` or ``minute`` limit (refused requests are not logged).
    Returns each account's tier."""
    assert set(ev["account_id"].unique()) <= set(truth["account_id"])
    assert meta["counts"]["events"] == len(ev) and sum(c["events"] for c in meta["cohorts"].values()) == len(ev)
    assert sum(c["accounts"] for c in meta["cohorts"].values()) == n
    # time: UTC, sorted, inside the window
    assert str(ev["timestamp"].dt.tz) == "UTC" and ev["timestamp"].is_monotonic_increasing
    first, days = pd.Timestamp(meta["params"]["start"]), meta["params"]["days"]
    assert first == start
    assert ev["timestamp"].min() >= first and ev["timestamp"].max() < first + pd.Timedelta(days=days)
    # limits (UTC day, UTC minute)
    tier = truth.set_index("account_id")["tier"]
    for unit, lim in (("D", daily), ("min", minute)):
        per = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor(unit)]).size()
        cap = tier.map(lim).reindex(per.index.get_level_values(0)).to_numpy()
        assert (per.to_numpy() <= cap).all(), unit
    assert meta["platform"]["daily_limits"] == daily and meta["platform"]["minute_limits"] == minute
    return tier


def check_paid_tokens(ev: pd.DataFrame, acc: pd.DataFrame, tier: pd.Series, free: str) -> pd.Series:
    """Accounts of the ``free`` tier have no payment method; every other account has one, on every event of
    its own. Returns the accounts file's payment method per account."""
    pay = acc.set_index("account_id")["payment_method"]
    evp = ev.groupby("account_id")["payment_method"].agg(["count", "nunique", "first"])
    unpaid = tier[tier == free].index
    assert (pay[unpaid] == "").all() and (evp.loc[evp.index.isin(unpaid), "count"] == 0).all()
    paid = evp[~evp.index.isin(unpaid)]
    assert (paid["nunique"] == 1).all() and (paid["first"] == pay[paid.index]).all()
    assert (pay[tier[tier != free].index] != "").all()
    return pay


def local_offsets(raw: pd.Series, min_zones: int) -> set[str]:
    """A text twin's timestamps as written: ISO 8601 to the millisecond, some in UTC (``Z``) and the others with
    at least ``min_zones`` local offsets, not only ``+00:00``. Returns the offsets."""
    assert raw.str.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$").all()
    offs = set(raw.str[-6:][~raw.str.endswith("Z")])
    assert raw.str.endswith("Z").any() and len(offs) >= min_zones and offs - {"+00:00"}      # local zones
    return offs


def assert_same_events_as(full: Path, twin: Path, ev: pd.DataFrame) -> None:
    """A text twin (``--format csv`` / ``jsonl``) of a Parquet world names the same instants and holds the same
    values (missing where the Parquet file has none), and its truth and accounts files are the same files."""
    import pyarrow.parquet as pq

    ref = pq.read_table(full / "events.parquet").to_pandas()
    assert (ev["timestamp"].to_numpy() == ref["timestamp"].to_numpy()).all()      # the same instants
    for c in ("account_id", "prompt", "model", "api_key_id"):
        assert (ev[c].to_numpy() == ref[c].to_numpy()).all(), c
    for c in ("ip", "user_agent", "payment_method"):
        assert ev[c].fillna("<na>").equals(ref[c].fillna("<na>")), c
    assert (ev["output_tokens"].astype("Float64").fillna(-1).to_numpy().tolist()
            == ref["output_tokens"].astype("Float64").fillna(-1).to_numpy().tolist())
    assert sha256_of(twin / "truth.csv") == sha256_of(full / "truth.csv")
    assert sha256_of(twin / "accounts.csv") == sha256_of(full / "accounts.csv")


def assert_public_addresses(ev: pd.DataFrame) -> None:
    """Every logged client address parses and is public (global unicast), and some are IPv6."""
    v6 = 0
    for ip in ev["ip"].dropna().unique():
        a = ipaddress.ip_address(ip)
        v6 += a.version == 6
        assert a.is_global and not (a.is_private or a.is_loopback or a.is_link_local or a.is_multicast
                                    or a.is_reserved or a.is_unspecified), ip
    assert v6 > 0                                                # carriers' IPv6 privacy addresses


def assert_retries(ev: pd.DataFrame, meta: dict) -> None:
    """Duplicated retries: some account sends the same prompt again within a few seconds, as world.json says."""
    srt = ev.sort_values(["account_id", "timestamp"], kind="stable")
    gap = srt["timestamp"].diff().dt.total_seconds()
    rep = (srt["account_id"] == srt["account_id"].shift()) & (srt["prompt"] == srt["prompt"].shift()) & gap.between(0, 9)
    assert rep.sum() > 0 and meta["counts"]["retry_duplicates_drawn"] > 0


def assert_full_columns(ev: pd.DataFrame, acc: pd.DataFrame, tier: pd.Series, meta: dict, models: set,
                        new_model: str) -> None:
    """A full-column draw: no request before sign-up, output tokens and user agents sometimes missing and in range,
    every request with a model and a key, each account's plan its tier, keys never shared across accounts, and
    ``new_model`` never before its release."""
    created = pd.to_datetime(acc.set_index("account_id")["created_at"], utc=True)
    first = ev.groupby("account_id")["timestamp"].min()
    assert (first >= created[first.index]).all()
    tok = ev["output_tokens"].dropna()
    assert ev["output_tokens"].isna().any() and (tok >= 1).all() and (tok <= 16384).all()
    assert ev["user_agent"].isna().any() and ev["user_agent"].notna().mean() > .95
    assert ev["model"].notna().all() and ev["api_key_id"].notna().all() and set(ev["model"]) <= models
    assert (acc.set_index("account_id")["plan"].reindex(tier.index) == tier).all()
    assert (ev.groupby("api_key_id")["account_id"].nunique() == 1).all()   # a key is never shared across accounts
    rel = pd.Timestamp(meta["platform"]["model_release"][new_model])
    assert (ev.loc[ev["model"] == new_model, "timestamp"] >= rel).all()


def assert_draw_sizes(worlds: dict, n: int, mixed_top: int, hydra_hi: float) -> None:
    """The 2,000-account draws of worlds 31 on: the mixed one holds 400 ring accounts in the bands of
    :func:`assert_size_bands` (up to ``mixed_top``), the hydra one 200, of which one or two ``hydra_reseller`` rings
    of 2.5 % to ``hydra_hi`` of ``n`` accounts and the rest in rings of 3-60."""
    mixed = ring_sizes(worlds["mixed"])
    assert mixed.sum() == 400
    assert_size_bands(mixed, mixed_top, .05)
    hydra = ring_sizes(worlds["hydra"])
    kinds = ring_kinds(worlds["hydra"])
    assert hydra.sum() == 200
    hy = hydra[kinds[kinds == "hydra_reseller"].index]
    assert len(hy) in (1, 2) and hy.between(round(.025 * n), round(hydra_hi * n)).all()
    assert hydra.drop(hy.index).between(3, 60).all()


def assert_cohorts_present(meta: dict, truth: pd.DataFrame, benign: set, ring_kinds_: set, new_evasions: int,
                           marks: tuple = ("*new*", "*invented*")) -> None:
    """Every benign cohort and ring kind of a world is in its draw, each cohort with events, rings of the three
    sophistications, and at least ``new_evasions`` rings with an evasion carrying one of ``marks``."""
    assert set(truth.loc[truth["is_ring"] == "false", "cohort"]) == benign
    assert set(truth.loc[truth["is_ring"] == "true", "cohort"]) == ring_kinds_
    assert all(c["events"] > 0 for c in meta["cohorts"].values())
    assert {"crude", "mid", "careful"} == {r["sophistication"] for r in meta["rings"]}
    assert sum(any(m in e for m in marks for e in r["evasions"]) for r in meta["rings"]) >= new_evasions


def assert_size_bands(sizes: pd.Series, top: int, tol: float) -> None:
    """A mixed world's ring sizes: 3 to ``top`` accounts, at least one ring of 61 or more, and half of the ring
    accounts in rings of 3-15, 30 % in 16-60, 20 % in 61-``top`` (each within ``tol``)."""
    R = sizes.sum()
    assert sizes.between(3, top).all() and sizes.max() >= 61
    s, m, big = (sizes[sizes.between(3, 15)].sum() / R, sizes[sizes.between(16, 60)].sum() / R,
                 sizes[sizes.between(61, top)].sum() / R)
    assert abs(s - .5) < tol and abs(m - .3) < tol and abs(big - .2) < tol, (s, m, big)
