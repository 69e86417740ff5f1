#!/usr/bin/env python3
"""World 27 ("Corvid API"): a blind synthetic distillation-ring test world for graphhunt (docs/WORLD27.md).

A month of API traffic on a fictional 2026 LLM API platform, with benign look-alikes that share infrastructure or
templates legitimately and distillation rings of varied sophistication, plus the ground truth.

    python3 benchmarks/world27.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR
        [--days 28] [--minimal] [--format {parquet,csv}] [--quiet]

Writes DIR/events.parquet (or events.csv), accounts.csv, truth.csv and world.json. Deterministic for a seed
(no use of Python's hash(), no set iteration order). Reads the shared reference data from $GRAPHHUNT_SHARED_DATA,
else ../shared/data beside the checkout, else /work/shared/data.
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
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

HERE = Path(__file__).resolve()
START = "2026-09-07T00:00:00Z"                     # a Monday
START_MS = int(pd.Timestamp(START).value // 1_000_000)
DAY_S = 86_400
PLATFORM = "Corvid API"
TIERS = ["trial", "builder", "growth", "org"]
DAILY = {"trial": 50, "builder": 1000, "growth": 5000, "org": 20000}
MINUTE = {"trial": 5, "builder": 40, "growth": 120, "org": 400}
MODELS = ["corvid-4", "corvid-4-mini", "corvid-4-think", "corvid-4-code"]
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "model",
              "api_key_id"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan",
                "card_funding", "card_country"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role"]

BENIGN_SHARES = {          # of the benign accounts; solo_home takes the rest; heavy_app is a count (N/4000)
    "mobile_cgnat": .10, "household": .04, "office_nat": .06, "seat_invoice": .05, "campus_dorm": .05,
    "classroom": .03, "vpn_user": .05, "saas_byok": .04, "eval_runner": .008, "gh_action_bot": .025,
    "library_kiosk": .015, "crowd_annotators": .02, "offsite_travel": .015,
}
BENIGN = ["solo_home", "heavy_app"] + list(BENIGN_SHARES)
GROUPED = {"household", "office_nat", "seat_invoice", "campus_dorm", "classroom", "saas_byok", "eval_runner",
           "gh_action_bot", "library_kiosk", "crowd_annotators", "offsite_travel"}
RING_KINDS = ["card_burst", "vps_fleet", "v6_spray", "resi_rewriter", "follow_the_sun", "aged_bought",
              "front_company", "capability_split", "campus_stowaway", "grader_relay", "hydra_reseller"]
SOPH = {"card_burst": "crude", "vps_fleet": "crude", "v6_spray": "mid", "capability_split": "mid",
        "front_company": "mid", "grader_relay": "mid", "hydra_reseller": "mid", "resi_rewriter": "careful",
        "follow_the_sun": "careful", "aged_bought": "careful", "campus_stowaway": "careful"}
BAND_KINDS = {
    "small": ["card_burst", "vps_fleet", "v6_spray", "resi_rewriter", "follow_the_sun", "aged_bought",
              "front_company", "capability_split", "campus_stowaway", "grader_relay"],
    "medium": ["vps_fleet", "v6_spray", "resi_rewriter", "follow_the_sun", "aged_bought", "front_company",
               "capability_split", "campus_stowaway", "grader_relay"],
    "large": ["hydra_reseller", "front_company", "resi_rewriter", "vps_fleet", "v6_spray"],
}
RING_DOC = {
    "card_burst": (["one or two shared card tokens", "sign-ups within 30 minutes", "one /24 of a VPS provider",
                    "python-requests UA", "one or two templates", "24/7 near the daily limit"],
                   ["none to speak of: each account stays under the per-account limits"]),
    "vps_fleet": (["one datacenter /22", "prepaid cards of one issuing country", "aiohttp UA", "shared templates",
                   "regular request gaps"], ["own card per account", "half of the daily limit", "sign-ups over two weeks"]),
    "v6_spray": (["one residential IPv6 /56 (each request a fresh /128 in it)", "shared templates under light rewording",
                  "trial accounts at ~85% of the trial limit"],
                 ["no exact address repeats across requests", "no payment method at all", "browser UA per account",
                  "sign-ups dribbled over two months"]),
    "resi_rewriter": (["a shared residential-proxy pool (addresses recur across accounts over the month)",
                       "reworded variants of the same templates", "chain-of-thought tails"],
                      ["per-account reworded templates", "30% ordinary chat", "human diurnal schedule in the proxy zone",
                       "aged accounts", "own cards", "15-25% of the limit"]),
    "follow_the_sun": (["identical answer-format tail", "one uncommon old SDK version as UA", "sign-ups in one week",
                        "ring-wide activity covers all 24 hours"],
                       ["one account per country, office hours in that country", "sticky home-like IP per day",
                        "one capability (dataset family) per account", "local card and mail provider"]),
    "aged_bought": (["handover on nearly the same day", "after it: one VPN provider's exits, one SDK UA, shared templates"],
                    ["accounts 1-3 years old with genuine history", "own original cards",
                     "benign chat before the handover from the original owners' homes"]),
    "front_company": (["one invoice", "declared org", "fresh company domain", "all seats provisioned in one day",
                       "two cloud egress IPs", "harvest templates across seats"],
                      ["looks like an enterprise with SSO seats", "office hours only", "org tier far under its limit"]),
    "capability_split": (["a card pool of 2-3 tokens", "one VPN provider's exits", "httpx UA", "sign-ups over two days"],
                         ["no template shared between accounts (one capability each)", "different models per capability"]),
    "campus_stowaway": (["harvest templates disguised as study notes", "prepaid cards of a foreign country",
                         "steady daily volume"],
                        ["egress through a real campus NAT shared with hundreds of students", "campus e-mail domain",
                         "sign-ups inside the term-start burst", "student evening schedule"]),
    "grader_relay": (["graders' prompts quote the askers' items verbatim, minutes to hours later",
                      "card pools", "two VPS blocks"],
                     ["askers and graders on different providers, cards and UAs",
                      "a grader alone looks like an essay-feedback user"]),
    "hydra_reseller": (["a gateway pool of cloud egress IPs shared per request", "gateway UA on most requests",
                        "card tokens shared by ~10 accounts", "sign-up waves"],
                       ["hundreds of short-lived heads (4-12 active days each)", "45% resold customer chat in many languages",
                        "20-70% of limits", "trial accounts without payment"]),
}
COHORT_DOC = {
    "solo_home": "individuals on home broadband (some IPv6 with daily privacy addresses) and phones",
    "mobile_cgnat": "phone users on carrier CGNAT pools: unrelated people share addresses",
    "household": "2-5 family members: one card, one home IP",
    "office_nat": "small companies: one office NAT, internal prompt library, often one company card",
    "seat_invoice": "enterprises: seats on one invoice, declared org, SSO provisioning bursts, secure-web-gateway egress",
    "campus_dorm": "students behind a university NAT, term-start sign-up burst, shared course templates",
    "classroom": "school classes: sign-ups in one lesson, one Chromebook UA, the teacher's worksheet pasted verbatim",
    "vpn_user": "commercial VPN and Tor users: unrelated people on the same exits",
    "heavy_app": "single production apps: one account, huge volume, cloud egress",
    "saas_byok": "SaaS products whose customers bring their own key: product egress IPs, built-in templates",
    "eval_runner": "labs running benchmark sweeps of public templates from GPU boxes",
    "gh_action_bot": "users of an open-source PR-review GitHub Action (own keys): GitHub runner IPs, one template",
    "library_kiosk": "public-library / internet-cafe kiosks: one IP and UA, patrons one after another",
    "crowd_annotators": "independent crowd workers on the same posted labelling task: synchronised bursts, one template",
    "offsite_travel": "company teams that move together to a hotel network for an offsite and run one workshop prompt",
}


def data_root() -> Path:
    env = os.environ.get("GRAPHHUNT_SHARED_DATA")
    if env:
        return Path(env)
    beside = HERE.parents[1].parent / "shared" / "data"
    return beside if beside.exists() else Path("/work/shared/data")


def log(msg: str, quiet: bool):
    if not quiet:
        print(f"[world27] {msg}", file=sys.stderr, flush=True)


def mix64(x):
    """splitmix64 finaliser on uint64 arrays (deterministic hashing)."""
    x = np.asarray(x).astype(np.uint64)
    with np.errstate(over="ignore"):
        x = (x + np.uint64(0x9E3779B97F4A7C15))
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        x = x ^ (x >> np.uint64(31))
    return x


def hash_u(*parts):
    """uniform [0,1) from integer arrays."""
    h = np.uint64(1469598103934665603)
    for p in parts:
        with np.errstate(over="ignore"):
            h = mix64(np.asarray(p).astype(np.int64).astype(np.uint64) ^ mix64(h))
    return (h >> np.uint64(11)).astype(np.float64) / float(1 << 53)


# ----------------------------------------------------------------------------- reference data

class Ref:
    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, str] = {}
        aw = self._read("prompts/awesome-chatgpt-prompts.csv", text=False)
        df = pd.read_csv(pd.io.common.BytesIO(aw), dtype=str, keep_default_na=False)
        prompts = [p.strip() for p in df["prompt"].tolist() if 40 <= len(p.strip()) <= 2500
                   and not re.search(r"\{\{|\}\}|\{%|%\}", p)]        # unfilled template placeholders: left out
        self.awesome = prompts
        sents = []
        for p in prompts:
            for s in re.split(r"(?<=[.?!])\s+", p.replace("\n", " ")):
                s = s.strip()
                if 30 <= len(s) <= 200 and "{" not in s and not s.lower().startswith("i want you to act"):
                    sents.append(s)
        self.sents = sorted(set(sents))
        self.templates = self._templates()
        # addresses
        raw = self._read("ip/pyasn/ipasn_20140513.dat.gz", text=False)
        tab = pd.read_csv(pd.io.common.BytesIO(gzip.decompress(raw)), sep="\t", comment=";", header=None,
                          names=["pfx", "asn"], dtype={"pfx": str, "asn": np.int64})
        net, plen = _parse_v4(tab["pfx"].tolist())
        asn = tab["asn"].to_numpy()
        ok = (plen >= 8) & (plen <= 24)
        o = np.lexsort((net[ok], asn[ok]))
        self._asn, self._pfx = asn[ok][o], np.stack([net[ok][o], plen[ok][o]], axis=1)
        self.asnames = json.loads(gzip.decompress(self._read("ip/pyasn/asnames.json.gz", text=False)))
        self.vpn = self._cidrs("ip/vpn/x4b_vpn_ipv4.txt")
        self.dc = self._cidrs("ip/vpn/x4b_datacenter_ipv4.txt")
        self._read("ip/vpn/x4b_vpn_ASN.txt")
        self.cloud = {p: self._cidrs(f"ip/cloud/{p}/ipv4_merged.txt")
                      for p in ["amazon", "google", "microsoft", "oracle", "digitalocean", "linode", "github"]}
        self.tor = [l.strip() for l in self._read("ip/tor/tor-exit-nodes.lst").splitlines()
                    if l.strip() and not l.startswith("#") and ":" not in l]
        self.tor = [x for x in self.tor if _global(x)]

    def pfx(self, asn: int):
        lo, hi = np.searchsorted(self._asn, [asn, asn + 1])
        return self._pfx[lo:hi]

    def has(self, asn: int, min_addrs: int = 1) -> bool:
        p = self.pfx(asn)
        return len(p) > 0 and (2.0 ** (32 - p[:, 1])).sum() >= min_addrs

    def _read(self, rel: str, text: bool = True):
        b = (self.root / rel).read_bytes()
        self.files[rel] = hashlib.sha256(b).hexdigest()
        return b.decode("utf-8", errors="replace") if text else b

    def _cidrs(self, rel: str):
        lines = [l.split("#")[0].strip() for l in self._read(rel).splitlines()]
        lines = [l if "/" in l else l + "/32" for l in lines if l and ":" not in l]
        net, plen = _parse_v4(lines)
        first = net >> 24
        ok = (plen >= 8) & (plen <= 30) & ~np.isin(first, [0, 10, 127]) & (first < 224)
        net = net & ~((1 << (32 - plen)) - 1)
        return np.stack([net[ok], plen[ok]], axis=1)

    def _templates(self):
        import yaml

        class Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
            pass

        def mapping(loader, node):
            return loader.construct_mapping(node, deep=True)
        Loader.add_constructor("!Template", mapping)
        Loader.add_constructor("!TemplateMetadata", mapping)
        base = self.root / "prompts" / "promptsource-templates"
        out = []
        for f in sorted(glob.glob(str(base / "**" / "templates.yaml"), recursive=True)):
            rel = str(Path(f).relative_to(self.root))
            d = yaml.load(self._read(rel), Loader=Loader) or {}
            ds = str(Path(f).parent.relative_to(base))
            tpls = d.get("templates") or {}
            for k in sorted(tpls):
                v = tpls[k]
                r = _render(v.get("jinja", ""), v.get("answer_choices"), k)
                if r is not None:
                    out.append((ds, str(v.get("name", "")), r[0], r[1]))
        return out


def _parse_v4(cidrs):
    """'a.b.c.d/len' strings -> (network int, prefix length) arrays, in Arrow kernels."""
    arr = pc.replace_substring(pa.array(cidrs, pa.string()), "/", ".")
    parts = pc.split_pattern(arr, ".")
    ok = pc.equal(pc.list_value_length(parts), 5)
    flat = pc.list_flatten(parts.filter(ok)).cast(pa.int64()).to_numpy().reshape(-1, 5)
    net = (flat[:, 0] << 24) | (flat[:, 1] << 16) | (flat[:, 2] << 8) | flat[:, 3]
    return net, flat[:, 4]


PREFERRED_SLOTS = ["text", "context", "passage", "article", "premise", "sentence", "sentence1", "document", "story",
                   "review", "content", "abstract", "plot", "claim", "question", "dialogue", "utterance", "source"]
FILLERS = ["the committee", "a blue bicycle", "Marta", "the harbour", "three apples", "the old library", "Kenji",
           "the contract", "a thunderstorm", "the museum", "Lagos", "the violin", "an email", "the garden",
           "Priya", "the engine", "a red door", "the election", "Oslo", "the recipe"]


def _render(jinja: str, choices, key: str):
    src = (jinja or "").split("|||")[0]
    if "append(" in src or "namespace(" in src:
        return None
    ch = [c.strip() for c in (choices or "").split("|||") if c.strip()] if isinstance(choices, str) else []
    src = re.sub(r"\{%.*?%\}", "", src, flags=re.S)
    src = re.sub(r"\{#.*?#\}", "", src, flags=re.S)
    h = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)
    slots = []

    def sub(m):
        e = m.group(1).strip()
        lit = re.fullmatch(r"""(["'])(.*)\1""", e, flags=re.S)
        if lit:
            return lit.group(2)
        if e.startswith("answer_choices") or "answer_choices" in e:
            if not ch:
                return ""
            idx = re.search(r"answer_choices\s*\[\s*(\d+)\s*\]", e)
            if idx:
                i = int(idx.group(1))
                return ch[i] if i < len(ch) else ch[-1]
            if "join" in e:
                sep = re.search(r"""join\s*\(\s*(["'])(.*?)\1""", e)
                s = sep.group(2) if sep else ", "
                return s.encode().decode("unicode_escape") .join(ch) if "\\" in s else s.join(ch)
            return " or ".join(ch)
        name = re.split(r"[\s|.\[(]", e)[0]
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name or ""):
            return FILLERS[h % len(FILLERS)]
        slots.append(name)
        return "\x00" + name + "\x00"
    txt = re.sub(r"\{\{(.*?)\}\}", sub, src, flags=re.S)
    if any(x in txt for x in ("{{", "}}", "{%", "%}")) or not slots:
        return None
    main = next((s for p in PREFERRED_SLOTS for s in slots if s == p), slots[0])
    i = txt.find("\x00" + main + "\x00")
    head, tail = txt[:i], txt[i + len(main) + 2:]
    k = [0]

    def fill(m):
        k[0] += 1
        return FILLERS[(h + 7 * k[0]) % len(FILLERS)]
    head = re.sub(r"\x00[A-Za-z0-9_]+\x00", fill, head)
    tail = re.sub(r"\x00[A-Za-z0-9_]+\x00", fill, tail)
    head, tail = re.sub(r"[ \t]+\n", "\n", head).lstrip(), re.sub(r"\n{3,}", "\n\n", tail).rstrip()
    if len(head) + len(tail) < 12 or len(head) + len(tail) > 1500:
        return None
    return head, tail


def _global(s: str) -> bool:
    try:
        a = ipaddress.ip_address(s)
    except ValueError:
        return False
    return a.is_global and not (a.is_private or a.is_loopback or a.is_link_local or a.is_multicast or a.is_reserved
                                or a.is_unspecified)


# ----------------------------------------------------------------------------- own text material

CHAT_EN = [
    ("Can you explain ", " in simple terms?"), ("What are the pros and cons of ", "?"),
    ("Write a short blog post about ", ". Keep it under 300 words."), ("I'm confused about ", ". Where should I start?"),
    ("Give me five ideas related to ", "."), ("Summarize the main debates around ", " in a few bullet points."),
    ("Help me write an email to my landlord about ", ". Polite but firm."), ("How would you explain ", " to a 10 year old?"),
    ("Make a one-week study plan for ", "."), ("What's a good beginner project involving ", "?"),
    ("Draft a LinkedIn post about ", ", friendly tone, no hashtags."), ("Write a haiku about ", "."),
    ("Compare two common approaches to ", " and recommend one."), ("I have an interview tomorrow about ", ". Quiz me."),
    ("List common mistakes people make with ", "."), ("What should I read to understand ", " better?"),
    ("Turn this into a checklist: ", "."), ("Is it true that ", "? Please double check."),
    ("Brainstorm names for a small business focused on ", "."), ("Write a toast for my sister's wedding that mentions ", "."),
    ("Explain the history of ", " in one paragraph."), ("Can you fix the grammar in this: ", ""),
    ("Rewrite this more formally: ", ""), ("What questions should I ask my doctor about ", "?"),
    ("plan a 3 day trip focused on ", " on a budget"), ("why does ", " happen"),
    ("Give me a recipe that uses ", ". I only have 30 minutes."), ("Write a bedtime story involving ", "."),
    ("Outline a presentation on ", " for my team."), ("How do I get better at ", " in a month?"),
]
CHAT_FR = {
    "es": [("¿Me puedes explicar ", " de forma sencilla?"), ("Escribe un correo formal sobre ", "."),
           ("Dame cinco ideas sobre ", "."), ("¿Cuáles son las ventajas y desventajas de ", "?"),
           ("Resume en tres puntos: ", "."), ("Haz un plan de estudio de una semana para ", ".")],
    "pt": [("Você pode explicar ", " de um jeito simples?"), ("Escreva um e-mail educado sobre ", "."),
           ("Me dê cinco ideias sobre ", "."), ("Quais são os prós e contras de ", "?"),
           ("Resuma em tópicos: ", "."), ("Monte um plano de estudos para ", ".")],
    "de": [("Kannst du mir ", " einfach erklären?"), ("Schreib eine höfliche E-Mail wegen ", "."),
           ("Gib mir fünf Ideen zu ", "."), ("Was sind die Vor- und Nachteile von ", "?"),
           ("Fasse kurz zusammen: ", "."), ("Erstelle einen Lernplan für ", ".")],
    "fr": [("Peux-tu m'expliquer ", " simplement ?"), ("Rédige un e-mail poli au sujet de ", "."),
           ("Donne-moi cinq idées sur ", "."), ("Quels sont les avantages et inconvénients de ", " ?"),
           ("Résume en quelques points : ", "."), ("Fais-moi un plan de révision pour ", ".")],
    "ja": [("", "について簡単に説明してください。"), ("", "に関するメールの下書きを書いてください。"),
           ("", "のアイデアを5つください。"), ("", "のメリットとデメリットは何ですか？"), ("次の内容を要約してください：", "")],
    "ko": [("", "에 대해 쉽게 설명해 주세요."), ("", "에 관한 이메일 초안을 써 주세요."),
           ("", "에 대한 아이디어 다섯 가지를 알려 주세요."), ("", "의 장단점은 무엇인가요?")],
    "id": [("Tolong jelaskan ", " dengan sederhana."), ("Buatkan email sopan tentang ", "."),
           ("Berikan lima ide tentang ", "."), ("Apa kelebihan dan kekurangan ", "?")],
    "tr": [("Bana ", " konusunu basitçe açıklar mısın?"), ("", " hakkında kibar bir e-posta yaz."),
           ("", " ile ilgili beş fikir ver."), ("", " konusunun artıları ve eksileri neler?")],
}
TOPICS_EN = """compound interest|the French revolution|sourdough starters|Kubernetes networking|quantum entanglement|
training for a half marathon|learning Japanese kanji|climate tipping points|the Roman water supply|container gardening|
personal budgeting|SQL window functions|photosynthesis|the stock market crash of 1929|how vaccines work|
black holes|negotiating a salary|writing a cover letter|React hooks|the causes of inflation|bird migration|
public speaking anxiety|home composting|Rust lifetimes|the printing press|sleep hygiene|electric car batteries|
the Silk Road|impressionist painting|unit testing in Python|moving to another country|the water cycle|
caring for a senior dog|Byzantine architecture|tax deductions for freelancers|the immune system|chess openings|
making cold brew coffee|GDPR basics|the theory of evolution|volcano formation|time management for students|
Linux file permissions|the Cold War|knitting a scarf|solar panels on a flat roof|the Pythagorean theorem|
intermittent fasting|the Marshall Plan|regular expressions|starting a podcast|fermentation|plate tectonics|
remote team rituals|the Renaissance|tide pools|first aid for burns|the Krebs cycle|Bayesian statistics|
learning guitar chords|renting my first apartment|the Apollo program|color theory|the Ottoman Empire|
supply and demand|coral reef bleaching|Git rebase versus merge|urban beekeeping|the Great Depression|
machine learning overfitting|meal prep for a family|the Olympic games|writing a novel outline|cryptography basics|
the Amazon rainforest|CSS grid|houseplants that survive low light|the history of jazz|retirement savings|
Docker volumes|the Meiji restoration|birdwatching|cybersecurity for small businesses|the human microbiome|
event sourcing|Greek mythology|running a book club|the economics of housing|weather fronts|the Big Bang|
a dinner party menu|data visualization|the Spanish civil war|my cat's hairballs|learning to swim as an adult""".replace("\n", "").split("|")
TOPICS_L = {
    "es": "la inflación|la fotosíntesis|mi primer empleo|la historia de México|el fútbol europeo|ahorrar dinero|"
          "la energía solar|aprender inglés|la Revolución Industrial|cocinar paella".split("|"),
    "pt": "a inflação|fotossíntese|meu primeiro emprego|a história do Brasil|energia solar|economizar dinheiro|"
          "aprender inglês|a Revolução Industrial|o vestibular|receitas veganas".split("|"),
    "de": "die Inflation|Photosynthese|meinen ersten Job|die Energiewende|Steuererklärung|Sparen|"
          "die Weimarer Republik|Gartenarbeit|Fahrradreparatur|Bewerbungsgespräche".split("|"),
    "fr": "l'inflation|la photosynthèse|mon premier emploi|la Révolution française|l'énergie solaire|"
          "économiser de l'argent|le baccalauréat|la cuisine lyonnaise|le télétravail|les impôts".split("|"),
    "ja": "インフレ|光合成|転職|日本の歴史|太陽光発電|節約|英語の勉強|確定申告|料理のレシピ|睡眠の質".split("|"),
    "ko": "인플레이션|광합성|취업 준비|한국 역사|태양광 발전|저축|영어 공부|수능|요리 레시피|운동 습관".split("|"),
    "id": "inflasi|fotosintesis|pekerjaan pertama|sejarah Indonesia|energi surya|menabung|belajar bahasa Inggris|"
          "resep rendang|UMKM|kesehatan mental".split("|"),
    "tr": "enflasyon|fotosentez|ilk işim|Osmanlı tarihi|güneş enerjisi|para biriktirme|İngilizce öğrenmek|"
          "yemek tarifleri|üniversite sınavı|uyku düzeni".split("|"),
}
SUBJ = """The city council|A small bakery in Lyon|The research team|My neighbour's dog|The new phone model|The central bank|
A local football club|The museum|Our startup|The river|The night train to Osaka|A retired teacher|The hospital board|
The school choir|A farmer in Kenya|The airline|The software update|The mayor|A group of students|The orchestra|
The shipping company|The national park|A young chef|The library|The government|The factory|The biotech firm|
The art gallery|A volunteer group|The bus company|The startup's founder|The tenants' union|The weather service|
The film festival|A teenage inventor|The university|The football coach|The hotel chain|The village""".replace("\n", "").split("|")
PRED = """announced a plan to cut emissions by half|was praised for its friendly staff|raised interest rates again|
flooded after two days of heavy rain|opened a second location downtown|cancelled the concert at the last minute|
won a regional award for design|was criticised for long waiting times|doubled its prices without warning|
hired forty new engineers|discovered a leak in the main pipe|released a documentary about the harbour|
apologised for the data breach|reported record profits|closed for renovation|lost its biggest customer|
planted two thousand trees|introduced free breakfast for pupils|delayed the launch by six months|
recalled thousands of kettles|launched a night bus service|postponed the vote|beat the favourites three to one|
found a rare fossil|switched to renewable energy|published its annual report|changed its logo|
stopped answering complaints|extended opening hours|sold the building to developers""".replace("\n", "").split("|")
TAILX = ["last Tuesday", "despite objections from residents", "according to a report published this week",
         "after months of negotiation", "to the surprise of many", "earlier this year", "in a statement on Friday",
         "for the first time since 2019", "amid rising costs", "following a public consultation", "", "", ""]
QUESTIONS = """Who painted the ceiling of the Sistine Chapel?|What is the boiling point of water at high altitude?|
Why do leaves change colour in autumn?|How many bones are in the adult human body?|What causes the seasons on Earth?|
Which river flows through Budapest?|What is the capital of Australia?|Why is the sky blue?|
How does a refrigerator keep food cold?|What did the Treaty of Westphalia establish?|Who discovered penicillin?|
What is the difference between weather and climate?|How do bees communicate?|What is a prime number?|
Why do we have leap years?|What is the speed of sound in air?|Who wrote One Hundred Years of Solitude?|
How does compound interest work?|What is the largest desert in the world?|Why does ice float?""".replace("\n", "").split("|")
QUALIFIERS = ["for a beginner", "for my team at work", "in 2026", "for a school project", "with examples",
              "for someone in their 60s", "without jargon", "for a small town", "on a tight budget", "for a podcast episode",
              "for my kids", "from a European perspective", "in under 200 words", "for a job interview",
              "for a non-native speaker", "as a table", "for my grandmother", "from first principles"]
ANSWERS = ["my answer is B", "i think its the second one", "not sure but maybe 42", "because plants need light",
           "is this right?", "i wrote: the mitochondria", "can you check mine", "I said photosynthesis",
           "answer: true", "we got 3/4", "my group says A", "i dont understand question 2", "done, next?",
           "Q3: the roman empire", "my guess is 1789", "its evaporation right"]
COMPANY_TASKS = [
    ("Summarise the following meeting notes into five bullet points with owners and deadlines:\n\n", "", 5.6),
    ("Rewrite this customer email so it is polite and under 120 words:\n\n", "", 5.3),
    ("Extract the company name, invoice number, total amount and due date from this text as JSON:\n\n", "", 4.3),
    ("Translate the following product description into German, keep brand names unchanged:\n\n", "", 5.2),
    ("Classify this support ticket as billing, bug, feature request or other.\nTicket: ", "\nCategory:", 1.6),
    ("Write a job ad for the following role. Requirements:\n", "\nTone: warm, inclusive.", 6.0),
    ("Turn these notes into a weekly status update for leadership:\n", "", 5.7),
    ("Draft three subject lines for a newsletter about: ", "", 4.0),
    ("Review this paragraph from our policy document for ambiguous wording:\n\n", "", 5.5),
    ("Generate SQL for the following request against our orders table:\n", "\nReturn only the SQL.", 4.6),
    ("Suggest a reply to this Slack message from a colleague:\n", "", 4.4),
    ("Create a short FAQ (5 questions) from this text:\n\n", "", 5.8),
]
SAAS = {
    "Relaydesk": ("Relaydesk/4.2.1 (+https://relaydesk.example/bot)", "amazon", [
        ("You are Relaydesk, the support assistant of {co}. Draft a reply to the customer ticket below. Be concise "
         "and empathetic, never promise refunds.\n\nTicket:\n", "\n\nReply:", 5.2),
        ("Summarise this support conversation for {co}'s internal notes in two sentences:\n\n", "", 4.2),
        ("Detect the sentiment (positive, neutral, negative) and urgency (low, high) of this ticket:\n", "", 2.5)]),
    "Quillmate": ("Quillmate-Server/1.8.0", "google", [
        ("Write three variations of marketing copy for {co}. Brand voice: playful. Source material:\n", "", 5.8),
        ("Shorten this text to a 280-character social post for {co}:\n", "", 4.0),
        ("Write an SEO meta description (max 155 characters) for this page:\n", "", 3.6)]),
    "LedgerLens": ("LedgerLens/2.0 (python-httpx)", "microsoft", [
        ("Extract vendor, date, line items, VAT and total from this receipt text. Output JSON with keys vendor, date, "
         "items, vat, total.\n\nReceipt:\n", "", 4.5),
        ("Categorise this expense for bookkeeping (travel, meals, software, office, other):\n", "", 1.4)]),
    "Tutorloop": ("Tutorloop/3.1 node/v20.12.2", "digitalocean", [
        ("Create five multiple-choice quiz questions with answers from this lesson text:\n\n", "", 6.0),
        ("Explain the following passage to a student who struggles with reading, in short sentences:\n\n", "", 5.4)]),
    "Scribecast": ("Scribecast-Worker/0.9.7", "oracle", [
        ("Summarise this transcript segment for {co} into show notes with timestamps omitted:\n\n", "", 5.6),
        ("Pull out three quotable lines from this transcript:\n\n", "", 4.5)]),
    "ShopScribe": ("ShopScribe/5.0.3 (+https://shopscribe.example)", "amazon", [
        ("Write a product description for {co}'s online store. Product facts:\n", "\nLength: 80-120 words.", 5.4),
        ("Write alt text for a product photo described as: ", "", 3.5)]),
}
WORKSHEETS = [
    "Explain photosynthesis as if you were a leaf talking to a 7th grader. Then write three quiz questions about it.",
    "You are a historian in 1850. Describe a normal day in a factory town and list two problems workers faced.",
    "Help me check my answers to the fractions worksheet. Do not give me the answers, give hints only.",
    "Write a short story (150 words) that uses these vocabulary words: reluctant, glimmer, ancient, fragile.",
    "Explain the water cycle step by step and draw it as a text diagram.",
    "Act as a Socratic tutor. Ask me questions one at a time to help me understand why the Roman Empire fell.",
    "Give me feedback on my persuasive paragraph about school uniforms. Focus on evidence and structure.",
    "Translate these five sentences into Spanish and explain one grammar rule you used.",
    "Explain Newton's three laws with an example from sports for each one.",
    "Make a timeline of the American Revolution with 8 events and one sentence each.",
]
WORKSHOP = ["Our team offsite exercise: list the three biggest risks to our Q4 roadmap and one mitigation each. Context: ",
            "Workshop prompt (offsite day 2): rewrite our mission statement in plain language for new hires. Draft: ",
            "Offsite retro: cluster these sticky notes into themes and name each theme. Notes: "]
REVIEW = ("You are a senior engineer reviewing a pull request. Review the following diff. Point out bugs, security "
          "problems and unclear naming. Answer in Markdown with a short summary first.\n\n```diff\n", "\n```", 6.2)
REVIEW2 = ("Summarise what this diff changes in one paragraph for the PR description:\n\n```diff\n", "\n```", 4.8)
COT = ["\n\nThink step by step and show your full reasoning before the final answer.",
       "\n\nExplain your reasoning in detail, then state the final answer.",
       "\n\nLet's work this out in a step by step way to be sure we have the right answer.",
       "\n\nGive a thorough chain of reasoning, then the final answer on the last line.",
       "\n\nAnswer, then justify the answer in at least five sentences."]
SUN_TAIL = "\n\nGive a detailed rationale first, then the final answer on its own line as 'Answer: <label>'."
SYN = {"following": ["below", "next"], "What": ["Which"], "text": ["passage", "snippet"], "question": ["query"],
       "Answer": ["Respond to", "Reply to"], "answer": ["response"], "Choose": ["Pick", "Select"],
       "sentence": ["line", "statement"], "article": ["piece", "story"], "Given": ["Considering", "Using"],
       "true": ["correct"], "Is": ["Would you say"], "review": ["critique"], "Read": ["Look at", "Go through"]}
PREFIXES = ["", "", "Task: ", "Please help with this. ", "Quick one: ", "Instruction: ", "Hi! ", "Q: ",
            "For my notes, ", "Homework help: "]
STUDY = ["For my study notes: ", "I'm revising for an exam. ", "Help me understand this for class. ",
         "Study group question: ", "For my flashcards: "]
GRADER_HEAD = ["Here is a question and a draft answer written by another assistant. Grade the draft from 1 to 10, "
               "list its errors and write an improved answer.\n\nQuestion:\n",
               "Check this worked solution carefully. Point out any mistake, then give the corrected full solution."
               "\n\nProblem:\n"]
CODE_ID = ["user", "order", "cfg", "items", "token", "session", "retry_count", "payload", "cache", "buf", "req", "resp"]
CODE_FN = ["load_config", "parse_date", "fetchUser", "validate", "json.loads", "os.getenv", "strings.TrimSpace",
           "db.query", "hashlib.sha256", "requests.get", "normalize", "render_template"]
NAMES1 = ["north", "blue", "kestrel", "lumen", "quartz", "harbor", "cedar", "nimbus", "vertex", "copper", "tidal",
          "ember", "atlas", "pioneer", "maple", "orbit", "signal", "falcon", "meadow", "granite", "zephyr", "onyx"]
NAMES2 = ["wind", "stack", "works", "labs", "freight", "health", "logic", "foods", "media", "analytics", "legal",
          "energy", "studio", "bio", "systems", "capital", "retail", "motion", "data", "partners"]
TLD = [".com", ".io", ".co", ".de", ".fr", ".in", ".com.br", ".co.uk", ".net", ".ai"]
DISPOSABLE = ["sharklasers.com", "guerrillamail.com", "yopmail.com", "mailinator.com", "10minutemail.com"]

COUNTRIES = {   # weight, UTC offsets (minutes, fixed for the window), home ISPs, mobile ASNs, mail providers, language
    "US": (28, [-240, -300, -360, -420], [7922, 7018, 20115, 22773], [22394, 20057, 21928],
           ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"], "en"),
    "CA": (3, [-240, -420], [812, 577], [812], ["gmail.com", "outlook.com", "yahoo.ca"], "en"),
    "GB": (6, [60], [2856, 5607, 5089], [2856], ["gmail.com", "outlook.com", "btinternet.com"], "en"),
    "DE": (6, [120], [3320, 3209], [3320, 3209], ["gmx.de", "web.de", "t-online.de", "gmail.com"], "de"),
    "FR": (5, [120], [3215, 12322], [3215], ["orange.fr", "free.fr", "gmail.com"], "fr"),
    "ES": (3, [120], [3352], [3352], ["gmail.com", "hotmail.es"], "es"),
    "IT": (3, [120], [3269], [3269], ["gmail.com", "libero.it"], "en"),
    "NL": (2, [120], [1136], [1136], ["gmail.com", "ziggo.nl"], "en"),
    "PL": (2, [120], [5617], [5617], ["gmail.com", "wp.pl"], "en"),
    "SE": (1, [120], [3301], [3301], ["gmail.com", "telia.com"], "en"),
    "BR": (6, [-180], [27699, 28573, 18881], [26615], ["gmail.com", "hotmail.com", "uol.com.br"], "pt"),
    "MX": (3, [-360], [8151], [8151], ["gmail.com", "hotmail.com"], "es"),
    "IN": (10, [330], [24560, 9829], [45609, 55836], ["gmail.com", "yahoo.co.in", "rediffmail.com"], "en"),
    "JP": (4, [540], [4713, 2516, 17676], [2516], ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"], "ja"),
    "KR": (3, [540], [4766, 9318], [4766], ["naver.com", "gmail.com", "daum.net"], "ko"),
    "ID": (3, [420], [7713, 23693], [23693], ["gmail.com", "yahoo.co.id"], "id"),
    "TR": (2, [180], [9121], [9121], ["gmail.com", "hotmail.com"], "tr"),
    "AU": (2, [600], [1221, 7545], [1221], ["gmail.com", "bigpond.com"], "en"),
    "VN": (2, [420], [45899], [45899], ["gmail.com"], "en"),
    "PH": (1, [480], [9299], [9299], ["gmail.com", "yahoo.com"], "en"),
    "NG": (1, [60], [29465], [29465], ["gmail.com", "yahoo.com"], "en"),
    "EG": (1, [180], [8452], [8452], ["gmail.com", "hotmail.com"], "en"),
    "MY": (1, [480], [4788], [4788], ["gmail.com"], "en"),
}
CC = list(COUNTRIES)
CC_W = np.array([COUNTRIES[c][0] for c in CC], float)
V6 = {  # real allocations (not in the shared data: see docs/WORLD27.md); interface ids synthetic
    "comcast": "2601::/20", "tmobile_us": "2607:fb90::/32", "dtag": "2003::/19", "jio": "2409:4000::/22",
    "orange_fr": "2a01:cb00::/24", "verizon_wireless": "2600:1000::/24"}
BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{m} Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{f}.0) Gecko/20100101 Firefox/{f}.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
]
MOBILE_UA = ["okhttp/4.12.0", "Dart/3.4 (dart:io)", "CFNetwork/1496.0.7 Darwin/23.5.0",
             "Mozilla/5.0 (iPhone; CPU iPhone OS 18_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{m} Mobile/15E148 Safari/604.1",
             "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36"]
SDKS = ["corvid-python/1.{m}.{p} CPython/3.{py}.{pp}", "corvid-node/2.{m}.{p} node/v20.{pp}.0", "curl/8.{m}.{p}",
        "python-requests/2.32.{p}", "python-httpx/0.27.{p}", "Go-http-client/2.0", "corvid-java/0.{m}.{p}"]


# ----------------------------------------------------------------------------- tables

class Tables:
    """String tables: addresses, user agents, prompt heads/tails, body pools, prompt pairs, pools, CSR lists."""

    def __init__(self):
        self.ips, self._ip = [], {}
        self.uas, self._ua = [], {}
        self.heads, self._h = [""], {"": 0}
        self.tails, self._t = [""], {"": 0}
        self.m1, self.m2 = [""], [""]
        self.bk = {}                       # body kind -> (m1 off, m1 len, p m1 empty, m2 off, m2 len, p m2 empty)
        self.pairs = []                    # (head, tail, body kind id, tok_mu, tok_sig)
        self.pools = []                    # lists of ip indices
        self.bk_rows = []

    def ip(self, s):
        i = self._ip.get(s)
        if i is None:
            i = self._ip[s] = len(self.ips)
            self.ips.append(s)
        return i

    def ua(self, s):
        i = self._ua.get(s)
        if i is None:
            i = self._ua[s] = len(self.uas)
            self.uas.append(s)
        return i

    def head(self, s):
        i = self._h.get(s)
        if i is None:
            i = self._h[s] = len(self.heads)
            self.heads.append(s)
        return i

    def tail(self, s):
        i = self._t.get(s)
        if i is None:
            i = self._t[s] = len(self.tails)
            self.tails.append(s)
        return i

    def body(self, name, m1, p1e, m2, p2e):
        o1 = len(self.m1)
        self.m1.extend(m1)
        o2 = len(self.m2)
        self.m2.extend(m2)
        self.bk[name] = len(self.bk_rows)
        self.bk_rows.append((o1, len(m1), p1e, o2, max(len(m2), 0), p2e))
        return self.bk[name]

    def pair(self, head, tail, bk, mu, sig=0.6):
        self.pairs.append((self.head(head), self.tail(tail), self.bk[bk] if isinstance(bk, str) else bk, mu, sig))
        return len(self.pairs) - 1

    def pool(self, idx):
        self.pools.append(np.asarray(idx, dtype=np.int64))
        return len(self.pools) - 1


def csr(lists):
    lens = np.array([len(x) for x in lists], dtype=np.int64)
    off = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    flat = np.concatenate([np.asarray(x, dtype=np.int64) for x in lists]) if lens.sum() else np.zeros(0, np.int64)
    return off, lens, flat


# ----------------------------------------------------------------------------- address sampling

class Addr:
    def __init__(self, ref: Ref, T: Tables, rng):
        self.ref, self.T, self.rng = ref, T, rng

    def _from_prefixes(self, pfx, k, sequential=False):
        pfx = np.asarray(pfx)
        if len(pfx) == 0:
            raise ValueError("no prefixes")
        sizes = np.minimum(2.0 ** (32 - pfx[:, 1]), 65536.0)
        out = []
        tries = 0
        while len(out) < k and tries < 50:
            tries += 1
            need = k - len(out)
            pi = self.rng.choice(len(pfx), size=need * 2, p=sizes / sizes.sum())
            net, plen = pfx[pi, 0], pfx[pi, 1]
            span = (2 ** (32 - plen)).astype(np.int64)
            off = (self.rng.random(need * 2) * (span - 2)).astype(np.int64) + 1
            for v in net + off:
                if (v & 255) in (0, 255):
                    continue
                s = str(ipaddress.IPv4Address(int(v)))
                if _global(s):
                    out.append(s)
                if len(out) >= k:
                    break
        return [self.T.ip(s) for s in out]

    def asn(self, asn, k):
        return self._from_prefixes(self.ref.pfx(asn), k)

    def cidrs(self, cidrs, k):
        return self._from_prefixes(cidrs, k)

    def block(self, cidrs, k):
        """k consecutive host addresses inside one /24 (or smaller block) of the given ranges: a rented VPS block."""
        c = np.asarray(cidrs)
        c = c[c[:, 1] <= 24]
        for _ in range(100):
            net, plen = c[self.rng.integers(len(c))]
            n24 = int(2 ** (24 - plen))
            base = int(net) + int(self.rng.integers(n24)) * 256
            first = int(self.rng.integers(2, max(3, 254 - k)))
            ips = [str(ipaddress.IPv4Address(base + first + i)) for i in range(min(k, 252))]
            if all(_global(s) for s in ips):
                return [self.T.ip(s) for s in ips]
        raise RuntimeError("no block")

    def sub22(self, cidrs, k):
        """k addresses inside one /22 of the ranges (a small datacenter allocation)."""
        c = np.asarray(cidrs)
        c = c[c[:, 1] <= 22]
        net, plen = c[self.rng.integers(len(c))]
        base = int(net) + int(self.rng.integers(int(2 ** (22 - plen)))) * 1024
        return self._from_prefixes(np.array([[base, 22]]), k)

    def v6(self, name, k, within=None):
        """k addresses; within=(prefix_len) keeps them inside one random sub-prefix of that length."""
        n = ipaddress.IPv6Network(V6[name])
        base = int(n.network_address)
        if within:
            base += int(self.rng.integers(0, 2 ** min(60, within - n.prefixlen))) << (128 - within)
            span_bits = 128 - within
        else:
            span_bits = 128 - n.prefixlen
        out = []
        for _ in range(k):
            hi = int(self.rng.integers(0, 2 ** min(62, span_bits - 64))) if span_bits > 64 else 0
            lo = int(self.rng.integers(1, 2 ** 62)) * 4 + int(self.rng.integers(0, 4))
            v = base + (hi << 64) + (lo & ((1 << 64) - 1)) if span_bits > 64 else base + (lo & ((1 << span_bits) - 1))
            out.append(self.T.ip(str(ipaddress.IPv6Address(v))))
        return out

    def v6_home_days(self, name, days):
        """one /64 of the ISP, a new privacy interface id each day."""
        n = ipaddress.IPv6Network(V6[name])
        p64 = int(n.network_address) + (int(self.rng.integers(0, 2 ** min(62, 64 - n.prefixlen))) << 64)
        return [self.T.ip(str(ipaddress.IPv6Address(p64 + int(self.rng.integers(1, 2 ** 62)) * 3)))
                for _ in range(days)]


# ----------------------------------------------------------------------------- world

PROFILES = {   # local-hour weights
    "day": [1, .5, .3, .2, .2, .3, .7, 1.5, 2.5, 3, 3.2, 3.3, 3.4, 3.3, 3.2, 3.2, 3.3, 3.6, 4, 4.3, 4.2, 3.6, 2.6, 1.6],
    "office": [.05, .02, .02, .02, .02, .05, .2, 1, 3, 5, 5.5, 5, 3.5, 4.5, 5, 5, 4.5, 3, 1.2, .6, .4, .3, .2, .1],
    "evening": [1.5, .8, .4, .2, .1, .1, .2, .5, .8, 1, 1.2, 1.3, 1.5, 1.4, 1.4, 1.6, 2, 2.8, 3.8, 4.5, 4.8, 4.5, 3.6, 2.4],
    "student": [3, 2.2, 1.2, .5, .2, .1, .1, .3, .8, 1.5, 2, 2.3, 2.4, 2.4, 2.5, 2.6, 2.8, 3, 3.2, 3.4, 3.8, 4.2, 4.2, 3.8],
    "flat": [1] * 24,
    "app": [1.2, 1, .9, .8, .8, .9, 1.2, 1.6, 2, 2.2, 2.3, 2.3, 2.2, 2.2, 2.2, 2.2, 2.2, 2.1, 2, 1.9, 1.8, 1.6, 1.5, 1.3],
    "night": [4, 4, 4, 4, 3.5, 3, 2, 1, .5, .5, .5, .5, .5, .5, .5, .5, .5, .5, .8, 1, 1.5, 2, 3, 3.5],
}
PROF_NAMES = list(PROFILES)
PROF_CUM = np.array([np.cumsum(np.array(PROFILES[k]) / sum(PROFILES[k])) for k in PROF_NAMES])
PROF_CUM[:, -1] = 1.0
STICKY_ACC, STICKY_DAY, PER_SESS, PER_REQ, DAY_IDX = range(5)


class World:
    def __init__(self, N, D, rng, ref: Ref):
        self.N, self.D, self.rng, self.ref = N, D, rng, ref
        self.T = Tables()
        self.A = Addr(ref, self.T, rng)
        z = lambda v, dt=np.float64: np.full(N, v, dtype=dt)
        o = lambda v: np.array([v] * N, dtype=object)
        self.cohort, self.group, self.ring_id, self.soph, self.role = o(""), o(""), o(""), o(""), o("")
        self.is_ring = z(False, bool)
        self.tier = z(0, np.int64)
        self.country, self.email, self.org, self.pay, self.funding, self.card_cc = (o("") for _ in range(6))
        self.tzm = z(0, np.int64)
        self.lang = o("en")
        self.created = z(0, np.int64)          # ms from window start (negative: before)
        self.first_day, self.last_day = z(0, np.int64), z(D - 1, np.int64)
        self.pday = np.zeros((N, D), np.float32)
        self.smul = np.ones((N, D), np.float32)
        self.rmul = np.ones((N, D), np.float32)
        self.anchor = np.full((N, D), -1, np.int64)     # minutes from window start
        self.anchor_delay = z(10.0)
        self.wkend = z(1.0)
        self.sess_mean, self.req_mean, self.gap = z(.5), z(3.0), z(60.0)
        self.regular = z(False, bool)
        self.prof = z(0, np.int64)
        self.pool1, self.mode1, self.pool2, self.mode2, self.p2 = z(0, np.int64), z(0, np.int64), z(0, np.int64), z(0, np.int64), z(0.0)
        self.anch_pool1 = z(False, bool)
        self.sw_start, self.sw_end = z(2 ** 62, np.int64), z(2 ** 62, np.int64)
        self.pool3, self.mode3 = z(0, np.int64), z(0, np.int64)
        self.ua1, self.ua2, self.ua3 = z(0, np.int64), z(0, np.int64), z(0, np.int64)
        self.p_ua2 = z(0.0)
        self.w0 = np.tile([.6, .3, .1], (N, 1))
        self.w1 = np.tile([0., 0., 1.], (N, 1))
        self.tasks0 = [[] for _ in range(N)]
        self.tasks1 = [[] for _ in range(N)]
        self.mw0 = np.tile([.5, .4, .05, .05], (N, 1))
        self.mw1 = np.tile([.3, .1, .6, 0.], (N, 1))
        self.nkeys = z(1, np.int64)
        self.csv_local = z(False, bool)
        self.aw_pairs = []
        self.chat_pairs = {}

    # ---- helpers
    def cc(self, k):
        return self.rng.choice(CC, size=k, p=CC_W / CC_W.sum())

    def set_country(self, idx, ccs):
        for a, c in zip(idx, ccs):
            w, tzs, isp, mob, mail, lang = COUNTRIES[c]
            self.country[a] = c
            self.tzm[a] = tzs[self.rng.integers(len(tzs))]
            self.lang[a] = lang if self.rng.random() < .7 else "en"
            if not self.email[a]:
                self.email[a] = mail[self.rng.integers(len(mail))]

    def created_before(self, idx, lo_days, hi_days):
        self.created[idx] = -(self.rng.uniform(lo_days, hi_days, len(idx)) * DAY_S * 1000).astype(np.int64)

    def card(self, idx, funding=None, cc=None, token=None):
        tok = token or self.token("pm_")
        for a in np.atleast_1d(idx):
            self.pay[a] = tok
            self.funding[a] = funding or str(self.rng.choice(["credit", "debit", "prepaid"], p=[.55, .38, .07]))
            # expats, travellers and cards from abroad: 4% of cards are issued in another country
            self.card_cc[a] = cc or (self.country[a] if self.rng.random() > .04 else CC[self.rng.integers(len(CC))])
        return tok

    def own_cards(self, idx, funding=None, cc=None):
        for a in idx:
            if self.tier[a] > 0:
                self.card(a, funding, cc)

    def token(self, prefix, n=16):
        return prefix + "".join("0123456789abcdef"[i] for i in self.rng.integers(0, 16, n))

    def ua_browser(self):
        t = BROWSERS[self.rng.integers(len(BROWSERS))]
        return self.T.ua(t.format(v=int(self.rng.integers(124, 131)), m=int(self.rng.integers(0, 6)),
                                  f=int(self.rng.integers(126, 132))))

    def ua_mobile(self):
        t = MOBILE_UA[self.rng.integers(len(MOBILE_UA))]
        return self.T.ua(t.format(v=int(self.rng.integers(124, 131)), m=int(self.rng.integers(0, 6))))

    def ua_sdk(self, i=None):
        t = SDKS[self.rng.integers(len(SDKS)) if i is None else i]
        return self.T.ua(t.format(m=int(self.rng.integers(2, 20)), p=int(self.rng.integers(0, 9)),
                                  py=int(self.rng.integers(9, 13)), pp=int(self.rng.integers(0, 12))))

    def home_pool(self, a, k=None):
        """a home broadband pool: 1-2 IPv4 (the lease changes) or, on some ISPs, a /64 with daily privacy ids."""
        c = self.country[a]
        isp = COUNTRIES[c][2]
        v6 = {"US": "comcast", "DE": "dtag", "FR": "orange_fr"}.get(c)
        if v6 and self.rng.random() < .3:
            return self.T.pool(self.A.v6_home_days(v6, self.D)), DAY_IDX
        return self.T.pool(self.A.asn(isp[self.rng.integers(len(isp))], k or int(self.rng.integers(1, 3)))), STICKY_DAY

    def behave(self, idx, pday, sess, req, gap, prof, wkend=1.0, regular=False, spread=.6):
        idx = np.asarray(idx)
        k = len(idx)
        f = np.exp(self.rng.normal(0, spread, k)) if spread else np.ones(k)
        self.pday[idx] = np.clip(pday * f, 0, 1)[:, None]
        self.sess_mean[idx] = sess * np.exp(self.rng.normal(0, spread / 2, k)) if spread else sess
        self.req_mean[idx] = np.maximum(1, req * np.exp(self.rng.normal(0, spread / 2, k))) if spread else req
        self.gap[idx] = gap
        self.prof[idx] = PROF_NAMES.index(prof)
        self.wkend[idx] = wkend
        self.regular[idx] = regular

    def ips(self, idx, pool1, mode1, pool2=0, mode2=PER_SESS, p2=0.0):
        self.pool1[idx], self.mode1[idx], self.pool2[idx], self.mode2[idx], self.p2[idx] = pool1, mode1, pool2, mode2, p2

    def tasks(self, idx, pairs, which=0):
        L = self.tasks0 if which == 0 else self.tasks1
        for a in np.atleast_1d(idx):
            L[a] = list(pairs)

    def lifetime(self):
        d0 = np.where(self.created >= 0, np.floor(self.created / (DAY_S * 1000.0)), 0).astype(np.int64)
        self.first_day = np.maximum(self.first_day, d0)


def company_name(rng, used):
    while True:
        n = NAMES1[rng.integers(len(NAMES1))] + NAMES2[rng.integers(len(NAMES2))]
        d = n + TLD[rng.integers(len(TLD))]
        if d not in used:
            used.add(d)
            return n.capitalize(), d


# ----------------------------------------------------------------------------- text setup

def build_text(W: World):
    T, rng, ref = W.T, W.rng, W.ref
    sents = ref.sents
    items = [f"{SUBJ[rng.integers(len(SUBJ))]} {PRED[rng.integers(len(PRED))]}"
             f"{(' ' + TAILX[k]) if TAILX[(k := rng.integers(len(TAILX)))] else ''}." for _ in range(6000)]
    items += QUESTIONS * 5
    items += [f"How does {TOPICS_EN[rng.integers(len(TOPICS_EN))]} relate to {TOPICS_EN[rng.integers(len(TOPICS_EN))]}?"
              for _ in range(1500)]
    sents_sp = [" " + s for s in sents]
    diff = []
    for _ in range(3000):
        v, f, g = CODE_ID[rng.integers(12)], CODE_FN[rng.integers(12)], CODE_ID[rng.integers(12)]
        diff.append(rng.choice([f"-    {v} = {f}({g})\n+    {v} = {f}({g}, timeout=30)",
                                f"+    if {v} is None:\n+        return {f}({g})",
                                f"@@ -{rng.integers(10, 400)},7 +{rng.integers(10, 400)},9 @@\n-  const {v} = {f}({g});\n+  const {v} = await {f}({g});",
                                f"+    for _, {v} := range {g} {{\n+        {f}({v})\n+    }}"]))
    diff2 = ["\n" + d for d in diff[:1500]]
    W.bk_item = T.body("item", items, 0.0, sents_sp, .45)
    W.bk_dense = T.body("dense", items, 0.0, [" " + x for x in items[:3000]], .3)
    T.body("none", [], 1.0, [], 1.0)
    T.body("aw", [], 1.0, ["\n\n" + s for s in sents], .75)
    T.body("sheet", [" " + a for a in ANSWERS], .6, [], 1.0)
    T.body("cust", sents, 0.0, sents_sp, .4)
    T.body("diff", diff, 0.0, diff2, .5)
    T.body("chat_en", TOPICS_EN, 0.0, [" " + q for q in QUALIFIERS], .5)
    for L, tops in TOPICS_L.items():
        T.body("chat_" + L, tops + TOPICS_EN[:8], 0.0, [], 1.0)
    W.chat_pairs["en"] = [T.pair(h, t, "chat_en", 5.9, .7) for h, t in CHAT_EN]
    for L, frames in CHAT_FR.items():
        W.chat_pairs[L] = [T.pair(h, t, "chat_" + L, 5.8, .7) for h, t in frames]
    order = rng.permutation(len(ref.awesome))
    W.aw_pairs = [T.pair(ref.awesome[i], "", "aw", 6.2, .6) for i in order]
    # promptsource templates: dataset family -> template indices
    W.tpl = ref.templates
    W.tpl_by_ds = {}
    for i, (ds, name, h, t) in enumerate(W.tpl):
        W.tpl_by_ds.setdefault(ds.split("/")[0], []).append(i)
    W.ds_names = sorted(W.tpl_by_ds)


def tpl_pair(W, i, head_fn=None, tail=None, bk="item", mu=None):
    ds, name, h, t = W.tpl[i]
    if head_fn:
        h = head_fn(h)
    short = len(t) < 40 and ("?" in h[-60:] or "answer" in (h + t).lower())
    return W.T.pair(h, t + (tail or ""), bk, mu if mu is not None else (4.2 if short else 5.4), .7)


def reword(h, rng, prefixes=PREFIXES):
    words = re.split(r"(\s+)", h)
    for i, w in enumerate(words):
        key = w.strip(".,?:;!")
        if key in SYN and rng.random() < .6:
            alt = SYN[key][rng.integers(len(SYN[key]))]
            words[i] = w.replace(key, alt)
    out = "".join(words)
    p = prefixes[rng.integers(len(prefixes))]
    if p and out[:1].isupper() and rng.random() < .5:
        out = out[0].lower() + out[1:]
    return p + out


def pick_tpls(W, k, families=None):
    if families is None:
        return list(W.rng.choice(len(W.tpl), size=k, replace=False))
    out = []
    for f in families:
        L = W.tpl_by_ds[f]
        out.extend(W.rng.choice(L, size=min(len(L), max(1, k // len(families))), replace=False).tolist())
    return out


# ----------------------------------------------------------------------------- benign cohorts

def split_groups(idx, lo, hi, rng):
    out, i = [], 0
    while i < len(idx):
        s = int(rng.integers(lo, hi + 1))
        if len(idx) - (i + s) < lo:
            s = len(idx) - i
        out.append(idx[i:i + s])
        i += s
    return out


def consumer_prompts(W, idx, chat=.6, aw=.3, task=.1, ntpl=2):
    W.w0[idx] = [chat, aw, task]
    for a in idx:
        W.tasks(a, [tpl_pair(W, t) for t in pick_tpls(W, ntpl)])


def b_solo(W, idx, mobile=False):
    rng = W.rng
    W.set_country(idx, W.cc(len(idx)))
    W.tier[idx] = rng.choice(4, size=len(idx), p=[.45, .5, .05, 0])
    W.created_before(idx, 1, 700)
    late = idx[rng.random(len(idx)) < .08]
    W.created[late] = (rng.uniform(0, W.D - 1, len(late)) * DAY_S * 1000).astype(np.int64)
    W.own_cards(idx)
    W.email[idx[rng.random(len(idx)) < .01]] = DISPOSABLE[int(rng.integers(len(DISPOSABLE)))]
    W.behave(idx, .3, .4, 4, 70, "day", 1.2, spread=.9)
    ev = idx[rng.random(len(idx)) < .4]
    W.prof[ev] = PROF_NAMES.index("evening")
    if not mobile:                       # power users: developers testing their own scripts, writers, researchers
        pw = idx[rng.random(len(idx)) < .05]
        W.tier[pw] = np.maximum(W.tier[pw], 1)
        W.own_cards([a for a in pw if not W.pay[a]])
        W.behave(pw, .6, 2, 18, 25, "day", .8, spread=.5)
    carrier_pools = {}
    for a in idx:
        c = W.country[a]
        key = (c, 0)
        if key not in carrier_pools:
            mob = COUNTRIES[c][3]
            carrier_pools[key] = [W.T.pool(W.A.asn(m, 120 if mobile else 60)) for m in mob]
        cp = carrier_pools[key][rng.integers(len(carrier_pools[key]))]
        hp, hm = W.home_pool(a)
        if mobile:
            if c == "US" and rng.random() < .5:
                cp = W.T.pool(W.A.v6("tmobile_us", 40)) if "tm6" not in carrier_pools else carrier_pools["tm6"]
                carrier_pools["tm6"] = cp
            elif c == "IN" and rng.random() < .5:
                cp = carrier_pools.setdefault("jio6", W.T.pool(W.A.v6("jio", 40)))
            W.ips(a, cp, PER_SESS, hp, hm, .25)
            W.ua1[a], W.ua2[a], W.p_ua2[a] = W.ua_mobile(), W.ua_browser(), .2
        else:
            W.ips(a, hp, hm, cp, PER_SESS, .12)
            if rng.random() < .55:
                W.ua1[a], W.ua2[a], W.p_ua2[a] = W.ua_sdk(), W.ua_browser(), .2
            else:
                W.ua1[a], W.ua2[a], W.p_ua2[a] = W.ua_browser(), W.ua_mobile(), .15
        W.nkeys[a] = 1 + int(rng.random() < .3)
    consumer_prompts(W, idx, .6, .28, .12)
    W.mw0[idx] = [.45, .4, .1, .05]
    W.csv_local[idx] = rng.random(len(idx)) < .5


def b_household(W, idx):
    rng = W.rng
    for g, m in enumerate(split_groups(idx, 2, 5, rng)):
        gid = f"hh-{W.token('', 8)}"
        W.group[m] = gid
        W.set_country(m, [W.cc(1)[0]] * len(m))
        W.tzm[m] = W.tzm[m[0]]
        W.created_before(m, 1, 500)
        W.tier[m] = rng.choice(2, size=len(m), p=[.3, .7])
        if rng.random() < .8:
            W.tier[m[0]] = 1
            tok = W.token("pm_")
            for a in m:
                if W.tier[a] > 0:
                    W.card(a, "credit", token=tok)
        else:
            W.own_cards(m)
        hp, hm = W.home_pool(m[0])
        mob = COUNTRIES[W.country[m[0]]][3]
        cp = W.T.pool(W.A.asn(mob[0], 30))
        W.ips(m, hp, hm, cp, PER_SESS, .2)
        for a in m:
            W.ua1[a], W.ua2[a], W.p_ua2[a] = W.ua_browser(), W.ua_mobile(), .3
        W.behave(m, .3, .4, 4, 70, "evening", 1.3, spread=.8)
        consumer_prompts(W, m, .6, .3, .1)
        W.csv_local[m] = rng.random() < .5


def b_company(W, idx, kind, used):
    rng = W.rng
    lo, hi = {"office_nat": (4, 40), "seat_invoice": (10, 150), "offsite_travel": (6, 25)}[kind]
    for m in split_groups(idx, lo, hi, rng):
        name, dom = company_name(rng, used)
        gid = f"co-{dom}"
        W.group[m] = gid
        c = W.cc(1)[0]
        W.set_country(m, [c] * len(m))
        W.tzm[m] = W.tzm[m[0]]
        W.email[m] = dom
        lib = [W.T.pair(("" if rng.random() < .5 else f"[{name} internal] ") + h, t, "cust", mu, .6)
               for h, t, mu in (COMPANY_TASKS[i] for i in rng.choice(len(COMPANY_TASKS), int(rng.integers(2, 6)),
                                                                        replace=False))]
        sdk = W.ua_sdk(int(rng.integers(0, 2)))
        if kind == "seat_invoice":
            W.org[m] = "org_" + W.token("", 10)
            W.tier[m] = 3
            inv = W.token("inv_", 12)
            for a in m:
                W.card(a, "invoice", c, token=inv)
            day0 = rng.uniform(30, 400)
            W.created_before(m, day0, day0 + 120)
            burst = m[rng.random(len(m)) < .6]
            W.created[burst] = -int(day0 * DAY_S * 1000) + (rng.uniform(0, 3600, len(burst)) * 1000).astype(np.int64)
            gw = W.T.pool(W.A.cidrs(W.ref.dc, int(rng.integers(2, 7))))
            hp = W.T.pool(W.A.asn(COUNTRIES[c][2][0], len(m)))
            W.ips(m, gw, PER_SESS, hp, STICKY_ACC, .1)
            W.behave(m, .55, 1.2, 5, 45, "office", .05)
        else:
            if rng.random() < .3:
                W.org[m] = "org_" + W.token("", 10)
            W.tier[m] = rng.choice([1, 2], size=len(m), p=[.8, .2])
            if rng.random() < .5 or kind == "offsite_travel":
                tok = W.token("pm_")
                for a in m:
                    W.card(a, "credit", c, token=tok)
            else:
                W.own_cards(m)
            W.created_before(m, 5, 600)
            office = W.T.pool(W.A.asn(COUNTRIES[c][2][rng.integers(len(COUNTRIES[c][2]))], int(rng.integers(1, 3))))
            hp = W.T.pool(W.A.asn(COUNTRIES[c][2][0], len(m)))
            W.ips(m, office, PER_SESS, hp, STICKY_ACC, .15)
            W.behave(m, .6, 1.0, 5, 50, "office", .05)
            if kind == "offsite_travel":
                d0 = int(rng.integers(0, max(1, W.D - 3)))
                while d0 % 7 >= 4 and W.D > 7:
                    d0 = int(rng.integers(0, max(1, W.D - 3)))
                nd = int(rng.integers(2, 4))
                hotel_asn = [13401, 8940, 47496][rng.integers(3)] if rng.random() < .5 else COUNTRIES[c][2][-1]
                hotel = W.T.pool(W.A.asn(hotel_asn, 1))
                W.sw_start[m] = (d0 * DAY_S - W.tzm[m[0]] * 60) * 1000
                W.sw_end[m] = ((d0 + nd) * DAY_S - W.tzm[m[0]] * 60) * 1000
                W.pool3[m], W.mode3[m] = hotel, STICKY_ACC
                W.pday[np.ix_(m, range(d0, min(W.D, d0 + nd)))] = .95
                W.smul[np.ix_(m, range(d0, min(W.D, d0 + nd)))] = 1.5
                ws = W.T.pair(WORKSHOP[rng.integers(len(WORKSHOP))], "", "cust", 5.7, .5)
                lib = lib + [ws] * 3
        for a in m:
            W.ua1[a], W.ua2[a], W.p_ua2[a] = sdk, W.ua_browser(), .4
            W.nkeys[a] = int(rng.integers(1, 4))
        W.w0[m] = [.45, .12, .43]
        W.tasks(m, lib)
        W.mw0[m] = [.5, .3, .1, .1]
        W.csv_local[m] = rng.random() < .6


def academic_asns(ref):
    out = []
    for a, n in ref.asnames.items():
        if re.search(r"\bUniversit|\bCollege\b|Institute of Technology", n) and n[-2:] in ("US", "GB", "DE", "CA", "AU", "IN", "BR", "FR"):
            if ref.has(int(a), 16384):
                out.append(int(a))
    return sorted(out)


def edu_domain(name, asn):
    handle = name.split(" ")[0].lower()
    handle = re.sub(r"(^as\d*-?|-as\d*$|-asn?\d*$|[^a-z0-9-])", "", handle).strip("-") or f"u{asn}"
    cc = name[-2:]
    return handle + {"US": ".edu", "GB": ".ac.uk", "AU": ".edu.au", "IN": ".ac.in", "BR": ".edu.br",
                     "CA": ".ca", "DE": ".de", "FR": ".fr"}.get(cc, ".edu")


def b_campus(W, idx):
    rng, ref = W.rng, W.ref
    acad = academic_asns(ref)
    W.campuses = []
    ncamp = max(1, len(idx) // 180)
    groups = np.array_split(idx, ncamp)
    course_tpls = pick_tpls(W, 6)
    for m in groups:
        asn = acad[rng.integers(len(acad))]
        name = ref.asnames.get(str(asn), f"AS{asn} University, US")
        cc = name[-2:] if name[-2:] in COUNTRIES else "US"
        W.set_country(m, [cc] * len(m))
        W.tzm[m] = W.tzm[m[0]]
        dom = edu_domain(name, asn)
        W.email[m] = dom
        W.group[m] = f"campus-{asn}"
        nat = W.T.pool(W.A.asn(asn, int(rng.integers(4, 17))))
        mob = W.T.pool(W.A.asn(COUNTRIES[cc][3][0], 60))
        W.ips(m, nat, PER_SESS, mob, PER_SESS, .25)
        W.tier[m] = rng.choice(2, size=len(m), p=[.7, .3])
        W.own_cards(m)
        W.created_before(m, 10, 900)
        fresh = m[rng.random(len(m)) < .35]          # term starts: sign-ups in the first week
        W.created[fresh] = (rng.uniform(-2, min(6, W.D - 1), len(fresh)) * DAY_S * 1000).astype(np.int64)
        for a in m:
            W.ua1[a], W.ua2[a], W.p_ua2[a] = W.ua_browser(), W.ua_mobile(), .3
        W.behave(m, .4, .6, 4, 60, "student", 1.0, spread=.8)
        W.w0[m] = [.5, .25, .25]
        ct = [tpl_pair(W, t) for t in course_tpls[: int(rng.integers(2, 5))]]
        W.tasks(m, ct)
        W.campuses.append((asn, nat, mob, dom, cc, m))
        W.csv_local[m] = rng.random() < .5


def b_classroom(W, idx):
    rng, ref = W.rng, W.ref
    schools = sorted(int(a) for a, n in ref.asnames.items()
                     if re.search(r"School District|Public Schools|K12", n) and ref.has(int(a)) and n[-2:] in ("US", "CA"))
    for m in split_groups(idx, 15, 35, rng):
        asn = schools[rng.integers(len(schools))]
        name = ref.asnames[str(asn)]
        cc = name[-2:]
        W.set_country(m, [cc] * len(m))
        W.tzm[m] = W.tzm[m[0]]
        W.group[m] = f"class-{asn}-{W.token('', 4)}"
        W.email[m] = "students." + edu_domain(name, asn).replace(".edu", ".k12.us")
        school = W.T.pool(W.A.asn(asn, int(rng.integers(1, 3))))
        homes = W.T.pool(W.A.asn(COUNTRIES[cc][2][rng.integers(len(COUNTRIES[cc][2]))], len(m) * 2))
        W.ips(m, school, PER_SESS, homes, STICKY_ACC, .9)
        W.anch_pool1[m] = True
        W.tier[m] = 0
        chrome = W.T.ua("Mozilla/5.0 (X11; CrOS x86_64 15917.71.0) AppleWebKit/537.36 (KHTML, like Gecko) "
                        f"Chrome/{int(rng.integers(124, 130))}.0.0.0 Safari/537.36")
        W.ua1[m], W.ua2[m], W.p_ua2[m] = chrome, W.ua_browser(), 0
        lesson_days = [d for d in range(W.D) if d % 7 in sorted(rng.choice(5, 2, replace=False))]
        hour = int(rng.integers(8, 14))
        start_min = lambda d: d * 1440 + hour * 60 - int(W.tzm[m[0]]) + int(rng.integers(0, 20))
        first = lesson_days[0] if lesson_days else 0
        if rng.random() < .6 and lesson_days:            # the class signs up during its first lesson in the window
            W.created[m] = (start_min(first) * 60 - 600 + rng.uniform(0, 2400, len(m))).astype(np.int64) * 1000
        else:
            W.created_before(m, 20, 60)
        W.behave(m, .12, .2, 3, 90, "evening", .6, spread=.5)
        for d in lesson_days:
            sm = start_min(d)
            W.pday[m, d] = .92
            W.anchor[m, d] = sm
            W.rmul[m, d] = 2.0
        W.anchor_delay[m] = 8
        sheet = W.T.pair(WORKSHEETS[rng.integers(len(WORKSHEETS))] if rng.random() < .7 else
                         W.aw_pairs and W.T.heads[W.T.pairs[W.aw_pairs[int(rng.integers(60))]][0]], "", "sheet", 5.9, .5)
        W.tasks(m, [sheet])
        W.w0[m] = [.25, .05, .7]
        W.mw0[m] = [.2, .8, 0, 0]


def b_vpn(W, idx):
    rng = W.rng
    W.set_country(idx, W.cc(len(idx)))
    W.tier[idx] = rng.choice(3, size=len(idx), p=[.6, .35, .05])
    W.created_before(idx, 1, 600)
    W.own_cards(idx)
    W.email[idx[rng.random(len(idx)) < .04]] = DISPOSABLE[3]      # privacy-minded people use throwaway addresses
    providers = [W.T.pool(W.A.cidrs(W.ref.vpn, int(rng.integers(30, 90)))) for _ in range(6)]
    tor = W.T.pool([W.T.ip(x) for x in rng.choice(W.ref.tor, size=min(300, len(W.ref.tor)), replace=False)])
    for a in idx:
        hp, hm = W.home_pool(a)
        p = tor if rng.random() < .08 else providers[rng.integers(6)]
        W.ips(a, p, PER_SESS, hp, hm, .1)
        W.ua1[a], W.ua2[a], W.p_ua2[a] = (W.ua_browser(), W.ua_sdk(), .3)
    W.behave(idx, .3, .5, 4, 60, "day", 1.2, spread=.8)
    consumer_prompts(W, idx, .6, .3, .1)
    W.csv_local[idx] = rng.random(len(idx)) < .3


def b_heavy(W, idx, used):
    rng = W.rng
    for k, a in enumerate(idx):
        name, dom = company_name(rng, used)
        W.set_country([a], ["US" if rng.random() < .5 else W.cc(1)[0]])
        W.email[a] = dom
        W.tier[a] = 3 if k % 3 == 2 else 2
        if W.tier[a] == 3:
            W.org[a] = "org_" + W.token("", 10)
            W.card(a, "invoice", token=W.token("inv_", 12))
        else:
            W.card(a, "credit")
        W.created_before([a], 60, 900)
        prov = ["amazon", "google", "microsoft"][rng.integers(3)]
        W.ips(a, W.T.pool(W.A.cidrs(W.ref.cloud[prov], int(rng.integers(2, 5)))), PER_REQ)
        W.ua1[a] = W.ua_sdk(int(rng.integers(0, 2)))
        lim = DAILY[TIERS[W.tier[a]]]
        W.behave([a], 1.0, 23, lim * .7 / 24, 1.1, "app", .8, regular=True, spread=0)
        lib = [W.T.pair(f"[{name}] " + h if rng.random() < .5 else h, t, "cust", mu, .5)
               for h, t, mu in (COMPANY_TASKS[i] for i in rng.choice(len(COMPANY_TASKS), 3, replace=False))]
        W.tasks(a, lib)
        W.w0[a] = [0, 0, 1]
        W.mw0[a] = [.2, .8, 0, 0]
        W.nkeys[a] = 3
        W.group[a] = ""


def b_saas(W, idx, used):
    rng = W.rng
    prods = list(SAAS)
    nprod = min(len(prods), max(2, len(idx) // 150))
    chosen = [prods[i] for i in rng.choice(len(prods), nprod, replace=False)]
    for pi, m in enumerate(np.array_split(idx, nprod)):
        pname = chosen[pi]
        ua, cloud, tpls = SAAS[pname]
        egress = W.T.pool(W.A.cidrs(W.ref.cloud[cloud], int(rng.integers(3, 9))))
        uai = W.T.ua(ua)
        W.group[m] = f"saas-{pname.lower()}"
        W.set_country(m, W.cc(len(m)))
        W.tier[m] = 1
        W.created_before(m, 1, 400)
        W.own_cards(m)
        W.ips(m, egress, PER_REQ)
        W.ua1[m] = uai
        W.behave(m, .6, 2.0, 6, 8, "office", .2)
        for a in m:
            co, dom = company_name(rng, used)
            if rng.random() < .7:
                W.email[a] = dom
            W.tasks(a, [W.T.pair(h.format(co=co), t, "cust", mu, .5) for h, t, mu in tpls])
        W.w0[m] = [.05, 0, .95]
        W.mw0[m] = [.3, .7, 0, 0]
        W.csv_local[m] = False


def b_eval(W, idx):
    rng = W.rng
    acad = academic_asns(W.ref)
    for m in split_groups(idx, 1, 6, rng):
        W.group[m] = f"lab-{W.token('', 6)}"
        W.set_country(m, [W.cc(1)[0]] * len(m))
        if rng.random() < .5:
            asn = acad[rng.integers(len(acad))]
            box = W.T.pool(W.A.asn(asn, int(rng.integers(1, 4))))
            W.email[m] = edu_domain(W.ref.asnames.get(str(asn), "u US"), asn)
        else:
            box = W.T.pool(W.A.cidrs(W.ref.cloud[["google", "microsoft", "oracle", "amazon"][rng.integers(4)]],
                                     int(rng.integers(1, 4))))
        W.ips(m, box, STICKY_DAY)
        W.tier[m] = 2
        W.own_cards(m, "credit")
        W.created_before(m, 10, 500)
        W.ua1[m] = W.T.ua(f"lm-eval-harness/0.4.{int(rng.integers(2, 6))} python-httpx/0.27.0")
        W.behave(m, .18, 2.0, 120, 1.5, "night", 1.0, regular=True, spread=.5)
        suite = pick_tpls(W, int(rng.integers(15, 60)))
        W.tasks(m, [tpl_pair(W, t) for t in suite])
        W.w0[m] = [0, 0, 1]
        W.mw0[m] = np.array([[.3, .2, .4, .1]])


def b_ghaction(W, idx):
    rng = W.rng
    gh = W.T.pool(W.A.cidrs(W.ref.cloud["github"], max(200, len(idx))))
    W.group[idx] = "gh-action-corvid-review"
    W.set_country(idx, W.cc(len(idx)))
    W.tier[idx] = 1
    W.created_before(idx, 1, 500)
    W.own_cards(idx)
    W.ips(idx, gh, PER_SESS)
    v1, v2 = W.T.ua("corvid-pr-review-action/3.2.0 (node20; github-actions)"), W.T.ua("corvid-pr-review-action/3.1.4 (node20; github-actions)")
    W.ua1[idx] = np.where(rng.random(len(idx)) < .8, v1, v2)
    W.behave(idx, .5, 1.5, 4, 3, "office", .25)
    W.regular[idx] = True
    W.tasks(idx, [W.T.pair(REVIEW[0], REVIEW[1], "diff", REVIEW[2], .5), W.T.pair(REVIEW2[0], REVIEW2[1], "diff", REVIEW2[2], .5)])
    W.w0[idx] = [0, 0, 1]
    W.mw0[idx] = [0, .3, 0, .7]


def b_kiosk(W, idx):
    rng, ref = W.rng, W.ref
    libs = sorted(int(a) for a, n in ref.asnames.items() if "Library" in n and ref.has(int(a)) and n[-2:] in ("US", "CA"))
    for m in split_groups(idx, 8, 40, rng):
        if rng.random() < .5 and libs:
            asn = libs[rng.integers(len(libs))]
            cc = ref.asnames[str(asn)][-2:]
        else:
            cc = ["US", "IN", "PH", "NG", "BR", "ID", "VN", "EG"][rng.integers(8)]
            asn = COUNTRIES[cc][2][rng.integers(len(COUNTRIES[cc][2]))]
        W.set_country(m, [cc] * len(m))
        W.tzm[m] = W.tzm[m[0]]
        W.group[m] = f"kiosk-{asn}-{W.token('', 4)}"
        W.ips(m, W.T.pool(W.A.asn(asn, 1)), STICKY_ACC)
        W.ua1[m] = W.T.ua("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                          f"Chrome/{int(rng.integers(110, 122))}.0.0.0 Safari/537.36 PublicKiosk/{int(rng.integers(2, 5))}.{int(rng.integers(0, 9))}")
        W.tier[m] = 0
        W.created_before(m, 1, 300)
        W.behave(m, 0, 0, 7, 75, "day", 1, spread=.3)
        W.sess_mean[m] = 0
        W.anchor_delay[m] = 1
        for d in range(W.D):
            if d % 7 == 6:
                continue
            k = min(len(m), int(rng.integers(2, 11)))
            who = rng.choice(m, k, replace=False)
            for j, a in enumerate(who):
                W.pday[a, d] = 1
                W.anchor[a, d] = d * 1440 + 10 * 60 - int(W.tzm[a]) + j * int(rng.integers(40, 55))
        W.w0[m] = [.55, .45, 0]
        W.csv_local[m] = rng.random() < .5


def b_annot(W, idx):
    rng = W.rng
    for m in split_groups(idx, 30, 120, rng):
        W.group[m] = f"task-{W.token('', 8)}"
        ccs = rng.choice(["IN", "PH", "NG", "VN", "US", "BR", "ID", "EG", "MY", "MX"], len(m))
        W.set_country(m, ccs)
        W.tier[m] = rng.choice(2, size=len(m), p=[.4, .6])
        for a in m:
            if W.tier[a]:
                W.card(a, str(rng.choice(["debit", "prepaid", "credit"], p=[.5, .3, .2])))
        W.created_before(m, 5, 700)
        for a in m:
            hp, hm = W.home_pool(a)
            W.ips(a, hp, hm)
            W.ua1[a] = W.ua_browser()
        W.behave(m, .15, .3, 3, 70, "day", 1, spread=.6)
        req_tz = int(rng.choice([-240, 60, 120]))
        posted = [d * 1440 + 9 * 60 - req_tz for d in range(W.D) if d % 7 in (0, 2, 4)]
        for pm in posted:
            d = pm // 1440
            on = m[rng.random(len(m)) < .75]
            W.pday[on, d] = 1
            W.anchor[on, d] = pm
            W.rmul[on, d] = 8
        W.anchor_delay[m] = 60
        W.gap[m] = 40
        t = pick_tpls(W, 1)[0]
        guideline = (f"Labelling guideline v{int(rng.integers(2, 6))} (task {W.group[m[0]][5:]}): follow the examples "
                     "exactly, one label per item.\n\n")
        W.tasks(m, [tpl_pair(W, t, head_fn=lambda h: guideline + h, mu=3.0)])
        W.w0[m] = [.2, .05, .75]
        W.mw0[m] = [.4, .6, 0, 0]
        W.csv_local[m] = rng.random() < .5


# ----------------------------------------------------------------------------- rings

def harvest_pairs(W, tpls, per_account_reword=False, prefixes=PREFIXES, cot=True, rng=None, tail=None):
    rng = rng or W.rng
    out = []
    for t in tpls:
        fn = (lambda h: reword(h, rng, prefixes)) if per_account_reword else None
        tl = tail if tail is not None else (COT[rng.integers(len(COT))] if cot else "")
        if per_account_reword and tl:
            tl = reword(tl, rng, [""])
        out.append(tpl_pair(W, t, head_fn=fn, tail=tl, bk="dense", mu=6.6 if cot else 4.5))
    return out


def ring_volume(W, m, tier, share, pday=.9):
    lim = DAILY[TIERS[tier]]
    per_day = lim * share
    n = len(m)
    if n > 30:                              # a big ring spreads its volume: each account does less
        per_day *= 30 / n
    return per_day


def r_setup(W, m, kind, rid, rng, used):
    n = len(m)
    W.is_ring[m] = True
    W.ring_id[m] = rid
    W.group[m] = rid
    W.cohort[m] = kind
    W.soph[m] = SOPH[kind]
    W.role[m] = "harvest"
    D = W.D
    if kind == "card_burst":
        W.set_country(m, ["US"] * n)
        W.email[m] = [DISPOSABLE[i] for i in rng.integers(0, 2, n)]
        W.tier[m] = 1
        toks = [W.token("pm_") for _ in range(1 if n <= 6 else 2)]
        for i, a in enumerate(m):
            W.card(a, "prepaid", "US", token=toks[i % len(toks)])
        t0 = rng.uniform(-5, min(3, D - 1)) * DAY_S * 1000
        W.created[m] = (t0 + rng.uniform(0, 1800, n) * 1000).astype(np.int64)
        blk = W.A.block(W.ref.cloud["digitalocean"], n)
        for i, a in enumerate(m):
            W.ips(a, W.T.pool([blk[i]]), STICKY_ACC)
        W.ua1[m] = W.T.ua("python-requests/2.32.3")
        per = ring_volume(W, m, 1, .75)
        W.behave(m, .97, 19, per / 20, 1.3, "flat", 1, regular=True, spread=0)
        W.tasks(m, harvest_pairs(W, pick_tpls(W, 2)))
        W.w0[m] = [0, 0, 1]
    elif kind == "vps_fleet":
        W.set_country(m, W.cc(n))
        W.tier[m] = 1
        for a in m:
            W.card(a, "prepaid", "GB")
        W.created_before(m, 0, 14)
        sub = W.A.sub22(W.ref.dc, max(4, n // 2 + 1))
        for a in m:
            W.ips(a, W.T.pool(list(rng.choice(sub, 2, replace=False))), STICKY_DAY)
        W.ua1[m] = W.T.ua("Python/3.11 aiohttp/3.9.5")
        per = ring_volume(W, m, 1, .4)
        W.behave(m, .95, 11, per / 12, 4, "flat", 1, regular=True, spread=.1)
        W.tasks(m, harvest_pairs(W, pick_tpls(W, int(rng.integers(3, 6)))))
        W.w0[m] = [0, 0, 1]
    elif kind == "v6_spray":
        W.set_country(m, ["US"] * n)
        W.email[m] = [["gmail.com", "outlook.com", "proton.me"][i] for i in rng.integers(0, 3, n)]
        W.tier[m] = 0
        W.created_before(m, 1, 60)
        spray = W.T.pool(W.A.v6("comcast", max(3000, 60 * n * D), within=56))
        W.ips(m, spray, PER_REQ)
        for a in m:
            W.ua1[a] = W.ua_browser()
        W.behave(m, .93, 3, 42 / 4, 20, "day", 1, spread=.08)
        tp = pick_tpls(W, 2)
        for a in m:
            W.tasks(a, harvest_pairs(W, tp, per_account_reword=True))
        W.w0[m] = [0, 0, 1]
    elif kind == "resi_rewriter":
        ccs = rng.choice(["US", "GB", "DE", "CA", "AU", "FR"], n)
        W.set_country(m, ccs)
        W.lang[m] = "en"
        W.tier[m] = 1
        W.own_cards(m, "credit")
        W.created_before(m, 30, 300)
        proxy = {c: W.T.pool(W.A.asn(COUNTRIES[c][2][rng.integers(len(COUNTRIES[c][2]))], max(40, 12 * n)))
                 for c in sorted(set(ccs))}
        for a in m:
            W.ips(a, proxy[W.country[a]], PER_SESS)
            W.ua1[a], W.ua2[a], W.p_ua2[a] = W.ua_sdk(), W.ua_browser(), .3
        per = ring_volume(W, m, 1, rng.uniform(.06, .12))
        W.behave(m, .85, 3, per / 4 / .85, 25, "day", .9, spread=.25)
        tp = pick_tpls(W, int(rng.integers(4, 9)))
        for a in m:
            W.tasks(a, harvest_pairs(W, tp, per_account_reword=True))
        W.w0[m] = [.3, .05, .65]
        W.csv_local[m] = rng.random(n) < .5
    elif kind == "follow_the_sun":
        ccs = [CC[(i + int(rng.integers(len(CC)))) % len(CC)] for i in range(n)]
        W.set_country(m, ccs)
        W.lang[m] = "en"
        for a in m:
            W.email[a] = COUNTRIES[W.country[a]][4][0] if COUNTRIES[W.country[a]][4][0] != "gmail.com" else COUNTRIES[W.country[a]][4][-1]
            W.ips(a, W.home_pool(a, 4)[0], STICKY_DAY)
        W.tier[m] = 1
        for a in m:
            W.card(a, "prepaid")
        wk = rng.uniform(20, 60)
        W.created_before(m, wk, wk + 6)
        W.ua1[m] = W.T.ua("corvid-python/0.9.1 CPython/3.9.18")
        per = ring_volume(W, m, 1, .12)
        W.behave(m, .9, 4, per / 5 / .9, 30, "office", .2, spread=.15)
        fams = list(rng.choice(W.ds_names, n, replace=n > len(W.ds_names)))
        for a, f in zip(m, fams):
            W.tasks(a, harvest_pairs(W, pick_tpls(W, 3, [f]), tail=SUN_TAIL))
        W.w0[m] = [.1, 0, .9]
        W.csv_local[m] = True
    elif kind == "aged_bought":
        W.set_country(m, W.cc(n))
        W.tier[m] = 1
        W.own_cards(m, "credit")
        W.created_before(m, 365, 1100)
        s = int(rng.integers(max(1, D // 5), max(2, D // 2)))
        sw = np.clip(s + rng.integers(-1, 2, n), 1, D - 1)
        W.sw_start[m] = sw * DAY_S * 1000 + rng.integers(0, 20 * 3600, n) * 1000
        vpnp = W.T.pool(W.A.cidrs(W.ref.vpn[rng.integers(len(W.ref.vpn)):][:40], 12))
        W.pool3[m], W.mode3[m] = vpnp, PER_SESS
        for a in m:
            hp, hm = W.home_pool(a)
            W.ips(a, hp, hm)
            W.ua1[a] = W.ua_browser()
        W.ua3[m] = W.T.ua("python-httpx/0.27.2")
        per = ring_volume(W, m, 1, .2)
        W.behave(m, .95, 9, per / 10, 8, "night", 1, spread=.15)
        for i, a in enumerate(m):
            W.pday[a, :sw[i]] = .3
            W.smul[a, :sw[i]] = 0
            W.rmul[a, :sw[i]] = .25
        W.w0[m] = [.7, .3, 0]
        W.w1[m] = [0, 0, 1]
        tp = pick_tpls(W, 5)
        for a in m:
            W.tasks(a, harvest_pairs(W, tp, per_account_reword=rng.random() < .5), which=1)
        W.mw1[m] = [.3, 0, .7, 0]
    elif kind == "front_company":
        name, dom = company_name(rng, used)
        c = ["US", "GB", "DE"][rng.integers(3)]
        W.set_country(m, [c] * n)
        W.tzm[m] = W.tzm[m[0]]
        W.email[m] = dom
        W.org[m] = "org_" + W.token("", 10)
        W.tier[m] = 3
        inv = W.token("inv_", 12)
        for a in m:
            W.card(a, "invoice", c, token=inv)
        t0 = rng.uniform(3, 25) * DAY_S * 1000
        W.created[m] = (-t0 + rng.uniform(0, 5400, n) * 1000).astype(np.int64)
        egress = W.T.pool(W.A.cidrs(W.ref.cloud["microsoft"], 2))
        W.ips(m, egress, PER_SESS)
        W.ua1[m] = W.T.ua("corvid-node/2.6.0 node/v20.11.1")
        per = ring_volume(W, m, 3, .025)
        W.behave(m, .95, 5, per / 6 / .95, 6, "office", .03, spread=.2)
        tp = pick_tpls(W, int(rng.integers(6, 11)))
        W.tasks(m, harvest_pairs(W, tp) + [W.T.pair(f"[{name} internal] " + COMPANY_TASKS[0][0], "", "cust", 5.6)])
        W.w0[m] = [.12, .03, .85]
    elif kind == "capability_split":
        W.set_country(m, W.cc(n))
        W.tier[m] = 1
        toks = [W.token("pm_") for _ in range(int(rng.integers(2, 4)))]
        for i, a in enumerate(m):
            W.card(a, "prepaid", "US", token=toks[i % len(toks)])
        t0 = rng.uniform(2, 30)
        W.created_before(m, t0, t0 + 2)
        vp = W.T.pool(W.A.cidrs(W.ref.vpn[rng.integers(len(W.ref.vpn)):][:30], 6))
        W.ips(m, vp, PER_SESS)
        W.ua1[m] = W.T.ua("python-httpx/0.27.0")
        per = ring_volume(W, m, 1, .3)
        W.behave(m, .95, 8, per / 9, 6, "flat", 1, spread=.15)
        fams = list(rng.choice(W.ds_names, n, replace=n > len(W.ds_names)))
        for a, f in zip(m, fams):
            W.tasks(a, harvest_pairs(W, pick_tpls(W, 3, [f])))
            j = int(rng.integers(4))
            W.mw0[a] = np.eye(4)[[2, 3, 0, 1][j]] * .8 + .05
        W.w0[m] = [0, 0, 1]
    elif kind == "campus_stowaway":
        camp = W.campuses[rng.integers(len(W.campuses))] if getattr(W, "campuses", None) else None
        if camp is None:
            acad = academic_asns(W.ref)
            asn = acad[rng.integers(len(acad))]
            cc = "US"
            nat, mob = W.T.pool(W.A.asn(asn, 8)), W.T.pool(W.A.asn(22394, 40))
            dom = edu_domain(W.ref.asnames.get(str(asn), "u US"), asn)
        else:
            asn, nat, mob, dom, cc, _ = camp
        W.set_country(m, [cc] * n)
        W.email[m] = dom
        W.tier[m] = 1
        for a in m:
            W.card(a, "prepaid", "HK")
        W.created[m] = (rng.uniform(-2, min(5, D - 1), n) * DAY_S * 1000).astype(np.int64)
        W.ips(m, nat, PER_SESS, mob, PER_SESS, .2)
        for a in m:
            W.ua1[a] = W.ua_browser()
        per = ring_volume(W, m, 1, .1)
        W.behave(m, .92, 4, per / 5 / .92, 20, "student", 1, spread=.15)
        tp = pick_tpls(W, 5)
        for a in m:
            W.tasks(a, harvest_pairs(W, tp, per_account_reword=True, prefixes=STUDY))
        W.w0[m] = [.15, .15, .7]
    elif kind == "grader_relay":
        W.set_country(m, W.cc(n))
        W.tier[m] = 1
        na = (n + 1) // 2
        ask, grd = m[:na], m[na:]
        W.role[grd] = "grader"
        W.role[ask] = "asker"
        for grp, cc_ in ((ask, "SG"), (grd, "AE")):
            toks = [W.token("pm_") for _ in range(max(1, len(grp) // 3))]
            for i, a in enumerate(grp):
                W.card(a, "prepaid", cc_, token=toks[i % len(toks)])
        t0 = rng.uniform(5, 40)
        W.created_before(ask, t0, t0 + 1)
        W.created_before(grd, t0 - 7, t0 - 6)
        la, lg = W.A.block(W.ref.cloud["linode"], len(ask)), W.A.block(W.ref.cloud["oracle"], max(1, len(grd)))
        for i, a in enumerate(ask):
            W.ips(a, W.T.pool([la[i]]), STICKY_ACC)
        for i, a in enumerate(grd):
            W.ips(a, W.T.pool([lg[i]]), STICKY_ACC)
        W.ua1[ask] = W.T.ua("python-httpx/0.27.0")
        W.ua1[grd] = W.T.ua("corvid-node/2.4.1 node/v18.19.0")
        per = ring_volume(W, m, 1, .25)
        W.behave(m, .95, 6, per / 7, 10, "flat", 1, spread=.15)
        tp = pick_tpls(W, 3)
        W.tasks(m, harvest_pairs(W, tp))
        W.w0[m] = [0, 0, 1]
        W.mw0[ask] = [.2, 0, .8, 0]
        W.mw0[grd] = [.7, 0, .3, 0]
    elif kind == "hydra_reseller":
        W.set_country(m, W.cc(n))
        W.tier[m] = rng.choice([0, 1], size=n, p=[.6, .4])
        paid = m[W.tier[m] == 1]
        toks = [W.token("pm_") for _ in range(max(1, len(paid) // 10))]
        for i, a in enumerate(paid):
            W.card(a, "prepaid", ["US", "GB", "SG"][i % 3], token=toks[i % len(toks)])
        W.email[m] = np.where(rng.random(n) < .15, DISPOSABLE[2], W.email[m])
        life = rng.integers(4, 13, n)
        start = rng.integers(-4, max(1, D - 2), n)
        W.first_day[m] = np.maximum(start, 0)
        W.last_day[m] = np.minimum(start + life, D - 1)
        wave = (start // 2) * 2
        W.created[m] = ((wave - 1) * DAY_S + rng.uniform(0, 3600, n) + (np.arange(n) // 20) * 0) * 1000
        W.created[m] = np.minimum(W.created[m], (np.maximum(start, 0) * DAY_S - 600) * 1000).astype(np.int64)
        gw = W.T.pool(W.A.cidrs(W.ref.cloud["oracle"], max(8, n // 20)) + W.A.cidrs(W.ref.cloud["linode"], max(8, n // 20)))
        W.ips(m, gw, PER_REQ)
        W.ua1[m] = W.T.ua("llm-gateway/0.6.11 (openai-compatible)")
        for a in m:
            W.ua2[a] = W.ua_browser()
        W.p_ua2[m] = .3
        for a in m:
            lim = DAILY[TIERS[W.tier[a]]]
            share = .7 if W.tier[a] == 0 else .25
            W.behave([a], .97, 6, lim * share * (30 / n) ** .3 / 7, 9, "app", 1, spread=.1)
        W.w0[m] = [.45, .15, .4]
        W.lang[m] = rng.choice(["en", "es", "pt", "id", "tr", "ko", "ja", "de", "fr"], n)
        W.tasks(m, harvest_pairs(W, pick_tpls(W, 6)))
    W.mw0[m] = W.mw0[m] if kind in ("capability_split", "grader_relay") else np.array([[.35, .05, .6, 0]])
    W.nkeys[m] = 1
    if kind not in ("resi_rewriter", "follow_the_sun"):
        W.csv_local[m] = False


# ----------------------------------------------------------------------------- ring sizes

def split_sizes(total, lo, hi, rng):
    sizes, rem = [], total
    if total <= 0:
        return sizes
    if total < lo:
        return [total]
    while rem > 0:
        if rem <= hi:
            sizes.append(rem)
            break
        s = int(rng.integers(lo, min(hi, rem - lo) + 1))
        sizes.append(s)
        rem -= s
    return sizes


def ring_plan(R, mode, rng):
    """list of (size, band)"""
    if mode == "small":
        return [(s, "small") for s in split_sizes(R, 3, 15, rng)]
    if mode == "mixed":
        big = int(round(.2 * R)) if R >= 61 else 0
        mid = int(round(.3 * R)) if R - big >= 16 + 3 else 0
        small = R - big - mid
        return ([(s, "large") for s in split_sizes(big, 61, 200, rng)] +
                [(s, "medium") for s in split_sizes(mid, 16, 60, rng)] +
                [(s, "small") for s in split_sizes(small, 3, 15, rng)])
    hyd = int(round(.75 * R)) if R >= 8 else R
    return [(hyd, "hydra")] + [(s, "small") for s in split_sizes(R - hyd, 3, 15, rng)]


# ----------------------------------------------------------------------------- events

def gen_events(W: World, rng):
    N, D = W.N, W.D
    wk = (np.arange(D) % 7) >= 5
    p = W.pday * np.where(wk[None, :], W.wkend[:, None], 1.0)
    dd = np.arange(D)
    inlife = (dd[None, :] >= W.first_day[:, None]) & (dd[None, :] <= W.last_day[:, None])
    act = (rng.random((N, D)) < p) & inlife
    a_i, d_i = np.nonzero(act)
    ns = 1 + rng.poisson(W.sess_mean[a_i] * W.smul[a_i, d_i])
    anch = W.anchor[a_i, d_i]
    s_a, s_d = np.repeat(a_i, ns), np.repeat(d_i, ns)
    S = len(s_a)
    first = np.zeros(S, bool)
    first[np.concatenate([[0], np.cumsum(ns)[:-1]])] = True
    s_anch = np.repeat(anch, ns)
    is_anch = first & (s_anch >= 0)
    prof = W.prof[s_a]
    u = rng.random(S)
    cum = (PROF_CUM + np.arange(len(PROF_NAMES))[:, None]).ravel()
    hour = np.searchsorted(cum, prof + 1e-9 + u * .999998) - prof * 24
    start = s_d * DAY_S + hour * 3600 + rng.random(S) * 3600 - W.tzm[s_a] * 60.0
    ad = W.anchor_delay[s_a[is_anch]]
    start[is_anch] = s_anch[is_anch] * 60.0 + rng.exponential(ad * 60.0) + rng.random(is_anch.sum()) * 60
    rm = W.req_mean[s_a] * W.rmul[s_a, s_d]
    nr = 1 + rng.poisson(np.maximum(rm - 1, 0))
    E = int(nr.sum())
    e_s = np.repeat(np.arange(S), nr)
    e_a = s_a[e_s]
    g = W.gap[e_a]
    gaps = np.where(W.regular[e_a], g * (1 + .1 * rng.standard_normal(E)), rng.exponential(g))
    gaps = np.maximum(gaps, .15)
    sstart = np.concatenate([[0], np.cumsum(nr)[:-1]])
    gaps[sstart] = 0
    cs = np.cumsum(gaps)
    t = start[e_s] + cs - np.repeat(cs[sstart], nr)
    ts = np.floor(t * 1000).astype(np.int64)
    keep = (ts >= 0) & (ts < D * DAY_S * 1000) & (ts >= W.created[e_a])
    return e_a[keep], ts[keep], e_s[keep], is_anch, E


def apply_limits(W, acc, ts, sess):
    o = np.lexsort((ts, acc))
    acc, ts, sess = acc[o], ts[o], sess[o]
    n0 = len(acc)
    tier = W.tier[acc]
    for unit, lim in ((60_000, MINUTE), (DAY_S * 1000, DAILY)):
        cap = np.array([lim[t] for t in TIERS])[tier]
        b = ts // unit
        n = len(acc)
        chg = np.ones(n, bool)
        chg[1:] = (acc[1:] != acc[:-1]) | (b[1:] != b[:-1])
        gs = np.maximum.accumulate(np.where(chg, np.arange(n), 0))
        k = (np.arange(n) - gs) < cap
        acc, ts, sess, tier = acc[k], ts[k], sess[k], tier[k]
    return acc, ts, sess, n0 - len(acc)


def pick(off, ln, flat, u):
    i = off + np.minimum((u * ln).astype(np.int64), np.maximum(ln - 1, 0))
    return flat[np.minimum(i, len(flat) - 1)]          # rows with an empty list are masked by the caller


def attributes(W, acc, ts, sess, is_anch, rng):
    T = W.T
    n = len(acc)
    day = ts // (DAY_S * 1000)
    # ---- addresses
    po, pl, pf = csr(T.pools)
    use2 = hash_u(sess, 11) < W.p2[acc]
    ap = W.anch_pool1[acc]
    use2 = np.where(ap, ~is_anch[sess], use2)
    pool = np.where(use2, W.pool2[acc], W.pool1[acc])
    mode = np.where(use2, W.mode2[acc], W.mode1[acc])
    sw = (ts >= W.sw_start[acc]) & (ts < W.sw_end[acc])
    pool = np.where(sw, W.pool3[acc], pool)
    mode = np.where(sw, W.mode3[acc], mode)
    u = np.select([mode == STICKY_ACC, mode == STICKY_DAY, mode == PER_SESS, mode == PER_REQ],
                  [hash_u(acc, 1), hash_u(acc, day, 2), hash_u(sess, 3), rng.random(n)], 0.0)
    ln = pl[pool]
    di = np.where(mode == DAY_IDX, day % np.maximum(ln, 1), np.minimum((u * ln).astype(np.int64), ln - 1))
    ip = pf[po[pool] + di]
    # ---- user agents
    ua = np.where(hash_u(sess, 5) < W.p_ua2[acc], W.ua2[acc], W.ua1[acc])
    ua = np.where((ts >= W.sw_start[acc]) & (W.ua3[acc] > 0), W.ua3[acc], ua)
    # ---- prompts: source per session (chat, awesome, task); phase 1 after a switch uses w1/tasks1
    ph = (ts >= W.sw_start[acc]) & (W.ua3[acc] > 0)
    w = np.where(ph[:, None], W.w1[acc], W.w0[acc])
    wc = np.cumsum(w, axis=1)
    us = hash_u(sess, 7) * wc[:, -1]
    src = (us[:, None] >= wc).sum(axis=1).clip(0, 2)
    P = np.array(T.pairs, dtype=np.float64)
    pair = np.zeros(n, np.int64)
    # chat
    langs = sorted(W.chat_pairs)
    lo_, ll_, lf_ = csr([W.chat_pairs[L] for L in langs])
    lang_i = np.array([langs.index(L) if L in W.chat_pairs else langs.index("en") for L in W.lang])
    la = lang_i[acc]
    uc = rng.random(n)
    pair = np.where(src == 0, pick(lo_[la], ll_[la], lf_, uc), pair)
    # awesome (Zipf-like popularity)
    aw = np.array(W.aw_pairs)
    za = np.minimum((len(aw) * rng.random(n) ** 2.4).astype(np.int64), len(aw) - 1)
    pair = np.where(src == 1, aw[za], pair)
    # tasks (sticky per session)
    t0o, t0l, t0f = csr(W.tasks0)
    t1o, t1l, t1f = csr(W.tasks1)
    ut = hash_u(sess, 9)
    has0, has1 = t0l[acc] > 0, t1l[acc] > 0
    tp0 = np.where(has0, pick(t0o[acc], t0l[acc], t0f if len(t0f) else np.zeros(1, np.int64), ut), 0)
    tp1 = np.where(has1, pick(t1o[acc], t1l[acc], t1f if len(t1f) else np.zeros(1, np.int64), ut), 0)
    tp = np.where(ph & has1, tp1, tp0)
    notask = (src == 2) & ~np.where(ph, has1, has0)
    pair = np.where(src == 2, tp, pair)
    pair = np.where(notask, aw[za], pair)
    head, tail, bk = P[pair, 0].astype(np.int64), P[pair, 1].astype(np.int64), P[pair, 2].astype(np.int64)
    mu, sig = P[pair, 3], P[pair, 4]
    B = np.array(T.bk_rows, dtype=np.float64)
    o1, l1, e1, o2, l2, e2 = (B[bk, i] for i in range(6))
    m1 = np.where((rng.random(n) < e1) | (l1 == 0), 0, o1 + np.minimum(rng.random(n) * l1, l1 - 1)).astype(np.int64)
    m2 = np.where((rng.random(n) < e2) | (l2 == 0), 0, o2 + np.minimum(rng.random(n) * l2, l2 - 1)).astype(np.int64)
    # ---- models and tokens
    mw = np.where(ph[:, None], W.mw1[acc], W.mw0[acc])
    mc = np.cumsum(mw, axis=1)
    model = (rng.random(n)[:, None] * mc[:, -1:] >= mc).sum(axis=1).clip(0, 3)
    tok = np.exp(mu + sig * rng.standard_normal(n)) * np.where(model == 2, 1.8, 1.0)
    tok = np.clip(np.round(tok), 1, 16384).astype(np.int64)
    return dict(ip=ip, ua=ua, head=head, tail=tail, m1=m1, m2=m2, model=model, tok=tok, src=src)


def grader_relay_fix(W, acc, ts, at, rng):
    """graders quote an asker's item from the same ring, asked before."""
    T = W.T
    for rid in sorted(set(W.ring_id[(W.cohort == "grader_relay")])):
        mem = np.nonzero(W.ring_id == rid)[0]
        ask = mem[W.role[mem] == "asker"]
        grd = mem[W.role[mem] == "grader"]
        ia = np.nonzero(np.isin(acc, ask))[0]
        ig = np.nonzero(np.isin(acc, grd))[0]
        if len(ia) == 0 or len(ig) == 0:
            continue
        lag = (rng.exponential(90 * 60, len(ig)) * 1000).astype(np.int64) + 60_000
        j = np.searchsorted(ts[ia], ts[ig] - lag, side="right") - 1
        j = np.where(j < 0, 0, j)
        src = ia[j]
        gh = {}
        heads = np.empty(len(ig), np.int64)
        for k, (h, s) in enumerate(zip(at["head"][src], src)):
            key = (int(h), k % 2)
            if key not in gh:
                gh[key] = T.head(GRADER_HEAD[k % 2] + T.heads[int(h)])
            heads[k] = gh[key]
        at["head"][ig] = heads
        at["m1"][ig], at["m2"][ig] = at["m1"][src], at["m2"][src]
        gt = [T.tail("\n\nDraft answer: " + s + "\n\nNow grade it and rewrite it.") for s in W.ref.sents[:400]]
        at["tail"][ig] = np.array(gt)[rng.integers(0, len(gt), len(ig))]
        at["tok"][ig] = np.clip(np.round(np.exp(6.8 + .4 * rng.standard_normal(len(ig)))), 1, 16384).astype(np.int64)


# ----------------------------------------------------------------------------- main

def build(args, quiet):
    t0 = time.time()
    ref = Ref(data_root())
    log(f"reference data read ({len(ref.templates)} templates, {len(ref.awesome)} prompts) in {time.time() - t0:.1f}s", quiet)
    ss = np.random.SeedSequence([27, args.seed])
    r_world, r_ev, r_attr, r_ids = (np.random.default_rng(s) for s in ss.spawn(4))
    N, D = args.accounts, args.days
    W = World(N, D, r_world, ref)
    build_text(W)
    rng = W.rng
    R = int(round(args.ring_share * N))
    perm = rng.permutation(N)
    ring_idx, ben = perm[:R], perm[R:]
    # benign split
    nb = len(ben)
    counts = {k: int(round(v * nb)) for k, v in BENIGN_SHARES.items()}
    counts["heavy_app"] = max(1, int(round(N / 4000)))
    counts["solo_home"] = nb - sum(counts.values())
    if counts["solo_home"] < 0:
        raise SystemExit("too few accounts")
    used = set()
    pos = 0
    order = ["solo_home", "mobile_cgnat", "household", "office_nat", "seat_invoice", "campus_dorm", "classroom",
             "vpn_user", "heavy_app", "saas_byok", "eval_runner", "gh_action_bot", "library_kiosk",
             "crowd_annotators", "offsite_travel"]
    for c in order:
        m = np.sort(ben[pos:pos + counts[c]])
        pos += counts[c]
        if len(m) == 0:
            continue
        W.cohort[m] = c
        W.role[m] = "member"
        {"solo_home": lambda: b_solo(W, m), "mobile_cgnat": lambda: b_solo(W, m, mobile=True),
         "household": lambda: b_household(W, m), "office_nat": lambda: b_company(W, m, "office_nat", used),
         "seat_invoice": lambda: b_company(W, m, "seat_invoice", used), "campus_dorm": lambda: b_campus(W, m),
         "classroom": lambda: b_classroom(W, m), "vpn_user": lambda: b_vpn(W, m),
         "heavy_app": lambda: b_heavy(W, m, used), "saas_byok": lambda: b_saas(W, m, used),
         "eval_runner": lambda: b_eval(W, m), "gh_action_bot": lambda: b_ghaction(W, m),
         "library_kiosk": lambda: b_kiosk(W, m), "crowd_annotators": lambda: b_annot(W, m),
         "offsite_travel": lambda: b_company(W, m, "offsite_travel", used)}[c]()
    # rings
    plan = ring_plan(R, args.ring_sizes, rng)
    rings = []
    cyc = {b: list(rng.permutation(BAND_KINDS[b])) for b in BAND_KINDS}
    cnt = {b: 0 for b in BAND_KINDS}
    pos = 0
    for i, (size, band) in enumerate(plan):
        if band == "hydra":
            kind = "hydra_reseller"
        else:
            kind = cyc[band][cnt[band] % len(cyc[band])]
            cnt[band] += 1
        m = np.sort(ring_idx[pos:pos + size])
        pos += size
        rid = f"ring-{i + 1:03d}"
        r_setup(W, m, kind, rid, rng, used)
        sig, ev = RING_DOC[kind]
        rings.append({"ring_id": rid, "kind": kind, "size": int(size), "band": band, "sophistication": SOPH[kind],
                      "signals_kept": sig, "evasions": ev})
    W.lifetime()
    log(f"world built ({len(W.T.ips)} addresses, {len(W.T.heads)} prompt heads) in {time.time() - t0:.1f}s", quiet)
    acc, ts, sess, is_anch, E0 = gen_events(W, r_ev)
    acc, ts, sess, refused = apply_limits(W, acc, ts, sess)
    o = np.lexsort((acc, ts))
    acc, ts, sess = acc[o], ts[o], sess[o]
    at = attributes(W, acc, ts, sess, is_anch, r_attr)
    grader_relay_fix(W, acc, ts, at, r_attr)
    log(f"{len(acc):,} events ({refused:,} refused by limits) in {time.time() - t0:.1f}s", quiet)
    # ids
    alphabet = np.array(list("abcdefghijkmnpqrstuvwxyz23456789"))
    while True:
        ids = ["acct_" + "".join(r) for r in alphabet[r_ids.integers(0, len(alphabet), (N, 10))]]
        if len(set(ids)) == N:
            break
    ids = np.array(ids, dtype=object)
    return W, ids, acc, ts, sess, at, rings, refused, t0


def write(args, W, ids, acc, ts, at, rings, refused, t0, quiet):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    T = W.T
    N = W.N
    acc_a = pa.array(ids.tolist(), pa.string()).take(pa.array(acc))
    ts_abs = ts + START_MS
    pay_tab = pa.array([p if p else None for p in W.pay], pa.string())
    cols = {"account_id": acc_a,
            "timestamp": pa.array(ts_abs, pa.timestamp("ms", tz="UTC")),
            "ip": pa.array(T.ips, pa.string()).take(pa.array(at["ip"])),
            "payment_method": pay_tab.take(pa.array(acc))}
    heads, tails = pa.array(T.heads, pa.string()), pa.array(T.tails, pa.string())
    m1, m2 = pa.array(T.m1, pa.string()), pa.array(T.m2, pa.string())
    chunks = []
    for i in range(0, len(acc), 500_000):          # chunks: one string array must stay under 2 GB
        sl = slice(i, i + 500_000)
        chunks.append(pc.utf8_trim_whitespace(pc.binary_join_element_wise(
            heads.take(pa.array(at["head"][sl])), m1.take(pa.array(at["m1"][sl])), m2.take(pa.array(at["m2"][sl])),
            tails.take(pa.array(at["tail"][sl])), "")))
    cols["prompt"] = pa.chunked_array(chunks, pa.string())
    if not args.minimal:
        cols["user_agent"] = pa.array(T.uas, pa.string()).take(pa.array(at["ua"]))
        cols["output_tokens"] = pa.array(at["tok"], pa.int64())
        cols["model"] = pa.array(MODELS, pa.string()).take(pa.array(at["model"]))
        kb = np.concatenate([[0], np.cumsum(W.nkeys)[:-1]])
        r = np.random.default_rng(np.random.SeedSequence([27, args.seed, 99]))
        keys = pa.array(["key_" + "".join("0123456789abcdef"[i] for i in row) for row in
                         r.integers(0, 16, (int(W.nkeys.sum()), 12))], pa.string())
        ki = kb[acc] + (hash_u(acc, ts // (DAY_S * 1000 * 7), 13) * W.nkeys[acc]).astype(np.int64).clip(0, W.nkeys[acc] - 1)
        cols["api_key_id"] = keys.take(pa.array(ki))
    names = MINIMAL_COLS if args.minimal else EVENT_COLS
    tab = pa.table({k: cols[k] for k in names})
    if args.format == "csv":
        off = W.tzm[acc] * np.where(W.csv_local[acc], 1, 0)
        local = pa.array(ts_abs + off * 60_000, pa.timestamp("ms"))
        base = pc.strftime(local, format="%Y-%m-%dT%H:%M:%S")
        suf_tab = {}
        suf = np.empty(len(acc), object)
        offs = np.unique(off)
        for o_ in offs:
            suf_tab[o_] = "Z" if o_ == 0 else f"{'+' if o_ > 0 else '-'}{abs(o_) // 60:02d}:{abs(o_) % 60:02d}"
        sidx = np.searchsorted(offs, off)
        sarr = pa.array([suf_tab[o_] for o_ in offs], pa.string()).take(pa.array(sidx))
        tab = tab.set_column(1, "timestamp", pc.binary_join_element_wise(base, sarr, ""))
        pacsv.write_csv(tab, out / "events.csv", pacsv.WriteOptions(quoting_style="needed"))
        for f in ("events.parquet",):
            (out / f).unlink(missing_ok=True)
    else:
        pq.write_table(tab, out / "events.parquet", compression="zstd", row_group_size=1_000_000)
        (out / "events.csv").unlink(missing_ok=True)
    # accounts and truth
    created = pd.to_datetime(W.created + START_MS, unit="ms", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ")
    accdf = pd.DataFrame({"account_id": ids, "created_at": created, "payment_method": W.pay,
                          "email_domain": W.email, "country": W.country, "org_id": W.org,
                          "plan": [TIERS[t] for t in W.tier], "card_funding": W.funding, "card_country": W.card_cc})
    o = np.argsort(ids.astype(str), kind="stable")
    accdf = accdf.iloc[o]
    accdf[["account_id", "payment_method"] if args.minimal else ACCOUNT_COLS].to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    truth = pd.DataFrame({"account_id": ids, "is_ring": np.where(W.is_ring, "true", "false"), "ring_id": W.ring_id,
                          "cohort": W.cohort, "group_id": W.group, "tier": [TIERS[t] for t in W.tier],
                          "sophistication": W.soph, "role": W.role}).iloc[o]
    truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    # world.json
    ev_per_acc = np.bincount(acc, minlength=N)
    cohorts = {}
    for c in BENIGN + RING_KINDS:
        m = W.cohort == c
        if m.sum() == 0:
            continue
        cohorts[c] = {"kind": "ring" if c in RING_KINDS else "benign", "accounts": int(m.sum()),
                      "events": int(ev_per_acc[m].sum()),
                      "groups": int(len(set(W.group[m]) - {""})),
                      "what": COHORT_DOC.get(c) or "; ".join(RING_DOC[c][1])}
    ben = ~W.is_ring
    gacc = ben & np.isin(W.cohort, sorted(GROUPED)) & (W.group != "")
    ipv6 = np.char.find(np.array(T.ips, dtype=str), ":") >= 0
    meta = {
        "world": "world27", "platform": {"name": PLATFORM, "tiers": TIERS, "daily_limits": DAILY,
                                         "minute_limits": MINUTE, "limit_clock": "UTC day and UTC minute per account",
                                         "models": MODELS, "refused_requests_logged": False},
        "params": {"accounts": N, "seed": args.seed, "ring_share": args.ring_share, "ring_sizes": args.ring_sizes,
                   "days": W.D, "start": START, "minimal": args.minimal, "format": args.format},
        "counts": {"accounts": N, "ring_accounts": int(W.is_ring.sum()), "rings": len(rings),
                   "benign_accounts": int(ben.sum()), "benign_group_accounts": int(gacc.sum()),
                   "benign_groups": int(len(set(W.group[gacc]))),
                   "events": int(len(acc)), "ring_events": int(ev_per_acc[W.is_ring].sum()),
                   "refused_requests_not_logged": int(refused), "distinct_ips": int(len(np.unique(at["ip"]))),
                   "ipv6_events": int(ipv6[at["ip"]].sum()), "accounts_without_events": int((ev_per_acc == 0).sum())},
        "cohorts": cohorts, "rings": rings,
        "reference_data": {"root": str(W.ref.root), "files": dict(sorted(W.ref.files.items()))},
        "generator_sha256": hashlib.sha256(HERE.read_bytes()).hexdigest(),
        "generation_seconds": round(time.time() - t0, 1),
    }
    (out / "world.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    log(f"written to {out} in {time.time() - t0:.1f}s", quiet)
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
    if args.days < 1 or args.accounts < 100 or not 0 <= args.ring_share < .5:
        ap.error("need --days >= 1, --accounts >= 100, 0 <= --ring-share < 0.5")
    W, ids, acc, ts, sess, at, rings, refused, t0 = build(args, args.quiet)
    meta = write(args, W, ids, acc, ts, at, rings, refused, t0, args.quiet)
    if not args.quiet:
        c = meta["counts"]
        print(f"world27: {c['accounts']} accounts, {c['ring_accounts']} ring accounts in {c['rings']} rings, "
              f"{c['events']:,} events -> {args.out}")


if __name__ == "__main__":
    main()
