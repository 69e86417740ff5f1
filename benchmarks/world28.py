#!/usr/bin/env python3
"""World 28: "Halyard API", a blind synthetic test world for distillation-ring detection (docs/WORLD28.md).

Writes a month of API traffic on a fictional 2026 LLM API platform with the ground truth of which accounts belong
to distillation rings:

    python3 benchmarks/world28.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR

Files: events.parquet (or events.csv with --format csv), accounts.csv, truth.csv, world.json.
Deterministic for a seed (no dependence on PYTHONHASHSEED). Reads the shared reference data from
$GRAPHHUNT_SHARED_DATA, else ../shared/data beside the checkout, else /work/shared/data.

Design (my own, written blind): the population is a set of *personas* (an account has one or, when its behaviour
changes inside the window, several). Each persona has a day-activity vector, a local hour profile, a session
style, address/user-agent/key pools, a payment token and a prompt recipe. Events are drawn per (persona, day) as
Poisson counts, timed, limited by the plan's per-minute then per-day limits (refused requests are not logged),
and their prompts are assembled from fragments of real text (awesome-chatgpt-prompts, promptsource templates
rendered with a per-event item) plus frames of my own.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import ipaddress
import json
import math
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

HERE = Path(__file__).resolve()
_BESIDE = HERE.parents[2] / "shared" / "data"
START = pd.Timestamp("2026-11-02T00:00:00Z")       # a Monday; US/EU clocks already changed (no DST inside)
START_MS = int(START.value // 1_000_000)
DAY_MS = 86_400_000

TIERS = ["free", "dev", "team", "business"]
DAILY = {"free": 40, "dev": 800, "team": 4000, "business": 25000}
MINUTE = {"free": 4, "dev": 30, "team": 90, "business": 300}
MODELS = ["halyard-3", "halyard-3-lite", "halyard-3-reason", "halyard-3-coder"]
MODEL_TOKEN_MULT = np.array([1.0, 0.7, 2.2, 1.2])

# region: country, UTC offset (minutes, fixed for November 2026), frame language, home ISPs, mobile carriers, weight
REGIONS = [
    ("us-east", "US", -300, "en", [7922, 701, 22773, 20115], [22394, 20057], 14),
    ("us-central", "US", -360, "en", [7922, 7018, 20115], [20057, 21928], 7),
    ("us-west", "US", -480, "en", [7922, 209, 7018], [22394, 21928], 9),
    ("ca", "CA", -300, "en", [812, 6327, 577], [812], 3),
    ("br", "BR", -180, "pt", [18881, 28573, 7738], [26615, 28573], 5),
    ("mx", "MX", -360, "es", [8151], [8151], 2),
    ("gb", "GB", 0, "en", [2856, 5089, 13285], [12576, 25135], 6),
    ("de", "DE", 60, "de", [3320, 3209], [6805, 3320], 5),
    ("fr", "FR", 60, "fr", [3215, 12322, 15557], [5410, 15557], 4),
    ("es", "ES", 60, "es", [3352, 12479], [3352], 2),
    ("it", "IT", 60, "en", [3269], [30722], 2),
    ("pl", "PL", 60, "pl", [5617], [5617], 2),
    ("tr", "TR", 180, "en", [9121, 34984], [9121], 2),
    ("in", "IN", 330, "en", [9829, 24560], [45609, 45271], 8),
    ("id", "ID", 420, "en", [17974, 7713], [23693], 3),
    ("vn", "VN", 420, "vi", [7552, 45899], [7552], 2),
    ("ph", "PH", 480, "en", [9299, 4775], [4775], 2),
    ("jp", "JP", 540, "ja", [4713, 2516, 17676], [9605], 4),
    ("kr", "KR", 540, "ko", [4766, 9318, 3786], [4766], 4),
    ("au", "AU", 660, "en", [1221, 7545, 4804], [1221], 2),
    ("ng", "NG", 60, "en", [29465, 37148], [29465], 1),
]
BUSINESS_ASNS = [174, 3356, 6461, 701, 7018, 3320, 2856, 4713]
CONSUMER_MAIL = {"US": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com", "proton.me"],
                 "DE": ["gmail.com", "gmx.de", "web.de", "t-online.de"], "FR": ["gmail.com", "orange.fr", "free.fr"],
                 "JP": ["gmail.com", "yahoo.co.jp", "icloud.com"], "KR": ["naver.com", "gmail.com", "daum.net"],
                 "BR": ["gmail.com", "hotmail.com", "uol.com.br"], "IN": ["gmail.com", "rediffmail.com", "yahoo.in"],
                 "GB": ["gmail.com", "outlook.com", "btinternet.com"], "PL": ["gmail.com", "wp.pl", "o2.pl"]}
DISPOSABLE = ["mailinator.com", "yopmail.com", "guerrillamail.com", "sharklasers.com", "10minutemail.com",
              "trashmail.com", "dispostable.com", "maildrop.cc"]

# ------------------------------------------------------------------------------------------------ text material
LANG_FRAMES = {
    "en": ["Can you help me understand {}?", "Explain {} in simple terms.", "What are the pros and cons of {}?",
           "Give me three ideas related to {}.", "I'm confused about {}. Where should I start?",
           "Write a short, friendly paragraph about {}.", "Summarize the main debates around {}.",
           "How would you plan a weekend around {}?", "What should a beginner know about {}?",
           "Make a checklist for {}.", "Is it true that {} is overrated? Be honest.",
           "My friend says {} is easy. Is it?", "Compare two common approaches to {}.",
           "Tell me a fun fact about {} and then a surprising one.", "Draft a tweet about {} without hashtags.",
           "what's the deal with {} lol", "quick q: {}?? keep it short", "Help me write a message to my team about {}."],
    "es": ["¿Me puedes explicar {} de forma sencilla?", "Dame tres ideas sobre {}.", "¿Qué debería saber sobre {}?",
           "Escribe un párrafo corto sobre {}.", "¿Cuáles son las ventajas y desventajas de {}?"],
    "pt": ["Pode me explicar {} de um jeito simples?", "Me dê três ideias sobre {}.", "O que devo saber sobre {}?",
           "Escreva um parágrafo curto sobre {}.", "Quais são os prós e contras de {}?"],
    "de": ["Kannst du mir {} einfach erklären?", "Gib mir drei Ideen zu {}.", "Was sollte ich über {} wissen?",
           "Schreib einen kurzen Absatz über {}.", "Was sind Vor- und Nachteile von {}?"],
    "fr": ["Peux-tu m'expliquer {} simplement ?", "Donne-moi trois idées sur {}.", "Que faut-il savoir sur {} ?",
           "Écris un court paragraphe sur {}.", "Quels sont les avantages et inconvénients de {} ?"],
    "pl": ["Czy możesz prosto wyjaśnić {}?", "Daj mi trzy pomysły na temat {}.", "Co powinienem wiedzieć o {}?",
           "Napisz krótki akapit o {}."],
    "vi": ["Bạn có thể giải thích {} một cách đơn giản không?", "Cho tôi ba ý tưởng về {}.",
           "Tôi nên biết gì về {}?", "Viết một đoạn ngắn về {}."],
    "ja": ["{}について簡単に説明してください。", "{}に関するアイデアを三つください。", "{}について知っておくべきことは何ですか？",
           "{}について短い文章を書いてください。"],
    "ko": ["{}에 대해 쉽게 설명해 줄래요?", "{}에 관한 아이디어 세 가지를 알려 주세요.", "{}에 대해 알아야 할 것은 무엇인가요?",
           "{}에 대한 짧은 글을 써 주세요."],
}
TOPICS = {
    "en": ["compound interest", "sourdough starters", "the French Revolution", "running a first marathon",
           "Kubernetes autoscaling", "learning Japanese kana", "houseplants that survive low light",
           "negotiating a salary", "the immune system", "electric car batteries", "budgeting on a student income",
           "writing a cover letter", "black holes", "home composting", "the stock market", "sleep hygiene",
           "planning a trip to Lisbon", "the causes of inflation", "climate adaptation in cities", "chess openings",
           "time management for freelancers", "the Roman Empire's collapse", "photosynthesis", "dog training",
           "credit scores", "meal prep for a week", "public speaking nerves", "solar panels for apartments",
           "the history of jazz", "how vaccines are tested", "raising chickens", "remote work etiquette",
           "choosing a laptop for video editing", "Bayesian statistics", "moving to a new city",
           "the water cycle", "learning to swim as an adult", "open source licences", "knitting a scarf",
           "quantum computing", "writing unit tests", "the Cold War", "making cold brew", "tax deductions"],
    "es": ["el interés compuesto", "la fotosíntesis", "aprender inglés", "la inflación", "un viaje a Oaxaca",
           "la Revolución Mexicana", "el ahorro para estudiantes", "las energías renovables"],
    "pt": ["juros compostos", "a fotossíntese", "aprender inglês", "a inflação", "uma viagem a Salvador",
           "o mercado de ações", "energia solar", "a história do samba"],
    "de": ["Zinseszins", "die Photosynthese", "Englisch lernen", "die Inflation", "eine Reise nach Wien",
           "Mülltrennung", "Solaranlagen auf dem Balkon", "die Weimarer Republik"],
    "fr": ["les intérêts composés", "la photosynthèse", "apprendre l'anglais", "l'inflation", "un voyage à Lyon",
           "la Révolution française", "le compostage", "les panneaux solaires"],
    "pl": ["procent składany", "fotosynteza", "nauka angielskiego", "inflacja", "wycieczka do Krakowa"],
    "vi": ["lãi kép", "quang hợp", "học tiếng Anh", "lạm phát", "du lịch Đà Nẵng"],
    "ja": ["複利", "光合成", "英語の勉強", "インフレ", "京都旅行", "確定申告"],
    "ko": ["복리", "광합성", "영어 공부", "인플레이션", "부산 여행", "연말정산"],
}
CODE_FRAMES = ["Write a {} function that {}.", "Why does my {} code fail when it {}? Here is the idea: it loops once.",
               "Refactor this {} snippet so that it {}:\n\nfor i in range(len(items)):\n    total += items[i]",
               "Write unit tests in {} for a function that {}.", "Explain how to implement, in {}, code that {}."]
CODE_LANGS = ["Python", "TypeScript", "Go", "Rust", "Java", "SQL", "Bash", "C#", "Kotlin", "Ruby"]
CODE_TASKS = ["parses ISO dates from a log line", "deduplicates a list while keeping order",
              "retries an HTTP call with exponential backoff", "reads a CSV and sums one column",
              "validates an email address", "merges two sorted arrays", "computes a moving average",
              "streams a large file line by line", "caches results with a time limit", "paginates an API",
              "converts Markdown headings to a table of contents", "finds the longest palindrome in a string",
              "rate-limits calls per user", "serialises a tree to JSON", "schedules a job every night"]
WORK_FRAMES = ["Draft a polite reply to a customer who {}.", "Write meeting notes for a call where we {}.",
               "Turn this into a status update for my manager: we {}.", "Rewrite this more formally: we {}.",
               "Make a short agenda for a workshop where the team {}."]
WORK_SITUATIONS = ["missed the delivery date by two days", "asked for a refund after the trial",
                   "agreed to move the launch to Q1", "found a bug in the invoice export", "hired two contractors",
                   "want to switch vendors for payroll", "finished the security review", "lost a key client",
                   "doubled support tickets after the release", "decided to pilot a four-day week"]
HOMEWORK_FRAMES = ["Explain {} like I'm a first-year student.", "I have an exam on {} tomorrow, give me the key points.",
                   "Can you check my understanding of {}? I think it means the opposite of entropy.",
                   "Make five practice questions about {} with answers.", "What's the difference between {} and its "
                   "textbook definition?"]
HOMEWORK_TOPICS = ["the Krebs cycle", "supply and demand curves", "Newton's third law", "the Treaty of Versailles",
                   "eigenvalues", "recursion", "the mitochondria", "Keynesian economics", "sonnets", "limits in calculus",
                   "the Bill of Rights", "plate tectonics", "Big-O notation", "the Renaissance", "organic chemistry"
                   " reaction mechanisms", "hypothesis testing", "the Industrial Revolution", "linked lists"]
# per-event items: three fragment pools per domain, combined (a + b + c)
NAMES = ["Mira", "Tomas", "Aiko", "Kwame", "Lena", "Ravi", "Sofia", "Jun", "Olu", "Ines", "Pavel", "Noor", "Dara",
         "Felix", "Hana", "Omar", "Zoe", "Ivan", "Priya", "Luca"]
PLACES = ["Marlow", "Tarnby", "Oakridge", "Vellmar", "Port Ellis", "Kestrel Bay", "Northgate", "Ambleside",
          "Riverton", "Calder Falls", "Dunmore", "Elmstead"]
WHEN = ["", " last month", " this spring", " after a heated meeting", " for the second time", " despite protests",
        " in a surprise move", " without public notice"]
ITEM_PARTS = {
    "general": (
        [f"{p}'s {w}" for p in PLACES for w in ["city council", "football club", "library", "hospital board",
                                                 "harbour authority", "school district", "bakery cooperative",
                                                 "tenants' union", "youth orchestra", "ferry company"]],
        [v + t for v in [" voted to expand", " quietly abandoned plans to rebuild", " announced a review of",
                         " has been criticised for neglecting", " received a grant to modernise",
                         " is considering closing", " celebrated fifty years of", " asked residents for opinions on",
                         " postponed a decision about", " secured private funding for"] for t in WHEN],
        [" the night bus network.", " its oldest public building.", " a flood barrier along the river.",
         " free meals for children.", " the ageing water pipes.", " a new cycling lane downtown.",
         " weekend opening hours.", " a solar farm on the old airfield.", " rent controls.", " the annual festival.",
         " its digital archive.", " street lighting in the east end.", " the community pool.",
         " a twinning deal with a Danish town."]),
    "math": (
        [f"{n} has {k} {o}" for n in NAMES for k in (12, 17, 23, 36, 48, 59, 64, 75, 88, 93, 105, 120)
         for o in ("marbles", "stickers", "apples", "coins")],
        [f" and gives away {k}" for k in (3, 5, 7, 9, 11, 14, 19)] + [f" and buys {k} more" for k in (4, 6, 8, 13, 21, 30)]
        + [f" and splits them equally among {k} friends" for k in (2, 3, 4, 6)]
        + [f", then loses {k}% of them" for k in (10, 25, 40)],
        [". How many are left?", ". What fraction was given away?", ". Write the equation and solve it.",
         ". If each costs $0.25, what is the total value?", ". Show your work.",
         ". How many would there be after doing this twice?", ". Explain whether the result can be negative."]),
    "code": (
        [f"Implement in {lang} a routine that" for lang in CODE_LANGS] +
        [f"Using {lang}, write a function that" for lang in CODE_LANGS] +
        [f"In idiomatic {lang}, write code that" for lang in CODE_LANGS],
        [" " + t + x for t in CODE_TASKS for x in ["", " for a list of 10,000 records", " given a config object",
                                                     " from a stream of events", " inside a web handler",
                                                     " in a command-line tool"]],
        [" without external libraries.", ", with type hints.", ", and explain its complexity.", ", handling empty input.",
         ", in under 30 lines.", ", with docstrings and tests.", ", optimised for memory.", ", thread-safe."]),
    "med": (
        [f"A {a}-year-old {s}" for a in range(18, 90, 2) for s in ("woman", "man", "patient")],
        [x + f" for {d}" for x in [" presents with chest pain and shortness of breath",
                                    " reports fatigue and weight loss", " has a fever, rash and joint pain",
                                    " complains of blurred vision", " has a persistent dry cough",
                                    " reports numbness in the left hand", " presents with abdominal pain after meals",
                                    " has swollen ankles and night cough"]
         for d in ("two days", "a week", "three weeks", "two months", "six hours")],
        [". What is the most likely diagnosis?", ". What tests should be ordered first?",
         ". List the differential diagnosis.", ". What is the first-line treatment?", ". Which red flags matter?",
         " and takes metformin. How does that change management?"]),
    "legal": (
        [f"A {who} in {p}" for who in ("tenant", "small employer", "freelancer", "landlord", "school", "start-up",
                                       "charity", "delivery driver") for p in PLACES],
        [x + t for x in [" withheld rent because the heating failed", " dismissed a worker by text message",
                         " signed a contract without reading the penalty clause",
                         " recorded a phone call without consent", " refused to return a security deposit",
                         " used a competitor's logo in an advert", " published a customer's photo online"]
         for t in ("", " last year", " twice", " after a written warning", " during a dispute")],
        [". Analyse the legal issues.", ". What remedies are available?", ". Summarise the likely outcome.",
         ". Draft the key arguments for both sides.", ". Answer under English law.", ". Answer under German law."]),
}
DOMAINS = list(ITEM_PARTS)


def _dom(d: str) -> int:
    """Item domain code: an ITEM_PARTS domain, -1 a chat frame and topic, -2 nothing (the wrapper is the prompt)."""
    return {"chat": -1, "none": -2}.get(d, DOMAINS.index(d) if d in DOMAINS else 0)
# promptsource datasets by capability (skill-split rings and eval runners)
DATASET_DOMAIN = {"math": ["math_dataset", "math_qa", "aqua_rat", "numer_sense"],
                  "code": ["code_x_glue_tc_text_to_code", "openai_humaneval", "great_code", "neural_code_search"],
                  "med": ["pubmed_qa", "head_qa", "medical_questions_pairs", "covid_qa_castorini", "health_fact",
                          "medal", "ncbi_disease"],
                  "legal": ["ecthr_cases", "billsum", "lex_glue"]}
EVAL_DATASETS = ["piqa", "hellaswag", "ai2_arc", "openbookqa", "commonsense_qa", "winogrande", "super_glue", "anli",
                 "race", "sciq", "qasc", "social_i_qa", "cosmos_qa", "boolq"]
FILLERS = ["the committee", "a quiet afternoon", "Paris", "three", "the red notebook", "yes", "the river bank",
           "an old friend", "twelve percent", "the northern route", "a broken promise", "the museum"]
SYNONYMS = [
    {"Answer": "Respond", "answer": "respond", "Question": "Query", "question": "query", "following": "next"},
    {"Answer": "Reply", "answer": "reply", "text": "passage", "Which": "What", "correct": "right"},
    {"Question": "Prompt", "question": "prompt", "Given": "Considering", "following": "below", "best": "most fitting"},
]
REWORD_OPEN = ["Hey, ", "Quick task: ", "For my notes - ", "Please help: ", "Okay so ", "Work item: ", "Hi! ",
               "Need this for a project. ", "Study question. ", "One more: "]
REWORD_MID = ["read this carefully", "take your time", "be precise", "go step by step", "keep it complete",
              "no shortcuts", "answer fully", "double-check yourself"]
REWORD_END = [".\n\n", ":\n", " -\n\n", ". Thanks!\n\n", "\n---\n"]
CONTEXTS = ["", "", "", " I'm a nurse working nights.", " For context, I teach primary school.",
            " I run a small bakery.", " I'm a second-year engineering student.", " I'm retired and curious.",
            " Keep it short please.", " Use bullet points.", " I'm not a native speaker, so simple words please.",
            " This is for my book club.", " Explain like I'm twelve.", " I work in logistics.", " Be blunt.",
            " I'm preparing a presentation for Monday.", " Add one example.", " My budget is tight.",
            " I'm a software developer.", " I'm a parent of two toddlers.", " Answer in under 100 words.",
            " I live in a small flat.", " I've tried searching but got confused.", " Thanks in advance!"]
COT_SUFFIX = ["\n\nThink step by step and write out every intermediate step of your reasoning before the final answer.",
              "\n\nShow your full chain of reasoning, numbered, then give the answer on its own line.",
              "\n\nBefore answering, reason aloud in detail, considering alternatives, then conclude."]


# ------------------------------------------------------------------------------------------------ reference data
def data_dir() -> Path:
    d = os.environ.get("GRAPHHUNT_SHARED_DATA")
    if d:
        return Path(d)
    return _BESIDE if _BESIDE.exists() else Path("/work/shared/data")


class Ref:
    """The reference files this generator reads, with their sha256."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, str] = {}

    def path(self, rel: str) -> Path:
        p = self.root / rel
        self.files[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        return p


def _net(cidr: str):
    n = ipaddress.ip_network(cidr.strip(), strict=False)
    return int(n.network_address), n.prefixlen


def read_cidrs(p: Path):
    out = []
    for line in p.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and ":" not in line:
            out.append(_net(line))
    return out


def load_templates(ref: Ref):
    """promptsource templates rendered with one sentinel slot -> (dataset, name, head, tail); the rest filled."""
    import jinja2
    import yaml

    class Loader(yaml.CSafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_mapping(node, deep=True))
    SENT = "\x00SLOT\x00"

    class Slot(jinja2.Undefined):
        counter = [0]

        def __str__(self):
            Slot.counter[0] += 1
            return SENT if Slot.counter[0] == 1 else FILLERS[Slot.counter[0] % len(FILLERS)]

        def __iter__(self):
            return iter([Slot(), Slot(), Slot()])

        def __len__(self):
            return 3

        def __getitem__(self, k):
            return Slot()

        def __getattr__(self, k):
            if k.startswith("__"):
                raise AttributeError(k)
            return Slot()

        def __bool__(self):
            return True

        def __int__(self):
            return 1

        def __eq__(self, other):
            return False

        def __hash__(self):
            return 0

    env = jinja2.Environment(undefined=Slot)
    root = ref.root / "prompts" / "promptsource-templates"
    out = []
    for yml in sorted(root.rglob("templates.yaml"), key=lambda p: str(p.relative_to(root))):
        rel = str(yml.relative_to(ref.root))
        doc = yaml.load(ref.path(rel).read_text(encoding="utf-8"), Loader=Loader) or {}
        ds = str(yml.parent.relative_to(root)).split("/")[0]
        for tid in sorted((doc.get("templates") or {})):
            t = doc["templates"][tid]
            src = str(t.get("jinja", "")).split("|||")[0]
            try:
                Slot.counter[0] = 0
                random.seed(f"{rel}:{tid}")         # some templates use jinja's |random filter
                txt = env.from_string(src).render()
            except Exception:
                continue
            if SENT not in txt:
                continue
            head, _, tail = txt.partition(SENT)
            head, tail = head.replace(SENT, FILLERS[0]), tail.replace(SENT, FILLERS[1])
            if "{{" in head + tail or "{%" in head + tail or len(head + tail) > 1500:
                continue
            out.append((ds, str(t.get("name", tid)), head, tail.rstrip() + "\n"))
    return out


class IPSpace:
    def __init__(self, ref: Ref, rng: np.random.Generator):
        self.rng = rng
        need = set()
        for r in REGIONS:
            need.update(r[4]), need.update(r[5])
        need.update(BUSINESS_ASNS)
        names = json.loads(gzip.open(ref.path("ip/pyasn/asnames.json.gz")).read())
        df = pd.read_csv(ref.path("ip/pyasn/ipasn_20140513.dat.gz"), sep="\t", comment=";", header=None,
                         names=["prefix", "asn"], dtype={"prefix": str, "asn": "int64"}, compression="gzip")
        counts = df["asn"].value_counts()
        # universities by AS name (country code at the end of the name), at least 3 prefixes
        unis = {}
        for k in sorted(names, key=int):
            v = names[k]
            up = v.upper()
            if ("UNIVERSITY" in up or "COLLEGE" in up) and counts.get(int(k), 0) >= 3 and "," in v:
                unis.setdefault(v.rsplit(",", 1)[1].strip(), []).append((int(k), v))
        self.universities = unis
        for cc in ("US", "KR", "GB", "DE", "JP", "CA", "AU", "BR", "IN", "TR", "FR"):
            for a, _ in unis.get(cc, [])[:40]:
                need.add(a)
        sub = df[df["asn"].isin(need)]
        self.prefixes: dict[int, list] = {}
        for pfx, asn in zip(sub["prefix"], sub["asn"]):
            n, ln = _net(pfx)
            if 12 <= ln <= 24:
                self.prefixes.setdefault(int(asn), []).append((n, ln))
        self.names = names
        self.lists = {
            "vpn": read_cidrs(ref.path("ip/vpn/x4b_vpn_ipv4.txt")),
            "datacenter": read_cidrs(ref.path("ip/vpn/x4b_datacenter_ipv4.txt")),
        }
        for prov in ("amazon", "google", "microsoft", "oracle", "digitalocean", "linode"):
            self.lists[prov] = [c for c in read_cidrs(ref.path(f"ip/cloud/{prov}/ipv4_merged.txt")) if c[1] >= 12]
        ref.path("ip/vpn/x4b_vpn_ASN.txt")
        self.tor = [x.strip() for x in ref.path("ip/tor/tor-exit-nodes.lst").read_text().splitlines()
                    if x.strip() and ":" not in x]
        self.tor = [x for x in self.tor if ipaddress.ip_address(x).is_global]

    @staticmethod
    def _ok(v: int) -> bool:
        a = ipaddress.IPv4Address(v)
        return a.is_global and not (a.is_multicast or a.is_reserved or a.is_private)

    def from_nets(self, nets, k: int, same_block: bool = False) -> list[str]:
        rng = self.rng
        out = []
        if same_block:
            n, ln = nets[int(rng.integers(len(nets)))]
            base = n + (int(rng.integers(0, max(1, 2 ** (32 - ln) // 256))) * 256 if ln < 24 else 0)
            nets = [(base, 24)]
        tries = 0
        while len(out) < k and tries < 50 * k + 100:
            tries += 1
            n, ln = nets[int(rng.integers(len(nets)))]
            size = 2 ** (32 - ln)
            v = n + int(rng.integers(1, max(2, size - 1)))
            if v & 0xFF in (0, 255) or not self._ok(v):
                continue
            out.append(str(ipaddress.IPv4Address(v)))
        return out

    def asn(self, asn: int, k: int, same_block: bool = False) -> list[str]:
        nets = self.prefixes.get(asn)
        if not nets:
            nets = self.prefixes[7922]
        return self.from_nets(nets, k, same_block)

    def listed(self, name: str, k: int, same_block: bool = False) -> list[str]:
        return self.from_nets(self.lists[name], k, same_block)


# ------------------------------------------------------------------------------------------------ the world
class Frags:
    def __init__(self):
        self.items = [""]
        self.index = {"": 0}

    def add(self, s: str) -> int:
        i = self.index.get(s)
        if i is None:
            i = self.index[s] = len(self.items)
            self.items.append(s)
        return i


HOUR_SHAPES = {
    "human": [1, .5, .3, .2, .2, .3, .8, 2, 4, 6, 7, 7, 5, 6, 7, 7, 6, 5, 5, 6, 6, 5, 3, 2],
    "night": [6, 5, 4, 2, 1, .5, .3, .3, .5, 1, 2, 3, 3, 3, 3, 3, 3, 3, 4, 5, 6, 7, 8, 7],
    "office": [.1, .1, .1, .1, .1, .2, .5, 2, 6, 9, 9, 8, 5, 8, 9, 8, 6, 3, 1, .5, .4, .3, .2, .1],
    "flat": [1] * 24,
    "school": [.1, .1, .1, .1, .1, .1, .3, 3, 8, 9, 9, 8, 6, 8, 7, 3, 1, .5, .5, .5, .3, .2, .1, .1],
    "evening": [2, 1, .5, .2, .2, .2, .3, .5, 1, 1, 1, 1, 1.5, 1, 1, 1.5, 2, 4, 6, 8, 9, 8, 6, 4],
    "diurnal_app": [3, 2, 1.5, 1.2, 1.2, 1.5, 2.5, 4, 6, 7, 7.5, 7.5, 7, 7.5, 7.5, 7, 6.5, 6, 6, 6, 5.5, 5, 4.5, 3.5],
}
# prompt modes
M_AWESOME, M_FRAME, M_CODE, M_WORK, M_HOMEWORK, M_HARVEST, M_APP, M_EVAL = range(8)
NMODES = 8


class World:
    def __init__(self, args, rng, ref: Ref):
        self.args, self.rng, self.ref = args, rng, ref
        self.D = args.days
        self.frags = Frags()
        self.acc: list[dict] = []
        self.per: list[dict] = []
        self.ips: list[str] = []
        self.uas: list[str] = []
        self.keys: list[str] = []
        self.tsets: list[int] = []
        self.profiles: list[np.ndarray] = []
        self.prof_index: dict = {}
        self.used_ids: set = set()
        self.cohort_meta: dict[str, dict] = {}
        self.rings: list[dict] = []
        self.groups = 0

    # ---------------------------------------------------------------- pools
    def pool(self, store: list, values: list) -> tuple[int, int]:
        s = len(store)
        store.extend(values)
        return s, len(values)

    def profile(self, shape, tz_min: int, width: float = 0.0) -> int:
        """A local hour profile (name or explicit 24 weights); stored as a cdf over 24 local hours."""
        key = (shape if isinstance(shape, str) else tuple(np.round(shape, 4)), 0)
        if key not in self.prof_index:
            w = np.asarray(HOUR_SHAPES[shape] if isinstance(shape, str) else shape, dtype=float)
            self.prof_index[key] = len(self.profiles)
            self.profiles.append(np.cumsum(w) / w.sum())
        return self.prof_index[key]

    def peak(self, hour: float, width: float = 1.0) -> int:
        h = np.arange(24)
        d = np.minimum(np.abs(h - hour), 24 - np.abs(h - hour))
        w = np.exp(-0.5 * (d / max(width, 0.3)) ** 2) + 1e-4
        return self.profile(list(w), 0)

    def dayw(self, p_active: float, weekend: float = 1.0, d0: float = 0.0, d1: float | None = None,
             sigma: float = 0.4, days: list[int] | None = None) -> np.ndarray:
        D = self.D
        d1 = D if d1 is None else d1
        w = np.zeros(D)
        idx = np.arange(D)
        on = (idx >= math.floor(d0)) & (idx < d1)
        if days is not None:
            on &= np.isin(idx, days)
            act = np.ones(D, bool)
        else:
            act = self.rng.random(D) < p_active
        w[on & act] = np.exp(self.rng.normal(0, sigma, D))[on & act]
        w[(idx % 7 >= 5)] *= weekend
        self._win = (float(d0), float(d1))
        return w

    # ---------------------------------------------------------------- accounts and personas
    def new_id(self) -> str:
        while True:
            v = f"hl{int(self.rng.integers(0, 2 ** 44)):011x}"
            if v not in self.used_ids:
                self.used_ids.add(v)
                return v

    def token(self, kind: str) -> str:
        n = {"card": 14, "inv": 10, "vch": 12}[kind]
        return f"{kind}_{int(self.rng.integers(0, 2 ** 60)):015x}"[: len(kind) + 1 + n]

    def region(self, prefer: str | None = None) -> int:
        if prefer is not None:
            cands = [i for i, r in enumerate(REGIONS) if r[1] == prefer or r[0] == prefer]
            return cands[int(self.rng.integers(len(cands)))]
        w = np.array([r[6] for r in REGIONS], float)
        return int(self.rng.choice(len(REGIONS), p=w / w.sum()))

    def mail(self, cc: str) -> str:
        lst = CONSUMER_MAIL.get(cc, ["gmail.com", "outlook.com", "yahoo.com"])
        return lst[int(self.rng.integers(len(lst)))]

    def created(self, lo_days: float, hi_days: float) -> int:
        """A sign-up time lo..hi days after the window start (negative: before it), ms."""
        return START_MS + int(self.rng.uniform(lo_days, hi_days) * DAY_MS)

    def account(self, cohort: str, tier: str, reg: int, created_ms: int, pay: str | None = None,
                funding: str = "", card_cc: str = "", email: str = "", org: str = "", group: str = "",
                ring: str = "", role: str = "solo", soph: str = "", phone: bool = True, referral: str = "",
                log_local: bool | None = None) -> int:
        rg = REGIONS[reg]
        if tier != "free" and pay is None:
            pay, funding = self.token("card"), ("debit" if self.rng.random() < .35 else "credit")
            if self.rng.random() < 0.05:
                funding = "prepaid"
        if tier == "free":
            pay, funding, card_cc = "", "", ""
        elif not card_cc:
            card_cc = rg[1] if self.rng.random() > 0.04 else REGIONS[self.region()][1]
        if log_local is None:
            log_local = bool(self.rng.random() < 0.55)
        a = dict(id=self.new_id(), cohort=cohort, tier=tier, reg=reg, created=created_ms, pay=pay or "",
                 funding=funding, card_cc=card_cc, email=email or self.mail(rg[1]), org=org, group=group,
                 ring=ring, role=role, soph=soph, phone=phone, referral=referral, log_local=log_local)
        self.acc.append(a)
        return len(self.acc) - 1

    def persona(self, ai: int, *, rate: float, dayw: np.ndarray, prof: int, ips: list[str], uas: list[str],
                modes: dict[int, float], models=(0.55, 0.25, 0.1, 0.1), sessiony: bool = True,
                sess_min: float = 30.0, lang: str | None = None, wrapper: str = "", tset: list[int] | None = None,
                variant: int = 0, domain: str = "general", app_head: str = "", app_tail: str = "",
                app_domain: str = "general", eval_seed: int = 0, eval_k: int = 0, tok_mult: float = 1.0,
                seq_base: int = -1, pay: str | None = None, keys: int | list[str] = 1, cot: bool = False,
                tz: int | None = None):
        a = self.acc[ai]
        rg = REGIONS[a["reg"]]
        if isinstance(keys, int):
            keys = [f"key_{int(self.rng.integers(0, 2 ** 48)):012x}" for _ in range(keys)]
        mw = np.zeros(NMODES)
        for k, v in modes.items():
            mw[k] = v
        ts = tset if tset is not None else []
        win, self._win = getattr(self, "_win", (0.0, float(self.D))), (0.0, float(self.D))
        p = dict(acc=ai, win=win, rate=rate, dayw=dayw, prof=prof, tz=rg[2] if tz is None else tz, sessiony=sessiony, sess=sess_min,
                 ip=self.pool(self.ips, ips), ua=self.pool(self.uas, uas), key=self.pool(self.keys, keys),
                 pay=a["pay"] if pay is None else pay, mw=mw / mw.sum(), lang=list(LANG_FRAMES).index(lang or rg[3]),
                 wrapper=self.frags.add(wrapper), tset=self.pool(self.tsets, list(ts) or self.all_tset),
                 variant=variant, domain=_dom(domain), app_head=self.frags.add(app_head),
                 app_tail=self.frags.add(app_tail), app_domain=_dom(app_domain), eval_seed=eval_seed,
                 eval_k=eval_k, tok=tok_mult, seq=seq_base, models=np.asarray(models, float) / sum(models),
                 cot=cot)
        self.per.append(p)
        return p

    # ---------------------------------------------------------------- user agents
    def sdk_ua(self, pinned: bool = False) -> str:
        r = self.rng
        k = int(r.integers(4))
        if k == 0:
            return f"halyard-python/2.{int(r.integers(3, 9))}.{int(r.integers(0, 4))} CPython/3.{int(r.integers(10, 14))}"
        if k == 1:
            return f"halyard-node/5.{int(r.integers(0, 7))}.{int(r.integers(0, 3))} node/v{int(r.integers(18, 24))}"
        if k == 2:
            return f"halyard-go/1.{int(r.integers(10, 16))}.0"
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/" \
               f"{int(r.integers(128, 134))}.0.0.0 Safari/537.36"

    def browser_ua(self) -> str:
        r = self.rng
        return [f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                f"Version/18.{int(r.integers(0, 3))} Safari/605.1.15",
                f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{int(r.integers(128, 134))}.0) Gecko/20100101 "
                f"Firefox/{int(r.integers(128, 134))}.0",
                f"Mozilla/5.0 (iPhone; CPU iPhone OS 18_{int(r.integers(0, 3))} like Mac OS X) AppleWebKit/605.1.15 "
                "(KHTML, like Gecko) Mobile/15E148 HalyardChat/4.2",
                f"Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
                f"{int(r.integers(128, 134))}.0 Mobile Safari/537.36"][int(r.integers(4))]

    def home_ips(self, reg: int, mobile_share: float = 0.1) -> list[str]:
        rg = REGIONS[reg]
        home = self.ipspace.asn(int(self.rng.choice(rg[4])), 1 + int(self.rng.random() < .25))
        pool = home * 8
        if self.rng.random() < 0.5:
            pool += self.ipspace.asn(int(self.rng.choice(rg[5])), 1)
        return pool

    def cohort(self, name: str, kind: str, **info):
        self.cohort_meta.setdefault(name, dict(kind=kind, accounts=0, events=0, groups=0, **info))

    def new_group(self, cohort: str, prefix: str) -> str:
        self.groups += 1
        self.cohort_meta[cohort]["groups"] += 1
        return f"{prefix}-{self.groups:05d}"

    # ---------------------------------------------------------------- text
    def setup_text(self, templates, awesome: list[str]):
        F = self.frags
        self.T_ds = [t[0] for t in templates]
        T = len(templates)
        self.T_head = np.zeros((T, 4), np.int32)
        self.T_tail = np.zeros(T, np.int32)
        import re
        for i, (ds, name, head, tail) in enumerate(templates):
            self.T_head[i, 0] = F.add(head)
            for v, syn in enumerate(SYNONYMS, start=1):
                h = head
                for a, b in syn.items():
                    h = re.sub(rf"\b{re.escape(a)}\b", b, h)
                self.T_head[i, v] = F.add(h)
            self.T_tail[i] = F.add(tail)
        self.all_tset = list(range(T))
        self.dom_tset = {d: [i for i, ds in enumerate(self.T_ds) if ds in v] for d, v in DATASET_DOMAIN.items()}
        self.eval_tset = [i for i, ds in enumerate(self.T_ds) if ds in EVAL_DATASETS]
        self.awesome = np.array([F.add(s[:3000]) for s in awesome], np.int32)
        langs = list(LANG_FRAMES)
        self.fr_head, self.fr_tail, self.fr_off, self.top, self.top_off = [], [], [], [], []
        for lg in langs:
            self.fr_off.append((len(self.fr_head), len(LANG_FRAMES[lg])))
            for fr in LANG_FRAMES[lg]:
                h, t = fr.split("{}")
                self.fr_head.append(F.add(h)), self.fr_tail.append(F.add(t))
            self.top_off.append((len(self.top), len(TOPICS[lg])))
            self.top.extend(F.add(x) for x in TOPICS[lg])
        self.fr_head, self.fr_tail = np.array(self.fr_head, np.int32), np.array(self.fr_tail, np.int32)
        self.fr_off, self.top, self.top_off = np.array(self.fr_off), np.array(self.top, np.int32), np.array(self.top_off)

        def split3(frames, a_list, b_list):
            heads, mids, tails = [], [], []
            for fr in frames:
                parts = fr.split("{}")
                heads.append(F.add(parts[0])), mids.append(F.add(parts[1] if len(parts) > 2 else "")),
                tails.append(F.add(parts[-1]))
            return (np.array(heads, np.int32), np.array(mids, np.int32), np.array(tails, np.int32),
                    np.array([F.add(x) for x in a_list], np.int32), np.array([F.add(x) for x in b_list], np.int32))
        self.code = split3(CODE_FRAMES, CODE_LANGS, CODE_TASKS)
        self.work = split3(WORK_FRAMES, WORK_SITUATIONS, [""])
        self.hw = split3(HOMEWORK_FRAMES, HOMEWORK_TOPICS, [""])
        self.items = [tuple(np.array([F.add(x) for x in part], np.int32) for part in ITEM_PARTS[d]) for d in DOMAINS]
        self.cot = np.array([F.add(x) for x in COT_SUFFIX], np.int32)
        self.ctx = np.array([F.add(x) for x in CONTEXTS], np.int32)
        self.en = langs.index("en")

    def reworded(self) -> str:
        r = self.rng
        return (REWORD_OPEN[int(r.integers(len(REWORD_OPEN)))] + REWORD_MID[int(r.integers(len(REWORD_MID)))]
                + REWORD_END[int(r.integers(len(REWORD_END)))])


# ================================================================================================ benign cohorts
def _ln(w: World, median: float, sigma: float, lo: float = 0.5, hi: float = 1e9) -> float:
    return float(np.clip(median * math.exp(w.rng.normal(0, sigma)), lo, hi))


def _pick(w: World, seq):
    return seq[int(w.rng.integers(len(seq)))]


def _pre_or_in(w: World, in_share: float = 0.08) -> int:
    if w.rng.random() < in_share:
        return w.created(0, w.D - 1.5)
    return w.created(-900, -1)


def _company_domain(w: World, tld: str = ".com") -> str:
    a = ["north", "blue", "iron", "cedar", "bright", "quant", "atlas", "silver", "harbor", "orbit", "lumen", "delta",
         "kite", "pine", "nova", "maple", "summit", "river", "coral", "ember"]
    b = ["wind", "leaf", "works", "logic", "field", "labs", "stack", "forge", "point", "bridge", "scale", "wave"]
    c = ["", "-group", "-tech", "-analytics", "-health", "-logistics", "hq"]
    return _pick(w, a) + _pick(w, b) + _pick(w, c) + f"{int(w.rng.integers(0, 99)) if w.rng.random() < .2 else ''}" + tld


CHAT_MODES = {M_AWESOME: .3, M_FRAME: .6, M_HOMEWORK: .1}
SMALL_APPS = ["Rewrite the following product description for an online shop, 60 words max:\n\n",
              "Extract the dates and amounts from this note as JSON:\n\n",
              "Give this blog intro a catchier first sentence:\n\n",
              "Translate into plain English for my newsletter:\n\n"]


def b_indie_dev(w: World, n: int, cohort: str = "indie_dev"):
    w.cohort(cohort, "benign", shares="nothing (a home connection, their own card)")
    for _ in range(n):
        reg = w.region()
        tier = _pick(w, ["dev"] * 14 + ["team"] * 3 + ["free"] * 3)
        ai = w.account(cohort, tier, reg, _pre_or_in(w))
        modes = {M_AWESOME: .2, M_FRAME: .35, M_CODE: .35, M_WORK: .1}
        app = ""
        if w.rng.random() < 0.15:
            modes[M_APP] = .4
            app = _pick(w, SMALL_APPS)
        w.persona(ai, rate=_ln(w, 6, .9, 1, 30 if tier == "free" else 500), dayw=w.dayw(w.rng.uniform(.3, .85), .7),
                  prof=w.profile(_pick(w, ["human", "human", "night", "evening"]), 0), ips=w.home_ips(reg),
                  uas=[w.sdk_ua()] * 3 + [w.browser_ua()], modes=modes, app_head=app, app_domain="general",
                  keys=1 + int(w.rng.integers(3)), models=(.5, .2, .1, .2))


def b_casual_free(w: World, n: int, cohort: str = "casual_free"):
    w.cohort(cohort, "benign", shares="nothing (free plan chat from home or phone)")
    for _ in range(n):
        reg = w.region()
        ai = w.account(cohort, "free", reg, _pre_or_in(w, .15), phone=bool(w.rng.random() < .6))
        w.persona(ai, rate=_ln(w, 5, .7, 1, 45), dayw=w.dayw(w.rng.uniform(.15, .5), 1.2),
                  prof=w.profile(_pick(w, ["human", "evening", "night"]), 0), ips=w.home_ips(reg, .3),
                  uas=[w.browser_ua()], modes=CHAT_MODES, models=(.3, .7, 0, 0))


def b_proxyware_home(w: World, n: int):
    """Invented look-alike: home users whose router runs a bandwidth-sharing app, so their home address is an exit of
    a residential proxy network that rings rent. They share an address with ring traffic through no act of theirs."""
    w.cohort("proxyware_home", "benign", shares="their home address is a residential-proxy exit used by others")
    w.proxyware_ips = []
    for _ in range(n):
        reg = w.region()
        tier = _pick(w, ["dev", "free", "free"])
        ai = w.account("proxyware_home", tier, reg, _pre_or_in(w))
        ips = w.home_ips(reg)
        w.proxyware_ips.append((reg, ips[0]))
        w.persona(ai, rate=_ln(w, 7, .8, 1, 40), dayw=w.dayw(w.rng.uniform(.2, .6), 1.1),
                  prof=w.profile("evening", 0), ips=ips, uas=[w.browser_ua()], modes=CHAT_MODES)


def b_phone_carrier(w: World, n: int):
    w.cohort("phone_carrier", "benign", shares="carrier-grade NAT addresses with every subscriber of the carrier")
    pools = {}
    for _ in range(n):
        reg = w.region()
        asn = int(_pick(w, REGIONS[reg][5]))
        if asn not in pools:
            pools[asn] = w.ipspace.asn(asn, 40)
        tier = "free" if w.rng.random() < .6 else "dev"
        ai = w.account("phone_carrier", tier, reg, _pre_or_in(w, .12), group=f"cgnat-{asn}", role="subscriber")
        w.persona(ai, rate=_ln(w, 6, .7, 1, 40), dayw=w.dayw(w.rng.uniform(.2, .7)), prof=w.profile("evening", 0),
                  ips=list(pools[asn]), uas=[w.browser_ua()], modes={M_AWESOME: .2, M_FRAME: .7, M_CODE: .1},
                  sess_min=15)


def b_family_card(w: World, n: int):
    w.cohort("family_card", "benign", shares="one card and one home connection per household")
    while n > 0:
        k = min(n, int(w.rng.integers(2, 6)))
        if n - k == 1:
            k = n
        n -= k
        reg = w.region()
        g = w.new_group("family_card", "fam")
        card = w.token("card")
        home = w.home_ips(reg, 0)
        for j in range(k):
            ai = w.account("family_card", "dev", reg, w.created(-700, -1), pay=card, funding="credit", group=g,
                           role="card_holder" if j == 0 else "household")
            w.persona(ai, rate=_ln(w, 6, .8, 1, 200), dayw=w.dayw(w.rng.uniform(.2, .7), 1.3),
                      prof=w.profile(_pick(w, ["evening", "human", "school"]), 0), ips=home + w.home_ips(reg, 1)[-1:],
                      uas=[w.browser_ua()], modes={M_AWESOME: .2, M_FRAME: .5, M_HOMEWORK: .2, M_CODE: .1})


def b_corp_egress(w: World, n: int):
    w.cohort("corp_egress", "benign", shares="the office NAT address(es) and the e-mail domain; each employee's own card")
    while n > 0:
        k = min(n, int(np.clip(w.rng.lognormal(math.log(14), .7), 5, 60)))
        if n - k < 5:
            k = n
        n -= k
        reg = w.region()
        g = w.new_group("corp_egress", "co")
        dom = _company_domain(w)
        office = w.ipspace.asn(int(_pick(w, BUSINESS_ASNS + REGIONS[reg][4])), int(w.rng.integers(1, 3)), True)
        for _ in range(k):
            ai = w.account("corp_egress", _pick(w, ["dev", "dev", "team"]), reg, w.created(-500, w.D - 3),
                           email=dom, group=g, role="employee")
            ips = office * 6 + (w.home_ips(reg)[:2] if w.rng.random() < .3 else [])
            w.persona(ai, rate=_ln(w, 11, .8, 2, 600), dayw=w.dayw(.85, .08), prof=w.profile("office", 0), ips=ips,
                      uas=[w.sdk_ua(), w.browser_ua()], modes={M_WORK: .4, M_CODE: .3, M_FRAME: .2, M_AWESOME: .1})


def b_seat_bundle(w: World, n: int):
    w.cohort("seat_bundle", "benign", shares="one invoice, org_id, e-mail domain, cloud NAT egress and an internal "
                                             "assistant template across many seats")
    while n > 0:
        k = min(n, int(np.clip(w.rng.lognormal(math.log(25), .8), 8, 120)))
        if n - k < 8:
            k = n
        n -= k
        reg = w.region()
        g = w.new_group("seat_bundle", "ent")
        dom, org, inv = _company_domain(w), f"org_{int(w.rng.integers(0, 2**40)):010x}", w.token("inv")
        egress = w.ipspace.listed(_pick(w, ["amazon", "microsoft", "google"]), int(w.rng.integers(2, 4)), True)
        bot = _pick(w, ["Atlas", "Compass", "Beacon", "Sage", "Orbit"])
        head = (f"You are {bot}, the internal assistant at {dom.split('.')[0].title()}. Follow the company style "
                f"guide, be concise, never invent policy.\n\nEmployee request: ")
        ua = f"{bot.lower()}-internal/3.{int(w.rng.integers(0, 9))} halyard-python/2.6.1 CPython/3.11"
        base = w.created(-600, -30)
        for _ in range(k):
            ai = w.account("seat_bundle", "business" if w.rng.random() < .2 else "team", reg,
                           base + int(w.rng.uniform(0, 25) * DAY_MS), pay=inv, funding="invoice", card_cc=REGIONS[reg][1],
                           email=dom, org=org, group=g, role="seat")
            w.persona(ai, rate=_ln(w, 14, .8, 2, 900), dayw=w.dayw(.85, .1), prof=w.profile("office", 0), ips=egress,
                      uas=[ua], modes={M_APP: .6, M_WORK: .2, M_CODE: .2}, app_head=head, app_domain="chat")


def _campus(w: World):
    cc = _pick(w, ["US", "US", "US", "KR", "GB", "DE", "JP", "CA", "AU", "TR", "BR", "IN", "FR"])
    unis = w.ipspace.universities.get(cc) or w.ipspace.universities["US"]
    asn, name = unis[int(w.rng.integers(min(40, len(unis))))]
    if asn not in w.ipspace.prefixes:
        asn, name = next((a, nm) for a, nm in w.ipspace.universities["US"] if a in w.ipspace.prefixes)
        cc = "US"
    token = name.split(" ")[0].split("-")[0].lower()
    dom = f"{token}.edu" if cc == "US" else f"{token}.ac.{cc.lower()}"
    regs = [i for i, r in enumerate(REGIONS) if r[1] == cc] or [0]
    return asn, dom, _pick(w, regs)


def b_dorm_network(w: World, n: int):
    w.cohort("dorm_network", "benign", shares="the campus NAT pool, an academic e-mail domain and assignment-day "
                                              "sign-up bursts")
    while n > 0:
        k = min(n, int(np.clip(w.rng.lognormal(math.log(90), .6), 40, 300)))
        if n - k < 40:
            k = n
        n -= k
        asn, dom, reg = _campus(w)
        g = w.new_group("dorm_network", "campus")
        nat = w.ipspace.asn(asn, 24)
        bursts = sorted(w.rng.choice(np.arange(1, w.D - 2), 2, replace=False))
        for _ in range(k):
            if w.rng.random() < .3:
                bd = _pick(w, bursts)
                c = START_MS + int(bd * DAY_MS + (w.rng.uniform(18, 23) * 3600 - REGIONS[reg][2] * 60) * 1000)
            else:
                c = w.created(-800, -2)
            ai = w.account("dorm_network", "free" if w.rng.random() < .75 else "dev", reg, c, email=dom, group=g,
                           role="student")
            w.persona(ai, rate=_ln(w, 7, .8, 1, 38), dayw=w.dayw(w.rng.uniform(.25, .7), 1.0), prof=w.profile("night", 0),
                      ips=nat + w.home_ips(reg)[:1], uas=[w.browser_ua()],
                      modes={M_HOMEWORK: .5, M_FRAME: .3, M_CODE: .15, M_AWESOME: .05})


WORKSHEETS = [
    "Worksheet 4, question 2: A population of bacteria doubles every 3 hours. Starting from 500 cells, write the "
    "exponential model, find the population after 10 hours, and explain each step as if teaching a classmate.",
    "In-class exercise: Read the paragraph below and identify the thesis, two supporting claims and one "
    "counter-argument. Then rewrite the thesis to be more specific.\n\nCities should replace parking minimums "
    "with transit investment because land is too valuable to store cars.",
    "Lab prep: Explain why the boiling point of water drops at altitude, then predict the boiling point at 3000 m "
    "and describe how you would test the prediction with classroom equipment.",
    "Discussion prompt for today: Was the printing press more important than the internet for the spread of ideas? "
    "Give one argument for each side and a one-sentence conclusion.",
]


def b_lecture_paste(w: World, n: int):
    w.cohort("lecture_paste", "benign", shares="one pasted worksheet prompt at the same minute from one lecture hall, "
                                               "students signing up at the start of the class")
    while n > 0:
        k = min(n, int(w.rng.integers(15, 61)))
        if n - k < 15:
            k = n
        n -= k
        asn, dom, reg = _campus(w)
        g = w.new_group("lecture_paste", "class")
        hall = w.ipspace.asn(asn, 3, True)
        wd = int(w.rng.integers(0, 5))
        hour = float(w.rng.integers(9, 16))
        ldays = [d for d in range(w.D) if d % 7 == wd][: int(w.rng.integers(2, 5))]
        sheet = _pick(w, WORKSHEETS) + f" (Section {int(w.rng.integers(1, 9))}{_pick(w, 'ABCD')})"
        tz = REGIONS[reg][2]
        first = START_MS + int((ldays[0] * 86400 + hour * 3600 - tz * 60) * 1000)
        for j in range(k):
            teacher = j == 0
            if not teacher and w.rng.random() < .6:
                c = first - int(w.rng.uniform(60, 20 * 60) * 1000)
            else:
                c = w.created(-700, -1)
            c = min(c, first - 60_000)
            ai = w.account("lecture_paste", "dev" if teacher else "free", reg, c, email=dom, group=g,
                           role="teacher" if teacher else "student")
            w.persona(ai, rate=float(w.rng.integers(3, 9)), dayw=w.dayw(1, days=ldays, sigma=.2),
                      prof=w.peak(hour + .4, .3), ips=hall, uas=[w.browser_ua()], modes={M_APP: .6, M_HOMEWORK: .4},
                      app_head=sheet, app_domain="none", sessiony=False)
            w.persona(ai, rate=_ln(w, 4, .6, 1, 30), dayw=w.dayw(.3), prof=w.profile("night", 0),
                      ips=w.home_ips(reg), uas=[w.browser_ua()], modes=CHAT_MODES)


def b_vpn_privacy(w: World, n: int):
    w.cohort("vpn_privacy", "benign", shares="commercial VPN exits (and a few Tor exits) with everyone on the service")
    if not hasattr(w, "vpn_pools"):
        w.vpn_pools = [w.ipspace.listed("vpn", 30) for _ in range(5)]
        w.tor_pool = [w.ipspace.tor[i] for i in w.rng.choice(len(w.ipspace.tor), 80, replace=False)]
    for _ in range(n):
        reg = w.region()
        tor = w.rng.random() < .08
        prov = int(w.rng.integers(len(w.vpn_pools)))
        ai = w.account("vpn_privacy", _pick(w, ["dev", "free", "free"]), reg, _pre_or_in(w),
                       email=_pick(w, ["proton.me", "tutanota.com", "proton.me", w.mail(REGIONS[reg][1])]),
                       group="tor-users" if tor else f"vpn-{prov}", role="subscriber")
        ips = list(w.tor_pool) if tor else list(w.vpn_pools[prov]) + w.home_ips(reg)[:1]
        w.persona(ai, rate=_ln(w, 8, .8, 1, 40), dayw=w.dayw(w.rng.uniform(.2, .7)), prof=w.profile("human", 0),
                  ips=ips, uas=[w.sdk_ua(), w.browser_ua()], modes={M_AWESOME: .25, M_FRAME: .45, M_CODE: .3})


MEGA_APPS = [("Classify the sentiment of this customer review (positive/neutral/negative) and list any product "
              "names mentioned, as JSON.\n\nReview: ", "\n"),
             ("You write alt text for images in a news CMS. Caption context: ", "\nAlt text (under 125 characters):"),
             ("Summarize this support ticket in one line and assign a queue (billing, bug, account, other).\n\n", ""),
             ("Draft three subject lines for this marketing email:\n\n", "\n")]


def b_mega_app(w: World, n: int):
    w.cohort("mega_app", "benign", shares="nothing: one account, one product, very high volume from a few cloud hosts")
    for _ in range(n):
        reg = w.region("US") if w.rng.random() < .6 else w.region()
        head, tail = _pick(w, MEGA_APPS)
        ai = w.account("mega_app", "business", reg, w.created(-700, -60), pay=w.token("inv"), funding="invoice",
                       email=_company_domain(w, ".io"), org=f"org_{int(w.rng.integers(0, 2**40)):010x}")
        w.persona(ai, rate=float(w.rng.uniform(1200, 4500)), dayw=w.dayw(1, .75, sigma=.15),
                  prof=w.profile("diurnal_app", 0), sessiony=False,
                  ips=w.ipspace.listed(_pick(w, ["amazon", "google"]), int(w.rng.integers(3, 7))),
                  uas=[f"halyard-python/2.6.{int(w.rng.integers(0, 4))} CPython/3.12"], modes={M_APP: 1},
                  app_head=head, app_tail=tail, app_domain="general", models=(.2, .8, 0, 0), keys=3)


SAAS = [("Notewise", "You are Notewise, a meeting-notes assistant. Use the user's notes below. Answer in the user's "
                     "language, cite note titles in brackets.\n\nUser: "),
        ("Draftly", "System: You are Draftly's writing assistant. Keep the user's voice. Do not mention you are an AI."
                    "\n\nUser message: "),
        ("Shelfbot", "[Shelfbot v5] Help the shop owner with their question. Be practical. Store context: small "
                     "online retailer.\n\nQuestion: "),
        ("Quillstack", "You are Quillstack, an assistant inside a project-management tool. Answer only about the "
                       "user's work.\n\nRequest: ")]


def _saas_products(w: World):
    if not hasattr(w, "saas"):
        k = int(np.clip(w.args.accounts // 7000 + 2, 2, 4))
        w.saas = []
        for name, head in SAAS[:k]:
            w.saas.append(dict(name=name, head=head, ips=w.ipspace.listed(_pick(w, ["amazon", "google", "microsoft"]),
                                                                            int(w.rng.integers(4, 9)), True),
                               ua=f"{name}/5.{int(w.rng.integers(0, 9))}.{int(w.rng.integers(0, 9))} (server; "
                                  f"halyard-node/5.2.0)"))
    return w.saas


def b_saas_gateway(w: World, n: int):
    w.cohort("saas_gateway", "benign", shares="a SaaS product's few egress addresses, user agent and built-in template "
                                              "across its customers' own accounts (bring-your-own-key)")
    prods = _saas_products(w)
    for i in range(n):
        pr = prods[i % len(prods)]
        reg = w.region()
        ai = w.account("saas_gateway", _pick(w, ["dev", "dev", "team"]), reg, _pre_or_in(w, .1),
                       email=_company_domain(w) if w.rng.random() < .5 else w.mail(REGIONS[reg][1]),
                       group=f"saas-{pr['name'].lower()}", role="tenant")
        w.persona(ai, rate=_ln(w, 16, 1.0, 1, 700), dayw=w.dayw(.8, .3), prof=w.profile("office", 0), sessiony=True,
                  sess_min=120, ips=pr["ips"], uas=[pr["ua"]], modes={M_APP: 1}, app_head=pr["head"], app_domain="chat")


EVAL_UA = "lm-eval-harness/0.4.{} halyard-python/2.7.0 CPython/3.11"


def b_eval_harness(w: World, n: int):
    w.cohort("eval_harness", "benign", shares="lab invoice and cloud block; benchmark templates replayed with the same "
                                              "items on every model, in bursts after the model release (day 9)")
    while n > 0:
        k = min(n, int(w.rng.integers(1, 7)))
        n -= k
        reg = w.region()
        g = w.new_group("eval_harness", "lab")
        dom, org, inv = _company_domain(w, ".ai"), f"org_{int(w.rng.integers(0, 2**40)):010x}", w.token("inv")
        block = w.ipspace.listed(_pick(w, ["google", "amazon", "oracle"]), 4, True)
        seed = int(w.rng.integers(1, 10**6))
        tset = [int(x) for x in w.rng.choice(w.eval_tset, min(len(w.eval_tset), 12), replace=False)]
        for _ in range(k):
            ai = w.account("eval_harness", "team", reg, w.created(-400, -5), pay=inv, funding="invoice", email=dom,
                           org=org, group=g, role="runner")
            days = sorted({9, 10} | {int(x) for x in w.rng.choice(w.D, int(w.rng.integers(2, 5)), replace=False)})
            w.persona(ai, rate=float(w.rng.uniform(600, 1500)), dayw=w.dayw(1, days=days, sigma=.15),
                      prof=w.peak(float(w.rng.integers(0, 24)), 1.5), sessiony=False, ips=block,
                      uas=[EVAL_UA.format(int(w.rng.integers(3, 7)))], modes={M_EVAL: 1}, tset=tset, eval_seed=seed,
                      eval_k=int(w.rng.integers(300, 900)), models=(1, 1, 1, 1), tok_mult=.3)


def b_synth_data_team(w: World, n: int):
    w.cohort("synth_data_team", "benign", shares="one invoice and cloud block; a company's synthetic-data pipeline "
                                                 "filling dataset templates with new items around the clock")
    while n > 0:
        k = min(n, int(w.rng.integers(3, 11)))
        if n - k < 3:
            k = n
        n -= k
        reg = w.region()
        g = w.new_group("synth_data_team", "syn")
        dom, org, inv = _company_domain(w), f"org_{int(w.rng.integers(0, 2**40)):010x}", w.token("inv")
        block = w.ipspace.listed("amazon", 6, True)
        wrapper = (f"Generate one high-quality training example for the {dom.split('.')[0]} support-bot dataset. "
                   "Follow the task format exactly.\n\n")
        for _ in range(k):
            ai = w.account("synth_data_team", "business", reg, w.created(-300, -10), pay=inv, funding="invoice",
                           email=dom, org=org, group=g, role="pipeline")
            w.persona(ai, rate=float(w.rng.uniform(400, 1400)), dayw=w.dayw(.7, 1, sigma=.3),
                      prof=w.profile("flat", 0), sessiony=False, ips=block,
                      uas=["datagen-pipeline/1.3 halyard-python/2.6.0 CPython/3.11"], modes={M_HARVEST: 1},
                      wrapper=wrapper, domain=_pick(w, DOMAINS), models=(.5, 0, .5, 0))


def b_tutor_app(w: World, n: int):
    w.cohort("tutor_app", "benign", shares="a tutoring company's invoice, egress and step-by-step explanation "
                                           "template, one account per partner school")
    while n > 0:
        k = min(n, int(w.rng.integers(10, 41)))
        if n - k < 10:
            k = n
        n -= k
        reg0 = w.region()
        g = w.new_group("tutor_app", "tutor")
        dom, org, inv = _company_domain(w, ".app"), f"org_{int(w.rng.integers(0, 2**40)):010x}", w.token("inv")
        egress = w.ipspace.listed(_pick(w, ["google", "amazon"]), 3, True)
        grade = int(w.rng.integers(5, 11))
        head = (f"You are a patient tutor for a grade {grade} student. Explain step by step, show every calculation, "
                "then ask one short check question.\n\nStudent question: ")
        for _ in range(k):
            reg = reg0 if w.rng.random() < .7 else w.region(REGIONS[reg0][1])
            ai = w.account("tutor_app", "team", reg, w.created(-500, -3), pay=inv, funding="invoice",
                           email=dom, org=org, group=g, role="school")
            w.persona(ai, rate=_ln(w, 90, .7, 20, 3500), dayw=w.dayw(.95, .05, sigma=.3), prof=w.profile("school", 0),
                      sessiony=False, ips=egress, uas=["BrightPath/2.8 halyard-python/2.5.3"], modes={M_APP: 1},
                      app_head=head, app_domain="math", models=(.6, 0, .4, 0))


HACK_STARTER = ("You are the assistant inside our hackathon project app. Reply ONLY with JSON matching "
                '{"answer": string, "confidence": number, "follow_up": string}. User input: ')


def b_hackathon_weekend(w: World, n: int):
    """Invented look-alike: a hackathon hands out one batch of prepaid vouchers; attendees sign up within an hour on
    Saturday morning from the venue's Wi-Fi, all run the organisers' starter template, and most go quiet on Monday."""
    w.cohort("hackathon_weekend", "benign", shares="venue Wi-Fi, a referral code, a voucher batch, a Saturday-morning "
                                                   "sign-up burst and the organisers' starter template")
    while n > 0:
        k = min(n, int(w.rng.integers(60, 251)))
        if n - k < 30:
            k = n
        n -= k
        reg = w.region()
        g = w.new_group("hackathon_weekend", "hack")
        sat = int(_pick(w, [5, 12, 19])) if w.D > 7 else 5 % w.D
        sun = min(sat + 1, w.D - 1)
        venue = w.ipspace.asn(int(_pick(w, BUSINESS_ASNS)), 2, True)
        code = f"HACK-{_pick(w, PLACES).upper().replace(' ', '')}-NOV26"
        tz = REGIONS[reg][2]
        t0 = START_MS + int((sat * 86400 + 9 * 3600 - tz * 60) * 1000)
        for _ in range(k):
            c = t0 + int(w.rng.uniform(0, 75 * 60) * 1000)
            ai = w.account("hackathon_weekend", "dev", reg, c, pay=w.token("vch"), funding="voucher",
                           card_cc=REGIONS[reg][1], group=g, role="attendee", referral=code)
            w.persona(ai, rate=float(w.rng.uniform(40, 140)), dayw=w.dayw(1, days=[sat, sun], sigma=.3),
                      prof=w.profile([0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 4, 4, 3, 4, 5, 5, 5, 4, 3, 4, 4, 3, 2, 1], 0),
                      ips=venue, uas=[w.sdk_ua()], modes={M_APP: .6, M_CODE: .4}, app_head=HACK_STARTER,
                      app_domain="chat", sess_min=90)
            if w.rng.random() < .3:
                w.persona(ai, rate=_ln(w, 15, .7, 1, 300), dayw=w.dayw(.2, d0=sun + 1), prof=w.profile("evening", 0),
                          ips=w.home_ips(reg), uas=[w.sdk_ua()], modes={M_CODE: .6, M_FRAME: .4})


EXTENSIONS = [("TabSage", "Summarize the following page in 5 bullet points. Keep names and numbers exact.\n\nPAGE:\n"),
              ("Pagewise", "Explain this web page to me simply, then list 3 follow-up questions I could ask.\n\n---\n")]


def b_extension_byok(w: World, n: int):
    """Invented look-alike: a browser extension whose users paste their own API key; every call carries the same
    extension user agent and wrapper, from thousands of unrelated home connections."""
    w.cohort("extension_byok", "benign", shares="an extension's user agent and wrapper template, from unrelated homes")
    for i in range(n):
        name, head = EXTENSIONS[i % 2]
        reg = w.region()
        ai = w.account("extension_byok", "dev" if w.rng.random() < .6 else "free", reg, _pre_or_in(w, .1),
                       group=f"ext-{name.lower()}", role="user")
        w.persona(ai, rate=_ln(w, 10, .8, 1, 38), dayw=w.dayw(w.rng.uniform(.3, .8), .9), prof=w.profile("human", 0),
                  ips=w.home_ips(reg), uas=[f"{name}/3.2.1 (Chrome extension; halyard-js/1.9.0)"],
                  modes={M_APP: .92, M_FRAME: .08}, app_head=head, app_domain="general")


def b_paraphrase_study(w: World, n: int):
    w.cohort("paraphrase_study", "benign", shares="a university network, a lab's shared research card, the same "
                                                  "benchmark items reworded per student and replayed on every model")
    while n > 0:
        k = min(n, int(w.rng.integers(3, 9)))
        if n - k < 3:
            k = n
        n -= k
        asn, dom, reg = _campus(w)
        g = w.new_group("paraphrase_study", "plab")
        card = w.token("card")
        ips = w.ipspace.asn(asn, 6)
        seed = int(w.rng.integers(1, 10**6))
        tset = [int(x) for x in w.rng.choice(w.eval_tset, min(len(w.eval_tset), 10), replace=False)]
        for j in range(k):
            ai = w.account("paraphrase_study", "team", reg, w.created(-400, -5), pay=card, funding="credit", email=dom,
                           group=g, role="student")
            w.persona(ai, rate=float(w.rng.uniform(150, 450)), dayw=w.dayw(.4, 1.2), prof=w.profile("night", 0),
                      sessiony=False, ips=ips, uas=[w.sdk_ua()], modes={M_EVAL: .85, M_FRAME: .15}, tset=tset,
                      variant=j % 4, eval_seed=seed, eval_k=200, wrapper=w.reworded(), models=(1, 1, 1, 1), tok_mult=.6)


BENIGN = [  # cohort, share of benign accounts (the rest: indie_dev), builder
    ("casual_free", .25, b_casual_free), ("proxyware_home", .015, b_proxyware_home),
    ("phone_carrier", .07, b_phone_carrier), ("family_card", .04, b_family_card), ("corp_egress", .055, b_corp_egress),
    ("seat_bundle", .04, b_seat_bundle), ("dorm_network", .045, b_dorm_network), ("lecture_paste", .025, b_lecture_paste),
    ("vpn_privacy", .035, b_vpn_privacy), ("mega_app", .0002, b_mega_app), ("saas_gateway", .03, b_saas_gateway),
    ("eval_harness", .0025, b_eval_harness), ("synth_data_team", .0006, b_synth_data_team),
    ("tutor_app", .005, b_tutor_app), ("hackathon_weekend", .012, b_hackathon_weekend),
    ("extension_byok", .03, b_extension_byok), ("paraphrase_study", .0015, b_paraphrase_study),
]


# ================================================================================================ ring kinds
RING_KINDS = {  # kind: (sophistication, signals kept, evasions)
    "prepaid_swarm": ("crude", ["two prepaid cards across the ring", "one /24 of a VPS provider", "sign-ups within 40 "
                                "minutes", "disposable e-mail", "one referral code", "verbatim dataset templates",
                                "flat 24-hour schedule at the daily limit", "python-requests user agent"],
                      ["each account stays under its per-minute limit", "about half the swarm rests each day"]),
    "tor_scrapers": ("crude", ["burst sign-ups", "disposable e-mail", "Tor exits", "verbatim templates",
                               "free-plan limit hit every day"],
                     ["no payment method at all (free plan)", "Tor exits shared with benign privacy users"]),
    "cloud_rotator": ("mid", ["one pinned SDK version", "three wrappers shared across the ring", "same operator "
                              "working hours whatever the declared country", "prepaid foreign-issued cards"],
                      ["a different cloud provider and block per account", "own card per account",
                       "sign-ups spread over two months", "35-60% of the daily limit"]),
    "cot_miner": ("mid", ["reasoning model with chain-of-thought requests", "two daily batch windows in one zone",
                          "long outputs"],
                  ["commercial VPN exits shared with benign users", "per-account reworded wrappers", "own cards"]),
    "gateway_hydra": ("mid", ["cards each reused by about six accounts", "reseller egress blocks", "sign-up waves",
                              "one relay user agent", "accounts burned and replaced"],
                      ["real reseller-customer chat mixed with harvest", "30% of requests over residential proxies",
                       "each account 60-180 requests a day"]),
    "eval_cosplay": ("mid", ["benchmark items never repeat across runs", "only the flagship model is queried",
                             "long explained answers", "runs on ordinary days, not after releases"],
                     ["fronts as an AI lab: org, invoice, .ai domain, eval-harness user agent, benchmark templates "
                      "shared with real eval runners"]),
    "quiet_drip": ("careful", ["rotating residential addresses per request", "harvest share of prompts"],
                   ["aged accounts", "far under limits (25-60 a day)", "per-account reworded wrappers and template "
                    "subsets", "40% ordinary chat", "human schedule in the declared zone", "own domestic cards"]),
    "shell_startup": ("careful", ["seats harvest dataset templates behind an internal-tool wrapper",
                                  "volume per seat above a real team's"],
                      ["fronts as a company: org_id, invoice, own domain, an office ISP address (not a cloud)",
                       "seats hired over months", "office hours, weekends quiet"]),
    "skill_splitter": ("careful", ["synchronised campaign start and end", "sign-ups within one week",
                                   "each account one capability's templates"],
                       ["nothing shared: own home ISP address, card and e-mail per account",
                        "capabilities split across accounts", "human sessions"]),
    "bought_veterans": ("careful", ["behaviour switch mid-window: new card, new key, proxies, one pinned SDK",
                                    "takeovers within a few days of each other"],
                        ["years-old accounts with organic history", "the accounts file keeps the original card"]),
    "saas_stowaway": ("careful", ["tenant volume far above other tenants", "item-style content inside the wrapper"],
                      ["registered as tenants of a real SaaS product: its egress, user agent and wrapper are shared "
                       "with hundreds of benign customers", "own cards"]),
    "baton_relay": ("careful", ["one account active at a time, each for a few days, then silent", "sign-up just "
                                "before each shift", "one item curriculum continued across accounts"],
                    ["never two accounts active together", "nothing shared: own address, card and e-mail"]),
    "extension_mimic": ("careful", ["volume above extension users", "domain questions instead of page text"],
                        ["a popular extension's user agent and wrapper", "residential proxy exits in the declared "
                         "country", "own cards"]),
}
SMALL_KINDS = [k for k in RING_KINDS if k != "gateway_hydra"]
LARGE_KINDS = ["gateway_hydra", "tor_scrapers", "cloud_rotator", "quiet_drip"]


def _ring_acc(w: World, kind: str, rid: str, tier: str, reg: int, created: int, role: str = "harvester", **kw) -> int:
    return w.account(kind, tier, reg, created, group=rid, ring=rid, role=role, soph=RING_KINDS[kind][0], **kw)


def _proxies(w: World, reg: int | None, k: int) -> list[str]:
    pool = w.resi_proxy if reg is None else w.resi_proxy_by_reg.get(reg) or w.resi_proxy
    return [pool[int(i)] for i in w.rng.integers(0, len(pool), k)]


def r_prepaid_swarm(w: World, rid: str, k: int):
    reg = w.region()
    cards = [w.token("card") for _ in range(2)]
    block = w.ipspace.listed(_pick(w, ["digitalocean", "linode"]), 2 * k, True)
    t0 = w.created(-3, min(3, w.D - 2))
    ref = f"AFF-{int(w.rng.integers(0, 99999)):05d}"
    cc = _pick(w, ["US", "GB", "HK", "SG", "AE"])
    for j in range(k):
        ai = _ring_acc(w, "prepaid_swarm", rid, "dev", reg, t0 + int(w.rng.uniform(0, 40 * 60_000)),
                       pay=cards[j % 2], funding="prepaid", card_cc=cc, email=_pick(w, DISPOSABLE), phone=False,
                       referral=ref)
        w.persona(ai, rate=float(w.rng.uniform(760, 900)), dayw=w.dayw(.45, sigma=.05), prof=w.profile("flat", 0),
                  sessiony=False, ips=block[2 * j: 2 * j + 2], uas=["python-requests/2.32.3"], modes={M_HARVEST: 1},
                  models=(.8, 0, .2, 0))


def r_tor_scrapers(w: World, rid: str, k: int):
    reg = w.region()
    t0 = w.created(-2, min(4, w.D - 2))
    tor = [w.ipspace.tor[i] for i in w.rng.choice(len(w.ipspace.tor), 60, replace=False)]
    tor = tor[:40] + list(getattr(w, "tor_pool", []))[:20]
    for j in range(k):
        ai = _ring_acc(w, "tor_scrapers", rid, "free", reg, t0 + int(w.rng.uniform(0, 2 * 3600_000)),
                       email=_pick(w, DISPOSABLE), phone=False)
        w.persona(ai, rate=float(w.rng.uniform(50, 70)), dayw=w.dayw(.9, sigma=.1), prof=w.profile("flat", 0),
                  sessiony=False, ips=tor, uas=[_pick(w, ["curl/8.5.0", "python-httpx/0.27.0"])], modes={M_HARVEST: 1},
                  models=(.3, .7, 0, 0))


def r_cloud_rotator(w: World, rid: str, k: int):
    op_tz = int(_pick(w, [480, 180, 420, 540, 60]))
    wrappers = [w.reworded() for _ in range(3)]
    ua = "halyard-python/2.4.1 CPython/3.10"
    cc = _pick(w, ["HK", "SG", "AE", "MY", "CY"])
    for j in range(k):
        reg = w.region()
        tier = "dev"
        ai = _ring_acc(w, "cloud_rotator", rid, tier, reg, w.created(-60, -3),
                       pay=w.token("card"), funding="prepaid" if w.rng.random() < .7 else "debit", card_cc=cc)
        ips = w.ipspace.listed(_pick(w, ["amazon", "google", "microsoft", "oracle"]), int(w.rng.integers(1, 4)), True)
        w.persona(ai, rate=DAILY[tier] * float(w.rng.uniform(.35, .6)), dayw=w.dayw(.9, .3, sigma=.2),
                  prof=w.profile("office", 0), tz=op_tz + int(w.rng.integers(-60, 61)), sessiony=False, ips=ips,
                  uas=[ua], modes={M_HARVEST: .9, M_AWESOME: .1}, wrapper=_pick(w, wrappers), variant=1,
                  models=(.85, 0, .15, 0))


def r_cot_miner(w: World, rid: str, k: int):
    op_tz = int(_pick(w, [480, 330, 180, -300]))
    h1, h2 = float(w.rng.integers(0, 12)), float(w.rng.integers(12, 24))
    prof = w.profile(list(np.exp(-0.5 * ((np.arange(24) - h1) / 1.2) ** 2) + np.exp(-0.5 * ((np.arange(24) - h2) / 1.2)
                                                                                        ** 2) + 1e-3), 0)
    pools = getattr(w, "vpn_pools", None) or [w.ipspace.listed("vpn", 30)]
    for j in range(k):
        reg = w.region()
        ai = _ring_acc(w, "cot_miner", rid, "team", reg, w.created(-120, -10))
        w.persona(ai, rate=float(w.rng.uniform(200, 800)), dayw=w.dayw(.85, sigma=.3), prof=prof, tz=op_tz,
                  sessiony=False, ips=list(_pick(w, pools)), uas=[w.sdk_ua()], modes={M_HARVEST: 1},
                  wrapper=w.reworded(), domain=_pick(w, ["math", "general", "code"]), cot=True, models=(.1, 0, .9, 0))


def r_gateway_hydra(w: World, rid: str, k: int):
    egress = []
    for prov in w.rng.choice(["amazon", "digitalocean", "linode", "oracle", "microsoft"], 3, replace=False):
        egress += w.ipspace.listed(str(prov), 8, True)
    cards = [w.token("card") for _ in range(max(1, k // 6))]
    cc = [_pick(w, ["US", "BR", "IN", "GB", "ID", "TR", "VN"]) for _ in cards]
    waves = list(np.arange(-10, w.D - 3, float(w.rng.uniform(3, 5))))
    ua = "halyard-node/5.4.0 node/v20"
    for j in range(k):
        wave = float(waves[int(w.rng.integers(len(waves)))]) if j >= k // 4 else -10.0
        c = START_MS + int((wave + w.rng.uniform(0, 3 / 24)) * DAY_MS)
        life = float(w.rng.uniform(5, 20))
        reg = w.region()
        ci = int(w.rng.integers(len(cards)))
        ai = _ring_acc(w, "gateway_hydra", rid, "dev", reg, c, role="pool", pay=cards[ci], funding="prepaid",
                       card_cc=cc[ci], email=_pick(w, DISPOSABLE) if w.rng.random() < .3 else w.mail(REGIONS[reg][1]),
                       phone=bool(w.rng.random() < .5))
        ips = [egress[int(i)] for i in w.rng.integers(0, len(egress), 6)] * 3 + _proxies(w, None, 8)
        d0 = max(0.0, (c - START_MS) / DAY_MS)
        w.persona(ai, rate=float(w.rng.uniform(60, 180)), dayw=w.dayw(.95, d0=d0, d1=min(w.D, d0 + life), sigma=.3),
                  prof=w.profile("diurnal_app", 0), tz=0, sessiony=False, ips=ips, uas=[ua],
                  modes={M_AWESOME: .25, M_FRAME: .25, M_CODE: .1, M_HARVEST: .4}, lang="en", models=(.6, 0, .3, .1))


def r_eval_cosplay(w: World, rid: str, k: int):
    reg = w.region()
    dom, org, inv = _company_domain(w, ".ai"), f"org_{int(w.rng.integers(0, 2**40)):010x}", w.token("inv")
    block = w.ipspace.listed("google", 2 * k, True)
    wrapper = "Answer the benchmark item below. After the answer, explain your reasoning in detail.\n\n"
    for j in range(k):
        ai = _ring_acc(w, "eval_cosplay", rid, "team", reg, w.created(-200, -5), pay=inv, funding="invoice",
                       email=dom, org=org, role="runner")
        w.persona(ai, rate=float(w.rng.uniform(800, 2000)), dayw=w.dayw(.45, sigma=.15),
                  prof=w.peak(float(w.rng.integers(0, 24)), 1.5), sessiony=False, ips=block[2 * j: 2 * j + 2],
                  uas=[EVAL_UA.format(int(w.rng.integers(3, 7)))], modes={M_HARVEST: 1}, tset=w.eval_tset,
                  wrapper=wrapper, models=(.9, 0, .1, 0), tok_mult=2.5)


def r_quiet_drip(w: World, rid: str, k: int):
    for j in range(k):
        reg = w.region()
        ai = _ring_acc(w, "quiet_drip", rid, "dev", reg, w.created(-900, -200))
        tset = [int(x) for x in w.rng.choice(len(w.T_ds), 15, replace=False)]
        w.persona(ai, rate=float(w.rng.uniform(25, 60)), dayw=w.dayw(.7, .8), prof=w.profile("human", 0),
                  ips=_proxies(w, reg, 30), uas=[_pick(w, [w.sdk_ua(), w.browser_ua()])],
                  modes={M_HARVEST: .6, M_AWESOME: .2, M_FRAME: .2}, wrapper=w.reworded(), tset=tset,
                  variant=int(w.rng.integers(4)), domain=_pick(w, ["general", "med", "legal"]))


def r_shell_startup(w: World, rid: str, k: int):
    reg = w.region()
    dom, org, inv = _company_domain(w, ".io"), f"org_{int(w.rng.integers(0, 2**40)):010x}", w.token("inv")
    office = w.ipspace.asn(int(_pick(w, BUSINESS_ASNS)), 1)
    wrapper = "[Internal Copilot v2] Task for the knowledge base team:\n"
    ua = "copilot-internal/2.0 halyard-python/2.6.2 CPython/3.11"
    for j in range(k):
        ai = _ring_acc(w, "shell_startup", rid, "team", reg, w.created(-200, -30), pay=inv, funding="invoice",
                       email=dom, org=org, role="seat")
        ips = office * 8 + (w.home_ips(reg)[:2] if w.rng.random() < .3 else [])
        w.persona(ai, rate=float(w.rng.uniform(250, 800)), dayw=w.dayw(.9, .15), prof=w.profile("office", 0),
                  ips=ips, uas=[ua], modes={M_HARVEST: .85, M_WORK: .1, M_FRAME: .05}, wrapper=wrapper,
                  domain=_pick(w, DOMAINS), models=(.7, 0, .3, 0), sess_min=180)


def r_skill_splitter(w: World, rid: str, k: int):
    cc = _pick(w, ["US", "IN", "BR", "GB", "DE"])
    t0 = float(w.rng.uniform(-60, -35))
    cs = float(w.rng.uniform(.5, min(5.0, w.D / 4)))
    ce = float(w.rng.uniform(max(cs + 1, w.D - 6), w.D))
    caps = ["math", "code", "med", "legal", "general"]
    for j in range(k):
        reg = w.region(cc)
        dom = caps[j % len(caps)]
        ai = _ring_acc(w, "skill_splitter", rid, "dev", reg, w.created(t0, t0 + 7))
        w.persona(ai, rate=float(w.rng.uniform(150, 400)), dayw=w.dayw(.9, .8, d0=cs, d1=ce), prof=w.profile("human", 0),
                  ips=w.home_ips(reg), uas=[w.sdk_ua()], modes={M_HARVEST: .9, M_FRAME: .1}, wrapper=w.reworded(),
                  tset=w.dom_tset.get(dom) or None, variant=int(w.rng.integers(4)), domain=dom, sess_min=90)


def r_bought_veterans(w: World, rid: str, k: int):
    T = float(w.rng.integers(3, max(4, w.D - 5)))
    ua = "halyard-python/2.8.0 CPython/3.12"
    op_tz = int(_pick(w, [480, 180, 120, 420]))
    cc = _pick(w, ["US", "GB", "NL", "HK"])
    for j in range(k):
        reg = w.region()
        ai = _ring_acc(w, "bought_veterans", rid, "team", reg, w.created(-1400, -300), role="bought")
        t = min(w.D - 1, max(1, T + float(w.rng.uniform(-2, 2))))
        w.persona(ai, rate=_ln(w, 10, .6, 1, 60), dayw=w.dayw(.5, .7, d1=t), prof=w.profile("human", 0),
                  ips=w.home_ips(reg), uas=[w.browser_ua(), w.sdk_ua()], modes={M_FRAME: .5, M_CODE: .3, M_AWESOME: .2})
        w.persona(ai, rate=float(w.rng.uniform(600, 1500)), dayw=w.dayw(.9, d0=t, sigma=.25), prof=w.profile("human", 0),
                  tz=op_tz, ips=_proxies(w, None, 40), uas=[ua], modes={M_HARVEST: .8, M_AWESOME: .2},
                  wrapper=w.reworded(), pay=w.token("card"), keys=1, variant=int(w.rng.integers(4)))
        w.veteran_switch[ai] = (t, cc)


def r_saas_stowaway(w: World, rid: str, k: int):
    pr = _pick(w, _saas_products(w))
    for j in range(k):
        reg = w.region()
        ai = _ring_acc(w, "saas_stowaway", rid, "team", reg, w.created(-90, -5), role="tenant",
                       email=w.mail(REGIONS[reg][1]))
        w.persona(ai, rate=float(w.rng.uniform(250, 600)), dayw=w.dayw(.85, .5), prof=w.profile("office", 0),
                  sess_min=180, ips=pr["ips"], uas=[pr["ua"]], modes={M_APP: 1}, app_head=pr["head"],
                  app_domain=_pick(w, ["general", "med", "legal", "math"]))


def r_baton_relay(w: World, rid: str, k: int):
    chains = max(1, math.ceil(k / max(1.0, w.D - 1)))         # shifts of about a day or more, one chain if possible
    mean_len = min(5.0, chains * (w.D - .5) / k * 1.0)
    base = int(w.rng.integers(0, 10**6))
    starts = [float(w.rng.uniform(0, .5)) for _ in range(chains)]
    seq = [0] * chains
    wrapper, dom = w.reworded(), _pick(w, DOMAINS)
    for j in range(k):
        c = j % chains
        L = mean_len * float(w.rng.uniform(.85, 1.1))
        s = starts[c]
        if s + L > w.D:
            s = float(w.rng.uniform(0, max(0.1, w.D - L)))
        starts[c] = s + L
        reg = w.region()
        ai = _ring_acc(w, "baton_relay", rid, "dev", reg, START_MS + int((s - w.rng.uniform(.05, 1)) * DAY_MS),
                       role="shift")
        rate = float(w.rng.uniform(500, 750))
        w.persona(ai, rate=rate, dayw=w.dayw(1, d0=s, d1=s + L, sigma=.1), prof=w.profile("human", 0),
                  ips=w.home_ips(reg, 0), uas=[w.sdk_ua()], modes={M_HARVEST: 1}, wrapper=wrapper,
                  domain=dom, seq_base=base + c * 10**6 + seq[c], variant=int(w.rng.integers(4)))
        seq[c] += int(rate * L)


def r_extension_mimic(w: World, rid: str, k: int):
    name, head = _pick(w, EXTENSIONS)
    for j in range(k):
        reg = w.region()
        ai = _ring_acc(w, "extension_mimic", rid, "dev", reg, w.created(-150, -5))
        w.persona(ai, rate=float(w.rng.uniform(120, 300)), dayw=w.dayw(.85, .9), prof=w.profile("human", 0),
                  ips=_proxies(w, reg, 20), uas=[f"{name}/3.2.1 (Chrome extension; halyard-js/1.9.0)"],
                  modes={M_APP: .95, M_FRAME: .05}, app_head=head, app_domain=_pick(w, ["med", "legal", "math"]))


RING_BUILDERS = {k: globals()[f"r_{k}"] for k in RING_KINDS}


def ring_sizes(R: int, mode: str, rng: np.random.Generator) -> list[tuple[int, str]]:
    """(size, band) of each ring; the sizes sum to R exactly."""
    def split(total: int, lo: int, hi: int) -> list[int]:
        out, rem = [], total
        while rem > hi:
            s = int(rng.integers(lo, hi + 1))
            if rem - s < lo:
                s = rem - lo
            out.append(s)
            rem -= s
        if rem >= lo or not out:
            out.append(rem)
        else:
            for i in range(len(out)):
                room = hi - out[i]
                take = min(room, rem)
                out[i] += take
                rem -= take
            if rem:
                out.append(rem)
        return [s for s in out if s > 0]
    if R <= 0:
        return []
    if mode == "small":
        return [(s, "small") for s in split(R, 3, 15)]
    if mode == "mixed":
        large = int(round(.2 * R)) if R >= 200 else 0
        medium = int(round(.3 * R)) if R >= 60 else 0
        return ([(s, "large") for s in split(large, 61, 150)] + [(s, "medium") for s in split(medium, 16, 60)]
                + [(s, "small") for s in split(R - large - medium, 3, 15)])
    hyd = int(round(.75 * R)) if R >= 20 else R
    return [(hyd, "hydra")] + [(s, "small") for s in split(R - hyd, 3, 15)]


def build(args, rng, ref: Ref) -> World:
    w = World(args, rng, ref)
    w.veteran_switch = {}
    tmpl = load_templates(ref)
    aw = pd.read_csv(ref.path("prompts/awesome-chatgpt-prompts.csv"), dtype=str, keep_default_na=False)
    w.setup_text(tmpl, [p for p in aw["prompt"].tolist() if p.strip()])
    w.ipspace = IPSpace(ref, rng)
    N = args.accounts
    R = int(round(args.ring_share * N))
    B = N - R
    quotas = [(name, max(1, int(round(share * B))), fn) for name, share, fn in BENIGN]
    rest = B - sum(q for _, q, _ in quotas)
    if rest < 1:
        raise SystemExit("too few accounts for the benign cohorts")
    for name, q, fn in [("indie_dev", rest, b_indie_dev)] + quotas:
        before = len(w.acc)
        fn(w, q)
        assert len(w.acc) - before == q, (name, q, len(w.acc) - before)
    # residential proxy exits: fresh home addresses in every region, plus the proxyware homes
    w.resi_proxy_by_reg = {}
    for i, rg in enumerate(REGIONS):
        pool = []
        for asn in rg[4] + rg[5]:
            pool += w.ipspace.asn(asn, 60)
        pool += [ip for r, ip in getattr(w, "proxyware_ips", []) if r == i]
        w.resi_proxy_by_reg[i] = pool
    w.resi_proxy = [ip for i in range(len(REGIONS)) for ip in w.resi_proxy_by_reg[i]]
    # rings
    sizes = ring_sizes(R, args.ring_sizes, rng)
    order = list(rng.permutation(SMALL_KINDS))
    for i, (k, band) in enumerate(sizes):
        if band == "hydra":
            kind = "gateway_hydra"
        elif band == "large":
            kind = str(_pick(w, LARGE_KINDS))
        else:
            kind = str(order[i % len(order)])
        rid = f"R28-{i + 1:03d}"
        before = len(w.acc)
        RING_BUILDERS[kind](w, rid, k)
        assert len(w.acc) - before == k
        soph, signals, evasions = RING_KINDS[kind]
        w.cohort(kind, "ring", sophistication=soph)
        w.rings.append(dict(ring_id=rid, kind=kind, size=k, band=band, sophistication=soph, signals_kept=signals,
                            evasions=evasions))
    assert len(w.acc) == N
    return w


# ================================================================================================ events
def _sample_hour(cdf: np.ndarray, pid: np.ndarray, u: np.ndarray) -> np.ndarray:
    out = np.empty(len(pid), np.int64)
    for s in range(0, len(pid), 500_000):
        e = s + 500_000
        out[s:e] = (cdf[pid[s:e]] < u[s:e, None]).sum(1)
    return np.minimum(out, 23)


def _rank_in_runs(*keys: np.ndarray) -> np.ndarray:
    n = len(keys[0])
    if n == 0:
        return np.zeros(0, np.int64)
    new = np.zeros(n, bool)
    new[0] = True
    for k in keys:
        new[1:] |= k[1:] != k[:-1]
    idx = np.arange(n)
    return idx - np.maximum.accumulate(np.where(new, idx, 0))


def simulate(w: World) -> dict:
    rng, per, D = w.rng, w.per, w.D
    acc_of = np.array([p["acc"] for p in per])
    rate = np.array([p["rate"] for p in per])
    W = np.stack([p["dayw"] for p in per])
    cnt = rng.poisson(rate[:, None] * W)
    cp, cd = np.nonzero(cnt)
    cn = cnt[cp, cd]
    ep, ed = np.repeat(cp, cn), np.repeat(cd, cn)
    ecell = np.repeat(np.arange(len(cp)), cn)
    n = len(ep)
    sessiony = np.array([p["sessiony"] for p in per])
    sess_sec = np.array([p["sess"] for p in per], float) * 60
    prof = np.array([p["prof"] for p in per])
    tz = np.array([p["tz"] for p in per], np.int64)
    cdf = np.stack(w.profiles).astype(np.float32)
    nsess = 1 + np.minimum(rng.poisson(cn / 6.0), 5)
    key = ecell * 8 + (rng.random(n) * nsess[ecell]).astype(np.int64)
    uk, inv = np.unique(key, return_inverse=True)
    kp = cp[uk // 8]
    start = _sample_hour(cdf, prof[kp], rng.random(len(uk))) * 3600 + rng.random(len(uk)) * 3600
    free = _sample_hour(cdf, prof[ep], rng.random(n)) * 3600 + rng.random(n) * 3600
    local = np.where(sessiony[ep], start[inv] + rng.random(n) * sess_sec[ep], free)
    ts = START_MS + ed * DAY_MS + (local * 1000).astype(np.int64) - tz[ep] * 60_000
    created = np.array([a["created"] for a in w.acc], np.int64)
    win = np.array([p["win"] for p in per])
    lo = np.maximum(np.maximum(START_MS, created[acc_of[ep]]), START_MS + (win[ep, 0] * DAY_MS).astype(np.int64))
    hi = np.minimum(START_MS + D * DAY_MS, START_MS + (win[ep, 1] * DAY_MS).astype(np.int64))
    ok = (ts >= lo) & (ts < hi)
    ep, ts = ep[ok], ts[ok]
    drawn = len(ep)
    # the plan limits: per UTC minute first, then per UTC day, in time order; refused requests are not logged
    ea = acc_of[ep]
    tier = np.array([TIERS.index(a["tier"]) for a in w.acc])
    mlim = np.array([MINUTE[t] for t in TIERS])[tier]
    dlim = np.array([DAILY[t] for t in TIERS])[tier]
    o = np.lexsort((ts, ea))
    ep, ts, ea = ep[o], ts[o], ea[o]
    keep = _rank_in_runs(ea, ts // 60_000) < mlim[ea]
    ep, ts, ea = ep[keep], ts[keep], ea[keep]
    keep = _rank_in_runs(ea, ts // DAY_MS) < dlim[ea]
    ep, ts, ea = ep[keep], ts[keep], ea[keep]
    o = np.lexsort((ea, ts))
    ep, ts, ea = ep[o], ts[o], ea[o]
    return dict(ep=ep, ts=ts, ea=ea, drawn=drawn, refused=drawn - len(ep), acc_of=acc_of)


TOKENS_BY_MODE = np.array([420, 300, 520, 260, 380, 380, 280, 12], float)


class Assembler:
    """Per-event columns from the personas' pools, chunk by chunk (one seeded stream per chunk)."""

    def __init__(self, w: World, sim: dict, seed: int):
        self.w, self.sim, self.seed = w, sim, seed
        per = w.per
        self.F = pa.array(w.frags.items, pa.string())
        self.ips, self.uas, self.keys = (pa.array(x, pa.string()) for x in (w.ips, w.uas, w.keys))
        self.tsets = np.array(w.tsets, np.int64)
        g = lambda k: np.array([p[k] for p in per])  # noqa: E731
        self.ip, self.ua, self.key, self.tset = g("ip"), g("ua"), g("key"), g("tset")
        self.mw = np.cumsum(np.stack([p["mw"] for p in per]), 1)
        self.mods = np.cumsum(np.stack([p["models"] for p in per]), 1)
        for k in ("lang", "wrapper", "variant", "domain", "app_head", "app_tail", "app_domain", "eval_seed", "eval_k",
                  "tok", "seq", "cot"):
            setattr(self, k, g(k))
        pays = [p["pay"] or None for p in per]
        self.pay = pa.array(pays, pa.string())
        self.ids = pa.array([a["id"] for a in w.acc], pa.string())
        # rank of each event within its persona (sequential curricula)
        ep = sim["ep"]
        o = np.argsort(ep, kind="stable")
        r = _rank_in_runs(ep[o])
        self.prank = np.empty(len(ep), np.int64)
        self.prank[o] = r

    def _items(self, c, m, dom, rng, counter=None):
        for d in range(len(DOMAINS)):
            sel = np.flatnonzero(m & (dom == d))
            if not len(sel):
                continue
            A, B, C = self.w.items[d]
            if counter is None:
                a, b, cc = (rng.integers(0, len(x), len(sel)) for x in (A, B, C))
            else:
                k = counter[sel]
                a, b, cc = k % len(A), (k // len(A)) % len(B), (k // (len(A) * len(B))) % len(C)
            c[2, sel], c[3, sel], c[4, sel] = A[a], B[b], C[cc]

    def chunk(self, s: int, e: int):
        w, sim = self.w, self.sim
        rng = np.random.default_rng([self.seed, 28, s])
        ep, ts, ea = sim["ep"][s:e], sim["ts"][s:e], sim["ea"][s:e]
        n = len(ep)
        u = rng.random(n)
        mode = (self.mw[ep] < u[:, None]).sum(1).clip(0, NMODES - 1)
        c = np.zeros((7, n), np.int32)
        lang = self.lang[ep]
        m = mode == M_AWESOME
        c[1, m] = w.awesome[rng.integers(0, len(w.awesome), m.sum())]
        m = mode == M_FRAME
        off, ln = w.fr_off[lang[m], 0], w.fr_off[lang[m], 1]
        f = off + (rng.random(m.sum()) * ln).astype(np.int64)
        c[1, m], c[5, m] = w.fr_head[f], w.fr_tail[f]
        toff, tln = w.top_off[lang[m], 0], w.top_off[lang[m], 1]
        c[2, m] = w.top[toff + (rng.random(m.sum()) * tln).astype(np.int64)]
        c[6, m] = np.where(lang[m] == w.en, w.ctx[rng.integers(0, len(w.ctx), m.sum())], 0)
        m = mode == M_CODE
        h, mid, t, A, B = w.code
        f = rng.integers(0, len(h), m.sum())
        c[1, m], c[2, m], c[3, m], c[4, m], c[5, m] = (h[f], A[rng.integers(0, len(A), m.sum())], mid[f],
                                                       B[rng.integers(0, len(B), m.sum())], t[f])
        for md, (h, mid, t, A, B) in ((M_WORK, w.work), (M_HOMEWORK, w.hw)):
            m = mode == md
            f = rng.integers(0, len(h), m.sum())
            c[1, m], c[2, m], c[5, m] = h[f], A[rng.integers(0, len(A), m.sum())], t[f]
        # harvest: wrapper + template head (variant) + item + tail (+ chain-of-thought request)
        m = mode == M_HARVEST
        pm = ep[m]
        st, ln = self.tset[pm, 0], self.tset[pm, 1]
        tid = self.tsets[st + (rng.random(m.sum()) * ln).astype(np.int64)]
        c[0, m], c[1, m], c[5, m] = self.wrapper[pm], w.T_head[tid, self.variant[pm]], w.T_tail[tid]
        seq = self.seq[ep]
        counter = np.where(seq >= 0, seq + self.prank[s:e], 0)
        self._items(c, m & (seq < 0), self.domain[ep], rng)
        self._items(c, m & (seq >= 0), self.domain[ep], rng, counter)
        cm = m & self.cot[ep]
        c[6, cm] = w.cot[rng.integers(0, len(w.cot), cm.sum())]
        # app: the product's wrapper + content + tail
        m = mode == M_APP
        ad = self.app_domain[ep]
        c[0, m], c[6, m] = self.app_head[ep[m]], self.app_tail[ep[m]]
        self._items(c, m & (ad >= 0), ad, rng)
        mc = m & (ad == -1)
        off, ln = w.fr_off[lang[mc], 0], w.fr_off[lang[mc], 1]
        f = off + (rng.random(mc.sum()) * ln).astype(np.int64)
        toff, tln = w.top_off[lang[mc], 0], w.top_off[lang[mc], 1]
        c[1, mc], c[2, mc], c[5, mc] = (w.fr_head[f], w.top[toff + (rng.random(mc.sum()) * tln).astype(np.int64)],
                                        w.fr_tail[f])
        # eval: a fixed item set replayed (same template and item for the same item number)
        m = mode == M_EVAL
        pm = ep[m]
        j = (rng.random(m.sum()) * self.eval_k[pm]).astype(np.int64)
        sd = self.eval_seed[pm].astype(np.int64)
        st, ln = self.tset[pm, 0], self.tset[pm, 1]
        tid = self.tsets[st + (j * 31 + sd) % ln]
        c[0, m], c[1, m], c[5, m] = self.wrapper[pm], w.T_head[tid, self.variant[pm]], w.T_tail[tid]
        A, B, C = w.items[0]
        c[2, m], c[3, m], c[4, m] = A[(sd * 7919 + j * 104729) % len(A)], B[(sd * 31 + j * 613) % len(B)], \
            C[(sd + j * 97) % len(C)]
        prompt = pc.binary_join_element_wise(*[self.F.take(pa.array(c[i])) for i in range(7)], "")
        # the rest
        model = (self.mods[ep] < rng.random(n)[:, None]).sum(1).clip(0, 3)
        tok = (TOKENS_BY_MODE[mode] * np.exp(rng.normal(0, .7, n)) * MODEL_TOKEN_MULT[model] * self.tok[ep]
               * np.where((mode == M_HARVEST) & self.cot[ep], 2.5, 1.0))
        tok = np.clip(np.round(tok), 1, 16384).astype(np.int64)
        ipi = self.ip[ep, 0] + (rng.random(n) * self.ip[ep, 1]).astype(np.int64)
        uai = self.ua[ep, 0] + (rng.random(n) * self.ua[ep, 1]).astype(np.int64)
        week = (ts - START_MS) // (7 * DAY_MS)
        kyi = self.key[ep, 0] + (week + ea) % self.key[ep, 1]
        cols = {
            "account_id": self.ids.take(pa.array(ea)),
            "timestamp": pa.array(ts, pa.timestamp("ms", tz="UTC")),
            "ip": self.ips.take(pa.array(ipi)),
            "payment_method": self.pay.take(pa.array(ep)),
            "prompt": prompt,
            "user_agent": self.uas.take(pa.array(uai)),
            "output_tokens": pa.array(tok, pa.int64()),
            "model": pa.array(np.array(MODELS, dtype=object)[model], pa.string()),
            "api_key_id": self.keys.take(pa.array(kyi)),
        }
        return cols


# ================================================================================================ output
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
CHUNK = 400_000


def _iso(ms: np.ndarray) -> list[str]:
    return [s + "Z" for s in np.datetime_as_string(ms.astype("datetime64[ms]"), unit="ms")]


def write_events(w: World, sim: dict, args, out: Path, log) -> dict:
    asm = Assembler(w, sim, args.seed)
    n = len(sim["ep"])
    cols = MINIMAL_COLS if args.minimal else list(asm.chunk(0, 0))
    cohort_of = np.array([a["cohort"] for a in w.acc])
    local_tz = np.array([REGIONS[a["reg"]][2] if a["log_local"] else 0 for a in w.acc], np.int64)
    is_local = np.array([a["log_local"] for a in w.acc])
    writer = None
    for s in range(0, max(n, 1), CHUNK):
        e = min(n, s + CHUNK)
        c = asm.chunk(s, e)
        tb = pa.table({k: c[k] for k in cols})
        if args.format == "parquet":
            if writer is None:
                writer = pq.ParquetWriter(out / "events.parquet", tb.schema, compression="zstd")
            writer.write_table(tb, row_group_size=CHUNK)
        else:
            ea = sim["ea"][s:e]
            off = local_tz[ea]
            loc = pa.array(sim["ts"][s:e] + off * 60_000, pa.timestamp("ms"))
            txt = pc.replace_substring(pc.cast(loc, pa.string()), " ", "T")
            sfx = np.where(is_local[ea], [f"{'+' if o >= 0 else '-'}{abs(o) // 60:02d}:{abs(o) % 60:02d}" for o in off]
                           if len(off) else [], "Z")
            i = cols.index("timestamp")
            tb = tb.set_column(i, "timestamp", pc.binary_join_element_wise(txt, pa.array(sfx, pa.string()), ""))
            if writer is None:
                writer = pacsv.CSVWriter(out / "events.csv", tb.schema)
            writer.write_table(tb)
        log(f"  events {e:,}/{n:,}")
    if writer is not None:
        writer.close()
    counts = pd.Series(cohort_of[sim["ea"]]).value_counts()
    return {k: int(v) for k, v in counts.items()}


def write_tables(w: World, args, out: Path):
    A = sorted(w.acc, key=lambda a: a["id"])
    truth = pd.DataFrame({
        "account_id": [a["id"] for a in A], "is_ring": ["true" if a["ring"] else "false" for a in A],
        "ring_id": [a["ring"] for a in A], "cohort": [a["cohort"] for a in A], "group_id": [a["group"] for a in A],
        "tier": [a["tier"] for a in A], "sophistication": [a["soph"] for a in A], "role": [a["role"] for a in A]})
    truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    acc = pd.DataFrame({
        "account_id": [a["id"] for a in A], "created_at": _iso(np.array([a["created"] for a in A], np.int64)),
        "payment_method": [a["pay"] for a in A], "email_domain": [a["email"] for a in A],
        "country": [REGIONS[a["reg"]][1] for a in A], "org_id": [a["org"] for a in A], "plan": [a["tier"] for a in A],
        "card_funding": [a["funding"] for a in A], "card_country": [a["card_cc"] for a in A],
        "phone_verified": ["true" if a["phone"] else "false" for a in A], "referral_code": [a["referral"] for a in A]})
    if args.minimal:
        acc = acc[["account_id", "payment_method"]]
    acc.to_csv(out / "accounts.csv", index=False, lineterminator="\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--accounts", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--ring-share", type=float, required=True)
    ap.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], required=True)
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--minimal", action="store_true")
    ap.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    ap.add_argument("--out", required=True)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if not 0 <= args.ring_share < 1 or args.accounts < 100 or args.days < 2:
        ap.error("need --accounts >= 100, --days >= 2 and 0 <= --ring-share < 1")
    t0 = time.time()
    log = (lambda *a: None) if args.quiet else (lambda *a: print(f"[{time.time() - t0:6.1f}s]", *a, file=sys.stderr))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for f in ("events.parquet", "events.csv"):
        (out / f).unlink(missing_ok=True)
    ref = Ref(data_dir())
    rng = np.random.default_rng([args.seed, 2028])
    w = build(args, rng, ref)
    log(f"built {len(w.acc):,} accounts, {len(w.per):,} personas, {len(w.rings)} rings")
    sim = simulate(w)
    log(f"simulated {len(sim['ep']):,} events ({sim['refused']:,} refused)")
    ev_by_cohort = write_events(w, sim, args, out, log)
    write_tables(w, args, out)
    acc_by_cohort = pd.Series([a["cohort"] for a in w.acc]).value_counts()
    cohorts = {}
    for name in sorted(w.cohort_meta):
        m = dict(w.cohort_meta[name])
        m["accounts"] = int(acc_by_cohort.get(name, 0))
        m["events"] = int(ev_by_cohort.get(name, 0))
        cohorts[name] = m
    R = sum(r["size"] for r in w.rings)
    meta = {
        "world": "world28", "platform": {"name": "Halyard API", "daily_limits": DAILY, "minute_limits": MINUTE,
                                         "tiers": TIERS, "models": MODELS,
                                         "limit_rule": "per UTC minute first, then per UTC day, in time order; "
                                                       "refused requests are not logged"},
        "params": {"accounts": args.accounts, "seed": args.seed, "ring_share": args.ring_share,
                   "ring_sizes": args.ring_sizes, "days": args.days, "minimal": args.minimal, "format": args.format,
                   "start": START.isoformat().replace("+00:00", "Z")},
        "counts": {"accounts": len(w.acc), "events": int(len(sim["ep"])), "ring_accounts": R, "rings": len(w.rings),
                   "benign_accounts": len(w.acc) - R,
                   "benign_group_accounts": sum(1 for a in w.acc if a["group"] and not a["ring"]),
                   "benign_groups": len({a["group"] for a in w.acc if a["group"] and not a["ring"]}),
                   "ring_events": int(sum(cohorts[k]["events"] for k in cohorts if cohorts[k]["kind"] == "ring")),
                   "requests_drawn": int(sim["drawn"]), "refused_requests_not_logged": int(sim["refused"]),
                   "distinct_ips": int(len(set(w.ips)))},
        "cohorts": cohorts, "rings": w.rings,
        "reference_data": {"root": "shared/data", "files": dict(sorted(ref.files.items()))},
        "generator_sha256": hashlib.sha256(HERE.read_bytes()).hexdigest(),
        "generation_seconds": round(time.time() - t0, 1),
    }
    (out / "world.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    log(f"wrote {out} in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
