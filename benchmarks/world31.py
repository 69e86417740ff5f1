#!/usr/bin/env python3
"""World 31 ("Skerry"): a blind, held-out distillation-ring test world (docs/WORLD31.md).

Writes ``events.<ext>``, ``accounts.csv``, ``truth.csv`` and ``world.json`` for a fictional 2026 LLM API platform:
a realistic benign base (households, offices, carriers, campuses, apps, SaaS tenants, eval labs, agents, ...), five
new benign look-alikes (a browser extension's users, enterprise document pipelines, a MOOC, customer-support BPOs,
multi-account developers) and distillation rings, five of them new evasions (account takeover, a follow-the-sun
"shift weaver", a public-dataset streamer, a browser-extension parasite, MOOC stowaways).

Standalone: numpy, pandas and pyarrow only. Reads the real reference data in ``$GRAPHHUNT_SHARED_DATA`` (default
/work/shared/data): prompts, promptsource templates, the pyasn table, VPN/datacenter/cloud ranges and Tor exits.

    python benchmarks/world31.py --out DIR --n-accounts 20000 --seed 1 --world small [--days 28] [--minimal]
                                 [--format parquet|csv|jsonl] [--quiet]
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import ipaddress
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

START = pd.Timestamp("2026-02-02T00:00:00Z")          # a Monday; no clock change in any region before 2026-03-08
PLANS = ["free", "build", "pro", "scale", "enterprise"]
DAILY = {"free": 50, "build": 1000, "pro": 6000, "scale": 30000, "enterprise": 150000}
MINUTE = {"free": 5, "build": 40, "pro": 120, "scale": 400, "enterprise": 1500}
MODELS = ["sk-3", "sk-3-mini", "sk-3-think", "sk-3-code", "sk-3.5"]
RELEASE_DAY = 12                                      # sk-3.5 from 2026-02-14 00:00 UTC
DAY_S = 86400

# region, country, UTC offset (minutes), residential ASNs, mobile ASN, academic ASNs, weight, mobile IPv6 /32
REGIONS = [
    ("us_east", "US", -300, (7922, 7018, 701), 22394, (3, 9), 14, "2600:1001"),
    ("us_west", "US", -480, (7922, 7018), 21928, (32, 25), 9, "2607:fb90"),
    ("canada", "CA", -300, (812,), 812, (), 3, ""),
    ("mexico", "MX", -360, (8151,), 8151, (), 2, ""),
    ("brazil", "BR", -180, (28573, 26599, 18881), 26599, (), 5, ""),
    ("colombia", "CO", -300, (10620,), 10620, (), 1, ""),
    ("uk", "GB", 0, (2856, 5089, 5607), 2856, (786,), 6, ""),
    ("germany", "DE", 60, (3320,), 3209, (680,), 5, ""),
    ("france", "FR", 60, (3215, 12322), 3215, (2200,), 4, ""),
    ("spain", "ES", 60, (3352,), 3352, (), 2, ""),
    ("poland", "PL", 60, (5617,), 5617, (), 2, ""),
    ("nigeria", "NG", 60, (29465, 36873), 29465, (), 2, ""),
    ("india", "IN", 330, (9498, 9829), 45609, (), 10, "2409:4040"),
    ("indonesia", "ID", 420, (7713,), 23693, (), 3, ""),
    ("vietnam", "VN", 420, (7552,), 7552, (), 2, ""),
    ("philippines", "PH", 480, (9299,), 132199, (), 3, ""),
    ("japan", "JP", 540, (4713, 2516, 17676), 2516, (2501, 2907), 5, ""),
    ("korea", "KR", 540, (4766,), 4766, (), 3, ""),
    ("australia", "AU", 660, (1221, 4804), 1221, (), 2, ""),
]
RI = {r[0]: i for i, r in enumerate(REGIONS)}
REG_W = np.array([r[6] for r in REGIONS], float) / sum(r[6] for r in REGIONS)
TZ = np.array([r[2] for r in REGIONS])
LOCAL_SHARDS = {"us_west", "brazil", "uk", "germany", "india", "japan", "australia", "mexico", "philippines"}
UNI_DOMAIN = {3: "mit.edu", 9: "cmu.edu", 32: "stanford.edu", 25: "berkeley.edu", 786: "ucl.ac.uk",
              680: "tum.de", 2200: "univ-lyon1.fr", 2501: "u-tokyo.ac.jp", 2907: "kyoto-u.ac.jp"}
CONSUMER = ["gmail.com"] * 8 + ["outlook.com"] * 3 + ["yahoo.com", "icloud.com", "hotmail.com", "proton.me"]
LOCAL_MAIL = {"GB": ["btinternet.com"], "DE": ["gmx.de", "web.de"], "FR": ["orange.fr", "free.fr"], "JP": ["yahoo.co.jp"],
              "KR": ["naver.com"], "BR": ["uol.com.br", "bol.com.br"], "IN": ["rediffmail.com"], "PL": ["wp.pl"],
              "MX": ["prodigy.net.mx"]}
DISPOSABLE = ["mailinator.com", "guerrillamail.com", "10minutemail.net", "yopmail.com", "dropmail.me",
              "sharklasers.com", "tempmail.dev"]
CHEAP_TLD = ["shop", "xyz", "top", "online", "site", "store", "icu"]
WORDS = ("amber anchor apex arbor aspen atlas beacon birch bolt brook cedar cinder clover coast comet coral crest delta "
         "drift ember fern fjord flint forge gale garnet glade granite harbor hazel heron indigo iris juniper kestrel "
         "lagoon larch lumen maple marble meadow mesa nimbus north oak onyx orbit osprey pebble pine prairie quartz "
         "quill raven reef ridge river sable sage sierra slate sparrow spruce summit tide timber topaz tundra vale "
         "vertex willow wren yarrow zephyr").split()
CORP = ["labs", "health", "logistics", "capital", "systems", "analytics", "works", "legal", "bank", "retail", "media",
        "energy", "insure", "freight", "clinic", "foods", "mobility", "security"]
UA_SDK = [("skerry-python/{}", ["2.3.4", "2.4.0"]), ("skerry-node/{}", ["3.0.2", "3.1.0"]),
          ("openai-python/{}", ["1.61.0", "1.63.2"]), ("python-requests/{}", ["2.32.3", "2.32.3"]),
          ("python-httpx/{}", ["0.27.2", "0.28.1"]), ("axios/{}", ["1.7.9", "1.8.1"]), ("curl/{}", ["8.5.0", "8.11.1"]),
          ("Go-http-client/{}", ["2.0", "2.0"]), ("okhttp/{}", ["4.12.0", "4.12.0"]),
          ("langchain-skerry/{} skerry-python/2.4.0", ["0.3.1", "0.3.4"]),
          ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{} Safari/537.36",
           ["132.0.0.0", "133.0.0.0"]),
          ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{} "
           "Safari/605.1.15", ["18.2", "18.3"])]
EXT = {  # two popular browser extensions (bring-your-own-key): their fixed wrapper prompts and user agents
    "pagepilot": ("PagePilot/5.3.1 (chrome-extension; +https://pagepilot.example)",
                  ["You are PagePilot, a browsing assistant. Summarize the following web page for the user in five "
                   "short bullet points, plain language, under 120 words. Do not add facts that are not on the page."
                   "\n\nPAGE TITLE: {t}\nPAGE TEXT:\n{x}",
                   "You are PagePilot, a browsing assistant. The user selected the text below on a web page and asked "
                   "you to explain it simply. Answer in at most three sentences.\n\nSELECTION:\n{x}",
                   "You are PagePilot, a browsing assistant. Draft a polite reply to the e-mail shown below. Match the "
                   "sender's language and keep it short.\n\nE-MAIL:\n{x}"]),
    "quillbar": ("Quillbar/2.8.0 (Edge Add-on; BYOK)",
                 ["Improve the writing of the selected text. Keep the meaning and the language. Fix grammar and "
                  "clarity. Return only the improved text.\n\nSelected text: {x}",
                  "Make the selected text more concise (about half the length). Return only the rewritten text."
                  "\n\nSelected text: {x}"]),
}
COT = ["Think step by step and show your full reasoning before the final answer.",
       "Explain your reasoning in detail, then give the final answer on the last line.",
       "Before answering, write out every intermediate step of your chain of thought.",
       "Reason carefully through each step; include all of your thinking, not just the conclusion.",
       "Show all intermediate steps and the rationale for each, then state the answer.",
       "Let's work this out in a step by step way to be sure we have the right answer."]
HARVEST_PREFIX = ["", "", "Q: ", "Task: ", "Please solve the following.\n", "Answer the question below.\n",
                  "Here is a problem for you.\n", "Help me with this one:\n", "Input:\n", "Consider the following.\n"]
CAPABILITIES = {  # narrow capability targets: promptsource dataset groups
    "math": ["math_qa", "aqua_rat", "math_dataset", "numer_sense"],
    "code": ["code_x_glue_tc_text_to_code", "openai_humaneval", "great_code", "neural_code_search"],
    "science": ["ai2_arc", "sciq", "openbookqa", "qasc", "pubmed_qa", "head_qa"],
    "reading": ["squad", "adversarial_qa", "quoref", "ropes", "duorc", "drop", "race", "quail"],
    "commonsense": ["commonsense_qa", "cos_e", "piqa", "social_i_qa", "hellaswag", "winogrande", "swag", "codah"],
    "summarize": ["cnn_dailymail", "xsum", "samsum", "multi_news", "gigaword", "billsum", "scitldr"],
    "nli": ["anli", "super_glue", "glue", "esnli", "snli", "multi_nli", "hans"],
}
BENCH = ["ai2_arc", "hellaswag", "piqa", "winogrande", "openbookqa", "commonsense_qa", "super_glue", "race",
         "math_qa", "trivia_qa", "squad_v2", "openai_humaneval"]


# ---------------------------------------------------------------- reference data

def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _unq(s: str) -> str:
    """A YAML double-quoted scalar's escapes decoded."""
    def rep(m):
        c = m.group(1)
        if c[0] in "xuU":
            return chr(int(c[1:], 16))
        return {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " ", "r": "", "0": "", "e": "",
                "_": "\u00a0", "N": "\u0085", "L": "\u2028", "P": "\u2029", "b": "", "a": "", "v": "", "f": ""}.get(c, c)
    return re.sub(r'\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)', rep, s)


def _yaml_scalar(lines: list[str], i: int, first: str) -> tuple[str, int]:
    """The ``jinja:`` scalar starting at line ``i`` (its text after the key is ``first``); returns (value, next line)."""
    if first.startswith('"'):
        body, j = [first[1:]], i + 1
        while not re.search(r'(?<!\\)(\\\\)*"\s*$', body[-1]) and j < len(lines):
            body.append(lines[j].strip())
            j += 1
        body[-1] = re.sub(r'"\s*$', "", body[-1])
        out = ""
        for k, b in enumerate(body):
            if k == 0:
                out = b
            elif out.endswith("\\") and not out.endswith("\\\\"):
                out = out[:-1] + b
            elif b == "":
                out += "\n"
            else:
                out += ("" if out.endswith("\n") else " ") + b
        return _unq(out), j
    if first.startswith("'"):
        body, j = [first[1:]], i + 1
        while not re.search(r"(?<!')('')*'\s*$", body[-1]) and j < len(lines):
            body.append(lines[j].strip())
            j += 1
        body[-1] = re.sub(r"'\s*$", "", body[-1])
        out = ""
        for k, b in enumerate(body):
            out = b if k == 0 else out + ("\n" if b == "" else ("" if out.endswith("\n") else " ") + b)
        return out.replace("''", "'"), j
    body, j = [first], i + 1
    while j < len(lines) and (lines[j].startswith("      ") or lines[j].strip() == ""):
        body.append(lines[j].strip())
        j += 1
    return " ".join(b for b in body if b), j


def load_templates(root: Path) -> list[tuple[str, list[str]]]:
    """Every promptsource template as (dataset, static parts around its slots): the prompt side (before ``|||``),
    jinja control tags dropped, string literals and answer-choice lists kept, other expressions made slots."""
    out = []
    for f in sorted(root.rglob("templates.yaml")):
        ds = f.relative_to(root).parts[0]
        lines = f.read_text(encoding="utf-8").split("\n")
        choices = ""
        i = 0
        while i < len(lines):
            m = re.match(r"^\s+answer_choices:\s?(.*)$", lines[i])
            if m:
                choices = m.group(1).strip().strip("'\"")
                choices = "" if choices in ("null", "") else choices
            m = re.match(r"^\s+jinja:\s?(.*)$", lines[i])
            if not m:
                i += 1
                continue
            val, i = _yaml_scalar(lines, i, m.group(1))
            val = val.split("|||")[0]
            val = re.sub(r"\{%-?.*?-?%\}", "", val, flags=re.S)
            val = re.sub(r"\{#.*?#\}", "", val, flags=re.S)
            parts, pos = [], 0
            static = ""
            for e in re.finditer(r"\{\{(.*?)\}\}", val, flags=re.S):
                static += val[pos:e.start()]
                pos = e.end()
                expr = e.group(1).strip()
                lit = re.fullmatch(r"""(["'])(.*?)\1""", expr, flags=re.S)
                if lit:
                    static += lit.group(2)
                elif "answer_choices" in expr and choices and "[" not in expr:
                    static += ", ".join(c.strip() for c in choices.split("|||") if c.strip() and "{" not in c)
                elif "answer_choices" in expr:
                    static += ""
                else:
                    parts.append(static)
                    static = ""
            parts.append(static)
            text = "".join(parts)
            if len(parts) >= 2 and 10 <= len(text) <= 1500 and "{{" not in text and "}}" not in text \
                    and "{%" not in text:
                out.append((ds, [re.sub(r"[ \t]+\n", "\n", p) for p in parts]))
    return out


class Ref:
    """The shared reference data this generator reads, and the sha256 of every file read."""

    def __init__(self, data: Path):
        self.data = data
        self.files: dict[str, str] = {}
        aw = data / "prompts" / "awesome-chatgpt-prompts.csv"
        self._note(aw)
        df = pd.read_csv(aw, dtype=str, keep_default_na=False)
        self.awesome = np.array([p[:1200] for p in df["prompt"] if len(p) >= 40 and not re.search(r"\{\{|\}\}|\{%|%\}", p)],
                                dtype=object)
        sents = set()
        for p in df["prompt"]:
            for s in re.split(r"(?<=[.!?])\s+|\n+", p):
                s = s.strip()
                if 25 <= len(s) <= 220 and re.fullmatch(r"[A-Z][A-Za-z0-9 ,;:'()\-\u2019]+[.!?]", s) \
                        and len(s.split()) >= 5:
                    sents.add(s)
        self.sent = np.array(sorted(sents), dtype=object)
        troot = data / "prompts" / "promptsource-templates"
        for f in sorted(troot.rglob("templates.yaml")):
            self._note(f)
        self.templates = load_templates(troot)
        self.tpl_ds = np.array([t[0] for t in self.templates], dtype=object)
        ipdir = data / "ip"
        self.asn_prefixes = self._pyasn(ipdir / "pyasn" / "ipasn_20140513.dat.gz")
        self._note(ipdir / "pyasn" / "asnames.json.gz")
        self.vpn = self._cidrs(ipdir / "vpn" / "x4b_vpn_ipv4.txt")
        self.dc = self._cidrs(ipdir / "vpn" / "x4b_datacenter_ipv4.txt")
        self.cloud = {p.parent.name: self._cidrs(p) for p in sorted((ipdir / "cloud").glob("*/ipv4_merged.txt"))}
        tor = ipdir / "tor" / "tor-exit-nodes.lst"
        self._note(tor)
        self.tor = sorted({ln.strip() for ln in tor.read_text().split("\n")
                           if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", ln.strip())})

    def _note(self, p: Path):
        self.files[str(p.relative_to(self.data))] = _sha(p)

    def _cidrs(self, p: Path) -> tuple[np.ndarray, np.ndarray]:
        self._note(p)
        nets, sizes = [], []
        for ln in p.read_text().split("\n"):
            ln = ln.split("#")[0].strip()
            if not ln or ":" in ln:
                continue
            try:
                n = ipaddress.ip_network(ln, strict=False)
            except ValueError:
                continue
            nets.append(int(n.network_address))
            sizes.append(n.num_addresses)
        return np.array(nets, np.int64), np.array(sizes, np.int64)

    def _pyasn(self, p: Path) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        self._note(p)
        want = {a for r in REGIONS for a in (*r[3], r[4], *r[5])}
        acc: dict[int, tuple[list, list]] = {a: ([], []) for a in want}
        with gzip.open(p, "rt") as fh:
            for ln in fh:
                if ln[0] == ";":
                    continue
                pre, asn = ln.split()
                a = int(asn)
                if a in acc:
                    net, ln_ = pre.split("/")
                    acc[a][0].append(int(ipaddress.IPv4Address(net)))
                    acc[a][1].append(2 ** (32 - int(ln_)))
        return {a: (np.array(v[0], np.int64), np.array(v[1], np.int64)) for a, v in sorted(acc.items()) if v[0]}


def _v4(a: int) -> str:
    return f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}"


def draw_addresses(rng, nets: np.ndarray, sizes: np.ndarray, n: int) -> list[str]:
    """``n`` distinct public IPv4 addresses inside the given prefixes (weighted by size, capped)."""
    w = np.minimum(sizes, 65536).astype(float)
    w /= w.sum()
    out: list[str] = []
    seen = set()
    tries = 0
    while len(out) < n and tries < 50:
        tries += 1
        k = max(2 * (n - len(out)), 8)
        pi = rng.choice(len(nets), size=k, p=w)
        sz = sizes[pi]
        off = np.where(sz >= 4, 1 + (rng.random(k) * np.maximum(sz - 2, 1)).astype(np.int64), 0)
        for a in (nets[pi] + off).tolist():
            if a in seen or (a & 255) in (0, 255):
                continue
            s = _v4(a)
            ip = ipaddress.IPv4Address(a)
            if not ip.is_global or ip.is_multicast or ip.is_reserved:
                continue
            seen.add(a)
            out.append(s)
            if len(out) == n:
                break
    return out


# ---------------------------------------------------------------- text

class Text:
    def __init__(self, ref: Ref):
        self.S = ref.sent
        self.L = len(self.S)
        self.aw = ref.awesome
        self.parts = [t[1] for t in ref.templates]
        self.ds = ref.tpl_ds
        self.by_ds: dict[str, np.ndarray] = {}
        for i, d in enumerate(self.ds):
            self.by_ds.setdefault(d, []).append(i)
        self.by_ds = {k: np.array(v) for k, v in self.by_ds.items()}

    def tids(self, datasets: list[str]) -> np.ndarray:
        return np.concatenate([self.by_ds[d] for d in datasets if d in self.by_ds])

    def sents(self, rng, n: int, k_max: int = 2) -> list[str]:
        k = rng.integers(1, k_max + 1, n)
        idx = rng.integers(0, self.L, (n, k_max))
        S = self.S
        return [" ".join(S[idx[i, :k[i]]]) for i in range(n)]

    def chat(self, rng, n: int, p_awesome: float = .15) -> list[str]:
        stems = ["", "", "", "Can you help me rewrite this: ", "Explain in simple terms: ", "tl;dr please:\n",
                 "Give me honest feedback on this paragraph:\n", "Translate into Spanish: ", "What does this mean? ",
                 "Write a short, friendly reply about this: ", "make this sound more professional: ",
                 "Is this correct? ", "Turn this into a tweet: ", "Summarize in one sentence: ", "fix grammar: ",
                 "Continue the story: ", "I need ideas based on this: "]
        tails = ["", "", "", "", " Thanks!", " thx", " Keep it short.", " Use bullet points.", " (for my blog)",
                 " Answer in French.", " Be concise please.", " asap", " Use simple words."]
        body = self.sents(rng, n, 3)
        st = rng.integers(0, len(stems), n)
        ta = rng.integers(0, len(tails), n)
        aw = rng.random(n) < p_awesome
        awi = rng.integers(0, len(self.aw), n)
        return [self.aw[awi[i]] if aw[i] else stems[st[i]] + body[i] + tails[ta[i]] for i in range(n)]

    def code(self, rng, n: int) -> list[str]:
        langs = ["Python", "TypeScript", "Go", "Rust", "Java", "SQL", "Bash", "C#", "Kotlin"]
        asks = ["Why does this {l} code fail with a null error?", "Refactor this {l} function for readability:",
                "Write unit tests for this {l} code:", "Explain what this {l} snippet does:",
                "Convert this {l} code to async:", "Add type hints and docstrings to this {l} code:",
                "Find the bug in this {l} function:", "Optimize this {l} loop, it is too slow:"]
        nouns = ["order", "user", "invoice", "token", "cart", "event", "row", "record", "payload", "session", "item"]
        verbs = ["parse", "load", "merge", "sync", "fetch", "validate", "render", "build", "update", "filter"]
        r = rng.integers(0, 10 ** 6, (n, 6))
        out = []
        for i in range(n):
            a = r[i]
            l_ = langs[a[0] % len(langs)]
            v, o, o2 = verbs[a[1] % 10], nouns[a[2] % 11], nouns[a[3] % 11]
            body = (f"def {v}_{o}({o2}s, limit={a[4] % 500}):\n    out = []\n    for {o2} in {o2}s:\n"
                    f"        if {o2}.get('{o}_id') == {a[5] % 9973}:\n            out.append({v}({o2}))\n"
                    f"    return out[:limit]")
            out.append(asks[a[4] % len(asks)].format(l=l_) + "\n\n" + body)
        return out

    def render(self, rng, tids: np.ndarray, starts: np.ndarray | None = None) -> list[str]:
        """Templates ``tids`` filled with sentences: random, or from a deterministic item ``starts`` (the same item
        renders the same text)."""
        n = len(tids)
        if starts is None:
            starts = rng.integers(0, self.L, n)
        S, L, P = self.S, self.L, self.parts
        out = []
        for i in range(n):
            parts = P[tids[i]]
            s0 = int(starts[i])
            txt = parts[0]
            for j in range(1, len(parts)):
                txt += S[(s0 + j * 7919) % L] + parts[j]
            out.append(txt.strip())
        return out


# ---------------------------------------------------------------- profiles (local hour weights, Mon..Sun weights)

_ev = [.25, .15, .08, .05, .04, .06, .15, .3, .45, .55, .6, .65, .7, .65, .6, .65, .75, .9, 1.2, 1.5, 1.7, 1.6, 1.2, .6]
_wk = [.02, .01, .01, .01, .02, .05, .15, .5, 1.2, 1.6, 1.7, 1.5, 1.0, 1.3, 1.6, 1.6, 1.4, 1.0, .5, .3, .25, .2, .1, .05]
_st = [.6, .4, .2, .08, .04, .03, .05, .1, .3, .6, .9, 1., 1., 1.1, 1.2, 1.2, 1.1, 1., 1., 1.1, 1.3, 1.4, 1.2, .9]
_app = [.45, .35, .3, .28, .3, .4, .6, .85, 1.1, 1.25, 1.3, 1.3, 1.3, 1.3, 1.3, 1.25, 1.2, 1.15, 1.1, 1.05, 1, .9, .75,
        .6]
PROFILES = {
    "evening": (_ev, [1, 1, 1, 1, 1.05, 1.35, 1.3]),
    "work": (_wk, [1, 1.05, 1.05, 1, .9, .12, .08]),
    "dev": (list(.6 * np.array(_wk) + .4 * np.array(_ev)), [1, 1, 1, 1, .9, .6, .55]),
    "student": (_st, [1.05, 1.05, 1, 1, .8, .6, 1.2]),
    "app": (_app, [1, 1, 1, 1, 1, .85, .85]),
    "flat": ([1] * 24, [1] * 7),
    "night_batch": ([0, 1, 1, 1, 1, 1] + [0] * 18, [1, 1, 1, 1, 1, .1, .1]),
    "bpo_night": ([1] * 7 + [.3] + [0] * 12 + [.8] * 4, [.6, 1, 1, 1, 1, 1, .25]),
    "class": ([0] * 8 + [1] * 7 + [.2] + [0] * 8, [1, 1, 1, 1, 1, 0, 0]),
    "ring_night": ([1] * 7 + [.2] + [0] * 15 + [.2], [1] * 7),
}
PROF_ID = {k: i for i, k in enumerate(PROFILES)}
# public holidays inside the window: (region, local day index, factor)
HOLIDAYS = [(r, d, .35) for r in ("vietnam",) for d in range(14, 19)] + \
           [(r, d, .45) for r in ("korea",) for d in range(14, 17)] + \
           [("us_east", 14, .6), ("us_west", 14, .6), ("brazil", 14, .5), ("brazil", 15, .4), ("brazil", 16, .6),
            ("japan", 9, .6), ("japan", 21, .6), ("indonesia", 15, .5), ("philippines", 23, .7)]


# ---------------------------------------------------------------- the world

class Pools:
    """Shared value pools (addresses, API keys): an account or event draws from a pool by id."""

    def __init__(self):
        self.vals: list[np.ndarray] = []
        self._csr = None

    def add(self, idx) -> int:
        self.vals.append(np.asarray(idx, np.int64))
        self._csr = None
        return len(self.vals) - 1

    def pick(self, rng, pid: np.ndarray, day: np.ndarray | None = None, mode: str = "rand", D: int = 28,
             shift: np.ndarray | None = None) -> np.ndarray:
        if self._csr is None:
            ln = np.array([len(v) for v in self.vals], np.int64)
            self._csr = (np.concatenate(self.vals), np.concatenate([[0], np.cumsum(ln)[:-1]]), ln)
        vals, off, ln = self._csr
        L = ln[pid]
        if mode == "seg":           # a dynamic lease: the pool's addresses in turn across the window
            i = np.minimum((np.clip(day, 0, D - 1) * L) // D, L - 1)
        elif mode == "week":        # rotation: the next key every week
            i = (day // 7 + (0 if shift is None else shift)) % L
        else:
            i = (rng.random(len(pid)) * L).astype(np.int64)
        return vals[off[pid] + i]


class World:
    def __init__(self, args, ref: Ref):
        self.args = args
        self.N, self.D, self.seed = args.n_accounts, args.days, args.seed
        self.ref = ref
        self.T = Text(ref)
        self.ips: list[str] = []
        self.ip_pools = Pools()
        self.keys: list[str] = []
        self.key_pools = Pools()
        self.uas: list[str] = []
        self._ua_id: dict[str, int] = {}
        self.acc: dict[str, list] = {k: [] for k in (
            "cohort", "group", "ring", "role", "soph", "tier", "region", "created", "pay", "email", "org",
            "ipA", "ipB", "pB", "ipC", "pC", "ua0", "ua1", "uaday", "keys", "keymode", "pref_model")}
        self.n = 0
        self.blocks: list[dict] = []
        self.rings: list[dict] = []
        self.calendar: dict = {}
        self._cache: dict = {}
        self.ring_seq = 0
        self.hex_seen: set[str] = set()
        self._hexrng = self.rng(99)
        self._mkpools()

    def rng(self, k: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, 31, k])

    def hexid(self, prefix: str, n: int) -> str:
        while True:
            s = prefix + "".join("0123456789abcdef"[x] for x in self._hexrng.integers(0, 16, n))
            if s not in self.hex_seen:
                self.hex_seen.add(s)
                return s

    def ua(self, s: str) -> int:
        if s not in self._ua_id:
            self._ua_id[s] = len(self.uas)
            self.uas.append(s)
        return self._ua_id[s]

    def add_ips(self, strs: list[str]) -> np.ndarray:
        i0 = len(self.ips)
        self.ips.extend(strs)
        return np.arange(i0, len(self.ips))

    def pool(self, strs: list[str]) -> int:
        return self.ip_pools.add(self.add_ips(strs))

    # -- address sources
    def _mkpools(self):
        r = self.rng(1)
        R = self.ref
        self.resi_cidrs = {}
        for i, reg in enumerate(REGIONS):
            nets = [R.asn_prefixes[a] for a in reg[3] if a in R.asn_prefixes]
            self.resi_cidrs[i] = (np.concatenate([x[0] for x in nets]), np.concatenate([x[1] for x in nets]))
        # carrier-grade NAT: a region's mobile users share a few hundred carrier addresses
        self.cgnat = {}
        for i, reg in enumerate(REGIONS):
            nets, sizes = R.asn_prefixes[reg[4]]
            self.cgnat[i] = self.pool(draw_addresses(r, nets, sizes, int(40 + 300 * reg[6] / 14)))
        cl = {k: v for k, v in R.cloud.items() if k in ("amazon", "google", "microsoft", "oracle", "digitalocean",
                                                              "linode")}
        self.cloud_names = sorted(cl)
        self.cloud_cidrs = cl
        # commercial VPN providers: exit pools shared by their unrelated customers
        self.vpn_pools = [self.pool(draw_addresses(r, *R.vpn, 120)) for _ in range(6)]
        self.tor_pool = self.pool(list(R.tor))
        # residential proxy network that rings rent (real home addresses in every region)
        self.resi_proxy = {}
        for i in range(len(REGIONS)):
            self.resi_proxy[i] = self.add_ips(draw_addresses(r, *self.resi_cidrs[i], int(300 + 3000 * REG_W[i])))

    def home_pool(self, rng, region: int, k: int) -> int:
        return self.pool(draw_addresses(rng, *self.resi_cidrs[region], k))

    def cloud_pool(self, rng, k: int, provider: str | None = None) -> int:
        prov = provider or self.cloud_names[rng.integers(len(self.cloud_names))]
        return self.pool(draw_addresses(rng, *self.cloud_cidrs[prov], k))

    def dc_pool(self, rng, k: int) -> int:
        return self.pool(draw_addresses(rng, *self.ref.dc, k))

    def proxy_slice(self, rng, regions: list[int], k: int) -> int:
        """``k`` rented residential-proxy exits in ``regions``."""
        src = np.concatenate([self.resi_proxy[i] for i in regions])
        return self.ip_pools.add(rng.choice(src, size=min(k, len(src)), replace=False))

    def v6_daily_pool(self, rng, prefix: str) -> int:
        """A mobile IPv6 subscriber: a new privacy address every day (the carrier's real /32)."""
        a = rng.integers(0, 65536, (self.D, 6))
        return self.pool([f"{prefix}:{x[0]:x}:{x[1]:x}:{x[2]:x}:{x[3]:x}:{x[4]:x}:{x[5]:x}" for x in a])

    def key_pool(self, k: int) -> int:
        i0 = len(self.keys)
        self.keys.extend(self.hexid("sk_", 20) for _ in range(k))
        return self.key_pools.add(np.arange(i0, i0 + k))

    # -- accounts
    def add_accounts(self, n: int, **kw) -> np.ndarray:
        """Append ``n`` accounts; every field a scalar or an array/list of ``n``."""
        defaults = dict(group="", ring="", role="", soph="", org="", ipB=-1, pB=0., ipC=-1, pC=0., uaday=10 ** 6,
                        keymode="week", pref_model=0, pay="")
        for k in self.acc:
            v = kw.get(k, defaults.get(k))
            if v is None:
                raise KeyError(k)
            if isinstance(v, (list, np.ndarray)):
                assert len(v) == n, k
                self.acc[k].extend(list(v))
            else:
                self.acc[k].extend([v] * n)
        self._cache.clear()
        idx = np.arange(self.n, self.n + n)
        self.n += n
        return idx

    def A(self, k: str) -> np.ndarray:
        if k not in self._cache:
            self._cache[k] = np.array(self.acc[k])
        return self._cache[k]

    def regions(self, rng, n: int, w=None) -> np.ndarray:
        return rng.choice(len(REGIONS), size=n, p=REG_W if w is None else w)

    def created(self, rng, n: int, p_new: float = .1, scale_days: float = 300) -> np.ndarray:
        """Sign-up times (seconds from the window start): most before the window, some inside it."""
        old = -np.minimum(rng.exponential(scale_days, n), 1400) * DAY_S - rng.random(n) * DAY_S
        new = rng.random(n) * (self.D - 1) * DAY_S
        return np.where(rng.random(n) < p_new, new, old).astype(np.int64)

    def emails(self, rng, regions: np.ndarray, p_consumer: float = 1.0, org_domains=None) -> list[str]:
        out = []
        u = rng.random(len(regions))
        for i, r in enumerate(regions):
            if org_domains is not None and u[i] >= p_consumer:
                out.append(org_domains[i])
                continue
            loc = LOCAL_MAIL.get(REGIONS[r][1], [])
            pool = CONSUMER + loc * 3
            out.append(pool[rng.integers(len(pool))])
        return out

    def org_domain(self, rng) -> str:
        return f"{WORDS[rng.integers(len(WORDS))]}{CORP[rng.integers(len(CORP))]}.{['com', 'io', 'co', 'net'][rng.integers(4)]}"

    def sdk_uas(self, rng, n: int, browser_share: float = .15) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per account an old and a new version of one client, and the day it upgrades (most never do)."""
        fam = rng.integers(0, len(UA_SDK), n)
        br = rng.random(n) < browser_share
        fam = np.where(br, rng.integers(len(UA_SDK) - 2, len(UA_SDK), n), fam)
        u0 = np.array([self.ua(UA_SDK[f][0].format(UA_SDK[f][1][0])) for f in fam])
        u1 = np.array([self.ua(UA_SDK[f][0].format(UA_SDK[f][1][1])) for f in fam])
        day = np.where(rng.random(n) < .35, rng.integers(1, self.D, n), 10 ** 6)
        return u0, u1, day

    def cards(self, n: int) -> list[str]:
        return [self.hexid("pm_", 14) for _ in range(n)]

    def invoice(self) -> str:
        return self.hexid("ba_", 10)

    # -- events
    def schedule(self, rng, idx: np.ndarray, lam, p_act, prof, lo=None, hi=None, sess_mean: float = 6.,
                 gap_s: float = 50., tz=None, day_w: np.ndarray | None = None) -> dict:
        """Requests of accounts ``idx``: per local day a Poisson count (mean ``lam`` x weekday weight x day noise,
        on a ``p_act`` share of days, inside [lo, hi)), grouped into sessions that start at a profile hour."""
        k = len(idx)
        D = self.D
        days = np.arange(-1, D + 1)
        nd = len(days)
        lam = np.broadcast_to(np.asarray(lam, float), (k,))
        p_act = np.broadcast_to(np.asarray(p_act, float), (k,))
        prof = np.broadcast_to(np.asarray(prof), (k,))
        reg = self.A("region")[idx]
        tz = TZ[reg] if tz is None else np.broadcast_to(np.asarray(tz), (k,))
        created_day = np.floor_divide(self.A("created")[idx] + tz * 60, DAY_S)
        lo = np.maximum(created_day, -1 if lo is None else lo)
        hi = np.full(k, D + 1) if hi is None else np.broadcast_to(np.asarray(hi), (k,))
        wk = np.stack([np.array(PROFILES[p][1], float) for p in PROFILES])
        week = wk[np.array([PROF_ID[p] for p in prof]) if prof.dtype.kind in "UO" else prof][:, days % 7]
        hol = np.ones((len(REGIONS), nd))
        for r, d, f in HOLIDAYS:
            if -1 <= d <= D:
                hol[RI[r], d + 1] = f
        mean = lam[:, None] * week * hol[reg] * rng.lognormal(-.08, .4, (k, nd))
        mean *= rng.random((k, nd)) < p_act[:, None]
        mean *= (days[None, :] >= lo[:, None]) & (days[None, :] < hi[:, None])
        if day_w is not None:
            mean *= day_w
        cnt = rng.poisson(mean).ravel()
        cell = np.nonzero(cnt)[0]
        c = cnt[cell]
        s = np.minimum(1 + rng.poisson((c - 1) / sess_mean), c)
        sc = np.repeat(cell, s)
        sa, sd = sc // nd, days[sc % nd]
        pid = np.array([PROF_ID[p] for p in prof]) if prof.dtype.kind in "UO" else prof
        sp = pid[sa]
        hour = np.zeros(len(sc), np.int64)
        hw = [np.array(PROFILES[p][0], float) for p in PROFILES]
        u = rng.random(len(sc))
        for p in np.unique(sp):
            m = sp == p
            cdf = np.cumsum(hw[p]) / hw[p].sum()
            hour[m] = np.minimum(np.searchsorted(cdf, u[m], side="right"), 23)
        start = sd * DAY_S + hour * 3600 + rng.random(len(sc)) * 3600 - tz[sa] * 60
        per = np.repeat(c / s, s)
        slen = np.minimum(per * gap_s * rng.lognormal(0, .5, len(sc)), 6 * 3600)
        ec = np.repeat(np.arange(len(cell)), c)
        first = np.repeat(np.cumsum(s) - s, c)
        es = first + (rng.random(len(ec)) * np.repeat(s, c)).astype(np.int64)
        t = start[es] + rng.random(len(ec)) * slen[es]
        a = idx[cell[ec] // nd]
        keep = (t >= 0) & (t < D * DAY_S) & (t >= self.A("created")[a])
        return {"acc": a[keep], "t": t[keep]}

    def emit(self, ev: dict, prompts: list[str], model: np.ndarray, tok: np.ndarray, op=False, ip=None, ua=None,
             key=None, kind: str = ""):
        a, t = ev["acc"], ev["t"]
        n = len(a)
        assert len(prompts) == n == len(model) == len(tok)
        rng = self.rng(1000 + len(self.blocks))
        day = (t // DAY_S).astype(np.int64)
        if ip is None:
            ip = self.ip_pools.pick(rng, self.A("ipA")[a], day, "seg", self.D)
            for pk, pp in (("ipB", "pB"), ("ipC", "pC")):
                pools, p = self.A(pk)[a], self.A(pp)[a]
                m = (pools >= 0) & (rng.random(n) < p)
                if m.any():
                    ip[m] = self.ip_pools.pick(rng, pools[m])
        if ua is None:
            ua = np.where(day >= self.A("uaday")[a], self.A("ua1")[a], self.A("ua0")[a])
        if key is None:
            kp, km = self.A("keys")[a], self.A("keymode")[a]
            key = np.empty(n, np.int64)
            w = km == "week"
            key[w] = self.key_pools.pick(rng, kp[w], day[w], "week", shift=a[w] % 3)
            key[~w] = self.key_pools.pick(rng, kp[~w])
        model = np.asarray(model, np.int64).copy()
        # the new model: after its release, a share of the flagship's traffic moves to it
        rel = (day >= RELEASE_DAY) & (model == 0) & (rng.random(n) < .45)
        model[rel] = 4
        mf = np.array([1., .75, 2.6, 1.2, 1.1])[model]
        tokens = np.clip(np.round(tok * mf * rng.lognormal(0, .6, n)), 1, 16384).astype(np.int64)
        self.blocks.append({"acc": a.astype(np.int64), "t": t, "prompt": pa.array(prompts, pa.large_string()),
                            "model": model, "tok": tokens, "ip": np.asarray(ip, np.int64),
                            "ua": np.asarray(ua, np.int64), "key": np.asarray(key, np.int64),
                            "op": np.broadcast_to(np.asarray(op, bool), (n,)).copy(), "kind": kind})

    def models(self, rng, a: np.ndarray, mix) -> np.ndarray:
        """Each account mostly on its preferred model, else the cohort's mix."""
        mix = np.asarray(mix, float) / np.sum(mix)
        m = rng.choice(5, size=len(a), p=mix)
        pref = rng.random(len(a)) < .55
        m[pref] = self.A("pref_model")[a][pref]
        return m

    def pref_models(self, rng, n: int, mix) -> np.ndarray:
        mix = np.asarray(mix, float) / np.sum(mix)
        return rng.choice(5, size=n, p=mix)


# ---------------------------------------------------------------- benign cohorts

CHAT_MIX = [.45, .3, .1, .15, 0]


def _solo(W: World, rng, n: int, cohort: str, tiers, tier_p, prof: str, lam_med: float, lam_sig: float, p_a, p_b,
          mobile: float = .15, content=("chat",), role="", group="", vpn: float = 0.) -> np.ndarray:
    reg = W.regions(rng, n)
    tier = rng.choice(tiers, size=n, p=tier_p)
    ipA = np.array([W.home_pool(rng, r, int(rng.integers(1, 4))) for r in reg])
    ipB = np.array([W.cgnat[r] for r in reg])
    # a few mobile users in the US and India get a daily IPv6 privacy address instead of CGNAT
    v6 = np.array([REGIONS[r][7] != "" for r in reg]) & (rng.random(n) < .3)
    for i in np.nonzero(v6)[0]:
        ipB[i] = W.v6_daily_pool(rng, REGIONS[reg[i]][7])
    ipC = np.where(rng.random(n) < vpn, np.array(W.vpn_pools)[rng.integers(0, 6, n)], -1)
    u0, u1, ud = W.sdk_uas(rng, n, .3)
    idx = W.add_accounts(
        n, cohort=cohort, group=group, role=role, tier=tier, region=reg, created=W.created(rng, n),
        pay=[W.cards(1)[0] if t != "free" else "" for t in tier], email=W.emails(rng, reg), ipA=ipA, ipB=ipB,
        pB=mobile * rng.random(n) * 2, ipC=ipC, pC=np.where(ipC >= 0, .5, 0.), ua0=u0, ua1=u1, uaday=ud,
        keys=[W.key_pool(int(rng.integers(1, 3))) for _ in range(n)],
        keymode="week", pref_model=W.pref_models(rng, n, CHAT_MIX))
    lam = rng.lognormal(np.log(lam_med), lam_sig, n)
    p = rng.beta(p_a, p_b, n)
    never = rng.random(n) < .08
    p[never] = 0
    W.acc_never = getattr(W, "acc_never", []) + list(idx[never])
    ev = W.schedule(rng, idx, lam, p, prof)
    _content(W, rng, ev, content, CHAT_MIX)
    return idx


def _content(W: World, rng, ev: dict, content, mix, tok_base=(350, 600)):
    n = len(ev["acc"])
    kind = rng.random(n)
    pr = W.T.chat(rng, n)
    if "code" in content:
        c = W.T.code(rng, n)
        share = .5 if content[0] == "code" else .25
        pr = [c[i] if kind[i] < share else pr[i] for i in range(n)]
    model = W.models(rng, ev["acc"], mix)
    tok = np.where(kind < .3, tok_base[1], tok_base[0]).astype(float)
    W.emit(ev, pr, model, tok)


def b_hobbyist(W, rng, n):
    _solo(W, rng, n, "hobbyist", ["free", "build"], [.72, .28], "evening", 4.5, .8, 1.5, 4, vpn=.03)


def b_indie(W, rng, n):
    idx = _solo(W, rng, n, "indie_dev", ["build", "pro"], [.8, .2], "dev", 9, .9, 3, 2, content=("code", "chat"))
    return idx


def b_carrier(W, rng, n):
    reg = W.regions(rng, n)
    ipA = np.array([W.cgnat[r] for r in reg])
    v6 = np.array([REGIONS[r][7] != "" for r in reg]) & (rng.random(n) < .35)
    for i in np.nonzero(v6)[0]:
        ipA[i] = W.v6_daily_pool(rng, REGIONS[reg[i]][7])
    tier = rng.choice(["free", "build"], size=n, p=[.8, .2])
    ua = [W.ua(s) for s in ("okhttp/4.12.0", "skerry-ios/1.9.2 CFNetwork/1568.300.101 Darwin/24.2.0",
                            "skerry-android/1.9.0 (Linux; Android 14)")]
    u = np.array(ua)[rng.integers(0, 3, n)]
    idx = W.add_accounts(n, cohort="carrier_mobile", tier=tier, region=reg, created=W.created(rng, n, .15),
                         pay=[W.cards(1)[0] if t != "free" else "" for t in tier], email=W.emails(rng, reg),
                         ipA=ipA, ua0=u, ua1=u, keys=[W.key_pool(1) for _ in range(n)],
                         pref_model=W.pref_models(rng, n, [.3, .6, .05, .05, 0]))
    p = rng.beta(2, 3, n)
    ev = W.schedule(rng, idx, rng.lognormal(np.log(4), .7, n), p, "evening", sess_mean=4)
    _content(W, rng, ev, ("chat",), [.3, .6, .05, .05, 0])
    # a CGNAT pool hands out an address per connection, not per lease: redraw those requests' addresses
    b = W.blocks[-1]
    j = np.searchsorted(idx, b["acc"])
    m = ~v6[j]
    b["ip"][m] = W.ip_pools.pick(rng, ipA[j[m]])


def b_vpn(W, rng, n):
    reg = W.regions(rng, n)
    tor = rng.random(n) < .12
    ipA = np.where(tor, W.tor_pool, np.array(W.vpn_pools)[rng.integers(0, 6, n)])
    ipB = np.array([W.home_pool(rng, r, 1) for r in reg])
    tier = rng.choice(["free", "build"], size=n, p=[.6, .4])
    u0, u1, ud = W.sdk_uas(rng, n, .4)
    idx = W.add_accounts(n, cohort="vpn_privacy", tier=tier, region=reg, created=W.created(rng, n),
                         pay=[W.cards(1)[0] if t != "free" else "" for t in tier],
                         email=[["proton.me", "tutanota.com", "gmail.com", "posteo.de"][i] for i in rng.integers(0, 4, n)],
                         ipA=ipA, ua0=u0, ua1=u1, uaday=ud,
                         keys=[W.key_pool(int(rng.integers(1, 3))) for _ in range(n)],
                         pref_model=W.pref_models(rng, n, CHAT_MIX))
    ev = W.schedule(rng, idx, rng.lognormal(np.log(6), .8, n), rng.beta(2, 3, n), "evening")
    _content(W, rng, ev, ("chat", "code"), CHAT_MIX)
    # the VPN or Tor exit changes per connection; one request in ten without the VPN (home address)
    b = W.blocks[-1]
    j = np.searchsorted(idx, b["acc"])
    home = rng.random(len(j)) < np.where(tor[j], 0, .1)
    b["ip"][~home] = W.ip_pools.pick(rng, ipA[j[~home]])
    b["ip"][home] = W.ip_pools.pick(rng, ipB[j[home]])


def _org_sizes(rng, n_acc: int, alpha: float, lo: int, hi: int) -> list[int]:
    out = []
    while sum(out) < n_acc:
        s = int(min(hi, lo + np.floor(rng.pareto(alpha) * lo)))
        out.append(min(s, n_acc - sum(out)))
    if out[-1] < lo and len(out) > 1:
        last = out.pop()
        out[-1] += last
    return out


def _group_accounts(W, rng, n, cohort, gprefix, sizes, make):
    """Accounts in groups: ``make(g, k, rng)`` returns the group's account fields."""
    for g, k in enumerate(sizes):
        fields = make(g, k, rng)
        fields.setdefault("group", f"{gprefix}_{W.hexid('', 6)}")
        yield W.add_accounts(k, cohort=cohort, **fields), fields


def b_household(W, rng, n):
    sizes = _org_sizes(rng, n, 3., 2, 5)
    for idx, f in _group_accounts(W, rng, n, "household", "hh", sizes, lambda g, k, r: _hh(W, r, k)):
        ev = W.schedule(rng, idx, rng.lognormal(np.log(5), .7, len(idx)), rng.beta(1.5, 3, len(idx)),
                        ["evening"] * (len(idx) - 1) + ["student"])
        _content(W, rng, ev, ("chat", "code"), CHAT_MIX)


def _hh(W, rng, k):
    reg = int(W.regions(rng, 1)[0])
    home = W.home_pool(rng, reg, int(rng.integers(1, 3)))
    card = W.cards(1)[0]
    tier = ["build"] + list(rng.choice(["free", "build"], size=k - 1, p=[.5, .5]))
    u0, u1, ud = W.sdk_uas(rng, k, .5)
    return dict(tier=tier, region=reg, created=W.created(rng, k), pay=[card if t != "free" else "" for t in tier],
                email=W.emails(rng, np.full(k, reg)), ipA=home, ipB=W.cgnat[reg], pB=.15, ua0=u0, ua1=u1,
                uaday=ud, keys=[W.key_pool(1) for _ in range(k)], pref_model=W.pref_models(rng, k, CHAT_MIX))


def b_office(W, rng, n):
    sizes = _org_sizes(rng, n, 1.1, 2, 220)
    for idx, f in _group_accounts(W, rng, n, "office_nat", "org", sizes, lambda g, k, r: _office(W, r, k)):
        ev = W.schedule(rng, idx, rng.lognormal(np.log(9), .8, len(idx)), rng.beta(4, 3, len(idx)), "work")
        _content(W, rng, ev, ("chat", "code"), [.5, .25, .1, .15, 0])


def _office(W, rng, k):
    reg = int(W.regions(rng, 1)[0])
    nat = W.home_pool(rng, reg, int(rng.integers(1, 4)))
    dom = W.org_domain(rng)
    inv = W.invoice() if k >= 20 or rng.random() < .4 else W.cards(1)[0]
    own = rng.random(k) < .15                                   # some employees expense their own card
    pay = [W.cards(1)[0] if o else inv for o in own]
    org = W.hexid("org_", 8) if rng.random() < .7 else ""
    homes = [W.home_pool(rng, reg, 1) for _ in range(k)]
    u0, u1, ud = W.sdk_uas(rng, k, .25)
    tier = "pro" if k >= 20 else "build"
    return dict(tier=tier, region=reg, created=W.created(rng, k), pay=pay,
                email=[dom if rng.random() < .85 else CONSUMER[rng.integers(len(CONSUMER))] for _ in range(k)],
                org=[org if rng.random() < .8 else "" for _ in range(k)], ipA=nat, ipB=homes, pB=.2,
                ipC=W.cgnat[reg], pC=.05, ua0=u0, ua1=u1, uaday=ud, keys=[W.key_pool(int(rng.integers(1, 3))) for _ in range(k)],
                pref_model=W.pref_models(rng, k, [.5, .25, .1, .15, 0]))


def b_campus(W, rng, n):
    unis = [(i, a) for i, r in enumerate(REGIONS) for a in r[5]]
    sizes = _org_sizes(rng, n, .9, 20, 600)
    for g, k in enumerate(sizes):
        reg, asn = unis[g % len(unis)]
        nets, szs = W.ref.asn_prefixes[asn]
        nat = W.pool(draw_addresses(rng, nets, szs, int(rng.integers(6, 24))))
        homes = [W.home_pool(rng, reg, 1) for _ in range(k)]
        u0, u1, ud = W.sdk_uas(rng, k, .5)
        idx = W.add_accounts(k, cohort="campus", group=f"uni_{asn}", tier="free", region=reg,
                             created=W.created(rng, k, .2), email=[UNI_DOMAIN[asn] if rng.random() < .7 else
                                                                  CONSUMER[rng.integers(len(CONSUMER))] for _ in range(k)],
                             ipA=nat, ipB=homes, pB=.25, ipC=W.cgnat[reg], pC=.1, ua0=u0, ua1=u1, uaday=ud,
                             keys=[W.key_pool(1) for _ in range(k)], pref_model=W.pref_models(rng, k, CHAT_MIX))
        p = rng.beta(2, 3, k)
        never = rng.random(k) < .1
        p[never] = 0
        W.acc_never = getattr(W, "acc_never", []) + list(idx[never])
        ev = W.schedule(rng, idx, rng.lognormal(np.log(7), .7, k), p, "student")
        b = len(W.blocks)
        _content(W, rng, ev, ("chat", "code"), CHAT_MIX)
        W.blocks[b]["ip"] = _nat_per_event(W, rng, W.blocks[b], idx, nat)


def _nat_per_event(W, rng, b, idx, nat):
    """A NAT pool draws an address per request (not per lease) for the requests that used it."""
    ip = b["ip"].copy()
    m = np.isin(ip, W.ip_pools.vals[nat])
    ip[m] = W.ip_pools.pick(rng, np.full(m.sum(), nat))
    return ip


def b_heavy_app(W, rng, n):
    for i in range(n):
        reg = int(W.regions(rng, 1)[0])
        egress = W.cloud_pool(rng, int(rng.integers(2, 9)))
        tier = ["pro", "scale", "enterprise"][rng.choice(3, p=[.5, .4, .1])]
        tpl = W.T.sents(rng, 1)[0]
        product = (f"You are the assistant inside {WORDS[rng.integers(len(WORDS))].title()}"
                   f"{['Desk', 'Notes', 'Coach', 'Mail', 'Shop', 'CRM'][rng.integers(6)]}. {tpl} "
                   f"Answer the customer's message below.\n\nCustomer: ")
        ua = W.ua(UA_SDK[rng.integers(0, 9)][0].format(UA_SDK[0][1][1]))
        idx = W.add_accounts(1, cohort="heavy_app", tier=tier, region=reg, created=W.created(rng, 1, 0.),
                             pay=W.invoice() if tier != "pro" else W.cards(1)[0], email=W.org_domain(rng),
                             org=W.hexid("org_", 8), ipA=egress, ua0=ua, ua1=ua, keys=W.key_pool(int(rng.integers(2, 6))),
                             keymode="rand", pref_model=int(rng.choice([0, 1])))
        ev = W.schedule(rng, idx, rng.lognormal(np.log(90), .9), .97, "app", sess_mean=50, gap_s=20)
        k = len(ev["acc"])
        pr = [product + s for s in W.T.sents(rng, k, 2)]
        b = len(W.blocks)
        W.emit(ev, pr, W.models(rng, ev["acc"], [.4, .6, 0, 0, 0]), np.full(k, 220.))
        W.blocks[b]["ip"] = W.ip_pools.pick(rng, np.full(k, egress))


SAAS = [("NoteNest", "Summarize this meeting transcript into decisions and action items with owners:\n\n"),
        ("LedgerLens", "Categorize these bank transactions and flag anything unusual. Reply as a table.\n\n"),
        ("TalentTide", "Score this CV against the job description from 1 to 10 and explain briefly.\n\n"),
        ("DocuDraft", "Draft a clause for the contract described below, in plain English:\n\n"),
        ("ReplyRanger", "Write a reply to this customer review in the brand voice (warm, brief):\n\n")]


def b_saas(W, rng, n):
    sizes = _org_sizes(rng, n, 1.0, 30, 900)
    for g, k in enumerate(sizes):
        name, sys_ = SAAS[g % len(SAAS)]
        egress = W.cloud_pool(rng, int(rng.integers(4, 12)))
        ua = W.ua(f"{name}-server/{rng.integers(2, 5)}.{rng.integers(0, 9)} (+https://{name.lower()}.example)")
        reg = W.regions(rng, k)
        tier = rng.choice(["build", "pro"], size=k, p=[.8, .2])
        idx = W.add_accounts(k, cohort="saas_byok", group=f"saas_{name.lower()}", tier=tier, region=reg,
                             created=W.created(rng, k, .1), pay=W.cards(k), email=W.emails(rng, reg),
                             org=[W.hexid("org_", 8) if rng.random() < .5 else "" for _ in range(k)], ipA=egress,
                             ua0=ua, ua1=ua, keys=[W.key_pool(1) for _ in range(k)], pref_model=0)
        ev = W.schedule(rng, idx, rng.lognormal(np.log(12), 1., k), rng.beta(4, 2, k), "work", sess_mean=8)
        m = len(ev["acc"])
        b = len(W.blocks)
        W.emit(ev, [sys_ + s for s in W.T.sents(rng, m, 3)], W.models(rng, ev["acc"], [.6, .4, 0, 0, 0]),
               np.full(m, 300.))
        W.blocks[b]["ip"] = W.ip_pools.pick(rng, np.full(m, egress))


def b_classroom(W, rng, n):
    sizes = _org_sizes(rng, n, 3., 15, 45)
    for g, k in enumerate(sizes):
        reg = int(W.regions(rng, 1)[0])
        nat = W.home_pool(rng, reg, int(rng.integers(1, 3)))
        sheet = [f"Exercise {j + 1}: " + s for j, s in enumerate(W.T.sents(rng, 12, 2))]
        c0 = int(rng.integers(0, max(1, W.D - 14)))
        u0, u1, ud = W.sdk_uas(rng, k, .9)
        idx = W.add_accounts(k, cohort="classroom", group=f"class_{W.hexid('', 6)}", tier="free", region=reg,
                             created=(c0 * DAY_S - rng.random(k) * 3 * DAY_S).astype(np.int64),
                             email=W.emails(rng, np.full(k, reg)), ipA=nat, ipB=[W.home_pool(rng, reg, 1) for _ in range(k)],
                             pB=.15, ua0=u0, ua1=u1, uaday=ud, keys=[W.key_pool(1) for _ in range(k)], pref_model=1)
        # lessons two days a week for two weeks; a little homework in between
        dw = np.full((k, W.D + 2), .15)
        for d in range(c0, min(W.D, c0 + 14)):
            if (d - c0) % 7 in (1, 3):
                dw[:, d + 1] = 1.
        ev = W.schedule(rng, idx, 9, .9, "class", sess_mean=9, day_w=dw)
        m = len(ev["acc"])
        si = rng.integers(0, 12, m)
        own = W.T.chat(rng, m, 0)
        u = rng.random(m)
        pr = [sheet[si[i]] if u[i] < .55 else ("hi, " + sheet[si[i]].lower() if u[i] < .7 else own[i]) for i in range(m)]
        W.emit(ev, pr, np.full(m, 1), np.full(m, 250.))
        W.blocks[-1]["ip"] = _nat_per_event(W, rng, W.blocks[-1], idx, nat)


def b_eval_lab(W, rng, n):
    sizes = _org_sizes(rng, n, 1.5, 2, 5)
    for g, k in enumerate(sizes):
        reg = int(W.regions(rng, 1)[0])
        egress = W.cloud_pool(rng, int(rng.integers(2, 6)))
        inv = W.invoice()
        idx = W.add_accounts(k, cohort="eval_lab", group=f"lab_{W.hexid('', 6)}", tier="scale", region=reg,
                             created=W.created(rng, k, 0.), pay=inv, email=W.org_domain(rng), org=W.hexid("org_", 8),
                             ipA=egress, ua0=W.ua("python-httpx/0.28.1"), ua1=W.ua("python-httpx/0.28.1"),
                             keys=[W.key_pool(2) for _ in range(k)], keymode="rand", pref_model=2)
        _eval_runs(W, rng, idx, egress, runs=int(rng.integers(1, 4)))


def _eval_runs(W, rng, idx, egress, runs: int):
    """Each run: one open benchmark's items, all its templates, on one day; the same item renders the same text
    in every lab (labs worldwide share the public benchmarks)."""
    for run in range(runs):
        pop = 1 / np.arange(1, len(BENCH) + 1)               # a few benchmarks are run by everyone, ARC first
        ds = BENCH[0] if run == 0 else BENCH[rng.choice(len(BENCH), p=pop / pop.sum())]
        tids = W.T.tids([ds])
        if not len(tids):
            continue
        d = int(rng.integers(0, W.D))
        if d >= RELEASE_DAY and d < RELEASE_DAY + 3:
            mdl = 4
        else:
            mdl = int(rng.choice([0, 2, 3]))
        items = int(rng.integers(80, 300))
        per = len(tids) * items
        a = idx[rng.integers(0, len(idx), per)]
        t = d * DAY_S + 3600 * rng.uniform(1, 20) + np.sort(rng.random(per)) * 3600 * rng.uniform(2, 8)
        keep = (t < W.D * DAY_S) & (t >= W.A("created")[a])
        base = (sum(ord(c) for c in ds) * 104729) % W.T.L
        item = np.tile(np.arange(items), len(tids))
        tt = np.repeat(tids, items)
        pr = W.T.render(rng, tt[keep], (base + item[keep] * 31) % W.T.L)
        ev = {"acc": a[keep], "t": t[keep]}
        W.emit(ev, pr, np.full(keep.sum(), mdl), np.full(keep.sum(), 60.))
        W.blocks[-1]["ip"] = W.ip_pools.pick(rng, np.full(keep.sum(), egress))


def b_agent_swarm(W, rng, n):
    sizes = _org_sizes(rng, n, 2., 2, 8)
    for g, k in enumerate(sizes):
        reg = int(W.regions(rng, 1)[0])
        vm = W.cloud_pool(rng, int(rng.integers(1, 4)))
        card = W.cards(1)[0]
        tool = ["web_search", "run_sql", "read_file", "http_get", "send_email", "create_ticket"]
        goal = W.T.sents(rng, 1)[0]
        idx = W.add_accounts(k, cohort="agent_swarm", group=f"dev_{W.hexid('', 6)}", tier="pro", region=reg,
                             created=W.created(rng, k, .1), pay=card, email=W.emails(rng, np.full(k, reg)),
                             ipA=vm, ipB=W.home_pool(rng, reg, 1), pB=.05,
                             ua0=W.ua("skerry-agents/0.9.3 python/3.12"), ua1=W.ua("skerry-agents/0.9.4 python/3.12"),
                             uaday=int(rng.integers(0, W.D)), keys=[W.key_pool(3) for _ in range(k)], keymode="rand",
                             pref_model=3)
        ev = W.schedule(rng, idx, rng.lognormal(np.log(20), .6, k), .85, "flat", sess_mean=30, gap_s=15)
        m = len(ev["acc"])
        ti = rng.integers(0, len(tool), m)
        obs = W.T.sents(rng, m, 2)
        pr = [f"GOAL: {goal}\nLAST TOOL: {tool[ti[i]]}\nOBSERVATION: {obs[i]}\nDecide the next step. Reply with JSON "
              f'{{"tool": ..., "args": ...}} or {{"final": ...}}.' for i in range(m)]
        W.emit(ev, pr, W.models(rng, ev["acc"], [.3, .3, 0, .4, 0]), np.full(m, 120.))


def b_synth(W, rng, n):
    sizes = _org_sizes(rng, n, 2., 2, 6)
    for g, k in enumerate(sizes):
        reg = int(W.regions(rng, 1)[0])
        egress = W.cloud_pool(rng, int(rng.integers(2, 5)))
        cap = sorted(CAPABILITIES)[rng.integers(len(CAPABILITIES))]
        tids = W.T.tids(CAPABILITIES[cap])
        tids = tids[rng.choice(len(tids), size=min(4, len(tids)), replace=False)]
        idx = W.add_accounts(k, cohort="synth_data", group=f"synth_{W.hexid('', 6)}", tier="scale", region=reg,
                             created=W.created(rng, k, 0.), pay=W.invoice(), email=W.org_domain(rng),
                             org=W.hexid("org_", 8), ipA=egress, ua0=W.ua("python-httpx/0.27.2"),
                             ua1=W.ua("python-httpx/0.27.2"), keys=[W.key_pool(2) for _ in range(k)], keymode="rand",
                             pref_model=2)
        dw = np.zeros((k, W.D + 2))
        for d in rng.choice(W.D, size=min(W.D, int(rng.integers(4, 10))), replace=False):
            dw[:, d + 1] = 1
        ev = W.schedule(rng, idx, rng.lognormal(np.log(300), .5, k), 1., "flat", sess_mean=200, gap_s=3, day_w=dw)
        m = len(ev["acc"])
        cot = COT[int(rng.integers(len(COT)))]
        pr = [p + "\n\n" + cot for p in W.T.render(rng, tids[rng.integers(0, len(tids), m)])]
        W.emit(ev, pr, np.full(m, 2), np.full(m, 500.))
        W.blocks[-1]["ip"] = W.ip_pools.pick(rng, np.full(m, egress))


# ---- new benign look-alikes

def b_extension(W, rng, n):
    """*new*: users of two bring-your-own-key browser extensions: unrelated people, each their own key, card and
    home address, all sending the extension's fixed wrapper prompt with the same extension user agent."""
    reg = W.regions(rng, n)
    which = np.where(rng.random(n) < .65, "pagepilot", "quillbar")
    tier = rng.choice(["free", "build"], size=n, p=[.55, .45])
    uas = {e: W.ua(EXT[e][0]) for e in EXT}
    u = np.array([uas[w] for w in which])
    idx = W.add_accounts(n, cohort="browser_extension", group=[f"ext_{w}" for w in which], tier=tier, region=reg,
                         created=W.created(rng, n, .12, 150), pay=[W.cards(1)[0] if t != "free" else "" for t in tier],
                         email=W.emails(rng, reg), ipA=[W.home_pool(rng, r, int(rng.integers(1, 3))) for r in reg],
                         ipB=[W.cgnat[r] for r in reg], pB=.1, ua0=u, ua1=u, keys=[W.key_pool(1) for _ in range(n)],
                         pref_model=1)
    p = rng.beta(2, 3, n)
    never = rng.random(n) < .1
    p[never] = 0
    W.acc_never = getattr(W, "acc_never", []) + list(idx[never])
    ev = W.schedule(rng, idx, rng.lognormal(np.log(5), .7, n), p, "dev", sess_mean=3)
    m = len(ev["acc"])
    ext = which[np.searchsorted(idx, ev["acc"])]
    wi = rng.integers(0, 3, m)
    x = W.T.sents(rng, m, 3)
    ti = W.T.sents(rng, m, 1)
    pr = [EXT[ext[i]][1][wi[i] % len(EXT[ext[i]][1])].format(t=ti[i][:70], x=x[i]) for i in range(m)]
    W.emit(ev, pr, np.full(m, 1), np.full(m, 180.))


def b_doc_pipeline(W, rng, n):
    """*new*: enterprise document pipelines: a company's dev/staging/prod project accounts on one invoice, cloud
    egress, a nightly batch that sends every document of the day through the company's one extraction template."""
    sizes = _org_sizes(rng, n, 1.8, 2, 12)
    for g, k in enumerate(sizes):
        reg = int(W.regions(rng, 1)[0])
        prov = W.cloud_names[rng.integers(len(W.cloud_names))]
        egress = W.cloud_pool(rng, int(rng.integers(2, 5)), prov)
        fields = rng.choice(["vendor_name", "invoice_date", "total_amount", "currency", "policy_number", "claimant",
                             "diagnosis_code", "shipment_id", "port_of_loading", "counterparty", "governing_law",
                             "termination_date"], size=5, replace=False)
        tpl = (f"Extract the following fields from the document and return JSON only with keys "
               f"{', '.join(fields)}. Use null when a field is absent.\n\nDOCUMENT {{d}}:\n")
        dom = W.org_domain(rng)
        idx = W.add_accounts(k, cohort="doc_pipeline", group=f"org_{W.hexid('', 6)}",
                             role=(["pipeline_prod", "pipeline_staging"] + ["pipeline_project"] * k)[:k],
                             tier=["scale"] + ["pro"] * (k - 1), region=reg, created=W.created(rng, k, .05),
                             pay=W.invoice(), email=dom, org=W.hexid("org_", 8), ipA=egress,
                             ua0=W.ua("Apache-HttpClient/5.3 (Java/21.0.5)"), ua1=W.ua("Apache-HttpClient/5.3 (Java/21.0.5)"),
                             keys=[W.key_pool(2) for _ in range(k)], keymode="rand", pref_model=1)
        lam = np.array([rng.lognormal(np.log(150), .5)] + list(rng.lognormal(np.log(15), .8, k - 1)))
        ev = W.schedule(rng, idx, lam, .95, "night_batch", sess_mean=400, gap_s=4)
        m = len(ev["acc"])
        did = rng.integers(10 ** 5, 10 ** 6, m)
        body = W.T.sents(rng, m, 3)
        W.emit(ev, [tpl.format(d=f"#{did[i]}") + body[i] for i in range(m)], np.full(m, 1), np.full(m, 90.))
        W.blocks[-1]["ip"] = W.ip_pools.pick(rng, np.full(m, egress))


def b_mooc(W, rng, n, W_calendar):
    """*new*: an online course's learners: sign up within days of the course week's start from all over the world
    (free plan), run the course notebook's exercises, and rush before the Sunday 23:59 UTC deadline."""
    sizes = [n // 2, n - n // 2]
    for g, k in enumerate(sizes):
        c0 = int(W_calendar["mooc_weeks"][g])
        reg = W.regions(rng, k)
        ex = [f"[Week {g + 1} lab, step {j + 1}] " + s for j, s in enumerate(W.T.sents(rng, 25, 2))]
        W.course_sheets.append(ex)
        cr = np.minimum((c0 - 3) * DAY_S + rng.gamma(2., 1.2, k) * DAY_S, (W.D - 1) * DAY_S).astype(np.int64)
        u0, u1, ud = W.sdk_uas(rng, k, .2)
        idx = W.add_accounts(k, cohort="mooc_learner", group=f"course_{g + 1}", tier="free", region=reg, created=cr,
                             email=W.emails(rng, reg), ipA=[W.home_pool(rng, r, 1) for r in reg],
                             ipB=[W.cgnat[r] for r in reg], pB=.2, ua0=u0, ua1=u1, uaday=ud,
                             keys=[W.key_pool(1) for _ in range(k)], pref_model=1)
        dw = np.zeros((k, W.D + 2))
        for d in range(c0, min(W.D, c0 + 7)):
            dw[:, d + 1] = 1. + 2.5 * (d - c0 >= 5)      # the weekend before the Sunday deadline
        for d in range(c0 + 7, min(W.D, c0 + 14)):
            dw[:, d + 1] = .25                          # some keep playing
        p = rng.beta(3, 2, k)
        never = rng.random(k) < .15
        p[never] = 0
        W.acc_never = getattr(W, "acc_never", []) + list(idx[never])
        ev = W.schedule(rng, idx, rng.lognormal(np.log(5), .6, k), p, "student", day_w=dw)
        m = len(ev["acc"])
        si = rng.integers(0, 25, m)
        own = W.T.chat(rng, m, .05)
        u = rng.random(m)
        pr = [ex[si[i]] if u[i] < .7 else own[i] for i in range(m)]
        W.emit(ev, pr, W.models(rng, ev["acc"], [.3, .7, 0, 0, 0]), np.full(m, 300.))


def b_bpo(W, rng, n):
    """*new*: customer-support outsourcers in Manila and Bengaluru: seat accounts on one invoice behind two to four
    office addresses, night shifts for US customers, the company's canned macros filled with the customer's text."""
    sizes = _org_sizes(rng, n, 1.2, 12, 160)
    for g, k in enumerate(sizes):
        reg = RI["philippines"] if g % 2 == 0 else RI["india"]
        nat = W.home_pool(rng, reg, int(rng.integers(2, 5)))
        client = f"{WORDS[rng.integers(len(WORDS))].title()}{CORP[rng.integers(len(CORP))].title()}"
        macros = [f"[{client} support macro {j + 1}] Rewrite the agent's draft reply so it is empathetic, on-brand for "
                  f"{client} and under 90 words. " + s + "\nCustomer message: {c}\nAgent draft: {a}"
                  for j, s in enumerate(W.T.sents(rng, 10, 1))]
        dom = W.org_domain(rng)
        u = W.ua("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 "
                 "Safari/537.36 Edg/132.0.0.0")
        idx = W.add_accounts(k, cohort="bpo_support", group=f"bpo_{W.hexid('', 6)}", tier="build", region=reg,
                             created=W.created(rng, k, .15, 120), pay=W.invoice(), email=dom, org=W.hexid("org_", 8),
                             ipA=nat, ua0=u, ua1=u, keys=[W.key_pool(1) for _ in range(k)], pref_model=1)
        ev = W.schedule(rng, idx, rng.lognormal(np.log(20), .4, k), rng.beta(6, 2, k), "bpo_night", sess_mean=3)
        m = len(ev["acc"])
        mi = rng.integers(0, 10, m)
        c = W.T.sents(rng, m, 2)
        a_ = W.T.sents(rng, m, 1)
        W.emit(ev, [macros[mi[i]].replace("{c}", c[i]).replace("{a}", a_[i]) for i in range(m)], np.full(m, 1),
               np.full(m, 140.))
        W.blocks[-1]["ip"] = _nat_per_event(W, rng, W.blocks[-1], idx, nat)


def b_multi_dev(W, rng, n):
    """*new*: a freelance developer's several accounts (personal, side project, each client's project on the
    client's card), all from one home address and one laptop."""
    sizes = _org_sizes(rng, n, 2.5, 2, 6)
    for g, k in enumerate(sizes):
        reg = int(W.regions(rng, 1)[0])
        home = W.home_pool(rng, reg, int(rng.integers(1, 3)))
        own = W.cards(1)[0]
        pay = [own] + [own if rng.random() < .35 else W.cards(1)[0] for _ in range(k - 1)]
        u0, u1, ud = W.sdk_uas(rng, 1, .1)
        idx = W.add_accounts(k, cohort="multi_account_dev", group=f"person_{W.hexid('', 6)}", tier="build",
                             region=reg, created=W.created(rng, k, .1), pay=pay,
                             email=W.emails(rng, np.full(k, reg)) if rng.random() < .5 else
                             [CONSUMER[0]] + [W.org_domain(rng) for _ in range(k - 1)],
                             org=[""] + [W.hexid("org_", 8) if rng.random() < .5 else "" for _ in range(k - 1)],
                             ipA=home, ipB=W.cgnat[reg], pB=.1, ua0=int(u0[0]), ua1=int(u1[0]), uaday=int(ud[0]),
                             keys=[W.key_pool(int(rng.integers(1, 3))) for _ in range(k)], pref_model=3)
        ev = W.schedule(rng, idx, rng.lognormal(np.log(10), .6, k), rng.beta(3, 3, k), "dev")
        _content(W, rng, ev, ("code", "chat"), [.3, .2, .1, .4, 0])


# ---------------------------------------------------------------- rings

RING_INFO = {
    "card_pool": ("crude", ["shared payment cards across accounts", "datacenter addresses", "one template family",
                            "sign-up burst", "one user agent"], ["none to speak of"]),
    "trial_swarm": ("crude", ["disposable e-mail domains", "sign-up waves during the window", "free-plan limit hit daily",
                              "one template family", "VPN/datacenter exits"],
                    ["no payment at all", "each account burns one to three days then is dropped"]),
    "cloud_hopper": ("crude", ["cloud provider addresses", "24/7 flat schedule", "one template family"],
                     ["a new cloud provider every few days", "a card per account"]),
    "resi_proxy": ("mid", ["capability-narrow templates", "similar per-account volume", "same CoT phrasing"],
                   ["residential proxy exits (a new home address per request)", "per-account prefix rewording",
                    "cards shared by two accounts at most"]),
    "cot_siphon": ("mid", ["reasoning model only", "chain-of-thought elicitation on every request",
                           "cloud egress", "flat schedule"], ["invoice and card payments, one per account",
                                                              "templates from two capability families"]),
    "aged_bought": ("mid", ["all wake from long dormancy on the same days", "one template family",
                            "a new client user agent on every account"],
                    ["accounts years old (bought on a marketplace)", "residential proxies",
                     "one card per three accounts"]),
    "hydra_reseller": ("careful", ["a reseller gateway's datacenter egress shared by the whole cluster",
                                   "load-balanced near-equal daily volume", "key picked per request",
                                   "harvest templates with CoT"],
                       ["resold end-customer traffic (diverse chat) mixed with the harvest",
                        "hundreds of accounts, most with their own card", "sign-ups in waves over months",
                        "consumer e-mail domains", "forwarded client user agents"]),
    "ato_borrower": ("careful", ["a new API key created on each taken-over account",
                                 "the same harvest templates and CoT phrasing", "residential proxy exits",
                                 "scripted flat schedule while in control"],
                     ["*new*: other people's real, aged, paid accounts (credential stuffing) with their own cards, "
                      "history and ongoing own traffic", "each account used for a few days until the owner resets"]),
    "shift_weaver": ("careful", ["the same capability templates under per-account rewording",
                                 "near-identical daily quota per account (operator's scheduler)"],
                     ["*new*: each account a persona in its own time zone with office hours, weekends off and "
                      "holidays", "harvest spread over all five models", "a third of traffic ordinary chat",
                      "proxy exits in the persona's own country", "distinct cards, e-mail domains, client UAs",
                      "sign-ups spread over a year"]),
    "dataset_streamer": ("mid", ["synchronised daily start (one UTC hour)", "cloud egress from two providers",
                                 "one public dataset's rows in disjoint slices"],
                         ["*new*: no template: bare dataset rows, never the same item twice across the ring",
                          "instructions paraphrased per account"]),
    "extension_parasite": ("careful", ["volume per account far above real extension users",
                                       "harvest content inside the wrapper", "residential proxies"],
                           ["*invented*: the popular browser extension's exact wrapper prompt and user agent, so its "
                            "requests look like thousands of benign extension users'"]),
    "mooc_stowaway": ("careful", ["switch from course exercises to harvest after the first days",
                                  "free-plan limit used every night", "template harvest with CoT"],
                      ["*invented*: sign up in the MOOC's enrollment burst and start with the course's own "
                       "exercises, hiding among the learners", "mobile/residential exits in the learners' countries"]),
}
SMALL_KINDS = ["card_pool", "trial_swarm", "cloud_hopper", "resi_proxy", "cot_siphon", "aged_bought", "ato_borrower",
               "shift_weaver", "dataset_streamer", "extension_parasite", "mooc_stowaway"]


def _harvest(W, rng, cap: list[str], m: int, cot_p: float, prefix_of=None, cot_of=None) -> list[str]:
    tids = W.T.tids(cap)
    pr = W.T.render(rng, tids[rng.integers(0, len(tids), m)])
    c = rng.random(m) < cot_p
    ci = rng.integers(0, len(COT), m) if cot_of is None else cot_of
    if prefix_of is not None:
        pr = [HARVEST_PREFIX[prefix_of[i]] + pr[i] for i in range(m)]
    return [pr[i] + "\n\n" + COT[ci[i]] if c[i] else pr[i] for i in range(m)]


def _ring_common(W, rng, kind, k):
    rid = f"ring_{W.ring_seq:03d}"
    W.ring_seq += 1
    soph, kept, evas = RING_INFO[kind]
    W.rings.append({"ring_id": rid, "kind": kind, "size": k, "sophistication": soph, "signals_kept": kept,
                    "evasions": evas})
    caps = sorted(CAPABILITIES)
    cap = CAPABILITIES[caps[rng.integers(len(caps))]]
    return rid, soph, cap


def r_card_pool(W, rng, k):
    rid, soph, cap = _ring_common(W, rng, "card_pool", k)
    reg = int(W.regions(rng, 1)[0])
    cards = W.cards(int(rng.integers(1, 4)))
    t0 = int(-rng.integers(2, 20) * DAY_S + rng.integers(0, DAY_S))
    dc = W.dc_pool(rng, int(rng.integers(3, 12)))
    dom = DISPOSABLE[rng.integers(len(DISPOSABLE))] if rng.random() < .5 else f"{WORDS[rng.integers(len(WORDS))]}mail.{CHEAP_TLD[rng.integers(7)]}"
    u = W.ua("python-requests/2.31.0")
    idx = W.add_accounts(k, cohort="card_pool", ring=rid, group=rid, role="farm_account", soph=soph, tier="build",
                         region=reg, created=(t0 + rng.random(k) * 3600).astype(np.int64),
                         pay=[cards[i % len(cards)] for i in range(k)], email=dom, ipA=dc, ua0=u, ua1=u,
                         keys=[W.key_pool(1) for _ in range(k)], pref_model=0)
    ev = W.schedule(rng, idx, rng.lognormal(np.log(130), .3, k), .8, "flat", sess_mean=60, gap_s=8)
    m = len(ev["acc"])
    W.emit(ev, _harvest(W, rng, cap[:1], m, .3), np.full(m, 0), np.full(m, 400.), op=True,
           ip=W.ip_pools.pick(rng, np.full(m, dc)))


def r_trial_swarm(W, rng, k):
    rid, soph, cap = _ring_common(W, rng, "trial_swarm", k)
    reg = W.regions(rng, k)
    c = (rng.integers(0, W.D, k) * DAY_S + rng.normal(3, .5, k).clip(0, 6) * 3600 + rng.random(k) * 1800).astype(np.int64)
    vp = W.vpn_pools[rng.integers(6)]
    u = W.ua("axios/1.6.8")
    idx = W.add_accounts(k, cohort="trial_swarm", ring=rid, group=rid, role="trial_account", soph=soph, tier="free",
                         region=reg, created=c, email=[DISPOSABLE[i] for i in rng.integers(0, len(DISPOSABLE), k)],
                         ipA=vp, ua0=u, ua1=u, keys=[W.key_pool(1) for _ in range(k)], pref_model=2)
    cd = c // DAY_S
    ev = W.schedule(rng, idx, 80, 1., "flat", lo=cd, hi=cd + rng.integers(1, 4, k), sess_mean=80, gap_s=30, tz=0)
    m = len(ev["acc"])
    W.emit(ev, _harvest(W, rng, cap[:2], m, .6), np.full(m, 2), np.full(m, 400.), op=True,
           ip=W.ip_pools.pick(rng, np.full(m, vp)))


def r_cloud_hopper(W, rng, k):
    rid, soph, cap = _ring_common(W, rng, "cloud_hopper", k)
    reg = W.regions(rng, k)
    pools = [W.cloud_pool(rng, 6, p) for p in W.cloud_names]
    u = W.ua("python-httpx/0.27.0")
    idx = W.add_accounts(k, cohort="cloud_hopper", ring=rid, group=rid, role="cloud_account", soph=soph,
                         tier="build", region=reg, created=W.created(rng, k, .3, 40), pay=W.cards(k),
                         email=W.emails(rng, reg), ipA=pools[0], ua0=u, ua1=u, keys=[W.key_pool(2) for _ in range(k)],
                         pref_model=0)
    ev = W.schedule(rng, idx, rng.lognormal(np.log(90), .3, k), .85, "flat", sess_mean=40, gap_s=10, tz=0)
    m = len(ev["acc"])
    day = (ev["t"] // DAY_S).astype(int)
    prov = (day // 3 + ev["acc"]) % len(pools)
    W.emit(ev, _harvest(W, rng, cap[:2], m, .4), W.models(rng, ev["acc"], [.6, .2, .2, 0, 0]), np.full(m, 400.),
           op=True, ip=W.ip_pools.pick(rng, np.array(pools)[prov]))


def r_resi_proxy(W, rng, k):
    rid, soph, cap = _ring_common(W, rng, "resi_proxy", k)
    reg = W.regions(rng, k)
    px = W.proxy_slice(rng, list(range(len(REGIONS))), 2000)
    cards = W.cards((k + 1) // 2)
    u0, u1, ud = W.sdk_uas(rng, k, 0)
    idx = W.add_accounts(k, cohort="resi_proxy", ring=rid, group=rid, role="proxy_account", soph=soph, tier="build",
                         region=reg, created=W.created(rng, k, .1, 90), pay=[cards[i // 2] for i in range(k)],
                         email=W.emails(rng, reg), ipA=px, ua0=u0, ua1=u1, uaday=ud,
                         keys=[W.key_pool(2) for _ in range(k)], pref_model=0)
    ev = W.schedule(rng, idx, rng.lognormal(np.log(70), .25, k), .8, "app", sess_mean=25, gap_s=25)
    m = len(ev["acc"])
    pre = rng.integers(0, len(HARVEST_PREFIX), k)[np.searchsorted(idx, ev["acc"])]
    W.emit(ev, _harvest(W, rng, cap, m, .5, prefix_of=pre, cot_of=np.zeros(m, int) + int(rng.integers(len(COT)))),
           W.models(rng, ev["acc"], [.5, 0, .5, 0, 0]), np.full(m, 400.), op=True,
           ip=W.ip_pools.pick(rng, np.full(m, px)))


def r_cot_siphon(W, rng, k):
    rid, soph, cap = _ring_common(W, rng, "cot_siphon", k)
    caps = sorted(CAPABILITIES)
    cap = cap + CAPABILITIES[caps[rng.integers(len(caps))]]
    reg = W.regions(rng, k)
    egress = W.cloud_pool(rng, int(rng.integers(3, 10)))
    u = W.ua("skerry-python/2.3.4")
    idx = W.add_accounts(k, cohort="cot_siphon", ring=rid, group=rid, role="reasoning_account", soph=soph,
                         tier="pro", region=reg, created=W.created(rng, k, .2, 60),
                         pay=[W.invoice() if rng.random() < .4 else W.cards(1)[0] for _ in range(k)],
                         email=[W.org_domain(rng) for _ in range(k)], ipA=egress, ua0=u, ua1=u,
                         keys=[W.key_pool(2) for _ in range(k)], keymode="rand", pref_model=2)
    ev = W.schedule(rng, idx, rng.lognormal(np.log(90), .3, k), .85, "flat", sess_mean=50, gap_s=15)
    m = len(ev["acc"])
    W.emit(ev, _harvest(W, rng, cap, m, 1.), np.full(m, 2), np.full(m, 350.), op=True,
           ip=W.ip_pools.pick(rng, np.full(m, egress)))


def r_aged_bought(W, rng, k):
    rid, soph, cap = _ring_common(W, rng, "aged_bought", k)
    reg = W.regions(rng, k)
    cards = W.cards((k + 2) // 3)
    px = W.proxy_slice(rng, list(range(len(REGIONS))), 800)
    wake = int(rng.integers(0, max(1, W.D - 7)))
    u0, _, _ = W.sdk_uas(rng, k, .3)
    new = W.ua("skerry-python/2.4.0")
    idx = W.add_accounts(k, cohort="aged_bought", ring=rid, group=rid, role="bought_account", soph=soph,
                         tier="build", region=reg,
                         created=(-(rng.uniform(540, 1400, k)) * DAY_S).astype(np.int64),
                         pay=[cards[i // 3] for i in range(k)], email=W.emails(rng, reg), ipA=px, ua0=u0, ua1=new,
                         uaday=wake, keys=[W.key_pool(1) for _ in range(k)], pref_model=0)
    ev = W.schedule(rng, idx, rng.lognormal(np.log(70), .3, k), .85, "app", lo=wake, sess_mean=30, gap_s=20)
    m = len(ev["acc"])
    W.emit(ev, _harvest(W, rng, cap[:3], m, .5), W.models(rng, ev["acc"], [.5, .2, .3, 0, 0]), np.full(m, 400.),
           op=True, ip=W.ip_pools.pick(rng, np.full(m, px)))


def r_hydra(W, rng, k):
    """A reseller's "hydra": a relay that sells cheap access to end customers and runs its own harvest through the
    same pool of hundreds of accounts, load-balanced, keys picked per request."""
    rid, soph, cap = _ring_common(W, rng, "hydra_reseller", k)
    caps = sorted(CAPABILITIES)
    cap2 = cap + CAPABILITIES[caps[rng.integers(len(caps))]]
    reg = W.regions(rng, k)
    gw = W.dc_pool(rng, int(rng.integers(25, 60)))
    px = W.proxy_slice(rng, list(range(len(REGIONS))), 1500)
    waves = -rng.integers(10, 200, 5)
    cr = ((waves[rng.integers(0, 5, k)] + rng.random(k) * 4) * DAY_S).astype(np.int64)
    # most accounts have their own card; leftovers of card batches are shared by two to four accounts
    pay = W.cards(k)
    batch = rng.random(k) < .25
    bcards = W.cards(max(1, int(batch.sum()) // 3))
    pay = [bcards[rng.integers(len(bcards))] if batch[i] else pay[i] for i in range(k)]
    relay = W.ua("new-api/v0.6.11 (relay)")
    idx = W.add_accounts(k, cohort="hydra_reseller", ring=rid, group=rid, role="hydra_node", soph=soph,
                         tier=rng.choice(["build", "pro"], size=k, p=[.7, .3]), region=reg, created=cr, pay=pay,
                         email=W.emails(rng, reg), ipA=gw, ua0=relay, ua1=relay,
                         keys=[W.key_pool(int(rng.integers(2, 6))) for _ in range(k)], keymode="rand", pref_model=0)
    # rotation: each account serves a contiguous stretch of the window (bans and fresh accounts)
    lo = rng.integers(-1, W.D // 2, k)
    hi = lo + rng.integers(W.D // 3, W.D + 2, k)
    ev = W.schedule(rng, idx, rng.normal(40, 5, k).clip(15), .95, "app", lo=lo, hi=hi, sess_mean=30, gap_s=30)
    m = len(ev["acc"])
    harvest = rng.random(m) < .45
    pr = np.empty(m, dtype=object)
    nh = int(harvest.sum())
    pr[harvest] = _harvest(W, rng, cap2, nh, .7)
    resold = W.T.chat(rng, m - nh, .25)
    code = W.T.code(rng, m - nh)
    cu = rng.random(m - nh) < .3
    pr[~harvest] = [code[i] if cu[i] else resold[i] for i in range(m - nh)]
    model = np.where(harvest, rng.choice([0, 2, 3], size=m, p=[.3, .5, .2]), rng.choice([0, 1, 3], size=m))
    ip = W.ip_pools.pick(rng, np.full(m, gw))
    via = rng.random(m) < .2
    ip[via] = W.ip_pools.pick(rng, np.full(via.sum(), px))
    fwd = np.array([W.ua(UA_SDK[f][0].format(UA_SDK[f][1][1])) for f in range(len(UA_SDK))])
    ua = np.where(harvest | (rng.random(m) < .5), relay, fwd[rng.integers(0, len(fwd), m)])
    W.emit(ev, list(pr), model, np.where(harvest, 500., 350.), op=True, ip=ip, ua=ua)


def r_shift_weaver(W, rng, k):
    """*new*: a follow-the-sun operation: every account a persona in its own region with office hours, weekends
    off and local holidays, the harvest spread over all five models, a third of its traffic ordinary chat."""
    rid, soph, cap = _ring_common(W, rng, "shift_weaver", k)
    reg = W.regions(rng, k)
    px = {int(r): W.proxy_slice(rng, [int(r)], 60) for r in np.unique(reg)}
    u0, u1, ud = W.sdk_uas(rng, k, .3)
    idx = W.add_accounts(k, cohort="shift_weaver", ring=rid, group=rid, role="persona_account", soph=soph,
                         tier="build", region=reg, created=W.created(rng, k, 0., 200), pay=W.cards(k),
                         email=W.emails(rng, reg), ipA=[px[int(r)] for r in reg], ua0=u0, ua1=u1, uaday=ud,
                         keys=[W.key_pool(int(rng.integers(1, 3))) for _ in range(k)],
                         pref_model=rng.integers(0, 4, k))
    quota = rng.uniform(60, 90)
    ev = W.schedule(rng, idx, np.full(k, quota), .9, "work", sess_mean=8, gap_s=60)
    m = len(ev["acc"])
    j = np.searchsorted(idx, ev["acc"])
    pre = rng.integers(0, len(HARVEST_PREFIX), k)[j]
    cot = rng.integers(0, len(COT), k)[j]
    h = _harvest(W, rng, cap, m, .8, prefix_of=pre, cot_of=cot)
    chat = W.T.chat(rng, m, .1)
    cover = rng.random(m) < .33
    mdl = rng.integers(0, 5, m)
    mdl[mdl == 4] = 0
    W.emit(ev, [chat[i] if cover[i] else h[i] for i in range(m)], mdl, np.full(m, 400.), op=True,
           ip=W.ip_pools.pick(rng, W.A("ipA")[ev["acc"]]))


def r_dataset_streamer(W, rng, k):
    """*new*: a public dataset's rows, streamed in disjoint slices: no template, no item twice across the ring,
    instructions paraphrased per account, a scheduler that starts every account at the same UTC hour."""
    rid, soph, cap = _ring_common(W, rng, "dataset_streamer", k)
    reg = W.regions(rng, k)
    provs = list(rng.choice(W.cloud_names, size=2, replace=False))
    pools = [W.cloud_pool(rng, 10, p) for p in provs]
    cards = W.cards((k + 1) // 2)
    u0, u1, ud = W.sdk_uas(rng, k, 0)
    idx = W.add_accounts(k, cohort="dataset_streamer", ring=rid, group=rid, role="stream_account", soph=soph,
                         tier="pro", region=reg, created=W.created(rng, k, .1, 30), pay=[cards[i // 2] for i in range(k)],
                         email=W.emails(rng, reg), ipA=pools[0], ua0=u0, ua1=u1, uaday=ud,
                         keys=[W.key_pool(1) for _ in range(k)], pref_model=0)
    h0 = int(rng.integers(0, 24))
    hours = [0.] * 24
    for h in range(h0, h0 + 6):
        hours[h % 24] = 1.
    PROFILES[f"sched_{rid}"] = (hours, [1] * 7)
    PROF_ID[f"sched_{rid}"] = len(PROF_ID)
    ev = W.schedule(rng, idx, rng.lognormal(np.log(80), .2, k), .9, f"sched_{rid}", sess_mean=10 ** 4, gap_s=70, tz=0)
    m = len(ev["acc"])
    order = np.argsort(ev["t"], kind="stable")
    perm = rng.permutation(W.T.L)
    q = np.empty(m, np.int64)
    q[order] = np.arange(m)
    row = [W.T.S[perm[q[i] % W.T.L]] + " " + W.T.S[perm[(q[i] // W.T.L + 7) % W.T.L]] for i in range(m)]
    instr = ["Answer the following question and explain how you got there.", "Solve this and justify the answer.",
             "Give a complete, well-reasoned answer:", "Provide the answer with a detailed explanation.",
             "Respond thoroughly, showing your reasoning:", "Work through this carefully and answer:",
             "What is the correct answer? Explain step by step.", "Reply with a reasoned solution:"]
    ins = rng.integers(0, len(instr), k)[np.searchsorted(idx, ev["acc"])]
    side = (ev["acc"] % 2)
    W.emit(ev, [instr[ins[i]] + "\n" + row[i] for i in range(m)], np.full(m, 2), np.full(m, 300.), op=True,
           ip=W.ip_pools.pick(rng, np.array(pools)[side]))


def r_extension_parasite(W, rng, k):
    """*invented*: harvest wrapped in the PagePilot extension's own prompt and sent with its user agent."""
    rid, soph, cap = _ring_common(W, rng, "extension_parasite", k)
    reg = W.regions(rng, k)
    px = W.proxy_slice(rng, list(range(len(REGIONS))), 600)
    u = W.ua(EXT["pagepilot"][0])
    idx = W.add_accounts(k, cohort="extension_parasite", ring=rid, group=rid, role="extension_lookalike", soph=soph,
                         tier=rng.choice(["free", "build"], size=k, p=[.3, .7]), region=reg,
                         created=W.created(rng, k, .1, 60), pay="", email=W.emails(rng, reg), ipA=px, ua0=u, ua1=u,
                         keys=[W.key_pool(1) for _ in range(k)], pref_model=1)
    acc_tier = W.A("tier")
    for i in idx:
        if acc_tier[i] != "free":
            W.acc["pay"][i] = W.cards(1)[0]
    W._cache.clear()
    ev = W.schedule(rng, idx, rng.lognormal(np.log(45), .3, k), .85, "dev", sess_mean=10)
    m = len(ev["acc"])
    h = _harvest(W, rng, cap, m, .6)
    ti = W.T.sents(rng, m, 1)
    wi = rng.integers(0, 2, m)
    W.emit(ev, [EXT["pagepilot"][1][wi[i]].format(t=ti[i][:70], x=h[i]) for i in range(m)],
           rng.choice([1, 2], size=m, p=[.5, .5]), np.full(m, 380.), op=True, ip=W.ip_pools.pick(rng, np.full(m, px)))


def r_mooc_stowaway(W, rng, k, W_calendar):
    """*invented*: accounts that join a MOOC's enrollment burst, do its exercises for two days, then harvest."""
    rid, soph, cap = _ring_common(W, rng, "mooc_stowaway", k)
    g = int(rng.integers(0, 2))
    c0 = int(W_calendar["mooc_weeks"][g])
    reg = W.regions(rng, k)
    px = W.proxy_slice(rng, sorted(set(int(r) for r in reg)), 200)
    u0, u1, ud = W.sdk_uas(rng, k, .2)
    cr = np.minimum((c0 - 3) * DAY_S + rng.gamma(2., 1.2, k) * DAY_S, (W.D - 1) * DAY_S).astype(np.int64)
    idx = W.add_accounts(k, cohort="mooc_stowaway", ring=rid, group=rid, role="course_lookalike", soph=soph,
                         tier="free", region=reg, created=cr, email=W.emails(rng, reg), ipA=px, ua0=u0, ua1=u1,
                         uaday=ud, keys=[W.key_pool(1) for _ in range(k)], pref_model=1)
    # the course's own exercises first (the same notebook text the learners send)
    ex = W.course_sheets[g]
    ev = W.schedule(rng, idx, 6, .9, "student", lo=c0, hi=c0 + 2)
    m = len(ev["acc"])
    W.emit(ev, [ex[i] for i in rng.integers(0, len(ex), m)], np.full(m, 1), np.full(m, 300.), op=True,
           ip=W.ip_pools.pick(rng, np.full(m, px)))
    ev = W.schedule(rng, idx, 70, .95, "ring_night", lo=c0 + 2, sess_mean=25, gap_s=25)
    m = len(ev["acc"])
    W.emit(ev, _harvest(W, rng, cap, m, .7), rng.choice([1, 2], size=m), np.full(m, 380.), op=True,
           ip=W.ip_pools.pick(rng, np.full(m, px)))


def r_ato(W, rng, k, light: int):
    """*new*: account takeover. ``k`` real customers' paid accounts (their own history, card and ongoing traffic)
    are taken over with stuffed credentials; the ring creates a new key on each and harvests through residential
    proxies for a few days until the owner resets the password. ``light`` other customers' accounts are only
    tested (a handful of requests: they stay benign)."""
    rid, soph, cap = _ring_common(W, rng, "ato_borrower", k)
    b0 = len(W.blocks)
    reg = W.regions(rng, k)
    tier = rng.choice(["build", "pro"], size=k, p=[.8, .2])
    u0, u1, ud = W.sdk_uas(rng, k, .3)
    idx = W.add_accounts(k, cohort="ato_borrower", ring=rid, group=rid, role="ato_victim", soph=soph, tier=tier,
                         region=reg, created=W.created(rng, k, 0., 500), pay=W.cards(k), email=W.emails(rng, reg),
                         ipA=[W.home_pool(rng, r, int(rng.integers(1, 3))) for r in reg], ipB=[W.cgnat[r] for r in reg],
                         pB=.15, ua0=u0, ua1=u1, uaday=ud, keys=[W.key_pool(int(rng.integers(1, 3))) for _ in range(k)],
                         pref_model=W.pref_models(rng, k, CHAT_MIX))
    # the owners' own traffic (not the ring's): hobbyist-like
    ev = W.schedule(rng, idx, rng.lognormal(np.log(5), .7, k), rng.beta(2, 4, k), "evening")
    _content(W, rng, ev, ("chat", "code"), CHAT_MIX)
    W.blocks[-1]["owner"] = True
    px = W.proxy_slice(rng, list(range(len(REGIONS))), 1200)
    uas = [W.ua(s) for s in ("python-httpx/0.27.2", "python-requests/2.32.3", "aiohttp/3.9.5")]
    d0 = rng.integers(0, max(1, W.D - 2), k)
    d1 = d0 + rng.integers(2, 9, k)
    ev = W.schedule(rng, idx, rng.lognormal(np.log(160), .3, k), 1., "flat", lo=d0, hi=d1, sess_mean=40, gap_s=12)
    m = len(ev["acc"])
    newkeys = np.array([W.keys.__len__() + i for i in range(k)])
    W.keys.extend(W.hexid("sk_", 20) for _ in range(k))
    j = np.searchsorted(idx, ev["acc"])
    W.emit(ev, _harvest(W, rng, cap, m, .6), rng.choice([0, 2], size=m), np.full(m, 420.), op=True,
           ip=W.ip_pools.pick(rng, np.full(m, px)), ua=np.array(uas)[rng.integers(0, 3, k)][j], key=newkeys[j])
    W.ato_light.append((rid, light, cap, px, uas))


def ato_light_probes(W, rng):
    """Credential checks on other customers' paid accounts: a few requests each, far under half of their own."""
    tier, coh = W.A("tier"), W.A("cohort")
    own = np.bincount(np.concatenate([b["acc"] for b in W.blocks if not b["op"].any()]), minlength=W.n)
    taken = set()
    for rid, light, cap, px, uas in W.ato_light:
        cand = np.nonzero((tier != "free") & np.isin(coh, ["hobbyist", "indie_dev", "multi_account_dev"]) & (own >= 30))[0]
        cand = np.array([c for c in cand if c not in taken])
        if not len(cand) or not light:
            continue
        v = rng.choice(cand, size=min(light, len(cand)), replace=False)
        taken.update(v.tolist())
        cnt = np.minimum(rng.integers(2, 8, len(v)), own[v] // 4)
        a = np.repeat(v, cnt)
        d = np.repeat(rng.integers(0, W.D, len(v)), cnt)
        t = d * DAY_S + np.repeat(rng.random(len(v)) * 80000, cnt) + rng.random(len(a)) * 600
        keep = t >= W.A("created")[a]
        for i in v:
            W.acc["role"][i] = "ato_victim_light"
        W._cache.clear()
        ev = {"acc": a[keep], "t": t[keep]}
        m = len(ev["acc"])
        W.emit(ev, _harvest(W, rng, cap, m, .6), np.full(m, 0), np.full(m, 420.), op=True,
               ip=W.ip_pools.pick(rng, np.full(m, px)), ua=np.full(m, uas[0]))
        W.blocks[-1]["light"] = True


RING_FN = {"card_pool": r_card_pool, "trial_swarm": r_trial_swarm, "cloud_hopper": r_cloud_hopper,
           "resi_proxy": r_resi_proxy, "cot_siphon": r_cot_siphon, "aged_bought": r_aged_bought,
           "hydra_reseller": r_hydra, "shift_weaver": r_shift_weaver, "dataset_streamer": r_dataset_streamer,
           "extension_parasite": r_extension_parasite}


# ---------------------------------------------------------------- plan

BENIGN_SHARES = [("office_nat", .10), ("household", .05), ("carrier_mobile", .06), ("campus", .05),
                 ("vpn_privacy", .03), ("heavy_app", .003), ("saas_byok", .04), ("classroom", .03),
                 ("eval_lab", .006), ("agent_swarm", .012), ("synth_data", .006), ("browser_extension", .08),
                 ("doc_pipeline", .012), ("mooc_learner", .04), ("bpo_support", .03), ("multi_account_dev", .02),
                 ("indie_dev", .09)]
BENIGN_FN = {"hobbyist": b_hobbyist, "indie_dev": b_indie, "household": b_household, "office_nat": b_office,
             "carrier_mobile": b_carrier, "campus": b_campus, "vpn_privacy": b_vpn, "heavy_app": b_heavy_app,
             "saas_byok": b_saas, "classroom": b_classroom, "eval_lab": b_eval_lab, "agent_swarm": b_agent_swarm,
             "synth_data": b_synth, "browser_extension": b_extension, "doc_pipeline": b_doc_pipeline,
             "bpo_support": b_bpo, "multi_account_dev": b_multi_dev}
BENIGN = ["hobbyist"] + [c for c, _ in BENIGN_SHARES]
RING_KINDS = SMALL_KINDS + ["hydra_reseller"]
WORLD_SHARE = {"small": .0045, "mixed": .06, "hydra": .1}


def ring_share(args) -> float:
    return WORLD_SHARE[args.world] if args.ring_share is None else args.ring_share


def _split(rng, total: int, lo: int, hi: int) -> list[int]:
    if total < lo:
        return [total] if total > 0 else []
    out = []
    while total - sum(out) > hi:
        out.append(int(rng.integers(lo, hi + 1)))
    rest = total - sum(out)
    if rest >= lo:
        out.append(rest)
    else:
        i = 0
        while rest > 0:                   # spread a remainder below ``lo`` over rings that have room
            j = i % len(out)
            if out[j] < hi:
                out[j] += 1
                rest -= 1
            i += 1
            if i > 100 * (len(out) + 1):
                out.append(rest)
                break
    return out


def ring_plan(rng, world: str, R: int, N: int) -> list[tuple[str, int]]:
    if world == "small":
        sizes = _split(rng, R, 3, 15)
        big = []
    elif world == "mixed":
        s, m = round(.5 * R), round(.3 * R)
        l_ = R - s - m
        big = _split(rng, l_, 61, 400) if l_ >= 61 else []
        sizes = _split(rng, s + (l_ if not big else 0), 3, 15) + _split(rng, m, 16, 60)
    else:
        nh = 1 + int(rng.random() < .6)          # one hydra of 900-1,500 or two of 500-800 per 20,000 accounts
        hs = [round(rng.uniform(.045, .075) * N)] if nh == 1 else [round(x * N) for x in rng.uniform(.025, .04, 2)]
        big = [("hydra_reseller", int(h)) for h in hs]
        rest = R - sum(hs)
        sizes = _split(rng, rest // 2, 3, 15) + _split(rng, rest - rest // 2, 16, 60)
    kinds = list(rng.permutation(SMALL_KINDS))
    plan = [(kinds[i % len(kinds)], s) for i, s in enumerate(sizes)]
    if world == "mixed":
        bk = ["hydra_reseller", "shift_weaver", "ato_borrower", "resi_proxy"]
        plan += [(bk[i % len(bk)], s) for i, s in enumerate(big)]
    elif world == "hydra":
        plan = big + plan
    return plan


# ---------------------------------------------------------------- assemble

def build(args, ref: Ref) -> tuple[World, dict]:
    W = World(args, ref)
    N, D = W.N, W.D
    plan_rng = W.rng(2)
    R = round(ring_share(args) * N)
    plan = ring_plan(plan_rng, args.world, R, N)
    assert sum(s for _, s in plan) == R, (plan, R)
    W.calendar = {"start": str(START.isoformat()), "model_release_day": RELEASE_DAY,
                  "mooc_weeks": [int(min(2, D - 1)), int(min(14, max(0, D - 7)))]}
    W.acc_never = []
    W.ato_light = []
    W.course_sheets = []
    nb = N - R
    counts = {c: int(round(s * nb)) for c, s in BENIGN_SHARES}
    counts["heavy_app"] = max(counts["heavy_app"], 2)
    counts = {"hobbyist": nb - sum(counts.values()), **counts}
    order = ["hobbyist", "indie_dev", "household", "office_nat", "carrier_mobile", "campus", "vpn_privacy",
             "heavy_app", "saas_byok", "classroom", "eval_lab", "agent_swarm", "synth_data", "browser_extension",
             "doc_pipeline", "mooc_learner", "bpo_support", "multi_account_dev"]
    t0 = time.time()
    for i, c in enumerate(order):
        rng = W.rng(100 + i)
        n0 = W.n
        if c == "mooc_learner":
            b_mooc(W, rng, counts[c], W.calendar)
            continue
        if counts[c] > 0:
            BENIGN_FN[c](W, rng, counts[c])
        assert W.n - n0 == counts[c], (c, W.n - n0, counts[c])
        log(args, f"  {c}: {counts[c]} accounts ({time.time() - t0:.0f} s)")
    for j, (kind, size) in enumerate(plan):
        rng = W.rng(500 + j)
        if kind == "ato_borrower":
            r_ato(W, rng, size, light=max(2, size // 2))
        elif kind == "mooc_stowaway":
            r_mooc_stowaway(W, rng, size, W.calendar)
        else:
            RING_FN[kind](W, rng, size)
    ato_light_probes(W, W.rng(900))
    log(args, f"  rings: {R} accounts in {len(plan)} rings ({time.time() - t0:.0f} s)")
    assert W.n == N, (W.n, N)
    return W, {"R": R, "plan": plan}


def log(args, msg):
    if not args.quiet:
        print(msg, file=sys.stderr, flush=True)


def finish(W: World, args, info: dict, out: Path, t_start: float):
    rng = W.rng(3)
    N, D = W.N, W.D
    B = W.blocks
    acc = np.concatenate([b["acc"] for b in B])
    t = np.concatenate([b["t"] for b in B])
    prompt = pa.chunked_array([b["prompt"] for b in B], pa.large_string()).combine_chunks()
    model = np.concatenate([b["model"] for b in B])
    tok = np.concatenate([b["tok"] for b in B])
    ip = np.concatenate([b["ip"] for b in B])
    ua = np.concatenate([b["ua"] for b in B])
    key = np.concatenate([b["key"] for b in B])
    op = np.concatenate([b["op"] for b in B])
    n0 = len(acc)
    # retries: a timed-out request sent again 1-8 s later (the first attempt has no token count)
    rep = np.nonzero(rng.random(n0) < .012)[0]
    tok_null = np.zeros(n0 + len(rep), bool)
    tok_null[rep[rng.random(len(rep)) < .6]] = True
    src = np.concatenate([np.arange(n0), rep])
    t = np.concatenate([t, t[rep] + rng.uniform(1, 8, len(rep))])
    acc, model, tok, ip, ua, key, op = (x[src] for x in (acc, model, tok, ip, ua, key, op))
    # clock skew: one edge node's clock ran 20-200 s ahead for three days
    n1 = len(acc)
    day = (t // DAY_S).astype(np.int64)
    sk = (day >= 15) & (day < 18) & (rng.random(n1) < .12)
    t = t + np.where(sk, rng.uniform(20, 200), 0)
    ms = np.floor(t * 1000).astype(np.int64)
    created_ms = W.A("created")[acc] * 1000
    ok = (ms >= 0) & (ms < D * DAY_S * 1000) & (ms >= created_ms)
    # per-plan limits (per UTC minute first, then per UTC day), refusals not logged
    tier = W.A("tier")
    mcap = np.array([MINUTE[x] for x in tier])[acc]
    dcap = np.array([DAILY[x] for x in tier])[acc]
    ordr = np.lexsort((np.arange(n1), ms, acc))
    keep = ok.copy()

    def rank_within(key_arr, mask):
        sel = ordr[mask[ordr]]
        kk = key_arr[sel]
        brk = np.concatenate([[True], kk[1:] != kk[:-1]])
        grp_start = np.maximum.accumulate(np.where(brk, np.arange(len(kk)), 0))
        r = np.empty(n1, np.int64)
        r[sel] = np.arange(len(kk)) - grp_start
        return r

    minute_key = acc * (D * 1440 + 2) + np.clip(ms // 60000, 0, D * 1440)
    r = rank_within(minute_key, keep)
    keep &= ~(ok & (r >= mcap))
    day_key = acc * (D + 1) + np.clip(ms // (DAY_S * 1000), 0, D)
    r = rank_within(day_key, keep)
    keep &= ~(keep & (r >= dcap))
    refused = int(ok.sum() - keep.sum())
    # time order of the log
    sel = np.nonzero(keep)[0]
    sel = sel[np.lexsort((sel, acc[sel], ms[sel]))]
    n = len(sel)
    acc_s, ms_s = acc[sel], ms[sel]
    # logging noise: missing client address (a load balancer dropped it, mostly during one bad night), user agent,
    # token count
    d_s = ms_s // (DAY_S * 1000)
    h_s = (ms_s // 3600000) % 24
    bad = (d_s == 9) & (h_s < 6)
    ip_null = (rng.random(n) < .008) | (bad & (rng.random(n) < .4))
    ua_null = rng.random(n) < .02
    tk_null = tok_null[sel] | (rng.random(n) < .01)
    ids = make_ids(W)
    truth, accounts, meta_counts = tables(W, ids, acc_s, op[sel], info)
    ev = {
        "account_id": pa.DictionaryArray.from_arrays(pa.array(acc_s, pa.int32()), pa.array(ids)).dictionary_decode(),
        "timestamp": pa.array(ms_s + START.value // 10 ** 6, pa.timestamp("ms", tz="UTC")),
        "ip": pa.DictionaryArray.from_arrays(pa.array(ip[sel], pa.int32(), mask=ip_null),
                                             pa.array(W.ips)).dictionary_decode(),
        "payment_method": pa.array(np.array(W.acc["pay"], dtype=object)[acc_s], pa.string()),
        "prompt": prompt.take(pa.array(src[sel])),
        "user_agent": pa.DictionaryArray.from_arrays(pa.array(ua[sel], pa.int32(), mask=ua_null),
                                                     pa.array(W.uas)).dictionary_decode(),
        "output_tokens": pa.array(tok[sel], pa.int64(), mask=tk_null),
        "api_key_id": pa.DictionaryArray.from_arrays(pa.array(key[sel], pa.int32()), pa.array(W.keys)).dictionary_decode(),
        "model": pa.DictionaryArray.from_arrays(pa.array(model[sel], pa.int32()), pa.array(MODELS)).dictionary_decode(),
    }
    pm = ev["payment_method"]
    ev["payment_method"] = pc.if_else(pc.equal(pm, ""), pa.scalar(None, pa.string()), pm)
    cols = ["account_id", "timestamp", "ip", "payment_method", "prompt"] + \
        ([] if args.minimal else ["user_agent", "output_tokens", "api_key_id", "model"])
    table = pa.table({c: ev[c] for c in cols})
    out.mkdir(parents=True, exist_ok=True)
    for f in out.glob("events.*"):
        f.unlink()
    step = 500_000
    if args.format == "parquet":
        schema = table.schema.set(table.schema.get_field_index("prompt"), pa.field("prompt", pa.string()))
        with pq.ParquetWriter(out / "events.parquet", schema, compression="zstd") as wr:
            for i0 in range(0, max(n, 1), step):
                part = table.slice(i0, step)
                wr.write_table(part.set_column(part.schema.get_field_index("prompt"), "prompt",
                                               part.column("prompt").cast(pa.string())), row_group_size=step)
    else:
        offs = np.array([("+" if r[2] >= 0 else "-") + f"{abs(r[2]) // 60:02d}:{abs(r[2]) % 60:02d}"
                         if r[0] in LOCAL_SHARDS else "Z" for r in REGIONS], dtype=object)
        off_min = np.array([r[2] if r[0] in LOCAL_SHARDS else 0 for r in REGIONS], np.int64)
        reg = W.A("region")[acc_s]
        write_text(table, off_min[reg], offs[reg], out / f"events.{args.format}", args.format, step)
    acc_cols = ["account_id", "payment_method"] if args.minimal else \
        ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
    accounts[acc_cols].to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    coh = W.A("cohort")
    ev_coh = coh[acc_s]
    cohorts = {}
    for c in sorted(set(coh)):
        cohorts[c] = {"accounts": int((coh == c).sum()), "events": int((ev_coh == c).sum()),
                      "ring": c in RING_KINDS}
    ring_rows = truth[truth["is_ring"] == "true"]
    meta = {
        "world": "world31", "platform_name": "Skerry",
        "params": {"seed": args.seed, "n_accounts": N, "world": args.world, "days": D, "start": START.isoformat(),
                   "ring_share": ring_share(args), "minimal": bool(args.minimal), "format": args.format},
        "platform": {"plans": PLANS, "daily_limits": DAILY, "minute_limits": MINUTE, "models": MODELS,
                     "model_release": {"sk-3.5": (START + pd.Timedelta(days=RELEASE_DAY)).isoformat()},
                     "regions": {r[0]: {"country": r[1], "utc_offset_minutes": r[2]} for r in REGIONS},
                     "csv_jsonl_local_offset_regions": sorted(LOCAL_SHARDS)},
        "calendar": {**W.calendar, "skewed_clock_days": [15, 16, 17], "missing_ip_night": "day 9, 00:00-06:00 UTC"},
        "counts": {"accounts": N, "events": n, "requests_drawn": int(ok.sum()), "refused_requests_not_logged": refused,
                   "retry_duplicates_drawn": int(len(rep)), "accounts_without_events": int(N - len(np.unique(acc_s))),
                   "ring_accounts": int(len(ring_rows)), "rings": len(W.rings),
                   "ring_accounts_by_kind": {k: int(v) for k, v in ring_rows.groupby("cohort").size().items()},
                   **meta_counts},
        "cohorts": cohorts,
        "rings": W.rings,
        "reference_data": {"root": "$GRAPHHUNT_SHARED_DATA", "files": dict(sorted(W.ref.files.items()))},
        "generator_sha256": _sha(Path(__file__).resolve()),
        "generation_seconds": round(time.time() - t_start, 1),
    }
    (out / "world.json").write_text(json.dumps(meta, indent=1, sort_keys=False) + "\n")
    return meta


def make_ids(W: World) -> list[str]:
    r = W.rng(4)
    nums = r.choice(16 ** 7, size=W.N, replace=False)
    return [f"u_{x:07x}" for x in nums]


def tables(W: World, ids: list[str], acc_s: np.ndarray, op_s: np.ndarray, info: dict):
    N = W.N
    tot = np.bincount(acc_s, minlength=N)
    ring_ev = np.bincount(acc_s[op_s], minlength=N)
    share = np.where(tot > 0, ring_ev / np.maximum(tot, 1), np.nan)
    ring = np.array(W.acc["ring"], dtype=object)
    is_ring = ring != ""
    role = np.array(W.acc["role"], dtype=object)
    never = np.zeros(N, bool)
    never[np.array(W.acc_never, np.int64)] = True
    role = np.where((role == "") & never & (tot == 0), "never_calls", role)
    created = pd.to_datetime(START.value // 10 ** 9 + np.array(W.acc["created"]), unit="s", utc=True)
    truth = pd.DataFrame({
        "account_id": ids, "is_ring": np.where(is_ring, "true", "false"), "ring_id": ring,
        "cohort": W.acc["cohort"], "group_id": W.acc["group"], "tier": W.acc["tier"], "sophistication": W.acc["soph"],
        "role": role, "ring_request_share": [("" if np.isnan(s) else f"{s:.3f}") for s in share]})
    accounts = pd.DataFrame({
        "account_id": ids, "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"), "payment_method": W.acc["pay"],
        "email_domain": W.acc["email"], "country": [REGIONS[r][1] for r in W.acc["region"]], "org_id": W.acc["org"],
        "plan": W.acc["tier"]})
    truth = truth.sort_values("account_id", kind="stable").reset_index(drop=True)
    accounts = accounts.sort_values("account_id", kind="stable").reset_index(drop=True)
    grouped = (~is_ring) & (np.array(W.acc["group"], dtype=object) != "")
    return truth, accounts, {"benign_group_accounts": int(grouped.sum()),
                             "benign_groups": int(len(set(np.array(W.acc["group"], dtype=object)[grouped]))),
                             "ato_light_victims": int((role == "ato_victim_light").sum())}


def write_text(table: pa.Table, off_min: np.ndarray, offs: np.ndarray, path: Path, fmt: str, step: int):
    """CSV or JSON Lines; timestamps as ISO 8601 with the region shard's local offset (``Z`` for UTC shards)."""
    ms = table.column("timestamp").cast(pa.int64()).to_numpy()
    base = np.datetime_as_string((ms + off_min * 60000).astype("datetime64[ms]"), unit="ms").astype(object)
    ts = base + offs
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for i0 in range(0, max(table.num_rows, 1), step):
            df = table.slice(i0, step).to_pandas()
            df["timestamp"] = ts[i0:i0 + step]
            if "output_tokens" in df:
                df["output_tokens"] = df["output_tokens"].astype("Int64")
            if fmt == "csv":
                df.to_csv(fh, index=False, header=i0 == 0, lineterminator="\n")
            else:
                txt = df.to_json(orient="records", lines=True, force_ascii=False)
                fh.write(txt if txt.endswith("\n") or not txt else txt + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--n-accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--world", choices=["small", "mixed", "hydra"], default="mixed")
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--minimal", action="store_true")
    ap.add_argument("--format", choices=["parquet", "csv", "jsonl"], default="parquet")
    ap.add_argument("--ring-share", type=float, default=None,
                    help="share of ring accounts (default: small 0.0045, mixed 0.06, hydra 0.1)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.days < 3 or args.days > 34:
        ap.error("--days must be 3-34 (no clock change in any region before 2026-03-08)")
    if args.n_accounts < 300:
        ap.error("--n-accounts must be at least 300")
    data = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", "/work/shared/data"))
    if not (data / "prompts" / "awesome-chatgpt-prompts.csv").exists():
        sys.exit(f"shared reference data not found in {data} (set GRAPHHUNT_SHARED_DATA)")
    t0 = time.time()
    ref = Ref(data)
    log(args, f"reference data read ({time.time() - t0:.0f} s, {len(ref.templates)} templates)")
    W, info = build(args, ref)
    meta = finish(W, args, info, args.out, t0)
    log(args, f"wrote {args.out}: {meta['counts']['events']} events, {meta['counts']['ring_accounts']} ring accounts,"
              f" {meta['generation_seconds']} s")


if __name__ == "__main__":
    main()
