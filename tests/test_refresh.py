"""Scheduled refresh: stable ring ids, lineage, idempotency, crash safety, locking, corrupt state."""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import graphhunt as gh
from graphhunt.cli import app
from graphhunt.errors import EXIT_INPUT, EXIT_LOCKED, EXIT_STATE, InputError, StateCorruptError, StateLockedError, StateWriteError
from graphhunt.refresh import CHANGE_COLUMNS, StateLock, match_rings, read_state, refresh

ROOT = Path(__file__).resolve().parents[1]
DAY = 86400
T0 = int(pd.Timestamp("2026-10-01", tz="UTC").value // 10**9)
WORDS = ("apple banana river mountain code python data cloud music art history science robot ocean planet "
         "city garden winter summer travel").split()


def make_world(seed: int = 0, n_benign: int = 120, rings=(10, 8, 6), days: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Benign users with free-text prompts and private IPs; rings sharing proxies, a card and a template.

    Every ring is active on every day, so any time slice sees all rings.
    """
    rng = np.random.default_rng(seed)
    rows, accs = [], []

    def free(n):
        return " ".join(rng.choice(WORDS, n))

    for i in range(n_benign):
        a = f"u{i:04d}"
        accs.append((a, f"pm-u{i}", pd.Timestamp(T0 - int(rng.integers(400 * DAY)), unit="s", tz="UTC")))
        ip = f"10.{i % 200}.{rng.integers(255)}.{rng.integers(255)}"
        for _ in range(int(rng.integers(4, 12))):
            rows.append((a, T0 + int(rng.integers(days * DAY)), ip, f"Tell me about {free(5)} and {free(4)}",
                         "Mozilla/5.0", int(rng.integers(100, 400))))
    for r, size in enumerate(rings):
        pool = [f"203.0.{113 + r}.{k}" for k in range(4)]
        for i in range(size):
            a = f"ring{r}-{i:02d}"
            accs.append((a, f"pm-ring{r}" if i % 2 == 0 else f"pm-ring{r}-{i}",
                         pd.Timestamp(T0 - 3 * DAY + int(rng.integers(20000)), unit="s", tz="UTC")))
            for d in range(days):
                for _ in range(int(rng.integers(15, 25))):
                    rows.append((a, T0 + d * DAY + int(rng.integers(DAY)), pool[rng.integers(4)],
                                 f"Ring{r} task {rng.integers(10**6)}: solve item {rng.integers(10**4)} about "
                                 f"{free(2)} using method {r} step by step and explain your reasoning in detail",
                                 f"python-requests/2.{r}", int(rng.integers(1500, 3000))))
    ev = pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "prompt", "user_agent", "output_tokens"])
    ev["timestamp"] = pd.to_datetime(ev["timestamp"], unit="s", utc=True)
    ac = pd.DataFrame(accs, columns=["account_id", "payment_method", "created_at"])
    return ev, ac


def write_slices(tmp: Path, ev: pd.DataFrame, n: int) -> list[Path]:
    edges = pd.date_range(ev["timestamp"].min(), ev["timestamp"].max() + pd.Timedelta(seconds=1), periods=n + 1)
    out = []
    for i in range(n):
        s = ev[(ev["timestamp"] >= edges[i]) & (ev["timestamp"] < edges[i + 1])].copy()
        s["timestamp"] = s["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        p = tmp / f"slice{i}.csv"
        s.to_csv(p, index=False)
        out.append(p)
    return out


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("world")
    ev, ac = make_world()
    slices = write_slices(tmp, ev, 4)
    acp = tmp / "accounts.csv"
    ac.assign(created_at=ac["created_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")).to_csv(acp, index=False)
    return {"dir": tmp, "slices": slices, "accounts": acp, "events": ev}


def planted(acc: pd.DataFrame) -> dict[str, set]:
    """ring name -> set of stable ring ids its members got."""
    a = acc[acc["account_id"].str.startswith("ring")]
    return {r: set(g["ring_id"]) for r, g in a.groupby(a["account_id"].str.split("-").str[0])}


def _detect_families(prompts: pd.Series, acc: np.ndarray, pc) -> tuple[np.ndarray, pd.DataFrame]:
    """``detect``'s template families of ``prompts`` under the prompt settings ``pc`` (``Config().prompts``)."""
    from graphhunt.links.prompts import family_options, template_families

    return template_families(prompts, acc, **family_options(pc))


# ----------------------------------------------------------------------------- ring matching (constructed cases)


def _s(d: dict) -> pd.Series:
    return pd.Series({a: r for r, members in d.items() for a in members}, dtype=object)


def test_match_rings_continuation_new_and_dissolved():
    prev = _s({"ring-000001": list("abcde"), "ring-000002": list("xyz")})
    new = _s({10: list("abcdef"), 11: list("pqr")})
    ids, ch, nxt = match_rings(prev, new, [10, 11], 3)
    assert ids == {10: "ring-000001", 11: "ring-000003"} and nxt == 4
    assert list(ch.columns) == CHANGE_COLUMNS
    by = ch.set_index("change")
    assert by.loc["grew", "ring_id"] == "ring-000001" and by.loc["grew", "members_added"] == 1
    assert by.loc["grew", "added_accounts"] == "f"
    assert by.loc["new", "ring_id"] == "ring-000003" and by.loc["new", "members_after"] == 3
    assert by.loc["dissolved", "ring_id"] == "ring-000002" and by.loc["dissolved", "members_removed"] == 3


def test_match_rings_shrank_and_unchanged():
    prev = _s({"ring-000001": list("abcdef"), "ring-000002": list("xyzw")})
    new = _s({0: list("abcd"), 1: list("xyzw")})
    ids, ch, _ = match_rings(prev, new, [0, 1], 3)
    assert ids == {0: "ring-000001", 1: "ring-000002"}
    assert ch["change"].tolist() == ["shrank"]  # an identical ring is not a change
    assert ch.iloc[0]["removed_accounts"] == "e;f"


def test_match_rings_flag_changes():
    """A ring that keeps its members (or continues one to one) but gains or loses its flag is a change a
    scheduled job must see."""
    prev = _s({"ring-000001": list("abcdef"), "ring-000002": list("xyzw"), "ring-000003": list("klm")})
    new = _s({0: list("abcd"), 1: list("xyzw"), 2: list("klm")})
    info = pd.DataFrame({"size": [4, 4, 3], "risk_score": [0.9, 0.2, 0.5], "flagged": [True, False, False],
                         "reasons": ["TEMPLATE_REUSE;HIGH_VOLUME", "TEMPLATE_REUSE;ONE_EPISODE", ""]},
                        index=[0, 1, 2])
    was = {"ring-000001": True, "ring-000002": True, "ring-000003": False}
    ids, ch, _ = match_rings(prev, new, [0, 1, 2], 4, info=info, prev_flagged=was)
    assert ch[["ring_id", "change"]].values.tolist() == [["ring-000001", "shrank"], ["ring-000002", "unflagged"]]
    row = ch.iloc[1]
    assert row["from_ids"] == row["to_ids"] == "ring-000002" and not row["flagged"] and row["risk_score"] == 0.2
    # the row says why the ring no longer scores: its reason codes now
    assert row["reasons"] == "TEMPLATE_REUSE;ONE_EPISODE" and ch.iloc[0]["reasons"] == "TEMPLATE_REUSE;HIGH_VOLUME"
    _, ch, _ = match_rings(prev, new, [0, 1, 2], 4, info=info.drop(columns="reasons"), prev_flagged=was)
    assert (ch["reasons"] == "").all()  # callers without reasons: an empty column
    was["ring-000003"] = None  # falsy: now flagged is a change
    info.loc[2, "flagged"] = True
    _, ch, _ = match_rings(prev, new, [0, 1, 2], 4, info=info, prev_flagged=was)
    assert ch["change"].tolist() == ["shrank", "unflagged", "flagged"]
    _, ch, _ = match_rings(prev, new, [0, 1, 2], 4, info=info)  # no previous flags known: as before
    assert ch["change"].tolist() == ["shrank"]
    # an unflagged ring splits, its new piece is flagged; and a brand-new flagged ring
    prev = _s({"ring-000001": list("abcdefgh")})
    new = _s({0: list("abcde"), 1: list("fgh"), 2: list("pqr")})
    info = pd.DataFrame({"size": [5, 3, 3], "risk_score": [0.1, 0.9, 0.8], "flagged": [False, True, True]},
                        index=[0, 1, 2])
    ids, ch, _ = match_rings(prev, new, [0, 1, 2], 2, info=info, prev_flagged={"ring-000001": False})
    assert ids == {0: "ring-000001", 1: "ring-000002", 2: "ring-000003"}
    got = ch[["ring_id", "change", "from_ids"]].values.tolist()
    assert ["ring-000002", "flagged", "ring-000001"] in got and ["ring-000003", "flagged", ""] in got
    assert ["ring-000003", "new", ""] in got and ["ring-000001", "split", "ring-000001"] in got
    assert not (ch["change"] == "unflagged").any()


def test_match_rings_a_flagged_ring_that_dissolves_is_unflagged():
    """A QA pass of session 64: a flagged ring whose members are in no ring now got only a ``dissolved`` row
    (flagged False), so a job that follows ``unflagged`` rows missed a watched ring that was gone. It gets an
    ``unflagged`` row too; an unflagged ring that dissolves gets only its ``dissolved`` row."""
    prev = _s({"ring-000001": list("abc"), "ring-000002": list("xyz"), "ring-000003": list("pqrs")})
    new = _s({0: list("pqrs")})
    info = pd.DataFrame({"size": [4], "risk_score": [0.9], "flagged": [True]}, index=[0])
    was = {"ring-000001": True, "ring-000002": False, "ring-000003": True}
    _, ch, _ = match_rings(prev, new, [0], 4, info=info, prev_flagged=was)
    got = ch[["ring_id", "change", "from_ids", "to_ids", "flagged"]].values.tolist()
    assert sorted(got) == [["ring-000001", "dissolved", "ring-000001", "", False],
                           ["ring-000001", "unflagged", "ring-000001", "", False],
                           ["ring-000002", "dissolved", "ring-000002", "", False]]
    row = ch[ch["change"] == "unflagged"].iloc[0]
    assert row["members_before"] == 3 and row["members_after"] == 0
    _, ch, _ = match_rings(prev, new, [0], 4, info=info)  # no previous flags known: as before
    assert sorted(ch["change"]) == ["dissolved", "dissolved"]


def test_refresh_reports_a_ring_that_lost_its_flag(world, tmp_path):
    """A ring that continues but is no longer flagged (here: a stricter threshold in the next run) gets an
    ``unflagged`` row in changes.csv; before, a ring whose members did not change said nothing."""
    from graphhunt.config import load_config

    sd = tmp_path / "state"
    r1 = refresh(sd, world["slices"][0], world["accounts"], report=False)
    flagged = set(r1.result.rings.loc[r1.result.rings["flagged"], "ring_id"])
    assert flagged
    cfg = load_config(None).with_overrides({"scoring.threshold": 0.99999})
    r2 = refresh(sd, world["slices"][1], world["accounts"], config=cfg, report=False)
    ring2 = r2.result.rings.set_index("ring_id")
    kept = flagged & set(ring2.index)
    assert kept and not ring2.loc[sorted(kept), "flagged"].any()
    ch = pd.read_csv(sd / "output" / "changes.csv", keep_default_na=False)
    assert set(ch.loc[ch["change"] == "unflagged", "ring_id"]) == kept, ch
    # each unflagged row carries the ring's reason codes from this run's rings.csv
    unf = ch[ch["change"] == "unflagged"].set_index("ring_id")["reasons"]
    assert unf.to_dict() == ring2.loc[unf.index, "reasons"].to_dict()
    assert unf.str.len().gt(0).any()
    r3 = refresh(sd, world["slices"][2], world["accounts"], report=False)  # the default threshold again
    ch = pd.read_csv(sd / "output" / "changes.csv")
    back = set(r3.result.rings.loc[r3.result.rings["flagged"], "ring_id"]) & kept
    assert back and back <= set(ch.loc[ch["change"] == "flagged", "ring_id"]), ch


def test_match_rings_merge_lineage():
    prev = _s({"ring-000001": list("abcdefgh"), "ring-000002": list("pqrst")})
    new = _s({0: list("abcdefghpqrst")})
    ids, ch, nxt = match_rings(prev, new, [0], 3)
    assert ids[0] == "ring-000001"  # the larger contributor keeps its id
    assert nxt == 3
    assert ch["change"].tolist() == ["merged"]
    row = ch.iloc[0]
    assert row["from_ids"] == "ring-000001;ring-000002" and row["to_ids"] == "ring-000001"
    assert row["members_before"] == 13 and row["members_after"] == 13


def test_match_rings_split_lineage():
    prev = _s({"ring-000007": list("abcdefghij")})
    new = _s({0: list("abcdef"), 1: list("ghij")})
    ids, ch, nxt = match_rings(prev, new, [0, 1], 8)
    assert ids == {0: "ring-000007", 1: "ring-000008"} and nxt == 9
    assert ch["change"].tolist() == ["split"]
    assert ch.iloc[0]["from_ids"] == "ring-000007" and ch.iloc[0]["to_ids"] == "ring-000007;ring-000008"


def test_match_rings_small_overlap_is_not_lineage():
    prev = _s({"ring-000001": list("abcdefghijkl")})
    new = _s({0: list("abcdefghijk"), 1: ["l", "m", "n", "o", "p", "q", "r"]})
    ids, ch, _ = match_rings(prev, new, [0, 1], 2)
    assert ids[1] == "ring-000002"
    assert sorted(ch["change"]) == ["new", "shrank"]


# ----------------------------------------------------------------------------- end to end


def test_ids_stable_across_refreshes_and_agree_with_detect(world, tmp_path):
    sd = tmp_path / "state"
    seen = []
    for i, p in enumerate(world["slices"]):
        rr = refresh(sd, p, world["accounts"])
        assert rr.applied and rr.generation == i + 1
        seen.append(planted(rr.result.accounts))
        if i == 0:
            assert set(rr.changes["change"]) == {"new"}
    # every planted ring is one ring with one id, the same id in every generation
    for name in seen[0]:
        ids = [s[name] for s in seen]
        assert all(len(x) == 1 and "" not in x for x in ids), (name, ids)
        assert len(set.union(*ids)) == 1, (name, ids)
    last = rr.result
    # later generations do not report the planted rings as new
    assert not set(rr.changes.loc[rr.changes["change"] == "new", "ring_id"]) & set.union(*seen[-1].values())
    # same flagged rings as a full detect over everything
    ev = pd.concat([gh.load_events(p) for p in world["slices"]], ignore_index=True)
    det = gh.detect(ev, gh.load_accounts(world["accounts"]))
    f = det.accounts[det.accounts["flagged"]]
    assert len(f) >= 20
    m = f[["account_id", "ring_id"]].merge(last.accounts[["account_id", "ring_id"]], on="account_id",
                                          suffixes=("_full", "_ref"))
    # rings correspond one to one: each full ring maps to one refresh ring
    agree = m.groupby("ring_id_full")["ring_id_ref"].agg(lambda s: s.value_counts().iloc[0]).sum() / len(m)
    assert agree >= 0.95
    # outputs as detect plus changes.csv
    out = sd / "output"
    for name in ("accounts.csv", "rings.csv", "edges.parquet", "shared.csv", "templates.csv", "hubs.csv",
                 "changes.csv", "run.json"):
        assert (out / name).exists(), name
    rings = pd.read_csv(out / "rings.csv")
    assert rings["ring_id"].str.match(r"^ring-\d{6}$").all()
    assert json.loads((out / "run.json").read_text())["refresh"]["generation"] == 4
    # the report carries the stable ids and the changes since the previous run
    html = (out / "report.html").read_text(encoding="utf-8")
    top = rings.sort_values("risk_score", ascending=False).iloc[0]["ring_id"]
    assert f'<section class="ring" id="{top}"' in html
    if len(rr.changes):
        assert "Changes since the previous run" in html


def _snapshot(sd: Path) -> dict:
    files = {}
    for p in sorted(sd.rglob("*")):
        if p.is_file() and p.name != ".lock":
            files[str(p.relative_to(sd))] = p.read_bytes()
    return files


def test_idempotent_same_input_and_overlapping_input(world, tmp_path):
    sd = tmp_path / "state"
    refresh(sd, world["slices"][0], world["accounts"])
    before = _snapshot(sd)
    rr = refresh(sd, world["slices"][0], world["accounts"])
    assert not rr.applied and rr.generation == 1
    assert _snapshot(sd) == before
    # the same events under another file name (e.g. a replayed export): all duplicates, nothing changes
    copy = tmp_path / "replay.csv"
    df = pd.read_csv(world["slices"][0]).sample(frac=1.0, random_state=1)  # reordered rows
    df.to_csv(copy, index=False)
    rr = refresh(sd, copy, world["accounts"])
    assert not rr.applied and rr.duplicate_events == len(df)
    assert _snapshot(sd) == before
    # an overlapping slice: only the unseen events are added
    both = pd.concat([pd.read_csv(world["slices"][0]), pd.read_csv(world["slices"][1])])
    both.to_csv(tmp_path / "both.csv", index=False)
    rr = refresh(sd, tmp_path / "both.csv", world["accounts"])
    assert rr.applied and rr.new_events == len(pd.read_csv(world["slices"][1]))
    assert rr.duplicate_events == len(pd.read_csv(world["slices"][0]))


def test_repr_is_one_line_not_the_tables(world, tmp_path):
    """In a notebook `rr` shows a summary (a fresh-eyes tester, session 52: the dataclass repr printed the
    whole changes table and every table of the result)."""
    sd = tmp_path / "state"
    rr = refresh(sd, world["slices"][0], world["accounts"])
    text = repr(rr)
    assert "\n" not in text and len(text) < 600, text
    assert text.startswith("<RefreshResult: generation 1") and f"+{rr.new_events:,} events" in text
    assert f"{len(rr.changes):,} ring changes" in text and "<DetectionResult:" in text
    again = repr(refresh(sd, world["slices"][0], world["accounts"]))
    assert again.startswith("<RefreshResult: nothing new, generation 1") and "\n" not in again


def test_replay_is_deterministic(world, tmp_path):
    res = []
    for k in range(2):
        sd = tmp_path / f"s{k}"
        for p in world["slices"][:2]:
            rr = refresh(sd, p, world["accounts"])
        res.append((rr.run_id, pd.read_csv(sd / "output" / "accounts.csv"), pd.read_csv(sd / "output" / "changes.csv")))
    assert res[0][0] == res[1][0]
    pd.testing.assert_frame_equal(res[0][1], res[1][1])
    pd.testing.assert_frame_equal(res[0][2], res[1][2])


def test_retention_window_relative_to_newest_event(world, tmp_path):
    sd = tmp_path / "state"
    refresh(sd, world["slices"][0], world["accounts"], retention_days=3)
    # slice 3 starts days after slice 0 ends: more than half the 3-day window ahead, refused unless allowed
    with pytest.raises(InputError, match=r"more than half the retention window.*--allow-jump"):
        refresh(sd, world["slices"][3], world["accounts"])
    rr = refresh(sd, world["slices"][3], world["accounts"], allow_jump=True)  # the state remembers its window
    ev0 = pd.read_csv(world["slices"][0])
    assert rr.dropped_by_retention == len(ev0)
    st = read_state(sd)
    assert st.manifest["retention_days"] == 3
    assert all(Path(s["file"]).name != "events-000001.parquet" for s in st.manifest["segments"])
    newest = pd.read_csv(world["slices"][3])["timestamp"].max()
    assert st.manifest["window_start_ts"] == int(pd.Timestamp(newest).value // 10**9) - 3 * DAY
    kept = pd.concat([pd.read_parquet(sd / s["file"]) for s in st.manifest["segments"]])
    assert (kept["timestamp"] >= pd.Timestamp(st.manifest["window_start_ts"], unit="s", tz="UTC")).all()
    assert "prompt" not in kept.columns  # no raw prompt text in the state
    # the aged-out evidence file is kept one generation (for a manual roll-back), then deleted:
    # the state does not grow without bound
    assert (sd / "segments" / "events-000001.parquet").exists()
    refresh(sd, world["slices"][2], world["accounts"])
    assert not (sd / "segments" / "events-000001.parquet").exists()


def test_a_shorter_retention_that_ages_out_stored_events_is_warned_about(world, tmp_path, caplog):
    """A tester: a cron line with ``--retention-days 3`` where 30 was meant aged out most of the stored
    evidence with exit 0 and, under --quiet, nothing on stderr; the state then keeps the shorter window
    for every later run. Now a run whose shorter window drops stored events says so (a warning, shown
    under --quiet); the same window again, a longer one, or a shorter one that drops nothing says nothing."""
    sd = tmp_path / "state"
    refresh(sd, world["slices"][0], world["accounts"], report=False)
    refresh(sd, world["slices"][1], world["accounts"], report=False)
    with caplog.at_level("WARNING", logger="graphhunt.refresh"):
        refresh(sd, world["slices"][1], world["accounts"], retention_days=60, report=False)  # longer
        refresh(sd, world["slices"][1], world["accounts"], retention_days=40, report=False)  # drops nothing
    assert "retention window shrinks" not in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="graphhunt.refresh"):
        rr = refresh(sd, world["slices"][1], world["accounts"], retention_days=2, report=False)
    assert rr.applied and rr.dropped_by_retention > 0
    assert "shrinks from 40 to 2 days" in caplog.text and f"{rr.dropped_by_retention} stored event(s)" in caplog.text, \
        caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="graphhunt.refresh"):
        rr = refresh(sd, world["slices"][2], world["accounts"], report=False, allow_jump=True)  # the state's 2 days
    assert rr.dropped_by_retention > 0  # aging as usual, under the window the state keeps
    assert "retention window shrinks" not in caplog.text


def test_a_far_future_event_is_refused_and_the_state_kept(world, tmp_path):
    """Retention counts back from the newest event: one event dated 2099 used to age out the whole
    state with exit 0. Now the refresh stops (exit 2, naming the dates) and the state is unchanged."""
    sd = tmp_path / "state"
    refresh(sd, world["slices"][0], world["accounts"])
    before = read_state(sd).manifest
    bad = pd.read_csv(world["slices"][1]).head(1).assign(timestamp="2099-01-01T00:00:00Z")
    bad.to_csv(tmp_path / "future.csv", index=False)
    r = CliRunner().invoke(app, ["refresh", str(tmp_path / "future.csv"), "--state", str(sd), "--no-report"])
    assert r.exit_code == 2 and "up to 2099-01-01 00:00" in r.output and "--allow-jump" in r.output, r.output
    after = read_state(sd).manifest
    assert after["generation"] == before["generation"] and after["segments"] == before["segments"]
    rr = refresh(sd, world["slices"][1], world["accounts"])  # the normal next slice still applies
    assert rr.applied and rr.dropped_by_retention == 0


def test_far_future_guard_on_a_first_run_and_with_another_retention(world, tmp_path):
    """The guard held only when a state existed and --retention-days was unchanged: a first slice
    with one 2099 row poisoned the state for good, and --retention-days 31 let the row through."""
    first = pd.concat([pd.read_csv(world["slices"][0]),
                       pd.read_csv(world["slices"][1]).head(1).assign(timestamp="2099-01-01T00:00:00Z")])
    first.to_csv(tmp_path / "first.csv", index=False)
    r = CliRunner().invoke(app, ["refresh", str(tmp_path / "first.csv"), "--state", str(tmp_path / "s1"),
                                 "--no-report"])
    assert r.exit_code == 2 and "after the rest of this slice" in r.output and "2099-01-01" in r.output, r.output
    assert not (tmp_path / "s1" / "manifest.json").exists()
    sd = tmp_path / "s2"
    refresh(sd, world["slices"][0], world["accounts"])
    before = read_state(sd).manifest
    bad = pd.read_csv(world["slices"][1]).head(1).assign(timestamp="2099-01-01T00:00:00Z")
    bad.to_csv(tmp_path / "future.csv", index=False)
    r = CliRunner().invoke(app, ["refresh", str(tmp_path / "future.csv"), "--state", str(sd), "--no-report",
                                 "--retention-days", "31"])
    assert r.exit_code == 2 and "newest stored event" in r.output, r.output
    assert read_state(sd).manifest["segments"] == before["segments"]
    # an ordinary first slice is not refused
    rr = refresh(tmp_path / "s3", world["slices"][0], world["accounts"])
    assert rr.applied


def test_a_dataframe_slice_is_stored_as_its_file_would_be(world, tmp_path):
    """gh.refresh with pd.read_csv(slice) skipped the loaders' checks: other event keys (the CLI re-applied
    the same slice as new events), no /24 evidence, tracebacks for bad rows. Now a frame is validated."""
    sd = tmp_path / "state"
    refresh(sd, pd.read_csv(world["slices"][0]), pd.read_csv(world["accounts"]))
    n = read_state(sd).manifest["counts"]["events"]
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][0]), "--state", str(sd), "--accounts",
                                 str(world["accounts"]), "--no-report"])
    assert r.exit_code == 0 and read_state(sd).manifest["counts"]["events"] == n, r.output
    ref = tmp_path / "ref"
    refresh(ref, world["slices"][0], world["accounts"])
    seg = lambda d: pd.read_parquet(next((d / "segments").glob("*.parquet")))  # noqa: E731
    a, b = seg(sd), seg(ref)
    assert list(a.columns) == list(b.columns) and set(a["event_key"]) == set(b["event_key"])
    bad = pd.read_csv(world["slices"][1])
    bad.loc[3, "account_id"] = None
    with pytest.raises(InputError, match="account_id"):
        refresh(sd, bad, world["accounts"])


def test_a_dataframe_slice_without_a_stored_column_is_told_the_python_way(world, tmp_path):
    """A tester: ``gh.refresh(state, df)`` with a frame whose ``ip`` column is named ``addr`` was told
    to pass ``--map`` or ``--allow-missing-columns``, flags a notebook cannot give; a frame's fix names
    ``column_map=`` and ``allow_missing_columns=True``, which do what it says."""
    sd = tmp_path / "state"
    refresh(sd, world["slices"][0], world["accounts"], report=False)
    df = pd.read_csv(world["slices"][1]).rename(columns={"ip": "addr"})
    with pytest.raises(InputError) as e:
        refresh(sd, df, world["accounts"], report=False)
    msg = str(e.value)
    assert "'ip'" in msg and "--map" not in msg and "--allow-missing-columns" not in msg, msg
    assert "column_map={'ip': 'YOUR_COLUMN'}" in msg and "allow_missing_columns=True" in msg, msg
    assert refresh(sd, df, world["accounts"], column_map={"ip": "addr"}, report=False).applied
    # a file keeps the command line's flags
    p = tmp_path / "noip.csv"
    pd.read_csv(world["slices"][2]).drop(columns="ip").to_csv(p, index=False)
    with pytest.raises(InputError, match="--map ip=YOUR_COLUMN.*--allow-missing-columns"):
        refresh(sd, p, world["accounts"], report=False)


def test_run_json_lists_the_accounts_files_column_aliases(world, tmp_path):
    """detect's run.json had the accounts file's load report (its column aliases); a refresh's had none."""
    ac = pd.read_csv(world["accounts"]).rename(columns={"payment_method": "card_fingerprint",
                                                        "created_at": "signup_time"})
    acp = tmp_path / "accounts.csv"
    ac.to_csv(acp, index=False)
    sd = tmp_path / "state"
    refresh(sd, world["slices"][0], acp)
    info = json.loads((sd / "output" / "run.json").read_text())
    assert info["accounts_report"]["column_aliases"] == {"payment_method": "card_fingerprint",
                                                         "created_at": "signup_time"}
    assert "column_aliases" not in info.get("input_report", {})
    acc_input = [f for f in info["refresh"]["inputs"] if f["kind"] == "accounts"]
    assert acc_input[0]["load_report"]["column_aliases"]["payment_method"] == "card_fingerprint"


def test_exit_codes_tell_committed_from_not_committed_file_errors(world, one_gen, tmp_path, monkeypatch):
    """Exit 6 meant 'state committed' for Neo4j but was also given for a state that could not be written.
    Now: a file error before the commit is exit 7 (state as it was), one while writing the outputs after
    it is exit 6 (state committed; the same command again writes them), and no temp files are left."""
    sd = one_gen
    before = read_state(sd).manifest
    import errno
    import importlib

    gr = importlib.import_module("graphhunt.refresh")  # the module (graphhunt.refresh is also the function)

    real = gr._write_parquet

    def full_disk(df, path, *a, **k):  # the disk fills up while the new generation is written
        if "registry" in Path(path).name:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(df, path, *a, **k)

    monkeypatch.setattr(gr, "_write_parquet", full_disk)
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(sd), "--no-report"])
    assert r.exit_code == 7 and "not committed" in r.output and "No space left" in r.output, r.output
    monkeypatch.setattr(gr, "_write_parquet", real)
    assert read_state(sd).manifest == before
    # this run's uncommitted segment and generation are gone: they kept a full disk full (session 22)
    assert not list(sd.glob(".tmp-*")) and not list(sd.glob("gen-000002"))
    assert sorted(p.name for p in (sd / "segments").iterdir()) == [Path(s["file"]).name for s in before["segments"]]
    out = tmp_path / "out"
    out.mkdir()
    (out / "rings.csv").mkdir()  # a directory where an output file goes: refused before the commit (it
    # used to commit and then fail with exit 6 on every retry)
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(sd), "--out", str(out),
                                 "--no-report", "--accounts", str(world["accounts"])])
    assert r.exit_code == 7 and "rings.csv is a directory" in r.output and "not touched" in r.output, r.output
    assert read_state(sd).manifest == before
    (out / "rings.csv").rmdir()
    (out / ".tmp-old.123").write_text("x")
    real_copy = gr.shutil.copyfile

    def full_out_disk(src, dst, *a, **k):  # the output disk fills up after the commit
        if Path(dst).parent == out and "rings.csv" in Path(dst).name:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_copy(src, dst, *a, **k)

    monkeypatch.setattr(gr.shutil, "copyfile", full_out_disk)
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(sd), "--out", str(out),
                                 "--no-report", "--accounts", str(world["accounts"])])
    assert r.exit_code == 6 and "was committed (generation 2)" in r.output and "rings.csv" in r.output, r.output
    assert read_state(sd).manifest["generation"] == 2 and not list(out.glob(".tmp-*"))
    monkeypatch.setattr(gr.shutil, "copyfile", real_copy)
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(sd), "--out", str(out),
                                 "--no-report", "--accounts", str(world["accounts"])])
    assert r.exit_code == 0 and (out / "rings.csv").is_file() and read_state(sd).manifest["generation"] == 2
    assert json.loads((out / "run.json").read_text())["refresh"]["run_id"] == read_state(sd).manifest["run_id"]


# ----------------------------------------------------------------------------- crash safety

_CHILD = textwrap.dedent("""
    import sys
    from graphhunt.refresh import refresh
    refresh(sys.argv[1], sys.argv[2], sys.argv[3])
""")

FAULTS = ["after_segment", "before_generation_rename", "after_generation", "before_manifest",
          "after_manifest", "after_outputs"]


def _child(sd, slice_path, accounts, fault=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if fault:
        env["GRAPHHUNT_REFRESH_FAULT"] = fault
    return subprocess.run([sys.executable, "-c", _CHILD, str(sd), str(slice_path), str(accounts)],
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def reference(world, tmp_path_factory):
    """Uninterrupted two-step refresh to compare crashed-then-resumed runs against."""
    sd = tmp_path_factory.mktemp("ref") / "state"
    refresh(sd, world["slices"][0], world["accounts"])
    rr = refresh(sd, world["slices"][1], world["accounts"])
    return {"accounts": pd.read_csv(sd / "output" / "accounts.csv"),
            "run_id": rr.run_id, "events": read_state(sd).manifest["counts"]["events"]}


@pytest.mark.parametrize("fault", [
    pytest.param(f, marks=() if f in ("after_segment", "before_manifest", "after_manifest") else pytest.mark.slow)
    for f in FAULTS])
def test_kill9_then_next_run_succeeds(world, reference, tmp_path, fault):
    sd = tmp_path / "state"
    refresh(sd, world["slices"][0], world["accounts"])
    proc = _child(sd, world["slices"][1], world["accounts"], fault)
    assert proc.returncode == -9, proc.stderr[-2000:]
    st = read_state(sd)  # the state is readable after the kill, whatever the point
    committed = fault in ("after_manifest", "after_outputs")
    assert st.manifest["generation"] == (2 if committed else 1)
    rr = refresh(sd, world["slices"][1], world["accounts"])  # the next run completes the work
    assert rr.applied != committed
    st = read_state(sd)
    assert st.manifest["generation"] == 2 and st.manifest["run_id"] == reference["run_id"]
    assert st.manifest["counts"]["events"] == reference["events"]  # no data lost
    pd.testing.assert_frame_equal(pd.read_csv(sd / "output" / "accounts.csv"), reference["accounts"])
    # no leftovers from the dead run
    assert not [p for p in sd.rglob(".tmp-*")]
    assert sorted(p.name for p in sd.glob("gen-*")) == ["gen-000001", "gen-000002"]


# ----------------------------------------------------------------------------- lock, corrupt state, bad input


def _spy_fsyncs(monkeypatch) -> tuple[list, list]:
    """The inodes fsync'd (in order) and, at each replace of ``manifest.json`` (a commit), how many fsyncs
    came before it; a spy, not a fake: the calls go through."""
    synced, commits = [], []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        synced.append(os.fstat(fd).st_ino)
        return real_fsync(fd)

    def replace(src, dst, *a, **k):
        if Path(dst).name == "manifest.json":
            commits.append(len(synced))
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return synced, commits


def test_the_new_segments_directory_entry_is_on_disk_before_the_commit(world, tmp_path, monkeypatch):
    """The segment was renamed into ``segments/`` and the manifest that lists it committed, but only the
    state directory itself was fsync'd, never ``segments/``: after a power cut the committed manifest could
    name a segment whose directory entry was lost (exit 5 on every later run, "listed in the manifest but
    missing")."""
    sd = tmp_path / "state"
    synced, commits = _spy_fsyncs(monkeypatch)
    for sl in world["slices"][:2]:
        refresh(sd, sl, world["accounts"], report=False)
    seg_ino = (sd / "segments").stat().st_ino
    assert len(commits) == 2
    for n in commits:  # before each commit (the first run creates segments/, the second adds to it)
        assert seg_ino in synced[:n]
    assert synced[:commits[1]].count(seg_ino) >= 2


def test_every_file_of_a_generation_is_on_disk_before_the_commit(world, tmp_path, monkeypatch):
    """A correctness review (session 57): only a generation's state files were fsync'd, not its outputs
    (changes.csv, the CSVs and parquet files, run.json, report.html), which a "nothing new" run copies to
    --out with exit 0: after a power cut they could be empty. Every file of the committed generation is
    fsync'd before the manifest's replace."""
    sd = tmp_path / "state"
    synced, commits = _spy_fsyncs(monkeypatch)
    refresh(sd, world["slices"][0], world["accounts"], report=True)
    gen = json.loads((sd / "manifest.json").read_text())["generation_dir"]
    files = [f for f in (sd / gen).iterdir() if f.is_file() and f.name != "committed.json"]
    assert {"changes.csv", "rings.csv", "edges.parquet", "run.json", "report.html"} <= {f.name for f in files}
    assert len(commits) == 1
    before = set(synced[:commits[0]])
    assert [f.name for f in files if f.stat().st_ino not in before] == []


def test_lock_contention_clear_message_and_exit_code(world, tmp_path):
    sd = tmp_path / "state"
    sd.mkdir()
    with StateLock(sd):
        with pytest.raises(StateLockedError, match=rf"pid {os.getpid()}"):
            refresh(sd, world["slices"][0], world["accounts"])
        r = CliRunner().invoke(app, ["refresh", str(world["slices"][0]), "--state", str(sd)])
        assert r.exit_code == EXIT_LOCKED
        assert "locked by another refresh" in r.output
    # released: a refresh now succeeds
    assert refresh(sd, world["slices"][0], world["accounts"]).applied


def test_lock_held_by_other_process(world, tmp_path):
    sd = tmp_path / "state"
    sd.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time
        from graphhunt.refresh import StateLock
        with StateLock(sys.argv[1]):
            print("locked", flush=True)
            time.sleep(30)
    """), str(sd)], env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StateLockedError, match=rf"pid {holder.pid}"):
            refresh(sd, world["slices"][0], world["accounts"])
    finally:
        holder.kill()
        holder.wait()
    assert refresh(sd, world["slices"][0], world["accounts"]).applied  # the kernel dropped the dead holder's lock


def test_a_lock_file_that_is_a_link_is_refused_and_its_target_left_alone(world, tmp_path):
    """A privacy and security review (tester 59): the lock was opened through a symbolic link planted as
    STATE/.lock (or a second hard link to another file), then truncated and given the pid: the refresh
    emptied a file outside the state that its user could write. Such a lock is refused (exit 5)."""
    sd = tmp_path / "state"
    refresh(sd, world["slices"][0], world["accounts"])
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n")
    (sd / ".lock").unlink()
    (sd / ".lock").symlink_to(victim)
    with pytest.raises(StateCorruptError, match="symbolic link"):
        refresh(sd, world["slices"][1], world["accounts"])
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(sd)])
    assert r.exit_code == EXIT_STATE and "symbolic link" in r.output
    assert victim.read_text() == "keep me\n"
    (sd / ".lock").unlink()
    os.link(victim, sd / ".lock")
    with pytest.raises(StateCorruptError, match="hard link"):
        refresh(sd, world["slices"][1], world["accounts"])
    assert victim.read_text() == "keep me\n"
    (sd / ".lock").unlink()
    assert refresh(sd, world["slices"][1], world["accounts"]).applied  # a plain lock file is made again


@pytest.fixture()
def one_gen(world, tmp_path):
    sd = tmp_path / "state"
    refresh(sd, world["slices"][0], world["accounts"])
    return sd


def test_corrupt_manifest(world, one_gen):
    (one_gen / "manifest.json").write_text('{"format": "graphhunt-refresh-state", "generation": ')
    with pytest.raises(StateCorruptError, match="manifest is unreadable"):
        refresh(one_gen, world["slices"][1], world["accounts"])
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen)])
    assert r.exit_code == EXIT_STATE


def test_truncated_state_file_and_incompatible_version(world, one_gen):
    m = json.loads((one_gen / "manifest.json").read_text())
    seg = one_gen / m["segments"][0]["file"]
    data = seg.read_bytes()
    seg.write_bytes(data[: len(data) // 2])
    with pytest.raises(StateCorruptError, match="differs from the manifest"):
        refresh(one_gen, world["slices"][1], world["accounts"])
    seg.write_bytes(data)
    m["format_version"] = 99
    (one_gen / "manifest.json").write_text(json.dumps(m))
    with pytest.raises(StateCorruptError, match="format version 99"):
        refresh(one_gen, world["slices"][1], world["accounts"])


def test_incompatible_config(world, one_gen):
    cfg = gh.load_config(overrides=["prompts.num_perm=32", "prompts.bands=8"])
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen),
                                 "--set", "prompts.num_perm=32", "--set", "prompts.bands=8"])
    assert r.exit_code == EXIT_STATE and "incompatible" in r.output
    with pytest.raises(StateCorruptError, match="num_perm"):
        refresh(one_gen, world["slices"][1], world["accounts"], cfg)


def _written_before(state, drop=(), **recorded):
    """The state's manifest as a state written before some settings existed (``drop``) or with other values."""
    m = json.loads((state / "manifest.json").read_text())
    for k in drop:
        del m["state_config"][k]
    m["state_config"].update(recorded)
    (state / "manifest.json").write_text(json.dumps(m))


def _state_settings(state):
    return json.loads((state / "manifest.json").read_text())["state_config"]


def test_state_from_before_strip_reasoning(world, one_gen, caplog):
    """A state written before prompts.strip_reasoning existed holds unstripped template shingles: a refresh that
    leaves the setting out goes on with the state's (off), and says so; one that sets it, even to today's default
    (a config file or --set: the command asks for it), is refused."""
    _written_before(one_gen, drop=["strip_reasoning"])
    with pytest.raises(StateCorruptError, match="strip_reasoning changed"):
        refresh(one_gen, world["slices"][1], world["accounts"], gh.load_config(overrides=["prompts.strip_reasoning=true"]))
    toml = one_gen.parent / "cfg.toml"
    toml.write_text("[prompts]\nstrip_reasoning = true\n")
    with pytest.raises(StateCorruptError, match="strip_reasoning changed"):
        refresh(one_gen, world["slices"][1], world["accounts"], gh.load_config(toml))
    with caplog.at_level("WARNING", logger="graphhunt"):
        assert refresh(one_gen, world["slices"][1], world["accounts"],
                       gh.load_config(overrides=["scoring.threshold=0.5"])).applied  # other settings given
    assert "the state was written with prompts.strip_reasoning=False, which differs from today's default and is " \
           "baked into its template ids" in caplog.text
    assert _state_settings(one_gen)["strip_reasoning"] is False  # recorded from now on


def test_state_from_before_popular_ratio(world, one_gen, caplog):
    """A state written before session 74 (prompts.repeat_cap 0 recorded, no prompts.popular_ratio: session 72's
    defaults) holds template text by share alone. Under today's defaults a refresh goes on with the state's settings
    (session 78: an upgrade stopped every scheduled refresh with exit 5 until its command set them); a run that sets
    another value than the state's on purpose is refused with the name in the message."""
    _written_before(one_gen, drop=["popular_ratio"], repeat_cap=0)
    cfg = gh.load_config(overrides=["prompts.popular_ratio=5"])
    with pytest.raises(StateCorruptError, match="popular_ratio changed"):
        refresh(one_gen, world["slices"][1], world["accounts"], cfg)
    with caplog.at_level("WARNING", logger="graphhunt"):
        res = refresh(one_gen, world["slices"][1], world["accounts"])
    assert res.applied
    assert "prompts.popular_ratio=0.0, prompts.repeat_cap=0" in caplog.text
    kept = _state_settings(one_gen)
    assert (kept["popular_ratio"], kept["repeat_cap"]) == (0.0, 0)
    # the next run goes on with them too, and notes it at INFO, not as a new warning
    caplog.clear()
    with caplog.at_level("INFO", logger="graphhunt"):
        refresh(one_gen, world["slices"][2], world["accounts"])
    said = [r for r in caplog.records if "the state was written with" in r.getMessage()]
    assert [r.levelname for r in said] == ["INFO"]
    # the command line: another value than the state's on purpose is exit 5, naming it
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][2]), "--state", str(one_gen), "--accounts",
                                 str(world["accounts"]), "--set", "prompts.repeat_cap=7"])
    assert r.exit_code == EXIT_STATE and "repeat_cap changed" in r.output


def test_state_from_before_boilerplate_share(world, one_gen, caplog):
    """A state written before session 78 (no prompts.boilerplate_share) kept platform-wide text as template text, as
    today's default (off) does: it goes on without a word; asking for the rule is refused with the setting named."""
    _written_before(one_gen, drop=["boilerplate_share", "boilerplate_min_accounts"])
    with pytest.raises(StateCorruptError, match=r"\(boilerplate_share changed"):
        refresh(one_gen, world["slices"][1], world["accounts"],
                gh.load_config(overrides=["prompts.boilerplate_share=0.25"]))
    with caplog.at_level("WARNING", logger="graphhunt"):
        assert refresh(one_gen, world["slices"][1], world["accounts"]).applied
    assert "the state was written with" not in caplog.text
    assert _state_settings(one_gen)["boilerplate_share"] == 0.0


def test_bad_input_leaves_state_untouched(world, one_gen, tmp_path):
    before = _snapshot(one_gen)
    bad = tmp_path / "bad.csv"
    bad.write_text("account_id,timestamp\nu1,not-a-time\n")
    with pytest.raises(InputError, match="timestamp"):
        refresh(one_gen, bad)
    r = CliRunner().invoke(app, ["refresh", str(bad), "--state", str(one_gen)])
    assert r.exit_code == EXIT_INPUT and "bad.csv" in r.output
    assert _snapshot(one_gen) == before


def test_a_slice_without_a_stored_column_is_refused_until_mapped(world, one_gen, tmp_path):
    """A slice whose IP column has another name would be stored without addresses for good, and the same
    file with the right --map would then count as already applied: it is refused (exit 2, state as it
    was) until the column is mapped, or accepted with --allow-missing-columns."""
    before = _snapshot(one_gen)
    s1 = pd.read_csv(world["slices"][1])
    renamed = tmp_path / "slice1-origin-addr.csv"  # (client_ip would be read as ip: a common name)
    s1.rename(columns={"ip": "origin_addr"}).to_csv(renamed, index=False)
    r = CliRunner().invoke(app, ["refresh", str(renamed), "--state", str(one_gen), "--no-report"])
    assert r.exit_code == EXIT_INPUT, r.output
    assert "slice1-origin-addr.csv" in r.output and "'ip'" in r.output and "--map ip=" in r.output, r.output
    assert _snapshot(one_gen) == before
    with pytest.raises(InputError, match="'prompt'"):
        no_prompt = tmp_path / "slice1-no-prompt.csv"
        s1.drop(columns=["prompt"]).to_csv(no_prompt, index=False)
        refresh(one_gen, no_prompt, report=False)
    assert _snapshot(one_gen) == before
    # mapped: applied, with its addresses
    r = CliRunner().invoke(app, ["refresh", str(renamed), "--state", str(one_gen), "--no-report",
                                 "--map", "ip=origin_addr"])
    assert r.exit_code == 0, r.output
    st = read_state(one_gen)
    seg = pd.read_parquet(one_gen / st.manifest["segments"][-1]["file"])
    assert seg["ip"].notna().all() and "ip" in st.manifest["segments"][-1]["columns"]
    # a source that does not record the column: accepted when asked
    s2 = pd.read_csv(world["slices"][2]).drop(columns=["user_agent"])
    p2 = tmp_path / "slice2-no-ua.csv"
    s2.to_csv(p2, index=False)
    with pytest.raises(InputError, match="user_agent"):
        refresh(one_gen, p2, report=False)
    rr = refresh(one_gen, p2, report=False, allow_missing_columns=True)
    assert rr.applied and read_state(one_gen).manifest["generation"] == 3


def test_retention_outside_its_range_is_a_usage_error_and_a_jump_names_the_file(world, one_gen, tmp_path):
    before = _snapshot(one_gen)
    for bad in ("0", "-3", "nan"):
        r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen),
                                     "--retention-days", bad, "--no-report"])
        assert r.exit_code == 3 and "more than 0 and less than 100,000" in r.output, r.output
    s = pd.read_csv(world["slices"][1])
    s.loc[0, "timestamp"] = "2099-01-01T00:00:00Z"
    far = tmp_path / "slice-2099.csv"
    s.to_csv(far, index=False)
    r = CliRunner().invoke(app, ["refresh", str(far), "--state", str(one_gen), "--no-report"])
    assert r.exit_code == EXIT_INPUT and "slice-2099.csv" in r.output and "--allow-jump" in r.output, r.output
    assert _snapshot(one_gen) == before


def test_the_slice_column_check_reads_what_each_input_really_has(world, tmp_path):
    """Review of the check above: a loaded frame edited after loading is judged by its columns, not its
    load report; a file applied before (a growing glob of slices) is not judged again; an all-empty
    prompt column does not make later slices without prompts 'missing' one; and a --map typo is caught
    with several files too."""
    from graphhunt.errors import ConfigError

    sd = tmp_path / "state"
    s0 = pd.read_csv(world["slices"][0]).drop(columns=["user_agent"])
    p0 = tmp_path / "s0-no-ua.csv"
    s0.to_csv(p0, index=False)
    refresh(sd, p0, report=False)
    # a file already applied, passed again with a slice that has more columns: fine
    rr = refresh(sd, [p0, world["slices"][1]], report=False)
    assert rr.applied and rr.duplicate_events == len(s0)
    # a loaded frame whose column was dropped after loading: refused (output_tokens: every stored slice has
    # it; user_agent, which the first slice lacked, is required of no later slice: session 50)
    fr = gh.load_events(world["slices"][2]).drop(columns=["output_tokens"])
    with pytest.raises(InputError, match="output_tokens"):
        refresh(sd, fr, report=False)
    # several files and a misspelt --map: a configuration error, nothing applied
    g2 = read_state(sd).manifest["generation"]
    with pytest.raises(ConfigError, match="ip=clientip"):
        refresh(sd, [world["slices"][2], world["slices"][3]], column_map={"ip": "clientip"}, report=False)
    assert read_state(sd).manifest["generation"] == g2
    # a first slice whose prompts were all empty: later slices without a prompt column are fine
    sd2 = tmp_path / "state2"
    e0 = pd.read_csv(world["slices"][0])
    e0["prompt"] = ""
    e0.to_csv(tmp_path / "empty-prompts.csv", index=False)
    refresh(sd2, tmp_path / "empty-prompts.csv", report=False)
    e1 = pd.read_csv(world["slices"][1]).drop(columns=["prompt"])
    e1.to_csv(tmp_path / "no-prompts.csv", index=False)
    assert refresh(sd2, tmp_path / "no-prompts.csv", report=False).applied


def test_refresh_out_that_is_a_file_is_refused_before_the_commit(world, one_gen, tmp_path):
    before = _snapshot(one_gen)
    afile = tmp_path / "afile"
    afile.write_text("not a directory")
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen), "--out", str(afile),
                                 "--no-report"])
    assert r.exit_code == 7 and "not touched" in r.output and "afile" in r.output, r.output
    assert _snapshot(one_gen) == before and afile.read_text() == "not a directory"
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen), "--out",
                                 str(afile / "sub"), "--no-report"])
    assert r.exit_code == 7, r.output
    assert _snapshot(one_gen) == before


def test_a_state_directory_that_cannot_be_created_is_exit_7(world, tmp_path, monkeypatch):
    """A fresh-eyes tester (session 52): a first refresh whose --state could not be created (a read-only disk,
    a parent directory without write permission) ended with the generic file error, exit 6 ("previous outputs
    are unchanged"), which tells a scheduler that the state was committed. Nothing was: exit 7, as for every
    file error before the commit, and nothing is written."""
    import errno
    import os

    parent = tmp_path / "locked"
    parent.mkdir()
    out = tmp_path / "out"  # writable: only the state cannot be created
    if os.geteuid() != 0:
        parent.chmod(0o500)
    else:  # root ignores permission bits: the kernel's answer for a read-only disk, for this path only
        real_mkdir = Path.mkdir

        def mkdir(self, *a, **k):
            if self == parent / "state":
                raise OSError(errno.EROFS, "Read-only file system", str(self))
            return real_mkdir(self, *a, **k)

        monkeypatch.setattr(Path, "mkdir", mkdir)
    try:
        r = CliRunner().invoke(app, ["refresh", str(world["slices"][0]), "--state", str(parent / "state"),
                                     "--out", str(out), "--accounts", str(world["accounts"]), "--no-report", "-q"])
        assert r.exit_code == 7, r.output
        assert "cannot create the state directory" in r.output and "nothing was written" in r.output, r.output
        with pytest.raises(StateWriteError):
            refresh(parent / "state", world["slices"][0], world["accounts"], out=out, report=False)
    finally:
        parent.chmod(0o700)
    assert list(parent.iterdir()) == [] and not (out / "run.json").exists()


def test_an_unwritable_out_is_refused_before_the_commit(world, one_gen, tmp_path, monkeypatch):
    """A fresh-eyes tester (session 52): `refresh --out DIR` on a read-only disk (or without permission)
    committed the state and then failed with exit 6; every retry said "nothing new" and failed the same way
    until the disk was fixed, while `detect` finds such an --out before the run. It is found before anything
    is done: exit 7, the state not touched."""
    import errno
    import os
    import tempfile

    out = tmp_path / "archive"
    out.mkdir()
    before = _snapshot(one_gen)
    if os.geteuid() != 0:
        out.chmod(0o500)
    else:  # root ignores permission bits: the kernel's answer for a read-only disk, for this directory only
        real = tempfile.TemporaryFile

        def temporary_file(*a, dir=None, **k):
            if dir is not None and Path(dir) == out:
                raise OSError(errno.EROFS, "Read-only file system")
            return real(*a, dir=dir, **k)

        monkeypatch.setattr(tempfile, "TemporaryFile", temporary_file)
    try:
        r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen), "--out", str(out),
                                     "--accounts", str(world["accounts"]), "--no-report", "-q"])
        assert r.exit_code == 7 and "not touched" in r.output and str(out) in r.output, r.output
        assert _snapshot(one_gen) == before and list(out.iterdir()) == []
    finally:
        out.chmod(0o700)
        monkeypatch.undo()
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen), "--out", str(out),
                                 "--accounts", str(world["accounts"]), "--no-report", "-q"])
    assert r.exit_code == 0 and (out / "run.json").exists(), r.output


def test_refresh_out_inside_the_state_is_refused_before_anything_is_written(world, one_gen, tmp_path):
    """A QA pass: ``--out STATE/gen-000001`` wrote the next generation's outputs over the files of the
    generation kept for a roll-back (exit 0), and a roll-back to it then served them as its own. An --out
    at or inside the state directory, other than the default STATE/output, is refused (exit 7), nothing
    written; STATE/output itself and a directory outside the state stay fine."""
    before = _snapshot(one_gen)
    gen = json.loads((one_gen / "manifest.json").read_text())["generation_dir"]
    for out in (one_gen / gen, one_gen, one_gen / "segments", one_gen / "elsewhere"):
        r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen), "--out", str(out),
                                     "--no-report"])
        assert r.exit_code == 7 and "inside the state directory" in r.output and "not touched" in r.output, r.output
        assert _snapshot(one_gen) == before
    assert not (one_gen / "elsewhere").exists()
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen), "--out",
                                 str(one_gen / "output"), "--no-report"])
    assert r.exit_code == 0, r.output


def test_state_directory_given_where_a_result_is_expected_and_corruption_messages_say_what_to_do(world, one_gen):
    """A QA pass: ``graphhunt explain ACCOUNT --run STATE`` (and report/export) told an investigator to run
    ``detect`` first; exit-5 messages for a truncated or changed file named the problem but no fix."""
    acc = pd.read_csv(one_gen / "output" / "accounts.csv", dtype=str)["account_id"].iloc[0]
    for args in (["explain", acc, "--run", str(one_gen)], ["report", str(one_gen)]):
        r = CliRunner().invoke(app, args)
        assert r.exit_code == 2 and "this is a refresh state directory" in r.output, r.output
        assert str(one_gen / "output") in r.output
    # (a tester) a state whose refreshes were all given --out has no output/: not "run detect first" either
    sd2 = one_gen.parent / "state-out-elsewhere"
    refresh(sd2, world["slices"][0], world["accounts"], out=one_gen.parent / "elsewhere-out", report=False)
    assert not (sd2 / "output").exists()
    for args in (["explain", acc, "--run", str(sd2)], ["report", str(sd2)]):
        r = CliRunner().invoke(app, args)
        assert r.exit_code == 2 and "this is a refresh state directory" in r.output, r.output
        assert "--out" in r.output and "graphhunt detect" not in r.output, r.output
    m = json.loads((one_gen / "manifest.json").read_text())
    seg = one_gen / m["segments"][0]["file"]
    seg.write_bytes(seg.read_bytes()[:100])
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen)])
    assert r.exit_code == EXIT_STATE and "differs from the manifest" in r.output
    assert "Restore the directory from a backup" in r.output


@pytest.mark.parametrize("edit", [{"generation": "abc"}, {"segments": None}, {"files": "drop registry"},
                                  {"generation_dir": "../elsewhere"}, {"next_ring_number": -1}])
def test_ill_typed_manifest_fields_are_corruption_not_tracebacks(world, one_gen, edit):
    m = json.loads((one_gen / "manifest.json").read_text())
    if edit.get("files"):
        del m["files"]["registry.parquet"]  # the file would go unchecked
    else:
        m.update(edit)
    (one_gen / "manifest.json").write_text(json.dumps(m))
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen), "--no-report"])
    assert r.exit_code == EXIT_STATE and "manifest field" in r.output and "Traceback" not in r.output, r.output


def test_a_scheduler_s_quiet_hour_and_other_slices(world, one_gen, tmp_path):
    """From a QA pass as an hourly job: an empty (header-only) slice is 'nothing new', exit 0 (was exit 2:
    'fix the file'); a first run cannot start from one; --no-report removes the previous report.html
    from the outputs; --bad-rows drop is counted in run.json; a slice older than the window says it was
    not stored."""
    sd = one_gen
    cols = pd.read_csv(world["slices"][1], nrows=0)
    cols.to_csv(tmp_path / "empty.csv", index=False)
    r = CliRunner().invoke(app, ["refresh", str(tmp_path / "empty.csv"), "--state", str(sd)])
    assert r.exit_code == 0 and "nothing new: no new events" in r.output, r.output
    r = CliRunner().invoke(app, ["refresh", str(tmp_path / "empty.csv"), "--state", str(tmp_path / "new")])
    assert r.exit_code == EXIT_INPUT and "first slice" in r.output
    assert (sd / "output" / "report.html").exists()
    bad = pd.read_csv(world["slices"][1])
    bad.loc[2, "timestamp"] = "not a time"
    bad.to_csv(tmp_path / "bad.csv", index=False)
    r = CliRunner().invoke(app, ["refresh", str(tmp_path / "bad.csv"), "--state", str(sd), "--no-report",
                                 "--bad-rows", "drop", "--accounts", str(world["accounts"])])
    assert r.exit_code == 0, r.output
    assert not (sd / "output" / "report.html").exists()  # not a previous generation's report beside new files
    rep = json.loads((sd / "output" / "run.json").read_text())["input_report"]
    assert rep["dropped_rows"] == {"timestamp": 1}
    old = pd.read_csv(world["slices"][0]).head(20)
    old["timestamp"] = "2020-01-01T00:00:00Z"
    old.assign(prompt="another " + old.index.astype(str)).to_csv(tmp_path / "old.csv", index=False)
    gen = read_state(sd).manifest["generation"]
    r = CliRunner().invoke(app, ["refresh", str(tmp_path / "old.csv"), "--state", str(sd), "--no-report"])
    assert r.exit_code == 0 and "nothing new: all 20 new events are older than the retention window" in r.output, r.output
    assert read_state(sd).manifest["generation"] == gen  # no generation for nothing stored (session 22)


def test_the_far_future_guard_lets_late_data_and_sparse_slices_through(world, tmp_path):
    """The slice's own 99th-percentile check (first runs only) refused late data with a few current events
    on a later run, and a sparse first slice whose newest event is days after the rest but inside the window."""
    ev = pd.read_csv(world["slices"][0])
    ts = pd.to_datetime(ev["timestamp"], utc=True)
    sparse = pd.concat([ev.head(60), ev.tail(1).assign(timestamp=(ts.min() + pd.Timedelta(days=13.8)).isoformat())])
    sparse.to_csv(tmp_path / "sparse.csv", index=False)
    rr = refresh(tmp_path / "s1", tmp_path / "sparse.csv", retention_days=20)
    assert rr.applied
    sd = tmp_path / "s2"
    refresh(sd, world["slices"][1], world["accounts"], retention_days=4)
    late = pd.concat([pd.read_csv(world["slices"][0]), pd.read_csv(world["slices"][1]).tail(3)
                      .assign(prompt="late " + pd.Series(range(3)).astype(str).to_numpy())])
    late.to_csv(tmp_path / "late.csv", index=False)
    assert refresh(sd, tmp_path / "late.csv", world["accounts"], retention_days=4).applied
    # an empty DataFrame is an empty slice, as a header-only file is
    rr = refresh(sd, pd.read_csv(world["slices"][1]).head(0))
    assert not rr.applied


def test_lost_manifest_is_refused_and_nothing_deleted(world, one_gen):
    """A committed state whose manifest.json is gone is not a dead first run: exit 5, every file kept,
    and the committed generation's copy of the manifest restores it (it was wiped and restarted)."""
    before = {p.relative_to(one_gen): p.stat().st_size for p in one_gen.rglob("*") if p.is_file()}
    copy = one_gen / "gen-000001" / "committed.json"
    assert json.loads(copy.read_text()) == json.loads((one_gen / "manifest.json").read_text())
    (one_gen / "manifest.json").unlink()
    with pytest.raises(StateCorruptError, match="manifest.json is missing .* committed state") as ei:
        refresh(one_gen, world["slices"][1], world["accounts"])
    assert "committed.json back to" in str(ei.value)
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen)])
    assert r.exit_code == EXIT_STATE
    after = {p.relative_to(one_gen): p.stat().st_size for p in one_gen.rglob("*") if p.is_file()}
    assert after == {k: v for k, v in before.items() if k != Path("manifest.json")}
    shutil.copyfile(copy, one_gen / "manifest.json")
    rr = refresh(one_gen, world["slices"][1], world["accounts"])
    assert rr.applied and rr.generation == 2


def test_lost_manifest_of_a_state_from_before_the_copy_is_refused(world, one_gen):
    """States written before committed.json existed: a second generation or outputs prove a commit."""
    refresh(one_gen, world["slices"][1], world["accounts"])
    for g in one_gen.glob("gen-*"):
        (g / "committed.json").unlink()
    (one_gen / "manifest.json").unlink()
    with pytest.raises(StateCorruptError, match="from a backup"):
        refresh(one_gen, world["slices"][2], world["accounts"])
    assert sorted(p.name for p in one_gen.glob("gen-*")) == ["gen-000001", "gen-000002"]


def test_a_first_run_killed_before_its_commit_starts_over(world, tmp_path):
    sd = tmp_path / "state"
    proc = _child(sd, world["slices"][0], world["accounts"], "before_manifest")
    assert proc.returncode == -9 and (sd / "gen-000001").is_dir() and not (sd / "manifest.json").exists()
    rr = refresh(sd, world["slices"][0], world["accounts"])
    assert rr.applied and rr.generation == 1 and read_state(sd).manifest["generation"] == 1


def test_foreign_directory_is_refused(world, tmp_path):
    sd = tmp_path / "not-a-state"
    sd.mkdir()
    (sd / "important.txt").write_text("keep me")
    with pytest.raises(InputError, match="holds no graphhunt state"):  # bad input (exit 2), not a corrupt state
        refresh(sd, world["slices"][0])
    assert (sd / "important.txt").read_text() == "keep me"
    # a detect result: the message says it cannot start a state, and how one starts
    det = tmp_path / "detect-out"
    r = CliRunner().invoke(app, ["detect", str(world["slices"][0]), "--out", str(det), "--no-report"])
    assert r.exit_code == 0, r.output
    # (and a refresh's summary line counts the flagged accounts, as detect's does)
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][0]), "--state", str(tmp_path / "st"), "--no-report"])
    flagged = int(pd.read_csv(tmp_path / "st" / "output" / "accounts.csv")["flagged"].sum())
    assert r.exit_code == 0 and f"{flagged} accounts flagged; changes:" in r.output, r.output
    before = sorted(p.name for p in det.iterdir())
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(det), "--no-report"])
    assert r.exit_code == EXIT_INPUT and "detect result, which cannot start a state" in r.output, r.output
    assert sorted(p.name for p in det.iterdir()) == before


@pytest.mark.neo4j
def test_refresh_pushes_stable_ring_ids_to_neo4j(world, tmp_path, monkeypatch):
    """`refresh --neo4j` against the real test server: Ring nodes carry the stable ids, each run's
    memberships are kept under its own run id."""
    import os

    import neo4j

    uri = os.environ.get("GRAPHHUNT_NEO4J_URI")
    if not uri:
        pytest.skip("GRAPHHUNT_NEO4J_URI is not set: start scripts/neo4j-test-server.sh")
    auth = (os.environ.get("GRAPHHUNT_NEO4J_USER", "neo4j"), os.environ.get("GRAPHHUNT_NEO4J_PASSWORD", ""))
    labels = ["Account", "PaymentMethod", "IP", "Network", "Template", "Schedule", "Attribute", "Ring", "Run"]
    with neo4j.GraphDatabase.driver(uri, auth=auth) as drv:
        drv.execute_query("MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) DETACH DELETE n", labels=labels)
        sd = tmp_path / "state"
        run_ids = []
        for sl in world["slices"][:2]:
            r = CliRunner().invoke(app, ["refresh", str(sl), "--state", str(sd), "--accounts", str(world["accounts"]),
                                         "--neo4j", "--no-report"])
            assert r.exit_code == 0, r.output
            assert auth[1] not in r.output or not auth[1]
            run_ids.append(json.loads((sd / "output" / "run.json").read_text())["refresh"]["run_id"])
        rings = pd.read_csv(sd / "output" / "rings.csv", dtype={"ring_id": str})
        got = {rec["id"]: rec["size"] for rec in drv.execute_query(
            "MATCH (r:Ring)-[f:FOUND_IN]->(:Run {run_id: $run}) RETURN r.ring_id AS id, f.size AS size",
            run=run_ids[-1]).records}
        assert got == dict(zip(rings["ring_id"], rings["size"].astype(int)))
        # the first run's memberships are still there, under its own run id
        n_first = drv.execute_query("MATCH (:Account)-[m:MEMBER_OF {run_id: $run}]->(:Ring) RETURN count(m) AS n",
                                    run=run_ids[0]).records[0]["n"]
        assert n_first > 0
        # both runs are marked as keeping ring ids, so `ring-history` needs no caveat
        stable = drv.execute_query("MATCH (r:Run) RETURN collect(r.stable_ring_ids) AS s").records[0]["s"]
        assert stable == [True, True]
        # each run's changes.csv rows are CHANGED_IN relationships of that run; `query changes` lists the latest
        for run_id, gen in zip(run_ids, (1, 2)):
            ch = pd.read_csv(sd / f"gen-{gen:06d}" / "changes.csv", dtype={"ring_id": str})
            got = sorted((rec["r"], rec["c"], rec["added"]) for rec in drv.execute_query(
                "MATCH (r:Ring)-[c:CHANGED_IN]->(:Run {run_id: $run}) RETURN r.ring_id AS r, c.change AS c, "
                "c.members_added AS added", run=run_id).records)
            assert got and got == sorted(zip(ch["ring_id"], ch["change"], ch["members_added"].astype(int))), gen
        for k, v in (("URI", uri), ("USER", auth[0]), ("PASSWORD", auth[1])):
            monkeypatch.setenv(f"GRAPHHUNT_NEO4J_{k}", v)
        q = CliRunner().invoke(app, ["query", "changes", "--format", "csv"])
        assert q.exit_code == 0, q.output
        shown = pd.read_csv(io.StringIO(q.output), dtype={"ring_id": str})
        ch2 = pd.read_csv(sd / "gen-000002" / "changes.csv", dtype={"ring_id": str})
        assert sorted(zip(shown["ring_id"], shown["change"])) == sorted(zip(ch2["ring_id"], ch2["change"]))
        # the ring's reason codes of that run, as changes.csv has them (an unflagged row says why)
        js = json.loads(CliRunner().invoke(app, ["query", "changes", "--format", "json"]).output)
        ch2r = pd.read_csv(sd / "gen-000002" / "changes.csv", dtype={"ring_id": str}, keep_default_na=False)
        want = {(r, c): x for r, c, x in zip(ch2r["ring_id"], ch2r["change"], ch2r["reasons"]) if c != "dissolved"}
        got_r = {(row["ring_id"], row["change"]): ";".join(row["reasons"] or []) for row in js if row["change"] != "dissolved"}
        assert want and got_r == want and any(want.values())
        some = ch2["ring_id"].iloc[0]
        hist = CliRunner().invoke(app, ["query", "ring-history", "--param", f"ring_id={some}", "--format", "json"])
        rows = json.loads(hist.output)
        assert hist.exit_code == 0 and rows[-1]["run_id"] == run_ids[1]
        assert sorted(rows[-1]["changes"]) == sorted(ch2.loc[ch2["ring_id"] == some, "change"])
        # pushing STATE/output by hand is the same run (its refresh run id), not a second one
        p = CliRunner().invoke(app, ["push", str(sd / "output")])
        assert p.exit_code == 0 and run_ids[1] in p.output, p.output
        assert drv.execute_query("MATCH (r:Run) RETURN count(r) AS n").records[0]["n"] == 2
        # the push fails after the commit (server unreachable): exit 6 saying so; the same command again
        # pushes that generation (it said "nothing new" and pushed nothing), once
        bad = CliRunner().invoke(app, ["refresh", str(world["slices"][2]), "--state", str(sd), "--accounts",
                                       str(world["accounts"]), "--neo4j", "--no-report",
                                       "--neo4j-uri", "bolt://127.0.0.1:9"])
        assert bad.exit_code == 6 and "state is committed (generation 3" in bad.output, bad.output
        assert "run the same command again" in bad.output
        run3 = json.loads((sd / "output" / "run.json").read_text())["refresh"]["run_id"]
        assert not drv.execute_query("MATCH (r:Run {run_id: $run}) RETURN r", run=run3).records
        for _ in range(2):
            again = CliRunner().invoke(app, ["refresh", str(world["slices"][2]), "--state", str(sd), "--accounts",
                                             str(world["accounts"]), "--neo4j", "--no-report"])
            assert again.exit_code == 0 and "nothing new" in again.output, again.output
        assert drv.execute_query("MATCH (r:Run) RETURN count(r) AS n").records[0]["n"] == 3
        rings = pd.read_csv(sd / "output" / "rings.csv", dtype={"ring_id": str})
        got = {rec["id"] for rec in drv.execute_query(
            "MATCH (r:Ring)-[:FOUND_IN]->(:Run {run_id: $run}) RETURN r.ring_id AS id", run=run3).records}
        assert got == set(rings["ring_id"])
        assert drv.execute_query("MATCH (r:Run {run_id: $run}) RETURN r.stable_ring_ids AS s",
                                 run=run3).records[0]["s"] is True
        drv.execute_query("MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) DETACH DELETE n", labels=labels)

def test_template_assignment_of_a_first_slice_matches_detect():
    """On an empty registry a refresh groups prompts into the same template families as detect
    (same shingles: no stopword-only ones, same head/tail token window)."""
    from graphhunt.refresh import _assign_templates, _empty_registry
    from tests.conftest import make_world as office_world

    ev, _, _ = office_world()
    pc = gh.Config().prompts
    acc = pd.factorize(ev["account_id"])[0]
    ts = pd.to_datetime(ev["timestamp"], utc=True).astype("int64").to_numpy() // 10**9
    fam, fams = _detect_families(ev["prompt"], acc, pc)
    det = pd.Series(np.where(fam >= 0, fams["template_id"].to_numpy(dtype=object)[np.maximum(fam, 0)], None))
    out, _, _ = _assign_templates(ev["prompt"], acc, ts, *_empty_registry(), gh.Config())
    ref = pd.Series(out)
    # same prompts have a template ("how do i" alone is none: the office prompts stay free text) ...
    assert (det.isna() == ref.isna()).all()
    office = ev["account_id"].str.startswith("office").to_numpy()
    assert ref[office].notna().sum() == det[office].notna().sum() < 0.2 * office.sum()
    # ... and the same families (ids may differ where a skeleton repeats a shingle: detect's skeleton
    # hash counts a repeated shingle twice, the registry's once)
    both = pd.DataFrame({"d": det, "r": ref}).dropna()
    assert both.groupby("d")["r"].nunique().eq(1).all() and both.groupby("r")["d"].nunique().eq(1).all()
    assert (both["d"] == both["r"]).mean() > 0.99


@pytest.mark.parametrize("clustering", ["mode", "components"])
def test_a_first_slice_groups_templates_by_the_configured_clustering_as_detect_does(clustering):
    """Two popular templates (six accounts each) joined by a chain of rare wordings between them (two accounts
    each, every link above the similarity threshold, the two ends far apart). detect's mode seeking keeps the
    popular two apart and its connected components weld all five; a refresh's first slice gives what detect
    gives under each ``prompts.clustering``. Until session 64 a refresh joined verified pairs into connected
    components whatever the setting: one family, where detect has three (world32's hydra: eleven families of
    400-650 accounts in detect, one of 1,505, too common to link anyone, in a refresh of the same events)."""
    import dataclasses
    import itertools

    from graphhunt.refresh import _assign_templates, _empty_registry

    words = [a + b for a, b in itertools.product(["kal", "mor", "ven", "tup", "sil", "dra", "bex", "qun", "fel", "zor",
                                                  "hab"], ["ota", "ine", "uma", "eko", "ari", "osh", "ulp", "ayn",
                                                           "erv", "ith"])]
    rows = []
    for name, lo, n_acc in (("a", 0, 6), ("b1", 10, 2), ("b2", 20, 2), ("b3", 30, 2), ("c", 40, 6)):
        for k in range(n_acc * 4):  # each account four times, with its own item number
            rows.append((f"{name}-{k // 4}", " ".join(words[lo:lo + 68]) + f" item {100 + len(rows)}", T0 + 60 * len(rows)))
    ev = pd.DataFrame(rows, columns=["account", "prompt", "ts"])
    acc = pd.factorize(ev["account"])[0]
    cfg = gh.Config()
    cfg = dataclasses.replace(cfg, prompts=dataclasses.replace(cfg.prompts, clustering=clustering))
    pc = cfg.prompts
    fam, fams = _detect_families(ev["prompt"], acc, pc)
    det = pd.Series(fams["template_id"].to_numpy(dtype=object)[fam])
    out, reg, _ = _assign_templates(ev["prompt"], acc, ev["ts"].to_numpy(np.int64), *_empty_registry(), cfg)
    assert (pd.Series(out) == det).all() and len(reg) == det.nunique()
    group = ev["account"].str.split("-").str[0]
    ends = det.groupby(group).first()
    if clustering == "mode":
        assert ends["a"] != ends["c"] and det.nunique() == 3
    else:
        assert det.nunique() == 1


def test_a_first_slice_with_some_placeholder_dates_is_refused_but_a_long_backfill_is_not(world, tmp_path):
    """2 % of a first slice dated 2099 passed the old 99th-percentile guard: the other 98 % aged out, and every
    later slice was dropped whole with exit 0. A backfill longer than the window is no jump: it has no gap."""
    s0 = pd.read_csv(world["slices"][0])
    bad = s0.copy()
    bad.loc[bad.sample(frac=0.02, random_state=3).index, "timestamp"] = "2099-12-31T00:00:00Z"
    bad.to_csv(tmp_path / "poison.csv", index=False)
    r = CliRunner().invoke(app, ["refresh", str(tmp_path / "poison.csv"), "--state", str(tmp_path / "s1"),
                                 "--no-report"])
    assert r.exit_code == EXIT_INPUT and "after the rest of this slice" in r.output and "--allow-jump" in r.output
    assert not (tmp_path / "s1" / "manifest.json").exists()
    # 60 days of evenly spread events with a 20-day window: the older part ages out, as intended
    ts = pd.Timestamp("2026-09-01", tz="UTC") + pd.to_timedelta(np.linspace(0, 60, len(s0)), unit="D")
    s0.assign(timestamp=ts.strftime("%Y-%m-%dT%H:%M:%SZ")).to_csv(tmp_path / "backfill.csv", index=False)
    rr = refresh(tmp_path / "s2", tmp_path / "backfill.csv", retention_days=20, report=False)
    assert rr.applied and 0 < rr.outside_window < len(s0) * 0.7


def test_a_slice_wholly_before_the_window_stores_nothing_and_commits_nothing(world, tmp_path):
    """It committed a generation (evicting the roll-back point) and rings.csv counted its dropped events as
    the rings' new_events. Now it is a no-op that says why."""
    sd = tmp_path / "state"
    for sl in world["slices"][1:3]:
        refresh(sd, sl, world["accounts"], retention_days=5, report=False)
    before = _snapshot(sd)
    rings_before = pd.read_csv(sd / "output" / "rings.csv")
    old = pd.read_csv(world["slices"][0])
    old.assign(timestamp=(pd.to_datetime(old["timestamp"], utc=True) - pd.Timedelta(days=6))
               .dt.strftime("%Y-%m-%dT%H:%M:%SZ")).to_csv(tmp_path / "old.csv", index=False)
    r = CliRunner().invoke(app, ["refresh", str(tmp_path / "old.csv"), "--state", str(sd), "--accounts",
                                 str(world["accounts"]), "--no-report"])
    assert r.exit_code == 0 and "nothing new: all" in r.output and "older than the retention window" in r.output
    assert _snapshot(sd) == before
    pd.testing.assert_frame_equal(pd.read_csv(sd / "output" / "rings.csv"), rings_before)
    # a slice partly before the window: its rings' new_events count only the stored events
    part = pd.concat([pd.read_csv(tmp_path / "old.csv"), pd.read_csv(world["slices"][3])])
    part.to_csv(tmp_path / "part.csv", index=False)
    rr = refresh(sd, tmp_path / "part.csv", world["accounts"], report=False)
    assert rr.applied and rr.outside_window == len(old)
    assert int(rr.result.rings["new_events"].sum()) <= rr.new_events


def test_a_replayed_slice_after_retention_dropped_account_rows_is_a_no_op(tmp_path):
    """The manifest kept the digest of the merged accounts table *before* retention dropped the rows of
    accounts with no event left in the window, while the generation stored the table after it. The next
    run's merged table (made from the stored one) never matched that digest, so a slice whose every event
    the state already held (the same events re-exported in another order) made a new generation, evicting
    the roll-back point, where "no new events, no new account data: nothing changes" (docs/REFRESH.md)."""
    ev, ac = make_world(n_benign=30, rings=(6,), days=5)
    day = lambda d: pd.Timestamp(T0 + d * DAY, unit="s", tz="UTC")  # noqa: E731
    gone = pd.DataFrame({"account_id": "gone-1", "timestamp": [day(0.01), day(0.02)], "ip": "10.250.1.1",
                         "prompt": "hello there", "user_agent": "x", "output_tokens": 100})
    ev = pd.concat([ev, gone], ignore_index=True)
    ac = pd.concat([ac, pd.DataFrame({"account_id": ["gone-1"], "payment_method": ["pm-gone"],
                                      "created_at": [day(-1)]})], ignore_index=True)

    def csv(df, name):
        df.assign(timestamp=df["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")).to_csv(tmp_path / name, index=False)
        return tmp_path / name

    acp = tmp_path / "accounts.csv"
    ac.assign(created_at=ac["created_at"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")).to_csv(acp, index=False)
    later = ev[(ev["timestamp"] >= day(2.5)) & (ev["timestamp"] < day(4.4))]
    sd = tmp_path / "state"
    refresh(sd, csv(ev[ev["timestamp"] < day(2.5)], "s1.csv"), acp, retention_days=4, report=False)
    rr = refresh(sd, csv(later, "s2.csv"), retention_days=4, report=False)
    assert rr.applied and "gone-1" not in set(pd.read_parquet(sd / "gen-000002" / "accounts.parquet")["account_id"])
    before = _snapshot(sd)
    again = refresh(sd, csv(later.iloc[::-1], "s2-reordered.csv"), retention_days=4, report=False)
    assert not again.applied and again.generation == 2 and again.duplicate_events == len(later)
    assert _snapshot(sd) == before  # the roll-back point (gen-000001) is still there


def test_changed_settings_rescore_and_get_their_own_run_id(world, tmp_path):
    """The same slice again with another threshold said "nothing new" and kept the old result; after a roll-back,
    the same slice with other settings got the old run id, so --out kept the other run's files."""
    sd, out = tmp_path / "state", tmp_path / "out"
    refresh(sd, world["slices"][0], world["accounts"], report=False)
    a = refresh(sd, world["slices"][1], world["accounts"], out=out, report=False)
    cfg = gh.load_config(overrides=["scoring.threshold=0.999"])
    b = refresh(sd, world["slices"][1], world["accounts"], cfg, out=out, report=False)
    assert b.applied and b.new_events == 0 and b.generation == a.generation + 1 and b.run_id != a.run_id
    assert json.loads((out / "run.json").read_text())["config"]["scoring"]["threshold"] == 0.999
    assert not refresh(sd, world["slices"][1], world["accounts"], cfg, out=out, report=False).applied
    # roll back to generation 2, run the slice after it again with the default settings: another run id,
    # and --out follows the state
    shutil.copyfile(sd / f"gen-{a.generation:06d}" / "committed.json", sd / "manifest.json")
    c = refresh(sd, world["slices"][2], world["accounts"], out=out, report=False)
    shutil.copyfile(sd / f"gen-{a.generation:06d}" / "committed.json", sd / "manifest.json")
    d = refresh(sd, world["slices"][2], world["accounts"], cfg, out=out, report=False)
    assert c.run_id != d.run_id
    assert json.loads((out / "run.json").read_text())["refresh"]["run_id"] == d.run_id


def test_another_asn_table_or_hosting_list_rescores_like_any_other_scoring_setting(world, tmp_path):
    """input.asn_db, input.asn_names and input.hosting_ranges are read by the scoring (an academic network
    is an organisation; an address in a hosting range never is), but the refresh's settings digest covered
    links, communities and scoring only: the same slice again with another table said "nothing new" and
    kept the result scored with the old one, under the old run id (docs/REFRESH.md: every setting downstream
    of the evidence may change, and a run without new events recomputes with it)."""
    from graphhunt.config import load_config

    sd = tmp_path / "state"
    first = refresh(sd, world["slices"][0], world["accounts"], report=False)
    (tmp_path / "hosting.txt").write_text("203.0.113.0/24\n")
    for setting in (f"input.hosting_ranges={tmp_path / 'hosting.txt'}", "input.asn_db=off"):
        rr = refresh(sd, world["slices"][0], world["accounts"], load_config(None, [setting]), report=False)
        assert rr.applied and rr.run_id != first.run_id, setting
    # the defaults ("auto") keep the digest a state written before this had (links, communities less
    # workers, scoring): no re-clustering of its own
    import hashlib

    d = load_config(None).to_dict()
    part = {k: d[k] for k in ("links", "communities", "scoring")}
    part["communities"] = {k: v for k, v in part["communities"].items() if k != "workers"}
    before = hashlib.sha256(json.dumps(part, sort_keys=True, default=str).encode()).hexdigest()[:16]
    assert sys.modules["graphhunt.refresh"]._pipeline_digest(load_config(None)) == before


def test_a_damaged_output_directory_is_repaired_by_a_no_op_run(world, one_gen, tmp_path):
    out = one_gen / "output"
    good = {n: (out / n).read_bytes() for n in ("rings.csv", "accounts.csv")}
    (out / "rings.csv").unlink()
    (out / "accounts.csv").write_text("garbage\n")
    rr = refresh(one_gen, world["slices"][0], report=False)
    assert not rr.applied
    assert {n: (out / n).read_bytes() for n in good} == good


def test_neo4j_without_a_uri_is_a_usage_error_before_any_work(world, one_gen, monkeypatch):
    monkeypatch.delenv("GRAPHHUNT_NEO4J_URI", raising=False)
    before = _snapshot(one_gen)
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen), "--neo4j",
                                 "--no-report"])
    assert r.exit_code == 3 and "GRAPHHUNT_NEO4J_URI" in r.output and "not touched" in r.output, r.output
    assert _snapshot(one_gen) == before
    # a URI that can never connect (not Bolt; credentials in it): the same, before any work
    for uri, says in (("http://localhost:7474", "talks Bolt"), ("bolt://neo4j:s3cret@localhost:7687", "credentials")):
        r = CliRunner().invoke(app, ["refresh", str(world["slices"][1]), "--state", str(one_gen), "--neo4j",
                                     "--neo4j-uri", uri, "--no-report"])
        assert r.exit_code == 3 and says in r.output and "s3cret" not in r.output, r.output
        assert _snapshot(one_gen) == before
    monkeypatch.setenv("GRAPHHUNT_NEO4J_URI", "http://localhost:7474")
    r = CliRunner().invoke(app, ["detect", str(world["slices"][1]), "--out", str(one_gen.parent / "d"), "--neo4j"])
    assert r.exit_code == 3 and "talks Bolt" in r.output and not (one_gen.parent / "d").exists(), r.output


def test_an_empty_json_lines_slice_is_a_quiet_hour_and_an_empty_csv_is_not(world, one_gen, tmp_path):
    """JSON Lines has no header: a 0-byte .jsonl is how an exporter writes "no events" (it was exit 2, with a
    fix asking for a header row). A 0-byte CSV still cannot be told from a failed export."""
    (tmp_path / "quiet.jsonl").write_bytes(b"")
    (tmp_path / "quiet.csv").write_bytes(b"")
    r = CliRunner().invoke(app, ["refresh", str(tmp_path / "quiet.jsonl"), "--state", str(one_gen), "--no-report"])
    assert r.exit_code == 0 and "nothing new" in r.output, r.output
    r = CliRunner().invoke(app, ["refresh", str(tmp_path / "quiet.csv"), "--state", str(one_gen), "--no-report"])
    assert r.exit_code == EXIT_INPUT and "header row" in r.output, r.output
    r = CliRunner().invoke(app, ["detect", str(tmp_path / "quiet.jsonl"), "--out", str(tmp_path / "o")])
    assert r.exit_code == EXIT_INPUT and "no JSON records" in r.output and "header" not in r.output, r.output


def test_an_accounts_file_of_new_sign_ups_only_is_not_an_id_mismatch(world, one_gen, tmp_path, caplog):
    """A file with only the new sign-ups warned "only 0 of the N accounts ... ids must match exactly" although the
    state held every account; ids written differently (upper case) still warn."""
    acc = pd.read_csv(world["accounts"])
    acc.head(3).assign(account_id=["new-a", "new-b", "new-c"]).to_csv(tmp_path / "delta.csv", index=False)
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        assert refresh(one_gen, world["slices"][1], tmp_path / "delta.csv", report=False).applied
    assert "ids must match" not in caplog.text
    acc.assign(account_id=acc["account_id"].str.upper()).to_csv(tmp_path / "upper.csv", index=False)
    caplog.clear()
    with caplog.at_level("WARNING", logger="graphhunt.io"):
        refresh(tmp_path / "fresh", world["slices"][1], tmp_path / "upper.csv", report=False)
    assert "ids must match" in caplog.text


def test_a_loaded_frame_edited_afterwards_is_checked_again_by_refresh(world, tmp_path):
    """refresh skipped the loaders' checks for any frame carrying load_events' report, edited or not."""
    ev = gh.load_events(world["slices"][0])
    bad = ev.copy()
    bad.loc[bad.index[:3], "ip"] = "not-an-ip"
    with pytest.raises(InputError, match="malformed IP"):
        refresh(tmp_path / "s1", bad, report=False)
    assert refresh(tmp_path / "s2", ev.copy(), report=False).applied  # unchanged: accepted as loaded


def test_refresh_measures_prompt_rates_on_the_logged_prompts(tmp_path):
    """As detect (test_pipeline): with one prompt logged in five, a ring's template share and reasoning
    rate are shares of the logged prompts. A refresh stores the reasoning flag missing where no prompt is
    logged, and a later refresh that reads the stored events keeps the same rates."""
    from conftest import make_world as make

    ev, ac, ring = make(seed=5, n_benign=150, office=12, ring_size=10)
    part = ev.copy()
    part.loc[np.random.default_rng(0).random(len(part)) < 0.8, "prompt"] = None
    ts = pd.to_datetime(part["timestamp"])
    cut = ts.min() + (ts.max() - ts.min()) / 2
    first, second = part[ts <= cut], part[ts > cut]
    for name, frame in (("a.csv", first), ("b.csv", second)):
        frame.to_csv(tmp_path / name, index=False)
    ac.to_csv(tmp_path / "acc.csv", index=False)
    refresh(tmp_path / "st", [str(tmp_path / "a.csv")], str(tmp_path / "acc.csv"))
    rr = refresh(tmp_path / "st", [str(tmp_path / "b.csv")], str(tmp_path / "acc.csv"))
    rid = rr.result.accounts.loc[rr.result.accounts["account_id"].isin(ring), "ring_id"].mode().iloc[0]
    r = rr.result.rings.set_index("ring_id").loc[rid]
    assert r["template_event_share"] > 0.8 and r["reasoning_rate"] > 0.8
    assert set(rr.result.accounts.loc[rr.result.accounts["flagged"], "account_id"]) == ring


def test_the_state_keeps_an_exemplar_only_where_the_outputs_show_one(tmp_path):
    """A QA pass found every family's redacted exemplar in registry.parquet, among them four benign
    users' shared private request ("... my therapist Dr Hollowmere about my panic attacks ..."), which
    templates.csv withholds and REFRESH.md said the state never stores. The state now keeps an
    exemplar only for the families the run shows one for (public text or a flagged ring's)."""
    ev, ac = make_world(seed=5, n_benign=60, rings=(10,), days=3)
    t0 = ev["timestamp"].min()
    private = [(f"u{i:04d}", t0 + pd.Timedelta(hours=3 * j + i), f"10.9.{i}.7",
                f"Draft a letter to my therapist Dr Hollowmere about my panic attacks and the dose of {j + 2} mg",
                "Mozilla/5.0", 250) for i in range(4) for j in range(6)]
    ev = pd.concat([ev, pd.DataFrame(private, columns=ev.columns)], ignore_index=True)
    ev["timestamp"] = ev["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    ev.to_csv(tmp_path / "day.csv", index=False)
    ac.to_csv(tmp_path / "acc.csv", index=False)
    sd = tmp_path / "state"
    refresh(sd, tmp_path / "day.csv", tmp_path / "acc.csv", out=tmp_path / "out")
    st = read_state(sd)
    reg = st.registry
    assert len(reg) >= 2
    # the private request is a family of its own (four accounts), with no exemplar in the state ...
    ex = reg["exemplar"].fillna("").astype(str)
    assert not ex.str.contains("therapist|hollowmere|panic", case=False).any()
    # ... while the ring's family, which the flagged ring shares, keeps its redacted exemplar
    assert ex.str.contains("task <num> solve", regex=False).any()
    # the state keeps exactly what templates.csv shows
    tpl = pd.read_csv(tmp_path / "out" / "templates.csv", keep_default_na=False)
    shown = set(tpl.loc[tpl["exemplar"] != "", "template_id"])
    assert set(reg.loc[ex != "", "template_id"]) == shown


def test_a_known_family_without_a_stored_exemplar_gets_one_from_a_later_slice():
    """A family whose exemplar was not kept (not shown when the state was written) takes one from the next
    prompts that use it, so a family a flagged ring takes up later can still be shown."""
    from graphhunt.refresh import _assign_templates, _empty_registry

    cfg = gh.Config()
    rng = np.random.default_rng(1)

    def slice_(accounts, t):
        rows = [(a, f"Translate the clinical note {rng.integers(10**5)} into plain words for patient "
                    f"{rng.integers(10**4)} and list every medication with its dose", t + k)
                for a in accounts for k in range(5)]
        df = pd.DataFrame(rows, columns=["account", "prompt", "ts"])
        return df["prompt"], pd.factorize(df["account"])[0], df["ts"].to_numpy(np.int64)

    p, a, ts = slice_(["a1", "a2", "a3"], T0)
    out, reg, reg_sh = _assign_templates(p, a, ts, *_empty_registry(), cfg)
    assert pd.Series(out).notna().all() and len(reg) == 1 and reg["exemplar"].iloc[0] != ""
    blank = reg.assign(exemplar="")
    p2, a2, ts2 = slice_(["b1", "b2"], T0 + DAY)
    out2, reg2, _ = _assign_templates(p2, a2, ts2, blank, reg_sh, cfg)
    assert set(pd.Series(out2).dropna()) == set(reg["template_id"])  # the known family, not a new one
    assert "translate the clinical note" in reg2["exemplar"].iloc[0]


def test_a_prompt_quoting_a_known_template_once_does_not_join_its_family():
    """Session 35 (the refresh-in-slices limitation): a later slice's prompt took the shingles of any known
    family it contained as its skeleton, so one request that quotes a popular template's phrase among its own
    text joined the family (the sample refreshed in halves: 6,098 families and 404,553 edges against
    detect's 2,253 and 160,342). As in detect, a known shingle is template text only where the prompt's own
    account holds it in the slice (uses it in >= prompts.repeat_fraction of its prompts there)."""
    from graphhunt.refresh import _assign_templates, _empty_registry

    cfg = gh.Config()
    rng = np.random.default_rng(3)
    template = "Translate the clinical note {} into plain words for patient {} and list every medication with its dose"
    words = "river lantern copper meadow violet harbor pencil orchard glacier saddle thunder velvet".split()

    def own_text(k):
        return " ".join(rng.choice(words, 9)) + f" {k} " + " ".join(rng.choice(words, 7))

    rows = [(a, template.format(rng.integers(10**5), rng.integers(10**4)), T0 + k) for a in ("a1", "a2", "a3")
            for k in range(5)]
    df = pd.DataFrame(rows, columns=["account", "prompt", "ts"])
    out, reg, reg_sh = _assign_templates(df["prompt"], pd.factorize(df["account"])[0], df["ts"].to_numpy(np.int64),
                                         *_empty_registry(), cfg)
    assert pd.Series(out).notna().all() and len(reg) == 1
    family = reg["template_id"].iloc[0]

    # slice 2: "quoter" sends 20 requests of its own, one of which quotes the template whole;
    # "user" sends the template 5 times (a single new account using a known template)
    quote = "my friend asked: " + template.format(7, 8) + " what does that mean"
    rows2 = [("quoter", quote if k == 0 else own_text(k), T0 + 86_400 + k) for k in range(20)]
    rows2 += [("user", template.format(rng.integers(10**5), rng.integers(10**4)), T0 + 86_400 + k) for k in range(5)]
    df2 = pd.DataFrame(rows2, columns=["account", "prompt", "ts"])
    out2, _, _ = _assign_templates(df2["prompt"], pd.factorize(df2["account"])[0], df2["ts"].to_numpy(np.int64),
                                   reg, reg_sh, cfg)
    out2 = pd.Series(out2)
    assert (out2[df2["account"] == "user"] == family).all()
    assert not (out2[df2["account"] == "quoter"] == family).any()

    # detect over both slices agrees: the quoting account is no user of the template
    ev = pd.concat([df, df2], ignore_index=True).rename(columns={"account": "account_id", "ts": "timestamp"})
    ev["timestamp"] = pd.to_datetime(ev["timestamp"], unit="s", utc=True)
    inc = gh.detect(ev).attributes
    users = inc.loc[inc["link_type"] == "template", "n_accounts"]
    assert len(users) == 1 and users.iloc[0] == 4  # a1-a3 and "user"


def test_daily_slices_hold_templates_over_the_window_as_detect_does(tmp_path):
    """Session 35: in a daily slice an account with one or two prompts held every shingle it wrote, so two
    accounts that shared a phrase once on one day became template users of a new family (the bundled sample
    refreshed day by day: 461,660 edges against detect's 160,342). An account uses a family when at least
    prompts.repeat_fraction of its logged prompts in the window carry it: the chance pair is not linked, while
    a ring sending its template one request per account and day still is, as in detect."""
    rng = np.random.default_rng(11)
    words = ("river lantern copper meadow violet harbor pencil orchard glacier saddle thunder velvet marble "
             "canyon ember falcon juniper quartz tundra willow").split()
    template = ("Solve problem {} of the olympiad set step by step and explain the final numeric answer "
                "with every intermediate derivation for student {}")
    chance = "what is the capital city of the country with the largest population in the world today {}"
    rows = []
    for day in range(6):
        t0 = T0 + day * DAY
        for i in range(4):  # a slow-drip ring: one templated and one other request per account and day
            rows.append((f"ring{i}", template.format(rng.integers(10**5), rng.integers(10**4)), t0 + 600 * i))
            rows.append((f"ring{i}", " ".join(rng.choice(words, 12)), t0 + 600 * i + 60))
        for b in ("b1", "b2"):  # two benign accounts, two requests a day; on day 3 each asks the same question
            for k in range(2):
                text = chance.format(b) if (day == 3 and k == 0) else " ".join(rng.choice(words, 12))
                rows.append((b, text, t0 + 7200 + 60 * k + (b == "b2") * 3600))
    ev = pd.DataFrame(rows, columns=["account_id", "prompt", "timestamp"])
    ev["timestamp"] = pd.to_datetime(ev["timestamp"], unit="s", utc=True)
    ev["ip"] = [f"198.51.100.{i}" for i in range(len(ev))]  # no shared infrastructure
    sd = tmp_path / "state"
    day = ev["timestamp"].dt.floor("D")
    for d in sorted(day.unique()):
        res = refresh(sd, ev[day == d].reset_index(drop=True), report=False).result

    def template_pairs(r):
        e = r.edges[r.edges["w_template"] > 0]
        return {frozenset(p) for p in zip(e["src"], e["dst"])}

    det = gh.detect(ev)
    for name, r in (("refresh", res), ("detect", det)):
        pairs = template_pairs(r)
        assert frozenset({"b1", "b2"}) not in pairs, name
        assert {frozenset({f"ring{i}", f"ring{j}"}) for i in range(4) for j in range(i)} <= pairs, name


def test_a_value_removed_from_the_accounts_file_leaves_the_state(world, tmp_path):
    """A QA pass: a cover org_id declared by one accounts export stayed in the state after the export was
    corrected (the merge kept old values wherever the new file was blank), so the ring it covered stayed
    unflagged for good. A listed account takes the new file's row for the columns the file has; a column the
    file lacks keeps what the state holds."""
    acc = pd.read_csv(world["accounts"], keep_default_na=False, dtype=str).assign(org_id="")
    ring0 = acc["account_id"].str.startswith("ring0-")
    cover = acc.copy()
    cover.loc[ring0, "org_id"] = "org-cover"
    cover.to_csv(tmp_path / "cover.csv", index=False)
    fixed = acc.copy()
    fixed.loc[ring0, "org_id"] = ""
    fixed.to_csv(tmp_path / "fixed.csv", index=False)

    def flagged(res):
        a = res.accounts
        return set(a.loc[a["flagged"], "account_id"])

    clean = refresh(tmp_path / "clean", world["slices"][0], tmp_path / "fixed.csv", report=False).result
    ring_ids = set(acc.loc[ring0, "account_id"])
    assert ring_ids <= flagged(clean)
    sd = tmp_path / "state"
    covered = refresh(sd, world["slices"][0], tmp_path / "cover.csv", report=False).result
    assert not ring_ids & flagged(covered)  # a declared organisation explains what they share
    # the corrected export alone (no new events) is new input: the state takes it and scores again
    rr = refresh(sd, world["slices"][0], tmp_path / "fixed.csv", report=False)
    assert rr.applied
    st = read_state(sd)
    held = st.accounts.set_index("account_id")["org_id"]
    assert held.reindex(sorted(ring_ids)).isna().all()
    assert flagged(rr.result) == flagged(clean)
    # a file without the column says nothing about it: the state keeps the values it holds
    acc.drop(columns=["org_id"]).to_csv(tmp_path / "no_org.csv", index=False)
    sd2 = tmp_path / "state2"
    refresh(sd2, world["slices"][0], tmp_path / "cover.csv", report=False)
    assert refresh(sd2, world["slices"][1], tmp_path / "no_org.csv", report=False).applied
    held = read_state(sd2).accounts.set_index("account_id")["org_id"]
    assert (held.reindex(sorted(ring_ids)) == "org-cover").all()


def test_a_push_without_a_password_is_warned_about_before_the_run(world, tmp_path, monkeypatch, caplog):
    """A QA pass: with GRAPHHUNT_NEO4J_PASSWORD unset, refresh --neo4j committed every run and then failed the
    push. A server with authentication off needs no password, so it is a warning, given before any work."""
    from graphhunt.errors import SinkError
    from graphhunt.sinks.neo4j import check_uri

    monkeypatch.delenv("GRAPHHUNT_NEO4J_PASSWORD", raising=False)
    with caplog.at_level("WARNING", logger="graphhunt.sinks.neo4j"):
        check_uri("bolt://127.0.0.1:1")
    assert "GRAPHHUNT_NEO4J_PASSWORD is not set" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="graphhunt.sinks.neo4j"):
        check_uri("bolt://127.0.0.1:1", password="given")
    assert "not set" not in caplog.text
    caplog.clear()
    with caplog.at_level("INFO"):
        with pytest.raises(SinkError):
            refresh(tmp_path / "s", world["slices"][0], report=False, neo4j={"uri": "bolt://127.0.0.1:1"})
    msgs = [r.getMessage() for r in caplog.records]
    warned = next(i for i, m in enumerate(msgs) if "GRAPHHUNT_NEO4J_PASSWORD is not set" in m)
    assert warned == min(i for i, m in enumerate(msgs) if "GRAPHHUNT_NEO4J_PASSWORD is not set" in m or
                         "committed" in m or "generation" in m)



@pytest.mark.parametrize("variants", [0, None])
def test_a_template_reworded_per_account_keeps_its_family_in_later_slices(monkeypatch, variants):
    """A ring rewords its template per account (a few words swapped for synonyms). On day 1 all eight
    accounts are active and found one family; later, two accounts a day. A later day's skeleton is the
    account's wording as far as that day's other account shares it, which can miss the family's one
    representative skeleton and found a new family: world12's trickle swarms (session 36) got 245-539
    template ids per ring from 28 daily refreshes, too scattered for any account to hold one, where
    detect gives their templates families held by 13-14 accounts. The registry now keeps the skeletons
    that joined a family, with their shingles (``TEMPLATE_VARIANTS_MAX``), and matches against all of
    them. This draw is one where keeping none (``variants=0``, the code before) moved 61 % of the later
    prompts out of their account's day-1 family. Since session 64 a first slice's wordings are grouped as
    detect groups them (mode seeking, not connected components): here two families, as in detect, where the
    components had chained all eight wordings into one; keeping no variants now moves 28 % of the later
    prompts."""
    import importlib

    R = importlib.import_module("graphhunt.refresh")  # the package's ``refresh`` attribute is the function
    if variants is not None:
        monkeypatch.setattr(R, "TEMPLATE_VARIANTS_MAX", variants)
    cfg = gh.Config()
    rng = np.random.default_rng(4)
    base = ("Solve the following geometry problem carefully and return the final answer as a single number "
            "followed by a short justification of each step: a triangle has sides {} and {} and angle {}").split()
    swaps = {"Solve": ["Work", "Answer", "Tackle"], "following": ["next", "below", "given"],
             "geometry": ["shape", "trigonometry", "plane"], "carefully": ["precisely", "rigorously", "diligently"],
             "problem": ["question", "exercise", "task"], "return": ["give", "report", "provide"],
             "final": ["last", "closing", "ultimate"], "short": ["brief", "concise", "compact"],
             "single": ["lone", "plain", "bare"], "justification": ["rationale", "explanation", "defence"]}
    wording = {}
    for a in range(8):
        w = list(base)
        for i, tok in enumerate(base):
            if tok in swaps and rng.random() < 0.3:
                w[i] = rng.choice(swaps[tok])
        wording[f"r{a}"] = w
    reg, reg_sh = R._empty_registry()
    first, same = {}, []
    for day in range(10):
        active = sorted(wording) if day == 0 else sorted(rng.choice(list(wording), 2, replace=False))
        rows = [(a, " ".join(wording[a]).format(*rng.integers(3, 99, 3)), T0 + day * 86_400 + 60 * k)
                for a in active for k in range(4)]
        df = pd.DataFrame(rows, columns=["account", "prompt", "ts"])
        out, reg, reg_sh = R._assign_templates(df["prompt"], pd.factorize(df["account"])[0],
                                               df["ts"].to_numpy(np.int64), reg, reg_sh, cfg)
        if day == 0:
            pc = cfg.prompts
            fam, _ = _detect_families(df["prompt"], pd.factorize(df["account"])[0], pc)
            assert len(reg) == len(set(fam.tolist())) == 2 and (fam >= 0).all()  # detect's families
        for (a, *_), t in zip(rows, out):
            if day == 0:
                assert t is not None
                first.setdefault(a, t)
            else:
                same.append(t == first[a])
    if variants == 0:
        assert np.mean(same) < 0.8 and len(reg) == 2
    else:
        assert np.mean(same) == 1.0 and len(reg) == 2
        n_var = reg["variant_hashes"].map(len).to_numpy() // 8
        assert 1 <= n_var.max() <= R.TEMPLATE_VARIANTS_MAX
        assert len(reg["variant_sigs"].iloc[0]) == n_var[0] * cfg.prompts.num_perm * 4  # uint32 signatures


def test_a_registry_written_before_template_variants_still_works():
    """States written before session 36 have no ``variant_hashes`` / ``variant_sigs`` columns: their
    families match on the representative skeleton and gain variants from then on."""
    import importlib

    R = importlib.import_module("graphhunt.refresh")
    cfg = gh.Config()
    rng = np.random.default_rng(2)
    tpl = ["Summarise the quarterly report {} for the board in three bullet points and flag every risk {}",
           "Please summarise the quarterly report {} for our board in three short bullet points and flag any risk {}"]
    rows = [(f"a{i}", tpl[i % 2].format(*rng.integers(10**4, size=2)), T0 + k) for i in range(4) for k in range(5)]
    df = pd.DataFrame(rows, columns=["account", "prompt", "ts"])
    out, reg, reg_sh = R._assign_templates(df["prompt"], pd.factorize(df["account"])[0],
                                           df["ts"].to_numpy(np.int64), *R._empty_registry(), cfg)
    old = reg.drop(columns=["variant_hashes", "variant_sigs"])
    rows2 = [(f"a{i}", tpl[i % 2].format(*rng.integers(10**4, size=2)), T0 + 86_400 + k) for i in range(4)
             for k in range(5)]
    df2 = pd.DataFrame(rows2, columns=["account", "prompt", "ts"])
    out2, reg2, _ = R._assign_templates(df2["prompt"], pd.factorize(df2["account"])[0],
                                        df2["ts"].to_numpy(np.int64), old, reg_sh, cfg)
    assert list(out2) == list(out) and set(reg2["template_id"]) == set(reg["template_id"])
    assert reg2["variant_hashes"].map(lambda b: isinstance(b, bytes)).all()


def test_an_earlier_days_refresh_run_again_keeps_its_own_output(world, tmp_path, caplog):
    """A fresh-eyes tester (session 50): after later slices were applied, re-running an earlier day's refresh
    into that day's --out (an Airflow backfill or "clear task" with --out runs/{{ds}}) said "nothing new" and
    replaced the day's archived outputs with the newest generation's. The output directory keeps the
    generation that applied those inputs: left as it is when it holds it, written from the state while the
    state keeps that generation, never given another generation's result."""
    import logging

    sd = tmp_path / "state"
    outs = [tmp_path / f"r{i}" for i in range(4)]
    for i, (p, o) in enumerate(zip(world["slices"], outs), start=1):
        rr = refresh(sd, p, world["accounts"], out=o, report=False)
        # an applied run's --out holds its own generation (session 52: outputs_generation was None here,
        # which the docstring gives only to an --out left without a result)
        assert (rr.applied, rr.generation, rr.outputs_generation, rr.inputs_generation) == (True, i, i, None)
        assert json.loads((o / "run.json").read_text())["refresh"]["generation"] == rr.outputs_generation
    snap = {o: _snapshot(o) for o in outs}
    state_before = _snapshot(sd)

    rr = refresh(sd, world["slices"][1], world["accounts"], out=outs[1], report=False)
    assert not rr.applied and rr.generation == 4
    assert (rr.inputs_generation, rr.outputs_generation) == (2, 2)
    assert _snapshot(outs[1]) == snap[outs[1]]
    # the same events re-exported under another name: found in generation 2's segment, the same answer
    copy = tmp_path / "replay.csv"
    pd.read_csv(world["slices"][1]).sample(frac=1.0, random_state=1).to_csv(copy, index=False)
    rr = refresh(sd, copy, world["accounts"], out=outs[1], report=False)
    assert (rr.duplicate_events > 0, rr.inputs_generation, rr.outputs_generation) == (True, 2, 2)
    assert _snapshot(outs[1]) == snap[outs[1]]
    # the latest slice again: idempotent, byte for byte
    rr = refresh(sd, world["slices"][3], world["accounts"], out=outs[3], report=False)
    assert (rr.inputs_generation, rr.outputs_generation) == (4, 4) and _snapshot(outs[3]) == snap[outs[3]]
    # an empty --out for a generation the state still keeps (the previous one): that generation's result
    rr = refresh(sd, world["slices"][2], world["accounts"], out=tmp_path / "x2", report=False)
    assert rr.outputs_generation == 3
    assert json.loads((tmp_path / "x2" / "run.json").read_text())["refresh"]["generation"] == 3
    for n in ("accounts.csv", "rings.csv", "changes.csv"):
        assert (tmp_path / "x2" / n).read_bytes() == (outs[2] / n).read_bytes(), n
    # ... for one it no longer keeps, or an --out that holds another generation's result: left alone, warned
    with caplog.at_level(logging.WARNING, logger="graphhunt.refresh"):
        rr = refresh(sd, world["slices"][1], world["accounts"], out=tmp_path / "x1", report=False)
        assert rr.outputs_generation is None and not (tmp_path / "x1").exists()
        assert "applied in generation 2" in caplog.text and "no longer keeps" in caplog.text
        caplog.clear()
        rr = refresh(sd, world["slices"][0], world["accounts"], out=outs[2], report=False)
        assert rr.outputs_generation == 3 and _snapshot(outs[2]) == snap[outs[2]]
        assert "holds generation 3's result" in caplog.text
    # the state's own output directory always holds the latest
    rr = refresh(sd, world["slices"][0], world["accounts"], report=False)
    assert rr.outputs_generation == 4
    assert json.loads((sd / "output" / "run.json").read_text())["refresh"]["generation"] == 4
    assert {k: v for k, v in _snapshot(sd).items() if not k.startswith("output/")} == state_before
    # and the command line says which generation the directory holds
    r = CliRunner().invoke(app, ["refresh", "--state", str(sd), str(world["slices"][1]), "--accounts",
                                 str(world["accounts"]), "--out", str(outs[1]), "--no-report"])
    assert r.exit_code == 0 and "in generation 2 (the state is at generation 4" in r.output, r.output
    assert f"{outs[1]}/ holds generation 2's result" in r.output and _snapshot(outs[1]) == snap[outs[1]]


def test_a_slice_that_brings_a_new_column_is_warned_about_and_later_slices_without_it_pass(world, tmp_path, caplog):
    """A fresh-eyes tester (session 50): one day's export with a payment_method column the state never had
    was accepted silently, and then every later normal day failed with exit 2 ("no 'payment_method' column,
    but the events already in the state have it") until --allow-missing-columns or the day aged out. Now
    the slice that brings it is warned about, later slices without it are accepted (their events lack that
    evidence; a warning when the slice before had it), and a column every stored slice has stays required."""
    import logging

    sd = tmp_path / "state"
    s = [pd.read_csv(p) for p in world["slices"]]
    no_pm = [d.drop(columns=["payment_method"], errors="ignore") for d in s]  # (the world's events have none)
    paths = []
    for i, d in enumerate(no_pm):
        if i == 1:  # one day's export with an extra column
            d = d.assign(payment_method="pm-" + d["account_id"].astype(str), device_id="dev-1")
        paths.append(tmp_path / f"day{i}.csv")
        d.to_csv(paths[-1], index=False)
    refresh(sd, paths[0], world["accounts"], report=False)
    with caplog.at_level(logging.WARNING, logger="graphhunt.refresh"):
        assert refresh(sd, paths[1], world["accounts"], report=False).applied
        assert "day1.csv: brings a column the events in the state do not have ('payment_method')" in caplog.text
        caplog.clear()
        r = CliRunner().invoke(app, ["refresh", str(paths[2]), "--state", str(sd), "--accounts",
                                     str(world["accounts"]), "--no-report"])
        assert r.exit_code == 0, r.output
        assert "no 'payment_method' column, which only some of the stored slices have" in r.output  # (stderr)
        caplog.clear()
        assert refresh(sd, paths[3], world["accounts"], report=False).applied
        assert "payment_method" not in caplog.text  # the slice before did not have it either: nothing to say
    st = read_state(sd)
    assert ["payment_method" in sg["columns"] for sg in st.manifest["segments"]] == [False, True, False, False]
    # a column every stored slice has is still required, and one accepted missing with the flag stays so
    ip_less = tmp_path / "day4-no-ip.csv"
    pd.read_csv(paths[3]).drop(columns=["ip"]).assign(timestamp=lambda d: pd.to_datetime(d["timestamp"])
                                                        + pd.Timedelta(hours=1)).to_csv(ip_less, index=False)
    with pytest.raises(InputError, match="'ip'"):
        refresh(sd, ip_less, world["accounts"], report=False)
    assert refresh(sd, ip_less, world["accounts"], report=False, allow_missing_columns=True).applied
    assert read_state(sd).manifest["segments"][-1]["allowed_missing"] == ["ip"]
    ip_less2 = tmp_path / "day5-no-ip.csv"
    pd.read_csv(ip_less).assign(timestamp=lambda d: pd.to_datetime(d["timestamp"])
                                + pd.Timedelta(hours=1)).to_csv(ip_less2, index=False)
    with pytest.raises(InputError, match="'ip'"):
        refresh(sd, ip_less2, world["accounts"], report=False)


def test_refresh_result_changes_have_the_same_columns_whether_or_not_anything_was_applied(world, tmp_path):
    """A fresh-eyes tester (session 50): RefreshResult.changes had 14 columns (no run_id) when nothing was
    applied and 15 when something was."""
    sd = tmp_path / "state"
    refresh(sd, world["slices"][0], world["accounts"], report=False)
    applied = refresh(sd, world["slices"][1], world["accounts"], report=False)
    again = refresh(sd, world["slices"][1], world["accounts"], report=False)
    assert applied.applied and not again.applied and len(again.changes) == 0
    assert list(again.changes.columns) == list(applied.changes.columns) == ["run_id", *CHANGE_COLUMNS]
    assert list(pd.read_csv(sd / "output" / "changes.csv").columns) == list(applied.changes.columns)
    assert dict(again.changes.dtypes) == dict(applied.changes.dtypes)


def test_a_growing_directory_of_slices_does_not_read_applied_files_again(world, tmp_path):
    """A tester, as a nightly job that passes the export directory (a growing list of slices, which the
    slice-column check allows): one day's file with a bad row was applied once by hand with
    --bad-rows drop, and every later scheduled run (without it) failed with exit 2 on that already
    applied file, since each run read and checked every file again. A file an earlier run applied is
    not read again; its events are in the state."""
    exports = tmp_path / "exports"
    exports.mkdir()
    shutil.copy(world["slices"][0], exports / "day0.csv")
    bad = pd.read_csv(world["slices"][1])
    bad.loc[3, "timestamp"] = "garbage"
    bad.to_csv(exports / "day1.csv", index=False)
    sd = tmp_path / "state"
    with pytest.raises(InputError, match="garbage"):
        refresh(sd, exports, world["accounts"])
    rr = refresh(sd, exports, world["accounts"], config={"input": {"bad_rows": "drop"}})
    assert rr.applied and rr.generation == 1
    shutil.copy(world["slices"][2], exports / "day2.csv")
    r = CliRunner().invoke(app, ["refresh", str(exports), "--state", str(sd), "--accounts", str(world["accounts"]),
                                 "--no-report", "-q"])
    assert r.exit_code == 0, r.output
    rr = refresh(sd, exports, world["accounts"])
    assert not rr.applied and rr.generation == 2
    m = json.loads((sd / "manifest.json").read_text())
    assert m["counts"]["events"] == sum(len(pd.read_csv(p)) for p in world["slices"][:3]) - 1


def test_a_directory_of_more_slices_than_the_manifest_remembers_is_not_read_again(tmp_path, monkeypatch):
    """The manifest remembered the last ``INPUTS_APPLIED_MAX`` (1,000) input entries, and a run appended one
    for every file it was given, the applied ones included. A job passing its export directory with more
    files than that (hourly slices: 42 days) lost the oldest files' entries in every run, so every later run
    read them again as new: their events, long out of the window, were counted and warned about as "older
    than the retention window, not stored" in every run (and a column those old files lack, required by now,
    would fail the run with exit 2). Now the entries of the files a run was given are kept, once each."""
    monkeypatch.setattr(sys.modules["graphhunt.refresh"], "INPUTS_APPLIED_MAX", 3)  # (a directory of 4 files instead of 1,000)
    ev, ac = make_world(n_benign=20, rings=(5,), days=7)
    exports = tmp_path / "exports"
    exports.mkdir()
    day = lambda d: pd.Timestamp(T0 + d * DAY, unit="s", tz="UTC")  # noqa: E731

    def add(d):
        s = ev[(ev["timestamp"] >= day(d)) & (ev["timestamp"] < day(d + 1))]
        s.assign(timestamp=s["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")).to_csv(exports / f"day{d}.csv", index=False)

    sd = tmp_path / "state"
    outside = []
    for d in range(7):
        add(d)
        rr = refresh(sd, exports, retention_days=4, report=False)
        outside.append(rr.outside_window)
    assert rr.applied and outside == [0] * 7  # the oldest days were read again, their events counted here
    entries = json.loads((sd / "manifest.json").read_text())["inputs_applied"]
    assert sorted(Path(e["path"]).name for e in entries) == [f"day{d}.csv" for d in range(7)]
    again = refresh(sd, exports, retention_days=4, report=False)
    assert not again.applied and again.outside_window == 0 and again.timings.get("dedupe") is None  # nothing read


def test_a_slice_whose_every_row_was_dropped_is_not_called_header_only(world, one_gen, tmp_path, caplog):
    """A tester: under --bad-rows drop, a day's export in a changed timestamp format (every row bad) was
    warned about as 'no events (header only)', as a quiet hour; the warning now says every row was
    dropped. (It stays 'nothing new', exit 0, as designed: --bad-rows drop asked for it.)"""
    bad = pd.read_csv(world["slices"][1])
    bad["timestamp"] = "01/11/2026"
    bad.to_csv(tmp_path / "all-bad.csv", index=False)
    with caplog.at_level("WARNING"):
        rr = refresh(one_gen, tmp_path / "all-bad.csv", config={"input": {"bad_rows": "drop"}}, report=False)
    assert not rr.applied
    assert "every row was a bad row" in caplog.text and "header only" not in caplog.text


def test_a_header_only_accounts_file_keeps_the_stored_accounts(world, one_gen, tmp_path, caplog):
    """A day's accounts export without sign-ups or changes (a header and no rows) stopped the scheduled refresh
    with exit 2 ('file has a header but no rows'), while a header-only events slice is a quiet hour. The accounts
    are merged into the stored ones, so such a file changes nothing: the run goes on with a warning. A 0-byte
    file is still bad input."""
    empty = tmp_path / "accounts-empty.csv"
    pd.read_csv(world["accounts"]).head(0).to_csv(empty, index=False)
    without = tmp_path / "without"
    shutil.copytree(one_gen, without)
    with caplog.at_level("WARNING"):
        rr = refresh(one_gen, world["slices"][1], empty, report=False)
    assert rr.applied and "no accounts (header only)" in caplog.text
    refresh(without, world["slices"][1], report=False)  # the same as a run given no accounts file
    key = lambda sd: read_state(sd).accounts.sort_values("account_id").reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(key(one_gen), key(without))
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][2]), "--state", str(one_gen), "--accounts", str(empty),
                                 "--no-report", "-q"])
    assert r.exit_code == 0, r.output
    zero = tmp_path / "accounts-0.csv"
    zero.write_bytes(b"")
    r = CliRunner().invoke(app, ["refresh", str(world["slices"][2]), "--state", str(one_gen), "--accounts", str(zero),
                                 "--no-report", "-q"])
    assert r.exit_code == EXIT_INPUT


def test_a_new_familys_exemplar_does_not_depend_on_the_rows_order():
    """A new family's exemplar (the registry's, shown in templates.csv and rings.csv) was the redacted text of
    its skeleton's first prompt in row order. Two prompts of one account in the same second keep their input
    order, so swapping them changed the exemplar (``... points … <num> …`` or ``... points …``), as in detect
    (tests/test_prompts.py::test_exemplar_does_not_depend_on_the_rows_order). Ties are broken by content."""
    from graphhunt.refresh import _assign_templates, _empty_registry

    t0 = pd.Timestamp("2026-11-02 09:00", tz="UTC")
    tpl = "summarize this customer review in three short bullet points: {}"
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa".split()
    rng = np.random.default_rng(0)
    rows = [(a, t0 + pd.Timedelta(minutes=10 * j + a), tpl.format(" ".join(rng.choice(words, 6))))
            for a in range(12) for j in range(6)]
    rows[0] = (0, t0, tpl.format("order 4417 arrived broken twice"))
    rows.insert(1, (0, t0, tpl.format("great product would buy again")))
    ev = pd.DataFrame(rows, columns=["acc", "timestamp", "prompt"])
    exemplars = []
    for order in ([0, 1], [1, 0]):
        e = ev.iloc[[*order, *range(2, len(ev))]].reset_index(drop=True)
        ts = e["timestamp"].astype("int64").to_numpy() // 10**9
        _, reg, _ = _assign_templates(e["prompt"], e["acc"].to_numpy(), ts, *_empty_registry(), gh.Config())
        exemplars.append(dict(zip(reg["template_id"], reg["exemplar"])))
    assert any(x.startswith("summarize this customer review") for x in exemplars[0].values())
    assert exemplars[0] == exemplars[1]


def test_a_reexport_of_applied_days_written_differently_is_warned_about(world, tmp_path, caplog):
    """A QA pass of session 64: a re-export of an applied day with whole-second timestamps passed the duplicate
    check as new events and was counted twice with exit 0 and no word. Most of a slice dated at or before the
    state's newest event is warned about; the next day's slice is not."""
    sd = tmp_path / "state"
    refresh(sd, world["slices"][0], world["accounts"], report=False)
    s0 = pd.read_csv(world["slices"][0])
    ts = pd.to_datetime(s0["timestamp"], utc=True, format="ISO8601")
    again = s0.assign(timestamp=(ts + pd.Timedelta(milliseconds=500)).dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    again.to_csv(tmp_path / "again.csv", index=False)
    with caplog.at_level("WARNING", logger="graphhunt.refresh"):
        refresh(sd, world["slices"][1], world["accounts"], report=False)
        assert "dated at or before the newest event" not in caplog.text
        caplog.clear()
        rr = refresh(sd, tmp_path / "again.csv", world["accounts"], report=False)
    assert rr.applied and rr.new_events > 0.9 * len(s0)  # taken in (late events are), but said
    assert "dated at or before the newest event the state holds" in caplog.text and "counted twice" in caplog.text


def test_a_report_that_fails_names_the_output_directory_not_the_temporary_one(world, tmp_path, monkeypatch, caplog):
    """An operator (session 76): with a full disk the report's failure said "results are complete - retry with
    `graphhunt report STATE/.tmp-gen-000013`", a directory the failed run then deleted. The retry names --out,
    and the message does not call a run that is still going complete."""
    import graphhunt.sinks.report as rep

    def broken(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rep, "write_report", broken)
    out = tmp_path / "out"
    with caplog.at_level("ERROR"):
        rr = refresh(tmp_path / "state", world["slices"][0], world["accounts"], out=out, report=True)
    assert rr.applied and (out / "run.json").is_file() and not (out / "report.html").exists()
    assert f"once it has finished, retry with `graphhunt report {out}`" in caplog.text
    assert ".tmp-gen" not in caplog.text and "results are complete" not in caplog.text


def test_rerunning_an_old_slice_into_another_state_s_output_of_that_generation_number_warns(world, tmp_path, caplog):
    """An operator (session 76): re-running a slice the state applied in generation 1 with --out holding another
    state's generation-1 result was told that directory "holds generation 1's result"; it is not this state's."""
    s0, s1 = world["slices"][0], world["slices"][1]
    a, b = tmp_path / "a", tmp_path / "b"
    refresh(a, s0, world["accounts"], out=tmp_path / "a1", report=False)
    refresh(a, s1, world["accounts"], out=tmp_path / "a2", report=False)
    refresh(b, s1, world["accounts"], out=tmp_path / "b1", report=False)  # b's generation 1: another run
    before = (tmp_path / "b1" / "run.json").read_bytes()
    with caplog.at_level("INFO", logger="graphhunt"):
        rr = refresh(a, s0, world["accounts"], out=tmp_path / "b1", report=False)
    assert not rr.applied and (tmp_path / "b1" / "run.json").read_bytes() == before
    assert "does not hold this state's generation 1" in caplog.text and "holds that generation's result" not in caplog.text
    caplog.clear()
    with caplog.at_level("INFO", logger="graphhunt"):  # its own generation-1 output: left as it is, said so
        refresh(a, s0, world["accounts"], out=tmp_path / "a1", report=False)
    assert f"{tmp_path / 'a1'} holds that generation's result" in caplog.text
