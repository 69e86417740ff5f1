"""End-to-end check: a ring whose only shared signals are reworded templates and a proxy pool.

Writes ``events.csv`` and ``accounts.csv`` for a world where

* ``n_ring`` ring accounts each word three distillation templates their own
  way (greeting prefix, inserted filler word, synonym), fill them with
  different values, and send their requests through a shared pool of proxy
  IPs; every ring account has its own payment method, so payment links
  nothing;
* ``n_benign`` benign accounts use popular benign templates ("Translate to
  French: ...", "Summarize ...", awesome-chatgpt-prompts when the shared data
  is present) followed by their own text, from their own IPs (a few share
  carrier NATs) and own payment methods;

then runs ``python -m graphhunt detect`` on it and reports which flagged
rings contain ring accounts and whether any benign account was flagged.

Usage: ``python benchmarks/prompts_e2e.py [OUT_DIR]``
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

RING_TEMPLATES = [
    "You are an expert mathematician. Solve problem {n} step by step: {q} Show all intermediate reasoning and "
    "state the final answer on its own line.",
    "As a senior software engineer, explain how the following function works and reason through its edge "
    "cases before answering: {q}",
    "Read the passage below and answer the question with a detailed rationale. Passage: {t} Question: {q}",
]
PREFIXES = ["", "Hi! ", "Task: ", "Please help: ", "Hello. ", "Request: "]
FILLERS = ["please", "carefully", "now", "kindly", "exactly"]
SYN = {"expert": "specialist", "explain": "describe", "detailed": "thorough", "passage": "text", "answer": "respond to"}
BENIGN_TEMPLATES = ["Translate to French: {t}", "Summarize the following text in two sentences: {t}",
                    "Fix the grammar of this sentence: {q}", "Write a short poem about {w}", "What is {w}?",
                    "Give me three ideas for {q}"]


def _reword(t: str, rng: np.random.Generator) -> str:
    words = t.split(" ")
    words = [SYN.get(w, w) if rng.random() < 0.5 else w for w in words]
    i = int(rng.integers(1, len(words)))
    words.insert(i, FILLERS[int(rng.integers(len(FILLERS)))])
    return PREFIXES[int(rng.integers(len(PREFIXES)))] + " ".join(words)


def make(out: Path, n_ring: int = 40, n_benign: int = 3000, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    vocab = np.array([a + b + c for a in "bdfgklmnprstvz" for b in "aeiou" for c in ["", "n", "r", "s", "l", "m"]
                      for _ in (0,)] + ["data", "model", "river", "city", "music", "garden", "energy", "market"])

    def words(n):
        return " ".join(rng.choice(vocab, n))

    awesome = None
    try:
        import prompts_data

        awesome = prompts_data.load_awesome().tolist()
    except Exception:  # shared data absent: synthetic benign templates only
        awesome = None
    t0 = 1_767_225_600
    rows, accs = [], []
    nat = [f"100.64.{i}.1" for i in range(10)]
    for b in range(n_benign):
        a = f"user{b:05d}"
        accs.append((a, f"pm-u{b}", pd.Timestamp(t0 - int(rng.integers(10, 700)) * 86400, unit="s", tz="UTC").isoformat()))
        ip = nat[int(rng.integers(len(nat)))] if rng.random() < 0.2 else f"198.{b // 250}.{b % 250}.{int(rng.integers(1, 250))}"
        for _ in range(int(rng.integers(3, 25))):
            if awesome is not None and rng.random() < 0.3:
                p = awesome[int(min(rng.zipf(1.3), len(awesome)) - 1)] + "\n" + words(int(rng.integers(3, 20)))
            else:
                tpl = BENIGN_TEMPLATES[int(min(rng.zipf(1.5), len(BENIGN_TEMPLATES)) - 1)]
                p = tpl.format(t=words(int(rng.integers(10, 60))), q=words(int(rng.integers(4, 12))), w=words(2))
            rows.append((a, t0 + int(rng.integers(0, 7 * 86400)), ip, p, "Mozilla/5.0", int(rng.integers(50, 600))))
    proxies = [f"203.0.113.{i}" for i in range(1, 31)]
    for r in range(n_ring):
        a = f"acct{r:04d}"
        accs.append((a, f"pm-r{r}", pd.Timestamp(t0 - int(rng.integers(1, 30)) * 86400, unit="s", tz="UTC").isoformat()))
        mine = [_reword(t, rng) for t in RING_TEMPLATES]
        for j in range(150):
            tpl = mine[int(rng.integers(len(mine)))]
            p = tpl.format(n=int(rng.integers(10**5)), q=words(int(rng.integers(8, 30))), t=words(int(rng.integers(40, 120))))
            rows.append((a, t0 + int(rng.integers(0, 7 * 86400)), proxies[int(rng.integers(len(proxies)))], p,
                         "python-httpx/0.27", int(rng.integers(1500, 4000))))
    out.mkdir(parents=True, exist_ok=True)
    ev = pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "prompt", "user_agent", "output_tokens"])
    ev["timestamp"] = pd.to_datetime(ev["timestamp"], unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    ev.to_csv(out / "events.csv", index=False)
    pd.DataFrame(accs, columns=["account_id", "payment_method", "created_at"]).to_csv(out / "accounts.csv", index=False)


def main(argv: list[str]) -> dict:
    out = Path(argv[0]) if argv else Path("/tmp/graphhunt_prompts_e2e")
    make(out)
    res_dir = out / "result"
    p = subprocess.run([sys.executable, "-m", "graphhunt", "detect", str(out / "events.csv"), "-a", str(out / "accounts.csv"),
                        "-o", str(res_dir), "-q"], cwd=HERE.parent, capture_output=True, text=True)
    if p.returncode:
        raise SystemExit(f"detect failed ({p.returncode}): {p.stderr[-2000:]}")
    acc = pd.read_csv(res_dir / "accounts.csv")
    rings = pd.read_csv(res_dir / "rings.csv")
    flagged_col = "flagged" if "flagged" in acc.columns else None
    is_ring = acc["account_id"].astype(str).str.startswith("acct")
    in_ring = acc["ring_id"].notna() & (acc["ring_id"].astype(str) != "")
    flagged = acc[flagged_col].astype(bool) if flagged_col else in_ring
    summary = {
        "ring_accounts": int(is_ring.sum()),
        "ring_accounts_flagged": int((is_ring & flagged).sum()),
        "benign_accounts_flagged": int((~is_ring & flagged).sum()),
        "benign_accounts_in_any_ring": int((~is_ring & in_ring).sum()),
        "rings": int(len(rings)),
        "top_ring": rings.iloc[0][[c for c in ("ring_id", "size", "risk_score", "reasons") if c in rings.columns]].to_dict()
        if len(rings) else {},
    }
    print(json.dumps(summary, indent=1, default=str))
    return summary


if __name__ == "__main__":
    main(sys.argv[1:])
