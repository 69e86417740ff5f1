#!/usr/bin/env python3
"""World 24: a synthetic LLM-API platform ("Meridian API") with distillation rings hidden among benign groups.

Standalone (numpy + pandas + pyarrow only). Written without reading graphhunt's detector: a held-out test world.

Usage:
  python benchmarks/world24.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR
      [--days 33] [--minimal] [--quiet]

--ring-sizes small  rings of 3-15 accounts
             mixed  45 % of ring accounts in rings of 3-15, 35 % in 16-80, 20 % in 81-250
             hydra  one proxy_hydra ring of 75-88 % of the ring accounts, the rest in rings of 3-15
--minimal    events keep only account_id, timestamp, ip, payment_method, prompt; accounts.csv only
             account_id, payment_method.

Reference data (real prompts, promptsource templates, AS table, VPN / datacenter / cloud ranges, Tor exits) is
read from $GRAPHHUNT_SHARED_DATA (default /work/shared/data). Output: events.parquet, accounts.csv, truth.csv,
world.json in --out. Same seed -> same bytes (world.json's generation_seconds aside).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import random
import re
import string
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

# ----------------------------------------------------------------------------------------------- platform
START = pd.Timestamp("2029-10-15T00:00:00Z")          # a Monday
START_MS = int(START.value // 1_000_000)
DEFAULT_DAYS = 33
DAY_MS = 86_400_000
H_MS = 3_600_000
# tier: (per UTC minute, per UTC day); free = no payment method, card = pm_ token, invoice = inv_ token
LIMITS = {"free": (5, 40), "card": (30, 1500), "invoice": (90, 6000)}
MODELS = ["meridian-3", "meridian-3-mini", "meridian-3-think", "meridian-3-code"]
EU_END = int(pd.Timestamp("2029-10-28T01:00:00Z").value // 1_000_000)
US_END = int(pd.Timestamp("2029-11-04T07:00:00Z").value // 1_000_000)
EG_END = int(pd.Timestamp("2029-10-25T21:00:00Z").value // 1_000_000)

# code: weight, [(std utc offset h, dst rule, weight)], {lang: p}, IPv6 adoption, holidays (local dates)
COUNTRIES = {
    "IN": (14, [(5.5, "", 1)], {"hi": .30, "en": .70}, .72, ["2029-11-05", "2029-11-06"]),
    "US": (12, [(-5, "us", .5), (-6, "us", .3), (-8, "us", .2)], {"en": .9, "es": .1}, .52, ["2029-11-12"]),
    "BR": (8, [(-3, "", 1)], {"pt": .85, "en": .15}, .45, ["2029-11-02", "2029-11-15"]),
    "ID": (5, [(7, "", 1)], {"id": .7, "en": .3}, .18, []),
    "VN": (4, [(7, "", 1)], {"vi": .75, "en": .25}, .55, []),
    "KR": (3.5, [(9, "", 1)], {"ko": .8, "en": .2}, .15, []),
    "NG": (4, [(1, "", 1)], {"en": 1.0}, .04, []),
    "MX": (4, [(-6, "", 1)], {"es": .85, "en": .15}, .50, ["2029-11-02", "2029-11-19"]),
    "DE": (4, [(1, "eu", 1)], {"de": .7, "en": .3}, .65, []),
    "GB": (4, [(0, "eu", 1)], {"en": 1.0}, .47, []),
    "FR": (3, [(1, "eu", 1)], {"fr": .75, "en": .25}, .78, ["2029-11-01", "2029-11-11"]),
    "PL": (3, [(1, "eu", 1)], {"pl": .75, "en": .25}, .22, ["2029-11-01", "2029-11-12"]),
    "JP": (3, [(9, "", 1)], {"ja": .8, "en": .2}, .48, ["2029-11-03"]),
    "PH": (3, [(8, "", 1)], {"en": .85, "tl": .15}, .10, ["2029-11-01", "2029-11-02"]),
    "EG": (2, [(2, "eg", 1)], {"ar": .7, "en": .3}, .05, []),
    "TR": (2, [(3, "", 1)], {"tr": .75, "en": .25}, .10, ["2029-10-29"]),
    "KE": (2, [(3, "", 1)], {"sw": .35, "en": .65}, .06, ["2029-10-20"]),
    "ES": (2, [(1, "eu", 1)], {"es": .8, "en": .2}, .15, ["2029-11-01"]),
    "IT": (2, [(1, "eu", 1)], {"it": .75, "en": .25}, .12, ["2029-11-01"]),
    "CA": (2, [(-5, "us", .6), (-8, "us", .4)], {"en": .8, "fr": .2}, .38, ["2029-11-12"]),
    "PK": (2, [(5, "", 1)], {"en": 1.0}, .04, ["2029-11-09"]),
    "BD": (2, [(6, "", 1)], {"en": 1.0}, .08, []),
    "AR": (1.5, [(-3, "", 1)], {"es": .85, "en": .15}, .14, []),
    "SA": (1.5, [(3, "", 1)], {"ar": .6, "en": .4}, .60, []),
    "AU": (1.5, [(11, "", 1)], {"en": 1.0}, .30, []),
    "CO": (1.5, [(-5, "", 1)], {"es": .85, "en": .15}, .20, ["2029-11-05", "2029-11-12"]),
}
CC = list(COUNTRIES)
CC_W = np.array([COUNTRIES[c][0] for c in CC], float)
CC_W /= CC_W.sum()
LANG_NAMES = {"hi": "Hindi", "pt": "Brazilian Portuguese", "id": "Indonesian", "vi": "Vietnamese", "ko": "Korean",
              "es": "Spanish", "de": "German", "fr": "French", "pl": "Polish", "ja": "Japanese", "tl": "Tagalog",
              "ar": "Arabic", "tr": "Turkish", "sw": "Swahili", "it": "Italian", "en": "English"}


def _hours(peaks, floor=.02):
    h = np.arange(24)
    w = np.full(24, floor)
    for c, s, a in peaks:
        d = np.minimum(np.abs(h - c), 24 - np.abs(h - c))
        w += a * np.exp(-.5 * (d / s) ** 2)
    return w / w.sum()


PROFILES = {
    "day": _hours([(11, 3, 1), (16, 2.5, .8)]),
    "evening": _hours([(20.5, 2.2, 1), (13, 2, .3)]),
    "office": _hours([(10, 1.6, 1), (15, 2, .9)], .005),
    "night": _hours([(23, 2.5, 1), (15, 2, .4)]),
    "clinic": _hours([(9.5, 1.5, 1), (14.5, 1.8, .8)], .003),
    "after_school": _hours([(17, 1.6, 1), (20, 1.5, .6)], .01),
    "flat": np.full(24, 1 / 24),
    "commute": _hours([(8, 1.2, .8), (18, 1.5, 1), (22, 1.5, .6)]),
}
WEEK_ALL = np.array([1, 1, 1, 1, 1, .85, .8])
WEEK_WORK = np.array([1, 1, 1, 1, .95, .12, .06])
WEEK_LEISURE = np.array([.8, .8, .85, .85, .9, 1.1, 1.15])

# ----------------------------------------------------------------------------------------------- user agents
BROWSERS = [f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 "
            f"Safari/537.36" for v in (128, 129, 130, 131)] + \
           [f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v} "
            f"Safari/605.1.15" for v in ("17.6", "18.0", "18.1")] + \
           [f"Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0" for v in (130, 131, 132)] + \
           [f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 "
            f"Safari/537.36 Edg/{v}.0.0.0" for v in (129, 130)]
APPS = [f"MeridianChat/{v} (Android {a})" for v in ("5.3.0", "5.3.1", "5.4.0") for a in (13, 14, 15)] + \
       [f"MeridianChat/{v} (iOS {a})" for v in ("5.3.1", "5.4.0") for a in ("17.7", "18.0", "18.1")]
SDKS = ["meridian-python/2.4.0", "meridian-python/2.4.1", "meridian-python/2.4.3", "meridian-node/1.12.0",
        "meridian-node/1.12.2", "python-requests/2.32.3", "curl/8.5.0", "Go-http-client/2.0", "okhttp/4.12.0",
        "axios/1.7.7", "python-httpx/0.27.2"]
OLD_SDK = "meridian-python/1.4.0"

# ----------------------------------------------------------------------------------------------- words
NAMES = ("Aisha Ben Carlos Dara Emeka Farah Goran Hana Ivan Jia Kofi Lena Mateo Nadia Omar Priya Quinn Rosa Sven "
         "Tomasz Uma Vikram Wen Ximena Yusuf Zoe Arjun Beatriz Chidi Dmitri Elif Femi Grace Hiro Ines Jonas Kemal "
         "Lucia Minh Nikhil Olga Pablo Rahel Sora Thabo Ugo Valeria Wanjiru Yara").split()
NOUNS = ("river bridge market glacier engine library harbour orchard satellite vaccine protein algorithm contract "
         "tariff volcano forest battery reactor comet railway telescope monastery cathedral dam bakery ferry "
         "pipeline bacterium enzyme election treaty festival spreadsheet warehouse coral reef drought monsoon "
         "startup merger mortgage pension invoice molecule asteroid stadium vineyard factory clinic parliament "
         "dialect manuscript glacier wetland turbine microscope").split()
ADJ = ("ancient small northern coastal rural urban experimental local national private public early late new "
       "old modern seasonal fragile large remote busy quiet rapid slow").split()
VERBS = ("built moved studied closed expanded measured reported protected replaced collapsed doubled funded "
         "visited analysed predicted flooded opened delayed approved rejected tested").split()
PLACES = ("Lagos Porto Krakow Hanoi Pune Medellin Mombasa Osaka Izmir Recife Bandung Tijuana Leeds Lyon Bari "
          "Busan Cebu Rosario Jeddah Dhaka Lahore Perth Halifax Dresden Valencia Cairo Nairobi").split()
TOPICS = ("photosynthesis inflation recursion supply chains the French revolution plate tectonics neural networks "
          "compound interest the water cycle game theory climate adaptation cell division vaccines blockchains "
          "probability tax brackets cloud computing microeconomics the immune system entropy").split(" ")
CONCEPTS = ["supply and demand", "mitosis and meiosis", "TCP and UDP", "weather and climate", "stocks and bonds",
            "velocity and acceleration", "an array and a linked list", "ionic and covalent bonds", "DNA and RNA",
            "mean and median", "fission and fusion", "a virus and a bacterium", "GDP and GNP", "SQL joins",
            "recursion and iteration", "precision and recall", "latitude and longitude", "a noun and a verb"]
ITEMS = ("notebooks apples tickets shirts bags pens lamps chairs books cakes bottles plants").split()
LANGS_EN = ["Spanish", "French", "German", "Japanese", "Korean", "Portuguese", "Hindi", "Arabic", "Polish",
            "Turkish", "Indonesian", "Vietnamese", "Italian", "Swahili"]


def _sentence_bank(pr: random.Random, n: int) -> list[str]:
    pats = [
        "The {a} {n} in {p} was {v} in {y}.",
        "Researchers {v} the {n} near {p} after the {a} {n2} failed.",
        "In {y}, {name} {v} a {a} {n} that later became famous across {p}.",
        "Local officials said the {n} had been {v} twice since {y}.",
        "A {a} {n} can store more energy than a {n2} of the same size.",
        "{name} argued that the {n} should be {v} before the {n2} opened.",
        "Most of the {n}s in {p} were {v} during the {a} season.",
        "The report found that the {n} {v} the {n2} by {k} percent.",
    ]
    out = []
    for _ in range(n):
        out.append(pr.choice(pats).format(a=pr.choice(ADJ), n=pr.choice(NOUNS), n2=pr.choice(NOUNS),
                                          p=pr.choice(PLACES), v=pr.choice(VERBS), y=pr.randint(1850, 2028),
                                          name=pr.choice(NAMES), k=pr.randint(2, 90)))
    return out


def _question_bank(pr: random.Random, n: int) -> list[str]:
    pats = ["Why did the {n} in {p} get {v}?", "What happened to the {a} {n} after {y}?",
            "Who {v} the {n} near {p}?", "How many {n}s were {v} in {p} in {y}?",
            "Which {n} was {v} first, the {a} one or the one in {p}?", "When was the {n} in {p} {v}?",
            "What is the main reason a {n} is {v}?", "Where was the {a} {n} {v}?"]
    return [pr.choice(pats).format(a=pr.choice(ADJ), n=pr.choice(NOUNS), p=pr.choice(PLACES), v=pr.choice(VERBS),
                                   y=pr.randint(1850, 2028)) for _ in range(n)]


def _math(pr: random.Random) -> str:
    k = pr.randrange(8)
    a, b, c = pr.randint(2, 90), pr.randint(2, 40), pr.randint(5, 60)
    if k == 0:
        return f"{pr.choice(NAMES)} buys {b} {pr.choice(ITEMS)} at {a} dollars each with a {c}% discount. How much is paid?"
    if k == 1:
        return f"Solve {a}*x + {b} = {a * c + b} for x."
    if k == 2:
        return f"A train leaves {pr.choice(PLACES)} at {a} km/h and another follows {b} minutes later at {a + c} km/h. When does the second catch up?"
    if k == 3:
        return f"Solve -{a}*q + {b}*q = {c * (b - a)} for q."
    if k == 4:
        return f"What is the remainder when {a * b * c + pr.randint(1, 9)} is divided by {b}?"
    if k == 5:
        return f"A tank holds {a * 10} litres and drains at {b} litres per minute while filling at {c} litres per minute. How long until it is empty or full?"
    if k == 6:
        return f"The mean of {b} numbers is {a}. One number, {c}, is removed. What is the new mean?"
    return f"Let f(x) = {a}x^2 - {b}x + {c}. Find f({pr.randint(-9, 9)}) and the vertex of f."


CODE_ASKS = ["return the k most frequent words in a text file", "merge overlapping intervals",
             "parse an ISO 8601 duration", "validate an IBAN", "compute the edit distance of two strings",
             "find the longest palindromic substring", "flatten a nested dictionary with dotted keys",
             "rate-limit calls with a token bucket", "topologically sort a dependency graph",
             "detect a cycle in a linked list", "convert Roman numerals to integers", "deduplicate CSV rows"]


class FastRandom(random.Random):
    """random.Random with cheaper choice / randint / choices (one random() each); deterministic for a seed"""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def choices(self, seq, k=1):
        r, n = self.random, len(seq)
        return [seq[int(r() * n)] for _ in range(k)]


# ----------------------------------------------------------------------------------------------- reference data
def _sha_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def _yaml_scalar(lines: list[str]) -> str:
    """The value of a YAML scalar spread over lines (double-, single-quoted or plain; folding as YAML does)."""
    first = lines[0].lstrip()
    q = first[:1]
    if q in "\"'":
        body = [first[1:]] + [ln.strip() for ln in lines[1:]]
        out = ""
        for i, seg in enumerate(body):
            if i == 0:
                out = seg if q == "'" else seg.rstrip(" ")
                if i == 0 and len(body) > 1 and not seg.endswith("\\"):
                    pass
                continue
            if q == '"' and out.endswith("\\") and not out.endswith("\\\\"):
                out = out[:-1] + seg.lstrip()
            elif seg == "":
                out += "\n"
            else:
                out = out + ("" if out.endswith("\n") else " ") + seg
        out = out.rstrip()
        if out.endswith(q):
            out = out[:-1]
        if q == "'":
            return out.replace("''", "'")
        return re.sub(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", _dq_escape, out)
    return " ".join(ln.strip() for ln in lines).strip()


def _dq_escape(m: re.Match) -> str:
    s = m.group(1)
    if s[0] in "ux":
        return chr(int(s[1:], 16))
    return {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " ", "r": "", "0": ""}.get(s, s)


_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


def _render_parts(jinja: str):
    """A promptsource template's prompt side as parts: literal text or ('slot', name); None when not usable."""
    src = jinja.split("|||")[0]
    parts, stack = [], []          # stack of bools: is this block's current branch kept
    keep = lambda: all(stack)     # noqa: E731
    for tok in _TAG.split(src):
        if not tok:
            continue
        if tok.startswith("{#"):
            continue
        if tok.startswith("{%"):
            body = tok[2:-2].strip("-+ \n")
            w = body.split()[0] if body.split() else ""
            if w in ("if", "for"):
                stack.append(True)
            elif w in ("elif", "else"):
                if stack:
                    stack[-1] = False
            elif w in ("endif", "endfor"):
                if stack:
                    stack.pop()
            continue
        if not keep():
            continue
        if tok.startswith("{{"):
            expr = tok[2:-2].strip("-+ \n")
            if re.fullmatch(r"""(['"]).*\1""", expr, re.S):
                parts.append(expr[1:-1])
                continue
            ids = [i for i in _IDENT.findall(expr) if i not in ("join", "lower", "upper", "replace", "split", "strip",
                                                                "loop", "index", "range", "length", "trim", "title")]
            name = "answer_choices" if "answer_choices" in expr else (ids[0] if ids else "text")
            parts.append(("slot", name))
        else:
            parts.append(tok)
    lits = "".join(p for p in parts if isinstance(p, str))
    if re.search(r"\{\{|\}\}|\{%|%\}|answer_choices", lits):
        return None
    if not any(isinstance(p, tuple) for p in parts):
        return None
    return parts


FAMILIES = {
    "math": ("math_dataset", "math_qa", "aqua_rat", "numer_sense"),
    "commonsense": ("piqa", "hellaswag", "winogrande", "cos_e", "commonsense_qa", "social_i_qa", "codah", "swag",
                    "art", "cosmos_qa", "riddle_sense", "story_cloze", "quartz", "quarel", "openbookqa", "ai2_arc",
                    "sciq", "qasc"),
    "nli": ("anli", "multi_nli", "esnli", "snli", "glue/mnli", "glue/rte", "super_glue/rte", "super_glue/cb", "hans",
            "scitail", "xnli", "sick"),
    "reading": ("squad", "quoref", "ropes", "duorc", "adversarial_qa", "race", "drop", "quail", "coqa", "dream",
                "tydiqa", "xquad", "hotpot_qa", "narrativeqa", "super_glue/boolq", "super_glue/multirc"),
    "code": ("code_x_glue", "openai_humaneval", "great_code", "neural_code_search", "scan"),
    "summarise": ("cnn_dailymail", "xsum", "samsum", "multi_news", "billsum", "gigaword", "scitldr", "aeslc",
                  "scientific_papers"),
    "biomed": ("pubmed_qa", "head_qa", "medical_questions_pairs", "health_fact", "covid_qa_castorini", "medal",
               "ncbi_disease", "ade_corpus_v2", "evidence_infer_treatment"),
    "factual": ("trivia_qa", "nq_open", "web_questions", "kilt_tasks", "freebase_qa", "wiki_qa", "lama",
                "web_questions"),
}


class Ref:
    def __init__(self, root: Path):
        self.root = root
        req = root / "prompts" / "awesome-chatgpt-prompts.csv"
        if not req.exists():
            sys.exit(f"world24: reference data not found at {root} (set GRAPHHUNT_SHARED_DATA)")
        files = [req] + sorted((root / "prompts" / "promptsource-templates").rglob("templates.yaml")) + \
            sorted((root / "ip").rglob("*")) 
        files = [f for f in files if f.is_file()]
        self.sha = {str(f.relative_to(root)): _sha_file(f) for f in files}
        ap = pd.read_csv(req)
        self.awesome = []
        for t in ap["prompt"].astype(str):
            sents = [s for s in re.split(r"(?<=[.!?])\s+", t.strip()) if s]
            if sents:
                self.awesome.append(sents)
        self._templates(root / "prompts" / "promptsource-templates")
        self._asn(root / "ip" / "pyasn")
        self.vpn = self._cidrs(root / "ip" / "vpn" / "x4b_vpn_ipv4.txt")
        self.dc = self._cidrs(root / "ip" / "vpn" / "x4b_datacenter_ipv4.txt")
        self.cloud = {p.name: self._cidrs(p / "ipv4_merged.txt") for p in sorted((root / "ip" / "cloud").iterdir())
                      if (p / "ipv4_merged.txt").exists()}
        tor = [ln.strip() for ln in (root / "ip" / "tor" / "tor-exit-nodes.lst").read_text().split() if ln.strip()]
        self.tor = np.array([_v4int(x) for x in tor if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", x)], np.int64)

    def _templates(self, d: Path):
        self.templates = []           # (dataset, name, parts)
        self.n_templates_seen = 0
        for f in sorted(d.rglob("templates.yaml")):
            ds = str(f.parent.relative_to(d))
            lines = f.read_text(encoding="utf-8").split("\n")
            i = 0
            while i < len(lines):
                m = re.match(r"^(\s+)jinja: (.*)$", lines[i])
                if not m:
                    i += 1
                    continue
                ind = len(m.group(1))
                block = [m.group(2)]
                j = i + 1
                while j < len(lines) and (lines[j].strip() == "" or len(lines[j]) - len(lines[j].lstrip()) > ind):
                    block.append(lines[j])
                    j += 1
                while block and block[-1].strip() == "":
                    block.pop()
                i = j
                self.n_templates_seen += 1
                try:
                    parts = _render_parts(_yaml_scalar(block))
                except Exception:
                    parts = None
                if parts:
                    self.templates.append((ds, parts))
        self.by_family = {}
        for k, (ds, _) in enumerate(self.templates):
            fam = next((f for f, pre in FAMILIES.items() if any(ds.startswith(p) for p in pre)), "other")
            self.by_family.setdefault(fam, {}).setdefault(ds, []).append(k)

    def _asn(self, d: Path):
        raw = gzip.open(d / "ipasn_20140513.dat.gz").read().decode("ascii")
        body = "\n".join(ln for ln in raw.split("\n") if ln and not ln.startswith(";"))
        v = pd.read_csv(io.StringIO(body.translate(str.maketrans("./\t", "   "))), sep=" ", header=None,
                        dtype=np.int64, engine="c").to_numpy()
        ip = (v[:, 0] << 24) | (v[:, 1] << 16) | (v[:, 2] << 8) | v[:, 3]
        plen, asn = v[:, 4], v[:, 5]
        names = json.loads(gzip.open(d / "asnames.json.gz").read().decode("utf-8"))
        keys = np.array(sorted(int(k) for k in names), np.int64)
        nm = pd.Series([names[str(k)] for k in keys])
        low = nm.str.lower()
        ccs = nm.str.extract(r", ([A-Z]{2})$")[0].fillna("").to_numpy(str)
        cats = np.full(len(nm), "", object)
        pats = [("res", r"telecom|broadband|cable|communications|telekom|internet|\bisp\b|fiber|fibra|telefonica|"
                        r"comcast|charter|net\b|networks|telecommunication|online|dsl|home"),
                ("host", r"hosting|cloud|data ?cent|server|colo|vps|dedicated|hetzner|ovh|amazon|google|microsoft|"
                         r"digitalocean|linode|leaseweb"),
                ("mob", r"mobile|wireless|cellular|telkomsel|\bjio\b|airtel|movil|móvil|claro|safaricom|\bmtn\b|"
                        r"globe telecom|smart comm|viettel|t-mobile|\blte\b|gsm|vodafone|indosat|turkcell"),
                ("uni", r"universit|college|institute of technology|research and education|universidad|"
                        r"universidade|hochschule|academ|politecn|polytechn")]
        for k, rx in pats:
            cats[low.str.contains(rx, regex=True).to_numpy(bool)] = k
        pos = np.searchsorted(keys, asn)
        pos = np.minimum(pos, len(keys) - 1)
        found = keys[pos] == asn
        cat = np.where(found, cats[pos], "")
        cc = np.where(found, ccs[pos], "")
        ok = (plen >= 10) & (plen <= 24) & _public(ip) & (cat != "")
        ip, plen, cat, cc = ip[ok], plen[ok], cat[ok].astype(str), cc[ok].astype(str)
        self.asn_pref = {}
        for k in ("res", "host", "mob", "uni"):
            mk = cat == k
            w = np.sqrt(2.0 ** (32 - plen[mk]))
            self.asn_pref[("*", k)] = (ip[mk], plen[mk], w / w.sum())
            ccs_k = cc[mk]
            o = np.argsort(ccs_k, kind="stable")
            u, st = np.unique(ccs_k[o], return_index=True)
            en = np.append(st[1:], len(o))
            ipk, plk = ip[mk][o], plen[mk][o]
            for c, s0, s1 in zip(u, st, en):
                if c in COUNTRIES and s1 - s0 >= 3:
                    w = np.sqrt(2.0 ** (32 - plk[s0:s1]))
                    self.asn_pref[(str(c), k)] = (ipk[s0:s1], plk[s0:s1], w / w.sum())

    @staticmethod
    def _split(cidr: pd.Series):
        s = cidr.str.split("/", expand=True)
        o = s[0].str.split(".", expand=True).astype(np.int64).to_numpy()
        ip = (o[:, 0] << 24) | (o[:, 1] << 16) | (o[:, 2] << 8) | o[:, 3]
        return ip, s[1].astype(np.int64).to_numpy()

    def _cidrs(self, p: Path):
        lines = [ln.split("#")[0].strip() for ln in p.read_text().split("\n")]
        lines = [ln if "/" in ln else ln + "/32" for ln in lines if re.fullmatch(r"\d+\.\d+\.\d+\.\d+(/\d+)?", ln)]
        ip, plen = self._split(pd.Series(lines))
        m = _public(ip) & (plen >= 8)
        return ip[m], plen[m]


def _v4int(s: str) -> int:
    a, b, c, d = (int(x) for x in s.split("."))
    return (a << 24) | (b << 16) | (c << 8) | d


def _public(ip: np.ndarray) -> np.ndarray:
    a, b = ip >> 24, (ip >> 16) & 255
    return ~((a == 0) | (a == 10) | (a == 127) | (a >= 224) | ((a == 169) & (b == 254)) |
             ((a == 172) & (b >= 16) & (b < 32)) | ((a == 192) & (b == 168)) | ((a == 100) & (b >= 64) & (b < 128)))


def _hosts(rng, ip, plen, k, idx=None):
    """k random host addresses (last octet 1-254) inside prefixes ip/plen (chosen by idx or uniformly)."""
    if idx is None:
        idx = rng.integers(0, len(ip), k)
    size = (2 ** (32 - plen[idx])).astype(np.int64)
    off = (rng.random(k) * size).astype(np.int64)
    a = ip[idx] + off
    return (a & ~np.int64(255)) | rng.integers(1, 255, k)


# ----------------------------------------------------------------------------------------------- the world
class Interner:
    def __init__(self):
        self.d, self.items = {}, []

    def code(self, s) -> int:
        c = self.d.get(s)
        if c is None:
            c = self.d[s] = len(self.items)
            self.items.append(s)
        return c


def v4str(a: int) -> str:
    return f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}"


def v6str(hi: int, lo: int) -> str:
    return ":".join(f"{(x >> s) & 0xFFFF:x}" for x in (hi, lo) for s in (48, 32, 16, 0))


class World:
    def __init__(self, args, ref: Ref):
        self.a = args
        self.ref = ref
        self.days = args.days
        self.S, self.E = START_MS, START_MS + args.days * DAY_MS
        self.ips = Interner()
        self.pays = Interner()
        self.uas = Interner()
        self.acc = []                     # dicts
        self.ev = {k: [] for k in ("acc", "t", "ip", "pay", "ua", "model", "tok")}
        self.prompt_chunks, self._pbuf, self._pbuf_n = [], [], 0
        self.wd = (np.arange(args.days)) % 7           # START is a Monday
        noon = self.S + np.arange(args.days) * DAY_MS + DAY_MS // 2
        self.tz = {}
        for c, (_, zones, _, _, hol) in COUNTRIES.items():
            for std, rule, _ in zones:
                end = {"eu": EU_END, "us": US_END, "eg": EG_END}.get(rule)
                self.tz[(std, rule)] = std + ((noon < end) if end else np.zeros(len(noon), bool)).astype(float)
        self.hol = {}
        for c, (_, _, _, _, hol) in COUNTRIES.items():
            m = np.zeros(args.days, bool)
            for d in hol:
                k = (pd.Timestamp(d, tz="UTC") - START).days
                if 0 <= k < args.days:
                    m[k] = True
            self.hol[c] = m
        self.v6_32 = {}
        wr = np.random.default_rng([args.seed, 999])
        for c in CC:
            self.v6_32[c] = [int(x) for x in (wr.integers(0x2400, 0x2c10, 6) << 16 | wr.integers(0x100, 0xffff, 6))]
        self.cohort_info = {}

    # -- accounts
    def new_account(self, cohort, country, created, end, pay=None, email="gmail.com", org="", group="", ring="",
                    variant="", zone=None, lang="en"):
        if zone is None:
            zs = COUNTRIES[country][1]
            zone = zs[0] if len(zs) == 1 else zs[self._zr.choice(len(zs), p=np.array([z[2] for z in zs]))][:2]
        zone = zone[:2]
        self.acc.append(dict(cohort=cohort, country=country, created=int(created // 1000 * 1000), end=int(end),
                             pay=pay, pay_last=pay, email=email, org=org, group=group, ring=ring, variant=variant,
                             zone=zone, lang=lang))
        return len(self.acc) - 1

    def tier(self, i):
        p = self.acc[i]["pay_last"]
        return "free" if not p else ("invoice" if p.startswith("inv_") else "card")

    # -- events
    def emit(self, i, t, ip, prompts, ua, model, tok, pay=None):
        n = len(t)
        if n == 0:
            return
        assert len(prompts) == n
        o = np.argsort(t, kind="stable")
        self.ev["acc"].append(np.full(n, i, np.int32))
        self.ev["t"].append(np.asarray(t, np.int64)[o])
        self.ev["ip"].append(np.asarray(ip, np.int32)[o])
        if pay is None:
            p = self.acc[i]["pay"]
            pay = np.full(n, -1 if not p else self.pays.code(p), np.int32)
        self.ev["pay"].append(np.asarray(pay, np.int32)[o])
        self.ev["ua"].append(np.broadcast_to(np.asarray(ua, np.int32), (n,))[o])
        self.ev["model"].append(np.broadcast_to(np.asarray(model, np.int8), (n,))[o])
        self.ev["tok"].append(np.asarray(tok, np.int64)[o])
        self._pbuf.extend(prompts[k] for k in o)
        self._pbuf_n += n
        if self._pbuf_n >= 200_000:
            self._flush()

    def _flush(self):
        if self._pbuf:
            self.prompt_chunks.append(pa.array(self._pbuf, pa.string()))
        self._pbuf, self._pbuf_n = [], 0

    # -- time helpers
    def offsets(self, i):
        return self.tz[self.acc[i]["zone"]]

    def window(self, i):
        a = self.acc[i]
        return max(self.S, a["created"] + 1000), min(self.E, a["end"])

    def human_times(self, rng, i, rate, p_day, prof, week, sess_mean=5.0, gap_s=45.0, sigma=.8, hol=.35,
                    day_mask=None, boost=None):
        """Sessions in the account's local time: active days, lognormal daily volume, session starts from a local
        hour profile, requests seconds to minutes apart."""
        D = self.days
        a0, a1 = self.window(i)
        if a1 <= a0 or rate <= 0:
            return np.zeros(0, np.int64)
        c = self.acc[i]["country"]
        p = p_day * week[self.wd] * np.where(self.hol[c], hol, 1.0)
        if boost is not None:
            p = p * boost
        active = rng.random(D) < np.clip(p, 0, 1)
        if day_mask is not None:
            active &= day_mask
        mult = rng.lognormal(0, sigma, D) if boost is None else rng.lognormal(0, sigma, D) * np.maximum(boost, 1)
        n = np.minimum(rng.poisson(rate * mult) * active, int(LIMITS[self.tier(i)][1] * 1.1) + 2)
        tot = int(n.sum())
        if tot == 0:
            return np.zeros(0, np.int64)
        ns = np.where(n > 0, np.maximum(1, rng.poisson(n / sess_mean)), 0)
        ns = np.minimum(ns, n)
        sday = np.repeat(np.arange(D), ns)
        off = self.offsets(i)
        loc = rng.choice(24, len(sday), p=prof) * 3600 + rng.random(len(sday)) * 3600
        sstart = sday * 86400.0 + loc - off[sday] * 3600
        first = np.cumsum(ns) - ns
        rday = np.repeat(np.arange(D), n)
        sess = first[rday] + (rng.random(tot) * ns[rday]).astype(np.int64)
        sess.sort()
        gaps = rng.lognormal(np.log(gap_s), 1.0, tot)
        cs = np.cumsum(gaps)
        start_idx = np.searchsorted(sess, sess, side="left")
        within = cs - cs[start_idx] + gaps[start_idx] * rng.random(tot)
        t = (self.S + ((sstart[sess] + within) * 1000)).astype(np.int64)
        t = t[(t >= a0) & (t < a1)]
        return np.sort(t)

    def steady_times(self, rng, i, per_day, windows=((0, 24),), jitter=.04, days_mask=None, even=True):
        """Machine pacing: about per_day requests each day inside UTC hour windows, evenly spaced with jitter."""
        a0, a1 = self.window(i)
        if a1 <= a0:
            return np.zeros(0, np.int64)
        out = []
        span = sum(w1 - w0 for w0, w1 in windows)
        for d in range(self.days):
            if days_mask is not None and not days_mask[d]:
                continue
            n = max(0, int(round(per_day * (1 + rng.normal(0, jitter)))))
            for w0, w1 in windows:
                k = int(round(n * (w1 - w0) / span))
                if k <= 0:
                    continue
                if even:
                    base = w0 * 3600 + (np.arange(k) + rng.random()) * ((w1 - w0) * 3600 / k)
                    base = base + rng.normal(0, min(20, (w1 - w0) * 3600 / k / 4), k)
                else:
                    base = w0 * 3600 + rng.random(k) * (w1 - w0) * 3600
                out.append(self.S + d * DAY_MS + (np.clip(base, w0 * 3600, w1 * 3600 - .001) * 1000).astype(np.int64))
        if not out:
            return np.zeros(0, np.int64)
        t = np.concatenate(out)
        return np.sort(t[(t >= a0) & (t < a1)])

    # -- addresses
    def v4(self, ints) -> np.ndarray:
        ints = np.asarray(ints, np.int64)
        u, inv = np.unique(ints, return_inverse=True)
        codes = np.array([self.ips.code(v4str(int(x))) for x in u], np.int32)
        return codes[inv]

    def v6(self, hi, lo) -> np.ndarray:
        hi = np.asarray(hi, np.uint64)
        lo = np.asarray(lo, np.uint64)
        st = np.stack([hi, lo], 1)
        u, inv = np.unique(st, axis=0, return_inverse=True)
        codes = np.array([self.ips.code(v6str(int(a), int(b))) for a, b in u], np.int32)
        return codes[np.asarray(inv).ravel()]

    def pick_v4(self, rng, country, cat, k):
        key = (country, cat) if (country, cat) in self.ref.asn_pref else \
            ((country, "res") if cat == "mob" and (country, "res") in self.ref.asn_pref else ("*", cat))
        ip, plen, w = self.ref.asn_pref[key]
        return _hosts(rng, ip, plen, k, rng.choice(len(ip), k, p=w))

    def v6_prefix(self, rng, country, bits=64):
        """a random /64 (as the high 64 bits) under one of the country's synthetic ISP /32s"""
        p32 = self.v6_32[country][int(rng.integers(0, len(self.v6_32[country])))]
        return (p32 << 32) | int(rng.integers(0, 1 << 32))


def sessions_of(t, gap_ms=30 * 60_000):
    if len(t) == 0:
        return np.zeros(0, np.int64)
    return np.concatenate([[0], np.cumsum(np.diff(t) > gap_ms)])


# ----------------------------------------------------------------------------------------------- networks
class HomeNet:
    def __init__(self, W: World, rng, country, cat="res"):
        self.W, self.country = W, country
        nleases = 1 + W.days // 7
        self.bounds = np.cumsum(rng.integers(5, 45, nleases)) * DAY_MS + W.S - int(rng.integers(0, 30)) * DAY_MS
        self.addrs = W.pick_v4(rng, country, cat, nleases + 1)
        self.v6ok = rng.random() < COUNTRIES[country][3]
        self.p64 = W.v6_prefix(rng, country)

    def draw(self, rng, t, device=0, v6_share=.85):
        W = self.W
        lease = np.searchsorted(self.bounds, t)
        out = W.v4(self.addrs[lease])
        if self.v6ok:
            m = rng.random(len(t)) < v6_share
            if m.any():
                day = (t[m] - W.S) // DAY_MS
                lo = (np.uint64(device * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF) ^
                      (day.astype(np.uint64) * np.uint64(0xBF58476D1CE4E5B9)) ^ np.uint64(self.p64 & 0xFFFFFFFF))
                lo = lo | np.uint64(1)
                out[m] = W.v6(np.full(m.sum(), self.p64, np.uint64), lo)
        return out


class PoolNet:
    """A shared pool of public addresses, one address per session (carrier CGNAT, campus NAT, VPN exits, Tor)."""

    def __init__(self, W: World, addrs, v6_32=None, v6_share=0.0, zipf=0.0, per="session", gap_ms=30 * 60_000):
        self.W, self.addrs = W, np.asarray(addrs, np.int64)
        self.v6_32, self.v6_share, self.per, self.gap = v6_32, v6_share, per, gap_ms
        w = 1.0 / np.arange(1, len(self.addrs) + 1) ** zipf
        self.p = w / w.sum()

    def draw(self, rng, t):
        W = self.W
        s = sessions_of(t, self.gap) if self.per == "session" else np.arange(len(t))
        ns = int(s[-1]) + 1 if len(s) else 0
        pick = self.addrs[rng.choice(len(self.addrs), ns, p=self.p)]
        out = W.v4(pick[s])
        if self.v6_32 is not None and self.v6_share > 0:
            use = rng.random(ns) < self.v6_share
            m = use[s]
            if m.any():
                hi = (np.uint64(self.v6_32) << np.uint64(32)) | rng.integers(0, 1 << 32, ns).astype(np.uint64)
                lo = rng.integers(1, 1 << 62, ns).astype(np.uint64)
                out[m] = W.v6(hi[s][m], lo[s][m])
        return out


class FixedNet:
    """A few fixed addresses (office NAT, cloud egress), optional v6 /48 with a /64 per device."""

    def __init__(self, W: World, addrs, p48=None, v6_share=0.0):
        self.W, self.addrs, self.p48, self.v6_share = W, np.asarray(addrs, np.int64), p48, v6_share

    def draw(self, rng, t, device=0):
        out = self.W.v4(self.addrs[rng.integers(0, len(self.addrs), len(t))])
        if self.p48 is not None and self.v6_share > 0:
            m = rng.random(len(t)) < self.v6_share
            if m.any():
                hi = np.uint64((self.p48 | (device * 0x1F3 & 0xFFFF)) & 0xFFFFFFFFFFFFFFFF)
                day = ((t[m] - self.W.S) // DAY_MS).astype(np.uint64)
                lo = (day * np.uint64(0x9E3779B97F4A7C15)) ^ np.uint64(device * 7919 + 17) | np.uint64(1)
                out[m] = self.W.v6(np.full(m.sum(), hi, np.uint64), lo)
        return out


# ----------------------------------------------------------------------------------------------- text
class Text:
    EVERYDAY = [
        "Write a cover letter for a {job} position at a {adj} company in {place}.",
        "Give me a 5-day meal plan for someone who is {diet}.",
        "What should I see in {place} if I only have {k} days?",
        "Rewrite this message so it sounds more polite: {sent}",
        "Explain {topic} like I'm {age} years old.",
        "My landlord in {place} wants to raise the rent by {k}%. How do I reply?",
        "Suggest {k} names for a {adj} {noun} shop.",
        "Summarise this in two sentences: {passage}",
        "Is it normal for a {noun} to make noise after {k} years?",
        "Help me plan a birthday party for {k} kids on a small budget.",
        "Translate into {lang}: {sent}",
        "What's the difference between {concept}?",
        "Write a short poem about a {adj} {noun}.",
        "How do I ask my manager for {k} days off without sounding rude?",
        "Make a packing list for {k} days in {place} in November.",
        "Give me a workout I can do at home in {k} minutes.",
        "Fix the grammar: {sent}",
        "What are good questions to ask at a {job} interview?",
    ]
    DEV = [
        "Write a Python function to {code}.",
        "Why does this throw a KeyError?\n```python\nd = {{}}\nfor w in words:\n    d[w] += 1\n```",
        "Convert this SQL to pandas: SELECT {col}, COUNT(*) FROM {tab} GROUP BY {col} ORDER BY 2 DESC",
        "Explain what this regex does: ^[A-Z]{{2}}\\d{{{k}}}$",
        "Write a TypeScript function that {code}, with tests.",
        "My Docker container exits with code {k}. The logs say '{noun} not found'. What should I check?",
        "Refactor this to be more readable:\n```js\nconst r = a.filter(x => x.{col}).map(x => x.{col2} * {k})\n```",
        "How do I {code} in Go without extra dependencies?",
        "Write a bash one-liner that counts lines containing '{noun}' in all .log files.",
        "Review this function for bugs:\n```python\ndef avg(xs):\n    return sum(xs) / len(xs) if xs else {k}\n```",
        "What's the time complexity of an algorithm to {code}?",
        "Generate a GitHub Actions workflow that runs pytest on Python 3.{k}.",
    ]
    WORK = [
        "Draft an email to {name} about moving the {noun} review to {day}.",
        "Summarise these meeting notes into action items: {passage}",
        "Write an Excel formula that sums column {col} when column B is '{noun}'.",
        "Turn these bullet points into a one-page project update: {sent} {sent2}",
        "Write a LinkedIn post announcing our new {noun} partnership in {place}.",
        "Make this paragraph more concise for an executive summary: {passage}",
        "Create a slide outline about {topic} for a {k}-minute talk.",
        "Reply to this client complaint professionally: {sent}",
    ]
    FOREIGN = {
        "hi": ["मुझे {place} में {k} दिन की यात्रा की योजना बनानी है, मदद करें।", "{topic} को आसान भाषा में समझाइए।",
               "इस ईमेल को और विनम्र बनाइए: {sent}", "मेरे {noun} के बिज़नेस के लिए {k} नाम सुझाइए।",
               "bhai {topic} ke baare mein short notes bana do exam ke liye", "{k} saal ke bacche ke liye kahani likho"],
        "pt": ["Me explica {topic} de um jeito simples.", "Escreva um e-mail para {name} sobre o {noun}.",
               "Quais são os melhores lugares em {place} para visitar em {k} dias?", "Corrija o texto: {sent}",
               "Crie um cardápio semanal barato para {k} pessoas.", "Resuma em tópicos: {passage}"],
        "id": ["Tolong jelaskan {topic} dengan bahasa sederhana.", "Buatkan caption Instagram untuk toko {noun} saya.",
               "Bagaimana cara menulis surat lamaran kerja sebagai {job}?", "Ringkas teks ini: {passage}",
               "Rekomendasi tempat wisata di {place} untuk {k} hari?"],
        "vi": ["Giải thích {topic} một cách đơn giản giúp mình.", "Viết email xin nghỉ phép {k} ngày gửi sếp.",
               "Gợi ý {k} tên cho quán {noun} của mình.", "Tóm tắt đoạn văn sau: {passage}",
               "Dịch sang tiếng Anh: {sent}"],
        "ko": ["{topic}에 대해 쉽게 설명해 줘.", "{place} {k}일 여행 일정 짜줘.", "이 문장을 더 자연스럽게 고쳐줘: {sent}",
               "자기소개서 첫 문단 써줘. 지원 직무는 {job}이야.", "다음 글을 세 줄로 요약해 줘: {passage}"],
        "es": ["Explícame {topic} de forma sencilla.", "Escribe un correo a {name} para cambiar la reunión al {day}.",
               "¿Qué ver en {place} en {k} días?", "Corrige este texto: {sent}", "Dame ideas para un negocio de {noun}.",
               "Resume esto en tres puntos: {passage}"],
        "de": ["Erklär mir {topic} in einfachen Worten.", "Formuliere diese E-Mail höflicher: {sent}",
               "Schreib eine Kündigung für meinen {noun}-Vertrag.", "Fasse zusammen: {passage}",
               "Was kann ich in {place} an {k} Tagen machen?"],
        "fr": ["Explique-moi {topic} simplement.", "Rédige un mail à {name} pour décaler la réunion à {day}.",
               "Corrige ce texte : {sent}", "Résume ce passage : {passage}", "Idées de noms pour une boutique de {noun} ?"],
        "pl": ["Wyjaśnij mi {topic} prostymi słowami.", "Napisz maila do {name} w sprawie {noun}.",
               "Popraw błędy w tekście: {sent}", "Streść ten tekst: {passage}", "Co warto zobaczyć w {place} przez {k} dni?"],
        "ja": ["{topic}について簡単に説明してください。", "{name}さんへの丁寧なメールを書いてください。内容：{noun}の件。",
               "次の文章を要約して：{passage}", "{place}で{k}日間の旅行プランを作って。", "この文を自然な日本語にして：{sent}"],
        "tl": ["Paki-explain ang {topic} sa simpleng paraan.", "Gumawa ng caption para sa {noun} business ko.",
               "Isalin sa English: {sent}"],
        "ar": ["اشرح لي {topic} بطريقة بسيطة.", "اكتب رسالة رسمية إلى {name} بخصوص {noun}.", "لخص النص التالي: {passage}",
               "ما أفضل الأماكن في {place} لمدة {k} أيام؟"],
        "tr": ["{topic} konusunu basitçe anlatır mısın?", "{name} için resmi bir e-posta yaz, konu: {noun}.",
               "Bu metni özetle: {passage}", "{place} için {k} günlük gezi planı hazırla."],
        "sw": ["Nieleze kuhusu {topic} kwa lugha rahisi.", "Andika barua pepe kwa {name} kuhusu {noun}.",
               "Fupisha maandishi haya: {passage}"],
        "it": ["Spiegami {topic} in modo semplice.", "Scrivi una mail a {name} per spostare la riunione a {day}.",
               "Correggi questo testo: {sent}", "Riassumi: {passage}"],
    }
    COT = [
        "Think step by step and show all of your reasoning before giving the final answer.",
        "Explain your reasoning in full, then give the final answer on its own line as 'Answer: <answer>'.",
        "Before answering, write out your complete chain of thought inside <think></think> tags.",
        "Reason through every option carefully and justify each step before you decide.",
        "Give a detailed rationale first, then the final answer.",
        "Work through this slowly, listing each intermediate step and checking it, then answer.",
        "Show your full working. Do not skip steps. End with 'Final answer:'.",
        "First restate the problem, then solve it step by step, then verify the result.",
        "Explain like a teacher: derive the answer step by step and explain why the other options are wrong.",
        "Think out loud about this problem in detail before committing to an answer.",
        "Provide a long, careful explanation of the reasoning, then a one-line answer.",
        "Let's work this out in a step by step way to be sure we have the right answer.",
    ]

    def __init__(self, ref: Ref, seed: int):
        pr = FastRandom(seed * 7 + 3)
        self.ref = ref
        self.sents = _sentence_bank(pr, 24000)
        self.qs = _question_bank(pr, 8000)
        self.jobs = ["data analyst", "nurse", "junior developer", "teacher", "marketing intern", "accountant",
                     "logistics coordinator", "barista", "civil engineer", "UX designer", "sales associate"]
        self.days_ = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "next week"]
        self._compiled, self._fields = {}, {}
        self._g = self._gens()
        self.diets = ["vegetarian", "diabetic", "training for a marathon", "on a tight budget", "lactose intolerant"]

    def passage(self, pr, k=None):
        return " ".join(pr.choices(self.sents, k=k or pr.randint(2, 4)))

    def _gens(self):
        g = {
            "job": lambda pr: pr.choice(self.jobs), "adj": lambda pr: pr.choice(ADJ),
            "place": lambda pr: pr.choice(PLACES), "diet": lambda pr: pr.choice(self.diets),
            "k": lambda pr: pr.randint(2, 12), "sent": lambda pr: pr.choice(self.sents),
            "sent2": lambda pr: pr.choice(self.sents), "topic": lambda pr: pr.choice(TOPICS),
            "age": lambda pr: pr.randint(5, 15), "noun": lambda pr: pr.choice(NOUNS), "passage": self.passage,
            "lang": lambda pr: pr.choice(LANGS_EN), "concept": lambda pr: pr.choice(CONCEPTS),
            "code": lambda pr: pr.choice(CODE_ASKS),
            "col": lambda pr: pr.choice(["region", "status", "customer_id", "sku", "country", "plan"]),
            "col2": lambda pr: pr.choice(["price", "qty", "weight", "score"]),
            "tab": lambda pr: pr.choice(["orders", "events", "users", "payments"]),
            "name": lambda pr: pr.choice(NAMES), "day": lambda pr: pr.choice(self.days_), "math": _math,
        }
        return g

    def fill(self, pr, s: str) -> str:
        f = self._fields.get(s)
        if f is None:
            names = list(dict.fromkeys(fn for _, fn, _, _ in string.Formatter().parse(s) if fn))
            f = self._fields[s] = [(n, self._g.get(n, self._g["noun"])) for n in names]
        return s.format(**{n: g(pr) for n, g in f})

    def awesome(self, pr):
        s = pr.choice(self.ref.awesome)
        return " ".join(s[:pr.randint(1, min(3, len(s)))])

    def chat(self, pr, lang="en"):
        if lang != "en" and lang in self.FOREIGN and pr.random() < .8:
            return self.fill(pr, pr.choice(self.FOREIGN[lang]))
        if pr.random() < .4:
            return self.awesome(pr)
        return self.fill(pr, pr.choice(self.EVERYDAY))

    def dev(self, pr):
        return self.fill(pr, pr.choice(self.DEV))

    def work(self, pr):
        return self.fill(pr, pr.choice(self.WORK))

    def slot_fn(self, name: str, fam: str = ""):
        """a generator of fill text for a template variable, chosen by the variable's name"""
        n = name.lower()
        if n == "answer_choices":
            return lambda pr: ", ".join(pr.sample(NOUNS, 3)) + " or " + pr.choice(NOUNS)
        if fam == "math" and n in ("question", "problem", "text", "rationale", "x"):
            return _math
        if fam == "code" and any(k in n for k in ("code", "nl", "func", "prompt", "docstring", "command", "text")):
            return lambda pr: "a function to " + pr.choice(CODE_ASKS)
        if "question" in n or n in ("query", "q"):
            return lambda pr: pr.choice(self.qs)
        if any(k in n for k in ("passage", "context", "article", "document", "text", "paragraph", "story",
                                "dialog", "review", "content", "abstract", "body", "source", "support", "evidence")):
            return self.passage
        if any(k in n for k in ("premise", "hypothesis", "sentence", "sent", "claim", "statement", "goal", "sol",
                                "ending", "option", "choice", "answer", "fact", "obs", "startphrase", "tweet")):
            return lambda pr: pr.choice(self.sents)
        if any(k in n for k in ("num", "year", "count", "idx", "index", "label")):
            return lambda pr: str(pr.randint(1, 99))
        if any(k in n for k in ("title", "topic", "subject", "name", "entity", "word", "target", "person", "head")):
            return lambda pr: pr.choice(NOUNS).title() + " " + pr.choice(PLACES)
        return lambda pr: pr.choice(ADJ) + " " + pr.choice(NOUNS)

    def render(self, pr, tpl_idx: int, fam: str = "") -> str:
        key = (tpl_idx, fam)
        c = self._compiled.get(key)
        if c is None:
            c = self._compiled[key] = [p if isinstance(p, str) else self.slot_fn(p[1], fam)
                                       for p in self.ref.templates[tpl_idx][1]]
        return "".join([p if isinstance(p, str) else p(pr) for p in c]).strip()


def _tokens(rng, n, median, sigma=.8, mult=None):
    x = rng.lognormal(np.log(median), sigma, n)
    if mult is not None:
        x = x * mult
    return np.clip(x, 1, 32768).astype(np.int64)


def _ids(rng, n, prefix, k=12):
    al = np.array(list("abcdefghijkmnopqrstuvwxyz23456789"))
    m = rng.integers(0, len(al), (n, k))
    return [prefix + "".join(r) for r in al[m]]


# ----------------------------------------------------------------------------------------------- cohorts: helpers
PERSONAL_MAIL = {"IN": ["gmail.com", "rediffmail.com", "yahoo.co.in"], "BR": ["gmail.com", "uol.com.br", "hotmail.com"],
                 "PL": ["gmail.com", "wp.pl", "onet.pl"], "DE": ["gmail.com", "web.de", "gmx.de"],
                 "JP": ["gmail.com", "yahoo.co.jp"], "KR": ["naver.com", "gmail.com"], "FR": ["gmail.com", "orange.fr"],
                 "*": ["gmail.com", "gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me"]}
SYLL = "ka lo mi ra ven tor is an el qu by nex ol ar ti sa mo re ga lu den fi".split()


def _word(pr, k=2):
    return "".join(pr.choice(SYLL) for _ in range(k))


class Ctx:
    """Per-cohort generation context: numpy and string RNGs and shared helpers."""

    def __init__(self, W: World, T: Text, key: int):
        self.W, self.T = W, T
        self.rng = np.random.default_rng([W.a.seed, key])
        self.pr = FastRandom(W.a.seed * 100_003 + key)
        W._zr = self.rng

    def country(self, fixed=None):
        return fixed or CC[self.rng.choice(len(CC), p=CC_W)]

    def lang(self, c):
        ls = COUNTRIES[c][2]
        k = list(ls)
        return k[self.rng.choice(len(k), p=np.array(list(ls.values())))]

    def mail(self, c):
        return self.pr.choice(PERSONAL_MAIL.get(c, PERSONAL_MAIL["*"]) + PERSONAL_MAIL["*"][:2])

    def life(self, signup=.14, churn=.10, signup_at=None):
        W, rng = self.W, self.rng
        if signup_at is not None:
            created = signup_at
        elif rng.random() < signup:
            created = W.S + int(rng.random() ** 1.2 * (W.E - W.S - H_MS))
        else:
            created = W.S - int(rng.exponential(260) * DAY_MS) - int(rng.integers(0, DAY_MS))
        end = W.E
        if rng.random() < churn:
            end = int(max(created, W.S) + rng.random() * (W.E - max(created, W.S)))
        return int(created), int(end)

    def card(self):
        return _ids(self.rng, 1, "pm_", 14)[0]

    def invoice(self):
        return _ids(self.rng, 1, "inv_", 10)[0]

    def org(self):
        return _ids(self.rng, 1, "org_", 10)[0]

    def domain(self, tld=".com"):
        pr = self.pr
        return f"{_word(pr, 2)}{pr.choice(['', '-', ''])}{pr.choice(['labs', 'group', 'tech', 'works', 'media', 'health', 'logistics', 'studio', 'partners', 'systems'])}{tld}"


def group_sizes(rng, budget, draw):
    sizes = []
    while budget > 0:
        s = int(min(max(1, draw()), budget))
        sizes.append(s)
        budget -= s
    if len(sizes) > 1 and sizes[-1] < 2:
        sizes[-2] += sizes.pop()
    return sizes


def person_emit(cx: Ctx, i, t, ip, sources, uas, model_p=(.55, .33, .09, .03), cot=.02, retry=.04, pay=None):
    """prompts from a mixture of sources [(weight, fn(pr) -> str, token median, sigma)], answer lengths, models."""
    n = len(t)
    if n == 0:
        return
    rng, pr, W = cx.rng, cx.pr, cx.W
    w = np.array([s[0] for s in sources], float)
    src = rng.choice(len(sources), n, p=w / w.sum())
    prompts = [None] * n
    for k in range(n):
        if k and pr.random() < retry:
            prompts[k] = prompts[k - 1]
            src[k] = src[k - 1]
        else:
            prompts[k] = sources[src[k]][1](pr)
    ask = rng.random(n) < cot
    if ask.any():
        for k in np.flatnonzero(ask):
            prompts[k] = prompts[k] + " " + pr.choice(Text.COT[:6])
    med = np.array([s[2] for s in sources], float)[src]
    sig = np.array([s[3] for s in sources], float)[src]
    model = rng.choice(4, n, p=np.array(model_p) / sum(model_p)).astype(np.int8)
    mult = np.where(ask, 2.0, 1.0) * np.where(model == 2, 1.5, 1.0) * np.where(model == 1, .8, 1.0)
    tok = np.clip(np.exp(np.log(med) + sig * rng.standard_normal(n)) * mult, 1, 32768).astype(np.int64)
    uac = np.array([W.uas.code(u) for u in uas], np.int32)
    ua = uac[rng.integers(0, len(uac), n)] if len(uac) > 1 else uac[0]
    W.emit(i, t, ip, prompts, ua, model, tok, pay=pay)


def chat_sources(cx: Ctx, lang, dev=.15, work=0.0):
    T = cx.T
    s = [(1 - dev - work, lambda pr: T.chat(pr, lang), 230, .9)]
    if dev:
        s.append((dev, T.dev, 420, .8))
    if work:
        s.append((work, T.work, 300, .7))
    return s


def browser_uas(cx, k=None):
    k = k or (1 + int(cx.rng.random() < .3))
    return [cx.pr.choice(BROWSERS) for _ in range(k)]


def card_update(cx: Ctx, i, t):
    """~2.5 % of paying accounts replace their card during the window: events after that use the new one."""
    W, a = cx.W, cx.W.acc[i]
    if not a["pay"] or a["pay"].startswith("inv_") or len(t) < 4 or cx.rng.random() > .025:
        return None
    cut = t[int(cx.rng.integers(1, len(t) - 1))]
    new = cx.card()
    a["pay_last"] = new
    return np.where(t < cut, W.pays.code(a["pay"]), W.pays.code(new)).astype(np.int32)


def daily_rate(rng, lo=1.2, scale=3.0, alpha=1.25, cap=450):
    return float(min(cap, lo + rng.pareto(alpha) * scale))


# ----------------------------------------------------------------------------------------------- benign cohorts
def mixed_ip(cx, t, home, share_mobile, carrier, device=0):
    ip = home.draw(cx.rng, t, device)
    if share_mobile > 0 and len(t):
        s = sessions_of(t)
        mob = (cx.rng.random(int(s[-1]) + 1) < share_mobile)[s]
        if mob.any():
            ip[mob] = carrier.draw(cx.rng, t[mob])
    return ip


def carrier(W: World, c: str, k: int) -> PoolNet:
    key = ("carrier", c, k)
    if key not in W.nets:
        rng = np.random.default_rng([W.a.seed, 501, CC.index(c), k])
        blocks = W.pick_v4(rng, c, "mob", int(rng.integers(3, 10))) & ~np.int64(255)
        addrs = (blocks[:, None] + np.arange(1, 255)[None, :]).ravel()
        v6 = W.v6_32[c][k % len(W.v6_32[c])]
        W.nets[key] = PoolNet(W, addrs, v6_32=v6, v6_share=min(.95, COUNTRIES[c][3] * 1.2), gap_ms=20 * 60_000)
    return W.nets[key]


def vpn_provider(W: World, k: int) -> PoolNet:
    key = ("vpn", k)
    if key not in W.nets:
        rng = np.random.default_rng([W.a.seed, 502, k])
        ip, plen = W.ref.vpn
        o = np.argsort(ip)
        start = int(rng.integers(0, len(ip) - 80))
        sel = o[start:start + int(rng.integers(25, 80))]
        W.nets[key] = PoolNet(W, _hosts(rng, ip, plen, len(sel), sel), zipf=.8)
    return W.nets[key]


def cloud_addrs(W: World, rng, provider, k):
    ip, plen = W.ref.cloud[provider]
    return _hosts(rng, ip, plen, k)


def solo_users(cx: Ctx, n, cohort="solo_user"):
    W, rng = cx.W, cx.rng
    for _ in range(n):
        c = cx.country()
        lang = cx.lang(c)
        created, end = cx.life()
        pay = cx.card() if rng.random() < .3 else None
        i = W.new_account(cohort, c, created, end, pay, cx.mail(c), lang=lang)
        if rng.random() < .06:
            W.acc[i]["variant"] = "dormant"
            continue
        dev = rng.random() < .2
        W.acc[i]["variant"] = "developer" if dev else "everyday"
        home = HomeNet(W, rng, c)
        prof = PROFILES[["day", "evening", "night", "commute"][rng.choice(4, p=[.35, .4, .15, .1])]]
        t = W.human_times(rng, i, daily_rate(rng), rng.beta(1.1, 2.6), prof, WEEK_LEISURE)
        ip = mixed_ip(cx, t, home, .15, carrier(W, c, int(rng.integers(0, 2))))
        uas = browser_uas(cx) + ([cx.pr.choice(APPS)] if rng.random() < .4 else []) + \
            ([cx.pr.choice(SDKS + [OLD_SDK] * 0)] if dev and rng.random() < .4 else [])
        person_emit(cx, i, t, ip, chat_sources(cx, lang, dev=.55 if dev else .05), uas, cot=.03,
                    pay=card_update(cx, i, t))


def mobile_users(cx: Ctx, n):
    W, rng = cx.W, cx.rng
    for _ in range(n):
        c = cx.country()
        lang = cx.lang(c)
        created, end = cx.life(signup=.2, churn=.15)
        pay = cx.card() if rng.random() < .15 else None
        i = W.new_account("mobile_user", c, created, end, pay, cx.mail(c), lang=lang, variant="app")
        if rng.random() < .05:
            W.acc[i]["variant"] = "dormant"
            continue
        net = carrier(W, c, int(rng.integers(0, 2)))
        t = W.human_times(rng, i, daily_rate(rng, 1, 2.0, 1.4, 200), rng.beta(1.5, 2), PROFILES["commute"], WEEK_ALL,
                          sess_mean=3, gap_s=70)
        person_emit(cx, i, t, net.draw(rng, t), chat_sources(cx, lang, dev=.02), [cx.pr.choice(APPS)],
                    model_p=(.4, .55, .04, .01), cot=.01)


def vpn_users(cx: Ctx, n):
    W, rng = cx.W, cx.rng
    for _ in range(n):
        c = cx.country()
        lang = cx.lang(c)
        created, end = cx.life()
        pay = cx.card() if rng.random() < .45 else None
        part = rng.random() < .4
        i = W.new_account("vpn_user", c, created, end, pay, cx.mail(c) if rng.random() < .7 else "proton.me",
                          lang=lang, variant="part_time" if part else "always_on")
        if rng.random() < .05:
            W.acc[i]["variant"] = "dormant"
            continue
        vpn = vpn_provider(W, int(rng.choice(8, p=[.3, .2, .15, .1, .1, .05, .05, .05])))
        t = W.human_times(rng, i, daily_rate(rng), rng.beta(1.3, 2.2), PROFILES["evening"], WEEK_ALL)
        ip = vpn.draw(rng, t)
        if part and len(t):
            home = HomeNet(W, rng, c)
            s = sessions_of(t)
            m = (rng.random(int(s[-1]) + 1) < .5)[s]
            ip[m] = home.draw(rng, t[m])
        person_emit(cx, i, t, ip, chat_sources(cx, lang, dev=.3), browser_uas(cx), cot=.04,
                    pay=card_update(cx, i, t))


def api_apps(cx: Ctx, n):
    """one product's backend on one account: templated product prompts around the clock from cloud egress"""
    W, rng, T = cx.W, cx.rng, cx.T
    prods = [
        ("Classify the sentiment of this review as positive, negative or mixed. Review: {sent}", 12, .5),
        ("Extract the merchant, date and total as JSON from this receipt text: {passage}", 60, .4),
        ("Write a product description (max 80 words) for: {adj} {noun} from {place}.", 110, .4),
        ("Rewrite this support answer in a friendlier tone: {passage}", 150, .5),
        ("Tag this news headline with up to 3 topics: {sent}", 20, .5),
        ("Answer the customer's question using only the FAQ below.\nFAQ: {passage}\nQuestion: {sent}", 140, .6),
        ("Generate a SQL query for: count {noun} orders by {col} in the last {k} days.", 70, .5),
    ]
    provs = ["amazon", "google", "microsoft", "digitalocean", "oracle", "linode"]
    for _ in range(n):
        c = cx.country()
        created, end = cx.life(signup=.08, churn=.05)
        i = W.new_account("api_app", c, created, end, cx.card(), cx.domain(), variant="single_app")
        k = rng.choice(len(prods), int(rng.integers(1, 3)), replace=False)
        egress = FixedNet(W, cloud_addrs(W, rng, provs[rng.choice(6, p=[.4, .2, .15, .1, .08, .07])],
                                         int(rng.integers(1, 5))))
        per_day = daily_rate(rng, 15, 15, 1.3, 1400)
        t = W.human_times(rng, i, per_day, .97, PROFILES["flat"], WEEK_ALL, sess_mean=per_day / 3, gap_s=8,
                          sigma=.35, hol=1.0)
        if rng.random() < .25 and len(t):        # launch spike: a burst above the per-minute limit
            b = t[int(rng.integers(0, len(t)))]
            t = np.sort(np.concatenate([t, b + np.sort(rng.integers(0, 90_000, 80))]))
            t = t[t < W.window(i)[1]]
        srcs = [(1, (lambda s: lambda pr: T.fill(pr, s))(prods[j][0]), prods[j][1], prods[j][2]) for j in k]
        person_emit(cx, i, t, egress.draw(rng, t), srcs, [cx.pr.choice(SDKS[:6])], model_p=(.35, .63, .01, .01),
                    cot=0, retry=.01)


def households(cx: Ctx, n):
    W, rng = cx.W, cx.rng
    for size in group_sizes(rng, n, lambda: rng.choice([2, 2, 3, 3, 4, 5])):
        c = cx.country()
        g = W.new_group("household", size)
        home = HomeNet(W, rng, c)
        fam_card = cx.card() if rng.random() < .5 else None
        for m in range(size):
            lang = cx.lang(c)
            created, end = cx.life()
            pay = fam_card if fam_card else (cx.card() if rng.random() < .25 else None)
            i = W.new_account("household", c, created, end, pay, cx.mail(c), group=g, lang=lang,
                              variant="shared_card" if fam_card else "own")
            if rng.random() < .07:
                continue
            kid = m >= 2
            prof = PROFILES["after_school" if kid else ["evening", "day"][m % 2]]
            t = W.human_times(rng, i, daily_rate(rng), rng.beta(1.2, 2.5), prof, WEEK_LEISURE)
            ip = mixed_ip(cx, t, home, .2, carrier(W, c, m % 2), device=m)
            person_emit(cx, i, t, ip, chat_sources(cx, lang, dev=.1), browser_uas(cx) + [cx.pr.choice(APPS)],
                        cot=.05 if kid else .02, pay=None if fam_card else card_update(cx, i, t))


def offices(cx: Ctx, n, cohort="office_worker"):
    W, rng = cx.W, cx.rng
    for size in group_sizes(rng, n, lambda: 3 + rng.zipf(1.7) * 2 if rng.random() < .9 else rng.integers(30, 140)):
        c = cx.country()
        g = W.new_group(cohort, size)
        nat = FixedNet(W, W.pick_v4(rng, c, "res" if rng.random() < .6 else "host", int(rng.integers(1, 4))),
                       p48=(W.v6_prefix(rng, c) & ~0xFFFF), v6_share=.8 if rng.random() < .45 else 0)
        team_card = cx.card() if rng.random() < .35 else None
        dom = cx.domain() if rng.random() < .8 else None
        org = cx.org() if rng.random() < .4 else ""
        zone = None
        batch = W.S - int(rng.integers(1, 400)) * DAY_MS + int(rng.integers(8, 17)) * H_MS if rng.random() < .3 else None
        for m in range(size):
            lang = cx.lang(c) if rng.random() < .5 else "en"
            created, end = cx.life(signup=.08, churn=.06,
                                   signup_at=(batch + int(rng.integers(0, 600_000))) if batch else None)
            pay = team_card or (cx.card() if rng.random() < .3 else None)
            i = W.new_account(cohort, c, created, end, pay, dom or cx.mail(c), org=org, group=g, lang=lang,
                              zone=zone, variant="team_card" if team_card else "own_card")
            zone = W.acc[i]["zone"]
            if rng.random() < .06:
                continue
            t = W.human_times(rng, i, daily_rate(rng, 2, 3, 1.4, 300), rng.beta(3, 1.5), PROFILES["office"],
                              WEEK_WORK, hol=.1)
            ip = nat.draw(rng, t, device=m)
            if len(t):
                home = HomeNet(W, rng, c)
                wfh = (rng.random(W.days) < .2)[(t - W.S) // DAY_MS]
                ip[wfh] = home.draw(rng, t[wfh], device=m)
            person_emit(cx, i, t, ip, chat_sources(cx, lang, dev=.3 if rng.random() < .4 else .05, work=.45),
                        browser_uas(cx), cot=.02, pay=None if team_card else card_update(cx, i, t))


def campuses(cx: Ctx, n):
    W, rng, T = cx.W, cx.rng, cx.T
    budget = n
    sizes = group_sizes(rng, budget, lambda: rng.integers(120, 900))
    for size in sizes:
        c = cx.country()
        g = W.new_group("campus_student", size)
        uni = W.pick_v4(rng, c, "uni", 1)[0] & ~np.int64(255)
        pool = PoolNet(W, uni + np.arange(1, int(rng.integers(12, 60))), v6_32=W.v6_32[c][0],
                       v6_share=.6 if rng.random() < .6 else 0)
        edu = f"{_word(cx.pr, 2)}.edu" if c == "US" else f"{_word(cx.pr, 2)}.ac.{c.lower()}"
        courses = []
        for _ in range(int(rng.integers(3, 8))):
            qs = [T.fill(cx.pr, s) for s in (
                "For my {topic} assignment: explain {concept} and give one real example from {place}.",
                "Assignment {k}: compare {concept} in about 300 words.",
                "Problem set {k}, question {age}: " + "{math}",
                "Write the introduction for an essay on {topic} and its effect on a {adj} {noun}.")]
            deadline = int(rng.integers(3, max(4, W.days)))
            courses.append((qs, deadline))
        for m in range(size):
            lang = cx.lang(c)
            created, end = cx.life(signup=.1, churn=.05)
            i = W.new_account("campus_student", c, created, end, cx.card() if rng.random() < .1 else None,
                              edu if rng.random() < .7 else cx.mail(c), group=g, lang=lang, variant="student")
            if rng.random() < .08:
                continue
            mine = [courses[j] for j in rng.choice(len(courses), min(2, len(courses)), replace=False)]
            boost = np.ones(W.days)
            for _, dl in mine:
                boost[max(0, dl - 3):dl + 1] *= 2.5
            t = W.human_times(rng, i, daily_rate(rng, 1.5, 3, 1.4, 250), rng.beta(1.5, 2.5), PROFILES["night"],
                              WEEK_ALL, boost=boost)
            ip = pool.draw(rng, t)
            if len(t):
                home = HomeNet(W, rng, c)
                off = (rng.random(W.days) < .35)[(t - W.S) // DAY_MS]
                ip[off] = home.draw(rng, t[off])
            qsets = [q for qs, _ in mine for q in qs]
            srcs = chat_sources(cx, lang, dev=.15) + [(.9, lambda pr, q=qsets: pr.choice(q), 450, .6)]
            person_emit(cx, i, t, ip, srcs, browser_uas(cx) + [cx.pr.choice(APPS)], model_p=(.35, .6, .04, .01),
                        cot=.06)


# ----------------------------------------------------------------------------------------------- invented benign
def procurement_seats(cx: Ctx, n):
    """An enterprise's procurement consolidates seats on one invoice: provisioned in one SCIM batch (same minute),
    spread over offices in several countries, ordinary office work; half the seats never declared the org."""
    W, rng = cx.W, cx.rng
    for size in group_sizes(rng, n, lambda: rng.integers(25, 220)):
        g = W.new_group("procurement_seats", size)
        inv, org, dom = cx.invoice(), cx.org(), cx.domain()
        batch = W.S - int(rng.integers(20, 300)) * DAY_MS + int(rng.integers(0, DAY_MS))
        if rng.random() < .3:
            batch = W.S + int(rng.integers(1, max(2, W.days // 3))) * DAY_MS + int(rng.integers(0, DAY_MS))
        sites = []
        for _ in range(int(rng.integers(2, 7))):
            c = cx.country()
            sites.append((c, FixedNet(W, W.pick_v4(rng, c, "res", int(rng.integers(1, 3))),
                                      p48=W.v6_prefix(rng, c) & ~0xFFFF, v6_share=.6 if rng.random() < .4 else 0)))
        for m in range(size):
            c, nat = sites[int(rng.integers(0, len(sites)))]
            i = W.new_account("procurement_seats", c, batch + int(rng.integers(0, 90_000)), W.E, inv, dom,
                              org=org if rng.random() < .5 else "", group=g, lang="en", variant="seat")
            if rng.random() < .15:
                W.acc[i]["variant"] = "unused_seat"
                continue
            t = W.human_times(rng, i, daily_rate(rng, 2, 3, 1.5, 250), rng.beta(2.5, 1.8), PROFILES["office"],
                              WEEK_WORK, hol=.1)
            person_emit(cx, i, t, nat.draw(rng, t, device=m), chat_sources(cx, "en", dev=.2, work=.5),
                        browser_uas(cx), cot=.02)


def eval_labs(cx: Ctx, n):
    """A model-evaluation lab (leaderboard team): members and CI accounts on the lab card run the same frozen
    benchmark items through every model with a 'think step by step' prompt, overnight from the university
    cluster and a cloud GPU project; between runs, ordinary chat."""
    W, rng, T = cx.W, cx.rng, cx.T
    for size in group_sizes(rng, n, lambda: rng.integers(4, 15)):
        c = cx.country()
        g = W.new_group("eval_lab", size)
        card = cx.card()
        uni = PoolNet(W, W.pick_v4(rng, c, "uni", 1)[0] // 256 * 256 + np.arange(1, 9))
        gpu = FixedNet(W, cloud_addrs(W, rng, "google", 3))
        fams = [f for f in FAMILIES if f in W.ref.by_family]
        tpls = []
        for f in fams:
            for ds in list(W.ref.by_family[f])[:12]:
                tpls.extend(W.ref.by_family[f][ds][:2])
        tpls = [tpls[j] for j in rng.choice(len(tpls), min(len(tpls), 60), replace=False)]
        items = [T.render(cx.pr, j) + "\nLet's think step by step." for j in tpls for _ in range(25)]
        run_days = np.flatnonzero(rng.random(W.days) < .3)
        dom = f"{_word(cx.pr, 2)}.edu"
        for m in range(size):
            ci = m < max(1, size // 4)
            i = W.new_account("eval_lab", c, W.S - int(rng.integers(30, 700)) * DAY_MS, W.E, card, dom, group=g,
                              variant="ci_runner" if ci else "researcher")
            t_chat = W.human_times(rng, i, daily_rate(rng, 3, 3), .6, PROFILES["day"], WEEK_WORK)
            ip_chat = uni.draw(rng, t_chat)
            person_emit(cx, i, t_chat, ip_chat, chat_sources(cx, "en", dev=.6), browser_uas(cx), cot=.05)
            if not ci and rng.random() < .5:
                continue
            mask = np.zeros(W.days, bool)
            mask[run_days[rng.random(len(run_days)) < .7]] = True
            st = int(rng.integers(18, 23))
            t = W.steady_times(rng, i, int(rng.integers(200, 600)), windows=((st, st + 2),), jitter=.3,
                               days_mask=mask, even=False)
            net = gpu if rng.random() < .5 else uni
            ip = net.draw(rng, t)
            prompts = [items[j] for j in rng.integers(0, len(items), len(t))]
            model = rng.choice([0, 2, 1], len(t)).astype(np.int8)
            tok = _tokens(rng, len(t), 600, .6, np.where(model == 2, 3.0, 1.8))
            W.emit(i, t, ip, prompts, W.uas.code("lm-eval-harness/0.5.1 meridian-python/2.4.1"), model, tok)


def mooc_cohorts(cx: Ctx, n):
    """A MOOC on prompting: learners sign up in a burst after the module release, run the same notebook
    exercises (a chain-of-thought lesson among them) from hosted notebooks' cloud egress or home."""
    W, rng, T = cx.W, cx.rng, cx.T
    for size in group_sizes(rng, n, lambda: rng.integers(80, 420)):
        g = W.new_group("mooc_cohort", size)
        release = W.S + int(rng.integers(0, max(1, W.days - 5))) * DAY_MS + int(rng.integers(13, 18)) * H_MS
        colab = PoolNet(W, cloud_addrs(W, rng, "google", 400), per="session")
        ex = [T.fill(cx.pr, s) for s in (
            "Exercise 1: Rewrite this paragraph for a 10-year-old reader: {passage}",
            "Exercise 2: Classify the tone of this sentence (formal, casual, angry): {sent}",
            "Exercise 3: {math} Let's think step by step.",
            "Exercise 3b: {math} Answer with just the number.",
            "Exercise 4: You are a travel agent. Plan 3 days in {place} for a family of {k}.",
            "Exercise 5: Extract all dates and names as a JSON list from: {passage}",
            "Exercise 6: Write a few-shot prompt that teaches the model to translate into {lang}.")]
        for m in range(size):
            c = cx.country()
            lang = cx.lang(c)
            early = rng.random() < .7
            su = release + int(rng.exponential(9 * H_MS)) if early else None
            created, end = cx.life(signup=0, churn=.3, signup_at=su)
            i = W.new_account("mooc_cohort", c, created, end, None, cx.mail(c), group=g, lang=lang,
                              variant="new_learner" if early else "returning")
            if rng.random() < .12:
                continue
            boost = np.ones(W.days)
            d0 = (release - W.S) // DAY_MS
            boost[d0:d0 + 4] = 4.0
            t = W.human_times(rng, i, daily_rate(rng, 2, 2, 1.6, 80), .15, PROFILES["evening"], WEEK_LEISURE,
                              boost=boost)
            home = HomeNet(W, rng, c)
            ip = colab.draw(rng, t) if rng.random() < .6 else home.draw(rng, t)
            mine = [e + ("" if rng.random() < .6 else f" ({_word(cx.pr, 1)})") for e in ex]
            srcs = [(.75, lambda pr, q=mine: pr.choice(q), 350, .6)] + chat_sources(cx, lang)[:1]
            person_emit(cx, i, t, ip, srcs, [cx.pr.choice(["python-requests/2.32.3", "meridian-python/2.4.3"])],
                        model_p=(.5, .4, .1, 0), cot=.02)


NOCODE_STEPS = [
    ("Summarize the following email in 3 bullet points for a busy manager.\n\nFrom: {name}\n\n{passage}", 90),
    ("Classify this support ticket into exactly one of: billing, bug, feature_request, account, other. Reply with "
     "the label only.\n\nTicket: {passage}", 4),
    ("Extract company, contact_name, amount and due_date as JSON from this invoice text:\n{passage}", 60),
    ("Write a friendly reply to this customer message. Sign it as {name} from the support team.\n\n{passage}", 160),
    ("Translate this product description to {lang}, keep the HTML tags: <p>{sent}</p>", 70),
    ("Generate 5 SEO keywords for this blog post title: {sent}", 25),
    ("Is this lead qualified? Answer yes or no and give one reason.\nLead notes: {passage}", 30),
    ("Turn this form submission into a CRM note of at most 50 words: {passage}", 60),
]


def nocode_tenants(cx: Ctx, n):
    """Customers of a no-code automation platform bring their own API key: their workflows run from the
    platform's few egress servers with its user agent, step templates and cron triggers."""
    W, rng, T = cx.W, cx.rng, cx.T
    for size in group_sizes(rng, n, lambda: rng.integers(60, 320)):
        g = W.new_group("nocode_tenants", size)
        egress = FixedNet(W, cloud_addrs(W, rng, "amazon", int(rng.integers(4, 9))))
        ua = f"{_word(cx.pr, 2).title()}-Runner/3.{int(rng.integers(0, 9))}.{int(rng.integers(0, 20))}"
        for m in range(size):
            c = cx.country()
            created, end = cx.life(signup=.12, churn=.08)
            i = W.new_account("nocode_tenants", c, created, end, cx.card(), cx.domain(), group=g, variant="tenant")
            if rng.random() < .08:
                continue
            steps = rng.choice(len(NOCODE_STEPS), int(rng.integers(1, 4)), replace=False)
            company = _word(cx.pr, 2).title()
            pre = f"You work for {company}. " if rng.random() < .5 else ""
            per_day = daily_rate(rng, 3, 4, 1.5, 200)
            if rng.random() < .5:     # cron-triggered: fixed minutes past the hour
                k = int(max(1, per_day // 24))
                minute = int(rng.choice([0, 0, 15, 30, 45, 5]))
                hrs = np.arange(24)
                ts = (W.S + (np.arange(W.days)[:, None, None] * 24 + hrs[None, :, None]) * H_MS +
                      minute * 60_000 + (np.arange(k)[None, None, :] * 4000) +
                      rng.integers(0, 9000, (W.days, 24, k))).ravel()
                a0, a1 = W.window(i)
                t = np.sort(ts[(ts >= a0) & (ts < a1)])
            else:
                t = W.human_times(rng, i, per_day, .9, PROFILES["office"], WEEK_WORK, sess_mean=4, gap_s=5)
            srcs = [(1, (lambda s: lambda pr: pre + T.fill(pr, s))(NOCODE_STEPS[j][0]), NOCODE_STEPS[j][1], .6)
                    for j in steps]
            person_emit(cx, i, t, egress.draw(rng, t), srcs, [ua], model_p=(.3, .7, 0, 0), cot=0, retry=.01)
            t2 = W.human_times(rng, i, 2, .15, PROFILES["office"], WEEK_WORK)       # the owner's own console use
            person_emit(cx, i, t2, HomeNet(W, rng, c).draw(rng, t2), chat_sources(cx, "en", work=.5),
                        browser_uas(cx), cot=0)


def l10n_agencies(cx: Ctx, n):
    """A localisation vendor's freelance translators, all on the agency's card, in several countries, run the
    agency's string-translation template in a synchronised sprint before a client's release."""
    W, rng, T = cx.W, cx.rng, cx.T
    for size in group_sizes(rng, n, lambda: rng.integers(6, 26)):
        g = W.new_group("l10n_agency", size)
        card, dom = cx.card(), cx.domain(".io")
        s0 = int(rng.integers(0, max(1, W.days - 12)))
        sprint = np.zeros(W.days, bool)
        sprint[s0:s0 + int(rng.integers(7, 13))] = True
        onboard = W.S - int(rng.integers(2, 200)) * DAY_MS
        for m in range(size):
            c = cx.country()
            lang = cx.lang(c)
            tgt = LANG_NAMES[lang] if lang != "en" else cx.pr.choice(LANGS_EN)
            i = W.new_account("l10n_agency", c, onboard + int(rng.integers(0, 3 * H_MS)), W.E, card, dom, group=g,
                              lang=lang, variant="translator")
            home = HomeNet(W, rng, c)

            def tpl(pr, tgt=tgt):
                keys = pr.sample(["btn_save", "err_network", "onboarding_title", "cart_empty", "settings_privacy",
                                  "promo_banner", "push_reminder", "checkout_cta", "profile_bio_hint"], 3)
                body = "\n".join(f'"{k}": "{pr.choice(T.sents)}"' for k in keys)
                return (f"Translate the following UI strings from English into {tgt}. Preserve placeholders such as "
                        "{{user}}, %s and <b> tags exactly. Return JSON keyed by string id.\n" + body)
            t = W.human_times(rng, i, daily_rate(rng, 40, 30, 1.5, 900), .9, PROFILES["day"], WEEK_WORK,
                              day_mask=sprint, sess_mean=30, gap_s=25, sigma=.4)
            t2 = W.human_times(rng, i, 2, .3, PROFILES["evening"], WEEK_ALL)
            person_emit(cx, i, t, home.draw(rng, t), [(1, tpl, 180, .4)], browser_uas(cx), cot=0, retry=.01)
            person_emit(cx, i, t2, home.draw(rng, t2), chat_sources(cx, lang), browser_uas(cx), cot=.01)


def npc_studios(cx: Ctx, n):
    """A game studio's accounts (one per build environment plus designers) on the studio card: nightly CI batch
    jobs generate NPC dialogue from a template with long outputs; designers chat from the office."""
    W, rng, T = cx.W, cx.rng, cx.T
    for size in group_sizes(rng, n, lambda: rng.integers(3, 11)):
        c = cx.country()
        g = W.new_group("npc_batch", size)
        card, dom = cx.card(), cx.domain(".games")
        ci = FixedNet(W, cloud_addrs(W, rng, "microsoft", 2))
        office = FixedNet(W, W.pick_v4(rng, c, "res", 1))
        zone = None
        for m in range(size):
            job = m < max(1, size // 2)
            i = W.new_account("npc_batch", c, W.S - int(rng.integers(40, 500)) * DAY_MS, W.E, card, dom, group=g,
                              zone=zone, variant="ci_env" if job else "designer")
            zone = W.acc[i]["zone"]
            if job:
                off = W.offsets(i)
                st = int((2 - off[0]) % 24)
                t = W.steady_times(rng, i, int(rng.integers(100, 400)), windows=((st, min(24, st + 3)),),
                                   jitter=.15, days_mask=WEEK_WORK[W.wd] > .5)

                def npc(pr):
                    return (f"Write {pr.randint(3, 8)} lines of in-character dialogue for {pr.choice(NAMES)}, a "
                            f"{pr.choice(['blacksmith', 'smuggler', 'priestess', 'ferryman', 'guard captain', 'herbalist'])}"
                            f" in {pr.choice(['a flooded city', 'a desert caravan', 'an orbital station', 'a mountain monastery'])}."
                            f" Mood: {pr.choice(['suspicious', 'grieving', 'cheerful', 'desperate'])}. The player just "
                            f"{pr.choice(['returned the stolen ledger', 'lied about the ' + pr.choice(NOUNS), 'saved a child', 'failed the trial'])}."
                            " Keep each line under 20 words; no narration.")
                person_emit(cx, i, t, ci.draw(rng, t), [(1, npc, 700, .4)], ["npcgen-ci/0.9 meridian-python/2.4.1"],
                            model_p=(.8, .2, 0, 0), cot=0, retry=0)
            else:
                t = W.human_times(rng, i, daily_rate(rng, 3, 3), .7, PROFILES["office"], WEEK_WORK)
                person_emit(cx, i, t, office.draw(rng, t, device=m), chat_sources(cx, "en", dev=.3, work=.3),
                            browser_uas(cx), cot=.02)


def scribe_networks(cx: Ctx, n):
    """A hospital network's clinics use a scribe vendor: the vendor's gateway sends every clinic's transcripts
    with one SOAP-note template, in clinic hours, billed to the network's invoice."""
    W, rng, T = cx.W, cx.rng, cx.T
    symptoms = ["chest tightness", "a persistent cough", "lower back pain", "headaches", "dizziness", "a rash",
                "knee swelling", "fatigue", "abdominal pain", "shortness of breath"]
    for size in group_sizes(rng, n, lambda: rng.integers(10, 46)):
        c = cx.country(cx.pr.choice(["US", "GB", "DE", "IN", "BR", "AU", "CA"]))
        g = W.new_group("scribe_network", size)
        inv, org, dom = cx.invoice(), cx.org(), cx.domain(".health")
        gw = FixedNet(W, cloud_addrs(W, rng, "oracle", int(rng.integers(2, 4))))
        zone = None

        def soap(pr):
            s = pr.choice(symptoms)
            lines = [f"Doctor: What brings you in today?", f"Patient: I've had {s} for about {pr.randint(2, 20)} days.",
                     f"Doctor: Any {pr.choice(symptoms)} or fever?", f"Patient: {pr.choice(['No', 'A little', 'Only at night'])}.",
                     f"Doctor: Blood pressure is {pr.randint(105, 160)}/{pr.randint(65, 100)}, pulse {pr.randint(55, 110)}."]
            return ("You are a clinical documentation assistant. Convert the consultation transcript into a SOAP note "
                    "(Subjective, Objective, Assessment, Plan). Do not invent findings.\n\nTranscript:\n" + "\n".join(lines))
        for m in range(size):
            i = W.new_account("scribe_network", c, W.S - int(rng.integers(10, 400)) * DAY_MS, W.E, inv, dom,
                              org=org if rng.random() < .7 else "", group=g, zone=zone, variant="clinic")
            zone = W.acc[i]["zone"]
            t = W.human_times(rng, i, daily_rate(rng, 8, 10, 1.6, 300), .95, PROFILES["clinic"], WEEK_WORK,
                              sess_mean=2, gap_s=300, sigma=.3, hol=.05)
            person_emit(cx, i, t, gw.draw(rng, t), [(1, soap, 450, .35)], ["ScribeLink-Gateway/2.0"],
                        model_p=(1, 0, 0, 0), cot=0, retry=.02)


def hackathons(cx: Ctx, n):
    """A weekend hackathon: participants create free accounts within hours of the kick-off on the venue Wi-Fi,
    hammer the organisers' starter-kit prompt for ~40 hours, then most stop."""
    W, rng, T = cx.W, cx.rng, cx.T
    for size in group_sizes(rng, n, lambda: rng.integers(40, 160)):
        c = cx.country()
        g = W.new_group("hackathon_teams", size)
        sat = [d for d in range(W.days - 2) if W.wd[d] == 5]
        d0 = int(cx.pr.choice(sat)) if sat else 0
        venue = FixedNet(W, W.pick_v4(rng, c, "res", 2))
        zone = None
        kick = None
        for m in range(size):
            i0 = len(W.acc)
            if kick is None:
                zs = COUNTRIES[c][1]
                off = W.tz[zs[0][:2]][d0]
                kick = W.S + d0 * DAY_MS + int((9 - off) * H_MS)
            created = kick + int(rng.exponential(50 * 60_000))
            end = created + int(rng.uniform(30, 48) * H_MS) if rng.random() < .75 else W.E
            i = W.new_account("hackathon_teams", c, created, min(end, W.E), None, cx.mail(c), group=g, zone=zone,
                              variant="participant")
            zone = W.acc[i]["zone"]
            team = f"{_word(cx.pr, 2).title()}Bot"
            task = cx.pr.choice(["plan recycling pickups", "find study partners", "budget for groceries",
                                 "triage bug reports", "practise job interviews", "explain bus routes"])
            starter = f"You are {team}, an assistant that helps users {task}. Answer in JSON with keys 'reply' and 'confidence'. User: "
            t = W.human_times(rng, i, 30, .95, PROFILES["flat"], np.ones(7), sess_mean=8, gap_s=20, sigma=.5,
                              day_mask=np.isin(np.arange(W.days), [d0, d0 + 1]) | (end >= W.E))
            ip = venue.draw(rng, t)
            person_emit(cx, i, t, ip, [(.7, lambda pr, s=starter: s + T.chat(pr), 120, .6)] + chat_sources(cx, "en", dev=.5)[:2],
                        ["python-requests/2.32.3", "axios/1.7.7"], model_p=(.2, .8, 0, 0), cot=.01)


def tutoring(cx: Ctx, n):
    """A tutoring franchise's tutors (one card, a few centres in one country) generate worked-solution keys:
    'solve step by step and explain each step' on school maths, after school hours."""
    W, rng, T = cx.W, cx.rng, cx.T
    for size in group_sizes(rng, n, lambda: rng.integers(8, 31)):
        c = cx.country(cx.pr.choice(["IN", "US", "GB", "KR", "PH", "NG", "BR", "PL"]))
        g = W.new_group("tutoring_franchise", size)
        card, dom = cx.card(), cx.domain(".edu.co")
        centres = [FixedNet(W, W.pick_v4(rng, c, "res", 1)) for _ in range(int(rng.integers(2, 5)))]
        zone = None
        for m in range(size):
            lang = cx.lang(c)
            i = W.new_account("tutoring_franchise", c, W.S - int(rng.integers(5, 400)) * DAY_MS, W.E, card, dom,
                              group=g, zone=zone, lang=lang, variant="tutor")
            zone = W.acc[i]["zone"]
            cen = centres[m % len(centres)]
            t = W.human_times(rng, i, daily_rate(rng, 8, 8, 1.6, 300), .8, PROFILES["after_school"],
                              np.array([1, 1, 1, 1, 1, .8, .1]), sess_mean=10, gap_s=40)

            def ws(pr):
                return (f"Create an answer key for grade {pr.randint(5, 10)}. Solve step by step and explain each step "
                        f"so the student can follow:\n{_math(pr)}")
            person_emit(cx, i, t, cen.draw(rng, t), [(.8, ws, 650, .4)] + chat_sources(cx, lang)[:1],
                        browser_uas(cx), model_p=(.6, .2, .2, 0), cot=0)


# ----------------------------------------------------------------------------------------------- rings
RING_KINDS = {
    # kind: (sophistication 1-5, signals kept, evasions)
    "card_farm": (1, ["one shared card", "1-3 datacenter addresses", "sign-up burst within 30 minutes",
                      "one or two templates, one reasoning ask", "python-requests user agent", "24/7 pacing"],
                  ["each account under the per-minute and per-day limits"]),
    "vps_rotator": (2, ["one rented datacenter /24", "two fixed UTC job windows", "3-5 template datasets",
                        "same SDK build"], ["a card per account", "a new host of the /24 per request"]),
    "proxy_hydra": (4, ["reseller residential exit pool shared by the ring", "narrow template families with "
                        "rotated reasoning asks", "steady daily volume", "reasoning model preferred"],
                    ["a card (or the free tier) per account", "fresh exit per 10-minute session", "35-55 % cover chat",
                     "user agents rotated", "sign-ups spread over months"]),
    "modem_farm": (3, ["one carrier's CGNAT pool in one country", "accounts sharing a modem share its address at the "
                       "same time", "lockstep 24/7 pacing with a shared maintenance gap", "narrow templates"],
                   ["addresses inside a carrier NAT crowd", "the mobile app's user agent", "a card per account"]),
    "paraphrase_mill": (4, ["2-4 VPS addresses shared by all accounts", "reasoning asks", "long answers",
                            "steady volume"], ["every account's prompts rewritten by its own paraphraser (no shared "
                                                "surface template)", "a card per account"]),
    "aged_sleepers": (4, ["the operator's dispatcher runs every account in the same two UTC windows",
                          "narrow templates"], ["aged accounts (created 1-3 years ago)", "a card per account",
                                                "one static residential proxy per account", "15 % cover chat"]),
    "free_swarm": (2, ["throwaway e-mail domains", "sign-ups in bursts of 3-6 within 90 s", "one or two templates",
                       "headless-browser user agent"], ["free tier (no payment method)", "Tor exits and a free VPN",
                                                        "each account used 4-12 days then abandoned"]),
    "skill_shards": (5, ["identical long reasoning suffix on every prompt", "one rare outdated SDK build",
                         "serverless egress of one cloud", "steady 24/7 volume"],
                     ["each account harvests a disjoint capability (no shared template)", "a card per account",
                      "a new serverless address per request"]),
    "shell_company": (3, ["one invoice, one declared org, one new e-mail domain", "an office /29",
                          "narrow templates with reasoning asks", "office-hours volume no staff could type"],
                      ["looks like a declared enterprise team on invoice billing", "weekday office-hours rhythm",
                       "browser user agents"]),
}
SCALABLE = ["proxy_hydra", "free_swarm", "modem_farm", "paraphrase_mill", "aged_sleepers", "skill_shards",
            "vps_rotator", "card_farm"]


def ring_sizes(rng, R, mode):
    if R <= 0:
        return []
    if R < 3:
        return [R]

    def fill(total, lo, hi, draw):
        out = []
        while total > 0:
            s = int(np.clip(draw(), lo, hi))
            if total - s < lo and total - s != 0:
                s = total if total <= hi else total - lo
            s = min(s, total)
            out.append(s)
            total -= s
        return out
    small = lambda: rng.lognormal(np.log(6.5), .45)          # noqa: E731
    if mode == "small":
        return fill(R, 3, 15, small)
    if mode == "mixed":
        a = int(round(.45 * R))
        b = int(round(.35 * R))
        c = R - a - b
        if c < 81:
            b, c = b + c, 0
        if b < 16:
            a, b = a + b, 0
        return fill(a, 3, 15, small) + fill(b, 16, 80, lambda: rng.uniform(16, 80)) + \
            fill(c, 81, 250, lambda: rng.uniform(81, 250))
    h = int(round(R * rng.uniform(.75, .88)))
    rest = R - h
    if 0 < rest < 3:
        h, rest = R, 0
    return [h] + fill(rest, 3, 15, small)


class Ring:
    def __init__(self, cx: Ctx, rid, kind, size):
        self.cx, self.rid, self.kind, self.size = cx, rid, kind, size
        self.members = []
        rng, W = cx.rng, cx.W
        fams = [f for f in FAMILIES if len(W.ref.by_family.get(f, {})) >= 2]
        self.fam = fams[int(rng.integers(0, len(fams)))]
        dss = list(W.ref.by_family[self.fam])
        k = int(rng.integers(2, 5)) if kind not in ("proxy_hydra",) else int(rng.integers(5, 9))
        pick = [dss[j] for j in rng.choice(len(dss), min(k, len(dss)), replace=False)]
        self.tpls = [t for d in pick for t in W.ref.by_family[self.fam][d]]
        self.datasets = pick
        self.asks = [Text.COT[j] for j in rng.choice(len(Text.COT), int(rng.integers(1, 5)), replace=False)]
        self.vol = float(np.clip((25 / size) ** .5, .2, 1.0))
        self.events = 0

    def prompts(self, pr, n, tpls=None, asks=None, cot=.92, resample=.22, rewrite=None, suffix=None):
        T, tpls, asks = self.cx.T, tpls or self.tpls, asks or self.asks
        out, q = [], None
        for _ in range(n):
            if q is None or pr.random() > resample:
                q = T.render(pr, pr.choice(tpls), self.fam)
                if rewrite:
                    q = rewrite(q, pr)
            s = q
            if suffix:
                s = s + "\n\n" + suffix
            elif pr.random() < cot:
                a = pr.choice(asks)
                s = s + ("\n\n" if pr.random() < .7 else " ") + (rewrite(a, pr, framed=False) if rewrite else a)
            out.append(s)
        return out

    def emit(self, i, t, ip, ua, model_p=(.2, .05, .75, 0), cover=0.0, lang="en", **kw):
        cx, W = self.cx, self.cx.W
        n = len(t)
        if n == 0:
            return
        rng, pr = cx.rng, cx.pr
        is_cov = rng.random(n) < cover
        hp = iter(self.prompts(pr, int((~is_cov).sum()), **kw))
        prompts = [cx.T.chat(pr, lang) if c else next(hp) for c in is_cov]
        model = rng.choice(4, n, p=np.array(model_p) / sum(model_p)).astype(np.int8)
        model[is_cov] = rng.choice(2, int(is_cov.sum())).astype(np.int8)
        mult = np.where(is_cov, 1.0, 2.0) * np.where(model == 2, 1.5, 1.0)
        tok = _tokens(rng, n, 900, .45, mult)
        tok[is_cov] = _tokens(rng, int(is_cov.sum()), 230, .9)
        uac = np.array([W.uas.code(u) for u in ua], np.int32)
        W.emit(i, t, ip, prompts, uac[rng.integers(0, len(uac), n)], model, tok)
        self.events += n

    def account(self, c, created, end=None, pay=None, email=None, org="", variant="", zone=None):
        cx, W = self.cx, self.cx.W
        i = W.new_account(self.kind, c, created, end or W.E, pay, email or cx.mail(c), org=org, group=self.rid,
                          ring=self.rid, variant=variant or self.kind, zone=zone, lang="en")
        self.members.append(i)
        return i


def build_ring(cx: Ctx, rg: Ring):
    W, rng, pr, kind, size = cx.W, cx.rng, cx.pr, rg.kind, rg.size
    S = W.S
    if kind == "card_farm":
        cards = [cx.card() for _ in range(max(1, size // 15))]
        dc_ip, dc_len = W.ref.dc
        net = FixedNet(W, _hosts(rng, dc_ip, dc_len, int(rng.integers(1, 4))))
        t0 = S - int(rng.integers(0, 10)) * DAY_MS + int(rng.integers(0, DAY_MS))
        c = cx.country()
        tpl = rg.tpls[:max(1, len(rg.tpls) // 3)]
        for m in range(size):
            i = rg.account(c, t0 + int(rng.integers(0, 30 * 60_000)), pay=cards[m % len(cards)],
                           email=cx.pr.choice(["gmail.com", "outlook.com"]))
            t = W.steady_times(rng, i, rng.uniform(200, 450) * rg.vol, jitter=.05, even=False)
            rg.emit(i, t, net.draw(rng, t), ["python-requests/2.31.0"], tpls=tpl, asks=rg.asks[:1])
    elif kind == "vps_rotator":
        dc_ip, dc_len = W.ref.dc
        base = _hosts(rng, dc_ip, dc_len, 1)[0] & ~np.int64(255)
        net = PoolNet(W, base + np.arange(2, 254), per="request")
        w1 = int(rng.integers(0, 10))
        wins = ((w1, w1 + 3), (w1 + 12, w1 + 15))
        for m in range(size):
            c = cx.country()
            i = rg.account(c, S - int(rng.integers(1, 20)) * DAY_MS - int(rng.integers(0, DAY_MS)), pay=cx.card())
            t = W.steady_times(rng, i, rng.uniform(150, 350) * rg.vol, windows=wins, jitter=.06)
            rg.emit(i, t, net.draw(rng, t), ["meridian-python/2.4.1"])
    elif kind == "proxy_hydra":
        npool = int(max(150, 1.2 * size))
        cs = [cx.country() for _ in range(npool)]
        addrs = np.concatenate([W.pick_v4(rng, c, "res", 1) for c in cs])
        net = PoolNet(W, addrs, v6_32=W.v6_32[cs[0]][1], v6_share=.15, gap_ms=10 * 60_000)
        for m in range(size):
            c = cx.country()
            free = rng.random() < .3
            created = S - int(rng.exponential(60) * DAY_MS) - int(rng.integers(0, DAY_MS)) if rng.random() < .85 else \
                S + int(rng.random() * (W.E - S) * .6)
            i = rg.account(c, created, pay=None if free else cx.card(), variant="free_tier" if free else "paid")
            per = rng.uniform(25, 70) * (.5 if free else 1)
            t = W.steady_times(rng, i, per, jitter=.25, even=False)
            ua = [cx.pr.choice(SDKS[:5] + BROWSERS)]
            rg.emit(i, t, net.draw(rng, t), ua, cover=rng.uniform(.35, .55), lang=cx.lang(c),
                    model_p=(.35, .1, .55, 0))
    elif kind == "modem_farm":
        c = cx.country(cx.pr.choice(["VN", "ID", "IN", "BR", "NG", "PH", "MX"]))
        car = carrier(W, c, int(rng.integers(0, 2)))
        modems = max(2, size // 2)
        rot = int(rng.integers(10, 30)) * 60_000
        mrng = [np.random.default_rng([W.a.seed, 777, hash_int(rg.rid), k]) for k in range(modems)]
        slots = (W.E - S) // rot + 1
        m_addr = [car.addrs[r.integers(0, len(car.addrs), slots)] for r in mrng]
        m_v6 = [(r.random(slots) < car.v6_share, r.integers(0, 1 << 32, slots), r.integers(1, 1 << 62, slots)) for r in mrng]
        gap = int(rng.integers(0, 22))
        wins = ((0, gap), (gap + 1, 24)) if gap else ((1, 24),)
        for m in range(size):
            i = rg.account(c, S - int(rng.integers(1, 90)) * DAY_MS - int(rng.integers(0, DAY_MS)),
                           pay=cx.card() if rng.random() < .8 else None)
            per = rng.uniform(100, 250) * rg.vol * (1 if W.acc[i]["pay"] else .09)
            t = W.steady_times(rng, i, per, windows=wins, jitter=.03)
            k = m % modems
            sl = (t - S) // rot
            ip = W.v4(m_addr[k][sl])
            use6, h32, lo = m_v6[k]
            m6 = use6[sl]
            if m6.any():
                hi = (np.uint64(car.v6_32) << np.uint64(32)) | h32[sl][m6].astype(np.uint64)
                ip[m6] = W.v6(hi, lo[sl][m6].astype(np.uint64))
            rg.emit(i, t, ip, [cx.pr.choice(APPS)])
    elif kind == "paraphrase_mill":
        prov = cx.pr.choice(["linode", "digitalocean"])
        vps = cloud_addrs(W, rng, prov, int(rng.integers(2, 5)))
        syn = [("following", ["below", "next", "given"]), ("question", ["query", "problem", "prompt"]),
               ("answer", ["respond", "reply", "solution"]), ("Given", ["Using", "Based on", "Considering"]),
               ("sentence", ["statement", "line", "passage"]), ("Choose", ["Pick", "Select", "Decide on"]),
               ("What", ["Which", "Tell me what"]), ("text", ["passage", "snippet", "excerpt"]),
               ("step by step", ["one stage at a time", "in sequence", "gradually"]),
               ("reasoning", ["thinking", "logic", "rationale"]), ("Explain", ["Describe", "Lay out", "Clarify"])]
        for m in range(size):
            c = cx.country()
            i = rg.account(c, S - int(rng.integers(1, 120)) * DAY_MS - int(rng.integers(0, DAY_MS)), pay=cx.card())
            table = [(a, b[int(rng.integers(0, len(b)))]) for a, b in syn if rng.random() < .85]
            frame = cx.pr.choice(["Task: ", "Please help with this. ", "Q: ", "Here is something to solve. ", "",
                                  "Consider carefully: ", "Problem statement -> "])

            def rewrite(s, pr, table=table, frame=frame, framed=True):
                for a, b in table:
                    s = s.replace(a, b)
                return frame + s if framed and pr.random() < .8 else s
            mine = FixedNet(W, vps[rng.choice(len(vps), int(rng.integers(1, 3)), replace=False)])
            t = W.steady_times(rng, i, rng.uniform(120, 300) * rg.vol, jitter=.1, even=False)
            rg.emit(i, t, mine.draw(rng, t), [cx.pr.choice(SDKS[:6])], rewrite=rewrite)
    elif kind == "aged_sleepers":
        w1 = rng.uniform(0, 8)
        wins = ((round(w1, 2), round(w1 + rng.uniform(2.5, 4), 2)), (round(w1 + 12, 2), round(w1 + 14.5, 2)))
        for m in range(size):
            c = cx.country(cx.pr.choice(["US", "GB", "DE", "CA", "FR", "AU"]))
            i = rg.account(c, S - int(rng.integers(400, 1200)) * DAY_MS - int(rng.integers(0, DAY_MS)), pay=cx.card())
            static = FixedNet(W, W.pick_v4(rng, c, "res", 1))
            t = W.steady_times(rng, i, rng.uniform(80, 200) * rg.vol, windows=wins, jitter=.08)
            ua = [cx.pr.choice(BROWSERS)]
            rg.emit(i, t, static.draw(rng, t), ua)
            t2 = W.human_times(rng, i, 6, .6, PROFILES["evening"], WEEK_ALL)
            rg.emit(i, t2, static.draw(rng, t2), ua, cover=1.0)
    elif kind == "free_swarm":
        doms = [f"{_word(pr, 2)}mail.{pr.choice(['net', 'xyz', 'top'])}" for _ in range(2)]
        tor = W.nets.setdefault(("tor",), PoolNet(W, W.ref.tor, per="session", gap_ms=15 * 60_000))
        vpn = vpn_provider(W, 7)
        span = max(1, W.days - 4)
        burst_t = None
        for m in range(size):
            if m % int(rng.integers(3, 7)) == 0 or burst_t is None:
                burst_t = S - 2 * DAY_MS + int(rng.random() * span * DAY_MS)
            created = burst_t + int(rng.integers(0, 90_000))
            end = min(W.E, created + int(rng.integers(4, 13)) * DAY_MS)
            c = cx.country()
            i = rg.account(c, created, end=end, email=doms[m % 2])
            t = W.steady_times(rng, i, rng.uniform(28, 37), jitter=.05, even=False)
            net = tor if rng.random() < .6 else vpn
            rg.emit(i, t, net.draw(rng, t), ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                             "HeadlessChrome/129.0.0.0 Safari/537.36"],
                    model_p=(.7, .3, 0, 0), tpls=rg.tpls[:max(1, len(rg.tpls) // 2)], asks=rg.asks[:2])
    elif kind == "skill_shards":
        pool = PoolNet(W, cloud_addrs(W, rng, "amazon", 4000), per="request")
        suffix = (Text.COT[int(rng.integers(0, len(Text.COT)))] + " Format your reply as <reasoning>...</reasoning> "
                  "followed by <answer>...</answer>.")
        allds = [(f, d) for f in W.ref.by_family for d in W.ref.by_family[f]]
        order = rng.permutation(len(allds))
        for m in range(size):
            c = cx.country()
            i = rg.account(c, S - int(rng.integers(1, 200)) * DAY_MS - int(rng.integers(0, DAY_MS)), pay=cx.card())
            mine = [allds[order[(2 * m + j) % len(allds)]] for j in range(2)]
            tp = [t for f, d in mine for t in W.ref.by_family[f][d]]
            W.acc[i]["variant"] = "shard:" + mine[0][0]
            t = W.steady_times(rng, i, rng.uniform(150, 350) * rg.vol, jitter=.05, even=False)
            rg.emit(i, t, pool.draw(rng, t), [OLD_SDK], tpls=tp, suffix=suffix)
    elif kind == "shell_company":
        c = cx.country(cx.pr.choice(["PL", "DE", "GB", "ES", "IT"]))
        inv, org, dom = cx.invoice(), cx.org(), cx.domain(".io")
        blk = W.pick_v4(rng, c, "host", 1)[0] & ~np.int64(7)
        office = FixedNet(W, blk + np.arange(1, 7))
        b1 = S - int(rng.integers(10, 60)) * DAY_MS + 10 * H_MS
        zone = None
        for m in range(size):
            created = (b1 if m < (size + 1) // 2 else b1 + 3 * DAY_MS) + int(rng.integers(0, 20 * 60_000))
            i = rg.account(c, created, pay=inv, email=dom, org=org, zone=zone)
            zone = W.acc[i]["zone"]
            off = W.offsets(i)[0]
            wins = ((8 - off, 12.5 - off), (13.5 - off, 19 - off))
            wins = tuple((max(0, a), min(24, b)) for a, b in wins)
            t = W.steady_times(rng, i, rng.uniform(400, 900) * rg.vol, windows=wins, jitter=.05,
                               days_mask=WEEK_WORK[W.wd] > .5, even=False)
            ip = office.draw(rng, t, device=m)
            rg.emit(i, t, ip, browser_uas(cx, 1))


def hash_int(s: str) -> int:
    return int(hashlib.sha256(s.encode()).hexdigest()[:8], 16)


# ----------------------------------------------------------------------------------------------- main
BENIGN = [  # cohort, share of benign accounts, builder, is a social/real-world group
    ("office_worker", .13, offices, True),
    ("campus_student", .07, campuses, True),
    ("household", .08, households, True),
    ("mobile_user", .09, mobile_users, False),
    ("vpn_user", .04, vpn_users, False),
    ("api_app", .006, api_apps, False),
    ("procurement_seats", .03, procurement_seats, True),
    ("eval_lab", .004, eval_labs, True),
    ("mooc_cohort", .035, mooc_cohorts, True),
    ("nocode_tenants", .025, nocode_tenants, True),
    ("l10n_agency", .01, l10n_agencies, True),
    ("npc_batch", .004, npc_studios, True),
    ("scribe_network", .012, scribe_networks, True),
    ("hackathon_teams", .02, hackathons, True),
    ("tutoring_franchise", .015, tutoring, True),
]
BENIGN_WHY = {
    "solo_user": ("own home line, phone sessions on a carrier NAT", "none alone; many share carrier NAT and VPN addresses"),
    "office_worker": ("companies of 3-140 behind 1-3 NAT addresses, 35 % on one team card, batch-invited sign-ups, WFH days", "shared address, card, domain, org and sign-up minute"),
    "campus_student": ("campus NAT pool of 11-59 addresses, edu mail, shared assignment questions near deadlines, late nights", "shared addresses and identical assignment prompts in synchronised bursts"),
    "household": ("2-5 people on one home line, half on a family card", "shared address and card"),
    "mobile_user": ("carrier CGNAT pool, a new address per session, the mobile app", "strangers share carrier addresses"),
    "vpn_user": ("commercial VPN exits (X4B VPN ranges), some part time", "strangers share exits"),
    "api_app": ("one product backend per account, templated prompts around the clock from cloud egress, launch bursts over the minute limit", "templated heavy volume from cloud addresses"),
    "procurement_seats": ("25-220 seats on one invoice, provisioned in one batch, offices in 2-6 countries, half without declared org", "one payment method and one sign-up minute across many addresses and countries"),
    "eval_lab": ("lab card, frozen benchmark items (promptsource, many families) with 'Let's think step by step' overnight from campus and GPU cloud", "chain-of-thought on benchmark templates, long outputs, shared card and infrastructure"),
    "mooc_cohort": ("free learners sign up in a burst after a module release and run the same notebook exercises from hosted-notebook cloud egress", "sign-up burst, identical templates incl. a CoT exercise, shared cloud addresses"),
    "nocode_tenants": ("businesses whose workflows run from an automation platform's 4-8 egress servers with its user agent, step templates and cron minutes", "shared infrastructure, user agent, templates and schedule; distinct cards"),
    "l10n_agency": ("freelance translators in several countries on the agency card, one string-translation template, a synchronised sprint", "shared card and template, synchronised heavy volume"),
    "npc_batch": ("a studio's CI environments run nightly NPC-dialogue batches from 2 cloud addresses on the studio card; designers chat", "shared card and addresses, fixed nightly job window, templated long outputs"),
    "scribe_network": ("a hospital network's clinics send transcripts through a scribe vendor's gateway with one SOAP template on one invoice", "shared invoice, gateway addresses, template, user agent"),
    "hackathon_teams": ("free accounts created within hours of a kick-off on venue Wi-Fi, starter-kit prompt, 30-48 h then most stop", "sign-up burst, shared addresses and template, short lives"),
    "tutoring_franchise": ("tutors on one card in 2-4 centres produce step-by-step worked solutions for school maths", "shared card and addresses, chain-of-thought maths at volume"),
}


def build(args) -> dict:
    t_start = time.time()
    root = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", "/work/shared/data"))
    ref = Ref(root)
    T = Text(ref, args.seed)
    N = args.accounts
    R = int(round(args.ring_share * N))
    W = World(args, ref)
    W.nets, W.groups = {}, {}

    def new_group(cohort, size):
        g = f"G{len(W.groups) + 1:04d}"
        W.groups[g] = cohort
        return g
    W.new_group = new_group
    nb = N - R
    budgets = [(c, max(0, int(round(s * nb))), f, soc) for c, s, f, soc in BENIGN]
    for k, (c, b, f, _) in enumerate(budgets):
        if b > 0:
            f(Ctx(W, T, 10 + k), b)
    solo_users(Ctx(W, T, 9), nb - len(W.acc))
    # rings
    rr = np.random.default_rng([args.seed, 4242])
    sizes = ring_sizes(rr, R, args.ring_sizes)
    kinds_small = [k for k in RING_KINDS if k != "proxy_hydra"] + ["proxy_hydra"]
    order = list(rr.permutation(kinds_small))
    rings, ks, kb = [], 0, 0
    for j, s in enumerate(sizes):
        if args.ring_sizes == "hydra" and j == 0:
            kind = "proxy_hydra"
        elif s <= 15:
            kind = str(order[ks % len(order)])
            ks += 1
        else:
            kind = SCALABLE[kb % len(SCALABLE)]
            kb += 1
        rg = Ring(Ctx(W, T, 100 + j), f"R{j + 1:03d}", kind, s)
        build_ring(rg.cx, rg)
        rings.append(rg)
    W._flush()
    return finish(args, W, rings, t_start)


def finish(args, W: World, rings, t_start) -> dict:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    N = len(W.acc)
    rng = np.random.default_rng([args.seed, 31337])
    ids = []
    seen = set()
    while len(ids) < N:
        for s in _ids(rng, N - len(ids), "acct_", 10):
            if s not in seen:
                seen.add(s)
                ids.append(s)
    ids = np.array(ids, dtype=object)
    acc_i = np.concatenate(W.ev["acc"]) if W.ev["acc"] else np.zeros(0, np.int32)
    t = np.concatenate(W.ev["t"]) if W.ev["t"] else np.zeros(0, np.int64)
    # platform limits: requests over the tier's per-minute or per-day limit are refused and not logged
    tiers = np.array([{"free": 0, "card": 1, "invoice": 2}[W.tier(i)] for i in range(N)], np.int8)
    lim_m = np.array([LIMITS[k][0] for k in ("free", "card", "invoice")])[tiers]
    lim_d = np.array([LIMITS[k][1] for k in ("free", "card", "invoice")])[tiers]
    idx = np.arange(len(t))
    o = np.lexsort((idx, t, acc_i))

    def rank(keys):
        ch = np.ones(len(keys[0]), bool)
        for k in keys:
            ch[1:] &= True
        brk = np.zeros(len(keys[0]), bool)
        brk[0:1] = True
        for k in keys:
            brk[1:] |= k[1:] != k[:-1]
        start = np.maximum.accumulate(np.where(brk, np.arange(len(brk)), 0))
        return np.arange(len(brk)) - start
    a_s, t_s = acc_i[o], t[o]
    keep = np.ones(len(o), bool)
    refused_min = refused_day = 0
    if len(o):
        r1 = rank([a_s, t_s // 60_000])
        k1 = r1 < lim_m[a_s]
        refused_min = int((~k1).sum())
        o1 = o[k1]
        a1, t1 = acc_i[o1], t[o1]
        r2 = rank([a1, t1 // DAY_MS])
        k2 = r2 < lim_d[a1]
        refused_day = int((~k2).sum())
        kept = o1[k2]
    else:
        kept = o
    kept = kept[np.lexsort((kept, acc_i[kept], t[kept]))]
    # cohort / ring tallies
    n_ev = np.bincount(acc_i[kept], minlength=N)
    cohorts = {}
    for i, a in enumerate(W.acc):
        c = cohorts.setdefault(a["cohort"], {"kind": "ring" if a["ring"] else "benign", "accounts": 0, "events": 0,
                                             "groups": 0})
        c["accounts"] += 1
        c["events"] += int(n_ev[i])
    for g, c in W.groups.items():
        cohorts[c]["groups"] += 1
    # events.parquet
    ev_cols = ["account_id", "timestamp", "ip", "payment_method", "prompt"] + \
        ([] if args.minimal else ["user_agent", "output_tokens", "model"])
    types = {"account_id": pa.string(), "timestamp": pa.timestamp("ms", tz="UTC"), "ip": pa.string(),
             "payment_method": pa.string(), "prompt": pa.string(), "user_agent": pa.string(),
             "output_tokens": pa.int64(), "model": pa.string()}
    schema = pa.schema([(c, types[c]) for c in ev_cols])
    cols = {k: np.concatenate(W.ev[k]) for k in ("ip", "pay", "ua", "model", "tok")} if len(t) else {}
    ids_a = pa.array(list(ids), pa.string())
    ip_a = pa.array(W.ips.items, pa.string())
    pay_a = pa.array(W.pays.items, pa.string())
    ua_a = pa.array(W.uas.items, pa.string())
    model_a = pa.array(MODELS, pa.string())
    chunks = W.prompt_chunks
    ends = np.cumsum([len(c) for c in chunks])
    starts = ends - np.array([len(c) for c in chunks], dtype=np.int64) if len(chunks) else ends
    writer = pq.ParquetWriter(out / "events.parquet", schema, compression="zstd")
    RG = 400_000
    for s0 in range(0, max(1, len(kept)), RG):
        g = kept[s0:s0 + RG]
        arrs = {}
        arrs["account_id"] = ids_a.take(pa.array(acc_i[g]))
        arrs["timestamp"] = pa.array(t[g], pa.timestamp("ms", tz="UTC"))
        arrs["ip"] = ip_a.take(pa.array(cols["ip"][g])) if len(g) else pa.array([], pa.string())
        pc = cols["pay"][g] if len(g) else np.zeros(0, np.int32)
        arrs["payment_method"] = pay_a.take(pa.array(np.maximum(pc, 0), mask=pc < 0)) if len(pay_a) else \
            pa.nulls(len(g), pa.string())
        ch = np.searchsorted(ends, g, side="right")
        so = np.argsort(ch, kind="stable")
        pieces = []
        for c in np.unique(ch):
            sel = g[ch == c] - starts[c]
            pieces.append(chunks[c].take(pa.array(sel)))
        if pieces:
            pr_sorted = pa.concat_arrays(pieces)
            inv = np.empty(len(g), np.int64)
            inv[so] = np.arange(len(g))
            arrs["prompt"] = pr_sorted.take(pa.array(inv))
        else:
            arrs["prompt"] = pa.array([], pa.string())
        if not args.minimal:
            arrs["user_agent"] = ua_a.take(pa.array(cols["ua"][g])) if len(g) else pa.array([], pa.string())
            arrs["output_tokens"] = pa.array(cols["tok"][g], pa.int64()) if len(g) else pa.array([], pa.int64())
            arrs["model"] = model_a.take(pa.array(cols["model"][g].astype(np.int32))) if len(g) else pa.array([], pa.string())
        writer.write_table(pa.table([arrs[c] for c in ev_cols], schema=schema))
    writer.close()
    # accounts.csv and truth.csv (sorted by account_id)
    order = np.argsort(ids)
    iso = lambda ms: pd.Timestamp(ms, unit="ms", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    rows, trows = [], []
    for i in order:
        a = W.acc[i]
        if args.minimal:
            rows.append((ids[i], a["pay_last"] or ""))
        else:
            rows.append((ids[i], iso(a["created"]), a["pay_last"] or "", a["email"], a["country"], a["org"]))
        trows.append((ids[i], "true" if a["ring"] else "false", a["ring"], a["group"], a["cohort"], a["variant"]))
    acols = ["account_id", "payment_method"] if args.minimal else \
        ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"]
    pd.DataFrame(rows, columns=acols).to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    pd.DataFrame(trows, columns=["account_id", "is_ring", "ring_id", "group_id", "cohort", "variant"]).to_csv(
        out / "truth.csv", index=False, lineterminator="\n")
    # world.json
    ev_ip = cols["ip"][kept] if len(kept) else np.zeros(0, np.int32)
    is6 = np.array([":" in s for s in W.ips.items], bool)
    benign_group = sum(1 for a in W.acc if not a["ring"] and a["group"])
    social = {c for c, _, _, soc in BENIGN if soc}
    meta = {
        "generator": "benchmarks/world24.py",
        "params": {"accounts": args.accounts, "seed": args.seed, "ring_share": args.ring_share,
                   "ring_sizes": args.ring_sizes, "days": args.days, "start": START.isoformat().replace("+00:00", "Z"),
                   "minimal": bool(args.minimal)},
        "platform": {
            "name": "Meridian API",
            "limits": {k: {"per_minute": v[0], "per_day": v[1]} for k, v in LIMITS.items()},
            "tiers": "free = no payment method; card = pm_ token; invoice = inv_ token (enterprise billing)",
            "refused_requests_not_logged": refused_min + refused_day,
            "refused_by_limit": {"per_minute": refused_min, "per_day": refused_day},
            "countries": {c: COUNTRIES[c][0] for c in CC},
            "models": MODELS,
            "ipv6_event_share": round(float(is6[ev_ip].mean()) if len(ev_ip) else 0.0, 4),
            "templates_used": len(W.ref.templates), "templates_seen": W.ref.n_templates_seen,
        },
        "counts": {"accounts": N, "events": int(len(kept)), "ring_accounts": sum(1 for a in W.acc if a["ring"]),
                   "rings": len(rings), "benign_accounts": sum(1 for a in W.acc if not a["ring"]),
                   "benign_group_accounts": benign_group,
                   "benign_social_group_accounts": sum(1 for a in W.acc if not a["ring"] and a["group"]
                                                       and a["cohort"] in social),
                   "benign_groups": len(W.groups), "accounts_without_events": int((n_ev == 0).sum()),
                   "distinct_ips": int(len(np.unique(ev_ip)))},
        "cohorts": dict(sorted(cohorts.items())),
        "rings": [{"ring_id": r.rid, "kind": r.kind, "size": r.size, "sophistication": RING_KINDS[r.kind][0],
                   "capability": r.fam, "datasets": r.datasets, "events": int(n_ev[r.members].sum()),
                   "signals_kept": RING_KINDS[r.kind][1], "evasions": RING_KINDS[r.kind][2]} for r in rings],
        "benign_groups": [{"group_id": g, "cohort": c, "size": sum(1 for a in W.acc if a["group"] == g)}
                          for g, c in W.groups.items()],
        "benign_cohort_notes": {k: {"behaviour": v[0], "why_it_looks_like_a_ring": v[1]} for k, v in BENIGN_WHY.items()},
        "reference_data": {"root": "$GRAPHHUNT_SHARED_DATA", "files": W.ref.sha},
        "generation_seconds": round(time.time() - t_start, 2),
    }
    (out / "world.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    return meta


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.003)
    ap.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], default="small")
    ap.add_argument("--days", type=int, default=DEFAULT_DAYS)
    ap.add_argument("--minimal", action="store_true")
    ap.add_argument("--out", required=True)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.accounts < 100 or args.days < 3 or not 0 <= args.ring_share <= .5:
        ap.error("--accounts >= 100, --days >= 3, 0 <= --ring-share <= 0.5")
    meta = build(args)
    if not args.quiet:
        c = meta["counts"]
        print(f"world24: {c['accounts']} accounts, {c['events']} events, {c['ring_accounts']} ring accounts in "
              f"{c['rings']} rings, {c['benign_group_accounts']} benign accounts in groups, "
              f"{meta['generation_seconds']} s -> {args.out}")


if __name__ == "__main__":
    main()
