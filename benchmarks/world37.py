"""world37 ("Halyard"): a blind synthetic distillation-ring test world for graphhunt.

Writes three weeks (``--days``, default 21) of API traffic of a fictional 2026 LLM API platform with the ground truth
of which accounts belong to distillation rings. Written blind (see docs/WORLD37.md): nothing here is tuned to how
graphhunt detects. numpy, pandas and pyarrow only; reference data is read from ``$GRAPHHUNT_SHARED_DATA`` (default
/work/shared/data) and never copied. The same arguments give byte-identical files whatever PYTHONHASHSEED.

    python3 benchmarks/world37.py --out DIR --n-accounts 20000 --seed 1 --world small --minimal
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
START = pd.Timestamp("2026-04-13T00:00:00Z")          # a Monday; no summer-time change anywhere from here to 18 May
START_MS = int(START.value // 1_000_000)
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
DAILY = {"free": 120, "starter": 1500, "pro": 6000, "team": 30000, "enterprise": 300000}
MINUTE = {"free": 6, "starter": 30, "pro": 90, "team": 300, "enterprise": 1500}
MODELS = ["hx-2", "hx-2-mini", "hx-2-think", "hx-2-vision"]

# region: country, UTC offset in minutes (April-May 2026), home / mobile / business AS numbers (2014 table),
# IPv6 /32s of my choosing for homes and phones
REGIONS = {
    "us_east": dict(c="US", off=-240, home=[7922, 7018, 20115], mob=[22394, 21928], biz=[3356, 174, 701],
                    h6="2601:0140", m6="2607:fb90"),
    "us_central": dict(c="US", off=-300, home=[20115, 7018], mob=[22394, 21928], biz=[3356, 174],
                       h6="2601:0280", m6="2607:fb91"),
    "us_west": dict(c="US", off=-420, home=[7922, 20115], mob=[22394, 21928], biz=[174, 6461],
                    h6="2601:0640", m6="2607:fb92"),
    "uk": dict(c="GB", off=60, home=[2856, 5089, 5607], mob=[12576, 35228], biz=[2856], h6="2a00:23c0", m6="2a01:04c8"),
    "germany": dict(c="DE", off=120, home=[3320, 31334], mob=[3209, 6805], biz=[3320], h6="2003:00e0", m6="2a02:3030"),
    "poland": dict(c="PL", off=120, home=[5617, 29314], mob=[39603, 12912], biz=[5617, 12741], h6="2a01:0110",
                   m6="2a00:f440"),
    "india": dict(c="IN", off=330, home=[24560, 9829], mob=[45609], biz=[9829], h6="2401:4900", m6="2409:4040"),
    "japan": dict(c="JP", off=540, home=[4713, 17676], mob=[9605], biz=[4713], h6="240b:0010", m6="2400:4050"),
    "brazil": dict(c="BR", off=-180, home=[28573, 27699], mob=[26615], biz=[28573], h6="2804:0d40", m6="2804:0018"),
    "australia": dict(c="AU", off=600, home=[7545, 1221], mob=[1221], biz=[1221], h6="2403:5800", m6="2406:3400"),
    "philippines": dict(c="PH", off=480, home=[9299, 4775], mob=[132199], biz=[9299], h6="2405:0200", m6="2405:8d40"),
    "nigeria": dict(c="NG", off=60, home=[36873], mob=[29465, 37148], biz=[36873], h6="2c0f:f4c0", m6="2c0f:fb50"),
}
REGION_W = {"us_east": .20, "us_central": .08, "us_west": .12, "uk": .10, "germany": .10, "poland": .04, "india": .12,
            "japan": .06, "brazil": .07, "australia": .04, "philippines": .04, "nigeria": .03}
UNIVERSITIES = {"mit.edu": (3, "us_east"), "stanford.edu": (32, "us_west"), "berkeley.edu": (25, "us_west"),
                "umich.edu": (36375, "us_central"), "ucl.ac.uk": (786, "uk"), "tum.de": (680, "germany")}
HOSTING = {"hetzner": 24940, "ovh": 16276, "choopa": 20473, "softlayer": 36351, "rackspace": 19994}

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:137.0) Gecko/20100101 Firefox/137.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/135.0.0.0 Safari/537.36",
]
SDKS = ["halyard-python/1.42.0", "halyard-python/1.41.2", "halyard-node/4.8.1", "halyard-go/0.19.0",
        "python-httpx/0.28.1", "curl/8.5.0"]
APP_UA = ["Halyard/3.12.0 (iPhone; iOS 18.4; Scale/3.00)", "Halyard/3.12.0 (Android 15; Pixel 8)",
          "Halyard/3.11.4 (Android 14; SM-A546B)"]
FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com", "gmx.de", "mail.ru", "yandex.com",
             "hotmail.com", "web.de", "rediffmail.com", "naver.com", "qq.com", "tutanota.com", "zoho.com", "aol.com"]
COT = " Think step by step and show all of your reasoning before giving the final answer."

BENIGN_SHARES = {"hobbyist": .16, "household": .11, "office_nat": .16, "campus": .07, "carrier_mobile": .08,
                 "vpn_user": .035, "indie_dev": .03, "heavy_app": .001, "alt_text": .02, "follow_the_sun": .03,
                 "isp_renumber": .07, "user_study": .08, "limit_sharder": .001, "device_lab": .006}
NEW_BENIGN = {"alt_text", "follow_the_sun", "isp_renumber", "user_study", "limit_sharder", "device_lab"}
RING_KINDS = ["card_pool", "cot_harvest", "hydra_reseller", "persona_dress", "chat_replay", "human_cadence",
              "free_swarm", "relay_conversation", "char_noise", "panel_stowaway", "device_lab_stowaway"]
SOPH = {"card_pool": "crude", "cot_harvest": "crude", "hydra_reseller": "careful", "persona_dress": "mid",
        "chat_replay": "careful", "human_cadence": "careful", "free_swarm": "mid", "relay_conversation": "careful",
        "char_noise": "mid", "panel_stowaway": "mid", "device_lab_stowaway": "careful"}
# clients that queue their requests and send them again after an outage (people and the human-cadence ring give up)
QUEUED = {"heavy_app", "indie_dev", "alt_text", "limit_sharder", "device_lab"} | set(RING_KINDS) - {"human_cadence"}


# ------------------------------------------------------------------ reference data

def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _unfold(lines: list[str], style: str) -> str:
    """A YAML flow scalar's continuation lines folded (blank line -> newline, else a space)."""
    out, prev_blank = "", False
    for i, ln in enumerate(lines):
        s = ln.strip() if i else ln.rstrip()
        if i and not s:
            out += "\n"
            prev_blank = True
            continue
        if i and out and not prev_blank and not (style == '"' and out.endswith("\\")):
            out += " "
        if style == '"' and out.endswith("\\"):
            out = out[:-1]
        out += s
        prev_blank = False
    return out


def _scalar(lines: list[str]) -> str:
    v = lines[0]
    if v.startswith("'"):
        s = _unfold(lines, "'")
        return s[1:-1].replace("''", "'") if s.endswith("'") else s[1:]
    if v.startswith('"'):
        s = _unfold(lines, '"')
        s = s[1:-1] if s.endswith('"') else s[1:]
        return (s.replace("\\n", "\n").replace('\\"', '"').replace("\\t", " ").replace("\\\\", "\\"))
    return _unfold(lines, "")


def parse_templates(path: Path) -> list[dict]:
    """The prompt side of each promptsource template of one templates.yaml (a small parser of my own)."""
    txt = path.read_text(encoding="utf-8").split("\n")
    out, cur, key, buf = [], {}, None, []

    def flush():
        if key is not None and buf:
            cur[key] = _scalar(buf)

    for ln in txt:
        m = re.match(r"^  ([0-9a-f-]{36}): !Template", ln)
        if m:
            flush()
            key, buf = None, []
            if cur:
                out.append(cur)
            cur = {"id": m.group(1)}
            continue
        m = re.match(r"^    (\w+):(?: (.*))?$", ln)
        if m:
            flush()
            key, buf = (m.group(1), [m.group(2)]) if m.group(1) in ("jinja", "answer_choices", "name") and m.group(2) \
                else (None, [])
            continue
        if key is not None and ln.startswith("      "):
            buf.append(ln)
        elif key is not None:
            flush()
            key, buf = None, []
    flush()
    if cur:
        out.append(cur)
    return out


NON_GLOBAL_V4 = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
                 "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
                 "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3"]


def cidrs(ss) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """IPv4 CIDR strings as (first address, number of addresses, usable), vectorised; usable: /16 to /28 wholly
    inside global unicast space. Strings that are not IPv4 CIDRs are dropped first."""
    s = pd.Series(list(ss), dtype=object).str.strip()
    s = s[s.str.match(r"^\d+\.\d+\.\d+\.\d+/\d+$")]
    if len(s) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool)
    parts = s.str.split(r"[./]", regex=True, expand=True).astype(np.int64).to_numpy()
    base = (parts[:, 0] << 24) | (parts[:, 1] << 16) | (parts[:, 2] << 8) | parts[:, 3]
    size = np.int64(1) << (32 - parts[:, 4])
    base = base & ~(size - 1)
    ok = (parts[:, 4] >= 16) & (parts[:, 4] <= 28)
    for c in NON_GLOBAL_V4:
        n = ipaddress.ip_network(c)
        lo, hi = int(n.network_address), int(n.broadcast_address)
        ok &= (base + size - 1 < lo) | (base > hi)
    return base, size, ok


class Ref:
    """Reference data: real prompts, promptsource templates, AS prefixes and hosting/VPN/cloud ranges."""

    def __init__(self, root: Path = SHARED):
        self.root, self.files = root, {}
        aw = root / "prompts" / "awesome-chatgpt-prompts.csv"
        self.files["prompts/awesome-chatgpt-prompts.csv"] = _sha(aw)
        df = pd.read_csv(aw, dtype=str, keep_default_na=False)
        # prompts with template-like markup ({{ }}, {% %}, |||) are left out: they would read as unrendered templates
        clean = [not re.search(r"\{\{|\{%|%\}|\|\|\|", p) and bool(p.strip()) for p in df["prompt"]]
        self.awesome = [p for p, c in zip(df["prompt"], clean) if c]
        self.acts = [(a, p) for a, p, c in zip(df["act"], df["prompt"], clean)
                     if c and p.startswith("I want you to act as")]
        sents = []
        for p in self.awesome:
            for s in re.split(r"(?<=[.!?])\s+", p.replace("\n", " ")):
                s = s.strip()
                if 40 <= len(s) <= 220 and not re.search(r"[{}|%\[\]<>]", s):
                    sents.append(s)
        self.sent = sorted(set(sents))
        tdir = root / "prompts" / "promptsource-templates"
        self.datasets = {}
        for f in sorted(tdir.rglob("templates.yaml")):
            rel = str(f.relative_to(root))
            self.files[rel] = _sha(f)
            ds = str(f.parent.relative_to(tdir))
            tpls = []
            for t in parse_templates(f):
                j = t.get("jinja", "")
                if "|||" not in j:
                    continue
                tp = compile_template(j.split("|||")[0], t.get("answer_choices", ""))
                if tp is not None:
                    tpls.append(tp)
            if len(tpls) >= 2:
                self.datasets[ds] = tpls
        self.ds_names = sorted(self.datasets)
        asn = root / "ip" / "pyasn" / "ipasn_20140513.dat.gz"
        self.files["ip/pyasn/ipasn_20140513.dat.gz"] = _sha(asn)
        self.files["ip/pyasn/asnames.json.gz"] = _sha(root / "ip" / "pyasn" / "asnames.json.gz")
        self.asnames = json.loads(gzip.open(root / "ip" / "pyasn" / "asnames.json.gz").read())
        t = pd.read_csv(asn, sep="\t", comment=";", header=None, names=["p", "asn"])
        want = set(HOSTING.values()) | {a for u in UNIVERSITIES.values() for a in [u[0]]}
        for r in REGIONS.values():
            want |= set(r["home"]) | set(r["mob"]) | set(r["biz"])
        t = t[t["asn"].isin(want)]
        self.asn_nets: dict[int, list[tuple[int, int]]] = {}
        t = t[t["p"].str.match(r"^\d+\.\d+\.\d+\.\d+/\d+$")]
        plen = t["p"].str.split("/").str[1].astype(int)
        t = t[(plen >= 8) & (plen <= 24)]
        # a prefix shorter than /16 is read as its first /16 (room enough for the addresses drawn here)
        p16 = np.where(t["p"].str.split("/").str[1].astype(int) < 16, t["p"].str.split("/").str[0] + "/16", t["p"])
        base, size, ok = cidrs(p16)
        for b_, s_, a in zip(base[ok].tolist(), size[ok].tolist(), t["asn"].to_numpy()[ok].tolist()):
            self.asn_nets.setdefault(int(a), []).append((b_, s_))
        for k in self.asn_nets:
            self.asn_nets[k].sort()
        self.lists = {}
        for rel in ["ip/vpn/x4b_vpn_ipv4.txt", "ip/vpn/x4b_datacenter_ipv4.txt", "ip/cloud/amazon/ipv4_merged.txt",
                    "ip/cloud/google/ipv4_merged.txt", "ip/cloud/microsoft/ipv4_merged.txt",
                    "ip/cloud/digitalocean/ipv4_merged.txt"]:
            f = root / rel
            self.files[rel] = _sha(f)
            base, size, ok = cidrs(x for x in f.read_text().split() if "/" in x and ":" not in x)
            nets = list(zip(base[ok].tolist(), size[ok].tolist()))
            self.lists[rel.split("/")[-2] if "cloud" in rel else rel.split("/")[-1][4:-9]] = nets
        tor = root / "ip" / "tor" / "tor-exit-nodes.lst"
        self.files["ip/tor/tor-exit-nodes.lst"] = _sha(tor)
        self.tor = sorted({x.strip() for x in tor.read_text().split() if re.match(r"^\d+\.\d+\.\d+\.\d+$", x.strip())
                           and ipaddress.ip_address(x.strip()).is_global})


def compile_template(j: str, choices: str):
    """A template's prompt side as (parts, slots): ``parts[0] + slot + parts[1] + ...``; control tags dropped,
    answer-choice expressions filled in. None when it has no variable slot."""
    ch = [c.strip() for c in choices.split("|||")] if choices else []
    j = re.sub(r"\{%.*?%\}", "", j, flags=re.S)
    parts, slots = [], 0
    pos = 0
    for m in re.finditer(r"\{\{(.*?)\}\}", j, flags=re.S):
        parts.append(j[pos:m.start()])
        e = m.group(1)
        if "answer_choices" in e:
            parts[-1] += " or ".join(ch) if ch else "yes or no"
        elif e.strip().startswith(('"', "'")):
            parts[-1] += e.strip().strip("\"'")
        else:
            parts.append(None)
            slots += 1
        pos = m.end()
    parts.append(j[pos:])
    # merge consecutive texts
    merged, cur = [], ""
    for p in parts:
        if p is None:
            merged.append(cur)
            cur = ""
        else:
            cur += p
    merged.append(cur)
    merged = [re.sub(r"[ \t]+", " ", m) for m in merged]
    if slots == 0 or any(re.search(r"\{\{|\{%|%\}|\}\}|\|\|\|", m) for m in merged):
        return None
    merged[0] = merged[0].lstrip()
    merged[-1] = merged[-1].rstrip()
    return merged


# ------------------------------------------------------------------ world state

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
        return np.fromiter((self.code(s) for s in ss), np.int64, count=len(ss))

    def extend_unique(self, ss: list[str]) -> np.ndarray:
        """Strings known to be new (unique harvest items): appended without a lookup."""
        a = len(self.items)
        self.items.extend(ss)
        return np.arange(a, a + len(ss), dtype=np.int64)


def v4(x: int) -> str:
    return f"{x >> 24}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}"


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


class World:
    def __init__(self, p: Params, ref: Ref):
        self.p, self.ref, self.D = p, ref, p.days
        self.rng = np.random.default_rng([37, p.seed])
        self.accts: list[dict] = []
        self.P, self.IP, self.UA, self.M = Pool(), Pool(), Pool(), Pool()
        for m in MODELS:
            self.M.code(m)
        self.chunks: list[tuple] = []
        self.rings: list[dict] = []
        self.item_next = 0
        self.used_tokens: set[str] = set()
        S = ref.sent
        self.nS = len(S)
        self.aw_codes = self.P.codes(ref.awesome)
        self.sent_codes = self.P.codes(S)
        self.pool_keep = {}
        self.emails_used: set[str] = set()
        self.dc_cache = {}

    # --- helpers
    def token(self, kind: str) -> str:
        while True:
            t = f"{kind}_{self.rng.integers(0, 16 ** 14):014x}"
            if t not in self.used_tokens:
                self.used_tokens.add(t)
                return t

    def hexid(self, n: int) -> str:
        return "".join(f"{self.rng.integers(0, 16 ** min(12, n - i)):0{min(12, n - i)}x}" for i in range(0, n, 12))

    def acct(self, cohort, region, tier, created, group="", ring="", role="member", email=None, org="", pay=None):
        if pay is None:
            pay = "" if tier == "free" else self.token(str(self.rng.choice(["card", "card", "card", "wlt", "vcc"])))
        if email is None:
            email = str(self.rng.choice(FREE_MAIL))
        a = dict(cohort=cohort, region=region, tier=tier, created=int(created), group=group, ring=ring,
                 soph=SOPH.get(cohort, "") if ring else "", role=role, email=email, org=org, pay=pay,
                 country=REGIONS[region]["c"] if region in REGIONS else region)
        self.accts.append(a)
        return len(self.accts) - 1

    def old_created(self, lo=20, hi=900) -> int:
        return START_MS - int(self.rng.integers(lo * DAY, hi * DAY))

    def nets_addr(self, nets, k: int, pinned=None) -> list[str]:
        rng = self.rng
        sizes = np.array([min(s, 4096) for _, s in nets], float)
        ix = rng.choice(len(nets), size=k, p=sizes / sizes.sum())
        out = []
        for i in ix:
            base, size = nets[i]
            out.append(v4(base + int(rng.integers(1, max(2, size - 1)))))
        return out

    def asn_addr(self, asn: int, k: int) -> list[str]:
        return self.nets_addr(self.ref.asn_nets[asn], k)

    def isp_addr(self, region: str, kind: str, k: int) -> list[str]:
        asns = [a for a in REGIONS[region][kind] if a in self.ref.asn_nets]
        return [self.asn_addr(int(self.rng.choice(asns)), 1)[0] for _ in range(k)]

    def list_addr(self, name: str, k: int) -> list[str]:
        return self.nets_addr(self.ref.lists[name], k)

    def v6(self, region: str, kind: str, k: int, subnet: int | None = None) -> list[str]:
        pre = REGIONS[region]["h6" if kind == "home" else "m6"]
        rng = self.rng
        sub = rng.integers(0, 2 ** 32, size=k) if subnet is None else np.full(k, subnet)
        iid = rng.integers(1, 2 ** 63, size=k)
        return [f"{pre}:{(s >> 16) & 0xffff:x}:{s & 0xffff:x}:{(i >> 48) & 0xffff:x}:{(i >> 32) & 0xffff:x}:"
                f"{(i >> 16) & 0xffff:x}:{i & 0xffff:x}" for s, i in zip(sub, iid)]

    def items(self, n: int) -> np.ndarray:
        k = np.arange(self.item_next, self.item_next + n, dtype=np.int64)
        self.item_next += n
        return k

    def render(self, tpl: list[str], k: np.ndarray) -> list[str]:
        S, nS = self.ref.sent, self.nS
        a, b = k % nS, (k // nS) % nS
        ns = len(tpl) - 1
        if ns == 1:
            p0, p1 = tpl
            return [f"{p0}{S[x]} {S[y]}{p1}" for x, y in zip(a.tolist(), b.tolist())]
        out = []
        for x, y in zip(a.tolist(), b.tolist()):
            s = [tpl[0], S[x], " ", S[y]]
            for j in range(1, ns):
                s.append(tpl[j])
                s.append(S[(x + 31 * j + y) % nS])
            s.append(tpl[ns])
            out.append("".join(s))
        return out

    def harvest(self, datasets: list[str], k: np.ndarray, suffix: str = "", tpl_choice=None) -> list[str]:
        """Items ``k`` rendered over the datasets' templates (each item one template)."""
        tpls = [t for d in datasets for t in self.ref.datasets[d]]
        ti = self.rng.integers(0, len(tpls), size=len(k)) if tpl_choice is None else tpl_choice
        out = [None] * len(k)
        for t in np.unique(ti):
            m = np.flatnonzero(ti == t)
            for i, s in zip(m, self.render(tpls[int(t)], k[m])):
                out[i] = s + suffix
        return out

    def pick_datasets(self, n: int) -> list[str]:
        return [str(x) for x in self.rng.choice(self.ref.ds_names, size=n, replace=False)]

    def chat_codes(self, n: int, whole=.4) -> np.ndarray:
        rng = self.rng
        w = rng.random(n) < whole
        # popular prompts are popular: a Zipf-like pick
        ai = np.minimum((rng.pareto(1.1, n) * 40).astype(np.int64), len(self.aw_codes) - 1)
        si = rng.integers(0, len(self.sent_codes), n)
        return np.where(w, self.aw_codes[ai], self.sent_codes[si])

    def tokens(self, n, med, sig=.7, lo=1, hi=16384):
        return np.clip(np.round(np.exp(np.log(med) + sig * self.rng.standard_normal(n))), lo, hi).astype(np.int64)

    def day_times(self, days: np.ndarray, counts: np.ndarray, prof: np.ndarray, off: int) -> np.ndarray:
        """Request times (ms) of days ``days`` (local day indices) with ``counts`` each, hours from ``prof``."""
        rng = self.rng
        d = np.repeat(days, counts)
        h = rng.choice(24, size=len(d), p=prof / prof.sum())
        return START_MS + d * DAY - off * MIN + h * HOUR + rng.integers(0, HOUR, len(d))

    def emit(self, a, ts, prompt, ip, ua, tok, model):
        ts = np.asarray(ts, np.int64)
        n = len(ts)
        if n == 0:
            return
        cr = self.accts[a]["created"] if np.isscalar(a) else None

        def arr(x, dt=np.int64):
            return np.full(n, x, dt) if np.isscalar(x) else np.asarray(x, dt)

        A, P, I, U, T, M = arr(a, np.int32), arr(prompt), arr(ip), arr(ua), arr(tok), arr(model, np.int8)
        lo = np.array([self.accts[x]["created"] for x in A]) if cr is None else cr
        keep = (ts >= START_MS) & (ts < START_MS + self.D * DAY) & (ts >= lo)
        self.chunks.append(tuple(x[keep] for x in (A, ts, P, I, U, T, M)))

    def ipc(self, ss) -> np.ndarray:
        return self.IP.codes(ss)


PROF = {
    "evening": np.array([2, 1, .5, .3, .2, .3, .8, 1.5, 2, 2, 2, 2.5, 3, 2.5, 2.5, 2.5, 3, 3.5, 4, 5, 5.5, 5, 4, 3]),
    "office": np.array([0, 0, 0, 0, 0, 0, .2, 1, 4, 6, 6, 5, 3.5, 5, 6, 5.5, 4.5, 2.5, 1, .5, .3, .2, .1, 0]),
    "student": np.array([3, 2, 1, .4, .2, .2, .3, .6, 1.5, 2.5, 3.5, 3.5, 3, 3.5, 4, 4, 3.5, 3, 3, 3.5, 4, 4.5, 4.5, 4]),
    "flat": np.ones(24),
    "app": np.array([2, 1.5, 1.2, 1, 1, 1.2, 2, 3, 4, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.2, 4, 4, 3.8, 3.5, 3, 2.5]),
}


def region_of(w: World, n: int) -> np.ndarray:
    ks = list(REGION_W)
    p = np.array([REGION_W[k] for k in ks])
    return np.array(ks)[w.rng.choice(len(ks), size=n, p=p / p.sum())]


def person_days(w: World, weekday_bias=False):
    """Active days and requests per active day of an ordinary person (heavy-tailed)."""
    rng, D = w.rng, w.D
    pa_ = rng.beta(1.3, 2.6)
    days = np.flatnonzero(rng.random(D) < pa_)
    if weekday_bias:
        days = days[(days % 7 < 5) | (rng.random(len(days)) < .15)]
    rate = np.exp(np.log(3.0) + 1.0 * rng.standard_normal())
    return days, rng.poisson(rate, len(days)) + 1


# ------------------------------------------------------------------ benign cohorts

def split_groups(w: World, n: int, lo: int, hi: int, alpha: float = 1.6) -> list[int]:
    """Group sizes lo..hi (heavy tail) summing to n (a last group below lo is merged into the others)."""
    out, rem = [], n
    while rem > 0:
        s = int(min(hi, lo + np.floor(w.rng.pareto(alpha) * lo)))
        s = min(s, rem)
        if s < lo and out:
            for i in range(s):
                out[i % len(out)] += 1
            break
        out.append(s)
        rem -= s
    return out


def json_msg(text: str) -> str:
    return json.dumps([{"role": "user", "content": text}], ensure_ascii=False)


def chat_person(w: World, a: int, region: str, prof: str, ip_codes_fn, ua: int, weekday=False, msg_share=.08,
                models=(.6, .3, .1, 0), tok=350, extra=None):
    """An ordinary person's chat: heavy-tailed days and volume, popular prompts and sentences."""
    rng = w.rng
    days, cnt = person_days(w, weekday)
    if extra is not None:
        cnt = np.maximum(1, (cnt * extra).astype(np.int64))
    ts = w.day_times(days, cnt, PROF[prof], REGIONS[region]["off"])
    n = len(ts)
    pc = w.chat_codes(n)
    msg = rng.random(n) < msg_share
    if msg.any():
        pc[msg] = w.P.codes([json_msg(w.P.items[c]) for c in pc[msg]])
    mp = np.array(models, float)
    w.emit(a, ts, pc, ip_codes_fn(ts), ua, w.tokens(n, tok), rng.choice(4, size=n, p=mp / mp.sum()))


def day_index(ts: np.ndarray) -> np.ndarray:
    return (ts - START_MS) // DAY


def b_hobbyist(w: World, n: int, cohort="hobbyist"):
    rng = w.rng
    for r in region_of(w, n):
        r = str(r)
        created = w.old_created() if rng.random() < .85 else START_MS + int(rng.integers(0, w.D * DAY // 2))
        tier = "free" if rng.random() < .55 else str(rng.choice(["starter", "pro"], p=[.8, .2]))
        a = w.acct(cohort, r, tier, created)
        if rng.random() < .7:
            home = w.ipc(w.isp_addr(r, "home", 1))[0]
            ipf = (lambda ts, h=home: np.full(len(ts), h))
        else:
            sub = int(rng.integers(0, 2 ** 32))

            def ipf(ts, r=r, sub=sub):
                d = day_index(ts)
                u, inv = np.unique(d, return_inverse=True)
                return w.ipc(w.v6(r, "home", len(u), subnet=sub))[inv]
        ua = w.UA.code(str(rng.choice(BROWSERS + SDKS[:3], p=[.13] * 6 + [.1, .06, .06])))
        chat_person(w, a, r, "evening", ipf, ua)


def b_household(w: World, n: int):
    rng = w.rng
    for size in split_groups(w, n, 2, 5, 3.0):
        r = str(region_of(w, 1)[0])
        g = f"hh_{w.hexid(8)}"
        card = w.token("card")
        home = w.ipc(w.isp_addr(r, "home", 1))[0]
        sub = int(rng.integers(0, 2 ** 32))
        for i in range(size):
            a = w.acct("household", r, "starter", w.old_created(), group=g, pay=card)

            def ipf(ts, r=r, sub=sub, home=home):
                d = day_index(ts)
                u, inv = np.unique(d, return_inverse=True)
                v6 = w.ipc(w.v6(r, "home", len(u), subnet=sub))[inv]
                return np.where(rng.random(len(ts)) < .5, home, v6)
            chat_person(w, a, r, "evening", ipf, w.UA.code(str(rng.choice(BROWSERS + APP_UA))))


def company_name(w: World) -> str:
    a = ["North", "Blue", "Iron", "Maple", "Quarry", "Lumen", "Cedar", "Harbor", "Vanta", "Orbit", "Kestrel", "Pine"]
    b = ["works", "labs", "logic", "field", "stack", "point", "grid", "ware", "line", "forge"]
    while True:                                   # company names (and so their domains) are unique in the world
        x = f"{w.rng.choice(a)}{w.rng.choice(b)}{w.rng.integers(10, 1000)}"
        if x not in w.used_tokens:
            w.used_tokens.add(x)
            return x


def b_office(w: World, n: int):
    rng = w.rng
    for size in split_groups(w, n, 3, 200, 1.2):
        r = str(region_of(w, 1)[0])
        name = company_name(w)
        g, dom = f"org_{w.hexid(8)}", f"{name.lower()}.com"
        nat = w.ipc(w.isp_addr(r, "biz", int(rng.integers(1, 4))))
        inv = w.token("inv") if rng.random() < .6 else None
        ua = w.UA.code(str(rng.choice(BROWSERS)))
        wrap = rng.random() < .4
        for i in range(size):
            a = w.acct("office_nat", r, str(rng.choice(["pro", "team"])), w.old_created(), group=g, email=dom, org=g,
                       pay=inv)
            days, cnt = person_days(w, True)
            ts = w.day_times(days, cnt, PROF["office"], REGIONS[r]["off"])
            k = len(ts)
            pc = w.chat_codes(k, .2)
            if wrap:
                m = rng.random(k) < .4
                pc[m] = w.P.codes([f"[{name} Copilot] Internal use only. {w.P.items[c]}" for c in pc[m]])
            w.emit(a, ts, pc, rng.choice(nat, k), ua, w.tokens(k, 420), rng.choice(4, k, p=[.55, .35, .1, 0]))


def b_campus(w: World, n: int):
    rng = w.rng
    unis = list(UNIVERSITIES)
    per = np.bincount(rng.integers(0, len(unis), n), minlength=len(unis))
    for u, cnt in zip(unis, per):
        asn, r = UNIVERSITIES[u]
        nat = w.ipc(w.asn_addr(asn, 12))
        ds = w.pick_datasets(1)
        tpl = w.ref.datasets[ds[0]][0]
        hw = w.P.codes(w.render(tpl, np.arange(30_000_000 + hash_u(u) * 1000, 30_000_000 + hash_u(u) * 1000 + 150)))
        for i in range(int(cnt)):
            a = w.acct("campus", r, "free" if rng.random() < .6 else "starter", w.old_created(5, 1200), group=f"uni_{u}",
                       email=u)
            days, c = person_days(w)
            ts = w.day_times(days, c, PROF["student"], REGIONS[r]["off"])
            k = len(ts)
            pc = w.chat_codes(k)
            m = rng.random(k) < .1
            pc[m] = rng.choice(hw, m.sum())
            w.emit(a, ts, pc, rng.choice(nat, k), w.UA.code(str(rng.choice(BROWSERS))), w.tokens(k, 380),
                   rng.choice(4, k, p=[.5, .35, .15, 0]))


def hash_u(s: str) -> int:
    return int(hashlib.sha256(s.encode()).hexdigest()[:4], 16)


def carrier_pool(w: World, r: str) -> np.ndarray:
    if ("cgnat", r) not in w.pool_keep:
        w.pool_keep[("cgnat", r)] = w.ipc(w.isp_addr(r, "mob", 48))
    return w.pool_keep[("cgnat", r)]


def b_mobile(w: World, n: int):
    rng = w.rng
    for r in region_of(w, n):
        r = str(r)
        a = w.acct("carrier_mobile", r, "free" if rng.random() < .7 else "starter", w.old_created())
        pool = carrier_pool(w, r)
        v6 = rng.random() < .45

        def ipf(ts, r=r, pool=pool, v6=v6):
            x = rng.choice(pool, len(ts))
            if v6:
                d = day_index(ts)
                u, inv = np.unique(d, return_inverse=True)
                x = np.where(rng.random(len(ts)) < .7, w.ipc(w.v6(r, "mobile", len(u)))[inv], x)
            return x
        chat_person(w, a, r, "evening", ipf, w.UA.code(str(rng.choice(APP_UA))), msg_share=.3, tok=250)


def b_vpn(w: World, n: int):
    rng = w.rng
    pool = w.vpn_pool
    tor = w.ipc(w.ref.tor[:400])
    for r in region_of(w, n):
        r = str(r)
        a = w.acct("vpn_user", r, "free" if rng.random() < .5 else "starter", w.old_created())
        ex = rng.choice(tor if rng.random() < .1 else pool, int(rng.integers(3, 9)), replace=False)
        chat_person(w, a, r, "evening", lambda ts, ex=ex: rng.choice(ex, len(ts)),
                    w.UA.code(str(rng.choice(BROWSERS))))


def b_indie(w: World, n: int):
    rng = w.rng
    for r in region_of(w, n):
        r = str(r)
        app = company_name(w)
        a = w.acct("indie_dev", r, "starter", w.old_created(), email=f"{app.lower()}.dev")
        vm = w.ipc(w.list_addr(str(rng.choice(["amazon", "google", "digitalocean"])), 1))[0]
        days = np.flatnonzero(rng.random(w.D) < rng.uniform(.3, 1))
        cnt = rng.poisson(np.exp(np.log(10) + rng.standard_normal()), len(days)) + 1
        cnt = np.minimum(cnt, 1400)
        ts = w.day_times(days, cnt, PROF["app"], REGIONS[r]["off"])
        k = len(ts)
        pre = f"You are the assistant inside {app}, a small productivity app. Answer briefly. User: "
        pc = w.P.codes([pre + w.P.items[c] for c in w.chat_codes(k, 0)])
        w.emit(a, ts, pc, vm, w.UA.code(str(rng.choice(SDKS))), w.tokens(k, 300), rng.choice(4, k, p=[.3, .7, 0, 0]))


def b_heavy(w: World, n: int):
    rng = w.rng
    for size in split_groups(w, n, 1, 3, 2):
        r = str(rng.choice(["us_east", "us_west", "germany", "uk", "japan"]))
        app = company_name(w)
        g = f"app_{w.hexid(8)}"
        inv = w.token("inv")
        vms = w.ipc(w.list_addr(str(rng.choice(["amazon", "google", "microsoft"])), int(rng.integers(2, 7))))
        tpl = f"{app} support bot. Using the knowledge base, answer the customer's question: "
        ua = w.UA.code(str(rng.choice(SDKS[:4])))
        for i in range(size):
            tier = str(rng.choice(["team", "enterprise"]))
            a = w.acct("heavy_app", r, tier, w.old_created(60, 900), group=g, org=g, pay=inv, email=f"{app.lower()}.io")
            med = np.exp(np.log(600) + .8 * rng.standard_normal())
            cnt = np.minimum(rng.poisson(med, w.D) + 1, int(DAILY[tier] * .9))
            ts = w.day_times(np.arange(w.D), cnt, PROF["app"], REGIONS[r]["off"])
            k = len(ts)
            pc = w.P.codes([tpl + w.ref.sent[i] for i in rng.integers(0, w.nS, k)])
            w.emit(a, ts, pc, rng.choice(vms, k), ua, w.tokens(k, 180), rng.choice(4, k, p=[.2, .8, 0, 0]))


ALT_TEXT = ("Write alt text for this image for a screen-reader user: one or two sentences, under 150 characters, "
            "describe what matters in context, do not start with 'Image of'.")
ALT_UA = "openalt-batch/2.3.1 (+https://openalt.org) python-httpx/0.28.1"


def image_url(w: World, n: int, kind="jpeg") -> list[str]:
    x = w.rng.integers(0, 2 ** 62, size=(n, 3))
    return [f"data:image/{kind};base64,/9j/4AAQSkZJRgABAQ{a:016x}{b:016x}{c:08x}" for a, b, c in x.tolist()]


def b_alt_text(w: World, n: int):
    """Accessibility nonprofit's alt-text tool: partner institutions' digitisation campaigns, image per request."""
    rng = w.rng
    kinds = ["museum", "library", "archive", "news", "council", "univpress"]
    for size in split_groups(w, n, 2, 10, 1.5):
        r = str(region_of(w, 1)[0])
        kind = str(rng.choice(kinds))
        g = f"alt_{kind}_{w.hexid(6)}"
        inv = w.token("inv")
        own = rng.random() < .6
        ips = w.ipc(w.isp_addr(r, "biz", 2)) if own else w.alt_cloud
        coll = f"Collection: {kind} digitisation, partner {g[-6:]}."
        campaigns = np.sort(rng.choice(w.D, size=min(w.D, int(rng.integers(1, 5))), replace=False))
        for i in range(size):
            a = w.acct("alt_text", r, "pro", w.old_created(30, 800), group=g, org=g, pay=inv,
                       email=f"{kind}{g[-6:]}.org", role="partner_staff")
            days = campaigns[rng.random(len(campaigns)) < .8]
            cnt = rng.integers(30, 300, len(days))
            ts = w.day_times(days, cnt, PROF["office"], REGIONS[r]["off"])
            k = len(ts)
            urls = image_url(w, k)
            txt = f"{ALT_TEXT} {coll}"
            pc = w.P.extend_unique([json.dumps([{"role": "user", "content": [
                {"type": "text", "text": txt}, {"type": "image_url", "image_url": {"url": u}}]}]) for u in urls])
            w.emit(a, ts, pc, rng.choice(ips, k), w.UA.code(ALT_UA), w.tokens(k, 28, .3, 5, 80), 3)


FTS_OFFICES = [("philippines", 0), ("poland", 8), ("us_central", 16)]     # (region, shift start hour UTC)


def b_follow_the_sun(w: World, n: int):
    """A support team handing one ticket queue from office to office around the clock."""
    rng = w.rng
    sizes = split_groups(w, n, 9, 45, 1.5)
    for size in sizes:
        name = company_name(w)
        g = f"fts_{w.hexid(8)}"
        inv = w.token("inv")
        per = np.bincount(np.arange(size) % 3, minlength=3)
        tick = int(rng.integers(1_000_000, 8_000_000))
        for (r, h0), m in zip(FTS_OFFICES, per):
            nat = w.ipc(w.isp_addr(r, "biz", int(rng.integers(1, 3))))
            for i in range(int(m)):
                a = w.acct("follow_the_sun", r, "starter", w.old_created(30, 700), group=g, org=g, pay=inv,
                           email=f"{name.lower()}.com", role=f"shift_{h0:02d}utc")
                off_days = int(rng.integers(0, 7))
                days = np.array([d for d in range(w.D) if (d + off_days) % 7 < 5])
                cnt = rng.integers(10, 40, len(days))
                d = np.repeat(days, cnt)
                ts = START_MS + d * DAY + h0 * HOUR + rng.integers(0, 8 * HOUR, len(d))
                k = len(ts)
                tk = np.arange(tick, tick + k)
                tick += k
                pc = w.P.extend_unique([f"Deskhand handover. Summarise ticket TKT-{t:07d} for the next shift and draft a "
                                        f"reply. Customer wrote: {w.ref.sent[s]}" for t, s in
                                        zip(tk.tolist(), rng.integers(0, w.nS, k).tolist())])
                w.emit(a, ts, pc, rng.choice(nat, k), w.UA.code("Deskhand/5.2.0 (helpdesk app; Chrome 135)"),
                       w.tokens(k, 260), 1)


def b_isp_renumber(w: World, n: int):
    """Subscribers of a regional ISP that renumbers every customer into a new block on one night."""
    rng = w.rng
    isps = [("germany", 31334), ("uk", 5089), ("brazil", 28573)]
    per = np.bincount(rng.integers(0, len(isps), n), minlength=len(isps))
    w.renumber = {}
    for (r, asn), cnt in zip(isps, per):
        nets = w.ref.asn_nets[asn]
        half = len(nets) // 2
        night = w.D // 2 + int(rng.integers(-1, 2))
        t0 = START_MS + night * DAY - REGIONS[r]["off"] * MIN + 2 * HOUR      # 02:00 local
        w.renumber[f"isp_{asn}"] = {"region": r, "asn": asn, "night_utc": iso(t0)}
        for i in range(int(cnt)):
            a = w.acct("isp_renumber", r, "free" if rng.random() < .5 else "starter", w.old_created(),
                       group=f"isp_{asn}", role="subscriber")
            old = w.ipc(w.nets_addr(nets[:half], 1))[0]
            new = w.ipc(w.nets_addr(nets[half:], 1))[0]
            sw = t0 + int(rng.integers(0, 2 * HOUR))
            chat_person(w, a, r, "evening", lambda ts, o=old, nw=new, sw=sw: np.where(ts < sw, o, nw),
                        w.UA.code(str(rng.choice(BROWSERS))))


STUDY = [
    "Hi! I'm taking part in a study. Please introduce yourself in two sentences.",
    "Plan a three-day trip to Lisbon for a family with two children on a modest budget.",
    "Explain how a heat pump works to a 12-year-old.",
    "Write a polite email to my landlord asking to fix a leaking kitchen tap this week.",
    "What are three arguments for and three against a four-day work week?",
    "Summarise the plot of Romeo and Juliet in exactly five sentences.",
    "I have chicken, rice, spinach and lemons. Suggest a dinner recipe with steps.",
    "Is it safe to take ibuprofen and paracetamol together? Answer carefully.",
    "Translate 'Where is the nearest train station?' into Spanish, French and Japanese.",
    "Help me write a short birthday poem for my grandmother who loves gardening.",
    "What is the difference between weather and climate? Give an example of each.",
    "Thanks. On a scale of 1-10, how confident are you in your previous answers, and why?",
]
STUDY_FOLLOW = ["Follow-up session: remind me what a heat pump does, in one sentence.",
                "Follow-up session: give me one tip to save energy at home.",
                "Follow-up session: what did you recommend for dinner yesterday? If you can't remember, say so."]


def study_session(w: World, a: int, t0: int, region: str, ipc: int, ua: int):
    rng = w.rng
    gaps = rng.integers(40_000, 200_000, len(STUDY))
    ts = t0 + np.cumsum(gaps)
    w.emit(a, ts, w.P.codes(STUDY), ipc, ua, w.tokens(len(ts), 320), 0)
    if rng.random() < .15:
        t1 = t0 + DAY + int(rng.integers(0, 3 * HOUR))
        ts = t1 + np.cumsum(rng.integers(40_000, 150_000, len(STUDY_FOLLOW)))
        w.emit(a, ts, w.P.codes(STUDY_FOLLOW), ipc, ua, w.tokens(len(ts), 120), 0)


def b_user_study(w: World, n: int):
    """A paid user study: crowd participants sign up for it and run the study's fixed script once."""
    rng = w.rng
    for i in range(n):
        r = str(rng.choice(["us_east", "us_central", "us_west", "uk", "germany", "poland", "india", "brazil"]))
        wave = w.study_waves[int(rng.integers(0, len(w.study_waves)))]
        t0 = wave + int(min(rng.exponential(60 * MIN), 5 * HOUR))
        created = t0 - int(rng.integers(2 * MIN, 25 * MIN))
        a = w.acct("user_study", r, "free", created, group=w.study_id, role="participant")
        mob = rng.random() < .3
        ipc = (rng.choice(carrier_pool(w, r)) if mob else w.ipc(w.isp_addr(r, "home", 1))[0])
        ua = w.UA.code(str(rng.choice(APP_UA if mob else BROWSERS)))
        study_session(w, a, t0, r, ipc, ua)
        if rng.random() < .12:                     # keeps the account for a little ordinary use afterwards
            days, cnt = person_days(w)
            days = days[days > (t0 - START_MS) // DAY]
            ts = w.day_times(days, np.minimum(cnt[:len(days)], 6), PROF["evening"], REGIONS[r]["off"])
            w.emit(a, ts, w.chat_codes(len(ts)), ipc, ua, w.tokens(len(ts), 300), 0)


def b_limit_sharder(w: World, n: int):
    """A startup spreading one production app over its employees' starter accounts, round-robin."""
    rng = w.rng
    for size in split_groups(w, n, 4, 12, 2):
        r = str(rng.choice(["us_west", "us_east", "uk", "germany", "india"]))
        app = company_name(w)
        g = f"shard_{w.hexid(8)}"
        vms = w.ipc(w.list_addr("amazon", int(rng.integers(2, 4))))
        accs = [w.acct("limit_sharder", r, "starter", w.old_created(20, 400), group=g, email=f"{app.lower()}.ai",
                       role="employee_account") for _ in range(size)]
        ua = w.UA.code("halyard-node/4.8.1")
        tpl = f"{app} listing assistant. Rewrite this marketplace listing so it is clear and honest: "
        share = rng.uniform(.2, .45)
        per_day = rng.poisson(size * share * DAILY["starter"], w.D)
        ts = w.day_times(np.arange(w.D), per_day, PROF["app"], REGIONS[r]["off"])
        ts.sort()
        k = len(ts)
        who = np.array(accs)[np.arange(k) % size]
        pc = w.P.codes([tpl + w.ref.sent[i] for i in rng.integers(0, w.nS, k)])
        w.emit(who, ts, pc, rng.choice(vms, k), ua, w.tokens(k, 220), 1)


def b_device_lab(w: World, n: int):
    """App companies' QA suites on a cloud real-device lab: the lab's egress, phone user agents, fixed test prompts."""
    rng = w.rng
    for size in split_groups(w, n, 1, 3, 2):
        r = str(rng.choice(["us_east", "us_west", "uk", "germany", "india", "japan"]))
        app = company_name(w)
        g = f"qa_{w.hexid(8)}"
        suite = [f"[{app} QA] Test {j + 1}: {w.ref.sent[int(s)]}" for j, s in
                 enumerate(rng.integers(0, w.nS, int(rng.integers(8, 26))))]
        sc = w.P.codes(suite)
        uas = [w.UA.code(f"{app}/{rng.integers(2, 9)}.{rng.integers(0, 20)}.0 ({d}) okhttp/4.12.0") for d in
               ("Android 15; Pixel 9", "Android 14; SM-S921B", "Android 13; moto g54")] + \
              [w.UA.code(f"{app}/{rng.integers(2, 9)}.{rng.integers(0, 20)} CFNetwork/1568.100.1 Darwin/24.0.0")]
        card = w.token("card")
        for i in range(size):
            a = w.acct("device_lab", r, "pro", w.old_created(30, 600), group=g, org=g, pay=card,
                       email=f"{app.lower()}.app", role="qa_account")
            tss, pcs, us = [], [], []
            for d in range(w.D):
                runs = int(rng.integers(1, 5)) if d % 7 < 5 else int(rng.integers(0, 2))
                for _ in range(runs):
                    t0 = START_MS + d * DAY - REGIONS[r]["off"] * MIN + int(rng.integers(8 * HOUR, 20 * HOUR))
                    devs = rng.choice(len(uas), int(rng.integers(2, 4)), replace=False)
                    for dv in devs:
                        tss.append(t0 + np.sort(rng.integers(0, 6 * MIN, len(sc))))
                        pcs.append(sc)
                        us.append(np.full(len(sc), uas[dv]))
            if tss:
                ts = np.concatenate(tss)
                k = len(ts)
                w.emit(a, ts, np.concatenate(pcs), rng.choice(w.lab_ips, k), np.concatenate(us),
                       w.tokens(k, 150), 1)


BENIGN_FN = {"hobbyist": b_hobbyist, "household": b_household, "office_nat": b_office, "campus": b_campus,
             "carrier_mobile": b_mobile, "vpn_user": b_vpn, "indie_dev": b_indie, "heavy_app": b_heavy,
             "alt_text": b_alt_text, "follow_the_sun": b_follow_the_sun, "isp_renumber": b_isp_renumber,
             "user_study": b_user_study, "limit_sharder": b_limit_sharder, "device_lab": b_device_lab}


def iso(ms: int) -> str:
    return pd.Timestamp(int(ms), unit="ms", tz="UTC").strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


# ------------------------------------------------------------------ rings

def ring_sizes(w: World, R: int, world: str) -> list[tuple[int, str]]:
    """(size, kind) of every ring."""
    rng, N = w.rng, w.p.n_accounts
    out = []

    def band(total, lo, hi, skew=False):
        s, rem = [], total
        while rem > 0:
            if rem < lo or (rem <= hi and (rng.random() < .4 or rem < 2 * lo)):
                s.append(rem)
                break
            top = min(hi, rem - lo) if rem - lo >= lo else min(hi, rem)
            x = int(lo + min(top - lo, np.floor(rng.pareto(1.3) * 3))) if skew else int(rng.integers(lo, top + 1))
            x = max(lo, min(x, top))
            if rem - x < lo and rem - x > 0:
                x = rem if rem <= hi else rem - lo
            s.append(x)
            rem -= x
        return s

    kinds = [k for k in RING_KINDS]
    if world == "small":
        sizes = band(R, 3, 15, skew=True)
    elif world == "mixed":
        a, b = round(R * .5), round(R * .3)
        sizes = band(a, 3, 15, True) + band(b, 16, 60) + band(R - a - b, 61, 300)
    else:
        hy = int(round(N * rng.uniform(.055, .065)))
        out.append((hy, "hydra_reseller"))
        kinds = [k for k in RING_KINDS if k != "hydra_reseller"]
        sizes = band(R - hy, 3, 60)
    sizes = [x for x in sizes if x > 0]
    while len(sizes) > 1 and min(sizes) < 3:                 # a remainder too small for a ring joins another
        j = int(np.argmin(sizes))
        x = sizes.pop(j)
        sizes[int(np.argmin(sizes))] += x
    order = [kinds[i] for i in rng.permutation(len(kinds))]
    for i, s in enumerate(sizes):
        out.append((s, order[i % len(order)]))
    return out


def work_plan(w: World, size: int, days_mean: float):
    """Each account's working days (from the ring's campaign days) and per-day share of its limit."""
    rng, D = w.rng, w.D
    camp = np.sort(rng.choice(D, size=min(D, int(np.ceil(days_mean * 1.5)) + 1), replace=False))
    plans = []
    for _ in range(size):
        k = int(np.clip(rng.poisson(days_mean), 1, len(camp)))
        days = np.sort(rng.choice(camp, size=k, replace=False))
        busy = rng.random() < .75
        share = rng.uniform(.4, .9, k) if busy else rng.uniform(.08, .3, k)
        plans.append((days, share))
    return plans


def run_times(w: World, days, counts, h0: float, span: float) -> np.ndarray:
    rng = w.rng
    d = np.repeat(days, counts)
    start = START_MS + d * DAY + int(h0 * HOUR)
    return start + rng.integers(0, int(span * HOUR), len(d))


def ring_accounts(w, kind, size, rid, tier="starter", created=None, region=None, **kw):
    rng = w.rng
    accs = []
    for i in range(size):
        r = region if region is not None else str(region_of(w, 1)[0])
        c = created[i] if created is not None else w.old_created(3, 60)
        accs.append(w.acct(kind, r, tier, c, group=rid, ring=rid, **kw))
    return accs


def k_generic(w: World, rid: str, kind: str, size: int, days_mean: float, rr: dict):
    rng = w.rng
    ds = w.pick_datasets(1 if kind in ("card_pool", "cot_harvest", "char_noise", "free_swarm") else 2)
    rr["datasets"] = ds
    plans = work_plan(w, size, days_mean)
    model, suffix, tok = 0, "", 450
    if kind == "card_pool":
        rr.update(signals_kept=["1-2 shared cards", "sign-up burst within three hours", "4-6 datacenter addresses",
                                "python-requests user agent", "one dataset", "flat 24 h"],
                  evasions=["none beyond staying under the per-account limit"])
        t0 = START_MS - int(rng.integers(1, 5)) * DAY + int(rng.integers(0, 20 * HOUR))
        cards = [w.token("card") for _ in range(int(rng.integers(1, 3)))]
        accs = [w.acct(kind, "us_east", "starter", t0 + int(rng.integers(0, 3 * HOUR)), group=rid, ring=rid,
                       pay=cards[i % len(cards)], email="mailinator.com") for i in range(size)]
        ips = w.ipc(w.list_addr("datacenter", int(rng.integers(4, 7))))
        ipf = lambda i, k: rng.choice(ips, k)
        ua = lambda i, k: w.UA.code("python-requests/2.31.0")
        h0, span = 0, 24
    elif kind == "cot_harvest":
        rr.update(signals_kept=["chain-of-thought suffix on every request", "reasoning model, long outputs",
                                "2-3 Hetzner/OVH addresses", "one dataset"],
                  evasions=["own cards and free-mail addresses"])
        accs = ring_accounts(w, kind, size, rid)
        ips = w.ipc(w.asn_addr(HOSTING["hetzner"], 2) + w.asn_addr(HOSTING["ovh"], int(rng.integers(0, 2))))
        ipf = lambda i, k: rng.choice(ips, k)
        ua = lambda i, k: w.UA.code("halyard-python/1.41.2")
        model, suffix, tok, h0, span = 2, COT, 1400, 2, 18
    elif kind == "persona_dress":
        rr.update(signals_kept=["two datasets' items inside the persona wrapper", "persona openings from one short list",
                                "office-hour runs"],
                  evasions=["*new* persona dressing: every item wrapped in a real 'I want you to act as' persona "
                            "prompt of the public prompt collection, as ordinary chat users paste them",
                            "one static business-ISP address per account, browser user agents, own cards"])
        accs = ring_accounts(w, kind, size, rid)
        personas = [p for _, p in w.ref.acts]
        sel = [personas[i] for i in rng.choice(len(personas), 6, replace=False)]
        sel = [re.split(r"(?i)\s*my first (?:request|sentence|command|question|suggestion request)", p)[0].strip()
               for p in sel]
        rr["personas"] = len(sel)
        own = [w.ipc(w.isp_addr(str(rng.choice(list(REGIONS))), "biz", 1))[0] for _ in range(size)]
        ipf = lambda i, k: np.full(k, own[i])
        uas = [w.UA.code(str(rng.choice(BROWSERS))) for _ in range(size)]
        ua = lambda i, k: np.full(k, uas[i])
        h0, span = 13, 10
    elif kind == "char_noise":
        rr.update(signals_kept=["one dataset's templates under the noise", "one OVH /24", "one SDK build"],
                  evasions=["*invented* character noise: zero-width characters, Cyrillic homoglyphs and doubled "
                            "spaces at random places of every prompt, so no two requests share exact text"])
        accs = ring_accounts(w, kind, size, rid)
        base = w.ref.asn_nets[HOSTING["ovh"]][int(rng.integers(0, len(w.ref.asn_nets[HOSTING["ovh"]])))][0]
        base = base & ~0xff
        ips = w.ipc([v4(base + int(x)) for x in rng.choice(np.arange(2, 254), min(250, size * 2), replace=False)])
        ipf = lambda i, k: rng.choice(ips[2 * i:2 * i + 2] if 2 * i + 2 <= len(ips) else ips, k)
        ua = lambda i, k: w.UA.code("halyard-python/1.42.0")
        h0, span = 4, 16
    elif kind == "free_swarm":
        rr.update(signals_kept=["one dataset", "every account at its free daily cap", "fresh sign-ups"],
                  evasions=["*new* free-tier swarm: no payment method on any account, sign-ups spread over the window "
                            "on sixteen free mail providers, each account a home address of its own"])
        accs = []
        for i in range(size):
            first = plans[i][0][0]
            c = START_MS + first * DAY - int(rng.integers(HOUR, 20 * HOUR))
            r = str(rng.choice(["india", "brazil", "philippines", "nigeria", "poland"]))
            accs.append(w.acct(kind, r, "free", c, group=rid, ring=rid))
        plans = [(d, rng.uniform(.85, 1.0, len(d))) for d, _ in plans]
        own = [w.ipc(w.isp_addr(w.accts[a]["region"], "home", 1))[0] for a in accs]
        ipf = lambda i, k: np.full(k, own[i])
        ua = lambda i, k: w.UA.code("halyard-python/1.42.0")
        h0, span = 0, 23
    elif kind == "chat_replay":
        rr.update(signals_kept=["volume", "exits of one VPN provider's ranges", "one sign-up week"],
                  evasions=["*new* general-chat replay: items are ordinary chat requests (pairs of real user-written "
                            "sentences), no template, no dataset, never the same request twice",
                            "VPN exits that ordinary VPN users share"])
        rr["datasets"] = []
        wk = START_MS - int(rng.integers(7, 30)) * DAY
        accs = ring_accounts(w, kind, size, rid, created=[wk + int(rng.integers(0, 7 * DAY)) for _ in range(size)])
        ips = rng.choice(w.vpn_pool, min(len(w.vpn_pool), max(6, size)), replace=False)
        ex = [rng.choice(ips, int(rng.integers(1, 4)), replace=False) for _ in range(size)]
        ipf = lambda i, k: rng.choice(ex[i], k)
        uas = [w.UA.code(str(rng.choice(BROWSERS))) for _ in range(size)]
        ua = lambda i, k: np.full(k, uas[i])
        h0, span, tok = 6, 16, 600
    elif kind == "panel_stowaway":
        rr.update(signals_kept=["two datasets' templates after the study session", "sign-ups inside the study waves"],
                  evasions=["*invented* panel stowaways: accounts signed up as participants of the paid user study, "
                            "run its fixed script in one session like the real participants, then harvest from the "
                            "same home addresses",
                            "own virtual cards, browser user agents"])
        accs, own, uas = [], [], []
        for i in range(size):
            r = str(rng.choice(["us_east", "uk", "germany", "india", "brazil"]))
            days, sh_ = plans[i]
            wd = [(x - START_MS) // DAY for x in w.study_waves]
            before = [j for j, d in enumerate(wd) if d < days[0]]
            if not before:                          # the harvest starts the day after the first wave
                days = np.unique(np.minimum(days + (wd[0] + 1 - days[0]), w.D - 1))
                sh_ = sh_[:len(days)]
                plans[i] = (days, sh_)
                before = [0]
            wave = w.study_waves[before[int(rng.integers(0, len(before)))]]
            t0 = wave + int(min(rng.exponential(60 * MIN), 5 * HOUR))
            a = w.acct(kind, r, "starter", t0 - int(rng.integers(2 * MIN, 25 * MIN)), group=rid, ring=rid,
                       pay=w.token("vcc"))
            accs.append(a)
            own.append(w.ipc(w.isp_addr(r, "home", 1))[0])
            uas.append(w.UA.code(str(rng.choice(BROWSERS))))
            study_session(w, a, t0, r, own[-1], uas[-1])
            rr.setdefault("study_sessions", 0)
            rr["study_sessions"] += 1
        ipf = lambda i, k: np.full(k, own[i])
        ua = lambda i, k: np.full(k, uas[i])
        h0, span = 12, 11
    elif kind == "device_lab_stowaway":
        rr.update(signals_kept=["two datasets' templates", "CI-like bursts of a few hundred requests"],
                  evasions=["*invented* device-lab stowaways: harvest run on the cloud real-device lab's phones, with "
                            "the lab's egress addresses that every QA client shares and mobile-app user agents of "
                            "a made-up app per account", "each account its own fake company org, domain and card"])
        accs, uas = [], []
        for i in range(size):
            app = company_name(w)
            org = f"qa_{w.hexid(8)}"
            accs.append(w.acct(kind, str(rng.choice(["us_east", "uk", "india"])), "pro", w.old_created(5, 90),
                               group=rid, ring=rid, org=org, email=f"{app.lower()}.app"))
            uas.append([w.UA.code(f"{app}/{rng.integers(1, 5)}.{rng.integers(0, 9)}.0 (Android 14; Pixel 8) "
                                  f"okhttp/4.12.0"),
                        w.UA.code(f"{app}/{rng.integers(1, 5)}.{rng.integers(0, 9)} CFNetwork/1568.100.1 "
                                  f"Darwin/24.0.0")])
        ipf = lambda i, k: rng.choice(w.lab_ips, k)
        ua = lambda i, k: rng.choice(uas[i], k)
        h0, span, tok = 7, 14, 500
    else:
        raise ValueError(kind)
    tiers = [w.accts[a]["tier"] for a in accs]
    for i, a in enumerate(accs):
        days, share = plans[i]
        cnt = np.maximum(1, (share * DAILY[tiers[i]]).astype(np.int64))
        if kind == "device_lab_stowaway":            # CI-like bursts: runs of 100-300 requests in 10-20 minutes
            cnt = np.minimum(cnt, 1500)
            tss = []
            for d, c in zip(days, cnt):
                left = int(c)
                while left > 0:
                    b = min(left, int(rng.integers(100, 300)))
                    t0 = START_MS + d * DAY + int(rng.integers(h0 * HOUR, (h0 + span) * HOUR))
                    tss.append(t0 + np.sort(rng.integers(0, int(rng.integers(10, 21)) * MIN, b)))
                    left -= b
            ts = np.concatenate(tss)
        else:
            ts = run_times(w, days, cnt, h0 + rng.uniform(-1, 1), span)
        k = len(ts)
        if kind == "chat_replay":
            kk = w.items(k)
            S = w.ref.sent
            pr = [f"{S[x]} {S[y]}" for x, y in zip((kk % w.nS).tolist(), ((kk // w.nS) % w.nS).tolist())]
        else:
            pr = w.harvest(ds, w.items(k), suffix)
        if kind == "persona_dress":
            pi = rng.integers(0, len(sel), k)
            pr = [f"{sel[j]} My first request is \"{x}\"" for j, x in zip(pi.tolist(), pr)]
        elif kind == "char_noise":
            pr = [noise(rng, x) for x in pr]
        pc = w.P.extend_unique(pr)
        w.emit(a, ts, pc, ipf(i, k), ua(i, k), w.tokens(k, tok, .6), model)
    return accs


ZW = ["\u200b", "\u200c", "\u2060", "\ufeff"]
HOMO = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440", "i": "\u0456"}


def noise(rng, s: str) -> str:
    s = list(s)
    for _ in range(int(rng.integers(1, 4))):
        j = int(rng.integers(0, len(s)))
        if s[j] in HOMO:
            s[j] = HOMO[s[j]]
        else:
            s.insert(j, ZW[int(rng.integers(0, 4))])
    for _ in range(int(rng.integers(1, 3))):
        j = int(rng.integers(0, len(s)))
        s.insert(j, ZW[int(rng.integers(0, 4))])
    out = "".join(s)
    j = out.find(" ", int(rng.integers(0, max(1, len(out)))))
    if j > 0:
        out = out[:j] + "  " + out[j + 1:]
    return out


def k_human_cadence(w: World, rid: str, size: int, days_mean: float, rr: dict):
    rng = w.rng
    ds = w.pick_datasets(2)
    rr.update(datasets=ds, signals_kept=["two datasets' templates", "long working days at steady volume"],
              evasions=["*new* human cadence: requests in sessions of 20-60 with reading-and-typing gaps (median 35 s, "
                        "never under 12 s) and coffee breaks of 5-40 minutes, local daytime only",
                        "one home address and browser per account in its own region, own cards"])
    plans = work_plan(w, size, days_mean)
    accs = ring_accounts(w, "human_cadence", size, rid)
    for i, a in enumerate(accs):
        r = w.accts[a]["region"]
        ip = w.ipc(w.isp_addr(r, "home", 1))[0]
        ua = w.UA.code(str(rng.choice(BROWSERS)))
        tss = []
        for d, share in zip(*plans[i]):
            target = int(share * DAILY["starter"])
            t = START_MS + d * DAY - REGIONS[r]["off"] * MIN + int(rng.uniform(7.5, 9.5) * HOUR)
            end = t + 14 * HOUR
            got = 0
            while got < target and t < end:
                m = min(int(rng.integers(20, 61)), target - got)
                g = np.maximum(12_000, np.exp(np.log(35_000) + .5 * rng.standard_normal(m))).astype(np.int64)
                ts = t + np.cumsum(g)
                ts = ts[ts < end]
                tss.append(ts)
                got += len(ts)
                t = int(ts[-1]) + int(rng.integers(5 * MIN, 40 * MIN)) if len(ts) else end
        ts = np.concatenate(tss) if tss else np.zeros(0, np.int64)
        k = len(ts)
        w.emit(a, ts, w.P.extend_unique(w.harvest(ds, w.items(k))), ip, ua, w.tokens(k, 450), 0)
    return accs


FOLLOW = ["Explain your reasoning in more detail.", "Now check your answer step by step.",
          "Give a harder variant of this problem and solve it.", "Summarise your answer in one sentence."]


def k_relay_conversation(w: World, rid: str, size: int, days_mean: float, rr: dict):
    rng = w.rng
    ds = w.pick_datasets(2)
    rr.update(datasets=ds, signals_kept=["two datasets' items as first turns", "Google Cloud VMs", "one SDK build"],
              evasions=["*invented* relay conversations: each turn of a multi-turn harvest goes out from a different "
                        "account of the ring, carrying the conversation so far as a chat-message list, so no account "
                        "holds a whole conversation", "own cards, one VM each"])
    plans = work_plan(w, size, days_mean)
    accs = ring_accounts(w, "relay_conversation", size, rid)
    vm = [w.ipc(w.list_addr("google", 1))[0] for _ in range(size)]
    ua = w.UA.code("halyard-python/1.42.0")
    # conversations per day, members working that day take turns
    work = {}
    for i, (days, share) in enumerate(plans):
        for d, s in zip(days, share):
            work.setdefault(int(d), []).append((i, s))
    S = w.ref.sent
    for d in sorted(work):
        mem = work[d]
        budget = int(sum(s * DAILY["starter"] for _, s in mem))
        turns = rng.integers(2, 5, max(1, budget // 3))
        nconv = len(turns)
        k = w.items(nconv)
        first = w.harvest(ds, k)
        t0 = START_MS + d * DAY + int(rng.uniform(3, 5) * HOUR) + rng.integers(0, 14 * HOUR, nconv)
        who = np.array([m for m, _ in mem])
        wt = np.array([s for _, s in mem])
        A, T, P = [], [], []
        for c in range(nconv):
            if len(who) >= 2:
                seq = rng.choice(who, size=int(turns[c]), replace=len(who) < turns[c], p=wt / wt.sum())
                for j in range(1, len(seq)):           # never the same account on two consecutive turns
                    if seq[j] == seq[j - 1]:
                        seq[j] = who[(np.flatnonzero(who == seq[j])[0] + 1) % len(who)]
            else:
                seq = who[:1]
            msgs, t = [{"role": "user", "content": first[c]}], int(t0[c])
            for j, m in enumerate(seq):
                if j:
                    msgs = msgs + [{"role": "assistant", "content": S[int(rng.integers(0, w.nS))]},
                                   {"role": "user", "content": FOLLOW[int(rng.integers(0, len(FOLLOW)))]}]
                    t += int(rng.integers(20_000, 90_000))
                A.append(accs[int(m)])
                T.append(t)
                P.append(json.dumps(msgs, ensure_ascii=False))
        A = np.array(A)
        w.emit(A, np.array(T), w.P.extend_unique(P), np.array([vm[accs.index(a)] for a in A]), ua,
               w.tokens(len(A), 700), 2)
    return accs


def k_hydra(w: World, rid: str, size: int, days_mean: float, rr: dict):
    rng = w.rng
    ds = w.pick_datasets(3)
    rr.update(datasets=ds, signals_kept=["the relay pool", "one-api user agent on 80 %", "three datasets, CoT on half"],
              evasions=["reseller relay: 40-60 % of each account's requests are resold ordinary end-user chat",
                        "sign-up waves months apart", "own cards, wallets and virtual cards"])
    waves = [START_MS - int(rng.integers(10, 200)) * DAY for _ in range(int(rng.integers(3, 6)))]
    created = [waves[int(rng.integers(0, len(waves)))] + int(rng.integers(0, 6 * HOUR)) for _ in range(size)]
    accs = ring_accounts(w, "hydra_reseller", size, rid, created=created)
    npool = int(min(200, max(12, size // 6)))
    pool = w.ipc(w.list_addr("datacenter", npool * 2 // 3) + w.asn_addr(HOSTING["softlayer"], npool // 6) +
                 w.asn_addr(HOSTING["choopa"], npool - npool * 2 // 3 - npool // 6))
    rr["relay_addresses"] = int(len(set(pool.tolist())))
    plans = work_plan(w, size, days_mean)
    resold = rng.uniform(.4, .6)
    for i, a in enumerate(accs):
        my = rng.choice(pool, int(rng.integers(5, 10)), replace=False)
        days, share = plans[i]
        cnt = np.maximum(1, (share * DAILY["starter"]).astype(np.int64))
        ts = run_times(w, days, cnt, rng.uniform(0, 4), 20)
        k = len(ts)
        chat = rng.random(k) < resold
        pc = np.empty(k, np.int64)
        pc[chat] = w.chat_codes(int(chat.sum()))
        nh = int((~chat).sum())
        kk = w.items(nh)
        cot = rng.random(nh) < .5
        pr = w.harvest(ds, kk)
        pc[~chat] = w.P.extend_unique([p + COT if c else p for p, c in zip(pr, cot)])
        ua = np.where(rng.random(k) < .8, w.UA.code("one-api/0.6.11"), w.UA.code(str(rng.choice(SDKS))))
        model = np.where(chat, rng.choice(2, k), 0)
        model[~chat] = np.where(cot, 2, 0)
        w.emit(a, ts, pc, rng.choice(my, k), ua, w.tokens(k, 500), model)
    return accs


PER_DAY = {"free_swarm": .92 * DAILY["free"]}


def make_rings(w: World, R: int):
    rng, D = w.rng, w.D
    spec = ring_sizes(w, R, w.p.world)
    per_day = sum(s * PER_DAY.get(k, (.75 * .65 + .25 * .19) * DAILY["starter"]) for s, k in spec)
    budget = 90 * w.p.n_accounts
    target = float(min(D * .85, max(1.0, budget / max(per_day, 1))))
    # an account works at least one day (Poisson clipped at 1): solve m + P(0) = target for the Poisson mean m
    days_mean = target
    for _ in range(50):
        days_mean = max(.05, target - float(np.exp(-days_mean)))
    w.ring_days_mean = days_mean
    for j, (s, kind) in enumerate(spec):
        rid = f"ring_{j + 1:03d}_{w.hexid(4)}"
        rr = {"ring_id": rid, "kind": kind, "size": s, "sophistication": SOPH[kind]}
        if kind == "hydra_reseller":
            k_hydra(w, rid, s, days_mean, rr)
        elif kind == "human_cadence":
            k_human_cadence(w, rid, s, days_mean, rr)
        elif kind == "relay_conversation":
            k_relay_conversation(w, rid, s, days_mean, rr)
        else:
            k_generic(w, rid, kind, s, days_mean, rr)
        w.rings.append(rr)


# ------------------------------------------------------------------ the world

def default_share(world: str) -> float:
    return {"small": .005, "mixed": .06, "hydra": .10}[world]


def generate(p: Params, out_dir: Path | None = None, ref: Ref | None = None) -> dict:
    t0 = time.time()
    out_dir = Path(out_dir or p.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    ref = ref or Ref()
    w = World(p, ref)
    rng, N, D = w.rng, p.n_accounts, p.days
    share = default_share(p.world) if p.ring_share is None else p.ring_share
    R = int(round(share * N))
    # shared infrastructure of the world
    w.vpn_pool = w.ipc(w.list_addr("vpn", 300))
    w.lab_ips = w.ipc(w.asn_addr(HOSTING["softlayer"], 3) + w.asn_addr(HOSTING["rackspace"], 3))
    w.alt_cloud = w.ipc(w.list_addr("google", 3))
    w.study_id = "study_hci_trustpanel_2026"
    w.study_waves = [START_MS + d * DAY + 17 * HOUR for d in sorted({1, max(1, D // 3), max(1, 2 * D // 3)})]
    w.renumber = {}
    # benign cohorts
    B = N - R
    sh = np.array(list(BENIGN_SHARES.values()))
    raw = sh / sh.sum() * B
    cnt = np.floor(raw).astype(int)
    cnt[np.argsort(-(raw - cnt), kind="stable")[:B - cnt.sum()]] += 1
    cnt = np.maximum(cnt, [{"limit_sharder": 4, "follow_the_sun": 9, "household": 2, "alt_text": 2}.get(c, 1)
                           for c in BENIGN_SHARES])
    cnt[0] -= cnt.sum() - B
    for (c, fn), k in zip(BENIGN_FN.items(), cnt):
        fn(w, int(k))
    assert len(w.accts) == B, (len(w.accts), B)
    make_rings(w, R)
    assert len(w.accts) == N
    accts = w.accts
    coh = np.array([a["cohort"] for a in accts])
    # accounts that signed up and never called (3 % of ordinary people)
    people = np.flatnonzero(np.isin(coh, ["hobbyist", "household", "office_nat", "campus", "carrier_mobile",
                                          "vpn_user", "isp_renumber"]))
    nc = rng.choice(people, size=max(1, int(round(.03 * B))), replace=False)
    for i in nc:
        accts[i]["role"] = "never_calls"
    A = np.concatenate([c[0] for c in w.chunks])
    T = np.concatenate([c[1] for c in w.chunks])
    P = np.concatenate([c[2] for c in w.chunks])
    I = np.concatenate([c[3] for c in w.chunks])
    U = np.concatenate([c[4] for c in w.chunks])
    K = np.concatenate([c[5] for c in w.chunks])
    M = np.concatenate([c[6] for c in w.chunks]).astype(np.int8)
    w.chunks = []
    never = np.zeros(N, bool)
    never[nc] = True
    keep = ~never[A]
    A, T, P, I, U, K, M = (x[keep] for x in (A, T, P, I, U, K, M))
    drawn = len(A)
    # platform outage: nothing logged; queued clients (apps, pipelines, rings) retry right after it ends
    od = min(3, D - 2)
    o0, o1 = START_MS + od * DAY + 14 * HOUR + 20 * MIN, START_MS + od * DAY + 15 * HOUR + 50 * MIN
    inside = (T >= o0) & (T < o1)
    queued = np.isin(coh, list(QUEUED))[A]
    mv = inside & queued
    T = T.copy()
    T[mv] = o1 + np.minimum(rng.exponential(90_000, mv.sum()), 15 * MIN).astype(np.int64)
    lost = inside & ~queued
    A, T, P, I, U, K, M = (x[~lost] for x in (A, T, P, I, U, K, M))
    # retries: 1 % sent again 1-8 s later (the first one timed out: no output tokens)
    rt = np.flatnonzero(rng.random(len(A)) < .01)
    K = K.copy()
    K[rt] = -1
    A, P, I, U, M = (np.concatenate([x, x[rt]]) for x in (A, P, I, U, M))
    T = np.concatenate([T, T[rt] + rng.integers(1000, 8000, len(rt))])
    K = np.concatenate([K, w.tokens(len(rt), 300)])
    inwin = T < START_MS + D * DAY
    A, T, P, I, U, K, M = (x[inwin] for x in (A, T, P, I, U, K, M))
    # per-account limits per UTC minute and day: refused requests are not logged
    tier = np.array([a["tier"] for a in accts])
    dl = np.array([DAILY[t] for t in tier])
    ml = np.array([MINUTE[t] for t in tier])
    o = np.lexsort((np.arange(len(A)), T, A))
    A, T, P, I, U, K, M = (x[o] for x in (A, T, P, I, U, K, M))
    n0 = len(A)
    for unit, lim in ((MIN, ml), (DAY, dl)):
        key = T // unit
        new = np.ones(len(A), bool)
        new[1:] = (A[1:] != A[:-1]) | (key[1:] != key[:-1])
        start = np.maximum.accumulate(np.where(new, np.arange(len(A)), 0))
        ok = (np.arange(len(A)) - start) < lim[A]
        A, T, P, I, U, K, M = (x[ok] for x in (A, T, P, I, U, K, M))
    refused = n0 - len(A)
    n = len(A)
    # logging noise
    miss_ip = rng.random(n) < .005
    I = np.where(miss_ip, -1, I)
    U = np.where(rng.random(n) < .006, -1, U)
    K = np.where(rng.random(n) < .005, -1, K)
    first = np.ones(n, bool)
    first[1:] = A[1:] != A[:-1]
    paycode = Pool()
    acc_pay = np.array([paycode.code(a["pay"]) if a["pay"] else -1 for a in accts])
    PM = acc_pay[A]
    PM = np.where((rng.random(n) < .003) & ~first, -1, PM)
    # API keys: one per account, a quarter rotate to a second key at some moment
    keys = Pool()
    k1 = np.array([keys.code(f"sk-hal-{w.hexid(24)}") for _ in range(N)])
    k2 = np.array([keys.code(f"sk-hal-{w.hexid(24)}") for _ in range(N)])
    rot = np.where(rng.random(N) < .25, START_MS + rng.integers(0, D * DAY, N), np.iinfo(np.int64).max)
    KEY = np.where(T >= rot[A], k2[A], k1[A])
    # time order
    o = np.lexsort((np.arange(n), A, T))
    A, T, P, I, U, K, M, PM, KEY = (x[o] for x in (A, T, P, I, U, K, M, PM, KEY))
    # ids
    ids = set()
    while len(ids) < N:
        ids.add(f"ac_{rng.integers(0, 16 ** 10):010x}")
    aid = np.array(sorted(ids))[rng.permutation(N)]
    per = np.bincount(A, minlength=N)
    isring = np.array([bool(a["ring"]) for a in accts])
    ad = np.unique(A.astype(np.int64) * 64 + (T - START_MS) // DAY)
    ad = ad[isring[ad // 64]]
    ring_days = len(ad) / max(1, int((isring & (per > 0)).sum()))

    def take(pool: list[str], codes: np.ndarray) -> pa.Array:
        return pa.array(pool, pa.string()).take(pa.array(codes, pa.int64(), mask=codes < 0))

    cols = {"account_id": pa.array(aid, pa.string()).take(pa.array(A, pa.int64())),
            "timestamp": pa.array(T, pa.int64()).cast(pa.timestamp("ms", tz="UTC")),
            "ip": take(w.IP.items, I), "payment_method": take(paycode.items, PM), "prompt": take(w.P.items, P),
            "user_agent": take(w.UA.items, U), "output_tokens": pa.array(K, pa.int64(), mask=K < 0),
            "api_key_id": take(keys.items, KEY), "model": take(MODELS, M.astype(np.int64))}
    cp = int(pa.compute.sum(pa.compute.starts_with(cols["prompt"], '[{"role": "user", "content": [')).as_py() or 0)
    msg = int(pa.compute.sum(pa.compute.starts_with(cols["prompt"], '[{"role": ')).as_py() or 0)
    w.P = None
    write_events(out_dir, cols, p.format, p.minimal)
    del cols
    # accounts, truth, world.json
    accdf = pd.DataFrame({
        "account_id": aid, "created_at": [iso(a["created"]) for a in accts],
        "payment_method": [a["pay"] for a in accts], "email_domain": [a["email"] for a in accts],
        "country": [a["country"] for a in accts], "org_id": [a["org"] for a in accts],
        "plan": [a["tier"] for a in accts]})
    truth = pd.DataFrame({
        "account_id": aid, "is_ring": np.where([bool(a["ring"]) for a in accts], "true", "false"),
        "ring_id": [a["ring"] for a in accts], "cohort": coh, "group_id": [a["group"] for a in accts],
        "tier": tier, "sophistication": [a["soph"] for a in accts], "role": [a["role"] for a in accts],
        "region": [a["region"] for a in accts], "events": per})
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
                          "new": c in NEW_BENIGN or c in {"persona_dress", "chat_replay", "human_cadence",
                                                          "free_swarm", "relay_conversation", "char_noise",
                                                          "panel_stowaway", "device_lab_stowaway"}}
    bt = truth[(truth["is_ring"] == "false") & (truth["group_id"] != "")]
    gsize = bt.groupby("group_id").size()
    ring_mask = truth["is_ring"] == "true"
    meta = {
        "world": "world37 (Halyard)",
        "params": {"seed": p.seed, "world": p.world, "n_accounts": N, "days": D, "ring_share": share,
                   "start": START.strftime("%Y-%m-%dT%H:%M:%SZ"), "minimal": p.minimal, "format": p.format},
        "counts": {"accounts": N, "events": int(n), "ring_accounts": int(R), "rings": len(w.rings),
                   "ring_events": int(per[ring_mask.to_numpy()].sum()),
                   "benign_group_accounts": int(gsize[gsize >= 2].sum()),
                   "benign_groups": int((gsize >= 2).sum()),
                   "accounts_without_events": int((per == 0).sum()), "requests_drawn": int(drawn + len(rt)),
                   "lost_in_outage": int(lost.sum()), "deferred_by_outage": int(mv.sum()),
                   "refused_requests_not_logged": int(refused), "retry_duplicates_drawn": int(len(rt)),
                   "missing_ip_events": int(miss_ip.sum()), "message_list_prompts": msg,
                   "content_part_prompts": cp, "ring_working_days_mean": round(w.ring_days_mean, 2),
                   "ring_active_utc_days_per_account": round(ring_days, 2),
                   "ring_accounts_by_kind": {k: int(v) for k, v in truth[ring_mask].groupby("cohort").size().items()},
                   "benign_groups_by_cohort": {k: int(v) for k, v in bt.groupby("cohort")["group_id"].nunique().items()}},
        "cohorts": cohorts,
        "rings": w.rings,
        "platform": {"name": "Halyard (fictional)", "daily_limits": DAILY, "minute_limits": MINUTE, "models": MODELS,
                     "outage": {"from": iso(o0), "to": iso(o1),
                                "note": "nothing logged; queued clients retry within minutes of the end"},
                     "isp_renumbering": w.renumber, "study_waves": [iso(x) for x in w.study_waves],
                     "device_lab_egress": [w.IP.items[c] for c in w.lab_ips],
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
    if not 5 <= a.days <= 35:
        ap.error("--days must be 5-35")
    if a.n_accounts < 200:
        ap.error("--n-accounts must be at least 200")
    meta = generate(Params(**vars(a)))
    if not a.quiet:
        c = meta["counts"]
        print(f"world37 {a.world} seed {a.seed}: {c['accounts']} accounts, {c['events']} events, "
              f"{c['ring_accounts']} ring accounts in {c['rings']} rings, {meta['generation_seconds']} s -> {a.out}")
    return meta


if __name__ == "__main__":
    main()
