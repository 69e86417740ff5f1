#!/usr/bin/env python3
"""World 29: "Tern Relay", a blind synthetic test world for graphhunt (docs/WORLD29.md).

A month of API traffic on a fictional 2026 LLM API platform, with the truth of which accounts belong to
distillation rings. Written blind: its design comes from a picture of a 2026 API platform and public accounts of
distillation operations, not from how graphhunt detects.

    python3 benchmarks/world29.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR

Writes events.parquet (or events.csv), accounts.csv, truth.csv and world.json to DIR. Reads the shared reference
data (prompts, AS table, VPN/datacenter/cloud/Tor lists) from $GRAPHHUNT_SHARED_DATA or ../shared/data.
"""
from __future__ import annotations

import argparse
import glob
import gzip
import hashlib
import ipaddress
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
START = pd.Timestamp("2026-11-09T00:00:00Z")          # a Monday; no DST change anywhere inside 28 days
START_MS = int(START.value // 1_000_000)
DAY = 86400

# ------------------------------------------------------------------ platform
TIERS = ["trial", "starter", "pro", "scale", "enterprise"]
DAILY = {"trial": 25, "starter": 600, "pro": 3000, "scale": 15000, "enterprise": 80000}
MINUTE = {"trial": 3, "starter": 20, "pro": 60, "scale": 200, "enterprise": 800}
MODELS = ["tern-2", "tern-2-mini", "tern-2-think", "tern-2-code", "tern-2.5"]
MODEL_SETS = {                                       # weights over MODELS
    "chat": [.45, .45, .05, .05, 0], "dev": [.35, .25, .1, .3, 0], "cheap": [.1, .9, 0, 0, 0],
    "top": [.7, 0, .1, .2, 0], "think": [.1, 0, .9, 0, 0], "code": [.2, .1, .1, .6, 0], "new": [.3, .1, .1, .1, .4],
}
MSET_NAMES = list(MODEL_SETS)
UAS = [
    "tern-python/2.4.1", "tern-python/2.3.0", "tern-node/1.9.2", "tern-go/0.8.0", "curl/8.5.0",
    "python-requests/2.31.0", "python-httpx/0.27.0", "aiohttp/3.9.5",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "TernChat-Android/5.2.0 (okhttp/4.12.0)", "tern-python/1.9.4", "Wayfarer-Agent/0.11 tern-python/2.4.1",
    "Loomkit/3.2 (+https://loomkit.example) node-fetch/3.3", "GitHub-Actions tern-node/1.9.2",
    "TutorBee/2.0 (iOS)", "SheetScribe-Addon/1.4", "LinguaDesk/8.1", "OpenLoop/0.4 python-httpx/0.27.0",
    "tern-python/2.4.1 (eval-kit 0.6)", "java-http-client/21", "tern-python/2.2.7",
]
UA = {u: i for i, u in enumerate(UAS)}

REGIONS = {   # tz minutes, language, country, home ISPs, mobile carriers (AS numbers in the 2014 table)
    "us_e": (-300, "en", "US", [7922, 7018, 701, 22773, 11427], [21928, 6167], .17),
    "us_w": (-480, "en", "US", [7922, 20115, 209], [21928, 6167], .09),
    "br": (-180, "pt", "BR", [28573, 18881, 10429], [26599], .07),
    "mx": (-360, "es", "MX", [8151], [8151], .04),
    "gb": (0, "en", "GB", [2856, 5089], [25135], .06),
    "de": (60, "de", "DE", [3320, 3209], [6805], .07),
    "fr": (60, "fr", "FR", [3215, 12322], [3215], .05),
    "es": (60, "es", "ES", [3352, 12430], [12430], .04),
    "ng": (60, "en", "NG", [29465], [29465], .03),
    "in": (330, "en", "IN", [24560, 9829], [55836, 45609], .11),
    "vn": (420, "vi", "VN", [7552, 45899, 18403], [7552], .04),
    "id": (420, "en", "ID", [17974], [17974], .03),
    "jp": (540, "ja", "JP", [4713, 17676, 2497], [9605], .07),
    "kr": (540, "ko", "KR", [4766], [9644], .05),
    "au": (660, "en", "AU", [1221], [1221], .03),
}
RNAMES = list(REGIONS)
RW = np.array([REGIONS[r][5] for r in RNAMES]); RW = RW / RW.sum()
CARRIER_NAME = {21928: "tmobile-us", 6167: "verizon-wireless", 26599: "vivo-br", 8151: "telmex-mx", 25135: "vodafone-uk",
                6805: "o2-de", 3215: "orange-fr", 12430: "vodafone-es", 29465: "mtn-ng", 55836: "jio-in",
                45609: "airtel-in", 7552: "viettel-vn", 17974: "telkomsel-id", 9605: "docomo-jp", 9644: "skt-kr",
                1221: "telstra-au"}


def off_str(m: int) -> str:
    if m == 0:
        return "Z"
    s = "+" if m > 0 else "-"
    m = abs(m)
    return f"{s}{m // 60:02d}:{m % 60:02d}"


# ------------------------------------------------------------------ text
FRAMES = {
    "en": ["Can you explain {t} in simple terms?", "Write a short email to my landlord about {t}.",
           "What are the pros and cons of {t}?", "Help me plan a weekend around {t}.",
           "Give me three ideas for a blog post on {t}.", "My teacher asked about {t}, what should I say?",
           "Summarize the main debate about {t} for a meeting.", "Draft a polite reply declining {t}."],
    "pt": ["Pode me explicar {t} de forma simples?", "Escreva um e-mail curto sobre {t}.",
           "Quais são os prós e contras de {t}?", "Me ajuda a planejar algo com {t}?",
           "Dê três ideias de post sobre {t}.", "Resuma a discussão sobre {t} para uma reunião."],
    "es": ["¿Me puedes explicar {t} de forma sencilla?", "Escribe un correo breve sobre {t}.",
           "¿Cuáles son las ventajas y desventajas de {t}?", "Ayúdame a organizar un fin de semana con {t}.",
           "Dame tres ideas para una publicación sobre {t}.", "Resume el debate sobre {t} para una reunión."],
    "de": ["Kannst du mir {t} einfach erklären?", "Schreib eine kurze E-Mail wegen {t}.",
           "Was sind die Vor- und Nachteile von {t}?", "Hilf mir, ein Wochenende mit {t} zu planen.",
           "Gib mir drei Ideen für einen Beitrag über {t}.", "Fasse die Diskussion über {t} kurz zusammen."],
    "fr": ["Peux-tu m'expliquer {t} simplement ?", "Écris un court e-mail à propos de {t}.",
           "Quels sont les avantages et inconvénients de {t} ?", "Aide-moi à organiser un week-end autour de {t}.",
           "Donne-moi trois idées d'article sur {t}.", "Résume le débat sur {t} pour une réunion."],
    "ja": ["{t}について簡単に説明してください。", "{t}について大家さんへの短いメールを書いて。",
           "{t}のメリットとデメリットは？", "{t}を使った週末の計画を手伝って。",
           "{t}についてブログ記事のアイデアを3つください。", "会議用に{t}の論点をまとめて。"],
    "ko": ["{t}에 대해 쉽게 설명해 줄 수 있어?", "{t} 관련해서 짧은 이메일을 써 줘.",
           "{t}의 장단점은 뭐야?", "{t}로 주말 계획 좀 세워 줘.", "{t}에 대한 블로그 아이디어 세 개만.",
           "회의용으로 {t} 논쟁을 요약해 줘."],
    "vi": ["Bạn có thể giải thích {t} một cách đơn giản không?", "Viết một email ngắn về {t}.",
           "Ưu và nhược điểm của {t} là gì?", "Giúp tôi lên kế hoạch cuối tuần với {t}.",
           "Cho tôi ba ý tưởng bài viết về {t}.", "Tóm tắt tranh luận về {t} cho cuộc họp."],
}
TOPICS = {
    "en": ["compound interest", "sourdough starters", "heat pumps", "the French revolution", "remote work",
           "electric scooters", "sleep schedules", "index funds", "composting", "job interviews", "TypeScript generics",
           "a used car purchase", "marathon training", "rent increases", "photosynthesis", "climate adaptation"],
    "pt": ["juros compostos", "energia solar", "trabalho remoto", "o Carnaval", "aluguel", "futebol de base",
           "a reforma tributária", "receitas de feijoada", "entrevistas de emprego", "investimentos"],
    "es": ["el interés compuesto", "la energía solar", "el trabajo remoto", "el alquiler", "la Copa",
           "las entrevistas de trabajo", "una dieta sana", "el transporte público", "los impuestos", "la inflación"],
    "de": ["Wärmepumpen", "die Steuererklärung", "Homeoffice", "Fahrradreisen", "Mietpreise", "den Bundestag",
           "Sauerteig", "Vorstellungsgespräche", "ETFs", "die Bahn"],
    "fr": ["les pompes à chaleur", "le télétravail", "la retraite", "le vélo en ville", "les loyers",
           "la cuisine lyonnaise", "les entretiens d'embauche", "l'épargne", "le baccalauréat", "les vacances"],
    "ja": ["確定申告", "テレワーク", "睡眠", "投資信託", "転職", "自炊", "英語学習", "引っ越し", "電気代", "子育て"],
    "ko": ["전세 계약", "재택근무", "수능 공부", "주식 투자", "다이어트", "이직", "캠핑", "전기차", "영어 회화", "육아"],
    "vi": ["lãi kép", "làm việc từ xa", "học tiếng Anh", "đầu tư chứng khoán", "xe máy điện", "nấu phở",
           "phỏng vấn xin việc", "thuê nhà", "du lịch Đà Lạt", "giấc ngủ"],
}
SUFFIX = {"en": ["", " Keep it short.", " Use bullet points.", " Explain like I'm 12."],
          "pt": ["", " Seja breve.", " Use tópicos."], "es": ["", " Sé breve.", " Usa viñetas."],
          "de": ["", " Bitte kurz.", " In Stichpunkten."], "fr": ["", " Sois bref.", " En quelques points."],
          "ja": ["", " 短くお願いします。", " 箇条書きで。"], "ko": ["", " 짧게 부탁해.", " 글머리표로."],
          "vi": ["", " Ngắn gọn thôi.", " Dùng gạch đầu dòng."]}
LANGS = list(FRAMES)
SUBJ = ["The council", "A small bakery", "The new hospital", "Our neighbour", "The river ferry", "A local startup",
        "The school board", "The museum", "A delivery driver", "The city library", "The football club",
        "A research team", "The village market", "The night train", "A retired teacher", "The port authority",
        "The weather service", "A young farmer", "The bookshop", "The hotel staff", "The orchestra",
        "A volunteer group", "The mayor", "The tech company", "The ferry captain", "A group of students",
        "The bank", "The zoo", "The airline", "A nurse"]
VERB = ["approved", "rejected", "postponed", "announced", "celebrated", "criticised", "funded", "redesigned",
        "investigated", "cancelled", "expanded", "reopened", "questioned", "reported", "tested", "sold",
        "repaired", "moved", "doubled", "documented", "shared", "reviewed", "planned", "delayed", "won",
        "lost", "built", "painted", "measured", "explained"]
OBJ = ["the budget for the bridge", "a plan to plant trees", "the winter schedule", "its first electric bus",
       "a free lunch program", "the old warehouse", "a new recycling rule", "the annual festival",
       "a lost painting", "the water prices", "a training course", "the parking policy", "a solar roof",
       "the evening classes", "a charity run", "the main square", "a software update", "the harbour wall",
       "an award for safety", "the student housing", "a new bakery recipe", "its mobile app", "the ticket fares",
       "a flood warning", "the library hours", "a vaccine drive", "the bike lanes", "a chess tournament",
       "the staff canteen", "a map of the caves"]
WHEN = ["last Monday", "in March", "after a long debate", "despite the rain", "for the third time",
        "earlier this year", "without warning", "during the storm", "before the election", "at dawn"]


def sentence(k: int) -> str:
    return (f"{SUBJ[k % 30]} {VERB[(k // 30) % 30]} {OBJ[(k // 900) % 30]} {WHEN[(k // 27000) % 10]}.")


NSENT = 270000


def slot_value(name: str, j: int, item: int) -> str:
    k1 = (item * 7919 + j * 104729 + 17) % NSENT
    k2 = (item // NSENT * 3301 + item * 31 + j * 613) % NSENT
    n = name.lower()
    if any(w in n for w in ("question", "query", "problem")):
        s = sentence(k1)
        return "Why " + s[0].lower() + s[1:-1] + "?"
    if n == "lang":
        return LANG_NAMES[item % len(LANG_NAMES)]
    if any(w in n for w in ("answer", "label", "choice", "target", "opt", "title", "name", "word", "entity")):
        return OBJ[k1 % 30]
    if n.isdigit() or n in ("num", "number", "n", "year"):
        return str(k1 % 2000)
    return sentence(k1) + " " + sentence(k2)


# my own templates ("house" prompts of SaaS products, tutoring apps, worksheets, harvest frames); {0} {1}... slots
HOUSE = {
    "saas_listing": ["Rewrite this product description for an online shop in a friendly tone, max 80 words:\n{text}",
                     "Write 5 SEO keywords and a meta description for this product:\n{text}",
                     "Translate this product title and description into {lang}:\n{text}"],
    "saas_support": ["You are a support assistant for an e-commerce store. Classify the customer message into "
                     "billing, shipping, returns or other, then draft a reply.\nMessage: {text}",
                     "Summarize this support ticket thread in two sentences for the agent:\n{text}"],
    "saas_sheet": ["Extract the organisation name and the city from this cell, as 'name; city': {text}",
                   "Classify the sentiment of this cell as positive, negative or neutral: {text}"],
    "tutor": ["Explain step by step how to solve this homework problem for a 9th grader, without giving only the "
              "answer: {question}", "A student wrote this answer: {answer}. Give encouraging feedback and one hint. "
              "Problem: {question}", "Make a 3-question quiz about this paragraph for a 7th grader:\n{text}"],
    "worksheet": ["Read the text and answer: what is the main idea, who are the people involved, and what happened "
                  "next? Text: {text}", "Write a 150-word argumentative paragraph agreeing or disagreeing with: {text}"],
    "ci": ["Say this is a test.", "Reply with the single word: pong", "Return a JSON object with ok set to true and "
           "nothing else."],
    "synth": ["Generate a realistic customer support dialogue (6 turns) about this issue, as JSON lines with role "
              "and text: {text}", "Write 4 paraphrases of the sentence, varying formality, one per line: {text}",
              "Create a question-answer pair grounded in this passage, JSON with keys q and a:\n{text}"],
    "translate": ["Translate into {lang}, keeping the legal terminology precise:\n{text}",
                  "Translate into {lang} for a marketing brochure, natural tone:\n{text}",
                  "Proofread this {lang} translation against the source and list corrections.\nSource: {text}"],
    "cot": ["Solve the following problem. Think step by step and show every intermediate step before the final "
            "answer.\nProblem: {question}", "Work through this carefully, reasoning out loud, then give the answer "
            "on the last line as 'Answer: ...'.\n{question}"],
    "code": ["Write a well-documented Python function for the task below, with type hints and tests.\nTask: {text}",
             "Explain what this task requires and implement it in Rust with error handling: {text}"],
    "eval": ["Question: {question}\nAnswer with only the letter of the correct option.\nA) {opt_a}\nB) {opt_b}\n"
             "C) {opt_c}\nD) {opt_d}"],
}
LANG_NAMES = ["German", "Spanish", "Japanese", "Portuguese", "French", "Korean", "Vietnamese", "Polish"]


# ------------------------------------------------------------------ reference data
class Ref:
    def __init__(self, data: Path):
        self.data = data
        self.files: dict[str, str] = {}

    def read_bytes(self, rel: str) -> bytes:
        b = (self.data / rel).read_bytes()
        self.files[rel] = hashlib.sha256(b).hexdigest()
        return b

    def lines(self, rel: str) -> list[str]:
        return [ln.strip() for ln in self.read_bytes(rel).decode().splitlines()
                if ln.strip() and not ln.startswith("#")]


def load_prompts(ref: Ref):
    import io
    aw = pd.read_csv(io.BytesIO(ref.read_bytes("prompts/awesome-chatgpt-prompts.csv")), dtype=str,
                     keep_default_na=False)
    awesome = [p[:3000] for p in aw["prompt"] if len(p.strip()) > 10 and "\x00" not in p]
    import yaml
    import jinja2
    L = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Ld(L):  # noqa: D401
        pass

    Ld.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_mapping(node, deep=True))

    class Marker(jinja2.ChainableUndefined):
        def __str__(self):
            return f"\x01{self._undefined_name}\x02"

        def __iter__(self):
            for k in range(3):
                yield f"\x01{self._undefined_name}_{k}\x02"

        def __len__(self):
            return 3

        def __bool__(self):
            return True

    env = jinja2.Environment(undefined=Marker, autoescape=False)
    tpls = []                 # (dataset, name, jinja source): rendered on first use (Tpls.__getitem__)
    files = sorted(glob.glob(str(ref.data / "prompts/promptsource-templates/**/templates.yaml"), recursive=True))
    for f in files:
        rel = os.path.relpath(f, ref.data)
        d = yaml.load(ref.read_bytes(rel).decode("utf-8"), Loader=Ld) or {}
        ds = d.get("dataset", rel)
        for tid in sorted(d.get("templates") or {}):
            t = d["templates"][tid]
            src = str(t.get("jinja", "")).split("|||")[0]
            if "{{" in src:
                tpls.append([ds, str(t.get("name", tid)), src])
    return awesome, Tpls(tpls, env)


class Tpls(list):
    """Templates as (dataset, name, parts); a promptsource template is rendered with slot markers on first use
    (parts alternate literal text and slot names); one that does not render cleanly falls back to regex slots."""

    def __init__(self, items, env):
        super().__init__(items)
        self.env = env
        self.done = set()

    def __getitem__(self, i):
        item = list.__getitem__(self, i)
        if i not in self.done and isinstance(item[2], str):
            import re
            src = item[2]
            import random
            random.seed(int(hashlib.sha256(src.encode()).hexdigest()[:12], 16))   # jinja's |random filter
            try:
                out = self.env.from_string(src).render().strip()
            except Exception:
                out = ""
            if "\x01" not in out or len(out) < 25 or "{{" in out or "{%" in out or "}}" in out or "%}" in out:
                out = re.sub(r"\{%.*?%\}", "", src, flags=re.S)
                out = re.sub(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)[^}]*\}\}", "\x01\\1\x02", out, flags=re.S)
                out = re.sub(r"\{\{.*?\}\}", "", out, flags=re.S).replace("{", "(").replace("}", ")").strip()
                out = out.replace("%", " percent")
                if "\x01" not in out:
                    out += "\n\x01text\x02"
            parts = re.split(r"\x01(.*?)\x02", out)
            item[2] = [x.replace("\x01", "").replace("\x02", "") for x in parts]
            self.done.add(i)
        return item


def load_ipdata(ref: Ref):
    import io
    raw = gzip.decompress(ref.read_bytes("ip/pyasn/ipasn_20140513.dat.gz"))
    body = b"\n".join(ln for ln in raw.split(b"\n") if ln and not ln.startswith(b";"))
    t = pd.read_csv(io.BytesIO(body.replace(b"/", b"\t").replace(b".", b"\t")), sep="\t", header=None,
                    dtype=np.int64).to_numpy()
    base = (t[:, 0] << 24) | (t[:, 1] << 16) | (t[:, 2] << 8) | t[:, 3]
    plen, asn = t[:, 4], t[:, 5]
    pub = public_mask(base, plen)
    base, plen, asn = base[pub], plen[pub], asn[pub]
    names = json.loads(gzip.decompress(ref.read_bytes("ip/pyasn/asnames.json.gz")))
    ip = {"base": base, "plen": plen, "asn": asn, "names": names}
    for key, rel in (("vpn", "ip/vpn/x4b_vpn_ipv4.txt"), ("dc", "ip/vpn/x4b_datacenter_ipv4.txt")):
        ip[key] = cidrs(ref.lines(rel))
    ref.read_bytes("ip/vpn/x4b_vpn_ASN.txt")
    for prov in ("amazon", "google", "microsoft", "digitalocean", "linode", "oracle", "github"):
        ip[prov] = cidrs(ref.lines(f"ip/cloud/{prov}/ipv4_merged.txt"))
    ip["tor"] = np.array([int(ipaddress.IPv4Address(x)) for x in ref.lines("ip/tor/tor-exit-nodes.lst")
                          if ":" not in x], dtype=np.int64)
    return ip


def cidrs(lines):
    import io
    v4 = [ln.split()[0] for ln in lines if ":" not in ln]
    v4 = [x if "/" in x else x + "/32" for x in v4]
    t = pd.read_csv(io.BytesIO("\n".join(v4).replace("/", ".").encode()), sep=".", header=None,
                    dtype=np.int64).to_numpy()
    p = t[:, 4]
    b = (t[:, 0] << 24) | (t[:, 1] << 16) | (t[:, 2] << 8) | t[:, 3]
    b = b & ~((np.int64(1) << (32 - p)) - 1)          # network address (strict=False)
    return b, p


RESERVED = [ipaddress.IPv4Network(x) for x in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
    "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/3")]
RES_LO = np.array([int(n.network_address) for n in RESERVED], dtype=np.int64)
RES_HI = np.array([int(n.broadcast_address) for n in RESERVED], dtype=np.int64)


def public_mask(base, plen):
    hi = base + (1 << (32 - plen)) - 1
    bad = np.zeros(len(base), bool)
    for lo_, hi_ in zip(RES_LO, RES_HI):
        bad |= (base <= hi_) & (hi >= lo_)
    return ~bad & (plen >= 8) & (plen <= 30)


def sample_in(rng, base, plen, n, per_prefix_cap=24):
    """n addresses inside the given prefixes (hosts only, never network/broadcast)."""
    i = rng.integers(0, len(base), n)
    size = (1 << (32 - plen[i]))
    lim = np.minimum(size - 2, 1 << per_prefix_cap)
    return base[i] + 1 + (rng.random(n) * lim).astype(np.int64)


def ip_strings(x: np.ndarray) -> np.ndarray:
    u, inv = np.unique(x, return_inverse=True)
    s = np.array([f"{v >> 24}.{(v >> 16) & 255}.{(v >> 8) & 255}.{v & 255}" for v in u.tolist()], dtype=object)
    return s, inv, u


# ------------------------------------------------------------------ helpers
def mix64(x):
    x = (np.asarray(x, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15))
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def heavy_sizes(rng, total, alpha, lo, hi):
    out = []
    while sum(out) < total:
        s = int(min(hi, max(lo, round(lo * (1 + rng.pareto(alpha))))))
        out.append(min(s, total - sum(out)))
    if len(out) > 1 and out[-1] < lo:
        x = out.pop()
        out[-1] += x
    return sorted(out, reverse=True)


def profile(hours_w):
    a = np.asarray(hours_w, float)
    return a / a.sum()


BASE_PROFILES = {
    "office": profile([.2, .1, .1, .1, .1, .3, .8, 2, 5, 8, 8, 7, 5, 7, 8, 8, 7, 5, 3, 2, 1.5, 1, .6, .3]),
    "evening": profile([2, 1, .5, .2, .1, .1, .3, 1, 1.5, 1.5, 1.5, 2, 2.5, 2, 2, 2, 2.5, 3.5, 5, 6.5, 7, 6.5, 5, 3.5]),
    "student": profile([4, 3, 1.5, .6, .2, .1, .1, .3, 1, 2.5, 3.5, 3.5, 3, 3.5, 4, 4.5, 4.5, 4, 4, 4.5, 5, 5.5, 6, 5]),
    "flat": profile([1] * 24),
    "school": profile([0, 0, 0, 0, 0, 0, .2, 1, 5, 8, 8, 7, 5, 6, 6, 3, 1, .5, .5, .5, .3, .1, 0, 0]),
    "batch": profile([5, 6, 6, 6, 5, 4, 2, 1, .5, .5, .5, .5, .5, .5, .5, .5, .5, .5, .5, 1, 1, 2, 3, 4]),
    "workday": profile([0, 0, 0, 0, 0, 0, 0, .5, 6, 9, 9, 8, 6, 8, 9, 9, 8, 3, .2, 0, 0, 0, 0, 0]),
    "extended": profile([.5, .3, .3, .3, .3, .5, 1, 3, 5, 6, 6, 6, 5, 6, 6, 6, 5, 4, 3, 3, 2.5, 2, 1, .7]),
}


# ------------------------------------------------------------------ world builder
class World:
    def __init__(self, args, ref: Ref):
        self.args = args
        self.ref = ref
        self.rng = np.random.default_rng(np.random.SeedSequence([29, args.seed]))
        self.days = args.days
        self.T = self.days * DAY
        self.acc: list[dict] = []          # per account
        self.seg: list[dict] = []          # behaviour segments
        self.profiles = [BASE_PROFILES[k] for k in BASE_PROFILES]
        self.pidx = {k: i for i, k in enumerate(BASE_PROFILES)}
        self.ippool: list[np.ndarray] = []
        self.ipn = 0
        self.wraps = [("", "")]
        self.tsets: list[int] = []
        self.cgroups = 0
        self.cfac_specs: list = []
        self.cohort_info: dict[str, dict] = {}
        self.rings: list[dict] = []
        self.card_n = 0
        self.asn_cache = {}

    # --- pools
    def pool(self, ips: np.ndarray) -> tuple[int, int]:
        ips = np.asarray(ips, dtype=np.int64)
        off = self.ipn
        self.ippool.append(ips)
        self.ipn += len(ips)
        return off, len(ips)

    def asn_ips(self, asns, n, cap=24, concentrate=0):
        key = tuple(sorted(int(a) for a in asns))
        if key not in self.asn_cache:
            ip = self.ip
            m = np.isin(ip["asn"], np.asarray(key)) & (ip["plen"] <= 24)
            if not m.any():
                raise ValueError(f"no public prefixes for AS {asns}")
            self.asn_cache[key] = (ip["base"][m], ip["plen"][m])
        b, p = self.asn_cache[key]
        if concentrate:                  # a few /24-sized gateway blocks (CGNAT, campus NAT)
            pick = self.rng.integers(0, len(b), concentrate)
            blocks = b[pick] + (self.rng.random(concentrate) * ((1 << (32 - p[pick])) >> 8)).astype(np.int64) * 256
            return blocks[self.rng.integers(0, concentrate, n)] + self.rng.integers(1, 255, n)
        return sample_in(self.rng, b, p, n, cap)

    def list_ips(self, key, n):
        if key not in self.asn_cache:
            b, p = self.ip[key]
            m = public_mask(b, p)
            self.asn_cache[key] = (b[m], p[m])
        b, p = self.asn_cache[key]
        return sample_in(self.rng, b, p, n)

    def block24(self, key):
        b, p = self.ip[key]
        m = public_mask(b, p) & (p <= 24)
        i = self.rng.choice(np.flatnonzero(m))
        sub = int(self.rng.integers(0, 1 << (24 - p[i])))
        return int(b[i]) + (sub << 8)

    def wrap(self, pre, suf=""):
        self.wraps.append((pre, suf))
        return len(self.wraps) - 1

    def tset(self, ids):
        off = len(self.tsets)
        self.tsets.extend(int(x) for x in ids)
        return off, len(ids)

    def cgroup(self, kind, **kw):
        self.cfac_specs.append((kind, kw))
        self.cgroups += 1
        return self.cgroups - 1

    def custom_profile(self, w):
        self.profiles.append(profile(w))
        return len(self.profiles) - 1

    def card(self, prefix="card_"):
        self.card_n += 1
        return prefix + hashlib.sha256(f"{self.args.seed}:{self.card_n}:{prefix}".encode()).hexdigest()[:14]

    # --- accounts & segments
    def add_account(self, cohort, tier, signup, region, *, ring_id="", group_id="", soph="", role="member",
                    pay=None, email=None, org="", phase="", noise=True):
        rng = self.rng
        r = REGIONS[region]
        if pay is None:
            pay = "" if tier == "trial" else self.card()
        if email is None:
            email = rng.choice(["gmail.com", "gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me",
                                {"jp": "yahoo.co.jp", "kr": "naver.com", "de": "web.de", "fr": "orange.fr",
                                 "br": "uol.com.br", "in": "rediffmail.com"}.get(region, "gmail.com")])
        a = dict(cohort=cohort, tier=tier, signup=float(signup), region=region, ring_id=ring_id, group_id=group_id,
                 soph=soph, role=role, pay=pay, email=str(email), org=org, country=r[2], phase=phase,
                 nkeys=int(rng.integers(1, 4)), retry=0.0, skew=0.0, no_ip=False, no_ua=False, no_tok=False,
                 csv_local=bool(rng.random() < .4), tz=r[0])
        if noise:
            u = rng.random(6)
            a["retry"] = float(rng.choice([0.004, 0.02, 0.08])) if u[0] < .25 else 0.0
            a["skew"] = float(rng.normal(0, 240)) if u[1] < .03 else 0.0      # client clock off by minutes
            a["no_ip"] = bool(u[2] < .008)                                     # behind a proxy that drops it
            a["no_ua"] = bool(u[3] < .02)
            a["no_tok"] = bool(u[4] < .01)                                     # legacy endpoint: no usage record
        if rng.random() < .06:
            a["country"] = ""
        self.acc.append(a)
        return len(self.acc) - 1

    def add_seg(self, acct, *, t0=None, t1=None, p_act=.5, rate=5.0, wkend=1.0, dsig=.6, cgroup=-1, sched="evening",
                tz=None, sess=4.0, gap=60.0, cron=0, p_tpl=0.0, tset=(0, 0), lang="en", p_awesome=.3,
                wraps=(0, 1), item_base=0, item_n=1 << 30, ips=(), ua=(0,), ua_p2=0.0, mset="chat", tok=(5.5, .8)):
        a = self.acc[acct]
        sched_i = sched if isinstance(sched, (int, np.integer)) else self.pidx[sched]
        ipsrc = list(ips)[:3]
        while len(ipsrc) < 3:
            ipsrc.append((0, 1, 0, 0.0))
        w = np.array([s[3] for s in ipsrc], float)
        self.seg.append(dict(
            acct=acct, t0=a["signup"] if t0 is None else max(t0, a["signup"]), t1=self.T if t1 is None else t1,
            p_act=p_act, rate=rate, wkend=wkend, dsig=dsig, cgroup=cgroup, sched=sched_i,
            tz=a["tz"] if tz is None else tz, sess=max(1.0, sess), gap=gap, cron=cron, p_tpl=p_tpl,
            ts_off=tset[0], ts_len=tset[1], lang=LANGS.index(lang), p_aw=p_awesome, w_off=wraps[0], w_len=wraps[1],
            item_base=item_base, item_n=item_n,
            ip_off=[s[0] for s in ipsrc], ip_len=[s[1] for s in ipsrc], ip_mode=[s[2] for s in ipsrc],
            ip_w=list(w / w.sum()) if w.sum() > 0 else [1, 0, 0],
            ua1=UA[ua[0]] if isinstance(ua[0], str) else ua[0],
            ua2=(UA[ua[1]] if isinstance(ua[1], str) else ua[1]) if len(ua) > 1 else 0, ua_p2=ua_p2,
            mset=MSET_NAMES.index(mset), tok_mu=tok[0], tok_sd=tok[1]))

    # --- shared helpers for cohorts
    def region(self, k=None):
        return RNAMES[self.rng.choice(len(RNAMES), p=RW)] if k is None else k

    def home_ips(self, region, n=2):
        return self.pool(self.asn_ips(REGIONS[region][3], n))

    def signup_before(self, lo_days=30, hi_days=900):
        return -float(np.exp(self.rng.uniform(np.log(lo_days), np.log(hi_days)))) * DAY

    def signup_any(self, p_new=.08):
        if self.rng.random() < p_new:
            return float(self.rng.uniform(0, self.T * .9))
        return self.signup_before()

    def tpl_ids(self, n, pred=None):
        ids = [i for i in range(self.n_ps) if pred is None or pred(self.ds_of[i])]
        return list(self.rng.choice(ids, size=min(n, len(ids)), replace=False))

    def house(self, key):
        return [self.house_ids[key + ":" + str(i)] for i in range(len(HOUSE[key]))]

    def note(self, cohort, **kw):
        self.cohort_info.setdefault(cohort, kw)

    # ------------------------------------------------------------------ shared infrastructure
    def setup_infra(self):
        rng, ip = self.rng, self.ip
        self.carrier = {}
        for r in RNAMES:
            for asn in REGIONS[r][4]:
                if asn not in self.carrier:
                    self.carrier[asn] = self.pool(self.asn_ips([asn], int(rng.integers(40, 120)),
                                                              concentrate=int(rng.integers(2, 5))))
        self.vpn = [self.pool(self.list_ips("vpn", 220)) for _ in range(4)]
        self.github = self.pool(self.list_ips("github", 2500))
        self.zscaler = self.pool(self.asn_ips([22616, 53813], 60))
        self.tor = self.pool(ip["tor"][rng.choice(len(ip["tor"]), 400, replace=False)])
        names = ip["names"]
        unis = {}
        for k, v in names.items():
            if "UNIVERSIT" in v.upper() and len(v) > 4:
                unis.setdefault(v[-2:], []).append(int(k))
        have = set(np.unique(ip["asn"]).tolist())
        self.unis = {}
        for r in RNAMES:
            cands = sorted(a for a in unis.get(REGIONS[r][2], []) if a in have)
            if cands:
                self.unis[r] = cands
        self.uni_regions = sorted(self.unis)
        # chat table: awesome prompts first, then frames x topics x suffixes per language
        self.chat_off, self.chat_len = {}, {}
        n = len(self.awesome)
        for L in LANGS:
            k = len(FRAMES[L]) * len(TOPICS[L]) * len(SUFFIX[L])
            self.chat_off[L], self.chat_len[L] = n, k
            n += k
        self.n_chat = n
        # templates: promptsource renders, then house templates
        import re
        self.n_ps = len(self.tpls)
        self.house_ids = {}
        for key in sorted(HOUSE):
            for i, txt in enumerate(HOUSE[key]):
                self.house_ids[f"{key}:{i}"] = len(self.tpls)
                self.tpls.append(("house/" + key, str(i), re.split(r"\{(\w+)\}", txt)))
        self.ds_of = [t[0] for t in self.tpls]
        ds = [t.lower() for t in self.ds_of]
        self.fam = {
            "math": [i for i in range(self.n_ps) if any(w in ds[i] for w in ("math", "gsm", "aqua", "qasc", "arc", "mathqa", "logic"))],
            "code": [i for i in range(self.n_ps) if any(w in ds[i] for w in ("code", "mbpp", "conala", "spider", "apps"))],
            "summ": [i for i in range(self.n_ps) if any(w in ds[i] for w in ("cnn", "xsum", "samsum", "gigaword", "multi_news", "wiki_lingua", "summ"))],
            "nli": [i for i in range(self.n_ps) if any(w in ds[i] for w in ("nli", "anli", "glue", "super_glue", "rte", "cb"))],
            "qa": [i for i in range(self.n_ps) if any(w in ds[i] for w in ("squad", "quoref", "ropes", "qa", "trivia", "web_questions"))],
            "senti": [i for i in range(self.n_ps) if any(w in ds[i] for w in ("imdb", "yelp", "amazon", "rotten", "sst", "tweet", "emotion"))],
            "dialog": [i for i in range(self.n_ps) if any(w in ds[i] for w in ("dialog", "dream", "coqa", "quac", "empathetic"))],
            "common": [i for i in range(self.n_ps) if any(w in ds[i] for w in ("piqa", "hellaswag", "winogrande", "cos_e", "commonsense", "social_i_qa", "openbookqa", "sciq"))],
        }
        for k in list(self.fam):
            if len(self.fam[k]) < 3:
                self.fam[k] = list(range(self.n_ps))
        # public benchmarks: every eval runner sends the same items of these templates
        self.bench = self.tset(self.tpl_ids(14) + self.house("eval"))

    def cfac(self):
        G, D = self.cgroups, self.days
        out = np.ones((max(G, 1), D))
        rng = np.random.default_rng(np.random.SeedSequence([29, self.args.seed, 7]))
        for g, (kind, kw) in enumerate(self.cfac_specs):
            if kind == "lognormal":
                sd = kw.get("sd", .5)
                out[g] = np.exp(rng.normal(0, sd, D) - sd * sd / 2)
                off = rng.random(D) < kw.get("p_off", 0)
                out[g][off] = 0
            elif kind == "days":
                out[g] = 0
                out[g][[d for d in kw["days"] if d < D]] = kw.get("f", 1.0)
            elif kind == "release":
                d0 = kw["day"]
                out[g] = np.where((np.arange(D) >= d0) & (np.arange(D) < d0 + 3), kw.get("f", 6), 1.0)
        return out

    # ------------------------------------------------------------------ benign population
    def benign(self, B):
        rng = self.rng
        shares = {"household_card": .05, "office_nat": .05, "enterprise_seats": .06, "carrier_cgnat": .05,
                  "campus_dorm": .04, "vpn_privacy": .02, "saas_tenants": .03, "classroom_paste": .02,
                  "eval_runner": .003, "synthdata_team": .002, "tutoring_app": .004, "translation_bureau": .005,
                  "ci_smoke": .01, "agent_framework": .02}
        n = {k: max(3, int(round(v * B))) for k, v in shares.items()}
        n["whale_app"] = max(2, int(round(B * .00015)))
        rest = B - sum(n.values())
        n["solo_builder"] = int(round(rest * .47))
        n["casual_trial"] = rest - n["solo_builder"]
        self.release_day = int(self.days * 11 / 28)
        for k in ["casual_trial", "solo_builder", "household_card", "office_nat", "enterprise_seats",
                  "carrier_cgnat", "campus_dorm", "vpn_privacy", "whale_app", "saas_tenants", "classroom_paste",
                  "eval_runner", "synthdata_team", "tutoring_app", "translation_bureau", "ci_smoke",
                  "agent_framework"]:
            getattr(self, "b_" + k)(k, n[k])

    def dormant(self):
        return self.rng.random() < .03             # signed up, never called

    def chat_seg(self, i, region, ips, **kw):
        L = REGIONS[region][1]
        d = dict(p_act=.25, rate=4, sched="evening", sess=3, gap=90, lang=L, p_awesome=.25, ips=ips,
                 ua=(UA[UAS[8]], UA[UAS[10]]), ua_p2=.4, mset="chat", tok=(5.6, .8))
        d.update(kw)
        self.add_seg(i, **d)

    def b_casual_trial(self, c, n):
        self.note(c, kind="benign", shares="nothing (singletons); a carrier pool on phones",
                  what="free-tier chat in their own language, evenings, a few requests a day")
        for _ in range(n):
            r = self.region()
            i = self.add_account(c, "trial", self.signup_any(.15), r, role="solo")
            if self.dormant():
                self.acc[i]["role"] = "dormant"; continue
            home = self.home_ips(r)
            mob = self.carrier[REGIONS[r][4][0]]
            self.chat_seg(i, r, [(*home, 3, .7), (*mob, 0, .3)], p_act=.2, rate=4)

    def b_solo_builder(self, c, n):
        self.note(c, kind="benign", shares="nothing", what="indie developers testing prompts from home and a dev VPS")
        rng = self.rng
        for _ in range(n):
            r = self.region()
            i = self.add_account(c, "starter" if rng.random() < .7 else "trial", self.signup_any(.1), r, role="solo")
            if self.dormant():
                self.acc[i]["role"] = "dormant"; continue
            home = self.home_ips(r)
            vps = self.pool(self.list_ips("dc", 1))
            ua = UAS[int(rng.choice([0, 1, 2, 3, 4, 6, 21, 22]))]
            self.add_seg(i, p_act=.4, rate=float(rng.lognormal(2.3, .8)), sched=str(rng.choice(["office", "evening", "student"])),
                         sess=8, gap=40, p_tpl=.3, tset=self.tset(self.tpl_ids(2)), lang=REGIONS[r][1],
                         p_awesome=.5, ips=[(*home, 3, .75), (*vps, 0, .25)], ua=(ua, UAS[8]), ua_p2=.15,
                         mset="dev", tok=(5.8, .9))

    def b_household_card(self, c, n):
        self.note(c, kind="benign", shares="one card and one home connection per family",
                  what="2-5 family members on one card: parents office/evening, teenagers late evening")
        rng = self.rng
        for g, size in enumerate(heavy_sizes(rng, n, 2.5, 2, 5)):
            r = self.region()
            card = self.card()
            home = self.home_ips(r, 2)
            gid = f"house-{g:04d}"
            for m in range(size):
                i = self.add_account(c, "starter", self.signup_any(.05), r, group_id=gid, pay=card)
                if self.dormant():
                    self.acc[i]["role"] = "dormant"; continue
                mob = self.carrier[REGIONS[r][4][-1]]
                self.chat_seg(i, r, [(*home, 3, .8), (*mob, 0, .2)], p_act=.35, rate=8,
                              sched="student" if m >= 2 else str(rng.choice(["evening", "office"])))

    def b_office_nat(self, c, n):
        self.note(c, kind="benign", shares="office NAT addresses (and often a company card)",
                  what="small firms: employees in office hours behind 1-3 NAT addresses, some evenings at home")
        rng = self.rng
        for g, size in enumerate(heavy_sizes(rng, n, 1.4, 2, 40)):
            r = self.region()
            nat = self.pool(self.asn_ips(REGIONS[r][3], int(rng.integers(1, 4))))
            card = self.card() if rng.random() < .5 else None
            dom = f"firm{g:04d}-{self.args.seed}.{REGIONS[r][2].lower()}"
            org = f"org_sm{g:04d}" if rng.random() < .3 else ""
            ts = self.tset(self.tpl_ids(2))
            gid = f"office-{g:04d}"
            for _ in range(size):
                i = self.add_account(c, "starter" if rng.random() < .8 else "pro", self.signup_any(.06), r,
                                     group_id=gid, pay=card, email=dom, org=org)
                if self.dormant():
                    self.acc[i]["role"] = "dormant"; continue
                self.add_seg(i, p_act=.6, wkend=.08, rate=float(rng.lognormal(2.6, .6)), sched="workday", sess=6,
                             gap=70, p_tpl=.2, tset=ts, lang=REGIONS[r][1], p_awesome=.35, ips=[(*nat, 0, 1)],
                             ua=(UAS[8], UAS[0]), ua_p2=.3, mset="chat")
                if rng.random() < .4:
                    self.chat_seg(i, r, [(*self.home_ips(r, 1), 3, 1)], p_act=.15, rate=3)

    def b_enterprise_seats(self, c, n):
        self.note(c, kind="benign", shares="one invoice per organisation; corporate egress (own NAT or a shared "
                  "secure-web-gateway egress used by many companies)",
                  what="organisations from 3 to hundreds of seats (heavy tail), internal prompt tools, workdays")
        rng = self.rng
        for g, size in enumerate(heavy_sizes(rng, n, 1.05, 3, max(3, int(n * .3)))):
            r = self.region()
            inv = self.card("inv_")
            if rng.random() < .35:
                egress = self.zscaler
            elif rng.random() < .5:
                egress = self.pool(self.list_ips(str(rng.choice(["amazon", "microsoft", "google"])), int(rng.integers(2, 7))))
            else:
                egress = self.pool(self.asn_ips(REGIONS[r][3], int(rng.integers(2, 7))))
            org = f"org_{hashlib.sha256(f'ent{g}{self.args.seed}'.encode()).hexdigest()[:8]}" if rng.random() < .8 else ""
            dom = f"corp{g:03d}-{self.args.seed}.com"
            ts = self.tset(self.tpl_ids(3) + self.house("synth")[:1])
            gid = f"ent-{g:03d}"
            for _ in range(size):
                i = self.add_account(c, "pro", self.signup_any(.05), r, group_id=gid, pay=inv, email=dom, org=org)
                if self.dormant():
                    self.acc[i]["role"] = "dormant"; continue
                self.add_seg(i, p_act=.6, wkend=.05, rate=float(rng.lognormal(2.9, .7)), sched="workday", sess=7,
                             gap=60, p_tpl=.25, tset=ts, lang=REGIONS[r][1], p_awesome=.3, ips=[(*egress, 0, 1)],
                             ua=(UAS[8], UAS[0]), ua_p2=.35, mset="chat")

    def b_carrier_cgnat(self, c, n):
        self.note(c, kind="benign", shares="a mobile carrier's CGNAT addresses (hundreds of users per address pool)",
                  what="phone-app users: short evening chats, address changes on every request")
        rng = self.rng
        for _ in range(n):
            r = self.region()
            asn = REGIONS[r][4][int(rng.integers(0, len(REGIONS[r][4])))]
            i = self.add_account(c, "trial" if rng.random() < .7 else "starter", self.signup_any(.1), r,
                                 group_id=f"carrier-{CARRIER_NAME[asn]}")
            if self.dormant():
                self.acc[i]["role"] = "dormant"; continue
            self.chat_seg(i, r, [(*self.carrier[asn], 0, 1)], p_act=.35, rate=5, ua=(UAS[11], UAS[10]), ua_p2=.5)

    def b_campus_dorm(self, c, n):
        self.note(c, kind="benign", shares="a university's NAT addresses and e-mail domain",
                  what="students behind campus NAT, late-night study bursts, homework prompts")
        rng = self.rng
        for g, size in enumerate(heavy_sizes(rng, n, 1.2, 8, max(8, int(n * .4)))):
            r = self.uni_regions[int(rng.integers(0, len(self.uni_regions)))]
            asn = self.unis[r][int(rng.integers(0, len(self.unis[r])))]
            nat = self.pool(self.asn_ips([asn], int(rng.integers(2, 9)), concentrate=1))
            dom = f"u{asn}.edu"
            ts = self.tset(self.tpl_ids(2) + self.house("worksheet"))
            gid = f"campus-AS{asn}"
            for _ in range(size):
                i = self.add_account(c, "trial" if rng.random() < .7 else "starter", self.signup_any(.12), r,
                                     group_id=gid, email=dom)
                if self.dormant():
                    self.acc[i]["role"] = "dormant"; continue
                self.add_seg(i, p_act=.4, rate=float(rng.lognormal(2.0, .7)), sched="student", sess=6, gap=80,
                             p_tpl=.15, tset=ts, lang=REGIONS[r][1], p_awesome=.3,
                             ips=[(*nat, 0, .85), (*self.home_ips(r, 1), 3, .15)], ua=(UAS[8], UAS[0]), ua_p2=.2)

    def b_vpn_privacy(self, c, n):
        self.note(c, kind="benign", shares="a commercial VPN provider's exit addresses",
                  what="privacy-minded users on commercial VPN exits, a new exit most sessions")
        rng = self.rng
        for _ in range(n):
            r = self.region()
            v = int(rng.integers(0, len(self.vpn)))
            i = self.add_account(c, "starter" if rng.random() < .6 else "trial", self.signup_any(.1), r,
                                 group_id=f"vpn-{v}", email=str(rng.choice(["proton.me", "tutanota.com", "gmail.com"])))
            if self.dormant():
                self.acc[i]["role"] = "dormant"; continue
            self.chat_seg(i, r, [(*self.vpn[v], 2, 1)], p_act=.4, rate=9, ua=(UAS[8], UAS[0]), ua_p2=.3)

    def b_whale_app(self, c, n):
        self.note(c, kind="benign", shares="nothing (one account, huge volume)",
                  what="one consumer app per account: tens of thousands of pass-through chats and house templates")
        rng = self.rng
        for g in range(n):
            r = self.region("us_e" if g % 2 == 0 else None)
            i = self.add_account(c, "enterprise", self.signup_before(200, 900), r, role="solo", email=f"app{g}.io",
                                 org=f"org_whale{g}", pay=self.card("inv_"))
            eg = self.pool(self.list_ips(str(rng.choice(["amazon", "google"])), int(rng.integers(4, 9))))
            rate = float(rng.uniform(1500, 4000)) * min(1.0, self.args.accounts / 20000) ** .5
            self.add_seg(i, p_act=1, rate=rate, sched="extended", sess=rate / 24, gap=3600 / (rate / 24), dsig=.15,
                         p_tpl=.4, tset=self.tset(self.house("saas_support") + self.house("saas_listing")),
                         lang=REGIONS[r][1], p_awesome=.6, ips=[(*eg, 0, 1)], ua=(UAS[0],), mset="cheap",
                         tok=(5.4, .7))

    def b_saas_tenants(self, c, n):
        self.note(c, kind="benign", shares="the SaaS product's few cloud egress addresses, its user agent and its "
                  "built-in prompt templates", what="customers of a SaaS add-on that calls the API with the "
                  "customer's own key from the product's servers")
        rng = self.rng
        prods = [("Loomkit", UAS[14], "saas_listing"), ("SheetScribe", UAS[17], "saas_sheet"),
                 ("HelpNest", UAS[7], "saas_support"), ("ShopGlow", UAS[14], "saas_listing")]
        for g, size in enumerate(heavy_sizes(rng, n, 1.0, 5, max(5, int(n * .55)))):
            name, ua, hk = prods[g % len(prods)]
            eg = self.pool(self.list_ips(str(rng.choice(["amazon", "google", "microsoft"])), int(rng.integers(2, 5))))
            ts = self.tset(self.house(hk))
            gid = f"saas-{name.lower()}-{g}"
            for _ in range(size):
                r = self.region()
                i = self.add_account(c, "starter" if rng.random() < .7 else "pro", self.signup_any(.1), r,
                                     group_id=gid)
                if self.dormant():
                    self.acc[i]["role"] = "dormant"; continue
                self.add_seg(i, p_act=.6, wkend=.4, rate=float(rng.lognormal(2.5, .8)), sched="office", sess=6,
                             gap=20, p_tpl=.95, tset=ts, ips=[(*eg, 0, 1)], ua=(ua,), mset="cheap", tok=(5.0, .6))

    def b_classroom_paste(self, c, n):
        self.note(c, kind="benign", shares="the teacher's worksheet prompt, the school's address, the class hour",
                  what="classes of 12-40 students pasting one worksheet prompt in the same lesson, twice a week")
        rng = self.rng
        for g, size in enumerate(heavy_sizes(rng, n, 3, 12, 40)):
            r = self.region()
            school = self.pool(self.asn_ips(REGIONS[r][3], int(rng.integers(1, 3))))
            hour = int(rng.integers(8, 15))
            w = [0.0] * 24; w[hour] = 1.0
            prof = self.custom_profile(w)
            d0 = int(rng.integers(0, 3))
            cg = self.cgroup("days", days=[d for wk in range(0, self.days + 7, 7) for d in (wk + d0, wk + d0 + 2)])
            tpl = self.house("worksheet")[int(rng.integers(0, 2))]
            ts = self.tset([tpl])
            wr = (self.wrap("", ""), 1)
            self.wrap("pls help: ", ""); self.wrap("", " thanks"); self.wrap("", "\n(due Friday)")
            wr = (wr[0], 4)
            item = int(rng.integers(0, 1 << 28))
            gid = f"class-{g:03d}"
            for _ in range(size):
                i = self.add_account(c, "trial", self.signup_any(.2), r, group_id=gid,
                                     email=f"students.school{g}.{REGIONS[r][2].lower()}")
                if self.dormant():
                    self.acc[i]["role"] = "dormant"; continue
                self.add_seg(i, p_act=.9, rate=3, cgroup=cg, sched=prof, sess=3, gap=150, p_tpl=1, tset=ts,
                             wraps=wr, item_base=item, item_n=1, ips=[(*school, 0, 1)], ua=(UAS[8], UAS[10]),
                             ua_p2=.3, mset="cheap")
                self.chat_seg(i, r, [(*self.home_ips(r, 1), 3, 1)], p_act=.15, rate=3, sched="student")

    def b_eval_runner(self, c, n):
        self.note(c, kind="benign", shares="the same public benchmark items as every other lab; the lab's card or "
                  "invoice and machines", what="research labs running benchmark suites in bursts, re-running "
                  "everything after the tern-2.5 release")
        rng = self.rng
        cg = self.cgroup("release", day=self.release_day, f=6)
        for g, size in enumerate(heavy_sizes(rng, n, 1.5, 2, 12)):
            r = self.region()
            pay = self.card("inv_") if rng.random() < .5 else self.card()
            if rng.random() < .5 and r in self.unis:
                box = self.pool(self.asn_ips([self.unis[r][0]], 2))
            else:
                box = self.pool(self.list_ips(str(rng.choice(["google", "microsoft", "amazon"])), 2))
            gid = f"lab-{g:03d}"
            for _ in range(size):
                i = self.add_account(c, str(rng.choice(["pro", "scale"])), self.signup_before(30, 600), r,
                                     group_id=gid, pay=pay, email=f"lab{g}.example.org")
                kw = dict(p_act=.25, rate=float(rng.uniform(150, 500)), cgroup=cg, sched="extended", sess=150,
                          gap=2.5, p_tpl=1, tset=self.bench, item_n=1500, ips=[(*box, 0, 1)], ua=(UAS[20],),
                          tok=(4.5, 1.2))
                self.add_seg(i, t1=self.release_day * DAY, mset="top", **kw)
                self.add_seg(i, t0=self.release_day * DAY, mset="new", **kw)

    def b_synthdata_team(self, c, n):
        self.note(c, kind="benign", shares="one invoice, a declared organisation and the company's cloud addresses",
                  what="a real company's synthetic-data pipeline: templated prompts at volume around the clock")
        rng = self.rng
        for g, size in enumerate(heavy_sizes(rng, n, 1.5, 3, 20)):
            r = self.region()
            inv = self.card("inv_")
            eg = self.pool(self.list_ips("amazon", int(rng.integers(2, 5))))
            ts = self.tset(self.house("synth") + self.tpl_ids(6))
            org = f"org_syn{g:03d}"
            for _ in range(size):
                i = self.add_account(c, "scale", self.signup_before(30, 400), r, group_id=f"synth-{g:03d}", pay=inv,
                                     email=f"datasynth{g}.ai", org=org)
                self.add_seg(i, p_act=.85, rate=float(rng.uniform(200, 550)), sched="batch", sess=200, gap=8,
                             p_tpl=.97, tset=ts, ips=[(*eg, 0, 1)], ua=(UAS[6],), mset="top", tok=(6.2, .5))

    def b_tutoring_app(self, c, n):
        self.note(c, kind="benign", shares="the company's invoice, backend addresses and house templates over a "
                  "shared textbook problem bank", what="a tutoring app's per-school-district accounts: step-by-step "
                  "explanations in school hours and homework evenings")
        rng = self.rng
        for g, size in enumerate(heavy_sizes(rng, n, 1.2, 5, 60)):
            r = self.region("us_e" if g % 2 == 0 else None)
            inv = self.card("inv_")
            eg = self.pool(self.list_ips("google", 3))
            ts = self.tset(self.house("tutor"))
            org = f"org_tutor{g}" if rng.random() < .5 else ""
            for _ in range(size):
                i = self.add_account(c, "pro", self.signup_before(30, 500), r, group_id=f"tutor-{g:02d}", pay=inv,
                                     email=f"tutorbee{g}.com", org=org)
                kw = dict(tset=ts, p_tpl=1, item_n=3000, ips=[(*eg, 0, 1)], ua=(UAS[2],), mset="think",
                          tok=(6.0, .6), gap=15)
                self.add_seg(i, p_act=.8, wkend=.1, rate=float(rng.uniform(40, 150)), sched="school", sess=10, **kw)
                self.add_seg(i, p_act=.7, wkend=.6, rate=float(rng.uniform(20, 80)), sched="evening", sess=5, **kw)

    def b_translation_bureau(self, c, n):
        self.note(c, kind="benign", shares="the agency's office addresses, staff and templates; each account on a "
                  "different client's card", what="translation agencies keeping one account per client for billing, "
                  "all operated by the same staff from one office")
        rng = self.rng
        for g, size in enumerate(heavy_sizes(rng, n, 1.5, 3, 25)):
            r = self.region()
            nat = self.pool(self.asn_ips(REGIONS[r][3], int(rng.integers(1, 3))))
            ts = self.tset(self.house("translate"))
            for k in range(size):
                i = self.add_account(c, "starter" if rng.random() < .7 else "pro", self.signup_any(.1), r,
                                     group_id=f"bureau-{g:03d}", email=f"client{k}-b{g}.com")
                if self.dormant():
                    self.acc[i]["role"] = "dormant"; continue
                self.add_seg(i, p_act=.55, wkend=.05, rate=float(rng.lognormal(3.3, .6)), sched="workday", sess=10,
                             gap=90, p_tpl=.95, tset=ts, ips=[(*nat, 0, 1)], ua=(UAS[18],), mset="top", tok=(6.0, .6))

    def b_ci_smoke(self, c, n):
        self.note(c, kind="benign", shares="GitHub Actions runner addresses, the SDK README's test prompt, cron "
                  "minutes", what="open-source projects' CI smoke tests: a few fixed prompts per push and nightly")
        rng = self.rng
        for i_ in range(n):
            r = self.region()
            k = int(rng.integers(0, 3))
            i = self.add_account(c, "trial" if rng.random() < .6 else "starter", self.signup_any(.1), r,
                                 group_id=f"ci-readme-{k}", email="users.noreply.github.com")
            if self.dormant():
                self.acc[i]["role"] = "dormant"; continue
            self.add_seg(i, p_act=.45, wkend=.3, rate=float(rng.uniform(2, 8)), sched="office", cron=1, sess=2,
                         gap=2, p_tpl=1, tset=self.tset([self.house("ci")[k]]), item_n=1, ips=[(*self.github, 2, 1)],
                         ua=(UAS[15] if rng.random() < .6 else UAS[0],), mset="cheap", tok=(1.5, .5))

    def b_agent_framework(self, c, n):
        self.note(c, kind="benign", shares="the framework's long built-in system prompt and user agent",
                  what="users of two open-source agent frameworks: bursty tool-calling loops with one identical "
                  "prefix")
        rng = self.rng
        fws = [(self.wrap("You are Wayfarer, an autonomous agent. Tools: search(query), read(url), write_file(path, "
                          "text). Think, then act with exactly one tool call per turn as <tool>name(args)</tool>.\n"
                          "Task: "), UAS[13]),
               (self.wrap("SYSTEM: OpenLoop planner v0.4. Decompose the user goal into numbered steps, execute the "
                          "next step, and reply with JSON {\"step\", \"action\", \"observation\"}.\nGOAL: "), UAS[19])]
        for _ in range(n):
            r = self.region()
            k = 0 if rng.random() < .7 else 1
            i = self.add_account(c, "starter", self.signup_any(.1), r, group_id=f"agentfw-{k}")
            if self.dormant():
                self.acc[i]["role"] = "dormant"; continue
            self.add_seg(i, p_act=.3, rate=float(rng.lognormal(3.3, .8)), sched="evening", sess=25, gap=5,
                         lang=REGIONS[r][1], p_awesome=.6, wraps=(fws[k][0], 1), ips=[(*self.home_ips(r), 3, 1)],
                         ua=(fws[k][1],), mset="top", tok=(5.9, .7))

    # ------------------------------------------------------------------ rings
    RING_KINDS = {   # kind: (sophistication, what they keep, evasions)
        "card_farm": ("crude", "two prepaid cards on every account; one /24 of a hosting provider; sign-ups within "
                      "two hours; one template; each account runs near its daily limit around the clock",
                      "none beyond spreading over accounts"),
        "trial_burst": ("crude", "free-tier accounts signed up within an hour; Tor exits; the same three templates; "
                        "every account at its 25/day limit", "no card at all (trial tier)"),
        "dc_rotator": ("mid", "templates of two datasets; pinned older SDK; office-hours schedule of one zone",
                       "own card per account; every request from another cloud address; a per-account prefix"),
        "cot_harvester": ("mid", "step-by-step prompts on math and logic templates to the reasoning model; long "
                          "outputs", "own cards; commercial VPN exits shared with privacy users"),
        "front_company": ("mid", "one invoice, one declared organisation, a hosting block as its 'office'; "
                          "templates over 30+ datasets; runs nights and weekends",
                          "fronts as a synthetic-data company (declared org, company domain, invoice)"),
        "phoenix": ("mid", "before and after a ban wave: the same pinned SDK, the same 01-09 UTC window, the same "
                    "alpaca-style wrapper and templates, the same volume",
                    "after the ban wave (mid-window) all new accounts, new cards and a new provider's block"),
        "reseller_hydra": ("mid", "a reseller gateway: all accounts behind the gateway's few cloud addresses, cards "
                           "bought in batches, one user agent, the same daily rhythm",
                           "round-robin over hundreds of accounts; resold customers' real chat mixed with "
                           "harvest; sign-ups in waves over months; reserve accounts never used yet"),
        "resi_paraphrase": ("careful", "one common pool of templates; human-like sessions in office hours",
                            "residential proxies in each account's claimed country; per-account reworded wrappers; "
                            "ordinary chat in the evening; a third of the limit; own cards"),
        "aged_resale": ("careful", "after a takeover day: templated harvest from another country",
                        "bought aged accounts with years of history and their original owner's card; light owner-"
                        "like chat before the takeover"),
        "capability_split": ("careful", "one shared work-queue window (13-21 UTC) and common good/bad days",
                             "each account one capability (code, math, summaries, ...) from its own dataset "
                             "family; own card, own home-like addresses, own SDK"),
        "sun_relay": ("careful", "one dataset sharded across accounts; together they cover the whole day; every "
                      "account works weekends", "follow-the-sun: each account in another country's residential "
                      "addresses, active only in local office hours"),
        "ci_camouflage": ("careful", "templated harvest in CI-sized bursts every half hour",
                          "runs on GitHub Actions runners with the CI user agent, among open-source smoke tests"),
        "trickle": ("careful", "an unnaturally steady small count every day including weekends",
                    "a twentieth of its limit; residential addresses; chat mixed in; own cards"),
    }

    def ring_sizes(self, R, mode):
        rng = self.rng

        def fill(total, lo, hi):
            out = []
            while total - sum(out) > 0:
                rem = total - sum(out)
                if rem <= hi:
                    if rem >= lo:
                        out.append(rem)
                    elif out:
                        for k in range(rem):
                            out[k % len(out)] += 1
                    else:
                        out.append(rem)
                    break
                out.append(int(rng.integers(lo, min(hi, rem - lo) + 1)))
            return out
        if mode == "small":
            return [(s, None) for s in fill(R, 3, 15)]
        if mode == "mixed":
            big, mid = int(round(R * .2)), int(round(R * .3))
            if big < 61:
                mid, big = mid + big, 0
            if mid < 16:
                mid = 0
            small = R - big - mid
            return ([(s, None) for s in fill(small, 3, 15)] + [(s, None) for s in fill(mid, 16, 60)]
                    + [(s, None) for s in fill(big, 61, 150)])
        h = int(round(R * .75))
        return [(h, "reseller_hydra")] + [(s, None) for s in fill(R - h, 3, 15)]

    def build_rings(self, R, mode):
        rng = self.rng
        sizes = self.ring_sizes(R, mode)
        others = [k for k in self.RING_KINDS if k not in ("phoenix", "reseller_hydra" if mode == "hydra" else "")]
        order = list(rng.permutation(others))
        k_i = 0
        for r_i, (size, kind) in enumerate(sizes):
            if kind is None:
                if not any(x["kind"] == "phoenix" for x in self.rings) and size >= 3:
                    kind = "phoenix"
                else:
                    kind = str(order[k_i % len(order)]); k_i += 1
            rid = f"ring-{r_i:03d}"
            soph, keep, ev = self.RING_KINDS[kind]
            self.rings.append(dict(ring_id=rid, kind=kind, size=int(size), sophistication=soph, signals_kept=keep,
                                   evasions=ev))
            getattr(self, "r_" + kind)(rid, int(size), soph)

    def racc(self, kind, rid, soph, tier, signup, region, **kw):
        return self.add_account(kind, tier, signup, region, ring_id=rid, group_id=rid, soph=soph,
                                role=kw.pop("role", "harvester"), **kw)

    def harvest_tset(self, n, fam=None):
        pool = self.fam[fam] if fam else list(range(self.n_ps))
        return self.tset(list(self.rng.choice(pool, size=min(n, len(pool)), replace=False)))

    def reword(self, k=3):
        rng = self.rng
        pre = ["", "Quick one: ", "For my notes - ", "I need help with this. ", "Hey! ", "Could you do this for me? ",
               "Please handle the following.\n", "Task for today:\n", "ok so ", "Hello, "]
        suf = ["", " Thanks!", " Please be thorough.", " (keep the format)", " Respond in English.", " ty",
               " Be detailed.", "\n\nThank you in advance.", " Explain your reasoning.", " :)"]
        first = len(self.wraps)
        for _ in range(k):
            self.wrap(pre[int(rng.integers(0, len(pre)))], suf[int(rng.integers(0, len(suf)))])
        return first, k

    def r_card_farm(self, rid, k, soph):
        rng = self.rng
        cards = [self.card() for _ in range(2)]
        blk = self.block24("dc")
        pool = self.pool(blk + rng.integers(2, 254, 12))
        t0 = float(rng.uniform(-20, min(5, self.days * .3))) * DAY
        ts = self.harvest_tset(1)
        for j in range(k):
            i = self.racc("card_farm", rid, soph, "starter", t0 + rng.uniform(0, 7200), "us_e",
                          pay=cards[j % 2], email="mailinator.com")
            self.add_seg(i, p_act=.97, rate=540, dsig=.1, sched="flat", tz=0, sess=540, gap=150, p_tpl=1, tset=ts,
                         ips=[(*pool, 0, 1)], ua=(UAS[5],), mset="top", tok=(6.4, .5))

    def r_trial_burst(self, rid, k, soph):
        rng = self.rng
        t0 = float(rng.uniform(0, self.days * .4)) * DAY
        ts = self.harvest_tset(3)
        for j in range(k):
            i = self.racc("trial_burst", rid, soph, "trial", t0 + rng.uniform(0, 3600), "us_w", email="guerrillamail.com")
            self.add_seg(i, p_act=1, rate=27, dsig=.05, sched="flat", tz=0, sess=27, gap=3000, p_tpl=1, tset=ts,
                         ips=[(*self.tor, 0, 1)], ua=(UAS[5],), mset="top", tok=(6.2, .5))

    def r_dc_rotator(self, rid, k, soph):
        rng = self.rng
        pool = self.pool(np.concatenate([self.list_ips(p, 500) for p in ("amazon", "digitalocean", "linode", "oracle")]))
        ds = [t for t in range(self.n_ps)]
        a, b = rng.choice(sorted({self.ds_of[t] for t in ds}), 2, replace=False)
        ts = self.tset([t for t in ds if self.ds_of[t] in (a, b)][:8])
        for j in range(k):
            i = self.racc("dc_rotator", rid, soph, "pro", -float(rng.uniform(1, 21)) * DAY, "us_e")
            w = self.wrap(str(rng.choice(["Task: ", "Please: ", "Instruction: ", "Do this: ", "Q: "])), "")
            self.add_seg(i, p_act=.92, wkend=.9, rate=float(rng.uniform(300, 500)), dsig=.3, sched="office", sess=100, gap=20, p_tpl=1,
                         tset=ts, wraps=(w, 1), ips=[(*pool, 0, 1)], ua=(UAS[1],), mset="top", tok=(6.3, .5))

    def r_cot_harvester(self, rid, k, soph):
        rng = self.rng
        ts = self.tset(list(rng.choice(self.fam["math"], min(6, len(self.fam["math"])), replace=False)) + self.house("cot"))
        for j in range(k):
            r = self.region()
            v = int(rng.integers(0, len(self.vpn)))
            i = self.racc("cot_harvester", rid, soph, "pro", self.signup_before(10, 120), r)
            self.add_seg(i, p_act=.85, rate=float(rng.uniform(250, 450)), sched="extended", sess=40, gap=30,
                         p_tpl=.95, tset=ts, lang=REGIONS[r][1], ips=[(*self.vpn[v], 2, 1)], ua=(UAS[0],),
                         mset="think", tok=(7.0, .5))

    def r_front_company(self, rid, k, soph):
        rng = self.rng
        inv = self.card("inv_")
        blk = self.block24("dc")
        pool = self.pool(blk + rng.integers(2, 254, 3))
        t0 = self.signup_before(30, 60)
        name = f"{rng.choice(['nimbus', 'quanta', 'veridian', 'lumen', 'orbital'])}-{rid[-3:]}"
        ts = self.tset(self.house("synth") + list(rng.choice(self.n_ps, 40, replace=False)))
        for j in range(k):
            i = self.racc("front_company", rid, soph, "scale", t0 + rng.uniform(0, 2 * DAY), "de", pay=inv,
                          email=f"{name}-ai.io", org=f"org_{name}")
            self.add_seg(i, p_act=.95, wkend=.95, rate=float(rng.uniform(900, 1500)), sched="extended", sess=120,
                         gap=12, p_tpl=.98, tset=ts, ips=[(*pool, 0, 1)], ua=(UAS[6],), mset="top", tok=(6.3, .5))

    def r_phoenix(self, rid, k, soph):
        rng = self.rng
        ban = (self.days * .5 + float(rng.uniform(-.2, .2))) * DAY
        k1 = max(1, k // 2)
        w = [0.0] * 24
        for h in range(1, 9):
            w[h] = 1.0
        prof = self.custom_profile(w)
        wr = self.wrap("### Instruction:\n", "\n\n### Response:")
        ts = self.harvest_tset(4)
        gens = [(self.pool(self.block24("digitalocean") + rng.integers(2, 254, 10)), [self.card(), self.card()]),
                (self.pool(self.block24(str(rng.choice(["linode", "oracle"]))) + rng.integers(2, 254, 10)),
                 [self.card(), self.card()])]
        for j in range(k):
            g = 0 if j < k1 else 1
            su = (-float(rng.uniform(10, 60)) * DAY) if g == 0 else ban + float(rng.uniform(2, 30)) * 3600
            pool, cards = gens[g]
            i = self.racc("phoenix", rid, soph, "starter", su, "us_e", pay=cards[j % 2], role=f"gen{g + 1}",
                          email=str(rng.choice(["gmail.com", "outlook.com"])), phase="before_ban" if g == 0 else "after_ban")
            self.add_seg(i, t1=ban if g == 0 else None, p_act=.95, rate=450, dsig=.15, sched=prof, tz=0, sess=60,
                         gap=25, p_tpl=1, tset=ts, wraps=(wr, 1), ips=[(*pool, 0, 1)], ua=(UAS[12],), mset="top",
                         tok=(6.3, .5))

    def resi(self, regions, n):
        return self.pool(np.concatenate([self.asn_ips(REGIONS[r][3], n) for r in regions]))

    def r_resi_paraphrase(self, rid, k, soph):
        rng = self.rng
        common = list(rng.choice(self.n_ps, 10, replace=False))
        for j in range(k):
            r = self.region()
            i = self.racc("resi_paraphrase", rid, soph, str(rng.choice(["starter", "pro"])), self.signup_before(20, 200), r)
            proxy = self.resi([r], 300)
            tier_lim = DAILY[self.acc[i]["tier"]]
            self.add_seg(i, p_act=.75, wkend=.4, rate=tier_lim * .15, sched="office", sess=12, gap=50, p_tpl=1,
                         tset=self.tset(list(rng.choice(common, 3, replace=False))), wraps=self.reword(3),
                         ips=[(*proxy, 2, 1)], ua=(UAS[0],), mset="top", tok=(6.2, .6))
            self.chat_seg(i, r, [(*proxy, 2, 1)], p_act=.4, rate=6)

    def r_aged_resale(self, rid, k, soph):
        rng = self.rng
        r1 = self.region("vn" if rng.random() < .5 else "id")
        proxy = self.resi([r1], 600)
        ts = self.harvest_tset(8)
        for j in range(k):
            r0 = self.region()
            i = self.racc("aged_resale", rid, soph, "starter", self.signup_before(365, 1100), r0, role="bought")
            tk = float(rng.uniform(.1, .4)) * self.T
            self.acc[i]["phase"] = f"takeover_day_{tk / DAY:.1f}"
            self.chat_seg(i, r0, [(*self.home_ips(r0), 3, 1)], t1=tk, p_act=.25, rate=3)
            self.add_seg(i, t0=tk, p_act=.85, rate=float(rng.uniform(250, 400)), sched="extended", tz=REGIONS[r1][0],
                         sess=20, gap=40, p_tpl=.85, tset=ts, lang=REGIONS[r1][1], ips=[(*proxy, 2, 1)],
                         ua=(UAS[0], UAS[8]), ua_p2=.2, mset="top", tok=(6.2, .6))

    def r_capability_split(self, rid, k, soph):
        rng = self.rng
        cg = self.cgroup("lognormal", sd=.5, p_off=.1)
        w = [0.0] * 24
        for h in range(13, 21):
            w[h] = 1.0
        prof = self.custom_profile(w)
        fams = list(rng.permutation(sorted(self.fam)))
        for j in range(k):
            r = self.region()
            fam = fams[j % len(fams)]
            i = self.racc("capability_split", rid, soph, "starter", self.signup_before(15, 300), r, role=f"cap_{fam}")
            self.add_seg(i, p_act=.95, rate=float(rng.uniform(120, 200)), dsig=.15, cgroup=cg, sched=prof, tz=0,
                         sess=30, gap=20, p_tpl=1, tset=self.harvest_tset(4, fam), ips=[(*self.home_ips(r), 3, 1)],
                         ua=(UAS[int(rng.choice([0, 2, 3, 6, 7, 21]))],), mset="code" if fam == "code" else "top",
                         tok=(6.2, .6))

    def r_sun_relay(self, rid, k, soph):
        rng = self.rng
        ds = str(rng.choice(sorted({self.ds_of[t] for t in range(self.n_ps)})))
        ts = self.tset([t for t in range(self.n_ps) if self.ds_of[t] == ds][:3])
        zones = sorted(RNAMES, key=lambda r: REGIONS[r][0])
        step = max(1, len(zones) // max(1, min(k, len(zones))))
        for j in range(k):
            r = zones[(j * step) % len(zones)]
            i = self.racc("sun_relay", rid, soph, "starter", self.signup_before(20, 180), r)
            self.add_seg(i, p_act=.95, wkend=1.0, rate=float(rng.uniform(140, 220)), sched="workday", sess=20,
                         gap=45, p_tpl=1, tset=ts, wraps=self.reword(1),
                         ips=[(*self.home_ips(r), 3, .8), (*self.carrier[REGIONS[r][4][0]], 0, .2)],
                         ua=(UAS[0],), mset="top", tok=(6.1, .6))

    def r_ci_camouflage(self, rid, k, soph):
        rng = self.rng
        ts = self.harvest_tset(6)
        for j in range(k):
            r = self.region()
            i = self.racc("ci_camouflage", rid, soph, "starter", self.signup_before(10, 200), r,
                          email="users.noreply.github.com")
            self.add_seg(i, p_act=.9, rate=float(rng.uniform(150, 250)), sched="flat", cron=1, sess=15, gap=2,
                         p_tpl=1, tset=ts, ips=[(*self.github, 2, 1)], ua=(UAS[15],), mset="top", tok=(6.1, .6))

    def r_trickle(self, rid, k, soph):
        rng = self.rng
        for j in range(k):
            r = self.region()
            i = self.racc("trickle", rid, soph, "starter", self.signup_before(20, 400), r)
            self.add_seg(i, p_act=1, wkend=1, rate=float(rng.uniform(22, 34)), dsig=.05, sched="flat", sess=2, gap=30,
                         p_tpl=.8, tset=self.harvest_tset(3), lang=REGIONS[r][1], ips=[(*self.home_ips(r), 3, 1)],
                         ua=(UAS[int(rng.choice([0, 2, 6]))],), mset="top", tok=(6.1, .6))

    def r_reseller_hydra(self, rid, k, soph):
        rng = self.rng
        gw = self.pool(self.list_ips(str(rng.choice(["oracle", "microsoft"])), 16))
        cg = self.cgroup("lognormal", sd=.25)
        prof = self.custom_profile([3, 4, 5, 6, 6, 5, 4, 3, 2, 1.5, 1.5, 1.5, 2, 2, 2, 2, 2, 1.5, 1, 1, 1, 1.5, 2, 2.5])
        ts = self.harvest_tset(30)
        cards = []
        waves = max(1, k // 30)
        wave_t = sorted(float(x) for x in rng.uniform(-150, self.days * .7, waves))
        for j in range(k):
            if j % 6 == 0:
                cards.append(self.card())
            su = wave_t[j % waves] * DAY + float(rng.uniform(0, 5 * 3600))
            reserve = rng.random() < .08
            i = self.racc("reseller_hydra", rid, soph, "starter" if rng.random() < .8 else "pro", su,
                          str(rng.choice(["kr", "jp", "sg" if False else "vn"])), pay=cards[-1],
                          role="reserve" if reserve else "harvester", email=str(rng.choice(["gmail.com", "outlook.com", "naver.com"])))
            if reserve:
                continue
            self.add_seg(i, p_act=.98, rate=float(rng.uniform(30, 70)), dsig=.1, cgroup=cg, sched=prof, tz=0,
                         sess=1, gap=1, p_tpl=.45, tset=ts, lang=str(rng.choice(["en", "ko", "ja"])), p_awesome=.5,
                         ips=[(*gw, 0, 1)], ua=(UAS[6],), mset="top", tok=(6.0, .7))

    # ------------------------------------------------------------------ events
    def events(self):
        rng = np.random.default_rng(np.random.SeedSequence([29, self.args.seed, 1]))
        S, D = len(self.seg), self.days
        col = lambda k, dt=np.float64: np.array([s[k] for s in self.seg], dtype=dt)  # noqa: E731
        acct = col("acct", np.int64)
        tz = col("tz")
        t0, t1 = col("t0"), col("t1")
        d = np.arange(D)
        day_start = d[None, :] * float(DAY) - tz[:, None] * 60
        ok = (day_start + DAY > t0[:, None]) & (day_start < t1[:, None]) & (day_start + DAY > 0) & (day_start < self.T)
        weekend = (d % 7) >= 5
        p = np.clip(col("p_act")[:, None] * np.where(weekend[None, :], col("wkend")[:, None], 1.0), 0, 1)
        act = rng.random((S, D)) < p
        dsig = col("dsig")[:, None]
        fac = np.exp(rng.normal(0, 1, (S, D)) * dsig - dsig * dsig / 2)
        cg = col("cgroup", np.int64)
        CF = self.cfac()
        fac = fac * np.where(cg[:, None] >= 0, CF[np.maximum(cg, 0)], 1.0)
        lam = col("rate")[:, None] * fac * act * ok
        n = rng.poisson(lam)
        cs, cd = np.nonzero(n)
        cn = n[cs, cd]
        del act, fac, lam, ok, n
        sess = col("sess")[cs]
        ns = np.minimum(cn, 1 + rng.poisson(np.maximum(cn - 1, 0) / sess))
        # sessions
        s_cell = np.repeat(np.arange(len(cs)), ns)
        s_seg = cs[s_cell]
        prof = np.cumsum(np.array(self.profiles), axis=1)
        sched = col("sched", np.int64)[s_seg]
        u = rng.random(len(s_cell))
        hour = np.zeros(len(s_cell), np.int64)
        for sc in np.unique(sched).tolist():          # (u > cumulative profile).sum(), one profile at a time
            m_ = sched == sc
            hour[m_] = np.searchsorted(prof[sc], u[m_], side="left")
        hour = np.minimum(hour, 23)
        cron = col("cron", np.int64)[s_seg] > 0
        within = np.where(cron, rng.integers(0, 2, len(s_cell)) * 1800 + rng.random(len(s_cell)) * 20,
                          rng.random(len(s_cell)) * 3600)
        s_start = day_start[s_seg, cd[s_cell]] + hour * 3600 + within
        per = cn[s_cell] / ns[s_cell]
        s_len = per * col("gap")[s_seg] * rng.uniform(.5, 1.5, len(s_cell))
        s_first = np.concatenate([[0], np.cumsum(ns)[:-1]])
        # events
        e_cell = np.repeat(np.arange(len(cs)), cn)
        e_sess = s_first[e_cell] + (rng.random(len(e_cell)) * ns[e_cell]).astype(np.int64)
        e_seg = cs[e_cell]
        e_t = s_start[e_sess] + rng.random(len(e_cell)) * s_len[e_sess]
        e_day = cd[e_cell]
        del e_cell, s_cell, u, hour, within
        keep = (e_t >= t0[e_seg]) & (e_t < t1[e_seg])
        e_sess, e_seg, e_t, e_day = e_sess[keep], e_seg[keep], e_t[keep], e_day[keep]
        e_acct = acct[e_seg]
        E = len(e_t)
        # content
        p_tpl = col("p_tpl")[e_seg]
        ts_len = col("ts_len", np.int64)[e_seg]
        is_tpl = (rng.random(E) < p_tpl) & (ts_len > 0)
        tsets = np.array(self.tsets + [0], dtype=np.int64)
        tpl = tsets[col("ts_off", np.int64)[e_seg] + (rng.random(E) * np.maximum(ts_len, 1)).astype(np.int64)]
        item = col("item_base", np.int64)[e_seg] + rng.integers(0, col("item_n", np.int64)[e_seg])
        item = item % (1 << 30)
        langs = col("lang", np.int64)[e_seg]
        loff = np.array([self.chat_off[L] for L in LANGS], dtype=np.int64)[langs]
        llen = np.array([self.chat_len[L] for L in LANGS], dtype=np.int64)[langs]
        aw = rng.random(E) < col("p_aw")[e_seg]
        chat = np.where(aw, rng.integers(0, len(self.awesome), E), loff + rng.integers(0, 1 << 40, E) % llen)
        wrap = col("w_off", np.int64)[e_seg] + (rng.random(E) * col("w_len", np.int64)[e_seg]).astype(np.int64)
        key = (wrap << 47) | (is_tpl.astype(np.int64) << 46) | (np.where(is_tpl, tpl, chat) << 30) | np.where(is_tpl, item, 0)
        del tpl, item, chat, aw, langs, loff, llen, p_tpl, ts_len
        # addresses
        ipw = np.cumsum(np.array([s["ip_w"] for s in self.seg]), axis=1)
        r_ = rng.random(E)
        src = np.zeros(E, np.int64)
        for k_ in range(3):
            src += r_ > ipw[e_seg, k_]
        src = np.minimum(src, 2)
        del r_
        ip_off = np.array([s["ip_off"] for s in self.seg], dtype=np.int64)[e_seg, src]
        ip_len = np.array([s["ip_len"] for s in self.seg], dtype=np.int64)[e_seg, src]
        mode = np.array([s["ip_mode"] for s in self.seg], dtype=np.int64)[e_seg, src]
        k = np.select([mode == 0, mode == 1, mode == 2], [rng.integers(0, 1 << 40, E), e_day, e_sess], e_day // 7)
        h = mix64(e_acct.astype(np.uint64) * np.uint64(1 << 32) + k.astype(np.uint64) * np.uint64(7) + src.astype(np.uint64))
        pool = np.concatenate(self.ippool)
        e_ip = pool[ip_off + (h % ip_len.astype(np.uint64)).astype(np.int64)]
        del ip_off, ip_len, mode, k, h, src
        # client
        hs = mix64(e_sess.astype(np.uint64) + np.uint64(12345))
        ua = np.where((hs % np.uint64(1000)).astype(np.float64) / 1000 < col("ua_p2")[e_seg],
                      col("ua2", np.int64)[e_seg], col("ua1", np.int64)[e_seg])
        mcum = np.cumsum(np.array([MODEL_SETS[m] for m in MSET_NAMES]), axis=1)
        u_ = rng.random(E)
        ms_ = col("mset", np.int64)[e_seg]
        model = np.zeros(E, np.int8)
        for m_ in np.unique(ms_).tolist():
            sel = ms_ == m_
            model[sel] = np.minimum(np.searchsorted(mcum[m_], u_[sel] * mcum[m_, -1], side="left"), len(MODELS) - 1)
        del u_, ms_
        tok = np.exp(col("tok_mu")[e_seg] + col("tok_sd")[e_seg] * rng.normal(0, 1, E))
        tok = np.where(model == 2, tok * 2.2, tok)
        tok = np.clip(np.round(tok), 1, 16384).astype(np.int64)
        nkeys = np.array([a["nkeys"] for a in self.acc], dtype=np.int64)
        keyi = (mix64(e_acct.astype(np.uint64) * np.uint64(1000) + (e_day // 7).astype(np.uint64)) %
                nkeys[e_acct].astype(np.uint64)).astype(np.int64)
        del e_seg, hs
        f = dict(acct=e_acct.astype(np.int32), t=e_t, key=key, ip=e_ip, ua=ua.astype(np.int16), model=model, tok=tok,
                 keyi=keyi.astype(np.int8))
        # noise: retries (the same request again a few seconds later), clock skew
        retry = np.array([a["retry"] for a in self.acc])[e_acct]
        dup = rng.random(E) < retry
        self.n_retry = int(dup.sum())
        for kk in f:
            f[kk] = np.concatenate([f[kk], f[kk][dup]])
        f["t"][E:] += rng.uniform(1, 8, self.n_retry)
        f["t"] = f["t"] + np.array([a["skew"] for a in self.acc])[f["acct"]]
        signup = np.array([a["signup"] for a in self.acc])
        keep = (f["t"] >= 0) & (f["t"] < self.T) & (f["t"] >= signup[f["acct"]] + 20)
        for kk in f:
            f[kk] = f[kk][keep]
        self.requests_drawn = len(f["t"])
        # limits: minute first, then day, per account, in time order; refused requests are not logged
        f["ms"] = START_MS + np.floor(f["t"] * 1000).astype(np.int64)
        tier = np.array([TIERS.index(a["tier"]) for a in self.acc], dtype=np.int64)
        o = np.lexsort((f["ms"], f["acct"]))
        for kk in f:
            f[kk] = f[kk][o]
        for unit, lim in ((60_000, MINUTE), (86_400_000, DAILY)):
            capv = np.array([lim[t] for t in TIERS], dtype=np.int64)[tier[f["acct"]]]
            b = (f["ms"] - START_MS) // unit
            new = np.ones(len(b), bool)
            new[1:] = (f["acct"][1:] != f["acct"][:-1]) | (b[1:] != b[:-1])
            start = np.maximum.accumulate(np.where(new, np.arange(len(b)), 0))
            ok = (np.arange(len(b)) - start) < capv
            for kk in f:
                f[kk] = f[kk][ok]
        self.refused = self.requests_drawn - len(f["ms"])
        # missing optional fields: whole clients and a share of events
        m = len(f["ms"])
        acc_no_ip = np.array([a["no_ip"] for a in self.acc])[f["acct"]]
        f["ip"] = np.where(acc_no_ip | (rng.random(m) < .004), -1, f["ip"])
        f["ua"] = np.where(np.array([a["no_ua"] for a in self.acc])[f["acct"]] | (rng.random(m) < .015), -1, f["ua"])
        f["tok"] = np.where(np.array([a["no_tok"] for a in self.acc])[f["acct"]] | (rng.random(m) < .01), -1, f["tok"])
        return f

    def render(self, keys: np.ndarray):
        uk, inv = np.unique(keys, return_inverse=True)
        chats = self.awesome + [fr.format(t=tp) + sf for L in LANGS for fr in FRAMES[L] for tp in TOPICS[L]
                                for sf in SUFFIX[L]]
        out, batches = [], []
        for k in uk.tolist():
            if len(out) >= 250_000:                  # to Arrow in batches: the Python strings are freed as we go
                batches.append(pa.array(out, pa.large_string()))
                out = []
            w, kind, a, item = k >> 47, (k >> 46) & 1, (k >> 30) & 0xFFFF, k & ((1 << 30) - 1)
            if kind:
                parts = self.tpls[a][2]
                body = "".join(parts[j] if j % 2 == 0 else slot_value(parts[j], j, item) for j in range(len(parts)))
            else:
                body = chats[a]
            pre, suf = self.wraps[w]
            out.append(pre + body + suf)
        batches.append(pa.array(out, pa.large_string()))
        return pa.concat_arrays(batches), inv


def write_outputs(world: World, f: dict, out: Path, args, t_start: float):
    acc = world.acc
    n = len(acc)
    ids = []
    seen = set()
    for i in range(n):
        h = hashlib.sha256(f"w29:{args.seed}:{i}".encode()).hexdigest()
        j = 10
        while h[:j] in seen:
            j += 1
        seen.add(h[:j]); ids.append("tr_" + h[:j])
    ids = np.array(ids, dtype=object)
    order_rank = np.empty(n, np.int64); order_rank[np.argsort(ids, kind="stable")] = np.arange(n)
    o = np.lexsort((order_rank[f["acct"]], f["ms"]))
    for kk in f:
        f[kk] = f[kk][o]
    prompts, pinv = world.render(f["key"])
    ip_s, ip_inv, ip_u = ip_strings(np.where(f["ip"] < 0, 0, f["ip"]))
    for v in ip_u.tolist():
        if v == 0:
            continue
        a = ipaddress.IPv4Address(v)
        assert a.is_global and not (a.is_private or a.is_multicast or a.is_reserved), str(a)
    keys = []
    key_off = np.zeros(n, np.int64)
    for i, a in enumerate(acc):
        key_off[i] = len(keys)
        for k in range(a["nkeys"]):
            keys.append("tk_" + hashlib.sha256(f"key:{args.seed}:{i}:{k}".encode()).hexdigest()[:16])
    keys = np.array(keys, dtype=object)
    pays = np.array([a["pay"] or None for a in acc], dtype=object)
    E = len(f["ms"])

    dicts = {}

    def dict_col(idx, values, null=None):
        idx = np.asarray(idx, dtype=np.int64)
        if id(values) not in dicts:
            dicts[id(values)] = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
        return dicts[id(values)].take(pa.array(idx.astype(np.int32), mask=null))

    n_prompts = len(prompts)
    pays = pa.array(pays, pa.string())

    acct_ids = pa.array(ids, pa.string())
    cols_all = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "model",
                "api_key_id"]
    cols = cols_all[:5] if args.minimal else cols_all
    ip_null = f["ip"] < 0
    pay_idx = f["acct"]
    pay_null = np.array([not a["pay"] for a in acc])[f["acct"]]
    tz_min = np.array([a["tz"] if a["csv_local"] else 0 for a in acc], dtype=np.int64)
    suff = {m: (off_str(m) if m != 0 else "Z") for m in np.unique(tz_min).tolist()}
    suff_local0 = np.array([a["csv_local"] and a["tz"] == 0 for a in acc])
    out.mkdir(parents=True, exist_ok=True)
    CH = 1_000_000
    writer = None
    for s in range(0, max(E, 1), CH):
        sl = slice(s, min(E, s + CH))
        a_ = f["acct"][sl]
        data = {
            "account_id": acct_ids.take(pa.array(a_)),
            "timestamp": pa.array(f["ms"][sl], pa.timestamp("ms", tz="UTC")),
            "ip": dict_col(ip_inv[sl], ip_s, ip_null[sl]),
            "payment_method": dict_col(pay_idx[sl], pays, pay_null[sl]),
            "prompt": dict_col(pinv[sl], prompts).cast(pa.string()),
            "user_agent": dict_col(np.maximum(f["ua"][sl], 0), UAS, f["ua"][sl] < 0),
            "output_tokens": pa.array(f["tok"][sl], pa.int64(), mask=f["tok"][sl] < 0),
            "model": dict_col(f["model"][sl], MODELS),
            "api_key_id": dict_col(key_off[a_] + f["keyi"][sl], keys),
        }
        if args.format == "csv":
            loc = (f["ms"][sl] + tz_min[a_] * 60_000).astype("datetime64[ms]")
            txt = np.datetime_as_string(loc, unit="ms")
            sfx = np.array([suff[m] for m in tz_min[a_].tolist()], dtype=object)
            sfx[suff_local0[a_]] = "+00:00"
            data["timestamp"] = pa.compute.binary_join_element_wise(pa.array(txt.astype(object), pa.string()),
                                                                    pa.array(sfx, pa.string()), "")
        tbl = pa.table({c: data[c] for c in cols})
        if args.format == "csv":
            if writer is None:
                writer = pacsv.CSVWriter(str(out / "events.csv"), tbl.schema,
                                         write_options=pacsv.WriteOptions(quoting_style="needed"))
            writer.write_table(tbl)
        else:
            if writer is None:
                writer = pq.ParquetWriter(str(out / "events.parquet"), tbl.schema, compression="zstd")
            writer.write_table(tbl, row_group_size=CH)
    writer.close()
    # accounts and truth
    created = [(START + pd.Timedelta(seconds=round(a["signup"]))).strftime("%Y-%m-%dT%H:%M:%SZ") for a in acc]
    A = pd.DataFrame({"account_id": ids, "created_at": created, "payment_method": [a["pay"] for a in acc],
                      "email_domain": [a["email"] for a in acc], "country": [a["country"] for a in acc],
                      "org_id": [a["org"] for a in acc], "plan": [a["tier"] for a in acc]})
    T = pd.DataFrame({"account_id": ids, "is_ring": ["true" if a["ring_id"] else "false" for a in acc],
                      "ring_id": [a["ring_id"] for a in acc], "cohort": [a["cohort"] for a in acc],
                      "group_id": [a["group_id"] for a in acc], "tier": [a["tier"] for a in acc],
                      "sophistication": [a["soph"] for a in acc], "role": [a["role"] for a in acc],
                      "phase": [a["phase"] for a in acc]})
    srt = np.argsort(ids, kind="stable")
    A, T = A.iloc[srt], T.iloc[srt]
    if args.minimal:
        A = A[["account_id", "payment_method"]]
    A.to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    T.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    # world.json
    ev_per = np.bincount(f["acct"], minlength=n)
    cohorts = {}
    for i, a in enumerate(acc):
        c = cohorts.setdefault(a["cohort"], {"kind": "ring" if a["ring_id"] else "benign", "accounts": 0, "events": 0,
                                             "groups": set(), "never_called": 0})
        c["accounts"] += 1; c["events"] += int(ev_per[i]); c["never_called"] += int(ev_per[i] == 0)
        if a["group_id"]:
            c["groups"].add(a["group_id"])
    for k, c in cohorts.items():
        c["groups"] = len(c["groups"])
        c.update(world.cohort_info.get(k, {}))
        if c["kind"] == "ring":
            s, keep, ev = World.RING_KINDS[k]
            c.update(sophistication=s, keeps=keep, evades=ev)
    ring_acc = sum(1 for a in acc if a["ring_id"])
    meta = {
        "world": "world29", "platform": {"name": "Tern Relay", "daily_limits": DAILY, "minute_limits": MINUTE,
                                         "models": MODELS, "release_day_tern_2_5": world.release_day,
                                         "limits_note": "per account, UTC minute then UTC day; refused requests are not logged"},
        "params": {"accounts": args.accounts, "seed": args.seed, "ring_share": args.ring_share,
                   "ring_sizes": args.ring_sizes, "days": args.days, "minimal": bool(args.minimal),
                   "format": args.format, "start": START.isoformat().replace("+00:00", "Z")},
        "counts": {"accounts": n, "events": int(E), "ring_accounts": ring_acc, "rings": len(world.rings),
                   "benign_accounts": n - ring_acc,
                   "benign_group_accounts": sum(1 for a in acc if a["group_id"] and not a["ring_id"]),
                   "accounts_without_events": int((ev_per == 0).sum()),
                   "requests_drawn": int(world.requests_drawn), "refused_requests_not_logged": int(world.refused),
                   "retry_duplicates_drawn": int(world.n_retry),
                   "skewed_clock_accounts": sum(1 for a in acc if a["skew"] != 0),
                   "events_without_ip": int((f["ip"] < 0).sum()), "events_without_user_agent": int((f["ua"] < 0).sum()),
                   "events_without_output_tokens": int((f["tok"] < 0).sum()), "distinct_prompts": n_prompts,
                   "distinct_ips": int(len(ip_u) - (1 if 0 in set(ip_u[:1].tolist()) else 0))},
        "cohorts": {k: cohorts[k] for k in sorted(cohorts)},
        "rings": world.rings,
        "reference_data": {"root": "shared/data", "files": dict(sorted(world.ref.files.items()))},
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "generation_seconds": round(time.time() - t_start, 1),
    }
    (out / "world.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    return meta


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
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
    t_start = time.time()
    beside = ROOT.parent / "shared" / "data"
    data = Path(os.environ.get("GRAPHHUNT_SHARED_DATA") or (beside if beside.exists() else "/work/shared/data"))
    if not (data / "prompts" / "awesome-chatgpt-prompts.csv").exists():
        sys.exit(f"world29: shared reference data not found at {data} (set GRAPHHUNT_SHARED_DATA)")
    ref = Ref(data)
    w = World(args, ref)
    w.awesome, w.tpls = load_prompts(ref)
    w.ip = load_ipdata(ref)
    w.setup_infra()
    R = int(round(args.ring_share * args.accounts))
    if 0 < R < 3:
        sys.exit("world29: ring share gives fewer than 3 ring accounts")
    w.release_day = int(args.days * 11 / 28)
    if R:
        w.build_rings(R, args.ring_sizes)
    w.benign(args.accounts - R)
    log = (lambda *a: None) if args.quiet else (lambda *a: print(f"[{time.time() - t_start:6.1f}s]", *a, file=sys.stderr))
    log(f"{len(w.acc)} accounts, {len(w.seg)} segments, {len(w.rings)} rings")
    f = w.events()
    log(f"{len(f['ms'])} events ({w.refused} refused)")
    meta = write_outputs(w, f, Path(args.out), args, t_start)
    log(f"done: {meta['counts']}")


if __name__ == "__main__":
    main()
