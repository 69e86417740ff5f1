"""Benchmark: a refresh adding ~1% new events to a large state vs a full ``detect`` on all the data.

Usage::

    python benchmarks/bench_refresh.py --accounts 100000 [--json out.json] [--only world|detect|state]

Everything but the timed refresh is cached on disk under
``$TMPDIR/graphhunt-bench-refresh/n<accounts>-seed<seed>-new<share>/`` (world
files, the full detect's time and accounts, the initial state per state format
version), so repeating the measurement costs one refresh. Steps: generate a world (benign users whose prompts come from the real
awesome-chatgpt-prompts list plus their own words, carrier NATs, and planted
rings sharing proxies, cards and prompt templates, all active over 30 days);
cut it at the time that leaves the newest 1% of events as the "new slice";
build the state with one refresh over the first 99% (reported, not timed
against the target); then time

* ``refresh``: the new 1% slice into that state (load, dedupe, template ids
  for new prompts, projection, seeded Leiden, scoring, ring ids, writes);
* ``detect``: load all events + ``Detector.fit`` + ``write_result``;

and compare ring memberships: for the accounts flagged by the full run, the
share that the refresh puts in the ring matched (one to one, by overlap) to
their full-run ring. Reads the prompt list from ``GRAPHHUNT_SHARED_DATA``
(default ``<repo>/../shared/data``); it is never copied into the repository.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import graphhunt as gh  # noqa: E402
from graphhunt.refresh import refresh  # noqa: E402

DAY = 86400
WORDS = np.array(("apple banana river mountain code python data cloud music art history science robot ocean "
                  "planet city garden winter summer travel budget email letter poem story recipe health sport "
                  "market stock movie book essay report slides translate summarize explain compare list plan "
                  "weekend family school work project team meeting invoice client product design bug test").split())
RING_TEMPLATES = [
    "Question {a}: solve the following problem about {w} and show your work step by step. Problem: {b}",
    "You are a helpful tutor. Explain the concept of {w} in detail, then answer item {a} with full reasoning: {b}",
    "Task id {a}. Translate the following passage about {w} into French and justify each choice: {b}",
    "Generate a detailed answer with chain of thought for prompt #{a} on the topic {w}. Context: {b}",
    "Write python code that solves exercise {a} regarding {w}; explain the algorithm before the code. {b}",
    "Read the passage and answer the multiple choice question {a} about {w}. Think carefully. Passage: {b}",
]


def _vocab(rng, n: int = 40_000) -> np.ndarray:
    """Letters-only pseudo-words (digits would be masked as ids and become shared text)."""
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    lens = rng.integers(4, 9, size=n)
    mat = letters[rng.integers(26, size=(n, 8))]
    return np.array(["".join(r[:k]) for r, k in zip(mat, lens)], dtype=object)


def _words(rng, n_rows: int, k: int, vocab: np.ndarray = WORDS) -> pd.Series:
    w = vocab[rng.integers(len(vocab), size=(n_rows, k))]
    s = pd.Series(w[:, 0])
    for j in range(1, k):
        s = s + " " + w[:, j]
    return s


def make_world(n_accounts: int, seed: int = 0, days: int = 30, ring_share: float = 0.05):
    """Vectorised synthetic world: returns (events, accounts, truth)."""
    rng = np.random.default_rng(seed)
    t0 = int(pd.Timestamp("2026-10-01", tz="UTC").value // 10**9)
    shared = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", ROOT.parent / "shared" / "data"))
    real = pd.read_csv(shared / "prompts" / "awesome-chatgpt-prompts.csv")["prompt"].astype(str).str.slice(0, 240)
    real = real.to_numpy(dtype=object)
    # rings
    n_ring_acc = int(n_accounts * ring_share)
    sizes = []
    while sum(sizes) < n_ring_acc:
        sizes.append(int(np.clip(rng.geometric(1 / 25) + 4, 5, 200)))
    n_benign = n_accounts - sum(sizes)
    # benign accounts
    b_ids = np.array([f"u{i:07d}" for i in range(n_benign)], dtype=object)
    n_ev = np.clip(rng.lognormal(2.6, 0.7, n_benign).astype(int), 2, 300)
    acc = np.repeat(np.arange(n_benign), n_ev)
    m = len(acc)
    ts = t0 + rng.integers(days * DAY, size=m)
    home = np.array([f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i in range(n_benign)], dtype=object)
    nat = np.array([f"100.64.{i // 256}.{i % 256}" for i in range(max(200, n_benign // 30))], dtype=object)
    use_nat = rng.random(m) < 0.1
    ip = np.where(use_nat, nat[rng.integers(len(nat), size=m)], home[acc])
    # 30% of benign prompts reuse a public prompt from the real list, the rest are the user's own words
    vocab = _vocab(rng)
    from_real = rng.random(m) < 0.3
    own = _words(rng, m, 3) + " " + _words(rng, m, 9, vocab)
    prompt = np.where(from_real, pd.Series(real[rng.integers(len(real), size=m)]) + " " + _words(rng, m, 3, vocab), own)
    ua = np.array(["Mozilla/5.0 (Windows)", "Mozilla/5.0 (Mac)", "Mozilla/5.0 (Linux)", "openai-python/1.3",
                   "curl/8.0"], dtype=object)[rng.choice(5, size=m, p=[0.4, 0.3, 0.1, 0.15, 0.05])]
    benign = pd.DataFrame({"account_id": b_ids[acc], "ts": ts, "ip": ip, "prompt": prompt,
                           "user_agent": ua, "output_tokens": rng.integers(50, 600, size=m)})
    pm = np.array([f"pm-u{i}" for i in range(n_benign)], dtype=object)
    fam = rng.random(n_benign) < 0.05  # families sharing a card with the next account
    pm[1:][fam[1:]] = pm[:-1][fam[1:]]
    created = t0 - rng.integers(700 * DAY, size=n_benign)
    accounts = [pd.DataFrame({"account_id": b_ids, "payment_method": pm, "created_at": created})]
    truth = [pd.DataFrame({"account_id": b_ids, "ring": ""})]
    # ring accounts
    parts = []
    for r, size in enumerate(sizes):
        ids = np.array([f"ring{r:04d}-{i:03d}" for i in range(size)], dtype=object)
        per = rng.integers(40, 120, size=size)
        a = np.repeat(np.arange(size), per)
        k = len(a)
        pool = np.array([f"198.{18 + r // 250}.{r % 250}.{j}" for j in range(int(rng.integers(4, 16)))], dtype=object)
        tpl = rng.choice(len(RING_TEMPLATES), size=int(rng.integers(1, 3)), replace=False)
        tk = tpl[rng.integers(len(tpl), size=k)]
        slot_a = rng.integers(10**6, size=k).astype(str)
        w = _words(rng, k, 2).to_numpy()
        b = _words(rng, k, 8, vocab).to_numpy()
        texts = [RING_TEMPLATES[t].format(a=x, w=y, b=z) for t, x, y, z in zip(tk.tolist(), slot_a, w, b)]
        parts.append(pd.DataFrame({
            "account_id": ids[a], "ts": t0 + rng.integers(days * DAY, size=k),
            "ip": pool[rng.integers(len(pool), size=k)], "prompt": texts,
            "user_agent": f"python-httpx/0.{r % 7}", "output_tokens": rng.integers(1200, 4000, size=k)}))
        cards = np.array([f"pm-ring{r}-{j}" for j in range(int(rng.integers(1, 4)))], dtype=object)
        accounts.append(pd.DataFrame({"account_id": ids, "payment_method": cards[rng.integers(len(cards), size=size)],
                                      "created_at": t0 - 10 * DAY + rng.integers(3 * DAY, size=size)}))
        truth.append(pd.DataFrame({"account_id": ids, "ring": f"ring{r:04d}"}))
    ev = pd.concat([benign] + parts, ignore_index=True)
    ev["timestamp"] = pd.to_datetime(ev.pop("ts"), unit="s", utc=True)
    ac = pd.concat(accounts, ignore_index=True)
    ac["created_at"] = pd.to_datetime(ac["created_at"], unit="s", utc=True)
    return ev, ac, pd.concat(truth, ignore_index=True)


def ring_agreement(full: pd.DataFrame, ref: pd.DataFrame) -> dict:
    """Share of the full run's flagged accounts that the refresh puts in the matching ring.

    Rings are matched one to one by overlap (greedy, largest first) over the
    flagged accounts of the full run.
    """
    f = full[full["flagged"]][["account_id", "ring_id"]]
    m = f.merge(ref[["account_id", "ring_id", "flagged"]], on="account_id", suffixes=("_full", "_ref"))
    ov = m[m["ring_id_ref"] != ""].groupby(["ring_id_full", "ring_id_ref"]).size().sort_values(ascending=False)
    used_f, used_r, pairs = set(), set(), {}
    for (a, b), _ in ov.items():  # one per ring pair
        if a not in used_f and b not in used_r:
            pairs[a] = b
            used_f.add(a)
            used_r.add(b)
    same = (m["ring_id_full"].map(pairs) == m["ring_id_ref"]).sum()
    fr = set(full.loc[full["flagged"], "account_id"])
    rr = set(ref.loc[ref["flagged"], "account_id"])
    return {"flagged_full": len(fr), "flagged_refresh": len(rr),
            "same_ring_share": round(float(same / max(len(f), 1)), 4),
            "flagged_jaccard": round(len(fr & rr) / max(len(fr | rr), 1), 4)}


def _load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split(" ")[:3].__str__()
    except OSError:
        return "?"


def _cache_dir(args) -> Path:
    base = args.cache or Path(os.environ.get("TMPDIR") or "/tmp") / "graphhunt-bench-refresh"
    return base / f"n{args.accounts}-seed{args.seed}-new{args.new_share:g}"


def _ensure_world(c: Path, args) -> dict:
    """Generate the world once per (size, seed, new share); later runs reuse the files."""
    meta_p = c / "world.json"
    if meta_p.exists():
        return json.loads(meta_p.read_text())
    c.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    ev, ac, truth = make_world(args.accounts, args.seed)
    cut = ev["timestamp"].quantile(1 - args.new_share)
    base, new = ev[ev["timestamp"] < cut], ev[ev["timestamp"] >= cut]
    for name, df in (("base", base), ("new", new), ("all", ev), ("accounts", ac), ("truth", truth)):
        df.to_parquet(c / f".tmp-{name}.parquet", index=False)
        os.replace(c / f".tmp-{name}.parquet", c / f"{name}.parquet")
    meta = {"accounts": int(ac.shape[0]), "events": int(len(ev)), "new_events": int(len(new)),
            "ring_accounts": int(truth["ring"].ne("").sum()), "rings": int(truth["ring"].nunique() - 1),
            "generated_s": round(time.perf_counter() - t, 1)}
    meta_p.write_text(json.dumps(meta, indent=1))
    return meta


def _ensure_detect(c: Path, redo: bool) -> dict:
    """Full ``detect`` on all the data (load + fit + write), timed once and cached with its accounts."""
    meta_p = c / "detect.json"
    if meta_p.exists() and not redo:
        return json.loads(meta_p.read_text())
    from graphhunt.sinks.files import write_result

    load0 = _load()
    t = time.perf_counter()
    evs = gh.load_events(c / "all.parquet")
    acs = gh.load_accounts(c / "accounts.parquet")
    res = gh.Detector().fit(evs, acs).result_
    shutil.rmtree(c / "detect_out", ignore_errors=True)
    write_result(res, c / "detect_out")
    detect_s = time.perf_counter() - t
    res.accounts[["account_id", "ring_id", "flagged", "community"]].to_parquet(c / "detect_accounts.parquet",
                                                                              index=False)
    meta = {"detect_s": round(detect_s, 1), "detect_stages": res.run_info["timings_s"],
            "effective_hub_max": res.run_info["effective_hub_max"], "edges": res.run_info["counts"]["edges"],
            "load_before": load0, "load_after": _load()}
    meta_p.write_text(json.dumps(meta, indent=1, default=str))
    return meta


def _ensure_state(c: Path, reuse: bool = False) -> tuple[Path, dict]:
    """The initial state (one refresh over the first 99 %), built once per state format version."""
    import hashlib

    from graphhunt.refresh import STATE_VERSION

    # the state depends on the code that wrote it: key it by the package sources too
    src = b"".join(p.read_bytes() for p in sorted((ROOT / "graphhunt").rglob("*.py")))
    tag = hashlib.sha256(src).hexdigest()[:10]
    sb = c / f"state-v{STATE_VERSION}-{tag}"
    meta_p = c / f"state-v{STATE_VERSION}-{tag}.json"
    if reuse and not meta_p.exists():
        old = sorted(c.glob(f"state-v{STATE_VERSION}-*.json"), key=lambda p: p.stat().st_mtime)
        if old:
            meta_p, sb = old[-1], old[-1].with_suffix("")
            print(f"reusing {sb.name} (written by other package sources)", flush=True)
    if meta_p.exists() and (sb / "manifest.json").exists():
        return sb, json.loads(meta_p.read_text())
    shutil.rmtree(sb, ignore_errors=True)
    load0 = _load()
    t = time.perf_counter()
    r0 = refresh(sb, c / "base.parquet", c / "accounts.parquet", report=False)
    meta = {"state_dir": sb.name, "initial_refresh_s": round(time.perf_counter() - t, 1), "timings": r0.timings,
            "detect_stages": r0.result.run_info["timings_s"], "load_before": load0, "load_after": _load()}
    meta_p.write_text(json.dumps(meta, indent=1, default=str))
    return sb, meta


def _timed_refresh(c: Path, sb: Path, work: Path, prof=None):
    """One timed refresh of the 1 % slice into a fresh copy of the cached initial state ``sb``:
    (result, seconds, load average before)."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(sb, work)
    load0 = _load()
    if prof is not None:
        prof.enable()
    t = time.perf_counter()
    r = refresh(work, c / "new.parquet", c / "accounts.parquet", report=False)  # detect writes no report either
    return r, time.perf_counter() - t, load0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=100_000)
    ap.add_argument("--new-share", type=float, default=0.01)
    ap.add_argument("--cache", type=Path, help="cache root (default $TMPDIR or /tmp, /graphhunt-bench-refresh)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", choices=("world", "detect", "state", "refresh", "all"), default="all",
                    help="stop after building this cached step (the timed refresh is 'refresh')")
    ap.add_argument("--redo-detect", action="store_true", help="time the full detect again")
    ap.add_argument("--skip-detect", action="store_true")
    ap.add_argument("--repeat", type=int, default=1,
                    help="time this many (full detect, refresh) pairs back to back (the first as above) and "
                         "report each ratio, the median and the maximum")
    ap.add_argument("--profile", action="store_true", help="cProfile the timed refresh (top 40 by cumulative time)")
    ap.add_argument("--reuse-state", action="store_true",
                    help="use the newest cached initial state of this format version even if the package sources "
                         "changed since it was written (say so when reporting)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)
    c = _cache_dir(args)
    world = _ensure_world(c, args)
    print(f"world {c}: {world}", flush=True)
    if args.only == "world":
        return
    det = None
    if not args.skip_detect:
        det = _ensure_detect(c, args.redo_detect or args.repeat > 1)  # pairs: every detect timed now
        print(f"full detect: {det}", flush=True)
        if args.only == "detect":
            return
    sb, st = _ensure_state(c, args.reuse_state)
    print(f"initial state: {st}", flush=True)
    if args.only == "state":
        return

    # the timed part: a copy of the cached initial state + the 1 % slice
    work = c / "refresh-run"
    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
    r1, refresh_s, load0 = _timed_refresh(c, sb, work, prof)
    if prof is not None:
        import pstats

        prof.disable()
        pstats.Stats(prof).sort_stats(os.environ.get("PSORT", "cumulative")).print_stats(40)
    print(f"refresh (+{r1.new_events} events): {refresh_s:.1f}s {r1.timings}", flush=True)
    print(f"  detect stages inside refresh: {r1.result.run_info['timings_s']}", flush=True)
    out = {"machine": f"{os.cpu_count()} cores, {platform.machine()}, python {platform.python_version()}",
           "world": world, "accounts": world["accounts"], "new_events": r1.new_events,
           "initial_state": st, "refresh_s": round(refresh_s, 2), "refresh_timings": r1.timings,
           "refresh_detect_stages": r1.result.run_info["timings_s"],
           "refresh_load_before": load0, "refresh_load_after": _load(),
           "communities_update": r1.result.run_info.get("communities_update"),
           "state_bytes": int(sum(p.stat().st_size for p in work.rglob("*") if p.is_file())),
           "changes": r1.changes["change"].value_counts().to_dict()}
    if det is not None:
        full = pd.read_parquet(c / "detect_accounts.parquet")
        agr = ring_agreement(full, r1.result.accounts)
        truth = pd.read_parquet(c / "truth.parquet")
        tr = truth.set_index("account_id")["ring"]
        for name, a in (("detect", full), ("refresh", r1.result.accounts)):
            fl = set(a.loc[a["flagged"], "account_id"])
            pos = set(tr[tr != ""].index)
            agr[f"recall_{name}"] = round(len(fl & pos) / max(len(pos), 1), 4)
            agr[f"precision_{name}"] = round(len(fl & pos) / max(len(fl), 1), 4)
        out.update({"detect": det, "detect_s": det["detect_s"],
                    "time_ratio": round(refresh_s / det["detect_s"], 4), **agr})
        print(f"time ratio refresh/detect = {refresh_s / det['detect_s']:.3f}; agreement {agr}", flush=True)
    if args.repeat > 1 and det is None:
        print("--repeat needs the full detect (ignored with --skip-detect)", flush=True)
    if det is not None and args.repeat > 1:
        del r1  # later pairs start from the same memory level as the first
        # this VM's speed drifts by up to 25 % within minutes: more (detect, refresh) pairs, back to back
        pairs = [{"detect_s": det["detect_s"], "refresh_s": round(refresh_s, 2),
                  "ratio": round(refresh_s / det["detect_s"], 4), "load": load0}]
        for _ in range(args.repeat - 1):
            d_k = _ensure_detect(c, True)
            _, s_k, l_k = _timed_refresh(c, sb, work)
            pairs.append({"detect_s": d_k["detect_s"], "refresh_s": round(s_k, 2),
                          "ratio": round(s_k / d_k["detect_s"], 4), "load": l_k})
            print(f"pair {len(pairs)}: detect {d_k['detect_s']:.1f}s refresh {s_k:.1f}s ratio "
                  f"{s_k / d_k['detect_s']:.3f}", flush=True)
        out["pairs"] = pairs
        out["time_ratio_median"] = round(float(np.median([p["ratio"] for p in pairs])), 4)
        out["time_ratio_max"] = max(p["ratio"] for p in pairs)
        print(f"time ratio over {len(pairs)} pairs: median {out['time_ratio_median']:.3f}, "
              f"max {out['time_ratio_max']:.3f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2, default=str))
    print(json.dumps(out, indent=2, default=str))


if __name__ == "__main__":
    main()
