#!/usr/bin/env python3
"""World 18: an independent synthetic LLM-API traffic world with hidden distillation rings.

Standalone generator (numpy + pandas + pyarrow only).  It reads the shared reference data
(prompt datasets, promptsource templates, the pyasn AS table, VPN / datacenter / cloud IP
ranges) from ``$GRAPHHUNT_SHARED_DATA`` (else ``../shared/data`` beside the repository, else
``/work/shared/data``) at generation time; nothing of it is copied into the repository.

    python3 benchmarks/world18.py --accounts 20000 --seed 1 --ring-share 0.003 \
        --ring-sizes small --out /work/worlds/w18s1

Outputs in --out: events.parquet, accounts.csv, truth.csv, world.json (see docs/WORLD18.md).
The same arguments give byte-identical events.parquet / accounts.csv / truth.csv, and a
world.json equal except for ``generation_seconds``.
"""
from __future__ import annotations

import argparse
import bisect
import gzip
import hashlib
import json
import os
import random
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

WORLD = "world18"
DAILY_LIMIT = 500                     # requests per account per UTC day; beyond it: refused, not logged
START = pd.Timestamp("2026-11-02T00:00:00Z")   # a Monday
START_MS = int(START.value // 1_000_000)
DAY = 86_400_000
HOUR = 3_600_000
ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------------------------
# static vocabularies
# --------------------------------------------------------------------------------------------

# (country, utc offset hours, weight)
COUNTRIES = [
    ("US", -5, 0.14), ("US", -8, 0.08), ("US", -6, 0.03), ("CA", -5, 0.03), ("BR", -3, 0.04),
    ("MX", -6, 0.02), ("AR", -3, 0.01), ("GB", 0, 0.06), ("DE", 1, 0.06), ("FR", 1, 0.04),
    ("ES", 1, 0.02), ("IT", 1, 0.02), ("NL", 1, 0.02), ("PL", 1, 0.02), ("SE", 1, 0.01),
    ("TR", 3, 0.02), ("IN", 5.5, 0.09), ("ID", 7, 0.02), ("VN", 7, 0.01), ("PH", 8, 0.02),
    ("SG", 8, 0.01), ("JP", 9, 0.04), ("KR", 9, 0.03), ("AU", 10, 0.02), ("NG", 1, 0.01),
    ("ZA", 2, 0.01), ("EG", 2, 0.01), ("CO", -5, 0.01), ("UA", 2, 0.01), ("RO", 2, 0.01),
]
CC = [c for c, _, _ in COUNTRIES]
TZ = np.array([t for _, t, _ in COUNTRIES], dtype=float)
CW = np.array([w for _, _, w in COUNTRIES]); CW = CW / CW.sum()

CONSUMER_MAIL = ["gmail.com"] * 10 + ["outlook.com"] * 3 + ["hotmail.com"] * 2 + ["yahoo.com"] * 2 + [
    "icloud.com", "icloud.com", "proton.me", "gmx.de", "web.de", "orange.fr", "libero.it", "naver.com",
    "mail.ru", "yandex.com", "qq.com", "rediffmail.com", "fastmail.com", "aol.com"]

BROWSER_UA = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{f}.0) Gecko/20100101 Firefox/{f}.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_{m}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{m} Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{m} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36",
]
SDK_UA = [
    "atlas-python/1.12.0", "atlas-python/1.13.2", "atlas-python/1.14.1", "atlas-node/4.3.1", "atlas-node/4.5.0",
    "python-requests/2.31.0", "python-requests/2.32.3", "python-httpx/0.27.2", "Python/3.11 aiohttp/3.10.10",
    "curl/8.5.0", "curl/7.81.0", "Go-http-client/2.0", "okhttp/4.12.0", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
    "axios/1.7.7", "PostmanRuntime/7.42.0", "langchain-atlas/0.3.4 atlas-python/1.13.2", "Java-http-client/21.0.4",
]
APP_UA = ["AtlasChat/5.2.1 (iPhone; iOS 18.1; Scale/3.00)", "AtlasChat/5.2.0 (Android 14; SM-S918B)",
          "AtlasChat/5.1.7 (iPad; iPadOS 17.6)", "AtlasDesktop/2.8.0 (Windows 11)", "AtlasDesktop/2.8.0 (macOS 15.1)"]
MODELS = ["atlas-2-mini", "atlas-2-pro", "atlas-2-reason", "atlas-1.5-pro"]

FIRST = ["Maya", "Liam", "Aisha", "Kenji", "Sofia", "Mateo", "Priya", "Jonas", "Chloe", "Omar", "Elena", "Tariq", "Yuki",
         "Lucas", "Amara", "Noah", "Ines", "Ravi", "Hana", "Diego", "Zara", "Felix", "Mei", "Samuel", "Leila", "Arjun"]
ITEMS = ["notebooks", "apples", "tickets", "shirts", "pencils", "coffees", "plants", "books", "bus passes", "sandwiches"]
TOPICS = ["photosynthesis", "the French Revolution", "compound interest", "machine learning", "the water cycle",
          "supply and demand", "plate tectonics", "the immune system", "blockchains", "climate change", "the Roman Empire",
          "quantum entanglement", "inflation", "DNA replication", "the stock market", "black holes", "vaccines",
          "the Cold War", "neural networks", "renewable energy", "the Pythagorean theorem", "the electoral college",
          "game theory", "the Silk Road", "CRISPR", "microeconomics", "the Krebs cycle", "relativity", "recursion",
          "probability distributions", "the printing press", "Impressionism", "ocean acidification", "sleep cycles"]
AUDIENCE = ["a 10 year old", "my grandmother", "a first-year student", "a busy manager", "a non-native speaker",
            "someone who hates math", "a software engineer", "my book club", "a job interview panel"]
RELS = ["boss", "landlord", "sister", "team", "professor", "neighbour", "client", "best friend", "coach", "dentist"]
OCCASIONS = ["birthday", "farewell", "wedding", "retirement", "graduation", "new baby", "promotion", "anniversary"]
LANGS = ["Spanish", "French", "German", "Japanese", "Portuguese", "Hindi", "Korean", "Italian", "Turkish", "Polish"]
ERRORS = ["KeyError", "TypeError: 'NoneType' object is not subscriptable", "IndexError: list index out of range",
          "ValueError: could not convert string to float", "RecursionError", "ModuleNotFoundError", "a segfault",
          "NullPointerException", "undefined is not a function", "CORS error", "a 401 Unauthorized", "a deadlock"]
CODE_TASKS = ["parse a CSV file with quoted fields", "deduplicate a list while keeping order", "retry an HTTP call with backoff",
              "read a large JSON file lazily", "merge two sorted arrays", "debounce a search box", "validate an email",
              "paginate a SQL query", "write a unit test for a date parser", "resize images in a folder",
              "connect to Postgres with a pool", "sort a dict by value", "stream a file upload", "build a CLI with flags"]
PLANGS = ["Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C#", "SQL", "Bash", "Kotlin"]
FOLLOWUPS = ["thanks!", "make it shorter", "can you explain that more simply?", "continue", "translate this to Spanish",
             "give me 3 more options", "now make it more formal", "what about the second point?", "ok, and with examples?",
             "shorter please", "can you put that in a table?", "that doesn't work, try again", "why?", "more detail please",
             "rewrite it in a friendlier tone", "summarize that in one sentence", "thank you so much", "and in bullet points?"]
COT = [
    "Think step by step and show all of your reasoning before giving the final answer.",
    "Before answering, reason through every step in detail and write out your full chain of thought.",
    "Explain your reasoning process completely, including any intermediate calculations, then state the answer.",
    "Walk me through exactly how you would solve this, one step at a time, showing your internal reasoning.",
    "Please lay out your complete thought process, including dead ends you considered, before the final answer.",
    "Reason carefully. First write 'Reasoning:' and every step, then 'Answer:' and the result.",
    "Don't just give the answer - I need to see each logical step that leads to it.",
    "Show your work in full detail, numbering each reasoning step.",
    "Break the problem into sub-problems, solve each explicitly, and explain why each step follows.",
    "Describe how you arrive at the answer, step by step, as if teaching someone who will check every step.",
    "Let's reason about this very carefully and verbosely before concluding.",
    "Write out your internal deliberation in full, then give a one-line final answer.",
]
SYN = {
    "explain": ["explain", "describe", "clarify", "walk through", "break down", "spell out"],
    "answer": ["answer", "solve", "respond to", "work out", "address", "tackle"],
    "question": ["question", "problem", "query", "item", "exercise", "prompt"],
    "following": ["following", "below", "next", "given", "attached", "upcoming"],
    "correct": ["correct", "right", "accurate", "proper", "valid"],
    "please": ["please", "kindly", "if you can,", "could you", "I'd like you to", ""],
    "detailed": ["detailed", "thorough", "complete", "careful", "in-depth", "comprehensive"],
}
OPENERS = ["", "Hi! ", "Hello, ", "Quick one: ", "Hey there. ", "Good morning. ", "I have a task for you. ",
           "Need some help here. ", "OK so ", "Task: ", "Request - ", "Here's something I'm stuck on. ", "So, "]
CLOSERS = ["", " Thanks!", " Thank you.", " Appreciate it.", " Be precise.", " Keep it clear.", " Cheers",
           " Much appreciated!", " Take your time.", " Accuracy matters here.", " Use plain language."]
COMPANY_A = ["north", "blue", "bright", "iron", "silver", "cedar", "harbor", "summit", "lumen", "vertex", "atlas",
             "pioneer", "orchid", "granite", "nimbus", "quartz", "falcon", "meridian", "redwood", "tidal"]
COMPANY_B = ["wind", "stone", "field", "line", "works", "labs", "logistics", "health", "capital", "systems", "foods",
             "media", "energy", "retail", "bank", "insure", "mobility", "pharma", "legal", "studio"]

PROFILES = {  # local-hour weights
    "human": [1.2, .7, .4, .3, .3, .4, .8, 1.6, 2.6, 3.4, 3.8, 3.9, 3.5, 3.6, 3.8, 3.7, 3.5, 3.3, 3.2, 3.5, 3.8, 3.6, 2.9, 2.0],
    "work": [.1, .05, .05, .05, .05, .1, .3, 1, 3, 4.5, 4.8, 4.6, 3, 4.2, 4.6, 4.5, 4, 2.6, 1, .5, .4, .3, .2, .1],
    "student": [2.5, 2, 1.2, .6, .3, .2, .3, .6, 1.2, 2, 2.6, 2.8, 2.7, 2.9, 3, 3, 2.9, 2.8, 3, 3.5, 4, 4.3, 4.2, 3.5],
    "evening": [2, 1.5, 1, .6, .4, .3, .4, .7, 1, 1.3, 1.6, 1.9, 2.1, 2.2, 2.3, 2.5, 2.8, 3.2, 3.8, 4.3, 4.6, 4.6, 4, 3],
    "deadline": [3, 2.5, 1, .3, .2, .2, .3, .5, .8, 1, 1.2, 1.3, 1.3, 1.5, 1.6, 1.8, 2, 2.4, 3, 4, 5, 6, 6.5, 5],
}
PROFILES = {k: np.cumsum(np.array(v)) / np.sum(v) for k, v in PROFILES.items()}
WEEKEND = {"human": .85, "work": .08, "student": .75, "evening": 1.2, "flat": 1.0, "deadline": 1.0}

HOSTING_RE = re.compile(r"host|cloud|data ?cent|server|colo|amazon|google|microsoft|digitalocean|linode|ovh|hetzner|"
                        r"vps|dedicated|akamai|cdn|level ?3|cogent|transit|backbone|exchange|\bix\b|internet2|"
                        r"network information|registry|government|ministry|bank|power|energy", re.I)
UNIV_RE = re.compile(r"univ|college|institute of technology|research and education|academ|forschung|research network|"
                     r"\bjanet\b|renater|surfnet|\bgarr\b|rediris", re.I)
MOBILE_RE = re.compile(r"mobile|wireless|cellular|cellco|mobility|\bmobil\b|moviles|vodafone|airtel|turkcell|telkomsel|"
                       r"docomo|sk telecom|viettel|globe telecom|smart communications|\blte\b", re.I)
CC_RE = re.compile(r",\s*([A-Z]{2})$")

V6_HOME = {"US": ["2601:646", "2603:7000", "2600:1700"], "DE": ["2003:e7", "2a02:8109"], "FR": ["2a01:cb0", "2a01:e0a"],
           "GB": ["2a00:23c7", "2a02:c7f"], "JP": ["240b:10", "2400:4150"], "IN": ["2401:4900", "2409:4060"],
           "BR": ["2804:14c0", "2804:d59"], "NL": ["2a02:a46"], "PL": ["2a02:a311"], "CA": ["2607:fea8"]}
V6_MOBILE = {"US": "2607:fb90", "IN": "2409:4042", "DE": "2a01:599", "GB": "2a01:4b00", "JP": "240a:61",
             "FR": "2a01:cb1d", "BR": "2804:388"}
V6_HOSTING = ["2a01:4f8", "2604:a880", "2600:1f18", "2001:41d0", "2a03:b0c0", "2600:3c00", "2a0e:97c0"]


def spawn(seed: int, name: str) -> np.random.Generator:
    """An independent, reproducible stream per named part (no Python hash())."""
    key = int.from_bytes(hashlib.sha256(f"{WORLD}|{seed}|{name}".encode()).digest()[:8], "little")
    return np.random.default_rng([seed, key])


def pyrand(rng: np.random.Generator) -> random.Random:
    return random.Random(int(rng.integers(0, 2 ** 62)))


def group_sizes(rng: np.random.Generator, total: int, lo: int, hi: int) -> list[int]:
    """Group sizes for a benign cohort; a budget below the usual minimum (small worlds) is one group."""
    return [total] if total < lo else partition(rng, total, lo, hi)


def partition(rng: np.random.Generator, total: int, lo: int, hi: int) -> list[int]:
    """Sizes in [lo, hi] summing exactly to total (total >= lo)."""
    out, rem = [], total
    while rem > hi + lo:
        s = int(rng.integers(lo, hi + 1)); out.append(s); rem -= s
    if rem <= hi:
        out.append(rem)
    else:
        out += [rem // 2, rem - rem // 2]
    return out


# --------------------------------------------------------------------------------------------
# reference data
# --------------------------------------------------------------------------------------------

def find_data() -> Path:
    cands = []
    if os.environ.get("GRAPHHUNT_SHARED_DATA"):
        cands.append(Path(os.environ["GRAPHHUNT_SHARED_DATA"]))
    cands += [ROOT.parent / "shared" / "data", Path("/work/shared/data")]
    for c in cands:
        if (c / "prompts" / "awesome-chatgpt-prompts.csv").exists():
            return c
    sys.exit("world18: shared reference data not found (set GRAPHHUNT_SHARED_DATA)")


def _yaml_scalar(lines: list[str], i: int, key_indent: int, first: str) -> tuple[str, int]:
    """Read the YAML scalar that starts on lines[i] after 'jinja: ' (quoted or plain, multi-line)."""
    if first[:1] in "'\"":
        q = first[0]
        raw = [first[1:]]
        j = i
        while True:
            s = raw[-1]
            k, closed = 0, -1
            while k < len(s):
                if q == "'" and s[k] == "'":
                    if k + 1 < len(s) and s[k + 1] == "'":
                        k += 2; continue
                    closed = k; break
                if q == '"' and s[k] == "\\":
                    k += 2; continue
                if q == '"' and s[k] == '"':
                    closed = k; break
                k += 1
            if closed >= 0:
                raw[-1] = s[:closed]; break
            j += 1
            if j >= len(lines):
                break
            raw.append(lines[j].lstrip())
        out, empties = raw[0], 0
        for ln in raw[1:]:
            if ln == "":
                empties += 1; continue
            if q == '"' and not empties and out.endswith("\\") and not out.endswith("\\\\"):
                out = out[:-1] + ln
            elif empties:
                out += "\n" * empties + ln
            else:
                out += " " + ln
            empties = 0
        if q == "'":
            return out.replace("''", "'"), j
        out = (out.replace("\\\\", "\x00").replace("\\n", "\n").replace('\\"', '"').replace("\\ ", " ")
               .replace("\\t", "\t").replace("\x00", "\\"))
        return out, j
    raw, j = [first], i
    while j + 1 < len(lines):
        nxt = lines[j + 1]
        ind = len(nxt) - len(nxt.lstrip())
        if nxt.strip() and ind <= key_indent:
            break
        j += 1
        raw.append(nxt.strip())
    out, empties = raw[0], 0
    for ln in raw[1:]:
        if ln == "":
            empties += 1; continue
        out += ("\n" * empties + ln) if empties else (" " + ln)
        empties = 0
    return out, j


SLOT_Q = re.compile(r"question|query|problem", re.I)
SLOT_SHORT = re.compile(r"answer|choice|option|sol\d|ending|label|entity|word|title|name|topic|subject|target|"
                        r"category|keyword|span|relation|pronoun|obj|subj", re.I)
EXPR = re.compile(r"\{\{(.*?)\}\}", re.S)


def load_templates(root: Path) -> dict[str, list[list]]:
    """dataset -> templates; a template is a list of parts: str literal or ('q'|'short'|'text')."""
    out: dict[str, list[list]] = {}
    for f in sorted(root.rglob("templates.yaml")):
        ds = f.parent.relative_to(root).as_posix()
        lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
        i = 0
        while i < len(lines):
            m = re.match(r"^(\s*)jinja: ?(.*)$", lines[i])
            if not m:
                i += 1; continue
            text, i = _yaml_scalar(lines, i, len(m.group(1)), m.group(2))
            i += 1
            prompt = text.split("|||")[0].strip()
            if "{%" in prompt or len(prompt) < 12 or len(prompt) > 1200:
                continue
            parts, pos, nslot = [], 0, 0
            for em in EXPR.finditer(prompt):
                parts.append(prompt[pos:em.start()])
                e = em.group(1).strip()
                lit = re.fullmatch(r"\"([^\"]*)\"|'([^']*)'", e)
                if lit:
                    parts.append(lit.group(1) if lit.group(1) is not None else lit.group(2))
                else:
                    nslot += 1
                    parts.append(("q",) if SLOT_Q.search(e) else ("short",) if SLOT_SHORT.search(e) else ("text",))
                pos = em.end()
            parts.append(prompt[pos:])
            literal = "".join(p for p in parts if isinstance(p, str))
            if not (1 <= nslot <= 6) or len(literal.strip()) < 10 or "{" in literal or "}" in literal:
                continue
            merged: list = []
            for p in parts:
                if isinstance(p, str) and merged and isinstance(merged[-1], str):
                    merged[-1] += p
                elif not (isinstance(p, str) and p == ""):
                    merged.append(p)
            out.setdefault(ds, []).append(merged)
    return out


def _parse_cidrs_aligned(cidrs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(net, size, keep) for every input row; keep marks IPv4 CIDRs of length /8../28."""
    s = pd.Series(list(cidrs), dtype=str).str.strip()
    ok = s.str.match(r"^\d+\.\d+\.\d+\.\d+/\d+$").to_numpy()
    s2 = s.where(ok, "0.0.0.0/32")
    parts = s2.str.split("/", expand=True)
    octs = parts[0].str.split(".", expand=True).astype(np.int64).to_numpy()
    net = (octs[:, 0] << 24) | (octs[:, 1] << 16) | (octs[:, 2] << 8) | octs[:, 3]
    ln = parts[1].astype(np.int64).to_numpy()
    keep = ok & (ln >= 8) & (ln <= 28)
    return net, (np.int64(1) << (32 - np.clip(ln, 0, 32))), keep


def _parse_cidrs(cidrs) -> tuple[np.ndarray, np.ndarray]:
    net, size, keep = _parse_cidrs_aligned(cidrs)
    return net[keep], size[keep]


def _read_list(p: Path) -> list[str]:
    return [ln.split("#")[0].strip() for ln in p.read_text().splitlines() if ln.split("#")[0].strip()]


class Ref:
    def __init__(self, d: Path):
        self.dir = d
        self.files: dict[str, str] = {}
        aw = pd.read_csv(self._f("prompts/awesome-chatgpt-prompts.csv"), dtype=str, keep_default_na=False)
        aw = aw[(aw["prompt"].str.len() >= 40) & (aw["prompt"].str.len() <= 1500)]
        self.awesome = aw["prompt"].str.replace("\r", "", regex=False).tolist()
        self.acts = sorted(set(a.strip() for a in aw["act"] if 3 <= len(a.strip()) <= 40))
        sents = []
        for p in self.awesome:
            for s in re.split(r"(?<=[.!?])\s+", p.replace("\n", " ")):
                s = s.strip()
                if 25 <= len(s) <= 200 and "{" not in s and '"' not in s:
                    sents.append(s)
        self.sentences = sorted(set(sents))
        troot = d / "prompts" / "promptsource-templates"
        self.templates = load_templates(troot)
        self.files["prompts/promptsource-templates/**/templates.yaml"] = f"{sum(len(v) for v in self.templates.values())} templates"
        # AS table
        names = json.loads(gzip.open(self._f("ip/pyasn/asnames.json.gz")).read())
        tab = pd.read_csv(self._f("ip/pyasn/ipasn_20140513.dat.gz"), sep="\t", comment=";", header=None,
                          names=["cidr", "asn"], dtype={"cidr": str, "asn": np.int64})
        nm = pd.DataFrame({"asn": [int(k) for k in names], "name": list(names.values())})
        nm["cc"] = nm["name"].str.extract(CC_RE, expand=False)
        nm = nm.dropna(subset=["cc"])
        cnt = tab.groupby("asn").size().rename("n")
        nm = nm.join(cnt, on="asn").dropna(subset=["n"]).sort_values(["n", "asn"], ascending=[False, True])
        host = nm["name"].str.contains(HOSTING_RE)
        univ = nm["name"].str.contains(UNIV_RE)
        mob = nm["name"].str.contains(MOBILE_RE)
        self.isp_as, self.mobile_as, self.univ_as = {}, {}, {}
        for cc in sorted(set(CC)):
            sub = nm[nm["cc"] == cc]
            self.isp_as[cc] = sub[~host[sub.index] & ~univ[sub.index] & ~mob[sub.index]].head(8)[["asn", "name"]].values.tolist()
            self.mobile_as[cc] = sub[mob[sub.index] & ~host[sub.index]].head(3)[["asn", "name"]].values.tolist()
            self.univ_as[cc] = sub[univ[sub.index] & ~host[sub.index]].head(40)[["asn", "name"]].values.tolist()
        want = set()
        for dct in (self.isp_as, self.mobile_as, self.univ_as):
            for v in dct.values():
                want.update(a for a, _ in v)
        sel = tab[tab["asn"].isin(want)]
        net, size, keep = _parse_cidrs_aligned(sel["cidr"])
        asn = sel["asn"].to_numpy()
        net, size, asn = net[keep], size[keep], asn[keep]
        self.as_prefixes: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        order = np.argsort(asn, kind="stable")
        asn_s, net_s, size_s = asn[order], net[order], size[order]
        for a in np.unique(asn_s):
            lo, hi = np.searchsorted(asn_s, a), np.searchsorted(asn_s, a, side="right")
            self.as_prefixes[int(a)] = (net_s[lo:hi], size_s[lo:hi])
        self.cloud = {}
        for prov in ["amazon", "google", "microsoft", "digitalocean", "linode", "oracle"]:
            self.cloud[prov] = _parse_cidrs(_read_list(self._f(f"ip/cloud/{prov}/ipv4_merged.txt")))
        self.dc = _parse_cidrs(_read_list(self._f("ip/vpn/x4b_datacenter_ipv4.txt")))
        self.vpn = _parse_cidrs(_read_list(self._f("ip/vpn/x4b_vpn_ipv4.txt")))
        self.tor = _read_list(self._f("ip/tor/tor-exit-nodes.lst"))
        self.tor = [t for t in self.tor if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", t)]

    def _f(self, rel: str) -> Path:
        p = self.dir / rel
        self.files[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        return p


# --------------------------------------------------------------------------------------------
# pools (events store indices into these)
# --------------------------------------------------------------------------------------------

class StrPool:
    """Append-only string pool flushed to Arrow chunks (compact memory)."""

    def __init__(self, dedup: bool = False):
        self.chunks: list[pa.Array] = []
        self.pending: list[str] = []
        self.n = 0
        self.index: dict[str, int] | None = {} if dedup else None

    def add(self, s: str) -> int:
        if self.index is not None:
            k = self.index.get(s)
            if k is not None:
                return k
            self.index[s] = self.n
        self.pending.append(s)
        self.n += 1
        if len(self.pending) >= 200_000:
            self._flush()
        return self.n - 1

    def extend(self, ss: list[str]) -> np.ndarray:
        if self.index is not None:
            return np.fromiter((self.add(s) for s in ss), dtype=np.int64, count=len(ss))
        start = self.n
        self.pending.extend(ss)
        self.n += len(ss)
        if len(self.pending) >= 200_000:
            self._flush()
        return np.arange(start, self.n, dtype=np.int64)

    def _flush(self):
        if self.pending:
            self.chunks.append(pa.array(self.pending, pa.large_string()))
            self.pending = []

    def array(self) -> pa.Array:
        self._flush()
        return pa.concat_arrays(self.chunks) if self.chunks else pa.array([], pa.large_string())


def v4str(x: np.ndarray) -> list[str]:
    x = x.astype(np.int64)
    a, b, c, d = (x >> 24) & 255, (x >> 16) & 255, (x >> 8) & 255, x & 255
    return [f"{p}.{q}.{r}.{s}" for p, q, r, s in zip(a.tolist(), b.tolist(), c.tolist(), d.tolist())]


class Net:
    """Address factory over the reference ranges."""

    def __init__(self, ref: Ref, pool: StrPool):
        self.ref, self.pool = ref, pool
        self._isp: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._mob: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _pick(self, rng, pref, n, weighted=True) -> np.ndarray:
        net, size = pref
        if len(net) == 0:
            raise RuntimeError("empty prefix set")
        w = np.minimum(size, 65536).astype(float) if weighted else np.ones(len(net))
        k = rng.choice(len(net), size=n, p=w / w.sum())
        off = 1 + (rng.random(n) * np.maximum(size[k] - 2, 1)).astype(np.int64)
        return net[k] + off

    def v4(self, rng, pref, n) -> np.ndarray:
        return self.pool.extend(v4str(self._pick(rng, pref, n)))

    def as_pref(self, asns) -> tuple[np.ndarray, np.ndarray]:
        nets, sizes = [], []
        for a in asns:
            p = self.ref.as_prefixes.get(int(a))
            if p is not None:
                nets.append(p[0]); sizes.append(p[1])
        if not nets:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(nets), np.concatenate(sizes)

    def isp(self, cc) -> tuple[np.ndarray, np.ndarray]:
        if cc not in self._isp:
            p = self.as_pref([a for a, _ in self.ref.isp_as.get(cc, [])])
            self._isp[cc] = p if len(p[0]) else self.as_pref([a for a, _ in self.ref.isp_as["US"]])
        return self._isp[cc]

    def mobile(self, cc) -> tuple[np.ndarray, np.ndarray]:
        if cc not in self._mob:
            p = self.as_pref([a for a, _ in self.ref.mobile_as.get(cc, [])])
            self._mob[cc] = p if len(p[0]) else self.as_pref([a for a, _ in self.ref.mobile_as["US"]])
        return self._mob[cc]

    def mobile_home(self, rng, ccs: list[str]) -> np.ndarray:
        out = np.zeros(len(ccs), np.int64)
        ccs_a = np.array(ccs)
        for cc in sorted(set(ccs)):
            m = np.nonzero(ccs_a == cc)[0]
            out[m] = self.v4(rng, self.mobile(cc), len(m))
        return out

    def home(self, rng, ccs: list[str]) -> np.ndarray:
        out = np.zeros(len(ccs), np.int64)
        ccs_a = np.array(ccs)
        for cc in sorted(set(ccs)):
            m = np.nonzero(ccs_a == cc)[0]
            out[m] = self.v4(rng, self.isp(cc), len(m))
        return out

    def v6(self, rng, root: str, n: int, fixed64: np.ndarray | None = None) -> np.ndarray:
        h = rng.integers(0, 65536, size=(n, 6))
        if fixed64 is not None:
            h[:, :2] = fixed64
        return self.pool.extend([f"{root}:{a:x}:{b:x}:{c:x}:{d:x}:{e:x}:{f:x}" for a, b, c, d, e, f in h.tolist()])


# --------------------------------------------------------------------------------------------
# text
# --------------------------------------------------------------------------------------------

class Text:
    def __init__(self, ref: Ref, r: random.Random):
        self.ref, self.r = ref, r
        self.S = ref.sentences
        pop = list(range(len(ref.awesome)))
        random.Random(1818).shuffle(pop)            # popularity order of the public prompt list
        self.popular = [ref.awesome[i] for i in pop]
        self.pop_w = [1.0 / (k + 3) ** 1.1 for k in range(len(pop))]
        self.pop_cum = list(np.cumsum(self.pop_w) / np.sum(self.pop_w))

    # ---- fill material
    def sent(self, k=1) -> str:
        r = self.r
        return " ".join(r.choice(self.S) for _ in range(k))

    def short(self) -> str:
        w = self.r.choice(self.S).rstrip(".!?,:;").split()
        a = self.r.randrange(0, max(1, len(w) - 4))
        return " ".join(w[a:a + self.r.randint(2, 5)]).strip(",;:()")

    def news(self) -> str:
        r = self.r
        co = r.choice(COMPANY_A).title() + r.choice(COMPANY_B).title()
        return r.choice([
            f"{co} reported revenue of ${r.randint(2, 900)}.{r.randint(0, 9)} million for Q{r.randint(1, 4)}, "
            f"{r.choice(['beating', 'missing', 'matching'])} analyst expectations by {r.randint(1, 19)}%.",
            f"The city council of {r.choice(['Leeds', 'Austin', 'Lyon', 'Pune', 'Osaka', 'Porto', 'Graz', 'Tulsa'])} voted "
            f"{r.randint(5, 12)} to {r.randint(0, 4)} to expand {r.choice(['bike lanes', 'school meals', 'bus routes', 'parks'])}.",
            f"Researchers found that {r.choice(TOPICS)} may affect {r.choice(TOPICS)} more than previously thought, "
            f"according to a study of {r.randint(40, 9000)} participants.",
            f"{r.choice(FIRST)} {r.choice(['Okafor', 'Lindqvist', 'Tanaka', 'Moreau', 'Silva', 'Novak', 'Haddad'])} scored "
            f"{r.randint(1, 4)} goals as the home side won {r.randint(2, 5)}-{r.randint(0, 2)}.",
        ])

    def statement(self) -> str:
        r = self.r
        k = r.randrange(6)
        n = r.choice(FIRST)
        if k == 0:
            return f"{n} {r.choice(['took', 'missed', 'booked', 'cancelled'])} the {r.choice(['early', 'late', 'cheapest', 'last'])} {r.choice(['train', 'flight', 'bus', 'ferry'])} to {r.choice(['Leeds', 'Austin', 'Lyon', 'Pune', 'Osaka', 'Porto', 'Graz'])} because {r.choice(['it was raining', 'the meeting moved', 'a friend was ill', 'tickets sold out'])}."
        if k == 1:
            return f"A {r.choice(['man', 'woman', 'child', 'dog', 'group of students', 'chef'])} is {r.choice(['running along', 'sitting near', 'painting', 'cleaning', 'photographing'])} a {r.choice(['beach', 'kitchen', 'fence', 'bridge', 'garden', 'stage'])}{r.choice(['', ' at night', ' in the rain', ' with friends'])}."
        if k == 2:
            return f"The {r.choice(['new', 'old', 'local', 'small'])} {r.choice(['museum', 'library', 'bakery', 'clinic', 'factory'])} {r.choice(['opened', 'closed', 'hired staff', 'raised prices'])} in {r.choice(['March', 'June', 'October', 'the spring', '2019', '2023'])}, and {r.choice(['visitors doubled', 'neighbours complained', 'sales fell', 'nobody noticed'])}."
        if k == 3:
            return f"{r.choice(TOPICS).capitalize()} is {r.choice(['often misunderstood', 'central to', 'unrelated to', 'a result of'])} {r.choice(TOPICS)}."
        if k == 4:
            return self.news()
        return self.r.choice(self.S)

    def fill(self, kind: str) -> str:
        if kind == "q":
            return self.question()
        if kind == "short":
            r = self.r.random()
            return (self.r.choice(TOPICS) if r < .35 else self.r.choice(ITEMS) if r < .5
                    else self.r.choice(self.ref.acts).lower() if r < .7 else self.short())
        return " ".join(self.statement() for _ in range(self.r.choice([1, 1, 1, 2, 3])))

    def render(self, tpl: list) -> str:
        return "".join(p if isinstance(p, str) else self.fill(p[0]) for p in tpl)

    # ---- questions (fresh, random)
    def question(self) -> str:
        r = self.r
        k = r.randrange(12)
        a, b, c = r.randint(2, 99), r.randint(2, 99), r.randint(1, 500)
        if k == 0:
            return f"Solve for x: {a}x + {b} = {c + a * b}."
        if k == 1:
            n = r.choice(FIRST)
            return (f"{n} buys {a} {r.choice(ITEMS)} at ${b / 4:.2f} each and pays with a ${(a * b // 4) // 10 * 10 + 20} "
                    f"note. How much change does {n} get?")
        if k == 2:
            return f"A train travels {a * 7} km in {b % 9 + 1} hours. What is its average speed in m/s?"
        if k == 3:
            return f"What is {a}% of {c * 3}?"
        if k == 4:
            return f"A bag holds {a % 12 + 2} red and {b % 12 + 2} blue marbles. Two are drawn without replacement. What is the probability that both are red?"
        if k == 5:
            return f"Is {c * 2 + 1} a prime number? Justify your answer."
        if k == 6:
            return f"Why does {r.choice(TOPICS)} matter for {r.choice(TOPICS)}?"
        if k == 7:
            return f"What would happen if {self.short().lower()} were applied to {r.choice(TOPICS)}?"
        if k == 8:
            return f"Compare {r.choice(TOPICS)} and {r.choice(TOPICS)} in terms of {r.choice(['cause', 'impact', 'history', 'cost', 'risk'])}."
        if k == 9:
            return f"A rectangle is {a} cm by {b} cm. What are its area, perimeter and diagonal?"
        if k == 10:
            return f"What is the sum of the first {c} positive integers that are divisible by {a % 9 + 2}?"
        return f"How does a {r.choice(self.ref.acts).lower()} use {r.choice(TOPICS)} in their work?"

    # ---- benign chat
    def popular_prompt(self) -> str:
        return self.popular[min(bisect.bisect(self.pop_cum, self.r.random()), len(self.popular) - 1)]

    def code(self) -> str:
        r = self.r
        lang = r.choice(PLANGS)
        k = r.randrange(4)
        if k == 0:
            return f"How do I {r.choice(CODE_TASKS)} in {lang}?"
        if k == 1:
            var = r.choice(["data", "rows", "items", "cfg", "resp", "user"])
            return (f"Why does this {lang} code raise {r.choice(ERRORS)}?\n\n"
                    f"{var} = load_{r.choice(['rows', 'config', 'users'])}('{r.choice(['in', 'data', 'tmp'])}/{r.randint(1, 99)}.json')\n"
                    f"for k in {var}:\n    total += {var}[k]['{r.choice(['price', 'qty', 'score', 'id'])}']\n")
        if k == 2:
            return f"Write a {lang} function to {r.choice(CODE_TASKS)}. Add type hints and a short docstring."
        return f"Review this approach: I want to {r.choice(CODE_TASKS)} but my version takes {r.randint(2, 90)} seconds on {r.randint(1, 50)}k rows. Ideas?"

    def chat(self) -> str:
        r = self.r
        u = r.random()
        if u < .12:
            return self.popular_prompt()
        if u < .22:
            return r.choice(FOLLOWUPS)
        if u < .36:
            return self.code()
        if u < .50:
            return self.question()
        if u < .62:
            return f"{r.choice(['Summarize', 'Rewrite', 'Proofread', 'Simplify', 'Shorten'])} this: {self.sent(r.randint(1, 3))}"
        k = r.randrange(10)
        if k == 0:
            return f"Explain {r.choice(TOPICS)} to {r.choice(AUDIENCE)}."
        if k == 1:
            return f"Write a short {r.choice(OCCASIONS)} message for my {r.choice(RELS)} {r.choice(FIRST)}."
        if k == 2:
            return f"Help me write an email to my {r.choice(RELS)} about {r.choice(['a late payment', 'a schedule change', 'my sick day', 'the broken heater', 'next week', 'a refund'])}."
        if k == 3:
            return f"Translate into {r.choice(LANGS)}: {self.sent(1)}"
        if k == 4:
            return f"Give me a {r.randint(3, 7)}-day meal plan for {r.choice(['a vegetarian', 'a runner', 'a family of four', 'someone on a budget'])}."
        if k == 5:
            return f"What are some good {r.choice(['books', 'podcasts', 'exercises', 'side projects', 'board games'])} about {r.choice(TOPICS)}?"
        if k == 6:
            return f"I have {r.randint(2, 40)} minutes before {r.choice(['a meeting', 'an exam', 'my flight', 'dinner'])}. How should I review {r.choice(TOPICS)}?"
        if k == 7:
            return f"Plan a {r.randint(2, 10)}-day trip to {r.choice(['Lisbon', 'Kyoto', 'Mexico City', 'Cape Town', 'Hanoi', 'Krakow', 'Montreal', 'Istanbul'])} with {r.choice(['kids', 'a small budget', 'a wheelchair user', 'friends'])}."
        if k == 8:
            return f"{r.choice(self.ref.acts)}: {self.short()}?"
        return f"Is it true that {self.short().lower()}? {r.choice(['Sources please.', '', 'Be honest.'])}".strip()

    # ---- paraphraser: a fresh wording for every request
    def paraphrase(self, core: str) -> str:
        r = self.r
        def sy(w):
            return r.choice(SYN[w])
        k = r.randrange(8)
        pl = sy("please")
        head = {
            0: f"{pl} {sy('answer')} the {sy('following')} {sy('question')} with a {sy('detailed')} explanation:",
            1: f"Here is a {sy('question')} I need a {sy('correct')} and {sy('detailed')} answer to.",
            2: f"Can you {sy('explain')} how to {sy('answer')} this?",
            3: f"I'm trying to figure this out - {sy('explain')} it {r.choice(['carefully', 'clearly', 'fully', 'properly'])}.",
            4: f"{sy('question').capitalize()} for you ({r.choice(['practice set', 'revision', 'my notes', 'study guide'])} #{r.randint(1, 999)}):",
            5: f"Give me the {sy('correct')} answer and a {sy('detailed')} justification.",
            6: f"{pl} {sy('explain')} your answer to the {sy('question')} {sy('following')}.",
            7: f"What is the {sy('correct')} way to {sy('answer')} this {sy('question')}?",
        }[k].strip()
        head = head[:1].upper() + head[1:]
        body = core if r.random() < .5 else core[0].lower() + core[1:]
        if r.random() < .3:
            body = body.replace(" is ", r.choice([" is ", " would be ", " happens to be "]), 1)
        sep = r.choice(["\n\n", " ", "\n", " -- ", ": "])
        s = (r.choice(OPENERS) + head + sep + body) if r.random() < .65 else (body + sep + head)
        return (s + r.choice(CLOSERS)).strip()


# --------------------------------------------------------------------------------------------
# the world
# --------------------------------------------------------------------------------------------

def pick_mat(rng, rows: np.ndarray, mat: np.ndarray, cum: np.ndarray) -> np.ndarray:
    u = rng.random(len(rows))
    j = (u[:, None] > cum[rows]).sum(axis=1)
    j = np.minimum(j, mat.shape[1] - 1)
    return mat[rows, j]


def weights_to_cum(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, float)
    c = np.cumsum(w, axis=1)
    return c / c[:, -1:]


class World:
    def __init__(self, args, ref: Ref):
        self.a = args
        self.ref = ref
        self.days = args.days
        self.ips = StrPool(dedup=True)
        self.prompts = StrPool()
        self.uas = StrPool(dedup=True)
        self.pms = StrPool(dedup=True)
        self.net = Net(ref, self.ips)
        self.acc: list[dict] = []
        self.acc_pm: list[int] = []       # default event payment index per account (-1 null)
        self.ev: list[dict] = []
        self.rings: list[dict] = []
        self.groups: list[dict] = []
        self.ngroup = 0
        self.base = spawn(args.seed, "base")

    # ---- accounts
    def new_accounts(self, n, cohort, variant, *, ring_id="", group_id="", cc=None, created=None, pm=None,
                     email=None, org="", rng=None) -> np.ndarray:
        rng = rng if rng is not None else self.base
        start = len(self.acc)
        if cc is None:
            cc = [CC[i] for i in rng.choice(len(CC), size=n, p=CW)]
        if created is None:
            created = START_MS - (rng.gamma(1.5, 160, size=n) * DAY).astype(np.int64) - DAY
        if pm is None:
            pm = [self.new_pm(rng) for _ in range(n)]
        if email is None:
            email = [CONSUMER_MAIL[i] for i in rng.integers(0, len(CONSUMER_MAIL), n)]
        vs = variant if isinstance(variant, list) else [variant] * n
        orgs = org if isinstance(org, list) else [org] * n
        for i in range(n):
            p = pm[i] if isinstance(pm, list) else pm
            self.acc.append(dict(created=int(created[i]), pm=p or "", email=email[i], cc=cc[i], org=orgs[i],
                                 is_ring=bool(ring_id), ring_id=ring_id, group_id=group_id or ring_id,
                                 cohort=cohort, variant=vs[i]))
            self.acc_pm.append(self.pms.add(p) if p else -1)
        return np.arange(start, start + n)

    def new_pm(self, rng) -> str:
        return "pm_" + "".join("0123456789abcdefghijklmnopqrstuvwxyz"[i] for i in rng.integers(0, 36, 16))

    def group(self, kind, n, **info) -> str:
        self.ngroup += 1
        gid = f"G{self.ngroup:04d}"
        self.groups.append(dict(group_id=gid, cohort=kind, accounts=int(n), **info))
        return gid

    # ---- activity and timing
    def counts(self, rng, n, daily, p_active, profile="human", days_mask=None, disp=2.0) -> np.ndarray:
        """(n, days) request counts: Poisson around daily * gamma burstiness on active days."""
        D = self.days
        daily = np.broadcast_to(np.asarray(daily, float), (n,))
        p_active = np.broadcast_to(np.asarray(p_active, float), (n,))
        act = rng.random((n, D)) < p_active[:, None]
        wk = np.array([WEEKEND[profile] if (d % 7) >= 5 else 1.0 for d in range(D)])
        lam = daily[:, None] * wk[None, :] * rng.gamma(disp, 1 / disp, size=(n, D)) * act
        if days_mask is not None:
            lam = lam * days_mask
        return rng.poisson(lam).astype(np.int64)

    def times(self, rng, cnt, tz_h, profile="human", sess_min=18.0, per_sess=6.0):
        a, d = np.nonzero(cnt)
        c = cnt[a, d]
        n = int(c.sum())
        acc_ev = np.repeat(a, c)
        if n == 0:
            return acc_ev, np.zeros(0, np.int64)
        if profile == "flat":
            return acc_ev, np.repeat(d, c).astype(np.int64) * DAY + rng.integers(0, DAY, n)
        cdf = PROFILES[profile]
        k = np.minimum(c, 1 + rng.poisson(c / per_sess))
        cell = np.repeat(np.arange(len(c)), k)
        hours = np.minimum(np.searchsorted(cdf, rng.random(len(cell))), 23)
        start = (d[cell].astype(np.int64) * DAY + hours * HOUR + rng.integers(0, HOUR, len(cell))
                 - (np.asarray(tz_h, float)[a[cell]] * HOUR).astype(np.int64))
        first = np.cumsum(k) - k
        cell_ev = np.repeat(np.arange(len(c)), c)
        pick = first[cell_ev] + (rng.random(n) * k[cell_ev]).astype(np.int64)
        return acc_ev, start[pick] + rng.exponential(sess_min * 60_000, n).astype(np.int64)

    def emit(self, accs, local, ts, ip, prompt, ua, tok, model, pm=None, cohort=""):
        accs = np.asarray(accs)
        g = accs[local].astype(np.int32)
        if pm is None:
            pm = np.asarray(self.acc_pm, dtype=np.int32)[g]
        self.ev.append(dict(acc=g, ts=np.asarray(ts, np.int64), ip=np.asarray(ip, np.int32),
                            pm=np.asarray(pm, np.int32), prompt=np.asarray(prompt, np.int64),
                            ua=np.asarray(ua, np.int32), tok=np.asarray(tok, np.int64),
                            model=np.asarray(model, np.int8)))

    def ua_ids(self, rng, kind, n) -> np.ndarray:
        out = []
        for _ in range(n):
            if kind == "browser":
                t = BROWSER_UA[int(rng.integers(0, len(BROWSER_UA)))]
                s = t.format(v=int(rng.integers(126, 132)), f=int(rng.integers(128, 134)), m=int(rng.integers(0, 7)))
            elif kind == "sdk":
                s = SDK_UA[int(rng.integers(0, len(SDK_UA)))]
            else:
                s = APP_UA[int(rng.integers(0, len(APP_UA)))]
            out.append(self.uas.add(s))
        return np.array(out, np.int32)

    def user_uas(self, rng, n, mix=(.6, .15, .25)) -> tuple[np.ndarray, np.ndarray]:
        """Per-account UA sets (2 slots: main client, occasional second)."""
        kinds = ["browser", "sdk", "app"]
        k1 = rng.choice(3, size=n, p=list(mix))
        k2 = rng.choice(3, size=n, p=list(mix))
        mat = np.stack([np.concatenate([self.ua_ids(rng, kinds[k], 1) for k in k1]),
                        np.concatenate([self.ua_ids(rng, kinds[k], 1) for k in k2])], axis=1)
        return mat, weights_to_cum(np.stack([np.full(n, .85), np.full(n, .15)], 1))

    def tokens(self, rng, n, median, sigma=0.8) -> np.ndarray:
        return np.clip(rng.lognormal(np.log(median), sigma, n), 1, 16000).astype(np.int64)

    def models(self, rng, n, p) -> np.ndarray:
        return rng.choice(len(MODELS), size=n, p=list(p)).astype(np.int8)

    def tz_of(self, accs) -> np.ndarray:
        """A country's time zone (the US split east / central / west by account)."""
        out = []
        for g in accs:
            cc = self.acc[g]["cc"]
            opts = [TZ[i] for i in range(len(CC)) if CC[i] == cc] or [0.0]
            out.append(opts[int(g) % len(opts)])
        return np.array(out, float)

    def home_ipmat(self, rng, accs, v6_share=.25, mobile_share=.08):
        """Per account: [home v4, home v4 after re-lease, home v6 (or v4), mobile] + cum weights."""
        n = len(accs)
        ccs = [self.acc[g]["cc"] for g in accs]
        h1 = self.net.home(rng, ccs)
        h2 = self.net.home(rng, ccs)
        v6 = h1.copy()
        has6 = np.zeros(n, bool)
        for i, cc in enumerate(ccs):
            if cc in V6_HOME and rng.random() < v6_share * 2:
                root = V6_HOME[cc][int(rng.integers(0, len(V6_HOME[cc])))]
                v6[i] = self.net.v6(rng, root, 1)[0]
                has6[i] = True
        mob = self.net.mobile_home(rng, ccs)
        w = np.stack([np.full(n, .6), np.where(rng.random(n) < .3, .25, 0.0), np.where(has6, .5, 0.0),
                      np.full(n, mobile_share)], 1)
        return np.stack([h1, h2, v6, mob], 1), weights_to_cum(w)

    # ---- final
    def finish(self, out: Path, t0: float):
        a = self.a
        cat = {k: np.concatenate([e[k] for e in self.ev]) if self.ev else np.zeros(0) for k in
               ["acc", "ts", "ip", "pm", "prompt", "ua", "tok", "model"]}
        self.ev = []
        created = np.array([x["created"] for x in self.acc], np.int64) - START_MS
        keep = (cat["ts"] >= 0) & (cat["ts"] < self.days * DAY) & (cat["ts"] >= created[cat["acc"]])
        cat = {k: v[keep] for k, v in cat.items()}
        # daily limit: per account and UTC day, requests after the limit-th are refused (not logged)
        o = np.lexsort((cat["ts"], cat["acc"]))
        acc_s, day_s = cat["acc"][o], cat["ts"][o] // DAY
        newgrp = np.ones(len(o), bool)
        newgrp[1:] = (acc_s[1:] != acc_s[:-1]) | (day_s[1:] != day_s[:-1])
        gstart = np.maximum.accumulate(np.where(newgrp, np.arange(len(o)), 0))
        rank = np.arange(len(o)) - gstart
        ok = np.zeros(len(o), bool)
        ok[o] = rank < DAILY_LIMIT
        refused = int((~ok).sum())
        refused_acc = np.unique(cat["acc"][~ok])
        cat = {k: v[ok] for k, v in cat.items()}
        order = np.lexsort((np.arange(len(cat["ts"])), cat["acc"], cat["ts"]))
        # ids
        rng = spawn(a.seed, "ids")
        ids, seen = [], set()
        while len(ids) < len(self.acc):
            for v in rng.integers(0, 36 ** 9, size=len(self.acc)).tolist():
                s = np.base_repr(v, 36).lower().rjust(9, "0")
                if s not in seen:
                    seen.add(s); ids.append("acct_" + s)
                if len(ids) == len(self.acc):
                    break
        id_arr = pa.array(ids, pa.string())
        out.mkdir(parents=True, exist_ok=True)
        ips, prompts = self.ips.array(), self.prompts.array()
        uas, pms = self.uas.array(), self.pms.array()
        model_arr = pa.array(MODELS, pa.string())
        cols = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
        if not a.minimal:
            cols += ["user_agent", "output_tokens", "model"]
        schema = pa.schema([("account_id", pa.string()), ("timestamp", pa.timestamp("ms", tz="UTC")),
                            ("ip", pa.string()), ("payment_method", pa.string()), ("prompt", pa.string()),
                            ("user_agent", pa.string()), ("output_tokens", pa.int64()), ("model", pa.string())])
        schema = pa.schema([schema.field(c) for c in cols])
        per_cohort_ev: dict[str, int] = {}
        coh = np.array([x["cohort"] for x in self.acc])
        u, c = np.unique(coh[cat["acc"]], return_counts=True)
        per_cohort_ev = dict(zip(u.tolist(), c.tolist()))
        n_ev = len(order)
        with pq.ParquetWriter(out / "events.parquet", schema, compression="zstd") as w:
            for s in range(0, max(n_ev, 1), 250_000):
                sl = order[s:s + 250_000]
                if len(sl) == 0 and n_ev:
                    break
                pmi = cat["pm"][sl]
                data = {
                    "account_id": id_arr.take(pa.array(cat["acc"][sl])),
                    "timestamp": pa.array(cat["ts"][sl] + START_MS, pa.timestamp("ms", tz="UTC")),
                    "ip": ips.take(pa.array(cat["ip"][sl])).cast(pa.string()),
                    "payment_method": pms.take(pa.array(np.maximum(pmi, 0), mask=pmi < 0)).cast(pa.string()),
                    "prompt": prompts.take(pa.array(cat["prompt"][sl])).cast(pa.string()),
                    "user_agent": uas.take(pa.array(cat["ua"][sl])).cast(pa.string()),
                    "output_tokens": pa.array(cat["tok"][sl], pa.int64()),
                    "model": model_arr.take(pa.array(cat["model"][sl].astype(np.int32))),
                }
                w.write_table(pa.table({c: data[c] for c in cols}, schema=schema), row_group_size=250_000)
        # accounts / truth
        acc_df = pd.DataFrame({
            "account_id": ids,
            "created_at": [pd.Timestamp(x["created"], unit="ms", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ") for x in self.acc],
            "payment_method": [x["pm"] for x in self.acc],
            "email_domain": [x["email"] for x in self.acc],
            "country": [x["cc"] for x in self.acc],
            "org_id": [x["org"] for x in self.acc],
        })
        truth = pd.DataFrame({
            "account_id": ids,
            "is_ring": ["true" if x["is_ring"] else "false" for x in self.acc],
            "ring_id": [x["ring_id"] for x in self.acc],
            "group_id": [x["group_id"] for x in self.acc],
            "cohort": [x["cohort"] for x in self.acc],
            "variant": [x["variant"] for x in self.acc],
        })
        srt = np.argsort(np.array(ids), kind="stable")
        acc_df = acc_df.iloc[srt]
        truth = truth.iloc[srt]
        if a.minimal:
            acc_df = acc_df[["account_id", "payment_method"]]
        acc_df.to_csv(out / "accounts.csv", index=False, lineterminator="\n")
        truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
        is_ring = np.array([x["is_ring"] for x in self.acc])
        cohorts = {}
        for name in sorted(set(coh.tolist())):
            m = coh == name
            cohorts[name] = {"ring": bool(is_ring[m][0]), "accounts": int(m.sum()), "events": int(per_cohort_ev.get(name, 0))}
        grouped = [g for g in self.groups if g["accounts"] >= 2]
        meta = {
            "world": WORLD,
            "params": {"accounts": a.accounts, "seed": a.seed, "ring_share": a.ring_share, "ring_sizes": a.ring_sizes,
                       "days": a.days, "minimal": bool(a.minimal), "start": START.strftime("%Y-%m-%dT%H:%M:%SZ")},
            "platform": {"daily_limit": DAILY_LIMIT, "limit_window": "UTC calendar day, per account",
                         "refused_requests_not_logged": refused, "accounts_that_hit_the_limit": int(len(refused_acc)),
                         "ring_accounts_that_hit_the_limit": int(is_ring[refused_acc].sum()) if len(refused_acc) else 0},
            "counts": {"accounts": len(self.acc), "events": int(n_ev), "ring_accounts": int(is_ring.sum()),
                       "rings": len(self.rings), "benign_accounts": int((~is_ring).sum()),
                       "benign_groups": len(grouped), "benign_group_accounts": int(sum(g["accounts"] for g in grouped)),
                       "distinct_ips": self.ips.n, "distinct_prompts_pool": self.prompts.n},
            "cohorts": cohorts,
            "rings": self.rings,
            "benign_groups": self.groups,
            "reference_data": {"dir": "$GRAPHHUNT_SHARED_DATA", "files": self.ref.files},
            "generation_seconds": round(time.time() - t0, 1),
        }
        (out / "world.json").write_text(json.dumps(meta, indent=1, sort_keys=False) + "\n")
        return meta


# --------------------------------------------------------------------------------------------
# benign cohorts
# --------------------------------------------------------------------------------------------

def _std_chat_events(W: World, rng, T: Text, accs, cnt, tz, profile, ipmat, ipcum, uamat=None, uacum=None,
                     model_p=(.7, .2, .05, .05), tok_med=260, prompt_fn=None, sess_min=18.0, per_sess=6.0):
    loc, ts = W.times(rng, cnt, tz, profile, sess_min, per_sess)
    n = len(loc)
    ip = pick_mat(rng, loc, ipmat, ipcum)
    if uamat is None:
        uamat, uacum = W.user_uas(rng, len(accs))
    ua = pick_mat(rng, loc, uamat, uacum)
    fn = prompt_fn or (lambda i: T.chat())
    pr = W.prompts.extend([fn(i) for i in range(n)])
    W.emit(accs, loc, ts, ip, pr, ua, W.tokens(rng, n, tok_med), W.models(rng, n, model_p))
    return loc


def benign_casual(W, rng, T, n, cohort="casual_user"):
    accs = W.new_accounts(n, cohort, "home", rng=rng,
                          pm=[W.new_pm(rng) if rng.random() < .55 else "" for _ in range(n)])
    # some sign up during the window
    late = rng.random(n) < .06
    for i in np.nonzero(late)[0]:
        W.acc[accs[i]]["created"] = START_MS + int(rng.integers(0, W.days * DAY))
    ipm, ipc = W.home_ipmat(rng, accs)
    cnt = W.counts(rng, n, rng.lognormal(np.log(4), .9, n), rng.beta(2, 3, n), "human")
    _std_chat_events(W, rng, T, accs, cnt, W.tz_of(accs), "human", ipm, ipc)


def benign_household(W, rng, T, budget):
    for sz in group_sizes(rng, budget, 2, 5):
        cc = [CC[int(rng.choice(len(CC), p=CW))]] * sz
        shared_card = rng.random() < .4
        card = W.new_pm(rng)
        gid = W.group("household", sz, shared_card=bool(shared_card))
        accs = W.new_accounts(sz, "household", "family_card" if shared_card else "own_cards", group_id=gid, cc=cc,
                              pm=[card] * sz if shared_card else None, rng=rng)
        home = W.net.home(rng, cc[:1])[0]
        ipm, ipc = W.home_ipmat(rng, accs)
        ipm[:, 0] = home
        ipm[:, 2] = np.where(ipc[:, 2] > ipc[:, 1], ipm[:, 2], home)
        cnt = W.counts(rng, sz, rng.lognormal(np.log(3.5), .8, sz), rng.beta(2, 3, sz), "human")
        _std_chat_events(W, rng, T, accs, cnt, W.tz_of(accs), "human", ipm, ipc)


def _company_domain(rng):
    return f"{COMPANY_A[int(rng.integers(0, 20))]}{COMPANY_B[int(rng.integers(0, 20))]}.{['com', 'io', 'co', 'de', 'co.uk', 'fr', 'in'][int(rng.integers(0, 7))]}"


def benign_office(W, rng, T, budget):
    for sz in group_sizes(rng, budget, 8, 60):
        cc = CC[int(rng.choice(len(CC), p=CW))]
        dom = _company_domain(rng)
        declared = rng.random() < .6
        corp_card = rng.random() < .5
        card = W.new_pm(rng)
        org = "org_" + W.new_pm(rng)[3:13] if declared else ""
        gid = W.group("office_nat", sz, org_declared=bool(declared), corporate_card=bool(corp_card))
        accs = W.new_accounts(sz, "office_nat", ("org" if declared else "no_org") + ("_corp_card" if corp_card else ""),
                              group_id=gid, cc=[cc] * sz, email=[dom] * sz, org=org,
                              pm=[card] * sz if corp_card else None, rng=rng)
        egress = W.net.v4(rng, W.net.isp(cc), int(rng.integers(1, 3)))
        ipm, ipc = W.home_ipmat(rng, accs)
        ipm[:, 0] = egress[0]; ipm[:, 1] = egress[-1]
        ipc = weights_to_cum(np.stack([np.full(sz, .55), np.full(sz, .3), np.full(sz, .0), np.full(sz, .15)], 1))
        cnt = W.counts(rng, sz, rng.lognormal(np.log(6), .7, sz), .85, "work")
        uam, uac = W.user_uas(rng, sz, (.7, .25, .05))
        _std_chat_events(W, rng, T, accs, cnt, W.tz_of(accs), "work", ipm, ipc, uam, uac,
                         prompt_fn=lambda i: T.code() if T.r.random() < .35 else T.chat(), tok_med=320)


def benign_cgnat(W, rng, T, budget):
    for sz in group_sizes(rng, budget, 80, 400):
        cc = ["US", "IN", "DE", "GB", "BR", "JP", "FR"][int(rng.integers(0, 7))]
        mob = W.ref.mobile_as.get(cc) or W.ref.mobile_as["US"]
        pool = W.net.v4(rng, W.net.mobile(cc), int(rng.integers(30, 90)))
        gid = W.group("mobile_cgnat", sz, carrier=str(mob[0][1]), pool_ips=int(len(pool)))
        accs = W.new_accounts(sz, "mobile_cgnat", "cgnat_v4", group_id=gid, cc=[cc] * sz, rng=rng,
                              pm=[W.new_pm(rng) if rng.random() < .5 else "" for _ in range(sz)])
        cnt = W.counts(rng, sz, rng.lognormal(np.log(2), .8, sz), rng.beta(2, 3, sz), "evening")
        loc, ts = W.times(rng, cnt, W.tz_of(accs), "evening", 10, 4)
        n = len(loc)
        ip = pool[rng.integers(0, len(pool), n)]
        if cc in V6_MOBILE:       # dual-stack carrier: privacy addresses, a fresh /64 every few hours
            six = rng.random(n) < .45
            ip[six] = W.net.v6(rng, V6_MOBILE[cc], int(six.sum()))
        uam = np.stack([W.ua_ids(rng, "app", sz), W.ua_ids(rng, "browser", sz)], 1)
        ua = pick_mat(rng, loc, uam, weights_to_cum(np.tile([.7, .3], (sz, 1))))
        pr = W.prompts.extend([T.chat() for _ in range(n)])
        W.emit(accs, loc, ts, ip, pr, ua, W.tokens(rng, n, 220), W.models(rng, n, (.85, .1, .03, .02)))


def benign_campus(W, rng, T, budget):
    out = []
    for sz in group_sizes(rng, budget, 60, 400):
        cc = ["US", "GB", "DE", "IN", "JP", "CA", "FR", "AU", "BR", "NL"][int(rng.integers(0, 10))]
        unis = W.ref.univ_as.get(cc) or W.ref.univ_as["US"]
        asn, name = unis[int(rng.integers(0, len(unis)))]
        pref = W.net.as_pref([asn])
        if len(pref[0]) == 0:
            pref = W.net.isp(cc)
        nat = W.net.v4(rng, pref, int(rng.integers(2, 7)))
        dom = re.sub(r"[^a-z]", "", name.split()[0].lower())[:10] or "uni"
        dom += {"US": ".edu", "GB": ".ac.uk", "AU": ".edu.au", "JP": ".ac.jp", "IN": ".ac.in"}.get(cc, ".edu")
        gid = W.group("campus", sz, as_name=str(name), nat_ips=int(len(nat)))
        accs = W.new_accounts(sz, "campus", "students", group_id=gid, cc=[cc] * sz, rng=rng,
                              email=[dom if rng.random() < .7 else CONSUMER_MAIL[int(rng.integers(0, 10))] for _ in range(sz)],
                              pm=[W.new_pm(rng) if rng.random() < .35 else "" for _ in range(sz)])
        ipm, ipc = W.home_ipmat(rng, accs)
        ipm[:, 0] = nat[rng.integers(0, len(nat), sz)]
        ipm[:, 1] = nat[rng.integers(0, len(nat), sz)]
        ipc = weights_to_cum(np.stack([np.full(sz, .4), np.full(sz, .3), np.full(sz, .1), np.full(sz, .2)], 1))
        cnt = W.counts(rng, sz, rng.lognormal(np.log(3), .8, sz), rng.beta(2, 2.5, sz), "student")
        _std_chat_events(W, rng, T, accs, cnt, W.tz_of(accs), "student", ipm, ipc,
                         prompt_fn=lambda i: T.question() if T.r.random() < .35 else T.chat())
        out.append((accs, nat, dom, cc))
    return out


def benign_vpn(W, rng, T, budget):
    for sz in group_sizes(rng, budget, 50, 300):
        exits = W.net.v4(rng, W.ref.vpn, int(rng.integers(15, 45)))
        gid = W.group("vpn_user", sz, exit_ips=int(len(exits)))
        accs = W.new_accounts(sz, "vpn_user", "commercial_vpn", group_id=gid, rng=rng)
        cnt = W.counts(rng, sz, rng.lognormal(np.log(3), .8, sz), rng.beta(2, 3, sz), "human")
        loc, ts = W.times(rng, cnt, W.tz_of(accs), "human")
        n = len(loc)
        # exit changes per session-ish: hash of (account, hour)
        slot = (ts // (2 * HOUR) * 7919 + loc * 104729) % len(exits)
        ip = exits[slot]
        home_m, home_c = W.home_ipmat(rng, accs)
        off = rng.random(n) < .2
        ip[off] = pick_mat(rng, loc[off], home_m, home_c)
        uam, uac = W.user_uas(rng, sz)
        W.emit(accs, loc, ts, ip, W.prompts.extend([T.chat() for _ in range(n)]), pick_mat(rng, loc, uam, uac),
               W.tokens(rng, n, 250), W.models(rng, n, (.7, .2, .05, .05)))


def _app_template(W, rng, T):
    ds = sorted(W.ref.templates)
    d = ds[int(rng.integers(0, len(ds)))]
    return d, W.ref.templates[d][int(rng.integers(0, len(W.ref.templates[d])))]


def benign_heavy_app(W, rng, T, n):
    for i in range(n):
        ds, tpl = _app_template(W, rng, T)
        cc = CC[int(rng.choice(len(CC), p=CW))]
        prov = ["amazon", "google", "microsoft", "digitalocean", "linode", "oracle"][int(rng.integers(0, 6))]
        accs = W.new_accounts(1, "heavy_app", f"template:{ds}", cc=[cc], email=[_company_domain(rng)], rng=rng)
        ips = W.net.v4(rng, W.ref.cloud[prov], int(rng.integers(1, 4)))
        daily = float(min(rng.lognormal(np.log(90), .8), 700))
        cnt = W.counts(rng, 1, daily, .97, "human", disp=6)
        loc, ts = W.times(rng, cnt, W.tz_of(accs), "human", 40, 60)
        m = len(loc)
        ua = W.ua_ids(rng, "sdk", 1)
        pr = W.prompts.extend([T.render(tpl) if T.r.random() < .9 else T.chat() for _ in range(m)])
        W.emit(accs, loc, ts, ips[rng.integers(0, len(ips), m)], pr, np.full(m, ua[0]), W.tokens(rng, m, 180, .6),
               W.models(rng, m, (.8, .15, .05, 0)))


def benign_dev_team(W, rng, T, budget):
    for sz in group_sizes(rng, budget, 3, 12):
        cc = CC[int(rng.choice(len(CC), p=CW))]
        dom = _company_domain(rng)
        gid = W.group("dev_team", sz)
        card = W.new_pm(rng)
        accs = W.new_accounts(sz, "dev_team", "startup", group_id=gid, cc=[cc] * sz, email=[dom] * sz,
                              pm=[card] * sz if rng.random() < .6 else None, rng=rng)
        prov = ["amazon", "google", "microsoft", "digitalocean"][int(rng.integers(0, 4))]
        ci = W.net.v4(rng, W.ref.cloud[prov], 2)
        ipm, ipc = W.home_ipmat(rng, accs)
        ipm[:, 2] = ci[0]; ipm[:, 3] = ci[1]
        ipc = weights_to_cum(np.stack([np.full(sz, .5), np.full(sz, .1), np.full(sz, .25), np.full(sz, .15)], 1))
        uam = np.stack([W.ua_ids(rng, "sdk", sz), W.ua_ids(rng, "browser", sz)], 1)
        cnt = W.counts(rng, sz, rng.lognormal(np.log(12), .7, sz), .8, "work")
        _std_chat_events(W, rng, T, accs, cnt, W.tz_of(accs), "work", ipm, ipc, uam,
                         weights_to_cum(np.tile([.7, .3], (sz, 1))), prompt_fn=lambda i: T.code() if T.r.random() < .7 else T.chat(),
                         tok_med=520, model_p=(.4, .45, .1, .05))


EXTENSIONS = [
    ("PageGenie", "3.4.1", "You are PageGenie, a browser assistant. Summarise the web page below for the user in 5 neutral "
     "bullet points, then list any dates or prices it mentions.\n\nPAGE TITLE: {title}\nPAGE TEXT: {text}"),
    ("ReplyPal", "1.9.0", "[ReplyPal v1.9] Draft a reply to the message below. Tone: {tone}. Keep it under 120 words and do "
     "not invent facts.\n\n--- message ---\n{text}\n--- end ---"),
    ("TabTutor", "0.8.3", "TabTutor: the user highlighted this passage while studying. Explain it simply, define hard words, "
     "and ask one check-for-understanding question.\n\nPassage: {text}"),
]


def benign_extension(W, rng, T, budget):
    shares = partition(rng, budget, max(2, budget // 4), max(2, budget // 2 + 1)) if budget >= 8 else [budget]
    for k, sz in enumerate(shares):
        name, ver, wrap = EXTENSIONS[k % len(EXTENSIONS)]
        gid = W.group("browser_extension", sz, extension=name)
        # featured in a store: a sign-up wave in the first week
        created = START_MS - (rng.gamma(1.5, 120, size=sz) * DAY).astype(np.int64)
        wave = rng.random(sz) < .3
        created[wave] = START_MS + int(rng.integers(1, 5)) * DAY + rng.integers(0, 2 * DAY, wave.sum())
        accs = W.new_accounts(sz, "browser_extension", name, group_id=gid, created=created, rng=rng,
                              pm=[W.new_pm(rng) if rng.random() < .7 else "" for _ in range(sz)])
        ipm, ipc = W.home_ipmat(rng, accs)
        uam = np.array([[W.uas.add(BROWSER_UA[int(rng.integers(0, 3))].format(v=int(rng.integers(127, 132)), f=0, m=0)
                                   + f" {name}/{ver}")] for _ in range(sz)], np.int32)
        cnt = W.counts(rng, sz, rng.lognormal(np.log(3), .8, sz), rng.beta(2, 2.5, sz), "human")
        def pf(i):
            if T.r.random() < .1:
                return T.chat()
            return wrap.format(title=T.short().title(), text=T.news() + " " + T.sent(T.r.randint(1, 4)),
                               tone=T.r.choice(["friendly", "formal", "brief", "apologetic"]))
        _std_chat_events(W, rng, T, accs, cnt, W.tz_of(accs), "human", ipm, ipc, uam, np.ones((sz, 1)),
                         prompt_fn=pf, tok_med=200, model_p=(.9, .1, 0, 0))


def benign_exam(W, rng, T, budget, campuses):
    for j, sz in enumerate(group_sizes(rng, budget, 80, 400)):
        if campuses:
            _, nat, dom, cc = campuses[j % len(campuses)]
        else:
            cc = "US"; nat = W.net.v4(rng, W.net.isp(cc), 3); dom = "stateu.edu"
        course = f"{['CS', 'ECON', 'BIO', 'PHYS', 'STAT', 'HIST'][int(rng.integers(0, 6))]} {int(rng.integers(101, 399))}"
        topic = TOPICS[int(rng.integers(0, len(TOPICS)))]
        hw = int(rng.integers(2, 9))
        assignment = (f"{course} Assignment {hw}: In 600-800 words, explain {topic} and evaluate two competing "
                      f"explanations of it. Use at least one worked example and finish with a short summary of the key terms.")
        deadline = int(rng.integers(min(3, W.days - 1), max(W.days - 1, min(3, W.days - 1) + 1)))
        gid = W.group("exam_surge", sz, course=course, deadline_day=deadline)
        created = START_MS - (rng.gamma(1.5, 200, size=sz) * DAY).astype(np.int64)
        new = rng.random(sz) < .35          # sign up the week the assignment is out
        created[new] = START_MS + (deadline - 3) * DAY + rng.integers(0, 2 * DAY, new.sum())
        accs = W.new_accounts(sz, "exam_surge", course.replace(" ", "_"), group_id=gid, created=created, cc=[cc] * sz,
                              email=[dom] * sz, rng=rng, pm=[W.new_pm(rng) if rng.random() < .25 else "" for _ in range(sz)])
        tz = W.tz_of(accs)
        ipm, ipc = W.home_ipmat(rng, accs)
        ipm[:, 0] = nat[rng.integers(0, len(nat), sz)]
        ipm[:, 1] = nat[rng.integers(0, len(nat), sz)]
        # light background use
        cnt = W.counts(rng, sz, rng.lognormal(np.log(1.5), .7, sz), .2, "student")
        _std_chat_events(W, rng, T, accs, cnt, tz, "student", ipm, ipc)
        # the surge: last 3 days before the deadline, heavily the final evening
        mask = np.zeros(W.days)
        mask[max(0, deadline - 2):deadline + 1] = [.3, .6, 1.0][-(deadline + 1 - max(0, deadline - 2)):]
        part = rng.random(sz) < .8
        cnt = W.counts(rng, sz, rng.integers(4, 16, sz) * part, 1.0, "deadline", days_mask=mask[None, :])
        surge_ip = np.stack([ipm[:, 0], ipm[:, 1], ipm[:, 3]], 1)
        def pf(i):
            u = T.r.random()
            if u < .35:
                return assignment
            if u < .5:
                return assignment + " " + T.r.choice(["Please help.", "Make it sound like a student wrote it.",
                                                      "Keep it simple.", "I'm stuck on the example part."])
            return T.r.choice(FOLLOWUPS) if u < .8 else f"What are the competing explanations of {topic}?"
        _std_chat_events(W, rng, T, accs, cnt, tz, "deadline", surge_ip, weights_to_cum(np.tile([.45, .4, .15], (sz, 1))),
                         prompt_fn=pf, tok_med=700, model_p=(.75, .2, .05, 0))


def benign_sso(W, rng, T, budget):
    for sz in group_sizes(rng, budget, 120, 600):
        cc = ["US", "GB", "DE", "FR", "IN", "JP", "NL", "CA"][int(rng.integers(0, 8))]
        dom = _company_domain(rng)
        declared = rng.random() < .6
        org = "org_" + W.new_pm(rng)[3:13] if declared else ""
        card = W.new_pm(rng)
        day = int(rng.integers(1, max(2, W.days // 3)))
        t = START_MS + day * DAY + int(rng.integers(8, 11)) * HOUR - int(dict(zip(CC, TZ))[cc] * HOUR)
        created = t + np.sort(rng.integers(0, 2 * HOUR, sz))     # provisioned in one batch
        # the corporate proxy egress lives in a cloud (secure web gateway)
        prov = ["amazon", "microsoft", "google"][int(rng.integers(0, 3))]
        egress = W.net.v4(rng, W.ref.cloud[prov], int(rng.integers(1, 3)))
        gid = W.group("sso_rollout", sz, rollout_day=day, org_declared=bool(declared), egress_ips=int(len(egress)))
        accs = W.new_accounts(sz, "sso_rollout", "org_declared" if declared else "no_org", group_id=gid, cc=[cc] * sz,
                              email=[dom] * sz, org=org, pm=[card] * sz, created=created, rng=rng)
        ipm = np.stack([np.full(sz, egress[0]), np.full(sz, egress[-1])], 1)
        home, hc = W.home_ipmat(rng, accs)
        ipm = np.concatenate([ipm, home[:, :1]], 1)
        ipc = weights_to_cum(np.tile([.55, .35, .1], (sz, 1)))
        uam = np.stack([W.ua_ids(rng, "browser", sz), W.ua_ids(rng, "app", sz)], 1)
        cnt = W.counts(rng, sz, rng.lognormal(np.log(5), .8, sz), .8, "work")
        _std_chat_events(W, rng, T, accs, cnt, W.tz_of(accs), "work", ipm, ipc, uam,
                         weights_to_cum(np.tile([.8, .2], (sz, 1))),
                         prompt_fn=lambda i: T.code() if T.r.random() < .2 else T.chat(), tok_med=300)


def benign_copy_wave(W, rng, T, budget):
    for sz in group_sizes(rng, budget, 100, 500):
        viral = T.popular[int(rng.integers(0, 40))]
        day = int(rng.integers(0, max(1, W.days - 3)))
        gid = W.group("prompt_copy_wave", sz, wave_day=day)
        created = START_MS - (rng.gamma(1.5, 200, size=sz) * DAY).astype(np.int64)
        new = rng.random(sz) < .4         # the post brought sign-ups
        created[new] = START_MS + day * DAY + rng.integers(0, DAY, new.sum())
        accs = W.new_accounts(sz, "prompt_copy_wave", "viral_copy", group_id=gid, created=created, rng=rng,
                              pm=[W.new_pm(rng) if rng.random() < .3 else "" for _ in range(sz)])
        ipm, ipc = W.home_ipmat(rng, accs)
        tz = W.tz_of(accs)
        mask = np.zeros(W.days); mask[day:day + 3] = [1, .5, .2][:len(mask[day:day + 3])]
        cnt = W.counts(rng, sz, rng.integers(2, 9, sz), 1.0, "human", days_mask=mask[None, :])
        edits = [viral, viral.strip(), viral.replace("I want you to act as", "Act as"), viral + " My first request is:"]
        def pf(i):
            u = T.r.random()
            return T.r.choice(edits) if u < .4 else T.r.choice(FOLLOWUPS) if u < .7 else T.chat()
        _std_chat_events(W, rng, T, accs, cnt, tz, "human", ipm, ipc, prompt_fn=pf)
        cnt = W.counts(rng, sz, rng.lognormal(np.log(2), .7, sz), .12, "human")
        _std_chat_events(W, rng, T, accs, cnt, tz, "human", ipm, ipc)


BOT_WRAP = ("You are {bot}, a helpful assistant in the {plat} community '{server}'. Members ask questions in #{chan}. "
            "Keep replies under 1800 characters, be friendly, never ping @everyone.\n\n[{user}]: {msg}")


def benign_bots(W, rng, T, budget):
    for sz in group_sizes(rng, budget, 20, 150):
        prov = ["digitalocean", "linode", "oracle", "amazon"][int(rng.integers(0, 4))]
        block = W.net.v4(rng, W.ref.cloud[prov], int(max(3, sz // 4)))   # a bot-hosting platform's few hosts
        bot = ["Askbot", "Clyde2", "HelperHive", "Sage"][int(rng.integers(0, 4))]
        ua = W.uas.add(f"{bot.lower()}-framework/2.{int(rng.integers(0, 9))}.{int(rng.integers(0, 9))} node-fetch/1.0")
        gid = W.group("community_bot", sz, hosting=prov, framework=bot)
        accs = W.new_accounts(sz, "community_bot", bot, group_id=gid, rng=rng)
        servers = [f"{COMPANY_A[int(rng.integers(0, 20))].title()} {['Gaming', 'Devs', 'Study Hall', 'Crypto Club', 'Art', 'Homelab', 'Anime'][int(rng.integers(0, 7))]}"
                   for _ in range(sz)]
        plat = ["Discord" if rng.random() < .75 else "Slack" for _ in range(sz)]
        host = block[rng.integers(0, len(block), sz)]
        daily = np.minimum(rng.lognormal(np.log(18), 1.0, sz), 700)
        cnt = W.counts(rng, sz, daily, .95, "evening", disp=4)
        loc, ts = W.times(rng, cnt, W.tz_of(accs), "evening", 30, 20)
        n = len(loc)
        def pf(i):
            g = loc[i]
            return BOT_WRAP.format(bot=bot, plat=plat[g], server=servers[g], chan=T.r.choice(["general", "help", "questions", "off-topic"]),
                                   user=T.r.choice(FIRST).lower() + str(T.r.randint(1, 9999)), msg=T.chat())
        pr = W.prompts.extend([pf(i) for i in range(n)])
        W.emit(accs, loc, ts, host[loc], pr, np.full(n, ua), W.tokens(rng, n, 230), W.models(rng, n, (.9, .1, 0, 0)))


DESK_WRAP = ("Ticket #{t} | Queue: {q} | Customer tier: {tier}\nCustomer wrote: \"{msg}\"\n\nDraft a reply following "
             "{co} support policy v{pv}: greet by first name, apologise once, give concrete next steps, no refunds over $50 "
             "without escalation.")


def benign_support_desk(W, rng, T, budget):
    for sz in group_sizes(rng, budget, 40, 200):
        client = _company_domain(rng)
        sites = [("PH", 8), ("CO", -5), ("PL", 1)][:int(rng.integers(1, 4))]
        card = W.new_pm(rng)
        gid = W.group("support_desk", sz, client=client, sites=[s for s, _ in sites])
        site = rng.integers(0, len(sites), sz)
        cc = [sites[s][0] for s in site]
        created = START_MS - int(rng.integers(20, 200)) * DAY + rng.integers(0, 3 * HOUR, sz)
        vendor = f"{COMPANY_A[int(rng.integers(0, 20))]}bpo.com"
        declared = rng.random() < .3
        accs = W.new_accounts(sz, "support_desk", "vendor_card" + ("_org" if declared else ""), group_id=gid, cc=cc,
                              email=[vendor] * sz, pm=[card] * sz, created=created, rng=rng,
                              org=("org_" + W.new_pm(rng)[3:13]) if declared else "")
        egress = np.array([W.net.v4(rng, W.net.isp(s), 1)[0] for s, _ in sites])
        ipm = egress[site][:, None]
        ua = W.uas.add(BROWSER_UA[int(rng.integers(0, 2))].format(v=int(rng.integers(126, 132)), f=0, m=0))  # managed desktops
        cnt = W.counts(rng, sz, rng.lognormal(np.log(22), .4, sz), .9, "work", disp=5)
        loc, ts = W.times(rng, cnt, np.array([sites[s][1] for s in site], float), "work", 30, 12)
        n = len(loc)
        co = client.split(".")[0].title()
        pr = W.prompts.extend([DESK_WRAP.format(t=T.r.randint(100000, 999999), q=T.r.choice(["billing", "shipping", "returns", "account"]),
                                                tier=T.r.choice(["free", "plus", "business"]),
                                                msg=T.statement() + " " + T.r.choice(["Where is my order?", "I was charged twice.",
                                                                                  "How do I reset my password?", "This is unacceptable.",
                                                                                  "Can I change my address?"]),
                                                co=co, pv=T.r.randint(3, 5)) for _ in range(n)])
        W.emit(accs, loc, ts, ipm[loc, 0], pr, np.full(n, ua), W.tokens(rng, n, 190, .5), W.models(rng, n, (.95, .05, 0, 0)))


# --------------------------------------------------------------------------------------------
# rings
# --------------------------------------------------------------------------------------------

NEW_KINDS = ["coverage_partition", "warmup_harvest", "ipv6_rotation", "diurnal_mimic", "paraphrase_llm", "blended_resale"]
CLASSIC_KINDS = ["card_farm", "proxy_rotator", "cot_elicitation"]
DOES = {
    "card_farm": "throwaway accounts made in one burst, one shared card (or cards shared by pairs), one throwaway e-mail "
                 "domain, two accounts per cloud VM, one SDK user agent, 1-2 dataset templates, round-the-clock at the limit",
    "proxy_rotator": "distinct cards, residential-proxy exits in many countries (a fresh address per request or per "
                     "20-minute session), 3 templates of one capability, 2-3 SDK user agents",
    "cot_elicitation": "one VM per account across six clouds, fresh questions each with one of 12 chain-of-thought "
                       "elicitation phrasings (each account favours 3), reasoning model, long outputs, office hours",
    "hydra_reseller": "a reseller's proxy front: heads with 3-8 datacenter egress IPs each (10 % stray across heads), "
                      "card pools per head (a quarter own cards), 55-75 % harvest mixed with resold customer traffic, "
                      "customer SDK user agents, banned heads regrow as new accounts mid-window",
    "coverage_partition": "each account walks its own disjoint contiguous slice of one public question set, verbatim, "
                          "no wrapper template, zero prompt overlap between accounts; aged accounts, residential address "
                          "per account per day, human diurnal timing",
    "warmup_harvest": "aged accounts chat like normal users (home IPs, browsers, 2-8 a day) for 40-70 % of the window, "
                      "then switch to templated harvest at 120-350 a day (on cloud VMs + SDK, or keeping the home set-up)",
    "ipv6_rotation": "every request from a different IPv6 address inside one hosting provider /48 (or a per-account /64 "
                     "that moves daily), no IPv4 at all, templated harvest",
    "diurnal_mimic": "accounts spread over countries, each with its own time zone's waking-hours sessions, lighter "
                     "weekends, home ISP addresses and browsers, 30-110 a day, 10 % normal chat mixed in",
    "paraphrase_llm": "every request worded afresh by a paraphrasing model (openers, synonyms, order, closers vary), "
                      "so no two requests share a template or wording; datacenter IPs",
    "blended_resale": "aged accounts each fronting a real customer base through its own cloud relay: 50-70 % genuine "
                      "varied customer traffic with many client user agents, 30-50 % harvest around the clock",
}
SOPH = {"card_farm": "crude", "proxy_rotator": "medium", "cot_elicitation": "medium", "hydra_reseller": "medium",
        "coverage_partition": "high", "warmup_harvest": "high", "ipv6_rotation": "medium", "diurnal_mimic": "high",
        "paraphrase_llm": "high", "blended_resale": "high"}
CAPABILITY = {
    "reasoning": ["math_dataset", "aqua_rat", "piqa", "hellaswag", "cos_e", "commonsense_qa", "openbookqa", "ai2_arc",
                  "qasc", "social_i_qa", "winogrande", "math_qa", "gsm8k"],
    "nli": ["anli", "multi_nli", "esnli", "glue", "super_glue", "snli", "scitail"],
    "reading": ["squad", "squad_v2", "quoref", "adversarial_qa", "ropes", "duorc", "quail", "race", "cosmos_qa", "dream"],
    "summarise": ["cnn_dailymail", "samsum", "xsum", "gigaword", "multi_news", "wiki_lingua"],
    "classify": ["ag_news", "dbpedia_14", "amazon_polarity", "yelp_review_full", "imdb", "emotion", "banking77", "trec",
                 "financial_phrasebank", "app_reviews", "rotten_tomatoes", "yahoo_answers_topics"],
}


def ring_templates(W, rng, k):
    caps = sorted(CAPABILITY)
    for _ in range(20):
        cap = caps[int(rng.integers(0, len(caps)))]
        pool = [d for d in sorted(W.ref.templates) if d.split("/")[0] in CAPABILITY[cap]]
        if pool:
            break
    else:
        cap, pool = "any", sorted(W.ref.templates)
    ds = [pool[int(i)] for i in rng.choice(len(pool), size=min(2, len(pool)), replace=False)]
    tpls = [(d, t) for d in ds for t in W.ref.templates[d]]
    pick = rng.choice(len(tpls), size=min(k, len(tpls)), replace=False)
    return cap, [tpls[int(i)] for i in pick]


def _ring_created(rng, sz, mode, days):
    if mode == "burst":          # all within hours, 1-3 days before start
        t = START_MS - int(rng.integers(1, 4)) * DAY
        return t + rng.integers(0, 4 * HOUR, sz)
    if mode == "week":
        return START_MS - int(rng.integers(2, 10)) * DAY + rng.integers(0, 7 * DAY, sz)
    return START_MS - (rng.uniform(30, 400, sz) * DAY).astype(np.int64)   # aged


def ring_active(rng, sz, days, min_len=6):
    start = int(rng.integers(0, max(1, days // 3)))
    length = int(rng.integers(min(min_len, days - start), days - start + 1))
    m = np.zeros(days); m[start:start + length] = 1
    return m, start, length


def make_ring(W: World, rng, T: Text, kind, sz, rid, bank_state):
    info = dict(ring_id=rid, kind=kind, size=int(sz), sophistication=SOPH[kind], does=DOES[kind])
    D = W.days
    rr = T.r

    def harvest_fn(tpls, cot=0.0):
        def f(i):
            s = T.render(tpls[rr.randrange(len(tpls))][1])
            return s + " " + rr.choice(COT) if cot and rr.random() < cot else s
        return f

    if kind == "card_farm":
        variant = ["one_card", "card_pairs"][int(rng.integers(0, 2))]
        cards = [W.new_pm(rng)] if variant == "one_card" else [W.new_pm(rng) for _ in range((sz + 1) // 2)]
        pm = [cards[i % len(cards)] for i in range(sz)]
        dom = f"{['mailnest', 'inboxly', 'postbox24', 'qmail'][int(rng.integers(0, 4))]}.{['top', 'xyz', 'click'][int(rng.integers(0, 3))]}"
        cc = CC[int(rng.choice(len(CC), p=CW))]
        accs = W.new_accounts(sz, kind, variant, ring_id=rid, cc=[cc] * sz, email=[dom] * sz, pm=pm,
                              created=_ring_created(rng, sz, "burst", D), rng=rng)
        prov = ["amazon", "digitalocean", "linode", "oracle"][int(rng.integers(0, 4))]
        vms = W.net.v4(rng, W.ref.cloud[prov], (sz + 1) // 2)
        cap, tpls = ring_templates(W, rng, 2)
        mask, s0, ln = ring_active(rng, sz, D)
        cnt = W.counts(rng, sz, rng.uniform(250, 560, sz), .95, "flat", days_mask=mask[None, :], disp=8)
        loc, ts = W.times(rng, cnt, np.zeros(sz), "flat")
        n = len(loc)
        ua = W.uas.add(SDK_UA[5 + int(rng.integers(0, 2))])
        pr = W.prompts.extend([harvest_fn(tpls)(i) for i in range(n)])
        W.emit(accs, loc, ts, vms[loc // 2], pr, np.full(n, ua), W.tokens(rng, n, 700), W.models(rng, n, (0, 1, 0, 0)))
        info.update(variant=variant, cards=len(cards), email_domain=dom, hosting=prov, vm_ips=int(len(vms)), capability=cap,
                    template_datasets=sorted(set(d for d, _ in tpls)), templates=len(tpls), active_days=[s0, s0 + ln - 1], signup="burst")

    elif kind == "proxy_rotator":
        variant = ["per_request", "sticky_session"][int(rng.integers(0, 2))]
        accs = W.new_accounts(sz, kind, variant, ring_id=rid, created=_ring_created(rng, sz, "week", D), rng=rng)
        cap, tpls = ring_templates(W, rng, 3)
        mask, s0, ln = ring_active(rng, sz, D)
        cnt = W.counts(rng, sz, rng.uniform(100, 300, sz), .9, "flat", days_mask=mask[None, :], disp=6)
        loc, ts = W.times(rng, cnt, np.zeros(sz), "flat")
        n = len(loc)
        ccs = [CC[i] for i in rng.choice(len(CC), size=n if variant == "per_request" else max(1, n // 10 + 1), p=CW)]
        ips = W.net.home(rng, ccs)
        if variant == "sticky_session":     # one exit per account per 20-minute session
            key = np.unique(loc.astype(np.int64) * 10_000_000 + ts // (20 * 60_000), return_inverse=True)[1]
            ips = ips[key % len(ips)]
        uam = np.array([W.uas.add(SDK_UA[i]) for i in rng.choice(len(SDK_UA), 3, replace=False)], np.int32)
        pr = W.prompts.extend([harvest_fn(tpls)(i) for i in range(n)])
        W.emit(accs, loc, ts, ips, pr, uam[rng.integers(0, 3, n)], W.tokens(rng, n, 650), W.models(rng, n, (.1, .9, 0, 0)))
        info.update(variant=variant, capability=cap, template_datasets=sorted(set(d for d, _ in tpls)), templates=len(tpls), active_days=[s0, s0 + ln - 1],
                    ip_source="residential proxy (ISP prefixes, many countries)", signup="one week")

    elif kind == "cot_elicitation":
        variant = "cloud_vms"
        accs = W.new_accounts(sz, kind, variant, ring_id=rid, created=_ring_created(rng, sz, "week", D), rng=rng)
        provs = ["amazon", "google", "microsoft", "digitalocean", "linode", "oracle"]
        vm = np.array([W.net.v4(rng, W.ref.cloud[provs[int(rng.integers(0, 6))]], 1)[0] for _ in range(sz)])
        mask, s0, ln = ring_active(rng, sz, D)
        cnt = W.counts(rng, sz, rng.uniform(40, 150, sz), .9, "work", days_mask=mask[None, :], disp=4)
        tz = np.full(sz, float(TZ[int(rng.integers(0, len(TZ)))]))
        loc, ts = W.times(rng, cnt, tz, "work", 60, 40)
        n = len(loc)
        fav = [rng.choice(len(COT), 3, replace=False) for _ in range(sz)]
        pr = W.prompts.extend([T.question() + " " + COT[fav[g][rr.randrange(3)]] for g in loc.tolist()])
        uam = W.ua_ids(rng, "sdk", sz)
        W.emit(accs, loc, ts, vm[loc], pr, uam[loc], W.tokens(rng, n, 1800, .5), W.models(rng, n, (0, .1, .9, 0)))
        info.update(variant=variant, active_days=[s0, s0 + ln - 1], ip_source="one VM per account, mixed clouds",
                    cot_phrasings=len(COT), signup="one week")

    elif kind == "coverage_partition":
        variant = ["ordered", "shuffled"][int(rng.integers(0, 2))]
        accs = W.new_accounts(sz, kind, variant, ring_id=rid, created=_ring_created(rng, sz, "aged", D), rng=rng)
        mask, s0, ln = ring_active(rng, sz, D)
        cnt = W.counts(rng, sz, rng.uniform(60, 200, sz), .9, "human", days_mask=mask[None, :], disp=4)
        tz = W.tz_of(accs)
        loc, ts = W.times(rng, cnt, tz, "human", 40, 25)
        n = len(loc)
        per = np.bincount(loc, minlength=sz)
        off = bank_state["next"]
        bank_state["next"] += int(per.sum())
        bank = bank_state["get"](bank_state["next"])
        # each account walks its own disjoint, contiguous slice of the public set, in time order
        o = np.lexsort((ts, loc))
        slot = np.empty(n, np.int64)
        slot[o] = off + np.arange(n)
        if variant == "shuffled":
            for g in range(sz):
                m = np.nonzero(loc == g)[0]
                slot[m] = rng.permutation(slot[m])
        pr = W.prompts.extend([bank[int(s)] for s in slot])
        # sticky residential address per account per day
        day = ts // DAY
        key = np.unique(loc * 1000 + day, return_inverse=True)
        ccs = [W.acc[accs[int(u // 1000)]]["cc"] for u in key[0]]
        ipd = W.net.home(rng, ccs)
        uam = W.ua_ids(rng, "browser", sz)
        W.emit(accs, loc, ts, ipd[key[1]], pr, uam[loc], W.tokens(rng, n, 600), W.models(rng, n, (0, .6, .4, 0)))
        info.update(variant=variant, bank_offset=int(off), bank_items=int(per.sum()), active_days=[s0, s0 + ln - 1],
                    ip_source="residential, new address per account per day", signup="aged")

    elif kind == "warmup_harvest":
        variant = ["infra_switch", "same_infra"][int(rng.integers(0, 2))]
        accs = W.new_accounts(sz, kind, variant, ring_id=rid, created=_ring_created(rng, sz, "aged", D), rng=rng)
        switch = int(round(D * rng.uniform(.4, .7)))
        sw = np.clip(switch + rng.integers(-1, 2, sz), 1, D - 1)
        dd = np.arange(D)[None, :]
        warm = (dd < sw[:, None]).astype(float)
        tz = W.tz_of(accs)
        ipm, ipc = W.home_ipmat(rng, accs)
        cnt = W.counts(rng, sz, rng.uniform(2, 8, sz), .6, "human", days_mask=warm)
        _std_chat_events(W, rng, T, accs, cnt, tz, "human", ipm, ipc)
        cap, tpls = ring_templates(W, rng, 2)
        cnt = W.counts(rng, sz, rng.uniform(120, 350, sz), .95, "flat", days_mask=1 - warm, disp=6)
        loc, ts = W.times(rng, cnt, tz, "flat")
        n = len(loc)
        if variant == "infra_switch":
            prov = ["amazon", "google", "digitalocean"][int(rng.integers(0, 3))]
            vm = W.net.v4(rng, W.ref.cloud[prov], sz)
            ip = vm[loc]
            uam = W.ua_ids(rng, "sdk", 1)
            ua = np.full(n, uam[0])
        else:
            ip = pick_mat(rng, loc, ipm, ipc)
            uam, uac = W.user_uas(rng, sz)
            ua = pick_mat(rng, loc, uam, uac)
        pr = W.prompts.extend([harvest_fn(tpls, .3)(i) for i in range(n)])
        W.emit(accs, loc, ts, ip, pr, ua, W.tokens(rng, n, 800), W.models(rng, n, (0, .7, .3, 0)))
        info.update(variant=variant, switch_day=switch, capability=cap, template_datasets=sorted(set(d for d, _ in tpls)), templates=len(tpls), signup="aged")

    elif kind == "ipv6_rotation":
        variant = ["per_request", "per_account_64"][int(rng.integers(0, 2))]
        accs = W.new_accounts(sz, kind, variant, ring_id=rid, created=_ring_created(rng, sz, "week", D), rng=rng)
        root = V6_HOSTING[int(rng.integers(0, len(V6_HOSTING)))]
        site48 = f"{root}:{int(rng.integers(0, 65536)):x}"             # one provider /48
        cap, tpls = ring_templates(W, rng, 3)
        mask, s0, ln = ring_active(rng, sz, D)
        cnt = W.counts(rng, sz, rng.uniform(80, 260, sz), .9, "flat", days_mask=mask[None, :], disp=6)
        loc, ts = W.times(rng, cnt, np.zeros(sz), "flat")
        n = len(loc)
        if variant == "per_request":
            h = rng.integers(0, 65536, size=(n, 5))
            ip = W.ips.extend([f"{site48}:{a:x}:{b:x}:{c:x}:{d:x}:{e:x}" for a, b, c, d, e in h.tolist()])
        else:
            s64 = rng.integers(0, 65536, sz)
            day = ts // DAY
            h = rng.integers(0, 65536, size=(n, 4))
            sub = (s64[loc] + day * 977) % 65536
            ip = W.ips.extend([f"{site48}:{s:x}:{a:x}:{b:x}:{c:x}:{d:x}" for s, (a, b, c, d) in zip(sub.tolist(), h.tolist())])
        uam = W.ua_ids(rng, "sdk", 2)
        pr = W.prompts.extend([harvest_fn(tpls, .2)(i) for i in range(n)])
        W.emit(accs, loc, ts, ip, pr, uam[rng.integers(0, 2, n)], W.tokens(rng, n, 750), W.models(rng, n, (0, .8, .2, 0)))
        info.update(variant=variant, prefix48=site48 + "::/48", capability=cap, template_datasets=sorted(set(d for d, _ in tpls)), templates=len(tpls),
                    active_days=[s0, s0 + ln - 1], signup="one week")

    elif kind == "diurnal_mimic":
        variant = "spread_timezones"
        cidx = rng.choice(len(CC), size=sz, replace=sz > len(CC))
        cc = [CC[i] for i in cidx]
        accs = W.new_accounts(sz, kind, variant, ring_id=rid, cc=cc, created=_ring_created(rng, sz, "aged", D), rng=rng)
        tz = TZ[cidx]
        cap, tpls = ring_templates(W, rng, 4)
        mask, s0, ln = ring_active(rng, sz, D, 10)
        cnt = W.counts(rng, sz, rng.uniform(30, 110, sz), .85, "human", days_mask=mask[None, :], disp=2.5)
        ipm, ipc = W.home_ipmat(rng, accs)
        uam, uac = W.user_uas(rng, sz, (.85, 0, .15))
        hf = harvest_fn(tpls)
        _std_chat_events(W, rng, T, accs, cnt, tz, "human", ipm, ipc, uam, uac,
                         prompt_fn=lambda i: hf(i) if rr.random() < .9 else T.chat(), tok_med=650,
                         model_p=(.05, .75, .2, 0), sess_min=25, per_sess=10)
        info.update(variant=variant, countries=sorted(set(cc)), capability=cap, template_datasets=sorted(set(d for d, _ in tpls)), templates=len(tpls),
                    active_days=[s0, s0 + ln - 1], signup="aged")

    elif kind == "paraphrase_llm":
        variant = "unique_wording"
        accs = W.new_accounts(sz, kind, variant, ring_id=rid, created=_ring_created(rng, sz, "week", D), rng=rng)
        ips = W.net.v4(rng, W.ref.dc, sz * 2)
        mask, s0, ln = ring_active(rng, sz, D)
        cnt = W.counts(rng, sz, rng.uniform(60, 200, sz), .9, "flat", days_mask=mask[None, :], disp=5)
        loc, ts = W.times(rng, cnt, np.zeros(sz), "flat")
        n = len(loc)
        pr = W.prompts.extend([T.paraphrase(T.question()) for _ in range(n)])
        uam = W.ua_ids(rng, "sdk", sz)
        W.emit(accs, loc, ts, ips[loc * 2 + rng.integers(0, 2, n)], pr, uam[loc], W.tokens(rng, n, 900),
               W.models(rng, n, (0, .5, .5, 0)))
        info.update(variant=variant, active_days=[s0, s0 + ln - 1], ip_source="datacenter, two per account", signup="one week")

    elif kind == "blended_resale":
        variant = "own_relays"
        accs = W.new_accounts(sz, kind, variant, ring_id=rid, created=_ring_created(rng, sz, "aged", D), rng=rng,
                              email=[_company_domain(rng) for _ in range(sz)])
        provs = ["amazon", "google", "digitalocean", "linode"]
        relay = np.array([W.net.v4(rng, W.ref.cloud[provs[int(rng.integers(0, 4))]], 1)[0] for _ in range(sz)])
        share = float(rng.uniform(.3, .5))
        cap, tpls = ring_templates(W, rng, 3)
        mask, s0, ln = ring_active(rng, sz, D)
        cnt = W.counts(rng, sz, rng.uniform(80, 260, sz), .95, "human", days_mask=mask[None, :], disp=4)
        tz = np.full(sz, 0.0) + rng.choice(TZ, sz)
        loc, ts = W.times(rng, cnt, tz, "human", 30, 30)
        n = len(loc)
        harv = rng.random(n) < share
        ts[harv] = (ts[harv] // DAY) * DAY + rng.integers(0, DAY, int(harv.sum()))   # harvest runs around the clock
        cust_ua = np.stack([W.ua_ids(rng, ["sdk", "browser", "app"][j % 3], sz) for j in range(8)], 1)
        ua = cust_ua[loc, rng.integers(0, 8, n)]
        hf = harvest_fn(tpls, .25)
        pr = W.prompts.extend([hf(i) if h else (T.code() if rr.random() < .3 else T.chat()) for i, h in enumerate(harv.tolist())])
        mdl = np.where(harv, W.models(rng, n, (0, .7, .3, 0)), W.models(rng, n, (.7, .2, .05, .05)))
        W.emit(accs, loc, ts, relay[loc], pr, ua, np.where(harv, W.tokens(rng, n, 850), W.tokens(rng, n, 260)), mdl)
        info.update(variant=variant, harvest_share=round(share, 3), capability=cap, template_datasets=sorted(set(d for d, _ in tpls)), templates=len(tpls),
                    active_days=[s0, s0 + ln - 1], signup="aged")

    elif kind == "hydra_reseller":
        variant = "reseller_proxy"
        heads = int(np.clip(sz // 60, 2, 10))
        head = rng.integers(0, heads, sz)
        egress_per_head = [W.net.v4(rng, W.ref.dc, int(rng.integers(3, 9))) for _ in range(heads)]
        all_egress = np.concatenate(egress_per_head)
        # regrowing heads: 30% of accounts replace "banned" ones mid-window
        gen1 = rng.random(sz) < .3
        ban = int(rng.integers(D // 3, max(D // 3 + 1, 2 * D // 3)))
        created = START_MS - (rng.uniform(3, 60, sz) * DAY).astype(np.int64)
        batch = START_MS + ban * DAY + (rng.integers(0, 3, sz) * DAY) + rng.integers(0, 6 * HOUR, sz)
        created[gen1] = batch[gen1]
        head_cards = [[W.new_pm(rng) for _ in range(max(2, int((head == h).sum()) // 6))] for h in range(heads)]
        own = rng.random(sz) < .25
        pm = [W.new_pm(rng) if own[i] else head_cards[head[i]][int(rng.integers(0, len(head_cards[head[i]])))] for i in range(sz)]
        vs = [f"head{int(h)}_{'gen1' if g else 'gen0'}" for h, g in zip(head, gen1)]
        accs = W.new_accounts(sz, kind, vs, ring_id=rid, created=created, pm=pm, rng=rng,
                              email=[CONSUMER_MAIL[int(i)] for i in rng.integers(0, 6, sz)])
        cap, tpls = ring_templates(W, rng, 4)
        dd = np.arange(D)[None, :]
        live = np.where(gen1[:, None], dd >= ban, np.where(rng.random(sz)[:, None] < .6, dd < ban + 1, 1.0)).astype(float)
        cnt = W.counts(rng, sz, rng.uniform(15, 90, sz), .85, "flat", days_mask=live, disp=3)
        loc, ts = W.times(rng, cnt, np.zeros(sz), "flat")
        n = len(loc)
        eg = np.array([egress_per_head[head[g]][rr.randrange(len(egress_per_head[head[g]]))] for g in loc.tolist()], np.int64)
        stray = rng.random(n) < .1
        eg[stray] = all_egress[rng.integers(0, len(all_egress), int(stray.sum()))]
        harv = rng.random(n) < rng.uniform(.55, .75)
        hf = harvest_fn(tpls, .3)
        pr = W.prompts.extend([hf(i) if h else (T.code() if rr.random() < .3 else T.chat()) for i, h in enumerate(harv.tolist())])
        cust = np.array([W.uas.add(SDK_UA[i]) for i in range(len(SDK_UA))] + [W.uas.add(APP_UA[0])], np.int32)
        ua = cust[rng.integers(0, len(cust), n)]
        W.emit(accs, loc, ts, eg, pr, ua, np.where(harv, W.tokens(rng, n, 800), W.tokens(rng, n, 260)),
               np.where(harv, W.models(rng, n, (0, .7, .3, 0)), W.models(rng, n, (.6, .3, .1, 0))))
        info.update(variant=variant, heads=heads, egress_ips=int(len(all_egress)), gen1_share=round(float(gen1.mean()), 3),
                    ban_day=ban, own_card_share=round(float(own.mean()), 3), capability=cap, template_datasets=sorted(set(d for d, _ in tpls)), templates=len(tpls))
    W.rings.append(info)


def ring_plan(rng, R, mode):
    """[(size, band)] summing exactly to R."""
    if R <= 0:
        return []
    if R < 3:
        return [(R, "small")]
    if mode == "small":
        return [(s, "small") for s in partition(rng, R, 3, 15)]
    if mode == "mixed":      # by ring accounts: ~47 % small, ~33 % medium, ~20 % large
        big = int(round(.2 * R)); med = int(round(.33 * R))
        if big < 61:
            med += big; big = 0
        if med < 16:
            med = 0
        small = R - big - med
        if 0 < small < 3:
            med += small; small = 0
        out = [(s, "large") for s in (partition(rng, big, 61, 200) if big else [])]
        out += [(s, "medium") for s in (partition(rng, med, 16, 60) if med else [])]
        out += [(s, "small") for s in (partition(rng, small, 3, 15) if small >= 3 else ([small] if small else []))]
        return out
    # hydra
    h = int(round(rng.uniform(.70, .85) * R))
    h = max(h, min(300, int(round(.85 * R))))
    rest = R - h
    if 0 < rest < 3:
        h += rest; rest = 0
    return [(h, "hydra")] + [(s, "small") for s in (partition(rng, rest, 3, 15) if rest else [])]


def build(args) -> dict:
    t0 = time.time()
    ref = Ref(find_data())
    W = World(args, ref)
    N = args.accounts
    R = int(round(args.ring_share * N))
    if R > N:
        sys.exit("ring share > 1")
    B = N - R
    T = Text(ref, pyrand(spawn(args.seed, "text")))

    # ---- rings first in the plan (sizes fixed), generated after benign
    prng = spawn(args.seed, "ringplan")
    plan = ring_plan(prng, R, args.ring_sizes)
    new = list(prng.permutation(NEW_KINDS)); old = list(prng.permutation(CLASSIC_KINDS))
    cycle = [new[0], new[1], old[0], new[2], new[3], old[1], new[4], new[5], old[2]]

    # ---- benign
    shares = [("household", .06), ("office_nat", .08), ("mobile_cgnat", .06), ("campus", .06), ("vpn_user", .04),
              ("heavy_app", .005), ("dev_team", .02), ("browser_extension", .10), ("exam_surge", .05),
              ("sso_rollout", .06), ("prompt_copy_wave", .05), ("community_bot", .02), ("support_desk", .03)]
    # smallest budget for which a cohort is made at all (small test worlds); below the usual group
    # minimum a cohort is one group
    mins = {"household": 2, "office_nat": 8, "mobile_cgnat": 30, "campus": 30, "vpn_user": 20, "heavy_app": 1,
            "dev_team": 3, "browser_extension": 2, "exam_surge": 30, "sso_rollout": 40, "prompt_copy_wave": 30,
            "community_bot": 8, "support_desk": 15}
    budget = {}
    for k, f in shares:
        b = int(round(f * B))
        budget[k] = b if b >= mins[k] else 0
    casual = B - sum(budget.values())
    if casual < 0:
        sys.exit("too few accounts")
    def r_(name):
        return spawn(args.seed, name)
    if budget["household"]:
        benign_household(W, r_("household"), T, budget["household"])
    if budget["office_nat"]:
        benign_office(W, r_("office"), T, budget["office_nat"])
    if budget["mobile_cgnat"]:
        benign_cgnat(W, r_("cgnat"), T, budget["mobile_cgnat"])
    campuses = benign_campus(W, r_("campus"), T, budget["campus"]) if budget["campus"] else []
    if budget["vpn_user"]:
        benign_vpn(W, r_("vpn"), T, budget["vpn_user"])
    if budget["heavy_app"]:
        benign_heavy_app(W, r_("heavy"), T, budget["heavy_app"])
    if budget["dev_team"]:
        benign_dev_team(W, r_("dev"), T, budget["dev_team"])
    if budget["browser_extension"]:
        benign_extension(W, r_("ext"), T, budget["browser_extension"])
    if budget["exam_surge"]:
        benign_exam(W, r_("exam"), T, budget["exam_surge"], campuses)
    if budget["sso_rollout"]:
        benign_sso(W, r_("sso"), T, budget["sso_rollout"])
    if budget["prompt_copy_wave"]:
        benign_copy_wave(W, r_("wave"), T, budget["prompt_copy_wave"])
    if budget["community_bot"]:
        benign_bots(W, r_("bots"), T, budget["community_bot"])
    if budget["support_desk"]:
        benign_support_desk(W, r_("desk"), T, budget["support_desk"])
    benign_casual(W, r_("casual"), T, casual)

    # ---- rings
    bank_text = Text(ref, random.Random(424242))     # the public question set: fixed, seed-independent
    bank: list[str] = []

    seen: set[str] = set()

    def get_bank(k):        # distinct items only: slices of different accounts never share a question
        while len(bank) < k:
            u = bank_text.r.random()
            if u < .8:
                q = bank_text.question()
            elif u < .9:
                q = f"What does a {bank_text.r.choice(ref.acts).lower()} do, and which three skills matter most for the role?"
            else:
                a_, b_ = bank_text.r.sample(TOPICS, 2)
                q = f"Explain the difference between {a_} and {b_}, with one example of each."
            if q not in seen:
                seen.add(q); bank.append(q)
        return bank
    bank_state = {"get": get_bank, "next": 0}
    for i, (sz, band) in enumerate(plan):
        rid = f"R{i + 1:03d}"
        kind = "hydra_reseller" if band == "hydra" else cycle[i % len(cycle)]
        rng = spawn(args.seed, f"ring{i}")
        make_ring(W, rng, T, kind, sz, rid, bank_state)
        W.rings[-1]["band"] = band
    assert sum(1 for x in W.acc if x["is_ring"]) == R
    assert len(W.acc) == N
    return W.finish(Path(args.out), t0)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.003)
    ap.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], default="small")
    ap.add_argument("--days", type=int, default=21)
    ap.add_argument("--minimal", action="store_true")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    if args.days < 3:
        ap.error("--days must be >= 3")
    meta = build(args)
    c = meta["counts"]
    print(f"world18: {c['accounts']} accounts, {c['events']} events, {c['ring_accounts']} ring accounts in "
          f"{c['rings']} rings, {meta['generation_seconds']} s -> {args.out}")


if __name__ == "__main__":
    main()
