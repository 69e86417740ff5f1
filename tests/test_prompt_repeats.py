"""scoring.max_repeats_per_prompt: a harvest needs new inputs, so an account's sends of one exact prompt text
beyond the k-th are no volume. A monitoring vendor's fixed health check, every quarter hour round the clock from
two shared probe addresses, is scripted, busy and templated like a ring; without answer lengths in the log
(world36's `--minimal` draws) it was flagged as one."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from graphhunt.cli import app
from graphhunt.links.prompts import prompt_hashes, repeats_of_hashes, repeats_over

runner = CliRunner()


@pytest.fixture(scope="module")
def monitor_world(tmp_path_factory):
    from conftest import make_world

    ev, ac, ring = make_world()
    rng = np.random.default_rng(5)
    t0 = int(pd.Timestamp("2026-11-01", tz="UTC").timestamp())
    rows, accs = [], []
    for i in range(12):
        a = f"monitor{i:02d}"
        accs.append((a, f"pm_m{i}", pd.Timestamp(t0 - 200 * 86400, unit="s", tz="UTC").isoformat()))
        period = 900 + 60 * i
        for j in range(14 * 86400 // period):
            rows.append((a, t0 + j * period + int(rng.integers(5)), f"192.0.2.{1 + j % 2}",
                         "Health check: reply with the single word pong.", "uptime-probe/3.1", 1))
    mon = pd.DataFrame(rows, columns=ev.columns)
    mon["timestamp"] = pd.to_datetime(mon["timestamp"], unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    d = tmp_path_factory.mktemp("monitors")
    ev2 = pd.concat([ev, mon], ignore_index=True).drop(columns=["output_tokens", "user_agent"])  # a minimal log
    ev2.to_csv(d / "events.csv", index=False)
    pd.concat([ac, pd.DataFrame(accs, columns=ac.columns)], ignore_index=True).to_csv(d / "accounts.csv", index=False)
    return d, ring, {a for a, *_ in accs}


def _flagged(out) -> set:
    a = pd.read_csv(out / "accounts.csv")
    return set(a.loc[a["flagged"], "account_id"])


def test_repeats_over_counts_sends_beyond_the_kth_of_one_text():
    s = pd.Series(["ping"] * 12 + ["x", "y"] + ["pong"] * 3, dtype="string[pyarrow]")
    acc = np.array([0] * 12 + [1, 1] + [1] * 3)
    assert repeats_over(s, np.arange(len(s)), acc, 2, 8).tolist() == [4, 0]
    assert repeats_over(s, np.arange(len(s)), acc, 2, 2).tolist() == [10, 1]
    assert repeats_over(s, np.arange(len(s)), acc, 2, 0).tolist() == [0, 0]  # off
    # texts of equal length that differ are not repeats (the length only picks what is hashed)
    same_len = pd.Series([f"item {i:04d}" for i in range(50)], dtype="string[pyarrow]")
    assert repeats_over(same_len, np.arange(50), np.zeros(50, int), 1, 8).tolist() == [0]
    # the refresh path (stored hashes) counts the same
    h = prompt_hashes(s).view(np.int64)
    assert repeats_of_hashes(acc, h, 2, 8).tolist() == [4, 0]


def test_a_fixed_health_check_is_no_harvest_and_the_ring_is_still_found(monitor_world, tmp_path):
    d, ring, monitors = monitor_world
    base = ["detect", str(d / "events.csv"), "--accounts", str(d / "accounts.csv"), "--no-report", "-q"]
    assert runner.invoke(app, base + ["--out", str(tmp_path / "off"), "--set",
                                      "scoring.max_repeats_per_prompt=0"]).exit_code == 0
    off = _flagged(tmp_path / "off")
    assert monitors <= off and ring <= off  # what the rule is for: every monitor flagged without it
    assert runner.invoke(app, base + ["--out", str(tmp_path / "on")]).exit_code == 0
    on = _flagged(tmp_path / "on")
    assert not (on & monitors) and ring <= on and on == off - monitors
    import json

    rep = json.loads((tmp_path / "on" / "run.json").read_text())["repeated_requests"]
    assert rep["accounts"] == len(monitors) and rep["requests"] > 10_000


def test_refresh_counts_repeats_over_its_window_as_detect_does(monitor_world, tmp_path):
    d, ring, monitors = monitor_world
    ev = pd.read_csv(d / "events.csv").sort_values("timestamp")
    cut = int(len(ev) * 0.6)
    ev.iloc[:cut].to_csv(tmp_path / "s1.csv", index=False)
    ev.iloc[cut:].to_csv(tmp_path / "s2.csv", index=False)
    st = tmp_path / "state"
    for s in ("s1", "s2"):
        r = runner.invoke(app, ["refresh", str(tmp_path / f"{s}.csv"), "--state", str(st), "--accounts",
                                str(d / "accounts.csv"), "--no-report", "-q"])
        assert r.exit_code == 0, r.output
    seg = pd.concat(pd.read_parquet(p) for p in sorted((st / "segments").glob("*.parquet")))
    assert "prompt_hash" in seg and seg["prompt_hash"].notna().all()
    got = _flagged(st / "output")
    assert not (got & monitors) and ring <= got
