#!/usr/bin/env python3
"""World 21: a held-out synthetic LLM-API platform with distillation rings among benign groups that look like them.

Standalone (numpy, pandas, pyarrow; no graphhunt import). Written without reading graphhunt's detector, its
detection tests, docs/QUALITY.md or any other world generator (docs/WORLD21.md, "How it was written").

Platform: 900 requests per account per UTC day for paid accounts, 45 for free-tier accounts (no payment
method); requests above the limit are refused and not logged (world.json counts them). The window starts on
Tuesday 2027-10-12 and lasts 24 days by default (European clocks go back on 2027-10-31, US clocks on
2027-11-07). Traffic is IPv4 and IPv6; prompts are in English, Spanish, Portuguese, German, French, Japanese,
Indonesian and Turkish.

Usage:
  python3 benchmarks/world21.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR

Options:
  --accounts N        accounts (default 20000, at least 100)
  --seed S            seed (default 1); the same seed gives byte-identical files
  --ring-share F      share of ring accounts: exactly round(F*N) (default 0.003)
  --ring-sizes K      small (3-15), mixed (adds 16-50 and 51-200), hydra (one reseller cluster of 70-85 %)
  --days D            window length in days (default 24, at least 7)
  --minimal           events with account_id, timestamp, ip, payment_method, prompt only; no accounts.csv
  --out DIR           output directory (default ./world21_out)
  --quiet             no progress on stderr

Reference data (read, never copied): $GRAPHHUNT_SHARED_DATA, else ../shared/data beside the repository, else
/work/shared/data. Outputs: events.parquet, accounts.csv (unless --minimal), truth.csv, world.json.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
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

DAILY_LIMIT = 900
FREE_DAILY_LIMIT = 45
START = pd.Timestamp("2027-10-12T00:00:00Z")
DEFAULT_DAYS = 24
EU_DST_END = pd.Timestamp("2027-10-31T00:00:00Z")
US_DST_END = pd.Timestamp("2027-11-07T00:00:00Z")
MODELS = ["lumen-3-pro", "lumen-3-flash", "lumen-3-reason"]
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "model",
              "api_key_id"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
VERBOSE = True


def log(*a):
    if VERBOSE:
        print("[world21]", *a, file=sys.stderr, flush=True)


def data_root() -> Path:
    env = os.environ.get("GRAPHHUNT_SHARED_DATA")
    if env:
        return Path(env)
    beside = Path(__file__).resolve().parents[2] / "shared" / "data"
    return beside if beside.exists() else Path("/work/shared/data")


# ------------------------------------------------------------------ reference data

class Ref:
    def __init__(self, root: Path):
        self.root = root
        self.hashes: dict[str, str] = {}

    def read_bytes(self, rel: str) -> bytes:
        b = (self.root / rel).read_bytes()
        self.hashes[rel] = hashlib.sha256(b).hexdigest()
        return b

    def text(self, rel: str) -> str:
        b = self.read_bytes(rel)
        if rel.endswith(".gz"):
            b = gzip.decompress(b)
        return b.decode("utf-8")


def _fold(lines: list[str], dq: bool) -> str:
    """YAML flow-scalar line folding: a single break is a space, n blank lines are n newlines; in a double-quoted
    scalar a trailing backslash joins the lines without a space."""
    out = lines[0].rstrip() if len(lines) > 1 else lines[0]
    i = 1
    while i < len(lines):
        blanks = 0
        while i < len(lines) - 1 and lines[i].strip() == "":
            blanks += 1
            i += 1
        nxt = lines[i].lstrip()
        if i < len(lines) - 1:
            nxt = nxt.rstrip()
        if dq and (len(out) - len(out.rstrip("\\"))) % 2 == 1:
            out = out[:-1] + ("\n" * blanks) + nxt
        else:
            out = out + ("\n" * blanks if blanks else " ") + nxt
        i += 1
    return out


_DQ_ESC = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " ", "r": "\r", "0": "\0", "e": "\x1b",
           "a": "\a", "b": "\b", "N": "\x85", "_": "\xa0"}


def _unescape_dq(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            d = s[i + 1]
            if d in _DQ_ESC:
                out.append(_DQ_ESC[d]); i += 2; continue
            if d in "xuU":
                n = {"x": 2, "u": 4, "U": 8}[d]
                out.append(chr(int(s[i + 2:i + 2 + n], 16))); i += 2 + n; continue
        out.append(c); i += 1
    return "".join(out)


def _close_quote(text: str, q: str):
    """Index of the closing quote of a quoted scalar's body, or None."""
    i = 0
    while i < len(text):
        if q == '"' and text[i] == "\\":
            i += 2; continue
        if text[i] == q:
            if q == "'" and i + 1 < len(text) and text[i + 1] == "'":
                i += 2; continue
            return i
        i += 1
    return None


def parse_scalar(first: str, rest: list[str]) -> str:
    """The value of a `key: value` entry whose value starts on `first` and continues on `rest` lines."""
    v = first.strip()
    if v.startswith('"'):
        body = [first.split('"', 1)[1]] + rest
        text = "\n".join(body)
        # find the closing unescaped quote
        i, end = 0, None
        while i < len(text):
            if text[i] == "\\":
                i += 2; continue
            if text[i] == '"':
                end = i; break
            i += 1
        text = text[:end] if end is not None else text
        return _unescape_dq(_fold(text.split("\n"), dq=True))
    if v.startswith("'"):
        body = [first.split("'", 1)[1]] + rest
        text = "\n".join(body)
        i, end = 0, None
        while i < len(text):
            if text[i] == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    i += 2; continue
                end = i; break
            i += 1
        text = text[:end] if end is not None else text
        return _fold(text.split("\n"), dq=False).replace("''", "'")
    v = _fold([first.strip()] + [r for r in rest], dq=False).strip()
    return "" if v in ("null", "~", "Null", "NULL") else v


def read_templates(ref: Ref) -> list[dict]:
    """Every promptsource template: dataset, name, jinja, answer_choices (a YAML-subset reader)."""
    base = ref.root / "prompts" / "promptsource-templates"
    files = sorted(str(p.relative_to(ref.root)) for p in base.rglob("templates.yaml"))
    out = []
    for rel in files:
        lines = ref.text(rel).split("\n")
        ds = rel.split("/")[2:-1]
        cur = None
        i = 0
        while i < len(lines):
            ln = lines[i]
            if re.match(r"^  \S.*: !Template\s*$", ln):
                cur = {"dataset": "/".join(ds), "name": "", "jinja": "", "answer_choices": ""}
                out.append(cur)
                i += 1
                continue
            m = re.match(r"^    (jinja|name|answer_choices): ?(.*)$", ln)
            if cur is not None and m:
                j = i + 1
                q = m.group(2).strip()[:1]
                if q in ("'", '"'):                     # a quoted scalar runs to its closing quote
                    while _close_quote("\n".join([m.group(2).strip()[1:]] + lines[i + 1:j]), q) is None \
                            and j < len(lines):
                        j += 1
                    cur[m.group(1)] = parse_scalar(m.group(2), lines[i + 1:j])
                    i = j
                    continue
                while j < len(lines) and (lines[j].startswith("     ") or lines[j].strip() == ""):
                    if lines[j].strip() == "":
                        k = j
                        while k < len(lines) and lines[k].strip() == "":
                            k += 1
                        if k == len(lines) or not lines[k].startswith("     "):
                            break
                    j += 1
                cur[m.group(1)] = parse_scalar(m.group(2), lines[i + 1:j])
                i = j
                continue
            i += 1
    return [t for t in out if t["jinja"]]


_IF_RE = re.compile(r"\{%-?\s*if\b[^%]*-?%\}((?:(?!\{%-?\s*(?:if|endif)\b).)*?)\{%-?\s*endif\s*-?%\}", re.S)
_FOR_RE = re.compile(r"\{%-?\s*for\b[^%]*-?%\}((?:(?!\{%-?\s*(?:for|endfor)\b).)*?)\{%-?\s*endfor\s*-?%\}", re.S)
_ELSE_RE = re.compile(r"\{%-?\s*el(?:se|if)\b.*", re.S)
_VAR_RE = re.compile(r"\{\{(.*?)\}\}", re.S)


def slot_kind(expr: str) -> str:
    e = expr.lower()
    if "question" in e or "query" in e:
        return "question"
    if any(k in e for k in ("problem", "equation", "math")):
        return "math"
    if any(k in e for k in ("code", "nl", "func")):
        return "code"
    if any(k in e for k in ("title", "topic", "name", "entity", "subject", "word", "concept", "category")):
        return "title"
    if any(k in e for k in ("answer", "choice", "option", "label", "target", "ending", "sol")):
        return "short"
    return "passage"


def compile_template(t: dict) -> tuple[str, list[str]] | None:
    """A promptsource template's prompt part as a str.format pattern and the kinds of its slots."""
    src = t["jinja"].split("|||")[0]
    src = re.sub(r"\{#.*?#\}", "", src, flags=re.S)
    for _ in range(6):
        src2 = _IF_RE.sub(lambda m: _ELSE_RE.sub("", m.group(1)), src)
        src2 = _FOR_RE.sub(lambda m: m.group(1), src2)
        if src2 == src:
            break
        src = src2
    src = re.sub(r"\{%.*?%\}", "", src, flags=re.S)
    choices = [c.strip() for c in t.get("answer_choices", "").split("|||") if c.strip()]
    kinds: list[str] = []
    parts, pos = [], 0
    for m in _VAR_RE.finditer(src):
        parts.append(src[pos:m.start()].replace("{", "{{").replace("}", "}}"))
        expr = m.group(1)
        if "answer_choices" in expr:
            parts.append((" or ".join(choices[:6]) if choices else "yes or no").replace("{", "(").replace("}", ")"))
        else:
            parts.append("{%d}" % len(kinds))
            kinds.append(slot_kind(expr))
        pos = m.end()
    parts.append(src[pos:].replace("{", "{{").replace("}", "}}"))
    fmt = re.sub(r"[ \t]+\n", "\n", "".join(parts)).strip()
    if not kinds or "{%" in fmt or len(fmt) < 12:
        return None
    return fmt, kinds


# ------------------------------------------------------------------ synthetic text

NAMES = ["Amara Osei", "Lukas Brenner", "Priya Raman", "Mateo Alvarez", "Yuki Tanaka", "Chloe Martin", "Omar Haddad",
         "Ingrid Solberg", "Kwame Mensah", "Sofia Russo", "Daniel Cohen", "Mei Lin", "Arjun Patel", "Elena Petrova",
         "Tomasz Nowak", "Fatima Zahra", "Hugo Lefevre", "Nadia Karimi", "Samuel Adeyemi", "Lucia Romero"]
PLACES = ["Harlow", "the Rhine valley", "Porto Alegre", "Kyoto", "Lagos", "Tromso", "Valparaiso", "Bristol",
          "the Atacama desert", "Lake Victoria", "Marrakesh", "Winnipeg", "Tasmania", "the Andes", "Gdansk", "Cebu",
          "Leipzig", "Izmir", "Surabaya", "Monterrey", "Adelaide", "Kerala", "Bergen", "Quebec"]
ORGS = ["the city council", "a regional hospital", "the national archive", "a shipping cooperative",
        "the university senate", "a volunteer fire brigade", "the water authority", "a small robotics startup",
        "the football federation", "a textile mill", "the central bank", "a public library network",
        "the ministry of transport", "a wine growers' association", "an orbital launch company"]
VERBS = ["approved", "rejected", "postponed", "funded", "investigated", "redesigned", "expanded", "abandoned",
         "announced", "criticised", "tested", "audited", "privatised", "rebuilt", "digitised"]
OBJS = ["a plan to rebuild the northern bridge", "a new tram line", "the harbour expansion", "a vaccine trial",
        "a flood barrier", "the old power station", "a four-day working week", "a solar farm",
        "the school meal programme", "a drone delivery pilot", "the coastal railway", "a museum of printing",
        "an early-warning system for landslides", "a rare-book collection", "a desalination plant"]
CAUSES = ["after heavy flooding", "following a budget shortfall", "despite public protests",
          "because of rising costs", "after a decade of delays", "to meet new safety rules",
          "after a court ruling", "in response to a drought", "after a cyber attack", "ahead of an election"]
TOPICS = ["photosynthesis", "the French Revolution", "supply and demand", "plate tectonics", "binary search",
          "the water cycle", "compound interest", "the immune system", "Shakespeare's sonnets", "black holes",
          "the Cold War", "machine learning", "climate feedback loops", "the Roman Republic", "prime numbers",
          "volcanoes", "the printing press", "electric circuits", "the Silk Road", "DNA replication",
          "the Great Depression", "quantum tunnelling", "the Meiji Restoration", "game theory", "erosion"]
PRODUCTS = ["trail-running shoes", "oat milk", "a budgeting app", "handmade candles", "an e-bike",
            "noise-cancelling headphones", "a language course", "vegan protein bars", "a dental clinic",
            "smart thermostats", "a craft brewery", "children's books", "a yoga studio", "cloud backup"]
TONES = ["playful", "professional", "urgent", "warm", "bold", "minimal", "luxurious"]
PLANGS = ["Python", "JavaScript", "TypeScript", "Go", "Rust", "SQL", "Java", "C#", "Kotlin", "Bash"]
TASKS = ["parses a CSV file and returns the average of a column", "retries an HTTP request with backoff",
         "deduplicates a list while keeping order", "validates an email address", "merges two sorted arrays",
         "reads a config file and falls back to defaults", "paginates through an API", "computes a moving average",
         "converts timestamps between time zones", "streams a large file line by line",
         "rate-limits calls to a function", "flattens nested dictionaries"]
ERRORS = ["TypeError: 'NoneType' object is not subscriptable", "KeyError: 'user_id'", "segmentation fault (core dumped)",
          "CORS policy: No 'Access-Control-Allow-Origin' header", "ModuleNotFoundError: No module named 'yaml'",
          "error[E0502]: cannot borrow `v` as mutable", "panic: runtime error: index out of range",
          "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff", "ORA-00942: table or view does not exist"]

LANG_PROMPTS = {
    "es": ["¿Cómo puedo explicar {t} a un niño de diez años?", "Escribe un correo formal para pedir un aplazamiento del pago.",
           "Resume en tres puntos qué es {t}.", "Dame ideas de cena rápida con lo que tengo: arroz, huevos y tomate.",
           "¿Qué diferencia hay entre {t} y {u}?", "Corrige la ortografía de este texto: {p}",
           "Necesito un plan de estudio de dos semanas sobre {t}.", "Tradúceme al inglés: {p}"],
    "pt": ["Como eu explico {t} para minha turma do ensino médio?", "Escreva uma mensagem educada para remarcar uma consulta.",
           "Quais são as principais causas de {t}?", "Me ajuda a montar um orçamento mensal simples?",
           "Resuma este texto em português: {p}", "Crie cinco perguntas de revisão sobre {t}.",
           "Qual a diferença entre {t} e {u}?"],
    "de": ["Kannst du mir {t} einfach erklären?", "Schreib eine kurze Kündigung für mein Fitnessstudio.",
           "Fasse diesen Text in zwei Sätzen zusammen: {p}", "Welche Vor- und Nachteile hat {t}?",
           "Formuliere diese E-Mail höflicher: {p}", "Erstelle einen Lernplan für die Prüfung über {t}."],
    "fr": ["Peux-tu m'expliquer {t} simplement ?", "Rédige une lettre de motivation pour un stage en {t}.",
           "Résume ce paragraphe : {p}", "Quelles sont les différences entre {t} et {u} ?",
           "Donne-moi un exercice corrigé sur {t}.", "Reformule ce message de façon plus polie : {p}"],
    "ja": ["{t}について小学生にもわかるように説明してください。", "この文章を要約してください：{p}",
           "上司へのお詫びのメールを書いてください。", "{t}と{u}の違いは何ですか？", "週末の旅行プランを考えてください。"],
    "id": ["Tolong jelaskan {t} dengan bahasa yang sederhana.", "Buatkan caption Instagram untuk jualan {q}.",
           "Ringkas teks ini: {p}", "Apa perbedaan {t} dan {u}?", "Bantu saya menulis surat lamaran kerja."],
    "tr": ["{t} konusunu basitçe anlatır mısın?", "Bu metni özetle: {p}", "Kısa bir istifa dilekçesi yazar mısın?",
           "{t} ile {u} arasındaki fark nedir?", "Haftalık bir spor programı hazırla."],
}
LANG_WRAP = {"es": "Responde en español. ", "pt": "Responda em português. ", "de": "Antworte auf Deutsch. ",
             "fr": "Réponds en français. ", "ja": "日本語で答えてください。", "id": "Jawab dalam bahasa Indonesia. ",
             "tr": "Türkçe cevap ver. ", "en": ""}
EN_QUESTIONS = ["How do I {x}?", "What is the best way to {x}?", "Can you explain {t} in simple terms?",
                "Give me three examples of {t}.", "Why does {t} matter?", "Write a short poem about {t}.",
                "Summarize the history of {t} in one paragraph.", "What should I know before I {x}?",
                "Help me write a birthday message for my {r}.", "Plan a 3-day trip to {pl}.",
                "Is it normal that {t} confuses me? Explain it like I'm new.", "Draft a reply to my landlord about {x}."]
EN_X = ["negotiate a raise", "start running at 40", "fix a leaking tap", "learn Spanish quickly", "clean a cast-iron pan",
        "write a cover letter", "prepare for a job interview", "save for a house", "reduce screen time",
        "train a puppy", "repair a bike chain", "make sourdough bread", "sleep better", "organise my inbox"]
RELS = ["sister", "boss", "grandmother", "best friend", "neighbour", "colleague"]

COT_SUFFIXES = ["Think step by step and show all of your reasoning before giving the final answer.",
                "Let's reason through this carefully, step by step, then state the answer.",
                "Explain your reasoning in detail, then give the final answer on its own line.",
                "First write out your full chain of thought, then the answer.",
                "Work through it step by step. Show every intermediate step."]
LONG_SUFFIXES = ["Give a thorough, detailed answer.", "Answer in depth, at least 400 words.",
                 "Be exhaustive and cover edge cases.", "Provide a long, well-structured explanation."]
REWORD = [("Question", "Q"), ("question", "query"), ("Answer", "Response"), ("answer", "reply"),
          ("passage", "text"), ("following", "below"), ("Given", "Considering"), ("sentence", "statement"),
          ("What", "Which"), ("Please", "Kindly"), ("article", "piece"), ("Read", "Look at"),
          ("choose", "pick"), ("correct", "right"), ("summary", "synopsis"), ("Generate", "Produce"),
          ("context", "background"), ("following", "next"), ("true", "correct"), ("Does", "Would")]
PREFIXES = ["", "", "Task: ", "Hi! ", "Help me with this. ", "Quick one: ", "[job] ", "Hello, ", "Instruction: "]


class TextPools:
    def __init__(self, rng: np.random.Generator, awesome: list[str]):
        r = rng
        n = 6000

        def pick(lst, k):
            return [lst[i] for i in r.integers(0, len(lst), k)]

        def sent(k):
            ys = r.integers(1890, 2027, k)
            nums = r.integers(3, 900, k)
            a, b, c, d, e, f = pick(ORGS, k), pick(VERBS, k), pick(OBJS, k), pick(PLACES, k), pick(CAUSES, k), pick(NAMES, k)
            pat = r.integers(0, 4, k)
            out = []
            for i in range(k):
                p = pat[i]
                if p == 0:
                    out.append(f"In {ys[i]}, {a[i]} of {d[i]} {b[i]} {c[i]} {e[i]}.")
                elif p == 1:
                    out.append(f"{f[i]} said that {a[i]} had {b[i]} {c[i]}, affecting {nums[i]} households.")
                elif p == 2:
                    out.append(f"The project in {d[i]} was {b[i]} {e[i]}; {nums[i]} people signed a petition.")
                else:
                    out.append(f"{f[i].split()[0]} moved to {d[i]} in {ys[i]} and later {b[i]} {c[i]}.")
            return out
        s = sent(3 * n)
        k = r.integers(1, 4, n)
        self.passage = [" ".join(s[3 * i:3 * i + k[i]]) for i in range(n)]
        qa, qb, qc = pick(TOPICS, n), pick(PLACES, n), pick(OBJS, n)
        qp = r.integers(0, 5, n)
        self.question = [
            [f"Why did {qb[i]} become important for {qa[i]}?", f"What happened to {qc[i]}?",
             f"Who first described {qa[i]}?", f"When was {qc[i]} completed in {qb[i]}?",
             f"How does {qa[i]} relate to {qc[i]}?"][qp[i]] for i in range(n)]
        self.title = [t.title() for t in TOPICS] + [o.capitalize() for o in OBJS] + PLACES + NAMES
        self.short = ["yes", "no", "maybe", "the first one", "option B", "neutral", "positive", "negative",
                      "not enough information"] + TOPICS
        x, y, z = r.integers(2, 400, n), r.integers(2, 60, n), r.integers(2, 12, n)
        mp = r.integers(0, 4, n)
        self.math = [[f"A train travels {x[i]} km in {z[i]} hours. What is its average speed?",
                      f"Solve for x: {z[i]}x + {y[i]} = {x[i]}.",
                      f"A shop sells {x[i]} items at {y[i]} dollars each with a {z[i]}% discount. What is the revenue?",
                      f"What is the remainder when {x[i] * y[i]} is divided by {z[i] + 1}?"][mp[i]] for i in range(n)]
        pl, tk = pick(PLANGS, n), pick(TASKS, n)
        self.code = [f"a {pl[i]} function that {tk[i]}" for i in range(n)]
        self.kinds = {"passage": self.passage, "question": self.question, "title": self.title, "short": self.short,
                      "math": self.math, "code": self.code}
        # benign chat material: the real prompts, mostly cut to what a person would paste
        cut = []
        for p in awesome:
            p = " ".join(str(p).split())
            sents = re.split(r"(?<=[.!?])\s+", p)
            cut.append(" ".join(sents[:int(r.integers(1, 4))])[:900])
            if len(p) <= 1200:
                cut.append(p)
        self.awesome = cut
        en = []
        for i in range(4000):
            tpl = EN_QUESTIONS[int(r.integers(len(EN_QUESTIONS)))]
            en.append(tpl.format(x=EN_X[int(r.integers(len(EN_X)))], t=TOPICS[int(r.integers(len(TOPICS)))],
                                 r=RELS[int(r.integers(len(RELS)))], pl=PLACES[int(r.integers(len(PLACES)))]))
        self.en_q = en
        self.lang = {}
        for lg, pats in LANG_PROMPTS.items():
            lst = []
            for i in range(1500):
                tpl = pats[int(r.integers(len(pats)))]
                lst.append(tpl.format(t=TOPICS[int(r.integers(len(TOPICS)))], u=TOPICS[int(r.integers(len(TOPICS)))],
                                      p=self.passage[int(r.integers(n))], q=PRODUCTS[int(r.integers(len(PRODUCTS)))]))
            self.lang[lg] = lst
        dev = []
        for i in range(4000):
            c = int(r.integers(0, 4))
            if c == 0:
                dev.append(f"Write {self.code[int(r.integers(n))]}. Include tests.")
            elif c == 1:
                dev.append(f"I get this error in {PLANGS[int(r.integers(len(PLANGS)))]}: {ERRORS[int(r.integers(len(ERRORS)))]}. What's wrong?")
            elif c == 2:
                dev.append("Return JSON with keys name, date, amount extracted from: " + self.passage[int(r.integers(n))])
            else:
                dev.append(f"Refactor {self.code[int(r.integers(n))]} to be more readable.")
        self.dev = dev


# ------------------------------------------------------------------ prompt sources

class Source:
    """Renders n prompts and output-token counts."""
    harvest = False

    def render(self, rng, n):
        raise NotImplementedError


class ChatSource(Source):
    def __init__(self, tp: TextPools, lang: str, mu=5.45, sigma=0.85):
        self.tp, self.lang, self.mu, self.sigma = tp, lang, mu, sigma

    def render(self, rng, n):
        tp = self.tp
        u = rng.random(n)
        a = rng.integers(0, len(tp.awesome), n)
        q = rng.integers(0, len(tp.en_q), n)
        if self.lang == "en":
            out = [tp.awesome[a[i]] if u[i] < .55 else tp.en_q[q[i]] for i in range(n)]
        else:
            L = tp.lang[self.lang]
            li = rng.integers(0, len(L), n)
            w = LANG_WRAP[self.lang]
            out = [L[li[i]] if u[i] < .7 else (w + tp.awesome[a[i]] if u[i] < .85 else tp.en_q[q[i]]) for i in range(n)]
        tok = np.maximum(1, rng.lognormal(self.mu, self.sigma, n)).astype(np.int64)
        return out, tok


class DevSource(Source):
    def __init__(self, tp):
        self.tp = tp

    def render(self, rng, n):
        d = rng.integers(0, len(self.tp.dev), n)
        return [self.tp.dev[i] for i in d], np.maximum(1, rng.lognormal(6.0, .7, n)).astype(np.int64)


class TemplateSource(Source):
    """Promptsource or product templates filled per request; optional rewording, CoT and long-answer asks."""

    def __init__(self, tp, fmts, cot=0.0, long=0.0, mu=5.0, sigma=.6, prefix="", reword=None, wrap="",
                 harvest=False, fixed_fill=None):
        self.tp = tp
        self.fmts = []
        for f, kinds in fmts:
            if reword:
                for a, b in reword:
                    f = re.sub(r"\b%s\b" % re.escape(a), b, f)
            self.fmts.append((wrap + prefix + f, kinds))
        self.cot, self.long, self.mu, self.sigma, self.harvest = cot, long, mu, sigma, harvest

    def render(self, rng, n):
        tp = self.tp
        t = rng.integers(0, len(self.fmts), n)
        fill = rng.integers(0, 1 << 30, (n, 4))
        c = rng.random(n) < self.cot
        lo = rng.random(n) < self.long
        cs = rng.integers(0, len(COT_SUFFIXES), n)
        ls = rng.integers(0, len(LONG_SUFFIXES), n)
        out = []
        for i in range(n):
            f, kinds = self.fmts[t[i]]
            vals = []
            for j, k in enumerate(kinds):
                pool = tp.kinds[k]
                vals.append(pool[(fill[i, j % 4] + 7919 * j) % len(pool)])
            s = f.format(*vals)
            if lo[i]:
                s += "\n" + LONG_SUFFIXES[ls[i]]
            if c[i]:
                s += "\n" + COT_SUFFIXES[cs[i]]
            out.append(s)
        mu = self.mu + 1.1 * c + 0.7 * lo
        tok = np.maximum(1, np.minimum(16384, rng.lognormal(mu, self.sigma))).astype(np.int64)
        return out, tok


class SuiteSource(Source):
    """A fixed regression suite: the same prompts every night, in order."""

    def __init__(self, prompts, mu=4.5, sigma=.3):
        self.prompts, self.mu, self.sigma = prompts, mu, sigma

    def render(self, rng, n):
        k = len(self.prompts)
        start = int(rng.integers(0, k))
        out = [self.prompts[(start + i) % k] for i in range(n)]
        return out, np.maximum(1, rng.lognormal(self.mu, self.sigma, n)).astype(np.int64)


# ------------------------------------------------------------------ addresses

def _v4(a: int) -> str:
    return f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}"


def _parse_cidrs(text: str) -> np.ndarray:
    rows = []
    for ln in text.split("\n"):
        ln = ln.split("#")[0].strip()
        if not ln or ":" in ln:
            continue
        if "/" not in ln:
            ln += "/32"
        ip, ln_ = ln.split("/")
        p = [int(x) for x in ip.split(".")]
        rows.append(((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3], int(ln_)))
    return np.array(rows, dtype=np.int64).reshape(-1, 2)


class Net:
    """Prefix tables from the reference data; /24s drawn from them; IPv6 prefixes synthesised per provider."""

    def __init__(self, ref: Ref, rng):
        self.rng = rng
        t = ref.text("ip/pyasn/ipasn_20140513.dat.gz")
        names = json.loads(ref.text("ip/pyasn/asnames.json.gz"))
        df = pd.read_csv(pd.io.common.StringIO(t), sep="\t", comment=";", header=None, names=["pfx", "asn"])
        pl = df["pfx"].str.split("/", expand=True)
        o = pl[0].str.split(".", expand=True).astype(np.int64).to_numpy()
        net = pd.Series((o[:, 0] << 24) | (o[:, 1] << 16) | (o[:, 2] << 8) | o[:, 3])
        ln = pl[1].astype(np.int64)
        o = pd.DataFrame(o)
        asn = df["asn"].astype(str)
        nm = asn.map(names).fillna("").str.upper()
        ok = (ln >= 12) & (ln <= 24) & (o[0] < 224) & (o[0] != 10) & (o[0] != 127)
        self.cat = {}
        pats = {"resi": r"CABLE|BROADBAND|COMCAST|VERIZON|CHARTER|TELEFONICA|ORANGE|DEUTSCHE TELEKOM|VIRGIN|BT-UK|"
                        r"PROXIMUS|KPN|SFR|FREE SAS|TELECOM ITALIA|TIM |NET SERVICOS|VIVO|BHARTI|RELIANCE|NTT|KDDI|"
                        r"TELKOM|TURK TELEKOM|SHAW|ROGERS|TELMEX|SPECTRUM|COX",
                "mobile": r"MOBILE|WIRELESS|CELLULAR|T-MOBILE|VODAFONE|TELCEL|CLARO|MOVISTAR",
                "academic": r"UNIVERSITY|UNIVERSIDAD|UNIVERSITAET|COLLEGE|INSTITUTE OF TECHNOLOGY",
                "library": r"LIBRARY",
                "satellite": r"HUGHES|VIASAT|SATELLITE|SPACEX",
                "school": r"SCHOOL DISTRICT|PUBLIC SCHOOLS|K12|SCHOOLS"}
        for k, p in pats.items():
            m = ok & nm.str.contains(p, regex=True)
            self.cat[k] = np.stack([net[m].to_numpy(), ln[m].to_numpy(), asn[m].astype(np.int64).to_numpy()], 1)
        self.as_names = {}
        for k in ("academic", "library", "satellite", "school"):
            self.as_names[k] = {int(a): names.get(str(int(a)), "") for a in np.unique(self.cat[k][:, 2])}
        self.ranges = {}
        for prov in ("amazon", "google", "microsoft", "digitalocean", "linode", "oracle", "github", "cloudflare",
                     "facebook"):
            self.ranges[prov] = _parse_cidrs(ref.text(f"ip/cloud/{prov}/ipv4_merged.txt"))
        self.ranges["vpn"] = _parse_cidrs(ref.text("ip/vpn/x4b_vpn_ipv4.txt"))
        self.ranges["datacenter"] = _parse_cidrs(ref.text("ip/vpn/x4b_datacenter_ipv4.txt"))
        ref.text("ip/vpn/x4b_vpn_ASN.txt")
        self.tor = [x.strip() for x in ref.text("ip/tor/tor-exit-nodes.lst").split("\n") if x.strip() and ":" not in x]
        self.used24: set[int] = set()

    def slash24(self, cat: str, k: int, same_prefix: bool = False) -> np.ndarray:
        """k distinct /24 network addresses from a category (prefix table or a range list)."""
        tab = self.cat[cat] if cat in self.cat else self.ranges[cat]
        out = []
        base = tab[int(self.rng.integers(len(tab)))] if same_prefix else None
        tries = 0
        while len(out) < k and tries < 50 * k + 100:
            tries += 1
            row = base if same_prefix else tab[int(self.rng.integers(len(tab)))]
            n24 = 1 << max(0, 24 - int(row[1]))
            s = (int(row[0]) & ~0xFF) + 256 * int(self.rng.integers(n24))
            if s in self.used24 and tries < 40 * k:
                continue
            self.used24.add(s)
            out.append(s)
        return np.array(out, dtype=np.int64)

    def hosts(self, nets24: np.ndarray, k: int) -> list[str]:
        """k distinct host addresses spread over the given /24s."""
        seen, out = set(), []
        while len(out) < k:
            a = int(nets24[int(self.rng.integers(len(nets24)))]) + int(self.rng.integers(2, 255))
            if a not in seen:
                seen.add(a); out.append(_v4(a))
            if len(seen) >= 250 * len(nets24):
                break
        return out

    def v6_prefix(self, family: str) -> str:
        """A synthetic global-unicast /32 of an RIR block (2001:xxxx is avoided where documentation lives)."""
        head = {"eu": ["2a02", "2a01", "2a00", "2a0a", "2a05"], "us": ["2600", "2601", "2603", "2607", "2610"],
                "br": ["2804", "2801"], "ap": ["2400", "2401", "2404", "2405", "2406"]}[family]
        return f"{head[int(self.rng.integers(len(head)))]}:{int(self.rng.integers(0x100, 0xffff)):x}"


def rand_hextets(rng, n: int, k: int) -> list[str]:
    h = rng.integers(0, 0x10000, (n, k))
    return [":".join(f"{x:x}" for x in row) for row in h]


# ------------------------------------------------------------------ accounts

COUNTRIES = ["US", "GB", "DE", "FR", "ES", "MX", "BR", "IN", "JP", "ID", "TR", "CA"]
COUNTRY_P = np.array([.34, .07, .07, .05, .04, .05, .07, .12, .04, .03, .03, .04])
COUNTRY_P = COUNTRY_P / COUNTRY_P.sum()
# offset from UTC in hours during the window's first part, and the DST region (eu / us / none)
TZ = {"US": ([-4, -5, -7], "us"), "CA": ([-4, -7], "us"), "GB": ([1], "eu"), "DE": ([2], "eu"), "FR": ([2], "eu"),
      "ES": ([2], "eu"), "MX": ([-6], None), "BR": ([-3], None), "IN": ([5.5], None), "JP": ([9], None),
      "ID": ([7], None), "TR": ([3], None)}
LANG_OF = {"US": "en", "GB": "en", "CA": "en", "IN": "en", "DE": "de", "FR": "fr", "ES": "es", "MX": "es", "BR": "pt",
           "JP": "ja", "ID": "id", "TR": "tr"}
V6FAM = {"US": "us", "CA": "us", "MX": "us", "BR": "br", "IN": "ap", "JP": "ap", "ID": "ap"}
MAIL = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "hotmail.com", "gmx.de", "yandex.com"]
BROWSER_UA = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
              "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{m} Safari/605.1.15",
              "Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"]
MOBILE_UA = ["LumenChat/{a}.{b}.{c} (iPhone; iOS 19.{m})", "LumenChat/{a}.{b}.{c} (Android 16; {d})"]
SDK_UA = ["lumen-python/{a}.{b}.{c}", "lumen-node/{a}.{b}.{c}", "python-requests/2.3{m}.0", "httpx/0.2{m}.1",
          "curl/8.{m}.0", "Go-http-client/2.0", "okhttp/4.1{m}.0", "lumen-java/{a}.{b}.{c}"]
PROFILES = ["office", "evening", "student", "allday", "app", "flat", "school", "night", "cron"]


def _profile_weights() -> dict[str, np.ndarray]:
    h = np.arange(24)

    def bump(c, w):
        d = np.minimum(np.abs(h - c), 24 - np.abs(h - c))
        return np.exp(-(d / w) ** 2)
    p = {"office": bump(10.5, 2.2) + bump(15, 2.2) + .05,
         "evening": bump(21, 2.5) + .3 * bump(13, 3) + .02,
         "student": bump(15, 3) + bump(23, 2.5) + .03,
         "allday": bump(11, 3) + bump(19, 3.5) + .05,
         "app": .5 + bump(15, 5),
         "flat": np.ones(24),
         "school": bump(10, 2) + .6 * bump(19.5, 1.5) + .01,
         "night": bump(1, 3) + .05,
         "cron": np.ones(24)}
    return {k: v / v.sum() for k, v in p.items()}


class Accounts:
    """Column store of per-account attributes and generation parameters."""

    def __init__(self, n: int):
        self.n = n
        self.cohort = np.empty(n, object)
        self.group = np.full(n, "", object)
        self.ring = np.full(n, "", object)
        self.country = np.empty(n, object)
        self.created = np.zeros(n, np.int64)          # ms since epoch
        self.payment = np.full(n, None, object)
        self.email = np.empty(n, object)
        self.org = np.full(n, "", object)
        self.uas: list[list[str]] = [[] for _ in range(n)]
        self.keys: list[list[str]] = [[] for _ in range(n)]
        self.key_rate = np.zeros(n)                   # share of requests sent with an API key
        self.sources: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        self.sources2: list[list[tuple[int, float]] | None] = [None] * n
        self.switch_day = np.full(n, 10 ** 6, np.int64)
        self.model_w = np.tile(np.array([.45, .45, .10]), (n, 1))
        # activity
        self.p_active = np.zeros(n)
        self.weekend = np.ones(n)
        self.daily = np.ones(n)
        self.disp = np.full(n, 1.5)                   # gamma shape of day-to-day volume
        self.self_cap = np.full(n, 10 ** 9, np.int64)  # an operator's own pacing cap per day
        self.day_mask: list[np.ndarray | None] = [None] * n
        self.profile = np.zeros(n, np.int64)
        self.tz = np.zeros(n)
        self.dst = np.full(n, "", object)
        self.cron_h = np.zeros(n)
        self.sess_size = np.full(n, 5.0)
        self.gap = np.full(n, 60.0)
        # network
        self.pool = np.zeros(n, np.int64)             # index into World.pools (sessions draw from it)
        self.rotate = np.zeros(n, bool)               # draw per request, not per session
        self.v6mode = np.zeros(n, np.int64)           # 0 none, 1 daily privacy in own /64, 2 new /64 per session
        self.v6pfx = np.full(n, "", object)           # /64 (mode 1) or /32 (mode 2)
        self.p6 = np.zeros(n)
        self.home = np.full(n, -1, np.int64)          # home pool; sessions go home with prob q_home
        self.home6 = np.full(n, "", object)
        self.q_home = np.zeros(n)
        self.alt = np.full(n, -1, np.int64)           # a pool used on days alt_lo..alt_hi instead of `pool`
        self.alt_lo = np.zeros(n, np.int64)
        self.alt_hi = np.full(n, -1, np.int64)


# ------------------------------------------------------------------ world

class World:
    def __init__(self, args):
        self.args = args
        self.N = args.accounts
        self.days = args.days
        self.ss = np.random.SeedSequence([args.seed, 21])
        self.rng = self.stream(0)
        self.ref = Ref(data_root())
        self.pools: list[np.ndarray] = []     # pools of address strings (object arrays)
        self.sources: list[Source] = []
        self.rings_meta: list[dict] = []
        self.A = Accounts(self.N)
        self.start_ms = int(START.value // 10 ** 6)
        self.eu_switch = int((EU_DST_END - START).days)
        self.us_switch = int((US_DST_END - START).days)

    def stream(self, k: int) -> np.random.Generator:
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence([self.args.seed, 21, k])))

    def add_pool(self, addrs) -> int:
        self.pools.append(np.array(list(addrs), dtype=object))
        return len(self.pools) - 1

    def add_source(self, s: Source) -> int:
        self.sources.append(s)
        return len(self.sources) - 1

    # ---- helpers for account set-up
    def card(self) -> str:
        return "pm_" + "".join("0123456789abcdef"[int(x)] for x in self.rng.integers(0, 16, 14))

    def key(self) -> str:
        return "key_" + "".join("0123456789abcdefghjkmnpqrstvwxyz"[int(x)] for x in self.rng.integers(0, 32, 12))

    def ua(self, kind: str) -> str:
        r = self.rng
        fam = {"browser": BROWSER_UA, "mobile": MOBILE_UA, "sdk": SDK_UA}[kind]
        t = fam[int(r.integers(len(fam)))]
        return t.format(v=int(r.integers(128, 142)), m=int(r.integers(0, 9)), a=int(r.integers(1, 4)),
                        b=int(r.integers(0, 30)), c=int(r.integers(0, 12)),
                        d=["Pixel 9", "SM-S931B", "Redmi Note 14", "moto g85"][int(r.integers(4))])

    def signup_ms(self, lo_days: float, hi_days: float) -> int:
        """A sign-up time lo..hi days before the window start (negative: inside the window)."""
        d = self.rng.uniform(lo_days, hi_days)
        return int(self.start_ms - d * 86400e3)

    def set_person(self, i, country, profile, p_active, daily, weekend=.8, sess=(4, 60), lang=None,
                   paid=.6, ua="browser", card=None, email=None, created=None, chat_w=1.0, extra=()):
        A, r = self.A, self.rng
        A.country[i] = country
        offs, dst = TZ[country]
        A.tz[i] = offs[int(r.integers(len(offs)))]
        A.dst[i] = dst or ""
        A.profile[i] = PROFILES.index(profile)
        A.p_active[i] = p_active
        A.daily[i] = daily
        A.weekend[i] = weekend
        A.sess_size[i], A.gap[i] = sess
        lang = lang or (LANG_OF[country] if r.random() < .75 else "en")
        A.payment[i] = card if card is not None else (self.card() if r.random() < paid else None)
        A.email[i] = email or MAIL[int(r.integers(len(MAIL)))]
        A.created[i] = created if created is not None else self.signup_ms(20, 900)
        A.uas[i] = [self.ua(ua)]
        A.sources[i] = [(self.chat[lang], chat_w)] + list(extra)

    def home_net(self, i_list, country, share_v4=True):
        """A home: one residential IPv4 (re-leased once in a while) and an IPv6 /56 with a /64 per device."""
        r = self.rng
        fam = V6FAM.get(country, "eu")
        n24 = self.net.slash24("resi", 1)
        v4 = self.net.hosts(n24, 2)
        pid = self.add_pool(v4[:1])
        p56 = f"{self.net.v6_prefix(fam)}:{int(r.integers(0, 0xffff)):x}:{int(r.integers(0x10, 0xff)):02x}"
        for d, i in enumerate(i_list):
            self.A.home[i] = pid
            self.A.home6[i] = f"{p56}{d:02x}"
        return pid, p56

    # ---- build
    def build(self):
        t0 = time.time()
        ref = self.ref
        awesome = pd.read_csv(pd.io.common.BytesIO(ref.read_bytes("prompts/awesome-chatgpt-prompts.csv")))
        self.tp = TextPools(self.stream(1), awesome["prompt"].astype(str).tolist())
        tmpls = read_templates(ref)
        comp = []
        for t in tmpls:
            c = compile_template(t)
            if c:
                comp.append((t["dataset"], t["name"], c))
        self.templates = comp
        self.by_ds: dict[str, list[int]] = {}
        for j, (ds, _, _) in enumerate(comp):
            self.by_ds.setdefault(ds.split("/")[0], []).append(j)
        self.ds_names = sorted(self.by_ds)
        log(f"{len(tmpls)} templates read, {len(comp)} usable; {len(self.tp.awesome)} chat prompts")
        self.net = Net(ref, self.stream(2))
        self.chat = {lg: self.add_source(ChatSource(self.tp, lg)) for lg in LANG_WRAP}
        self.dev = self.add_source(DevSource(self.tp))
        log(f"reference data read in {time.time() - t0:.1f}s")
        R = int(round(self.args.ring_share * self.N))
        perm = self.rng.permutation(self.N)
        self.ring_idx = perm[:R]
        self.benign_idx = perm[R:]
        self.build_benign(self.benign_idx)
        self.build_rings(self.ring_idx)

    def tmpl_fmts(self, ds_list, k):
        idx = [j for d in ds_list for j in self.by_ds[d]]
        pick = self.rng.choice(idx, size=min(k, len(idx)), replace=False)
        return [self.templates[int(j)][2] for j in sorted(pick)]

    # ---- benign cohorts
    def build_benign(self, idx):
        r, A = self.rng, self.A
        B = len(idx)
        shares = [("solo_user", .185), ("mobile_user", .12), ("household", .12), ("office_worker", .12),
                  ("campus_student", .08), ("vpn_user", .05), ("developer", .055), ("api_app", .012),
                  ("ci_fleet", .01), ("school_class", .04), ("tutorial_follower", .035), ("marketing_agency", .02),
                  ("library_patron", .025), ("coworking_member", .035), ("hotel_guest", .025),
                  ("satellite_user", .03), ("privacy_user", .006), ("night_shift", .014)]
        tot = sum(s for _, s in shares)
        counts = [int(np.floor(B * s / tot)) for _, s in shares]
        counts[0] += B - sum(counts)
        pos = 0
        self.cohort_slices = {}
        for (name, _), c in zip(shares, counts):
            ids = idx[pos:pos + c]
            pos += c
            A.cohort[ids] = name
            self.cohort_slices[name] = ids
        for name, ids in self.cohort_slices.items():
            if len(ids):
                getattr(self, "b_" + name)(ids)

    def country(self):
        return COUNTRIES[int(self.rng.choice(len(COUNTRIES), p=COUNTRY_P))]

    def groups_of(self, ids, lo, hi, mean=None):
        """Cut ids into consecutive groups of lo..hi (lognormal around mean when given)."""
        out, p = [], 0
        while p < len(ids):
            if mean:
                k = int(np.clip(round(self.rng.lognormal(np.log(mean), .6)), lo, hi))
            else:
                k = int(self.rng.integers(lo, hi + 1))
            out.append(ids[p:p + k]); p += k
        if len(out) > 1 and len(out[-1]) < lo:
            out[-2] = np.concatenate([out[-2], out[-1]]); out.pop()
        return out

    def b_solo_user(self, ids):
        r = self.rng
        for i in ids:
            c = self.country()
            self.set_person(i, c, ["evening", "allday", "office"][int(r.integers(3))], r.uniform(.1, .55),
                            r.lognormal(1.6, .6), sess=(r.uniform(2, 7), r.uniform(40, 200)), paid=.45)
            self.home_net([i], c)
            self.A.pool[i] = self.A.home[i]
            self.A.v6mode[i], self.A.v6pfx[i], self.A.p6[i] = 1, self.A.home6[i], r.uniform(.2, .8)
            self.A.group[i] = ""

    def b_mobile_user(self, ids):
        r = self.rng
        carriers = []
        for k in range(max(1, min(5, len(ids) // 300 + 1))):
            n24 = self.net.slash24("mobile", int(r.integers(4, 12)))
            c = self.country()
            carriers.append((self.add_pool(self.net.hosts(n24, int(r.integers(60, 300)))),
                             self.net.v6_prefix(V6FAM.get(c, "eu")), c))
        for i in ids:
            ci = int(r.integers(len(carriers)))
            pid, p32, c = carriers[ci]
            self.set_person(i, c, ["evening", "allday", "student"][int(r.integers(3))], r.uniform(.15, .6),
                            r.lognormal(1.5, .6), sess=(r.uniform(2, 6), r.uniform(30, 120)), paid=.5, ua="mobile")
            A = self.A
            A.pool[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = pid, 2, p32, r.uniform(.5, .8)
            A.group[i] = f"carrier{ci}"
        self.carriers = carriers

    def b_household(self, ids):
        r = self.rng
        for g, grp in enumerate(self.groups_of(ids, 2, 5)):
            c = self.country()
            pid, _ = self.home_net(list(grp), c)
            fam_card = self.card() if r.random() < .5 else None
            for i in grp:
                self.set_person(i, c, ["evening", "allday", "student"][int(r.integers(3))], r.uniform(.1, .5),
                                r.lognormal(1.5, .6), sess=(r.uniform(2, 6), r.uniform(40, 200)),
                                card=fam_card if fam_card and r.random() < .8 else None, paid=.5,
                                ua="browser" if r.random() < .6 else "mobile")
                A = self.A
                A.pool[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = pid, 1, A.home6[i], r.uniform(.3, .8)
                A.group[i] = f"home{g}"

    def b_office_worker(self, ids):
        r = self.rng
        for g, grp in enumerate(self.groups_of(ids, 4, 120, mean=14)):
            c = self.country()
            n24 = self.net.slash24("resi", 1)
            pid = self.add_pool(self.net.hosts(n24, int(r.integers(1, 4))))
            p48 = f"{self.net.v6_prefix(V6FAM.get(c, 'eu'))}:{int(r.integers(0, 0xffff)):x}"
            corp = self.card() if r.random() < .6 else None
            dom = f"corp{g}-{int(r.integers(100, 999))}.com"
            org = f"org_{dom.split('.')[0]}" if corp and r.random() < .7 else ""
            for d, i in enumerate(grp):
                self.set_person(i, c, "office", r.uniform(.35, .85), r.lognormal(1.9, .6), weekend=.1,
                                sess=(r.uniform(3, 9), r.uniform(40, 150)), card=corp, paid=.3, email=dom,
                                extra=[(self.dev, .3)] if r.random() < .3 else [])
                self.home_net([i], c)
                A = self.A
                A.pool[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = pid, 1, f"{p48}:{d:x}", .25
                A.q_home[i] = r.uniform(.05, .3)
                A.org[i] = org
                A.group[i] = f"office{g}"

    def b_campus_student(self, ids):
        r = self.rng
        nc = max(1, min(4, len(ids) // 350))
        parts = np.array_split(ids, nc)
        for g, grp in enumerate(parts):
            n24 = self.net.slash24("academic", int(r.integers(1, 3)), same_prefix=True)
            pid = self.add_pool(self.net.hosts(n24, int(r.integers(24, 96))))
            c = ["US", "GB", "DE", "BR", "IN"][g % 5]
            p48 = f"{self.net.v6_prefix(V6FAM.get(c, 'eu'))}:{int(r.integers(0, 0xffff)):x}"
            dom = f"uni{g}-{int(r.integers(10, 99))}.edu"
            for d, i in enumerate(grp):
                self.set_person(i, c, "student", r.uniform(.2, .7), r.lognormal(1.7, .7), weekend=.6,
                                sess=(r.uniform(3, 8), r.uniform(30, 150)), paid=.35,
                                email=dom if r.random() < .8 else None,
                                extra=[(self.dev, .15)] if r.random() < .3 else [])
                self.home_net([i], c)
                A = self.A
                A.pool[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = pid, 1, f"{p48}:{d % 65536:x}", .4
                A.q_home[i] = .3
                A.group[i] = f"campus{g}"

    def b_vpn_user(self, ids):
        r = self.rng
        provs = []
        for k in range(3):
            n24 = self.net.slash24("vpn", int(r.integers(15, 50)))
            provs.append(self.add_pool(self.net.hosts(n24, int(r.integers(80, 250)))))
        self.vpn_pools = provs
        for i in ids:
            k = int(r.integers(3))
            c = self.country()
            self.set_person(i, c, ["evening", "allday", "night"][int(r.integers(3))], r.uniform(.15, .6),
                            r.lognormal(1.7, .6), sess=(r.uniform(2, 8), r.uniform(30, 150)), paid=.65)
            self.A.pool[i] = provs[k]
            self.A.group[i] = f"vpn{k}"

    def b_privacy_user(self, ids):
        """Tor users: exits shared with whoever else is on Tor."""
        r = self.rng
        pid = self.add_pool(self.net.tor[:])
        for i in ids:
            self.set_person(i, self.country(), "night", r.uniform(.1, .4), r.lognormal(1.4, .5),
                            sess=(r.uniform(2, 5), r.uniform(60, 240)), paid=.2)
            self.A.pool[i], self.A.group[i] = pid, "tor"

    def b_developer(self, ids):
        r = self.rng
        for i in ids:
            c = self.country()
            self.set_person(i, c, ["night", "allday", "office"][int(r.integers(3))], r.uniform(.2, .6),
                            r.lognormal(2.4, .9), sess=(r.uniform(4, 20), r.uniform(5, 60)), paid=.8, ua="sdk",
                            chat_w=.4, extra=[(self.dev, .6)])
            self.home_net([i], c)
            prov = ["amazon", "google", "digitalocean", "linode", "oracle"][int(r.integers(5))]
            pid = self.add_pool(self.net.hosts(self.net.slash24(prov, 1), int(r.integers(1, 3))))
            A = self.A
            A.pool[i], A.q_home[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = pid, .5, 1, A.home6[i], .4
            A.keys[i] = [self.key() for _ in range(int(r.integers(1, 4)))]
            A.key_rate[i] = 1.0

    def product_templates(self, kind: str) -> list:
        P = {"support": [("Classify this support ticket as billing, bug, account or other:\n{0}", ["passage"]),
                         ("Write a short, friendly reply to this customer message:\n{0}", ["passage"])],
             "review": [("Summarize the following product review in one sentence:\n{0}", ["passage"]),
                        ("Rate the sentiment of this review from 1 to 5. Review: {0}", ["passage"])],
             "tutor": [("You are a patient tutor. Explain {0} to a beginner with one example.", ["title"]),
                       ("Create a practice question about {0} and its answer.", ["title"])],
             "extract": [("Extract all dates and amounts as JSON from:\n{0}", ["passage"]),
                         ("Does this text mention a deadline? Answer yes or no.\n{0}", ["passage"])]}
        return P[kind]

    def b_api_app(self, ids):
        """One company's product: many accounts (one per service, region or tenant), one card, cloud egress."""
        r = self.rng
        for g, grp in enumerate(self.groups_of(ids, 3, 25, mean=8)):
            c = self.country()
            prov = ["amazon", "google", "microsoft", "oracle"][int(r.integers(4))]
            pid = self.add_pool(self.net.hosts(self.net.slash24(prov, int(r.integers(1, 3))), int(r.integers(2, 9))))
            corp = self.card()
            dom = f"app{g}-{int(r.integers(100, 999))}.io"
            kind = ["support", "review", "tutor", "extract"][int(r.integers(4))]
            fmts = self.product_templates(kind)
            if r.random() < .5:
                fmts = fmts + self.tmpl_fmts([self.ds_names[int(r.integers(len(self.ds_names)))]], 2)
            src = self.add_source(TemplateSource(self.tp, fmts, cot=.02, mu=r.uniform(3.5, 5.5), sigma=.5))
            heavy = r.random() < .2
            sdk = self.ua("sdk")
            created = self.signup_ms(30, 700)
            for i in grp:
                daily = DAILY_LIMIT * r.uniform(.5, 1.1) if heavy and r.random() < .35 else r.lognormal(3.0, .8)
                self.set_person(i, c, "app", .97, daily, weekend=.7, sess=(r.uniform(20, 80), r.uniform(1, 10)),
                                card=corp, email=dom, created=created + int(r.integers(0, 86400 * 1000 * 20)),
                                chat_w=0.0, extra=[(src, 1.0)])
                A = self.A
                A.tz[i], A.dst[i] = 0, ""
                A.uas[i] = [sdk]
                A.pool[i], A.rotate[i] = pid, True
                A.keys[i] = [self.key() for _ in range(int(r.integers(2, 7)))]
                A.key_rate[i] = 1.0
                A.disp[i] = 6.0
                A.org[i] = f"org_{dom.split('.')[0]}" if r.random() < .8 else ""
                A.group[i] = f"app{g}"

    def b_ci_fleet(self, ids):
        """A company's CI: one account per repository, a fixed regression suite every night on hosted runners."""
        r = self.rng
        if not hasattr(self, "runner_pool"):
            self.runner_pool = self.add_pool(self.net.hosts(self.net.slash24("microsoft", 60), 1500))
        for g, grp in enumerate(self.groups_of(ids, 4, 30, mean=9)):
            corp = self.card()
            dom = f"soft{g}-{int(r.integers(100, 999))}.dev"
            h0 = float(r.uniform(0, 5))
            org = f"org_{dom.split('.')[0]}" if r.random() < .5 else ""
            sdk = self.ua("sdk") + " ci"
            for i in grp:
                fmts = self.tmpl_fmts([self.ds_names[int(r.integers(len(self.ds_names)))]], 3)
                rend, _ = TemplateSource(self.tp, fmts).render(self.stream(1000 + int(i)), int(r.integers(20, 70)))
                src = self.add_source(SuiteSource(rend, mu=r.uniform(3, 5)))
                self.set_person(i, "US", "cron", .98, len(rend) * r.uniform(1, 2.2), weekend=r.uniform(.3, 1),
                                sess=(500, r.uniform(2, 8)), card=corp, email=dom, chat_w=0, extra=[(src, 1.0)])
                A = self.A
                A.tz[i], A.dst[i], A.cron_h[i] = 0, "", h0 + r.uniform(0, .5)
                A.uas[i] = [sdk]
                A.pool[i], A.rotate[i] = self.runner_pool, True
                A.keys[i] = [self.key()]
                A.key_rate[i] = 1.0
                A.disp[i] = 20.0
                A.org[i] = org
                A.group[i] = f"ci{g}"

    def b_school_class(self, ids):
        """Secondary-school classes: the district buys the seats (one card), students sign up in class on one day,
        do the teacher's assignment prompt of the week, at school on the district NAT and at home in the evening."""
        r = self.rng
        districts = []
        grps = self.groups_of(ids, 18, 34)
        for g, grp in enumerate(grps):
            if not districts or r.random() < .4:
                c = ["US", "GB", "BR", "MX", "DE"][int(r.integers(5))]
                cat = "school" if len(self.net.cat["school"]) else "resi"
                pid = self.add_pool(self.net.hosts(self.net.slash24(cat, 1), int(r.integers(1, 3))))
                districts.append((pid, self.card(), f"district{len(districts)}.k12.org", c))
            pid, card, dom, c = districts[-1]
            topic = TOPICS[int(r.integers(len(TOPICS)))]
            lang = LANG_OF[c]
            w = LANG_WRAP[lang]
            fmts = [(w + f"My teacher asked: explain how {topic} connects to {{0}}. Write it in my own words.", ["title"]),
                    (w + f"Give me a study summary of {topic} focusing on {{0}}.", ["title"])]
            src = self.add_source(TemplateSource(self.tp, fmts, mu=5.6, sigma=.5))
            in_window = r.random() < .5
            d0 = float(r.uniform(-self.days + 3, -1)) if in_window else float(r.uniform(20, 60))
            day0 = float(np.floor(d0)) + (r.uniform(.35, .55) if in_window else 0)
            for i in grp:
                self.set_person(i, c, "school", r.uniform(.3, .7), r.lognormal(1.6, .5), weekend=.15,
                                sess=(r.uniform(2, 6), r.uniform(40, 150)), card=card if r.random() < .9 else None,
                                email=dom, created=self.signup_ms(day0 - .02 * r.random(), day0), lang=lang,
                                extra=[(src, .7)])
                self.home_net([i], c)
                A = self.A
                A.pool[i], A.q_home[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = pid, .45, 1, A.home6[i], .3
                A.org[i] = dom.split(".")[0] if r.random() < .3 else ""
                A.group[i] = f"class{g}"

    def tutorial_src(self):
        if not hasattr(self, "_tut"):
            self._tut = [(f"You are a quiz generator. Create 5 multiple-choice questions about {{0}}. Return JSON "
                          f"with fields question, options, answer, explanation.", ["title"]),
                         ("You are a quiz generator. Create 5 multiple-choice questions from this text. Return JSON "
                          "with fields question, options, answer, explanation.\nText: {0}", ["passage"])]
        return self._tut

    def b_tutorial_follower(self, ids):
        """Strangers who followed one viral video tutorial: same template, sign-ups right after it was posted."""
        r = self.rng
        self.tutorial_days = []
        for g, grp in enumerate(np.array_split(ids, max(1, min(3, len(ids) // 80)))):
            vd = float(r.uniform(1, max(2, self.days - 6)))
            self.tutorial_days.append(vd)
            src = self.add_source(TemplateSource(self.tp, self.tutorial_src(), mu=6.3, sigma=.4))
            for i in grp:
                c = self.country()
                lag = r.exponential(1.2)
                created = self.start_ms + int((vd + lag) * 86400e3)
                self.set_person(i, c, ["evening", "night", "allday"][int(r.integers(3))], .6,
                                r.lognormal(2.6, .8), sess=(r.uniform(5, 20), r.uniform(5, 30)), paid=.7, ua="sdk",
                                created=created, chat_w=.15, extra=[(src, .85)])
                self.home_net([i], c)
                A = self.A
                A.pool[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = A.home[i], 1, A.home6[i], .4
                dm = np.zeros(self.days, bool)
                d0 = int(vd + lag)
                dm[d0:d0 + int(r.integers(2, 9))] = True
                dm |= r.random(self.days) < .08
                A.day_mask[i] = dm
                A.keys[i] = [self.key()]
                A.key_rate[i] = 1.0
                A.group[i] = f"tutorial{g}"

    def b_marketing_agency(self, ids):
        """An agency runs one account per client (the client's card and org), all from the agency office."""
        r = self.rng
        for g, grp in enumerate(self.groups_of(ids, 4, 16, mean=8)):
            c = self.country()
            pid = self.add_pool(self.net.hosts(self.net.slash24("resi", 1), 1))
            p48 = f"{self.net.v6_prefix(V6FAM.get(c, 'eu'))}:{int(r.integers(0, 0xffff)):x}"
            ua = self.ua("browser")
            for d, i in enumerate(grp):
                prod = PRODUCTS[int(r.integers(len(PRODUCTS)))]
                fmts = [(f"Write 3 ad headlines for {prod}. Tone: {TONES[int(r.integers(len(TONES)))]}. Angle: {{0}}.", ["title"]),
                        (f"Write a 150-word product description of {prod} mentioning {{0}}.", ["title"]),
                        (f"Rewrite this as an Instagram caption for {prod}: {{0}}", ["passage"])]
                src = self.add_source(TemplateSource(self.tp, fmts, mu=5.0, sigma=.5))
                burst = np.zeros(self.days, bool)
                b0 = int(r.integers(0, self.days))
                burst[b0:b0 + int(r.integers(1, 4))] = True
                self.set_person(i, c, "office", .55, r.lognormal(2.3, .5), weekend=.1,
                                sess=(r.uniform(5, 15), r.uniform(20, 60)), paid=1.0,
                                email=f"client{g}x{d}-{int(r.integers(100, 999))}.com", chat_w=.1, extra=[(src, .9)])
                A = self.A
                A.uas[i] = [ua]
                A.pool[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = pid, 1, f"{p48}:{(d % 4):x}", .3
                A.org[i] = f"org_client{g}x{d}"
                A.burst = getattr(A, "burst", {})
                A.burst[int(i)] = burst
                A.group[i] = f"agency{g}"

    def b_library_patron(self, ids):
        r = self.rng
        for g, grp in enumerate(np.array_split(ids, max(1, len(ids) // 90))):
            cat = "library" if len(self.net.cat["library"]) else "resi"
            pid = self.add_pool(self.net.hosts(self.net.slash24(cat, 1), int(r.integers(1, 4))))
            kiosk = "Mozilla/5.0 (X11; CrOS x86_64 16093.68.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 KioskBrowser/3.2"
            c = ["US", "GB", "CA"][g % 3]
            for i in grp:
                self.set_person(i, c, "office", r.uniform(.05, .3), r.lognormal(1.3, .5), weekend=.7,
                                sess=(r.uniform(2, 6), r.uniform(60, 200)), paid=.15)
                self.home_net([i], c)
                A = self.A
                A.uas[i] = [kiosk, self.ua("browser")]
                A.pool[i], A.q_home[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = pid, .3, 1, A.home6[i], .1
                A.group[i] = f"library{g}"

    def b_coworking_member(self, ids):
        r = self.rng
        for g, grp in enumerate(self.groups_of(ids, 15, 80, mean=35)):
            c = self.country()
            pid = self.add_pool(self.net.hosts(self.net.slash24("resi", 1), int(r.integers(1, 3))))
            for i in grp:
                self.set_person(i, c, "office", r.uniform(.25, .7), r.lognormal(2.0, .7), weekend=.15,
                                sess=(r.uniform(3, 10), r.uniform(20, 120)), paid=.85,
                                ua="browser" if r.random() < .6 else "sdk",
                                extra=[(self.dev, .5)] if r.random() < .4 else [])
                self.home_net([i], c)
                A = self.A
                A.pool[i], A.q_home[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = pid, .35, 1, A.home6[i], .2
                A.group[i] = f"cowork{g}"

    def b_hotel_guest(self, ids):
        """Travellers: a conference hotel's or airport lounge's Wi-Fi for a stay of 1-4 days, home otherwise."""
        r = self.rng
        hotels = [self.add_pool(self.net.hosts(self.net.slash24("resi", 1), int(r.integers(2, 8))))
                  for _ in range(max(1, min(6, len(ids) // 60)))]
        for i in ids:
            c = self.country()
            h = int(r.integers(len(hotels)))
            self.set_person(i, c, "allday", r.uniform(.2, .6), r.lognormal(1.8, .6),
                            sess=(r.uniform(2, 8), r.uniform(30, 150)), paid=.8)
            self.home_net([i], c)
            A = self.A
            A.pool[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = A.home[i], 1, A.home6[i], .4
            lo = int(r.integers(0, self.days))
            A.alt[i], A.alt_lo[i], A.alt_hi[i] = hotels[h], lo, lo + int(r.integers(0, 4))
            A.group[i] = f"hotel{h}"

    def b_satellite_user(self, ids):
        r = self.rng
        isps = []
        for k in range(max(1, min(3, len(ids) // 150))):
            cat = "satellite" if len(self.net.cat["satellite"]) else "resi"
            isps.append((self.add_pool(self.net.hosts(self.net.slash24(cat, int(r.integers(1, 4))), int(r.integers(8, 40)))),
                         self.net.v6_prefix("us")))
        for i in ids:
            k = int(r.integers(len(isps)))
            c = ["US", "CA", "BR", "MX"][int(r.integers(4))]
            self.set_person(i, c, "allday", r.uniform(.15, .6), r.lognormal(1.7, .6),
                            sess=(r.uniform(2, 8), r.uniform(40, 180)), paid=.7)
            A = self.A
            A.pool[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = isps[k][0], 1, \
                f"{isps[k][1]}:{int(r.integers(0, 0xffff)):x}:{int(r.integers(0, 0xffff)):x}", .7
            A.group[i] = f"satellite{k}"

    def b_night_shift(self, ids):
        """Hospital night-shift staff: one hospital NAT, one employer card, requests between midnight and 6."""
        r = self.rng
        for g, grp in enumerate(self.groups_of(ids, 6, 40, mean=15)):
            c = self.country()
            pid = self.add_pool(self.net.hosts(self.net.slash24("resi", 1), 2))
            corp = self.card() if r.random() < .7 else None
            dom = f"hospital{g}-{int(r.integers(10, 99))}.org"
            fmts = [("Summarise these handover notes for the next shift in bullet points:\n{0}", ["passage"]),
                    ("Rewrite this patient leaflet paragraph in plain language:\n{0}", ["passage"])]
            src = self.add_source(TemplateSource(self.tp, fmts, mu=5.2, sigma=.4))
            for i in grp:
                self.set_person(i, c, "night", r.uniform(.3, .6), r.lognormal(2.2, .5), weekend=.9,
                                sess=(r.uniform(3, 8), r.uniform(40, 120)), card=corp, email=dom, paid=.6,
                                chat_w=.4, extra=[(src, .6)])
                self.home_net([i], c)
                A = self.A
                A.pool[i], A.q_home[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = pid, .2, 1, A.home6[i], .1
                A.org[i] = dom.split(".")[0] if r.random() < .4 else ""
                A.group[i] = f"hospital{g}"

    # ---- rings
    def ring_sizes(self, R: int) -> list[int]:
        r = self.rng
        mode = self.args.ring_sizes

        def fill(total, lo, hi):
            out = []
            while total - sum(out) > 0:
                left = total - sum(out)
                if left <= hi:
                    if left >= lo:
                        out.append(left)
                    elif out:
                        for j in range(len(out)):        # spread the rest over rings with room
                            while left and out[j] < hi:
                                out[j] += 1; left -= 1
                        if left:
                            out.append(left)
                    else:
                        out.append(left)
                    break
                out.append(int(np.clip(round(r.lognormal(np.log(lo + (hi - lo) / 3.0), .5)), lo, hi)))
            return out
        if R == 0:
            return []
        if mode == "small":
            return fill(R, 3, 15)
        if mode == "mixed":
            big = int(round(.15 * R)); mid = int(round(.30 * R))
            return fill(R - big - mid, 3, 15) + fill(mid, 16, 50) + (fill(big, 51, 200) if big >= 51 else fill(big, 16, 50))
        hyd = int(round(R * r.uniform(.72, .83)))
        return [hyd] + fill(R - hyd, 3, 15)

    KINDS = ["pay_clean", "resi_proxy", "reworded", "human_timing", "aged_bought", "cover_traffic", "part_time",
             "tutorial_camo", "ci_mimic", "agency_front", "relay_shift", "lang_split"]

    def build_rings(self, idx):
        r = self.rng
        sizes = self.ring_sizes(len(idx))
        order = list(r.permutation(self.KINDS))
        pos = 0
        for k, s in enumerate(sizes):
            ids = idx[pos:pos + s]
            pos += s
            rid = f"R{k + 1:03d}"
            kind = "hydra_reseller" if (self.args.ring_sizes == "hydra" and k == 0) else order[k % len(order)]
            self.A.ring[ids] = rid
            self.A.group[ids] = rid
            self.A.cohort[ids] = kind
            meta = {"ring_id": rid, "kind": kind, "size": int(s)}
            meta.update(getattr(self, "r_" + kind)(ids, rid))
            self.rings_meta.append(meta)

    def harvest_src(self, fmts, cot, long, reword=None, prefix="", wrap="", mu=6.0):
        return self.add_source(TemplateSource(self.tp, fmts, cot=cot, long=long, mu=mu, sigma=.45, reword=reword,
                                              prefix=prefix, wrap=wrap, harvest=True))

    def ring_base(self, ids, profile="flat", lo=.3, hi=.8, p_active=.92, sess=(60, 8), cards="unique",
                  created=(60, 400), ua="sdk", country=None):
        """Common ring-account set-up: paced daily volume under the limit, own pacing cap, harvest prompts."""
        r, A = self.rng, self.A
        ds = [self.ds_names[int(r.integers(len(self.ds_names)))] for _ in range(int(r.integers(1, 3)))]
        fmts = self.tmpl_fmts(ds, int(r.integers(2, 7)))
        cot, long = r.uniform(.4, .95), r.uniform(.2, .7)
        shared = [self.card() for _ in range(max(1, len(ids) // 3))]
        c0 = country or self.country()
        pace = 1.0 if profile == "app" else .6       # operators keep well clear of the limit
        for j, i in enumerate(ids):
            card = {"unique": self.card(), "pairs": shared[(j // 2) % len(shared)],
                    "few": shared[j % min(3, len(shared))], "none": None}[cards]
            self.set_person(i, c0 if r.random() < .7 else self.country(), profile, p_active,
                            DAILY_LIMIT * r.uniform(lo, hi) * pace, weekend=r.uniform(.7, 1.0),
                            sess=(r.uniform(*sorted((sess[0] * .5, sess[0] * 1.5))), r.uniform(sess[1] * .5, sess[1] * 1.5)),
                            card=card, paid=1.0, ua=ua, created=self.signup_ms(*created), chat_w=0.0)
            A.disp[i] = 12.0
            A.self_cap[i] = int(DAILY_LIMIT * r.uniform(.9, .98))
            A.keys[i] = [self.key() for _ in range(int(r.integers(1, 3)))]
            A.key_rate[i] = 1.0
            A.model_w[i] = [.35, .05, .60]
        return fmts, cot, long, ds

    def _set_src(self, ids, src_list):
        for i in ids:
            self.A.sources[i] = src_list

    def r_pay_clean(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "flat", .35, .85)
        self._set_src(ids, [(self.harvest_src(fmts, cot, long), 1.0)])
        n24 = self.net.slash24("datacenter", int(r.integers(2, 5)))
        hosts = self.net.hosts(n24, 3 * len(ids))
        for j, i in enumerate(ids):
            A.pool[i] = self.add_pool(hosts[3 * j:3 * j + int(r.integers(1, 4))])
        return {"evasions": ["no payment reuse", "own addresses per account"], "datasets": ds,
                "signals_kept": ["same datacenter /24s", "shared templates", "volume, CoT and long answers"]}

    def resi_exits(self, k):
        """Exits of a residential proxy network: benign homes' and carrier NAT addresses."""
        r, A = self.rng, self.A
        if not hasattr(self, "_homes"):
            self._homes = [self.pools[A.home[i]][0] for i in sorted(self.benign_idx) if A.home[i] >= 0 and
                           A.cohort[i] in ("household", "solo_user", "office_worker", "coworking_member")]
        homes = self._homes
        mob = [a for pid, _, _ in getattr(self, "carriers", []) for a in self.pools[pid]]
        take = [homes[int(x)] for x in r.integers(0, max(1, len(homes)), min(k, len(homes)))] if homes else []
        take += [mob[int(x)] for x in r.integers(0, max(1, len(mob)), k // 4)] if mob else []
        if not take:
            take = self.net.hosts(self.net.slash24("resi", 20), k)
        return sorted(set(take))

    def r_resi_proxy(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "allday", .3, .75, sess=(30, 20), cards="pairs")
        self._set_src(ids, [(self.harvest_src(fmts, cot, long), 1.0)])
        pid = self.add_pool(self.resi_exits(int(r.integers(300, 900))))
        for i in ids:
            A.pool[i], A.rotate[i] = pid, True
            A.uas[i] = [self.ua("browser")]
        return {"evasions": ["rotating residential proxy exits shared with benign homes", "cards shared by pairs only"],
                "datasets": ds, "signals_kept": ["card pairs", "shared templates", "harvest behaviour",
                                                 "one exit pool used by all members"]}

    def r_reworded(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "allday", .25, .7, sess=(20, 25))
        vp = self.vpn_pools[int(r.integers(len(self.vpn_pools)))] if hasattr(self, "vpn_pools") else \
            self.add_pool(self.net.hosts(self.net.slash24("vpn", 20), 100))
        for i in ids:
            rw = [REWORD[int(x)] for x in r.choice(len(REWORD), int(r.integers(4, 10)), replace=False)]
            A.sources[i] = [(self.harvest_src(fmts, cot, long, reword=rw,
                                              prefix=PREFIXES[int(r.integers(len(PREFIXES)))]), 1.0)]
            A.pool[i] = vp
            A.uas[i] = [self.ua("sdk")]
        return {"evasions": ["each account rewords the templates", "no payment reuse",
                             "commercial VPN exits shared with benign VPN users"],
                "datasets": ds, "signals_kept": ["template skeleton and slot structure", "harvest behaviour",
                                                 "same VPN provider"]}

    def r_human_timing(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "allday", .15, .45, sess=(12, 50), cards="few", ua="browser")
        self._set_src(ids, [(self.harvest_src(fmts, cot, long), 1.0)])
        c = A.country[ids[0]]
        homes = [self.home_net([i], c)[0] for i in ids[:3]]
        tz = A.tz[ids[0]]
        for j, i in enumerate(ids):
            A.pool[i] = homes[j % len(homes)]
            A.v6mode[i], A.v6pfx[i], A.p6[i] = 1, A.home6[ids[j % len(homes)]], .5
            A.tz[i] = tz
            A.p_active[i] = r.uniform(.7, .9)
            A.weekend[i] = .5
        return {"evasions": ["human-like diurnal sessions and pauses", "moderate volume", "browser user agents"],
                "datasets": ds, "signals_kept": ["shared home addresses", "a few shared cards", "templates, CoT"]}

    def r_aged_bought(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "allday", .3, .7, sess=(25, 20), created=(365, 1500))
        src = self.harvest_src(fmts, cot, long)
        sw = int(r.integers(2, max(3, self.days // 2)))
        pools = [pid for pid, _, _ in getattr(self, "carriers", [])][:2] or \
            [self.add_pool(self.net.hosts(self.net.slash24("mobile", 5), 120))]
        for i in ids:
            c = self.country()
            A.country[i] = c
            A.tz[i] = TZ[c][0][0]
            A.email[i] = MAIL[int(r.integers(len(MAIL)))]
            A.sources[i] = [(self.chat[LANG_OF[c]], 1.0)]
            A.sources2[i] = [(src, .9), (self.chat["en"], .1)]
            A.switch_day[i] = sw + int(r.integers(0, 2))
            A.pool[i] = pools[int(r.integers(len(pools)))]
            A.uas[i] = [self.ua("mobile")]
        return {"evasions": ["aged accounts bought from their owners (original cards, countries, sign-up years)",
                             "mobile proxy exits on carrier NAT", "benign history before the switch"],
                "datasets": ds, "switch_day": sw,
                "signals_kept": ["all switch to harvesting within two days", "templates", "volume jump"]}

    def r_cover_traffic(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "allday", .3, .8, sess=(20, 20))
        src = self.harvest_src(fmts, cot, long)
        pid = self.add_pool(self.net.hosts(self.net.slash24("datacenter", 1), int(r.integers(6, 20))))
        for i in ids:
            cov = r.uniform(.35, .6)
            A.sources[i] = [(src, 1 - cov), (self.chat[["en", "es", "de"][int(r.integers(3))]], cov * .8),
                            (self.dev, cov * .2)]
            A.pool[i] = pid
        return {"evasions": ["35-60 % cover chat from real prompts", "no payment reuse"], "datasets": ds,
                "signals_kept": ["one hosting /24", "templates in the harvest part"]}

    def r_part_time(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "night", .5, .9, cards="few")
        self._set_src(ids, [(self.harvest_src(fmts, cot, long), 1.0)])
        dm = r.random(self.days) < r.uniform(.3, .5)
        vp = self.vpn_pools[int(r.integers(len(self.vpn_pools)))] if hasattr(self, "vpn_pools") else \
            self.add_pool(self.net.hosts(self.net.slash24("vpn", 20), 100))
        for i in ids:
            A.day_mask[i] = dm.copy()
            A.p_active[i] = .95
            A.pool[i] = vp
        return {"evasions": ["operates on 30-50 % of days only", "VPN exits shared with benign users"],
                "datasets": ds, "active_days": int(dm.sum()),
                "signals_kept": ["the same active days", "a few shared cards", "templates"]}

    def r_tutorial_camo(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "evening", .3, .7, sess=(25, 15))
        src = self.harvest_src(self.tutorial_src(), cot, long, mu=6.4)
        src2 = self.harvest_src(fmts, cot, long)
        vd = self.tutorial_days[0] if getattr(self, "tutorial_days", None) else 2.0
        pid = self.add_pool(self.resi_exits(int(r.integers(200, 500))))
        for i in ids:
            A.created[i] = self.start_ms + int((vd + r.exponential(1.0)) * 86400e3)
            A.sources[i] = [(src, .7), (src2, .3)]
            A.pool[i], A.rotate[i] = pid, False
        return {"evasions": ["hides in a viral tutorial's template and sign-up wave", "residential exits per session",
                             "no payment reuse"], "datasets": ds,
                "signals_kept": ["volume and long CoT answers far above the tutorial crowd", "one exit pool"]}

    def r_ci_mimic(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "cron", .3, .7, sess=(500, 3))
        if not hasattr(self, "runner_pool"):
            self.runner_pool = self.add_pool(self.net.hosts(self.net.slash24("microsoft", 60), 1500))
        sdk = self.ua("sdk") + " ci"
        h0 = float(r.uniform(0, 4))
        self._set_src(ids, [(self.harvest_src(fmts, cot, long), 1.0)])
        for i in ids:
            A.tz[i], A.dst[i], A.cron_h[i] = 0, "", h0 + r.uniform(0, 1.5)
            A.pool[i], A.rotate[i] = self.runner_pool, True
            A.uas[i] = [sdk]
            A.org[i] = f"org_{self.key()[4:]}"
        return {"evasions": ["looks like a company's nightly CI on hosted runners", "distinct cards and orgs"],
                "datasets": ds, "signals_kept": ["one nightly window", "novel prompts every night (no fixed suite)",
                                                 "long CoT answers"]}

    def r_agency_front(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "office", .3, .75, sess=(30, 12), ua="browser", created=(3, 10))
        c = A.country[ids[0]]
        pid = self.add_pool(self.net.hosts(self.net.slash24("resi", 1), 1))
        p48 = f"{self.net.v6_prefix(V6FAM.get(c, 'eu'))}:{int(r.integers(0, 0xffff)):x}"
        ua = self.ua("browser")
        for j, i in enumerate(ids):
            prod = PRODUCTS[int(r.integers(len(PRODUCTS)))]
            A.sources[i] = [(self.harvest_src(fmts, cot, long, prefix=f"For our client's {prod} blog: "), 1.0)]
            A.pool[i], A.v6mode[i], A.v6pfx[i], A.p6[i] = pid, 1, f"{p48}:{(j % 5):x}", .3
            A.uas[i] = [ua]
            A.org[i] = f"org_client{rid}x{j}"
            A.email[i] = f"client{rid.lower()}x{j}-{int(r.integers(100, 999))}.com"
            A.tz[i] = A.tz[ids[0]]
            A.weekend[i] = .1
        return {"evasions": ["poses as a marketing agency: one account per 'client' card and org",
                             "office-hours timing"], "datasets": ds,
                "signals_kept": ["one office address", "templates under a copywriting prefix", "CoT, long answers"]}

    def r_relay_shift(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "flat", .6, .9)
        self._set_src(ids, [(self.harvest_src(fmts, cot, long), 1.0)])
        n24 = self.net.slash24("datacenter", 1)
        pid = self.add_pool(self.net.hosts(n24, int(r.integers(4, 12))))
        on = max(1, len(ids) // 4)
        off = int(r.integers(0, len(ids)))
        for j, i in enumerate(ids):
            dm = (j - (np.arange(self.days) * on + off)) % len(ids) < on
            A.day_mask[i] = dm
            A.p_active[i] = 1.0
            A.pool[i] = pid
        return {"evasions": ["accounts take turns: about a quarter active on any day", "no payment reuse"],
                "datasets": ds, "signals_kept": ["one datacenter /24", "templates", "complementary activity"]}

    def r_lang_split(self, ids, rid):
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "flat", .3, .8)
        langs = [lg for lg in LANG_WRAP if lg != "en"] + ["en"]
        p48 = f"{self.net.v6_prefix('eu')}:{int(r.integers(0, 0xffff)):x}"
        pid = self.add_pool(self.net.hosts(self.net.slash24("digitalocean", 2), 2 * len(ids)))
        for j, i in enumerate(ids):
            lg = langs[j % len(langs)]
            A.sources[i] = [(self.harvest_src(fmts, cot, long, wrap=LANG_WRAP[lg]), 1.0)]
            A.pool[i] = self.add_pool(list(self.pools[pid][2 * j:2 * j + 2]))
            A.v6mode[i], A.v6pfx[i], A.p6[i] = 1, f"{p48}:{j:x}", .6
        return {"evasions": ["each account asks in another language", "no payment reuse", "one /64 per account"],
                "datasets": ds, "signals_kept": ["one hosting /48", "slot structure under the language wrapper",
                                                 "CoT, long answers"]}

    def r_hydra_reseller(self, ids, rid):
        """A reseller of cheap API access: its customers' chat and its own harvesting, through its proxies."""
        r, A = self.rng, self.A
        fmts, cot, long, ds = self.ring_base(ids, "app", .03, .14, sess=(15, 10), cards="none", created=(5, 200))
        more = self.tmpl_fmts([self.ds_names[int(r.integers(len(self.ds_names)))] for _ in range(3)], 8)
        hs = [self.harvest_src(fmts + more[:4], cot, long), self.harvest_src(more, cot * .8, long)]
        n24 = self.net.slash24("datacenter", int(r.integers(8, 20)))
        pid = self.add_pool(self.net.hosts(n24, int(r.integers(80, 220))))
        cards = [self.card() for _ in range(int(r.integers(6, 18)))]
        gw = f"relaykit/{int(r.integers(2, 5))}.{int(r.integers(0, 9))}.{int(r.integers(0, 20))}"
        langs = ["en", "en", "es", "pt", "id", "tr", "ja"]
        for j, i in enumerate(ids):
            h = r.uniform(.3, .7)
            A.sources[i] = [(hs[j % 2], h), (self.chat[langs[int(r.integers(len(langs)))]], (1 - h) * .8),
                            (self.dev, (1 - h) * .2)]
            A.payment[i] = cards[int(r.integers(len(cards)))]
            A.pool[i], A.rotate[i] = pid, True
            A.uas[i] = [gw, self.ua("sdk")]
            A.p_active[i] = r.uniform(.75, .95)
        return {"evasions": ["customers' real chat mixed with harvesting", "low per-account volume",
                             "thousands of accounts on a proxy pool"], "datasets": ds,
                "signals_kept": ["one proxy pool for all", "a dozen virtual cards", "gateway user agent",
                                 "harvest templates in half the traffic"]}

    # ------------------------------------------------------------------ events
    def generate(self):
        A, D, N = self.A, self.days, self.N
        rng = self.stream(3)
        # desired requests per account-day
        dow = (START.day_of_week + np.arange(D)) % 7
        wk = dow >= 5
        act_p = np.clip(A.p_active[:, None] * np.where(wk[None, :], A.weekend[:, None], 1.0), 0, 1)
        if hasattr(A, "burst"):
            for i, b in sorted(A.burst.items()):
                act_p[i] = np.where(b, 1.0, act_p[i] * .5)
        active = rng.random((N, D)) < act_p
        for i in range(N):
            if A.day_mask[i] is not None:
                active[i] &= A.day_mask[i]
        created_day = np.floor((A.created - self.start_ms) / 86400e3).astype(np.int64)
        active &= np.arange(D)[None, :] >= created_day[:, None]
        mean = A.daily[:, None] * rng.gamma(A.disp[:, None], 1.0 / A.disp[:, None], (N, D))
        if hasattr(A, "burst"):
            for i, b in sorted(A.burst.items()):
                mean[i] *= np.where(b, 6.0, 1.0)
        want = np.where(active, np.maximum(1, rng.poisson(mean)), 0)
        want = np.minimum(want, A.self_cap[:, None])
        lim = np.where(pd.isna(A.payment), FREE_DAILY_LIMIT, DAILY_LIMIT)[:, None]
        self.refused = int(np.maximum(0, want - lim).sum())
        cnt = np.minimum(want, lim)
        ai, di = np.nonzero(cnt)
        c = cnt[ai, di]
        log(f"{c.sum():,} requests wanted after limits ({self.refused:,} refused)")
        # sessions
        ns = np.clip(np.round(c / A.sess_size[ai] * rng.uniform(.6, 1.4, len(c))), 1, c).astype(np.int64)
        ns = np.where(A.profile[ai] == PROFILES.index("cron"), 1, ns)
        s_off = np.concatenate([[0], np.cumsum(ns)])
        S = int(s_off[-1])
        s_row = np.repeat(np.arange(len(c)), ns)
        s_acc, s_day = ai[s_row], di[s_row]
        # session start (local hour from the account's profile, then to UTC)
        prof = _profile_weights()
        u = rng.random(S)
        loc = np.zeros(S)
        for k, name in enumerate(PROFILES):
            m = A.profile[s_acc] == k
            if not m.any():
                continue
            if name == "cron":
                loc[m] = A.cron_h[s_acc[m]] * 3600 + rng.normal(0, 240, m.sum())
            else:
                cdf = np.cumsum(prof[name])
                h = np.searchsorted(cdf, u[m] * cdf[-1])
                loc[m] = (h + rng.random(m.sum())) * 3600
        off = A.tz[s_acc].copy()
        off -= ((A.dst[s_acc] == "eu") & (s_day >= self.eu_switch)).astype(float)
        off -= ((A.dst[s_acc] == "us") & (s_day >= self.us_switch)).astype(float)
        s_start = np.mod(loc - off * 3600, 86400)
        # events
        e_row = np.repeat(np.arange(len(c)), c)
        E = len(e_row)
        e_acc = ai[e_row]
        e_sess = s_off[e_row] + np.floor(rng.random(E) * ns[e_row]).astype(np.int64)
        dur = A.sess_size[e_acc] * A.gap[e_acc] * rng.uniform(.5, 1.5, E)
        cronm = A.profile[e_acc] == PROFILES.index("cron")
        dur = np.where(cronm, c[e_row] * A.gap[e_acc], dur)
        sec = np.mod(s_start[e_sess] + rng.random(E) * dur, 86400)
        ts = self.start_ms + di[e_row] * 86400000 + np.floor(sec * 1000).astype(np.int64)
        keep = ts >= A.created[e_acc]
        log(f"{E:,} events in {S:,} sessions; {int((~keep).sum()):,} before sign-up dropped")
        e_acc, e_sess, ts = e_acc[keep], e_sess[keep], ts[keep]
        e_day = di[e_row][keep]
        E = len(ts)
        # addresses: per session, or per request for rotating accounts
        s_ip = np.empty(S, object)
        q = rng.random(S)
        home = (A.home[s_acc] >= 0) & (q < A.q_home[s_acc])
        alt = (A.alt[s_acc] >= 0) & (s_day >= A.alt_lo[s_acc]) & (s_day <= A.alt_hi[s_acc])
        pool_of = np.where(alt, A.alt[s_acc], np.where(home, A.home[s_acc], A.pool[s_acc]))
        pick = rng.integers(0, 1 << 40, S)
        sizes = np.array([len(p) for p in self.pools])
        big = np.concatenate(self.pools)
        poff = np.concatenate([[0], np.cumsum(sizes)])
        s_ip[:] = big[poff[pool_of] + pick % sizes[pool_of]]
        v6 = (rng.random(S) < A.p6[s_acc]) & ~alt
        m1 = v6 & ((A.v6mode[s_acc] == 1) | (home & (A.home6[s_acc] != "")))
        m2 = v6 & (A.v6mode[s_acc] == 2) & ~home
        if m1.any():
            # daily privacy address within the account's /64 (at home: its home /64)
            pfx = np.where(home[m1], A.home6[s_acc[m1]], A.v6pfx[s_acc[m1]])
            key = pd.MultiIndex.from_arrays([pfx, s_day[m1]])
            codes, uniq = pd.factorize(key)
            iid = rand_hextets(rng, len(uniq), 4)
            vals = [f"{p}:{h}" for (p, _), h in zip(uniq, iid)]
            s_ip[np.nonzero(m1)[0]] = np.array(vals, object)[codes]
        if m2.any():
            n2 = int(m2.sum())
            mid = rand_hextets(rng, n2, 6)
            s_ip[np.nonzero(m2)[0]] = [f"{p}:{h}" for p, h in zip(A.v6pfx[s_acc[m2]], mid)]
        ip = s_ip[e_sess]
        rot = A.rotate[e_acc]
        if rot.any():
            pr = A.pool[e_acc[rot]]
            ip[rot] = big[poff[pr] + rng.integers(0, 1 << 40, int(rot.sum())) % sizes[pr]]
        # prompts and tokens: per account, sources by weight (a second set from the switch day)
        log("rendering prompts")
        src_of = np.zeros(E, np.int64)
        order = np.argsort(e_acc, kind="stable")
        bounds = np.searchsorted(e_acc[order], np.arange(N + 1))
        for i in range(N):
            lo, hi = bounds[i], bounds[i + 1]
            if lo == hi:
                continue
            ev = order[lo:hi]
            late = e_day[ev] >= A.switch_day[i] if A.sources2[i] is not None else np.zeros(len(ev), bool)
            for lst, m in ((A.sources[i], ~late), (A.sources2[i], late)):
                if lst is None:
                    continue
                sel = ev[m]
                if not len(sel):
                    continue
                w = np.array([x[1] for x in lst], float)
                src_of[sel] = np.array([x[0] for x in lst])[rng.choice(len(lst), len(sel), p=w / w.sum())]
        prompt = np.empty(E, object)
        tok = np.zeros(E, np.int64)
        so = np.argsort(src_of, kind="stable")
        sb = np.searchsorted(src_of[so], np.arange(len(self.sources) + 1))
        harvest = np.zeros(E, bool)
        for s in range(len(self.sources)):
            ev = so[sb[s]:sb[s + 1]]
            if not len(ev):
                continue
            p, t = self.sources[s].render(rng, len(ev))
            prompt[ev] = p
            tok[ev] = t
            harvest[ev] = self.sources[s].harvest
        # user agent, model, key
        u = rng.random(E)
        ua = np.empty(E, object)
        ua_first = np.array([x[0] for x in A.uas], object)
        ua_second = np.array([x[-1] for x in A.uas], object)
        ua[:] = np.where(u < .85, ua_first[e_acc], ua_second[e_acc])
        cm = np.cumsum(A.model_w, 1)[e_acc]
        mi = (rng.random(E)[:, None] > cm).sum(1).clip(0, 2)
        model = np.array(MODELS, object)[mi]
        nk = np.array([len(k) for k in A.keys])
        koff = np.concatenate([[0], np.cumsum(nk)])
        allk = np.array([k for ks in A.keys for k in ks] + [None], object)
        withk = (nk[e_acc] > 0) & (rng.random(E) < A.key_rate[e_acc])
        kidx = np.where(withk, koff[e_acc] + rng.integers(0, 1 << 30, E) % np.maximum(nk[e_acc], 1), len(allk) - 1)
        key = allk[kidx]
        # sort by time, then account
        o = np.lexsort((e_acc, ts))
        self.ev = {"acc": e_acc[o], "ts": ts[o], "ip": ip[o], "prompt": prompt[o], "ua": ua[o],
                   "tok": tok[o], "model": model[o], "key": key[o]}
        self.harvest_events = int(harvest.sum())

    # ------------------------------------------------------------------ output
    def ids(self):
        r = self.stream(4)
        seen, out = set(), []
        alpha = "0123456789abcdefghijklmnopqrstuvwxyz"
        while len(out) < self.N:
            x = int(r.integers(0, 36 ** 9))
            if x in seen:
                continue
            seen.add(x)
            s = ""
            for _ in range(9):
                s = alpha[x % 36] + s; x //= 36
            out.append("u" + s)
        return np.array(out, object)

    def write(self, out: Path, t0: float):
        A, ev = self.A, self.ev
        out.mkdir(parents=True, exist_ok=True)
        aid = self.ids()
        pay = A.payment[ev["acc"]]
        cols = {"account_id": pa.array(aid[ev["acc"]], pa.string()),
                "timestamp": pa.array(ev["ts"], pa.timestamp("ms", tz="UTC")),
                "ip": pa.array(ev["ip"], pa.string()),
                "payment_method": pa.array(pay, pa.string()),
                "prompt": pa.array(ev["prompt"], pa.string()),
                "user_agent": pa.array(ev["ua"], pa.string()),
                "output_tokens": pa.array(ev["tok"], pa.int64()),
                "model": pa.array(ev["model"], pa.string()),
                "api_key_id": pa.array(ev["key"], pa.string())}
        names = MINIMAL_COLS if self.args.minimal else EVENT_COLS
        tab = pa.table({k: cols[k] for k in names})
        pq.write_table(tab, out / "events.parquet", compression="zstd", row_group_size=500_000)
        if not self.args.minimal:
            acc = pd.DataFrame({"account_id": aid,
                                "created_at": pd.to_datetime(A.created, unit="ms", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "payment_method": A.payment, "email_domain": A.email, "country": A.country,
                                "org_id": A.org})
            acc.sort_values("account_id").to_csv(out / "accounts.csv", index=False)
        truth = pd.DataFrame({"account_id": aid, "is_ring": np.where(A.ring != "", "true", "false"),
                              "ring_id": A.ring, "cohort": A.cohort, "group_id": A.group})
        truth.sort_values("account_id").to_csv(out / "truth.csv", index=False)
        # world.json
        ev_per = np.bincount(ev["acc"], minlength=self.N)
        cohorts = {}
        for name in sorted(set(A.cohort)):
            m = A.cohort == name
            cohorts[name] = {"accounts": int(m.sum()), "events": int(ev_per[m].sum()), "ring": bool((A.ring[m] != "").any())}
        gsize = pd.Series(A.group).map(pd.Series(A.group).value_counts())
        benign = A.ring == ""
        grouped = benign & (A.group != "") & (gsize.to_numpy() >= 2)
        social = grouped & np.isin(A.cohort, ["household", "office_worker", "campus_student", "api_app", "ci_fleet",
                                              "school_class", "marketing_agency", "library_patron", "coworking_member",
                                              "night_shift"])
        R = int((~benign).sum())
        ips = pd.unique(ev["ip"])
        v6share_ev = float(np.mean([":" in x for x in ev["ip"][:: max(1, len(ev["ip"]) // 200000)]]))
        rings = []
        for m in self.rings_meta:
            rings.append({k: (v if not isinstance(v, np.generic) else v.item()) for k, v in m.items()})
        meta = {
            "generator": "benchmarks/world21.py",
            "params": {"accounts": self.N, "seed": self.args.seed, "ring_share": self.args.ring_share,
                       "ring_sizes": self.args.ring_sizes, "days": self.days, "minimal": bool(self.args.minimal),
                       "start": START.strftime("%Y-%m-%dT%H:%M:%SZ")},
            "platform": {"daily_limit": DAILY_LIMIT, "free_tier_daily_limit": FREE_DAILY_LIMIT,
                         "limit_day": "UTC calendar day", "refused_requests_not_logged": self.refused,
                         "ipv6_event_share": round(v6share_ev, 3), "models": MODELS,
                         "languages": sorted(LANG_WRAP), "eu_dst_end": str(EU_DST_END.date()),
                         "us_dst_end": str(US_DST_END.date())},
            "counts": {"accounts": self.N, "ring_accounts": R, "rings": len(self.rings_meta),
                       "events": int(len(ev["ts"])), "ring_events": int(ev_per[~benign].sum()),
                       "harvest_events": self.harvest_events, "distinct_ips": int(len(ips)),
                       "benign_group_accounts": int(grouped.sum()),
                       "benign_social_group_accounts": int(social.sum()),
                       "benign_group_accounts_per_ring_account": round(float(grouped.sum()) / max(R, 1), 1)},
            "cohorts": cohorts,
            "rings": rings,
            "reference_data": {"root": "$GRAPHHUNT_SHARED_DATA", "files": dict(sorted(self.ref.hashes.items()))},
            "generation_seconds": round(time.time() - t0, 1),
        }
        (out / "world.json").write_text(json.dumps(meta, indent=1, sort_keys=False) + "\n")
        return meta


def main(argv=None):
    global VERBOSE
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.003)
    ap.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], default="small")
    ap.add_argument("--days", type=int, default=DEFAULT_DAYS)
    ap.add_argument("--minimal", action="store_true")
    ap.add_argument("--out", default="world21_out")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.accounts < 100 or a.days < 7 or not (0 <= a.ring_share < .5):
        ap.error("need --accounts >= 100, --days >= 7 and 0 <= --ring-share < 0.5")
    VERBOSE = not a.quiet
    t0 = time.time()
    w = World(a)
    w.build()
    log(f"accounts built in {time.time() - t0:.1f}s")
    w.generate()
    log(f"events generated at {time.time() - t0:.1f}s")
    meta = w.write(Path(a.out), t0)
    log(f"wrote {meta['counts']['events']:,} events, {meta['counts']['ring_accounts']} ring accounts in "
        f"{meta['counts']['rings']} rings to {a.out} in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
