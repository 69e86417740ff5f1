"""Small synthetic worlds for the report, explain, export and browser tests.

Independent of graphhunt.simulate so these tests run on their own; small
enough that detect takes a second or two.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

WORDS = ("apple banana river mountain code python data cloud music art history science robot ocean planet city "
         "garden winter summer forest").split()
# free text: a vocabulary as large as people's (20 words would make every 3-word phrase a "template")
_SYL = "ka lo mi ne ru sa te vo pi da ge fu ho ja ze".split()
FREE_WORDS = [a + b + c for a in _SYL for b in _SYL for c in _SYL]
#: prefix of a word unique to each benign user (their private text): it must never appear in a report
#: (words many accounts type in the same place are template skeleton and may appear in exemplars)
BENIGN_CANARY = "zebracanary"
#: an email inside ring prompts: exemplars must mask it
RING_EMAIL = "operator.one@example.org"
RING_TEMPLATES = [
    "Reply to {email}. Solve problem {x} about {w}: compute the integral of x^{m} step by step and explain your "
    "reasoning in detail",
    "Write a Python function number {x} that sorts {w} records; think step by step and show every intermediate "
    "reasoning step before the final code for {email}",
    "Translate passage {x} on {w} into French, then explain each grammatical choice step by step with your "
    "full chain of thought",
]
T0 = pd.Timestamp("2026-11-01", tz="UTC").value // 10**9


def make_world(out: Path, seed: int = 0, n_benign: int = 300, ring_sizes: tuple[int, ...] = (12, 8),
               n_office: int = 25, n_tiny_rings: int = 0, n_pairs: int = 0) -> tuple[Path, Path]:
    """Write ``events.csv`` and ``accounts.csv`` under ``out``; returns their paths.

    ``ring_sizes``: distillation rings (shared IP pool and payment, one prompt
    template, sign-up burst, round-the-clock regular traffic). ``n_office``:
    benign accounts behind one NAT IP (a community that must not be flagged).
    ``n_tiny_rings``: extra 3-account groups sharing a payment method (many
    low-risk rings, for table-size tests). ``n_pairs``: 2-account groups sharing
    a payment method (linked, but below the minimum ring size).
    """
    rng = np.random.default_rng(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    ev, ac = [], []

    def words(n, k):
        return [" ".join(r) for r in rng.choice(FREE_WORDS, (n, k))]

    # benign
    for i in range(n_benign):
        a = f"u{i:04d}"
        n = int(rng.integers(5, 25))
        ac.append((a, f"pm-u{i}", T0 - int(rng.integers(365 * 86400))))
        ts = T0 + rng.integers(0, 14 * 86400, n)
        txt = [f"Tell me about {w} {BENIGN_CANARY}{i} please" for w in words(n, 6)]
        ev.append(pd.DataFrame({"account_id": a, "timestamp": ts, "ip": f"10.{i % 250}.{i // 250}.{rng.integers(1, 255)}",
                                "prompt": txt, "user_agent": "Mozilla/5.0", "output_tokens": rng.integers(100, 400, n)}))
    # office behind one NAT
    for i in range(n_office):
        a = f"office{i:03d}"
        n = int(rng.integers(5, 25))
        ac.append((a, "pm-corp" if i < n_office * 2 // 3 else f"pm-o{i}", T0 - int(rng.integers(365 * 86400))))
        ts = T0 + rng.integers(0, 14 * 86400, n)
        ev.append(pd.DataFrame({"account_id": a, "timestamp": ts, "ip": "198.51.100.7",
                                "prompt": [f"How do I {w}?" for w in words(n, 5)], "user_agent": "Mozilla/5.0",
                                "output_tokens": rng.integers(100, 400, n)}))
    # distillation rings
    for r, size in enumerate(ring_sizes):
        pool = [f"203.0.{113 + r}.{k}" for k in range(6)]
        born = T0 - (5 + 3 * r) * 86400
        for i in range(size):
            a = f"ring{r}-{i:02d}"
            ac.append((a, f"pm-ring{r}-{i % 3}", born + int(rng.integers(36000))))
            n = 150
            ts = T0 + int(rng.integers(3600)) + np.arange(n) * 3300 + rng.integers(0, 60, n)
            nums = rng.integers(1000, 99999, n)
            tpl = RING_TEMPLATES[r % len(RING_TEMPLATES)]
            txt = [tpl.format(x=x, m=x % 9, w=w, email=RING_EMAIL) for x, w in zip(nums, words(n, 2))]
            ev.append(pd.DataFrame({"account_id": a, "timestamp": ts, "ip": rng.choice(pool, n), "prompt": txt,
                                    "user_agent": "python-requests/2.31", "output_tokens": rng.integers(1500, 3000, n)}))
    # many tiny low-risk groups sharing a payment method
    if n_tiny_rings:
        ids = np.array([f"t{g:04d}-{j}" for g in range(n_tiny_rings) for j in range(3)])
        grp = np.repeat(np.arange(n_tiny_rings), 3)
        for a, g in zip(ids, grp):
            ac.append((a, f"pm-tiny{g}", T0 - int(rng.integers(365 * 86400))))
        n_ev = 2
        acc_ev = np.repeat(ids, n_ev)
        m = len(acc_ev)
        ev.append(pd.DataFrame({"account_id": acc_ev, "timestamp": T0 + rng.integers(0, 14 * 86400, m),
                                "ip": [f"10.200.{k // 250}.{k % 250}" for k in range(m)],
                                "prompt": [f"What is {w}?" for w in words(m, 4)], "user_agent": "Mozilla/5.0",
                                "output_tokens": rng.integers(100, 400, m)}))
    for p in range(n_pairs):
        for j in range(2):
            a = f"pair{p:03d}-{j}"
            ac.append((a, f"pm-pair{p}", T0 - int(rng.integers(365 * 86400))))
            ev.append(pd.DataFrame({"account_id": a, "timestamp": T0 + rng.integers(0, 14 * 86400, 4),
                                    "ip": f"10.250.{p}.{j + 1}", "prompt": [f"Hello {w}" for w in words(4, 3)],
                                    "user_agent": "Mozilla/5.0", "output_tokens": rng.integers(100, 400, 4)}))
    events = pd.concat(ev, ignore_index=True)
    events["timestamp"] = pd.to_datetime(events["timestamp"], unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    accounts = pd.DataFrame(ac, columns=["account_id", "payment_method", "created_at"])
    accounts["created_at"] = pd.to_datetime(accounts["created_at"], unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    ep, ap = out / "events.csv", out / "accounts.csv"
    events.to_csv(ep, index=False)
    accounts.to_csv(ap, index=False)
    return ep, ap


def detect_into(world: Path, run: Path, report: bool = True, overrides: list[str] | None = None, **kw):
    """Generate a world under ``world`` and run detect into ``run``; returns the DetectionResult."""
    from graphhunt.cli.detect import run_detect

    ep, ap = make_world(world, **kw)
    return run_detect(ep, run, ap, overrides=overrides, report=report)


_CACHE: dict[tuple, tuple] = {}
_BASE: list[Path] = []


def shared_run(**kw) -> Path:
    """A run directory for these world parameters, computed once per test process and shared by the
    report, export and browser tests (they must not modify it: copy it first)."""
    import atexit
    import shutil
    import tempfile

    key = tuple(sorted(kw.items()))
    if key not in _CACHE:
        if not _BASE:
            _BASE.append(Path(tempfile.mkdtemp(prefix="gh-report-tests-")))
            atexit.register(shutil.rmtree, _BASE[0], ignore_errors=True)  # removed when the test process ends
        d = _BASE[0] / f"run{len(_CACHE)}"
        res = detect_into(d / "world", d / "run", **kw)
        _CACHE[key] = (d / "run", res)
    return _CACHE[key][0]


def shared_result(**kw):
    """The DetectionResult behind :func:`shared_run` (same parameters); do not modify it."""
    shared_run(**kw)
    return _CACHE[tuple(sorted(kw.items()))][1]


#: the world most tests share: two distillation rings, an office behind one NAT, a linked pair
STANDARD = dict(n_benign=120, ring_sizes=(12, 8), n_office=15, n_pairs=1)
