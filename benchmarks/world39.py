"""world39 ("Halyard"): a blind synthetic distillation-ring test world for graphhunt.

Writes three weeks (``--days``, default 21) of API traffic of a fictional 2026 LLM API platform with the ground truth
of which accounts belong to distillation rings. Written blind (see docs/WORLD39.md): nothing here is tuned to how
graphhunt detects. numpy, pandas and pyarrow only; reference data is read from ``$GRAPHHUNT_SHARED_DATA`` (default
/work/shared/data) and never copied. The same arguments give byte-identical files whatever PYTHONHASHSEED.

    python3 benchmarks/world39.py --out DIR --n-accounts 20000 --seed 1 --world small --minimal
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

SHARED = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", "/work/shared/data"))
START = pd.Timestamp("2026-11-02T00:00:00Z")   # a Monday after every northern summer-time change; none to 7 December
START_MS = int(START.value // 1_000_000)
DAY = 86_400_000
HOUR = 3_600_000
MIN = 60_000
EVENT_COLS = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "api_key_id",
              "model"]
MINIMAL_COLS = EVENT_COLS[:5]
ACCOUNT_COLS = ["account_id", "created_at", "payment_method", "email_domain", "country", "org_id", "plan"]
MINIMAL_ACCOUNT_COLS = ["account_id", "payment_method"]
TRUTH_COLS = ["account_id", "is_ring", "ring_id", "cohort", "group_id", "tier", "sophistication", "role", "region",
              "events"]
TIERS = ["free", "starter", "team", "scale", "enterprise"]
DAILY = {"free": 120, "starter": 1500, "team": 6000, "scale": 30000, "enterprise": 250000}
MINUTE = {"free": 5, "starter": 30, "team": 90, "scale": 300, "enterprise": 1500}
MODELS = ["hx-2", "hx-2-mini", "hx-2-reason"]

# region: country, UTC offset (minutes, standard time all window), home ISPs, mobile carrier, business ISP (AS numbers
# of the 2014 table), home and mobile IPv6 /32s of my choosing (global unicast)
REGIONS = {
    "us_east": dict(c="US", off=-300, home=[7922, 6128, 7018], mob=22394, biz=701, v6="2601:1c0", m6="2600:1010", w=.19),
    "us_west": dict(c="US", off=-480, home=[20115, 7018, 7843], mob=21928, biz=3356, v6="2600:1700", m6="2607:fb90", w=.12),
    "ca": dict(c="CA", off=-300, home=[577, 6327], mob=852, biz=577, v6="2001:56a", m6="2605:8d80", w=.04),
    "uk": dict(c="GB", off=0, home=[2856, 5089], mob=12576, biz=2856, v6="2a00:23c4", m6="2a01:4c8", w=.10),
    "de": dict(c="DE", off=60, home=[3320, 3209], mob=3209, biz=3320, v6="2003:e2", m6="2a02:3037", w=.08),
    "fr": dict(c="FR", off=60, home=[3215, 12322, 21502], mob=3215, biz=3215, v6="2a01:cb00", m6="2a04:cec0", w=.06),
    "in": dict(c="IN", off=330, home=[9829, 9498], mob=45609, biz=9498, v6="2401:4900", m6="2409:4040", w=.12),
    "jp": dict(c="JP", off=540, home=[4713, 17676], mob=9605, biz=2516, v6="240b:10", m6="2400:4150", w=.07),
    "sg": dict(c="SG", off=480, home=[9506], mob=4773, biz=9506, v6="2406:3003", m6="2400:a800", w=.04),
    "br": dict(c="BR", off=-180, home=[28573, 27699], mob=26615, biz=28573, v6="2804:14c", m6="2804:18", w=.10),
    "mx": dict(c="MX", off=-360, home=[8151], mob=8151, biz=8151, v6="2806:2f0", m6="2806:10a", w=.08),
}
RNAMES = list(REGIONS)
RW = np.array([REGIONS[r]["w"] for r in RNAMES]) / sum(REGIONS[r]["w"] for r in RNAMES)
FAM_REGIONS = [r for r in RNAMES if r != "us_west"]                 # one region per country
FAM_W = np.array([REGIONS[r]["w"] for r in FAM_REGIONS]) / sum(REGIONS[r]["w"] for r in FAM_REGIONS)
UNIS = {"mit": (3, "us_east", "mit.edu"), "berkeley": (25, "us_west", "berkeley.edu"),
        "stanford": (32, "us_west", "stanford.edu"), "ucl": (786, "uk", "ucl.ac.uk"), "tum": (680, "de", "tum.de")}
ASNS = sorted({a for r in REGIONS.values() for a in r["home"] + [r["mob"], r["biz"]]} | {u[0] for u in UNIS.values()}
              | {24940, 16276, 20473, 36351})

# hour-of-day weights (local time)
_H = np.arange(24)
DIURNAL = {
    "home": np.r_[[2, 1, .5, .3, .3, .5, 1, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 6, 7, 8, 8, 7, 5, 3]],
    "office": np.r_[[.1, .1, .1, .1, .1, .2, .5, 2, 6, 9, 9, 8, 6, 8, 9, 9, 8, 5, 2, 1, .6, .4, .2, .1]],
    "phone": np.r_[[1, .5, .3, .2, .2, .5, 2, 4, 5, 5, 5, 6, 6, 6, 5, 5, 6, 6, 7, 7, 6, 5, 3, 2]],
    "flat": np.r_[[3, 3, 3, 3, 3, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 5, 5, 4, 4, 3]],
    "morning": np.r_[[0, 0, 0, 0, 0, .5, 6, 9, 7, 3, 1, .5, .5, .5, .3, .3, .3, .3, .5, .5, 1, 1.5, 1, .2]],
}
CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.{v} Safari/605.1.15"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
BROWSERS = [CHROME.format(v=v) for v in (128, 129, 130, 131)] + [MAC.format(v=v) for v in (0, 1)] + \
           [FIREFOX.format(v=v) for v in (131, 132)]
PHONE_UAS = ["Halyard/6.3.1 (iPhone; iOS 18.1; Scale/3.00)", "Halyard/6.3.1 (iPhone; iOS 17.6.1; Scale/3.00)",
             "Halyard/6.3.0 (Android 14; Pixel 8)", "Halyard/6.3.1 (Android 15; SM-S921B)", "Halyard/6.2.4 (Android 13; Redmi Note 12)"]
SDK_UAS = ["halyard-python/2.4.1", "halyard-python/2.3.0", "halyard-node/2.3.0", "halyard-go/1.1.2", "python-httpx/0.27.2"]
DAYBREAK_UAS = ["Daybreak/4.2.0 (iOS 18.1)", "Daybreak/4.2.0 (Android 14)", "Daybreak/4.1.7 (Android 13)"]
HYDRA_UAS = ["one-api/0.6.9", "LobeChat/1.28.4", "NextChat/2.15.4"]
COT = " Think step by step and show all of your reasoning before giving the final answer."
CHAT_MSG_SHARE = {"hobbyist": .08, "household": .08, "carrier_mobile": .3, "esim_roamer": .3, "museum_qr": .1,
                  "hydra_reseller": .2}

BENIGN_SHARES = {"hobbyist": .17, "household": .12, "office_nat": .135, "campus": .06, "carrier_mobile": .09,
                 "vpn_user": .04, "indie_dev": .03, "heavy_app": .0015, "storm_rebooking": .0004, "museum_qr": .06,
                 "reading_plan": .07, "esim_roamer": .04, "dhcp_churn": .07, "family_card_abroad": .035}
NEW_BENIGN = {"storm_rebooking", "museum_qr", "reading_plan", "esim_roamer", "dhcp_churn", "family_card_abroad"}
RING_KINDS = ["card_pool", "cot_harvest", "hydra_reseller", "tool_result", "gift_card_batch", "roaming_sim",
              "family_cards", "midnight_straddle", "surge_cover"]
NEW_KINDS = {"tool_result", "gift_card_batch", "roaming_sim", "family_cards", "midnight_straddle", "surge_cover"}
SOPH = {"card_pool": "crude", "cot_harvest": "crude", "hydra_reseller": "careful", "tool_result": "mid",
        "gift_card_batch": "mid", "roaming_sim": "careful", "family_cards": "mid", "midnight_straddle": "mid",
        "surge_cover": "careful"}
TOOL_SYSTEM = "You are TaskPilot, an assistant that completes tasks returned by the fetch_task tool."
TOOL_USER = "Fetch my next task and complete it."
TOOL_CALL = "Calling fetch_task()."
TOOL_AFTER = "Complete the task the tool returned. Answer only the task."
MUSEUMS = {"lumiere": ("fr", "Musee du Quai Lumiere", 1), "riverside": ("uk", "Riverside Gallery", None),
           "hudson": ("us_east", "Hudson Museum of Art", 2)}          # name, closed weekday (Mon=0)
EXHIBIT_A = ["Bronze", "Marble", "Gilded", "Painted", "Carved", "Glazed", "Woven", "Silver", "Ivory", "Enamel"]
EXHIBIT_B = ["Horse", "Dancer", "Harbour", "Saint", "Lion", "Garden", "Queen", "Ship", "Mask", "Astrolabe", "Vase",
             "Shield"]
READINGS = ([f"Seneca, Letters to Lucilius, Letter {i}" for i in range(1, 31)]
            + [f"Marcus Aurelius, Meditations, Book {b}, {c}" for b in range(2, 7) for c in (1, 5, 9, 13, 17, 21)])
DAYBREAK = "Daybreak daily reading: {r}. Explain today's passage in plain words and suggest one question to reflect on."
STORM_TPL = ("You are the rebooking assistant of Aurora Airways. Booking {pnr} on flight AU{fl} was cancelled by the "
             "storm. Passenger note: \"{note}\" Offer the two best alternative itineraries and a one-line apology.")
THROWAWAY = ["quill", "ember", "rivet", "nimbus", "pylon", "tundra", "cobalt", "fable", "lumen", "marrow"]


def sha256_of(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def iso(ms) -> str:
    return pd.Timestamp(int(ms), unit="ms", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------------------------------------ reference data

def _yaml_scalar(val: str, cont: list[str]) -> str:
    """A YAML scalar of the templates files (plain, quoted or block), enough for their ``jinja:`` values."""
    if val in ("|", "|-", "|+", ">", ">-", ">+"):
        return ("\n" if val[0] == "|" else " ").join(c for c in cont)
    if val.startswith('"'):
        s = val
        for c in cont:
            if c == "":
                s += "\n"
            elif s.endswith("\\"):
                s = s[:-1] + c.lstrip()
            else:
                s += " " + c.strip()
        s = s.strip()[1:]
        if s.endswith('"'):
            s = s[:-1]
        esc = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", " ": " ", "/": "/"}
        return re.sub(r"\\(.)", lambda m: esc.get(m.group(1), m.group(1)), s)
    s = " ".join([val] + [c.strip() for c in cont]).strip()
    if s.startswith("'"):
        s = s[1:-1].replace("''", "'")
    return s


_LIT = re.compile(r"\{\{\s*(\"([^\"]*)\"|'([^']*)')\s*\}\}")
_EXPR = re.compile(r"\{\{.*?\}\}", re.S)
_TAG = re.compile(r"\{%.*?%\}", re.S)


def _render(jinja: str, choices: str) -> tuple[str, str] | None:
    """The prompt side of a promptsource template as (text before the item slot, text after it): control tags
    dropped, string literals and answer choices written out, any further field a fixed phrase."""
    side = jinja.split("|||")[0]
    side = _TAG.sub("", side)
    side = _LIT.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(3), side)
    ch = ", ".join(c.strip() for c in choices.split("|||")) if choices else "the options"
    side = re.sub(r"\{\{[^}]*answer_choices[^}]*\}\}", ch, side)
    parts = _EXPR.split(side)
    if len(parts) < 2:
        return None
    pre = parts[0]
    post = "this example".join(parts[1:])
    pre, post = re.sub(r"\n{3,}", "\n\n", pre).lstrip(), re.sub(r"\n{3,}", "\n\n", post).rstrip()
    body = pre + post
    if any(t in body for t in ("{", "}", "|||")) or not 8 <= len(body.strip()) <= 700:
        return None
    return pre, post


class Ref:
    """Reference data of $GRAPHHUNT_SHARED_DATA: prompts, templates, address ranges (each file's sha256 kept)."""

    def __init__(self, root: Path = SHARED):
        self.root = Path(root)
        self.files: dict[str, str] = {}
        aw = pd.read_csv(self._f("prompts/awesome-chatgpt-prompts.csv"), dtype=str, keep_default_na=False)["prompt"]
        aw = [p[:3000] for p in aw if p.strip() and not re.search(r"\{\{|\{%|%\}|\|\|\|", p)]
        self.awesome = sorted(set(aw))
        sents = set()
        for p in self.awesome:
            for s in re.split(r"(?<=[.!?])\s+", p):
                s = s.strip()
                if 40 <= len(s) <= 220 and not re.search(r"[{}|\n\"]", s):
                    sents.add(s)
        self.sentences = sorted(sents)
        self.templates: dict[str, list[tuple[str, str]]] = {}
        troot = self._p("prompts/promptsource-templates")
        for f in sorted(troot.glob("**/templates.yaml")):
            rel = f.relative_to(self.root).as_posix()
            txt = self._read(rel)
            lines = txt.split("\n")
            out, choices, i = [], "", 0
            while i < len(lines):
                ln = lines[i]
                if ln.startswith("    answer_choices: "):
                    j = i + 1
                    while j < len(lines) and lines[j].startswith("      "):
                        j += 1
                    choices = _yaml_scalar(ln[20:], [x[6:] for x in lines[i + 1:j]])
                    i = j
                elif ln.startswith("  ") and ln.endswith(": !Template"):
                    choices = ""
                    i += 1
                elif ln.startswith("    jinja: "):
                    j = i + 1
                    while j < len(lines) and (lines[j].startswith("      ") or
                                              (lines[j] == "" and j + 1 < len(lines) and lines[j + 1].startswith("      "))):
                        j += 1
                    t = _render(_yaml_scalar(ln[11:], [x[6:] for x in lines[i + 1:j]]), choices)
                    if t:
                        out.append(t)
                    i = j
                else:
                    i += 1
            if len(out) >= 3:
                self.templates[f.parent.relative_to(troot).as_posix()] = sorted(set(out))
        asn = pd.read_csv(self._p("ip/pyasn/ipasn_20140513.dat.gz"), sep="\t", comment=";", header=None,
                          names=["cidr", "asn"], dtype={"cidr": str, "asn": np.int64})
        self._sha("ip/pyasn/ipasn_20140513.dat.gz")
        self._sha("ip/pyasn/asnames.json.gz")
        asn = asn[asn["asn"].isin(ASNS)]
        self.asn = {int(a): _nets(list(g["cidr"])) for a, g in asn.groupby("asn")}
        for a in ASNS:
            assert a in self.asn and len(self.asn[a][0]), a
        self.cloud = {p: _nets(self._read(f"ip/cloud/{p}/ipv4_merged.txt").split())
                      for p in ("amazon", "google", "microsoft", "digitalocean", "linode", "oracle")}
        self.vpn = _nets(self._read("ip/vpn/x4b_vpn_ipv4.txt").split())
        self.dc = _nets(self._read("ip/vpn/x4b_datacenter_ipv4.txt").split())
        tor = [x.strip() for x in self._read("ip/tor/tor-exit-nodes.lst").split() if x.strip()]
        self.tor = sorted({t for t in tor if _is_v4(t) and ipaddress.ip_address(t).is_global})

    def _p(self, rel):
        return self.root / rel

    def _f(self, rel):
        self._sha(rel)
        return self.root / rel

    def _sha(self, rel):
        self.files[rel] = sha256_of(self.root / rel)

    def _read(self, rel) -> str:
        b = (self.root / rel).read_bytes()
        self.files[rel] = hashlib.sha256(b).hexdigest()
        return b.decode("utf-8", errors="replace")


def _is_v4(s: str) -> bool:
    return bool(re.fullmatch(r"\d+\.\d+\.\d+\.\d+", s))


# IPv4 special-purpose blocks (IANA registry): a prefix touching one of them is never used
_SPECIAL = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16",
            "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3"]


def _v4_ints(cidrs) -> tuple[np.ndarray, np.ndarray]:
    """(network address, prefix length) of IPv4 CIDR strings (others dropped), vectorised."""
    s = pd.Series([c.strip() for c in cidrs], dtype=object)
    m = s.str.fullmatch(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(/\d{1,2})?").fillna(False).astype(bool)
    s = s[m]
    parts = s.str.split(r"[./]", regex=True, expand=True)
    if parts.shape[1] == 4:
        parts[4] = "32"
    parts = parts.fillna("32").astype(np.int64).to_numpy()
    ok = (parts[:, :4] <= 255).all(axis=1) & (parts[:, 4] <= 32)
    parts = parts[ok]
    addr = (parts[:, 0] << 24) | (parts[:, 1] << 16) | (parts[:, 2] << 8) | parts[:, 3]
    plen = parts[:, 4]
    size = np.left_shift(np.int64(1), 32 - plen)
    return addr & ~(size - 1), plen


_SP_BASE, _SP_LEN = _v4_ints(_SPECIAL)
_SP_END = _SP_BASE + np.left_shift(np.int64(1), 32 - _SP_LEN)


def _nets(cidrs: list[str]):
    """Public IPv4 networks (first /16 of any shorter one) as (base, size) arrays."""
    base, plen = _v4_ints([c for c in cidrs if c.strip() and not c.lstrip().startswith("#")])
    plen = np.maximum(plen, 16)
    base = base & ~(np.left_shift(np.int64(1), 32 - plen) - 1)
    size = np.left_shift(np.int64(1), 32 - plen)
    end = base + size
    touch = ((base[:, None] < _SP_END[None, :]) & (end[:, None] > _SP_BASE[None, :])).any(axis=1)
    keep = (plen <= 29) & ~touch
    return base[keep], size[keep]


# ------------------------------------------------------------------------------------------------ world state

class Pool:
    """Strings by integer code (first-seen order)."""

    def __init__(self):
        self.items: list[str] = []
        self.ix: dict[str, int] = {}

    def code(self, s: str) -> int:
        c = self.ix.get(s)
        if c is None:
            c = self.ix[s] = len(self.items)
            self.items.append(s)
        return c

    def codes(self, ss) -> np.ndarray:
        get, out = self.ix.get, np.empty(len(ss), dtype=np.int64)
        for i, s in enumerate(ss):
            c = get(s)
            if c is None:
                c = self.ix[s] = len(self.items)
                self.items.append(s)
            out[i] = c
        return out


@dataclass
class Params:
    out: str = "out"
    n_accounts: int = 20000
    seed: int = 1
    world: str = "mixed"
    days: int = 21
    ring_share: float | None = None
    minimal: bool = False
    format: str = "parquet"
    quiet: bool = False


class World:
    def __init__(self, p: Params, ref: Ref):
        self.p, self.ref = p, ref
        self.rng = np.random.default_rng([p.seed, 39])
        self.D = p.days
        self.P = Pool()           # prompts
        self.IP = Pool()          # addresses
        self.UA = Pool()          # user agents
        self.A: dict[str, list] = {k: [] for k in ("cohort", "group", "tier", "soph", "role", "region", "ring",
                                                   "created", "pay", "email", "country", "org")}
        self.ev: list[tuple] = []
        self.item_next = 0
        self.rings: list[dict] = []
        self.platform: dict = {}
        self.used_v4: set[int] = set()
        self.used_ds: set[str] = set()
        rng = self.rng
        self.sent_perm = rng.permutation(len(ref.sentences))
        self.aw_codes = self.P.codes(ref.awesome)
        self.aw_msg = self.P.codes([json.dumps([{"role": "user", "content": s}], ensure_ascii=False)
                                    for s in ref.awesome])
        sw = 1.0 / np.arange(1, len(ref.awesome) + 1) ** 0.9          # popular prompts are pasted often
        self.aw_w = (sw / sw.sum())[rng.permutation(len(ref.awesome))]
        self.sent_codes = self.P.codes(ref.sentences)
        for r, v in REGIONS.items():
            for pre in (v["v6"], v["m6"]):
                assert ipaddress.ip_address(pre + "::1").is_global, pre

    # ---- accounts
    def new_accounts(self, n, cohort, group="", tier="free", soph="", role="member", region=None, ring="",
                     created=None, pay=None, email=None, org="") -> np.ndarray:
        rng = self.rng
        i0 = len(self.A["cohort"])
        def col(v, default):
            v = default if v is None else v
            return list(v) if isinstance(v, (list, np.ndarray)) else [v] * n
        reg = col(region, list(rng.choice(RNAMES, n, p=RW)))
        tiers = col(tier, None)
        if created is None:
            created = START_MS - (rng.exponential(300, n) * DAY).astype(np.int64) - rng.integers(0, DAY, n)
        if pay is None:
            pay = [self.token("card") if t != "free" else "" for t in tiers]
        if email is None:
            email = [self.mail(r) for r in reg]
        for k, v in (("cohort", col(cohort, None)), ("group", col(group, None)), ("tier", tiers), ("soph", col(soph, None)),
                     ("role", col(role, None)), ("region", reg), ("ring", col(ring, None)), ("created", col(created, None)),
                     ("pay", col(pay, None)), ("email", col(email, None)), ("country", [REGIONS[r]["c"] for r in reg]),
                     ("org", col(org, None))):
            self.A[k].extend(v)
        return np.arange(i0, i0 + n)

    def token(self, kind: str) -> str:
        return f"{kind}_{int(self.rng.integers(0, 1 << 56)):014x}"

    def mail(self, region: str) -> str:
        local = {"de": ["gmx.de", "web.de"], "fr": ["orange.fr", "free.fr"], "jp": ["yahoo.co.jp", "docomo.ne.jp"],
                 "in": ["rediffmail.com"], "br": ["uol.com.br", "bol.com.br"], "uk": ["btinternet.com"]}.get(region, [])
        doms = ["gmail.com", "gmail.com", "gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me"] + local
        return doms[int(self.rng.integers(0, len(doms)))]

    # ---- addresses
    def v4(self, nets, n: int) -> np.ndarray:
        """``n`` distinct new public IPv4 addresses of ``nets`` (an AS number or a (base, size) pair), as codes."""
        base, size = self.ref.asn[nets] if isinstance(nets, (int, np.integer)) else nets
        rng, out = self.rng, []
        w = size / size.sum()
        while len(out) < n:
            k = max(8, 2 * (n - len(out)))
            j = rng.choice(len(base), k, p=w)
            a = base[j] + 1 + (rng.random(k) * (size[j] - 2)).astype(np.int64)
            for x in a.tolist():
                if x not in self.used_v4 and (x & 0xFF) not in (0, 255):
                    self.used_v4.add(x)
                    out.append(x)
                    if len(out) == n:
                        break
        return self.IP.codes([str(ipaddress.IPv4Address(x)) for x in out])

    def v6(self, prefix: str, n: int, sub: np.ndarray | None = None) -> np.ndarray:
        """``n`` IPv6 addresses under the /32 ``prefix``: the /64 ``sub`` (an int per address, random if None) and a
        random interface id each, as codes."""
        rng = self.rng
        sub = rng.integers(0, 1 << 32, n) if sub is None else np.asarray(sub)
        iid = rng.integers(0, 1 << 63, n)
        ss = [f"{prefix}:{(s >> 16) & 0xffff:x}:{s & 0xffff:x}:{(i >> 48) & 0xffff | 0x200:x}:{(i >> 32) & 0xffff:x}:"
              f"{(i >> 16) & 0xffff:x}:{i & 0xffff:x}" for s, i in zip(sub.tolist(), iid.tolist())]
        return self.IP.codes(ss)

    # ---- time
    def local_ts(self, day: np.ndarray, region_off: np.ndarray, prof: str) -> np.ndarray:
        """A local-time draw of the hour profile ``prof`` on each (UTC-window) ``day``, as UTC ms."""
        rng, w = self.rng, DIURNAL[prof]
        h = rng.choice(24, len(day), p=w / w.sum())
        return (START_MS + day.astype(np.int64) * DAY + h * HOUR + (rng.random(len(day)) * HOUR).astype(np.int64)
                - np.asarray(region_off, dtype=np.int64) * MIN)

    def spread_days(self, accs: np.ndarray, totals: np.ndarray, kdays: np.ndarray, first_day=None):
        """Requests of each account (``totals``) spread over ``kdays`` distinct random days of the window (from
        ``first_day``). Returns (account per request, day per request)."""
        rng, D = self.rng, self.D
        n = len(accs)
        first = np.zeros(n, dtype=np.int64) if first_day is None else np.asarray(first_day)
        avail = D - first
        kd = np.clip(kdays, 1, avail)
        keys = rng.random((n, D))
        keys[np.arange(D)[None, :] < first[:, None]] = 2.0          # days before ``first`` come last
        order = np.argsort(keys, axis=1)                              # a random day order per account
        acc = np.repeat(np.arange(n), totals)
        pick = (rng.random(len(acc)) * kd[acc]).astype(np.int64)
        return accs[acc], order[acc, pick]

    # ---- prompts
    def chat(self, n: int, msg_share: float = 0.0) -> np.ndarray:
        """Ordinary chat requests: real prompts (popular ones often), sentences of them and pairs of sentences."""
        rng = self.rng
        kind = rng.random(n)
        out = np.empty(n, dtype=np.int64)
        a = kind < .45
        ia = rng.choice(len(self.aw_codes), a.sum(), p=self.aw_w)
        msg = rng.random(a.sum()) < msg_share
        out[a] = np.where(msg, self.aw_msg[ia], self.aw_codes[ia])
        s = (kind >= .45) & (kind < .85)
        out[s] = self.sent_codes[rng.integers(0, len(self.sent_codes), s.sum())]
        pr = kind >= .85
        S = self.ref.sentences
        i, j = rng.integers(0, len(S), pr.sum()), rng.integers(0, len(S), pr.sum())
        out[pr] = self.P.codes([S[x] + " " + S[y] for x, y in zip(i.tolist(), j.tolist())])
        return out

    def items(self, n: int) -> list[str]:
        """``n`` harvest items never asked before in this world: pairs of real sentences."""
        S, perm = self.ref.sentences, self.sent_perm
        k = np.arange(self.item_next, self.item_next + n)
        self.item_next += n
        a = k % len(S)
        b = (a + 1 + k // len(S)) % len(S)
        return [S[x] + " " + S[y] for x, y in zip(perm[a].tolist(), perm[b].tolist())]

    def harvest(self, n: int, datasets: list[str], suffix: str = "", wrap=None) -> np.ndarray:
        """``n`` harvest prompts: a template of the ring's datasets around a new item each."""
        T = [t for d in datasets for t in self.ref.templates[d]]
        ti = self.rng.integers(0, len(T), n)
        its = self.items(n)
        txt = [T[t][0] + it + T[t][1] + suffix for t, it in zip(ti.tolist(), its)]
        if wrap is not None:
            txt = [wrap(t) for t in txt]
        return self.P.codes(txt)

    # ---- events
    def emit(self, acc, ts, ip, pr, ua, tok, model):
        n = len(ts)
        b = lambda v, dt: np.broadcast_to(np.asarray(v, dtype=dt), (n,)).copy()
        self.ev.append((b(acc, np.int64), b(ts, np.int64), b(ip, np.int64), b(pr, np.int64), b(ua, np.int64),
                        b(tok, np.int64), b(model, np.int8)))

    def tokens(self, n, median, sigma=.7, lo=1, hi=16384):
        return np.clip(np.rint(self.rng.lognormal(np.log(median), sigma, n)), lo, hi).astype(np.int64)

    def models(self, n, p=(.72, .22, .06)):
        return self.rng.choice(3, n, p=p).astype(np.int8)

    def ua_per_account(self, accs, choices) -> np.ndarray:
        c = self.UA.codes(choices)
        return c[self.rng.integers(0, len(c), len(accs))]

    # ---- shared helpers of the cohorts
    def offs(self, accs) -> np.ndarray:
        return np.array([REGIONS[self.A["region"][a]]["off"] for a in accs.tolist()], dtype=np.int64)

    def home_v4(self, regions: list[str]) -> np.ndarray:
        """One home IPv4 address per entry (an ISP of its region), as codes."""
        rng = self.rng
        asn = np.array([REGIONS[r]["home"][int(rng.integers(0, len(REGIONS[r]["home"])))] for r in regions])
        out = np.empty(len(regions), dtype=np.int64)
        for a in np.unique(asn).tolist():
            m = asn == a
            out[m] = self.v4(a, int(m.sum()))
        return out

    def daily_v6(self, acc, day, prefix_of: dict, sub_of: dict) -> np.ndarray:
        """A privacy address per (account, day): the account's /64 (``sub_of``) and a new interface id each day."""
        key = acc.astype(np.int64) * 64 + day
        u, inv = np.unique(key, return_inverse=True)
        ua = (u // 64).tolist()
        codes = np.empty(len(u), dtype=np.int64)
        pre = np.array([prefix_of[a] for a in ua])
        sub = np.array([sub_of[a] for a in ua], dtype=np.int64)
        for p in np.unique(pre).tolist():
            m = pre == p
            codes[m] = self.v6(p, int(m.sum()), sub[m])
        return codes[inv]

    def volumes(self, n, med, sigma=1.3, cap=3000, per_day=6.0):
        rng = self.rng
        f = self.D / 21
        tot = np.clip(np.rint(rng.lognormal(np.log(med * f), sigma, n)), 1, cap).astype(np.int64)
        kd = np.clip(1 + rng.poisson(tot / per_day), 1, self.D)
        return tot, kd

    def person_events(self, accs, med, prof, ip_of_acc, ua_of_acc, msg=0.0, first_day=None, sigma=1.3,
                      v6=None, tokmed=350):
        """Ordinary people's own chat: heavy-tailed volumes over random days, the hour profile ``prof``."""
        if len(accs) == 0:
            return
        tot, kd = self.volumes(len(accs), med, sigma)
        a, d = self.spread_days(accs, tot, kd, first_day)
        ts = self.local_ts(d, self.offs(a), prof)
        pos = np.searchsorted(accs, a)
        ip = ip_of_acc[pos].copy()
        if v6 is not None:
            pre, sub, on = v6
            use = on[pos] & (self.rng.random(len(a)) < .6)
            if use.any():
                ip[use] = self.daily_v6(a[use], d[use], pre, sub)
        self.emit(a, ts, ip, self.chat(len(a), msg), ua_of_acc[pos], self.tokens(len(a), tokmed), self.models(len(a)))

    def never(self, accs, share) -> np.ndarray:
        """Marks a share of ``accs`` as never calling; returns the others."""
        m = self.rng.random(len(accs)) < share
        for a in accs[m].tolist():
            self.A["role"][a] = "never_calls"
        return accs[~m]

    def tiers(self, n, p) -> list[str]:
        return list(self.rng.choice(TIERS, n, p=p))

    # ------------------------------------------------------------------------------------------------ benign
    def b_hobbyist(self, n):
        rng = self.rng
        tiers = self.tiers(n, [.7, .3, 0, 0, 0])
        pay = [("" if t == "free" else self.token("gift" if rng.random() < .05 else "card")) for t in tiers]
        accs = self.new_accounts(n, "hobbyist", tier=tiers, pay=pay)
        accs = self.never(accs, .03)
        regs = [self.A["region"][a] for a in accs.tolist()]
        ip = self.home_v4(regs)
        on = rng.random(len(accs)) < .4
        pre = {a: REGIONS[r]["v6"] for a, r in zip(accs.tolist(), regs)}
        sub = {a: int(x) for a, x in zip(accs.tolist(), rng.integers(0, 1 << 32, len(accs)))}
        self.person_events(accs, 14, "home", ip, self.ua_per_account(accs, BROWSERS), CHAT_MSG_SHARE["hobbyist"],
                           v6=(pre, sub, on))

    def b_household(self, n):
        rng = self.rng
        done = 0
        while done < n:
            k = min(int(rng.integers(2, 6)), n - done)
            if n - done - k == 1:
                k += 1
            r = RNAMES[int(rng.choice(len(RNAMES), p=RW))]
            paid = rng.random() < .5
            card = self.token("card") if paid else ""
            g = f"hh_{len(self.A['cohort']):06d}"
            accs = self.new_accounts(k, "household", group=g, tier="starter" if paid else "free", region=r, pay=card)
            ip = np.repeat(self.home_v4([r]), k)
            on = np.repeat(rng.random() < .5, k)
            s = int(rng.integers(0, 1 << 32))
            self.person_events(accs, 16, "home", ip, self.ua_per_account(accs, BROWSERS + PHONE_UAS[:2]),
                               CHAT_MSG_SHARE["household"], v6=({a: REGIONS[r]["v6"] for a in accs.tolist()},
                                                                  {a: s for a in accs.tolist()}, on))
            done += k

    def b_office(self, n):
        rng = self.rng
        done = 0
        while done < n:
            k = int(min(200, 3 + rng.pareto(1.2) * 5))
            k = min(k, n - done)
            if n - done - k < 3:
                k = n - done
            r = RNAMES[int(rng.choice(len(RNAMES), p=RW))]
            org = f"org_{int(rng.integers(0, 1 << 40)):010x}"
            name = (THROWAWAY[int(rng.integers(0, 10))].capitalize() + EXHIBIT_B[int(rng.integers(0, 12))])
            dom = name.lower() + ".com"
            inv = rng.random() < .6
            if inv:
                accs = self.new_accounts(k, "office_nat", group=org, tier="team", region=r, pay=self.token("inv"),
                                         email=dom, org=org)
            else:
                accs = self.new_accounts(k, "office_nat", group=org, tier="starter", region=r, email=dom, org=org)
            nat = self.v4(REGIONS[r]["biz"], int(rng.integers(1, 4)))
            tot, kd = self.volumes(k, 24, per_day=5)
            a, d = self.spread_days(accs, tot, kd)
            dow = d % 7
            keep = (dow < 5) | (rng.random(len(d)) < .08)
            a, d = a[keep], d[keep]
            ts = self.local_ts(d, REGIONS[r]["off"], "office")
            tpl = rng.random(len(a)) < .35
            pr = self.chat(len(a))
            S = self.ref.sentences
            si = rng.integers(0, len(S), tpl.sum())
            pr[tpl] = self.P.codes([f"[{name} assistant] Draft a polite reply to this customer message: {S[x]}"
                                    for x in si.tolist()])
            uas = self.ua_per_account(accs, BROWSERS + SDK_UAS[:2])
            pos = np.searchsorted(accs, a)
            self.emit(a, ts, nat[rng.integers(0, len(nat), len(a))], pr, uas[pos], self.tokens(len(a), 300),
                      self.models(len(a)))
            done += k

    def b_campus(self, n):
        rng = self.rng
        unis = list(UNIS)
        sizes = rng.multinomial(n, [.25, .2, .15, .22, .18])
        S = self.ref.sentences
        for u, k in zip(unis, sizes.tolist()):
            if k == 0:
                continue
            asn, r, dom = UNIS[u]
            accs = self.new_accounts(k, "campus", group=f"uni_{u}", tier=self.tiers(k, [.75, .25, 0, 0, 0]),
                                     region=r, email=dom, role="student")
            accs = self.never(accs, .02)
            pool = self.v4(asn, 40)
            home = self.home_v4([r] * len(accs))
            tot, kd = self.volumes(len(accs), 18, per_day=5)
            a, d = self.spread_days(accs, tot, kd)
            ts = self.local_ts(d, REGIONS[r]["off"], "office")
            pos = np.searchsorted(accs, a)
            oncampus = rng.random(len(a)) < .7
            ip = np.where(oncampus, pool[rng.integers(0, 40, len(a))], home[pos])
            pr = self.chat(len(a))
            hw = rng.random(len(a)) < .1
            course = [f"Homework {1 + j // 15} ({u.upper()} CS 188): explain in your own words: {S[(j * 97) % len(S)]}"
                      for j in range(150)]
            cc = self.P.codes(course)
            pr[hw] = cc[rng.integers(0, 150, hw.sum())]
            self.emit(a, ts, ip, pr, self.ua_per_account(accs, BROWSERS)[pos], self.tokens(len(a), 450),
                      self.models(len(a)))

    def cgnat(self, r) -> np.ndarray:
        key = f"cgnat_{r}"
        if key not in self.platform:
            self.platform[key] = self.v4(REGIONS[r]["mob"], 40)
        return self.platform[key]

    def b_carrier(self, n):
        rng = self.rng
        accs = self.new_accounts(n, "carrier_mobile", tier=self.tiers(n, [.75, .25, 0, 0, 0]))
        accs = self.never(accs, .03)
        regs = np.array([self.A["region"][a] for a in accs.tolist()])
        tot, kd = self.volumes(len(accs), 16, per_day=4)
        a, d = self.spread_days(accs, tot, kd)
        pos = np.searchsorted(accs, a)
        ts = self.local_ts(d, self.offs(a), "phone")
        ip = np.empty(len(a), dtype=np.int64)
        ra = regs[pos]
        for r in np.unique(ra).tolist():
            m = ra == r
            pool = self.cgnat(r)
            ip[m] = pool[rng.integers(0, len(pool), m.sum())]
        on = rng.random(len(accs)) < .45
        use = on[pos] & (rng.random(len(a)) < .6)
        ip[use] = self.daily_v6(a[use], d[use], {x: REGIONS[self.A["region"][x]]["m6"] for x in accs.tolist()},
                                {x: int(v) for x, v in zip(accs.tolist(), rng.integers(0, 1 << 32, len(accs)))})
        self.emit(a, ts, ip, self.chat(len(a), CHAT_MSG_SHARE["carrier_mobile"]),
                  self.ua_per_account(accs, PHONE_UAS)[pos], self.tokens(len(a), 250), self.models(len(a)))

    def b_vpn(self, n):
        rng = self.rng
        accs = self.new_accounts(n, "vpn_user", tier=self.tiers(n, [.6, .4, 0, 0, 0]))
        accs = self.never(accs, .03)
        if "vpn_exits" not in self.platform:
            self.platform["vpn_exits"] = self.v4(self.ref.vpn, 300)
        exits = self.platform["vpn_exits"]
        tor = self.IP.codes(self.ref.tor)
        tot, kd = self.volumes(len(accs), 14)
        a, d = self.spread_days(accs, tot, kd)
        pos = np.searchsorted(accs, a)
        ts = self.local_ts(d, self.offs(a), "home")
        slot = (ts - START_MS) // (3 * HOUR)
        h = (a * 2654435761 + slot * 40503) % (1 << 31)
        ontor = (rng.random(len(accs)) < .1)[pos]
        ip = np.where(ontor, tor[h % len(tor)], exits[h % len(exits)])
        self.emit(a, ts, ip, self.chat(len(a)), self.ua_per_account(accs, BROWSERS[4:])[pos], self.tokens(len(a), 350),
                  self.models(len(a)))

    def b_indie(self, n):
        rng = self.rng
        accs = self.new_accounts(n, "indie_dev", tier=self.tiers(n, [0, .8, .2, 0, 0]))
        provs = ["digitalocean", "linode", "amazon", "google"]
        pv = rng.integers(0, 4, len(accs))
        ip = np.empty(len(accs), dtype=np.int64)
        for j, p in enumerate(provs):
            m = pv == j
            if m.any():
                ip[m] = self.v4(self.ref.cloud[p], int(m.sum()))
        tot, kd = self.volumes(len(accs), 120, sigma=1.2, cap=20000, per_day=12)
        a, d = self.spread_days(accs, tot, kd)
        pos = np.searchsorted(accs, a)
        ts = self.local_ts(d, self.offs(a), "flat")
        S = self.ref.sentences
        instr = ["Summarise for a product changelog", "Rewrite as a friendly tweet", "Extract the key entities as JSON",
                 "Translate to plain English", "Suggest three tags for"]
        app = [f"{THROWAWAY[i % 10].capitalize()}{'App' if i % 2 else 'ly'}" for i in range(len(accs))]
        ins = rng.integers(0, len(instr), len(accs))
        si = rng.integers(0, len(S), len(a))
        pr = self.P.codes([f"{app[p]}: {instr[ins[p]]}:\n\n{S[x]}" for p, x in zip(pos.tolist(), si.tolist())])
        self.emit(a, ts, ip[pos], pr, self.ua_per_account(accs, SDK_UAS)[pos], self.tokens(len(a), 220),
                  self.models(len(a), (.4, .55, .05)))

    def b_heavy(self, n):
        rng = self.rng
        done, S = 0, self.ref.sentences
        while done < n:
            k = min(int(rng.integers(1, 4)), n - done)
            org = f"org_{int(rng.integers(0, 1 << 40)):010x}"
            comp = THROWAWAY[int(rng.integers(0, 10))].capitalize() + "Desk"
            r = RNAMES[int(rng.choice(len(RNAMES), p=RW))]
            accs = self.new_accounts(k, "heavy_app", group=org, tier="scale", region=r, pay=self.token("inv"),
                                     email=comp.lower() + ".io", org=org)
            vms = self.v4(self.ref.cloud["amazon"], int(rng.integers(2, 5)))
            per_day = np.clip(rng.lognormal(np.log(450), .8, k), 60, 6000).astype(np.int64)
            tot = per_day * self.D
            a, d = self.spread_days(accs, tot, np.full(k, self.D))
            ts = self.local_ts(d, REGIONS[r]["off"], "flat")
            si = rng.integers(0, len(S), len(a))
            pr = self.P.codes([f"{comp} support bot. Classify this ticket and draft an answer: {S[x]}" for x in si.tolist()])
            ua = self.UA.code(f"{comp.lower()}-backend/1.{int(rng.integers(0, 9))} halyard-python/2.4.1")
            self.emit(a, ts, vms[rng.integers(0, len(vms), len(a))], pr, ua, self.tokens(len(a), 180),
                      self.models(len(a), (.2, .8, 0)))
            done += k

    # ---- new benign look-alikes
    def storm(self):
        """The storm that cancels flights (day, start, length) and the reading-plan calendar."""
        s = min(8, self.D - 3)
        start = START_MS + s * DAY + 14 * HOUR
        self.platform["storm"] = {"utc_start": iso(start), "hours": 36, "day": s}
        return start, start + 36 * HOUR

    def b_storm(self, n):
        rng = self.rng
        n = max(4, min(8, n))
        hubs = ["us_east", "us_west", "ca", "uk", "de", "mx", "us_east", "us_west"][:n]
        org = "org_aurora_airways"
        accs = self.new_accounts(n, "storm_rebooking", group=org, tier="enterprise", region=hubs,
                                 pay=self.token("inv"), email="aurora-airways.com", org=org)
        s0, s1 = self.storm_window
        ua = self.UA.code("aurora-rebook/3.8 (aws-lambda) halyard-python/2.4.1")
        S = self.ref.sentences
        for a, r in zip(accs.tolist(), hubs):
            vms = self.v4(self.ref.cloud["amazon"], 3)
            base = int(rng.integers(100, 220))
            nn = rng.poisson(base, self.D)
            d = np.repeat(np.arange(self.D), nn)
            ts = self.local_ts(d, REGIONS[r]["off"], "flat")
            k = int(base * 36 / 24 * rng.uniform(10, 15))             # the storm: ten to fifteen times the usual rate
            u = rng.beta(2, 3, k)
            ts = np.r_[ts, s0 + (u * (s1 - s0)).astype(np.int64)]
            m = len(ts)
            letters = rng.integers(0, 26, (m, 6)) + 65
            pnr = ["".join(map(chr, row)) for row in letters.tolist()]
            fl, si = rng.integers(100, 1000, m), rng.integers(0, len(S), m)
            pr = self.P.codes([STORM_TPL.format(pnr=p, fl=f, note=S[x]) for p, f, x in zip(pnr, fl.tolist(), si.tolist())])
            self.emit(np.full(m, a), ts, vms[rng.integers(0, 3, m)], pr, ua, self.tokens(m, 260, .4),
                      self.models(m, (.15, .85, 0)))

    def museum_exhibits(self):
        if "museums" not in self.platform:
            rng = self.rng
            mus = {}
            for k, (r, name, closed) in MUSEUMS.items():
                ex = [f"{EXHIBIT_A[i % 10]} {EXHIBIT_B[(i * 7 + len(k)) % 12]} no. {100 + i}" for i in range(60)]
                qr = [f"[QR {k.upper()}-{i:03d}] Tell me the story of the {e}, room {1 + i % 24} of the {name}. "
                      "Keep it under 150 words." for i, e in enumerate(ex)]
                w = 1.0 / np.arange(1, 61) ** 1.1
                mus[k] = {"region": r, "name": name, "closed_weekday": closed, "nat": self.v4(REGIONS[r]["biz"], 2),
                          "qr": self.P.codes(qr), "w": (w / w.sum())[rng.permutation(60)]}
            self.platform["museums"] = mus
        return self.platform["museums"]

    def b_museum(self, n):
        rng = self.rng
        mus = self.museum_exhibits()
        names = list(mus)
        sizes = rng.multinomial(n, [.4, .35, .25])
        for k, cnt in zip(names, sizes.tolist()):
            if cnt == 0:
                continue
            M = mus[k]
            local = rng.random(cnt) < .5
            regs = [M["region"] if l else RNAMES[int(rng.choice(len(RNAMES), p=RW))] for l in local.tolist()]
            open_days = [d for d in range(self.D) if d % 7 != M["closed_weekday"]]
            vday = np.array(open_days)[rng.integers(0, len(open_days), cnt)]
            off = REGIONS[M["region"]]["off"]
            vstart = (START_MS + vday * DAY + (rng.uniform(10, 15.5, cnt) * HOUR).astype(np.int64) - off * MIN)
            signup = rng.random(cnt) < .2                     # "scan to ask": signed up at the museum
            created = np.where(signup, vstart - rng.integers(2, 9, cnt) * MIN,
                               START_MS - (rng.exponential(300, cnt) * DAY).astype(np.int64))
            accs = self.new_accounts(cnt, "museum_qr", group=f"museum_{k}", tier=self.tiers(cnt, [.8, .2, 0, 0, 0]),
                                     region=regs, created=created, role="visitor")
            nq = rng.integers(3, 13, cnt)
            a = np.repeat(accs, nq)
            pos = np.searchsorted(accs, a)
            step = rng.integers(3 * MIN, 15 * MIN, len(a))
            first = np.r_[0, np.cumsum(nq)[:-1]]
            cs = np.cumsum(step)
            rel = cs - np.repeat(cs[first] - step[first], nq)
            ts = vstart[pos] + rel
            pr = M["qr"][rng.choice(60, len(a), p=M["w"])]
            ua = self.ua_per_account(accs, PHONE_UAS)
            self.emit(a, ts, M["nat"][rng.integers(0, 2, len(a))], pr, ua[pos], self.tokens(len(a), 220, .3),
                      np.zeros(len(a), np.int8))
            # their own chat at home on other days, from later sign-ups only after the visit
            home = self.home_v4(regs)
            first_day = np.where(signup, np.minimum(vday + 1, self.D - 1), 0)
            self.person_events(accs, 6, "home", home, ua, CHAT_MSG_SHARE["museum_qr"], first_day=first_day)

    def b_reading(self, n):
        rng = self.rng
        accs = self.new_accounts(n, "reading_plan", group="app_daybreak", tier=self.tiers(n, [.85, .15, 0, 0, 0]),
                                 role="reader")
        accs = self.never(accs, .03)
        k0 = int(rng.integers(0, len(READINGS)))
        codes = self.P.codes([DAYBREAK.format(r=r) for r in READINGS])
        self.platform["daybreak"] = {"first_reading": READINGS[k0], "readings": len(READINGS)}
        p = rng.beta(2, 2, len(accs)) * .9 + .05
        D = self.D
        on = rng.random((len(accs), D)) < p[:, None]
        ai, d = np.nonzero(on)
        a = accs[ai]
        catch = (rng.random(len(accs)) < .15)[ai] & (rng.random(len(a)) < .3)
        extra = np.where(catch, rng.integers(1, 4, len(a)), 0)
        a2 = np.repeat(a, 1 + extra)
        d2 = np.repeat(d, 1 + extra)
        back = np.concatenate([np.arange(1 + e) for e in extra.tolist()]) if len(extra) else np.zeros(0, np.int64)
        ridx = (d2 - back + k0) % len(READINGS)
        ts = self.local_ts(d2, self.offs(a2), "morning") + back * 40_000
        phone = (rng.random(len(accs)) < .6)
        regs = [self.A["region"][x] for x in accs.tolist()]
        home = self.home_v4(regs)
        pos = np.searchsorted(accs, a2)
        ip = home[pos].copy()
        ph = phone[pos]
        ra = np.array(regs)[pos]
        for r in np.unique(ra[ph]).tolist():
            m = ph & (ra == r)
            pool = self.cgnat(r)
            ip[m] = pool[rng.integers(0, len(pool), m.sum())]
        ua = self.ua_per_account(accs, DAYBREAK_UAS)
        self.emit(a2, ts, ip, codes[ridx], ua[pos], self.tokens(len(a2), 300, .3), np.ones(len(a2), np.int8))
        self.person_events(accs, 4, "home", home, self.ua_per_account(accs, BROWSERS))

    def hubs(self):
        if "esim_hubs" not in self.platform:
            self.platform["esim_hubs"] = {"sg": self.v4(4773, 8), "de": self.v4(3209, 8)}
        return self.platform["esim_hubs"]

    def b_esim(self, n):
        rng = self.rng
        hubs = self.hubs()
        hub = np.where(rng.random(n) < .5, "sg", "de")
        accs = self.new_accounts(n, "esim_roamer", group=[f"esim_{h}" for h in hub], tier=self.tiers(n, [.6, .4, 0, 0, 0]),
                                 role="traveller")
        regs = [self.A["region"][x] for x in accs.tolist()]
        home = self.home_v4(regs)
        tot, kd = self.volumes(n, 24, per_day=4)
        a, d = self.spread_days(accs, tot, kd)
        pos = np.searchsorted(accs, a)
        tlen = rng.integers(3, 11, n)
        tstart = (rng.random(n) * np.maximum(self.D - tlen, 1)).astype(np.int64)
        dest = np.where(hub == "sg", rng.choice(["jp", "sg", "in"], n), rng.choice(["uk", "fr", "de"], n))
        trip = (d >= tstart[pos]) & (d < tstart[pos] + tlen[pos])
        off = np.where(trip, [REGIONS[x]["off"] for x in dest[pos]], self.offs(a))
        ts = self.local_ts(d, off, "phone")
        ip = home[pos].copy()
        for h in ("sg", "de"):
            m = trip & (hub[pos] == h)
            ip[m] = hubs[h][rng.integers(0, 8, m.sum())]
        self.platform.setdefault("esim_trips", int(n))
        self.emit(a, ts, ip, self.chat(len(a), CHAT_MSG_SHARE["esim_roamer"]), self.ua_per_account(accs, PHONE_UAS)[pos],
                  self.tokens(len(a), 280), self.models(len(a)))

    def b_dhcp(self, n):
        rng = self.rng
        cities = [("dhcp_charter_us_west", "us_west", 20115), ("dhcp_claro_br", "br", 28573)]
        sizes = [n // 2, n - n // 2]
        self.platform["dhcp_pools"] = {}
        for (g, r, asn), k in zip(cities, sizes):
            if k == 0:
                continue
            accs = self.new_accounts(k, "dhcp_churn", group=g, tier=self.tiers(k, [.65, .35, 0, 0, 0]), region=r,
                                     role="subscriber")
            P = int(np.ceil(k * 1.25)) + 2
            pool = self.v4(asn, P)
            self.platform["dhcp_pools"][g] = {"households": k, "addresses": P}
            period = rng.integers(1, 5, k)
            phase = rng.integers(0, 4, k)
            cur = rng.permutation(P)[:k]
            addr = np.empty((k, self.D), dtype=np.int64)
            for d in range(self.D):
                renew = ((d + phase) % period == 0) if d else np.zeros(k, bool)
                if renew.any():
                    used = np.zeros(P, bool)
                    used[cur[~renew]] = True
                    free = np.flatnonzero(~used)
                    cur = cur.copy()
                    cur[renew] = rng.permutation(free)[:renew.sum()]
                addr[:, d] = cur
            tot, kd = self.volumes(k, 18)
            a, d = self.spread_days(accs, tot, kd)
            pos = np.searchsorted(accs, a)
            ts = self.local_ts(d, REGIONS[r]["off"], "home")
            # the lease of the local day the request is made on (UTC day of the local evening may differ: keep local)
            ip = pool[addr[pos, d]]
            self.emit(a, ts, ip, self.chat(len(a)), self.ua_per_account(accs, BROWSERS)[pos], self.tokens(len(a), 350),
                      self.models(len(a)))

    def b_family(self, n):
        rng = self.rng
        done = 0
        while done < n:
            k = min(int(rng.integers(2, 5)), n - done)
            if n - done - k == 1:
                k += 1
            regs = list(rng.choice(FAM_REGIONS, k, replace=False, p=FAM_W))
            g = f"fam_{len(self.A['cohort']):06d}"
            accs = self.new_accounts(k, "family_card_abroad", group=g, tier="starter", region=regs,
                                     pay=self.token("card"))
            home = self.home_v4(regs)
            self.person_events(accs, 22, "home", home, self.ua_per_account(accs, BROWSERS + PHONE_UAS[:2]))
            done += k

    # ------------------------------------------------------------------------------------------------ rings
    def ring_days(self, accs, m, allowed=None):
        """Working days of each ring account (1 + Poisson(m - 1), at most the allowed days) and the requests of
        each working day: three in four at 40-90 % of the starter limit, one in four at 8-30 %."""
        rng = self.rng
        allowed = np.arange(self.D) if allowed is None else np.asarray(allowed)
        n = len(accs)
        k = np.clip(1 + rng.poisson(max(m - 1, 0), n), 1, len(allowed))
        order = np.argsort(rng.random((n, len(allowed))), axis=1)
        ai = np.repeat(np.arange(n), k)
        j = np.concatenate([np.arange(x) for x in k.tolist()])
        day = allowed[order[ai, j]]
        lim = DAILY["starter"]
        busy = rng.random(len(ai)) < .75
        share = np.where(busy, rng.uniform(.4, .9, len(ai)), rng.uniform(.08, .3, len(ai)))
        return accs[ai], day, np.rint(share * lim).astype(np.int64)

    def ring_times(self, acc, day, nreq, start_h, span_h):
        """Requests of each (account, day): uniform over a session of ``span_h`` hours from ``start_h`` (UTC)."""
        a = np.repeat(acc, nreq)
        st = START_MS + day * DAY + (np.asarray(start_h) * HOUR).astype(np.int64)
        sp = (np.asarray(span_h) * HOUR).astype(np.int64)
        st, sp = np.broadcast_to(st, (len(acc),)), np.broadcast_to(sp, (len(acc),))
        ts = np.repeat(st, nreq) + (self.rng.random(len(a)) * np.repeat(sp, nreq)).astype(np.int64)
        return a, ts

    def ring_accounts(self, kind, rid, size, region=None, created=None, pay=None, email=None, org="", role="member"):
        return self.new_accounts(size, kind, group=rid, tier="starter", soph=SOPH[kind], region=region, ring=rid,
                                 created=created, pay=pay, email=email, org=org, role=role)

    def pick_datasets(self, k) -> list[str]:
        ds = sorted(self.ref.templates)
        free = [d for d in ds if d not in self.used_ds] or ds
        out = [free[i] for i in self.rng.choice(len(free), k, replace=False).tolist()]
        self.used_ds.update(out)
        return out

    def add_ring(self, rid, kind, size, signals, evasions, datasets, **extra):
        self.rings.append({"ring_id": rid, "kind": kind, "size": int(size), "sophistication": SOPH[kind],
                           "signals_kept": signals, "evasions": evasions, "datasets": datasets, **extra})

    def k_card_pool(self, rid, size, m):
        rng = self.rng
        cards = [self.token("card") for _ in range(int(rng.integers(1, 3)))]
        t0 = START_MS - int(rng.integers(2, 6)) * DAY + int(rng.integers(0, DAY))
        accs = self.ring_accounts("card_pool", rid, size, region="us_east",
                                  created=t0 + rng.integers(0, 3 * HOUR, size),
                                  pay=[cards[i % len(cards)] for i in range(size)],
                                  email=list(rng.choice(["yopmail.com", "guerrillamailblock.com"], size)))
        ds = self.pick_datasets(1)
        ips = self.v4(self.ref.dc, int(rng.integers(4, 7)))
        a, d, nr = self.ring_days(accs, m)
        a, ts = self.ring_times(a, d, nr, rng.uniform(0, 3, len(a)), rng.uniform(18, 21, len(a)))
        self.emit(a, ts, ips[rng.integers(0, len(ips), len(a))], self.harvest(len(a), ds),
                  self.UA.code("python-requests/2.32.3"), self.tokens(len(a), 300), 0)
        self.add_ring(rid, "card_pool", size, ["1-2 cards across the ring", "4-6 datacenter addresses",
                                               "python-requests user agent", "one dataset", "sign-up burst in 3 hours"],
                      ["per-account limits only"], ds)

    def k_cot(self, rid, size, m):
        rng = self.rng
        accs = self.ring_accounts("cot_harvest", rid, size, region="de")
        ds = self.pick_datasets(1)
        ips = np.r_[self.v4(24940, int(rng.integers(1, 3))), self.v4(16276, 1)]
        a, d, nr = self.ring_days(accs, m)
        a, ts = self.ring_times(a, d, nr, rng.uniform(5, 12, len(a)), rng.uniform(6, 11, len(a)))
        self.emit(a, ts, ips[rng.integers(0, len(ips), len(a))], self.harvest(len(a), ds, COT),
                  self.UA.code("halyard-python/2.3.0"), self.tokens(len(a), 1600, .5), 2)
        self.add_ring(rid, "cot_harvest", size, ["2-3 Hetzner/OVH addresses", "one SDK build",
                                                 "chain-of-thought suffix on every request", "one dataset"],
                      ["own cards"], ds)

    def k_hydra(self, rid, size, m):
        rng = self.rng
        waves = START_MS - (rng.uniform(10, 200, 4) * DAY).astype(np.int64)
        created = waves[rng.integers(0, 4, size)] + rng.integers(0, 6 * HOUR, size)
        pay = [self.token(["card", "wal"][int(rng.random() < .35)]) for _ in range(size)]
        accs = self.ring_accounts("hydra_reseller", rid, size, region=list(rng.choice(RNAMES, size, p=RW)),
                                  created=created, pay=pay)
        ds = self.pick_datasets(3)
        P = int(min(150, max(8, size // 8)))
        pool = np.r_[self.v4(20473, P // 2), self.v4(self.ref.dc, P - P // 2)]
        per = rng.integers(3, 7, size)
        mine = np.stack([rng.choice(P, 6, replace=False) for _ in range(size)])
        a, d, nr = self.ring_days(accs, m)
        a, ts = self.ring_times(a, d, nr, rng.uniform(0, 4, len(a)), rng.uniform(16, 20, len(a)))
        pos = a - accs[0]
        ip = pool[mine[pos, (rng.random(len(a)) * per[pos]).astype(np.int64)]]
        chat = rng.random(len(a)) < rng.uniform(.4, .6, size)[pos]
        pr = np.empty(len(a), dtype=np.int64)
        pr[chat] = self.chat(int(chat.sum()), CHAT_MSG_SHARE["hydra_reseller"])
        hv = np.flatnonzero(~chat)
        cot = rng.random(len(hv)) < .5
        pr[hv[cot]] = self.harvest(int(cot.sum()), ds[:1], COT)
        pr[hv[~cot]] = self.harvest(int((~cot).sum()), ds[1:])
        model = np.where(chat, self.models(len(a)), 0)
        model[hv[cot]] = 2
        uas = self.UA.codes(HYDRA_UAS)[rng.choice(3, size, p=[.7, .15, .15])]
        tok = np.where(model == 2, self.tokens(len(a), 1400, .5), self.tokens(len(a), 320))
        self.emit(a, ts, ip, pr, uas[pos], tok, model)
        self.add_ring(rid, "hydra_reseller", size, [f"relay pool of {P} datacenter addresses, 3-6 per account",
                                                    "reseller gateway user agents", "three datasets, CoT on one"],
                      ["resold ordinary chat (40-60 %)", "own cards and wallets", "sign-up waves months before"], ds,
                      relay_pool=P)

    def k_tool(self, rid, size, m):
        rng = self.rng
        accs = self.ring_accounts("tool_result", rid, size, region="us_east")
        ds = self.pick_datasets(1)
        pv = rng.choice(["digitalocean", "linode"], size)
        ip = np.empty(size, np.int64)
        for p in ("digitalocean", "linode"):
            mm = pv == p
            if mm.any():
                ip[mm] = self.v4(self.ref.cloud[p], int(mm.sum()))
        a, d, nr = self.ring_days(accs, m)
        a, ts = self.ring_times(a, d, nr, rng.uniform(13, 15, len(a)), rng.uniform(6, 8.5, len(a)))

        def wrap(t):
            return json.dumps([{"role": "system", "content": TOOL_SYSTEM}, {"role": "user", "content": TOOL_USER},
                               {"role": "assistant", "content": TOOL_CALL}, {"role": "tool", "content": t},
                               {"role": "user", "content": TOOL_AFTER}], ensure_ascii=False)
        self.emit(a, ts, ip[a - accs[0]], self.harvest(len(a), ds, wrap=wrap), self.UA.code("halyard-node/2.3.0"),
                  self.tokens(len(a), 350), 0)
        self.add_ring(rid, "tool_result", size, ["one dataset", "the same tool-calling scaffold", "business hours"],
                      ["*new*: every item arrives as a tool result inside a chat-message list, behind a generic "
                       "agent system prompt and user turn", "own cloud VM and card per account"], ds)

    def k_gift(self, rid, size, m):
        rng = self.rng
        pay, done = [], 0
        while done < size:
            b = int(rng.integers(0, 1 << 32))
            s0 = int(rng.integers(0, 1 << 20))
            k = min(int(rng.integers(5, 11)), size - done)
            pay += [f"gift_{b:08x}{s0 + i:06x}" for i in range(k)]
            done += k
        created = START_MS - (rng.uniform(1, 8, size) * DAY).astype(np.int64)
        doms = [f"{THROWAWAY[int(rng.integers(0, 10))]}{int(rng.integers(1000, 9999))}."
                f"{['xyz', 'online', 'site'][int(rng.integers(0, 3))]}" for _ in range(size)]
        regs = list(rng.choice(["us_east", "us_west"], size))
        accs = self.ring_accounts("gift_card_batch", rid, size, region=regs, created=created, pay=pay, email=doms)
        ds = self.pick_datasets(1)
        ip = self.home_v4(regs)
        a, d, nr = self.ring_days(accs, m)
        a, ts = self.ring_times(a, d, nr, rng.uniform(22, 25, len(a)) % 24, rng.uniform(5, 8, len(a)))
        self.emit(a, ts, ip[a - accs[0]], self.harvest(len(a), ds), self.UA.code(BROWSERS[3]), self.tokens(len(a), 300), 0)
        self.add_ring(rid, "gift_card_batch", size, ["prepaid gift cards of a few batches with consecutive serials",
                                                     "one browser build", "one dataset"],
                      ["*new*: one prepaid gift card per account, bought in batches (no card shared)",
                       "a throwaway custom mail domain per account", "a residential address per account"], ds)

    def k_roaming(self, rid, size, m):
        rng = self.rng
        hubs = self.hubs()
        regs = list(rng.choice(RNAMES, size, p=RW))
        accs = self.ring_accounts("roaming_sim", rid, size, region=regs)
        ds = self.pick_datasets(2)
        h = "sg" if rng.random() < .5 else "de"
        a, d, nr = self.ring_days(accs, m)
        a, ts = self.ring_times(a, d, nr, rng.uniform(0, 10, len(a)), rng.uniform(8, 13, len(a)))
        ua = self.ua_per_account(accs, PHONE_UAS)
        self.emit(a, ts, hubs[h][rng.integers(0, 8, len(a))], self.harvest(len(a), ds), ua[a - accs[0]],
                  self.tokens(len(a), 300), 0)
        self.add_ring(rid, "roaming_sim", size, [f"the {h} roaming hub's addresses the whole window", "two datasets",
                                                 "phone app user agents with harvest volume"],
                      ["*invented*: exits are a travel eSIM's roaming breakout addresses shared with real travellers",
                       "accounts claim many home countries", "own cards"], ds, hub=h)

    def k_family(self, rid, size, m):
        rng = self.rng
        fam = []
        while sum(fam) < size:
            fam.append(int(rng.integers(2, 5)))
        fam[-1] -= sum(fam) - size
        if fam[-1] < 2:                      # a family of one: join the previous family or take one of its members
            x = fam.pop()
            if fam[-1] + x <= 4:
                fam[-1] += x
            else:
                fam[-1] -= 2 - x
                fam.append(2)
        pay, regs = [], []
        for k in fam:
            c = self.token("card")
            pay += [c] * k
            regs += list(rng.choice(FAM_REGIONS, k, replace=False, p=FAM_W))
        created = START_MS - (rng.uniform(20, 27, size) * DAY).astype(np.int64)
        accs = self.ring_accounts("family_cards", rid, size, region=regs, created=created, pay=pay)
        ds = self.pick_datasets(1)
        ip = self.home_v4(regs)
        off = self.offs(accs)
        a, d, nr = self.ring_days(accs, m)
        pos = a - accs[0]
        a, ts = self.ring_times(a, d, nr, (rng.uniform(17, 19, len(a)) - off[pos] / 60) % 24, rng.uniform(4, 5, len(a)))
        self.emit(a, ts, ip[a - accs[0]], self.harvest(len(a), ds), self.ua_per_account(accs, BROWSERS)[a - accs[0]],
                  self.tokens(len(a), 300), 0)
        self.add_ring(rid, "family_cards", size, ["one dataset", "sign-ups in one week", "cards of 2-4 accounts each"],
                      ["*invented*: each card shared by 2-4 accounts in different countries, like a family paying "
                       "for relatives abroad", "own home address and browser per account"], ds, families=len(fam))

    def k_midnight(self, rid, size, m):
        rng = self.rng
        accs = self.ring_accounts("midnight_straddle", rid, size, region="us_west")
        ds = self.pick_datasets(1)
        ip = self.v4(7018, size)
        if self.D < 2:
            return
        a, d, nr = self.ring_days(accs, max(1.0, m / 2), allowed=np.arange(1, self.D))
        n2 = np.rint(rng.uniform(.4, .9, len(a)) * DAILY["starter"]).astype(np.int64)
        a1, t1 = self.ring_times(a, d - 1, nr, rng.uniform(21.5, 22.5, len(a)), 24 - 22.5)
        a2, t2 = self.ring_times(a, d, n2, 0.0, rng.uniform(1.5, 2.5, len(a)))
        aa, tt = np.r_[a1, a2], np.r_[t1, t2]
        self.emit(aa, tt, ip[aa - accs[0]], self.harvest(len(aa), ds), self.UA.code("python-httpx/0.27.2"),
                  self.tokens(len(aa), 300), 0)
        self.add_ring(rid, "midnight_straddle", size, ["one dataset", "sessions around 00:00 UTC", "one HTTP client"],
                      ["*new*: each session straddles midnight UTC, so one sitting draws on two days' limits",
                       "own static address per account"], ds)

    def k_surge(self, rid, size, m):
        rng = self.rng
        sd = self.platform["storm"]["day"]
        accs = self.ring_accounts("surge_cover", rid, size, region="us_east")
        ds = self.pick_datasets(1)
        ip = self.v4(self.ref.cloud["amazon"], size)
        allowed = np.array([x for x in (sd, sd + 1) if x < self.D])
        a, d, nr = self.ring_days(accs, 2, allowed=allowed)
        start = np.where(d == sd, rng.uniform(14.5, 19, len(a)), rng.uniform(0, 18, len(a)))
        a, ts = self.ring_times(a, d, nr, start, rng.uniform(3, 5, len(a)))
        self.emit(a, ts, ip[a - accs[0]], self.harvest(len(a), ds), self.UA.code("halyard-python/2.4.1"),
                  self.tokens(len(a), 280), 1)
        self.add_ring(rid, "surge_cover", size, ["one dataset", "works only in the storm's 36 hours", "AWS addresses"],
                      ["*invented*: works only while the storm surge floods the platform, hiding its volume in the "
                       "busiest hours", "own AWS address and card per account"], ds)


# ------------------------------------------------------------------------------------------------ sizes

def _fill(total: int, lo: int, hi: int, rng, skew: float = 0.0) -> list[int]:
    """Ring sizes in [lo, hi] adding up to ``total`` (``skew`` > 0 favours small rings)."""
    out, rem = [], total
    while rem > hi + lo:
        s = int(lo + (hi - lo) * rng.random() ** (1 + skew))
        out.append(s)
        rem -= s
    if rem <= hi:
        if rem >= lo:
            out.append(rem)
        else:
            for i in range(len(out)):
                if rem and out[i] + rem <= hi:
                    out[i] += rem
                    rem = 0
            if rem:                                   # no room: take what is missing from the largest ring
                i = int(np.argmax(out))
                out[i] -= lo - rem
                out.append(lo)
                assert out[i] >= lo
    else:
        out += [rem - lo, lo]
    return out


def ring_sizes(world: str, R: int, N: int, rng) -> tuple[list[int], int]:
    """Ring sizes of a draw and the hydra's size (0 when none)."""
    if world == "small":
        return _fill(R, 3, 15, rng, 2.0), 0
    if world == "mixed":
        s = round(.5 * R)
        m = round(.3 * R)
        return _fill(s, 3, 15, rng, 1.0) + _fill(m, 16, 60, rng) + _fill(R - s - m, 61, 300, rng), 0
    hy = int(round(rng.uniform(.055, .065) * N))
    return [hy] + _fill(R - hy, 3, 60, rng, 1.0), hy


KIND_FN = {"card_pool": "k_card_pool", "cot_harvest": "k_cot", "hydra_reseller": "k_hydra", "tool_result": "k_tool",
           "gift_card_batch": "k_gift", "roaming_sim": "k_roaming", "family_cards": "k_family",
           "midnight_straddle": "k_midnight", "surge_cover": "k_surge"}
BENIGN_FN = {"hobbyist": "b_hobbyist", "household": "b_household", "office_nat": "b_office", "campus": "b_campus",
             "carrier_mobile": "b_carrier", "vpn_user": "b_vpn", "indie_dev": "b_indie", "heavy_app": "b_heavy",
             "storm_rebooking": "b_storm", "museum_qr": "b_museum", "reading_plan": "b_reading",
             "esim_roamer": "b_esim", "dhcp_churn": "b_dhcp", "family_card_abroad": "b_family"}
PER_DAY_RING = 0.535 * DAILY["starter"]       # expected requests of a ring account's working day


# ------------------------------------------------------------------------------------------------ generate

def generate(p: Params, out_dir: Path | None = None, ref: Ref | None = None) -> dict:
    t0 = time.time()
    out_dir = Path(out_dir or p.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    ref = ref or Ref()
    w = World(p, ref)
    rng, N, D = w.rng, p.n_accounts, p.days
    share = p.ring_share if p.ring_share is not None else {"small": .005, "mixed": .05, "hydra": .075}[p.world]
    R = int(round(share * N))
    sizes, hy = ring_sizes(p.world, R, N, rng) if R >= 3 else ([], 0)
    w.storm_window = w.storm()
    w.museum_exhibits()
    w.hubs()
    # benign cohorts
    B = N - R
    bw = np.array(list(BENIGN_SHARES.values()))
    cnt = np.floor(bw / bw.sum() * B).astype(int)
    cnt[0] += B - cnt.sum()
    for (c, fn), k in zip(BENIGN_FN.items(), cnt.tolist()):
        if c == "storm_rebooking":
            k = max(4, min(8, k))
            cnt[0] -= k - int(cnt[list(BENIGN_FN).index(c)])
        if k > 0 and c != "hobbyist":
            getattr(w, fn)(k)
    getattr(w, "b_hobbyist")(int(cnt[0]))
    n_benign_events = sum(len(e[0]) for e in w.ev)
    # rings: kinds rotate (the hydra world: one hydra, the rest of the other kinds)
    kinds = list(rng.permutation(RING_KINDS))
    if hy:
        kinds = [k for k in kinds if k != "hydra_reseller"]
    budget = 100.0 * N * min(D, 21) / 21
    m = float(np.clip(budget / max(R, 1) / PER_DAY_RING, 1.0, D))
    w.days_mean = m
    order = list(rng.permutation(len(sizes)))
    for j, i in enumerate(order):
        size = sizes[i]
        kind = "hydra_reseller" if (hy and i == 0) else kinds[j % len(kinds)]
        rid = f"ring_{j + 1:03d}"
        getattr(w, KIND_FN[kind])(rid, size, m)
    ev = [np.concatenate([e[k] for e in w.ev]) for k in range(7)]
    a, ts, ip, pr, ua, tok, model = ev
    NA = len(w.A["cohort"])
    assert NA == N, (NA, N)
    END = START_MS + D * DAY
    keep = (ts >= START_MS) & (ts < END)
    a, ts, ip, pr, ua, tok, model = (x[keep] for x in (a, ts, ip, pr, ua, tok, model))
    drawn = len(a)
    # retries: 1 % sent again 1-8 s later; the first timed out (no output tokens)
    r = np.flatnonzero(rng.random(len(a)) < .01)
    r = r[ts[r] + 8000 < END]
    tok[r] = -1
    rts = ts[r] + rng.integers(1000, 8001, len(r))
    a, ts, ip, pr, ua, model = (np.r_[x, y] for x, y in ((a, a[r]), (ts, rts), (ip, ip[r]), (pr, pr[r]), (ua, ua[r]),
                                                          (model, model[r])))
    tok = np.r_[tok, w.tokens(len(r), 300)]
    # limits: per UTC minute, then per UTC day; refused requests are not logged
    tier_ix = np.array([TIERS.index(t) for t in w.A["tier"]])
    dl = np.array([DAILY[t] for t in TIERS])[tier_ix]
    ml = np.array([MINUTE[t] for t in TIERS])[tier_ix]
    o = np.lexsort((ts, a))
    a, ts, ip, pr, ua, tok, model = (x[o] for x in (a, ts, ip, pr, ua, tok, model))

    def rank(key):
        new = np.r_[True, (a[1:] != a[:-1]) | (key[1:] != key[:-1])]
        start = np.flatnonzero(new)
        grp = np.cumsum(new) - 1
        return np.arange(len(a)) - start[grp]
    ok = rank(ts // MIN) < ml[a]
    a, ts, ip, pr, ua, tok, model = (x[ok] for x in (a, ts, ip, pr, ua, tok, model))
    ok2 = rank(ts // DAY) < dl[a]
    refused = int((~ok).sum() + (~ok2).sum())
    a, ts, ip, pr, ua, tok, model = (x[ok2] for x in (a, ts, ip, pr, ua, tok, model))
    # missing fields
    n = len(a)
    first_of_acc = np.r_[True, a[1:] != a[:-1]]
    miss_ip = rng.random(n) < .005
    ip = np.where(miss_ip, -1, ip)
    ua = np.where(rng.random(n) < .006, -1, ua)
    tok = np.where(rng.random(n) < .005, -1, tok)
    pay_arr = np.array(w.A["pay"], dtype=object)
    miss_pay = (rng.random(n) < .003) & ~first_of_acc
    # keys: one per account, a quarter rotate to a second at some moment of the window
    rot = np.where(rng.random(N) < .25, START_MS + (rng.random(N) * D * DAY).astype(np.int64), 1 << 62)
    keyhex = rng.integers(0, 1 << 62, (N, 2))
    kc = a * 2 + (ts >= rot[a])
    # time order
    o = np.lexsort((a, ts))
    a, ts, ip, pr, ua, tok, model, kc, miss_pay = (x[o] for x in (a, ts, ip, pr, ua, tok, model, kc, miss_pay))
    # account ids
    ids = np.unique(rng.integers(1 << 36, 1 << 40, N * 2))
    ids = rng.permutation(ids)[:N]
    aid = np.array([f"acct_{x:010x}" for x in ids.tolist()], dtype=object)
    ku, kinv = np.unique(kc, return_inverse=True)
    kstr = pa.array([f"hk-{keyhex[k // 2, k % 2]:016x}" for k in ku.tolist()], pa.string()).take(pa.array(kinv))
    pays = pay_arr[a]
    pays = np.where((pays == "") | miss_pay, None, pays)

    def take(pool: Pool, codes):
        return pa.array(pool.items, pa.string()).take(pa.array(codes, mask=codes < 0))
    cols = {"account_id": pa.array(aid[a], pa.string()), "timestamp": pa.array(ts, pa.timestamp("ms", tz="UTC")),
            "ip": take(w.IP, ip), "payment_method": pa.array(pays, pa.string()), "prompt": take(w.P, pr),
            "user_agent": take(w.UA, ua), "output_tokens": pa.array(tok, pa.int64(), mask=tok < 0),
            "api_key_id": kstr, "model": pa.array(np.array(MODELS)[model], pa.string())}
    write_events(out_dir, cols, p.format, p.minimal)
    # accounts, truth, world.json
    per = np.bincount(a, minlength=N)
    coh = np.array(w.A["cohort"], dtype=object)
    first_ev = np.full(N, 1 << 62)
    np.minimum.at(first_ev, a, ts)
    created = np.minimum(np.array(w.A["created"], dtype=np.int64), first_ev)
    tiers = np.array(w.A["tier"], dtype=object)
    accdf = pd.DataFrame({"account_id": aid, "created_at": [iso(x) for x in created.tolist()], "payment_method": pay_arr,
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
    plat = dict(w.platform)
    plat["museums"] = {k: {"region": v["region"], "name": v["name"], "closed_weekday": v["closed_weekday"],
                           "wifi_nat": [w.IP.items[c] for c in v["nat"].tolist()]} for k, v in plat["museums"].items()}
    plat["esim_hubs"] = {k: [w.IP.items[c] for c in v.tolist()] for k, v in plat["esim_hubs"].items()}
    for k in list(plat):
        if k.startswith("cgnat_") or k == "vpn_exits":
            plat[k] = [w.IP.items[c] for c in plat[k].tolist()]
    meta = {
        "world": "world39 (Halyard)",
        "params": {"seed": p.seed, "world": p.world, "n_accounts": N, "days": D, "ring_share": share,
                   "start": START.strftime("%Y-%m-%dT%H:%M:%SZ"), "minimal": p.minimal, "format": p.format},
        "counts": {"accounts": N, "events": int(len(a)), "ring_accounts": int(R), "rings": len(w.rings),
                   "ring_events": int(per[rmask].sum()), "benign_events_drawn": int(n_benign_events),
                   "benign_group_accounts": int(gsize[gsize >= 2].sum()), "benign_groups": int((gsize >= 2).sum()),
                   "accounts_without_events": int((per == 0).sum()), "requests_drawn": int(drawn + len(r)),
                   "refused_requests_not_logged": refused, "retry_duplicates_drawn": int(len(r)),
                   "missing_ip_events": int((ip < 0).sum()),
                   "ring_working_days_mean": round(m, 2),
                   "ring_active_utc_days_per_account": round(float(ring_days), 2),
                   "ring_accounts_by_kind": {k: int(v) for k, v in truth[rmask].groupby("cohort").size().items()},
                   "benign_groups_by_cohort": {k: int(v) for k, v in bt.groupby("cohort")["group_id"].nunique().items()}},
        "cohorts": cohorts,
        "rings": w.rings,
        "platform": {"name": "Halyard (fictional)", "daily_limits": DAILY, "minute_limits": MINUTE, "models": MODELS,
                     **plat,
                     "regions": {k: {"country": v["c"], "utc_offset_minutes": v["off"]} for k, v in REGIONS.items()},
                     "text_timestamps": "ISO 8601 UTC to the millisecond (...Z)"},
        "reference_data": {"root": "$GRAPHHUNT_SHARED_DATA", "files": dict(sorted(ref.files.items()))},
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "generation_seconds": round(time.time() - t0, 1),
    }
    (out_dir / "world.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False, default=_jsonable) + "\n")
    return meta


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
        print(f"world39 {a.world} seed {a.seed}: {c['accounts']} accounts, {c['events']} events, "
              f"{c['ring_accounts']} ring accounts in {c['rings']} rings, {meta['generation_seconds']} s -> {a.out}")
    return meta


if __name__ == "__main__":
    main()
