"""A fourth, independent world generator: ten days, a 300/day limit, office NATs, campuses, agent loops.

Written from the public threat description, the README's input contract and
world3.py's output format only: no graphhunt detector, link, graph, community,
scoring or evidence code and no results section of the quality docs was read,
and nothing here was tuned against graphhunt's output. It differs from
graphhunt/simulate.py, altworld.py and world3.py in window (10 days), rate limit
(300 requests per account per day), timing model (sessions of consecutive
requests, machine grids, agent loops, lab sessions), payment tokens (opaque
random strings), benign look-alikes and ring evasions. See docs/WORLD4.md.

Outputs (graphhunt's input contract plus ground truth):

* ``events.parquet``: ``account_id, timestamp, ip, payment_method, prompt,
  user_agent, output_tokens, api_key_id, model``
* ``accounts.csv``: ``account_id, created_at, payment_method, email_domain,
  country, org_id``
* ``truth.csv``: ``account_id, is_ring, ring_id, group_id, cohort, variant``
  (``variant`` of a ring: its infrastructure, timing, client and evasions, "|"-joined)
* ``world.json``: parameters, cohort sizes, per-ring summary.

Usage::

    python benchmarks/world4.py --accounts 20000 --seed 1 --ring-share 0.01 --ring-sizes mixed --out /tmp/w4

Generation is vectorised: Python loops run over groups (companies, courses,
rings), templates and wordings, never over events. Every random draw comes
from one seeded ``numpy.random.Generator``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from world3 import (BROWSERS, CC, COUNTRIES, CW, SDKS, SHARED, TZ, Bank, Ref,  # noqa: E402  (reference loaders)
                    hosts, ip_str, mix64, nets24, write_summary, write_world)

DAY = 86400
HOUR = 3600
START = pd.Timestamp("2026-10-14T00:00:00Z")  # a Wednesday; the window holds one weekend (days 3, 4)
DAYS = 10
LIMIT = 300  # requests per account per day; the platform rejects the rest (they never reach the log)
WEEKDAY = (2 + np.arange(DAYS)) % 7 < 5

HOUR_PROFILES = {  # local-time hour weights
    "human": np.array([2, 1.2, .7, .4, .3, .3, .6, 1.5, 3, 4, 4.5, 5, 5, 5, 4.5, 4.5, 4.5, 5, 5.5, 6.5, 7, 6.5, 5, 3.5]),
    "office": np.array([0, 0, 0, 0, 0, 0, .1, .6, 4, 8, 9, 8, 4, 7, 9, 9, 8, 5, 1.5, .5, .3, .1, 0, 0]),
    "student": np.array([5, 3.5, 2, 1, .4, .2, .2, .4, 1.5, 3, 4, 4, 4, 4.5, 5, 5, 5, 5, 5, 5.5, 6.5, 7, 7, 6.5]),
    "evening": np.array([3, 1.5, .6, .3, .2, .2, .4, 1, 1.5, 1.5, 1.5, 2, 2.5, 2, 2, 2, 2.5, 3.5, 5, 7, 8, 8, 7, 5]),
    "dev": np.array([1, .5, .2, .1, .1, .1, .2, .8, 3, 6, 7, 7, 5, 7, 8, 8, 7, 6, 4, 3, 3, 3, 2.5, 1.8]),
    "shift": np.array([0, 0, 0, 0, 0, 0, 0, .5, 6, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 6, 1, 0, 0, 0]),
    "flat": np.ones(24),
    "grid": np.ones(24),  # machine grid: evenly spaced requests around the clock (handled apart)
}
PROFILE_ID = {k: i for i, k in enumerate(HOUR_PROFILES)}
MODELS = np.array(["orbit-4", "orbit-4-mini", "orbit-4-think", "orbit-3.5"], dtype=object)
MODEL_MIX = {0: [0.45, 0.35, 0.1, 0.1], 1: [0.85, 0.05, 0.1, 0.0], 2: [0.1, 0.85, 0.0, 0.05], 3: [0.3, 0.0, 0.7, 0.0]}
SDK_UAS = [s.format(m=m) for s in SDKS for m in range(3)] + [
    "langchain-python/0.2.{m}", "llama-index/0.10.{m}", "anthropic-compatible-client/0.3{m}", "litellm/1.4{m}.0"]
MOBILE_UAS = [b for b in BROWSERS if "iPhone" in b or "Android" in b]

# chain-of-thought wordings: general (people), homework (students), harvest (rings; new wordings, not world3's)
GEN_COT = ["Let's think step by step.", "Explain your reasoning.", "Can you walk me through it?",
           "Please explain why.", "Think it through before answering.", "Explain like I'm new to this."]
HW_COT = ["Show your work.", "Solve it step by step.", "show all steps pls", "Explain each step so I can follow.",
          "step by step please", "Show your work and box the final answer."]
RING_COT = [
    "Lay out your reasoning in numbered stages, then state the result on its own line.",
    "Before you answer, write a section called 'Analysis' that covers every inference you make.",
    "Derive the answer carefully and include each intermediate calculation.",
    "Provide a full rationale of at least five sentences, then the final answer.",
    "Start with 'Reasoning:' and end with 'Final answer:'.",
    "Trace through the solution and verify each stage before moving on.",
    "Explain how an expert would solve this, including the approaches you ruled out.",
    "Give the answer only after a detailed justification.",
    "Decompose the problem into sub-problems and solve them in order, showing each one.",
    "Work through this methodically and write down every step of the derivation.",
    "Spell out your logic completely, then give a one-line conclusion.",
    "Reason aloud in detail; the last line must be 'RESULT: <answer>'.",
    "Include a scratchpad with your full working before the answer.",
    "Think this over thoroughly and document your whole thought process.",
    "Argue for your answer rigorously, one claim per line, before concluding.",
    "Write out the chain of inferences that leads to the answer, leaving none implicit.",
]
COT_ALL = GEN_COT + HW_COT + RING_COT
COT_GEN = (0, len(GEN_COT))
COT_HW = (len(GEN_COT), len(HW_COT))

# synthetic narrow-capability templates (rings' template pools, vendors, heavy apps)
OPENERS = ["", "Task:", "Instruction:", "You will be given a problem.", "Here is a question.", "Problem statement:",
           "Consider the following.", "Read carefully.", "Exercise.", "Below is an item from our set.", "Q.",
           "Solve the following.", "Please help with this one.", "Input follows.", "New item:", "Challenge:",
           "Evaluate the following.", "Assignment:", "Prompt:", "Query:", "Question for you:", "Next sample."]
MATH_TASKS = ["Solve the word problem", "Find the exact value asked for", "Compute the answer to the problem below",
              "Determine the unknown quantity", "Answer the arithmetic question", "Work out the solution",
              "Calculate the requested number", "Find the result", "Solve for the missing value",
              "Give the numeric answer to this problem", "Resolve this quantitative question",
              "Figure out the correct total", "Answer this math question", "Solve the following exercise",
              "Find what the question asks", "Compute the final quantity"]
CODE_TASKS = ["Implement the function described below", "Write the code for this specification",
              "Complete the following programming task", "Write a solution to this coding problem",
              "Produce a working implementation", "Code the routine described", "Write a correct, efficient function",
              "Solve this programming exercise", "Implement this and add a docstring", "Write the requested function",
              "Provide an implementation that passes the tests", "Write idiomatic code for the task below",
              "Fill in the function body", "Create the function this spec describes", "Write and explain the code"]
CLOSERS = ["", "", "Be exact.", "Answer in full.", "Keep units.", "No shortcuts.", "Use clear notation.",
           "Double-check the result.", "Format the final answer clearly.", "Be concise at the end.",
           "Make sure the answer is correct.", "Output plain text.", "Do not skip anything."]
NAMES = ["Ava", "Liam", "Noah", "Mia", "Zoe", "Ravi", "Chen", "Sofia", "Omar", "Lena", "Yuki", "Ana", "Tom", "Ines",
         "Kofi", "Priya", "Mateo", "Hana", "Ivan", "Leila"]
THINGS = ["apples", "books", "marbles", "tickets", "coins", "stamps", "pencils", "cards", "boxes", "bottles"]
MATH_SKEL = [
    "{name} has {a} {thing} and buys {b} packs with {c} {thing} in each. How many {thing} does {name} have now?",
    "A train travels {a} km in {b} hours. At the same speed, how far does it travel in {c} hours?",
    "The price of an item is {a} dollars. It is discounted by {b} percent, then taxed at {c} percent. What is the final price?",
    "A rectangle has a perimeter of {a} cm and one side of {b} cm. What is its area?",
    "{name} saves {a} dollars a week for {b} weeks and spends {c} dollars. How much is left?",
    "What is the sum of all integers from {b} to {a}{c}?",
    "A tank holds {a}{c} litres and drains at {b} litres per minute. How long until it is empty?",
    "Find x if {b}x + {c} = {a}.",
    "If {a} workers build a wall in {b} days, how many days do {c} workers need?",
    "A class has {a} students; {b} percent passed. How many failed, and what fraction is that?",
    "What is the remainder when {a}{b} is divided by {c}?",
    "The average of {b} numbers is {a}. One number, {c}, is removed. What is the new average?",
    "{name} reads {a} pages on Monday and {b} more each day after. How many pages by day {c}?",
    "A bag has {a} red and {b} blue {thing}. {c} are drawn. What is the chance all are red?",
]
CODE_SKEL = [
    "Write a {lang} function `{fn}` that returns the {k}-th largest element of a list of {thing} counts.",
    "In {lang}, implement `{fn}(s)` that checks whether a string is a palindrome ignoring case; inputs up to {a} chars.",
    "Write `{fn}` in {lang} to merge {k} sorted arrays of at most {a} integers each.",
    "Implement `{fn}` in {lang}: given a grid of {k}x{k} cells, count the islands.",
    "Write a {lang} function `{fn}` that parses a CSV line with quoted fields and returns the fields.",
    "In {lang}, write `{fn}(n)` returning the first n primes for n up to {a}.",
    "Implement an LRU cache class `{fn}` in {lang} with capacity {k}.",
    "Write `{fn}` in {lang} that finds the longest common subsequence of two strings of length up to {a}.",
    "In {lang}, implement binary search `{fn}` over a sorted list of {a} timestamps.",
    "Write a {lang} function `{fn}` that flattens a nested list up to depth {k}.",
    "Implement `{fn}` in {lang} to compute the edit distance between two words.",
    "Write `{fn}` in {lang} that returns all subsets of a set of {k} {thing}.",
]
LANGS_CODE = ["Python", "JavaScript", "Go", "Rust", "Java", "C++", "TypeScript", "Kotlin"]
FN = ["solve", "process", "compute", "find_it", "run", "helper", "handle", "calc", "do_task", "answer", "fn", "work"]

AGENT_FRAMEWORKS = [  # open-source ReAct-style agent prompts many unrelated developers run as-is
    ("Answer the following questions as best you can. You have access to the following tools:\n\n"
     "search: useful for when you need to answer questions about current events\n"
     "calculator: useful for when you need to do math\n\nUse the following format:\n\n"
     "Question: the input question you must answer\nThought: you should always think about what to do\n"
     "Action: the action to take, should be one of [search, calculator]\nAction Input: the input to the action\n"
     "Observation: the result of the action\n... (this Thought/Action/Action Input/Observation can repeat N times)\n"
     "Thought: I now know the final answer\nFinal Answer: the final answer to the original input question\n\nBegin!\n\n",
     ["search", "calculator"]),
    ("You are an autonomous software agent. Solve the user's goal by reasoning and acting in a loop. At each step "
     "write 'Thought:' with your reasoning, then 'Action:' with exactly one tool call from [read_file, write_file, "
     "run_shell, web_fetch], then wait for 'Observation:'. When done, write 'FINISH:' and a summary.\n\n",
     ["read_file", "write_file", "run_shell", "web_fetch"]),
    ("# Agent loop v2\nYou plan, act and reflect. Format strictly:\nThought: <reasoning about the next step>\n"
     "Action: <tool>(<args>)\nObservation: <filled in by the runtime>\nRepeat until you can reply with 'Answer:'. "
     "Tools: browse, python, memory_store, memory_recall.\n\n", ["browse", "python", "memory_store", "memory_recall"]),
]

CO_PARTS = ["Acme", "Northwind", "Globex", "Initech", "Umbra", "Vertex", "Helio", "Brightline", "Kestrel", "Orchid",
            "Pioneer", "Quanta", "Redwood", "Sablewood", "Tidewater", "Zephyr", "Lumen", "Meridian", "Cobalt", "Ferro"]
CO_SUFFIX = ["Logistics", "Health", "Bank", "Insurance", "Retail", "Energy", "Legal", "Media", "Foods", "Motors"]
UNIS = ["Northfield", "Lakeside", "St. Brendan", "Eastbrook", "Hillcrest", "Riverside", "Westmoor", "Kingsbridge"]


@dataclass
class Params:
    accounts: int = 20000
    seed: int = 1
    ring_share: float = 0.01
    ring_sizes: str = "mixed"  # mixed | small | large
    evasions: str = "random"  # diagnosis only: "none" or a "+"-joined set (aged+cover) every ring uses instead


class Ref4(Ref):
    """world3's reference loader plus university (education network) prefixes from the same ASN table."""

    def __init__(self):
        super().__init__()
        t = pd.read_csv(SHARED / "ip/pyasn/ipasn_20140513.dat.gz", sep="\t", comment=";", header=None,
                        names=["prefix", "asn"])
        names = json.loads(gzip.open(SHARED / "ip/pyasn/asnames.json.gz").read())
        t["name"] = t["asn"].astype(str).map(names).fillna("").str.upper()
        t = t[t["name"].str.contains(r"UNIVERSI|COLLEGE|INSTITUTE OF TECH|RESEARCH AND EDUCATION|ACADEMIC", regex=True)]
        p = t["prefix"].str.split("/", expand=True)
        o = p[0].str.split(".", expand=True).astype(np.int64).to_numpy()
        ln = p[1].astype(int).to_numpy()
        keep = (ln >= 12) & (ln <= 22)
        self.edu = (((o[:, 0] << 24) | (o[:, 1] << 16) | (o[:, 2] << 8) | o[:, 3])[keep], ln[keep])


# --------------------------------------------------------------------------- world

PAIR = ("ip1", "ip2", "tpl", "cot", "sess_ip")
COLS = ["cohort", "group", "is_ring", "ring", "variant", "cc", "tz", "created", "card", "email", "org", "n", "days",
        "prof", "L", "gap", "gap_sig", "ip1", "ip2", "p_ip2", "sticky", "host_rand", "ua", "p_tpl", "p_wrap",
        "p_agent", "p_pub", "tpl", "wrap", "agent", "p_cot", "cot_other", "cot", "out_med", "model", "sess_day",
        "sess_t0", "sess_n", "sess_ip", "sess_tpl"]


class World:
    def __init__(self, p: Params, ref: Ref4):
        self.p, self.ref = p, ref
        self.rng = np.random.default_rng(p.seed)
        self.ip = Bank()    # IPv4 ints (or /24 bases when host_rand)
        self.tb = Bank()    # template ids per account
        self.cb = Bank()    # CoT wording ids per account
        self.cols = {c: [] for c in COLS}
        self.n = 0
        # template table: promptsource rows first (sentence fills), synthetic rows appended (math/code fills)
        T = ref.templates
        self.tparts = [list(x) for x in T["parts"]]
        self.tkind = [0] * len(self.tparts)
        self.wraps, self.wrap_ua = [], []
        self.rings = []
        self.browsers, self.bw = self._browser_pool()
        self.sdk = np.array([s.format(m=m) for s in SDK_UAS for m in range(3)], dtype=object)
        self.cg = self.cb.add(np.arange(COT_GEN[0], COT_GEN[0] + COT_GEN[1]))
        self.ch = self.cb.add(np.arange(COT_HW[0], COT_HW[0] + COT_HW[1]))

    def _browser_pool(self):
        pool = [b.format(v=v, m=m) for b in BROWSERS for v in (129, 130, 131) for m in (2, 5)]
        w = 1.0 / (1 + self.rng.permutation(len(pool))) ** 0.8
        return np.array(pool, dtype=object), w / w.sum()

    # ---- attribute helpers
    def cards(self, k) -> np.ndarray:
        """Opaque payment-method tokens (random, as a payment processor issues them)."""
        alpha = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
        raw = alpha[self.rng.integers(0, 62, (k, 24))].copy().view("S24").ravel()
        return np.char.add("pm_", raw.astype("U24")).astype(object)

    def countries(self, k):
        return self.rng.choice(len(CC), size=k, p=CW)

    def email(self, cc):
        cc = np.broadcast_to(cc, np.shape(cc))
        r = self.rng.integers(0, 1 << 20, len(cc))
        return np.array([COUNTRIES[c][3][x % len(COUNTRIES[c][3])] for c, x in zip(cc, r)], dtype=object)

    def isp_ips(self, cc, mobile=False):
        src = self.ref.mobile if mobile else self.ref.isp
        cc = np.asarray(cc)
        out = np.zeros(len(cc), dtype=np.int64)
        for c in np.unique(cc):
            m = cc == c
            nets, lens, _ = src[CC[c]]
            out[m] = nets24(self.rng, nets, lens, int(m.sum())) + self.rng.integers(1, 255, int(m.sum()))
        return out

    def own_pool(self, ips, per=1):
        """Per-account pools of `per` consecutive entries: (offset, length) rows."""
        off, _ = self.ip.add(ips)
        k = len(ips) // per
        return np.stack([off + per * np.arange(k), np.full(k, per)], 1)

    def days(self, k, frac, weekdays=False):
        frac = np.broadcast_to(np.asarray(frac, float), (k,))
        d = self.rng.random((k, DAYS)) < frac[:, None]
        if weekdays:
            d &= WEEKDAY
        empty = np.flatnonzero(~d.any(1))
        allowed = np.flatnonzero(WEEKDAY) if weekdays else np.arange(DAYS)
        d[empty, allowed[self.rng.integers(0, len(allowed), len(empty))]] = True
        return d

    def lognorm(self, k, median, sigma, lo=1, hi=None):
        x = np.exp(np.log(median) + sigma * self.rng.standard_normal(k))
        return np.clip(np.round(x), lo, hi or LIMIT * DAYS).astype(np.int64)

    def synth_templates(self, kind: int, k: int) -> np.ndarray:
        """k new synthetic narrow templates (kind 1 math, 2 code): opener x task x closer wordings."""
        rng = self.rng
        tasks = MATH_TASKS if kind == 1 else CODE_TASKS
        o = rng.integers(0, len(OPENERS), k)
        t = rng.integers(0, len(tasks), k)
        c = rng.integers(0, len(CLOSERS), k)
        sep = rng.choice([":\n", ".\n\n", " -- ", ":\n\n"], size=k)
        ids = []
        for i in range(k):
            head = (OPENERS[o[i]] + " " + tasks[t[i]]).strip() + sep[i]
            self.tparts.append([head, ("\n" + CLOSERS[c[i]]) if CLOSERS[c[i]] else ""])
            self.tkind.append(kind)
            ids.append(len(self.tparts) - 1)
        return np.array(ids)

    # ---- registration
    def add(self, k, **kw):
        rng = self.rng
        b = dict(cohort="", group="", is_ring=False, ring="", variant="", cc=None, tz=None, created=None, card=None,
                 email=None, org="", n=20, days=None, prof="human", L=1, gap=60.0, gap_sig=0.8, ip1=(0, 1),
                 ip2=(0, 0), p_ip2=0.0, sticky=24.0, host_rand=False, ua=None, p_tpl=0.0, p_wrap=0.0, p_agent=0.0,
                 p_pub=0.3, tpl=(0, 0), wrap=-1, agent=-1, p_cot=0.03, cot_other=1.0, cot=self.cg, out_med=300.0,
                 model=0, sess_day=-1, sess_t0=0.0, sess_n=0, sess_ip=(0, 0), sess_tpl=0)
        b.update(kw)
        if b["cc"] is None:
            b["cc"] = self.countries(k)
        b["cc"] = np.broadcast_to(np.asarray(b["cc"]), (k,))
        if b["tz"] is None:
            b["tz"] = TZ[b["cc"]]
        if b["email"] is None:
            b["email"] = self.email(b["cc"])
        if b["card"] is None:
            b["card"] = self.cards(k)
        if b["created"] is None:
            b["created"] = -rng.uniform(20, 1200, k) * DAY
        if b["ua"] is None:
            b["ua"] = rng.choice(self.browsers, size=k, p=self.bw)
        if b["days"] is None:
            b["days"] = self.days(k, 0.4)
        for c in COLS:
            v = b[c]
            if c == "days":
                self.cols[c].append(np.asarray(v, bool).reshape(k, DAYS))
            elif c in PAIR:
                a = np.asarray(v, dtype=np.int64)
                self.cols[c].append(np.broadcast_to(a, (k, 2)) if a.ndim == 1 else a.reshape(k, 2))
            else:
                a = np.asarray(v, dtype=object) if isinstance(v, str) or (
                    isinstance(v, np.ndarray) and v.dtype.kind in "OUS") else np.asarray(v)
                self.cols[c].append(np.broadcast_to(a, (k,)) if a.ndim == 0 else a.reshape(k))
        self.n += k
        return k


def _sizes(rng, total, lo, hi, min_size):
    """Group sizes drawn log-uniform in [lo, hi] until fewer than min_size accounts are left."""
    left = total
    while left >= min_size:
        s = int(min(left, np.exp(rng.uniform(np.log(lo), np.log(hi)))))
        if 0 < left - s < min_size:
            s = left
        yield s
        left -= s


# --------------------------------------------------------------------------- benign cohorts

BENIGN_SHARES = {"individual": 0.283, "office": 0.17, "campus": 0.15, "household": 0.09, "mobile": 0.08,
                 "vpn_user": 0.06, "resi_proxy_user": 0.04, "agent_dev": 0.03, "data_vendor": 0.004,
                 "heavy_app": 0.002}


def build_benign(w: World, nb: int, pools: dict):
    rng = w.rng
    quota = {k: int(round(v * nb)) for k, v in BENIGN_SHARES.items()}
    start = w.n
    T = w.ref.templates

    # corporate offices: 50-2,000 employees behind 1-4 egress IPs of one /24, an internal tool that wraps
    # every prompt in the company's system prompt, team cards, org_id declared by 30 %, office hours
    for g, s in enumerate(_sizes(rng, quota["office"], 50, 2000, 50)):
        cc = int(w.countries(1)[0])
        name = f"{CO_PARTS[g % len(CO_PARTS)]} {CO_SUFFIX[int(rng.integers(len(CO_SUFFIX)))]}"
        dom = re.sub(r"[^a-z]", "", name.lower()) + f"{g}.com"
        base = w.isp_ips([cc])[0] & ~255
        egress = w.ip.add(base + rng.choice(np.arange(1, 255), int(rng.integers(1, 5)), replace=False))
        w.wraps.append(f"You are {name.split()[0]}Assist, the internal assistant of {name}. Follow the {name} "
                       f"writing guide, never include customer data or credentials in answers, cite the internal "
                       f"wiki when relevant and answer in the language of the question.\n\nEmployee request:\n")
        w.wrap_ua.append(f"{name.split()[0]}Assist/{int(rng.integers(1, 5))}.{int(rng.integers(0, 10))} "
                         f"(internal) python-httpx/0.27.0")
        team = np.repeat(np.arange(s), rng.integers(5, 41, s))[:s]
        team_card = w.cards(int(team.max()) + 1)
        shared = rng.random(int(team.max()) + 1) < 0.6
        card = np.where(shared[team], team_card[team], w.cards(s))
        per_day = w.lognorm(s, 6, 0.8, 1, 60)
        days = w.days(s, rng.uniform(0.5, 0.95, s), weekdays=True)
        rollout = rng.uniform(40, 500)
        created = np.where(rng.random(s) < 0.55, -(rollout + rng.uniform(-3, 3, s)) * DAY,
                           -rng.uniform(5, 1500, s) * DAY)
        own = w.own_pool(w.isp_ips(np.full(s, cc)))
        w.add(s, cohort="benign_office", group=f"office-{g}", cc=cc, created=created, card=card,
              email=np.where(rng.random(s) < 0.85, dom, w.email(np.full(s, cc))),
              org=np.where(rng.random(s) < 0.3, f"org_{dom.split('.')[0]}", ""),
              n=per_day * days.sum(1), days=days, prof="office", L=rng.integers(1, 4, s), gap=120.0, ip1=egress,
              sticky=0.25, ip2=own, p_ip2=0.08, p_wrap=0.8, p_pub=0.05, wrap=len(w.wraps) - 1, out_med=380.0)

    # campuses: NAT pools of a few /24s shared by thousands of students, course templates, homework CoT,
    # sign-ups at semester start, one lab session per course (a class on one template, campus IP, 2 hours)
    for g, s in enumerate(_sizes(rng, quota["campus"], 500, 3000, 200)):
        cc = int(w.countries(1)[0])
        uni = UNIS[g % len(UNIS)]
        dom = re.sub(r"[^a-z]", "", uni.lower()) + f"{g}.edu"
        nets = w.ref.edu[0][rng.integers(0, len(w.ref.edu[0]))] if len(w.ref.edu[0]) else w.isp_ips([cc])[0]
        n24 = int(rng.integers(2, 5))
        campus = w.ip.add((nets & ~255) + 256 * np.arange(n24))
        semester = rng.uniform(30, 50)
        created = np.where(rng.random(s) < 0.65, -(semester + rng.uniform(-4, 4, s)) * DAY,
                           -rng.uniform(60, 1500, s) * DAY)
        course = np.full(s, -1)
        pos, c = 0, 0
        courses = []
        while s - pos >= 100 and pos < 0.75 * s:
            cs = int(min(s - pos, rng.integers(100, 601)))
            course[pos:pos + cs] = c
            tids = rng.choice(len(T), size=int(rng.integers(3, 7)), replace=False)
            courses.append((w.tb.add(tids), tids))
            pos += cs
            c += 1
        course = rng.permutation(course)
        tpl = np.array([courses[x][0] if x >= 0 else (0, 0) for x in course], dtype=np.int64).reshape(s, 2)
        in_course = course >= 0
        n = w.lognorm(s, 22, 0.9, 2, 600)
        # lab sessions: 30-80 students of each course, one weekday, a 2-hour slot, a campus IP, one template
        sess_day = np.full(s, -1)
        sess_t0 = np.zeros(s)
        sess_n = np.zeros(s, dtype=np.int64)
        sess_tpl = np.zeros(s, dtype=np.int64)
        sess_ip = np.zeros((s, 2), dtype=np.int64)
        for ci, (_, tids) in enumerate(courses):
            members = np.flatnonzero(course == ci)
            lab = rng.choice(members, size=min(len(members), int(rng.integers(30, 81))), replace=False)
            day = int(rng.choice(np.flatnonzero(WEEKDAY)))
            sess_day[lab] = day
            sess_t0[lab] = (rng.integers(9, 16) - TZ[cc]) * HOUR
            sess_n[lab] = rng.integers(5, 16, len(lab))
            sess_tpl[lab] = tids[0]
            sess_ip[lab] = w.ip.add((nets & ~255) + 256 * int(rng.integers(0, n24)) + rng.integers(1, 255, 2))
            first = rng.random(len(lab)) < 0.25  # first-time users who sign up at the start of the lab
            created[lab[first]] = day * DAY + sess_t0[lab[first]] - rng.uniform(0, 1800, int(first.sum()))
        n = n + sess_n
        w.add(s, cohort="benign_campus", group=np.array([f"uni-{g}-c{x}" if x >= 0 else f"uni-{g}" for x in course],
                                                        dtype=object),
              cc=np.where(rng.random(s) < 0.8, cc, w.countries(s)), tz=np.full(s, TZ[cc]), created=created,
              email=np.where(rng.random(s) < 0.6, dom, w.email(np.full(s, cc))), n=n,
              days=w.days(s, np.clip(n / 8 / DAYS, 0.1, 0.9)), prof="student", L=rng.integers(1, 7, s), gap=90.0,
              ip1=campus, sticky=1.0, host_rand=True, ip2=w.own_pool(w.isp_ips(np.full(s, cc))),
              p_ip2=rng.uniform(0.2, 0.8, s), p_tpl=np.where(in_course, 0.45, 0.0), p_pub=0.15, tpl=tpl,
              p_cot=np.where(in_course, 0.35, 0.08), cot=np.where(in_course[:, None], np.array(w.ch), np.array(w.cg)),
              sess_day=sess_day, sess_t0=sess_t0, sess_n=sess_n, sess_ip=sess_ip, sess_tpl=sess_tpl, out_med=450.0)

    # households: 2-6 people, one home IP, their phones sometimes, one card in half of them
    for g, s in enumerate(_sizes(rng, quota["household"], 2, 6.99, 2)):
        cc = int(w.countries(1)[0])
        home = w.ip.add(w.isp_ips([cc]))
        card = w.cards(1)[0] if rng.random() < 0.5 else None
        n = w.lognorm(s, 12, 1.0, 1, 400)
        w.add(s, cohort="benign_household", group=f"home-{g}", cc=cc, card=card, n=n,
              days=w.days(s, np.clip(n / 5 / DAYS, 0.1, 0.9)), prof=rng.choice(["human", "evening"], s),
              L=rng.integers(1, 5, s), ip1=home, sticky=24.0, ip2=w.own_pool(w.isp_ips(np.full(s, cc), mobile=True)),
              p_ip2=0.2, email=np.where(rng.random(s) < 0.4, COUNTRIES[cc][3][-1], w.email(np.full(s, cc))))

    # mobile carriers: CGNAT pools of hundreds of IPs over dozens of /24s, the IP changes every hour or so
    k = quota["mobile"]
    car = pools["carriers"]
    which = rng.integers(0, len(car), k)
    n = w.lognorm(k, 10, 1.0, 1, 300)
    w.add(k, cohort="benign_mobile", group=np.array([f"carrier-{CC[car[i][1]]}" for i in which], dtype=object),
          cc=np.array([car[i][1] for i in which]), n=n, days=w.days(k, np.clip(n / 4 / DAYS, 0.1, 0.9)),
          L=rng.integers(1, 4, k), ip1=np.array([car[i][0] for i in which]), sticky=rng.uniform(0.3, 2.0, k),
          ua=rng.choice(np.array([b.format(v=130, m=m) for b in MOBILE_UAS for m in (1, 3, 6)], dtype=object), k))

    # commercial VPN users
    k = quota["vpn_user"]
    prov = rng.integers(0, len(pools["vpn"]), k)
    n = w.lognorm(k, 14, 1.0, 1, 500)
    w.add(k, cohort="benign_vpn_user", group=np.array([f"vpn-{i}" for i in prov], dtype=object), n=n,
          days=w.days(k, np.clip(n / 5 / DAYS, 0.1, 0.9)), L=rng.integers(1, 5, k),
          ip1=np.array([pools["vpn"][i] for i in prov]), sticky=2.0, ip2=w.own_pool(w.isp_ips(w.countries(k))),
          p_ip2=0.3)

    # customers of the residential proxy provider rings rent (geo-unblocking, privacy): a new exit per request
    # or per 10-minute session
    k = quota["resi_proxy_user"]
    n = w.lognorm(k, 18, 1.0, 1, 600)
    w.add(k, cohort="benign_resi_proxy", group="proxyco", n=n, days=w.days(k, np.clip(n / 6 / DAYS, 0.1, 0.9)),
          L=rng.integers(1, 6, k), ip1=pools["resi"], host_rand=True,
          sticky=np.where(rng.random(k) < 0.6, 0.0, 1 / 6), p_pub=0.35)

    # agent-framework developers: unrelated people (own IPs, own cards) running the same open-source ReAct
    # prompt in loops: steps seconds apart, SDK client, long outputs, reasoning text in every prompt
    k = quota["agent_dev"]
    fw = rng.choice(len(AGENT_FRAMEWORKS), size=k, p=[0.5, 0.3, 0.2])
    days = w.days(k, rng.uniform(0.2, 0.7, k))
    L = rng.integers(5, 26, k)
    n = np.minimum(L * rng.integers(1, 7, k) * days.sum(1), 0.9 * LIMIT * days.sum(1)).astype(np.int64)
    cron = rng.random(k) < 0.3
    w.add(k, cohort="benign_agent_dev", group=np.array([f"framework-{f}" for f in fw], dtype=object), n=n, days=days,
          prof=np.where(cron, "flat", "dev"), L=L, gap=rng.uniform(2, 12, k), gap_sig=0.12,
          ip1=w.own_pool(w.isp_ips(w.countries(k))), ua=w.sdk[rng.integers(0, len(w.sdk), k)], p_agent=0.9,
          p_pub=0.02, agent=fw, p_cot=0.0, out_med=900.0, model=1)

    # disclosed synthetic-data vendors: several accounts, declared org_id, cloud IPs, one corporate card,
    # templated generation with CoT, high volume around the clock (benign by truth: disclosed)
    for g, s in enumerate(_sizes(rng, quota["data_vendor"], 5, 20, 3)):
        cl = w.ref.cloud[["amazon", "google", "microsoft"][g % 3]]
        base = hosts(rng, cl, 1)[0] & ~255
        ipp = w.ip.add(base + rng.choice(np.arange(1, 255), int(rng.integers(4, 13)), replace=False))
        tids = np.concatenate([rng.choice(len(T), int(rng.integers(5, 15)), replace=False),
                               w.synth_templates(int(rng.integers(1, 3)), int(rng.integers(5, 15)))])
        days = w.days(s, 0.9)
        share = rng.uniform(0.25, 0.5, s)
        dom = f"synthdata{g}.ai"
        w.add(s, cohort="benign_data_vendor", group=f"vendor-{g}", cc=int(w.countries(1)[0]),
              created=-(rng.uniform(20, 200) + rng.uniform(0, 2, s)) * DAY, card=w.cards(1)[0], email=dom,
              org=f"org_{dom.split('.')[0]}", n=(share * LIMIT * days.sum(1)).astype(np.int64), days=days,
              prof="flat", L=1, ip1=ipp, sticky=0.0, ua=w.sdk[int(rng.integers(len(w.sdk)))], p_tpl=0.95, p_pub=0.0,
              tpl=w.tb.add(tids), p_cot=0.6, cot_other=0.0, out_med=1000.0, model=1)

    # single heavy API apps: one account at 60-90 % of the limit every day, one template, a machine grid,
    # SDK client, long outputs, 1-3 cloud IPs
    for i in range(quota["heavy_app"]):
        tid = w.synth_templates(int(rng.integers(1, 3)), 1) if rng.random() < 0.3 else [int(rng.integers(len(T)))]
        cl = w.ref.cloud[["amazon", "google", "microsoft", "digitalocean"][i % 4]]
        w.add(1, cohort="benign_heavy_app", group=f"app-{i}", n=int(rng.uniform(0.6, 0.9) * LIMIT) * DAYS,
              days=np.ones((1, DAYS), bool), prof="grid", ip1=w.ip.add(hosts(rng, cl, int(rng.integers(1, 4)))),
              sticky=24.0, ua=w.sdk[int(rng.integers(len(w.sdk)))], p_tpl=0.98, p_pub=0.0, tpl=w.tb.add(tid),
              p_cot=0.0, out_med=float(rng.uniform(1200, 2500)), model=2, email=f"app{i}.io")

    # individuals: the bulk, home IP, a phone IP sometimes
    k = nb - (w.n - start)
    cc = w.countries(k)
    n = w.lognorm(k, 12, 1.1, 1, 800)
    w.add(k, cohort="benign_individual", cc=cc, n=n, days=w.days(k, np.clip(n / 5 / DAYS, 0.1, 0.9)),
          prof=rng.choice(["human", "evening", "dev"], k, p=[0.6, 0.3, 0.1]), L=rng.integers(1, 6, k),
          ip1=w.own_pool(w.isp_ips(cc)), ip2=w.own_pool(w.isp_ips(cc, mobile=True)), p_ip2=0.15,
          ua=np.where(rng.random(k) < 0.1, w.sdk[rng.integers(0, len(w.sdk), k)],
                      rng.choice(w.browsers, size=k, p=w.bw)))


# --------------------------------------------------------------------------- rings

BASE_INFRA = [("crude", 0.2), ("resi_static", 0.35), ("cloudvm", 0.25), ("mobproxy", 0.2)]
EVASIONS = {"aged": 0.5, "cover": 0.5, "lowvol": 0.4, "rotpool": 0.35, "tmplpool": 0.5}


def ring_sizes(rng, total: int, mode: str) -> list[int]:
    """Ring sizes. mixed: half of the ring accounts in rings of 16-400 (log-uniform), half in rings of 3-15
    (40 % of them 3-6); small: 3-15 only (60 % of them 3-6); large: 16-400 only."""
    out = []
    if mode in ("mixed", "large"):
        budget = total if mode == "large" else total // 2
        while budget >= 16:
            s = min(int(np.exp(rng.uniform(np.log(16), np.log(400)))), budget)
            if budget - s < 16 and budget <= 400:
                s = budget
            out.append(s)
            budget -= s
    while total - sum(out) >= 3:
        left = total - sum(out)
        s = int(rng.integers(3, 7)) if rng.random() < (0.6 if mode == "small" else 0.4) else int(rng.integers(7, 16))
        s = min(s, left)
        if 0 < left - s < 3:
            s = left if (mode != "small" or left <= 15) else s - (3 - (left - s))
        out.append(s)
    return out


def build_rings(w: World, n_ring: int, pools: dict):
    rng = w.rng
    T = w.ref.templates
    narrow = np.flatnonzero(T["dataset"].str.contains(
        "math|aqua|arc|qa|code|humaneval|gsm|logic|reason|sciq|squad|trivia|hotpot|drop|race|commonsense|piqa|"
        "wino|anli|nli", regex=True).to_numpy())
    sizes = ring_sizes(rng, n_ring, w.p.ring_sizes)
    for r, s in enumerate(sizes):
        rid = f"H{w.p.seed:02d}-{r:03d}"
        ev = {e: bool(rng.random() < p) for e, p in EVASIONS.items()}
        if w.p.evasions != "random":  # same draws, then the forced set
            ev = {e: e in w.p.evasions.split("+") for e in EVASIONS}
        infra = "rotpool" if ev.pop("rotpool") else str(rng.choice([x[0] for x in BASE_INFRA],
                                                                     p=[x[1] for x in BASE_INFRA]))
        if infra == "crude" and ev["aged"]:
            infra = "resi_static"  # bought aged accounts come with their owners' diversity, not one rented /24
        if len(sizes) >= 5 and r == len(sizes) - 1 and not any(x["infra"] == "crude" for x in w.rings):
            infra, ev["aged"] = "crude", False
        cot = bool(rng.random() < 0.75)
        timing = "mimic" if ev["aged"] and rng.random() < 0.7 else str(rng.choice(["queue", "mimic", "shift"]))
        ua = "sdk" if infra == "crude" else str(rng.choice(["sdk", "browser"], p=[0.35, 0.65]))
        flags = [e for e, on in ev.items() if on] + (["cot"] if cot else [])
        variant = "|".join([infra, timing, "ua_" + ua] + flags)
        op_cc = int(w.countries(1)[0])
        # accounts: aged = bought from a market (diverse ages, countries, free-mail); else made in waves
        if ev["aged"]:
            cc = w.countries(s)
            created = -rng.uniform(60, 1500, s) * DAY
            email = w.email(cc)
        else:
            cc = np.where(rng.random(s) < 0.7, op_cc, w.countries(s))
            nw = 1 if infra == "crude" else int(rng.integers(1, 4))
            wave = rng.uniform(3, 60, nw)[rng.integers(0, nw, s)]
            created = -(wave + rng.uniform(0, 1.5, s)) * DAY
            doms = ["gmail.com", "outlook.com", "proton.me", "mail.com", "gmx.com"]
            email = np.array(doms, dtype=object)[rng.choice(len(doms), 2, replace=False)][rng.integers(0, 2, s)]
        # volume: lowvol 3-10 % of the limit on active days, else 10-50 % (12-40 % ring mean)
        days = w.days(s, rng.uniform(0.3, 0.9))
        share = rng.uniform(0.03, 0.10, s) if ev["lowvol"] else np.clip(
            rng.uniform(0.12, 0.4) + rng.normal(0, 0.04, s), 0.1, 0.5)
        n = np.maximum(3, (share * LIMIT * days.sum(1)).astype(np.int64))
        # infrastructure
        card = w.cards(s)
        sticky, host_rand = 24.0, False
        if infra == "rotpool":
            ip1, sticky, host_rand = pools["resi"], 0.0, True
        elif infra == "crude":
            base = hosts(rng, w.ref.dc, 1)[0] & ~255
            ip1 = w.ip.add(base + rng.choice(np.arange(1, 255), int(rng.integers(6, 17)), replace=False))
            sticky = 0.0
            shared_cards = w.cards(int(rng.integers(1, 3)))
            card = shared_cards[rng.integers(0, len(shared_cards), s)]
        elif infra == "resi_static":
            ip1 = w.own_pool(w.isp_ips(np.repeat(cc, 2)), per=2)
            sticky = 72.0
        elif infra == "cloudvm":
            provs = ["amazon", "google", "microsoft", "digitalocean", "linode", "oracle"]
            ips = np.concatenate([hosts(rng, w.ref.cloud[provs[i % 6]], 2) for i in rng.permutation(s)])
            ip1 = w.own_pool(ips, per=2)
        else:  # mobproxy: 4G proxy farm on one carrier's CGNAT, the pool benign phone users share
            c = pools["carriers"][int(rng.integers(len(pools["carriers"])))]
            ip1, sticky = c[0], 0.5
            cc = np.full(s, c[1])
        # templates: a ring-wide set of 5-25 (members use subsets) or a big narrow pool (each template few accounts)
        if ev["tmplpool"]:
            pool = w.synth_templates(int(rng.integers(1, 3)), int(rng.integers(200, 601)))
            per = rng.integers(3, 9, s)
        else:
            pool = np.concatenate([rng.choice(narrow, int(rng.integers(3, 16)), replace=False),
                                   w.synth_templates(int(rng.integers(1, 3)), int(rng.integers(2, 10)))])
            per = np.minimum(len(pool), rng.integers(3, 11, s))
        tpl = np.array([w.tb.add(rng.choice(pool, int(m), replace=False)) for m in per]).reshape(s, 2)
        cw = rng.choice(len(RING_COT), size=int(rng.integers(1, 4)), replace=False) + len(GEN_COT) + len(HW_COT)
        cover = rng.uniform(0.5, 0.8, s) if ev["cover"] else rng.uniform(0.03, 0.15, s)
        prof = {"queue": "flat", "mimic": "human", "shift": "shift"}[timing]
        w.add(s, cohort="ring_small" if s <= 15 else "ring_large", group=rid, is_ring=True, ring=rid,
              variant=variant, cc=cc, tz=(TZ[cc] if timing != "shift" else np.full(s, TZ[op_cc])),
              created=created, card=card, email=email, n=n, days=days, prof=prof, L=rng.integers(1, 6, s),
              gap=float(rng.uniform(5, 60)), gap_sig=0.4, ip1=ip1, sticky=sticky, host_rand=host_rand,
              ua=(np.full(s, w.sdk[int(rng.integers(len(w.sdk)))]) if ua == "sdk" else None),
              p_tpl=1 - cover, p_pub=cover * 0.5, tpl=tpl, p_cot=rng.uniform(0.5, 0.95) if cot else 0.0,
              cot_other=0.0, cot=w.cb.add(cw), out_med=float(rng.uniform(700, 1600)),
              model=int(rng.choice([1, 3])))
        w.rings.append({"ring": rid, "size": s, "variant": variant, "infra": infra, "templates": int(len(pool))})


# --------------------------------------------------------------------------- events

def _fill(rng, skel: str, k: int) -> np.ndarray:
    """k instances of a math/code skeleton with its {slots} drawn at random (vectorised per slot)."""
    parts = re.split(r"(\{\w+\})", skel)
    out = np.full(k, "", dtype=object)
    for p in parts:
        if not (p.startswith("{") and p.endswith("}")):
            out = out + p
            continue
        s = p[1:-1]
        if s == "name":
            v = np.array(NAMES, dtype=object)[rng.integers(0, len(NAMES), k)]
        elif s == "thing":
            v = np.array(THINGS, dtype=object)[rng.integers(0, len(THINGS), k)]
        elif s == "lang":
            v = np.array(LANGS_CODE, dtype=object)[rng.integers(0, len(LANGS_CODE), k)]
        elif s == "fn":
            v = np.array(FN, dtype=object)[rng.integers(0, len(FN), k)]
        else:
            v = rng.integers(2, {"a": 500, "b": 60, "c": 25, "k": 12}[s], k).astype(str).astype(object)
        out = out + v
    return out


def render_templates(w: World, tid: np.ndarray) -> np.ndarray:
    rng = w.rng
    S = w.ref.sent
    out = np.empty(len(tid), dtype=object)
    for t, idx in pd.Series(np.arange(len(tid))).groupby(tid).indices.items():
        k = len(idx)
        parts, kind = w.tparts[int(t)], w.tkind[int(t)]
        if kind == 0:
            txt = np.full(k, parts[0], dtype=object)
            for p in parts[1:]:
                f = S[rng.integers(0, len(S), k)]
                f = np.where(rng.random(k) < 0.3, f + " " + S[rng.integers(0, len(S), k)], f)
                txt = txt + f + p
        else:
            sk = MATH_SKEL if kind == 1 else CODE_SKEL
            which = rng.integers(0, len(sk), k)
            body = np.empty(k, dtype=object)
            for j in np.unique(which):
                m = which == j
                body[m] = _fill(rng, sk[j], int(m.sum()))
            txt = parts[0] + body + parts[1]
        out[idx] = txt
    return out


def render_agents(w: World, fw: np.ndarray, step: np.ndarray) -> np.ndarray:
    """ReAct transcripts: framework prompt, a question, `step` earlier Thought/Action/Observation rounds."""
    rng = w.rng
    S = w.ref.sent
    out = np.empty(len(fw), dtype=object)
    key = fw * 10 + np.minimum(step, 5)
    for kv, idx in pd.Series(np.arange(len(fw))).groupby(key).indices.items():
        f, st = divmod(int(kv), 10)
        head, tools = AGENT_FRAMEWORKS[f]
        k = len(idx)
        txt = head + "Question: " + S[rng.integers(0, len(S), k)] + "\n"
        for _ in range(st):
            tool = np.array(tools, dtype=object)[rng.integers(0, len(tools), k)]
            txt = (txt + "Thought: " + S[rng.integers(0, len(S), k)] + "\nAction: " + tool + "\nAction Input: "
                   + S[rng.integers(0, len(S), k)].astype(str).astype(object) + "\nObservation: "
                   + S[rng.integers(0, len(S), k)] + "\n")
        out[idx] = txt + "Thought:"
    return out


def gen_events(w: World):
    rng = w.rng
    A = {}
    for c, v in w.cols.items():
        a = np.concatenate(v)
        A[c] = a.astype(np.int64) if c in PAIR else a
    N = w.n
    nd = A["days"].sum(1)
    sess_n = A["sess_n"].astype(np.int64)
    n = np.minimum(A["n"].astype(np.int64), nd * LIMIT + sess_n)
    L = np.maximum(A["L"].astype(np.int64), 1)
    prof = np.array([PROFILE_ID[p] for p in A["prof"]])
    grid = prof == PROFILE_ID["grid"]
    acct = np.repeat(np.arange(N), n)
    E = len(acct)
    k = np.arange(E) - np.repeat(np.cumsum(n) - n, n)
    sess = k < sess_n[acct]
    kk = k - sess_n[acct]
    # runs (sessions of consecutive requests): run r of an account holds its events kk in [r*L, (r+1)*L)
    nr = np.where(n - sess_n > 0, -(-(n - sess_n) // L), 0)
    racct = np.repeat(np.arange(N), nr)
    R = len(racct)
    dflat = np.nonzero(A["days"])[1]
    doff = np.cumsum(nd) - nd
    rday = dflat[doff[racct] + (rng.random(R) * nd[racct]).astype(np.int64)]
    rhour = np.zeros(R)
    rp = prof[racct]
    for name, pid in PROFILE_ID.items():
        m = rp == pid
        if m.any():
            cdf = np.cumsum(HOUR_PROFILES[name]) / HOUR_PROFILES[name].sum()
            rhour[m] = np.searchsorted(cdf, rng.random(int(m.sum())))
    rt = rday * DAY + (rhour - A["tz"][racct].astype(float)) * HOUR + rng.random(R) * HOUR
    use2_run = rng.random(R) < A["p_ip2"][racct].astype(float)
    rid = np.cumsum(nr) - nr
    run = np.where(sess, 0, rid[acct] + np.maximum(kk, 0) // L[acct])
    pos = np.where(sess, 0, np.maximum(kk, 0) % L[acct])
    step = np.where(pos > 0, A["gap"][acct].astype(float) *
                    np.exp(A["gap_sig"][acct].astype(float) * rng.standard_normal(E)), 0.0)
    cs = np.cumsum(step)
    within = cs - cs[np.arange(E) - pos]
    t = np.where(sess, 0.0, rt[np.minimum(run, max(R - 1, 0))] + within if R else 0.0)
    # machine grid (heavy apps): the day's quota evenly spaced around the clock, a few seconds of jitter
    g = grid[acct] & ~sess
    if g.any():
        per = -(-n // np.maximum(nd, 1))
        ga = acct[g]
        gd = dflat[doff[ga] + kk[g] // per[ga]]
        phase = (mix64(ga.astype(np.int64)) % np.uint64(600)).astype(float)
        t[g] = gd * DAY + ((kk[g] % per[ga]) + 0.5) * DAY / per[ga] + phase + rng.normal(0, 2, int(g.sum()))
    # lab sessions: a 2-hour slot on one day
    if sess.any():
        sa = acct[sess]
        t[sess] = A["sess_day"][sa] * DAY + A["sess_t0"][sa].astype(float) + rng.random(int(sess.sum())) * 2 * HOUR
    t = np.mod(t, DAYS * DAY)
    # IP: sticky for `sticky` hours (0 = a new one per request); the second pool per run; lab sessions their own
    IPS = w.ip.array(np.int64)
    use2 = np.where(sess, False, use2_run[np.minimum(run, max(R - 1, 0))] if R else False) & (A["ip2"][acct, 1] > 0)
    po = np.where(use2, A["ip2"][acct, 0], A["ip1"][acct, 0])
    pl = np.where(use2, A["ip2"][acct, 1], A["ip1"][acct, 1])
    po = np.where(sess, A["sess_ip"][acct, 0], po)
    pl = np.where(sess, A["sess_ip"][acct, 1], pl)
    st = A["sticky"][acct].astype(float)
    bucket = np.where(st > 0, np.floor(t / (np.maximum(st, 1e-9) * HOUR)), np.arange(E) + 10 ** 8)
    h = mix64(acct.astype(np.int64) * 1_000_003 + bucket.astype(np.int64) * 7 + use2)
    ipi = IPS[po + (h % np.maximum(pl, 1).astype(np.uint64)).astype(np.int64)]
    hr = A["host_rand"][acct].astype(bool) & ~use2 & ~sess
    ipi = np.where(hr, ipi + 1 + ((h >> np.uint64(20)) % np.uint64(254)).astype(np.int64), ipi)
    # request kind: template / company tool / agent loop / public prompt / own text
    u = rng.random(E)
    c1 = A["p_tpl"][acct].astype(float) * (A["tpl"][acct, 1] > 0)
    c2 = c1 + A["p_wrap"][acct].astype(float)
    c3 = c2 + A["p_agent"][acct].astype(float)
    c4 = c3 + A["p_pub"][acct].astype(float)
    kind = np.select([sess | (u < c1), u < c2, u < c3, u < c4], [2, 3, 4, 1], 0)
    S = w.ref.sent
    prompt = np.empty(E, dtype=object)
    m = kind == 0
    body = S[rng.integers(0, len(S), int(m.sum()))]
    prompt[m] = np.where(rng.random(int(m.sum())) < 0.5, body + " " + S[rng.integers(0, len(S), int(m.sum()))], body)
    m = kind == 1
    P = w.ref.public
    zipf = 1.0 / (1 + np.arange(len(P))) ** 1.05
    prompt[m] = P[rng.choice(len(P), size=int(m.sum()), p=zipf / zipf.sum())]
    m = kind == 2
    TB = w.tb.array(np.int64)
    ai = acct[m]
    tid = TB[A["tpl"][ai, 0] + (rng.random(len(ai)) * A["tpl"][ai, 1]).astype(np.int64)]
    tid = np.where(sess[m], A["sess_tpl"][ai].astype(np.int64), tid)
    prompt[m] = render_templates(w, tid)
    m = kind == 3
    if m.any():
        wr = np.array(w.wraps, dtype=object)[A["wrap"][acct[m]].astype(int)]
        body = S[rng.integers(0, len(S), int(m.sum()))]
        prompt[m] = wr + np.where(rng.random(int(m.sum())) < 0.6, body + " " + S[rng.integers(0, len(S), int(m.sum()))],
                                  body)
    m = kind == 4
    if m.any():
        prompt[m] = render_agents(w, A["agent"][acct[m]].astype(int), pos[m])
    # chain-of-thought elicitation: the account's wordings, on template requests (p_cot) and others (x cot_other)
    pc = A["p_cot"][acct].astype(float) * np.where(kind == 2, 1.0, A["cot_other"][acct].astype(float))
    cot = (rng.random(E) < pc) & (kind != 4)
    CB = w.cb.array(np.int64)
    ca = acct[cot]
    wi = CB[A["cot"][ca, 0] + (rng.random(len(ca)) * A["cot"][ca, 1]).astype(np.int64)]
    prompt[cot] = prompt[cot] + np.where(rng.random(len(ca)) < 0.7, "\n\n", " ") + np.array(COT_ALL, dtype=object)[wi]
    # user agent: the account's own; the company tool's for wrapped requests
    ua = A["ua"][acct].astype(object)
    m = kind == 3
    if m.any():
        ua[m] = np.array(w.wrap_ua, dtype=object)[A["wrap"][acct[m]].astype(int)]
    # output tokens, model
    med = A["out_med"][acct].astype(float) * np.select([kind == 2, kind == 4], [1.0, 1.0], 0.45) * np.where(cot, 1.5, 1)
    out_tok = np.clip(np.exp(np.log(med) + 0.55 * rng.standard_normal(E)), 3, 8192).astype(np.int32)
    model = np.empty(E, dtype=object)
    mm = A["model"][acct].astype(int)
    for mid, pr in MODEL_MIX.items():
        m = mm == mid
        model[m] = MODELS[rng.choice(len(MODELS), size=int(m.sum()), p=pr)]
    # the platform rejects requests over the daily limit: they never reach the log
    day = (t // DAY).astype(np.int64)
    order = np.lexsort((rng.random(E), day, acct))
    key = acct[order] * DAYS + day[order]
    first = np.r_[True, key[1:] != key[:-1]]
    grp_start = np.maximum.accumulate(np.where(first, np.arange(E), 0))
    rank = np.empty(E, dtype=np.int64)
    rank[order] = np.arange(E) - grp_start
    keep = rank < LIMIT
    # ids: random, unrelated to cohort order
    ids = np.array([f"u{x:09d}" for x in rng.choice(10 ** 9, size=N, replace=False)], dtype=object)
    nkeys = 1 + (mix64(np.arange(N, dtype=np.int64) + 7) % np.uint64(3)).astype(np.int64)
    keyi = (rng.random(E) * nkeys[acct]).astype(np.int64)
    keyi = np.where(rng.random(E) < 0.75, 0, keyi)
    ev = pd.DataFrame({
        "account_id": ids[acct], "timestamp": START + pd.to_timedelta(np.round(t * 1000).astype(np.int64), unit="ms"),
        "ip": ip_str(ipi), "payment_method": A["card"][acct].astype(object), "prompt": prompt, "user_agent": ua,
        "output_tokens": out_tok,
        "api_key_id": np.char.add(np.char.add("sk_", np.char.replace(ids[acct].astype(str), "u", "")),
                                  np.char.add("_", keyi.astype(str))).astype(object),
        "model": model})[keep]
    ev = ev.sort_values("timestamp", kind="stable").reset_index(drop=True)
    return ev, A, ids, int((~keep).sum())


def shared_pools(w: World) -> dict:
    rng, ref = w.rng, w.ref
    pools = {}
    # commercial VPN providers: 4 providers with 40-300 exits each (x4b VPN ranges)
    pools["vpn"] = [w.ip.add(hosts(rng, ref.vpn, int(rng.integers(40, 301)))) for _ in range(4)]
    # mobile carriers: 4 carriers in 4 countries, CGNAT pools of 300-2,000 IPs over 20-80 /24s
    pools["carriers"] = []
    for c in rng.choice(len(CC), size=4, replace=False, p=CW):
        nets, lens, _ = ref.mobile[CC[c]]
        b = nets24(rng, nets, lens, int(rng.integers(20, 81)))
        k = int(rng.integers(300, 2001))
        pools["carriers"].append((w.ip.add(b[rng.integers(0, len(b), k)] + rng.integers(1, 255, k)), int(c)))
    # a residential proxy provider: 3,000-8,000 /24s of home ISPs in 3-6 countries, a random host per request
    ccs = rng.choice(len(CC), size=int(rng.integers(3, 7)), replace=False, p=CW)
    tot = int(rng.integers(3000, 8001))
    pools["resi"] = w.ip.add(np.concatenate([nets24(rng, *ref.isp[CC[c]][:2], tot // len(ccs)) for c in ccs]))
    return pools


def generate(p: Params, out: Path, ref: Ref4 | None = None) -> dict:
    t0 = time.perf_counter()
    ref = ref or Ref4()
    w = World(p, ref)
    n_ring = int(round(p.ring_share * p.accounts))
    pools = shared_pools(w)
    build_rings(w, n_ring, pools)
    n_ring = w.n
    build_benign(w, p.accounts - n_ring, pools)
    ev, A, ids, rejected = gen_events(w)
    perm = np.random.default_rng(p.seed + 10_000).permutation(len(ids))  # file rows in no cohort order
    ac, truth = write_world(out, ev, A, ids, START, perm)
    return write_summary(out, "world4", p, ev, ac, truth, w.rings, t0, LIMIT, DAYS, START,
                         rejected_over_limit=rejected)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.01)
    ap.add_argument("--ring-sizes", choices=["mixed", "small", "large"], default="mixed")
    ap.add_argument("--evasions", default="random",
                    help="diagnosis only: none, or a +-joined set of " + ", ".join(EVASIONS) + " every ring uses")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    s = generate(Params(a.accounts, a.seed, a.ring_share, a.ring_sizes, a.evasions), a.out)
    print(json.dumps({k: s[k] for k in ("events", "accounts", "ring_accounts", "rejected_over_limit", "cohorts",
                                        "seconds")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
