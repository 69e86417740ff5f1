"""An independent world generator for checking that graphhunt generalises.

graphhunt was developed against its own simulator (``graphhunt.simulate``).
This module writes a world from the threat description alone, with its own
choices of distributions, evasions and benign look-alikes, so that detection
quality can be measured on traffic the detector was not tuned on. It reads
nothing from ``graphhunt`` and only writes its input contract:

* ``events.parquet``: ``account_id, timestamp, ip, payment_method, prompt,
  user_agent, output_tokens, api_key_id, model``
* ``accounts.csv``: ``account_id, created_at, payment_method, email_domain,
  country, org_id``
* ``truth.csv``: ``account_id, is_ring, ring_id, group_id, cohort, variant``
  (``ring_id`` set for ring members only, as ``graphhunt evaluate`` expects;
  ``group_id`` names every multi-account group, benign or not)
* ``world.json``: parameters and per-group summary.

The world (all choices independent of graphhunt's simulator):

benign
  individuals on residential ISPs (a home IPv4, some travel), mobile users
  behind carrier NATs (a shared public egress pool, per-device IPv6 /64s that
  change daily, CGNAT 100.64/10 addresses forwarded by some clients),
  households of 2-5 (one home IP, usually one card), office NATs of 20-300
  (one corporate card and org_id, 1-3 egress IPs, shared internal templates,
  on-boarded the same week), campuses (a /16, per-day DHCP leases, shared
  homework templates, sign-ups at semester start), VPN users (commercial exits
  shared by thousands), residential-proxy users (the same proxy pools rings
  use), single heavy API apps (one account, machine pace around the clock,
  one template, cloud IPs; several apps built on the same public template),
  and small dev teams (3-10 accounts, same org, office IP and CI cloud IP,
  the same internal prompt templates; some ask for step-by-step reasoning).

rings
  3-15 and 50-500 accounts; no payment sharing; staggered sign-ups (or bought
  aged accounts); residential proxy pools that overlap benign home IPs and are
  shared with benign proxy users, carrier-NAT mobile proxies, or a rented
  datacenter block; per-account paraphrases of 1-4 public task templates
  (``../shared/data/prompts/promptsource-templates``) with chain-of-thought
  elicitation in many wordings; 20-60 % normal-looking chat traffic; volume
  just under a per-account daily limit; timing either a ring-wide batch
  scheduler, flat around the clock or a fake consumer day.

Usage::

    python benchmarks/altworld.py --accounts 20000 --seed 1 --ring-share 0.05 --out /tmp/alt1
    python benchmarks/altworld.py --accounts 20000 --seed 3 --ring-share 0.05 --ring-sizes small --out /tmp/alt3s

Everything is vectorised with numpy/pandas; Python loops run over groups,
templates and paraphrase variants only, never over events.
"""
from __future__ import annotations

import argparse
import glob
import gzip
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SHARED = Path(os.environ.get("GRAPHHUNT_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
if not SHARED.exists():  # the worktrees live beside /work/shared
    SHARED = Path("/work/shared/data")

DAY = 86400

# country, tz offset (hours), weight, consumer email domains
COUNTRIES = [
    ("US", -6, 0.24, ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com"]),
    ("IN", 5.5, 0.12, ["gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"]),
    ("GB", 0, 0.06, ["gmail.com", "hotmail.co.uk", "btinternet.com", "outlook.com"]),
    ("DE", 1, 0.06, ["gmail.com", "gmx.de", "web.de", "t-online.de"]),
    ("BR", -3, 0.07, ["gmail.com", "hotmail.com", "uol.com.br", "bol.com.br"]),
    ("FR", 1, 0.04, ["gmail.com", "orange.fr", "free.fr", "laposte.net"]),
    ("JP", 9, 0.05, ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"]),
    ("KR", 9, 0.04, ["naver.com", "gmail.com", "daum.net"]),
    ("ID", 7, 0.05, ["gmail.com", "yahoo.co.id"]),
    ("NG", 1, 0.03, ["gmail.com", "yahoo.com"]),
    ("VN", 7, 0.04, ["gmail.com", "yahoo.com.vn"]),
    ("RU", 3, 0.03, ["mail.ru", "yandex.ru", "gmail.com"]),
    ("CA", -5, 0.04, ["gmail.com", "outlook.com", "yahoo.ca"]),
    ("AU", 10, 0.03, ["gmail.com", "bigpond.com", "outlook.com"]),
    ("MX", -6, 0.04, ["gmail.com", "hotmail.com", "outlook.es"]),
    ("SG", 8, 0.02, ["gmail.com", "singnet.com.sg"]),
    ("PL", 1, 0.02, ["wp.pl", "gmail.com", "onet.pl"]),
    ("TR", 3, 0.02, ["gmail.com", "hotmail.com"]),
]
RING_EMAIL = ["gmail.com", "outlook.com", "hotmail.com", "proton.me", "yahoo.com", "mail.ru", "qq.com", "163.com",
              "gmx.com", "tutanota.com", "icloud.com", "yandex.com"]

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_{m}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0",
]
MOBILE = [
    "OrionChat/{m}.{v} (iPhone; iOS 17.{m}; Scale/3.00)",
    "OrionChat/{m}.{v} (Android 14; SM-S91{m}B)",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 13; Pixel {m}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36",
]
SDKS = [
    "orion-python/1.{v}.{m}", "python-httpx/0.2{m}.{v}", "python-requests/2.3{m}.0", "orion-node/4.{v}.{m}",
    "axios/1.{m}.{v}", "Go-http-client/2.0", "curl/8.{m}.{v}", "langchain-orion/0.{m}.{v}", "okhttp/4.{m}.{v}",
]

COT = [
    "Think step by step.", "Let's think step by step.", "Explain your reasoning.", "Show your work.",
    "Please reason carefully and show each step before giving the final answer.",
    "Walk me through your thought process.", "Before answering, write out your chain of thought.",
    "Provide a detailed rationale, then the answer.", "Break the problem down and solve it one step at a time.",
    "Explain how you arrived at the answer.", "Give a step-by-step derivation.",
    "Let's work this out in a step by step way to be sure we have the right answer.",
    "First reason about it in detail, then answer.", "Describe your reasoning in full before the final answer.",
    "Think it through out loud.", "Show all intermediate steps.", "Justify every step of your answer.",
    "Reason through this carefully; list each inference.", "Think aloud and explain each decision.",
    "Answer with a full explanation of the logic.", "Write your reasoning inside <thinking> tags, then answer.",
    "Please elaborate on the reasoning behind your answer.", "Go step by step and explain why.",
    "Piensa paso a paso.", "Réfléchis étape par étape.", "Denke Schritt für Schritt nach.",
    "Explain like a tutor, step by step.", "Lay out the logic explicitly.", "Take a deep breath and work on this step by step.",
    "Outline your reasoning process in numbered steps.", "Explain the why, not just the what.",
    "Derive the answer carefully and explain each transformation.",
]
PREFIXES = ["", "", "Task: ", "Instruction: ", "Please help. ", "Q: ", "Hi! ", "### Input\n", "Hello, ", "Quick one: ",
            "I need help with this. ", "Context follows.\n", "[job] ", "Request - "]
SUFFIXES = ["", "", "\nAnswer:", "\nResponse:", "\nA:", " Thanks!", "\n\nOutput:", " Be concise.", "\n---",
            " Reply in English.", "\nFinal answer:", " (detailed)"]
SYNONYMS = {
    "following": ["below", "given", "next", "subsequent"], "question": ["query", "problem", "prompt"],
    "answer": ["respond to", "reply to", "solve", "address"], "text": ["passage", "content", "snippet"],
    "article": ["story", "piece", "report"], "Given": ["Considering", "Using", "With", "Taking"],
    "sentence": ["statement", "line", "phrase"], "What": ["Which", "Tell me what"], "write": ["compose", "produce", "draft"],
    "summary": ["synopsis", "recap", "abstract"], "Summarize": ["Condense", "Sum up", "Give a summary of"],
    "context": ["background", "passage", "material"], "correct": ["right", "proper", "accurate"],
    "choose": ["pick", "select"], "options": ["choices", "alternatives"], "review": ["evaluation", "comment"],
    "Read": ["Look at", "Consider", "Go through"], "best": ["most suitable", "most fitting"],
}
STARTERS = ["How do I", "What is the best way to", "Can you explain", "Why does", "Help me", "Write a short",
            "Give me ideas for", "Is it true that", "Compare", "What are the pros and cons of", "Translate",
            "Draft an email about", "Fix my", "Suggest a name for", "Summarize", "Plan a", "Recommend",
            "What happened with", "Explain", "Make a list of"]
OFFICE_TEMPLATES = [
    "Summarize this customer ticket for the support queue and tag its priority:\n\x00\n\nTicket id: \x00",
    "Rewrite the following release note in our house style (concise, active voice):\n\x00",
    "Extract the vendor name, invoice total and due date from this invoice text as JSON:\n\x00",
    "You are the internal HR assistant. Answer the employee question using the policy excerpt.\nPolicy: \x00\nQuestion: \x00",
    "Classify this sales call note as one of: lead, follow-up, churn-risk, other.\nNote: \x00",
    "Translate this product description into German and French, keep the SKU \x00 unchanged:\n\x00",
    "Review this pull request diff and list bugs, style issues and risks:\n```\n\x00\n```",
    "Generate five unit test cases for the function described below. Explain your reasoning for each case.\n\x00",
    "Given the SQL schema \x00, write a query that answers: \x00. Think step by step about the joins.",
    "Draft a polite reply to this client email, sign it as the account team:\n\x00",
]


@dataclass
class Params:
    accounts: int = 20000
    seed: int = 1
    ring_share: float = 0.05
    ring_sizes: str = "mixed"        # mixed | small | large
    start: str = "2026-10-05T00:00:00Z"  # a Monday
    window_days: int = 10
    daily_limit: int = 60            # per-account requests/day the platform enforces
    p_small_ring: float = 0.55       # in "mixed": share of rings that are 3-15 accounts
    proxy_pools: int = 3             # commercial residential proxy pools (rings and benign users pick one)
    # benign cohort shares of benign accounts (the rest are individuals)
    share_household: float = 0.10
    share_office: float = 0.14
    share_campus: float = 0.10
    share_mobile: float = 0.12
    share_vpn: float = 0.06
    share_proxy_user: float = 0.015
    share_devteam: float = 0.02
    share_heavy_app: float = 0.003


# --------------------------------------------------------------------------- reference data

def _cidrs(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(base, size) of the IPv4 CIDRs listed one a line in ``path``."""
    s = pd.read_csv(path, header=None, names=["c"], comment="#", dtype=str)["c"].str.strip()
    s = s[s.str.contains("/", regex=False) & ~s.str.contains(":", regex=False)]
    parts = s.str.extract(r"^(\d+)\.(\d+)\.(\d+)\.(\d+)/(\d+)$").dropna().astype(np.int64).to_numpy()
    base = (parts[:, 0] << 24) | (parts[:, 1] << 16) | (parts[:, 2] << 8) | parts[:, 3]
    size = np.left_shift(np.int64(1), 32 - parts[:, 4])
    return base, size.astype(np.int64)


class Ref:
    """IP ranges and prompt material from ``../shared/data``."""

    def __init__(self, rng: np.random.Generator):
        ip = SHARED / "ip"
        with gzip.open(ip / "pyasn" / "ipasn_20140513.dat.gz", "rt") as f:
            t = pd.read_csv(f, sep="\t", comment=";", header=None, names=["prefix", "asn"], dtype=str)
        with gzip.open(ip / "pyasn" / "asnames.json.gz", "rt") as f:
            names = json.load(f)
        t["name"] = t["asn"].map(names).fillna("").str.upper()
        p = t["prefix"].str.extract(r"^(\d+)\.(\d+)\.(\d+)\.(\d+)/(\d+)$").dropna().astype(np.int64)
        t = t.loc[p.index]
        q = p.to_numpy()
        t["base"] = (q[:, 0] << 24) | (q[:, 1] << 16) | (q[:, 2] << 8) | q[:, 3]
        t["len"] = q[:, 4]
        t = t[(t["len"] >= 12) & (t["len"] <= 24)]
        isp = t["name"].str.contains(r"TELECOM|TELEKOM|COMCAST|CABLE|BROADBAND|VERIZON|CHARTER|ORANGE|VODAFONE|"
                                     r"TELEFONICA|AT&T|BT-|SKY|TELSTRA|CHINANET|VIETTEL|AIRTEL|BHARTI|TELMEX|"
                                     r"VIVO|KT CORP|NTT|ROSTELECOM|TELKOM|SPECTRUM|COX|FRONTIER|SHAW|ROGERS")
        res = t[isp]
        self.res_base = res["base"].to_numpy(np.int64)
        self.res_size = np.left_shift(np.int64(1), 32 - res["len"].to_numpy()).astype(np.int64)
        mob = t[t["name"].str.contains(r"MOBILE|WIRELESS|CELLULAR|T-MOBILE|MOVIL|MTS|LTE|VODAFONE")]
        self.mob_base = mob["base"].to_numpy(np.int64)
        self.mob_size = np.left_shift(np.int64(1), 32 - mob["len"].to_numpy()).astype(np.int64)
        uni = t[t["name"].str.contains(r"UNIVERSIT|COLLEGE|INSTITUTE OF TECH|\bEDU") & (t["len"] <= 16)]
        self.uni_base = uni["base"].to_numpy(np.int64) & ~np.int64(0xFFFF)
        biz = t[t["name"].str.contains(r"BUSINESS|ENTERPRISE|CORP|LEVEL3|COGENT|ZAYO|HURRICANE|GTT|TATA")]
        self.biz_base = biz["base"].to_numpy(np.int64)
        self.biz_size = np.left_shift(np.int64(1), 32 - biz["len"].to_numpy()).astype(np.int64)
        self.vpn_base, self.vpn_size = _cidrs(ip / "vpn" / "x4b_vpn_ipv4.txt")
        self.dc_base, self.dc_size = _cidrs(ip / "vpn" / "x4b_datacenter_ipv4.txt")
        cb, cs = [], []
        for prov in ("amazon", "google", "microsoft", "digitalocean", "linode", "oracle"):
            b, s = _cidrs(ip / "cloud" / prov / "ipv4_merged.txt")
            cb.append(b), cs.append(s)
        self.cloud_base, self.cloud_size = np.concatenate(cb), np.concatenate(cs)
        self._prompts(rng)

    @staticmethod
    def draw(rng, base, size, n, weights=None) -> np.ndarray:
        """``n`` random host addresses (int) inside randomly chosen prefixes."""
        w = None if weights is None else weights / weights.sum()
        i = rng.choice(len(base), size=n, p=w)
        off = (rng.random(n) * np.maximum(size[i] - 2, 1)).astype(np.int64) + 1
        return base[i] + off

    def _prompts(self, rng):
        import yaml

        class _L(yaml.SafeLoader):
            pass

        _L.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_mapping(node, deep=True))
        tpl = []
        files = sorted(glob.glob(str(SHARED / "prompts" / "promptsource-templates" / "**" / "templates.yaml"),
                              recursive=True))
        for f in files:
            with open(f, encoding="utf-8") as fh:
                d = yaml.load(fh, Loader=_L) or {}
            for t in (d.get("templates") or {}).values():
                j = str(t.get("jinja", "")).split("|||")[0]
                j = re.sub(r"\{#.*?#\}", "", j, flags=re.S)
                j = re.sub(r"\{%.*?%\}", "", j, flags=re.S)
                j = re.sub(r"\{\{.*?\}\}", "\x00", j, flags=re.S)
                j = re.sub(r"\x00(\s*\x00)+", "\x00", j).strip()
                fixed = j.replace("\x00", "")
                if j.count("\x00") >= 1 and len(fixed.strip()) >= 25 and "{" not in fixed:
                    tpl.append(j)
        self.templates = sorted(set(tpl))
        a = pd.read_csv(SHARED / "prompts" / "awesome-chatgpt-prompts.csv", usecols=["prompt"])["prompt"].astype(str)
        a = a[a.str.len() > 40]
        # cut each real prompt at a word boundary after 120-700 characters
        cut = rng.integers(120, 700, size=len(a))
        self.personas = np.array([p[:c].rsplit(" ", 1)[0] if len(p) > c else p for p, c in zip(a, cut)], dtype=object)
        words = pd.Series(" ".join(a.tolist()).split()).str.strip(".,:;!?\"'()[]{}").str.lower()
        words = words[words.str.fullmatch(r"[a-z][a-z\-]{2,14}")]
        self.vocab = words.value_counts().index[:12000].to_numpy(dtype=object)
        # filler passages: the data items slotted into templates
        n = 40000
        lens = np.clip(rng.lognormal(2.6, 0.8, n).astype(int), 3, 160)
        wi = rng.integers(0, len(self.vocab), size=int(lens.sum()))
        flat = self.vocab[wi]
        cuts = np.cumsum(lens)[:-1]
        fill = [" ".join(x) for x in np.split(flat, cuts)]
        nums = rng.integers(2, 9999, size=(n // 4, 3))
        ops = rng.choice(["+", "-", "*", "/"], size=(n // 4, 2))
        math = [f"{a} {o} {b} {p} {c}" for (a, b, c), (o, p) in zip(nums, ops)]
        self.fillers = np.array(fill + math, dtype=object)


# --------------------------------------------------------------------------- helpers

def ipv4_str(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.int64)
    parts = [pd.Series((x >> s) & 255).astype(str) for s in (24, 16, 8, 0)]
    return (parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3]).to_numpy(dtype=object)


def ipv6_str(prefix48: np.ndarray, subnet: np.ndarray, iface: np.ndarray) -> np.ndarray:
    """``prefix48`` (int < 2**48), ``subnet`` (16 bits) and a 64-bit interface id as IPv6 text."""
    def h(v, shift):
        return pd.Series((np.asarray(v, dtype=np.uint64) >> np.uint64(shift)) & np.uint64(0xFFFF)).map("{:x}".format)
    p, s, i = (np.asarray(prefix48, dtype=np.uint64), np.asarray(subnet, dtype=np.uint64),
               np.asarray(iface, dtype=np.uint64))
    out = (h(p, 32) + ":" + h(p, 16) + ":" + h(p, 0) + ":" + h(s, 0) + ":" + h(i, 48) + ":" + h(i, 32) + ":"
           + h(i, 16) + ":" + h(i, 0))
    return out.to_numpy(dtype=object)


def hexid(rng, n, k=12, prefix="") -> np.ndarray:
    v = rng.integers(0, 2**62, size=n, dtype=np.int64)
    return (prefix + pd.Series(v).map(lambda x: f"{x:016x}"[:k])).to_numpy(dtype=object)


def uas(rng, pools: list[list[str]], n: int) -> np.ndarray:
    """``n`` user agents from the given template pools, with version numbers filled in."""
    allt = np.array([t for p in pools for t in p], dtype=object)
    t = allt[rng.integers(0, len(allt), n)]
    v = rng.integers(110, 126, n).astype(str)
    m = rng.integers(1, 8, n).astype(str)
    s = pd.Series(t)
    s = pd.Series([a.replace("{v}", b).replace("{m}", c) for a, b, c in zip(s, v, m)])  # per account, not per event
    return s.to_numpy(dtype=object)


PROFILES = {
    # local-hour weights
    "consumer": np.array([3, 2, 1, 1, 1, 1, 2, 4, 6, 7, 8, 9, 9, 8, 8, 8, 8, 9, 10, 11, 12, 11, 8, 5], float),
    "office": np.array([0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 1, 4, 10, 14, 14, 12, 9, 12, 14, 13, 11, 7, 3, 1.5, 1, 0.8, 0.5, 0.3]),
    "campus": np.array([6, 4, 2, 1, 0.5, 0.5, 1, 2, 4, 7, 9, 9, 9, 10, 10, 10, 9, 9, 9, 10, 11, 11, 10, 8], float),
    "flat": np.ones(24),
}
for _k in PROFILES:
    PROFILES[_k] = PROFILES[_k] / PROFILES[_k].sum()


def local_times(rng, t0: int, days: int, tz: np.ndarray, profile: str, day_lo: np.ndarray | None = None,
                weekday_bias: float = 0.0) -> np.ndarray:
    """One epoch time per entry of ``tz``: a day in the window, a local hour from ``profile``."""
    n = len(tz)
    lo = np.zeros(n, int) if day_lo is None else day_lo
    day = lo + (rng.random(n) * (days - lo)).astype(int)
    if weekday_bias:
        wk = (day % 7) >= 5  # the window starts on a Monday
        move = wk & (rng.random(n) < weekday_bias)
        day[move] = (day[move] - 7 * (day[move] // 7)) % 5 + 7 * (day[move] // 7)
        day = np.minimum(day, days - 1)
    hour = rng.choice(24, size=n, p=PROFILES[profile])
    t = t0 + day * DAY + hour * 3600 + rng.integers(0, 3600, n) - (tz * 3600).astype(np.int64)
    return t0 + np.mod(t - t0, days * DAY)


def sessions(rng, acc: np.ndarray, n_ev: np.ndarray, mean_len: float) -> tuple[np.ndarray, np.ndarray]:
    """Group each account's events into sessions: per event (session id, event's owner index)."""
    n_s = np.maximum(1, np.ceil(n_ev / rng.uniform(1, 2 * mean_len, len(n_ev)))).astype(int)
    s_off = np.concatenate([[0], np.cumsum(n_s)[:-1]])
    owner = np.repeat(np.arange(len(acc)), n_ev)
    sid = s_off[owner] + (rng.random(len(owner)) * n_s[owner]).astype(int)
    return sid, owner


# --------------------------------------------------------------------------- prompts

def paraphrase(rng, t: str) -> str:
    """A per-account rewording of template ``t`` (synonyms, prefix, suffix, case, sentence order)."""
    toks = re.split(r"(\W+)", t)
    out = []
    for w in toks:
        alts = SYNONYMS.get(w)
        out.append(alts[rng.integers(len(alts))] if alts and rng.random() < 0.7 else w)
    s = "".join(out)
    if rng.random() < 0.3:
        parts = [p for p in re.split(r"(?<=[.?!])\s+", s) if p]
        if len(parts) > 1:
            i = rng.integers(len(parts) - 1)
            parts[i], parts[i + 1] = parts[i + 1], parts[i]
            s = " ".join(parts)
    if rng.random() < 0.2:
        s = s.lower()
    if rng.random() < 0.3:
        s = s.replace("\n", " ")
    return PREFIXES[rng.integers(len(PREFIXES))] + s + SUFFIXES[rng.integers(len(SUFFIXES))]


def render(rng, ref: Ref, variants: list[str], vidx: np.ndarray, max_slots: int = 4) -> np.ndarray:
    """Fill template ``variants[vidx[i]]``'s slots with random filler passages, one prompt per event."""
    pieces = np.full((len(variants), max_slots + 1), "", dtype=object)
    for i, v in enumerate(variants):
        ps = v.split("\x00")
        if len(ps) > max_slots + 1:
            ps = ps[:max_slots] + [" ".join(ps[max_slots:])]
        pieces[i, :len(ps)] = ps
        pieces[i, len(ps):] = ""
    nslot = np.array([min(v.count("\x00"), max_slots) for v in variants])
    out = pieces[vidx, 0].copy()
    for j in range(max_slots):
        f = ref.fillers[rng.integers(0, len(ref.fillers), len(vidx))]
        f = np.where(nslot[vidx] > j, f, "")
        out = out + f + pieces[vidx, j + 1]
    return out


def chat_prompts(rng, ref: Ref, n: int) -> np.ndarray:
    """Normal-looking consumer prompts: real persona prompts plus a question, or short free questions."""
    kind = rng.random(n)
    st = np.array(STARTERS, dtype=object)[rng.integers(0, len(STARTERS), n)]
    w = [ref.vocab[rng.integers(0, min(3000, len(ref.vocab)), n)] for _ in range(4)]
    k = rng.integers(1, 5, n)
    q = st + " " + w[0] + np.where(k > 1, " " + w[1], "") + np.where(k > 2, " " + w[2], "") + np.where(k > 3, " " + w[3], "") + "?"
    persona = ref.personas[rng.integers(0, len(ref.personas), n)]
    fill = ref.fillers[rng.integers(0, len(ref.fillers), n)]
    out = np.where(kind < 0.35, persona + " My first request is: " + q,
                   np.where(kind < 0.55, q + " " + fill, np.where(kind < 0.65, "Fix this: " + fill, q)))
    return out


def add_cot(rng, prompts: np.ndarray, mask: np.ndarray) -> np.ndarray:
    c = np.array(COT, dtype=object)[rng.integers(0, len(COT), len(prompts))]
    front = rng.random(len(prompts)) < 0.3
    return np.where(mask, np.where(front, c + " " + prompts, prompts + np.where(rng.random(len(prompts)) < 0.5, "\n", " ") + c),
                    prompts)


# --------------------------------------------------------------------------- world

class World:
    def __init__(self, p: Params):
        self.p = p
        self.rng = np.random.default_rng(p.seed)
        self.ref = Ref(np.random.default_rng(12345))  # reference material fixed across seeds
        self.t0 = int(pd.Timestamp(p.start).timestamp())
        self.acc_rows: list[pd.DataFrame] = []
        self.ev_rows: list[pd.DataFrame] = []
        self.groups: list[dict] = []
        self.n = 0
        cw = np.array([c[2] for c in COUNTRIES])
        self.cw = cw / cw.sum()

    # ---- accounts
    def new_accounts(self, k: int, cohort: str, group: str | None, *, is_ring=False, country=None, created=None,
                     card=None, email=None, org="", variant="") -> np.ndarray:
        rng = self.rng
        ci = rng.choice(len(COUNTRIES), size=k, p=self.cw) if country is None else np.full(k, country)
        if email is None:
            email = np.array([COUNTRIES[c][3][rng.integers(len(COUNTRIES[c][3]))] for c in ci], dtype=object)
        if created is None:
            age = np.minimum(rng.lognormal(np.log(200), 1.0, k), 1500)
            created = self.t0 - (age * DAY).astype(np.int64)
        ids = hexid(rng, k, 12, "u")
        df = pd.DataFrame({
            "account_id": ids, "created_at": np.asarray(created, np.int64),
            "payment_method": hexid(rng, k, 14, "card_") if card is None else card,
            "email_domain": email, "country": [COUNTRIES[c][0] for c in ci], "org_id": org,
            "tz": [COUNTRIES[c][1] for c in ci], "is_ring": is_ring, "ring_id": group if is_ring else "",
            "group_id": group or "", "cohort": cohort, "variant": variant,
        })
        self.acc_rows.append(df)
        self.n += k
        return ids

    def emit(self, acc: np.ndarray, t: np.ndarray, ip: np.ndarray, prompt: np.ndarray, ua: np.ndarray,
             tokens: np.ndarray, model: np.ndarray, key: np.ndarray, card: np.ndarray):
        self.ev_rows.append(pd.DataFrame({
            "account_id": acc, "t": np.asarray(t, np.int64), "ip": ip, "payment_method": card, "prompt": prompt,
            "user_agent": ua, "output_tokens": np.asarray(tokens, np.int64), "api_key_id": key, "model": model}))

    def volumes(self, k: int, median: float, sigma: float, p_active: float) -> np.ndarray:
        """Events per account over the window: lognormal daily rate times active days."""
        rate = self.rng.lognormal(np.log(median), sigma, k)
        active = self.rng.binomial(self.p.window_days, p_active, k)
        return np.maximum(1, self.rng.poisson(rate * active)).astype(int)

    def models(self, n, pro=0.1):
        r = self.rng.random(n)
        return np.where(r < pro, "orion-2-pro", np.where(r < pro + 0.3, "orion-2", "orion-2-mini")).astype(object)

    def tokens(self, n, mu=5.3, s=0.9):
        return np.clip(self.rng.lognormal(mu, s, n), 1, 8000).astype(int)

    def benign_events(self, ids, n_ev, tz, profile, ip_fn, ua_acc, card_acc, *, cot=0.04, tmpl=None, p_tmpl=0.0,
                      weekday_bias=0.0, mean_session=3.0, pro=0.1, day_lo=None):
        """Events of benign accounts. ``ip_fn(sid, owner)`` gives one IP per event from its session."""
        rng = self.rng
        sid, owner = sessions(rng, ids, n_ev, mean_session)
        # session start, then a few minutes between requests
        n_s = sid.max() + 1
        s_owner = np.zeros(n_s, int)
        s_owner[sid] = owner
        dl = None if day_lo is None else day_lo[s_owner]
        s_t = local_times(rng, self.t0, self.p.window_days, tz[s_owner], profile, dl, weekday_bias)
        t = s_t[sid] + rng.exponential(240, len(sid)).astype(np.int64)
        t = self.t0 + np.mod(t - self.t0, self.p.window_days * DAY)
        pr = chat_prompts(rng, self.ref, len(sid))
        if tmpl is not None and np.any(np.asarray(p_tmpl) > 0):
            variants, v_of_owner = tmpl
            use = rng.random(len(sid)) < p_tmpl[owner] if np.ndim(p_tmpl) else rng.random(len(sid)) < p_tmpl
            vi = v_of_owner(owner[use])
            pr[use] = render(rng, self.ref, variants, vi)
        pr = add_cot(rng, pr, rng.random(len(sid)) < cot)
        keys = self.keys_for(ids)
        self.emit(ids[owner], t, ip_fn(sid, owner), pr, ua_acc[owner], self.tokens(len(sid)), self.models(len(sid), pro),
                  keys[owner], card_acc[owner])

    def keys_for(self, ids):
        return hexid(self.rng, len(ids), 16, "key_")

    # ---- benign cohorts
    def home_ips(self, k):
        return self.ref.draw(self.rng, self.ref.res_base, self.ref.res_size, k)

    def individuals(self, k, cohort="benign_individual"):
        rng = self.rng
        ids = self.new_accounts(k, cohort, None)
        acc = self.acc_rows[-1]
        home = self.home_ips(k)
        self.benign_homes.append(home)
        n_ev = self.volumes(k, 1.5, 1.1, 0.5)
        travel = self.home_ips(4 * k)
        ua = uas(rng, [BROWSERS, BROWSERS, MOBILE, SDKS[:1]], k)

        def ip_fn(sid, owner):
            r = rng.random(len(sid))
            h = home[owner]
            away = travel[(sid * 7 + 3) % len(travel)]
            return ipv4_str(np.where(r < 0.9, h, away))

        self.benign_events(ids, n_ev, acc["tz"].to_numpy(), "consumer", ip_fn, ua, acc["payment_method"].to_numpy())

    def households(self, k_total):
        rng = self.rng
        sizes = []
        while sum(sizes) < k_total:
            sizes.append(int(rng.integers(2, 6)))
        for gi, s in enumerate(sizes):
            g = f"HH{gi:05d}"
            c = rng.choice(len(COUNTRIES), p=self.cw)
            shared = rng.random() < 0.7
            card = np.full(s, hexid(rng, 1, 14, "card_")[0], dtype=object) if shared else None
            self.new_accounts(s, "benign_household", g, country=c, card=card)
        # events for all households at once
        hh = pd.concat(self.acc_rows[-len(sizes):], ignore_index=True)
        ids = hh["account_id"].to_numpy()
        gcode = pd.factorize(hh["group_id"])[0]
        home = self.home_ips(len(sizes))
        self.benign_homes.append(home)
        n_ev = self.volumes(len(ids), 1.2, 1.1, 0.5)
        ua = uas(rng, [BROWSERS, MOBILE], len(ids))
        eg = self.mobile_pool[0]  # phones on the national carriers' egress pools when away from home

        def ip_fn(sid, owner):
            r = rng.random(len(sid))
            return ipv4_str(np.where(r < 0.85, home[gcode[owner]], eg[(sid * 31 + 7) % len(eg)]))

        self.benign_events(ids, n_ev, hh["tz"].to_numpy(), "consumer", ip_fn, ua, hh["payment_method"].to_numpy())

    def offices(self, k_total):
        rng = self.rng
        sizes = []
        while sum(sizes) < k_total:
            sizes.append(int(np.clip(rng.lognormal(np.log(60), 0.8), 20, 300)))
        for gi, s in enumerate(sizes):
            g = f"OF{gi:04d}"
            c = rng.choice(len(COUNTRIES), p=self.cw)
            onboard = self.t0 - int(rng.uniform(20, 600) * DAY)
            created = onboard + (rng.exponential(3, s) * DAY * (rng.random(s) < 0.7)
                                 + rng.uniform(0, 300, s) * DAY * (rng.random(s) >= 0.7)).astype(np.int64)
            created = np.minimum(created, self.t0 - DAY)
            card = np.full(s, hexid(rng, 1, 14, "card_corp_")[0], dtype=object)
            dom = f"{hexid(rng, 1, 6, 'corp')[0]}.com"
            self.new_accounts(s, "benign_office", g, country=c, created=created, card=card,
                              email=np.full(s, dom, dtype=object), org=f"org_{g}")
            acc = self.acc_rows[-1]
            ids = acc["account_id"].to_numpy()
            nat = self.ref.draw(rng, self.ref.biz_base, self.ref.biz_size, int(rng.integers(1, 4)))
            homes = self.home_ips(s)
            n_ev = self.volumes(s, 3, 1.0, 0.6)
            ua = uas(rng, [BROWSERS, BROWSERS, SDKS], s)
            ts = rng.choice(len(OFFICE_TEMPLATES), size=int(rng.integers(1, 4)), replace=False)
            variants = [OFFICE_TEMPLATES[i] for i in ts]
            p_t = np.where(rng.random(s) < 0.35, rng.uniform(0.2, 0.7, s), 0.0)

            def ip_fn(sid, owner, nat=nat, homes=homes):
                r = rng.random(len(sid))
                return ipv4_str(np.where(r < 0.8, nat[sid % len(nat)], homes[owner]))

            self.benign_events(ids, n_ev, acc["tz"].to_numpy(), "office", ip_fn, ua, acc["payment_method"].to_numpy(),
                               tmpl=(variants, lambda o, nv=len(variants): o % nv), p_tmpl=p_t, weekday_bias=0.85,
                               pro=0.3)

    def campuses(self, k_total):
        rng = self.rng
        sizes = []
        while sum(sizes) < k_total:
            sizes.append(int(np.clip(rng.lognormal(np.log(300), 0.7), 60, 2000)))
        for gi, s in enumerate(sizes):
            g = f"CA{gi:03d}"
            c = rng.choice(len(COUNTRIES), p=self.cw)
            sem = self.t0 - int(rng.uniform(30, 45) * DAY)
            created = np.where(rng.random(s) < 0.6, sem + (rng.exponential(4, s) * DAY).astype(np.int64),
                               self.t0 - (rng.uniform(45, 900, s) * DAY).astype(np.int64))
            dom = f"{hexid(rng, 1, 5, 'uni')[0]}.edu"
            email = np.where(rng.random(s) < 0.6, dom, "gmail.com").astype(object)
            self.new_accounts(s, "benign_campus", g, country=c, created=created, email=email)
            acc = self.acc_rows[-1]
            ids = acc["account_id"].to_numpy()
            b16 = self.ref.uni_base[rng.integers(len(self.ref.uni_base))] if len(self.ref.uni_base) else \
                self.ref.res_base[0]
            homes = self.home_ips(s)
            n_ev = self.volumes(s, 2, 1.1, 0.55)
            ua = uas(rng, [BROWSERS, MOBILE], s)
            # coursework: 1-3 public templates shared by many students, verbatim
            ts = rng.choice(len(self.ref.templates), size=int(rng.integers(1, 4)), replace=False)
            variants = [self.ref.templates[i] for i in ts]
            p_t = np.where(rng.random(s) < 0.3, rng.uniform(0.2, 0.6, s), 0.0)
            # DHCP lease per device-day
            ip_fn = (lambda sid, owner, b16=b16, homes=homes: ipv4_str(np.where(
                rng.random(len(sid)) < 0.75, b16 + ((owner * 2654435761 + (sid // 5) * 97) % 65000) + 256, homes[owner])))
            self.benign_events(ids, n_ev, acc["tz"].to_numpy(), "campus", ip_fn, ua, acc["payment_method"].to_numpy(),
                               tmpl=(variants, lambda o, nv=len(variants): o % nv), p_tmpl=p_t, cot=0.08)

    def mobile(self, k):
        """Users on a few national carriers: public egress pools, CGNAT forwards and IPv6 /64s."""
        rng = self.rng
        ids = self.new_accounts(k, "benign_carrier_nat", None)
        acc = self.acc_rows[-1]
        n_car = 6
        car = rng.integers(0, n_car, k)
        acc["group_id"] = [f"CARRIER{c}" for c in car]
        egress = [self.ref.draw(rng, self.ref.mob_base, self.ref.mob_size, int(rng.integers(16, 200)))
                  for _ in range(n_car)]
        eg_off = np.concatenate([[0], np.cumsum([len(e) for e in egress])[:-1]])
        eg_len = np.array([len(e) for e in egress])
        eg = np.concatenate(egress)
        p48 = rng.integers(0x2a00_0000_0000, 0x2a0f_ffff_ffff, n_car)
        mode = rng.random(n_car)  # share of traffic over IPv6, CGNAT-forwarded, public v4
        n_ev = self.volumes(k, 1.3, 1.1, 0.6)
        ua = uas(rng, [MOBILE], k)
        iface = rng.integers(0, 2**63, k, dtype=np.int64).astype(np.uint64)

        def ip_fn(sid, owner):
            c = car[owner]
            r = rng.random(len(sid))
            v4 = eg[eg_off[c] + (sid * 31 + 7) % eg_len[c]]
            cg = (100 << 24 | 64 << 16) + (sid * 2246822519 + owner) % (1 << 22)
            day = sid // 3
            v6 = ipv6_str(p48[c], (owner * 7 + day * 13) % 65536, iface[owner] ^ np.uint64(0x5bd1e995) * day.astype(np.uint64))
            return np.where(r < 0.3 + 0.4 * mode[c], v6, np.where(r < 0.85, ipv4_str(v4), ipv4_str(cg)))

        self.mobile_pool = (eg, p48)
        self.benign_events(ids, n_ev, acc["tz"].to_numpy(), "consumer", ip_fn, ua, acc["payment_method"].to_numpy(),
                           mean_session=2)

    def vpn_users(self, k):
        rng = self.rng
        ids = self.new_accounts(k, "benign_vpn", None)
        acc = self.acc_rows[-1]
        n_prov = 4
        prov = rng.integers(0, n_prov, k)
        acc["group_id"] = [f"VPN{c}" for c in prov]
        exits = [self.ref.draw(rng, self.ref.vpn_base, self.ref.vpn_size, int(rng.integers(80, 600))) for _ in range(n_prov)]
        ex_off = np.concatenate([[0], np.cumsum([len(e) for e in exits])[:-1]])
        ex_len = np.array([len(e) for e in exits])
        ex = np.concatenate(exits)
        home = self.home_ips(k)
        n_ev = self.volumes(k, 2, 1.1, 0.5)
        ua = uas(rng, [BROWSERS, SDKS[:2]], k)

        def ip_fn(sid, owner):
            p = prov[owner]
            v = ex[ex_off[p] + (sid * 131 + 17) % ex_len[p]]
            return ipv4_str(np.where(rng.random(len(sid)) < 0.85, v, home[owner]))

        self.benign_events(ids, n_ev, acc["tz"].to_numpy(), "consumer", ip_fn, ua, acc["payment_method"].to_numpy(),
                           cot=0.05)

    def make_proxy_pools(self, n_pools=3):
        """Commercial residential proxy pools: part real home IPs of this world's benign users."""
        rng = self.rng
        homes = np.concatenate(self.benign_homes)
        pools = []
        for _ in range(n_pools):
            size = int(rng.integers(3000, 15000))
            own = rng.choice(homes, size=min(len(homes), int(size * rng.uniform(0.15, 0.4))), replace=False)
            pools.append(np.concatenate([own, self.home_ips(size - len(own))]))
        self.proxy_pools = pools

    def proxy_users(self, k):
        rng = self.rng
        ids = self.new_accounts(k, "benign_proxy_user", None)
        acc = self.acc_rows[-1]
        pool = rng.integers(0, len(self.proxy_pools), k)
        acc["group_id"] = [f"RESPROXY{c}" for c in pool]
        n_ev = self.volumes(k, 3, 1.1, 0.5)
        ua = uas(rng, [BROWSERS, SDKS], k)
        pl = self.proxy_pools

        def ip_fn(sid, owner):
            out = np.empty(len(sid), np.int64)
            for j, pp in enumerate(pl):
                m = pool[owner] == j
                out[m] = pp[rng.integers(0, len(pp), int(m.sum()))]
            return ipv4_str(out)

        self.benign_events(ids, n_ev, acc["tz"].to_numpy(), "consumer", ip_fn, ua, acc["payment_method"].to_numpy())

    def heavy_apps(self, k):
        """One account each, machine pace around the clock, one template, cloud IPs."""
        rng = self.rng
        ids = self.new_accounts(k, "benign_heavy_app", None, variant="single_template")
        acc = self.acc_rows[-1]
        popular = rng.choice(len(self.ref.templates), size=max(3, k // 4), replace=False)
        tpl = popular[rng.integers(0, len(popular), k)]  # several apps share a public template
        acc["group_id"] = [f"APPTPL{t}" for t in tpl]
        variants = [self.ref.templates[t] for t in tpl]
        rate = np.clip(rng.lognormal(np.log(250), 0.8, k), 40, 1500)
        n_ev = rng.poisson(rate * self.p.window_days).astype(int)
        owner = np.repeat(np.arange(k), n_ev)
        # machine pace: evenly spaced with small jitter, from a start offset
        rank = np.arange(len(owner)) - np.repeat(np.concatenate([[0], np.cumsum(n_ev)[:-1]]), n_ev)
        gap = (self.p.window_days * DAY) / np.maximum(n_ev, 1)
        t = self.t0 + (rank * gap[owner] + rng.uniform(0, 0.3, len(owner)) * gap[owner]).astype(np.int64)
        ips = self.ref.draw(rng, self.ref.cloud_base, self.ref.cloud_size, 4 * k)
        n_ip = rng.integers(1, 5, k)
        ip = ips[owner * 4 + rank % n_ip[owner]]
        pr = render(rng, self.ref, variants, owner)
        cot = rng.random(k) < 0.15
        pr = add_cot(rng, pr, cot[owner] & (rng.random(len(owner)) < 0.9))
        ua = uas(rng, [SDKS], k)
        self.emit(ids[owner], t, ipv4_str(ip), pr, ua[owner], self.tokens(len(owner), 5.0, 0.6),
                  np.where(rng.random(len(owner)) < 0.8, "orion-2-mini", "orion-2").astype(object),
                  self.keys_for(ids)[owner], acc["payment_method"].to_numpy()[owner])

    def dev_teams(self, k_total):
        """3-10 developers of one org: office IP, CI cloud IP, shared internal templates (a benign look-alike)."""
        rng = self.rng
        sizes = []
        while sum(sizes) < k_total:
            sizes.append(int(rng.integers(3, 11)))
        for gi, s in enumerate(sizes):
            g = f"DEV{gi:04d}"
            c = rng.choice(len(COUNTRIES), p=self.cw)
            shared_card = rng.random() < 0.7
            card = np.full(s, hexid(rng, 1, 14, "card_corp_")[0], dtype=object) if shared_card else None
            dom = f"{hexid(rng, 1, 6, 'startup')[0]}.io"
            start = self.t0 - int(rng.uniform(10, 400) * DAY)
            created = start + (rng.uniform(0, 60, s) * DAY).astype(np.int64)
            created = np.minimum(created, self.t0 - DAY)
            self.new_accounts(s, "benign_devteam", g, country=c, created=created, card=card,
                              email=np.where(rng.random(s) < 0.8, dom, "gmail.com").astype(object), org=f"org_{g}")
            acc = self.acc_rows[-1]
            ids = acc["account_id"].to_numpy()
            office = self.ref.draw(rng, self.ref.biz_base, self.ref.biz_size, 1)
            ci = self.ref.draw(rng, self.ref.cloud_base, self.ref.cloud_size, 2)
            homes = self.home_ips(s)
            n_ev = self.volumes(s, 25, 0.8, 0.6)
            ua = uas(rng, [SDKS, SDKS, BROWSERS], s)
            # internal templates: public ones, the team's own wrapping, used verbatim by everyone
            ts = rng.choice(len(self.ref.templates), size=int(rng.integers(1, 4)), replace=False)
            wrap = "You are the assistant inside our product. " if rng.random() < 0.5 else ""
            cotw = " " + COT[rng.integers(len(COT))] if rng.random() < 0.4 else ""
            acc["variant"] = ("shared_card" if shared_card else "own_cards") + ("+cot_template" if cotw else "")
            variants = [wrap + self.ref.templates[i] + cotw for i in ts]
            p_t = rng.uniform(0.4, 0.8, s)

            def ip_fn(sid, owner, office=office, ci=ci, homes=homes):
                r = rng.random(len(sid))
                return ipv4_str(np.where(r < 0.6, office[0], np.where(r < 0.85, ci[sid % 2], homes[owner])))

            self.benign_events(ids, n_ev, acc["tz"].to_numpy(), "office", ip_fn, ua, acc["payment_method"].to_numpy(),
                               tmpl=(variants, lambda o, nv=len(variants): (o * 3 + 1) % nv), p_tmpl=p_t,
                               weekday_bias=0.7, mean_session=8, pro=0.5)

    # ---- rings
    def ring(self, gi: int, size: int):
        rng = self.rng
        p = self.p
        g = f"RING{gi:03d}"
        small = size <= 15
        ipmode = rng.choice(["resproxy", "mobile_proxy", "datacenter"], p=[0.7, 0.2, 0.1])
        timing = rng.choice(["batch", "flat", "fake_day"], p=[0.35, 0.3, 0.35])
        aged = rng.random() < 0.15
        uamode = rng.choice(["sdk", "browser_spoof", "mixed"])
        variant = f"{ipmode}+{timing}+{uamode}" + ("+aged" if aged else "+staggered")
        cohort = "ring_small" if small else "ring_large"
        if aged:
            created = self.t0 - (rng.uniform(200, 1400, size) * DAY).astype(np.int64)
        else:
            span = rng.uniform(20, 270)
            end = self.t0 - int(rng.uniform(1, 30) * DAY)
            created = end - (rng.uniform(0, span, size) * DAY).astype(np.int64)
        country = rng.choice(len(COUNTRIES), p=self.cw) if rng.random() < 0.5 else None
        email = np.array(RING_EMAIL, dtype=object)[rng.integers(0, len(RING_EMAIL), size)]
        ids = self.new_accounts(size, cohort, g, is_ring=True, country=country, created=created, email=email,
                                variant=variant)
        acc = self.acc_rows[-1]
        # volume just under the per-account daily limit, from a staggered join day
        join = (rng.random(size) * rng.uniform(0, 0.5) * p.window_days).astype(int)
        per_day = (p.daily_limit * rng.uniform(0.85, 0.98, size)).astype(int)
        days = p.window_days - join
        off = rng.random((size, p.window_days)) < 0.08  # odd days off
        act_days = np.maximum(1, days - off.sum(1) * days // p.window_days)
        n_ev = per_day * act_days
        owner = np.repeat(np.arange(size), n_ev)
        n = len(owner)
        # timing
        if timing == "batch":
            per_batch = int(rng.integers(3, 12))
            t_day = (rng.random(n) * days[owner]).astype(int) + join[owner]
            slot = rng.integers(0, max(1, int(DAY / 3600)), n) * 3600 + int(rng.integers(0, 3600))
            t = self.t0 + t_day * DAY + slot + rng.exponential(60 * per_batch, n).astype(np.int64)
        elif timing == "flat":
            t = self.t0 + join[owner] * DAY + (rng.random(n) * days[owner] * DAY).astype(np.int64)
        else:
            fake_tz = np.array([COUNTRIES[i][1] for i in rng.choice(len(COUNTRIES), size, p=self.cw)])
            t = local_times(rng, self.t0, p.window_days, fake_tz[owner], "consumer", join[owner])
        t = self.t0 + np.mod(t - self.t0, p.window_days * DAY)
        t = t[np.lexsort((t, owner))]  # owner is sorted: order each account's requests in time
        # IPs
        sticky = rng.integers(1, 15)  # requests per proxy session
        sess = (np.arange(n) // sticky) * 7919 + owner
        if ipmode == "resproxy":
            pool = self.proxy_pools[rng.integers(len(self.proxy_pools))]
            ip = ipv4_str(pool[rng.integers(0, len(pool), n // sticky + 1)[np.arange(n) // sticky]])
        elif ipmode == "mobile_proxy":
            eg, p48 = self.mobile_pool
            c = rng.integers(len(p48))
            r = rng.random(n)
            v4 = ipv4_str(eg[(sess * 31) % len(eg)])
            v6 = ipv6_str(np.full(n, p48[c]), (sess * 13) % 65536, rng.integers(0, 2**63, n, dtype=np.int64))
            ip = np.where(r < 0.5, v6, v4)
        else:
            block = self.ref.draw(rng, self.ref.dc_base, self.ref.dc_size, 1)[0] & ~np.int64(255)
            ip = ipv4_str(block + 1 + (owner * 3 + rng.integers(0, 3, n)) % 254)
        # prompts: per-account paraphrases of the ring's task templates, CoT, and normal-looking chat
        n_t = int(rng.integers(1, 5))
        base = [self.ref.templates[i] for i in rng.choice(len(self.ref.templates), n_t, replace=False)]
        variants = [paraphrase(rng, base[j]) for a in range(size) for j in range(n_t)]
        mix = rng.uniform(0.2, 0.6, size)
        normal = rng.random(n) < mix[owner]
        pr = np.empty(n, dtype=object)
        vi = owner[~normal] * n_t + rng.integers(0, n_t, int((~normal).sum()))
        pr[~normal] = render(rng, self.ref, variants, vi)
        pr[normal] = chat_prompts(rng, self.ref, int(normal.sum()))
        p_cot = rng.uniform(0.6, 1.0, size)
        pr = add_cot(rng, pr, ~normal & (rng.random(n) < p_cot[owner]))
        pr = add_cot(rng, pr, normal & (rng.random(n) < 0.04))
        ua_pools = {"sdk": [SDKS], "browser_spoof": [BROWSERS, MOBILE], "mixed": [SDKS, BROWSERS]}[uamode]
        ua = uas(rng, ua_pools, size)
        tok = np.where(normal, self.tokens(n), self.tokens(n, 6.8, 0.5))
        model = np.where(normal, self.models(n, 0.3), np.where(rng.random(n) < 0.85, "orion-2-pro", "orion-2")).astype(object)
        self.emit(ids[owner], t, ip, pr, ua[owner], tok, model, self.keys_for(ids)[owner],
                  acc["payment_method"].to_numpy()[owner])
        self.groups.append({"group_id": g, "size": size, "cohort": cohort, "variant": variant, "templates": n_t,
                            "mix": [round(float(mix.min()), 2), round(float(mix.max()), 2)]})

    def ring_sizes(self, budget: int) -> list[int]:
        rng, p = self.rng, self.p
        out = []
        while budget >= 3:
            small = p.ring_sizes == "small" or (p.ring_sizes == "mixed" and rng.random() < p.p_small_ring)
            if small or budget < 50:
                s = int(rng.integers(3, 16))
            else:
                s = int(np.exp(rng.uniform(np.log(50), np.log(500))))
            s = min(s, budget)
            out.append(s)
            budget -= s
        return out

    def build(self):
        p, rng = self.p, self.rng
        n_ring_target = int(round(p.accounts * p.ring_share))
        n_ben = p.accounts - n_ring_target
        self.benign_homes = []
        k = {c: int(round(n_ben * getattr(p, f"share_{c}"))) for c in
             ("household", "office", "campus", "mobile", "vpn", "proxy_user", "devteam", "heavy_app")}
        self.mobile(k["mobile"])
        self.households(k["household"])
        self.offices(k["office"])
        self.campuses(k["campus"])
        self.vpn_users(k["vpn"])
        self.dev_teams(k["devteam"])
        self.heavy_apps(max(1, k["heavy_app"]))
        n_ind = n_ben - self.n - k["proxy_user"]
        self.individuals(max(0, n_ind))
        self.make_proxy_pools(p.proxy_pools)
        self.proxy_users(k["proxy_user"])
        for i, s in enumerate(self.ring_sizes(n_ring_target)):
            self.ring(i, s)
        return self

    def tables(self):
        acc = pd.concat(self.acc_rows, ignore_index=True)
        ev = pd.concat(self.ev_rows, ignore_index=True)
        ev = ev.sort_values("t", kind="stable").reset_index(drop=True)
        ev.insert(1, "timestamp", pd.to_datetime(ev.pop("t"), unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
        ac = acc[["account_id", "created_at", "payment_method", "email_domain", "country", "org_id"]].copy()
        ac["created_at"] = pd.to_datetime(ac["created_at"], unit="s", utc=True).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        truth = acc[["account_id", "is_ring", "ring_id", "group_id", "cohort", "variant"]].copy()
        return ev, ac, truth


def _atomic(path: Path, write):
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def generate(p: Params, out: str | Path) -> dict:
    """Build a world and write it to ``out``; returns a summary."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    w = World(p).build()
    ev, ac, truth = w.tables()
    _atomic(out / "events.parquet", lambda f: ev.to_parquet(f, index=False))
    _atomic(out / "accounts.csv", lambda f: ac.to_csv(f, index=False))
    _atomic(out / "truth.csv", lambda f: truth.to_csv(f, index=False))
    summary = {"params": asdict(p), "events": int(len(ev)), "accounts": int(len(ac)),
               "ring_accounts": int(truth["is_ring"].sum()), "rings": w.groups,
               "cohorts": truth["cohort"].value_counts().to_dict(),
               "events_per_cohort": ev["account_id"].map(truth.set_index("account_id")["cohort"]).value_counts().to_dict(),
               "seconds": round(time.perf_counter() - t, 1)}
    _atomic(out / "world.json", lambda f: Path(f).write_text(json.dumps(summary, indent=1)))
    return summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.05)
    ap.add_argument("--ring-sizes", choices=["mixed", "small", "large"], default="mixed")
    ap.add_argument("--days", type=int, default=10)
    ap.add_argument("--daily-limit", type=int, default=60)
    ap.add_argument("--proxy-pools", type=int, default=3, help="commercial residential proxy pools")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    if a.accounts < 100 or not 0 <= a.ring_share < 0.5:
        ap.error("--accounts must be >= 100 and --ring-share in [0, 0.5)")
    p = Params(accounts=a.accounts, seed=a.seed, ring_share=a.ring_share, ring_sizes=a.ring_sizes,
               window_days=a.days, daily_limit=a.daily_limit, proxy_pools=a.proxy_pools)
    s = generate(p, a.out)
    print(json.dumps({k: s[k] for k in ("events", "accounts", "ring_accounts", "cohorts", "seconds")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
