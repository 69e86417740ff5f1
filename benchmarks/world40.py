"""world40 ("Tessel"): a blind synthetic distillation-ring test world for graphhunt.

Writes three weeks (``--days``, default 21) of API traffic of a fictional 2026 LLM API platform with the ground truth
of which accounts belong to distillation rings. Written blind (see docs/WORLD40.md): nothing here is tuned to how
graphhunt detects. numpy, pandas and pyarrow only; reference data is read from ``$GRAPHHUNT_SHARED_DATA`` (default
/work/shared/data) and never copied. The same arguments give byte-identical files whatever PYTHONHASHSEED.

    python3 benchmarks/world40.py --out DIR --n-accounts 20000 --seed 1 --world small --minimal
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
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

START = pd.Timestamp("2026-11-09T00:00:00Z")          # a Monday; every northern summer time is over
START_MS = int(START.value // 1_000_000)
DAY, HOUR, MIN = 86_400_000, 3_600_000, 60_000
DAILY = {"free": 100, "basic": 1200, "pro": 5000, "business": 25000, "enterprise": 200000}
MINUTE = {"free": 4, "basic": 20, "pro": 60, "business": 240, "enterprise": 1200}
MODELS = ["ts-3", "ts-3-mini", "ts-3-think"]
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "api_key_id",
              "model"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role", "region",
              "events"]

# region: country, UTC offset (minutes), home ISPs, mobile carrier, business ISP, IPv6 /32 (homes), IPv6 /32 (phones)
REGIONS = {
    "us_east": dict(c="US", off=-300, home=[7922, 6389], mob=22394, biz=701, v6h="2601:1c0", v6m="2600:1010"),
    "us_west": dict(c="US", off=-480, home=[20115, 7018], mob=21928, biz=3356, v6h="2602:2a0", v6m="2607:fb90"),
    "uk": dict(c="GB", off=0, home=[2856, 5089], mob=12576, biz=2856, v6h="2a00:23c0", v6m="2a01:4c80"),
    "de": dict(c="DE", off=60, home=[3320], mob=3209, biz=3320, v6h="2003:e2", v6m="2a02:3030"),
    "fr": dict(c="FR", off=60, home=[12322, 3215], mob=3215, biz=3215, v6h="2a01:e0a", v6m="2a01:cb10"),
    "in": dict(c="IN", off=330, home=[24560, 9829], mob=45609, biz=9829, v6h="2401:4900", v6m="2402:3a80"),
    "jp": dict(c="JP", off=540, home=[4713, 17676], mob=9605, biz=2516, v6h="240b:10", v6m="2400:4050"),
    "br": dict(c="BR", off=-180, home=[28573, 18881], mob=26599, biz=26599, v6h="2804:14c", v6m="2804:18"),
}
REGION_W = {"us_east": .22, "us_west": .14, "uk": .1, "de": .1, "fr": .07, "in": .15, "jp": .1, "br": .12}
UNIS = {"mit": (3, "us_east", "mit.edu"), "stanford": (32, "us_west", "stanford.edu"),
        "berkeley": (25, "us_west", "berkeley.edu")}

BROWSERS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"]
PHONE_UAS = ["tessel-ios/6.4.1 (iPhone; iOS 18.1)", "tessel-android/6.4.0 (Android 15)", "tessel-android/6.3.2 (Android 14)"]
SDK_UAS = ["tessel-python/3.1.0", "tessel-node/3.0.4", "python-httpx/0.27.2", "Go-http-client/2.0"]
BUNDLE_UA = "tessel-android/6.4.0 (Android 14; bundle=jyoti)"
DEVBOX_UA = "hearth-agent/1.8.2 (linux; node 22.11.0)"
DEVBOX_SYSTEM = ("You are Hearth Agent, a coding assistant running inside a cloud workspace. Use the tools to read "
                 "and edit files; answer concisely.")
RESCREEN_HEAD = ("Adverse media screening ({bank}, policy AML-7). Customer file {cf}. Notes: {notes} Summarise any "
                 "adverse media, sanctions or PEP exposure and give a risk rating LOW, MEDIUM or HIGH with reasons.")
PACK_HEAD = "Answer each of the following {k} items separately. Number your answers to match.\n"
SELFCHAT = ("Write a realistic conversation of {k} turns between a curious user and a helpful AI assistant. The user "
            "opens with this request: \"{item}\" Make the assistant's answers detailed and correct, and show its "
            "reasoning where it helps.")
COT = " Let's think step by step, and show every step of the reasoning before the final answer."

BENIGN_SHARES = {"hobbyist": .16, "household": .13, "office_nat": .13, "campus": .06, "carrier_mobile": .09,
                 "vpn_user": .04, "indie_dev": .03, "heavy_app": .001, "compliance_rescreen": .002,
                 "store_voucher": .06, "shadow_replay": .002, "cloud_devbox": .05, "blackout_fallback": .08,
                 "telco_bundle": .09}
NEW_BENIGN = {"compliance_rescreen", "store_voucher", "shadow_replay", "cloud_devbox", "blackout_fallback",
              "telco_bundle"}
RING_KINDS = ["card_pool", "cot_harvest", "hydra_reseller", "item_packing", "self_chat", "voucher_scatter",
              "devbox_stowaway", "shadow_cover", "bundle_sims"]
NEW_KINDS = {"item_packing", "self_chat", "voucher_scatter", "devbox_stowaway", "shadow_cover", "bundle_sims"}
SOPH = {"card_pool": "crude", "cot_harvest": "crude", "hydra_reseller": "careful", "item_packing": "mid",
        "self_chat": "mid", "voucher_scatter": "mid", "devbox_stowaway": "careful", "shadow_cover": "careful",
        "bundle_sims": "careful"}


@dataclass
class Params:
    out: str
    n_accounts: int = 20000
    seed: int = 1
    world: str = "mixed"
    days: int = 21
    ring_share: float | None = None
    minimal: bool = False
    format: str = "parquet"
    quiet: bool = False


def sha256_of(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def iso(ms: int) -> str:
    return pd.Timestamp(ms, unit="ms", tz="UTC").strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


# ---------------------------------------------------------------- reference data

def _unquote(v: str) -> str:
    """A YAML scalar's text: single-quoted ('' escapes), double-quoted (backslash escapes) or plain; line folding."""
    v = v.strip()
    if v[:1] in ("'", '"'):
        q = v[0]
        body = v[1:-1] if v.endswith(q) and len(v) > 1 else v[1:]
        lines = body.split("\n")
        out, blank = [], 0
        for i, ln in enumerate(lines):
            s = ln.strip() if i else ln.rstrip()
            if s == "" and i:
                blank += 1
                continue
            if out:
                out.append("\n" * blank if blank else " ")
            blank = 0
            out.append(s)
        t = "".join(out)
        if q == "'":
            return t.replace("''", "'")
        return t.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
    return " ".join(x.strip() for x in v.split("\n"))


def _render(jinja: str, choices: str) -> str | None:
    """The prompt side of a promptsource template with ``{item}`` for its first field, control tags dropped, answer
    choices written out and any further field the phrase "this example"."""
    side = jinja.split("|||")[0]
    side = re.sub(r"\{%.*?%\}", "", side, flags=re.S)
    ch = [c.strip() for c in choices.split("|||")] if choices else []
    seen = [0]

    def sub(m):
        expr = m.group(1)
        if "answer_choices" in expr:
            k = re.search(r"answer_choices\s*\[\s*(\d+)\s*\]", expr)
            if k and ch and int(k.group(1)) < len(ch):
                return ch[int(k.group(1))]
            return " or ".join(ch) if ch else "the options"
        seen[0] += 1
        return "{item}" if seen[0] == 1 else "this example"

    side = re.sub(r"\{\{(.*?)\}\}", sub, side, flags=re.S)
    side = re.sub(r"[ \t]+", " ", side)
    side = re.sub(r"\n\s*\n+", "\n\n", side).strip()
    if "{item}" not in side or len(side) < 25 or re.search(r"\{\{|\{%|%\}|\|\|\||\}\}", side):
        return None
    return side.replace("{", "{{").replace("}", "}}").replace("{{item}}", "{item}")


class Ref:
    def __init__(self, root: Path):
        self.root = root
        self.files: dict[str, str] = {}
        aw = pd.read_csv(self._f("prompts/awesome-chatgpt-prompts.csv"), dtype=str, keep_default_na=False)["prompt"]
        aw = [p[:3000] for p in aw if not re.search(r"\{\{|\{%|%\}|\|\|\|", p) and len(p) > 20]
        self.awesome = aw
        sents = []
        for p in aw:
            for s in re.split(r"(?<=[.!?])\s+", p.replace("\n", " ")):
                s = s.strip()
                if 30 <= len(s) <= 220 and not re.search(r"\{\{|\{%|%\}|\|\|\|", s):
                    sents.append(s)
        self.sents = sorted(set(sents))
        self.templates: dict[str, list[str]] = {}
        base = root / "prompts" / "promptsource-templates"
        for f in sorted(base.rglob("templates.yaml")):
            rel = str(f.relative_to(root))
            raw = f.read_bytes()
            self.files[rel] = hashlib.sha256(raw).hexdigest()
            ds = str(f.parent.relative_to(base))
            txt = raw.decode("utf-8", "replace")
            got = []
            for block in re.split(r"\n  [0-9a-f\-]{36}: !Template\n", txt)[1:]:
                fields, key = {}, None
                for ln in block.split("\n"):
                    m = re.match(r"^    (\w+):(.*)$", ln)
                    if m:
                        key = m.group(1)
                        fields[key] = m.group(2)
                    elif key and (ln.startswith("      ") or ln.strip() == ""):
                        fields[key] += "\n" + ln
                    else:
                        key = None
                j = _unquote(fields.get("jinja", ""))
                r = _render(j, _unquote(fields.get("answer_choices", "")) if "answer_choices" in fields else "")
                if r:
                    got.append(r)
            if got:
                self.templates[ds] = sorted(set(got))
        self.datasets = sorted(self.templates)
        self.asn: dict[int, list[str]] = {}
        want = {a for r in REGIONS.values() for a in (*r["home"], r["mob"], r["biz"])} | {u[0] for u in UNIS.values()} \
            | {24940, 16276, 20473}
        with gzip.open(self._f("ip/pyasn/ipasn_20140513.dat.gz"), "rt") as fh:
            for ln in fh:
                if ln.startswith(";"):
                    continue
                pre, asn = ln.split("\t")
                a = int(asn)
                if a in want:
                    self.asn.setdefault(a, []).append(pre)
        self._f("ip/pyasn/asnames.json.gz")
        rd = lambda rel: [x.strip() for x in self._f(rel).read_text().split("\n") if x.strip() and not x.startswith("#")]
        self.vpn = rd("ip/vpn/x4b_vpn_ipv4.txt")
        self.dc = rd("ip/vpn/x4b_datacenter_ipv4.txt")
        self.tor = rd("ip/tor/tor-exit-nodes.lst")
        self.cloud = {k: rd(f"ip/cloud/{k}/ipv4_merged.txt") for k in ("amazon", "google", "microsoft",
                                                                         "digitalocean", "linode")}

    def _f(self, rel: str) -> Path:
        p = self.root / rel
        self.files[rel] = sha256_of(p)
        return p


def _sample_v4(cidrs: list[str], k: int, rng, distinct: bool = True) -> list[str]:
    """k public IPv4 addresses inside the given prefixes (prefixes shorter than /16 used through their first /16)."""
    out, seen, tries = [], set(), 0
    nets = []
    while len(out) < k:
        tries += 1
        if tries > 50 * k + 1000:
            raise RuntimeError("cannot draw addresses")
        c = cidrs[int(rng.integers(len(cidrs)))]
        if ":" in c:
            continue
        if "/" not in c:
            net = ipaddress.ip_network(c + "/32")
        else:
            net = ipaddress.ip_network(c, strict=False)
        if net.version != 4:
            continue
        if net.prefixlen < 16:
            net = ipaddress.ip_network(f"{net.network_address}/16")
        if not net.is_global:
            continue
        span = net.num_addresses
        v = int(net.network_address) + (int(rng.integers(1, span - 1)) if span > 2 else 0)
        if v & 0xFF in (0, 255):
            continue
        a = ipaddress.ip_address(v)
        if not a.is_global or a.is_multicast or a.is_reserved:
            continue
        s = str(a)
        if distinct and s in seen:
            continue
        seen.add(s)
        out.append(s)
    del nets
    return out


class Pool:
    """Strings as integer codes (first come, first coded)."""

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

    def fresh(self, ss: list[str]) -> np.ndarray:
        """Append strings known to be new (unique harvest prompts) without indexing them."""
        c = np.arange(len(self.items), len(self.items) + len(ss), dtype=np.int64)
        self.items.extend(ss)
        return c


PROFILES = {
    "day": np.array([.3, .2, .1, .1, .1, .2, .6, 1.2, 2, 2.6, 2.8, 2.8, 2.7, 2.8, 2.8, 2.7, 2.6, 2.5, 2.6, 2.8, 2.9,
                     2.6, 1.8, .9]),
    "office": np.array([0, 0, 0, 0, 0, 0, .1, .6, 2.5, 4, 4, 3.6, 2.4, 3.6, 4, 3.8, 3.2, 2, .6, .2, .1, 0, 0, 0]),
    "evening": np.array([.8, .3, .1, .05, .05, .05, .1, .3, .5, .6, .6, .7, .8, .7, .7, .8, 1, 1.6, 2.6, 3.2, 3.5, 3.2,
                         2.4, 1.5]),
    "flat": np.ones(24),
}


class World:
    def __init__(self, p: Params, ref: Ref):
        self.p, self.ref = p, ref
        self.rng = np.random.default_rng(p.seed)
        self.D = p.days
        self.A = {k: [] for k in ("cohort", "group", "tier", "region", "country", "created", "pay", "email", "org",
                                  "role", "ring", "soph")}
        self.ev = []
        self.IP, self.PR, self.UA = Pool(), Pool(), Pool()
        self.rings: list[dict] = []
        self.platform: dict = {}
        self.item_no = 0
        self.dataset_no = 0
        self.home4: dict[int, int] = {}
        self.home6: dict[int, tuple[str, int]] = {}
        self.aw_codes = self.PR.codes(ref.awesome)
        self.aw_msg = self.PR.codes([json.dumps([{"role": "user", "content": s}], ensure_ascii=False)
                                     for s in ref.awesome])
        self.aw_w = 1.0 / np.arange(1, len(ref.awesome) + 1) ** .7        # popular prompts are pasted more often
        self.aw_w = self.rng.permutation(self.aw_w / self.aw_w.sum())
        self.pm_serial = 0

    # ---- accounts
    def add(self, cohort, n, tier, region, group="", role="member", created=None, pay=None, email=None, org="",
            ring="", soph="") -> np.ndarray:
        rng = self.rng
        i0 = len(self.A["cohort"])
        for k in range(n):
            reg = str(region[k] if isinstance(region, (list, np.ndarray)) else region)
            t = str(tier[k] if isinstance(tier, (list, np.ndarray)) else tier)
            self.A["cohort"].append(cohort)
            self.A["group"].append(group[k] if isinstance(group, list) else group)
            self.A["tier"].append(t)
            self.A["region"].append(reg)
            self.A["country"].append(REGIONS[reg]["c"])
            c = created[k] if isinstance(created, (list, np.ndarray)) else \
                (created if created is not None else START_MS - int(rng.integers(1, 900)) * DAY
                 - int(rng.integers(0, DAY)))
            self.A["created"].append(int(c))
            if pay is not None:
                pm = pay[k] if isinstance(pay, list) else pay
            else:
                pm = "" if t == "free" else self.token("card")
            self.A["pay"].append(pm)
            if email is not None:
                em = email[k] if isinstance(email, list) else email
            else:
                em = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "hotmail.com",
                      "gmx.de", "orange.fr", "yahoo.co.jp", "uol.com.br", "rediffmail.com"][int(rng.integers(11))]
            self.A["email"].append(em)
            self.A["org"].append(org[k] if isinstance(org, list) else org)
            self.A["role"].append(role[k] if isinstance(role, list) else role)
            self.A["ring"].append(ring)
            self.A["soph"].append(soph)
        return np.arange(i0, i0 + n)

    def token(self, kind: str) -> str:
        return f"{kind}_{int(self.rng.integers(0, 1 << 56)):014x}"

    # ---- addresses
    def v4(self, asns, k, distinct=True) -> list[str]:
        cidrs = [c for a in ([asns] if isinstance(asns, int) else asns) for c in self.ref.asn.get(a, [])]
        return _sample_v4(cidrs, k, self.rng, distinct)

    def home_ip(self, accs: np.ndarray, region) -> None:
        """A home IPv4 per account (own line), kept in self.home4."""
        regs = [region] * len(accs) if isinstance(region, str) else list(region)
        for reg in sorted(set(regs)):
            sel = [a for a, r in zip(accs.tolist(), regs) if r == reg]
            ips = self.v4(REGIONS[reg]["home"], len(sel))
            for a, s in zip(sel, ips):
                self.home4[a] = self.IP.code(s)

    def v6_daily(self, a: np.ndarray, ts: np.ndarray, prefix: dict) -> np.ndarray:
        """Daily IPv6 privacy addresses: a /64 per account under its prefix, a new interface id every UTC day."""
        day = (ts - START_MS) // DAY + 2
        key = a.astype(np.int64) * 1000 + day
        uk, inv = np.unique(key, return_inverse=True)
        acc = uk // 1000
        h = (uk.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ np.uint64(self.p.seed * 0x2545F491)
        h = h >> np.uint64(1)
        strs = []
        for x, aa in zip(h.tolist(), acc.tolist()):
            pre = prefix[aa]
            base = int(ipaddress.IPv6Address(pre + "::")) | (((aa * 2654435761 + 17) & 0xFFFFFFFF) << 64)
            strs.append(str(ipaddress.IPv6Address(base | x)))
        return self.IP.codes(strs)[inv]

    # ---- times
    def times(self, accs: np.ndarray, n: np.ndarray, off, profile="day", weekdays=False, day_lo=0, day_hi=None,
              days=None) -> tuple[np.ndarray, np.ndarray]:
        """n[i] request times for accs[i]: a window day (or one of ``days``), a local hour of ``profile``."""
        rng = self.rng
        D = self.D if day_hi is None else day_hi
        a = np.repeat(accs, n)
        m = len(a)
        if m == 0:
            return a, np.zeros(0, np.int64)
        offs = np.repeat(np.asarray(off, dtype=np.int64) if np.ndim(off) else np.full(len(accs), off), n)
        if days is not None:
            d = np.asarray(days)[rng.integers(0, len(days), m)]
        else:
            allowed = np.arange(day_lo, D)
            if weekdays:
                allowed = allowed[(allowed % 7) < 5]
            d = allowed[rng.integers(0, len(allowed), m)]
        w = PROFILES[profile]
        h = rng.choice(24, size=m, p=w / w.sum())
        ts = START_MS + d * DAY + h * HOUR + rng.integers(0, HOUR, m) - offs * MIN
        return a, ts

    def emit(self, a, ts, ip, pr, ua, model=0, tok=None, tok_mu=5.5, tok_sigma=.8):
        n = len(a)
        if n == 0:
            return
        full = lambda v: np.broadcast_to(np.asarray(v, dtype=np.int64), (n,)).copy()
        if tok is None:
            tok = np.clip(np.exp(self.rng.normal(tok_mu, tok_sigma, n)), 1, 16384).astype(np.int64)
        self.ev.append((np.asarray(a, np.int64), np.asarray(ts, np.int64), full(ip), full(pr), full(ua), full(model),
                        full(tok)))

    def volumes(self, n, median, sigma=1.3) -> np.ndarray:
        return np.maximum(1, np.round(np.exp(self.rng.normal(np.log(median * self.D / 21), sigma, n)))).astype(int)

    def chat(self, m: int, msg_share: float) -> np.ndarray:
        """m ordinary chat prompts: real awesome-chatgpt prompts (popular ones often), single sentences and pairs,
        some as chat-message lists."""
        rng = self.rng
        k = rng.choice(len(self.aw_w), size=m, p=self.aw_w)
        out = self.aw_codes[k].copy()
        msg = rng.random(m) < msg_share
        out[msg] = self.aw_msg[k[msg]]
        own = np.flatnonzero(rng.random(m) < .45)
        S = self.ref.sents
        i = rng.integers(0, len(S), len(own))
        j = rng.integers(0, len(S), len(own))
        two = rng.random(len(own)) < .5
        out[own] = self.PR.codes([S[x] + (" " + S[y] if t else "") for x, y, t in zip(i.tolist(), j.tolist(),
                                                                                       two.tolist())])
        return out

    # ---- harvest content
    def items(self, k: int) -> list[str]:
        S = self.ref.sents
        n = len(S)
        idx = np.arange(self.item_no, self.item_no + k)
        self.item_no += k
        i, j = idx % n, (idx % n + 1 + idx // n) % n
        return [S[x] + " " + S[y] for x, y in zip(i.tolist(), j.tolist())]

    def take_datasets(self, k: int) -> list[str]:
        ds = self.ref.datasets
        out = [ds[(self.dataset_no * 37 + i * 37) % len(ds)] for i in range(k)]
        self.dataset_no += k
        return out

    def harvest(self, m: int, datasets: list[str], suffix: str = "") -> tuple[list[str], list[str]]:
        """m harvest prompts over the datasets' templates, each a new item; returns (prompts, raw items)."""
        rng = self.rng
        its = self.items(m)
        tl = [t for d in datasets for t in self.ref.templates[d]]
        pick = rng.integers(0, len(tl), m)
        return [tl[k].format(item=it) + suffix for k, it in zip(pick.tolist(), its)], its


# ---------------------------------------------------------------- ring planning

def _fill(total: int, lo: int, hi: int, rng, skew: float = 0.0) -> list[int]:
    out = []
    if 0 < total < lo:
        return [total]
    while total > 0:
        if total <= hi and total >= lo:
            out.append(total)
            break
        s = int(lo + (hi - lo) * rng.random() ** (1 + skew))
        s = min(s, total - lo) if total - s < lo else s
        s = max(lo, min(hi, s))
        out.append(s)
        total -= s
    return out


def ring_sizes(world: str, R: int, N: int, rng) -> tuple[list[int], int]:
    """Ring sizes and the hydra's size (0 if none)."""
    if world == "small":
        return _fill(R, 3, 15, rng, skew=1.5), 0
    if world == "mixed":
        big = round(.2 * R)
        mid = round(.3 * R)
        small = R - big - mid
        top = max(61, min(300, big))
        bigs = _fill(big, 61, top, rng) if big >= 61 else ([big] if big else [])
        return _fill(small, 3, 15, rng, 1.0) + _fill(mid, 16, 60, rng) + bigs, 0
    hy = int(round(rng.uniform(.055, .065) * N))
    return _fill(R - hy, 3, 60, rng, 1.0), hy


# ---------------------------------------------------------------- the world

def build(w: World) -> None:
    p, rng, ref, D = w.p, w.rng, w.ref, w.D
    N = p.n_accounts
    share = p.ring_share if p.ring_share is not None else {"small": .005, "mixed": .05, "hydra": .075}[p.world]
    R = int(round(share * N))
    w.share, w.R = share, R
    B = N - R
    regs = np.array(list(REGION_W))
    rw = np.array(list(REGION_W.values()))
    pick_reg = lambda n: regs[rng.choice(len(regs), size=n, p=rw / rw.sum())]
    off_of = lambda accs: np.array([REGIONS[w.A["region"][a]]["off"] for a in accs], dtype=np.int64)
    counts = {k: max(2 if k in ("heavy_app",) else 0, int(round(v * B))) for k, v in BENIGN_SHARES.items()}
    counts["compliance_rescreen"] = max(12, counts["compliance_rescreen"])
    counts["shadow_replay"] = max(6, counts["shadow_replay"])
    counts["hobbyist"] += B - sum(counts.values())
    browsers = w.UA.codes(BROWSERS)
    phones = w.UA.codes(PHONE_UAS)
    sdks = w.UA.codes(SDK_UAS)

    def never(accs, share_):
        nc = accs[rng.random(len(accs)) < share_]
        for a in nc.tolist():
            w.A["role"][a] = "never_calls"
        return np.setdiff1d(accs, nc)

    def ordinary(accs, median, profile="day", msg=.08, ua=None, ipfun=None, v6share=0.0, v6pre=None, days=None):
        if len(accs) == 0:
            return
        n = w.volumes(len(accs), median)
        a, ts = w.times(accs, n, off_of(accs), profile, days=days)
        ip = np.array([w.home4[x] for x in a.tolist()], dtype=np.int64) if ipfun is None else ipfun(a, ts)
        if v6share:
            has6 = np.isin(a, accs[rng.random(len(accs)) < v6share]) & (rng.random(len(a)) < .7)
            if has6.any():
                pre = {int(x): v6pre(int(x)) for x in np.unique(a[has6])}
                ip[has6] = w.v6_daily(a[has6], ts[has6], pre)
        uas = ua if ua is not None else browsers[rng.integers(0, len(browsers), len(accs))]
        uam = dict(zip(accs.tolist(), np.broadcast_to(uas, (len(accs),)).tolist()))
        w.emit(a, ts, ip, w.chat(len(a), msg), np.array([uam[x] for x in a.tolist()]),
               model=rng.choice(2, len(a), p=[.55, .45]))

    # ---- hobbyists
    regs_h = pick_reg(counts["hobbyist"])
    tiers = np.where(rng.random(len(regs_h)) < .55, "free", "basic")
    acc = w.add("hobbyist", len(regs_h), tiers, regs_h)
    w.home_ip(acc, regs_h)
    acc = never(acc, .03)
    ordinary(acc, 14, msg=.08, v6share=.4, v6pre=lambda x: REGIONS[w.A["region"][x]]["v6h"])

    # ---- households
    n = counts["household"]
    sizes = _fill(n, 2, 5, rng, 1.0)
    for g, s in enumerate(sizes):
        reg = str(pick_reg(1)[0])
        paid = rng.random() < .5
        card = w.token("card") if paid else ""
        acc = w.add("household", s, "basic" if paid else "free", reg, group=f"hh{g:05d}", pay=card if paid else "")
        ip = w.v4(REGIONS[reg]["home"], 1)[0]
        for a in acc.tolist():
            w.home4[a] = w.IP.code(ip)
        h64 = int(rng.integers(0, 1 << 30))
        ordinary(acc, 12, "evening", msg=.08, v6share=.5, v6pre=lambda x, r=reg: REGIONS[r]["v6h"])
        del h64

    # ---- offices
    n = counts["office_nat"]
    sizes = []
    while sum(sizes) < n:
        sizes.append(int(min(150, max(3, round(np.exp(rng.normal(2.2, 1.0)))))))
    if sizes:
        sizes[-1] -= sum(sizes) - n
        if sizes[-1] < 3 and len(sizes) > 1:
            sizes[-2] += sizes.pop()
    for g, s in enumerate(sizes):
        reg = str(pick_reg(1)[0])
        inv = rng.random() < .6
        dom = f"{['acme', 'nordia', 'vantor', 'bellway', 'kestrel', 'orbis', 'tallis', 'quint'][g % 8]}{g}.com"
        acc = w.add("office_nat", s, "pro" if inv else "basic", reg, group=f"office{g:04d}",
                    pay=w.token("inv") if inv else None, email=dom, org=f"org_off{g:04d}")
        nats = w.IP.codes(w.v4(REGIONS[reg]["biz"], int(rng.integers(1, 4))))
        tmpl = f"[{dom} assistant] Draft a clear, polite reply to this message from a customer: "
        n_ = w.volumes(len(acc), 25)
        a, ts = w.times(acc, n_, REGIONS[reg]["off"], "office", weekdays=True)
        pr = w.chat(len(a), .0)
        wr = rng.random(len(a)) < .33
        S = ref.sents
        pr[wr] = w.PR.codes([tmpl + S[k] for k in rng.integers(0, len(S), wr.sum()).tolist()])
        w.emit(a, ts, nats[rng.integers(0, len(nats), len(a))], pr, browsers[rng.integers(0, 2, len(a))],
               model=rng.choice(2, len(a), p=[.6, .4]))

    # ---- campuses
    n = counts["campus"]
    keys = list(UNIS)
    per = np.diff(np.round(np.linspace(0, n, len(keys) + 1)).astype(int))
    for k, s in zip(keys, per.tolist()):
        asn, reg, dom = UNIS[k]
        acc = w.add("campus", s, np.where(rng.random(s) < .8, "free", "basic"), reg, group=f"campus_{k}",
                    role="student", email=dom)
        pool = w.IP.codes(w.v4(asn, 40))
        acc = never(acc, .02)
        course = w.PR.codes([f"Homework {k.upper()}-{i:03d}: explain and solve: {ref.sents[(i * 31) % len(ref.sents)]}"
                             for i in range(150)])
        n_ = w.volumes(len(acc), 16)
        a, ts = w.times(acc, n_, REGIONS[reg]["off"], "day")
        pr = w.chat(len(a), .05)
        hw = rng.random(len(a)) < .1
        pr[hw] = course[rng.integers(0, 150, hw.sum())]
        w.emit(a, ts, pool[rng.integers(0, 40, len(a))], pr, browsers[rng.integers(0, len(browsers), len(a))],
               model=rng.choice(2, len(a), p=[.5, .5]))

    # ---- carrier CGNAT phones (pools kept for the blackout and the bundle)
    cgnat = {}
    for reg in REGIONS:
        cgnat[reg] = w.IP.codes(w.v4(REGIONS[reg]["mob"], 40))
    w.platform["cgnat_pools"] = {k: v for k, v in cgnat.items()}
    regs_m = pick_reg(counts["carrier_mobile"])
    acc = w.add("carrier_mobile", len(regs_m), np.where(rng.random(len(regs_m)) < .6, "free", "basic"), regs_m)
    acc = never(acc, .03)

    def cg_ip(a, ts):
        r = [w.A["region"][x] for x in a.tolist()]
        return np.array([cgnat[x][k] for x, k in zip(r, rng.integers(0, 40, len(a)).tolist())], dtype=np.int64)
    ordinary(acc, 12, msg=.3, ua=phones[rng.integers(0, 3, len(acc))], ipfun=cg_ip, v6share=.45,
             v6pre=lambda x: REGIONS[w.A["region"][x]]["v6m"])

    # ---- VPN users
    exits = w.IP.codes(_sample_v4(ref.vpn, 300, rng))
    tor = w.IP.codes(_sample_v4(ref.tor, 60, rng))
    w.platform["vpn_exits"] = exits
    regs_v = pick_reg(counts["vpn_user"])
    acc = w.add("vpn_user", len(regs_v), np.where(rng.random(len(regs_v)) < .5, "free", "basic"), regs_v)
    acc = never(acc, .03)
    torusers = set(acc[rng.random(len(acc)) < .1].tolist())

    def vpn_ip(a, ts):
        slot = (ts // (3 * HOUR) * 7 + a * 13) % 2147483647
        h = (slot * 2654435761 + a) % 300
        ip = exits[h]
        t = np.array([x in torusers for x in a.tolist()])
        ip[t] = tor[(h[t] % 60)]
        return ip
    ordinary(acc, 15, msg=.08, ipfun=vpn_ip)

    # ---- indie devs
    regs_i = pick_reg(counts["indie_dev"])
    acc = w.add("indie_dev", len(regs_i), "pro", regs_i)
    for a in acc.tolist():
        cl = ["amazon", "google", "digitalocean", "linode"][int(rng.integers(4))]
        w.home4[a] = w.IP.code(_sample_v4(ref.cloud[cl], 1, rng)[0])
    n_ = np.maximum(20, w.volumes(len(acc), 300, 1.0))
    a, ts = w.times(acc, n_, off_of(acc), "flat")
    wrap = {x: f"You are the assistant of app #{x}. Keep answers under 120 words. User: " for x in acc.tolist()}
    S = ref.sents
    ks = rng.integers(0, len(S), len(a))
    pr = w.PR.codes([wrap[x] + S[k] for x, k in zip(a.tolist(), ks.tolist())])
    uam = dict(zip(acc.tolist(), sdks[rng.integers(0, len(sdks), len(acc))].tolist()))
    w.emit(a, ts, np.array([w.home4[x] for x in a.tolist()]), pr, np.array([uam[x] for x in a.tolist()]),
           model=1)

    # ---- heavy apps
    n = counts["heavy_app"]
    sizes = _fill(n, 1, 3, rng) if n >= 1 else []
    for g, s in enumerate(sizes):
        reg = str(pick_reg(1)[0])
        acc = w.add("heavy_app", s, "business", reg, group=f"app{g:03d}", pay=w.token("inv"),
                    email=f"supportco{g}.io", org=f"org_app{g:03d}")
        vms = w.IP.codes(_sample_v4(ref.cloud["amazon"], int(rng.integers(2, 5)), rng))
        tot = np.round(np.exp(rng.normal(np.log(16000 * D / 21), .6, s))).astype(int)
        a, ts = w.times(acc, tot, REGIONS[reg]["off"], "day")
        ks = rng.integers(0, len(S), len(a))
        pr = w.PR.codes([f"You are SupportCo {g}'s help bot. Customer asks: " + S[k] for k in ks.tolist()])
        w.emit(a, ts, vms[rng.integers(0, len(vms), len(a))], pr, w.UA.code("tessel-python/3.0.9"), model=1)

    # ==== new benign cohorts ====
    # ---- compliance re-screening: a bank's KYC analysts behind its VPN concentrator, the same files sent again
    n = counts["compliance_rescreen"]
    banks = [("Northmere Bank", "uk", "northmere-bank.co.uk"), ("Caldwell Trust", "us_east", "caldwelltrust.com")]
    per = [n // 2, n - n // 2]
    resc_day = max(2, D // 2 - 1)
    w.platform["sanctions_update"] = {"utc": iso(START_MS + resc_day * DAY + 6 * HOUR), "day": resc_day}
    w.platform["banks"] = {}
    for bi, ((bank, reg, dom), s) in enumerate(zip(banks, per)):
        acc = w.add("compliance_rescreen", s, "business", reg, group=f"kyc_{bi}", role="analyst",
                    pay=w.token("inv"), email=dom, org=f"org_kyc{bi}")
        conc = w.IP.codes(w.v4(REGIONS[reg]["biz"], 2))
        w.platform["banks"][bank] = {"region": reg, "concentrator": conc}
        off = REGIONS[reg]["off"]
        nfiles = int(160 * s * D / 21)
        files = [RESCREEN_HEAD.format(bank=bank, cf=f"CF-{bi}{k:06d}", notes=S[(k * 13 + bi) % len(S)])
                 for k in range(nfiles)]
        fc = w.PR.codes(files)
        wd = np.arange(D)[(np.arange(D) % 7) < 5]
        # first pass: every file once, by one analyst, on a weekday
        fday = wd[rng.integers(0, len(wd), nfiles)]
        fa = acc[rng.integers(0, s, nfiles)]
        # the sanctions update: files screened before it are sent again verbatim by another analyst within 3 days
        before = fday < resc_day
        rd_ = np.array([d for d in range(resc_day, min(D, resc_day + 5)) if d % 7 < 5] or [resc_day])
        r_idx = np.flatnonzero(before)
        r_day = rd_[rng.integers(0, len(rd_), len(r_idx))]
        r_a = acc[(np.searchsorted(acc, fa[r_idx]) + rng.integers(1, s, len(r_idx))) % s]
        allc = np.concatenate([fc, fc[r_idx]])
        alla = np.concatenate([fa, r_a])
        alld = np.concatenate([fday, r_day])
        h = rng.choice(24, size=len(alla), p=PROFILES["office"] / PROFILES["office"].sum())
        ts = START_MS + alld * DAY + h * HOUR + rng.integers(0, HOUR, len(alla)) - off * MIN
        ts = np.maximum(ts, START_MS + resc_day * DAY + 6 * HOUR + rng.integers(0, HOUR, len(alla))) * \
            (np.arange(len(alla)) >= nfiles) + ts * (np.arange(len(alla)) < nfiles)
        w.emit(alla, ts, conc[rng.integers(0, 2, len(alla))], allc, browsers[0], model=0, tok_mu=5.8, tok_sigma=.4)

    # ---- store vouchers: neighbours who bought prepaid top-ups at the same store hold consecutive serials
    n = counts["store_voucher"]
    sizes = _fill(n, 5, 30, rng, .5)
    w.platform["voucher_chains"] = {"hoshi": "jp", "padoca": "br"}
    w.vstores = []
    for g, s in enumerate(sizes):
        chain, reg = (("hoshi", "jp"), ("padoca", "br"))[g % 2]
        store = f"{chain[:2]}{g:04d}"
        base = int(rng.integers(1 << 20, 1 << 28)) & ~0xFF
        pays = [f"vch_{store}_{base + k:08x}" for k in range(s)]
        promo = rng.random(s) < .35
        cr = [START_MS + int(rng.integers(4, 6)) * DAY + int(rng.integers(9, 21)) * HOUR
              - REGIONS[reg]["off"] * MIN + int(rng.integers(0, HOUR)) if pr_ else None for pr_ in promo.tolist()]
        cr = [c if c is not None else START_MS - int(rng.integers(5, 400)) * DAY - int(rng.integers(0, DAY))
              for c in cr]
        acc = w.add("store_voucher", s, "basic", reg, group=f"store_{store}", role="buyer", created=cr, pay=pays)
        w.home_ip(acc, reg)
        w.vstores.append((store, reg, base + s))
        n_ = w.volumes(s, 14)
        a, ts = w.times(acc, n_, REGIONS[reg]["off"], "evening")
        crt = np.array([w.A["created"][x] for x in a.tolist()])
        ts = np.where(ts < crt, crt + rng.integers(60_000, 6 * HOUR, len(a)), ts)
        keep = ts < START_MS + D * DAY
        a, ts = a[keep], ts[keep]
        uam = dict(zip(acc.tolist(), browsers[rng.integers(0, len(browsers), s)].tolist()))
        w.emit(a, ts, np.array([w.home4[x] for x in a.tolist()]), w.chat(len(a), .1),
               np.array([uam[x] for x in a.tolist()]), model=rng.choice(2, len(a)))

    # ---- shadow replay: companies replay yesterday's production prompts overnight through a staging account
    n = counts["shadow_replay"]
    sizes = _fill(n, 2, 3, rng)
    for g, s in enumerate(sizes):
        reg = ["us_east", "us_west", "de", "uk"][g % 4]
        roles = ["production"] * (s - 1) + ["staging"]
        dom = f"{['ledgerly', 'tripwise', 'claimsy', 'shopfin', 'medlink'][g % 5]}{g}.com"
        acc = w.add("shadow_replay", s, "pro", reg, group=f"shadow{g:03d}", role=roles, pay=w.token("inv"),
                    email=dom, org=f"org_sh{g:03d}")
        prod, stg = acc[:-1], acc[-1]
        vms = w.IP.codes(_sample_v4(ref.cloud["amazon"], 2, rng))
        svm = w.IP.code(_sample_v4(ref.cloud["google"], 1, rng)[0])
        off = REGIONS[reg]["off"]
        daily = np.maximum(60, np.round(np.exp(rng.normal(np.log(350), .5, D))).astype(int))
        frac = rng.uniform(.3, 1.0)
        tmpl = f"[{dom}] You are the product assistant. Using the user's data below, answer the question.\nData: "
        ua = w.UA.code(f"{dom.split('.')[0]}-backend/2.{g}.0 tessel-python/3.1.0")
        for d in range(D):
            k = int(daily[d])
            a = prod[rng.integers(0, len(prod), k)]
            h = rng.choice(24, size=k, p=PROFILES["day"] / PROFILES["day"].sum())
            ts = START_MS + d * DAY + h * HOUR + rng.integers(0, HOUR, k) - off * MIN
            its = [S[x] + " Question: " + S[y] for x, y in rng.integers(0, len(S), (k, 2)).tolist()]
            pc = w.PR.codes([tmpl + t for t in its])
            w.emit(a, ts, vms[rng.integers(0, 2, k)], pc, ua, model=1)
            rep = np.flatnonzero(rng.random(k) < frac)
            # the next local night, 01:00-05:00, after the production request
            rts = START_MS + (d + 1) * DAY + HOUR - off * MIN + rng.integers(0, 4 * HOUR, len(rep))
            keep = (rts < START_MS + D * DAY) & (rts > ts[rep] + 4 * HOUR) & (ts[rep] >= START_MS)
            w.emit(np.full(keep.sum(), stg), rts[keep], svm, pc[rep[keep]], ua, model=2, tok_mu=6.6, tok_sigma=.5)

    # ---- cloud dev boxes: a new workspace address from the vendor's shared pool for every session
    n = counts["cloud_devbox"]
    pools = {"hearth": w.IP.codes(_sample_v4(ref.cloud["microsoft"], 48, rng)),
             "driftbox": w.IP.codes(_sample_v4(ref.cloud["google"], 32, rng))}
    w.platform["devbox_pools"] = pools
    w.devbox_pools = pools
    regs_d = pick_reg(n)
    vend = np.where(rng.random(n) < .6, "hearth", "driftbox")
    acc = w.add("cloud_devbox", n, "pro", regs_d, group=[f"devbox_{v}" for v in vend.tolist()], role="developer",
                org=[f"org_dev{int(x)}" if rng.random() < .4 else "" for x in range(n)])
    devbox_sessions(w, acc, vend, pools, median_daily=14, active=.3, harvest=None)

    # ---- blackout: a city's households move together onto the carrier's CGNAT for the hours without power
    n = counts["blackout_fallback"]
    cities = [("us_west", "Sacramento", max(3, D // 3)), ("de", "Hannover", max(4, 2 * D // 3))]
    w.platform["blackouts"] = {}
    per = [n // 2, n - n // 2]
    for (reg, city, bday), s in zip(cities, per):
        off = REGIONS[reg]["off"]
        b0 = START_MS + bday * DAY + 16 * HOUR - off * MIN + int(rng.integers(0, HOUR))
        b1 = b0 + int(rng.integers(9, 15)) * HOUR
        w.platform["blackouts"][city] = {"region": reg, "utc_start": iso(b0), "utc_end": iso(b1),
                                         "carrier_pool": cgnat[reg]}
        acc = w.add("blackout_fallback", s, np.where(rng.random(s) < .5, "free", "basic"), reg,
                    group=f"blackout_{city.lower()}", role="resident")
        w.home_ip(acc, reg)
        n_ = w.volumes(s, 14)
        a, ts = w.times(acc, n_, off, "evening")
        # during the blackout requests come from phones on the carrier (and a few more of them: "when is power back")
        extra = acc[rng.random(s) < .6]
        ea, ets = np.repeat(extra, rng.integers(1, 6, len(extra))), None
        ets = b0 + rng.integers(0, b1 - b0, len(ea))
        a, ts = np.concatenate([a, ea]), np.concatenate([ts, ets])
        inb = (ts >= b0) & (ts < b1)
        ip = np.array([w.home4[x] for x in a.tolist()], dtype=np.int64)
        ip[inb] = cgnat[reg][rng.integers(0, 40, inb.sum())]
        uam = dict(zip(acc.tolist(), browsers[rng.integers(0, len(browsers), s)].tolist()))
        ua = np.array([uam[x] for x in a.tolist()])
        ua[inb] = phones[rng.integers(0, 3, inb.sum())]
        pr = w.chat(len(a), .1)
        outage = [f"Power has been out in {city} since this afternoon. " + q for q in
                  ["How do I keep the fridge cold?", "Is it safe to use a gas stove for heat?",
                   "How long does a phone battery last in low power mode?", "What should I unplug before it comes back?"]]
        oc = w.PR.codes(outage)
        ob = inb & (rng.random(len(a)) < .5)
        pr[ob] = oc[rng.integers(0, 4, ob.sum())]
        w.emit(a, ts, ip, pr, ua, model=rng.choice(2, len(a)))

    # ---- telco bundle: accounts provisioned in the carrier's nightly batch, carrier billing, carrier CGNAT
    n = counts["telco_bundle"]
    bundle_batches(w)
    reg = "in"
    cr = w.bundle_created(n, in_window_share=.35)
    acc = w.add("telco_bundle", n, "basic", reg, group="bundle_jyoti", role="subscriber", created=cr,
                pay=[f"cb_jy{int(x):011x}" for x in rng.integers(1 << 40, 1 << 43, n)], email="sub.jyoti.in")
    acc = never(acc, .03)
    n_ = w.volumes(len(acc), 12)
    a, ts = w.times(acc, n_, REGIONS[reg]["off"], "day")
    crt = np.array([w.A["created"][x] for x in a.tolist()])
    ts = np.where(ts < crt, crt + rng.integers(MIN, 12 * HOUR, len(a)), ts)
    keep = ts < START_MS + D * DAY
    a, ts = a[keep], ts[keep]
    ip = cgnat[reg][rng.integers(0, 40, len(a))]
    v6 = rng.random(len(a)) < .35
    ip[v6] = w.v6_daily(a[v6], ts[v6], {int(x): REGIONS[reg]["v6m"] for x in np.unique(a[v6])})
    w.emit(a, ts, ip, w.chat(len(a), .3), w.UA.code(BUNDLE_UA), model=1)
    w.B_end = len(w.A["cohort"])

    # ==== rings ====
    sizes, hy = ring_sizes(p.world, R, N, rng)
    kinds = []
    order = [k for k in RING_KINDS if k != "hydra_reseller"] + ["hydra_reseller"]
    for i, s in enumerate(sizes):
        kinds.append(order[(i + p.seed) % len(order)] if p.world != "hydra" else
                     [k for k in RING_KINDS if k != "hydra_reseller"][(i + p.seed) % 8])
    if hy:
        sizes.append(hy)
        kinds.append("hydra_reseller")
    mean_daily = 1200 * (.75 * .65 + .25 * .19)
    budget = 100 * N * D / 21
    m = min(D, budget / max(1, R * mean_daily))
    w.m = m
    for i, (s, kind) in enumerate(zip(sizes, kinds)):
        make_ring(w, f"ring{i:03d}", kind, s, m)


def bundle_batches(w: World):
    rng = w.rng
    off = REGIONS["in"]["off"]

    def created(n, in_window_share):
        """Provisioning batch times: 02:00-02:25 local, on a night before or inside the window."""
        inside = rng.random(n) < in_window_share
        d = np.where(inside, rng.integers(0, max(1, w.D - 1), n), -rng.integers(1, 300, n))
        return (START_MS + d * DAY + 2 * HOUR - off * MIN + rng.integers(0, 25 * MIN, n)).tolist()
    w.bundle_created = created
    w.platform["bundle"] = {"carrier": "Jyoti Mobile (fictional bundle on Airtel's network)", "region": "in",
                            "batch_local_time": "02:00-02:25", "email_domain": "sub.jyoti.in"}


def devbox_sessions(w: World, acc, vend, pools, median_daily, active, harvest):
    """Workspace sessions: on a share of weekdays 1-3 sessions of 10-60 minutes of agent-loop requests 3-25 s apart,
    each session on one address drawn from the vendor's pool. ``harvest``: (datasets, per-day counts) for rings."""
    rng, D = w.rng, w.D
    S = w.ref.sents
    ua = w.UA.code(DEVBOX_UA)
    A, T, IPs, PRs = [], [], [], []
    for j, a in enumerate(acc.tolist()):
        off = REGIONS[w.A["region"][a]]["off"]
        if harvest is None:
            days = [d for d in range(D) if d % 7 < 5 and rng.random() < active]
            per_day = [max(3, int(np.exp(rng.normal(np.log(median_daily), .8)))) for _ in days]
            start_h = lambda: rng.uniform(8.5, 18)
        else:
            days, per_day = harvest[1][j]
            start_h = lambda: rng.uniform(0, 19) + off / 60
        pool = pools[vend[j]]
        for d, k in zip(days, per_day):
            ns = 1 if harvest is None else max(1, k // 400 + 1)
            cuts = np.sort(rng.integers(0, k + 1, ns - 1))
            parts = np.diff(np.concatenate([[0], cuts, [k]]))
            for q in parts.tolist():
                if q <= 0:
                    continue
                t0 = START_MS + d * DAY + int(start_h() * HOUR) - off * MIN
                gaps = rng.integers(3000, 25000 if harvest is None else 9000, q)
                T.append(t0 + np.cumsum(gaps))
                A.append(np.full(q, a))
                IPs.append(np.full(q, pool[int(rng.integers(len(pool)))]))
    if not A:
        return
    a = np.concatenate(A)
    ts = np.concatenate(T)
    ip = np.concatenate(IPs)
    if harvest is None:
        ks = rng.integers(0, len(S), len(a))
        steps = rng.choice(["read the failing test", "edit the file", "run the tests", "explain the error"], len(a))
        pr = w.PR.codes([f"{DEVBOX_SYSTEM}\nRepository: acct-{x}/app. Task: {S[k]} Next step: {st}"
                         for x, k, st in zip(a.tolist(), ks.tolist(), steps.tolist())])
    else:
        hp, _ = w.harvest(len(a), harvest[0])
        pr = w.PR.fresh([f"{DEVBOX_SYSTEM}\nRepository: acct-{x}/data-tools. Task: {h}" for x, h in
                         zip(a.tolist(), hp)])
    w.emit(a, ts, ip, pr, ua, model=0, tok_mu=6.0, tok_sigma=.7)


def make_ring(w: World, rid: str, kind: str, size: int, m: float) -> None:
    rng, ref, D = w.rng, w.ref, w.D
    soph = SOPH[kind]
    nds = {"card_pool": 1, "cot_harvest": 1, "hydra_reseller": 3}.get(kind, int(rng.integers(1, 3)))
    datasets = w.take_datasets(nds)
    S = ref.sents
    ev: dict = {"ring_id": rid, "kind": kind, "size": size, "sophistication": soph, "datasets": datasets}
    # working days per account and requests per working day (3 in 4 accounts at 40-90 % of the limit, 1 in 4 8-30 %)
    lim = DAILY["basic"]
    nd = np.minimum(D, 1 + rng.poisson(max(0.0, m - 1), size))
    busy = rng.random(size) < .75
    plan = []
    for j in range(size):
        days = np.sort(rng.choice(D, size=int(nd[j]), replace=False))
        lo, hi = (.4, .9) if busy[j] else (.08, .3)
        plan.append((days.tolist(), np.round(rng.uniform(lo, hi, len(days)) * lim).astype(int).tolist()))
    created0 = START_MS - int(rng.integers(2, 60)) * DAY
    burst = lambda: (created0 + rng.integers(0, 3 * HOUR, size)).tolist()
    regs = ["us_east"] * size
    email, pay, org, created, role, tier = None, None, "", burst(), "member", "basic"
    sess_profile, session_hours = "flat", (0, 24)
    ips = None
    ua = None
    model = 0
    suffix = ""
    tok = (6.0, .6)
    msg_wrap = None
    if kind == "card_pool":
        cards = [w.token("card") for _ in range(int(rng.integers(1, 3)))]
        pay = [cards[j % len(cards)] for j in range(size)]
        email = [["yopmail.com", "guerrillamailblock.com"][j % 2] for j in range(size)]
        pool = w.IP.codes(_sample_v4(ref.dc, int(rng.integers(4, 7)), rng))
        ips = lambda j, k: pool[rng.integers(0, len(pool), k)]
        ua = w.UA.code("python-requests/2.32.3")
        ev.update(signals_kept=["shared cards", "sign-up burst", "datacenter addresses", "one client build",
                                "one dataset"], evasions=["spread under the per-account limit"])
    elif kind == "cot_harvest":
        pool = w.IP.codes(w.v4([24940, 16276], int(rng.integers(2, 4))))
        ips = lambda j, k: pool[rng.integers(0, len(pool), k)]
        ua = w.UA.code("tessel-python/3.0.2")
        model, suffix, tok = 2, COT, (7.4, .4)
        created = (START_MS - rng.integers(5, 200, size) * DAY).tolist()
        ev.update(signals_kept=["chain-of-thought suffix", "hosting addresses", "one SDK build", "one dataset"],
                  evasions=["own cards"])
    elif kind == "hydra_reseller":
        relay = w.IP.codes(_sample_v4(ref.dc + w.ref.asn.get(20473, []), min(150, max(10, size // 8)), rng))
        sub = [relay[rng.choice(len(relay), size=int(rng.integers(3, 7)), replace=False)] for _ in range(size)]
        ips = lambda j, k: sub[j][rng.integers(0, len(sub[j]), k)]
        pay = [w.token("card" if rng.random() < .7 else "wal") for _ in range(size)]
        created = (START_MS - rng.choice([200, 150, 90, 40, 10], size) * DAY - rng.integers(0, 3 * DAY, size)).tolist()
        regs = list(np.array(list(REGION_W))[rng.integers(0, 8, size)])
        gw = w.UA.codes(["one-api/0.6.9", "new-api/0.4.2", "litellm/1.52.0"])
        ua = lambda j, k: gw[np.where(rng.random(k) < .7, 0, rng.integers(1, 3, k))]
        ev.update(signals_kept=["relay pool of datacenter addresses", "gateway user agents", "three datasets"],
                  evasions=["40-60 % resold end-user chat", "sign-up waves months apart", "own cards and wallets"])
    elif kind == "item_packing":
        vms = [w.IP.code(x) for x in _sample_v4(ref.cloud["digitalocean"], size, rng)]
        ips = lambda j, k: np.full(k, vms[j])
        ua = w.UA.code("python-httpx/0.28.1")
        tok = (8.4, .35)
        sess_profile = "day"
        ev.update(signals_kept=["numbered item lists in one template", "one client build", "long outputs"],
                  evasions=["*new* item packing: 6-15 items of one dataset per request as a numbered list, so the "
                            "request count per account stays far below the limit while the item rate is high",
                            "own DigitalOcean VM and card per account"])
    elif kind == "self_chat":
        regs = ["us_east" if j % 2 else "us_west" for j in range(size)]
        homes = [w.v4(REGIONS[r]["home"], 1)[0] for r in regs]
        hc = w.IP.codes(homes)
        ips = lambda j, k: np.full(k, hc[j])
        ua = w.UA.code(BROWSERS[3])
        tok = (7.8, .3)
        sess_profile = "evening"
        created = (START_MS - rng.integers(10, 120, size) * DAY).tolist()
        ev.update(signals_kept=["one dialogue-synthesis instruction", "one browser build"],
                  evasions=["*new* self-chat synthesis: each request asks for a whole multi-turn user/assistant "
                            "dialogue about the item (a chat-tuning corpus in one call) instead of a direct answer",
                            "own residential address and card per account", "sign-ups months apart"])
    elif kind == "voucher_scatter":
        stores = w.vstores
        picks = rng.permutation(len(stores))
        pay = []
        regs = []
        for j in range(size):
            st, reg, nxt = stores[picks[j % len(stores)]]
            ser = nxt + 3 * (j // len(stores)) + int(rng.integers(1, 3))
            pay.append(f"vch_{st}_{ser:08x}")
            regs.append(reg)
        homes = {}
        for r in sorted(set(regs)):
            idx = [j for j in range(size) if regs[j] == r]
            for j, h in zip(idx, w.v4(REGIONS[r]["home"], len(idx))):
                homes[j] = w.IP.code(h)
        ips = lambda j, k: np.full(k, homes[j])
        ua = w.UA.code(BROWSERS[2])
        sess_profile = "evening"
        created = (START_MS - rng.integers(3, 30, size) * DAY - rng.integers(0, DAY, size)).tolist()
        ev.update(signals_kept=["one dataset", "one browser build", "sign-ups within a month"],
                  evasions=["*invented* voucher scatter: pays with the convenience-store top-up vouchers real "
                            "neighbours buy, each account's voucher from a different store, so no serial run or "
                            "store batch belongs to the ring", "home address per account"])
    elif kind == "devbox_stowaway":
        vend = np.where(rng.random(size) < .5, "hearth", "driftbox")
        regs = list(np.array(list(REGION_W))[rng.integers(0, 8, size)])
        acc = w.add(kind, size, "basic", regs, group=rid, role="developer", created=created, ring=rid, soph=soph,
                    org=[f"org_dv{rid}{j}" for j in range(size)])
        devbox_sessions(w, acc, vend, w.devbox_pools, 0, 0, harvest=(datasets, plan))
        ev.update(signals_kept=["one or two datasets", "sign-up burst", "harvest volume from workspaces"],
                  evasions=["*invented* devbox stowaways: harvest runs as coding-agent sessions in the cloud "
                            "dev-environment vendors' workspaces, a new pool address per session shared with real "
                            "developers, the agent CLI's user agent and system text", "own cards, fake company orgs"])
        w.rings.append(ev)
        return
    elif kind == "shadow_cover":
        regs = ["us_east"] * size
        ncomp = max(1, size // 2)
        comp = [j % ncomp for j in range(size)]
        org = [f"org_{rid}_{c}" for c in comp]
        email = [f"{['datanest', 'querylab', 'pivotly', 'formwise'][c % 4]}{rid[-3:]}{c}.io" for c in comp]
        cards = [w.token("card") for _ in range(ncomp)]
        pay = [cards[c] for c in comp]
        role = ["production" if j < ncomp else "staging" for j in range(size)]
        created = (START_MS - rng.integers(20, 90, size) * DAY).tolist()
        acc = w.add(kind, size, "basic", regs, group=rid, role=role, created=created, pay=pay, email=email,
                    org=org, ring=rid, soph=soph)
        vm = w.IP.codes(_sample_v4(ref.cloud["amazon"], size, rng))
        uas = [w.UA.code(f"{email[c].split('.')[0]}-backend/1.{c}.0 tessel-python/3.1.0") for c in range(ncomp)]
        off = REGIONS["us_east"]["off"]
        for j in range(ncomp):
            stg = [x for x in range(ncomp, size) if comp[x] == j]
            days, per = plan[j]
            for d, k in zip(days, per):
                k = int(k)
                h = rng.uniform(8, 19, k)
                ts = START_MS + d * DAY + (h * HOUR).astype(np.int64) - off * MIN
                hp, _ = w.harvest(k, datasets)
                pc = w.PR.fresh(hp)
                w.emit(np.full(k, acc[j]), ts, vm[j], pc, uas[j], model=1, tok_mu=5.6, tok_sigma=.5)
                for x in stg:
                    rts = START_MS + (d + 1) * DAY + HOUR - off * MIN + rng.integers(0, 5 * HOUR, k)
                    keep = rts < START_MS + D * DAY
                    w.emit(np.full(keep.sum(), acc[x]), rts[keep], vm[x], pc[keep], uas[j], model=2, tok_mu=7.3,
                           tok_sigma=.4)
        ev.update(signals_kept=["staging replays all of production", "harvest templates", "one AWS region"],
                  evasions=["*invented* shadow-replay cover: fake small companies each with a production account "
                            "that sends the items by day on the small model and a staging account that replays "
                            "them verbatim overnight on the reasoning model, the shape of real shadow-replay "
                            "evaluation", "declared orgs, company mail domains"])
        w.rings.append(ev)
        return
    elif kind == "bundle_sims":
        regs = ["in"] * size
        created = w.bundle_created(size, in_window_share=.0)
        pay = [f"cb_jy{int(x):011x}" for x in rng.integers(1 << 40, 1 << 43, size)]
        email = "sub.jyoti.in"
        pool = w.platform["cgnat_pools"]["in"]
        ips = lambda j, k: pool[rng.integers(0, len(pool), k)]
        ua = w.UA.code(BUNDLE_UA)
        ev.update(signals_kept=["one dataset", "harvest volume on the carrier pool"],
                  evasions=["*invented* bundle SIMs: accounts opened through the carrier's phone-plan bundle on "
                            "prepaid contracts, so they are created in the carrier's nightly provisioning batches "
                            "among thousands of real subscribers, carry the carrier's mail domain and carrier "
                            "billing, and leave from the carrier's CGNAT in LTE modems with the bundle app's user "
                            "agent", "no shared card or address of their own"])
    acc = w.add(kind, size, tier, regs, group=rid, role=role, created=created, pay=pay, email=email, org=org,
                ring=rid, soph=soph)
    A, T, IP, UAc, PRl = [], [], [], [], []
    for j in range(size):
        off = REGIONS[regs[j]]["off"]
        days, per = plan[j]
        for d, k in zip(days, per):
            k = int(k)
            if kind == "item_packing":
                k = max(10, k // 4)
            if sess_profile == "flat":
                t0, span = rng.uniform(0, 4), rng.uniform(14, 20)
            else:
                if sess_profile == "day":
                    t0, span = rng.uniform(8, 10), rng.uniform(8, 11)
                else:
                    t0, span = rng.uniform(17, 19), rng.uniform(4.5, 6)
                # the local session, kept inside one UTC day (the day it is planned for)
                t0 = (t0 - off / 60) % 24
                if t0 + span > 24:
                    t0 = max(0.0, 24 - span - rng.uniform(0, .5))
            ts = START_MS + d * DAY + ((t0 + rng.random(k) * span) * HOUR).astype(np.int64)
            A.append(np.full(k, acc[j]))
            T.append(ts)
            IP.append(ips(j, k))
            UAc.append(ua(j, k) if callable(ua) else np.full(k, ua))
    a, ts, ip, uac = np.concatenate(A), np.concatenate(T), np.concatenate(IP), np.concatenate(UAc)
    mcount = len(a)
    if kind == "item_packing":
        ks = rng.integers(6, 16, mcount)
        hp, _ = w.harvest(int(ks.sum()), datasets)
        cut = np.concatenate([[0], np.cumsum(ks)])
        pr = w.PR.fresh([PACK_HEAD.format(k=int(ks[i])) + "\n".join(f"{q + 1}. {hp[cut[i] + q]}" for q in range(ks[i]))
                         for i in range(mcount)])
    elif kind == "self_chat":
        its = w.items(mcount)
        kt = rng.integers(4, 9, mcount)
        pr = w.PR.fresh([SELFCHAT.format(k=int(t), item=it) for t, it in zip(kt.tolist(), its)])
    else:
        hp, _ = w.harvest(mcount, datasets, suffix)
        if kind == "hydra_reseller":
            pr = w.PR.fresh(hp)
            chat = rng.random(mcount) < rng.uniform(.4, .6)
            pr[chat] = w.chat(int(chat.sum()), .2)
            # CoT on the third dataset's items
            thirds = np.flatnonzero(~chat & (rng.random(mcount) < .33))
            if len(thirds):
                pr[thirds] = w.PR.fresh([w.PR.items[c] + COT for c in pr[thirds].tolist()])
        else:
            pr = w.PR.fresh(hp)
    w.emit(a, ts, ip, pr, uac, model=model, tok_mu=tok[0], tok_sigma=tok[1])
    w.rings.append(ev)


# ---------------------------------------------------------------- assembly

def generate(p: Params, out_dir: Path | None = None, ref: Ref | None = None) -> dict:
    t0 = time.time()
    out_dir = Path(out_dir or p.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    root = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", "/work/shared/data"))
    ref = ref or Ref(root)
    w = World(p, ref)
    build(w)
    rng = np.random.default_rng([p.seed, 40])
    D = p.days
    N = len(w.A["cohort"])
    assert N == p.n_accounts, (N, p.n_accounts)
    a = np.concatenate([e[0] for e in w.ev])
    ts = np.concatenate([e[1] for e in w.ev])
    ip = np.concatenate([e[2] for e in w.ev])
    pr = np.concatenate([e[3] for e in w.ev])
    ua = np.concatenate([e[4] for e in w.ev])
    mo = np.concatenate([e[5] for e in w.ev])
    tok = np.concatenate([e[6] for e in w.ev])
    w.ev = []
    created = np.array(w.A["created"], dtype=np.int64)
    keep = (ts >= START_MS) & (ts < START_MS + D * DAY) & (ts >= created[a])
    a, ts, ip, pr, ua, mo, tok = (x[keep] for x in (a, ts, ip, pr, ua, mo, tok))
    # retries: 1 % sent again 1-8 s later, the first without output tokens (it timed out)
    r = np.flatnonzero(rng.random(len(a)) < .01)
    rts = ts[r] + rng.integers(1000, 8000, len(r))
    ok = rts < START_MS + D * DAY
    r, rts = r[ok], rts[ok]
    tok[r] = -1
    a = np.concatenate([a, a[r]])
    ts = np.concatenate([ts, rts])
    ip, pr, ua, mo = (np.concatenate([x, x[r]]) for x in (ip, pr, ua, mo))
    tok = np.concatenate([tok, np.clip(np.exp(rng.normal(5.5, .8, len(r))), 1, 16384).astype(np.int64)])
    drawn = len(a)
    # per-account limits per UTC minute and day: refused requests are not logged
    tiers = np.array(w.A["tier"], dtype=object)
    mcap = np.array([MINUTE[t] for t in tiers], dtype=np.int64)
    dcap = np.array([DAILY[t] for t in tiers], dtype=np.int64)
    o = np.lexsort((np.arange(len(a)), ts, a))
    a, ts, ip, pr, ua, mo, tok = (x[o] for x in (a, ts, ip, pr, ua, mo, tok))
    for unit, cap in ((MIN, mcap), (DAY, dcap)):
        key = a * 10_000_000 + (ts - START_MS) // unit
        start = np.r_[True, key[1:] != key[:-1]]
        gidx = np.cumsum(start) - 1
        first = np.flatnonzero(start)
        rank = np.arange(len(key)) - first[gidx]
        k = rank < cap[a]
        a, ts, ip, pr, ua, mo, tok = (x[k] for x in (a, ts, ip, pr, ua, mo, tok))
    refused = drawn - len(a)
    # time order
    o = np.lexsort((a, ts))
    a, ts, ip, pr, ua, mo, tok = (x[o] for x in (a, ts, ip, pr, ua, mo, tok))
    n = len(a)
    # logging noise
    ip = np.where(rng.random(n) < .005, -1, ip)
    ua = np.where(rng.random(n) < .006, -1, ua)
    tok = np.where(rng.random(n) < .005, -1, tok)
    firstev = np.zeros(n, bool)
    _, fi = np.unique(a, return_index=True)
    firstev[fi] = True
    pay_arr = np.array(w.A["pay"], dtype=object)
    pmiss = (rng.random(n) < .003) & ~firstev
    # keys: one per account, a quarter rotate to a second key at some moment
    keys = [f"tk-{int(x):016x}" for x in rng.integers(0, 1 << 62, 2 * N)]
    rot = np.where(rng.random(N) < .25, START_MS + rng.integers(0, D * DAY, N), 1 << 62)
    kidx = a * 2 + (ts >= rot[a])
    aid = np.array([f"t{x:07d}" for x in rng.permutation(np.arange(1_000_000, 1_000_000 + 7 * N, 7))[:N]],
                   dtype=object)

    def col(pool: Pool, codes: np.ndarray) -> pa.ChunkedArray:
        arr = pa.array(pool.items, pa.large_string())
        ch = []
        for i in range(0, len(codes), 400_000):
            c = codes[i:i + 400_000]
            ch.append(arr.take(pa.array(c, pa.int64(), mask=c < 0)).cast(pa.string()))
        return pa.chunked_array(ch, pa.string()) if ch else pa.chunked_array([], pa.string())

    pm = pay_arr[a]
    pm = np.where(pmiss | (pm == ""), None, pm)
    cols = {
        "account_id": pa.array(aid[a], pa.string()),
        "timestamp": pa.array(ts, pa.timestamp("ms", tz="UTC")),
        "ip": col(w.IP, ip),
        "payment_method": pa.array(pm, pa.string()),
        "prompt": col(w.PR, pr),
        "user_agent": col(w.UA, ua),
        "output_tokens": pa.array(tok, pa.int64(), mask=tok < 0),
        "api_key_id": pa.array(np.array(keys, dtype=object)[kidx], pa.string()),
        "model": pa.array(np.array(MODELS, dtype=object)[mo], pa.string()),
    }
    write_events(out_dir, cols, p.format, p.minimal)
    per = np.bincount(a, minlength=N)
    coh = np.array(w.A["cohort"], dtype=object)
    first_ev = np.full(N, 1 << 62)
    np.minimum.at(first_ev, a, ts)
    cr = np.minimum(created, first_ev)
    accdf = pd.DataFrame({"account_id": aid, "created_at": [iso(x) for x in cr.tolist()], "payment_method": pay_arr,
                          "email_domain": w.A["email"], "country": w.A["country"], "org_id": w.A["org"],
                          "plan": tiers})
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
        mm = coh == c
        if mm.any():
            cohorts[c] = {"accounts": int(mm.sum()), "events": int(evc.get(c, 0)), "ring": c in RING_KINDS,
                          "new": c in NEW_BENIGN or c in NEW_KINDS}
    bt = truth[(truth["is_ring"] == "false") & (truth["group_id"] != "")]
    gsize = bt.groupby("group_id").size()
    rmask = ring != ""
    ring_days = (pd.DataFrame({"a": a, "d": (ts - START_MS) // DAY})[rmask[a]].drop_duplicates()
                 .groupby("a").size().mean()) if rmask.any() else 0.0
    plat = {}
    for k, v in w.platform.items():
        plat[k] = _ips(w, v)
    meta = {
        "world": "world40 (Tessel)",
        "params": {"seed": p.seed, "world": p.world, "n_accounts": N, "days": D, "ring_share": w.share,
                   "start": START.strftime("%Y-%m-%dT%H:%M:%SZ"), "minimal": p.minimal, "format": p.format},
        "counts": {"accounts": N, "events": int(n), "ring_accounts": int(rmask.sum()), "rings": len(w.rings),
                   "ring_events": int(per[rmask].sum()),
                   "benign_group_accounts": int(gsize[gsize >= 2].sum()), "benign_groups": int((gsize >= 2).sum()),
                   "accounts_without_events": int((per == 0).sum()), "requests_drawn": int(drawn),
                   "refused_requests_not_logged": int(refused), "retry_duplicates_drawn": int(len(r)),
                   "missing_ip_events": int((ip < 0).sum()),
                   "ring_working_days_mean": round(float(w.m), 2),
                   "ring_active_utc_days_per_account": round(float(ring_days), 2),
                   "ring_accounts_by_kind": {k: int(v) for k, v in truth[rmask].groupby("cohort").size().items()},
                   "benign_groups_by_cohort": {k: int(v) for k, v in bt.groupby("cohort")["group_id"].nunique().items()}},
        "cohorts": cohorts,
        "rings": w.rings,
        "platform": {"name": "Tessel (fictional)", "daily_limits": DAILY, "minute_limits": MINUTE, "models": MODELS,
                     **plat,
                     "regions": {k: {"country": v["c"], "utc_offset_minutes": v["off"]} for k, v in REGIONS.items()},
                     "text_timestamps": "ISO 8601 UTC to the millisecond (...Z)"},
        "reference_data": {"root": "$GRAPHHUNT_SHARED_DATA", "files": dict(sorted(ref.files.items()))},
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "generation_seconds": round(time.time() - t0, 1),
    }
    (out_dir / "world.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False, default=_jsonable) + "\n")
    return meta


def _ips(w: World, v):
    """Platform facts with address codes written out as addresses."""
    if isinstance(v, np.ndarray) and v.dtype.kind == "i":
        return [w.IP.items[c] for c in v.tolist()]
    if isinstance(v, dict):
        return {k: _ips(w, x) for k, x in v.items()}
    return v


def _jsonable(x):
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.floating):
        return float(x)
    if isinstance(x, np.ndarray):
        return x.tolist()
    raise TypeError(type(x))


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
        print(f"world40 {a.world} seed {a.seed}: {c['accounts']} accounts, {c['events']} events, "
              f"{c['ring_accounts']} ring accounts in {c['rings']} rings, {meta['generation_seconds']} s -> {a.out}")
    return meta


if __name__ == "__main__":
    main()
