"""A sixth, independent world generator: two weeks, a 600/day limit, Pareto-tailed activity, eleven benign
cohorts (office NATs, carrier CGNAT with IPv6, campuses, households, VPN/Tor users, heavy single-account apps,
coworking spaces, small dev teams, users of open-source tools' prompts, benign residential-proxy customers, eval
labs) and "hydra" rings on seven kinds of infrastructure with nine evasions combined at random.

Written from the public threat description, the README's "Input contract" and "Outputs" sections,
world3.py/world4.py/world5.py's output format and reference-data loaders (imported, not copied) and
world4_eval.py only: no graphhunt package code (detector, links, graph, communities, scoring, simulator) and no
results section of the quality/world docs was read, and every distribution, cohort and evasion was fixed before
graphhunt was first run on this world. See docs/WORLD6.md.

Outputs (graphhunt's input contract plus ground truth), same as world4/world5:

* ``events.parquet``: ``account_id, timestamp, ip, payment_method, prompt, user_agent, output_tokens,
  api_key_id, model``
* ``accounts.csv``: ``account_id, created_at, payment_method, email_domain, country, org_id``
* ``truth.csv``: ``account_id, is_ring, ring_id, group_id, cohort, variant`` (a ring's ``variant`` is its
  infrastructure, then its evasions, then ``cot`` if it elicits reasoning and the task source ``ps``/``syn``,
  "|"-joined; a benign account's ``variant`` describes its group)
* ``world.json``: parameters, cohort sizes, per-ring summary, requests rejected by the daily limit.

Usage::

    python benchmarks/world6.py --accounts 20000 --seed 1 --ring-share 0.01 --ring-sizes mixed --out /tmp/w6/s1

Model: each account has a total request count over the window (Pareto-tailed for people), per-day weights
(activity days times a weekly factor), a timing mode (human sessions placed by a local-time hour profile, with
lognormal gaps inside a session; or machine timing: Poisson over the day or a fixed-period grid), two IP sources
chosen per session (each a pool slice with a selection rule: fixed per account, sticky per session, per request
or rotating every r seconds), an optional IPv6 source, user agents, API keys, a model mix and a prompt mix
(templates with per-request slot values, free text, chain-of-thought suffixes). Events are generated in bulk
with numpy; Python loops run over groups, templates and wordings only. One seeded Generator per world.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from world3 import (BROWSERS, CC, COUNTRIES, SHARED, TZ, Bank, hosts, ip_str, mix64, nets24,  # noqa: E402,F401
                    world_main, write_summary, write_world)
from world4 import Ref4  # noqa: E402  (reference loader: ISP/mobile/edu prefixes, VPN/DC/cloud ranges, prompts)

DAY = 86400
START = pd.Timestamp("2027-02-18T00:00:00Z")  # a Thursday
START_DOW = 3  # Monday = 0
LIMIT = 600  # requests per account per UTC day; the rest are rejected by the platform and never logged

# own country weights (world3's country list and time zones, a different mix)
CW6 = np.array([.19, .13, .06, .05, .05, .04, .045, .035, .025, .035, .03, .025, .05, .035, .03, .05, .04, .04])
CW6 = CW6 / CW6.sum()
CCI = {c: i for i, c in enumerate(CC)}

# --------------------------------------------------------------------------- vocabularies (own)
SDK6 = ["OpenAI/Python 1.5{m}.3", "openai-node/4.6{m}.0", "python-httpx/0.28.{m}", "aiohttp/3.10.{m}",
        "python-requests/2.32.{m}", "curl/8.{m}.1", "Go-http-client/1.1", "okhttp/4.12.{m}", "langchain/0.3.{m}",
        "LiteLLM/1.5{m}.2", "Dart/3.{m} (dart:io)", "reqwest/0.12.{m}"]
APP_UA = ["Kestrel/3.{m}.1 (iPhone; iOS 17.{m})", "Kestrel/3.{m}.0 (Android 14; Pixel {m})",
          "Kestrel-Desktop/1.{m}.2 (Macintosh)", "Kestrel-Desktop/1.{m}.0 (Windows)"]
MODELS = np.array(["kestrel-3", "kestrel-3-fast", "kestrel-3-think", "kestrel-2"], dtype=object)
MIX = np.array([[.55, .3, .1, .05],   # 0 general
                [.15, .75, .05, .05],  # 1 cheap / apps
                [.25, .05, .7, .0],    # 2 reasoning-heavy
                [.85, .0, .15, .0],    # 3 flagship
                [.0, 1., .0, .0],      # 4 one model (fast)
                [1., .0, .0, .0]])     # 5 one model (flagship)

COT_GEN = ["Can you explain why?", "Explain it simply please.", "walk me through it", "Why is that?",
           "Could you break it down for me?", "explain your thinking"]
COT_HW = ["show your work pls", "Explain each step so I can follow.", "Can you explain step by step?",
          "Please show the full working, I have an exam.", "how do you get that answer? explain"]
COT_EVAL = ["Let's think step by step.", "Answer with your reasoning, then 'The answer is X'.",
            "Think step by step, then give the final answer."]
COT_RING = ["Reason it out in full before you commit to an answer.",
            "Write out your entire thought process, then give the final answer on its own line.",
            "Think carefully and show each intermediate deduction.",
            "Provide a rigorous derivation and end with 'Final answer:'.",
            "Explain the reasoning behind every step, leaving nothing implicit.",
            "Start with a detailed scratchpad, then summarise the conclusion.",
            "Enumerate your assumptions, work through them one by one, then conclude.",
            "Include your complete reasoning trace before the answer.",
            "Think step by step and verify each step before moving on.",
            "Before answering, give a numbered chain of reasoning.",
            "Show all intermediate calculations and justify each transition.",
            "Deliberate at length internally and then write the deliberation out.",
            "Narrate how you arrive at the answer, then state it plainly.",
            "Work slowly: list what is known, what is asked, then derive the result.",
            "Don't just answer - reconstruct the full argument that leads there."]
COT = np.array(COT_GEN + COT_HW + COT_EVAL + COT_RING, dtype=object)
C_GEN, C_HW, C_EVAL, C_RING = 0, len(COT_GEN), len(COT_GEN) + len(COT_HW), len(COT_GEN) + len(COT_HW) + len(COT_EVAL)

NAMES = ["Ines", "Kofi", "Mei", "Tariq", "Olga", "Bruno", "Sanjay", "Leila", "Hugo", "Priya", "Tomasz", "Amara",
         "Kenji", "Rosa", "Yusuf", "Freya", "Diego", "Nadia", "Oscar", "Wen"]
ITEMS = ["lanterns", "crates", "melons", "cables", "tickets", "gears", "candles", "kites", "bricks", "shells"]
TOPICS = ["sourdough starter", "tax deductions", "marathon training", "a job interview", "React hooks",
          "a wedding toast", "houseplants", "budget travel", "a cover letter", "Excel pivot tables",
          "learning Spanish", "a landlord dispute", "a birthday party", "sleep schedule", "a used car"]
QWORDS = ["how do i deal with {t}?", "tips for {t}", "what should I know about {t}", "help me plan {t}",
          "quick question about {t}", "explain {t} like I'm 12", "{t} - where do I start?"]
LANGS = ["German", "French", "Spanish", "Japanese", "Portuguese", "Korean", "Hindi", "Turkish", "Polish", "Italian"]
CODE_LANGS = ["Python", "TypeScript", "Rust", "Go", "Java", "C#", "Kotlin", "C++", "Ruby", "Swift"]
FUNCS = ["merge_intervals", "parse_log", "top_k", "dedupe", "rate_limit", "flatten", "diff_lines", "lru_get",
         "tokenize", "balance", "schedule", "route", "validate", "compress", "rank"]
SPECS = ["returns the k most frequent words in a text", "merges overlapping intervals", "checks whether a string "
         "is a valid IPv4 address", "computes the longest increasing subsequence", "parses a CSV line with quotes",
         "finds the shortest path in a weighted grid", "implements a token bucket", "rotates a matrix in place",
         "serialises a binary tree", "detects a cycle in a directed graph", "evaluates an arithmetic expression",
         "counts islands in a grid"]
SYMPT = ["chest pain", "fever", "fatigue", "shortness of breath", "joint swelling", "rash", "headache",
         "abdominal pain", "weight loss", "night sweats", "dizziness", "cough"]
JURIS = ["English", "New York", "German", "Californian", "Ontario", "French", "Singapore", "Australian"]
SCEN = ["a delivery arrives late and perishable goods spoil", "a contractor abandons the job halfway",
        "a tenant sublets without consent", "an employee leaks a client list", "a drone damages a roof",
        "a website uses a photo without a licence", "a buyer refuses a custom order"]
REAG = ["NaBH4", "LiAlH4", "HBr", "KMnO4", "ozone then zinc", "Grignard reagent", "PCC", "H2/Pd"]
SUBS = ["cyclohexanone", "1-butene", "benzaldehyde", "ethyl acetate", "styrene", "2-methylpropene", "toluene"]
CONDS = ["reflux", "room temperature", "-78 C", "acidic workup", "in dry ether", "UV light"]
TABLES = ["orders", "users", "payments", "shipments", "sessions", "invoices", "products", "reviews"]
COLS6 = ["id", "user_id", "amount", "created_at", "status", "country", "sku", "price", "rating", "region"]
ASKS = ["returns the top 5 customers by revenue per month", "finds users with no orders in 90 days",
        "computes a 7-day rolling average of amount", "lists products whose rating fell week over week",
        "returns the median delivery time per region", "flags duplicate payments within 10 minutes"]
WORDS = ["friendly", "formal", "playful", "concise", "luxurious", "technical", "warm", "bold"]
CO_A = ["Halden", "Marrow", "Quill", "Tessel", "Brisk", "Lumen", "Corvid", "Ashby", "Fennel", "Orrin", "Pallas",
        "Rook", "Sable", "Tarn", "Vetch", "Wren"]
CO_B = ["Analytics", "Shipping", "Clinics", "Partners", "Labs", "Insurance", "Studios", "Foods", "Systems", "Law"]
UNIS = ["Ardenne", "Blackmoor", "Coldwater", "Drayton", "Eversley", "Foxley", "Granby", "Harrowgate", "Ivybridge",
        "Juniper"]
COURSES = ["CS101", "MATH221", "STAT210", "PHYS150", "ECON102", "CHEM131", "CS340", "BIO120", "LING200", "EE205"]
WEBMAIL = {c[0]: c[3] for c in COUNTRIES}


# --------------------------------------------------------------------------- task skeletons
# each capability: instruction phrasings (a ring uses one or a few; with "reword" every account picks its own and
# decorates it) and body skeletons with {slot} kinds filled per request
CAPS = {
    "mathwp": (["Solve the following word problem.", "Work out the answer to this problem.",
                "Find the exact numerical answer.", "Compute the result for the problem below.",
                "Here is a math problem; solve it.", "Determine the answer.", "Please solve:",
                "Give the solution to this question."],
               ["{name} packs {num} {item} into boxes of {small}. How many full boxes are there and how many "
                "{item} are left over?",
                "A tank holds {num} litres and drains at {small} litres per minute while filling at {small} litres "
                "per minute. When is it empty?",
                "{name} sells {item} at {small} each and {name} buys {num} of them with a {small}% discount. "
                "What is the total?"]),
    "code": (["Implement the following.", "Write production-quality code for this.", "Code this up:",
              "Provide an implementation.", "Write a solution with tests.", "Solve this programming task.",
              "I need working code for the spec below.", "Produce an efficient implementation."],
             ["Write a {clang} function `{fn}` that {spec}.",
              "In {clang}, implement `{fn}`: it {spec}. State the time complexity.",
              "Given the signature `{fn}(data)` in {clang}, write a body that {spec}."]),
    "sql": (["Write the SQL.", "Give me a query for this.", "Translate this requirement into SQL.",
             "Produce a PostgreSQL query.", "Answer with a single SQL statement.", "Write an efficient query."],
            ["Tables: {table}({col}, {col}, {col}) and {table}({col}, {col}). Write a query that {ask}.",
             "Schema {table}({col}, {col}, {col}). Query: {ask}."]),
    "med": (["Answer this clinical vignette.", "Give the most likely diagnosis.", "Clinical reasoning question:",
             "Medical board-style question.", "Provide a differential diagnosis.", "Assess the case below."],
            ["A {num2}-year-old presents with {sym} and {sym} for {small} days. What is the most likely "
             "diagnosis and the next step?",
             "Patient, {num2} years old, reports {sym}, {sym} and {sym}. Rank the differential."]),
    "law": (["Analyse the legal question.", "Give a legal analysis.", "Apply the law to these facts.",
             "Answer as a legal expert.", "Issue-spot the following scenario.", "Assess liability."],
            ["Under {juris} law, is the seller liable when {scen}?",
             "Facts: {scen}. Jurisdiction: {juris}. Identify the claims and likely outcome."]),
    "chem": (["Predict the product.", "Answer this organic chemistry question.", "Give the mechanism.",
              "Solve this reaction problem.", "What is formed?", "Chemistry question:"],
             ["What is the major product when {sub} is treated with {reag} under {cond}?",
              "{sub} + {reag} ({cond}). Give the product and mechanism."]),
    "translate": (["Translate the passage.", "Provide a faithful translation.", "Translate, preserving tone:",
                   "Render this text in the target language.", "Translation task."],
                  ["Translate into {lang}: {sent}", "Target language: {lang}. Text: {sent} {sent}"]),
    "logic": (["Solve the puzzle.", "Answer this reasoning question.", "Logic problem:", "Deduce the answer.",
               "Work out who is who.", "Figure this out."],
              ["{name} is older than {name}, and {name} is younger than {name}. {name} is {small} years older "
               "than {name}. Who is the oldest?",
               "Exactly one of {name}, {name} and {name} lies. {name} says {name} took the {item}. Who took it?"]),
}
CAP_NAMES = list(CAPS)
PRE_DECOR = ["", "", "Hi! ", "Quick one. ", "Task #{small}. ", "New item. ", "Next: ", "Ok, ", "Please help. ",
             "[batch {small}] ", "Question {num}: ", "Hello, "]
POST_DECOR = ["", "", " Thanks!", " Be precise.", " Keep it short.", " Answer in English.", " Use markdown.",
              " No preamble.", " Double-check.", " Cite assumptions."]

# benign shared templates
OSS_TOOLS = [  # open-source tools whose prompt many unrelated users send unchanged
    ("gitcommit", "gitcommit-ai/2.{m}.0", "Write a concise git commit message in the imperative mood (max 72 "
     "characters in the subject) for this diff:\n--- a/{fn}.py\n+++ b/{fn}.py\n@@ -{num},{small} +{num},{small} @@\n"
     "- {sent}\n+ {sent}"),
    ("pagesum", "pagesum-extension/0.{m}.4", "Summarise the following web page in 5 bullet points, then give a "
     "one-line TL;DR.\n\nPAGE TEXT:\n{sent} {sent} {sent}"),
    ("subtrans", "subtrans/1.{m}", "You translate subtitle files. Keep the numbering and timestamps unchanged and "
     "translate only the text into {lang}.\n\n{small}\n00:0{small}:1{small},000 --> 00:0{small}:2{small},500\n{sent}"),
    ("mailreply", "mailmate-plugin/3.{m}.1", "Draft a polite reply to the email below. Match the sender's "
     "language and keep it under 120 words.\n\nEMAIL:\n{sent} {sent}"),
    ("reactagent", "open-agentkit/0.{m}.7", "You are an autonomous agent. Answer the question using the tools "
     "available: search, calculator.\nUse the format:\nThought: ...\nAction: tool[input]\nObservation: ...\n"
     "Question: {sent}\nThought:"),
    ("codereview", "pr-reviewer-bot/1.{m}.3", "Review the following pull request diff. List bugs, security "
     "issues and style problems as a numbered list.\n\nDIFF:\n+def {fn}(x):\n+    {sent}"),
]
APP_TPL = [  # heavy single-account apps: one template each
    "Write a {small}-paragraph product description for {item} targeting customers interested in {topic}. "
    "Tone: {word}. Include three SEO keywords.",
    "Classify the support ticket into billing, technical, account or other, and extract the product name. "
    "Ticket: {sent} Return JSON.",
    "Rewrite the following real-estate listing to be {word} and under 150 words: {sent} {sent}",
    "Generate a personalised workout plan for {name}, who wants help with {topic}. Week {small}, {num2} minutes "
    "a day.",
    "Summarise this customer review and rate the sentiment from 1 to 5: {sent}",
    "You write alt text for images on an e-commerce site. Product: {item}. Style: {word}. Describe the image in "
    "one sentence.",
]


@dataclass
class Params:
    accounts: int = 20000
    seed: int = 1
    ring_share: float = 0.01
    ring_sizes: str = "mixed"  # small (3-15) | mixed (3-400) | large (40-400)
    days: int = 14


COLS = dict(cohort="", group="", is_ring=False, ring="", variant="", cc=0, tz=0.0, created=0.0, card="", email="",
            org="", n=1, prof=0, mach=0, period=60.0, phase=0.0, slen=5.0, gap=60.0, gsig=0.9,
            s1o=0, s1l=1, s1m=0, s1r=600.0, s2o=0, s2l=1, s2m=0, s2r=600.0, p2=0.0, v6p=0.0, v6id=0, v6m=0,
            ua1="", ua2="", pua2=0.0, tplo=0, tpll=0, ptpl=0.0, pcot=0.0, coto=0, cotl=1, outm=300.0, outs=0.7,
            mm=0, nkeys=1)

# local-time hour profiles (24 weights each)
_h = np.arange(24)
PROFILES = np.stack([
    0.15 + np.exp(-((_h - 20.5) ** 2) / 8) + 0.6 * np.exp(-((_h - 12.5) ** 2) / 3) + 0.3 * (_h >= 7),  # 0 personal
    0.03 + ((_h >= 8) & (_h <= 18)) * (1 - 0.5 * (_h == 12)),  # 1 office hours
    0.2 + np.exp(-(((_h - 22) % 24 - 0) ** 2) / 14) + np.exp(-((_h - 15) ** 2) / 6),  # 2 student (late)
    0.6 + 0.4 * np.cos((_h - 3) / 24 * 2 * np.pi),  # 3 night owl
    np.ones(24),  # 4 flat
    0.05 + ((_h >= 9) & (_h <= 21)) * 1.0,  # 5 long working day (operators)
])
PCDF = np.cumsum(PROFILES, 1) / PROFILES.sum(1, keepdims=True)


class World:
    def __init__(self, p: Params, ref: Ref4):
        self.p, self.ref, self.days = p, ref, p.days
        self.rng = np.random.default_rng([p.seed, 6006])
        self.cols = {k: [] for k in COLS}
        self.dayw = []
        self.n = 0
        self.ipbank = Bank()
        self.tpls: list[str] = []  # template strings with {kind} slots
        self.tbank = Bank()  # an account's template ids
        self.cbank = Bank()  # an account's CoT phrase ids
        self.rings: list[dict] = []
        dow = (START_DOW + np.arange(p.days)) % 7
        self.weekend = dow >= 5
        self._card = 0

    # ---- helpers
    def tpl(self, s: str) -> int:
        self.tpls.append(s)
        return len(self.tpls) - 1

    def tset(self, ids) -> tuple[int, int]:
        return self.tbank.add(np.asarray(ids, dtype=np.int64))

    def cset(self, lo, k, pick=None) -> tuple[int, int]:
        ids = np.arange(lo, lo + k) if pick is None else np.asarray(pick)
        return self.cbank.add(ids.astype(np.int64))

    def pool(self, ips) -> tuple[int, int]:
        return self.ipbank.add(np.asarray(ips, dtype=np.int64))

    def cards(self, k) -> np.ndarray:
        x = mix64(np.arange(self._card, self._card + k, dtype=np.int64) + (self.p.seed << 40))
        self._card += k
        return np.array([f"pm_{v & 0xFFFFFFFFFFFF:012x}" for v in x], dtype=object)

    def ccs(self, k) -> np.ndarray:
        return self.rng.choice(len(CC), size=k, p=CW6)

    def tzs(self, cc) -> np.ndarray:
        tz = TZ[cc].astype(float)
        us = np.asarray(cc) == CCI["US"]
        tz[us] = self.rng.choice([-5., -6., -7., -8.], size=us.sum(), p=[.45, .3, .1, .15])
        return tz

    def emails(self, cc) -> np.ndarray:
        u = self.rng.random(len(cc))
        j = self.rng.integers(0, 4, len(cc))
        return np.array([WEBMAIL[CC[c]][0 if x < .45 else y % len(WEBMAIL[CC[c]])] for c, x, y in zip(cc, u, j)],
                        dtype=object)

    def home_ips(self, cc) -> np.ndarray:
        out = np.zeros(len(cc), dtype=np.int64)
        for c in np.unique(cc):
            m = cc == c
            nets, lens = self.ref.isp[CC[c]][:2]
            out[m] = nets24(self.rng, nets, lens, m.sum()) + self.rng.integers(2, 254, m.sum())
        return out

    def isp24(self, c, k) -> np.ndarray:
        nets, lens = self.ref.isp[CC[c]][:2]
        return nets24(self.rng, nets, lens, k)

    def created(self, k, lo, hi) -> np.ndarray:
        """sign-up times (seconds from START), uniform in [lo, hi] days."""
        return self.rng.uniform(lo, hi, k) * DAY

    def created_benign(self, k) -> np.ndarray:
        """a mixture: long-standing accounts (exponential age, mean 14 months) and 8% signed up in the window."""
        age = self.rng.exponential(420, k)
        new = self.rng.random(k) < 0.08
        c = -age * DAY
        c[new] = self.rng.uniform(0, self.days, new.sum()) * DAY
        return c

    def day_weights(self, k, pa, wd=1.0, we=1.0, min_days=1, block=None) -> np.ndarray:
        """k x days weights: each day active with probability pa (per account), weekday/weekend factors;
        ``block`` = (start, length) arrays: active only on that contiguous run of days."""
        rng = self.rng
        pa = np.broadcast_to(np.asarray(pa, dtype=float), (k,))
        act = rng.random((k, self.days)) < pa[:, None]
        if block is not None:
            d = np.arange(self.days)[None, :]
            s, ln = block
            act = (d >= s[:, None]) & (d < (s + ln)[:, None])
        none = act.sum(1) < min_days
        if none.any():
            act[none, rng.integers(0, self.days, none.sum())] = True
        f = np.where(self.weekend, we, wd)[None, :]
        w = act * f * rng.uniform(0.5, 1.5, (k, self.days))
        w[w.sum(1) == 0, 0] = 1.0
        return w

    def pareto_n(self, k, xm, alpha, cap) -> np.ndarray:
        u = self.rng.random(k)
        return np.minimum(np.ceil(xm * (1 - u) ** (-1 / alpha)), cap).astype(np.int64)

    def ua(self, kind, k, fixed_version=False) -> np.ndarray:
        rng = self.rng
        if kind == "browser":
            b = rng.integers(0, len(BROWSERS), k)
            v = rng.integers(118, 127, k)
            m = rng.integers(0, 6, k)
            return np.array([BROWSERS[i].format(v=x, m=y) for i, x, y in zip(b, v, m)], dtype=object)
        if kind == "mobile":
            pool = [x for x in BROWSERS if "iPhone" in x or "Android" in x]
            out = []
            for i in range(k):
                if rng.random() < 0.55:
                    out.append(APP_UA[rng.integers(0, 2)].format(m=rng.integers(0, 8)))
                else:
                    out.append(pool[rng.integers(0, len(pool))].format(v=rng.integers(118, 127), m=rng.integers(0, 6)))
            return np.array(out, dtype=object)
        if kind == "app":
            return np.array([APP_UA[rng.integers(0, 4)].format(m=rng.integers(0, 8)) for _ in range(k)], dtype=object)
        # sdk
        s = rng.integers(0, len(SDK6), k)
        m = rng.integers(0, 9, k)
        return np.array([SDK6[i].format(m=x) for i, x in zip(s, m)], dtype=object)

    def add(self, k, dayw, **kw):
        for c, d in COLS.items():
            v = kw.get(c, d)
            self.cols[c].append(np.broadcast_to(np.asarray(v, dtype=object if isinstance(d, str) else None), (k,)).copy())
        self.dayw.append(dayw)
        self.n += k


# --------------------------------------------------------------------------- shared infrastructure
def shared_pools(w: World) -> dict:
    rng, ref = w.rng, w.ref
    P = {}
    # carrier CGNAT pools: two carriers per country, 6-40 /24s each (a few thousand addresses shared by all users)
    P["carrier"] = {}
    for ci, c in enumerate(CC):
        nets, lens, asn = ref.mobile[c]
        ua = np.unique(asn)
        for j in range(2):
            a = ua[(j * 7 + ci) % len(ua)]
            m = asn == a
            k = int(np.clip(CW6[ci] * 220, 6, 40))
            bases = nets24(rng, nets[m], lens[m], k)
            P["carrier"][(ci, j)] = (w.pool((bases[:, None] + np.arange(1, 255)[None, :]).ravel()),
                                     int(mix64(np.array([ci * 2 + j]))[0] % 0xFFFF))
    # commercial VPN providers: exit pools of different sizes
    P["vpn"] = [w.pool(hosts(rng, ref.vpn, k)) for k in (60, 180, 400, 35)]
    tor = np.array([int.from_bytes(bytes(int(x) for x in s.split(".")), "big") for s in
                    (SHARED / "ip/tor/tor-exit-nodes.lst").read_text().split() if s.count(".") == 3], dtype=np.int64)
    P["tor"] = w.pool(tor)
    # residential proxy resellers: a large one and a small budget one (addresses in consumer ISP ranges)
    def resi(k, ccs):
        cc = rng.choice([CCI[c] for c in ccs], size=k)
        return w.home_ips(cc)
    P["resi"] = [w.pool(resi(40000, ["US", "GB", "DE", "BR", "IN", "CA", "FR", "ES", "MX", "ID"])),
                 w.pool(resi(2500, ["US", "GB", "CA", "AU"]))]
    # cloud addresses (heavy apps, CI, eval labs)
    P["cloud"] = np.concatenate([hosts(rng, ref.cloud[c], 400) for c in ("amazon", "google", "microsoft",
                                                                          "digitalocean", "oracle", "linode")])
    return P


def _sizes(rng, total, lo, hi, draw) -> list[int]:
    out, rem = [], total
    while rem > 0:
        if rem <= hi and rem < 2 * lo:
            out.append(rem)
            break
        s = int(min(draw(), rem, hi))
        s = max(s, lo)
        if rem - s < lo:
            s = rem - lo if rem - lo >= lo else rem
        out.append(s)
        rem -= s
    return out


# --------------------------------------------------------------------------- free text
def free_tpls(w: World) -> dict:
    """template ids for everyday questions (shared short asks)."""
    return {"q": [w.tpl(q.replace("{t}", "{topic}")) for q in QWORDS]}


# --------------------------------------------------------------------------- benign cohorts
BENIGN = {"household": .08, "office": .13, "mobile": .10, "campus": .10, "vpn_user": .04, "coworking": .03,
          "dev_team": .035, "oss_tool": .05, "proxy_customer": .02, "eval_lab": .008}


def build_benign(w: World, nb: int, P: dict):
    rng = w.rng
    days = w.days
    FQ = free_tpls(w)
    q_set = w.tset(FQ["q"])
    counts = {k: int(round(v * nb)) for k, v in BENIGN.items()}
    counts["heavy_app"] = max(3, int(round(nb * 0.0015)))
    counts["individual"] = nb - sum(counts.values())
    gen_cot = w.cset(C_GEN, len(COT_GEN))
    hw_cot = w.cset(C_HW, len(COT_HW))
    eval_cot = w.cset(C_EVAL, len(COT_EVAL))
    carriers = list(P["carrier"])

    def person(k, cc=None, **kw):
        cc = w.ccs(k) if cc is None else np.broadcast_to(cc, (k,)).copy()
        base = dict(cc=cc, tz=w.tzs(cc), created=w.created_benign(k), email=w.emails(cc),
                    card=np.where(rng.random(k) < 0.7, w.cards(k), ""), n=w.pareto_n(k, 4, 1.1, 3000),
                    prof=rng.choice([0, 0, 0, 3, 2], size=k), slen=rng.uniform(2, 9, k), gap=rng.lognormal(4.2, .5, k),
                    ua1=w.ua("browser", k), ua2=w.ua("app", k), pua2=rng.choice([0, .3, .8], size=k),
                    tplo=q_set[0], tpll=q_set[1], ptpl=0.12, pcot=rng.choice([0, .05, .15], size=k),
                    coto=gen_cot[0], cotl=gen_cot[1], outm=rng.lognormal(5.6, .4, k), mm=rng.choice([0, 0, 1, 3], size=k),
                    nkeys=1)
        base.update(kw)
        return k, base

    def home(cc, k=None, v6share=0.35):
        ips = w.home_ips(np.broadcast_to(cc, (k,)) if k else cc)
        o = np.array([w.pool([x])[0] for x in ips])
        v6 = rng.random(len(ips)) < v6share
        return o, v6

    def mobile_src(cc):
        """(offset, len, v6 prefix id) of a carrier pool in the account's country."""
        j = rng.integers(0, 2, len(cc))
        res = [P["carrier"][(int(c), int(x))] for c, x in zip(cc, j)]
        return (np.array([r[0][0] for r in res]), np.array([r[0][1] for r in res]),
                np.array([r[1] for r in res]))

    def add_person(k, kw, dayw, s1=None, v6=None, roam=0.1, **extra):
        cc = kw["cc"]
        o, v6m = home(cc)
        mo, ml, mv6 = mobile_src(cc)
        d = dict(s1o=o, s1l=1, s1m=0, s2o=mo, s2l=ml, s2m=3, s2r=rng.uniform(900, 3600, k), p2=roam,
                 v6p=np.where(v6m, .5, 0.0), v6id=rng.integers(1, 2 ** 40, k), v6m=0)
        if s1 is not None:
            d.update(s1)
        d.update(kw)
        d.update(extra)
        w.add(k, dayw, **d)

    # ---- individuals (varied: chat users, students at home, hobby devs)
    k = counts["individual"]
    k, kw = person(k)
    dev = rng.random(k) < 0.15
    kw["ua1"] = np.where(dev, w.ua("sdk", k), kw["ua1"])
    kw["n"] = np.where(dev, w.pareto_n(k, 10, 1.0, 6000), kw["n"])
    add_person(k, kw, w.day_weights(k, rng.beta(1.1, 2.5, k), 1.0, 1.15), cohort="individual",
               group=np.array([f"ind{i}" for i in range(k)], dtype=object), variant=np.where(dev, "dev", "chat"))

    # ---- households: 2-5 accounts behind one home IP (and IPv6 /64); card shared in 55%
    sizes = _sizes(rng, counts["household"], 2, 5, lambda: rng.integers(2, 6))
    for gi, s in enumerate(sizes):
        c = w.ccs(1)[0]
        s, kw = person(s, cc=c)
        kw["tz"] = np.full(s, kw["tz"][0])
        shared_card = rng.random() < 0.55
        if shared_card:
            kw["card"] = np.where(rng.random(s) < 0.85, w.cards(1)[0], kw["card"])
        ip = w.pool(w.home_ips(np.array([c])))
        mo, ml, mv6 = mobile_src(np.full(s, c))
        w.add(s, w.day_weights(s, rng.beta(1.2, 2.0, s), 1.0, 1.3), **kw, cohort="household", group=f"hh{gi}",
              variant="card" if shared_card else "", s1o=ip[0], s1l=1, s1m=0, s2o=mo, s2l=ml, s2m=3, s2r=1800.0,
              p2=0.15, v6p=.55 if rng.random() < .5 else 0.0, v6id=rng.integers(1, 2 ** 40), v6m=0)

    # ---- offices: NAT of 1-4 addresses; internal tool prompt, corporate card, org_id each in some
    sizes = _sizes(rng, counts["office"], 3, 300, lambda: np.exp(rng.normal(np.log(12), 1.0)))
    for gi, s in enumerate(sizes):
        c = w.ccs(1)[0]
        co = f"{CO_A[rng.integers(len(CO_A))]} {CO_B[rng.integers(len(CO_B))]}"
        dom = co.lower().replace(" ", "") + rng.choice([".com", ".io", ".co", ".net"])
        nat = w.pool(w.home_ips(np.full(rng.integers(1, 5), c)))
        tool, card, org = rng.random() < 0.45, rng.random() < 0.4, rng.random() < 0.45
        s, kw = person(s, cc=c)
        kw.update(tz=np.full(s, kw["tz"][0]), email=np.where(rng.random(s) < .92, dom, kw["email"]),
                  prof=1, n=w.pareto_n(s, 8, 1.3, 4000), mm=rng.choice([0, 3]))
        # sign-ups cluster at the company's onboarding
        onboard = -rng.uniform(20, 500) * DAY
        kw["created"] = np.where(rng.random(s) < .7, onboard + rng.exponential(3 * DAY, s), kw["created"])
        if tool:
            t = w.tpl(f"You are {co.split()[0]}Assist, the internal assistant of {co}. Follow the {co} style "
                      f"guide, never reveal customer data, answer in the user's language.\n\nEmployee request: "
                      "{sent} {sent}")
            ts = w.tset([t])
            kw.update(tplo=ts[0], tpll=1, ptpl=rng.uniform(.5, .95), ua1=f"{co.split()[0]}Assist/2.{rng.integers(9)} "
                      f"(internal; python-httpx)", pua2=.25, ua2=w.ua("browser", s))
        if card:
            kw["card"] = np.full(s, w.cards(1)[0], dtype=object)
        if org:
            kw["org"] = f"org-{rng.integers(16 ** 10):010x}"
        hybrid = rng.uniform(0, .5)
        o, v6 = home(kw["cc"])
        w.add(s, w.day_weights(s, rng.uniform(.4, .95, s), 1.0, 0.06), **kw, cohort="office", group=f"office{gi}",
              variant="|".join(x for x, f in (("nat%d" % nat[1], True), ("tool", tool), ("card", card),
                                               ("org", org)) if f),
              s1o=nat[0], s1l=nat[1], s1m=1, s2o=o, s2l=1, s2m=0, p2=hybrid, v6p=0.0)

    # ---- mobile carrier users: CGNAT pool, address changes every 10-60 min, IPv6 on dual-stack carriers
    k = counts["mobile"]
    k, kw = person(k)
    mo, ml, mv6 = mobile_src(kw["cc"])
    dual = (mv6 % 3) != 0
    kw.update(ua1=w.ua("mobile", k), pua2=0.0, n=w.pareto_n(k, 3, 1.25, 1500), slen=rng.uniform(1.5, 5, k))
    w.add(k, w.day_weights(k, rng.beta(1.5, 2, k), 1.0, 1.2), **kw, cohort="mobile",
          group=np.array([f"carrier{c}-{v}" for c, v in zip(kw["cc"], mv6)], dtype=object),
          variant=np.where(dual, "dualstack", "v4"), s1o=mo, s1l=ml, s1m=3, s1r=rng.uniform(600, 3600, k),
          p2=0.0, v6p=np.where(dual, .6, 0.0), v6id=mv6 * 2 ** 24 + rng.integers(1, 2 ** 24, k), v6m=1)

    # ---- campuses: universities with a NAT pool in an edu range, courses with a shared template and deadlines
    left = counts["campus"]
    ui = 0
    while left > 0:
        c = w.ccs(1)[0]
        uni = UNIS[ui % len(UNIS)] + ("" if ui < len(UNIS) else f" {ui // len(UNIS) + 1}")
        dom = uni.lower().replace(" ", "") + rng.choice([".edu", ".ac.uk", ".edu.au", "-uni.de"])
        en, el = w.ref.edu
        pool = w.pool((nets24(rng, en, el, rng.integers(1, 4))[:, None]
                       + rng.integers(2, 254, (1, rng.integers(16, 200)))).ravel())
        sem = -rng.uniform(25, 45)
        for course in rng.choice(COURSES, size=rng.integers(2, 6), replace=False):
            if left <= 0:
                break
            s = int(min(left, np.clip(np.exp(rng.normal(np.log(40), .6)), 12, 160)))
            if left - s < 12:
                s = left
            left -= s
            cap = CAPS[rng.choice(["mathwp", "code", "sql", "logic", "chem"])]
            t = w.tpl(f"{course} Problem Set {{small}}, Question {{small}}: " + cap[1][rng.integers(len(cap[1]))])
            ts = w.tset([t] + FQ["q"][:3])
            s, kw = person(s, cc=c)
            kw.update(tz=np.full(s, kw["tz"][0]), email=np.where(rng.random(s) < .8, dom, kw["email"]),
                      card=np.where(rng.random(s) < .45, kw["card"], ""), prof=2, n=w.pareto_n(s, 6, 1.3, 2000),
                      created=np.where(rng.random(s) < .6, (sem + rng.exponential(3, s)) * DAY, kw["created"]),
                      tplo=ts[0], tpll=ts[1], ptpl=rng.uniform(.3, .7, s), pcot=rng.uniform(.1, .5, s),
                      coto=hw_cot[0], cotl=hw_cot[1], mm=2)
            dw = w.day_weights(s, rng.uniform(.3, .8, s), 1.0, 0.7)
            dl = rng.choice(days, size=min(2, days), replace=False)
            dw[:, dl] *= 3.5  # the day before a deadline
            o, v6 = home(kw["cc"])
            w.add(s, dw, **kw, cohort="campus", group=f"{uni}/{course}", variant="course",
                  s1o=pool[0], s1l=pool[1], s1m=1, s2o=o, s2l=1, s2m=0, p2=rng.uniform(.2, .6, s), v6p=0.0)
        ui += 1

    # ---- commercial VPN users (and some Tor users): shared exits, sticky per session
    k = counts["vpn_user"]
    k, kw = person(k)
    prov = rng.choice(5, size=k, p=[.3, .3, .25, .1, .05])
    so = np.array([P["vpn"][i][0] if i < 4 else P["tor"][0] for i in prov])
    sl = np.array([P["vpn"][i][1] if i < 4 else P["tor"][1] for i in prov])
    o, v6 = home(kw["cc"])
    w.add(k, w.day_weights(k, rng.beta(1.2, 2, k), 1.0, 1.1), **kw, cohort="vpn_user",
          group=np.array([f"vpn{i}" if i < 4 else "tor" for i in prov], dtype=object),
          variant=np.where(prov < 4, "vpn", "tor"), s1o=so, s1l=sl, s1m=np.where(prov < 4, 1, 3), s1r=600.0,
          s2o=o, s2l=1, s2m=0, p2=rng.uniform(0, .3, k), v6p=0.0)

    # ---- coworking spaces / cafés: unrelated freelancers behind one or two addresses on some sessions
    sizes = _sizes(rng, counts["coworking"], 8, 40, lambda: rng.integers(8, 41))
    for gi, s in enumerate(sizes):
        c = w.ccs(1)[0]
        nat = w.pool(w.home_ips(np.full(rng.integers(1, 3), c)))
        s, kw = person(s, cc=c)
        o, v6 = home(kw["cc"])
        w.add(s, w.day_weights(s, rng.uniform(.3, .8, s), 1.0, 0.3), **{**kw, "prof": 1}, cohort="coworking",
              group=f"cowork{gi}", variant="nat", s1o=nat[0], s1l=nat[1], s1m=1, s2o=o, s2l=1, s2m=0,
              p2=rng.uniform(.3, .7, s), v6p=0.0)

    # ---- small dev teams (no org_id): product system prompt, same SDK, shared CI address, sometimes one card
    sizes = _sizes(rng, counts["dev_team"], 2, 8, lambda: rng.integers(2, 9))
    for gi, s in enumerate(sizes):
        prod = f"{CO_A[rng.integers(len(CO_A))]}{rng.choice(['ly', 'io', 'Hub', 'Bot', 'AI'])}"
        t = w.tpl(f"You are the backend of {prod}. Given the user's input, return JSON with keys 'intent', "
                  "'entities' and 'reply'. Input: {sent}")
        t2 = w.tpl(f"[{prod} eval] Compare two answers and pick the better one.\nA: {{sent}}\nB: {{sent}}")
        ts = w.tset([t, t2])
        ci_ip = w.pool(P["cloud"][rng.integers(0, len(P["cloud"]), rng.integers(1, 3))])
        s, kw = person(s)
        sdk = w.ua("sdk", 1)[0]
        card = rng.random() < 0.4
        if card:
            kw["card"] = np.full(s, w.cards(1)[0], dtype=object)
        kw.update(ua1=sdk, ua2=w.ua("browser", s), pua2=.3, tplo=ts[0], tpll=2, ptpl=rng.uniform(.4, .8),
                  n=w.pareto_n(s, 15, 1.1, 5000), mm=1, nkeys=rng.integers(1, 4, s))
        o, v6 = home(kw["cc"])
        w.add(s, w.day_weights(s, rng.uniform(.4, .9, s), 1.0, 0.4), **kw, cohort="dev_team", group=f"dev{gi}",
              variant="card" if card else "", s1o=o, s1l=1, s1m=0, s2o=ci_ip[0], s2l=ci_ip[1], s2m=1,
              p2=rng.uniform(.1, .5, s), v6p=0.0)

    # ---- users of open-source tools: one prompt, one client UA family, unrelated people everywhere
    k = counts["oss_tool"]
    tool = rng.choice(len(OSS_TOOLS), size=k, p=[.25, .2, .1, .15, .2, .1])
    tids = [w.tset([w.tpl(t[2])]) for t in OSS_TOOLS]
    k, kw = person(k)
    kw.update(ua1=np.array([OSS_TOOLS[i][1].format(m=rng.integers(0, 4)) for i in tool], dtype=object),
              pua2=.2, tplo=np.array([tids[i][0] for i in tool]), tpll=1, ptpl=rng.uniform(.6, .98, k),
              n=w.pareto_n(k, 8, 1.05, 5000), mm=rng.choice([1, 4], size=k), pcot=0.0, slen=rng.uniform(3, 15, k),
              gap=rng.lognormal(3.0, .6, k))
    ci = rng.random(k) < 0.15
    cl = np.array([w.pool([x])[0] for x in P["cloud"][rng.integers(0, len(P["cloud"]), k)]])
    add_person(k, kw, w.day_weights(k, rng.beta(1.2, 2, k), 1.0, .8), cohort="oss_tool",
               group=np.array([OSS_TOOLS[i][0] for i in tool], dtype=object), variant=np.where(ci, "ci", "desk"),
               roam=np.where(ci, .0, .1))
    w.cols["s1o"][-1] = np.where(ci, cl, w.cols["s1o"][-1])

    # ---- benign customers of the same residential-proxy resellers the rings use (declared country != local tz)
    k = counts["proxy_customer"]
    k, kw = person(k, cc=rng.choice([CCI["US"], CCI["GB"], CCI["CA"], CCI["DE"]], size=k))
    r = rng.choice(2, size=k, p=[.6, .4])
    kw["tz"] = rng.choice([8., 3., 3.5, 5., 7.], size=k)
    w.add(k, w.day_weights(k, rng.beta(1.2, 2, k), 1.0, 1.1), **kw, cohort="proxy_customer",
          group=np.array([f"resi{i}" for i in r], dtype=object), variant=np.where(r == 0, "resiA", "resiB"),
          s1o=np.array([P["resi"][i][0] for i in r]), s1l=np.array([P["resi"][i][1] for i in r]),
          s1m=rng.choice([1, 2, 3], size=k), s1r=rng.uniform(300, 1800, k), p2=0.0, v6p=0.0)

    # ---- eval labs: benchmark runs over promptsource templates with CoT, machine timing, on a few days
    sizes = _sizes(rng, counts["eval_lab"], 1, 4, lambda: rng.integers(1, 5))
    T = w.ref.templates
    for gi, s in enumerate(sizes):
        ds = rng.choice(T["dataset"].unique(), size=rng.integers(2, 6), replace=False)
        rows = T[T["dataset"].isin(ds)]
        ids = [w.tpl(ps_string(p)) for p in rows["parts"]]
        ts = w.tset(ids)
        univ = rng.random() < .5
        if univ:
            en, el = w.ref.edu
            ips = nets24(rng, en, el, 1) + rng.integers(2, 254, rng.integers(1, 4))
        else:
            ips = P["cloud"][rng.integers(0, len(P["cloud"]), rng.integers(1, 5))]
        pl = w.pool(ips)
        s, kw = person(s)
        kw.update(card=np.full(s, w.cards(1)[0], dtype=object), ua1=w.ua("sdk", 1)[0], pua2=0.0,
                  tplo=ts[0], tpll=ts[1], ptpl=.97, pcot=rng.choice([0, .5, 1.]), coto=eval_cot[0],
                  cotl=eval_cot[1], n=np.round(rng.lognormal(np.log(1500), .7, s)).astype(int), mach=1, mm=2,
                  outm=rng.uniform(200, 900))
        w.add(s, w.day_weights(s, .2, 1.0, .5, min_days=1), **kw, cohort="eval_lab", group=f"lab{gi}",
              variant="univ" if univ else "cloud", s1o=pl[0], s1l=pl[1], s1m=2, p2=0.0, v6p=0.0)

    # ---- heavy single-account API apps: machine timing, one template, long outputs, near the daily limit
    k = counts["heavy_app"]
    for gi in range(k):
        t = w.tset([w.tpl(APP_TPL[rng.integers(len(APP_TPL))])])
        ips = w.pool(P["cloud"][rng.integers(0, len(P["cloud"]), rng.integers(1, 4))])
        cc1 = w.ccs(1)
        kw = dict(cc=cc1, created=-rng.uniform(30, 700, 1) * DAY, card=w.cards(1), email=w.emails(cc1),
                  org=f"org-{rng.integers(16 ** 10):010x}" if rng.random() < .4 else "")
        kw["tz"] = w.tzs(kw["cc"])
        grid = rng.random() < .5
        w.add(1, w.day_weights(1, .97, 1.0, rng.uniform(.6, 1.0)), **kw, cohort="heavy_app", group=f"app{gi}",
              variant="grid" if grid else "poisson", n=int(w.days * LIMIT * rng.uniform(.45, 1.05)),
              mach=2 if grid else 1, period=float(rng.choice([60, 90, 120, 144])), phase=rng.uniform(0, 60),
              s1o=ips[0], s1l=ips[1], s1m=rng.choice([0, 2]), ua1=w.ua("sdk", 1)[0], tplo=t[0], tpll=1, ptpl=1.0,
              outm=rng.uniform(700, 1800), outs=.3, mm=rng.choice([4, 5]), nkeys=rng.integers(1, 3))


def ps_string(parts) -> str:
    """a promptsource template as a slot string: first slot a passage, the rest short values."""
    out = parts[0].replace("{", "(").replace("}", ")")
    for i, p in enumerate(parts[1:]):
        out += ("{sent} {sent}" if i == 0 else "{short}") + p.replace("{", "(").replace("}", ")")
    return out.strip() or "{sent}"


# --------------------------------------------------------------------------- rings
INFRA = [("resproxy", .22), ("dcrange", .15), ("isp24", .14), ("mobproxy", .15), ("vpnexit", .12), ("crude", .12),
         ("hybrid", .10)]
EVASIONS = {"cover": .45, "reword": .5, "uamix": .4, "jitter": .5, "lowvol": .35, "churn": .25, "freetier": .15}
SIGNUP = [("burst", .35), ("stagger", .35), ("aged", .30)]
OPERATOR_TZ = [8., 3., 5.5, 7., 1., -5., 2., 9.]


def ring_sizes(rng, total: int, mode: str) -> list[int]:
    if total < 3:
        return [total] if total > 0 else []
    if mode == "small":
        return _sizes(rng, total, 3, 15, lambda: np.exp(rng.uniform(np.log(3), np.log(16))))
    if mode == "large":
        return _sizes(rng, total, 40, 400, lambda: np.exp(rng.uniform(np.log(40), np.log(400))))
    s = np.arange(3, 401)
    p = s ** -1.5
    return _sizes(rng, total, 3, 400, lambda: rng.choice(s, p=p / p.sum()))


def build_rings(w: World, n_ring: int, P: dict):
    rng = w.rng
    days = w.days
    T = w.ref.templates
    fam = T["dataset"].value_counts()
    fam = fam[fam >= 3].index.to_numpy()
    carriers = list(P["carrier"])
    for ri, size in enumerate(ring_sizes(rng, n_ring, w.p.ring_sizes)):
        rid = f"R{ri:03d}"
        infra = INFRA[rng.choice(len(INFRA), p=[x[1] for x in INFRA])][0]
        crude = infra == "crude"
        ev = {e for e, p in EVASIONS.items() if rng.random() < (p * (.4 if crude else 1.0))}
        if crude:
            ev.discard("freetier")
        if "churn" in ev and size < 4:
            ev.discard("churn")
        signup = SIGNUP[rng.choice(3, p=[x[1] for x in SIGNUP])][0] if not crude else "burst"
        cot = rng.random() < .7
        src = "ps" if rng.random() < .45 else "syn"
        k = size
        # ---- tasks: a narrow capability, a few skeletons; "reword" gives each account its own wording
        if src == "ps":
            rows = T[T["dataset"] == rng.choice(fam)]
            rows = rows.iloc[rng.choice(len(rows), size=min(len(rows), rng.integers(1, 5)), replace=False)]
            bodies = [ps_string(p) for p in rows["parts"]]
            instr = ["", "Answer the following.", "Here is an example to label.", "Respond to the prompt below.",
                     "Complete this item.", "Give the correct answer.", "Solve this."]
            cap = str(rows["dataset"].iloc[0])
        else:
            cap = str(rng.choice(CAP_NAMES))
            instr, bodies = CAPS[cap]
            bodies = [bodies[i] for i in rng.choice(len(bodies), size=rng.integers(1, len(bodies) + 1), replace=False)]
        tset_o = np.zeros(k, dtype=np.int64)
        tset_l = np.zeros(k, dtype=np.int64)
        if "reword" in ev:
            for a in range(k):
                pre = PRE_DECOR[rng.integers(len(PRE_DECOR))]
                post = POST_DECOR[rng.integers(len(POST_DECOR))]
                ins = [instr[i] for i in rng.choice(len(instr), size=min(2, len(instr)), replace=False)]
                ids = [w.tpl((pre + i + "\n" + b + post).strip()) for i in ins for b in bodies]
                tset_o[a], tset_l[a] = w.tset(ids)
        else:
            ins = [instr[i] for i in rng.choice(len(instr), size=rng.integers(1, 3), replace=False)]
            o, ln = w.tset([w.tpl((i + "\n" + b).strip()) for i in ins for b in bodies])
            tset_o[:], tset_l[:] = o, ln
        if cot:
            pick = rng.choice(len(COT_RING), size=rng.integers(2, 5), replace=False) + C_RING
            if "reword" in ev:
                cs = [w.cset(0, 0, pick=rng.choice(pick, size=rng.integers(1, 3), replace=False)) for _ in range(k)]
                coto, cotl = np.array([c[0] for c in cs]), np.array([c[1] for c in cs])
            else:
                coto, cotl = w.cset(0, 0, pick=pick)
            pcot = rng.uniform(.4, .95)
        else:
            coto, cotl, pcot = 0, 1, rng.choice([0, .02])
        cover = rng.uniform(.2, .6) if "cover" in ev else rng.uniform(0, .04)
        # ---- volume and days
        if "lowvol" in ev:
            perday = rng.lognormal(np.log(14), .5, k)
        else:
            perday = rng.lognormal(np.log(rng.uniform(90, 300)), .45, k)
        if "churn" in ev:
            ln = rng.integers(2, 5, k)
            st = np.sort(rng.integers(0, days - 1, k))
            ln = np.minimum(ln, days - st)
            dayw = w.day_weights(k, 1.0, block=(st, ln))
            created = (st - rng.uniform(.02, 1.5, k)) * DAY
        else:
            dayw = w.day_weights(k, rng.uniform(.7, 1.0, k), 1.0, .8 if "jitter" in ev else 1.0)
            if signup == "burst":
                t0 = rng.uniform(-25, 0)
                created = (t0 + rng.uniform(0, 1.5, k)) * DAY
            elif signup == "stagger":
                created = rng.uniform(-120, 0, k) * DAY
            else:
                created = rng.uniform(-900, -180, k) * DAY
        nact = (dayw > 0).sum(1)
        n = np.maximum(1, np.round(perday * nact)).astype(np.int64)
        # ---- identity
        if crude:
            cc = np.full(k, w.ccs(1)[0])
            cards = w.cards(rng.integers(1, 4))
            card = cards[rng.integers(0, len(cards), k)]
            dom = rng.choice([f"mailbox{rng.integers(100, 999)}.xyz", "gmail.com", f"{rid.lower()}mail.net"])
            email = np.full(k, dom, dtype=object)
        else:
            cc = w.ccs(k)
            card = w.cards(k) if "freetier" not in ev else np.full(k, "", dtype=object)
            email = w.emails(cc)
        # ---- client
        if "uamix" in ev:
            ua1 = np.where(rng.random(k) < .6, w.ua("browser", k), w.ua("sdk", k))
            ua2, pua2 = w.ua("browser", k), rng.uniform(0, .4, k)
        else:
            ua1 = np.full(k, w.ua("sdk", 1)[0], dtype=object)
            ua2, pua2 = ua1, 0.0
        # ---- timing
        if "jitter" in ev:
            otz = rng.choice(OPERATOR_TZ)
            tim = dict(mach=0, tz=otz + rng.normal(0, 1.0, k), prof=rng.choice([5, 0, 3], size=k),
                       slen=rng.uniform(6, 30, k), gap=rng.lognormal(np.log(rng.uniform(15, 70)), .4, k),
                       gsig=rng.uniform(.6, 1.2, k))
        else:
            grid = rng.random() < .4
            tim = dict(mach=2 if grid else 1, period=float(rng.choice([20, 30, 45, 60])), phase=rng.uniform(0, 20, k),
                       tz=w.tzs(cc))
        # ---- infrastructure
        kinds = [infra] if infra != "hybrid" else list(rng.choice(["resproxy", "dcrange", "isp24", "mobproxy",
                                                                   "vpnexit"], size=2, replace=False))
        part = rng.integers(0, len(kinds), k)
        s1o = np.zeros(k, dtype=np.int64)
        s1l = np.ones(k, dtype=np.int64)
        s1m = np.zeros(k, dtype=np.int64)
        s1r = np.full(k, 600.0)
        v6p, v6id = np.zeros(k), np.zeros(k, dtype=np.int64)
        infra_desc = []
        for j, kind in enumerate(kinds):
            m = part == j
            if kind == "resproxy":
                r = int(rng.choice(2, p=[.6, .4]))
                o, ln = P["resi"][r]
                s1o[m], s1l[m], s1m[m], s1r[m] = o, ln, rng.choice([1, 2, 3]), rng.uniform(120, 1200)
                infra_desc.append(f"resi{'AB'[r]}")
            elif kind == "dcrange":
                nb = rng.integers(1, 5)
                bases = hosts(rng, w.ref.dc, nb) & ~255
                o, ln = w.pool((bases[:, None] + np.arange(1, 255)[None, :]).ravel())
                s1o[m], s1l[m], s1m[m] = o, ln, rng.choice([0, 1, 2])
                infra_desc.append(f"dc{nb}x24")
            elif kind == "isp24":
                nb = rng.integers(1, 4)
                bases = w.isp24(int(rng.choice(len(CC), p=CW6)), nb)
                o, ln = w.pool((bases[:, None] + np.arange(2, 254)[None, :]).ravel())
                s1o[m], s1l[m], s1m[m] = o, ln, 0
                infra_desc.append(f"isp{nb}x24")
            elif kind == "mobproxy":
                key = carriers[rng.integers(len(carriers))]
                (o, ln), pv6 = P["carrier"][key]
                s1o[m], s1l[m], s1m[m], s1r[m] = o, ln, 3, rng.uniform(120, 900)
                if (pv6 % 3) != 0:
                    v6p[m], v6id[m] = .5, pv6 * 2 ** 24 + rng.integers(1, 2 ** 24, m.sum())
                infra_desc.append("carrier")
            elif kind == "vpnexit":
                o, ln = P["vpn"][rng.integers(0, 4)]
                s1o[m], s1l[m], s1m[m] = o, ln, 1
                infra_desc.append("vpn")
            elif kind == "crude":
                o, ln = w.pool(w.home_ips(np.full(rng.integers(1, 4), cc[0])) if rng.random() < .5
                               else P["cloud"][rng.integers(0, len(P["cloud"]), rng.integers(1, 4))])
                s1o[m], s1l[m], s1m[m] = o, ln, rng.choice([0, 1, 2])
                infra_desc.append("fewips")
        variant = "|".join([infra] + sorted(ev) + [signup] + (["cot"] if cot else []) + [src])
        kw = dict(cohort="ring", group=rid, is_ring=True, ring=rid, variant=variant, cc=cc, created=created,
                  card=card, email=email, n=n, s1o=s1o, s1l=s1l, s1m=s1m, s1r=s1r, p2=0.0, v6p=v6p, v6id=v6id,
                  v6m=1, ua1=ua1, ua2=ua2, pua2=pua2, tplo=tset_o, tpll=tset_l, ptpl=1 - cover, pcot=pcot,
                  coto=coto, cotl=cotl, outm=rng.uniform(500, 1400), outs=.45, mm=rng.choice([2, 2, 3, 0]),
                  nkeys=rng.integers(1, 3, k))
        kw.update(tim)
        w.add(k, dayw, **kw)
        w.rings.append({"ring_id": rid, "size": int(k), "variant": variant, "infra": "+".join(infra_desc),
                        "capability": cap, "cover": round(float(cover), 2), "pcot": round(float(pcot), 2),
                        "requests_planned": int(n.sum())})


# --------------------------------------------------------------------------- events
def slot_values(w: World, kind: str, k: int, rng) -> np.ndarray:
    ref = w.ref
    pick = lambda arr: np.asarray(arr, dtype=object)[rng.integers(0, len(arr), k)]  # noqa: E731
    if kind == "sent":
        return pick(ref.sent)
    if kind == "short":
        s = pick(ref.sent)
        return np.array([x.split(".")[0][:40].rsplit(" ", 1)[0] for x in s], dtype=object)
    if kind in ("num", "num2", "small"):
        hi = {"num": 5000, "num2": 90, "small": 12}[kind]
        lo = {"num": 20, "num2": 18, "small": 2}[kind]
        return NUMS[rng.integers(lo, hi, k)]
    table = {"name": NAMES, "item": ITEMS, "topic": TOPICS, "lang": LANGS, "clang": CODE_LANGS, "fn": FUNCS,
             "spec": SPECS, "sym": SYMPT, "juris": JURIS, "scen": SCEN, "reag": REAG, "sub": SUBS, "cond": CONDS,
             "table": TABLES, "col": COLS6, "ask": ASKS, "word": WORDS}
    return pick(table[kind])


NUMS = np.array([str(i) for i in range(6000)], dtype=object)


def render(w: World, tid: np.ndarray, rng) -> np.ndarray:
    """prompt text for events using template ids ``tid`` (slots filled per event)."""
    import string
    out = np.empty(len(tid), dtype=object)
    order = np.argsort(tid, kind="stable")
    st = tid[order]
    cuts = np.flatnonzero(np.diff(st)) + 1
    fmt = string.Formatter()
    for g in np.split(order, cuts):
        if not len(g):
            continue
        parsed = list(fmt.parse(w.tpls[int(tid[g[0]])]))
        acc = np.full(len(g), "", dtype=object)
        for lit, field, _, _ in parsed:
            if lit:
                acc = acc + lit
            if field is not None:
                acc = acc + slot_values(w, field, len(g), rng)
        out[g] = acc
    return out


def free_text(w: World, k: int, rng) -> np.ndarray:
    """everyday prompts: popular public prompts (shared verbatim by many people), sentence mixes, short asks."""
    ref = w.ref
    u = rng.random(k)
    out = np.empty(k, dtype=object)
    a = u < .3
    out[a] = ref.public[rng.integers(0, len(ref.public), a.sum())]
    b = (u >= .3) & (u < .85)
    nb = b.sum()
    s1 = ref.sent[rng.integers(0, len(ref.sent), nb)]
    s2 = ref.sent[rng.integers(0, len(ref.sent), nb)]
    two = rng.random(nb) < .6
    out[b] = np.where(two, s1 + " " + s2, s1)
    c = u >= .85
    q = np.array(QWORDS, dtype=object)[rng.integers(0, len(QWORDS), c.sum())]
    t = np.array(TOPICS, dtype=object)[rng.integers(0, len(TOPICS), c.sum())]
    out[c] = np.array([x.replace("{t}", y) for x, y in zip(q, t)], dtype=object)
    return out


def v6_strings(pref: np.ndarray, sub: np.ndarray, iid: np.ndarray) -> np.ndarray:
    p = mix64(pref.astype(np.int64))
    heads = np.array(["2a02", "2600", "2406", "2804", "2a01", "2409"], dtype=object)[(p % 6).astype(np.int64)]
    g = [pd.Series(((p >> np.uint64(s)) & np.uint64(0xFFFF)).astype(np.int64)).map("{:x}".format).to_numpy(object)
         for s in (8, 24)]
    sb = pd.Series((sub & 0xFFFF).astype(np.int64)).map("{:x}".format).to_numpy(object)
    ii = [pd.Series(((iid >> np.uint64(s)) & np.uint64(0xFFFF)).astype(np.int64)).map("{:x}".format).to_numpy(object)
          for s in (0, 16, 32, 48)]
    return heads + ":" + g[0] + ":" + g[1] + ":" + sb + ":" + ii[0] + ":" + ii[1] + ":" + ii[2] + ":" + ii[3]


def gen_events(w: World):
    with np.errstate(over="ignore"):
        return _gen_events(w)


def _gen_events(w: World):
    rng = np.random.default_rng([w.p.seed, 6007])
    A = {c: np.concatenate(v) for c, v in w.cols.items()}
    for c, d in COLS.items():
        if not isinstance(d, str):
            A[c] = A[c].astype(type(d) if not isinstance(d, bool) else bool)
    D = np.concatenate(w.dayw)
    N = len(A["n"])
    T = w.days * DAY
    cdf = np.cumsum(D, 1) / D.sum(1, keepdims=True)

    def pick_day(acc):
        u = rng.random(len(acc))
        out = np.empty(len(acc), dtype=np.int64)
        for i in range(0, len(acc), 500_000):
            sl = slice(i, i + 500_000)
            out[sl] = (cdf[acc[sl]] < u[sl, None]).sum(1)
        return np.minimum(out, w.days - 1)

    n = np.maximum(A["n"], 1)
    mach = A["mach"]
    human = mach == 0
    # human sessions
    S = np.where(human, np.clip(np.round(n / A["slen"] * rng.uniform(.7, 1.3, N)), 1, n), 0).astype(np.int64)
    soff = np.concatenate([[0], np.cumsum(S)[:-1]])
    sacc = np.repeat(np.arange(N), S)
    sday = pick_day(sacc)
    ucdf = rng.random(len(sacc))
    shour = (PCDF[A["prof"][sacc]] < ucdf[:, None]).sum(1)
    sstart = sday * DAY + (shour + rng.random(len(sacc))) * 3600 - A["tz"][sacc] * 3600
    # events
    eacc = np.repeat(np.arange(N), n)
    E = len(eacc)
    eh = human[eacc]
    t = np.zeros(E)
    sess = np.zeros(E, dtype=np.int64)
    hi = np.flatnonzero(eh)
    es = soff[eacc[hi]] + (rng.random(len(hi)) * S[eacc[hi]]).astype(np.int64)
    o = np.argsort(es, kind="stable")
    hi, es = hi[o], es[o]
    gaps = rng.lognormal(np.log(A["gap"][eacc[hi]]), A["gsig"][eacc[hi]])
    first = np.r_[True, es[1:] != es[:-1]]
    gaps[first] = 0
    cs = np.cumsum(gaps)
    base = np.maximum.accumulate(np.where(first, cs, 0))
    t[hi] = sstart[es] + cs - base
    sess[hi] = es
    mi = np.flatnonzero(~eh)
    ma = eacc[mi]
    md = pick_day(ma)
    u = rng.random(len(mi))
    grid = mach[ma] == 2
    per = A["period"][ma]
    tm = md * DAY + np.where(grid, np.floor(u * DAY / per) * per + A["phase"][ma] + rng.normal(0, 1.5, len(mi)),
                             u * DAY)
    t[mi] = tm
    sess[mi] = S.sum() + ma * 10_000 + (tm // 3600).astype(np.int64)  # "session" of a machine account: an hour
    t = np.mod(t, T)
    # daily limit: keep the first LIMIT requests per account and UTC day
    key = eacc * w.days + (t // DAY).astype(np.int64)
    o = np.lexsort((t, key))
    key_s = key[o]
    newk = np.r_[True, key_s[1:] != key_s[:-1]]
    start = np.maximum.accumulate(np.where(newk, np.arange(E), 0))
    keep = o[(np.arange(E) - start) < LIMIT]
    rejected = E - len(keep)
    keep = keep[np.argsort(t[keep], kind="stable")]  # time order from here on
    eacc, t, sess = eacc[keep], t[keep], sess[keep]
    del key, o, key_s, newk, start, keep, hi, es, gaps, cs, base, first, mi, ma, md, u, tm, grid, per
    E = len(eacc)
    # IP: source chosen per session, address by the source's rule
    def h(*xs):
        """a deterministic hash of the given keys (arrays broadcast), uint64 below 2**63."""
        acc = np.asarray(np.uint64(w.p.seed + 1))
        for i, x in enumerate(xs):
            acc = mix64(np.asarray(x).astype(np.uint64) ^ (acc * np.uint64(2 * i + 3)))
        return acc
    u2 = (h(sess, 11) % 1_000_000) / 1e6
    use2 = u2 < A["p2"][eacc]
    so = np.where(use2, A["s2o"][eacc], A["s1o"][eacc])
    sl = np.maximum(np.where(use2, A["s2l"][eacc], A["s1l"][eacc]), 1)
    sm = np.where(use2, A["s2m"][eacc], A["s1m"][eacc])
    sr = np.where(use2, A["s2r"][eacc], A["s1r"][eacc])
    ev_i = np.arange(E)
    k0 = h(eacc, 1)
    k1 = h(sess, 2)
    k2 = h(ev_i, 3, eacc)
    k3 = h(eacc, (t // np.maximum(sr, 1)).astype(np.int64), 4)
    kk = np.select([sm == 0, sm == 1, sm == 2], [k0, k1, k2], k3)
    bank = w.ipbank.array(np.int64)
    ipv4 = bank[so + (kk % sl.astype(np.uint64)).astype(np.int64)]
    ip = ip_str(ipv4)
    v6 = ((h(sess, 5) % 1000) / 1000 < A["v6p"][eacc]) & ~use2
    if v6.any():
        vi = np.flatnonzero(v6)
        a = eacc[vi]
        day = (t[vi] // DAY).astype(np.int64)
        vid = A["v6id"][a]
        mob = A["v6m"][a] == 1
        pref = np.where(mob, vid >> 24, vid)
        sub = np.where(mob, h(vid, day, 6), mix64(vid)).astype(np.int64)
        iid = h(vid, day, 7)
        ip[vi] = v6_strings(pref, sub, iid)
    # prompts
    ut = rng.random(E)
    is_t = (ut < A["ptpl"][eacc]) & (A["tpll"][eacc] > 0)
    prompt = np.empty(E, dtype=object)
    ti = np.flatnonzero(is_t)
    ta = eacc[ti]
    tb = w.tbank.array(np.int64)
    tid = tb[A["tplo"][ta] + (rng.random(len(ti)) * A["tpll"][ta]).astype(np.int64)]
    prompt[ti] = render(w, tid, rng)
    fi = np.flatnonzero(~is_t)
    prompt[fi] = free_text(w, len(fi), rng)
    cot = rng.random(E) < A["pcot"][eacc]
    if cot.any():
        ci = np.flatnonzero(cot)
        cb = w.cbank.array(np.int64)
        ca = eacc[ci]
        cid = cb[A["coto"][ca] + (rng.random(len(ci)) * np.maximum(A["cotl"][ca], 1)).astype(np.int64)]
        prompt[ci] = prompt[ci] + np.where(rng.random(len(ci)) < .8, "\n\n", " ") + COT[cid]
    # output tokens, model, client, keys
    out_tok = np.maximum(1, np.round(rng.lognormal(np.log(A["outm"][eacc]), A["outs"][eacc]) *
                                     np.where(cot, 1.8, 1.0))).astype(np.int64)
    mm = A["mm"][eacc]
    cm = np.cumsum(MIX, 1)[mm]
    model = MODELS[np.minimum((cm < rng.random(E)[:, None]).sum(1), 3)]
    ua = np.where((h(sess, 8) % 1000) / 1000 < A["pua2"][eacc], A["ua2"][eacc], A["ua1"][eacc])
    nk = np.maximum(A["nkeys"][eacc], 1)
    kidx = (h(sess, 9) % nk.astype(np.uint64)).astype(np.int64)
    akey = h(eacc, kidx, 10)
    api_key = pd.Series(akey & np.uint64(0xFFFFFFFFFF)).map("key_{:010x}".format).to_numpy(object)
    # ids
    ids = _ids(w.p.seed, N)
    card = A["card"][eacc].astype(object)
    card = np.where(card == "", None, card)
    ts = START + pd.to_timedelta(np.round(t * 1000).astype(np.int64), unit="ms")
    cols = {"account_id": ids[eacc], "timestamp": ts, "ip": ip, "payment_method": card, "prompt": prompt,
            "user_agent": ua.astype(object), "output_tokens": out_tok, "api_key_id": api_key, "model": model}
    del ip, card, prompt, ua, api_key, model
    ev = pd.DataFrame({})
    for c in list(cols):  # one column at a time, dropping each object array once converted (memory)
        ev[c] = cols.pop(c)
    # accounts that lost all their events? (cannot happen: every account has >= 1 request and LIMIT >= 1)
    Aw = {"created": A["created"], "card": A["card"], "email": A["email"], "cc": A["cc"], "org": A["org"],
          "is_ring": A["is_ring"], "ring": A["ring"], "group": A["group"], "cohort": A["cohort"],
          "variant": A["variant"]}
    return ev, Aw, ids, rejected


def _ids(seed: int, n: int) -> np.ndarray:
    rng = np.random.default_rng([seed, 6008])
    x = np.unique(rng.integers(16 ** 8, 16 ** 9, n * 2))
    x = rng.permutation(x)[:n]
    return np.array([f"u{v:09x}" for v in x], dtype=object)


def generate(p: Params, out: Path, ref: Ref4 | None = None) -> dict:
    t0 = time.perf_counter()
    ref = ref or Ref4()
    w = World(p, ref)
    P = shared_pools(w)
    build_rings(w, int(round(p.ring_share * p.accounts)), P)
    build_benign(w, p.accounts - w.n, P)
    ev, A, ids, rejected = gen_events(w)
    perm = np.random.default_rng([p.seed, 6009]).permutation(len(ids))
    ac, truth = write_world(out, ev, A, ids, START, perm)
    return write_summary(out, "world6", p, ev, ac, truth, w.rings, t0, LIMIT, p.days, START,
                         rejected_over_limit=int(rejected))


def main(argv=None) -> int:
    return world_main(argv, __doc__, generate, Params, days=14, max_days=28)


if __name__ == "__main__":
    sys.exit(main())
