#!/usr/bin/env python3
"""World 20: a held-out synthetic LLM-API platform with distillation rings among benign look-alikes.

A standalone generator (numpy + pandas + pyarrow; it does not import graphhunt) written without knowledge
of graphhunt's detector (docs/WORLD20.md, "How it was written"). It simulates an LLM API platform whose
paid accounts may send at most ``DAILY_LIMIT`` (600) requests per UTC day (free-tier accounts
``FREE_DAILY_LIMIT``, 60); requests above the limit are refused and not logged. Distillation operators spread
their harvesting over several accounts, each under the limit, and hide among benign crowds that share the
very things rings share:

* benign look-alikes: office NATs with a company card and corporate prompt templates, mobile-carrier CGNAT
  pools, university campuses (dorm NAT, eduroam, labs; classes running the same homework problem before a
  deadline), households, commercial VPN exits, heavy single-company API apps on cloud addresses, research labs
  running benchmark evaluations with chain-of-thought, translation agencies, customer-support bots, and
  (new here) data-labelling vendors, SEO content shops, browser-extension users behind one wrapper template,
  MOOC learners on hosted-notebook egress, an IT managed-service provider paying for its clients' seats,
  enterprise staff behind a shared cloud security gateway, a hackathon on one venue Wi-Fi, Tor users and
  residential-proxy SDK households (benign homes whose addresses a proxy network resells);
* ring kinds: pay_clean, cover_mix, resi_proxy, campus_nat, carrier_nat, reworded, chain, part_time,
  label_front, notebook_farm, extension_mimic, slow_drip and (``--ring-sizes hydra``) hydra_reseller.

The shared reference data (IP ranges, AS tables, VPN / datacenter / cloud ranges, Tor exits, real prompts and
promptsource templates) is read at generation time from ``$GRAPHHUNT_SHARED_DATA`` (else ``../shared/data``
beside the repository, else ``/work/shared/data``); nothing of it is copied into the repository, and
world.json records the sha256 of every file read.

Outputs in ``--out DIR``: events.parquet, accounts.csv, truth.csv, world.json (docs/WORLD20.md).
The same arguments give byte-identical events.parquet, accounts.csv and truth.csv (and world.json apart from
``generation_seconds``), under any PYTHONHASHSEED.

    python3 benchmarks/world20.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
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

GENERATOR = "world20"
START = pd.Timestamp("2027-02-01T00:00:00Z")          # a Monday
T0 = int(START.timestamp())
DAY = 86400
DAILY_LIMIT = 600                                      # paid accounts: requests per account per UTC day
FREE_DAILY_LIMIT = 60                                  # free-tier accounts
HOLIDAYS_US = (pd.Timestamp("2027-02-15T00:00:00Z"),)  # Presidents' Day: US offices mostly closed
MODELS = ["kestrel-2", "kestrel-2-mini", "kestrel-2-pro", "kestrel-2-think"]
MAX_TOKENS = {0: 8192, 1: 8192, 2: 16384, 3: 32768}

ROOT = Path(__file__).resolve().parents[1]


# =========================================================================== reference data

def data_dir() -> Path:
    env = os.environ.get("GRAPHHUNT_SHARED_DATA")
    if env:
        return Path(env)
    beside = ROOT.parent / "shared" / "data"
    return beside if beside.exists() else Path("/work/shared/data")


class Ref:
    """Reads the shared reference files and remembers the sha256 of each file read."""

    def __init__(self, root: Path):
        self.root = root
        self.hashes: dict[str, str] = {}
        if not (root / "prompts" / "awesome-chatgpt-prompts.csv").exists():
            sys.exit(f"world20: shared reference data not found at {root} (set GRAPHHUNT_SHARED_DATA)")

    def read(self, rel: str) -> bytes:
        b = (self.root / rel).read_bytes()
        self.hashes[rel] = hashlib.sha256(b).hexdigest()
        return b

    def text(self, rel: str) -> str:
        b = self.read(rel)
        if rel.endswith(".gz"):
            b = gzip.decompress(b)
        return b.decode("utf-8")

    # ---- prompts
    def awesome(self) -> pd.DataFrame:
        import io
        df = pd.read_csv(io.BytesIO(self.read("prompts/awesome-chatgpt-prompts.csv")), dtype=str,
                         keep_default_na=False)
        df = df[df["prompt"].str.len().between(40, 6000)].reset_index(drop=True)
        return df

    def templates(self) -> list[dict]:
        base = self.root / "prompts" / "promptsource-templates"
        files = sorted(p.relative_to(self.root).as_posix() for p in base.rglob("templates.yaml"))
        out = []
        for rel in files:
            ds = str(Path(rel).parent.relative_to("prompts/promptsource-templates").as_posix())
            for t in read_template_file(self.text(rel)):
                t["dataset"] = ds
                out.append(t)
        return out

    # ---- addresses
    def asn_table(self) -> pd.DataFrame:
        import io
        raw = gzip.decompress(self.read("ip/pyasn/ipasn_20140513.dat.gz"))
        df = pd.read_csv(io.BytesIO(raw), sep="\t", comment=";", header=None, names=["pfx", "asn"],
                         dtype={"pfx": str, "asn": np.int64})
        net = df["pfx"].str.split("/", expand=True)
        o = net[0].str.split(".", expand=True).astype(np.int64).to_numpy()
        df["start"] = (o[:, 0] << 24) | (o[:, 1] << 16) | (o[:, 2] << 8) | o[:, 3]
        df["len"] = net[1].astype(np.int64)
        return df[["start", "len", "asn"]]

    def asn_names(self) -> dict[str, str]:
        return json.loads(self.text("ip/pyasn/asnames.json.gz"))

    def cidrs(self, rel: str) -> np.ndarray:
        """(start, length) rows of an IPv4 CIDR list (comments and IPv6 skipped)."""
        rows = []
        for line in self.text(rel).splitlines():
            line = line.split("#")[0].strip()
            if not line or ":" in line:
                continue
            ip, _, ln = line.partition("/")
            parts = ip.split(".")
            if len(parts) != 4:
                continue
            a, b, c, d = (int(x) for x in parts)
            rows.append(((a << 24) | (b << 16) | (c << 8) | d, int(ln or 32)))
        return np.array(rows, dtype=np.int64).reshape(-1, 2)

    def lines(self, rel: str) -> list[str]:
        return [ln.strip() for ln in self.text(rel).splitlines() if ln.strip() and not ln.startswith("#")]


# ---- a reader for the subset of YAML the promptsource files use (checked against PyYAML while writing)

def _ends_escaped(s: str) -> bool:
    return (len(s) - len(s.rstrip("\\"))) % 2 == 1


def _fold(parts: list[str], escaped_breaks: bool = False) -> str:
    """YAML flow-scalar line folding: a single break is a space, n blank lines are n newlines."""
    n = len(parts)
    res = parts[0].rstrip(" \t") if n > 1 else parts[0]
    empty = 0
    for j in range(1, n):
        s = parts[j].strip(" \t") if j < n - 1 else parts[j].lstrip(" \t")
        if j < n - 1 and s == "":
            empty += 1
            continue
        if escaped_breaks and _ends_escaped(res):
            res = res[:-1] + "\n" * empty + s
        elif empty:
            res = res + "\n" * empty + s
        else:
            res = res + " " + s
        empty = 0
    return res + "\n" * empty


_ESC = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " ", "0": "\0", "r": "\r", "a": "\a",
        "b": "\b", "e": "\x1b", "f": "\f", "v": "\v", "N": "\x85", "_": "\xa0", "\t": "\t"}


def _unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = s[i + 1]
        if e in _ESC:
            out.append(_ESC[e])
            i += 2
        elif e in "xuU":
            k = {"x": 2, "u": 4, "U": 8}[e]
            out.append(chr(int(s[i + 2:i + 2 + k], 16)))
            i += 2 + k
        else:
            out.append(e)
            i += 2
    return "".join(out)


def _closing(raw: str, q: str) -> int:
    k = 1
    while True:
        j = raw.find(q, k)
        if j < 0:
            return -1
        if q == "'" and raw[j + 1:j + 2] == "'":
            k = j + 2
            continue
        if q == '"':
            b = 0
            while raw[j - 1 - b] == "\\":
                b += 1
            if b % 2:
                k = j + 1
                continue
        return j


def yaml_scalar(lines: list[str]) -> str:
    raw = "\n".join(lines)
    if raw.startswith("'"):
        return _fold(raw[1:_closing(raw, "'")].split("\n")).replace("''", "'")
    if raw.startswith('"'):
        return _unescape(_fold(raw[1:_closing(raw, '"')].split("\n"), escaped_breaks=True))
    return _fold(lines).strip()


def read_template_file(text: str) -> list[dict]:
    """Templates (name, jinja, answer_choices) of one promptsource templates.yaml."""
    txt = text.split("\n")
    out: list[dict] = []
    cur: dict = {}
    i = 0
    key_re = re.compile(r"^    (answer_choices|jinja|name): (.*)$")
    while i < len(txt):
        m = key_re.match(txt[i])
        if txt[i].startswith("  ") and not txt[i].startswith("   ") and txt[i].rstrip().endswith("!Template"):
            if cur:
                out.append(cur)
            cur = {}
            i += 1
            continue
        if not m:
            i += 1
            continue
        key, first = m.group(1), m.group(2)
        lines = [first]
        i += 1
        if first[:1] in "'\"":
            while _closing("\n".join(lines), first[0]) < 0:
                lines.append(txt[i])
                i += 1
        else:
            while i < len(txt) and (txt[i].startswith("     ") or txt[i].strip() == ""):
                lines.append(txt[i])
                i += 1
            while len(lines) > 1 and lines[-1].strip() == "":
                lines.pop()
        val = yaml_scalar(lines)
        cur[key] = None if (key == "answer_choices" and val == "null") else val
    if cur:
        out.append(cur)
    return [t for t in out if "jinja" in t]


# =========================================================================== text machinery (vectorised)

def S(items) -> pa.Array:
    return pa.array(list(items), type=pa.string())


def J(*parts) -> pa.Array:
    """Element-wise concatenation of string arrays and literals."""
    parts = [pa.scalar(p, pa.string()) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*parts, "")


def pick(vocab: pa.Array, n: int, rng: np.random.Generator, p=None) -> pa.Array:
    return vocab.take(rng.choice(len(vocab), n, p=p) if p is not None else rng.integers(0, len(vocab), n))


def numstr(x: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(x)).cast(pa.string())


def when(mask: np.ndarray, a, b) -> pa.Array:
    n = len(mask)
    a = a if not isinstance(a, str) else pa.array(np.full(n, a, dtype=object), pa.string())
    b = b if not isinstance(b, str) else pa.array(np.full(n, b, dtype=object), pa.string())
    return pc.if_else(pa.array(mask), a, b)


def mix(n: int, rng: np.random.Generator, gens: list, p) -> pa.Array:
    """Row i drawn from generator k with probability p[k]; each generator is called once."""
    p = np.asarray(p, float)
    k = rng.choice(len(gens), n, p=p / p.sum())
    order = np.argsort(k, kind="stable")
    chunks = []
    for j, g in enumerate(gens):
        m = int((k == j).sum())
        if m:
            chunks.append(g(m, rng))
    cat = pa.concat_arrays([c if isinstance(c, pa.Array) else c.combine_chunks() for c in chunks])
    inv = np.empty(n, np.int64)
    inv[order] = np.arange(n)
    return cat.take(inv)


FIRST = S("""James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph
Jessica Thomas Sarah Carlos Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Priya Aisha Wei Yuki Ahmed Fatima
Olumide Chioma Mateo Sofia Lukas Emma Hiroshi Sakura Arjun Ananya Diego Valentina Kwame Amara Ivan Olga Mehmet Elif Minh
Linh Rahul Neha Pedro Ana Jonas Lea Tomasz Zofia Omar Layla Kofi Nia Hamza Noor Felix Clara Rafael Camila""".split())
LAST = S("""Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker
Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter
Patel Sharma Gupta Okafor Adeyemi Mensah Kimura Tanaka Sato Schmidt Muller Fischer Weber Rossi Russo Kowalski Nowak
Silva Santos Oliveira Yilmaz Kaya Hassan Ali Khan Chen Wang Kim Park Choi Tran Pham Dubois Moreau Novak Horvat""".split())
_SYL1 = S("Kel Mar Dor Ash Bel Cor Fen Gal Hal Ivo Jor Kas Lun Mor Nor Orl Pel Quin Ros Sal Tam Ul Val Wes Yar Zel "
          "Bran Cal Dra Ely Fro Gil Har Isen Kra Lor Mal Nev Ost Pra".split())
_SYL2 = S("var den bor ith ley ton mir wick sted ford ham ria land ven dale ora ster mont bury lin gate holm "
          "shaw rook well by more ton ica esh".split())
_SYL3 = S(["", "", "", "", "ia", "on", "er", "ville", "ton", "stad"])
CITIES = S("""Lisbon Osaka Nairobi Lagos Toronto Denver Austin Lyon Porto Krakow Hanoi Manila Cebu Pune Chennai Recife
Curitiba Monterrey Leeds Bristol Hamburg Munich Seville Valencia Turin Bologna Izmir Alexandria Lahore Penang Taipei
Busan Sapporo Perth Adelaide Wellington Calgary Halifax Tucson Omaha Boise Raleigh Savannah Utrecht Ghent Graz Tartu
Riga Split Plovdiv Cluj Brno Kaunas Bergen Aarhus Tampere Galway Cork""".split())
COUNTRY_NAMES = S("""Portugal Japan Kenya Nigeria Canada Chile France Poland Vietnam Philippines India Brazil Mexico
Germany Spain Italy Turkey Egypt Pakistan Malaysia Taiwan Korea Australia Zealand Norway Estonia Latvia Croatia Bulgaria
Romania Czechia Lithuania Denmark Finland Ireland Morocco Ghana Peru Colombia Argentina""".split())
NATIONALITY = S("""Portuguese Japanese Kenyan Nigerian Canadian Chilean French Polish Vietnamese Filipino Indian
Brazilian Mexican German Spanish Italian Turkish Egyptian Norwegian Estonian Irish Danish Finnish Austrian Dutch""".split())
PROFESSION = S(["a painter", "a chemist", "a novelist", "an architect", "a mathematician", "a composer", "an engineer",
                 "a botanist", "an astronomer", "a physician", "an economist", "a poet", "a sculptor", "a geologist",
                 "a historian", "a photographer", "a cartographer", "a linguist", "an inventor", "a diplomat",
                 "a philosopher", "a biologist", "a journalist", "a filmmaker"])
ACHIEVEMENT = S(["pioneering work on soil chemistry", "a series of coastal landscapes", "the first survey of the northern lakes",
                 "an influential theory of trade cycles", "designing the central railway station",
                 "early experiments with radio transmission", "a multi-volume history of the region",
                 "discovering two new species of orchid", "reforms to the public health system",
                 "a widely used method for measuring rainfall", "a trilogy of novels about rural life",
                 "improving the efficiency of steam turbines", "mapping the southern coastline",
                 "a collection of folk songs from the mountains", "work on prime number distribution",
                 "a landmark study of childhood literacy", "the restoration of the old cathedral"])
SETTLEMENT = S("town village city municipality port town market town commune district".split(" "))
REGION = S("northern southern eastern western central coastal upland lowland".split())
ORG_TYPE = S(["museum", "observatory", "hospital", "university", "library", "orchestra", "football club",
                 "research institute", "theatre", "botanical garden", "trading company", "newspaper"])
ACTION = S(["completed", "designed", "rebuilt", "published", "discovered", "founded", "restored", "expanded", "sold",
            "acquired", "renamed", "opened"])
THING = S(["northern bridge", "city archive", "first public library", "harbour wall", "national anthem", "river canal",
           "central market", "observatory dome", "railway line to the coast", "university's medical faculty",
           "old mill", "regional airport", "printing press", "water treatment plant", "botanical survey"])
CONSEQUENCE = S(["doubled trade within a decade", "attracted visitors from across the country",
                 "remained in use until the 1970s", "was later declared a heritage site", "reduced travel times by half",
                 "caused a long dispute with the neighbouring town", "became a model for other cities",
                 "was destroyed by fire twenty years later", "led to a sharp rise in population"])
ANIMAL = S("""heron lynx otter tortoise gecko falcon badger salamander stork bat beetle moth trout eel crane
marmot ibex pelican octopus swift""".split())
FOOD = S(["small fish", "insects and larvae", "seeds and berries", "aquatic plants", "rodents", "nectar", "crustaceans",
          "leaves and bark", "snails", "fruit"])
HABITAT = S(["mangrove forests", "alpine meadows", "temperate wetlands", "dry scrubland", "river deltas",
             "coastal cliffs", "tropical lowland forest", "lakes and slow rivers", "semi-desert plains"])
GENRE = S(["historical", "science fiction", "crime", "coming-of-age", "fantasy", "satirical", "romance", "gothic"])
EVENT = S(["trade fair", "film festival", "peace conference", "marathon", "science congress", "music festival",
           "world chess championship", "architecture biennale", "climate summit"])
TREATMENT = S(["daily low-dose aspirin", "a twelve-week exercise programme", "vitamin D supplementation",
               "cognitive behavioural therapy", "the new inhaler", "intermittent fasting", "early physiotherapy",
               "a short course of antibiotics", "mindfulness training"])
SYMPTOM = S(["fatigue", "joint pain", "headache", "shortness of breath", "fever", "dizziness", "nausea", "chest pain",
             "persistent cough", "abdominal pain", "blurred vision", "night sweats", "rash", "weight loss", "insomnia"])
PRODUCT = S(["wireless earbuds", "air fryer", "standing desk", "hiking boots", "coffee grinder", "phone case",
             "electric toothbrush", "backpack", "robot vacuum", "yoga mat", "mechanical keyboard", "blender",
             "rain jacket", "baby monitor", "desk lamp", "water bottle", "gaming mouse", "office chair", "kettle",
             "smart watch", "camping tent", "e-reader", "bluetooth speaker", "sofa cover", "chef's knife"])
POS_DETAIL = S(["works exactly as described", "the battery lasts for days", "setup took five minutes",
                "it feels really solid", "customer service replied within an hour", "it's quieter than my old one",
                "worth every penny", "the quality surprised me", "my kids love it", "fits perfectly"])
NEG_DETAIL = S(["it stopped working after two weeks", "the instructions were useless", "it arrived scratched",
                "it is much smaller than the photos suggest", "the app keeps disconnecting", "it smells of plastic",
                "returns were a nightmare", "the zipper broke on the first trip", "it overheats quickly",
                "half the parts were missing"])
REL = S(["my husband", "my wife", "my son", "my daughter", "my mum", "my dad", "a friend", "my office", "myself",
         "my partner", "my sister"])
TOPIC = S([t for t in """photosynthesis|inflation|compound interest|plate tectonics|the French Revolution|machine learning|
blockchain|vaccines|black holes|supply and demand|the immune system|climate change|quantum entanglement|the Roman Empire|
the water cycle|neural networks|recursion|probability|game theory|the stock market|mitochondria|gravity|the Cold War|
evolution|renewable energy|cryptography|the Renaissance|protein folding|opportunity cost|electromagnetism|
the Krebs cycle|Bayes' theorem|the Silk Road|tax brackets|index funds|sleep cycles|the placebo effect|
carbon capture|supply chains|TCP/IP|public-key encryption|the Big Bang|continental drift|the Industrial Revolution|
interest rates|the electoral college|antibiotic resistance|photosynthesis in algae|fermentation|glaciers"""
           .replace("\n", "").split("|")])
LANGS = S(["Spanish", "French", "German", "Japanese", "Portuguese", "Italian", "Korean", "Hindi", "Arabic", "Turkish",
           "Polish", "Dutch", "Vietnamese", "Indonesian", "Swahili", "Tagalog"])
PLANG = S(["Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C#", "SQL", "Bash", "Kotlin", "C++", "Ruby", "PHP"])
CODE_TASK = S(["removes duplicate entries from a list while keeping the order",
               "parses an ISO 8601 date string and returns the weekday", "merges two sorted arrays",
               "checks whether a string is a valid IPv4 address", "computes the moving average of a series",
               "flattens a nested dictionary using dot-separated keys", "retries an HTTP request with exponential backoff",
               "reads a CSV file and returns the rows grouped by a column", "validates an email address",
               "converts a Roman numeral to an integer", "finds the longest common prefix of a list of strings",
               "implements an LRU cache with a fixed capacity", "counts word frequencies in a text file",
               "returns the k most frequent elements of an array", "detects a cycle in a linked list",
               "serialises a binary tree to a string and back", "rate-limits calls to a function",
               "computes the Levenshtein distance between two strings", "splits a list into chunks of size n",
               "generates all permutations of a string", "converts a timestamp between time zones",
               "paginates through a REST API until no next link remains", "deep-merges two JSON objects",
               "finds all prime numbers below n with a sieve", "normalises Unicode text for search"])
ERRORS = S(["TypeError: 'NoneType' object is not subscriptable", "KeyError: 'id'",
            "UnhandledPromiseRejectionWarning: TypeError: Cannot read properties of undefined (reading 'map')",
            "error[E0502]: cannot borrow `v` as mutable because it is also borrowed as immutable",
            "java.lang.NullPointerException", "ModuleNotFoundError: No module named 'pandas'",
            "CORS policy: No 'Access-Control-Allow-Origin' header is present", "segmentation fault (core dumped)",
            "fatal: refusing to merge unrelated histories", "ValueError: could not convert string to float: ''",
            "IndexError: list index out of range", "panic: runtime error: invalid memory address or nil pointer dereference",
            "SSL: CERTIFICATE_VERIFY_FAILED", "OOMKilled", "deadlock detected"])
TASKS = S(["get rid of fruit flies in my kitchen", "ask my landlord to fix the heating", "prepare for a job interview",
           "start running at 40", "save for a house deposit", "negotiate a higher salary", "learn to cook rice properly",
           "improve my sleep", "write a cover letter for a nursing job", "teach my kid long division",
           "set up a budget spreadsheet", "plan a birthday party for a 7 year old", "remove a red wine stain",
           "stop procrastinating", "train my puppy not to bite", "write a toast for my brother's wedding",
           "pick a laptop for university", "grow tomatoes on a balcony", "apologise to a friend", "study for the GRE",
           "reduce my phone screen time", "fix a squeaky door", "prepare my car for winter", "learn Spanish in 6 months"])
OCCASION = S(["a rainy weekend", "a team offsite", "a first date", "a 10th anniversary", "a retirement party",
              "a road trip with kids", "a baby shower", "a small office Christmas party", "a science fair project",
              "a dinner party for vegetarians"])
DOCS = S(["email", "cover letter", "complaint letter", "LinkedIn post", "thank-you note", "speech", "product review",
          "resignation letter", "short story", "poem", "blog post", "reference letter"])
SUBJECTS = S(["autumn in the city", "a lost cat", "my grandmother's kitchen", "learning to swim", "the night shift",
              "a robot who wants to paint", "moving to a new country", "the last day of school", "coffee", "the ocean"])
FOLLOWUPS = S(["Can you make it shorter?", "Make it more formal please.", "Now translate that into Spanish.",
               "Thanks! Can you give me three more options?", "That's not quite right, try again.",
               "Can you explain that like I'm 10?", "Put that in a table.", "Make it funnier.",
               "Can you add sources?", "Rewrite it without the bullet points.", "ok and what about the second one?",
               "shorter", "Great, now a version for Twitter.", "why?", "Can you double-check the numbers?"])


def g_person(n, rng):
    return J(pick(FIRST, n, rng), " ", pick(LAST, n, rng))


def g_proper(n, rng):
    return J(pick(_SYL1, n, rng), pick(_SYL2, n, rng), pick(_SYL3, n, rng))


def g_year(n, rng, lo=1820, hi=2024):
    return numstr(rng.integers(lo, hi, n))


def _facts():
    f = []
    f.append(lambda n, r: J(g_person(n, r), " (", numstr(y := r.integers(1780, 1960, n)), "–",
                            numstr(y + r.integers(35, 90, n)), ") was ", pick(PROFESSION, n, r), " from ",
                            pick(COUNTRY_NAMES, n, r), " best known for ", pick(ACHIEVEMENT, n, r), "."))
    f.append(lambda n, r: J(g_proper(n, r), " is a ", pick(SETTLEMENT, n, r), " in the ", pick(REGION, n, r),
                            " part of ", pick(COUNTRY_NAMES, n, r), ", with a population of about ",
                            numstr(r.integers(2, 900, n) * 100), "."))
    f.append(lambda n, r: J("The ", g_proper(n, r), " ", pick(ORG_TYPE, n, r), " was founded in ", g_year(n, r),
                            " by ", g_person(n, r), " in ", pick(CITIES, n, r), "."))
    f.append(lambda n, r: J("In ", g_year(n, r), ", ", g_person(n, r), " ", pick(ACTION, n, r), " the ",
                            pick(THING, n, r), ", which ", pick(CONSEQUENCE, n, r), "."))
    f.append(lambda n, r: J("The ", g_proper(n, r), " River flows for ", numstr(r.integers(40, 1400, n)),
                            " kilometres from the ", pick(REGION, n, r), " hills to the sea near ",
                            pick(CITIES, n, r), "."))
    f.append(lambda n, r: J("The ", g_proper(n, r), " ", pick(ANIMAL, n, r), " feeds mainly on ", pick(FOOD, n, r),
                            " and is found in ", pick(HABITAT, n, r), "."))
    f.append(lambda n, r: J(g_proper(n, r), " Holdings reported revenue of $", numstr(r.integers(3, 950, n)),
                            " million in ", g_year(n, r, 2005, 2026), ", up ", numstr(r.integers(2, 40, n)),
                            "% on the previous year."))
    f.append(lambda n, r: J("A study of ", numstr(r.integers(40, 3000, n)), " patients found that ",
                            pick(TREATMENT, n, r), " reduced ", pick(SYMPTOM, n, r), " by ",
                            numstr(r.integers(5, 60, n)), "% compared with placebo."))
    f.append(lambda n, r: J(g_proper(n, r), " is a ", pick(GENRE, n, r), " novel by ", g_person(n, r),
                            ", first published in ", g_year(n, r), "."))
    f.append(lambda n, r: J("The ", g_year(n, r, 1950, 2025), " ", pick(EVENT, n, r), " took place in ",
                            pick(CITIES, n, r), " and drew more than ", numstr(r.integers(2, 90, n) * 1000),
                            " visitors."))
    f.append(lambda n, r: J(g_person(n, r), " moved to ", pick(CITIES, n, r), " in ", g_year(n, r, 1990, 2024),
                            " to work as ", pick(PROFESSION, n, r), "."))
    return f


FACTS = _facts()


def g_fact(n, rng):
    return mix(n, rng, FACTS, np.ones(len(FACTS)))


def g_passage(n, rng, kmin=3, kmax=7):
    k = rng.integers(kmin, kmax + 1, n)
    parts = [g_fact(n, rng)]
    for j in range(1, kmax):
        parts.append(when(k > j, J(" ", g_fact(n, rng)), ""))
    return J(*parts)


def g_review(n, rng):
    pos = rng.random(n) < 0.6
    stars = np.where(pos, rng.integers(4, 6, n), rng.integers(1, 3, n))
    det = when(pos, pick(POS_DETAIL, n, rng), pick(NEG_DETAIL, n, rng))
    det2 = when(pos, pick(POS_DETAIL, n, rng), pick(NEG_DETAIL, n, rng))
    return J("I bought the ", pick(PRODUCT, n, rng), " for ", pick(REL, n, rng), ". Honestly ", det, ", and ", det2,
             ". ", numstr(stars), "/5.")


_Q = [
    lambda n, r: J("What is the main function of ", pick(S(["the liver", "the spleen", "chlorophyll", "the xylem",
                   "the mitochondria", "red blood cells", "the cerebellum", "the pancreas", "ribosomes", "the ozone layer"]),
                   n, r), " in ", pick(S(["mammals", "plants", "fish", "humans", "birds", "insects"]), n, r), "?"),
    lambda n, r: J("Why does ", pick(S(["ice float on water", "the sky look blue", "metal feel colder than wood",
                   "bread rise", "a compass point north", "salt melt ice", "the moon change shape", "milk curdle",
                   "a balloon shrink in the cold", "sound travel faster in water"]), n, r), "?"),
    lambda n, r: J("Who wrote ", g_proper(n, r), ", the ", pick(GENRE, n, r), " novel published in ", g_year(n, r), "?"),
    lambda n, r: J("In which year did ", g_person(n, r), " complete the ", pick(THING, n, r), "?"),
    lambda n, r: J("Which ", pick(ANIMAL, n, r), " species is found in ", pick(HABITAT, n, r), "?"),
    lambda n, r: J("How does ", pick(TOPIC, n, r), " affect ", pick(TOPIC, n, r), "?"),
    lambda n, r: J("What is the difference between ", pick(TOPIC, n, r), " and ", pick(TOPIC, n, r), "?"),
    lambda n, r: J("What happens to ", pick(S(["water", "iron", "copper sulfate", "sugar", "a gas", "wax", "an egg white"]),
                   n, r), " when it is ", pick(S(["heated", "cooled quickly", "compressed", "left in sunlight",
                                                  "mixed with vinegar", "placed in salt water"]), n, r), "?"),
    lambda n, r: J("Which of the following is an example of ", pick(TOPIC, n, r), "?"),
    lambda n, r: J("What is the capital of the ", pick(REGION, n, r), " province of ", g_proper(n, r), "?"),
    lambda n, r: J("How many ", pick(S(["moons", "bones", "chambers", "legs", "electrons", "sides"]), n, r), " does a ",
                   pick(S(["spider", "hexagon", "human heart", "carbon atom", "octopus", "planet like Mars"]), n, r),
                   " have?"),
]


def g_question(n, rng):
    return mix(n, rng, _Q, np.ones(len(_Q)))


def _math_frames():
    def lin(n, r):
        a, x, b = r.integers(-40, 41, n), r.integers(-30, 31, n), r.integers(-200, 201, n)
        a[a == 0] = 7
        v = pick(S(list("abcdfghjkmnpqrstuvwxyz")), n, r)
        return J("Solve ", numstr(a), "*", v, " + ", numstr(b), " = ", numstr(a * x + b), " for ", v, ".")

    def lin2(n, r):
        x, y = r.integers(-12, 13, n), r.integers(-12, 13, n)
        a, b, c, d = (r.integers(1, 30, n) for _ in range(4))
        return J("Solve ", numstr(a), "*x - ", numstr(b), "*y = ", numstr(a * x - b * y), " and ", numstr(c), "*x + ",
                 numstr(d), "*y = ", numstr(c * x + d * y), " for x.")

    def speed(n, r):
        t = r.integers(2, 9, n)
        v = r.integers(30, 130, n)
        return J("A ", pick(S(["train", "bus", "cyclist", "truck", "ferry", "car"]), n, r), " travels ",
                 numstr(v * t), " km in ", numstr(t), " hours. What is its average speed in km/h?")

    def change(n, r):
        k, p = r.integers(2, 12, n), r.integers(2, 40, n)
        return J(g_person(n, r), " buys ", numstr(k), " ", pick(S(["notebooks", "apples", "tickets", "pens",
                 "mugs", "plants"]), n, r), " at $", numstr(p), " each and pays with $", numstr((k * p // 50 + 1) * 50),
                 ". How much change is given?")

    def pct(n, r):
        return J("What is ", numstr(r.integers(2, 95, n)), "% of ", numstr(r.integers(20, 5000, n)), "?")

    def arith(n, r):
        return J("Calculate (", numstr(r.integers(-90, 300, n)), " - ", numstr(r.integers(-50, 200, n)), ") * ",
                 numstr(r.integers(2, 20, n)), " / ", numstr(r.integers(2, 9, n)), ".")

    def consec(n, r):
        return J("The sum of three consecutive integers is ", numstr(3 * r.integers(-100, 400, n)),
                 ". What is the largest of them?")

    def rect(n, r):
        l, w = r.integers(3, 40, n), r.integers(2, 30, n)
        return J("A rectangle has a perimeter of ", numstr(2 * (l + w)), " cm and a length of ", numstr(l),
                 " cm. What is its area?")

    def work(n, r):
        return J("If ", numstr(r.integers(2, 12, n)), " workers can build a wall in ", numstr(r.integers(3, 20, n)),
                 " days, how long would ", numstr(r.integers(2, 15, n)), " workers take?")

    def interest(n, r):
        return J("An investment of $", numstr(r.integers(5, 200, n) * 100), " earns ", numstr(r.integers(2, 12, n)),
                 "% interest compounded annually. What is it worth after ", numstr(r.integers(2, 15, n)), " years?")

    def deriv(n, r):
        return J("Find the derivative of f(x) = ", numstr(r.integers(2, 9, n)), "x^", numstr(r.integers(2, 6, n)),
                 " - ", numstr(r.integers(1, 20, n)), "x + ", numstr(r.integers(1, 50, n)), ".")

    def prob(n, r):
        k = r.integers(2, 9, n)
        return J("A bag contains ", numstr(k), " red and ", numstr(r.integers(2, 12, n)),
                 " blue marbles. Two are drawn without replacement. What is the probability that both are red?")
    return [lin, lin2, speed, change, pct, arith, consec, rect, work, interest, deriv, prob]


MATH = _math_frames()


def g_math(n, rng):
    return mix(n, rng, MATH, np.ones(len(MATH)))


def g_code(n, rng):
    f = [lambda n, r: J("Write a ", pick(PLANG, n, r), " function that ", pick(CODE_TASK, n, r), "."),
         lambda n, r: J("Implement a function in ", pick(PLANG, n, r), " which ", pick(CODE_TASK, n, r),
                        ". Include type hints and a docstring."),
         lambda n, r: J("def ", pick(S(["solve", "process", "transform", "compute", "parse_input", "helper"]), n, r),
                        "(data):\n    \"\"\"", pick(CODE_TASK, n, r), "\"\"\"\n"),
         lambda n, r: J("Given an array of ", numstr(r.integers(5, 10 ** 5, n)), " integers, write an efficient ",
                        pick(PLANG, n, r), " solution that ", pick(CODE_TASK, n, r), ".")]
    return mix(n, rng, f, [3, 2, 2, 1])


def g_medical(n, rng):
    f = [lambda n, r: J("A ", numstr(r.integers(18, 90, n)), "-year-old ", pick(S(["man", "woman"]), n, r),
                        " presents with ", pick(SYMPTOM, n, r), " and ", pick(SYMPTOM, n, r), " for ",
                        numstr(r.integers(2, 30, n)), " days. What is the most likely diagnosis?"),
         lambda n, r: J("Does ", pick(TREATMENT, n, r), " reduce ", pick(SYMPTOM, n, r), " in adults over ",
                        numstr(r.integers(3, 8, n) * 10), "?"),
         lambda n, r: J("What are the first-line investigations for a patient with ", pick(SYMPTOM, n, r), "?")]
    return mix(n, rng, f, [3, 1, 1])


def g_options(n, rng, k=4, sep="\n- "):
    parts = [pick(TOPIC, n, rng)]
    for _ in range(k - 1):
        parts += [sep, pick(TOPIC, n, rng)]
    return J(*parts)


def g_dialogue(n, rng):
    return J("A: ", g_question(n, rng), "\nB: ", g_fact(n, rng), "\nA: ", pick(FOLLOWUPS, n, rng), "\nB: ",
             g_fact(n, rng))


def g_tweet(n, rng):
    return J(pick(S(["just tried the", "can't believe the", "honestly the", "anyone else think the", "loving the",
                     "so disappointed with the"]), n, rng), " ", pick(PRODUCT, n, rng), " ",
             pick(S(["#mondaymood", "lol", "smh", "10/10", "never again", "🙌", "😤", ""]), n, rng))


def g_short(n, rng):
    return pick(TOPIC, n, rng)


# slot name -> generator (a domain may override "question")
SLOT_KIND = {}
for _k in ("question questions query question_stem question_text qtext question_1 question_2 question1 question2 "
           "question_title problem question_propmt question_split goal situation input_text").split():
    SLOT_KIND[_k] = "question"
for _k in ("context article passage document paragraph story plot abstract support background content dialogue "
           "dialogue_turns email_body body input source text para supports evidences facts document_title "
           "initial_request").split():
    SLOT_KIND[_k] = "passage"
for _k in "review review_body comment_text tweet verse_text".split():
    SLOT_KIND[_k] = "review"
for _k in ("sentence sentence1 sentence2 premise hypothesis claim statement sent sentences utterance fact1 fact2 "
           "headline headline_a headline_b title summary sol1 sol2 option1 option2 choice1 choice2 ctx "
           "complex_sentence original original1 original2 sent_more sent_less").split():
    SLOT_KIND[_k] = "sentence"
for _k in "options choices endings answers candidate candidates candidate_answers concepts".split():
    SLOT_KIND[_k] = "options"

DOMAIN_QUESTION = {"math": g_math, "code": g_code, "medical": g_medical}


def slot_values(kind: str, n: int, rng, domain: str, short_passages: bool) -> pa.Array:
    if kind == "letter":
        return pick(S(list("xyzabcdkmnpqrstuvw")), n, rng)
    if kind in ("code", "math"):
        return (g_code if kind == "code" else g_math)(n, rng)
    if kind == "question":
        return DOMAIN_QUESTION.get(domain, g_question)(n, rng)
    if kind == "passage":
        if domain in ("sentiment",):
            return g_review(n, rng)
        if domain == "dialogue":
            return g_dialogue(n, rng)
        return g_passage(n, rng, 1, 3) if short_passages else g_passage(n, rng, 3, 8)
    if kind == "review":
        return g_review(n, rng) if domain != "social" else g_tweet(n, rng)
    if kind == "sentence":
        return g_fact(n, rng)
    if kind == "options":
        return g_options(n, rng, int(rng.integers(3, 6)))
    if domain in DOMAIN_QUESTION:
        return DOMAIN_QUESTION[domain](n, rng)
    return g_short(n, rng)


# =========================================================================== promptsource templates

CAPS = {   # narrow capabilities an operator harvests (and benchmarks / labelling projects use): dataset prefixes
    "math": ["math_dataset", "math_qa"],
    "science_qa": ["ai2_arc", "openbookqa", "sciq", "qasc"],
    "commonsense": ["commonsense_qa", "piqa", "hellaswag", "social_i_qa", "cosmos_qa", "winogrande", "codah", "swag"],
    "reading": ["squad", "adversarial_qa", "quoref", "race", "duorc", "quail", "drop"],
    "nli": ["anli", "multi_nli", "snli", "super_glue/cb", "super_glue/rte", "glue/rte", "glue/mnli", "scitail"],
    "summarise": ["cnn_dailymail", "xsum", "samsum", "billsum", "gigaword", "multi_news", "scitldr"],
    "sentiment": ["imdb", "amazon_polarity", "yelp_polarity", "rotten_tomatoes", "app_reviews", "yelp_review_full",
                  "tweet_eval/sentiment"],
    "topic": ["ag_news", "dbpedia_14", "yahoo_answers_topics", "trec", "banking77"],
    "code": ["openai_humaneval", "great_code", "neural_code_search", "code_x_glue_tc_text_to_code"],
    "medical": ["pubmed_qa", "head_qa", "medical_questions_pairs", "health_fact"],
    "trivia": ["trivia_qa", "web_questions", "nq_open", "freebase_qa"],
}
CAP_DOMAIN = {"math": "math", "code": "code", "medical": "medical", "sentiment": "sentiment", "topic": "general",
              "summarise": "general", "reading": "general"}
CAP_SHORT_PASSAGES = {"nli", "sentiment", "topic", "commonsense", "science_qa", "trivia", "math", "medical"}
CAP_TOKENS = {"math": 90, "science_qa": 25, "commonsense": 20, "reading": 30, "nli": 6, "summarise": 110,
              "sentiment": 5, "topic": 6, "code": 260, "medical": 120, "trivia": 15}
LABEL_CAPS = {"nli", "sentiment", "topic"}

_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.S)
_EXPR = re.compile(r"\{\{-?(.*?)-?\}\}", re.S)
_STR = re.compile(r"""^\s*(["'])(.*)\1\s*$""", re.S)


class Template:
    """A promptsource template's prompt side compiled into literal segments and slots."""

    def __init__(self, dataset: str, name: str, parts: list, choices: list[str] | None):
        self.dataset, self.name, self.parts, self.choices = dataset, name, parts, choices
        self.key = f"{dataset}/{name}"

    @staticmethod
    def compile(t: dict) -> "Template | None":
        src = t["jinja"].split("|||")[0]
        if any(x in src for x in ("{% for", "{%- for", "namespace", "loop.", "range(")):
            return None
        src = re.sub(r"\{#.*?#\}", "", src, flags=re.S)
        out, pos, stack, emitting = [], 0, [], True
        for m in _TAG.finditer(src):
            if emitting:
                out.append(src[pos:m.start()])
            tag = m.group(1)
            if tag == "if":
                stack.append(emitting)
            elif tag in ("elif", "else"):
                emitting = False
            elif tag == "endif":
                emitting = stack.pop() if stack else True
            pos = m.end()
        if emitting:
            out.append(src[pos:])
        body = "".join(out)
        ac = t.get("answer_choices")
        choices = None
        if ac and "{{" not in ac and "{%" not in ac:
            choices = [c.strip() for c in ac.split("|||") if c.strip()]
        parts: list = []
        pos = 0
        nslots = 0
        for m in _EXPR.finditer(body):
            parts.append(("lit", body[pos:m.start()]))
            e = m.group(1).strip()
            pos = m.end()
            if "answer_choices" in e:
                j = re.search(r"""join\(\s*(["'])(.*?)\1\s*\)""", e)
                if j is None:
                    j = re.match(r"""^\s*(["'])(.*?)\1\s*\.\s*join""", e)
                idx = re.search(r"answer_choices\s*\[\s*(\d+)\s*\]", e)
                if choices is None:
                    parts.append(("slot", "options", "options"))
                    nslots += 1
                elif idx:
                    parts.append(("lit", choices[min(int(idx.group(1)), len(choices) - 1)]))
                elif j:
                    sep = j.group(2).encode().decode("unicode_escape") if "\\" in j.group(2) else j.group(2)
                    parts.append(("lit", sep.join(choices)))
                else:
                    parts.append(("choice", "choice", None))
                continue
            sm = _STR.match(e)
            if sm and "join" not in e and "|" not in e:
                parts.append(("lit", sm.group(2)))
                continue
            ids = re.findall(r"[A-Za-z_][A-Za-z_0-9]*", e)
            if not ids:
                return None
            kind = next((SLOT_KIND[i] for i in ids if i in SLOT_KIND), None)
            if kind is None:
                kind = next((SLOT_KIND.get(i.lower()) for i in ids if i.lower() in SLOT_KIND), "short")
            if re.search(r"\[\s*-?\d+\s*\]", e):     # question[-2]: one character of the slot
                parts.append(("slot", ids[0] + "_sub", "letter"))
                nslots += 1
                continue
            parts.append(("slot", ids[0], kind))
            nslots += 1
        parts.append(("lit", body[pos:]))
        lit = "".join(p[1] for p in parts if p[0] == "lit")
        if nslots == 0 or nslots > 5 or len(lit) > 900 or "{{" in lit or "{%" in lit:
            return None
        parts = [p for p in parts if not (p[0] == "lit" and p[1] == "")]
        # trim the outer whitespace the Jinja source leaves around the prompt
        if parts and parts[0][0] == "lit":
            parts[0] = ("lit", parts[0][1].lstrip())
        if parts and parts[-1][0] == "lit":
            parts[-1] = ("lit", parts[-1][1].rstrip())
        return Template(t["dataset"], t.get("name", ""), parts, choices)

    def literal_text(self) -> str:
        return "".join(p[1] for p in self.parts if p[0] == "lit")

    def render(self, n: int, rng, domain: str, short: bool, lits: list[str] | None = None) -> pa.Array:
        """n prompts; `lits` replaces the literal segments (a reworded variant)."""
        vals: dict[str, pa.Array] = {}
        out = []
        li = 0
        for p in self.parts:
            if p[0] == "lit":
                out.append(lits[li] if lits is not None else p[1])
                li += 1
            elif p[0] == "slot":
                if p[1] not in vals:
                    vals[p[1]] = slot_values(p[2], n, rng, domain, short)
                out.append(vals[p[1]])
            else:
                out.append(pick(S(self.choices), n, rng))
        if not any(isinstance(o, pa.Array) for o in out):
            out.append(pa.array(np.full(n, "", dtype=object), pa.string()))
        return J(*out)

    def literals(self) -> list[str]:
        return [p[1] for p in self.parts if p[0] == "lit"]


def load_templates(ref: Ref) -> dict[str, list[Template]]:
    """Compiled templates of each capability (only the datasets named in CAPS)."""
    raw = ref.templates()
    by_ds: dict[str, list[Template]] = {}
    for t in raw:
        c = Template.compile(t)
        if c is not None:
            by_ds.setdefault(t["dataset"], []).append(c)
    out = {}
    for cap, prefixes in CAPS.items():
        lst = []
        for ds in sorted(by_ds):
            if any(ds == p or ds.startswith(p + "/") for p in prefixes):
                lst.extend(sorted(by_ds[ds], key=lambda x: x.key))
        out[cap] = lst
    out["code"] = out["code"] + [Template("custom/code", k, parts, None) for k, parts in CUSTOM_CODE]
    out["_all"] = [t for ds in sorted(by_ds) for t in by_ds[ds]]
    return out


CUSTOM_CODE = [   # promptsource has few code templates without loops: a handful written here
    ("implement", [("lit", "Write a complete, idiomatic solution. "), ("slot", "task", "code"),
                   ("lit", "\nReturn only the code in one block.")]),
    ("optimal", [("lit", "Task:\n"), ("slot", "task", "code"),
                 ("lit", "\n\nGive the optimal implementation and its time and space complexity.")]),
    ("tests", [("slot", "task", "code"), ("lit", "\nAlso write unit tests covering the edge cases.")]),
    ("docstring", [("lit", "Complete the function body.\n\n"), ("slot", "task", "code")]),
]


# ---- rewording: each ring account of a `reworded` ring (and each wrapper user) paraphrases the literals
_REWORD = [
    (r"\bthe following\b", ["the below", "this", "the given", "the next"]),
    (r"\bQuestion\b", ["Q", "Query", "Problem", "Task"]),
    (r"\bquestion\b", ["query", "problem", "prompt"]),
    (r"\bAnswer\b", ["Respond", "Reply", "Solution", "A"]),
    (r"\banswer\b", ["response", "reply", "solution"]),
    (r"\bWhat is\b", ["What's", "Tell me", "Identify"]),
    (r"\bGiven\b", ["Considering", "Based on", "Using"]),
    (r"\bPassage\b", ["Text", "Context", "Excerpt"]),
    (r"\bpassage\b", ["text", "excerpt", "paragraph"]),
    (r"\bchoose\b", ["pick", "select"]),
    (r"\bcorrect\b", ["right", "accurate"]),
    (r"\bSummarize\b", ["Summarise", "Condense", "Give a summary of"]),
    (r"\bsentence\b", ["statement", "line"]),
    (r"\bPlease\b", ["Kindly", "", "Pls"]),
]
_REWORD_RE = [(re.compile(p), reps) for p, reps in _REWORD]
_REWORD_PRE = ["", "", "Task: ", "### Instruction\n", "[job] ", "Hi! ", "Input -> ", "Q> "]
_REWORD_POST = ["", "", " Be precise.", "\n###", " Thanks.", " (answer in English)"]


def reword(lits: list[str], v: int) -> tuple[list[str], str, str]:
    """Variant v of a template's literal segments, with a prefix and suffix of its own (deterministic in v)."""
    r = np.random.default_rng(1_000_003 + v)
    out = []
    for s in lits:
        for rx, reps in _REWORD_RE:
            if r.random() < 0.8:
                s = rx.sub(reps[int(r.integers(len(reps)))], s)
        out.append(s)
    return out, _REWORD_PRE[int(r.integers(len(_REWORD_PRE)))], _REWORD_POST[int(r.integers(len(_REWORD_POST)))]


COT = ["Let's think step by step.",
       "Think through this carefully and show all of your reasoning before giving the final answer.",
       "Explain your reasoning step by step, then give the final answer on the last line as 'Answer: <answer>'.",
       "First write your full chain of thought inside <reasoning></reasoning> tags, then the final answer.",
       "Walk through your thought process in detail before answering.",
       "Reason it out loud, step by step. Do not skip steps.",
       "Show your work."]
LONG = ["Give a comprehensive, detailed answer of at least 800 words.",
        "Be thorough: cover every relevant consideration, with examples.",
        "Write an in-depth explanation suitable for a textbook.",
        "Answer at length and explain every term you use."]


# =========================================================================== addresses

_OCT = S([str(i) for i in range(256)])
_HEX = S([f"{i:x}" for i in range(65536)])


def ip4_str(x) -> pa.Array:
    x = np.asarray(x, np.int64)
    return J(_OCT.take((x >> 24) & 255), ".", _OCT.take((x >> 16) & 255), ".", _OCT.take((x >> 8) & 255), ".",
             _OCT.take(x & 255))


def hex16(x) -> pa.Array:
    return _HEX.take(np.asarray(x, np.int64) & 0xFFFF)


# country: (UTC offsets and their weights, weight among individuals, residential ASNs (by market weight, the
#           first three weighted 3, 2, 2), mobile ASNs, consumer e-mail domains).
# The IPv6 prefixes in V6_RES / MOBILE_V6 are real allocations of those operators (generator constants: the
# pyasn table is IPv4 only).
COUNTRY = {
    "US": ([-5, -6, -7, -8], [.47, .29, .07, .17], .29, [7922, 20115, 7018, 22773, 701, 6389, 209],
           [20057, 22394, 21928, 6167], ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com",
                                          "aol.com", "proton.me"]),
    "IN": ([5.5], [1], .10, [24560, 9829, 9498], [55836, 45609, 45271, 38266], ["gmail.com", "yahoo.co.in",
           "rediffmail.com", "outlook.com"]),
    "GB": ([0], [1], .05, [2856, 5089], [12576, 25135], ["gmail.com", "hotmail.co.uk", "outlook.com",
           "btinternet.com", "icloud.com"]),
    "DE": ([1], [1], .05, [3320], [3209], ["gmail.com", "gmx.de", "web.de", "t-online.de", "outlook.de"]),
    "BR": ([-3], [1], .05, [18881, 28573], [26599, 27699], ["gmail.com", "hotmail.com", "uol.com.br",
           "outlook.com"]),
    "FR": ([1], [1], .03, [3215, 12322], [3215], ["gmail.com", "orange.fr", "free.fr", "outlook.fr"]),
    "JP": ([9], [1], .03, [4713, 17676], [2516], ["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com"],
           None),
    "CA": ([-5, -8], [.7, .3], .03, [812, 577], [812, 577], ["gmail.com", "outlook.com", "yahoo.ca"]),
    "ES": ([1], [1], .02, [3352, 6739], [3352, 6739], ["gmail.com", "hotmail.es", "outlook.es"]),
    "MX": ([-6], [1], .02, [8151, 11172], [8151], ["gmail.com", "hotmail.com", "outlook.com"]),
    "PH": ([8], [1], .03, [9299], [132199], ["gmail.com", "yahoo.com", "outlook.ph"]),
    "ID": ([7], [1], .03, [7713], [23693], ["gmail.com", "yahoo.co.id"]),
    "VN": ([7], [1], .02, [7552], [7552], ["gmail.com", "yahoo.com.vn"]),
    "KR": ([9], [1], .02, [4766], [4766], ["naver.com", "gmail.com", "daum.net"]),
    "TR": ([3], [1], .02, [9121], [9121], ["gmail.com", "hotmail.com", "yandex.com.tr"]),
    "EG": ([2], [1], .02, [8452, 24863], [36992], ["gmail.com", "yahoo.com", "hotmail.com"]),
    "PK": ([5], [1], .02, [17557], [17557], ["gmail.com", "yahoo.com"]),
    "NG": ([1], [1], .02, [29465], [29465], ["gmail.com", "yahoo.com"]),
    "KE": ([3], [1], .01, [33771], [33771], ["gmail.com", "yahoo.com"]),
    "AU": ([11], [1], .02, [1221], [1221], ["gmail.com", "bigpond.com", "outlook.com"]),
    "PL": ([1], [1], .02, [5617], [5617], ["gmail.com", "wp.pl", "onet.pl", "o2.pl"]),
    "NL": ([1], [1], .02, [1136], [1136], ["gmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com"]),
    "IT": ([1], [1], .02, [3269, 1267], [1267], ["gmail.com", "libero.it", "virgilio.it"]),
    "MY": ([8], [1], .01, [4788], [4788], ["gmail.com", "yahoo.com"]),
    "TW": ([8], [1], .01, [3462], [3462], ["gmail.com", "yahoo.com.tw"]),
}
CC = list(COUNTRY)
CC_W = np.array([COUNTRY[c][2] for c in CC])
CC_W = CC_W / CC_W.sum()
V6_RES = {7922: ("2601:", 0x0fff, "x"), 7018: ("2600:170", 0xf, "x"), 20115: ("2600:6c", 0xff, "02x"),
          3320: ("2003:", 0x1fff, "x")}   # residential ISPs' IPv6 ranges: Comcast, AT&T, Charter, Deutsche Telekom
MOBILE_V6 = {21928: "2607:fb90", 22394: "2600:1000", 6167: "2600:1001", 55836: "2409:4040"}   # /32 of each carrier


class Net:
    """Address space of the reference files, and the table of every address the world uses."""

    def __init__(self, ref: Ref, rng):
        self.rng = rng
        t = ref.asn_table()
        t = t[(t["len"] >= 8) & (t["len"] <= 24)].sort_values(["asn", "start"], kind="stable")
        self.asn_start = t["start"].to_numpy()
        self.asn_len = t["len"].to_numpy()
        asn = t["asn"].to_numpy()
        self.asn_ids, first = np.unique(asn, return_index=True)
        self.asn_first = first
        self.asn_count = np.diff(np.append(first, len(asn)))
        self.names = ref.asn_names()
        self.vpn = ref.cidrs("ip/vpn/x4b_vpn_ipv4.txt")
        self.dc = ref.cidrs("ip/vpn/x4b_datacenter_ipv4.txt")
        self.vpn_asn = ref.lines("ip/vpn/x4b_vpn_ASN.txt")
        self.cloud = {p: ref.cidrs(f"ip/cloud/{p}/ipv4_merged.txt")
                      for p in ("amazon", "google", "microsoft", "oracle", "digitalocean", "linode", "cloudflare",
                                "github", "facebook")}
        self.tor = ref.lines("ip/tor/tor-exit-nodes.lst")
        self.strs: list[str] = []
        self.index: dict[str, int] = {}

    # ---- sampling inside reference ranges
    def asn_prefixes(self, asn: int) -> tuple[np.ndarray, np.ndarray]:
        i = np.searchsorted(self.asn_ids, asn)
        if i >= len(self.asn_ids) or self.asn_ids[i] != asn:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        a, k = self.asn_first[i], self.asn_count[i]
        return self.asn_start[a:a + k], self.asn_len[a:a + k]

    def hosts_in(self, starts, lens, n: int) -> np.ndarray:
        """n host addresses in the given prefixes (weighted by size, capped at a /16 each)."""
        rng = self.rng
        size = 2 ** (32 - np.asarray(lens, np.int64))
        w = np.minimum(size, 65536).astype(float)
        k = rng.choice(len(starts), n, p=w / w.sum())
        off = rng.integers(1, np.maximum(size[k] - 1, 2))
        return np.asarray(starts, np.int64)[k] + off

    def asn_hosts(self, asns, n: int) -> np.ndarray:
        st, ln = [], []
        for a in asns:
            s, l = self.asn_prefixes(a)
            st.append(s)
            ln.append(l)
        st, ln = np.concatenate(st), np.concatenate(ln)
        if len(st) == 0:
            raise SystemExit(f"world20: none of the ASNs {asns} is in the AS table")
        return self.hosts_in(st, ln, n)

    def block24(self, starts, lens) -> int:
        """The base of a random /24 inside one of the prefixes."""
        h = int(self.hosts_in(starts, lens, 1)[0])
        return h & ~0xFF

    def cidr_block24(self, cidrs: np.ndarray, k: int) -> np.ndarray:
        """k distinct random /24 bases inside a CIDR list."""
        rng = self.rng
        lens = np.minimum(cidrs[:, 1], 24)
        size = 2 ** (32 - lens)
        w = np.minimum(size, 4096).astype(float)
        out = []
        seen = set()
        while len(out) < k:
            i = int(rng.choice(len(cidrs), p=w / w.sum()))
            b = (int(cidrs[i, 0]) + int(rng.integers(0, size[i] // 256 + (size[i] < 256)) * 256)) & ~0xFF
            if b not in seen:
                seen.add(b)
                out.append(b)
        return np.array(out, np.int64)

    # ---- the address table
    def add(self, addrs) -> np.ndarray:
        """ids of IPv4 addresses (ints) or address strings, added once."""
        if isinstance(addrs, np.ndarray) and addrs.dtype.kind in "iu":
            addrs = ip4_str(addrs).to_pylist()
        out = np.empty(len(addrs), np.int64)
        for j, a in enumerate(addrs):
            i = self.index.get(a)
            if i is None:
                i = self.index[a] = len(self.strs)
                self.strs.append(a)
            out[j] = i
        return out


# =========================================================================== prompt sources
# A source renders the prompts of all events assigned to it in one vectorised call; it also returns each
# event's median answer length (output tokens) and, optionally, the model each request names.

def _u(*keys) -> np.ndarray:
    """A deterministic uniform [0, 1) per element from integer keys (SplitMix64-style hash)."""
    x = np.zeros(np.broadcast(*keys).shape, np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    for k in keys:
        x = x ^ (np.asarray(k).astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15))
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)


class Source:
    kind = "source"

    def render(self, ev: dict, rng) -> tuple[pa.Array, np.ndarray, np.ndarray | None]:
        raise NotImplementedError


class Awesome:
    """The awesome-chatgpt-prompts texts, drawn with a preference for the shorter ones."""

    def __init__(self, df: pd.DataFrame):
        ln = df["prompt"].str.len().to_numpy()
        keep = ln <= 3000
        self.text = S(df.loc[keep, "prompt"])
        self.act = S(df.loc[keep, "act"])
        w = 1 / np.sqrt(ln[keep])
        self.w = w / w.sum()
        dev = df.loc[keep, "for_devs"].str.upper().eq("TRUE").to_numpy()
        self.dev_text = S(df.loc[keep].loc[dev, "prompt"])
        sents = []
        for p in df.loc[keep, "prompt"].head(2000):
            for x in re.split(r"(?<=[.!?])\s+", p):
                if 30 <= len(x) <= 220 and "{" not in x:
                    sents.append(x.strip())
        self.sents = S(sorted(set(sents)))

    def prompts(self, n, rng):
        return self.text.take(rng.choice(len(self.text), n, p=self.w))


def chat_frames(aw: Awesome, flavour: str) -> list:
    """(generator, weight, median output tokens) of benign chat requests."""
    P = lambda *a: a
    f = [
        P(lambda n, r: aw.prompts(n, r), 10, 450),
        P(lambda n, r: J("Act as ", aw.act.take(r.integers(0, len(aw.act), n)), ". ", pick(S([
            "Keep it short.", "Start now.", "My first request is about my job.", "Be honest with me.",
            "Ask me questions first."]), n, r)), 3, 300),
        P(lambda n, r: J(pick(S(["How do I ", "What's the best way to ", "Give me a step-by-step plan to ",
                                 "how can i ", "Any tips to "]), n, r), pick(TASKS, n, r), pick(S(["?", "?", "",
                                 " on a budget?", " quickly?"]), n, r)), 14, 380),
        P(lambda n, r: J(pick(S(["Explain ", "ELI5: ", "What is ", "Can you explain ", "Help me understand "]), n, r),
                         pick(TOPIC, n, r), pick(S([" in simple terms", "", "?", " with an example",
                                                     " like I'm 12"]), n, r)), 12, 420),
        P(lambda n, r: J("Write a ", pick(DOCS, n, r), " about ", pick(SUBJECTS, n, r), pick(S(["", ".",
                         ", max 200 words", " in a warm tone"]), n, r)), 10, 500),
        P(lambda n, r: J("Give me ", numstr(r.integers(3, 11, n)), " ideas for ", pick(OCCASION, n, r)), 6, 380),
        P(lambda n, r: J("Translate '", g_fact(n, r), "' into ", pick(LANGS, n, r)), 5, 60),
        P(lambda n, r: J(pick(S(["Summarise this: ", "tl;dr ", "Summarize in 3 bullets:\n", "What's the gist? "]),
                              n, r), g_passage(n, r, 2, 6)), 6, 140),
        P(lambda n, r: J(pick(S(["Fix the grammar: ", "proofread: ", "Is this sentence correct? "]), n, r),
                         g_fact(n, r)), 4, 60),
        P(lambda n, r: pick(FOLLOWUPS, n, r), 12, 220),
        P(lambda n, r: J(pick(S(["quick question: ", "", "", "Hey, "]), n, r), g_question(n, r)), 8, 160),
        P(lambda n, r: J("Plan a ", numstr(r.integers(2, 9, n)), "-day trip to ", pick(CITIES, n, r), " for ",
                         pick(S(["two adults", "a family of four", "me and my dog", "a group of students",
                                 "my parents"]), n, r)), 3, 650),
        P(lambda n, r: J("Is it normal to have ", pick(SYMPTOM, n, r), " after ", pick(S(["a long flight",
                         "starting a new medication", "running", "a vaccine", "drinking coffee"]), n, r), "?"), 3, 280),
        P(lambda n, r: J(aw.sents.take(r.integers(0, len(aw.sents), n)), " ", pick(FOLLOWUPS, n, r)), 4, 300),
    ]
    if flavour == "work":
        f += [
            P(lambda n, r: J("Draft a polite email to ", pick(S(["a client", "my manager", "the vendor",
                             "the hiring team", "finance"]), n, r), " about ", pick(S(["a delayed shipment",
                             "the Q3 budget", "rescheduling our call", "an unpaid invoice", "the new policy",
                             "a project update"]), n, r)), 14, 260),
            P(lambda n, r: J("Summarise these meeting notes:\n", g_passage(n, r, 3, 7)), 8, 180),
            P(lambda n, r: J("Write an Excel formula that ", pick(S(["sums column C when column A is 'Paid'",
                             "returns the last non-empty cell in a row", "counts unique names in B2:B500",
                             "looks up a price by product code", "calculates working days between two dates"]),
                             n, r)), 6, 120),
            P(lambda n, r: J("Make this sound more professional: ", g_fact(n, r)), 8, 90),
            P(lambda n, r: J("Create a slide outline for a presentation on ", pick(TOPIC, n, r), " for ",
                             pick(S(["executives", "new hires", "a client pitch", "the board"]), n, r)), 5, 420),
        ]
    if flavour == "student":
        f += [
            P(lambda n, r: J("Explain ", pick(TOPIC, n, r), " for my ", pick(S(["biology", "economics", "history",
                             "physics", "CS", "chemistry"]), n, r), " exam"), 12, 480),
            P(lambda n, r: J("Check my answer: ", g_math(n, r), " I got ", numstr(r.integers(-50, 500, n))), 8, 300),
            P(lambda n, r: J("Give me an essay outline on ", pick(TOPIC, n, r)), 6, 500),
            P(lambda n, r: J(g_math(n, r), pick(S([" show steps", "", " explain pls"]), n, r)), 8, 350),
        ]
    if flavour == "dev":
        f = [f[i] for i in (0, 2, 3, 9, 10)] + [
            P(lambda n, r: g_code(n, r), 18, 520),
            P(lambda n, r: J("Why am I getting `", pick(ERRORS, n, r), "` when ", pick(S(["I run my tests",
                             "deploying to prod", "I call the API", "importing the module", "the container starts"]),
                             n, r), "?"), 12, 420),
            P(lambda n, r: J("Convert this ", pick(PLANG, n, r), " to ", pick(PLANG, n, r), ":\n",
                             g_code(n, r)), 6, 380),
            P(lambda n, r: J("Write SQL to ", pick(S(["find the top 5 customers by revenue per month",
                             "delete duplicate rows keeping the newest", "compute a 7-day rolling average",
                             "join orders with refunds", "pivot sales by region"]), n, r)), 6, 260),
            P(lambda n, r: aw.dev_text.take(r.integers(0, len(aw.dev_text), n)), 4, 500),
            P(lambda n, r: J("Write a regex that matches ", pick(S(["UK postcodes", "ISO dates", "semantic versions",
                             "hex colours", "US phone numbers"]), n, r)), 3, 120),
        ]
    if flavour == "creative":
        f += [P(lambda n, r: J("Write a short story about ", pick(SUBJECTS, n, r), " in the style of ",
                               pick(S(["a noir detective novel", "a fairy tale", "Hemingway", "a sitcom script"]),
                                    n, r)), 12, 900),
              P(lambda n, r: J("Continue the story: ", g_fact(n, r)), 8, 700)]
    return f


class FrameSource(Source):
    """A weighted set of frames: (generator(n, rng) -> prompts, weight, median output tokens)."""
    kind = "frames"

    def __init__(self, frames: list, models: np.ndarray | None = None):
        self.frames = frames
        self.w = np.array([x[1] for x in frames], float)

    def render(self, ev, rng):
        n = ev["n"]
        k = rng.choice(len(self.frames), n, p=self.w / self.w.sum())
        order = np.argsort(k, kind="stable")
        chunks, tok = [], np.empty(n)
        for j, fr in enumerate(self.frames):
            m = int((k == j).sum())
            if m:
                chunks.append(fr[0](m, rng))
        cat = pa.concat_arrays(chunks)
        inv = np.empty(n, np.int64)
        inv[order] = np.arange(n)
        tok = np.array([x[2] for x in self.frames], float)[k]
        return cat.take(inv), tok, None


def scatter(keys: np.ndarray, fn) -> pa.Array:
    """Render rows grouped by integer key (fn(key, count) -> array) and put them back in row order."""
    n = len(keys)
    order = np.argsort(keys, kind="stable")
    uk, cnt = np.unique(keys[order], return_counts=True)
    cat = pa.concat_arrays([fn(int(k), int(c)) for k, c in zip(uk, cnt)])
    inv = np.empty(n, np.int64)
    inv[order] = np.arange(n)
    return cat.take(inv)


class HarvestSource(Source):
    """A distillation operator's harvest: narrow-capability templates, every request a fresh slot filling."""
    kind = "harvest"

    def __init__(self, templates: list, caps: list[str], weights, cot_p: float, cot_phrases: list[str],
                 long_p: float, reword: bool, models: list[float], wrap: list | None = None,
                 acc_cot_p: dict | None = None):
        self.t, self.caps = templates, caps
        self.w = np.asarray(weights, float) / np.sum(weights)
        self.cot_p, self.cot_phrases, self.long_p = cot_p, cot_phrases, long_p
        self.reword, self.models, self.wrap = reword, np.asarray(models, float), wrap
        self.acc_cot_p = acc_cot_p or {}
        self._lits: dict = {}

    def render(self, ev, rng):
        n = ev["n"]
        k = rng.choice(len(self.t), n, p=self.w)
        var = ev["var"] % 100_000 if self.reword else np.zeros(n, np.int64)
        key = k * 100_000 + var

        def one(kk, c):
            ti, v = divmod(kk, 100_000)
            t, cap = self.t[ti], self.caps[ti]
            if not self.reword:
                return t.render(c, rng, CAP_DOMAIN.get(cap, "general"), cap in CAP_SHORT_PASSAGES)
            lits, pre, post = self._lits.setdefault((ti, v), reword(t.literals(), v))
            return J(pre, t.render(c, rng, CAP_DOMAIN.get(cap, "general"), cap in CAP_SHORT_PASSAGES, lits), post)
        out = scatter(key, one)
        cp = np.full(n, self.cot_p)
        for a, p in self.acc_cot_p.items():
            cp[ev["acc"] == a] = p
        cot = rng.random(n) < cp
        longq = rng.random(n) < self.long_p
        if self.reword:    # each account phrases its chain-of-thought request its own way
            ph = S(self.cot_phrases).take(var % len(self.cot_phrases))
        else:
            ph = pick(S(self.cot_phrases), n, rng)
        sep = pick(S(["\n\n", "\n", " "]), n, rng) if self.reword else "\n\n"
        out = when(cot, J(out, sep, ph), out)
        out = when(longq, J(out, "\n", pick(S(LONG), n, rng)), out)
        if self.wrap is not None:
            wi = rng.integers(0, len(self.wrap), n)
            out = J(S([w[0] for w in self.wrap]).take(wi), out, S([w[1] for w in self.wrap]).take(wi))
        base = np.array([CAP_TOKENS[self.caps[i]] for i in range(len(self.t))], float)[k]
        tok = np.where(cot, np.maximum(base * 6, 380), base)
        tok = np.where(longq, np.maximum(tok, 1400), tok)
        return out, tok, None


class BenchmarkSource(Source):
    """A research lab's evaluation: a fixed item set run in order, per run one model, CoT in some runs."""
    kind = "benchmark"

    def __init__(self, items: pa.Array, tok: float, cot_run_p: float, fewshot: str, seed: int):
        self.items, self.tok, self.cot_run_p, self.fewshot, self.seed = items, tok, cot_run_p, fewshot, seed

    def render(self, ev, rng):
        m = len(self.items)
        off = (_u(ev["sess"], self.seed) * m).astype(np.int64)
        idx = (off + ev["rank"]) % m
        out = self.items.take(idx)
        cot = _u(ev["sess"], self.seed + 1) < self.cot_run_p
        fs = _u(ev["sess"], self.seed + 2) < 0.4
        out = when(fs, J(self.fewshot, out), out)
        out = when(cot, J(out, "\nA: Let's think step by step."), J(out, "\nA:"))
        tok = np.where(cot, 420.0, self.tok)
        model = (_u(ev["sess"], self.seed + 3) * len(MODELS)).astype(np.int64)
        return out, tok, model


class HomeworkSource(Source):
    """A class's weekly problem set: students paste the same problems before the deadline."""
    kind = "homework"

    def __init__(self, course: str, problems: list[list[str]]):
        self.course, self.problems = course, problems

    def render(self, ev, rng):
        n = ev["n"]
        week = np.minimum(ev["day"] // 7, len(self.problems) - 1)
        flat = S([f"{self.course} HW{w + 1} Q{j + 1}: {p}" for w, ps in enumerate(self.problems)
                  for j, p in enumerate(ps)])
        off = np.cumsum([0] + [len(p) for p in self.problems])
        cnt = np.array([len(p) for p in self.problems])
        idx = off[week] + (rng.random(n) * cnt[week]).astype(np.int64)
        prob = flat.take(idx)
        style = rng.choice(4, n, p=[.45, .3, .15, .1])
        out = when(style == 1, J(prob, pick(S(["\nExplain step by step.", "\nshow all steps pls",
                                                "\nWalk me through it step by step."]), n, rng)), prob)
        out = when(style == 2, J("I got ", numstr(rng.integers(-20, 300, n)), " for this, is that right?\n",
                                 prob), out)
        out = when(style == 3, J("Give me a hint (not the answer) for: ", prob), out)
        tok = np.choose(style, [260.0, 520.0, 240.0, 110.0])
        return out, tok, None


class ChatSource(FrameSource):
    kind = "chat"


# =========================================================================== user agents, profiles, day patterns

def ua_browser(r) -> str:
    k = int(r.integers(0, 8))
    v = int(r.integers(118, 124))
    m = int(r.integers(0, 4))
    return [f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 "
            f"Safari/537.36",
            f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 "
            f"Safari/537.36",
            f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} "
            f"Safari/605.1.15",
            f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
            f"Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
            f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 "
            f"Safari/537.36 Edg/{v}.0.0.0",
            f"Mozilla/5.0 (X11; CrOS x86_64 15633.{m * 17}.0) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{v}.0.0.0 Safari/537.36",
            f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 "
            f"Safari/537.36"][k]


def ua_mobile(r) -> str:
    m = int(r.integers(0, 4))
    k = int(r.integers(0, 4))
    return [f"Kestrel/3.{int(r.integers(8, 13))}.{m} (iPhone; iOS 17.{m}; Scale/3.00)",
            f"Kestrel/3.{int(r.integers(8, 13))}.{m} (Android 14; {['Pixel 8', 'SM-S918B', 'moto g84', 'RMX3771'][m]})",
            f"Mozilla/5.0 (iPhone; CPU iPhone OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            f"Version/17.{m} Mobile/15E148 Safari/604.1",
            f"Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{int(r.integers(118, 124))}.0.0.0 Mobile Safari/537.36"][k]


def ua_sdk(r, kind: str | None = None) -> str:
    m, p = int(r.integers(0, 20)), int(r.integers(0, 9))
    opts = {"py": f"kestrel-python/1.{m}.{p}", "node": f"kestrel-node/4.{m % 8}.{p}", "curl": f"curl/8.{m % 7}.{p % 2}",
            "requests": "python-requests/2.31.0", "httpx": f"python-httpx/0.2{m % 8}.{p}",
            "aiohttp": f"Python/3.11 aiohttp/3.9.{p}", "go": "Go-http-client/2.0", "okhttp": "okhttp/4.12.0",
            "axios": f"axios/1.6.{p}", "langchain": f"langchain/0.1.{m} kestrel-python/1.{m}.{p}",
            "postman": f"PostmanRuntime/7.36.{p}", "java": "Java-http-client/17.0.9"}
    if kind is None:
        kind = ["py", "py", "py", "node", "node", "curl", "requests", "httpx", "aiohttp", "go", "okhttp", "axios",
                "langchain", "postman", "java"][int(r.integers(0, 15))]
    return opts[kind]


def _shape(name: str, extra=None) -> np.ndarray:
    def pw(pieces, floor):
        w = np.full(48, floor, float)
        for a, b, v in pieces:
            for h in range(int(a * 2), int(b * 2)):
                w[h % 48] = v
        return w
    if name == "personal":
        return pw([(7, 9, .35), (9, 12, .3), (12, 14, .5), (14, 17, .35), (17, 19, .7), (19, 23, 1), (23, 24, .5),
                   (24, 25, .25)], .04)
    if name == "office":
        return pw([(8, 9, .4), (9, 12, 1), (12, 13, .55), (13, 17, 1), (17, 18, .45), (18, 20, .1), (20, 23, .05)],
                  .01)
    if name == "student":
        return pw([(9, 12, .5), (12, 18, .6), (18, 24, 1), (24, 26, .7), (26, 28, .2)], .04)
    if name == "dev":
        return pw([(8, 12, .8), (12, 13, .5), (13, 19, .9), (19, 24, .6), (24, 26, .3)], .05)
    if name == "flat":
        return np.ones(48)
    if name == "diurnal":
        return pw([(7, 23, 1)], .3)
    if name == "shift_day":
        return pw([(6, 22, 1)], .02)
    if name == "shift_night":
        return pw([(21, 30, 1)], .02)
    if name == "lab":
        return pw([(9, 20, 1), (20, 24, .5), (24, 30, .35)], .12)
    if name == "windows":
        w = np.full(48, .003)
        for a, b in extra:
            for h in range(int(a * 2), int(b * 2)):
                w[h % 48] = 1
        return w
    if name == "evening":
        return pw([(18, 24, 1)], .03)
    if name == "night":
        return pw([(0, 6, 1)], .05)
    raise ValueError(name)


def _weekday_p(name: str) -> np.ndarray:
    return {"personal": [1, 1, 1, 1, 1, 1.15, 1.1], "office": [1, 1, 1, 1, .97, .06, .03],
            "student": [1, 1, 1, 1, .85, .7, .95], "flat": [1] * 7, "app": [1, 1, 1, 1, 1, .9, .9],
            "shift": [1, 1, 1, 1, 1, .35, .1]}[name]


# =========================================================================== the world: accounts, groups, streams

BENIGN_SHARES = {   # share of benign accounts (casual_user takes the remainder)
    "mobile_user": .10, "household": .09, "office_worker": .13, "msp_client": .015, "campus_student": .09,
    "research_lab": .008, "vpn_user": .035, "developer": .045, "api_app": .002, "support_bot": .002,
    "translation_agency": .012, "annotation_vendor": .008, "content_farm": .003, "mooc_learner": .03,
    "extension_user": .07, "gateway_user": .025, "hackathon": .012, "tor_user": .003,
}
SOCIAL = {"household", "office_worker", "msp_client", "campus_student", "research_lab", "api_app", "support_bot",
          "translation_agency", "annotation_vendor", "content_farm", "gateway_user", "hackathon"}
CROWD = {"mobile_user", "vpn_user", "mooc_learner", "extension_user"}
SMALL_KINDS = ["pay_clean", "cover_mix", "resi_proxy", "campus_nat", "carrier_nat", "reworded", "chain", "part_time",
               "label_front", "notebook_farm", "extension_mimic", "slow_drip"]
SCALABLE_KINDS = ["pay_clean", "cover_mix", "resi_proxy", "reworded", "notebook_farm", "carrier_nat", "part_time",
                  "slow_drip", "chain"]
M_CHAT = [.62, .25, .08, .05]
M_WORK = [.55, .2, .2, .05]
M_APP = [.25, .75, 0, 0]
M_DEV = [.4, .3, .15, .15]
M_STUDENT = [.6, .2, .05, .15]

SECTORS = ["Logistics", "Analytics", "Health", "Legal", "Capital", "Media", "Foods", "Labs", "Systems", "Consulting",
           "Realty", "Insurance", "Dental", "Architects", "Energy", "Robotics", "Travel", "Apparel", "Studios",
           "Partners", "Biotech", "Logix", "Retail", "Mobility"]
W1 = ["North", "Blue", "Bright", "Silver", "Oak", "Pine", "Harbor", "Summit", "Iron", "Clear", "Red", "Green", "Swift",
      "Stone", "Maple", "Cedar", "River", "Lake", "Sun", "Star", "Cloud", "Apex", "Nova", "Core", "True", "Prime",
      "Vertex", "Atlas", "Beacon", "Copper", "Amber", "Birch", "Coral", "Delta", "Ember", "Falcon", "Granite", "Hollow"]
W2 = ["lane", "wind", "field", "stone", "bridge", "point", "gate", "path", "works", "line", "wave", "leaf", "peak",
      "ridge", "forge", "light", "view", "way", "crest", "haven", "mark", "shore", "vale", "brook"]
TLD = {"US": ".com", "GB": ".co.uk", "DE": ".de", "FR": ".fr", "IN": ".in", "JP": ".co.jp", "BR": ".com.br",
       "CA": ".ca", "ES": ".es", "NL": ".nl", "AU": ".com.au", "PL": ".pl", "IT": ".it", "PH": ".ph", "KE": ".co.ke"}


def g_email(n, rng):
    return J("Hi, I ordered the ", pick(PRODUCT, n, rng), " on ", pick(S(["Monday", "the 3rd", "last week",
             "Jan 28", "Friday"]), n, rng), " (order #", numstr(rng.integers(10 ** 5, 10 ** 7, n)), ") and ",
             pick(S(["it still hasn't arrived", "it arrived damaged", "I was charged twice", "the size is wrong",
                     "I can't log in to track it", "the discount code didn't apply"]), n, rng), ". Can you ",
             pick(S(["refund me", "send a replacement", "check what happened", "cancel it", "help"]), n, rng),
             "? Thanks, ", pick(FIRST, n, rng))


class World:
    def __init__(self, args, ref: Ref, net: Net, tpl: dict, aw: Awesome):
        self.args, self.ref, self.net, self.tpl, self.aw = args, ref, net, tpl, aw
        self.N, self.D = args.accounts, args.days
        self.r = np.random.default_rng([args.seed, 20, 1])
        # accounts
        self.A = {k: [] for k in ("cohort", "variant", "group", "ring", "created", "pay1", "pay2", "switch",
                                  "email", "country", "org", "paid")}
        # streams
        self.S = {k: [] for k in ("acc", "prof", "dayp", "p", "mean", "disp", "sess", "gap", "segs", "uas", "keys",
                                  "src", "model", "sigma", "day_from", "day_to")}
        self.prof_key: dict = {}
        self.prof_arr: list = []
        self.dayp_key: dict = {}
        self.dayp_arr: list = []
        self.pools: list = []            # (kind, ids)
        self.ua_ids: dict = {}
        self.ua_strs: list = []
        self.sources: list = []
        self.group_meta: dict = {}
        self.rings: list = []
        self._tokens: set = set()
        self._domains: set = set()
        self._ngroups = 0
        self.homes: list = []            # (pool id, country, address id) of benign homes (proxy-SDK candidates)
        self.carrier: dict = {}
        self.v6mob: dict = {}
        self.campuses: list = []
        self.vpn: list = []
        self.notebook_pool = None
        self.gateways: list = []
        self.extensions: list = []
        self.proxy_sdk_ips: list = []
        self.reword_var: dict = {}

    # ---------------------------------------------------------------- registries
    def prof(self, name: str, tz: float = 0.0, extra=None) -> int:
        key = (name, float(tz), tuple(extra) if extra else None)
        if key not in self.prof_key:
            w = np.roll(_shape(name, extra), -int(round(2 * tz)))
            self.prof_key[key] = len(self.prof_arr)
            self.prof_arr.append(w / w.sum())
        return self.prof_key[key]

    def dayp(self, name: str, country: str = "", arr=None) -> int:
        key = (name, country) if arr is None else ("mask", tuple(np.round(arr, 3)))
        if key not in self.dayp_key:
            if arr is None:
                wk = np.array(_weekday_p(name))
                a = wk[(START.weekday() + np.arange(self.D)) % 7].astype(float)
                if name in ("office", "shift") and country == "US":
                    for h in HOLIDAYS_US:
                        d = (h - START).days
                        if 0 <= d < self.D:
                            a[d] = .12
            else:
                a = np.asarray(arr, float)
            self.dayp_key[key] = len(self.dayp_arr)
            self.dayp_arr.append(a)
        return self.dayp_key[key]

    def pool(self, ids, kind: int = 0) -> int:
        """kind: 0 one address per session, 1 per request (rotating proxy), 2 sticky per account,
        3 per account and day, 4 IPv6 /64 + per account-day interface id, 5 IPv6 mobile prefix, per session."""
        self.pools.append((kind, np.asarray(ids, np.int64)))
        return len(self.pools) - 1

    def ua(self, s: str) -> int:
        if s not in self.ua_ids:
            self.ua_ids[s] = len(self.ua_strs)
            self.ua_strs.append(s)
        return self.ua_ids[s]

    def source(self, src: Source) -> int:
        self.sources.append(src)
        return len(self.sources) - 1

    def token(self, prefix="pm_") -> str:
        while True:
            t = prefix + "".join(f"{x:02x}" for x in self.r.integers(0, 256, 8))
            if t not in self._tokens:
                self._tokens.add(t)
                return t

    def key(self) -> str:
        return "key_" + "".join(f"{x:02x}" for x in self.r.integers(0, 256, 6))

    def org(self) -> str:
        return "org-" + "".join(f"{x:02x}" for x in self.r.integers(0, 256, 5))

    def group(self, cohort: str, kind: str) -> str:
        self._ngroups += 1
        g = f"G{self._ngroups:04d}"
        self.group_meta[g] = {"cohort": cohort, "kind": kind}
        return g

    def company(self, country: str = "US") -> tuple[str, str]:
        r = self.r
        while True:
            a, b, c = W1[int(r.integers(len(W1)))], W2[int(r.integers(len(W2)))], SECTORS[int(r.integers(len(SECTORS)))]
            name = f"{a}{b} {c}"
            dom = f"{a}{b}{c[:4]}".lower() + TLD.get(country, ".com")
            if dom not in self._domains:
                self._domains.add(dom)
                return name, dom

    def country(self) -> str:
        return CC[int(self.r.choice(len(CC), p=CC_W))]

    def tz(self, c: str) -> float:
        offs, w = COUNTRY[c][0], COUNTRY[c][1]
        return float(offs[int(self.r.choice(len(offs), p=np.array(w) / sum(w)))])

    def email(self, c: str) -> str:
        doms = COUNTRY[c][5]
        return doms[int(self.r.choice(len(doms), p=np.array([3.0] + [1.0] * (len(doms) - 1)) /
                                                  (3 + len(doms) - 1)))]

    def created(self, mode: str = "benign", day: int | None = None) -> int:
        """Sign-up time (epoch seconds)."""
        r = self.r
        if mode == "benign":
            if r.random() < .08:
                return T0 + int(r.integers(0, self.D * DAY - 6 * 3600))
            age = float(np.clip(r.lognormal(math.log(300), 1.0), 2, 1500))
            return T0 - int(age * DAY) - int(r.integers(0, DAY))
        if mode == "aged":
            return T0 - int(r.integers(380, 1400)) * DAY - int(r.integers(0, DAY))
        if mode == "at":
            return int(day)
        raise ValueError(mode)

    # ---------------------------------------------------------------- accounts and streams
    def acct(self, cohort, variant, group, country, created, email, org="", pay=None, ring="", pay2=None,
             switch=10 ** 6) -> int:
        A = self.A
        A["cohort"].append(cohort)
        A["variant"].append(variant)
        A["group"].append(group)
        A["ring"].append(ring)
        A["created"].append(int(created))
        A["pay1"].append(pay)
        A["pay2"].append(pay2)
        A["switch"].append(switch)
        A["email"].append(email)
        A["country"].append(country)
        A["org"].append(org)
        A["paid"].append(pay is not None)
        return len(A["cohort"]) - 1

    def stream(self, acc, *, prof, dayp, p, mean, sess, gap, segs, uas, src, model, keys=(), disp=1.5, sigma=0.8,
               day_from=0, day_to=None):
        S = self.S
        S["acc"].append(acc)
        S["prof"].append(prof)
        S["dayp"].append(dayp)
        S["p"].append(float(p))
        S["mean"].append(float(mean))
        S["disp"].append(float(disp))
        S["sess"].append(float(sess))
        S["gap"].append(float(gap))
        S["segs"].append(list(segs))
        S["uas"].append(list(uas))
        S["keys"].append(list(keys))
        S["src"].append(src)
        S["model"].append(list(model))
        S["sigma"].append(float(sigma))
        S["day_from"].append(int(day_from))
        S["day_to"].append(int(self.D if day_to is None else day_to))

    def signup_day(self, acc) -> int:
        return max(0, (self.A["created"][acc] - T0) // DAY)

    # ---------------------------------------------------------------- infrastructure
    def home(self, c: str, v6: float = .5) -> list:
        """A home connection: one residential address (and, where the ISP has IPv6, a /64) -> segments."""
        r = self.r
        asns = COUNTRY[c][3]
        wt = np.array([3.0, 2.0, 2.0] + [1.0] * len(asns))[:len(asns)]
        asn = asns[int(r.choice(len(asns), p=wt / wt.sum()))]
        ip = int(self.net.add(self.net.asn_hosts([asn], 1))[0])
        p4 = self.pool([ip], 0)
        self.homes.append((p4, c, ip))
        v6p = V6_RES.get(asn)
        if v6p is not None and r.random() < .8:
            pre, mask, fmt = v6p
            pfx = f"{pre}{format(int(r.integers(0, mask + 1)), fmt)}:{int(r.integers(0, 65536)):x}:" \
                  f"{int(r.integers(0, 65536)):x}"
            p6 = self.pool(self.net.add([pfx]), 4)
            return [(p4, 1 - v6), (p6, v6)]
        return [(p4, 1.0)]

    def mobile(self, c: str, v6: float = .45) -> list:
        """The CGNAT egress pool of one of country c's carriers (and its IPv6 range, new per session)."""
        r = self.r
        asns = COUNTRY[c][4]
        asn = asns[int(r.integers(len(asns)))]
        if asn not in self.carrier:
            st, ln = self.net.asn_prefixes(asn)
            k = int(r.integers(1, 3))
            addrs = []
            for _ in range(k):
                b = self.net.block24(st, ln)
                addrs.append(b + r.choice(np.arange(1, 255), int(r.integers(4, 12)), replace=False))
            ids = self.net.add(np.concatenate(addrs))
            self.carrier[asn] = (self.pool(ids, 0), c, ids)
        segs = [(self.carrier[asn][0], 1.0)]
        pre = MOBILE_V6.get(asn)
        if pre is not None:
            if pre not in self.v6mob:
                self.v6mob[pre] = self.pool(self.net.add([pre]), 5)
            segs = [(segs[0][0], 1 - v6), (self.v6mob[pre], v6)]
        return segs

    def campus(self) -> dict:
        """A university: dorm NAT pool, eduroam pool, lab /24 (addresses of its AS)."""
        r = self.r
        if not hasattr(self, "_unis"):
            unis = []
            for k, v in self.net.names.items():
                if re.search(r"\bUniversity\b|Institute of Technology", v) and "Network" not in v \
                        and v.endswith((", US", ", CA", ", GB", ", DE", ", AU", ", JP")):
                    st, ln = self.net.asn_prefixes(int(k))
                    if len(st) and (2 ** (32 - ln)).sum() >= 65536:
                        unis.append((int(k), v))
            unis.sort()
            self._unis = unis
        asn, name = self._unis[int(r.integers(len(self._unis)))]
        st, ln = self.net.asn_prefixes(asn)
        handle = re.sub(r"[^a-z]", "", name.split(" - ")[0].split()[0].lower())[:10] or "uni"
        cc = name.rsplit(", ", 1)[1]
        dom = handle + {"US": ".edu", "CA": ".ca", "GB": ".ac.uk", "DE": ".de", "AU": ".edu.au", "JP": ".ac.jp"}[cc]
        b1, b2, b3 = (self.net.block24(st, ln) for _ in range(3))
        dorm = self.net.add(b1 + r.choice(np.arange(1, 255), int(r.integers(10, 28)), replace=False))
        edu = self.net.add(b2 + r.choice(np.arange(1, 255), int(r.integers(6, 16)), replace=False))
        c = {"asn": asn, "name": name, "domain": dom, "country": cc, "lab_base": b3,
             "dorm": self.pool(dorm, 0), "eduroam": self.pool(edu, 0), "dorm_ids": dorm, "edu_ids": edu,
             "tz": {"US": -6.0, "CA": -5.0, "GB": 0.0, "DE": 1.0, "AU": 11.0, "JP": 9.0}[cc]}
        self.campuses.append(c)
        return c

    def cloud(self, provider: str, k: int) -> np.ndarray:
        """k addresses in one /24 of a cloud provider's published ranges."""
        b = self.net.cidr_block24(self.net.cloud[provider], 1)[0]
        return self.net.add(b + self.r.choice(np.arange(2, 254), k, replace=False))

    def vpn_providers(self):
        r = self.r
        names = ["vpn-a", "vpn-b", "vpn-c", "vpn-d"]
        m247 = self.net.asn_prefixes(9009)
        for j, nm in enumerate(names):
            blocks = self.net.cidr_block24(self.net.vpn, int(r.integers(25, 60)))
            if j == 0 and len(m247[0]):
                blocks = np.concatenate([blocks, [self.net.block24(*m247) for _ in range(10)]])
            addrs = np.concatenate([b + r.choice(np.arange(1, 255), int(r.integers(1, 4)), replace=False)
                                    for b in blocks])
            ids = self.net.add(addrs)
            regions = [self.pool(ids[i::6], 0) for i in range(6)]
            self.vpn.append({"name": nm, "all": self.pool(ids, 0), "regions": regions, "ids": ids})

    def notebook(self) -> int:
        """A hosted-notebook service's session egress (in Google's published ranges): a new address per session."""
        if self.notebook_pool is None:
            blocks = self.net.cidr_block24(self.net.cloud["google"], 14)
            addrs = np.concatenate([b + self.r.choice(np.arange(2, 254), 24, replace=False) for b in blocks])
            self.notebook_ids = self.net.add(addrs)
            self.notebook_pool = self.pool(self.notebook_ids, 0)
        return self.notebook_pool

    def gateway(self, j: int) -> int:
        """A cloud security gateway's egress (datacenter ranges), shared by many enterprises."""
        while len(self.gateways) <= j:
            blocks = self.net.cidr_block24(self.net.dc, 3)
            addrs = np.concatenate([b + self.r.choice(np.arange(2, 254), 14, replace=False) for b in blocks])
            self.gateways.append(self.pool(self.net.add(addrs), 0))
        return self.gateways[j]

    def office_nat(self, c: str) -> list:
        asns = COUNTRY[c][3]
        base = int(self.net.asn_hosts([asns[int(self.r.integers(len(asns)))]], 1)[0]) & ~0x7
        k = int(self.r.choice([1, 1, 2, 3]))
        return [(self.pool(self.net.add(np.array([base + 1 + i])), 0), 1.0 / k) for i in range(k)]

    # ---------------------------------------------------------------- frames of templated benign work
    def corp_frames(self, name: str) -> list:
        r = self.r
        teams = S(list(r.choice(["Sales", "Finance", "HR", "Ops", "Legal", "Marketing", "Support", "Engineering",
                                 "Procurement", "Product"], 3, replace=False)))
        doc = str(r.choice(["meeting notes", "weekly report", "customer call transcript", "incident report",
                            "board memo", "project update"]))
        tag = str(r.choice([f"[{name} Assistant] ", f"{name} internal | ", f"### {name} copilot\n", ""]))
        lib = [
            (lambda n, rr: J(tag + f"Summarise the following {doc} for the ", pick(teams, n, rr),
                             " team in at most 5 bullet points and flag action items.\n\n", g_passage(n, rr, 3, 7)),
             4, 170),
            (lambda n, rr: J(tag + f"You are helping {name}'s customer team. Draft a reply to this customer email "
                             "in a friendly, professional tone:\n\n", g_email(n, rr)), 3, 230),
            (lambda n, rr: J(tag + f"Rewrite the following text to match the {name} style guide (plain English, "
                             "active voice, no jargon):\n", g_passage(n, rr, 2, 4)), 2, 160),
            (lambda n, rr: J(tag + "Extract every date, amount and party from this contract clause as JSON with keys "
                             "date, amount, party:\n", g_passage(n, rr, 1, 3)), 2, 90),
            (lambda n, rr: J(tag + f"Create a 5-slide outline for a {name} presentation to ",
                             pick(S(["the board", "new hires", "a prospective client", "the leadership team"]), n, rr),
                             " about ", pick(TOPIC, n, rr), "."), 1, 380),
            (lambda n, rr: J(tag + "Classify this expense line into one of [Travel, Meals, Software, Office, "
                             "Training, Other] and give a one-line reason: ", pick(PRODUCT, n, rr), " $",
                             numstr(rr.integers(5, 900, n)), " ", pick(CITIES, n, rr)), 2, 25),
            (lambda n, rr: J(tag + "Write a job ad for a ", pick(S(["data analyst", "account manager",
                             "office manager", "backend engineer", "paralegal", "nurse practitioner"]), n, rr),
                             f" at {name}. Location: ", pick(CITIES, n, rr), "."), 1, 450),
        ]
        k = int(r.integers(2, 5))
        idx = sorted(r.choice(len(lib), k, replace=False))
        return [lib[i] for i in idx]

    def app_frames(self, name: str) -> tuple[list, str]:
        r = self.r
        lib = {
            "product_copy": [(lambda n, rr: J('Write a 120-word product description for our store. Product JSON: '
                              '{"name": "', pick(PRODUCT, n, rr), '", "colour": "', pick(S(["black", "sage", "navy",
                              "sand", "white", "red"]), n, rr), '", "price": ', numstr(rr.integers(9, 400, n)),
                              ', "sku": "', numstr(rr.integers(10 ** 6, 10 ** 7, n)), '"}'), 1, 190)],
            "ticket_triage": [(lambda n, rr: J("Classify the support ticket into exactly one of [billing, bug, "
                               "feature_request, account, other]. Reply with the label only.\nTicket: ",
                               g_email(n, rr)), 1, 4)],
            "invoice_extract": [(lambda n, rr: J("Extract vendor, invoice_number, date, total and currency from this "
                                 "OCR text as JSON.\n---\nINVOICE ", numstr(rr.integers(10 ** 4, 10 ** 6, n)), "\n",
                                 g_proper(n, rr), " GmbH\nDate: 2027-0", numstr(rr.integers(1, 3, n)), "-",
                                 numstr(rr.integers(10, 28, n)), "\nTotal: ", numstr(rr.integers(20, 9000, n)),
                                 ".00 EUR\n---"), 1, 60)],
            "review_digest": [(lambda n, rr: J("Summarise the customer review in one sentence and give a "
                               "sentiment score from -1 to 1 as JSON.\nReview: ", g_review(n, rr)), 1, 45)],
            "seo_meta": [(lambda n, rr: J("Write an SEO title (max 60 chars) and meta description (max 155 chars) "
                          "for the page: ", g_fact(n, rr)), 1, 70)],
            "news_tagging": [(lambda n, rr: J("Tag this article with up to 5 topics from our taxonomy and extract "
                              "named entities.\n\n", g_passage(n, rr, 3, 6)), 1, 80)],
            "cv_screen": [(lambda n, rr: J("Score this CV from 1-10 against the job description and explain in two "
                           "sentences.\nJob: ", pick(PROFESSION, n, rr), " in ", pick(CITIES, n, rr), "\nCV: ",
                           g_person(n, rr), ". ", g_passage(n, rr, 2, 4)), 1, 90)],
            "code_review": [(lambda n, rr: J("Review this diff for bugs and style issues. Reply as a list of "
                             "comments with line numbers.\n```diff\n+ ", g_code(n, rr), "\n```"), 1, 260)],
            "transcript": [(lambda n, rr: J("Summarise this call transcript into decisions, action items and "
                            "owners:\n", g_dialogue(n, rr), "\n", g_dialogue(n, rr)), 1, 220)],
            "email_sort": [(lambda n, rr: J("Which folder should this email go to: Invoices, Newsletters, Clients, "
                            "Personal, Spam? Answer with one word.\n\n", g_email(n, rr)), 1, 3)],
        }
        keys = sorted(lib)
        k = keys[int(r.integers(len(keys)))]
        return lib[k], k


    # ---------------------------------------------------------------- benign cohorts
    def chat(self, flavour: str) -> int:
        if not hasattr(self, "_chat"):
            self._chat = {}
        if flavour not in self._chat:
            self._chat[flavour] = self.source(ChatSource(chat_frames(self.aw, flavour)))
        return self._chat[flavour]

    def own_card(self, p: float = .04) -> tuple:
        """A card of one's own, replaced mid-window (expired, lost) with probability p."""
        if self.r.random() < p:
            return self.token(), self.token(), int(self.r.integers(1, self.D))
        return self.token(), None, 10 ** 6

    @staticmethod
    def scale(segs, w):
        return [(p, x * w) for p, x in segs]

    def person_segs(self, c, mobile_share=.25, mobile_p=.45):
        segs = self.home(c)
        if self.r.random() < mobile_p:
            return self.scale(segs, 1 - mobile_share) + self.scale(self.mobile(c), mobile_share), True
        return segs, False

    def personal_stream(self, acc, c, tz, segs, has_mobile, flavour="general", p=None, mean=None, prof="personal"):
        r = self.r
        uas = [(self.ua(ua_browser(r)), .7)] + ([(self.ua(ua_mobile(r)), .3)] if has_mobile else [])
        keys = [self.key()] if r.random() < .1 else []
        self.stream(acc, prof=self.prof(prof, tz), dayp=self.dayp("personal"),
                    p=p if p is not None else r.beta(1.3, 4.5),
                    mean=mean if mean is not None else r.lognormal(math.log(3.5), .6),
                    sess=r.uniform(2, 5), gap=r.uniform(40, 150), segs=segs, uas=uas, keys=keys,
                    src=self.chat(flavour), model=M_CHAT, day_from=self.signup_day(acc))

    def b_casual_user(self, n):
        r = self.r
        for _ in range(n):
            c = self.country()
            tz = self.tz(c)
            segs, mob = self.person_segs(c)
            variant = "paid" if r.random() < .35 else "free"
            if r.random() < .12:                 # a proxy SDK on a device at home resells the address
                self.proxy_sdk_ips.append(self.homes[-1][2])
                variant += "+proxy_sdk_home"
            pay, pay2, sw = self.own_card() if variant.startswith("paid") else (None, None, 10 ** 6)
            acc = self.acct("casual_user", variant, "", c, self.created(), self.email(c), pay=pay, pay2=pay2,
                            switch=sw)
            self.personal_stream(acc, c, tz, segs, mob, flavour=str(r.choice(["general", "general", "creative"])))

    def b_mobile_user(self, n):
        r = self.r
        groups = {}
        for _ in range(n):
            c = self.country()
            tz = self.tz(c)
            msegs = self.mobile(c)
            g = groups.setdefault(msegs[0][0], self.group("mobile_user", "crowd"))
            segs = self.scale(msegs, .88) + self.scale(self.home(c), .12)
            acc = self.acct("mobile_user", "phone_first", g, c, self.created(), self.email(c),
                            pay=self.token() if r.random() < .3 else None)
            uas = [(self.ua(ua_mobile(r)), 1.0)]
            self.stream(acc, prof=self.prof("personal", tz), dayp=self.dayp("personal"), p=r.beta(1.5, 4),
                        mean=r.lognormal(math.log(3), .6), sess=r.uniform(1.5, 4), gap=r.uniform(30, 120), segs=segs,
                        uas=uas, src=self.chat("general"), model=M_CHAT, day_from=self.signup_day(acc))

    def sizes(self, n, lo, hi, draw) -> list[int]:
        """Group sizes in [lo, hi] summing to n (a remainder below lo joins the groups drawn)."""
        out = []
        left = n
        while left > 0:
            k = int(np.clip(draw(), lo, hi))
            k = min(k, left)
            out.append(k)
            left -= k
        if len(out) > 1 and out[-1] < lo:
            extra = out.pop()
            for i in range(extra):
                out[i % len(out)] += 1
        return out

    def b_household(self, n):
        r = self.r
        for k in self.sizes(n, 2, 6, lambda: r.choice([2, 3, 4, 5], p=[.4, .3, .2, .1])):
            c = self.country()
            tz = self.tz(c)
            home = self.home(c)
            sdk = r.random() < .12
            if sdk:
                self.proxy_sdk_ips.append(self.homes[-1][2])
            g = self.group("household", "social")
            fam = self.token() if r.random() < .4 else None
            for j in range(k):
                role = "adult" if j < 2 else str(r.choice(["teen", "teen", "grandparent"]))
                pay = fam if fam is not None and (role != "teen" or r.random() < .6) else \
                    (self.token() if r.random() < .3 else None)
                variant = role + ("+family_card" if fam is not None and pay == fam else "") + \
                    ("+proxy_sdk_home" if sdk else "")
                email = self.email(c)
                acc = self.acct("household", variant, g, c, self.created(), email, pay=pay)
                segs = home
                mob = r.random() < .5
                if mob:
                    segs = self.scale(home, .75) + self.scale(self.mobile(c), .25)
                fl = {"adult": "work" if r.random() < .4 else "general", "teen": "student",
                      "grandparent": "general"}[role]
                self.personal_stream(acc, c, tz, segs, mob, flavour=fl)

    def b_office_worker(self, n, cohort="office_worker"):
        r = self.r
        occ = ["US", "US", "US", "GB", "DE", "IN", "FR", "CA", "NL", "AU", "JP", "BR", "ES", "PL", "IT", "MX"]
        for k in self.sizes(n, 4, 60, lambda: round(r.lognormal(math.log(10), .7))):
            c = str(r.choice(occ))
            tz = self.tz(c)
            name, dom = self.company(c)
            nat = self.office_nat(c)
            g = self.group(cohort, "social")
            policy = r.choice(["company_card", "org_billing", "own"], p=[.55, .25, .2])
            ctok = self.token() if policy != "own" else None
            org = self.org() if r.random() < .6 else ""
            tool_ua = self.ua(f"{dom.split('.')[0][:12]}-assistant/1.{int(r.integers(0, 9))} "
                              f"{ua_sdk(r, 'py')}") if r.random() < .4 else None
            tsrc = self.source(FrameSource(self.corp_frames(name)))
            for j in range(k):
                pay = ctok if ctok is not None else (self.token() if r.random() < .6 else None)
                remote = r.random() < .2
                acc = self.acct(cohort, f"{policy}{'+remote' if remote else ''}", g, c, self.created(),
                                dom if r.random() < .85 else self.email(c), org=org, pay=pay)
                home = self.home(c)
                wsegs = home if remote else nat
                browser = self.ua(ua_browser(r))
                vol = r.lognormal(math.log(12), .6)
                share = r.uniform(.2, .6)
                sd = self.signup_day(acc)
                self.stream(acc, prof=self.prof("office", tz), dayp=self.dayp("office", c), p=r.uniform(.55, .92),
                            mean=vol * share, sess=r.uniform(3, 8), gap=r.uniform(20, 90), segs=wsegs,
                            uas=[(tool_ua if tool_ua is not None else browser, 1.0)], src=tsrc, model=M_WORK,
                            keys=[self.key()] if tool_ua is not None else [], day_from=sd)
                self.stream(acc, prof=self.prof("office", tz), dayp=self.dayp("office", c), p=r.uniform(.5, .9),
                            mean=vol * (1 - share), sess=r.uniform(2, 6), gap=r.uniform(40, 150), segs=wsegs,
                            uas=[(browser, 1.0)], src=self.chat("work"), model=M_WORK, day_from=sd)
                if r.random() < .5:
                    self.personal_stream(acc, c, tz, home, False, p=r.beta(1.2, 6), mean=r.lognormal(1, .5),
                                         prof="evening")

    def b_msp_client(self, n):
        """An IT managed-service provider buys seats for its small clients: one card across unrelated offices."""
        r = self.r
        for m in self.sizes(n, 8, 120, lambda: r.integers(30, 90)):
            c = str(r.choice(["US", "GB", "CA", "AU", "DE"]))
            tz = self.tz(c)
            g = self.group("msp_client", "social")
            card = self.token()
            for k in self.sizes(m, 3, 9, lambda: r.integers(3, 9)):
                name, dom = self.company(c)
                nat = self.office_nat(c)
                org = self.org()
                tsrc = self.source(FrameSource(self.corp_frames(name)))
                for _ in range(k):
                    acc = self.acct("msp_client", "msp_billed", g, c, self.created(), dom, org=org, pay=card)
                    b = self.ua(ua_browser(r))
                    sd = self.signup_day(acc)
                    self.stream(acc, prof=self.prof("office", tz), dayp=self.dayp("office", c), p=r.uniform(.4, .85),
                                mean=r.lognormal(math.log(6), .6), sess=3, gap=60, segs=nat, uas=[(b, 1.0)],
                                src=self.chat("work"), model=M_WORK, day_from=sd)
                    self.stream(acc, prof=self.prof("office", tz), dayp=self.dayp("office", c), p=r.uniform(.2, .6),
                                mean=r.lognormal(math.log(4), .5), sess=3, gap=60, segs=nat, uas=[(b, 1.0)],
                                src=tsrc, model=M_WORK, day_from=sd)

    def homework_problems(self, subject: str) -> list[list[str]]:
        r = np.random.default_rng(int(self.r.integers(0, 2 ** 31)))
        gen = {"math": g_math, "cs": g_code, "science": g_question, "econ": g_question}[subject]
        weeks = self.D // 7 + 1
        return [gen(int(r.integers(6, 11)), r).to_pylist() for _ in range(weeks)]

    def b_campus_student(self, n):
        r = self.r
        ncamp = max(1, round(n / 600))
        camps = [self.campus() for _ in range(ncamp)]
        for cp in camps:
            cp["students"] = True
        courses = {"math": ["MATH 221", "MATH 54", "STAT 110", "MATH 1B"], "cs": ["CS 61A", "CS 106B", "COMP 110",
                   "CSE 142"], "science": ["CHEM 1A", "BIO 101", "PHYS 7A"], "econ": ["ECON 1", "ECON 101"]}
        for k in self.sizes(n, 12, 150, lambda: round(r.lognormal(math.log(55), .5))):
            cp = camps[int(r.integers(len(camps)))]
            subject = str(r.choice(list(courses)))
            course = str(r.choice(courses[subject]))
            g = self.group("campus_student", "social")
            src = self.source(HomeworkSource(course, self.homework_problems(subject)))
            dl = int(r.integers(0, 7))               # deadline weekday
            mask = np.ones(self.D) * .25
            for d in range(self.D):
                wd = (START.weekday() + d) % 7
                if (dl - wd) % 7 in (0, 1, 2):
                    mask[d] = {0: 2.4, 1: 1.6, 2: 1.0}[(dl - wd) % 7]
            hw_day = self.dayp("mask", arr=mask)
            sem = T0 - int(r.integers(10, 30)) * DAY + int(r.integers(0, 4 * 3600))
            for _ in range(k):
                c = cp["country"] if r.random() < .85 else self.country()
                tz = cp["tz"]
                created = sem + int(r.integers(0, 2 * DAY)) if r.random() < .35 else self.created()
                edu = r.random() < .75
                acc = self.acct("campus_student", f"{subject}+{'edu' if edu else 'personal'}_email", g, c, created,
                                cp["domain"] if edu else self.email(c), pay=self.token() if r.random() < .3 else None)
                segs = [(cp["dorm"], .5), (cp["eduroam"], .2)] + self.scale(self.mobile(cp["country"]), .15) + \
                    self.scale(self.home(cp["country"]), .15)
                uas = [(self.ua(ua_browser(r)), .75), (self.ua(ua_mobile(r)), .25)]
                sd = self.signup_day(acc)
                self.stream(acc, prof=self.prof("student", tz), dayp=hw_day, p=r.uniform(.25, .6),
                            mean=r.lognormal(math.log(7), .6), sess=r.uniform(3, 8), gap=r.uniform(40, 160), segs=segs,
                            uas=uas, src=src, model=M_STUDENT, day_from=sd)
                self.stream(acc, prof=self.prof("student", tz), dayp=self.dayp("student"), p=r.beta(1.5, 3.5),
                            mean=r.lognormal(math.log(4), .6), sess=r.uniform(2, 6), gap=r.uniform(40, 150), segs=segs,
                            uas=uas, src=self.chat("student"), model=M_STUDENT, day_from=sd)

    def benchmark_items(self, cap: str, m: int) -> tuple[pa.Array, float]:
        r = np.random.default_rng(int(self.r.integers(0, 2 ** 31)))
        ts = self.tpl[cap]
        t = ts[int(r.integers(len(ts)))]
        items = t.render(m, r, CAP_DOMAIN.get(cap, "general"), cap in CAP_SHORT_PASSAGES)
        return items, float(CAP_TOKENS[cap])

    def b_research_lab(self, n):
        r = self.r
        for k in self.sizes(n, 3, 9, lambda: r.integers(3, 9)):
            g = self.group("research_lab", "social")
            at_campus = r.random() < .7 or not self.campuses
            if at_campus:
                cp = self.campuses[int(r.integers(len(self.campuses)))] if self.campuses and r.random() < .6 \
                    else self.campus()
                c, tz, dom, org = cp["country"], cp["tz"], cp["domain"], ""
                node = self.pool(self.net.add(np.array([cp["lab_base"] + 200 + int(r.integers(0, 40))])), 0)
            else:
                c = str(r.choice(["US", "GB", "DE", "FR", "CA"]))
                tz = self.tz(c)
                _, dom = self.company(c)
                org = self.org()
                node = self.pool(self.cloud(str(r.choice(["amazon", "google", "microsoft"])), 2), 0)
            card = self.token() if r.random() < .5 else None
            harness = self.ua(str(r.choice([f"lm-eval-harness/0.4.{int(r.integers(0, 6))}",
                                             f"helm/0.5.{int(r.integers(0, 4))}", "openeval/1.2.0"])) + " " +
                              ua_sdk(r, "py"))
            benches = []
            for _ in range(int(r.integers(1, 3))):
                cap = str(r.choice(["science_qa", "commonsense", "math", "nli", "reading", "trivia", "medical"]))
                items, tok = self.benchmark_items(cap, int(r.integers(300, 1300)))
                few = "".join(f"Q: {q}\nA: {a}\n\n" for q, a in zip(items.to_pylist()[:3], ["B", "12", "yes"]))
                benches.append(self.source(BenchmarkSource(items, tok, float(r.uniform(.3, .8)), few,
                                                           int(r.integers(0, 2 ** 31)))))
            for j in range(k):
                pay = card if card is not None else self.token()
                acc = self.acct("research_lab", "campus_lab" if at_campus else "company_research", g, c,
                                self.created(), dom if r.random() < .8 else self.email(c), org=org, pay=pay)
                if at_campus:
                    own = self.pool(self.net.add(np.array([cp["lab_base"] + 10 + j])), 0)
                    segs = [(own, .5), (node, .5)]
                else:
                    segs = [(node, 1.0)]
                sd = self.signup_day(acc)
                self.stream(acc, prof=self.prof("lab", tz), dayp=self.dayp("flat"), p=r.uniform(.1, .35),
                            mean=r.lognormal(math.log(200), .45), disp=3, sess=r.uniform(150, 450),
                            gap=r.uniform(1.2, 4), segs=segs, uas=[(harness, 1.0)], keys=[self.key()],
                            src=benches[int(r.integers(len(benches)))], model=M_DEV, sigma=.7, day_from=sd)
                self.personal_stream(acc, c, tz, segs, False, flavour="dev", p=r.beta(2, 4),
                                     mean=r.lognormal(math.log(5), .5), prof="dev")

    def b_vpn_user(self, n):
        r = self.r
        if not self.vpn:
            self.vpn_providers()
        groups = [self.group("vpn_user", "crowd") for _ in self.vpn]
        for _ in range(n):
            j = int(r.choice(len(self.vpn), p=[.4, .3, .2, .1]))
            v = self.vpn[j]
            c = self.country()
            tz = self.tz(c)
            segs = [(v["regions"][int(r.integers(6))], .65), (v["all"], .25)] + self.scale(self.home(c), .1)
            acc = self.acct("vpn_user", v["name"], groups[j], c, self.created(), self.email(c),
                            pay=self.token() if r.random() < .45 else None)
            self.personal_stream(acc, c, tz, segs, False)

    def b_developer(self, n):
        r = self.r
        roles = ["a helpful travel agent", "an SQL expert", "a customer sentiment classifier", "a recipe assistant",
                 "a contract analyst", "a fitness coach", "a tutor for 10-year-olds", "a product copywriter",
                 "a D&D dungeon master", "an API documentation bot", "a support triage agent", "a tax explainer"]
        keysets = ["answer, confidence", "label, reason", "summary, tags, language", "steps, warnings",
                   "title, body", "intent, entities"]
        for _ in range(n):
            c = self.country()
            tz = self.tz(c)
            segs = self.home(c)
            x = r.random()
            if x < .4:
                prov = str(r.choice(["amazon", "google", "microsoft", "digitalocean", "linode", "oracle"]))
                segs = self.scale(segs, .5) + [(self.pool(self.cloud(prov, 1), 0), .5)]
            elif x < .6:
                segs = self.scale(segs, .5) + [(self.notebook(), .5)]
            pay, pay2, sw = self.own_card() if r.random() < .7 else (None, None, 10 ** 6)
            acc = self.acct("developer", "cloud" if x < .4 else ("notebook" if x < .6 else "home"), "", c,
                            self.created(), self.email(c), pay=pay, pay2=pay2, switch=sw)
            sdk = self.ua(ua_sdk(r))
            keys = [self.key() for _ in range(int(r.integers(1, 4)))]
            role, ks = str(r.choice(roles)), str(r.choice(keysets))
            gen = [g_question, g_review, g_fact, g_email][int(r.integers(4))]
            if r.random() < .25:       # trying a public dataset's prompt template on their own inputs
                cap = str(r.choice(sorted(CAPS)))
                tt = self.tpl[cap][int(r.integers(len(self.tpl[cap])))]
                it = self.source(HarvestSource([tt], [cap], [1.0], float(r.choice([0, 0, .5])), COT[:1], 0.0, False,
                                               M_DEV))
                self.A["variant"][acc] += "+dataset_template"
            else:
                it = self.source(FrameSource([(lambda m, rr, role=role, ks=ks, gen=gen: J(
                    f"You are {role}. Respond in JSON with keys {ks}.\n\nInput: ", gen(m, rr)), 1, 150)]))
            sd = self.signup_day(acc)
            self.stream(acc, prof=self.prof("dev", tz), dayp=self.dayp("personal"), p=r.uniform(.25, .6),
                        mean=r.lognormal(math.log(10), .6), sess=r.uniform(3, 10), gap=r.uniform(20, 90), segs=segs,
                        uas=[(sdk, .6), (self.ua(ua_browser(r)), .4)], keys=keys, src=self.chat("dev"), model=M_DEV,
                        day_from=sd)
            self.stream(acc, prof=self.prof("dev", tz), dayp=self.dayp("personal"), p=r.uniform(.05, .3),
                        mean=r.lognormal(math.log(35), .7), sess=r.uniform(10, 60), gap=r.uniform(4, 20), segs=segs,
                        uas=[(sdk, 1.0)], keys=keys, src=it, model=M_DEV, day_from=sd)

    def b_api_app(self, n):
        r = self.r
        for k in self.sizes(n, 1, 4, lambda: r.choice([1, 2, 3, 4], p=[.35, .3, .2, .15])):
            c = str(r.choice(["US", "US", "GB", "DE", "IN", "FR", "CA", "NL", "BR", "JP"]))
            tz = self.tz(c)
            name, dom = self.company(c)
            g = self.group("api_app", "social")
            prov = str(r.choice(["amazon", "amazon", "google", "microsoft", "digitalocean", "oracle", "linode"]))
            ips = self.cloud(prov, int(r.integers(1, 5)))
            segs = [(self.pool(ips, 0), 1.0)]
            card, org = self.token(), self.org()
            frames, wl = self.app_frames(name)
            src = self.source(FrameSource(frames))
            ua = self.ua(f"{name.split()[0]}/2.{int(r.integers(0, 9))} " + ua_sdk(r, str(r.choice(["py", "node",
                                                                                                  "go", "java"]))))
            batch = r.random() < .4
            for j in range(k):
                acc = self.acct("api_app", f"{wl}+{'batch' if batch else 'online'}", g, c, self.created(), dom,
                                org=org, pay=card)
                keys = [self.key() for _ in range(int(r.integers(1, 6)))]
                pace = r.uniform(.45, 1.05) * DAILY_LIMIT
                prof = self.prof("windows", tz, ((1, 4), (13, 14))) if batch else self.prof("diurnal", tz)
                self.stream(acc, prof=prof, dayp=self.dayp("app"), p=.97, mean=pace, disp=25,
                            sess=r.uniform(60, 200), gap=r.uniform(1.5, 6), segs=segs, uas=[(ua, 1.0)], keys=keys,
                            src=src, model=M_APP, sigma=.5, day_from=self.signup_day(acc))

    def b_support_bot(self, n):
        r = self.r
        for k in self.sizes(n, 1, 3, lambda: r.integers(1, 4)):
            c = str(r.choice(["US", "US", "GB", "DE", "IN", "BR", "MX", "ES", "PH"]))
            tz = self.tz(c)
            name, dom = self.company(c)
            g = self.group("support_bot", "social")
            bot = str(r.choice(["Ava", "Max", "Nova", "Sunny", "Echo", "Pip"]))
            policy = " ".join(g_fact(3, np.random.default_rng(int(r.integers(0, 2 ** 31)))).to_pylist())
            pre = (f"You are {bot}, the support assistant for {name}. Answer using only the policy below. If unsure, "
                   f"offer to connect a human agent.\n\nPolicy:\n{policy}\n\nCustomer (")
            src = self.source(FrameSource([(lambda m, rr, pre=pre: J(pre, pick(S(["chat", "email", "whatsapp"]), m, rr),
                                                                      "): ", g_email(m, rr), "\nAssistant:"), 1, 140)]))
            ips = self.cloud(str(r.choice(["amazon", "google", "microsoft"])), int(r.integers(1, 3)))
            card, org = self.token(), self.org()
            ua = self.ua(f"helpdesk-relay/3.{int(r.integers(0, 9))} " + ua_sdk(r, "py"))
            for _ in range(k):
                acc = self.acct("support_bot", "bot", g, c, self.created(), dom, org=org, pay=card)
                self.stream(acc, prof=self.prof("diurnal", tz), dayp=self.dayp("app"), p=.98,
                            mean=r.uniform(90, 320), disp=12, sess=r.uniform(20, 60), gap=r.uniform(10, 40),
                            segs=[(self.pool(ips, 0), 1.0)], uas=[(ua, 1.0)], keys=[self.key()], src=src,
                            model=[.4, .6, 0, 0], sigma=.6, day_from=self.signup_day(acc))

    def b_translation_agency(self, n):
        r = self.r
        for k in self.sizes(n, 4, 25, lambda: r.integers(5, 26)):
            c = str(r.choice(["DE", "FR", "ES", "GB", "US", "PL", "IN", "BR", "JP", "NL", "IT"]))
            name, dom = self.company(c)
            g = self.group("translation_agency", "social")
            nat = self.office_nat(c)
            card = self.token() if r.random() < .7 else None
            org = self.org()
            client = S([self.company()[0] for _ in range(3)])
            strings = S(["Save changes", "Your order has shipped", "Forgot password?", "Add to basket",
                         "{count} items selected", "Welcome back, %s!", "Payment failed. Try again.", "Delete account",
                         "Free returns within 30 days", "Upload a photo", "Settings", "Sign out of all devices"])

            def segs_gen(m, rr):
                parts = []
                for i in range(int(rr.integers(2, 6))):
                    parts += [f'"str_{i}": "', pick(strings, m, rr), '"\n']
                return J(*parts)
            frames = [
                (lambda m, rr: J("Translate the following UI strings from English into ", pick(LANGS, m, rr),
                                 ". Keep placeholders such as {count} and %s unchanged. Return JSON.\n\n",
                                 segs_gen(m, rr)), 4, 120),
                (lambda m, rr: J("Post-edit this machine translation for fluency. Client: ", pick(client, m, rr),
                                 "\nSource: ", g_fact(m, rr), "\nMT: ", g_fact(m, rr)), 3, 60),
                (lambda m, rr: J("You are a professional translator for ", pick(client, m, rr), ". Translate into ",
                                 pick(LANGS, m, rr), ", preserving tone and the client glossary.\n\n",
                                 g_passage(m, rr, 2, 5)), 3, 260)]
            src = self.source(FrameSource(frames))
            cat = self.ua(f"CATbridge/4.{int(r.integers(0, 9))} " + ua_sdk(r, "py")) if r.random() < .6 else None
            for _ in range(k):
                inhouse = r.random() < .4
                cc = c if inhouse or r.random() < .4 else self.country()
                segs = nat if inhouse else self.home(cc)
                acc = self.acct("translation_agency", "in_house" if inhouse else "freelancer", g, cc, self.created(),
                                dom if inhouse else self.email(cc), org=org, pay=card if card else self.token())
                ua = cat if cat is not None else self.ua(ua_browser(r))
                self.stream(acc, prof=self.prof("office", self.tz(cc)), dayp=self.dayp("office", cc),
                            p=r.uniform(.6, .95), mean=r.lognormal(math.log(40), .6), sess=r.uniform(5, 20),
                            gap=r.uniform(20, 80), segs=segs, uas=[(ua, 1.0)], keys=[self.key()] if cat else [],
                            src=src, model=[.5, 0, .5, 0], day_from=self.signup_day(acc))

    def b_annotation_vendor(self, n):
        r = self.r
        for k in self.sizes(n, 6, 40, lambda: r.integers(10, 41)):
            c = str(r.choice(["PH", "KE", "IN", "VN", "EG", "NG", "PK", "MY"]))
            tz = self.tz(c)
            name, dom = self.company(c)
            g = self.group("annotation_vendor", "social")
            nat = self.office_nat(c)
            card, org = self.token(), self.org()
            cap = str(r.choice(["nli", "sentiment", "topic"]))
            ts = self.tpl[cap]
            pick_t = [ts[int(i)] for i in r.choice(len(ts), int(r.integers(1, 3)), replace=False)]
            proj = f"[{name.split()[0]} | project {int(r.integers(100, 999))}] "
            src = self.source(HarvestSource(pick_t, [cap] * len(pick_t), np.ones(len(pick_t)), 0.0, COT, 0.0, False,
                                            [.2, .8, 0, 0], wrap=[(proj, "")]))
            tool = self.ua(f"LabelFlow/5.{int(r.integers(0, 5))} " + ua_sdk(r, "py"))
            shift = "shift_night" if r.random() < .5 else "shift_day"
            onboard = T0 + int(r.integers(-40, 8)) * DAY + int(r.integers(0, 8 * 3600))
            for _ in range(k):
                created = onboard + int(r.integers(0, 3 * 3600)) if r.random() < .7 else self.created()
                acc = self.acct("annotation_vendor", shift, g, c, created, dom, org=org, pay=card)
                self.stream(acc, prof=self.prof(shift, tz), dayp=self.dayp("shift", c), p=r.uniform(.75, .97),
                            mean=r.lognormal(math.log(85), .5), disp=6, sess=r.uniform(20, 60), gap=r.uniform(10, 30),
                            segs=nat, uas=[(tool, 1.0)], keys=[self.key()], src=src, model=[.2, .8, 0, 0], sigma=.5,
                            day_from=self.signup_day(acc))

    def b_content_farm(self, n):
        r = self.r
        for k in self.sizes(n, 2, 10, lambda: r.integers(3, 11)):
            c = str(r.choice(["US", "IN", "PK", "PH", "GB", "NG", "BR"]))
            tz = self.tz(c)
            name, dom = self.company(c)
            g = self.group("content_farm", "social")
            segs = self.office_nat(c) if r.random() < .5 else \
                [(self.pool(self.cloud(str(r.choice(["digitalocean", "linode", "amazon"])), 2), 0), 1.0)]
            card = self.token()
            org = self.org() if r.random() < .4 else ""
            kw = lambda m, rr: J("best ", pick(PRODUCT, m, rr), " for ", pick(S(["beginners", "small apartments",
                                 "travel", "seniors", "students", "2027", "the money"]), m, rr))
            frames = [(lambda m, rr: J("Write a ", numstr(rr.integers(12, 26, m) * 100), "-word SEO-optimised blog "
                                       "post about '", kw(m, rr), "'. Include a meta description, H2 headings and an "
                                       "FAQ section."), 5, 2200),
                      (lambda m, rr: J("Rewrite this article so it reads as original, keep the headings:\n\n",
                                       g_passage(m, rr, 6, 8)), 2, 1400),
                      (lambda m, rr: J("Generate 10 long-tail keywords and a content brief for: ", kw(m, rr)), 1, 500)]
            src = self.source(FrameSource(frames))
            ua = self.ua(str(r.choice(["python-requests/2.31.0", f"WordFlow/1.{int(r.integers(0, 9))}"])))
            for _ in range(k):
                acc = self.acct("content_farm", "seo_shop", g, c, self.created(),
                                dom if org else self.email(c), org=org, pay=card)
                self.stream(acc, prof=self.prof("office", tz), dayp=self.dayp("personal"), p=r.uniform(.6, .9),
                            mean=r.lognormal(math.log(80), .5), sess=r.uniform(10, 30), gap=r.uniform(20, 60),
                            segs=segs, uas=[(ua, 1.0)], keys=[self.key()], src=src, model=[.5, 0, .5, 0], sigma=.4,
                            day_from=self.signup_day(acc))

    def b_mooc_learner(self, n):
        r = self.r
        titles = ["Prompt Engineering for Everyone", "Applied NLP with LLMs", "AI for Business Analysts",
                  "Data Science Bootcamp"]
        nc = max(1, min(4, n // 150))
        courses = []
        for j in range(nc):
            fr = []
            ex = g_review(3, np.random.default_rng(int(r.integers(0, 2 ** 31)))).to_pylist()
            few = "".join(f"Review: {e}\nSentiment: {'positive' if i % 2 == 0 else 'negative'}\n\n"
                          for i, e in enumerate(ex))
            fr.append((lambda m, rr, few=few: J(f"Lab 2 - few-shot classification\n{few}Review: ", g_review(m, rr),
                                                 "\nSentiment:"), 3, 3))
            fr.append((lambda m, rr, t=titles[j]: J(f"[{t}] Lab 3: extract the people, places and dates from the "
                                                     "text as a JSON list.\n\n", g_passage(m, rr, 1, 3)), 2, 80))
            fr.append((lambda m, rr: J("Lab 4: ", g_question(m, rr), " Let's think step by step."), 2, 300))
            start = min(7, self.D // 3) if j == 0 else -int(r.integers(10, 60))
            courses.append((self.source(FrameSource(fr)), self.group("mooc_learner", "crowd"), start))
        for _ in range(n):
            src, g, start = courses[int(r.integers(len(courses)))]
            c = self.country()
            tz = self.tz(c)
            created = T0 + start * DAY + int(r.integers(0, 2 * DAY)) if r.random() < .6 else self.created()
            acc = self.acct("mooc_learner", "enrolled", g, c, created, self.email(c),
                            pay=self.token() if r.random() < .5 else None)
            segs = [(self.notebook(), .6)] + self.scale(self.home(c), .4)
            ua = self.ua(str(r.choice(["python-requests/2.31.0", ua_sdk(r, "py")])))
            self.stream(acc, prof=self.prof("personal", tz), dayp=self.dayp("personal"), p=r.uniform(.1, .4),
                        mean=r.lognormal(math.log(12), .5), sess=r.uniform(5, 15), gap=r.uniform(8, 30), segs=segs,
                        uas=[(ua, 1.0)], keys=[self.key()], src=src, model=[.3, .7, 0, 0],
                        day_from=max(self.signup_day(acc), start if start > 0 else 0))

    def extension_list(self):
        if not self.extensions:
            ext = [("PolishPro", [("Rewrite the following text so it sounds clear and professional. Return only the "
                                   "rewritten text.\n\nText: ", ""), ("Fix grammar and spelling, keep my voice:\n", ""),
                                  ("Make this shorter and friendlier:\n", "")]),
                   ("PageGist", [("Summarise this web page in 5 bullet points:\n\n", ""),
                                 ("Explain the selected text in simple words:\n\"", "\""),
                                 ("What are the key takeaways of this page?\n\n", "")])]
            for name, wraps in ext:
                inner = [g_fact, g_passage, g_email]
                fr = [(lambda m, rr, a=a, b=b: J(a, mix(m, rr, inner, [2, 2, 1]), b), 1, 150) for a, b in wraps]
                self.extensions.append({"name": name, "wraps": wraps, "src": self.source(FrameSource(fr)),
                                        "group": self.group("extension_user", "crowd"),
                                        "ver": f"{name}/2.{int(self.r.integers(3, 9))}.{int(self.r.integers(0, 9))}"})
        return self.extensions

    def b_extension_user(self, n):
        r = self.r
        exts = self.extension_list()
        for _ in range(n):
            e = exts[int(r.integers(len(exts)))]
            c = self.country()
            tz = self.tz(c)
            segs, mob = self.person_segs(c, .15, .3)
            acc = self.acct("extension_user", e["name"], e["group"], c, self.created(), self.email(c),
                            pay=self.token() if r.random() < .25 else None)
            self.stream(acc, prof=self.prof("personal", tz), dayp=self.dayp("personal"), p=r.beta(1.5, 3),
                        mean=r.lognormal(math.log(5), .6), sess=r.uniform(1.5, 3), gap=r.uniform(60, 200), segs=segs,
                        uas=[(self.ua(ua_browser(r) + " " + e["ver"]), 1.0)], keys=[self.key()], src=e["src"],
                        model=[.3, .7, 0, 0], day_from=self.signup_day(acc))

    def b_gateway_user(self, n):
        r = self.r
        for k in self.sizes(n, 8, 50, lambda: r.integers(10, 51)):
            c = str(r.choice(["US", "US", "GB", "DE", "FR", "JP", "CA", "AU", "IN"]))
            tz = self.tz(c)
            name, dom = self.company(c)
            g = self.group("gateway_user", "social")
            gw = self.gateway(int(r.integers(0, 2)))
            bill, org = self.token(), self.org()
            tsrc = self.source(FrameSource(self.corp_frames(name)))
            for _ in range(k):
                acc = self.acct("gateway_user", "enterprise_gateway", g, c, self.created(), dom, org=org, pay=bill)
                segs = [(gw, .9)] + self.scale(self.home(c), .1)
                b = self.ua(ua_browser(r))
                sd = self.signup_day(acc)
                self.stream(acc, prof=self.prof("office", tz), dayp=self.dayp("office", c), p=r.uniform(.5, .9),
                            mean=r.lognormal(math.log(7), .6), sess=3, gap=60, segs=segs, uas=[(b, 1.0)],
                            src=self.chat("work"), model=M_WORK, day_from=sd)
                self.stream(acc, prof=self.prof("office", tz), dayp=self.dayp("office", c), p=r.uniform(.3, .7),
                            mean=r.lognormal(math.log(5), .6), sess=3, gap=60, segs=segs, uas=[(b, 1.0)], src=tsrc,
                            model=M_WORK, day_from=sd)

    def b_hackathon(self, n):
        r = self.r
        d0 = 12 if self.D > 14 else max(0, self.D - 3)
        for k in self.sizes(n, 10, 300, lambda: r.integers(120, 300)):
            c = "US"
            tz = -8.0
            g = self.group("hackathon", "social")
            venue = [(self.pool(self.net.add(np.array([int(self.net.asn_hosts([7922, 20115], 1)[0]) & ~3 | 1,
                                                       int(self.net.asn_hosts([7922, 20115], 1)[0]) & ~3 | 2])), 0),
                      1.0)]
            promo = self.token("pm_promo_")
            starter = self.source(FrameSource([(lambda m, rr: J("You are HackBot for team ", g_proper(m, rr),
                                                ". Given the user's request, return a JSON plan with steps and code."
                                                "\nUser: ", mix(m, rr, [g_question, g_code], [1, 1])), 1, 420)]))
            mask = np.zeros(self.D)
            mask[d0:d0 + 2] = 1.0
            ev_day = self.dayp("mask", arr=mask)
            after = np.zeros(self.D)
            after[d0 + 2:] = 1.0
            after_day = self.dayp("mask", arr=after)
            burst = T0 + d0 * DAY + 17 * 3600        # 09:00 Pacific
            for _ in range(k):
                new = r.random() < .6
                created = burst + int(r.integers(0, 90 * 60)) if new else self.created()
                cc = c if r.random() < .8 else self.country()
                acc = self.acct("hackathon", "signed_up_at_event" if new else "existing", g, cc, created,
                                self.email(cc), pay=promo if r.random() < .8 else self.token())
                sdk = self.ua(ua_sdk(r))
                keys = [self.key()]
                self.stream(acc, prof=self.prof("windows", tz, ((9, 24),)), dayp=ev_day, p=.95,
                            mean=r.lognormal(math.log(45), .6), sess=r.uniform(5, 20), gap=r.uniform(10, 60),
                            segs=venue, uas=[(sdk, 1.0)], keys=keys, src=starter, model=M_DEV,
                            day_from=self.signup_day(acc))
                self.stream(acc, prof=self.prof("dev", tz), dayp=after_day, p=r.uniform(.05, .3),
                            mean=r.lognormal(math.log(8), .5), sess=5, gap=40, segs=self.home(cc),
                            uas=[(sdk, 1.0)], keys=keys, src=self.chat("dev"), model=M_DEV,
                            day_from=self.signup_day(acc))

    def b_tor_user(self, n):
        r = self.r
        if not hasattr(self, "_tor"):
            self._tor = self.pool(self.net.add(self.net.tor), 0)
        ua = self.ua("Mozilla/5.0 (Windows NT 10.0; rv:115.0) Gecko/20100101 Firefox/115.0")
        for _ in range(n):
            c = self.country()
            acc = self.acct("tor_user", "tor_browser", "", c, self.created(), "proton.me", pay=None)
            self.stream(acc, prof=self.prof("personal", self.tz(c)), dayp=self.dayp("personal"), p=r.beta(1.2, 4),
                        mean=r.lognormal(math.log(4), .5), sess=r.uniform(2, 5), gap=r.uniform(60, 180),
                        segs=[(self._tor, 1.0)], uas=[(ua, 1.0)], src=self.chat("general"), model=M_CHAT,
                        day_from=self.signup_day(acc))

    # ---------------------------------------------------------------- rings
    def resi_addrs(self) -> np.ndarray:
        """Exit addresses of a residential proxy network: benign homes running a proxy SDK, carrier CGNAT
        addresses, and residential addresses of homes outside the simulated population."""
        if not hasattr(self, "_resi"):
            r = self.r
            outside = []
            for c in ("US", "US", "GB", "DE", "BR", "IN", "FR", "CA", "PL", "ID"):
                outside.append(self.net.asn_hosts(COUNTRY[c][3], 60))
            ids = list(self.proxy_sdk_ips)
            for _, (p, _c, cids) in sorted(self.carrier.items()):
                ids += list(r.choice(cids, max(1, len(cids) // 3), replace=False))
            ids += list(self.net.add(np.concatenate(outside)))
            self._resi = np.array(ids, np.int64)
            self._resi_pool = self.pool(self._resi, 1)
        return self._resi

    def ring_templates(self, caps: list[str], k: int) -> tuple[list, list]:
        r = self.r
        ts, cs = [], []
        for cap in caps:
            pool = self.tpl[cap]
            for i in r.choice(len(pool), min(k, len(pool)), replace=False):
                ts.append(pool[int(i)])
                cs.append(cap)
        return ts, cs

    def pick_caps(self, n: int, allowed=None) -> list[str]:
        allowed = allowed or ["math", "code", "science_qa", "reading", "medical", "commonsense", "summarise", "nli",
                              "trivia", "sentiment", "topic"]
        w = np.array([{"math": 4, "code": 4, "science_qa": 2, "reading": 2, "medical": 2, "summarise": 2}.get(a, 1)
                      for a in allowed], float)
        return [str(x) for x in self.r.choice(allowed, n, replace=False, p=w / w.sum())]

    def build_rings(self, sizes: list[int], mode: str):
        r = self.r
        order = [SMALL_KINDS[int(i)] for i in r.permutation(len(SMALL_KINDS))]
        big = [SCALABLE_KINDS[int(i)] for i in r.permutation(len(SCALABLE_KINDS))]
        si = bi = 0
        for j, k in enumerate(sizes):
            rid = f"R{j + 1:03d}"
            if mode == "hydra" and j == 0:
                kind = "hydra_reseller"
            elif k > 15:
                kind = big[bi % len(big)]
                bi += 1
            else:
                kind = order[si % len(order)]
                si += 1
            getattr(self, "r_" + kind)(rid, k)

    def ring_meta(self, rid, kind, members, **kw):
        self.rings.append({"ring_id": rid, "kind": kind, "size": len(members), **kw})

    def harvest_stream(self, acc, src, pace, *, prof, segs, uas, keys=None, dayp=None, sess=(30, 150), gap=(3, 25),
                       p=.93, model=None):
        r = self.r
        if model is None:
            model = self.sources[src].models
        self.stream(acc, prof=prof, dayp=dayp if dayp is not None else self.dayp("flat"), p=p, mean=pace, disp=8,
                    sess=r.uniform(*sess), gap=r.uniform(*gap), segs=segs, uas=uas,
                    keys=keys if keys is not None else [self.key()], src=src, model=list(model), sigma=.55,
                    day_from=self.signup_day(acc))

    def paces(self, k, lo, hi):
        """Per-account daily targets, all different; operators of bigger rings pace each account lower."""
        return self.r.uniform(lo, hi, k) * DAILY_LIMIT * min(1.0, (15 / k) ** .5)

    def burst(self, k, before=(3, 25), inside_p=.3) -> list[int]:
        r = self.r
        if r.random() < inside_p and self.D > 8:
            t = T0 + int(r.integers(1, min(6, self.D - 2))) * DAY + int(r.integers(0, 20 * 3600))
        else:
            t = T0 - int(r.integers(*before)) * DAY + int(r.integers(0, 20 * 3600))
        return [t + int(x) for x in np.sort(r.integers(0, 5 * 3600, k))]

    def trickle(self, k) -> list[int]:
        return [T0 - int(x) for x in self.r.integers(20 * DAY, 200 * DAY, k)]

    def r_pay_clean(self, rid, k):
        r = self.r
        caps = self.pick_caps(1)
        ts, cs = self.ring_templates(caps, int(r.integers(2, 5)))
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), r.uniform(.6, .95), COT[:4], .2, False,
                                        [0, 0, .5, .5]))
        prov = str(r.choice(["digitalocean", "linode", "oracle", "amazon"]))
        ua = self.ua(ua_sdk(r, "httpx"))
        w0 = int(r.integers(0, 12))
        prof = self.prof("windows", 0, ((w0, w0 + 3), (w0 + 9, w0 + 11)))
        mem = []
        for i, (pace, cr) in enumerate(zip(self.paces(k, .1, .6), self.trickle(k))):
            c = str(r.choice(["US", "CA", "GB", "DE"]))
            pay, pay2, sw = self.own_card(.5)      # a drained prepaid card is replaced by a fresh one
            acc = self.acct("pay_clean", "harvest", rid, c, cr, self.email(c), pay=pay, pay2=pay2, switch=sw,
                            ring=rid)
            ips = self.cloud(prov, 2)
            segs = [(self.pool(ips[:1], 0), .9), (self.pool(ips[1:], 0), .1)]
            self.harvest_stream(acc, src, pace, prof=prof, segs=segs, uas=[(ua, 1.0)])
            mem.append(acc)
        self.ring_meta(rid, "pay_clean", mem, caps=caps, shares=["template", "schedule", "user_agent",
                       "hosting_provider"], signals_kept=["harvest template family shared by all members",
                       "the same two job windows (UTC hours)", "identical client user agent",
                       "chain-of-thought requests on one narrow capability", "addresses in one hosting provider"],
                       payment="one prepaid card per account, none reused")

    def r_cover_mix(self, rid, k):
        r = self.r
        caps = self.pick_caps(int(r.integers(1, 3)))
        ts, cs = self.ring_templates(caps, int(r.integers(2, 4)))
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), r.uniform(.3, .7), COT, .15, False,
                                        [0, .1, .6, .3]))
        c = str(r.choice(["US", "GB", "DE", "FR", "ES"]))
        tz = self.tz(c)
        isp = self.net.add(self.net.asn_hosts(COUNTRY[c][3], int(r.integers(6, 13))))
        segs = [(self.pool(isp, 0), 1.0)]
        cards = [self.token() for _ in range((k + 1) // 2)]
        mem = []
        for i, (pace, cr) in enumerate(zip(self.paces(k, .05, .4), self.burst(k))):
            acc = self.acct("cover_mix", "harvest+cover_chat", rid, c, cr, self.email(c), pay=cards[i // 2], ring=rid)
            ua = self.ua(ua_browser(r))
            self.harvest_stream(acc, src, pace, prof=self.prof("diurnal", tz), segs=segs, uas=[(ua, 1.0)], keys=[],
                                sess=(15, 60), gap=(8, 40))
            self.stream(acc, prof=self.prof("personal", tz), dayp=self.dayp("personal"), p=.8,
                        mean=pace * r.uniform(.25, .7), sess=r.uniform(2, 6), gap=r.uniform(40, 150), segs=segs,
                        uas=[(ua, 1.0)], src=self.chat(str(r.choice(["general", "work", "creative"]))), model=M_CHAT,
                        day_from=self.signup_day(acc))
            mem.append(acc)
        self.ring_meta(rid, "cover_mix", mem, caps=caps, shares=["isp_proxy_addresses", "card_pairs", "signup_burst",
                       "template"], signals_kept=["a small pool of static ISP-proxy addresses used by every member",
                       "cards shared in pairs", "sign-up burst within five hours",
                       "harvest template family under the cover chat"], payment="one card per two accounts")

    def r_resi_proxy(self, rid, k):
        r = self.r
        self.resi_addrs()
        caps = self.pick_caps(1)
        ts, cs = self.ring_templates(caps, int(r.integers(2, 5)))
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), r.uniform(.7, 1.0), COT, r.uniform(.3, .7), False,
                                        [0, 0, .7, .3]))
        ua = self.ua(ua_sdk(r, "httpx"))
        mem = []
        for pace in self.paces(k, .1, .6):
            c = str(r.choice(["US", "GB", "DE", "BR", "IN"]))
            acc = self.acct("resi_proxy", "rotating_residential", rid, c, self.created("aged"), self.email(c),
                            pay=self.token(), ring=rid)
            self.harvest_stream(acc, src, pace, prof=self.prof("flat"), segs=[(self._resi_pool, 1.0)],
                                uas=[(ua, 1.0)], sess=(60, 250), gap=(2, 10))
            mem.append(acc)
        self.ring_meta(rid, "resi_proxy", mem, caps=caps, shares=["residential_proxy_pool", "template", "user_agent"],
                       signals_kept=["many rare residential exit addresses in common (the pool also carries benign "
                                     "SDK homes and carrier users)", "harvest template family",
                                     "long chain-of-thought answers", "around-the-clock schedule"],
                       payment="one card per account (aged, bought accounts)")

    def r_campus_nat(self, rid, k):
        r = self.r
        camps = [c for c in self.campuses if c.get("students")] or self.campuses
        cp = camps[int(r.integers(len(camps)))] if camps else self.campus()
        caps = self.pick_caps(1, ["math", "code", "science_qa"])
        ts, cs = self.ring_templates(caps, int(r.integers(2, 4)))
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), r.uniform(.8, 1.0), COT, .1, False,
                                        [0, 0, .4, .6]))
        ua = self.ua(ua_sdk(r, "py"))
        cards = [self.token(), self.token()]
        prof = self.prof("windows", cp["tz"], ((22, 24), (0, 5)))
        mem = []
        for i, (pace, cr) in enumerate(zip(self.paces(k, .15, .7), self.burst(k, inside_p=.5))):
            acc = self.acct("campus_nat", "dorm_nat", rid, cp["country"], cr,
                            cp["domain"] if i < 2 else self.email(cp["country"]), pay=cards[i % 2], ring=rid)
            self.harvest_stream(acc, src, pace, prof=prof, segs=[(cp["dorm"], .7), (cp["eduroam"], .3)],
                                uas=[(ua, 1.0)])
            mem.append(acc)
        self.ring_meta(rid, "campus_nat", mem, caps=caps, campus=cp["name"], shares=["campus_nat", "two_cards",
                       "template", "schedule"], signals_kept=["harvest template family with chain-of-thought",
                       "night job windows", "two cards alternating", "volume near the limit, unlike students"],
                       payment="two cards for the whole ring")

    def r_carrier_nat(self, rid, k):
        r = self.r
        c = str(r.choice(["IN", "PH", "US", "ID"]))
        tz = self.tz(c)
        segs = self.mobile(c, v6=.2)
        caps = self.pick_caps(1)
        ts, cs = self.ring_templates(caps, int(r.integers(2, 4)))
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), 0.0, COT, .1, False, [0, .1, .6, .3]))
        ua = self.ua("Kestrel/3.11.2 (Android 14; SM-S918B)")
        mem = []
        for pace, cr in zip(self.paces(k, .05, .4), self.burst(k)):
            acc = self.acct("carrier_nat", "phone_farm", rid, c, cr, self.email(c), pay=self.token(), ring=rid)
            self.harvest_stream(acc, src, pace, prof=self.prof("diurnal", tz), segs=segs, uas=[(ua, 1.0)], keys=[],
                                sess=(10, 60), gap=(6, 30))
            mem.append(acc)
        self.ring_meta(rid, "carrier_nat", mem, caps=caps, country=c, shares=["carrier_cgnat", "app_build",
                       "signup_burst", "template"], signals_kept=["identical mobile-app build in the user agent",
                       "sign-up burst", "harvest template family", "volume no phone user sends"],
                       payment="one prepaid card per account")

    def r_reworded(self, rid, k):
        r = self.r
        caps = self.pick_caps(1)
        ts, cs = self.ring_templates(caps, int(r.integers(2, 4)))
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), r.uniform(.4, .8), COT, .2, True, [0, 0, .6, .4]))
        prov = str(r.choice(["digitalocean", "linode", "oracle", "microsoft"]))
        b1, b2 = (self.net.cidr_block24(self.net.cloud[prov], 1)[0] for _ in range(2))
        cards = [self.token() for _ in range((k + 1) // 2)]
        mem = []
        v0 = int(r.integers(0, 10 ** 6))
        for i, (pace, cr) in enumerate(zip(self.paces(k, .05, .5), self.trickle(k))):
            c = str(r.choice(["US", "GB", "CA", "AU"]))
            acc = self.acct("reworded", "own_paraphrase", rid, c, cr, self.email(c), pay=cards[i // 2], ring=rid)
            self.reword_var[acc] = v0 + i
            ip = self.net.add(np.array([(b1 if i % 2 == 0 else b2) + 2 + i]))
            self.harvest_stream(acc, src, pace, prof=self.prof("diurnal", float(r.choice([-5, 0, 1]))),
                                segs=[(self.pool(ip, 0), 1.0)], uas=[(self.ua(ua_sdk(r)), 1.0)])
            mem.append(acc)
        self.ring_meta(rid, "reworded", mem, caps=caps, shares=["datacenter_24s", "card_pairs", "capability"],
                       signals_kept=["one narrow capability with the same slot content, each account's own wording",
                                     "addresses in two datacenter /24s", "cards shared in pairs",
                                     "chain-of-thought requests"], payment="one card per two accounts")

    def r_chain(self, rid, k):
        r = self.r
        caps = self.pick_caps(1)
        pool = self.tpl[caps[0]]
        tix = [int(i) for i in r.choice(len(pool), min(len(pool), k + 1), replace=False)]
        links = ["card", "ip", "ua", "email"]
        off = int(r.integers(0, 4))
        c = str(r.choice(["US", "GB", "DE", "CA"]))
        tz = self.tz(c)
        cards = [self.token() for _ in range(k)]
        uas = [self.ua(ua_sdk(r)) for _ in range(k)]
        emails = [self.email(c) for _ in range(k)]
        own = [self.net.add(self.net.asn_hosts(COUNTRY[c][3], 1)) for _ in range(k)]
        shared_ip = {}
        kinds = []
        for i in range(k - 1):
            t = links[(i + off) % 4]
            kinds.append(t)
            if t == "card":
                cards[i + 1] = cards[i]
            elif t == "ua":
                uas[i + 1] = uas[i] = self.ua(f"batchq/0.{int(r.integers(1, 9))}.{int(r.integers(0, 20))} "
                                              + ua_sdk(r, "aiohttp"))
            elif t == "email":
                d = f"{str(g_proper(1, r)[0]).lower()}-mail.net"
                emails[i] = emails[i + 1] = d
            else:
                shared_ip[i] = self.pool(self.net.add(self.net.asn_hosts(COUNTRY[c][3], 1)), 0)
        mem = []
        for i, (pace, cr) in enumerate(zip(self.paces(k, .08, .5), self.trickle(k))):
            j = min(i, len(tix) - 2)
            ts = [pool[tix[j]], pool[tix[j + 1]]]
            src = self.source(HarvestSource(ts, caps * 2, [1, 1], r.uniform(.3, .9), COT, .2, False,
                                            [0, .1, .6, .3]))
            acc = self.acct("chain", "link_" + "+".join(x for x in (kinds[i - 1] if i else "", kinds[i] if i < k - 1
                                                                    else "") if x), rid, c, cr, emails[i],
                            pay=cards[i], ring=rid)
            segs = [(self.pool(own[i], 0), 1.0)]
            sh = [shared_ip[x] for x in (i - 1, i) if x in shared_ip]
            if sh:
                segs = [(segs[0][0], .6)] + [(p, .4 / len(sh)) for p in sh]
            self.harvest_stream(acc, src, pace, prof=self.prof("diurnal", tz), segs=segs, uas=[(uas[i], 1.0)])
            mem.append(acc)
        self.ring_meta(rid, "chain", mem, caps=caps, links=kinds, shares=["pairwise_only"],
                       signals_kept=["each neighbour pair shares one of card / address / client / e-mail domain",
                                     "overlapping harvest templates of one capability"],
                       payment="cards shared only between chain neighbours")

    def r_part_time(self, rid, k):
        r = self.r
        if not self.vpn:
            self.vpn_providers()
        v = self.vpn[int(r.integers(len(self.vpn)))]
        nd = int(min(self.D, r.integers(4, 9)))
        days = np.sort(r.choice(self.D, nd, replace=False))
        mask = np.zeros(self.D)
        mask[days] = 1
        caps = self.pick_caps(int(r.integers(1, 3)))
        ts, cs = self.ring_templates(caps, int(r.integers(2, 4)))
        cot = 0.0 if r.random() < .5 else r.uniform(.3, .9)
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), cot, COT, .3, False, [0, 0, .6, .4]))
        ua = self.ua(ua_sdk(r))
        mem = []
        cr = self.trickle(k)
        for i, pace in enumerate(self.paces(k, .6, .98)):
            c = str(r.choice(["US", "GB", "DE", "NL"]))
            created = self.created("aged") if i % 2 else cr[i]
            acc = self.acct("part_time", "vpn_days_only", rid, c, created, self.email(c), pay=self.token(), ring=rid)
            self.harvest_stream(acc, src, pace, prof=self.prof("flat"), segs=[(v["all"], 1.0)], uas=[(ua, 1.0)],
                                dayp=self.dayp("mask", arr=mask), p=.97)
            mem.append(acc)
        self.ring_meta(rid, "part_time", mem, caps=caps, days_active=[int(d) for d in days],
                       shares=["active_days", "vpn_exits", "template"],
                       signals_kept=["the same few active days", "near-limit volume on those days",
                                     "harvest template family"], payment="one card per account")

    def r_label_front(self, rid, k):
        r = self.r
        c = str(r.choice(["PH", "KE", "IN", "VN"]))
        tz = self.tz(c)
        name, dom = self.company(c)
        nat = self.office_nat(c)
        caps = self.pick_caps(1, ["nli", "sentiment", "topic"])
        ts, cs = self.ring_templates(caps, int(r.integers(1, 3)))
        proj = f"[{name.split()[0]} | project {int(r.integers(100, 999))}] "
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), r.uniform(.75, .95), COT[1:4], r.uniform(.2, .4),
                                        False, [0, 0, .6, .4], wrap=[(proj, "")]))
        tool = self.ua(f"LabelFlow/5.{int(r.integers(0, 5))} " + ua_sdk(r, "py"))
        card, org = self.token(), self.org()
        mem = []
        for pace, cr in zip(self.paces(k, .2, .7), self.burst(k, before=(5, 40), inside_p=.2)):
            acc = self.acct("label_front", "fake_vendor", rid, c, cr, dom, org=org, pay=card, ring=rid)
            self.harvest_stream(acc, src, pace, prof=self.prof("shift_night", tz), segs=nat, uas=[(tool, 1.0)],
                                dayp=self.dayp("shift", c), sess=(20, 60), gap=(10, 30))
            mem.append(acc)
        self.ring_meta(rid, "label_front", mem, caps=caps, shares=["office_nat", "card", "org", "template"],
                       signals_kept=["labelling templates that ask for rationales (chain-of-thought) and long "
                                     "answers, which vendors do not", "volume near the limit",
                                     "one onboarding burst"], payment="one corporate card (like a vendor)")

    def r_notebook_farm(self, rid, k):
        r = self.r
        caps = self.pick_caps(1, ["code", "math", "science_qa"])
        ts, cs = self.ring_templates(caps, int(r.integers(2, 5)))
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), r.uniform(.5, .9), COT, .2, False, [0, 0, .5, .5]))
        dom = f"{str(g_proper(1, r)[0]).lower()}{int(r.integers(10, 99))}.net"
        ua = self.ua("python-requests/2.31.0")
        mem = []
        for pace, cr in zip(self.paces(k, .05, .5), self.trickle(k)):
            c = str(r.choice(["US", "IN", "GB", "DE"]))
            acc = self.acct("notebook_farm", "hosted_notebooks", rid, c, cr,
                            dom if r.random() < .7 else self.email(c), pay=self.token(), ring=rid)
            self.harvest_stream(acc, src, pace, prof=self.prof("diurnal", self.tz(c)), segs=[(self.notebook(), 1.0)],
                                uas=[(ua, 1.0)], sess=(40, 200), gap=(2, 8))
            mem.append(acc)
        self.ring_meta(rid, "notebook_farm", mem, caps=caps, email_domain=dom,
                       shares=["notebook_egress", "email_domain", "template"],
                       signals_kept=["the operator's own e-mail domain on most accounts", "harvest template family",
                                     "chain-of-thought requests", "volume far above notebook learners"],
                       payment="one card per account")

    def r_extension_mimic(self, rid, k):
        r = self.r
        e = self.extension_list()[int(r.integers(2))]
        resi = self.resi_addrs()
        caps = self.pick_caps(1)
        ts, cs = self.ring_templates(caps, int(r.integers(2, 4)))
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), r.uniform(.3, .7), COT, .1, False, [.2, .3, .3, .2],
                                        wrap=e["wraps"]))
        mem = []
        for pace in self.paces(k, .05, .35):
            c = str(r.choice(["US", "GB", "DE", "BR"]))
            ip = resi[int(r.integers(len(resi)))]
            acc = self.acct("extension_mimic", e["name"], rid, c, self.created("aged"), self.email(c),
                            pay=self.token(), ring=rid)
            self.harvest_stream(acc, src, pace, prof=self.prof("diurnal", self.tz(c)),
                                segs=[(self.pool([ip], 0), 1.0)], uas=[(self.ua(ua_browser(r) + " " + e["ver"]), 1.0)],
                                sess=(10, 60), gap=(5, 25), model=(.2, .3, .3, .2))
            mem.append(acc)
        self.ring_meta(rid, "extension_mimic", mem, caps=caps, extension=e["name"],
                       shares=["extension_wrapper", "template"],
                       signals_kept=["volume far above any extension user", "harvest templates inside the wrapper",
                                     "each on one residential proxy address"], payment="one card per account")

    def r_slow_drip(self, rid, k):
        r = self.r
        resi = self.resi_addrs()
        caps = self.pick_caps(1)
        ts, cs = self.ring_templates(caps, int(r.integers(2, 4)))
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), r.uniform(.6, 1.0), COT, .3, False, [0, 0, 0, 1]))
        ua = self.ua(ua_sdk(r, "aiohttp"))
        w0 = int(r.integers(0, 24))
        prof = self.prof("windows", 0, ((w0, w0 + 2), (w0 + 6, w0 + 7), (w0 + 13, w0 + 15)))
        mem = []
        for pace in self.r.uniform(15, 60, k):
            c = str(r.choice(["US", "GB", "DE", "FR", "CA", "AU"]))
            acc = self.acct("slow_drip", "low_and_slow", rid, c, self.created("aged"), self.email(c),
                            pay=self.token(), ring=rid)
            ip = resi[int(r.integers(len(resi)))]
            self.harvest_stream(acc, src, pace, prof=prof, segs=[(self.pool([ip], 0), 1.0)], uas=[(ua, 1.0)],
                                sess=(5, 20), gap=(10, 40), p=.85, model=(0, 0, 0, 1))
            mem.append(acc)
        self.ring_meta(rid, "slow_drip", mem, caps=caps, shares=["template", "schedule", "model", "user_agent"],
                       signals_kept=["harvest template family", "one reasoning model only",
                                     "the same three job windows", "identical client user agent"],
                       payment="one card per account (aged accounts)")

    def r_hydra_reseller(self, rid, k):
        """A reseller's cluster: resold accounts carry its customers' chat and its own harvesting."""
        r = self.r
        self.resi_addrs()
        blocks = self.net.cidr_block24(self.net.dc, 10)
        dc = self.net.add(np.concatenate([b + r.choice(np.arange(2, 254), 8, replace=False) for b in blocks]))
        dcp = self.pool(dc, 0)
        caps = self.pick_caps(int(r.integers(3, 5)))
        ts, cs = self.ring_templates(caps, 3)
        src = self.source(HarvestSource(ts, cs, np.ones(len(ts)), r.uniform(.4, .7), COT, .25, False,
                                        [.1, 0, .55, .35]))
        gw = self.ua(f"relaygate/0.9.{int(r.integers(0, 12))}")
        mem = []
        paces = r.uniform(8, 60, k)
        done = 0
        while done < k:
            b = min(k - done, int(r.integers(20, 61)))
            wave = self.burst(b, before=(2, 90), inside_p=.25)
            cards = [self.token() for _ in range(int(r.integers(1, 3)))]
            for i in range(b):
                c = str(r.choice(["US", "JP", "GB", "DE", "CA"]))
                acc = self.acct("hydra_reseller", "resold_account", rid, c, wave[i],
                                self.email(c), pay=cards[i % len(cards)], ring=rid)
                segs = [(dcp, .5), (self._resi_pool, .5)]
                self.harvest_stream(acc, src, paces[done + i], prof=self.prof("flat"), segs=segs, uas=[(gw, 1.0)],
                                    sess=(20, 100), gap=(2, 15))
                cu = [(gw, .6), (self.ua(ua_sdk(r)), .4)]
                self.stream(acc, prof=self.prof("personal", 8.0), dayp=self.dayp("personal"), p=.85,
                            mean=r.uniform(3, 15), sess=r.uniform(2, 8), gap=r.uniform(20, 90), segs=segs, uas=cu,
                            keys=[self.key()], src=self.chat(str(r.choice(["general", "dev", "student"]))),
                            model=M_CHAT, day_from=self.signup_day(acc))
                mem.append(acc)
            done += b
        self.ring_meta(rid, "hydra_reseller", mem, caps=caps, shares=["reseller_proxies", "bulk_cards",
                       "gateway_user_agent", "signup_waves", "template"],
                       signals_kept=["the reseller gateway's user agent", "bulk cards, each shared by a wave",
                                     "sign-up waves", "datacenter proxy /24s of the reseller",
                                     "harvest template families under resold chat"],
                       payment="one or two bulk cards per sign-up wave")


# =========================================================================== ring sizes

def partition(total: int, lo: int, hi: int, rng) -> list[int]:
    """Ring sizes in [lo, hi] summing to total, skewed towards the small end (total < lo: one ring)."""
    if total <= 0:
        return []
    if total < lo:
        return [total]
    sizes = np.arange(lo, hi + 1)
    p = sizes ** -1.3
    p /= p.sum()
    out = []
    while sum(out) < total:
        out.append(int(rng.choice(sizes, p=p)))
    while sum(out) != total:
        if sum(out) > total:
            cand = [i for i, x in enumerate(out) if x > lo]
            if not cand:
                out.pop()
                continue
            out[cand[int(rng.integers(len(cand)))]] -= 1
        else:
            cand = [i for i, x in enumerate(out) if x < hi]
            if not cand:
                out.append(lo)
                continue
            out[cand[int(rng.integers(len(cand)))]] += 1
    return sorted(out, reverse=True)


def ring_sizes(R: int, mode: str, rng) -> list[int]:
    if mode == "small":
        return partition(R, 3, 15, rng)
    if mode == "mixed":
        ts, tm = round(.5 * R), round(.3 * R)
        tl = R - ts - tm
        if tl < 61:
            tm, tl = tm + tl, 0
        if tm < 16:
            ts, tm = ts + tm, 0
        return partition(tl, 61, 250, rng) + partition(tm, 16, 60, rng) + partition(ts, 3, 15, rng)
    if mode == "hydra":
        H = int(round(rng.uniform(.70, .85) * R))
        rest = R - H
        if 0 < rest < 3:
            H, rest = H + rest, 0
        return ([H] if H else []) + partition(rest, 3, 15, rng)
    raise ValueError(mode)


# =========================================================================== the engine: streams -> requests

def csr(lists, weighted: bool):
    """Flatten per-stream lists into (offsets, values, cumulative weights within each stream)."""
    lens = np.array([len(x) for x in lists], np.int64)
    off = np.concatenate([[0], np.cumsum(lens)])
    if weighted:
        vals = np.array([v for x in lists for v, _ in x], np.int64)
        w = np.array([w for x in lists for _, w in x], float)
        tot = np.repeat(np.add.reduceat(w, off[:-1]) if len(w) else w, lens)
        cw = np.cumsum(w / tot)
        cw -= np.repeat(cw[off[:-1]] - (w / tot)[off[:-1]], lens)
        cw[off[1:] - 1] = 1.0
        return off, vals, cw, lens
    vals = [v for x in lists for v in x]
    return off, vals, None, lens


def pick_weighted(owner: np.ndarray, u: np.ndarray, off, cw) -> np.ndarray:
    """Index into the flat CSR values: the first entry of owner's list whose cumulative weight exceeds u."""
    n_owner = len(off) - 1
    key = np.repeat(np.arange(n_owner), np.diff(off)).astype(float) + cw
    return np.searchsorted(key, owner + np.minimum(u, 1 - 1e-12), side="right")


def simulate(w: World, seed: int, log) -> tuple[dict, dict]:
    rng = np.random.default_rng([seed, 20, 2])
    A, D = len(w.A["cohort"]), w.D
    St = {k: np.array(v) for k, v in w.S.items() if k not in ("segs", "uas", "keys", "model")}
    acc_s = St["acc"]
    ns = len(acc_s)
    created = np.array(w.A["created"], np.int64)
    paid = np.array(w.A["paid"], bool)
    sday = np.maximum(0, (created - T0) // DAY)
    # ---- requests per stream and day
    P = np.array(w.dayp_arr)[St["dayp"]]
    days = np.arange(D)
    valid = (days >= St["day_from"][:, None]) & (days < St["day_to"][:, None]) & (days >= sday[acc_s][:, None])
    p = np.clip(St["p"][:, None] * P, 0, 1)
    active = (rng.random((ns, D)) < p) & valid
    disp = St["disp"][:, None]
    lam = St["mean"][:, None] * np.maximum(P, 1.0) * rng.gamma(disp, 1 / disp, (ns, D))
    want = np.where(active, np.maximum(rng.poisson(lam), 1), 0)
    limit = np.where(paid, DAILY_LIMIT, FREE_DAILY_LIMIT)
    tot = np.zeros((A, D), np.int64)
    np.add.at(tot, acc_s, want)
    factor = np.minimum(1.0, limit[:, None] / np.maximum(tot, 1))
    cnt = np.floor(want * factor[acc_s] + 1e-9).astype(np.int64)
    refused = int(want.sum() - cnt.sum())
    # ---- sessions
    si, di = np.nonzero(cnt)
    c = cnt[si, di]
    nsess = np.clip(np.rint(c / St["sess"][si] * rng.lognormal(0, .3, len(c))), 1, c).astype(np.int64)
    E = int(c.sum())
    log(f"  {E:,} requests ({refused:,} refused over the limit), {int(nsess.sum()):,} sessions planned")
    ev_pair = np.repeat(np.arange(len(c)), c)
    soff = np.cumsum(nsess) - nsess
    ev_s = soff[ev_pair] + (rng.random(E) * nsess[ev_pair]).astype(np.int64)
    order = np.argsort(ev_s, kind="stable")
    ev_s = ev_s[order]
    ev_pair = ev_pair[order]
    del order
    starts = np.flatnonzero(np.r_[True, ev_s[1:] != ev_s[:-1]])
    size = np.diff(np.r_[starts, E])
    nS = len(starts)
    sess = np.repeat(np.arange(nS), size)
    rank = np.arange(E) - np.repeat(starts, size)
    s_stream = si[ev_pair[starts]]
    s_day = di[ev_pair[starts]]
    s_acc = acc_s[s_stream]
    ev_stream = s_stream[sess]
    # ---- times: session start from the stream's hour profile, gaps inside the session
    g = rng.exponential(St["gap"][ev_stream]) + 0.4
    g[rank == 0] = 0
    cs = np.cumsum(g)
    off = cs - np.repeat(cs[starts], size)
    dur = off[np.r_[starts[1:], E] - 1]
    squeeze = np.where(dur > 80000, 80000 / np.maximum(dur, 1), 1.0)
    off *= squeeze[sess]
    dur *= squeeze
    prof = St["prof"][s_stream]
    cdf = np.cumsum(np.array(w.prof_arr), axis=1)
    cdf[:, -1] = 1.0
    key = (np.arange(len(cdf))[:, None] + cdf).ravel()
    b = np.searchsorted(key, prof + np.minimum(rng.random(nS), 1 - 1e-12), side="right") - prof * 48
    start = (b + rng.random(nS)) * 1800
    start = np.minimum(start, np.maximum(0, DAY - 1 - dur))
    t = start[sess] + off
    on_signup = s_day[sess] == sday[s_acc][sess]
    csod = (created[s_acc][sess] - T0 - s_day[sess] * DAY).clip(0, DAY - 1)
    t = np.where(on_signup & (csod > 0), csod + 1 + t * (DAY - 2 - csod) / DAY, t)
    ms = (T0 + s_day[sess] * DAY).astype(np.int64) * 1000 + (t * 1000).astype(np.int64)
    ms = np.minimum(ms, (T0 + (s_day[sess] + 1) * DAY) * 1000 - 1)
    # ---- addresses: a segment (pool) per session, a member per session / request / account / day
    soff_, svals, scw, _ = csr(w.S["segs"], True)
    seg = pick_weighted(s_stream, rng.random(nS), soff_, scw)
    s_pool = svals[seg]
    pkind = np.array([k for k, _ in w.pools], np.int64)
    plen = np.array([len(x) for _, x in w.pools], np.int64)
    poff = np.concatenate([[0], np.cumsum(plen)])
    pmem = np.concatenate([x for _, x in w.pools])
    kind = pkind[s_pool]
    u = rng.random(nS)
    u = np.where(kind == 2, _u(s_acc, s_pool, 7), u)
    u = np.where((kind == 3) | (kind == 4), _u(s_acc, s_day, 11), u)
    s_ip = pmem[poff[s_pool] + (u * plen[s_pool]).astype(np.int64)]
    ev_ip = s_ip[sess]
    rot = kind[sess] == 1
    ev_pool = s_pool[sess]
    ev_ip[rot] = pmem[poff[ev_pool[rot]] + (rng.random(int(rot.sum())) * plen[ev_pool[rot]]).astype(np.int64)]
    base = S(w.net.strs)
    v6 = np.flatnonzero((kind == 4) | (kind == 5))
    if len(v6):
        h1 = (_u(s_acc[v6], s_day[v6], 13) * 2 ** 52).astype(np.int64)
        h2 = (rng.random(len(v6)) * 2 ** 52).astype(np.int64)
        h3 = (rng.random(len(v6)) * 2 ** 32).astype(np.int64)
        hh = np.where(kind[v6] == 4, h1, h2)
        iid = J(hex16(hh >> 36), ":", hex16(hh >> 20), ":", hex16(hh >> 4), ":", hex16(hh * 7 + 3))
        pre = base.take(s_ip[v6])
        mid = J(hex16(h3 >> 16), ":", hex16(h3), ":")
        strs = when(kind[v6] == 4, J(pre, ":", iid), J(pre, ":", mid, iid))
        code = np.arange(nS, dtype=np.int64) * 0 - 1
        code[v6] = len(base) + np.arange(len(v6))
        ev_code = code[sess]
        ev_ip = np.where(ev_code >= 0, ev_code, ev_ip)
        base = pa.concat_arrays([base, strs])
    # ---- user agents and API keys per session
    uoff, uvals, ucw, _ = csr(w.S["uas"], True)
    s_ua = uvals[pick_weighted(s_stream, rng.random(nS), uoff, ucw)]
    koff, kvals, _, klen = csr(w.S["keys"], False)
    kvals_arr = S(kvals + [""])
    kl = klen[s_stream]
    s_key = np.where(kl > 0, koff[s_stream] + (rng.random(nS) * np.maximum(kl, 1)).astype(np.int64), len(kvals))
    # ---- prompts, answer lengths, models (one call per source)
    ev_acc = s_acc[sess]
    ev_day = s_day[sess]
    src = St["src"][ev_stream]
    var = np.zeros(A, np.int64)
    for a, v in w.reword_var.items():
        var[a] = v
    order = np.argsort(src, kind="stable")
    us, ucnt = np.unique(src[order], return_counts=True)
    chunks, tok, mod = [], np.empty(E), np.full(E, -1, np.int64)
    pos = 0
    trng = np.random.default_rng([seed, 20, 3])
    for sid, n in zip(us, ucnt):
        ix = order[pos:pos + n]
        pos += n
        ev = {"n": int(n), "acc": ev_acc[ix], "sess": sess[ix], "rank": rank[ix], "day": ev_day[ix],
              "var": var[ev_acc[ix]]}
        pr, tk, md = w.sources[int(sid)].render(ev, trng)
        chunks.append(pr)
        tok[ix] = tk
        if md is not None:
            mod[ix] = md
    prompts = pa.concat_arrays(chunks)
    del chunks
    inv = np.empty(E, np.int64)
    inv[order] = np.arange(E)
    del order
    mw = np.array([x for x in w.S["model"]], float)
    mw = np.cumsum(mw / mw.sum(1, keepdims=True), axis=1)
    need = mod < 0
    mod[need] = (rng.random(int(need.sum()))[:, None] > mw[ev_stream[need]]).sum(1)
    mod = np.minimum(mod, len(MODELS) - 1)
    sig = St["sigma"][ev_stream]
    tokens = np.rint(np.exp(np.log(np.maximum(tok, 1)) + sig * rng.standard_normal(E))).astype(np.int64)
    cap = np.array([MAX_TOKENS[i] for i in range(len(MODELS))])[mod]
    tokens = np.clip(tokens, 1, cap)
    # ---- payment per request: the account's card (a replacement after its switch day); none on free tier
    pay1 = w.A["pay1"]
    pay2 = w.A["pay2"]
    ptab = sorted({x for x in pay1 + pay2 if x is not None})
    pidx = {x: i for i, x in enumerate(ptab)}
    p1 = np.array([pidx[x] if x is not None else -1 for x in pay1], np.int64)
    p2 = np.array([pidx[x] if x is not None else -1 for x in pay2], np.int64)
    sw = np.array(w.A["switch"], np.int64)
    ev_pm = np.where(ev_day >= sw[ev_acc], p2[ev_acc], p1[ev_acc])
    # ---- time order
    fin = np.lexsort((rank, sess, ms))
    out = {"acc": ev_acc[fin], "ms": ms[fin], "ip_code": ev_ip[fin], "ip_table": base, "pm": ev_pm[fin],
           "ptab": ptab, "prompt_take": inv[fin], "prompts": prompts, "ua": s_ua[sess][fin], "tokens": tokens[fin],
           "model": mod[fin], "key": s_key[sess][fin], "keys": kvals_arr, "day": ev_day[fin]}
    stats = {"refused": refused, "sessions": nS}
    return out, stats


# =========================================================================== outputs

def account_ids(n: int, rng) -> list[str]:
    alpha = np.array(list("abcdefghjkmnpqrstuvwxyz23456789"))
    out, seen = [], set()
    while len(out) < n:
        m = n - len(out)
        raw = alpha[rng.integers(0, len(alpha), (m, 10))]
        for row in raw:
            s = "acc-" + "".join(row)
            if s not in seen:
                seen.add(s)
                out.append(s)
    return out


def write(w: World, ev: dict, stats: dict, args, out: Path, t_start: float, log):
    out.mkdir(parents=True, exist_ok=True)
    A = len(w.A["cohort"])
    ids = account_ids(A, np.random.default_rng([args.seed, 20, 4]))
    ids_arr = S(ids)
    n = len(ev["acc"])
    ptab = S(ev["ptab"] + [None])
    pm = np.where(ev["pm"] >= 0, ev["pm"], len(ev["ptab"]))
    uas, models = S(w.ua_strs), S(MODELS)
    names = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
    types = [pa.string(), pa.timestamp("ms", tz="UTC"), pa.string(), pa.string(), pa.string()]
    if not args.minimal:
        names += ["user_agent", "output_tokens", "model", "api_key_id"]
        types += [pa.string(), pa.int64(), pa.string(), pa.string()]
    schema = pa.schema(list(zip(names, types)))
    RG = 262_144
    with pq.ParquetWriter(out / "events.parquet", schema, compression="zstd") as pw:
        for i in range(0, max(n, 1), RG):
            sl = slice(i, min(n, i + RG))
            cols = [ids_arr.take(ev["acc"][sl]), pa.array(ev["ms"][sl], pa.timestamp("ms", tz="UTC")),
                    ev["ip_table"].take(ev["ip_code"][sl]), ptab.take(pm[sl]),
                    ev["prompts"].take(ev["prompt_take"][sl])]
            if not args.minimal:
                keys = ev["keys"].take(ev["key"][sl])
                cols += [uas.take(ev["ua"][sl]), pa.array(ev["tokens"][sl], pa.int64()), models.take(ev["model"][sl]),
                         pc.if_else(pc.equal(keys, ""), pa.scalar(None, pa.string()), keys)]
            pw.write_table(pa.Table.from_arrays(cols, schema=schema), row_group_size=RG)
    # accounts and truth, sorted by id
    o = np.argsort(np.array(ids))
    created = pd.to_datetime(np.array(w.A["created"], np.int64), unit="s", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ")
    acc = pd.DataFrame({"account_id": ids, "created_at": created,
                        "payment_method": [x or "" for x in w.A["pay1"]], "email_domain": w.A["email"],
                        "country": w.A["country"], "org_id": w.A["org"]}).iloc[o]
    if args.minimal:
        acc = acc[["account_id", "payment_method"]]
    acc.to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    ring = np.array(w.A["ring"], dtype=object)
    truth = pd.DataFrame({"account_id": ids, "is_ring": np.where(ring != "", "true", "false"), "ring_id": ring,
                          "group_id": w.A["group"], "cohort": w.A["cohort"], "variant": w.A["variant"]}).iloc[o]
    truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    # world.json
    coh = np.array(w.A["cohort"], dtype=object)
    ev_per_acc = np.bincount(ev["acc"], minlength=A)
    cohorts = {}
    for c in sorted(set(coh)):
        m = coh == c
        grp = {g for g, x in zip(w.A["group"], m) if x and g}
        cohorts[c] = {"accounts": int(m.sum()), "events": int(ev_per_acc[m].sum()), "groups": len(grp),
                      "ring": c in SMALL_KINDS or c == "hydra_reseller",
                      "kind": "social" if c in SOCIAL else ("crowd" if c in CROWD else
                                                             ("ring" if (ring[m] != "").all() else "individual"))}
    benign = ring == ""
    grouped = benign & (np.array(w.A["group"], dtype=object) != "")
    social = grouped & np.isin(coh, list(SOCIAL))
    R = int((~benign).sum())
    rings = []
    for rm in w.rings:
        m = dict(rm)
        m["events"] = int(ev_per_acc[ring == rm["ring_id"]].sum())
        rings.append(m)
    meta = {
        "generator": GENERATOR,
        "params": {"accounts": args.accounts, "seed": args.seed, "ring_share": args.ring_share,
                   "ring_sizes": args.ring_sizes, "days": args.days, "minimal": bool(args.minimal),
                   "start": START.strftime("%Y-%m-%dT%H:%M:%SZ")},
        "platform": {"daily_limit": DAILY_LIMIT, "free_tier_daily_limit": FREE_DAILY_LIMIT,
                     "limit_day": "UTC calendar day", "refused_requests_not_logged": stats["refused"],
                     "models": MODELS},
        "counts": {"accounts": A, "events": n, "sessions": stats["sessions"], "ring_accounts": R,
                   "rings": len(w.rings), "benign_accounts": int(benign.sum()),
                   "benign_group_accounts": int(grouped.sum()), "benign_social_group_accounts": int(social.sum()),
                   "benign_groups": len({g for g, b in zip(w.A["group"], benign) if b and g}),
                   "benign_group_accounts_per_ring_account": round(int(grouped.sum()) / R, 1) if R else None,
                   "ring_events": int(ev_per_acc[~benign].sum()), "distinct_ips": int(len(np.unique(ev["ip_code"]))),
                   "distinct_payment_methods": len(ev["ptab"]), "user_agents": len(w.ua_strs)},
        "cohorts": cohorts,
        "ring_kinds": {k: sum(1 for x in w.rings if x["kind"] == k) for k in sorted({x["kind"] for x in w.rings})},
        "rings": rings,
        "reference_data": {"files": dict(sorted(w.ref.hashes.items()))},
        "generation_seconds": round(time.time() - t_start, 1),
    }
    (out / "world.json").write_text(json.dumps(meta, indent=1, sort_keys=False) + "\n")
    log(f"  wrote {out}: {n:,} events, {A:,} accounts, {R} ring accounts in {len(w.rings)} rings")


# =========================================================================== main

def build(args, log) -> tuple[World, dict, dict]:
    ref = Ref(data_dir())
    net = Net(ref, np.random.default_rng([args.seed, 20, 5]))
    tpl = load_templates(ref)
    aw = Awesome(ref.awesome())
    w = World(args, ref, net, tpl, aw)
    N = args.accounts
    R = int(round(args.ring_share * N))
    B = N - R
    quota = {k: int(math.floor(v * B)) for k, v in BENIGN_SHARES.items()}
    quota = {"casual_user": B - sum(quota.values()), **quota}
    log(f"  {N:,} accounts: {B:,} benign, {R:,} in rings")
    for k, q in quota.items():
        if q > 0:
            getattr(w, "b_" + k)(q)
    sizes = ring_sizes(R, args.ring_sizes, np.random.default_rng([args.seed, 20, 6]))
    w.build_rings(sizes, args.ring_sizes)
    assert len(w.A["cohort"]) == N, (len(w.A["cohort"]), N)
    assert all(w.S["segs"]) and all(w.S["uas"])
    log(f"  {len(w.S['acc']):,} activity streams, {len(w.net.strs):,} addresses, {len(w.sources)} prompt sources")
    ev, stats = simulate(w, args.seed, log)
    return w, ev, stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--accounts", type=int, default=20000, help="number of accounts (default 20000, at least 100)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--ring-share", type=float, default=0.003,
                    help="share of accounts in rings: exactly round(F*N) ring accounts (default 0.003)")
    ap.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], default="small",
                    help="small: every ring 3-15 accounts; mixed: ~50%% of ring accounts in rings of 3-15, 30%% in "
                         "16-60, 20%% in 61-250; hydra: one reseller cluster of 70-85%% of ring accounts plus small "
                         "rings (default small)")
    ap.add_argument("--days", type=int, default=21, help="days simulated from Monday 2027-02-01 (default 21, >= 7)")
    ap.add_argument("--minimal", action="store_true",
                    help="only account_id, timestamp, ip, payment_method, prompt in events; account_id, "
                         "payment_method in accounts")
    ap.add_argument("--out", required=True, type=Path, help="output directory")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.accounts < 100 or args.days < 7 or not 0 <= args.ring_share < 0.5:
        ap.error("need --accounts >= 100, --days >= 7 and 0 <= --ring-share < 0.5")
    t0 = time.time()
    log = (lambda *_: None) if args.quiet else (lambda m: print(f"[{time.time() - t0:6.1f}s] {m}", file=sys.stderr,
                                                                  flush=True))
    w, ev, stats = build(args, log)
    write(w, ev, stats, args, args.out, t0, log)


if __name__ == "__main__":
    main()
