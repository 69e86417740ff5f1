#!/usr/bin/env python3
"""World 30: "Halyard", a blind synthetic test world for graphhunt (docs/WORLD30.md).

Four weeks (``--days``) of API traffic on a fictional 2026 LLM API platform with the ground truth of which accounts
belong to distillation rings. Written blind: from the README's input contract and my own picture of a 2026 API
platform and of public descriptions of distillation operations, never from graphhunt's code or other worlds.

    python3 benchmarks/world30.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR

Writes events.parquet (or events.csv), accounts.csv, truth.csv and world.json into DIR.

Everything is drawn from one numpy Generator seeded by --seed and no Python hash order is used, so the files are
byte-identical for a seed whatever PYTHONHASHSEED says.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
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
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

PLATFORM = "Halyard"
START = pd.Timestamp("2026-01-12T00:00:00Z")          # a Monday; no zone in the world changes offset before March
PLANS = ["free", "dev", "team", "growth", "dedicated"]
DAILY = {"free": 40, "dev": 900, "team": 5000, "growth": 24000, "dedicated": 120000}
MINUTE = {"free": 4, "dev": 30, "team": 90, "growth": 300, "dedicated": 1200}
MODELS = ["hx-4", "hx-4-mini", "hx-4-deep", "hx-4-coder", "hx-4.1"]
RELEASE_DAY = 9                                        # hx-4.1 goes public on day 9 (0-based)
TOKMU = np.array([0.0, -0.35, 0.9, 0.25, 0.1])          # log-scale output-length shift per model
DAY = 86400.0

# regions: code, UTC offset (minutes), weight, residential ASNs, mobile ASNs, academic ASNs, e-mail domains
REGIONS = [
    ("US-E", -300, .15, [7922, 701, 20115, 22773, 33363], [21928, 6167], [3, 11537], ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"]),
    ("US-W", -480, .08, [7018, 7922, 20115], [21928, 6167], [25, 2152], ["gmail.com", "outlook.com", "icloud.com"]),
    ("BR", -180, .07, [18881, 26599, 28573], [28573, 26599], [1916], ["gmail.com", "hotmail.com", "uol.com.br"]),
    ("MX", -360, .03, [8151, 13999], [8151], [], ["gmail.com", "hotmail.com"]),
    ("GB", 0, .07, [2856, 5089, 5607], [12576], [786], ["gmail.com", "outlook.com", "btinternet.com"]),
    ("DE", 60, .07, [3320, 3209], [6805, 3320], [680], ["gmail.com", "web.de", "gmx.de"]),
    ("FR", 60, .04, [3215, 15557], [3215], [2200], ["gmail.com", "orange.fr", "free.fr"]),
    ("ES", 60, .03, [3352, 12479], [3352], [766], ["gmail.com", "hotmail.es"]),
    ("NG", 60, .03, [29465, 37148], [29465, 37148], [], ["gmail.com", "yahoo.com"]),
    ("KE", 180, .02, [33771], [33771], [], ["gmail.com"]),
    ("IN", 330, .14, [24560, 17488, 9498, 9829], [45609, 55836], [2697, 55824], ["gmail.com", "rediffmail.com", "outlook.com"]),
    ("NP", 345, .01, [17501, 23752], [23752], [], ["gmail.com"]),
    ("VN", 420, .04, [45899, 7552, 18403], [7552], [], ["gmail.com"]),
    ("ID", 420, .04, [17974, 23700], [23693, 45727], [], ["gmail.com", "yahoo.co.id"]),
    ("PH", 480, .03, [9299, 23944], [132199, 4775], [], ["gmail.com", "yahoo.com"]),
    ("JP", 540, .04, [4713, 2516, 17676], [9605], [2907], ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"]),
    ("KR", 540, .03, [4766, 9318], [9644], [], ["gmail.com", "naver.com"]),
    ("AU", 660, .03, [1221, 7545, 4804], [1221], [7575], ["gmail.com", "bigpond.com"]),
]
UNI_DOMAINS = {3: "mit.edu", 11537: "umich.edu", 25: "berkeley.edu", 2152: "csulb.edu", 1916: "usp.br", 786: "ucl.ac.uk",
               680: "tum.de", 2200: "sorbonne-universite.fr", 766: "ucm.es", 2697: "iitb.ac.in", 55824: "du.ac.in",
               2907: "u-tokyo.ac.jp", 7575: "unimelb.edu.au"}
DISPOSABLE = ["mailinator.com", "guerrillamail.com", "10minutemail.com", "yopmail.com", "sharklasers.com", "trashmail.com"]
CORP_WORDS = ["brightmoor", "calder", "fenwick", "halden", "ironvale", "juniper", "kestrel", "larchmont", "meridel",
              "northgate", "orrin", "pellham", "quarry", "redfern", "sallow", "tamsin", "umber", "vantor", "wexley",
              "yarrow", "zephyrine", "ashcombe", "bramwell", "corvid", "dunmore", "elstree", "farrow", "greyling"]
CORP_SUFFIX = ["labs", "analytics", "health", "logistics", "legal", "systems", "media", "capital", "works", "studio"]

UAS = {
    "py": ["halyard-python/2.3.1", "halyard-python/2.4.0", "halyard-python/2.2.7"],
    "node": ["halyard-node/1.8.0", "halyard-node/1.9.2"],
    "browser": ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36 Edg/132.0.0.0"],
    "mobile": ["HalyardChat/5.1 (iPhone; iOS 18.2)", "HalyardChat/5.1 (Android 15; Pixel 8)",
               "HalyardChat/5.0 (Android 14; SM-A546B)", "HalyardChat/5.1 (iPad; iOS 17.7)"],
    "raw": ["python-requests/2.32.3", "curl/8.5.0", "Go-http-client/2.0", "aiohttp/3.10.11", "okhttp/4.12.0",
            "axios/1.7.9"],
    "agent": ["foreman-agent/0.9.4 halyard-python/2.4.0", "foreman-agent/0.9.5 halyard-python/2.4.0"],
    "eval": ["openharness/0.7.2 halyard-python/2.3.1", "lm-scorecard/1.4 halyard-python/2.4.0"],
}

# 24-hour local profiles (weights), weekend multiplier
PROFILES = {
    "human": ([1, .5, .3, .2, .2, .3, .6, 1.2, 2, 2.6, 3, 3, 2.6, 2.8, 3, 3, 2.8, 2.6, 2.6, 3, 3.2, 3, 2.4, 1.6], .8),
    "office": ([.1, .05, .05, .05, .05, .1, .3, 1, 3, 4.5, 5, 4.5, 3, 4, 4.5, 4.5, 4, 3, 1.2, .6, .4, .3, .2, .1], .15),
    "evening": ([1.5, .8, .4, .2, .1, .1, .2, .4, .6, .8, 1, 1.2, 1.4, 1.4, 1.4, 1.6, 2, 2.6, 3.2, 3.6, 3.8, 3.6, 3, 2.2], 1.1),
    "school": ([.1, .05, 0, 0, 0, 0, .1, .3, .3, .3, .3, .4, .5, .6, .8, 2.5, 3.5, 4, 4, 4, 3.5, 2.5, 1, .3], .7),
    "flat": ([1] * 24, 1.0),
    "diurnal_app": ([.6, .45, .35, .3, .3, .35, .5, .8, 1.1, 1.3, 1.4, 1.4, 1.35, 1.35, 1.4, 1.4, 1.35, 1.3, 1.3, 1.35, 1.35, 1.2, 1, .8], .9),
    "night": ([3, 4, 4, 4, 3, 2, .3, .1, .05, .05, .05, .05, .05, .05, .05, .05, .05, .05, .05, .05, .1, .2, .8, 2], 1.0),
    "workday_machine": ([.2, .2, .2, .2, .2, .3, .6, 1, 2, 2.5, 2.5, 2.5, 2, 2.5, 2.5, 2.5, 2.2, 1.6, .8, .5, .4, .3, .2, .2], .3),
}
PROF_NAMES = list(PROFILES)
WIN = -1                                                # session starts uniform inside the stream's window
_DEFAULTS = dict(t0=0.0, t1=None, p_act=.5, rate=5.0, shape=1.5, prof=0, tz=None, sess=4.0, gap=60.0, regular=0,
                 ip_s=0, ip_n=0, ip_mode=1, ip_epoch=7.0, ip_miss=.01, fr_s=0, fr_n=1, seq=0, sl_lo=0, sl_hi=0, mix=0,
                 key_mode=0, key_fix=0, ua_s=0, ua_n=1, ua_miss=.01, tok_mu=5.5, tok_sig=.7, tok_miss=.02, ring=0,
                 retry=.004)


def sha256_file(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


# ------------------------------------------------------------------------------------------------ reference data

class Ref:
    def __init__(self, data: Path):
        self.data = data
        self.files: dict[str, str] = {}

    def reg(self, p: Path) -> Path:
        self.files[str(p.relative_to(self.data))] = sha256_file(p)
        return p

    def load(self):
        d = self.data
        aw = pd.read_csv(self.reg(d / "prompts" / "awesome-chatgpt-prompts.csv"), dtype=str, keep_default_na=False)
        aw = aw[aw["prompt"].str.len() >= 30]
        self.awesome = [p[:3000] for p in aw["prompt"]]
        self.awesome_dev = [p[:3000] for p, f in zip(aw["prompt"], aw["for_devs"]) if f.strip().upper() == "TRUE"]
        self.acts = sorted({a.strip() for a in aw["act"] if 3 <= len(a.strip()) <= 60 and "{" not in a})
        sents = set()
        for p in self.awesome:
            for s in re.split(r"(?<=[.!?])\s+", p.replace("\n", " ")):
                s = s.strip()
                if 40 <= len(s) <= 220 and not re.search(r"[{}\[\]<>|\"]", s):
                    sents.add(s)
        self.sentences = sorted(sents)
        self.templates = []   # (dataset, name, jinja, answer_choices)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class L(loader):
            pass
        L.add_multi_constructor("!", lambda ld, suf, node: ld.construct_mapping(node, deep=True))
        for f in sorted((d / "prompts" / "promptsource-templates").rglob("templates.yaml")):
            self.reg(f)
            y = yaml.load(f.read_text(encoding="utf-8"), Loader=L)
            ds = str(y.get("dataset", f.parent.name)) + ("/" + str(y["subset"]) if y.get("subset") else "")
            for tid in sorted(y.get("templates", {}) or {}):
                t = y["templates"][tid]
                if isinstance(t, dict) and t.get("jinja"):
                    self.templates.append((ds, str(t.get("name", "")), str(t["jinja"]), str(t.get("answer_choices") or "")))
        # addresses
        self.asn_prefixes: dict[int, list[tuple[int, int]]] = {}
        with gzip.open(self.reg(d / "ip" / "pyasn" / "ipasn_20140513.dat.gz"), "rt") as f:
            tab = pd.read_csv(f, sep="\t", comment=";", header=None, names=["prefix", "asn"], dtype=str)
        self.reg(d / "ip" / "pyasn" / "asnames.json.gz")
        wanted = set()
        for r in REGIONS:
            wanted |= set(r[3]) | set(r[4]) | set(r[5])
        tab = tab[tab["asn"].str.strip().isin({str(a) for a in wanted})]
        for pre, asn in zip(tab["prefix"], tab["asn"]):
            net, ln = pre.split("/")
            ln = int(ln)
            if 8 <= ln <= 24:
                self.asn_prefixes.setdefault(int(asn), []).append((int(ipaddress.IPv4Address(net)), ln))
        for k in self.asn_prefixes:
            self.asn_prefixes[k].sort()

        def cidrs(p):
            out = []
            for line in self.reg(p).read_text().splitlines():
                line = line.split("#")[0].strip()
                if line and ":" not in line:
                    n = ipaddress.IPv4Network(line, strict=False)
                    if 8 <= n.prefixlen <= 30:
                        out.append((int(n.network_address), n.prefixlen))
            return sorted(out)
        self.vpn = cidrs(d / "ip" / "vpn" / "x4b_vpn_ipv4.txt")
        self.dc = cidrs(d / "ip" / "vpn" / "x4b_datacenter_ipv4.txt")
        self.reg(d / "ip" / "vpn" / "x4b_vpn_ASN.txt")
        self.cloud = {}
        for prov in sorted(p.name for p in (d / "ip" / "cloud").iterdir() if p.is_dir()):
            self.cloud[prov] = cidrs(d / "ip" / "cloud" / prov / "ipv4_merged.txt")
        self.tor = sorted({l.strip() for l in self.reg(d / "ip" / "tor" / "tor-exit-nodes.lst").read_text().splitlines()
                           if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", l.strip())})
        return self


def _public(a: int) -> bool:
    ip = ipaddress.IPv4Address(a)
    return ip.is_global and not (ip.is_private or ip.is_reserved or ip.is_multicast or ip.is_loopback
                                 or ip.is_link_local or ip.is_unspecified) and (a & 255) not in (0, 255)


# ------------------------------------------------------------------------------------------------ the world

class World:
    def __init__(self, args, ref: Ref):
        self.a = args
        self.ref = ref
        self.rng = np.random.default_rng(args.seed)
        self.D = args.days
        # global interned tables
        self.ips: list[str] = []
        self.ip_index: dict[str, int] = {}
        self.flat_ip: list[int] = []
        self.pre: list[str] = [""]                    # frame prefix / suffix (frame 0 unused)
        self.suf: list[str] = [""]
        self.hs: list[bool] = [False]                 # frame takes a slot
        self.flat_fr: list[int] = []
        self.slots: list[str] = [""]                  # slot 0 = no slot
        self.ua: list[str] = []
        self.ua_index: dict[str, int] = {}
        self.flat_ua: list[int] = []
        self.keys: list[str] = []
        self.acc: list[dict] = []
        self.streams: list[dict] = []
        self.profile_w = [np.array(PROFILES[p][0], float) for p in PROF_NAMES]
        self.profile_we = [PROFILES[p][1] for p in PROF_NAMES]
        self.rings: list[dict] = []
        self.groups: dict[str, dict] = {}
        self.mixes: list[np.ndarray] = []
        self.mix_index: dict[tuple, int] = {}
        self.counters = {"tokens": 0}

    # ---------------------------------------------------------------- small helpers
    def r(self):
        return self.rng

    def hexid(self, n):
        return "".join(self.rng.choice(list("0123456789abcdef"), n))

    def prof(self, name):
        return PROF_NAMES.index(name)

    def add_profile(self, w, weekend=1.0):
        self.profile_w.append(np.array(w, float))
        self.profile_we.append(weekend)
        return len(self.profile_w) - 1

    def mix(self, **w):
        v = np.array([w.get(m.replace("-", "_").replace(".", "_"), 0.0) for m in MODELS], float)
        v = v / v.sum()
        k = tuple(np.round(v, 6))
        if k not in self.mix_index:
            self.mix_index[k] = len(self.mixes)
            self.mixes.append(v)
        return self.mix_index[k]

    def ip_id(self, s):
        i = self.ip_index.get(s)
        if i is None:
            i = self.ip_index[s] = len(self.ips)
            self.ips.append(s)
        return i

    def ua_id(self, s):
        i = self.ua_index.get(s)
        if i is None:
            i = self.ua_index[s] = len(self.ua)
            self.ua.append(s)
        return i

    def pool(self, ids):
        """Append a list of ids to the flat IP table: (start, length)."""
        s = len(self.flat_ip)
        self.flat_ip.extend(int(i) for i in ids)
        return s, len(ids)

    def frpool(self, ids):
        s = len(self.flat_fr)
        self.flat_fr.extend(int(i) for i in ids)
        return s, len(ids)

    def uapool(self, strs):
        s = len(self.flat_ua)
        self.flat_ua.extend(self.ua_id(x) for x in strs)
        return s, len(strs)

    # ---------------------------------------------------------------- addresses
    def draw_in(self, cidrs, k, one_block=False):
        """k distinct public addresses inside a list of (net, len) ranges (weighted by size, capped)."""
        rng = self.rng
        if not cidrs:
            raise RuntimeError("empty range list")
        nets = np.array([c[0] for c in cidrs], np.int64)
        spans = np.array([2 ** (32 - c[1]) for c in cidrs], np.int64)
        w = np.minimum(spans, 65536).astype(float)
        if one_block:
            i = int(rng.choice(len(cidrs), p=w / w.sum()))
            blocks = max(1, int(spans[i]) // 256)
            nets = np.array([nets[i] + int(rng.integers(0, blocks)) * 256])
            spans = np.array([min(256, int(spans[i]))])
            w = np.ones(1)
        out, seen = [], set()
        for _ in range(20):
            need = k - len(out)
            if need <= 0:
                break
            m = int(need * 1.5) + 8
            i = rng.choice(len(nets), size=m, p=w / w.sum())
            a = nets[i] + 1 + (rng.random(m) * np.maximum(spans[i] - 2, 1)).astype(np.int64)
            for x in a.tolist():
                if x not in seen and _public(x):
                    seen.add(x)
                    out.append(str(ipaddress.IPv4Address(x)))
                    if len(out) == k:
                        break
        return out

    def asn_ips(self, asns, k, one_block=False):
        cidrs = [c for a in asns for c in self.ref.asn_prefixes.get(a, [])]
        return [self.ip_id(s) for s in self.draw_in(cidrs, k, one_block)]

    def cloud_ips(self, k, provs=None, one_block=False):
        provs = provs or ["amazon", "google", "microsoft", "digitalocean", "linode", "oracle"]
        prov = provs[int(self.rng.integers(len(provs)))]
        return [self.ip_id(s) for s in self.draw_in(self.ref.cloud[prov], k, one_block)]

    def dc_ips(self, k, one_block=True):
        return [self.ip_id(s) for s in self.draw_in(self.ref.dc, k, one_block)]

    def vpn_ips(self, k, one_block=False):
        return [self.ip_id(s) for s in self.draw_in(self.ref.vpn, k, one_block)]

    def tor_ips(self, k):
        idx = self.rng.choice(len(self.ref.tor), size=min(k, len(self.ref.tor)), replace=False)
        return [self.ip_id(self.ref.tor[i]) for i in sorted(idx)]

    # ---------------------------------------------------------------- accounts
    def region(self, ri=None):
        if ri is None:
            w = np.array([r[2] for r in REGIONS])
            ri = int(self.rng.choice(len(REGIONS), p=w / w.sum()))
        return ri

    def new_account(self, cohort, group, plan, ri, *, pay=None, email=None, org="", created=None, ring_id="",
                    soph="", role="", nkeys=None, csv_local=None):
        rng = self.rng
        if created is None:
            created = self.created_before()
        if email is None:
            email = REGIONS[ri][6][int(rng.integers(len(REGIONS[ri][6])))]
        if pay is None:
            pay = "" if plan == "free" else self.card()
        nk = int(nkeys if nkeys is not None else rng.choice([1, 1, 1, 2, 2, 3, 4]))
        k0 = len(self.keys)
        for _ in range(nk):
            self.keys.append("hk_" + self.hexid(20))
        if csv_local is None:
            csv_local = bool(REGIONS[ri][1] != 0 and rng.random() < .4)
        self.acc.append(dict(cohort=cohort, group=group, plan=plan, pay=pay, email=email, country=REGIONS[ri][0][:2],
                             org=org, created=float(created), ring_id=ring_id, soph=soph, role=role, ri=ri,
                             tz=REGIONS[ri][1], k0=k0, kn=nk, csv_local=csv_local))
        return len(self.acc) - 1

    def created_before(self, lo_days=730, hi_days=1):
        """Sign-up time before the window, weighted toward the recent past."""
        u = self.rng.random()
        d = hi_days + (lo_days - hi_days) * u ** 1.8
        return -d * DAY - float(self.rng.random()) * DAY

    def card(self):
        return "card_" + self.hexid(16)

    def invoice(self):
        return "inv_" + self.hexid(12)

    # ---------------------------------------------------------------- prompts
    def build_prompts(self):
        ref, rng = self.ref, self.rng
        S = ref.sentences
        # slot pool: real sentences, pairs of them (a pasted paragraph) and act names
        pairs = rng.integers(0, len(S), size=(60000, 2))
        self.slot_sent = (1, 1 + len(S))
        self.slots.extend(S)
        self.slot_pair = (len(self.slots), len(self.slots) + len(pairs))
        self.slots.extend(S[i] + " " + S[j] for i, j in pairs)
        self.slot_act = (len(self.slots), len(self.slots) + len(ref.acts))
        self.slots.extend(ref.acts)
        # awesome prompts as whole frames
        self.fr_awesome = self.add_frames([(p, "") for p in ref.awesome], slot=False)
        self.fr_awesome_dev = self.add_frames([(p, "") for p in ref.awesome_dev], slot=False)
        # human questions around a pasted sentence
        human = ["{}", "Can you help me with this? {}", "Explain this in simple words: {}", "Rewrite this so it sounds better:\n\n{}",
                 "What does this mean?\n\"{}\"", "Translate into Spanish: {}", "Give me three ideas based on this: {}",
                 "Summarise in one line: {}", "Is this correct? {}", "Write a short reply to: {}",
                 "My teacher wrote this and I don't get it: {}", "Make this shorter please\n{}",
                 "Proofread: {}", "Turn this into a bullet list:\n{}", "How would you say this more politely? {}",
                 "Write a beginner's guide to {}", "What are the pros and cons of being a {}?",
                 "I'm preparing a talk. Outline: {}", "Fix the grammar: {}", "Give an example of {}"]
        self.fr_human = self.add_frames([tuple(h.split("{}", 1)) for h in human])
        # promptsource templates, rendered with one open slot
        self.ps_by_ds: dict[str, list[int]] = {}
        fillers = S
        for ds, name, jin, ac in ref.templates:
            r = self._render(jin, ac, fillers)
            if r is None:
                continue
            fid = self.add_frames([r])[0]
            self.ps_by_ds.setdefault(ds.split("/")[0], []).append(fid)
        self.ps_all = [f for ds in sorted(self.ps_by_ds) for f in self.ps_by_ds[ds]]
        self.ps_ds_names = sorted(self.ps_by_ds)
        # the viral prompt (week 2): a shared post everybody pastes with something about themselves
        self.viral_pre = ("Turn me into a 1990s collectible trading card. Give me a dramatic title, three stats out of 99, a "
                          "signature move and a fatal weakness, in the voice of a late-night infomercial. Here is me: ")
        self.fr_viral = self.add_frames([(self.viral_pre, ""), (self.viral_pre, "\n\nMake it funnier."),
                                         ("Someone posted this, try it: " + self.viral_pre, "")])
        # the open benchmark of the public eval campaign: fixed items (template x item text), baked in
        bench_ds = [d for d in ["ai2_arc", "piqa", "hellaswag", "openbookqa", "boolq", "winogrande", "commonsense_qa",
                                "sciq", "math_qa", "social_i_qa"] if d in self.ps_by_ds]
        self.bench_templates = [self.ps_by_ds[d][0] for d in bench_ds]
        items = []
        for i in range(480):
            f = self.bench_templates[i % len(self.bench_templates)]
            s = S[int(rng.integers(len(S)))]
            items.append((self.pre[f] + s + self.suf[f], ""))
        self.fr_bench = self.add_frames(items, slot=False)
        self.bench_name = "OpenRubric-480"

    def _render(self, jin, ac, fillers):
        rng = self.rng
        j = jin.split("|||")[0]
        j = re.sub(r"\{%.*?%\}", " ", j, flags=re.S)
        j = re.sub(r"\{#.*?#\}", " ", j, flags=re.S)
        choices = [c.strip() for c in ac.split("|||")] if ac and "{" not in ac else []
        out, pos, first = [], 0, True
        for m in re.finditer(r"\{\{(.*?)\}\}", j, flags=re.S):
            out.append(j[pos:m.start()])
            inner = m.group(1).strip()
            lit = re.fullmatch(r"\"([^\"]*)\"|'([^']*)'", inner)
            if lit:
                rep = lit.group(1) if lit.group(1) is not None else (lit.group(2) or "")
            elif "answer_choices" in inner and choices:
                rep = " or ".join(choices) if "join" in inner or "[" not in inner else choices[int(rng.integers(len(choices)))]
            elif first:
                rep, first = "\x00", False
            else:
                rep = fillers[int(rng.integers(len(fillers)))]
            out.append(rep)
            pos = m.end()
        out.append(j[pos:])
        text = "".join(out)
        if "\x00" not in text:
            text = text.rstrip() + "\n\x00"
        text = re.sub(r"[ \t]+", " ", text)
        text = re.sub(r"\n\s*\n\s*\n+", "\n\n", text)
        pre, suf = text.split("\x00", 1)
        pre, suf = pre.lstrip(), suf.rstrip()
        if re.search(r"\{\{|\}\}|\{%|%\}|\{#|#\}|\x00", pre + suf) or len((pre + suf).strip()) < 8:
            return None
        return pre, suf

    def add_frames(self, items, slot=True):
        s = len(self.pre)
        for p, q in items:
            self.pre.append(p)
            self.suf.append(q)
            self.hs.append(bool(slot))
        return list(range(s, len(self.pre)))

    def wrappers(self, n, style="harvest", unique_from=None):
        """n reworded instruction wrappers around one slot; each a distinct (prefix, suffix)."""
        rng = self.rng
        openers = {"harvest": ["", "Quick one: ", "Hi! ", "For a project I'm working on: ", "Please help. ", "I need a careful answer. ",
                               "Question from my study group: ", "Context below. ", "Hey, ", "OK next: "],
                   "corp": ["For our internal knowledge base: ", "Draft for the client wiki: ", "Ticket #{n}: ",
                            "Compliance review item: ", "Per the Q1 documentation plan: ", "Onboarding material: "]}[style]
        instr = ["Explain step by step, showing all of your intermediate reasoning, then state the final answer.",
                 "Work through this carefully and give a detailed, well-structured answer.",
                 "Give a thorough answer with your reasoning and one worked example.",
                 "Think it through out loud before you answer.",
                 "Answer as an expert would, covering edge cases and common mistakes.",
                 "Provide a complete solution and explain why each step is needed.",
                 "Reason carefully, list your assumptions, then answer.",
                 "Write a clear, complete explanation a strong student could learn from.",
                 "Break the problem down, solve each part, and combine the results.",
                 "Give the answer first, then a detailed justification."]
        swaps = [("step by step", "one step at a time"), ("detailed", "in-depth"), ("carefully", "slowly and carefully"),
                 ("answer", "response"), ("explain", "walk me through"), ("Explain", "Walk me through"),
                 ("thorough", "comprehensive"), ("complete", "full"), ("clear", "plain")]
        closers = ["", " Be complete.", " Don't skip steps.", " Use headings.", " Thanks!", " Keep it precise.", " No fluff."]
        out, seen = [], set(unique_from or ())
        tries = 0
        while len(out) < n and tries < 200 * n:
            tries += 1
            o = openers[int(rng.integers(len(openers)))].replace("{n}", str(int(rng.integers(1000, 99999))))
            i = instr[int(rng.integers(len(instr)))]
            for a, b in swaps:
                if a in i and rng.random() < .3:
                    i = i.replace(a, b, 1)
            c = closers[int(rng.integers(len(closers)))]
            if rng.random() < .5:
                fr = (o + i + "\n\n", c.strip() and "\n\n" + c.strip())
            else:
                fr = (o, "\n\n" + i + c)
            if fr not in seen:
                seen.add(fr)
                out.append(fr)
        return out

    def wrapped(self, wraps, base_frames, k):
        """k frames: a wrapper around a promptsource frame (the template's own slot stays open)."""
        rng = self.rng
        items = []
        for _ in range(k):
            w = wraps[int(rng.integers(len(wraps)))]
            b = base_frames[int(rng.integers(len(base_frames)))]
            items.append((w[0] + self.pre[b], self.suf[b] + w[1]))
        return self.add_frames(items)

    # ---------------------------------------------------------------- streams
    def stream(self, accts, **kw):
        """One traffic stream over accounts (arrays broadcast to len(accts))."""
        accts = np.asarray(accts, int)
        m = len(accts)
        if m == 0:
            return
        d = dict(_DEFAULTS, t1=self.D * DAY)
        bad = set(kw) - set(d)
        if bad:
            raise TypeError(bad)
        d.update(kw)
        tzacc = np.array([self.acc[a]["tz"] for a in accts], float)
        if d["tz"] is None:
            d["tz"] = tzacc
        else:
            d["tz"] = np.where(np.isnan(np.asarray(d["tz"], float)), tzacc, np.asarray(d["tz"], float))
        d["t1"] = np.where(np.isnan(np.asarray(d["t1"], float)), self.D * DAY, np.asarray(d["t1"], float))
        st = {"acct": accts}
        for k, v in d.items():
            v = np.asarray(v)
            st[k] = np.broadcast_to(v, (m,)).copy() if v.ndim == 0 else v.copy()
            assert len(st[k]) == m, k
        self.streams.append(st)

    def gen_stream(self, st, rng):
        D = self.D
        m = len(st["acct"])
        days = np.arange(D)
        # days inside each account's window (and after sign-up)
        created = np.array([self.acc[a]["created"] for a in st["acct"]])
        t0 = np.maximum(st["t0"], created)
        t1 = st["t1"]
        inwin = (days[None, :] * DAY < t1[:, None] + DAY) & ((days[None, :] + 1) * DAY > t0[:, None])
        prof = st["prof"]
        we = np.array([self.profile_we[p] if p >= 0 else 1.0 for p in prof])
        weekend = (days % 7 >= 5)[None, :]
        pa_ = np.clip(st["p_act"][:, None] * np.where(weekend, np.minimum(we[:, None], 1.6), 1.0), 0, 1)
        act = inwin & (rng.random((m, D)) < pa_)
        lam = st["rate"][:, None] * rng.gamma(st["shape"][:, None], 1.0 / st["shape"][:, None], (m, D))
        cnt = np.where(act, 1 + rng.poisson(np.maximum(lam - 1, 0)), 0)
        ai, di = np.nonzero(cnt)
        c = cnt[ai, di]
        if len(c) == 0:
            return None
        ns = np.minimum(c, 1 + rng.poisson(np.maximum(c - 1, 0) / st["sess"][ai]))
        # sessions
        s_ad = np.repeat(np.arange(len(c)), ns)
        s_a = ai[s_ad]
        s_day = di[s_ad]
        u = rng.random(len(s_ad))
        sprof = prof[s_a]
        start = np.empty(len(s_ad))
        win = sprof < 0
        if win.any():
            lo = np.maximum(t0[s_a[win]], s_day[win] * DAY)
            hi = np.minimum(t1[s_a[win]], (s_day[win] + 1) * DAY)
            start[win] = lo + u[win] * np.maximum(hi - lo, 1)
        nw = ~win
        if nw.any():
            cdf = np.cumsum(np.array(self.profile_w), axis=1)
            cdf = cdf / cdf[:, -1:]
            hour = (cdf[sprof[nw]] < u[nw, None]).sum(1)
            loc = hour * 3600 + rng.random(nw.sum()) * 3600
            start[nw] = s_day[nw] * DAY + loc - st["tz"][s_a[nw]] * 60
        # events
        e_ad = np.repeat(np.arange(len(c)), c)
        soff = np.concatenate([[0], np.cumsum(ns)[:-1]])
        e_sid = soff[e_ad] + (rng.random(len(e_ad)) * ns[e_ad]).astype(np.int64)
        order = np.argsort(e_sid, kind="stable")
        e_sid = e_sid[order]
        e_a = ai[e_ad[order]]
        e_day = di[e_ad[order]]
        gapm = st["gap"][e_a]
        g = np.where(st["regular"][e_a] > 0, gapm * (0.75 + 0.5 * rng.random(len(e_a))),
                     rng.exponential(1.0, len(e_a)) * gapm) + 0.15
        first = np.r_[True, e_sid[1:] != e_sid[:-1]]
        g[first] = 0.0
        cs = np.cumsum(g)
        base = np.maximum.accumulate(np.where(first, cs, 0.0))
        t = start[e_sid] + (cs - base)
        keep = (t >= t0[e_a]) & (t < t1[e_a]) & (t >= 0) & (t < D * DAY)
        t, e_a, e_day, e_sid = t[keep], e_a[keep], e_day[keep], e_sid[keep]
        n = len(t)
        if n == 0:
            return None
        A = st["acct"][e_a]
        day_utc = np.floor(t / DAY).astype(np.int64)
        # address
        ipn = st["ip_n"][e_a]
        mode = st["ip_mode"][e_a]
        phase = (st["acct"][e_a] * 7919) % np.maximum(ipn, 1)
        by_epoch = (day_utc // np.maximum(st["ip_epoch"][e_a], 1).astype(np.int64) + phase) % np.maximum(ipn, 1)
        by_event = (rng.random(n) * ipn).astype(np.int64)
        by_sess = ((e_sid * 2654435761) % 2 ** 31) % np.maximum(ipn, 1)
        off = np.where(mode == 1, by_epoch, np.where(mode == 2, by_sess, by_event))
        flat_ip = self._flat_ip
        ip = np.where(ipn > 0, flat_ip[np.minimum(st["ip_s"][e_a] + off, len(flat_ip) - 1)], -1)
        ip = np.where(rng.random(n) < st["ip_miss"][e_a], -1, ip)
        # prompt
        frn = st["fr_n"][e_a]
        fo = (rng.random(n) * frn).astype(np.int64)
        if st["seq"].any():
            o2 = np.lexsort((t, e_a))
            sa = e_a[o2]
            fstart = np.r_[True, sa[1:] != sa[:-1]]
            idx = np.arange(n)
            rank = idx - np.maximum.accumulate(np.where(fstart, idx, 0))
            rk = np.empty(n, np.int64)
            rk[o2] = rank
            seqo = (rk + (st["acct"][e_a] * 131)) % np.maximum(frn, 1)
            fo = np.where(st["seq"][e_a] > 0, seqo, fo)
        frame = self._flat_fr[st["fr_s"][e_a] + fo]
        lo, hi = st["sl_lo"][e_a], st["sl_hi"][e_a]
        slot = np.where((hi > lo) & self._hs[frame], lo + (rng.random(n) * (hi - lo)).astype(np.int64), 0)
        # model
        mix = np.array(self.mixes)
        mcdf = np.cumsum(mix, axis=1)
        model = (mcdf[st["mix"][e_a]] < rng.random(n)[:, None]).sum(1)
        model = np.minimum(model, len(MODELS) - 1)
        model = np.where((model == 4) & (day_utc < RELEASE_DAY), 0, model)
        # key
        kn = np.array([self.acc[a]["kn"] for a in st["acct"]])[e_a]
        k0 = np.array([self.acc[a]["k0"] for a in st["acct"]])[e_a]
        km = st["key_mode"][e_a]
        kphase = (st["acct"][e_a] * 31) % kn
        kk = np.where(km == 0, (day_utc // 7 + kphase) % kn,
                      np.where(km == 1, (rng.random(n) * kn).astype(np.int64), np.minimum(st["key_fix"][e_a], kn - 1)))
        key = k0 + kk
        # user agent
        uan = st["ua_n"][e_a]
        uo = np.where(uan > 1, ((st["acct"][e_a] * 17 + day_utc // 3) % np.maximum(uan, 1)), 0)
        uo = np.where(rng.random(n) < .1, (rng.random(n) * uan).astype(np.int64), uo)
        ua = self._flat_ua[st["ua_s"][e_a] + uo]
        ua = np.where(rng.random(n) < st["ua_miss"][e_a], -1, ua)
        # output tokens
        tok = np.exp(st["tok_mu"][e_a] + TOKMU[model] + st["tok_sig"][e_a] * rng.standard_normal(n))
        tok = np.clip(np.round(tok), 1, 16384).astype(np.int64)
        tok = np.where(rng.random(n) < st["tok_miss"][e_a], -1, tok)
        ring = st["ring"][e_a].astype(np.int8)
        retry = rng.random(n) < st["retry"][e_a]
        return dict(acct=A, t=t, ip=ip, frame=frame, slot=slot, model=model, key=key, ua=ua, tok=tok, ring=ring,
                    retry=retry)

    # ---------------------------------------------------------------- generation
    def generate(self):
        self._flat_ip = np.array(self.flat_ip or [0], np.int64)
        self._flat_fr = np.array(self.flat_fr or [0], np.int64)
        self._flat_ua = np.array(self.flat_ua or [0], np.int64)
        self._hs = np.array(self.hs, bool)
        parts = []
        for st in self.streams:
            ev = self.gen_stream(st, self.rng)
            if ev is not None:
                parts.append(ev)
        ev = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        # duplicated retries: the client sends the same request again a few seconds later
        rt = np.nonzero(ev["retry"])[0]
        dup = {k: v[rt].copy() for k, v in ev.items()}
        dup["t"] = dup["t"] + 1 + 7 * self.rng.random(len(rt))
        dup["tok"] = np.where(self.rng.random(len(rt)) < .5, dup["tok"], -1)
        ev = {k: np.concatenate([ev[k], dup[k]]) for k in ev}
        self.n_retry = len(rt)
        n0 = len(ev["t"])
        created = np.array([a["created"] for a in self.acc])
        ok = (ev["t"] >= np.maximum(created[ev["acct"]], 0)) & (ev["t"] < self.D * DAY)
        ev = {k: v[ok] for k, v in ev.items()}
        # milliseconds, then the limits (per UTC minute first, then per UTC day), refused requests are not logged
        ms = np.floor(ev["t"] * 1000).astype(np.int64)
        ev["ms"] = ms
        plan_i = np.array([PLANS.index(a["plan"]) for a in self.acc])
        mlim = np.array([MINUTE[p] for p in PLANS])[plan_i]
        dlim = np.array([DAILY[p] for p in PLANS])[plan_i]
        o = np.lexsort((ms, ev["acct"]))
        ev = {k: v[o] for k, v in ev.items()}
        keep = self._cap(ev["acct"], ev["ms"] // 60000, mlim[ev["acct"]])
        ev = {k: v[keep] for k, v in ev.items()}
        keep = self._cap(ev["acct"], ev["ms"] // 86400000, dlim[ev["acct"]])
        ev = {k: v[keep] for k, v in ev.items()}
        self.requests_drawn = int(ok.sum())
        self.refused = self.requests_drawn - len(ev["ms"])
        self.dropped_before_signup = n0 - int(ok.sum())
        o = np.lexsort((np.arange(len(ev["ms"])), ev["ms"]))
        self.ev = {k: v[o] for k, v in ev.items()}

    @staticmethod
    def _cap(acct, bucket, lim):
        n = len(acct)
        if n == 0:
            return np.zeros(0, bool)
        newg = np.r_[True, (acct[1:] != acct[:-1]) | (bucket[1:] != bucket[:-1])]
        idx = np.arange(n)
        rank = idx - np.maximum.accumulate(np.where(newg, idx, 0))
        return rank < lim

    # ================================================================ population
    def add(self, name, acct, **kw):
        self.rows.setdefault(name, []).append((acct, kw))

    def flush_rows(self):
        for name, rows in self.rows.items():
            keys = sorted({k for _, kw in rows for k in kw})
            accts = [a for a, _ in rows]
            nanfill = {"tz", "t1"}
            kw = {k: np.array([(r.get(k, np.nan) if r.get(k) is not None else np.nan) if k in nanfill
                               else r.get(k, _DEFAULTS[k]) for _, r in rows]) for k in keys}
            self.stream(accts, **kw)
        self.rows = {}

    def infra(self):
        """Shared infrastructure: carrier CGNAT pools, campus NATs, VPN exits, residential proxy pools."""
        rng = self.rng
        self.cgnat = {}
        for ri, r in enumerate(REGIONS):
            for asn in r[4]:
                if self.ref.asn_prefixes.get(asn):
                    self.cgnat[(ri, asn)] = self.pool(self.asn_ips([asn], int(rng.integers(40, 160))))
        self.campus = {}
        for ri, r in enumerate(REGIONS):
            for asn in r[5]:
                if self.ref.asn_prefixes.get(asn):
                    self.campus[asn] = (ri, self.pool(self.asn_ips([asn], int(rng.integers(4, 14)), one_block=True)))
        self.vpn_providers = []
        for _ in range(5):
            ids = []
            for _ in range(int(rng.integers(3, 8))):
                ids += self.vpn_ips(int(rng.integers(6, 20)), one_block=True)
            self.vpn_providers.append(self.pool(ids))
        self.tor_pool = self.pool(self.tor_ips(300))
        w = np.array([r[2] for r in REGIONS])
        self.proxy_pools = []
        for _ in range(3):                               # residential-proxy providers (home devices running proxyware)
            ids = []
            for ri, r in enumerate(REGIONS):
                k = int(round(3500 * w[ri] / w.sum())) + 10
                ids += self.asn_ips(r[3] + r[4], k)
            self.proxy_pools.append(ids)
        # UA pools
        self.UA = {k: self.uapool(v) for k, v in UAS.items()}
        # frame pools
        chat = self.fr_awesome + self.fr_human * max(1, len(self.fr_awesome) // len(self.fr_human))
        self.FR_CHAT = self.frpool(chat)
        self.FR_DEVCHAT = self.frpool(self.fr_awesome_dev + self.fr_human * 10)
        self.FR_VIRAL = self.frpool(self.fr_viral)
        self.FR_BENCH = self.frpool(self.fr_bench)
        self.SL_TEXT = (self.slot_sent[0], self.slot_pair[1])
        self.SL_ACT = self.slot_act
        self.mix_chat = self.mix(hx_4=.45, hx_4_mini=.35, hx_4_deep=.05, hx_4_1=.15)
        self.mix_dev = self.mix(hx_4=.3, hx_4_mini=.25, hx_4_coder=.3, hx_4_deep=.05, hx_4_1=.1)
        self.mix_app = self.mix(hx_4_mini=.7, hx_4=.3)
        self.mix_eval = self.mix(hx_4=.22, hx_4_mini=.2, hx_4_deep=.2, hx_4_coder=.18, hx_4_1=.2)
        self.mix_eval_new = self.mix(hx_4_1=.8, hx_4=.2)
        self.mix_deep = self.mix(hx_4_deep=.85, hx_4=.1, hx_4_1=.05)
        self.mix_flag = self.mix(hx_4=.55, hx_4_deep=.3, hx_4_1=.15)
        self.mix_code = self.mix(hx_4_coder=.75, hx_4_deep=.15, hx_4=.1)

    def home_pool(self, ri, k=None):
        r = REGIONS[ri]
        asn = r[3][int(self.rng.integers(len(r[3])))]
        return self.pool(self.asn_ips([asn], k or int(self.rng.integers(2, 5)), one_block=True))

    def proxy_slice(self, prov, k):
        ids = self.proxy_pools[prov]
        sel = self.rng.choice(len(ids), size=min(k, len(ids)), replace=False)
        return self.pool([ids[i] for i in sorted(sel)])

    def lognorm(self, med, sig=.7):
        return float(med * np.exp(sig * self.rng.standard_normal()))

    def ds_frames(self, k=1, min_frames=2):
        names = [d for d in self.ps_ds_names if len(self.ps_by_ds[d]) >= min_frames]
        pick = self.rng.choice(len(names), size=k, replace=False)
        return [f for i in sorted(pick) for f in self.ps_by_ds[names[i]]]

    def chat(self, a, prof="human", p_act=.35, rate=4.0, ip=None, ip_mode=1, ua="browser", mix=None, **kw):
        ip = ip or (0, 0)
        d = dict(prof=self.prof(prof) if isinstance(prof, str) else prof, p_act=p_act, rate=rate, sess=3.0,
                 gap=75.0, ip_s=ip[0], ip_n=ip[1], ip_mode=ip_mode, ip_epoch=float(self.rng.integers(4, 12)),
                 fr_s=self.FR_CHAT[0], fr_n=self.FR_CHAT[1], sl_lo=self.SL_TEXT[0], sl_hi=self.SL_TEXT[1],
                 mix=self.mix_chat if mix is None else mix, ua_s=self.UA[ua][0], ua_n=self.UA[ua][1], tok_mu=5.6)
        d.update(kw)
        self.add("chat", a, **d)

    def benign(self, NB):
        rng, N = self.rng, self.a.accounts
        self.rows = {}
        made = 0
        order = []

        def budget(share):
            return int(round(share * NB))

        def gid(prefix):
            k = "%s-%04d" % (prefix, sum(1 for g in self.groups if g.startswith(prefix + "-")))
            self.groups[k] = {}
            return k

        def heavy_tail(cap, alpha=1.15, lo=2):
            return int(min(cap, np.floor(lo * (1 - rng.random()) ** (-1 / alpha))))

        def corp_domain():
            return "%s-%s.%s" % (CORP_WORDS[int(rng.integers(len(CORP_WORDS)))], CORP_SUFFIX[int(rng.integers(len(CORP_SUFFIX)))],
                                 ["com", "io", "co", "de", "in", "com.br", "co.uk"][int(rng.integers(7))])

        # --- heavy single apps: one account, huge volume, autoscaled cloud addresses, the app's own templates
        for _ in range(max(1, N // 3000)):
            g = gid("app")
            ri = self.region()
            plan = "dedicated" if rng.random() < .4 else "growth"
            a = self.new_account("heavy_app", g, plan, ri, email=corp_domain(), org="org_" + self.hexid(8))
            frames = self.ds_frames(1)
            fs = self.frpool(frames)
            egress = self.pool(self.cloud_ips(int(rng.integers(3, 14))))
            self.add("machine", a, prof=self.prof("diurnal_app"), p_act=1.0, rate=min(self.lognorm(2200, .6), DAILY[plan] * .5),
                     shape=8.0, sess=400.0, gap=3.0, regular=1, ip_s=egress[0], ip_n=egress[1],
                     fr_s=fs[0], fr_n=fs[1], sl_lo=self.SL_TEXT[0], sl_hi=self.SL_TEXT[1], mix=self.mix_app,
                     ua_s=self.UA["py"][0], ua_n=1, tok_mu=4.8, ip_mode=0, retry=.002)
            made += 1
        # --- legitimate routing gateways (invented look-alike): an aggregator forwarding many end users' prompts
        for _ in range(max(1, N // 8000)):
            g = gid("router")
            ri = self.region()
            org, inv, dom = "org_" + self.hexid(8), self.invoice(), corp_domain()
            egress = self.pool(self.cloud_ips(int(rng.integers(4, 11))))
            for _ in range(int(rng.integers(3, 7))):
                a = self.new_account("router_gateway", g, "growth", ri, pay=inv, email=dom, org=org, nkeys=4)
                self.add("machine", a, prof=self.prof("diurnal_app"), p_act=1.0, rate=self.lognorm(1100, .4), shape=6.0,
                         sess=200.0, gap=4.0, ip_s=egress[0], ip_n=egress[1], ip_mode=0, fr_s=self.FR_CHAT[0],
                         fr_n=self.FR_CHAT[1], sl_lo=self.SL_TEXT[0], sl_hi=self.SL_TEXT[1], mix=self.mix_chat,
                         ua_s=self.UA["node"][0], ua_n=self.UA["node"][1], key_mode=1, tok_mu=5.4)
                made += 1
        # --- synthetic-data jobs of a real company (honestly harvest-like: templated, heavy, scripted)
        for _ in range(max(1, N // 7000)):
            g = gid("synth")
            ri = self.region()
            org, inv, dom = "org_" + self.hexid(8), self.invoice(), corp_domain()
            cluster = self.pool(self.cloud_ips(int(rng.integers(4, 10)), one_block=True))
            fs = self.frpool(self.ds_frames(int(rng.integers(1, 4))))
            for _ in range(int(rng.integers(2, 7))):
                a = self.new_account("synth_data", g, "growth", ri, pay=inv, email=dom, org=org)
                self.add("machine", a, prof=self.prof("flat"), p_act=.6, rate=self.lognorm(1500, .4), shape=4.0, sess=300.0,
                         gap=2.5, regular=1, ip_s=cluster[0], ip_n=cluster[1], ip_mode=0, fr_s=fs[0], fr_n=fs[1],
                         sl_lo=self.SL_TEXT[0], sl_hi=self.SL_TEXT[1], mix=self.mix_flag, ua_s=self.UA["py"][0],
                         ua_n=1, tok_mu=6.1, tok_sig=.5)
                made += 1
        # --- eval labs: private suites at night, a re-run burst after hx-4.1's release
        for _ in range(max(2, N // 2500)):
            g = gid("evallab")
            ri = self.region()
            academic = rng.random() < .4 and any(a in self.campus for a in REGIONS[ri][5])
            if academic:
                uni = [a for a in REGIONS[ri][5] if a in self.campus][0]
                ips, dom, pay = self.campus[uni][1], UNI_DOMAINS[uni], self.card()
            else:
                ips, dom, pay = self.pool(self.cloud_ips(int(rng.integers(2, 5)))), corp_domain(), self.invoice()
            org = "org_" + self.hexid(8)
            items = []
            for f in self.ds_frames(int(rng.integers(2, 6))):
                for _ in range(int(rng.integers(20, 60))):
                    items.append((self.pre[f] + self.ref.sentences[int(rng.integers(len(self.ref.sentences)))] + self.suf[f], ""))
            suite = self.frpool(self.add_frames(items, slot=False))
            for _ in range(int(rng.integers(1, 6))):
                a = self.new_account("eval_lab", g, "team", ri, pay=pay, email=dom, org=org)
                base = dict(prof=self.prof("night"), sess=500.0, gap=1.2, regular=1, ip_s=ips[0], ip_n=ips[1], ip_mode=0,
                            fr_s=suite[0], fr_n=suite[1], seq=1, ua_s=self.UA["eval"][0], ua_n=self.UA["eval"][1], tok_mu=5.0,
                            tok_sig=.9)
                self.add("machine", a, p_act=.4, rate=self.lognorm(700, .4), shape=10.0, mix=self.mix_eval, **base)
                self.add("evalrerun", a, t0=RELEASE_DAY * DAY, t1=(RELEASE_DAY + 3) * DAY, p_act=.9, rate=self.lognorm(1200, .3),
                         shape=10.0, mix=self.mix_eval_new, **base)
                made += 1
        # --- tutoring apps: after-school homework help, templated explanations
        for _ in range(max(1, N // 5000)):
            g = gid("tutor")
            ri = self.region()
            org, card, dom = "org_" + self.hexid(8), self.card(), corp_domain()
            ips = self.pool(self.cloud_ips(int(rng.integers(2, 5))))
            tut = self.add_frames([("Explain to a 12-year-old, step by step, and check their answer at the end: ", ""),
                                   ("You are a patient tutor. The student asks: ", "\nGive a hint first, then the full worked solution."),
                                   ("Homework helper mode. Question: ", "\nShow every step.")])
            fs = self.frpool(tut * 6 + self.ds_frames(2))
            for _ in range(int(rng.integers(3, 11))):
                a = self.new_account("tutoring_app", g, "team", ri, pay=card, email=dom, org=org)
                self.add("machine", a, prof=self.prof("school"), p_act=.95, rate=self.lognorm(260, .4), shape=5.0, sess=40.0,
                         gap=6.0, ip_s=ips[0], ip_n=ips[1], ip_mode=0, fr_s=fs[0], fr_n=fs[1], sl_lo=self.SL_TEXT[0],
                         sl_hi=self.SL_TEXT[1], mix=self.mix_deep, ua_s=self.UA["node"][0], ua_n=1, tok_mu=5.6)
                made += 1
        # --- public eval campaign: independent organisations run the same open benchmark in the same week
        self.camp = (int(self.D * .45), min(self.D, int(self.D * .45) + 7))
        for _ in range(max(3, N // 200)):
            g = gid("pubeval")
            ri = self.region()
            r = rng.random()
            if r < .3 and any(a in self.campus for a in REGIONS[ri][5]):
                uni = [a for a in REGIONS[ri][5] if a in self.campus][0]
                ips, dom = self.campus[uni][1], UNI_DOMAINS[uni]
            elif r < .8:
                ips, dom = self.pool(self.cloud_ips(int(rng.integers(1, 4)))), corp_domain()
            else:
                ips, dom = self.home_pool(ri, 1), REGIONS[ri][6][0]
            org = "org_" + self.hexid(8) if rng.random() < .6 else ""
            pay = self.card()
            for _ in range(heavy_tail(4, 2.0, 1)):
                a = self.new_account("public_eval", g, "team" if rng.random() < .5 else "dev", ri, pay=pay, email=dom, org=org)
                s0 = self.camp[0] + int(rng.integers(0, self.camp[1] - self.camp[0]))
                self.add("machine", a, t0=s0 * DAY, t1=(s0 + int(rng.integers(1, 3))) * DAY, p_act=1.0,
                         rate=480.0 * int(rng.integers(1, 3)), shape=20.0, prof=self.prof("flat"), sess=500.0,
                         gap=2.5, regular=1, ip_s=ips[0], ip_n=ips[1], ip_mode=0, fr_s=self.FR_BENCH[0],
                         fr_n=self.FR_BENCH[1], seq=1, mix=self.mix_eval, ua_s=self.UA["eval"][0], ua_n=2, tok_mu=4.2)
                self.chat(a, p_act=.2, rate=3.0, ip=ips, ip_mode=0, ua="py")
                made += 1
        # --- agent swarms: one developer's coding agent fanning out over a few of their own accounts
        sys_agent = ("You are Foreman, an autonomous coding agent. Tools: read_file, write_file, run_tests, search. Think "
                     "before each tool call, keep the diff minimal, and stop when the tests pass.\nTask: ")
        agent_fr = self.frpool(self.add_frames([(sys_agent, ""), (sys_agent + "Continue. Previous step output: ", "")]))
        n_sw = budget(.012)
        while n_sw > 0:
            g = gid("swarm")
            ri = self.region()
            k = min(n_sw, int(rng.integers(2, 5)))
            card = self.card() if rng.random() < .7 else None
            home = self.home_pool(ri, 1)
            runner = self.cloud_ips(1)
            ips = self.pool([self.flat_ip[home[0]]] + runner)
            for _ in range(k):
                a = self.new_account("agent_swarm", g, "dev" if rng.random() < .6 else "team", ri, pay=card or self.card(), nkeys=3)
                self.add("machine", a, prof=self.prof("office"), p_act=.55, rate=self.lognorm(140, .5), shape=1.5, sess=40.0,
                         gap=5.0, ip_s=ips[0], ip_n=ips[1], ip_mode=0, fr_s=agent_fr[0], fr_n=agent_fr[1],
                         sl_lo=self.SL_TEXT[0], sl_hi=self.SL_TEXT[1], mix=self.mix_code, key_mode=1,
                         ua_s=self.UA["agent"][0], ua_n=2, tok_mu=6.0)
                made += 1
            n_sw -= k
        # --- classrooms: a burst of sign-ups at the first lesson, everybody pastes the same worksheet
        n_cl = budget(.04)
        lessons = []
        while n_cl > 0:
            g = gid("class")
            ri = self.region()
            k = min(n_cl, int(rng.integers(15, 41)))
            unis = [a for a in REGIONS[ri][5] if a in self.campus]
            ips = self.campus[unis[0]][1] if unis and rng.random() < .5 else self.home_pool(ri, int(rng.integers(1, 3)))
            first = int(rng.integers(0, max(1, self.D - 6)))
            hour = int(rng.integers(8, 15))
            t_first = first * DAY + hour * 3600 - REGIONS[ri][1] * 60
            ws = self.ref.sentences[int(rng.integers(len(self.ref.sentences)))]
            sheet = self.add_frames([("Worksheet %d, question %d. %s Answer in full sentences and explain your reasoning."
                                      % (int(rng.integers(1, 9)), q, self.ref.sentences[int(rng.integers(len(self.ref.sentences)))]), "")
                                     for q in range(1, int(rng.integers(3, 7)))], slot=False)
            sheet_fr = self.frpool(sheet)
            ls = [first + 7 * w + dd for w in range(6) for dd in (0, 2) if first + 7 * w + dd < self.D]
            for i in range(k):
                teacher = i == 0
                cr = (-self.lognorm(200, .5) * DAY) if teacher else t_first + rng.random() * 2400
                a = self.new_account("classroom", g, "dev" if teacher else "free", ri, created=cr,
                                     email=(UNI_DOMAINS[unis[0]] if unis else None), role="teacher" if teacher else "student")
                for L in ls:
                    t0 = L * DAY + hour * 3600 - REGIONS[ri][1] * 60
                    self.add("lesson", a, t0=t0, t1=t0 + 3000, prof=WIN, p_act=.9, rate=float(rng.integers(2, 7)),
                             shape=5.0, sess=3.0, gap=90.0, ip_s=ips[0], ip_n=ips[1], ip_mode=0, fr_s=sheet_fr[0],
                             fr_n=sheet_fr[1], mix=self.mix_chat, ua_s=self.UA["browser"][0], ua_n=4, tok_mu=5.3)
                self.chat(a, prof="evening", p_act=.2, rate=3.0, ip=self.home_pool(ri, 2))
                made += 1
            n_cl -= k
        # --- grant-sponsored accounts (invented look-alike): an NGO card pays for beneficiaries anywhere
        n_gr = budget(.012)
        while n_gr > 0:
            g = gid("grant")
            card = self.card()
            k = min(n_gr, int(rng.integers(10, 61)))
            for _ in range(k):
                ri = self.region()
                a = self.new_account("grant_sponsored", g, "dev", ri, pay=card)
                self.chat(a, p_act=.4, rate=self.lognorm(5, .5), ip=self.home_pool(ri),
                          ua="mobile" if rng.random() < .5 else "browser")
                made += 1
            n_gr -= k
        # --- seat migration (invented look-alike): a company moves staff from personal accounts to org seats mid-window
        n_mg = budget(.02)
        while n_mg > 1:
            g = gid("migr")
            ri = self.region()
            people = min(n_mg // 2, int(rng.integers(3, 15)))
            org, inv, dom = "org_" + self.hexid(8), self.invoice(), corp_domain()
            office = self.pool(self.asn_ips(REGIONS[ri][3], int(rng.integers(1, 3)), one_block=True))
            cut = float(rng.integers(int(self.D * .3), int(self.D * .7)) * DAY + 9 * 3600 - REGIONS[ri][1] * 60)
            for _ in range(people):
                rate = self.lognorm(12, .5)
                a = self.new_account("seat_migration", g, "dev", ri, role="personal_old", email=REGIONS[ri][6][0])
                self.chat(a, prof="office", p_act=.75, rate=rate, ip=office, ip_mode=0, t1=cut, mix=self.mix_dev)
                b = self.new_account("seat_migration", g, "team", ri, pay=inv, email=dom, org=org,
                                     created=cut - rng.random() * 3600, role="seat_new")
                self.chat(b, prof="office", p_act=.75, rate=rate, ip=office, ip_mode=0, t0=cut, mix=self.mix_dev)
                made += 2
            n_mg -= 2 * people
        # --- SaaS products whose customers bring their own keys: the product's egress and built-in templates
        n_sa = budget(.05)
        while n_sa > 0:
            g = gid("saas")
            prod = "%s%s" % (CORP_WORDS[int(rng.integers(len(CORP_WORDS)))].capitalize(), ["Quill", "Desk", "Pilot", "Mail", "Notes"][int(rng.integers(5))])
            egress = self.pool(self.cloud_ips(int(rng.integers(2, 6)), one_block=True))
            fs = self.frpool(self.add_frames([("[%s] Rewrite the following for a professional audience:\n" % prod, ""),
                                              ("[%s] Summarise this customer message in two sentences and suggest a reply:\n" % prod, ""),
                                              ("[%s] Extract action items as a list:\n" % prod, "")]) + self.ds_frames(1))
            ua = self.uapool(["%s/3.%d (+https://%s.app)" % (prod, int(rng.integers(0, 9)), prod.lower())])
            k = min(n_sa, heavy_tail(300, 1.0, 8))
            for _ in range(k):
                ri = self.region()
                a = self.new_account("saas_byok", g, "dev" if rng.random() < .7 else "team", ri)
                self.add("machine", a, prof=self.prof("office"), p_act=.7, rate=self.lognorm(22, .8), shape=1.5, sess=5.0,
                         gap=40.0, ip_s=egress[0], ip_n=egress[1], ip_mode=0, fr_s=fs[0], fr_n=fs[1], sl_lo=self.SL_TEXT[0],
                         sl_hi=self.SL_TEXT[1], mix=self.mix_app, ua_s=ua[0], ua_n=1, tok_mu=5.0, tz=REGIONS[ri][1])
                made += 1
            n_sa -= k
        # --- companies with many seats on one invoice (heavy-tailed size), through the company's secure web gateway
        n_se = budget(.08)
        while n_se > 0:
            g = gid("seats")
            ri = self.region()
            k = min(n_se, heavy_tail(max(10, n_se // 3), 1.1, 2))
            org, inv, dom = "org_" + self.hexid(8), self.invoice(), corp_domain()
            gw = self.pool(self.cloud_ips(int(rng.integers(2, 7)), provs=["microsoft", "amazon", "google"]))
            for _ in range(k):
                a = self.new_account("seat_invoice", g, "team", ri, pay=inv, email=dom, org=org)
                self.chat(a, prof="office", p_act=.75, rate=self.lognorm(14, .6), ip=gw, ip_mode=0, mix=self.mix_dev,
                          ua="py" if rng.random() < .3 else "browser")
                made += 1
            n_se -= k
        # --- offices behind one NAT (some on a company card, some on personal cards)
        n_of = budget(.07)
        while n_of > 0:
            g = gid("office")
            ri = self.region()
            k = min(n_of, heavy_tail(60, 1.3, 3))
            office = self.pool(self.asn_ips(REGIONS[ri][3], int(rng.integers(1, 3)), one_block=True))
            company_card = self.card() if rng.random() < .5 else None
            org = "org_" + self.hexid(8) if rng.random() < .4 else ""
            dom = corp_domain() if rng.random() < .7 else None
            for _ in range(k):
                a = self.new_account("office_nat", g, "dev", ri, pay=company_card, email=dom, org=org)
                self.chat(a, prof="office", p_act=.6, rate=self.lognorm(10, .6), ip=office, ip_mode=0, mix=self.mix_dev)
                made += 1
            n_of -= k
        # --- households sharing a card and a home address
        n_fa = budget(.05)
        while n_fa > 0:
            g = gid("family")
            ri = self.region()
            k = min(n_fa, int(rng.integers(2, 6)))
            card, home = self.card(), self.home_pool(ri, 3)
            for _ in range(k):
                a = self.new_account("family_card", g, "dev", ri, pay=card)
                self.chat(a, prof="evening", p_act=.35, rate=self.lognorm(5, .6), ip=home)
                made += 1
            n_fa -= k
        # --- campus and dorm users behind the university's NAT
        campus = sorted(self.campus)
        for _ in range(budget(.07)):
            uni = campus[int(rng.integers(len(campus)))]
            ri, ips = self.campus[uni]
            a = self.new_account("campus", "campus-%d" % uni, "free" if rng.random() < .7 else "dev", ri,
                                 email=UNI_DOMAINS[uni] if rng.random() < .7 else None)
            self.chat(a, prof="evening", p_act=.45, rate=self.lognorm(6, .7), ip=ips, ip_mode=0)
            made += 1
        # --- mobile users behind their carrier's CGNAT
        cg = sorted(self.cgnat)
        for _ in range(budget(.10)):
            w = np.array([REGIONS[r][2] for r, _ in cg])
            key = cg[int(rng.choice(len(cg), p=w / w.sum()))]
            a = self.new_account("carrier_mobile", "cgnat-%s-%d" % (REGIONS[key[0]][0], key[1]),
                                 "free" if rng.random() < .6 else "dev", key[0])
            self.chat(a, p_act=.35, rate=self.lognorm(4, .6), ip=self.cgnat[key], ip_mode=0, ua="mobile", ip_miss=.03)
            made += 1
        # --- commercial VPN users (and a few on Tor)
        for _ in range(budget(.04)):
            ri = self.region()
            vp = int(rng.integers(len(self.vpn_providers)))
            tor = rng.random() < .06
            ips = self.tor_pool if tor else self.vpn_providers[vp]
            a = self.new_account("vpn_privacy", "tor-exits" if tor else "vpn-exit-%d" % vp, "dev" if rng.random() < .5 else "free", ri,
                                 email="proton.me" if rng.random() < .5 else None)
            self.chat(a, p_act=.4, rate=self.lognorm(5, .7), ip=ips, ip_mode=0)
            made += 1
        # --- solo developers: some chat, and their own app's calls from a cloud box
        self.indie = []
        for _ in range(budget(.06)):
            ri = self.region()
            a = self.new_account("indie_dev", "", "dev" if rng.random() < .75 else "team", ri)
            home = self.home_pool(ri)
            self.chat(a, prof="human", p_act=.5, rate=self.lognorm(8, .5), ip=home, mix=self.mix_dev, ua="py",
                      fr_s=self.FR_DEVCHAT[0], fr_n=self.FR_DEVCHAT[1])
            if rng.random() < .6:
                box = self.pool(self.cloud_ips(1))
                fs = self.frpool(self.ds_frames(1))
                self.add("machine", a, prof=self.prof("diurnal_app"), p_act=.7, rate=self.lognorm(30, .8), shape=1.5,
                         sess=3.0, gap=20.0, ip_s=box[0], ip_n=box[1], ip_mode=0, fr_s=fs[0], fr_n=fs[1],
                         sl_lo=self.SL_TEXT[0], sl_hi=self.SL_TEXT[1], mix=self.mix_app,
                         ua_s=self.UA["node"][0], ua_n=2, tok_mu=5.0)
            self.indie.append(a)
            made += 1
        # --- hobbyists fill the rest (some sign up inside the window, some never call)
        self.viral_pool = [a for a, x in enumerate(self.acc) if x["cohort"] in
                           ("carrier_mobile", "campus", "vpn_privacy", "office_nat", "indie_dev", "family_card", "grant_sponsored")]
        while made < NB:
            ri = self.region()
            inside = rng.random() < .12
            cr = rng.random() * self.D * DAY * .9 if inside else None
            a = self.new_account("hobbyist", "", "free" if rng.random() < .7 else "dev", ri, created=cr)
            if rng.random() > .07:
                self.chat(a, prof="human" if rng.random() < .6 else "evening", p_act=min(.9, self.lognorm(.3, .5)),
                          rate=self.lognorm(3.5, .6), ip=self.home_pool(ri), ua="browser" if rng.random() < .6 else "mobile",
                          ua_miss=.05 if rng.random() < .1 else .005, tok_miss=.3 if rng.random() < .1 else .02)
            self.viral_pool.append(a)
            made += 1
        # --- the viral prompt: thousands of unrelated accounts paste it within a day or two, then it fades
        self.viral_day = int(self.D * .3)
        vp = np.array(self.viral_pool)
        takers = vp[rng.random(len(vp)) < .22]
        known = {}
        for name in ("machine", "chat"):
            for aa, kw in self.rows.get(name, []):
                if kw.get("ip_n", 0) > 0:
                    known[aa] = (kw["ip_s"], kw["ip_n"])
        for a in takers.tolist():
            ip = known.get(a) or self.home_pool(self.acc[a]["ri"])
            self.add("viral", a, t0=self.viral_day * DAY + 6 * 3600, t1=(self.viral_day + 2) * DAY, p_act=.8,
                     rate=1.8, shape=3.0, prof=self.prof("human"), sess=2.0, gap=50.0, ip_s=ip[0], ip_n=ip[1], ip_mode=1,
                     fr_s=self.FR_VIRAL[0], fr_n=self.FR_VIRAL[1], sl_lo=self.SL_TEXT[0], sl_hi=self.SL_TEXT[1],
                     mix=self.mix_chat, ua_s=self.UA["mobile"][0], ua_n=4, tok_mu=5.4)
            self.add("viral_tail", a, t0=(self.viral_day + 2) * DAY, t1=(self.viral_day + 6) * DAY, p_act=.1,
                     rate=1.2, shape=3.0, prof=self.prof("human"), sess=2.0, gap=50.0, ip_s=ip[0], ip_n=ip[1], ip_mode=1,
                     fr_s=self.FR_VIRAL[0], fr_n=self.FR_VIRAL[1], sl_lo=self.SL_TEXT[0], sl_hi=self.SL_TEXT[1],
                     mix=self.mix_chat, ua_s=self.UA["mobile"][0], ua_n=4, tok_mu=5.4)
        self.viral_takers = len(takers)
        assert made == NB, (made, NB)

    # ================================================================ rings
    def plan_rings(self, R, mode):
        rng = self.rng
        small_kinds = [k for k in RING_KINDS if k != "hydra_reseller"]

        def fill(total, lo, hi):
            out, rem = [], total
            while rem > 0:
                if rem <= hi:
                    if rem >= lo or not out:
                        out.append(rem)
                    else:
                        for i in range(rem):
                            out[i % len(out)] += 1
                    rem = 0
                else:
                    s = int(rng.integers(lo, min(hi, rem - lo) + 1))
                    out.append(s)
                    rem -= s
            return out

        def kinds_for(sizes, pool):
            order = list(pool)
            out = []
            for i, _ in enumerate(sizes):
                if i % len(order) == 0:
                    order = [order[j] for j in rng.permutation(len(order))]
                out.append(order[i % len(order)])
            return out

        plan = []
        if R == 0:
            return plan
        if mode == "small":
            sz = fill(R, 3, 15)
            plan += list(zip(kinds_for(sz, small_kinds), sz))
        elif mode == "mixed":
            large = int(round(.2 * R)) if R >= 100 else 0
            medium = int(round(.3 * R)) if R >= 40 else 0
            if large:
                lz = fill(large, 61, 400)
                lk = ["wide_thin"] + kinds_for(lz[1:], ["resi_rewriter", "hydra_reseller", "trial_swarm"])
                plan += list(zip(lk, lz))
            if medium:
                mz = fill(medium, 16, 60)
                mk = ["hydra_reseller"] + kinds_for(mz[1:], [k for k in small_kinds if k not in ("skill_splitter",)])
                plan += list(zip(mk, mz))
            sz = fill(R - large - medium, 3, 15)
            plan += list(zip(kinds_for(sz, small_kinds), sz))
        elif mode == "hydra":
            h = int(round(.6 * R)) if R >= 20 else 0
            w = int(round(.15 * R)) if R >= 40 else 0
            if h:
                plan.append(("hydra_reseller", h))
            if w:
                plan.append(("wide_thin", w))
            sz = fill(R - h - w, 3, 15)
            plan += list(zip(kinds_for(sz, [k for k in small_kinds if k != "wide_thin"]), sz))
        else:
            raise ValueError(mode)
        assert sum(s for _, s in plan) == R
        return plan

    def rings_build(self, plan):
        self.leak_checks = []
        for i, (kind, size) in enumerate(plan):
            rid = "R%03d" % (i + 1)
            self.groups[rid] = {}
            info = dict(ring_id=rid, kind=kind, size=size, sophistication=RING_KINDS[kind][0],
                        signals_kept=RING_KINDS[kind][1], evasions=RING_KINDS[kind][2])
            extra = getattr(self, "ring_" + kind)(rid, size) or {}
            info.update(extra)
            self.rings.append(info)

    def racc(self, kind, rid, plan, ri, role="", **kw):
        return self.new_account(kind, rid, plan, ri, ring_id=rid, soph=RING_KINDS[kind][0], role=role, **kw)

    def slot_range(self, width):
        lo, hi = self.slot_pair
        s = int(self.rng.integers(lo, hi - width))
        return s, s + width

    def hv(self, a, rid, **kw):
        d = dict(ring=1, mix=self.mix_flag, tok_mu=6.2, tok_sig=.5)
        d.update(kw)
        self.add("ring", a, **d)

    def ring_card_pool_farm(self, rid, n):
        rng = self.rng
        ri = self.region()
        cards = [self.card() for _ in range(int(rng.integers(1, 3)))]
        burst = (rng.random() * .25 * self.D - 10) * DAY
        block = self.pool(self.dc_ips(int(rng.integers(6, 20))))
        fs = self.frpool(self.ds_frames(1)[:4])
        sl = self.slot_range(8000)
        for j in range(n):
            a = self.racc("card_pool_farm", rid, "dev", ri, pay=cards[j % len(cards)], created=burst + rng.random() * 3600,
                          email="gmail.com", nkeys=1)
            self.hv(a, rid, prof=self.prof("flat"), p_act=.95, rate=float(rng.uniform(600, 850)), shape=20.0, sess=300.0,
                    gap=2.3, regular=1, ip_s=block[0], ip_n=block[1], ip_mode=0, fr_s=fs[0], fr_n=fs[1], sl_lo=sl[0],
                    sl_hi=sl[1], mix=self.mix_deep, ua_s=self.UA["raw"][0], ua_n=1, ua_miss=0.0, tok_mu=6.4)
        return {"cards": len(cards), "signup_burst_utc": str(START + pd.Timedelta(seconds=burst))}

    def ring_trial_swarm(self, rid, n):
        rng = self.rng
        ri = self.region()
        burst = rng.random() * .5 * self.D * DAY
        ips = self.pool(self.dc_ips(int(rng.integers(5, 15))) + self.tor_ips(int(rng.integers(5, 20))))
        fs = self.frpool(self.ds_frames(1)[:2])
        sl = self.slot_range(4000)
        for j in range(n):
            a = self.racc("trial_swarm", rid, "free", ri, created=burst + rng.random() * 3600,
                          email=DISPOSABLE[int(rng.integers(len(DISPOSABLE)))], nkeys=1)
            self.hv(a, rid, prof=self.prof("flat"), p_act=.95, rate=float(rng.uniform(45, 70)), shape=20.0, sess=60.0,
                    gap=16.0, regular=1, ip_s=ips[0], ip_n=ips[1], ip_mode=0, fr_s=fs[0], fr_n=fs[1], sl_lo=sl[0],
                    sl_hi=sl[1], ua_s=self.UA["raw"][0] + 1, ua_n=1, ua_miss=0.0)
        return {"signup_burst_utc": str(START + pd.Timedelta(seconds=burst))}

    def ring_cloud_hopper(self, rid, n):
        rng = self.rng
        wr = self.wrappers(3)
        fs = self.frpool(self.wrapped(wr, self.ds_frames(int(rng.integers(2, 4))), 12))
        sl = self.slot_range(15000)
        ri = self.region()
        for j in range(n):
            a = self.racc("cloud_hopper", rid, "dev" if rng.random() < .6 else "team", ri,
                          created=-float(rng.uniform(10, 200)) * DAY)
            ips = self.pool(self.cloud_ips(1, ["amazon"]) + self.cloud_ips(1, ["google"]) + self.cloud_ips(1, ["digitalocean", "linode", "oracle"]))
            self.hv(a, rid, prof=self.prof("workday_machine"), p_act=.85, rate=float(rng.uniform(250, 450)), shape=6.0,
                    sess=60.0, gap=5.0, ip_s=ips[0], ip_n=ips[1], ip_mode=1, ip_epoch=2.0, fr_s=fs[0], fr_n=fs[1],
                    sl_lo=sl[0], sl_hi=sl[1], ua_s=self.UA["py"][0], ua_n=3)

    def ring_reasoning_siphon(self, rid, n):
        rng = self.rng
        math = [d for d in ("math_qa", "math_dataset", "aqua_rat", "numer_sense", "qasc", "ai2_arc") if d in self.ps_by_ds]
        base = [f for d in math for f in self.ps_by_ds[d]]
        wr = self.wrappers(4)
        fs = self.frpool(self.wrapped(wr, base, 16))
        sl = self.slot_range(12000)
        ips = self.pool(self.cloud_ips(int(rng.integers(2, 4))))
        ri = self.region()
        card = None
        for j in range(n):
            if j % 2 == 0:
                card = self.card()
            a = self.racc("reasoning_siphon", rid, "team", ri, pay=card, created=-float(rng.uniform(5, 90)) * DAY)
            self.hv(a, rid, prof=self.prof("night"), p_act=.9, rate=float(rng.uniform(150, 350)), shape=6.0, sess=100.0,
                    gap=4.0, ip_s=ips[0], ip_n=ips[1], ip_mode=0, fr_s=fs[0], fr_n=fs[1], sl_lo=sl[0], sl_hi=sl[1],
                    mix=self.mix_deep, ua_s=self.UA["py"][0], ua_n=1, tok_mu=6.6)

    def ring_shell_company(self, rid, n):
        rng = self.rng
        ri = self.region()
        dom = "%s-%s.com" % (CORP_WORDS[int(rng.integers(len(CORP_WORDS)))], CORP_SUFFIX[int(rng.integers(len(CORP_SUFFIX)))])
        org, inv = "org_" + self.hexid(8), self.invoice()
        office = self.asn_ips(REGIONS[ri][3], 1, one_block=True)
        ips = self.pool(office * 3 + self.cloud_ips(2))
        fs = self.frpool(self.wrapped(self.wrappers(6, "corp"), self.ds_frames(3), 20))
        sl = self.slot_range(20000)
        for j in range(n):
            a = self.racc("shell_company", rid, "growth" if j == 0 else "team", ri, pay=inv, email=dom, org=org,
                          created=-float(rng.uniform(20, 120)) * DAY)
            self.hv(a, rid, prof=self.prof("office"), p_act=.8, rate=float(rng.uniform(250, 700)), shape=5.0, sess=80.0,
                    gap=6.0, ip_s=ips[0], ip_n=ips[1], ip_mode=0, fr_s=fs[0], fr_n=fs[1], sl_lo=sl[0], sl_hi=sl[1],
                    ua_s=self.UA["py"][0], ua_n=2)
            self.chat(a, prof="office", p_act=.3, rate=3.0, ip=(ips[0], 1), ip_mode=0, ring=1)
        return {"org_id": org, "email_domain": dom}

    def ring_leaked_key(self, rid, n):
        """Works through API keys leaked by otherwise ordinary accounts (keys pasted in public repositories).

        Rule: a victim account is labelled is_ring only when more than half of its logged requests in the window are
        the ring's; the others stay benign (role key_victim_minority). The generator checks the rule after the limits."""
        rng = self.rng
        vps = self.pool(self.dc_ips(int(rng.integers(3, 6))))
        fs = self.frpool(self.ds_frames(2))
        sl = self.slot_range(15000)
        L0 = float(rng.uniform(.15, .45)) * self.D * DAY
        L1 = min(self.D * DAY, L0 + max(7, .4 * self.D) * DAY)
        ring_kw = dict(prof=self.prof("flat"), shape=8.0, sess=60.0, gap=6.0, regular=1, ip_s=vps[0], ip_n=vps[1],
                       ip_mode=0, fr_s=fs[0], fr_n=fs[1], sl_lo=sl[0], sl_hi=sl[1], key_mode=2, key_fix=0,
                       ua_s=self.UA["raw"][0], ua_n=1, ua_miss=0.0)
        for j in range(n):
            ri = self.region()
            a = self.racc("leaked_key", rid, "dev" if rng.random() < .7 else "team", ri, role="key_victim_majority",
                          created=-float(rng.uniform(60, 700)) * DAY, nkeys=int(rng.integers(1, 3)))
            self.chat(a, p_act=.35, rate=self.lognorm(4, .4), ip=self.home_pool(ri), mix=self.mix_dev, ua="py")
            self.hv(a, rid, t0=L0, t1=L1, p_act=.95, rate=float(rng.uniform(90, 200)), **ring_kw)
            self.leak_checks.append((a, True))
        # victims whose key the ring tried for a day only: most of their traffic stays their own
        cands = [a for a in self.indie if self.acc[a]["created"] < 0 and self.acc[a]["plan"] != "free"
                 and not self.acc[a]["role"]]
        k = min(len(cands), int(rng.integers(1, 4)))
        for a in sorted(rng.choice(len(cands), size=k, replace=False).tolist()) if k else []:
            v = cands[a]
            self.acc[v]["role"] = "key_victim_minority"
            self.chat(v, p_act=.9, rate=12.0, ip=self.home_pool(self.acc[v]["ri"]), mix=self.mix_dev, ua="py")
            self.hv(v, rid, t0=L0, t1=L0 + DAY, p_act=1.0, rate=12.0, **ring_kw)
            self.leak_checks.append((v, False))
        return {"leak_window_utc": [str(START + pd.Timedelta(seconds=L0)), str(START + pd.Timedelta(seconds=L1))],
                "minority_victims": k, "label_rule": "is_ring iff > 50% of the account's logged requests are the ring's"}

    def ring_resi_rewriter(self, rid, n):
        rng = self.rng
        prov = int(rng.integers(len(self.proxy_pools)))
        base = self.ds_frames(3)
        sl = self.slot_range(30000)
        used = set()
        for j in range(n):
            ri = self.region()
            wr = self.wrappers(3, unique_from=used)
            used |= set(wr)
            fs = self.frpool(self.wrapped(wr, base, 6))
            a = self.racc("resi_rewriter", rid, "dev", ri, created=-float(rng.uniform(20, 300)) * DAY,
                          email=["gmail.com", "outlook.com", "proton.me", "yahoo.com"][int(rng.integers(4))])
            ips = self.proxy_slice(prov, 300)
            self.hv(a, rid, prof=self.prof("human"), p_act=.8, rate=float(rng.uniform(40, 90)), sess=6.0, gap=45.0,
                    ip_s=ips[0], ip_n=ips[1], ip_mode=2, fr_s=fs[0], fr_n=fs[1], sl_lo=sl[0], sl_hi=sl[1],
                    ua_s=self.UA["browser"][0], ua_n=4, mix=self.mix_chat)
            self.chat(a, p_act=.5, rate=6.0, ip=ips, ip_mode=2, ring=1)
        return {"proxy_provider": prov}

    def ring_aged_bought(self, rid, n):
        rng = self.rng
        base = self.ds_frames(2)
        sl = self.slot_range(20000)
        switch = float(rng.uniform(.2, .4)) * self.D * DAY
        used = set()
        for j in range(n):
            ri = self.region()
            a = self.racc("aged_bought", rid, "dev", ri, created=-float(rng.uniform(365, 1100)) * DAY)
            home = self.home_pool(ri)
            wr = self.wrappers(2, unique_from=used)
            used |= set(wr)
            fs = self.frpool(self.wrapped(wr, base, 4))
            self.chat(a, p_act=.4, rate=self.lognorm(5, .4), ip=home, ring=1)
            self.hv(a, rid, t0=switch, prof=self.prof("human"), p_act=.85, rate=float(rng.uniform(80, 200)), sess=15.0,
                    gap=25.0, ip_s=home[0], ip_n=home[1], ip_mode=1, fr_s=fs[0], fr_n=fs[1], sl_lo=sl[0], sl_hi=sl[1],
                    ua_s=self.UA["browser"][0], ua_n=4)
        return {"harvest_starts_utc": str(START + pd.Timedelta(seconds=switch))}

    def ring_skill_splitter(self, rid, n):
        rng = self.rng
        prov = int(rng.integers(len(self.proxy_pools)))
        w = np.full(24, .02)
        for h in rng.choice(24, size=3, replace=False):
            w[h] = 1.0
        prof = self.add_profile(w, 1.0)                 # one scheduler, UTC, for every account
        names = [d for d in self.ps_ds_names if len(self.ps_by_ds[d]) >= 2]
        pick = rng.choice(len(names), size=min(n, len(names)), replace=False)
        sl = self.slot_range(30000)
        for j in range(n):
            ds = names[pick[j % len(pick)]]
            fs = self.frpool(self.ps_by_ds[ds])
            ri = self.region()
            a = self.racc("skill_splitter", rid, "dev", ri, created=-float(rng.uniform(15, 200)) * DAY, role="skill:" + ds)
            ips = self.proxy_slice(prov, 200)
            self.hv(a, rid, prof=prof, tz=0.0, p_act=.9, rate=float(rng.uniform(100, 200)), shape=6.0, sess=50.0,
                    gap=8.0, regular=1, ip_s=ips[0], ip_n=ips[1], ip_mode=2, fr_s=fs[0], fr_n=fs[1], sl_lo=sl[0],
                    sl_hi=sl[1], ua_s=self.UA["py"][0], ua_n=3)

    def ring_hydra_reseller(self, rid, n):
        rng = self.rng
        prov = int(rng.integers(len(self.proxy_pools)))
        base = self.ds_frames(min(6, len(self.ps_ds_names)))
        made, clusters = 0, 0
        while made < n:
            k = min(n - made, int(rng.integers(15, 61)))
            if n - made - k < 15:
                k = n - made
            clusters += 1
            gw = self.cloud_ips(2, one_block=True)
            fs = self.frpool(self.wrapped(self.wrappers(20), base, 40))
            sl = self.slot_range(20000)
            bday = float(rng.uniform(-60, .6 * self.D)) * DAY
            uak = ["node", "py", "raw"][int(rng.integers(3))]
            shared = None
            for j in range(k):
                ri = self.region()
                cr = bday + float(rng.uniform(0, 2)) * DAY
                banned = rng.random() < .25
                t1 = cr + float(rng.uniform(5, 15)) * DAY if banned and cr > 0 else self.D * DAY
                if rng.random() < .15:
                    if shared is None or rng.random() < .3:
                        shared = self.card()
                    pay = shared
                else:
                    pay = self.card()
                a = self.racc("hydra_reseller", rid, "dev", ri, pay=pay, created=cr, role="cluster%02d" % clusters,
                              email=["gmail.com", "outlook.com", "yahoo.com", "hotmail.com"][int(rng.integers(4))], nkeys=3)
                ips = self.pool(gw * 3 + self.proxy_pools[prov][int(rng.integers(0, len(self.proxy_pools[prov]) - 5)):][:4])
                common = dict(t1=t1, prof=self.prof("diurnal_app"), tz=0.0, p_act=.9, sess=6.0, gap=20.0, ip_s=ips[0],
                              ip_n=ips[1], ip_mode=0, key_mode=1, ua_s=self.UA[uak][0], ua_n=self.UA[uak][1])
                self.hv(a, rid, rate=float(rng.uniform(10, 30)), fr_s=fs[0], fr_n=fs[1], sl_lo=sl[0], sl_hi=sl[1], **common)
                self.add("ring", a, ring=1, rate=float(rng.uniform(12, 30)), fr_s=self.FR_CHAT[0], fr_n=self.FR_CHAT[1],
                         sl_lo=self.SL_TEXT[0], sl_hi=self.SL_TEXT[1], mix=self.mix_chat, tok_mu=5.6, **common)
                made += 1
        return {"clusters": clusters}

    def ring_wide_thin(self, rid, n):
        rng = self.rng
        prov = int(rng.integers(len(self.proxy_pools)))
        base = self.ds_frames(2)
        sl = self.slot_range(30000)
        used = set()
        cg = sorted(self.cgnat)
        for j in range(n):
            key = cg[int(rng.integers(len(cg)))]
            ri = key[0]
            wr = self.wrappers(1, unique_from=used) if j < 500 else self.wrappers(1)
            used |= set(wr)
            fs = self.frpool(self.wrapped(wr, base, 3))
            a = self.racc("wide_thin", rid, "free" if rng.random() < .6 else "dev", ri,
                          created=-float(rng.uniform(5, 180)) * DAY)
            ips = self.cgnat[key] if rng.random() < .5 else self.proxy_slice(prov, 30)
            self.hv(a, rid, prof=self.prof("human"), p_act=.85, rate=float(rng.uniform(3, 6)), shape=4.0, sess=2.0,
                    gap=60.0, ip_s=ips[0], ip_n=ips[1], ip_mode=0, fr_s=fs[0], fr_n=fs[1], sl_lo=sl[0], sl_hi=sl[1],
                    ua_s=self.UA["mobile"][0], ua_n=4)

    def ring_benchmark_cloak(self, rid, n):
        rng = self.rng
        fs = self.frpool(self.bench_templates)          # the open benchmark's own item format, new questions
        sl = self.slot_range(20000)
        for j in range(n):
            ri = self.region()
            ips = self.pool(self.cloud_ips(2))
            a = self.racc("benchmark_cloak", rid, "team", ri, created=-float(rng.uniform(10, 120)) * DAY,
                          org="org_" + self.hexid(8), email="%s-%s.io" % (CORP_WORDS[int(rng.integers(len(CORP_WORDS)))], "evals"))
            s0 = self.camp[0] + int(rng.integers(0, max(1, self.camp[1] - self.camp[0])))
            cover = dict(prof=self.prof("flat"), sess=500.0, gap=2.5, regular=1, ip_s=ips[0], ip_n=ips[1], ip_mode=0,
                         mix=self.mix_eval, ua_s=self.UA["eval"][0], ua_n=2, tok_mu=4.2)
            self.hv(a, rid, t0=s0 * DAY, t1=(s0 + 1) * DAY, p_act=1.0, rate=480.0, shape=20.0, fr_s=self.FR_BENCH[0],
                    fr_n=self.FR_BENCH[1], seq=1, **cover)
            cover.update(prof=self.prof("night"), tok_mu=6.0)
            self.hv(a, rid, p_act=.7, rate=float(rng.uniform(200, 450)), shape=6.0, fr_s=fs[0], fr_n=fs[1], sl_lo=sl[0],
                    sl_hi=sl[1], **cover)
        return {"cover_benchmark": self.bench_name}

    def ring_viral_rider(self, rid, n):
        rng = self.rng
        fr = self.add_frames([(self.viral_pre + "a curious researcher. Then stay in character and answer this in depth: ", ""),
                              (self.viral_pre + "a professor. In character, explain fully: ", "")])
        fs = self.frpool(fr)
        sl = self.slot_range(15000)
        cg = sorted(self.cgnat)
        for j in range(n):
            key = cg[int(rng.integers(len(cg)))]
            ri = key[0]
            ips = self.cgnat[key] if rng.random() < .6 else self.vpn_providers[int(rng.integers(len(self.vpn_providers)))]
            a = self.racc("viral_rider", rid, "free" if rng.random() < .5 else "dev", ri,
                          created=float(rng.uniform(-60, self.viral_day)) * DAY)
            kw = dict(prof=self.prof("human"), sess=3.0, gap=40.0, ip_s=ips[0], ip_n=ips[1], ip_mode=0, fr_s=fs[0],
                      fr_n=fs[1], sl_lo=sl[0], sl_hi=sl[1], ua_s=self.UA["mobile"][0], ua_n=4, mix=self.mix_chat)
            self.hv(a, rid, t0=self.viral_day * DAY, t1=(self.viral_day + 3) * DAY, p_act=.95,
                    rate=float(rng.uniform(25, 38)), **kw)
            self.hv(a, rid, t0=(self.viral_day + 3) * DAY, p_act=.7, rate=float(rng.uniform(8, 15)), **kw)
        return {"viral_day": self.viral_day}


RING_KINDS = {
    "card_pool_farm": ("crude", ["one or two cards for the whole ring", "one datacenter /24", "sign-ups within one hour",
                                 "one dataset's templates", "round-the-clock machine pacing near the dev daily limit"],
                       ["volume split over accounts, each under its limit"]),
    "trial_swarm": ("crude", ["free plan", "disposable e-mail domains", "sign-ups within one hour", "datacenter block and Tor exits",
                              "draws past the free limit (refused, not logged)", "one template pair"],
                    ["no payment method at all"]),
    "cloud_hopper": ("mid", ["three shared wrappers over templates", "cloud addresses only", "workday-shaped machine pacing",
                             "hundreds a day per account"],
                     ["own card per account", "three cloud providers per account, rotated every two days",
                      "accounts signed up weeks to months apart"]),
    "reasoning_siphon": ("mid", ["pairs share a card", "2-3 shared cloud addresses", "hx-4-deep almost only",
                                 "chain-of-thought wrappers over math templates", "night batches"],
                         ["team plan, far from team limits"]),
    "shell_company": ("mid", ["one invoice, one org, one corporate domain", "office address + cloud", "templated corporate wrappers",
                              "hundreds to a thousand a day per seat"],
                      ["fronts as a company with seats (looks like seat_invoice)", "office-hours schedule", "a little ordinary chat"]),
    "leaked_key": ("mid", ["traffic on one leaked key per account", "3-5 VPS addresses", "python-requests", "flat machine pacing"],
                   ["rides ordinary accounts' history, cards and sign-up dates", "only part of the window",
                    "some victims used for a day only (stay benign by the >50% rule)"]),
    "resi_rewriter": ("careful", ["template families (per-account rewording)", "residential proxy provider's pool"],
                      ["per-account reworded wrappers", "residential proxies per session", "mixes ordinary chat",
                       "human schedule in its claimed zone", "far under limits (40-90 a day)", "own card, spread sign-ups"]),
    "aged_bought": ("careful", ["harvest templates after a switch day"],
                    ["accounts bought, 1-3 years old", "ordinary chat before and during", "home-ISP addresses in the owner's country",
                     "per-account rewording", "human schedule"]),
    "skill_splitter": ("careful", ["sessions start in the same three UTC hours (one scheduler)", "one proxy provider"],
                       ["each account harvests a different dataset (no shared template)", "own cards", "spread sign-ups"]),
    "hydra_reseller": ("careful", ["clusters share two gateway addresses", "cluster sign-up batches", "some card batches"],
                       ["hundreds of accounts at 20-60 a day each", "resold customers' ordinary chat mixed in",
                        "banned accounts replaced by new batches", "keys rotated per request", "20 wrappers per cluster"]),
    "wide_thin": ("careful", ["template family from two datasets", "3-6 requests a day each"],
                  ["hundreds of accounts", "carrier CGNAT pools shared with benign users or proxies", "per-account wrappers",
                   "mobile app user agent", "mostly free plan"]),
    "benchmark_cloak": ("careful", ["the open benchmark's own templates with novel questions", "night batches"],
                        ["runs the public benchmark in the campaign week like the eval organisations",
                         "fake lab orgs, one per account", "eval-harness user agent", "own cards and cloud addresses"]),
    "viral_rider": ("careful", ["the viral prompt's prefix with harvest payloads", "continues after the wave"],
                    ["starts inside the viral wave that thousands of benign accounts paste",
                     "carrier CGNAT and VPN exits shared with benign users", "free plan and low volume"]),
}


# ================================================================ output

def _iso(ms: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(ms.astype("datetime64[ms]"), unit="ms")


def _offset_str(minutes: int) -> str:
    if minutes == 0:
        return "Z"
    sign = "+" if minutes > 0 else "-"
    m = abs(int(minutes))
    return "%s%02d:%02d" % (sign, m // 60, m % 60)


def write_world(w: World, out: Path, fmt: str, minimal: bool, t_start: float, argv_params: dict):
    rng = w.rng
    N = len(w.acc)
    # account ids: random, unique, in no cohort order
    raw = []
    seen = set()
    while len(raw) < N:
        for x in rng.integers(0, 36 ** 9, size=N).tolist():
            if x not in seen:
                seen.add(x)
                raw.append(x)
                if len(raw) == N:
                    break
    alpha = "0123456789abcdefghijklmnopqrstuvwxyz"

    def b36(x):
        s = ""
        for _ in range(9):
            x, r = divmod(x, 36)
            s = alpha[r] + s
        return s
    ids = np.array(["ha_" + b36(x) for x in raw], dtype=object)
    ev = w.ev
    E = len(ev["ms"])
    start_ms = int(START.value // 1_000_000)
    ts = ev["ms"] + start_ms
    acct = ev["acct"]
    # ring share per account and the leaked-key rule
    n_ev = np.bincount(acct, minlength=N)
    n_ring = np.bincount(acct, weights=ev["ring"].astype(float), minlength=N)
    share = np.where(n_ev > 0, n_ring / np.maximum(n_ev, 1), np.nan)
    for a, majority in w.leak_checks:
        if majority and not share[a] > .5:
            raise RuntimeError("leaked-key victim %d designed majority but ring share %.3f" % (a, share[a]))
        if not majority and not share[a] <= .5:
            raise RuntimeError("leaked-key victim %d designed minority but ring share %.3f" % (a, share[a]))
    out.mkdir(parents=True, exist_ok=True)
    for f in ("events.parquet", "events.csv"):
        if (out / f).exists():
            (out / f).unlink()
    # ---- accounts and truth
    created = [pd.Timestamp(START.value + int(np.floor(x["created"])) * 1_000_000_000, tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
               for x in w.acc]
    acc = pd.DataFrame({"account_id": ids, "created_at": created, "payment_method": [x["pay"] for x in w.acc],
                        "email_domain": [x["email"] for x in w.acc], "country": [x["country"] for x in w.acc],
                        "org_id": [x["org"] for x in w.acc], "plan": [x["plan"] for x in w.acc]})
    order = np.argsort(ids.astype(str), kind="stable")
    acc = acc.iloc[order]
    if minimal:
        acc = acc[["account_id", "payment_method"]]
    acc.to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    truth = pd.DataFrame({
        "account_id": ids, "is_ring": ["true" if x["ring_id"] else "false" for x in w.acc],
        "ring_id": [x["ring_id"] for x in w.acc], "cohort": [x["cohort"] for x in w.acc],
        "group_id": [x["group"] for x in w.acc], "tier": [x["plan"] for x in w.acc],
        "sophistication": [x["soph"] for x in w.acc], "role": [x["role"] for x in w.acc],
        "ring_request_share": ["" if np.isnan(v) else "%.4f" % v for v in share]}).iloc[order]
    truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    # ---- events, in chunks
    ids_pa = pa.array(ids.tolist(), pa.string())
    pay_pa = pa.array([x["pay"] or None for x in w.acc], pa.string())
    ip_pa = pa.array(w.ips, pa.string())
    ua_pa = pa.array(w.ua, pa.string())
    key_pa = pa.array(w.keys, pa.string())
    model_pa = pa.array(MODELS, pa.string())
    pre_pa, suf_pa, slot_pa = pa.array(w.pre, pa.string()), pa.array(w.suf, pa.string()), pa.array(w.slots, pa.string())
    tz = np.array([x["tz"] if x["csv_local"] else 0 for x in w.acc], np.int64)
    offs = sorted(set(tz.tolist()))
    off_pa = pa.array([_offset_str(o) for o in offs], pa.string())
    off_idx = np.searchsorted(np.array(offs), tz)
    cols = ["account_id", "timestamp", "ip", "payment_method", "prompt", "user_agent", "output_tokens", "api_key_id", "model"]
    if minimal:
        cols = cols[:5]
    writer = None
    CH = 500_000
    sha = None
    for s0 in range(0, E, CH):
        sl = slice(s0, min(E, s0 + CH))
        a = pa.array(acct[sl])
        data = {"account_id": ids_pa.take(a)}
        if fmt == "parquet":
            data["timestamp"] = pa.array(ts[sl], pa.timestamp("ms", tz="UTC"))
        else:
            loc = _iso(ts[sl] + tz[acct[sl]] * 60000).astype(object)
            data["timestamp"] = pc.binary_join_element_wise(pa.array(loc, pa.string()),
                                                            off_pa.take(pa.array(off_idx[acct[sl]])), "")
        ipi = ev["ip"][sl]
        data["ip"] = ip_pa.take(pa.array(ipi, mask=ipi < 0))
        data["payment_method"] = pay_pa.take(a)
        fr = pa.array(ev["frame"][sl])
        data["prompt"] = pc.binary_join_element_wise(pre_pa.take(fr), slot_pa.take(pa.array(ev["slot"][sl])), suf_pa.take(fr), "")
        if not minimal:
            u = ev["ua"][sl]
            data["user_agent"] = ua_pa.take(pa.array(u, mask=u < 0))
            tk = ev["tok"][sl]
            data["output_tokens"] = pa.array(tk, pa.int64(), mask=tk < 0)
            data["api_key_id"] = key_pa.take(pa.array(ev["key"][sl]))
            data["model"] = model_pa.take(pa.array(ev["model"][sl]))
        tab = pa.table({c: data[c] for c in cols})
        if fmt == "parquet":
            if writer is None:
                writer = pq.ParquetWriter(out / "events.parquet", tab.schema, compression="zstd")
            writer.write_table(tab, row_group_size=CH)
        else:
            if writer is None:
                writer = pacsv.CSVWriter(out / "events.csv", tab.schema,
                                         write_options=pacsv.WriteOptions(include_header=True, quoting_style="needed"))
            writer.write_table(tab)
    if writer is not None:
        writer.close()
    # ---- world.json
    cohorts = {}
    coh = np.array([x["cohort"] for x in w.acc], dtype=object)
    ev_per_acc = n_ev
    for c in sorted(set(coh.tolist())):
        m = coh == c
        grp = {x["group"] for x, mm in zip(w.acc, m) if mm and x["group"]}
        cohorts[c] = {"kind": "ring" if c in RING_KINDS else "benign", "accounts": int(m.sum()),
                      "events": int(ev_per_acc[m].sum()), "groups": len(grp)}
    ring_acc = sum(1 for x in w.acc if x["ring_id"])
    benign_group = sum(1 for x in w.acc if not x["ring_id"] and x["cohort"] in GROUP_COHORTS)
    benign_groups = len({x["group"] for x in w.acc if not x["ring_id"] and x["cohort"] in GROUP_COHORTS})
    meta = {
        "world": "world30", "platform": {"name": PLATFORM, "daily_limits": DAILY, "minute_limits": MINUTE, "models": MODELS,
                                         "model_release": {"hx-4.1": str(START + pd.Timedelta(days=RELEASE_DAY))},
                                         "regions": {r[0]: _offset_str(r[1]) for r in REGIONS}},
        "params": argv_params,
        "counts": {"accounts": N, "events": int(E), "ring_accounts": ring_acc, "rings": len(w.rings),
                   "benign_group_accounts": benign_group, "benign_groups": benign_groups,
                   "accounts_without_events": int((n_ev == 0).sum()), "requests_drawn": int(w.requests_drawn),
                   "refused_requests_not_logged": int(w.refused), "retry_duplicates_drawn": int(w.n_retry),
                   "ring_events": int(n_ring.sum()), "viral_takers": int(w.viral_takers),
                   "unique_ips": int(len(np.unique(ev["ip"][ev["ip"] >= 0]))), "api_keys": len(w.keys),
                   "leaked_key_minority_victims": sum(1 for _, m in w.leak_checks if not m)},
        "calendar": {"viral_prompt_day": w.viral_day, "public_eval_campaign_days": list(w.camp),
                     "benchmark": w.bench_name},
        "cohorts": cohorts,
        "rings": w.rings,
        "reference_data": {"root": "shared/data", "files": dict(sorted(w.ref.files.items()))},
        "generator_sha256": sha256_file(Path(__file__)),
        "generation_seconds": round(time.time() - t_start, 1),
    }
    (out / "world.json").write_text(json.dumps(meta, indent=1, sort_keys=False) + "\n")
    return meta


GROUP_COHORTS = {"family_card", "office_nat", "seat_invoice", "saas_byok", "classroom", "eval_lab", "public_eval",
                 "synth_data", "tutoring_app", "agent_swarm", "grant_sponsored", "router_gateway", "seat_migration"}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--ring-share", type=float, required=True)
    ap.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], required=True)
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--minimal", action="store_true")
    ap.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    ap.add_argument("--out", required=True)
    ap.add_argument("--data", default=os.environ.get("GRAPHHUNT_SHARED_DATA"))
    a = ap.parse_args(argv)
    t0 = time.time()
    if a.days < 3:
        ap.error("--days must be at least 3")
    here = Path(__file__).resolve().parents[1]
    data = Path(a.data) if a.data else next((p for p in (here.parent / "shared" / "data", Path("/work/shared/data"))
                                              if (p / "prompts").exists()), here.parent / "shared" / "data")
    ref = Ref(data).load()
    w = World(a, ref)
    R = int(round(a.ring_share * a.accounts))
    w.build_prompts()
    w.infra()
    plan = w.plan_rings(R, a.ring_sizes)
    w.benign(a.accounts - R)
    w.rings_build(plan)
    w.flush_rows()
    w.generate()
    params = {"accounts": a.accounts, "seed": a.seed, "ring_share": a.ring_share, "ring_sizes": a.ring_sizes,
              "days": a.days, "minimal": a.minimal, "format": a.format, "start": str(START.isoformat())}
    meta = write_world(w, Path(a.out), a.format, a.minimal, t0, params)
    print(json.dumps({"out": a.out, **{k: meta["counts"][k] for k in ("accounts", "events", "ring_accounts", "rings")},
                      "seconds": meta["generation_seconds"]}))


if __name__ == "__main__":
    main()
