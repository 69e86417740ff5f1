#!/usr/bin/env python3
"""World 33 ("Osprey"): a blind test world of distillation rings on a fictional 2026 LLM API platform.

Standalone (numpy, pandas, pyarrow; never imports graphhunt). Reads real reference text and IP ranges from
$GRAPHHUNT_SHARED_DATA (default /work/shared/data) and writes into --out:
  events.<parquet|csv|jsonl|jsonl.gz|csv.gz>, accounts.csv, truth.csv, world.json.
The same arguments give byte-identical files (whatever PYTHONHASHSEED). See docs/WORLD33.md.

    python benchmarks/world33.py --out DIR --n-accounts 20000 --seed 1 --world small --minimal
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

SHARED = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", "/work/shared/data"))
START = pd.Timestamp("2026-10-05T00:00:00Z")           # a Monday
START_MS = int(START.value // 1_000_000)
DAY = 86_400_000
HOUR = 3_600_000
PLANS = ["free", "basic", "pro", "scale", "enterprise"]
DAILY = {"free": 50, "basic": 1000, "pro": 6000, "scale": 30000, "enterprise": 150000}
MINUTE = {"free": 5, "basic": 20, "pro": 120, "scale": 400, "enterprise": 1500}
MODELS = ["osp-3", "osp-3-mini", "osp-3-think", "osp-3-code", "osp-3.5"]
RELEASE_MS = START_MS + 10 * DAY + 16 * HOUR             # osp-3.5 released Thursday 2026-10-15 16:00 UTC
SDK_UPGRADE_DAY = 8                                       # osprey-python 2.7.0 published
QUILL_UPDATE_DAY = 13                                     # Quillmate 1.15.0 auto-update starts rolling out
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens",
              "api_key_id", "model"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role", "region",
              "events"]

# region: countries, UTC offsets (minutes) before/after its summer-time end, the switch instant, home ISPs,
# mobile carriers (AS numbers of the 2014 table), IPv6 prefix heads (/32: head:lo..hi), holidays (day index)
EU_SWITCH = "2026-10-25T01:00:00Z"
US_SWITCH = "2026-11-01T06:00:00Z"
REGIONS = {
    "us_east": dict(c=["US"], off=(-240, -300), sw=US_SWITCH, isp=[7922, 701, 7018, 22773, 20115],
                    mob=[22394, 21928], v6=[("2601", 0x0, 0xfff)], v6m=[("2607", 0xfb90, 0xfb90)], hol=[7], w=.26,
                    mail=["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "comcast.net"]),
    "us_west": dict(c=["US"], off=(-420, -480), sw=US_SWITCH, isp=[7922, 7018, 20115], mob=[22394, 21928],
                    v6=[("2601", 0x0, 0xfff)], v6m=[("2607", 0xfb90, 0xfb90)], hol=[7], w=.12,
                    mail=["gmail.com", "yahoo.com", "outlook.com", "icloud.com"]),
    "brazil": dict(c=["BR"], off=(-180, -180), sw=None, isp=[18881, 28573, 26599], mob=[26599],
                   v6=[("2804", 0x14c, 0x14f)], v6m=[("2804", 0x18, 0x1f)], hol=[7], w=.06,
                   mail=["gmail.com", "uol.com.br", "bol.com.br", "hotmail.com"]),
    "mexico": dict(c=["MX"], off=(-360, -360), sw=None, isp=[8151], mob=[8151], v6=[("2806", 0x230, 0x23f)],
                   v6m=[("2806", 0x103e, 0x103e)], hol=[], w=.04, mail=["gmail.com", "hotmail.com", "prodigy.net.mx"]),
    "uk": dict(c=["GB"], off=(60, 0), sw=EU_SWITCH, isp=[2856, 5089], mob=[2856], v6=[("2a00", 0x23c0, 0x23c7)],
               v6m=[("2a01", 0x4c8, 0x4c8)], hol=[], w=.07, mail=["gmail.com", "outlook.com", "btinternet.com"]),
    "eu_central": dict(c=["DE", "FR", "NL", "PL"], off=(120, 60), sw=EU_SWITCH, isp=[3320, 3215, 12322, 1136, 5617],
                       mob=[3320, 3215], v6=[("2003", 0xc0, 0xff), ("2a01", 0xcb00, 0xcbff)],
                       v6m=[("2a01", 0x598, 0x599)], hol=[], w=.14,
                       mail=["gmail.com", "gmx.de", "web.de", "orange.fr", "outlook.com", "wp.pl"]),
    "india": dict(c=["IN"], off=(330, 330), sw=None, isp=[9829, 24560, 55836], mob=[45609, 55836],
                  v6=[("2401", 0x4900, 0x49ff)], v6m=[("2409", 0x4000, 0x40ff)], hol=[15], w=.14,
                  mail=["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"]),
    "japan": dict(c=["JP"], off=(540, 540), sw=None, isp=[4713, 2516, 17676], mob=[2516], v6=[("240b", 0x10, 0x13)],
                  v6m=[("2400", 0x4050, 0x4053)], hol=[7], w=.06, mail=["gmail.com", "yahoo.co.jp", "icloud.com"]),
    "singapore": dict(c=["SG"], off=(480, 480), sw=None, isp=[7473], mob=[7473], v6=[("2406", 0x3000, 0x30ff)],
                      v6m=[("2406", 0x3400, 0x3400)], hol=[], w=.04, mail=["gmail.com", "singnet.com.sg"]),
    "australia": dict(c=["AU"], off=(660, 660), sw=None, isp=[1221, 7545], mob=[1221], v6=[("2403", 0x5800, 0x58ff)],
                      v6m=[("2001", 0x8004, 0x8004)], hol=[0], w=.04, mail=["gmail.com", "bigpond.com", "outlook.com"]),
    "nigeria": dict(c=["NG"], off=(60, 60), sw=None, isp=[29465], mob=[29465], v6=[("2c0f", 0xf400, 0xf4ff)],
                    v6m=[("2c0f", 0xf5c0, 0xf5c0)], hol=[], w=.03, mail=["gmail.com", "yahoo.com"]),
}
RNAMES = list(REGIONS)
UNI_AS = {"us_east": [3], "us_west": [32, 25], "uk": [786], "eu_central": [680, 2200], "australia": [7575],
          "japan": [2907]}
UNI_MAIL = {3: "mit.edu", 32: "stanford.edu", 25: "berkeley.edu", 786: "ucl.ac.uk", 680: "tum.de", 2200: "sorbonne-universite.fr",
            7575: "unimelb.edu.au", 2907: "u-tokyo.ac.jp"}
HOSTING_AS = [24940, 16276, 14061]                          # Hetzner, OVH, DigitalOcean (2014 table)

# diurnal profiles: local-hour weights
_H = np.arange(24)
PROFILES = {
    "office": np.where((_H >= 8) & (_H <= 18), 10.0, 0.6) + np.where((_H >= 12) & (_H <= 13), -3.0, 0.0),
    "evening": np.where((_H >= 18) & (_H <= 23), 8.0, np.where((_H >= 7) & (_H <= 17), 3.0, 0.5)),
    "student": np.where((_H >= 13) | (_H <= 1), 7.0, np.where(_H >= 9, 3.0, 0.4)),
    "flat": np.ones(24),
    "night": np.where((_H >= 1) & (_H <= 5), 10.0, 0.3),
    "school": np.where((_H >= 8) & (_H <= 14), 10.0, 0.05),
}
PNAMES = list(PROFILES)
PCDF = np.stack([np.cumsum(p / p.sum()) for p in PROFILES.values()])

BENIGN_SHARES = {   # of benign accounts
    "hobbyist": .205, "indie_dev": .07, "vpn_privacy": .025, "household": .08, "office_nat": .13,
    "carrier_mobile": .07, "campus": .06, "heavy_app": .005, "saas_byok": .03, "eval_lab": .005,
    # new in world33
    "support_bot_vendor": .08, "course_deadline": .04, "redteam_contractor": .02, "school_filter_tutor": .05,
    "newsroom_factcheck": .01, "prompt_library": .06, "oss_app_user": .06,
}
GROUPED_BENIGN = {"household", "office_nat", "campus", "heavy_app", "saas_byok", "eval_lab", "support_bot_vendor",
                  "course_deadline", "redteam_contractor", "school_filter_tutor", "newsroom_factcheck"}
RING_KINDS = ["card_pool", "trial_swarm", "cloud_hopper", "resi_proxy", "cot_siphon", "hydra_reseller",
              "oss_mimic", "compromised_smb", "paraphrase_spread", "fingerprint_header", "median_mimic",
              "ipv6_hopper"]
SOPH = {"card_pool": "crude", "trial_swarm": "crude", "cloud_hopper": "mid", "resi_proxy": "mid", "cot_siphon": "mid",
        "compromised_smb": "mid", "fingerprint_header": "mid", "ipv6_hopper": "mid", "hydra_reseller": "careful",
        "oss_mimic": "careful", "paraphrase_spread": "careful", "median_mimic": "careful"}
RING_DOC = {  # kind -> (signals kept, evasions)
    "card_pool": (["shared payment cards", "shared datacenter addresses", "one template set verbatim", "sign-up burst"],
                  ["none to speak of: spends to the plan limit"]),
    "trial_swarm": (["disposable mail domains", "sign-ups over the window", "one template set", "VPN provider ranges"],
                    ["free accounts (no payment to link)", "short account lives"]),
    "cloud_hopper": (["narrow template set", "chain-of-thought suffixes", "cloud ranges", "one SDK version"],
                     ["a fresh cloud VM address per account per day", "own card per account"]),
    "resi_proxy": (["narrow template set", "browser user agents of the same few builds"],
                   ["residential proxy exit per session", "own card per account", "evening rhythm"]),
    "cot_siphon": (["chain-of-thought elicitation on the reasoning model", "long outputs", "hosting addresses"],
                   ["own card per account", "moderate volume"]),
    "hydra_reseller": (["reseller proxy pool shared by the whole hydra", "harvest templates with CoT", "relay user agent"],
                       ["resold real end-user traffic on every account (40-65 %)", "sign-ups spread over months in waves",
                        "several payment processors", "moderate per-account volume"]),
    "oss_mimic": (["harvest templates inside the app's system prompt", "stale app version after the update"],
                  ["*new*: the exact user agent and system prompt of a popular open-source desktop app, used by "
                   "thousands of real users", "sticky residential addresses"]),
    "compromised_smb": (["new API key for harvest", "harvest at the owner's night", "ring-shared proxy addresses"],
                        ["*new*: harvest blended into compromised real small-business accounts (old accounts, real "
                         "owners, real cards, real daytime traffic on the same account)"]),
    "paraphrase_spread": (["the same underlying items (slot text) across accounts", "steady volume"],
                          ["*new*: every account rewords the templates with its own paraphraser: no two accounts share "
                           "instruction wording", "own card, own home address per account"]),
    "fingerprint_header": (["one rare browser build string (the anti-detect kit's leaked fingerprint)", "templates"],
                           ["*new*: every account a different country, its own locality-matched residential exit and "
                            "a different payment processor"]),
    "median_mimic": (["harvest share of prompts", "ring-wide template set"],
                     ["*new*: throttled to the median benign account (requests per active day, active days, hours, "
                      "output lengths, SDK upgrade)", "40 % ordinary chat prompts", "own card, own home address"]),
    "ipv6_hopper": (["residential IPv6 block of one proxy provider (one /40)", "templates", "flat rhythm"],
                    ["*new*: a new residential IPv6 /64 (and interface id) every hour", "own card per account"]),
}
SYN = {  # paraphrase table (paraphrase_spread): word -> alternatives
    "following": ["below", "given", "next", "provided"], "question": ["query", "problem", "prompt item"],
    "answer": ["response", "reply", "solution"], "text": ["passage", "excerpt", "snippet"],
    "what": ["which", "what exactly"], "is": ["is", "would be"], "the": ["the", "this"],
    "article": ["piece", "story", "write-up"], "sentence": ["statement", "line"], "review": ["critique", "assessment"],
    "summary": ["synopsis", "digest", "recap"], "write": ["compose", "draft", "produce"], "give": ["provide", "offer"],
    "choose": ["pick", "select"], "options": ["choices", "alternatives"], "correct": ["right", "accurate"],
    "generate": ["create", "produce", "come up with"], "describe": ["explain", "outline"], "this": ["this", "the present"],
    "about": ["regarding", "concerning", "on"], "topic": ["subject", "theme"], "passage": ["text", "paragraph"],
    "based": ["drawing", "relying"], "above": ["preceding", "earlier"], "best": ["most fitting", "optimal"],
}
COT = ["Think step by step and show every intermediate step before the final answer.",
       "Explain your reasoning in detail first, then give the answer on its own line as 'Answer: ...'.",
       "Reason it through carefully, list each step, and only then state the conclusion.",
       "Walk through your full chain of thought; do not skip steps."]
QUILL_SYS = ("You are Quillmate, a helpful desktop assistant. Answer in Markdown. Be concise unless the user asks for "
             "detail. Current date: {date}.\n\nUser: ")
QUILL_UA = {"win": "Quillmate/{v} (Electron 37.2.0; Windows 10.0.26100)", "mac": "Quillmate/{v} (Electron 37.2.0; macOS 15.6)",
            "linux": "Quillmate/{v} (Electron 37.2.0; Linux x86_64)"}
FP_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.183 "
         "Safari/537.36 OPR/112.0.0.0 (Edition Yx 05)")
BROWSERS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:143.0) Gecko/20100101 Firefox/143.0",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36"]
SDKS = ["osprey-python/{py}", "osprey-node/5.2.1", "OpenAI/Python 1.109.1 (osprey-compat)", "python-requests/2.32.5",
        "curl/8.15.0", "Go-http-client/2.0", "okhttp/4.12.0", "langchain-osprey/0.4.2"]
RELAY_UA = "new-relay/0.9.4"
HELPNEST_UA = "HelpNest-Bot/3.2 (+https://helpnest.example/bot)"
REDLINE_UA = "redline-harness/2.3 (python-httpx/0.28.1)"


# ------------------------------------------------------------------ reference data

class Ref:
    """The shared reference data this generator reads (prompts, templates, AS prefixes, range lists)."""

    def __init__(self, root: Path = SHARED):
        self.root = root
        self.files: dict[str, str] = {}
        aw = pd.read_csv(self._f("prompts/awesome-chatgpt-prompts.csv"), dtype=str, keep_default_na=False)
        self.aw = [p.strip()[:3000] for p in aw["prompt"]           # (prompts with unfilled {{placeholders}} left out)
                   if len(p.strip()) > 20 and not re.search(r"\{\{|\}\}|\{%|%\}", p)]
        sents = []
        for p in self.aw:
            for s in re.split(r"(?<=[.!?])\s+", p.replace("\n", " ")):
                s = s.strip()
                if 30 <= len(s) <= 220 and "{" not in s and "}" not in s:
                    sents.append(s)
        self.sents = sorted(set(sents))
        self.templates = self._templates()
        self._asn()
        self.vpn = self._cidrs("ip/vpn/x4b_vpn_ipv4.txt")
        self.dc = self._cidrs("ip/vpn/x4b_datacenter_ipv4.txt")
        self._f("ip/vpn/x4b_vpn_ASN.txt")
        self.cloud = {p: self._cidrs(f"ip/cloud/{p}/ipv4_merged.txt")
                      for p in ("amazon", "google", "microsoft", "digitalocean", "oracle", "linode")}
        tor = [l.strip() for l in self._f("ip/tor/tor-exit-nodes.lst").read_text().split() if l.strip()]
        self.tor = [x for x in sorted(set(tor)) if _global(x)]

    def _f(self, rel: str) -> Path:
        p = self.root / rel
        self.files[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        return p

    def _cidrs(self, rel: str) -> np.ndarray:
        nets = []
        for line in self._f(rel).read_text().splitlines():
            line = line.split("#")[0].strip()
            if not line or ":" in line:
                continue
            n = ipaddress.ip_network(line, strict=False)
            if n.prefixlen < 12 or n.prefixlen > 28 or not n.is_global:
                continue
            nets.append((int(n.network_address), n.num_addresses))
        return np.array(sorted(nets), dtype=np.int64)

    def _asn(self):
        want = {a for r in REGIONS.values() for a in r["isp"] + r["mob"]} | set(HOSTING_AS) \
            | {a for v in UNI_AS.values() for a in v}
        by: dict[int, list] = {a: [] for a in want}
        with gzip.open(self._f("ip/pyasn/ipasn_20140513.dat.gz"), "rt") as fh:
            for line in fh:
                if line.startswith(";"):
                    continue
                pfx, asn = line.split()
                a = int(asn)
                if a in by:
                    net, ln = pfx.split("/")
                    ln = int(ln)
                    if 12 <= ln <= 26:
                        by[a].append((net, ln))
        self._f("ip/pyasn/asnames.json.gz")
        self.asn = {}
        for a, lst in by.items():
            nets = []
            for net, ln in lst:
                n = ipaddress.ip_network(f"{net}/{ln}", strict=False)
                if n.is_global:
                    nets.append((int(n.network_address), n.num_addresses))
            self.asn[a] = np.array(sorted(nets), dtype=np.int64).reshape(-1, 2)

    def _templates(self):
        out = []
        files = sorted((self.root / "prompts/promptsource-templates").rglob("templates.yaml"))
        for f in files:
            rel = str(f.relative_to(self.root))
            ds = str(f.parent.relative_to(self.root / "prompts/promptsource-templates"))
            lines = self._f(rel).read_text(encoding="utf-8").splitlines()
            i = 0
            while i < len(lines):
                ln = lines[i]
                if ln.startswith("    jinja: "):
                    raw = [ln[len("    jinja: "):]]
                    i += 1
                    while i < len(lines) and (lines[i].startswith("      ") or lines[i].strip() == ""):
                        raw.append(lines[i].strip())
                        i += 1
                    t = _yaml_scalar(raw)
                    parts = _template_parts(t)
                    if parts is not None:
                        out.append((ds, parts))
                    continue
                i += 1
        return out


def _yaml_scalar(raw: list[str]) -> str:
    q = raw[0][:1]
    s = ""
    for k, ln in enumerate(raw):
        if k == 0:
            s = ln
        elif ln == "":
            s += "\n"
        elif s.endswith("\\") and q == '"' and not s.endswith("\\\\"):
            s = s[:-1] + ln
        elif s.endswith("\n"):
            s += ln
        else:
            s += " " + ln
    if q == '"':
        s = s[1:-1] if s.endswith('"') else s[1:]
        s = re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", '"': '"', "\\": "\\", " ": " ", "/": "/"}.get(m.group(1), m.group(1)), s)
    elif q == "'":
        s = (s[1:-1] if s.endswith("'") else s[1:]).replace("''", "'")
    return s


def _template_parts(t: str):
    """A template's prompt side as alternating literal text and slots (None): control blocks dropped."""
    t = t.split("|||")[0]
    t = re.sub(r"\{#.*?#\}", "", t, flags=re.S)
    t = re.sub(r"\{%.*?%\}", "", t, flags=re.S)
    parts, pos = [], 0
    for m in re.finditer(r"\{\{(.*?)\}\}", t, flags=re.S):
        parts.append(t[pos:m.start()])
        inner = m.group(1).strip()
        lit = re.fullmatch(r'"([^"{}]*)"', inner) or re.fullmatch(r"'([^'{}]*)'", inner)
        parts.append(lit.group(1) if lit else None)
        pos = m.end()
    parts.append(t[pos:])
    merged = []
    for p in parts:
        if p is not None and merged and merged[-1] is not None:
            merged[-1] += p
        else:
            merged.append(p)
    lit = "".join(p for p in merged if p)
    if len(re.sub(r"\s+", " ", lit).strip()) < 25 or None not in merged or "{" in lit or "}" in lit:
        return None
    return [re.sub(r"[ \t]+", " ", p) if p else p for p in merged]


def _global(x: str) -> bool:
    try:
        a = ipaddress.ip_address(x)
    except ValueError:
        return False
    return a.is_global and not (a.is_private or a.is_loopback or a.is_link_local or a.is_multicast or a.is_reserved
                                or a.is_unspecified)


# ------------------------------------------------------------------ pools

class Pool:
    """Interned strings (addresses, user agents, keys); ids index ``items``."""

    def __init__(self):
        self.items: list[str] = []
        self.idx: dict[str, int] = {}

    def add(self, s: str) -> int:
        i = self.idx.get(s)
        if i is None:
            i = self.idx[s] = len(self.items)
            self.items.append(s)
        return i

    def many(self, ss) -> np.ndarray:
        return np.fromiter((self.add(s) for s in ss), dtype=np.int64)


def v4str(a: int) -> str:
    return f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}"


class World:
    def __init__(self, p: argparse.Namespace, ref: Ref):
        self.p, self.ref = p, ref
        self.rng = np.random.default_rng(p.seed)
        self.D = p.days
        self.ips, self.uas, self.keys = Pool(), Pool(), Pool()
        self.accts: list[dict] = []
        self.rings: list[dict] = []
        self.counter = 0

    # --- random helpers
    def r(self):
        return self.rng

    def pick(self, seq, size=None, p=None):
        i = self.rng.choice(len(seq), size=size, p=p)
        return seq[i] if size is None else [seq[j] for j in i]

    def hexs(self, n):
        return "".join(f"{x:x}" for x in self.rng.integers(0, 16, n))

    def v4_from(self, nets: np.ndarray, n: int) -> np.ndarray:
        """n random host addresses of a prefix table (prefixes weighted by the square root of their size)."""
        w = np.sqrt(nets[:, 1].astype(float))
        k = self.rng.choice(len(nets), size=n, p=w / w.sum())
        off = 1 + (self.rng.random(n) * (nets[k, 1] - 2)).astype(np.int64)
        addr = nets[k, 0] + off
        last = addr & 255
        addr = np.where((last == 0) | (last == 255), addr - (last == 255) + (last == 0), addr)
        return self.ips.many(v4str(int(a)) for a in addr)

    def isp(self, region, n=1):
        asns = REGIONS[region]["isp"]
        nets = np.concatenate([self.ref.asn[a] for a in asns if len(self.ref.asn[a])])
        return self.v4_from(nets, n)

    def asn_ips(self, asns, n=1):
        nets = np.concatenate([self.ref.asn[a] for a in asns if len(self.ref.asn[a])])
        return self.v4_from(nets, n)

    def cloud(self, n=1, prov=None):
        provs = ["amazon", "google", "microsoft", "digitalocean", "oracle", "linode"]
        prov = prov or provs[int(self.rng.integers(0, len(provs)))]
        return self.v4_from(self.ref.cloud[prov], n)

    def v6_64(self, spec, n=1):
        head, lo, hi = spec
        g2 = self.rng.integers(lo, hi + 1, n)
        g34 = self.rng.integers(0, 65536, (n, 2))
        return [f"{head}:{a:x}:{b:x}:{c:x}" for a, (b, c) in zip(g2, g34)]

    def iid(self, n):
        g = self.rng.integers(0, 65536, (n, 4))
        g[:, 0] |= 0x0200  # privacy / random interface ids
        return [f"{a:x}:{b:x}:{c:x}:{d:x}" for a, b, c, d in g]

    def pay(self, kind="pm"):
        n = {"pm": 14, "ba": 10, "pp": 12, "ad": 12, "gp": 12}[kind]
        return f"{kind}_{self.hexs(n)}"

    def orgdom(self):
        a = ["harrow", "bluefin", "copper", "lumen", "north", "tidal", "kestrel", "meridian", "quarry", "sable",
             "alder", "brook", "cinder", "delta", "ember", "fjord", "grove", "halcyon", "iris", "juniper"]
        b = ["tech", "labs", "works", "data", "health", "legal", "logistics", "media", "systems", "studio", "foods",
             "dental", "realty", "motors", "analytics"]
        t = ["com", "io", "co", "de", "co.uk", "in", "com.br", "jp", "ai", "net"]
        return f"{self.pick(a)}{self.pick(b)}{int(self.rng.integers(1, 99))}.{self.pick(t)}"

    # --- accounts
    def region(self, only=None):
        names = only or RNAMES
        w = np.array([REGIONS[x]["w"] for x in names])
        return names[int(self.rng.choice(len(names), p=w / w.sum()))]

    def account(self, cohort, region, tier, **kw):
        created = kw.pop("created", None)
        if created is None:
            created = START_MS - int(self.rng.exponential(200) * DAY) - int(self.rng.integers(0, DAY))
        reg = REGIONS[region]
        a = dict(i=len(self.accts), cohort=cohort, region=region, tier=tier, group_id="", ring_id="", role="member",
                 soph="", created=created, country=kw.pop("country", self.pick(reg["c"])), org_id="",
                 email=kw.pop("email", self.pick(reg["mail"])), rate=1.0, pact=.5, lo=0, hi=self.D - 1, prof="evening",
                 sess=5, gap=40.0, wk=1.0, dayw=None)
        a["pay"] = kw.pop("pay", "" if tier == "free" else self.pay("pm"))
        a.update(kw)
        cday = (created - START_MS) // DAY
        if cday >= 0:
            a["lo"] = max(a["lo"], int(cday) + 1)
        nk = 1 + int(self.rng.random() < .35) + int(self.rng.random() < .1)
        a["keys"] = [self.keys.add(f"key_{self.hexs(16)}") for _ in range(nk)]
        a["rot"] = int(self.rng.integers(0, self.D)) if nk > 1 else self.D
        self.accts.append(a)
        return a

    def sdk_ua(self, a, n, t):
        """An account's SDK user agent per event, following the osprey-python upgrade on its own day."""
        if "sdk" not in a:
            a["sdk"] = int(self.rng.choice(len(SDKS), p=[.45, .2, .12, .08, .05, .04, .03, .03]))
            a["upg"] = min(SDK_UPGRADE_DAY, self.D // 3) + int(self.rng.exponential(3)) if self.rng.random() < .7 else 999
        s = SDKS[a["sdk"]]
        if "{py}" not in s:
            return np.full(n, self.uas.add(s))
        old, new = self.uas.add(s.format(py="2.6.3")), self.uas.add(s.format(py="2.7.0"))
        return np.where((t - START_MS) // DAY >= a["upg"], new, old)


# ------------------------------------------------------------------ prompt text

class Text:
    def __init__(self, w: World):
        self.w, self.ref, self.rng = w, w.ref, w.rng
        self.S = w.ref.sents
        self.T = w.ref.templates
        self.ds = sorted({d for d, _ in self.T})
        self.by_ds: dict[str, list[int]] = {}
        for i, (d, _) in enumerate(self.T):
            self.by_ds.setdefault(d, []).append(i)
        n = len(w.ref.aw)
        z = 1 / np.arange(1, n + 1) ** 1.1
        self.aw_p = z / z.sum()
        self.aw_order = self.rng.permutation(n)

    def sent(self, k=1):
        return " ".join(self.S[j] for j in self.rng.integers(0, len(self.S), k))

    def fill(self, ti: int, sents=None) -> str:
        parts = self.T[ti][1]
        out = []
        for p in parts:
            if p is None:
                out.append(sents.pop() if sents else self.S[int(self.rng.integers(0, len(self.S)))])
            else:
                out.append(p)
        return re.sub(r"\n{3,}", "\n\n", "".join(out)).strip()

    def narrow_set(self, k_ds=2, k_t=6):
        """A ring's narrow capability: a few datasets' templates."""
        ds = list(self.rng.choice(self.ds, size=k_ds, replace=False))
        pool = [i for d in ds for i in self.by_ds[d]]
        return [int(x) for x in self.rng.choice(pool, size=min(k_t, len(pool)), replace=False)]

    def harvest(self, tset, n, cot=0.0, cot_set=None) -> list[str]:
        ti = self.rng.integers(0, len(tset), n)
        c = self.rng.random(n) < cot
        cs = cot_set or COT
        ci = self.rng.integers(0, len(cs), n)
        return [self.fill(tset[t]) + ("\n\n" + cs[k] if cc else "") for t, cc, k in zip(ti, c, ci)]

    def chat(self, n, repeat=.1) -> list[str]:
        """Ordinary users' prompts: a known prompt pasted, a few sentences, a question, sometimes the same again."""
        k = self.rng.random(n)
        out = []
        for j in range(n):
            if j and k[j] < repeat:
                out.append(out[-1])
            elif k[j] < .3:
                out.append(self.ref.aw[int(self.aw_order[int(self.rng.choice(len(self.aw_p), p=self.aw_p))])])
            elif k[j] < .75:
                out.append(self.sent(1 + int(self.rng.integers(0, 3))))
            else:
                s = self.sent(1)
                out.append(f"{self.pick(['Can you help me with this: ', 'Quick question - ', 'Please explain: ', 'How would I ', ''])}{s[0].lower()}{s[1:]}")
        return out

    def pick(self, seq):
        return seq[int(self.rng.integers(0, len(seq)))]

    def paraphraser(self):
        """A per-account paraphrase: its own word choices, lead-in and closing."""
        choice = {k: v[int(self.rng.integers(0, len(v)))] for k, v in SYN.items()}
        lead = self.pick(["Task: ", "Please handle the item below.\n", "Work on this -> ", "Instruction set #"
                          + str(int(self.rng.integers(10, 99))) + ": ", "", "Hi! ", "[job] "])
        close = self.pick(["", " Thanks.", "\nKeep it precise.", " Respond fully.", "\n(answer in English)"])
        rx = re.compile(r"\b(" + "|".join(sorted(SYN, key=len, reverse=True)) + r")\b", re.I)

        def para(s: str) -> str:
            return lead + rx.sub(lambda m: choice[m.group(1).lower()], s) + close
        return para


# ------------------------------------------------------------------ per-event attribute helpers

def days_of(t):
    return (t - START_MS) // DAY


def choose_keys(w, a, t, n):
    k = a["keys"]
    out = np.where(days_of(t) < a["rot"], k[0], k[1] if len(k) > 1 else k[0])
    if len(k) > 2:
        out = np.where(w.rng.random(n) < .15, k[2], out)
    return out


def choose_models(w, a, t, n, probs):
    m = w.rng.choice(4, size=n, p=np.asarray(probs, float) / sum(probs))
    if "adopt" not in a:
        a["adopt"] = RELEASE_MS + int(w.rng.exponential(3 * DAY)) if w.rng.random() < .55 else 1 << 62
    return np.where((m == 0) & (t >= a["adopt"]), 4, m)


def tokens(w, n, mu, sig, cot=None):
    x = w.rng.lognormal(mu, sig, n)
    if cot is not None:
        x = np.where(cot, x * 3.5, x)
    return np.clip(x, 1, 16384).astype(np.int64)


def out(w, a, t, prompts, ip, ua, probs=(6, 3, 1, 1), tok=(5.6, .8), cot=None):
    n = len(t)
    if cot is None:    # prompts that ask for the reasoning get longer answers, whoever sends them
        cot = np.fromiter(("step" in x or "reasoning" in x for x in prompts), bool, n)
    return dict(ip=np.asarray(ip, np.int64), ua=np.asarray(ua, np.int64), prompt=prompts,
                tok=tokens(w, n, *tok, cot=cot), key=choose_keys(w, a, t, n), model=choose_models(w, a, t, n, probs))


def cgnat(w, region):
    c = w.__dict__.setdefault("_cgnat", {})
    if region not in c:
        c[region] = w.asn_ips(REGIONS[region]["mob"], 40)
    return c[region]


def home_setup(w, a, v6p=.45, mob=.12, shared=None):
    """A home connection: one IPv4 address (re-leased on some day for a few), an IPv6 /64 on dual-stack ISPs, a
    phone on the carrier's CGNAT or IPv6 now and then."""
    if shared is not None:
        a.update({k: shared[k] for k in ("v4", "v4sw", "v6")})
    else:
        a["v4"] = list(w.isp(a["region"], 2))
        a["v4sw"] = int(w.rng.integers(1, w.D)) if w.rng.random() < .2 else w.D
        a["v6"] = w.v6_64(w.pick(REGIONS[a["region"]]["v6"]))[0] if w.rng.random() < v6p else None
    a["mob"] = mob


def home_ips(w, a, t):
    n = len(t)
    d = days_of(t)
    ip = np.where(d < a["v4sw"], a["v4"][0], a["v4"][1])
    if a.get("v6"):
        # happy eyeballs: dual-stack clients use IPv6 for most requests; privacy address changes daily
        use6 = w.rng.random(n) < .6
        ud = np.unique(d[use6])
        if len(ud):
            ids = w.ips.many(a["v6"] + ":" + s for s in w.iid(len(ud)))
            ip = np.where(use6, ids[np.searchsorted(ud, np.clip(d, ud[0], ud[-1]))], ip)
    m = w.rng.random(n) < a["mob"]
    if m.any():
        reg = a["region"]
        pool = cgnat(w, reg)
        ip = np.where(m, pool[w.rng.integers(0, len(pool), n)], ip)
        v6m = m & (w.rng.random(n) < .5)
        ud = np.unique(d[v6m])
        if len(ud):
            ids = w.ips.many(x + ":" + y for x, y in zip(w.v6_64(w.pick(REGIONS[reg]["v6m"]), len(ud)), w.iid(len(ud))))
            ip = np.where(v6m, ids[np.searchsorted(ud, np.clip(d, ud[0], ud[-1]))], ip)
    return ip


def by_session(w, t, k_pool, gap_ms=30 * 60_000):
    """Per event an index 0..k_pool-1 that changes with each session (a gap of more than 30 minutes)."""
    o = np.argsort(t, kind="stable")
    ts = t[o]
    sess = np.concatenate([[0], np.cumsum(np.diff(ts) > gap_ms)])
    pick = w.rng.integers(0, k_pool, sess[-1] + 1 if len(ts) else 1)
    res = np.empty(len(t), np.int64)
    res[o] = pick[sess]
    return res


def ua_browser_or_sdk(w, a, t, p_browser):
    n = len(t)
    if "br" not in a:
        a["br"] = w.uas.add(w.pick(BROWSERS))
    sdk = w.sdk_ua(a, n, t)
    return np.where(w.rng.random(n) < p_browser, a["br"], sdk)


# ------------------------------------------------------------------ benign cohorts

def lograte(w, median, sig=1.0):
    return float(median * np.exp(sig * w.rng.standard_normal()))


def g_sizes(w, n, lo, hi, alpha=1.6):
    """Heavy-tailed group sizes in [lo, hi] summing to n."""
    sizes = []
    left = n
    while left > 0:
        s = int(min(hi, lo + w.rng.pareto(alpha) * lo))
        if left - s < lo:
            s = left
        sizes.append(s)
        left -= s
    return sizes


def b_hobbyist(w, tx, n, cohort="hobbyist"):
    for _ in range(n):
        reg = w.region()
        a = w.account(cohort, reg, "free" if w.rng.random() < .55 else "basic", rate=lograte(w, 5, .9),
                      pact=float(w.rng.uniform(.15, .6)), prof="evening", sess=4, gap=60)
        home_setup(w, a)

        def fill(w, a, t, tx=tx):
            pr = tx.chat(len(t))
            if a["cohort"] == "prompt_library":   # the library's popular prompts, pasted as they are
                lib = w.__dict__.setdefault("_lib", [tx.ref.aw[int(i)] for i in tx.aw_order[40:100]])
                z = 1 / np.arange(1, len(lib) + 1) ** 1.3
                k = w.rng.choice(len(lib), size=len(t), p=z / z.sum())
                use = w.rng.random(len(t)) < .55
                pr = [lib[j] if u else p for p, j, u in zip(pr, k, use)]
            return out(w, a, t, pr, home_ips(w, a, t), ua_browser_or_sdk(w, a, t, .5))
        a["fill"] = fill


def b_indie(w, tx, n):
    for _ in range(n):
        reg = w.region()
        a = w.account("indie_dev", reg, "basic" if w.rng.random() < .7 else "pro", rate=lograte(w, 8, 1.0),
                      pact=float(w.rng.uniform(.3, .8)), prof="evening" if w.rng.random() < .5 else "office", sess=8, gap=20)
        home_setup(w, a)
        a["vm"] = list(w.cloud(2))
        a["tpl"] = int(w.rng.integers(0, len(tx.T)))

        def fill(w, a, t, tx=tx):
            n = len(t)
            ip = home_ips(w, a, t)
            vm = w.rng.random(n) < .3
            ip = np.where(vm, np.array(a["vm"])[w.rng.integers(0, 2, n)], ip)
            app = w.rng.random(n) < .4
            pr = [tx.fill(a["tpl"]) if x else p for p, x in zip(tx.chat(n), app)]
            return out(w, a, t, pr, ip, w.sdk_ua(a, n, t), probs=(4, 3, 1, 3))
        a["fill"] = fill


def b_vpn(w, tx, n):
    for _ in range(n):
        a = w.account("vpn_privacy", w.region(), "basic", rate=lograte(w, 6), pact=float(w.rng.uniform(.2, .6)),
                      prof="evening", sess=5, gap=50, email="proton.me" if w.rng.random() < .6 else "tutanota.com")
        a["tor"] = w.rng.random() < .12
        a["vpn"] = w.v4_from(w.ref.vpn, 5)

        def fill(w, a, t, tx=tx):
            n = len(t)
            if a["tor"]:
                ip = w.ips.many(w.ref.tor[int(j)] for j in w.rng.integers(0, len(w.ref.tor), n))
            else:
                ip = a["vpn"][by_session(w, t, len(a["vpn"]))]
            return out(w, a, t, tx.chat(n), ip, ua_browser_or_sdk(w, a, t, .6))
        a["fill"] = fill


def b_household(w, tx, n):
    for gi, s in enumerate(g_sizes(w, n, 2, 5, 3.0)):
        reg, gid, card = w.region(), f"HH-{gi:04d}", w.pay("pm")
        shared = {}
        for k in range(s):
            a = w.account("household", reg, "basic", pay=card, group_id=gid, rate=lograte(w, 5, .9),
                          pact=float(w.rng.uniform(.15, .6)), prof="evening", sess=4, gap=60)
            if k == 0:
                home_setup(w, a, v6p=.6, mob=.15)
                shared = {x: a[x] for x in ("v4", "v4sw", "v6")}
            else:
                home_setup(w, a, mob=.2, shared=shared)
            a["fill"] = lambda w, a, t, tx=tx: out(w, a, t, tx.chat(len(t)), home_ips(w, a, t),
                                                   ua_browser_or_sdk(w, a, t, .7))


def b_office(w, tx, n):
    for gi, s in enumerate(g_sizes(w, n, 2, 300, 1.2)):
        reg, gid = w.region(), f"ORG-{gi:04d}"
        dom, inv = w.orgdom(), w.rng.random() < .5
        card = w.pay("ba")
        nat = list(w.isp(reg, int(w.rng.integers(1, 4))))
        wrap = f"[{dom.split('.')[0].title()} intranet assistant] "
        for k in range(s):
            a = w.account("office_nat", reg, "pro" if inv else "basic", pay=card if inv else w.pay("pm"), group_id=gid,
                          org_id=f"org_{gid[4:]}x{dom[:3]}", email=dom, rate=lograte(w, 6, 1.0),
                          pact=float(w.rng.uniform(.4, .9)), prof="office", wk=.12, sess=6, gap=45)
            home_setup(w, a, mob=.05)
            a["nat"] = nat

            def fill(w, a, t, tx=tx, wrap=wrap):
                n = len(t)
                ip = np.array(a["nat"])[w.rng.integers(0, len(a["nat"]), n)]
                ip = np.where(w.rng.random(n) < .2, home_ips(w, a, t), ip)
                pr = [wrap + p if x else p for p, x in zip(tx.chat(n), w.rng.random(n) < .3)]
                return out(w, a, t, pr, ip, ua_browser_or_sdk(w, a, t, .4), probs=(5, 3, 1, 2))
            a["fill"] = fill


def b_mobile(w, tx, n):
    for _ in range(n):
        a = w.account("carrier_mobile", w.region(), "free" if w.rng.random() < .6 else "basic",
                      rate=lograte(w, 4, .8), pact=float(w.rng.uniform(.2, .7)), prof="evening", sess=3, gap=90)
        home_setup(w, a, mob=.92)
        a["app"] = w.uas.add(w.pick(["Osprey/5.3.1 (iPhone; iOS 26.0.1; Scale/3.00)", "Osprey/5.3.0 (Android 16; Pixel 9)",
                                     "Osprey/5.2.7 (Android 15; SM-S921B)"]))
        a["fill"] = lambda w, a, t, tx=tx: out(w, a, t, tx.chat(len(t)), home_ips(w, a, t), np.full(len(t), a["app"]),
                                               probs=(3, 6, 1, 0))


def uni_region(w):
    return w.region(list(UNI_AS))


def campus_nat(w, asn, k):
    return list(w.asn_ips([asn], k))


def b_campus(w, tx, n):
    for gi, s in enumerate(g_sizes(w, n, 20, 250, 1.5)):
        reg = uni_region(w)
        asn = w.pick(UNI_AS[reg])
        nat = campus_nat(w, asn, int(w.rng.integers(3, 9)))
        gid = f"UNI-{gi:03d}"
        for _ in range(s):
            a = w.account("campus", reg, "free" if w.rng.random() < .6 else "basic", group_id=gid, email=UNI_MAIL[asn],
                          rate=lograte(w, 6), pact=float(w.rng.uniform(.2, .7)), prof="student", sess=5, gap=50)
            home_setup(w, a, mob=.1)
            a["nat"] = nat

            def fill(w, a, t, tx=tx):
                n = len(t)
                ip = np.array(a["nat"])[by_session(w, t, len(a["nat"]))]
                ip = np.where(w.rng.random(n) < .4, home_ips(w, a, t), ip)
                return out(w, a, t, tx.chat(n), ip, ua_browser_or_sdk(w, a, t, .6))
            a["fill"] = fill


def b_heavy(w, tx, n):
    for gi, s in enumerate(g_sizes(w, n, 1, 4, 2.0)):
        reg, gid, dom = w.region(["us_east", "us_west", "eu_central", "uk", "india", "japan"]), f"APP-{gi:03d}", w.orgdom()
        vms, card = list(w.cloud(int(w.rng.integers(2, 7)))), w.pay("ba")
        tpl = int(w.rng.integers(0, len(tx.T)))
        for _ in range(s):
            a = w.account("heavy_app", reg, "scale", pay=card, group_id=gid if s > 1 else "", org_id=f"org_{gid}",
                          email=dom, rate=lograte(w, 120, .7), pact=.97, prof="evening", sess=150, gap=2.5)
            a["vms"] = vms

            def fill(w, a, t, tx=tx, tpl=tpl):
                n = len(t)
                ip = np.array(a["vms"])[w.rng.integers(0, len(a["vms"]), n)]
                return out(w, a, t, [tx.fill(tpl) for _ in range(n)], ip, w.sdk_ua(a, n, t), probs=(2, 8, 0, 1),
                           tok=(5.0, .6))
            a["fill"] = fill


def b_saas(w, tx, n):
    names = ["Draftwell", "Inkpad", "Scribewise", "Notably", "Pitchcraft"]
    for gi, s in enumerate(g_sizes(w, n, 15, 160, 1.3)):
        vn = names[gi % len(names)] + ("" if gi < len(names) else str(gi))
        egress, ua = list(w.cloud(int(w.rng.integers(3, 9)), "amazon")), w.uas.add(f"{vn}-Server/2.{gi % 7}.1 (byok)")
        wrap = f"You are {vn}'s writing assistant. Rewrite or continue the user's draft in their voice.\nDraft: "
        for _ in range(s):
            a = w.account("saas_byok", w.region(), "basic", group_id=f"SAAS-{gi:02d}", org_id=f"org_{w.hexs(6)}",
                          email=w.orgdom(), rate=lograte(w, 12), pact=float(w.rng.uniform(.3, .8)), prof="office", wk=.3,
                          sess=5, gap=40)
            a["fill"] = lambda w, a, t, tx=tx, e=egress, ua=ua, wrap=wrap: out(
                w, a, t, [wrap + p for p in tx.chat(len(t))], np.array(e)[w.rng.integers(0, len(e), len(t))],
                np.full(len(t), ua))


def b_eval(w, tx, n):
    for gi, s in enumerate(g_sizes(w, n, 2, 8, 2.0)):
        gid, dom, card = f"EVAL-{gi:02d}", w.orgdom(), w.pay("ba")
        vms = list(w.cloud(int(w.rng.integers(2, 5)), "google"))
        tset = [int(x) for x in w.rng.choice(len(tx.T), size=120, replace=False)]
        for _ in range(s):
            dayw = np.zeros(w.D)
            dayw[w.rng.choice(w.D, size=min(w.D, int(w.rng.integers(1, 4))), replace=False)] = 1
            a = w.account("eval_lab", "us_west", "scale", pay=card, group_id=gid, org_id=f"org_{gid}", email=dom,
                          rate=lograte(w, 500, .5), pact=1.0, prof="flat", sess=400, gap=1.5, dayw=dayw)
            a["fill"] = lambda w, a, t, tx=tx, ts=tset, vms=vms: out(
                w, a, t, tx.harvest(ts, len(t), cot=.15), np.array(vms)[w.rng.integers(0, len(vms), len(t))],
                np.full(len(t), w.uas.add("lm-eval-harness/0.4.9 (osprey-python 2.6.3)")), probs=(5, 2, 3, 0),
                tok=(4.2, 1.0))


# --- new benign look-alikes (world33)

def b_support(w, tx, n):
    """White-label customer-support chatbot vendors: hundreds of small businesses, one wrapper, the vendor's egress."""
    vendors = ["HelpNest", "Chatterly", "DeskPilot", "ReplyBee", "Servo"]
    for gi, s in enumerate(g_sizes(w, n, 30, 600, 1.1)):
        vn = vendors[gi % len(vendors)] + ("" if gi < len(vendors) else f"{gi}")
        egress = list(w.cloud(int(w.rng.integers(4, 11)), ["amazon", "google", "microsoft"][gi % 3]))
        ua = w.uas.add(HELPNEST_UA if gi == 0 else f"{vn}-Bot/{1 + gi % 4}.{gi % 9} (+https://{vn.lower()}.example/bot)")
        for _ in range(s):
            biz = w.orgdom()
            faq = tx.sent(2)
            wrap = (f"You are the virtual assistant for {biz.split('.')[0].title()}. Answer customer questions politely "
                    f"and briefly using only the FAQ below; hand over to a human if unsure. [{vn.lower()}:wrap v7]\n"
                    f"FAQ: {faq}\nCustomer: ")
            a = w.account("support_bot_vendor", w.region(), "basic", group_id=f"BOT-{gi:02d}", org_id=f"org_{w.hexs(8)}",
                          email=biz, rate=lograte(w, 7, 1.1), pact=float(w.rng.uniform(.5, .95)), prof="office", wk=.6,
                          sess=3, gap=120)
            a["fill"] = lambda w, a, t, tx=tx, e=egress, ua=ua, wrap=wrap: out(
                w, a, t, [wrap + tx.sent(1) for _ in range(len(t))], np.array(e)[w.rng.integers(0, len(e), len(t))],
                np.full(len(t), ua), probs=(1, 9, 0, 0), tok=(4.6, .5))


def b_course(w, tx, n):
    """A university course: every student pastes the same assignment problems in the week before the deadline."""
    for gi, s in enumerate(g_sizes(w, n, 40, 320, 1.2)):
        reg = uni_region(w)
        asn = w.pick(UNI_AS[reg])
        nat = campus_nat(w, asn, int(w.rng.integers(3, 8)))
        code = f"{w.pick(['CS', 'ECON', 'STAT', 'BIO', 'PHIL'])} {int(w.rng.integers(101, 499))}"
        hw = int(w.rng.integers(2, 7))
        problems = [f"{code} - Problem Set {hw}, Question {q}: {tx.sent(2)} Show your work and explain each step."
                    for q in range(1, int(w.rng.integers(3, 7)))]
        dl = min(w.D - 1, 4 + 7 * int(w.rng.integers(1, max(2, w.D // 7))))        # a Friday
        x = np.arange(w.D)
        dayw = np.where(x <= dl, np.exp(-(dl - x) / 1.6), .08) * 3 + .05
        gid = f"COURSE-{gi:02d}"
        for _ in range(s):
            a = w.account("course_deadline", reg, "free" if w.rng.random() < .8 else "basic", group_id=gid,
                          email=UNI_MAIL[asn], rate=lograte(w, 6, .6), pact=.8, prof="student", sess=6, gap=70,
                          dayw=dayw)
            home_setup(w, a, mob=.15)
            a["nat"] = nat

            def fill(w, a, t, tx=tx, problems=problems):
                n = len(t)
                ip = np.array(a["nat"])[by_session(w, t, len(a["nat"]))]
                ip = np.where(w.rng.random(n) < .5, home_ips(w, a, t), ip)
                k = w.rng.integers(0, len(problems), n)
                own = w.rng.random(n)
                pr = [problems[j] + (" " + tx.sent(1) if o < .35 else "") if o < .8 else c
                      for j, o, c in zip(k, own, tx.chat(n))]
                return out(w, a, t, pr, ip, ua_browser_or_sdk(w, a, t, .85), probs=(4, 4, 2, 0))
            a["fill"] = fill


def b_redteam(w, tx, n):
    """Safety-evaluation contractors rotating through client-sponsored accounts from their own egress."""
    for gi, s in enumerate(g_sizes(w, n, 10, 90, 1.5)):
        reg = w.pick(["us_west", "uk", "eu_central"])
        office = list(w.isp(reg, 3)) + list(w.v4_from(w.ref.vpn, 2))
        ua = w.uas.add(REDLINE_UA)
        tset = tx.narrow_set(6, 30)
        gid = f"REDTEAM-{gi:02d}"
        clients = max(2, s // 3)
        cl = [(w.orgdom(), w.pay("ba")) for _ in range(clients)]
        for k in range(s):
            dom, card = cl[k % clients]
            lo = int(w.rng.integers(0, max(1, w.D - 5)))
            a = w.account("redteam_contractor", w.region(), "pro", pay=card, group_id=gid, org_id=f"org_{dom[:10]}",
                          email=dom, rate=lograte(w, 80, .5), pact=.9, prof="office", wk=.1, sess=60, gap=6,
                          lo=lo, hi=lo + int(w.rng.integers(2, 6)))
            case0 = int(w.rng.integers(1000, 9000))

            def fill(w, a, t, tx=tx, office=office, ua=ua, tset=tset, dom=dom, case0=case0):
                n = len(t)
                body = tx.harvest(tset, n, cot=.5)
                tag = dom.split(".")[0].upper()[:6]
                pr = [f"[RT-{tag}-{case0 + j}] Probe: {tx.sent(1)}\n{b}" for j, b in enumerate(body)]
                return out(w, a, t, pr, np.array(office)[by_session(w, t, len(office))], np.full(n, ua),
                           probs=(4, 1, 4, 1), tok=(5.4, .9))
            a["fill"] = fill


def b_school(w, tx, n):
    """AI-tutor apps in school districts, every school's requests through the district's hosted content filter."""
    apps = [("BrightTutor", "BrightTutor/5.1.2 (school-edition)"), ("StudyOwl", "StudyOwl-API/2.0.7"),
            ("MathMentor", "MathMentor/1.9 (k12)")]
    for gi, s in enumerate(g_sizes(w, n, 20, 200, 1.3)):
        reg = w.pick(["us_east", "us_west", "uk", "australia"])
        filt = list(w.v4_from(w.ref.dc, int(w.rng.integers(2, 4))))
        for k in range(s):
            app, ua = apps[k % len(apps)]
            grade = int(w.rng.integers(3, 13))
            wrap = (f"You are {app}, a patient tutor for a grade {grade} student. Never give the final answer; guide "
                    f"with one hint at a time and ask a question back.\nStudent: ")
            a = w.account("school_filter_tutor", reg, "basic", pay=w.pay("ba"), group_id=f"DISTRICT-{gi:02d}",
                          org_id=f"org_sch{w.hexs(6)}", email=f"k12.{w.pick(['ga', 'ca', 'tx', 'nsw', 'kent'])}"
                          f"{int(w.rng.integers(1, 90))}.org", rate=lograte(w, 12, .8), pact=.9, prof="school", wk=.02,
                          sess=8, gap=30)
            a["fill"] = lambda w, a, t, tx=tx, f=filt, ua=w.uas.add(ua), wrap=wrap: out(
                w, a, t, [wrap + tx.sent(1) for _ in range(len(t))], np.array(f)[w.rng.integers(0, len(f), len(t))],
                np.full(len(t), ua), probs=(2, 8, 0, 0), tok=(4.8, .5))


def b_news(w, tx, n):
    """A newsroom fact-checking desk: one claim-check template with step-by-step reasoning, bursts on news nights."""
    for gi, s in enumerate(g_sizes(w, n, 4, 15, 2.0)):
        reg = w.pick(["us_east", "uk", "eu_central", "india"])
        dom, card = w.pick(["dailyledger.com", "thecourier.co.uk", "rundschau-online.de", "metrowire.in",
                            "factdesk.org"]) + f"{gi}", w.pay("ba")
        nat = list(w.isp(reg, 2))
        dayw = np.ones(w.D)
        dayw[w.rng.choice(w.D, size=2, replace=False)] = 6.0                   # a debate night, a breaking story
        for _ in range(s):
            a = w.account("newsroom_factcheck", reg, "pro", pay=card, group_id=f"NEWS-{gi:02d}", org_id=f"org_{dom[:8]}",
                          email=dom, rate=lograte(w, 9, .6), pact=.85, prof="office", wk=.5, sess=10, gap=40, dayw=dayw)
            home_setup(w, a, mob=.1)
            a["nat"] = nat

            def fill(w, a, t, tx=tx):
                n = len(t)
                pr = [f"FACT-CHECK DESK. Claim: \"{tx.sent(1)}\"\nFind the strongest evidence for and against, reason "
                      f"step by step, then rate it True / Mostly true / Misleading / False and list sources."
                      for _ in range(n)]
                ip = np.where(w.rng.random(n) < .25, home_ips(w, a, t), np.array(a["nat"])[w.rng.integers(0, 2, n)])
                return out(w, a, t, pr, ip, ua_browser_or_sdk(w, a, t, .8), probs=(3, 0, 6, 0), tok=(6.2, .6))
            a["fill"] = fill


def b_oss(w, tx, n):
    """Users of a popular open-source desktop app (bring your own key): one user agent family and system prompt."""
    for _ in range(n):
        a = w.account("oss_app_user", w.region(), "basic", rate=lograte(w, 8, 1.0), pact=float(w.rng.uniform(.2, .8)),
                      prof="evening" if w.rng.random() < .5 else "office", sess=6, gap=50)
        home_setup(w, a)
        os_ = w.pick(["win", "win", "mac", "linux"])
        a["qua"] = (w.uas.add(QUILL_UA[os_].format(v="1.14.2")), w.uas.add(QUILL_UA[os_].format(v="1.15.0")))
        a["qup"] = min(QUILL_UPDATE_DAY, w.D // 2) + int(w.rng.exponential(2.5))

        def fill(w, a, t, tx=tx):
            n = len(t)
            loc = pd.to_datetime(t + REGIONS[a["region"]]["off"][0] * 60_000, unit="ms").strftime("%Y-%m-%d")
            pr = [QUILL_SYS.format(date=d) + p for d, p in zip(loc, tx.chat(n))]
            ua = np.where(days_of(t) >= a["qup"], a["qua"][1], a["qua"][0])
            return out(w, a, t, pr, home_ips(w, a, t), ua, probs=(6, 3, 1, 1))
        a["fill"] = fill


BENIGN_BUILDERS = {
    "hobbyist": b_hobbyist, "indie_dev": b_indie, "vpn_privacy": b_vpn, "household": b_household,
    "office_nat": b_office, "carrier_mobile": b_mobile, "campus": b_campus, "heavy_app": b_heavy, "saas_byok": b_saas,
    "eval_lab": b_eval, "support_bot_vendor": b_support, "course_deadline": b_course, "redteam_contractor": b_redteam,
    "school_filter_tutor": b_school, "newsroom_factcheck": b_news,
    "prompt_library": lambda w, tx, n: b_hobbyist(w, tx, n, "prompt_library"), "oss_app_user": b_oss,
}


# ------------------------------------------------------------------ rings

def ring_acct(w, r, region, tier, **kw):
    a = w.account(r["kind"], region, tier, ring_id=r["ring_id"], group_id=r["ring_id"], soph=SOPH[r["kind"]],
                  role=kw.pop("role", "harvester"), **kw)
    return a


def burst(w, day, spread_h=30):
    return START_MS + int(day * DAY) + int(w.rng.integers(0, spread_h * HOUR))


def k_card_pool(w, tx, r):
    cards = [w.pay("pm") for _ in range(1 + int(w.rng.integers(0, 3)))]
    pool = w.v4_from(w.ref.dc, int(w.rng.integers(3, 9)))
    tset, ua = tx.narrow_set(1, 4), w.uas.add("osprey-python/2.6.3")
    reg, day0 = w.region(), float(w.rng.uniform(-20, w.D / 3))
    for k in range(r["size"]):
        a = ring_acct(w, r, reg, "basic", pay=cards[k % len(cards)], created=burst(w, day0), rate=lograte(w, 200, .3),
                      pact=.9, prof="flat", sess=120, gap=3.5, email=w.pick(["gmail.com", "outlook.com"]))
        a["fill"] = lambda w, a, t: out(w, a, t, tx.harvest(tset, len(t)), pool[w.rng.integers(0, len(pool), len(t))],
                                        np.full(len(t), ua), probs=(8, 1, 1, 0))


def k_trial(w, tx, r):
    tset, ua = tx.narrow_set(1, 5), w.uas.add("python-requests/2.32.5")
    vpn = w.v4_from(w.ref.vpn, 30)
    reg = w.region()
    for k in range(r["size"]):
        c = START_MS + int(w.rng.uniform(-2, w.D - 3) * DAY)
        life = int(w.rng.integers(2, 6))
        a = ring_acct(w, r, reg, "free", created=c, rate=70.0, pact=1.0, prof="flat", sess=25, gap=13,
                      email=w.pick(["mail.tm", "tempmail.dev", "guerrillamail.com", "dropmail.me"]))
        a["hi"] = a["lo"] + life
        a["fill"] = lambda w, a, t: out(w, a, t, tx.harvest(tset, len(t)),
                                        vpn[(days_of(t) * 7 + a["i"]) % len(vpn)], np.full(len(t), ua),
                                        probs=(6, 4, 0, 0))


def k_cloud(w, tx, r):
    tset, ua = tx.narrow_set(2, 8), w.uas.add("osprey-python/2.7.0")
    reg = w.region()
    for k in range(r["size"]):
        a = ring_acct(w, r, reg, "pro", created=START_MS - int(w.rng.uniform(5, 60) * DAY), rate=lograte(w, 90, .4),
                      pact=.85, prof="flat", sess=60, gap=5)

        def fill(w, a, t):
            d = days_of(t)
            ud = np.unique(d)
            vm = w.cloud(len(ud), w.pick(["amazon", "google", "microsoft", "digitalocean", "oracle", "linode"]))
            cot = w.rng.random(len(t)) < .3
            pr = tx.harvest(tset, len(t), cot=0)
            pr = [p + "\n\n" + COT[0] if c else p for p, c in zip(pr, cot)]
            return out(w, a, t, pr, vm[np.searchsorted(ud, d)], np.full(len(t), ua), probs=(6, 1, 3, 0), cot=cot)
        a["fill"] = fill


def k_resi(w, tx, r):
    tset = tx.narrow_set(2, 8)
    uas = [w.uas.add(b) for b in BROWSERS[:3]]
    regs = [w.region() for _ in range(4)]
    for k in range(r["size"]):
        a = ring_acct(w, r, w.pick(regs), "basic", created=START_MS - int(w.rng.uniform(3, 90) * DAY),
                      rate=lograte(w, 60, .4), pact=.8, prof="evening", sess=20, gap=15)

        def fill(w, a, t):
            s = by_session(w, t, 1 << 30)
            us, inv = np.unique(s, return_inverse=True)
            exits = w.isp(w.pick(regs), len(us))
            return out(w, a, t, tx.harvest(tset, len(t), cot=.35), exits[inv], np.array(uas)[s % len(uas)],
                       probs=(6, 1, 3, 0))
        a["fill"] = fill


def k_cot(w, tx, r):
    tset, ua = tx.narrow_set(1, 6), w.uas.add("osprey-node/5.2.1")
    hosts = w.asn_ips(HOSTING_AS, int(w.rng.integers(2, 5)))
    reg = w.region()
    strong = ["Think out loud before answering: at least ten numbered reasoning steps, then 'Final answer:'.",
              "Show your complete chain of thought, including the checks you make, before the answer.",
              "First write your full reasoning inside <thinking> tags, then answer."]
    for k in range(r["size"]):
        a = ring_acct(w, r, reg, "pro", created=START_MS - int(w.rng.uniform(10, 120) * DAY), rate=lograte(w, 50, .4),
                      pact=.85, prof="flat", sess=30, gap=20)
        a["host"] = int(hosts[k % len(hosts)])
        a["fill"] = lambda w, a, t: out(w, a, t, tx.harvest(tset, len(t), cot=.95, cot_set=strong),
                                        np.full(len(t), a["host"]), np.full(len(t), ua), probs=(1, 0, 9, 0),
                                        tok=(6.8, .5))


def k_hydra(w, tx, r):
    """A reseller hydra: accounts behind the reseller's relay pool, resold end-user traffic mixed with harvest."""
    pool = np.concatenate([w.v4_from(w.ref.dc, 70), w.cloud(30, "digitalocean"), w.cloud(20, "linode")])
    tset = tx.narrow_set(3, 18)
    relay = w.uas.add(RELAY_UA)
    waves = sorted(w.rng.uniform(-150, w.D - 4, 1 + r["size"] // 60))
    for k in range(r["size"]):
        reg = w.region(["us_east", "singapore", "india", "brazil", "eu_central", "nigeria"])
        a = ring_acct(w, r, reg, "basic" if w.rng.random() < .7 else "pro",
                      pay=w.pay(w.pick(["pm", "pm", "pp", "ad", "gp"])), created=burst(w, w.pick(waves), 48),
                      rate=lograte(w, 20, .5), pact=float(w.rng.uniform(.6, .95)), prof="flat", sess=12, gap=25,
                      email=w.pick(["gmail.com", "outlook.com", "proton.me", "yahoo.com"]))
        a["lane"] = pool[w.rng.choice(len(pool), size=8, replace=False)]
        a["resold"] = float(w.rng.uniform(.4, .65))

        def fill(w, a, t):
            n = len(t)
            res = w.rng.random(n) < a["resold"]
            hv = tx.harvest(tset, n, cot=.4)
            ch = tx.chat(n)
            pr = [c if x else h for c, h, x in zip(ch, hv, res)]
            ua = np.where(w.rng.random(n) < .6, relay, ua_browser_or_sdk(w, a, t, .4))
            return out(w, a, t, pr, a["lane"][w.rng.integers(0, 8, n)], ua, probs=(6, 3, 2, 1))
        a["fill"] = fill


def k_oss_mimic(w, tx, r):
    tset = tx.narrow_set(2, 8)
    ua = w.uas.add(QUILL_UA["win"].format(v="1.14.2"))          # copied once, never follows the app's update
    regs = [w.region() for _ in range(3)]
    for k in range(r["size"]):
        a = ring_acct(w, r, w.pick(regs), "basic", created=START_MS - int(w.rng.uniform(20, 200) * DAY),
                      rate=lograte(w, 30, .4), pact=.8, prof="evening", sess=10, gap=30)

        def fill(w, a, t):
            d = days_of(t) // 2                                    # sticky residential exit, two days at a time
            ud, inv = np.unique(d, return_inverse=True)
            ex = w.isp(a["region"], len(ud))
            loc = pd.to_datetime(t + REGIONS[a["region"]]["off"][0] * 60_000, unit="ms").strftime("%Y-%m-%d")
            pr = [QUILL_SYS.format(date=x) + h for x, h in zip(loc, tx.harvest(tset, len(t), cot=.3))]
            return out(w, a, t, pr, ex[inv], np.full(len(t), ua), probs=(6, 3, 1, 1))
        a["fill"] = fill


def k_compromised(w, tx, r):
    """Real small-business accounts taken over (leaked keys): owners' daytime traffic plus the ring's night harvest."""
    tset, hua = tx.narrow_set(2, 8), w.uas.add("osprey-python/2.6.3")
    proxies = np.concatenate([w.v4_from(w.ref.dc, 6), w.v4_from(w.ref.vpn, 6)])
    for k in range(r["size"]):
        reg = w.region()
        dom = w.orgdom()
        a = ring_acct(w, r, reg, "basic" if w.rng.random() < .6 else "pro", role="compromised",
                      pay=w.pay("pm" if w.rng.random() < .6 else "ba"), org_id=f"org_{w.hexs(8)}", email=dom,
                      created=START_MS - int(w.rng.uniform(200, 1100) * DAY), rate=lograte(w, 10, .6), pact=.8,
                      prof="office", wk=.2, sess=5, gap=45)
        a["nat"] = list(w.isp(reg, 1))
        a["own"] = w.uas.add(w.pick(["osprey-node/5.2.1", "osprey-python/2.6.3", "Zapier/1.0 (osprey-integration)"]))
        a["tk"] = START_MS + int(w.rng.uniform(0, max(1, w.D * .6)) * DAY)   # take-over instant
        a["hkey"] = w.keys.add(f"key_{w.hexs(16)}")                        # the key the attacker created
        a["hrate"] = lograte(w, 40, .4)
        wrap = f"[{dom.split('.')[0].title()} support macros] "
        a["wrap"] = wrap
        a["fill"] = None                                                     # filled by the engine's two-part path


def k_paraphrase(w, tx, r):
    tset = tx.narrow_set(2, 10)
    for k in range(r["size"]):
        reg = w.region()
        a = ring_acct(w, r, reg, "basic", pay=w.pay(w.pick(["pm", "pp"])),
                      created=START_MS - int(w.rng.uniform(30, 300) * DAY), rate=lograte(w, 25, .5),
                      pact=float(w.rng.uniform(.6, .9)), prof=w.pick(["office", "evening"]), sess=8, gap=40)
        home_setup(w, a, mob=0.0)
        a["para"] = tx.paraphraser()
        a["fill"] = lambda w, a, t: out(w, a, t, [a["para"](h) for h in tx.harvest(tset, len(t), cot=.25)],
                                        home_ips(w, a, t), w.sdk_ua(a, len(t), t), probs=(6, 2, 2, 0))


def k_fingerprint(w, tx, r):
    tset, ua = tx.narrow_set(2, 8), w.uas.add(FP_UA)
    procs = ["pm", "pp", "ad", "gp"]
    for k in range(r["size"]):
        reg = RNAMES[(k + int(w.rng.integers(0, len(RNAMES)))) % len(RNAMES)]
        a = ring_acct(w, r, reg, "basic", pay=w.pay(procs[k % len(procs)]), country=w.pick(REGIONS[reg]["c"]),
                      created=START_MS - int(w.rng.uniform(5, 150) * DAY), rate=lograte(w, 35, .4), pact=.8,
                      prof="evening", sess=12, gap=25, email=w.pick(REGIONS[reg]["mail"]))

        def fill(w, a, t):
            d = days_of(t)
            ud, inv = np.unique(d, return_inverse=True)
            return out(w, a, t, tx.harvest(tset, len(t), cot=.3), w.isp(a["region"], len(ud))[inv],
                       np.full(len(t), ua), probs=(6, 2, 2, 0))
        a["fill"] = fill


def k_median(w, tx, r):
    tset = tx.narrow_set(3, 12)
    for k in range(r["size"]):
        reg = w.region()
        a = ring_acct(w, r, reg, "basic", created=START_MS - int(w.rng.uniform(30, 400) * DAY),
                      rate=float(w.rng.uniform(5, 8)), pact=float(w.rng.uniform(.35, .55)),
                      prof=w.pick(["evening", "office"]), sess=5, gap=50)
        home_setup(w, a)

        def fill(w, a, t):
            n = len(t)
            h = w.rng.random(n) < .6
            pr = [x if k else c for x, c, k in zip(tx.harvest(tset, n), tx.chat(n), h)]
            return out(w, a, t, pr, home_ips(w, a, t), ua_browser_or_sdk(w, a, t, .5))
        a["fill"] = fill


def k_ipv6(w, tx, r):
    tset, ua = tx.narrow_set(2, 8), w.uas.add("osprey-python/2.7.0")
    reg = w.pick(["us_east", "eu_central", "uk", "india"])
    head, lo, _ = REGIONS[reg]["v6"][0]
    block = lo
    g3 = int(w.rng.integers(0, 256)) << 8                                # the provider's /40
    for k in range(r["size"]):
        a = ring_acct(w, r, reg, "basic", created=START_MS - int(w.rng.uniform(2, 40) * DAY), rate=lograte(w, 70, .4),
                      pact=.85, prof="flat", sess=40, gap=8)

        def fill(w, a, t):
            hr = (t - START_MS) // HOUR
            uh, inv = np.unique(hr, return_inverse=True)
            sub = w.rng.integers(0, 256, len(uh))
            g4 = w.rng.integers(0, 65536, len(uh))
            ips = w.ips.many(f"{head}:{block:x}:{g3 | s:x}:{x:x}:{i}" for s, x, i in zip(sub, g4, w.iid(len(uh))))
            return out(w, a, t, tx.harvest(tset, len(t), cot=.2), ips[inv], np.full(len(t), ua), probs=(6, 2, 2, 0))
        a["fill"] = fill


RING_BUILDERS = {"card_pool": k_card_pool, "trial_swarm": k_trial, "cloud_hopper": k_cloud, "resi_proxy": k_resi,
                 "cot_siphon": k_cot, "hydra_reseller": k_hydra, "oss_mimic": k_oss_mimic,
                 "compromised_smb": k_compromised, "paraphrase_spread": k_paraphrase,
                 "fingerprint_header": k_fingerprint, "median_mimic": k_median, "ipv6_hopper": k_ipv6}


# ------------------------------------------------------------------ sizes

def ring_sizes(w, world, R, N):
    rng = w.rng
    if R == 0:
        return []
    sizes: list[int] = []

    def fill_band(total, lo, hi):
        out_, left = [], total
        while left >= lo:
            s = int(rng.integers(lo, hi + 1))
            if left - s < lo:
                s = left if left <= hi else left - lo
            out_.append(s)
            left -= s
        if left:
            for i in range(len(out_)):
                add = min(left, hi - out_[i])
                out_[i] += add
                left -= add
        return out_
    if world == "small":
        sizes = fill_band(R, 3, 15)
    elif world == "mixed":
        big = round(.2 * R) if R >= 150 else 0
        mid = round(.3 * R)
        sizes = fill_band(big, 61, 300) + fill_band(mid, 16, 60) + fill_band(R - big - mid, 3, 15)
    else:
        lo, hi = round(.025 * N), round(.075 * N)
        nh = 1 + int(rng.random() < .5)
        H = min(int(rng.uniform(.55, .75) * R), nh * hi)
        if H / nh < lo:
            nh = 1
        hs = [H // nh + (i < H % nh) for i in range(nh)]
        hs = [min(hi, max(lo, h)) for h in hs]
        sizes = hs + fill_band(R - sum(hs), 3, 60)
    return sizes


def ring_plan(w, world, R, N):
    sizes = ring_sizes(w, world, R, N)
    kinds: list[str] = []
    others = [k for k in RING_KINDS if k != "hydra_reseller"]
    order = list(w.rng.permutation(RING_KINDS if world != "hydra" else others))
    big_kinds = ["hydra_reseller", "median_mimic", "paraphrase_spread", "oss_mimic", "resi_proxy"]
    j = 0
    for i, s in enumerate(sizes):
        if world == "hydra" and s >= round(.025 * N) and i < 2:
            kinds.append("hydra_reseller")
        elif world == "mixed" and s >= 61:
            kinds.append(big_kinds[i % len(big_kinds)])
        else:
            kinds.append(order[j % len(order)])
            j += 1
    return list(zip(sizes, kinds))


# ------------------------------------------------------------------ the engine

def expand(w, specs):
    """Request instants of every behaviour spec: active days, per-day counts, sessions in local time."""
    rng, D, A = w.rng, w.D, len(specs)
    g = lambda k: np.array([s[k] for s in specs])                             # noqa: E731
    rate, pact, lo, hi, wk, sess, gap = g("rate").astype(float), g("pact"), g("lo"), g("hi"), g("wk"), g("sess"), g("gap")
    prof = np.array([PNAMES.index(s["prof"]) for s in specs])
    reg = np.array([RNAMES.index(s["region"]) for s in specs])
    days = np.arange(D)
    act = (rng.random((A, D)) < pact[:, None]) & (days >= lo[:, None]) & (days <= hi[:, None])
    W = np.ones((A, D))
    for i, s in enumerate(specs):
        if s.get("dayw") is not None:
            W[i] = s["dayw"][:D]
    W *= np.where(days % 7 >= 5, wk[:, None], 1.0)
    workish = np.isin(prof, [PNAMES.index("office"), PNAMES.index("school")])
    for ri, rn in enumerate(RNAMES):
        for h in REGIONS[rn]["hol"]:
            if h < D:
                W[(reg == ri) & workish, h] *= .3
    lam = rate[:, None] * W * act * rng.gamma(2.0, .5, (A, D))
    caps = np.array([DAILY[s["tier"]] for s in specs]) * 1.6
    cnt = np.minimum(rng.poisson(lam), caps[:, None].astype(np.int64))
    flat = cnt.ravel()
    total = int(flat.sum())
    ad = np.repeat(np.arange(A * D), flat)
    a, d = ad // D, ad % D
    starts = np.concatenate([[0], np.cumsum(flat)[:-1]])
    rank = np.arange(total) - np.repeat(starts, flat)
    si = rank // sess[a]
    key = ad.astype(np.int64) * (1 << 22) + si
    uk, inv = np.unique(key, return_inverse=True)
    ua_ = (uk >> 22) // D
    u = rng.random(len(uk))
    hour = (u[:, None] > PCDF[prof[ua_]]).sum(1)
    st = (hour * 3600 + rng.random(len(uk)) * 3600) * 1000
    within = (rank % sess[a]) * gap[a] * rng.uniform(.6, 1.4, total) * 1000
    local = d.astype(np.int64) * DAY + (st[inv] + within).astype(np.int64)
    off_b = np.array([REGIONS[r]["off"][0] for r in RNAMES])[reg[a]] * 60_000
    off_a = np.array([REGIONS[r]["off"][1] for r in RNAMES])[reg[a]] * 60_000
    sw = np.array([pd.Timestamp(REGIONS[r]["sw"]).value // 1_000_000 if REGIONS[r]["sw"] else 1 << 62
                   for r in RNAMES])[reg[a]]
    t = START_MS + local - off_b
    t = np.where(t >= sw, t + off_b - off_a, t)
    keep = (t >= START_MS) & (t < START_MS + D * DAY)
    return a[keep], t[keep]


def run(w, tx, specs):
    sp, t = expand(w, specs)
    o = np.lexsort((t, sp))
    sp, t = sp[o], t[o]
    bounds = np.searchsorted(sp, np.arange(len(specs) + 1))
    parts = {k: [] for k in ("ip", "ua", "tok", "key", "model")}
    prompts: list[str] = []
    acct = np.empty(len(t), np.int64)
    for i, s in enumerate(specs):
        b0, b1 = bounds[i], bounds[i + 1]
        acct[b0:b1] = s["acct"]["i"]
        if b1 == b0:
            continue
        r = s["fill"](w, s["acct"], t[b0:b1])
        for k in parts:
            parts[k].append(np.asarray(r[k], np.int64))
        assert len(r["prompt"]) == b1 - b0
        prompts.extend(r["prompt"])
    cols = {k: (np.concatenate(v) if v else np.zeros(0, np.int64)) for k, v in parts.items()}
    cols["acct"], cols["t"] = acct, t
    cols["prompt"] = np.array(prompts, dtype=object) if prompts else np.zeros(0, object)
    return cols


def compromised_specs(w, tx, a):
    """The second behaviour of a compromised account: the ring's harvest through the attacker's key at the owner's night."""
    r = next(x for x in w.rings if x["ring_id"] == a["ring_id"])
    if "tset" not in r:
        r["tset"] = tx.narrow_set(2, 8)
        r["proxies"] = np.concatenate([w.v4_from(w.ref.dc, 6), w.v4_from(w.ref.vpn, 6)])
        r["hua"] = w.uas.add("osprey-python/2.6.3")

    def owner(w, a, t):
        n = len(t)
        pr = [a["wrap"] + p if x else p for p, x in zip(tx.chat(n), w.rng.random(n) < .4)]
        o = out(w, a, t, pr, np.full(n, a["nat"][0]), np.full(n, a["own"]))
        return o

    def harvest(w, a, t):
        n = len(t)
        o = out(w, a, t, tx.harvest(r["tset"], n, cot=.3), r["proxies"][w.rng.integers(0, len(r["proxies"]), n)],
                np.full(n, r["hua"]), probs=(6, 2, 2, 0))
        o["key"] = np.full(n, a["hkey"])
        return o
    tk = int((a["tk"] - START_MS) // DAY)
    base = {k: a[k] for k in ("rate", "pact", "lo", "hi", "prof", "sess", "gap", "wk", "dayw", "region", "tier")}
    return [dict(base, acct=a, fill=owner),
            dict(base, acct=a, fill=harvest, rate=a["hrate"], pact=.85, lo=max(tk, a["lo"]), prof="night", wk=1.0,
                 sess=25, gap=20, dayw=None)]


# ------------------------------------------------------------------ world

DEFAULT_SHARE = {"small": .005, "mixed": .08, "hydra": .1}


def generate(p: argparse.Namespace, ref: Ref | None = None) -> dict:
    t0 = time.time()
    ref = ref or Ref(Path(os.environ.get("GRAPHHUNT_SHARED_DATA", str(SHARED))))
    w = World(p, ref)
    tx = Text(w)
    N = p.n_accounts
    share = DEFAULT_SHARE[p.world] if p.ring_share is None else p.ring_share
    R = round(share * N)
    plan = ring_plan(w, p.world, R, N)
    R = sum(sz for sz, _ in plan)              # a tiny world may not fit the drawn share into rings of 3+ accounts
    nb = N - R
    counts = {c: int(s * nb) for c, s in BENIGN_SHARES.items()}
    counts["hobbyist"] += nb - sum(counts.values())
    for c in BENIGN_SHARES:                                     # benign first, then rings
        BENIGN_BUILDERS[c](w, tx, counts[c])
    for j, (size, kind) in enumerate(plan):
        r = dict(ring_id=f"R33-{j + 1:03d}", kind=kind, size=size, sophistication=SOPH[kind],
                 signals_kept=RING_DOC[kind][0], evasions=RING_DOC[kind][1])
        w.rings.append(r)
        RING_BUILDERS[kind](w, tx, r)
    assert len(w.accts) == N, (len(w.accts), N)
    # accounts that never call (benign: signed up, made a key, never used it)
    ben = [a for a in w.accts if not a["ring_id"]]
    for j in w.rng.choice(len(ben), size=max(1, round(.05 * len(ben))), replace=False):
        ben[int(j)]["role"] = "never_calls"
        ben[int(j)]["rate"] = 0.0
    specs = []
    for a in w.accts:
        if a["cohort"] == "compromised_smb":
            specs.extend(compromised_specs(w, tx, a))
        else:
            specs.append(dict({k: a[k] for k in ("rate", "pact", "lo", "hi", "prof", "sess", "gap", "wk", "dayw",
                                                 "region", "tier")}, acct=a, fill=a["fill"]))
    ev = run(w, tx, specs)
    n0 = len(ev["t"])
    rng = w.rng
    # --- logging noise
    # retries: the client timed out and sent the same request again a few seconds later (both logged)
    rt = np.flatnonzero(rng.random(n0) < .015)
    rt = rt[ev["t"][rt] < START_MS + p.days * DAY - 10_000]
    dup = {k: v[rt].copy() for k, v in ev.items()}
    dup["t"] = dup["t"] + rng.integers(1000, 9000, len(rt))
    ev["tok"][rt] = -1
    ev = {k: np.concatenate([ev[k], dup[k]]) for k in ev}
    n = len(ev["t"])
    region = np.array([RNAMES.index(a["region"]) for a in w.accts])[ev["acct"]]
    # a slow host clock: India's edge 95 s behind from 02:00 to 12:00 UTC on day 15
    sk = (region == RNAMES.index("india")) & (ev["t"] >= START_MS + 15 * DAY + 2 * HOUR) & \
        (ev["t"] < START_MS + 15 * DAY + 12 * HOUR)
    ev["t"] = np.where(sk & (ev["t"] - 95_000 >= START_MS + 15 * DAY), ev["t"] - 95_000, ev["t"])
    # an EU load-balancer change that dropped the forwarded client address for two hours on day 9
    lb = np.isin(region, [RNAMES.index("uk"), RNAMES.index("eu_central"), RNAMES.index("nigeria")]) & \
        (ev["t"] >= START_MS + 9 * DAY + 13 * HOUR) & (ev["t"] < START_MS + 9 * DAY + 15 * HOUR)
    ev["ip"] = np.where(lb | (rng.random(n) < .006), -1, ev["ip"])
    ev["ua"] = np.where(rng.random(n) < .01, -1, ev["ua"])
    ev["tok"] = np.where(rng.random(n) < .008, -1, ev["tok"])
    paymiss = rng.random(n) < .008
    # --- plan limits per UTC minute and UTC day (refused requests are not logged)
    tier = np.array([PLANS.index(a["tier"]) for a in w.accts])
    capm = np.array([MINUTE[x] for x in PLANS])
    capd = np.array([DAILY[x] for x in PLANS])
    seq = np.arange(n)
    keep = np.ones(n, bool)
    for unit, cap in ((60_000, capm), (DAY, capd)):
        idx = np.flatnonzero(keep)
        o = idx[np.lexsort((seq[idx], ev["t"][idx], ev["acct"][idx]))]
        k = ev["acct"][o] * 10_000_000 + (ev["t"][o] - START_MS) // unit
        newrun = np.concatenate([[True], k[1:] != k[:-1]])
        st = np.flatnonzero(newrun)
        rank = np.arange(len(o)) - np.repeat(st, np.diff(np.append(st, len(o))))
        keep[o[rank >= cap[tier[ev["acct"][o]]]]] = False
    refused = int((~keep).sum())
    o = np.flatnonzero(keep)
    o = o[np.lexsort((seq[o], ev["acct"][o], ev["t"][o]))]
    ev = {k: v[o] for k, v in ev.items()}
    paymiss = paymiss[o]
    region = region[o]
    n = len(o)
    # --- accounts
    ids_raw = rng.integers(16 ** 7, 16 ** 8, 3 * N)
    _, first = np.unique(ids_raw, return_index=True)
    ids = ids_raw[np.sort(first)][:N]
    aid = np.array([f"acct_{x:08x}" for x in ids], dtype=object)
    per = np.bincount(ev["acct"], minlength=N)
    firstt = np.full(N, 1 << 62)
    np.minimum.at(firstt, ev["acct"], ev["t"])
    for a in w.accts:
        if per[a["i"]] and a["created"] >= firstt[a["i"]]:
            a["created"] = int(firstt[a["i"]] - rng.integers(60_000, 3 * HOUR))
    pay = np.array([a["pay"] for a in w.accts], dtype=object)
    evpay = pay[ev["acct"]]
    evpay = np.where((evpay == "") | paymiss, None, evpay)
    ips = np.array(w.ips.items + [None], dtype=object)
    uas = np.array(w.uas.items + [None], dtype=object)
    keys = np.array(w.keys.items, dtype=object)
    cols = {
        "account_id": aid[ev["acct"]], "timestamp": ev["t"], "ip": ips[ev["ip"]], "payment_method": evpay,
        "prompt": ev["prompt"], "user_agent": uas[ev["ua"]], "output_tokens": ev["tok"], "api_key_id": keys[ev["key"]],
        "model": np.array(MODELS, dtype=object)[ev["model"]],
    }
    for x in np.unique(ev["ip"][ev["ip"] >= 0]):
        assert _global(w.ips.items[int(x)]), w.ips.items[int(x)]
    out_dir = Path(p.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    fmt = p.format
    write_events(out_dir, cols, region, fmt, p.minimal, w)
    acc = pd.DataFrame({
        "account_id": aid, "created_at": [pd.Timestamp(a["created"], unit="ms", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
                                          for a in w.accts],
        "payment_method": pay, "email_domain": [a["email"] for a in w.accts], "country": [a["country"] for a in w.accts],
        "org_id": [a["org_id"] for a in w.accts], "plan": [a["tier"] for a in w.accts]})
    truth = pd.DataFrame({
        "account_id": aid, "is_ring": np.where([bool(a["ring_id"]) for a in w.accts], "true", "false"),
        "ring_id": [a["ring_id"] for a in w.accts], "cohort": [a["cohort"] for a in w.accts],
        "group_id": [a["group_id"] for a in w.accts], "tier": [a["tier"] for a in w.accts],
        "sophistication": [a["soph"] for a in w.accts], "role": [a["role"] for a in w.accts],
        "region": [a["region"] for a in w.accts], "events": per})
    order = np.argsort(aid)
    (acc.iloc[order][MINIMAL_ACCOUNT_COLS if p.minimal else ACCOUNT_COLS]
     .to_csv(out_dir / "accounts.csv", index=False, lineterminator="\n"))
    truth.iloc[order][TRUTH_COLS].to_csv(out_dir / "truth.csv", index=False, lineterminator="\n")
    # --- world.json
    coh = {}
    cohort_arr = np.array([a["cohort"] for a in w.accts], dtype=object)
    evc = pd.Series(per).groupby(cohort_arr).sum()
    for c in list(BENIGN_SHARES) + RING_KINDS:
        m = cohort_arr == c
        if m.any():
            coh[c] = {"accounts": int(m.sum()), "events": int(evc.get(c, 0)), "ring": c in RING_KINDS}
    gsize = truth[(truth["is_ring"] == "false") & (truth["group_id"] != "")].groupby("group_id").size()
    benign_groups = truth[(truth["is_ring"] == "false") & (truth["group_id"] != "")].groupby("cohort")["group_id"] \
        .nunique().to_dict()
    ring_by_kind = truth[truth["is_ring"] == "true"].groupby("cohort").size().to_dict()
    rings = [{k: r[k] for k in ("ring_id", "kind", "size", "sophistication", "signals_kept", "evasions")}
             for r in w.rings]
    meta = {
        "world": "world33 (Osprey)",
        "params": {"seed": p.seed, "world": p.world, "n_accounts": N, "days": p.days, "ring_share": share,
                   "start": START.strftime("%Y-%m-%dT%H:%M:%SZ"), "minimal": p.minimal, "format": fmt},
        "counts": {"accounts": N, "events": int(n), "ring_accounts": int(R), "rings": len(w.rings),
                   "benign_group_accounts": int(gsize[gsize >= 2].sum()),
                   "accounts_without_events": int((per == 0).sum()), "requests_drawn": int(n + refused),
                   "refused_requests_not_logged": refused, "retry_duplicates_drawn": int(len(rt)),
                   "missing_ip_events": int((ev["ip"] < 0).sum()), "ring_accounts_by_kind": ring_by_kind,
                   "benign_groups_by_cohort": benign_groups, "distinct_ips": int(len(np.unique(ev["ip"][ev["ip"] >= 0])))},
        "cohorts": coh,
        "rings": rings,
        "platform": {
            "name": "Osprey (fictional)", "daily_limits": DAILY, "minute_limits": MINUTE, "models": MODELS,
            "model_release": {"osp-3.5": pd.Timestamp(RELEASE_MS, unit="ms", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")},
            "regions": {k: {"countries": v["c"], "utc_offset_minutes": list(v["off"]), "summer_time_ends": v["sw"]}
                        for k, v in REGIONS.items()},
            "sdk_upgrade_day": min(SDK_UPGRADE_DAY, p.days // 3), "quillmate_update_day": min(QUILL_UPDATE_DAY, p.days // 2),
            "lb_outage": "day 9 13:00-15:00 UTC, uk/eu_central/nigeria: no client address",
            "slow_clock": "india edge 95 s behind, day 15 02:00-12:00 UTC"},
        "reference_data": {"root": "$GRAPHHUNT_SHARED_DATA", "files": dict(sorted(ref.files.items()))},
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "generation_seconds": round(time.time() - t0, 1),
    }
    (out_dir / "world.json").write_text(json.dumps(meta, indent=1, sort_keys=False) + "\n")
    return meta


def write_events(out_dir: Path, cols: dict, region: np.ndarray, fmt: str, minimal: bool, w: World):
    names = MINIMAL_COLS if minimal else EVENT_COLS
    t = cols["timestamp"]
    tok = cols["output_tokens"]
    if fmt == "parquet":
        arrs = {
            "account_id": pa.array(cols["account_id"], pa.string()),
            "timestamp": pa.array(t, pa.timestamp("ms", tz="UTC")),
            "ip": pa.array(cols["ip"], pa.string()), "payment_method": pa.array(cols["payment_method"], pa.string()),
            "prompt": pa.array(cols["prompt"], pa.string()), "user_agent": pa.array(cols["user_agent"], pa.string()),
            "output_tokens": pa.array(tok, pa.int64(), mask=tok < 0), "api_key_id": pa.array(cols["api_key_id"], pa.string()),
            "model": pa.array(cols["model"], pa.string())}
        pq.write_table(pa.table({k: arrs[k] for k in names}), out_dir / "events.parquet", compression="zstd",
                       row_group_size=500_000)
        return
    # text formats: the edge's local time with its offset; the US-east edge (and a share of others) logs UTC ("Z")
    rb = np.array([REGIONS[r]["off"][0] for r in RNAMES])[region]
    ra = np.array([REGIONS[r]["off"][1] for r in RNAMES])[region]
    sw = np.array([pd.Timestamp(REGIONS[r]["sw"]).value // 1_000_000 if REGIONS[r]["sw"] else 1 << 62
                   for r in RNAMES])[region]
    off = np.where(t >= sw, ra, rb)
    z = (region == RNAMES.index("us_east")) | (w.rng.random(len(t)) < .15)
    off = np.where(z, 0, off)
    base = np.datetime_as_string((t + off * 60_000).astype("datetime64[ms]"), unit="ms")
    sign = np.where(off < 0, "-", "+")
    ao = np.abs(off)
    offs = pd.Series(sign).str.cat([pd.Series(ao // 60).astype(str).str.zfill(2),
                                    pd.Series(ao % 60).astype(str).str.zfill(2)], sep="")
    offs = offs.str[:3] + ":" + offs.str[3:]
    ts = pd.Series(base).str.cat(np.where(z, "Z", offs.to_numpy()))
    df = pd.DataFrame({k: cols[k] for k in names if k not in ("timestamp", "output_tokens")})
    df.insert(1, "timestamp", ts.to_numpy())
    if "output_tokens" in names:
        df.insert(names.index("output_tokens"), "output_tokens", pd.array(np.where(tok < 0, 0, tok), "Int64"))
        df.loc[tok < 0, "output_tokens"] = pd.NA
    df = df[names]
    gz = fmt.endswith(".gz")
    kind = fmt.split(".")[0]
    path = out_dir / f"events.{fmt}"
    with open(path, "wb") as raw:
        fh = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) if gz else raw
        CH = 200_000                                   # streamed in chunks: memory stays flat
        for i in range(0, len(df), CH):
            part = df.iloc[i:i + CH]
            if kind == "csv":
                import pyarrow.csv as pcsv
                buf = io.BytesIO()
                pcsv.write_csv(pa.Table.from_pandas(part, preserve_index=False), buf,
                               pcsv.WriteOptions(include_header=i == 0))
                fh.write(buf.getvalue())
            else:
                txt = part.to_json(orient="records", lines=True, force_ascii=False)
                fh.write(txt.encode("utf-8") + (b"" if txt.endswith("\n") else b"\n"))
        if gz:
            fh.close()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--n-accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--world", choices=["small", "mixed", "hydra"], default="mixed")
    ap.add_argument("--days", type=int, default=24)
    ap.add_argument("--ring-share", type=float, default=None)
    ap.add_argument("--minimal", action="store_true")
    ap.add_argument("--format", choices=["parquet", "csv", "jsonl", "csv.gz", "jsonl.gz"], default="parquet")
    ap.add_argument("--quiet", action="store_true")
    p = ap.parse_args(argv)
    if not 3 <= p.days <= 35:
        ap.error("--days must be 3-35")
    meta = generate(p)
    if not p.quiet:
        c = meta["counts"]
        print(f"world33 {p.world} seed {p.seed}: {c['accounts']} accounts, {c['events']} events, "
              f"{c['ring_accounts']} ring accounts in {c['rings']} rings, {meta['generation_seconds']} s -> {p.out}")
    return meta


if __name__ == "__main__":
    main()
