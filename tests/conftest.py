"""Shared fixtures: a small planted world written without the simulator."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

WORDS = ("apple banana river mountain code python data cloud music art history science robot ocean "
         "planet city garden winter summer travel recipe budget email poem story").split()


def make_world(seed: int = 0, n_benign: int = 300, office: int = 30, ring_size: int = 12,
               ring_shares_card: bool = False) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """Benign individuals, one office behind one NAT IP with a corporate card, one ring.

    The ring shares a private proxy pool and one template (different slot
    values per request), asks for step-by-step reasoning, gets long outputs,
    runs on a regular schedule, signed up within hours. Returns
    ``(events, accounts, ring_account_ids)``.
    """
    rng = np.random.default_rng(seed)
    t0 = int(pd.Timestamp("2026-11-01", tz="UTC").timestamp())
    rows, accs = [], []

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS, n))

    def created(days_back: float) -> str:
        return pd.Timestamp(t0 - days_back * 86400, unit="s", tz="UTC").isoformat()

    for i in range(n_benign):
        a = f"user{i:04d}"
        ip = f"10.{i % 250}.{rng.integers(255)}.{rng.integers(1, 255)}"
        accs.append((a, f"pm_u{i}", created(rng.uniform(30, 365))))
        for _ in range(rng.integers(5, 30)):
            rows.append((a, t0 + int(rng.integers(14 * 86400)), ip,
                         f"Tell me about {words(6)} please, {words(4)}", "Mozilla/5.0", int(rng.integers(100, 400))))
    for i in range(office):
        a = f"office{i:03d}"
        accs.append((a, "pm_corp" if i < 20 else f"pm_o{i}", created(rng.uniform(30, 365))))
        for _ in range(rng.integers(5, 30)):
            rows.append((a, t0 + int(rng.integers(14 * 86400)), "198.51.100.7",
                         f"How do I {words(5)} with {words(3)}?", "Mozilla/5.0", int(rng.integers(100, 400))))
    pool = [f"203.0.113.{k}" for k in range(8)]
    ring = set()
    for i in range(ring_size):
        a = f"acct{i:03d}x"
        ring.add(a)
        accs.append((a, "pm_ring" if ring_shares_card and i < 4 else f"pm_r{i}", created(5 - rng.uniform(0, 0.4))))
        start = t0 + int(rng.integers(3600))
        for j in range(200):
            rows.append((a, start + j * 3000 + int(rng.integers(60)), pool[rng.integers(8)],
                         f"Solve problem {rng.integers(10000)} about {words(2)}: compute the integral of "
                         f"x^{rng.integers(9)} step by step and explain your reasoning in detail",
                         "python-requests/2.31", int(rng.integers(1500, 3000))))
    ev = pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "prompt", "user_agent", "output_tokens"])
    ev["timestamp"] = pd.to_datetime(ev["timestamp"], unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    ac = pd.DataFrame(accs, columns=["account_id", "payment_method", "created_at"])
    return ev, ac, ring


@pytest.fixture(scope="session")
def world():
    return make_world()


@pytest.fixture()
def world_files(tmp_path: Path, world):
    ev, ac, ring = world
    ev.to_csv(tmp_path / "events.csv", index=False)
    ac.to_csv(tmp_path / "accounts.csv", index=False)
    return tmp_path / "events.csv", tmp_path / "accounts.csv", ring


@pytest.fixture(autouse=True)
def _root_log_handlers_restored():
    """The CLI configures the root logger with the stream it runs on (``logging.basicConfig(force=True)``);
    under ``CliRunner`` that stream is closed when the command returns, and every later test's log record
    printed a "Logging error" traceback to it. Each test ends with the root handlers it started with."""
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
