#!/usr/bin/env python3
"""World 22: a held-out synthetic LLM-API platform ("Tessel") with tiered daily limits, benign groups that share
payment, addresses, templates and schedules for legitimate reasons, and distillation rings that pace under the limits.

Standalone (numpy, pandas, pyarrow). Reads the shared reference data (prompts, promptsource templates, pyasn table,
VPN / datacenter / cloud / Tor lists) from $GRAPHHUNT_SHARED_DATA, else ../shared/data beside the checkout, else
/work/shared/data.

Usage:
  python3 benchmarks/world22.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR
Options:
  --accounts N        accounts (default 20000, at least 100)
  --seed S            seed (default 1); the files are byte-identical for the same arguments
  --ring-share F      exactly round(F * N) ring accounts (default 0.01)
  --ring-sizes K      small (rings of 3-15), mixed (~55 % of ring accounts in 3-15, ~30 % in 16-50, ~15 % in
                      51-200) or hydra (one reseller cluster of 72-83 % of ring accounts plus small rings)
  --days D            window length in days (default 28, 21-40 recommended, at least 7)
  --minimal           events with account_id, timestamp, ip, payment_method, prompt only; no accounts file
  --out DIR           output directory (events.parquet, accounts.csv, truth.csv, world.json)
  --quiet             no progress on stderr
Platform: daily request limits per UTC calendar day by plan: free 60, builder 320, scale 1,600 (accounts.csv
column `plan`); refused requests are not logged.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
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

START = pd.Timestamp("2028-03-06T00:00:00Z")          # a Monday
START_MS = START.value // 10**6
DAY_MS = 86_400_000
DEFAULT_DAYS = 28
LIMITS = {"free": 60, "builder": 320, "scale": 1600}
US_DST = (pd.Timestamp("2028-03-12T00:00:00Z") - START).days   # US clocks forward on Sunday 12 March
EU_DST = (pd.Timestamp("2028-03-26T00:00:00Z") - START).days   # EU clocks forward on Sunday 26 March
MODELS = ["tessel-2-large", "tessel-2-mini", "tessel-2-think"]
GENERATOR = "world22"

# ---------------------------------------------------------------- promptsource templates (a YAML-subset reader)

_ESC = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " ", "r": "\r", "0": "\0", "a": "\a",
        "b": "\b", "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029", "\t": "\t"}


def _dq_decode(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n in "xuU":
                w = {"x": 2, "u": 4, "U": 8}[n]
                out.append(chr(int(s[i + 2:i + 2 + w], 16)))
                i += 2 + w
                continue
            out.append(_ESC.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _dq_closed(s: str) -> bool:
    i = 1
    while i < len(s):
        if s[i] == "\\":
            i += 2
            continue
        if s[i] == '"':
            return True
        i += 1
    return False


def _sq_closed(s: str) -> bool:
    i = 1
    while i < len(s):
        if s[i] == "'":
            if i + 1 < len(s) and s[i + 1] == "'":
                i += 2
                continue
            return True
        i += 1
    return False


def _fold(lines: list[str], dq: bool) -> str:
    acc, pending = lines[0].rstrip(" ") if not dq else lines[0], 0
    for ln in lines[1:]:
        s = ln.strip(" \t")
        if s == "":
            pending += 1
            continue
        tail = len(acc) - len(acc.rstrip("\\"))
        if dq and tail % 2 == 1:
            acc = acc[:-1] + s
        elif pending:
            acc = _rstrip_unescaped(acc, dq) + "\n" * pending + s
        else:
            acc = _rstrip_unescaped(acc, dq) + " " + s
        pending = 0
    return acc


def _rstrip_unescaped(s: str, dq: bool) -> str:
    t = s.rstrip(" \t")
    if dq and len(t) < len(s):
        tail = len(t) - len(t.rstrip("\\"))
        if tail % 2 == 1:           # an escaped space at the end stays
            return t + s[len(t)]
    return t


def _scalar(first: str, more: list[str]) -> str:
    first = first.strip()
    if first.startswith('"'):
        lines = [first]
        it = iter(more)
        while not _dq_closed(_fold(lines, True)):
            lines.append(next(it))
        raw = _fold(lines, True)
        return _dq_decode(raw[1:raw.rfind('"')])
    if first.startswith("'"):
        lines = [first]
        it = iter(more)
        while not _sq_closed(_fold(lines, False)):
            lines.append(next(it))
        raw = _fold(lines, False)
        return raw[1:raw.rfind("'")].replace("''", "'")
    if first in ("|", "|-", "|+", ">", ">-"):
        body = [ln for ln in more]
        ind = min((len(ln) - len(ln.lstrip(" ")) for ln in body if ln.strip()), default=0)
        txt = "\n".join(ln[ind:] for ln in body)
        return txt if first.endswith("+") else (txt.rstrip("\n") + ("" if first.endswith("-") else "\n"))
    return _fold([first] + more, False) if first else ""


def read_templates(path: Path) -> list[dict]:
    """The templates of one promptsource templates.yaml: name, jinja, answer_choices (None when absent)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    out, cur, i = [], None, 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith("  ") and not ln.startswith("   ") and ln.rstrip().endswith("!Template"):
            cur = {"answer_choices": None, "jinja": "", "name": ""}
            out.append(cur)
            i += 1
            continue
        if cur is not None and ln.startswith("    ") and not ln.startswith("     "):
            key, _, rest = ln[4:].partition(":")
            if key in ("jinja", "answer_choices", "name"):
                j, r = i + 1, rest.strip()
                if r[:1] in ('"', "'"):          # a quoted scalar runs to its closing quote, whatever the indent
                    closed = _dq_closed if r[0] == '"' else _sq_closed
                    while not closed(_fold([r] + lines[i + 1:j], r[0] == '"')):
                        j += 1
                else:
                    while j < len(lines) and (lines[j].startswith("      ") or lines[j].strip() == ""):
                        j += 1
                more = lines[i + 1:j]
                while more and more[-1].strip() == "":
                    more.pop()
                val = _scalar(rest, more)
                cur[key] = None if (key == "answer_choices" and rest.strip() in ("null", "")) else val
                i = j
                continue
        i += 1
    return out

# ---------------------------------------------------------------- generated text

SUBJ = ["the committee", "a small bakery", "the river authority", "our sales team", "the new library", "a local farmer",
        "the city council", "the research group", "a flock of cranes", "the software update", "the hospital board",
        "a young violinist", "the school district", "the shipping company", "an old lighthouse", "the football club",
        "the museum", "a startup in Lisbon", "the regional grid operator", "the orchestra", "a family vineyard",
        "the ferry service", "the county court", "a mountain village", "the cycling federation", "a textile mill"]
VERB = ["announced", "postponed", "expanded", "questioned", "rebuilt", "measured", "reported", "celebrated", "reduced",
        "tested", "approved", "criticised", "discovered", "replaced", "funded", "delayed", "doubled", "audited"]
OBJ = ["its annual budget", "a plan for cleaner water", "the opening of a second site", "record rainfall in spring",
       "a shortage of volunteers", "new safety rules", "the results of a long study", "a partnership with two universities",
       "higher prices for grain", "a free evening course", "a delay in deliveries", "the first prototype",
       "an unusual migration pattern", "a drop in visitor numbers", "a contract worth 4 million euros",
       "a rooftop solar project", "the old timetable", "a shared parking scheme", "its hiring freeze"]
TAIL = ["after months of debate.", "despite strong opposition.", "earlier this week.", "according to local officials.",
        "for the third year in a row.", "which surprised many residents.", "as costs continued to rise.",
        "following a public consultation.", "before the summer season.", "in a statement on Tuesday.",
        "without giving a reason.", "to the relief of its members."]
NAMES = ["Amara", "Ben", "Chloe", "Diego", "Elif", "Farah", "Goran", "Hana", "Ivan", "Jonas", "Keiko", "Lucas",
         "Maya", "Nikhil", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yusuf", "Zoe"]
ADJ = ["Silent", "Northern", "Broken", "Golden", "Hidden", "Last", "Quiet", "Bright", "Distant", "Open", "Red", "Little"]
NOUN = ["Harbor", "Garden", "Archive", "Bridge", "Season", "Signal", "Orchard", "Station", "Letter", "Valley", "Engine"]
WORDS = ["yes", "no", "Paris", "1987", "photosynthesis", "the treaty", "seven", "blue", "a violin", "the north wall",
         "copper", "Tuesday", "the mayor", "42", "entailment", "neutral", "positive", "negative"]
ITEMS = ["notebooks", "apples", "tickets", "bolts", "cups of coffee", "bus passes", "seed packets", "lamps", "chairs"]
CODE_TASKS = ["parses an ISO 8601 date and returns the weekday", "merges two sorted lists without using sort",
              "finds the longest palindromic substring", "validates an IBAN checksum", "flattens a nested dictionary",
              "computes a rolling median over a stream", "detects a cycle in a directed graph",
              "implements an LRU cache with a fixed capacity", "converts Roman numerals to integers",
              "tokenises an arithmetic expression", "returns the k most frequent words in a text",
              "deduplicates records by fuzzy name match", "rate-limits calls with a token bucket",
              "serialises a binary tree to a string and back", "computes edit distance between two strings"]
CODE_EDGE = ["empty input", "unicode characters", "very large inputs", "negative numbers", "duplicate keys",
             "malformed lines", "concurrent callers", "time zones"]
LANGS_CODE = ["Python", "TypeScript", "Go", "Rust", "Java", "C#", "Kotlin", "SQL"]
ERRORS = ["KeyError", "a segmentation fault", "TypeError: undefined is not a function", "a deadlock",
          "an off-by-one result", "a 403 from the API", "NullPointerException", "a memory leak"]

COT_ASKS = ["Let's think step by step.", "Explain your reasoning step by step before giving the final answer.",
            "Show every intermediate step, then state the final answer on its own line.",
            "Think it through carefully and write out your full reasoning first.",
            "Walk through the solution in numbered steps and double-check each one.",
            "Before answering, reason about each option in turn and explain why it is right or wrong."]
LONG_ASKS = ["Answer in detail.", "Give a thorough explanation with an example.",
             "Be comprehensive and cover edge cases."]


def sentence(rng) -> str:
    s = SUBJ[rng.integers(len(SUBJ))]
    return f"{s[0].upper()}{s[1:]} {VERB[rng.integers(len(VERB))]} {OBJ[rng.integers(len(OBJ))]} {TAIL[rng.integers(len(TAIL))]}"


def passage(rng, lo=2, hi=5) -> str:
    return " ".join(sentence(rng) for _ in range(int(rng.integers(lo, hi))))


def question(rng) -> str:
    q = ["Why", "When", "How", "According to the passage, why"][rng.integers(4)]
    return f"{q} did {SUBJ[rng.integers(len(SUBJ))]} {['announce', 'postpone', 'expand', 'question', 'fund', 'test'][rng.integers(6)]} {OBJ[rng.integers(len(OBJ))]}?"


def math_problem(rng) -> str:
    a, b, c = (int(x) for x in rng.integers(2, 97, 3))
    n = NAMES[rng.integers(len(NAMES))]
    k = rng.integers(6)
    if k == 0:
        return f"A shop sells {ITEMS[rng.integers(len(ITEMS))]} at ${a} each. {n} buys {b} of them and pays with ${a * b + c}. How much change does {n} get?"
    if k == 1:
        return f"A train travels {a * 10} km in {b % 9 + 1} hours and then {c * 5} km in {a % 4 + 1} hours. What is its average speed over the whole trip?"
    if k == 2:
        return f"If 3x + {a} = {b * 3 + a}, and y = x^2 - {c}, what is y?"
    if k == 3:
        return f"{n} has {a + b} marbles, gives away {a} and then doubles what is left. How many marbles does {n} have now?"
    if k == 4:
        return f"The sum of two numbers is {a + b + c} and their difference is {abs(a + c - b)}. Find the two numbers."
    return f"A rectangle has a perimeter of {2 * (a + b)} cm and one side of {a} cm. What is its area?"


def code_task(rng) -> str:
    return f"Write a {LANGS_CODE[rng.integers(len(LANGS_CODE))]} function that {CODE_TASKS[rng.integers(len(CODE_TASKS))]}; handle {CODE_EDGE[rng.integers(len(CODE_EDGE))]}."


def title(rng) -> str:
    return f"The {ADJ[rng.integers(len(ADJ))]} {NOUN[rng.integers(len(NOUN))]}"


_SLOT_RULES = [
    (re.compile(r"code|func|program|snippet|docstring|nl|signature"), "code"),
    (re.compile(r"question|query|problem|prompt|claim|statement|goal|riddle|sentence1|sentence_1"), "question"),
    (re.compile(r"title|topic|name|entity|subject|category|target|relation|word|concept|label"), "title"),
    (re.compile(r"answer|option|choice|ending|sol\d|label|rationale|correct"), "answer"),
    (re.compile(r"\bsum|summary|highlight|abstract|tldr"), "passage_short"),
]


def slot_kind(expr: str) -> str:
    name = expr.lower()
    for rx, k in _SLOT_RULES:
        if rx.search(name):
            return k
    return "passage"


def fill(kind: str, cap: str, rng) -> str:
    if kind == "question":
        return math_problem(rng) if cap == "math" else code_task(rng) if cap == "code" else question(rng)
    if kind == "code":
        return code_task(rng) if cap != "math" else math_problem(rng)
    if kind == "title":
        return title(rng)
    if kind == "answer":
        return WORDS[rng.integers(len(WORDS))] if cap != "math" else str(int(rng.integers(2, 999)))
    if kind == "passage_short":
        return sentence(rng)
    if cap == "math":
        return math_problem(rng)
    return passage(rng)


_IF = re.compile(r"\{%-?\s*if\b[^%]*%\}((?:(?!\{%-?\s*if\b).)*?)\{%-?\s*endif\s*-?%\}", re.S)
_FOR = re.compile(r"\{%-?\s*for\b[^%]*%\}((?:(?!\{%-?\s*for\b).)*?)\{%-?\s*endfor\s*-?%\}", re.S)
_ELSE = re.compile(r"\{%-?\s*(?:elif|else)\b[^%]*%\}", re.S)
_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_EXPR = re.compile(r"\{\{(.*?)\}\}", re.S)
_LIT = re.compile(r"""^\s*(["'])(.*?)\1""", re.S)


def compile_template(jinja: str, choices: str | None) -> list:
    """The prompt part of a promptsource template as literal strings and slot kinds: if-blocks keep their first
    branch, loops their body once, {{ answer_choices }} become the choices, every other {{ expr }} a slot."""
    t = jinja.split("|||")[0]
    for rx, keep_first in ((_IF, True), (_FOR, False)):
        while True:
            t2 = rx.sub(lambda m: _ELSE.split(m.group(1))[0] if keep_first else m.group(1), t)
            if t2 == t:
                break
            t = t2
    t = _TAG.sub("", t)
    ch = [c.strip() for c in (choices or "").split("|||") if c.strip()]
    if any("{{" in c or "{%" in c for c in ch):          # choices that are expressions themselves: answer slots
        ch = []
    parts, pos = [], 0
    for m in _EXPR.finditer(t):
        parts.append(t[pos:m.start()])
        e = m.group(1).strip()
        lit = _LIT.match(e)
        if lit:
            parts.append(lit.group(2))
        elif "answer_choices" in e:
            idx = re.search(r"answer_choices\s*\[\s*(\d+)\s*\]", e)
            if ch:
                parts.append(ch[int(idx.group(1)) % len(ch)] if idx else ", ".join(ch[:-1]) + " or " + ch[-1] if len(ch) > 1 else ch[0])
            else:
                parts += [("slot", "answer"), ", ", ("slot", "answer"), " or ", ("slot", "answer")] if not idx else [("slot", "answer")]
        else:
            parts.append(("slot", slot_kind(re.split(r"[\s|.\[(]", e)[0] or e)))
        pos = m.end()
    parts.append(t[pos:])
    out = []
    for p in parts:
        if isinstance(p, str):
            if p and out and isinstance(out[-1], str):
                out[-1] += p
            elif p:
                out.append(p)
        else:
            out.append(p)
    return out


def render(parts: list, cap: str, rng) -> str:
    s = "".join(p if isinstance(p, str) else fill(p[1], cap, rng) for p in parts)
    s = re.sub(r"[ \t]+\n", "\n", s)
    s = re.sub(r"\n{3,}", "\n\n", s).strip()
    return s


# chat in other languages: short phrase patterns with topics
LANG_CHAT = {
    "es": (["¿Cómo puedo mejorar {t}?", "Explícame qué es {t} en pocas palabras.", "Escribe un correo a {p} sobre {t}.",
            "Dame cinco ideas para {t}.", "¿Cuál es la diferencia entre {t} y {u}?", "Resume en tres puntos {t}."],
           ["la fotosíntesis", "un presupuesto familiar", "la inflación", "una receta de paella", "el teletrabajo",
            "las energías renovables", "mi currículum", "la revolución francesa", "el aprendizaje automático",
            "una dieta equilibrada", "el alquiler de un piso", "la declaración de la renta"], ["mi jefe", "el casero", "la profesora"]),
    "pt": (["Como posso melhorar {t}?", "Explique o que é {t} de forma simples.", "Escreva um e-mail para {p} sobre {t}.",
            "Me dê cinco ideias para {t}.", "Qual a diferença entre {t} e {u}?", "Resuma {t} em três tópicos."],
           ["a fotossíntese", "o orçamento da casa", "a inflação", "uma receita de feijoada", "o trabalho remoto",
            "a energia solar", "meu currículo", "a independência do Brasil", "o aprendizado de máquina",
            "uma dieta saudável", "o aluguel de um apartamento", "o imposto de renda"], ["meu chefe", "o síndico", "a professora"]),
    "de": (["Wie kann ich {t} verbessern?", "Erkläre mir kurz, was {t} ist.", "Schreib eine E-Mail an {p} wegen {t}.",
            "Gib mir fünf Ideen für {t}.", "Was ist der Unterschied zwischen {t} und {u}?", "Fasse {t} in drei Punkten zusammen."],
           ["die Photosynthese", "das Haushaltsbudget", "die Inflation", "ein Rezept für Spätzle", "das Homeoffice",
            "erneuerbare Energien", "meinen Lebenslauf", "die Weimarer Republik", "maschinelles Lernen",
            "gesunde Ernährung", "die Nebenkostenabrechnung", "die Steuererklärung"], ["meinen Chef", "den Vermieter", "die Lehrerin"]),
    "fr": (["Comment puis-je améliorer {t} ?", "Explique-moi simplement ce qu'est {t}.", "Écris un e-mail à {p} au sujet de {t}.",
            "Donne-moi cinq idées pour {t}.", "Quelle est la différence entre {t} et {u} ?", "Résume {t} en trois points."],
           ["la photosynthèse", "le budget familial", "l'inflation", "une recette de ratatouille", "le télétravail",
            "les énergies renouvelables", "mon CV", "la Révolution française", "l'apprentissage automatique",
            "une alimentation équilibrée", "la location d'un appartement", "la déclaration d'impôts"], ["mon chef", "le propriétaire", "la professeure"]),
    "ja": (["{t}を改善するにはどうすればいいですか？", "{t}とは何か簡単に説明してください。", "{p}に{t}についてのメールを書いてください。",
            "{t}のアイデアを5つください。", "{t}と{u}の違いは何ですか？", "{t}を3つのポイントで要約してください。"],
           ["光合成", "家計の予算", "インフレ", "カレーのレシピ", "在宅勤務", "再生可能エネルギー", "履歴書", "明治維新",
            "機械学習", "健康的な食事", "部屋探し", "確定申告"], ["上司", "大家さん", "先生"]),
    "id": (["Bagaimana cara meningkatkan {t}?", "Jelaskan secara singkat apa itu {t}.", "Tuliskan email kepada {p} tentang {t}.",
            "Beri saya lima ide untuk {t}.", "Apa perbedaan antara {t} dan {u}?", "Ringkas {t} dalam tiga poin."],
           ["fotosintesis", "anggaran rumah tangga", "inflasi", "resep nasi goreng", "kerja jarak jauh", "energi terbarukan",
            "CV saya", "sejarah kemerdekaan", "pembelajaran mesin", "pola makan sehat", "sewa kos", "pajak penghasilan"], ["atasan saya", "pemilik kos", "guru"]),
    "pl": (["Jak mogę poprawić {t}?", "Wyjaśnij krótko, czym jest {t}.", "Napisz e-mail do {p} w sprawie {t}.",
            "Podaj pięć pomysłów na {t}.", "Jaka jest różnica między {t} a {u}?", "Streść {t} w trzech punktach."],
           ["fotosynteza", "budżet domowy", "inflacja", "przepis na pierogi", "praca zdalna", "odnawialne źródła energii",
            "moje CV", "historia Polski", "uczenie maszynowe", "zdrowa dieta", "wynajem mieszkania", "zeznanie podatkowe"], ["szefa", "właściciela", "nauczycielki"]),
    "it": (["Come posso migliorare {t}?", "Spiegami in breve cos'è {t}.", "Scrivi una e-mail a {p} riguardo {t}.",
            "Dammi cinque idee per {t}.", "Qual è la differenza tra {t} e {u}?", "Riassumi {t} in tre punti."],
           ["la fotosintesi", "il bilancio familiare", "l'inflazione", "una ricetta di risotto", "il lavoro da remoto",
            "le energie rinnovabili", "il mio curriculum", "il Risorgimento", "l'apprendimento automatico",
            "una dieta equilibrata", "l'affitto di casa", "la dichiarazione dei redditi"], ["il mio capo", "il proprietario", "la professoressa"]),
}
EN_CHAT = ["How do I {v} {t}?", "Explain {t} like I'm twelve.", "Write a short email to {p} about {t}.",
           "Give me five ideas for {t}.", "What's the difference between {t} and {u}?", "Summarize {t} in three bullet points.",
           "Is it a good idea to {v} {t}?", "Help me plan {t} for next week.", "Proofread this: {s}", "Can you rephrase this more politely? {s}"]
EN_TOPICS = ["a birthday party", "my monthly budget", "photosynthesis", "a cover letter", "a trip to Lisbon",
             "sourdough bread", "a job interview", "the French Revolution", "compound interest", "a marathon training plan",
             "a garden bed", "a landlord dispute", "a wedding toast", "my sleep schedule", "a science fair project",
             "a podcast intro", "a small business logo", "a lasagna recipe", "a performance review", "electric cars"]
EN_VERBS = ["organise", "improve", "start", "fix", "explain", "prepare for", "write"]
EN_PEOPLE = ["my manager", "a customer", "my neighbour", "the school", "my landlord", "a recruiter"]

# the same arithmetic problems in eight languages (persona shards translate one question set)
MATH_I18N = {
    "en": ("{n} buys {b} items at {a} each and pays with {m}. How much change is left?", "Give the final result after 'FINAL:'."),
    "es": ("{n} compra {b} artículos a {a} cada uno y paga con {m}. ¿Cuánto cambio le queda?", "Da el resultado final después de 'FINAL:'."),
    "pt": ("{n} compra {b} itens a {a} cada e paga com {m}. Quanto sobra de troco?", "Dê o resultado final depois de 'FINAL:'."),
    "de": ("{n} kauft {b} Artikel zu je {a} und zahlt mit {m}. Wie viel Wechselgeld bleibt?", "Gib das Endergebnis nach 'FINAL:' an."),
    "fr": ("{n} achète {b} articles à {a} chacun et paie avec {m}. Combien de monnaie reste-t-il ?", "Donne le résultat final après 'FINAL:'."),
    "ja": ("{n}さんは1個{a}の品物を{b}個買い、{m}で支払いました。おつりはいくらですか？", "最終結果は'FINAL:'の後に書いてください。"),
    "id": ("{n} membeli {b} barang seharga {a} per buah dan membayar {m}. Berapa kembaliannya?", "Tulis hasil akhir setelah 'FINAL:'."),
    "pl": ("{n} kupuje {b} sztuk po {a} i płaci {m}. Ile reszty zostaje?", "Podaj wynik końcowy po 'FINAL:'."),
    "it": ("{n} compra {b} articoli a {a} ciascuno e paga con {m}. Quanto resto riceve?", "Scrivi il risultato finale dopo 'FINAL:'."),
}
MATH_I18N_COT = {"en": "Reason step by step.", "es": "Razona paso a paso.", "pt": "Raciocine passo a passo.",
                 "de": "Denke Schritt für Schritt.", "fr": "Raisonne étape par étape.", "ja": "段階的に考えてください。",
                 "id": "Berpikirlah langkah demi langkah.", "pl": "Rozumuj krok po kroku.", "it": "Ragiona passo dopo passo."}

# ---------------------------------------------------------------- reference data

COUNTRIES = {  # code: language, UTC offset (standard time) choices, DST rule, weight
    "US": ("en", (-5, -6, -7, -8), "us", .28), "GB": ("en", (0,), "eu", .07), "CA": ("en", (-5, -8), "us", .04),
    "IN": ("en", (5.5,), None, .07), "NG": ("en", (1,), None, .02), "DE": ("de", (1,), "eu", .07),
    "FR": ("fr", (1,), "eu", .06), "ES": ("es", (1,), "eu", .05), "MX": ("es", (-6,), None, .05),
    "BR": ("pt", (-3,), None, .07), "JP": ("ja", (9,), None, .06), "ID": ("id", (7,), None, .05),
    "PL": ("pl", (1,), "eu", .04), "IT": ("it", (1,), "eu", .04), "AU": ("en", (10,), None, .03),
}
CC = list(COUNTRIES)
CC_P = np.array([COUNTRIES[c][3] for c in CC]) / sum(COUNTRIES[c][3] for c in CC)
V6_FIRST = {"US": 0x2600, "CA": 0x2600, "GB": 0x2a00, "DE": 0x2a02, "FR": 0x2a01, "ES": 0x2a0c, "PL": 0x2a02,
            "IT": 0x2a04, "IN": 0x2401, "JP": 0x2400, "ID": 0x2404, "AU": 0x2403, "BR": 0x2804, "MX": 0x2806,
            "NG": 0x2c0f}
HOSTING_WORDS = ("HOST", "CLOUD", "DATA", "SERVER", "VPS", "COLO", "DEDI", "AMAZON", "GOOGLE", "MICROSOFT",
                 "HETZNER", "OVH", "DIGITALOCEAN", "LINODE", "AKAMAI", "LEASEWEB", "CDN", "NETWORK SOLUTIONS")
MOBILE_WORDS = ("MOBILE", "WIRELESS", "CELLULAR", "TELKOMSEL", "VODAFONE", "MOVISTAR", "CLARO", "AIRTEL", "RELIANCE JIO",
                "DOCOMO", "SOFTBANK", "KDDI", "POLKOMTEL", "P4 ", "VIVO", "MTN", "WIND TRE", "TELSTRA", "ROGERS", "INDOSAT")
UNI_WORDS = ("UNIVERSITY", "UNIVERSIDAD", "UNIVERSITAET", "UNIVERSITAT", "UNIVERSITE", "UNIVERSIDADE", "UNIVERSITA",
             "INSTITUTE OF TECHNOLOGY", "UNIWERSYTET", "POLITECHNIKA", "DAIGAKU", "UNIVERSITAS")


class Ref:
    """Reads the reference files and records each one's sha256."""

    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, str] = {}

    def read(self, rel: str) -> bytes:
        b = (self.root / rel).read_bytes()
        self.files[rel] = hashlib.sha256(b).hexdigest()
        return b

    def cidrs(self, rel: str) -> np.ndarray:
        nets = []
        for ln in self.read(rel).decode().splitlines():
            ln = ln.split("#")[0].strip()
            if not ln or ":" in ln:
                continue
            n = ipaddress.ip_network(ln if "/" in ln else ln + "/32", strict=False)
            nets.append((int(n.network_address), n.prefixlen))
        return np.array(nets, dtype=np.int64).reshape(-1, 2)


def load_reference(root: Path) -> dict:
    ref = Ref(root)
    R: dict = {"ref": ref}
    df = pd.read_csv(io.BytesIO(ref.read("prompts/awesome-chatgpt-prompts.csv")), dtype=str, keep_default_na=False)
    chat, dev = [], []
    for p, fd in zip(df["prompt"], df["for_devs"]):
        p = " ".join(p.split())[:4000]
        if len(p) < 20:
            continue
        sents = re.split(r"(?<=[.!?])\s+", p)
        (dev if fd.upper() == "TRUE" else chat).append(p)
        for k in (1, 2, 3):
            if len(sents) > k:
                (dev if fd.upper() == "TRUE" else chat).append(" ".join(sents[:k]))
    R["awesome_chat"], R["awesome_dev"] = chat, dev
    tdir = root / "prompts" / "promptsource-templates"
    ref.read("prompts/promptsource-templates/LICENSE") if (tdir / "LICENSE").exists() else None
    tpls: dict[str, list] = {}
    for f in sorted(tdir.rglob("templates.yaml"), key=lambda p: p.as_posix()):
        rel = f.relative_to(root).as_posix()
        ref.read(rel)
        ds = f.parent.relative_to(tdir).parts[0]
        for t in read_templates(f):
            parts = compile_template(t["jinja"], t["answer_choices"])
            if any(not isinstance(p, str) for p in parts) and len("".join(p for p in parts if isinstance(p, str))) > 8:
                tpls.setdefault(ds, []).append(parts)
    R["templates"] = tpls
    raw = gzip.decompress(ref.read("ip/pyasn/ipasn_20140513.dat.gz")).decode()
    tab = pd.read_csv(io.StringIO(raw), sep="\t", comment=";", names=["prefix", "asn"], dtype={"prefix": str, "asn": np.int64})
    pp = tab["prefix"].str.split("/", expand=True)
    o = pp[0].str.split(".", expand=True).astype(np.int64).to_numpy()
    tab["net"] = (o[:, 0] << 24) | (o[:, 1] << 16) | (o[:, 2] << 8) | o[:, 3]
    tab["len"] = pp[1].astype(np.int64)
    tab = tab[(tab["len"] >= 8) & (tab["len"] <= 24)]
    names = json.loads(gzip.decompress(ref.read("ip/pyasn/asnames.json.gz")).decode())
    counts = tab.groupby("asn").size()
    tab = tab.sort_values(["asn", "net"], kind="stable")
    asn_v, nl = tab["asn"].to_numpy(), tab[["net", "len"]].to_numpy()
    cut = np.flatnonzero(np.diff(asn_v)) + 1
    R["as_prefixes"] = {int(asn_v[s]): blk for s, blk in zip(np.r_[0, cut], np.split(nl, cut))}
    by_cc: dict[str, dict[str, list]] = {c: {"isp": [], "mobile": [], "uni": []} for c in CC}
    for a in sorted(counts.index):
        nm = names.get(str(a), "")
        cc = nm.rsplit(",", 1)[-1].strip() if "," in nm else ""
        if cc not in by_cc:
            continue
        up = nm.upper()
        if any(w in up for w in HOSTING_WORDS):
            continue
        n = int(counts[a])
        if any(w in up for w in UNI_WORDS):
            by_cc[cc]["uni"].append((n, a, nm))
        elif any(w in up for w in MOBILE_WORDS):
            by_cc[cc]["mobile"].append((n, a, nm))
        elif n >= 12:
            by_cc[cc]["isp"].append((n, a, nm))
    for cc in CC:
        for k, top in (("isp", 12), ("mobile", 4), ("uni", 40)):
            lst = sorted(by_cc[cc][k], key=lambda x: (-x[0], x[1]))[:top]
            by_cc[cc][k] = [(a, nm) for _, a, nm in lst]
        if not by_cc[cc]["mobile"]:
            by_cc[cc]["mobile"] = by_cc[cc]["isp"][:2]
    R["by_cc"] = by_cc
    R["as_names"] = {a: names.get(str(a), "") for a in counts.index}
    R["vpn"] = ref.cidrs("ip/vpn/x4b_vpn_ipv4.txt")
    R["dc"] = ref.cidrs("ip/vpn/x4b_datacenter_ipv4.txt")
    ref.read("ip/vpn/x4b_vpn_ASN.txt")
    R["cloud"] = {p: ref.cidrs(f"ip/cloud/{p}/ipv4_merged.txt")
                  for p in ("amazon", "google", "microsoft", "digitalocean", "linode", "oracle", "github", "cloudflare", "facebook")}
    R["tor"] = [ln.strip() for ln in ref.read("ip/tor/tor-exit-nodes.lst").decode().splitlines() if ln.strip() and ":" not in ln]
    return R


def v4(x: int) -> str:
    return f"{(x >> 24) & 255}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}"


def v6(x: int) -> str:
    return ipaddress.IPv6Address(x).compressed


def pick_in(rng, nets: np.ndarray, n: int = 1, block24: bool = False) -> list[int]:
    """n addresses from random prefixes of nets (host part never .0 / .255); block24: all in one /24 of one prefix."""
    out = []
    if block24:
        net, ln = nets[rng.integers(len(nets))]
        ln = min(int(ln), 24)
        base = int(net) + (int(rng.integers(0, 1 << (24 - ln))) << 8 if ln < 24 else 0)
        hosts = rng.choice(np.arange(2, 254), size=min(n, 252), replace=False)
        return [base + int(h) for h in hosts]
    for _ in range(n):
        net, ln = nets[rng.integers(len(nets))]
        size = 1 << (32 - int(ln))
        if size <= 4:
            out.append(int(net) + int(rng.integers(0, size)))
            continue
        while True:
            x = int(net) + int(rng.integers(1, size - 1))
            if 0 < (x & 255) < 255:
                break
        out.append(x)
    return out

# ---------------------------------------------------------------- the world

CAPS = {
    "math": ["math_qa", "aqua_rat", "math_dataset"],
    "reasoning": ["ai2_arc", "openbookqa", "commonsense_qa", "cos_e", "qasc", "sciq", "quartz", "quarel", "piqa",
                  "social_i_qa", "riddle_sense", "winogrande", "hellaswag", "codah", "swag", "wiqa"],
    "reading": ["squad", "squad_v2", "quoref", "ropes", "drop", "race", "quail", "cosmos_qa", "dream", "coqa", "duorc",
                "adversarial_qa", "quac", "hotpot_qa", "wiki_hop"],
    "code": ["openai_humaneval", "code_x_glue_tc_text_to_code", "great_code", "neural_code_search", "conala"],
    "summarise": ["xsum", "cnn_dailymail", "samsum", "gigaword", "multi_news", "scitldr", "billsum", "aeslc"],
    "medical": ["pubmed_qa", "head_qa", "medical_questions_pairs", "health_fact", "covid_qa_castorini", "medal"],
    "nli": ["anli", "snli", "multi_nli", "xnli", "hans", "scitail", "super_glue", "glue"],
    "classify": ["amazon_polarity", "yelp_polarity", "imdb", "app_reviews", "banking77", "emotion", "ag_news",
                 "tweet_eval", "trec", "sms_spam", "financial_phrasebank", "rotten_tomatoes", "yahoo_answers_topics"],
}
CONSUMER_MAIL = {"US": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"], "GB": ["gmail.com", "outlook.com", "btinternet.com"],
                 "CA": ["gmail.com", "outlook.com"], "IN": ["gmail.com", "rediffmail.com", "outlook.com"],
                 "NG": ["gmail.com", "yahoo.com"], "DE": ["gmx.de", "web.de", "gmail.com", "t-online.de"],
                 "FR": ["orange.fr", "gmail.com", "free.fr"], "ES": ["gmail.com", "hotmail.es"], "MX": ["gmail.com", "hotmail.com"],
                 "BR": ["gmail.com", "uol.com.br", "hotmail.com"], "JP": ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"],
                 "ID": ["gmail.com", "yahoo.co.id"], "PL": ["wp.pl", "onet.pl", "gmail.com"], "IT": ["libero.it", "gmail.com"],
                 "AU": ["gmail.com", "bigpond.com"]}
SYL = ["ar", "vel", "to", "mi", "ra", "kin", "sol", "na", "ber", "lo", "cen", "dra", "fi", "gal", "ho", "ix", "jun", "ka",
       "lum", "mor", "nex", "or", "pel", "qu", "ros", "sen", "tal", "ur", "vik", "wen", "yor", "zen"]
TLD = {"US": "com", "GB": "co.uk", "CA": "ca", "IN": "in", "NG": "ng", "DE": "de", "FR": "fr", "ES": "es", "MX": "mx",
       "BR": "com.br", "JP": "co.jp", "ID": "co.id", "PL": "pl", "IT": "it", "AU": "com.au"}


def hours(*peaks, floor=.02, width=1.6):
    """A 24-hour local activity profile: gaussian bumps (hour, weight) on a floor."""
    h = np.arange(24)
    w = np.full(24, floor)
    for c, wt in peaks:
        d = np.minimum(np.abs(h - c), 24 - np.abs(h - c))
        w += wt * np.exp(-.5 * (d / width) ** 2)
    return w / w.sum()


PROFILE = {
    "evening": hours((20, 1), (13, .4), floor=.01), "office": hours((10, 1), (15, .9), floor=.003, width=1.8),
    "student": hours((11, .7), (15, .6), (22, 1), floor=.01), "mobile": hours((8, .5), (13, .6), (21, 1), floor=.01),
    "flatday": hours((12, 1), floor=.15, width=5), "night": hours((23, 1), (3, .8), floor=.02),
}


class World:
    def __init__(self, a, R, log):
        self.a, self.R, self.log = a, R, log
        self.N, self.D = a.accounts, a.days
        self.rng = np.random.default_rng([a.seed, 22022])
        self.ip_id: dict[str, int] = {}
        self.ips: list[str] = []
        self.prompts: list[str] = []
        self.pmult: list[float] = []
        self.ua_id: dict[str, int] = {}
        self.uas: list[str] = []
        self.keys: list[str] = []
        self.acc: list[dict] = []
        self.ev: dict[str, list] = {k: [] for k in ("a", "t", "ip", "p", "ua", "tok", "m", "key")}
        self.refused = 0
        self.rings: list[dict] = []
        self.groups: dict[str, dict] = {}
        self.cache: dict = {}
        self._pools()

    # ---- registries
    def ip(self, s: str) -> int:
        i = self.ip_id.get(s)
        if i is None:
            i = self.ip_id[s] = len(self.ips)
            self.ips.append(s)
        return i

    def ip4s(self, xs) -> list[int]:
        return [self.ip(v4(x)) for x in xs]

    def prompt(self, s: str, mult: float = 1.0) -> int:
        self.prompts.append(s)
        self.pmult.append(mult)
        return len(self.prompts) - 1

    def ua(self, s: str) -> int:
        i = self.ua_id.get(s)
        if i is None:
            i = self.ua_id[s] = len(self.uas)
            self.uas.append(s)
        return i

    def key(self) -> int:
        self.keys.append("key_" + "".join(f"{x:02x}" for x in self.rng.integers(0, 256, 10)))
        return len(self.keys) - 1

    def token(self, prefix="pm_") -> str:
        return prefix + "".join(f"{x:02x}" for x in self.rng.integers(0, 256, 8))

    def domain(self, cc: str, kind="") -> str:
        r = self.rng
        return "".join(SYL[r.integers(len(SYL))] for _ in range(int(r.integers(2, 4)))) + kind + "." + TLD.get(cc, "com")

    # ---- pools of benign prompt text
    def _pools(self):
        r, R = self.rng, self.R
        ids = [self.prompt(p) for p in R["awesome_chat"]]
        for _ in range(6000):
            f = EN_CHAT[r.integers(len(EN_CHAT))]
            ids.append(self.prompt(f.format(v=EN_VERBS[r.integers(len(EN_VERBS))], t=EN_TOPICS[r.integers(len(EN_TOPICS))],
                                            u=EN_TOPICS[r.integers(len(EN_TOPICS))], p=EN_PEOPLE[r.integers(len(EN_PEOPLE))],
                                            s=sentence(r))))
        self.chat = {"en": np.array(ids)}
        for lang, (pats, topics, people) in LANG_CHAT.items():
            self.chat[lang] = np.array([self.prompt(pats[r.integers(len(pats))].format(
                t=topics[r.integers(len(topics))], u=topics[r.integers(len(topics))], p=people[r.integers(len(people))]))
                for _ in range(1500)])
        dev = [self.prompt(p) for p in R["awesome_dev"]]
        for _ in range(4000):
            k = r.integers(3)
            lang = LANGS_CODE[r.integers(len(LANGS_CODE))]
            dev.append(self.prompt(code_task(r) if k == 0 else
                                   f"Why does my {lang} code give {ERRORS[r.integers(len(ERRORS))]} when it {CODE_TASKS[r.integers(len(CODE_TASKS))].split(' and ')[0]}?"
                                   if k == 1 else f"Review this {lang} approach: a function that {CODE_TASKS[r.integers(len(CODE_TASKS))]}. What would you change?"))
        self.dev = np.array(dev)
        hw = []
        for _ in range(4000):
            k = r.integers(4)
            if k == 0:
                hw.append(self.prompt(math_problem(r) + " Explain step by step.", 2.2))
            elif k == 1:
                hw.append(self.prompt(math_problem(r)))
            elif k == 2:
                hw.append(self.prompt(f"Help me outline an essay on {EN_TOPICS[r.integers(len(EN_TOPICS))]} for my {['history', 'economics', 'biology', 'literature'][r.integers(4)]} class."))
            else:
                hw.append(self.prompt(f"Summarise this reading for my notes: {passage(r)}"))
        self.homework = np.array(hw)

    def templates(self, cap: str) -> list:
        out = []
        for ds in CAPS[cap]:
            out += self.R["templates"].get(ds, [])
        return out

    def harvest_pool(self, cap: str, n: int, cot: float, ntpl=(2, 6), wrap=("", ""), longp=.15, rng=None) -> np.ndarray:
        r = rng or self.rng
        tp = self.templates(cap)
        chosen = [tp[i] for i in r.choice(len(tp), size=min(len(tp), int(r.integers(*ntpl))), replace=False)]
        ids = []
        cot_ask = COT_ASKS[r.integers(len(COT_ASKS))]
        for _ in range(n):
            s = render(chosen[r.integers(len(chosen))], cap, r)
            m = 1.0
            if r.random() < cot:
                s, m = s + "\n\n" + (cot_ask if r.random() < .8 else COT_ASKS[r.integers(len(COT_ASKS))]), 2.7
            if r.random() < longp:
                s, m = s + " " + LONG_ASKS[r.integers(len(LONG_ASKS))], m * 1.7
            ids.append(self.prompt(wrap[0] + s + wrap[1], m))
        return np.array(ids)

    # ---- accounts
    def account(self, cohort, group="", cc=None, plan="builder", pay=None, email=None, org="", created=None,
                ring="", lang=None, tz=None) -> int:
        r = self.rng
        cc = cc or CC[r.choice(len(CC), p=CC_P)]
        lang = lang or (COUNTRIES[cc][0] if r.random() < .8 else "en")
        offs = COUNTRIES[cc][1]
        tzv = tz if tz is not None else float(offs[r.integers(len(offs))])
        if plan == "free":
            pay = None
        elif pay is None:
            pay = self.token()
        if created is None:
            created = -float(r.uniform(2, 720)) * 86400
        if email is None:
            m = CONSUMER_MAIL[cc]
            email = m[r.integers(len(m))]
        self.acc.append(dict(cohort=cohort, group=group, cc=cc, plan=plan, pay=pay, email=email, org=org,
                             created=created, ring=ring, lang=lang, tz=tzv, dst=COUNTRIES[cc][2]))
        return len(self.acc) - 1

    # ---- time
    def offset_h(self, a: int, day: np.ndarray) -> np.ndarray:
        A = self.acc[a]
        o = np.full(day.shape, A["tz"], dtype=float)
        if A["dst"] == "us":
            o += day >= US_DST
        elif A["dst"] == "eu":
            o += day >= EU_DST
        return o

    def days_counts(self, p_active, mean, weekend=1.0, k=1.5, days=None) -> np.ndarray:
        r = self.rng
        D = self.D
        dow = np.arange(D) % 7
        p = np.clip(p_active * np.where(dow >= 5, weekend, 1.0), 0, 1)
        act = r.random(D) < p
        if days is not None:
            act &= days
        lam = r.gamma(k, mean / k, D)
        return np.where(act, 1 + r.poisson(np.maximum(lam - 1, 0)), 0)

    def t_sessions(self, a, counts, prof, gap=80.0, spr=6.0) -> np.ndarray:
        r = self.rng
        D = len(counts)
        n = int(counts.sum())
        if n == 0:
            return np.zeros(0)
        ns = np.minimum(counts, 1 + r.poisson(np.maximum(counts - 1, 0) / spr))
        S = int(ns.sum())
        sday = np.repeat(np.arange(D), ns)
        sstart = r.choice(24, size=S, p=prof) * 3600 + r.uniform(0, 3600, S)
        day = np.repeat(np.arange(D), counts)
        first = np.cumsum(ns) - ns
        es = first[day] + np.floor(r.random(n) * ns[day]).astype(np.int64)
        o = np.argsort(es, kind="stable")
        es = es[o]
        g = r.exponential(gap, n)
        cs = np.cumsum(g)
        start = np.r_[True, es[1:] != es[:-1]]
        base = np.maximum.accumulate(np.where(start, cs - g, 0))
        local = sstart[es] + (cs - base - g)
        d = sday[es]
        return d * 86400.0 + local - self.offset_h(a, d) * 3600

    def t_window(self, a, counts, h0, h1) -> np.ndarray:
        """Uniform times between local hours h0 and h1 (h1 may pass midnight)."""
        r = self.rng
        day = np.repeat(np.arange(len(counts)), counts)
        local = (h0 + r.random(len(day)) * (h1 - h0)) * 3600
        return day * 86400.0 + local - self.offset_h(a, day) * 3600

    def t_flat(self, counts, lo=0.0, hi=24.0) -> np.ndarray:
        day = np.repeat(np.arange(len(counts)), counts)
        return day * 86400.0 + (lo + self.rng.random(len(day)) * (hi - lo)) * 3600

    def finish(self, a, t) -> np.ndarray:
        """Sorted event times in ms from the window start: inside the window, after sign-up, under the plan limit."""
        A = self.acc[a]
        t = np.sort(np.asarray(t, dtype=float))
        t = t[(t >= max(0.0, A["created"] + 60)) & (t < self.D * 86400)]
        ms = np.floor(t * 1000).astype(np.int64)
        if len(ms):
            day = ms // DAY_MS
            start = np.r_[True, day[1:] != day[:-1]]
            idx = np.arange(len(ms))
            rank = idx - np.maximum.accumulate(np.where(start, idx, 0))
            keep = rank < LIMITS[A["plan"]]
            self.refused += int((~keep).sum())
            ms = ms[keep]
        return ms

    # ---- addresses
    def as_addr(self, asn: int, n=1, block24=False) -> list[int]:
        return pick_in(self.rng, self.R["as_prefixes"][asn], n, block24)

    def v6base(self, asn: int, cc: str) -> int:
        g = np.random.default_rng([asn, 6])
        return (V6_FIRST.get(cc, 0x2a00) + int(g.integers(0, 16))) << 112 | int(g.integers(0, 1 << 16)) << 96

    def isp(self, cc):
        lst = self.R["by_cc"][cc]["isp"] or self.R["by_cc"]["US"]["isp"]
        return lst[self.rng.integers(len(lst))][0]

    def home(self, cc, p6=None) -> dict:
        r = self.rng
        asn = self.isp(cc)
        v4s = self.ip4s(self.as_addr(asn))
        lease = [(0, v4s[0])]
        if r.random() < .25:                           # re-leased once in the window
            lease.append((int(r.integers(1, self.D)), self.ip4s(self.as_addr(asn))[0]))
        if p6 is None:
            p6 = .5 if r.random() < .55 else 0.0
        return dict(lease=lease, v6=self.v6base(asn, cc) | int(r.integers(0, 1 << 24)) << 72, p6=p6, devs=0, asn=asn)

    def home_ips(self, a, t, h) -> np.ndarray:
        r = self.rng
        day = t // DAY_MS
        out = np.full(len(t), h["lease"][0][1], dtype=np.int64)
        for d0, i in h["lease"][1:]:
            out[day >= d0] = i
        if h["p6"] > 0:
            dev = h.setdefault("dev_of", {}).get(a)
            if dev is None:
                dev = h["dev_of"][a] = h["v6"] | (len(h["dev_of"]) << 64)
            m = r.random(len(t)) < h["p6"]
            if m.any():
                out[m] = self.v6_daily(a, day[m], dev)
        return out

    def v6_daily(self, a, day, prefix64) -> np.ndarray:
        u = np.unique(day)
        g = np.random.default_rng([self.a.seed, a, 64])
        iids = {int(d): self.ip(v6(prefix64 | int(g.integers(1, 1 << 62)) | (1 << 62))) for d in u}
        return np.array([iids[int(d)] for d in day], dtype=np.int64)

    def sticky(self, t, pool, per_s=3600, weights=None) -> np.ndarray:
        key = t // (per_s * 1000)
        u, inv = np.unique(key, return_inverse=True)
        pool = np.asarray(pool)
        ch = self.rng.choice(len(pool), size=len(u), p=weights)
        return pool[ch][inv]

    def carrier(self, cc) -> dict:
        c = self.cache.get(("carrier", cc))
        if c is None:
            mob = self.R["by_cc"][cc]["mobile"] or self.R["by_cc"]["US"]["mobile"]
            asn = mob[self.rng.integers(len(mob))][0]
            pool = self.ip4s(self.as_addr(asn, 48, block24=True) + self.as_addr(asn, 48, block24=True))
            c = self.cache[("carrier", cc)] = dict(asn=asn, pool=pool, v6=self.v6base(asn, cc), name=cc + "-" + str(asn))
        return c

    def mobile_ips(self, a, t, car, p6=.6) -> np.ndarray:
        r = self.rng
        out = self.sticky(t, car["pool"], per_s=1800)
        m = r.random(len(t)) < p6
        if m.any():
            day = t[m] // DAY_MS
            out[m] = self.v6_daily(a, day, car["v6"] | int(r.integers(0, 1 << 32)) << 64)
        return out

    def cloud_ips(self, provider, n, block24=False) -> list[int]:
        return self.ip4s(pick_in(self.rng, self.R["cloud"][provider], n, block24))

    # ---- events
    def emit(self, a, t, ip, p, tok_med, tok_sig=.6, ua=None, key=None, model_p=(.55, .35, .10)):
        n = len(t)
        if n == 0:
            return
        r = self.rng
        pm = np.asarray(self.pmult_arr_take(p))
        tok = np.exp(np.log(np.broadcast_to(np.asarray(tok_med, dtype=float), (n,))) + tok_sig * r.standard_normal(n)) * pm
        tok = np.clip(np.round(tok), 1, 16384).astype(np.int32)
        self.ev["a"].append(np.full(n, a, dtype=np.int32))
        self.ev["t"].append(np.asarray(t, dtype=np.int64))
        self.ev["ip"].append(np.asarray(ip, dtype=np.int32))
        self.ev["p"].append(np.asarray(p, dtype=np.int32))
        self.ev["ua"].append(np.broadcast_to(np.asarray(ua, dtype=np.int32), (n,)).copy())
        self.ev["key"].append(np.broadcast_to(np.asarray(-1 if key is None else key, dtype=np.int32), (n,)).copy())
        self.ev["tok"].append(tok)
        self.ev["m"].append(r.choice(3, size=n, p=np.asarray(model_p) / np.sum(model_p)).astype(np.int8))

    def pmult_arr_take(self, p):
        return [self.pmult[i] for i in np.asarray(p).tolist()]

    def pick(self, pool, n, sub=None) -> np.ndarray:
        """n prompts from a pool; sub: the account keeps to a personal slice of that many entries."""
        r = self.rng
        pool = np.asarray(pool)
        if sub is not None and sub < len(pool):
            pool = pool[r.choice(len(pool), size=sub, replace=False)]
        return pool[r.integers(0, len(pool), n)]

    def mix(self, n, comps) -> tuple[np.ndarray, np.ndarray]:
        """comps: (weight, pool, token median); prompt ids and token medians per event."""
        r = self.rng
        w = np.array([c[0] for c in comps], dtype=float)
        k = r.choice(len(comps), size=n, p=w / w.sum())
        p = np.zeros(n, dtype=np.int64)
        med = np.zeros(n)
        for j, (_, pool, tm) in enumerate(comps):
            m = k == j
            if m.any():
                p[m] = np.asarray(pool)[r.integers(0, len(pool), int(m.sum()))]
                med[m] = tm
        return p, med

# ---------------------------------------------------------------- clients

def browser_ua(r) -> str:
    v = int(r.integers(126, 135))
    k = int(r.integers(5))
    if k == 0:
        return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{r.integers(0, 4)} Safari/605.1.15"
    if k == 1:
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
    if k == 2:
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0"
    return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"


def app_ua(r) -> str:
    v = f"3.{r.integers(4, 9)}.{r.integers(0, 4)}"
    return (f"TesselChat/{v} (iPhone; iOS 18.{r.integers(0, 5)})" if r.random() < .55
            else f"TesselChat/{v} (Android {r.integers(12, 16)}; {['Pixel 8', 'SM-S921B', 'Redmi Note 13', 'moto g84'][r.integers(4)]})")


def sdk_ua(r) -> str:
    k = int(r.integers(6))
    return [f"tessel-python/2.{r.integers(3, 8)}.{r.integers(0, 5)}", f"tessel-node/2.{r.integers(1, 6)}.{r.integers(0, 9)}",
            "python-requests/2.32.3", f"curl/8.{r.integers(4, 12)}.0", "Go-http-client/2.0",
            f"tessel-python/2.{r.integers(3, 8)}.{r.integers(0, 5)} httpx/0.27.2"][k]


def sizes(r, n: int, lo: int, hi: int, med: float, sigma=.7) -> list[int]:
    """Group sizes lo..hi (lognormal around med) adding up to n (the last one may be smaller)."""
    out = []
    while n > 0:
        s = int(np.clip(round(r.lognormal(np.log(med), sigma)), lo, hi))
        s = min(s, n)
        out.append(s)
        n -= s
    return out


def person(W, a, t, ip, comps, app_mask=None, key=None, api_mask=None, model_p=(.5, .43, .07), sub=None):
    """Events of a person: browser (or app where app_mask) user agent; API key on api_mask events."""
    r = W.rng
    n = len(t)
    p, med = W.mix(n, comps)
    ua = np.full(n, W.ua(W.acc[a].setdefault("browser", browser_ua(r))), dtype=np.int32)
    if app_mask is not None and app_mask.any():
        ua[app_mask] = W.ua(W.acc[a].setdefault("app", app_ua(r)))
    k = np.full(n, -1, dtype=np.int32)
    if api_mask is not None and api_mask.any():
        ua[api_mask] = W.ua(W.acc[a].setdefault("sdk", sdk_ua(r)))
        k[api_mask] = key if key is not None else W.key()
    W.emit(a, t, ip, p, med, ua=ua, key=k, model_p=model_p)


def local_hour(W, a, t) -> tuple[np.ndarray, np.ndarray]:
    day = t // DAY_MS
    loc = t / 3.6e6 + W.offset_h(a, day)
    return np.floor(loc % 24), (np.floor(loc / 24) % 7)


def lang_pool(W, a):
    return W.chat.get(W.acc[a]["lang"], W.chat["en"])


# ---------------------------------------------------------------- benign cohorts

def b_solo(W, n):
    r = W.rng
    for _ in range(n):
        a = W.account("solo_user", plan="free" if r.random() < .4 else "builder")
        A = W.acc[a]
        h = W.home(A["cc"])
        c = W.days_counts(r.uniform(.15, .7), r.lognormal(np.log(6), .6), weekend=1.2)
        t = W.finish(a, W.t_sessions(a, c, PROFILE["evening"] if r.random() < .7 else PROFILE["flatday"]))
        ip = W.home_ips(a, t, h)
        app = np.zeros(len(t), bool)
        if r.random() < .5:
            app = r.random(len(t)) < .25
            if app.any():
                ip[app] = W.mobile_ips(a, t[app], W.carrier(A["cc"]))
        person(W, a, t, ip, [(.85, lang_pool(W, a), 230), (.15, W.chat["en"], 230), (.05, W.homework, 300)], app_mask=app)


def b_dev(W, n):
    r = W.rng
    for _ in range(n):
        a = W.account("dev_tinkerer", plan="free" if r.random() < .25 else "builder")
        A = W.acc[a]
        h = W.home(A["cc"])
        c = W.days_counts(r.uniform(.3, .8), r.lognormal(np.log(14), .7), weekend=.9)
        t = W.finish(a, W.t_sessions(a, c, PROFILE["night"] if r.random() < .4 else PROFILE["office"], gap=50))
        ip = W.home_ips(a, t, h)
        vm = r.random(len(t)) < (.3 if r.random() < .4 else 0)
        if vm.any():
            ip[vm] = W.cloud_ips(["amazon", "google", "digitalocean", "linode"][r.integers(4)], 1)[0]
        api = r.random(len(t)) < r.uniform(.3, .9)
        if r.random() < .15:                     # the IDE plugin a few developers use
            A["sdk"] = f"vscode-tessel/1.{r.integers(12, 15)}.{r.integers(0, 4)} (agent)"
        person(W, a, t, ip, [(.75, W.dev, 450), (.25, lang_pool(W, a), 230)], api_mask=api, model_p=(.6, .2, .2))


def b_office(W, n):
    r = W.rng
    for gi, s in enumerate(sizes(r, n, 4, 120, 14, .8)):
        cc = CC[r.choice(len(CC), p=CC_P)]
        g = f"office-{gi:04d}"
        asn = W.isp(cc)
        nat = W.ip4s(W.as_addr(asn, int(r.integers(1, 4)), block24=True))
        v6o = W.v6base(asn, cc) | int(r.integers(0, 1 << 16)) << 80
        dom = W.domain(cc)
        org = "org_" + W.token("")[:10] if r.random() < .7 else ""
        card = W.token() if r.random() < .4 else None
        pre = ["Draft a reply to this customer email in a friendly tone: ", "Turn these meeting notes into action items: ",
               "Rewrite this paragraph for our quarterly report: ", "Make this announcement clearer for staff: "]
        tpl = np.array([W.prompt(pre[r.integers(len(pre))] + sentence(r) + " " + sentence(r)) for _ in range(150)])
        W.groups[g] = dict(kind="office_worker", cc=cc, size=s)
        for _ in range(s):
            a = W.account("office_worker", g, cc=cc, pay=card, email=dom, org=org)
            h = W.home(cc)
            c = W.days_counts(.75, r.lognormal(np.log(8), .5), weekend=.08)
            t = W.finish(a, W.t_sessions(a, c, PROFILE["office"]))
            hr, dow = local_hour(W, a, t)
            remote = np.isin(t // DAY_MS, np.flatnonzero(r.random(W.D) < .2))
            at_work = (hr >= 8) & (hr < 18) & (dow < 5) & ~remote
            ip = W.home_ips(a, t, h)
            w6 = at_work & (r.random(len(t)) < .3)
            ip[at_work] = W.sticky(t[at_work], nat, 600)
            if w6.any():
                ip[w6] = W.v6_daily(a, t[w6] // DAY_MS, v6o | (int(r.integers(0, 1 << 16)) << 64))
            person(W, a, t, ip, [(.5, tpl, 260), (.5, lang_pool(W, a), 230)])


def b_mobile(W, n):
    r = W.rng
    for _ in range(n):
        a = W.account("mobile_user", plan="free" if r.random() < .6 else "builder")
        A = W.acc[a]
        car = W.carrier(A["cc"])
        A["group"] = "carrier-" + car["name"]
        c = W.days_counts(r.uniform(.3, .8), r.lognormal(np.log(4), .6), weekend=1.3)
        t = W.finish(a, W.t_sessions(a, c, PROFILE["mobile"], gap=45))
        ip = W.mobile_ips(a, t, car)
        person(W, a, t, ip, [(.9, lang_pool(W, a), 180), (.1, W.chat["en"], 180)], app_mask=np.ones(len(t), bool),
               model_p=(.3, .68, .02))


def b_campus(W, n):
    r = W.rng
    ccs = [c for c in CC if W.R["by_cc"][c]["uni"]]
    for gi, s in enumerate(sizes(r, n, 60, 600, 220, .6)):
        cc = ccs[r.integers(len(ccs))] if r.random() < .5 else ("US" if "US" in ccs else ccs[0])
        unis = W.R["by_cc"][cc]["uni"]
        asn = unis[r.integers(len(unis))][0]
        g = f"campus-{gi:03d}"
        nat = W.ip4s(W.as_addr(asn, 24, block24=True))
        v6c = W.v6base(asn, cc) | int(r.integers(0, 1 << 16)) << 80
        dom = {"US": "edu", "GB": "ac.uk", "JP": "ac.jp", "IN": "ac.in", "BR": "edu.br", "AU": "edu.au"}.get(cc, "edu." + TLD.get(cc, "com").split(".")[-1])
        dom = "".join(SYL[r.integers(len(SYL))] for _ in range(3)) + "." + dom
        W.groups[g] = dict(kind="campus_student", cc=cc, size=s)
        for _ in range(s):
            a = W.account("campus_student", g, cc=cc, plan="free" if r.random() < .7 else "builder", email=dom)
            h = W.home(cc)
            c = W.days_counts(r.uniform(.3, .8), r.lognormal(np.log(7), .6), weekend=.6)
            t = W.finish(a, W.t_sessions(a, c, PROFILE["student"]))
            hr, dow = local_hour(W, a, t)
            on = (hr >= 9) & (hr < 17) & (dow < 5) & (r.random(len(t)) < .8)
            ip = W.home_ips(a, t, h)
            ip[on] = W.sticky(t[on], nat, 900)
            c6 = on & (r.random(len(t)) < .35)
            if c6.any():
                ip[c6] = W.v6_daily(a, t[c6] // DAY_MS, v6c | (int(r.integers(0, 1 << 16)) << 64))
            person(W, a, t, ip, [(.5, W.homework, 380), (.4, lang_pool(W, a), 230), (.1, W.dev, 400)],
                   app_mask=r.random(len(t)) < .3, model_p=(.3, .6, .1))


def b_household(W, n):
    r = W.rng
    for gi, s in enumerate(sizes(r, n, 2, 5, 3, .4)):
        cc = CC[r.choice(len(CC), p=CC_P)]
        g = f"home-{gi:05d}"
        h = W.home(cc, p6=.55 if r.random() < .6 else 0.0)
        card = W.token() if r.random() < .6 else None
        for _ in range(s):
            plan = "builder" if card else ("free" if r.random() < .5 else "builder")
            a = W.account("household", g, cc=cc, plan=plan, pay=card)
            c = W.days_counts(r.uniform(.2, .6), r.lognormal(np.log(4), .6), weekend=1.5)
            t = W.finish(a, W.t_sessions(a, c, PROFILE["evening"]))
            person(W, a, t, W.home_ips(a, t, h), [(.8, lang_pool(W, a), 220), (.2, W.homework, 300)],
                   app_mask=r.random(len(t)) < .3)


def vpn_provider(W, k) -> list[int]:
    p = W.cache.get(("vpn", k))
    if p is None:
        p = []
        for _ in range(12):
            p += W.ip4s(pick_in(W.rng, W.R["vpn"], int(W.rng.integers(3, 9)), block24=True))
        p = W.cache[("vpn", k)] = p
    return p


def b_vpn(W, n):
    r = W.rng
    for _ in range(n):
        k = int(r.choice(3, p=[.5, .3, .2]))
        a = W.account("vpn_user", f"vpn-{k}", plan="free" if r.random() < .3 else "builder")
        A = W.acc[a]
        pool = vpn_provider(W, k)
        pref = [pool[i] for i in r.choice(len(pool), size=int(r.integers(2, 7)), replace=False)]
        h = W.home(A["cc"])
        c = W.days_counts(r.uniform(.2, .7), r.lognormal(np.log(7), .6), weekend=1.1)
        t = W.finish(a, W.t_sessions(a, c, PROFILE["evening"]))
        ip = W.sticky(t, pref, 7200)
        off = r.random(len(t)) < .15
        if off.any():
            ip[off] = W.home_ips(a, t[off], h)
        person(W, a, t, ip, [(.8, lang_pool(W, a), 230), (.2, W.dev, 400)])


def b_api_app(W, n):
    r = W.rng
    for gi in range(n):
        a = W.account("api_app", plan="scale")
        ips = W.cloud_ips(["amazon", "google", "microsoft", "digitalocean", "oracle"][r.integers(5)], int(r.integers(1, 5)))
        keys = [W.key() for _ in range(int(r.integers(1, 4)))]
        pool = W.harvest_pool("classify" if r.random() < .7 else "summarise", 1500, cot=0.0, ntpl=(1, 3), longp=0)
        mean = float(r.uniform(700, 2000) if r.random() < .08 else np.clip(r.lognormal(np.log(55), .8), 10, 600))
        c = W.days_counts(.97, mean, weekend=r.uniform(.5, 1.0), k=8)
        t = W.finish(a, W.t_sessions(a, c, PROFILE["flatday"], gap=20, spr=2))
        ua = W.ua(sdk_ua(r))
        p = pool[r.integers(0, len(pool), len(t))]
        W.emit(a, t, W.sticky(t, ips, 60), p, 90, .7, ua=ua, key=np.array(keys)[r.integers(0, len(keys), len(t))],
               model_p=(.2, .78, .02))


# ---- benign kinds invented for this world

LISTING = ["Write a warm, {w}-word listing description for a {b}-bedroom {k} in {town} with {f1} and {f2}.",
           "Rewrite this listing so it sounds less generic: {b}-bed {k}, {town}, {f1}, {f2}.",
           "Give me three headline options for a {b}-bedroom {k} near {town} ({f1})."]
FEATURES = ["a south-facing garden", "a renovated kitchen", "original hardwood floors", "a two-car garage", "a home office",
            "a rooftop terrace", "solar panels", "walk-in closets", "a finished basement", "views of the river"]
TOWNS = ["Maple Heights", "Riverside", "Oak Park", "Brookfield", "Cedar Falls", "Lakewood", "Westgate", "Fairview", "Hillcrest"]


def b_realty(W, n):
    r = W.rng
    for gi, s in enumerate(sizes(r, n, 5, 40, 12)):
        cc = ["US", "CA", "AU", "GB"][r.integers(4)]
        g = f"realty-{gi:03d}"
        dom = W.domain(cc, "realty")
        card = W.token()
        org = "org_" + W.token("")[:10] if r.random() < .4 else ""
        style = ["Keep it upbeat.", "Avoid cliches like 'nestled'.", "Mention the school district.", "End with a call to book a viewing."][r.integers(4)]
        tpl = np.array([W.prompt(LISTING[r.integers(3)].format(w=int(r.choice([80, 120, 150])), b=int(r.integers(1, 6)),
                        k=["house", "condo", "townhouse", "bungalow"][r.integers(4)], town=TOWNS[r.integers(len(TOWNS))],
                        f1=FEATURES[r.integers(10)], f2=FEATURES[r.integers(10)]) + " " + style) for _ in range(400)])
        W.groups[g] = dict(kind="realty_agent", cc=cc, size=s)
        for _ in range(s):
            a = W.account("realty_agent", g, cc=cc, pay=card if r.random() < .65 else None, email=dom if r.random() < .8 else None, org=org)
            h = W.home(cc)
            c = W.days_counts(.6, r.lognormal(np.log(9), .6), weekend=.8)
            t = W.finish(a, W.t_sessions(a, c, hours((10, 1), (16, .8), (20, .4), floor=.005)))
            ip = W.home_ips(a, t, h)
            app = r.random(len(t)) < .35
            if app.any():
                ip[app] = W.mobile_ips(a, t[app], W.carrier(cc))
            person(W, a, t, ip, [(.65, tpl, 200), (.35, lang_pool(W, a), 230)], app_mask=app)


def b_claims(W, n):
    r = W.rng
    for gi, s in enumerate(sizes(r, n, 10, 60, 25, .5)):
        cc = "US"
        g = f"insurer-{gi:02d}"
        dom = W.domain(cc, "mutual")
        card = W.token()
        org = "org_" + W.token("")[:10] if r.random() < .5 else ""
        conc = W.ip4s(W.as_addr(W.isp(cc), 4, block24=True))
        tpl = np.array([W.prompt(f"Summarise this adjuster's field note for claim {r.integers(10**6, 10**7)}: {passage(r, 3, 6)} "
                                 "List the damages, coverage questions and next steps.") for _ in range(1500)])
        W.groups[g] = dict(kind="claims_adjuster", cc=cc, size=s)
        for _ in range(s):
            a = W.account("claims_adjuster", g, cc=cc, pay=card, email=dom, org=org)
            h = W.home(cc)
            c = W.days_counts(.8, r.lognormal(np.log(25), .5), weekend=.05)
            t = W.finish(a, W.t_sessions(a, c, PROFILE["office"], gap=120, spr=4))
            ip = W.sticky(t, conc, 1800)
            off = r.random(len(t)) < .2
            if off.any():
                ip[off] = W.home_ips(a, t[off], h)
            person(W, a, t, ip, [(.8, tpl, 350), (.2, W.chat["en"], 230)], model_p=(.8, .15, .05))


def b_newsroom(W, n):
    r = W.rng
    for gi, s in enumerate(sizes(r, n, 8, 50, 18)):
        cc = CC[r.choice(len(CC), p=CC_P)]
        g = f"newsroom-{gi:03d}"
        dom = W.domain(cc, "news")
        card = W.token()
        org = "org_" + W.token("")[:10] if r.random() < .3 else ""
        nat = W.ip4s(W.as_addr(W.isp(cc), 2, block24=True))
        tpl = np.array([W.prompt(["Condense this wire copy into a 60-word brief with a headline: ",
                                  "Suggest five headlines for this story: ", "Check this copy for factual red flags: "][r.integers(3)]
                                 + passage(r, 2, 5)) for _ in range(1200)])
        news = [(int(r.integers(0, W.D)), float(r.uniform(0, 86400))) for _ in range(int(r.integers(3, 7)))]
        W.groups[g] = dict(kind="newsroom_staff", cc=cc, size=s, breaking_news=len(news))
        for _ in range(s):
            a = W.account("newsroom_staff", g, cc=cc, pay=card, email=dom, org=org)
            h = W.home(cc)
            sh = int(r.choice(3, p=[.4, .4, .2]))
            c = W.days_counts(.7, r.lognormal(np.log(12), .5), weekend=.7)
            t = W.t_window(a, c, *[(6, 14), (10, 18), (22, 30)][sh])
            extra = [d * 86400 + s0 + r.uniform(0, 2700, int(r.integers(4, 13))) for d, s0 in news if r.random() < .7]
            t = W.finish(a, np.concatenate([t] + extra))
            ip = W.sticky(t, nat, 900)
            hm = r.random(len(t)) < .3
            if hm.any():
                ip[hm] = W.home_ips(a, t[hm], h)
            person(W, a, t, ip, [(.7, tpl, 160), (.3, lang_pool(W, a), 230)])


def b_diaspora(W, n):
    r = W.rng
    for gi, s in enumerate(sizes(r, n, 3, 7, 4, .3)):
        g = f"family-{gi:04d}"
        card = W.token()
        for _ in range(s):
            a = W.account("diaspora_relative", g, pay=card)
            A = W.acc[a]
            h = W.home(A["cc"])
            c = W.days_counts(r.uniform(.15, .5), r.lognormal(np.log(4), .5), weekend=1.4)
            t = W.finish(a, W.t_sessions(a, c, PROFILE["evening"]))
            app = r.random(len(t)) < .5
            ip = W.home_ips(a, t, h)
            if app.any():
                ip[app] = W.mobile_ips(a, t[app], W.carrier(A["cc"]))
            person(W, a, t, ip, [(1, lang_pool(W, a), 220)], app_mask=app)


LANG_NAMES = {"en": "English", "es": "Spanish", "pt": "Portuguese", "de": "German", "fr": "French", "ja": "Japanese",
              "id": "Indonesian", "pl": "Polish", "it": "Italian"}


def b_translation(W, n):
    r = W.rng
    for gi, s in enumerate(sizes(r, n, 5, 30, 12)):
        g = f"transcoop-{gi:03d}"
        card = W.token()
        gloss = ["brand names", "legal terms", "product codes", "medical terminology"][r.integers(4)]
        L = list(LANG_NAMES.values())
        tpl = np.array([W.prompt(f"Translate the following {L[r.integers(len(L))]} text into {L[r.integers(len(L))]}. "
                                 f"Keep the {gloss} unchanged and preserve the formatting:\n\n{passage(r, 3, 7)}") for _ in range(3000)])
        W.groups[g] = dict(kind="translation_coop", size=s)
        for _ in range(s):
            a = W.account("translation_coop", g, pay=card)
            A = W.acc[a]
            h = W.home(A["cc"])
            c = W.days_counts(.75, float(np.clip(r.lognormal(np.log(22), .8), 5, 400)), weekend=.3)
            t = W.finish(a, W.t_sessions(a, c, PROFILE["office"], gap=70, spr=10))
            api = r.random(len(t)) < (.8 if r.random() < .5 else 0)
            person(W, a, t, W.home_ips(a, t, h), [(.9, tpl, 480), (.1, lang_pool(W, a), 230)], api_mask=api,
                   model_p=(.85, .1, .05))


def b_city311(W, n):
    r = W.rng
    for gi, s in enumerate(sizes(r, n, 10, 40, 18, .5)):
        cc = ["US", "US", "CA", "GB", "AU"][r.integers(5)]
        g = f"city311-{gi:02d}"
        dom = "cityof" + "".join(SYL[r.integers(len(SYL))] for _ in range(2)) + (".gov" if cc == "US" else ".gov." + TLD[cc].split(".")[-1])
        card = W.token()
        org = "org_" + W.token("")[:10] if r.random() < .6 else ""
        nat = W.ip4s(W.as_addr(W.isp(cc), 2, block24=True))
        roll = float(r.uniform(-200, -20) if r.random() < .5 else r.uniform(2, max(3, W.D - 10))) * 86400
        issues = ["a missed bin collection", "a broken streetlight", "a pothole", "graffiti", "a noise complaint", "a blocked drain"]
        tpl = np.array([W.prompt(f"Write a polite reply to a resident reporting {issues[r.integers(6)]} on "
                                 f"{NOUN[r.integers(len(NOUN))]} Street: \"{sentence(r)}\" Include ticket number "
                                 f"{r.integers(10**5, 10**6)} and the expected time frame.") for _ in range(1500)])
        W.groups[g] = dict(kind="city_311_agent", cc=cc, size=s, rollout_day=round(roll / 86400, 2))
        for _ in range(s):
            a = W.account("city_311_agent", g, cc=cc, pay=card, email=dom, org=org, created=roll + float(r.uniform(0, 7200)))
            sh = int(r.integers(2))
            c = W.days_counts(.85, r.lognormal(np.log(20), .4), weekend=.15)
            t = W.finish(a, W.t_window(a, c, *[(7, 15), (12, 20)][sh]))
            person(W, a, t, W.sticky(t, nat, 1200), [(.9, tpl, 220), (.1, W.chat["en"], 200)], model_p=(.3, .68, .02))


DRUGS = ["metformin", "atorvastatin", "amoxicillin", "lisinopril", "ibuprofen", "omeprazole", "sertraline", "levothyroxine"]


def b_pharmacy(W, n):
    r = W.rng
    for gi, s in enumerate(sizes(r, n, 10, 60, 25, .5)):
        cc = CC[r.choice(len(CC), p=CC_P)]
        g = f"pharmacy-{gi:02d}"
        dom = W.domain(cc, "pharma")
        card = W.token()
        asn = W.isp(cc)
        ua = W.ua(f"RxCounselor-Plugin/4.1.{r.integers(0, 9)} (+tessel-node/2.3.1)")
        roll = float(r.uniform(-300, -10) if r.random() < .7 else r.uniform(1, max(2, W.D - 12))) * 86400
        tpl = np.array([W.prompt(f"Rewrite this medication leaflet section in plain language for a patient at a "
                                 f"{r.integers(5, 9)}th-grade reading level: {DRUGS[r.integers(len(DRUGS))]}. {passage(r, 2, 4)}")
                        for _ in range(1500)])
        W.groups[g] = dict(kind="pharmacy_branch", cc=cc, size=s, rollout_day=round(roll / 86400, 2))
        for _ in range(s):
            a = W.account("pharmacy_branch", g, cc=cc, pay=card, email=dom, created=roll + float(r.uniform(0, 2 * 86400)))
            ip = W.ip4s(W.as_addr(asn))[0]
            c = W.days_counts(.9, r.lognormal(np.log(22), .5), weekend=.5)
            c[np.arange(W.D) % 7 == 6] = 0                           # closed on Sundays
            t = W.finish(a, W.t_window(a, c, 8, 20))
            p = tpl[r.integers(0, len(tpl), len(t))]
            W.emit(a, t, np.full(len(t), ip), p, 280, .5, ua=ua, key=W.key(), model_p=(.2, .78, .02))


def b_podcast(W, n):
    r = W.rng
    for gi, s in enumerate(sizes(r, n, 4, 15, 8, .5)):
        cc = ["US", "GB", "DE", "BR", "AU"][r.integers(5)]
        g = f"podnet-{gi:02d}"
        card = W.token()
        vm = W.cloud_ips(["amazon", "google", "digitalocean", "linode"][r.integers(4)], 1)[0]
        dom = W.domain(cc, "audio")
        tz = float(COUNTRIES[cc][1][0])
        key_ua = W.ua("podnet-batch/0.9 " + sdk_ua(r))
        tpl = np.array([W.prompt("Summarise this transcript segment and propose five chapter titles with timestamps:\n\n"
                                 + passage(r, 6, 12)) for _ in range(1200)])
        W.groups[g] = dict(kind="podcast_show", cc=cc, size=s)
        for _ in range(s):
            a = W.account("podcast_show", g, cc=cc, plan="scale", pay=card, email=dom, tz=tz)
            h = W.home(cc)
            ep = W.days_counts(.6, r.lognormal(np.log(14), .4), weekend=.3)
            tb = W.t_window(a, ep, 2, 3.5)
            c = W.days_counts(.4, 4, weekend=.8)
            tc = W.t_sessions(a, c, PROFILE["office"])
            t = W.finish(a, np.concatenate([tb, tc]))
            hr, _ = local_hour(W, a, t)
            batch = (hr >= 2) & (hr < 4)
            ip = W.home_ips(a, t, h)
            ip[batch] = vm
            p = np.where(batch, tpl[r.integers(0, len(tpl), len(t))], lang_pool(W, a)[r.integers(0, len(lang_pool(W, a)), len(t))])
            ua = np.where(batch, key_ua, W.ua(browser_ua(r)))
            k = np.where(batch, W.key(), -1)
            W.emit(a, t, ip, p, np.where(batch, 650, 230), .5, ua=ua, key=k, model_p=(.7, .25, .05))


BENIGN = [("solo_user", b_solo, .19), ("dev_tinkerer", b_dev, .05), ("office_worker", b_office, .12),
          ("mobile_user", b_mobile, .10), ("campus_student", b_campus, .09), ("household", b_household, .08),
          ("vpn_user", b_vpn, .06), ("api_app", b_api_app, .008),
          ("realty_agent", b_realty, .045), ("claims_adjuster", b_claims, .04), ("newsroom_staff", b_newsroom, .035),
          ("diaspora_relative", b_diaspora, .03), ("translation_coop", b_translation, .025),
          ("city_311_agent", b_city311, .035), ("pharmacy_branch", b_pharmacy, .03), ("podcast_show", b_podcast, .02)]
CLASSIC = {"solo_user", "dev_tinkerer", "office_worker", "mobile_user", "campus_student", "household", "vpn_user", "api_app"}
CROWDS = {"mobile_user", "vpn_user"}          # grouped by shared infrastructure only, not a social group

# ---------------------------------------------------------------- rings

RING_INFO = {
    "shared_card": (["one or two payment cards across all accounts", "the same few datacenter addresses in one /24",
                     "one narrow template family with chain-of-thought asks", "flat around-the-clock pacing"],
                    ["each account under the builder limit"]),
    "proxy_pool": (["every account draws its exit at random from the same private proxy pool (2-3 datacenter /24s)",
                    "one template family, chain-of-thought asks", "flat around-the-clock pacing"],
                   ["own card per account", "dozens of exits, none used by one account for long"]),
    "question_packing": (["numbered packs of 8-25 unrelated dataset questions under one shared wrapper",
                          "4,000-12,000-token answers", "2-3 tight batches a day", "all accounts in one cloud provider"],
                         ["only 15-50 requests a day (a small fraction of the limit)", "own card and own VM address each"]),
    "sun_relay": (["crews hand the same few residential-ISP addresses over at fixed 8-hour UTC boundaries",
                   "seven days a week at a flat rate inside each shift", "browser user agent on API-key requests",
                   "one template family with chain-of-thought asks"],
                  ["each account looks like an 8-hour workday", "own card each"]),
    "sim_bank": (["HTTP-library user agent (okhttp) with API keys from mobile-carrier addresses",
                  "around the clock including the small hours", "sign-ups in a two-day burst", "one template family"],
                 ["hides in the carrier's CGNAT pool and per-session IPv6 /64s shared with real mobile users",
                  "own prepaid card each"]),
    "persona_shards": (["the same numeric problems asked in different languages by different accounts",
                        "the 'FINAL:' answer marker", "100+ chat-UI requests a day, seven days a week"],
                       ["a different country, language, browser and VPN exit per account", "no API key (web UI)",
                        "daytime activity in the persona's time zone"]),
    "agent_trace": (["every account replays the same catalogue of agent steps in the same order",
                     "around the clock with no human pauses", "synthetic repositories", "reasoning model, long answers"],
                    ["an IDE-plugin user agent that real developers also use", "own card and cloud VM each"]),
    "preference_harvest": (["every request is a pairwise judgement on one skeleton (A/B, step-by-step, scores)",
                            "accounts created within a few hours with one uncommon mail provider",
                            "100-190 requests a day from a home line"],
                           ["each account on a different residential ISP line", "own card each", "human-like sessions"]),
    "hydra_reseller": (["a reseller gateway: all accounts exit through the same pool of ~120 hosting addresses",
                        "a handful of cards each paying for ~35 accounts", "narrow code/math harvest with chain-of-thought "
                        "asks in about half of every account's traffic", "the gateway's user agent"],
                       ["resold end-user chat (the same text benign users send) mixed into every account",
                        "accounts created in waves over months", "worldwide countries"]),
}
SMALL_KINDS = ["shared_card", "proxy_pool", "question_packing", "sun_relay", "sim_bank", "persona_shards", "agent_trace",
               "preference_harvest"]


def partition(r, total: int, lo: int, hi: int, med: float, sigma=.5) -> list[int]:
    """Sizes in lo..hi adding up to total exactly (a total below lo is one group of that size)."""
    if total <= 0:
        return []
    if total < lo:
        return [total]
    out = []
    while total > 0:
        s = int(np.clip(round(r.lognormal(np.log(med), sigma)), lo, hi))
        if total - s < lo:
            s = total if total <= hi else total - lo
        out.append(s)
        total -= s
    return out


def ring_plan(r, R: int, mode: str) -> list[tuple[str, int]]:
    if mode == "small":
        sz = partition(r, R, 3, 15, 7)
        big = []
    elif mode == "mixed":
        nl = round(.15 * R)
        nl = nl if nl >= 51 else 0
        nm = round(.30 * R) if R >= 16 else 0
        nm = nm if nm >= 16 else 0
        big = partition(r, nl, 51, 200, 90) + partition(r, nm, 16, 50, 28)
        sz = partition(r, R - nl - nm, 3, 15, 7)
    else:
        h = round(r.uniform(.72, .83) * R)
        rest = R - h
        if 0 < rest < 3:
            h, rest = R - 3, 3
        order = r.permutation(len(SMALL_KINDS)).tolist()
        return [("hydra_reseller", h)] + [(SMALL_KINDS[order[i % len(order)]], s)
                                           for i, s in enumerate(partition(r, rest, 3, 15, 7))]
    kinds = []
    order = r.permutation(len(SMALL_KINDS)).tolist()
    for i, s in enumerate(big + sz):
        kinds.append((SMALL_KINDS[order[i % len(order)]], s))
    return kinds


def ring_created(W, size, center_days, spread_days) -> np.ndarray:
    return (center_days + W.rng.uniform(0, spread_days, size)) * 86400


def make_ring(W, rid: str, kind: str, size: int):
    r = W.rng
    D = W.D
    info = dict(ring_id=rid, kind=kind, size=size, signals_kept=RING_INFO[kind][0], evasions=RING_INFO[kind][1])
    cap = ["math", "reasoning", "reading", "code", "medical", "summarise", "nli"][r.integers(7)]
    info["capability"] = cap
    frac = r.uniform(.35, .8, size)
    exp_events = int(size * frac.mean() * LIMITS["builder"] * D * .9)
    npool = int(min(exp_events * .55 + 100, 25000))
    accts = []
    if kind == "shared_card":
        cards = [W.token() for _ in range(int(r.integers(1, 3)))]
        ips = W.ip4s(pick_in(r, W.R["dc"], int(r.integers(2, 7)), block24=True))
        cr = ring_created(W, size, -r.uniform(20, 120), 3)
        pool = W.harvest_pool(cap, npool, cot=.7)
        ua = W.ua("python-requests/2.32.3")
        for i in range(size):
            a = W.account(kind, rid, ring=rid, pay=cards[i % len(cards)], created=cr[i])
            c = W.days_counts(.95, frac[i] * LIMITS["builder"], k=30)
            t = W.finish(a, W.t_flat(c))
            W.emit(a, t, W.sticky(t, ips, 86400), W.pick(pool, len(t)), 420, ua=ua, key=W.key(), model_p=(.3, .1, .6))
            accts.append(a)
    elif kind == "proxy_pool":
        ips = []
        for _ in range(int(r.integers(2, 4))):
            ips += W.ip4s(pick_in(r, W.R["dc"], int(r.integers(12, 26)), block24=True))
        cr = ring_created(W, size, -r.uniform(30, 200), 30)
        pool = W.harvest_pool(cap, npool, cot=.6)
        ua = W.ua(f"tessel-python/2.{r.integers(3, 8)}.{r.integers(0, 5)}")
        for i in range(size):
            a = W.account(kind, rid, ring=rid, created=cr[i])
            c = W.days_counts(.9, frac[i] * LIMITS["builder"], k=20)
            t = W.finish(a, W.t_flat(c))
            W.emit(a, t, np.array(ips)[r.integers(0, len(ips), len(t))], W.pick(pool, len(t)), 420, ua=ua, key=W.key(),
                   model_p=(.35, .1, .55))
            accts.append(a)
    elif kind == "question_packing":
        prov = ["amazon", "google", "microsoft", "oracle"][r.integers(4)]
        cr = ring_created(W, size, -r.uniform(30, 150), 60)
        tp = W.templates(cap)
        chosen = [tp[j] for j in r.choice(len(tp), size=min(len(tp), 6), replace=False)]
        head = ["Answer each of the following questions. For each one, reason step by step, then write 'Answer k:' with the result.",
                "Below are several independent problems. Work through every one in full and label your answers 'Answer k:'."][r.integers(2)]
        per = np.clip(r.lognormal(np.log(30), .3, size), 15, 50)
        pool = []
        for _ in range(int(min(size * per.mean() * D * .7 + 20, 12000))):
            k = int(r.integers(8, 26))
            qs = "\n".join(f"{j + 1}. " + render(chosen[r.integers(len(chosen))], cap, r).replace("\n", " ") for j in range(k))
            pool.append(W.prompt(f"{head}\n\n{qs}", 1.25 * k))
        pool = np.array(pool)
        for i in range(size):
            a = W.account(kind, rid, ring=rid, created=cr[i], plan="builder")
            ip = W.cloud_ips(prov, 1)
            c = W.days_counts(.93, per[i], k=20)
            nb = int(r.integers(2, 4))
            starts = r.uniform(0, 24, nb)
            day = np.repeat(np.arange(D), c)
            t = day * 86400.0 + starts[r.integers(0, nb, len(day))] * 3600 + r.uniform(0, 1200, len(day))
            t = W.finish(a, t)
            W.emit(a, t, np.full(len(t), ip[0]), W.pick(pool, len(t)), 300, .35, ua=W.ua(sdk_ua(r)), key=W.key(),
                   model_p=(.3, 0, .7))
            accts.append(a)
    elif kind == "sun_relay":
        cc = ["US", "GB", "DE", "IN", "BR"][r.integers(5)]
        ips = W.ip4s(W.as_addr(W.isp(cc), int(r.integers(4, 7)), block24=True))
        cr = ring_created(W, size, -r.uniform(30, 300), 90)
        pool = W.harvest_pool(cap, npool, cot=.5)
        ua = W.ua(browser_ua(r))
        crews = r.permutation(size) % 3
        for i in range(size):
            a = W.account(kind, rid, ring=rid, cc=cc, created=cr[i])
            c = W.days_counts(.97, frac[i] * LIMITS["builder"] * .8, k=30)
            shift = (crews[i] + np.arange(D) // 7) % 3
            day = np.repeat(np.arange(D), c)
            t = day * 86400.0 + (np.repeat(shift, c) * 8 + r.random(len(day)) * 8) * 3600
            t = W.finish(a, t)
            W.emit(a, t, W.sticky(t, ips, 3600), W.pick(pool, len(t)), 400, ua=ua, key=W.key(), model_p=(.4, .1, .5))
            accts.append(a)
        info["crews"] = 3
    elif kind == "sim_bank":
        cc = ["US", "IN", "ID", "BR", "MX", "NG"][r.integers(6)]
        car = W.carrier(cc)
        cr = ring_created(W, size, -r.uniform(10, 90), 2)
        pool = W.harvest_pool(["code", "math"][r.integers(2)], npool, cot=.45)
        ua = W.ua("okhttp/4.12.0")
        for i in range(size):
            a = W.account(kind, rid, ring=rid, cc=cc, created=cr[i])
            c = W.days_counts(.95, frac[i] * LIMITS["builder"] * .85, k=25)
            t = W.finish(a, W.t_flat(c))
            W.emit(a, t, W.mobile_ips(a, t, car, p6=.5), W.pick(pool, len(t)), 400, ua=ua, key=W.key(), model_p=(.3, .2, .5))
            accts.append(a)
        info["carrier"] = car["name"]
    elif kind == "persona_shards":
        prov = int(r.integers(3))
        vpool = vpn_provider(W, prov)
        cr = ring_created(W, size, -r.uniform(20, 200), 60)
        qs = [(NAMES[r.integers(len(NAMES))], int(r.integers(2, 90)), int(r.integers(2, 30))) for _ in range(int(min(npool, 6000)))]
        cot = r.random(len(qs)) < .7
        langs = list(MATH_I18N)
        for i in range(size):
            cc = CC[r.integers(len(CC))]
            lang = langs[i % len(langs)] if i < len(langs) else langs[r.integers(len(langs))]
            a = W.account(kind, rid, ring=rid, cc=cc, lang=lang, created=cr[i])
            q, fin = MATH_I18N[lang]
            sel = r.choice(len(qs), size=min(len(qs), 1500), replace=False)
            pool = np.array([W.prompt(q.format(n=qs[j][0], a=qs[j][1], b=qs[j][2], m=qs[j][1] * qs[j][2] + int(r.integers(1, 50)))
                                      + " " + (MATH_I18N_COT[lang] + " " if cot[j] else "") + fin, 2.7 if cot[j] else 1.0)
                             for j in sel])
            c = W.days_counts(.98, frac[i] * .7 * LIMITS["builder"], k=30)
            t = W.finish(a, W.t_window(a, c, 8, 22))
            exits = [vpool[j] for j in r.choice(len(vpool), size=3, replace=False)]
            W.emit(a, t, W.sticky(t, exits, 7200), W.pick(pool, len(t)), 350, ua=W.ua(browser_ua(r)), key=None,
                   model_p=(.5, .1, .4))
            accts.append(a)
        info["vpn_provider"] = f"vpn-{prov}"
    elif kind == "agent_trace":
        prov = ["google", "amazon", "microsoft"][r.integers(3)]
        cr = ring_created(W, size, -r.uniform(20, 200), 45)
        cat = []
        for _ in range(int(r.integers(300, 600))):
            repo = "".join(SYL[r.integers(len(SYL))] for _ in range(2)) + "-" + ["api", "core", "sdk", "cli", "web"][r.integers(5)]
            task = code_task(r)
            for s in range(int(r.integers(3, 7))):
                log = "\n".join(f"{['PASS', 'FAIL', 'ERROR', 'WARN'][r.integers(4)]} tests/test_{SYL[r.integers(len(SYL))]}.py::"
                                f"test_{SYL[r.integers(len(SYL))]}_{j}" for j in range(int(r.integers(2, 6))))
                cat.append(W.prompt(f"You are an autonomous coding agent working in repository {repo}.\nTask: {task}\n"
                                    f"Step {s + 1}. Tool output from the previous step:\n```\n{log}\n```\n"
                                    "Think through what the output means, explain your reasoning, then give the next "
                                    "command or a unified diff.", 2.4))
        cat = np.array(cat)
        ua = W.ua(f"vscode-tessel/1.{r.integers(12, 15)}.{r.integers(0, 4)} (agent)")
        for i in range(size):
            a = W.account(kind, rid, ring=rid, created=cr[i])
            c = W.days_counts(.95, frac[i] * LIMITS["builder"], k=25)
            t = W.finish(a, W.t_flat(c))
            off = int(r.integers(0, 5))
            p = cat[(np.arange(len(t)) + off) % len(cat)]
            W.emit(a, t, np.full(len(t), W.cloud_ips(prov, 1)[0]), p, 380, ua=ua, key=W.key(), model_p=(.15, .05, .8))
            accts.append(a)
        info["catalogue_steps"] = int(len(cat))
    elif kind == "preference_harvest":
        cc = ["US", "GB", "IN", "PL", "BR"][r.integers(5)]
        mail = ["posteo.de", "tutanota.com", "mailfence.com", "disroot.org"][r.integers(4)]
        cr = ring_created(W, size, -r.uniform(10, 60), .25)
        vars_ = [("Question: {q}\n\nResponse A: {a}\n\nResponse B: {b}\n\nWhich response is better? Explain your judgement "
                  "step by step, then score each from 1 to 10."),
                 ("Compare the two answers to '{q}'.\n[A] {a}\n[B] {b}\nReason step by step about accuracy and helpfulness, "
                  "then output 'Preferred: A' or 'Preferred: B' with a 1-10 score for each.")][:int(r.integers(1, 3))]
        pools = [np.array([W.prompt(v.format(q=question(r) if cap != "math" else math_problem(r), a=passage(r, 1, 3),
                                             b=passage(r, 1, 3)), 2.5) for _ in range(int(npool / len(vars_)) + 50)]) for v in vars_]
        for i in range(size):
            a = W.account(kind, rid, ring=rid, cc=cc, email=mail, created=cr[i])
            h = W.home(cc)
            c = W.days_counts(.92, frac[i] * .55 * LIMITS["builder"], k=20, weekend=.9)
            t = W.finish(a, W.t_sessions(a, c, PROFILE["office"], gap=25, spr=40))
            W.emit(a, t, W.home_ips(a, t, h), W.pick(pools[i % len(pools)], len(t)), 300,
                   ua=W.ua(f"tessel-node/2.{r.integers(1, 6)}.{r.integers(0, 9)}"), key=W.key(), model_p=(.45, .05, .5))
            accts.append(a)
        info["mail_domain"] = mail
    elif kind == "hydra_reseller":
        gw = []
        for _ in range(3):
            gw += W.ip4s(pick_in(r, W.R["dc"], 40, block24=True))
        gw = np.array(gw)
        cards = [W.token() for _ in range(max(1, size // 35))]
        waves = r.uniform(-150, -5, max(2, size // 120))
        hp = [W.harvest_pool("code", min(npool, 30000) // 2, cot=.65, ntpl=(3, 6)),
              W.harvest_pool("math", min(npool, 30000) // 2, cot=.65, ntpl=(3, 6))]
        ua = W.ua("relaygate/2.4.1 (+gateway)")
        langs = list(W.chat)
        for i in range(size):
            cr = (waves[i % len(waves)] + r.uniform(0, .5)) * 86400
            a = W.account(kind, rid, ring=rid, pay=cards[i % len(cards)], created=cr)
            c = W.days_counts(.97, float(np.clip(r.lognormal(np.log(110), .4), 40, 290)), k=20)
            t = W.finish(a, W.t_sessions(a, c, PROFILE["flatday"], gap=30, spr=3))
            hs = r.uniform(.45, .7)
            chat = W.chat[langs[r.integers(len(langs))]] if r.random() < .5 else W.chat["en"]
            p, med = W.mix(len(t), [(hs, hp[i % 2], 420), (1 - hs, np.concatenate([chat, W.dev]), 230)])
            W.emit(a, t, gw[r.integers(0, len(gw), len(t))], p, med, ua=ua, key=W.key(), model_p=(.35, .15, .5))
            accts.append(a)
        info["gateway_addresses"] = int(len(gw))
        info["cards"] = len(cards)
    W.rings.append(info)
    return accts

# ---------------------------------------------------------------- assembly and output

def data_root() -> Path:
    env = os.environ.get("GRAPHHUNT_SHARED_DATA")
    if env:
        return Path(env)
    beside = Path(__file__).resolve().parents[2] / "shared" / "data"
    return beside if beside.exists() else Path("/work/shared/data")


def build(args, log) -> World:
    R = load_reference(data_root())
    log(f"reference data read: {len(R['ref'].files)} files")
    W = World(args, R, log)
    r = W.rng
    n_ring = int(round(args.ring_share * args.accounts))
    nb = args.accounts - n_ring
    counts = {k: int(share * nb) for k, _, share in BENIGN}
    counts["api_app"] = max(1, counts["api_app"])
    counts["solo_user"] += nb - sum(counts.values())
    for k, fn, _ in BENIGN:
        t0 = time.time()
        before = len(W.acc)
        fn(W, counts[k])
        assert len(W.acc) - before == counts[k], k
        log(f"  {k}: {counts[k]} accounts ({time.time() - t0:.1f} s)")
    plan = ring_plan(r, n_ring, args.ring_sizes) if n_ring else []
    for i, (kind, size) in enumerate(plan):
        make_ring(W, f"ring-{i + 1:03d}", kind, size)
    log(f"  rings: {len(plan)} rings, {n_ring} accounts")
    assert len(W.acc) == args.accounts
    return W


def write(W: World, out: Path, args, t_start: float, log) -> dict:
    r = W.rng
    N = len(W.acc)
    raw = pd.unique(r.integers(1 << 36, 1 << 40, 2 * N + 10))[:N]
    ids = [f"acc_{x:010x}" for x in raw]
    A = W.acc
    cols = {k: np.concatenate(v) for k, v in W.ev.items()}
    T = cols["t"]
    order = np.argsort(T, kind="stable")
    out.mkdir(parents=True, exist_ok=True)
    acc_arr = pa.array(ids, pa.string())
    pay_arr = pa.array([x["pay"] for x in A], pa.string())
    ip_arr = pa.array(W.ips, pa.string())
    pr_arr = pa.array(W.prompts, pa.large_string() if sum(map(len, W.prompts)) > 2**30 else pa.string())
    ua_arr = pa.array(W.uas, pa.string())
    key_arr = pa.array(W.keys or ["key_none"], pa.string())
    model_arr = pa.array(MODELS, pa.string())
    names = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
    if not args.minimal:
        names += ["user_agent", "output_tokens", "model", "api_key_id"]
    writer = None
    path = out / "events.parquet"
    tmp = out / ".events.parquet.tmp"
    step = 1_000_000
    v6n = 0
    for s in range(0, len(order), step):
        idx = order[s:s + step]
        a = pa.array(cols["a"][idx])
        ipi = cols["ip"][idx]
        d = {"account_id": acc_arr.take(a),
             "timestamp": pa.array(START_MS + T[idx], pa.timestamp("ms", tz="UTC")),
             "ip": ip_arr.take(pa.array(ipi)),
             "payment_method": pay_arr.take(a),
             "prompt": pr_arr.take(pa.array(cols["p"][idx])).cast(pa.string())}
        v6n += int(pa.compute.sum(pa.compute.match_substring(d["ip"], ":").cast(pa.int64())).as_py() or 0)
        if not args.minimal:
            k = cols["key"][idx]
            d["user_agent"] = ua_arr.take(pa.array(cols["ua"][idx]))
            d["output_tokens"] = pa.array(cols["tok"][idx].astype(np.int64))
            d["model"] = model_arr.take(pa.array(cols["m"][idx]))
            d["api_key_id"] = key_arr.take(pa.array(np.maximum(k, 0), mask=k < 0))
        tbl = pa.table({n: d[n] for n in names})
        if writer is None:
            writer = pq.ParquetWriter(tmp, tbl.schema, compression="zstd")
        writer.write_table(tbl, row_group_size=step)
    if writer is None:
        raise SystemExit("no events generated")
    writer.close()
    os.replace(tmp, path)
    created = (pd.to_datetime(START_MS + np.array([x["created"] * 1000 for x in A]).astype(np.int64), unit="ms", utc=True)
               .strftime("%Y-%m-%dT%H:%M:%SZ"))
    if not args.minimal:
        acc = pd.DataFrame({"account_id": ids, "created_at": created, "payment_method": [x["pay"] or "" for x in A],
                            "email_domain": [x["email"] for x in A], "country": [x["cc"] for x in A],
                            "org_id": [x["org"] for x in A], "plan": [x["plan"] for x in A]})
        acc.sort_values("account_id").to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    else:
        (out / "accounts.csv").unlink(missing_ok=True)
        pd.DataFrame({"account_id": ids, "plan": [x["plan"] for x in A]}).sort_values("account_id").to_csv(
            out / "plans.csv", index=False, lineterminator="\n")
    truth = pd.DataFrame({"account_id": ids, "is_ring": ["true" if x["ring"] else "false" for x in A],
                          "ring_id": [x["ring"] for x in A], "cohort": [x["cohort"] for x in A],
                          "group_id": [x["group"] for x in A]})
    truth.sort_values("account_id").to_csv(out / "truth.csv", index=False, lineterminator="\n")
    # ---- world.json
    ev_per_acc = np.bincount(cols["a"], minlength=N)
    coh = {}
    for i, x in enumerate(A):
        c = coh.setdefault(x["cohort"], {"accounts": 0, "events": 0, "groups": set(), "ring": bool(x["ring"])})
        c["accounts"] += 1
        c["events"] += int(ev_per_acc[i])
        if x["group"]:
            c["groups"].add(x["group"])
    cohorts = {k: {"accounts": v["accounts"], "events": v["events"], "groups": len(v["groups"]), "ring": v["ring"],
                   "invented": (k not in CLASSIC) and not v["ring"] if not v["ring"] else k in SMALL_KINDS}
               for k, v in sorted(coh.items())}
    grouped = sum(1 for x in A if not x["ring"] and x["group"])
    social = sum(1 for x in A if not x["ring"] and x["group"] and x["cohort"] not in CROWDS)
    n_ring = sum(1 for x in A if x["ring"])
    day = T // DAY_MS
    pd_max = pd.Series(1, index=pd.MultiIndex.from_arrays([cols["a"], day])).groupby(level=[0, 1]).size()
    plans = np.array([x["plan"] for x in A])
    acc_max = pd_max.groupby(level=0).max()
    max_by_plan = {p: int(acc_max[plans[acc_max.index] == p].max()) if (plans[acc_max.index] == p).any() else 0 for p in LIMITS}
    for rg in W.rings:
        m = [i for i, x in enumerate(A) if x["ring"] == rg["ring_id"]]
        rg["events"] = int(ev_per_acc[m].sum())
        rg["requests_per_account_day"] = round(float(ev_per_acc[m].sum()) / max(1, len(m)) / W.D, 1)
    meta = {
        "generator": GENERATOR,
        "params": {"accounts": args.accounts, "seed": args.seed, "ring_share": args.ring_share, "ring_sizes": args.ring_sizes,
                   "days": args.days, "minimal": bool(args.minimal), "start": START.isoformat().replace("+00:00", "Z")},
        "platform": {"name": "Tessel API", "daily_limits": dict(LIMITS), "daily_limit": LIMITS["builder"],
                     "free_tier_daily_limit": LIMITS["free"], "scale_daily_limit": LIMITS["scale"],
                     "limit_window": "UTC calendar day, per account, by plan",
                     "refused_requests_not_logged": int(W.refused), "max_requests_per_account_day_by_plan": max_by_plan,
                     "models": MODELS, "ipv6_event_share": round(v6n / max(1, len(T)), 4),
                     "dst": {"us_day": US_DST, "eu_day": EU_DST}},
        "counts": {"accounts": N, "events": int(len(T)), "ring_accounts": n_ring, "benign_accounts": N - n_ring,
                   "rings": len(W.rings), "benign_group_accounts": grouped, "benign_social_group_accounts": social,
                   "benign_group_accounts_per_ring_account": round(grouped / n_ring, 1) if n_ring else None,
                   "benign_groups": len({x["group"] for x in A if not x["ring"] and x["group"]}),
                   "distinct_ips": len(W.ips), "distinct_prompts_in_pools": len(W.prompts)},
        "cohorts": cohorts,
        "rings": W.rings,
        "reference_data": {"root": str(data_root()), "files": dict(sorted(W.R["ref"].files.items()))},
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "generation_seconds": round(time.time() - t_start, 1),
    }
    (out / "world.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False, default=int) + "\n")
    return meta


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--accounts", type=int, default=20000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--ring-share", type=float, default=.01)
    p.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], default="small")
    p.add_argument("--days", type=int, default=DEFAULT_DAYS)
    p.add_argument("--minimal", action="store_true")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    if args.accounts < 100 or args.days < 7 or not 0 <= args.ring_share < .5:
        p.error("need --accounts >= 100, --days >= 7 and 0 <= --ring-share < 0.5")
    t0 = time.time()
    log = (lambda m: None) if args.quiet else (lambda m: print(f"[world22 {time.time() - t0:6.1f}s] {m}", file=sys.stderr, flush=True))
    W = build(args, log)
    log(f"writing {sum(len(x) for x in W.ev['t'])} events")
    meta = write(W, args.out, args, t0, log)
    log(f"done: {meta['counts']} in {meta['generation_seconds']} s")


if __name__ == "__main__":
    main()
