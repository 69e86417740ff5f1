#!/usr/bin/env python3
"""World 26: an independent, blind test world for distillation-ring detection (docs/WORLD26.md).

A month of traffic on "Lumen", a fictional multilingual LLM API platform, with four tiers and hard per-account
daily and per-minute limits.  Benign traffic comes from 22 cohorts, many of which share infrastructure, payment
methods or prompt scaffolds legitimately (mobile carrier NAT, office and campus NAT, enterprise tenants behind a
shared secure-web-gateway, an automation SaaS whose bring-your-own-key users all egress from its IPs, agent
frameworks and IDE plugins whose users all send the same scaffold, research labs running public benchmark
templates with chain-of-thought, ...).  Distillation rings come in 11 kinds, from crude card farms to careful
operators (residential-proxy rotation, bought aged accounts, an enterprise front company, parasites riding on the
automation SaaS, a hydra reseller mixing harvesting with genuine resold traffic and rotating accounts weekly).

Standalone: numpy + pandas + pyarrow only.  Reads reference data from $GRAPHHUNT_SHARED_DATA (default
/work/shared/data), never copies it.  Deterministic for a given seed (no Python hash ordering is used).

    python3 benchmarks/world26.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR
"""
from __future__ import annotations

import argparse
import glob
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

START = pd.Timestamp("2026-03-02T00:00:00Z")          # a Monday
DAY = 86400
TIERS = ["free", "dev", "scale", "enterprise"]
DAILY = {"free": 80, "dev": 600, "scale": 2500, "enterprise": 8000}
MINUTE = {"free": 6, "dev": 30, "scale": 90, "enterprise": 300}
MODELS = ["lumen-3", "lumen-3-mini", "lumen-3-reason", "lumen-3-nano"]
MODEL_PROFILES = {
    "consumer": [.45, .45, .06, .04], "app": [.2, .55, .05, .2], "harvest": [.22, 0, .78, 0],
    "harvest_mix": [.45, .1, .45, 0], "study": [.5, .3, .2, 0], "eval": [.4, .15, .45, 0], "cheap": [0, .7, 0, .3],
    "enterprise": [.6, .3, .1, 0],
}
TOKENS = {  # median, sigma of output tokens
    "chat": (320, .8), "short": (110, .7), "cot": (1500, .45), "code": (650, .7), "classify": (18, .6),
    "summary": (170, .5), "agent": (380, .8), "translate": (420, .6), "cot_short": (700, .5),
}
COUNTRY_TZ = {"US": -6, "CA": -5, "MX": -6, "BR": -3, "GB": 0, "DE": 1, "FR": 1, "ES": 1, "IT": 1, "NL": 1, "PL": 1,
              "TR": 3, "IN": 5.5, "ID": 7, "VN": 7, "PH": 8, "CN": 8, "KR": 9, "JP": 9, "AU": 10, "NG": 1}
COUNTRY_W = {"US": 24, "IN": 10, "DE": 6, "GB": 6, "FR": 5, "BR": 6, "JP": 5, "ES": 3, "IT": 3, "NL": 2, "PL": 2,
             "TR": 3, "ID": 4, "VN": 2, "PH": 3, "KR": 3, "CA": 3, "MX": 3, "AU": 2, "NG": 2, "CN": 1}
COUNTRY_LANG = {"US": "en", "CA": "en", "GB": "en", "AU": "en", "NG": "en", "IN": "en", "PH": "en", "MX": "es",
                "ES": "es", "BR": "pt", "DE": "de", "FR": "fr", "IT": "en", "NL": "en", "PL": "en", "TR": "tr",
                "ID": "id", "VN": "en", "CN": "zh", "KR": "ko", "JP": "ja"}
# IPv6 prefixes inside real carrier / ISP allocations (illustrative; addresses are synthesised within them)
V6_RES = {"US": ["2601::/20"], "DE": ["2003::/19"], "FR": ["2a01:c000::/19", "2a01:e00::/26"], "GB": ["2a00:23c0::/29"],
          "BR": ["2804:14c::/32"], "JP": ["240b:10::/28"], "IN": ["2401:4900::/32"]}
V6_MOB = {"US": ["2607:fb90::/32", "2600:1000::/28"], "IN": ["2409:4000::/22", "2401:4900::/32"],
          "PH": ["2001:4450::/28"], "ID": ["2001:448a::/32"], "DE": ["2a01:598::/32"], "BR": ["2804:18::/32"]}
HUMAN_DIURNAL = np.array([1, .6, .4, .3, .3, .4, .8, 1.5, 2.5, 3.5, 4, 4, 3.5, 3.8, 4, 3.8, 3.5, 3.2, 3, 3.2, 3.5,
                          3.2, 2.5, 1.6])
HUMAN_DIURNAL = HUMAN_DIURNAL / HUMAN_DIURNAL.sum()
SCHED = {"human": 0, "flat": 1, "windows": 2, "business": 3, "midnight": 4, "cron": 5}

UA = {
    "chrome_win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
    "chrome_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
    "firefox": "Mozilla/5.0 (X11; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0",
    "safari": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15",
    "edge": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36 Edg/133.0.0.0",
    "ios_app": "LumenChat/5.12.0 (iPhone15,2; iOS 18.3; Scale/3.00)",
    "ios_app_old": "LumenChat/5.11.4 (iPhone13,2; iOS 17.7; Scale/3.00)",
    "android_app": "LumenChat/5.12.0 (Android 14; SM-S911B; Build/UP1A)",
    "android_app2": "LumenChat/5.12.0 (Android 15; Pixel 8; Build/AP4A)",
    "py": "lumen-python/1.62.0 httpx/0.28.1 CPython/3.12.8",
    "py_old": "lumen-python/1.59.3 httpx/0.27.2 CPython/3.11.9",
    "py_pinned": "lumen-python/1.48.0 httpx/0.27.0 CPython/3.10.12",
    "node": "lumen-node/4.77.0 node/20.18.1",
    "node_old": "lumen-node/4.70.2 node/18.20.4",
    "curl": "curl/8.5.0",
    "go": "Go-http-client/2.0",
    "java": "lumen-java/2.3.1 okhttp/4.12.0",
    "flowmate": "Flowmate-Connector/5.3.0 (+https://flowmate.example/bot)",
    "wayfarer": "wayfarer/0.14.2 lumen-python/1.61.0 CPython/3.12.4",
    "wayfarer_old": "wayfarer/0.13.7 lumen-python/1.57.0 CPython/3.11.7",
    "ide_vscode": "CodeLantern/2.8.0 vscode/1.97.2",
    "ide_jb": "CodeLantern/2.8.0 jetbrains/2024.3.3",
    "oneapi": "one-api/0.6.11",
    "newapi": "new-api/0.4.7",
    "headless": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.86 Safari/537.36",
    "headless2": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.86 Safari/537.36",
    "sso_gw": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36 SWG/3.1",
}
UA_KEYS = list(UA)
CONSUMER_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com", "proton.me", "gmx.de", "web.de",
                 "orange.fr", "libero.it", "uol.com.br", "qq.com", "naver.com", "yandex.ru", "rediffmail.com", "mail.com"]
DISPOSABLE = ["mailinator.com", "guerrillamail.com", "yopmail.com", "sharklasers.com", "tempmail.dev", "dropmail.me"]
SYL = ["ka", "lo", "mi", "ra", "ven", "tor", "sol", "nex", "qua", "bri", "del", "fin", "gar", "hol", "jun", "kel",
       "lum", "mar", "nor", "pel", "ris", "sta", "tal", "vor", "wix", "zen", "ar", "ol", "in", "ex", "ion", "ly"]

# ------------------------------------------------------------------------------------------- prompt content
TOPICS = {
    "en": ["a sourdough starter", "my resume", "the French revolution", "a birthday party for a 7 year old",
           "kubernetes ingress", "a 10k training plan", "my landlord's deposit rules", "tax deductions for freelancers",
           "photosynthesis", "a wedding toast", "python decorators", "SQL window functions", "a cover letter",
           "a trip to Lisbon", "budgeting on a low income", "my cat's diet", "quantum entanglement",
           "a marketing plan for a bakery", "learning guitar as an adult", "a business email to a late supplier",
           "React state management", "the causes of inflation", "a bedtime story about a dragon",
           "my vegetable garden", "negotiating a salary", "the plot of Hamlet", "Excel pivot tables",
           "a podcast intro", "climate change policy", "git rebase vs merge"],
    "es": ["mi currículum", "una receta de paella", "la revolución mexicana", "un viaje a Oaxaca", "mi presupuesto mensual",
           "una carta de presentación", "la fotosíntesis", "un plan de marketing para una cafetería", "aprender inglés",
           "el contrato de alquiler", "funciones en Python", "un discurso de boda"],
    "pt": ["meu currículo", "uma receita de feijoada", "a independência do Brasil", "uma viagem para Salvador",
           "meu orçamento", "uma carta de apresentação", "a fotossíntese", "um plano de negócios", "aprender programação",
           "o contrato de aluguel", "o imposto de renda", "uma festa de aniversário"],
    "de": ["meinen Lebenslauf", "ein Rezept für Apfelstrudel", "die Weimarer Republik", "eine Reise nach Wien",
           "mein Haushaltsbuch", "ein Anschreiben", "die Photosynthese", "einen Businessplan", "Mietrecht",
           "Python-Klassen", "die Steuererklärung", "eine Hochzeitsrede"],
    "fr": ["mon CV", "une recette de ratatouille", "la Révolution française", "un voyage à Lyon", "mon budget",
           "une lettre de motivation", "la photosynthèse", "un business plan", "le droit du bail",
           "les fonctions Python", "la déclaration d'impôts", "un discours de mariage"],
    "ja": ["履歴書", "カレーのレシピ", "明治維新", "京都旅行", "家計簿", "志望動機", "光合成", "事業計画", "賃貸契約",
           "Pythonの関数", "確定申告", "結婚式のスピーチ"],
    "zh": ["我的简历", "红烧肉的做法", "辛亥革命", "去成都旅游", "每月预算", "求职信", "光合作用", "商业计划书",
           "租房合同", "Python函数", "个人所得税", "婚礼致辞"],
    "ko": ["내 이력서", "김치찌개 레시피", "조선 왕조", "부산 여행", "한 달 예산", "자기소개서", "광합성", "사업 계획서",
           "전세 계약", "파이썬 함수", "연말정산", "결혼식 축사"],
    "id": ["CV saya", "resep rendang", "sejarah kemerdekaan Indonesia", "liburan ke Bali", "anggaran bulanan",
           "surat lamaran kerja", "fotosintesis", "rencana bisnis", "kontrak sewa", "fungsi Python", "pajak", "pidato"],
    "tr": ["özgeçmişim", "mercimek çorbası tarifi", "Osmanlı tarihi", "İstanbul gezisi", "aylık bütçe",
           "ön yazı", "fotosentez", "iş planı", "kira sözleşmesi", "Python fonksiyonları", "vergi", "düğün konuşması"],
}
FRAMES = {
    "en": ["How do I get started with {t}?", "Can you explain {t} in simple terms?", "Give me 5 ideas for {t}.",
           "What are common mistakes with {t}?", "Help me improve {t}. Here is what I have so far: {s}",
           "Write a short message about {t} for {w}.", "Summarize the pros and cons of {t}.",
           "I'm confused about {t}. {s} What should I do?", "Make a checklist for {t}.", "{s} Any thoughts on {t}?"],
    "es": ["¿Cómo empiezo con {t}?", "Explícame {t} de forma sencilla.", "Dame 5 ideas para {t}.",
           "¿Qué errores comunes hay con {t}?", "Ayúdame a mejorar {t}: {s}", "Resume ventajas y desventajas de {t}."],
    "pt": ["Como eu começo com {t}?", "Explique {t} de forma simples.", "Me dê 5 ideias para {t}.",
           "Quais erros comuns com {t}?", "Me ajuda a melhorar {t}: {s}", "Resuma prós e contras de {t}."],
    "de": ["Wie fange ich mit {t} an?", "Erkläre mir {t} einfach.", "Gib mir 5 Ideen für {t}.",
           "Welche typischen Fehler gibt es bei {t}?", "Hilf mir, {t} zu verbessern: {s}", "Vor- und Nachteile: {t}?"],
    "fr": ["Comment commencer avec {t} ?", "Explique-moi {t} simplement.", "Donne-moi 5 idées pour {t}.",
           "Quelles erreurs fréquentes avec {t} ?", "Aide-moi à améliorer {t} : {s}", "Avantages et inconvénients de {t} ?"],
    "ja": ["{t}について簡単に説明してください。", "{t}のアイデアを5つください。", "{t}でよくある間違いは？",
           "{t}を改善したいです：{s}", "{t}のメリットとデメリットをまとめて。"],
    "zh": ["请简单解释一下{t}。", "给我五个关于{t}的点子。", "{t}有哪些常见错误？", "帮我改进{t}：{s}", "总结{t}的优缺点。"],
    "ko": ["{t}에 대해 쉽게 설명해줘.", "{t} 아이디어 5개 줘.", "{t}에서 흔한 실수는?", "{t} 개선을 도와줘: {s}",
           "{t}의 장단점을 정리해줘."],
    "id": ["Bagaimana cara mulai {t}?", "Jelaskan {t} dengan sederhana.", "Beri 5 ide untuk {t}.",
           "Bantu perbaiki {t}: {s}", "Apa kelebihan dan kekurangan {t}?"],
    "tr": ["{t} ile nasıl başlarım?", "{t} konusunu basitçe açıkla.", "{t} için 5 fikir ver.",
           "{t} konusunu geliştirmeme yardım et: {s}", "{t} artıları ve eksileri neler?"],
}
WHO = ["my boss", "a client", "my team", "my landlord", "a teacher", "my neighbour", "a recruiter", "my grandma"]
FOLLOWUPS = ["continue", "make it shorter", "more formal please", "can you give an example?", "thanks!",
             "now translate it to Spanish", "rewrite it as bullet points", "why?", "that's wrong, try again",
             "add a table", "explain the second point", "ok and what about the cost?"]
COT = {
    "en": ["Think step by step and show all intermediate reasoning before the final answer.",
           "Let's work through this carefully, one step at a time. End with 'Final answer:'.",
           "Explain your full reasoning process in detail, then state the answer.",
           "Reason inside <thinking> tags, then give only the answer inside <answer> tags.",
           "Before answering, write out your chain of thought. Be exhaustive.",
           "Show your work. Number every step. Verify the result at the end."],
    "es": ["Piensa paso a paso y muestra todo tu razonamiento antes de la respuesta final.",
           "Explica tu razonamiento completo en detalle y luego da la respuesta."],
    "pt": ["Pense passo a passo e mostre todo o raciocínio antes da resposta final.",
           "Explique seu raciocínio completo em detalhes e depois dê a resposta."],
    "de": ["Denke Schritt für Schritt und zeige jeden Zwischenschritt vor der endgültigen Antwort.",
           "Erkläre deinen vollständigen Gedankengang ausführlich und nenne dann die Antwort."],
    "fr": ["Réfléchis étape par étape et montre tout ton raisonnement avant la réponse finale.",
           "Explique ton raisonnement complet en détail, puis donne la réponse."],
    "ja": ["段階的に考え、最終的な答えの前にすべての推論過程を示してください。", "推論の過程を詳しく説明してから答えてください。"],
    "zh": ["请一步一步地思考，并在最终答案之前展示所有推理过程。", "请详细解释你的完整推理过程，然后给出答案。"],
    "ko": ["단계별로 생각하고 최종 답 전에 모든 추론 과정을 보여주세요.", "추론 과정을 자세히 설명한 뒤 답을 말해주세요."],
    "id": ["Pikirkan langkah demi langkah dan tunjukkan semua penalaran sebelum jawaban akhir.",
           "Jelaskan seluruh proses penalaranmu secara rinci, lalu berikan jawabannya."],
    "tr": ["Adım adım düşün ve nihai cevaptan önce tüm akıl yürütmeni göster.",
           "Tüm akıl yürütme sürecini ayrıntılı açıkla, sonra cevabı ver."],
}
NAMES = ["Ana", "Ben", "Chen", "Divya", "Emeka", "Fatima", "Goro", "Hana", "Ivan", "Jorge", "Kofi", "Lena", "Mateo",
         "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vera", "Wei", "Yara", "Zoe"]
ITEMS = ["apples", "notebooks", "tickets", "bolts", "cupcakes", "bus passes", "seedlings", "batteries", "tiles"]
MATH = [
    "{n} buys {a} {i} at ${p} each and pays with a ${b} bill. How much change does {n} receive?",
    "A tank holds {a} litres and drains at {p} litres per minute while being filled at {q} litres per minute. How long until it is empty?",
    "The sum of three consecutive integers is {b}. What is the largest of them?",
    "A train leaves at {h}:00 travelling {a} km/h; a second leaves {q} hours later at {b} km/h on the same track. When does the second catch up?",
    "How many positive integers less than {b} are divisible by {q} or {p} but not both?",
    "A rectangle has perimeter {b} and its length is {q} more than its width. Find its area.",
    "{n} invests ${b} at {p}% annual interest compounded monthly. What is the balance after {q} years?",
    "Find all real x with x^2 - {a}x + {p} = 0 and verify each root.",
    "In how many ways can {q} students be seated in a row of {a} chairs if two of them refuse to sit together?",
    "A bag has {a} red and {p} blue marbles. Two are drawn without replacement. What is the probability both are red?",
    "Let f(x) = {q}x^3 - {p}x + {a}. Find the local extrema of f and classify them.",
    "The average of {q} numbers is {a}. When one number is removed the average becomes {p}. What number was removed?",
]
CODE_LANGS = ["Python", "TypeScript", "Rust", "Go", "Java", "C++", "SQL", "Kotlin"]
CODE_TASKS = ["parses an ISO 8601 duration into seconds", "merges overlapping intervals", "computes the longest "
              "palindromic substring", "implements an LRU cache with O(1) operations", "validates a sudoku board",
              "deduplicates a list while preserving order", "finds the k most frequent words in a text",
              "serialises a binary tree to a string and back", "rate-limits calls with a token bucket",
              "computes edit distance between two strings", "topologically sorts a dependency graph",
              "streams a CSV file and aggregates a column by key", "detects a cycle in a linked list",
              "implements Dijkstra's algorithm on an adjacency list", "converts Roman numerals to integers",
              "balances parentheses with minimum insertions", "implements a trie with prefix search",
              "computes the median of a data stream", "schedules meetings into the fewest rooms",
              "implements a thread-safe bounded queue"]
MED = ["chest pain", "fever", "shortness of breath", "joint swelling", "fatigue", "rash", "headache", "weight loss",
       "night sweats", "abdominal pain", "palpitations", "cough"]
LAW = ["a tenant withholding rent over mould", "a non-compete clause in a software contract", "a dog bite on a "
       "neighbour's property", "a contractor abandoning a renovation", "an employer changing shifts without notice",
       "copyright in AI-generated images", "a data breach at a small clinic", "an inheritance dispute between siblings"]
TOOLS_TASKS = ["book the cheapest flight from {a} to {b} next Friday", "find and fix the failing test in repo {a}",
               "compile a table of the 5 largest {b} companies by revenue", "reconcile invoice #{a} against the ledger",
               "draft and schedule a follow-up email to lead {b}", "summarise yesterday's error logs for service {a}"]


def _sents(texts: list[str]) -> list[str]:
    out = []
    for t in texts:
        for s in re.split(r"(?<=[.!?])\s+", str(t).replace("\n", " ")):
            s = s.strip()
            if 30 <= len(s) <= 220 and "{" not in s and "}" not in s and "%" not in s:
                out.append(s)
    return out


def _yaml_scalar(lines: list[str]) -> str:
    """Lenient decode of a YAML scalar (double-quoted, single-quoted or plain, possibly folded over lines)."""
    raw = lines[0].lstrip()
    rest = [ln.strip() for ln in lines[1:]]
    if raw.startswith('"'):
        body = [raw[1:]] + rest
        out, i = "", 0
        for k, ln in enumerate(body):
            if k > 0:
                if ln == "":
                    out += "\n"
                    continue
                if out.endswith("\\"):
                    out = out[:-1]
                elif not out.endswith("\n"):
                    out += " "
            out += ln
        out = out.rstrip()
        if out.endswith('"'):
            out = out[:-1]
        rep = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " "}
        res, j = [], 0
        while j < len(out):
            c = out[j]
            if c == "\\" and j + 1 < len(out):
                res.append(rep.get(out[j + 1], out[j + 1]))
                j += 2
            else:
                res.append(c)
                j += 1
        return "".join(res)
    if raw.startswith("'"):
        body = [raw[1:]] + rest
        out = ""
        for k, ln in enumerate(body):
            if k > 0:
                out += "\n" if ln == "" else ("" if out.endswith("\n") else " ")
            out += ln
        out = out.rstrip()
        if out.endswith("'"):
            out = out[:-1]
        return out.replace("''", "'")
    return " ".join([raw] + rest)


class Content:
    """Prompt material: real prompts (awesome-chatgpt-prompts), real templates (promptsource), my own frames."""

    def __init__(self, data: Path, rng: np.random.Generator, files: dict):
        p = data / "prompts" / "awesome-chatgpt-prompts.csv"
        files["prompts/awesome-chatgpt-prompts.csv"] = _sha_file(p)
        aw = pd.read_csv(p, dtype=str, keep_default_na=False)
        aw = aw[aw["type"] == "TEXT"] if "type" in aw.columns else aw
        self.awesome = [s[:1400] for s in aw["prompt"].tolist()        # no Jinja-like markers: they would read
                        if len(s) >= 40 and not re.search(r"\{\{|\}\}|\{%|%\}", s)]   # as unrendered templates
        self.sents = _sents(aw["prompt"].tolist())
        self.templates = []      # (dataset, [literal | ('slot', kind)], choices)
        tfiles = sorted(glob.glob(str(data / "prompts" / "promptsource-templates" / "**" / "templates.yaml"),
                                  recursive=True))
        for f in tfiles:
            rel = os.path.relpath(f, data)
            files[rel] = _sha_file(Path(f))
            self._parse_templates(Path(f))
        self.datasets = sorted({t[0] for t in self.templates})
        self.by_ds = {d: [i for i, t in enumerate(self.templates) if t[0] == d] for d in self.datasets}
        self.rng = rng

    def _parse_templates(self, f: Path):
        lines = f.read_text(encoding="utf-8", errors="replace").split("\n")
        ds = f.parent.name if f.parent.parent.name == "promptsource-templates" else \
            f.parent.parent.name + "/" + f.parent.name
        i = 0
        choices = None
        while i < len(lines):
            ln = lines[i]
            m = re.match(r"^(\s+)(jinja|answer_choices):\s?(.*)$", ln)
            if not m:
                if re.match(r"^\s+\S+: !Template", ln):
                    choices = None
                i += 1
                continue
            ind = len(m.group(1))
            block = [m.group(3)]
            j = i + 1
            while j < len(lines) and (lines[j].strip() == "" or len(lines[j]) - len(lines[j].lstrip()) > ind):
                if lines[j].strip() == "" and j + 1 < len(lines) and \
                        len(lines[j + 1]) - len(lines[j + 1].lstrip()) <= ind and lines[j + 1].strip():
                    break
                block.append(lines[j])
                j += 1
            val = _yaml_scalar(block)
            if m.group(2) == "answer_choices":
                choices = [c.strip() for c in val.split("|||") if c.strip()][:8]
            else:
                self._compile(ds, val, choices)
            i = j

    def _compile(self, ds: str, jinja: str, choices):
        src = jinja.split("|||")[0]
        parts = re.split(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", src, flags=re.S)
        out, nslot = [], 0
        for p in parts:
            if p.startswith("{{"):
                expr = p[2:-2].strip()
                if "answer_choices" in expr:
                    out.append(("slot", "choices"))
                else:
                    name = re.match(r"[A-Za-z_]*", expr).group(0).lower()
                    kind = "q" if any(k in name for k in ("question", "query", "claim")) else \
                        "long" if any(k in name for k in ("passage", "context", "article", "document", "text",
                                                          "paragraph", "dialogue", "story", "review")) else "short"
                    out.append(("slot", kind))
                nslot += 1
            elif p.startswith("{%") or p.startswith("{#"):
                continue
            elif p:
                out.append(p)
        lit = "".join(x for x in out if isinstance(x, str)).strip()
        if nslot == 0 or len(lit) < 12:
            return
        self.templates.append((ds, out, choices or ["yes", "no"]))

    # -- building blocks (all take the shared rng, draw sequentially: deterministic)
    def sent(self, k=1) -> str:
        idx = self.rng.integers(0, len(self.sents), size=k)
        return " ".join(self.sents[i] for i in idx)

    def render(self, ti: int) -> str:
        ds, parts, choices = self.templates[ti]
        r = self.rng
        out = []
        for p in parts:
            if isinstance(p, str):
                out.append(p)
            elif p[1] == "choices":
                out.append(", ".join(choices))
            elif p[1] == "long":
                out.append(self.sent(int(r.integers(2, 6))))
            elif p[1] == "q":
                s = self.sents[int(r.integers(len(self.sents)))]
                out.append(s.rstrip(".!") + "?")
            else:
                s = self.sents[int(r.integers(len(self.sents)))].split()
                a = int(r.integers(0, max(1, len(s) - 3)))
                out.append(" ".join(s[a:a + int(r.integers(1, 4))]).strip(".,;:"))
        txt = "".join(out).strip()
        return re.sub(r"\{\{|\}\}|\{%|%\}|\{#|#\}", "", txt)

    def math(self) -> str:
        r = self.rng
        t = MATH[int(r.integers(len(MATH)))]
        return t.format(n=NAMES[int(r.integers(len(NAMES)))], a=int(r.integers(3, 90)), i=ITEMS[int(r.integers(9))],
                        p=int(r.integers(2, 40)), q=int(r.integers(2, 12)), b=int(r.integers(40, 900)),
                        h=int(r.integers(5, 12)))

    def code(self) -> str:
        r = self.rng
        return (f"Write a {CODE_LANGS[int(r.integers(len(CODE_LANGS)))]} function that "
                f"{CODE_TASKS[int(r.integers(len(CODE_TASKS)))]}. Include edge cases and complexity analysis.")

    def med(self) -> str:
        r = self.rng
        a, b = r.choice(len(MED), 2, replace=False)
        return (f"A {int(r.integers(18, 88))}-year-old {'woman' if r.random() < .5 else 'man'} presents with {MED[a]} "
                f"and {MED[b]} for {int(r.integers(1, 30))} days. Temperature {37 + r.random() * 2.5:.1f} C, "
                f"heart rate {int(r.integers(60, 130))}. What is the most likely diagnosis and the next best step?")

    def law(self) -> str:
        r = self.rng
        return (f"Analyse the legal position in {LAW[int(r.integers(len(LAW)))]} under {['US', 'UK', 'EU', 'Indian', 'Brazilian'][int(r.integers(5))]} "
                f"law. Facts: {self.sent(2)} Identify issues, rules, application and conclusion.")

    def tool(self) -> str:
        r = self.rng
        return TOOLS_TASKS[int(r.integers(len(TOOLS_TASKS)))].format(a=int(r.integers(100, 9999)),
                                                                     b=NAMES[int(r.integers(len(NAMES)))])

    def organic(self, lang: str, aw: float = .08) -> str:
        r = self.rng
        u = r.random()
        if u < aw:
            return self.awesome[int(r.integers(len(self.awesome)))]
        if u < aw + .12:
            return FOLLOWUPS[int(r.integers(len(FOLLOWUPS)))]
        if lang != "en" and r.random() < .15:
            lang = "en"
        fr = FRAMES[lang][int(r.integers(len(FRAMES[lang])))]
        tp = TOPICS[lang][int(r.integers(len(TOPICS[lang])))]
        s = self.sent(1) if "{s}" in fr else ""
        return fr.format(t=tp, s=s, w=WHO[int(r.integers(len(WHO)))])


# --------------------------------------------------------------------------------------------- IP material
def _sha_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def _cidrs(lines) -> np.ndarray:
    out = []
    for ln in lines:
        ln = ln.strip()
        if not ln or ln.startswith("#") or ":" in ln:
            continue
        try:
            n = ipaddress.IPv4Network(ln, strict=False)
        except ValueError:
            continue
        out.append((int(n.network_address), n.prefixlen))
    return np.array(out, dtype=np.int64).reshape(-1, 2)


class IPs:
    def __init__(self, data: Path, rng: np.random.Generator, files: dict):
        self.rng = rng
        self.strs: list[str] = []
        self.index: dict[str, int] = {}
        base = data / "ip"
        f = base / "pyasn" / "ipasn_20140513.dat.gz"
        files["ip/pyasn/ipasn_20140513.dat.gz"] = _sha_file(f)
        fn = base / "pyasn" / "asnames.json.gz"
        files["ip/pyasn/asnames.json.gz"] = _sha_file(fn)
        tab = pd.read_csv(f, sep="\t", comment=";", header=None, names=["pfx", "asn"], dtype={"pfx": str, "asn": np.int64})
        names = json.loads(gzip.open(fn).read())
        an = pd.DataFrame(sorted(((int(k), v) for k, v in names.items()), key=lambda kv: kv[0]), columns=["asn", "name"])
        an["cc"] = an["name"].str.extract(r",\s*([A-Z]{2})\s*$", expand=False).fillna("")
        host = r"(?i)hosting|data ?cent|cloud|server|colo|vps|amazon|google|microsoft|bank|gov|ministry|hetzner|ovh"
        isp = (r"(?i)comcast|charter|cox |verizon|at&t|telecom|telekom|telefonica|orange|vodafone|bharti|airtel|"
               r"jio|pldt|globe telecom|kddi|ntt|chinanet|unicom|korea telecom|kt corp|sk broadband|telmex|telkom|"
               r"rostelecom|british telecom|virgin media|sky |free sas|proximus|swisscom|bell canada|rogers|telstra|"
               r"optus|viettel|vnpt|turk telekom|ttnet|net servicos|claro|vivo|oi |cable|broadband")
        mob = r"(?i)mobile|mobility|wireless|cellular|jio|telkomsel|smart comm|airtel|vodafone|t-mobile|turkcell"
        acad = r"(?i)universit|college|institute of technology"
        is_host = an["name"].str.contains(host)
        is_acad = an["name"].str.contains(acad) & ~is_host
        is_isp = an["name"].str.contains(isp) & ~is_host & ~is_acad
        is_mob = an["name"].str.contains(mob) & ~is_host & ~is_acad
        npfx = tab.groupby("asn").size()
        an["n"] = npfx.reindex(an["asn"].to_numpy()).fillna(0).astype(int).to_numpy()
        an = an[an["n"] > 0]
        chosen: dict[int, None] = {}
        self.res, self.mob = {}, {}
        res_asn, mob_asn = {}, {}
        for cc in sorted(COUNTRY_TZ):
            sub = an[is_isp.reindex(an.index) & (an["cc"] == cc)].sort_values(["n", "asn"], ascending=[False, True])
            res_asn[cc] = sub["asn"].tolist()[:8]
            subm = an[is_mob.reindex(an.index) & (an["cc"] == cc)].sort_values(["n", "asn"], ascending=[False, True])
            mob_asn[cc] = subm["asn"].tolist()[:3]
        aa = an[is_acad.reindex(an.index) & (an["n"] >= 2)].sort_values(["n", "asn"], ascending=[False, True]).head(300)
        for lst in list(res_asn.values()) + list(mob_asn.values()) + [aa["asn"].tolist()]:
            for x in lst:
                chosen[x] = None
        sel = tab[tab["asn"].isin(list(chosen))]
        by = {int(k): self._pfx(v["pfx"]) for k, v in sel.groupby("asn", sort=True)}
        for cc in sorted(COUNTRY_TZ):
            self.res[cc] = [by[x] for x in res_asn[cc] if len(by.get(x, []))]
            self.mob[cc] = [by[x] for x in mob_asn[cc] if len(by.get(x, []))] or self.res[cc]
        us = self.res["US"]
        for cc in sorted(COUNTRY_TZ):
            self.res[cc] = self.res[cc] or us
            self.mob[cc] = self.mob[cc] or us
        self.acad = [(int(a), by[int(a)], nm) for a, nm in zip(aa["asn"], aa["name"]) if len(by.get(int(a), []))]
        self._cum: dict[int, np.ndarray] = {}
        self.cloud = {}
        for prov in sorted(os.listdir(base / "cloud")):
            p = base / "cloud" / prov / "ipv4_merged.txt"
            if p.exists():
                files[f"ip/cloud/{prov}/ipv4_merged.txt"] = _sha_file(p)
                self.cloud[prov] = _cidrs(p.read_text().split("\n"))
        for k in ("x4b_vpn_ipv4.txt", "x4b_datacenter_ipv4.txt"):
            files[f"ip/vpn/{k}"] = _sha_file(base / "vpn" / k)
        self.vpn = _cidrs((base / "vpn" / "x4b_vpn_ipv4.txt").read_text().split("\n"))
        self.dc = _cidrs((base / "vpn" / "x4b_datacenter_ipv4.txt").read_text().split("\n"))
        files["ip/tor/tor-exit-nodes.lst"] = _sha_file(base / "tor" / "tor-exit-nodes.lst")
        tor = [x.strip() for x in (base / "tor" / "tor-exit-nodes.lst").read_text().split("\n") if x.strip()]
        self.tor = [t for t in tor if self._ok(t)]
        self.cc_list = sorted(COUNTRY_W)
        self.cc_p = np.array([COUNTRY_W[c] for c in self.cc_list], float)
        self.cc_p /= self.cc_p.sum()

    @staticmethod
    def _pfx(s: pd.Series) -> np.ndarray:
        out = []
        for x in s.tolist():
            try:
                n = ipaddress.IPv4Network(x, strict=False)
            except ValueError:
                continue
            if n.prefixlen <= 28:
                out.append((int(n.network_address), n.prefixlen))
        return np.array(out, dtype=np.int64).reshape(-1, 2)

    @staticmethod
    def _ok(s: str) -> bool:
        try:
            a = ipaddress.ip_address(s)
        except ValueError:
            return False
        return a.is_global and not (a.is_private or a.is_loopback or a.is_link_local or a.is_multicast or a.is_reserved)

    def add(self, s: str) -> int:
        i = self.index.get(s)
        if i is None:
            i = len(self.strs)
            self.index[s] = i
            self.strs.append(s)
        return i

    def v4(self, cidrs: np.ndarray, n: int, block: int | None = None) -> list[int]:
        """n public addresses from a CIDR table (prefixes weighted by sqrt size); block: all inside one /block."""
        r = self.rng
        key = id(cidrs)
        if key not in self._cum:
            w = np.sqrt(2.0 ** (32 - cidrs[:, 1]))
            self._cum[key] = np.cumsum(w) / w.sum()
            self._keep = getattr(self, "_keep", []) + [cidrs]     # keep the array alive: its id stays unique
        cum = self._cum[key]
        out: list[int] = []
        if block is not None:
            pi = min(int(np.searchsorted(cum, r.random())), len(cidrs) - 1)
            net, ln = int(cidrs[pi, 0]), int(cidrs[pi, 1])
            bl = max(ln, block)
            bsz = 2 ** (32 - bl)
            start = net + (int(r.integers(0, 2 ** (bl - ln))) * bsz if bl > ln else 0)
        for _ in range(60):
            m = 2 * (n - len(out)) + 4
            if block is not None:
                a = start + (r.random(m) * max(1, bsz - 2)).astype(np.int64) + 1
            else:
                pi = np.minimum(np.searchsorted(cum, r.random(m)), len(cidrs) - 1)
                sz = 2 ** (32 - cidrs[pi, 1])
                a = cidrs[pi, 0] + 1 + (r.random(m) * np.maximum(sz - 2, 1)).astype(np.int64)
            for x in a.tolist():
                if (x & 255) in (0, 255):
                    continue
                s = str(ipaddress.IPv4Address(x))
                if self._ok(s):
                    out.append(self.add(s))
                    if len(out) == n:
                        return out
        return out

    def v6(self, prefixes: list[str], n: int, same64: bool = False, within: int | None = None) -> list[int]:
        r = self.rng
        out = []
        net = ipaddress.IPv6Network(prefixes[int(r.integers(len(prefixes)))])
        base = int(net.network_address)
        free = 128 - net.prefixlen
        if within is not None:       # pin a sub-prefix (a /within inside the carrier prefix)
            sub = within - net.prefixlen
            base = base + (int(r.integers(0, 2 ** min(sub, 62))) << (128 - within))
            free = 128 - within
        p64 = int(r.integers(0, 2 ** min(free - 64, 62))) << 64 if free > 64 else 0
        while len(out) < n:
            if not same64 and free > 64:
                p64 = int(r.integers(0, 2 ** min(free - 64, 62))) << 64
            iid = int(r.integers(1, 2 ** 62)) * 4 + int(r.integers(0, 4))
            s = ipaddress.IPv6Address(base + p64 + iid).compressed
            if self._ok(s):
                out.append(self.add(s))
        return out

    def country(self) -> str:
        return self.cc_list[int(self.rng.choice(len(self.cc_list), p=self.cc_p))]

    def home(self, cc: str, n: int) -> list[int]:
        lst = self.res.get(cc) or self.res["US"]
        ips = self.v4(lst[int(self.rng.integers(len(lst)))], n)
        if cc in V6_RES and self.rng.random() < .55:      # dual stack: the client prefers IPv6
            ips = self.v6(V6_RES[cc], int(self.rng.integers(1, 3)), same64=True) + ips
        return ips

    def isp(self, cc: str) -> np.ndarray:
        lst = self.res.get(cc) or self.res["US"]
        return lst[int(self.rng.integers(len(lst)))]

    def mobile_v4(self, cc: str, n: int) -> list[int]:
        lst = self.mob.get(cc) or self.res["US"]
        return self.v4(lst[int(self.rng.integers(len(lst)))], n)


# ---------------------------------------------------------------------------------------------- the world
class World:
    def __init__(self, args, data: Path):
        self.args = args
        self.rng = np.random.default_rng(args.seed)
        self.files: dict[str, str] = {}
        self.C = Content(data, self.rng, self.files)
        self.I = IPs(data, self.rng, self.files)
        self.D = args.days
        self.T = args.days * DAY
        self.acc: list[dict] = []
        self.segs: list[dict] = []
        self.pool: list[int] = []
        self.windows: list[list[tuple[int, int]]] = []
        self.rings: list[dict] = []
        self.shared: dict[str, tuple[int, int]] = {}
        self.gen_names: list[str] = []
        self._pm_seen: dict[str, int] = {}

    # -- helpers
    def r(self):
        return self.rng

    def pool_ref(self, ips: list[int]) -> tuple[int, int]:
        off = len(self.pool)
        self.pool.extend(ips)
        return off, len(ips)

    def shared_pool(self, key: str, make) -> tuple[int, int]:
        if key not in self.shared:
            self.shared[key] = self.pool_ref(make())
        return self.shared[key]

    def pm(self) -> str:
        while True:
            s = "pm_" + "".join("0123456789abcdef"[i] for i in self.rng.integers(0, 16, 16))
            if s not in self._pm_seen:
                self._pm_seen[s] = 1
                return s

    def word(self, k=2) -> str:
        return "".join(SYL[i] for i in self.rng.integers(0, len(SYL), k))

    def company_domain(self) -> str:
        return self.word(int(self.rng.integers(2, 4))) + [".com", ".io", ".co", ".de", ".fr", ".in", ".com.br",
                                                          ".co.uk", ".ai", ".net"][int(self.rng.integers(10))]

    def consumer_mail(self, cc: str) -> str:
        r = self.rng
        loc = {"DE": ["gmx.de", "web.de"], "FR": ["orange.fr"], "IT": ["libero.it"], "BR": ["uol.com.br"],
               "CN": ["qq.com"], "KR": ["naver.com"], "IN": ["rediffmail.com"]}.get(cc, [])
        if loc and r.random() < .3:
            return loc[int(r.integers(len(loc)))]
        return CONSUMER_MAIL[int(r.choice(6, p=[.5, .2, .1, .1, .05, .05]))]

    def created_before(self, max_days=900, recent=.1) -> int:
        r = self.rng
        if r.random() < recent:
            return int(r.integers(0, max(1, self.T - DAY)))
        return -int(min(max_days, r.lognormal(5, 1)) * DAY) - int(r.integers(0, DAY))

    def account(self, cohort, tier, created, cc, email, pm=None, org="", group="", ring="", soph="",
                funding="", card_cc="") -> int:
        if tier == "free":
            pm, funding, card_cc = "", "", ""
        elif pm is None:
            pm = self.pm()
        if pm and not funding:
            funding = ["credit", "debit", "credit", "prepaid"][int(self.rng.integers(0, 4))] if self.rng.random() < .3 else "credit"
        if pm and not card_cc:
            card_cc = cc
        self.acc.append(dict(cohort=cohort, tier=tier, created=int(created), country=cc, email=email, pm=pm or "",
                             org=org, group=group, ring=ring, soph=soph, funding=funding, card_cc=card_cc))
        return len(self.acc) - 1

    def seg(self, a, ips, gen, *, t0=None, t1=None, rate=5.0, pday=.4, wkend=1.0, sched="human", tz=None, gap=60.0,
            sess=1.5, win=-1, phase=0, cron=0, ipmode=0, home_p=.7, kslice=3, ua=("chrome_win",), ua_p=None,
            model="consumer", tok="chat"):
        acc = self.acc[a]
        if isinstance(ips, tuple):
            ref = ips
        else:
            ref = self.pool_ref(ips)
        if tz is None:
            tz = COUNTRY_TZ.get(acc["country"], 0)
        if gen[0] not in self.gen_names:
            self.gen_names.append(gen[0])
        uas = [UA_KEYS.index(u) for u in ua]
        self.segs.append(dict(a=a, t0=max(acc["created"], 0) if t0 is None else max(t0, acc["created"], 0),
                              t1=self.T if t1 is None else min(t1, self.T), rate=rate, pday=pday, wkend=wkend,
                              sched=SCHED[sched], tz=tz, gap=gap, sess=sess, win=win, phase=phase, cron=cron,
                              poff=ref[0], plen=ref[1], ipmode=ipmode, home_p=home_p, kslice=kslice, gen=gen,
                              ua=uas, ua_p=ua_p, model=model, tok=tok, seed=int(self.rng.integers(0, 2 ** 31))))

    def human_ua(self, mobile=False):
        r = self.rng
        if mobile:
            return (["ios_app", "ios_app_old", "android_app", "android_app2"][int(r.integers(4))], "safari")
        return (["chrome_win", "chrome_mac", "firefox", "safari", "edge"][int(r.choice(5, p=[.4, .2, .1, .2, .1]))],
                ["ios_app", "android_app"][int(r.integers(2))])

    def lang(self, cc):
        return COUNTRY_LANG.get(cc, "en")

    # ============================================================================ benign cohorts
    def benign(self, B: int):
        shares = {"solo_home": .19, "mobile_carrier": .12, "household": .07, "office_nat": .10, "enterprise_sso": .07,
                  "campus": .08, "school_k12": .02, "vpn_user": .05, "flowmate_byok": .05, "agent_framework": .05,
                  "ide_plugin": .04, "api_app": .008, "eval_lab": .012, "hackathon": .015, "bpo_centre": .015,
                  "translator_agency": .01, "cloud_dev": .02, "tor_privacy": .003, "prompt_pack": .02,
                  "cot_learner": .02, "coworking": .02, "bot_builder": .01}
        tot = sum(shares.values())
        target = {k: int(round(v / tot * B)) for k, v in shares.items()}
        order = [k for k in shares if k != "solo_home"]
        used = 0
        for k in order:
            n = min(target[k], B - used)
            if n <= 0:
                continue
            getattr(self, "b_" + k)(n)
            used += n
        self.b_solo_home(B - used)

    def _groups(self, n, lo, hi, size_sampler=None):
        r = self.rng
        out = []
        while n > 0:
            s = int(size_sampler()) if size_sampler else int(r.integers(lo, hi + 1))
            s = max(1, min(s, n))
            out.append(s)
            n -= s
        return out

    def _cons_tier(self, p=(.5, .42, .08)):
        return TIERS[int(self.rng.choice(3, p=p))]

    def b_solo_home(self, n):
        r = self.rng
        for _ in range(n):
            cc = self.I.country()
            a = self.account("solo_home", self._cons_tier(), self.created_before(), cc, self.consumer_mail(cc))
            ips = self.I.home(cc, int(r.integers(1, 4))) + self.I.mobile_v4(cc, 1)
            ua = self.human_ua()
            self.seg(a, ips, ("organic", {"lang": self.lang(cc)}), rate=float(r.lognormal(1.4, .8)),
                     pday=float(r.uniform(.1, .7)), ua=ua, ua_p=[.85, .15])

    def b_mobile_carrier(self, n):
        """Phone users: v6 /64s inside the carrier prefix plus a small CGNAT IPv4 pool shared by strangers."""
        r = self.rng
        for _ in range(n):
            cc = ["US", "IN", "PH", "ID", "DE", "BR"][int(r.choice(6, p=[.35, .3, .1, .1, .08, .07]))]
            pool_no = int(r.integers(0, 3))
            cg = self.shared_pool(f"cgnat:{cc}:{pool_no}", lambda cc=cc: self.I.mobile_v4(cc, 24))
            cgl = [self.pool[cg[0] + int(i)] for i in r.integers(0, cg[1], 4)]
            v6 = self.I.v6(V6_MOB[cc], int(r.integers(3, 9))) if cc in V6_MOB else []
            a = self.account("mobile_carrier", self._cons_tier((.65, .33, .02)), self.created_before(), cc,
                             self.consumer_mail(cc), group=f"cgnat:{cc}:{pool_no}")
            ips = v6 + cgl if r.random() < .9 else cgl + v6
            self.seg(a, ips, ("organic", {"lang": self.lang(cc), "aw": .02}), rate=float(r.lognormal(2.0, .7)),
                     pday=float(r.uniform(.2, .8)), ipmode=1, ua=self.human_ua(True), ua_p=[.95, .05], gap=90,
                     model="consumer", tok="short")

    def b_household(self, n):
        r = self.rng
        for gi, s in enumerate(self._groups(n, 2, 5)):
            cc = self.I.country()
            home = self.I.home(cc, int(r.integers(1, 3)))
            ref = self.pool_ref(home)
            family_card = self.pm() if r.random() < .5 else None
            g = f"house:{len(self.acc)}"
            for k in range(s):
                tier = self._cons_tier()
                pm = family_card if (family_card and tier != "free") else None
                a = self.account("household", tier, self.created_before(), cc, self.consumer_mail(cc), pm=pm, group=g)
                self.seg(a, ref, ("organic", {"lang": self.lang(cc)}), rate=float(r.lognormal(1.2, .8)),
                         pday=float(r.uniform(.1, .6)), ipmode=1, ua=self.human_ua(r.random() < .4), ua_p=[.8, .2],
                         tok="chat")

    def b_office_nat(self, n):
        r = self.rng
        for s in self._groups(n, 0, 0, lambda: min(120, int(r.lognormal(2.6, .8)) + 3)):
            cc = self.I.country()
            dom = self.company_domain()
            egress = self.pool_ref(self.I.v4(self.I.isp(cc), int(r.integers(1, 4))))
            team = r.random() < .4
            card = self.pm() if team else None
            org = ("org_" + self.word(3)) if (team and r.random() < .6) else ""
            shared_tpl = r.random() < .35
            g = f"office:{dom}"
            for _ in range(s):
                tier = "scale" if team else self._cons_tier((.4, .5, .1))
                a = self.account("office_nat", tier, self.created_before(), cc, dom, pm=card if team else None,
                                 org=org, group=g)
                gen = ("office", {"lang": self.lang(cc), "dom": dom, "tpl": shared_tpl})
                self.seg(a, egress, gen, rate=float(r.lognormal(1.6, .7)), pday=.6, wkend=.08, sched="business",
                         ipmode=1, ua=self.human_ua(), ua_p=[.9, .1], tok="chat")
                if r.random() < .5:   # the same people from home in the evening
                    self.seg(a, self.I.home(cc, 1), ("organic", {"lang": self.lang(cc)}), rate=float(r.lognormal(.5, .6)),
                             pday=.25, ua=self.human_ua(), ua_p=[.7, .3])

    def b_enterprise_sso(self, n):
        """SSO tenants behind one of two secure web gateways; the gateways' egress IPs serve every tenant."""
        r = self.rng
        gws = {"swg_a": "microsoft", "swg_b": "google"}
        for s in self._groups(n, 0, 0, lambda: min(400, int(r.lognormal(3.5, .9)) + 10)):
            gw = ["swg_a", "swg_b"][int(r.integers(2))]
            ref = self.shared_pool(f"gw:{gw}", lambda gw=gw: self.I.v4(self.I.cloud[gws[gw]], 60))
            cc = ["US", "GB", "DE", "FR", "JP", "IN", "NL"][int(r.integers(7))]
            dom = self.company_domain()
            org = "org_" + self.word(3)
            card = self.pm()
            g = f"tenant:{org}"
            created = self.created_before(600, 0)
            for _ in range(s):
                a = self.account("enterprise_sso", "enterprise", min(created + int(r.integers(0, 200 * DAY)), -DAY), cc, dom,
                                 pm=card, org=org, group=g, funding="invoice", card_cc=cc)
                self.seg(a, ref, ("copilot", {"lang": self.lang(cc), "org": dom.split(".")[0].capitalize()}),
                         rate=float(r.lognormal(1.7, .6)), pday=.65, wkend=.05, sched="business", ipmode=1,
                         ua=("sso_gw", "edge"), ua_p=[.8, .2], model="enterprise", tok="chat")

    def b_campus(self, n):
        r = self.rng
        for s in self._groups(n, 0, 0, lambda: min(300, int(r.lognormal(3.6, .7)) + 20)):
            if not self.I.acad:
                break
            asn, cidrs, name = self.I.acad[int(r.integers(len(self.I.acad)))]
            cc = (re.search(r",\s*([A-Z]{2})\s*$", name) or [None, "US"])[1]
            cc = cc if cc in COUNTRY_TZ else "US"
            nat = self.pool_ref(self.I.v4(cidrs, int(r.integers(4, 17))))
            dom = "stu." + self.word(2) + [".edu", ".ac.uk", ".edu.in", ".edu.au", ".de"][int(r.integers(5))]
            g = f"campus:{asn}"
            sections = max(1, s // 35)
            for k in range(s):
                sec = int(r.integers(sections))
                a = self.account("campus", self._cons_tier((.7, .28, .02)), self.created_before(700, .25), cc, dom,
                                 group=g)
                gen = ("campus", {"lang": self.lang(cc), "course": f"{asn}-{sec}", "week": int(r.integers(0, 4))})
                self.seg(a, nat, gen, rate=float(r.lognormal(1.3, .7)), pday=.45, wkend=.5, ipmode=1,
                         ua=self.human_ua(), ua_p=[.85, .15], model="study", tok="cot_short")
                self.seg(a, self.I.home(cc, 1) + self.I.mobile_v4(cc, 1), ("organic", {"lang": self.lang(cc)}),
                         rate=float(r.lognormal(.6, .6)), pday=.3, ua=self.human_ua(True), ua_p=[.6, .4])

    def b_school_k12(self, n):
        r = self.rng
        for s in self._groups(n, 0, 0, lambda: int(r.integers(25, 140))):
            cc = ["US", "GB", "AU", "CA"][int(r.integers(4))]
            proxy = self.pool_ref(self.I.v4(self.I.isp(cc), int(r.integers(1, 3))))
            dom = self.word(2) + "schools.org"
            g = f"district:{dom}"
            for _ in range(s):
                a = self.account("school_k12", "free", self.created_before(400, .3), cc, dom, group=g)
                self.seg(a, proxy, ("k12", {"district": dom}), rate=float(r.lognormal(1.0, .5)), pday=.5, wkend=0,
                         sched="business", ipmode=1, ua=("chrome_win",), model="cheap", tok="short")

    def b_vpn_user(self, n):
        r = self.rng
        for _ in range(n):
            prov = int(r.integers(0, 6))
            ref = self.shared_pool(f"vpn:{prov}", lambda prov=prov: self.I.v4(self.I.vpn[prov::6], 120))
            cc = self.I.country()
            a = self.account("vpn_user", self._cons_tier(), self.created_before(), cc, self.consumer_mail(cc),
                             group=f"vpnprov:{prov}")
            sub = [self.pool[ref[0] + int(i)] for i in r.integers(0, ref[1], int(r.integers(3, 15)))]
            self.seg(a, sub, ("organic", {"lang": self.lang(cc)}), rate=float(r.lognormal(1.3, .8)), pday=.4,
                     ipmode=1, ua=self.human_ua(), ua_p=[.9, .1])
            if r.random() < .6:
                self.seg(a, self.I.home(cc, 1), ("organic", {"lang": self.lang(cc)}), rate=float(r.lognormal(.6, .6)),
                         pday=.25, ua=self.human_ua(), ua_p=[.9, .1])

    def b_flowmate_byok(self, n):
        """Bring-your-own-key users of an automation SaaS: all calls leave from its AWS egress, same UA, its
        built-in step templates, many on cron triggers that fire at :00/:15/:30/:45."""
        r = self.rng
        ref = self.shared_pool("flowmate", lambda: self.I.v4(self.I.cloud["amazon"], 40))
        for _ in range(n):
            cc = self.I.country()
            a = self.account("flowmate_byok", ["dev", "scale"][int(r.random() < .15)], self.created_before(500, .15),
                             cc, self.company_domain() if r.random() < .6 else self.consumer_mail(cc),
                             group="platform:flowmate")
            cron = r.random() < .55
            self.seg(a, ref, ("flowmate", {"lang": self.lang(cc)}), rate=float(r.lognormal(2.2, 1.0)),
                     pday=.85 if cron else .5, sched="cron" if cron else "business",
                     cron=int(r.choice([0, 15, 30, 45])), ipmode=1, ua=("flowmate",), model="app", tok="summary")
            if r.random() < .3:
                self.seg(a, self.I.home(cc, 1), ("organic", {"lang": self.lang(cc)}), rate=2, pday=.2,
                         ua=self.human_ua(), ua_p=[.9, .1])

    def b_agent_framework(self, n):
        r = self.rng
        for _ in range(n):
            cc = self.I.country()
            cloud = r.random() < .35
            ips = self.I.v4(self.I.cloud[["amazon", "google", "digitalocean", "linode"][int(r.integers(4))]], 2) \
                if cloud else self.I.home(cc, 2)
            a = self.account("agent_framework", self._cons_tier((.15, .7, .15)), self.created_before(), cc,
                             self.consumer_mail(cc) if r.random() < .6 else self.company_domain(),
                             group="framework:wayfarer")
            self.seg(a, ips, ("agent", {"lang": self.lang(cc)}), rate=float(r.lognormal(2.3, 1.0)), pday=.35,
                     gap=8, sess=2, ua=("wayfarer", "wayfarer_old"), ua_p=[.7, .3], model="harvest_mix", tok="agent")

    def b_ide_plugin(self, n):
        r = self.rng
        for _ in range(n):
            cc = self.I.country()
            a = self.account("ide_plugin", self._cons_tier((.3, .6, .1)), self.created_before(), cc,
                             self.consumer_mail(cc) if r.random() < .5 else self.company_domain(),
                             group="plugin:codelantern")
            self.seg(a, self.I.home(cc, 2), ("ide", {}), rate=float(r.lognormal(2.6, .8)), pday=.55, wkend=.3,
                     sched="business", gap=20, ua=("ide_vscode", "ide_jb"), ua_p=[.8, .2], model="app", tok="code")

    def b_api_app(self, n):
        """Single heavy apps on cloud IPs; a third are companies with dev/staging/prod keys (2-4 accounts)."""
        r = self.rng
        left = n
        while left > 0:
            s = 1 if r.random() < .65 else int(r.integers(2, 5))
            s = min(s, left)
            left -= s
            cc = self.I.country()
            prov = ["amazon", "google", "microsoft", "digitalocean", "oracle", "linode"][int(r.integers(6))]
            egress = self.I.v4(self.I.cloud[prov], int(r.integers(2, 9)), block=24 if r.random() < .5 else None)
            ref = self.pool_ref(egress)
            card = self.pm()
            dom = self.company_domain()
            app = int(r.integers(0, 10 ** 6))
            g = f"app:{dom}" if s > 1 else ""
            for k in range(s):
                tier = ["dev", "scale"][int(r.random() < .5)] if k == 0 else "dev"
                a = self.account("api_app", tier, self.created_before(), cc, dom, pm=card, group=g)
                lim = DAILY[tier]
                rate = float(min(lim * 1.05, r.lognormal(np.log(lim * .1), .8))) if k == 0 else float(r.lognormal(2, .7))
                self.seg(a, ref, ("app", {"app": app, "lang": self.lang(cc)}), rate=rate, pday=.97, sched="flat",
                         ipmode=1, ua=(["py", "node", "go", "java"][app % 4],), model="app",
                         tok=["summary", "classify", "chat"][app % 3])

    def b_eval_lab(self, n):
        """Research labs running public benchmark templates with chain-of-thought, in bursts."""
        r = self.rng
        for s in self._groups(n, 2, 7):
            cc = ["US", "GB", "DE", "CN", "KR", "IN", "FR"][int(r.integers(7))]
            if self.I.acad and r.random() < .6:
                cidrs = self.I.acad[int(r.integers(len(self.I.acad)))][1]
                ips = self.I.v4(cidrs, 4)
            else:
                ips = self.I.v4(self.I.cloud[["amazon", "google"][int(r.integers(2))]], 4, block=24)
            ref = self.pool_ref(ips)
            card = self.pm() if r.random() < .6 else None
            dom = self.word(2) + [".edu", ".ac.uk", ".de", ".edu.cn", ".ac.kr"][int(r.integers(5))]
            dss = [self.C.datasets[int(i)] for i in r.choice(len(self.C.datasets), 6, replace=False)]
            burst_days = sorted(int(d) for d in r.choice(self.D, min(self.D, int(r.integers(1, 5))), replace=False))
            for _ in range(s):
                a = self.account("eval_lab", ["dev", "scale"][int(r.random() < .4)], self.created_before(), cc, dom,
                                 pm=card, group=f"lab:{dom}")
                for d in burst_days:
                    self.seg(a, ref, ("bench", {"ds": dss, "cot": .6}), t0=d * DAY, t1=(d + 2) * DAY,
                             rate=float(r.uniform(150, 480)), pday=1, sched="flat", ipmode=1,
                             ua=("py", "py_old"), model="eval", tok="cot")
                self.seg(a, self.I.home(cc, 1), ("organic", {"lang": "en"}), rate=3, pday=.3, ua=self.human_ua())

    def b_hackathon(self, n):
        r = self.rng
        for s in self._groups(n, 0, 0, lambda: int(r.integers(20, 150))):
            cc = self.I.country()
            venue = self.pool_ref(self.I.v4(self.I.isp(cc), 2))
            day = int(r.integers(0, max(1, self.D - 2)))
            t0 = day * DAY + int((9 - COUNTRY_TZ.get(cc, 0)) * 3600) % DAY
            ev = self.word(2)
            for _ in range(s):
                cr = t0 + int(r.integers(0, 3 * 3600))
                a = self.account("hackathon", "free" if r.random() < .7 else "dev", cr, cc, self.consumer_mail(cc),
                                 group=f"hack:{ev}")
                self.seg(a, venue, ("hack", {"ev": ev}), t0=cr, t1=cr + 2 * DAY, rate=60, pday=1, gap=40, sess=3,
                         ipmode=1, ua=("py", "node", "chrome_mac"), ua_p=[.5, .3, .2], model="cheap", tok="chat")
                if r.random() < .3:
                    self.seg(a, self.I.home(cc, 1), ("organic", {"lang": self.lang(cc)}), t0=cr + 2 * DAY, rate=3,
                             pday=.2, ua=self.human_ua())

    def b_bpo_centre(self, n):
        """Contact-centre agents: one office NAT, one company card, a scripted reply template, three shifts (24/7)."""
        r = self.rng
        for s in self._groups(n, 0, 0, lambda: int(r.integers(30, 200))):
            cc = ["PH", "IN"][int(r.integers(2))]
            nat = self.pool_ref(self.I.v4(self.I.isp(cc), int(r.integers(2, 5))))
            card = self.pm()
            dom = self.company_domain()
            client = self.word(2).capitalize()
            for _ in range(s):
                shift = int(r.integers(3))
                a = self.account("bpo_centre", "dev", self.created_before(300, .1), cc, dom, pm=card,
                                 group=f"bpo:{dom}")
                self.seg(a, nat, ("bpo", {"client": client}), rate=float(r.uniform(25, 90)), pday=.75, wkend=.7,
                         sched="business", tz=COUNTRY_TZ[cc] - 8 * shift, gap=45, ipmode=1, ua=("chrome_win",),
                         model="cheap", tok="summary")

    def b_translator_agency(self, n):
        r = self.rng
        for s in self._groups(n, 5, 40):
            card = self.pm() if r.random() < .5 else None
            dom = self.company_domain()
            for _ in range(s):
                cc = self.I.country()
                a = self.account("translator_agency", "dev", self.created_before(), cc, self.consumer_mail(cc),
                                 pm=card, group=f"agency:{dom}")
                self.seg(a, self.I.home(cc, 2), ("translate", {"lang": self.lang(cc), "agency": dom}),
                         rate=float(r.lognormal(2.5, .6)), pday=.6, wkend=.4, sched="business", gap=50,
                         ua=self.human_ua(), ua_p=[.9, .1], model="consumer", tok="translate")

    def b_cloud_dev(self, n):
        r = self.rng
        ref = self.shared_pool("codespaces", lambda: self.I.v4(self.I.cloud["github"], 150))
        for _ in range(n):
            cc = self.I.country()
            a = self.account("cloud_dev", self._cons_tier((.3, .6, .1)), self.created_before(), cc,
                             self.consumer_mail(cc), group="cloudide:codespaces")
            sub = [self.pool[ref[0] + int(i)] for i in r.integers(0, ref[1], 6)]
            self.seg(a, sub, ("devmix", {"lang": self.lang(cc)}), rate=float(r.lognormal(2, .8)), pday=.4, gap=30,
                     ipmode=1, ua=("py", "node", "curl"), ua_p=[.6, .3, .1], model="app", tok="code")

    def b_tor_privacy(self, n):
        r = self.rng
        ref = self.shared_pool("tor", lambda: [self.I.add(t) for t in self.I.tor])
        for _ in range(n):
            cc = self.I.country()
            a = self.account("tor_privacy", "free" if r.random() < .7 else "dev", self.created_before(), cc,
                             "proton.me", group="tor")
            self.seg(a, ref, ("organic", {"lang": "en"}), rate=float(r.lognormal(1, .6)), pday=.3, ipmode=1,
                     ua=("firefox",), model="consumer")

    def b_prompt_pack(self, n):
        r = self.rng
        for s in self._groups(n, 0, 0, lambda: int(r.integers(20, 160))):
            pack = int(r.integers(len(self.C.awesome)))
            for _ in range(s):
                cc = self.I.country()
                a = self.account("prompt_pack", self._cons_tier(), self.created_before(200, .3), cc,
                                 self.consumer_mail(cc), group=f"pack:{pack}")
                self.seg(a, self.I.home(cc, 1) + self.I.mobile_v4(cc, 1), ("pack", {"pack": pack, "lang": self.lang(cc)}),
                         rate=float(r.lognormal(1.5, .7)), pday=.4, ua=self.human_ua(r.random() < .5), ua_p=[.8, .2],
                         model="consumer", tok="chat")

    def b_cot_learner(self, n):
        r = self.rng
        for _ in range(n):
            cc = self.I.country()
            a = self.account("cot_learner", self._cons_tier((.55, .45, 0)), self.created_before(), cc,
                             self.consumer_mail(cc))
            mob = r.random() < .5
            ips = self.I.mobile_v4(cc, 2) if mob else self.I.home(cc, 1)
            self.seg(a, ips, ("study", {"lang": self.lang(cc)}), rate=float(r.lognormal(1.8, .6)), pday=.45,
                     wkend=1.2, gap=120, ua=self.human_ua(mob), ua_p=[.9, .1], model="study", tok="cot")

    def b_coworking(self, n):
        r = self.rng
        for s in self._groups(n, 10, 60):
            cc = self.I.country()
            wifi = self.pool_ref(self.I.v4(self.I.isp(cc), int(r.integers(1, 3))))
            g = f"cowork:{len(self.acc)}"
            for _ in range(s):
                a = self.account("coworking", self._cons_tier((.3, .6, .1)), self.created_before(), cc,
                                 self.company_domain() if r.random() < .6 else self.consumer_mail(cc), group=g)
                self.seg(a, wifi, ("devmix", {"lang": self.lang(cc)}), rate=float(r.lognormal(1.8, .8)), pday=.5,
                         wkend=.1, sched="business", ipmode=1, ua=self.human_ua() + ("py",), ua_p=[.6, .1, .3],
                         tok="chat")
                self.seg(a, self.I.home(cc, 1), ("organic", {"lang": self.lang(cc)}), rate=2, pday=.3,
                         ua=self.human_ua())

    def b_bot_builder(self, n):
        """Chatbot builders (Discord/Telegram bots) on small VPSes: 24/7 traffic of their communities."""
        r = self.rng
        for _ in range(n):
            cc = self.I.country()
            ips = self.I.v4(self.I.dc, 1)
            a = self.account("bot_builder", "dev", self.created_before(), cc, self.consumer_mail(cc))
            self.seg(a, ips, ("organic", {"lang": self.lang(cc), "aw": .25}), rate=float(r.lognormal(3.0, .8)),
                     pday=.95, sched="flat", ipmode=1, ua=("node", "py"), ua_p=[.6, .4], model="app", tok="chat")

    # ============================================================================ rings
    def ring_sizes(self, R: int, shape: str) -> list[int]:
        r = self.rng

        def fill(b, lo, hi):
            out = []
            while b >= lo:
                if b <= hi:
                    out.append(b)
                    b = 0
                    break
                s = int(r.integers(lo, min(hi, b - lo) + 1))
                out.append(s)
                b -= s
            return out, b

        if R <= 0:
            return []
        if R < 3:
            return [R]
        sizes = []
        if shape == "small":
            sizes, left = fill(R, 3, 15)
        elif shape == "mixed":
            big, lb = fill(int(round(.2 * R)), 61, 200)
            med, lm = fill(int(round(.3 * R)) + lb, 16, 60)
            small, left = fill(R - sum(big) - sum(med), 3, 15)
            sizes = big + med + small
        else:
            main = int(round(r.uniform(.72, .78) * R))
            small, left = fill(R - main, 3, 15)
            sizes = [main] + small
        if left:
            small_idx = [i for i, s in enumerate(sizes) if s <= 15]
            room = [i for i in small_idx if sizes[i] + left <= 15]
            if room:
                sizes[room[-1]] += left
            else:
                i = max(small_idx or range(len(sizes)), key=lambda j: sizes[j])
                sizes[i] -= 3 - left
                sizes.append(3)
        return sizes

    KINDS = ["card_cluster", "resi_rotator", "aged_takeover", "polyglot_vpn", "simfarm_v6", "scaffold_mimic",
             "browser_farm", "sso_front", "weekly_rotator", "platform_parasite"]
    SOPH = {"card_cluster": "crude", "resi_rotator": "careful", "aged_takeover": "careful", "polyglot_vpn": "mid",
            "simfarm_v6": "mid", "scaffold_mimic": "careful", "browser_farm": "mid", "sso_front": "careful",
            "weekly_rotator": "mid", "platform_parasite": "careful", "hydra_reseller": "careful"}

    def rings_make(self, R: int, shape: str):
        r = self.rng
        sizes = self.ring_sizes(R, shape)
        kinds = list(self.KINDS)
        perm = [kinds[i] for i in r.permutation(len(kinds))]
        big_kinds = ["hydra_reseller", "browser_farm", "weekly_rotator", "resi_rotator", "platform_parasite",
                     "simfarm_v6"]
        ki = 0
        for i, s in enumerate(sizes):
            if shape == "hydra" and i == 0:
                kind = "hydra_reseller"
            elif s > 60:
                kind = big_kinds[int(r.integers(len(big_kinds)))]
            else:
                kind = perm[ki % len(perm)]
                ki += 1
            rid = f"ring{i + 1:03d}"
            info = getattr(self, "r_" + kind)(rid, s)
            info.update(ring_id=rid, kind=kind, size=s, sophistication=self.SOPH[kind])
            self.rings.append(info)

    def _window(self, k=None, span=(1, 5)) -> int:
        r = self.rng
        k = k or int(r.integers(1, 4))
        ws = [(int(r.integers(0, 24)) * 3600 + int(r.integers(0, 4)) * 900, int(r.uniform(*span) * 3600))
              for _ in range(k)]
        self.windows.append(ws)
        return len(self.windows) - 1

    def _task(self):
        """A narrow capability the operator harvests."""
        return ["math", "code", "med", "law", "bench", "tool"][int(self.rng.choice(6, p=[.3, .25, .12, .08, .17, .08]))]

    def _ring_acc(self, rid, kind, tier, created, cc, email, **kw):
        return self.account(kind, tier, created, cc, email, ring=rid, group=rid, soph=self.SOPH[kind], **kw)

    def _signup_burst(self, s, spread_days=2.0, before=True):
        r = self.rng
        if before:
            t = -int(r.uniform(3, 40) * DAY)
        else:
            t = int(r.uniform(0, max(1, self.D - 10)) * DAY)
        return [t + int(r.uniform(0, spread_days * DAY)) for _ in range(s)]

    def r_card_cluster(self, rid, s):
        """Crude: 1-3 cards across every account, one datacenter /24, one template family, lockstep windows."""
        r = self.rng
        cards = [self.pm() for _ in range(int(r.integers(1, 4)))]
        ips = self.I.v4(self.I.cloud["digitalocean"], max(2, s // 2), block=24)
        ref = self.pool_ref(ips)
        task = self._task()
        win = self._window()
        dom = self.company_domain()
        for i, cr in enumerate(self._signup_burst(s, .3)):
            cc = "US"
            a = self._ring_acc(rid, "card_cluster", "dev", cr, cc, dom, pm=cards[i % len(cards)], funding="prepaid")
            self.seg(a, ref, ("harvest", {"task": task, "wr": [0], "lang": "en", "cover": 0}), rate=float(r.uniform(300, 520)),
                     pday=.97, sched="windows", win=win, ipmode=1, ua=("py_pinned",), model="harvest", tok="cot")
        return dict(signals_kept=["shared cards", "one datacenter /24", "single template", "lockstep windows",
                                  "sign-up burst", "one email domain"], evasions=["stays under daily cap"])

    def r_resi_rotator(self, rid, s):
        """Careful: own prepaid card each, every request from a shared residential-proxy pool, CoT template with
        paraphrase rotation, 25 % cover traffic. Ties: the proxy pool, pinned SDK, windows, sign-up week."""
        r = self.rng
        ccs = ["US", "GB", "DE", "BR", "IN"]
        pool = []
        for cc in ccs:
            pool += self.I.home(cc, max(40, s * 12))[: max(40, s * 12)]
        ref = self.pool_ref(pool)
        task = self._task()
        win = self._window(3, (2, 6))
        wr = [int(x) for x in r.choice(len(COT["en"]), 4, replace=False)]
        for cr in self._signup_burst(s, 6):
            cc = ccs[int(r.integers(len(ccs)))]
            a = self._ring_acc(rid, "resi_rotator", "dev", cr, cc, self.consumer_mail(cc), funding="prepaid",
                               card_cc="US")
            self.seg(a, ref, ("harvest", {"task": task, "wr": wr, "lang": "en", "cover": .25}),
                     rate=float(r.uniform(90, 260)), pday=.9, sched="windows", win=win,
                     phase=int(r.integers(-1800, 1800)), ipmode=1, ua=("py_pinned", "py"), ua_p=[.85, .15],
                     model="harvest_mix", tok="cot")
        return dict(signals_kept=["shared residential proxy pool (low per-IP reuse)", "pinned SDK version",
                                  "shared run windows", "template paraphrase family", "prepaid cards from one country"],
                    evasions=["distinct cards", "per-request IP rotation over residential ISPs", "25% cover traffic",
                              "per-account phase jitter", "sign-ups spread over a week", "mainstream email domains"])

    def r_aged_takeover(self, rid, s):
        """Bought aged accounts: organic history with their own cards and home IPs, then on takeover day all move
        to the operator's VPS /24 and start harvesting (translated wrappers, cover traffic)."""
        r = self.rng
        take = int(r.uniform(.3, .6) * self.D) * DAY
        vps = self.pool_ref(self.I.v4(self.I.cloud[["linode", "oracle", "digitalocean"][int(r.integers(3))]],
                                      max(3, s // 3), block=24))
        task = self._task()
        win = self._window(2, (3, 7))
        wr = [int(x) for x in r.choice(len(COT["en"]), 3, replace=False)]
        for _ in range(s):
            cc = self.I.country()
            a = self._ring_acc(rid, "aged_takeover", "dev", self.created_before(1500, 0), cc, self.consumer_mail(cc))
            ua = self.human_ua()
            self.seg(a, self.I.home(cc, 2), ("organic", {"lang": self.lang(cc)}), t1=take + int(r.integers(-DAY, DAY)),
                     rate=float(r.lognormal(1.2, .7)), pday=.4, ua=ua, ua_p=[.9, .1])
            self.seg(a, vps, ("harvest", {"task": task, "wr": wr, "lang": self.lang(cc), "cover": .1}),
                     t0=take + int(r.integers(0, DAY)), rate=float(r.uniform(120, 380)), pday=.95, sched="windows",
                     win=win, phase=int(r.integers(-900, 900)), ipmode=1, ua=("py", ua[0]), ua_p=[.7, .3],
                     model="harvest", tok="cot")
        return dict(signals_kept=["post-takeover VPS /24 shared", "same takeover day", "harvest template family",
                                  "shared run windows"],
                    evasions=["long account age", "own cards and organic history", "wrappers in the owner's language",
                              "browser UA kept on some calls"])

    def r_polyglot_vpn(self, rid, s):
        r = self.rng
        prov = int(r.integers(0, 6))
        vref = self.shared_pool(f"vpn:{prov}", lambda prov=prov: self.I.v4(self.I.vpn[prov::6], 120))
        sub = [self.pool[vref[0] + int(i)] for i in r.choice(vref[1], min(vref[1], max(4, s)), replace=False)]
        ref = self.pool_ref(sub)
        task = self._task()
        win = self._window(2)
        langs = ["es", "pt", "de", "fr", "ja", "zh", "ko", "id", "tr"]
        lcc = {"es": "MX", "pt": "BR", "de": "DE", "fr": "FR", "ja": "JP", "zh": "CN", "ko": "KR", "id": "ID",
               "tr": "TR"}
        for cr in self._signup_burst(s, 4):
            lg = langs[int(r.integers(len(langs)))]
            cc = lcc[lg]
            a = self._ring_acc(rid, "polyglot_vpn", "dev", cr, cc, self.consumer_mail(cc), card_cc="TR",
                               funding="debit")
            self.seg(a, ref, ("harvest", {"task": task, "wr": [0, 1], "lang": lg, "cover": .15}),
                     rate=float(r.uniform(100, 300)), pday=.9, sched="windows", win=win,
                     phase=int(r.integers(-1200, 1200)), ipmode=1, ua=("py", "node"), ua_p=[.5, .5],
                     model="harvest", tok="cot")
        return dict(signals_kept=["one VPN provider's exit subset", "one card-issuing country for all",
                                  "translated copies of one wrapper", "shared windows"],
                    evasions=["each account a different language and declared country", "VPN exits shared with "
                              "benign VPN users", "distinct cards", "consumer email domains"])

    def r_simfarm_v6(self, rid, s):
        r = self.rng
        cc = ["US", "IN", "ID", "PH"][int(r.integers(4))]
        v6 = self.I.v6(V6_MOB[cc], max(8, 3 * s), within=56)
        cg = self.shared_pool(f"cgnat:{cc}:0", lambda cc=cc: self.I.mobile_v4(cc, 24))
        ips = v6 + [self.pool[cg[0] + int(i)] for i in r.integers(0, cg[1], 6)]
        ref = self.pool_ref(ips)
        task = self._task()
        for cr in self._signup_burst(s, 1.5):
            a = self._ring_acc(rid, "simfarm_v6", "free" if r.random() < .6 else "dev", cr, cc,
                               self.consumer_mail(cc))
            tier = self.acc[a]["tier"]
            self.seg(a, ref, ("harvest", {"task": task, "wr": [1, 4], "lang": "en", "cover": .2}),
                     rate=float(r.uniform(.6, .9) * DAILY[tier]) if tier == "free" else float(r.uniform(90, 220)),
                     pday=.95, sched="flat", gap=30, ipmode=1, ua=("android_app", "android_app2"), ua_p=[.5, .5],
                     model="harvest", tok="cot")
        return dict(signals_kept=["IPv6 addresses all inside one /56 of the carrier", "sign-up burst", "flat 24/7",
                                  "narrow CoT template"],
                    evasions=["looks like mobile app users", "shares the carrier's CGNAT IPv4 with real users",
                              "mostly free tier: no payment evidence", "20% cover traffic"])

    def r_scaffold_mimic(self, rid, s):
        r = self.rng
        prov = ["amazon", "google"][int(r.integers(2))]
        ips = self.I.v4(self.I.cloud[prov], max(3, s // 2), block=22)
        ref = self.pool_ref(ips)
        task = self._task()
        win = self._window(3, (2, 5))
        for cr in self._signup_burst(s, 8):
            cc = self.I.country()
            a = self._ring_acc(rid, "scaffold_mimic", "dev", cr, cc, self.consumer_mail(cc))
            self.seg(a, ref, ("agent_harvest", {"task": task}), rate=float(r.uniform(120, 340)), pday=.9,
                     sched="windows", win=win, phase=int(r.integers(-1800, 1800)), ipmode=0, home_p=.5,
                     ua=("wayfarer",), model="harvest", tok="cot")
        return dict(signals_kept=["cloud addresses from one /22", "agent scaffold wrapping a narrow payload",
                                  "shared windows", "single UA version"],
                    evasions=["identical scaffold and UA to thousands of benign agent-framework users",
                              "distinct cards and countries", "sign-ups spread over 8 days"])

    def r_browser_farm(self, rid, s):
        r = self.rng
        dc = self.pool_ref(self.I.v4(self.I.dc, max(10, s)))
        task = self._task()
        for cr in self._signup_burst(s, 5, before=r.random() < .5):
            cc = self.I.country()
            a = self._ring_acc(rid, "browser_farm", "free", cr, cc, DISPOSABLE[int(r.integers(len(DISPOSABLE)))])
            self.seg(a, dc, ("harvest", {"task": task, "wr": [2, 3], "lang": "en", "cover": .05}),
                     rate=float(r.uniform(.8, .98) * DAILY["free"]), pday=.97, sched="midnight", gap=25,
                     ipmode=1, ua=("headless", "headless2"), ua_p=[.5, .5], model="harvest", tok="cot")
        return dict(signals_kept=["datacenter proxy pool", "disposable email domains", "free-tier cap hit right "
                                  "after the 00:00 UTC reset", "one Chrome build across accounts"],
                    evasions=["no payment method at all", "browser user agents", "varied declared countries"])

    def r_sso_front(self, rid, s):
        """A front company with a real enterprise tenant: declared org, one invoice, the same secure web gateway
        as real tenants; seats harvest around the clock."""
        r = self.rng
        gw = ["swg_a", "swg_b"][int(r.integers(2))]
        ref = self.shared_pool(f"gw:{gw}", lambda gw=gw: self.I.v4(self.I.cloud[{"swg_a": "microsoft", "swg_b": "google"}[gw]], 60))
        dom = self.company_domain()
        org = "org_" + self.word(3)
        card = self.pm()
        task = self._task()
        cr0 = -int(r.uniform(20, 120) * DAY)
        for _ in range(s):
            a = self._ring_acc(rid, "sso_front", "enterprise", cr0 + int(r.integers(0, 10 * DAY)), "GB", dom, pm=card,
                               org=org, funding="invoice", card_cc="GB")
            self.seg(a, ref, ("copilot_harvest", {"task": task, "org": dom.split(".")[0].capitalize()}),
                     rate=float(r.uniform(200, 500)), pday=.98, sched="flat", ipmode=1, ua=("sso_gw",),
                     model="harvest", tok="cot")
        return dict(signals_kept=["one declared org and invoice (as any tenant)", "round-the-clock flat schedule",
                                  "narrow CoT payload inside the copilot scaffold", "very high per-seat volume"],
                    evasions=["declared organisation", "secure-web-gateway egress shared with real tenants",
                              "enterprise tier limits"])

    def r_weekly_rotator(self, rid, s):
        r = self.rng
        nb = max(1, min(4, self.D // 7, s // 3))
        cards = [self.pm() for _ in range(max(1, s // nb))]
        task = self._task()
        win = self._window(2)
        prov = ["linode", "digitalocean", "oracle"][int(r.integers(3))]
        for b in range(nb):
            ref = self.pool_ref(self.I.v4(self.I.cloud[prov], 4, block=24))
            t0 = int((b * self.D / nb) * DAY)
            nbatch = s // nb + (1 if b < s % nb else 0)
            for j in range(nbatch):
                cr = t0 + int(r.uniform(0, .5) * DAY)
                a = self._ring_acc(rid, "weekly_rotator", "dev", cr, self.I.country(), self.consumer_mail("US"),
                                   pm=cards[j % len(cards)], funding="prepaid", card_cc="US")
                self.seg(a, ref, ("harvest", {"task": task, "wr": [0, 5], "lang": "en", "cover": .05}),
                         t1=cr + int(r.uniform(6, 8) * DAY), rate=float(r.uniform(200, 450)), pday=1, sched="windows",
                         win=win, ipmode=1, ua=("py_old",), model="harvest", tok="cot")
        return dict(signals_kept=["each card reused once per weekly batch", "one hosting provider, a /24 per batch",
                                  "batch sign-up bursts", "same template and windows"],
                    evasions=["accounts live about a week", "fresh IPs every batch"])

    def r_platform_parasite(self, rid, s):
        r = self.rng
        ref = self.shared_pool("flowmate", lambda: self.I.v4(self.I.cloud["amazon"], 40))
        task = self._task()
        doms = [self.company_domain() for _ in range(max(1, s // 6))]
        minute = int(r.choice([0, 15, 30, 45]))
        for i, cr in enumerate(self._signup_burst(s, 10)):
            cc = self.I.country()
            a = self._ring_acc(rid, "platform_parasite", "dev", cr, cc, doms[i % len(doms)])
            self.seg(a, ref, ("flowmate_harvest", {"task": task}), rate=float(r.uniform(150, 400)), pday=.95,
                     sched="cron", cron=minute, ipmode=1, ua=("flowmate",), model="harvest", tok="cot")
        return dict(signals_kept=["same custom step template with a narrow payload", "same cron minute",
                                  "a few catch-all company email domains", "sign-ups within 10 days"],
                    evasions=["all traffic leaves from the automation SaaS's shared egress and UA",
                              "distinct cards", "looks like BYOK users"])

    def r_hydra_reseller(self, rid, s):
        """A reseller ('cheap Lumen API') runs a hydra: accounts live 1-3 weeks and are replaced, egress through a
        VPS pool on three providers (each account a weekly-rotating slice), cards shared by 2-5 accounts, and the
        traffic mixes harvesting with genuine resold end-user traffic."""
        r = self.rng
        pool = []
        for prov in ["digitalocean", "linode", "oracle"]:
            pool += self.I.v4(self.I.cloud[prov], max(6, s // 12))
        pool += self.I.v4(self.I.dc, max(6, s // 12))
        ref = self.pool_ref([pool[i] for i in r.permutation(len(pool))])
        cards = []
        while len(cards) < s:
            c = self.pm()
            cards += [c] * int(r.integers(2, 6))
        tasks = [self._task() for _ in range(3)]
        wins = [self._window(3, (3, 8)) for _ in range(2)]
        for i in range(s):
            life = float(r.uniform(7, 21)) * DAY
            cr = int(r.uniform(-life / DAY + 2, max(1, self.D - 3)) * DAY)
            cc = ["CN", "US", "VN", "ID", "BR"][int(r.integers(5))]
            a = self._ring_acc(rid, "hydra_reseller", "dev", cr, cc, self.consumer_mail(cc), pm=cards[i],
                               funding=["prepaid", "debit"][int(r.integers(2))], card_cc="HK")
            t1 = cr + int(life)
            ua = [("oneapi", "py"), ("newapi", "py_old")][i % 2]
            self.seg(a, ref, ("harvest", {"task": tasks[i % 3], "wr": [0, 2, 3], "lang": "en", "cover": 0}),
                     t1=t1, rate=float(r.uniform(30, 90)), pday=.9, sched="windows", win=wins[i % 2],
                     phase=int(r.integers(-3600, 3600)), ipmode=2, kslice=4, ua=ua, ua_p=[.7, .3],
                     model="harvest", tok="cot")
            self.seg(a, ref, ("organic", {"lang": ["en", "zh", "id"][i % 3], "aw": .15}), t1=t1,
                     rate=float(r.uniform(20, 70)), pday=.95, sched="flat", ipmode=2, kslice=4, ua=ua, ua_p=[.7, .3],
                     model="harvest_mix", tok="chat")
        return dict(signals_kept=["VPS egress pool shared across the hydra (weekly slices)", "cards shared by 2-5 "
                                  "accounts", "reseller gateway UAs", "three harvest templates", "two window sets"],
                    evasions=["account rotation (1-3 week lives)", "~45% genuine resold traffic mixed in",
                              "per-account volume far below limits", "per-account phase jitter"])

    # ============================================================================ prompts
    def gen_prompts(self, name: str, kw: dict, n: int, acc: dict) -> list[str]:
        C, r = self.C, self.rng
        if name == "organic":
            return [C.organic(kw.get("lang", "en"), kw.get("aw", .08)) for _ in range(n)]
        if name == "office":
            dom = kw["dom"].split(".")[0].capitalize()
            out = []
            for _ in range(n):
                if kw["tpl"] and r.random() < .4:
                    out.append(f"Rewrite the following customer email in the {dom} brand voice (friendly, concise, "
                               f"no jargon). Keep it under 120 words.\n\nEmail:\n{C.sent(2)}")
                else:
                    out.append(C.organic(kw["lang"], .05))
            return out
        if name == "copilot":
            head = (f"You are {kw['org']}GPT, the internal assistant of {kw['org']}. Follow the company policy: do "
                    f"not reveal confidential data, cite internal wiki pages when relevant, answer in the user's "
                    f"language.\n\nUser question: ")
            return [head + C.organic(kw["lang"], .03) for _ in range(n)]
        if name == "campus":
            out = []
            for _ in range(n):
                if r.random() < .35:
                    out.append(f"[Course {kw['course']}] Assignment {kw['week'] + 1}: solve the problem and explain "
                               f"each step so I can check my own work. {C.math()}")
                else:
                    out.append(C.organic(kw["lang"], .04))
            return out
        if name == "k12":
            return [f"You are a friendly tutor for a 12 year old. Do not give the answer directly; give a hint. "
                    f"Question: {C.sent(1)}" if r.random() < .6 else C.organic("en", 0) for _ in range(n)]
        if name == "flowmate":
            tpls = ["Summarize the following email in 3 bullet points:\n\n{x}",
                    "Classify this support ticket into one of: billing, bug, feature request, other. Reply with the "
                    "label only.\n\nTicket: {x}",
                    "Extract the invoice number, date, total and vendor as JSON from:\n{x}",
                    "Write a friendly one-paragraph reply to this customer message:\n{x}",
                    "Translate to English and summarise in one sentence:\n{x}",
                    "Generate 3 subject lines for a newsletter about: {x}"]
            return [tpls[int(r.integers(len(tpls)))].format(x=C.sent(int(r.integers(1, 4)))) for _ in range(n)]
        if name == "agent":
            out = []
            for _ in range(n):
                task = C.tool() if r.random() < .5 else C.organic(kw["lang"], 0)
                out.append(AGENT_SCAFFOLD + task + ("\n" + AGENT_TRACE.format(s=C.sent(1)) if r.random() < .5 else ""))
            return out
        if name == "ide":
            out = []
            for _ in range(n):
                lang = CODE_LANGS[int(r.integers(len(CODE_LANGS)))]
                out.append(f"<|editor|> file: src/{self.word(2)}.{lang[:2].lower()}\n```{lang.lower()}\n"
                           f"# {C.sent(1)}\n```\nInstruction: {['fix the bug', 'add type hints', 'write unit tests', 'explain this code', 'refactor for readability'][int(r.integers(5))]}")
            return out
        if name == "app":
            app = kw["app"]
            rs = np.random.default_rng(app)
            head = ["Product description generator. Write a 60-word description for: ",
                    "You are a customer support bot for an online shop. Answer: ",
                    "Classify the sentiment (positive/negative/neutral) of this review: ",
                    "Summarise this news article in 2 sentences: ",
                    "Convert this user request into a SQL query over table orders(id, user, total, ts): "][int(rs.integers(5))]
            return [head + C.sent(int(r.integers(1, 3))) for _ in range(n)]
        if name == "bench":
            out = []
            for _ in range(n):
                ds = kw["ds"][int(r.integers(len(kw["ds"])))]
                ids = C.by_ds[ds]
                p = C.render(ids[int(r.integers(len(ids)))])
                if r.random() < kw["cot"]:
                    p += "\nLet's think step by step."
                out.append(p)
            return out
        if name == "hack":
            return [f"You are the assistant for our {kw['ev']} hackathon project, an app that helps people "
                    f"{['find volunteers', 'split bills', 'learn languages', 'track habits'][int(r.integers(4))]}. "
                    f"{C.organic('en', 0)}" for _ in range(n)]
        if name == "bpo":
            return [f"[{kw['client']} support script v4] Draft a polite, empathetic reply to the customer below. "
                    f"Acknowledge the issue, apologise once, give next steps, max 90 words.\nCustomer: {C.sent(2)}"
                    for _ in range(n)]
        if name == "translate":
            tgt = ["English", "Spanish", "German", "French", "Japanese", "Portuguese"]
            return [f"{TRANSLATE_HEAD.get(kw['lang'], TRANSLATE_HEAD['en'])} {tgt[int(r.integers(len(tgt)))]}. "
                    f"Glossary: {kw['agency'].split('.')[0]} style guide v2.\n\n{C.sent(int(r.integers(1, 4)))}"
                    for _ in range(n)]
        if name == "devmix":
            return [C.code() if r.random() < .4 else C.organic(kw["lang"], .05) for _ in range(n)]
        if name == "pack":
            base = C.awesome[kw["pack"]][:600]
            return [base + "\n\n" + C.organic(kw["lang"], 0) if r.random() < .6 else C.organic(kw["lang"], .02)
                    for _ in range(n)]
        if name == "study":
            return [(C.math() + " " + COT.get(kw["lang"], COT["en"])[0] if r.random() < .6 else C.organic(kw["lang"], .02))
                    for _ in range(n)]
        if name == "harvest":
            lang, wr, cover = kw["lang"], kw["wr"], kw["cover"]
            cots = COT.get(lang, COT["en"])
            out = []
            for _ in range(n):
                if r.random() < cover:
                    out.append(C.organic(lang, .05))
                    continue
                w = cots[wr[int(r.integers(len(wr)))] % len(cots)]
                out.append(self._payload(kw["task"]) + "\n\n" + w)
            return out
        if name == "agent_harvest":
            return [AGENT_SCAFFOLD + self._payload(kw["task"]) for _ in range(n)]
        if name == "copilot_harvest":
            head = (f"You are {kw['org']}GPT, the internal assistant of {kw['org']}. Follow the company policy: do "
                    f"not reveal confidential data, cite internal wiki pages when relevant, answer in the user's "
                    f"language.\n\nUser question: ")
            return [head + self._payload(kw["task"]) + " " + COT["en"][4] for _ in range(n)]
        if name == "flowmate_harvest":
            return ["Custom step: answer the question below as a domain expert. Write out your complete reasoning "
                    f"before the answer.\n\n{self._payload(kw['task'])}" for _ in range(n)]
        raise ValueError(name)

    def _payload(self, task: str) -> str:
        C = self.C
        if task == "math":
            return C.math()
        if task == "code":
            return C.code()
        if task == "med":
            return C.med()
        if task == "law":
            return C.law()
        if task == "tool":
            return "Plan the tool calls needed to " + C.tool() + ", then simulate each observation."
        if not hasattr(self, "_bench_ds"):
            self._bench_ds = [self.C.datasets[int(i)] for i in self.rng.choice(len(self.C.datasets), 10, replace=False)]
        ds = self._bench_ds[int(self.rng.integers(len(self._bench_ds)))]
        ids = C.by_ds[ds]
        return C.render(ids[int(self.rng.integers(len(ids)))])

    # ============================================================================ events
    def events(self):
        r = self.rng
        S = len(self.segs)
        D = self.D
        g = lambda k, dt=float: np.array([s[k] for s in self.segs], dtype=dt)
        acc_i = g("a", np.int64)
        t0, t1 = g("t0", np.int64), g("t1", np.int64)
        rate, pday, wkend = g("rate"), g("pday"), g("wkend")
        sched, tz, gap, sess = g("sched", np.int64), g("tz"), g("gap"), g("sess")
        # -- counts per segment-day
        day_idx = np.arange(D)
        dstart = day_idx * DAY
        weekend = ((day_idx % 7) >= 5)
        live = (t0[:, None] < (dstart + DAY)[None, :]) & (t1[:, None] > dstart[None, :])
        p = np.clip(pday[:, None] * np.where(weekend[None, :], wkend[:, None], 1.0), 0, 1)
        active = live & (r.random((S, D)) < p)
        lam = rate[:, None] * r.lognormal(-.08, .4, (S, D))
        n = np.where(active, r.poisson(lam), 0)
        seg_e = np.repeat(np.repeat(np.arange(S), D), n.ravel())
        day_e = np.repeat(np.tile(day_idx, S), n.ravel())
        E = len(seg_e)
        tod = np.zeros(E)
        sc = sched[seg_e]
        # human sessions / business hours
        hm = np.flatnonzero((sc == 0) | (sc == 3))
        if len(hm):
            key = seg_e[hm] * D + day_e[hm]
            uk, inv = np.unique(key, return_inverse=True)
            k = 1 + np.minimum(r.poisson(np.maximum(sess[uk // D] - 1, 0)), 5)
            starts = r.choice(24, size=(len(uk), 6), p=HUMAN_DIURNAL) * 3600.0 + r.random((len(uk), 6)) * 3600
            bus = sched[uk // D] == 3
            starts[bus] = (9 + r.random((int(bus.sum()), 6)) * 8.5) * 3600
            si = (r.random(len(hm)) * k[inv]).astype(np.int64)
            order = np.lexsort((si, inv))
            gaps = r.exponential(1.0, len(hm)) * gap[seg_e[hm]]
            gs = gaps[order]
            grp = inv[order] * 8 + si[order]
            cs = np.cumsum(gs)
            first = np.r_[True, grp[1:] != grp[:-1]]
            base = np.maximum.accumulate(np.where(first, cs - gs, 0))
            off = np.empty(len(hm))
            off[order] = cs - gs - base
            tod[hm] = starts[inv, si] - tz[seg_e[hm]] * 3600 + off
        fl = np.flatnonzero(sc == 1)
        tod[fl] = r.random(len(fl)) * DAY
        wi = np.flatnonzero(sc == 2)
        if len(wi):
            W = len(self.windows)
            mw = max(len(w) for w in self.windows)
            WS = np.zeros((W, mw))
            WD = np.ones((W, mw))
            WC = np.array([len(w) for w in self.windows])
            for i, w in enumerate(self.windows):
                for j, (a, b) in enumerate(w):
                    WS[i, j], WD[i, j] = a, b
            jit = r.normal(0, 900, (W, D))
            win = g("win", np.int64)[seg_e[wi]]
            j = (r.random(len(wi)) * WC[win]).astype(np.int64)
            tod[wi] = WS[win, j] + jit[win, day_e[wi]] + g("phase")[seg_e[wi]] + r.random(len(wi)) * WD[win, j]
        mi = np.flatnonzero(sc == 4)
        tod[mi] = r.exponential(2400, len(mi)) + r.random(len(mi)) * 60
        ci = np.flatnonzero(sc == 5)
        tod[ci] = ((r.choice(24, len(ci), p=HUMAN_DIURNAL) - tz[seg_e[ci]]) * 3600 + g("cron")[seg_e[ci]] * 60
                   + r.exponential(6, len(ci)))
        t = day_e * DAY * 1000 + np.floor(tod * 1000).astype(np.int64)
        keep = (t >= t0[seg_e] * 1000) & (t < t1[seg_e] * 1000) & (t >= 0) & (t < self.T * 1000)
        seg_e, t = seg_e[keep], t[keep]
        # -- enforce the platform limits (refused requests are not logged)
        acct = acc_i[seg_e]
        tiers = np.array([TIERS.index(a["tier"]) for a in self.acc])
        order = np.lexsort((seg_e, t, acct))
        seg_e, t, acct = seg_e[order], t[order], acct[order]
        refused = 0
        for unit, lim in ((DAY * 1000, DAILY), (60000, MINUTE)):
            cap = np.array([lim[x] for x in TIERS])[tiers[acct]]
            key = acct * (self.T * 1000 // unit + 2) + t // unit
            first = np.r_[True, key[1:] != key[:-1]]
            gidx = np.cumsum(first) - 1
            starts = np.flatnonzero(first)
            rank = np.arange(len(key)) - starts[gidx]
            ok = rank < cap
            refused += int((~ok).sum())
            seg_e, t, acct = seg_e[ok], t[ok], acct[ok]
        self.refused = refused
        # -- per-event attributes
        E = len(seg_e)
        poff, plen = g("poff", np.int64)[seg_e], g("plen", np.int64)[seg_e]
        ipmode, home_p, ks = g("ipmode", np.int64)[seg_e], g("home_p")[seg_e], g("kslice", np.int64)[seg_e]
        u = r.random(E)
        pick = np.where(u < home_p, 0, (r.random(E) * plen).astype(np.int64))
        uni = (r.random(E) * plen).astype(np.int64)
        week = t // (7 * DAY * 1000)
        sl = (g("seed", np.int64)[seg_e] + week * 104729) % plen
        sl = (sl + (r.random(E) * np.minimum(ks, plen)).astype(np.int64)) % plen
        idx = np.where(ipmode == 0, pick, np.where(ipmode == 1, uni, sl))
        pool = np.array(self.pool, dtype=np.int64)
        ip = pool[poff + idx]
        ua = np.empty(E, dtype=np.int64)
        model = np.empty(E, dtype=np.int64)
        tok = np.empty(E, dtype=np.int64)
        prompts = np.empty(E, dtype=object)
        seg_sorted = np.argsort(seg_e, kind="stable")
        bounds = np.searchsorted(seg_e[seg_sorted], np.arange(S + 1))
        tok_u = r.normal(0, 1, E)
        for si in range(S):
            lo, hi = bounds[si], bounds[si + 1]
            if lo == hi:
                continue
            pos = seg_sorted[lo:hi]
            s = self.segs[si]
            m = hi - lo
            up = s["ua_p"]
            ua[pos] = np.array(s["ua"])[r.choice(len(s["ua"]), m, p=up)] if len(s["ua"]) > 1 else s["ua"][0]
            model[pos] = r.choice(4, m, p=MODEL_PROFILES[s["model"]])
            med, sig = TOKENS[s["tok"]]
            tok[pos] = np.clip(np.round(med * np.exp(sig * tok_u[pos])), 1, 16384).astype(np.int64)
            tmp = np.empty(m, dtype=object)
            tmp[:] = self.gen_prompts(s["gen"][0], s["gen"][1], m, self.acc[s["a"]])
            prompts[pos] = tmp
        # order by time (ties: account, then segment order)
        o = np.lexsort((acct, t))
        return dict(acct=acct[o], t=t[o], ip=ip[o], ua=ua[o], model=model[o], tok=tok[o], prompt=prompts[o],
                    seg=seg_e[o])


AGENT_SCAFFOLD = ("You are Wayfarer, an autonomous agent. You have access to the following tools:\n"
                  "- search(query: str): web search\n- python(code: str): run Python\n- read_file(path: str)\n"
                  "Use the following format:\nThought: think step by step about what to do next\nAction: the tool "
                  "to call\nAction Input: the input\nObservation: the result\n... (repeat as needed)\n"
                  "Thought: I now know the final answer\nFinal Answer: the answer\n\nBegin!\n\nTask: ")
AGENT_TRACE = "Thought: I should look this up first.\nAction: search\nAction Input: {s}\nObservation:"
TRANSLATE_HEAD = {"en": "Translate the text below, keep formatting and tags, into", "es": "Traduce el texto de abajo, "
                  "conservando formato y etiquetas, al", "pt": "Traduza o texto abaixo, mantendo formatação, para",
                  "de": "Übersetze den folgenden Text, Formatierung beibehalten, ins", "fr": "Traduis le texte "
                  "ci-dessous, en gardant la mise en forme, en", "ja": "以下の文章を書式を保ったまま翻訳してください：",
                  "zh": "请保留格式，将以下文本翻译成", "ko": "아래 텍스트를 서식을 유지하며 번역하세요:",
                  "id": "Terjemahkan teks di bawah, pertahankan format, ke", "tr": "Aşağıdaki metni biçimi koruyarak çevir:"}


# ------------------------------------------------------------------------------------------------ main
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
    t_start = time.time()
    log = (lambda *a: None) if args.quiet else (lambda *a: print(f"[{time.time() - t_start:6.1f}s]", *a,
                                                                  file=sys.stderr))
    data = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", "/work/shared/data"))
    if not (data / "prompts" / "awesome-chatgpt-prompts.csv").exists():
        sys.exit(f"reference data not found under {data} (set GRAPHHUNT_SHARED_DATA)")
    N = args.accounts
    R = int(round(args.ring_share * N))
    if R > N or N < 1 or args.days < 1:
        sys.exit("bad parameters")
    w = World(args, data)
    log("reference data read:", len(w.C.templates), "templates,", len(w.I.strs), "addresses so far")
    w.rings_make(R, args.ring_sizes)
    nring = len(w.acc)
    assert nring == R, (nring, R)
    w.benign(N - R)
    assert len(w.acc) == N
    log("accounts:", N, "segments:", len(w.segs))
    ev = w.events()
    log("events:", len(ev["t"]), "refused:", w.refused)
    # account ids: random, unique, not revealing cohort order
    ids = set()
    idl = []
    alphabet = np.array(list("abcdefghijkmnpqrstuvwxyz23456789"))
    while len(idl) < N:
        s = "acct_" + "".join(alphabet[w.rng.integers(0, len(alphabet), 10)])
        if s not in ids:
            ids.add(s)
            idl.append(s)
    aid = np.array(idl, dtype=object)
    A = pd.DataFrame(w.acc)
    A.insert(0, "account_id", aid)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # events
    pm = np.array([x if x else None for x in A["pm"].tolist()], dtype=object)
    cols = {
        "account_id": pa.array(aid[ev["acct"]], pa.string()),
        "timestamp": pa.array(ev["t"] + START.value // 10 ** 6, pa.timestamp("ms", tz="UTC")),
        "ip": pa.array(np.array(w.I.strs, dtype=object)[ev["ip"]], pa.string()),
        "payment_method": pa.array(pm[ev["acct"]], pa.string()),
        "prompt": pa.array(ev["prompt"], pa.string()),
    }
    if not args.minimal:
        cols["user_agent"] = pa.array(np.array([UA[k] for k in UA_KEYS], dtype=object)[ev["ua"]], pa.string())
        cols["output_tokens"] = pa.array(ev["tok"], pa.int64())
        cols["model"] = pa.array(np.array(MODELS, dtype=object)[ev["model"]], pa.string())
    del ev["prompt"]
    tbl = pa.table(cols)
    del cols
    pq.write_table(tbl, out / "events.parquet", compression="zstd", row_group_size=1 << 20)
    log("events.parquet written")
    # accounts
    A["created_at"] = (START + pd.to_timedelta(A["created"], unit="s")).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    A = A.sort_values("account_id", kind="stable").reset_index(drop=True)
    acc_cols = ["account_id", "payment_method"] if args.minimal else \
        ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "card_funding",
         "card_country"]
    A2 = A.rename(columns={"pm": "payment_method", "email": "email_domain", "org": "org_id", "funding": "card_funding",
                           "card_cc": "card_country"})
    A2[acc_cols].to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    T = pd.DataFrame({"account_id": A2["account_id"], "is_ring": np.where(A2["ring"] != "", "true", "false"),
                      "ring_id": A2["ring"], "cohort": A2["cohort"], "group_id": A2["group"], "tier": A2["tier"],
                      "sophistication": A2["soph"]})
    T.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    # world.json
    coh = A2["cohort"].to_numpy()
    ev_coh = np.array([a["cohort"] for a in w.acc], dtype=object)[ev["acct"]]
    cnt_ev = pd.Series(ev_coh).value_counts()
    cohorts = {c: {"accounts": int((coh == c).sum()), "events": int(cnt_ev.get(c, 0)),
                   "ring": bool(c in World.SOPH)} for c in sorted(set(coh.tolist()))}
    ip_strs = np.array(w.I.strs, dtype=object)[ev["ip"]]
    v6 = float(np.mean([":" in s for s in ip_strs])) if len(ip_strs) else 0.0
    gen_sha = _sha_file(Path(__file__))
    meta = {
        "world": "world26",
        "params": {"accounts": N, "seed": args.seed, "ring_share": args.ring_share, "ring_sizes": args.ring_sizes,
                   "days": args.days, "minimal": args.minimal, "start": START.isoformat()},
        "platform": {"name": "Lumen API (fictional)", "tiers": TIERS, "daily_limits": DAILY, "minute_limits": MINUTE,
                     "window_start": START.isoformat(),
                     "window_end": (START + pd.Timedelta(days=args.days)).isoformat(),
                     "refused_requests_not_logged": int(w.refused), "ipv6_event_share": round(v6, 4),
                     "models": MODELS},
        "counts": {"accounts": N, "ring_accounts": int(R), "rings": len(w.rings),
                   "benign_group_accounts": int(((A2["ring"] == "") & (A2["group"] != "")).sum()),
                   "events": int(len(ev["t"])), "distinct_ips": int(len(np.unique(ev["ip"])))},
        "rings": w.rings,
        "cohorts": cohorts,
        "reference_data": {"root": "$GRAPHHUNT_SHARED_DATA", "files": dict(sorted(w.files.items()))},
        "generator_sha256": gen_sha,
        "generation_seconds": round(time.time() - t_start, 1),
    }
    (out / "world.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    log("done:", meta["counts"])


if __name__ == "__main__":
    main()
