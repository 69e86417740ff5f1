#!/usr/bin/env python3
"""World 17: an independent synthetic request log of the "Lumen" LLM API platform, with ground truth.

A generator of distillation rings (crude to careful, 3 accounts to a hydra of hundreds) hidden among
benign platform users, many of whom share infrastructure, payment or prompt templates for innocent
reasons. Written without reading graphhunt's code, tests, quality notes or earlier world generators;
see docs/WORLD17.md.

    python benchmarks/world17.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR

Outputs in DIR: events.parquet (zstd), accounts.csv, truth.csv, world.json. Reads the public reference
data in $GRAPHHUNT_SHARED_DATA (or $WORLD17_SHARED_DATA, or ../shared/data beside the repository) at
generation time. Deterministic for a seed: one numpy Generator, drawn in a fixed order.
"""
from __future__ import annotations

import argparse
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
import pyarrow.compute as pc
import pyarrow.parquet as pq

DAILY_LIMIT = 850            # requests per account per UTC day; the platform drops (and does not log) the rest
START = pd.Timestamp("2026-04-06T00:00:00Z")   # a Monday
START_S = int(START.timestamp())
DAY = 86400
MODELS = ["lumen-4", "lumen-4-mini", "lumen-4-think", "lumen-3.5", "lumen-4-nano"]
GENERATOR_VERSION = "world17/1.0"

# --------------------------------------------------------------------------------------------------
# reference data
# --------------------------------------------------------------------------------------------------


def shared_data_dir() -> Path:
    for var in ("WORLD17_SHARED_DATA", "GRAPHHUNT_SHARED_DATA"):
        v = os.environ.get(var)
        if v and Path(v).exists():
            return Path(v)
    here = Path(__file__).resolve().parents[1]
    for cand in (here.parent / "shared" / "data", Path("/work/shared/data")):
        if cand.exists():
            return cand
    raise SystemExit("world17: shared reference data not found; set GRAPHHUNT_SHARED_DATA")


def _yaml_scalar(block: list[str]) -> str:
    """The value of a YAML scalar spread over lines (enough of YAML for promptsource's jinja fields)."""
    first = block[0].strip()
    rest = [b.strip() for b in block[1:]]
    if first in ("|", "|-", "|+", ">", ">-"):
        return "\n".join(rest).strip("\n")
    lines = [first] + rest
    while lines and lines[-1] == "":
        lines.pop()
    q = first[:1]
    out, pending_nl = [], 0
    for k, ln in enumerate(lines):
        if ln == "":
            pending_nl += 1
            continue
        if out:
            prev = out[-1]
            if pending_nl:
                out.append("\n" * pending_nl)
            elif q == '"' and prev.endswith("\\") and not prev.endswith("\\\\"):
                out[-1] = prev[:-1]
            else:
                out.append(" ")
        pending_nl = 0
        out.append(ln)
    s = "".join(out)
    if q == "'":
        s = s[1:]
        if s.endswith("'"):
            s = s[:-1]
        return s.replace("''", "'")
    if q == '"':
        s = s[1:]
        if s.endswith('"'):
            s = s[:-1]
        rep = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " "}
        return re.sub(r'\\(["\\/nt ])', lambda m: rep[m.group(1)], s)
    return s


def load_templates(root: Path) -> dict[str, list[str]]:
    """dataset -> prompt skeletons (the text before '|||'), from promptsource templates.yaml files."""
    out: dict[str, list[str]] = {}
    files = sorted(root.glob("*/templates.yaml")) + sorted(root.glob("*/*/templates.yaml"))
    for f in files:
        ds = f.parent.relative_to(root).as_posix()
        lines = f.read_text(encoding="utf-8", errors="replace").split("\n")
        i = 0
        while i < len(lines):
            m = re.match(r"^(\s+)jinja: ?(.*)$", lines[i])
            if not m:
                i += 1
                continue
            ind = len(m.group(1))
            block = [m.group(2)]
            j = i + 1
            while j < len(lines) and (lines[j].strip() == "" or len(lines[j]) - len(lines[j].lstrip()) > ind):
                block.append(lines[j])
                j += 1
            i = j
            text = _yaml_scalar(block).split("|||")[0]
            text = re.sub(r"\{%.*?%\}", "", text, flags=re.S)
            if "{{" in text and 20 <= len(text) <= 1500:
                out.setdefault(ds, []).append(text.strip())
    return out


def _parse_cidrs(lines) -> tuple[np.ndarray, np.ndarray]:
    s = pd.Series([ln.strip() for ln in lines if ln.strip() and not ln.startswith(("#", ";"))])
    s = s[s.str.match(r"^\d+\.\d+\.\d+\.\d+(/\d+)?$")]
    parts = s.str.split("/", expand=True)
    if parts.shape[1] == 1:
        parts[1] = "32"
    plen = parts[1].fillna("32").astype(int).to_numpy()
    o = parts[0].str.split(".", expand=True).astype(np.int64).to_numpy()
    net = (o[:, 0] << 24) | (o[:, 1] << 16) | (o[:, 2] << 8) | o[:, 3]
    return net.astype(np.int64), plen.astype(np.int64)


_MOBILE = re.compile(r"mobile|wireless|cellular|vodafone|airtel|telkomsel|t-mobile|movil|\bjio\b|mtn|"
                     r"celcom|smart comm|globe telecom|safaricom|turkcell|\bee\b|o2 |telstra|optus", re.I)
_UNI = re.compile(r"universit|college|polytechn|institute of technology|hochschule", re.I)
_RESI = re.compile(r"comcast|charter|cox com|telecom|broadband|cable|dsl|fib(?:re|er)|telekom|"
                   r"communications|internet|network|telefon|net s\.a|online", re.I)
_ENT = re.compile(r"\binc\b|\bltd\b|\bllc\b|\bcorp|gmbh|\bbank\b|\bs\.a\.|\bb\.v\.|\bag\b|insurance|"
                  r"group|holding|industries|systems", re.I)
_HOST = re.compile(r"host|cloud|server|data ?cent|colo|vps|amazon|google|microsoft|digitalocean|ovh|"
                   r"hetzner|linode|vultr|leaseweb", re.I)


class Ref:
    """The reference data the world is drawn from."""

    def __init__(self, root: Path):
        self.root = root
        aw = pd.read_csv(root / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str, keep_default_na=False)
        aw = aw[aw["prompt"].str.len().between(30, 2500)]
        self.awesome = aw["prompt"].tolist()
        self.templates = load_templates(root / "prompts" / "promptsource-templates")
        # AS table
        asn = pd.read_csv(root / "ip" / "pyasn" / "ipasn_20140513.dat.gz", sep="\t", comment=";",
                          header=None, names=["prefix", "asn"], dtype=str)
        net, plen = _parse_cidrs(asn["prefix"].tolist())
        asn = asn[asn["prefix"].str.match(r"^\d+\.\d+\.\d+\.\d+/\d+$")].reset_index(drop=True)
        asn["net"], asn["plen"] = net, plen
        with gzip.open(root / "ip" / "pyasn" / "asnames.json.gz", "rt", encoding="utf-8") as fh:
            names = json.load(fh)
        asn = asn[(asn["plen"] >= 12) & (asn["plen"] <= 24)]
        nm = pd.Series(names, dtype=str)
        cat = np.full(len(nm), "other", dtype=object)
        host = nm.str.contains(_HOST).to_numpy()
        ent = nm.str.contains(_ENT).to_numpy()
        resi = nm.str.contains(_RESI).to_numpy()
        uni = nm.str.contains(_UNI).to_numpy()
        mob = nm.str.contains(_MOBILE).to_numpy()
        cat[ent & ~host] = "enterprise"
        cat[resi & ~host] = "resi"
        cat[uni] = "uni"
        cat[mob & ~host] = "mobile"
        cat[host] = "hosting"
        by_as = pd.DataFrame({"cat": cat, "cc": nm.str.extract(r", ([A-Z]{2})$", expand=False).fillna("ZZ").to_numpy()},
                             index=nm.index)
        asn = asn.join(by_as, on="asn")
        asn["cat"] = asn["cat"].fillna("other")
        asn["cc"] = asn["cc"].fillna("ZZ")
        self.asn = asn[["asn", "net", "plen", "cat", "cc"]].reset_index(drop=True)
        vpn = (root / "ip" / "vpn" / "x4b_vpn_ipv4.txt").read_text().split("\n")
        self.vpn_net, self.vpn_plen = _parse_cidrs(vpn)
        dc = (root / "ip" / "vpn" / "x4b_datacenter_ipv4.txt").read_text().split("\n")
        self.dc_net, self.dc_plen = _parse_cidrs(dc)
        self.cloud = {}
        for p in sorted((root / "ip" / "cloud").iterdir()):
            f = p / "ipv4_merged.txt"
            if f.exists():
                self.cloud[p.name] = _parse_cidrs(f.read_text().split("\n"))
        self.tor = [ln.strip() for ln in (root / "ip" / "tor" / "tor-exit-nodes.lst").read_text().split("\n")
                    if re.match(r"^\d+\.\d+\.\d+\.\d+$", ln.strip())]
        self._by = {}

    def prefixes(self, cat: str, cc: str | None = None) -> pd.DataFrame:
        key = (cat, cc)
        if key not in self._by:
            d = self.asn[self.asn["cat"] == cat]
            if cc is not None:
                dd = d[d["cc"] == cc]
                d = dd if len(dd) >= 5 else d
            self._by[key] = d
        return self._by[key]


# --------------------------------------------------------------------------------------------------
# addresses
# --------------------------------------------------------------------------------------------------


def ip4(x) -> list[str]:
    x = np.asarray(x, dtype=np.int64)
    return [f"{a}.{b}.{c}.{d}" for a, b, c, d in
            zip(((x >> 24) & 255).tolist(), ((x >> 16) & 255).tolist(), ((x >> 8) & 255).tolist(), (x & 255).tolist())]


def hosts(rng, net, plen, k: int, block=None) -> np.ndarray:
    """k random host addresses: each in a random prefix of (net, plen) (or in prefix `block`)."""
    i = rng.integers(0, len(net), k) if block is None else np.full(k, block)
    size = np.left_shift(np.int64(1), 32 - plen[i])
    off = 1 + (rng.random(k) * np.maximum(size - 2, 1)).astype(np.int64)
    return net[i] + off


def subnet_hosts(rng, base: int, k: int, span: int = 254) -> np.ndarray:
    """k distinct-ish addresses inside the /24 containing base."""
    b = base & ~np.int64(255)
    return b + 1 + rng.choice(span, size=k, replace=k > span)


def ip6(pfx_hi: list[int], pfx_lo: list[int], iid: list[int]) -> list[str]:
    """IPv6 text from a /32 (pfx_hi: 32 bits), the next 32 bits (pfx_lo) and a 64-bit interface id."""
    return [f"{h >> 16:x}:{h & 0xffff:x}:{l >> 16:x}:{l & 0xffff:x}:{(i >> 48) & 0xffff:x}:{(i >> 32) & 0xffff:x}:"
            f"{(i >> 16) & 0xffff:x}:{i & 0xffff:x}" for h, l, i in zip(pfx_hi, pfx_lo, iid)]


def rand_v6_32(rng) -> int:
    """A global-unicast /32 of the kind RIRs hand to ISPs (2001:: to 2c0f::)."""
    first = int(rng.choice([0x2001, 0x2003, 0x2400, 0x2401, 0x2404, 0x2600, 0x2601, 0x2603, 0x2605, 0x2607,
                            0x2a00, 0x2a01, 0x2a02, 0x2a03, 0x2a04, 0x2a05, 0x2c0f, 0x2800, 0x2803]))
    return (first << 16) | int(rng.integers(0x100, 0xffff))


# --------------------------------------------------------------------------------------------------
# text
# --------------------------------------------------------------------------------------------------

def C(lst, x):
    return lst[x % len(lst)]


NAMES = ["Ana", "Ben", "Chloe", "Dmitri", "Esra", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam",
         "Mei", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Victor", "Wen", "Yusuf"]
CITIES = ["Lisbon", "Kyoto", "Montreal", "Cape Town", "Hanoi", "Oaxaca", "Edinburgh", "Seoul", "Porto",
          "Istanbul", "Nairobi", "Bergen", "Cusco", "Tbilisi", "Melbourne", "Lyon", "Krakow", "Chiang Mai"]
TOPICS = ["photosynthesis", "inflation", "the French Revolution", "black holes", "compound interest",
          "machine learning", "the immune system", "supply and demand", "plate tectonics", "blockchain",
          "the Roman Empire", "climate change", "quantum entanglement", "the stock market", "vaccines",
          "CRISPR", "the Cold War", "neural networks", "the water cycle", "game theory", "sourdough fermentation"]
RELS = ["landlord", "boss", "sister", "neighbour", "professor", "coworker", "client", "dentist", "coach", "mom"]
TONES = ["more professional", "friendlier", "more concise", "less passive-aggressive", "more persuasive",
         "funnier", "more formal", "warmer"]
THINGS = ["bakery", "podcast", "cat", "fantasy football team", "startup", "hiking club", "Etsy shop",
          "band", "newsletter", "food truck", "boat", "D&D campaign"]
DIETS = ["vegetarian", "high-protein", "low-FODMAP", "budget", "keto", "Mediterranean", "gluten-free"]
LANGS_H = ["Spanish", "German", "French", "Japanese", "Portuguese", "Korean", "Italian", "Turkish", "Polish"]
PROG = ["Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C#", "C++", "Kotlin", "SQL", "Bash"]
ERRORS = ["KeyError: 'id'", "TypeError: Cannot read properties of undefined (reading 'map')",
          "segmentation fault (core dumped)", "ModuleNotFoundError: No module named 'src'",
          "CORS policy: No 'Access-Control-Allow-Origin' header", "borrowed value does not live long enough",
          "NullPointerException", "IndexError: list index out of range", "deadlock detected",
          "ERROR 1452: Cannot add or update a child row", "panic: runtime error: invalid memory address"]
CODE_TASKS = ["parse a CSV file with quoted commas", "debounce an input field", "read environment variables safely",
              "paginate an API", "retry a request with exponential backoff", "merge two sorted lists",
              "upload a file to S3", "write a unit test for a date helper", "sort a dict by value",
              "validate an email address", "stream a large file line by line", "set up a cron job",
              "dockerize a Flask app", "convert a timestamp to local time", "deduplicate rows in a table"]
WORDS = ["budget", "deadline", "customer", "release", "invoice", "meeting", "roadmap", "onboarding", "vendor",
         "migration", "incident", "quarter", "feedback", "contract", "hiring", "launch", "audit", "survey"]
VERBS = ["delayed", "approved", "reviewed", "escalated", "postponed", "finalised", "discussed", "cancelled",
         "updated", "shipped", "flagged", "rescheduled"]


def sentence(r0: int, r1: int) -> str:
    return (f"The {C(WORDS, r0)} was {C(VERBS, r1)} after {C(NAMES, r0 >> 5)} raised the {C(WORDS, r1 >> 4)} "
            f"issue with the {C(WORDS, r0 >> 9)} team")


def p_casual(r):
    v = r[0] % 26
    a, b, c, d = r[1], r[2], r[3], r[4]
    if v == 0: return f"write a short email to my {C(RELS, a)} about {C(WORDS, b)} {C(['issues', 'plans', 'changes'], c)}"
    if v == 1: return f"Explain {C(TOPICS, a)} like I'm {C(['5', '12', 'a college student', 'my grandma'], b)}"
    if v == 2: return f"Give me a {3 + a % 5}-day {C(DIETS, b)} meal plan with a shopping list"
    if v == 3: return f"help me plan a trip to {C(CITIES, a)} in {C(['May', 'June', 'October', 'December', 'spring'], b)}, {2 + c % 9} days"
    if v == 4: return f"Rewrite this to sound {C(TONES, a)}: {sentence(b, c)}."
    if v == 5: return f"suggest {5 + a % 10} names for my {C(THINGS, b)}"
    if v == 6: return f"what's the difference between {C(TOPICS, a)} and {C(TOPICS, b)}?"
    if v == 7: return f"Translate into {C(LANGS_H, a)}: {sentence(b, c)}."
    if v == 8: return f"write a birthday message for my {C(RELS, a)} who loves {C(THINGS, b)}s"
    if v == 9: return f"Draft a cover letter for a {C(['junior data analyst', 'nurse', 'barista', 'UX designer', 'teacher', 'project manager'], a)} position. I have {1 + b % 12} years of experience."
    if v == 10: return f"is it normal for my {C(['dog', 'cat', 'toddler', 'sourdough starter', 'car battery'], a)} to {C(['smell weird', 'sleep 14 hours', 'make a clicking noise', 'lose weight fast'], b)}?"
    if v == 11: return f"summarize the key ideas of {C(TOPICS, a)} in {3 + b % 5} bullet points"
    if v == 12: return f"How do I fix {C(['a leaking tap', 'slow wifi', 'a squeaky door', 'mould in the bathroom', 'a stuck zipper'], a)}?"
    if v == 13: return f"Compare {C(['iPhone 16', 'Pixel 9', 'Galaxy S25', 'a used ThinkPad', 'a MacBook Air'], a)} vs {C(['iPhone 15', 'Pixel 8a', 'a Framework laptop', 'an iPad'], b)} for {C(['photography', 'students', 'travel', 'coding'], c)}"
    if v == 14: return f"{C(NAMES, a)} and I are arguing: is {C(TOPICS, b)} actually related to {C(TOPICS, c)}?"
    if v == 15: return f"make this sound better for linkedin: i {C(VERBS, a)} the {C(WORDS, b)} process and saved {5 + c % 40}% time"
    if v == 16: return f"give me {3 + a % 6} fun facts about {C(TOPICS, b)}"
    if v == 17: return f"write a poem about {C(THINGS, a)}s in the style of {C(['Dr. Seuss', 'Emily Dickinson', 'a pirate', 'Shakespeare'], b)}"
    if v == 18: return f"What should I cook tonight with {C(['chicken', 'tofu', 'lentils', 'eggs', 'rice'], a)}, {C(['spinach', 'peppers', 'mushrooms', 'feta'], b)} and {C(['lemon', 'garlic', 'coconut milk', 'cumin'], c)}?"
    if v == 19: return f"how much should I save per month to have ${(5 + a % 50) * 1000} in {2 + b % 8} years?"
    if v == 20: return f"Can you proofread this? {sentence(a, b)}, so we {C(VERBS, c)} it again."
    if v == 21: return "make it shorter" if a % 3 == 0 else ("can you give me more examples?" if a % 3 == 1 else "thanks! now in a table please")
    if v == 22: return f"I have an interview at a {C(THINGS, a)} company tomorrow, what questions should I expect?"
    if v == 23: return f"tips for {C(['falling asleep faster', 'learning guitar', 'running a 10k', 'public speaking', 'negotiating salary'], a)}"
    if v == 24: return f"write a {C(['haiku', 'limerick', 'short story', 'toast', 'product description'], a)} about {C(TOPICS, b)}"
    return f"what year did {C(TOPICS, a)} {C(['start', 'become popular', 'get discovered'], b)}"


def p_code(r):
    v = r[0] % 6
    a, b, c = r[1], r[2], r[3]
    lang = C(PROG, a)
    if v == 0: return f"Why does my {lang} code throw `{C(ERRORS, b)}` when I {C(CODE_TASKS, c)}?"
    if v == 1: return f"how do I {C(CODE_TASKS, b)} in {lang}"
    if v == 2: return f"Refactor this {lang} function to be more readable:\n\ndef handle_{C(WORDS, b)}(x):\n    if x: return x\n    else: return None"
    if v == 3: return f"write a regex that matches {C(['UK postcodes', 'ISO dates', 'hex colors', 'semantic versions', 'IPv4 addresses'], b)}"
    if v == 4: return f"explain this error: {C(ERRORS, b)}"
    return f"What's the idiomatic way to {C(CODE_TASKS, b)} in {lang}? Short answer please."


def p_work(r):
    v = r[0] % 6
    a, b, c = r[1], r[2], r[3]
    if v == 0: return f"Summarize these meeting notes into action items:\n- {sentence(a, b)}\n- {sentence(b, c)}\n- {sentence(c, a)}"
    if v == 1: return f"Draft a polite reply to a customer whose {C(WORDS, a)} was {C(VERBS, b)}. Keep it under 120 words."
    if v == 2: return f"Create a project plan for the {C(WORDS, a)} {C(WORDS, b)} with milestones for Q{1 + c % 4}"
    if v == 3: return f"Turn this into a slide outline: {sentence(a, b)}. {sentence(c, a)}."
    if v == 4: return f"Write a SQL query that returns the top {3 + a % 20} {C(['customers', 'products', 'regions', 'tickets'], b)} by {C(['revenue', 'volume', 'churn', 'response time'], c)} last month"
    return f"What are the risks of the {C(WORDS, a)} {C(WORDS, b)}? Give a short memo for leadership."


# ---- reasoning-heavy problems (what a distiller wants; also what students, tutors and evaluators ask) ----

def _sg(x):
    return f"+ {x}" if x >= 0 else f"- {-x}"


def p_math(r):
    v = r[0] % 11
    ph = r[5] % 3
    a, b, c, d = r[1] % 9 + 2, r[2] % 41 - 20, r[3] % 61 - 30, r[4]
    if v == 0:
        return [f"Solve for x: {a}x^2 {_sg(b)}x {_sg(c)} = 0.",
                f"Find all real roots of {a}x^2 {_sg(b)}x {_sg(c)}.",
                f"For which x does {a}x^2 {_sg(b)}x {_sg(c)} vanish? Give exact values."][ph]
    if v == 1:
        return [f"Evaluate the integral of x^{a} e^({b % 5 + 1}x) dx from 0 to {d % 4 + 1}.",
                f"Compute ∫_0^{d % 4 + 1} x^{a} e^{{{b % 5 + 1}x}} dx exactly.",
                f"What is the definite integral from 0 to {d % 4 + 1} of x^{a}·exp({b % 5 + 1}x)?"][ph]
    if v == 2:
        n, k = a + 6, a % 4 + 2
        return [f"A bag has {n} red and {d % 7 + 3} blue marbles. {k} are drawn without replacement. What is the probability that exactly {k - 1} are red?",
                f"Drawing {k} marbles from an urn with {n} red and {d % 7 + 3} blue, find P(exactly {k - 1} red).",
                f"An urn: {n} red, {d % 7 + 3} blue. Draw {k} without replacement; probability of {k - 1} red?"][ph]
    if v == 3:
        return [f"Find the remainder when {d % 900 + 100}^{a * 37 + 11} is divided by {c % 40 + 47}.",
                f"Compute {d % 900 + 100}^{a * 37 + 11} mod {c % 40 + 47}.",
                f"What is {d % 900 + 100} raised to {a * 37 + 11}, modulo {c % 40 + 47}?"][ph]
    if v == 4:
        return [f"How many ways can {a + 4} people sit around a round table if {C(NAMES, d)} and {C(NAMES, d >> 5)} refuse to sit together?",
                f"Count the circular seatings of {a + 4} guests where two particular guests are never adjacent.",
                f"In how many arrangements of {a + 4} people at a round table are two given people not neighbours?"][ph]
    if v == 5:
        x, y = a + 3, a + (d % 6) + 4
        return [f"A triangle has sides {x}, {y} and {x + y - 3}. Find its area and the radius of its inscribed circle.",
                f"Given a triangle with side lengths {x}, {y}, {x + y - 3}, compute the inradius.",
                f"Triangle sides: {x}, {y}, {x + y - 3}. Area? Inradius? Circumradius?"][ph]
    if v == 6:
        return [f"Find the eigenvalues and eigenvectors of the matrix [[{a}, {b}], [{c}, {d % 9}]].",
                f"Diagonalize A = [[{a}, {b}], [{c}, {d % 9}]] if possible.",
                f"For the 2x2 matrix with rows ({a}, {b}) and ({c}, {d % 9}), compute A^{a + 3} in closed form."][ph]
    if v == 7:
        return [f"Prove that for every integer n ≥ {a % 4 + 1}, {a}^n > n^{a % 3 + 2}.",
                f"Show by induction that the sum of the first n odd numbers times {a} equals {a}n^2.",
                f"Prove that there are infinitely many primes of the form {a % 3 * 2 + 4}k + {a % 3 * 2 + 3}."][ph]
    if v == 8:
        return [f"The sequence a_1 = {a}, a_(n+1) = {a % 3 + 2}a_n {_sg(b)}. Find a closed form for a_n and a_{d % 30 + 10}.",
                f"Solve the recurrence a_(n+1) = {a % 3 + 2}·a_n {_sg(b)} with a_1 = {a}.",
                f"Given a_1={a} and a_(n+1)={a % 3 + 2}a_n{_sg(b)}, what is a_{d % 30 + 10}?"][ph]
    if v == 9:
        return [f"Find the limit as x→0 of (sin({a}x) - {a}x)/x^3.",
                f"Evaluate lim_(x→∞) (1 + {a}/x)^({b % 7 + 2}x).",
                f"Does the series Σ n^{a % 3}/{a}^n converge? If so, find its sum."][ph]
    return [f"Find all integer solutions of {a}x + {abs(b) + 3}y = {d % 500 + 17}.",
            f"Solve the Diophantine equation {a}x + {abs(b) + 3}y = {d % 500 + 17} in integers.",
            f"Which pairs of integers (x, y) satisfy {a}x + {abs(b) + 3}y = {d % 500 + 17}?"][ph]


ALGOS = ["returns the length of the longest increasing subsequence", "finds the shortest path in a weighted grid with obstacles",
         "detects a cycle in a directed graph", "computes the edit distance between two strings",
         "implements an LRU cache with O(1) operations", "counts islands in a binary matrix",
         "merges k sorted linked lists", "finds the median of a data stream", "solves the 0/1 knapsack for capacity W",
         "serializes and deserializes a binary tree", "finds all anagram groups in a word list",
         "computes the maximum flow in a network", "parses and evaluates an arithmetic expression with parentheses",
         "schedules tasks with dependencies (topological order)", "finds the k most frequent elements",
         "implements a trie with prefix search", "computes the convex hull of a set of points",
         "finds the minimum window substring containing all characters of t", "implements a rate limiter (token bucket)",
         "checks whether a Sudoku board is valid"]


def p_code_hard(r):
    v = r[0] % 4
    lang = C(["Python", "C++", "Rust", "Java", "Go", "TypeScript"], r[1])
    algo = C(ALGOS, r[2])
    n = 10 ** (r[3] % 4 + 3)
    if v == 0: return f"Write a {lang} function that {algo}. Input size up to {n}. Analyse its time and space complexity."
    if v == 1: return f"Implement in {lang}: a function that {algo}. Explain why it is correct and give test cases."
    if v == 2: return f"Given constraints n ≤ {n}, design an efficient algorithm that {algo}, then code it in {lang}."
    return f"{lang}: {algo}. Provide an optimal solution and discuss edge cases."


def p_science(r):
    v = r[0] % 6
    a, b, c = r[1] % 50 + 2, r[2] % 60 + 10, r[3] % 9 + 1
    if v == 0: return f"A {a} kg block slides down a {b % 50 + 10}° incline with kinetic friction coefficient 0.{c}. Find its acceleration and speed after {c + 1} m."
    if v == 1: return f"How many grams of CO2 are produced by burning {a * 3} g of propane? Show the balanced equation."
    if v == 2: return f"A {a} Ω resistor and a {b} μF capacitor are in series with a {c * 3} V source. Find the time constant and the voltage across the capacitor after {c} ms."
    if v == 3: return f"An ideal gas at {b * 5} K and {c} atm expands isothermally to {c + 2} times its volume. Compute the work done per mole and the entropy change."
    if v == 4: return f"In pea plants, tall (T) is dominant. A cross of Tt × {C(['Tt', 'tt'], a)} produces {b * 10} offspring. How many are expected tall, and what is the chance that {c} random offspring are all short?"
    return f"A ball is thrown at {b} m/s at {a % 60 + 15}° above horizontal from a {c * 5} m cliff. Find the range and the maximum height."


def p_logic(r):
    v = r[0] % 3
    if v == 0: return f"On an island of knights and knaves, {C(NAMES, r[1])} says '{C(NAMES, r[2])} is a knave', and {C(NAMES, r[2])} says 'we are both knights'. Who is what?"
    if v == 1: return f"{r[1] % 4 + 4} friends each like a different fruit and sit in a row; {C(NAMES, r[2])} is not at an end, the banana lover sits left of {C(NAMES, r[3])}... Determine a valid arrangement and prove it is unique."
    return f"A clock loses {r[1] % 9 + 1} minutes every hour. If it is set right at noon, what is the true time when it shows {r[2] % 12 + 1}:00 the next day?"


FAMILIES = {"math": p_math, "code": p_code_hard, "science": p_science, "logic": p_logic}
FAMILY_TOK = {"math": 1400, "code": 1700, "science": 1200, "logic": 1100}

COT = {
    "explicit": ["Think step by step and show all of your reasoning before the final answer.",
                 "Let's think step by step.",
                 "Reason carefully through each step; write your full chain of thought, then give the final answer on its own line.",
                 "Show your complete thought process, including dead ends, before answering.",
                 "Before answering, think out loud in detail, then state the answer.",
                 "Work it out step by step. Do not skip steps."],
    "structured": ["Format your reply as <reasoning>...</reasoning> followed by <answer>...</answer>.",
                   "Output two sections: 'Reasoning:' with numbered steps, and 'Final answer:'.",
                   "Return JSON with keys \"steps\" (every reasoning step, in order) and \"answer\".",
                   "Use the format\nThought 1: ...\nThought 2: ...\n...\nAnswer: ..."],
    "implicit": ["Explain your solution thoroughly, as if teaching a student who will be examined on it.",
                 "Please be detailed and justify every step.",
                 "Walk me through how an expert would approach this.",
                 "I want to understand the method, not just the result.",
                 "Give a complete, rigorous solution.",
                 "Explain like a patient TA during office hours."],
    "none": [""],
}
OPENERS = ["", "Problem:\n", "Question: ", "Solve the following.\n", "Here is a task:\n", "Consider this problem.\n",
           "I need help with this one:\n", "### Problem\n", "Task:\n", "Q: ", "Exercise.\n", "Please solve:\n",
           "Hi! Quick one:\n", "Challenge problem —\n", "[practice]\n"]
CLOSERS = ["", "", "Thanks!", "Be precise.", "Double-check your work.", "Use LaTeX for math.",
           "Answer in English.", "Keep the final answer boxed.", "Cite any theorem you use."]


class Wrapper:
    """How one ring (or one of its accounts, or one hydra head) words its harvesting prompts."""

    def __init__(self, rng, style: str):
        self.opener = C(OPENERS, int(rng.integers(1 << 30)))
        self.cot = C(COT[style], int(rng.integers(1 << 30)))
        self.closer = C(CLOSERS, int(rng.integers(1 << 30)))
        self.cot_first = bool(rng.random() < 0.3)
        self.sep = C(["\n\n", "\n", " "], int(rng.integers(1 << 30)))
        self.lower = bool(rng.random() < 0.15)

    def __call__(self, problem: str) -> str:
        p = self.opener + problem
        if self.cot:
            p = (self.cot + self.sep + p) if self.cot_first else (p + self.sep + self.cot)
        if self.closer:
            p = p + " " + self.closer
        return p.lower() if self.lower else p


# ---- promptsource skeletons filled with synthetic content ----

SLOT = re.compile(r"\{\{(.*?)\}\}", re.S)


def _filler(expr: str, r0: int, r1: int) -> str:
    e = expr.lower()
    if "choice" in e or "option" in e:
        return f"a ) {r0 % 40 + 2} , b ) {r0 % 40 + 9} , c ) {r1 % 40 + 13} , d ) {r1 % 40 + 21} , e ) none of these"
    if "problem" in e or "question" in e or "query" in e:
        return p_math([r0, r1, r0 >> 3, r1 >> 3, r0 >> 7, r1 >> 7]) if (r0 & 1) else f"what is {C(TOPICS, r0)} and who described it first?"
    if "title" in e or "name" in e or "entity" in e or "subject" in e:
        return f"{C(NAMES, r0)} {C(WORDS, r1).title()}"
    if "answer" in e or "label" in e or "target" in e:
        return C(["yes", "no", "positive", "negative", "entailment", "A", "B", "C"], r0)
    return f"{sentence(r0, r1)}. {sentence(r1 >> 2, r0 >> 2)}."


class Skeleton:
    """A promptsource template turned into a format string with one filler per {{...}} slot."""

    def __init__(self, text: str):
        self.exprs = [m.group(1).strip() for m in SLOT.finditer(text)]
        pieces = SLOT.split(text)
        fmt = []
        for k, piece in enumerate(pieces):
            fmt.append("{}" if k % 2 else piece.replace("{", "{{").replace("}", "}}"))
        self.fmt = "".join(fmt)

    def __call__(self, r) -> str:
        return self.fmt.format(*[_filler(e, r[(k + 1) % len(r)], r[(k + 2) % len(r)]) for k, e in enumerate(self.exprs)])


REASONING_DS = ["math_qa", "aqua_rat", "ai2_arc", "openbookqa", "commonsense_qa", "qasc", "sciq", "math_dataset",
                "cos_e", "quartz", "social_i_qa", "piqa", "hellaswag"]
APP_DS = ["ag_news", "amazon_polarity", "yelp_review_full", "sms_spam", "banking77", "emotion", "tweet_eval",
          "financial_phrasebank", "samsum", "xsum", "cnn_dailymail", "trec", "dbpedia_14", "app_reviews",
          "rotten_tomatoes", "imdb", "multi_news", "gigaword", "scitldr", "yahoo_answers_topics"]


# --------------------------------------------------------------------------------------------------
# user agents
# --------------------------------------------------------------------------------------------------

def ua_browser(rng) -> str:
    k = int(rng.integers(0, 10))
    cv = int(rng.integers(122, 136))
    if k <= 3:
        osv = C(["Windows NT 10.0; Win64; x64", "Macintosh; Intel Mac OS X 10_15_7", "X11; Linux x86_64"], int(rng.integers(9)))
        return f"Mozilla/5.0 ({osv}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36"
    if k == 4:
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36 Edg/{cv}.0.0.0"
    if k in (5, 6):
        sv = C(["17_4", "17_5", "17_6", "18_1", "18_3"], int(rng.integers(5)))
        ver = sv.replace("_", ".")
        if k == 5:
            return (f"Mozilla/5.0 (iPhone; CPU iPhone OS {sv} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    f"Version/{ver} Mobile/15E148 Safari/604.1")
        return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{ver} Safari/605.1.15"
    if k == 7:
        fv = int(rng.integers(124, 137))
        return f"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:{fv}.0) Gecko/20100101 Firefox/{fv}.0"
    return (f"Mozilla/5.0 (Linux; Android {int(rng.integers(12, 16))}; {C(['Pixel 8', 'SM-S921B', 'SM-A546E', 'Redmi Note 13', 'CPH2581'], int(rng.integers(5)))}) "
            f"AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Mobile Safari/537.36")


def ua_app(rng) -> str:
    v = f"6.{int(rng.integers(2, 9))}.{int(rng.integers(0, 4))}"
    if rng.random() < 0.55:
        return f"LumenChat/{v} (iPhone; iOS {C(['17.5', '17.6', '18.1', '18.2', '18.3'], int(rng.integers(5)))}; Scale/3.00)"
    return f"LumenChat/{v} (Android {int(rng.integers(12, 16))}; {C(['Pixel 7', 'SM-G991B', 'moto g84', 'Infinix X6833B', 'vivo 1938'], int(rng.integers(5)))})"


def ua_sdk(rng) -> str:
    k = int(rng.integers(0, 9))
    if k <= 2: return f"lumen-python/1.{int(rng.integers(38, 62))}.{int(rng.integers(0, 4))}"
    if k == 3: return f"lumen-node/4.{int(rng.integers(50, 80))}.{int(rng.integers(0, 3))}"
    if k == 4: return f"python-requests/2.{C(['31', '32'], int(rng.integers(2)))}.0"
    if k == 5: return f"python-httpx/0.{C(['26', '27', '28'], int(rng.integers(3)))}.0"
    if k == 6: return f"curl/8.{int(rng.integers(4, 11))}.0"
    if k == 7: return "Go-http-client/2.0"
    return f"axios/1.{int(rng.integers(5, 8))}.{int(rng.integers(0, 9))}"


# --------------------------------------------------------------------------------------------------
# time
# --------------------------------------------------------------------------------------------------

def _prof(pairs) -> np.ndarray:
    w = np.full(24, 0.15)
    for h, v in pairs:
        w[h % 24] += v
    return w / w.sum()


PROF = {
    "evening": _prof([(h, 1.0) for h in range(18, 24)] + [(12, 0.6), (13, 0.6), (8, 0.3), (0, 0.4)]),
    "office": _prof([(h, 1.5) for h in range(9, 18)] + [(8, 0.5), (18, 0.4), (12, -0.6)]),
    "student": _prof([(h, 0.9) for h in range(10, 24)] + [(0, 0.8), (1, 0.5), (21, 0.7), (22, 0.9)]),
    "school": _prof([(h, 2.0) for h in range(8, 15)] + [(15, 0.6), (19, 0.3), (20, 0.3)]),
    "worker": _prof([(h, 1.2) for h in range(8, 21)]),
    "flat": np.full(24, 1 / 24),
}
COUNTRY_TZ = {"US": -6, "GB": 0, "DE": 1, "FR": 1, "IN": 5, "BR": -3, "JP": 9, "CA": -5, "AU": 10, "NL": 1,
              "ES": 1, "IT": 1, "PL": 1, "KR": 9, "SG": 8, "MX": -6, "ID": 7, "PH": 8, "NG": 1, "KE": 3,
              "PK": 5, "VN": 7, "TR": 3, "SE": 1, "HK": 8, "UA": 2, "AR": -3, "ZA": 2, "EG": 2, "CH": 1}
COUNTRY_W = {"US": 24, "GB": 6, "DE": 5, "FR": 4, "IN": 10, "BR": 5, "JP": 4, "CA": 3, "AU": 2, "NL": 2,
             "ES": 2, "IT": 2, "PL": 2, "KR": 2, "SG": 1, "MX": 2, "ID": 3, "PH": 3, "NG": 2, "KE": 1,
             "PK": 2, "VN": 2, "TR": 2, "SE": 1, "HK": 1, "UA": 1, "AR": 1, "ZA": 1, "EG": 1, "CH": 1}
CCS = list(COUNTRY_W)
CCW = np.array([COUNTRY_W[c] for c in CCS], float)
CCW /= CCW.sum()


def human_times(rng, days: np.ndarray, counts: np.ndarray, tz: float, prof: np.ndarray,
                sess: float = 4.0, gap: float = 80.0) -> np.ndarray:
    """Seconds since START for requests made by a person: sessions at local hours drawn from prof."""
    out = []
    for d, n in zip(days.tolist(), counts.tolist()):
        if n <= 0:
            continue
        k = max(1, int(round(n / sess)))
        hrs = rng.choice(24, size=k, p=prof)
        st = d * DAY + hrs * 3600 + rng.integers(0, 3600, k) - int(tz * 3600)
        sid = np.sort(rng.integers(0, k, n))
        g = rng.exponential(gap, n)
        cs = np.cumsum(g)
        first = np.searchsorted(sid, sid, side="left")
        within = cs - cs[first] + g[first] * rng.random()
        out.append(st[sid] + within)
    return np.concatenate(out) if out else np.zeros(0)


def daily_counts(rng, ndays: int, mean: float, shape: float = 1.5) -> np.ndarray:
    return rng.poisson(rng.gamma(shape, max(mean, 0.01) / shape, ndays))


def active_days(rng, D: int, p: float, first: int = 0, weekday_bias: float = 1.0) -> np.ndarray:
    d = np.arange(first, D)
    wk = (d % 7) < 5
    pp = np.where(wk, p * weekday_bias, p / max(weekday_bias, 1e-9) if weekday_bias > 1 else p)
    return d[rng.random(len(d)) < np.clip(pp, 0, 1)]


# --------------------------------------------------------------------------------------------------
# the world
# --------------------------------------------------------------------------------------------------

class World:
    def __init__(self, ref: Ref, rng: np.random.Generator, D: int):
        self.ref, self.rng, self.D = ref, rng, D
        self.accts: list[dict] = []
        self.cols = {k: [] for k in ("acct", "ts", "tok")}
        self.scols = {k: [] for k in ("ip", "pm", "prompt", "ua", "model")}
        self.sbuf = {k: [] for k in self.scols}
        self.nbuf = 0
        self.tok_kind = {}
        self.groups: dict[str, dict] = {}
        self.rings: list[dict] = []
        self._pm_seen = set()
        self.skeletons = {ds: [Skeleton(t) for t in ts] for ds, ts in ref.templates.items()}
        self.reason_ds = [d for d in REASONING_DS if d in self.skeletons]
        self.app_ds = [d for d in APP_DS if d in self.skeletons]
        n = len(ref.awesome)
        self.aw_order = rng.permutation(n)
        w = 1.0 / np.arange(1, n + 1) ** 1.1
        self.aw_p = w / w.sum()
        self._carriers: dict[str, list[dict]] = {}
        self._vpn: list[dict] = []
        self.home_ips_benign: list[str] = []

    # ---- ids ----
    def token(self, prefix: str, nbits: int = 56) -> str:
        return f"{prefix}{int(self.rng.integers(1 << (nbits - 4), 1 << nbits)):x}"

    def new_pm(self) -> str:
        return self.token("pm_")

    def add_account(self, cohort: str, group: str = "", ring: str = "", variant: str = "", *, created: float,
                    pm: str | None, email: str | None, cc: str | None, org: str | None = None,
                    in_accounts_file: bool = True) -> int:
        i = len(self.accts)
        self.accts.append(dict(cohort=cohort, group=group, ring=ring, variant=variant, created=float(created),
                               pm=pm, email=email, cc=cc, org=org, listed=in_accounts_file))
        return i

    # ---- events ----
    def emit(self, acct: int, ts, ip, pm, prompts: list[str], ua, tok, model):
        n = len(prompts)
        if n == 0:
            return
        if self.nbuf > 150_000:     # flush before (never after) adding, so the last chunk stays editable
            self.flush()
        ts = np.asarray(ts, dtype=np.float64)
        assert len(ts) == n
        self.cols["acct"].append(np.full(n, acct, dtype=np.int32))
        self.cols["ts"].append((ts * 1000).astype(np.int64))
        self.cols["tok"].append(np.asarray(tok, dtype=np.int64) if not np.isscalar(tok) else np.full(n, tok, np.int64))
        for k, v in (("ip", ip), ("pm", pm), ("ua", ua), ("model", model)):
            if v is None or isinstance(v, str):
                self.sbuf[k].extend([v] * n)
            else:
                assert len(v) == n, k
                self.sbuf[k].extend(v)
        self.sbuf["prompt"].extend(prompts)
        self.nbuf += n

    def flush(self):
        for k, lst in self.sbuf.items():
            if lst:
                arr = pa.array(lst, type=pa.string())
                self.scols[k].append(arr if k == "prompt" else arr.dictionary_encode())
            self.sbuf[k] = []
        self.nbuf = 0

    # ---- draws ----
    def R(self, n: int, w: int = 7) -> list[list[int]]:
        return self.rng.integers(0, 1 << 30, size=(n, w)).tolist()

    def tokens(self, n: int, median: float, sigma: float = 0.6) -> np.ndarray:
        return np.maximum(1, self.rng.lognormal(np.log(median), sigma, n)).astype(np.int64)

    def awesome(self, n: int) -> list[str]:
        idx = self.aw_order[self.rng.choice(len(self.aw_order), size=n, p=self.aw_p)]
        return [self.ref.awesome[i] for i in idx.tolist()]

    def mix_prompts(self, n: int, weights: dict) -> tuple[list[str], np.ndarray]:
        """n prompts from named sources with the given weights; also their typical answer lengths."""
        names = list(weights)
        p = np.array([weights[k] for k in names], float)
        p /= p.sum()
        pick = self.rng.choice(len(names), size=n, p=p)
        out: list[str | None] = [None] * n
        tok = np.zeros(n)
        for j, name in enumerate(names):
            idx = np.flatnonzero(pick == j)
            if len(idx) == 0:
                continue
            texts, med = self.source(name, len(idx))
            for i, t in zip(idx.tolist(), texts):
                out[i] = t
            tok[idx] = self.tokens(len(idx), med, 0.7)
        return out, tok.astype(np.int64)

    def source(self, name: str, n: int) -> tuple[list[str], float]:
        R = self.R(n)
        if name == "casual": return [p_casual(r) for r in R], 320
        if name == "code": return [p_code(r) for r in R], 520
        if name == "work": return [p_work(r) for r in R], 420
        if name == "awesome": return self.awesome(n), 480
        if name == "math_help":   # a person asking a maths/science question, sometimes asking for steps
            out = []
            for r in R:
                q = p_math(r) if r[6] % 3 else p_science(r)
                if r[6] % 5 == 0:
                    q += C([" explain step by step", " pls show working", " can you explain how?", " (step by step please)"], r[1])
                out.append(C(["", "", "help: ", "how do i do this? "], r[2]) + q)
            return out, 700
        raise KeyError(name)

    # ---- address pools ----
    def resi_ip(self, cc: str, k: int = 1) -> list[str]:
        d = self.ref.prefixes("resi", cc)
        i = self.rng.integers(0, len(d), k)
        return ip4(hosts(self.rng, d["net"].to_numpy(), d["plen"].to_numpy(), k))

    def carrier(self, cc: str) -> dict:
        if cc not in self._carriers:
            d = self.ref.prefixes("mobile", cc)
            lst = []
            asns = d["asn"].unique()
            asns = asns[self.rng.permutation(len(asns))[:3]]
            for a in asns.tolist():
                dd = d[d["asn"] == a]
                blocks = hosts(self.rng, dd["net"].to_numpy(), dd["plen"].to_numpy(), int(self.rng.integers(2, 6)))
                pool = np.concatenate([subnet_hosts(self.rng, int(b), int(self.rng.integers(24, 160))) for b in blocks])
                lst.append(dict(asn=a, v4=ip4(pool), v6=rand_v6_32(self.rng), share_v6=float(self.rng.uniform(0.2, 0.8))))
            self._carriers[cc] = lst
        return self._carriers[cc][int(self.rng.integers(len(self._carriers[cc])))]

    def mobile_ips(self, car: dict, n: int, sessions: np.ndarray) -> list[str]:
        """Addresses a phone on carrier `car` shows per request; sessions[i] = session id of request i.
        CGNAT: a random public address of the carrier's pool per session; IPv6: a fresh /64 per session."""
        ns = int(sessions.max()) + 1 if n else 0
        v6 = self.rng.random(ns) < car["share_v6"]
        v4a = self.rng.integers(0, len(car["v4"]), ns)
        lo = self.rng.integers(0, 1 << 32, ns, dtype=np.int64)
        iid = self.rng.integers(0, 1 << 62, ns, dtype=np.int64)
        s6 = ip6([car["v6"]] * ns, lo.tolist(), iid.tolist())
        per = [s6[s] if v6[s] else car["v4"][v4a[s]] for s in range(ns)]
        return [per[s] for s in sessions.tolist()]

    def vpn_provider(self, k: int) -> dict:
        while len(self._vpn) <= k:
            nb = int(self.rng.integers(20, 60))
            blocks = self.rng.integers(0, len(self.ref.vpn_net), nb)
            exits = []
            for b in blocks.tolist():
                exits.extend(ip4(hosts(self.rng, self.ref.vpn_net, self.ref.vpn_plen, int(self.rng.integers(2, 9)), block=b)))
            self._vpn.append(dict(exits=exits))
        return self._vpn[k]

    def dc_ips(self, k: int, same_block: bool = True) -> list[str]:
        if same_block:
            b = int(self.rng.integers(len(self.ref.dc_net)))
            base = hosts(self.rng, self.ref.dc_net, self.ref.dc_plen, 1, block=b)[0]
            return ip4(subnet_hosts(self.rng, int(base), k))
        return ip4(hosts(self.rng, self.ref.dc_net, self.ref.dc_plen, k))

    def cloud_ips(self, provider: str, k: int, nblocks: int | None = None) -> list[str]:
        net, plen = self.ref.cloud[provider]
        if nblocks is None:
            return ip4(hosts(self.rng, net, plen, k))
        bl = self.rng.integers(0, len(net), nblocks)
        return ip4(np.concatenate([hosts(self.rng, net, plen, k // nblocks + 1, block=int(b)) for b in bl])[:k])

    def prefix_ips(self, cat: str, cc: str, k: int, span: int = 8) -> list[str]:
        d = self.ref.prefixes(cat, cc)
        base = hosts(self.rng, d["net"].to_numpy(), d["plen"].to_numpy(), 1)[0]
        off = int(self.rng.integers(0, 254))
        step = int(self.rng.integers(1, max(2, span)))
        return ip4((int(base) & ~255) + 1 + (off + np.arange(k) * step) % 254)

    # ---- helpers for people ----
    def country(self) -> str:
        return CCS[int(self.rng.choice(len(CCS), p=CCW))]

    def created_before(self, mean_days: float = 240, within_share: float = 0.08) -> float:
        if self.rng.random() < within_share:
            return float(self.rng.uniform(0, self.D * 0.8) * DAY)
        return float(-self.rng.exponential(mean_days) * DAY - self.rng.uniform(0, DAY))

    def personal_email(self, cc: str) -> str:
        local = {"CN": ["qq.com", "163.com"], "DE": ["gmx.de", "web.de", "gmail.com"], "FR": ["orange.fr", "gmail.com"],
                 "JP": ["yahoo.co.jp", "gmail.com"], "KR": ["naver.com", "gmail.com"], "UA": ["ukr.net", "gmail.com"],
                 "BR": ["gmail.com", "hotmail.com", "uol.com.br"], "IN": ["gmail.com", "rediffmail.com"]}.get(cc, [])
        pool = ["gmail.com"] * 9 + ["outlook.com"] * 3 + ["yahoo.com"] * 2 + ["icloud.com"] * 2 + ["hotmail.com", "proton.me"] + local * 2
        return C(pool, int(self.rng.integers(1 << 30)))

    def models(self, n: int, pref: dict) -> list[str]:
        names = list(pref)
        p = np.array([pref[k] for k in names], float)
        p /= p.sum()
        return [names[i] for i in self.rng.choice(len(names), size=n, p=p).tolist()]


BENIGN_MODEL = {"lumen-4-mini": 0.5, "lumen-4": 0.3, "lumen-4-nano": 0.08, "lumen-3.5": 0.07, "lumen-4-think": 0.05}
DEV_MODEL = {"lumen-4": 0.45, "lumen-4-mini": 0.35, "lumen-4-think": 0.12, "lumen-4-nano": 0.08}


# --------------------------------------------------------------------------------------------------
# benign cohorts
# --------------------------------------------------------------------------------------------------

def person(w: World, cohort: str, group: str, cc: str, *, ip_fn, rate: float, p_active: float, prof: str,
           mix: dict, ua: str, pm, model=None, tz=None, sess=4.0, first_day=0, created=None, email=None,
           org=None, variant="", weekday_bias=1.0, pm_event_share=0.97, listed=True, tok_mult=1.0) -> int:
    """One person: an account, its active days, its requests' times, addresses and prompts."""
    rng = w.rng
    if created is None:
        created = w.created_before()
    a = w.add_account(cohort, group, variant=variant, created=created, pm=pm, email=email or w.personal_email(cc),
                      cc=cc, org=org, in_accounts_file=listed)
    fd = max(first_day, int(max(created, 0) // DAY))
    days = active_days(rng, w.D, p_active, fd, weekday_bias)
    cnt = daily_counts(rng, len(days), rate)
    keep = cnt > 0
    days, cnt = days[keep], cnt[keep]
    n = int(cnt.sum())
    if n == 0:
        return a
    t = human_times(rng, days, cnt, COUNTRY_TZ.get(cc, 0) if tz is None else tz, PROF[prof], sess=sess)
    t = np.maximum(t, created + 60)
    prompts, tok = w.mix_prompts(n, mix)
    ips = ip_fn(t)
    pmv = [pm if (pm and x < pm_event_share) else None for x in rng.random(n).tolist()] if pm else None
    mdl = w.models(n, model or BENIGN_MODEL)
    w.emit(a, t, ips, pmv, prompts, ua, (tok * tok_mult).astype(np.int64), mdl)
    return a


def home_ip_fn(w: World, cc: str, mobile_share: float = 0.15, v6_share: float = 0.3, extra: list | None = None,
               extra_share: float = 0.0):
    """A household connection: one IPv4 that the ISP renews every week or two (or an IPv6 /56 with daily
    interface ids), a phone on the mobile carrier, and optionally other places (office, campus, VPN)."""
    rng = w.rng
    nrenew = max(1, w.D // int(rng.integers(6, 30)) + 1)
    v4 = w.resi_ip(cc, nrenew)
    w.home_ips_benign.append(v4[0])
    dual = rng.random() < v6_share
    p56 = (rand_v6_32(rng), int(rng.integers(0, 1 << 24)) << 8)
    car = w.carrier(cc) if mobile_share > 0 else None

    def fn(t: np.ndarray) -> list[str]:
        n = len(t)
        day = (t // DAY).astype(int)
        span = max(1, w.D // nrenew + 1)
        out = [v4[min(d // span, nrenew - 1)] if 0 <= d else v4[0] for d in day.tolist()]
        if dual:
            m6 = rng.random(n) < 0.6
            iid_day = rng.integers(0, 1 << 62, w.D + 2, dtype=np.int64)
            idx = np.flatnonzero(m6)
            if len(idx):
                dd = np.clip(day[idx], 0, w.D + 1)
                s = ip6([p56[0]] * len(idx), (p56[1] + (dd % 3)).tolist(), iid_day[dd].tolist())
                for i, v in zip(idx.tolist(), s):
                    out[i] = v
        r = rng.random(n)
        if car is not None:
            idx = np.flatnonzero(r < mobile_share)
            if len(idx):
                sess = (t[idx] // 1800).astype(np.int64)
                _, sid = np.unique(sess, return_inverse=True)
                for i, v in zip(idx.tolist(), w.mobile_ips(car, len(idx), sid)):
                    out[i] = v
        if extra:
            idx = np.flatnonzero((r >= mobile_share) & (r < mobile_share + extra_share))
            for i in idx.tolist():
                out[i] = extra[int(rng.integers(len(extra)))] if not callable(extra) else extra()
        return out
    return fn


def card_or_none(w: World, p_card: float) -> str | None:
    return w.new_pm() if w.rng.random() < p_card else None


def cohort_solo(w: World, n: int, cohort="solo_casual"):
    rng = w.rng
    for _ in range(n):
        cc = w.country()
        heavy = rng.random() < 0.12
        listed = rng.random() > 0.004
        person(w, cohort, "", cc, ip_fn=home_ip_fn(w, cc, mobile_share=float(rng.uniform(0, 0.35))),
               rate=float(rng.uniform(4, 25) if heavy else rng.uniform(1, 6)), p_active=float(rng.uniform(0.05, 0.6)),
               prof=C(["evening", "evening", "worker", "student"], int(rng.integers(4))),
               mix={"casual": 0.55, "awesome": 0.17, "code": 0.12, "math_help": 0.08, "work": 0.08},
               ua=ua_browser(rng) if rng.random() < 0.8 else ua_app(rng), pm=card_or_none(w, 0.55),
               variant="heavy" if heavy else "light", listed=listed)


def cohort_signup_only(w: World, n: int):
    for _ in range(n):
        cc = w.country()
        w.add_account("signup_only", created=w.created_before(120, 0.25), pm=card_or_none(w, 0.2),
                      email=w.personal_email(cc), cc=cc)


def cohort_mobile(w: World, n: int):
    """Phone-only users: CGNAT IPv4 shared by thousands, or a fresh IPv6 /64 per attach."""
    rng = w.rng
    for _ in range(n):
        cc = w.country()
        car = w.carrier(cc)

        def fn(t, car=car):
            sess = (t // 1200).astype(np.int64)
            _, sid = np.unique(sess, return_inverse=True)
            return w.mobile_ips(car, len(t), sid)
        person(w, "mobile_cgnat", "", cc, ip_fn=fn, rate=float(rng.uniform(1, 8)), p_active=float(rng.uniform(0.1, 0.7)),
               prof="evening", mix={"casual": 0.7, "awesome": 0.12, "math_help": 0.1, "work": 0.08},
               ua=ua_app(rng), pm=card_or_none(w, 0.35), sess=3.0, variant=f"carrier_{car['asn']}")


def cohort_household(w: World, n: int):
    """Families: one home connection, one card on most accounts, a child doing homework."""
    rng = w.rng
    left, h = n, 0
    while left > 0:
        k = min(left, int(rng.integers(2, 6)))
        left -= k
        h += 1
        cc = w.country()
        g = f"household_{h:04d}"
        card = w.new_pm()
        ipfn = home_ip_fn(w, cc, mobile_share=0.25)
        for j in range(k):
            child = j >= 2 or (k == 2 and j == 1 and rng.random() < 0.3)
            pm = card if rng.random() < 0.85 else card_or_none(w, 0.4)
            person(w, "household", g, cc, ip_fn=ipfn, rate=float(rng.uniform(1, 7)), p_active=float(rng.uniform(0.1, 0.5)),
                   prof="student" if child else "evening",
                   mix={"math_help": 0.5, "casual": 0.4, "awesome": 0.1} if child else {"casual": 0.7, "work": 0.15, "awesome": 0.15},
                   ua=ua_browser(rng) if rng.random() < 0.6 else ua_app(rng), pm=pm,
                   variant="child" if child else "adult", created=w.created_before(300, 0.05))


def cohort_office(w: World, n: int):
    """Companies: employees behind one to three egress addresses, many with a declared org, some on one
    corporate card, a few using an internal assistant template."""
    rng = w.rng
    left, o = n, 0
    while left > 0:
        k = min(left, max(3, int(rng.lognormal(np.log(14), 0.8))))
        left -= k
        o += 1
        cc = w.country()
        g = f"office_{o:03d}"
        egress = w.prefix_ips("enterprise", cc, int(rng.integers(1, 4)), span=3)
        declared = rng.random() < 0.55
        org = w.token("org-", 40) if declared else None
        corp_card = w.new_pm() if (declared and rng.random() < 0.6) or rng.random() < 0.1 else None
        domain = f"{C(WORDS, int(rng.integers(1 << 20)))}{C(THINGS, int(rng.integers(1 << 20))).split()[0]}.{C(['com', 'io', 'co', 'de', 'co.uk'], int(rng.integers(5)))}".lower()
        internal = rng.random() < 0.35
        tool = f"[{C(['Acme', 'Nimbus', 'Quill', 'Orbit', 'Harbor', 'Pylon'], o)}-Assist v{int(rng.integers(1, 4))}] " if internal else ""
        created0 = w.created_before(300, 0.03)
        for j in range(k):
            base_fn = home_ip_fn(w, cc, mobile_share=0.1, extra=egress, extra_share=0.0)

            def fn(t, base_fn=base_fn, remote=float(rng.uniform(0.05, 0.5))):
                out = base_fn(t)
                wk = ((t // DAY).astype(int) % 7) < 5
                m = wk & (rng.random(len(t)) > remote)
                for i in np.flatnonzero(m).tolist():
                    out[i] = egress[int(rng.integers(len(egress)))]
                return out
            pm = corp_card if corp_card else card_or_none(w, 0.45)
            a = person(w, "office_nat", g, cc, ip_fn=fn, rate=float(rng.uniform(2, 14)), p_active=float(rng.uniform(0.3, 0.8)),
                       prof="office", mix={"work": 0.5, "code": 0.2, "casual": 0.2, "awesome": 0.1},
                       ua=ua_browser(rng) if rng.random() < 0.8 else ua_sdk(rng), pm=pm, org=org,
                       email=domain if rng.random() < 0.9 else None, weekday_bias=1.6,
                       created=created0 + rng.uniform(-200, 200) * DAY if created0 < 0 else created0 + rng.uniform(0, 3) * DAY,
                       variant=("declared" if declared else "undeclared") + ("+corp_card" if corp_card else "") + ("+internal_tool" if internal else ""))
            if internal:
                _prefix_tool(w, a, tool)


def _prefix_tool(w: World, a: int, tool: str):
    """Rewrite a share of account a's last emitted prompts through its company's internal assistant template."""
    buf = w.sbuf["prompt"]
    acct = w.cols["acct"][-1] if w.cols["acct"] else None
    if acct is None or acct[0] != a:
        return
    n = len(acct)
    start = len(buf) - n
    if start < 0:
        return
    r = w.rng.random(n)
    for i in range(n):
        if r[i] < 0.6:
            buf[start + i] = tool + buf[start + i]


def cohort_campus(w: World, n: int):
    """Universities: a campus NAT pool shared by hundreds of students, one .edu domain, free accounts, and
    course assignments that dozens of students paste (often asking for steps) before the deadline."""
    rng = w.rng
    nu = max(1, int(round(n / 420)))
    sizes = rng.multinomial(n, np.ones(nu) / nu)
    for u, k in enumerate(sizes.tolist()):
        cc = C(["US", "US", "GB", "DE", "IN", "CA", "AU", "KR", "NL", "BR"], int(rng.integers(1 << 20)))
        g = f"campus_{u:02d}"
        d = w.ref.prefixes("uni", cc)
        base = hosts(rng, d["net"].to_numpy(), d["plen"].to_numpy(), 1)[0]
        nat = ip4(subnet_hosts(rng, int(base), int(rng.integers(8, 48))))
        edu = f"{C(['north', 'state', 'tech', 'central', 'west', 'royal', 'metro'], u)}{C(['ridge', 'vale', 'field', 'brook', 'haven'], int(rng.integers(9)))}." + \
            {"US": "edu", "GB": "ac.uk", "DE": "uni.de", "IN": "ac.in", "AU": "edu.au", "KR": "ac.kr", "BR": "edu.br"}.get(cc, "edu")
        ncourse = int(rng.integers(2, 6))
        courses = []
        for c in range(ncourse):
            fam = C(["math", "code", "science", "math"], c + u)
            probs = [FAMILIES[fam](r) for r in w.R(int(rng.integers(3, 7)))]
            day0 = int(rng.integers(0, max(1, w.D - 6)))
            courses.append(dict(probs=probs, day0=day0, due=day0 + int(rng.integers(3, 8)), fam=fam))
        members = []
        for j in range(k):
            student = rng.random() < 0.85
            base_fn = home_ip_fn(w, cc, mobile_share=0.2)

            def fn(t, base_fn=base_fn, on=float(rng.uniform(0.3, 0.9)), j=j):
                out = base_fn(t)
                m = rng.random(len(t)) < on
                sess = (t // 3600).astype(np.int64)
                for i in np.flatnonzero(m).tolist():
                    out[i] = nat[int((sess[i] * 2654435761 + j) % len(nat))]
                return out
            a = person(w, "campus", g, cc, ip_fn=fn, rate=float(rng.uniform(1, 7)), p_active=float(rng.uniform(0.1, 0.6)),
                       prof="student" if student else "office",
                       mix={"casual": 0.45, "math_help": 0.25, "code": 0.2, "awesome": 0.1} if student else {"work": 0.5, "casual": 0.3, "code": 0.2},
                       ua=ua_browser(rng), pm=card_or_none(w, 0.25 if student else 0.6),
                       email=edu if rng.random() < 0.92 else None, variant="student" if student else "staff",
                       created=w.created_before(200, 0.1))
            members.append((a, fn, student))
        # assignments: enrolled students paste the problems around the deadline
        for c in courses:
            enrolled = [m for m in members if m[2] and rng.random() < min(0.9, 60 / max(len(members), 1))]
            for (a, fn, _) in enrolled:
                if rng.random() < 0.25:
                    continue
                kk = int(rng.integers(1, len(c["probs"]) * 3))
                dd = np.clip(c["due"] - rng.exponential(1.2, kk).astype(int), c["day0"], w.D - 1)
                cnt = np.ones(kk, dtype=np.int64)
                t = human_times(rng, dd, cnt, COUNTRY_TZ.get(cc, 0), PROF["student"])
                t = np.maximum(t, w.accts[a]["created"] + 60)
                style = int(rng.integers(5))
                pr = []
                for x in rng.integers(0, 1 << 30, kk).tolist():
                    q = C(c["probs"], x)
                    pre = ["", "solve: ", "Can you help me with this homework question? ", "", "explain step by step: "][style]
                    post = ["", " show your work", "", " I don't understand the method, explain it", ""][(style + x) % 5]
                    pr.append(pre + q + post)
                tok = w.tokens(kk, 900, 0.5)
                w.emit(a, t, fn(t), w.accts[a]["pm"], pr, ua_browser(rng),
                       tok, w.models(kk, {"lumen-4-mini": 0.6, "lumen-4": 0.25, "lumen-4-think": 0.15}))
        w.groups[g] = dict(kind="campus", cc=cc, nat_ips=len(nat), courses=len(courses), accounts=k)


def cohort_vpn(w: World, n: int):
    """Commercial VPN users: exits shared with everyone on the same provider; a few Tor users."""
    rng = w.rng
    for _ in range(n):
        cc = w.country()
        tor = rng.random() < 0.05
        prov = int(rng.integers(0, 4))
        exits = w.vpn_provider(prov)["exits"]
        fav = [exits[int(i)] for i in rng.integers(0, len(exits), int(rng.integers(1, 12)))]
        home = home_ip_fn(w, cc, mobile_share=0.05)
        on = float(rng.uniform(0.5, 1.0))

        def fn(t, fav=fav, home=home, on=on, tor=tor):
            out = home(t)
            sess = (t // 2400).astype(np.int64)
            for i in np.flatnonzero(rng.random(len(t)) < on).tolist():
                out[i] = (C(w.ref.tor, int(sess[i] * 40503 % 1000003)) if tor else fav[int(sess[i] * 7919 % len(fav))])
            return out
        person(w, "vpn_user", f"vpn_provider_{prov}", cc, ip_fn=fn, rate=float(rng.uniform(1, 9)), p_active=float(rng.uniform(0.1, 0.6)),
               prof="evening", mix={"casual": 0.5, "code": 0.2, "awesome": 0.15, "math_help": 0.05, "work": 0.1},
               ua=ua_browser(rng), pm=card_or_none(w, 0.5), variant="tor" if tor else f"provider_{prov}")


VIRAL = [
    "From now on, before every answer, think inside a <scratchpad> block: list what you know, what you need, and reason step by step. Only then write your answer. Never skip the scratchpad. My first question: ",
    "You are DeepThinker. For any question, (1) restate it, (2) break it into sub-problems, (3) solve each with explicit reasoning, (4) check your work, (5) give a final answer. Question: ",
    "Ignore brevity. I want the longest, most detailed, step-by-step explanation you can give, like a textbook chapter, about: ",
]


def cohort_viral(w: World, n: int):
    """People who paste one of a few viral 'make it reason' prompts seen on social media, with their own question."""
    rng = w.rng
    starts = sorted(int(x) for x in rng.integers(0, max(1, w.D - 3), len(VIRAL)))
    for _ in range(n):
        cc = w.country()
        v = int(rng.integers(len(VIRAL)))
        ipfn = home_ip_fn(w, cc, mobile_share=0.4)
        a = person(w, "viral_prompt", f"viral_{v}", cc, ip_fn=ipfn, rate=float(rng.uniform(1, 5)), p_active=float(rng.uniform(0.1, 0.4)),
                   prof="evening", mix={"casual": 0.7, "awesome": 0.2, "math_help": 0.1}, ua=ua_browser(rng) if rng.random() < 0.6 else ua_app(rng),
                   pm=card_or_none(w, 0.45), variant=f"viral_{v}")
        k = int(rng.integers(1, 12))
        dd = np.clip(starts[v] + rng.exponential(2.5, k).astype(int), 0, w.D - 1)
        t = human_times(rng, dd, np.ones(k, np.int64), COUNTRY_TZ.get(cc, 0), PROF["evening"], sess=3)
        t = np.maximum(t, w.accts[a]["created"] + 60)
        qs, _ = w.mix_prompts(k, {"casual": 0.5, "math_help": 0.35, "code": 0.15})
        w.emit(a, t, ipfn(t), w.accts[a]["pm"], [VIRAL[v] + q for q in qs], ua_browser(rng), w.tokens(k, 1600, 0.5),
               w.models(k, {"lumen-4": 0.5, "lumen-4-mini": 0.3, "lumen-4-think": 0.2}))


AGENT_PRE = [
    "You are Forge, an autonomous coding agent running in the user's terminal. Tools: read_file(path), write_file(path, content), run(cmd), search(query). Think step by step about the plan before each tool call and explain your reasoning briefly. Never invent file contents.\n\n",
    "<system>You are Tessellate, a pair-programming agent. Respond with a <plan> (numbered reasoning steps), then exactly one <tool_call>. Working directory: /workspace.</system>\n",
]


def cohort_agent(w: World, n: int):
    """Users of two coding agents: one fixed system preamble per tool, bursty loops of calls, long outputs;
    a share of one tool's users go through the vendor's cloud relay (a handful of addresses)."""
    rng = w.rng
    relays = [w.cloud_ips("amazon", int(rng.integers(6, 16)), nblocks=2), w.cloud_ips("google", int(rng.integers(4, 10)), nblocks=1)]
    for _ in range(n):
        cc = w.country()
        tool = int(rng.integers(2))
        relay = tool == 0 and rng.random() < 0.45
        home = home_ip_fn(w, cc, mobile_share=0.02)
        rel = relays[tool]

        def fn(t, home=home, relay=relay, rel=rel):
            if not relay:
                return home(t)
            return [rel[i] for i in rng.integers(0, len(rel), len(t)).tolist()]
        ua = (f"forge-cli/1.{int(rng.integers(6, 11))}.{int(rng.integers(0, 5))} (node {C(['20', '22'], int(rng.integers(2)))}; {C(['darwin arm64', 'linux x64', 'win32 x64'], int(rng.integers(3)))})"
              if tool == 0 else f"tessellate/{int(rng.integers(0, 3))}.{int(rng.integers(10, 30))} python-httpx/0.27.0")
        a = person(w, "agent_tool", f"agent_tool_{tool}", cc, ip_fn=fn, rate=float(rng.uniform(6, 50)), p_active=float(rng.uniform(0.15, 0.6)),
                   prof="worker", mix={"code": 1.0}, ua=ua, pm=card_or_none(w, 0.9), sess=25.0, model=DEV_MODEL,
                   variant=("relay" if relay else "local") + f"_tool{tool}", tok_mult=1.3)
        _prefix_last(w, a, lambda p, r: AGENT_PRE[tool] + "Task: " + p + f"\n\n<file path=\"src/{C(WORDS, r)}.{C(['py', 'ts', 'go', 'rs'], r >> 3)}\">\n...{r % 400 + 20} lines...\n</file>")


def _prefix_last(w: World, a: int, f):
    acct = w.cols["acct"][-1] if w.cols["acct"] else None
    if acct is None or acct[0] != a:
        return
    buf = w.sbuf["prompt"]
    n = len(acct)
    start = len(buf) - n
    if start < 0:
        return
    rr = w.rng.integers(0, 1 << 30, n).tolist()
    for i in range(n):
        buf[start + i] = f(buf[start + i], rr[i])


def cohort_tutor(w: World, n: int):
    """Freelance tutors using a tutoring marketplace's browser extension: every request wrapped in the
    marketplace template, asking for a step-by-step worked solution of maths/physics problems."""
    rng = w.rng
    tmpl = ["[TutorLoop] Student question ({subj}, grade {g}):\n{q}\n\nWrite a complete step-by-step worked solution, then a short hint the tutor can share without giving away the answer.",
            "StudyBridge tutor mode — explain like to a {g}th grader, reasoning shown step by step.\nSubject: {subj}\nProblem: {q}"]
    tcc = ["PH", "IN", "KE", "NG", "US", "PK", "GB", "ZA", "EG", "VN"]
    for _ in range(n):
        mk = int(rng.integers(2))
        cc = C(tcc, int(rng.integers(1 << 20)))
        a = person(w, "tutor_marketplace", f"tutor_market_{mk}", cc, ip_fn=home_ip_fn(w, cc, mobile_share=0.2),
                   rate=float(rng.uniform(5, 35)), p_active=float(rng.uniform(0.4, 0.85)), prof="worker",
                   mix={"casual": 1.0}, ua=ua_browser(rng), pm=w.new_pm(), sess=6.0,
                   model={"lumen-4": 0.5, "lumen-4-think": 0.3, "lumen-4-mini": 0.2}, variant=f"market_{mk}",
                   created=w.created_before(150, 0.1))
        _replace_last(w, a, lambda r: tmpl[mk].format(subj=C(["Algebra", "Calculus", "Physics", "Chemistry", "Geometry", "Statistics"], r[0]),
                                                        g=r[1] % 6 + 7, q=(p_math(r) if r[2] % 3 else p_science(r))), tok_med=1300)


def _replace_last(w: World, a: int, f, tok_med: float | None = None, share: float = 1.0):
    acct = w.cols["acct"][-1] if w.cols["acct"] else None
    if acct is None or acct[0] != a:
        return
    buf = w.sbuf["prompt"]
    n = len(acct)
    start = len(buf) - n
    if start < 0:
        return
    R = w.R(n)
    m = w.rng.random(n) < share
    for i in range(n):
        if m[i]:
            buf[start + i] = f(R[i])
    if tok_med:
        tok = w.cols["tok"][-1]
        tok[m] = w.tokens(int(m.sum()), tok_med, 0.5)


def cohort_eval_contractor(w: World, n: int):
    """Evaluation vendors: short projects in which 8-40 contractors sign up within days, run the same
    benchmark harness (promptsource templates on reasoning sets, 'explain your reasoning') through the
    vendor's VPN gateway at a few hundred requests a day."""
    rng = w.rng
    vendors = [dict(gw=w.dc_ips(int(rng.integers(2, 5))), cc=C(["US", "GB", "IN", "PL", "KE"], v),
                    card=w.new_pm(), name=f"vendor_{v}") for v in range(3)]
    left, p = n, 0
    while left > 0:
        k = min(left, int(rng.integers(8, 41)))
        if left - k < 8:
            k = left
        left -= k
        p += 1
        v = vendors[int(rng.integers(3))]
        g = f"eval_project_{p:02d}"
        d0 = int(rng.integers(0, max(1, w.D - 6)))
        d1 = min(w.D, d0 + int(rng.integers(3, 8)))
        ds = [w.reason_ds[i] for i in rng.choice(len(w.reason_ds), size=min(3, len(w.reason_ds)), replace=False)]
        sks = [s for d in ds for s in w.skeletons[d]]
        suffix = C(["\nExplain your reasoning, then give the letter of the answer.", "\nLet's think step by step.",
                    "\nAnswer with the option letter only.", ""], int(rng.integers(1 << 20)))
        org = w.token("org-", 40) if rng.random() < 0.4 else None
        shared_card = rng.random() < 0.3
        for j in range(k):
            cc = v["cc"] if rng.random() < 0.6 else w.country()
            created = (d0 - rng.uniform(0, 3)) * DAY
            a = w.add_account("eval_contractor", g, variant=("org" if org else "no_org") + ("+vendor_card" if shared_card else ""),
                              created=created, pm=v["card"] if shared_card else w.new_pm(), email=w.personal_email(cc) if rng.random() < 0.5 else f"{v['name']}-eval.com",
                              cc=cc, org=org)
            days = np.arange(d0, d1)
            days = days[rng.random(len(days)) < 0.85]
            cnt = daily_counts(rng, len(days), float(rng.uniform(40, 250)), 4)
            nn = int(cnt.sum())
            if nn == 0:
                continue
            t = human_times(rng, days, cnt, COUNTRY_TZ.get(cc, 0), PROF["worker"], sess=60, gap=8)
            t = np.maximum(t, created + 60)
            gwshare = float(rng.uniform(0.6, 1.0))
            home = home_ip_fn(w, cc, mobile_share=0.0)
            hip = home(t)
            ips = [v["gw"][x % len(v["gw"])] if y < gwshare else h for x, y, h in
                   zip(rng.integers(0, 1 << 20, nn).tolist(), rng.random(nn).tolist(), hip)]
            R = w.R(nn)
            pr = [C(sks, r[0])(r) + suffix for r in R]
            w.emit(a, t, ips, w.accts[a]["pm"], pr, f"evalkit/{int(rng.integers(2, 4))}.{int(rng.integers(0, 9))} python-httpx/0.27.0",
                   w.tokens(nn, 260 if "only" in suffix else 700, 0.6), w.models(nn, {"lumen-4": 0.4, "lumen-4-think": 0.35, "lumen-4-mini": 0.25}))
        w.groups[g] = dict(kind="eval_contractor", vendor=v["name"], accounts=k, days=[d0, d1], org=bool(org), shared_card=shared_card)


def cohort_edu_platform(w: World, n: int):
    """EdTech platforms that proxy many school accounts (bring-your-own-key) through one backend: the
    same few cloud addresses, user agent and templates, school hours in the school's timezone."""
    rng = w.rng
    npl = max(1, int(round(n / 160)))
    sizes = rng.multinomial(n, np.ones(npl) / npl)
    for pidx, k in enumerate(sizes.tolist()):
        prov = C(["amazon", "google", "microsoft", "digitalocean"], pidx)
        backend = w.cloud_ips(prov, int(rng.integers(3, 9)), nblocks=1)
        name = C(["EduTrack", "ClassPilot", "Learnwise", "Skolaris"], pidx)
        g = f"edu_platform_{pidx}"
        tpl = [f"[{name}] Grade {{g}} {{subj}} — create a worked example with a step-by-step explanation for: {{q}}",
               f"[{name}] Write {{k}} multiple-choice questions (with answer key and reasoning) about {{topic}} for grade {{g}}.",
               f"[{name}] Give feedback on this student answer. Question: {{q}}\nStudent answer: {{ans}}\nExplain each mistake."]
        ccs = C([["US", "CA"], ["GB", "AU"], ["US"], ["IN", "SG"]], pidx)
        ua = f"{name.lower()}-backend/{int(rng.integers(2, 5))}.{int(rng.integers(0, 20))} python-httpx/0.27.0"
        for j in range(k):
            cc = C(ccs, j)
            school = f"{C(['lincoln', 'maple', 'riverside', 'oak', 'st-marys', 'hill', 'valley', 'lake'], int(rng.integers(1 << 20)))}{int(rng.integers(1, 99))}-school.org"
            created = w.created_before(200, 0.06)
            a = w.add_account("edu_platform", g, variant=name, created=created, pm=w.new_pm() if rng.random() < 0.6 else None,
                              email=school, cc=cc, org=w.token("org-", 40) if rng.random() < 0.3 else None)
            fd = max(0, int(max(created, 0) // DAY))
            days = np.arange(fd, w.D)
            days = days[(days % 7 < 5) & (rng.random(len(days)) < 0.9)]
            cnt = daily_counts(rng, len(days), float(rng.lognormal(np.log(22), 0.8)), 3)
            nn = int(cnt.sum())
            if nn == 0:
                continue
            t = human_times(rng, days, cnt, COUNTRY_TZ.get(cc, 0) + (-2 if cc == "US" and j % 3 == 0 else 0), PROF["school"], sess=8, gap=30)
            t = np.maximum(t, created + 60)
            R = w.R(nn)
            pr = []
            for r in R:
                q = p_math(r) if r[3] % 2 else p_science(r)
                pr.append(C(tpl, r[4] % 5 % 3).format(g=r[1] % 8 + 5, subj=C(["Math", "Science", "Algebra", "Physics"], r[2]), q=q,
                                                      k=r[5] % 8 + 3, topic=C(TOPICS, r[6]), ans=sentence(r[0], r[1])))
            ips = [backend[i] for i in rng.integers(0, len(backend), nn).tolist()]
            w.emit(a, t, ips, w.accts[a]["pm"], pr, ua, w.tokens(nn, 900, 0.5), w.models(nn, {"lumen-4": 0.6, "lumen-4-mini": 0.4}))
        w.groups[g] = dict(kind="edu_platform", provider=prov, backend_ips=len(backend), accounts=k)


def cohort_dev_team(w: World, n: int):
    """Small software teams: one card for all, developers at the office or home, and a CI account whose
    eval suite runs from GitHub-hosted runner addresses on pushes and nightly."""
    rng = w.rng
    left, tno = n, 0
    while left > 0:
        k = min(left, int(rng.integers(2, 9)))
        left -= k
        tno += 1
        cc = w.country()
        g = f"dev_team_{tno:03d}"
        card = w.new_pm() if rng.random() < 0.85 else None
        office = w.prefix_ips("enterprise", cc, 1) if rng.random() < 0.5 else None
        org = w.token("org-", 40) if rng.random() < 0.4 else None
        ds = w.app_ds[int(rng.integers(len(w.app_ds)))] if w.app_ds else None
        sk = w.skeletons[ds][int(rng.integers(len(w.skeletons[ds])))] if ds else None
        created0 = w.created_before(250, 0.05)
        for j in range(k):
            ci = j == 0 and k >= 3
            pm = card if card else w.new_pm()
            if ci:
                a = w.add_account("dev_team", g, variant="ci", created=created0, pm=pm, email=None, cc=cc, org=org)
                days = np.arange(max(0, int(max(created0, 0) // DAY)), w.D)
                ts, cnts = [], []
                for d in days.tolist():
                    runs = (1 if rng.random() < 0.9 else 0) + (int(rng.poisson(1)) if d % 7 < 5 else 0)
                    for rr in range(runs):
                        st = d * DAY + (2 * 3600 + 600 if rr == 0 else int(rng.uniform(7, 19) * 3600) - COUNTRY_TZ.get(cc, 0) * 3600)
                        m = int(rng.integers(10, 60))
                        ts.append(st + np.cumsum(rng.exponential(1.5, m)))
                if not ts:
                    continue
                t = np.maximum(np.concatenate(ts), created0 + 60)
                nn = len(t)
                runners = w.cloud_ips("github", max(1, nn // 50 + 1))
                runs_id = (t // 1800).astype(np.int64)
                ips = [runners[int(x) % len(runners)] for x in runs_id.tolist()]
                pr = [sk(r) for r in w.R(nn)] if sk else [p_code(r) for r in w.R(nn)]
                w.emit(a, t, ips, pm, pr, ua_sdk(rng), w.tokens(nn, 60, 0.9), "lumen-4-mini")
            else:
                base = home_ip_fn(w, cc, mobile_share=0.05, extra=office or None, extra_share=0.5 if office else 0.0)
                a = person(w, "dev_team", g, cc, ip_fn=base, rate=float(rng.uniform(3, 25)), p_active=float(rng.uniform(0.3, 0.8)),
                           prof="worker", mix={"code": 0.7, "work": 0.1, "casual": 0.2}, ua=ua_sdk(rng) if rng.random() < 0.6 else ua_browser(rng),
                           pm=pm, org=org, model=DEV_MODEL, created=created0 + rng.uniform(0, 60) * DAY if created0 < -60 * DAY else created0,
                           variant="developer", email=None)
                if sk:
                    _replace_last(w, a, sk, tok_med=80, share=0.3)
        w.groups[g] = dict(kind="dev_team", accounts=k, shared_card=bool(card), office=bool(office))


def cohort_heavy_app(w: World, n: int):
    """Single-account production apps: one account, cloud addresses, one fixed template, around the clock,
    often against the daily limit; a third run a reasoning template (a tutoring or grading product)."""
    rng = w.rng
    for i in range(n):
        cc = w.country()
        reasoning = rng.random() < 0.33
        prov = C(["amazon", "google", "microsoft", "digitalocean", "linode", "oracle"], int(rng.integers(1 << 20)))
        ips = w.cloud_ips(prov, int(rng.integers(1, 5)), nblocks=1)
        if reasoning and w.reason_ds:
            ds = w.reason_ds[int(rng.integers(len(w.reason_ds)))]
        else:
            ds = w.app_ds[int(rng.integers(len(w.app_ds)))]
        sk = w.skeletons[ds][int(rng.integers(len(w.skeletons[ds])))]
        suffix = "\nExplain your reasoning step by step before the final answer." if reasoning else ""
        created = w.created_before(400, 0.02)
        a = w.add_account("heavy_app", f"heavy_app_{i:03d}", variant=("reasoning_" if reasoning else "") + ds, created=created,
                          pm=w.new_pm(), email=f"{C(WORDS, i)}{C(THINGS, i >> 2).split()[0]}.app".lower(), cc=cc,
                          org=w.token("org-", 40) if rng.random() < 0.5 else None)
        med = float(rng.lognormal(np.log(300), 0.7))
        fd = max(0, int(max(created, 0) // DAY))
        days = np.arange(fd, w.D)
        cnt = np.maximum(0, (med * rng.lognormal(0, 0.25, len(days)) * np.where(days % 7 < 5, 1.0, 0.7))).astype(np.int64)
        nn = int(cnt.sum())
        if nn == 0:
            continue
        hw = PROF["worker"] * 0.6 + PROF["flat"] * 0.4
        hw /= hw.sum()
        dd = np.repeat(days, cnt)
        hr = rng.choice(24, size=nn, p=hw)
        t = dd * DAY + hr * 3600 + rng.uniform(0, 3600, nn) - COUNTRY_TZ.get(cc, 0) * 3600
        t = np.maximum(t, created + 60)
        pr = [sk(r) + suffix for r in w.R(nn)]
        w.emit(a, t, [ips[x] for x in rng.integers(0, len(ips), nn).tolist()], w.accts[a]["pm"], pr, ua_sdk(rng),
               w.tokens(nn, 900 if reasoning else 40, 0.6), C(["lumen-4-mini", "lumen-4-nano", "lumen-4"], i) if not reasoning else "lumen-4")


BENIGN_SHARES = [  # cohort, share of benign accounts
    ("signup_only", 0.05), ("mobile_cgnat", 0.12), ("household", 0.06), ("office_nat", 0.10), ("campus", 0.08),
    ("vpn_user", 0.05), ("viral_prompt", 0.04), ("agent_tool", 0.05), ("tutor_marketplace", 0.03),
    ("dev_team", 0.03), ("edu_platform", 0.025), ("eval_contractor", 0.015), ("heavy_app", 0.0025),
]
BENIGN_FN = {"signup_only": cohort_signup_only, "mobile_cgnat": cohort_mobile, "household": cohort_household,
             "office_nat": cohort_office, "campus": cohort_campus, "vpn_user": cohort_vpn, "viral_prompt": cohort_viral,
             "agent_tool": cohort_agent, "tutor_marketplace": cohort_tutor, "dev_team": cohort_dev_team,
             "edu_platform": cohort_edu_platform, "eval_contractor": cohort_eval_contractor, "heavy_app": cohort_heavy_app,
             "solo_casual": cohort_solo}


# --------------------------------------------------------------------------------------------------
# rings
# --------------------------------------------------------------------------------------------------

RING_KINDS = {
    # kind: (careful?, description)
    "card_farm": "crude: a couple of cards, one datacenter /24, python-requests, one template, near the limit every day",
    "cloud_fanout": "one cloud VM per account in one provider region, an SDK agent, two or three wordings, cron lockstep",
    "shell_org": "a declared fake company: org id, company domain, one corporate card, office-like static addresses, office hours",
    "vpn_blend": "commercial VPN exits shared with benign VPN users, cards reused by pairs, three wordings, SDK",
    "resi_rotator": "careful: residential proxy rotation (some exits are real homes), own card and wording per account, browser agents, cover chat",
    "slow_drip": "careful: aged accounts on 4G dongles (carrier CGNAT / IPv6 churn), 20-90 requests a day, per-account wording, half cover chat",
    "aged_takeover": "careful: bought aged accounts with their owners' history, switching mid-window to harvesting through proxies",
    "hydra_reseller": "a reseller hydra: hundreds of accounts in heads, resold customer chat via relay servers plus harvesting via residential proxies, account churn",
}
SMALL_KINDS = ["card_farm", "cloud_fanout", "shell_org", "vpn_blend", "resi_rotator", "slow_drip", "aged_takeover"]


def ring_sizes(rng, total: int, mode: str) -> list[int]:
    if total < 3:
        return [total] if total > 0 else []
    sizes: list[int] = []
    left = total
    if mode == "hydra":
        big = max(min(left, 300), int(left * rng.uniform(0.7, 0.85)))
        if left - big < 3:
            big = left
        sizes.append(big)
        left -= big
        cap = 15
    elif mode == "small":
        cap = 15
    else:
        cap = 200
    while left > 0:
        if mode == "mixed":
            kind = rng.choice(3, p=[0.5, 0.3, 0.2])
            s = int(rng.integers(3, 16)) if kind == 0 else int(rng.integers(16, 61)) if kind == 1 else int(rng.integers(61, 201))
        else:
            s = int(rng.integers(3, 16))
        s = min(s, left)
        if left - s < 3:
            s = left
        if s > cap:     # remainder too large for the cap: split it
            s = left - 3 if left - 3 <= cap else cap
        sizes.append(s)
        left -= s
    # a trailing ring of fewer than 3 can only arise when total < 3; merge guard
    fixed = []
    for s in sizes:
        if s < 3 and fixed:
            fixed[-1] += s
        else:
            fixed.append(s)
    return fixed


def bot_times(rng, days: np.ndarray, counts: np.ndarray, mode: str, tz: float = 0.0, cron=None) -> np.ndarray:
    if mode == "flat":
        dd = np.repeat(days, counts)
        return dd * DAY + rng.uniform(0, DAY, len(dd))
    if mode == "cron":     # batch windows at fixed UTC minutes, requests paced inside
        out = []
        for d, n in zip(days.tolist(), counts.tolist()):
            if n <= 0:
                continue
            st = d * DAY + np.asarray(cron) * 60
            which = rng.integers(0, len(st), n)
            out.append(st[which] + rng.uniform(0, 5400, n) + rng.normal(0, 20, n))
        return np.concatenate(out) if out else np.zeros(0)
    return human_times(rng, days, counts, tz, PROF[mode], sess=12, gap=40)


def harvest_prompts(w: World, n: int, fams: list[str], wrap, vary_phrasing: bool) -> tuple[list[str], np.ndarray]:
    R = w.R(n)
    out = []
    med = np.zeros(n)
    for i, r in enumerate(R):
        fam = fams[r[6] % len(fams)]
        if not vary_phrasing:
            r[5] = 0
        out.append(wrap(FAMILIES[fam](r)))
        med[i] = FAMILY_TOK[fam]
    tok = np.maximum(50, med * w.rng.lognormal(0.25, 0.45, n)).astype(np.int64)
    return out, tok


def make_ring(w: World, rid: str, kind: str, size: int) -> dict:
    rng = w.rng
    D = w.D
    cot = C(["explicit", "structured", "implicit", "none"], int(rng.choice(4, p=[0.4, 0.2, 0.28, 0.12])))
    fams = list(rng.choice(["math", "code", "science", "logic"], size=int(rng.integers(1, 3)), replace=False, p=[0.4, 0.35, 0.18, 0.07]))
    start = int(rng.integers(0, max(1, D // 4)))
    info = dict(ring_id=rid, kind=kind, size=size, cot=cot, families=fams, start_day=start)
    rcc = w.country()

    if kind == "card_farm":
        cards = [w.new_pm() for _ in range(int(rng.integers(1, 3)))]
        ips = w.dc_ips(int(rng.integers(1, 4)))
        wrap = Wrapper(rng, cot if cot != "none" else "explicit")
        domain = f"{C(WORDS, int(rng.integers(99)))}-mail{int(rng.integers(10, 99))}.com"
        created = (start - rng.uniform(0.2, 2)) * DAY
        frac = float(rng.uniform(0.7, 0.95))
        camp = int(rng.integers(3, 8))
        info.update(cards=len(cards), ips=len(ips), daily_target=int(frac * DAILY_LIMIT), campaign_days=camp)
        for j in range(size):
            a = w.add_account(kind, rid, rid, "crude", created=created + rng.uniform(0, 3600), pm=cards[j % len(cards)],
                              email=domain, cc=rcc)
            days = np.arange(start, min(D, start + camp))
            cnt = (frac * DAILY_LIMIT * rng.uniform(0.9, 1.08, len(days))).astype(np.int64)
            t = np.maximum(bot_times(rng, days, cnt, "flat"), created + 3600)
            nn = len(t)
            pr, tok = harvest_prompts(w, nn, fams, wrap, False)
            w.emit(a, t, [ips[x] for x in rng.integers(0, len(ips), nn).tolist()], cards[j % len(cards)], pr,
                   "python-requests/2.31.0", tok, "lumen-4-think")
        return info

    if kind == "cloud_fanout":
        prov = C(["amazon", "google", "microsoft", "digitalocean", "linode", "oracle"], int(rng.integers(1 << 20)))
        wraps = [Wrapper(rng, cot) for _ in range(int(rng.integers(2, 4)))]
        ua = f"lumen-python/1.{int(rng.integers(38, 62))}.{int(rng.integers(0, 4))}"
        cron = sorted(rng.integers(0, 1440, int(rng.integers(2, 5))).tolist())
        vm = w.cloud_ips(prov, size, nblocks=int(rng.integers(1, 4)))
        frac = float(rng.uniform(0.08, 0.25))
        camp = int(rng.integers(6, 15))
        waves = [(start - rng.uniform(0.5, 20)) * DAY for _ in range(int(rng.integers(1, 4)))]
        info.update(provider=prov, wordings=len(wraps), cron_minutes=cron, daily_target=int(frac * DAILY_LIMIT))
        for j in range(size):
            created = C(waves, j) + rng.uniform(0, 7200)
            a = w.add_account(kind, rid, rid, f"cot={cot}", created=created, pm=w.new_pm(), email=w.personal_email(rcc), cc=w.country())
            days = np.arange(start, min(D, start + camp))
            days = days[rng.random(len(days)) < 0.9]
            cnt = (frac * DAILY_LIMIT * rng.uniform(0.7, 1.1, len(days))).astype(np.int64)
            t = np.maximum(bot_times(rng, days, cnt, "cron", cron=cron), created + 3600)
            nn = len(t)
            pr, tok = harvest_prompts(w, nn, fams, C(wraps, j), True)
            w.emit(a, t, vm[j], w.accts[a]["pm"], pr, ua, tok, w.models(nn, {"lumen-4-think": 0.7, "lumen-4": 0.3}))
        return info

    if kind == "shell_org":
        org = w.token("org-", 40)
        card = w.new_pm()
        domain = f"{C(['nova', 'vertex', 'lumina', 'apex', 'quantum', 'helio'], int(rng.integers(99)))}{C(['labs', 'analytics', 'ai', 'data'], int(rng.integers(99)))}.io"
        office = w.prefix_ips("enterprise" if rng.random() < 0.5 else "hosting", rcc, int(rng.integers(2, 4)), span=2)
        wrap = Wrapper(rng, cot if cot != "none" else "structured")
        frac = float(rng.uniform(0.1, 0.3))
        created0 = (start - rng.uniform(5, 60)) * DAY
        info.update(org=True, shared_card=True, office_ips=len(office), daily_target=int(frac * DAILY_LIMIT))
        for j in range(size):
            created = created0 + rng.uniform(0, 10) * DAY
            a = w.add_account(kind, rid, rid, f"cot={cot}", created=created, pm=card, email=domain, cc=rcc, org=org)
            days = np.arange(start, D)
            days = days[(days % 7 < 5) | (rng.random(len(days)) < 0.3)]
            cnt = (frac * DAILY_LIMIT * rng.uniform(0.6, 1.1, len(days))).astype(np.int64)
            t = np.maximum(bot_times(rng, days, cnt, "office", tz=COUNTRY_TZ.get(rcc, 0)), created + 3600)
            nn = len(t)
            pr, tok = harvest_prompts(w, nn, fams, wrap, True)
            cover = rng.random(nn) < 0.1
            if cover.any():
                cp, ct = w.mix_prompts(int(cover.sum()), {"work": 0.6, "code": 0.4})
                for i, p in zip(np.flatnonzero(cover).tolist(), cp):
                    pr[i] = p
                tok[cover] = ct
            w.emit(a, t, [office[x] for x in rng.integers(0, len(office), nn).tolist()], card, pr, ua_browser(rng), tok,
                   w.models(nn, {"lumen-4": 0.5, "lumen-4-think": 0.5}))
        return info

    if kind == "vpn_blend":
        prov = int(rng.integers(0, 4))
        exits = w.vpn_provider(prov)["exits"]
        wraps = [Wrapper(rng, cot) for _ in range(3)]
        cards = [w.new_pm() for _ in range((size + 1) // 2)]
        frac = float(rng.uniform(0.08, 0.3))
        info.update(vpn_provider=prov, wordings=3, cards=len(cards), daily_target=int(frac * DAILY_LIMIT))
        for j in range(size):
            cc = w.country()
            created = (start - rng.exponential(30)) * DAY
            pm = cards[j // 2] if rng.random() < 0.7 else w.new_pm()
            a = w.add_account(kind, rid, rid, f"cot={cot}", created=created, pm=pm, email=w.personal_email(cc), cc=cc)
            days = np.arange(start, D)
            days = days[rng.random(len(days)) < 0.8]
            cnt = (frac * DAILY_LIMIT * rng.uniform(0.5, 1.2, len(days))).astype(np.int64)
            t = np.maximum(bot_times(rng, days, cnt, "worker", tz=COUNTRY_TZ.get(rcc, 0)), created + 3600)
            nn = len(t)
            pr, tok = harvest_prompts(w, nn, fams, C(wraps, j), True)
            sess = (t // 900).astype(np.int64)
            ips = [exits[int((s * 2654435761 + j * 97) % len(exits))] for s in sess.tolist()]
            w.emit(a, t, ips, pm, pr, ua_sdk(rng), tok, w.models(nn, {"lumen-4-think": 0.5, "lumen-4": 0.5}))
        return info

    if kind in ("resi_rotator", "slow_drip", "aged_takeover"):
        careful_pool = None
        if kind != "slow_drip":
            npx = max(200, size * 40)
            pcc = [w.country() for _ in range(8)]
            careful_pool = [ip for c in pcc for ip in w.resi_ip(c, npx // 8)]
            benign_homes = w.home_ips_benign
            if benign_homes:   # residential proxy SDKs run on real homes: some exits are benign users' addresses
                nb = min(len(benign_homes), max(3, size * 2))
                careful_pool += [benign_homes[i] for i in rng.choice(len(benign_homes), nb, replace=False).tolist()]
        dongles = [w.carrier(rcc) for _ in range(max(1, size // 4))] if kind == "slow_drip" else None
        cover_share = float(rng.uniform(0.15, 0.35) if kind != "slow_drip" else rng.uniform(0.35, 0.55))
        fake_tz = [COUNTRY_TZ[c] for c in (w.country() for _ in range(3))]
        models_rot = {"lumen-4-think": 0.45, "lumen-4": 0.35, "lumen-4-mini": 0.2}
        info.update(cover_share=round(cover_share, 3), proxy_pool=len(careful_pool) if careful_pool else 0,
                    dongles=len(dongles) if dongles else 0)
        switch = int(rng.integers(D // 3, max(D // 3 + 1, D // 2 + 1))) if kind == "aged_takeover" else None
        if switch is not None:
            info["switch_day"] = switch
            new_cards = [w.new_pm() for _ in range(max(1, size // 3))]
        for j in range(size):
            cc = w.country()
            created = -rng.uniform(60, 700) * DAY if kind != "resi_rotator" else -rng.uniform(20, 300) * DAY
            pm = w.new_pm()
            a = w.add_account(kind, rid, rid, f"cot={cot};careful", created=created, pm=pm, email=w.personal_email(cc), cc=cc)
            wrap = Wrapper(rng, cot)
            ua = ua_browser(rng)
            tz = C(fake_tz, j) + float(rng.normal(0, 0.7))
            if kind == "slow_drip":
                mean = float(rng.uniform(15, 60))
            elif kind == "resi_rotator":
                mean = float(rng.uniform(40, 160))
            else:
                mean = float(rng.uniform(60, 250))
            first = start if switch is None else switch
            days = np.arange(first, D)
            days = days[rng.random(len(days)) < (0.95 if kind == "slow_drip" else 0.8)]
            cnt = np.minimum(daily_counts(rng, len(days), mean, 6), int(DAILY_LIMIT * 0.9))
            t = np.maximum(bot_times(rng, days, cnt, "worker" if kind != "slow_drip" else "evening", tz=tz), created + DAY)
            nn = len(t)
            pr, tok = harvest_prompts(w, nn, fams, wrap, True)
            cover = rng.random(nn) < cover_share
            if cover.any():
                cp, ct = w.mix_prompts(int(cover.sum()), {"casual": 0.6, "awesome": 0.2, "code": 0.2})
                for i, p in zip(np.flatnonzero(cover).tolist(), cp):
                    pr[i] = p
                tok[cover] = ct
            if kind == "slow_drip":
                car = C(dongles, j)
                sess = (t // 2700).astype(np.int64)
                _, sid = np.unique(sess, return_inverse=True)
                ips = w.mobile_ips(car, nn, sid)
            else:
                sticky = (t // float(rng.choice([300, 600, 1800]))).astype(np.int64)
                ips = [careful_pool[int((s * 40503 + j * 7777) % len(careful_pool))] for s in sticky.tolist()]
            pmv = pm
            if switch is not None and rng.random() < 0.5:
                pmv = C(new_cards, j)
            w.emit(a, t, ips, pmv, pr, ua, tok, w.models(nn, models_rot))
            if switch is not None:     # the previous owner's ordinary history before the sale
                ipfn = home_ip_fn(w, cc, mobile_share=0.2)
                days0 = active_days(rng, switch, float(rng.uniform(0.2, 0.6)))
                c0 = daily_counts(rng, len(days0), float(rng.uniform(1, 6)))
                t0 = human_times(rng, days0, c0, COUNTRY_TZ.get(cc, 0), PROF["evening"])
                if len(t0):
                    p0, k0 = w.mix_prompts(len(t0), {"casual": 0.6, "awesome": 0.2, "code": 0.1, "work": 0.1})
                    w.emit(a, t0, ipfn(t0), pm, p0, ua_browser(rng), k0, w.models(len(t0), BENIGN_MODEL))
        return info

    if kind == "hydra_reseller":
        H = max(3, size // 120)
        relay = w.dc_ips(int(rng.integers(5, 12)))
        npx = max(400, size * 3)
        pcc = [w.country() for _ in range(10)]
        proxies = [ip for c in pcc for ip in w.resi_ip(c, npx // 10)]
        bh = w.home_ips_benign
        if bh:
            proxies += [bh[i] for i in rng.choice(len(bh), min(len(bh), 60), replace=False).tolist()]
        heads = []
        for h in range(H):
            heads.append(dict(wrap=Wrapper(rng, C(["explicit", "structured", "implicit", "none"], h + int(rng.integers(4)))),
                              fams=list(rng.choice(["math", "code", "science", "logic"], size=2, replace=False, p=[0.4, 0.35, 0.18, 0.07])),
                              ua=C([f"python-httpx/0.{int(rng.integers(26, 29))}.0", f"lumen-python/1.{int(rng.integers(40, 60))}.0",
                                    "Go-http-client/2.0", f"lumen-node/4.{int(rng.integers(50, 80))}.1"], h)))
        cards = [w.new_pm() for _ in range(int(size * 0.8))]
        info.update(heads=H, relay_ips=len(relay), proxy_pool=len(proxies), cards=len(cards))
        resold_tz = C([8, 8, 3, 1, -5], int(rng.integers(5)))
        for j in range(size):
            h = heads[j % H]
            cc = C(["US", "SG", "HK", "JP", "GB", "DE", "CA", "KR"], int(rng.integers(1 << 20)))
            # account lifecycle: aged stock or fresh signups in waves, each living a while until banned/retired
            if rng.random() < 0.45:
                created = -rng.uniform(10, 150) * DAY
                s0 = int(rng.integers(0, max(1, D // 3)))
            else:
                wave = int(rng.integers(0, max(1, D - 3)))
                created = wave * DAY + rng.uniform(0, 3) * 3600 + (j % 7) * 60
                s0 = wave
            life = int(rng.integers(4, D + 1))
            days = np.arange(s0, min(D, s0 + life))
            days = days[rng.random(len(days)) < 0.85]
            cnt = np.minimum(daily_counts(rng, len(days), float(rng.uniform(30, 150)), 5), int(DAILY_LIMIT * 0.95))
            pm = C(cards, j if rng.random() < 0.75 else int(rng.integers(len(cards))))
            a = w.add_account(kind, rid, rid, f"head={j % H}", created=created, pm=pm,
                              email=w.personal_email(cc) if rng.random() < 0.8 else f"mail{j % H}.{C(['xyz', 'top', 'site'], j % H)}", cc=cc)
            nn = int(cnt.sum())
            if nn == 0:
                continue
            resold = rng.random(nn) < float(rng.uniform(0.25, 0.5))
            t = np.zeros(nn)
            nres = int(resold.sum())
            dd = np.repeat(days, cnt)
            t[~resold] = dd[~resold] * DAY + rng.uniform(0, DAY, nn - nres)
            hr = rng.choice(24, size=nres, p=PROF["evening"])
            t[resold] = dd[resold] * DAY + hr * 3600 + rng.uniform(0, 3600, nres) - resold_tz * 3600
            t = np.maximum(t, created + 600)
            pr, tok = harvest_prompts(w, nn, h["fams"], h["wrap"], True)
            if nres:
                cp, ct = w.mix_prompts(nres, {"casual": 0.5, "awesome": 0.25, "code": 0.15, "work": 0.1})
                for i, p in zip(np.flatnonzero(resold).tolist(), cp):
                    pr[i] = p
                tok[resold] = ct
            sticky = (t // 600).astype(np.int64)
            ips = [relay[int(s % len(relay))] if r else proxies[int((s * 2654435761 + j * 131) % len(proxies))]
                   for s, r in zip(sticky.tolist(), resold.tolist())]
            w.emit(a, t, ips, pm, pr, h["ua"], tok,
                   w.models(nn, {"lumen-4-think": 0.55, "lumen-4": 0.3, "lumen-4-mini": 0.15}))
        return info
    raise KeyError(kind)


# --------------------------------------------------------------------------------------------------
# assembly
# --------------------------------------------------------------------------------------------------

def build(n_accounts: int, seed: int, ring_share: float, ring_mode: str, days: int, ref: Ref):
    rng = np.random.default_rng(seed)
    w = World(ref, rng, days)
    n_ring = int(round(ring_share * n_accounts))
    if 0 < n_ring < 3:
        n_ring = 3
    n_benign = n_accounts - n_ring
    counts = {}
    used = 0
    for name, share in BENIGN_SHARES:
        k = int(round(share * n_benign))
        counts[name] = k
        used += k
    counts["solo_casual"] = n_benign - used
    order = ["solo_casual"] + [c for c, _ in BENIGN_SHARES]
    for name in order:
        if counts[name] > 0:
            BENIGN_FN[name](w, counts[name])
    # rings
    sizes = ring_sizes(rng, n_ring, ring_mode)
    rings = []
    for k, s in enumerate(sizes):
        rid = f"ring_{k + 1:02d}"
        if ring_mode == "hydra" and k == 0:
            kind = "hydra_reseller"
        elif s > 60:
            kind = C(["hydra_reseller", "cloud_fanout", "resi_rotator", "vpn_blend"], int(rng.integers(1 << 20)))
        elif s > 15:    # crude card farms stay small
            kind = SMALL_KINDS[1 + int(rng.integers(len(SMALL_KINDS) - 1))]
        else:
            kind = SMALL_KINDS[int(rng.integers(len(SMALL_KINDS)))]
        rings.append(make_ring(w, rid, kind, s))
    w.rings = rings
    w.flush()
    return w


def finish(w: World, out: Path, minimal: bool, params: dict, t0: float):
    rng = w.rng
    D = w.D
    n = len(w.accts)
    acct = np.concatenate(w.cols["acct"])
    ts = np.concatenate(w.cols["ts"])
    tok = np.concatenate(w.cols["tok"])
    created = np.array([a["created"] for a in w.accts]) * 1000
    # logged only inside the window, after sign-up
    keep = (ts >= 0) & (ts < D * DAY * 1000) & (ts >= created[acct])
    idx = np.flatnonzero(keep)
    acct, ts, tok = acct[idx], ts[idx], tok[idx]
    # the platform's daily limit: requests beyond DAILY_LIMIT per account and UTC day are refused, not logged
    day = ts // (DAY * 1000)
    key = acct.astype(np.int64) * (D + 1) + day
    o = np.lexsort((ts, key))
    ks = key[o]
    start = np.r_[0, np.flatnonzero(ks[1:] != ks[:-1]) + 1]
    rank = np.arange(len(ks)) - np.repeat(start, np.diff(np.r_[start, len(ks)]))
    ok = np.zeros(len(ks), bool)
    ok[o[rank < DAILY_LIMIT]] = True
    refused = int((~ok).sum())
    del key, o, ks, rank
    # final order: by time, then account
    sel = np.flatnonzero(ok)
    o2 = sel[np.lexsort((acct[sel], ts[sel]))]
    take = pa.array(idx[o2])
    acct, ts, tok = acct[o2], ts[o2], tok[o2]
    m = len(o2)
    del idx, sel, o2, ok
    # ids
    raw = rng.choice(1 << 40, size=n, replace=False) + (1 << 40)
    ids = np.array([f"acct_{x:011x}" for x in raw.tolist()], dtype=object)
    # messiness within the input contract, drawn up front
    miss_ip = rng.random(m) < 0.004        # a proxy hop that did not forward the client address
    mapped = rng.random(m) < 0.003         # a load balancer writing IPv4-mapped IPv6
    miss_ua = rng.random(m) < 0.012
    miss_model = rng.random(m) < 0.003
    miss_tok = rng.random(m) < 0.01
    names = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "model"]
    if minimal:
        names = names[:5]
    src = {"ip": "ip", "payment_method": "pm", "prompt": "prompt", "user_agent": "ua", "model": "model"}
    cols = {name: pa.chunked_array(w.scols.pop(src[name])) for name in names if name in src}
    w.scols.clear()
    out.mkdir(parents=True, exist_ok=True)
    schema = pa.schema([("account_id", pa.string()), ("timestamp", pa.timestamp("ms", tz="UTC")), ("ip", pa.string()),
                        ("payment_method", pa.string()), ("prompt", pa.string()), ("user_agent", pa.string()),
                        ("output_tokens", pa.int64()), ("model", pa.string())])
    schema = pa.schema([schema.field(nm) for nm in names])
    null_s = pa.scalar(None, pa.string())
    RG = 250_000
    with pq.ParquetWriter(out / "events.parquet", schema, compression="zstd") as wr:
        for off in range(0, m, RG):
            sl = slice(off, min(m, off + RG))
            batch = {}
            for name in names:
                if name == "account_id":
                    batch[name] = pa.array(ids[acct[sl]], type=pa.string())
                elif name == "timestamp":
                    batch[name] = pa.array(ts[sl] + START_S * 1000, type=pa.timestamp("ms", tz="UTC"))
                elif name == "output_tokens":
                    batch[name] = pa.array(tok[sl], mask=miss_tok[sl], type=pa.int64())
                else:
                    arr = cols[name].take(take[off:sl.stop]).cast(pa.string()).combine_chunks()
                    if name == "ip":
                        arr = pc.if_else(pa.array(miss_ip[sl]), null_s, arr)
                        is4 = pc.fill_null(pc.match_substring_regex(arr, r"^\d+\.\d+\.\d+\.\d+$"), False)
                        arr = pc.if_else(pc.and_(pa.array(mapped[sl]), is4),
                                         pc.binary_join_element_wise(pa.scalar("::ffff:"), arr, ""), arr)
                    elif name == "user_agent":
                        arr = pc.if_else(pa.array(miss_ua[sl]), null_s, arr)
                    elif name == "model":
                        arr = pc.if_else(pa.array(miss_model[sl]), null_s, arr)
                    batch[name] = arr
            wr.write_table(pa.table(batch, schema=schema))
    del cols
    # accounts file
    recs = []
    perm = rng.permutation(n)
    for i in perm.tolist():
        a = w.accts[i]
        if not a["listed"]:
            continue
        c = a["created"]
        ca = "" if rng.random() < 0.01 else pd.Timestamp(START_S + int(c), unit="s", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
        em = a["email"] or ""
        if em and rng.random() < 0.015:
            em = ""
        cc = a["cc"] or ""
        if rng.random() < 0.03:
            cc = ""
        recs.append((ids[i], ca, a["pm"] or "", em, cc, a["org"] or ""))
    acc = pd.DataFrame(recs, columns=["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"])
    if minimal:
        acc = acc[["account_id", "payment_method"]]
    acc.to_csv(out / "accounts.csv", index=False)
    truth = pd.DataFrame({
        "account_id": ids,
        "is_ring": ["true" if a["ring"] else "false" for a in w.accts],
        "ring_id": [a["ring"] for a in w.accts],
        "group_id": [a["group"] for a in w.accts],
        "cohort": [a["cohort"] for a in w.accts],
        "variant": [a["variant"] for a in w.accts],
    }).iloc[perm]
    truth.to_csv(out / "truth.csv", index=False)
    # world.json
    ev_per_acct = np.bincount(acct, minlength=n)
    coh = {}
    for i, a in enumerate(w.accts):
        c = coh.setdefault(a["cohort"], {"accounts": 0, "events": 0, "ring": bool(a["ring"])})
        c["accounts"] += 1
        c["events"] += int(ev_per_acct[i])
    ring_ev = {}
    for i, a in enumerate(w.accts):
        if a["ring"]:
            ring_ev[a["ring"]] = ring_ev.get(a["ring"], 0) + int(ev_per_acct[i])
    for r in w.rings:
        r["events"] = ring_ev.get(r["ring_id"], 0)
    meta = {
        "generator": GENERATOR_VERSION,
        "params": params,
        "platform": {"name": "Lumen API", "daily_limit": DAILY_LIMIT, "limit_scope": "account per UTC day; refused requests not logged",
                     "start": START.strftime("%Y-%m-%dT%H:%M:%SZ"), "days": D, "models": MODELS},
        "counts": {"accounts": n, "accounts_in_accounts_file": int(len(acc)), "events": int(m),
                   "refused_over_limit": refused, "ring_accounts": int(sum(1 for a in w.accts if a["ring"])),
                   "rings": len(w.rings), "accounts_with_events": int((ev_per_acct > 0).sum())},
        "cohorts": coh,
        "ring_kinds": RING_KINDS,
        "rings": w.rings,
        "groups": w.groups,
        "generation_seconds": round(time.time() - t0, 1),
    }
    (out / "world.json").write_text(json.dumps(meta, indent=1, default=lambda x: x.item() if hasattr(x, "item") else str(x)))
    return meta


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.02)
    ap.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], default="mixed")
    ap.add_argument("--days", type=int, default=21)
    ap.add_argument("--minimal", action="store_true")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if a.accounts < 50 or a.days < 7 or not (0 <= a.ring_share < 0.5):
        ap.error("need --accounts >= 50, --days >= 7 and 0 <= --ring-share < 0.5")
    t0 = time.time()
    ref = Ref(shared_data_dir())
    w = build(a.accounts, a.seed, a.ring_share, a.ring_sizes, a.days, ref)
    params = dict(accounts=a.accounts, seed=a.seed, ring_share=a.ring_share, ring_sizes=a.ring_sizes, days=a.days, minimal=a.minimal)
    meta = finish(w, Path(a.out), a.minimal, params, t0)
    c = meta["counts"]
    print(f"world17: {c['accounts']} accounts, {c['events']} events, {c['rings']} rings / {c['ring_accounts']} ring accounts, "
          f"{c['refused_over_limit']} refused over the limit of {DAILY_LIMIT}/day, {meta['generation_seconds']} s -> {a.out}")


if __name__ == "__main__":
    main()
