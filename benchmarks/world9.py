#!/usr/bin/env python3
"""world9: an independent synthetic-world generator for graphhunt (see docs/WORLD9.md).

Written without reading graphhunt's detector, its quality notes or any other world
generator: only the README's input contract and the shared reference data
(``../shared/data``: awesome-chatgpt-prompts, promptsource templates, IP ranges) were used.

    python benchmarks/world9.py --accounts 20000 --seed 1 --ring-share 0.002 \
        --ring-sizes small --out /tmp/w9/s1

Writes events.parquet, accounts.csv, truth.csv and world.json into --out.
Deterministic: the same arguments give byte-identical files.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

try:
    import yaml
except ImportError:  # pragma: no cover
    yaml = None

# ----------------------------------------------------------------------------------------
# Platform assumptions ("Halo API", a fictional LLM API platform)
# ----------------------------------------------------------------------------------------
DAILY_LIMIT = 600          # successful requests per account per UTC day; the rest get HTTP 429
MAX_OUTPUT_TOKENS = 16384  # hard cap on a response
MODELS = ["halo-3-mini", "halo-3", "halo-3-think", "halo-3.5-pro", "halo-code-2"]
M_MINI, M_STD, M_THINK, M_PRO, M_CODE = range(5)
EPOCH0 = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)  # a Monday; the window starts later

U64 = np.uint64
_M1, _M2, _G = U64(0xBF58476D1CE4E5B9), U64(0x94D049BB133111EB), U64(0x9E3779B97F4A7C15)


def shared_dir() -> Path:
    """Path of the shared reference data, or SystemExit with a clear message."""
    env = os.environ.get("WORLD9_SHARED_DATA")
    if env:  # an explicit path must be right: no silent fallback to another copy
        cands = [Path(env)]
    else:
        cands = [Path(__file__).resolve().parent.parent.parent / "shared" / "data", Path("/work/shared/data")]
    for c in cands:
        if (c / "prompts" / "awesome-chatgpt-prompts.csv").is_file() and (c / "ip" / "pyasn").is_dir():
            return c
    where = ", ".join(str(c) for c in cands)
    raise SystemExit(f"world9: shared reference data not found (looked in: {where}). "
                     "Set WORLD9_SHARED_DATA to the directory holding prompts/ and ip/.")


def mix64(x):
    x = (np.asarray(x, dtype=U64) + _G)
    x = (x ^ (x >> U64(30))) * _M1
    x = (x ^ (x >> U64(27))) * _M2
    return x ^ (x >> U64(31))


def h2(a, b):
    return mix64(np.asarray(a, dtype=U64) * U64(0x632BE59BD9B4E019) ^ mix64(b))


def unit(x):
    """uint64 hash -> float in [0, 1)."""
    return (x >> U64(11)).astype(np.float64) / float(1 << 53)


# ----------------------------------------------------------------------------------------
# Reference data
# ----------------------------------------------------------------------------------------
SLOT_CHOICE = re.compile(r"answer_choices|choices|candidates|options|endings")
SLOT_NUM = re.compile(r"year|number|num_|count|score|idx|index|label")
SLOT_LONG = re.compile(r"text|context|passage|article|document|review|content|dialog|story|paragraph|"
                       r"abstract|body|highlights|support|fact|evidence|summary|tweet|essay|email|"
                       r"code|comment|post|utterance|history|conversation|turns|docstring")
SLOT_MED = re.compile(r"premise|hypothesis|sentence|question|claim|query|statement|problem|goal|sol|"
                      r"ending|description|definition|input|target|headline|title|obs|ctx")


def _slot_kind(expr: str) -> str:
    m = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)", expr)
    name = (m.group(1) if m else expr).lower()
    for kind, rx in (("choice", SLOT_CHOICE), ("num", SLOT_NUM), ("long", SLOT_LONG), ("med", SLOT_MED)):
        if rx.search(name):
            return kind
    return "short"


def jinja_parts(jinja: str):
    """Promptsource Jinja -> [lit, kind, lit, kind, ..., lit] (the input side only)."""
    j = jinja.split("|||")[0]
    j = re.sub(r"{%.*?%}", "", j, flags=re.S)
    j = re.sub(r"{#.*?#}", "", j, flags=re.S)
    parts, buf, pos = [], "", 0
    for m in re.finditer(r"{{(.*?)}}", j, flags=re.S):
        buf += j[pos:m.start()]
        expr = m.group(1).strip()
        q = re.fullmatch(r"""(["'])(.*)\1""", expr, flags=re.S)
        if q:
            buf += q.group(2)
        else:
            parts += [buf, _slot_kind(expr)]
            buf = ""
        pos = m.end()
    buf += j[pos:]
    parts.append(buf)
    parts = [re.sub(r"[ \t]+\n", "\n", p) if i % 2 == 0 else p for i, p in enumerate(parts)]
    parts[0] = parts[0].lstrip()
    parts[-1] = parts[-1].rstrip()
    return parts


def fmt_parts(s: str):
    """'Write about {short} in {num} words' -> parts."""
    parts, pos = [], 0
    for m in re.finditer(r"\{(long|med|short|num|choice)\}", s):
        parts += [s[pos:m.start()], m.group(1)]
        pos = m.end()
    parts.append(s[pos:])
    return parts


class Shared:
    def __init__(self, root: Path):
        self.root = root
        self._load_prompts()
        self._load_ip()

    # -- prompts ---------------------------------------------------------------------
    def _load_prompts(self):
        df = pd.read_csv(self.root / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str, keep_default_na=False)
        self.awesome = [p for p in df["prompt"].tolist() if 40 <= len(p) <= 3000]
        self.awesome_acts = [a for a in df["act"].tolist() if a]
        if yaml is None:
            raise SystemExit("world9: PyYAML is needed to read the promptsource templates (pip install pyyaml)")
        base = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader

        class L(base):  # noqa: N801
            pass

        def cons(loader, node):
            return loader.construct_mapping(node, deep=True)

        yaml.add_constructor("!Template", cons, Loader=L)
        yaml.add_constructor("!TemplateMetadata", cons, Loader=L)
        root = self.root / "prompts" / "promptsource-templates"
        ps = []
        for p in sorted(root.glob("**/templates.yaml")):
            try:
                d = yaml.load(p.read_text(encoding="utf-8"), Loader=L) or {}
            except Exception:  # a malformed file is skipped, not fatal
                continue
            ds = p.parent.relative_to(root).parts[0]
            tpls = d.get("templates") or {}
            for k in sorted(tpls):
                j = (tpls[k] or {}).get("jinja")
                if not isinstance(j, str):
                    continue
                parts = jinja_parts(j)
                lit = "".join(parts[0::2]).strip()
                if len(parts) < 3 or len(lit) < 12 or len(lit) > 1200:
                    continue
                ps.append((ds, parts))
        if not ps:
            raise SystemExit(f"world9: no usable promptsource templates under {root}")
        self.promptsource = ps
        self.ps_by_ds = {}
        for i, (ds, _) in enumerate(ps):
            self.ps_by_ds.setdefault(ds, []).append(i)
        words = " ".join(self.awesome).replace("\n", " ").split()
        self.words = np.array([w for w in words if len(w) < 25], dtype=object)

    # -- IP data ---------------------------------------------------------------------
    def _load_ip(self):
        ipd = self.root / "ip"
        t = pd.read_csv(ipd / "pyasn" / "ipasn_20140513.dat.gz", sep="\t", comment=";", header=None,
                        names=["cidr", "asn"], dtype={"cidr": str, "asn": np.int64})
        with gzip.open(ipd / "pyasn" / "asnames.json.gz", "rt", encoding="utf-8") as f:
            names = json.load(f)
        univ = sorted(int(k) for k, v in names.items()
                      if v and re.search(r"UNIVERSITY|UNIV\b|COLLEGE", v.upper())
                      and re.search(r", (US|GB|DE|CA|AU|FR|NL)$", v))
        want = set(ALL_ISP_ASNS) | set(univ)
        t = t[t["asn"].isin(want)]
        net, plen = _cidrs(t["cidr"].tolist())
        asn = t["asn"].to_numpy()
        keep = (plen >= 10) & (plen <= 24)
        net, plen, asn = net[keep], plen[keep], asn[keep]
        self.asn_nets = {}
        for a in np.unique(asn):
            m = asn == a
            self.asn_nets[int(a)] = (net[m], plen[m])
        self.univ = [(a, names.get(str(a), "")) for a in univ if a in self.asn_nets]
        self.vpn = _cidrs(_lines(ipd / "vpn" / "x4b_vpn_ipv4.txt"))
        self.dc = _cidrs(_lines(ipd / "vpn" / "x4b_datacenter_ipv4.txt"))
        self.cloud = {}
        # VM hosts only (Cloudflare, Facebook and GitHub ranges are not where one rents a server)
        for prov in sorted(p.name for p in (ipd / "cloud").iterdir() if p.is_dir()
                           and p.name in ("amazon", "google", "microsoft", "oracle", "digitalocean", "linode")):
            f = ipd / "cloud" / prov / "ipv4_merged.txt"
            if f.is_file():
                n, pl = _cidrs(_lines(f))
                ok = pl >= 12
                if ok.any():
                    self.cloud[prov] = (n[ok], pl[ok])
        dcn, dcp = self.dc
        self.cloud["hosting"] = (dcn[dcp >= 12], dcp[dcp >= 12])
        tor = [x for x in _lines(ipd / "tor" / "tor-exit-nodes.lst") if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", x)]
        self.tor = _cidrs([x + "/32" for x in tor])[0]


def _lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]


def _cidrs(lines):
    lines = [x.split()[0] for x in lines if "/" in x and ":" not in x]
    s = pd.Series(lines, dtype=object).str.split("/", expand=True)
    o = s[0].str.split(".", expand=True).astype(np.int64)
    net = (o[0].to_numpy() << 24) | (o[1].to_numpy() << 16) | (o[2].to_numpy() << 8) | o[3].to_numpy()
    plen = s[1].astype(np.int64).to_numpy()
    net = net & ~((1 << (32 - plen)) - 1)
    return net.astype(np.int64), plen


def draw_addrs(rng, nets, plens, n, block24=False):
    """n random host addresses from CIDRs (prefix chosen by sqrt of its size)."""
    size = (1 << (32 - plens)).astype(np.float64)
    w = np.sqrt(size)
    i = rng.choice(len(nets), size=n, p=w / w.sum())
    sz = (1 << (32 - plens[i]))
    off = np.where(sz > 2, 1 + (rng.random(n) * np.maximum(sz - 2, 1)).astype(np.int64), 0)
    return (nets[i] + off).astype(np.int64)


def nat_block(rng, nets, plens, k):
    """k addresses inside one /24 (or smaller prefix) of the given CIDRs: a NAT or egress pool."""
    base = int(draw_addrs(rng, nets, plens, 1)[0]) & ~0xFF
    k = min(k, 250)
    return base + 1 + rng.choice(254, size=k, replace=False)


# ISPs: asn -> (country, IPv6 top-32 base, v6 span in top-32 units, share of v6-capable homes)
RESI = {
    7922: ("US", 0x26010000, 0x0FFF, 0.55), 7018: ("US", 0x26001700, 0x000F, 0.45),
    209: ("US", 0x26000000, 0x00FF, 0.20), 701: ("US", 0x26004000, 0x00FF, 0.40),
    3320: ("DE", 0x20030000, 0x1FFF, 0.60), 2856: ("GB", 0x2A0023C0, 0x001F, 0.45),
    5089: ("GB", 0, 0, 0.0), 12322: ("FR", 0x2A010E00, 0x003F, 0.70), 3215: ("FR", 0x2A01C000, 0x1FFF, 0.50),
    17676: ("JP", 0x24004000, 0x03FF, 0.40), 2516: ("JP", 0x24010000, 0x00FF, 0.35),
    1221: ("AU", 0x20018000, 0x0FFF, 0.30), 812: ("CA", 0x2607FEA8, 0x0007, 0.35),
    577: ("CA", 0, 0, 0.0), 4134: ("CN", 0x240E0000, 0x0FFF, 0.30), 18881: ("BR", 0x2804D000, 0x0FFF, 0.40),
    28573: ("BR", 0x2804014C, 0x0001, 0.40), 24560: ("IN", 0x2401E000, 0x00FF, 0.30),
    9829: ("IN", 0, 0, 0.0), 6830: ("NL", 0x2001_1C00, 0x00FF, 0.30),
}
# mobile carriers: asn -> (country, v6 top-32 base, span, v6 share of sessions)
CARRIER = {
    21928: ("US", 0x2607FB90, 0x0000, 0.90), 22394: ("US", 0x26001000, 0x00FF, 0.70),
    20057: ("US", 0x26000380, 0x000F, 0.60), 55836: ("IN", 0x24094000, 0x03FF, 0.85),
    45609: ("IN", 0x24014900, 0x0000, 0.55), 3320: ("DE", 0x2A010598, 0x0007, 0.40),
    2856: ("GB", 0x2A0025C0, 0x001F, 0.30),
}
BUSINESS = [174, 3356, 6461, 7018, 3320, 2856, 701, 209, 3215]
ALL_ISP_ASNS = sorted(set(RESI) | set(CARRIER) | set(BUSINESS))
COUNTRIES = [("US", 0.34, (-8, -5)), ("IN", 0.12, (5.5, 5.5)), ("GB", 0.07, (0, 0)), ("DE", 0.07, (1, 1)),
             ("FR", 0.05, (1, 1)), ("BR", 0.05, (-3, -3)), ("JP", 0.04, (9, 9)), ("CA", 0.05, (-8, -5)),
             ("AU", 0.03, (10, 10)), ("CN", 0.02, (8, 8)), ("NL", 0.03, (1, 1)), ("PL", 0.03, (1, 1)),
             ("NG", 0.02, (1, 1)), ("SG", 0.02, (8, 8)), ("MX", 0.02, (-6, -6)), ("KR", 0.02, (9, 9)),
             ("ES", 0.02, (1, 1))]
CC = [c[0] for c in COUNTRIES]
CW = np.array([c[1] for c in COUNTRIES]); CW = CW / CW.sum()
ISP_OF = {}
for _a, (_c, *_r) in RESI.items():
    ISP_OF.setdefault(_c, []).append(_a)
FREEMAIL = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com", "proton.me", "gmx.de",
            "qq.com", "yandex.ru", "mail.com", "aol.com", "zoho.com", "fastmail.com", "naver.com"]
FREEMAIL_W = np.array([40, 14, 6, 7, 5, 3, 2, 2, 1, 1, 1, 1, 1, 1], float); FREEMAIL_W /= FREEMAIL_W.sum()

UAS = [
    "halo-python/1.8.2", "halo-python/1.9.0", "halo-python/1.7.4", "halo-node/4.2.0", "halo-node/4.3.1",
    "python-requests/2.32.3", "python-httpx/0.27.2", "curl/8.5.0", "PostmanRuntime/7.39.0", "okhttp/4.12.0",
    "aiohttp/3.9.5", "Go-http-client/2.0", "LangChain/0.2.16 (halo-python/1.8.2)",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "Shortcuts/3000.0.4", "lm-eval/0.4.5 (halo-python/1.8.2)", "lm-eval/0.4.3 (halo-python/1.7.4)",
    "openai-compat-gateway/0.6.10", "ContentForge/3.1.4", "CopyPilot/2.0.9 (+https://copypilot.example)",
]
UA_SDK = list(range(0, 13))
UA_BROWSER = [13, 14, 15]
UA_MOBILE = [16, 17, 18, 9]
UA_LMEVAL = [19, 20]
UA_GATEWAY, UA_FORGE, UA_COPYPILOT = 21, 22, 23

EXPLICIT_COT = [
    "Let's think step by step.",
    "Think step by step and show all of your reasoning before giving the final answer.",
    "Explain your reasoning step by step, then give the final answer on its own line.",
    "Before answering, reason through the problem carefully and write out your full chain of thought.",
    "Walk me through your thought process step by step.",
    "Show your work. Write every intermediate step.",
    "First think it through out loud in detail, then state the answer.",
    "Reason carefully. Put your step-by-step reasoning inside <thinking> tags and the answer after it.",
    "Let's work this out in a step by step way to be sure we have the right answer.",
    "Break the problem into steps, solve each one, and explain each step.",
]
IMPLICIT_COT = [
    "Give a thorough, detailed explanation.",
    "Explain why the answer is correct and why each alternative is wrong.",
    "Provide a detailed rationale for your answer.",
    "Answer, then justify your answer in depth.",
    "Be comprehensive: cover every consideration that leads to the answer.",
]
COT_PHRASES = EXPLICIT_COT + IMPLICIT_COT
N_EXPL = len(EXPLICIT_COT)

CHAT_STEMS = [
    "Can you explain {short}?", "Write a Python function that {short}.", "Summarize the following text:\n\n{long}",
    "Translate into French: {med}", "What is the difference between {short} and {short}?",
    "Fix the grammar in this paragraph: {long}", "Give me 10 ideas for {short}.", "{med}?",
    "Draft a short email to {short} about {med}.", "Explain like I'm five: {short}",
    "Why does my code fail? {long}", "Write a cover letter for {short}. Details: {med}",
    "Rewrite this to sound more professional: {med}", "What are the pros and cons of {short}?",
    "Help me plan {short} for {num} people.", "Write a haiku about {short}.",
    "Convert this to a table: {long}", "How do I {short} in Excel?", "Suggest a name for {short}.",
    "Make this shorter: {long}", "Is it true that {med}?", "Create a study plan for {short} over {num} weeks.",
    "Write SQL that {med}", "Respond to this review: {long}",
]
FOLLOWUPS = ["{short}", "ok now {short}", "can you make it shorter", "thanks! what about {short}?", "{med}",
             "try again but {short}", "more detail please", "why?", "and {short}?", "shorter", "in {short} please"]

SYN = [("following", "below"), ("Given", "Considering"), ("question", "query"), ("Question", "Query"),
       ("answer", "response"), ("Answer", "Response"), ("passage", "text"), ("What", "Which"),
       ("Choose", "Pick"), ("choose", "select"), ("correct", "right"), ("Read", "Look at"),
       ("Select", "Choose"), ("best", "most suitable"), ("article", "piece"), ("Is", "Would you say"),
       ("true", "accurate"), ("Please", "Kindly"), ("sentence", "statement"), ("describe", "characterise"),
       ("options", "choices"), ("Options", "Choices"), ("Context", "Background"), ("problem", "task")]
PREFIXES = ["", "", "Task: ", "Please help with this.\n", "Q: ", "Exercise:\n", "Here is an item from my list.\n",
            "Next one.\n", "### Instruction\n", "I need help with the following.\n"]


def paraphrase(parts, rng):
    out = list(parts)
    for i in range(0, len(out), 2):
        s = out[i]
        for a, b in SYN:
            if a in s and rng.random() < 0.6:
                s = re.sub(r"\b%s\b" % re.escape(a), b, s)
        if rng.random() < 0.3:
            s = s.replace(":", " -")
        if rng.random() < 0.25:
            s = s.replace("\n\n", "\n")
        out[i] = s
    out[0] = PREFIXES[rng.integers(len(PREFIXES))] + out[0]
    return out


# ----------------------------------------------------------------------------------------
# Templates and fillers
# ----------------------------------------------------------------------------------------
class Templates:
    def __init__(self):
        self.parts, self.mu, self.sig, self.tag = [], [], [], []

    def add(self, parts, mu, sig=0.6, tag=""):
        self.parts.append(parts); self.mu.append(mu); self.sig.append(sig); self.tag.append(tag)
        return len(self.parts) - 1

    def add_many(self, plist, mu, sig=0.6, tag=""):
        lo = len(self.parts)
        for p in plist:
            self.add(p, mu, sig, tag)
        return lo, len(self.parts) - lo


def make_fillers(rng, words, n=20000):
    W = len(words)
    pools = {}
    for kind, (a, b) in {"short": (2, 7), "med": (8, 26), "long": (25, 110)}.items():
        starts = rng.integers(0, W - b - 1, size=n)
        lens = rng.integers(a, b + 1, size=n)
        pools[kind] = np.array([" ".join(words[s:s + l]) for s, l in zip(starts.tolist(), lens.tolist())],
                               dtype=object)
    pools["num"] = np.array([str(x) for x in rng.integers(1, 2500, size=n)], dtype=object)
    sh = pools["short"]
    ch = rng.integers(0, n, size=(n, 4))
    pools["choice"] = np.array([f"A) {sh[a]} B) {sh[b]} C) {sh[c]} D) {sh[d]}" for a, b, c, d in ch.tolist()],
                               dtype=object)
    return pools


# ----------------------------------------------------------------------------------------
# Accounts table
# ----------------------------------------------------------------------------------------
FIELDS = dict(
    cohort=(object, ""), group=(object, "individual"), variant=(object, ""), is_ring=(bool, False),
    ring=(object, ""), created=(np.float64, -100.0), pay=(object, ""), email=(object, "gmail.com"),
    country=(object, "US"), org=(object, ""), tz=(np.float64, 0.0),
    n=(np.int64, 0), a0=(np.float64, 0.0), a1=(np.float64, 1e9), tmode=(np.int8, 0),
    sess_len=(np.float64, 3.0), gap_mode=(np.int8, 0), gap_mean=(np.float64, 90.0), hmode=(np.int8, 0),
    work_w=(np.float64, 0.5), nhours=(np.int64, 1), minute=(np.float64, 0.0), wskip=(np.float64, 0.5),
    flat=(np.float64, 0.0), focus_day=(np.float64, -1.0), focus_src=(np.int64, 0),
    focus_spread=(np.float64, 1.0), focus_period=(np.float64, 0.0),
    lease=(np.float64, 7.0), ip_salt=(np.uint64, 0), p6=(np.float64, 0.0), v6_hi=(np.uint64, 0),
    v6_mask=(np.uint64, 0), v6_gran=(np.int8, 4), cot_style=(np.int64, -1), cot_prefix=(np.float64, 0.0),
    implicit=(bool, False), ua_a=(np.int64, 0), ua_b=(np.int64, 0), p_ua_b=(np.float64, 0.0),
    key_n=(np.int64, 1), model_a=(np.int64, M_STD), p_model_a=(np.float64, 0.8), tok_scale=(np.float64, 1.0),
)
FIELDS2 = dict(  # per account, several slots
    hours=(np.int64, 4, 0), ip_off=(np.int64, 2, 0), ip_span=(np.int64, 2, 1), ip_gran=(np.int8, 2, 4),
    ip_seq=(bool, 2, False), src_lo=(np.int64, 3, 0), src_span=(np.int64, 3, 1), src_skew=(np.float64, 3, 1.0),
    src_w=(np.float64, 3, 0.0), src_cot=(np.float64, 3, 0.0), src_ip=(np.int64, 3, 0),
    src_follow=(bool, 3, False),
)


class Accounts:
    def __init__(self, n):
        self.N = n
        self.c = {k: np.full(n, d, dtype=t) for k, (t, d) in FIELDS.items()}
        for k, (t, m, d) in FIELDS2.items():
            self.c[k] = np.full((n, m), d, dtype=t)
        self.cur = 0

    def block(self, n):
        s = slice(self.cur, self.cur + n)
        self.cur += n
        assert self.cur <= self.N
        return s

    def __getitem__(self, k):
        return self.c[k]


class IPPool:
    def __init__(self):
        self.chunks, self.size = [], 0

    def add(self, arr):
        arr = np.asarray(arr, dtype=np.int64)
        off = self.size
        self.chunks.append(arr)
        self.size += len(arr)
        return off

    def array(self):
        return np.concatenate(self.chunks) if self.chunks else np.zeros(1, np.int64)


# ----------------------------------------------------------------------------------------
# The world
# ----------------------------------------------------------------------------------------
COHORT_SHARES = [  # share of benign accounts; 'individual' takes the remainder
    ("mobile_cgnat", 0.15), ("vpn_user", 0.055), ("household", 0.09), ("office", 0.12), ("campus", 0.08),
    ("heavy_app", 0.002), ("byok_relay", 0.04), ("content_agency", 0.012), ("bench_runner", 0.01),
    ("tutoring_backend", 0.012), ("multi_env_app", 0.01),
]
RING_DS = {
    "math": ["math_dataset", "math_qa", "aqua_rat", "numer_sense"],
    "science": ["ai2_arc", "sciq", "openbookqa", "qasc", "quartz", "quarel"],
    "commonsense": ["commonsense_qa", "cos_e", "social_i_qa", "piqa", "hellaswag", "winogrande", "codah", "riddle_sense"],
    "reading": ["race", "dream", "quail", "cosmos_qa", "drop", "quoref", "ropes", "hotpot_qa"],
    "nli": ["anli", "esnli", "multi_nli", "snli", "hans", "scitail"],
    "code": ["code_x_glue_tc_text_to_code", "openai_humaneval", "great_code", "neural_code_search"],
    "medical": ["head_qa", "pubmed_qa", "medical_questions_pairs", "medal"],
    "summaries": ["xsum", "cnn_dailymail", "samsum", "multi_news", "scitldr"],
}
BENCH_DS = ["ai2_arc", "hellaswag", "piqa", "winogrande", "openbookqa", "super_glue", "commonsense_qa",
            "math_qa", "race", "anli"]
COURSE_DS = ["imdb", "rotten_tomatoes", "ag_news", "sst", "glue", "tweet_eval", "emotion", "snli", "squad",
             "yelp_polarity", "trec", "sms_spam", "math_dataset", "ai2_arc"]
APP_DS = ["cnn_dailymail", "xsum", "samsum", "ag_news", "banking77", "amazon_polarity", "app_reviews",
          "yelp_review_full", "dbpedia_14", "yahoo_answers_topics", "gigaword", "wiki_bio", "common_gen",
          "e2e_nlg_cleaned"]
SYLL = ["ar", "ben", "cor", "dal", "el", "fin", "gro", "hal", "ix", "jun", "kel", "lum", "mor", "nex", "or",
        "pra", "quin", "ros", "sol", "tav", "ul", "ver", "wex", "yor", "zen", "bri", "cla", "dro", "fla", "tri"]
TLDS = ["com", "io", "co", "de", "co.uk", "ai", "net", "fr", "in", "app"]


class World:
    def __init__(self, n_accounts, seed, ring_share, ring_sizes, sd: Shared):
        self.N, self.seed, self.ring_share, self.ring_sizes, self.sd = n_accounts, seed, ring_share, ring_sizes, sd
        self.rng = np.random.default_rng(seed)
        rng = self.rng
        self.days = int(rng.integers(10, 46))
        self.start = EPOCH0 + dt.timedelta(days=int(rng.integers(0, 40)) * 7 + int(rng.integers(0, 7)))
        self.start_wd = self.start.weekday()
        self.A = Accounts(n_accounts)
        self.T = Templates()
        self.pool = IPPool()
        self.fill = make_fillers(rng, sd.words)
        self.rings = []
        self._names = set()
        self._setup_templates()

    # -- small helpers -------------------------------------------------------------------
    def name(self, k=2):
        tries = 0
        while True:
            s = "".join(self.rng.choice(SYLL, size=k + tries // 8)).capitalize()
            if s not in self._names:
                self._names.add(s)
                return s
            tries += 1

    def token(self, prefix, n):
        x = self.rng.integers(0, 2 ** 62, size=n, dtype=np.int64)
        return np.array([f"{prefix}{v:016x}" for v in x.tolist()], dtype=object)

    def countries(self, n, country=None):
        if country is not None:
            return np.full(n, country, dtype=object)
        return np.array(CC, dtype=object)[self.rng.choice(len(CC), size=n, p=CW)]

    def tz_of(self, countries):
        lo = np.array([dict((c, r[0]) for c, _, r in COUNTRIES)[x] for x in countries])
        hi = np.array([dict((c, r[1]) for c, _, r in COUNTRIES)[x] for x in countries])
        return lo + np.floor(self.rng.random(len(countries)) * (hi - lo + 1))

    def freemail(self, n):
        return np.array(FREEMAIL, dtype=object)[self.rng.choice(len(FREEMAIL), size=n, p=FREEMAIL_W)]

    def signup_past(self, n, new_share=0.08):
        """Sign-up days relative to the window start: mostly long before, some inside."""
        r = self.rng
        c = -r.exponential(220, size=n) - r.random(n)
        new = r.random(n) < new_share
        c[new] = r.random(new.sum()) * self.days * 0.9
        return c

    def benign_volume(self, n, mu=1.3, sigma=1.35, zero=0.08):
        r = self.rng
        v = np.floor(np.exp(r.normal(mu, sigma, size=n))).astype(np.int64)
        v[r.random(n) < zero] = 0
        return np.minimum(v, 20000)

    def resi_addrs(self, countries, k):
        """k home addresses per account from a residential ISP of its country; returns (addrs[n,k], asn)."""
        r = self.rng
        n = len(countries)
        out = np.zeros((n, k), np.int64)
        asn = np.zeros(n, np.int64)
        for i, c in enumerate(countries):
            isps = [a for a in ISP_OF.get(c, []) if a in self.sd.asn_nets] or \
                   [a for a in RESI if a in self.sd.asn_nets]
            asn[i] = isps[r.integers(len(isps))]
        for a in np.unique(asn):
            m = asn == a
            nets, pl = self.sd.asn_nets[int(a)]
            out[m] = draw_addrs(r, nets, pl, int(m.sum()) * k).reshape(-1, k)
        return out, asn

    def v6_home(self, asn):
        r = self.rng
        hi = np.zeros(len(asn), np.uint64)
        p6 = np.zeros(len(asn))
        for i, a in enumerate(asn.tolist()):
            _, base, span, share = RESI.get(a, ("", 0, 0, 0))
            if base and r.random() < share:
                top = base + int(r.integers(0, span + 1))
                hi[i] = np.uint64((top << 32) | int(r.integers(0, 2 ** 32)))
                p6[i] = r.uniform(0.4, 0.9)
        return hi, p6

    def set_sources(self, s, srcs):
        """srcs: list of up to 3 dicts(lo, span, skew, w, cot, ip, follow); values scalar or arrays."""
        A = self.A
        for j, d in enumerate(srcs):
            for k, col in (("lo", "src_lo"), ("span", "src_span"), ("skew", "src_skew"), ("w", "src_w"),
                           ("cot", "src_cot"), ("ip", "src_ip"), ("follow", "src_follow")):
                if k in d:
                    A[col][s, j] = d[k]

    def human(self, s, work_w, wskip=0.5, sess=(1.0, 0.7), gap=(30, 240)):
        A, r = self.A, self.rng
        n = s.stop - s.start
        A["tmode"][s] = 0; A["hmode"][s] = 0; A["gap_mode"][s] = 0
        A["work_w"][s] = work_w
        A["wskip"][s] = wskip
        A["sess_len"][s] = np.exp(r.normal(sess[0], sess[1], size=n)) + 1
        A["gap_mean"][s] = r.uniform(gap[0], gap[1], size=n)

    def machine_hours(self, s, k_hours, sess_len, gap, wskip=0.0, hours=None):
        A, r = self.A, self.rng
        n = s.stop - s.start
        A["tmode"][s] = 0; A["hmode"][s] = 1; A["gap_mode"][s] = 1
        A["wskip"][s] = wskip
        A["sess_len"][s] = sess_len
        A["gap_mean"][s] = gap
        kh = np.broadcast_to(np.asarray(k_hours), (n,)).astype(np.int64)
        A["nhours"][s] = kh
        if hours is None:
            hours = np.stack([r.choice(24, size=4, replace=False) for _ in range(n)])
        A["hours"][s] = hours
        A["minute"][s] = r.integers(0, 60, size=n)

    def set_ips(self, s, slot, off, span, gran, seq=False):
        A = self.A
        A["ip_off"][s, slot] = off
        A["ip_span"][s, slot] = span
        A["ip_gran"][s, slot] = gran
        A["ip_seq"][s, slot] = seq

    def pick_ds(self, names, k):
        have = [d for d in names if d in self.sd.ps_by_ds]
        if not have:
            have = sorted(self.sd.ps_by_ds)
        return [have[i] for i in self.rng.choice(len(have), size=min(k, len(have)), replace=False)]

    def ps_templates(self, datasets, k):
        ids = [i for d in datasets for i in self.sd.ps_by_ds.get(d, [])]
        ids = [ids[i] for i in self.rng.choice(len(ids), size=min(k, len(ids)), replace=False)]
        return ids

    # -- templates ---------------------------------------------------------------------
    def _setup_templates(self):
        r, T, sd = self.rng, self.T, self.sd
        # promptsource templates as-is (global ids == promptsource index)
        for ds, parts in sd.promptsource:
            mu = 5.3 if ds in sum(RING_DS.values(), []) else 4.2
            T.add(parts, mu, 0.7, "ps:" + ds)
        # benign chat: awesome prompts (popularity order shuffled by seed) + generic stems
        aw = []
        for p in sd.awesome:
            m = re.search(r'((?:[Mm]y first|The first)[^"\n]{0,60}?)"([^"]{3,400})"', p)
            if m:
                aw.append(fmt_parts(p[:m.start(2)].replace("{", "(").replace("}", ")") + "{med}"
                                    + p[m.end(2):].replace("{", "(").replace("}", ")")))
            else:
                aw.append([p])
        perm = r.permutation(len(aw))
        stems = [fmt_parts(x) for x in CHAT_STEMS]
        mix = []
        # interleave: stems are among the most popular requests, awesome prompts follow a long tail
        for i, j in enumerate(perm.tolist()):
            if i < len(stems) * 3 and i % 3 == 0:
                mix.append(stems[i // 3])
            mix.append(aw[j])
        self.chat_lo, self.chat_n = T.add_many(mix, 5.4, 0.8, "chat")
        self.follow_lo, self.follow_n = T.add_many([fmt_parts(x) for x in FOLLOWUPS], 5.0, 0.8, "followup")

    # -- cohorts -----------------------------------------------------------------------
    def groups(self, total, sampler):
        sizes = []
        while sum(sizes) < total:
            sizes.append(max(1, int(sampler())))
        over = sum(sizes) - total
        sizes[-1] -= over
        if sizes[-1] <= 0:
            sizes.pop()
        return [x for x in sizes if x > 0]

    def chat_src(self, cot=0.03, w=1.0, ip=0):
        return dict(lo=self.chat_lo, span=self.chat_n, skew=2.2, w=w, cot=cot, ip=ip, follow=True)

    def common_human(self, s, countries, work_w, wskip=0.5):
        A, r = self.A, self.rng
        n = s.stop - s.start
        A["country"][s] = countries
        A["tz"][s] = self.tz_of(countries)
        A["ip_salt"][s] = r.integers(0, 2 ** 63, size=n).astype(np.uint64)
        self.human(s, work_w, wskip)
        ua = np.array(UA_SDK + UA_BROWSER)
        A["ua_a"][s] = ua[r.integers(len(ua), size=n)]
        A["ua_b"][s] = np.array(UA_BROWSER)[r.integers(3, size=n)]
        A["p_ua_b"][s] = r.uniform(0, 0.4, size=n)
        A["key_n"][s] = r.integers(1, 4, size=n)
        A["model_a"][s] = r.choice([M_MINI, M_STD, M_STD, M_PRO, M_THINK], size=n)
        A["p_model_a"][s] = r.uniform(0.6, 1.0, size=n)
        A["a1"][s] = self.days

    def pay_personal(self, s, paying=0.7):
        n = s.stop - s.start
        p = self.token("pm_", n)
        p[self.rng.random(n) >= paying] = ""
        self.A["pay"][s] = p

    def home_ip(self, s, countries, group_sizes=None):
        """Residential v4 lease sequence (+ v6 /64) per home; a home may hold several accounts."""
        A, r = self.A, self.rng
        n = s.stop - s.start
        sizes = np.ones(n, np.int64) if group_sizes is None else np.asarray(group_sizes)
        homes = len(sizes)
        first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        K = self.days // 2 + 3
        addrs, asn = self.resi_addrs(countries[first], K)
        off = self.pool.add(addrs.ravel())
        hi, p6 = self.v6_home(asn)
        lease = r.choice([1.0, 3.0, 7.0, 14.0, 30.0, 90.0], size=homes, p=[.1, .15, .25, .2, .15, .15])
        rep = np.repeat(np.arange(homes), sizes)
        self.set_ips(s, 0, off + rep * K, K, 3, True)
        A["lease"][s] = lease[rep]
        A["v6_hi"][s] = hi[rep]
        A["p6"][s] = p6[rep] * (r.random(n) < 0.9)
        A["v6_mask"][s] = 0
        return asn[rep]

    def build_benign(self, B):
        counts = {k: int(round(B * f)) for k, f in COHORT_SHARES}
        counts["individual"] = B - sum(counts.values())
        self.cohort_counts_planned = counts
        for name in ["individual", "mobile_cgnat", "vpn_user", "household", "office", "campus", "heavy_app",
                     "byok_relay", "content_agency", "bench_runner", "tutoring_backend", "multi_env_app"]:
            if counts.get(name, 0) > 0:
                getattr(self, "c_" + name)(counts[name])

    def c_individual(self, n):
        A, r = self.A, self.rng
        s = self.block(n, "individual")
        ctry = self.countries(n)
        self.common_human(s, ctry, r.uniform(0.2, 0.9, size=n))
        self.home_ip(s, ctry)
        A["created"][s] = self.signup_past(n)
        A["email"][s] = self.freemail(n)
        self.pay_personal(s)
        A["n"][s] = self.benign_volume(n)
        dev = r.random(n) < 0.1  # developers trying a public template
        psids = r.integers(0, len(self.sd.promptsource), size=n)
        self.set_sources(s, [self.chat_src(cot=0.04)])
        A["src_lo"][s, 1] = psids
        A["src_w"][s, 1] = np.where(dev, r.uniform(0.2, 0.8, size=n), 0.0)
        A["src_cot"][s, 1] = np.where(r.random(n) < 0.2, 0.5, 0.02)
        A["variant"][s] = np.where(dev, "developer", "chat")

    def block(self, n, cohort, group="individual"):
        s = self.A.block(n)
        self.A["cohort"][s] = cohort
        self.A["group"][s] = group
        return s

    def c_mobile_cgnat(self, n):
        A, r = self.A, self.rng
        carriers = [a for a in CARRIER if a in self.sd.asn_nets]
        w = np.array([4 if CARRIER[a][0] == "US" else 2 for a in carriers], float)
        pick = r.choice(len(carriers), size=n, p=w / w.sum())
        s = self.block(n, "mobile_cgnat")
        ctry = np.array([CARRIER[carriers[i]][0] for i in pick], dtype=object)
        self.common_human(s, ctry, r.uniform(0.1, 0.6, size=n))
        A["sess_len"][s] = np.exp(r.normal(0.6, 0.6, size=n)) + 1
        A["created"][s] = self.signup_past(n, 0.1)
        A["email"][s] = self.freemail(n)
        self.pay_personal(s, 0.55)
        A["n"][s] = self.benign_volume(n, mu=1.1)
        A["ua_a"][s] = np.array(UA_MOBILE)[r.integers(len(UA_MOBILE), size=n)]
        self.set_sources(s, [self.chat_src(cot=0.03)])
        variants = []
        for ci, a in enumerate(carriers):
            m = np.flatnonzero(pick == ci)
            if not len(m):
                continue
            nets, pl = self.sd.asn_nets[a]
            regions = max(1, len(m) // 1500 + 1)
            pools = [np.concatenate([nat_block(r, nets, pl, 250) for _ in range(int(r.integers(2, 7)))])
                     for _ in range(regions)]
            reg = r.integers(regions, size=len(m))
            for g in range(regions):
                mm = s.start + m[reg == g]
                off = self.pool.add(pools[g])
                A["ip_off"][mm, 0] = off; A["ip_span"][mm, 0] = len(pools[g]); A["ip_gran"][mm, 0] = 1
            _, base, span, share = CARRIER[a]
            idx = s.start + m
            A["v6_hi"][idx] = np.uint64(((base + int(r.integers(0, span + 1))) << 32))
            A["v6_mask"][idx] = np.uint64(0xFFFFFFFF)
            A["v6_gran"][idx] = 1
            A["p6"][idx] = share
            variants.append((idx, f"carrier_as{a}"))
        for idx, v in variants:
            A["variant"][idx] = v

    def vpn_providers(self):
        if hasattr(self, "_vpn"):
            return self._vpn
        r = self.rng
        nets, pl = self.sd.vpn
        provs = []
        for i in range(5):
            k = int(r.integers(8, 40))
            blocks = [nat_block(r, nets, pl, int(r.integers(4, 30))) for _ in range(k)]
            arr = np.concatenate(blocks)
            provs.append((f"vpnprov{i + 1}", self.pool.add(arr), len(arr)))
        self._vpn = provs
        return provs

    def c_vpn_user(self, n):
        A, r = self.A, self.rng
        provs = self.vpn_providers()
        s = self.block(n, "vpn_user")
        ctry = self.countries(n)
        self.common_human(s, ctry, r.uniform(0.2, 0.8, size=n))
        A["created"][s] = self.signup_past(n)
        em = self.freemail(n)
        em[r.random(n) < 0.25] = "proton.me"
        A["email"][s] = em
        self.pay_personal(s, 0.75)
        A["n"][s] = self.benign_volume(n, mu=1.5)
        self.set_sources(s, [self.chat_src(cot=0.05)])
        w = np.array([0.35, 0.25, 0.2, 0.12, 0.08])
        pv = r.choice(len(provs), size=n, p=w)
        # each user keeps a few favourite exits (a contiguous run of the provider's list) and picks per session
        for i, (nm, off, span) in enumerate(provs):
            m = s.start + np.flatnonzero(pv == i)
            fav = r.integers(1, 6, size=len(m))
            start = r.integers(0, span, size=len(m))
            start = np.minimum(start, span - fav)
            A["ip_off"][m, 0] = off + start
            A["ip_span"][m, 0] = fav
            A["ip_gran"][m, 0] = 1
            A["variant"][m] = nm

    def c_household(self, n):
        A, r = self.A, self.rng
        sizes = self.groups(n, lambda: r.choice([2, 2, 2, 3, 3, 4, 5]))
        s = self.A.block(n)
        A["cohort"][s] = "household"
        rep = np.repeat(np.arange(len(sizes)), sizes)
        A["group"][s] = np.array([f"household{i + 1}" for i in rep], dtype=object)
        hctry = self.countries(len(sizes))
        ctry = hctry[rep]
        self.common_human(s, ctry, r.uniform(0.0, 0.5, size=n), wskip=0.2)
        A["tz"][s] = self.tz_of(hctry)[rep]
        self.home_ip(s, ctry, sizes)
        A["created"][s] = self.signup_past(n)
        A["email"][s] = self.freemail(n)
        self.pay_personal(s, 0.6)
        fam = r.random(len(sizes)) < 0.35
        famcard = self.token("pm_", len(sizes))
        m = fam[rep]
        A["pay"][s][m] = famcard[rep][m]
        A["n"][s] = self.benign_volume(n)
        kid = r.random(n) < 0.3  # homework help: step-by-step requests
        self.set_sources(s, [self.chat_src(cot=0.02)])
        A["src_cot"][s, 0] = np.where(kid, 0.25, 0.02)
        A["variant"][s] = np.where(m, "family_card", "separate") + np.where(kid, "|homework", "")

    def c_office(self, n):
        A, r = self.A, self.rng
        sizes = self.groups(n, lambda: min(150, int(np.exp(r.normal(2.4, 0.9))) + 3))

        biz = [a for a in BUSINESS if a in self.sd.asn_nets]
        for gi, size in enumerate(sizes):
            s = self.block(size, "office", f"office{gi + 1}")
            ctry = self.countries(1)[0]
            company = self.name(2)
            domain = f"{company.lower()}.{TLDS[r.integers(len(TLDS))]}"
            self.common_human(s, np.full(size, ctry, dtype=object), r.uniform(0.8, 1.0, size=size), wskip=0.92)
            A["tz"][s] = self.tz_of([ctry])[0]
            A["created"][s] = self.signup_past(size, 0.05)
            A["email"][s] = np.where(r.random(size) < 0.85, domain, self.freemail(size))
            a = biz[r.integers(len(biz))]
            nets, pl = self.sd.asn_nets[a]
            nat = nat_block(r, nets, pl, int(r.integers(1, 5)))
            off = self.pool.add(nat)
            self.set_ips(s, 0, off, len(nat), 0)
            if r.random() < 0.3:  # IPv6 inside the office: per-desk /64 in the office /48
                top48 = (int(r.integers(0x2001_0000_0000, 0x2a0f_ffff_ffff)) << 16)
                A["v6_hi"][s] = np.uint64(top48)
                A["v6_mask"][s] = np.uint64(0xFFFF)
                A["v6_gran"][s] = 4
                A["p6"][s] = 0.6
            corp = r.random() < 0.45
            if corp:
                A["pay"][s] = self.token("pm_", 1)[0]
            else:
                self.pay_personal(s, 0.5)
            declares = r.random() < 0.55
            if declares:
                A["org"][s] = np.where(r.random(size) < 0.9, f"org_{company.lower()}", "")
            A["n"][s] = self.benign_volume(size, mu=1.8, sigma=1.2, zero=0.1)
            A["key_n"][s] = r.integers(1, 3, size=size)
            srcs = [self.chat_src(cot=0.03)]
            tool = r.random() < 0.6
            if tool:
                txt = (f"You are {company}Bot, the internal assistant for {company} staff. Follow the {company} "
                       f"style guide, be concise and cite the relevant policy section when you can.\n\n"
                       f"Employee question: {{med}}")
                tid = self.T.add(fmt_parts(txt), 5.2, 0.6, "office_tool")
                srcs.append(dict(lo=tid, span=1, skew=1, w=float(r.uniform(0.4, 1.5)), cot=0.0))
                A["ua_a"][s] = r.choice(UA_SDK[:5])
            self.set_sources(s, srcs)
            A["variant"][s] = ("corp_card" if corp else "own_cards") + ("|org" if declares else "") + \
                              ("|internal_tool" if tool else "")

    def c_campus(self, n):
        A, r = self.A, self.rng
        k = max(1, min(4, n // 300))
        sizes = self.groups(n, lambda: n // k + 1)
        for gi, size in enumerate(sizes):
            s = self.block(size, "campus", f"campus{gi + 1}")
            asn, uname = self.sd.univ[r.integers(len(self.sd.univ))] if self.sd.univ else (7018, "US")
            ctry = uname[-2:] if re.search(r", [A-Z]{2}$", uname) else "US"
            ctry = ctry if ctry in CC else "US"
            self.common_human(s, np.full(size, ctry, dtype=object), r.uniform(0.1, 0.6, size=size), wskip=0.3)
            A["tz"][s] = self.tz_of([ctry])[0]
            nets, pl = self.sd.asn_nets[asn]
            nat = np.concatenate([nat_block(r, nets, pl, int(r.integers(2, 9)))])
            off = self.pool.add(nat)
            self.set_ips(s, 0, off, len(nat), 1)
            # students are off campus too (home / phone): second source, used by chat sessions
            K = self.days // 2 + 3
            addrs, _ = self.resi_addrs(np.full(size, ctry, dtype=object), K)
            off2 = self.pool.add(addrs.ravel())
            self.set_ips(s, 1, off2 + np.arange(size) * K, K, 3, True)
            A["lease"][s] = 7.0
            top48 = (int(r.integers(0x2001_0000_0000, 0x2a0f_ffff_ffff)) << 16)
            A["v6_hi"][s] = np.uint64(top48); A["v6_mask"][s] = np.uint64(0xFFFF); A["v6_gran"][s] = 1
            A["p6"][s] = 0.5
            dom = re.sub(r"[^a-z]", "", uname.split()[0].split("-")[0].lower() if uname else "")[:14] or "uni"
            A["email"][s] = np.where(r.random(size) < 0.8, f"{dom}.edu", self.freemail(size))
            # term start: sign-up burst, many in the first lab session
            term = float(r.uniform(-25, self.days * 0.4))
            lab = np.floor(term) + (14 - A["tz"][s][0]) / 24
            c = np.where(r.random(size) < 0.5, lab + r.random(size) * 0.08,
                         term + r.exponential(2.0, size=size))
            old = r.random(size) < 0.3  # returning students
            c[old] = -r.uniform(100, 800, size=old.sum())
            A["created"][s] = c
            self.pay_personal(s, 0.35)
            A["n"][s] = self.benign_volume(size, mu=1.9, sigma=1.1, zero=0.1)
            A["ua_a"][s] = np.array(UA_SDK[:8] + UA_BROWSER)[r.integers(11, size=size)]
            ncourse = int(r.integers(2, 6))
            course = r.integers(ncourse, size=size)
            enrolled = r.random(size) < 0.7
            variants = np.full(size, "no_course", dtype=object)
            for ci in range(ncourse):
                tid = self.ps_templates(self.pick_ds(COURSE_DS, 1), 1)[0]
                m = np.flatnonzero((course == ci) & enrolled)
                idx = s.start + m
                A["src_lo"][idx, 1] = tid
                A["src_w"][idx, 1] = r.uniform(0.5, 2.0, size=len(m))
                A["src_cot"][idx, 1] = 0.35 if r.random() < 0.5 else 0.05
                A["src_ip"][idx, 1] = 0
                A["focus_src"][idx] = 1
                A["focus_day"][idx] = float(r.integers(0, 7))  # weekly deadline
                A["focus_period"][idx] = 7.0
                A["focus_spread"][idx] = 1.0
                cv = f"course{ci + 1}"
                if r.random() < 0.3:  # department pays for the course
                    A["pay"][idx] = self.token("pm_", 1)[0]
                    A["org"][idx] = f"org_{dom}_course{ci + 1}"
                    cv += "_card"
                variants[m] = cv
            # chat from the campus network or from home (source 2)
            self.set_sources(s, [self.chat_src(cot=0.05, w=0.5, ip=0), {}, self.chat_src(cot=0.05, w=0.5, ip=1)])
            A["variant"][s] = variants

    def cloud_addrs(self, k, provider=None, one_block=False):
        r = self.rng
        provs = sorted(self.sd.cloud)
        prov = provider or provs[r.integers(len(provs))]
        nets, pl = self.sd.cloud[prov]
        if one_block:
            return nat_block(r, nets, pl, k), prov
        return draw_addrs(r, nets, pl, k), prov

    def c_heavy_app(self, n):
        A, r = self.A, self.rng
        s = self.block(n, "heavy_app")
        ctry = self.countries(n)
        self.common_human(s, ctry, 0.5)
        A["tmode"][s] = 1
        A["flat"][s] = r.uniform(0.0, 0.5, size=n)
        A["created"][s] = -r.uniform(30, 700, size=n)
        A["email"][s] = np.array([f"{self.name(2).lower()}.{TLDS[r.integers(len(TLDS))]}" for _ in range(n)])
        A["pay"][s] = self.token("pm_", n)
        per_day = np.minimum(np.exp(r.normal(4.8, 0.8, size=n)), DAILY_LIMIT * 1.1)
        A["n"][s] = (per_day * self.days).astype(np.int64)
        A["ua_a"][s] = r.choice([5, 6, 10, 11, 3], size=n)
        A["p_ua_b"][s] = 0.0
        A["p_model_a"][s] = 1.0
        A["key_n"][s] = r.integers(1, 3, size=n)
        vs = []
        for i in range(n):
            ii = s.start + i
            addrs, prov = self.cloud_addrs(int(r.integers(1, 5)), one_block=True)
            A["ip_off"][ii, 0] = self.pool.add(addrs); A["ip_span"][ii, 0] = len(addrs); A["ip_gran"][ii, 0] = 0
            if r.random() < 0.5:
                tid = self.ps_templates(self.pick_ds(APP_DS, 1), 1)[0]
            else:
                tid = self.T.add(fmt_parts(f"[{self.name(2)} app] Extract the fields name, date, amount and "
                                           "vendor as JSON from this text:\n{long}"), 4.6, 0.4, "app")
            reasoning = r.random() < 0.2
            A["src_lo"][ii, 0] = tid; A["src_w"][ii, 0] = 1.0; A["src_cot"][ii, 0] = 0.9 if reasoning else 0.0
            A["model_a"][ii] = M_THINK if reasoning else r.choice([M_MINI, M_STD])
            vs.append(f"{prov}|{'reasoning' if reasoning else 'plain'}")
        A["variant"][s] = vs
        A["p6"][s] = 0.0

    def c_byok_relay(self, n):
        """Bring-your-own-key writing tools: every user's key is called from the product's relay."""
        A, r = self.A, self.rng
        k = max(1, min(3, n // 150))
        sizes = self.groups(n, lambda: n // k + 1)
        for gi, size in enumerate(sizes):
            prod = self.name(2)
            s = self.block(size, "byok_relay", f"relay{gi + 1}")
            ctry = self.countries(size)
            self.common_human(s, ctry, r.uniform(0.3, 0.9, size=size))
            self.home_ip(s, ctry)
            egress, prov = self.cloud_addrs(int(r.integers(6, 21)), one_block=True)
            off = self.pool.add(egress)
            A["ip_off"][s, 1] = off; A["ip_span"][s, 1] = len(egress); A["ip_gran"][s, 1] = 0
            A["created"][s] = self.signup_past(size, 0.15)
            A["email"][s] = self.freemail(size)
            self.pay_personal(s, 0.8)
            A["n"][s] = self.benign_volume(size, mu=2.2, sigma=1.1, zero=0.05)
            txts = [f"[{prod}] Rewrite the following text so it is clearer and more concise. Keep the author's "
                    "tone. Return only the rewritten text.\n\nText:\n{long}",
                    f"[{prod}] Write a polite, helpful reply to this email:\n{{long}}",
                    f"[{prod}] Summarize this web page in 5 bullet points:\n{{long}}"]
            lo, span = self.T.add_many([fmt_parts(t) for t in txts], 5.6, 0.5, "relay")
            direct = r.random(size) < 0.3
            self.set_sources(s, [dict(lo=lo, span=span, skew=1.5, w=1.0, cot=0.0, ip=1)])
            A["src_lo"][s, 1] = self.chat_lo; A["src_span"][s, 1] = self.chat_n; A["src_skew"][s, 1] = 2.2
            A["src_w"][s, 1] = np.where(direct, 0.4, 0.0); A["src_follow"][s, 1] = True
            A["ua_a"][s] = UA_COPYPILOT; A["p_ua_b"][s] = 0.0
            A["model_a"][s] = M_STD; A["p_model_a"][s] = 0.97
            A["variant"][s] = np.where(direct, f"{prov}|also_direct", prov)

    def c_content_agency(self, n):
        """SEO/content agencies: one office runs many client accounts with one bulk tool."""
        A, r = self.A, self.rng
        sizes = self.groups(n, lambda: r.integers(4, 26))
        biz = [a for a in BUSINESS if a in self.sd.asn_nets]
        for gi, size in enumerate(sizes):
            s = self.block(size, "content_agency", f"agency{gi + 1}")
            ctry = self.countries(1)[0]
            self.common_human(s, np.full(size, ctry, dtype=object), 0.95, wskip=0.9)
            A["tz"][s] = self.tz_of([ctry])[0]
            nets, pl = self.sd.asn_nets[biz[r.integers(len(biz))]]
            nat = nat_block(r, nets, pl, int(r.integers(1, 3)))
            self.set_ips(s, 0, self.pool.add(nat), len(nat), 0)
            # bulk generation during office hours: scripted batches of articles
            A["gap_mode"][s] = 1
            A["gap_mean"][s] = r.uniform(20, 90)
            A["sess_len"][s] = r.uniform(5, 40, size=size)
            A["created"][s] = -r.uniform(0, 400, size=size)
            A["email"][s] = [f"{self.name(2).lower()}.{TLDS[r.integers(len(TLDS))]}" for _ in range(size)]
            A["pay"][s] = self.token("pm_", size)
            agency_card = r.random() < 0.4
            if agency_card:
                m = r.random(size) < 0.5
                A["pay"][s][m] = self.token("pm_", 1)[0]
            decl = r.random(size) < 0.5
            A["org"][s] = np.where(decl, [f"org_{self.name(2).lower()}" for _ in range(size)], "")
            A["n"][s] = (np.exp(r.uniform(np.log(2), np.log(25), size=size)) * self.days * 0.6).astype(np.int64)
            txts = ["Write a {num}-word SEO-optimised blog article about {short} for the brand {short}. Target "
                    "keyword: \"{short}\". Use an engaging H1, at least five H2 sections, a meta description "
                    "under 155 characters and an FAQ with three questions.",
                    "Write {num} unique product descriptions for {short}. Each 120-180 words, persuasive, with "
                    "bullet-point benefits. Product details: {med}",
                    "Create a month of social media posts for {short}: 3 posts per week, each with hashtags and "
                    "a call to action. Brand voice: {med}"]
            lo, span = self.T.add_many([fmt_parts(t) for t in txts], 7.4, 0.35, "agency")
            self.set_sources(s, [dict(lo=lo, span=span, skew=1.0, w=1.0, cot=0.0)])
            A["ua_a"][s] = UA_FORGE; A["p_ua_b"][s] = 0.1
            A["model_a"][s] = M_PRO; A["p_model_a"][s] = 0.9
            A["variant"][s] = "bulk_tool" + ("|agency_card" if agency_card else "")

    def c_bench_runner(self, n):
        """Independent researchers running the same public eval harness after a model release."""
        A, r = self.A, self.rng
        s = self.block(n, "bench_runner")
        ctry = self.countries(n)
        self.common_human(s, ctry, 0.7)
        release = float(r.integers(0, max(1, self.days - 3)))
        A["created"][s] = np.where(r.random(n) < 0.4, release - r.random(n) * 1.5, -r.uniform(10, 600, size=n))
        A["email"][s] = np.where(r.random(n) < 0.5, "gmail.com",
                                 np.array([f"{x}.edu" for x in r.choice(["mit", "cmu", "ethz", "ox", "tsinghua",
                                                                           "stanford", "iisc", "uw", "mila"],
                                                                          size=n)], dtype=object))
        A["pay"][s] = self.token("pm_", n)
        # runs: long scripted sessions at a steady pace; most runs within days after the release
        A["gap_mode"][s] = 1
        A["gap_mean"][s] = r.uniform(1.0, 8.0, size=n)
        A["sess_len"][s] = r.uniform(100, 500, size=n)
        A["n"][s] = (A["sess_len"][s] * r.integers(1, 3, size=n)).astype(np.int64)
        A["focus_src"][s] = 0
        A["focus_day"][s] = np.where(r.random(n) < 0.6, release, -1.0)
        A["focus_spread"][s] = -1.5
        A["ua_a"][s] = np.array(UA_LMEVAL)[r.integers(2, size=n)]
        A["ua_a"][s][r.random(n) < 0.3] = 6
        A["p_ua_b"][s] = 0.0
        A["model_a"][s] = r.choice([M_THINK, M_PRO, M_STD], size=n)
        A["p_model_a"][s] = r.uniform(0.5, 1.0, size=n)
        bench = self.pick_ds(BENCH_DS, len(BENCH_DS))
        tids = self.ps_templates(bench, 20)
        lo = len(self.T.parts)
        for t in tids:  # same public templates, registered as one contiguous list
            self.T.add(self.T.parts[t], 4.8, 0.6, "bench")
        self.set_sources(s, [dict(lo=lo, span=len(tids), skew=1.0, w=1.0, cot=0.0)])
        A["src_cot"][s, 0] = np.where(r.random(n) < 0.7, r.uniform(0.8, 1.0, size=n), 0.0)
        A["cot_style"][s] = 0  # "Let's think step by step."
        provs = ["amazon", "google", "oracle", "microsoft"]
        vs = []
        for i in range(n):
            addrs, prov = self.cloud_addrs(int(r.integers(1, 4)), provider=r.choice([p for p in provs
                                                                                       if p in self.sd.cloud]))
            ii = s.start + i
            A["ip_off"][ii, 0] = self.pool.add(addrs); A["ip_span"][ii, 0] = len(addrs); A["ip_gran"][ii, 0] = 1
            vs.append(prov)
        A["variant"][s] = vs
        A["p6"][s] = 0.0

    def c_tutoring_backend(self, n):
        """Ed-tech tutors: one account per school, all called from the company backend, step-by-step maths."""
        A, r = self.A, self.rng
        k = max(1, min(2, n // 100))
        sizes = self.groups(n, lambda: n // k + 1)
        for gi, size in enumerate(sizes):
            s = self.block(size, "tutoring_backend", f"tutor{gi + 1}")
            ctry = self.countries(1)[0]
            self.common_human(s, np.full(size, ctry, dtype=object), 0.97, wskip=0.95)
            A["tz"][s] = self.tz_of(np.full(size, ctry, dtype=object))
            egress, prov = self.cloud_addrs(int(r.integers(4, 13)), one_block=True)
            self.set_ips(s, 0, self.pool.add(egress), len(egress), 0)
            A["p6"][s] = 0.0
            A["created"][s] = -r.uniform(5, 300, size=size)
            A["email"][s] = [f"{self.name(2).lower()}-school.org" for _ in range(size)]
            # districts pay for several schools
            district = r.integers(0, max(1, size // 4), size=size)
            cards = self.token("pm_", int(district.max()) + 1)
            A["pay"][s] = cards[district]
            A["org"][s] = np.where(r.random(size) < 0.5, [f"org_{self.name(2).lower()}" for _ in range(size)], "")
            A["n"][s] = (np.exp(r.uniform(np.log(2), np.log(30), size=size)) * self.days * 5 / 7).astype(np.int64)
            A["sess_len"][s] = r.uniform(5, 30, size=size)  # a class period
            A["gap_mean"][s] = r.uniform(20, 90, size=size)
            nm = self.name(2)
            txts = [f"You are {nm}, a friendly maths tutor for grade {{num}} students. Solve the problem below "
                    "step by step. Number each step, explain why you do it in simple words, and finish with "
                    "'Final answer:'.\n\nProblem: {med}",
                    f"You are {nm}, a patient science tutor. A student asks: {{med}}\nExplain the reasoning step "
                    "by step, check the student's understanding with one question, and keep it under 300 words."]
            lo, span = self.T.add_many([fmt_parts(t) for t in txts], 6.6, 0.4, "tutor")
            self.set_sources(s, [dict(lo=lo, span=span, skew=1.3, w=1.0, cot=0.0)])
            A["ua_a"][s] = 4; A["p_ua_b"][s] = 0.0
            A["model_a"][s] = M_THINK; A["p_model_a"][s] = 0.85
            A["variant"][s] = prov + "|district_cards"

    def c_multi_env_app(self, n):
        """One company, several accounts (prod, staging, dev, tenants) running one app on one cloud."""
        A, r = self.A, self.rng
        sizes = self.groups(n, lambda: r.integers(2, 9))
        for gi, size in enumerate(sizes):
            s = self.block(size, "multi_env_app", f"app{gi + 1}")
            ctry = self.countries(1)[0]
            self.common_human(s, np.full(size, ctry, dtype=object), 0.9)
            A["tz"][s] = self.tz_of([ctry])[0]
            egress, prov = self.cloud_addrs(int(r.integers(2, 7)), one_block=True)
            off = self.pool.add(egress)
            # each environment has its own VM(s) in the same block
            A["ip_off"][s, 0] = off + r.integers(0, len(egress), size=size)
            A["ip_span"][s, 0] = 1
            company = self.name(2).lower()
            A["email"][s] = f"{company}.{TLDS[r.integers(len(TLDS))]}"
            A["created"][s] = -r.uniform(5, 500, size=size)
            one_card = r.random() < 0.7
            A["pay"][s] = self.token("pm_", 1)[0] if one_card else self.token("pm_", size)
            org = r.random()
            A["org"][s] = f"org_{company}" if org < 0.4 else ""
            if 0.4 <= org < 0.7:
                A["org"][s.start] = f"org_{company}"  # only prod declared it
            if r.random() < 0.5:
                tid = self.ps_templates(self.pick_ds(APP_DS, 1), 1)[0]
            else:
                tid = self.T.add(fmt_parts(f"You are the {company} assistant. Classify the ticket into one of "
                                           "billing, bug, feature, account, other and explain briefly.\n\nTicket: "
                                           "{long}"), 4.4, 0.5, "app")
            reasoning = r.random() < 0.3
            self.set_sources(s, [dict(lo=tid, span=1, skew=1, w=1.0, cot=0.8 if reasoning else 0.0)])
            # prod: around the clock; staging/dev: scripted test runs at fixed uneven hours
            A["tmode"][s.start] = 1
            A["flat"][s.start] = 0.3
            A["n"][s.start] = int(min(np.exp(r.normal(4.0, 0.8)), DAILY_LIMIT) * self.days)
            rest = slice(s.start + 1, s.stop)
            if size > 1:
                hrs = r.choice(24, size=4, replace=False)
                self.machine_hours(rest, int(r.integers(1, 4)), r.uniform(20, 120), r.uniform(0.5, 4),
                                   wskip=0.8, hours=np.tile(hrs, (size - 1, 1)))
                A["n"][rest] = (np.exp(r.uniform(np.log(3), np.log(60), size=size - 1)) * self.days * 0.5).astype(np.int64)
            A["ua_a"][s] = r.choice([0, 3, 6, 11]); A["p_ua_b"][s] = 0.0
            A["model_a"][s] = M_THINK if reasoning else M_STD; A["p_model_a"][s] = 0.95
            A["variant"][s] = (prov + ("|one_card" if one_card else "|cards") +
                               ("|org_all" if org < 0.4 else "|org_prod" if org < 0.7 else "|no_org") +
                               ("|reasoning" if reasoning else ""))

    # -- rings ---------------------------------------------------------------------------
    def ring_sizes_list(self, R):
        r = self.rng

        def small():
            return int(np.floor(np.exp(r.uniform(np.log(3), np.log(16)))))

        def large():
            return int(np.floor(np.exp(r.uniform(np.log(16), np.log(301)))))

        def fill(total, f, lo):
            out = []
            while sum(out) < total:
                out.append(f())
            extra = sum(out) - total
            out[-1] -= extra
            if out[-1] < lo and len(out) > 1:
                last = out.pop()
                out[-1] += last
            return [x for x in out if x > 0]

        if R <= 0:
            return []
        if self.ring_sizes == "small":
            return fill(R, small, 3)
        if self.ring_sizes == "large":
            return fill(R, large, 16) if R >= 16 else [R]
        half = R // 2
        return (fill(R - half, large, 16) if R - half >= 16 else fill(R - half, small, 3)) + fill(half, small, 3)

    def resi_proxy_pools(self):
        if hasattr(self, "_proxy"):
            return self._proxy
        r = self.rng
        provs = []
        resi = [a for a in RESI if a in self.sd.asn_nets]
        for i in range(3):
            size = int(r.integers(3000, 15000))
            chunks = []
            for a in r.choice(resi, size=min(len(resi), 12), replace=False):
                nets, pl = self.sd.asn_nets[int(a)]
                chunks.append(draw_addrs(r, nets, pl, size // 12))
            arr = np.concatenate(chunks)
            provs.append((f"proxyprov{i + 1}", self.pool.add(arr), len(arr)))
        self._proxy = provs
        return provs

    def build_rings(self, sizes):
        A, r = self.A, self.rng
        tiers = ["crude", "mid", "careful", "expert"]
        for ri, size in enumerate(sizes):
            tier = tiers[r.choice(4, p=[0.2, 0.35, 0.3, 0.15])]
            rid = f"ring{ri + 1:02d}"
            s = self.block(size, "ring", rid)
            A["is_ring"][s] = True
            A["ring"][s] = rid
            ev = []
            P = lambda crude, mid, careful, expert: r.random() < dict(crude=crude, mid=mid, careful=careful,
                                                                      expert=expert)[tier]
            # --- infrastructure
            infra_w = dict(crude=[.35, .3, .15, .0, .0, .0, .1, .1, 0],
                           mid=[.05, .25, .15, .25, .1, .05, .05, .1, 0],
                           careful=[0, .05, .2, .2, .25, .15, .1, .05, 0],
                           expert=[0, 0, .1, .1, .3, .3, .05, .15, 0])[tier]
            infra_names = ["own_office", "cloud_shared", "cloud_per_account", "resi_rotating", "resi_sticky",
                           "mobile_proxy", "vpn_exits", "reseller_gateway", "tor"]
            iw = np.array(infra_w, float) + (0.02 if tier == "crude" else 0) * (np.arange(9) == 8)
            infra = infra_names[r.choice(9, p=iw / iw.sum())]
            home_ctry = self.countries(1)[0]
            ctry = np.full(size, home_ctry, dtype=object) if tier in ("crude", "mid") else self.countries(size)
            A["country"][s] = ctry
            A["tz"][s] = self.tz_of(ctry)
            A["ip_salt"][s] = r.integers(0, 2 ** 63, size=size).astype(np.uint64)
            A["a1"][s] = self.days
            if infra == "own_office":
                nets, pl = self.sd.asn_nets[BUSINESS[r.integers(len(BUSINESS))]]
                nat = nat_block(r, nets, pl, int(r.integers(1, 3)))
                self.set_ips(s, 0, self.pool.add(nat), len(nat), 0)
            elif infra == "cloud_shared":
                vms, prov = self.cloud_addrs(int(r.integers(2, 7)), one_block=r.random() < 0.6)
                off = self.pool.add(vms)
                A["ip_off"][s, 0] = off + r.integers(0, len(vms), size=size); A["ip_span"][s, 0] = 1
                infra += ":" + prov
            elif infra == "cloud_per_account":
                vms, prov = self.cloud_addrs(size * 4)  # a fresh VM per account, redeployed now and then
                off = self.pool.add(vms)
                self.set_ips(s, 0, off + np.arange(size) * 4, 4, 3, True)
                A["lease"][s] = r.uniform(3, 12, size=size)
                infra += ":" + prov
            elif infra in ("resi_rotating", "resi_sticky"):
                nm, off, span = self.resi_proxy_pools()[r.integers(3)]
                self.set_ips(s, 0, off, span, 0 if infra == "resi_rotating" else 1)
                infra += ":" + nm
            elif infra == "mobile_proxy":
                # 4G/5G proxy farm: real carrier CGNAT egress, the same pools ordinary phone users get
                carriers = [a for a in CARRIER if a in self.sd.asn_nets]
                a = carriers[r.integers(len(carriers))]
                pool_users = np.flatnonzero(A["variant"][:self.A.cur] == f"carrier_as{a}")
                if len(pool_users):
                    u = pool_users[r.integers(len(pool_users))]
                    A["ip_off"][s, 0] = A["ip_off"][u, 0]; A["ip_span"][s, 0] = A["ip_span"][u, 0]
                    A["v6_hi"][s] = A["v6_hi"][u]
                else:
                    nets, pl = self.sd.asn_nets[a]
                    arr = nat_block(r, nets, pl, 250)
                    self.set_ips(s, 0, self.pool.add(arr), len(arr), 1)
                A["ip_gran"][s, 0] = 1
                A["v6_mask"][s] = np.uint64(0xFFFFFFFF); A["v6_gran"][s] = 1
                A["p6"][s] = CARRIER[a][3] * 0.8
                A["country"][s] = CARRIER[a][0]
                A["tz"][s] = self.tz_of(np.full(size, CARRIER[a][0], dtype=object))
                infra += f":as{a}"
            elif infra == "vpn_exits":
                nm, off, span = self.vpn_providers()[r.integers(5)]
                self.set_ips(s, 0, off, span, 1)
                infra += ":" + nm
            elif infra == "reseller_gateway":
                egress, prov = self.cloud_addrs(int(r.integers(3, 10)), one_block=True)
                self.set_ips(s, 0, self.pool.add(egress), len(egress), 0)
                infra += ":" + prov
            else:  # tor
                self.set_ips(s, 0, self.pool.add(self.sd.tor), len(self.sd.tor), 1)
            # --- payment
            if P(0.7, 0.15, 0, 0):
                A["pay"][s] = self.token("pm_", 1)[0]; ev.append("shared_card")
            elif P(0.3, 0.5, 0.15, 0):
                cards = self.token("pm_", max(2, size // 4))
                A["pay"][s] = cards[r.integers(len(cards), size=size)]; ev.append("card_pool")
            else:
                A["pay"][s] = self.token("pm_", size); ev.append("distinct_cards")
            # --- identity
            if P(0.6, 0.2, 0, 0):
                A["email"][s] = f"{self.name(2).lower()}mail.{TLDS[r.integers(len(TLDS))]}"; ev.append("one_email_domain")
            else:
                A["email"][s] = self.freemail(size)
            org_cover = P(0, 0.02, 0.06, 0.1)
            if org_cover:
                A["org"][s] = f"org_{self.name(2).lower()}"; ev.append("org_cover")
            # --- sign-up
            launch = float(r.uniform(-3, self.days * 0.3))
            if P(0.8, 0.3, 0.05, 0):
                A["created"][s] = launch - 0.5 + r.random(size) * 0.08; ev.append("burst_signup")
            elif P(0, 0.5, 0.5, 0.4):
                A["created"][s] = launch - 1 - r.uniform(0, 60, size=size); ev.append("staggered_signup")
            else:
                A["created"][s] = -r.uniform(60, 500, size=size); ev.append("aged_accounts")
            hydra = P(0, 0.15, 0.35, 0.5) and size >= 4
            a0 = np.maximum(A["created"][s] + 0.02, max(0.0, launch))
            if hydra:
                # short-lived accounts replaced as they are banned: each active for a few days, staggered
                life = r.uniform(3, 9, size=size)
                start = np.sort(r.uniform(max(0, launch), max(1, self.days - 2), size=size))
                a0 = np.maximum(start, 0)
                A["a1"][s] = np.minimum(self.days, a0 + life)
                A["created"][s] = np.minimum(A["created"][s], a0 - r.uniform(0.05, 2, size=size))
                ev.append("hydra_rotation")
            A["a0"][s] = a0
            # --- volume: share of the daily limit on active days
            frac = dict(crude=(0.75, 1.05), mid=(0.35, 0.8), careful=(0.12, 0.45), expert=(0.05, 0.25))[tier]
            rate = r.uniform(*frac, size=size) * DAILY_LIMIT
            if tier != "crude" and P(0, 0.3, 0.6, 0.8):
                # stay well under the limit: no account ever comes near a 429
                rate = np.minimum(rate, r.uniform(0.2, 0.5) * DAILY_LIMIT)
                ev.append("under_limit")
            span_days = np.maximum(A["a1"][s] - a0, 0)
            A["n"][s] = (rate * span_days * r.uniform(0.6, 1.0)).astype(np.int64)
            # --- timing
            if P(0.1, 0.35, 0.75, 0.9):
                self.human(s, r.uniform(0.4, 0.9, size=size), wskip=0.4, sess=(3.0, 0.6), gap=(6, 40))
                ev.append("human_timing")
            elif P(0.5, 0.5, 0.5, 0.5):
                A["tmode"][s] = 1; A["flat"][s] = 1.0; ev.append("around_the_clock")
            else:
                hrs = r.choice(24, size=4, replace=False)
                self.machine_hours(s, int(r.integers(2, 5)), r.uniform(60, 300), r.uniform(2, 12), wskip=0.0,
                                   hours=np.tile(hrs, (size, 1)))
                ev.append("batch_jobs")
            # --- prompts
            area = list(RING_DS)[r.integers(len(RING_DS))]
            dss = self.pick_ds(RING_DS[area], int(r.integers(1, 4)))
            base = self.ps_templates(dss, int(r.integers(2, 7)))
            para = P(0.05, 0.35, 0.7, 0.9)
            rotate = P(0.2, 0.5, 0.7, 0.9)
            if not rotate:
                base = base[:1]
            lo = np.zeros(size, np.int64)
            for i in range(size):
                lo[i] = len(self.T.parts)
                for t in base:
                    parts = paraphrase(self.T.parts[t], r) if para else self.T.parts[t]
                    self.T.add(parts, 5.6 if area != "summaries" else 5.3, 0.5, f"ring:{rid}")
            if para:
                ev.append("paraphrase")
            if rotate:
                ev.append("template_rotation")
            cover = 0.0
            if infra.startswith("reseller_gateway"):
                cover = r.uniform(0.3, 0.7); ev.append("resold_traffic")
            elif P(0.05, 0.3, 0.6, 0.8):
                cover = r.uniform(0.1, 0.4); ev.append("cover_traffic")
            implicit = P(0, 0.15, 0.35, 0.5)
            cot = dict(crude=(0.8, 1.0), mid=(0.5, 0.95), careful=(0.3, 0.8), expert=(0.25, 0.7))[tier]
            harvest_w = 1.0 - cover
            self.set_sources(s, [dict(lo=lo, span=len(base), skew=1.0, w=harvest_w, cot=float(r.uniform(*cot))),
                                 self.chat_src(cot=0.03, w=cover)])
            A["cot_style"][s] = -1 if P(0.2, 0.5, 0.8, 0.9) else int(r.integers(N_EXPL))
            A["implicit"][s] = implicit
            if implicit:
                ev.append("implicit_cot")
            A["cot_prefix"][s] = r.uniform(0, 0.5) if para else 0.0
            # --- clients, keys, models
            if P(0.05, 0.3, 0.7, 0.8):
                ua = np.array(UA_SDK + UA_BROWSER)
                A["ua_a"][s] = ua[r.integers(len(ua), size=size)]
                A["ua_b"][s] = ua[r.integers(len(ua), size=size)]
                A["p_ua_b"][s] = r.uniform(0.1, 0.5, size=size)
                ev.append("ua_rotation")
            else:
                A["ua_a"][s] = UA_GATEWAY if infra.startswith("reseller") else r.choice([5, 6, 0, 10])
            A["key_n"][s] = r.integers(3, 11, size=size) if P(0, 0.2, 0.4, 0.5) else 1
            if A["key_n"][s.start] > 1:
                ev.append("key_sprawl")
            if P(0.05, 0.3, 0.6, 0.7):
                A["model_a"][s] = r.choice([M_THINK, M_PRO, M_STD], size=size)
                A["p_model_a"][s] = r.uniform(0.4, 0.75, size=size); ev.append("mixed_models")
            else:
                A["model_a"][s] = M_THINK if area != "code" else M_CODE; A["p_model_a"][s] = 0.98
            A["tok_scale"][s] = r.uniform(1.0, 1.6)
            variant = "|".join([infra] + ev)
            A["variant"][s] = variant
            self.rings.append(dict(ring_id=rid, size=int(size), tier=tier, variant=variant, area=area,
                                   datasets=dss, n_templates=len(base)))

    # -- events --------------------------------------------------------------------------
    def events(self):
        A, r = self.A, self.rng
        D = self.days
        n = A["n"].copy()
        a0 = np.maximum(A["a0"], np.maximum(A["created"] + 0.01, 0.0))
        a1 = np.minimum(A["a1"], D)
        n[a1 <= a0] = 0
        span = np.maximum(a1 - a0, 1e-3)
        sm = (A["tmode"] == 0) & (n > 0)
        pm = (A["tmode"] == 1) & (n > 0)
        # sessions
        acc_s = np.flatnonzero(sm)
        ns = np.maximum(1, np.ceil(n[acc_s] / A["sess_len"][acc_s])).astype(np.int64)
        sess_acc = np.concatenate([np.repeat(acc_s, ns), np.repeat(np.flatnonzero(pm), n[pm])])
        S1 = int(ns.sum())
        S = len(sess_acc)
        # events of session-mode accounts -> sessions
        ev_acc1 = np.repeat(acc_s, n[acc_s])
        soff = np.concatenate([[0], np.cumsum(ns)[:-1]])
        loc = np.floor(r.random(len(ev_acc1)) * np.repeat(ns, n[acc_s])).astype(np.int64)
        counts1 = np.bincount(np.repeat(soff, n[acc_s]) + loc, minlength=S1)
        counts = np.concatenate([counts1, np.ones(S - S1, np.int64)])
        # session prompt source
        w = A["src_w"][sess_acc]
        cw = np.cumsum(w, axis=1)
        u = r.random(S) * cw[:, -1]
        src = (u >= cw[:, 0]).astype(np.int64) + (u >= cw[:, 1])
        src = np.minimum(src, 2)
        # session day
        sa0, ssp = a0[sess_acc], span[sess_acc]
        day = np.floor(sa0 + r.random(S) * ssp)
        wd = (self.start_wd + day.astype(np.int64)) % 7
        redo = (wd >= 5) & (r.random(S) < A["wskip"][sess_acc])
        day[redo] = np.floor(sa0[redo] + r.random(redo.sum()) * ssp[redo])
        fd = A["focus_day"][sess_acc]
        foc = (fd >= 0) & (src == A["focus_src"][sess_acc]) & (r.random(S) < 0.85)
        if foc.any():
            per = A["focus_period"][sess_acc][foc]
            spread = A["focus_spread"][sess_acc][foc]
            k = np.floor(r.random(foc.sum()) * np.maximum(1, (D - fd[foc]) // np.maximum(per, 1) + 1))
            basef = fd[foc] + np.where(per > 0, k * per, 0)
            jit = np.floor(r.exponential(np.abs(spread)))
            day[foc] = basef - np.sign(spread) * jit
        # session start (seconds since window start)
        tz = A["tz"][sess_acc]
        hm = A["hmode"][sess_acc]
        loc_h = np.where(r.random(S) < A["work_w"][sess_acc], r.normal(13.2, 2.4, S), r.normal(20.8, 1.7, S))
        loc_h = np.where(r.random(S) < 0.04, r.random(S) * 24, loc_h)
        start = day * 86400 + (loc_h - tz) * 3600
        m1 = hm == 1
        if m1.any():
            nh = A["nhours"][sess_acc][m1]
            hsel = A["hours"][sess_acc[m1], np.floor(r.random(m1.sum()) * nh).astype(np.int64)]
            start[m1] = day[m1] * 86400 + hsel * 3600 + A["minute"][sess_acc][m1] * 60 + r.random(m1.sum()) * 20
        # around-the-clock (poisson) sessions = single events
        pmask = np.zeros(S, bool); pmask[S1:] = True
        if pmask.any():
            acc_p = sess_acc[pmask]
            dayp = np.floor(a0[acc_p] + r.random(pmask.sum()) * span[acc_p])
            diurnal = np.array([3, 2, 1.5, 1.2, 1.2, 1.5, 2.5, 4, 6, 7.5, 8, 8, 7.5, 8, 8, 7.5, 7, 6.5, 6, 6, 6, 5.5, 5, 4])
            cdf = np.cumsum(diurnal) / diurnal.sum()
            lh = np.searchsorted(cdf, r.random(len(acc_p))) + r.random(len(acc_p))
            hh = np.where(r.random(len(acc_p)) < A["flat"][acc_p], r.random(len(acc_p)) * 24, lh - A["tz"][acc_p])
            start[pmask] = dayp * 86400 + hh * 3600
            day[pmask] = dayp
        # events
        E = int(counts.sum())
        ev_sess = np.repeat(np.arange(S), counts)
        ev_acc = sess_acc[ev_sess]
        first = np.concatenate([[0], np.cumsum(counts)[:-1]])
        k = np.arange(E) - first[ev_sess]
        gm = A["gap_mean"][ev_acc]
        gap = np.where(A["gap_mode"][ev_acc] == 1, gm * np.clip(1 + 0.05 * r.standard_normal(E), 0.5, 1.5),
                       2 + r.exponential(1.0, E) * gm)
        gap[A["tmode"][ev_acc] == 1] = 0
        cs = np.cumsum(gap)
        t = start[ev_sess] + cs - np.concatenate([[0.0], cs])[first[ev_sess]]
        keep = (t >= a0[ev_acc] * 86400) & (t < a1[ev_acc] * 86400) & (t >= 0) & (t < D * 86400)
        idx = np.flatnonzero(keep)
        ev_sess, ev_acc, k, t = ev_sess[idx], ev_acc[idx], k[idx], t[idx]
        uid = idx.astype(np.uint64)
        # daily limit (UTC day): requests beyond it are rejected and not logged
        dday = np.floor(t / 86400).astype(np.int64)
        o = np.lexsort((t, dday, ev_acc))
        grp = ev_acc[o] * (D + 1) + dday[o]
        newg = np.concatenate([[True], grp[1:] != grp[:-1]])
        gstart = np.maximum.accumulate(np.where(newg, np.arange(len(o)), 0))
        rank = np.arange(len(o)) - gstart
        o = o[rank < DAILY_LIMIT]
        self.rejected = int(len(idx) - len(o))
        # final order: by time
        o = o[np.lexsort((k[o], ev_acc[o], t[o]))]
        ev_sess, ev_acc, k, t, uid, dday = ev_sess[o], ev_acc[o], k[o], t[o], uid[o], dday[o]
        E = len(t)
        esrc = src[ev_sess]
        sid = ev_sess.astype(np.uint64)
        salt = A["ip_salt"][ev_acc]
        # ---- IP
        ipsrc = A["src_ip"][ev_acc, esrc]
        off = A["ip_off"][ev_acc, ipsrc]
        spn = np.maximum(A["ip_span"][ev_acc, ipsrc], 1)
        gran = A["ip_gran"][ev_acc, ipsrc]
        lease = np.floor(dday / np.maximum(A["lease"][ev_acc], 1)).astype(np.int64)
        keys = np.select([gran == 0, gran == 1, gran == 2, gran == 3], [uid, sid, dday.astype(np.uint64),
                                                                         lease.astype(np.uint64)], U64(0))
        hv = h2(salt ^ U64(0x5151) * ipsrc.astype(np.uint64), keys)
        seq = A["ip_seq"][ev_acc, ipsrc]
        pick = np.where(seq, keys.astype(np.int64) % spn, (hv % spn.astype(np.uint64)).astype(np.int64))
        # vpn users: 20 % of sessions with the VPN off (home address from the lease sequence is not kept
        # for them; they fall back to their own favourite exit instead) -> nothing to do
        v4 = self.pool.array()[off + pick]
        p6 = np.where(ipsrc == 0, A["p6"][ev_acc], 0.0)
        is6 = unit(h2(salt ^ U64(0x66), sid)) < p6
        g6 = A["v6_gran"][ev_acc]
        k6 = np.where(g6 == 1, sid, np.where(g6 == 2, dday.astype(np.uint64), U64(0)))
        hi = A["v6_hi"][ev_acc] | (h2(salt ^ U64(0x77), k6) & A["v6_mask"][ev_acc])
        lo = h2(salt ^ U64(0x88), dday.astype(np.uint64) * U64(1000003) + np.where(g6 == 1, sid, U64(0)))
        hi = np.where(is6, hi, U64(0))
        lo = np.where(is6, lo, v4.astype(np.uint64))
        ip = self.format_ips(is6, hi, lo)
        # ---- template, CoT, tokens
        tpl = A["src_lo"][ev_acc, esrc]
        tsp = np.maximum(A["src_span"][ev_acc, esrc], 1)
        skew = A["src_skew"][ev_acc, esrc]
        x = unit(h2(salt ^ U64(0x99), sid))
        tpl = tpl + np.minimum(np.floor(tsp * x ** skew).astype(np.int64), tsp - 1)
        fol = A["src_follow"][ev_acc, esrc] & (k > 0) & (r.random(E) < 0.6)
        tpl[fol] = self.follow_lo + r.integers(0, self.follow_n, size=int(fol.sum()))
        cot = (r.random(E) < A["src_cot"][ev_acc, esrc]) & ~fol
        style = A["cot_style"][ev_acc]
        rnd_style = np.where(A["implicit"][ev_acc], N_EXPL + r.integers(0, len(IMPLICIT_COT), E),
                             r.integers(0, N_EXPL, E))
        style = np.where(style < 0, rnd_style, style)
        style = np.where(A["implicit"][ev_acc] & (r.random(E) < 0.7), rnd_style, style)
        prefix = r.random(E) < A["cot_prefix"][ev_acc]
        mu = np.array(self.T.mu)[tpl]
        sg = np.array(self.T.sig)[tpl]
        lt = mu + sg * r.standard_normal(E) + np.where(cot, np.log(3.0) + 0.3 * r.standard_normal(E), 0)
        tok = np.clip(np.exp(lt) * A["tok_scale"][ev_acc], 1, MAX_OUTPUT_TOKENS).astype(np.int64)
        # ---- client, key, model, payment
        ua = np.where(unit(h2(salt ^ U64(0xAA), sid)) < A["p_ua_b"][ev_acc], A["ua_b"][ev_acc], A["ua_a"][ev_acc])
        koff = np.concatenate([[0], np.cumsum(A["key_n"])[:-1]])
        keys_all = self.token("key_", int(A["key_n"].sum()))
        kpick = (h2(salt ^ U64(0xBB), sid) % A["key_n"][ev_acc].astype(np.uint64)).astype(np.int64)
        alt = r.integers(0, len(MODELS), E)
        model = np.where(r.random(E) < A["p_model_a"][ev_acc], A["model_a"][ev_acc], alt)
        ts = (np.int64(self.start.timestamp() * 1_000_000) + np.round(t * 1e6).astype(np.int64))
        cols = {
            "account_id": pa.array(self.ids, pa.string()).take(pa.array(ev_acc)),
            "timestamp": pa.array(ts, pa.timestamp("us", tz="UTC")),
            "ip": ip,
            "payment_method": pa.array(A["pay"], pa.string()).take(pa.array(ev_acc)),
            "prompt": None,
            "user_agent": pa.array(UAS, pa.string()).take(pa.array(ua)),
            "output_tokens": pa.array(tok, pa.int64()),
            "api_key_id": pa.array(keys_all, pa.string()).take(pa.array(koff[ev_acc] + kpick)),
            "model": pa.array(MODELS, pa.string()).take(pa.array(model)),
        }
        self.ev_acc = ev_acc
        self.ev_cot = cot
        # free the per-event working arrays before the prompts, the largest column
        del ts, tok, ua, model, alt, kpick, lt, mu, sg, hi, lo, is6, v4, keys, hv, pick, t, gap, cs, salt, sid
        cols["prompt"] = self.render(tpl, cot, style, prefix)
        return pa.table(cols)

    def format_ips(self, is6, hi, lo):
        key = np.stack([is6.astype(np.uint64), hi, lo], axis=1)
        uniq, inv = np.unique(key, axis=0, return_inverse=True)
        out = []
        for f, h, l in uniq.tolist():
            if f:
                g = [(h >> s) & 0xFFFF for s in (48, 32, 16, 0)] + [(l >> s) & 0xFFFF for s in (48, 32, 16, 0)]
                out.append(":".join(f"{x:x}" for x in g))
            else:
                out.append(f"{(l >> 24) & 255}.{(l >> 16) & 255}.{(l >> 8) & 255}.{l & 255}")
        return pa.array(out, pa.string()).take(pa.array(inv.ravel().astype(np.int64)))

    def render(self, tpl, cot, style, prefix, block=250_000):
        """Prompts in event order, one Arrow chunk per block of events (few Python strings alive)."""
        chunks = []
        for b in range(0, len(tpl), block):
            sl = slice(b, b + block)
            chunks.append(self._render_block(tpl[sl], cot[sl], style[sl], prefix[sl]))
        return pa.chunked_array(chunks, pa.string())

    def _render_block(self, tpl, cot, style, prefix):
        r = self.rng
        out = np.empty(len(tpl), dtype=object)
        order = np.argsort(tpl, kind="stable")
        st = tpl[order]
        bounds = np.flatnonzero(np.concatenate([[True], st[1:] != st[:-1], [True]]))
        phrases = np.array(COT_PHRASES, dtype=object)
        for b0, b1 in zip(bounds[:-1], bounds[1:]):
            ids = order[b0:b1]
            parts = self.T.parts[st[b0]]
            m = len(ids)
            acc = np.full(m, parts[0], dtype=object)
            for i in range(1, len(parts), 2):
                pool = self.fill[parts[i]]
                acc = acc + pool[r.integers(0, len(pool), size=m)]
                if parts[i + 1]:
                    acc = acc + parts[i + 1]
            c = cot[ids]
            if c.any():
                ph = phrases[style[ids][c]]
                base = acc[c]
                acc[c] = np.where(prefix[ids][c], ph + "\n\n" + base, base + "\n\n" + ph)
            out[ids] = acc
        return pa.array(out, pa.string())

    # -- build ---------------------------------------------------------------------------
    def build(self):
        r = self.rng
        R = int(round(self.N * self.ring_share))
        sizes = self.ring_sizes_list(R)
        R = sum(sizes)
        self.build_benign(self.N - R)
        self.build_rings(sizes)
        assert self.A.cur == self.N, (self.A.cur, self.N)
        # ids: random, unrelated to cohort
        ids = set()
        out = []
        while len(out) < self.N:
            for v in r.integers(0, 16 ** 10, size=self.N - len(out) + 16, dtype=np.int64).tolist():
                s = f"acct_{v:010x}"
                if s not in ids:
                    ids.add(s); out.append(s)
                if len(out) == self.N:
                    break
        self.ids = np.array(out, dtype=object)
        # accounts with a pre-window sign-up that are new inside it start after sign-up
        return self.events()

    def write(self, out: Path, tbl):
        A = self.A
        out.mkdir(parents=True, exist_ok=True)
        pq.write_table(tbl, out / "events.parquet", compression="zstd", row_group_size=262144)
        created = [(self.start + dt.timedelta(days=float(c))).strftime("%Y-%m-%dT%H:%M:%SZ") for c in A["created"]]
        acc = pd.DataFrame({"account_id": self.ids, "created_at": created, "payment_method": A["pay"],
                            "email_domain": A["email"], "country": A["country"], "org_id": A["org"]})
        perm = self.rng.permutation(self.N)
        acc.iloc[perm].to_csv(out / "accounts.csv", index=False, lineterminator="\n")
        truth = pd.DataFrame({"account_id": self.ids, "is_ring": A["is_ring"], "ring_id": A["ring"],
                              "group_id": A["group"], "cohort": A["cohort"], "variant": A["variant"]})
        truth.sort_values("account_id").to_csv(out / "truth.csv", index=False, lineterminator="\n")
        evc = np.bincount(self.ev_acc, minlength=self.N)
        cohorts = {}
        for c in sorted(set(A["cohort"].tolist())):
            m = A["cohort"] == c
            cohorts[c] = dict(accounts=int(m.sum()), groups=int(len(set(A["group"][m].tolist()))) if c != "ring"
                              else len(self.rings), events=int(evc[m].sum()),
                              active_accounts=int(((evc > 0) & m).sum()))
        for ring in self.rings:
            m = A["ring"] == ring["ring_id"]
            ring["events"] = int(evc[m].sum())
            ring["active_accounts"] = int(((evc > 0) & m).sum())
            ring["cot_share"] = round(float(self.ev_cot[m[self.ev_acc]].mean()) if ring["events"] else 0.0, 3)
        info = dict(
            generator="world9", version=1,
            parameters=dict(accounts=self.N, seed=self.seed, ring_share=self.ring_share, ring_sizes=self.ring_sizes),
            window=dict(start=self.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        end=(self.start + dt.timedelta(days=self.days)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        days=self.days),
            platform=dict(daily_request_limit_per_account=DAILY_LIMIT, limit_day="UTC",
                          over_limit="rejected (HTTP 429), not logged", max_output_tokens=MAX_OUTPUT_TOKENS,
                          models=MODELS),
            events=int(len(self.ev_acc)), rejected_over_limit=self.rejected,
            ring_accounts=int(A["is_ring"].sum()), cohorts=cohorts, rings=self.rings,
        )
        (out / "world.json").write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return info


def generate(n_accounts, seed, ring_share, ring_sizes, out):
    sd = Shared(shared_dir())
    w = World(n_accounts, seed, ring_share, ring_sizes, sd)
    tbl = w.build()
    return w.write(Path(out), tbl)


def main(argv=None):
    ap = argparse.ArgumentParser(description="world9: synthetic LLM-API world with distillation rings")
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.002)
    ap.add_argument("--ring-sizes", choices=["small", "large", "mixed"], default="small")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if a.accounts < 100:
        ap.error("--accounts must be at least 100")
    if not 0 <= a.ring_share < 0.5:
        ap.error("--ring-share must be in [0, 0.5)")
    t0 = time.time()
    info = generate(a.accounts, a.seed, a.ring_share, a.ring_sizes, a.out)
    print(f"world9: {info['events']:,} events, {a.accounts:,} accounts, {info['ring_accounts']} ring accounts "
          f"in {len(info['rings'])} rings, {info['window']['days']} days -> {a.out} ({time.time() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
