#!/usr/bin/env python3
"""World 35 ("Cobalt"): a blind test world of distillation rings on a fictional 2026 LLM API platform.

Standalone (numpy, pandas, pyarrow; never imports graphhunt). Reads real reference text and IP ranges from
$GRAPHHUNT_SHARED_DATA (default /work/shared/data) and writes into --out:
  events.<parquet|csv|jsonl|jsonl.gz>, accounts.csv, truth.csv, world.json.
The same arguments give byte-identical files (whatever PYTHONHASHSEED). See docs/WORLD35.md.

    python benchmarks/world35.py --out DIR --n-accounts 20000 --seed 1 --world small --minimal
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
START = pd.Timestamp("2026-11-30T00:00:00Z")            # a Monday; every region on its winter offset
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
DAILY = {"free": 50, "pro": 2000, "team": 10000, "scale": 50000, "enterprise": 250000}
MINUTE = {"free": 4, "pro": 40, "team": 150, "scale": 600, "enterprise": 2500}
MODELS = ["cb-4", "cb-4-mini", "cb-4-think", "cb-4-vision"]

# region: country, UTC offset (minutes, fixed in the window), home ISPs, business ISPs, mobile carriers (AS numbers of
# the shared 2014 table), universities, IPv6 /32 of home and mobile networks (my choice), mail domains
REGIONS = {
    "us_e": dict(c="US", off=-300, home=[7922, 7018, 22773, 20115], biz=[701, 3561], mob=[22394, 21928], uni=[3],
                 v6="2601:1c0", m6="2607:fb90", mail=["gmail.com", "outlook.com", "yahoo.com", "icloud.com"]),
    "us_w": dict(c="US", off=-480, home=[7922, 20115, 22773, 7018], biz=[701, 1], mob=[22394, 21928], uni=[32, 25],
                 v6="2600:1700", m6="2600:387", mail=["gmail.com", "outlook.com", "icloud.com"]),
    "uk": dict(c="GB", off=0, home=[2856, 5607], biz=[2856], mob=[12576], uni=[786],
               v6="2a00:23c6", m6="2a01:4c8", mail=["gmail.com", "btinternet.com", "outlook.com"]),
    "de": dict(c="DE", off=60, home=[3320, 3209], biz=[3320], mob=[3209], uni=[680],
               v6="2003:e6", m6="2a02:3037", mail=["gmx.de", "web.de", "gmail.com", "t-online.de"]),
    "fr": dict(c="FR", off=60, home=[3215, 5410], biz=[3215], mob=[5410], uni=[],
               v6="2a01:cb14", m6="2a04:cec0", mail=["orange.fr", "gmail.com", "free.fr"]),
    "jp": dict(c="JP", off=540, home=[4713, 2516, 17676], biz=[4713], mob=[2516], uni=[2907],
               v6="240b:250", m6="2400:4050", mail=["gmail.com", "yahoo.co.jp", "docomo.ne.jp"]),
    "in": dict(c="IN", off=330, home=[9498, 55836], biz=[9498], mob=[45609, 38266], uni=[],
               v6="2401:4900", m6="2409:4040", mail=["gmail.com", "rediffmail.com", "yahoo.co.in"]),
    "br": dict(c="BR", off=-180, home=[18881, 28573, 26599], biz=[26599], mob=[28573], uni=[],
               v6="2804:14c", m6="2804:214", mail=["gmail.com", "hotmail.com", "uol.com.br"]),
    "mx": dict(c="MX", off=-360, home=[8151, 13999], biz=[8151], mob=[8151], uni=[],
               v6="2806:2f0", m6="2806:10a6", mail=["gmail.com", "hotmail.com", "prodigy.net.mx"]),
    "au": dict(c="AU", off=660, home=[1221, 7545, 4739], biz=[1221], mob=[1221], uni=[],
               v6="2001:8003", m6="2001:8004", mail=["gmail.com", "bigpond.com", "outlook.com"]),
    "ng": dict(c="NG", off=60, home=[29465, 36873], biz=[29465], mob=[29465], uni=[],
               v6="2c0f:f5c0", m6="2c0f:f5c8", mail=["gmail.com", "yahoo.com"]),
    "sg": dict(c="SG", off=480, home=[9506, 7473], biz=[7473], mob=[7473], uni=[],
               v6="2406:3003", m6="2406:3000", mail=["gmail.com", "singnet.com.sg"]),
    "ph": dict(c="PH", off=480, home=[9299, 4775], biz=[9299], mob=[132199, 4775], uni=[],
               v6="2001:4450", m6="2001:4452", mail=["gmail.com", "yahoo.com"]),
    "ke": dict(c="KE", off=180, home=[33771, 36866], biz=[33771], mob=[33771], uni=[],
               v6="2c0f:fe38", m6="2c0f:fe39", mail=["gmail.com", "yahoo.com"]),
}
RNAMES = list(REGIONS)
RWEIGHT = np.array([17, 11, 8, 8, 6, 7, 12, 8, 5, 4, 4, 3, 4, 3], float)
UNI_NAMES = {3: "mit.edu", 32: "stanford.edu", 25: "berkeley.edu", 786: "ucl.ac.uk", 680: "tu-berlin.de",
             2907: "u-tokyo.ac.jp"}
SAT_AS = {"hughes": 6621, "viasat": 7155, "inmarsat": 31515}
GOV_AS = {"tn": (4454, "us_e", "tn.gov"), "mn": (1998, "us_e", "state.mn.us"), "qld": (9650, "au", "qld.gov.au"),
          "sg": (7634, "sg", "tech.gov.sg")}
CAFE_REGIONS = ["ph", "ng", "in", "ke"]
HOSTING_AS = [24940, 16276, 20473]                      # Hetzner, OVH, Choopa

UA_BROWSER = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"]
UA_SDK = ["cobalt-python/2.4.1", "cobalt-python/2.3.7", "cobalt-node/3.0.2", "cobalt-go/1.1.0", "cobalt-java/0.9.4",
          "python-httpx/0.27.2", "curl/8.5.0"]
UA_MOBILE = ["CobaltChat/6.2.0 (iPhone; iOS 18.1; Scale/3.00)", "CobaltChat/6.2.0 (Android 15; Pixel 9)",
             "CobaltChat/6.1.4 (Android 14; SM-A546E)", "CobaltChat/6.2.0 (iPhone; iOS 17.6; Scale/2.00)"]
UA_KEYBOARD = ["Tapwise/4.7.0 (Android 15; keyboard-extension)", "Tapwise/4.7.0 (iOS 18.1; keyboard-extension)",
               "Tapwise/4.6.2 (Android 14; keyboard-extension)"]
UA_GOV = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 " \
         "Safari/537.36 Edg/128.0.2739.79"
UA_FINSUM = "finsum/0.9.3 (python-httpx/0.27.2)"
UA_RELAY = "one-api/0.6.11"
UA_CAFE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 " \
          "Safari/537.36"
COT = ["Think step by step and write out your full reasoning before the final answer.",
       "Explain your reasoning in detail, one step at a time, then give the answer.",
       "Reason carefully through every step (chain of thought) before answering."]
FOLLOW_UPS = ["Explain that further, with more detail.", "Now check your answer step by step and correct any mistake.",
              "Give a shorter version of your answer.", "Why? Walk me through your reasoning.",
              "Rewrite your answer as a numbered list."]
CANNED_ANSWERS = ["Here is the answer, with the main points first.", "Sure. The short answer is below.",
                  "Based on the text, the answer follows.", "Let me work through it."]
KEYBOARD_MSGS = ["are we still on for tonight?", "running 10 min late sorry", "did you see the game", "can you call me",
                 "happy birthday!!", "what time is the meeting tomorrow", "thanks for yesterday", "lol that's wild",
                 "I'll pick up groceries on the way", "where did you park", "send me the photos pls",
                 "congrats on the new job", "is the office open on friday", "miss you", "how was the trip?"]
TICKERS = ["ACME", "BRNT", "CRWX", "DLTA", "EVRG", "FNXT", "GLDM", "HLIO", "INVR", "JETS", "KRNL", "LUMN", "MRBL",
           "NOVA", "ORCQ", "PRSM", "QNTM", "RVNA", "SLTE", "TRXL", "UNWD", "VRTX", "WNDR", "XPLR", "YLDS", "ZEPH"]

BENIGN_SHARES = {   # of the benign accounts
    "hobbyist": 9, "household": 10, "office_nat": 15, "campus": 8, "carrier_mobile": 7, "vpn_user": 3,
    "indie_dev": 3, "heavy_app": .3, "satellite_cgnat": 5, "gov_egress": 9, "inflight_wifi": 3, "internet_cafe": 6,
    "earnings_rush": 3, "accelerator_credits": 5, "keyboard_app": 5}
RING_KINDS = ["card_pool", "cot_harvest", "resi_proxy", "hydra_reseller", "mobile_farm", "router_botnet", "slow_ramp",
              "follow_up", "org_front", "round_robin", "cafe_stowaway", "credit_farm"]
SOPH = {"card_pool": "crude", "cot_harvest": "crude", "resi_proxy": "mid", "mobile_farm": "mid", "slow_ramp": "mid",
        "follow_up": "mid", "round_robin": "mid", "cafe_stowaway": "mid", "credit_farm": "mid",
        "hydra_reseller": "careful", "router_botnet": "careful", "org_front": "careful"}
KIND_DOC = {   # signals kept, evasions (*new*: not in worlds 29-34; *invented*: my own idea)
    "card_pool": (["1-2 cards across the ring", "sign-up burst within three hours", "4-6 datacenter addresses",
                   "one dataset", "python-requests user agent", "flat 24 h traffic"],
                  ["stays under each account's rate limit"]),
    "cot_harvest": (["chain-of-thought suffix on every request", "reasoning model only", "2-3 hosting addresses",
                     "one dataset"], ["stays under the rate limit"]),
    "resi_proxy": (["two datasets' templates"], ["a residential exit per session", "browser user agents", "own cards"]),
    "hydra_reseller": (["the relay pool (each account on 6-10 of ~200 datacenter addresses)",
                        "the relay's one-api user agent on most requests", "three datasets with chain-of-thought"],
                       ["40-65 % resold ordinary chat", "own payments of mixed kinds", "sign-up waves months apart",
                        "more than a thousand accounts"]),
    "mobile_farm": (["templates of one or two datasets", "the farm's phones carry about three accounts each (one app build string per phone)"],
                    ["*new* phone farm: exits are the carrier CGNAT addresses ordinary phone users share",
                     "the official mobile app's user agent", "prepaid virtual cards"]),
    "router_botnet": (["templates of two datasets", "local-night schedule (00-07 h)"],
                      ["*new* compromised home routers: each account its own static residential address in a "
                       "different ISP, never shared", "browser user agents", "own cards"]),
    "slow_ramp": (["one dataset's templates", "one hosting provider's addresses"],
                  ["*new* slow ramp: the ring grows over the window, each new account signed up the day it starts",
                   "per-account volume of an ordinary developer"]),
    "follow_up": (["templates of one or two datasets", "the same follow-up phrases"],
                  ["*new* multi-turn follow-ups: each item followed by 1-3 turns ('explain further', 'now check your "
                   "answer') as chat-message lists", "home addresses", "browser user agents", "own cards"]),
    "org_front": (["templates of two datasets", "front companies' fresh domains"],
                  ["*new* declared-organisation fronts: 2-4 plausible companies with org ids, corporate mail and "
                   "invoices, office hours in their countries", "business ISP office addresses", "ordinary "
                   "business chat mixed in"]),
    "round_robin": (["one dataset", "a dispatcher's steady cadence"],
                    ["*new* items of one dataset dealt across the accounts in turn: no account asks an item "
                     "twice, no item is asked twice", "ISP proxy addresses per account"]),
    "cafe_stowaway": (["one dataset's templates", "sign-ups at the cafés"],
                      ["*invented* internet-café stowaways: free accounts created and used at real internet cafés, "
                       "behind the cafés' NAT addresses and kiosk browser builds, among real patrons"]),
    "credit_farm": (["templates of two datasets", "cloud VMs"],
                    ["*invented* accelerator credit farming: fake startups admitted to an accelerator's credits "
                     "programme, paid by the sponsor's promotional card like the real startups, own org ids and "
                     "domains"]),
}


# ------------------------------------------------------------------ reference data

def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _cidrs(lines) -> np.ndarray:
    """(network int, size) rows of IPv4 CIDR lines, prefixes longer than /24 and non-public ones left out."""
    rows = []
    for s in lines:
        s = s.strip()
        if not s or s.startswith("#") or ":" in s:
            continue
        try:
            n = ipaddress.ip_network(s if "/" in s else s + "/32", strict=False)
        except ValueError:
            continue
        if n.prefixlen > 24 or not n.is_global:
            continue
        rows.append((int(n.network_address), min(n.num_addresses, 1 << 16)))
    return np.array(rows, np.int64).reshape(-1, 2)


def _yaml_fold(lines: list[str]) -> str:
    """A YAML flow scalar's lines folded (a break between lines a space, each empty line a newline)."""
    out, prev_empty = "", True
    for ln in lines:
        s = ln.strip()
        if s == "":
            out += "\n"
            prev_empty = True
            continue
        if not prev_empty and out and not out.endswith("\n") and not out.endswith("\x00"):
            out += " "
        out += s
        prev_empty = False
    return out


def _yaml_scalar(first: str, cont: list[str]) -> str:
    first = first.strip()
    if first.startswith("'"):
        s = _yaml_fold([first[1:]] + cont)
        s = s[:-1] if s.endswith("'") else s
        return s.replace("''", "'")
    if first.startswith('"'):
        lines = [first[1:]] + cont
        # an escaped line break (a line ending in "\") joins without a space
        lines2 = []
        for ln in lines:
            st = ln.strip()
            if st.endswith("\\") and not st.endswith("\\\\"):
                lines2.append(st[:-1] + "\x00")
            else:
                lines2.append(st)
        s = _yaml_fold(lines2).replace("\x00 ", "").replace("\x00", "")
        s = s[:-1] if s.endswith('"') else s
        return re.sub(r'\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)', _unesc, s)
    return _yaml_fold([first] + cont)


def _unesc(m):
    e = m.group(1)
    if e[0] in "ux":
        return chr(int(e[1:], 16))
    return {"n": "\n", "t": "\t", '"': '"', "\\": "\\", " ": " ", "/": "/", "r": "", "0": ""}.get(e, e)


class Template:
    """A promptsource template: the text before ``|||``, control blocks dropped, as literal parts and slots."""

    def __init__(self, dataset: str, jinja: str, choices: list[str]):
        self.dataset = dataset
        src = jinja.split("|||")[0]
        src = re.sub(r"\{%.*?%\}", "", src, flags=re.S)
        self.parts = re.split(r"\{\{.*?\}\}", src, flags=re.S)
        self.slots = [("choices" if "answer_choices" in s else "item") for s in re.findall(r"\{\{.*?\}\}", src, flags=re.S)]
        # answer choices written as a jinja expression themselves are filled from the items
        self.choices = None if any("{" in c or "%" in c for c in choices) else (", ".join(choices) or "yes, no")

    def render(self, items: list[str]) -> str:
        out, k = [self.parts[0]], 0
        for slot, lit in zip(self.slots, self.parts[1:]):
            if slot == "choices":
                out.append(self.choices or "\n- ".join(x.split(". ")[0][:60] for x in items))
            else:
                out.append(items[k % len(items)])
                k += 1
            out.append(lit)
        s = re.sub(r"\n{3,}", "\n\n", "".join(out)).strip()
        return s


class Ref:
    """The shared reference data this generator reads (with each file's sha256)."""

    def __init__(self, root: Path | None = None):
        root = Path(root or SHARED)
        self.files: dict[str, str] = {}

        def use(rel):
            p = root / rel
            self.files[rel] = _sha(p)
            return p

        aw = pd.read_csv(use("prompts/awesome-chatgpt-prompts.csv"), dtype=str, keep_default_na=False)
        self.chat = [p for p in aw["prompt"].tolist() if 20 <= len(p) <= 3000]
        sents = []
        for p in self.chat:
            for s in re.split(r"(?<=[.?!])\s+", p.replace("\n", " ")):
                if 40 <= len(s) <= 300 and "{" not in s:
                    sents.append(s)
        self.sentences = sorted(dict.fromkeys(sents))
        self.templates: dict[str, list[Template]] = {}
        base = root / "prompts" / "promptsource-templates"
        for p in sorted(base.rglob("templates.yaml")):
            rel = str(p.relative_to(root))
            use(rel)
            ds = str(p.parent.relative_to(base))
            tpls = []
            lines = p.read_text(encoding="utf-8").split("\n")
            choices = []
            i = 0
            while i < len(lines):
                ln = lines[i]
                m = re.match(r"^(\s*)(jinja|answer_choices): (.*)$", ln)
                if m:
                    ind = len(m.group(1))
                    cont = []
                    j = i + 1
                    while j < len(lines) and (lines[j].strip() == "" or len(lines[j]) - len(lines[j].lstrip()) > ind):
                        cont.append(lines[j])
                        j += 1
                    while cont and cont[-1].strip() == "":
                        cont.pop()
                    val = _yaml_scalar(m.group(3), cont)
                    if m.group(2) == "answer_choices":
                        choices = [] if val in ("null", "") else [c.strip() for c in val.split("|||")]
                    else:
                        t = Template(ds, val, choices)
                        if "item" in t.slots and 20 <= len("".join(t.parts)) <= 1500:
                            tpls.append(t)
                    i = j
                    continue
                i += 1
            if tpls:
                self.templates[ds] = tpls
        self.datasets = sorted(self.templates)
        # IPv4 prefixes of the AS numbers this world uses (2014 table)
        want = set()
        for r in REGIONS.values():
            want |= set(r["home"]) | set(r["biz"]) | set(r["mob"]) | set(r["uni"])
        want |= set(SAT_AS.values()) | {v[0] for v in GOV_AS.values()} | set(HOSTING_AS)
        tab = pd.read_csv(use("ip/pyasn/ipasn_20140513.dat.gz"), sep="\t", comment=";", header=None,
                          names=["prefix", "asn"], dtype={"prefix": str, "asn": np.int64})
        tab = tab[tab["asn"].isin(sorted(want))]
        self.asn: dict[int, np.ndarray] = {}
        for a, g in tab.groupby("asn", sort=True):
            arr = _cidrs(g["prefix"].tolist())
            if len(arr):
                self.asn[int(a)] = arr
        use("ip/pyasn/asnames.json.gz")
        self.vpn = _cidrs(use("ip/vpn/x4b_vpn_ipv4.txt").read_text().split("\n"))
        self.dc = _cidrs(use("ip/vpn/x4b_datacenter_ipv4.txt").read_text().split("\n"))
        self.cloud = {c: _cidrs(use(f"ip/cloud/{c}/ipv4_merged.txt").read_text().split("\n"))
                      for c in ("amazon", "google", "microsoft", "oracle", "digitalocean", "linode")}
        self.tor = [s.strip() for s in use("ip/tor/tor-exit-nodes.lst").read_text().split("\n")
                    if s.strip() and ":" not in s and ipaddress.ip_address(s.strip()).is_global]


def v4(a: int) -> str:
    return f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}"


# ------------------------------------------------------------------ the world

HUMAN = np.array([.2, .1, .05, .05, .05, .1, .3, .6, 1, 1.3, 1.5, 1.5, 1.3, 1.5, 1.5, 1.4, 1.3, 1.2, 1.2, 1.4, 1.6,
                  1.4, 1, .5])
OFFICE = np.array([0, 0, 0, 0, 0, 0, .05, .3, 1.2, 1.8, 2, 1.8, 1, 1.6, 1.9, 1.8, 1.5, .8, .3, .1, .05, .05, 0, 0])
EVENING = np.array([.3, .1, .05, 0, 0, 0, .1, .4, .6, .5, .5, .6, .9, .7, .6, .6, .8, 1, 1.3, 1.6, 1.8, 1.7, 1.3, .7])
NIGHT = np.array([.2, 1, 1, 1, 1, 1, .8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .1])
CAFE = np.array([0, 0, 0, 0, 0, 0, 0, 0, .4, .8, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.7, 1.6, 1.4, 1.1, .6, 0])
FLAT = np.ones(24)


class World:
    def __init__(self, p, ref: Ref):
        self.p, self.ref = p, ref
        self.rng = np.random.default_rng(p.seed)
        self.days = p.days
        self.end = START_MS + p.days * DAY
        self.accts: list[dict] = []
        self.ev: list[dict] = []
        self.rings: list[dict] = []
        self.ids: set = set()
        self.cache: dict = {}

    # --- ids and tokens
    def hexid(self, k: int) -> str:
        return self.rng.integers(0, 16, k).astype(np.uint8).tobytes().hex()[1::2]

    def pay(self, kind: str) -> str:
        return f"{kind}_{self.hexid(14)}"

    def acct(self, cohort, region, tier, created, group="", ring="", role="member", pay=None, email=None,
             org="", country=None) -> int:
        while True:
            aid = "u_" + self.hexid(12)
            if aid not in self.ids:
                self.ids.add(aid)
                break
        if pay is None:
            pay = "" if tier == "free" else self.pay(self.rng.choice(["card", "card", "card", "wlt", "vcc"]))
        if email is None:
            email = str(self.rng.choice(REGIONS[region]["mail"]))
        i = len(self.accts)
        self.accts.append(dict(i=i, id=aid, cohort=cohort, region=region, tier=tier, created=int(created), group=group,
                               ring=ring, soph=SOPH.get(cohort, "") if ring else "", role=role, pay=pay,
                               email=email, org=org, country=country or REGIONS[region]["c"]))
        return i

    def created_before(self, lo_days=20, hi_days=900) -> int:
        d = np.exp(self.rng.uniform(np.log(lo_days), np.log(hi_days)))
        return int(START_MS - d * DAY + self.rng.integers(0, DAY))

    def emit(self, a, t, prompt, ip, ua, model, tok=None, out_med=350.0):
        n = len(t)
        if n == 0:
            return
        arr = lambda x, dt=object: (np.full(n, x, dtype=dt) if np.ndim(x) == 0 else np.asarray(x, dtype=dt))
        if tok is None:
            tok = np.clip(np.round(np.exp(self.rng.normal(np.log(out_med), .7, n))), 1, 16384).astype(np.int64)
        self.ev.append(dict(acc=np.full(n, a, np.int64), t=np.asarray(t, np.int64), prompt=arr(prompt), ip=arr(ip),
                            ua=arr(ua), model=arr(model), tok=np.asarray(tok, np.int64)))

    # --- time
    def sessions(self, region, n, prof=HUMAN, wkend=.8, spm=3.0, gap_s=60.0, lo=None, hi=None, off=None):
        """n request times in sessions (about spm requests each, gap_s apart) on the local hours of prof."""
        r = self.rng
        lo = START_MS if lo is None else max(int(lo), START_MS)
        hi = self.end if hi is None else min(int(hi), self.end)
        if n <= 0 or hi <= lo:
            return np.zeros(0, np.int64)
        off = REGIONS[region]["off"] if off is None else off
        ns = max(1, int(np.ceil(n / spm)))
        d0, d1 = (lo + off * MIN - START_MS) // DAY, -(-(hi + off * MIN - START_MS) // DAY)
        days = np.arange(d0, max(d0 + 1, d1))
        w = np.where(days % 7 >= 5, wkend, 1.0) + 1e-9
        day = r.choice(days, ns, p=w / w.sum())
        hour = r.choice(24, ns, p=prof / prof.sum())
        st = START_MS + day * DAY + hour * HOUR + r.integers(0, HOUR, ns) - off * MIN
        sess = np.sort(r.integers(0, ns, n))
        g = r.exponential(gap_s * 1000, n).astype(np.int64) + 1500
        cs = np.cumsum(g)
        first = np.r_[0, np.flatnonzero(np.diff(sess)) + 1]
        cnt = np.diff(np.r_[first, n])
        within = cs - np.repeat(cs[first] - g[first], cnt)
        t = st[sess] + within
        return np.sort(t[(t >= lo) & (t < hi)])

    def count(self, median, sig=.9, lo=1):
        return max(lo, int(round(np.exp(self.rng.normal(np.log(median), sig)))))

    # --- addresses
    def _from(self, arr: np.ndarray, k: int) -> list[str]:
        r = self.rng
        w = arr[:, 1].astype(float)
        out = []
        while len(out) < k:
            i = r.choice(len(arr), k - len(out), p=w / w.sum())
            off = r.integers(1, np.maximum(2, arr[i, 1] - 1))
            for x in arr[i, 0] + off:
                s = v4(int(x))
                if ipaddress.ip_address(s).is_global and not s.endswith((".0", ".255")):
                    out.append(s)
        return out

    def isp(self, asns, k=1) -> list[str]:
        arr = np.concatenate([self.ref.asn[a] for a in asns if a in self.ref.asn])
        return self._from(arr, k)

    def home(self, region, k=1):
        return self.isp(REGIONS[region]["home"], k)

    def cloud(self, k=1, providers=("amazon", "google", "microsoft")):
        prov = self.rng.choice(list(providers), k)
        return [self._from(self.ref.cloud[str(c)], 1)[0] for c in prov]

    def dc(self, k=1):
        return self._from(self.ref.dc, k)

    def vpn(self, k=1):
        return self._from(self.ref.vpn, k)

    def v6(self, region, mobile=False, net=None):
        """An IPv6 address in the region's home (or mobile) /32: a given /64 (``net``) or a random one."""
        base = REGIONS[region]["m6" if mobile else "v6"]
        r = self.rng
        net = net or f"{base}:{r.integers(0, 65536):x}:{r.integers(0, 65536):x}"
        iid = ":".join(f"{x:x}" for x in r.integers(0, 65536, 4))
        return f"{net}:{iid}"

    def v6net(self, region, mobile=False):
        base = REGIONS[region]["m6" if mobile else "v6"]
        return f"{base}:{self.rng.integers(0, 65536):x}:{self.rng.integers(0, 65536):x}"

    def cgnat(self, region) -> list[str]:
        key = ("cgnat", region)
        if key not in self.cache:
            self.cache[key] = self.isp(REGIONS[region]["mob"], 36)
        return self.cache[key]

    def phone_ips(self, region, t):
        """A phone's addresses: the carrier's CGNAT pool (a few exits a day) or a daily carrier IPv6 /64."""
        r = self.rng
        pool = self.cgnat(region)
        n = len(t)
        day = (t - START_MS) // DAY
        pick = np.array(pool, object)[(r.integers(0, len(pool), n) + day * 7) % len(pool)]
        six = r.random() < .45
        if six:
            nets = {int(d): self.v6net(region, mobile=True) for d in np.unique(day)}
            m = r.random(n) < .7
            pick[m] = [self.v6(region, True, nets[int(d)]) for d in day[m]]
        return pick

    def home_ips(self, region, t, v6p=.4):
        r = self.rng
        a = self.home(region, 1)[0]
        ips = np.full(len(t), a, object)
        if r.random() < v6p:
            net = self.v6net(region)
            day = (t - START_MS) // DAY
            iids = {int(d): self.v6(region, net=net) for d in np.unique(day)}
            m = r.random(len(t)) < .6
            ips[m] = [iids[int(d)] for d in day[m]]
        return ips

    def ua(self, n, p_browser=.6):
        r = self.rng
        b = str(r.choice(UA_BROWSER))
        s = str(r.choice(UA_SDK))
        return np.where(r.random(n) < p_browser, b, s).astype(object)

    def models(self, n, p=(.55, .3, .1, .05)):
        return self.rng.choice(MODELS, n, p=np.asarray(p) / np.sum(p)).astype(object)


class Text:
    def __init__(self, w: World):
        self.w = w
        self.ref = w.ref

    def chat(self, n):
        r = self.w.rng
        C, S = self.ref.chat, self.ref.sentences
        out = np.empty(n, object)
        for j in range(n):
            u = r.random()
            if u < .45:
                out[j] = C[r.integers(len(C))]
            elif u < .85:
                out[j] = " ".join(S[k] for k in r.integers(0, len(S), r.integers(1, 4)))
            else:
                out[j] = S[r.integers(len(S))].rstrip(".?!") + "? Please keep it short."
        return out

    def items(self, n):
        S = self.ref.sentences
        return [S[k] for k in self.w.rng.integers(0, len(S), n)]

    def datasets(self, k):
        return [str(x) for x in self.w.rng.choice(self.ref.datasets, k, replace=False)]

    def harvest(self, n, datasets, cot=0.0, tpl_per_ds=3, pool=None):
        """n harvest prompts: templates of the datasets (a few each), items from pool (indices into sentences)."""
        r = self.w.rng
        tpls = []
        for d in datasets:
            ts = self.ref.templates[d]
            tpls += [ts[i] for i in r.choice(len(ts), min(tpl_per_ds, len(ts)), replace=False)]
        S = self.ref.sentences
        out = np.empty(n, object)
        for j in range(n):
            t = tpls[r.integers(len(tpls))]
            if pool is not None:
                its = [S[pool[r.integers(len(pool))]]] + [S[k] for k in r.integers(0, len(S), 2)]
            else:
                its = [S[k] for k in r.integers(0, len(S), 3)]
            s = t.render(its)
            if cot and r.random() < cot:
                s += "\n\n" + COT[r.integers(len(COT))]
            out[j] = s
        return out

    def own(self, n, template: str):
        """A benign cohort's own template (my wording) with ``{x}`` filled by sentences."""
        return np.array([template.replace("{x}", s) for s in self.items(n)], object)


def tier(w, probs: dict) -> str:
    k = list(probs)
    return str(w.rng.choice(k, p=np.array([probs[x] for x in k]) / sum(probs.values())))


def heavy_tail(w, k, lo, hi, alpha=1.4):
    """Group sizes lo..hi with a heavy tail, summing to k."""
    out = []
    while k > 0:
        s = int(min(hi, lo * (1 - w.rng.random()) ** (-1 / alpha)))
        s = min(s, k)
        if k - s < lo and k - s > 0:
            s = k
        out.append(s)
        k -= s
    return out


def region(w, restrict=None) -> str:
    names = restrict or RNAMES
    wt = np.array([RWEIGHT[RNAMES.index(x)] for x in names])
    return str(w.rng.choice(names, p=wt / wt.sum()))


# ------------------------------------------------------------------ benign cohorts (ordinary)

def b_hobbyist(w, tx, k):
    for _ in range(k):
        rg = region(w)
        a = w.acct("hobbyist", rg, tier(w, {"free": .7, "pro": .3}), w.created_before(3, 1200))
        t = w.sessions(rg, w.count(5, 1.0), HUMAN, spm=2.5)
        ips = w.home_ips(rg, t) if w.rng.random() < .7 else w.phone_ips(rg, t)
        w.emit(a, t, tx.chat(len(t)), ips, w.ua(len(t), .9), w.models(len(t)))


def b_household(w, tx, k):
    for s in heavy_tail(w, k, 2, 5, 2.5):
        rg = region(w)
        g = f"hh-{w.hexid(8)}"
        card = w.pay("card")
        a4 = w.home(rg, 1)[0]
        net = w.v6net(rg)
        for _ in range(s):
            tr = tier(w, {"free": .5, "pro": .5})
            a = w.acct("household", rg, tr, w.created_before(10, 1000), group=g, pay=card if tr != "free" else "")
            t = w.sessions(rg, w.count(6), EVENING, spm=2.5)
            ips = np.where(w.rng.random(len(t)) < .5, a4, None).astype(object)
            m = ips == None  # noqa: E711
            ips[m] = [w.v6(rg, net=net) for _ in range(int(m.sum()))]
            w.emit(a, t, tx.chat(len(t)), ips, w.ua(len(t), .85), w.models(len(t)))


def b_office(w, tx, k):
    for s in heavy_tail(w, k, 3, 200, 1.3):
        rg = region(w)
        g = f"org-{w.hexid(8)}"
        dom = f"{w.hexid(6)}-corp.com"
        nat = w.isp(REGIONS[rg]["biz"], int(w.rng.integers(1, 4)))
        inv = w.pay("inv") if w.rng.random() < .6 else None
        wrap = f"[{g} assistant] Answer for an employee of our company. Question: {{x}}"
        for _ in range(s):
            a = w.acct("office_nat", rg, "team" if inv else "pro", w.created_before(10, 900), group=g, pay=inv,
                       email=dom, org=g)
            t = w.sessions(rg, w.count(14), OFFICE, wkend=.05, spm=3)
            n = len(t)
            pr = np.where(w.rng.random(n) < .4, tx.own(n, wrap), tx.chat(n))
            w.emit(a, t, pr, np.array(nat, object)[w.rng.integers(0, len(nat), n)], w.ua(n, .7), w.models(n))


def b_campus(w, tx, k):
    unis = [r for r in RNAMES if REGIONS[r]["uni"]]
    for s in heavy_tail(w, k, 30, 300, 1.2):
        rg = str(w.rng.choice(unis))
        asn = int(w.rng.choice(REGIONS[rg]["uni"]))
        g = f"uni-{asn}-{w.hexid(4)}"
        nat = w.isp([asn], int(w.rng.integers(4, 12)))
        dsets = tx.datasets(2)
        for _ in range(s):
            a = w.acct("campus", rg, tier(w, {"free": .75, "pro": .25}), w.created_before(5, 700), group=g,
                       email=UNI_NAMES[asn])
            t = w.sessions(rg, w.count(8), HUMAN, wkend=.5, spm=3)
            n = len(t)
            hw = w.rng.random(n) < .1                      # NLP homework on a course dataset
            pr = tx.chat(n)
            if hw.any():
                pr[hw] = tx.harvest(int(hw.sum()), dsets, tpl_per_ds=2)
            ips = np.array(nat, object)[w.rng.integers(0, len(nat), n)]
            home = w.rng.random(n) < .3
            ips[home] = w.home(rg, 1)[0]
            w.emit(a, t, pr, ips, w.ua(n, .8), w.models(n))


def b_mobile(w, tx, k):
    for _ in range(k):
        rg = region(w)
        a = w.acct("carrier_mobile", rg, tier(w, {"free": .75, "pro": .25}), w.created_before(3, 800))
        t = w.sessions(rg, w.count(6), HUMAN, spm=2)
        n = len(t)
        w.emit(a, t, tx.chat(n), w.phone_ips(rg, t), str(w.rng.choice(UA_MOBILE)), w.models(n, (.6, .35, .05, 0)))


def b_vpn(w, tx, k):
    for _ in range(k):
        rg = region(w)
        a = w.acct("vpn_user", rg, tier(w, {"free": .6, "pro": .4}), w.created_before(3, 900))
        t = w.sessions(rg, w.count(5), HUMAN, spm=2.5)
        n = len(t)
        ips = np.array(w.ref.tor, object)[w.rng.integers(0, len(w.ref.tor), n)] if w.rng.random() < .1 \
            else np.array(w.vpn(3), object)[w.rng.integers(0, 3, n)]
        w.emit(a, t, tx.chat(n), ips, w.ua(n, .9), w.models(n))


def b_indie(w, tx, k):
    for _ in range(k):
        rg = region(w)
        a = w.acct("indie_dev", rg, "pro", w.created_before(10, 900))
        t = w.sessions(rg, w.count(15), HUMAN, spm=5, gap_s=30)
        n = len(t)
        app = f"You are the assistant inside my app {w.hexid(5)}. Do this for the user: {{x}}"
        pr = np.where(w.rng.random(n) < .6, tx.own(n, app), tx.chat(n))
        ips = np.where(w.rng.random(n) < .7, w.cloud(1)[0], w.home(rg, 1)[0]).astype(object)
        w.emit(a, t, pr, ips, str(w.rng.choice(UA_SDK[:5])), w.models(n, (.4, .4, .1, .1)))


def b_heavy(w, tx, k):
    for s in heavy_tail(w, k, 1, 3, 2):
        rg = region(w, ["us_e", "us_w", "uk", "de", "jp", "sg"])
        g = f"app-{w.hexid(8)}"
        inv = w.pay("inv")
        vms = w.cloud(int(w.rng.integers(2, 6)))
        app = f"[{g}] Classify and summarise this customer message: {{x}}"
        for _ in range(s):
            a = w.acct("heavy_app", rg, "scale", w.created_before(60, 900), group=g, pay=inv, email=f"{g}.io", org=g)
            n = int(w.days * w.rng.uniform(12, 35))
            t = w.sessions(rg, n, FLAT + HUMAN, spm=20, gap_s=8)
            n = len(t)
            w.emit(a, t, tx.own(n, app), np.array(vms, object)[w.rng.integers(0, len(vms), n)], "cobalt-python/2.4.1",
                   "cb-4-mini", out_med=120)


# ------------------------------------------------------------------ benign cohorts (new look-alikes)

def sat_pool(w, isp):
    key = ("sat", isp)
    if key not in w.cache:
        w.cache[key] = [w.isp([SAT_AS[isp]], 10) for _ in range(3)]     # three ground-station gateways
    return w.cache[key]


def b_satellite(w, tx, k):
    """Satellite internet subscribers (rural homes, boats, remote sites) on the provider's CGNAT: a few gateway
    exits carry subscribers of several continents at once."""
    for _ in range(k):
        isp = str(w.rng.choice(["hughes", "viasat", "inmarsat"], p=[.4, .35, .25]))
        rg = region(w, {"hughes": ["us_e", "us_w", "br", "mx"], "viasat": ["us_e", "us_w", "mx", "br", "au"],
                        "inmarsat": ["uk", "au", "ng", "ke", "br", "sg"]}[isp])
        a = w.acct("satellite_cgnat", rg, tier(w, {"free": .6, "pro": .4}), w.created_before(5, 900))
        t = w.sessions(rg, w.count(6), HUMAN, spm=2.5)
        n = len(t)
        gw = sat_pool(w, isp)[int(w.rng.integers(0, 3))]
        ips = np.array(gw, object)[w.rng.integers(0, len(gw), n)]
        w.emit(a, t, tx.chat(n), ips, w.ua(n, .8), w.models(n))


def b_gov(w, tx, k):
    """A government's shared egress proxy: departments (own org, purchase card, mail) of one administration leave
    through the same 2-4 proxy addresses with the same managed browser build; one briefing-note template each."""
    sizes = heavy_tail(w, k, 5, 150, 1.3)
    agencies = list(GOV_AS)
    egress = {g: w.isp([GOV_AS[g][0]], int(w.rng.integers(2, 5))) for g in agencies}
    for s in sizes:
        ag = str(w.rng.choice(agencies))
        asn, rg, dom = GOV_AS[ag]
        dept = f"gov-{ag}-{w.hexid(6)}"
        card = w.pay("gpc")
        brief = (f"[{dept} briefing] Summarise the following for a ministerial briefing note in three bullet "
                 "points, neutral tone: {x}")
        for _ in range(s):
            a = w.acct("gov_egress", rg, "team", w.created_before(30, 700), group=dept, pay=card, email=dom, org=dept)
            t = w.sessions(rg, w.count(10), OFFICE, wkend=.02, spm=3)
            n = len(t)
            pr = np.where(w.rng.random(n) < .5, tx.own(n, brief), tx.chat(n))
            ips = np.array(egress[ag], object)[w.rng.integers(0, len(egress[ag]), n)]
            w.emit(a, t, pr, ips, UA_GOV, w.models(n, (.5, .45, .05, 0)))


def flights(w):
    if "flights" not in w.cache:
        fl = []
        for j in range(max(3, w.days * 3)):
            dep = START_MS + int(w.rng.integers(0, w.end - START_MS - 2 * HOUR))
            dur = int(w.rng.uniform(3, 14) * HOUR)
            prov = ["inmarsat", "viasat"][j % 2]
            fl.append((dep, dep + dur, w.isp([SAT_AS[prov]], int(w.rng.integers(2, 4)))))
        w.cache["flights"] = fl
    return w.cache["flights"]


def b_inflight(w, tx, k):
    """Air travellers: ordinary use at home, plus one or two flights on which every passenger's requests leave
    through the in-flight provider's two or three ground addresses (passengers of every region)."""
    fl = flights(w)
    for _ in range(k):
        rg = region(w)
        a = w.acct("inflight_wifi", rg, tier(w, {"free": .4, "pro": .6}), w.created_before(10, 900))
        t = w.sessions(rg, w.count(5), HUMAN, spm=2.5)
        ts, ips = [t], [w.home_ips(rg, t)]
        for f in w.rng.choice(len(fl), int(w.rng.integers(1, 3)), replace=False):
            d0, d1, pool = fl[int(f)]
            n = w.count(6, .6)
            tt = np.sort(w.rng.integers(d0, d1, n))
            tt = tt[tt < w.end]
            ts.append(tt)
            ips.append(np.array(pool, object)[w.rng.integers(0, len(pool), len(tt))])
        t = np.concatenate(ts)
        n = len(t)
        w.emit(a, t, tx.chat(n), np.concatenate(ips), w.ua(n, .9), w.models(n))


def cafes(w):
    if "cafes" not in w.cache:
        cs = []
        for j in range(24):
            rg = CAFE_REGIONS[j % len(CAFE_REGIONS)]
            cs.append(dict(id=f"cafe-{rg}-{w.hexid(6)}", region=rg,
                           nat=w.home(rg, int(w.rng.integers(1, 3))),
                           ua=UA_CAFE.format(v=int(w.rng.integers(109, 131)))))
        w.cache["cafes"] = cs
    return w.cache["cafes"]


def b_cafe(w, tx, k):
    """Internet cafés (Manila, Lagos, Delhi, Nairobi): patrons with their own, mostly free accounts, on the café's
    one or two NAT addresses and the kiosk PCs' one pinned browser build, during opening hours."""
    cs = cafes(w)
    for j in range(k):
        c = cs[j % len(cs)] if j < len(cs) else cs[int(w.rng.integers(len(cs)))]
        rg = c["region"]
        a = w.acct("internet_cafe", rg, tier(w, {"free": .85, "pro": .15}), w.created_before(1, 600), group=c["id"])
        t = w.sessions(rg, w.count(6), CAFE, spm=3)
        n = len(t)
        ips = np.array(c["nat"], object)[w.rng.integers(0, len(c["nat"]), n)]
        ph = w.rng.random(n) < .2                       # the same person at home on the phone
        if ph.any():
            ips[ph] = w.phone_ips(rg, t[ph])
        ua = np.where(ph, str(w.rng.choice(UA_MOBILE)), c["ua"]).astype(object)
        w.emit(a, t, tx.chat(n), ips, ua, w.models(n, (.5, .5, 0, 0)))


def earnings_calendar(w):
    """Scheduled earnings releases: weekdays, 07:00 and 16:05 New York time (12:00 and 21:05 UTC), a few tickers each."""
    if "earn" not in w.cache:
        cal = []
        for d in range(w.days):
            if d % 7 >= 5:
                continue
            for hh, mm in ((12, 0), (21, 5)):
                for tk in w.rng.choice(TICKERS, int(w.rng.integers(1, 4)), replace=False):
                    cal.append((START_MS + d * DAY + hh * HOUR + mm * MIN, str(tk)))
        w.cache["earn"] = cal
    return w.cache["earn"]


def b_earnings(w, tx, k):
    """Investment firms whose pipelines (an open-source finance library, its user agent and summary prompt) fire
    within minutes of each scheduled earnings release they follow: unrelated firms, synchronized to the minute."""
    cal = earnings_calendar(w)
    for s in heavy_tail(w, k, 1, 4, 2):
        rg = region(w, ["us_e", "us_w", "uk", "sg", "jp"])
        g = f"fund-{w.hexid(8)}"
        inv = w.pay("inv")
        follow = set(w.rng.choice(TICKERS, int(w.rng.integers(4, 14)), replace=False).tolist())
        vms = w.cloud(2)
        for _ in range(s):
            a = w.acct("earnings_rush", rg, "team", w.created_before(30, 900), group=g, pay=inv, email=f"{g}.com",
                       org=g)
            ts, pr = [], []
            for t0, tk in cal:
                if tk in follow and w.rng.random() < .9:
                    m = int(w.rng.integers(1, 4))
                    tt = t0 + int(w.rng.uniform(20, 360) * 1000) + np.cumsum(w.rng.integers(800, 4000, m))
                    ts.append(tt)
                    pr += [f"finsum: Summarise this earnings release section for {tk} (guidance, revenue, margins, "
                           f"risks) in JSON. Section: {s_}" for s_ in tx.items(m)]
            if not ts:
                continue
            t = np.concatenate(ts)
            n = len(t)
            w.emit(a, t, np.array(pr, object), np.array(vms, object)[w.rng.integers(0, 2, n)], UA_FINSUM,
                   np.where(w.rng.random(n) < .5, "cb-4-think", "cb-4").astype(object), out_med=600)


def accelerators(w):
    if "acc" not in w.cache:
        w.cache["acc"] = [dict(name=nm, card=w.pay("promo"),
                               kickoff=START_MS + int(w.rng.integers(-40, 6)) * DAY + 15 * HOUR)
                          for nm in ("northbeam", "kilnworks")]
    return w.cache["acc"]


def b_accelerator(w, tx, k):
    """Startups of two accelerators' cohorts: unrelated teams in many countries, each its own org and domain, all
    paid by their accelerator's sponsor promotional card (credits), accounts opened at the cohort kickoff."""
    acs = accelerators(w)
    for s in heavy_tail(w, k, 1, 4, 1.8):
        ac = acs[int(w.rng.integers(0, 2))]
        rg = region(w)
        g = f"startup-{w.hexid(8)}"
        dom = f"{w.hexid(5)}.ai"
        app = f"You are {g}'s product copilot. Task from our user: {{x}}"
        vm = w.cloud(1, ("amazon", "google", "digitalocean", "linode"))[0]
        for _ in range(s):
            cr = ac["kickoff"] + int(w.rng.integers(0, 2 * DAY))
            a = w.acct("accelerator_credits", rg, "pro", cr, group=g, pay=ac["card"], email=dom, org=g)
            t = w.sessions(rg, w.count(14), HUMAN, spm=4, gap_s=40, lo=cr + HOUR)
            n = len(t)
            pr = np.where(w.rng.random(n) < .5, tx.own(n, app), tx.chat(n))
            dev = w.rng.random(n) < .5
            ips = w.home_ips(rg, t)
            ips[dev] = vm
            w.emit(a, t, pr, ips, np.where(dev, "cobalt-python/2.4.1", str(w.rng.choice(UA_BROWSER))).astype(object),
                   w.models(n, (.4, .3, .2, .1)))


def b_keyboard(w, tx, k):
    """Users of a mobile keyboard app with AI reply suggestions (signed in with their own account): bursts of short
    requests while chatting, content-part message lists, from the phone (carrier CGNAT or home Wi-Fi)."""
    for _ in range(k):
        rg = region(w)
        a = w.acct("keyboard_app", rg, tier(w, {"free": .8, "pro": .2}), w.created_before(3, 500))
        t = w.sessions(rg, w.count(9), EVENING, spm=5, gap_s=12)
        n = len(t)
        ips = w.phone_ips(rg, t)
        wifi = w.rng.random(n) < .4
        if wifi.any():
            ips[wifi] = w.home(rg, 1)[0]
        pr = np.empty(n, object)
        for j in range(n):
            msg = KEYBOARD_MSGS[w.rng.integers(len(KEYBOARD_MSGS))]
            parts = [{"type": "text", "text": f"Suggest three short replies (under 8 words) to this message: \"{msg}\""}]
            if w.rng.random() < .1:
                parts.append({"type": "image_url", "image_url": {"url": f"https://cdn.tapwise.example/s/{w.hexid(16)}.jpg"}})
            pr[j] = json.dumps([{"role": "user", "content": parts}], ensure_ascii=False)
        w.emit(a, t, pr, ips, str(w.rng.choice(UA_KEYBOARD)), "cb-4-mini", out_med=30)


BENIGN = {"hobbyist": b_hobbyist, "household": b_household, "office_nat": b_office, "campus": b_campus,
          "carrier_mobile": b_mobile, "vpn_user": b_vpn, "indie_dev": b_indie, "heavy_app": b_heavy,
          "satellite_cgnat": b_satellite, "gov_egress": b_gov, "inflight_wifi": b_inflight, "internet_cafe": b_cafe,
          "earnings_rush": b_earnings, "accelerator_credits": b_accelerator, "keyboard_app": b_keyboard}
assert list(BENIGN) == list(BENIGN_SHARES)


# ------------------------------------------------------------------ ring kinds

def racct(w, r, rg, tr, created, **kw):
    return w.acct(r["kind"], rg, tr, created, group=r["ring_id"], ring=r["ring_id"], **kw)


def per_day(w, med=7.0):
    return float(np.exp(w.rng.normal(np.log(med * .5), .5)))


def k_card_pool(w, tx, r):
    cards = [w.pay("card") for _ in range(int(w.rng.integers(1, 3)))]
    burst = START_MS - int(w.rng.integers(2, 20)) * DAY + int(w.rng.integers(0, DAY))
    ips = w.dc(int(w.rng.integers(4, 7)))
    ds = tx.datasets(1)
    rg = region(w)
    for j in range(r["size"]):
        a = racct(w, r, rg, "pro", burst + int(w.rng.integers(0, 3 * HOUR)), pay=cards[j % len(cards)])
        t = w.sessions(rg, int(per_day(w, 9) * w.days), FLAT, spm=6, gap_s=20)
        n = len(t)
        w.emit(a, t, tx.harvest(n, ds), np.array(ips, object)[w.rng.integers(0, len(ips), n)],
               "python-requests/2.32.3", "cb-4", out_med=500)


def k_cot(w, tx, r):
    ips = w.isp(HOSTING_AS, int(w.rng.integers(2, 4)))
    ds = tx.datasets(1)
    rg = region(w)
    for _ in range(r["size"]):
        a = racct(w, r, rg, "pro", w.created_before(5, 90))
        t = w.sessions(rg, int(per_day(w, 8) * w.days), FLAT, spm=5, gap_s=30)
        n = len(t)
        w.emit(a, t, tx.harvest(n, ds, cot=1.0), np.array(ips, object)[w.rng.integers(0, len(ips), n)],
               str(w.rng.choice(UA_SDK[:3])), "cb-4-think", out_med=1800)


def k_resi(w, tx, r):
    ds = tx.datasets(2)
    ctry = [region(w) for _ in range(3)]
    for _ in range(r["size"]):
        rg = str(w.rng.choice(ctry))
        a = racct(w, r, rg, "pro", w.created_before(10, 200))
        t = w.sessions(rg, int(per_day(w, 7) * w.days), HUMAN, spm=6, gap_s=25)
        n = len(t)
        sess = np.r_[0, np.cumsum(np.diff(t) > 20 * MIN)]
        exits = np.array(w.home(str(w.rng.choice(ctry)), int(sess.max()) + 1), object)
        w.emit(a, t, tx.harvest(n, ds), exits[sess], str(w.rng.choice(UA_BROWSER)), "cb-4")


def k_hydra(w, tx, r):
    """A reseller's hydra: accounts signed up in waves months apart, each on 6-10 relay addresses of ~200, the
    relay's user agent, 40-65 % resold ordinary chat of the reseller's own customers mixed with the harvest."""
    pool = w.dc(120) + w.isp(HOSTING_AS, 80)
    ds = tx.datasets(3)
    waves = [START_MS - int(d) * DAY for d in sorted(w.rng.integers(10, 200, 5))]
    chat_share = w.rng.uniform(.4, .65)
    for j in range(r["size"]):
        rg = region(w)
        cr = waves[j % len(waves)] + int(w.rng.integers(0, 2 * DAY))
        a = racct(w, r, rg, "pro", cr, pay=w.pay(str(w.rng.choice(["card", "wlt", "vcc", "card"]))))
        mine = [pool[i] for i in w.rng.choice(len(pool), int(w.rng.integers(6, 11)), replace=False)]
        t = w.sessions(rg, int(per_day(w, 6) * w.days), FLAT + HUMAN, spm=4, gap_s=40)
        n = len(t)
        ch = w.rng.random(n) < chat_share
        pr = tx.harvest(n, ds, cot=.5)
        if ch.any():
            pr[ch] = tx.chat(int(ch.sum()))
        ua = np.where(w.rng.random(n) < .8, UA_RELAY, str(w.rng.choice(UA_SDK))).astype(object)
        w.emit(a, t, pr, np.array(mine, object)[w.rng.integers(0, len(mine), n)], ua,
               np.where(ch, w.models(n), np.where(w.rng.random(n) < .5, "cb-4-think", "cb-4")).astype(object))


def k_mobile_farm(w, tx, r):
    """A phone farm: a rack of phones on one carrier, each with about three accounts; requests leave through the carrier's
    CGNAT addresses (shared with the region's ordinary phone users) with the official app's user agent."""
    rg = str(w.rng.choice(["in", "ph", "br", "ng", "us_e"]))
    ds = tx.datasets(int(w.rng.integers(1, 3)))
    phones = max(1, r["size"] // 3)
    uas = [str(w.rng.choice(UA_MOBILE)) for _ in range(phones)]
    for j in range(r["size"]):
        a = racct(w, r, rg, "pro", w.created_before(3, 60), pay=w.pay("vcc"))
        t = w.sessions(rg, int(per_day(w, 7) * w.days), FLAT, spm=4, gap_s=30)
        n = len(t)
        w.emit(a, t, tx.harvest(n, ds), w.phone_ips(rg, t), uas[j % phones], "cb-4")


def k_router_botnet(w, tx, r):
    """Harvest through compromised home routers: each account its own router (a static residential address of a
    different ISP and country, never shared), working in that home's local night."""
    ds = tx.datasets(2)
    for _ in range(r["size"]):
        rg = region(w)
        a = racct(w, r, rg, "pro", w.created_before(20, 300))
        t = w.sessions(rg, int(per_day(w, 8) * w.days), NIGHT, wkend=1, spm=8, gap_s=45)
        n = len(t)
        w.emit(a, t, tx.harvest(n, ds), w.home(rg, 1)[0], str(w.rng.choice(UA_BROWSER)), "cb-4")


def k_slow_ramp(w, tx, r):
    """A ring that grows over the window: a few accounts from the first day, then new ones signed up and started
    every day or two, each at a developer's volume."""
    ds = tx.datasets(1)
    rg = region(w)
    host = [int(w.rng.choice(HOSTING_AS))]
    ips = w.isp(host, max(3, r["size"] // 2))
    for j in range(r["size"]):
        d = 0 if j < 2 else int(w.rng.integers(0, max(1, w.days - 1)))
        cr = START_MS + d * DAY + int(w.rng.integers(0, 12 * HOUR))
        a = racct(w, r, rg, "pro", cr)
        t = w.sessions(rg, int(per_day(w, 8) * (w.days - d)), HUMAN, spm=5, gap_s=35, lo=cr + 10 * MIN)
        t0 = cr + int(w.rng.integers(10, 90)) * MIN + np.cumsum(w.rng.integers(20_000, 90_000, 3))   # first session
        t = np.sort(np.concatenate([t0[t0 < w.end], t]))
        n = len(t)
        w.emit(a, t, tx.harvest(n, ds), ips[j % len(ips)], str(w.rng.choice(UA_SDK[:5])), "cb-4")


def k_follow_up(w, tx, r):
    """Each harvest item followed by one to three turns ('explain further', 'now check your answer') a few seconds
    apart, sent as chat-message lists carrying the conversation so far."""
    ds = tx.datasets(int(w.rng.integers(1, 3)))
    for _ in range(r["size"]):
        rg = region(w)
        a = racct(w, r, rg, "pro", w.created_before(10, 300))
        t0 = w.sessions(rg, int(per_day(w, 3) * w.days), HUMAN, spm=3, gap_s=120)
        items = tx.harvest(len(t0), ds)
        ts, pr = [], []
        ips = w.home_ips(rg, t0)
        ipl = []
        for tt, it, ip in zip(t0, items, ips):
            ts.append(tt)
            pr.append(it)
            ipl.append(ip)
            msgs = [{"role": "user", "content": it}]
            for f in range(int(w.rng.integers(1, 4))):
                tt = tt + int(w.rng.uniform(8, 60) * 1000)
                msgs = msgs + [{"role": "assistant", "content": CANNED_ANSWERS[w.rng.integers(len(CANNED_ANSWERS))]},
                               {"role": "user", "content": FOLLOW_UPS[w.rng.integers(len(FOLLOW_UPS))]}]
                ts.append(tt)
                pr.append(json.dumps(msgs, ensure_ascii=False))
                ipl.append(ip)
        w.emit(a, np.array(ts, np.int64), np.array(pr, object), np.array(ipl, object), str(w.rng.choice(UA_BROWSER)),
               "cb-4")


def k_org_front(w, tx, r):
    """Declared-organisation fronts: the ring's accounts belong to 2-4 plausible companies (org id, corporate mail on
    a domain of their own, a company invoice, team plan), each in its country's office hours from a business line."""
    ds = tx.datasets(2)
    nf = int(min(4, max(2, r["size"] // 3)))
    fronts = []
    for _ in range(nf):
        rg = region(w, ["us_e", "us_w", "uk", "de", "fr", "sg", "in"])
        org = f"org-{w.hexid(8)}"
        fronts.append(dict(rg=rg, org=org, dom=f"{w.hexid(6)}-consulting.com", inv=w.pay("inv"),
                           ips=w.isp(REGIONS[rg]["biz"], 2), created=w.created_before(20, 120)))
    for j in range(r["size"]):
        f = fronts[j % nf]
        a = racct(w, r, f["rg"], "team", f["created"] + int(w.rng.integers(0, 5 * DAY)), pay=f["inv"],
                  email=f["dom"], org=f["org"])
        t = w.sessions(f["rg"], int(per_day(w, 9) * w.days), OFFICE, wkend=.05, spm=6, gap_s=30)
        n = len(t)
        pr = tx.harvest(n, ds, cot=.2)
        ch = w.rng.random(n) < .15
        if ch.any():
            pr[ch] = tx.chat(int(ch.sum()))
        w.emit(a, t, pr, np.array(f["ips"], object)[w.rng.integers(0, 2, n)], str(w.rng.choice(UA_BROWSER + UA_SDK[:2])),
               "cb-4")


def k_round_robin(w, tx, r):
    """A dispatcher deals one dataset's items to the ring's accounts in turn at a steady cadence: item k to account
    k mod n, every item once."""
    ds = tx.datasets(1)
    rg = region(w)
    n_acc = r["size"]
    ids = [racct(w, r, rg, "pro", w.created_before(5, 120)) for _ in range(n_acc)]
    proxies = [w.home(str(region(w)), 1)[0] for _ in range(n_acc)]
    uas = [str(w.rng.choice(UA_SDK[:5])) for _ in range(n_acc)]
    total = int(per_day(w, 7) * w.days * n_acc)
    # working hours: a few shifts a day, one request every 20-60 s across the ring
    ts = []
    t = START_MS + int(w.rng.integers(0, 6 * HOUR))
    while len(ts) < total and t < w.end:
        burst = int(w.rng.integers(60, 400))
        step = int(w.rng.integers(20, 60)) * 1000
        ts.extend(t + np.arange(burst) * step + w.rng.integers(0, 3000, burst))
        t = ts[-1] + int(w.rng.uniform(2, 8) * HOUR)
    ts = np.array(ts[:total], np.int64)
    S = w.ref.sentences
    order = w.rng.permutation(len(S))
    tpls = w.ref.templates[ds[0]][:3]
    for k, a in enumerate(ids):
        sel = np.arange(k, len(ts), n_acc)
        L = len(S)      # item i: sentence pair (i mod L, a second one that differs for every i < L^2)
        pr = np.array([tpls[(i // n_acc) % len(tpls)].render(
            [S[order[i % L]] + " " + S[order[(i % L + i // L + 1) % L]], S[order[(i + 7) % L]]]) for i in sel], object)
        w.emit(a, ts[sel], pr, proxies[k], uas[k], "cb-4")


def k_cafe_stowaway(w, tx, r):
    """Free accounts opened and used at real internet cafés of one city: the cafés' NAT addresses and kiosk browser
    builds, opening hours, among real patrons."""
    cs = cafes(w)
    rg = str(w.rng.choice(CAFE_REGIONS))
    mine = [c for c in cs if c["region"] == rg][:3]
    ds = tx.datasets(1)
    for j in range(r["size"]):
        c = mine[j % len(mine)]
        a = racct(w, r, rg, "free", w.created_before(2, 40))
        t = w.sessions(rg, int(per_day(w, 10) * w.days), CAFE, spm=8, gap_s=50)
        n = len(t)
        w.emit(a, t, tx.harvest(n, ds), np.array(c["nat"], object)[w.rng.integers(0, len(c["nat"]), n)], c["ua"],
               "cb-4-mini")


def k_credit_farm(w, tx, r):
    """Fake startups admitted to an accelerator's credits programme: the sponsor's promotional card pays, each
    'startup' 1-3 accounts with its own org and domain, harvest from cloud VMs like the real founders' dev VMs."""
    ac = accelerators(w)[int(w.rng.integers(0, 2))]
    ds = tx.datasets(2)
    j = 0
    while j < r["size"]:
        s = min(int(w.rng.integers(1, 4)), r["size"] - j)
        org = f"startup-{w.hexid(8)}"
        dom = f"{w.hexid(5)}.ai"
        rg = region(w)
        vm = w.cloud(1, ("amazon", "google", "digitalocean", "linode"))[0]
        for _ in range(s):
            cr = ac["kickoff"] + int(w.rng.integers(0, 2 * DAY))
            a = racct(w, r, rg, "pro", cr, pay=ac["card"], email=dom, org=org)
            t = w.sessions(rg, int(per_day(w, 8) * w.days), FLAT + HUMAN, spm=6, gap_s=30, lo=cr + HOUR)
            n = len(t)
            w.emit(a, t, tx.harvest(n, ds), vm, "cobalt-python/2.4.1", "cb-4")
            j += 1


KINDS = {"card_pool": k_card_pool, "cot_harvest": k_cot, "resi_proxy": k_resi, "hydra_reseller": k_hydra,
         "mobile_farm": k_mobile_farm, "router_botnet": k_router_botnet, "slow_ramp": k_slow_ramp,
         "follow_up": k_follow_up, "org_front": k_org_front, "round_robin": k_round_robin,
         "cafe_stowaway": k_cafe_stowaway, "credit_farm": k_credit_farm}
assert list(KINDS) == RING_KINDS


def _fill(w, budget, lo, hi, skew=False):
    out = []
    while budget > 0:
        if lo <= budget <= hi and (budget <= hi // 2 or w.rng.random() < .5 or budget - lo < lo):
            out.append(budget)
            break
        top = min(hi, budget - lo)
        if top < lo:
            out.append(budget)
            break
        s = int(lo + (top - lo) * w.rng.random() ** 2) if skew else int(w.rng.integers(lo, top + 1))
        out.append(s)
        budget -= s
    return out


def ring_plan(w, world, R, N):
    kinds = list(RING_KINDS)
    if world == "small":
        sizes = _fill(w, R, 3, 15, skew=True)
    elif world == "mixed":
        big, mid = round(.2 * R), round(.3 * R)
        sizes = _fill(w, big, 61, 300) + _fill(w, mid, 16, 60) + _fill(w, R - big - mid, 3, 15, skew=True)
    else:
        hy = int(round(w.rng.uniform(.05, .065) * N))
        rest = _fill(w, R - hy, 3, 60, skew=True)
        others = [k for k in kinds if k != "hydra_reseller"]
        order = [others[i] for i in w.rng.permutation(len(others))]
        return [("hydra_reseller", hy)] + [(order[i % len(order)], s) for i, s in enumerate(rest)]
    pos = w.rng.permutation(len(sizes))
    order = [kinds[i] for i in w.rng.permutation(len(kinds))]
    return [(order[i % len(order)], sizes[j]) for i, j in enumerate(pos)]


# ------------------------------------------------------------------ generation

def generate(p, ref: Ref | None = None) -> dict:
    t0 = time.time()
    ref = ref or Ref()
    w = World(p, ref)
    tx = Text(w)
    N = p.n_accounts
    share = p.ring_share if p.ring_share is not None else {"small": .005, "mixed": .08, "hydra": .10}[p.world]
    R = int(round(share * N))
    plan = ring_plan(w, p.world, R, N) if R >= 3 else []
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
    r = w.rng
    never = np.zeros(N, bool)
    ben = np.array([not a["ring"] for a in w.accts])
    never[ben] = r.random(int(ben.sum())) < .03            # signed up, never called
    for a in w.accts:
        if never[a["i"]]:
            a["role"] = "never_calls"
    ev = {k: np.concatenate([e[k] for e in w.ev]) for k in ("acc", "t", "prompt", "ip", "ua", "model", "tok")}
    keep = ~never[ev["acc"]]
    ev = {k: v[keep] for k, v in ev.items()}
    # retries: 1 % sent again 1-8 s later (the first timed out: no output tokens)
    n0 = len(ev["t"])
    rt = np.flatnonzero(r.random(n0) < .01)
    ev["tok"][rt] = -1
    dup = {k: v[rt].copy() for k, v in ev.items()}
    dup["t"] = dup["t"] + r.integers(1000, 8000, len(rt))
    dup["tok"] = np.clip(np.round(np.exp(r.normal(5.5, .8, len(rt)))), 1, 16384).astype(np.int64)
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
    # logging noise
    miss_ip = r.random(n) < .004
    ip = ev["ip"].copy()
    ip[miss_ip] = None
    ua = ev["ua"].copy()
    ua[r.random(n) < .008] = None
    tok = ev["tok"].copy()
    tok[r.random(n) < .006] = -1
    # a European edge proxy misconfigured for three hours on the second night logged its own loopback address
    region = np.array([RNAMES.index(a["region"]) for a in w.accts])[ev["acc"]]
    eu = np.isin(region, [RNAMES.index(x) for x in ("uk", "de", "fr")])
    lb0 = START_MS + DAY + 2 * HOUR
    loop = eu & (ev["t"] >= lb0) & (ev["t"] < lb0 + 3 * HOUR) & ~miss_ip
    ip[loop] = "127.0.0.1"
    pays = np.array([a["pay"] or None for a in w.accts], object)
    pm = pays[ev["acc"]].copy()
    pm[(r.random(n) < .004) & pd.Series(ev["acc"]).duplicated().to_numpy()] = None
    k1 = np.array([f"key_{w.hexid(12)}" for _ in w.accts], object)
    k2 = np.array([f"key_{w.hexid(12)}" if r.random() < .25 else "" for _ in w.accts], object)
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
        "account_id": aid,
        "created_at": [pd.Timestamp(a["created"], unit="ms", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ") for a in w.accts],
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
    prompts = ev["prompt"]
    meta = {
        "world": "world35 (Cobalt)",
        "params": {"seed": p.seed, "world": p.world, "n_accounts": N, "days": p.days, "ring_share": share,
                   "start": START.strftime("%Y-%m-%dT%H:%M:%SZ"), "minimal": p.minimal, "format": p.format},
        "counts": {"accounts": N, "events": int(n), "ring_accounts": int(R), "rings": len(w.rings),
                   "benign_group_accounts": int(gsize[gsize >= 2].sum()),
                   "accounts_without_events": int((per == 0).sum()), "requests_drawn": int(drawn),
                   "refused_requests_not_logged": int(refused), "retry_duplicates_drawn": int(len(rt)),
                   "missing_ip_events": int(miss_ip.sum()), "loopback_ip_events": int(loop.sum()),
                   "chat_message_list_prompts": int(sum(1 for x in prompts if x.startswith('[{"role"'))),
                   "content_part_prompts": int(sum(1 for x in prompts if x.startswith('[{"role": "user", "content": ['))),
                   "ring_accounts_by_kind": {k: int(v) for k, v in
                                             truth[truth["is_ring"] == "true"].groupby("cohort").size().items()},
                   "benign_groups_by_cohort": {k: int(v) for k, v in bt.groupby("cohort")["group_id"].nunique().items()}},
        "cohorts": coh,
        "rings": [{k: rr[k] for k in ("ring_id", "kind", "size", "sophistication", "signals_kept", "evasions")}
                  for rr in w.rings],
        "platform": {"name": "Cobalt (fictional)", "daily_limits": DAILY, "minute_limits": MINUTE, "models": MODELS,
                     "regions": {k: {"country": v["c"], "utc_offset_minutes": v["off"]} for k, v in REGIONS.items()},
                     "edge_quirks": {"eu": "for three hours of the second night (02:00-05:00 UTC) the European edge "
                                           "logged 127.0.0.1 for UK, German and French clients"},
                     "csv_timestamps": "YYYY-MM-DD HH:MM:SS.mmm UTC (a warehouse export's form)"},
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
    kind = fmt.split(".")[0]
    iso = np.datetime_as_string(t.astype("datetime64[ms]"), unit="ms")
    if kind == "csv":    # a warehouse export's form: "2026-12-01 12:00:00.123 UTC"
        ts = np.char.add(np.char.replace(iso.astype(str), "T", " "), " UTC")
    else:
        ts = np.char.add(iso.astype(str), "Z")
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
    ap.add_argument("--format", choices=["parquet", "csv", "jsonl", "jsonl.gz"], default="parquet")
    ap.add_argument("--quiet", action="store_true")
    p = ap.parse_args(argv)
    if not 3 <= p.days <= 35:
        ap.error("--days must be 3-35")
    meta = generate(p)
    if not p.quiet:
        c = meta["counts"]
        print(f"world35 {p.world} seed {p.seed}: {c['accounts']} accounts, {c['events']} events, "
              f"{c['ring_accounts']} ring accounts in {c['rings']} rings, {meta['generation_seconds']} s -> {p.out}")
    return meta


if __name__ == "__main__":
    main()
