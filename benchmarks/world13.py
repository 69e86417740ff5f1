#!/usr/bin/env python3
"""world13: an independent synthetic world of an LLM API platform, for testing ring detectors.

Written from the README's input contract and the shared reference data only, without reading the
detector (see docs/WORLD13.md). Thirty days (2026-05-04 .. 2026-06-02 UTC) of API requests of N accounts
on a platform that refuses, and does not log, requests beyond 1,200 per account and UTC day. Most
accounts are benign, many of them in groups that share networks, cards, templates, clients, sign-up
days or schedules for innocent reasons (offices, carriers, campuses, households, VPNs, heavy apps, CI
runners, hosted-notebook tutorials, no-code automation workers, franchise tools, remote teams on one
corporate card, school districts, personal/work account pairs, news-digest bots, shared web hosting,
accelerator credits). A minority are "distillation" rings of eight kinds, each with its own evasions
and its own remaining coordinated trace. Everything is drawn from one ``numpy.random.Generator``
seeded by ``--seed``; loops run over lists in a fixed order, so the same command writes
byte-identical files.

    python benchmarks/world13.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR

writes DIR/events.parquet, DIR/accounts.csv, DIR/truth.csv and DIR/world.json. The shared data is read at
run time from $WORLD13_SHARED_DATA (default /work/shared/data) and never copied.
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

DAYS = 30
DAY = 86400
T0 = int(pd.Timestamp("2026-05-04T00:00:00Z").timestamp())  # a Monday
T_END = T0 + DAYS * DAY
DOW = np.arange(DAYS) % 7  # 0 = Monday
LIMIT = 1200  # requests per account and UTC day; beyond it the platform answers 429 and logs nothing
MODELS = ["nimbus-2-lite", "nimbus-2", "nimbus-2-pro", "nimbus-2-reason", "nimbus-2-code"]
M_CHAT = [0.35, 0.42, 0.13, 0.06, 0.04]
M_DEV = [0.22, 0.33, 0.1, 0.07, 0.28]
M_CHEAP = [0.82, 0.14, 0.02, 0.01, 0.01]
M_REASON = [0.02, 0.08, 0.22, 0.65, 0.03]
M_CODE = [0.04, 0.12, 0.1, 0.12, 0.62]
M_PRO = [0.05, 0.25, 0.45, 0.2, 0.05]

# country: weight, UTC offsets in May, fixed-line ISP ASNs, mobile ASNs, consumer mail domains
COUNTRIES = {
    "US": (0.28, [-4, -5, -6, -7], [7922, 7018, 20115, 701, 22773], [21928, 22394, 20057],
           ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com", "proton.me"]),
    "IN": (0.09, [5.5], [24560, 9829], [55836, 45609], ["gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"]),
    "GB": (0.06, [1], [2856, 5089, 5607], [12576, 25135], ["gmail.com", "hotmail.co.uk", "outlook.com", "btinternet.com"]),
    "DE": (0.06, [2], [3320, 3209], [3209, 6805], ["gmail.com", "gmx.de", "web.de", "t-online.de"]),
    "FR": (0.04, [2], [3215, 12322, 15557], [51207, 15557], ["gmail.com", "orange.fr", "free.fr", "hotmail.fr"]),
    "JP": (0.04, [9], [4713, 2516, 17676], [2516, 17676], ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"]),
    "BR": (0.05, [-3], [28573, 18881], [26599, 28573], ["gmail.com", "hotmail.com", "uol.com.br", "bol.com.br"]),
    "CN": (0.03, [8], [4134, 4837], [9808], ["qq.com", "163.com", "126.com", "gmail.com"]),
    "KR": (0.03, [9], [4766, 9318], [4766, 17858], ["naver.com", "daum.net", "gmail.com"]),
    "CA": (0.04, [-4, -7], [812, 577], [812, 577], ["gmail.com", "outlook.com", "yahoo.ca"]),
    "ES": (0.03, [2], [3352], [3352], ["gmail.com", "hotmail.es", "yahoo.es"]),
    "PL": (0.02, [2], [5617], [5617], ["gmail.com", "wp.pl", "onet.pl"]),
    "NL": (0.02, [2], [1136], [1136], ["gmail.com", "ziggo.nl", "outlook.com"]),
    "AU": (0.03, [10], [1221], [1221], ["gmail.com", "bigpond.com", "outlook.com"]),
    "VN": (0.02, [7], [7552], [7552], ["gmail.com", "yahoo.com.vn"]),
    "ID": (0.03, [7], [7713], [23693], ["gmail.com", "yahoo.co.id"]),
    "MX": (0.03, [-6], [8151], [8151], ["gmail.com", "hotmail.com", "outlook.com"]),
    "NG": (0.02, [1], [29465], [29465], ["gmail.com", "yahoo.com"]),
    "TR": (0.02, [3], [9121], [9121], ["gmail.com", "hotmail.com", "yandex.com.tr"]),
    "SG": (0.02, [8], [9506], [9506], ["gmail.com", "outlook.com", "singnet.com.sg"]),
    "PH": (0.02, [8], [4775], [132199, 4775], ["gmail.com", "yahoo.com"]),
    "RU": (0.02, [3], [12389, 8359], [8359], ["mail.ru", "yandex.ru", "gmail.com"]),
}
CC = list(COUNTRIES)
CC_W = np.array([COUNTRIES[c][0] for c in CC])
CC_W = CC_W / CC_W.sum()

# local-hour activity profiles (24 weights)
PROFILES = {
    "work": np.array([.2, .1, .1, .1, .1, .2, .5, 1.5, 4, 7, 8, 7.5, 5, 6.5, 7.5, 7, 6, 4, 2.5, 2, 2, 1.5, 1, .5]),
    "evening": np.array([1.5, .8, .3, .2, .1, .2, .6, 1.5, 2, 2, 2, 2.5, 3, 2.5, 2, 2, 2.5, 3.5, 5, 6.5, 7, 6.5, 5, 3]),
    "student": np.array([3, 2, 1, .4, .2, .2, .3, .8, 2, 3.5, 4.5, 5, 4.5, 5, 5.5, 5.5, 5, 4.5, 4.5, 5, 5.5, 6, 5.5, 4.5]),
    "mixed": np.array([.8, .4, .2, .2, .2, .4, 1, 2.5, 4, 5, 5.5, 5.5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4.5, 3.5, 2]),
    "school": np.array([0, 0, 0, 0, 0, .2, 1, 5, 7, 6, 5, 5, 6, 6, 5, 4, 2, 1, .8, 1.5, 2, 1.2, .4, 0]),
    "flat": np.ones(24),
    "global": np.array([3, 2.8, 2.6, 2.6, 2.8, 3, 3.3, 3.6, 4, 4.2, 4.3, 4.3, 4.4, 4.6, 4.8, 5, 5, 4.9, 4.6, 4.3, 4, 3.7, 3.4, 3.2]),
}

# ------------------------------------------------------------------------------------------------ text banks
NAMES = ["Ana", "Bilal", "Chen", "Dara", "Emeka", "Farah", "Gustavo", "Hana", "Ivan", "Jamal", "Keiko", "Liam",
         "Mei", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Victor", "Wen", "Ximena",
         "Yusuf", "Zoe", "Aarav", "Ines", "Kofi", "Lena"]
OBJS = ["apples", "stickers", "notebooks", "marbles", "tickets", "cupcakes", "bolts", "tiles", "coins", "books",
        "pencils", "seedlings", "batteries", "jars", "bottles"]
LANGS = ["Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C#", "Kotlin", "Ruby", "C++", "Swift", "PHP"]
HUMAN_LANGS = ["French", "German", "Spanish", "Japanese", "Portuguese", "Italian", "Korean", "Turkish", "Polish",
               "Vietnamese", "Indonesian", "Dutch", "Hindi", "Arabic"]
TOPICS = ["binary search trees", "the French revolution", "photosynthesis", "compound interest", "Kubernetes ingress",
          "React hooks", "the Krebs cycle", "supply and demand", "TCP congestion control", "the Roman empire",
          "black holes", "vaccines", "inflation", "gradient descent", "plate tectonics", "the stock market",
          "OAuth 2.0", "CRISPR", "the water cycle", "Bayes' theorem", "quantum entanglement", "microservices",
          "climate change", "the printing press", "Docker volumes", "SQL joins", "Git rebasing", "sleep cycles",
          "protein folding", "game theory", "the Silk Road", "electric cars", "public key cryptography"]
TASKS = ["parse a CSV file", "retry HTTP requests with exponential backoff", "debounce a function",
         "read environment variables safely", "merge two sorted lists", "validate an email address",
         "paginate an API", "upload a file to S3", "hash a password", "stream a large file line by line",
         "format dates in ISO 8601", "deduplicate a list while keeping order", "parse JSON with a schema",
         "cache results with an LRU", "send an email with attachments", "resize images in bulk",
         "write unit tests for a REST handler", "connect to Postgres with a pool", "convert XML to JSON",
         "schedule a job every night"]
THINGS = ["a birthday party", "a team offsite", "a science fair project", "a podcast episode", "a blog post",
          "a startup name", "a weekend trip", "a fantasy novel", "a workout plan", "a marketing campaign",
          "a vegetarian dinner", "a kids' game", "a newsletter", "a wedding toast", "a YouTube channel"]
WHO = ["landlord", "manager", "team", "professor", "customer", "neighbour", "recruiter", "bank", "school",
       "doctor's office", "supplier", "colleague"]
ERRS = ["TypeError: 'NoneType' object is not subscriptable", "undefined is not a function",
        "segmentation fault (core dumped)", "ModuleNotFoundError: No module named 'numpy'",
        "CORS policy: No 'Access-Control-Allow-Origin' header", "panic: runtime error: index out of range",
        "NullPointerException at line 42", "KeyError: 'id'", "ECONNREFUSED 127.0.0.1:5432",
        "error[E0382]: borrow of moved value"]
SENT_S = ["The committee", "My grandmother", "The new manager", "Our neighbours", "The city council", "The engineer",
          "A small startup", "The museum", "The football team", "Every student", "The hospital", "The old bakery"]
SENT_V = ["announced", "postponed", "celebrated", "rejected", "renovated", "described", "questioned", "organised",
          "sold", "recommended", "repaired", "ignored"]
SENT_O = ["the annual festival", "a controversial plan", "the broken bridge", "their first product",
          "a surprising discovery", "the quarterly budget", "a long-awaited concert", "the summer schedule",
          "a new recycling policy", "the river cleanup", "an ambitious exhibition", "the evening classes"]
SENT_T = ["last week", "after a long debate", "despite the rain", "in front of reporters", "without warning",
          "for the third time", "with great enthusiasm", "before the holidays", "on Tuesday morning",
          "to everyone's surprise"]
SYMPT = ["fever", "productive cough", "chest pain", "shortness of breath", "headache", "nausea", "fatigue",
         "joint pain", "abdominal pain", "dizziness", "rash", "night sweats", "weight loss", "palpitations",
         "blurred vision", "back pain", "sore throat", "diarrhoea"]
TABLES = [("orders", "id, customer_id, total, created_at, status"), ("employees", "id, name, dept_id, salary, hired_on"),
          ("rides", "id, driver_id, rider_id, fare, distance_km, started_at"),
          ("invoices", "id, account_id, amount, due_date, paid_at"), ("sensors", "id, site, reading, ts"),
          ("tickets", "id, agent_id, priority, opened_at, closed_at"), ("listings", "id, city, price, bedrooms, posted_at"),
          ("students", "id, cohort, score, enrolled_on"), ("shipments", "id, warehouse, weight_kg, shipped_at, eta")]
SQL_GOALS = ["the top {k} rows by total per month", "the running total per day", "the median value per group",
             "rows with no match in the other table", "the 7-day moving average", "duplicates by two columns",
             "the second highest value per group", "the share of each status in the last {k} days",
             "the first and last event per id", "gaps longer than {k} days between consecutive rows"]
VERBS = ["compute", "parse", "merge", "validate", "normalize", "compress", "rank", "split", "encode", "flatten",
         "schedule", "interpolate", "tokenize", "balance", "reconcile", "sample"]
NOUNS = ["intervals", "invoices", "graph", "matrix", "timestamps", "tokens", "records", "histogram", "tree",
         "queue", "polygon", "ledger", "heap", "trie", "spans", "events"]
CODE_TASKS = ["returns the {k} largest elements of a stream in O(n log {k})",
              "merges overlapping intervals and returns them sorted",
              "detects a cycle in a directed graph with {k} node types",
              "computes the edit distance between two strings with a band of {k}",
              "implements a rate limiter allowing {k} calls per second",
              "parses a duration like '1h{k}m' into seconds",
              "finds the longest substring with at most {k} distinct characters",
              "serialises a binary tree and reads it back",
              "splits a list into {k} chunks of nearly equal size",
              "evaluates an arithmetic expression with + - * / and parentheses",
              "computes the k-th ({k}) smallest element of two sorted arrays",
              "implements an LRU cache with capacity {k}"]

COT = ["Think step by step and show your reasoning before giving the final answer.",
       "Explain your reasoning in detail, then give the final answer on the last line as 'Answer: <x>'.",
       "Let's work this out step by step.",
       "Write out every intermediate step, then the result.",
       "Show your full chain of thought inside <thinking> tags, then give the answer.",
       "First reason in a scratchpad, then write the final answer.",
       "Walk through the solution the way a tutor would, one step at a time.",
       "Before answering, list the facts you need and how they combine.",
       "Razona paso a paso y luego da la respuesta final.",
       "Denke Schritt für Schritt nach und erkläre jeden Schritt.",
       "Réfléchis étape par étape avant de répondre.",
       "请一步一步地思考，并给出最终答案。",
       "ステップバイステップで考えてから答えてください。",
       "Pense passo a passo e mostre o raciocínio.",
       "Decompose the problem into sub-problems and solve each before answering.",
       "Give a detailed rationale for every step, then the final answer."]

INSTR = {
    "math": ["Solve the following problem.", "Work out the answer to this word problem.", "Here's a math question:",
             "Please solve:", "Problem:", "Can you help me with this one?", "Find the answer.", "Homework question:",
             "Calculate the result for the problem below.", "Solve this and check your work.",
             "I'm stuck on this exercise:", "Quick question from my workbook:"],
    "code": ["Implement the following.", "Write code for this task:", "Task:", "I need a function:",
             "Please write production-quality code:", "Coding exercise:", "Can you implement this?",
             "Write a clean, tested implementation:", "Help me write this function:", "Spec:"],
    "sql": ["Write a SQL query.", "SQL task:", "Given the schema below, write the query.", "Need a Postgres query:",
            "Help me with this query:", "Write an efficient query for:", "Database question:"],
    "med": ["Clinical vignette:", "Case:", "Medical question:", "USMLE-style case:", "Please analyse this case:",
            "Patient case for review:", "Consider the following presentation:"],
    "trans": ["Translate the text below.", "Translation task:", "Please translate:", "Render this in the target language:",
              "Translate and keep the tone:", "I need a translation:"],
    "codetrans": ["Convert this code.", "Port the snippet below.", "Translate this code to another language:",
                  "Rewrite this in the target language:", "Migration task:"],
    "qa": ["Answer the question about the passage.", "Read and answer:", "Reading comprehension:",
           "Use the passage to answer:", "Question about the text below:", "Answer based only on the passage:"],
}
PREFIX = ["", "", "", "Hi! ", "Hello, ", "Please help. ", "Quick one: ", "Hey - ", "Thanks in advance. ", "[task] ",
          "Note: be precise. ", "Context: practice set. "]


def _pick(rng, seq, n):
    return [seq[i] for i in rng.integers(0, len(seq), n).tolist()]


def sentences(rng, n, k=3):
    out = []
    s, v, o, t = (rng.integers(0, len(b), (n, k)).tolist() for b in (SENT_S, SENT_V, SENT_O, SENT_T))
    num = rng.integers(2, 900, (n, k)).tolist()
    for i in range(n):
        out.append(" ".join(f"{SENT_S[s[i][j]]} {SENT_V[v[i][j]]} {SENT_O[o[i][j]]} {SENT_T[t[i][j]]}"
                            + (f", with {num[i][j]} people involved." if j % 2 else ".") for j in range(k)))
    return out


def items(rng, fam, n):
    """n task items of a narrow capability; random numbers and names make nearly every item unique."""
    if n == 0:
        return []
    r = rng.integers(2, 99, (n, 6)).tolist()
    f = rng.integers(0, 5, n).tolist()
    a1 = rng.integers(0, 1000, (n, 4)).tolist()
    out = []
    if fam == "math":
        for i in range(n):
            a, b, c, d, p, y = r[i]
            nm, ob = NAMES[a1[i][0] % len(NAMES)], OBJS[a1[i][1] % len(OBJS)]
            out.append([
                f"{nm} buys {a} packs of {ob} with {b} {ob} in each pack and gives {c} {ob} to a friend. How many {ob} does {nm} have left?",
                f"A train travels {a * 3} km at {b + 20} km/h and then {c * 2} km at {d + 30} km/h. What is its average speed for the whole trip?",
                f"{nm} invests ${a}00 at {p % 9 + 1}.{y % 10}% annual interest compounded yearly. What is it worth after {y % 15 + 2} years?",
                f"A rectangle has a perimeter of {2 * (a + b) + 2 * c} cm and its length is {c} cm more than its width. What is its area?",
                f"In a class of {a + 20} students, {p % 60 + 20}% play chess and {c % 10 + 1} of those also play go. How many play chess but not go?",
            ][f[i]])
    elif fam == "code":
        for i in range(n):
            fn = f"{VERBS[a1[i][0] % len(VERBS)]}_{NOUNS[a1[i][1] % len(NOUNS)]}"
            task = CODE_TASKS[a1[i][2] % len(CODE_TASKS)].format(k=r[i][0])
            out.append(f"Write a {LANGS[a1[i][3] % len(LANGS)]} function `{fn}` that {task}. "
                       f"Handle inputs of up to {r[i][1] * 1000} items and include {r[i][2] % 5 + 2} test cases.")
    elif fam == "sql":
        for i in range(n):
            tb, cols = TABLES[a1[i][0] % len(TABLES)]
            g = SQL_GOALS[a1[i][1] % len(SQL_GOALS)].format(k=r[i][0] % 20 + 2)
            out.append(f"Table {tb}({cols}). Return {g}, only for rows after 2025-{r[i][1] % 12 + 1:02d}-{r[i][2] % 28 + 1:02d}"
                       f" where the id is not in a list of {r[i][3]} excluded ids.")
    elif fam == "med":
        for i in range(n):
            s = [SYMPT[(a1[i][j] + 7 * j) % len(SYMPT)] for j in range(3)]
            out.append(f"A {r[i][0] % 70 + 18}-year-old {'woman' if a1[i][3] % 2 else 'man'} presents with {s[0]}, {s[1]} "
                       f"and {s[2]} for {r[i][1] % 20 + 1} days. BP {100 + r[i][2]}/{50 + r[i][3] % 45}, HR {55 + r[i][4]}, "
                       f"temperature {36 + (r[i][5] % 30) / 10:.1f} C. What is the most likely diagnosis and the next step?")
    elif fam == "trans":
        ss = sentences(rng, n, 2)
        for i in range(n):
            out.append(f"Target language: {HUMAN_LANGS[a1[i][0] % len(HUMAN_LANGS)]}.\n{ss[i]}")
    elif fam == "codetrans":
        for i in range(n):
            l1, l2 = LANGS[a1[i][0] % len(LANGS)], LANGS[(a1[i][0] + 1 + a1[i][1] % 5) % len(LANGS)]
            v1, v2 = NOUNS[a1[i][2] % len(NOUNS)], VERBS[a1[i][3] % len(VERBS)]
            out.append(f"From {l1} to {l2}:\n"
                       f"def {v2}_{v1}(xs, k={r[i][0]}):\n    acc = []\n    for x in xs:\n"
                       f"        if x % {r[i][1] % 9 + 2} == {r[i][2] % 3}:\n            acc.append(x * {r[i][3]})\n"
                       f"    return sorted(acc)[:k]")
    elif fam == "qa":
        ss = sentences(rng, n, 3)
        for i in range(n):
            out.append(ss[i])
    else:
        raise ValueError(fam)
    return out


# ----------------------------------------------------------------------------------------------- shared data
def _cidrs(path: Path) -> np.ndarray:
    rows = []
    for line in open(path, encoding="utf-8"):
        line = line.split("#")[0].strip()
        if "/" not in line or ":" in line:
            continue
        net, plen = line.split("/")
        a = [int(x) for x in net.split(".")]
        rows.append(((a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3], int(plen)))
    arr = np.array(rows, np.int64).reshape(-1, 2)
    ok = (arr[:, 1] <= 24) & (arr[:, 1] >= 8)
    return arr[ok] if ok.any() else arr


class Shared:
    def __init__(self, root: Path):
        df = pd.read_csv(root / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str, keep_default_na=False)
        df = df[(df["prompt"].str.len() > 30) & (df["prompt"].str.len() < 6000)]
        self.awesome = [p.strip() for p in df["prompt"]]
        acts = list(df["act"])
        self.teacher = [p for a, p in zip(acts, self.awesome) if re.search(r"teach|tutor|educat|instructor", a, re.I)]
        self.dev = [p for p, d in zip(self.awesome, df["for_devs"]) if d.upper() == "TRUE"]

        class Lo(yaml.CSafeLoader):
            pass
        Lo.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_mapping(node, deep=True))
        base = root / "prompts" / "promptsource-templates"
        self.templates = []  # (dataset, name, skeleton with \x00 slots)
        for f in sorted(glob.glob(str(base / "**" / "templates.yaml"), recursive=True)):
            ds = str(Path(f).parent.relative_to(base))
            with open(f, encoding="utf-8") as fh:
                d = yaml.load(fh, Loader=Lo) or {}
            tpls = d.get("templates") or {}
            for tid in sorted(tpls):
                j = (tpls[tid] or {}).get("jinja") or ""
                sk = self._skeleton(j)
                if sk:
                    self.templates.append((ds, str(tpls[tid].get("name", tid)), sk))
        self.by_ds = {}
        for i, (ds, _, _) in enumerate(self.templates):
            self.by_ds.setdefault(ds, []).append(i)
        self.datasets = list(self.by_ds)
        # IPv4 prefixes by ASN
        asn = {}
        with gzip.open(root / "ip" / "pyasn" / "ipasn_20140513.dat.gz", "rt") as fh:
            for line in fh:
                if line[0] == ";":
                    continue
                p, a = line.rstrip("\n").split("\t")
                net, plen = p.split("/")
                plen = int(plen)
                if plen > 24 or plen < 8:
                    continue
                o = net.split(".")
                asn.setdefault(int(a), []).append(((int(o[0]) << 24) | (int(o[1]) << 16) | (int(o[2]) << 8) | int(o[3]), plen))
        with gzip.open(root / "ip" / "pyasn" / "asnames.json.gz", "rt") as fh:
            names = json.load(fh)
        self.asn = {a: np.array(v, np.int64) for a, v in asn.items()}
        self.unis = []  # (asn, name, country)
        for a in sorted(self.asn):
            nm = names.get(str(a), "")
            m = re.match(r"^([A-Z0-9-]+) - (.*Universit[^,]*), (US|CA|AU|GB)$", nm)
            if m and len(self.asn[a]) >= 2:
                self.unis.append((a, m.group(1).split("-")[0].lower(), m.group(2), m.group(3)))
        self.vpn = _cidrs(root / "ip" / "vpn" / "x4b_vpn_ipv4.txt")
        self.dc = _cidrs(root / "ip" / "vpn" / "x4b_datacenter_ipv4.txt")
        self.cloud = {p: _cidrs(root / "ip" / "cloud" / p / "ipv4_merged.txt")
                      for p in ("amazon", "google", "microsoft", "digitalocean", "linode", "oracle", "github")}


def skel_text(sk: str, fills: list[str]) -> str:
    parts = sk.split("\x00")
    out = [parts[0]]
    for i, p in enumerate(parts[1:]):
        out.append(fills[min(i, len(fills) - 1)])
        out.append(p)
    return "".join(out)


def _skeleton_impl(j: str):
    j = j.split("|||")[0]
    j = re.sub(r'\{\{\s*"([^"{}]*)"\s*\}\}', r"\1", j)
    j = re.sub(r"\{%.*?%\}", "", j, flags=re.S)
    j = re.sub(r"\{\{.*?\}\}", "\x00", j, flags=re.S)
    j = re.sub(r"[ \t]+", " ", j).strip()
    j = re.sub(r"\n{3,}", "\n\n", j)
    if "\x00" not in j or len(j.replace("\x00", "").strip()) < 25 or "{" in j:
        return None
    return j


Shared._skeleton = staticmethod(_skeleton_impl)


def ip2s(a) -> list[str]:
    return [f"{x >> 24}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}" for x in np.asarray(a, np.int64).tolist()]


def pack(lists):
    ln = np.array([len(x) for x in lists], np.int64)
    off = np.concatenate([[0], np.cumsum(ln)[:-1]]).astype(np.int64)
    flat = np.concatenate([np.asarray(x, np.int64) for x in lists]) if lists else np.zeros(0, np.int64)
    return flat, off, ln


# ------------------------------------------------------------------------------------------------------ world
class World:
    def __init__(self, rng: np.random.Generator, S: Shared):
        self.rng, self.S = rng, S
        self.A = {k: [] for k in ("cohort", "variant", "group", "ring", "created", "card", "domain", "country", "org",
                                  "tz", "ua0", "ua1")}
        self.ip_of, self.ip_list = {}, []
        self.ua_of, self.ua_list = {}, []
        self.prompts: list[str] = []
        self.ev = []
        self.groups, self.rings, self.cohort_info = {}, [], {}
        self.used_domains = set()
        self.v6 = {}
        self.carrier_pool = {}
        self._gid = {}
        self.cloud_regions = {}
        for prov in ("amazon", "google", "microsoft"):
            self.cloud_regions[prov] = [self.blocks(S.cloud[prov], int(rng.integers(6, 14))) for _ in range(4)]
        self.popular = rng.permutation(len(S.awesome))  # popularity rank of the public prompt list
        self.smoke = self.pr([
            "Say 'pong'.", "Reply with the JSON {\"ok\": true} and nothing else.", "What is 2+2? Answer with a number only.",
            "Write a haiku about unit tests.", "Return the word 'ready' in lowercase.", "Translate 'hello' to French.",
            "List three primary colours as a JSON array.", "Respond with an empty string.",
            "Summarize: The quick brown fox jumps over the lazy dog.", "Count the letters in 'integration'.",
            "Is this sentence positive or negative? 'I love this library.'", "Echo back: test-123"])

    # ---- registries
    def ipi(self, strs) -> np.ndarray:
        out = np.empty(len(strs), np.int64)
        d, lst = self.ip_of, self.ip_list
        for i, s in enumerate(strs):
            k = d.get(s)
            if k is None:
                k = d[s] = len(lst)
                lst.append(s)
            out[i] = k
        return out

    def ua(self, s: str) -> int:
        k = self.ua_of.get(s)
        if k is None:
            k = self.ua_of[s] = len(self.ua_list)
            self.ua_list.append(s)
        return k

    def pr(self, strs) -> np.ndarray:
        a = len(self.prompts)
        self.prompts.extend(strs)
        return np.arange(a, len(self.prompts), dtype=np.int64)

    def gid(self, prefix: str) -> str:
        self._gid[prefix] = self._gid.get(prefix, 0) + 1
        return f"{prefix}-{self._gid[prefix]:04d}"

    # ---- attribute factories
    def tokens(self, n, k=16):
        al = "abcdefghjkmnpqrstuvwxyz23456789"
        m = self.rng.integers(0, len(al), (n, k))
        return ["".join(al[j] for j in row) for row in m.tolist()]

    def cards(self, n):
        return ["pm_" + t for t in self.tokens(n, 18)]

    def company_domain(self, tld=None):
        rng = self.rng
        adj = ["bright", "north", "blue", "silver", "quantum", "green", "rapid", "clear", "true", "iron", "open", "deep",
               "swift", "red", "cedar", "maple", "lumen", "nova", "terra", "pixel", "amber", "polar", "solid", "kind"]
        noun = ["leaf", "grid", "stack", "loop", "forge", "harbor", "works", "labs", "field", "signal", "bridge", "craft",
                "path", "point", "wave", "mind", "cloud", "line", "root", "peak", "yard", "nest", "metrics", "ledger"]
        tlds = [".com", ".com", ".com", ".io", ".co", ".ai", ".de", ".co.uk", ".fr", ".in", ".net", ".app", ".dev",
                ".com.br", ".nl", ".es"]
        while True:
            d = adj[rng.integers(len(adj))] + ("-" if rng.random() < 0.3 else "") + noun[rng.integers(len(noun))]
            if rng.random() < 0.25:
                d += str(int(rng.integers(2, 99)))
            d += tld or tlds[rng.integers(len(tlds))]
            if d not in self.used_domains:
                self.used_domains.add(d)
                return d

    def consumer_domain(self, cc):
        doms = COUNTRIES[cc][4]
        w = 0.55 ** np.arange(len(doms))
        return doms[self.rng.choice(len(doms), p=w / w.sum())]

    def countries(self, n):
        return [CC[i] for i in self.rng.choice(len(CC), n, p=CC_W).tolist()]

    def tz_of(self, ccs):
        return np.array([COUNTRIES[c][1][self.rng.integers(len(COUNTRIES[c][1]))] for c in ccs], float)

    def blocks(self, prefixes: np.ndarray, n: int) -> np.ndarray:
        """n random /24 network bases inside the given prefixes."""
        rng = self.rng
        i = rng.integers(0, len(prefixes), n)
        net, plen = prefixes[i, 0], prefixes[i, 1]
        span = 1 << np.maximum(24 - plen, 0)
        return net + ((rng.random(n) * span).astype(np.int64) << 8)

    def hosts(self, bases: np.ndarray, n: int) -> np.ndarray:
        b = bases[self.rng.integers(0, len(bases), n)]
        return b + self.rng.integers(2, 254, n)

    def isp_prefixes(self, cc, mobile=False):
        asns = COUNTRIES[cc][3 if mobile else 2]
        arr = [self.S.asn[a] for a in asns if a in self.S.asn]
        return np.concatenate(arr) if arr else self.S.dc

    def home_ips(self, ccs, k):
        """k successive dynamic addresses per account (a residential line), as (A, k) ip indices."""
        out = np.empty((len(ccs), k), np.int64)
        for cc in sorted(set(ccs)):
            idx = np.array([i for i, c in enumerate(ccs) if c == cc])
            b = self.blocks(self.isp_prefixes(cc), len(idx) * k)
            out[idx] = self.ipi(ip2s(b + self.rng.integers(2, 254, len(b)))).reshape(len(idx), k)
        return out

    def carrier(self, cc, j=None):
        """a mobile carrier's CGNAT pool (shared by everyone on that carrier in this world)."""
        asns = [a for a in COUNTRIES[cc][3] if a in self.S.asn]
        a = asns[0 if j is None else j % len(asns)] if asns else 0
        key = (cc, a)
        if key not in self.carrier_pool:
            pref = self.S.asn.get(a, self.S.dc)
            b = self.blocks(pref, int(self.rng.integers(1, 3)))
            self.carrier_pool[key] = np.unique(self.ipi(ip2s(self.hosts(b, int(self.rng.integers(16, 64))))))
        return self.carrier_pool[key]

    def v6_prefix(self, key):
        if key not in self.v6:
            r = self.rng.integers(0, 65536, 2)
            self.v6[key] = f"{0x2400 + int(r[0]) % 0x0c00:x}:{int(r[1]):x}"
        return self.v6[key]

    def v6_addrs(self, key, n, site=None):
        r = self.rng.integers(0, 65536, (n, 6))
        p = self.v6_prefix(key)
        if site is None:
            return [f"{p}:{a:x}:{b:x}:{c:x}:{d:x}:{e:x}:{f:x}" for a, b, c, d, e, f in r.tolist()]
        return [f"{p}:{site}:{c:x}:{d:x}:{e:x}:{f:x}" for a, b, c, d, e, f in r.tolist()]

    def ua_pool(self, kind, n):
        """n user agents of a kind, versions drawn per account (clients update at different times)."""
        rng = self.rng
        if kind == "dev":
            c = ["nimbus-python/2.{a}.{b}", "nimbus-node/1.{c}.{b}", "python-requests/2.32.{b}", "python-httpx/0.27.{b}",
                 "curl/8.{c}.0", "axios/1.7.{c}", "Go-http-client/2.0", "langchain-nimbus/0.3.{c}", "okhttp/4.12.0"]
            w = np.array([30, 18, 12, 8, 6, 6, 5, 10, 2], float)
        elif kind == "browser":
            c = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13{b}.0.0.0 Safari/537.36",
                 "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{b} Safari/605.1.15",
                 "Mozilla/5.0 (X11; Linux x86_64; rv:13{c}.0) Gecko/20100101 Firefox/13{c}.0",
                 "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13{b}.0.0.0 Safari/537.36 Edg/13{b}.0.0.0"]
            w = np.array([45, 25, 10, 20], float)
        elif kind == "mobile":
            c = ["NimbusChat/5.{a}.{b} (iPhone; iOS 18.{b})", "NimbusChat/5.{a}.{b} (Android 14; Pixel {c})",
                 "NimbusChat/5.{a}.{b} (Android 13; SM-S91{c}B)",
                 "Mozilla/5.0 (iPhone; CPU iPhone OS 18_{b} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{b} Mobile/15E148 Safari/604.1"]
            w = np.array([40, 25, 20, 15], float)
        else:
            raise ValueError(kind)
        k = rng.choice(len(c), n, p=w / w.sum()).tolist()
        v = rng.integers(0, 10, (n, 3)).tolist()
        return [self.ua(c[i].format(a=x[0] % 6, b=x[1] % 5, c=5 + x[2] % 5)) for i, x in zip(k, v)]

    def add(self, n, cohort, variant, group, ring, created, card, domain, country, org, tz, ua0, ua1=None):
        a0 = len(self.A["cohort"])

        def L(x):
            if isinstance(x, (list, np.ndarray)):
                assert len(x) == n, (cohort, len(x), n)
                return list(x.tolist() if isinstance(x, np.ndarray) else x)
            return [x] * n
        ua0 = L(ua0)
        ua1 = L(ua1) if ua1 is not None else ua0
        for k, v in (("cohort", cohort), ("variant", variant), ("group", group), ("ring", ring), ("created", created),
                     ("card", card), ("domain", domain), ("country", country), ("org", org), ("tz", tz),
                     ("ua0", ua0), ("ua1", ua1)):
            self.A[k].extend(L(v) if k not in ("ua0", "ua1") else v)
        return np.arange(a0, a0 + n)

    def created_hist(self, n, recent=0.0):
        """sign-up times of established accounts (2023 .. the window), a share `recent` inside the first 3 weeks."""
        rng = self.rng
        t = T0 - np.minimum(rng.exponential(260 * DAY, n), 1200 * DAY).astype(np.int64) - rng.integers(0, DAY, n)
        new = rng.random(n) < recent
        t[new] = T0 + rng.integers(0, 21 * DAY, int(new.sum()))
        return t

    # ---- time generators; each returns (local account index, t, session id, n sessions, day)
    def human(self, n, rate, p_act, tz, profile="mixed", weekend=0.5, d0=None, d1=None, slen=(8, 60), max_sess=3,
              per_sess=12.0, dayw=None):
        rng = self.rng
        rate = np.broadcast_to(np.asarray(rate, float), (n,))
        p_act = np.broadcast_to(np.asarray(p_act, float), (n,))
        weekend = np.broadcast_to(np.asarray(weekend, float), (n,))
        p = p_act[:, None] * np.where(DOW[None, :] >= 5, weekend[:, None], 1.0)
        act = rng.random((n, DAYS)) < p
        dd = np.arange(DAYS)[None, :]
        if d0 is not None:
            act &= dd >= np.asarray(d0)[:, None]
        if d1 is not None:
            act &= dd < np.asarray(d1)[:, None]
        lam = rate[:, None] * rng.gamma(2.0, 0.5, (n, DAYS))
        if dayw is not None:
            lam = lam * dayw
        cnt = rng.poisson(lam) * act
        ai, di = np.nonzero(cnt)
        c = cnt[ai, di]
        nc = len(c)
        ns = 1 + np.minimum(rng.poisson(c / per_sess), max_sess - 1)
        pr = PROFILES[profile] if isinstance(profile, str) else profile
        cdf = np.cumsum(pr) / pr.sum()
        hrs = np.minimum(np.searchsorted(cdf, rng.random((nc, max_sess)), side="right"), 23)
        st = hrs * 3600 + rng.integers(0, 3600, (nc, max_sess))
        sl = rng.uniform(slen[0], slen[1], nc) * 60
        ec = np.repeat(np.arange(nc), c)
        s = (rng.random(len(ec)) * ns[ec]).astype(np.int64)
        off = rng.random(len(ec)) * sl[ec]
        tzs = np.broadcast_to(np.asarray(tz, float), (n,))
        t = T0 + di[ec] * DAY + st[ec, s] + off - tzs[ai[ec]] * 3600
        return ai[ec], t.astype(np.int64), ec * max_sess + s, nc * max_sess, di[ec]

    def machine(self, n, rate, profile="flat", tz=0.0, p_act=1.0, d0=None, d1=None, burst=1):
        """server traffic: Poisson counts per day, hours drawn from a profile, one session per hour.
        burst > 1 sends requests in back-to-back runs of about that length (pipelines)."""
        rng = self.rng
        rate = np.broadcast_to(np.asarray(rate, float), (n,))
        act = rng.random((n, DAYS)) < np.broadcast_to(np.asarray(p_act, float), (n,))[:, None]
        dd = np.arange(DAYS)[None, :]
        if d0 is not None:
            act &= dd >= np.asarray(d0)[:, None]
        if d1 is not None:
            act &= dd < np.asarray(d1)[:, None]
        cnt = rng.poisson(rate[:, None] * rng.gamma(8.0, 0.125, (n, DAYS)) / burst) * act
        ai, di = np.nonzero(cnt)
        c = cnt[ai, di]
        ec = np.repeat(np.arange(len(c)), c)
        pr = PROFILES[profile] if isinstance(profile, str) else profile
        cdf = np.cumsum(pr) / pr.sum()
        hr = np.minimum(np.searchsorted(cdf, rng.random(len(ec)), side="right"), 23)
        tzs = np.broadcast_to(np.asarray(tz, float), (n,))
        t = T0 + di[ec] * DAY + hr * 3600 + rng.integers(0, 3600, len(ec)) - tzs[ai[ec]] * 3600
        a, d = ai[ec], di[ec]
        if burst > 1:
            b = 1 + rng.poisson(burst - 1, len(t))
            a, t, d, hr = np.repeat(a, b), np.repeat(t, b), np.repeat(d, b), np.repeat(hr, b)
            k = np.arange(len(t)) - np.repeat(np.cumsum(b) - b, b)
            t = t + k * rng.integers(2, 9, len(t))
        return a, t.astype(np.int64), a * (DAYS * 24) + d * 24 + hr, n * DAYS * 24, d

    # ---- per-event picks
    def ip_pick(self, ai, day, sess, nsess, flat, off, ln, period):
        r = self.rng.random(nsess)
        per = np.asarray(period, np.int64)
        per = per[ai] if per.ndim else np.full(len(ai), int(per))
        k = np.where(per > 0, (day // np.maximum(per, 1)) % ln[ai], (r[sess] * ln[ai]).astype(np.int64))
        return flat[off[ai] + k]

    def pr_pick(self, ai, flat, off, ln, skew=1.5):
        u = self.rng.random(len(ai)) ** skew
        return flat[off[ai] + (u * ln[ai]).astype(np.int64)]

    def tok(self, n, mu, sig, lo=1, hi=16000):
        return np.clip(np.exp(self.rng.normal(np.log(mu), sig, n)), lo, hi).astype(np.int64)

    def model(self, n, p):
        return self.rng.choice(len(MODELS), n, p=np.asarray(p) / np.sum(p)).astype(np.int64)

    def emit(self, acc, t, ip, prompt, tok, model, ua=None):
        n = len(acc)
        if n == 0:
            return
        ua = np.full(n, -1, np.int64) if ua is None else np.broadcast_to(np.asarray(ua, np.int64), (n,)).copy()
        self.ev.append((np.asarray(acc, np.int64), np.asarray(t, np.int64), np.asarray(ip, np.int64),
                        np.asarray(prompt, np.int64), ua, np.asarray(tok, np.int64), np.asarray(model, np.int64)))

    # ---- prompt pools
    def personal_texts(self, n, style="general"):
        rng = self.rng
        f = rng.integers(0, 10, n).tolist()
        a = rng.integers(0, 10_000, (n, 4)).tolist()
        out = []
        for i in range(n):
            x = a[i]
            k = f[i] if style == "general" else (f[i] % 4 if style == "dev" else 4 + f[i] % 6)
            if k == 0:
                out.append(f"How do I {TASKS[x[0] % len(TASKS)]} in {LANGS[x[1] % len(LANGS)]}?")
            elif k == 1:
                out.append(f"I get this error in my {LANGS[x[1] % len(LANGS)]} project: {ERRS[x[0] % len(ERRS)]}. "
                           f"What does it mean and how do I fix it? (line {x[2] % 400 + 1})")
            elif k == 2:
                out.append(f"Review this approach: I want to {TASKS[x[0] % len(TASKS)]} for about {x[2] % 90 + 10}k records "
                           f"a day. Is a cron job enough or should I use a queue?")
            elif k == 3:
                out.append(f"What's the difference between {TOPICS[x[0] % len(TOPICS)]} and {TOPICS[x[1] % len(TOPICS)]}? Keep it short.")
            elif k == 4:
                out.append(f"Explain {TOPICS[x[0] % len(TOPICS)]} like I'm {x[1] % 12 + 8} years old.")
            elif k == 5:
                out.append(f"Write a short, polite email to my {WHO[x[0] % len(WHO)]} about {THINGS[x[1] % len(THINGS)]}"
                           f" and ask for a reply by {['Monday', 'Friday', 'tomorrow', 'the 15th'][x[2] % 4]}.")
            elif k == 6:
                out.append(f"Give me {x[1] % 6 + 3} ideas for {THINGS[x[0] % len(THINGS)]}.")
            elif k == 7:
                out.append(f"Translate to {HUMAN_LANGS[x[0] % len(HUMAN_LANGS)]}: {SENT_S[x[1] % 12]} {SENT_V[x[2] % 12]} "
                           f"{SENT_O[x[3] % 12]}.")
            elif k == 8:
                out.append(f"Summarize these notes in {x[1] % 4 + 2} bullet points:\n" + sentences(rng, 1, 3)[0])
            else:
                out.append(f"Can you recommend {x[1] % 4 + 2} books about {TOPICS[x[0] % len(TOPICS)]} for a beginner?")
        return out

    def personal_pools(self, n, k_lo, k_hi, style="general", p_public=0.3, public=None):
        """per-account prompt pools: own questions plus popular public prompts (Zipf over a popularity rank)."""
        rng = self.rng
        k = rng.integers(k_lo, k_hi + 1, n)
        tot = int(k.sum())
        own = self.pr(self.personal_texts(tot, style))
        pub_src = public if public is not None else self.S.awesome
        if public is None:
            rank = np.minimum(rng.zipf(1.4, tot) - 1, len(self.popular) - 1)
            pub_idx = self.popular[rank]
        else:
            pub_idx = rng.integers(0, len(pub_src), tot)
        # popular public prompts are registered once per world and reused
        if not hasattr(self, "_pub_cache"):
            self._pub_cache = {}
        pub = np.array([self._pub(pub_src, int(j)) for j in pub_idx.tolist()], np.int64)
        flat = np.where(rng.random(tot) < p_public, pub, own)
        off = np.concatenate([[0], np.cumsum(k)[:-1]]).astype(np.int64)
        return flat, off, k

    def _pub(self, src, j):
        key = (id(src), j)
        v = self._pub_cache.get(key)
        if v is None:
            v = self._pub_cache[key] = int(self.pr([src[j]])[0])
        return v

    def skel_fill(self, sk_ids, fam_items, extra=None):
        S = self.S
        out = []
        fills = _pick(self.rng, ["yes", "no", "A", "B", "positive", "negative", "entailment", "the author", "2019", "Paris"], len(sk_ids))
        for i, s in enumerate(sk_ids):
            sk = S.templates[s][2]
            out.append(skel_text(sk, [fam_items[i], fills[i]]) + (extra[i] if extra is not None else ""))
        return out


# --------------------------------------------------------------------------------------------- benign cohorts
def _sizes(rng, total, lo, hi, med):
    out = []
    while total > 0:
        s = int(np.clip(round(rng.lognormal(np.log(med), 0.6)), lo, hi))
        s = min(s, total)
        out.append(s)
        total -= s
    return out


def _group(w, gid, cohort, size, **kw):
    w.groups[gid] = {"cohort": cohort, "size": int(size), **kw}


def individuals(w: World, n, cohort="individual"):
    rng = w.rng
    if n <= 0:
        return
    ccs = w.countries(n)
    tz = w.tz_of(ccs)
    var = np.where(rng.random(n) < 0.55, "developer", "casual")
    dev = var == "developer"
    ua0 = np.where(dev, w.ua_pool("dev", n), w.ua_pool("browser", n))
    ua1 = np.where(rng.random(n) < 0.4, w.ua_pool("browser", n), ua0)
    created = w.created_hist(n, recent=0.08)
    accs = w.add(n, cohort, var.tolist(), "", "", created, w.cards(n), [w.consumer_domain(c) for c in ccs], ccs, "",
                 tz, ua0, ua1)
    d0 = np.clip((created - T0) // DAY + 1, 0, DAYS)
    rate = rng.lognormal(np.log(4), 0.9, n) * np.where(dev, 1.8, 1.0)
    ai, t, sess, ns, day = w.human(n, rate, rng.uniform(0.08, 0.65, n), tz,
                                   profile=PROFILES["evening"] * 0.5 + PROFILES["work"] * 0.5, d0=d0)
    homes = w.home_ips(ccs, 4)
    period = rng.integers(3, 25, n)
    flat, off, ln = pack(list(homes))
    ip = w.ip_pick(ai, day, sess, ns, flat, off, ln, period)
    mob = [w.carrier(c) for c in ccs]
    mf, mo, ml = pack(mob)
    ipm = w.ip_pick(ai, day, sess, ns, mf, mo, ml, 0)
    r = rng.random(ns)
    ip = np.where(r[sess] < 0.18, ipm, ip)
    pf, po, pl = w.personal_pools(n, 4, 30, "general", 0.3)
    pr = w.pr_pick(ai, pf, po, pl)
    k = len(ai)
    w.emit(accs[ai], t, ip, pr, w.tok(k, 380, 0.8), w.model(k, M_CHAT))
    w.cohort_info[cohort] = "ordinary users on home lines (dynamic addresses) and sometimes their phone carrier"


def offices(w: World, n):
    rng = w.rng
    for size in _sizes(rng, n, 3, 90, 11):
        gid = w.gid("office")
        cc = w.countries(1)[0]
        tz = w.tz_of([cc])[0]
        dom = w.company_domain()
        corp = rng.random()
        card_mode = "corporate" if corp < 0.45 else ("mixed" if corp < 0.7 else "own")
        corp_card = w.cards(1)[0]
        own = w.cards(size)
        if card_mode == "corporate":
            cards = [corp_card] * size
        elif card_mode == "mixed":
            cards = [corp_card if rng.random() < 0.5 else own[i] for i in range(size)]
        else:
            cards = own
        org = ("org_" + w.tokens(1, 10)[0]) if rng.random() < 0.45 else ""
        created = T0 - rng.integers(20, 700) * DAY + rng.integers(0, 200 * DAY, size)
        created = np.minimum(created, T0 + rng.integers(0, 15 * DAY, size))
        ua0 = w.ua_pool("dev", size)
        accs = w.add(size, "office_nat", card_mode, gid, "", created, cards, dom, cc, org, tz, ua0, w.ua_pool("browser", size))
        nat = w.ipi(ip2s(w.hosts(w.blocks(w.isp_prefixes(cc), 1), int(rng.integers(1, 4)))))
        homes = w.home_ips([cc] * size, 3)
        d0 = np.clip((created - T0) // DAY + 1, 0, DAYS)
        ai, t, sess, ns, day = w.human(size, rng.lognormal(np.log(7), 0.7, size), rng.uniform(0.5, 0.95, size), tz,
                                       "work", weekend=0.04, d0=d0)
        flat, off, ln = pack([nat] * size)
        ip = w.ip_pick(ai, day, sess, ns, flat, off, ln, 0)
        hf, ho, hl = pack(list(homes))
        iph = w.ip_pick(ai, day, sess, ns, hf, ho, hl, 7)
        wfh = rng.random(size) < 0.3
        r = rng.random(ns)
        ip = np.where(wfh[ai] & (r[sess] < 0.4), iph, ip)
        pf, po, pl = w.personal_pools(size, 5, 25, "dev" if rng.random() < 0.6 else "general", 0.25)
        pr = w.pr_pick(ai, pf, po, pl)
        tool = rng.random() < 0.4
        if tool:  # an internal tool that wraps one template
            company = dom.split(".")[0]
            msgs = sentences(rng, 60, 2)
            tp = w.pr([f"[{company} helpdesk assistant]\nCustomer message: {m}\nDraft a polite reply in under 120 words "
                       f"and tag it with one of: billing, shipping, technical, other." for m in msgs])
            q = rng.random(len(ai)) < 0.45
            pr = np.where(q, tp[rng.integers(0, len(tp), len(ai))], pr)
        k = len(ai)
        w.emit(accs[ai], t, ip, pr, w.tok(k, 350, 0.8), w.model(k, M_DEV))
        _group(w, gid, "office_nat", size, country=cc, nat_ips=len(nat), cards=card_mode, org_declared=bool(org),
               internal_tool=bool(tool))
    w.cohort_info["office_nat"] = "staff behind 1-3 NAT addresses, office hours, corporate/mixed/own cards, some declare an org"


def mobile(w: World, n):
    rng = w.rng
    n6 = int(n * 0.4)
    n4 = n - n6
    for variant, m in (("cgnat_v4", n4), ("ipv6", n6)):
        if m <= 0:
            continue
        ccs = w.countries(m)
        tz = w.tz_of(ccs)
        created = w.created_hist(m, 0.06)
        accs = w.add(m, "mobile_carrier", variant, "", "", created, w.cards(m), [w.consumer_domain(c) for c in ccs], ccs,
                     "", tz, w.ua_pool("mobile", m))
        d0 = np.clip((created - T0) // DAY + 1, 0, DAYS)
        ai, t, sess, ns, day = w.human(m, rng.lognormal(np.log(3), 0.8, m), rng.uniform(0.15, 0.7, m), tz, "evening",
                                       weekend=1.0, d0=d0, slen=(3, 20), max_sess=4, per_sess=5)
        if variant == "cgnat_v4":
            j = rng.integers(0, 3, m)
            pools = [w.carrier(c, int(jj)) for c, jj in zip(ccs, j.tolist())]
            flat, off, ln = pack(pools)
            ip = w.ip_pick(ai, day, sess, ns, flat, off, ln, 0)
        else:  # one /64 per handset, a new interface id every day (privacy addresses)
            lists = []
            for i, c in enumerate(ccs):
                site = f"{int(rng.integers(0, 65536)):x}:{int(rng.integers(0, 65536)):x}"
                lists.append(w.ipi(w.v6_addrs(("mob", c), DAYS, site)))
            flat, off, ln = pack(lists)
            ip = w.ip_pick(ai, day, sess, ns, flat, off, ln, 1)
        pf, po, pl = w.personal_pools(m, 3, 15, "casual", 0.35)
        k = len(ai)
        w.emit(accs[ai], t, ip, w.pr_pick(ai, pf, po, pl), w.tok(k, 260, 0.7), w.model(k, M_CHAT))
    w.cohort_info["mobile_carrier"] = "phone users behind carrier CGNAT pools (v4, shared by the carrier's users) or IPv6 /64s"


def campuses(w: World, n):
    rng = w.rng
    unis = w.S.unis
    for size in _sizes(rng, n, 20, 400, 120):
        gid = w.gid("campus")
        u = unis[int(rng.integers(len(unis)))]
        asn, handle, name, cc = u
        dom = {"US": f"{handle}.edu", "CA": f"{handle}.ca", "AU": f"{handle}.edu.au", "GB": f"{handle}.ac.uk"}[cc]
        tz = w.tz_of([cc])[0]
        nstaff = max(1, int(size * 0.12))
        var = ["staff"] * nstaff + ["student"] * (size - nstaff)
        dept_card = w.cards(1)[0]
        own = w.cards(size)
        cards = [dept_card if (v == "staff" and rng.random() < 0.5) else own[i] for i, v in enumerate(var)]
        created = np.where(rng.random(size) < 0.35, T0 - rng.integers(0, 25 * DAY, size),
                           T0 - rng.integers(30 * DAY, 500 * DAY, size))
        accs = w.add(size, "campus", var, gid, "", created, cards, dom, cc, "", tz, w.ua_pool("browser", size),
                     w.ua_pool("dev", size))
        pool = w.ipi(ip2s(w.hosts(w.blocks(w.S.asn[asn], int(rng.integers(1, 4))), int(rng.integers(8, 48)))))
        # courses: a course template and weekly deadlines
        ncourse = int(rng.integers(1, 4))
        course = rng.integers(0, ncourse, size)
        dayw = np.ones((size, DAYS))
        ctpl = []
        for c in range(ncourse):
            dl = int(rng.integers(0, 7))
            dd = np.arange(DAYS)
            boost = np.where(((dd - dl) % 7 == 0) | ((dd - dl) % 7 == 6), 4.0, 0.7)
            dayw[course == c] = boost
            ds = w.S.datasets[int(rng.integers(len(w.S.datasets)))]
            sk = w.S.by_ds[ds][int(rng.integers(len(w.S.by_ds[ds])))]
            it = items(rng, ["math", "qa", "code"][c % 3], 150)
            ctpl.append(w.pr(w.skel_fill([sk] * 150, it, [" Explain step by step."] * 150)))
        ai, t, sess, ns, day = w.human(size, rng.lognormal(np.log(4), 0.8, size), rng.uniform(0.2, 0.7, size), tz,
                                       "student", weekend=0.7, dayw=dayw)
        flat, off, ln = pack([pool] * size)
        ip = w.ip_pick(ai, day, sess, ns, flat, off, ln, 0)
        mob = w.carrier(cc)
        ipm = mob[rng.integers(0, len(mob), ns)][sess]
        ip = np.where(rng.random(ns)[sess] < 0.25, ipm, ip)
        pf, po, pl = w.personal_pools(size, 4, 20, "general", 0.3)
        pr = w.pr_pick(ai, pf, po, pl)
        cf, co, cl = pack(ctpl)
        cpr = w.pr_pick(course[ai], cf, co, cl, 1.0)
        stud = np.array([v == "student" for v in var])
        pr = np.where(stud[ai] & (rng.random(len(ai)) < 0.5), cpr, pr)
        k = len(ai)
        w.emit(accs[ai], t, ip, pr, w.tok(k, 420, 0.8), w.model(k, M_CHAT))
        _group(w, gid, "campus", size, university=name, domain=dom, nat_ips=len(pool), courses=ncourse)
    w.cohort_info["campus"] = "students and staff behind a university NAT pool, academic domain, course templates, deadlines"


def households(w: World, n):
    rng = w.rng
    sizes = []
    while n > 0:
        s = min(int(rng.integers(2, 6)), n)
        sizes.append(s)
        n -= s
    if not sizes:
        return
    for size in sizes:
        gid = w.gid("house")
        cc = w.countries(1)[0]
        tz = w.tz_of([cc])[0]
        fam = rng.random() < 0.55
        card = w.cards(1)[0]
        cards = [card] * size if fam else w.cards(size)
        created = w.created_hist(size, 0.05)
        dual = rng.random() < 0.3
        accs = w.add(size, "household", "family_card" if fam else "own_cards", gid, "", created, cards,
                     [w.consumer_domain(cc) for _ in range(size)], cc, "", tz, w.ua_pool("browser", size),
                     w.ua_pool("mobile", size))
        k_ip = 5
        home = w.home_ips([cc], k_ip)[0]
        d0 = np.clip((created - T0) // DAY + 1, 0, DAYS)
        ai, t, sess, ns, day = w.human(size, rng.lognormal(np.log(3), 0.8, size), rng.uniform(0.1, 0.6, size), tz,
                                       "evening", weekend=1.3, d0=d0)
        per = int(rng.integers(5, 15))
        ip = home[(day // per) % k_ip]
        if dual:  # dual-stack line: a /56 for the home, a /64 per device
            site = f"{int(rng.integers(0, 65536)):x}:{int(rng.integers(0, 256)):x}"
            v6 = np.array([w.ipi(w.v6_addrs(("home", cc), 1, f"{site}{i:02x}"))[0] for i in range(size)])
            ip = np.where(rng.random(len(ai)) < 0.5, v6[ai], ip)
        mob = w.carrier(cc)
        ip = np.where(rng.random(ns)[sess] < 0.2, mob[rng.integers(0, len(mob), ns)][sess], ip)
        pf, po, pl = w.personal_pools(size, 3, 15, "general", 0.35)
        k = len(ai)
        w.emit(accs[ai], t, ip, w.pr_pick(ai, pf, po, pl), w.tok(k, 320, 0.8), w.model(k, M_CHAT))
        _group(w, gid, "household", size, country=cc, family_card=bool(fam), dual_stack=bool(dual))
    w.cohort_info["household"] = "2-5 people on one home line (address changes every 5-15 days), often one family card"


def vpn_users(w: World, n):
    rng = w.rng
    if n <= 0:
        return
    providers = []
    for p in range(6):
        pool = w.ipi(ip2s(w.hosts(w.blocks(w.S.vpn, int(rng.integers(3, 12))), int(rng.integers(25, 120)))))
        providers.append(np.unique(pool))
    ccs = w.countries(n)
    tz = w.tz_of(ccs)
    prov = rng.choice(6, n, p=np.array([.3, .22, .18, .12, .1, .08]))
    created = w.created_hist(n, 0.05)
    accs = w.add(n, "vpn_user", [f"provider{p}" for p in prov.tolist()], "", "", created, w.cards(n),
                 [w.consumer_domain(c) for c in ccs], ccs, "", tz, w.ua_pool("dev", n), w.ua_pool("browser", n))
    # each user sticks to a "region": a third of the provider's exits
    lists = []
    for p in prov.tolist():
        pool = providers[p]
        st = int(rng.integers(0, len(pool)))
        lists.append(np.roll(pool, -st)[:max(3, len(pool) // 3)])
    flat, off, ln = pack(lists)
    d0 = np.clip((created - T0) // DAY + 1, 0, DAYS)
    ai, t, sess, ns, day = w.human(n, rng.lognormal(np.log(5), 0.8, n), rng.uniform(0.1, 0.6, n), tz, "mixed", d0=d0)
    ip = w.ip_pick(ai, day, sess, ns, flat, off, ln, 0)
    pf, po, pl = w.personal_pools(n, 4, 20, "general", 0.3)
    k = len(ai)
    w.emit(accs[ai], t, ip, w.pr_pick(ai, pf, po, pl), w.tok(k, 380, 0.8), w.model(k, M_CHAT))
    w.cohort_info["vpn_user"] = "privacy-minded users on six commercial VPNs' exit pools (x4b VPN ranges)"


def cloud_hosts(w: World, n, provider=None):
    """n static server addresses in the world's cloud regions (shared /24s with other cloud tenants)."""
    rng = w.rng
    out = []
    for _ in range(n):
        prov = provider or ["amazon", "google", "microsoft"][int(rng.choice(3, p=[.5, .25, .25]))]
        reg = w.cloud_regions[prov][int(rng.integers(4))]
        out.append(int(w.hosts(reg, 1)[0]))
    return w.ipi(ip2s(out))


def heavy_apps(w: World, n):
    rng = w.rng
    for i in range(n):
        gid = w.gid("app")
        cc = w.countries(1)[0]
        dom = w.company_domain()
        long = rng.random() < 0.2
        created = T0 - int(rng.integers(30, 600)) * DAY
        org = ("org_" + w.tokens(1, 10)[0]) if rng.random() < 0.5 else ""
        acc = w.add(1, "heavy_app", "long_reports" if long else "product", gid, "", created, w.cards(1), dom, cc, org,
                    0.0, w.ua_pool("dev", 1))
        ips = cloud_hosts(w, int(rng.integers(1, 5)))
        rate = float(np.exp(rng.uniform(np.log(120), np.log(900))))
        ai, t, sess, ns, day = w.machine(1, rate, "global", tz=w.tz_of([cc])[0] * 0.5)
        ip = ips[rng.integers(0, len(ips), len(ai))]
        ds = w.S.datasets[int(rng.integers(len(w.S.datasets)))]
        sk = w.S.by_ds[ds][int(rng.integers(len(w.S.by_ds[ds])))]
        fam = ["qa", "trans", "sql", "code"][int(rng.integers(4))]
        pool = w.pr(w.skel_fill([sk] * 1500, items(rng, fam, 1500)))
        pr = pool[rng.integers(0, len(pool), len(ai))]
        k = len(ai)
        w.emit(acc[ai], t, ip, pr, w.tok(k, 1400 if long else 260, 0.5), w.model(k, M_PRO if long else M_CHEAP))
        _group(w, gid, "heavy_app", 1, rate=round(rate, 1), template_dataset=ds, cloud_ips=len(ips))
    w.cohort_info["heavy_app"] = "one account per product, 120-900 requests a day from 1-4 cloud addresses, own template"


def ci_runners(w: World, n):
    """open-source projects' CI smoke tests, all from one CI provider's runner pool."""
    rng = w.rng
    if n <= 0:
        return
    pool = np.unique(w.ipi(ip2s(w.hosts(np.concatenate([w.blocks(w.S.cloud["github"], 40),
                                                         w.blocks(w.S.cloud["microsoft"], 40)]), 900))))
    ccs = w.countries(n)
    tz = w.tz_of(ccs)
    # foundations sponsor a few projects each on one card
    cards = w.cards(n)
    var = ["solo"] * n
    i = 0
    fid = 0
    while i < n:
        if rng.random() < 0.25 and n - i >= 3:
            s = int(rng.integers(3, 9))
            c = w.cards(1)[0]
            for j in range(i, min(n, i + s)):
                cards[j], var[j] = c, f"foundation{fid}"
            fid += 1
            i += s
        else:
            i += 1
    created = w.created_hist(n, 0.05)
    sdk = [w.ua(f"nimbus-python/2.{v}.0 (CI; github-actions)") for v in range(3, 6)]
    accs = w.add(n, "ci_runner", var, [f"ci-{v}" if v != "solo" else "ci-pool" for v in var], "", created, cards,
                 [w.consumer_domain(c) if rng.random() < 0.6 else w.company_domain(".org") for c in ccs], ccs, "", tz,
                 [sdk[k] for k in rng.integers(0, 3, n).tolist()])
    # nightly cron: the popular UTC hours, minute 0; a burst of the suite's prompts
    hour = rng.choice([0, 2, 3, 4, 6, 12], n, p=[.35, .2, .15, .1, .1, .1])
    suite = rng.integers(4, 16, n)
    own = [np.concatenate([w.smoke[rng.permutation(len(w.smoke))[:int(rng.integers(3, 8))]],
                           w.pr([f"Summarize this changelog entry in one line: {s}" for s in sentences(rng, int(rng.integers(2, 6)), 1)])])
           for _ in range(n)]
    of, oo, ol = pack(own)
    A, T, P = [], [], []
    for d in range(DAYS):
        on = rng.random(n) < 0.93
        a = np.repeat(np.nonzero(on)[0], suite[on])
        k = np.arange(len(a)) - np.repeat(np.cumsum(suite[on]) - suite[on], suite[on])
        A.append(a)
        T.append(T0 + d * DAY + hour[a] * 3600 + rng.integers(0, 600, len(a)) * (rng.random(len(a)) < 0.3) + k * rng.integers(1, 4, len(a)) + 20)
        P.append(of[oo[a] + k % ol[a]])
    a = np.concatenate(A)
    t = np.concatenate(T)
    p = np.concatenate(P)
    ip = pool[rng.integers(0, len(pool), len(a))]
    # push-triggered runs in the maintainers' working hours
    ai, t2, sess, ns, day = w.human(n, rng.uniform(3, 25, n), rng.uniform(0.2, 0.7, n), tz, "work", weekend=0.3,
                                    slen=(1, 3), per_sess=15)
    ip2 = pool[rng.integers(0, len(pool), ns)][sess]
    p2 = of[oo[ai] + rng.integers(0, 1000, len(ai)) % ol[ai]]
    a, t, ip, p = np.concatenate([a, ai]), np.concatenate([t, t2]), np.concatenate([ip, ip2]), np.concatenate([p, p2])
    k = len(a)
    w.emit(accs[a], t, ip, p, w.tok(k, 18, 0.9, 1, 400), w.model(k, M_CHEAP))
    for v in sorted(set(var)):
        _group(w, f"ci-{v}" if v != "solo" else "ci-pool", "ci_runner", var.count(v), sponsor_card=v != "solo",
               runner_ips=len(pool))
    w.cohort_info["ci_runner"] = ("open-source projects' nightly/push CI smoke tests: one runner pool, cron at popular UTC "
                                  "hours, the SDK docs' smoke prompts; foundations pay for a few projects on one card")


def notebook_tutorial(w: World, n):
    """users of a hosted notebook service who follow one viral tutorial: 'build a reasoning dataset'."""
    rng = w.rng
    if n <= 0:
        return
    pool = np.unique(w.ipi(ip2s(w.hosts(w.blocks(w.S.cloud["google"], 24), 400))))
    pub = int(rng.integers(2, 12))  # the day the tutorial went viral
    ccs = w.countries(n)
    tz = w.tz_of(ccs)
    newc = rng.random(n) < 0.6
    start = np.where(newc, pub + np.minimum(rng.exponential(2.0, n), DAYS - pub - 2).astype(int), pub + rng.integers(0, DAYS - pub - 1, n))
    created = np.where(newc, T0 + start * DAY - rng.integers(600, 20 * 3600, n), w.created_hist(n, 0.0))
    doms = [w.consumer_domain(c) if rng.random() < 0.8 else f"{w.S.unis[int(rng.integers(len(w.S.unis)))][1]}.edu" for c in ccs]
    ua = w.ua("python-httpx/0.27.0 nimbus-python/2.4.1 (hosted-notebook)")
    accs = w.add(n, "notebook_tutorial", np.where(newc, "new_signup", "existing").tolist(), "tutorial-1", "", created, w.cards(n),
                 doms, ccs, "", tz, ua)
    life = rng.integers(1, 5, n)
    ai, t, sess, ns, day = w.human(n, rng.lognormal(np.log(60), 0.7, n), 0.8, tz, "student", weekend=1.0, d0=start,
                                   d1=np.minimum(start + life, DAYS), slen=(20, 90), max_sess=2, per_sess=40)
    ip = pool[rng.integers(0, len(pool), ns)][sess]
    subj = ["algebra", "probability", "physics", "chemistry", "geometry", "logic", "economics", "statistics"]
    k = len(ai)
    sub = _pick(rng, subj, k)
    it = items(rng, "math", k)
    tpl = rng.random(k) < 0.5
    txt = [(f"Generate a challenging {s} question similar to the example and solve it. Think step by step and show all "
            f"intermediate reasoning, then give the final answer after 'Answer:'.\nExample: {x}") if b else
           (f"Solve the following {s} problem. Think step by step and show all intermediate reasoning, then give the final "
            f"answer after 'Answer:'.\n{x}") for s, x, b in zip(sub, it, tpl.tolist())]
    w.emit(accs[ai], t, ip, w.pr(txt), w.tok(k, 900, 0.5), w.model(k, [0.1, 0.3, 0.1, 0.5, 0.0]))
    _group(w, "tutorial-1", "notebook_tutorial", n, viral_day=pub, notebook_egress_ips=len(pool))
    w.cohort_info["notebook_tutorial"] = ("individuals running one viral 'build a reasoning dataset' tutorial on a hosted "
                                          "notebook service: shared egress, CoT template, sign-up wave, 1-4 busy days")


def nocode_automation(w: World, n):
    rng = w.rng
    if n <= 0:
        return
    plats = []
    for name, ver in (("FlowPilot-Worker", "3.2"), ("Zaply-Runner", "1.14"), ("make-it-flow", "2.0.7")):
        pool = np.unique(w.ipi(ip2s(w.hosts(w.cloud_regions["amazon"][int(rng.integers(4))][:4], int(rng.integers(20, 70))))))
        plats.append((w.ua(f"{name}/{ver}"), pool))
    acts = ["Summarize this email in 3 bullet points:\n{x}",
            "Classify this support ticket as Billing, Bug, Feature request or Other. Reply with the label only.\n{x}",
            "Extract the invoice number, date and total as JSON from:\n{x}",
            "Write a friendly Slack update from these notes:\n{x}",
            "Translate this customer review to English:\n{x}",
            "Suggest a subject line for this newsletter:\n{x}"]
    pl = rng.choice(3, n, p=[.5, .3, .2])
    ccs = w.countries(n)
    created = w.created_hist(n, 0.05)
    accs = w.add(n, "nocode_automation", [f"platform{p}" for p in pl.tolist()], [f"nocode-{p}" for p in pl.tolist()], "",
                 created, w.cards(n),
                 [w.company_domain() if rng.random() < 0.5 else w.consumer_domain(c) for c in ccs], ccs, "",
                 w.tz_of(ccs), [plats[p][0] for p in pl.tolist()])
    pools = []
    for i in range(n):
        a = rng.choice(len(acts), int(rng.integers(1, 4)), replace=False)
        m = int(rng.integers(15, 80))
        xs = sentences(rng, m, 2)
        pools.append(w.pr([acts[a[j % len(a)]].format(x=x) for j, x in enumerate(xs)]))
    pf, po, pln = pack(pools)
    # polling triggers: every 5/15/60 minutes, a run when the trigger found new items
    period = rng.choice([300, 900, 3600], n)
    rate = rng.lognormal(np.log(8), 0.8, n)
    cnt = rng.poisson(rate * DAYS)
    a = np.repeat(np.arange(n), cnt)
    slot = (rng.random(len(a)) * (DAYS * DAY // period[a])).astype(np.int64)
    phase = rng.integers(0, 300, n)
    t = T0 + slot * period[a] + phase[a] + rng.integers(0, 4, len(a))
    ip = np.empty(len(a), np.int64)
    for p in range(3):
        m = pl[a] == p
        ip[m] = plats[p][1][rng.integers(0, len(plats[p][1]), int(m.sum()))]
    pr = w.pr_pick(a, pf, po, pln, 1.0)
    k = len(a)
    w.emit(accs[a], t, ip, pr, w.tok(k, 120, 0.7), w.model(k, M_CHEAP))
    for p in range(3):
        _group(w, f"nocode-{p}", "nocode_automation", int((pl == p).sum()), worker_ips=len(plats[p][1]),
               user_agent=w.ua_list[plats[p][0]])
    w.cohort_info["nocode_automation"] = ("users of three no-code automation platforms: calls come from the platform's "
                                          "worker pool with its user agent, on polling ticks, from built-in action templates")


def franchises(w: World, n):
    rng = w.rng
    for size in _sizes(rng, n, 6, 80, 25):
        gid = w.gid("franchise")
        brand = w.company_domain(".com").split(".")[0].replace("-", " ").title()
        cc = w.countries(1)[0]
        tz = w.tz_of([cc])[0]
        conv = T0 - int(rng.integers(5, 120)) * DAY if rng.random() < 0.7 else T0 + int(rng.integers(1, 12)) * DAY
        burst = rng.random(size) < 0.7
        created = np.where(burst, conv + rng.integers(0, 48 * 3600, size), conv - rng.integers(30 * DAY, 400 * DAY, size))
        city = ["Springfield", "Riverside", "Lakeview", "Fairview", "Georgetown", "Salem", "Madison", "Franklin",
                "Clinton", "Arlington", "Ashland", "Dover", "Milton", "Newport", "Oxford", "Burlington"]
        doms = [f"{brand.lower().replace(' ', '')}-{city[j % len(city)].lower()}{j}.com" if rng.random() < 0.5
                else w.consumer_domain(cc) for j in range(size)]
        ua = w.ua(f"{brand.replace(' ', '')}ListingKit/2.{int(rng.integers(0, 4))}")
        accs = w.add(size, "franchise_tool", "convention_signup", gid, "", created, w.cards(size), doms, cc, "", tz, ua,
                     w.ua_pool("browser", size))
        shops = w.home_ips([cc] * size, 1)[:, 0]
        d0 = np.clip((created - T0) // DAY + 1, 0, DAYS)
        ai, t, sess, ns, day = w.human(size, rng.lognormal(np.log(6), 0.7, size), rng.uniform(0.3, 0.8, size), tz,
                                       "work", weekend=0.6, d0=d0)
        feats = sentences(rng, len(ai), 1)
        txt = [f"You write listings for {brand}. Write a local listing for our {city[a % len(city)]} location: {f} "
               f"Tone: friendly, max 120 words, end with our slogan." for a, f in zip(ai.tolist(), feats)]
        k = len(ai)
        w.emit(accs[ai], t, shops[ai], w.pr(txt), w.tok(k, 220, 0.4), w.model(k, M_CHEAP), ua=np.full(k, ua))
        _group(w, gid, "franchise_tool", size, brand=brand, convention_day=int((conv - T0) // DAY))
    w.cohort_info["franchise_tool"] = ("franchisees of one brand using the HQ's listing tool: same template and client, "
                                       "sign-ups in the 48 h after the franchise convention, own shops, cards and mail")


def remote_teams(w: World, n):
    rng = w.rng
    for size in _sizes(rng, n, 4, 60, 14):
        gid = w.gid("remote")
        dom = w.company_domain()
        card = w.cards(1)[0]
        org = ("org_" + w.tokens(1, 10)[0]) if rng.random() < 0.35 else ""
        home_cc = w.countries(1)[0]
        ccs = [home_cc if rng.random() < 0.5 else w.countries(1)[0] for _ in range(size)]
        tz = w.tz_of(ccs)
        created = T0 - rng.integers(10 * DAY, 700 * DAY, size)
        accs = w.add(size, "remote_corp_card", "declared" if org else "undeclared", gid, "", created, card, dom, ccs, org,
                     tz, w.ua_pool("dev", size), w.ua_pool("browser", size))
        homes = w.home_ips(ccs, 3)
        ai, t, sess, ns, day = w.human(size, rng.lognormal(np.log(6), 0.7, size), rng.uniform(0.4, 0.9, size), tz,
                                       "work", weekend=0.1)
        hf, ho, hl = pack(list(homes))
        ip = w.ip_pick(ai, day, sess, ns, hf, ho, hl, 10)
        pf, po, pl = w.personal_pools(size, 5, 25, "dev", 0.2)
        k = len(ai)
        w.emit(accs[ai], t, ip, w.pr_pick(ai, pf, po, pl), w.tok(k, 400, 0.8), w.model(k, M_DEV))
        _group(w, gid, "remote_corp_card", size, countries=len(set(ccs)), org_declared=bool(org))
    w.cohort_info["remote_corp_card"] = "remote employees in several countries, each on a home line, all billed to one corporate card"


def school_districts(w: World, n):
    rng = w.rng
    states = ["ca", "tx", "ny", "fl", "il", "oh", "wa", "ga", "nc", "mi", "va", "az", "co", "mn"]
    for size in _sizes(rng, n, 10, 90, 35):
        gid = w.gid("district")
        st = states[int(rng.integers(len(states)))]
        town = w.company_domain(".x").split(".")[0].replace("-", "")
        dom = f"{town}.k12.{st}.us"
        tz = float([-4, -5, -6, -7][int(rng.integers(4))])
        nsch = int(rng.integers(3, 13))
        school = rng.integers(0, nsch, size)
        sips = w.ipi(ip2s(w.hosts(w.blocks(w.isp_prefixes("US"), nsch), nsch)))
        dcard = w.cards(1)[0]
        paid = rng.random(size) < 0.6
        own = w.cards(size)
        cards = [dcard if paid[i] else own[i] for i in range(size)]
        created = np.where(rng.random(size) < 0.5, T0 - rng.integers(100 * DAY, 130 * DAY, size),
                           T0 - rng.integers(0, 400 * DAY, size))
        accs = w.add(size, "school_district", np.where(paid, "district_card", "own_card").tolist(), gid, "", created,
                     cards, dom, "US", "", tz, w.ua_pool("browser", size))
        ai, t, sess, ns, day = w.human(size, rng.lognormal(np.log(5), 0.6, size), rng.uniform(0.4, 0.9, size), tz,
                                       "school", weekend=0.05)
        pack_src = w.S.teacher or w.S.awesome
        grades = rng.integers(1, 13, len(ai)).tolist()
        subj = _pick(rng, ["fractions", "photosynthesis", "the water cycle", "persuasive writing", "the civil war",
                           "plate tectonics", "poetry", "ratios", "the solar system", "ecosystems"], len(ai))
        lesson = [f"Create a 45-minute lesson plan for grade {g} on {s} with a warm-up, two activities, an exit ticket "
                  f"and accommodations for English learners." for g, s in zip(grades, subj)]
        shared_pack = w.pr(pack_src[:12]) if not hasattr(w, "_teacher_pack") else w._teacher_pack
        w._teacher_pack = shared_pack
        pr = np.where(rng.random(len(ai)) < 0.5, w.pr(lesson), shared_pack[rng.integers(0, len(shared_pack), len(ai))])
        k = len(ai)
        w.emit(accs[ai], t, sips[school[ai]], pr, w.tok(k, 650, 0.5), w.model(k, M_CHAT))
        _group(w, gid, "school_district", size, domain=dom, schools=nsch, district_card_share=round(float(paid.mean()), 2))
    w.cohort_info["school_district"] = ("K-12 teachers of one district: district domain, school buildings' addresses, the "
                                        "district card for most, one shared lesson-plan prompt pack, school hours")


def personal_work(w: World, n):
    rng = w.rng
    sizes = []
    while n > 0:
        s = min(int(rng.choice([2, 3], p=[.7, .3])), n)
        sizes.append(s)
        n -= s
    for size in sizes:
        gid = w.gid("person")
        cc = w.countries(1)[0]
        tz = w.tz_of([cc])[0]
        pcard = w.cards(1)[0]
        wdom = w.company_domain()
        roles = ["personal", "work", "side_project"][:size]
        if size == 1:
            roles = ["personal"]
        cards = [pcard if r != "work" else w.cards(1)[0] for r in roles]
        doms = [w.consumer_domain(cc) if r == "personal" else (wdom if r == "work" else w.company_domain(".dev")) for r in roles]
        ua = w.ua_pool("dev", 1)[0]
        created = T0 - rng.integers(20 * DAY, 900 * DAY, size)
        accs = w.add(size, "personal_work_pair", roles, gid, "", created, cards, doms, cc, "", tz, ua,
                     w.ua_pool("browser", 1)[0])
        home = w.home_ips([cc], 3)[0]
        office = w.ipi(ip2s(w.hosts(w.blocks(w.isp_prefixes(cc), 1), 1)))[0]
        prof = np.tile(PROFILES["evening"], (1, 1))[0]
        ai, t, sess, ns, day = w.human(size, rng.lognormal(np.log(5), 0.6, size), rng.uniform(0.3, 0.8, size), tz,
                                       prof * 0.5 + PROFILES["work"] * 0.5, weekend=0.7)
        ip = home[(day // 9) % 3]
        is_work = np.array([r == "work" for r in roles])
        loc_h = ((t + int(tz * 3600)) % DAY) // 3600
        at_office = is_work[ai] & (DOW[np.clip(day, 0, DAYS - 1)] < 5) & (loc_h >= 8) & (loc_h < 18)
        ip = np.where(at_office, office, ip)
        pf, po, pl = w.personal_pools(size, 5, 20, "dev", 0.25)
        k = len(ai)
        w.emit(accs[ai], t, ip, w.pr_pick(ai, pf, po, pl), w.tok(k, 380, 0.8), w.model(k, M_DEV))
        _group(w, gid, "personal_work_pair", size, country=cc)
    w.cohort_info["personal_work_pair"] = ("one developer with a personal, a work and sometimes a side-project account: "
                                           "one laptop, one home line, the personal card on two of them")


def news_bots(w: World, n):
    rng = w.rng
    if n <= 0:
        return
    # one public feed: articles published through the window; every bot digests the same texts
    na = DAYS * 40
    pub_t = np.sort(T0 + rng.integers(0, DAYS * DAY, na))
    art = [f"{h}\n\n{b}" for h, b in zip([f"BREAKING: {SENT_S[i % 12]} {SENT_V[(i * 7) % 12]} {SENT_O[(i * 5) % 12]}"
                                          for i in rng.integers(0, 10_000, na).tolist()], sentences(rng, na, 4))]
    instr = ["Summarize this article in two sentences for a newsletter.", "Give me a one-line headline and three bullet points.",
             "Write a neutral 50-word summary:", "TL;DR this for our Discord channel:", "Summarise for busy executives (3 bullets):",
             "Extract the who/what/when/where as JSON:", "Write a tweet-length summary without hashtags:",
             "Classify the topic (politics, business, sport, science, culture) and summarise in one sentence:"]
    ccs = w.countries(n)
    created = w.created_hist(n, 0.03)
    accs = w.add(n, "news_digest_bot", "feed_follower", "newsfeed-1", "", created, w.cards(n),
                 [w.company_domain() if rng.random() < 0.4 else w.consumer_domain(c) for c in ccs], ccs, "", w.tz_of(ccs),
                 w.ua_pool("dev", n))
    A, T, P, I = [], [], [], []
    for i in range(n):
        cover = rng.uniform(0.15, 0.9)
        sel = np.nonzero(rng.random(na) < cover)[0]
        mode = rng.random()
        if mode < 0.5:  # polls the feed every 10 minutes
            t = (pub_t[sel] // 600 + 1) * 600 + rng.integers(0, 30, len(sel))
        elif mode < 0.8:  # hourly digest on the hour
            t = (pub_t[sel] // 3600 + 1) * 3600 + rng.integers(0, 90, len(sel))
        else:  # websocket push: right after publication
            t = pub_t[sel] + rng.integers(5, 120, len(sel))
        ins = instr[int(rng.integers(len(instr)))]
        ips = cloud_hosts(w, int(rng.integers(1, 3)))
        A.append(np.full(len(sel), i))
        T.append(t)
        I.append(ips[rng.integers(0, len(ips), len(sel))])
        P.append(sel)
        if not hasattr(w, "_news_pr"):
            w._news_pr = {}
        w._news_pr[i] = ins
    a = np.concatenate(A)
    sel = np.concatenate(P)
    # prompt text = the bot's instruction + the shared article text
    txt = [w._news_pr[int(x)] + "\n\n" + art[int(y)] for x, y in zip(a.tolist(), sel.tolist())]
    del w._news_pr
    k = len(a)
    w.emit(accs[a], np.concatenate(T), np.concatenate(I), w.pr(txt), w.tok(k, 110, 0.5), w.model(k, M_CHEAP))
    _group(w, "newsfeed-1", "news_digest_bot", n, articles=na)
    w.cohort_info["news_digest_bot"] = ("independent bots digesting the same public news feed: the same article texts "
                                        "with each bot's own instruction, minutes after publication or on the hour")


def shared_hosting(w: World, n):
    rng = w.rng
    for size in _sizes(rng, n, 2, 14, 6):
        gid = w.gid("hostsrv")
        server = cloud_hosts(w, 1, ["amazon", "google", "microsoft"][int(rng.integers(3))])[0] if rng.random() < 0.3 else \
            w.ipi(ip2s(w.hosts(w.blocks(w.S.dc, 1), 1)))[0]
        ccs = w.countries(size)
        created = w.created_hist(size, 0.05)
        plug = w.ua(f"ShopScribe/1.{int(rng.integers(4, 8))}; WordPress/6.{int(rng.integers(4, 8))}.{int(rng.integers(0, 4))}")
        accs = w.add(size, "shared_hosting_plugin", "plugin_shop", gid, "", created, w.cards(size),
                     [w.company_domain() for _ in range(size)], ccs, "", w.tz_of(ccs), plug)
        ai, t, sess, ns, day = w.human(size, rng.lognormal(np.log(8), 0.9, size), rng.uniform(0.1, 0.4, size),
                                       w.tz_of(ccs), "work", weekend=0.8, slen=(2, 25), per_sess=40, max_sess=2)
        k = len(ai)
        prod = [f"{a.title()} {b} no. {c}" for a, b, c in zip(_pick(rng, ["organic", "handmade", "vintage", "eco", "premium",
                                                                         "classic", "compact"], k),
                                                             _pick(rng, ["candle", "mug", "backpack", "lamp", "scarf", "soap",
                                                                         "notebook", "planter", "wallet"], k),
                                                             rng.integers(1, 500, k).tolist())]
        txt = [f"Write an SEO-friendly product description for \"{p}\". Include 3 bullet points and a meta description "
               f"under 155 characters." for p in prod]
        w.emit(accs[ai], t, np.full(k, server), w.pr(txt), w.tok(k, 240, 0.4), w.model(k, M_CHEAP))
        _group(w, gid, "shared_hosting_plugin", size, server_ip=w.ip_list[server])
    w.cohort_info["shared_hosting_plugin"] = ("unrelated web shops on one shared-hosting server running the same "
                                              "product-description plugin: one address, one plugin client and template")


def accelerator(w: World, n):
    rng = w.rng
    for size in _sizes(rng, n, 10, 90, 40):
        gid = w.gid("batch")
        credit = "pm_credit_" + w.tokens(1, 12)[0]
        start = T0 - int(rng.integers(10, 80)) * DAY if rng.random() < 0.7 else T0 + int(rng.integers(0, 8)) * DAY
        ccs = w.countries(size)
        created = start + rng.integers(0, 36 * 3600, size)
        orgs = [("org_" + w.tokens(1, 10)[0]) if rng.random() < 0.4 else "" for _ in range(size)]
        accs = w.add(size, "accelerator_credits", "promo_credit", gid, "", created, credit,
                     [w.company_domain() for _ in range(size)], ccs, orgs, w.tz_of(ccs), w.ua_pool("dev", size))
        tz = w.tz_of(ccs)
        heavy = rng.random(size) < 0.1
        rate = np.where(heavy, rng.uniform(50, 300, size), rng.lognormal(np.log(8), 0.8, size))
        d0 = np.clip((created - T0) // DAY + 1, 0, DAYS)
        ai, t, sess, ns, day = w.human(size, rate, rng.uniform(0.4, 0.9, size), tz, "mixed", weekend=0.6, d0=d0,
                                       per_sess=30)
        offs = w.home_ips(ccs, 2)
        ip = offs[ai, (day // 14) % 2]
        pools = []
        for i in range(size):
            fam = ["qa", "code", "sql", "trans"][int(rng.integers(4))]
            pools.append(w.pr([f"[{i}] " + x for x in items(rng, fam, int(rng.integers(20, 120)))]) if heavy[i]
                         else w.personal_pools(1, 5, 20, "dev", 0.2)[0])
        pf, po, pl = pack(pools)
        k = len(ai)
        w.emit(accs[ai], t, ip, w.pr_pick(ai, pf, po, pl), w.tok(k, 350, 0.8), w.model(k, M_DEV))
        _group(w, gid, "accelerator_credits", size, credit_token=True, batch_start_day=int((start - T0) // DAY))
    w.cohort_info["accelerator_credits"] = ("an accelerator batch's startups, all paying with the accelerator's promo-credit "
                                            "token, signed up within 36 h of the batch start; otherwise unrelated")


BENIGN = [  # cohort builder, share of benign accounts
    (offices, 0.10), (mobile, 0.12), (campuses, 0.08), (households, 0.07), (vpn_users, 0.06),
    (ci_runners, 0.03), (notebook_tutorial, 0.03), (nocode_automation, 0.04), (franchises, 0.025),
    (remote_teams, 0.03), (school_districts, 0.025), (personal_work, 0.03), (news_bots, 0.012),
    (shared_hosting, 0.02), (accelerator, 0.015),
]
HEAVY_SHARE = 0.002


def build_benign(w: World, n: int):
    used = 0
    n_heavy = max(1, int(round(n * HEAVY_SHARE)))
    heavy_apps(w, n_heavy)
    used += n_heavy
    for fn, share in BENIGN:
        m = int(round(n * share))
        m = min(m, n - used)
        fn(w, m)
        used = len(w.A["cohort"])
    individuals(w, n - used)


# ------------------------------------------------------------------------------------------------------ rings
RING_KINDS = ["card_farm", "resi_rotator", "phone_farm", "cloud_cot_fleet", "aged_sleepers", "fake_org_team",
              "relay_waves"]
BIG_KINDS = ["hydra_reseller", "phone_farm", "cloud_cot_fleet", "relay_waves", "resi_rotator"]

TRACE = {
    "card_farm": "payment (1-2 cards), one datacenter /24, one catch-all domain, one client, sign-up burst, one template",
    "hydra_reseller": "a reseller proxy pool that every member rotates through; the harvest templates",
    "resi_rotator": "the residential provider's few dozen /24s; one task skeleton under per-account wording",
    "phone_farm": "lockstep dispatch windows; one rare device build in the user agent; one task skeleton",
    "cloud_cot_fleet": "one question bank asked by many members; the scheduler's UTC hours; the cloud regions' /24s",
    "aged_sleepers": "2-3 operator VPS addresses that leak when the proxy fails; one case format; shared pause days",
    "fake_org_team": "everything shared (card, egress, domain) but inside a declared organisation",
    "relay_waves": "addresses and virtual cards handed from each expiring account to the next; one template",
}
EVASION = {
    "card_farm": "none (the crude case)",
    "hydra_reseller": "own cards, consumer mail, staggered sign-up waves, popular SDK clients, ~45% resold ordinary traffic",
    "resi_rotator": "own cards, fresh residential address per session, per-account wording and CoT phrase, human hours",
    "phone_farm": "carrier CGNAT addresses shared with real phone users, prepaid card per device, batched sign-ups",
    "cloud_cot_fleet": "own cards, serverless egress that changes per call, sign-ups over 4 months, multilingual wording",
    "aged_sleepers": "bought aged accounts, own cards and home lines in different countries, office-hours low volume",
    "fake_org_team": "declares an organisation with a company domain and joins over weeks, like a real team",
    "relay_waves": "each account lives 3-7 days, so no account is old or long-lived; fresh sign-up per shift",
}


def ring_sizes(total: int, mode: str, rng: np.random.Generator) -> list[int]:
    def small(t):
        out = []
        while t > 15:
            s = int(rng.integers(3, 16))
            if 0 < t - s < 3:
                s = t - 3
            out.append(s)
            t -= s
        if t >= 3:
            out.append(t)
        elif t > 0:  # 1-2 left: give them to an existing ring that can take them
            for i in range(len(out)):
                if out[i] + t <= 15:
                    out[i] += t
                    t = 0
                    break
            if t:
                out[-1] += t
        return out

    if total < 3:
        return []
    if mode == "small":
        s = small(total)
    elif mode == "mixed":
        s, t = [], total
        if t >= 40:
            nb = 2 if t >= 500 else 1
            for _ in range(nb):
                hi = min(300, int(t * 0.6 / nb))
                lo = min(max(20, int(t * 0.2 / nb)), hi)
                b = int(rng.integers(lo, hi + 1))
                s.append(b)
                t -= b
            for _ in range(int(rng.integers(1, 3))):
                if t >= 60:
                    m = int(rng.integers(16, min(60, t - 30) + 1))
                    s.append(m)
                    t -= m
        elif t >= 19:
            b = int(rng.integers(16, t - 2))
            s.append(b)
            t -= b
        s += small(t)
    elif mode == "hydra":
        s, t = [], total
        if t >= 1003:
            h = int(np.clip(t * rng.uniform(0.55, 0.8), 1000, 3000))
            if t - h < 3:
                h = min(t, 3000)
        else:
            h = t
        s.append(h)
        t -= h
        if t >= 200:
            for _ in range(int(rng.integers(1, 3))):
                if t >= 120:
                    b = int(rng.integers(50, min(300, t // 2) + 1))
                    s.append(b)
                    t -= b
        while t >= 60 and rng.random() < 0.7:
            m = int(rng.integers(16, 41))
            s.append(m)
            t -= m
        s += small(t)
        if sum(s) != total:
            s[0] += total - sum(s)
    else:
        raise ValueError(mode)
    return s


def ring_plan(kind, size, rng):
    """nominal per-member requests per active day and expected active days, before the volume cap."""
    p = {"kind": kind, "size": int(size)}
    if kind == "card_farm":
        p.update(rate=float(rng.uniform(600, 1100)), start_day=int(rng.integers(0, 6)))
        p["act"] = DAYS - p["start_day"]
    elif kind == "hydra_reseller":
        p.update(rate=float(rng.uniform(60, 220)), p_active=float(rng.uniform(0.35, 0.6)), harvest=float(rng.uniform(0.45, 0.65)))
        p["act"] = p["p_active"] * DAYS * 0.85
    elif kind == "resi_rotator":
        p.update(rate=float(rng.uniform(150, 450)))
        p["act"] = 0.7 * DAYS
    elif kind == "phone_farm":
        p.update(rate=float(rng.uniform(180, 420)), windows=int(rng.integers(8, 15)))
        p["act"] = 0.9 * DAYS
    elif kind == "cloud_cot_fleet":
        p.update(rate=float(rng.uniform(120, 400)), hours=sorted(rng.choice(24, int(rng.integers(3, 5)), replace=False).tolist()))
        p["act"] = 0.95 * DAYS
    elif kind == "aged_sleepers":
        p.update(rate=float(rng.uniform(40, 120)), pause_days=sorted(rng.choice(DAYS, int(rng.integers(4, 7)), replace=False).tolist()))
        p["act"] = 0.6 * DAYS
    elif kind == "fake_org_team":
        p.update(rate=float(rng.uniform(500, 1000)))
        p["act"] = 0.9 * DAYS
    elif kind == "relay_waves":
        p.update(rate=float(rng.uniform(900, 1150)), life=int(rng.integers(3, 8)))
        p["act"] = p["life"]
    p["expected_events"] = float(p["rate"] * p["act"] * size)
    return p


def harvest_texts(w, n, fam, wording, cot_idx, prefix_idx=None, sk=None, fixed_cot=None):
    """harvest prompts: per-event item of a narrow capability in the account's own wording + a CoT request."""
    rng = w.rng
    it = items(rng, fam, n)
    ins = INSTR[fam]
    wl = wording.tolist()
    cl = cot_idx.tolist()
    pl = prefix_idx.tolist() if prefix_idx is not None else [0] * n
    if sk is not None:
        fills = w.skel_fill(np.broadcast_to(sk, (n,)).tolist() if np.ndim(sk) else [sk] * n, it)
        return [PREFIX[p] + f + "\n\n" + (fixed_cot or COT[c]) for f, c, p in zip(fills, cl, pl)]
    return [PREFIX[p] + ins[wi % len(ins)] + "\n\n" + x + "\n\n" + (fixed_cot or COT[c])
            for x, wi, c, p in zip(it, wl, cl, pl)]


def build_ring(w: World, rid: str, p: dict, scale: float):
    rng = w.rng
    kind, size = p["kind"], p["size"]
    rate = p["rate"] * scale
    p["rate_after_cap"] = round(rate, 2)
    created = None
    if kind == "card_farm":
        cc = w.countries(1)[0]
        s0 = p["start_day"]
        created = T0 + s0 * DAY - rng.integers(3600, 6 * 3600) + rng.integers(0, 1800, size)
        cards = w.cards(int(rng.integers(1, 3)))
        dom = f"{w.tokens(1, 6)[0]}-mail.{['top', 'xyz', 'site', 'online'][int(rng.integers(4))]}"
        ua = w.ua("python-requests/2.31.0")
        accs = w.add(size, "ring", "crude", rid, rid, created, [cards[i % len(cards)] for i in range(size)], dom, cc, "",
                     0.0, ua)
        ips = w.ipi(ip2s(w.hosts(w.blocks(w.S.dc, 1), int(rng.integers(2, 7)))))
        ai, t, sess, ns, day = w.machine(size, rate, "flat", d0=np.full(size, s0))
        ip = ips[rng.integers(0, len(ips), ns)][sess]
        ds = w.S.datasets[int(rng.integers(len(w.S.datasets)))]
        sk = w.S.by_ds[ds][0]
        k = len(ai)
        txt = harvest_texts(w, k, "qa", np.zeros(k, int), np.zeros(k, int), sk=sk, fixed_cot=COT[0])
        w.emit(accs[ai], t, ip, w.pr(txt), w.tok(k, 1500, 0.35), w.model(k, [0, 0, 0.3, 0.7, 0]))
        p.update(dataset=ds, cards=len(cards), ips=len(ips))
    elif kind == "hydra_reseller":
        nb = int(rng.integers(60, 200))
        bases = np.concatenate([w.blocks(w.S.dc, int(nb * 0.6)), w.blocks(w.isp_prefixes("US"), nb - int(nb * 0.6))])
        pool = np.unique(w.ipi(ip2s(w.hosts(bases, int(np.clip(size * 0.25, 150, 700))))))
        ccs = w.countries(size)
        waves = np.sort(T0 + rng.integers(-70 * DAY, 20 * DAY, int(rng.integers(5, 9))))
        created = waves[rng.integers(0, len(waves), size)] + rng.integers(0, 36 * 3600, size)
        gw = [w.ua("nimbus-python/2.4.1"), w.ua("nimbus-node/1.8.0"), w.ua("python-httpx/0.27.2")]
        accs = w.add(size, "ring", "reseller_account", rid, rid, created, w.cards(size), [w.consumer_domain(c) for c in ccs],
                     ccs, "", 0.0, [gw[i] for i in rng.integers(0, 3, size).tolist()])
        d0 = np.clip((created - T0) // DAY + 1, 0, DAYS)
        ai, t, sess, ns, day = w.machine(size, rate, "global", p_act=p["p_active"], d0=d0)
        ip = pool[rng.integers(0, len(pool), ns)][sess]
        k = len(ai)
        hv = rng.random(k) < p["harvest"]
        fams = list(rng.choice(["math", "code", "qa", "med", "sql"], int(rng.integers(3, 6)), replace=False))
        fam_of = rng.integers(0, len(fams), k)
        wording = rng.integers(0, 100, size)
        cot = rng.integers(0, len(COT), size)
        pref = rng.integers(0, len(PREFIX), size)
        pr = np.empty(k, np.int64)
        for j, f in enumerate(fams):
            m = hv & (fam_of == j)
            a = ai[m]
            pr[m] = w.pr(harvest_texts(w, int(m.sum()), str(f), wording[a], cot[a], pref[a]))
        resold = w.personal_pools(1, 3000, 3000, "general", 0.35)[0]
        pr[~hv] = resold[rng.integers(0, len(resold), int((~hv).sum()))]
        tok = np.where(hv, w.tok(k, 1300, 0.45), w.tok(k, 350, 0.8))
        w.emit(accs[ai], t, ip, pr, tok, np.where(hv, w.model(k, M_REASON), w.model(k, M_CHAT)))
        p.update(proxy_ips=len(pool), proxy_24s=nb, families=[str(f) for f in fams], waves=len(waves))
    elif kind == "resi_rotator":
        cc = ["US", "GB", "DE", "BR", "IN"][int(rng.integers(5))]
        bases = w.blocks(w.isp_prefixes(cc), int(rng.integers(30, 61)))
        created = T0 - rng.integers(0, 56 * DAY, size)
        accs = w.add(size, "ring", "residential", rid, rid, created, w.cards(size), [w.consumer_domain(cc) for _ in range(size)],
                     cc, "", w.tz_of([cc] * size), w.ua_pool("dev", size))
        tz = np.array(w.A["tz"])[accs]
        d0 = np.clip((created - T0) // DAY + 1, 0, DAYS)
        ai, t, sess, ns, day = w.human(size, rate / 0.75, 0.82, tz, "mixed", weekend=0.6, d0=d0, per_sess=60, max_sess=4)
        ip = w.ipi(ip2s(w.hosts(bases, ns)))[sess]
        fam = ["sql", "code"][int(rng.integers(2))]
        wording, cot, pref = rng.integers(0, 100, size), rng.integers(0, len(COT), size), rng.integers(0, len(PREFIX), size)
        k = len(ai)
        w.emit(accs[ai], t, ip, w.pr(harvest_texts(w, k, fam, wording[ai], cot[ai], pref[ai])), w.tok(k, 1100, 0.4),
               w.model(k, M_CODE))
        p.update(country=cc, proxy_24s=len(bases), family=fam)
    elif kind == "phone_farm":
        cc = ["IN", "ID", "BR", "VN", "PH", "NG"][int(rng.integers(6))]
        nb = int(rng.integers(2, 4))
        bt = T0 - rng.integers(5, 40, nb) * DAY
        created = bt[rng.integers(0, nb, size)] + rng.integers(0, 7200, size)
        ua = w.ua(f"NimbusChat/5.2.0 (Android 11; SM-A125F; build RP1A.200720.0{int(rng.integers(10, 99))})")
        accs = w.add(size, "ring", "device", rid, rid, created, w.cards(size), [w.consumer_domain(cc) for _ in range(size)],
                     cc, "", w.tz_of([cc] * size), ua)
        pool = w.carrier(cc)
        K = p["windows"]
        A, T, WI = [], [], []
        wi = 0
        for d in range(DAYS):
            ws = np.sort(rng.integers(0, DAY - 900, K))
            wl = rng.integers(180, 480, K)
            on = rng.random(size) < 0.9
            for s, l in zip(ws.tolist(), wl.tolist()):
                c = rng.poisson(rate / K, size) * on
                a = np.repeat(np.arange(size), c)
                A.append(a)
                T.append(T0 + d * DAY + s + rng.integers(0, l, len(a)))
                WI.append(np.full(len(a), wi))
                wi += 1
        ai, t, wix = np.concatenate(A), np.concatenate(T), np.concatenate(WI)
        ip = pool[rng.integers(0, len(pool), wi * size)][wix * size + ai]  # one CGNAT address per device and window
        k = len(ai)
        wording = rng.integers(0, 3, size)
        txt = harvest_texts(w, k, "codetrans", wording[ai], rng.choice([2, 6, 15], size)[ai])
        w.emit(accs[ai], t, ip, w.pr(txt), w.tok(k, 1300, 0.4), w.model(k, [0, 0.1, 0, 0.3, 0.6]))
        p.update(country=cc, batches=nb)
    elif kind == "cloud_cot_fleet":
        prov = rng.choice(["amazon", "google", "microsoft"], size)
        reg = rng.integers(0, 4, size)
        created = T0 - rng.integers(0, 120 * DAY, size)
        ccs = w.countries(size)
        doms = [w.company_domain() if rng.random() < 0.4 else w.consumer_domain(c) for c in ccs]
        accs = w.add(size, "ring", [f"serverless_{x}" for x in prov.tolist()], rid, rid, created, w.cards(size), doms, ccs, "",
                     0.0, w.ua("python-httpx/0.27.2"))
        bank = items(rng, ["math", "qa", "code"][int(rng.integers(3))], int(rng.integers(300, 800)))
        H = p["hours"]
        per = rate / len(H)
        A, T = [], []
        for d in range(DAYS):
            for h in H:
                dur = int(rng.integers(1200, 3000))
                c = rng.poisson(per, size) * (rng.random(size) < 0.95)
                a = np.repeat(np.arange(size), c)
                A.append(a)
                T.append(T0 + d * DAY + h * 3600 + rng.integers(0, 120) + rng.integers(0, dur, len(a)))
        ai, t = np.concatenate(A), np.concatenate(T)
        ok = t >= created[ai] + 3600
        ai, t = ai[ok], t[ok]
        k = len(ai)
        hb = np.empty(k, np.int64)  # serverless egress: a fresh address of the region's /24s per call
        for pv in ("amazon", "google", "microsoft"):
            for r in range(4):
                m = (prov[ai] == pv) & (reg[ai] == r)
                if m.any():
                    hb[m] = w.hosts(w.cloud_regions[pv][r], int(m.sum()))
        ip = w.ipi(ip2s(hb))
        q = rng.integers(0, len(bank), k)
        wording, cot = rng.integers(0, 100, size), rng.integers(0, len(COT), size)
        instr = ["Question:", "Here is a problem I need solved.", "Pregunta:", "Frage:", "Question :", "问题：", "Q:",
                 "Please answer the following.", "Task for you:", "Exercise:"]
        txt = [f"{instr[wording[a] % len(instr)]}\n{bank[qq]}\n\n{COT[cot[a]]}" for a, qq in zip(ai.tolist(), q.tolist())]
        w.emit(accs[ai], t, ip, w.pr(txt), w.tok(k, 2600, 0.4, 1, 16000), w.model(k, [0, 0.02, 0.15, 0.83, 0]))
        p.update(question_bank=len(bank))
    elif kind == "aged_sleepers":
        ccs = w.countries(size)
        created = T0 - rng.integers(90 * DAY, 300 * DAY, size)
        accs = w.add(size, "ring", "aged_account", rid, rid, created, w.cards(size), [w.consumer_domain(c) for c in ccs], ccs,
                     "", w.tz_of(ccs), w.ua_pool("dev", size), w.ua_pool("browser", size))
        tz = np.array(w.A["tz"])[accs]
        dayw = np.ones((size, DAYS))
        dayw[:, p["pause_days"]] = 0
        ai, t, sess, ns, day = w.human(size, rate / 0.85, 0.9, tz, "work", weekend=0.0, dayw=dayw, per_sess=25)
        homes = w.home_ips(ccs, 4)
        hf, ho, hl = pack(list(homes))
        ip = w.ip_pick(ai, day, sess, ns, hf, ho, hl, 7)
        vps = w.ipi(ip2s(w.hosts(w.blocks(w.S.dc, 2), int(rng.integers(2, 4)))))
        leak = rng.random(ns) < rng.uniform(0.08, 0.2)
        ip = np.where(leak[sess], vps[rng.integers(0, len(vps), ns)][sess], ip)
        k = len(ai)
        fmt = "Format your answer exactly as:\nDiagnosis: ...\nReasoning (step by step): ...\nDifferential: ...\nNext step: ..."
        pref = rng.integers(0, len(PREFIX), size)
        wording = rng.integers(0, 100, size)
        txt = harvest_texts(w, k, "med", wording[ai], np.zeros(k, int), pref[ai], fixed_cot=fmt)
        w.emit(accs[ai], t, ip, w.pr(txt), w.tok(k, 900, 0.35), w.model(k, M_PRO))
        p.update(vps_ips=len(vps))
    elif kind == "fake_org_team":
        cc = w.countries(1)[0]
        dom = w.company_domain()
        org = "org_" + w.tokens(1, 10)[0]
        created = T0 - rng.integers(0, 21 * DAY, size)
        accs = w.add(size, "ring", "declared_org", rid, rid, created, w.cards(1)[0], dom, cc, org, w.tz_of([cc])[0],
                     w.ua_pool("dev", size))
        egress = w.ipi(ip2s(w.hosts(w.blocks(w.S.dc, 1), int(rng.integers(1, 3)))))
        # every member's worker polls a queue: a request every 60-150 s when work is queued
        period = rng.integers(60, 150, size)
        slots = DAYS * DAY // period
        cnt = rng.poisson(rate * DAYS * 0.9, size)
        ai = np.repeat(np.arange(size), cnt)
        t = T0 + (rng.random(len(ai)) * slots[ai]).astype(np.int64) * period[ai] + rng.integers(0, 3, len(ai))
        ok = t >= created[ai] + 600
        ai, t = ai[ok], t[ok]
        k = len(ai)
        dss = rng.choice(len(w.S.templates), int(rng.integers(10, 30)), replace=False)
        sk = dss[rng.integers(0, len(dss), k)]
        fam = ["qa", "math", "code"][int(rng.integers(3))]
        txt = harvest_texts(w, k, fam, np.zeros(k, int), rng.integers(0, 8, k), sk=sk)
        w.emit(accs[ai], t, egress[rng.integers(0, len(egress), k)], w.pr(txt), w.tok(k, 1600, 0.4), w.model(k, M_PRO))
        p.update(org_id=org, egress_ips=len(egress), templates=len(dss))
    elif kind == "relay_waves":
        L = p["life"]
        start = np.minimum((np.arange(size) * max(1, DAYS - L) / max(1, size - 1)).astype(int) + rng.integers(0, 2, size), DAYS - 1)
        start = np.sort(start)
        created = T0 + start * DAY - rng.integers(3600, 12 * 3600, size)
        ncard = max(1, size // 3 + (size % 3 > 0))
        cards = w.cards(ncard)
        doms = [f"{w.tokens(1, 5)[0]}mail.net", f"inbox{w.tokens(1, 4)[0]}.com"]
        accs = w.add(size, "ring", "shift", rid, rid, created, [cards[i // 3] for i in range(size)],
                     [doms[i % 2] for i in range(size)], w.countries(1)[0], "", 0.0, w.ua("Go-http-client/2.0"))
        hosts = w.ipi(ip2s(w.hosts(w.blocks(w.S.dc, int(rng.integers(2, 4))), int(rng.integers(4, 10)))))
        ai, t, sess, ns, day = w.machine(size, rate, "flat", d0=start, d1=np.minimum(start + L, DAYS))
        ip = hosts[ai % len(hosts)]
        k = len(ai)
        txt = harvest_texts(w, k, "trans", np.zeros(k, int), np.zeros(k, int),
                            fixed_cot="Then explain each grammar and word-choice decision step by step.")
        w.emit(accs[ai], t, ip, w.pr(txt), w.tok(k, 800, 0.35), w.model(k, M_PRO))
        p.update(ips=len(hosts), cards=ncard)
    else:
        raise ValueError(kind)
    p.pop("act", None)
    meta = {"ring_id": rid, **p, "trace": TRACE[kind], "evasion": EVASION[kind], "created_span_days":
            round(float((np.max(np.array(w.A["created"])[accs]) - np.min(np.array(w.A["created"])[accs])) / DAY), 2)}
    w.rings.append(meta)


def build_rings(w: World, sizes: list[int], benign_events: int):
    rng = w.rng
    order = list(rng.permutation(RING_KINDS))
    plans = []
    j = 0
    for s in sizes:
        if s >= 1000:
            kind = "hydra_reseller"
        elif s > 15:  # a reseller needs a few dozen accounts at least
            big = BIG_KINDS if s >= 50 else BIG_KINDS[1:]
            kind = big[int(rng.integers(len(big)))]
        else:
            kind = str(order[j % len(order)])
            j += 1
        plans.append(ring_plan(kind, s, rng))
    hyd = sum(p["expected_events"] for p in plans if p["size"] >= 1000)
    rest = sum(p["expected_events"] for p in plans if p["size"] < 1000)
    s_h = min(1.0, 0.35 * benign_events / hyd) if hyd else 1.0
    s_r = min(1.0, (0.18 if hyd else 0.28) * benign_events / rest) if rest else 1.0
    for i, p in enumerate(plans):
        build_ring(w, f"R{i + 1:03d}", p, s_h if p["size"] >= 1000 else s_r)
    return {"hydra": round(s_h, 4), "other": round(s_r, 4)}


# ------------------------------------------------------------------------------------------------------ write
def write(w: World, out: Path, params: dict, scale: dict, t_start: float):
    rng = w.rng
    acc = np.concatenate([c[0] for c in w.ev])
    t = np.concatenate([c[1] for c in w.ev])
    ip = np.concatenate([c[2] for c in w.ev])
    prm = np.concatenate([c[3] for c in w.ev])
    ua = np.concatenate([c[4] for c in w.ev])
    tok = np.concatenate([c[5] for c in w.ev])
    mod = np.concatenate([c[6] for c in w.ev])
    w.ev = []
    nA = len(w.A["cohort"])
    created = np.array(w.A["created"], np.int64)
    # an account cannot send before it exists; nothing outside the window is logged
    keep = (t >= created[acc] + 60) & (t >= T0) & (t < T_END)
    outside = int((~keep).sum())
    acc, t, ip, prm, ua, tok, mod = (x[keep] for x in (acc, t, ip, prm, ua, tok, mod))
    # the platform's daily limit: requests beyond LIMIT per account and UTC day are refused and not logged
    order = np.lexsort((np.arange(len(t)), t, acc))
    acc, t, ip, prm, ua, tok, mod = (x[order] for x in (acc, t, ip, prm, ua, tok, mod))
    key = acc * DAYS + (t - T0) // DAY
    _, start, cnt = np.unique(key, return_index=True, return_counts=True)
    pos = np.arange(len(t)) - np.repeat(start, cnt)
    ok = pos < LIMIT
    refused = int((~ok).sum())
    acc, t, ip, prm, ua, tok, mod = (x[ok] for x in (acc, t, ip, prm, ua, tok, mod))
    o2 = np.lexsort((acc, t))
    acc, t, ip, prm, ua, tok, mod = (x[o2] for x in (acc, t, ip, prm, ua, tok, mod))
    n = len(t)
    ua0 = np.array(w.A["ua0"], np.int64)
    ua1 = np.array(w.A["ua1"], np.int64)
    ua = np.where(ua >= 0, ua, np.where(rng.random(n) < 0.85, ua0[acc], ua1[acc]))
    # API keys: every account has 1-3 keys; the first carries most traffic
    nk = rng.choice([1, 2, 3], nA, p=[0.6, 0.3, 0.1])
    kt = w.tokens(3 * nA, 12)
    kr = rng.random(n)
    kidx = np.where(kr < 0.75, 0, np.where(kr < 0.93, 1, 2)) % nk[acc]
    keys = np.array(["key_" + x for x in kt], object)[acc * 3 + kidx]
    al = "abcdefghjkmnpqrstuvwxyz23456789"
    idn = rng.choice(len(al) ** 4 * 31, nA, replace=False)
    ids = np.array([f"acct_{al[x % 31]}{al[(x // 31) % 31]}{al[(x // 961) % 31]}{al[(x // 29791) % 31]}{al[(x // 923521) % 31]}"
                    f"{x % 97:02d}" for x in idn.tolist()], object)
    assert len(set(ids.tolist())) == nA
    cards = np.array(w.A["card"], object)
    tbl = pa.table({
        "account_id": pa.array(ids[acc].tolist(), pa.string()),
        "timestamp": pa.array(t * 1000, pa.timestamp("ms", tz="UTC")),
        "ip": pa.array(np.array(w.ip_list, object)[ip].tolist(), pa.string()),
        "payment_method": pa.array(cards[acc].tolist(), pa.string()),
        "prompt": pa.nulls(n, pa.string()),
        "user_agent": pa.array(np.array(w.ua_list, object)[ua].tolist(), pa.string()),
        "output_tokens": pa.array(tok, pa.int32()),
        "api_key_id": pa.array(keys.tolist(), pa.string()),
        "model": pa.array(np.array(MODELS, object)[mod].tolist(), pa.string()),
    })
    dropped = []
    if params["seed"] % 6 == 0:  # a contract variation (never seeds 1-4): this export has no user agent
        tbl = tbl.drop(["user_agent"])
        dropped.append("user_agent")
    if params["seed"] % 9 == 0:  # another export writes no API key ids
        tbl = tbl.drop(["api_key_id"])
        dropped.append("api_key_id")
    out.mkdir(parents=True, exist_ok=True)
    prompts = pa.array(w.prompts, pa.string())
    w.prompts = []
    pcol = tbl.schema.get_field_index("prompt")
    with pq.ParquetWriter(out / "events.parquet", tbl.schema, compression="zstd") as pw:
        for b in range(0, n, 250_000):
            part = tbl.slice(b, 250_000)
            pw.write_table(part.set_column(pcol, "prompt", prompts.take(pa.array(prm[b:b + 250_000]))))
    del prompts
    A = pd.DataFrame({
        "account_id": ids,
        "created_at": pd.to_datetime(created, unit="s", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "payment_method": cards,
        "email_domain": w.A["domain"],
        "country": w.A["country"],
        "org_id": w.A["org"],
    })
    if params["seed"] % 6 == 0:
        A = A.drop(columns=["country"])
        dropped.append("accounts.country")
    A.to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    truth = pd.DataFrame({"account_id": ids, "is_ring": [1 if r else 0 for r in w.A["ring"]], "ring_id": w.A["ring"],
                          "group_id": w.A["group"], "cohort": w.A["cohort"], "variant": w.A["variant"]})
    truth.loc[truth.is_ring == 1, "cohort"] = [next(r["kind"] for r in w.rings if r["ring_id"] == x) for x in
                                               truth.loc[truth.is_ring == 1, "ring_id"]] if truth.is_ring.any() else []
    truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    ev_per = np.bincount(acc, minlength=nA)
    tv = truth.assign(ev=ev_per)
    coh = tv.groupby("cohort").agg(accounts=("account_id", "size"), events=("ev", "sum"),
                                   active=("ev", lambda x: int((x > 0).sum())))
    ring_ev = tv[tv.is_ring == 1].groupby("ring_id")["ev"].sum()
    for r in w.rings:
        r["events"] = int(ring_ev.get(r["ring_id"], 0))
    n_group = int(sum(g["size"] for g in w.groups.values()))
    info = {
        "generator": "world13", "params": params,
        "platform": {"start": pd.Timestamp(T0, unit="s", tz="UTC").isoformat(), "days": DAYS,
                     "end_exclusive": pd.Timestamp(T_END, unit="s", tz="UTC").isoformat(),
                     "requests_per_day_limit": LIMIT, "models": MODELS, "refused_over_limit": refused,
                     "dropped_outside_window_or_before_signup": outside, "dropped_columns": dropped},
        "totals": {"events": int(n), "accounts": nA, "ring_accounts": int(truth.is_ring.sum()), "rings": len(w.rings),
                   "benign_group_accounts": n_group, "benign_groups": len(w.groups), "ips": len(w.ip_list),
                   "user_agents": len(w.ua_list), "ring_volume_scale": scale,
                   "ring_events": int(ev_per[truth.is_ring.to_numpy() == 1].sum())},
        "cohorts": {k: {c: int(v) for c, v in r.items()} for k, r in coh.iterrows()},
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
    ap.add_argument("--ring-share", type=float, default=0.005, help="share of accounts that are ring members")
    ap.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], default="small")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    t_start = time.time()
    rng = np.random.default_rng(a.seed)
    S = Shared(Path(os.environ.get("WORLD13_SHARED_DATA", "/work/shared/data")))
    w = World(rng, S)
    n_ring = int(round(a.accounts * a.ring_share))
    sizes = ring_sizes(n_ring, a.ring_sizes, rng)
    n_ring = sum(sizes)
    build_benign(w, a.accounts - n_ring)
    benign_events = sum(len(c[0]) for c in w.ev)
    scale = build_rings(w, sizes, benign_events)
    params = {"accounts": a.accounts, "seed": a.seed, "ring_share": a.ring_share, "ring_sizes": a.ring_sizes,
              "ring_size_list": sizes}
    info = write(w, a.out, params, scale, t_start)
    tt = info["totals"]
    print(f"world13: {tt['events']:,} events, {tt['accounts']:,} accounts, {tt['ring_accounts']} ring accounts in "
          f"{tt['rings']} rings, {tt['benign_group_accounts']:,} benign group accounts -> {a.out} "
          f"({time.time() - t_start:.1f}s)")


if __name__ == "__main__":
    main()
