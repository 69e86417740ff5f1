"""A seventh, independent world generator: a month-long window, sampled prompt logging, a 250/day limit,
negative-binomial activity, an accounts export without ``email_domain`` and ``org_id``, and benign look-alikes
that share many signals at once (hackathons, courses, SaaS vendors with one account per tenant, research groups
running public benchmarks) beside "hydra" rings run through proxy resellers.

Written from the public threat description, the README's "Input contract" and "Outputs" sections,
world3.py/world4.py/world6.py's output format, reference-data loaders and helpers (imported, not copied),
world4_eval.py and tests/test_world6.py only: no graphhunt package code and no results section of the
quality/world docs was read, and every distribution, cohort and evasion was fixed before graphhunt was first run
on this world. See docs/WORLD7.md.

Outputs:

* ``events.parquet``: ``account_id, timestamp, ip, payment_method, prompt, user_agent, output_tokens,
  api_key_id, model``. ``prompt`` is null unless the request was sampled for prompt logging
  (``LOG_RATE`` of requests, never for zero-retention accounts); ``user_agent`` is null for clients that send
  none and for every request during a logging incident (``ua_incident`` in world.json).
* ``accounts.csv``: ``account_id, created_at, payment_method, country`` (this platform's export has no
  email domain and no organisation column).
* ``truth.csv``: ``account_id, is_ring, ring_id, group_id, cohort, variant`` (a ring's ``variant``:
  infrastructure, payment, evasions, sign-up, ``cot`` when it elicits reasoning, task source, "|"-joined; a
  benign account's ``variant`` describes its group and ends in ``|zdr`` under zero data retention).
* ``world.json``: parameters, cohort sizes, per-ring summary, rejected requests, logging facts.

Usage::

    python benchmarks/world7.py --accounts 20000 --seed 1 --ring-share 0.01 --ring-sizes mixed --out /tmp/w7/s1

Model: an account has a request total for the window (negative binomial for people), day weights (a two-state
on/off Markov chain per account with weekday/weekend factors, or explicit blocks), and a timing mode: human
conversation threads (start hour around a personal peak in local time, exponential gaps inside a thread) or
machine timing (Poisson in a daily UTC window, or cron bursts). Requests are spread over days by sequential
binomial draws, threads and events are built in bulk with numpy, and requests over the daily limit are dropped.
Two IP sources are chosen per thread (or by day for venue events), each a pool with a rule: fixed per account,
per thread, per request, rotating every r seconds (keyed by the pool, as a home router, or by the account, as a
carrier's CGNAT). Prompt text is rendered only for logged requests. Python loops run over groups, templates and
days only. One seeded Generator per world.
"""
from __future__ import annotations

import string
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from world3 import (
    BROWSERS,
    CC,
    SHARED,
    TZ,
    Bank,
    _atomic,
    hosts,
    ip_str,
    mix64,
    nets24,
    world_main,
    write_summary,
    write_world,
)
from world4 import Ref4
from world6 import _sizes, ps_string

DAY = 86400
START = pd.Timestamp("2027-06-01T00:00:00Z")  # a Tuesday
START_DOW = 1  # Monday = 0
LIMIT = 250  # requests per account per UTC day; the rest are rejected and never logged
LOG_RATE = 0.2  # share of requests whose prompt text is logged (per request), except zero-retention accounts
ACCOUNT_COLUMNS = ["account_id", "created_at", "payment_method", "country"]

CW7 = np.array([.24, .10, .05, .07, .06, .04, .04, .04, .02, .03, .03, .03, .03, .04, .03, .05, .03, .03])
CW7 = CW7 / CW7.sum()
CCI = {c: i for i, c in enumerate(CC)}

# --------------------------------------------------------------------------- vocabularies (own)
SDK7 = ["corvid-python/2.{m}.1", "corvid-node/1.{m}.4", "python-httpx/0.27.{m}", "python-requests/2.31.{m}",
        "node-fetch/3.3.{m}", "Java-http-client/21.0.{m}", "Go-http-client/2.0", "undici/6.{m}.0",
        "RestSharp/110.2.{m}", "GuzzleHttp/7.{m} PHP/8.3", "ktor-client/2.3.{m}", "langchain-corvid/0.2.{m}"]
MOBILE_UA = ["Corvid/5.{m}.2 (iPhone; iOS 17.{m}; Scale/3.00)", "Corvid/5.{m}.0 (Android 14; SM-S92{m}B)",
             ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Version/17.{m} Mobile/15E148 Safari/604.1"),
             ("Mozilla/5.0 (Linux; Android 14; Pixel {m}) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/12{m}.0.0.0 Mobile Safari/537.36")]
MODELS = np.array(["corvid-4", "corvid-4-mini", "corvid-4-think", "corvid-3.5-turbo"], dtype=object)
MIX = np.array([[.45, .35, .08, .12],   # 0 chat
                [.10, .80, .02, .08],   # 1 cheap
                [.30, .05, .65, .00],   # 2 reasoning
                [.90, .05, .05, .00],   # 3 flagship
                [.00, 1.0, .00, .00],   # 4 mini only
                [.00, .00, 1.0, .00],   # 5 think only
                [.40, .30, .20, .10]])  # 6 developer

COT_CHAT = ["why?", "can you explain that more?", "explain like I'm five", "what's the reasoning here?",
            "go into more detail please"]
COT_HW = ["Explain step by step so I can follow for the exam.", "show all the working please",
          "Why is that the answer? Walk me through it.", "explain every step, my professor wants the method",
          "Can you show the derivation?", "break it down step by step pls"]
COT_BENCH = ["Let's think step by step.",
             "Let's work this out in a step by step way to be sure we have the right answer.",
             "Answer the question, reasoning step by step first."]
COT_RING = ["Lay out your full reasoning before giving the answer.",
            "Think it through in detail and write down every step of your thinking.",
            "Give an exhaustive step-by-step solution, then the final answer after '####'.",
            "Explain the logic behind each step; do not skip anything.",
            "First write a detailed plan, then execute it step by step, then answer.",
            "Show your complete internal reasoning, then a one-line answer.",
            "Reason carefully. Output format: <reasoning>...</reasoning><answer>...</answer>",
            "Solve it methodically, justifying every inference.",
            "Produce a long-form rationale first; the answer goes last.",
            "Think about this from first principles and show all the work.",
            "List the relevant facts, reason over them step by step, and conclude.",
            "Write out your chain of thought explicitly before the final response.",
            "Consider alternative approaches, compare them, then give the best answer with full reasoning.",
            "Provide a teacher-quality worked solution with every intermediate result."]
COT = np.array(COT_CHAT + COT_HW + COT_BENCH + COT_RING, dtype=object)
C_CHAT, C_HW = 0, len(COT_CHAT)
C_BENCH = C_HW + len(COT_HW)
C_RING = C_BENCH + len(COT_BENCH)

NAMES = ["Aiko", "Bastian", "Chiara", "Dmitri", "Esi", "Farid", "Greta", "Hamid", "Ilse", "Joao", "Kalani", "Lior",
         "Marisol", "Nikhil", "Oksana", "Pavel", "Quentin", "Rania", "Soren", "Thandi", "Umar", "Vera"]
ITEMS = ["backpacks", "ceramic mugs", "running shoes", "desk lamps", "yoga mats", "coffee beans", "phone cases",
         "notebooks", "bike helmets", "scented candles", "headphones", "water bottles"]
CITIES = ["Lisbon", "Austin", "Pune", "Lyon", "Osaka", "Leeds", "Curitiba", "Gdansk", "Busan", "Puebla", "Izmir",
          "Bandung", "Utrecht", "Calgary", "Perth", "Valencia"]
LANGS = ["French", "German", "Spanish", "Japanese", "Korean", "Portuguese", "Italian", "Turkish", "Indonesian",
         "Polish", "Vietnamese", "Dutch"]
CLANGS = ["Python", "TypeScript", "Java", "Go", "Rust", "C++", "Kotlin", "C#", "PHP", "Scala"]
FNS = ["group_by_key", "parse_iso_date", "moving_median", "find_duplicates", "chunk_list", "retry_with_backoff",
       "slugify", "merge_sorted", "bfs_shortest", "normalize_email", "sliding_max", "to_roman"]
BUGS = ["an off-by-one error in the loop bound", "a race condition on a shared counter", "a None dereference",
        "integer overflow on large inputs", "a mutable default argument", "wrong operator precedence",
        "an unclosed file handle", "timezone-naive datetime comparison", "quadratic string concatenation"]
FIELDS = ["invoice_number", "due_date", "total_amount", "vendor_name", "iban", "patient_age", "diagnosis_code",
          "policy_id", "shipping_address", "order_date", "tax_rate", "sku"]
TOPICS = ["meal prep", "a job offer", "learning guitar", "moving abroad", "a rental contract", "home workouts",
          "a Python error", "writing a resume", "saving for a house", "a trip to Japan", "dog training",
          "public speaking", "a broken dishwasher", "a thesis outline", "negotiating salary"]
DSTRUCT = ["hash map", "binary heap", "balanced BST", "sorted array", "linked list", "trie", "union-find"]
VARS = ["x", "t", "n", "k", "y", "z"]
UNITS = ["km", "kg", "litres", "hours", "metres", "euros", "dollars"]
ASKS = [("how do I get better at ", "?"), ("any tips for ", "?"), ("what should I know about ", ""),
        ("help me plan ", ""), ("I'm stuck with ", ", what do I do"), ("quick question about ", ""),
        ("pros and cons of ", ""), ("explain ", " simply")]

CO_A = ["Northwind", "Bluepeak", "Kelvara", "Ostrava", "Pinegate", "Marlow", "Sundial", "Tidewater", "Verdant",
        "Cobalt", "Lanternfish", "Quarry", "Redfern", "Silverline", "Amberly", "Hollis"]
CO_B = ["Logistics", "Dental", "Realty", "Legal", "Bakery", "Fitness", "Consulting", "Outfitters", "Pharma",
        "Insurance", "Studio", "Motors", "Hotels", "Foods", "Energy", "Clinic"]
TOOLS = ["Copilot", "Assist", "Helper", "Desk", "Ops Bot", "Scribe"]
VENDORS = ["Replyly", "Shopwise", "Helpdeskr", "Listora", "PeopleBot", "Reviewr", "Chattel", "Supportly", "Quotient",
           "Draftly"]
SAAS_KINDS = {
    "support": "You are {V}'s support assistant for {T}. Answer the customer politely using only the help-centre "
               "article below.\nArticle: {{sent}} {{sent}}\nCustomer: {{short}}?",
    "reviews": "[{V} Smart Reply] Write a short, warm public reply on behalf of {T} to this customer review: "
               "{{sent}}",
    "listings": "{V} listing optimiser. Rewrite this product title and description for {T}'s online shop, under "
                "80 words, with 3 keywords.\nProduct: {{item}}\nDescription: {{sent}}",
    "hr": "You are {V} HR-bot for {T}. Answer the employee's policy question from the handbook excerpt.\n"
          "Excerpt: {{sent}} {{sent}}\nQuestion: {{short}}?",
    "sales": "{V} outreach writer for {T}: draft a 3-sentence cold email to {{name}} at a company in {{city}} "
             "about {{item}}. Mention: {{short}}.",
}
WORKSHOPS = {
    "rag": [("You are the helpful assistant of the {E} demo app. Use only this context to answer.\nContext: {{sent}} "
            "{{sent}}\nQuestion: {{short}}?"),
            "Summarise this document for the {E} demo in three bullet points: {{sent}} {{sent}}",
            ("Step {{small}} of the {E} tutorial: extract the people and places in this text as a JSON list: "
            "{{sent}}")],
    "agent": [("You can call two tools: search(query) and calc(expression). Decide which tool answers: {{short}}? "
              "Reply only with the tool call. ({E} agent lab)"),
              "({E} agent lab) Given the tool result '{{sent}}', write the final answer to the user's question.",
              "Plan the steps to {{short}} as a numbered list. ({E} agent lab, exercise {{small}})"],
    "classify": ["{E} workshop: classify the sentiment of this review as positive, negative or neutral: {{sent}}",
                 ("{E} workshop: which category fits this support ticket - billing, bug, account or other? "
                 "{{sent}}"),
                 "{E} workshop: label the language and the topic of: {{sent}}"],
    "story": ["Write a bedtime story of under 120 words about {{name}} and the {{item}}. ({E} creative coding)",
              "({E} creative coding) Turn this sentence into a haiku: {{sent}}",
              "Continue this story in the same style for one paragraph ({E}): {{sent}}"],
}
EVENTS = ["BuildWeek", "HackNight", "AI Sprint", "DevFest", "Code&Coffee", "LaunchPad", "GenJam", "StartupLab"]
COURSE_BODIES = {
    "calculus": ["Compute the derivative of {small}{var}^{small} + {num}{var} and find where it equals zero.",
                 "Evaluate the integral of {small}{var}^2 e^{var} from 0 to {small}."],
    "probability": [("A bag has {small} red and {small} blue balls. Two are drawn without replacement. What is the "
                    "probability that both are red?"),
                    ("A test is {num2}% sensitive and {num2}% specific for a condition with {small}% prevalence. "
                    "What is the probability of the condition given a positive test?")],
    "algorithms": ["What is the time complexity of {fn} implemented with a {ds}? Justify your answer.",
                   "Design an algorithm for {fn} using a {ds} and prove its correctness."],
    "economics": [("Given demand Q = {num} - {small}P and supply Q = {small}P - {small}, find the equilibrium price "
                  "and quantity."),
                  "Explain the effect of a {small}% tax on {item} on consumer and producer surplus."],
    "statistics": [("A sample of {num2} observations has mean {num2} and standard deviation {small}. Test at 5% "
                   "whether the population mean differs from {num2}."),
                   "Interpret a regression coefficient of {small} for years of schooling on log wages."],
    "webdev": ["Write a {clang} function {fn} and explain how it handles empty input.",
               "Why does my {clang} code fail with {bug}? Here is the snippet: {sent}"],
}
COURSE_CODE = {"calculus": "MATH 1{small}1", "probability": "STAT 2{small}0", "algorithms": "CS 3{small}0",
               "economics": "ECON 10{small}", "statistics": "STAT 1{small}5", "webdev": "Bootcamp Week {small}"}
OFFICE_TPL = ["Summarise this ticket for the on-call engineer in 3 lines: {{sent}} {{sent}}",
              "Draft a reply to the client email below, formal tone, sign as the {C} team: {{sent}}",
              "Turn these meeting notes into action items with owners: {{sent}} {{sent}}",
              "Check this contract clause for risks for {C}: {{sent}}"]
APP_TPL = ["Generate {small} SEO keywords and a meta description for a {item} shop in {city}.",
           "Translate this product review into {lang} and keep the star rating: {sent}",
           "Extract the fields {field}, {field} and {field} from this document as JSON: {sent} {sent}",
           "Write a {small}-sentence horoscope for today for someone born in {city}.",
           "Moderate this forum post: answer ALLOW or REVIEW and give a reason. Post: {sent}",
           "Summarise this news article in {small} bullet points: {sent} {sent} {sent}"]
BENCH = ["ai2_arc", "openbookqa", "hellaswag", "piqa", "winogrande", "math_qa", "commonsense_qa", "sciq", "qasc",
         "social_i_qa", "boolq", "race", "super_glue", "glue", "anli", "trivia_qa", "squad", "quartz", "cosmos_qa",
         "aqua_rat", "mc_taco", "wiqa", "quail", "dream"]

# ring capabilities (task source "syn"): instruction wordings and body skeletons with {slot}s
CAPS = {
    "olympiad": (["Solve this competition problem.", "Find the exact answer to the following.",
                  "Olympiad-style question:", "Work out the following problem."],
                 [("Find all positive integers {var} less than {num} such that {var}^2 + {small} is divisible by "
                  "{small}."),
                  "A sequence satisfies a_1 = {small} and a_(n+1) = {small}a_n - {small}. Find a_{small} mod {num}.",
                  ("How many ways can {small} people sit around a table if {name} and {name} refuse to sit "
                  "together?")]),
    "proof": (["Prove the following statement.", "Give a rigorous proof.", "Write a formal proof:",
               "Show that the claim holds."],
              ["For every integer {var} >= {small}, {small}^{var} > {var}^{small}.",
               "The sum of the first {var} odd numbers is {var}^2, for all {var} >= 1.",
               "Every tree with {num} vertices has exactly {num} - 1 edges."]),
    "codefix": (["Find and fix the bug.", "Debug the following code.", "This code is wrong; correct it.",
                 "Review and repair this function."],
                ["The {clang} function {fn} has {bug}. Rewrite it correctly and explain the fix.",
                 "In {clang}, {fn} fails on input of size {num} because of {bug}. Provide the fixed code."]),
    "toolcall": (["Produce the function call.", "Return the tool invocation as JSON.", "Choose the tool and args.",
                  "Plan and emit tool calls."],
                 [("Tools: get_weather(city), convert(amount, unit), search(query). User: what is the weather in "
                  "{city} and {num} {unit} in miles?"),
                  ("Tools: book_table(restaurant, time, people), lookup(name). User: book for {small} at {name}'s "
                  "place in {city} at {small}pm.")]),
    "extract": (["Extract the requested fields as JSON.", "Parse the document into structured data.",
                 "Information extraction task:", "Fill the schema from the text."],
                ["Fields: {field}, {field}, {field}. Document: {sent} {sent}",
                 "Schema: {field} (string), {field} (date), {field} (number). Text: {sent}"]),
    "critique": (["Grade the answer with the rubric.", "Evaluate this response.", "Score the answer from 1 to 10.",
                  "Act as an expert grader."],
                 ["Question: {sent} Answer: {sent} Rubric: correctness, completeness, clarity.",
                  "Student answer on {topic}: {sent} Give a score and detailed feedback."]),
    "refusal": (["How should an assistant respond to this request?", "Write the ideal assistant reply.",
                 "Respond as a careful, helpful assistant.", "Give the model response."],
                ["A user asks: '{sent}' The user says they are a {topic} expert.",
                 "User request: {short}. Context: {sent}"]),
    "finance": (["Solve the finance question.", "Compute the answer.", "Financial analysis task:",
                 "Answer as a CFA candidate would."],
                [("A bond pays {small}% annually for {small} years and yields {small}%. What is its price per "
                 "{num}?"),
                 "A firm has revenue {num}, costs {num} and a tax rate of {pct}%. Compute net income and margin."]),
    "stats": (["Solve the statistics problem.", "Answer with a full derivation.", "Statistics question:",
               "Compute and interpret."],
              ["X is Poisson with mean {small}. Find P(X > {small}) and the variance of {small}X.",
               "Given {num2} samples with mean {num2} and sd {small}, build a {num2}% confidence interval."]),
}
CAP_NAMES = list(CAPS)
NARROW = r"qa|math|arc|code|gsm|aqua|logic|reason|sci|squad|trivia|hotpot|drop|race|commonsense|piqa|wino|anli|nli"

# --------------------------------------------------------------------------- accounts
COLS = {"cohort": "", "group": "", "is_ring": False, "ring": "", "variant": "", "cc": 0, "tz": 0.0,
        "created": 0.0, "card": "", "card_from": -1e12, "n": 0, "mach": 0, "peak": 20.0, "spread": 3.0,
        "peak2": 13.0, "pp2": 0.0, "tlen": 4.0, "gap": 90.0, "h0": 0.0, "h1": 24.0, "cron": 15.0, "cphase": 0.0,
        "burst": 120.0, "s1o": 0, "s1l": 1, "s1m": 0, "s1r": 600.0, "s2o": 0, "s2l": 1, "s2m": 0, "s2r": 600.0,
        "p2": 0.0, "v0": 0, "v1": 0, "ua1": "", "ua2": "", "pua2": 0.0, "noua": False, "nkeys": 1, "tplo": 0,
        "tpll": 0, "ptpl": 0.0, "pcot": 0.0, "pcotf": 0.0, "coto": 0, "cotl": 1, "outm": 300.0, "outs": 0.6,
        "mm": 0, "zdr": False}
# IP source rules (s1m / s2m)
FIXED, PER_THREAD, PER_REQUEST, ROT_POOL, ROT_ACCT = 0, 1, 2, 3, 4


@dataclass
class Params:
    accounts: int = 20000
    seed: int = 1
    ring_share: float = 0.01
    ring_sizes: str = "mixed"  # small (3-15) | mixed (55% 3-15, 45% lognormal median 45, 16-400) | large (40-400)
    days: int = 30


class World:
    def __init__(self, p: Params, ref: Ref4):
        self.p, self.ref, self.days = p, ref, p.days
        self.rng = np.random.default_rng([p.seed, 7007])
        self.cols = {k: [] for k in COLS}
        self.dayw: list[np.ndarray] = []
        self.n = 0
        self.ipbank = Bank()
        self.tpls: list[str] = []
        self.tbank = Bank()
        self.cbank = Bank()
        self.rings: list[dict] = []
        self.homes: list[np.ndarray] = []
        dow = (START_DOW + np.arange(p.days)) % 7
        self.dow = dow
        self.weekend = dow >= 5
        self._card = 0
        pz = 1.0 / (1 + self.rng.permutation(len(ref.public))) ** 1.05  # popularity of public prompts
        self.pub_p = pz / pz.sum()
        self.short = np.array([x.split(",")[0].rstrip(".?!")[:60] for x in ref.sent], dtype=object)  # short asks

    # ---- small helpers
    def tpl(self, s: str) -> int:
        self.tpls.append(s)
        return len(self.tpls) - 1

    def tset(self, ids) -> tuple[int, int]:
        return self.tbank.add(np.asarray(ids, dtype=np.int64))

    def cset(self, ids) -> tuple[int, int]:
        return self.cbank.add(np.asarray(ids, dtype=np.int64))

    def pool(self, ips) -> tuple[int, int]:
        return self.ipbank.add(np.asarray(ips, dtype=np.int64))

    def own_pools(self, ips: np.ndarray, per: np.ndarray | int = 1) -> tuple[np.ndarray, np.ndarray]:
        """per-account pools: ``ips`` is k x m; account i uses its first per[i] entries. (offsets, lengths)"""
        ips = np.asarray(ips, dtype=np.int64)
        if ips.ndim == 1:
            ips = ips[:, None]
        k, m = ips.shape
        off, _ = self.ipbank.add(ips.ravel())
        return off + m * np.arange(k), np.broadcast_to(np.asarray(per), (k,)).astype(np.int64).copy()

    def cards(self, k) -> np.ndarray:
        x = mix64(np.arange(self._card, self._card + k, dtype=np.int64) + ((self.p.seed + 77) << 36))
        self._card += k
        return np.array([f"card_{v & 0xFFFFFFFFFFFFFF:014x}" for v in x], dtype=object)

    def ccs(self, k) -> np.ndarray:
        return self.rng.choice(len(CC), size=k, p=CW7)

    def tzs(self, cc) -> np.ndarray:
        cc = np.asarray(cc)
        tz = TZ[cc].astype(float)
        us = cc == CCI["US"]
        tz[us] = self.rng.choice([-5., -6., -7., -8.], size=int(us.sum()), p=[.47, .29, .08, .16])
        return tz

    def home_ips(self, cc, register=True) -> np.ndarray:
        cc = np.asarray(cc)
        out = np.zeros(len(cc), dtype=np.int64)
        for c in np.unique(cc):
            m = cc == c
            nets, lens = self.ref.isp[CC[c]][:2]
            out[m] = nets24(self.rng, nets, lens, int(m.sum())) + self.rng.integers(2, 254, int(m.sum()))
        if register:
            self.homes.append(out)
        return out

    def nb(self, k, mean, shape) -> np.ndarray:
        """negative binomial counts (gamma-Poisson) with the given mean and shape (smaller = more skewed)."""
        lam = self.rng.gamma(shape, np.asarray(mean, dtype=float) / shape, k)
        return self.rng.poisson(lam).astype(np.int64)

    def ua(self, kind, k) -> np.ndarray:
        rng = self.rng
        if kind == "browser":
            b = rng.integers(0, len(BROWSERS), k)
            v = rng.integers(124, 132, k)
            m = rng.integers(1, 7, k)
            return np.array([BROWSERS[i].format(v=x, m=y) for i, x, y in zip(b, v, m)], dtype=object)
        src = MOBILE_UA if kind == "mobile" else SDK7
        s = rng.integers(0, len(src), k)
        m = rng.integers(0, 9, k)
        return np.array([src[i].format(m=x) for i, x in zip(s, m)], dtype=object)

    def markov_days(self, k, stay, start, wd=1.0, we=1.0) -> np.ndarray:
        """k x days weights: an on/off Markov chain per account (P(on->on) = stay, P(off->on) = start), times a
        weekday/weekend factor and a gamma day intensity."""
        rng = self.rng
        stay = np.broadcast_to(np.asarray(stay, dtype=float), (k,))
        start = np.broadcast_to(np.asarray(start, dtype=float), (k,))
        act = np.zeros((k, self.days), dtype=bool)
        s = rng.random(k) < start / np.maximum(start + 1 - stay, 1e-9)
        for d in range(self.days):
            act[:, d] = s
            u = rng.random(k)
            s = np.where(s, u < stay, u < start)
        f = np.atleast_2d(np.where(self.weekend, we, wd))
        w = act * f * rng.gamma(3.0, 1 / 3.0, (k, self.days))
        none = w.sum(1) <= 0
        if none.any():
            w[np.flatnonzero(none), rng.integers(0, self.days, int(none.sum()))] = 1.0
        return w

    def created_people(self, k, new_share=0.07) -> np.ndarray:
        """sign-up times (s from START): exponential age (mean 16 months), a share signed up inside the window."""
        c = -self.rng.exponential(480, k) * DAY
        new = self.rng.random(k) < new_share
        c[new] = self.rng.uniform(0, self.days, int(new.sum())) * DAY
        return c

    def add(self, k, dayw, **kw):
        cols = {}
        for c, d in COLS.items():
            v = kw.get(c, d)
            cols[c] = np.broadcast_to(np.asarray(v, dtype=object if isinstance(d, str) else None), (k,)).copy()
        dayw = np.asarray(dayw, dtype=float).reshape(k, self.days).copy()
        # no activity before sign-up (accounts created inside the window)
        cd = np.floor(cols["created"].astype(float) / DAY).astype(np.int64)
        late = cd > 0
        if late.any():
            dd = np.arange(self.days)[None, :]
            dayw[late] *= dd >= cd[late][:, None]
            empty = late & (dayw.sum(1) <= 0)
            dayw[np.flatnonzero(empty), np.minimum(cd[empty], self.days - 1)] = 1.0
            cols["created"] = np.where(cd >= self.days, (self.days - 1) * DAY, cols["created"].astype(float))
        for c in COLS:
            self.cols[c].append(cols[c])
        self.dayw.append(dayw)
        self.n += k


# --------------------------------------------------------------------------- shared infrastructure
def shared_pools(w: World) -> dict:
    rng, ref = w.rng, w.ref
    P = {"carrier": {}}
    # mobile carriers: 1-3 per country, each a CGNAT pool of 64-2048 public addresses in its prefixes
    for ci, c in enumerate(CC):
        nets, lens, asn = ref.mobile[c]
        ua = np.unique(asn)
        nc = int(np.clip(round(CW7[ci] * 12), 1, 3))
        P["carrier"][ci] = []
        for j in range(nc):
            a = ua[(j * 5 + ci) % len(ua)]
            m = asn == a
            size = int(np.clip(CW7[ci] * 8000, 64, 2048))
            bases = nets24(rng, nets[m], lens[m], max(1, size // 64))
            P["carrier"][ci].append(w.pool(bases[rng.integers(0, len(bases), size)] + rng.integers(1, 255, size)))
    P["vpn"] = [w.pool(hosts(rng, ref.vpn, k)) for k in (500, 220, 90, 40, 25)]
    tor = np.array([int.from_bytes(bytes(int(x) for x in s.split(".")), "big") for s in
                    (SHARED / "ip/tor/tor-exit-nodes.lst").read_text().split() if s.count(".") == 3], dtype=np.int64)
    P["tor"] = w.pool(tor)
    return P


def carrier_of(w: World, P: dict, cc) -> tuple[np.ndarray, np.ndarray]:
    """(offset, length) of a random carrier pool of each account's country."""
    cc = np.asarray(cc)
    u = w.rng.random(len(cc))
    res = [P["carrier"][int(c)][int(x * len(P["carrier"][int(c)]))] for c, x in zip(cc, u)]
    return np.array([r[0] for r in res], dtype=np.int64), np.array([r[1] for r in res], dtype=np.int64)


def cloud_region(w: World, provider: str, k: int, blocks: int = 1) -> np.ndarray:
    """k addresses inside ``blocks`` random prefixes of one cloud provider (a region)."""
    rng = w.rng
    cid = w.ref.cloud[provider]
    sel = cid[rng.choice(len(cid), size=blocks, replace=False)]
    j = rng.integers(0, blocks, k)
    return sel[j, 0] + 1 + rng.integers(0, 1 << 30, k) % np.maximum(sel[j, 1] - 2, 1)


# --------------------------------------------------------------------------- benign cohorts
BENIGN = {"mobile": .12, "household": .07, "office": .11, "vpn_user": .04, "hackathon": .035, "course": .07,
          "saas_tenant": .05, "research_group": .006}


def build_benign(w: World, nb: int, P: dict):
    rng = w.rng
    days = w.days
    T = w.ref.templates
    counts = {k: round(v * nb) for k, v in BENIGN.items()}
    counts["heavy_app"] = max(3, round(nb * 0.002))
    counts["individual"] = nb - sum(counts.values())
    chat_cot = w.cset(np.arange(C_CHAT, C_CHAT + len(COT_CHAT)))
    hw_cot = w.cset(np.arange(C_HW, C_HW + len(COT_HW)))
    bench_cot = w.cset(np.arange(C_BENCH, C_BENCH + len(COT_BENCH)))

    def person(k, cc=None, dev=None):
        """defaults of a person (chat user, or developer where ``dev``)."""
        cc = w.ccs(k) if cc is None else np.broadcast_to(np.asarray(cc), (k,)).copy()
        dev = np.zeros(k, bool) if dev is None else dev
        promo = rng.random(k) < np.where(dev, .15, .25)
        card = np.where(promo, "", w.cards(k))
        upg = promo & (rng.random(k) < .2)  # promo users who add a card during the window
        card_from = np.where(upg, rng.uniform(2, max(days - 1, 3), k) * DAY, -1e12)
        card = np.where(upg, w.cards(k), card)
        noua = dev & (rng.random(k) < .25)
        return {"cc": cc, "tz": w.tzs(cc), "created": w.created_people(k), "card": card, "card_from": card_from,
                   "n": np.where(dev, w.nb(k, 300, .5), w.nb(k, 70, .45)), "mach": 0,
                   "peak": np.where(dev, rng.normal(15, 2, k), rng.normal(20.5, 1.5, k)),
                   "spread": rng.uniform(1.5, 3.5, k), "peak2": np.where(dev, 21.5, rng.normal(12.5, 1, k)),
                   "pp2": rng.uniform(0, .4, k), "tlen": np.where(dev, rng.uniform(4, 15, k), rng.uniform(2, 7, k)),
                   "gap": rng.lognormal(np.where(dev, np.log(45), np.log(90)), .5, k),
                   "ua1": np.where(dev, w.ua("sdk", k), w.ua("browser", k)),
                   "ua2": np.where(dev, w.ua("browser", k), w.ua("mobile", k)),
                   "pua2": np.where(dev, .2, rng.choice([0, .2, .5], size=k)), "noua": noua,
                   "nkeys": np.where(dev, rng.integers(1, 4, k), 1), "ptpl": 0.0,
                   "pcotf": rng.choice([0, .02, .08], size=k), "coto": chat_cot[0], "cotl": chat_cot[1],
                   "outm": np.where(dev, rng.lognormal(6.0, .4, k), rng.lognormal(5.4, .4, k)), "outs": .6,
                   "mm": np.where(dev, 6, 0)}

    def home_pools(cc):
        """a home pool per account: 1-2 addresses (a DHCP lease change), rotating every 3-25 days."""
        k = len(cc)
        a = w.home_ips(cc)
        b = w.home_ips(cc)
        o, ln = w.own_pools(np.stack([a, b], 1), np.where(rng.random(k) < .5, 1, 2))
        return {"s1o": o, "s1l": ln, "s1m": ROT_POOL, "s1r": rng.uniform(3, 25, k) * DAY}

    def roam(cc, p):
        o, ln = carrier_of(w, P, cc)
        return {"s2o": o, "s2l": ln, "s2m": ROT_ACCT, "s2r": rng.uniform(600, 3600, len(cc)), "p2": p}

    # ---- individuals: chat users and developers at home, sometimes on their phone's carrier
    k = counts["individual"]
    dev = rng.random(k) < .18
    kw = person(k, dev=dev)
    dw = w.markov_days(k, rng.uniform(.3, .85, k), rng.uniform(.05, .4, k), 1.0, np.where(dev, .6, 1.2)[:, None])
    var = np.where(dev, "dev", "chat").astype(object) + np.where(kw["noua"], "|noua", "").astype(object)
    w.add(k, dw, **kw, **home_pools(kw["cc"]), **roam(kw["cc"], np.where(dev, .05, rng.uniform(.05, .3, k))),
          cohort="individual", group=np.array([f"ind{i}" for i in range(k)], dtype=object), variant=var)

    # ---- mobile-first users: carrier CGNAT (address reassigned every 5-30 min), app or mobile browser
    k = counts["mobile"]
    kw = person(k)
    o, ln = carrier_of(w, P, kw["cc"])
    wifi = rng.random(k) < .3
    hp = home_pools(kw["cc"])
    kw.update(n=w.nb(k, 45, .6), peak=rng.normal(19, 2, k), spread=rng.uniform(2.5, 4.5, k), peak2=8.5, pp2=.4,
              ua1=w.ua("mobile", k), ua2=w.ua("mobile", k), pua2=.3, mm=1, outm=rng.lognormal(5.2, .4, k),
              card=np.where(rng.random(k) < .7, kw["card"], ""))
    w.add(k, w.markov_days(k, .6, .3, 1.0, 1.1), **kw, s1o=o, s1l=ln, s1m=ROT_ACCT, s1r=rng.uniform(300, 1800, k),
          s2o=hp["s1o"], s2l=hp["s1l"], s2m=ROT_POOL, s2r=hp["s1r"], p2=np.where(wifi, .4, 0.0),
          cohort="mobile", group=np.array([f"carrier{c}" for c in kw["cc"]], dtype=object),
          variant=np.where(wifi, "cgnat|wifi", "cgnat"))

    # ---- households: 2-5 people behind one home router (same address at the same time), a shared card in half
    for gi, s in enumerate(_sizes(rng, counts["household"], 2, 5, lambda: rng.integers(2, 6))):
        c = w.ccs(1)[0]
        kw = person(s, cc=c)
        kw["tz"] = np.full(s, kw["tz"][0])
        shared = rng.random() < .5
        if shared:
            kw["card"] = np.where(rng.random(s) < .85, w.cards(1)[0], kw["card"])
            kw["card_from"] = np.full(s, -1e12)
        router = w.pool(w.home_ips(np.full(int(rng.integers(1, 3)), c)))
        w.add(s, w.markov_days(s, rng.uniform(.3, .8, s), rng.uniform(.05, .4, s), 1.0, 1.3), **kw,
              s1o=router[0], s1l=router[1], s1m=ROT_POOL, s1r=rng.uniform(5, 30) * DAY, **roam(kw["cc"], .15),
              cohort="household", group=f"hh{gi}", variant="card" if shared else "own")

    # ---- offices: NAT of 1-3 addresses, weekdays, an internal tool prompt in 40%, corporate card in 35%,
    # zero data retention in 25%; hybrid work from home; no organisation is declared anywhere
    for gi, s in enumerate(_sizes(rng, counts["office"], 3, 200, lambda: np.exp(rng.normal(np.log(15), .9)))):
        c = w.ccs(1)[0]
        co = f"{CO_A[rng.integers(len(CO_A))]} {CO_B[rng.integers(len(CO_B))]}"
        kw = person(s, cc=c)
        kw["tz"] = np.full(s, kw["tz"][0])
        nat = w.pool(w.home_ips(np.full(int(rng.integers(1, 4)), c), register=False))
        tool = rng.random() < .4
        corp = rng.random() < .35
        zdr = rng.random() < .25
        if tool:
            tn = TOOLS[rng.integers(len(TOOLS))]
            picks = rng.choice(len(OFFICE_TPL), size=int(rng.integers(1, 3)), replace=False)
            ts = w.tset([w.tpl(f"[{co} {tn}] " + OFFICE_TPL[i].format(C=co)) for i in picks])
            kw.update(tplo=ts[0], tpll=ts[1], ptpl=rng.uniform(.3, .7),
                      ua2=np.full(s, f"{co.replace(' ', '')}{tn.replace(' ', '')}/1.{rng.integers(9)} "
                                     f"(internal; python-httpx/0.27.2)", dtype=object), pua2=.5)
        if corp:
            kw["card"] = np.full(s, w.cards(1)[0], dtype=object)
            kw["card_from"] = np.full(s, -1e12)
        onb = rng.uniform(-400, days)
        kw["created"] = np.where(rng.random(s) < .5, (onb + rng.uniform(0, 3, s)) * DAY, kw["created"])
        hp = home_pools(kw["cc"])
        kw.update(n=w.nb(s, 120, .8), peak=rng.normal(11, 1, s), spread=rng.uniform(1.8, 2.6, s), peak2=15.5,
                  pp2=.5, tlen=rng.uniform(3, 8, s), gap=rng.lognormal(np.log(100), .5, s), mm=rng.choice([0, 3]),
                  zdr=zdr)
        var = "|".join([f"nat{nat[1]}"] + (["tool"] if tool else []) + (["corpcard"] if corp else [])
                       + (["zdr"] if zdr else []))
        w.add(s, w.markov_days(s, .8, .5, 1.0, .05), **kw, s1o=nat[0], s1l=nat[1], s1m=PER_THREAD,
              s2o=hp["s1o"], s2l=hp["s1l"], s2m=ROT_POOL, s2r=hp["s1r"], p2=rng.uniform(0, .4, s),
              cohort="office", group=f"office{gi}", variant=var)

    # ---- commercial VPN users (5 providers) and Tor users; home when the VPN is off
    k = counts["vpn_user"]
    kw = person(k)
    prov = rng.choice(6, size=k, p=[.35, .25, .15, .1, .09, .06])
    pools = P["vpn"] + [P["tor"]]
    hp = home_pools(kw["cc"])
    w.add(k, w.markov_days(k, rng.uniform(.3, .85, k), rng.uniform(.05, .4, k), 1.0, 1.2), **kw,
          s1o=np.array([pools[i][0] for i in prov]), s1l=np.array([pools[i][1] for i in prov]),
          s1m=np.where(prov < 5, PER_THREAD, ROT_ACCT), s1r=600.0, s2o=hp["s1o"], s2l=hp["s1l"], s2m=ROT_POOL,
          s2r=hp["s1r"], p2=rng.uniform(0, .3, k), cohort="vpn_user",
          group=np.array([f"vpn{i}" if i < 5 else "tor" for i in prov], dtype=object),
          variant=np.where(prov < 5, "vpn", "tor"))

    # ---- hackathons / workshops: sign-ups on the day, the venue's NAT, the tutorial's prompts and SDK, promo
    # credit, one or two days of bursts; 20% keep using the platform lightly from home afterwards
    kinds = list(WORKSHOPS)
    sats = np.flatnonzero(w.dow == 5)
    for gi, s in enumerate(_sizes(rng, counts["hackathon"], 20, 300, lambda: np.exp(rng.normal(np.log(70), .7)))):
        d0 = int(rng.choice(sats)) if (len(sats) and rng.random() < .6) else int(rng.integers(0, days))
        ln = int(min(rng.integers(1, 3), days - d0))
        c = w.ccs(1)[0]
        local = rng.random(s) < .8
        cc = np.where(local, c, w.ccs(s))
        kw = person(s, cc=cc)
        kw["tz"] = np.full(s, w.tzs(np.array([c]))[0])
        kind = kinds[rng.integers(len(kinds))]
        ev = f"{EVENTS[rng.integers(len(EVENTS))]} {CC[c]} {2027}"
        ts = w.tset([w.tpl(x.format(E=ev)) for x in WORKSHOPS[kind]])
        venue = w.pool(w.home_ips(np.full(int(rng.integers(1, 4)), c), register=False))
        sdk = w.ua("sdk", 1)[0]
        keep = rng.random(s) < .2
        never = rng.random(s) < .12
        n_ev = 5 + w.nb(s, 55, 1.5)
        n_post = np.where(keep, w.nb(s, 15, 1.0), 0)
        dw = np.zeros((s, days))
        dw[:, d0:d0 + ln] = rng.gamma(4, .25, (s, ln))
        dw[:, d0:d0 + ln] *= (n_ev / dw[:, d0:d0 + ln].sum(1))[:, None]
        if d0 + ln < days:
            post = w.markov_days(s, .4, .2)
            post[:, :d0 + ln] = 0
            has = post.sum(1) > 0
            post[has] *= (n_post[has] / post[has].sum(1))[:, None]
            dw += post
            n_post = np.where(has, n_post, 0)
        else:
            n_post = np.zeros(s, np.int64)
        reg = rng.random(s) < .85
        kw["created"] = np.where(reg, (d0 + rng.uniform(-.5, .3, s)) * DAY, kw["created"])
        promo = rng.random(s) < .65
        upg = promo & keep & (rng.random(s) < .3)
        kw["card"] = np.where(promo & ~upg, "", w.cards(s))
        kw["card_from"] = np.where(upg, (d0 + ln + rng.uniform(0, 5, s)) * DAY, -1e12)
        hp = home_pools(kw["cc"])
        kw.update(n=np.where(never, 0, n_ev + n_post), peak=14.0, spread=3.5, peak2=22.0, pp2=.3,
                  tlen=rng.uniform(5, 15, s), gap=rng.lognormal(np.log(40), .5, s),
                  ua1=np.where(rng.random(s) < .8, sdk, w.ua("browser", s)), pua2=0.0, noua=False,
                  tplo=ts[0], tpll=ts[1], ptpl=rng.uniform(.6, .9, s), pcotf=.01, mm=1, outm=rng.uniform(250, 500, s))
        w.add(s, dw, **kw, s1o=venue[0], s1l=venue[1], s1m=PER_THREAD, s2o=hp["s1o"], s2l=hp["s1l"], s2m=ROT_POOL,
              s2r=hp["s1r"], v0=d0, v1=d0 + ln, cohort="hackathon", group=f"hack{gi}",
              variant=f"{kind}|{ln}d")

    # ---- courses: university classes (campus NAT in an education range) and bootcamps; an assignment template,
    # homework-style reasoning asks, deadline spikes, sign-ups around the start, education credit (no card)
    subj = list(COURSE_BODIES)
    for gi, s in enumerate(_sizes(rng, counts["course"], 15, 120, lambda: np.exp(rng.normal(np.log(45), .5)))):
        uni = rng.random() < .6
        c = w.ccs(1)[0]
        cc = np.where(rng.random(s) < .85, c, w.ccs(s))
        kw = person(s, cc=cc)
        kw["tz"] = np.full(s, w.tzs(np.array([c]))[0])
        sj = subj[rng.integers(len(subj))] if uni else "webdev"
        code = COURSE_CODE[sj].replace("{small}", str(rng.integers(1, 10)))
        ids = [w.tpl(f"{code} Assignment {{small}}, Problem {{small}}: {b}") for b in COURSE_BODIES[sj]]
        ts = w.tset(ids)
        if uni:
            en, el = w.ref.edu
            campus = w.pool(nets24(rng, en, el, 1)[0] + rng.integers(2, 254, int(rng.integers(8, 41))))
        else:
            campus = w.pool(w.home_ips(np.full(int(rng.integers(1, 3)), c), register=False))
        cs = rng.uniform(-60, days * .5)
        kw["created"] = np.where(rng.random(s) < .6, (cs + rng.uniform(-3, 3, s)) * DAY, kw["created"])
        kw["card"] = np.where(rng.random(s) < .5, "", kw["card"])
        dw = w.markov_days(s, .5, .3, 1.0, .8)
        for dl in np.arange(cs + 6, days, 7).astype(int):
            if 0 <= dl < days:
                dw[:, dl] *= 4
                if dl >= 1:
                    dw[:, dl - 1] *= 2
        hp = home_pools(kw["cc"])
        kw.update(n=w.nb(s, 60, 1.0), peak=rng.normal(21.5, 1.5, s), spread=2.5, peak2=15.0, pp2=.4,
                  tlen=rng.uniform(3, 9, s), tplo=ts[0], tpll=ts[1], ptpl=rng.uniform(.3, .7, s),
                  pcot=rng.uniform(.2, .6, s), pcotf=.05, coto=hw_cot[0], cotl=hw_cot[1], mm=rng.choice([0, 2]),
                  outm=rng.lognormal(6.0, .4, s))
        w.add(s, dw, **kw, s1o=hp["s1o"], s1l=hp["s1l"], s1m=ROT_POOL, s1r=hp["s1r"], s2o=campus[0],
              s2l=campus[1], s2m=PER_THREAD, p2=rng.uniform(.3, .7, s), cohort="course", group=f"course{gi}",
              variant="university" if uni else "bootcamp")

    # ---- SaaS vendors: one platform account per end customer (no organisation declared), the vendor's few
    # cloud egress addresses, its system prompt, one client string, machine timing, each tenant's own card
    kinds = list(SAAS_KINDS)
    for gi, s in enumerate(_sizes(rng, counts["saas_tenant"], 30, 400, lambda: np.exp(rng.normal(np.log(120), .7)))):
        vname = VENDORS[gi % len(VENDORS)] + ("" if gi < len(VENDORS) else str(gi))
        kind = kinds[rng.integers(len(kinds))]
        prov = str(rng.choice(["amazon", "google", "microsoft", "oracle"]))
        egress = w.pool(cloud_region(w, prov, int(rng.integers(2, 7))))
        per_tenant = rng.random() < .5
        tenants = np.array([f"{CO_A[i % 16]} {CO_B[(i * 7 + j) % 16]}{'' if j < 16 else f' {j}'}"
                            for i, j in zip(rng.integers(0, 16, s), np.arange(s))], dtype=object)
        if per_tenant:
            o = np.array([w.tset([w.tpl(SAAS_KINDS[kind].format(V=vname, T=t))])[0] for t in tenants])
            tplo, tpll = o, 1
        else:
            tplo, tpll = w.tset([w.tpl(SAAS_KINDS[kind].format(V=vname, T="the customer's company"))])
        glob = rng.random() < .5
        c = w.ccs(1)[0]
        cc = np.where(rng.random(s) < .7, c, w.ccs(s))
        zdr = rng.random() < .2
        sdk = w.ua("sdk", 1)[0]
        w.add(s, w.markov_days(s, .9, .6, 1.0, .5 if not glob else 1.0), cc=cc, tz=w.tzs(cc),
              created=np.where(rng.random(s) < .1, rng.uniform(0, days, s), rng.uniform(-700, 0, s)) * DAY,
              card=np.where(rng.random(s) < .97, w.cards(s), ""), n=w.nb(s, 450, .7), mach=1,
              h0=0.0 if glob else 12.0, h1=24.0 if glob else 23.0,
              s1o=egress[0], s1l=egress[1], s1m=PER_REQUEST, ua1=f"{vname}-backend/{rng.integers(2, 6)}.{gi} {sdk}",
              tplo=tplo, tpll=tpll, ptpl=.97, pcotf=0.0, mm=rng.choice([1, 4]), outm=rng.uniform(150, 500),
              outs=.45, zdr=zdr, cohort="saas_tenant", group=f"saas{gi}",
              variant=kind + ("|tenant_prompt" if per_tenant else "") + ("|zdr" if zdr else ""))

    # ---- research groups: a university cluster, public benchmarks (promptsource) with CoT, machine runs
    bench = [d for d in BENCH if (T["dataset"] == d).any()]
    for gi, s in enumerate(_sizes(rng, counts["research_group"], 2, 10, lambda: rng.integers(2, 11))):
        en, el = w.ref.edu
        cluster = w.pool(nets24(rng, en, el, 1)[0] + rng.integers(2, 254, int(rng.integers(1, 5))))
        ds = rng.choice(bench, size=int(rng.integers(2, 7)), replace=False)
        rows = T[T["dataset"].isin(ds)]
        ts = w.tset([w.tpl(ps_string(p)) for p in rows["parts"]])
        run = rng.choice(days, size=int(min(days, rng.integers(2, 7))), replace=False)
        dw = np.zeros((s, days))
        dw[:, run] = rng.gamma(4, .25, (s, len(run)))
        c = w.ccs(1)[0]
        card = np.full(s, w.cards(1)[0], dtype=object) if rng.random() < .5 else w.cards(s)
        pc = float(rng.choice([0, .5, 1.]))
        h0 = rng.uniform(0, 24)
        w.add(s, dw, cc=c, tz=w.tzs(np.full(s, c)), created=-rng.uniform(60, 900, s) * DAY, card=card,
              n=np.round(len(run) * rng.uniform(150, 400, s)).astype(np.int64), mach=1, h0=h0,
              h1=h0 + rng.uniform(6, 24), s1o=cluster[0], s1l=cluster[1], s1m=PER_THREAD,
              ua1=f"lm-evaluation-harness/0.4.{rng.integers(9)} python-httpx/0.27.{rng.integers(3)}",
              tplo=ts[0], tpll=ts[1], ptpl=.98, pcot=pc, coto=bench_cot[0], cotl=bench_cot[1],
              mm=rng.choice([2, 3]), outm=rng.uniform(150, 900), outs=.5, cohort="research_group",
              group=f"lab{gi}", variant=f"univ|cot{pc:g}")

    # ---- heavy single-account apps: one template, cloud addresses, cron or Poisson, near or over the limit
    for gi in range(counts["heavy_app"]):
        ts = w.tset([w.tpl(APP_TPL[rng.integers(len(APP_TPL))])])
        ips = w.pool(cloud_region(w, str(rng.choice(["amazon", "google", "digitalocean", "linode"])),
                                  int(rng.integers(1, 4))))
        c = w.ccs(1)
        cron = rng.random() < .5
        zdr = rng.random() < .3
        w.add(1, np.ones((1, days)) * rng.gamma(8, 1 / 8, (1, days)), cc=c, tz=w.tzs(c),
              created=-rng.uniform(30, 800, 1) * DAY, card=w.cards(1), n=int(LIMIT * days * rng.uniform(.5, 1.1)),
              mach=2 if cron else 1, cron=float(rng.choice([5, 10, 15, 30])), cphase=rng.uniform(0, 5),
              burst=rng.uniform(60, 600), s1o=ips[0], s1l=ips[1], s1m=PER_REQUEST, ua1=w.ua("sdk", 1),
              tplo=ts[0], tpll=1, ptpl=1.0, mm=4, outm=rng.uniform(200, 1200), outs=.35,
              nkeys=int(rng.integers(1, 3)), zdr=zdr, cohort="heavy_app", group=f"app{gi}",
              variant=("cron" if cron else "poisson") + ("|zdr" if zdr else ""))


def resi_pools(w: World, P: dict):
    """residential-proxy resellers: exits on consumer connections (peer-to-peer 'bandwidth sharing' apps), so
    some exits are the home addresses of this world's own benign users."""
    rng = w.rng
    homes = np.unique(np.concatenate(w.homes))
    big_c = np.array([CCI[c] for c in ("US", "GB", "DE", "BR", "IN", "CA", "FR", "MX", "ID", "TR")])
    a = np.concatenate([rng.choice(homes, size=int(.05 * len(homes)), replace=False),
                        w.home_ips(rng.choice(big_c, size=30000), register=False)])
    b = np.concatenate([rng.choice(homes, size=int(.02 * len(homes)), replace=False),
                        w.home_ips(rng.choice(big_c[[0, 1, 5]], size=3000), register=False)])
    P["resi"] = [w.pool(rng.permutation(a)), w.pool(rng.permutation(b))]
    P["resi_cc"] = [big_c, big_c[[0, 1, 5]]]
    P["resi_benign"] = [int(.05 * len(homes)), int(.02 * len(homes))]


# --------------------------------------------------------------------------- rings
INFRA = [("resi", .28), ("mobile", .18), ("dc", .12), ("cloudvm", .12), ("vpn", .10), ("sloppy", .10),
         ("hybrid", .10)]
EVASIONS = {"distinct_tpl": .4, "drip": .35, "rotation": .3, "cover": .5, "humantime": .45, "aged": .3,
            "uaspoof": .4, "modelmix": .3}
PAYMENT = [("owncards", .55), ("promo", .20), ("sharedcards", .25)]
OPERATOR_TZ = [8., 3., 5.5, 7., 2., -3., 1., 9.]


def ring_sizes(rng, total: int, mode: str) -> list[int]:
    if total < 3:
        return [total] if total > 0 else []
    if mode == "small":
        return _sizes(rng, total, 3, 15, lambda: np.exp(rng.uniform(np.log(3), np.log(16))))
    if mode == "large":
        return _sizes(rng, total, 40, 400, lambda: np.exp(rng.uniform(np.log(40), np.log(400))))
    return _sizes(rng, total, 3, 400, lambda: np.exp(rng.uniform(np.log(3), np.log(16))) if rng.random() < .55
                  else np.clip(np.exp(rng.normal(np.log(45), .8)), 16, 400))


def build_rings(w: World, n_ring: int, P: dict):
    rng = w.rng
    days = w.days
    T = w.ref.templates
    dsc = T["dataset"].value_counts()
    fam = dsc[dsc >= 2].index.to_numpy()
    fw = np.where(pd.Series(fam).str.contains(NARROW, regex=True).to_numpy(), 3.0, 1.0)
    fw /= fw.sum()
    all_ds = dsc.index.to_numpy()
    for ri, size in enumerate(ring_sizes(rng, n_ring, w.p.ring_sizes)):
        rid = f"R{ri:03d}"
        k = size
        infra = INFRA[rng.choice(len(INFRA), p=[x[1] for x in INFRA])][0]
        sloppy = infra == "sloppy"
        ev = {e for e, p in EVASIONS.items() if rng.random() < p * (.4 if sloppy else 1.0)}
        if k < 4:
            ev.discard("rotation")
        pay = "sharedcards" if sloppy else PAYMENT[rng.choice(3, p=[x[1] for x in PAYMENT])][0]
        cot = rng.random() < .7
        src = "ps" if ("distinct_tpl" in ev or rng.random() < .4) else "syn"
        # ---- tasks
        tplo = np.zeros(k, dtype=np.int64)
        tpll = np.zeros(k, dtype=np.int64)
        if "distinct_tpl" in ev:  # every account harvests its own dataset: no template shared between accounts
            if k <= len(all_ds):
                mine = rng.choice(all_ds, size=k, replace=False)
            else:
                mine = rng.choice(all_ds, size=k, replace=True)
            used: set[int] = set()
            caps = []
            for a, d in enumerate(mine):
                rows = np.flatnonzero((T["dataset"] == d).to_numpy())
                rows = np.array([r for r in rows if r not in used]) if len(used) else rows
                if not len(rows):
                    rows = rng.choice(len(T), size=1)
                pick = rng.choice(rows, size=min(len(rows), int(rng.integers(1, 4))), replace=False)
                used.update(int(x) for x in pick)
                tplo[a], tpll[a] = w.tset([w.tpl(ps_string(T["parts"].iloc[int(r)])) for r in pick])
                caps.append(str(d))
            cap = f"{len(set(caps))} datasets"
        else:
            if src == "ps":
                d = rng.choice(fam, p=fw)
                rows = T[T["dataset"] == d]
                rows = rows.iloc[rng.choice(len(rows), size=min(len(rows), int(rng.integers(2, 6))), replace=False)]
                ids = [w.tpl(ps_string(p)) for p in rows["parts"]]
                cap = str(d)
            else:
                cap = str(rng.choice(CAP_NAMES))
                instr, bodies = CAPS[cap]
                ins = [instr[i] for i in rng.choice(len(instr), size=int(rng.integers(1, 3)), replace=False)]
                ids = [w.tpl(i + "\n" + b) for i in ins for b in bodies]
            for a in range(k):  # each account a subset of the ring's templates
                sub = rng.choice(ids, size=int(rng.integers(1, len(ids) + 1)), replace=False)
                tplo[a], tpll[a] = w.tset(sub)
        if cot:
            pick = rng.choice(len(COT_RING), size=int(rng.integers(2, 5)), replace=False) + C_RING
            if rng.random() < .2:
                pick = np.append(pick, C_BENCH)  # the canonical "Let's think step by step."
            coto, cotl = w.cset(pick)
            pcot = rng.uniform(.4, .95)
        else:
            coto, cotl, pcot = 0, 1, 0.0
        cover = rng.uniform(.3, .7) if "cover" in ev else rng.uniform(0, .05)
        # ---- volume, days, sign-up
        rate = rng.lognormal(np.log(rng.uniform(6, 20)), .5, k) if "drip" in ev else \
            rng.lognormal(np.log(rng.uniform(60, 220)), .4, k)
        we = .6 if "humantime" in ev else 1.0
        if "rotation" in ev:  # each account used for 2-6 days, then retired; created just before
            ln = rng.integers(2, 7, k)
            st = np.sort(rng.integers(0, max(days - 1, 1), k))
            ln = np.minimum(ln, days - st)
            dd = np.arange(days)[None, :]
            dw = ((dd >= st[:, None]) & (dd < (st + ln)[:, None])) * rng.gamma(4, .25, (k, days))
            created = (st - rng.uniform(.05, 1.5, k)) * DAY
            signup = "justintime"
        else:
            dw = w.markov_days(k, rng.uniform(.7, .95), rng.uniform(.3, .8), 1.0, we)
            if "aged" in ev:
                created = -rng.uniform(200, 1000, k) * DAY
                signup = "aged"
            elif sloppy or rng.random() < .5:
                created = (rng.uniform(-40, days * .3) + rng.uniform(0, 2, k)) * DAY
                signup = "burst"
            else:
                created = -rng.uniform(0, 150, k) * DAY
                signup = "stagger"
        act = (dw > 0).sum(1)
        n = np.maximum(1, np.round(rate * act)).astype(np.int64)
        # ---- infrastructure
        kinds = [infra] if infra != "hybrid" else list(rng.choice(["resi", "mobile", "dc", "cloudvm", "vpn"],
                                                                  size=2, replace=False))
        part = rng.integers(0, len(kinds), k)
        s1o = np.zeros(k, dtype=np.int64)
        s1l = np.ones(k, dtype=np.int64)
        s1m = np.zeros(k, dtype=np.int64)
        s1r = np.full(k, 600.0)
        cc = w.ccs(k)
        desc = []
        for j, kind in enumerate(kinds):
            m = part == j
            mk = int(m.sum())
            if kind == "resi":
                r = int(rng.choice(2, p=[.65, .35]))
                s1o[m], s1l[m] = P["resi"][r]
                s1m[m] = int(rng.choice([PER_REQUEST, PER_THREAD, ROT_ACCT], p=[.4, .35, .25]))
                s1r[m] = rng.uniform(300, 1800)
                cc[m] = rng.choice(P["resi_cc"][r], size=mk)
                desc.append(f"resi{'AB'[r]}")
            elif kind == "mobile":
                ci = int(rng.choice([CCI[c] for c in ("US", "GB", "IN", "ID", "BR", "DE")]))
                o, ln_ = P["carrier"][ci][int(rng.integers(len(P["carrier"][ci])))]
                s1o[m], s1l[m], s1m[m], s1r[m] = o, ln_, ROT_ACCT, rng.uniform(120, 600)
                cc[m] = ci
                desc.append(f"carrier{CC[ci]}")
            elif kind == "dc":
                nb = int(rng.integers(1, 4))
                bases = hosts(rng, w.ref.dc, nb) & ~255
                o, ln_ = w.pool((bases[:, None] + np.arange(1, 255)[None, :]).ravel())
                s1o[m], s1l[m] = o, ln_
                s1m[m] = FIXED if rng.random() < .7 else PER_REQUEST
                desc.append(f"dc{nb}x24")
            elif kind == "cloudvm":  # one VM (address) per account in one provider's region
                prov = str(rng.choice(["amazon", "google", "microsoft", "digitalocean", "linode", "oracle"]))
                o, ln_ = w.own_pools(cloud_region(w, prov, mk, blocks=int(rng.integers(1, 3))))
                s1o[m], s1l[m], s1m[m] = o, ln_, FIXED
                desc.append(f"vm-{prov}")
            elif kind == "vpn":
                o, ln_ = P["vpn"][int(rng.integers(0, len(P["vpn"])))]
                s1o[m], s1l[m], s1m[m] = o, ln_, PER_THREAD
                cc[m] = rng.choice([CCI[c] for c in ("US", "GB", "DE", "NL", "CA")], size=mk)
                desc.append("vpn")
            else:  # sloppy: the operator's own few addresses (office line or a VPS)
                c0 = w.ccs(1)[0]
                cc[m] = c0
                ips = w.home_ips(np.full(int(rng.integers(1, 4)), c0), register=False) if rng.random() < .5 \
                    else cloud_region(w, "digitalocean", int(rng.integers(1, 3)))
                o, ln_ = w.pool(ips)
                s1o[m], s1l[m], s1m[m] = o, ln_, int(rng.choice([FIXED, PER_THREAD]))
                desc.append(f"few{ln_}")
        # ---- payment
        if pay == "owncards":
            card = w.cards(k)
        elif pay == "promo":
            card = np.full(k, "", dtype=object)
        else:
            cs_ = w.cards(int(rng.integers(1, 4)))
            card = cs_[rng.integers(0, len(cs_), k)]
        # ---- client
        noua = False
        if "uaspoof" in ev:
            ua1, ua2, pua2 = w.ua("browser", k), w.ua("browser", k), .3
            uadesc = "browser"
        elif rng.random() < (.5 if sloppy else .15):
            ua1, ua2, pua2, noua = "", "", 0.0, True
            uadesc = "none"
        else:
            ua1 = np.full(k, w.ua("sdk", 1)[0], dtype=object)
            ua2, pua2 = ua1, 0.0
            uadesc = "sdk"
        # ---- timing
        if "humantime" in ev:
            otz = float(rng.choice(OPERATOR_TZ))
            tim = {"mach": 0, "tz": otz + rng.normal(0, .7, k), "peak": rng.uniform(11, 16, k), "spread": 3.5,
                   "peak2": 21.0, "pp2": .3, "tlen": rng.uniform(10, 40, k),
                   "gap": rng.lognormal(np.log(rng.uniform(25, 80)), .5, k)}
        elif rng.random() < .6:
            h0 = rng.uniform(0, 24)
            tim = {"mach": 1, "tz": w.tzs(cc), "h0": h0, "h1": h0 + rng.uniform(10, 24)}
        else:
            tim = {"mach": 2, "tz": w.tzs(cc), "cron": float(rng.choice([5, 10, 15, 30, 60])),
                   "cphase": rng.uniform(0, 5, k), "burst": rng.uniform(60, 900)}
        mm = 0 if "modelmix" in ev else int(rng.choice([2, 3, 5]))
        variant = "|".join([infra, pay] + sorted(ev - {"aged"}) + [signup] + (["cot"] if cot else []) + [src])
        w.add(k, dw, cohort="ring", group=rid, is_ring=True, ring=rid, variant=variant, cc=cc, created=created,
              card=card, n=n, s1o=s1o, s1l=s1l, s1m=s1m, s1r=s1r, p2=0.0, ua1=ua1, ua2=ua2, pua2=pua2, noua=noua,
              nkeys=rng.integers(1, 5, k), tplo=tplo, tpll=tpll, ptpl=1 - cover, pcot=pcot, pcotf=.02, coto=coto,
              cotl=cotl, outm=rng.uniform(700, 1600), outs=.35, mm=mm, **tim)
        w.rings.append({"ring_id": rid, "size": int(k), "variant": variant, "infra": "+".join(desc),
                        "capability": cap, "cover": round(float(cover), 2), "pcot": round(float(pcot), 2),
                        "ua": uadesc, "requests_planned": int(n.sum())})


# --------------------------------------------------------------------------- events
NUMS = np.array([str(i) for i in range(10000)], dtype=object)
SLOTS = {"name": NAMES, "item": ITEMS, "city": CITIES, "lang": LANGS, "clang": CLANGS, "fn": FNS, "bug": BUGS,
         "field": FIELDS, "topic": TOPICS, "ds": DSTRUCT, "var": VARS, "unit": UNITS}
SLOTS = {k: np.array(v, dtype=object) for k, v in SLOTS.items()}
NUM_RANGES = {"num": (10, 9999), "small": (2, 13), "num2": (15, 96), "pct": (1, 61)}


def slot_values(w: World, kind: str, k: int, rng) -> np.ndarray:
    if kind == "sent":
        return w.ref.sent[rng.integers(0, len(w.ref.sent), k)]
    if kind == "short":
        return w.short[rng.integers(0, len(w.short), k)]
    if kind in NUM_RANGES:
        lo, hi = NUM_RANGES[kind]
        return NUMS[rng.integers(lo, hi, k)]
    v = SLOTS[kind]
    return v[rng.integers(0, len(v), k)]


def render(w: World, tid: np.ndarray, rng) -> np.ndarray:
    out = np.empty(len(tid), dtype=object)
    if not len(tid):
        return out
    order = np.argsort(tid, kind="stable")
    cuts = np.flatnonzero(np.diff(tid[order])) + 1
    fmt = string.Formatter()
    for g in np.split(order, cuts):
        acc = np.full(len(g), "", dtype=object)
        for lit, field, _, _ in fmt.parse(w.tpls[int(tid[g[0]])]):
            if lit:
                acc = acc + lit
            if field is not None:
                acc = acc + slot_values(w, field, len(g), rng)
        out[g] = acc
    return out


def free_text(w: World, k: int, rng) -> np.ndarray:
    """everyday prompts: popular public prompts verbatim (Zipf popularity), 1-3 real sentences, short asks."""
    ref = w.ref
    u = rng.random(k)
    out = np.empty(k, dtype=object)
    a = u < .25
    out[a] = ref.public[rng.choice(len(ref.public), size=int(a.sum()), p=w.pub_p)]
    b = np.flatnonzero((u >= .25) & (u < .8))
    S = ref.sent
    nsent = rng.integers(1, 4, len(b))
    s1, s2, s3 = (S[rng.integers(0, len(S), len(b))] for _ in range(3))
    out[b] = s1 + np.where(nsent >= 2, " " + s2, "") + np.where(nsent >= 3, " " + s3, "")
    c = np.flatnonzero(u >= .8)
    q = rng.integers(0, len(ASKS), len(c))
    pre = np.array([x[0] for x in ASKS], dtype=object)[q]
    suf = np.array([x[1] for x in ASKS], dtype=object)[q]
    out[c] = pre + SLOTS["topic"][rng.integers(0, len(TOPICS), len(c))] + suf
    return out


def _h(seed: int, *xs) -> np.ndarray:
    """a deterministic hash of the given integer keys (arrays broadcast), uint64 below 2**63."""
    acc = np.asarray(np.uint64(seed * 2 + 1))
    for i, x in enumerate(xs):
        acc = mix64(np.asarray(x).astype(np.uint64) ^ (acc * np.uint64(2 * i + 3)))
    return acc


def ua_incident(days: int) -> tuple[float, float]:
    """the logging incident (seconds from START) during which no user agent was recorded."""
    s = round(days * .42, 2) * DAY + 13 * 3600
    return s, s + 1.75 * DAY


def gen_events(w: World):
    with np.errstate(over="ignore"):
        return _gen_events(w)


def _gen_events(w: World):
    rng = np.random.default_rng([w.p.seed, 7100])
    seed = w.p.seed
    A = {c: np.concatenate(v) for c, v in w.cols.items()}
    for c, d in COLS.items():
        if not isinstance(d, str):
            A[c] = A[c].astype(bool if isinstance(d, bool) else type(d))
    D = np.concatenate(w.dayw)
    N, days = D.shape
    T = days * DAY
    n = np.maximum(A["n"], 0)
    # ---- requests per (account, day): sequential binomial draws over the days (a multinomial per account)
    tot = D.sum(1)
    Dn = np.where(tot[:, None] > 0, D / np.where(tot > 0, tot, 1)[:, None], 1.0 / days)
    cnt = np.zeros((N, days), dtype=np.int64)
    rem = n.copy()
    left = np.ones(N)
    for d in range(days):
        p = np.clip(Dn[:, d] / np.maximum(left, 1e-12), 0, 1)
        c = rng.binomial(rem, p)
        cnt[:, d] = c
        rem -= c
        left -= Dn[:, d]
    last = days - 1 - np.argmax(Dn[:, ::-1] > 0, axis=1)
    cnt[np.arange(N), last] += rem
    del Dn
    ai, di = np.nonzero(cnt)
    c = cnt[ai, di]
    del cnt
    mach = A["mach"][ai]
    # ---- human rows: conversation threads
    hr = np.flatnonzero(mach == 0)
    ha, hd, hc = ai[hr], di[hr], c[hr]
    m = 1 + rng.binomial(hc - 1, 1.0 / np.maximum(A["tlen"][ha], 1.0))
    thr_row = np.repeat(np.arange(len(hr)), m)
    tacc = ha[thr_row]
    second = rng.random(len(thr_row)) < A["pp2"][tacc]
    hour = np.where(second, A["peak2"][tacc], A["peak"][tacc]) + A["spread"][tacc] * rng.standard_normal(len(thr_row))
    tstart = hd[thr_row] * DAY + (np.mod(hour, 24) - A["tz"][tacc]) * 3600
    toff = np.concatenate([[0], np.cumsum(m)[:-1]])
    erow = np.repeat(np.arange(len(hr)), hc)
    thread = toff[erow] + (rng.random(len(erow)) * m[erow]).astype(np.int64)
    thread.sort()  # thread ids of a row form one block and rows are in order: each event keeps its row
    eacc_h = ha[erow]
    gaps = rng.exponential(A["gap"][eacc_h])
    first = np.r_[True, thread[1:] != thread[:-1]]
    gaps[first] = 0
    cs = np.cumsum(gaps)
    base = np.maximum.accumulate(np.where(first, cs, 0))
    t_h = tstart[thread] + cs - base
    del gaps, cs, base, first, erow, second, hour, thr_row, tacc
    # ---- machine rows
    mr = np.flatnonzero(mach != 0)
    erow = np.repeat(mr, c[mr])
    eacc_m = ai[erow]
    dm = di[erow]
    u = rng.random(len(erow))
    mm_ = A["mach"][eacc_m]
    poisson = dm * DAY + (A["h0"][eacc_m] + u * (A["h1"][eacc_m] - A["h0"][eacc_m])) * 3600
    per = A["cron"][eacc_m] * 60
    nslot = np.floor(DAY / per)
    cron = dm * DAY + A["cphase"][eacc_m] * 60 + np.floor(u * nslot) * per + rng.random(len(erow)) * A["burst"][eacc_m]
    t_m = np.where(mm_ == 2, cron, poisson)
    del poisson, cron, per, nslot, u, mm_, erow, dm
    eacc = np.concatenate([eacc_h, eacc_m])
    t = np.concatenate([t_h, t_m])
    nth = int(m.sum())
    sess = np.concatenate([thread, np.zeros(len(t_m), dtype=np.int64)])
    del eacc_h, eacc_m, t_h, t_m, thread
    t = np.where(t < 0, t + DAY, t)
    t = np.where(t >= T, t - DAY, t)
    t = np.clip(np.floor(t * 1000) / 1000, 0, T - 1e-3)  # millisecond clock (as written), before the limit
    ish = np.arange(len(t)) < int(hc.sum())  # human events come first
    # machine "thread": the account's clock hour
    sess = np.where(ish, sess, nth + eacc.astype(np.int64) * (days * 24) + (t // 3600).astype(np.int64))
    # ---- daily limit: keep each account's first LIMIT requests per UTC day
    E = len(t)
    key = eacc.astype(np.int64) * days + (t // DAY).astype(np.int64)
    o = np.lexsort((t, key))
    ks = key[o]
    newk = np.r_[True, ks[1:] != ks[:-1]]
    grp0 = np.maximum.accumulate(np.where(newk, np.arange(E), 0))
    keep = o[(np.arange(E) - grp0) < LIMIT]
    rejected = E - len(keep)
    keep = keep[np.argsort(t[keep], kind="stable")]
    eacc, t, sess = eacc[keep], t[keep], sess[keep]
    del key, o, ks, newk, grp0, keep, ish
    E = len(t)
    idx = np.arange(E)
    # ---- IP address
    dayi = (t // DAY).astype(np.int64)
    v0, v1 = A["v0"][eacc], A["v1"][eacc]
    venue = v1 > v0
    use2 = np.where(venue, (dayi < v0) | (dayi >= v1), (_h(seed, sess, 11) % 1_000_000) / 1e6 < A["p2"][eacc])
    so = np.where(use2, A["s2o"][eacc], A["s1o"][eacc])
    sl = np.maximum(np.where(use2, A["s2l"][eacc], A["s1l"][eacc]), 1).astype(np.uint64)
    sm = np.where(use2, A["s2m"][eacc], A["s1m"][eacc])
    sr = np.maximum(np.where(use2, A["s2r"][eacc], A["s1r"][eacc]), 1.0)
    ph = (_h(seed, so, 12) % 100_000).astype(float) / 100_000 * sr
    ph_a = (_h(seed, eacc, 13) % 100_000).astype(float) / 100_000 * sr
    kk = np.select([sm == FIXED, sm == PER_THREAD, sm == PER_REQUEST, sm == ROT_POOL],
                   [_h(seed, eacc, 1), _h(seed, sess, 2), _h(seed, idx, 3),
                    _h(seed, so, ((t + ph) // sr).astype(np.int64), 4)],
                   _h(seed, eacc, ((t + ph_a) // sr).astype(np.int64), 5))
    bank = w.ipbank.array(np.int64)
    ipv4 = bank[so + (kk % sl).astype(np.int64)]
    uq, inv = np.unique(ipv4, return_inverse=True)
    ip = ip_str(uq)[inv]
    del kk, ph, ph_a, so, sl, sm, sr, use2, ipv4, bank, uq, inv
    # ---- prompt kinds for every request (they change outputs), text only for logged requests
    is_t = (rng.random(E) < A["ptpl"][eacc]) & (A["tpll"][eacc] > 0)
    cot = rng.random(E) < np.where(is_t, A["pcot"][eacc], A["pcotf"][eacc])
    logged = (rng.random(E) < LOG_RATE) & ~A["zdr"][eacc]
    prompt = np.full(E, None, dtype=object)
    ti = np.flatnonzero(logged & is_t)
    tb = w.tbank.array(np.int64)
    ta = eacc[ti]
    tid = tb[A["tplo"][ta] + (rng.random(len(ti)) * A["tpll"][ta]).astype(np.int64)]
    prompt[ti] = render(w, tid, rng)
    fi = np.flatnonzero(logged & ~is_t)
    prompt[fi] = free_text(w, len(fi), rng)
    ci = np.flatnonzero(logged & cot)
    if len(ci):
        cb = w.cbank.array(np.int64)
        ca = eacc[ci]
        cid = cb[A["coto"][ca] + (rng.random(len(ci)) * np.maximum(A["cotl"][ca], 1)).astype(np.int64)]
        prompt[ci] = prompt[ci] + np.where(rng.random(len(ci)) < .75, "\n\n", " ") + COT[cid]
    del ti, ta, tid, fi, ci
    # ---- output tokens, model, client, keys, payment
    out_tok = np.maximum(1, np.round(rng.lognormal(np.log(A["outm"][eacc]), A["outs"][eacc]) *
                                     np.where(cot, 1.7, 1.0))).astype(np.int64)
    cm = np.cumsum(MIX, 1)[A["mm"][eacc]]
    model = MODELS[np.minimum((cm < rng.random(E)[:, None]).sum(1), 3)]
    del cm
    ua = np.where((_h(seed, sess, 8) % 1000) / 1000 < A["pua2"][eacc], A["ua2"][eacc], A["ua1"][eacc]).astype(object)
    i0, i1 = ua_incident(days)
    ua[A["noua"][eacc] | ((t >= i0) & (t < i1)) | (ua == "")] = None
    nk = np.maximum(A["nkeys"][eacc], 1).astype(np.uint64)
    kcode = eacc.astype(np.int64) * 8 + (_h(seed, sess, 9) % nk).astype(np.int64)
    uk, kinv = np.unique(kcode, return_inverse=True)
    api_key = np.array([f"ak_{v & 0xFFFFFFFFFFFF:012x}" for v in _h(seed, uk, 10)], dtype=object)[kinv]
    card = A["card"][eacc].astype(object)
    card[(card == "") | (t < A["card_from"][eacc])] = None
    ids = _ids(seed, N)
    ts = START + pd.to_timedelta(np.round(t * 1000).astype(np.int64), unit="ms")
    cols = {"account_id": ids[eacc], "timestamp": ts, "ip": ip, "payment_method": card, "prompt": prompt,
            "user_agent": ua, "output_tokens": out_tok, "api_key_id": api_key, "model": model}
    del ip, card, prompt, ua, api_key, model
    ev = pd.DataFrame({})
    for c in list(cols):
        ev[c] = cols.pop(c)
    Aw = {"created": A["created"], "card": A["card"], "email": np.full(N, "", dtype=object),
          "cc": A["cc"], "org": np.full(N, "", dtype=object), "is_ring": A["is_ring"], "ring": A["ring"],
          "group": A["group"], "cohort": A["cohort"], "variant": A["variant"]}
    facts = {"rejected": int(rejected), "logged": int(logged.sum()),
             "logged_share_non_zdr": round(float(logged[~A["zdr"][eacc]].mean()), 4) if E else 0.0,
             "zdr_accounts": int(A["zdr"].sum()), "ua_null_share": round(float(ev["user_agent"].isna().mean()), 4),
             "accounts_without_events": int((n == 0).sum())}
    return ev, Aw, ids, facts


def _ids(seed: int, n: int) -> np.ndarray:
    rng = np.random.default_rng([seed, 7200])
    x = np.unique(rng.integers(1 << 44, 1 << 48, n * 2))
    x = rng.permutation(x)[:n]
    return np.array([f"acct_{v:012x}" for v in x], dtype=object)


def generate(p: Params, out: Path, ref: Ref4 | None = None) -> dict:
    t0 = time.perf_counter()
    ref = ref or Ref4()
    w = World(p, ref)
    P = shared_pools(w)
    n_ring = round(p.ring_share * p.accounts)
    build_benign(w, p.accounts - n_ring, P)
    resi_pools(w, P)
    build_rings(w, n_ring, P)
    ev, A, ids, facts = gen_events(w)
    perm = np.random.default_rng([p.seed, 7300]).permutation(len(ids))
    out = Path(out)
    ac, truth = write_world(out, ev, A, ids, START, perm)
    ac = ac[ACCOUNT_COLUMNS]  # this platform's export has no email domain and no organisation
    _atomic(out / "accounts.csv", lambda f: ac.to_csv(f, index=False))
    i0, i1 = ua_incident(p.days)
    return write_summary(out, "world7", p, ev, ac, truth, w.rings, t0, LIMIT, p.days, START,
                         rejected_over_limit=facts["rejected"], prompt_log_rate=LOG_RATE, logging=facts,
                         ua_incident=[str(START + pd.Timedelta(seconds=i0)), str(START + pd.Timedelta(seconds=i1))],
                         accounts_columns=ACCOUNT_COLUMNS, resi_benign_exits=P["resi_benign"])


def main(argv=None) -> int:
    return world_main(argv, __doc__, generate, Params, days=30, max_days=31)


if __name__ == "__main__":
    sys.exit(main())
