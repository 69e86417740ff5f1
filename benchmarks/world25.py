#!/usr/bin/env python3
"""World 25: everyday shared infrastructure at 100:1, with small rings hiding inside it (docs/WORLD25.md).

A standalone generator (numpy + pandas + pyarrow; no graphhunt import) for a synthetic LLM-API platform,
"Lantern": accounts, their requests over a window, and the truth about which accounts are coordinated
distillation rings. Written without knowledge of graphhunt's detector, as a held-out generalisation test.

    python benchmarks/world25.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR

Reference data (real prompts, promptsource templates, the 2014 pyasn table, VPN/datacenter/cloud ranges, Tor
exits) is read from $GRAPHHUNT_SHARED_DATA (default /work/shared/data).
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
import pyarrow.parquet as pq

# ----------------------------------------------------------------------------- platform
START = pd.Timestamp("2027-10-18T00:00:00Z")          # a Monday
START_MS = START.value // 1_000_000
DAY_MS = 86_400_000
TIERS = ["free", "plus", "team", "enterprise"]
DAILY_LIMIT = np.array([50, 400, 1500, 6000])         # requests per account per UTC day
MINUTE_LIMIT = np.array([5, 20, 60, 200])             # requests per account per UTC minute
MODELS = ["lantern-2-mini", "lantern-2", "lantern-2-pro", "lantern-2-reason"]
EU_END = pd.Timestamp("2027-10-31T01:00:00Z").value // 1_000_000


def _us_end(hour):
    return pd.Timestamp(f"2027-11-07T{hour:02d}:00:00Z").value // 1_000_000


# zone: (name, offset before switch (minutes), offset after, switch utc ms)
ZONES = [
    ("America/New_York", -240, -300, _us_end(6)), ("America/Chicago", -300, -360, _us_end(7)),
    ("America/Los_Angeles", -420, -480, _us_end(9)), ("America/Toronto", -240, -300, _us_end(6)),
    ("America/Sao_Paulo", -180, -180, 0), ("America/Mexico_City", -360, -360, 0),
    ("Europe/London", 60, 0, EU_END), ("Europe/Berlin", 120, 60, EU_END), ("Europe/Paris", 120, 60, EU_END),
    ("Europe/Madrid", 120, 60, EU_END), ("Europe/Rome", 120, 60, EU_END), ("Europe/Warsaw", 120, 60, EU_END),
    ("Europe/Amsterdam", 120, 60, EU_END), ("Asia/Kolkata", 330, 330, 0), ("Asia/Tokyo", 540, 540, 0),
    ("Asia/Seoul", 540, 540, 0), ("Asia/Jakarta", 420, 420, 0), ("Asia/Manila", 480, 480, 0),
    ("Asia/Ho_Chi_Minh", 420, 420, 0), ("Australia/Sydney", 660, 660, 0), ("Africa/Lagos", 60, 60, 0),
    ("Europe/Istanbul", 180, 180, 0),
]
ZI = {z[0]: i for i, z in enumerate(ZONES)}
Z_BEFORE = np.array([z[1] for z in ZONES]); Z_AFTER = np.array([z[2] for z in ZONES])
Z_SWITCH = np.array([z[3] for z in ZONES], dtype=np.int64)

# country: weight, zones, language, residential ASNs, mobile ASNs, IPv6 registry base, consumer mail domains
COUNTRIES = {
    "US": (24, ["America/New_York"] * 4 + ["America/Chicago"] * 3 + ["America/Los_Angeles"] * 3, "en",
           [20115, 7018, 7922, 209], [22394, 20057, 21928, 10507], 0x2600, ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"]),
    "CA": (3, ["America/Toronto"], "en", [577, 812, 6327, 5769], [20453, 852], 0x2604, ["gmail.com", "outlook.com", "hotmail.ca"]),
    "BR": (6, ["America/Sao_Paulo"], "pt", [28573, 22085], [26615, 28573], 0x2804, ["gmail.com", "hotmail.com", "uol.com.br"]),
    "MX": (3, ["America/Mexico_City"], "es", [8151, 6503], [8151], 0x2806, ["gmail.com", "hotmail.com", "outlook.es"]),
    "GB": (6, ["Europe/London"], "en", [2856, 5607, 5089], [60339, 12576], 0x2a00, ["gmail.com", "outlook.com", "btinternet.com"]),
    "DE": (6, ["Europe/Berlin"], "de", [3320, 31334, 3209], [3320, 6805], 0x2a02, ["gmail.com", "gmx.de", "web.de", "t-online.de"]),
    "FR": (4, ["Europe/Paris"], "fr", [3215, 12322], [3215], 0x2a01, ["gmail.com", "orange.fr", "free.fr"]),
    "ES": (3, ["Europe/Madrid"], "es", [3352, 6813], [3352], 0x2a0c, ["gmail.com", "hotmail.es", "yahoo.es"]),
    "IT": (3, ["Europe/Rome"], "it", [3269, 12874], [1267], 0x2a0e, ["gmail.com", "libero.it", "virgilio.it"]),
    "PL": (2, ["Europe/Warsaw"], "pl", [5617, 12741], [6714], 0x2a03, ["gmail.com", "wp.pl", "onet.pl"]),
    "NL": (2, ["Europe/Amsterdam"], "nl", [1136, 9143], [1136], 0x2a05, ["gmail.com", "ziggo.nl", "outlook.com"]),
    "IN": (12, ["Asia/Kolkata"], "en", [24560, 9829, 18101], [45609, 45271, 9498], 0x2401, ["gmail.com", "yahoo.co.in", "rediffmail.com"]),
    "JP": (4, ["Asia/Tokyo"], "ja", [17676, 4713, 2516], [9605, 4725], 0x2400, ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"]),
    "KR": (2, ["Asia/Seoul"], "en", [4766], [9644], 0x2405, ["naver.com", "gmail.com", "daum.net"]),
    "ID": (4, ["Asia/Jakarta"], "id", [17974, 4761], [23693, 4795], 0x2404, ["gmail.com", "yahoo.co.id"]),
    "PH": (3, ["Asia/Manila"], "en", [7629, 4775], [132199, 4775], 0x2406, ["gmail.com", "yahoo.com"]),
    "VN": (2, ["Asia/Ho_Chi_Minh"], "en", [7552, 18403, 45899], [24086], 0x2402, ["gmail.com", "yahoo.com.vn"]),
    "AU": (2, ["Australia/Sydney"], "en", [7545, 4802, 1221], [1221, 7474], 0x2403, ["gmail.com", "bigpond.com", "outlook.com"]),
    "NG": (2, ["Africa/Lagos"], "en", [37340], [29465, 37148], 0x2c0f, ["gmail.com", "yahoo.com"]),
    "TR": (2, ["Europe/Istanbul"], "en", [9121, 47331], [16135], 0x2a04, ["gmail.com", "hotmail.com", "yandex.com"]),
}
CC = list(COUNTRIES)
CC_W = np.array([COUNTRIES[c][0] for c in CC], float); CC_W /= CC_W.sum()
UNI_WORD = re.compile(r"UNIVERSI|UNIV\b|COLLEGE|INSTITUTE OF TECHNOLOGY|HOCHSCHULE|POLITECNICO|POLITECHNIKA", re.I)
PRIVATE4 = [("0.0.0.0", 8), ("10.0.0.0", 8), ("100.64.0.0", 10), ("127.0.0.0", 8), ("169.254.0.0", 16),
            ("172.16.0.0", 12), ("192.0.0.0", 24), ("192.0.2.0", 24), ("192.168.0.0", 16), ("198.18.0.0", 15),
            ("198.51.100.0", 24), ("203.0.113.0", 24), ("224.0.0.0", 3)]

# local-hour profiles (weights over 24 local hours)
def _prof(*peaks, base=0.05):
    h = np.arange(24)
    w = np.full(24, base)
    for c, width, amp in peaks:
        d = np.minimum(np.abs(h - c), 24 - np.abs(h - c))
        w += amp * np.exp(-0.5 * (d / width) ** 2)
    return w / w.sum()


PROFILES = {
    "evening": _prof((12.5, 1.5, .5), (20.5, 2.0, 1.0), base=.02),
    "office": _prof((10, 1.3, 1.0), (14.5, 1.6, .9), base=.005),
    "student": _prof((14, 2, .5), (22.5, 2.2, 1.0), (1, 1.2, .4), base=.02),
    "flat": np.full(24, 1 / 24),
    "business_app": _prof((11, 4, 1.0), (16, 4, .8), base=.15),
    "night_owl": _prof((0.5, 2.5, 1.0), (15, 2, .3), base=.03),
    "shift_early": _prof((10, 2.3, 1.0), base=.0),
    "shift_late": _prof((18, 2.3, 1.0), base=.0),
    "shift_night": _prof((2, 2.3, 1.0), base=.0),
    "morning": _prof((8, 1.5, 1.0), (13, 2, .4), base=.01),
    "weekend_hack": _prof((11, 3, .7), (17, 3, 1.), (23, 2.5, .6), base=.05),
}

# ----------------------------------------------------------------------------- text material
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jamal", "Kofi", "Lena", "Mateo",
         "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Victor", "Wen", "Yusuf", "Zoe", "Luis",
         "Maya", "Arjun", "Sofia", "Tomasz", "Yuki", "Minh", "Aylin", "Chidi", "Lucas", "Emma"]
LAST = ["Garcia", "Smith", "Nguyen", "Kowalski", "Tanaka", "Okafor", "Silva", "Muller", "Rossi", "Patel", "Kim",
        "Dubois", "Santos", "Yilmaz", "Reyes", "Brown", "Fischer", "Moreau", "Haddad", "Lopez"]
TOPICS = ["photosynthesis", "the French Revolution", "compound interest", "black holes", "supply chains", "vaccines",
          "the water cycle", "machine learning", "inflation", "plate tectonics", "the Roman Empire", "climate change",
          "blockchains", "the immune system", "renewable energy", "quantum computing", "the stock market",
          "sleep hygiene", "urban gardening", "the printing press", "electric cars", "coral reefs", "jazz history",
          "medieval castles", "volcanoes", "cryptography", "the Silk Road", "nutrition labels", "tax brackets",
          "the Cold War", "DNA replication", "remote work", "microplastics", "game theory", "the Renaissance"]
TASKS = ["write a cover letter for a {job} position", "plan a {n}-day trip to {city}", "make a weekly meal plan for {n} people",
         "write a birthday message for my {rel}", "explain {topic} like I'm {age}", "summarise the pros and cons of {topic}",
         "give me {n} ideas for a {event}", "fix the grammar in this sentence: '{sent}'", "write a short story about {thing}",
         "help me reply to my {rel} who said '{sent}'", "suggest names for my {pet}", "what should I cook with {food} and {food2}",
         "create a workout plan for {goal}", "translate '{sent}' into {lang}", "write a LinkedIn post about {topic}",
         "how do I {howto}", "compare {thing} and {thing2}", "what are good books about {topic}",
         "write a poem about {thing} in the style of {poet}", "draft a complaint to my {org} about {issue}"]
JOBS = ["data analyst", "nurse", "barista", "project manager", "teacher", "software engineer", "accountant", "designer",
        "warehouse supervisor", "marketing intern", "lab technician", "sales associate"]
CITIES = ["Lisbon", "Kyoto", "Mexico City", "Prague", "Cape Town", "Seoul", "Edinburgh", "Bali", "Buenos Aires",
          "Istanbul", "Montreal", "Hanoi", "Marrakesh", "Oslo", "Lima"]
RELS = ["mom", "dad", "sister", "brother", "boss", "best friend", "grandma", "coworker", "neighbour", "landlord", "partner"]
THINGS = ["a lighthouse keeper", "a lost umbrella", "a robot who learns to cook", "the last bookstore", "a dragon",
          "a train at midnight", "an old violin", "a cat detective", "the moon", "a time traveller", "a small village",
          "a forgotten garden", "electric bikes", "public transport", "a mechanical watch", "a tiny house"]
FOODS = ["chickpeas", "rice", "spinach", "eggs", "tofu", "salmon", "potatoes", "lentils", "mushrooms", "feta",
         "chicken thighs", "zucchini", "black beans", "oats", "coconut milk"]
HOWTOS = ["reset my router", "remove a red wine stain", "negotiate my salary", "start investing with little money",
          "learn Python fast", "stop procrastinating", "change a bike tire", "write a good resume", "backup my phone",
          "make sourdough", "prepare for a job interview", "improve my credit score", "fall asleep faster",
          "set up a budget spreadsheet", "clean a cast iron pan", "study for finals"]
SENTS = ["I has went to the store yesterday", "can we meet tomorrow instead", "thanks for everything you did",
         "the meeting is moved to friday", "i dont know if i can make it", "please send me the invoice",
         "we should talk about the project", "their going to be late again", "happy anniversary my love"]
POETS = ["Emily Dickinson", "Pablo Neruda", "Basho", "Shakespeare", "Maya Angelou", "Rumi", "Walt Whitman"]
ISSUES = ["a late delivery", "a double charge", "a broken heater", "noise at night", "a cancelled flight", "a wrong order"]
ORGS = ["bank", "internet provider", "airline", "landlord", "gym", "phone company"]
GOALS = ["running a 5k", "building muscle at home", "back pain", "losing weight", "flexibility", "a busy schedule"]
EVENTS = ["team offsite", "kids' birthday party", "wedding toast", "podcast episode", "school fundraiser", "YouTube video"]
LANGS = ["Spanish", "French", "German", "Japanese", "Portuguese", "Italian", "Korean", "Turkish"]
OPENERS = ["", "", "", "hey, ", "Hi! ", "please ", "Can you ", "quick question: ", "I need help: ", "ok so "]
CHAT_PHRASES = {
    "es": ["¿Puedes explicarme {topic} de forma sencilla?", "Escribe un correo a mi {rel} sobre {issue}",
           "Dame {n} ideas para una cena con {food}", "Resume las ventajas y desventajas de {topic}",
           "Ayúdame a preparar una entrevista de trabajo como {job}", "Corrige este texto: '{sent}'",
           "Planifica un viaje de {n} días a {city}", "¿Cómo puedo {howto}?"],
    "pt": ["Explique {topic} de forma simples", "Escreva um e-mail para meu {rel} sobre {issue}",
           "Me dê {n} ideias de receita com {food}", "Quais são os prós e contras de {topic}?",
           "Crie um plano de estudos para {topic}", "Corrija este texto: '{sent}'", "Como faço para {howto}?",
           "Planeje uma viagem de {n} dias para {city}"],
    "de": ["Erkläre mir {topic} einfach", "Schreibe eine E-Mail an meinen {rel} wegen {issue}",
           "Gib mir {n} Ideen für ein Abendessen mit {food}", "Was sind Vor- und Nachteile von {topic}?",
           "Korrigiere bitte: '{sent}'", "Wie kann ich {howto}?", "Plane eine {n}-tägige Reise nach {city}"],
    "fr": ["Explique-moi {topic} simplement", "Écris un e-mail à mon {rel} au sujet de {issue}",
           "Donne-moi {n} idées de repas avec {food}", "Quels sont les avantages et inconvénients de {topic} ?",
           "Corrige ce texte : '{sent}'", "Comment faire pour {howto} ?", "Organise un voyage de {n} jours à {city}"],
    "it": ["Spiegami {topic} in modo semplice", "Scrivi una email al mio {rel} riguardo a {issue}",
           "Dammi {n} idee per una cena con {food}", "Quali sono i pro e i contro di {topic}?", "Come posso {howto}?"],
    "ja": ["{topic}について簡単に説明してください", "{food}を使った料理のアイデアを{n}つください",
           "{city}への{n}日間の旅行プランを作って", "この文章を自然な日本語にしてください：「{sent}」",
           "{topic}のメリットとデメリットは？", "上司へのメールを書いてください（件名：{issue}）"],
    "id": ["Jelaskan {topic} dengan sederhana", "Buatkan email untuk {rel} saya tentang {issue}",
           "Berikan {n} ide masakan dengan {food}", "Apa kelebihan dan kekurangan {topic}?",
           "Bagaimana cara {howto}?", "Buat rencana perjalanan {n} hari ke {city}"],
    "pl": ["Wyjaśnij mi {topic} prostymi słowami", "Napisz e-mail do mojego {rel} w sprawie {issue}",
           "Podaj {n} pomysłów na obiad z {food}", "Jakie są zalety i wady {topic}?"],
    "nl": ["Leg {topic} eenvoudig uit", "Schrijf een e-mail aan mijn {rel} over {issue}",
           "Geef me {n} ideeën voor een maaltijd met {food}", "Wat zijn de voor- en nadelen van {topic}?"],
}
COT = ["Let's think step by step.", "Explain your reasoning step by step before giving the final answer.",
       "Show all of your work and reasoning.", "Think carefully and write out your full chain of thought first.",
       "Reason through this in detail, then give the answer on its own line.",
       "First write your reasoning inside <thinking> tags, then give the final answer.",
       "Walk through the problem step by step, checking each step.", "Provide a detailed rationale, then the answer."]

# capability areas for harvest and evaluation traffic: promptsource datasets + a synthetic generator
AREAS = {
    "math": (["math_qa", "aqua_rat/raw", "math_dataset/algebra__linear_1d", "math_dataset/algebra__linear_2d"], "math"),
    "code": (["code_x_glue_tc_text_to_code", "great_code", "neural_code_search/evaluation_dataset", "openai_humaneval"], "code"),
    "reading": (["squad", "quoref", "drop", "race/high", "quail", "duorc/SelfRC", "adversarial_qa/dbert"], "reading"),
    "commonsense": (["piqa", "hellaswag", "cosmos_qa", "social_i_qa", "commonsense_qa", "winogrande/winogrande_xl", "art"], "commonsense"),
    "science": (["ai2_arc/ARC-Challenge", "sciq", "openbookqa/main", "qasc", "pubmed_qa/pqa_labeled"], "science"),
    "summarise": (["xsum", "cnn_dailymail/3.0.0", "samsum", "multi_news", "gigaword", "billsum"], "summarise"),
    "nli": (["anli", "glue/mnli", "super_glue/cb", "esnli", "snli", "hans"], "nli"),
    "dialogue": (["blended_skill_talk", "conv_ai_2", "dream", "meta_woz/dialogues"], "dialogue"),
}


# ----------------------------------------------------------------------------- reference data
def _sha256(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def _yaml_scalar(lines: list[str]) -> str:
    """The value of a YAML scalar (plain, '...' or "..."), folded as YAML folds flow scalars."""
    first, rest = lines[0], [ln.strip() for ln in lines[1:]]
    q = first[:1]
    parts = [first.rstrip() if q in "'\"" else first.strip()]
    out = parts[0]
    for ln in rest:
        if ln == "":
            out += "\n"
            continue
        if q == '"' and (len(out) - len(out.rstrip("\\"))) % 2 == 1:      # an escaped line break
            out = out[:-1] + ln
        elif out.endswith("\n"):
            out += ln
        else:
            out += " " + ln
    if q == "'":
        return out[1:-1].replace("''", "'")
    if q == '"':
        body = out[1:-1]
        esc = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " ", "r": "\r", "0": "\0"}

        def _u(m):
            c = m.group(1)
            if c[0] in "xuU":
                return chr(int(c[1:], 16))
            return esc.get(c, c)
        return re.sub(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", _u, body, flags=re.S)
    return out


def _closed(text: str, q: str) -> bool:
    body = text[1:]
    if q == "'":
        return "'" in body.replace("''", "")
    i = 0
    while i < len(body):
        if body[i] == "\\":
            i += 2
            continue
        if body[i] == '"':
            return True
        i += 1
    return False


def read_templates(path: Path) -> list[str]:
    """The `jinja` fields of a promptsource templates.yaml (a YAML subset reader: 4-space keys, flow scalars)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    out, i = [], 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith("    jinja: "):
            buf = [ln[len("    jinja: "):]]
            j = i + 1
            q = buf[0][:1]
            if q in "'\"":                    # a quoted scalar runs to its closing quote, whatever the indentation
                while not _closed("\n".join(buf), q) and j < len(lines):
                    buf.append(lines[j])
                    j += 1
                out.append(_yaml_scalar(buf))
                i = j
                continue
            while j < len(lines) and (lines[j].startswith("     ") or lines[j].strip() == ""):
                if lines[j].strip() == "":
                    nxt = j
                    while nxt < len(lines) and lines[nxt].strip() == "":
                        nxt += 1
                    if nxt >= len(lines) or not lines[nxt].startswith("     "):
                        break
                buf.append(lines[j])
                j += 1
            out.append(_yaml_scalar(buf))
            i = j
        else:
            i += 1
    return out


_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})", re.S)


def skeleton(jinja: str) -> list:
    """Prompt part of a Jinja template as text pieces and slot names: if-blocks keep their first branch, loops run once."""
    src = jinja.split("|||")[0]
    out, stack = [], []
    for tok in _TAG.split(src):
        if tok.startswith("{%"):
            w = tok[2:-2].strip().lstrip("-").strip().split()
            k = w[0] if w else ""
            if k in ("if", "for"):
                stack.append(True)
            elif k in ("elif", "else") and stack:
                stack[-1] = False
            elif k in ("endif", "endfor") and stack:
                stack.pop()
            continue
        if not all(stack):
            continue
        if tok.startswith("{{"):
            out.append((tok[2:-2].strip(),))
        elif tok:
            out.append(tok)
    return out


class Ref:
    def __init__(self, root: Path):
        self.root = root
        self.files = {}
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.name != "README.md" and "LICENSE" not in p.name:
                self.files[str(p.relative_to(root))] = _sha256(p)
        ap = pd.read_csv(root / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str, keep_default_na=False)
        ap = ap[(ap["type"] == "TEXT") & ~ap["prompt"].str.contains(r"\{\{|\}\}|\{%|%\}")]["prompt"].tolist()   # no template braces
        self.awesome = [p if len(p) <= 1800 else p[:1800].rsplit(" ", 1)[0] for p in ap]
        self.templates = {}
        base = root / "prompts" / "promptsource-templates"
        for ds, _ in [(d, None) for a in AREAS.values() for d in a[0]]:
            f = base / ds / "templates.yaml"
            if f.exists():
                self.templates[ds] = [skeleton(j) for j in read_templates(f)]
        names = json.loads(gzip.open(root / "ip" / "pyasn" / "asnames.json.gz", "rt", encoding="utf-8").read())
        tab = pd.read_csv(root / "ip" / "pyasn" / "ipasn_20140513.dat.gz", sep="\t", comment=";", header=None,
                          names=["prefix", "asn"], dtype={"prefix": str, "asn": np.int64})
        need = {a for c in COUNTRIES.values() for a in c[3] + c[4]}
        self.unis = {}
        for cc in CC:
            self.unis[cc] = []
        for a, nm in names.items():
            cc = nm[-2:]
            if cc in self.unis and nm.endswith(", " + cc) and UNI_WORD.search(nm):
                self.unis[cc].append(int(a))
        for cc in CC:
            self.unis[cc].sort()
        cnt = tab["asn"].value_counts()
        for cc in CC:
            self.unis[cc] = [a for a in self.unis[cc] if cnt.get(a, 0) >= 2][:12]
            need |= set(self.unis[cc])
        self.asnames = {a: names.get(str(a), "") for a in need}
        sub = tab[tab["asn"].isin(sorted(need))]
        net, ln, asn = _parse_cidrs(sub["prefix"].tolist(), sub["asn"].to_numpy())
        self.as_prefix = {}
        for a in sorted(need):
            m = asn == a
            self.as_prefix[a] = (net[m], ln[m])
        self.vpn = _parse_cidrs(_lines(root / "ip" / "vpn" / "x4b_vpn_ipv4.txt"))
        self.dc = _parse_cidrs(_lines(root / "ip" / "vpn" / "x4b_datacenter_ipv4.txt"))
        self.cloud = {p.parent.name: _parse_cidrs(_lines(p)) for p in sorted((root / "ip" / "cloud").glob("*/ipv4_merged.txt"))}
        tor = [x for x in _lines(root / "ip" / "tor" / "tor-exit-nodes.lst") if ":" not in x]
        self.tor = np.array([int(ipaddress.IPv4Address(x)) for x in tor], dtype=np.uint64)


def _lines(p: Path) -> list[str]:
    return [x.split("#")[0].strip() for x in p.read_text().splitlines() if x.split("#")[0].strip()]


def _parse_cidrs(cidrs: list[str], tag=None):
    s = pd.Series(cidrs, dtype=str)
    ok = s.str.match(r"^\d+\.\d+\.\d+\.\d+(?:/\d+)?$").to_numpy()
    s = s[ok]
    parts = s.str.split("/", expand=True)
    ln = pd.to_numeric(parts[1], errors="coerce").fillna(32).astype(np.int64).to_numpy() if parts.shape[1] > 1 else np.full(len(s), 32)
    o = parts[0].str.split(".", expand=True).astype(np.int64).to_numpy()
    net = (o[:, 0] << 24) | (o[:, 1] << 16) | (o[:, 2] << 8) | o[:, 3]
    keep = np.ones(len(net), bool)
    for a, l in PRIVATE4:
        pn = int(ipaddress.IPv4Address(a))
        keep &= (net >> (32 - l)) != (pn >> (32 - l))
    keep &= ln >= 8
    if tag is not None:
        return net[keep].astype(np.uint64), ln[keep], np.asarray(tag)[ok][keep]
    return net[keep].astype(np.uint64), ln[keep]


# ----------------------------------------------------------------------------- text generators
class Text:
    """Everyday and templated prompt text; everything drawn from the world's rng."""

    def __init__(self, rng: np.random.Generator, ref: Ref):
        self.rng, self.ref = rng, ref
        self.u = self._uniforms().__next__     # u(): one uniform draw (per-call numpy draws dominate text building)

    def _uniforms(self):
        while True:
            yield from self.rng.random(1 << 16).tolist()

    def ri(self, lo, hi) -> int:
        return lo + int(self.u() * (hi - lo))

    def c(self, xs):
        return xs[int(self.u() * len(xs))]


    _FIELDS = {"job": JOBS, "city": CITIES, "rel": RELS, "topic": TOPICS, "event": EVENTS, "sent": SENTS, "thing": THINGS,
               "thing2": THINGS, "pet": ["cat", "puppy", "hamster", "parrot", "goldfish"], "food": FOODS, "food2": FOODS,
               "goal": GOALS, "lang": LANGS, "howto": HOWTOS, "poet": POETS, "org": ORGS, "issue": ISSUES}
    _NUM = {"n": (2, 9), "age": (5, 16)}
    _pat_fields: dict = {}

    def fill(self, pat: str) -> str:
        fs = self._pat_fields.get(pat)
        if fs is None:
            fs = self._pat_fields[pat] = sorted(set(re.findall(r"\{(\w+)\}", pat)))
        return pat.format(**{f: (self.ri(*self._NUM[f]) if f in self._NUM else self.c(self._FIELDS[f])) for f in fs})

    def chat(self, lang: str) -> str:
        r = self.u()
        if lang in CHAT_PHRASES and r < .8:
            return self.fill(self.c(CHAT_PHRASES[lang]))
        if r < .86:                                   # a real prompt, cut to its first sentences
            p = self.c(self.ref.awesome)
            if self.u() < .6:
                ss = re.split(r"(?<=[.!?])\s+", p)
                p = " ".join(ss[:int(self.ri(1, 4))])
            return p
        t = self.fill(self.c(TASKS))
        o = self.c(OPENERS)
        t = (o + t) if o else t[0].upper() + t[1:]
        if self.u() < .3:
            t += self.c(["", "?", ".", " thanks", " pls", " in 200 words", " keep it short", " with bullet points"])
        return t

    def _sentence(self) -> str:
        c = self.c
        return c([f"{c(FIRST)} {c(LAST)} said the report on {c(TOPICS)} was delayed by {self.ri(2, 40)} days.",
                  f"The committee reviewed {c(TOPICS)} and approved a budget of {self.ri(2, 900)} thousand.",
                  f"In {c(CITIES)}, residents debated {c(TOPICS)} at a crowded town hall.",
                  f"{c(THINGS).capitalize()} appeared in a new study about {c(TOPICS)}.",
                  f"Researchers found that {c(TOPICS)} affects {c(TOPICS)} more than expected.",
                  f"{c(FIRST)} moved to {c(CITIES)} in {self.ri(1950, 2024)} to study {c(TOPICS)}.",
                  f"The museum opened an exhibit on {c(TOPICS)} featuring {c(THINGS)}.",
                  f"Sales of {c(FOODS)} rose {self.ri(2, 60)} percent after a campaign about {c(TOPICS)}."])

    def _bank(self, name, fn, n):
        b = self.__dict__.get(name)
        if b is None:
            b = self.__dict__[name] = [fn() for _ in range(n)]
        return b

    def sentence(self) -> str:
        return self.c(self._bank("_sb", self._sentence, 30_000))

    def question(self) -> str:
        return self.c(self._bank("_qb", self._question, 6_000))

    def math(self) -> str:
        return self.c(self._bank("_mb", self._math, 30_000))

    def code(self) -> str:
        return self.c(self._bank("_cb", self._code, 8_000))

    def passage(self, k=None) -> str:
        return " ".join(self.sentence() for _ in range(k or int(self.ri(2, 6))))

    def _question(self) -> str:
        c = self.c
        return c([f"What year did {c(FIRST)} {c(LAST)} move to {c(CITIES)}?", f"Why does {c(TOPICS)} matter for {c(TOPICS)}?",
                  f"Which city hosted the exhibit on {c(TOPICS)}?", f"How many days was the report delayed?",
                  f"What is the main cause of {c(TOPICS)}?", f"Who approved the budget for {c(TOPICS)}?"])

    def _math(self) -> str:
        c = self.c
        a, b, k = self.ri(3, 90), self.ri(2, 40), self.ri(2, 12)
        return c([f"{c(FIRST)} buys {a} {c(FOODS)} at ${b} each and sells them for ${b + k} each. After paying a ${k * 7} stall fee, what is the profit?",
                  f"A train leaves {c(CITIES)} at {k} a.m. travelling {a} km/h. Another leaves {b} minutes later at {a + 15} km/h. When does the second catch up?",
                  f"Solve for x: {k}x + {a} = {b}x - {a + b}.",
                  f"A tank holds {a * 10} litres and drains at {k} litres per minute while filling at {b} litres per minute. How long until it is {'full' if b > k else 'empty'}?",
                  f"The sum of three consecutive integers is {3 * a + 3}. What is the largest?",
                  f"A shop discounts a ${a * 3} item by {b}% and then adds {k}% tax. What is the final price?",
                  f"If {k} workers build {a} metres of wall in {b} hours, how long do {k + 3} workers need for {a * 2} metres?",
                  f"Find the probability of drawing {k % 4 + 1} red balls from a bag of {a} red and {b} blue balls without replacement."])

    def _code(self) -> str:
        c = self.c
        fn = c(["parse_csv", "merge_intervals", "lru_cache", "top_k", "validate_email", "rle_encode", "dijkstra",
                "flatten", "debounce", "rate_limiter", "trie_insert", "roman_to_int", "matrix_spiral", "bisect_left"])
        lang = c(["Python", "TypeScript", "Go", "Rust", "Java", "C++"])
        return c([f"Write a {lang} function `{fn}` that handles edge cases, with tests.",
                  f"Implement {fn} in {lang}. Explain the time and space complexity.",
                  f"Refactor this {lang} code for {fn} to be idiomatic and explain each change:\n\ndef {fn}(x):\n    return x",
                  f"Write {lang} code to {c(HOWTOS)} programmatically ({fn}).",
                  f"Find the bug in my {lang} implementation of {fn} and give a corrected version with explanation."])

    def slot(self, expr: str) -> str:
        e = expr.lower()
        if "answer_choices" in e or "choices" in e or "options" in e or "endings" in e:
            opts = [self.c(THINGS), self.c(TOPICS), self.c(FOODS), self.c(CITIES)]
            return "; ".join(f"{'ABCD'[i]}) {o}" for i, o in enumerate(opts))
        if any(k in e for k in ("question", "query", "problem")):
            return self.math() if self.u() < .3 else self.question()
        if any(k in e for k in ("context", "passage", "text", "article", "document", "story", "review", "dialogue",
                                "summary", "paragraph", "abstract", "content", "support", "fact", "premise",
                                "hypothesis", "sentence", "goal", "sol", "ctx", "code", "nl", "prompt")):
            return self.passage(int(self.ri(1, 4)))
        if any(k in e for k in ("title", "topic", "name", "entity", "subject")):
            return self.c(TOPICS).title()
        if any(k in e for k in ("answer", "label", "target", "rationale")):
            return self.c(THINGS)
        return self.c(TOPICS)

    def render(self, sk: list) -> str:
        s = "".join(p if isinstance(p, str) else self.slot(p[0]) for p in sk).strip()
        return re.sub(r"\n{3,}", "\n\n", s) or self.question()


# ----------------------------------------------------------------------------- world building
class Src:
    """A prompt source: a builder of n texts, output-token lognormal, and how requests draw from its pool."""

    def __init__(self, name, build, tok, sigma=.7, mode="cycle", pool=0, cap=20_000, frac=.25):
        self.name, self.build, self.tok, self.sigma, self.mode, self.pool, self.cap = name, build, tok, sigma, mode, pool, cap
        self.frac = frac        # distinct texts per request drawn (people and apps repeat themselves; harvesters do not)


class IpPools:
    """Address pools. v4 addresses in one table; each pool: a slice of it and a mode, plus optional IPv6."""
    LEASE, PER_REQ, PER_SESSION, PER_ACCOUNT = 0, 1, 2, 3
    V6_NONE, V6_HOME, V6_SESSION, V6_SITE = 0, 1, 2, 3

    def __init__(self):
        self.v4 = []
        self.rows = []          # (start, len, mode, period, phase, v6mode, v6base, pv6, name)
        self.n4 = 0

    def add(self, addrs, mode, name, period=1, phase=0, v6mode=0, v6base=0, pv6=0.0) -> int:
        a = np.asarray(addrs, dtype=np.uint64)
        self.v4.append(a)
        self.rows.append((self.n4, len(a), mode, max(1, period), phase, v6mode, int(v6base), pv6, name))
        self.n4 += len(a)
        return len(self.rows) - 1


class World:
    def __init__(self, args, ref: Ref):
        self.args, self.ref = args, ref
        self.rng = np.random.default_rng([args.seed, 25])
        self.T = Text(np.random.default_rng([args.seed, 2501]), ref)
        self.D = args.days
        self.acc = []            # account dicts
        self.srcs: list[Src] = []
        self.src_key = {}
        self.ip = IpPools()
        self.dayprof = [np.ones(self.D)]
        self.prof_names = list(PROFILES)
        self.profiles = [PROFILES[k] for k in self.prof_names]
        self.groups = []         # benign groups: dicts
        self.rings = []
        self.uas = []; self.ua_key = {}
        self._pm = set()
        self.country_pools = {}

    # ---- helpers
    def r(self):
        return self.rng

    def ua(self, s):
        if s not in self.ua_key:
            self.ua_key[s] = len(self.uas); self.uas.append(s)
        return self.ua_key[s]

    def src(self, key, *a, **k):
        if key not in self.src_key:
            self.src_key[key] = len(self.srcs); self.srcs.append(Src(key, *a, **k))
        return self.src_key[key]

    def add_dayprof(self, arr):
        self.dayprof.append(np.asarray(arr, float)); return len(self.dayprof) - 1

    def add_profile(self, w):
        w = np.asarray(w, float); self.profiles.append(w / w.sum()); return len(self.profiles) - 1

    def prof(self, name):
        return self.prof_names.index(name)

    def pm(self):
        while True:
            t = "pm_" + "".join(self.rng.choice(list("ABCDEFGHJKLMNPQRSTUVWXYZ23456789"), 14))
            if t not in self._pm:
                self._pm.add(t); return t

    def country(self):
        return CC[int(self.rng.choice(len(CC), p=CC_W))]

    def zone(self, cc):
        return ZI[COUNTRIES[cc][1][int(self.rng.integers(len(COUNTRIES[cc][1])))]]

    def lang(self, cc):
        return COUNTRIES[cc][2] if self.rng.random() < .8 else "en"

    def created(self, in_window_p=.1, before_days=700):
        if self.rng.random() < in_window_p:
            return START_MS + int(self.rng.integers(0, self.D * DAY_MS))
        return START_MS - int(self.rng.integers(DAY_MS // 2, before_days * DAY_MS))

    def churn_end(self, created, p=.07):
        end = START_MS + self.D * DAY_MS
        if self.rng.random() < p:
            lo = max(created, START_MS) + DAY_MS
            if lo < end:
                return int(self.rng.integers(lo, end + 1))
        return end

    def v4_in(self, prefixes, n, contiguous=False):
        net, ln = prefixes
        if len(net) == 0:
            raise ValueError("no prefixes")
        r = self.rng
        if contiguous:                   # n addresses in one block of one prefix
            i = int(r.integers(len(net)))
            size = 1 << int(32 - ln[i])
            if size <= n + 2:
                return (net[i] + np.arange(min(n, size), dtype=np.uint64)).astype(np.uint64)
            s = int(r.integers(1, size - n - 1))
            return net[i] + np.uint64(s) + np.arange(n, dtype=np.uint64)
        i = r.integers(len(net), size=n)
        size = (np.uint64(1) << (32 - ln[i]).astype(np.uint64))
        off = np.where(size > 2, (r.random(n) * (size.astype(float) - 2)).astype(np.uint64) + 1, 0).astype(np.uint64)
        return net[i] + off

    def v6_base(self, cc, key, bits=32):
        """A synthesised /32 (per AS) or longer prefix inside the country's registry block."""
        reg = COUNTRIES[cc][5]
        h = int.from_bytes(hashlib.sha256(f"{self.args.seed}:{key}".encode()).digest()[:8], "big")
        top = (reg << 48) | ((h & 0xFFFF) << 32)
        if bits == 32:
            return top
        return top | ((((h >> 16) & 0xFFFFFFFF) << (64 - bits)) & 0xFFFFFFFF)

    # ---- infrastructure commonly needed
    def res_prefixes(self, cc):
        nets, lns = [], []
        for a in COUNTRIES[cc][3]:
            n, l = self.ref.as_prefix.get(a, (np.array([], np.uint64), np.array([], np.int64)))
            nets.append(n); lns.append(l)
        return np.concatenate(nets), np.concatenate(lns)

    def home_pool(self, cc, members_key):
        """A home line: successive DHCP leases (IPv4), a /56 with a /64 per device (IPv6 when the ISP offers it)."""
        leases = self.v4_in(self.res_prefixes(cc), int(self.rng.integers(2, 6)))
        asn = COUNTRIES[cc][3][int(self.rng.integers(len(COUNTRIES[cc][3])))]
        dual = self.rng.random() < .45
        base = self.v6_base(cc, f"home:{members_key}", 56) if dual else 0
        return self.ip.add(leases, IpPools.LEASE, f"home:{cc}:{asn}", period=int(self.rng.integers(4, 16)),
                           phase=int(self.rng.integers(0, 16)), v6mode=IpPools.V6_HOME if dual else 0, v6base=base,
                           pv6=.6 if dual else 0)

    def carrier_pools(self, cc):
        """Carrier CGNAT: per mobile ASN a pool of 96-384 public IPv4s in a few /24s; IPv6 /64 per session in its /32."""
        if cc not in self.country_pools:
            out = []
            for a in COUNTRIES[cc][4]:
                pref = self.ref.as_prefix.get(a)
                if pref is None or len(pref[0]) == 0:
                    continue
                n24 = int(self.rng.integers(2, 6))
                addrs = np.concatenate([self.v4_in(pref, 1, contiguous=False) & np.uint64(0xFFFFFF00)
                                        | np.arange(1, 255, dtype=np.uint64)[self.rng.choice(254, 80, replace=False)]
                                        for _ in range(n24)])
                out.append(self.ip.add(np.unique(addrs), IpPools.PER_SESSION, f"cgnat:{cc}:{a}", v6mode=IpPools.V6_SESSION,
                                       v6base=self.v6_base(cc, f"mob:{a}"), pv6=float(self.rng.uniform(.25, .7))))
            self.country_pools[cc] = out
        return self.country_pools[cc]

    def mobile_pool(self, cc):
        ps = self.carrier_pools(cc)
        return ps[int(self.rng.integers(len(ps)))]

    def cloud_pool(self, n, name, providers=("amazon", "google", "microsoft"), mode=IpPools.PER_REQ):
        prov = providers[int(self.rng.integers(len(providers)))]
        return self.ip.add(self.v4_in(self.ref.cloud[prov], n), mode, f"{name}:{prov}")

    # ---- accounts
    def add(self, cohort, group, variant, cc, *, tier=0, lam=5., p_wd=.5, p_we=.4, prof="evening", rps=6., gap=60.,
            mix=(), places=(), ua=(), p_ua_b=0., model=(0,), p_office=1., tokmul=1., retry=.01, pay=None, email=None,
            org="", created=None, end=None, dayprof=0, ring=None, zone=None, slot=0):
        created = self.created() if created is None else created
        a = dict(cohort=cohort, group=group or "", variant=variant, cc=cc, tz=self.zone(cc) if zone is None else zone,
                 tier=tier, lam=lam, p_wd=p_wd, p_we=p_we, prof=prof if isinstance(prof, int) else self.prof(prof),
                 rps=rps, gap=gap, mix=list(mix), places=list(places), ua=list(ua), p_ua_b=p_ua_b, model=list(model),
                 p_office=p_office, tokmul=tokmul, retry=retry, pay=pay if tier > 0 else None,
                 email=email or self.T.c(COUNTRIES[cc][6]), org=org, created=created,
                 end=self.churn_end(created) if end is None else end, dayprof=dayprof, ring=ring, slot=slot)
        if tier > 0 and a["pay"] is None:
            a["pay"] = self.pm()
        self.acc.append(a)
        return a

    def person_ua(self, mobile_first=False):
        r = self.rng
        br = self.T.c([f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36" for v in (128, 129, 130)] +
                      [f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v} Safari/605.1.15" for v in ("17.6", "18.0")] +
                      [f"Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0" for v in (130, 131)] +
                      ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0"])
        mob = self.T.c([f"LanternChat/4.{m} (iOS {v}; iPhone{p})" for m in (3, 4) for v in ("17.6", "18.0") for p in ("14,2", "15,3")] +
                       [f"LanternChat/4.{m} (Android {v}; {d})" for m in (3, 4) for v in (13, 14) for d in ("SM-A546B", "Pixel 7", "Redmi Note 12")])
        return [self.ua(mob), self.ua(br)] if mobile_first else [self.ua(br), self.ua(mob)]

    def chat_src(self, lang):
        T = self.T
        return self.src(f"chat:{lang}", lambda n, L=lang: [T.chat(L) for _ in range(n)], 230, .8, cap=150_000, frac=.35)


# ----------------------------------------------------------------------------- benign cohorts
def heavy(rng, lo, hi, alpha):
    """Pareto-tailed integer size in [lo, hi]."""
    return int(min(hi, lo * (1 + rng.pareto(alpha))))


def person_places(w: World, cc, home=None, extra=()):
    """A person's places: home line, phone on the carrier, optional extras. Weights (work ctx, off ctx)."""
    home = w.home_pool(cc, len(w.acc)) if home is None else home
    mob = w.mobile_pool(cc)
    pm = float(w.rng.uniform(.05, .45))
    return [(home, .6 - pm / 2, 1 - pm), (mob, .4 + pm / 2, pm)] + list(extra)


def b_solo(w: World, n):
    for _ in range(n):
        cc = w.country(); r = w.rng
        mobile = r.random() < .3
        pl = person_places(w, cc)
        if mobile:
            pl = [(pl[0][0], .2, .3), (pl[1][0], .8, .7)]
        tier = 1 if r.random() < .22 else 0
        w.add("solo_user", "", "mobile_first" if mobile else "home", cc, tier=tier, lam=float(r.lognormal(1.4, .8)),
              p_wd=float(r.uniform(.15, .8)), p_we=float(r.uniform(.1, .8)), prof=w.T.c(["evening", "evening", "night_owl", "morning"]),
              mix=[(w.chat_src(w.lang(cc)), 1.)], places=pl, ua=w.person_ua(mobile), p_ua_b=.3, model=[0, 1])


def b_office(w: World, n):
    """Offices: NAT egress (1-8 IPs), some behind a cloud secure web gateway shared by many customers; hybrid work."""
    r = w.rng; k = 0; i = 0
    swg = {}
    while k < n:
        emp = heavy(r, 10, 2000, 1.0)
        size = min(n - k, max(2, int(emp * r.uniform(.05, .35))))
        cc = w.country(); i += 1
        name = f"office{i:04d}"
        dom = f"{w.T.c(['bright', 'north', 'blue', 'apex', 'silver', 'green', 'terra', 'nova', 'prime', 'civic'])}" \
              f"{w.T.c(['lane', 'field', 'works', 'logic', 'point', 'stone', 'harbor', 'ridge', 'bridge'])}{i}.{w.T.c(['com', 'io', 'co', 'de', 'net'])}"
        via_swg = r.random() < .22
        if via_swg:
            vend = int(r.integers(3)); reg = cc[:1]
            if (vend, reg) not in swg:
                swg[(vend, reg)] = w.cloud_pool(int(r.integers(24, 64)), f"swg{vend}", ("amazon", "google", "microsoft", "oracle"))
            egress = swg[(vend, reg)]
        else:
            ne = int(np.clip(1 + emp // 250 + r.integers(0, 2), 1, 8))
            egress = w.ip.add(w.v4_in(w.res_prefixes(cc), ne, contiguous=True), IpPools.PER_SESSION, f"office:{name}",
                              v6mode=IpPools.V6_SITE if r.random() < .3 else 0, v6base=w.v6_base(cc, name, 48), pv6=.5)
        corp_card = r.random() < .35
        card = w.pm() if corp_card else None
        org = f"org_{name}" if r.random() < .45 else ""
        p_office = float(r.uniform(.3, 1.))
        zone = w.zone(cc)
        lang = COUNTRIES[cc][2]
        osrc = w.src(f"office:{name}", lambda m, nm=name, T=w.T: [_office_text(T, nm) for _ in range(m)], 320, .6)
        w.groups.append(dict(group_id=name, cohort="office_worker", size=size, cc=cc, swg=via_swg, corp_card=corp_card, org=bool(org)))
        for _ in range(size):
            tier = (2 if corp_card else (1 if r.random() < .3 else 0))
            pl = person_places(w, cc, extra=[(egress, 4., 0.)])
            pl = [(pl[0][0], .15, pl[0][2]), (pl[1][0], .05, pl[1][2]), pl[2]]
            w.add("office_worker", name, ("swg" if via_swg else "nat") + ("+card" if corp_card else ""), cc, tier=tier,
                  lam=float(r.lognormal(1.8, .7)), p_wd=float(r.uniform(.4, .95)), p_we=.08, prof="office", zone=zone,
                  mix=[(osrc, .5), (w.chat_src(lang), .5)], places=pl, ua=w.person_ua(), p_ua_b=.1, model=[1, 0],
                  p_office=p_office, pay=card, org=org, email=dom if r.random() < .7 else None)
        k += size


def _office_text(T: Text, nm):
    c = T.c
    return c([f"Draft a polite email to {c(FIRST)} {c(LAST)} about {c(ISSUES)}. Keep it under 150 words.",
              f"Summarise these meeting notes into action items: {T.passage(3)}",
              f"Rewrite this paragraph for a client report: {T.passage(2)}",
              f"Create an agenda for a {c(['30', '45', '60'])}-minute meeting on {c(TOPICS)}.",
              f"Write Excel formula to {c(['sum sales by region', 'find duplicates', 'lookup a price', 'count late invoices'])}",
              f"Make this sound more professional: '{c(SENTS)}'", f"Explain {c(TOPICS)} for a slide deck, 5 bullets."])


def b_mobile(w: World, n):
    """Phone-only users on carrier CGNAT: one address shared by hundreds of strangers in a day."""
    r = w.rng
    for _ in range(n):
        cc = w.country(); pools = w.carrier_pools(cc)
        pool = pools[int(r.integers(len(pools)))]
        w.add("mobile_user", w.ip.rows[pool][8], "cgnat", cc, tier=1 if r.random() < .12 else 0,
              lam=float(r.lognormal(1.2, .8)), p_wd=float(r.uniform(.2, .8)), p_we=float(r.uniform(.2, .8)),
              prof=w.T.c(["evening", "evening", "night_owl", "morning"]), rps=4, gap=90,
              mix=[(w.chat_src(w.lang(cc)), 1.)], places=[(pool, 1., 1.)], ua=w.person_ua(True), model=[0])


def b_campus(w: World, n):
    """Universities: dorm NAT, eduroam NAT, one e-mail domain, shared course assignments with deadline spikes."""
    r = w.rng; k = 0; u = 0
    while k < n:
        size = min(n - k, heavy(r, 25, 900, .9)); u += 1
        cc = w.T.c([c for c in CC if w.ref.unis[c]])
        asn = w.T.c(w.ref.unis[cc]); pref = w.ref.as_prefix[asn]
        uni = f"uni{u:03d}"
        dom = {"US": f"{uni}.edu", "GB": f"{uni}.ac.uk", "JP": f"{uni}.ac.jp", "AU": f"{uni}.edu.au"}.get(cc, f"{uni}.edu.{cc.lower()}")
        v6 = w.v6_base(cc, uni, 48)
        dorm = w.ip.add(w.v4_in(pref, int(r.integers(4, 17)), contiguous=True), IpPools.PER_SESSION, f"dorm:{uni}",
                        v6mode=IpPools.V6_SITE, v6base=v6, pv6=.35)
        edu = w.ip.add(w.v4_in(pref, int(r.integers(2, 9)), contiguous=True), IpPools.PER_SESSION, f"eduroam:{uni}",
                       v6mode=IpPools.V6_SITE, v6base=v6 | (1 << 16), pv6=.35)
        courses = []
        for ci in range(int(r.integers(3, 9))):
            cname = f"{uni}-{w.T.c(['CS', 'MATH', 'BIO', 'ECON', 'PHYS', 'HIST', 'CHEM', 'PSY'])}{int(r.integers(100, 400))}"
            qs = [_assignment(w.T, cname) for _ in range(int(r.integers(6, 20)))]
            s = w.src(f"course:{cname}:{ci}", lambda m, qs=qs, T=w.T: [_student_variant(T, T.c(qs)) for _ in range(m)], 420, .6)
            dl = np.full(w.D, .7)
            for d in range(int(r.integers(2, 9)) % w.D, w.D, int(r.integers(6, 15))):
                dl[max(0, d - 2):d + 1] = [1.6, 2.6, 3.5][-(d + 1 - max(0, d - 2)):]
            courses.append((s, w.add_dayprof(dl)))
        w.groups.append(dict(group_id=uni, cohort="campus_student", size=size, cc=cc, asn=int(asn), courses=len(courses)))
        lang = COUNTRIES[cc][2]
        for _ in range(size):
            fac = r.random() < .1
            s, dp = courses[int(r.integers(len(courses)))]
            if fac:
                mix = [(w.chat_src(lang), .5), (_cot_src(w, "research"), .5)]
            else:
                mix = [(s, float(r.uniform(.3, .7))), (w.chat_src(lang), .3)]
                if r.random() < .4:
                    s2, _ = courses[int(r.integers(len(courses)))]
                    mix.append((s2, .2))
            pl = [(dorm if not fac else edu, .1, .55), (edu, .75, .15)] + person_places(w, cc)[1:]
            w.add("campus_student", uni, "faculty" if fac else "student", cc, tier=1 if fac and r.random() < .5 else 0,
                  lam=float(r.lognormal(1.5, .7)), p_wd=.7, p_we=.45, prof="office" if fac else "student",
                  mix=mix, places=pl, ua=w.person_ua(), p_ua_b=.3, model=[1, 3] if fac else [0, 1], dayprof=0 if fac else dp,
                  email=dom, created=w.created(.12, 900))
        k += size


def _assignment(T: Text, cname):
    c = T.c
    return c([f"{cname} homework: explain how {c(TOPICS)} relates to {c(TOPICS)} in about 300 words.",
              f"{cname} problem set: {T.math()}", f"{cname} lab: {T.code()}",
              f"{cname} essay prompt: Discuss the role of {c(TOPICS)} in {c(['modern society', 'the 19th century', 'developing economies', 'public health'])}.",
              f"{cname} quiz review: define {c(TOPICS)} and give two examples."])


def _student_variant(T: Text, q):
    return T.c(["", "", "help me with this: ", "can you explain ", "my homework says: ", "I don't understand: ",
                "pls solve ", "Explain step by step: "]) + q + T.c(["", "", " thanks", " (due tonight)", " in simple words"])


def _cot_src(w: World, kind):
    T = w.T
    if kind == "research":
        build = lambda m: [T.c([f"Derive step by step why {T.c(TOPICS)} implies {T.c(TOPICS)}. Show your reasoning.",
                                f"Critique this argument, reasoning step by step: {T.passage(2)}",
                                f"Check my proof sketch step by step: {T.math()}"]) for _ in range(m)]
        return w.src("cot:research", build, 650, .6)
    if kind == "tutor":
        build = lambda m: [T.c(["Explain step by step so a student can follow: ", "Solve and show every step: ",
                                "Walk me through this slowly: "]) + T.math() for _ in range(m)]
        return w.src("cot:tutor", build, 520, .55)
    build = lambda m: [T.math() + " " + T.c(COT) for _ in range(m)]
    return w.src("cot:learner", build, 560, .6)


def b_household(w: World, n):
    """Families: 2-6 people, one home line (leases change), often one family card."""
    r = w.rng; k = 0; h = 0
    while k < n:
        size = min(n - k, int(np.clip(r.poisson(1.6) + 2, 2, 6))); h += 1
        cc = w.country(); home = w.home_pool(cc, f"hh{h}")
        card = w.pm() if r.random() < .5 else None
        gid = f"household{h:05d}"
        w.groups.append(dict(group_id=gid, cohort="household", size=size, cc=cc, family_card=card is not None))
        zone = w.zone(cc)
        for j in range(size):
            kid = j >= 2
            w.add("household", gid, "family_card" if card else "home_line", cc, zone=zone,
                  tier=1 if (card and r.random() < .8) else 0, pay=card, lam=float(r.lognormal(1.3, .7)),
                  p_wd=float(r.uniform(.2, .8)), p_we=float(r.uniform(.3, .9)), prof="student" if kid else "evening",
                  mix=[(w.chat_src(w.lang(cc)), .8 if kid else 1.)] + ([(_cot_src(w, "learner"), .2)] if kid else []),
                  places=person_places(w, cc, home=home), ua=w.person_ua(kid), p_ua_b=.4, model=[0, 1])
        k += size


def vpn_providers(w: World):
    if not hasattr(w, "_vpn"):
        w._vpn = []
        for name, nexit in (("mullbird", 500), ("nordsail", 900), ("protovpn", 350), ("freevpn", 160)):
            w._vpn.append(w.ip.add(w.v4_in(w.ref.vpn, nexit), IpPools.PER_SESSION, f"vpn:{name}"))
    return w._vpn


def b_vpn(w: World, n):
    """Commercial VPN customers: exits shared by thousands of strangers, a new exit per session."""
    r = w.rng; prov = vpn_providers(w); pw = np.array([.3, .4, .2, .1])
    for _ in range(n):
        cc = w.country(); p = prov[int(r.choice(4, p=pw))]
        pl = [(p, .85, .85)] + [(x, y * .15, z * .15) for x, y, z in person_places(w, cc)]
        w.add("vpn_user", w.ip.rows[p][8], "always_on" if r.random() < .6 else "sometimes", cc, tier=1 if r.random() < .35 else 0,
              lam=float(r.lognormal(1.5, .8)), p_wd=float(r.uniform(.2, .8)), p_we=float(r.uniform(.2, .8)),
              prof=w.T.c(["evening", "night_owl", "office"]), mix=[(w.chat_src(w.lang(cc)), .9), (_cot_src(w, "learner"), .1)],
              places=pl, ua=w.person_ua(), p_ua_b=.15, model=[1, 0])


APP_KINDS = [
    ("support_triage", "Classify the support ticket into billing, bug, account, feature or other and draft a reply.\n\nTicket: {p}", 380),
    ("product_copy", "Write a product description (150-250 words, SEO friendly) for: {t}. Key features: {p}", 420),
    ("news_digest", "Summarise the following article in 5 bullet points for a newsletter:\n\n{p}", 260),
    ("invoice_extract", "Extract JSON with fields vendor, date, total, currency, line_items from this document:\n{p}", 220),
    ("tutor_app", "You are MathPal, a patient tutor. Solve step by step and explain each step:\n{m}", 780),
    ("code_review_bot", "Review this diff. List bugs, style issues and security problems with line references:\n{c}", 900),
    ("legal_summary", "Summarise this contract clause in plain English and flag risks:\n{p}", 640),
    ("recipe_app", "Create a recipe using {f} and {g}. Include ingredients, steps and nutrition estimate.", 520),
]


def _app_src(w: World, key, kind):
    T = w.T
    _, pat, tok = kind
    build = lambda m: [pat.format(p=T.passage(int(T.ri(1, 4))), t=T.c(THINGS), m=T.math(), c=T.code(),
                                  f=T.c(FOODS), g=T.c(FOODS)) for _ in range(m)]
    return w.src(key, build, tok, .45)


def _app_account(w, cohort, gid, variant, cc, key, kind, lam_frac, tier, places, pay=None, org="", email=None, prof=None):
    r = w.rng
    return w.add(cohort, gid, variant, cc, tier=tier, lam=float(lam_frac * DAILY_LIMIT[tier]), p_wd=.97,
                 p_we=.9 if r.random() < .6 else .4, prof=prof or w.T.c(["flat", "business_app"]), rps=60,
                 gap=float(86400 * .7 / max(1., lam_frac * DAILY_LIMIT[tier])), mix=[(_app_src(w, key, kind), 1.)],
                 places=places, ua=[w.ua(w.T.c(["lantern-python/1.9.2", "lantern-node/1.5.0", "lantern-python/1.8.7", "Go-http-client/2.0"]))],
                 model=[int(r.integers(0, 3))], tokmul=float(r.uniform(.8, 1.6)), retry=.02, pay=pay, org=org, email=email,
                 end=START_MS + w.D * DAY_MS)


def b_api_app(w: World, n):
    """Single heavy API apps: one account, a few cloud NAT IPs, one template at high volume near the limit."""
    r = w.rng
    for i in range(n):
        cc = w.T.c(["US", "US", "DE", "GB", "IN", "FR", "JP", "BR", "NL", "AU"])
        kind = APP_KINDS[int(r.integers(len(APP_KINDS)))]
        tier = int(r.choice([1, 2, 3], p=[.84, .15, .01]))
        pl = [(w.cloud_pool(int(r.integers(1, 5)), f"app{i}", ("amazon", "google", "microsoft", "digitalocean", "oracle", "linode")), 1., 1.)]
        _app_account(w, "api_app", "", kind[0], cc, f"app{i}", kind, float(r.uniform(.15, .9)) ** 1.5, tier, pl,
                     org=f"org_app{i}" if r.random() < .5 else "")


def b_small_company(w: World, n):
    """2-5 keys (prod, staging, dev, CI) of one small company on one card; same template."""
    r = w.rng; k = 0; i = 0
    while k < n:
        size = min(n - k, int(r.integers(2, 6))); i += 1
        cc = w.T.c(["US", "DE", "GB", "IN", "FR", "CA", "NL", "BR", "PL"])
        card = w.pm(); kind = APP_KINDS[int(r.integers(len(APP_KINDS)))]
        gid = f"startup{i:04d}"; dom = f"{gid}.io"
        prod = w.cloud_pool(int(r.integers(1, 4)), gid, ("amazon", "google", "digitalocean"))
        office = w.ip.add(w.v4_in(w.res_prefixes(cc), 1), IpPools.LEASE, f"smalloffice:{gid}")
        w.groups.append(dict(group_id=gid, cohort="small_company", size=size, cc=cc))
        for j in range(size):
            role = ["prod", "staging", "dev", "ci", "dev2"][j]
            if role == "prod":
                _app_account(w, "small_company", gid, role, cc, gid, kind, float(r.uniform(.05, .5)), 1, [(prod, 1., 1.)],
                             pay=card, email=dom)
            else:
                w.add("small_company", gid, role, cc, tier=1, pay=card, email=dom, lam=float(r.lognormal(1.8, .8)),
                      p_wd=.85, p_we=.1, prof="office", rps=15, gap=20, mix=[(_app_src(w, gid, kind), .8), (w.chat_src("en"), .2)],
                      places=[(prod if role in ("staging", "ci") else office, 1., 1.)],
                      ua=[w.ua("lantern-python/1.9.2"), w.ua("curl/8.5.0")], p_ua_b=.2, model=[0, 1])
        k += size


def b_venue(w: World, n, cohort, kinds):
    """Public Wi-Fi (cafes, airports, libraries, hotels) or coworking / internet cafes: a venue's 1-4 IPs shared by
    transient users who also have their own home and phone."""
    r = w.rng; k = 0; i = 0
    while k < n:
        kind = w.T.c(kinds)
        size = min(n - k, heavy(r, 4, 400 if kind == "airport" else 120, 1.2)); i += 1
        cc = w.country(); gid = f"{kind}{i:04d}"
        nip = {"airport": 6, "hotel": 2, "coworking": 3, "internet_cafe": 1}.get(kind, 1)
        pool = w.ip.add(w.v4_in(w.res_prefixes(cc), nip, contiguous=True), IpPools.PER_SESSION, f"venue:{gid}")
        w.groups.append(dict(group_id=gid, cohort=cohort, size=size, cc=cc, venue=kind))
        share = {"coworking": .7, "internet_cafe": .8, "cafe": .3, "library": .35, "airport": .2, "hotel": .3}[kind]
        for _ in range(size):
            ucc = cc if kind not in ("airport", "hotel") or r.random() < .4 else w.country()
            pl = [(pool, share, share * .5)] + [(x, y * (1 - share), z) for x, y, z in person_places(w, ucc)]
            heavy_user = kind in ("coworking", "internet_cafe") and r.random() < .4
            mix = [(w.chat_src(w.lang(ucc)), 1.)]
            if heavy_user:
                mix = [(w.chat_src("en"), .5), (_app_src(w, f"freelance{r.integers(40)}", APP_KINDS[int(r.integers(len(APP_KINDS)))]), .5)]
            w.add(cohort, gid, kind, ucc, zone=w.zone(cc) if ucc == cc else None, tier=1 if r.random() < .3 + .3 * heavy_user else 0,
                  lam=float(r.lognormal(1.4 + .8 * heavy_user, .7)), p_wd=float(r.uniform(.2, .8)), p_we=float(r.uniform(.1, .6)),
                  prof="office" if kind == "coworking" else w.T.c(["evening", "morning"]), mix=mix, places=pl,
                  ua=w.person_ua(), p_ua_b=.35, model=[0, 1], p_office=float(r.uniform(.2, .9)))
        k += size


def b_school(w: World, n):
    """K-12 schools: classes sign up together in class, one exercise prompt typed by 20-35 pupils in one period."""
    r = w.rng; k = 0; i = 0
    while k < n:
        i += 1; cc = w.T.c(["US", "US", "GB", "CA", "AU", "DE", "NL", "IN", "BR"])
        sname = f"school{i:03d}"
        dom = {"US": f"{sname}.k12.us", "GB": f"{sname}.sch.uk"}.get(cc, f"{sname}.edu")
        egress = w.ip.add(w.v4_in(w.res_prefixes(cc), int(r.integers(1, 3)), contiguous=True), IpPools.PER_SESSION, f"school:{sname}")
        zone = w.zone(cc)
        for c in range(int(r.integers(1, 5))):
            if k >= n:
                break
            size = min(n - k, int(r.integers(14, 36)))
            gid = f"{sname}-class{c}"
            period = int(r.integers(8, 15))
            prof = w.add_profile(np.where(np.arange(24) == period, 1., np.where(np.arange(24) == 19, .15, .002)))
            ex = [w.T.c([f"Write a short poem about {w.T.c(THINGS)} using three similes.",
                         f"Explain {w.T.c(TOPICS)} in five sentences for a class presentation.",
                         f"Give me three arguments for and against {w.T.c(TOPICS)}.",
                         f"Help me check my answer: {w.T.math()}"]) for _ in range(6)]
            s = w.src(f"class:{gid}", lambda m, ex=ex, T=w.T: [T.c(ex) + T.c(["", "", " my answer is: " + T.sentence(), " " + T.c(SENTS)]) for _ in range(m)], 260, .5)
            burst = START_MS + int(r.integers(-20, w.D)) * DAY_MS + int(((period - ZONES[zone][2] / 60) % 24) * 3600_000)
            days = np.zeros(w.D); days[int(r.integers(0, 3))::7] = 1.; days[int(r.integers(3, 5))::7] = 1.
            dp = w.add_dayprof(days)
            w.groups.append(dict(group_id=gid, cohort="school_k12", size=size, cc=cc, school=sname, signup_burst=True))
            for _ in range(size):
                w.add("school_k12", gid, "pupil", cc, zone=zone, tier=0, lam=float(r.uniform(3, 9)), p_wd=.95, p_we=.3,
                      prof=prof, rps=8, gap=45, mix=[(s, .8), (w.chat_src(w.lang(cc)), .2)],
                      places=[(egress, 1., .05), (w.home_pool(cc, len(w.acc)), 0., .95)], ua=[w.ua("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36")],
                      model=[0], email=dom, created=burst + int(r.integers(0, 25 * 60_000)), end=START_MS + w.D * DAY_MS, dayprof=dp)
            k += size


def b_call_centre(w: World, n):
    """Contact centres: agents in shifts behind one NAT, the same reply templates, a corporate card."""
    r = w.rng; k = 0; i = 0
    while k < n:
        size = min(n - k, heavy(r, 15, 300, 1.1)); i += 1
        cc = w.T.c(["PH", "IN", "PH", "IN", "MX", "PL", "US", "TR", "NG"])
        gid = f"callcentre{i:03d}"
        egress = w.ip.add(w.v4_in(w.res_prefixes(cc), int(r.integers(2, 7)), contiguous=True), IpPools.PER_SESSION, f"cc:{gid}")
        card = w.pm(); org = f"org_{gid}" if r.random() < .6 else ""
        T = w.T
        brand = T.c(["Telco", "Airline", "Bank", "Retailer", "Insurer"])
        s = w.src(f"cc:{gid}", lambda m, b=brand: [f"Rewrite this reply to a {b} customer to be empathetic and clear. Customer: '{T.c(SENTS)}, {T.c(ISSUES)}' Draft: '{T.sentence()}'" if T.u() < .7
                                                   else f"Summarise this call transcript for the CRM in 3 lines: {T.passage(3)}" for _ in range(m)], 180, .5)
        w.groups.append(dict(group_id=gid, cohort="call_centre", size=size, cc=cc))
        zone = w.zone(cc)
        for _ in range(size):
            shift = w.T.c(["shift_early", "shift_late", "shift_night"])
            w.add("call_centre", gid, shift, cc, zone=zone, tier=2, pay=card, org=org, email=f"{gid}.com",
                  lam=float(r.lognormal(3.0, .5)), p_wd=.85, p_we=.5, prof=shift, rps=12, gap=150,
                  mix=[(s, .9), (w.chat_src("en"), .1)], places=[(egress, 1., 1.)], ua=w.person_ua()[:1], model=[0])
        k += size


def b_agency(w: World, n):
    """A reseller / agency bills its clients' accounts on one agency card; clients sit in their own offices."""
    r = w.rng; k = 0; i = 0
    while k < n:
        size = min(n - k, heavy(r, 3, 40, 1.3)); i += 1
        cc = w.country(); card = w.pm(); gid = f"agency{i:03d}"
        w.groups.append(dict(group_id=gid, cohort="agency_client", size=size, cc=cc))
        for j in range(size):
            ccc = cc if r.random() < .7 else w.country()
            kind = APP_KINDS[int(r.integers(len(APP_KINDS)))]
            site = w.ip.add(w.v4_in(w.res_prefixes(ccc), int(r.integers(1, 3)), contiguous=True), IpPools.PER_SESSION, f"client:{gid}:{j}")
            w.add("agency_client", gid, "client", ccc, tier=1, pay=card, lam=float(r.lognormal(2.3, .8)), p_wd=.8, p_we=.15,
                  prof="office", mix=[(_app_src(w, f"{gid}:{j}", kind), .6), (w.chat_src(w.lang(ccc)), .4)],
                  places=[(site, 1., .3)] + [(x, 0., z * .7) for x, _, z in person_places(w, ccc)], ua=w.person_ua(), model=[1])
        k += size


VIRAL = ["Roast me based on everything you know about me. Be brutal but funny.",
         "Act as my future self 10 years from now and tell me what I should start doing today.",
         "Give me a 30-day plan to learn any skill using the 80/20 principle.",
         "Explain quantum computing like a pirate.", "Write my horoscope for tomorrow in the style of a noir detective.",
         "What are 10 questions I should ask myself every week?", "Turn my week into a Wes Anderson movie plot.",
         "Pretend you are an AI from 2077 describing 2027.", "Make me a cheat sheet of the 20 most useful Excel shortcuts.",
         "Rate my life choices: I quit my job to start a bakery.", "Describe my personality based on my favourite food: pizza.",
         "What would Socrates say about TikTok?"]


def b_copiers(w: World, n):
    """Viral prompt copiers, prompt-pack buyers and browser-extension users: same text, unrelated people."""
    r = w.rng; T = w.T
    nv, npk, ne = int(n * .4), int(n * .2), n - int(n * .4) - int(n * .2)
    # viral prompts, popularity Zipf
    vsrcs = []
    for j in range(len(VIRAL) + 8):
        base = VIRAL[j] if j < len(VIRAL) else T.c(w.ref.awesome)[:600]
        vsrcs.append(w.src(f"viral:{j}", lambda m, b=base: [b if T.u() < .85 else b + T.c([" lol", "!", " pls", " be honest"]) for _ in range(m)], 340, .6, "zipf", 5))
    vp = 1 / np.arange(1, len(vsrcs) + 1) ** 1.1; vp /= vp.sum()
    for _ in range(nv):
        cc = w.country(); j = int(r.choice(len(vsrcs), p=vp))
        w.add("viral_copier", f"viral{j:02d}", "viral", cc, lam=float(r.lognormal(1.0, .7)), p_wd=float(r.uniform(.1, .6)),
              p_we=float(r.uniform(.2, .7)), mix=[(vsrcs[j], .35), (w.chat_src(w.lang(cc)), .65)], places=person_places(w, cc),
              ua=w.person_ua(r.random() < .5), p_ua_b=.3, model=[0], created=w.created(.25))
    # prompt packs: a seller's 15-30 role prompts (real awesome prompts) with slots
    packs = []
    for j in range(8):
        items = [T.c(w.ref.awesome)[:700] for _ in range(int(r.integers(15, 31)))]
        packs.append(w.src(f"pack:{j}", lambda m, it=items: [T.c(it) + "\n\nMy first request: " + T.fill(T.c(TASKS)) for _ in range(m)], 450, .6))
    for _ in range(npk):
        cc = w.country(); j = int(r.integers(len(packs)))
        w.add("prompt_pack", f"pack{j}", "pack", cc, tier=1 if r.random() < .5 else 0, lam=float(r.lognormal(1.6, .6)),
              p_wd=.5, p_we=.4, mix=[(packs[j], .7), (w.chat_src(w.lang(cc)), .3)], places=person_places(w, cc),
              ua=w.person_ua(), model=[1])
    # browser extensions: fixed wrapper + the page text, the extension's own user agent
    exts = []
    for j, (nm, wrap) in enumerate([("QuillPen", "You are a writing assistant. Improve the clarity and tone of the following text without changing its meaning:\n\n{x}"),
                                    ("PageBrief", "Summarize the web page below in 5 bullets, then list 3 follow-up questions.\n\nPAGE:\n{x}"),
                                    ("ReplyGenie", "Write a friendly reply to this email. Match the sender's tone.\n\nEMAIL:\n{x}"),
                                    ("TransLens", "Translate the selected text to the user's language and explain idioms:\n{x}"),
                                    ("StudyBuddy", "Create 5 flashcards (Q/A) from this text:\n{x}")]):
        exts.append((nm, w.src(f"ext:{nm}", lambda m, wr=wrap: [wr.format(x=T.passage() if T.u() < .8 else T.chat("en")) for _ in range(m)], 300, .6),
                     w.ua(f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 {nm}-Extension/2.{j}")))
    ep = 1 / np.arange(1, 6) ** .9; ep /= ep.sum()
    w._exts = exts
    for _ in range(ne):
        cc = w.country(); j = int(r.choice(5, p=ep)); nm, s, ua = exts[j]
        w.add("extension_user", f"ext:{nm}", nm, cc, tier=1 if r.random() < .25 else 0, lam=float(r.lognormal(1.7, .7)),
              p_wd=.7, p_we=.3, prof=w.T.c(["office", "evening"]), mix=[(s, .9), (w.chat_src(w.lang(cc)), .1)],
              places=person_places(w, cc), ua=[ua], model=[0])


def b_cot(w: World, n):
    """Legitimate chain-of-thought users: tutoring centres (shared office line, one card) and independent tutors/learners."""
    r = w.rng; k = 0; i = 0
    while k < n:
        i += 1; cc = w.country()
        if r.random() < .5:
            size = min(n - k, int(r.integers(3, 14))); gid = f"tutoring{i:03d}"
            line = w.ip.add(w.v4_in(w.res_prefixes(cc), 1), IpPools.LEASE, f"tutoring:{gid}")
            card = w.pm() if r.random() < .6 else None
            w.groups.append(dict(group_id=gid, cohort="cot_learner", size=size, cc=cc))
            zone = w.zone(cc)
            for _ in range(size):
                w.add("cot_learner", gid, "tutoring_centre", cc, zone=zone, tier=1, pay=card, lam=float(r.lognormal(2.4, .6)),
                      p_wd=.8, p_we=.5, prof=w.T.c(["evening", "morning"]), mix=[(_cot_src(w, "tutor"), .8), (w.chat_src("en"), .2)],
                      places=[(line, .9, .6)] + [(x, y * .1, z * .4) for x, y, z in person_places(w, cc)], ua=w.person_ua(),
                      model=[3, 1], tokmul=1.2)
        else:
            size = 1; cc = w.country()
            w.add("cot_learner", "", "independent", cc, tier=int(r.random() < .5), lam=float(r.lognormal(1.8, .7)),
                  p_wd=.6, p_we=.5, prof="student", mix=[(_cot_src(w, "learner"), .7), (w.chat_src(w.lang(cc)), .3)],
                  places=person_places(w, cc), ua=w.person_ua(), model=[3, 1])
        k += size


def b_hackathon(w: World, n):
    """NEW: weekend hackathons. 30-150 people sign up in one burst at the venue, hammer the organisers' starter-kit
    template for 48 hours on the venue Wi-Fi, then most go quiet."""
    r = w.rng; k = 0; i = 0; T = w.T
    while k < n:
        size = min(n - k, heavy(r, 30, 150, 1.5)); i += 1
        cc = w.T.c(["US", "DE", "IN", "GB", "BR", "FR", "NG", "JP"]); gid = f"hackathon{i:02d}"
        venue = w.ip.add(w.v4_in(w.res_prefixes(cc), int(r.integers(1, 4)), contiguous=True), IpPools.PER_SESSION, f"hack:{gid}")
        fri = 4 + 7 * int(r.integers(0, max(1, (w.D - 3) // 7))) if w.D >= 7 else 0
        fri = min(fri, max(0, w.D - 3))
        dp = np.zeros(w.D); dp[fri:fri + 3] = [1.2, 3.0, 2.0][:len(dp[fri:fri + 3])]; dp[fri + 3:] = .06
        dpi = w.add_dayprof(dp)
        zone = w.zone(cc)
        kit = T.c(["You are an assistant for our app. Given the user's goal, return a JSON plan with steps and tools.\nGoal: {x}",
                   "Turn this user note into a structured todo list (JSON with title, due, priority):\n{x}",
                   "Act as a travel agent bot. Answer using the context.\nContext: {x}\nQuestion: {q}"])
        s = w.src(f"hack:{gid}", lambda m, kit=kit: [kit.format(x=T.passage(2), q=T.question()) for _ in range(m)], 300, .5)
        burst = START_MS + fri * DAY_MS + int(((18 - ZONES[zone][1] / 60) % 24) * 3600_000)
        w.groups.append(dict(group_id=gid, cohort="hackathon", size=size, cc=cc, signup_burst=True, day=fri))
        for _ in range(size):
            w.add("hackathon", gid, "participant", cc, zone=zone, tier=0 if r.random() < .6 else 1, lam=float(r.lognormal(3.0, .5)),
                  p_wd=.9, p_we=.9, prof="weekend_hack", rps=20, gap=25, mix=[(s, .75), (w.chat_src("en"), .25)],
                  places=[(venue, .9, .9)] + [(x, y * .1, z * .1) for x, y, z in person_places(w, cc)[1:]],
                  ua=[w.ua("lantern-python/1.9.2"), w.ua("lantern-node/1.5.0")], p_ua_b=.4, model=[0, 1],
                  created=burst + int(r.integers(0, 90 * 60_000)), end=START_MS + w.D * DAY_MS, dayprof=dpi)
        k += size


def _harvest_src(w: World, key, area, k_ds, elicit, long=True, wrap=None, eval_style=False, frac=1.):
    """Templated traffic over one capability area: promptsource templates plus the area's own generator."""
    T = w.T; r = w.rng
    dss = [d for d in AREAS[area][0] if d in w.ref.templates]
    pick = [dss[i] for i in r.choice(len(dss), min(k_ds, len(dss)), replace=False)]
    sks = [sk for d in pick for sk in w.ref.templates[d]]
    gen = {"math": T.math, "code": T.code}.get(AREAS[area][1], T.question)

    def build(m):
        out = []
        for _ in range(m):
            body = T.render(T.c(sks)) if T.u() < .75 else gen()
            if elicit:
                e = T.c(elicit)
                body = (e + "\n\n" + body) if T.u() < .3 else (body + "\n\n" + e)
            if eval_style:
                body += T.c(["\nAnswer:", "\nAnswer with the letter only.", "", "\nA:"])
            out.append(wrap.format(x=body) if wrap else body)
        return out
    return w.src(key, build, 900 if long else 12, .5 if long else .6, cap=150_000 if long else 20_000, frac=frac), pick


def b_eval_lab(w: World, n):
    """NEW: ML evaluation labs run benchmark suites (the same public templates) from a GPU cluster, in bursts."""
    r = w.rng; k = 0; i = 0
    while k < n:
        size = min(n - k, int(r.integers(3, 13))); i += 1
        cc = w.T.c([c for c in ("US", "GB", "DE", "JP", "KR", "FR", "CA") if w.ref.unis[c]])
        gid = f"evallab{i:02d}"
        acad = r.random() < .6
        if acad:
            pool = w.ip.add(w.v4_in(w.ref.as_prefix[w.T.c(w.ref.unis[cc])], int(r.integers(1, 5)), contiguous=True), IpPools.PER_SESSION, f"cluster:{gid}")
            dom = f"{gid}.edu"
        else:
            pool = w.cloud_pool(int(r.integers(2, 9)), f"cluster:{gid}"); dom = f"{gid}.ai"
        srcs = [_harvest_src(w, f"eval:{gid}:{a}", a, 3, COT[:2] if a == "math" else None, long=a in ("math", "summarise"), eval_style=True,
                             frac=.15)[0]
                for a in r.choice(list(AREAS), 5, replace=False)]
        dp = (r.random(w.D) < .3) * r.uniform(1, 3, w.D) + .05
        dpi = w.add_dayprof(dp)
        card = w.pm()
        w.groups.append(dict(group_id=gid, cohort="eval_lab", size=size, cc=cc, academic=acad))
        for _ in range(size):
            w.add("eval_lab", gid, "academic" if acad else "industry", cc, tier=2, pay=card, email=dom,
                  org=f"org_{gid}" if not acad else "", lam=float(r.uniform(40, 250)), p_wd=.8, p_we=.5, prof="flat",
                  rps=200, gap=3, mix=[(s, 1 / len(srcs)) for s in srcs[:4]], places=[(pool, 1., 1.)],
                  ua=[w.ua("lantern-python/1.9.2")], model=[2, 3], dayprof=dpi)
        k += size


def b_ci_fleet(w: World, n):
    """NEW: CI pipelines: per-developer keys running integration tests from hosted runners (GitHub's ranges,
    shared by every CI customer), fixed tiny test prompts, on pushes during the working day and nightly."""
    r = w.rng; k = 0; i = 0
    runners = w.ip.add(w.v4_in(w.ref.cloud["github"], 3000), IpPools.PER_SESSION, "runners:github")
    while k < n:
        size = min(n - k, int(r.integers(3, 21))); i += 1
        cc = w.T.c(["US", "DE", "GB", "IN", "PL", "NL", "CA"]); gid = f"cifleet{i:02d}"; card = w.pm()
        tests = [f"[test:{gid}:{j}] " + w.T.c(["Reply with the single word: pong", "Return JSON {\"ok\": true}",
                                               "Summarise: " + w.T.sentence(), "Classify sentiment: " + w.T.c(SENTS),
                                               "Translate to French: hello world"]) for j in range(int(r.integers(5, 25)))]
        s = w.src(f"ci:{gid}", lambda m, t=tests: [w.T.c(t) for _ in range(m)], 12, .5, "zipf", len(tests))
        w.groups.append(dict(group_id=gid, cohort="ci_fleet", size=size, cc=cc))
        for _ in range(size):
            w.add("ci_fleet", gid, "dev_key", cc, tier=1, pay=card, email=f"{gid}.dev", lam=float(r.uniform(8, 70)),
                  p_wd=.9, p_we=.2, prof="office", rps=len(tests), gap=2, mix=[(s, 1.)], places=[(runners, 1., 1.)],
                  ua=[w.ua("lantern-python/1.9.2")], model=[0])
        k += size


def b_bot_host(w: World, n):
    """NEW: hobbyist chat bots (Discord/Telegram) on one free hosting provider's shared egress, each its own account,
    relaying community chat around the clock with a persona wrapper."""
    r = w.rng; k = 0; i = 0; T = w.T
    while k < n:
        size = min(n - k, heavy(r, 8, 120, 1.2)); i += 1
        gid = f"bothost{i:02d}"
        pool = w.ip.add(w.v4_in(w.ref.dc, int(r.integers(3, 12)), contiguous=True), IpPools.PER_REQ, f"host:{gid}")
        w.groups.append(dict(group_id=gid, cohort="bot_host", size=size))
        for j in range(size):
            cc = w.country(); persona = f"{T.c(['Sparky', 'Mochi', 'Botley', 'Nyx', 'Pip', 'Orbit'])}{j}"
            s = w.src(f"bot:{gid}:{j}", lambda m, p=persona: [f"[System: You are {p}, a friendly community bot. Keep answers short.]\nUser ({T.c(FIRST).lower()}{T.ri(0, 99)}): {T.chat(T.c(['en', 'en', 'es', 'pt', 'de']))}" for _ in range(m)], 120, .6)
            w.add("bot_host", gid, "bot", cc, tier=int(r.random() < .3), lam=float(r.lognormal(2.8, .8)), p_wd=.95, p_we=.95,
                  prof="flat", rps=3, gap=300, mix=[(s, 1.)], places=[(pool, 1., 1.)], ua=[w.ua(T.c(["discord.py-bot/2.4 lantern-python/1.9.2", "node-telegram-bot lantern-node/1.5.0"]))], model=[0])
        k += size


def b_annotation(w: World, n):
    """NEW: data-annotation vendors: annotators label with the model's help (one narrow labelling template, short
    outputs), in shifts behind one office NAT, a corporate card and a declared organisation."""
    r = w.rng; k = 0; i = 0; T = w.T
    while k < n:
        size = min(n - k, heavy(r, 10, 150, 1.2)); i += 1
        cc = w.T.c(["PH", "IN", "NG", "VN", "ID", "PL"]); gid = f"annot{i:02d}"
        egress = w.ip.add(w.v4_in(w.res_prefixes(cc), int(r.integers(1, 5)), contiguous=True), IpPools.PER_SESSION, f"annot:{gid}")
        task = T.c(["Label the sentiment of this review as positive, negative or neutral, with a one-line reason:\n{x}",
                    "Does this text contain personal data? Answer yes/no and list the spans:\n{x}",
                    "Assign one topic label (politics, sports, business, science, other) to:\n{x}",
                    "Is the second sentence entailed by the first? Answer entailment/neutral/contradiction.\n{x}"])
        s = w.src(f"annot:{gid}", lambda m, t=task: [t.format(x=T.passage(int(T.ri(1, 3)))) for _ in range(m)], 25, .5)
        card = w.pm()
        w.groups.append(dict(group_id=gid, cohort="annotation_vendor", size=size, cc=cc))
        zone = w.zone(cc)
        for _ in range(size):
            shift = w.T.c(["shift_early", "shift_late"])
            w.add("annotation_vendor", gid, shift, cc, zone=zone, tier=2, pay=card, org=f"org_{gid}", email=f"{gid}-data.com",
                  lam=float(r.lognormal(3.7, .4)), p_wd=.9, p_we=.2, prof=shift, rps=40, gap=40, mix=[(s, .95), (w.chat_src("en"), .05)],
                  places=[(egress, 1., 1.)], ua=w.person_ua()[:1], model=[0])
        k += size


BENIGN = [("solo_user", b_solo, .20), ("office_worker", b_office, .17), ("mobile_user", b_mobile, .10),
          ("campus_student", b_campus, .09), ("household", b_household, .09), ("vpn_user", b_vpn, .06),
          ("api_app", b_api_app, .005), ("small_company", b_small_company, .02),
          ("public_wifi", lambda w, n: b_venue(w, n, "public_wifi", ["cafe", "cafe", "library", "airport", "hotel"]), .035),
          ("coworking", lambda w, n: b_venue(w, n, "coworking", ["coworking", "coworking", "internet_cafe"]), .025),
          ("school_k12", b_school, .03), ("call_centre", b_call_centre, .02), ("agency_client", b_agency, .015),
          ("copiers", b_copiers, .07), ("cot_learner", b_cot, .02), ("hackathon", b_hackathon, .015),
          ("eval_lab", b_eval_lab, .006), ("ci_fleet", b_ci_fleet, .008), ("bot_host", b_bot_host, .01),
          ("annotation_vendor", b_annotation, .012)]


# ----------------------------------------------------------------------------- rings
RING_KINDS = ["card_farm", "tor_batch", "resi_rotator", "vps_fleet", "card_carousel", "cgnat_simfarm", "campus_insider",
              "office_front", "cowork_relay", "extension_mimic", "hydra_reseller"]
SOPH = {"card_farm": "crude", "tor_batch": "crude", "resi_rotator": "mid", "vps_fleet": "mid", "card_carousel": "mid",
        "cgnat_simfarm": "careful", "campus_insider": "careful", "office_front": "careful", "cowork_relay": "careful",
        "extension_mimic": "careful", "hydra_reseller": "careful"}


def make_ring(w: World, rid, kind, size):
    r = w.rng; T = w.T
    area = T.c({"campus_insider": ["math", "science"], "office_front": ["code"], "extension_mimic": ["summarise", "reading"]}
               .get(kind, list(AREAS)))
    elicit = [COT[i] for i in r.choice(len(COT), 2, replace=False)]
    wrap = None
    if kind == "extension_mimic":
        nm, _, ext_ua = w._exts[0]
        wrap = "Summarize the web page below in 5 bullets, then list 3 follow-up questions.\n\nPAGE:\n{x}" if nm == "PageBrief" else \
            "You are a writing assistant. Improve the clarity and tone of the following text without changing its meaning:\n\n{x}"
    hs, datasets = _harvest_src(w, f"harvest:{rid}", area, int(r.integers(1, 4)), elicit, wrap=wrap)
    end_w = START_MS + w.D * DAY_MS
    cc = T.c(["US", "US", "GB", "DE", "IN", "BR", "JP", "FR", "VN", "ID", "PL"])
    info = dict(ring_id=rid, kind=kind, size=size, sophistication=SOPH[kind], area=area, datasets=datasets, elicitation=elicit)
    accts = []
    tier = 1
    frac = float(r.uniform(.45, .8))
    chat = w.chat_src("en")

    def life(short=(2, 6), stagger=True):
        if not stagger:
            c = w.created(0.3); return c, end_w
        span = max(1, w.D - short[1])
        s = START_MS + int(r.integers(-2, span)) * DAY_MS + int(r.integers(0, DAY_MS))
        return s, min(end_w, s + int(r.integers(short[0], short[1] + 1)) * DAY_MS)

    if kind == "card_farm":
        card = w.pm(); t0 = START_MS + int(r.integers(-10, max(1, w.D // 3))) * DAY_MS + int(r.integers(0, DAY_MS))
        pool = w.ip.add(w.v4_in(w.ref.dc, size, contiguous=True), IpPools.PER_ACCOUNT, f"vps:{rid}")
        dom = T.c(["mailtempo.net", "inboxkitten.com", "proton.me"])
        for j in range(size):
            accts.append(w.add(kind, rid, "farm", cc, tier=1, pay=card, lam=frac * 400, p_wd=1, p_we=1, prof="flat", rps=80, gap=70,
                               mix=[(hs, 1.)], places=[(pool, 1., 1.)], ua=[w.ua("python-requests/2.31.0")], model=[3],
                               tokmul=1.6, email=dom, created=t0 + j * int(r.integers(20, 120)) * 1000, end=end_w, ring=rid, slot=j))
        info.update(signals_kept=["one card", "one /24 of VPS", "sign-up burst", "one template family", "script UA"],
                    evasions=["each account under its limit"])
    elif kind == "tor_batch":
        t0 = START_MS + int(r.integers(0, max(1, w.D - 5))) * DAY_MS + int(r.integers(0, DAY_MS))
        pool = w.ip.add(w.ref.tor[r.choice(len(w.ref.tor), 300, replace=False)], IpPools.PER_SESSION, f"tor:{rid}")
        for j in range(size):
            accts.append(w.add(kind, rid, "free_batch", cc, tier=0, lam=frac * 50, p_wd=1, p_we=1, prof="flat", rps=10, gap=120,
                               mix=[(hs, 1.)], places=[(pool, 1., 1.)], ua=[w.ua("python-httpx/0.27.0")], model=[3], tokmul=1.4,
                               email=T.c(["proton.me", "tutanota.com"]), created=t0 + j * int(r.integers(30, 200)) * 1000,
                               end=end_w, ring=rid))
        info.update(signals_kept=["sign-up burst", "Tor exits", "free tier at its cap", "one template family"],
                    evasions=["no payment method", "addresses from a public exit list"])
    elif kind == "resi_rotator":
        pool = w.ip.add(np.concatenate([w.v4_in(w.res_prefixes(c), 700) for c in ("US", "GB", "DE", "BR", "IN")]), IpPools.PER_REQ, f"resi:{rid}")
        cards = [w.pm() for _ in range(max(1, size // 3))]
        for j in range(size):
            c, e = life((6, 20))
            accts.append(w.add(kind, rid, "rotating", T.c(["US", "GB", "DE"]), tier=1, pay=cards[j % len(cards)], lam=frac * 400,
                               p_wd=1, p_we=1, prof="business_app", rps=40, gap=90, mix=[(hs, .9), (chat, .1)],
                               places=[(pool, 1., 1.)], ua=w.person_ua()[:1], model=[2, 3], tokmul=1.7, created=c, end=e, ring=rid))
        info.update(signals_kept=["card pool shared 3 ways", "residential /24s shared by members", "template family", "steady volume"],
                    evasions=["new residential address per request", "browser user agents", "staggered account lives"])
    elif kind == "vps_fleet":
        hour = int(r.integers(24))
        prof = w.add_profile(np.where((np.arange(24) - hour) % 6 < 2, 1., .01))
        for j in range(size):
            pool = w.cloud_pool(1, f"vps:{rid}:{j}", ("digitalocean", "linode", "oracle", "amazon"), mode=IpPools.PER_ACCOUNT)
            accts.append(w.add(kind, rid, "own_vps", cc, tier=1, lam=frac * 400, p_wd=1, p_we=1, prof=prof, rps=60, gap=40,
                               mix=[(hs, 1.)], places=[(pool, 1., 1.)], ua=[w.ua("lantern-python/1.9.2")], model=[3], tokmul=1.8,
                               created=w.created(.5, 30), end=end_w, ring=rid))
        info.update(signals_kept=["cron-like shared hours", "template family", "long reasoning outputs"],
                    evasions=["one VPS per account across providers", "distinct cards", "SDK user agent like any app"])
    elif kind == "card_carousel":
        prov = vpn_providers(w)[int(r.integers(4))]
        cards = [w.pm() for _ in range(max(1, size // 2))]
        for j in range(size):
            c, e = life((5, 14))
            accts.append(w.add(kind, rid, "vpn_exits", cc, tier=1, pay=cards[j % len(cards)], lam=frac * 400, p_wd=1, p_we=1,
                               prof="flat", rps=30, gap=60, mix=[(hs, .85), (chat, .15)], places=[(prov, 1., 1.)],
                               ua=w.person_ua()[:1], model=[3], tokmul=1.7, created=c, end=e, ring=rid))
        info.update(signals_kept=["cards shared in pairs", "template family", "round-the-clock volume"],
                    evasions=["commercial VPN exits shared with thousands", "accounts replaced every 1-2 weeks"])
    elif kind == "cgnat_simfarm":
        ccs = T.c(["IN", "ID", "BR", "NG", "PH", "VN", "US"])
        pools = w.carrier_pools(ccs)
        for j in range(size):
            c, e = life((4, 12))
            accts.append(w.add(kind, rid, "sim", ccs, tier=int(r.random() < .5), lam=frac * 400 * .5,
                               p_wd=.95, p_we=.95, prof="evening", rps=12, gap=50, mix=[(hs, .7), (w.chat_src(COUNTRIES[ccs][2]), .3)],
                               places=[(pools[j % len(pools)], 1., 1.)], ua=w.person_ua(True)[:1], model=[3, 1], tokmul=1.5,
                               created=c, end=e, ring=rid))
        info.update(signals_kept=["template family", "reasoning elicitation", "volume far above phone users"],
                    evasions=["carrier CGNAT shared with real phone users", "IPv6 /64 per session", "mobile app UA", "few days per SIM"])
    elif kind == "campus_insider":
        gs = [g for g in w.groups if g["cohort"] == "campus_student" and g["size"] >= 20]
        g = gs[int(r.integers(len(gs)))] if gs else None
        if g is None:
            return make_ring(w, rid, "cgnat_simfarm", size)
        uni = g["group_id"]
        dorm = next(i for i, row in enumerate(w.ip.rows) if row[8] == f"dorm:{uni}")
        edu = next(i for i, row in enumerate(w.ip.rows) if row[8] == f"eduroam:{uni}")
        cs = [a for a in w.acc if a["group"] == uni][0]
        for j in range(size):
            accts.append(w.add(kind, rid, "edu_accounts", g["cc"], zone=cs["tz"], tier=0 if r.random() < .6 else 1,
                               lam=frac * 50, p_wd=.9, p_we=.8, prof="student", rps=10, gap=60,
                               mix=[(hs, .8), (cs["mix"][0][0], .2)], places=[(dorm, .5, .6), (edu, .5, .4)],
                               ua=w.person_ua()[:1], model=[3], tokmul=1.5, email=cs["email"], created=w.created(.3, 60),
                               end=end_w, ring=rid))
        info.update(signals_kept=["template family over one area", "reasoning elicitation", "free tier at its cap"],
                    evasions=["campus dorm / eduroam NAT", "university e-mail domain", "student schedule", "course prompts mixed in"])
        info["campus"] = uni
    elif kind == "office_front":
        ccs = T.c(["US", "GB", "DE", "IN"])
        swg = w.cloud_pool(int(r.integers(24, 64)), "swg_front", ("amazon", "google", "microsoft"))
        gw = [i for i, row in enumerate(w.ip.rows) if row[8].startswith("swg")]
        if gw:
            swg = gw[int(r.integers(len(gw)))]
        org = f"org_{rid}"; dom = f"{T.c(['insight', 'vector', 'clarity'])}{rid[-3:]}-consulting.com"
        for j in range(size):
            accts.append(w.add(kind, rid, "shell_company", ccs, tier=1, lam=frac * 400 * .6, p_wd=.95, p_we=.05, prof="office",
                               rps=40, gap=30, mix=[(hs, .85), (w.chat_src("en"), .15)], places=[(swg, 1., .8)] + [(x, 0., z * .2) for x, _, z in person_places(w, ccs)],
                               ua=w.person_ua()[:1], model=[2, 3], tokmul=1.8, org=org, email=dom, created=w.created(.3, 90), end=end_w, ring=rid))
        info.update(signals_kept=["template family (code)", "long outputs", "volume per seat far above office work"],
                    evasions=["cloud secure web gateway shared with real offices", "declared organisation", "office hours",
                              "one virtual card per seat"])
    elif kind == "cowork_relay":
        vs = [i for i, row in enumerate(w.ip.rows) if row[8].startswith("venue:coworking") or row[8].startswith("venue:cafe")]
        venues = [vs[i] for i in r.choice(len(vs), min(3, len(vs)), replace=False)] if vs else [w.mobile_pool("US")]
        concurrent = max(1, size // 4); span = max(1, w.D // max(1, size // concurrent))
        for j in range(size):
            s = START_MS + (j // concurrent) * span * DAY_MS + int(r.integers(0, DAY_MS))
            accts.append(w.add(kind, rid, "relay", cc, tier=1, lam=frac * 400 * .5, p_wd=1, p_we=.6, prof="office", rps=25, gap=40,
                               mix=[(hs, .8), (chat, .2)], places=[(venues[j % len(venues)], 1., .9)] + [(x, 0., z * .1) for x, _, z in person_places(w, cc)],
                               ua=w.person_ua()[:1], model=[2, 3], tokmul=1.6, created=s,
                               end=min(end_w, s + int(r.integers(2, 5)) * DAY_MS), ring=rid))
        info.update(signals_kept=["template family", "relay of short account lives", "volume above venue users"],
                    evasions=["coworking / cafe Wi-Fi shared with real users", "2-4 days per account", "distinct cards"])
    elif kind == "extension_mimic":
        nm, _, ext_ua = w._exts[0]
        provs = vpn_providers(w)
        for j in range(size):
            c, e = life((6, 16))
            accts.append(w.add(kind, rid, f"as_{nm}", w.country(), tier=0, lam=frac * 50, p_wd=.9, p_we=.9, prof="evening", rps=10,
                               gap=60, mix=[(hs, 1.)], places=[(provs[j % 3], 1., 1.)], ua=[ext_ua], model=[3], tokmul=1.4,
                               created=c, end=e, ring=rid))
        info.update(signals_kept=["harvest body inside the wrapper", "free tier at its cap", "reasoning elicitation"],
                    evasions=["a popular extension's wrapper and user agent", "commercial VPN exits", "free tier, no card"])
    elif kind == "hydra_reseller":
        provs = vpn_providers(w)
        resi = w.ip.add(np.concatenate([w.v4_in(w.res_prefixes(c), 1500) for c in ("US", "GB", "DE", "BR", "IN", "ID")]),
                        IpPools.PER_SESSION, f"reseller:{rid}")
        for j in range(size):
            acc_cc = w.country()
            c, e = life((3, 8))
            pl = [(provs[int(r.integers(4))], .5, .5), (resi, .5, .5)]
            accts.append(w.add(kind, rid, "hydra_head", acc_cc, tier=int(r.random() < .7), lam=float(r.uniform(.25, .6)) * 400,
                               p_wd=.95, p_we=.9, prof=T.c(["evening", "office", "student"]), rps=20, gap=45,
                               mix=[(hs, .6), (w.chat_src(w.lang(acc_cc)), .4)], places=pl, ua=w.person_ua(), p_ua_b=.2,
                               model=[3, 1], tokmul=1.6, created=c, end=e, ring=rid))
        info.update(signals_kept=["one capability area's templates", "reasoning elicitation", "staggered short lives",
                                  "shared reseller residential pool"],
                    evasions=["commercial VPN exits shared with benign users", "distinct cards or free tier",
                              "human schedules in local zones", "40 % ordinary chat"])
    for a in accts:
        if a["tier"] == 0:
            a["lam"] = min(a["lam"], 50 * .85)
    w.rings.append(info)


def ring_sizes(rng, R, mode):
    def part(total, lo, hi):
        out = []
        while total > 0:
            if total <= hi and total >= lo:
                out.append(total); break
            s = int(rng.integers(lo, hi + 1))
            if total - s < lo:
                s = total - lo if total - lo >= lo else total
                if s > hi:
                    s = hi
            out.append(s); total -= s
        return out
    if R < 3:
        return []
    if mode == "small":
        return part(R, 3, 15)
    if mode == "mixed":
        rl, rm = int(round(R * .15)), int(round(R * .30))
        if rl < 51:
            rm += rl; rl = 0
        if rm < 16:
            rm = 0
        rs = R - rl - rm
        return part(rs, 3, 15) + part(rm, 16, 50) + part(rl, 51, 200)
    H = int(round(R * .75))
    nh = max(1, int(np.ceil(H / 1500)))
    hs = [H // nh + (1 if i < H % nh else 0) for i in range(nh)]
    rest = R - H
    return hs + (part(rest, 3, 15) if rest >= 3 else [])


# ----------------------------------------------------------------------------- events
def tz_offset_min(tz, utc_ms):
    return np.where(utc_ms < Z_SWITCH[tz], Z_BEFORE[tz], Z_AFTER[tz])


def simulate(w: World):
    A = w.acc; n = len(A); D = w.D; r = np.random.default_rng([w.args.seed, 2502])
    K, L = 4, 6
    f = lambda k, dt=float: np.array([a[k] for a in A], dtype=dt)
    tz, tier, lam, p_wd, p_we = f("tz", int), f("tier", int), f("lam"), f("p_wd"), f("p_we")
    prof, rps, gap, pof, tokm, retry = f("prof", int), f("rps"), f("gap"), f("p_office"), f("tokmul"), f("retry")
    created, end, dpid = f("created", np.int64), f("end", np.int64), f("dayprof", int)
    msrc = np.zeros((n, K), int); mw = np.zeros((n, K))
    pl = np.full((n, L), -1); ww = np.zeros((n, L)); wo = np.zeros((n, L))
    ua = np.zeros((n, 2), int); pua = f("p_ua_b"); mod = np.zeros((n, 2), int)
    for i, a in enumerate(A):
        for j, (s, x) in enumerate(a["mix"][:K]):
            msrc[i, j], mw[i, j] = s, x
        for j, (p, x, y) in enumerate(a["places"][:L]):
            pl[i, j], ww[i, j], wo[i, j] = p, x, y
        u = a["ua"] or [0]; ua[i] = [u[0], u[-1]]
        m = a["model"] or [0]; mod[i] = [m[0], m[-1]]
    mw /= mw.sum(1, keepdims=True)
    pwork = np.where(ww.sum(1, keepdims=True) > 0, ww / np.maximum(ww.sum(1, keepdims=True), 1e-9), wo / wo.sum(1, keepdims=True))
    poff = wo / np.maximum(wo.sum(1, keepdims=True), 1e-9)
    poff = np.where(wo.sum(1, keepdims=True) > 0, poff, pwork)
    DP = np.stack(w.dayprof); PR = np.cumsum(np.stack(w.profiles), 1)
    rows = w.ip.rows
    p_start = np.array([x[0] for x in rows], np.int64); p_len = np.array([x[1] for x in rows], np.int64)
    p_mode = np.array([x[2] for x in rows]); p_per = np.array([x[3] for x in rows]); p_ph = np.array([x[4] for x in rows])
    p_v6m = np.array([x[5] for x in rows]); p_v6b = np.array([x[6] for x in rows], np.uint64); p_pv6 = np.array([x[7] for x in rows])
    V4 = np.concatenate(w.ip.v4).astype(np.uint64)
    # --- account-days
    day = np.arange(D)
    wkday = (day % 7) < 5
    dstart = START_MS + day * DAY_MS
    alive = (dstart[None, :] + DAY_MS > created[:, None]) & (dstart[None, :] < end[:, None])
    pact = np.where(wkday[None, :], p_wd[:, None], p_we[:, None])
    act = alive & (r.random((n, D)) < pact)
    mean = lam[:, None] * DP[dpid] * r.gamma(3., 1 / 3., (n, D))
    cnt = np.where(act, r.poisson(mean), 0)
    ai, di = np.nonzero(cnt)
    c = cnt[ai, di]
    nr = len(ai)
    office_day = r.random(nr) < pof[ai]
    # --- sessions
    ns = np.minimum(c, 1 + r.poisson(np.maximum(c - 1, 0) / rps[ai]))
    srow = np.repeat(np.arange(nr), ns)
    S = len(srow)
    sacc = ai[srow]
    u = r.random(S)
    hour = np.zeros(S, np.int64)
    sp = prof[sacc]
    for q in np.unique(sp):
        m = sp == q
        hour[m] = np.searchsorted(PR[q], u[m], side="right").clip(0, 23)
    sstart = hour * 3600. + r.random(S) * 3600.
    # events
    erow0 = np.repeat(np.arange(nr), c)
    soff = np.concatenate([[0], np.cumsum(ns)[:-1]])
    nin = np.bincount(soff[erow0] + (r.random(len(erow0)) * ns[erow0]).astype(np.int64), minlength=S)
    esess = np.repeat(np.arange(S), nin)
    erow = srow[esess]
    dur = nin * gap[sacc] * r.uniform(.5, 1.5, S)
    E = len(erow)
    eacc = ai[erow]
    local_s = sstart[esess] + r.random(E) * dur[esess]
    local_ms = (START_MS + di[erow].astype(np.int64) * DAY_MS + (local_s * 1000).astype(np.int64))
    approx = local_ms - Z_BEFORE[tz[eacc]] * 60_000
    ts = local_ms - tz_offset_min(tz[eacc], approx).astype(np.int64) * 60_000
    # place per session, from the session's context at its start (working hours on an office day or not)
    sday = di[srow]
    s_work = ((sday % 7) < 5) & (hour >= 8) & (hour < 18) & office_day[srow]
    P = np.where(s_work[:, None], pwork[sacc], poff[sacc])
    cum = np.cumsum(P, 1)
    us = r.random(S)
    pj = (cum < us[:, None] * cum[:, -1:]).sum(1).clip(0, L - 1)
    spool = pl[sacc, pj]
    bad = spool < 0
    spool[bad] = pl[sacc[bad], 0]
    epool = spool[esess]
    # v4 index by mode
    mode = p_mode[epool]
    ln = p_len[epool]
    eday = di[erow]
    idx = np.zeros(E, np.int64)
    m = mode == IpPools.LEASE
    idx[m] = ((eday[m] + p_ph[epool[m]]) // p_per[epool[m]]) % ln[m]
    m = mode == IpPools.PER_REQ
    idx[m] = (r.random(m.sum()) * ln[m]).astype(np.int64)
    ssel = (r.random(S) * p_len[spool]).astype(np.int64)
    m = mode == IpPools.PER_SESSION
    idx[m] = ssel[esess[m]]
    m = mode == IpPools.PER_ACCOUNT
    slot = f("slot", np.int64)
    idx[m] = slot[eacc[m]] % ln[m]
    lo = V4[p_start[epool] + idx]
    hi = np.zeros(E, np.uint64)
    # IPv6
    sv6 = r.random(S) < p_pv6[spool]
    v6 = sv6[esess] & (p_v6m[epool] > 0)
    acc_dev = r.integers(0, 1 << 62, n, dtype=np.int64).astype(np.uint64)
    rday = r.integers(0, 1 << 62, (n, D), dtype=np.int64).astype(np.uint64)
    ssub = r.integers(0, 1 << 32, S, dtype=np.int64).astype(np.uint64)
    siid = r.integers(1 << 40, 1 << 62, S, dtype=np.int64).astype(np.uint64)
    vm = p_v6m[epool]
    base = p_v6b[epool]
    h = np.where(vm == IpPools.V6_HOME, base | (acc_dev[eacc] & np.uint64(0xFF)),
                 np.where(vm == IpPools.V6_SESSION, base | ssub[esess],
                          base | (acc_dev[eacc] & np.uint64(0xFFFF))))
    l6 = np.where(vm == IpPools.V6_SESSION, siid[esess], rday[eacc, np.clip(eday, 0, D - 1)] | np.uint64(1 << 40))
    hi = np.where(v6, h, hi); lo = np.where(v6, l6, lo)
    # prompts: source by mixture
    cm = np.cumsum(mw[eacc], 1)
    k = (cm < r.random(E)[:, None] * cm[:, -1:]).sum(1).clip(0, K - 1)
    esrc = msrc[eacc, k]
    # user agent: second UA on phones (mobile pools) or with its probability
    is_mob = np.array([x[8].startswith("cgnat") for x in rows])[epool]
    sub = np.where(is_mob | (r.random(E) < pua[eacc]), 1, 0)
    eua = ua[eacc, sub]
    emod = mod[eacc, (r.random(E) < .25).astype(int)]
    # retries: same request again 1-20 s later
    rt = r.random(E) < retry[eacc]
    dup = np.nonzero(rt)[0]
    cols = dict(acc=eacc, ts=ts, hi=hi, lo=lo, src=esrc, ua=eua, mod=emod)
    out = {kk: np.concatenate([v, v[dup]]) for kk, v in cols.items()}
    out["ts"][E:] += r.integers(1000, 20000, len(dup))
    out["parent"] = np.concatenate([np.arange(E), dup])
    # window and life
    keep = (out["ts"] >= START_MS) & (out["ts"] < START_MS + D * DAY_MS) & (out["ts"] >= created[out["acc"]]) & (out["ts"] < end[out["acc"]])
    out = {kk: v[keep] for kk, v in out.items()}
    # limits: per minute, then per UTC day
    o = np.lexsort((out["ts"], out["acc"]))
    out = {kk: v[o] for kk, v in out.items()}
    acc, t = out["acc"], out["ts"]

    def rank(key):
        new = np.concatenate([[True], (key[1:] != key[:-1]) | (acc[1:] != acc[:-1])])
        start = np.maximum.accumulate(np.where(new, np.arange(len(key)), 0))
        return np.arange(len(key)) - start
    okm = rank(t // 60_000) < MINUTE_LIMIT[tier[acc]]
    out = {kk: v[okm] for kk, v in out.items()}
    acc, t = out["acc"], out["ts"]
    okd = rank(t // DAY_MS) < DAILY_LIMIT[tier[acc]]
    refused = int((~okm).sum() + (~okd).sum())
    out = {kk: v[okd] for kk, v in out.items()}
    return out, refused


def build_prompts(w: World, esrc, parent_pos):
    """Pool per source sized by its use; cycle (near-unique) or Zipf draws; retries repeat their original."""
    r = np.random.default_rng([w.args.seed, 2503])
    ns = len(w.srcs)
    counts = np.bincount(esrc, minlength=ns)
    texts, starts, sizes = [], np.zeros(ns, np.int64), np.zeros(ns, np.int64)
    tot = 0
    for s, src in enumerate(w.srcs):
        if counts[s] == 0:
            continue
        size = src.pool if src.mode == "zipf" else int(min(np.ceil(counts[s] * src.frac), src.cap))
        size = max(1, size)
        txt = src.build(size)
        starts[s], sizes[s] = tot, size
        texts.extend(txt); tot += size
    E = len(esrc)
    o = np.lexsort((r.random(E), esrc))
    rank = np.empty(E, np.int64)
    first = np.searchsorted(esrc[o], np.arange(ns))
    rank[o] = np.arange(E) - first[esrc[o]]
    zipf = np.array([x.mode == "zipf" for x in w.srcs])[esrc]
    pos = np.where(zipf, (sizes[esrc] * r.random(E) ** 2.5).astype(np.int64), rank % np.maximum(sizes[esrc], 1))
    pidx = starts[esrc] + pos
    return texts, pidx


def fmt_ips(hi, lo):
    """Unique (hi, lo) pairs formatted as text: hi == 0 is IPv4."""
    o = np.lexsort((lo, hi))
    hs, ls = hi[o], lo[o]
    new = np.concatenate([[True], (hs[1:] != hs[:-1]) | (ls[1:] != ls[:-1])])
    gid = np.cumsum(new) - 1
    inv = np.empty(len(hi), np.int64); inv[o] = gid
    out = []
    for h, l in zip(hs[new].tolist(), ls[new].tolist()):
        if h == 0:
            v = int(l); out.append(f"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}")
        else:
            out.append(str(ipaddress.IPv6Address((int(h) << 64) | int(l))))
    return out, inv


# ----------------------------------------------------------------------------- main
def _say(args, t0, what):
    if not args.quiet:
        print(f"  {time.time() - t0:6.1f} s  {what}", file=sys.stderr)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.003)
    ap.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], default="small")
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--out", required=True)
    ap.add_argument("--minimal", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.time()
    root = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", "/work/shared/data"))
    ref = Ref(root)
    _say(args, t0, "reference data read")
    w = World(args, ref)
    N = args.accounts
    R = int(round(args.ring_share * N))
    sizes = ring_sizes(w.rng, R, args.ring_sizes)
    nb = N - sum(sizes)
    shares = np.array([x[2] for x in BENIGN]); shares /= shares.sum()
    quota = np.floor(shares * nb).astype(int); quota[0] += nb - quota.sum()
    for (name, fn, _), q in zip(BENIGN, quota):
        if q > 0:
            before = len(w.acc)
            fn(w, int(q))
            assert len(w.acc) - before == q, (name, q, len(w.acc) - before)
    # kinds in turn: the first eight are five careful (hiding in everyday look-alikes), two mid-level, one crude
    by = {q: [k for k in RING_KINDS if SOPH[k] == q and k != "hydra_reseller"] for q in ("careful", "mid", "crude")}
    by = {q: [str(x) for x in w.rng.permutation(v)] for q, v in by.items()}
    head = by["careful"][:5] + by["mid"][:2] + by["crude"][:1]
    order = [str(x) for x in w.rng.permutation(head)] + by["careful"][5:] + by["mid"][2:] + by["crude"][1:]
    j = 0
    for i, s in enumerate(sorted(sizes, reverse=True)):
        rid = f"ring{i + 1:03d}"
        if args.ring_sizes == "hydra" and s >= 100:
            kind = "hydra_reseller"
        else:
            kind = order[j % len(order)]; j += 1
        make_ring(w, rid, kind, s)
    assert len(w.acc) == N
    # account ids: random, unrelated to cohort order
    ids = w.rng.choice(np.arange(10_000_000, 99_999_999), N, replace=False)
    aid = np.array([f"acct_{x}" for x in ids])
    _say(args, t0, "accounts built")
    ev, refused = simulate(w)
    _say(args, t0, f"{len(ev['ts'])} events simulated")
    texts, pidx = build_prompts(w, ev["src"], None)
    _say(args, t0, f"{len(texts)} prompt texts built")
    # retries repeat their original request's prompt
    par = ev["parent"]
    # vectorised: the first event of each parent id carries the prompt for all copies
    o = np.lexsort((ev["ts"], par))
    ps = par[o]
    head = np.concatenate([[True], ps[1:] != ps[:-1]])
    grp_first = np.maximum.accumulate(np.where(head, np.arange(len(ps)), 0))
    pfix = np.empty_like(pidx); pfix[o] = pidx[o][grp_first]
    pidx = pfix
    # output tokens
    r = np.random.default_rng([args.seed, 2504])
    mu = np.log(np.array([s.tok for s in w.srcs], float)); sg = np.array([s.sigma for s in w.srcs])
    tokm = np.array([a["tokmul"] for a in w.acc])
    otok = np.clip(np.round(np.exp(mu[ev["src"]] + sg[ev["src"]] * r.standard_normal(len(pidx))) * tokm[ev["acc"]]), 1, 16384).astype(np.int64)
    # final order: time, then account id text, then prompt index
    arank = np.argsort(np.argsort(aid))
    o = np.lexsort((pidx, arank[ev["acc"]], ev["ts"]))
    ev = {k: v[o] for k, v in ev.items()}; pidx = pidx[o]; otok = otok[o]
    ips, ipinv = fmt_ips(ev["hi"], ev["lo"])
    _say(args, t0, f"{len(ips)} addresses formatted")
    E = len(pidx)
    out = Path(args.out); out.mkdir(parents=True, exist_ok=True)
    pay = np.array([a["pay"] or "" for a in w.acc], dtype=object)
    pay_arr = pa.array([None if not x else x for x in pay], pa.string())
    # string columns are dictionary lookups, taken chunk by chunk while writing
    cols = {"account_id": (pa.array(aid, pa.string()), ev["acc"]), "timestamp": None,
            "ip": (pa.array(ips, pa.string()), ipinv), "payment_method": (pay_arr, ev["acc"]),
            "prompt": (pa.array(texts, pa.string()), pidx), "user_agent": (pa.array(w.uas, pa.string()), ev["ua"]),
            "output_tokens": None, "model": (pa.array(MODELS, pa.string()), ev["mod"])}
    del texts, ips
    names = ["account_id", "timestamp", "ip", "payment_method", "prompt"] if args.minimal else list(cols)
    schema = pa.schema([(k, pa.string() if k not in ("timestamp", "output_tokens") else
                         (pa.timestamp("ms", tz="UTC") if k == "timestamp" else pa.int64())) for k in names])
    CH = 250_000
    with pq.ParquetWriter(out / "events.parquet", schema, compression="zstd", compression_level=1) as pw:
        for s in range(0, max(E, 1), CH):
            e = min(E, s + CH)
            if e <= s:
                break
            part = {}
            for k in names:
                if k == "timestamp":
                    part[k] = pa.array(ev["ts"][s:e], pa.timestamp("ms", tz="UTC"))
                elif k == "output_tokens":
                    part[k] = pa.array(otok[s:e], pa.int64())
                else:
                    part[k] = cols[k][0].take(pa.array(cols[k][1][s:e]))
            pw.write_table(pa.table(part, schema=schema))
    # accounts and truth
    acc_df = pd.DataFrame({"account_id": aid,
                           "created_at": pd.to_datetime([a["created"] for a in w.acc], unit="ms", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"),
                           "payment_method": pay, "email_domain": [a["email"] for a in w.acc], "country": [a["cc"] for a in w.acc],
                           "org_id": [a["org"] for a in w.acc]})
    if args.minimal:
        acc_df = acc_df[["account_id", "payment_method"]]
    acc_df.sort_values("account_id").to_csv(out / "accounts.csv", index=False)
    pd.DataFrame({"account_id": aid, "plan": [TIERS[a["tier"]] for a in w.acc]}).sort_values("account_id").to_csv(out / "plans.csv", index=False)
    is_ring = np.array([a["ring"] is not None for a in w.acc])
    truth = pd.DataFrame({"account_id": aid, "is_ring": np.where(is_ring, "true", "false"),
                          "ring_id": [a["ring"] or "" for a in w.acc], "group_id": [a["group"] for a in w.acc],
                          "cohort": [a["cohort"] for a in w.acc], "variant": [a["variant"] for a in w.acc]})
    truth.sort_values("account_id").to_csv(out / "truth.csv", index=False)
    # world.json
    ecount = np.bincount(ev["acc"], minlength=N)
    grouped = truth["group_id"].ne("") & ~is_ring & truth["group_id"].ne("")
    cohorts = {}
    for name in sorted(truth["cohort"].unique()):
        m = (truth["cohort"] == name).to_numpy()
        cohorts[name] = {"kind": "ring" if is_ring[m].all() else "benign", "accounts": int(m.sum()), "events": int(ecount[m].sum()),
                         "groups": int(truth.loc[m & grouped.to_numpy(), "group_id"].nunique())}
    gsz = truth[grouped].groupby("group_id").size()
    v6share = float((ev["hi"] != 0).mean()) if E else 0.
    meta = {
        "world": "world25", "generator": "benchmarks/world25.py", "generator_sha256": _sha256(Path(__file__)),
        "params": {"accounts": N, "seed": args.seed, "ring_share": args.ring_share, "ring_sizes": args.ring_sizes,
                   "days": args.days, "minimal": args.minimal, "start": START.strftime("%Y-%m-%dT%H:%M:%SZ")},
        "platform": {"name": "Lantern", "tiers": TIERS, "daily_limits": dict(zip(TIERS, DAILY_LIMIT.tolist())),
                     "minute_limits": dict(zip(TIERS, MINUTE_LIMIT.tolist())), "limit_day": "UTC calendar day",
                     "refused_requests_not_logged": refused, "ipv6_event_share": round(v6share, 4),
                     "zones": [z[0] for z in ZONES], "dst": {"EU": "2027-10-31T01:00Z", "US": "2027-11-07 02:00 local"},
                     "models": MODELS},
        "counts": {"accounts": N, "events": int(E), "ring_accounts": int(is_ring.sum()), "rings": len(w.rings),
                   "benign_accounts": int((~is_ring).sum()), "benign_group_accounts": int(grouped.sum()),
                   "benign_groups": int(gsz.size), "largest_benign_group": int(gsz.max()) if gsz.size else 0,
                   "solo_accounts": int((~is_ring).sum() - grouped.sum()), "distinct_ips": int(len(cols["ip"][0])),
                   "distinct_prompts": int(len(np.unique(pidx)))},
        "cohorts": cohorts,
        "rings": [{k: v for k, v in x.items()} | {"size": int((truth["ring_id"] == x["ring_id"]).sum())} for x in w.rings],
        "benign_groups": [{k: (v if not isinstance(v, (np.integer,)) else int(v)) for k, v in g.items()} for g in w.groups],
        "reference_data": {"root": str(root), "files": ref.files},
        "generation_seconds": round(time.time() - t0, 2),
    }
    (out / "world.json").write_text(json.dumps(meta, indent=1, sort_keys=True, default=lambda o: o.item() if hasattr(o, "item") else str(o)))
    if not args.quiet:
        c = meta["counts"]
        print(f"world25: {N} accounts, {E} events, {c['ring_accounts']} ring accounts in {c['rings']} rings, "
              f"{c['benign_group_accounts']} benign accounts in groups, {time.time() - t0:.1f} s -> {out}")


if __name__ == "__main__":
    main()
