"""A scheduled refresh says what the input lacks (no payment_method column, no accounts table, ...) as a warning the
first time its state sees it and as an INFO note on later runs (the manifest's ``input_notes``); a column that goes
missing later, or a new state, is a warning again (session 79; left from session 76's review: an hourly job repeated
the same warnings every run)."""
from __future__ import annotations

import json
import logging

import numpy as np
import pandas as pd

from graphhunt.refresh import refresh


def _slice(path, day: int, with_ip: bool = True) -> None:
    rng = np.random.default_rng(day)
    t0 = pd.Timestamp("2026-11-01", tz="UTC") + pd.Timedelta(days=day)
    df = pd.DataFrame({"account_id": [f"u{i}" for i in range(40)],
                       "timestamp": [t0 + pd.Timedelta(minutes=int(m)) for m in rng.integers(0, 1400, 40)],
                       "ip": [f"203.0.{i % 5}.{i}" for i in range(40)]})
    (df if with_ip else df.drop(columns="ip")).to_csv(path, index=False)


def _warned(caplog) -> set[str]:
    return {r.getMessage() for r in caplog.records if r.name == "graphhunt.detector" and r.levelno >= logging.WARNING}


def test_input_shape_warnings_once_per_state(tmp_path, caplog):
    for d in range(3):
        _slice(tmp_path / f"s{d}.csv", d)
    state = tmp_path / "state"
    with caplog.at_level(logging.INFO, logger="graphhunt"):
        refresh(state, tmp_path / "s0.csv", out=tmp_path / "o0")
    first = _warned(caplog)
    assert any("no 'payment_method' column in the input" in w for w in first)
    assert any(w.startswith("no accounts file") for w in first)
    notes = json.loads((state / "manifest.json").read_text())["input_notes"]
    assert {"no-column:payment_method", "no-accounts"} <= set(notes)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="graphhunt"):
        refresh(state, tmp_path / "s1.csv", out=tmp_path / "o1")
    assert not _warned(caplog)  # the same shape: notes only ...
    said = [r for r in caplog.records if "no 'payment_method' column in the input" in r.getMessage()]
    assert said and all(r.levelname == "INFO" for r in said)  # ... still in the log
    # a new state warns again
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="graphhunt"):
        refresh(tmp_path / "other", tmp_path / "s1.csv", out=tmp_path / "o2")
    assert _warned(caplog) == first
