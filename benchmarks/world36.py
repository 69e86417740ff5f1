"""world36 ("Meridian"): a blind synthetic distillation-ring test world for graphhunt.

Writes three weeks (``--days``, default 21) of API traffic of a fictional 2026 LLM API platform with the ground truth
of which accounts belong to distillation rings. Written blind (see docs/WORLD36.md): nothing here is tuned to how
graphhunt detects. numpy, pandas and pyarrow only; reference data is read from ``$GRAPHHUNT_SHARED_DATA`` (default
/work/shared/data) and never copied. The same arguments give byte-identical files whatever PYTHONHASHSEED.

    python3 benchmarks/world36.py --out DIR --n-accounts 20000 --seed 1 --world small --minimal
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
START = pd.Timestamp("2026-01-12T00:00:00Z")          # a Monday; no summer-time change inside 35 days
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "api_key_id",
              "model"]
MINIMAL_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt"]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role", "region",
              "events"]
# plans: hard per-account limits per UTC minute and per UTC day; refused requests are not logged
DAILY = {"free": 100, "starter": 1000, "pro": 5000, "team": 20000, "enterprise": 200000}
MINUTE = {"free": 5, "starter": 20, "pro": 60, "team": 200, "enterprise": 1000}
MODELS = ["md-3", "md-3-mini", "md-3-reason", "md-3-vision"]

# region -> country, UTC offset in January (minutes), AS numbers of the 2014 table: home ISPs, mobile carriers,
# business ISPs, universities
REGIONS = {
    "us_e": dict(c="US", off=-300, home=[7922, 7018], mob=[22394, 21928], biz=[3356, 174], uni=[3, 36375]),
    "us_c": dict(c="US", off=-360, home=[20115, 7018], mob=[21928], biz=[3356], uni=[]),
    "us_w": dict(c="US", off=-480, home=[7922, 20115], mob=[22394], biz=[6461], uni=[32, 25]),
    "uk": dict(c="GB", off=0, home=[2856, 5089, 13285], mob=[12576], biz=[3356], uni=[786]),
    "de": dict(c="DE", off=60, home=[3320, 3209], mob=[6805], biz=[3320], uni=[680]),
    "in": dict(c="IN", off=330, home=[9829, 9498], mob=[45609, 38266], biz=[9498], uni=[]),
    "jp": dict(c="JP", off=540, home=[4713, 17676], mob=[9605], biz=[2497], uni=[]),
    "br": dict(c="BR", off=-180, home=[27699, 28573], mob=[26615], biz=[4230], uni=[]),
    "au": dict(c="AU", off=660, home=[1221, 7545], mob=[1221], biz=[4804], uni=[]),
    "sg": dict(c="SG", off=480, home=[3758, 4657], mob=[17547], biz=[3758], uni=[]),
    "ng": dict(c="NG", off=60, home=[37148], mob=[29465], biz=[37148], uni=[]),
    "ph": dict(c="PH", off=480, home=[9299], mob=[132199], biz=[9299], uni=[]),
}
REGION_W = {"us_e": 17, "us_c": 7, "us_w": 11, "uk": 9, "de": 8, "in": 12, "jp": 6, "br": 7, "au": 5, "sg": 4,
            "ng": 5, "ph": 5}
MAIL = {"US": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me"],
        "GB": ["gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"], "DE": ["gmail.com", "gmx.de", "web.de"],
        "IN": ["gmail.com", "rediffmail.com", "yahoo.co.in"], "JP": ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"],
        "BR": ["gmail.com", "hotmail.com", "uol.com.br"], "AU": ["gmail.com", "bigpond.com", "outlook.com"],
        "SG": ["gmail.com", "singnet.com.sg"], "NG": ["gmail.com", "yahoo.com"], "PH": ["gmail.com", "yahoo.com"]}
# health networks (clinical scribe), shared web hosts, e-discovery vendors' VDI hosts: AS numbers of the 2014 table
HEALTH = {"intermountain": (11052, "us_w"), "allina": (7800, "us_c"), "legacy": (20352, "us_w")}
HOSTS = {"unifiedlayer": 46606, "godaddy": 26496, "oneandone": 8560}
VDI = {"rackspace": 19994, "softlayer": 36351, "liquidweb": 32244}
HOSTING_V = {"hetzner": 24940, "ovh": 16276, "choopa": 20473}
HOME_V6 = {"us_e": "2601:140", "us_c": "2603:6000", "us_w": "2601:640", "uk": "2a00:23c0", "de": "2003:e0",
           "in": "2401:4900", "jp": "240b:10", "br": "2804:14c", "au": "2001:8003", "sg": "2406:3003",
           "ng": "2c0f:f7a0", "ph": "2001:4454"}
MOB_V6 = {"us_e": "2600:1000", "us_c": "2607:fb90", "us_w": "2600:387", "uk": "2a01:4c8", "de": "2a02:3032",
          "in": "2409:4000", "jp": "2001:268", "br": "2804:18", "au": "2001:8004", "sg": "2406:3000",
          "ng": "2c0f:f4c0", "ph": "2001:fd8"}

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.{m}; rv:134.0) Gecko/20100101 Firefox/134.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{m} Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
]
SDKS = ["meridian-python/2.{m}.{v2}", "meridian-node/1.{m}.{v2}", "python-httpx/0.27.{m}", "python-requests/2.32.{m}",
        "langchain-meridian/0.3.{v2}", "Go-http-client/2.0", "okhttp/4.12.0"]
MOBILE_UA = "MeridianChat/3.{m}.{v2} (iPhone; iOS 18.{m})", "MeridianChat/3.{m}.{v2} (Android 15; {dev})"
COT = [" Think step by step and show all of your reasoning before the final answer.",
       " Let's think step by step.", " Explain your reasoning in detail, then give the answer on the last line.",
       " Reason carefully through each step; write out the full chain of thought."]
TAX_UA = "LedgerLane-Desk/26.1 (Windows NT 10.0)"
SCRIBE_UA = "ChartQuill/4.2.{m} (EHR-embedded; Windows NT 10.0)"
REVIEW_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 RelativityVDI/12"
PHP_UA = "GuzzleHttp/7.8.1 curl/7.81.0 PHP/8.1.{m}"
MONITOR_UA = "Pingfold-Synthetics/2.4.1 (+https://pingfold.example/bot)"
RELAY_UA = "new-api/0.4.7"


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


# ------------------------------------------------------------------ reference data

def _fold(lines: list[str]) -> str:
    """A YAML flow scalar's continuation lines folded: a line break is a space, an empty line a newline."""
    out, prev_blank = "", False
    for i, ln in enumerate(lines):
        s = ln.strip()
        if not s:
            out += "\n"
            prev_blank = True
            continue
        if i and not prev_blank and not out.endswith("\n"):
            out += " "
        out += s
        prev_blank = False
    return out


def _yaml_jinja(lines: list[str]) -> str:
    first = lines[0].split("jinja:", 1)[1].strip()
    body = _fold([first] + lines[1:])
    if body.startswith("'"):
        return body[1:-1].replace("''", "'") if body.endswith("'") else body[1:]
    if body.startswith('"'):
        b = body[1:-1] if body.endswith('"') else body[1:]
        b = re.sub(r"\\ ?\n?", lambda m: "" if m.group(0).startswith("\\\n") else m.group(0), b)
        return (b.replace("\\ ", " ").replace('\\"', '"').replace("\\n", "\n").replace("\\t", " ")
                .replace("\\\\", "\\"))
    return body


_SLOT = re.compile(r"\{\{(.*?)\}\}", re.S)


class Template:
    """A promptsource template cut to its prompt side: static text parts and slots (answer choices or item text)."""

    def __init__(self, dataset: str, name: str, jinja: str, choices: list[str]):
        self.dataset, self.name = dataset, name
        txt = jinja.split("|||")[0]
        txt = re.sub(r"\{#.*?#\}", "", txt, flags=re.S)
        txt = re.sub(r"\{%.*?%\}", "", txt, flags=re.S)
        self.parts, self.slots = [], []
        pos = 0
        for m in _SLOT.finditer(txt):
            self.parts.append(txt[pos:m.start()])
            self.slots.append("choices" if "answer_choices" in m.group(1) else "text")
            pos = m.end()
        self.parts.append(txt[pos:])
        self.choices = ", ".join(choices[:6]) if choices else "yes, no"
        self.static = sum(len(p.strip()) for p in self.parts)

    def render(self, sents: np.ndarray, item: int) -> str:
        """The prompt of item number ``item``: its first text slot holds sentence ``item * 7919 mod S`` of the pool
        (a bijection, 7919 being prime) and, from the second pass over the pool on, a second sentence numbered by
        the pass, so that distinct items give distinct prompts."""
        S = len(sents)
        out = [self.parts[0]]
        first = True
        for j, s in enumerate(self.slots):
            if s == "choices":
                out.append(self.choices)
            elif first:
                txt = sents[(item * 7919) % S]
                if item >= S:
                    txt = txt + " " + sents[(item // S) % S]
                out.append(txt)
                first = False
            else:
                out.append(sents[(item * 31 + j * 104729 + 13) % S])
            out.append(self.parts[j + 1])
        txt = re.sub(r"[ \t]+\n", "\n", "".join(out))
        txt = re.sub(r"\n\s*\n\s*", "\n\n", txt)
        return re.sub(r"[ \t]{2,}", " ", txt).strip()


class Ref:
    """The shared reference data this generator reads (each file's sha256 in ``files``)."""

    def __init__(self, root: Path = SHARED):
        self.root = root
        self.files: dict[str, str] = {}
        aw = root / "prompts" / "awesome-chatgpt-prompts.csv"
        self._note(aw)
        df = pd.read_csv(aw, dtype=str, keep_default_na=False)
        self.prompts = np.array([p for p in df["prompt"] if 20 <= len(p) <= 3000], dtype=object)
        sents = []
        for p in self.prompts:
            for s in re.split(r"(?<=[.?!])\s+", p.replace("\n", " ")):
                if 30 <= len(s) <= 240 and not re.search(r"\{\{|\{%|%\}|\|\|\||\{#", s):
                    sents.append(s.strip())
        self.sents = np.array(sorted(dict.fromkeys(sents)), dtype=object)
        self.templates: dict[str, list[Template]] = {}
        tdir = root / "prompts" / "promptsource-templates"
        for f in sorted(tdir.rglob("templates.yaml")):
            self._note(f)
            ds = str(f.parent.relative_to(tdir))
            for t in self._parse(f, ds):
                if t.static >= 25 and "text" in t.slots and len(t.slots) <= 4:
                    self.templates.setdefault(ds, []).append(t)
        self.datasets = sorted(k for k, v in self.templates.items() if len(v) >= 2)
        asn = root / "ip" / "pyasn" / "ipasn_20140513.dat.gz"
        self._note(asn)
        self._note(root / "ip" / "pyasn" / "asnames.json.gz")
        tab = pd.read_csv(asn, sep="\t", comment=";", header=None, names=["prefix", "asn"], dtype={"prefix": str})
        self.asn_prefixes = tab
        self.names = json.loads(gzip.open(root / "ip" / "pyasn" / "asnames.json.gz").read())
        self.cidr = {}
        for key, rel in (("vpn", "ip/vpn/x4b_vpn_ipv4.txt"), ("dc", "ip/vpn/x4b_datacenter_ipv4.txt"),
                         ("aws", "ip/cloud/amazon/ipv4_merged.txt"), ("gcp", "ip/cloud/google/ipv4_merged.txt"),
                         ("azure", "ip/cloud/microsoft/ipv4_merged.txt"),
                         ("do", "ip/cloud/digitalocean/ipv4_merged.txt"), ("linode", "ip/cloud/linode/ipv4_merged.txt")):
            self._note(root / rel)
            self.cidr[key] = [ln.strip() for ln in (root / rel).read_text().splitlines()
                              if ln.strip() and not ln.startswith("#") and ":" not in ln]
        self._note(root / "ip" / "tor" / "tor-exit-nodes.lst")
        self.tor = sorted({ln.strip() for ln in (root / "ip" / "tor" / "tor-exit-nodes.lst").read_text().splitlines()
                           if re.match(r"^\d+\.\d+\.\d+\.\d+$", ln.strip())})
        self._by_asn: dict[int, list[str]] = {}

    def _note(self, p: Path):
        self.files[str(p.relative_to(self.root))] = _sha(p)

    @staticmethod
    def _parse(f: Path, ds: str) -> list[Template]:
        lines = f.read_text(encoding="utf-8").splitlines()
        out, cur = [], None
        i = 0
        while i < len(lines):
            ln = lines[i]
            if re.match(r"^  \S.*: !Template\s*$", ln):
                cur = {"choices": [], "jinja": "", "name": ""}
                out.append(cur)
            elif cur is not None and ln.startswith("    answer_choices:"):
                block = [ln.split(":", 1)[1]]
                while i + 1 < len(lines) and lines[i + 1].startswith("      "):
                    i += 1
                    block.append(lines[i])
                txt = " ".join(s.strip() for s in block).strip().strip("'\"")
                cur["choices"] = [c.strip() for c in txt.split("|||") if c.strip() and "{" not in c
                                  and c.strip() not in ("null", "~")]
            elif cur is not None and ln.startswith("    jinja:"):
                block = [ln]
                while i + 1 < len(lines) and (lines[i + 1].startswith("      ") or not lines[i + 1].strip()):
                    i += 1
                    block.append(lines[i])
                cur["jinja"] = _yaml_jinja(block)
            elif cur is not None and ln.startswith("    name:"):
                cur["name"] = ln.split(":", 1)[1].strip()
            i += 1
        return [Template(ds, c["name"], c["jinja"], c["choices"]) for c in out if c["jinja"]]

    def prefixes(self, asn: int) -> list[str]:
        if asn not in self._by_asn:
            p = self.asn_prefixes.loc[self.asn_prefixes["asn"] == asn, "prefix"].tolist()
            p = [x for x in p if 12 <= int(x.split("/")[1]) <= 24]
            if not p:
                raise ValueError(f"AS{asn} has no usable prefix in the 2014 table")
            self._by_asn[asn] = sorted(p)
        return self._by_asn[asn]


def _public(a: int) -> bool:
    return ipaddress.IPv4Address(a).is_global


def addrs(rng, cidrs: list[str], k: int) -> list[str]:
    """``k`` public IPv4 host addresses inside the given CIDR blocks (blocks drawn uniformly)."""
    out = []
    while len(out) < k:
        c = ipaddress.IPv4Network(cidrs[int(rng.integers(len(cidrs)))], strict=False)
        if c.num_addresses < 4:
            a = int(c.network_address)
        else:
            a = int(c.network_address) + int(rng.integers(1, c.num_addresses - 1))
        if _public(a) and (a & 255) not in (0, 255):
            out.append(str(ipaddress.IPv4Address(a)))
    return out


# ------------------------------------------------------------------ the world

class World:
    def __init__(self, p, ref: Ref):
        self.p, self.ref = p, ref
        self.rng = np.random.default_rng([p.seed, 36])
        self.D = p.days
        self.accts: list[dict] = []
        self.chunks: list[dict] = []
        self.rings: list[dict] = []
        self.item_ctr = 0
        self.pools: dict = {}
        self.dow = (np.arange(self.D) + START.day_of_week) % 7

    # --- helpers
    def hexid(self, n=14) -> str:
        return "".join("0123456789abcdef"[i] for i in self.rng.integers(0, 16, n))

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def region(self, restrict=None) -> str:
        ks = sorted(restrict or REGION_W)
        w = np.array([REGION_W[k] for k in ks], float)
        return ks[int(self.rng.choice(len(ks), p=w / w.sum()))]

    def pool(self, key, maker):
        if key not in self.pools:
            self.pools[key] = maker()
        return self.pools[key]

    def asn_ips(self, asn, k):
        return addrs(self.rng, self.ref.prefixes(asn), k)

    def home_ip(self, reg):
        return self.asn_ips(self.pick(REGIONS[reg]["home"]), 1)[0]

    def cgnat(self, reg):
        return self.pool(("cgnat", reg), lambda: [a for asn in REGIONS[reg]["mob"] for a in self.asn_ips(asn, 24)])

    def v6(self, prefix: str, k: int = 1) -> list[str]:
        """``k`` addresses in /64s of a provider /32 (``prefix``: its first two groups): a /64 and an interface id
        each."""
        g = self.rng.integers(0, 65536, (k, 6))
        g[:, 2] |= 0x0200                          # a privacy interface id, never all zero
        return [prefix + ":" + ":".join(f"{x:x}" for x in row) for row in g]

    def browser(self):
        return self.pick(BROWSERS).format(v=int(self.rng.integers(128, 134)), m=int(self.rng.integers(0, 6)))

    def sdk(self):
        return self.pick(SDKS).format(m=int(self.rng.integers(0, 9)), v2=int(self.rng.integers(0, 20)))

    def mobile_ua(self):
        return self.pick(MOBILE_UA).format(m=int(self.rng.integers(0, 6)), v2=int(self.rng.integers(0, 9)),
                                           dev=self.pick(["Pixel 8", "SM-S921B", "SM-A546E", "Redmi Note 13"]))

    def company(self) -> str:
        a = ["nor", "vel", "cas", "bri", "tal", "quin", "mar", "lum", "or", "sol", "ter", "fen", "ash", "kel", "dra",
             "pel", "hal", "ro", "sam", "ind"]
        b = ["via", "ex", "ora", "ton", "ley", "mark", "wick", "stone", "field", "line", "path", "core", "works",
             "well", "gate", "ridge", "bay", "ford"]
        return self.pick(a) + self.pick(b) + str(int(self.rng.integers(2, 99)))

    def account(self, cohort, reg, tier, created, group="", ring="", soph="", org="", email=None, pay=None,
                role="member") -> int:
        c = REGIONS[reg]["c"]
        if pay is None:
            pay = "" if tier == "free" else self.pick(["card_", "card_", "card_", "wlt_"]) + self.hexid()
        if tier == "free":
            pay = ""
        self.accts.append(dict(cohort=cohort, region=reg, tier=tier, created=float(created), group=group, ring=ring,
                               soph=soph, org=org, email=email or self.pick(MAIL[c]), pay=pay, role=role, country=c))
        return len(self.accts) - 1

    def old_created(self, lo=20, hi=900):
        return -float(self.rng.uniform(lo, hi)) * 86400

    def emit(self, acc, t, ip, prompt, ua, tok, model):
        n = len(t)
        if n == 0:
            return

        def arr(x, dt=object):
            if isinstance(x, np.ndarray) and len(x) == n:
                return x.astype(dt) if x.dtype != dt else x
            a = np.empty(n, dtype=dt)
            a[:] = x if not isinstance(x, (list, tuple)) else np.array(x, dtype=dt)
            return a
        self.chunks.append(dict(acc=arr(acc, np.int64), t=np.asarray(t, float), ip=arr(ip), prompt=arr(prompt),
                                ua=arr(ua), tok=arr(tok, np.int64), model=arr(model)))

    # --- timing
    def times(self, accs, rate, pday, hours, weekend=1.0, span=900.0, burst=8.0, days=None, dayfac=None):
        """Sessions of ordinary use: each account active on a day with ``pday`` (times ``weekend`` on Sat/Sun),
        Poisson(``rate``) requests then, in sessions starting at local ``hours`` (a 24-weight profile), requests
        ``span`` seconds apart on average. Returns (account index per request, seconds from START)."""
        accs = np.asarray(accs, np.int64)
        n, D = len(accs), self.D
        if n == 0:
            return np.zeros(0, np.int64), np.zeros(0)
        rate = np.broadcast_to(np.asarray(rate, float), (n,))
        pday = np.broadcast_to(np.asarray(pday, float), (n,))
        wk = np.where(self.dow >= 5, weekend, 1.0)
        act = self.rng.random((n, D)) < np.clip(pday[:, None] * wk[None, :], 0, 1)
        if days is not None:
            act &= days
        fac = np.ones(D) if dayfac is None else np.asarray(dayfac, float)
        cnt = self.rng.poisson(rate[:, None] * act * fac[None, :])
        a, d = np.nonzero(cnt)
        c = cnt[a, d]
        ns = np.minimum(1 + self.rng.poisson(c / burst), c)
        so = np.repeat(np.arange(len(a)), ns)
        h = np.asarray(hours, float)
        off = np.array([REGIONS[self.accts[i]["region"]]["off"] for i in accs], float)
        hr = self.rng.choice(24, p=h / h.sum(), size=len(so))
        centre = d[so] * 86400.0 + hr * 3600 + self.rng.random(len(so)) * 3600 - off[a[so]] * 60
        eo = np.repeat(np.arange(len(a)), c)
        first = np.cumsum(ns) - ns
        k = first[eo] + (self.rng.random(len(eo)) * ns[eo]).astype(np.int64)
        t = centre[k] + self.rng.exponential(span, len(eo)) * self.rng.random(len(eo)) * 2
        return accs[a[eo]], t

    def work_days(self, n, wd, lo=0, hi=None):
        """An (n, D) mask of each ring account's working days (about ``wd`` of the days lo..hi)."""
        hi = self.D if hi is None else hi
        m = np.zeros((n, self.D), bool)
        span = max(hi - lo, 1)
        for i in range(n):
            k = int(np.clip(self.rng.poisson(wd), 1, span))
            m[i, lo + self.rng.choice(span, k, replace=False)] = True
        return m

    def harvest(self, accs, mask, per_day, start_h, length_h, local=True):
        """Harvest runs: on each working day an account sends ``per_day`` requests spread over ``length_h`` hours from
        ``start_h`` (local hour, or UTC with ``local=False``). Returns (account index, seconds from START)."""
        accs = np.asarray(accs, np.int64)
        a, d = np.nonzero(mask)
        c = self.rng.poisson(np.asarray(per_day, float)[a])
        st = np.asarray(start_h, float)[a] * 3600 + self.rng.uniform(-1800, 1800, len(a))
        if local:
            off = np.array([REGIONS[self.accts[i]["region"]]["off"] for i in accs], float)[a]
            st = st - off * 60
        ln = np.asarray(length_h, float)[a] * 3600
        eo = np.repeat(np.arange(len(a)), c)
        t = d[eo] * 86400.0 + st[eo] + self.rng.random(len(eo)) * ln[eo]
        return accs[a[eo]], t

    def items(self, n):
        """``n`` fresh item numbers (a harvest never asks an item twice within the world)."""
        x = np.arange(self.item_ctr, self.item_ctr + n)
        self.item_ctr += n
        return x


PERSONAL = [1, .5, .3, .2, .2, .3, .6, 1.2, 2, 2.4, 2.6, 2.6, 2.8, 2.6, 2.4, 2.4, 2.6, 2.8, 3, 3.4, 3.6, 3.2, 2.4, 1.6]
OFFICE = [0, 0, 0, 0, 0, 0, .1, .6, 2.5, 4, 4, 3.5, 2.5, 3.5, 4, 4, 3.5, 2, .7, .2, .1, 0, 0, 0]
FLAT = [1] * 24
EVENING = [.4, .2, .1, 0, 0, 0, .2, .5, .6, .5, .5, .8, 1, .8, .6, .6, .8, 1.5, 2.5, 3.5, 4, 3.5, 2.5, 1.2]
CLINIC = [.3, .3, .2, .2, .3, .6, 1.5, 3.5, 4.5, 4.5, 4, 3.5, 3, 4, 4.5, 4, 3.5, 2.5, 1.5, 1, .8, .6, .5, .4]


def tier(w, probs: dict) -> str:
    ks = sorted(probs)
    pr = np.array([probs[k] for k in ks], float)
    return ks[int(w.rng.choice(len(ks), p=pr / pr.sum()))]


def heavy_tail(w, k, lo, hi, alpha=1.5):
    """``k`` group sizes from a Pareto tail between lo and hi."""
    return np.clip((lo * (1 + w.rng.pareto(alpha, k))).astype(int), lo, hi)


def lognorm(w, n, median, sigma=1.0):
    return median * np.exp(sigma * w.rng.standard_normal(n))


def tokens(w, n, median, sigma=.7, cap=16384):
    return np.clip(lognorm(w, n, median, sigma), 1, cap).astype(np.int64)


def choose_models(w, n, p):
    return np.array(MODELS, dtype=object)[w.rng.choice(4, size=n, p=np.array(p) / np.sum(p))]


def chat_prompts(w, n, para=.35):
    """Ordinary chat: real awesome-chatgpt prompts whole, or a sentence or two of them."""
    P, S = w.ref.prompts, w.ref.sents
    whole = w.rng.random(n) < (1 - para)
    out = np.empty(n, dtype=object)
    out[whole] = P[w.rng.integers(0, len(P), whole.sum())]
    k = (~whole).sum()
    out[~whole] = S[w.rng.integers(0, len(S), k)]
    return out


def fill_template(w, tmpl: str, n, k=1):
    S = w.ref.sents
    idx = w.rng.integers(0, len(S), (n, k))
    return np.array([tmpl.format(*[S[j] for j in row]) for row in idx], dtype=object)


# ------------------------------------------------------------------ benign cohorts

def b_hobbyist(w, k):
    accs = [w.account("hobbyist", w.region(), tier(w, {"free": .75, "starter": .2, "pro": .05}), w.old_created())
            for _ in range(k)]
    homes = {a: w.home_ip(w.accts[a]["region"]) for a in accs}
    a, t = w.times(accs, lognorm(w, k, 3, .9), w.rng.uniform(.1, .5, k), PERSONAL, span=400)
    pr = chat_prompts(w, len(t))
    img = w.rng.random(len(t)) < .03       # a photo with a generic question, as the apps send it
    pr[img] = [json.dumps([{"role": "user", "content": [{"type": "text", "text": "What is in this picture?"},
                                                       {"type": "image_url", "image_url": {"url": f"https://files.meridian.example/u/{w.hexid(16)}.jpg"}}]}])
               for _ in range(img.sum())]
    phone = w.rng.random(len(t)) < .25
    ip = np.array([homes[x] for x in a], dtype=object)
    regs = [w.accts[x]["region"] for x in a]
    ip[phone] = [w.pick(w.cgnat(regs[i])) for i in np.nonzero(phone)[0]]
    ua_of = {x: w.browser() for x in accs}
    ua = np.array([ua_of[x] for x in a], dtype=object)
    ua[phone] = w.mobile_ua()
    mdl = choose_models(w, len(t), [5, 4, 1, .2])
    mdl[img] = "md-3-vision"
    w.emit(a, t, ip, pr, ua, tokens(w, len(t), 380), mdl)


def b_household(w, k):
    done = 0
    while done < k:
        n = min(int(w.rng.integers(2, 6)), k - done)
        reg = w.region()
        g = f"hh_{w.hexid(8)}"
        card = "card_" + w.hexid()
        home, v6 = w.home_ip(reg), w.rng.random() < .4
        accs = [w.account("household", reg, tier(w, {"free": .5, "starter": .4, "pro": .1}), w.old_created(),
                          group=g, pay=card) for _ in range(n)]
        a, t = w.times(accs, lognorm(w, n, 3, .8), w.rng.uniform(.15, .5, n), EVENING, span=500)
        ip = np.full(len(t), home, dtype=object)
        if v6:                                     # the home /64, a privacy interface id per day
            pre = w.v6(HOME_V6[reg])[0].rsplit(":", 4)[0]
            daily = [f"{pre}:{w.hexid(4)}:{w.hexid(4)}:{w.hexid(4)}:{w.hexid(4)}" for _ in range(w.D)]
            six = w.rng.random(len(t)) < .5
            ip[six] = [daily[int(np.clip(x // 86400, 0, w.D - 1))] for x in t[six]]
        ua = np.array([w.browser() for _ in accs], dtype=object)[np.searchsorted(accs, a)]
        w.emit(a, t, ip, chat_prompts(w, len(t)), ua, tokens(w, len(t), 350), choose_models(w, len(t), [5, 4, 1, .2]))
        done += n


def b_office(w, k):
    sizes = []
    while sum(sizes) < k:
        sizes.append(int(min(heavy_tail(w, 1, 3, 200)[0], k - sum(sizes))))
    for n in sizes:
        reg = w.region()
        name = w.company()
        dom = f"{name}.com"
        asn = w.pick(REGIONS[reg]["biz"])
        nat = w.asn_ips(asn, int(w.rng.integers(1, 4)))
        inv = "inv_" + w.hexid() if w.rng.random() < .6 else None
        accs = [w.account("office_nat", reg, tier(w, {"starter": .3, "pro": .5, "team": .2}), w.old_created(),
                          group=f"org_{name}", org=f"org_{name}", email=dom, pay=inv) for _ in range(n)]
        a, t = w.times(accs, lognorm(w, n, 5, .9), w.rng.uniform(.3, .8, n), OFFICE, weekend=.05, span=600)
        pr = chat_prompts(w, len(t))
        wrap = w.rng.random(len(t)) < .4
        pr[wrap] = fill_template(w, f"[{name} assistant] Company style: concise, cite internal policy where relevant.\n\n{{}}", wrap.sum())
        ip = np.array(nat, dtype=object)[w.rng.integers(0, len(nat), len(t))]
        w.emit(a, t, ip, pr, w.browser(), tokens(w, len(t), 420), choose_models(w, len(t), [5, 3, 1.5, .3]))


def b_campus(w, k):
    unis = [(reg, asn) for reg in sorted(REGIONS) for asn in REGIONS[reg]["uni"]]
    doms = {3: "mit.edu", 36375: "umich.edu", 32: "stanford.edu", 25: "berkeley.edu", 786: "ox.ac.uk", 680: "tum.de"}
    done = 0
    while done < k:
        n = min(int(w.rng.integers(30, 300)), k - done)
        reg, asn = w.pick(unis)
        nat = w.pool(("uni", asn), lambda: w.asn_ips(asn, 8))
        accs = [w.account("campus", reg, tier(w, {"free": .7, "starter": .3}), w.old_created(10, 700),
                          group=f"uni_{asn}", email=doms[asn]) for _ in range(n)]
        a, t = w.times(accs, lognorm(w, n, 4, .8), w.rng.uniform(.15, .5, n), PERSONAL, span=500)
        pr = chat_prompts(w, len(t))
        hw = w.rng.random(len(t)) < .1
        ts = w.ref.templates[w.ref.datasets[asn % len(w.ref.datasets)]]
        pr[hw] = [ts[i % len(ts)].render(w.ref.sents, int(i)) for i in w.rng.integers(0, 500, hw.sum())]
        ip = np.array(nat, dtype=object)[w.rng.integers(0, len(nat), len(t))]
        away = w.rng.random(len(t)) < .3
        ip[away] = [w.home_ip(reg) for _ in range(away.sum())]
        w.emit(a, t, ip, pr, w.browser(), tokens(w, len(t), 400), choose_models(w, len(t), [5, 4, 1, .2]))
        done += n


def b_mobile(w, k):
    accs = [w.account("carrier_mobile", w.region(), tier(w, {"free": .8, "starter": .2}), w.old_created())
            for _ in range(k)]
    a, t = w.times(accs, lognorm(w, k, 3, .8), w.rng.uniform(.2, .6, k), PERSONAL, span=300)
    regs = np.array([w.accts[x]["region"] for x in a], dtype=object)
    ip = np.array([w.pick(w.cgnat(r)) for r in regs], dtype=object)
    v6acc = {x: w.rng.random() < .45 for x in accs}      # a new /64 for the phone every day
    v6 = np.array([v6acc[x] for x in a], bool)
    day = np.clip(t // 86400, 0, w.D - 1).astype(int)
    cache = {}
    ip[v6] = [cache.setdefault((x, d), w.v6(MOB_V6[r])[0]) for x, d, r in zip(a[v6], day[v6], regs[v6])]
    ua_of = {x: w.mobile_ua() for x in accs}
    w.emit(a, t, ip, chat_prompts(w, len(t), .6), np.array([ua_of[x] for x in a], dtype=object),
           tokens(w, len(t), 250), choose_models(w, len(t), [3, 6, .5, .5]))


def b_vpn(w, k):
    exits = w.pool("vpn", lambda: addrs(w.rng, w.ref.cidr["vpn"], 60))
    accs = [w.account("vpn_user", w.region(), tier(w, {"free": .5, "starter": .4, "pro": .1}), w.old_created())
            for _ in range(k)]
    a, t = w.times(accs, lognorm(w, k, 3, .8), w.rng.uniform(.1, .5, k), PERSONAL, span=500)
    ip = np.array(exits, dtype=object)[w.rng.integers(0, len(exits), len(t))]
    tor = w.rng.random(len(t)) < .1
    ip[tor] = np.array(w.ref.tor, dtype=object)[w.rng.integers(0, len(w.ref.tor), tor.sum())]
    ua_of = {x: w.browser() for x in accs}
    w.emit(a, t, ip, chat_prompts(w, len(t)), np.array([ua_of[x] for x in a], dtype=object), tokens(w, len(t), 380),
           choose_models(w, len(t), [5, 4, 1, .2]))


def b_indie(w, k):
    for _ in range(k):
        reg = w.region()
        a_ = w.account("indie_dev", reg, tier(w, {"starter": .7, "pro": .3}), w.old_created())
        vm = addrs(w.rng, w.ref.cidr[w.pick(["aws", "do", "linode", "gcp"])], 1)[0]
        tmpl = w.pick(["Summarise this customer review in one sentence: {}", "Write a tweet about: {}",
                       "Classify the sentiment (positive/negative/neutral): {}", "Suggest three tags for: {}",
                       "Rewrite more politely: {}", "Translate to Spanish: {}"])
        a, t = w.times([a_], lognorm(w, 1, 6, 1), .5, FLAT, span=200)
        pr = fill_template(w, tmpl, len(t))
        home = w.rng.random(len(t)) < .2
        pr[home] = chat_prompts(w, home.sum())
        ip = np.full(len(t), vm, dtype=object)
        ip[home] = w.home_ip(reg)
        w.emit(a, t, ip, pr, w.sdk(), tokens(w, len(t), 200), choose_models(w, len(t), [3, 6, .5, 0]))


def b_heavy(w, k):
    done = 0
    while done < k:
        n = min(int(w.rng.integers(1, 4)), k - done)
        reg = w.region(["us_e", "us_w", "uk", "de", "jp", "sg"])
        name = w.company()
        vms = addrs(w.rng, w.ref.cidr[w.pick(["aws", "gcp", "azure"])], int(w.rng.integers(2, 6)))
        inv = "inv_" + w.hexid()
        tmpl = w.pick(["Extract the order number, product and complaint from this support email as JSON: {}",
                       "You are {}'s shopping assistant. Answer the customer's question briefly: {{}}".format(name),
                       "Generate a product description for an online store listing. Notes: {}",
                       "Moderate this user post; answer ALLOW or BLOCK with a reason: {}"])
        accs = [w.account("heavy_app", reg, tier(w, {"team": .6, "enterprise": .4}), w.old_created(100, 900),
                          group=f"app_{name}", org=f"org_{name}", email=f"{name}.io", pay=inv) for _ in range(n)]
        a, t = w.times(accs, lognorm(w, n, 300, .9), .97, FLAT, span=60, burst=40)
        ip = np.array(vms, dtype=object)[w.rng.integers(0, len(vms), len(t))]
        w.emit(a, t, ip, fill_template(w, tmpl.replace("{{}}", "{}"), len(t)), f"meridian-python/2.{int(w.rng.integers(3, 9))}.0",
               tokens(w, len(t), 180), choose_models(w, len(t), [2, 8, 0, 0]))
        done += n


# --- the new benign look-alikes

def b_clinical(w, k):
    """Hospital groups' clinicians using the EHR-embedded scribe: one wrapper prompt, one plugin user agent and the
    health network's few egress addresses across every hospital of the network; each hospital its own org and
    invoice; clinic hours with night shifts."""
    nets = sorted(HEALTH)
    egress = {h: w.pool(("health", h), lambda h=h: w.asn_ips(HEALTH[h][0], int(w.rng.integers(2, 5)))) for h in nets}
    ua = {h: SCRIBE_UA.format(m=int(w.rng.integers(0, 4))) for h in nets}
    done = 0
    while done < k:
        n = min(int(heavy_tail(w, 1, 8, 150, 1.2)[0]), k - done)
        h = w.pick(nets)
        asn, reg = HEALTH[h]
        hosp = f"hosp_{h}_{w.hexid(5)}"
        inv = "inv_" + w.hexid()
        accs = [w.account("clinical_scribe", reg, "team", w.old_created(30, 500), group=hosp, org=hosp,
                          email=f"{h}health.org", pay=inv) for _ in range(n)]
        a, t = w.times(accs, lognorm(w, n, 9, .6), w.rng.uniform(.4, .8, n), CLINIC, weekend=.35, span=500)
        pr = fill_template(w, "You are a clinical documentation assistant. Draft a SOAP note (Subjective, Objective, "
                              "Assessment, Plan) from this encounter transcript. Do not invent findings.\n\n"
                              "Transcript: {} {}", len(t), 2)
        own = w.rng.random(len(t)) < .1
        pr[own] = chat_prompts(w, own.sum())
        ip = np.array(egress[h], dtype=object)[w.rng.integers(0, len(egress[h]), len(t))]
        w.emit(a, t, ip, pr, ua[h], tokens(w, len(t), 450, .4), choose_models(w, len(t), [8, 2, 0, 0]))
        done += n


def b_tax(w, k):
    """A tax-preparation franchise's seasonal preparers: fresh accounts opened in the training week at the start of
    the window, each office on its storefront line and its own card, the franchise desk software's prompt; volume
    surges when e-filing opens (26 January)."""
    done = 0
    opening = (pd.Timestamp("2026-01-26T00:00:00Z") - START).days
    while done < k:
        n = min(int(w.rng.integers(3, 13)), k - done)
        reg = w.pick(["us_e", "us_e", "us_c", "us_w"])
        office = f"ledgerlane_{w.hexid(6)}"
        card = "card_" + w.hexid()
        line = w.home_ip(reg)
        hire = float(w.rng.uniform(0, 4)) * 86400
        accs = [w.account("tax_season", reg, "starter", hire + float(w.rng.uniform(0, 8)) * 3600, group=office,
                          email="ledgerlanetax.com", pay=card) for _ in range(n)]
        days = np.zeros((n, w.D), bool)
        days[:, int(hire // 86400):] = True
        a, t = w.times(accs, lognorm(w, n, 4, .4), .75, OFFICE, weekend=.6, span=700, days=days,
                       dayfac=np.where(np.arange(w.D) >= opening, 6.0, 1.0))
        pr = fill_template(w, "LedgerLane Desk | Explain to the client in plain language how this item affects their "
                              "2025 return, and list the documents they still need to bring: {}", len(t))
        w.emit(a, t, line, pr, TAX_UA, tokens(w, len(t), 300, .5), "md-3")
        done += n


def b_ediscovery(w, k):
    """E-discovery review vendors: contract reviewers on a document-review project, one privilege-review prompt, the
    vendor's VDI egress, ten-hour shifts seven days a week, each document reviewed once (dealt from the queue)."""
    vendors = sorted(VDI)
    done = 0
    while done < k:
        n = min(int(w.rng.integers(20, 121)), k - done)
        v = w.pick(vendors)
        egress = w.pool(("vdi", v), lambda v=v: w.asn_ips(VDI[v], 2))
        reg = w.pick(["us_e", "us_e", "us_c", "uk"])
        matter = f"matter_{v}_{w.hexid(5)}"
        inv = "inv_" + w.hexid()
        accs = [w.account("ediscovery_review", reg, "team", -float(w.rng.uniform(2, 40)) * 86400, group=matter,
                          org=matter, email=f"{v}-review.com", pay=inv) for _ in range(n)]
        hrs = [0] * 7 + [3] * 10 + [1] * 3 + [0] * 4
        a, t = w.times(accs, lognorm(w, n, 30, .4), .6, hrs, weekend=.8, span=120, burst=30)
        order = np.argsort(t, kind="stable")
        docs = np.empty(len(t), np.int64)
        docs[order] = w.items(len(t))
        S = w.ref.sents
        pr = np.array([f"Privilege review. Does this document contain attorney-client privileged communication or "
                       f"attorney work product? Answer PRIVILEGED, NOT PRIVILEGED or PARTIAL, then give a one-line "
                       f"basis for the privilege log.\n\nDOC-{d:08d}: {S[d % len(S)]} {S[(d * 31 + 7) % len(S)]}"
                       for d in docs], dtype=object)
        ip = np.array(egress, dtype=object)[w.rng.integers(0, 2, len(t))]
        w.emit(a, t, ip, pr, REVIEW_UA, tokens(w, len(t), 60, .5), "md-3")
        done += n


def b_shared_hosting(w, k):
    """Small businesses' own apps (own template, card and product) hosted at one of three shared web hosts: every
    site of a server leaves from that server's address, with the same PHP HTTP client build."""
    hosts = sorted(HOSTS)
    for _ in range(k):
        h = w.pick(hosts)
        servers = w.pool(("host", h), lambda h=h: w.asn_ips(HOSTS[h], 25))
        reg = w.pick(["us_e", "us_w", "us_c", "uk", "de", "in", "au"])
        name = w.company()
        a_ = w.account("shared_hosting", reg, tier(w, {"starter": .8, "pro": .2}), w.old_created(30, 1200),
                       email=f"{name}.com")
        tmpl = w.pick(["Write a friendly 80-word product blurb for our shop. Product notes: {}",
                       "Answer this visitor question for our FAQ page in two sentences: {}",
                       "Write an SEO meta description (max 155 characters) for a page about: {}",
                       "Summarise this blog comment and suggest a polite reply: {}",
                       "Create three catchy headlines for a newsletter about: {}"])
        srv = w.pick(servers)
        a, t = w.times([a_], lognorm(w, 1, 6, 1), .5, PERSONAL, span=300, burst=10)
        w.emit(a, t, srv, fill_template(w, tmpl, len(t)), PHP_UA.format(m=int(w.rng.integers(20, 31))),
               tokens(w, len(t), 180), "md-3-mini")


def b_migration(w, k):
    """Companies moving their staff from legacy personal-card accounts to SSO-provisioned organisation accounts on a
    migration day: the old accounts stop that day, new ones are created in a burst and carry on (same office NAT,
    templates, people)."""
    done = 0
    while done < k:
        half = min(int(w.rng.integers(4, 31)), (k - done) // 2)
        if half < 2:
            b_hobbyist(w, k - done)
            return
        reg = w.region(["us_e", "us_w", "uk", "de", "in", "sg", "au"])
        name = w.company()
        nat = w.asn_ips(w.pick(REGIONS[reg]["biz"]), 2)
        day = int(w.rng.integers(max(2, w.D // 4), max(3, (3 * w.D) // 4)))
        inv = "inv_" + w.hexid()
        g = f"org_{name}"
        old = [w.account("org_migration", reg, "pro", w.old_created(60, 600), group=g, email=f"{name}.com",
                         role="legacy_account") for _ in range(half)]
        cut = day * 86400.0 + (9 * 60 - REGIONS[reg]["off"]) * 60 + float(w.rng.uniform(0, 3600))
        new = [w.account("org_migration", reg, "team", cut + float(w.rng.uniform(-3600, 1800)), group=g, org=g,
                         email=f"{name}.com", pay=inv, role="sso_account") for _ in range(half)]
        tmpl = f"[{name} copilot] Follow the {name} writing guide. Task: {{}}"
        rate = lognorm(w, half, 6, .7)
        pday = w.rng.uniform(.4, .8, half)
        for accs, lo, hi in ((old, 0, day + 1), (new, day, w.D)):
            m = np.zeros((half, w.D), bool)
            m[:, lo:hi] = True
            a, t = w.times(accs, rate, pday, OFFICE, weekend=.05, span=600, days=m)
            keep = (t < cut) if accs is old else (t >= cut)
            a, t = a[keep], t[keep]
            pr = fill_template(w, tmpl, len(t))
            cc = w.rng.random(len(t)) < .5
            pr[cc] = chat_prompts(w, cc.sum())
            ip = np.array(nat, dtype=object)[w.rng.integers(0, 2, len(t))]
            w.emit(a, t, ip, pr, w.browser(), tokens(w, len(t), 400), choose_models(w, len(t), [5, 3, 1, 0]))
        done += 2 * half


def b_monitor(w, k):
    """Uptime monitoring: unrelated companies' synthetic checks run by one monitoring vendor, every 10 to 30 minutes
    from the vendor's eight probe locations (shared by all its customers), a fixed check prompt, one-word answers."""
    probes = w.pool("probes", lambda: addrs(w.rng, w.ref.cidr["aws"], 5) + addrs(w.rng, w.ref.cidr["gcp"], 3))
    for _ in range(k):
        reg = w.region(["us_e", "us_w", "uk", "de", "sg", "au", "jp"])
        name = w.company()
        a_ = w.account("synthetic_monitor", reg, "starter", w.old_created(30, 700), group="", org=f"org_{name}",
                       email=f"{name}.io")
        every = float(w.pick([600, 900, 1200, 1800]))
        phase = float(w.rng.uniform(0, every))
        t = np.arange(phase, w.D * 86400, every) + w.rng.uniform(0, 4, int(np.ceil((w.D * 86400 - phase) / every)))
        t = t[t < w.D * 86400]
        check = w.pick(["Reply with the single word OK.", "Health check: answer 'pong'.",
                        f"{name} synthetic check: what is 2+2? Answer with a number only."])
        ip = np.array(probes, dtype=object)[np.arange(len(t)) % len(probes)]
        w.emit(np.full(len(t), a_), t, ip, check, MONITOR_UA, w.rng.integers(1, 3, len(t)), "md-3-mini")


def b_citizen(w, k):
    """Citizen-science transcription: volunteers of two projects worldwide, each with their own account and home,
    send the project's transcription prompt over pages the project platform deals out (no page twice)."""
    projects = [("shiplogs", "Transcribe and normalise this 19th-century ship's log entry (date, position, wind, "
                             "weather, remarks). Keep original spellings in brackets.\n\nEntry: {}"),
                ("herbaria", "Read this herbarium specimen label and return collector, date, locality and taxon "
                             "as JSON.\n\nLabel text: {}")]
    accs = {}
    for i in range(k):
        pj = projects[i % 2][0]
        accs.setdefault(pj, []).append(w.account("citizen_science", w.region(),
                                                 tier(w, {"free": .85, "starter": .15}), w.old_created(5, 800),
                                                 group=f"project_{pj}"))
    S = w.ref.sents
    for pj, tmpl in projects:
        ac = accs.get(pj, [])
        if not ac:
            continue
        a, t = w.times(ac, lognorm(w, len(ac), 8, .7), w.rng.uniform(.1, .4, len(ac)), EVENING, weekend=2,
                       span=90, burst=40)
        pages = w.items(len(t))
        pr = np.array([tmpl.format(f"[p{x}] {S[(x * 17) % len(S)]}") for x in pages], dtype=object)
        homes = {x: w.home_ip(w.accts[x]["region"]) for x in ac}
        w.emit(a, t, np.array([homes[x] for x in a], dtype=object), pr, w.browser(), tokens(w, len(t), 120, .4),
               "md-3-mini")


def proxy_market(w):
    """The residential proxy marketplace's exit pool: home addresses of many countries' ISPs."""
    def make():
        out = []
        for reg in sorted(REGIONS):
            for asn in REGIONS[reg]["home"]:
                out += w.asn_ips(asn, 40)
        return out
    return w.pool("proxymarket", make)


def b_price(w, k):
    """Price-monitoring and SEO firms whose extraction workers reach the API through a residential proxy marketplace
    (a new exit per session), extracting prices and attributes from product pages around the clock."""
    exits = proxy_market(w)
    done = 0
    while done < k:
        n = min(int(w.rng.integers(1, 5)), k - done)
        reg = w.region(["us_e", "us_w", "uk", "de", "in", "br"])
        name = w.company()
        inv = "inv_" + w.hexid()
        accs = [w.account("price_scraper", reg, "pro", w.old_created(30, 800), group=f"org_{name}",
                          org=f"org_{name}", email=f"{name}-data.com", pay=inv) for _ in range(n)]
        a, t = w.times(accs, lognorm(w, n, 80, .5), .9, FLAT, span=30, burst=25)
        sess = (t // 600).astype(np.int64) * 7 + a
        _, inv_idx = np.unique(sess, return_inverse=True)
        pick = w.rng.integers(0, len(exits), inv_idx.max() + 1 if len(t) else 0)
        ip = np.array(exits, dtype=object)[pick[inv_idx]] if len(t) else np.zeros(0, object)
        w.emit(a, t, ip, fill_template(w, "Extract product name, price, currency and stock status from this "
                                          "listing text as JSON: {}", len(t)), "python-httpx/0.27.2",
               tokens(w, len(t), 60, .3), "md-3-mini")
        done += n


BENIGN_SHARES = {
    "hobbyist": .12, "household": .10, "office_nat": .15, "campus": .07, "carrier_mobile": .07, "vpn_user": .03,
    "indie_dev": .025, "heavy_app": .001,
    "clinical_scribe": .08, "tax_season": .05, "ediscovery_review": .025, "shared_hosting": .05, "org_migration": .05,
    "synthetic_monitor": .004, "citizen_science": .06, "price_scraper": .004,
}
BENIGN_FN = {"hobbyist": b_hobbyist, "household": b_household, "office_nat": b_office, "campus": b_campus,
             "carrier_mobile": b_mobile, "vpn_user": b_vpn, "indie_dev": b_indie, "heavy_app": b_heavy,
             "clinical_scribe": b_clinical, "tax_season": b_tax, "ediscovery_review": b_ediscovery,
             "shared_hosting": b_shared_hosting, "org_migration": b_migration, "synthetic_monitor": b_monitor,
             "citizen_science": b_citizen, "price_scraper": b_price}
NEW_BENIGN = ["clinical_scribe", "tax_season", "ediscovery_review", "shared_hosting", "org_migration",
              "synthetic_monitor", "citizen_science", "price_scraper"]


# ------------------------------------------------------------------ rings

RING_KINDS = ["card_pool", "cot_harvest", "logit_probe", "hydra_reseller", "phoenix", "skill_split", "proxy_market",
              "image_smuggle", "preference_judge", "sample_fanout", "hosting_stowaway"]
SOPH = {"card_pool": "crude", "cot_harvest": "crude", "logit_probe": "crude", "hydra_reseller": "careful",
        "phoenix": "careful", "proxy_market": "careful", "skill_split": "mid", "image_smuggle": "mid",
        "preference_judge": "mid", "sample_fanout": "mid", "hosting_stowaway": "mid"}
SIGNALS = {
    "card_pool": ["1-2 shared cards", "sign-up burst within three hours", "4-6 datacenter addresses", "one dataset",
                  "python-requests user agent", "flat 24 h traffic"],
    "cot_harvest": ["chain-of-thought suffix on every request", "reasoning model, long outputs", "2-3 hosting addresses",
                    "one dataset"],
    "logit_probe": ["one dataset's multiple-choice templates", "one or two output tokens per answer",
                    "cloud VMs of one provider", "one pinned SDK build"],
    "hydra_reseller": ["the relay pool's addresses", "the relay's user agent on 80 % of requests",
                       "three datasets, chain-of-thought on half", "sign-up waves"],
    "phoenix": ["the same templates and item stream before and after the ban", "a generation change within a day"],
    "skill_split": ["one VPS provider", "one start day", "harvest hours"],
    "proxy_market": ["two datasets' templates", "exits of one proxy marketplace"],
    "image_smuggle": ["vision model on every request", "three generic instructions over unique images"],
    "preference_judge": ["the pairwise-judgement wrapper", "two cloud VMs per account", "one dataset's questions"],
    "sample_fanout": ["the same item from 4-8 accounts within ten minutes", "one or two datasets"],
    "hosting_stowaway": ["one or two datasets' templates", "the shared host's server addresses"],
}
EVASIONS = {
    "card_pool": ["none to speak of"],
    "cot_harvest": ["own cards"],
    "logit_probe": ["*new*: answers of one or two tokens keep the token volume (and cost) of a busy harvest tiny"],
    "hydra_reseller": ["resold ordinary chat mixed in (40-65 %)", "own payments across card, wallet and virtual card",
                       "6-10 relay exits per account"],
    "phoenix": ["*new*: after a ban wave the whole ring stops within the hour and comes back within a day under new "
                "accounts, a new hosting provider, new cards and a new SDK build, continuing the same item stream"],
    "skill_split": ["*new*: work split by capability: each sub-team harvests its own dataset with its own user agent "
                    "and its own /24, so no template or address spans the ring"],
    "proxy_market": ["*new*: a residential exit per session rented from a proxy marketplace whose exits are shared with "
                     "benign price-monitoring scrapers", "browser user agents", "own cards"],
    "image_smuggle": ["*new*: items sent as images with a generic instruction (content parts), so the prompt text "
                      "is what ordinary photo questions look like", "each account one static home address"],
    "preference_judge": ["*invented*: reward-model harvest disguised as LLM-as-judge evaluation (pairwise "
                         "comparisons of two candidate answers)"],
    "sample_fanout": ["*new*: self-consistency sampling: every item is sent by several accounts (each its own "
                      "business line and SDK), so no account repeats a prompt"],
    "hosting_stowaway": ["*invented*: accounts posing as small shops on the shared web hosts: the hosts' server "
                         "addresses and PHP client build, own shop domains and cards"],
}


def ring_frac(w, n):
    """Each ring account's share of the starter plan's daily limit on the days it works: most a sizeable share,
    a quarter quieter."""
    busy = w.rng.random(n) < .75
    return np.where(busy, w.rng.uniform(.35, .9, n), w.rng.uniform(.08, .3, n))


def ring_accounts(w, r, n, regions=None, tiers=None, created=None, pay=None, email=None):
    out = []
    for i in range(n):
        reg = w.region(regions)
        c = created[i] if created is not None else w.old_created(5, 120)
        p = pay[i] if pay is not None else w.pick(["card_", "card_", "vcc_", "wlt_"]) + w.hexid()
        out.append(w.account(r["kind"], reg, tier(w, tiers or {"starter": .8, "pro": .2}), c, group=r["ring_id"],
                             ring=r["ring_id"], soph=r["sophistication"], pay=p,
                             email=email[i] if email is not None else None))
    return np.array(out, np.int64)


def ring_templates(w, ndata=1, per=2):
    ds = [w.ref.datasets[i] for i in w.rng.choice(len(w.ref.datasets), ndata, replace=False)]
    out = []
    for d in ds:
        ts = w.ref.templates[d]
        out += [ts[i] for i in w.rng.choice(len(ts), min(per, len(ts)), replace=False)]
    return out, ds


def harvest_prompts(w, t, tmpls, cot=0.0, suffix=""):
    """Prompts of a harvest in time order: fresh items (never twice), one of the ring's templates each."""
    n = len(t)
    order = np.argsort(t, kind="stable")
    items = np.empty(n, np.int64)
    items[order] = w.items(n)
    ti = w.rng.integers(0, len(tmpls), n)
    S = w.ref.sents
    pr = np.array([tmpls[j].render(S, int(x)) + suffix for j, x in zip(ti, items)], dtype=object)
    if cot:
        c = w.rng.random(n) < cot
        cs = w.rng.integers(0, len(COT), c.sum())
        pr[c] = [p + COT[j] for p, j in zip(pr[c], cs)]
    return pr


def k_card_pool(w, r):
    n = r["size"]
    cards = ["card_" + w.hexid() for _ in range(int(w.rng.integers(1, 3)))]
    t0 = -float(w.rng.uniform(1, 10)) * 86400
    accs = ring_accounts(w, r, n, created=t0 + w.rng.uniform(0, 3 * 3600, n), pay=[w.pick(cards) for _ in range(n)])
    dc = addrs(w.rng, w.ref.cidr["dc"], int(w.rng.integers(4, 7)))
    tm, r["datasets"] = ring_templates(w, 1, 3)
    a, t = w.harvest(accs, w.work_days(n, r["wd"]), ring_frac(w, n) * 1000, np.zeros(n), np.full(n, 24.0), local=False)
    ip = np.array(dc, dtype=object)[w.rng.integers(0, len(dc), len(t))]
    w.emit(a, t, ip, harvest_prompts(w, t, tm), "python-requests/2.31.0", tokens(w, len(t), 300), "md-3")


def k_cot(w, r):
    n = r["size"]
    accs = ring_accounts(w, r, n)
    hv = addrs(w.rng, w.ref.prefixes(HOSTING_V[w.pick(["hetzner", "ovh"])]), int(w.rng.integers(2, 4)))
    tm, r["datasets"] = ring_templates(w, 1, 2)
    a, t = w.harvest(accs, w.work_days(n, r["wd"]), ring_frac(w, n) * 1000, w.rng.uniform(0, 8, n),
                     w.rng.uniform(10, 16, n), local=False)
    ip = np.array(hv, dtype=object)[w.rng.integers(0, len(hv), len(t))]
    w.emit(a, t, ip, harvest_prompts(w, t, tm, cot=1.0), w.sdk(), tokens(w, len(t), 1500, .5), "md-3-reason")


def k_logit(w, r):
    n = r["size"]
    accs = ring_accounts(w, r, n, pay=["vcc_" + w.hexid() for _ in range(n)])
    vms = addrs(w.rng, w.ref.cidr["aws"], max(2, n // 2))
    mine = {a: w.pick(vms) for a in accs}
    tm, r["datasets"] = ring_templates(w, 1, 3)
    a, t = w.harvest(accs, w.work_days(n, r["wd"]), w.rng.uniform(.6, .95, n) * 1000, w.rng.uniform(0, 24, n),
                     w.rng.uniform(14, 20, n), local=False)
    w.emit(a, t, np.array([mine[x] for x in a], dtype=object),
           harvest_prompts(w, t, tm, suffix="\nAnswer with only the letter or label of the correct option, nothing else."),
           "meridian-python/2.6.1", w.rng.integers(1, 3, len(t)), "md-3")


def k_hydra(w, r):
    n = r["size"]
    relay = w.pool(("relay", r["ring_id"]), lambda: addrs(w.rng, w.ref.cidr["dc"], max(12, min(150, n // 6))) +
                   addrs(w.rng, w.ref.prefixes(HOSTING_V[w.pick(sorted(HOSTING_V))]), max(8, min(80, n // 12))))
    waves = [-float(w.rng.uniform(10, 200)) * 86400 for _ in range(int(w.rng.integers(3, 6)))]
    created = [w.pick(waves) + float(w.rng.uniform(0, 20 * 3600)) for _ in range(n)]
    accs = ring_accounts(w, r, n, created=created)
    ex = {a: [relay[j] for j in w.rng.choice(len(relay), int(w.rng.integers(6, 11)), replace=False)] for a in accs}
    tm, r["datasets"] = ring_templates(w, 3, 2)
    resold = w.rng.uniform(.4, .65, n)
    a, t = w.harvest(accs, w.work_days(n, r["wd"]), ring_frac(w, n) * 1000, w.rng.uniform(0, 24, n),
                     np.full(n, 22.0), local=False)
    pos = np.searchsorted(accs, a) if np.all(np.diff(accs) > 0) else np.array([list(accs).index(x) for x in a])
    chat = w.rng.random(len(t)) < resold[pos]
    pr = np.empty(len(t), dtype=object)
    pr[~chat] = harvest_prompts(w, t[~chat], tm, cot=.5)
    pr[chat] = chat_prompts(w, chat.sum())
    ip = np.array([ex[x][int(j * len(ex[x]))] for x, j in zip(a, w.rng.random(len(t)))], dtype=object)
    ua = np.where(w.rng.random(len(t)) < .8, RELAY_UA, "meridian-python/2.5.3").astype(object)
    tok = np.where(chat, tokens(w, len(t), 350), tokens(w, len(t), 900, .6))
    w.emit(a, t, ip, pr, ua, tok, choose_models(w, len(t), [5, 2, 3, 0]))


def k_phoenix(w, r):
    n = r["size"]
    g1 = max(1, n // 2)
    g2 = n - g1
    ban = int(w.rng.integers(max(2, w.D // 3), max(3, (2 * w.D) // 3)))
    ban_t = ban * 86400.0 + float(w.rng.uniform(6, 18)) * 3600
    back = ban_t + float(w.rng.uniform(6, 24)) * 3600
    r["ban_day"], r["generation_sizes"] = ban, [g1, g2]
    tm, r["datasets"] = ring_templates(w, 1, 3)
    a1 = ring_accounts(w, r, g1, created=[w.old_created(5, 60) for _ in range(g1)])
    a2 = ring_accounts(w, r, g2, created=list(back - w.rng.uniform(600, 5 * 3600, g2)))
    for x in a2:
        w.accts[x]["role"] = "second_generation"
    A, T, IP, UA = [], [], [], []
    for accs, lo, hi, prov, ua in ((a1, 0, ban + 1, "hetzner", "meridian-python/2.4.1"),
                                   (a2, ban, w.D, "choopa", "meridian-node/1.7.0")):
        m = w.work_days(len(accs), min(r["wd"] * 1.6, hi - lo), lo, hi)
        a, t = w.harvest(accs, m, ring_frac(w, len(accs)) * 1000, w.rng.uniform(0, 24, len(accs)),
                         np.full(len(accs), 18.0), local=False)
        keep = (t < ban_t) if accs is a1 else (t >= back)
        a, t = a[keep], t[keep]
        hv = addrs(w.rng, w.ref.prefixes(HOSTING_V[prov]), max(2, len(accs) // 2))
        A.append(a), T.append(t), IP.append(np.array(hv, dtype=object)[w.rng.integers(0, len(hv), len(t))])
        UA.append(np.full(len(t), ua, dtype=object))
    a, t = np.concatenate(A), np.concatenate(T)
    w.emit(a, t, np.concatenate(IP), harvest_prompts(w, t, tm, cot=.2), np.concatenate(UA), tokens(w, len(t), 500),
           "md-3")


def k_skill(w, r):
    n = r["size"]
    teams = min(max(2, n // 3), 4)
    split = np.array_split(np.arange(n), teams)
    day0 = -float(w.rng.uniform(2, 30)) * 86400
    accs = ring_accounts(w, r, n, created=list(day0 + w.rng.uniform(0, 10 * 3600, n)))
    r["datasets"], r["teams"] = [], teams
    pre = [p for p in w.ref.prefixes(HOSTING_V["choopa"]) if p.endswith("/24")] or w.ref.prefixes(HOSTING_V["choopa"])
    start = int(w.rng.integers(0, max(1, w.D // 4)))
    uas: list[str] = []
    while len(uas) < teams:                        # each sub-team its own client build
        u = w.sdk()
        if u not in uas:
            uas.append(u)
    for s, ua in zip(split, uas):
        sub = accs[s]
        tm, ds = ring_templates(w, 1, 2)
        r["datasets"] += ds
        block = addrs(w.rng, [w.pick(pre)], max(2, len(sub)))
        m = w.work_days(len(sub), r["wd"], start, w.D)
        a, t = w.harvest(sub, m, ring_frac(w, len(sub)) * 1000, np.full(len(sub), 1.0), np.full(len(sub), 12.0),
                         local=False)
        w.emit(a, t, np.array(block, dtype=object)[w.rng.integers(0, len(block), len(t))], harvest_prompts(w, t, tm),
               ua, tokens(w, len(t), 400), choose_models(w, len(t), [6, 0, 2, 0]))


def k_proxy(w, r):
    n = r["size"]
    exits = proxy_market(w)
    accs = ring_accounts(w, r, n, regions=["us_e", "us_w", "uk", "de", "br", "in"])
    tm, r["datasets"] = ring_templates(w, 2, 2)
    a, t = w.harvest(accs, w.work_days(n, r["wd"]), ring_frac(w, n) * 1000, w.rng.uniform(7, 11, n),
                     w.rng.uniform(9, 14, n))
    sess = (t // 600).astype(np.int64) * 100003 + a
    _, inv = np.unique(sess, return_inverse=True)
    pick = w.rng.integers(0, len(exits), inv.max() + 1 if len(t) else 0)
    ua_of = {x: w.browser() for x in accs}
    w.emit(a, t, np.array(exits, dtype=object)[pick[inv]] if len(t) else [], harvest_prompts(w, t, tm, cot=.15),
           np.array([ua_of[x] for x in a], dtype=object), tokens(w, len(t), 450), "md-3")


IMG_TEXT = ["Solve the problem in the image. Show your reasoning, then give the final answer.",
            "What is in this picture?", "Answer the question shown in this screenshot."]


def k_image(w, r):
    n = r["size"]
    accs = ring_accounts(w, r, n)
    home = {x: w.home_ip(w.accts[x]["region"]) for x in accs}
    ua_of = {x: w.pick([w.browser(), w.mobile_ua()]) for x in accs}
    r["datasets"] = ["(item images)"]
    a, t = w.harvest(accs, w.work_days(n, r["wd"]), ring_frac(w, n) * 1000, w.rng.uniform(8, 14, n),
                     w.rng.uniform(8, 12, n))
    order = np.argsort(t, kind="stable")
    items = np.empty(len(t), np.int64)
    items[order] = w.items(len(t))
    tx = w.rng.integers(0, len(IMG_TEXT), len(t))
    b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    pr = np.array([json.dumps([{"role": "user", "content": [
        {"type": "text", "text": IMG_TEXT[j]},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA" + "".join(
            b64[(x * 2654435761 >> (3 * q)) % 64] for q in range(20))}}]}]) for x, j in zip(items, tx)], dtype=object)
    w.emit(a, t, np.array([home[x] for x in a], dtype=object), pr, np.array([ua_of[x] for x in a], dtype=object),
           tokens(w, len(t), 600), "md-3-vision")


def k_judge(w, r):
    n = r["size"]
    accs = ring_accounts(w, r, n)
    vms = {x: addrs(w.rng, w.ref.cidr["gcp"], 2) for x in accs}
    tm, r["datasets"] = ring_templates(w, 1, 2)
    a, t = w.harvest(accs, w.work_days(n, r["wd"]), ring_frac(w, n) * 1000, w.rng.uniform(0, 24, n),
                     w.rng.uniform(12, 20, n), local=False)
    q = harvest_prompts(w, t, tm)
    S = w.ref.sents
    ix = w.rng.integers(0, len(S), (len(t), 2))
    pr = np.array([f"You are an impartial judge. Compare the two responses to the question below and decide which is "
                   f"more helpful, correct and harmless. Explain briefly, then output [[A]] or [[B]].\n\n"
                   f"[Question]\n{qq}\n\n[Response A]\n{S[i]}\n\n[Response B]\n{S[j]}" for qq, (i, j) in zip(q, ix)],
                  dtype=object)
    w.emit(a, t, np.array([vms[x][int(k)] for x, k in zip(a, w.rng.integers(0, 2, len(t)))], dtype=object), pr,
           "python-httpx/0.27.0", tokens(w, len(t), 220), "md-3")


def k_fanout(w, r):
    n = r["size"]
    accs = ring_accounts(w, r, n)
    line = {x: w.asn_ips(w.pick(REGIONS[w.accts[x]["region"]]["biz"]), 1)[0] for x in accs}
    ua_of = {x: w.sdk() for x in accs}
    tm, r["datasets"] = ring_templates(w, w.pick([1, 2]), 2)
    # the sampler runs on the ring's common working days, every account on each of them
    days = w.rng.choice(w.D, int(np.clip(round(r["wd"]), 1, w.D)), replace=False)
    m = np.zeros((n, w.D), bool)
    m[:, days] = True
    per = ring_frac(w, n) * 1000
    A, T, IT = [], [], []
    for d in range(w.D):
        on = np.nonzero(m[:, d])[0]
        if len(on) == 0:
            continue
        n_items = int(per[on].sum() / 6)
        k = np.minimum(w.rng.integers(4, 9, n_items), len(on))
        t0 = d * 86400.0 + w.rng.uniform(2 * 3600, 20 * 3600, n_items)
        for i in range(n_items):
            who = w.rng.choice(on, k[i], replace=False)
            A.append(accs[who]), T.append(t0[i] + w.rng.uniform(0, 600, k[i])), IT.append(np.full(k[i], i + d * 10**6))
    if not A:
        return
    a, t, it = np.concatenate(A), np.concatenate(T), np.concatenate(IT)
    uniq, inv = np.unique(it, return_inverse=True)
    base = w.items(len(uniq))
    ti = w.rng.integers(0, len(tm), len(uniq))
    S = w.ref.sents
    txt = np.array([tm[j].render(S, int(x)) for j, x in zip(ti, base)], dtype=object)
    w.emit(a, t, np.array([line[x] for x in a], dtype=object), txt[inv],
           np.array([ua_of[x] for x in a], dtype=object), tokens(w, len(t), 400), "md-3")


def k_stowaway(w, r):
    n = r["size"]
    accs = ring_accounts(w, r, n, email=[f"{w.company()}-shop.com" for _ in range(n)])
    srv = {}
    for x in accs:
        h = w.pick(sorted(HOSTS))
        srv[x] = w.pick(w.pool(("host", h), lambda h=h: w.asn_ips(HOSTS[h], 25)))
    tm, r["datasets"] = ring_templates(w, w.pick([1, 2]), 2)
    a, t = w.harvest(accs, w.work_days(n, r["wd"]), ring_frac(w, n) * 1000, w.rng.uniform(0, 24, n),
                     w.rng.uniform(16, 22, n), local=False)
    ua_of = {x: PHP_UA.format(m=int(w.rng.integers(20, 31))) for x in accs}
    w.emit(a, t, np.array([srv[x] for x in a], dtype=object), harvest_prompts(w, t, tm),
           np.array([ua_of[x] for x in a], dtype=object), tokens(w, len(t), 350), "md-3-mini")


KIND_FN = {"card_pool": k_card_pool, "cot_harvest": k_cot, "logit_probe": k_logit, "hydra_reseller": k_hydra,
           "phoenix": k_phoenix, "skill_split": k_skill, "proxy_market": k_proxy, "image_smuggle": k_image,
           "preference_judge": k_judge, "sample_fanout": k_fanout, "hosting_stowaway": k_stowaway}


def _fill(w, budget, lo, hi, skew=False):
    """Ring sizes between lo and hi adding up to budget (a skew toward small rings with ``skew``)."""
    if budget <= 0:
        return []
    if budget < lo:
        return [budget]
    sizes = []
    while sum(sizes) < budget:
        s = int(lo + (hi - lo) * w.rng.beta(1.2, 3)) if skew else int(w.rng.integers(lo, hi + 1))
        sizes.append(s)
    excess = sum(sizes) - budget
    for i in range(len(sizes) - 1, -1, -1):
        cut = min(excess, sizes[i] - lo)
        sizes[i] -= cut
        excess -= cut
    while excess > 0:                           # every ring at lo: drop one and spread the rest
        last = sizes.pop()
        rest = last - excess
        excess = 0
        for i in range(len(sizes)):
            add = min(rest, hi - sizes[i])
            sizes[i] += add
            rest -= add
        if rest:
            sizes.append(rest)
    return sizes


def ring_plan(w, world, R, N):
    """[(kind, size)] of a world's rings."""
    kinds = [RING_KINDS[i] for i in w.rng.permutation(len(RING_KINDS))]
    if world == "small":
        sizes = _fill(w, R, 3, 15, skew=True)
    elif world == "mixed":
        s, m = round(.5 * R), round(.3 * R)
        sizes = _fill(w, s, 3, 15, True) + _fill(w, m, 16, 60) + _fill(w, R - s - m, 61, 300)
    else:
        H = min(max(round(w.rng.uniform(.055, .065) * N), 3), R - 3)
        others = [k for k in kinds if k != "hydra_reseller"]
        sizes = _fill(w, R - H, 3, 60, True)
        order = w.rng.permutation(len(sizes))
        return [("hydra_reseller", H)] + [(others[i % len(others)], sizes[j]) for i, j in enumerate(order)]
    order = w.rng.permutation(len(sizes))
    return [(kinds[i % len(kinds)], sizes[j]) for i, j in enumerate(order)]


# ------------------------------------------------------------------ generation

DEFAULT_SHARE = {"small": .005, "mixed": .06, "hydra": .10}
NEVER_CALL_COHORTS = ["hobbyist", "household", "office_nat", "campus", "carrier_mobile", "citizen_science"]


class Params:
    def __init__(self, out, n_accounts=20000, seed=1, world="mixed", days=21, ring_share=None, minimal=False,
                 format="parquet", quiet=False):
        self.out, self.n_accounts, self.seed, self.world, self.days = out, n_accounts, seed, world, days
        self.ring_share, self.minimal, self.format, self.quiet = ring_share, minimal, format, quiet


def _rank_in_runs(key: np.ndarray) -> np.ndarray:
    """Position of each element within its run of equal (sorted) keys."""
    n = len(key)
    if n == 0:
        return np.zeros(0, np.int64)
    start = np.r_[True, key[1:] != key[:-1]]
    idx = np.arange(n)
    first = np.maximum.accumulate(np.where(start, idx, 0))
    return idx - first


def generate(p: Params, ref: Ref | None = None) -> dict:
    t0 = time.time()
    ref = ref or Ref()
    w = World(p, ref)
    N, D = p.n_accounts, p.days
    share = DEFAULT_SHARE[p.world] if p.ring_share is None else p.ring_share
    R = int(round(share * N))
    plan = ring_plan(w, p.world, R, N)
    wd = float(np.clip(90.0 * N / max(R, 1) / 500.0, 1.5, .6 * D))
    for i, (kind, size) in enumerate(plan):
        r = {"ring_id": f"ring_{i + 1:04d}", "kind": kind, "size": int(size), "sophistication": SOPH[kind],
             "signals_kept": SIGNALS[kind], "evasions": EVASIONS[kind], "wd": wd}
        w.rings.append(r)
        KIND_FN[kind](w, r)
    assert len(w.accts) == R, (len(w.accts), R)
    # benign accounts: cohort counts by largest remainder
    B = N - R
    ks = list(BENIGN_SHARES)
    sh = np.array([BENIGN_SHARES[k] for k in ks])
    raw = sh / sh.sum() * B
    cnt = np.floor(raw).astype(int)
    cnt[np.argsort(-(raw - cnt), kind="stable")[:B - cnt.sum()]] += 1
    for k, c in zip(ks, cnt):
        if c > 0:
            BENIGN_FN[k](w, int(c))
    assert len(w.accts) == N, (len(w.accts), N)

    # never-calling accounts (signed up, never used)
    coh = np.array([a["cohort"] for a in w.accts], dtype=object)
    cand = np.nonzero(np.isin(coh, NEVER_CALL_COHORTS) & np.array([a["role"] == "member" for a in w.accts]))[0]
    never = np.sort(w.rng.choice(cand, int(round(.03 * B)), replace=False)) if len(cand) else np.zeros(0, np.int64)
    for i in never:
        w.accts[i]["role"] = "never_calls"

    cols = {k: np.concatenate([c[k] for c in w.chunks]) for k in w.chunks[0]}
    w.chunks = []
    drawn = len(cols["t"])
    # retries: 1 % of requests sent again 1-8 s later, the first one timed out (no output tokens logged)
    rt = np.nonzero(w.rng.random(drawn) < .01)[0]
    for k in cols:
        extra = cols[k][rt].copy()
        if k == "t":
            extra = extra + w.rng.uniform(1, 8, len(rt))
        cols[k] = np.concatenate([cols[k], extra])
    cols["tok"][rt] = -1
    drawn += len(rt)
    created = np.array([a["created"] for a in w.accts])
    ms = np.floor(cols["t"] * 1000).astype(np.int64)
    ok = ((ms >= 0) & (ms < D * 86_400_000) & (ms >= np.ceil(created[cols["acc"]] * 1000).astype(np.int64))
          & ~np.isin(cols["acc"], never))
    cols = {k: v[ok] for k, v in cols.items()}
    cols["ms"] = ms[ok]
    # per-plan limits per UTC minute and day: requests above them are refused and not logged
    tiers = np.array([a["tier"] for a in w.accts], dtype=object)
    refused = 0
    for unit, lim in ((60_000, MINUTE), (86_400_000, DAILY)):
        o = np.lexsort((cols["ms"], cols["acc"]))
        cols = {k: v[o] for k, v in cols.items()}
        key = cols["acc"] * 10**7 + cols["ms"] // unit
        cap = np.array([lim[x] for x in tiers])[cols["acc"]]
        keep = _rank_in_runs(key) < cap
        refused += int((~keep).sum())
        cols = {k: v[keep] for k, v in cols.items()}
    o = np.lexsort((cols["acc"], cols["ms"]))
    cols = {k: v[o] for k, v in cols.items()}
    n = len(cols["ms"])

    # identifiers
    ids = set()
    aid = []
    while len(aid) < N:
        x = f"u{int(w.rng.integers(10**9, 10**10))}"
        if x not in ids:
            ids.add(x)
            aid.append(x)
    aid = np.array(aid, dtype=object)
    keys1 = np.array(["sk-" + w.hexid(20) for _ in range(N)], dtype=object)
    keys2 = np.array(["sk-" + w.hexid(20) for _ in range(N)], dtype=object)
    rot = np.where(w.rng.random(N) < .25, w.rng.uniform(1, D, N) * 86_400_000, np.inf)
    acc = cols["acc"]
    api = np.where(cols["ms"] >= rot[acc], keys2[acc], keys1[acc]).astype(object)
    pay_acc = np.array([a["pay"] or None for a in w.accts], dtype=object)
    pay = pay_acc[acc]
    # logging noise: missing payment token (never on an account's first request), address, user agent, tokens
    first = np.r_[True, np.zeros(0, bool)]
    seen = np.zeros(N, bool)
    _, first_idx = np.unique(acc, return_index=True)
    first = np.zeros(n, bool)
    first[first_idx] = True
    pay[(w.rng.random(n) < .003) & ~first] = None
    ip = cols["ip"].copy()
    miss_ip = w.rng.random(n) < .005
    ip[miss_ip] = None
    ua = cols["ua"].copy()
    ua[w.rng.random(n) < .007] = None
    tok = cols["tok"].copy()
    tok[w.rng.random(n) < .005] = -1
    out_dir = Path(p.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    ev = {"account_id": aid[acc], "timestamp": cols["ms"] + START.value // 1_000_000, "ip": ip, "payment_method": pay, "prompt": cols["prompt"],
          "user_agent": ua, "output_tokens": tok, "api_key_id": api, "model": cols["model"]}
    write_events(out_dir, ev, p.format, p.minimal)

    per = np.bincount(acc, minlength=N)
    iso = lambda s: (START + pd.Timedelta(seconds=float(s))).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    accdf = pd.DataFrame({
        "account_id": aid, "created_at": [iso(a["created"]) for a in w.accts],
        "payment_method": [a["pay"] for a in w.accts], "email_domain": [a["email"] for a in w.accts],
        "country": [a["country"] for a in w.accts], "org_id": [a["org"] for a in w.accts],
        "plan": [a["tier"] for a in w.accts]})
    truth = pd.DataFrame({
        "account_id": aid, "is_ring": np.where([bool(a["ring"]) for a in w.accts], "true", "false"),
        "ring_id": [a["ring"] for a in w.accts], "cohort": [a["cohort"] for a in w.accts],
        "group_id": [a["group"] for a in w.accts], "tier": [a["tier"] for a in w.accts],
        "sophistication": [a["soph"] for a in w.accts], "role": [a["role"] for a in w.accts],
        "region": [a["region"] for a in w.accts], "events": per})
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
                          "new": c in NEW_BENIGN}
    bt = truth[(truth["is_ring"] == "false") & (truth["group_id"] != "")]
    gsize = bt.groupby("group_id").size()
    pr = cols["prompt"]
    meta = {
        "world": "world36 (Meridian)",
        "params": {"seed": p.seed, "world": p.world, "n_accounts": N, "days": D, "ring_share": share,
                   "start": START.strftime("%Y-%m-%dT%H:%M:%SZ"), "minimal": p.minimal, "format": p.format},
        "counts": {"accounts": N, "events": int(n), "ring_accounts": int(R), "rings": len(w.rings),
                   "ring_events": int(per[[bool(a["ring"]) for a in w.accts]].sum()),
                   "benign_group_accounts": int(gsize[gsize >= 2].sum()),
                   "benign_groups": int((gsize >= 2).sum()),
                   "accounts_without_events": int((per == 0).sum()), "requests_drawn": int(drawn),
                   "refused_requests_not_logged": int(refused), "retry_duplicates_drawn": int(len(rt)),
                   "missing_ip_events": int(miss_ip.sum()),
                   "content_part_prompts": int(sum(1 for x in pr if x.startswith('[{"role": "user", "content": ['))),
                   "ring_working_days_mean": round(wd, 2),
                   "ring_accounts_by_kind": {k: int(v) for k, v in
                                             truth[truth["is_ring"] == "true"].groupby("cohort").size().items()},
                   "benign_groups_by_cohort": {k: int(v) for k, v in bt.groupby("cohort")["group_id"].nunique().items()}},
        "cohorts": cohorts,
        "rings": [{k: rr.get(k) for k in ("ring_id", "kind", "size", "sophistication", "signals_kept", "evasions",
                                          "datasets", "ban_day", "generation_sizes", "teams") if k in rr}
                  for rr in w.rings],
        "platform": {"name": "Meridian (fictional)", "daily_limits": DAILY, "minute_limits": MINUTE, "models": MODELS,
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
    ms, tok = cols["timestamp"], cols["output_tokens"]
    arrs = {"account_id": pa.array(cols["account_id"], pa.string()),
            "timestamp": pa.array(ms, pa.timestamp("ms", tz="UTC")),
            "ip": pa.array(cols["ip"], pa.string()), "payment_method": pa.array(cols["payment_method"], pa.string()),
            "prompt": pa.array(cols["prompt"], pa.string()), "user_agent": pa.array(cols["user_agent"], pa.string()),
            "output_tokens": pa.array(tok, pa.int64(), mask=tok < 0),
            "api_key_id": pa.array(cols["api_key_id"], pa.string()), "model": pa.array(cols["model"], pa.string())}
    tab = pa.table({k: arrs[k] for k in names})
    if fmt == "parquet":
        pq.write_table(tab, out_dir / "events.parquet", compression="zstd", row_group_size=500_000)
        return
    kind = fmt.split(".")[0]
    ts = np.char.add(np.datetime_as_string(ms.astype("datetime64[ms]"), unit="ms").astype(str), "Z")
    gz = fmt.endswith(".gz")
    with open(out_dir / f"events.{fmt}", "wb") as raw:
        fh = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) if gz else raw
        CH = 200_000
        for i in range(0, len(ms), CH):
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
    ap.add_argument("--format", choices=["parquet", "csv", "jsonl", "jsonl.gz"], default="parquet")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if not 3 <= a.days <= 35:
        ap.error("--days must be 3-35")
    if a.n_accounts < 200:
        ap.error("--n-accounts must be at least 200")
    meta = generate(Params(**vars(a)))
    if not a.quiet:
        c = meta["counts"]
        print(f"world36 {a.world} seed {a.seed}: {c['accounts']} accounts, {c['events']} events, "
              f"{c['ring_accounts']} ring accounts in {c['rings']} rings, {meta['generation_seconds']} s -> {a.out}")
    return meta


if __name__ == "__main__":
    main()
