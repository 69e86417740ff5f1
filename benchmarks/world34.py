#!/usr/bin/env python3
"""World 34 ("Larkspur"): a blind test world of distillation rings on a fictional 2026 LLM API platform.

Standalone (numpy, pandas, pyarrow; never imports graphhunt). Reads real reference text and IP ranges from
$GRAPHHUNT_SHARED_DATA (default /work/shared/data) and writes into --out:
  events.<parquet|csv|jsonl|jsonl.gz>, accounts.csv, truth.csv, world.json.
The same arguments give byte-identical files (whatever PYTHONHASHSEED). See docs/WORLD34.md.

    python benchmarks/world34.py --out DIR --n-accounts 20000 --seed 1 --world small --minimal
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
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

SHARED = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", "/work/shared/data"))
START = pd.Timestamp("2026-11-02T00:00:00Z")            # a Monday
START_MS = START.value // 1_000_000
DAY = 86_400_000
HOUR = 3_600_000
MIN = 60_000

EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "api_key_id",
              "model"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role", "region",
              "events"]

# plans: hard per-account limits per UTC minute and per UTC day (refused requests are not logged)
DAILY = {"free": 60, "starter": 1500, "team": 8000, "growth": 40000, "enterprise": 200000}
MINUTE = {"free": 5, "starter": 30, "team": 150, "growth": 500, "enterprise": 2000}
MODELS = ["lk-2", "lk-2-mini", "lk-2-reason", "lk-2-code"]

# regions: country, UTC offset (minutes; no summer-time change inside November except where noted: none), home ISP
# ASNs, mobile carrier ASNs, university ASNs, an IPv6 /32 of my own choosing (global unicast), languages
REGIONS = {
    "us_east": dict(c="US", off=-300, isp=[7922, 7018, 701, 20115], mob=[22394, 21928], uni=[3], v6="2601:1c2", lang="en"),
    "us_west": dict(c="US", off=-480, isp=[7922, 7018, 20115], mob=[22394, 21928], uni=[32, 25], v6="2600:387a", lang="en"),
    "uk": dict(c="GB", off=0, isp=[2856, 5089], mob=[1273], uni=[786], v6="2a00:23c6", lang="en"),
    "de": dict(c="DE", off=60, isp=[3320, 3209], mob=[3209], uni=[680, 12816], v6="2003:e6", lang="de"),
    "fr": dict(c="FR", off=60, isp=[3215], mob=[3215], uni=[], v6="2a01:cb14", lang="fr"),
    "jp": dict(c="JP", off=540, isp=[4713, 2516, 17676], mob=[2516], uni=[2501], v6="240b:10", lang="ja"),
    "in": dict(c="IN", off=330, isp=[9498, 55836], mob=[45609], uni=[], v6="2401:4900", lang="hi"),
    "br": dict(c="BR", off=-180, isp=[18881, 27699], mob=[27699], uni=[], v6="2804:14d", lang="pt"),
    "mx": dict(c="MX", off=-360, isp=[8151, 28509], mob=[8151], uni=[], v6="2806:103e", lang="es"),
    "au": dict(c="AU", off=660, isp=[1221, 4804], mob=[1221], uni=[], v6="2403:5800", lang="en"),
    "ng": dict(c="NG", off=60, isp=[29465, 36873], mob=[29465], uni=[], v6="2c0f:f5c0", lang="en"),
    "sg": dict(c="SG", off=480, isp=[9506, 7473], mob=[7473], uni=[], v6="2406:3003", lang="en"),
}
RNAMES = list(REGIONS)
RWEIGHT = np.array([18, 12, 8, 9, 6, 7, 12, 8, 5, 4, 4, 3], float)
RWEIGHT /= RWEIGHT.sum()
MAIL = {"US": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"], "GB": ["gmail.com", "btinternet.com", "outlook.com"],
        "DE": ["gmx.de", "web.de", "gmail.com", "t-online.de"], "FR": ["orange.fr", "gmail.com", "free.fr"],
        "JP": ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"], "IN": ["gmail.com", "rediffmail.com", "yahoo.in"],
        "BR": ["gmail.com", "uol.com.br", "hotmail.com"], "MX": ["gmail.com", "hotmail.com", "prodigy.net.mx"],
        "AU": ["gmail.com", "bigpond.com", "outlook.com"], "NG": ["gmail.com", "yahoo.com"],
        "SG": ["gmail.com", "singnet.com.sg"]}
DISPOSABLE = ["mailinator.com", "guerrillamail.com", "10minutemail.com", "sharklasers.com", "yopmail.com",
              "temp-mail.org", "dispostable.com"]
UA_BROWSER = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
              "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
              "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"]
UA_SDK = ["larkspur-python/1.9.2", "larkspur-python/1.8.4", "larkspur-node/2.3.0", "larkspur-go/0.7.1",
          "python-httpx/0.27.2", "curl/8.5.0", "python-requests/2.32.3"]
UA_MOBILE = ["LarkspurChat/5.1.0 (iPhone; iOS 18.1; Scale/3.00)", "LarkspurChat/5.1.0 (Android 15; Pixel 8)",
             "LarkspurChat/5.0.3 (Android 14; SM-S921B)", "LarkspurChat/5.1.0 (iPhone; iOS 17.6.1; Scale/3.00)"]
UA_CI = "larkspur-python/1.9.2 (ci: github-actions; ubuntu-24.04)"
UA_TUTORIAL = "python-requests/2.31.0"
UA_SWITCHYARD = "Switchyard-Gateway/3.4 (+https://switchyard.example/relay)"
UA_HYDRA = "litellm/1.52.6"
COT = ["Think step by step and show your reasoning before the final answer.",
       "Explain your reasoning in full, step by step, then state the answer.",
       "Let's work through this carefully, one step at a time.",
       "Before answering, write out your complete chain of thought."]
LANG_TASKS = {   # polyglot ring: four tasks, each written in six languages (my own wording); {x} is the item
    "es": ["Clasifica el sentimiento del siguiente texto como positivo, negativo o neutro y explica por qué:\n{x}",
           "Resume el siguiente texto en tres frases:\n{x}",
           "Responde a la pregunta razonando paso a paso: {x}",
           "Reescribe el siguiente texto de forma más formal:\n{x}"],
    "de": ["Klassifiziere die Stimmung des folgenden Textes als positiv, negativ oder neutral und begründe:\n{x}",
           "Fasse den folgenden Text in drei Sätzen zusammen:\n{x}",
           "Beantworte die Frage und denke Schritt für Schritt: {x}",
           "Formuliere den folgenden Text förmlicher:\n{x}"],
    "fr": ["Classe le sentiment du texte suivant comme positif, négatif ou neutre et explique pourquoi :\n{x}",
           "Résume le texte suivant en trois phrases :\n{x}",
           "Réponds à la question en raisonnant étape par étape : {x}",
           "Réécris le texte suivant dans un registre plus formel :\n{x}"],
    "pt": ["Classifique o sentimento do texto a seguir como positivo, negativo ou neutro e explique:\n{x}",
           "Resuma o texto a seguir em três frases:\n{x}",
           "Responda à pergunta raciocinando passo a passo: {x}",
           "Reescreva o texto a seguir de forma mais formal:\n{x}"],
    "ja": ["次の文章の感情を肯定・否定・中立に分類し、理由を説明してください：\n{x}",
           "次の文章を三文で要約してください：\n{x}",
           "段階的に考えて質問に答えてください：{x}",
           "次の文章をより丁寧な文体に書き直してください：\n{x}"],
    "hi": ["निम्नलिखित पाठ की भावना को सकारात्मक, नकारात्मक या तटस्थ में वर्गीकृत करें और कारण बताएँ:\n{x}",
           "निम्नलिखित पाठ का तीन वाक्यों में सारांश दें:\n{x}",
           "चरण दर चरण सोचकर प्रश्न का उत्तर दें: {x}",
           "निम्नलिखित पाठ को अधिक औपचारिक ढंग से फिर से लिखें:\n{x}"],
}
LANG_REGION = {"es": "mx", "de": "de", "fr": "fr", "pt": "br", "ja": "jp", "hi": "in"}
LOCAL_CHAT = {   # benign people sometimes ask in their own language
    "de": "Kannst du mir bitte dabei helfen? ", "fr": "Peux-tu m'aider avec ceci ? ", "ja": "これについて手伝ってください。",
    "hi": "कृपया इसमें मेरी मदद करें। ", "pt": "Você pode me ajudar com isso? ", "es": "¿Me ayudas con esto? "}
CRON_TOPICS = ["artificial intelligence", "climate", "football", "the stock market", "cryptocurrency", "space",
               "cybersecurity", "electric vehicles", "local politics", "startups", "gaming", "health research",
               "formula 1", "open source", "semiconductors"]

BENIGN_SHARES = {
    "hobbyist": 14, "indie_dev": 5, "vpn_user": 3, "carrier_mobile": 7, "household": 8, "office_nat": 12, "campus": 7,
    "heavy_app": .5, "hackathon": 5, "swg_enterprise": 9, "licensed_synth": 2, "licensed_aggregator": 7,
    "ci_regression": 4, "coworking": 6, "tutorial_cron": 6}
RING_KINDS = ["card_pool", "resi_proxy", "hydra_reseller", "cot_harvest", "relay_fresh", "aged_market",
              "serverless_egress", "broad_curriculum", "cron_sync", "polyglot", "model_spread", "chat_camouflage",
              "ci_stowaway"]
SOPH = {"card_pool": "crude", "cot_harvest": "crude", "resi_proxy": "mid", "relay_fresh": "mid",
        "serverless_egress": "mid", "polyglot": "mid", "model_spread": "mid", "ci_stowaway": "mid",
        "hydra_reseller": "careful", "aged_market": "careful", "broad_curriculum": "careful", "cron_sync": "careful",
        "chat_camouflage": "careful"}
KIND_DOC = {   # signals kept, evasions (*new*: not in worlds 29-33; *invented*: my own idea)
    "card_pool": (["1-3 shared cards", "sign-up burst", "4-6 datacenter addresses", "one dataset"], ["per-account rate under the limit"]),
    "resi_proxy": (["two datasets' templates", "browser user agents"], ["residential exit per session in three countries", "own cards"]),
    "hydra_reseller": (["relay address pool", "relay user agent", "three datasets with CoT"],
                       ["resold end-user chat mixed in", "sign-up waves over months", "own payments across processors"]),
    "cot_harvest": (["reasoning model", "CoT suffix on every request", "2-3 hosting addresses", "one dataset"], ["under the limit"]),
    "relay_fresh": (["one item stream continued across accounts", "one dataset", "disposable mail"],
                    ["*new* relay of short-lived accounts: each used 1-3 days, then abandoned; the next one signs up minutes before"]),
    "aged_market": (["one handover day", "ring proxies after it", "templates after it"],
                    ["*new* aged accounts bought on a market: months-old accounts of different previous owners (countries, cards, mail), their ordinary use before the handover"]),
    "serverless_egress": (["two datasets' templates", "one SDK build"],
                          ["*new* serverless egress: a new cloud-function address per request across four clouds"]),
    "broad_curriculum": (["one shared item pool, never an item twice", "distinct templates per account"],
                         ["*new* broad curriculum: 40-70 templates over 20-35 datasets, each template used by at most two accounts"]),
    "cron_sync": (["one scheduler: the same UTC minutes with seconds of jitter"],
                  ["*new* shares only a synchronized schedule: own templates, cards, homes, user agents per account"]),
    "polyglot": (["the same four tasks", "shared English items"],
                 ["*new* prompts translated into six languages, each account in its language with a locality-matched exit"]),
    "model_spread": (["templates of two datasets", "4-6 cloud addresses"],
                     ["*new* varies the model parameter per request across all four models"]),
    "chat_camouflage": (["the harvest turn's templates"],
                        ["*invented* harvest hidden as the last turn of chat-message lists opened by ordinary conversation"]),
    "ci_stowaway": (["cron every 6 h with the CI queue's delay", "one dataset"],
                    ["*invented* harvest jobs on GitHub-hosted CI runners, the addresses and CI user agent of real companies' regression suites"]),
}


# ------------------------------------------------------------------------------------------------ reference data

class Ref:
    """The shared reference data the generator reads (and each file's sha256)."""

    def __init__(self, root: Path = SHARED):
        self.root = Path(root)
        self.files: dict[str, str] = {}
        aw = pd.read_csv(self._f("prompts/awesome-chatgpt-prompts.csv"), dtype=str, keep_default_na=False)["prompt"]
        aw = [p for p in aw if 20 <= len(p) <= 2500 and "{{" not in p and "}}" not in p and "{%" not in p]
        self.chat = aw
        sents = []
        for p in aw:
            for s in re.split(r"(?<=[.?!])\s+", p.replace("\n", " ")):
                s = s.strip()
                if 30 <= len(s) <= 240 and "{" not in s and "}" not in s:
                    sents.append(s)
        self.sents = sents
        self.templates = self._templates()
        self.asn = self._asn()
        self.cloud = {p: self._cidrs(f"ip/cloud/{p}/ipv4_merged.txt") for p in
                      ("amazon", "google", "microsoft", "oracle", "digitalocean", "linode", "github")}
        self.vpn = self._cidrs("ip/vpn/x4b_vpn_ipv4.txt")
        self.dc = self._cidrs("ip/vpn/x4b_datacenter_ipv4.txt")
        tor = [l.strip() for l in open(self._f("ip/tor/tor-exit-nodes.lst")) if l.strip()]
        self.tor = [x for x in tor if ipaddress.ip_address(x).is_global]

    def _f(self, rel):
        p = self.root / rel
        self.files[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        return p

    def _cidrs(self, rel):
        out = []
        for line in open(self._f(rel)):
            line = line.split("#")[0].strip()
            if not line or ":" in line:
                continue
            n = ipaddress.ip_network(line, strict=False)
            if n.prefixlen < 8 or not (n.network_address.is_global and n.broadcast_address.is_global):
                continue
            out.append((int(n.network_address), n.num_addresses))
        return np.array(sorted(out), dtype=np.int64)

    def _asn(self):
        want = {a for r in REGIONS.values() for a in r["isp"] + r["mob"] + r["uni"]} | {24940, 16276, 14061, 20473}
        by = {a: [] for a in want}
        with gzip.open(self._f("ip/pyasn/ipasn_20140513.dat.gz"), "rt") as fh:
            for line in fh:
                if line[0] == ";":
                    continue
                pfx, a = line.split()
                a = int(a)
                if a in by:
                    n = ipaddress.ip_network(pfx)
                    if 16 <= n.prefixlen <= 24 and n.network_address.is_global and n.broadcast_address.is_global:
                        by[a].append((int(n.network_address), n.num_addresses))
        self._f("ip/pyasn/asnames.json.gz")
        return {a: np.array(sorted(v), dtype=np.int64) for a, v in sorted(by.items()) if v}

    def _templates(self):
        root = self.root / "prompts/promptsource-templates"
        out = []   # (dataset, [literal parts], slots)
        for f in sorted(root.rglob("templates.yaml")):
            rel = str(f.relative_to(self.root))
            ds = str(f.parent.relative_to(root))
            lines = open(self._f(rel), encoding="utf-8").read().split("\n")
            i = 0
            while i < len(lines):
                line = lines[i]
                m = re.match(r"^(\s*)jinja: ?(.*)$", line)
                if not m:
                    i += 1
                    continue
                ind = len(m.group(1))
                raw = [m.group(2)]
                i += 1
                while i < len(lines) and (lines[i].strip() == "" or len(lines[i]) - len(lines[i].lstrip()) > ind):
                    raw.append(lines[i])
                    i += 1
                txt = _yaml_scalar(raw)
                parts = _template_parts(txt)
                if parts:
                    out.append((ds, parts))
        return out


def _yaml_scalar(raw):
    first = raw[0].strip()
    if first.startswith('"'):
        s = ""
        for k, l in enumerate(raw):
            l = l.strip() if k else first[1:]
            if k and s.endswith("\\"):
                s = s[:-1] + l.lstrip()
            elif k:
                s += (" " if l else "\n") + l
            else:
                s = l
        s = s.rstrip()
        if s.endswith('"'):
            s = s[:-1]
        esc = {"n": "\n", "t": " ", '"': '"', "\\": "\\", " ": " ", "/": "/"}
        return re.sub(r"\\(.)", lambda m: esc.get(m.group(1), m.group(1)), s, flags=re.S)
    if first.startswith("'"):
        s = " ".join([first[1:]] + [l.strip() for l in raw[1:]]).rstrip()
        return s[:-1].replace("''", "'") if s.endswith("'") else s
    if first in ("|", "|-", ">", ">-"):
        return "\n".join(l.strip() for l in raw[1:])
    return " ".join([first] + [l.strip() for l in raw[1:]])


def _template_parts(t):
    t = t.split("|||")[0]
    t = re.sub(r"\{%.*?%\}", "", t, flags=re.S)
    pieces = re.split(r"\{\{.*?\}\}", t, flags=re.S)
    if len(pieces) < 2:
        return None
    pieces = [re.sub(r"[ \t]+", " ", p) for p in pieces]
    if "{" in "".join(pieces) or "}" in "".join(pieces) or len("".join(pieces).strip()) < 8:
        return None
    return pieces


# ------------------------------------------------------------------------------------------------ the world

def v4s(a):
    a = int(a)
    return f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}"


class World:
    def __init__(self, p, ref: Ref):
        self.p, self.ref = p, ref
        self.rng = np.random.default_rng(p.seed)
        self.days = p.days
        self.end = START_MS + p.days * DAY
        self.accts: list[dict] = []
        self.ev: list[dict] = []
        self.rings: list[dict] = []
        self._ids: set = set()
        self._hex: set = set()
        self.n_groups = 0

    # --- small draws
    def pick(self, seq, size=None, p=None):
        i = self.rng.choice(len(seq), size=size, p=p)
        return seq[i] if size is None else [seq[j] for j in i]

    def hexid(self, n=12):
        while True:
            h = "".join(self.rng.choice(list("0123456789abcdef"), n))
            if h not in self._hex:
                self._hex.add(h)
                return h

    def group(self, prefix):
        self.n_groups += 1
        return f"{prefix}-{self.n_groups:05d}"

    def v4_from(self, nets, n):
        k = self.rng.integers(0, len(nets), n)
        size = nets[k, 1]
        off = (self.rng.random(n) * np.maximum(size - 2, 1)).astype(np.int64) + (size > 2)
        return np.array([v4s(x) for x in nets[k, 0] + off], dtype=object)

    def isp_ip(self, region, n=1, mobile=False, uni=False):
        r = REGIONS[region]
        asns = [a for a in (r["uni"] if uni else r["mob"] if mobile else r["isp"]) if a in self.ref.asn]
        nets = np.concatenate([self.ref.asn[a] for a in asns])
        return self.v4_from(nets, n)

    def asn_ip(self, asn, n=1):
        return self.v4_from(self.ref.asn[asn], n)

    def cloud_ip(self, prov, n=1):
        return self.v4_from(self.ref.cloud[prov], n)

    def v6(self, region, n=1, p64=None):
        """n addresses: a /64 of the region's /32 (or the given one) and a random interface id."""
        out = []
        for _ in range(n):
            pre = p64 or self.v6_64(region)
            iid = self.rng.integers(0, 65536, 4)
            iid[0] = iid[0] | 0x0200
            out.append(pre + ":" + ":".join(f"{x:x}" for x in iid))
        return np.array(out, dtype=object)

    def v6_64(self, region):
        a, b = self.rng.integers(0, 65536, 2)
        return f"{REGIONS[region]['v6']}:{a:x}:{b:x}"

    def region(self, only=None):
        if only:
            return only
        return RNAMES[self.rng.choice(len(RNAMES), p=RWEIGHT)]

    def pay(self, kind="card"):
        return f"{kind}_{self.hexid(14)}"

    def account(self, cohort, region, tier, group="", ring=None, role="member", created=None, email=None, org="",
                pay=None, country=None):
        if created is None:
            created = START_MS - int(self.rng.uniform(3, 700) * DAY)
        while True:
            aid = f"u{self.rng.integers(10**8, 10**9)}"
            if aid not in self._ids:
                self._ids.add(aid)
                break
        r = REGIONS[region]
        if pay is None:
            pay = "" if tier == "free" else self.pay(self.pick(["card", "card", "card", "wlt"]))
        a = dict(i=len(self.accts), id=aid, cohort=cohort, group=group or (ring or {}).get("ring_id", ""), tier=tier,
                 soph=(ring or {}).get("sophistication", ""), role=role, region=region, country=country or r["c"],
                 created=int(created), email=email or self.pick(MAIL[r["c"]]), org=org,
                 pay="" if tier == "free" else pay, ring=(ring or {}).get("ring_id", ""), off=r["off"])
        self.accts.append(a)
        return a

    def emit(self, a, t, prompt, ip, ua, model=None, tok=None, tok_mu=5.5, tok_sig=.8):
        t = np.asarray(t, dtype=np.int64)
        n = len(t)
        if n == 0:
            return
        if model is None:
            model = self.pick(np.array(MODELS, dtype=object), size=n, p=[.45, .3, .1, .15])
        elif isinstance(model, str):
            model = [model] * n
        if tok is None:
            tok = np.clip(np.round(np.exp(self.rng.normal(tok_mu, tok_sig, n))), 1, 16384).astype(np.int64)
        self.ev.append(dict(acc=np.full(n, a["i"], np.int32), t=t, prompt=np.asarray(prompt, dtype=object),
                            ip=_arr(ip, n), ua=_arr(ua, n), model=np.asarray(model, dtype=object),
                            tok=np.asarray(tok, dtype=np.int64)))


def _arr(x, n):
    if isinstance(x, str) or x is None:
        return np.full(n, x, dtype=object)
    x = np.asarray(x, dtype=object)
    assert len(x) == n
    return x


# ------------------------------------------------------------------------------------------------ time

HUM = np.array([.2, .1, .05, .05, .05, .1, .3, .6, 1, 1.3, 1.5, 1.5, 1.3, 1.5, 1.5, 1.4, 1.3, 1.2, 1.2, 1.4, 1.5, 1.3,
                1, .5])
OFFICE = np.array([0, 0, 0, 0, 0, 0, .05, .3, 1.2, 1.8, 2, 1.8, 1, 1.6, 1.9, 1.8, 1.5, .8, .3, .1, .05, .05, 0, 0])
FLAT = np.ones(24)


def times(w: World, a, n, hours=HUM, weekend=.8, lo=None, hi=None, spm=3.0, gap_s=70.0, days=None):
    """n request times of an account: sessions on its active days at its local hours (hours: 24 weights),
    requests inside a session gap_s apart on average. weekend: weight of Saturday and Sunday."""
    if n <= 0:
        return np.zeros(0, np.int64)
    lo = max(START_MS, a["created"] + 60_000) if lo is None else max(lo, a["created"] + 60_000)
    hi = w.end if hi is None else min(hi, w.end)
    if hi - lo < HOUR:
        return np.zeros(0, np.int64)
    ns = int(max(1, min(n, round(n / spm * w.rng.uniform(.6, 1.4)))))
    d0 = (lo - START_MS) // DAY
    d1 = (hi - 1 - START_MS) // DAY
    if days is None:
        dd = np.arange(d0, d1 + 1)
    else:
        dd = np.array([d for d in days if d0 <= d <= d1])
        if len(dd) == 0:
            return np.zeros(0, np.int64)
    wkw = np.where(((dd + START.day_of_week) % 7) >= 5, weekend, 1.0)
    day = w.rng.choice(dd, ns, p=wkw / wkw.sum())
    hr = w.rng.choice(24, ns, p=hours / hours.sum())
    s0 = START_MS + day * DAY + hr * HOUR + (w.rng.random(ns) * HOUR).astype(np.int64) - a["off"] * MIN
    sess = np.sort(w.rng.integers(0, ns, n))
    g = (w.rng.exponential(gap_s, n) * 1000).astype(np.int64) + 1500
    cs = np.cumsum(g)
    first = np.r_[0, np.flatnonzero(np.diff(sess)) + 1]
    base = np.repeat(cs[first] - g[first], np.diff(np.r_[first, n]))
    t = s0[sess] + cs - base
    t = t[(t >= lo) & (t < hi)]
    return np.sort(t)


def flat_times(w, a, n, lo=None, hi=None):
    lo = max(START_MS, a["created"] + 60_000) if lo is None else max(lo, a["created"] + 60_000)
    hi = w.end if hi is None else min(hi, w.end)
    if hi <= lo or n <= 0:
        return np.zeros(0, np.int64)
    return np.sort(w.rng.integers(lo, hi, n))


def lnc(w, median, sig=.9):
    """A per-account count over the whole window: log-normal, scaled to --days (21 days the reference)."""
    return int(round(np.exp(np.log(median) + sig * w.rng.normal()) * w.days / 21))


# ------------------------------------------------------------------------------------------------ text

class Text:
    def __init__(self, w: World):
        self.w, self.ref = w, w.ref
        self.sents = np.array(w.ref.sents, dtype=object)
        self.chat_ = np.array(w.ref.chat, dtype=object)
        ds = sorted({d for d, _ in w.ref.templates})
        self.datasets = ds
        self.by_ds = {d: [] for d in ds}
        for i, (d, _) in enumerate(w.ref.templates):
            self.by_ds[d].append(i)

    def sent(self, n):
        return self.sents[self.w.rng.integers(0, len(self.sents), n)]

    def fill(self, ti, items=None):
        parts = self.ref.templates[ti][1]
        k = len(parts) - 1
        s = items if items is not None else list(self.sent(k))
        if len(s) < k:
            s = list(s) + list(self.sent(k - len(s)))
        out = [parts[0]]
        for j in range(k):
            out.append(s[j])
            out.append(parts[j + 1])
        return "".join(out).strip()

    def narrow(self, k_ds=2, k_t=6):
        ds = self.w.rng.choice(self.datasets, k_ds, replace=False)
        ts = [t for d in ds for t in self.by_ds[d]]
        return list(self.w.rng.choice(ts, min(k_t, len(ts)), replace=False)), [str(d) for d in ds]

    def harvest(self, tset, n, cot=0.0, items=None):
        r = self.w.rng
        ti = r.choice(tset, n)
        c = r.random(n) < cot
        cs = r.integers(0, len(COT), n)
        out = []
        for j in range(n):
            s = self.fill(ti[j], None if items is None else [items[j]])
            out.append(s + ("\n\n" + COT[cs[j]] if c[j] else ""))
        return out

    def chat(self, n, lang="en", msg_list=0.0, repeat=.15):
        """Ordinary chat: a real prompt, a sentence of one, or a follow-up; some as chat-message lists (JSON)."""
        r = self.w.rng
        k = r.random(n)
        a = self.chat_[r.integers(0, len(self.chat_), n)]
        s = self.sent(n)
        fol = ["Can you make it shorter?", "Thanks! Now explain the second point.", "Give me three more examples.",
               "Rewrite that in a friendlier tone.", "What would you change?", "Translate that to plain English."]
        out = np.where(k < .45, a, np.where(k < .85, s, np.array(fol, dtype=object)[r.integers(0, len(fol), n)]))
        out = out.astype(object)
        if lang != "en" and lang in LOCAL_CHAT:
            loc = r.random(n) < .35
            out[loc] = LOCAL_CHAT[lang] + out[loc]
        ml = r.random(n) < msg_list
        for j in np.flatnonzero(ml):
            out[j] = json.dumps([{"role": "user", "content": out[j]}], ensure_ascii=False)
        return out


# ------------------------------------------------------------------------------------------------ benign cohorts

def _tier(w, probs):
    ks = list(probs)
    return ks[w.rng.choice(len(ks), p=np.array(list(probs.values())) / sum(probs.values()))]


def home(w, a, n, t, v6p=.4, mob=.1):
    """A home's addresses: one IPv4 (re-leased on some day for a fifth), some requests over a daily IPv6 privacy
    address, some from the phone (carrier CGNAT)."""
    if "home4" not in a:
        a["home4"] = w.isp_ip(a["region"], 1)[0]
        a["home64"] = w.v6_64(a["region"]) if w.rng.random() < v6p else None
        a["relet"] = int(w.rng.integers(1, w.days)) if w.rng.random() < .2 else None
        a["home4b"] = w.isp_ip(a["region"], 1)[0]
    day = (t - START_MS) // DAY
    ip = np.where((a["relet"] is not None) & (day >= (a["relet"] or 0)), a["home4b"], a["home4"]).astype(object)
    if a["home64"]:
        use6 = w.rng.random(n) < .5
        iids = {d: w.v6(a["region"], 1, a["home64"])[0] for d in np.unique(day[use6])}
        ip[use6] = [iids[d] for d in day[use6]]
    m = w.rng.random(n) < mob
    if m.any():
        ip[m] = cgnat(w, a["region"])[w.rng.integers(0, 40, m.sum())]
    return ip


_CG = {}


def cgnat(w, region):
    if region not in _CG:
        _CG[region] = w.isp_ip(region, 40, mobile=True)
    return _CG[region]


def ua_mix(w, n, p_browser=.5, sdk=None):
    sdk = sdk or w.pick(UA_SDK)
    br = w.pick(UA_BROWSER)
    return np.where(w.rng.random(n) < p_browser, br, sdk).astype(object)


def b_hobbyist(w, tx, k):
    for _ in range(k):
        reg = w.region()
        a = w.account("hobbyist", reg, _tier(w, {"free": .6, "starter": .4}))
        t = times(w, a, lnc(w, 4))
        n = len(t)
        w.emit(a, t, tx.chat(n, REGIONS[reg]["lang"], msg_list=.2), home(w, a, n, t), ua_mix(w, n, .7))


def b_indie(w, tx, k):
    for _ in range(k):
        a = w.account("indie_dev", w.region(), _tier(w, {"starter": .7, "team": .3}))
        tset, _ = tx.narrow(1, 2)
        vm = w.cloud_ip(w.pick(["amazon", "google", "digitalocean", "linode"]), 2)
        t = times(w, a, lnc(w, 14), hours=FLAT + HUM, spm=6)
        n = len(t)
        app = w.rng.random(n) < .7
        pr = np.where(app, np.array(tx.harvest(tset, n), dtype=object), tx.chat(n))
        ip = np.where(app, vm[w.rng.integers(0, 2, n)], home(w, a, n, t)).astype(object)
        w.emit(a, t, pr, ip, ua_mix(w, n, .2))


def b_vpn(w, tx, k):
    for _ in range(k):
        a = w.account("vpn_user", w.region(), _tier(w, {"free": .5, "starter": .5}))
        t = times(w, a, lnc(w, 8))
        n = len(t)
        tor = w.rng.random() < .1
        sess = np.cumsum(np.r_[0, np.diff(t) > 30 * MIN]) if n else np.zeros(0, int)
        pool = (np.array(w.ref.tor, dtype=object)[w.rng.integers(0, len(w.ref.tor), sess.max() + 1)] if tor
                else w.v4_from(w.ref.vpn, int(sess.max()) + 1)) if n else np.zeros(0, object)
        w.emit(a, t, tx.chat(n), pool[sess] if n else pool, ua_mix(w, n, .8))


def b_mobile(w, tx, k):
    for _ in range(k):
        reg = w.region()
        a = w.account("carrier_mobile", reg, _tier(w, {"free": .7, "starter": .3}))
        t = times(w, a, lnc(w, 6), spm=4, gap_s=40)
        n = len(t)
        day = (t - START_MS) // DAY
        ip = cgnat(w, reg)[w.rng.integers(0, 40, n)].copy()
        v6 = w.rng.random(n) < .35
        if v6.any():
            d64 = {d: w.v6_64(reg) for d in np.unique(day[v6])}      # a new /64 per subscriber per day
            ip[v6] = [w.v6(reg, 1, d64[d])[0] for d in day[v6]]
        w.emit(a, t, tx.chat(n, REGIONS[reg]["lang"], msg_list=.6), ip, w.pick(UA_MOBILE), model=None)


def b_household(w, tx, k):
    left = k
    while left > 0:
        m = int(min(left, w.rng.integers(2, 6)))
        left -= m
        reg = w.region()
        g = w.group("hh")
        card = w.pay("card")
        first = None
        for j in range(m):
            a = w.account("household", reg, "starter" if j == 0 or w.rng.random() < .6 else "free", group=g, pay=card)
            if first is None:
                first = a
                home(w, a, 1, np.array([START_MS]))
            else:
                for key in ("home4", "home64", "relet", "home4b"):
                    a[key] = first[key]
            t = times(w, a, lnc(w, 6))
            n = len(t)
            w.emit(a, t, tx.chat(n, REGIONS[reg]["lang"], msg_list=.2), home(w, a, n, t, mob=.2), ua_mix(w, n, .8))


def heavy_tail(w, k, lo, hi, alpha=1.5):
    sizes = []
    while sum(sizes) < k:
        s = int(min(hi, lo + np.floor(w.rng.pareto(alpha) * lo)))
        sizes.append(min(s, k - sum(sizes)))
    if len(sizes) > 1 and sizes[-1] < lo:
        last = sizes.pop()
        sizes[-1] += last
    return sizes


def b_office(w, tx, k):
    for m in heavy_tail(w, k, 2, 250):
        reg = w.region()
        g = w.group("org")
        dom = f"{w.hexid(6)}-corp.com"
        nat = w.isp_ip(reg, int(w.rng.integers(1, 4)))
        inv = w.pay("inv") if w.rng.random() < .6 else None
        wrap = f"[{dom.split('-')[0]} intranet assistant] "
        tset, _ = tx.narrow(1, 2)
        for _ in range(m):
            a = w.account("office_nat", reg, "team" if inv else _tier(w, {"starter": .6, "team": .4}), group=g,
                          email=dom, org=g, pay=inv)
            t = times(w, a, lnc(w, 9), hours=OFFICE, weekend=.05)
            n = len(t)
            kind = w.rng.random(n)
            pr = np.where(kind < .3, wrap + tx.chat(n),
                          np.where(kind < .45, np.array(tx.harvest(tset, n), dtype=object), tx.chat(n)))
            ip = nat[w.rng.integers(0, len(nat), n)]
            ho = w.rng.random(n) < .15
            ip[ho] = home(w, a, n, t)[ho]
            w.emit(a, t, pr, ip, ua_mix(w, n, .6))


def b_campus(w, tx, k):
    unis = [(r, u) for r in RNAMES for u in REGIONS[r]["uni"] if u in w.ref.asn]
    for m in heavy_tail(w, k, 25, 300, 1.2):
        reg, asn = unis[int(w.rng.integers(0, len(unis)))]
        g = w.group("uni")
        nat = w.asn_ip(asn, int(w.rng.integers(3, 9)))
        dom = f"uni{asn}.edu" if REGIONS[reg]["c"] == "US" else f"uni{asn}.ac.{REGIONS[reg]['c'].lower()}"
        for _ in range(m):
            a = w.account("campus", reg, _tier(w, {"free": .7, "starter": .3}), group=g, email=dom,
                          created=START_MS - int(w.rng.uniform(20, 500) * DAY))
            t = times(w, a, lnc(w, 7))
            n = len(t)
            ip = nat[w.rng.integers(0, len(nat), n)]
            off = w.rng.random(n) < .3
            ip[off] = home(w, a, n, t)[off]
            w.emit(a, t, tx.chat(n, msg_list=.1), ip, ua_mix(w, n, .7))


def b_heavy(w, tx, k):
    left = k
    while left > 0:
        m = int(min(left, w.rng.integers(1, 5)))
        left -= m
        reg = w.region()
        g = w.group("app")
        vms = w.cloud_ip(w.pick(["amazon", "google", "microsoft"]), 6)
        tset, _ = tx.narrow(1, 1)
        inv = w.pay("inv")
        for _ in range(m):
            a = w.account("heavy_app", reg, "growth", group=g, org=g, pay=inv, email=f"{g}.io")
            t = times(w, a, lnc(w, 200, .5), hours=HUM + .5, weekend=.7, spm=30, gap_s=8)
            n = len(t)
            w.emit(a, t, tx.harvest(tset, n), vms[w.rng.integers(0, 6, n)], "larkspur-node/2.3.0",
                    model="lk-2-mini", tok_mu=4.5)


def b_hackathon(w, tx, k):
    """*new*: a weekend hackathon: hundreds of fresh free accounts signed up on Saturday morning at the venue,
    one venue Wi-Fi (two NAT addresses and a guest IPv6 /64), the organisers' starter-kit template."""
    sizes = heavy_tail(w, k, 60, 500, 1.0)
    weekends = [d for d in range(w.days) if (d + START.day_of_week) % 7 == 5 and d + 1 < w.days] or [0]
    for h, m in enumerate(sizes):
        reg = w.pick(["us_west", "uk", "de", "in", "sg", "br"])
        g = w.group("hack")
        sat = weekends[h % len(weekends)]
        open_ms = START_MS + sat * DAY + 9 * HOUR - REGIONS[reg]["off"] * MIN
        nat = w.isp_ip(reg, 2)
        v6 = w.v6_64(reg)
        kit = f"[{g} starter kit] You are the backend of a hackathon demo app. Task: "
        tset, _ = tx.narrow(1, 3)
        for _ in range(m):
            a = w.account("hackathon", reg, "free", group=g, created=open_ms + int(w.rng.exponential(70) * MIN))
            n = int(w.rng.integers(6, 30))
            t = flat_times(w, a, n, hi=open_ms + 33 * HOUR)
            n = len(t)
            v = w.rng.random(n) < .3
            ip = nat[w.rng.integers(0, 2, n)]
            ip[v] = w.v6(reg, int(v.sum()), v6)
            kind = w.rng.random(n)
            pr = np.where(kind < .6, kit + tx.sent(n), np.where(kind < .8, np.array(tx.harvest(tset, n), object),
                                                                 tx.chat(n)))
            w.emit(a, t, pr, ip, ua_mix(w, n, .3, sdk="larkspur-python/1.9.2"))


def b_swg(w, tx, k):
    """*new*: enterprise sub-accounts behind a cloud secure web gateway: every customer company's requests leave
    from the gateway vendor's datacenter nodes in its region, shared with all the vendor's other customers."""
    vendors = {}
    for m in heavy_tail(w, k, 3, 200, 1.3):
        reg = w.region()
        v = int(w.rng.integers(0, 2))
        pop = {"us_east": "amer", "us_west": "amer", "br": "amer", "mx": "amer", "jp": "apac", "in": "apac",
               "au": "apac", "sg": "apac"}.get(reg, "emea")       # the gateway's point of presence
        if (v, pop) not in vendors:
            vendors[(v, pop)] = w.v4_from(w.ref.dc, 10)
        nodes = vendors[(v, pop)]
        g = w.group("ent")
        dom = f"{w.hexid(6)}-group.com"
        inv = w.pay("inv")
        for _ in range(m):
            a = w.account("swg_enterprise", reg, _tier(w, {"team": .8, "enterprise": .2}), group=g, org=g,
                          email=dom, pay=inv)
            t = times(w, a, lnc(w, 9), hours=OFFICE, weekend=.05)
            n = len(t)
            sess = np.cumsum(np.r_[0, np.diff(t) > 20 * MIN]) if n else np.zeros(0, int)
            pick = w.rng.integers(0, 10, int(sess.max()) + 1 if n else 1)
            w.emit(a, t, tx.chat(n), nodes[pick[sess]] if n else [], ua_mix(w, n, .85))


def b_synth(w, tx, k):
    """*new*: a licensed synthetic-data vendor: an enterprise agreement, dozens of workload accounts on one
    invoice and one org, templated generation over many datasets with chain-of-thought, 24/7 job queue."""
    for m in heavy_tail(w, k, 8, 120, 1.5):
        reg = w.pick(["us_east", "us_west", "uk", "de"])
        g = w.group("synth")
        inv = w.pay("inv")
        vms = w.cloud_ip("amazon", 12)
        tset, _ = tx.narrow(8, 30)
        for _ in range(m):
            a = w.account("licensed_synth", reg, "enterprise", group=g, org=g, pay=inv, email=f"{g}.ai")
            t = times(w, a, lnc(w, 90, .4), hours=FLAT, weekend=1, spm=40, gap_s=5)
            n = len(t)
            w.emit(a, t, tx.harvest(tset, n, cot=.6), vms[w.rng.integers(0, 12, n)], "larkspur-python/1.9.2 (synthforge-worker)",
                    model=w.pick(np.array(["lk-2", "lk-2-reason"], object), n), tok_mu=6.3)


def b_aggregator(w, tx, k):
    """*new*: a licensed API aggregator ("Switchyard"): sub-accounts it provisions for its own customers, all paid
    by the aggregator's one master invoice, all relayed from its egress pool with its gateway user agent; its
    customers' ordinary mixed traffic."""
    for m in heavy_tail(w, k, 100, 900, 1.0):
        g = w.group("agg")
        inv = w.pay("inv")
        pool = np.concatenate([w.cloud_ip("google", 20), w.cloud_ip("amazon", 20)])
        for _ in range(m):
            reg = w.region()
            a = w.account("licensed_aggregator", reg, "starter", group=g, org=g, pay=inv, email="switchyard.example")
            t = times(w, a, lnc(w, 10))
            n = len(t)
            kind = w.rng.random(n)
            own, _ = tx.narrow(1, 2)
            pr = np.where(kind < .7, tx.chat(n, msg_list=.5), np.array(tx.harvest(own, n), object))
            w.emit(a, t, pr, pool[w.rng.integers(0, len(pool), n)], UA_SWITCHYARD)


_GH = {}


def gh_runners(w):
    if "p" not in _GH:
        _GH["p"] = w.v4_from(w.ref.cloud["github"], 300) if len(w.ref.cloud["github"]) else w.cloud_ip("microsoft", 300)
    return _GH["p"]


def b_ci(w, tx, k):
    """*new*: companies' CI regression suites: on every push a fixed set of golden prompts runs verbatim from
    GitHub-hosted runners (addresses shared by every company on the runner pool), weekday working hours."""
    left = k
    while left > 0:
        m = int(min(left, w.rng.integers(1, 6)))
        left -= m
        reg = w.region()
        g = w.group("ci")
        card = w.pay("card")
        tset, _ = tx.narrow(1, 3)
        golden = tx.harvest(tset, int(w.rng.integers(5, 15)))
        for _ in range(m):
            a = w.account("ci_regression", reg, "team", group=g, org=g, pay=card, email=f"{g}.dev")
            runs = times(w, a, lnc(w, 3, .6), hours=OFFICE, weekend=.05, spm=1)
            if len(runs) == 0:
                continue
            t = (runs[:, None] + np.arange(len(golden))[None, :] * int(w.rng.integers(1500, 4000))).ravel()
            pr = np.tile(np.array(golden, dtype=object), len(runs))
            keep = t < w.end
            t, pr = t[keep], pr[keep]
            w.emit(a, t, pr, gh_runners(w)[w.rng.integers(0, 300, len(t))], UA_CI, model="lk-2-mini", tok_mu=5.0)


def b_coworking(w, tx, k):
    """*new*: a coworking space: unrelated startups and freelancers (own cards, own organisations) behind the
    space's one or two NAT addresses, weekday hours."""
    spaces = {}
    left = k
    while left > 0:
        m = int(min(left, w.rng.integers(1, 4)))
        left -= m
        reg = w.region()
        s = int(w.rng.integers(0, 4))
        if (reg, s) not in spaces:
            spaces[(reg, s)] = w.isp_ip(reg, int(w.rng.integers(1, 3)))
        nat = spaces[(reg, s)]
        g = w.group("startup")
        dom = f"{w.hexid(5)}.io"
        card = w.pay("card")
        tset, _ = tx.narrow(1, 2)
        for _ in range(m):
            a = w.account("coworking", reg, _tier(w, {"starter": .7, "team": .3}), group=g, org=g, email=dom, pay=card)
            t = times(w, a, lnc(w, 9), hours=OFFICE, weekend=.1)
            n = len(t)
            pr = np.where(w.rng.random(n) < .4, np.array(tx.harvest(tset, n), object), tx.chat(n))
            ip = nat[w.rng.integers(0, len(nat), n)]
            ho = w.rng.random(n) < .25
            ip[ho] = home(w, a, n, t)[ho]
            w.emit(a, t, pr, ip, ua_mix(w, n, .4))


def b_cron(w, tx, k):
    """*new*: a popular blog tutorial's "morning digest" script, copied by unrelated users: its exact template,
    its pinned requests version, cron at 07:00 local time, from a free-tier VM or a home Raspberry Pi."""
    tpl = "You are my morning news assistant. Summarize today's top headlines about {} in five bullet points, then one line on why it matters. Date: {}."
    for _ in range(k):
        reg = w.region()
        a = w.account("tutorial_cron", reg, _tier(w, {"free": .7, "starter": .3}))
        topic = w.pick(CRON_TOPICS)
        d0 = max(0, (a["created"] - START_MS) // DAY + 1)
        ds = np.arange(d0, w.days)
        ds = ds[w.rng.random(len(ds)) < .93]
        t = START_MS + ds * DAY + 7 * HOUR - a["off"] * MIN + w.rng.integers(200, 4000, len(ds))
        vm = w.cloud_ip(w.pick(["oracle", "google"]), 1)[0] if w.rng.random() < .6 else w.isp_ip(reg, 1)[0]
        dates = [(START + pd.Timedelta(days=int(d))).strftime("%Y-%m-%d") for d in ds]
        w.emit(a, t, [tpl.format(topic, d) for d in dates], vm, UA_TUTORIAL, model="lk-2-mini", tok_mu=5.2)


BENIGN = {"hobbyist": b_hobbyist, "indie_dev": b_indie, "vpn_user": b_vpn, "carrier_mobile": b_mobile,
          "household": b_household, "office_nat": b_office, "campus": b_campus, "heavy_app": b_heavy,
          "hackathon": b_hackathon, "swg_enterprise": b_swg, "licensed_synth": b_synth,
          "licensed_aggregator": b_aggregator, "ci_regression": b_ci, "coworking": b_coworking,
          "tutorial_cron": b_cron}


# ------------------------------------------------------------------------------------------------ rings

def ring_acct(w, r, region, tier, **kw):
    return w.account(r["kind"], region, tier, ring=r, **kw)


def burst(w, day_before):
    return START_MS - day_before * DAY + int(w.rng.uniform(0, 20) * HOUR)


def k_card_pool(w, tx, r):
    cards = [w.pay("card") for _ in range(int(w.rng.integers(1, 4)))]
    ips = w.v4_from(w.ref.dc, int(w.rng.integers(4, 7)))
    tset, _ = tx.narrow(1, 4)
    b = burst(w, int(w.rng.integers(2, 30)))
    for _ in range(r["size"]):
        a = ring_acct(w, r, w.region(), "starter", pay=w.pick(cards), created=b + int(w.rng.integers(0, 3 * HOUR)))
        t = flat_times(w, a, lnc(w, 150, .3))
        n = len(t)
        w.emit(a, t, tx.harvest(tset, n), ips[w.rng.integers(0, len(ips), n)], "python-requests/2.32.3", model="lk-2")


def k_resi(w, tx, r):
    regs = list(w.rng.choice(RNAMES, 3, replace=False))
    tset, _ = tx.narrow(2, 6)
    for _ in range(r["size"]):
        reg = w.pick(regs)
        a = ring_acct(w, r, reg, "starter")
        t = times(w, a, lnc(w, 110, .3), hours=FLAT, spm=15, gap_s=30)
        n = len(t)
        sess = np.cumsum(np.r_[0, np.diff(t) > 20 * MIN]) if n else np.zeros(0, int)
        exits = np.concatenate([w.isp_ip(w.pick(regs), 1) for _ in range(int(sess.max()) + 1)]) if n else []
        w.emit(a, t, tx.harvest(tset, n, cot=.2), exits[sess] if n else [], w.pick(UA_BROWSER[:3]))


def k_hydra(w, tx, r):
    pool = np.concatenate([w.v4_from(w.ref.dc, 90), w.asn_ip(24940, 30), w.asn_ip(16276, 30)])
    tset, _ = tx.narrow(3, 9)
    for _ in range(r["size"]):
        a = ring_acct(w, r, w.region(), _tier(w, {"starter": .8, "team": .2}),
                      created=START_MS - int(w.pick([150, 110, 75, 40, 12]) * DAY + w.rng.uniform(0, 3) * DAY),
                      pay=w.pay(w.pick(["card", "card", "wlt", "upi", "pix"])))
        mine = pool[w.rng.choice(len(pool), 8, replace=False)]
        t = times(w, a, lnc(w, 70, .5), hours=FLAT + HUM, spm=10, gap_s=25)
        n = len(t)
        resold = w.rng.random(n) < w.rng.uniform(.4, .65)
        pr = np.where(resold, tx.chat(n, msg_list=.4), np.array(tx.harvest(tset, n, cot=.5), object))
        ua = np.where(w.rng.random(n) < .75, UA_HYDRA, ua_mix(w, n, .5)).astype(object)
        w.emit(a, t, pr, mine[w.rng.integers(0, 8, n)], ua, tok_mu=6.0)


def k_cot(w, tx, r):
    ips = np.concatenate([w.asn_ip(24940, 2), w.asn_ip(16276, 1)])
    tset, _ = tx.narrow(1, 3)
    for _ in range(r["size"]):
        a = ring_acct(w, r, w.region(), "team")
        t = times(w, a, lnc(w, 130, .3), hours=FLAT, spm=20, gap_s=20)
        n = len(t)
        w.emit(a, t, tx.harvest(tset, n, cot=1.0), ips[w.rng.integers(0, 3, n)], "larkspur-python/1.8.4",
               model="lk-2-reason", tok_mu=7.2, tok_sig=.4)


def k_relay(w, tx, r):
    """Each account lives 1-3 days; the next signs up minutes before the last stops, and the item stream (one
    dataset, items never repeated) continues where it left off."""
    tset, _ = tx.narrow(1, 3)
    items = tx.sent(60 * 3 * r["size"] + 100)
    pos = 0
    span = (w.days * DAY - DAY) / max(1, r["size"])
    lanes = int(w.rng.integers(2, 4))
    per_lane = int(np.ceil(r["size"] / lanes))
    n_made = 0
    for lane in range(lanes):
        cur = START_MS + int(w.rng.uniform(0, 1) * DAY)
        for _ in range(per_lane):
            if n_made == r["size"]:
                break
            n_made += 1
            reg = w.region()
            life = int(w.rng.integers(1, 4)) * DAY
            a = ring_acct(w, r, reg, "free", created=cur - int(w.rng.integers(2, 20)) * MIN,
                          email=w.pick(DISPOSABLE), role="relay")
            hi = min(cur + life, w.end)
            t = flat_times(w, a, int(55 * (hi - cur) / DAY) - 1, lo=cur, hi=hi) if hi > cur else np.zeros(0, np.int64)
            if hi > cur + MIN:
                t = np.r_[cur + int(w.rng.integers(5_000, 60_000)), t]     # starts right after sign-up
            n = len(t)
            it = items[pos:pos + n] if pos + n <= len(items) else tx.sent(n)
            pos += n
            w.emit(a, t, tx.harvest(tset, n, items=list(it)), w.v4_from(w.ref.vpn, 1)[0], "larkspur-node/2.3.0")
            cur = hi + int(w.rng.integers(0, 3)) * HOUR
            if cur >= w.end - HOUR:
                cur = START_MS + int(w.rng.uniform(0, w.days - 1) * DAY)


def k_aged(w, tx, r):
    hand = int(w.rng.integers(max(1, w.days // 4), max(2, w.days // 2)))
    regs = list(w.rng.choice(RNAMES, 2, replace=False))
    proxies = np.concatenate([w.isp_ip(x, 10) for x in regs])
    tset, _ = tx.narrow(2, 5)
    for _ in range(r["size"]):
        reg = w.region()     # the previous owner's
        a = ring_acct(w, r, reg, _tier(w, {"starter": .7, "team": .3}), role="bought",
                      created=START_MS - int(w.rng.uniform(240, 900) * DAY))
        hx = START_MS + (hand + int(w.rng.integers(0, 2))) * DAY + int(w.rng.integers(0, 20)) * HOUR
        t0 = times(w, a, lnc(w, 6), hi=hx)
        n0 = len(t0)
        w.emit(a, t0, tx.chat(n0, REGIONS[reg]["lang"]), home(w, a, n0, t0), ua_mix(w, n0, .8))
        t1 = times(w, a, lnc(w, 110, .3), lo=hx, hours=FLAT, spm=12, gap_s=30)
        n1 = len(t1)
        w.emit(a, t1, tx.harvest(tset, n1, cot=.3), proxies[w.rng.integers(0, len(proxies), n1)], "larkspur-python/1.9.2")


def k_serverless(w, tx, r):
    tset, _ = tx.narrow(2, 5)
    provs = ["amazon", "google", "microsoft", "oracle"]
    for _ in range(r["size"]):
        a = ring_acct(w, r, w.region(), "team", pay=w.pay("vcc"))
        t = times(w, a, lnc(w, 120, .3), hours=FLAT, spm=25, gap_s=10)
        n = len(t)
        pv = w.rng.integers(0, 4, n)
        ip = np.empty(n, object)
        for j, pname in enumerate(provs):
            m = pv == j
            if m.any():
                ip[m] = w.cloud_ip(pname, int(m.sum()))
        w.emit(a, t, tx.harvest(tset, n, cot=.2), ip, "larkspur-node/2.3.0 (serverless)")


def k_broad(w, tx, r):
    n_ds = int(w.rng.integers(20, 36))
    ds = w.rng.choice(tx.datasets, min(n_ds, len(tx.datasets)), replace=False)
    cur = [int(w.rng.choice(tx.by_ds[d])) for d in ds]
    extra = [int(t) for d in ds for t in tx.by_ds[d] if int(t) not in cur]
    cur = cur + list(w.rng.choice(extra, min(len(extra), max(0, int(w.rng.integers(40, 71)) - len(cur))), replace=False))
    cur = [int(x) for x in cur]
    order = list(w.rng.permutation(cur)) * 2           # each template to at most two accounts
    items = tx.sent(200 * r["size"] + 100)
    pos = 0
    for i in range(r["size"]):
        reg = w.region()
        a = ring_acct(w, r, reg, "starter")
        k = 3 if len(order) >= 3 * r["size"] else 2
        mine = [order[(i * k + j) % len(order)] for j in range(k)]
        t = times(w, a, lnc(w, 90, .3), hours=HUM + .5, spm=8)
        n = len(t)
        it = items[pos:pos + n] if pos + n <= len(items) else tx.sent(n)
        pos += n
        w.emit(a, t, tx.harvest(mine, n, cot=.15, items=list(it)), home(w, a, n, t), ua_mix(w, n, .5))


def k_cron_sync(w, tx, r):
    hrs = np.sort(w.rng.choice(24, 4, replace=False))
    mins = np.sort(w.rng.choice(60, 2, replace=False))
    for _ in range(r["size"]):
        reg = w.region()
        a = ring_acct(w, r, reg, "starter")
        tset, _ = tx.narrow(1, 2)
        ua = w.pick(UA_SDK + UA_BROWSER)
        d0 = max(0, (a["created"] - START_MS) // DAY + 1)
        ds = np.arange(d0, w.days)
        slots = (START_MS + ds[:, None, None] * DAY + hrs[None, :, None] * HOUR + mins[None, None, :] * MIN).ravel()
        slots = slots[w.rng.random(len(slots)) < .6]
        per = int(w.rng.integers(1, 3))
        t = (slots[:, None] + w.rng.integers(0, 25_000, (len(slots), per)) + np.arange(per)[None, :] * 4000).ravel()
        t = np.sort(t[t < w.end])
        n = len(t)
        w.emit(a, t, tx.harvest(tset, n, cot=.1), home(w, a, n, t, mob=0), ua)


def k_polyglot(w, tx, r):
    items = tx.sent(400)
    langs = list(LANG_TASKS)
    for i in range(r["size"]):
        lang = langs[i % len(langs)] if w.rng.random() < .8 else w.pick(langs)
        reg = LANG_REGION[lang]
        a = ring_acct(w, r, reg, "starter")
        t = times(w, a, lnc(w, 100, .3), hours=HUM + .5, spm=10, gap_s=30)
        n = len(t)
        task = w.rng.integers(0, 4, n)
        it = items[w.rng.integers(0, len(items), n)]
        pr = [LANG_TASKS[lang][task[j]].format(x=it[j]) for j in range(n)]
        sess = np.cumsum(np.r_[0, np.diff(t) > 30 * MIN]) if n else np.zeros(0, int)
        exits = w.isp_ip(reg, int(sess.max()) + 1 if n else 1)
        w.emit(a, t, pr, exits[sess] if n else [], ua_mix(w, n, .6))


def k_model_spread(w, tx, r):
    ips = w.cloud_ip("digitalocean", int(w.rng.integers(4, 7)))
    tset, _ = tx.narrow(2, 5)
    for _ in range(r["size"]):
        a = ring_acct(w, r, w.region(), "team")
        t = times(w, a, lnc(w, 110, .3), hours=FLAT, spm=15, gap_s=15)
        n = len(t)
        w.emit(a, t, tx.harvest(tset, n, cot=.3), ips[w.rng.integers(0, len(ips), n)], "larkspur-python/1.9.2",
               model=w.pick(np.array(MODELS, object), n))


def k_camouflage(w, tx, r):
    tset, _ = tx.narrow(2, 5)
    replies = ["Sure, here is a first draft.", "Happy to help! Here's an overview.", "Great question. In short: it depends.",
               "Here are a few options you could consider."]
    for _ in range(r["size"]):
        reg = w.region()
        a = ring_acct(w, r, reg, "starter")
        t = times(w, a, lnc(w, 90, .3), spm=6)
        n = len(t)
        h = tx.harvest(tset, n, cot=.25)
        c1 = tx.chat(n)
        turns = w.rng.integers(1, 3, n)
        c2 = tx.sent(n)
        rp = w.rng.integers(0, len(replies), n)
        pr = []
        for j in range(n):
            msgs = [{"role": "user", "content": c1[j]}, {"role": "assistant", "content": replies[rp[j]]}]
            if turns[j] == 2:
                msgs += [{"role": "user", "content": c2[j]}, {"role": "assistant", "content": replies[(rp[j] + 1) % 4]}]
            msgs.append({"role": "user", "content": h[j]})
            pr.append(json.dumps(msgs, ensure_ascii=False))
        w.emit(a, t, pr, home(w, a, n, t), ua_mix(w, n, .7), tok_mu=6.0)


def k_ci_stowaway(w, tx, r):
    tset, _ = tx.narrow(1, 3)
    for _ in range(r["size"]):
        a = ring_acct(w, r, w.region(), _tier(w, {"free": .5, "starter": .5}), email="users.noreply.github.com",
                      created=START_MS - int(w.rng.uniform(1, 15) * DAY))
        per = int(w.rng.integers(3, 7)) if a["tier"] == "starter" else 2
        d0 = max(0, (a["created"] - START_MS) // DAY + 1)
        runs = (START_MS + np.arange(d0 * 4, w.days * 4) * 6 * HOUR + w.rng.integers(3 * MIN, 25 * MIN,
                                                                                      max(0, w.days * 4 - d0 * 4)))
        runs = runs[w.rng.random(len(runs)) < .6]          # some workflow runs fail or are skipped
        t = (runs[:, None] + np.arange(per)[None, :] * int(w.rng.integers(2500, 6000))).ravel()
        t = t[t < w.end]
        n = len(t)
        w.emit(a, t, tx.harvest(tset, n), gh_runners(w)[w.rng.integers(0, 300, n)], UA_CI, model="lk-2")


KINDS = {"card_pool": k_card_pool, "resi_proxy": k_resi, "hydra_reseller": k_hydra, "cot_harvest": k_cot,
         "relay_fresh": k_relay, "aged_market": k_aged, "serverless_egress": k_serverless,
         "broad_curriculum": k_broad, "cron_sync": k_cron_sync, "polyglot": k_polyglot,
         "model_spread": k_model_spread, "chat_camouflage": k_camouflage, "ci_stowaway": k_ci_stowaway}


def ring_plan(w, world, R, N):
    """[(kind, size)] holding exactly R ring accounts."""
    rng = w.rng

    def fill(total, lo, hi):
        out = []
        while total > 0:
            s = int(rng.integers(lo, hi + 1))
            if total - s < lo and total - s != 0:
                s = total if total <= hi else total - lo
            s = min(s, total)
            out.append(s)
            total -= s
        return out

    if R < 3:
        return []
    if world == "small":
        sizes = []                              # 3-15, skewed small so that every kind appears at 100 ring accounts
        left = R
        while left > 0:
            z = int(3 + np.floor(13 * rng.random() ** 1.6))
            if left <= 15 and (left - z < 3):
                z = left
            elif left - z < 3:
                z = left - 3 if left - 3 <= 15 else z - 3
            sizes.append(z)
            left -= z
    elif world == "mixed":
        big = int(round(.2 * R))
        mid = int(round(.3 * R))
        sizes = fill(R - big - mid, 3, 15) + fill(mid, 16, 60) + (fill(big, 61, 300) if big >= 61 else fill(big, 16, 60))
    else:
        hy = int(round(rng.uniform(.05, .065) * N))
        hy = min(hy, R - 3) if R - hy >= 3 else R
        sizes = [hy] + (fill(R - hy, 3, 60) if R - hy >= 3 else [])
    kinds = list(rng.permutation([k for k in RING_KINDS if world != "hydra" or k != "hydra_reseller"]))
    plan = []
    for i, s in enumerate(sizes):
        if world == "hydra" and i == 0:
            plan.append(("hydra_reseller", s))
        else:
            plan.append((kinds[i % len(kinds)], s))
    return plan


# ------------------------------------------------------------------------------------------------ generate

def generate(p, ref: Ref | None = None) -> dict:
    t0 = time.time()
    _CG.clear()
    _GH.clear()
    ref = ref or Ref()
    w = World(p, ref)
    tx = Text(w)
    N = p.n_accounts
    share = p.ring_share if p.ring_share is not None else {"small": .005, "mixed": .08, "hydra": .10}[p.world]
    R = int(round(share * N))
    plan = ring_plan(w, p.world, R, N)
    R = sum(s for _, s in plan)
    B = N - R
    shares = np.array(list(BENIGN_SHARES.values()), float)
    counts = np.floor(shares / shares.sum() * B).astype(int)
    counts[0] += B - counts.sum()
    for (c, f), k in zip(BENIGN.items(), counts):
        if k > 0:
            f(w, tx, int(k))
    for i, (kind, size) in enumerate(plan):
        r = {"ring_id": f"ring-{i + 1:03d}", "kind": kind, "size": size, "sophistication": SOPH[kind],
             "signals_kept": KIND_DOC[kind][0], "evasions": KIND_DOC[kind][1]}
        w.rings.append(r)
        KINDS[kind](w, tx, r)
    assert len(w.accts) == N, (len(w.accts), N)
    # never-calling benign accounts: 4 % (signed up, made a key, never called)
    never = np.zeros(N, bool)
    ben = np.array([not a["ring"] for a in w.accts])
    never[ben] = w.rng.random(ben.sum()) < .04
    for a in w.accts:
        if never[a["i"]]:
            a["role"] = "never_calls"
    # --- events
    ev = {k: np.concatenate([e[k] for e in w.ev]) for k in ("acc", "t", "prompt", "ip", "ua", "model", "tok")}
    keep = ~never[ev["acc"]]
    ev = {k: v[keep] for k, v in ev.items()}
    n0 = len(ev["t"])
    # retries: 1.2 % sent again 1-9 s later (the first timed out: no output tokens)
    rt = np.flatnonzero(w.rng.random(n0) < .012)
    ev["tok"][rt] = -1
    dup = {k: v[rt].copy() for k, v in ev.items()}
    dup["t"] = dup["t"] + w.rng.integers(1000, 9000, len(rt))
    dup["tok"] = np.clip(np.round(np.exp(w.rng.normal(5.5, .8, len(rt)))), 1, 16384).astype(np.int64)
    ev = {k: np.concatenate([ev[k], dup[k]]) for k in ev}
    created = np.array([a["created"] for a in w.accts], np.int64)
    ok = (ev["t"] >= START_MS) & (ev["t"] < w.end) & (ev["t"] >= created[ev["acc"]])
    ev = {k: v[ok] for k, v in ev.items()}
    # limits per UTC minute and day: refused requests are not logged
    tiers = np.array([a["tier"] for a in w.accts], object)
    o = np.lexsort((ev["t"], ev["acc"]))
    ev = {k: v[o] for k, v in ev.items()}
    drawn = len(ev["t"])
    for unit, lim in ((MIN, MINUTE), (DAY, DAILY)):
        cap = pd.Series(tiers).map(lim).to_numpy()[ev["acc"]]
        key = pd.DataFrame({"a": ev["acc"], "u": ev["t"] // unit})
        rank = key.groupby(["a", "u"], sort=False).cumcount().to_numpy()
        ok = rank < cap
        ev = {k: v[ok] for k, v in ev.items()}
    refused = drawn - len(ev["t"])
    o = np.lexsort((ev["acc"], ev["t"]))
    ev = {k: v[o] for k, v in ev.items()}
    n = len(ev["t"])
    # logging noise: missing address / user agent / tokens / payment token
    r = w.rng
    miss_ip = r.random(n) < .005
    ip = ev["ip"].copy()
    ip[miss_ip] = None
    ua = ev["ua"].copy()
    ua[r.random(n) < .01] = None
    tok = ev["tok"].copy()
    tok[r.random(n) < .007] = -1
    region = np.array([RNAMES.index(a["region"]) for a in w.accts])[ev["acc"]]
    # edge quirks: the Singapore edge logs the client's source port, the Australian load balancer IPv4-mapped IPv6
    sg = (region == RNAMES.index("sg")) & ~miss_ip
    is6 = np.array([x is not None and ":" in x for x in ip])
    ports = r.integers(1024, 65536, n)
    for j in np.flatnonzero(sg):
        ip[j] = f"[{ip[j]}]:{ports[j]}" if is6[j] else f"{ip[j]}:{ports[j]}"
    au = (region == RNAMES.index("au")) & ~miss_ip & ~is6 & (r.random(n) < .5)
    ip[au] = ["::ffff:" + x for x in ip[au]]
    pays = np.array([a["pay"] or None for a in w.accts], object)
    pm = pays[ev["acc"]].copy()
    pm[(r.random(n) < .005) & pd.Series(ev["acc"]).duplicated().to_numpy()] = None   # never an account's first
    # keys: one or two per account (the second from a rotation day on)
    k1 = np.array([f"key_{w.hexid(10)}" for _ in w.accts], object)
    k2 = np.array([f"key_{w.hexid(10)}" if r.random() < .3 else "" for _ in w.accts], object)
    rot = START_MS + r.integers(1, max(2, w.days), N) * DAY
    key = np.where((k2[ev["acc"]] != "") & (ev["t"] >= rot[ev["acc"]]), k2[ev["acc"]], k1[ev["acc"]])
    aid = np.array([a["id"] for a in w.accts], object)
    cols = {"account_id": aid[ev["acc"]], "timestamp": ev["t"], "ip": ip, "payment_method": pm, "prompt": ev["prompt"],
            "user_agent": ua, "output_tokens": tok, "api_key_id": key, "model": ev["model"]}
    out_dir = Path(p.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_events(out_dir, cols, p.format, p.minimal)
    per = np.bincount(ev["acc"], minlength=N)
    acc = pd.DataFrame({
        "account_id": aid, "created_at": [pd.Timestamp(a["created"], unit="ms", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
                                          for a in w.accts],
        "payment_method": [a["pay"] for a in w.accts], "email_domain": [a["email"] for a in w.accts],
        "country": [a["country"] for a in w.accts], "org_id": [a["org"] for a in w.accts],
        "plan": [a["tier"] for a in w.accts]})
    truth = pd.DataFrame({
        "account_id": aid, "is_ring": np.where([bool(a["ring"]) for a in w.accts], "true", "false"),
        "ring_id": [a["ring"] for a in w.accts], "cohort": [a["cohort"] for a in w.accts],
        "group_id": [a["group"] for a in w.accts], "tier": [a["tier"] for a in w.accts],
        "sophistication": [a["soph"] for a in w.accts], "role": [a["role"] for a in w.accts],
        "region": [a["region"] for a in w.accts], "events": per})
    order = np.argsort(aid)
    (acc.iloc[order][MINIMAL_ACCOUNT_COLS if p.minimal else ACCOUNT_COLS]
     .to_csv(out_dir / "accounts.csv", index=False, lineterminator="\n"))
    truth.iloc[order][TRUTH_COLS].to_csv(out_dir / "truth.csv", index=False, lineterminator="\n")
    cohort_arr = np.array([a["cohort"] for a in w.accts], dtype=object)
    evc = pd.Series(per).groupby(cohort_arr).sum()
    coh = {}
    for c in list(BENIGN_SHARES) + RING_KINDS:
        m = cohort_arr == c
        if m.any():
            coh[c] = {"accounts": int(m.sum()), "events": int(evc.get(c, 0)), "ring": c in RING_KINDS}
    bt = truth[(truth["is_ring"] == "false") & (truth["group_id"] != "")]
    gsize = bt.groupby("group_id").size()
    meta = {
        "world": "world34 (Larkspur)",
        "params": {"seed": p.seed, "world": p.world, "n_accounts": N, "days": p.days, "ring_share": share,
                   "start": START.strftime("%Y-%m-%dT%H:%M:%SZ"), "minimal": p.minimal, "format": p.format},
        "counts": {"accounts": N, "events": int(n), "ring_accounts": int(R), "rings": len(w.rings),
                   "benign_group_accounts": int(gsize[gsize >= 2].sum()),
                   "accounts_without_events": int((per == 0).sum()), "requests_drawn": int(drawn),
                   "refused_requests_not_logged": int(refused), "retry_duplicates_drawn": int(len(rt)),
                   "missing_ip_events": int(miss_ip.sum()), "ip_with_port_events": int(sg.sum()),
                   "ipv4_mapped_events": int(au.sum()),
                   "chat_message_list_prompts": int(sum(1 for x in ev["prompt"] if x.startswith('[{"role"'))),
                   "ring_accounts_by_kind": {k: int(v) for k, v in truth[truth["is_ring"] == "true"].groupby("cohort").size().items()},
                   "benign_groups_by_cohort": {k: int(v) for k, v in bt.groupby("cohort")["group_id"].nunique().items()}},
        "cohorts": coh,
        "rings": [{k: rr[k] for k in ("ring_id", "kind", "size", "sophistication", "signals_kept", "evasions")}
                  for rr in w.rings],
        "platform": {"name": "Larkspur (fictional)", "daily_limits": DAILY, "minute_limits": MINUTE, "models": MODELS,
                     "regions": {k: {"country": v["c"], "utc_offset_minutes": v["off"]} for k, v in REGIONS.items()},
                     "edge_quirks": {"sg": "client address logged with its source port",
                                     "au": "half of the IPv4 clients logged as IPv4-mapped IPv6 (::ffff:a.b.c.d)"}},
        "reference_data": {"root": "$GRAPHHUNT_SHARED_DATA", "files": dict(sorted(ref.files.items()))},
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "generation_seconds": round(time.time() - t0, 1),
    }
    (out_dir / "world.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    return meta


def write_events(out_dir: Path, cols: dict, fmt: str, minimal: bool):
    names = MINIMAL_COLS if minimal else EVENT_COLS
    t, tok = cols["timestamp"], cols["output_tokens"]
    arrs = {"account_id": pa.array(cols["account_id"], pa.string()),
            "timestamp": pa.array(t, pa.timestamp("ms", tz="UTC")),
            "ip": pa.array(cols["ip"], pa.string()), "payment_method": pa.array(cols["payment_method"], pa.string()),
            "prompt": pa.array(cols["prompt"], pa.string()), "user_agent": pa.array(cols["user_agent"], pa.string()),
            "output_tokens": pa.array(tok, pa.int64(), mask=tok < 0),
            "api_key_id": pa.array(cols["api_key_id"], pa.string()), "model": pa.array(cols["model"], pa.string())}
    tab = pa.table({k: arrs[k] for k in names})
    if fmt == "parquet":
        pq.write_table(tab, out_dir / "events.parquet", compression="zstd", row_group_size=500_000)
        return
    ts = np.datetime_as_string(t.astype("datetime64[ms]"), unit="ms")
    ts = np.char.add(ts.astype(str), "Z")
    kind = fmt.split(".")[0]
    gz = fmt.endswith(".gz")
    with open(out_dir / f"events.{fmt}", "wb") as raw:
        fh = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) if gz else raw
        CH = 200_000
        for i in range(0, len(t), CH):
            part = tab.slice(i, CH).set_column(1, "timestamp", pa.array(ts[i:i + CH], pa.string()))
            if kind == "csv":
                import pyarrow.csv as pcsv
                buf = io.BytesIO()
                pcsv.write_csv(part, buf, pcsv.WriteOptions(include_header=i == 0))
                fh.write(buf.getvalue())
            else:
                txt = part.to_pandas().to_json(orient="records", lines=True, force_ascii=False)
                fh.write(txt.encode("utf-8") + (b"" if txt.endswith("\n") else b"\n"))
        if gz:
            fh.close()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--n-accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--world", choices=["small", "mixed", "hydra"], default="mixed")
    ap.add_argument("--days", type=int, default=21)
    ap.add_argument("--ring-share", type=float, default=None)
    ap.add_argument("--minimal", action="store_true")
    ap.add_argument("--format", choices=["parquet", "csv", "jsonl", "jsonl.gz", "csv.gz"], default="parquet")
    ap.add_argument("--quiet", action="store_true")
    p = ap.parse_args(argv)
    if not 3 <= p.days <= 35:
        ap.error("--days must be 3-35")
    meta = generate(p)
    if not p.quiet:
        c = meta["counts"]
        print(f"world34 {p.world} seed {p.seed}: {c['accounts']} accounts, {c['events']} events, "
              f"{c['ring_accounts']} ring accounts in {c['rings']} rings, {meta['generation_seconds']} s -> {p.out}")
    return meta


if __name__ == "__main__":
    main()
