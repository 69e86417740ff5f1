"""Fast, vectorised synthetic event logs for the benchmarks (not a simulator).

``make_dataset(n_accounts, seed)`` writes ``events.parquet``, ``accounts.csv``
and ``truth.csv`` under ``$GRAPHHUNT_BENCH_DATA`` (default
``/tmp/graphhunt-bench``)/``n<N>-s<seed>/`` and returns the directory; a
dataset already there is reused (the cache key is size, seed and
``GENERATOR_VERSION``). No Python loop runs per event: every column is built
with numpy and the prompt text with ``pyarrow.compute`` string kernels, so
1M accounts / 20M events take a few minutes rather than an hour.

What is in a world of ``N`` accounts (about 20 events per account on average):

* benign accounts (99 %): a home IP (mostly unique), a share of traffic through
  a carrier NAT pool (~100 accounts per NAT address, near the hub cap), some
  offices (5-30 colleagues on one IP), family cards shared by 2-3 accounts,
  browser/SDK user agents, diurnal timing, prompts built from 1,529 real
  prompts (``shared/data/prompts/awesome-chatgpt-prompts.csv``, CC0) cut to a
  random length plus a personal question (35 % of prompts) -- so popular public
  prompts are shared by many accounts, as in real traffic -- and personal free
  text of 12-36 words (65 %);
* planted rings (1 % of accounts, 5-60 members each): a few proxy IPs per
  ring, some shared cards, a burst of sign-ups, one scripted user agent,
  round-the-clock regular timing, ~3x the volume, long outputs, and 1-3 ring
  templates with slot values (numbers, topics), 70 % asking for step-by-step
  reasoning.

``truth.csv`` has ``account_id, is_ring, ring_id, cohort`` (the format of
:func:`graphhunt.evaluate.evaluate`).
"""
from __future__ import annotations

import csv
import logging
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

GENERATOR_VERSION = 3
_STR = pa.large_string()  # 64-bit offsets: 20M prompts exceed 2 GB of text
log = logging.getLogger("graphhunt.bench.data")

_SPAN_DAYS = 14
_T0 = int(pd.Timestamp("2026-11-01", tz="UTC").timestamp())
_FALLBACK_WORDS = ("apple banana river mountain code python data cloud music art history science robot ocean "
                   "planet city market energy garden travel health finance story poem email letter summary "
                   "review essay recipe workout budget contract lesson quiz translate explain compare list").split()
_TOPICS = ("algebra geometry calculus probability statistics physics chemistry biology economics history "
           "grammar logic chess poetry law medicine astronomy geology rust golang sql networking").split()
_RING_SKELETONS = [
    "You are an expert tutor. Solve problem {a} on {t}: given the value {b}, compute the result and {r} "
    "Format the final answer as JSON with keys answer and explanation.",
    "Task {a}. Read the following {t} question carefully and answer it in full detail. Question: what happens "
    "when the parameter equals {b}? {r} Return only the final structured answer.",
    "As a world-class {t} professor, write a rigorous worked solution for exercise {a} with input {b}. "
    "{r} Include every intermediate step and a short summary at the end.",
    "Generate a high quality training example about {t}. Problem id {a}, difficulty {b}. {r} Then give "
    "the answer on a separate line prefixed by ANSWER.",
    "Please act as a careful grader for {t}. For submission {a} with score {b}, {r} Then output a verdict "
    "of correct or incorrect and a confidence between zero and one.",
    "Translate and then solve the following {t} puzzle number {a} with constraint {b}. {r} Keep the "
    "answer concise but complete, and list any assumptions you made.",
]
_REASONING = ["think step by step and explain your reasoning.", "show your work step by step.",
              "let's think it through carefully before giving the answer.", "walk me through the solution."]
_PLAIN = ["answer directly.", "be precise.", "give the answer.", "keep it short."]
_BROWSER_UA = [f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/{v}.0" for v in range(110, 126)] + \
    [f"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_{v}) Safari/605.1.15" for v in range(0, 8)] + \
    [f"openai-python/1.{v}.0" for v in range(10, 20)] + [f"graphhunt-bench-app/{v}" for v in range(6)]


def bench_dir() -> Path:
    return Path(os.environ.get("GRAPHHUNT_BENCH_DATA", "/tmp/graphhunt-bench"))


def _shared_data() -> Path:
    env = os.environ.get("GRAPHHUNT_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _corpus() -> tuple[list[str], list[str]]:
    """Real benign prompts (CC0) and a vocabulary; a small fallback when the shared data is absent."""
    p = _shared_data() / "prompts" / "awesome-chatgpt-prompts.csv"
    if p.exists():
        df = pd.read_csv(p, usecols=["prompt"], dtype=str).dropna()
        prompts = [" ".join(x.split()) for x in df["prompt"].tolist() if len(x) > 80]
        words = pd.Series(" ".join(prompts).lower().split())
        words = words[words.str.fullmatch(r"[a-z]{3,12}")].drop_duplicates().tolist()
        return prompts, words
    log.warning("shared prompt corpus not found at %s; using a small built-in vocabulary", p)
    rng = np.random.default_rng(0)
    prompts = [" ".join(rng.choice(_FALLBACK_WORDS, 30)) for _ in range(500)]
    return prompts, list(_FALLBACK_WORDS)


def _join(*parts: pa.Array) -> pa.Array:
    return pc.binary_join_element_wise(*parts, pa.scalar("", _STR))


def _num_str(x: np.ndarray) -> pa.Array:
    return pc.cast(pa.array(x), _STR)


def _ipv4(x: np.ndarray) -> pa.Array:
    x = x.astype(np.int64)
    octs = [_num_str((x >> s) & 255) for s in (24, 16, 8, 0)]
    dot = pa.scalar(".", _STR)
    return pc.binary_join_element_wise(octs[0], octs[1], octs[2], octs[3], dot)


def generate(n_accounts: int, seed: int = 0, events_per_account: float = 20.0,
             ring_fraction: float = 0.01, chunk_rows: int = 2_000_000):
    """Build ``(iterator of event tables, accounts frame, truth frame)``.

    Per-event numbers are drawn for the whole world at once (a few bytes per
    event); the text columns are built ``chunk_rows`` rows at a time, so memory
    stays bounded at 20M events.
    """
    rng = np.random.default_rng(seed)
    N = int(n_accounts)
    prompts_corpus, vocab = _corpus()
    # ---- accounts and rings -------------------------------------------------------------
    n_ring_acc = max(5, int(N * ring_fraction))
    sizes = []
    while sum(sizes) < n_ring_acc:
        sizes.append(int(rng.integers(5, 61)))
    sizes[-1] -= sum(sizes) - n_ring_acc
    if sizes[-1] < 5:
        sizes[-2] += sizes.pop()
    n_rings = len(sizes)
    perm = rng.permutation(N)  # account code -> position; rings are scattered among ids
    ring_of = np.full(N, -1, np.int64)
    ring_members = perm[:n_ring_acc]
    ring_of[ring_members] = np.repeat(np.arange(n_rings), sizes)
    is_ring = ring_of >= 0
    ids = np.char.add("acct_", np.char.zfill(rng.permutation(N * 7)[:N].astype(str), 8)).astype(object)
    # events per account: benign geometric-ish, rings ~3x (keeps the mean near events_per_account)
    benign_mean = events_per_account * (1 - 3 * ring_fraction) / (1 - ring_fraction)
    n_ev = np.maximum(1, rng.gamma(1.2, benign_mean / 1.2, N).round().astype(np.int64))
    n_ev[is_ring] = rng.integers(int(2.5 * events_per_account), int(3.5 * events_per_account) + 1, is_ring.sum())
    E = int(n_ev.sum())
    acc = np.repeat(np.arange(N, dtype=np.int64), n_ev)
    ring_e = ring_of[acc]
    is_ring_e = ring_e >= 0
    # ---- timestamps ---------------------------------------------------------------------
    span = _SPAN_DAYS * 86400
    day = rng.integers(0, _SPAN_DAYS, E)
    hour_w = np.r_[np.full(7, 0.2), np.full(16, 1.0), [0.5]]
    hour = rng.choice(24, E, p=hour_w / hour_w.sum())
    ts = _T0 + day * 86400 + hour * 3600 + rng.integers(0, 3600, E)
    # ring accounts: evenly spaced over the span with small jitter (machine timing, round the clock)
    ri = np.flatnonzero(is_ring_e)
    starts = np.r_[0, np.cumsum(n_ev)[:-1]]
    k_in = np.arange(E) - starts[acc]
    step = span // n_ev[acc[ri]]
    ts[ri] = _T0 + k_in[ri] * step + rng.integers(0, 60, len(ri))
    # ---- IPs ----------------------------------------------------------------------------
    home = rng.integers(0x0B000000, 0xDF000000, N)  # mostly unique residential addresses
    n_nat = max(1, N // 100)
    nat_pool = rng.integers(0x64400000, 0x647FFFFF, n_nat)  # carrier-grade NAT (100.64/10)
    nat_of = nat_pool[rng.integers(0, n_nat, N)]
    office_of = np.full(N, -1, np.int64)
    benign_ids = np.flatnonzero(~is_ring)
    n_office_acc = int(0.1 * len(benign_ids))
    off_acc = rng.choice(benign_ids, n_office_acc, replace=False)
    off_sizes = rng.integers(5, 31, max(1, n_office_acc // 15))
    off_lab = np.repeat(np.arange(len(off_sizes)), off_sizes)[:n_office_acc]
    office_of[off_acc[: len(off_lab)]] = off_lab
    office_ip = rng.integers(0xC6120000, 0xC613FFFF, len(off_sizes))
    u = rng.random(E)
    ip = home[acc].copy()
    use_nat = u < 0.2
    ip[use_nat] = nat_of[acc[use_nat]]
    off_e = (office_of[acc] >= 0) & (u > 0.6)
    ip[off_e] = office_ip[office_of[acc[off_e]]]
    ring_pool = rng.integers(0x2D000000, 0x2DFFFFFF, (n_rings, 8))  # proxy IPs per ring
    ip[ri] = ring_pool[ring_e[ri], rng.integers(0, 8, len(ri))]
    # ---- user agent, output tokens --------------------------------------------------------
    ua_idx = rng.integers(0, len(_BROWSER_UA), N)[acc]
    ua_list = _BROWSER_UA + ["python-requests/2.31.0", "aiohttp/3.9.1", "curl/8.4.0"]
    ua_idx[ri] = len(_BROWSER_UA) + ring_e[ri] % 3
    out_tok = np.maximum(1, rng.lognormal(np.log(300), 0.8, E)).astype(np.int64)
    out_tok[ri] = np.maximum(200, rng.lognormal(np.log(1500), 0.3, len(ri))).astype(np.int64)
    # ---- final row order: logs arrive in time order; text is built directly in that order
    order = np.argsort(ts, kind="stable")
    acc, ts, ip, ua_idx, out_tok, ring_e = (x[order] for x in (acc, ts, ip, ua_idx, out_tok, ring_e))
    ri = np.flatnonzero(ring_e >= 0)
    del order
    # ---- ring templates: each ring has 1-3 of its own (a frame sentence + ring-specific wording)
    n_sk = rng.integers(1, 4, n_rings)
    pick = rng.integers(0, 3, E) % n_sk[np.maximum(ring_e, 0)]
    vocab_np = np.asarray(vocab, dtype=object)
    templates = []
    for g in range(n_rings * 3):  # once per ring template, not per event
        frame = _RING_SKELETONS[int(rng.integers(0, len(_RING_SKELETONS)))]
        own = " ".join(vocab_np[rng.integers(0, len(vocab_np), int(rng.integers(8, 16)))])
        text = own.capitalize() + ". " + frame + " Context: " + " ".join(vocab_np[rng.integers(0, len(vocab_np), 6)]) + "."
        templates.append([x for x in text.replace("{a}", "\x00a\x00").replace("{b}", "\x00b\x00")
                          .replace("{t}", "\x00t\x00").replace("{r}", "\x00r\x00").split("\x00") if x != ""])
    # accounts: created_at (rings: a burst), payment_method (families and ring cards)
    created = _T0 - rng.integers(0, 365 * 86400, N)
    ring_start = _T0 - rng.integers(2 * 86400, 30 * 86400, n_rings)
    rm = np.flatnonzero(is_ring)
    created[rm] = ring_start[ring_of[rm]] + rng.integers(0, 36 * 3600, len(rm))
    pm_code = np.arange(N, dtype=np.int64)
    fam = rng.choice(benign_ids, int(0.05 * len(benign_ids)), replace=False)
    pm_code[fam] = fam[rng.integers(0, max(1, len(fam) // 2), len(fam))]
    ring_cards = N + np.arange(n_rings) * 3
    shared_card = rng.random(len(rm)) < 0.5
    pm_code[rm[shared_card]] = ring_cards[ring_of[rm[shared_card]]] + rng.integers(0, 3, shared_card.sum())
    pm_txt = np.char.add("pm_", np.char.zfill((pm_code * 2654435761 % (1 << 40)).astype(str), 13)).astype(object)
    accounts = pd.DataFrame({
        "account_id": ids,
        "payment_method": pm_txt,
        "created_at": pd.to_datetime(created, unit="s", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"),
    })
    cohort = np.where(is_ring, "ring", np.where(office_of >= 0, "office", "benign"))
    truth = pd.DataFrame({
        "account_id": ids,
        "is_ring": is_ring,
        "ring_id": np.where(is_ring, np.char.add("planted-", ring_of.astype(str)), ""),
        "cohort": cohort,
    })

    # ---- text columns, built per chunk of rows so 20M prompts never sit in memory at once
    n_cut = 8
    corpus = pa.array(prompts_corpus, _STR)
    dict_txt = pa.concat_arrays([pc.utf8_slice_codeunits(corpus, 0, 60 + 25 * c) for c in range(n_cut)])
    pop = 1.0 / np.arange(1, len(prompts_corpus) + 1) ** 0.8
    pop /= pop.sum()
    vocab_a = pa.array(vocab, _STR)
    sp = pa.scalar(" ", _STR)
    empty = pa.scalar("", _STR)
    ids_a = pa.array(ids, pa.string())
    ua_a = pa.array(ua_list, pa.string())

    def chunk(r0: int, r1: int) -> pa.Table:
        m = r1 - r0

        def words(k: int) -> pa.Array:
            return pc.binary_join_element_wise(*[vocab_a.take(pa.array(rng.integers(0, len(vocab), m)))
                                                 for _ in range(k)], sp)

        # a public prompt (Zipf popularity) cut to one of 8 lengths plus a personal question (35 %),
        # or personal free text of 12, 24 or 36 random words (65 %) that shares no shingles
        cidx = rng.choice(len(prompts_corpus), m, p=pop)
        base = dict_txt.take(pa.array(rng.integers(0, n_cut, m) * len(prompts_corpus) + cidx))
        public = _join(base, pa.scalar(" ... my question: ", _STR), words(4), _num_str(rng.integers(0, 1000, m)),
                       pa.scalar("?", _STR))
        del base
        own = words(12)
        own = _join(own, pc.if_else(pa.array(rng.random(m) < 0.5),
                                    pc.binary_join_element_wise(sp, words(12), empty), empty))
        own = _join(own, pc.if_else(pa.array(rng.random(m) < 0.3),
                                    pc.binary_join_element_wise(sp, words(12), empty), empty), pa.scalar(".", _STR))
        prompt = pc.if_else(pa.array(rng.random(m) < 0.35), public, own)
        del public, own
        ri = np.flatnonzero(ring_e[r0:r1] >= 0)
        if len(ri):
            grp = ring_e[r0 + ri] * 3 + pick[r0 + ri]
            topic = pa.array(np.asarray(_TOPICS, dtype=object)[rng.integers(0, len(_TOPICS), len(ri))], _STR)
            a_val = _num_str(rng.integers(1000, 99999, len(ri)))
            b_val = _num_str(rng.integers(1, 500, len(ri)))
            reas = rng.random(len(ri)) < 0.7
            r_txt = np.where(reas, np.asarray(_REASONING, dtype=object)[rng.integers(0, len(_REASONING), len(ri))],
                             np.asarray(_PLAIN, dtype=object)[rng.integers(0, len(_PLAIN), len(ri))])
            parts, order = [], []
            g_order = np.argsort(grp, kind="stable")
            g_sorted = grp[g_order]
            bounds = np.flatnonzero(np.r_[True, g_sorted[1:] != g_sorted[:-1], True])
            for lo, hi in zip(bounds[:-1], bounds[1:]):  # one vectorised fill per ring template
                sel = g_order[lo:hi]
                slot = {"a": a_val.take(pa.array(sel)), "b": b_val.take(pa.array(sel)),
                        "t": topic.take(pa.array(sel)), "r": pa.array(r_txt[sel], _STR)}
                parts.append(_join(*[slot[x] if x in slot else pa.scalar(x, _STR) for x in templates[g_sorted[lo]]]))
                order.append(sel)
            inv = np.empty(len(ri), np.int64)
            inv[np.concatenate(order)] = np.arange(len(ri))
            mask = np.zeros(m, bool)
            mask[ri] = True
            prompt = pc.replace_with_mask(prompt, pa.array(mask), pa.concat_arrays(parts).take(pa.array(inv)))
        return pa.table({
            "account_id": ids_a.take(pa.array(acc[r0:r1])),
            "timestamp": pa.array(ts[r0:r1] * 1_000_000, pa.timestamp("us", tz="UTC")),
            "ip": _ipv4(ip[r0:r1]),
            "prompt": prompt,
            "user_agent": ua_a.take(pa.array(ua_idx[r0:r1])),
            "output_tokens": pa.array(out_tok[r0:r1]),
        })

    def tables():
        for r0 in range(0, E, chunk_rows):
            yield chunk(r0, min(E, r0 + chunk_rows))

    return tables(), accounts, truth


def make_dataset(n_accounts: int, seed: int = 0, csv_events: bool = False) -> Path:
    """Generate (or reuse) a cached dataset directory; see the module docstring."""
    d = bench_dir() / f"n{n_accounts}-s{seed}-v{GENERATOR_VERSION}"
    done = d / "DONE"
    if not done.exists():
        d.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        tables, accounts, truth = generate(n_accounts, seed)
        n_rows = 0
        tmp = d / "events.parquet.tmp"
        writer = None
        for t in tables:
            t = t.cast(pa.schema([(f.name, pa.string() if f.type == pa.large_string() else f.type) for f in t.schema]))
            if writer is None:
                writer = pq.ParquetWriter(tmp, t.schema)
            writer.write_table(t, row_group_size=1 << 20)
            n_rows += t.num_rows
        writer.close()
        os.replace(tmp, d / "events.parquet")
        accounts.to_csv(d / "accounts.csv", index=False, quoting=csv.QUOTE_MINIMAL)
        truth.to_csv(d / "truth.csv", index=False)
        done.write_text(f"{n_rows} events, {n_accounts} accounts, {time.perf_counter() - t0:.1f}s\n")
        log.info("generated %s: %s", d, done.read_text().strip())
    if csv_events and not (d / "events.csv").exists():
        import pyarrow.csv as pcsv

        t = pq.read_table(d / "events.parquet")
        t = t.set_column(1, "timestamp", pc.strftime(t["timestamp"], "%Y-%m-%dT%H:%M:%SZ"))
        tmp = d / "events.csv.tmp"
        pcsv.write_csv(t, tmp)
        os.replace(tmp, d / "events.csv")
    return d


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="generate a cached benchmark dataset")
    ap.add_argument("n_accounts", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--csv", action="store_true", help="also write events.csv")
    a = ap.parse_args()
    logging.basicConfig(level=logging.INFO)
    print(make_dataset(a.n_accounts, a.seed, a.csv))
