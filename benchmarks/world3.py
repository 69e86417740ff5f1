"""A third, independent world generator ("hydra" rings among benign look-alikes).

graphhunt was developed on its own simulator and checked on ``altworld.py``.
This generator was written from the public threat description and the
README's input contract only (no graphhunt detector, graph, link or scoring
code was read), and deliberately differs from altworld in distributions,
evasions and benign look-alikes. See docs/WORLD3.md.

Outputs (graphhunt's input contract plus ground truth):

* ``events.parquet``: ``account_id, timestamp, ip, payment_method, prompt,
  user_agent, output_tokens, api_key_id, model``
* ``accounts.csv``: ``account_id, created_at, payment_method, email_domain,
  country, org_id``
* ``truth.csv``: ``account_id, is_ring, ring_id, group_id, cohort, variant``
* ``world.json``: parameters, cohort counts, per-ring summary.

Usage::

    python benchmarks/world3.py --accounts 20000 --seed 1 --ring-share 0.05 --out /tmp/w3
    python benchmarks/world3.py --accounts 5000 --seed 6 --ring-share 0.05 --ring-sizes small --out /tmp/w3s

Generation is vectorised: Python loops run over groups, templates, layouts
and wordings, never over events. Every random draw comes from one seeded
``numpy.random.Generator``, so a (seed, parameters) pair gives the same world.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from altworld import _atomic  # noqa: E402  (atomic file writes; the only thing shared with altworld)

SHARED = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", "/work/shared/data"))
DAY = 86400
HOUR = 3600
START = pd.Timestamp("2026-09-07T00:00:00Z")  # a Monday
DAYS = 28
LIMIT = 100  # per-account requests per day (the platform's rate limit in this world)

# country, UTC offset (h), weight, free-mail domains
COUNTRIES = [
    ("US", -5, 0.22, ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me"]),
    ("IN", 5.5, 0.11, ["gmail.com", "outlook.com", "yahoo.co.in", "rediffmail.com"]),
    ("BR", -3, 0.07, ["gmail.com", "hotmail.com", "outlook.com", "uol.com.br"]),
    ("GB", 0, 0.06, ["gmail.com", "outlook.com", "btinternet.com", "icloud.com"]),
    ("DE", 1, 0.06, ["gmail.com", "gmx.de", "web.de", "t-online.de"]),
    ("FR", 1, 0.05, ["gmail.com", "orange.fr", "free.fr", "outlook.fr"]),
    ("JP", 9, 0.05, ["gmail.com", "yahoo.co.jp", "docomo.ne.jp", "icloud.com"]),
    ("CA", -5, 0.04, ["gmail.com", "outlook.com", "yahoo.ca", "icloud.com"]),
    ("AU", 10, 0.03, ["gmail.com", "outlook.com", "bigpond.com", "icloud.com"]),
    ("ES", 1, 0.04, ["gmail.com", "hotmail.es", "outlook.es", "yahoo.es"]),
    ("IT", 1, 0.04, ["gmail.com", "libero.it", "outlook.it", "virgilio.it"]),
    ("NL", 1, 0.03, ["gmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl"]),
    ("KR", 9, 0.04, ["gmail.com", "naver.com", "daum.net", "kakao.com"]),
    ("MX", -6, 0.04, ["gmail.com", "hotmail.com", "outlook.com", "yahoo.com.mx"]),
    ("PL", 1, 0.03, ["gmail.com", "wp.pl", "onet.pl", "o2.pl"]),
    ("ID", 7, 0.04, ["gmail.com", "yahoo.co.id", "outlook.com", "ymail.com"]),
    ("TR", 3, 0.03, ["gmail.com", "hotmail.com", "outlook.com", "yandex.com"]),
    ("VN", 7, 0.02, ["gmail.com", "yahoo.com", "outlook.com", "icloud.com"]),
]
CC = [c[0] for c in COUNTRIES]
TZ = np.array([c[1] for c in COUNTRIES])
CW = np.array([c[2] for c in COUNTRIES]) / sum(c[2] for c in COUNTRIES)

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_{m}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S91{m}B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0",
]
SDKS = ["openai-python/1.{m}.0", "python-requests/2.3{m}.0", "node-fetch/3.{m}", "httpx/0.2{m}.0",
        "axios/1.{m}.2", "curl/8.{m}.0", "Go-http-client/2.0", "okhttp/4.{m}.0"]

COT = [  # chain-of-thought elicitation, many wordings (benign and ring traffic both use some)
    "Let's think step by step.", "Explain your reasoning step by step before answering.",
    "Think carefully and show all intermediate steps.", "First reason through the problem, then give the final answer.",
    "Walk me through your thought process in detail.", "Show your work.",
    "Before answering, write out your complete chain of reasoning.", "Break the problem into steps and solve each one.",
    "Reason it out loud, then put the answer on the last line as 'Answer: X'.",
    "Please give a detailed rationale followed by the answer.", "Describe exactly how you arrive at the answer.",
    "Justify every step; do not skip any reasoning.", "Think about it like an expert would, step by step, then conclude.",
    "Denke Schritt für Schritt nach und erkläre jeden Schritt.", "Piensa paso a paso y explica tu razonamiento.",
    "Réfléchis étape par étape avant de répondre.", "Pense passo a passo antes de responder.",
    "Przemyśl to krok po kroku.", "Önce adım adım düşün, sonra cevap ver.", "一步一步地思考，然后给出答案。",
]
COT_HOMEWORK = ["Can you explain it step by step?", "Please explain step by step so I understand.",
                "Show the steps please.", "explain step by step"]

RING_ROLES = ["analyst", "tutor", "researcher", "grader", "editor", "data labeler", "consultant", "scientist",
              "engineer", "teacher", "reviewer", "annotator", "assistant", "expert", "professor", "auditor"]
RING_TONES = ["Be precise.", "Be concise.", "Answer thoroughly.", "Use plain language.", "Be rigorous.",
              "Answer as accurately as you can.", "Keep a neutral tone.", "Be complete and careful.", "", ""]
RING_FORMATS = ["", "Use markdown.", "Reply in JSON when possible.", "Number your points.", "Avoid bullet lists.",
                "Give the final answer in bold.", "Keep it under 400 words.", ""]

APPS = [  # browser extension / wrapper apps: one system-prompt template around the user's own text
    ("WriteMate", "You are WriteMate, a writing assistant inside the user's browser. Rewrite the selected text so it is "
     "clearer and more professional. Keep the meaning and the language of the original.\n\nSelected text:\n"),
    ("SummitTab", "System: You are SummitTab. Summarise the page excerpt below in five bullet points for a busy reader, "
     "then list any action items.\n\nExcerpt:\n"),
    ("MailPilot", "You draft email replies for MailPilot users. Read the incoming email and write a polite, short "
     "reply in the same language. Do not invent facts.\n\nIncoming email:\n"),
    ("GrammarGlow", "Act as GrammarGlow. Correct grammar, spelling and punctuation in the text below and return only "
     "the corrected text.\n\nText:\n"),
    ("DevDocsAI", "You are DevDocsAI, embedded in a documentation site. Answer the developer's question using only the "
     "context that follows; say so if the context is not enough.\n\nQuestion and context:\n"),
    ("StudyBuddy", "StudyBuddy flashcard maker: turn the following notes into ten question/answer flashcards, one per "
     "line, formatted as Q: ... | A: ...\n\nNotes:\n"),
    ("ReplyRocket", "You write social media replies for ReplyRocket. Write three short, friendly reply options to the "
     "post below.\n\nPost:\n"),
]
BENCH_DATASETS = ["ai2_arc", "openbookqa", "hellaswag", "piqa", "winogrande", "super_glue", "math_qa",
                  "commonsense_qa", "race", "sciq", "qasc", "social_i_qa", "boolq", "mc_taco", "quartz", "aqua_rat"]
LANGS = ["English", "German", "French", "Spanish", "Japanese", "Portuguese", "Italian", "Korean", "Dutch", "Polish"]


@dataclass
class Params:
    accounts: int = 20000
    seed: int = 1
    ring_share: float = 0.05
    ring_sizes: str = "mixed"  # mixed | small | large
    ablate: str = ""  # diagnosis only, "+"-joined: nocot (rings never ask for CoT), nowrap (no per-account
    # wrappers), quiethack (hackathon participants send 10-40 requests instead of 30-150)


# --------------------------------------------------------------------------- reference data

def _read_cidrs(path: Path) -> np.ndarray:
    """(network, size) int64 pairs from a CIDR list (IPv4 only)."""
    rows = []
    for line in path.read_text().split():
        if ":" in line or "/" not in line:
            continue
        net, ln = line.split("/")
        a, b, c, d = (int(x) for x in net.split("."))
        rows.append(((a << 24) | (b << 16) | (c << 8) | d, 1 << (32 - int(ln))))
    return np.array(rows, dtype=np.int64)


class Ref:
    """Reference material from ../shared/data (read, never copied)."""

    def __init__(self):
        t = pd.read_csv(SHARED / "ip/pyasn/ipasn_20140513.dat.gz", sep="\t", comment=";", header=None,
                        names=["prefix", "asn"])
        names = json.loads(gzip.open(SHARED / "ip/pyasn/asnames.json.gz").read())
        p = t["prefix"].str.split("/", expand=True)
        o = p[0].str.split(".", expand=True).astype(np.int64).to_numpy()
        t["net"] = (o[:, 0] << 24) | (o[:, 1] << 16) | (o[:, 2] << 8) | o[:, 3]
        t["len"] = p[1].astype(int)
        t = t[(t["len"] >= 12) & (t["len"] <= 24)]
        t["name"] = t["asn"].astype(str).map(names).fillna("")
        t["cc"] = t["name"].str.extract(r",\s*([A-Z]{2})$")[0]
        up = t["name"].str.upper()
        isp_kw = r"TELECOM|TELEKOM|CABLE|BROADBAND|COMCAST|VERIZON|TELEFONICA|ORANGE|VODAFONE|CHARTER|COX |KPN|" \
                 r"TELSTRA|ROGERS|BELL|RELIANCE|BSNL|NTT|KDDI|KOREA|TELMEX|TELKOM|TURK|VIETTEL|VNPT|FREE SAS|" \
                 r"SFR|BT |SKY|VIRGIN|NETCOLOGNE|UNITYMEDIA|ZIGGO|UPC|TDC|NETIA|FASTWEB|WIND|CLARO|OI |NET SERVI"
        mob_kw = r"MOBILE|WIRELESS|CELLULAR|GSM|LTE|T-MOBILE|VODAFONE"
        self.isp = {}
        self.mobile = {}
        for cc in CC:
            d = t[(t["cc"] == cc)]
            for kw, dest in ((isp_kw, self.isp), (mob_kw, self.mobile)):
                s = d[up.loc[d.index].str.contains(kw, regex=True)]
                if len(s) < 20:
                    s = d
                top = s["asn"].value_counts().index[:8]
                s = s[s["asn"].isin(top)]
                dest[cc] = (s["net"].to_numpy(), s["len"].to_numpy(), s["asn"].to_numpy())
        sat = t[up.str.contains("HUGHES|VIASAT|SATELLITE|STARLINK", regex=True)]
        self.sat = (sat["net"].to_numpy(), sat["len"].to_numpy())
        self.vpn = _read_cidrs(SHARED / "ip/vpn/x4b_vpn_ipv4.txt")
        self.dc = _read_cidrs(SHARED / "ip/vpn/x4b_datacenter_ipv4.txt")
        self.cloud = {c: _read_cidrs(SHARED / f"ip/cloud/{c}/ipv4_merged.txt")
                      for c in ("amazon", "google", "microsoft", "digitalocean", "linode", "oracle", "cloudflare")}
        # prompts
        ap = pd.read_csv(SHARED / "prompts/awesome-chatgpt-prompts.csv")
        pub = ap["prompt"].dropna().astype(str).str.strip()
        self.public = pub[pub.str.len().between(20, 3000)].to_numpy(dtype=object)
        sents = pd.Series(np.concatenate([re.split(r"(?<=[.!?])\s+", s) for s in self.public]))
        sents = sents.str.strip()
        sents = sents[(sents.str.len() >= 25) & (sents.str.len() <= 220)].drop_duplicates()
        self.sent = sents.to_numpy(dtype=object)
        self.templates = _load_promptsource()


def _load_promptsource() -> pd.DataFrame:
    import yaml

    class L(yaml.SafeLoader):
        pass

    L.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_mapping(node, deep=True))
    rows = []
    root = SHARED / "prompts/promptsource-templates"
    for f in sorted(root.glob("**/templates.yaml")):
        try:
            doc = yaml.load(f.read_text(), Loader=L)
        except Exception:
            continue
        ds = f.relative_to(root).parts[0]
        for tid, tpl in (doc.get("templates") or {}).items():
            src = str(tpl.get("jinja", "")).split("|||")[0]
            src = re.sub(r"\{%.*?%\}", "", src, flags=re.S)
            parts = re.split(r"\{\{.*?\}\}", src, flags=re.S)
            lit = [re.sub(r"[ \t]+", " ", x) for x in parts]
            n_slots = len(lit) - 1
            if 1 <= n_slots <= 5 and sum(len(x.strip()) for x in lit) >= 30:
                rows.append({"dataset": ds, "tid": str(tid), "parts": lit})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- helpers

def ip_str(ip: np.ndarray) -> np.ndarray:
    ip = ip.astype(np.int64)
    s = [pd.Series((ip >> k) & 255).astype(str) for k in (24, 16, 8, 0)]
    return (s[0] + "." + s[1] + "." + s[2] + "." + s[3]).to_numpy(dtype=object)


def nets24(rng, nets, lens, k) -> np.ndarray:
    """k random /24 network bases inside the given prefixes (size-weighted)."""
    size = (1 << (24 - lens)).astype(np.float64)
    i = rng.choice(len(nets), size=k, p=size / size.sum())
    return nets[i] + (rng.integers(0, 1 << 30, k) % (1 << (24 - lens[i]))) * 256


def hosts(rng, cidrs: np.ndarray, k: int) -> np.ndarray:
    """k random host addresses inside a (net, size) CIDR list (size-weighted, capped)."""
    w = np.minimum(cidrs[:, 1], 4096).astype(np.float64)
    i = rng.choice(len(cidrs), size=k, p=w / w.sum())
    return cidrs[i, 0] + 1 + rng.integers(0, 1 << 30, k) % np.maximum(cidrs[i, 1] - 2, 1)


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a deterministic hash of int64 keys (for sticky IP sessions)."""
    z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return (z ^ (z >> np.uint64(31))) >> np.uint64(1)


class Bank:
    """Concatenated pools; an account refers to a pool by (offset, length)."""

    def __init__(self):
        self.chunks, self.n = [], 0

    def add(self, arr) -> tuple[int, int]:
        arr = np.asarray(arr)
        self.chunks.append(arr)
        off = self.n
        self.n += len(arr)
        return off, len(arr)

    def array(self, dtype=None):
        return np.concatenate(self.chunks).astype(dtype) if self.chunks else np.zeros(0, dtype=dtype)


HOUR_PROFILES = {  # local-time hour weights
    "human": np.array([3, 2, 1, .5, .3, .3, .6, 1.5, 3, 4, 4.5, 5, 5.5, 5, 4.5, 4.5, 4.5, 5, 5.5, 6.5, 7, 7, 6, 4.5]),
    "office": np.array([.1, .05, 0, 0, 0, 0, .1, .5, 3, 7, 8, 8, 5, 7, 8, 8, 7, 5, 2, 1, .6, .4, .3, .2]),
    "student": np.array([5, 4, 2.5, 1, .4, .2, .2, .5, 1.5, 3, 3.5, 4, 4, 4.5, 5, 5, 5, 5, 5, 5.5, 6.5, 7, 7, 6.5]),
    "flat": np.ones(24),
    "hack": np.array([2, 1.5, 1, .5, .2, .2, .2, .2, 1, 6, 8, 8, 7, 8, 8, 8, 8, 7, 6, 6, 6, 5, 4, 3]),
}
PROFILE_ID = {k: i for i, k in enumerate(HOUR_PROFILES)}


# --------------------------------------------------------------------------- world

class World:
    def __init__(self, p: Params, ref: Ref):
        self.p, self.ref = p, ref
        self.rng = np.random.default_rng(p.seed)
        self.ip = Bank()      # IPv4 ints (or /24 bases when host_rand)
        self.tpl = Bank()     # template row ids (for task requests)
        self.batch = Bank()   # ring-wide batch hours (UTC)
        self.cols = {k: [] for k in ACCT_COLS}
        self.rings = []
        self.n = 0
        self.org_n = 0
        self.card_n = 0
        self.ua_pool, self.ua_w = self._ua_pool()
        self.sdk = np.array([s.format(m=m) for s in SDKS for m in range(3)], dtype=object)

    # ---- small utilities
    def _ua_pool(self):
        rng = self.rng
        pool = [b.format(v=v, m=m) for b in BROWSERS for v in (126, 127, 128, 129) for m in (1, 4)]
        w = 1.0 / (1 + rng.permutation(len(pool))) ** 0.9
        return np.array(pool, dtype=object), w / w.sum()

    def cards(self, k):
        self.card_n += k
        return [f"pm_{self.p.seed:02d}{i:07x}" for i in range(self.card_n - k, self.card_n)]

    def countries(self, k):
        return self.rng.choice(len(CC), size=k, p=CW)

    def home_ips(self, cc_idx: np.ndarray, mobile=False) -> np.ndarray:
        src = self.ref.mobile if mobile else self.ref.isp
        out = np.zeros(len(cc_idx), dtype=np.int64)
        for c in np.unique(cc_idx):
            m = cc_idx == c
            nets, lens, _ = src[CC[c]]
            out[m] = nets24(self.rng, nets, lens, int(m.sum())) + self.rng.integers(1, 255, int(m.sum()))
        return out

    def created(self, k, lo_days, hi_days):
        """Creation times (seconds relative to the world start) between lo and hi days before it."""
        return -self.rng.uniform(lo_days, hi_days, k) * DAY

    def email(self, cc_idx):
        return np.array([COUNTRIES[c][3][self.rng.integers(len(COUNTRIES[c][3]))] for c in cc_idx], dtype=object)

    # ---- account registration (vectorised over a block of accounts)
    def add(self, k, **kw):
        """Register k accounts; each column is a scalar or a length-k array."""
        base = dict(cohort="", group="", is_ring=False, ring="", variant="", cc=None, created=None, card=None,
                    email=None, org="", n=10, days=None, profile="human", batch=(0, 0), ip1=(0, 1), ip2=(0, 0),
                    p_ip2=0.0, sticky=1.0, host_rand=False, ua_mode=0, ua=None, p_task=0.0, p_pub=0.3, tpl=(0, 0),
                    cot=0.03, cot_set=0, wrap="", layout=0, style=0, app=-1, out_med=250, model_mode=0,
                    jitter_min=59)
        base.update(kw)
        if base["cc"] is None:
            base["cc"] = self.countries(k)
        if base["email"] is None:
            base["email"] = self.email(np.broadcast_to(base["cc"], (k,)))
        if base["card"] is None:
            base["card"] = self.cards(k)
        if base["created"] is None:
            base["created"] = self.created(k, 30, 900)
        if base["ua"] is None:
            base["ua"] = self.rng.choice(self.ua_pool, size=k, p=self.ua_w)
        if base["days"] is None:
            base["days"] = self.active_days(k, 0.3)
        for c in ACCT_COLS:
            v = base[c]
            if c == "days":
                self.cols[c].append(np.asarray(v, dtype=bool).reshape(k, DAYS))
            elif c in PAIR_COLS:
                a = np.asarray(v, dtype=np.int64)
                self.cols[c].append(np.broadcast_to(a, (k, 2)) if a.ndim == 1 else a.reshape(k, 2))
            else:
                arr = np.asarray(v, dtype=object if isinstance(v, (str, list)) or
                                 (isinstance(v, np.ndarray) and v.dtype == object) else None)
                self.cols[c].append(np.broadcast_to(arr, (k,)) if arr.ndim == 0 else arr.reshape(k))
        ids = np.arange(self.n, self.n + k)
        self.n += k
        return ids

    def active_days(self, k, frac, window=None, weekdays_only=False):
        lo, hi = window if window is not None else (0, DAYS)
        frac = np.broadcast_to(np.asarray(frac, dtype=float), (k,))
        d = (self.rng.random((k, DAYS)) < frac[:, None])
        idx = np.arange(DAYS)
        d &= (idx >= lo) & (idx < hi) if np.ndim(lo) == 0 else (idx[None] >= lo[:, None]) & (idx[None] < hi[:, None])
        if weekdays_only:
            d &= (idx % 7) < 5
        empty = ~d.any(1)
        if empty.any():  # at least one active day
            l0 = np.broadcast_to(lo, (k,))[empty]
            h0 = np.broadcast_to(hi, (k,))[empty]
            d[np.flatnonzero(empty), (l0 + self.rng.integers(0, 1 << 20, empty.sum()) % np.maximum(h0 - l0, 1))] = True
        return d

    def lognorm_n(self, k, median, sigma, lo=1, hi=None):
        x = np.exp(np.log(median) + sigma * self.rng.standard_normal(k))
        return np.clip(np.round(x), lo, hi if hi else LIMIT * DAYS).astype(int)


PAIR_COLS = ("ip1", "ip2", "batch", "tpl")
ACCT_COLS = ["cohort", "group", "is_ring", "ring", "variant", "cc", "created", "card", "email", "org", "n", "days",
             "profile", "batch", "ip1", "ip2", "p_ip2", "sticky", "host_rand", "ua_mode", "ua", "p_task", "p_pub",
             "tpl", "cot", "cot_set", "wrap", "layout", "style", "app", "out_med", "model_mode", "jitter_min"]


# --------------------------------------------------------------------------- benign cohorts

BENIGN_SHARES = {
    "individual": 0.33, "wrapper_app": 0.12, "relay": 0.10, "mooc": 0.09, "family": 0.08, "mobile": 0.06,
    "vpn_user": 0.06, "starlink": 0.045, "hackathon": 0.035, "coworking": 0.03, "translation": 0.012,
    "eval_harness": 0.007, "heavy_app": 0.002,
}


def _groups(rng, total: int, lo: int, hi: int, min_size: int):
    """(index, size) of consecutive groups of lo..hi-1 accounts until fewer than min_size are left."""
    left, g = total, 0
    while left >= min_size:
        s = int(min(left, rng.integers(lo, hi)))
        yield g, s
        left -= s
        g += 1


def build_benign(w: World, n_benign: int, pools: dict):
    rng = w.rng
    quota = {k: int(round(v * n_benign)) for k, v in BENIGN_SHARES.items()}
    quota["individual"] += n_benign - sum(quota.values())
    T = w.ref.templates
    start = w.n

    def indiv_like(k, cohort, ip1, sticky=1.0, group="", profile="human", cc=None, **kw):
        cc = w.countries(k) if cc is None else cc
        n = w.lognorm_n(k, 18, 1.0, 1, 900)
        frac = np.clip(n / 6 / DAYS, 0.05, 0.9)
        kw.setdefault("p_ip2", 0.12)
        if "ip2" not in kw:
            kw["ip2"] = np.stack([w.ip.add(w.home_ips(cc, mobile=True))[0] + np.arange(k), np.ones(k, int)], 1)
        return w.add(k, cohort=cohort, group=group, cc=cc, n=n, days=w.active_days(k, frac), ip1=ip1,
                     sticky=sticky, profile=profile, **kw)


    # mobile carriers: shared egress pools per carrier (4 carriers in 4 countries)
    k = quota["mobile"]
    car = rng.choice(len(CC), size=4, replace=False, p=CW)
    which = rng.integers(0, 4, k)
    for j, c in enumerate(car):
        m = which == j
        nets, lens, _ = w.ref.mobile[CC[c]]
        bases = nets24(rng, nets, lens, int(rng.integers(2, 6)))
        n_ip = int(rng.integers(40, 160))
        pool = w.ip.add(bases[rng.integers(0, len(bases), n_ip)] + rng.integers(1, 255, n_ip))
        indiv_like(int(m.sum()), "benign_mobile", pool, sticky=0.5, group=f"carrier-{CC[c]}",
                   cc=np.full(int(m.sum()), c), p_ip2=0.0, ua=rng.choice(w.ua_pool[-10:], int(m.sum())))

    # VPN users on the commercial exits the rings also use
    k = quota["vpn_user"]
    prov = rng.integers(0, len(pools["vpn"]), k)
    ip1 = np.array([pools["vpn"][i] for i in prov])
    indiv_like(k, "benign_vpn_user", ip1, sticky=2.0, group="", variant=np.array([f"vpn-{i}" for i in prov], dtype=object))

    # iCloud-Private-Relay / secure-web-gateway users: thousands over a few hundred egress IPs
    k = quota["relay"]
    kind = rng.random(k) < 0.6
    ip1 = np.where(kind[:, None], np.array(pools["relay"])[rng.integers(0, len(pools["relay"]), k)],
                   np.array(pools["swg"])[rng.integers(0, len(pools["swg"]), k)])
    indiv_like(k, "benign_relay", ip1, sticky=1.0, p_ip2=0.05, profile=np.where(kind, "human", "office"),
               variant=np.where(kind, "private_relay", "secure_web_gateway"),
               org=np.where(kind, "", np.array([f"org-swg-{i}" for i in rng.integers(0, 40, k)], dtype=object)))

    # Starlink-like CGNAT: a few public IPs per region shared by everyone there, new one each day
    k = quota["starlink"]
    reg = rng.integers(0, len(pools["sat"]), k)
    indiv_like(k, "benign_starlink", np.array([pools["sat"][i] for i in reg]), sticky=24.0, p_ip2=0.03,
               group=np.array([f"sat-{i}" for i in reg], dtype=object))

    # families: one card, 2-6 members, different places (home, college, parents')
    for g, s in _groups(rng, quota["family"], 2, 7, 2):
        cc = np.full(s, w.countries(1)[0])
        home = w.home_ips(cc[:1])[0]
        own = np.where(rng.random(s) < 0.55, home, w.home_ips(cc))
        off, _ = w.ip.add(own)
        card = w.cards(1)[0]
        indiv_like(s, "benign_family", np.stack([off + np.arange(s), np.ones(s, int)], 1), cc=cc,
                   group=f"fam-{g}", card=card, email=w.email(cc))

    # coworking spaces: unrelated people on one venue NAT on weekdays, own cards, no org
    for g, s in _groups(rng, quota["coworking"], 20, 81, 5):
        cc = np.full(s, w.countries(1)[0])
        venue = w.ip.add(w.home_ips(cc[:2]))
        off, _ = w.ip.add(w.home_ips(cc))
        indiv_like(s, "benign_coworking", venue, cc=cc, group=f"cowork-{g}", profile="office",
                   ip2=np.stack([off + np.arange(s), np.ones(s, int)], 1), p_ip2=0.4,
                   ua_mode=np.where(rng.random(s) < 0.3, 2, 0))

    # wrapper apps / browser extensions: thousands send one system prompt around their own text
    k = quota["wrapper_app"]
    napp = len(APPS)
    pw = 1.0 / (1 + np.arange(napp)) ** 0.8
    app = rng.choice(napp, size=k, p=pw / pw.sum())
    cc = w.countries(k)
    off, _ = w.ip.add(w.home_ips(cc))
    app_ua = np.array([f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/128.0.0.0 Safari/537.36 "
                       f"{a[0]}/{2 + i % 3}.{i}" for i, a in enumerate(APPS)], dtype=object)
    n = w.lognorm_n(k, 20, 0.9, 2, 400)
    w.add(k, cohort="benign_wrapper_app", group=np.array([f"app-{a}" for a in app], dtype=object), cc=cc, n=n,
          days=w.active_days(k, np.clip(n / 5 / DAYS, 0.05, 0.9)),
          ip1=np.stack([off + np.arange(k), np.ones(k, int)], 1), ua=app_ua[app], app=app, p_task=0.92,
          p_pub=0.02, cot=0.0, variant=np.array([APPS[a][0] for a in app], dtype=object))

    # MOOC cohorts: hundreds of students, same assignment templates, same week, sign-ups at course start
    for g, s in _groups(rng, quota["mooc"], 150, 601, 20):
        wk = int(rng.integers(0, DAYS - 7))
        tids = rng.choice(len(T), size=int(rng.integers(3, 7)), replace=False)
        tp = w.tpl.add(tids)
        cc = np.where(rng.random(s) < 0.5, w.countries(1)[0], w.countries(s))
        off, _ = w.ip.add(w.home_ips(cc))
        n = w.lognorm_n(s, 30, 0.6, 4, 300)
        created = np.where(rng.random(s) < 0.7, w.created(s, -wk - 1, -wk + 3), w.created(s, 30, 700))
        w.add(s, cohort="benign_mooc", group=f"mooc-{g}", cc=cc, n=n, created=created,
              days=w.active_days(s, 0.6, window=(wk, wk + 7)), ip1=np.stack([off + np.arange(s), np.ones(s, int)], 1),
              profile="student", tpl=tp, p_task=0.6, p_pub=0.05, cot=0.35, cot_set=1,
              email=np.where(rng.random(s) < 0.3, f"learner.mooc{g}.edu", w.email(cc)))

    # hackathons: one venue IP, one weekend day, one starter template, SDK client, sign-ups that day
    for g, s in _groups(rng, quota["hackathon"], 40, 251, 10):
        day = int(rng.choice(np.arange(5, DAYS, 7)))  # a Saturday
        cc = np.full(s, w.countries(1)[0])
        venue = w.ip.add(w.home_ips(cc[:int(rng.integers(1, 4))]))
        tid = int(rng.integers(len(T)))
        tp = w.tpl.add([tid])
        d = np.zeros((s, DAYS), bool)
        d[:, day] = True
        d[:, min(day + 1, DAYS - 1)] = rng.random(s) < 0.5
        created = np.where(rng.random(s) < 0.75, w.created(s, -day - 0.6, -day + 1), w.created(s, 20, 600))
        sdk = w.sdk[rng.integers(0, len(w.sdk), 3)]
        n = rng.integers(10, 41, s) if "quiethack" in w.p.ablate else rng.integers(30, 151, s)
        w.add(s, cohort="benign_hackathon", group=f"hack-{g}", cc=cc, n=n,
              created=created, days=d, ip1=venue, profile="hack", tpl=tp, p_task=0.7, p_pub=0.05,
              cot=0.08, ua=sdk[rng.integers(0, 3, s)], out_med=350,
              email=np.where(rng.random(s) < 0.4, "student.uni.edu", w.email(cc)))

    # translation agencies: office + home, declared org (70 %), corporate card (80 %), narrow verbatim templates
    for g, s in _groups(rng, quota["translation"], 5, 31, 3):
        cc = np.full(s, w.countries(1)[0])
        office = w.ip.add(w.home_ips(cc[:1]))
        off, _ = w.ip.add(w.home_ips(cc))
        l1, l2 = rng.choice(len(LANGS), 2, replace=False)
        tids = [len(T) + 2 * g, len(T) + 2 * g + 1]  # synthetic agency templates, rendered below
        pools["agency_tpl"].append((LANGS[l1], LANGS[l2], g))
        tp = w.tpl.add(tids)
        card = w.cards(1)[0] if rng.random() < 0.8 else None
        org = f"org-tr-{g}" if rng.random() < 0.7 else ""
        n = rng.integers(15, 41, s) * rng.integers(8, 16, s)
        dom = f"lingua{g}-translations.com"
        w.add(s, cohort="benign_translation", group=f"agency-{g}", cc=cc, n=n,
              days=w.active_days(s, 0.75, weekdays_only=True), ip1=office,
              ip2=np.stack([off + np.arange(s), np.ones(s, int)], 1), p_ip2=0.4, profile="office", tpl=tp,
              p_task=0.85, p_pub=0.02, cot=0.0, out_med=700, card=card, org=org, email=dom,
              ua=(np.full(s, "TransDeskCAT/5.2 (Windows)", dtype=object) if g % 2 == 0 else None))

    # evaluation harnesses: a company's few accounts on a cloud /24, benchmark templates + CoT, machine pace
    bench = np.flatnonzero(T["dataset"].isin(BENCH_DATASETS).to_numpy())
    for g, s in _groups(rng, quota["eval_harness"], 2, 7, 2):
        cloud = w.ref.cloud[["amazon", "google", "microsoft"][g % 3]]
        base = hosts(rng, cloud, 1)[0] & ~255
        ipp = w.ip.add(base + rng.integers(1, 255, int(rng.integers(2, 9))))
        tids = rng.choice(bench, size=min(len(bench), int(rng.integers(5, 16))), replace=False)
        tp = w.tpl.add(tids)
        run = rng.choice(DAYS, size=int(rng.integers(2, 6)), replace=False)
        d = np.zeros((s, DAYS), bool)
        d[:, run] = True
        card = w.cards(1)[0] if rng.random() < 0.7 else None
        org = f"org-eval-{g}" if rng.random() < 0.5 else ""
        w.add(s, cohort="benign_eval_harness", group=f"evalco-{g}", n=len(run) * rng.integers(60, 141, s), days=d,
              ip1=ipp, sticky=0.0, profile="flat", tpl=tp, p_task=0.95, p_pub=0.0, cot=0.8, cot_set=2,
              ua=w.sdk[rng.integers(0, 6)], out_med=900, card=card, org=org, email=f"evalco{g}.ai", model_mode=2,
              jitter_min=59)

    # heavy single-account API apps on cloud IPs, a public template (shared by a few apps)
    k = quota["heavy_app"]
    pub = rng.choice(len(T), size=max(1, k // 3), replace=False)
    for i in range(k):
        ipp = w.ip.add(hosts(rng, w.ref.cloud["amazon"], int(rng.integers(1, 4))))
        tp = w.tpl.add([pub[i % len(pub)]])
        w.add(1, cohort="benign_heavy_app", n=int(rng.integers(50, 96)) * DAYS, days=np.ones((1, DAYS), bool),
              ip1=ipp, profile="flat", tpl=tp, p_task=0.97, p_pub=0.0, cot=0.15 if i % 5 == 0 else 0.0, cot_set=2,
              ua=w.sdk[rng.integers(0, len(w.sdk))], out_med=400, model_mode=1, email=f"app{i}.io")

    # individuals: own home IP, a mobile IP sometimes
    k = n_benign - (w.n - start)  # the bulk, and whatever group sizes left over
    cc = w.countries(k)
    off, _ = w.ip.add(w.home_ips(cc))
    indiv_like(k, "benign_individual", np.stack([off + np.arange(k), np.ones(k, int)], 1), cc=cc,
                ua_mode=np.where(rng.random(k) < 0.12, 2, 0), p_pub=0.3, cot=0.03)


# --------------------------------------------------------------------------- rings

RING_INFRA = [("resi24", 0.37), ("vpn", 0.24), ("ownip", 0.2), ("cloudmix", 0.13), ("crude", 0.06)]


def ring_sizes(rng, total: int, mode: str) -> list[int]:
    out = []
    while total - sum(out) >= 3:
        left = total - sum(out)
        if mode == "large" or (mode == "mixed" and rng.random() < 0.5):
            s = int(np.exp(rng.uniform(np.log(40 if mode == "large" else 16), np.log(400 if mode == "large" else 300))))
        else:
            s = int(rng.integers(3, 6)) if rng.random() < 0.4 else int(rng.integers(6, 16))
        s = min(s, left)
        if left - s < 3 and left - s > 0:
            s = left if (mode != "small" or left <= 15) else s
        out.append(s)
    return out


def build_rings(w: World, n_ring: int, pools: dict):
    rng = w.rng
    T = w.ref.templates
    # harvesting favours narrow capabilities: reasoning / QA / math / code datasets weigh more
    narrow = T["dataset"].str.contains("qa|math|arc|code|gsm|aqua|logic|reason|science|sciq|squad|trivia|hotpot|"
                                       "drop|race|commonsense|piqa|wino|anli|nli|glue", regex=True).to_numpy()
    tw = np.where(narrow, 3.0, 1.0)
    tw /= tw.sum()
    infra_names = [x[0] for x in RING_INFRA]
    infra_p = np.array([x[1] for x in RING_INFRA])
    sizes = ring_sizes(rng, n_ring, w.p.ring_sizes)
    forced_crude = len(sizes) >= 5
    for r, s in enumerate(sizes):
        rid = f"R{w.p.seed:02d}-{r:03d}"
        infra = str(rng.choice(infra_names, p=infra_p))
        if forced_crude and r == len(sizes) - 1 and not any(x["variant"].startswith("crude") for x in w.rings):
            infra = "crude"  # at least one crude ring (shared cards) in worlds with five or more rings
        timing = str(rng.choice(["batch", "human", "flat"], p=[0.4, 0.35, 0.25]))
        if infra == "ownip" and rng.random() < 0.7:
            timing = "batch"
        ua = "sdk" if infra == "crude" else str(rng.choice(["rotate", "peracct", "sdk"], p=[0.45, 0.4, 0.15]))
        waves = infra != "crude" and rng.random() < 0.5
        wrap = infra != "crude" and rng.random() < 0.6
        shuffle = infra != "crude" and rng.random() < 0.5
        lowslow = rng.random() < 0.35
        flags = [x for x, on in (("waves", waves), ("wrap", wrap), ("shuffle", shuffle), ("lowslow", lowslow)) if on]
        variant = "|".join([infra, timing, "ua_" + ua] + flags)
        cc = w.countries(s)
        # sign-ups: one burst (crude), 2-4 waves months apart, or staggered
        if infra == "crude":
            created = w.created(s, 3, 5)
        elif waves:
            nw = int(rng.integers(2, 5))
            wave_age = np.sort(rng.uniform(20, 400, nw))
            wv = rng.integers(0, nw, s)
            created = w.created(s, 0, 6) - wave_age[wv] * DAY
        else:
            created = w.created(s, 10, 420)
        # activity: 20-50 % of the daily limit on active days
        share = rng.uniform(0.2, 0.35, s) if lowslow else rng.uniform(0.25, 0.5, s)
        frac = rng.uniform(0.5, 0.85) if lowslow else rng.uniform(0.2, 0.55)
        if waves:  # later waves start later in the window, earlier ones may retire
            lo = np.minimum((wv * DAYS // (nw + 1)), DAYS - 5)
            days = w.active_days(s, frac, window=(lo, np.full(s, DAYS)))
        else:
            days = w.active_days(s, frac)
        n = np.maximum(3, (share * LIMIT * days.sum(1) * rng.uniform(0.85, 1.0, s)).astype(int))
        # infrastructure
        sticky, host_rand, ip2, p_ip2 = 0.0, False, (0, 0), 0.0
        card = None
        if infra == "resi24":  # huge residential pool: /24s of a few ISPs, a random host per request
            ccs = rng.choice(len(CC), size=int(rng.integers(1, 4)), replace=False, p=CW)
            nets = np.concatenate([nets24(rng, *w.ref.isp[CC[c]][:2], int(rng.integers(150, 1200))) for c in ccs])
            ip1 = w.ip.add(nets)
            host_rand = True
            sticky = 0.0 if rng.random() < 0.6 else 1.0
            cc = rng.choice(ccs, size=s)
        elif infra == "vpn":  # the same commercial exits benign VPN users use
            ip1 = pools["vpn"][int(rng.integers(len(pools["vpn"])))]
            sticky = float(rng.choice([0.0, 1.0, 3.0]))
        elif infra == "ownip":  # one sticky residential proxy IP per account (changes weekly at most)
            ips = w.home_ips(np.repeat(cc, 2))
            off, _ = w.ip.add(ips)
            ip1 = np.stack([off + 2 * np.arange(s), np.full(s, 2)], 1)
            sticky = 24.0 * 7
        elif infra == "cloudmix":  # many cloud /24s from several providers, a random host per request
            nets = np.concatenate([hosts(rng, w.ref.cloud[c], int(rng.integers(10, 60))) & ~255
                                   for c in ("amazon", "google", "microsoft", "digitalocean", "linode", "oracle")])
            ip1 = w.ip.add(nets)
            host_rand = True
        else:  # crude: shared cards + one rented datacenter /24
            base = hosts(rng, w.ref.dc, 1)[0] & ~255
            ip1 = w.ip.add(base + rng.integers(1, 255, 12))
            card = np.array(w.cards(2), dtype=object)[rng.integers(0, 2, s)]
        # templates: a ring pool of 8-30, each account a subset of 5-20
        pool = rng.choice(len(T), size=int(rng.integers(8, 31)), replace=False, p=tw)
        sub = [rng.choice(pool, size=min(len(pool), int(rng.integers(5, 21))), replace=False) for _ in range(s)]
        offs = [w.tpl.add(x) for x in sub]
        tp = np.array(offs)
        bh = w.batch.add(rng.choice(24, size=int(rng.integers(3, 7)), replace=False)) if timing == "batch" else (0, 0)
        profile = {"batch": "flat", "human": "human", "flat": "flat"}[timing]
        wraps = np.array(["" for _ in range(s)], dtype=object)
        if wrap:
            wraps = np.array([f"You are a {RING_ROLES[a]}. {RING_TONES[b]} {RING_FORMATS[c]}".strip() + "\n\n"
                              for a, b, c in zip(rng.integers(0, len(RING_ROLES), s), rng.integers(0, len(RING_TONES), s),
                                                 rng.integers(0, len(RING_FORMATS), s))], dtype=object)
        if "nowrap" in w.p.ablate:  # same random draws, wrappers blanked
            wraps[:] = ""
        cot = rng.uniform(0.3, 0.9) * (0.0 if "nocot" in w.p.ablate else 1.0)
        ua_mode = {"rotate": 1, "peracct": 0, "sdk": 0}[ua]
        uas = w.sdk[np.full(s, rng.integers(0, len(w.sdk)))] if ua == "sdk" else None
        email = np.where(rng.random(s) < 0.1, "mailbox.org", w.email(cc)) if infra != "crude" else \
            np.full(s, ["proton.me", "tutanota.com"][r % 2], dtype=object)
        w.add(s, cohort="ring_small" if s <= 15 else "ring_large", group=rid, is_ring=True, ring=rid,
              variant=variant, cc=cc, created=created, card=card, email=email, n=n, days=days, profile=profile,
              batch=bh, ip1=ip1, ip2=ip2, p_ip2=p_ip2, sticky=sticky, host_rand=host_rand, ua_mode=ua_mode, ua=uas,
              p_task=rng.uniform(0.4, 0.85), p_pub=0.35, tpl=tp, cot=cot, cot_set=0, wrap=wraps,
              layout=rng.integers(0, 3, s) if shuffle else 0, style=rng.integers(0, 4, s) if shuffle else 0,
              out_med=int(rng.integers(600, 1300)), model_mode=1 if rng.random() < 0.3 else 3, jitter_min=40)
        w.rings.append({"ring": rid, "size": s, "variant": variant, "templates": int(len(pool))})


# --------------------------------------------------------------------------- events

def render_templates(w: World, tid: np.ndarray, acct: np.ndarray, A: dict, agency: list) -> np.ndarray:
    """Prompt text for task requests: template parts filled with fresh text, per-account layout/style."""
    rng = w.rng
    T = w.ref.templates
    S = w.ref.sent
    out = np.empty(len(tid), dtype=object)
    lay = A["layout"][acct]
    sty = A["style"][acct]
    key = pd.DataFrame({"t": tid, "l": lay, "s": sty})
    for (t, l, s), idx in key.groupby(["t", "l", "s"], sort=False).indices.items():
        k = len(idx)
        if t >= len(T):  # synthetic translation-agency template
            l1, l2, g = agency[(t - len(T)) // 2]
            if (t - len(T)) % 2 == 0:
                parts = [f"Translate the following {l1} text into {l2}. Keep the client's terminology, formatting and "
                         f"tone; do not add notes.\n\n", ""]
            else:
                parts = [f"Proofread this {l2} translation against the {l1} source and list every error with a "
                         f"correction.\n\nSource:\n", "\n\nTranslation:\n", ""]
        else:
            parts = list(T.at[int(t), "parts"])
        fills = [S[rng.integers(0, len(S), k)] for _ in range(len(parts) - 1)]
        two = rng.random(k) < 0.3
        fills = [np.where(two, f + " " + S[rng.integers(0, len(S), k)], f) for f in fills]
        lit = [p.lower() if s == 1 else (p.replace("\n", " ") if s == 2 else p) for p in parts]
        if s == 3:
            lit[0] = "Task: " + lit[0]
        if l == 0:
            txt = np.full(k, lit[0], dtype=object)
            for f, p in zip(fills, lit[1:]):
                txt = txt + f + p
        elif l == 1:  # inputs first, instruction after
            txt = fills[0]
            for f in fills[1:]:
                txt = txt + "\n" + f
            instr = lit[0] + "".join(f"[{i + 1}]" + p for i, p in enumerate(lit[1:]))
            txt = txt + "\n\n" + instr
        else:  # instruction first, inputs listed below
            instr = lit[0] + "".join("(see below)" + p for p in lit[1:])
            txt = np.full(k, instr + "\n\n", dtype=object)
            for i, f in enumerate(fills):
                txt = txt + f"Input {i + 1}: " + f + "\n"
        out[idx] = txt
    return out


def gen_events(w: World, pools: dict) -> pd.DataFrame:
    rng = w.rng
    A = {c: (np.concatenate(v) if c not in ("ip1", "ip2", "batch", "tpl", "days") else np.concatenate(v).astype(
        np.int64 if c != "days" else bool)) for c, v in w.cols.items()}
    N = w.n
    n = A["n"].astype(np.int64)
    days_cnt = A["days"].sum(1)
    n = np.minimum(n, days_cnt * LIMIT - 1)
    acct = np.repeat(np.arange(N), n)
    E = len(acct)
    # day: uniform over the account's active days
    dflat = np.nonzero(A["days"])[1]
    doff = np.concatenate([[0], np.cumsum(days_cnt)[:-1]])
    day = dflat[doff[acct] + (rng.random(E) * days_cnt[acct]).astype(np.int64)]
    # hour: local-time profile, or ring-wide batch hours (UTC)
    prof = np.array([PROFILE_ID[p] for p in A["profile"]])[acct]
    hour = np.zeros(E)
    for name, pid in PROFILE_ID.items():
        m = prof == pid
        if m.any():
            cdf = np.cumsum(HOUR_PROFILES[name]) / HOUR_PROFILES[name].sum()
            hour[m] = np.searchsorted(cdf, rng.random(int(m.sum()))) - TZ[A["cc"][acct[m]].astype(int)]
    bo, bl = A["batch"][acct, 0], A["batch"][acct, 1]
    bm = bl > 0
    if bm.any():
        BH = w.batch.array(np.int64)
        hour[bm] = BH[bo[bm] + (rng.random(int(bm.sum())) * bl[bm]).astype(np.int64)]
    jit = A["jitter_min"][acct].astype(float)
    sec = np.where(bm, rng.random(E) * jit * 60, rng.random(E) * HOUR)
    t = day * DAY + hour * HOUR + sec
    t = np.mod(t, DAYS * DAY)
    # IP: pool entry, sticky for `sticky` hours (0 = a new one per request)
    IPS = w.ip.array(np.int64)
    use2 = rng.random(E) < A["p_ip2"][acct].astype(float)
    po = np.where(use2, A["ip2"][acct, 0], A["ip1"][acct, 0])
    pl = np.where(use2, A["ip2"][acct, 1], A["ip1"][acct, 1])
    use2 &= pl > 0
    po = np.where(pl > 0, po, A["ip1"][acct, 0])
    pl = np.where(pl > 0, pl, A["ip1"][acct, 1])
    st = A["sticky"][acct].astype(float)
    bucket = np.where(st > 0, np.floor(t / (np.maximum(st, 1e-9) * HOUR)), np.arange(E) + 10 ** 7)
    h = mix64(acct.astype(np.int64) * 1_000_003 + bucket.astype(np.int64) * 7 + use2)
    ipi = IPS[po + (h % pl.astype(np.uint64)).astype(np.int64)]
    hr = A["host_rand"][acct].astype(bool) & ~use2
    ipi = np.where(hr, ipi + 1 + ((h >> np.uint64(20)) % np.uint64(254)).astype(np.int64), ipi)
    ip = ip_str(ipi)
    # user agent: the account's own, a per-request draw from the benign mix, or an SDK on some requests
    ua = A["ua"][acct].astype(object)
    um = A["ua_mode"][acct].astype(int)
    rot = um == 1
    ua[rot] = rng.choice(w.ua_pool, size=int(rot.sum()), p=w.ua_w)
    dev = (um == 2) & (rng.random(E) < 0.5)
    ua[dev] = w.sdk[rng.integers(0, len(w.sdk), int(dev.sum()))]
    # request kind: task template / public prompt / own text
    u = rng.random(E)
    ptask = A["p_task"][acct].astype(float)
    ppub = A["p_pub"][acct].astype(float) * (1 - ptask)
    app = A["app"][acct].astype(int)
    task = (u < ptask) & ((A["tpl"][acct, 1] > 0) | (app >= 0))
    task_app = task & (app >= 0)
    task_tpl = task & (app < 0)
    pub = ~task & (u < ptask + ppub)
    own = ~task & ~pub
    S = w.ref.sent
    prompt = np.empty(E, dtype=object)
    k = int(own.sum())
    body = S[rng.integers(0, len(S), k)]
    two = rng.random(k) < 0.5
    prompt[own] = np.where(two, body + " " + S[rng.integers(0, len(S), k)], body)
    P = w.ref.public
    zipf = 1.0 / (1 + np.arange(len(P))) ** 1.1
    prompt[pub] = P[rng.choice(len(P), size=int(pub.sum()), p=zipf / zipf.sum())]
    k = int(task_app.sum())
    if k:
        head = np.array([a[1] for a in APPS], dtype=object)[app[task_app]]
        txt = S[rng.integers(0, len(S), k)]
        two = rng.random(k) < 0.6
        prompt[task_app] = head + np.where(two, txt + " " + S[rng.integers(0, len(S), k)], txt)
    TP = w.tpl.array(np.int64)
    ai = acct[task_tpl]
    tid = TP[A["tpl"][ai, 0] + (rng.random(len(ai)) * A["tpl"][ai, 1]).astype(np.int64)]
    prompt[task_tpl] = render_templates(w, tid, ai, A, pools["agency_tpl"])
    # system-prompt wrapper per account (rings)
    wr = A["wrap"][acct].astype(object)
    hw = task_tpl & (wr != "")
    prompt[hw] = wr[hw] + prompt[hw]
    # chain-of-thought elicitation
    cot = rng.random(E) < A["cot"][acct].astype(float) * np.where(task, 1.0, 0.15)
    cs = A["cot_set"][acct].astype(int)
    for set_id, words in ((0, COT), (1, COT_HOMEWORK), (2, COT[:1])):
        m = cot & (cs == set_id)
        if set_id == 0:  # rings and individuals: a preferred wording per account, sometimes others
            pref = mix64(acct[m].astype(np.int64)) % np.uint64(len(words))
            other = rng.integers(0, len(words), int(m.sum()))
            wi = np.where(rng.random(int(m.sum())) < 0.75, pref.astype(np.int64), other)
        else:
            wi = rng.integers(0, len(words), int(m.sum()))
        prompt[m] = prompt[m] + np.where(rng.random(int(m.sum())) < 0.8, "\n\n", " ") + np.array(words, dtype=object)[wi]
    # output tokens, model
    med = A["out_med"][acct].astype(float) * np.where(task, 1.0, 0.45) * np.where(cot, 1.6, 1.0)
    out_tok = np.clip(np.exp(np.log(med) + 0.6 * rng.standard_normal(E)), 5, 8000).astype(np.int32)
    models = np.array(["apex-large", "apex-medium", "apex-small", "apex-reasoner"], dtype=object)
    mm = A["model_mode"][acct].astype(int)
    mp = {0: [0.3, 0.45, 0.15, 0.1], 1: [0.05, 0.15, 0.8, 0.0], 2: [0.25, 0.25, 0.25, 0.25], 3: [0.7, 0.0, 0.0, 0.3]}
    model = np.empty(E, dtype=object)
    for k_, pr in mp.items():
        m = mm == k_
        model[m] = models[rng.choice(4, size=int(m.sum()), p=pr)]
    keyn = mix64(acct.astype(np.int64) + 99) % np.uint64(3)
    # account ids in random order (ring members are not numbered together)
    ids = np.array([f"a{w.p.seed:02d}-{i:06d}" for i in rng.permutation(N)], dtype=object)
    ev = pd.DataFrame({
        "account_id": ids[acct],
        "timestamp": START + pd.to_timedelta(np.round(t).astype(np.int64), unit="s"),
        "ip": ip, "payment_method": A["card"][acct].astype(object), "prompt": prompt, "user_agent": ua,
        "output_tokens": out_tok,
        "api_key_id": pd.Series(ids[acct]).str.replace("a", "k", n=1).to_numpy(dtype=object) + "-" +
        pd.Series((np.where(rng.random(E) < 0.8, 0, keyn)).astype(np.int64)).astype(str).to_numpy(dtype=object),
        "model": model,
    })
    ev = ev.sort_values("timestamp", kind="stable").reset_index(drop=True)
    return ev, A, ids


def shared_pools(w: World) -> dict:
    rng, ref = w.rng, w.ref
    pools = {"agency_tpl": []}
    # commercial VPN providers: 5 providers with 60-400 exits each (x4b VPN ranges)
    pools["vpn"] = [w.ip.add(hosts(rng, ref.vpn, int(rng.integers(60, 401)))) for _ in range(5)]
    # private relay egress: 3 regions x 60-150 egress IPs in Cloudflare space; SWG: 4 x 40-80 datacenter IPs
    pools["relay"] = [w.ip.add(hosts(rng, ref.cloud["cloudflare"], int(rng.integers(60, 151)))) for _ in range(3)]
    pools["swg"] = [w.ip.add(hosts(rng, ref.dc, int(rng.integers(40, 81)))) for _ in range(4)]
    # satellite CGNAT: 3 regions x 8-30 public IPs
    src = ref.sat if len(ref.sat[0]) else (ref.isp["US"][0], ref.isp["US"][1])
    pools["sat"] = [w.ip.add(nets24(rng, src[0], src[1], 1)[0] + rng.integers(1, 255, int(rng.integers(8, 31))))
                    for _ in range(3)]
    return pools


def write_world(out: Path, ev: pd.DataFrame, A: dict, ids: np.ndarray, start: pd.Timestamp,
                perm: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Write events.parquet, accounts.csv and truth.csv (account rows in ``perm`` order when given).

    ``A`` holds the per-account columns ``created`` (seconds from ``start``; moved to a minute before the
    first request when later), ``card, email, cc, org, is_ring, ring, group, cohort, variant``."""
    first = ((ev.groupby("account_id")["timestamp"].min() - start) / pd.Timedelta(seconds=1)).reindex(ids)
    created = np.fmin(A["created"].astype(float), first.to_numpy(dtype=float) - 60)
    created_at = (start + pd.to_timedelta(np.round(created).astype(np.int64), unit="s")).strftime("%Y-%m-%dT%H:%M:%SZ")
    ac = pd.DataFrame({"account_id": ids, "created_at": created_at,
                       "payment_method": A["card"], "email_domain": A["email"],
                       "country": np.array(CC, dtype=object)[A["cc"].astype(int)], "org_id": A["org"]})
    truth = pd.DataFrame({"account_id": ids, "is_ring": A["is_ring"].astype(bool),
                          "ring_id": A["ring"], "group_id": A["group"], "cohort": A["cohort"],
                          "variant": A["variant"]})
    if perm is not None:
        ac, truth = ac.iloc[perm].reset_index(drop=True), truth.iloc[perm].reset_index(drop=True)
    out.mkdir(parents=True, exist_ok=True)
    _atomic(out / "events.parquet", lambda f: ev.to_parquet(f, index=False))
    _atomic(out / "accounts.csv", lambda f: ac.to_csv(f, index=False))
    _atomic(out / "truth.csv", lambda f: truth.to_csv(f, index=False))
    return ac, truth


def generate(p: Params, out: Path, ref: Ref | None = None) -> dict:
    t0 = time.perf_counter()
    ref = ref or Ref()
    w = World(p, ref)
    n_ring = int(round(p.ring_share * p.accounts))
    pools = shared_pools(w)
    build_rings(w, n_ring, pools)
    n_ring = w.n
    build_benign(w, p.accounts - n_ring, pools)
    ev, A, ids = gen_events(w, pools)
    ac, truth = write_world(out, ev, A, ids, START)
    return write_summary(out, "world3", p, ev, ac, truth, w.rings, t0, LIMIT, DAYS, START)


def world_main(argv, doc: str, generate, params, days: int, max_days: int) -> int:
    """The command line of a generator with ``--accounts/--seed/--ring-share/--ring-sizes/--days/--out``
    (world5, world6): generate ``params(accounts, seed, ring_share, ring_sizes, days)`` and print its summary."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.01)
    ap.add_argument("--ring-sizes", choices=["mixed", "small", "large"], default="mixed")
    ap.add_argument("--days", type=int, default=days, choices=range(1, max_days + 1), metavar=f"{{1..{max_days}}}")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    s = generate(params(a.accounts, a.seed, a.ring_share, a.ring_sizes, a.days), a.out)
    print(json.dumps({k: s[k] for k in ("events", "accounts", "ring_accounts", "rejected_over_limit", "cohorts",
                                        "seconds")}, indent=1))
    return 0


def write_summary(out: Path, generator: str, p, ev: pd.DataFrame, ac: pd.DataFrame, truth: pd.DataFrame,
                  rings: list, t0: float, limit: int, days: int, start: pd.Timestamp, **extra) -> dict:
    """Write world.json (parameters, counts, cohorts, rings; ``extra`` after ``start``) and return it."""
    summary = {"generator": generator, "params": asdict(p), "events": int(len(ev)), "accounts": int(len(ac)),
               "ring_accounts": int(truth["is_ring"].sum()), "limit_per_day": limit, "days": days,
               "start": str(start), **extra, "cohorts": truth["cohort"].value_counts().to_dict(),
               "events_per_cohort": ev["account_id"].map(truth.set_index("account_id")["cohort"]).value_counts().to_dict(),
               "rings": rings, "seconds": round(time.perf_counter() - t0, 1)}
    _atomic(out / "world.json", lambda f: Path(f).write_text(json.dumps(summary, indent=1, default=str)))
    return summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.05)
    ap.add_argument("--ring-sizes", choices=["mixed", "small", "large"], default="mixed")
    ap.add_argument("--ablate", default="", help="diagnosis only, +-joined: nocot, nowrap (rings), quiethack")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    s = generate(Params(a.accounts, a.seed, a.ring_share, a.ring_sizes, a.ablate), a.out)
    print(json.dumps({k: s[k] for k in ("events", "accounts", "ring_accounts", "cohorts", "seconds")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
