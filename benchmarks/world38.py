"""world38 ("Capstan"): a blind synthetic distillation-ring test world for graphhunt.

Writes three weeks (``--days``, default 21) of API traffic of a fictional 2026 LLM API platform with the ground truth
of which accounts belong to distillation rings. Written blind (see docs/WORLD38.md): nothing here is tuned to how
graphhunt detects. numpy, pandas and pyarrow only; reference data is read from ``$GRAPHHUNT_SHARED_DATA`` (default
/work/shared/data) and never copied. The same arguments give byte-identical files whatever PYTHONHASHSEED.

    python3 benchmarks/world38.py --out DIR --n-accounts 20000 --seed 1 --world small --minimal
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

SHARED = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", "/work/shared/data"))
START = pd.Timestamp("2026-09-14T00:00:00Z")          # a Monday; no summer-time change in any region to 19 October
START_MS = int(START.value // 1_000_000)
DAY = 86_400_000
HOUR = 3_600_000
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "api_key_id",
              "model"]
MINIMAL_COLS = EVENT_COLS[:5]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role", "region",
              "events"]
DAILY = {"free": 150, "build": 2000, "pro": 8000, "scale": 40000, "enterprise": 400000}
MINUTE = {"free": 6, "build": 40, "pro": 120, "scale": 400, "enterprise": 2000}
MODELS = ["cap-1", "cap-1-mini", "cap-1-think"]

# fixed UTC offsets (minutes) for 14 September - 19 October 2026: EU/UK summer time until 25 October, US until
# 1 November; Brazil, Mexico, India, Japan and Singapore keep one offset all year
REGIONS = {
    "us_east": dict(c="US", off=-240, home=[7922, 6128], mob=22394, biz=701, v6="2601:1c2", mail=["gmail.com", "yahoo.com", "outlook.com", "icloud.com"]),
    "us_west": dict(c="US", off=-420, home=[7018, 20115], mob=21928, biz=3356, v6="2600:1702", mail=["gmail.com", "outlook.com", "icloud.com", "aol.com"]),
    "canada": dict(c="CA", off=-240, home=[577, 852], mob=852, biz=577, v6="2607:fea8", mail=["gmail.com", "outlook.com", "yahoo.ca"]),
    "uk": dict(c="GB", off=60, home=[2856, 5089], mob=12576, biz=2856, v6="2a00:23c7", mail=["gmail.com", "outlook.com", "btinternet.com", "icloud.com"]),
    "germany": dict(c="DE", off=120, home=[3320, 31334], mob=3209, biz=3320, v6="2003:e6", mail=["gmx.de", "web.de", "gmail.com", "t-online.de"]),
    "france": dict(c="FR", off=120, home=[3215, 12322], mob=3215, biz=3215, v6="2a01:cb1c", mail=["gmail.com", "orange.fr", "free.fr", "laposte.net"]),
    "india": dict(c="IN", off=330, home=[9829, 24560], mob=45609, biz=9829, v6="2401:4900", mail=["gmail.com", "yahoo.co.in", "rediffmail.com"]),
    "japan": dict(c="JP", off=540, home=[4713, 17676], mob=9605, biz=4713, v6="240b:10", mail=["gmail.com", "yahoo.co.jp", "docomo.ne.jp"]),
    "singapore": dict(c="SG", off=480, home=[3758, 9506], mob=4773, biz=3758, v6="2406:3003", mail=["gmail.com", "singnet.com.sg", "outlook.com"]),
    "brazil": dict(c="BR", off=-180, home=[28573, 18881], mob=26615, biz=7738, v6="2804:14c", mail=["gmail.com", "hotmail.com", "uol.com.br", "bol.com.br"]),
    "mexico": dict(c="MX", off=-360, home=[8151], mob=8151, biz=8151, v6="2806:2f0", mail=["gmail.com", "hotmail.com", "prodigy.net.mx"]),
}
REGION_W = {"us_east": 16, "us_west": 12, "canada": 4, "uk": 10, "germany": 9, "france": 6, "india": 14, "japan": 7,
            "singapore": 4, "brazil": 10, "mexico": 8}
UNIVERSITIES = {"mit.edu": (3, "us_east"), "berkeley.edu": (25, "us_west"), "ucl.ac.uk": (786, "uk"),
                "tum.de": (680, "germany"), "stanford.edu": (32, "us_west")}
BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36 Edg/139.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:142.0) Gecko/20100101 Firefox/142.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:142.0) Gecko/20100101 Firefox/142.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
]
SAFARI_RELAY = ["Mozilla/5.0 (iPhone; CPU iPhone OS 19_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Mobile/15E148 Safari/604.1",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Safari/605.1.15",
                "Mozilla/5.0 (iPad; CPU OS 19_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/19.0 Mobile/15E148 Safari/604.1"]
MOBILE_UA = ["CapstanChat/5.3.1 (iPhone; iOS 19.0; Scale/3.00)", "CapstanChat/5.3.1 (Android 16; Pixel 9)",
             "CapstanChat/5.3.0 (Android 15; SM-S921B)", "CapstanChat/5.2.4 (iPhone; iOS 18.6; Scale/3.00)"]
SDKS = ["capstan-python/1.9.0", "capstan-python/1.8.4", "capstan-node/1.6.2", "python-requests/2.32.3",
        "axios/1.7.7", "Go-http-client/2.0", "okhttp/4.12.0", "capstan-java/0.9.1", "curl/8.9.1"]
NOTEBOOK_UA = "capstan-python/1.9.0 (hosted-notebook; kernel 3.11)"
SHEETS_UA = ("Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; "
             "id: UAEmdDd-GridMindAddon)")
MODBOT_UA = "modharbor/3.2.1 (python 3.12; self-hosted)"
NEW_BENIGN = ["forked_notebook", "quiz_night", "crisis_volunteer", "privacy_relay", "sheet_addon", "moderation_bot"]
BENIGN_SHARES = {"hobbyist": 17, "household": 12, "office_nat": 16, "campus": 7, "carrier_mobile": 9, "vpn_user": 4,
                 "indie_dev": 3, "heavy_app": .15, "forked_notebook": 7, "quiz_night": 8, "crisis_volunteer": 5,
                 "privacy_relay": 6, "sheet_addon": 4, "moderation_bot": 1.5}
NEW_KINDS = ["day_spread", "notebook_stowaway", "sheet_launder", "warming_ramp", "active_learning", "json_mode"]
RING_KINDS = ["card_pool", "cot_harvest", "hydra_reseller"] + NEW_KINDS
SOPH = {"card_pool": "crude", "cot_harvest": "crude", "hydra_reseller": "careful", "day_spread": "mid",
        "notebook_stowaway": "careful", "sheet_launder": "careful", "warming_ramp": "careful",
        "active_learning": "mid", "json_mode": "mid"}
COT = "\n\nThink through this step by step and show your full reasoning before giving the final answer."
LABEL_ONLY = "\n\nAnswer with the label only."
JSON_SYSTEM = ("You are the extraction service of a document product. Reply only with one JSON object that matches "
               'this schema: {"type": "object", "properties": {"answer": {"type": "string"}, "rationale": '
               '{"type": "string"}, "confidence": {"type": "number"}}, "required": ["answer", "rationale"]}')
MOD_PROMPT = ("Classify this forum post for moderation. Labels: ok, spam, harassment, nsfw, self_harm, off_topic. "
              "Reply with one label.\n\nPost: ")
CRISIS_PROMPT = ("You are helping volunteers of the Tidewater earthquake response. Translate the message below into "
                 "plain English and tag it with one of: medical, shelter, water, missing_person, infrastructure, "
                 "other.\n\nMessage ")
SHEET_PROMPT = "GridMind cell formula\nInstruction: {i}\nValue: {v}"
SHEET_INSTR = ["Categorise this expense into one accounting category", "Write a 60-character product title",
               "Translate to Spanish", "Extract the company name", "Summarise in one sentence",
               "Classify the sentiment as positive, neutral or negative", "Fix the grammar",
               "Suggest three SEO keywords", "Is this a complaint? yes or no", "Rewrite politely"]
QUIZ_T = [("Which river flows through {}?", ["Vienna", "Cairo", "Baghdad", "Budapest", "Lisbon", "Kyiv", "Warsaw",
                                             "Prague", "Rome", "Seville", "Dresden", "Bratislava"]),
          ("Who painted {}?", ["The Night Watch", "Guernica", "The Birth of Venus", "The Persistence of Memory",
                               "Girl with a Pearl Earring", "The Hay Wain", "American Gothic", "The Scream"]),
          ("What is the chemical symbol for {}?", ["tungsten", "potassium", "antimony", "mercury", "tin", "lead",
                                                   "silver", "sodium"]),
          ("In which country would you find {}?", ["Angkor Wat", "Machu Picchu", "Petra", "the Atacama Desert",
                                                   "Lake Titicaca", "Table Mountain", "Ha Long Bay", "Uluru"]),
          ("How many {} are there?", ["bones in the adult human body", "keys on a standard piano",
                                      "players on a rugby union team", "squares on a chessboard",
                                      "moons of Mars", "hearts does an octopus have"])]


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


# ---------------------------------------------------------------- reference data

_ESC = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", " ": " ", "0": "", "r": ""}


def _dq(lines: list[str]) -> str:
    """A YAML double-quoted scalar spread over lines."""
    out = lines[0]
    for ln in lines[1:]:
        t = ln.strip()
        if out.endswith("\\") and not out.endswith("\\\\"):
            out = out[:-1] + t                       # escaped line break: joined as it is
        elif not t:
            out += "\n"
        else:
            out += t if out.endswith("\n") else " " + t
    if out.startswith('"'):
        out = out[1:]
    if out.endswith('"'):
        out = out[:-1]
    return re.sub(r'\\(u[0-9a-fA-F]{4}|.)', lambda m: chr(int(m.group(1)[1:], 16)) if len(m.group(1)) == 5
                  else _ESC.get(m.group(1), m.group(1)), out)


def _sq(lines: list[str]) -> str:
    """A YAML single-quoted or plain scalar spread over lines."""
    out = ""
    for k, ln in enumerate(lines):
        s = ln.strip()
        if k:
            out += (" " if s and out and not out.endswith("\n") else "\n" if not s else "")
        out += s
    if out.startswith("'") and out.endswith("'"):
        out = out[1:-1].replace("''", "'")
    return out


def parse_templates(path: Path) -> list[tuple[str, str]]:
    """The (jinja, answer_choices) pairs of one promptsource templates.yaml (a small reader of my own, no PyYAML)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    res, cur = [], {}
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s+)(jinja|answer_choices): ?(.*)$", lines[i])
        if m:
            ind = len(m.group(1))
            buf = [m.group(3)]
            j = i + 1
            while j < len(lines) and (lines[j].strip() == "" or len(lines[j]) - len(lines[j].lstrip()) > ind):
                buf.append(lines[j])
                j += 1
            while buf and buf[-1].strip() == "":
                buf.pop()
            v = _dq(buf) if buf[0].startswith('"') else _sq(buf)
            cur[m.group(2)] = v
            if m.group(2) == "jinja":
                res.append((v, cur.pop("answer_choices", "")))
            i = j
            continue
        if re.match(r"^  [0-9a-f-]{36}: !Template", lines[i]):
            cur = {}
        i += 1
    return res


FILL = ["the passage", "the text above", "the statement", "this example"]


def compile_template(j: str, choices: str) -> tuple[str, str] | None:
    """A promptsource template as (text before the item, text after it): the answer side cut, control tags dropped,
    answer choices filled in, the first other field the item and any further field a fixed phrase."""
    j = j.split("|||")[0]
    j = re.sub(r"\{%.*?%\}", "", j, flags=re.S)
    ch = [c.strip() for c in choices.split("|||") if c.strip()] if choices else []
    parts, slot, k = [], None, 0
    for m in re.finditer(r"\{\{(.*?)\}\}", j, flags=re.S):
        parts.append(j[k:m.start()])
        e = m.group(1)
        if "answer_choices" in e:
            parts.append(", ".join(ch) if ch else "yes, no")
        elif slot is None:
            slot = len(parts)
            parts.append(None)
        else:
            parts.append(FILL[len(parts) % len(FILL)])
        k = m.end()
    parts.append(j[k:])
    if slot is None:
        return None
    pre, post = "".join(parts[:slot]), "".join(parts[slot + 1:])
    pre, post = re.sub(r"[ \t]+", " ", pre).lstrip(), re.sub(r"[ \t]+", " ", post).rstrip()
    if any(x in pre + post for x in ("{{", "}}", "{%", "%}", "|||")) or len(pre + post) > 1200 or not (pre + post).strip():
        return None
    return pre, post


SPECIAL4 = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/3"]


def _cidr(s: str) -> tuple[int, int]:
    a, n = s.split("/")
    o = [int(x) for x in a.split(".")]
    return (o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3], int(n)


_SP = np.array([[_cidr(s)[0], _cidr(s)[0] + (1 << (32 - _cidr(s)[1])) - 1] for s in SPECIAL4], dtype=np.int64)


def ranges(cidrs: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(starts, sizes) of IPv4 CIDRs, each used through its first /16 at most, special-purpose space left out."""
    st, ln = [], []
    for c in cidrs:
        c = c.strip()
        if not c or c.startswith("#") or ":" in c:
            continue
        if "/" not in c:
            c += "/32"
        a, n = _cidr(c)
        st.append(a)
        ln.append(1 << (32 - max(n, 16)))
    st, ln = np.array(st, dtype=np.int64), np.array(ln, dtype=np.int64)
    end = st + ln - 1
    bad = ((st[:, None] <= _SP[None, :, 1]) & (end[:, None] >= _SP[None, :, 0])).any(1)
    return st[~bad], ln[~bad]


def v4(x: int) -> str:
    return f"{x >> 24}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}"


class Ref:
    """The shared reference data: real prompts, promptsource templates, AS prefixes, VPN/datacenter/cloud/Tor lists."""

    def __init__(self, root: Path = SHARED):
        self.files = {}
        f = root / "prompts" / "awesome-chatgpt-prompts.csv"
        self.files["prompts/awesome-chatgpt-prompts.csv"] = _sha(f)
        aw = pd.read_csv(f, dtype=str, keep_default_na=False)["prompt"]
        aw = aw[~aw.str.contains(r"\{\{|\{%|%\}|\|\|\|")]
        self.awesome = [p[:3000] for p in aw if p.strip()]
        sents = set()
        for x in self.awesome:
            for t in re.split(r"(?<=[.!?])\s+", x):
                t = t.strip()
                if 25 <= len(t) <= 220 and "\n" not in t and '"' not in t:
                    sents.add(t)
        self.sent = sorted(sents)
        self.templates: dict[str, list[tuple[str, str]]] = {}
        troot = root / "prompts" / "promptsource-templates"
        for p in sorted(troot.rglob("templates.yaml")):
            rel = p.relative_to(root).as_posix()
            self.files[rel] = _sha(p)
            ts = [t for t in (compile_template(j, c) for j, c in parse_templates(p)) if t]
            if len(ts) >= 3:
                self.templates[p.parent.relative_to(troot).as_posix()] = sorted(set(ts))
        self.datasets = sorted(self.templates)
        need = {a for r in REGIONS.values() for a in r["home"] + [r["mob"], r["biz"]]}
        need |= {u[0] for u in UNIVERSITIES.values()} | {24940, 16276, 20473, 36351, 33070}
        by = {a: [] for a in need}
        f = root / "ip" / "pyasn" / "ipasn_20140513.dat.gz"
        self.files["ip/pyasn/ipasn_20140513.dat.gz"] = _sha(f)
        self.files["ip/pyasn/asnames.json.gz"] = _sha(root / "ip" / "pyasn" / "asnames.json.gz")
        with gzip.open(f, "rt") as fh:
            for ln in fh:
                if ln[0] == ";":
                    continue
                c, a = ln.split("\t")
                a = int(a)
                if a in by:
                    by[a].append(c)
        self.r = {f"as{a}": ranges(sorted(v)) for a, v in by.items()}
        for k, rel in (("vpn", "ip/vpn/x4b_vpn_ipv4.txt"), ("dc", "ip/vpn/x4b_datacenter_ipv4.txt")):
            self.files[rel] = _sha(root / rel)
            self.r[k] = ranges((root / rel).read_text().split("\n"))
        for prov in ("amazon", "google", "microsoft", "digitalocean", "cloudflare"):
            rel = f"ip/cloud/{prov}/ipv4_merged.txt"
            self.files[rel] = _sha(root / rel)
            self.r[prov] = ranges((root / rel).read_text().split("\n"))
        rel = "ip/tor/tor-exit-nodes.lst"
        self.files[rel] = _sha(root / rel)
        self.r["tor"] = ranges([x for x in (root / rel).read_text().split("\n") if re.match(r"^\d+\.\d+\.\d+\.\d+$", x.strip())])

    def v4s(self, key: str, n: int, rng) -> list[str]:
        st, ln = self.r[key]
        w = np.minimum(ln, 4096).astype(float)
        i = rng.choice(len(st), size=n, p=w / w.sum())
        off = np.where(ln[i] > 2, 1 + (rng.random(n) * (ln[i] - 2)).astype(np.int64), 0)
        return [v4(int(x)) for x in st[i] + off]

    def v4_block(self, key: str, n: int, rng) -> list[str]:
        """n addresses of one /24 inside one prefix (an office or provider block)."""
        st, ln = self.r[key]
        big = np.flatnonzero(ln >= 256)
        i = rng.choice(big) if len(big) else rng.integers(len(st))
        base = st[i] + 256 * rng.integers(0, max(1, ln[i] // 256)) if ln[i] >= 256 else st[i]
        hosts = rng.choice(np.arange(2, 254), size=min(n, 250), replace=False) if ln[i] >= 256 else np.zeros(1, int)
        return [v4(int(base + h)) for h in hosts]


# ---------------------------------------------------------------- the world being built

class Pool:
    def __init__(self):
        self.items: list[str] = []
        self.idx: dict[str, int] = {}

    def code(self, s: str) -> int:
        c = self.idx.get(s)
        if c is None:
            c = self.idx[s] = len(self.items)
            self.items.append(s)
        return c

    def codes(self, ss) -> np.ndarray:
        return np.fromiter((self.code(s) for s in ss), dtype=np.int64, count=len(ss))


@dataclass
class Params:
    out: str = ""
    n_accounts: int = 20000
    seed: int = 1
    world: str = "mixed"
    days: int = 21
    ring_share: float | None = None
    minimal: bool = False
    format: str = "parquet"
    quiet: bool = False


HOURS = {
    "day": np.array([.3, .2, .1, .1, .1, .2, .5, 1, 2, 3, 3.5, 3.5, 3, 3, 3, 3, 3, 3, 3.5, 4, 4, 3.5, 2, 1]),
    "evening": np.array([.6, .3, .1, .1, .1, .1, .3, .8, 1, 1, 1, 1.2, 1.4, 1, 1, 1.2, 1.8, 2.5, 4, 5, 5, 4, 2.5, 1.2]),
    "office": np.array([0, 0, 0, 0, 0, 0, .1, .5, 2, 4, 4.5, 4, 3, 4, 4.5, 4, 3.5, 2, .6, .3, .2, .1, 0, 0]),
    "flat": np.ones(24),
    "forum": np.array([2, 1.5, 1, .8, .6, .6, .8, 1.2, 1.8, 2.2, 2.5, 2.6, 2.8, 2.8, 2.8, 2.9, 3, 3.2, 3.5, 3.8, 4, 3.8, 3.2, 2.5]),
}
for _k in HOURS:
    HOURS[_k] = HOURS[_k] / HOURS[_k].sum()


class World:
    def __init__(self, p: Params, ref: Ref):
        self.p, self.ref = p, ref
        self.rng = np.random.default_rng(p.seed)
        self.D, self.N = p.days, p.n_accounts
        self.P, self.IP, self.UA = Pool(), Pool(), Pool()
        self.A = {k: [] for k in ("cohort", "tier", "region", "group", "role", "ring", "soph", "created", "pay",
                                  "email", "org")}
        self.ev: list[tuple] = []
        self.rings: list[dict] = []
        self.platform: dict = {}
        self.aw_codes = self.P.codes(ref.awesome)
        S = len(ref.sent)
        self.S2 = S * S
        self.mult = 2_654_435_761 % self.S2
        while np.gcd(self.mult, self.S2) != 1:
            self.mult += 1
        self.item_off = int(self.rng.integers(self.S2))
        self.item_next = 0
        self.sent = np.array(ref.sent, dtype=object)

    # ---- accounts
    def accounts(self, n, cohort, tier, region, group="", role="member", ring="", soph="", created=None, pay=None,
                 email=None, org="") -> np.ndarray:
        first = len(self.A["cohort"])
        bc = lambda v: list(np.broadcast_to(np.asarray(v, dtype=object), (n,)))   # noqa: E731
        region = bc(region)
        tier = bc(tier)
        if created is None:
            created = START_MS - (self.rng.uniform(20, 900, n) * DAY).astype(np.int64)
        if pay is None:
            pay = [self.token("card") if t != "free" else "" for t in tier]
        if email is None:
            email = [REGIONS[r]["mail"][self.rng.integers(len(REGIONS[r]["mail"]))] for r in region]
        for k, v in (("cohort", bc(cohort)), ("tier", tier), ("region", region), ("group", bc(group)),
                     ("role", bc(role)), ("ring", bc(ring)), ("soph", bc(soph)), ("created", bc(created)),
                     ("pay", bc(pay)), ("email", bc(email)), ("org", bc(org))):
            self.A[k].extend(v)
        return np.arange(first, first + n)

    def token(self, kind="card") -> str:
        return f"{kind}_{int(self.rng.integers(16 ** 14)):014x}"

    def hexid(self, k=10) -> str:
        return "".join(f"{int(self.rng.integers(16 ** j)):0{j}x}" for j in ([8] * (k // 8) + [k % 8]) if j)

    def regions(self, n, only=None) -> np.ndarray:
        keys = list(REGION_W) if only is None else only
        w = np.array([REGION_W[k] for k in keys], float)
        return np.array(keys, dtype=object)[self.rng.choice(len(keys), n, p=w / w.sum())]

    # ---- events
    def add(self, a, ts, ip, pr, ua, tok, model):
        n = len(a)
        b = lambda v, dt: np.broadcast_to(np.asarray(v, dtype=dt), (n,)).copy()  # noqa: E731
        self.ev.append((b(a, np.int64), b(ts, np.int64), b(ip, np.int64), b(pr, np.int64), b(ua, np.int64),
                        b(tok, np.int64), b(model, np.int64)))

    def tokens(self, n, mu=5.4, sigma=.8, lo=1, hi=16384):
        return np.clip(np.exp(self.rng.normal(mu, sigma, n)), lo, hi).astype(np.int64)

    def models(self, n, p=(.55, .35, .10)):
        return self.rng.choice(3, n, p=p)

    def times(self, A, offs, p_day, rate, prof, weekday=False, day_lo=None, day_hi=None):
        """Ordinary activity: each of A accounts is active on a day with p_day (weekends rarer with ``weekday``),
        1 + Poisson(rate - 1) requests on an active day at local hours drawn from ``prof``. (account, UTC ms)."""
        D, rng = self.D, self.rng
        dow = np.arange(D) % 7
        dfac = np.where(dow >= 5, .15 if weekday else 1.1, 1.0)
        act = rng.random((A, D)) < np.clip(np.asarray(p_day, float).reshape(-1, 1) * dfac[None, :], 0, 1)
        if day_lo is not None:
            act &= np.arange(D)[None, :] >= np.asarray(day_lo).reshape(-1, 1)
        if day_hi is not None:
            act &= np.arange(D)[None, :] < np.asarray(day_hi).reshape(-1, 1)
        lam = np.broadcast_to(np.asarray(rate, float).reshape(-1, 1), (A, D))
        cnt = np.where(act, 1 + rng.poisson(np.maximum(lam - 1, 0)), 0)
        idx = np.repeat(np.arange(A * D), cnt.ravel())
        ai, di = idx // D, idx % D
        h = rng.choice(24, len(idx), p=HOURS[prof])
        ts = START_MS + di * DAY + h * HOUR + rng.integers(0, HOUR, len(idx)) - np.asarray(offs)[ai] * 60_000
        ok = (ts >= START_MS) & (ts < START_MS + D * DAY)
        return ai[ok], ts[ok]

    def chat(self, n, msg_share=0.0) -> np.ndarray:
        """Ordinary chat requests: real awesome-chatgpt prompts (popular ones often) or sentences of them."""
        rng = self.rng
        aw = rng.random(n) < .3
        z = np.minimum(rng.zipf(1.3, n) - 1, len(self.aw_codes) - 1)
        out = np.empty(n, np.int64)
        out[aw] = self.aw_codes[z[aw]]
        m = int((~aw).sum())
        s = self.sent
        one = rng.random(m) < .4
        i, j = rng.integers(len(s), size=m), rng.integers(len(s), size=m)
        txt = [s[a] if o else s[a] + " " + s[b] for a, b, o in zip(i, j, one)]
        out[~aw] = self.P.codes(txt)
        if msg_share:
            k = np.flatnonzero(rng.random(n) < msg_share)
            out[k] = self.P.codes([json.dumps([{"role": "user", "content": self.P.items[c]}], ensure_ascii=False)
                                   for c in out[k]])
        return out

    def items(self, k: int) -> list[str]:
        """k harvest items never asked before in this world (pairs of real sentences)."""
        x = (np.arange(self.item_next, self.item_next + k, dtype=object) * self.mult + self.item_off) % self.S2
        self.item_next += k
        S = len(self.sent)
        return [self.sent[int(v) % S] + " " + self.sent[int(v) // S] for v in x]

    def home_ips(self, accts: np.ndarray, region: np.ndarray, v6_share=.25) -> tuple[np.ndarray, np.ndarray]:
        """Per account: an IPv4 home address code and, for a share, a home /64 (text prefix) or ''."""
        rng = self.rng
        out = np.empty(len(accts), np.int64)
        for r in np.unique(region):
            m = region == r
            asns = REGIONS[r]["home"]
            ch = rng.choice(len(asns), int(m.sum()))
            ips = [None] * int(m.sum())
            for k, a in enumerate(asns):
                w = np.flatnonzero(ch == k)
                for q, ip in zip(w, self.ref.v4s(f"as{a}", len(w), rng)):
                    ips[q] = ip
            out[m] = self.IP.codes(ips)
        v6 = np.where(rng.random(len(accts)) < v6_share,
                      [f"{REGIONS[r]['v6']}:{int(rng.integers(1, 65535)):x}:{int(rng.integers(1, 65535)):x}" for r in region], "")
        return out, v6

    def daily_v6(self, pref: np.ndarray, ai: np.ndarray, ts: np.ndarray, salt: int) -> np.ndarray:
        """A daily privacy address inside each event's /64 (pref[ai]), deterministic per (account, day)."""
        day = (ts - START_MS) // DAY
        key = ai * 64 + day
        u, inv = np.unique(key, return_inverse=True)
        h = (u.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(salt)) >> np.uint64(2)
        aa = u // 64
        txt = [f"{pref[a]}:{(x >> 48) & 0xffff | 0x200:x}:{(x >> 32) & 0xffff:x}:{(x >> 16) & 0xffff:x}:{x & 0xffff | 1:x}"
               for a, x in zip(aa.tolist(), h.tolist())]
        return self.IP.codes(txt)[inv]


# ---------------------------------------------------------------- benign cohorts

def _people(w: World, n, cohort, prof="day", tier_paid=.25, p_day=None, rate=None, group="", msg=.08, region=None,
            v6=.25, role="member", email=None, org="", pay=None, ua=None, never=.03):
    rng = w.rng
    region = w.regions(n) if region is None else region
    tier = np.where(rng.random(n) < tier_paid, np.where(rng.random(n) < .8, "build", "pro"), "free")
    roles = np.where(rng.random(n) < never, "never_calls", role) if never else np.full(n, role, dtype=object)
    a = w.accounts(n, cohort, tier, region, group=group, role=roles, email=email, org=org, pay=pay)
    if p_day is None:
        p_day = np.clip(np.exp(rng.normal(-2.0, 1.0, n)), .02, .95)
    if rate is None:
        rate = np.clip(np.exp(rng.normal(1.3, .9, n)), 1, 150)
    p_day = np.where(roles == "never_calls", 0, p_day)
    offs = np.array([REGIONS[r]["off"] for r in region])
    ai, ts = w.times(n, offs, p_day, rate, prof)
    home, pref = w.home_ips(a, region, v6)
    ip = home[ai]
    six = (pref[ai] != "") & (rng.random(len(ai)) < .7)
    if six.any():
        ip[six] = w.daily_v6(pref, ai[six], ts[six], 11)
    ua = ua if ua is not None else w.UA.codes([BROWSERS[i] for i in rng.integers(len(BROWSERS), size=n)])
    w.add(a[ai], ts, ip, w.chat(len(ai), msg), np.asarray(ua)[ai] if np.ndim(ua) else ua, w.tokens(len(ai)),
          w.models(len(ai)))
    return a, ai, ts


def b_hobbyist(w: World, n):
    _people(w, n, "hobbyist")


def b_household(w: World, n):
    rng = w.rng
    sizes = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(2, 6)))
    sizes[-1] -= sum(sizes) - n
    if sizes[-1] < 2 and len(sizes) > 1:
        x = sizes.pop()
        sizes[-1] += x
    for s in sizes:
        r = w.regions(1)[0]
        g = f"hh-{w.hexid(8)}"
        card = w.token("card")
        tier = np.where(rng.random(s) < .5, "build", "free")
        a = w.accounts(s, "household", tier, r, group=g, pay=[card if t != "free" else "" for t in tier])
        ai, ts = w.times(s, np.full(s, REGIONS[r]["off"]), np.clip(np.exp(rng.normal(-2, .8, s)), .03, .9),
                         np.clip(np.exp(rng.normal(1.2, .8, s)), 1, 60), "evening")
        home = w.IP.code(w.ref.v4s(f"as{REGIONS[r]['home'][0]}", 1, rng)[0])
        ip = np.full(len(ai), home)
        if rng.random() < .4:
            pref = np.full(s, f"{REGIONS[r]['v6']}:{int(rng.integers(1, 65535)):x}:{int(rng.integers(1, 65535)):x}", dtype=object)
            six = rng.random(len(ai)) < .6
            ip[six] = w.daily_v6(pref, ai[six], ts[six], 13)
        ua = w.UA.codes([BROWSERS[i] for i in rng.integers(len(BROWSERS), size=s)])
        w.add(a[ai], ts, ip, w.chat(len(ai), .08), ua[ai], w.tokens(len(ai)), w.models(len(ai)))


def company(w: World) -> str:
    a = ["north", "blue", "iron", "quill", "tide", "ember", "lumen", "cedar", "orbit", "vale", "harbor", "pine"]
    b = ["works", "labs", "soft", "data", "logic", "metrics", "systems", "health", "legal", "media", "retail"]
    return f"{a[w.rng.integers(len(a))]}{b[w.rng.integers(len(b))]}{int(w.rng.integers(10, 99))}"


def split_sizes(w: World, n, lo, hi, alpha=1.5) -> list[int]:
    out = []
    while sum(out) < n:
        out.append(int(min(hi, lo + np.floor(w.rng.pareto(alpha) * lo))))
    out[-1] -= sum(out) - n
    if out[-1] < lo and len(out) > 1:
        x = out.pop()
        out[-1] += x
    return out


def b_office(w: World, n):
    rng = w.rng
    for s in split_sizes(w, n, 3, 200):
        r = w.regions(1)[0]
        name = company(w)
        org = f"org_{w.hexid(10)}"
        inv = rng.random() < .6
        pay = w.token("inv") if inv else None
        tier = np.where(rng.random(s) < .85, "build", "pro")
        a = w.accounts(s, "office_nat", tier, r, group=org, email=f"{name}.com", org=org,
                       pay=[pay] * s if inv else None)
        ai, ts = w.times(s, np.full(s, REGIONS[r]["off"]), np.clip(np.exp(rng.normal(-1.2, .7, s)), .05, .95),
                         np.clip(np.exp(rng.normal(1.6, .8, s)), 1, 120), "office", weekday=True)
        nat = w.IP.codes(w.ref.v4_block(f"as{REGIONS[r]['biz']}", int(rng.integers(1, 4)), rng))
        ua = w.UA.codes([BROWSERS[i] for i in rng.integers(len(BROWSERS), size=s)])
        w.add(a[ai], ts, nat[rng.integers(len(nat), size=len(ai))], w.chat(len(ai)), ua[ai], w.tokens(len(ai)),
              w.models(len(ai)))


def b_campus(w: World, n):
    rng = w.rng
    unis = list(UNIVERSITIES)
    pick = rng.choice(len(unis), n)
    for k, dom in enumerate(unis):
        s = int((pick == k).sum())
        if not s:
            continue
        asn, r = UNIVERSITIES[dom]
        a = w.accounts(s, "campus", np.where(rng.random(s) < .15, "build", "free"), r, group=f"uni-{dom}",
                       email=dom, role="student")
        ai, ts = w.times(s, np.full(s, REGIONS[r]["off"]), np.clip(np.exp(rng.normal(-1.8, .8, s)), .03, .9),
                         np.clip(np.exp(rng.normal(1.4, .8, s)), 1, 80), "day")
        nat = w.IP.codes(w.ref.v4s(f"as{asn}", 12, rng))
        pr = w.chat(len(ai))
        course = w.P.codes([f"Homework help ({dom.split('.')[0].upper()} course): " + t for t in w.items(150)])
        hw = rng.random(len(ai)) < .1
        pr[hw] = course[rng.integers(len(course), size=int(hw.sum()))]
        ua = w.UA.codes([BROWSERS[i] for i in rng.integers(len(BROWSERS), size=s)])
        w.add(a[ai], ts, nat[rng.integers(len(nat), size=len(ai))], pr, ua[ai], w.tokens(len(ai)), w.models(len(ai)))


def carrier_pool(w: World, r: str) -> np.ndarray:
    if r not in w.__dict__.setdefault("_cgnat", {}):
        w._cgnat[r] = w.IP.codes(w.ref.v4s(f"as{REGIONS[r]['mob']}", 40, w.rng))
    return w._cgnat[r]


def b_mobile(w: World, n):
    rng = w.rng
    region = w.regions(n)
    ua = w.UA.codes([MOBILE_UA[i] for i in rng.integers(len(MOBILE_UA), size=n)])
    a, ai, ts = _people(w, n, "carrier_mobile", prof="evening", msg=.3, region=region, v6=0, ua=ua)
    # rewrite the addresses: CGNAT pool of the region, or a daily carrier IPv6 on 45 % of phones
    ev = w.ev[-1]
    ip = ev[2]
    pref = np.array([f"{REGIONS[r]['v6'][:-1]}f:{int(rng.integers(1, 65535)):x}:{int(rng.integers(1, 65535)):x}"
                     for r in region], dtype=object)
    six = rng.random(n) < .45
    for r in np.unique(region):
        m = region[ai] == r
        pool = carrier_pool(w, r)
        ip[m] = pool[rng.integers(len(pool), size=int(m.sum()))]
    m6 = six[ai]
    if m6.any():
        ip[m6] = w.daily_v6(pref, ai[m6], ts[m6], 17)


def b_vpn(w: World, n):
    rng = w.rng
    a, ai, ts = _people(w, n, "vpn_user", v6=0)
    if "_vpn" not in w.__dict__:
        w._vpn = w.IP.codes(w.ref.v4s("vpn", 150, rng))
        w._tor = w.IP.codes(w.ref.v4s("tor", 60, rng))
    ip = w.ev[-1][2]
    tor = rng.random(n) < .1
    sess = (ts - START_MS) // (3 * HOUR)
    h = (ai * 7919 + sess * 104729) % 1_000_003
    ip[:] = np.where(tor[ai], w._tor[h % len(w._tor)], w._vpn[h % len(w._vpn)])


def b_indie(w: World, n):
    rng = w.rng
    region = w.regions(n)
    a = w.accounts(n, "indie_dev", np.where(rng.random(n) < .7, "build", "pro"), region)
    ai, ts = w.times(n, np.array([REGIONS[r]["off"] for r in region]), np.clip(np.exp(rng.normal(-1.3, .8, n)), .05, .95),
                     np.clip(np.exp(rng.normal(2.5, 1.0, n)), 1, 500), "flat")
    vm = w.IP.codes(w.ref.v4s("digitalocean", n, rng) if rng.random() < .5 else w.ref.v4s("amazon", n, rng))
    ua = w.UA.codes([SDKS[i] for i in rng.integers(len(SDKS), size=n)])
    apps = [f"You are the assistant of {company(w)}'s app. " for _ in range(n)]
    txt = [apps[x] + w.P.items[c] if c >= len(w.aw_codes) else w.P.items[c] for x, c in zip(ai, w.chat(len(ai)))]
    w.add(a[ai], ts, vm[ai], w.P.codes(txt), ua[ai], w.tokens(len(ai)), w.models(len(ai), (.4, .6, 0)))


def b_heavy(w: World, n):
    rng = w.rng
    for s in split_sizes(w, n, 1, 3):
        r = w.regions(1)[0]
        org = f"org_{w.hexid(10)}"
        a = w.accounts(s, "heavy_app", "scale", r, group=org, org=org, pay=[w.token("inv")] * s,
                       email=f"{company(w)}.io")
        tmpl = f"You are the support assistant of {company(w)}. Answer the customer's message briefly.\n\nCustomer: "
        for x in a:
            per = int(np.exp(rng.normal(6.0, .8)))
            days = np.arange(w.D)
            cnt = rng.poisson(per * (1 + .3 * np.sin(days)), w.D)
            di = np.repeat(days, cnt)
            h = rng.choice(24, len(di), p=HOURS["day"])
            ts = START_MS + di * DAY + h * HOUR + rng.integers(0, HOUR, len(di)) - REGIONS[r]["off"] * 60_000
            ok = (ts >= START_MS) & (ts < START_MS + w.D * DAY)
            ts = ts[ok]
            vms = w.IP.codes(w.ref.v4s("amazon", int(rng.integers(2, 5)), rng))
            items = w.sent[rng.integers(len(w.sent), size=len(ts))]
            w.add(np.full(len(ts), x), ts, vms[rng.integers(len(vms), size=len(ts))],
                  w.P.codes([tmpl + t for t in items]), w.UA.code("capstan-node/1.6.2"), w.tokens(len(ts), 4.5, .5),
                  1)


# ---- new benign look-alikes

def b_forked_notebook(w: World, n):
    """A trending public notebook ("Zero-shot eval in 10 lines") forked by unrelated people: the same template over the
    same first rows of the same public dataset, from the hosted-notebook platform's shared egress, its SDK build."""
    rng = w.rng
    ds = w.nb_dataset
    pre, post = w.ref.templates[ds][0]
    rows = w.nb_rows
    t0 = w.nb_trend_day
    region = w.regions(n)
    fresh = rng.random(n) < .6
    first_day = np.minimum(w.D - 1, t0 + rng.geometric(.35, n) - 1)
    created = np.where(fresh, START_MS + first_day * DAY + rng.integers(6 * HOUR, 20 * HOUR, n) - 30 * 60_000,
                       START_MS - (rng.uniform(30, 700, n) * DAY).astype(np.int64))
    tier = np.where(rng.random(n) < .35, "build", "free")
    a = w.accounts(n, "forked_notebook", tier, region, group="nb-zero-shot-eval", role="forker", created=created)
    egress = w.nb_egress
    ua = w.UA.code(NOTEBOOK_UA)
    prompts = w.P.codes([pre + r + post for r in rows])
    for k, x in enumerate(a):
        runs = int(rng.integers(1, 4))
        n_rows = 100 if tier[k] == "free" or rng.random() < .7 else int(rng.integers(150, len(rows) + 1))
        for q in range(runs):
            d = min(w.D - 1, first_day[k] + int(rng.integers(0, 4)) * (q > 0))
            t = max(START_MS + d * DAY + int(rng.integers(7 * HOUR, 23 * HOUR)) - REGIONS[region[k]]["off"] * 60_000,
                    created[k] + 60_000 * (1 + q))
            m = n_rows if rng.random() < .8 else int(rng.integers(5, n_rows))
            step = 13_000 if tier[k] == "free" else 1_500
            ts = t + np.arange(m) * step + rng.integers(0, 900, m)
            ok = ts < START_MS + w.D * DAY
            e = egress[int(rng.integers(len(egress)))]
            w.add(np.full(int(ok.sum()), x), ts[ok], e, prompts[:m][ok], ua, w.tokens(int(ok.sum()), 2.5, .6), 1)
        # and some ordinary chat of their own, from home
        ai, ts = w.times(1, np.array([REGIONS[region[k]]["off"]]), np.array([.15]), np.array([4.0]), "day",
                         day_lo=np.array([first_day[k]]))
        ts = ts[ts > created[k]]
        if len(ts):
            home, _ = w.home_ips(a[k:k + 1], region[k:k + 1], 0)
            w.add(np.full(len(ts), x), ts, home[0], w.chat(len(ts)), w.UA.code(BROWSERS[k % len(BROWSERS)]),
                  w.tokens(len(ts)), 0)


def quiz_questions(w: World, k: int) -> list[str]:
    out = []
    for t, xs in QUIZ_T:
        out += [t.format(x) for x in xs]
    idx = w.rng.permutation(len(out))
    return [out[i] for i in idx[:k]]


def b_quiz_night(w: World, n):
    """Viewers of two weekly TV quiz shows paste each question into the chat app within minutes of it being read out:
    identical prompts from hundreds of unrelated homes and phones inside the same few minutes, week after week."""
    rng = w.rng
    shows = [("The Late Quiz", "uk", 5, 18 * 60 + 30), ("Brain Busters Live", "us_east", 4, 0)]  # (name, region, dow, UTC min)
    qs = quiz_questions(w, 60)
    eps = []
    qi = 0
    for name, r, dow, m0 in shows:
        for d in range(w.D):
            if d % 7 == dow:
                eps.append((name, r, START_MS + d * DAY + m0 * 60_000, qs[qi % 60: qi % 60 + 10]))
                qi += 10
    w.platform["quiz_episodes"] = [{"show": e[0], "aired_utc": iso(e[2])} for e in eps]
    which = rng.random(n) < .55
    region = np.where(which, "uk", np.where(rng.random(n) < .8, "us_east", "us_west")).astype(object)
    phone = rng.random(n) < .5
    ua = np.where(phone, w.UA.codes([MOBILE_UA[i] for i in rng.integers(len(MOBILE_UA), size=n)]),
                  w.UA.codes([BROWSERS[i] for i in rng.integers(len(BROWSERS), size=n)]))
    a, ai, ts = _people(w, n, "quiz_night", prof="evening", region=region, group=np.where(which, "quiz-late-quiz",
                        "quiz-brain-busters"), role="viewer", ua=ua, never=0,
                        p_day=np.clip(np.exp(rng.normal(-2.2, .7, n)), .02, .6), rate=np.full(n, 3.0))
    home = w.ev[-1][2]
    acc_home = {}
    for x, h in zip(ai.tolist(), home.tolist()):
        acc_home.setdefault(x, h)
    for name, r, t0, q in eps:
        viewers = np.flatnonzero((which if r == "uk" else ~which) & (rng.random(n) < .35))
        for j, text in enumerate(q):
            aired = t0 + j * 4 * 60_000
            who = viewers[rng.random(len(viewers)) < .55]
            if not len(who):
                continue
            lag = np.clip(np.exp(rng.normal(10.5, .7, len(who))), 5_000, 9 * 60_000).astype(np.int64)
            ts2 = aired + lag
            vari = rng.random(len(who))
            txt = [text if v < .7 else text.lower().rstrip("?") if v < .85 else "quick: " + text for v in vari]
            ok = ts2 < START_MS + w.D * DAY
            ip = np.array([acc_home.get(int(x), -1) for x in who])
            mob = phone[who]
            for rr in np.unique(region[who]):
                m = mob & (region[who] == rr)
                pool = carrier_pool(w, rr)
                ip[m] = pool[rng.integers(len(pool), size=int(m.sum()))]
            miss = ip < 0
            if miss.any():
                hh, _ = w.home_ips(a[who[miss]], region[who[miss]], 0)
                ip[miss] = hh
            w.add(a[who][ok], ts2[ok], ip[ok], w.P.codes(txt)[ok], ua[who][ok], w.tokens(int(ok.sum()), 4, .5), 1)


def b_crisis(w: World, n):
    """Volunteers worldwide sign up within hours of an earthquake and translate and triage the affected area's
    messages with the coordination document's one prompt; each message from the shared feed, a few taken twice."""
    rng = w.rng
    q = w.crisis_day
    t_quake = START_MS + q * DAY + 3 * HOUR + 17 * 60_000
    w.platform["crisis"] = {"event": "Tidewater earthquake (fictional)", "utc": iso(t_quake)}
    region = w.regions(n)
    created = t_quake + (np.exp(rng.normal(2.0, .9, n)) * HOUR).astype(np.int64)
    created = np.minimum(created, START_MS + w.D * DAY - 2 * HOUR)
    tier = np.where(rng.random(n) < .3, "build", "free")
    a = w.accounts(n, "crisis_volunteer", tier, region, group="crisis-tidewater", role="volunteer", created=created)
    home, _ = w.home_ips(a, region, 0)
    ua = w.UA.codes([BROWSERS[i] for i in rng.integers(len(BROWSERS), size=n)])
    feed = 0
    for k, x in enumerate(a):
        d0 = int((created[k] - START_MS) // DAY)
        for d in range(d0, min(w.D, d0 + 6)):
            m = min(int(rng.poisson(60 * np.exp(-(d - d0) / 1.5))), DAILY[tier[k]] - 10)
            if m <= 0:
                continue
            t = max(created[k] + 120_000, START_MS + d * DAY + int(rng.integers(0, 20 * HOUR)))
            ts = t + np.cumsum(rng.integers(15_000, 90_000, m))
            ok = ts < min(START_MS + (d + 1) * DAY, START_MS + w.D * DAY)
            ids = feed + np.arange(m)
            dup = rng.random(m) < .15
            ids[dup] = np.maximum(0, feed - rng.integers(1, 400, int(dup.sum())))
            feed += m
            txt = [f"#TW-{i:06d}: {w.sent[(i * 7919 + 13) % len(w.sent)]}" for i in ids]
            w.add(np.full(int(ok.sum()), x), ts[ok], home[k], w.P.codes([CRISIS_PROMPT + s for s in txt])[ok], ua[k],
                  w.tokens(int(ok.sum()), 4.2, .4), 0)


def b_privacy_relay(w: World, n):
    """Safari users behind a privacy relay: their requests leave from the relay's egress addresses (Cloudflare's
    published ranges), regional pools shared by every relay user and rotated hourly; 15 % with the relay off."""
    rng = w.rng
    region = w.regions(n)
    ua = w.UA.codes([SAFARI_RELAY[i] for i in rng.integers(len(SAFARI_RELAY), size=n)])
    a, ai, ts = _people(w, n, "privacy_relay", region=region, group=np.array([f"relay-{r}" for r in region]), ua=ua,
                        v6=0, msg=.05, role="relay_user")
    ip = w.ev[-1][2]
    if "_relay" not in w.__dict__:
        w._relay = {r: w.IP.codes(w.ref.v4s("cloudflare", 30, rng)) for r in REGIONS}
        w.platform["privacy_relay_egress"] = sorted({w.IP.items[c] for v in w._relay.values() for c in v})
    on = rng.random(len(ai)) < .85
    hour = (ts - START_MS) // HOUR
    for r in np.unique(region):
        m = on & (region[ai] == r)
        pool = w._relay[r]
        ip[m] = pool[(ai[m] * 31 + hour[m] * 17) % len(pool)]


def b_sheet_addon(w: World, n):
    """A spreadsheet add-on: users paste their own key; a formula cell per row sends the add-on's wrapper with the
    user's instruction and the cell's value, from the spreadsheet platform's script servers (Google ranges, shared by
    every user); a recalculation sends the whole column again."""
    rng = w.rng
    region = w.regions(n)
    tier = np.where(rng.random(n) < .8, "build", "free")
    a = w.accounts(n, "sheet_addon", tier, region, group="addon-gridmind", role="sheet_user")
    egress = w.sheet_egress
    ua = w.UA.code(SHEETS_UA)
    for k, x in enumerate(a):
        if rng.random() < .04:
            w.A["role"][x] = "never_calls"
            continue
        sheets = int(rng.integers(1, 4))
        for _ in range(sheets):
            rows = int(np.clip(np.exp(rng.normal(4.2, .9)), 5, 900))
            instr = SHEET_INSTR[int(rng.integers(len(SHEET_INSTR)))]
            vals = w.sent[rng.integers(len(w.sent), size=rows)]
            pr = w.P.codes([SHEET_PROMPT.format(i=instr, v=v[:80]) for v in vals])
            recalcs = 1 + rng.poisson(.8)
            for _r in range(recalcs):
                d = int(rng.integers(0, w.D))
                t = START_MS + d * DAY + int(rng.choice(24, p=HOURS["office"])) * HOUR - REGIONS[region[k]]["off"] * 60_000
                gap = 60_000 / 30 if tier[k] != "free" else 60_000 / 5
                ts = t + (np.arange(rows) * gap).astype(np.int64) + rng.integers(0, 500, rows)
                ok = (ts >= START_MS) & (ts < START_MS + w.D * DAY)
                e = egress[rng.integers(len(egress), size=rows)]
                w.add(np.full(int(ok.sum()), x), ts[ok], e[ok], pr[ok], ua, w.tokens(int(ok.sum()), 3, .6), 1)


def b_moderation(w: World, n):
    """Forums running one open-source moderation bot, each on its own server with its own account: one fixed
    classification prompt over every new post, one-word labels, around the clock."""
    rng = w.rng
    region = w.regions(n)
    a = w.accounts(n, "moderation_bot", "build", region, group="modharbor", role="forum",
                   email=[f"{company(w)}-forum.org" for _ in range(n)])
    vm = w.IP.codes(w.ref.v4s("dc", n, rng))
    ai, ts = w.times(n, np.array([REGIONS[r]["off"] for r in region]), np.full(n, .97),
                     np.clip(np.exp(rng.normal(3.6, 1.0, n)), 5, 1500), "forum")
    posts = [f"{w.sent[i]}" for i in rng.integers(len(w.sent), size=len(ai))]
    w.add(a[ai], ts, vm[ai], w.P.codes([MOD_PROMPT + p for p in posts]), w.UA.code(MODBOT_UA),
          rng.integers(1, 4, len(ai)), 1)


BENIGN_FN = {"hobbyist": b_hobbyist, "household": b_household, "office_nat": b_office, "campus": b_campus,
             "carrier_mobile": b_mobile, "vpn_user": b_vpn, "indie_dev": b_indie, "heavy_app": b_heavy,
             "forked_notebook": b_forked_notebook, "quiz_night": b_quiz_night, "crisis_volunteer": b_crisis,
             "privacy_relay": b_privacy_relay, "sheet_addon": b_sheet_addon, "moderation_bot": b_moderation}


# ---------------------------------------------------------------- rings

def iso(ms: int) -> str:
    return pd.Timestamp(int(ms), unit="ms", tz="UTC").strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def band(w: World, total: int, lo: int, hi: int) -> list[int]:
    out = []
    while sum(out) < total:
        out.append(int(min(hi, lo + np.floor(w.rng.pareto(1.3) * lo * .6))))
    extra = sum(out) - total
    out[-1] -= extra
    if out[-1] < lo:
        rest = out.pop()
        for i in range(len(out)):
            add = min(rest, hi - out[i])
            out[i] += add
            rest -= add
            if not rest:
                break
    return out


def ring_sizes(w: World, R: int, world: str) -> list[tuple[int, str]]:
    kinds = list(RING_KINDS)
    if world == "small":
        sizes = band(w, R, 3, 15)
        sizes = [s for s in sizes]
    elif world == "mixed":
        a, b = round(R * .5), round(R * .3)
        sizes = band(w, a, 3, 15) + band(w, b, 16, 60) + band(w, R - a - b, 61, 300)
    else:
        h = int(round(w.N * w.rng.uniform(.055, .065)))
        h = min(h, R - 3)
        rest = band(w, R - h, 3, 60) if R - h >= 3 else []
        other = [k for k in kinds if k != "hydra_reseller"]
        order = w.rng.permutation(len(other))
        return [(h, "hydra_reseller")] + [(s, other[order[i % len(other)]]) for i, s in enumerate(rest)]
    order = w.rng.permutation(len(kinds))
    perm = w.rng.permutation(len(sizes))
    return [(sizes[i], kinds[order[k % len(kinds)]]) for k, i in enumerate(perm)]


def work_days(w: World, size: int, lo: int = 0):
    """Working days of each account (the budget knob) and its requests per working day (most at a sizeable share of
    the build plan's limit, a quarter quieter)."""
    rng = w.rng
    span = w.D - lo
    nd = np.clip(1 + rng.poisson(max(w.days_mean - 1, 0), size), 1, max(1, int(.85 * span)))
    days = [np.sort(lo + rng.choice(span, int(k), replace=False)) for k in nd]
    heavy = rng.random(size) < .75
    frac = np.where(heavy, rng.uniform(.4, .9, size), rng.uniform(.08, .3, size))
    return days, frac


def runs(w: World, days, frac, h0, span, limit=2000, off=0):
    """(account index, UTC ms) of each account's working days: requests spread over a window of ``span`` hours from
    local hour ``h0`` (per account)."""
    rng = w.rng
    A, T = [], []
    for k, ds in enumerate(days):
        for d in ds:
            c = int(rng.poisson(frac[k] * limit))
            st = START_MS + int(d) * DAY + int((h0[k] + rng.uniform(-1, 1)) * HOUR) - int(off if np.isscalar(off) else off[k]) * 60_000
            ts = st + np.sort(rng.integers(0, int(span[k] * HOUR), c))
            A.append(np.full(c, k))
            T.append(ts)
    a, t = (np.concatenate(A), np.concatenate(T)) if A else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    ok = (t >= START_MS) & (t < START_MS + w.D * DAY)
    return a[ok], t[ok]


def pick_datasets(w: World, k: int) -> list[str]:
    ds = [d for d in w.ref.datasets if d != w.nb_dataset]
    return [ds[i] for i in w.rng.choice(len(ds), k, replace=False)]


def render(w: World, dsets: list[str], items: list[str], suffix="", tmpl_idx=None) -> list[str]:
    rng = w.rng
    T = [t for d in dsets for t in w.ref.templates[d]]
    ti = rng.integers(len(T), size=len(items)) if tmpl_idx is None else tmpl_idx
    return [T[i][0] + x + T[i][1] + suffix for i, x in zip(ti, items)]


def ring_entry(w, rid, kind, size, signals, evasions, datasets):
    w.rings.append({"ring_id": rid, "kind": kind, "size": int(size), "sophistication": SOPH[kind],
                    "signals_kept": signals, "evasions": evasions, "datasets": datasets})


def new_ring_accounts(w, kind, size, rid, region=None, created=None, pay=None, email=None, org="", role="member",
                      tier="build"):
    region = w.regions(size) if region is None else region
    if created is None:
        created = START_MS - (w.rng.uniform(10, 300, size) * DAY).astype(np.int64)
    if pay is None:
        kinds = ["card", "vcc", "wal"]
        pay = [w.token(kinds[int(w.rng.integers(3))]) for _ in range(size)]
    return w.accounts(size, kind, tier, region, group=rid, role=role, ring=rid, soph=SOPH[kind], created=created,
                      pay=pay, email=email, org=org), region


def k_card_pool(w, rid, size):
    rng = w.rng
    ds = pick_datasets(w, 1)
    cards = [w.token("card") for _ in range(int(rng.integers(1, 3)))]
    days, frac = work_days(w, size, 1)
    t0 = START_MS + int(min(d[0] for d in days)) * DAY - int(rng.integers(4, 30)) * HOUR
    created = t0 + rng.integers(0, 3 * HOUR, size)
    a, _ = new_ring_accounts(w, "card_pool", size, rid, region=np.full(size, "us_east", dtype=object), created=created,
                             pay=[cards[i % len(cards)] for i in range(size)], email="mailinator.com")
    ai, ts = runs(w, days, frac, np.zeros(size), np.full(size, 23.5))
    ips = w.IP.codes(w.ref.v4s("dc", int(rng.integers(4, 7)), rng))
    pr = w.P.codes(render(w, ds, w.items(len(ai))))
    w.add(a[ai], ts, ips[rng.integers(len(ips), size=len(ai))], pr, w.UA.code("python-requests/2.31.0"),
          w.tokens(len(ai), 5.6, .5), 0)
    ring_entry(w, rid, "card_pool", size, ["shared cards", "sign-up burst within three hours", "disposable mail domain",
                                            "4-6 datacenter addresses", "python-requests user agent", "one dataset"],
               ["none to speak of"], ds)


def k_cot(w, rid, size):
    rng = w.rng
    ds = pick_datasets(w, 1)
    days, frac = work_days(w, size)
    a, region = new_ring_accounts(w, "cot_harvest", size, rid, email="proton.me")
    ai, ts = runs(w, days, frac, rng.uniform(0, 6, size), np.full(size, 16.0))
    ips = w.IP.codes(w.ref.v4s("as24940", 2, rng) + w.ref.v4s("as16276", 1, rng))
    pr = w.P.codes(render(w, ds, w.items(len(ai)), COT))
    w.add(a[ai], ts, ips[rng.integers(len(ips), size=len(ai))], pr, w.UA.code("capstan-python/1.7.0"),
          w.tokens(len(ai), 7.2, .4), 2)
    ring_entry(w, rid, "cot_harvest", size, ["chain-of-thought suffix", "2-3 Hetzner/OVH addresses", "one SDK build",
                                              "one dataset", "reasoning model only"], ["own cards"], ds)


def k_hydra(w, rid, size):
    rng = w.rng
    ds = pick_datasets(w, 3)
    waves = START_MS - (rng.choice([200, 120, 60, 25, 10], size) * DAY + rng.integers(0, 2 * DAY, size))
    a, region = new_ring_accounts(w, "hydra_reseller", size, rid, created=waves,
                                  email=[["gmail.com", "outlook.com", "proton.me", "yandex.com", "qq.com"][i % 5]
                                         for i in range(size)])
    pool = np.concatenate([w.IP.codes(w.ref.v4s("as20473", 70, rng)), w.IP.codes(w.ref.v4s("as36351", 60, rng)),
                           w.IP.codes(w.ref.v4s("dc", 60, rng))])
    mine = [pool[rng.choice(len(pool), int(rng.integers(4, 9)), replace=False)] for _ in range(size)]
    days, frac = work_days(w, size)
    ai, ts = runs(w, days, frac, rng.uniform(1, 3, size), np.full(size, 20.0))   # the resale gateway's day
    n = len(ai)
    chat = rng.random(n) < rng.uniform(.4, .6)
    pr = np.empty(n, np.int64)
    pr[chat] = w.chat(int(chat.sum()), .2)
    hv = np.flatnonzero(~chat)
    cot = rng.random(len(hv)) < .5
    txt = render(w, ds, w.items(len(hv)))
    pr[hv] = w.P.codes([t + COT if c else t for t, c in zip(txt, cot)])
    M = np.full((size, 8), -1, np.int64)
    for k, m in enumerate(mine):
        M[k, :len(m)] = m
    lens = np.array([len(m) for m in mine])
    ips = M[ai, rng.integers(0, 1 << 30, n) % lens[ai]]
    uas = w.UA.codes(["new-api/0.6.3"] * 8 + ["LobeChat/1.42 (resold)", "ChatBox/1.9.1 (resold)"])
    ua = uas[np.where(rng.random(n) < .8, 0, rng.integers(8, 10, n))]
    model = np.where(chat, w.models(n), np.where(np.isin(np.arange(n), hv[cot]), 2, 0))
    w.add(a[ai], ts, ips, pr, ua, np.where(model == 2, w.tokens(n, 7, .4), w.tokens(n)), model)
    ring_entry(w, rid, "hydra_reseller", size, ["relay pool of datacenter addresses", "reseller gateway user agent on 80 %",
                                                 "three datasets, CoT on half", "sign-up waves"],
               ["resold ordinary chat mixed in", "own cards, wallets and virtual cards", "each account on 4-8 relay exits"],
               ds)


def k_day_spread(w, rid, size):
    """*new*: each item asked in 3-5 paraphrased variants (different templates of its dataset), each variant by another
    account on another UTC day, so nothing repeats within a day or an account."""
    rng = w.rng
    ds = pick_datasets(w, 1)
    T = w.ref.templates[ds[0]]
    a, region = new_ring_accounts(w, "day_spread", size, rid)
    asns = [REGIONS[r]["home"][0] for r in region]
    ips = np.array([w.IP.code(w.ref.v4s(f"as{x}", 1, rng)[0]) for x in asns])
    # a planned calendar: each account works on days no other account of the ring has yet, at a steady pace
    nd = np.clip(1 + rng.poisson(max(w.days_mean - 1, 0), size), 1, max(1, int(.85 * w.D)))
    use, days = np.zeros(w.D, int), []
    for k in range(size):
        dk = np.sort(np.lexsort((rng.random(w.D), use))[:nd[k]])
        use[dk] += 1
        days.append(dk)
    frac = rng.uniform(.45, .8, size)
    offs = np.array([REGIONS[r]["off"] for r in region])
    ai, ts = runs(w, days, frac, rng.uniform(8, 11, size), rng.uniform(9, 13, size), off=offs)
    day = (ts - START_MS) // DAY
    o = np.lexsort((rng.random(len(ai)), day))
    ai, ts, day = ai[o], ts[o], day[o]
    V = min(int(rng.integers(3, 6)), len(T), max(2, size - 1))
    # each item takes one slot from V (day, account) buckets with distinct days and distinct accounts, the fullest
    # buckets first; what cannot be spread any more goes out as items of fewer variants
    key = day * size + ai
    bk, binv = np.unique(key, return_inverse=True)
    cnt = np.bincount(binv)
    bday, bacc = bk // size, bk % size
    slots = [list(np.flatnonzero(binv == b)) for b in range(len(bk))]
    item = np.full(len(ai), -1)
    var = np.zeros(len(ai), np.int64)
    nxt = 0
    while cnt.any():
        chosen, ud, ua_ = [], set(), set()
        for b in np.argsort(-cnt, kind="stable"):
            if cnt[b] == 0:
                break
            if bday[b] in ud or bacc[b] in ua_:
                continue
            chosen.append(b)
            ud.add(bday[b])
            ua_.add(bacc[b])
            if len(chosen) == V:
                break
        for j, b in enumerate(chosen):
            sl = slots[b].pop()
            item[sl], var[sl] = nxt, j
            cnt[b] -= 1
        nxt += 1
    if V > 1:                                  # what the calendar cannot spread is not sent
        keep = np.bincount(item, minlength=nxt)[item] >= 2
        ai, ts, day, var = ai[keep], ts[keep], day[keep], var[keep]
        _, item = np.unique(item[keep], return_inverse=True)
        nxt = int(item.max()) + 1 if len(item) else 0
    texts = w.items(nxt)
    ti = (var + item * 7) % len(T)
    pr = w.P.codes([T[t][0] + texts[i] + T[t][1] for i, t in zip(item, ti)])
    w.add(a[ai], ts, ips[ai], pr, w.UA.codes([BROWSERS[(x * 3) % len(BROWSERS)] for x in ai]), w.tokens(len(ai), 5.8, .5), 0)
    ring_entry(w, rid, "day_spread", size, ["one dataset's templates", "every item several times across the ring",
                                             "static residential addresses of one ISP per region"],
               [f"*new* day-spread variants: each item in {V} paraphrased variants, each by another account on another "
                "UTC day", "no prompt repeated within an account or a day"], ds)
    w.rings[-1]["variants_per_item"] = V


def k_notebook_stowaway(w, rid, size):
    """*invented*: harvest as forks of the trending public notebook: its template, its platform's egress and SDK
    build, but rows past the notebook's default sample (the rest of the dataset), never the rows forkers send."""
    rng = w.rng
    pre, post = w.ref.templates[w.nb_dataset][0]
    lo = min(w.D - 1, w.nb_trend_day)
    days, frac = work_days(w, size, lo)
    created = np.array([START_MS + int(d[0]) * DAY - int(rng.integers(1, 8)) * HOUR for d in days])
    a, region = new_ring_accounts(w, "notebook_stowaway", size, rid, created=created)
    ai, ts = runs(w, days, frac, rng.uniform(6, 12, size), np.full(size, 12.0), off=np.array([REGIONS[r]["off"] for r in region]))
    ts = np.maximum(ts, created[ai] + 60_000)
    pr = w.P.codes([pre + t + post for t in w.items(len(ai))])
    eg = w.nb_egress
    w.add(a[ai], ts, eg[rng.integers(len(eg), size=len(ai))], pr, w.UA.code(NOTEBOOK_UA), w.tokens(len(ai), 3, .6), 1)
    ring_entry(w, rid, "notebook_stowaway", size, ["the notebook's dataset far past its sample", "sign-ups on the trend days",
                                                    "volume"],
               ["*invented* notebook stowaways: the trending notebook's template, egress and SDK build shared with "
                "hundreds of real forkers"], [w.nb_dataset])


def k_sheet_launder(w, rid, size):
    """*invented*: harvest as spreadsheet formula cells through the add-on: its wrapper and script-server egress,
    the instruction a template's text, each row an item, no column ever recalculated."""
    rng = w.rng
    ds = pick_datasets(w, 2)
    T = [t for d in ds for t in w.ref.templates[d]]
    a, region = new_ring_accounts(w, "sheet_launder", size, rid)
    days, frac = work_days(w, size)
    ai, ts = runs(w, days, frac, rng.uniform(8, 10, size), np.full(size, 12.0),
                  off=np.array([REGIONS[r]["off"] for r in region]))
    ti = rng.integers(len(T), size=len(ai))
    its = w.items(len(ai))
    pr = w.P.codes([SHEET_PROMPT.format(i=(T[t][0] + "[value]" + T[t][1]).replace("\n", " ")[:300], v=x)
                    for t, x in zip(ti, its)])
    eg = w.sheet_egress
    w.add(a[ai], ts, eg[rng.integers(len(eg), size=len(ai))], pr, w.UA.code(SHEETS_UA), w.tokens(len(ai), 5.5, .5), 1)
    ring_entry(w, rid, "sheet_launder", size, ["two datasets' templates as the cell instruction", "volume",
                                                "rows never recalculated"],
               ["*invented* formula-cell laundering: the add-on's wrapper, user agent and script-server egress shared "
                "with every real add-on user"], ds)


def k_warming(w, rid, size):
    """*new*: fresh accounts warmed up: a week of light ordinary chat from a residential address, then the harvest
    share and the daily volume ramp up day by day."""
    rng = w.rng
    ds = pick_datasets(w, 2)
    sign = rng.integers(0, max(1, min(7, w.D - 4)), size)
    created = START_MS + sign * DAY + rng.integers(8 * HOUR, 20 * HOUR, size)
    a, region = new_ring_accounts(w, "warming_ramp", size, rid, created=created,
                                  region=np.full(size, "us_west", dtype=object))
    ips = np.array([w.IP.code(x) for x in w.ref.v4s("as7018", size, rng)])
    warm = rng.integers(5, 9, size)
    uas = w.UA.codes([BROWSERS[i] for i in rng.integers(len(BROWSERS), size=size)])
    A, T, H = [], [], []
    for k in range(size):
        d0 = int(sign[k])
        nd = max(2, 1 + int(rng.poisson(max(w.days_mean - 1, 0))))
        for j, d in enumerate(range(d0, w.D)):
            if j < warm[k]:
                c, hshare = int(rng.integers(8, 40)), 0.0
            else:
                r = j - warm[k]
                if r >= nd + 3:
                    break
                c = int(min(.85, .1 * 1.8 ** r) * 2000 * rng.uniform(.8, 1.1))
                hshare = min(.95, .25 + .2 * r)
            st = max(created[k] + 60_000, START_MS + d * DAY + 15 * HOUR)
            ts = st + np.sort(rng.integers(0, 12 * HOUR, c))
            A.append(np.full(c, k))
            T.append(ts)
            H.append(rng.random(c) < hshare)
    ai, ts, hv = np.concatenate(A), np.concatenate(T), np.concatenate(H)
    ok = ts < START_MS + w.D * DAY
    ai, ts, hv = ai[ok], ts[ok], hv[ok]
    pr = w.chat(len(ai))
    pr[hv] = w.P.codes(render(w, ds, w.items(int(hv.sum()))))
    w.add(a[ai], ts, ips[ai], pr, uas[ai], w.tokens(len(ai), 5.8, .6), np.where(hv, 0, w.models(len(ai))))
    ring_entry(w, rid, "warming_ramp", size, ["two datasets' templates", "one ISP, sign-ups in one week",
                                               "the same ramp shape"],
               ["*new* account warming: 5-8 days of light ordinary chat, then the harvest share and volume ramp up"],
               ds)


def k_active_learning(w, rid, size):
    """*invented*: two-pass active learning: sweepers ask every item with a label-only instruction on the small model;
    days later deliberators re-ask a sixth of them with chain-of-thought on the reasoning model, from other accounts."""
    rng = w.rng
    ds = pick_datasets(w, 1)
    T = w.ref.templates[ds[0]]
    n_sw = max(1, int(round(size * .6)))
    roles = np.array(["sweeper"] * n_sw + ["deliberator"] * (size - n_sw), dtype=object)
    a, region = new_ring_accounts(w, "active_learning", size, rid, role=roles)
    half = max(1, w.D // 2)
    sw = np.flatnonzero(roles == "sweeper")
    de = np.flatnonzero(roles == "deliberator")
    ips = w.IP.codes(w.ref.v4s("microsoft", size, rng))
    d1, f1 = work_days(w, len(sw))
    d1 = [np.unique(np.minimum(d, half - 1)) for d in d1]
    a1, t1 = runs(w, d1, f1, rng.uniform(0, 8, len(sw)), np.full(len(sw), 14.0))
    its = w.items(len(a1))
    ti = rng.integers(len(T), size=len(a1))
    w.add(a[sw][a1], t1, ips[sw][a1], w.P.codes([T[t][0] + x + T[t][1] + LABEL_ONLY for t, x in zip(ti, its)]),
          w.UA.code("capstan-python/1.9.0"), rng.integers(1, 4, len(a1)), 1)
    if len(de) and len(a1):
        d2, f2 = work_days(w, len(de), min(w.D - 1, half + 1))
        a2, t2 = runs(w, d2, f2 * .5, rng.uniform(0, 8, len(de)), np.full(len(de), 14.0))
        k = min(len(a2), max(1, len(a1) // 6))
        sub = np.sort(rng.choice(len(a2), k, replace=False))
        a2, t2 = a2[sub], t2[sub]
        pick = rng.choice(len(a1), k, replace=False)
        ti2 = (ti[pick] + 1) % len(T)
        w.add(a[de][a2], t2, ips[de][a2],
              w.P.codes([T[t][0] + its[p] + T[t][1] + COT for t, p in zip(ti2, pick)]),
              w.UA.code("capstan-python/1.9.0"), w.tokens(len(a2), 7.3, .4), 2)
    ring_entry(w, rid, "active_learning", size, ["one dataset", "one SDK build", "Azure VMs",
                                                  "the same items in both passes"],
               ["*invented* two-pass active learning: label-only sweep (tiny outputs), then a sixth re-asked with "
                "chain-of-thought days later by other accounts"], ds)


def k_json_mode(w, rid, size):
    """*new*: app-shaped JSON mode: every item in a chat-message list behind a product-like system prompt with a JSON
    schema, each account a fake SaaS company with its own org, domain and cloud VM, steady business-hours volume."""
    rng = w.rng
    ds = pick_datasets(w, 1)
    names = [company(w) for _ in range(size)]
    a, region = new_ring_accounts(w, "json_mode", size, rid, email=[f"{x}.ai" for x in names],
                                  org=[f"org_{w.hexid(10)}" for _ in range(size)])
    provs = ["amazon", "microsoft", "google", "digitalocean"]
    ips = np.array([w.IP.code(w.ref.v4s(provs[k % 4], 1, rng)[0]) for k in range(size)])
    days, frac = work_days(w, size)
    ai, ts = runs(w, days, frac, rng.uniform(7, 9, size), np.full(size, 10.0),
                  off=np.array([REGIONS[r]["off"] for r in region]))
    txt = render(w, ds, w.items(len(ai)))
    pr = w.P.codes([json.dumps([{"role": "system", "content": JSON_SYSTEM}, {"role": "user", "content": t}],
                               ensure_ascii=False) for t in txt])
    uas = w.UA.codes(SDKS[3:7])
    w.add(a[ai], ts, ips[ai], pr, uas[ai % 4], w.tokens(len(ai), 5.2, .4), w.rng.choice(2, len(ai)))
    ring_entry(w, rid, "json_mode", size, ["one system prompt with one JSON schema", "one dataset",
                                            "steady business-hours volume"],
               ["*new* app-shaped JSON mode: fake SaaS companies with orgs, domains, cloud VMs and backend user agents"],
               ds)


RING_FN = {"card_pool": k_card_pool, "cot_harvest": k_cot, "hydra_reseller": k_hydra, "day_spread": k_day_spread,
           "notebook_stowaway": k_notebook_stowaway, "sheet_launder": k_sheet_launder, "warming_ramp": k_warming,
           "active_learning": k_active_learning, "json_mode": k_json_mode}


def default_share(world: str) -> float:
    return {"small": .005, "mixed": .05, "hydra": .075}[world]


# ---------------------------------------------------------------- generate

def generate(p: Params, out_dir: Path | None = None, ref: Ref | None = None) -> dict:
    t0 = time.time()
    ref = ref or Ref()
    out_dir = Path(out_dir or p.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    w = World(p, ref)
    rng = w.rng
    N, D = p.n_accounts, p.days
    share = default_share(p.world) if p.ring_share is None else p.ring_share
    R = int(round(share * N))
    # platform fixtures shared by cohorts and rings
    w.nb_dataset = ref.datasets[int(rng.integers(len(ref.datasets)))]
    w.nb_rows = w.items(300)
    w.nb_trend_day = min(D - 2, 2)
    w.nb_egress = w.IP.codes(ref.v4s("google", 40, rng))
    w.sheet_egress = w.IP.codes(ref.v4s("google", 60, rng))
    w.crisis_day = min(D - 2, 3)
    w.platform.update({"notebook": {"dataset": w.nb_dataset, "default_rows": 100, "trend_day_utc": iso(START_MS + w.nb_trend_day * DAY)},
                       "notebook_egress": [w.IP.items[c] for c in w.nb_egress],
                       "sheet_script_egress": [w.IP.items[c] for c in w.sheet_egress]})
    # benign
    nb = N - R
    tot = sum(BENIGN_SHARES.values())
    counts = {k: max(3, int(round(v / tot * nb))) for k, v in BENIGN_SHARES.items()}
    counts["hobbyist"] += nb - sum(counts.values())
    for k, fn in BENIGN_FN.items():
        fn(w, counts[k])
    benign_events = sum(len(e[0]) for e in w.ev)
    # rings: working days set so the rings send what the budget allows (4M events in all at most)
    plan = ring_sizes(w, R, p.world)
    budget = {"small": 1_700_000, "mixed": 2_000_000, "hydra": 2_000_000}[p.world] * N / 20000
    budget = min(budget, 3_600_000 * N / 20000 - benign_events * 1.02)
    w.days_mean = float(np.clip(budget / max(1, R) / (2000 * .53), 1, .8 * D))
    for k, (s, kind) in enumerate(plan):
        RING_FN[kind](w, f"ring-{k + 1:03d}", s)
    return finish(w, p, out_dir, ref, share, R, t0)


def finish(w: World, p: Params, out_dir: Path, ref: Ref, share: float, R: int, t0: float) -> dict:
    rng, N, D = w.rng, p.n_accounts, p.days
    a, ts, ip, pr, ua, tok, model = (np.concatenate([e[i] for e in w.ev]) for i in range(7))
    drawn = len(a)
    # retries: 1 % sent again 1-8 s later, the first one logged without output tokens (it timed out)
    r = np.flatnonzero(rng.random(drawn) < .01)
    a, ts, ip, pr, ua, tok, model = (np.concatenate([x, x[r]]) for x in (a, ts, ip, pr, ua, tok, model))
    tok[r] = -1
    ts[drawn:] += rng.integers(1000, 8000, len(r))
    created = np.array(w.A["created"], dtype=np.int64)
    keep = (ts < START_MS + D * DAY) & (ts >= START_MS) & (ts >= created[a])
    a, ts, ip, pr, ua, tok, model = (x[keep] for x in (a, ts, ip, pr, ua, tok, model))
    # per-plan limits per UTC minute, then per UTC day: requests above them are refused and not logged
    tiers = np.array(w.A["tier"], dtype=object)
    mcap = np.array([MINUTE[t] for t in tiers])
    dcap = np.array([DAILY[t] for t in tiers])
    before = len(a)
    for unit, cap in ((60_000, mcap), (DAY, dcap)):
        o = np.lexsort((ts, a))
        key = a[o] * (D * DAY // unit + 2) + (ts[o] - START_MS) // unit
        st = np.r_[True, key[1:] != key[:-1]]
        first = np.maximum.accumulate(np.where(st, np.arange(len(key)), 0))
        rank = np.arange(len(key)) - first
        ok = np.empty(len(key), bool)
        ok[o] = rank < cap[a[o]]
        a, ts, ip, pr, ua, tok, model = (x[ok] for x in (a, ts, ip, pr, ua, tok, model))
    refused = before - len(a)
    o = np.lexsort((a, ts))
    a, ts, ip, pr, ua, tok, model = (x[o] for x in (a, ts, ip, pr, ua, tok, model))
    n = len(a)
    # missing fields
    miss_ip = rng.random(n) < .005
    ip[miss_ip] = -1
    ua[rng.random(n) < .006] = -1
    tok[rng.random(n) < .005] = -1
    firsts = np.zeros(n, bool)
    _, fi = np.unique(a, return_index=True)
    firsts[fi] = True
    pay_arr = np.array(w.A["pay"], dtype=object)
    PAY = Pool()
    PAY.code("")
    acc_pay = PAY.codes(list(pay_arr))
    pc = acc_pay[a]
    pc = np.where((pc == 0) | ((rng.random(n) < .003) & ~firsts), -1, pc)
    # account ids and keys
    ids = set()
    aid = []
    while len(aid) < N:
        x = f"cp_{w.hexid(10)}"
        if x not in ids:
            ids.add(x)
            aid.append(x)
    aid = np.array(aid, dtype=object)
    keys1 = np.array([f"sk-cap-{w.hexid(16)}" for _ in range(N)], dtype=object)
    keys2 = np.array([f"sk-cap-{w.hexid(16)}" for _ in range(N)], dtype=object)
    rot = np.where(rng.random(N) < .25, START_MS + (rng.random(N) * D * DAY).astype(np.int64), 1 << 62)
    key_txt = np.where(ts >= rot[a], keys2[a], keys1[a])
    cols = {
        "account_id": pa.array(aid[a], pa.string()),
        "timestamp": pa.array(ts, pa.int64()).cast(pa.timestamp("ms", tz="UTC")),
        "ip": pa.DictionaryArray.from_arrays(pa.array(ip, mask=ip < 0), pa.array(w.IP.items, pa.string())).dictionary_decode(),
        "payment_method": pa.DictionaryArray.from_arrays(pa.array(pc, mask=pc < 0), pa.array(PAY.items, pa.string())).dictionary_decode(),
        "prompt": pa.DictionaryArray.from_arrays(pa.array(pr), pa.array(w.P.items, pa.string())).dictionary_decode(),
        "user_agent": pa.DictionaryArray.from_arrays(pa.array(ua, mask=ua < 0), pa.array(w.UA.items, pa.string())).dictionary_decode(),
        "output_tokens": pa.array(tok, pa.int64(), mask=tok < 0),
        "api_key_id": pa.array(key_txt, pa.string()),
        "model": pa.DictionaryArray.from_arrays(pa.array(model), pa.array(MODELS, pa.string())).dictionary_decode(),
    }
    write_events(out_dir, cols, p.format, p.minimal)
    del cols
    # accounts, truth, world.json
    per = np.bincount(a, minlength=N)
    coh = np.array(w.A["cohort"], dtype=object)
    first_ev = np.full(N, 1 << 62)
    np.minimum.at(first_ev, a, ts)
    cr = np.minimum(created, first_ev)
    orgs, emails = np.array(w.A["org"], dtype=object), np.array(w.A["email"], dtype=object)
    accdf = pd.DataFrame({"account_id": aid, "created_at": [iso(x) for x in cr], "payment_method": pay_arr,
                          "email_domain": emails, "country": [REGIONS[r]["c"] for r in w.A["region"]],
                          "org_id": orgs, "plan": tiers})
    ring = np.array(w.A["ring"], dtype=object)
    truth = pd.DataFrame({"account_id": aid, "is_ring": np.where(ring != "", "true", "false"), "ring_id": ring,
                          "cohort": coh, "group_id": w.A["group"], "tier": tiers, "sophistication": w.A["soph"],
                          "role": w.A["role"], "region": w.A["region"], "events": per})
    order = np.argsort(aid, kind="stable")
    (accdf.iloc[order][MINIMAL_ACCOUNT_COLS if p.minimal else ACCOUNT_COLS]
     .to_csv(out_dir / "accounts.csv", index=False, lineterminator="\n"))
    truth.iloc[order][TRUTH_COLS].to_csv(out_dir / "truth.csv", index=False, lineterminator="\n")
    evc = pd.Series(per).groupby(coh).sum()
    cohorts = {}
    for c in list(BENIGN_SHARES) + RING_KINDS:
        m = coh == c
        if m.any():
            cohorts[c] = {"accounts": int(m.sum()), "events": int(evc.get(c, 0)), "ring": c in RING_KINDS,
                          "new": c in NEW_BENIGN or c in NEW_KINDS}
    bt = truth[(truth["is_ring"] == "false") & (truth["group_id"] != "")]
    gsize = bt.groupby("group_id").size()
    rmask = (truth["is_ring"] == "true").to_numpy()
    ring_days = (pd.DataFrame({"a": a, "d": (ts - START_MS) // DAY})[rmask[a]].drop_duplicates()
                 .groupby("a").size().mean()) if rmask.any() else 0.0
    n_msg = int(sum(1 for s in w.P.items if s.startswith('[{"role"')))
    meta = {
        "world": "world38 (Capstan)",
        "params": {"seed": p.seed, "world": p.world, "n_accounts": N, "days": D, "ring_share": share,
                   "start": START.strftime("%Y-%m-%dT%H:%M:%SZ"), "minimal": p.minimal, "format": p.format},
        "counts": {"accounts": N, "events": int(n), "ring_accounts": int(R), "rings": len(w.rings),
                   "ring_events": int(per[rmask].sum()),
                   "benign_group_accounts": int(gsize[gsize >= 2].sum()), "benign_groups": int((gsize >= 2).sum()),
                   "accounts_without_events": int((per == 0).sum()), "requests_drawn": int(drawn + len(r)),
                   "refused_requests_not_logged": int(refused), "retry_duplicates_drawn": int(len(r)),
                   "missing_ip_events": int(miss_ip.sum()), "distinct_message_list_prompts": n_msg,
                   "ring_working_days_mean": round(w.days_mean, 2),
                   "ring_active_utc_days_per_account": round(float(ring_days), 2),
                   "ring_accounts_by_kind": {k: int(v) for k, v in truth[rmask].groupby("cohort").size().items()},
                   "benign_groups_by_cohort": {k: int(v) for k, v in bt.groupby("cohort")["group_id"].nunique().items()}},
        "cohorts": cohorts,
        "rings": w.rings,
        "platform": {"name": "Capstan (fictional)", "daily_limits": DAILY, "minute_limits": MINUTE, "models": MODELS,
                     **w.platform,
                     "regions": {k: {"country": v["c"], "utc_offset_minutes": v["off"]} for k, v in REGIONS.items()},
                     "text_timestamps": "ISO 8601 UTC to the millisecond (...Z)"},
        "reference_data": {"root": "$GRAPHHUNT_SHARED_DATA", "files": dict(sorted(ref.files.items()))},
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "generation_seconds": round(time.time() - t0, 1),
    }
    (out_dir / "world.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    return meta


def write_events(out_dir: Path, cols: dict, fmt: str, minimal: bool):
    names = MINIMAL_COLS if minimal else EVENT_COLS
    tab = pa.table({k: cols[k] for k in names})
    if fmt == "parquet":
        pq.write_table(tab, out_dir / "events.parquet", compression="zstd", row_group_size=500_000)
        return
    kind = fmt.split(".")[0]
    ms = cols["timestamp"].cast(pa.int64()).to_numpy()
    gz = fmt.endswith(".gz")
    with open(out_dir / f"events.{fmt}", "wb") as raw:
        fh = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) if gz else raw
        CH = 200_000
        for i in range(0, len(ms), CH):
            ts = np.char.add(np.datetime_as_string(ms[i:i + CH].astype("datetime64[ms]"), unit="ms").astype(str), "Z")
            part = tab.slice(i, CH).set_column(1, "timestamp", pa.array(ts, pa.string()))
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
    ap.add_argument("--format", choices=["parquet", "csv", "jsonl", "jsonl.gz"], default="parquet")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if not 5 <= a.days <= 35:
        ap.error("--days must be 5-35")
    if a.n_accounts < 200:
        ap.error("--n-accounts must be at least 200")
    meta = generate(Params(**vars(a)))
    if not a.quiet:
        c = meta["counts"]
        print(f"world38 {a.world} seed {a.seed}: {c['accounts']} accounts, {c['events']} events, "
              f"{c['ring_accounts']} ring accounts in {c['rings']} rings, {meta['generation_seconds']} s -> {a.out}")
    return meta


if __name__ == "__main__":
    main()
