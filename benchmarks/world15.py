"""world15: an independent synthetic world of LLM API requests with planted distillation rings.

Writes events.parquet (zstd), accounts.csv, truth.csv and world.json for graphhunt's input contract. Written
without reading the detector (docs/WORLD15.md). Every random draw comes from one numpy Generator seeded by
--seed and every loop runs over lists in a fixed order, so one command writes byte-identical files.

The shared reference data (prompts, promptsource templates, ASN table, VPN/datacenter/cloud ranges, Tor exits)
is read at run time from $WORLD15_SHARED_DATA (default /work/shared/data) and never copied.
"""
from __future__ import annotations

import argparse
import glob
import gzip
import json
import os
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

DAY = 86400
T0 = int(pd.Timestamp("2026-11-02", tz="UTC").timestamp())  # a Monday
LIMIT = 600  # requests per account and UTC day; the platform refuses (and does not log) the rest
MODELS = ["corvid-mini", "corvid-2", "corvid-2-large", "corvid-2-reason", "corvid-coder"]
CHAT_MODELS = (0.5, 0.33, 0.1, 0.04, 0.03)

# country, UTC offset (hours), weight, language
COUNTRIES = [("US", -5, 14), ("US", -6, 5), ("US", -8, 8), ("CA", -5, 3), ("MX", -6, 2), ("BR", -3, 4),
             ("AR", -3, 1), ("GB", 0, 6), ("IE", 0, 1), ("DE", 1, 6), ("FR", 1, 4), ("ES", 1, 3), ("IT", 1, 2),
             ("NL", 1, 2), ("PL", 1, 2), ("SE", 1, 1), ("TR", 3, 2), ("NG", 1, 2), ("KE", 3, 1), ("ZA", 2, 1),
             ("IN", 5.5, 9), ("PK", 5, 1), ("SG", 8, 1), ("ID", 7, 2), ("VN", 7, 1), ("PH", 8, 2), ("JP", 9, 3),
             ("KR", 9, 2), ("AU", 10, 2), ("NZ", 13, 0.5), ("NP", 5.75, 0.3)]
CC = np.array([c[0] for c in COUNTRIES], object)
CTZ = np.array([c[1] for c in COUNTRIES], float)
CW = np.array([c[2] for c in COUNTRIES], float)
CW /= CW.sum()
LANG = {"DE": "de", "FR": "fr", "ES": "es", "MX": "es", "AR": "es", "BR": "pt", "JP": "ja"}
FREEMAIL = ["gmail.com"] * 30 + ["outlook.com"] * 8 + ["yahoo.com"] * 5 + ["hotmail.com"] * 5 + [
    "icloud.com"] * 4 + ["proton.me"] * 2 + ["gmx.de", "web.de", "orange.fr", "libero.it", "qq.com", "163.com",
                         "naver.com", "yandex.ru", "mail.ru", "yahoo.co.jp", "rediffmail.com", "zoho.com",
                         "fastmail.com", "tutanota.com", "aol.com", "bol.com.br", "uol.com.br", "t-online.de"]

RESIDENTIAL_ASNS = [7922, 20115, 22773, 7018, 701, 812, 6327, 3320, 3215, 12322, 2856, 5089, 3352, 1221, 28573,
                    8151, 9121, 4766, 17676, 4713, 9829, 24560]
MOBILE_ASNS = {"T-Mobile US": 21928, "Verizon Wireless": 22394, "AT&T Mobility": 20057, "Vodafone ES": 12430,
               "Airtel mobile": 45609, "Turkcell": 16135}
CLOUDS = ["amazon", "google", "microsoft", "digitalocean", "linode", "oracle"]


def _prof(peaks, floor=0.02):
    h = np.arange(24)
    w = np.full(24, floor)
    for c, a, s in peaks:
        d = (h - c + 12) % 24 - 12
        w = w + a * np.exp(-0.5 * (d / s) ** 2)
    return w / w.sum()


PROF = {"home": _prof([(8, 0.35, 1.3), (13, 0.45, 2.0), (21, 1.0, 2.2)]),
        "office": _prof([(10, 1.0, 1.4), (15, 1.0, 1.7)], 0.004),
        "student": _prof([(14, 0.6, 3.0), (23, 1.0, 2.0)]),
        "night": _prof([(2, 1.0, 2.5)], 0.05),
        "flat": np.full(24, 1 / 24)}
WEEK = {"all": np.ones(7), "work": np.array([1, 1, 1, 1, 0.9, 0.07, 0.04]),
        "leisure": np.array([0.8, 0.8, 0.85, 0.9, 1.0, 1.35, 1.3])}


# ---------------------------------------------------------------- shared reference data

def _ip2int(s: str) -> int:
    a, b, c, d = (int(x) for x in s.split("."))
    return (a << 24) | (b << 16) | (c << 8) | d


def _cidrs(lines) -> tuple[np.ndarray, np.ndarray]:
    base, plen = [], []
    for ln in lines:
        ln = ln.strip()
        if not ln or ln.startswith("#") or ":" in ln:
            continue
        ip, _, m = ln.partition("/")
        base.append(_ip2int(ip))
        plen.append(int(m) if m else 32)
    return np.array(base, np.int64), np.array(plen, np.int64)


def v4s(a) -> list[str]:
    return [f"{x >> 24}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}" for x in np.asarray(a, np.int64).tolist()]


class _L(yaml.SafeLoader if not hasattr(yaml, "CSafeLoader") else yaml.CSafeLoader):
    pass


_L.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_mapping(node, deep=True))


def _slot_kind(expr: str) -> str:
    e = expr.lower()
    for k, pats in (("choices", ("choice", "option", "candidates", "endings")),
                    ("question", ("question", "query", "claim", "goal", "prompt")),
                    ("topic", ("title", "topic", "subject", "entity", "label", "target", "word", "name")),
                    ("passage", ("passage", "context", "article", "text", "document", "premise", "hypothesis",
                                 "sentence", "review", "content", "summary", "dialogue", "story", "abstract",
                                 "tweet", "utterance", "source", "paragraph"))):
        if any(p in e for p in pats):
            return k
    return "short"


class Shared:
    def __init__(self, root: Path):
        self.root = root
        aw = pd.read_csv(root / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str, keep_default_na=False)
        aw = aw[aw["prompt"].str.len() > 40]
        self.acts = aw["act"].str.strip().tolist()
        self.personas = [p.strip()[:3000] for p in aw["prompt"].tolist()]
        sents = []
        for p in self.personas:
            for s in re.split(r"(?<=[.?!])\s+", p.replace("\n", " ")):
                if 30 <= len(s) <= 220 and not s.lower().startswith(("i want you", "my first")):
                    sents.append(s.strip())
        self.sents = sorted(set(sents))
        words = set()
        for s in self.sents:
            words.update(w.lower() for w in re.findall(r"[A-Za-z]{4,12}", s))
        self.words = sorted(words)
        # promptsource: each template's prompt side as literal parts and slot kinds
        self.ps: dict[str, list[tuple[str, list]]] = {}
        for f in sorted(glob.glob(str(root / "prompts" / "promptsource-templates" / "**" / "templates.yaml"),
                                  recursive=True)):
            with open(f, encoding="utf-8") as fh:
                d = yaml.load(fh, Loader=_L) or {}
            ds = d.get("dataset", Path(f).parent.name)
            for tid in sorted(d.get("templates") or {}):
                tp = d["templates"][tid]
                jin = str(tp.get("jinja", "")).split("|||")[0]
                jin = re.sub(r"\{%.*?%\}", "", jin, flags=re.S)
                parts = re.split(r"\{\{(.*?)\}\}", jin, flags=re.S)
                segs = []
                for i, p in enumerate(parts):
                    if i % 2:
                        segs.append(("slot", _slot_kind(p)))
                    elif p.strip():
                        segs.append(("lit", re.sub(r"\n{3,}", "\n\n", p)))
                if any(k == "slot" for k, _ in segs) and sum(len(v) for k, v in segs if k == "lit") > 10:
                    self.ps.setdefault(ds, []).append((str(tp.get("name", tid)), segs))
        self.ps_sets = sorted(self.ps)
        asn = pd.read_csv(root / "ip" / "pyasn" / "ipasn_20140513.dat.gz", sep="\t", comment=";", header=None,
                          names=["cidr", "asn"], dtype={"cidr": str, "asn": np.int64})
        with gzip.open(root / "ip" / "pyasn" / "asnames.json.gz", "rt", encoding="utf-8") as fh:
            names = json.load(fh)
        self.asname = names
        uni = sorted(int(k) for k, v in names.items()
                     if re.search(r"UNIVERSITY|UNIVERSITAET|UNIVERSIDAD|UNIVERSITE", v, re.I))
        want = set(RESIDENTIAL_ASNS) | set(MOBILE_ASNS.values()) | set(uni)
        asn = asn[asn["asn"].isin(want)]
        b, p = _cidrs(asn["cidr"].tolist())
        self.pfx = pd.DataFrame({"asn": asn["asn"].to_numpy(), "base": b, "plen": p})
        self.pfx = self.pfx[(self.pfx.plen >= 12) & (self.pfx.plen <= 24)].reset_index(drop=True)
        have = set(self.pfx.asn.tolist())
        self.uni_asns = [a for a in uni if a in have and a not in set(RESIDENTIAL_ASNS)]

        def lines(*parts):
            with open(root.joinpath(*parts), encoding="utf-8") as fh:
                return fh.read().splitlines()

        self.vpn = _cidrs(lines("ip", "vpn", "x4b_vpn_ipv4.txt"))
        self.dc = _cidrs(lines("ip", "vpn", "x4b_datacenter_ipv4.txt"))
        self.cloud = {c: _cidrs(lines("ip", "cloud", c, "ipv4_merged.txt")) for c in CLOUDS}
        self.tor = [x.strip() for x in lines("ip", "tor", "tor-exit-nodes.lst") if re.match(r"^\d+\.\d+\.\d+\.\d+$", x.strip())]


def _in_prefix(rng, base, plen, n, idx=None) -> np.ndarray:
    """n random host addresses, each in a random one of the prefixes (or the given ones)"""
    if idx is None:
        idx = rng.integers(0, len(base), n)
    b, p = base[idx], plen[idx]
    size = np.left_shift(1, 32 - p)
    off = (rng.random(n) * size).astype(np.int64)
    ip = (b & ~(size - 1)) + off
    host = ip & 255
    fix = (p <= 24) & ((host == 0) | (host == 255))
    ip = np.where(fix, (ip & ~255) | rng.integers(2, 254, n), ip)
    return ip


# ---------------------------------------------------------------- text

WRAP = ["{s}", "Can you explain this to me? {s}", "{s} What do you think?", "I have a question. {s}",
        "Help me understand this: {s}", "quick q: {s}", "{s}\n\nPlease keep it short.", "Is this right? {s}",
        "Give me three ideas about {t}.", "What are the pros and cons of {t}?", "Write a short poem about {t}.",
        "Explain {t} like I'm five.", "Draft an email to {n} about {t}.", "Rewrite this more clearly: {s}",
        "Summarize this in two sentences: {p}", "How do I get better at {t}?", "what's the difference between {w} and {w2}",
        "Make a checklist for {t}.", "Reply to my colleague who wrote: \"{s}\"", "Turn this into bullet points:\n{p}"]
LWRAP = {"de": ["Kannst du mir das erklären? {s}", "Übersetze bitte ins Deutsche: {s}", "Was hältst du davon: {s}"],
         "fr": ["Peux-tu m'expliquer ceci : {s}", "Traduis en français : {s}", "Qu'en penses-tu ? {s}"],
         "es": ["¿Puedes explicarme esto? {s}", "Traduce al español: {s}", "¿Qué opinas de esto? {s}"],
         "pt": ["Você pode me explicar isso? {s}", "Traduza para o português: {s}", "O que você acha? {s}"],
         "ja": ["次の文を説明してください: {s}", "日本語に翻訳してください: {s}", "これについてどう思いますか? {s}"]}
NAMES = ["Priya", "Tom", "Ana", "Kenji", "Fatima", "Lukas", "Chloe", "Omar", "Mei", "Diego", "Sara", "Ivan", "Grace",
         "Noah", "Aisha", "Marco", "Yuki", "Elena", "Sam", "Olu"]
PUBLIC = ["Translate to French: {s}", "Translate the following text into Spanish:\n{s}", "Summarize: {p}",
          "TL;DR: {p}", "Fix the grammar: {s}", "Correct the spelling and grammar of this text:\n{s}",
          "Write a LinkedIn post about {t}.", "Make this sound more professional: {s}", "Translate to German: {s}",
          "Paraphrase: {s}"]
CODE_FIX = ["Why does this raise an error?\n```python\n{c}\n```", "Refactor this code:\n```python\n{c}\n```",
            "Add type hints and a docstring:\n```python\n{c}\n```", "Write pytest tests for:\n```python\n{c}\n```",
            "what does this do\n{c}"]
OPS = ["+", "-", "*", "/", "%", "**"]
CODE_TASKS = ["reverses the words in a sentence", "checks whether a string is a palindrome",
              "merges two sorted lists", "returns the n-th Fibonacci number", "parses a CSV line with quoted fields",
              "finds the longest common prefix of a list of strings", "computes a moving average over a window of {k}",
              "groups anagrams together", "validates an IPv4 address", "flattens a nested list",
              "counts word frequencies in a text", "implements binary search on a sorted array",
              "converts Roman numerals to integers", "detects a cycle in a linked list",
              "finds all primes below {k}", "rotates a matrix by 90 degrees", "implements an LRU cache of size {k}",
              "computes the edit distance between two strings", "schedules {k} tasks with dependencies (topological sort)",
              "serialises a binary tree to a string and back", "returns the k most frequent elements",
              "debounces a function call by {k} milliseconds", "finds the median of two sorted arrays",
              "solves the 0/1 knapsack problem for capacity {k}"]
CODE_LANGS = ["Python", "Rust", "Go", "TypeScript", "Java", "C++"]
TOPICS_SCI = ["photosynthesis", "plate tectonics", "the greenhouse effect", "enzyme kinetics", "nuclear fusion",
              "ocean tides", "vaccination", "semiconductors", "black holes", "osmosis", "natural selection",
              "electromagnetic induction", "the water cycle", "protein folding", "superconductivity", "erosion"]


class Text:
    def __init__(self, S: Shared, rng):
        self.S, self.rng = S, rng
        self.sents = np.array(S.sents, object)
        self.words = np.array(S.words, object)
        self.acts = np.array(S.acts, object)
        self.personas = np.array(S.personas, object)

    def pick(self, arr, n):
        return arr[self.rng.integers(0, len(arr), n)]

    def sent(self, n, swap=0.5):
        s = self.pick(self.sents, n)
        w = self.pick(self.words, n)
        sw = self.rng.random(n) < swap
        out = []
        for a, b, c in zip(s.tolist(), w.tolist(), sw.tolist()):
            if c:
                parts = a.split(" ")
                parts[len(parts) // 2] = b
                a = " ".join(parts)
            out.append(a)
        return out

    def passage(self, n, k=(1, 4)):
        m = self.rng.integers(k[0], k[1], n)
        s = self.sent(int(m.sum()), 0.3)
        o = np.cumsum(np.r_[0, m])
        return [" ".join(s[o[i]:o[i + 1]]) for i in range(n)]

    def topic(self, n):
        t = self.pick(self.acts, n)
        return [x.lower() for x in t.tolist()]

    def chat(self, n, lang=None):
        rng = self.rng
        k = rng.integers(0, len(WRAP), n)
        s, p, t = self.sent(n), self.passage(n, (2, 4)), self.topic(n)
        w, w2 = self.pick(self.words, n).tolist(), self.pick(self.words, n).tolist()
        nm = self.pick(np.array(NAMES, object), n).tolist()
        out = [WRAP[k[i]].format(s=s[i], p=p[i], t=t[i], w=w[i], w2=w2[i], n=nm[i]) for i in range(n)]
        if lang is not None:
            lw = rng.random(n) < 0.45
            j = rng.integers(0, 3, n)
            for i in np.flatnonzero(lw & (lang != None)).tolist():  # noqa: E711
                out[i] = LWRAP[lang[i]][j[i]].format(s=s[i])
        return out

    def code_snip(self, n):
        rng = self.rng
        a, b = self.pick(self.words, n).tolist(), self.pick(self.words, n).tolist()
        f = self.pick(self.words, n).tolist()
        op = rng.integers(0, len(OPS), n)
        k = rng.integers(2, 99, n)
        return [f"def {f[i]}_{k[i]}({a[i]}, {b[i]}):\n    result = {a[i]} {OPS[op[i]]} {b[i]}\n"
                f"    return result{'[0]' if k[i] % 3 == 0 else ''}" for i in range(n)]

    def code_q(self, n):
        c = self.code_snip(n)
        k = self.rng.integers(0, len(CODE_FIX), n)
        return [CODE_FIX[k[i]].format(c=c[i]) for i in range(n)]

    def code_task(self, n):
        rng = self.rng
        t = rng.integers(0, len(CODE_TASKS), n)
        lg = rng.integers(0, len(CODE_LANGS), n)
        k = rng.integers(3, 500, n)
        return [f"a {CODE_LANGS[lg[i]]} function that " + CODE_TASKS[t[i]].format(k=k[i]) for i in range(n)]

    def public(self, n, which=None):
        rng = self.rng
        k = rng.integers(0, len(PUBLIC), n) if which is None else np.full(n, which)
        s, p, t = self.sent(n, 0.3), self.passage(n, (2, 5)), self.topic(n)
        return [PUBLIC[k[i]].format(s=s[i], p=p[i], t=t[i]) for i in range(n)]

    def persona(self, n, follow=0.4):
        rng = self.rng
        idx = (rng.zipf(1.6, n) - 1) % len(self.personas)  # a few personas are far more popular than the rest
        p = self.personas[idx].tolist()
        f = rng.random(n) < follow
        s = self.sent(n)
        return [s[i] if f[i] else p[i] for i in range(n)]

    def math(self, n):
        rng = self.rng
        kind = rng.integers(0, 6, n)
        a, b, c = rng.integers(2, 40, n), rng.integers(1, 200, n), rng.integers(2, 500, n)
        out = []
        for i in range(n):
            k, x, y, z = kind[i], a[i], b[i], c[i]
            if k == 0:
                out.append(f"Solve for x: {x}x + {y} = {z}")
            elif k == 1:
                out.append(f"A train travels {z} km in {x} hours and then {y} km in {x + 3} hours. What is its average speed?")
            elif k == 2:
                out.append(f"Find the derivative of f(x) = {x}x^3 - {y}x^2 + {z}x - 7 and evaluate it at x = {x % 5 + 1}.")
            elif k == 3:
                out.append(f"A bag has {x} red and {y % 30 + 2} blue marbles. Two are drawn without replacement. "
                           f"What is the probability both are red?")
            elif k == 4:
                out.append(f"Prove that the sum of the first {x} odd numbers equals {x}^2.")
            else:
                out.append(f"Compute the integral of {x}x^2 + {y % 9 + 1} from 0 to {x % 7 + 1}.")
        return out

    def logic(self, n):
        rng = self.rng
        out = []
        nm = np.array(NAMES, object)
        for _ in range(n):
            k = int(rng.integers(4, 7))
            ppl = rng.choice(nm, k, replace=False).tolist()
            cl = []
            for _ in range(k - 1):
                a, b = rng.choice(k, 2, replace=False).tolist()
                rel = ["sits left of", "is taller than", "finished before", "is not next to"][int(rng.integers(0, 4))]
                cl.append(f"{ppl[a]} {rel} {ppl[b]}")
            q = ["Who is in the middle?", "Who finished last?", "Which arrangement is consistent?",
                 "Is the puzzle uniquely solvable?"][int(rng.integers(0, 4))]
            out.append(f"{k} people: {', '.join(ppl)}. " + "; ".join(cl) + ". " + q)
        return out

    def science(self, n):
        rng = self.rng
        t = self.pick(np.array(TOPICS_SCI, object), n).tolist()
        s = self.sent(n, 0.5)
        q = rng.integers(0, 4, n)
        forms = ["Why does {t} matter for the following claim? {s}", "Which statement about {t} is correct?\n"
                 "A) {s}\nB) It has no measurable effect.\nC) It only occurs at night.\nD) None of the above.",
                 "Explain the mechanism behind {t}.", "Given that {s} How would {t} change the outcome?"]
        return [forms[q[i]].format(t=t[i], s=s[i]) for i in range(n)]

    def fills(self, n, kind):
        if kind == "passage":
            return self.passage(n, (1, 4))
        if kind == "question":
            return [x.rstrip(".") + "?" for x in self.sent(n, 0.3)]
        if kind == "topic":
            return self.topic(n)
        if kind == "choices":
            w = self.pick(self.words, 3 * n).tolist()
            return [" ||| ".join(w[3 * i:3 * i + 3]) for i in range(n)]
        return self.pick(self.words, n).tolist()

    def bench(self, ds: str, items: int) -> list[str]:
        """a public benchmark: every template of a promptsource set over the same fixed items"""
        tpls = self.S.ps[ds]
        kinds = ["passage", "question", "topic", "choices", "short"]
        fill = {k: self.fills(items, k) for k in kinds}
        out = []
        for i in range(items):
            for _, segs in tpls:
                out.append("".join(v if k == "lit" else fill[v][i] for k, v in segs).strip())
        return out


# ---------------------------------------------------------------- the world

class World:
    COLS = ("cohort", "group", "ring", "variant", "created", "card", "email", "country", "org", "ua0", "ua1")

    def __init__(self, rng, S: Shared, days: int):
        self.rng, self.S, self.D = rng, S, days
        self.X = Text(S, rng)
        self.A = {k: [] for k in self.COLS}
        self.ev: list[tuple] = []
        self.groups: dict[str, dict] = {}
        self.rings: list[dict] = []
        self.cohort_info: dict[str, str] = {}
        self._tok: set[str] = set()
        self._gid = 0
        self._make_uas()
        self._make_pools()

    # ids and tokens
    def tokens(self, n, k=12, alpha="0123456789abcdefghjkmnpqrstvwxyz"):
        al = np.array(list(alpha))
        out = []
        while len(out) < n:
            m = n - len(out)
            raw = al[self.rng.integers(0, len(al), (m, k))]
            for r in raw:
                s = "".join(r.tolist())
                if s not in self._tok:
                    self._tok.add(s)
                    out.append(s)
        return out

    def cards(self, n):
        kind = self.rng.choice(4, n, p=[0.62, 0.18, 0.12, 0.08])
        pre = np.array(["card_fp_", "pm_", "paypal_ba:", "applepay_dpan:"], object)
        return [pre[k] + t for k, t in zip(kind.tolist(), self.tokens(n, 14))]

    def gid(self, prefix):
        self._gid += 1
        return f"{prefix}-{self._gid:05d}"

    def country(self, n):
        i = self.rng.choice(len(CC), n, p=CW)
        return CC[i], CTZ[i]

    def email(self, n, cc=None):
        return [FREEMAIL[k] for k in self.rng.integers(0, len(FREEMAIL), n).tolist()]

    def created(self, n, new_share=0.1, lo=700):
        """sign-up second: most before the window (recent ones likelier), some inside it"""
        rng = self.rng
        before = T0 - (rng.power(0.6, n) * lo * DAY).astype(np.int64) - rng.integers(60, DAY, n)
        inside = T0 + rng.integers(0, max(1, self.D - 2) * DAY, n)
        return np.where(rng.random(n) < new_share, inside, before)

    def add_accounts(self, n, cohort, **kw) -> np.ndarray:
        start = len(self.A["cohort"])
        for k in self.COLS:
            v = kw.get(k, "" if k not in ("card", "email", "org", "country", "ua1") else None)
            if k == "created" and v is None:
                v = self.created(n)
            if k == "cohort":
                v = cohort
            if isinstance(v, (list, np.ndarray)):
                v = list(v.tolist() if isinstance(v, np.ndarray) else v)
                assert len(v) == n, (k, len(v), n)
                self.A[k].extend(v)
            else:
                self.A[k].extend([v] * n)
        return np.arange(start, start + n)

    def emit(self, acc, t, ip, prompt, tok, model, ua=None):
        n = len(t)
        if n == 0:
            return
        ua = np.full(n, None, object) if ua is None else np.asarray(ua, object)
        self.ev.append((np.asarray(acc, np.int64), np.asarray(t, np.int64), np.asarray(ip, object),
                        np.asarray(prompt, object), np.asarray(tok, np.int64), np.asarray(model, np.int8), ua))

    # timing
    def activity(self, acc, lam, pact, tz, prof="home", week="all", sd=None, ed=None, sess=6.0, gap=50.0,
                 gsig=1.0, hours=None):
        """requests of each account: active days, a Poisson count per day, sessions that start at local hours
        of the profile, lognormal gaps inside a session. Returns per-event account, ms time, session index."""
        rng, D = self.rng, self.D
        n = len(acc)
        days = np.arange(D)
        sd = np.zeros(n, np.int64) if sd is None else np.asarray(sd)
        ed = np.full(n, D) if ed is None else np.asarray(ed)
        wk = WEEK[week][days % 7]
        on = (rng.random((n, D)) < np.asarray(pact, float).reshape(-1, 1)) & (days >= sd[:, None]) & (days < ed[:, None])
        cnt = rng.poisson(np.asarray(lam, float).reshape(-1, 1) * wk[None, :] * on)
        ai, di = np.nonzero(cnt)
        c = cnt[ai, di]
        if len(c) == 0:
            z = np.zeros(0, np.int64)
            return z, z, z
        s = np.minimum(c, 1 + rng.poisson((c - 1) / sess))
        G, S = len(c), int(s.sum())
        soff = np.r_[0, np.cumsum(s)[:-1]]
        sg = np.repeat(np.arange(G), s)
        p = PROF[prof] if hours is None else hours
        hr = rng.choice(24, S, p=p) + rng.random(S)
        tzv = np.broadcast_to(np.asarray(tz, float), (n,))
        sstart = (di[sg] * DAY + (hr - tzv[ai[sg]]) * 3600).astype(np.int64)
        E = int(c.sum())
        eg = np.repeat(np.arange(G), c)
        es = soff[eg] + (rng.random(E) * s[eg]).astype(np.int64)
        order = np.argsort(es, kind="stable")
        es, eg = es[order], eg[order]
        g = rng.lognormal(np.log(gap), gsig, E)
        cs = np.cumsum(g)
        first = np.r_[True, es[1:] != es[:-1]]
        base = np.maximum.accumulate(np.where(first, np.arange(E), 0))
        off = cs - cs[base]
        t = (T0 + sstart[es]) * 1000 + (off * 1000).astype(np.int64) + rng.integers(0, 1000, E)
        return np.asarray(acc)[ai[eg]], t, es

    def rates(self, n, med, sig=0.9, tail=0.05, tail_mult=8.0):
        rng = self.rng
        lam = rng.lognormal(np.log(med), sig, n)
        tl = rng.random(n) < tail
        lam = np.where(tl, lam * (1 + rng.pareto(1.5, n)) * tail_mult / 3, lam)
        return np.minimum(lam, LIMIT * 0.9)

    def span(self, acc_created, churn=0.12):
        """first and end day of each account: from its sign-up, some churn out early"""
        rng, D = self.rng, self.D
        c = np.asarray(acc_created, np.int64)
        sd = np.clip((c - T0 + DAY - 1) // DAY, 0, D)
        ed = np.where(rng.random(len(c)) < churn, sd + rng.integers(2, D + 1, len(c)), D)
        return sd, np.minimum(ed, D)

    # infrastructure
    def _make_pools(self):
        rng, S = self.rng, self.S
        pf = S.pfx
        self.res_idx = np.flatnonzero(pf.asn.isin(RESIDENTIAL_ASNS).to_numpy())
        self.pb, self.pl = pf.base.to_numpy(), pf.plen.to_numpy()
        # residential proxy providers: exits scattered over thousands of home /24s
        self.proxy = {}
        for name, size in (("resi_proxy_A", 2600), ("resi_proxy_B", 1400)):
            self.proxy[name] = np.array(v4s(self.resi_ip(size, raw=True)), object)
        # carrier CGNAT pools: a few /24s of the carrier's own prefixes
        self.carrier = {}
        for name, asn in MOBILE_ASNS.items():
            idx = np.flatnonzero(pf.asn.to_numpy() == asn)
            if len(idx) == 0:
                idx = self.res_idx
            k = int(rng.integers(2, 5))
            nets = _in_prefix(rng, self.pb, self.pl, k, rng.choice(idx, k)) & ~255
            hosts = rng.choice(254, 96, replace=False) + 1
            ips = (nets[:, None] + hosts[None, :]).ravel()
            self.carrier[name] = np.array(v4s(ips), object)
        self.carrier_names = list(self.carrier)
        # commercial VPN providers: exits in VPN ranges (datacenters)
        vb, vl = S.vpn
        self.vpn = {}
        for name in ("Vortex VPN", "SkyTunnel", "Nordlake", "PrivaNet"):
            k = int(rng.integers(3, 9))
            nets = _in_prefix(rng, vb, vl, k) & ~255
            hosts = rng.integers(2, 254, (k, int(rng.integers(6, 24))))
            self.vpn[name] = np.array(sorted(set(v4s((nets[:, None] + hosts).ravel()))), object)
        self.vpn_names = list(self.vpn)

    def resi_ip(self, n, raw=False):
        ip = _in_prefix(self.rng, self.pb, self.pl, n, self.rng.choice(self.res_idx, n))
        return ip if raw else np.array(v4s(ip), object)

    def v6(self, n, mobile=False):
        g = self.rng.integers(0, 65536, (n, 6))
        pre = ["2600:1700", "2607:fb90", "2a02:8109", "2a01:cb00", "2409:4050", "2001:56a"]
        p = self.rng.integers(0, len(pre), n)
        if mobile:
            return np.array([f"2607:fb90:{a:x}:{b:x}:{c:x}:{d:x}:{e:x}:{f:x}" for a, b, c, d, e, f in g.tolist()], object)
        return np.array([f"{pre[k]}:{a:x}:{b:x}::{c:x}" for k, (a, b, c, d, e, f) in zip(p.tolist(), g.tolist())], object)

    def cloud_ip(self, n, provider=None):
        provs = CLOUDS if provider is None else [provider]
        out = np.empty(n, np.int64)
        which = self.rng.integers(0, len(provs), n)
        for j, pv in enumerate(provs):
            m = which == j
            b, l = self.S.cloud[pv]
            out[m] = _in_prefix(self.rng, b, l, int(m.sum()))
        return np.array(v4s(out), object)

    def home_ips(self, n, v6share=0.2):
        """one home address per account (IPv6 for some), re-leased once in the window for some"""
        a = self.resi_ip(n)
        v6 = self.rng.random(n) < v6share
        a[v6] = self.v6(int(v6.sum()))
        b = self.resi_ip(n)
        day = np.where(self.rng.random(n) < 0.15, self.rng.integers(3, max(4, self.D - 2), n), self.D + 1)
        return a, b, day

    def at_home(self, acc_local, t, a, b, day):
        d = (t // 1000 - T0) // DAY
        return np.where(d >= day[acc_local], b[acc_local], a[acc_local])

    # user agents
    def _make_uas(self):
        rng = self.rng
        py = [f"corvid-python/{a}.{b}.{c} (python 3.{d})" for a, b, c, d in
              zip([1] * 8 + [2] * 8, rng.integers(0, 9, 16), rng.integers(0, 12, 16), rng.integers(9, 14, 16))]
        node = [f"corvid-node/{a}.{b}.{c}" for a, b, c in zip([3] * 8, rng.integers(0, 9, 8), rng.integers(0, 5, 8))]
        oai = [f"OpenAI/Python 1.{b}.{c}" for b, c in zip(rng.integers(30, 60, 8), rng.integers(0, 9, 8))]
        misc = ["curl/8.5.0", "curl/7.81.0", "python-requests/2.31.0", "python-requests/2.32.3",
                "python-httpx/0.27.0", "python-httpx/0.28.1", "Go-http-client/2.0", "axios/1.7.2", "okhttp/4.12.0",
                "PostmanRuntime/7.39.0", "LangChain/0.3.7", "llama-index/0.11.2", "Dart/3.4 (dart:io)"]
        web = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13{}.0.0.0 Safari/537.36".format(i) for i in range(0, 6)] + \
              ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{} Safari/605.1.15".format(i) for i in range(4)] + \
              ["Mozilla/5.0 (X11; Linux x86_64; rv:13{}.0) Gecko/20100101 Firefox/13{}.0".format(i, i) for i in range(3)]
        mob = [f"CorvidChat/{a}.{b} (iPhone; iOS 18.{c})" for a, b, c in zip([4] * 6, rng.integers(0, 20, 6), rng.integers(0, 6, 6))] + \
              [f"CorvidChat/{a}.{b} (Android 1{c})" for a, b, c in zip([4] * 6, rng.integers(0, 20, 6), rng.integers(3, 6, 6))]
        self.UA = {"sdk": np.array(py + node + oai, object), "misc": np.array(misc, object),
                   "web": np.array(web, object), "mobile": np.array(mob, object)}

    def ua_pick(self, n, mix=(0.45, 0.15, 0.3, 0.1)):
        rng = self.rng
        kinds = ["sdk", "misc", "web", "mobile"]
        k = rng.choice(4, n, p=np.array(mix) / sum(mix))
        out = np.empty(n, object)
        for j, kk in enumerate(kinds):
            m = k == j
            pool = self.UA[kk]
            w = 1.0 / np.arange(1, len(pool) + 1) ** 0.8  # popular client versions first
            out[m] = pool[rng.choice(len(pool), int(m.sum()), p=w / w.sum())]
        return out

    def tok(self, n, med, sig=0.6):
        return np.maximum(1, self.rng.lognormal(np.log(med), sig, n)).astype(np.int64)

    def model(self, n, p=CHAT_MODELS):
        return self.rng.choice(len(MODELS), n, p=np.array(p) / sum(p)).astype(np.int8)


# ---------------------------------------------------------------- benign cohorts

def _crowd_chat(w: World, acc, t, lang_of, code_share=0.12, public_share=0.08, persona_share=0.05):
    """diverse individual prompts: chat, code, a few public templates and pasted personas"""
    rng, X = w.rng, w.X
    n = len(t)
    if n == 0:
        return np.empty(0, object), np.empty(0, np.int64)
    r = rng.random(n)
    out = np.empty(n, object)
    m_code = r < code_share
    m_pub = (r >= code_share) & (r < code_share + public_share)
    m_per = (r >= code_share + public_share) & (r < code_share + public_share + persona_share)
    m_chat = ~(m_code | m_pub | m_per)
    out[m_code] = X.code_q(int(m_code.sum()))
    out[m_pub] = X.public(int(m_pub.sum()))
    out[m_per] = X.persona(int(m_per.sum()))
    lang = None if lang_of is None else lang_of[m_chat]
    out[m_chat] = X.chat(int(m_chat.sum()), lang)
    # people re-send their own last prompts (edits, retries)
    order = np.lexsort((t, acc))
    rep = rng.random(n) < 0.25
    prev = np.r_[order[0], order[:-1]]
    same = np.r_[False, acc[order][1:] == acc[order][:-1]]
    tgt = order[rep[order] & same]
    out[tgt] = out[prev[rep[order] & same]]
    tok = np.where(m_code, w.tok(n, 480), w.tok(n, 320, 0.8))
    return out, tok


def _split(total, draw, lo):
    """group sizes from draw() that add up to total exactly, none under lo (unless total is)"""
    sizes: list[int] = []
    while sum(sizes) < total:
        sizes.append(draw())
    sizes[-1] = total - sum(sizes[:-1])
    if sizes[-1] < lo and len(sizes) > 1:
        last = sizes.pop()
        sizes[-1] += last
    return sizes


def _langs(cc):
    return np.array([LANG.get(c) for c in cc.tolist()], object)


def individuals(w: World, n, cohort="individual", public=False):
    rng = w.rng
    cc, tz = w.country(n)
    created = w.created(n, 0.12)
    acc = w.add_accounts(n, cohort, created=created, card=np.where(rng.random(n) < 0.7, w.cards(n), None),
                         email=w.email(n), country=cc, ua0=w.ua_pick(n), ua1=w.ua_pick(n))
    sd, ed = w.span(created)
    lam = w.rates(n, 1.9, 0.9, 0.04)
    pact = rng.beta(1.2, 3.0, n)
    prof = rng.choice(["home", "student", "night", "office"], n, p=[0.6, 0.2, 0.05, 0.15])
    a, b, day = w.home_ips(n)
    kind = rng.integers(0, len(PUBLIC), n)  # a public-template user's favourite template
    for pr in ("home", "student", "night", "office"):
        m = np.flatnonzero(prof == pr)
        if len(m) == 0:
            continue
        e, t, _ = w.activity(m, lam[m], pact[m], tz[m], pr, "leisure" if pr != "office" else "work", sd[m], ed[m])
        ip = w.at_home(e, t, a, b, day)
        if public:
            fav = rng.random(len(t)) < 0.7
            pr_txt, tok = _crowd_chat(w, e, t, _langs(cc)[e], public_share=0.05)
            fp = np.flatnonzero(fav)
            pub = np.empty(len(fp), object)
            kk = kind[e[fp]]
            for j in range(len(PUBLIC)):
                mm = kk == j
                pub[mm] = w.X.public(int(mm.sum()), j)
            pr_txt[fp] = pub
            tok[fp] = w.tok(len(fp), 180)
        else:
            pr_txt, tok = _crowd_chat(w, e, t, _langs(cc)[e])
        w.emit(acc[e], t, ip, pr_txt, tok, w.model(len(t)))


def public_template_users(w: World, n):
    individuals(w, n, "public_template", public=True)
    w.cohort_info["public_template"] = ("unrelated people at home who mostly send one favourite public template "
                                        "(Translate to French:, Summarize:, TL;DR:, ...) or a pasted awesome-chatgpt persona")


def mobile(w: World, n):
    rng = w.rng
    cc, tz = w.country(n)
    cn = rng.choice(len(w.carrier_names), n)
    created = w.created(n, 0.15)
    acc = w.add_accounts(n, "mobile_cgnat", created=created, card=np.where(rng.random(n) < 0.55, w.cards(n), None),
                         email=w.email(n), country=cc, variant=[w.carrier_names[k] for k in cn.tolist()],
                         ua0=w.UA["mobile"][rng.integers(0, len(w.UA["mobile"]), n)], ua1=w.ua_pick(n, (0.1, 0.1, 0.3, 0.5)))
    sd, ed = w.span(created, 0.18)
    e, t, s = w.activity(np.arange(n), w.rates(n, 1.8, 0.8, 0.03), rng.beta(1.3, 2.5, n), tz, "home", "leisure",
                         sd, ed, sess=4, gap=70)
    # every session takes an address of its carrier's CGNAT pool; some phones get a v6 address of their own
    ns = int(s.max()) + 1 if len(s) else 0
    sess_pick = rng.integers(0, 10 ** 6, ns)
    ip = np.empty(len(t), object)
    for j, nm in enumerate(w.carrier_names):
        m = cn[e] == j
        pool = w.carrier[nm]
        ip[m] = pool[sess_pick[s[m]] % len(pool)]
    own6 = w.v6(n, mobile=True)
    v6 = (rng.random(n) < 0.3)[e]
    ip[v6] = own6[e[v6]]
    pr, tok = _crowd_chat(w, e, t, _langs(cc)[e], code_share=0.04)
    w.emit(acc[e], t, ip, pr, tok, w.model(len(t), (0.7, 0.25, 0.03, 0.01, 0.01)))
    w.cohort_info["mobile_cgnat"] = "unrelated phone users rotating through their carrier's small CGNAT address pool"


def vpn_users(w: World, n):
    rng = w.rng
    cc, tz = w.country(n)
    prov = rng.choice(len(w.vpn_names), n, p=[0.4, 0.3, 0.2, 0.1])
    tor = rng.random(n) < 0.04
    created = w.created(n, 0.1)
    acc = w.add_accounts(n, "vpn_user", created=created, card=np.where(rng.random(n) < 0.6, w.cards(n), None),
                         email=np.where(rng.random(n) < 0.3, "proton.me", np.array(w.email(n), object)), country=cc,
                         variant=["tor" if tor[i] else w.vpn_names[prov[i]] for i in range(n)],
                         ua0=w.ua_pick(n), ua1=w.ua_pick(n))
    sd, ed = w.span(created)
    e, t, s = w.activity(np.arange(n), w.rates(n, 2.0, 0.9, 0.05), rng.beta(1.2, 2.5, n), tz, "home", "leisure", sd, ed)
    ns = int(s.max()) + 1 if len(s) else 0
    pick = rng.integers(0, 10 ** 6, ns)
    ip = np.empty(len(t), object)
    for j, nm in enumerate(w.vpn_names):
        m = prov[e] == j
        ip[m] = w.vpn[nm][pick[s[m]] % len(w.vpn[nm])]
    torp = np.array(w.S.tor, object)
    m = tor[e]
    ip[m] = torp[pick[s[m]] % len(torp)]
    a, b, day = w.home_ips(n)
    off = rng.random(len(t)) < 0.08  # the VPN was off
    ip[off] = w.at_home(e[off], t[off], a, b, day)
    pr, tok = _crowd_chat(w, e, t, _langs(cc)[e], code_share=0.2)
    w.emit(acc[e], t, ip, pr, tok, w.model(len(t)))
    w.cohort_info["vpn_user"] = "unrelated people whose commercial VPN (or Tor) hands every session an exit of its shared pool"


def proxy_users(w: World, n):
    """benign customers of the same residential proxy providers the rings rent: scrapers, ad verification,
    privacy-minded developers; some run a templated extraction job"""
    rng = w.rng
    cc, tz = w.country(n)
    prov = rng.choice(2, n, p=[0.65, 0.35])
    job = rng.random(n) < 0.4
    created = w.created(n, 0.1)
    names = list(w.proxy)
    acc = w.add_accounts(n, "proxy_customer", created=created, card=w.cards(n), email=w.email(n), country=cc,
                         variant=[names[prov[i]] + ("/extract_job" if job[i] else "") for i in range(n)],
                         ua0=w.ua_pick(n, (0.5, 0.4, 0.1, 0.0)), ua1=w.ua_pick(n, (0.5, 0.4, 0.1, 0.0)))
    sd, ed = w.span(created)
    lam = np.where(job, w.rates(n, 6, 0.8, 0.08), w.rates(n, 2.5, 0.9))
    e, t, _ = w.activity(np.arange(n), lam, np.where(job, rng.beta(4, 2, n), rng.beta(1.2, 2.5, n)), tz,
                         "flat", "all", sd, ed, sess=15, gap=20)
    ip = np.empty(len(t), object)
    for j, nm in enumerate(names):
        m = prov[e] == j
        ip[m] = w.proxy[nm][rng.integers(0, len(w.proxy[nm]), int(m.sum()))]
    pr, tok = _crowd_chat(w, e, t, None, code_share=0.3)
    jm = job[e]
    shop = w.X.pick(w.X.words, int(jm.sum())).tolist()
    price = rng.integers(3, 900, int(jm.sum()))
    tag = rng.integers(0, 4, n)
    pr[jm] = [f"Extract the product title, price and currency from this HTML and answer in JSON only:\n"
              f"<div class=\"{['item', 'prod', 'card', 'listing'][tag[a]]}\"><h2>{x.title()} {y}</h2>"
              f"<span>${p}.99</span></div>" for a, x, y, p in zip(e[jm].tolist(), shop, w.X.pick(w.X.words, int(jm.sum())).tolist(), price.tolist())]
    tok[jm] = w.tok(int(jm.sum()), 40, 0.3)
    w.emit(acc[e], t, ip, pr, tok, w.model(len(t), (0.8, 0.15, 0.02, 0.01, 0.02)))
    w.cohort_info["proxy_customer"] = "benign customers of the residential proxy providers that rings also rent"


def households(w: World, n):
    rng = w.rng
    sizes = _split(n, lambda: int(rng.choice([2, 3, 4, 5], p=[0.45, 0.3, 0.17, 0.08])), 2)
    for k in sizes:
        g = w.gid("hh")
        ci = int(rng.choice(len(CC), p=CW))
        shared = rng.random() < 0.75
        card = w.cards(1)[0] if shared else None
        cards = [card] * k if shared else [c if rng.random() < 0.6 else None for c in w.cards(k)]
        created = w.created(k, 0.1)
        acc = w.add_accounts(k, "household", group=g, variant="shared_card" if shared else "own_cards",
                             created=created, card=cards, email=w.email(k), country=CC[ci],
                             ua0=w.ua_pick(k), ua1=w.ua_pick(k))
        w.groups[g] = {"cohort": "household", "size": k, "shared_card": shared, "country": CC[ci]}
        sd, ed = w.span(created, 0.08)
        kid = rng.random(k) < 0.35
        e, t, _ = w.activity(np.arange(k), w.rates(k, 2.0), rng.beta(1.5, 2.5, k), CTZ[ci], "home", "leisure", sd, ed)
        home = w.resi_ip(1)[0] if rng.random() < 0.8 else w.v6(1)[0]
        ip = np.full(len(t), home, object)
        away = rng.random(len(t)) < 0.1
        ip[away] = w.resi_ip(int(away.sum()))
        pr, tok = _crowd_chat(w, e, t, None)
        km = kid[e] & (rng.random(len(t)) < 0.6)
        hw = w.X.math(int(km.sum()))
        pr[km] = [h + [" explain step by step", "\nShow the steps please.", " how do i do this", ""][i % 4]
                  for i, h in enumerate(hw)]
        w.emit(acc[e], t, ip, pr, tok, w.model(len(t)))
    w.cohort_info["household"] = "2-5 family members on one home address, mostly one shared card; children ask homework step by step"


def offices(w: World, n):
    rng = w.rng
    sizes = _split(n, lambda: int(np.clip(rng.lognormal(np.log(14), 1.0), 3, 260)), 3)
    for k in sizes:
        g = w.gid("office")
        ci = int(rng.choice(len(CC), p=CW))
        co = "-".join(w.X.pick(w.X.words, 2).tolist())
        dom = co + rng.choice([".com", ".io", ".co", ".de", ".net", ".ai"])
        corp = rng.random() < 0.4
        declared = rng.random() < 0.4
        tool = rng.random() < 0.3
        cloud_gw = rng.random() < 0.25
        cards = [f"invoice:{co}"] * k if corp else [c if rng.random() < 0.5 else None for c in w.cards(k)]
        emails = np.where(rng.random(k) < 0.9, dom, np.array(w.email(k), object))
        created = np.where(rng.random(k) < 0.5, T0 - rng.integers(200, 400) * DAY + rng.integers(0, 3 * DAY, k),
                           w.created(k, 0.08, 400))
        acc = w.add_accounts(k, "office_nat", group=g, created=created, card=cards, email=emails, country=CC[ci],
                             org=f"org_{co}" if declared else None,
                             variant=("declared" if declared else "undeclared") + ("/corp_card" if corp else "/own_cards")
                             + ("/internal_tool" if tool else ""), ua0=w.ua_pick(k, (0.3, 0.1, 0.6, 0.0)),
                             ua1=w.ua_pick(k))
        n_ip = int(rng.integers(1, 4))
        egress = w.cloud_ip(n_ip) if cloud_gw else np.array(v4s(w.resi_ip(1, raw=True)[0] & ~255 | rng.choice(np.arange(2, 250), n_ip, replace=False)), object)
        w.groups[g] = {"cohort": "office_nat", "size": k, "domain": dom, "declared_org": declared, "corp_card": corp,
                       "internal_tool": tool, "egress_ips": n_ip, "egress": "cloud_gateway" if cloud_gw else "isp_block",
                       "country": CC[ci]}
        sd, ed = w.span(created, 0.05)
        e, t, _ = w.activity(np.arange(k), w.rates(k, 2.2, 0.8, 0.05), rng.beta(2, 2.5, k), CTZ[ci], "office", "work",
                             sd, ed, sess=5, gap=90)
        ip = egress[rng.integers(0, n_ip, len(t))]
        a, b, day = w.home_ips(k)
        wfh = rng.random(len(t)) < 0.15
        ip[wfh] = w.at_home(e[wfh], t[wfh], a, b, day)
        pr, tok = _crowd_chat(w, e, t, None, code_share=0.15, public_share=0.12, persona_share=0.02)
        if tool:
            tm = rng.random(len(t)) < 0.45
            tn = f"{co.split('-')[0].title()}Assist"
            q = w.X.sent(int(tm.sum()))
            ctx = w.X.passage(int(tm.sum()), (1, 3))
            pr[tm] = [f"[{tn}] You are the internal assistant of {co.title()} staff. Answer from the context.\n"
                      f"Context: {c}\nQuestion: {x}" for c, x in zip(ctx, q)]
            tok[tm] = w.tok(int(tm.sum()), 220)
        w.emit(acc[e], t, ip, pr, tok, w.model(len(t)))
    w.cohort_info["office_nat"] = ("company staff behind one to three egress addresses, business hours on weekdays, "
                                   "a corporate invoice for some, an internal tool template for some, an org_id for some")


COURSE_KINDS = ["calculus", "intro_programming", "linear_algebra", "spanish", "essay_writing", "statistics", "physics"]


def campuses(w: World, n):
    rng = w.rng
    n_uni = max(1, int(round(n / 1500)))
    per = np.full(n_uni, n // n_uni)
    per[: n - per.sum()] += 1
    for u in range(n_uni):
        ua = int(rng.choice(w.S.uni_asns))
        uname = re.sub(r"[^a-z]", "", w.S.asname.get(str(ua), "uni").split(" - ")[-1].split(",")[0].lower())[:14] or "uni"
        dom = f"{uname}.edu"
        ci = int(rng.choice([0, 1, 2, 7, 9, 10, 20]))
        idx = np.flatnonzero(w.S.pfx.asn.to_numpy() == ua)
        net = int(_in_prefix(rng, w.pb, w.pl, 1, rng.choice(idx, 1))[0]) & ~255
        nat = np.array(v4s(net + rng.choice(np.arange(2, 250), int(rng.integers(4, 20)), replace=False)), object)
        lic = rng.random() < 0.5
        m = int(per[u])
        sizes = _split(m, lambda: int(rng.integers(20, 160)), 5)
        for k in sizes:
            g = w.gid("course")
            ck = COURSE_KINDS[int(rng.integers(0, len(COURSE_KINDS)))]
            code = f"{ck[:4].upper()}{int(rng.integers(100, 400))}"
            new_term = rng.random() < 0.3  # a block course that starts inside the window: a sign-up burst
            start = int(rng.integers(3, max(4, w.D // 2))) if new_term else 0
            burst = T0 + start * DAY - DAY + rng.integers(0, 3 * DAY, k) if new_term else \
                T0 - int(rng.integers(50, 70)) * DAY + rng.integers(0, 4 * DAY, k)
            pay = [f"edu_license:{uname}" if lic else (c if rng.random() < 0.35 else None) for c in w.cards(k)]
            acc = w.add_accounts(k, "campus", group=g, created=burst, card=pay,
                                 email=np.where(rng.random(k) < 0.85, dom, np.array(w.email(k), object)),
                                 country=CC[ci], variant=f"{ck}" + ("/term_start" if new_term else "") + ("/edu_license" if lic else ""),
                                 ua0=w.ua_pick(k, (0.3, 0.1, 0.5, 0.1)), ua1=w.ua_pick(k))
            due = int(rng.integers(0, 5))  # weekday the assignment is due
            w.groups[g] = {"cohort": "campus", "size": k, "university": uname, "asn": ua, "course": code,
                           "kind": ck, "term_start_day": start if new_term else None, "due_weekday": due,
                           "nat_ips": len(nat), "edu_license": lic}
            sd = np.full(k, start)
            # everyday use
            e, t, _ = w.activity(np.arange(k), w.rates(k, 1.2), rng.beta(1.2, 3, k), CTZ[ci], "student", "all", sd)
            # weekly assignment: the evening and night before the deadline, the professor's exact question text
            days = np.arange(w.D)
            dd = days[((days % 7) == (due - 1) % 7) & (days >= start)]
            e2, t2 = [], []
            for d in dd.tolist():
                act = rng.random(k) < 0.7
                c = rng.poisson(np.where(act, rng.lognormal(np.log(4), 0.6, k), 0))
                ee = np.repeat(np.arange(k), c)
                h = np.clip(rng.normal(21.5, 2.2, len(ee)), 14, 27.9)
                e2.append(ee)
                t2.append((T0 + d * DAY + ((h - CTZ[ci]) * 3600).astype(np.int64)) * 1000 + rng.integers(0, 3600_000, len(ee)) // 6)
            e2 = np.concatenate(e2) if e2 else np.zeros(0, np.int64)
            t2 = np.concatenate(t2) if t2 else np.zeros(0, np.int64)
            wk = (t2 // 1000 - T0) // (7 * DAY)
            qn = rng.integers(1, 7, len(e2))
            gen = {"calculus": w.X.math, "linear_algebra": w.X.math, "statistics": w.X.math, "physics": w.X.science,
                   "intro_programming": w.X.code_task, "spanish": w.X.sent, "essay_writing": w.X.topic}[ck]
            bank = gen(60)
            lead = {"calculus": "Show your work step by step.", "linear_algebra": "Explain each step.",
                    "statistics": "Show all steps of the calculation.", "physics": "Explain your reasoning.",
                    "intro_programming": "Write it and explain how it works.",
                    "spanish": "Translate into Spanish and explain the grammar.",
                    "essay_writing": "Write a 500-word argumentative essay outline."}[ck]
            own = ["", "pls help ", "I don't get this: ", "can you check my answer? ", "hint only: "]
            ow = rng.integers(0, len(own), len(e2))
            pr2 = [f"{own[ow[i]]}{code} Assignment {wk[i] + 1}, Q{qn[i]}: "
                   f"{('Write ' + bank[(wk[i] * 6 + qn[i]) % 60]) if ck == 'intro_programming' else bank[(wk[i] * 6 + qn[i]) % 60]}\n{lead}"
                   for i in range(len(e2))]
            E = np.r_[e, e2]
            T = np.r_[t, t2]
            pr, tok = _crowd_chat(w, e, t, None, code_share=0.2)
            P = np.r_[pr, np.array(pr2, object)]
            TK = np.r_[tok, w.tok(len(e2), 650)]
            on = rng.random(len(T)) < 0.65
            ip = np.where(on, nat[rng.integers(0, len(nat), len(T))], None)
            a, b, day = w.home_ips(k)
            ip[~on] = w.at_home(E[~on], T[~on], a, b, day)
            w.emit(acc[E], T, ip, P, TK, w.model(len(T), (0.55, 0.3, 0.05, 0.07, 0.03)))
    w.cohort_info["campus"] = ("students of a course on one campus NAT pool, the professor's weekly assignment text "
                               "before each deadline (step-by-step requests), sign-up bursts at term start, edu licences")


APP_TEMPLATES = [
    "Classify the sentiment of this review as positive, negative or neutral.\nReview: {s}\nSentiment:",
    "You are {b}Bot, the support assistant for {b}. Be concise and friendly.\nCustomer: {s}\nAssistant:",
    "Extract name, date and amount as JSON from the following invoice text:\n{p}",
    "Write a product description (max 80 words) for: {w} {w2}, category {t}.",
    "Generate 5 SEO keywords for a page about {t}. Return a comma-separated list.",
    "Translate this app string to {l}, keep placeholders intact: \"{s}\"",
    "Summarize the support ticket in one line for the dashboard:\n{p}",
    "Moderate this user comment. Answer ALLOW or BLOCK with a reason.\nComment: {s}",
]


def _app_prompts(w: World, n, tpl: int, brand: str):
    X = w.X
    s, p, t = X.sent(n, 0.5), X.passage(n, (1, 3)), X.topic(n)
    a, b = X.pick(X.words, n).tolist(), X.pick(X.words, n).tolist()
    lg = ["German", "French", "Japanese", "Portuguese"]
    return [APP_TEMPLATES[tpl].format(s=s[i], p=p[i], t=t[i], w=a[i], w2=b[i], b=brand, l=lg[i % 4]) for i in range(n)]


def heavy_apps(w: World, n):
    rng = w.rng
    for _ in range(n):
        g = w.gid("app")
        brand = w.X.pick(w.X.words, 1)[0].title()
        tpl = int(rng.integers(0, len(APP_TEMPLATES)))
        ci = int(rng.choice(len(CC), p=CW))
        acc = w.add_accounts(1, "heavy_app", created=T0 - int(rng.integers(30, 500)) * DAY, card=w.cards(1),
                             email=[brand.lower() + ".app"], country=CC[ci], variant=f"template{tpl}",
                             ua0=w.UA["sdk"][int(rng.integers(0, len(w.UA["sdk"])))], ua1=None)
        per_day = float(rng.uniform(80, 640))
        w.groups[g] = {"cohort": "heavy_app", "size": 1, "brand": brand, "template": tpl, "per_day": round(per_day)}
        # machine-regular: a constant interval with small jitter, around the clock
        E = int(per_day * w.D)
        t = (T0 * 1000 + np.arange(E) * (DAY * 1000 / per_day) + rng.normal(0, 4000, E)).astype(np.int64)
        ips = w.cloud_ip(int(rng.integers(2, 7)), CLOUDS[int(rng.integers(0, 3))])
        ip = ips[rng.integers(0, len(ips), E)]
        pr = _app_prompts(w, E, tpl, brand)
        w.emit(np.full(E, acc[0]), t, ip, pr, w.tok(E, 60 if tpl in (0, 7, 4) else 180, 0.4), w.model(E, (0.9, 0.1, 0, 0, 0)))
    w.cohort_info["heavy_app"] = "one account, one product template, a request every few minutes around the clock from cloud addresses"


def saas_vendors(w: World, n):
    rng = w.rng
    left = n
    while left > 0:
        k = int(min(left, rng.integers(2, 7)))
        left -= k
        g = w.gid("saas")
        brand = w.X.pick(w.X.words, 1)[0].title()
        tpls = rng.choice(len(APP_TEMPLATES), 2, replace=False).tolist()
        declared = rng.random() < 0.5
        card = w.cards(1)[0]
        envs = ["prod", "staging", "dev", "eu-prod", "batch", "qa"][:k]
        acc = w.add_accounts(k, "saas_vendor", group=g, created=T0 - rng.integers(60, 600, k) * DAY, card=[card] * k,
                             email=[f"{brand.lower()}.com"] * k, country="US", org=f"org_{brand.lower()}" if declared else None,
                             variant=[("declared/" if declared else "undeclared/") + e for e in envs],
                             ua0=[w.UA["sdk"][int(rng.integers(0, 8))]] * k, ua1=None)
        ips = w.cloud_ip(int(rng.integers(3, 9)), "amazon")
        w.groups[g] = {"cohort": "saas_vendor", "size": k, "brand": brand, "templates": tpls, "declared_org": declared,
                       "cloud_ips": len(ips)}
        for j in range(k):
            prod = envs[j] in ("prod", "eu-prod", "batch")
            per_day = float(rng.uniform(5, 50)) if prod else float(rng.uniform(2, 15))
            if prod:
                E = int(per_day * w.D)
                t = (T0 * 1000 + np.sort(rng.random(E)) * w.D * DAY * 1000).astype(np.int64)
            else:
                _, t, _ = w.activity(np.array([0]), np.array([per_day]), np.array([0.7]), -5, "office", "work")
                E = len(t)
            ip = ips[rng.integers(0, len(ips), E)]
            tp = np.array(tpls)[rng.integers(0, 2, E)]
            pr = np.empty(E, object)
            for q in tpls:
                m = tp == q
                pr[m] = _app_prompts(w, int(m.sum()), q, brand)
            w.emit(np.full(E, acc[j]), t, ip, pr, w.tok(E, 150, 0.5), w.model(E, (0.8, 0.2, 0, 0, 0)))
    w.cohort_info["saas_vendor"] = "a vendor's prod/staging/dev accounts on one card and one cloud, the same product templates"


def evaluators(w: World, n):
    """researchers running public promptsource benchmarks: labs of 2-4 accounts on one card, and solo users;
    the items are the benchmark's own, so every run of a set sends the same prompts"""
    rng = w.rng
    sets = [s for s in w.S.ps_sets if 3 <= len(w.S.ps[s]) <= 14]
    chosen = rng.choice(sets, min(24, len(sets)), replace=False).tolist()
    bank = {s: w.X.bench(s, int(rng.integers(8, 25))) for s in chosen}
    pop = 1.0 / np.arange(1, len(chosen) + 1)
    pop /= pop.sum()
    left = n
    cot_tail = ["", "\nLet's think step by step.", "\nAnswer:", "\nExplain your answer."]
    while left > 0:
        lab = rng.random() < 0.45
        k = int(min(left, rng.integers(2, 5) if lab else 1))
        left -= k
        g = w.gid("lab") if lab else ""
        uni = rng.random() < 0.6
        cc, _ = w.country(1)
        card = w.cards(1)[0]
        acc = w.add_accounts(k, "benchmark_eval", group=g, created=w.created(k, 0.05), card=[card] * k if lab else w.cards(k),
                             email=[f"{w.X.pick(w.X.words, 1)[0]}.edu" if uni else "gmail.com"] * k if lab else w.email(k),
                             country=cc[0], variant="lab" if lab else "solo", ua0=w.ua_pick(k, (0.7, 0.3, 0, 0)), ua1=None)
        if lab:
            w.groups[g] = {"cohort": "benchmark_eval", "size": k, "card_shared": True}
        ips = w.cloud_ip(2) if not uni else np.array(v4s(w.resi_ip(1, raw=True)[0] & ~255 | rng.integers(2, 250, 3)), object)
        for j in range(k):
            sets_j = rng.choice(chosen, int(rng.integers(1, 3)), replace=False, p=pop).tolist()
            runs = int(rng.choice([1, 1, 2, 3, 4]))
            style = int(rng.integers(0, len(cot_tail)))
            for _ in range(runs):
                day = int(rng.integers(0, w.D))
                items = []
                for s in sets_j:
                    items.extend(bank[s])
                if rng.random() < 0.6:
                    items = [items[i] for i in np.sort(rng.choice(len(items), max(1, len(items) // 4), replace=False))]
                E = len(items)
                gap = float(rng.uniform(0.5, 4.0))
                t = ((T0 + day * DAY + int(rng.integers(0, DAY))) * 1000 + (np.arange(E) * gap * 1000)
                     + rng.integers(0, 400, E)).astype(np.int64)
                pr = np.array([x + cot_tail[style] for x in items], object)
                w.emit(np.full(E, acc[j]), t, ips[rng.integers(0, len(ips), E)], pr,
                       w.tok(E, 700 if style == 1 else 60, 0.7), np.full(E, 3 if style == 1 else 1, np.int8))
    w.cohort_info["benchmark_eval"] = ("researchers running the same public promptsource benchmark items, some with "
                                       "a step-by-step suffix, in bursts; labs of 2-4 accounts on one card")


BENIGN = [("individual", 0.235), ("public_template", 0.11), ("mobile_cgnat", 0.13), ("vpn_user", 0.065),
          ("proxy_customer", 0.02), ("office_nat", 0.17), ("campus", 0.15), ("household", 0.085),
          ("saas_vendor", 0.008), ("benchmark_eval", 0.018), ("heavy_app", 0.0004)]


def build_benign(w: World, n: int):
    cnt = {k: int(np.floor(n * f)) for k, f in BENIGN}
    cnt["heavy_app"] = max(1, cnt["heavy_app"])
    cnt["individual"] += n - sum(cnt.values())
    fns = {"individual": individuals, "public_template": public_template_users, "mobile_cgnat": mobile,
           "vpn_user": vpn_users, "proxy_customer": proxy_users, "office_nat": offices, "campus": campuses,
           "household": households, "saas_vendor": saas_vendors, "benchmark_eval": evaluators, "heavy_app": heavy_apps}
    for k, _ in BENIGN:
        if cnt[k] > 0:
            fns[k](w, cnt[k])
    w.cohort_info["individual"] = "people at home with their own prompts, address and (mostly) card"
    return cnt


# ---------------------------------------------------------------- rings

COT_PHRASE = ["Think step by step.", "Let's work through this step by step.", "Show your reasoning before the answer.",
              "Explain your reasoning in detail, one step at a time.", "Write out your full chain of thought first.",
              "Reason carefully and show all intermediate steps."]
COT_IMPLICIT = ["Before giving the result, describe how you would approach it and check every intermediate value.",
                "Narrate how an expert gets there, then give the answer.", "Justify every transformation you make.",
                "Walk me through how the solution comes together, then state it.",
                "I want to learn the method, not just the result, so go through it fully."]
LEADS = {
    "math": ["Solve the following problem.", "Here is a math problem.", "Work out the answer to this question.",
             "Please solve:", "Problem:", "I need the solution to this one.", "Find the answer.", "Task - solve"],
    "code": ["Write", "Implement", "Please code", "I need", "Produce", "Create", "Give me", "Build"],
    "translate": ["Translate into Japanese", "Render this in natural Japanese", "Japanese translation needed",
                  "Convert the text below to Japanese", "Please translate to Japanese", "Into Japanese, please",
                  "Make a Japanese version of this"],
    "logic": ["Solve this puzzle.", "Logic puzzle:", "Here's a reasoning problem.", "Figure this out:",
              "Constraint problem:", "Puzzle for you."],
    "science": ["Science question:", "Answer this.", "Question:", "Help with this science item.", "Quiz item:"],
    "summarize": ["Summarize the following text", "Give a summary of this passage", "Condense this",
                  "Write an abstract for this", "Short summary please"],
}
FORMATS = {
    "math": ["Give the final answer on its own line.", "End with 'Answer: <value>'.", "Put the final result in a box.",
             "State the final answer clearly at the end.", "Finish with the numeric answer only.", ""],
    "code": ["Include comments.", "Add tests.", "Use idiomatic style and explain complexity.", "Return only code.",
             "Mention edge cases.", ""],
    "translate": ["Keep the tone formal.", "Use polite form (desu/masu).", "Keep it casual.",
                  "Preserve line breaks.", "Also give a romanised reading.", "Use plain form."],
    "logic": ["Give the answer and the arrangement.", "Answer in one line at the end.", "List the final order.", ""],
    "science": ["Pick one option and justify it.", "Answer briefly.", "Give the letter of the answer.", ""],
    "summarize": ["In three bullet points.", "In one sentence.", "Under 60 words.", "In the original language."],
}
SYN = {"problem": ["question", "exercise", "task"], "answer": ["result", "solution", "final value"],
       "following": ["next", "below", "given"], "please": ["kindly", "pls", ""], "text": ["passage", "content"]}

# kind: nominal requests per member and active day, share of harvesting, domain(s), chain-of-thought mode, description
RING_KINDS = {
    "resi_rotator": dict(rate=220, harvest=0.95, domains=["math"], cot="phrase", prof="flat",
                         evasion=["rotating residential proxy exit per request, pool shared with benign proxy customers",
                                  "own prepaid card per account", "per-account paraphrased template",
                                  "signups staggered over months", "each account under the daily limit"]),
    "mobile_swarm": dict(rate=180, harvest=0.9, domains=["code"], cot="implicit", prof="flat",
                         evasion=["mobile proxy: carrier CGNAT addresses shared with benign phone users",
                                  "phone-app user agents", "chain-of-thought asked for without a stock phrase",
                                  "a few cards each reused by several accounts", "starts partway through the window"]),
    "card_farm": dict(rate=430, harvest=1.0, domains=["math", "logic"], cot="phrase", prof="flat",
                      evasion=["none to speak of: one or two cards, one hosting /24, one exact template, "
                               "one user agent, sign-up burst, near the limit"]),
    "vpn_blend": dict(rate=150, harvest=0.5, domains=["science"], cot="mixed", prof="home",
                      evasion=["commercial VPN exits shared with benign VPN users",
                               "half its traffic is normal-looking chat", "human session timing with jitter",
                               "varied user agents and clients", "own card each", "accounts join in turn"]),
    "lone_wolf": dict(rate=120, harvest=0.97, domains=["translate"], cot="none", prof="flat",
                      evasion=["no shared infrastructure: one static residential address of its own per account, "
                               "own card, own client, aged accounts in several countries",
                               "heavily reworded per account", "no chain-of-thought request",
                               "only the template family and the behaviour tie it"]),
    "late_cloud": dict(rate=300, harvest=0.95, domains=["logic", "math"], cot="implicit_and_phrase", prof="flat",
                       evasion=["starts in the second half of the window", "spread over three cloud providers",
                                "virtual card per account", "reasoning model"]),
    "relay_turns": dict(rate=380, harvest=0.98, domains=["summarize"], cot="none", prof="flat",
                        evasion=["accounts take turns of a few days each, so every account looks short-lived",
                                 "datacenter proxy addresses, a fresh block per turn", "no chain-of-thought request",
                                 "own card each"]),
    "hydra_reseller": dict(rate=60, harvest=0.45, domains=["math", "code", "translate"], cot="mixed", prof="home",
                           evasion=["thousands of accounts, each with low volume",
                                    "resold ordinary chat traffic mixed with harvesting",
                                    "residential and mobile proxy exits shared with benign users",
                                    "card batches: some cards reused by a few accounts, most not",
                                    "accounts join in waves over the window", "per-account paraphrase"]),
}
SMALL_KINDS = ["resi_rotator", "mobile_swarm", "card_farm", "vpn_blend", "lone_wolf", "late_cloud", "relay_turns"]
MID_KINDS = ["resi_rotator", "vpn_blend", "mobile_swarm", "lone_wolf"]


def ring_sizes(total: int, mode: str, rng: np.random.Generator) -> list[int]:
    """small: rings of 3-15; mixed: one of 20-50 % of the ring accounts (16-300) and one or two of 16-60;
    hydra: one of 60-75 % (1,000-4,000), one of 80-250 and one to three of 16-40; the rest 3-15"""
    if total < 3:
        return []
    sizes: list[int] = []
    left = total
    if mode == "mixed" and total >= 40:
        big = int(np.clip(round(total * rng.uniform(0.2, 0.5)), 16, 300))
        sizes.append(big)
        left -= big
        for _ in range(int(rng.integers(1, 3))):
            if left >= 16 + 6:
                m = int(min(rng.integers(16, 61), left - 6))
                sizes.append(m)
                left -= m
    elif mode == "hydra" and total >= 1003:
        big = int(np.clip(round(total * rng.uniform(0.6, 0.75)), 1000, 4000))
        big = min(big, total - 3)
        sizes.append(big)
        left -= big
        if left >= 80 + 6:
            m = int(min(rng.integers(80, 251), left - 6))
            sizes.append(m)
            left -= m
        for _ in range(int(rng.integers(1, 4))):
            if left >= 16 + 6:
                m = int(min(rng.integers(16, 41), left - 6))
                sizes.append(m)
                left -= m
    elif mode == "hydra" and total >= 40:  # too few for a hydra of 1,000: one large ring instead
        big = int(np.clip(round(total * 0.6), 16, total - 3))
        sizes.append(big)
        left -= big
    while left > 0:
        if left <= 15:
            s = left
            if s < 3:
                sizes[-1] += s  # never a ring under 3
                break
        else:
            s = int(rng.integers(3, 16))
            if left - s < 3:
                s = left - 3 if left - 3 <= 15 and left - 3 >= 3 else s
        sizes.append(s)
        left -= s
    if sizes and max(sizes) > 15 and mode == "small":
        raise AssertionError(sizes)
    return sizes


def _paraphrase(w: World, domain: str, cot: str, k: int, careful: bool):
    """k per-account wordings of one task template: lead, body slot, format, chain-of-thought, in varied order
    and with synonyms. A careless operator (careful=False) gives every account the same wording."""
    rng = w.rng
    leads, fmts = LEADS[domain], FORMATS[domain]
    if cot == "phrase":
        cots = list(rng.choice(COT_PHRASE, 3, replace=False))
    elif cot == "implicit":
        cots = list(rng.choice(COT_IMPLICIT, 3, replace=False))
    elif cot in ("mixed", "implicit_and_phrase"):
        cots = [str(rng.choice(COT_PHRASE)), str(rng.choice(COT_IMPLICIT)), ""]
    else:
        cots = [""]
    out = []
    base = None
    for _ in range(k):
        if base is not None and not careful:
            out.append(base)
            continue
        lead = str(rng.choice(leads))
        fmt = str(rng.choice(fmts))
        c = str(rng.choice(cots))
        for a, alts in SYN.items():
            if rng.random() < 0.5:
                lead = re.sub(rf"\b{a}\b", str(rng.choice(alts)), lead)
                fmt = re.sub(rf"\b{a}\b", str(rng.choice(alts)), fmt)
        sep = str(rng.choice(["\n\n", "\n", " "]))
        colon = ":" if domain in ("translate", "summarize") else ""
        head = f"{lead} {{X}}." if domain == "code" else f"{lead}{colon}{sep}{{X}}"
        order = int(rng.integers(0, 3))
        if order == 0:
            tpl = f"{head}{sep}{fmt} {c}".strip()
        elif order == 1:
            tpl = f"{c}{sep}{head}{sep}{fmt}".strip()
        else:
            tpl = f"{fmt}{sep}{head}{sep}{c}".strip()
        if rng.random() < 0.3:
            tpl = "### Task\n" + tpl
        out.append(tpl)
        base = tpl
    return out, cots


def _domain_items(w: World, domain: str, n: int) -> list[str]:
    X = w.X
    if domain == "math":
        return X.math(n)
    if domain == "code":
        return X.code_task(n)
    if domain == "logic":
        return X.logic(n)
    if domain == "science":
        return X.science(n)
    return X.passage(n, (2, 5))  # translate, summarize


def build_ring(w: World, rid: str, kind: str, size: int, scale: float) -> dict:
    rng, D = w.rng, w.D
    P = RING_KINDS[kind]
    rate = P["rate"] * scale
    cc, tz = w.country(size)
    info = {"ring_id": rid, "kind": kind, "size": size, "evasion": P["evasion"], "domains": P["domains"],
            "nominal_rate": P["rate"], "rate": round(rate, 1), "harvest_share": P["harvest"]}
    careful = kind != "card_farm"
    # sign-ups, activity span, payment, infrastructure, clients
    if kind == "card_farm":
        created = T0 - int(rng.integers(5, 40)) * DAY + rng.integers(0, 3600, size)
        cards = w.cards(int(rng.integers(1, 3)))
        card = [cards[i % len(cards)] for i in range(size)]
        ci = int(rng.integers(0, len(CC)))
        cc, tz = np.full(size, CC[ci], object), np.full(size, CTZ[ci])
        emails = [f"{w.tokens(1, 6)[0]}-mail.xyz"] * size
        sd, ed = np.zeros(size, np.int64), np.full(size, D)
        info.update(start_day=0, continuous=True, payment="one or two cards", cot="phrase")
    elif kind == "late_cloud":
        start = int(rng.integers(int(D * 0.4), int(D * 0.65)))
        created = T0 + (start - 1) * DAY + rng.integers(0, DAY, size)
        card = ["vcc_" + x for x in w.tokens(size, 16)]
        emails = w.email(size)
        sd, ed = np.full(size, start), np.full(size, D)
        info.update(start_day=start, continuous=False, payment="virtual card per account")
    elif kind == "mobile_swarm":
        start = int(rng.integers(3, max(4, D // 3)))
        created = T0 - rng.integers(10, 120, size) * DAY
        cards = w.cards(max(1, size // 4))
        card = [cards[int(i)] for i in rng.integers(0, len(cards), size)]
        emails = w.email(size)
        sd, ed = start + rng.integers(0, 3, size), np.full(size, D)
        info.update(start_day=start, continuous=False, payment=f"{len(cards)} cards shared")
    elif kind == "relay_turns":
        created = T0 - rng.integers(20, 200, size) * DAY
        card = w.cards(size)
        emails = w.email(size)
        turn = max(2, int(np.ceil(D / size * 1.5)))
        sd = (np.arange(size) * (D - turn) // max(1, size - 1)).astype(np.int64)
        ed = np.minimum(sd + turn, D)
        info.update(start_day=0, continuous=True, turn_days=turn, payment="own card each")
    elif kind == "lone_wolf":
        created = T0 - rng.integers(60, 400, size) * DAY
        card = w.cards(size)
        emails = w.email(size)
        sd, ed = np.zeros(size, np.int64), np.full(size, D)
        info.update(start_day=0, continuous=True, payment="own card each")
    elif kind == "vpn_blend":
        created = T0 - rng.integers(0, 90, size) * DAY - rng.integers(0, DAY, size)
        card = w.cards(size)
        emails = w.email(size)
        late = rng.random(size) < 0.5
        sd = np.where(late, rng.integers(2, max(3, D // 2), size), 0)
        created = np.where(late, T0 + (sd - 1) * DAY + rng.integers(0, DAY, size), created)
        ed = np.full(size, D)
        info.update(start_day=int(sd.min()), continuous=True, payment="own card each", staggered_joins=int(late.sum()))
    elif kind == "hydra_reseller":
        created = T0 - rng.integers(1, 200, size) * DAY
        wave = rng.random(size) < 0.4
        sd = np.where(wave, rng.choice([D // 4, D // 2, 3 * D // 4], size), 0)
        created = np.where(wave, T0 + (sd - 1) * DAY + rng.integers(0, DAY, size), created)
        ed = np.full(size, D)
        cards = w.cards(max(1, size // 5))
        reuse = rng.random(size) < 0.3
        own = w.cards(size)
        card = [cards[int(rng.integers(0, len(cards)))] if reuse[i] else own[i] for i in range(size)]
        emails = np.where(rng.random(size) < 0.85, np.array(w.email(size), object),
                          np.array([f"{x}.site" for x in w.tokens(size, 8)], object))
        info.update(start_day=0, continuous=True, payment="30 % on batch cards shared by a few accounts",
                    waves=int(wave.sum()))
    else:  # resi_rotator
        created = T0 - rng.integers(3, 150, size) * DAY - rng.integers(0, DAY, size)
        card = ["prepaid_" + x for x in w.tokens(size, 14)]
        emails = w.email(size)
        sd, ed = np.zeros(size, np.int64), np.full(size, D)
        info.update(start_day=0, continuous=True, payment="own prepaid card each")
    if kind in ("card_farm",):
        ua0 = [w.UA["misc"][2]] * size
    elif kind == "mobile_swarm":
        ua0 = w.UA["mobile"][rng.integers(0, len(w.UA["mobile"]), size)]
    elif kind in ("vpn_blend", "lone_wolf", "hydra_reseller"):
        ua0 = w.ua_pick(size)
    else:
        ua0 = w.ua_pick(size, (0.6, 0.4, 0, 0))
    acc = w.add_accounts(size, kind, ring=rid, created=created, card=card, email=emails, country=cc, ua0=ua0,
                         ua1=w.ua_pick(size) if kind in ("vpn_blend", "hydra_reseller") else None,
                         variant=P["cot"])
    # traffic
    lam = rate * rng.lognormal(0, 0.25, size)
    pact = np.clip(rng.beta(8, 1.5, size), 0.3, 1)
    prof = P["prof"]
    sess, gap = (40, 12) if prof == "flat" else (8, 40)
    if kind == "card_farm":
        sess, gap = 200, 5
    e, t, s = w.activity(np.arange(size), lam, pact, tz, prof, "all", sd, ed, sess=sess, gap=gap,
                         gsig=0.4 if kind == "card_farm" else 0.9)
    E = len(t)
    # addresses
    if kind == "resi_rotator":
        pool = w.proxy["resi_proxy_A" if rng.random() < 0.6 else "resi_proxy_B"]
        ip = pool[rng.integers(0, len(pool), E)]
        info["infra"] = "residential proxy, exit per request"
    elif kind == "mobile_swarm":
        cn = list(rng.choice(w.carrier_names, 2, replace=False))
        pool = np.concatenate([w.carrier[c] for c in cn])
        ip = pool[rng.integers(0, 10 ** 6, int(s.max()) + 1)[s] % len(pool)]
        info["infra"] = "mobile proxy on " + " and ".join(cn)
    elif kind == "card_farm":
        net = _in_prefix(rng, *w.S.dc, 1)[0] & ~255
        hosts = np.array(v4s(net + rng.choice(np.arange(2, 250), int(rng.integers(2, 6)), replace=False)), object)
        ip = hosts[rng.integers(0, len(hosts), E)]
        info["infra"] = f"{len(hosts)} addresses of one hosting /24"
    elif kind == "vpn_blend":
        vn = str(rng.choice(w.vpn_names[:3]))
        pool = w.vpn[vn]
        ip = pool[rng.integers(0, 10 ** 6, int(s.max()) + 1)[s] % len(pool)]
        info["infra"] = f"commercial VPN {vn}, exit per session"
    elif kind == "lone_wolf":
        own = w.resi_ip(size)
        ip = own[e]
        info["infra"] = "one static residential address per account, none shared"
    elif kind == "late_cloud":
        inst = w.cloud_ip(max(2, size // 2), None)
        per = rng.integers(0, len(inst), (size, 2))
        ip = inst[per[e, rng.integers(0, 2, E)]]
        info["infra"] = f"{len(inst)} cloud instances over several providers, two per account"
    elif kind == "relay_turns":
        blocks = _in_prefix(rng, *w.S.dc, size) & ~255
        ip = np.array(v4s(blocks[e] + rng.integers(2, 250, E)), object)
        info["infra"] = "a datacenter proxy /24 per turn"
    else:  # hydra
        pools = np.concatenate([w.proxy["resi_proxy_A"], w.proxy["resi_proxy_B"]] + [w.carrier[c] for c in w.carrier_names[:3]])
        ip = pools[rng.integers(0, 10 ** 7, int(s.max()) + 1)[s] % len(pools)]
        info["infra"] = "residential and mobile proxy exits, sticky per session"
    # prompts: harvesting with the per-account wording, the rest normal-looking
    harvest = rng.random(E) < P["harvest"]
    pr = np.empty(E, object)
    tok = np.empty(E, np.int64)
    hi = np.flatnonzero(harvest)
    dom_of = rng.integers(0, len(P["domains"]), size)
    cot_mode = P["cot"]
    wordings = {}
    for di, dname in enumerate(P["domains"]):
        wd, cots = _paraphrase(w, dname, "none" if cot_mode == "none" else ("phrase" if cot_mode == "phrase" else
                                                                               "implicit" if cot_mode == "implicit" else "mixed"),
                               size, careful)
        wordings[dname] = wd
        info.setdefault("cot_phrases", {})[dname] = [c for c in cots if c]
        m = hi[dom_of[e[hi]] == di]
        items = _domain_items(w, dname, len(m))
        pr[m] = [wd[a].replace("{X}", x) for a, x in zip(e[m].tolist(), items)]
        long_ = cot_mode != "none"
        tok[m] = w.tok(len(m), 1100 if long_ else (520 if dname in ("translate", "code") else 300), 0.45)
    info["templates_per_account"] = careful
    ni = np.flatnonzero(~harvest)
    if len(ni):
        p2, t2 = _crowd_chat(w, e[ni], t[ni], None, code_share=0.1, public_share=0.1, persona_share=0.1)
        pr[ni], tok[ni] = p2, t2
    mdl = np.where(harvest, 3 if cot_mode != "none" else 2, 0).astype(np.int8)
    mdl = np.where(harvest & (rng.random(E) < 0.3), 2, mdl).astype(np.int8)
    if "code" in P["domains"]:
        mdl = np.where(harvest & (dom_of[e] == P["domains"].index("code")) & (rng.random(E) < 0.5), 4, mdl).astype(np.int8)
    ua = None
    if kind in ("vpn_blend", "hydra_reseller"):
        ua = np.where(rng.random(E) < 0.3, w.ua_pick(E), None)
    w.emit(acc[e], t, ip, pr, tok, mdl, ua)
    info["expected_events"] = int(E)
    return info


def _expected(kind, size, D, scale=1.0):
    P = RING_KINDS[kind]
    days = D * (0.45 if kind == "late_cloud" else 0.75 if kind == "mobile_swarm" else 1.0)
    if kind == "relay_turns":
        days = max(2, int(np.ceil(D / size * 1.5)))
    return P["rate"] * scale * size * days * 0.84


def build_rings(w: World, sizes: list[int], benign_events: int) -> dict:
    rng = w.rng
    order = list(rng.permutation(SMALL_KINDS))
    kinds = []
    j = 0
    for s in sizes:
        if s >= 1000:
            kinds.append("hydra_reseller")
        elif s >= 50:
            kinds.append(str(rng.choice(MID_KINDS + ["hydra_reseller"])))
        elif s > 15:
            kinds.append(str(rng.choice(MID_KINDS)))
        else:
            kinds.append(order[j % len(order)])
            j += 1
    hyd = [i for i, k in enumerate(kinds) if k == "hydra_reseller" and sizes[i] >= 1000]
    exp_h = sum(_expected(kinds[i], sizes[i], w.D) for i in hyd)
    exp_o = sum(_expected(kinds[i], sizes[i], w.D) for i in range(len(sizes)) if i not in hyd)
    # the rings' volume is held to a share of the benign traffic, but an independent operator never drops
    # below a fifth of its nominal rate; a hydra spreads its harvest thin over its thousands of accounts
    cap_o = (0.15 if hyd else 0.3) * benign_events
    sc_o = max(0.2, min(1.0, cap_o / exp_o)) if exp_o else 1.0
    sc_h = min(1.0, 0.3 * benign_events / exp_h) if exp_h else 1.0
    for i, (s, k) in enumerate(zip(sizes, kinds)):
        rid = f"ring{i + 1:03d}"
        w.rings.append(build_ring(w, rid, k, s, sc_h if i in hyd else sc_o))
    return {"hydra": round(sc_h, 4), "other": round(sc_o, 4)}


# ---------------------------------------------------------------- output

def write(w: World, out: Path, params: dict, scale: dict, t_start: float):
    rng = w.rng
    cols = list(zip(*w.ev))
    w.ev = []
    acc, t, ip, prm, tok, mod, ua = (np.concatenate(c) for c in cols)
    del cols
    nA = len(w.A["cohort"])
    created = np.array(w.A["created"], np.int64) * 1000
    T_END = T0 + w.D * DAY
    keep = np.flatnonzero((t >= created[acc] + 30_000) & (t >= T0 * 1000) & (t < T_END * 1000))
    outside = int(len(t) - len(keep))
    sel = keep[np.lexsort((t[keep], acc[keep]))]
    key = acc[sel] * w.D + (t[sel] // 1000 - T0) // DAY
    _, start, cnt = np.unique(key, return_index=True, return_counts=True)
    rank = np.arange(len(sel)) - np.repeat(start, cnt)
    ok = rank < LIMIT
    refused = int((~ok).sum())
    sel = sel[ok]
    sel = sel[np.lexsort((acc[sel], t[sel]))]
    acc, t, ip, prm, tok, mod, ua = (x[sel] for x in (acc, t, ip, prm, tok, mod, ua))
    n = len(t)
    ua0 = np.array(w.A["ua0"], object)
    ua1 = np.array(w.A["ua1"], object)
    alt = (rng.random(n) < 0.1) & (ua1[acc] != None)  # noqa: E711
    ua = np.where(ua != None, ua, np.where(alt, ua1[acc], ua0[acc]))  # noqa: E711
    no_ua = rng.random(nA) < 0.015  # some clients send no user agent
    ua = np.where(no_ua[acc], None, ua)
    tok = np.where(rng.random(n) < 0.006, -1, tok)  # aborted streams
    prm = np.where(rng.random(n) < 0.003, None, prm)  # logged without the prompt
    card = np.array(w.A["card"], object)
    pay = card[acc]
    swap = rng.random(nA) < 0.03  # a card replaced in the middle of the window
    new = np.full(nA, None, object)
    ns = int(swap.sum())
    if ns:
        new[swap] = w.cards(ns)
    sday = rng.integers(3, max(4, w.D - 3), nA)
    late = swap[acc] & ((t // 1000 - T0) // DAY >= sday[acc]) & (pay != None)  # noqa: E711
    pay = np.where(late, new[acc], pay)
    nk = rng.choice([1, 2, 3], nA, p=[0.6, 0.3, 0.1])
    kt = np.array(["key_" + x for x in w.tokens(3 * nA, 16)], object)
    kidx = np.where(rng.random(n) < 0.75, 0, rng.integers(0, 3, n)) % nk[acc]
    keys = kt[acc * 3 + kidx]
    al = "abcdefghijklmnopqrstuvwxyz0123456789"
    idn = rng.choice(36 ** 9, nA, replace=False)
    ids = np.array(["acct-" + "".join(al[(x // 36 ** k) % 36] for k in range(9)) for x in idn.tolist()], object)
    assert len(set(ids.tolist())) == nA
    out.mkdir(parents=True, exist_ok=True)
    mods = np.array(MODELS, object)

    def batch(sl):
        return pa.table({
            "account_id": pa.array(ids[acc[sl]], pa.string()),
            "timestamp": pa.array(t[sl], pa.timestamp("ms", tz="UTC")),
            "ip": pa.array(ip[sl], pa.string()),
            "payment_method": pa.array(pay[sl], pa.string()),
            "prompt": pa.array(prm[sl], pa.string()),
            "user_agent": pa.array(ua[sl], pa.string()),
            "output_tokens": pa.array(tok[sl], pa.int32(), mask=tok[sl] < 0),
            "api_key_id": pa.array(keys[sl], pa.string()),
            "model": pa.array(mods[mod[sl].astype(np.int64)], pa.string()),
        })

    B = 200_000
    first = batch(slice(0, min(n, B)))
    with pq.ParquetWriter(out / "events.parquet", first.schema, compression="zstd") as pw:
        pw.write_table(first)
        del first
        for b0 in range(B, n, B):
            pw.write_table(batch(slice(b0, b0 + B)))
    cr_s = pd.to_datetime(np.array(w.A["created"], np.int64), unit="s", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ")
    dom = np.array(w.A["email"], object)
    dom = np.where(rng.random(nA) < 0.03, None, dom)  # phone sign-ups
    ctry = np.where(rng.random(nA) < 0.02, None, np.array(w.A["country"], object))
    A = pd.DataFrame({"account_id": ids, "created_at": cr_s, "payment_method": card, "email_domain": dom,
                      "country": ctry, "org_id": w.A["org"]})
    A.to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    ring = np.array(w.A["ring"], object)
    coh = np.array(w.A["cohort"], object)
    grp = np.array(w.A["group"], object)
    is_ring = ring != ""
    grp = np.where(is_ring, ring, grp)
    truth = pd.DataFrame({"account_id": ids, "is_ring": is_ring.astype(int), "ring_id": ring, "group_id": grp,
                          "cohort": coh, "variant": w.A["variant"]})
    truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    ev_per = np.bincount(acc, minlength=nA)
    tv = truth.assign(ev=ev_per)
    cg = tv.groupby("cohort").agg(accounts=("account_id", "size"), events=("ev", "sum"),
                                  active=("ev", lambda x: int((x > 0).sum())))
    ring_ev = tv[tv.is_ring == 1].groupby("ring_id")["ev"].sum()
    for r in w.rings:
        r["events"] = int(ring_ev.get(r["ring_id"], 0))
    n_group = int(((grp != "") & ~is_ring).sum())
    info = {
        "generator": "world15", "params": params,
        "platform": {"start": pd.Timestamp(T0, unit="s", tz="UTC").isoformat(), "days": w.D,
                     "end_exclusive": pd.Timestamp(T_END, unit="s", tz="UTC").isoformat(),
                     "requests_per_day_limit": LIMIT, "models": MODELS, "refused_over_limit": refused,
                     "dropped_outside_window_or_before_signup": outside},
        "totals": {"events": int(n), "accounts": nA, "ring_accounts": int(is_ring.sum()), "rings": len(w.rings),
                   "benign_group_accounts": n_group, "benign_groups": len(w.groups), "ring_volume_scale": scale,
                   "ring_events": int(ev_per[is_ring].sum()), "events_per_account": round(n / nA, 2)},
        "cohorts": {k: {c: int(v) for c, v in r.items()} for k, r in cg.iterrows()},
        "cohort_info": w.cohort_info,
        "rings": w.rings,
        "benign_groups": w.groups,
    }
    with open(out / "world.json", "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1, default=lambda x: x.item() if hasattr(x, "item") else str(x))
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.004, help="share of accounts that are ring members")
    ap.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], default="small")
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    if a.days < 7:
        ap.error("--days must be at least 7")
    t_start = time.time()
    rng = np.random.default_rng(a.seed)
    S = Shared(Path(os.environ.get("WORLD15_SHARED_DATA", "/work/shared/data")))
    w = World(rng, S, a.days)
    n_ring = int(round(a.accounts * a.ring_share))
    sizes = ring_sizes(n_ring, a.ring_sizes, rng)
    build_benign(w, a.accounts - sum(sizes))
    benign_events = sum(len(c[1]) for c in w.ev)
    scale = build_rings(w, sizes, benign_events)
    params = {"accounts": a.accounts, "seed": a.seed, "ring_share": a.ring_share, "ring_sizes": a.ring_sizes,
              "days": a.days, "ring_size_list": sizes}
    info = write(w, a.out, params, scale, t_start)
    tt = info["totals"]
    print(f"world15: {tt['events']:,} events, {tt['accounts']:,} accounts, {tt['ring_accounts']} ring accounts in "
          f"{tt['rings']} rings, {tt['benign_group_accounts']:,} benign group accounts -> {a.out} "
          f"({time.time() - t_start:.1f}s)")


if __name__ == "__main__":
    main()
