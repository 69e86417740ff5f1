"""Detection quality over several simulated worlds: account-level F1 and per-cohort false positives.

Each world is generated with ``graphhunt simulate`` (cached under ``--data``),
run through ``graphhunt detect`` with the default config, and scored with
``graphhunt evaluate``. Prints a Markdown table (the one in the README) and
writes everything to ``benchmarks/results/quality.json``.

Usage::

    python benchmarks/bench_quality.py                       # the README's five worlds, 20k accounts
    python benchmarks/bench_quality.py --worlds default:11 needle:12 --accounts 50000

A world is ``PROFILE:SEED`` (profiles: ``graphhunt.simulate.PROFILES``, plus
``singles``: the default profile with 2 % of accounts single-account heavy API
apps built on a shared pool of public app templates and no multi-account
companies, to test look-alikes that share content but nothing else).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_WORLDS = ["default:1", "default:2", "small-rings:3", "needle:4", "hard:5", "singles:21"]


def _variant(profile: str) -> tuple[str, dict]:
    """Named world variants on top of the simulator's profiles."""
    if profile == "singles":
        from graphhunt.simulate import PROFILES

        bc = dict(PROFILES["default"].benign_cohorts)
        bc["benign_individual"] -= 0.02 - bc["benign_heavy_app"]
        bc["benign_heavy_app"] = 0.02
        return "default", {"heavy_app_multi": 0.0, "benign_cohorts": bc}
    return profile, {}


def _simulator_digest() -> str:
    """First 10 hex digits of the SHA-256 of graphhunt/simulate.py (the world generator)."""
    import hashlib

    return hashlib.sha256((ROOT / "graphhunt" / "simulate.py").read_bytes()).hexdigest()[:10]


def _reference_dir(reference: str) -> Path | None:
    """The simulator's reference data for ``--reference``: ``shared`` (``../shared/data`` or
    ``$GRAPHHUNT_SHARED_DATA``; an error when missing) or ``builtin`` (the simulator's own fallback
    material: a few hundred built-in prompts, 14 VPN blocks, data-centre and cloud ranges in one list)."""
    from graphhunt.simulate import default_data_dir

    if reference == "builtin":
        return None
    d = default_data_dir()
    if d is None:
        raise SystemExit("bench_quality: no shared reference data (../shared/data next to the repository, or "
                         "$GRAPHHUNT_SHARED_DATA); pass --reference builtin to use the simulator's fallback "
                         "material, and label the figures so")
    return d


def run_world(profile: str, seed: int, n: int, data: Path, overrides: list[str], reference: str = "shared") -> dict:
    import pandas as pd

    import graphhunt as gh
    from graphhunt.evaluate import evaluate

    # the cache is keyed on the simulator's source and on its reference data: a world cached by an
    # earlier simulator version, or generated from other material, is not reused. Session 16's table was
    # measured on worlds of the built-in fallback material without saying so: it ran from a worktree
    # where ../shared/data did not exist, and the simulator falls back silently (session 19).
    ref_dir = _reference_dir(reference)
    d = data / f"{profile}-{seed}-n{n}-sim{_simulator_digest()}-{reference}"
    if not (d / "truth.csv").exists():
        from graphhunt.simulate import simulate, write_scenario

        base, overrides_sim = _variant(profile)
        sc = simulate(n, seed=seed, profile=base, data_dir=ref_dir if ref_dir is not None else "/nonexistent",
                      **overrides_sim)
        write_scenario(sc, d, "parquet")
    got = json.loads((d / "scenario.json").read_text()).get("reference_data", "")
    if (got == "builtin") != (reference == "builtin"):
        raise SystemExit(f"bench_quality: {d} was generated from reference data {got!r}, not {reference!r}")
    t = time.perf_counter()
    ev = gh.load_events(d / "events.parquet")
    ac = gh.load_accounts(d / "accounts.csv")
    res = gh.Detector(gh.load_config(overrides=overrides)).fit(ev, ac).result_
    secs = time.perf_counter() - t
    m = evaluate(pd.read_csv(d / "truth.csv"), res.accounts)
    return {"world": f"{profile}:{seed}", "reference_data": got, "accounts": n, "events": int(len(ev)), "seconds": round(secs, 1),
            **{k: m[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn", "ring_accounts",
                                 "rings_found", "rings_total", "max_benign_cohort_fpr")},
            "cohorts": m["cohorts"]}


def table(rows: list[dict]) -> str:
    benign = sorted({c["cohort"] for r in rows for c in r["cohorts"] if not c["is_ring"]})
    kinds = sorted({c["cohort"] for r in rows for c in r["cohorts"] if c["is_ring"]})
    short = {c: c.replace("benign_", "").replace("ring_", "") for c in benign + kinds}
    head = (["world", "ring accts", "P", "R", "F1", "rings found"] + [f"R {short[c]}" for c in kinds]
            + [f"FPR {short[c]}" for c in benign])
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        rate = {c["cohort"]: c for c in r["cohorts"]}
        cells = [r["world"], str(r["ring_accounts"]), f"{r['precision']:.3f}", f"{r['recall']:.3f}",
                 f"**{r['f1']:.3f}**", f"{r['rings_found']}/{r['rings_total']}"]
        for c in kinds:
            x = rate.get(c)
            cells.append("-" if x is None else f"{x['rate']:.2f}")
        for c in benign:
            x = rate.get(c)
            cells.append("-" if x is None else f"{x['rate']:.3f}" + (" ⚠" if x["rate"] > 0.01 else ""))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worlds", nargs="*", default=DEFAULT_WORLDS)
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--data", type=Path, default=Path("/tmp/graphhunt-quality"))
    ap.add_argument("--set", dest="overrides", action="append", default=[])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "quality.json")
    ap.add_argument("--table-only", action="store_true", help="re-print the table of --out's results")
    ap.add_argument("--reference", choices=["shared", "builtin"], default="shared",
                    help="simulator material: the shared reference data (default; required) or the "
                         "simulator's built-in fallback (other prompts, a few concentrated VPN blocks)")
    a = ap.parse_args()
    if a.table_only:
        print(table(json.loads(a.out.read_text())["worlds"]))
        return
    rows = []
    for w in a.worlds:
        profile, seed = w.split(":")
        r = run_world(profile, int(seed), a.accounts, a.data, a.overrides, a.reference)
        print(f"{r['world']}: F1 {r['f1']:.3f} P {r['precision']:.3f} R {r['recall']:.3f} "
              f"rings {r['rings_found']}/{r['rings_total']} max benign FPR {r['max_benign_cohort_fpr']:.3f} "
              f"({r['seconds']} s)", flush=True)
        rows.append(r)
    md = table(rows)
    print(md)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps({"overrides": a.overrides, "reference": a.reference, "worlds": rows,
                                 "markdown": md}, indent=1))


if __name__ == "__main__":
    main()
