"""Push throughput into Neo4j: nodes and relationships per second for a large result.

    GRAPHHUNT_NEO4J_PORT=7699 bash scripts/neo4j-test-server.sh start
    export GRAPHHUNT_NEO4J_PORT=7699; eval "$(bash scripts/neo4j-test-server.sh env)"
    python benchmarks/bench_neo4j.py --accounts 100000            # synthetic run directory, cached in /tmp
    python benchmarks/bench_neo4j.py --run-dir out/               # or any real `graphhunt detect` output

Deletes graphhunt's labels (Account, Ring, Run, ...) on that server first, then
times a first push into the empty graph and a second push of the same run
(all MERGEs match: the idempotent re-push cost).

The synthetic run has the shape of a real one (accounts.csv, rings.csv,
incidence.parquet, edges.parquet, templates.csv, run.json written by
graphhunt's own writer): per account one payment method, 1-3 IPs and their
/24 networks, 2-4 template families; rings of 8-40 accounts share a proxy
pool, a card and a template; about 2 LINKED edges per account.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def synthetic_run_dir(out: Path, n_accounts: int, seed: int = 0) -> Path:
    """Write a synthetic result of ``n_accounts`` accounts to ``out`` (reused if already there)."""
    from graphhunt.sinks.files import write_result

    out = Path(out)
    if (out / "run.json").exists() and json.loads((out / "run.json").read_text()).get("synthetic") == [n_accounts, seed]:
        return out
    rng = np.random.default_rng(seed)
    n = n_accounts
    ids = np.char.add("acc", np.char.zfill(np.arange(n).astype(str), 7)).astype(object)
    t0 = 1_793_491_200
    # rings: 5% of accounts in rings of 8-40
    in_ring = rng.permutation(n)[: n // 20]
    sizes = rng.integers(8, 41, size=len(in_ring) // 8 + 1)
    bounds = np.minimum(np.cumsum(sizes), len(in_ring))
    ring_of = np.full(n, -1)
    starts = np.r_[0, bounds[:-1]]
    for r, (a, b) in enumerate(zip(starts, bounds)):
        ring_of[in_ring[a:b]] = r
    n_rings = int(ring_of.max()) + 1
    risk = np.round(rng.beta(0.6, 2.0, n_rings), 4)
    rid = np.array([f"ring-{i + 1:05d}" for i in range(n_rings)], dtype=object)
    parts = []

    def add(link, acc, attr, nev):
        first = t0 + rng.integers(0, 14 * 86400, len(acc))
        parts.append(pd.DataFrame({
            "account_id": ids[acc], "link_type": link, "attribute": attr, "n_events": nev.astype(np.int32),
            "first_seen": pd.to_datetime(first, unit="s", utc=True),
            "last_seen": pd.to_datetime(first + rng.integers(0, 86400, len(acc)), unit="s", utc=True)}))

    all_acc = np.arange(n)
    pm = np.where(ring_of >= 0, ring_of + n, all_acc)  # ring members share a card
    add("payment", all_acc, np.char.add("pm:card", pm.astype(str)).astype(object), np.ones(n))
    k_ip = rng.integers(1, 4, n)
    acc_ip = np.repeat(all_acc, k_ip)
    ip_code = rng.integers(0, int(n * 1.5), len(acc_ip))
    ring_rows = ring_of[acc_ip] >= 0
    ip_code[ring_rows] = 10_000_000 + ring_of[acc_ip][ring_rows] * 8 + rng.integers(0, 8, ring_rows.sum())
    ipdf = pd.DataFrame({"a": acc_ip, "ip": ip_code}).drop_duplicates()
    ip_txt = (ipdf["ip"] // 65536 % 256).astype(str) + "." + (ipdf["ip"] // 256 % 256).astype(str) + "." + \
        (ipdf["ip"] % 256).astype(str)
    add("ip", ipdf["a"].to_numpy(), ("ip:10." + ip_txt).to_numpy(dtype=object), rng.integers(1, 500, len(ipdf)))
    net = ("net:10." + (ipdf["ip"] // 65536 % 256).astype(str) + "." + (ipdf["ip"] // 256 % 256).astype(str) + ".0/24")
    ndf = pd.DataFrame({"a": ipdf["a"].to_numpy(), "net": net.to_numpy()}).drop_duplicates()
    add("network", ndf["a"].to_numpy(), ndf["net"].to_numpy(dtype=object), rng.integers(1, 500, len(ndf)))
    k_t = rng.integers(2, 5, n)
    acc_t = np.repeat(all_acc, k_t)
    t_code = rng.integers(0, n // 2, len(acc_t))
    rr = ring_of[acc_t] >= 0
    t_code[rr] = n + ring_of[acc_t][rr]
    tdf = pd.DataFrame({"a": acc_t, "t": t_code}).drop_duplicates()
    tpl = np.char.add("tpl-", np.char.zfill(tdf["t"].to_numpy().astype(str), 16)).astype(object)
    add("template", tdf["a"].to_numpy(), tpl, rng.integers(1, 300, len(tdf)))
    incidence = pd.concat(parts, ignore_index=True)
    # edges: ring members in a chain plus random benign pairs (~2 per account)
    order = np.argsort(ring_of, kind="stable")
    ro = ring_of[order]
    same = (ro[1:] == ro[:-1]) & (ro[1:] >= 0)
    src_r, dst_r = order[:-1][same], order[1:][same]
    m = 2 * n - len(src_r)
    s, d = rng.integers(0, n, m), rng.integers(0, n, m)
    src, dst = np.r_[src_r, s], np.r_[dst_r, d]
    keep = src != dst
    lo, hi = np.minimum(src, dst)[keep], np.maximum(src, dst)[keep]
    e = pd.DataFrame({"src": lo, "dst": hi}).drop_duplicates()
    edges = pd.DataFrame({"src": ids[e["src"].to_numpy()], "dst": ids[e["dst"].to_numpy()],
                          "weight": rng.random(len(e)).round(4), "w_ip": rng.random(len(e)).round(4),
                          "w_template": rng.random(len(e)).round(4)})
    flagged = risk >= 0.5
    reasons = np.where(flagged, "TEMPLATE_CONCENTRATION;HIGH_VOLUME;RARE_DENSE_LINKS", "RARE_DENSE_LINKS")
    rings = pd.DataFrame({"ring_id": rid, "size": np.bincount(ring_of[ring_of >= 0], minlength=n_rings),
                          "risk_score": risk, "flagged": flagged, "reasons": reasons,
                          "evidence_sum": (risk * 8).round(4),
                          "template_exemplars": [f"tpl-{n + i:016d}: solve problem <num> step by step"
                                                 for i in range(n_rings)]})
    accounts = pd.DataFrame({
        "account_id": ids, "ring_id": np.where(ring_of >= 0, rid[np.maximum(ring_of, 0)], ""),
        "risk_score": np.where(ring_of >= 0, risk[np.maximum(ring_of, 0)], 0.01),
        "flagged": np.where(ring_of >= 0, flagged[np.maximum(ring_of, 0)], False),
        "reasons": np.where(ring_of >= 0, reasons[np.maximum(ring_of, 0)], "")})
    tids = pd.unique(incidence.loc[incidence["link_type"] == "template", "attribute"])
    templates = pd.DataFrame({"template_id": tids, "n_prompts": 3, "n_skeletons": 1,
                              "exemplar": "tell me about <word> <word> please", "n_accounts": 1})
    attributes = pd.DataFrame(columns=["link_type", "attribute", "n_accounts", "weight", "status"])
    counts = {"accounts": n, "events": int(incidence["n_events"].sum() // 3), "edges": len(edges),
              "rings": n_rings, "flagged_rings": int(flagged.sum()),
              "flagged_accounts": int(accounts["flagged"].sum())}
    res = SimpleNamespace(accounts=accounts, rings=rings, edges=edges, shared=pd.DataFrame(columns=["ring_id"]),
                          templates=templates, attributes=attributes, incidence=incidence,
                          run_info={"graphhunt_version": "synthetic", "config": {"synthetic": True},
                                    "counts": counts, "synthetic": [n_accounts, seed],
                                    "inputs": {"events": {"sha256": f"synthetic-{n_accounts}-{seed}"}}})
    write_result(res, out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--accounts", type=int, default=100_000)
    ap.add_argument("--run-dir", type=Path, help="push this run directory instead of a synthetic one")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/graphhunt-bench-neo4j"))
    ap.add_argument("--batch-size", type=int, default=5_000)
    ap.add_argument("--workers", type=int, default=None,
                    help="concurrent writer sessions (default: push_result's default)")
    ap.add_argument("--no-repush", action="store_true")
    ap.add_argument("--warmup", type=int, default=0, metavar="ACCOUNTS",
                    help="first push (untimed) a synthetic run of this many accounts, so that the server's "
                         "JIT compiler has compiled the write path (a long-running server's steady state)")
    args = ap.parse_args()

    import neo4j

    from graphhunt.sinks.neo4j import connect, push_result

    kw = {} if args.workers is None else {"workers": args.workers}
    run_dir = args.run_dir or synthetic_run_dir(args.cache / f"acc{args.accounts}", args.accounts)
    driver, db = connect()

    def wipe():
        with driver.session(database=db) as s:
            s.run("MATCH (n) WHERE any(l IN labels(n) WHERE l IN $l) CALL (n) { DETACH DELETE n } "
                  "IN TRANSACTIONS OF 1000 ROWS",  # accounts of a real result hold ~70 relationships each
                  l=["Account", "PaymentMethod", "IP", "Network", "Template", "Schedule", "Attribute", "Ring", "Run"]).consume()

    wipe()
    if args.warmup:
        t = time.perf_counter()
        push_result(synthetic_run_dir(args.cache / f"acc{args.warmup}", args.warmup), driver=driver, database=db,
                    batch_size=args.batch_size, **kw)
        push_result(synthetic_run_dir(args.cache / f"acc{args.warmup}", args.warmup), driver=driver, database=db,
                    batch_size=args.batch_size, **kw)
        print(f"warm-up: {args.warmup:,}-account run pushed twice in {time.perf_counter() - t:.1f}s (not timed below)")
        wipe()
    load = os.getloadavg()
    rows = []
    spid = _server_pid()
    for label in ["first push (empty graph)"] + ([] if args.no_repush else ["second push (same run)"]):
        s0, c0, th0 = _cpu_seconds(spid), time.process_time(), _thread_cpu(spid)
        c = push_result(run_dir, driver=driver, database=db, batch_size=args.batch_size, **kw)
        c["server_cpu"] = _cpu_seconds(spid) - s0 if spid else float("nan")
        th1 = _thread_cpu(spid)
        c["server_threads"] = {k: th1.get(k, 0.0) - th0.get(k, 0.0) for k in th1}
        c["client_cpu"] = time.process_time() - c0
        rows.append((label, c))
    driver.close()
    rust = "yes" if _has_rust_ext() else "no"
    print(f"run dir: {run_dir}")
    print(f"machine: {os.cpu_count()} cores, python {platform.python_version()}, neo4j driver {neo4j.__version__}, "
          f"neo4j-rust-ext {rust}; load average at start {load[0]:.1f}, at end {os.getloadavg()[0]:.1f}")
    print(f"batches of {args.batch_size:,} rows, {rows[0][1].get('workers', 1)} writer session(s); "
          f"{_server_config(spid)}")
    for label, c in rows:
        print(f"{label}: {c['nodes']:,} nodes, {c['relationships']:,} relationships "
              f"(USED {c['used']:,}, MEMBER_OF {c['memberships']:,}, FOUND_IN {c['rings']:,}, LINKED {c['linked']:,}) "
              f"in {c['seconds']:.1f}s -> {c['nodes'] / c['seconds']:,.0f} nodes/s, "
              f"{c['relationships'] / c['seconds']:,.0f} relationships/s; CPU: Neo4j {c['server_cpu']:.1f}s "
              f"({c['relationships'] / c['server_cpu']:,.0f} relationships per Neo4j CPU-second), "
              f"client {c['client_cpu']:.1f}s")
        if c.get("server_threads"):
            print("  Neo4j CPU by thread: " + ", ".join(f"{k} {v:.1f}s" for k, v in
                                                       sorted(c["server_threads"].items(), key=lambda kv: -kv[1])))


def _server_pid() -> int | None:
    """pid of the test server started by scripts/neo4j-test-server.sh from this checkout, if any."""
    f = Path(__file__).resolve().parents[1] / "neo4j-server" / "run" / "neo4j.pid"
    try:
        return int(f.read_text().strip())
    except (OSError, ValueError):
        return None


def _server_config(pid: int | None) -> str:
    """JVM memory/GC/JIT flags and page cache of the local test server (or 'server config unknown')."""
    if not pid:
        return "server config unknown (not the local test server)"
    try:
        args = Path(f"/proc/{pid}/cmdline").read_text().split("\0")
        ready = (Path(__file__).resolve().parents[1] / "neo4j-server" / "run" / "ready").read_text()
    except OSError:
        return "server config unknown"
    flags = [a for a in args if a.startswith(("-Xm", "-XX:+Use", "-XX:Tiered", "-XX:CICompiler"))]
    pc = dict(line.split("=", 1) for line in ready.splitlines() if "=" in line).get("pagecache", "256m (older launcher)")
    return f"test server: JVM {' '.join(flags)}, page cache {pc}"


def _cpu_seconds(pid: int | None) -> float:
    """user + system CPU seconds of a process (Linux /proc)."""
    if not pid:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _thread_cpu(pid: int | None) -> dict[str, float]:
    """CPU seconds of the server's threads by kind: query work (Bolt workers), JIT compiler, GC, other."""
    out: dict[str, float] = {}
    if not pid:
        return out
    for t in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (t / "comm").read_text().strip()
            f = (t / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kind = ("queries (Bolt workers)" if name.startswith("neo4j.BoltWork") else
                "JIT compiler" if "CompilerThre" in name else
                "GC" if name.startswith(("GC Thread", "G1 ")) else "other")
        out[kind] = out.get(kind, 0.0) + (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    return out


def _has_rust_ext() -> bool:
    try:
        from importlib.metadata import version

        version("neo4j-rust-ext")
        return True
    except Exception:  # noqa: BLE001
        return False


if __name__ == "__main__":
    main()
