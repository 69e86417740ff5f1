#!/usr/bin/env python3
"""world12: an independent synthetic world of an LLM API platform, for testing ring detectors.

Written from the README's input contract and the shared reference data only, without reading the
detector (see docs/WORLD12.md). Four weeks of API requests of N accounts on a platform with a limit of
1,000 requests per account and UTC day: many benign groups that share networks, cards, templates,
clients or schedules for innocent reasons, and a minority of "distillation" rings of eight kinds with
different infrastructures and evasions. Everything is drawn from one ``numpy.random.Generator`` seeded by
``--seed``; loops run over lists in fixed order, so the same command writes byte-identical files.

    python benchmarks/world12.py --accounts 20000 --seed 1 --ring-share 0.003 --ring-sizes small --out DIR

writes DIR/events.parquet, DIR/accounts.csv, DIR/truth.csv and DIR/world.json. The shared data is read at
run time from $WORLD12_SHARED_DATA (default /work/shared/data) and never copied.
"""
from __future__ import annotations

import argparse
import glob
import gzip
import json
import os
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

DAYS = 28
DAY = 86400
T0 = int(pd.Timestamp("2026-03-02T00:00:00Z").timestamp())  # a Monday
LIMIT = 1000  # requests per account and UTC day; the platform answers 429 beyond it (not logged)
MODELS = ["atlas-3-mini", "atlas-3", "atlas-3-pro", "atlas-3-think"]

# ----------------------------------------------------------------------------------------------- shared data


class Shared:
    """The shared reference data, read at run time."""

    def __init__(self, root: Path, rng: np.random.Generator):
        self.root = root
        ap = pd.read_csv(root / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str, keep_default_na=False)
        ap = ap[ap["type"] != "IMAGE"]
        pr = [re.sub(r"\s+", " ", p).strip() for p in ap["prompt"]]
        # people paste the prompt; very long ones are cut where the paste box would stop caring
        self.awesome = [p if len(p) < 500 else p[:500].rsplit(" ", 1)[0] for p in pr]
        words = re.findall(r"[A-Za-z][A-Za-z'\-]{1,14}", " ".join(pr[:600]))
        self.words = np.array(words)
        self.templates = self._templates()
        self._ips(rng)

    # ---- promptsource templates: the prompt side of each (before |||), split at its slots
    def _templates(self) -> list[dict]:
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class Ld(base):  # noqa: D401 - custom !Template tags read as plain mappings
            pass

        Ld.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_mapping(node, deep=True))
        out = []
        files = sorted(glob.glob(str(self.root / "prompts" / "promptsource-templates" / "**" / "templates.yaml"),
                                 recursive=True))
        for f in files:
            ds = Path(f).parent.relative_to(self.root / "prompts" / "promptsource-templates").as_posix()
            with open(f, encoding="utf-8") as fh:
                d = yaml.load(fh, Loader=Ld)
            for tid in sorted((d or {}).get("templates") or {}):
                t = d["templates"][tid]
                jinja = str(t.get("jinja") or "").split("|||")[0]
                jinja = re.sub(r"\{%.*?%\}", "", jinja, flags=re.S)
                choices = str(t.get("answer_choices") or "")
                parts = re.split(r"\{\{.*?\}\}", jinja, flags=re.S)
                exprs = re.findall(r"\{\{(.*?)\}\}", jinja, flags=re.S)
                if not exprs or sum(len(p.strip()) for p in parts) < 25:
                    continue
                fills = [(" / ".join(c.strip() for c in choices.split("|||")) if "answer_choices" in e else None)
                         for e in exprs]
                out.append({"dataset": ds, "name": str(t.get("name")), "parts": [re.sub(r"[ \t]+", " ", p) for p in parts],
                            "fills": fills})
        return out

    # ---- IP ranges
    def _ips(self, rng):
        root = self.root / "ip"
        names = json.load(gzip.open(root / "pyasn" / "asnames.json.gz", "rt", encoding="utf-8"))
        tab = pd.read_csv(root / "pyasn" / "ipasn_20140513.dat.gz", sep="\t", comment=";", header=None,
                          names=["prefix", "asn"], dtype={"prefix": str, "asn": np.int64})
        pl = tab["prefix"].str.split("/", expand=True)
        tab["plen"] = pl[1].astype(int)
        tab = tab[(tab["plen"] >= 14) & (tab["plen"] <= 24)].copy()
        tab["name"] = tab["asn"].astype(str).map(names).fillna("")
        nm = tab["name"].str.lower()

        def pick(keys, exclude=()):
            m = np.zeros(len(tab), bool)
            for k in keys:
                m |= nm.str.contains(k, regex=False).to_numpy()
            for k in exclude:
                m &= ~nm.str.contains(k, regex=False).to_numpy()
            sub = tab[m]
            return _cidr_arrays(sub["prefix"].tolist()), sub["asn"].to_numpy(), sub["name"].tolist()

        self.isp = {
            "US": pick(["comcast cable", "charter comm", "cox comm", "verizon online", "at&t internet"]),
            "DE": pick(["deutsche telekom", "vodafone gmbh", "telefonica germany"]),
            "GB": pick(["british telecom", "sky uk", "virgin media", "talktalk"]),
            "FR": pick(["orange s.a", "free sas", "sfr "]),
            "IN": pick(["bharti", "bsnl", "atria convergence"]),
            "BR": pick(["telemar", "net servicos", "vivo"]),
            "JP": pick(["kddi", "ntt communications", "softbank"]),
            "CA": pick(["rogers", "bell canada", "shaw comm"]),
        }
        self.isp = {k: v for k, v in self.isp.items() if len(v[1])}
        self.carriers = {
            "verizon_wireless": pick(["verizon wireless"]),
            "tmobile_pl": pick(["t-mobile polska"]),
            "jio": pick(["reliance jio"]),
            "vodafone_de": pick(["vodafone gmbh"]),
        }
        self.carriers = {k: v for k, v in self.carriers.items() if len(v[1])}
        self.university = pick(["university", "college"], exclude=["press"])
        self.business = pick(["level 3", "cogent", "zayo", "lumen", "colt tech", "windstream"])
        self.vpn = _cidr_arrays(_read_lines(root / "vpn" / "x4b_vpn_ipv4.txt"))
        self.datacenter = _cidr_arrays(_read_lines(root / "vpn" / "x4b_datacenter_ipv4.txt"))
        self.cloud = {p: _cidr_arrays(_read_lines(root / "cloud" / p / "ipv4_merged.txt"))
                      for p in ["amazon", "google", "microsoft", "digitalocean", "linode", "oracle"]
                      if (root / "cloud" / p / "ipv4_merged.txt").exists()}
        self.tor = _read_lines(root / "tor" / "tor-exit-nodes.lst")


def _read_lines(p: Path) -> list[str]:
    with open(p, encoding="utf-8") as f:
        return [ln.split("#")[0].strip() for ln in f if ln.strip() and not ln.startswith("#") and ":" not in ln]


def _cidr_arrays(cidrs: list[str]):
    base, size = [], []
    for c in cidrs:
        if "/" not in c:
            c = c + "/32"
        a, n = c.split("/")
        o = [int(x) for x in a.split(".")]
        if len(o) != 4:
            continue
        n = int(n)
        if n < 8:
            continue
        base.append((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3])
        size.append(1 << (32 - n))
    return np.array(base, np.int64), np.array(size, np.int64)


def v4(x) -> list[str]:
    x = np.asarray(x, np.int64)
    a, b, c, d = (x >> 24) & 255, (x >> 16) & 255, (x >> 8) & 255, x & 255
    return [f"{i}.{j}.{k}.{m}" for i, j, k, m in zip(a.tolist(), b.tolist(), c.tolist(), d.tolist())]


def draw_v4(rng, ranges, n, weights=None, subnet24=False):
    """n addresses inside the given CIDR ranges (a host, not the network/broadcast of a /24)."""
    if isinstance(ranges, tuple) and len(ranges) == 3:
        ranges = ranges[0]
    base, size = ranges
    i = rng.choice(len(base), n, p=weights)
    off = (rng.random(n) * size[i]).astype(np.int64)
    ip = base[i] + off
    ip = (ip & ~np.int64(255)) | rng.integers(2, 254, n)
    if subnet24:
        return ip & ~np.int64(255)
    return ip


V6_CARRIER = {"tmobile_us": "2607:fb90", "verizon_wireless": "2600:1007", "jio": "2409:4042", "vodafone_de": "2a02:3032"}
V6_HOME = {"US": "2601:0", "DE": "2003:e6", "GB": "2a00:23c5", "FR": "2a01:cb00"}

# ----------------------------------------------------------------------------------------------- vocab

UAS_HUMAN = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/134.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Mobile Safari/537.36",
]
UAS_SDK = [
    "atlas-python/2.14.0", "atlas-python/2.15.1", "atlas-python/2.16.0", "atlas-node/1.9.3", "atlas-node/1.10.0",
    "atlas-go/0.8.2", "python-requests/2.32.3", "curl/8.5.0", "langchain-atlas/0.3.4", "llamaindex/0.12.9",
    "httpx/0.28.1", "aiohttp/3.11.11", "OkHttp/4.12.0",
]
UA_HEADLESS = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 "
               "Safari/537.36")
WEBMAIL = ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me", "gmx.de", "qq.com",
           "yandex.ru", "mail.ru", "web.de", "live.com", "aol.com", "naver.com"]
COUNTRY_W = {"US": 0.34, "IN": 0.1, "DE": 0.08, "GB": 0.08, "FR": 0.05, "BR": 0.06, "JP": 0.05, "CA": 0.05,
             "PL": 0.03, "NL": 0.03, "KR": 0.03, "ES": 0.03, "SG": 0.02, "CN": 0.02, "RU": 0.03}
TZ = {"US": -6, "IN": 5, "DE": 1, "GB": 0, "FR": 1, "BR": -3, "JP": 9, "CA": -5, "PL": 1, "NL": 1, "KR": 9, "ES": 1,
      "SG": 8, "CN": 8, "RU": 3}
TOPICS = ["a REST API", "my resume", "a birthday speech", "SQL joins", "a cover letter", "sourdough bread",
          "quarterly OKRs", "React hooks", "a Python traceback", "tax deductions", "a wedding toast", "Kubernetes pods",
          "photosynthesis", "the French revolution", "a marketing email", "unit tests", "a haiku", "my essay intro",
          "a budget spreadsheet", "regex for emails", "a bash script", "pandas groupby", "a lesson plan",
          "customer complaint reply", "a product description", "Rust lifetimes", "a travel itinerary to Lisbon",
          "a D&D campaign", "interview questions", "an Excel formula", "gift ideas", "a LinkedIn post"]
ASKS = ["Can you help me with {}?", "Rewrite {} so it sounds more professional.", "What's wrong with {}?",
        "Explain {} like I'm new to it.", "Give me three ideas for {}.", "Make {} shorter.", "fix {} pls",
        "How do I improve {}?", "Translate {} into Spanish.", "Summarize {} in two sentences.",
        "Is there a better way to do {}?", "write {} for me"]
COT = {  # ways to ask for the reasoning, by ring style
    "en": ["Think step by step and show all of your reasoning before the final answer.",
           "Explain your reasoning in detail, then give the final answer on its own line.",
           "Work through this carefully, writing out every intermediate step.",
           "Before answering, reason it out fully; then state the answer."],
    "multi": ["Piensa paso a paso y explica tu razonamiento antes de responder.",
              "Denke Schritt für Schritt und erkläre deine Überlegungen ausführlich.",
              "Réfléchis étape par étape et détaille ton raisonnement avant de répondre.",
              "请一步一步地思考，并在给出答案前写出完整的推理过程。",
              "Pense passo a passo e mostre todo o raciocínio antes da resposta.",
              "ステップごとに考えて、理由を詳しく説明してから答えてください。",
              "Think step by step and show all of your reasoning before the final answer."],
    "json": ["Return JSON with keys \"rationale\" (a thorough explanation) and \"answer\".",
             "Output a JSON object: {\"analysis\": <detailed reasoning>, \"final\": <answer>}.",
             "Respond as JSON with a long \"thoughts\" field followed by \"label\"."],
    "code": ["Write the complete solution with comments, then explain why it is correct and its complexity.",
             "Give a full implementation and reason through edge cases before writing the code.",
             "Explain your approach first, then the code, then walk through a test case."],
}
PARA_PREFIX = ["", "Task: ", "Please do the following. ", "Instruction - ", "Q: ", "Hi! ", "Request: ",
               "Here's one: ", "Next item. ", "[job] ", "Help me with this. ", "Quick one: "]
PARA_SWAPS = [("following", "below"), ("article", "text"), ("question", "query"), ("Answer", "Respond to"),
              ("passage", "paragraph"), ("What", "Which"), ("sentence", "line"), ("Given", "Considering"),
              ("review", "comment"), ("best", "most fitting"), ("the ", "this "), ("Is ", "Would you say ")]
SYSTEM_NOTES = {  # fixed prefixes of products that wrap users' prompts (benign)
    "byok": "You are a helpful desktop assistant. Keep answers concise and use markdown. User message: ",
    "translation": "Translate the following segment from {src} to {dst}. Preserve tags like <b></b> and placeholders "
                   "like {{0}}. Segment: ",
    "agency": "Write 5 ad headlines (max 30 characters) and 3 descriptions (max 90 characters) for this product. "
              "Brand voice: {voice}. Product: ",
    "gateway": "",
}

# ----------------------------------------------------------------------------------------------- the world


class World:
    def __init__(self, n_accounts, seed, ring_share, ring_sizes, shared: Shared, rng):
        self.N, self.seed, self.share, self.mode = n_accounts, seed, ring_share, ring_sizes
        self.S, self.rng = shared, rng
        self.acc = []  # per account dicts (filled in order of index)
        self.ev = []   # chunks
        self.ip_strings: dict[str, int] = {}
        self.ip_list: list[str] = []
        self.ua_list: list[str] = []
        self.ua_idx: dict[str, int] = {}
        self.card_n = 0
        self.groups = {}
        self.rings = []
        self.cohort_info = {}

    # ---- small helpers
    def new_card(self, kind="card"):
        self.card_n += 1
        h = self.rng.integers(0, 2**40)
        return f"pm_{kind[:2]}{h:010x}"

    def ua(self, s):
        if s not in self.ua_idx:
            self.ua_idx[s] = len(self.ua_list)
            self.ua_list.append(s)
        return self.ua_idx[s]

    def ip_ids(self, strs):
        out = np.empty(len(strs), np.int64)
        d, lst = self.ip_strings, self.ip_list
        for i, s in enumerate(strs):
            j = d.get(s)
            if j is None:
                j = len(lst)
                d[s] = j
                lst.append(s)
            out[i] = j
        return out

    def country(self, n=None):
        k = list(COUNTRY_W)
        p = np.array(list(COUNTRY_W.values()))
        return self.rng.choice(k, n, p=p / p.sum())

    def add_account(self, cohort, group, variant="", ring_id="", created=None, card=None, domain=None,
                    country=None, org=""):
        rng = self.rng
        if created is None:  # sign-ups over two years, more of them recently
            created = T0 - int(730 * DAY * rng.random() ** 1.6) - int(rng.integers(0, DAY))
        country = country or str(self.country())
        a = {"idx": len(self.acc), "cohort": cohort, "group": group, "variant": variant, "ring": ring_id,
             "created": int(created), "card": card if card is not None else self.new_card(),
             "domain": domain or str(rng.choice(WEBMAIL)), "country": country, "org": org,
             "keys": [f"key_{rng.integers(0, 2**36):09x}" for _ in range(1 + int(rng.random() < 0.25))]}
        self.acc.append(a)
        return a["idx"]

    # ---- activity: which account sends how many requests on which day
    def activity(self, accs, rate, p_active, weekday_only=False, first=0, last=DAYS, jitter=0.6):
        """Per account median requests per active day ``rate`` (array) and daily activity probability."""
        rng = self.rng
        accs = np.asarray(accs)
        n = len(accs)
        rate = np.broadcast_to(np.asarray(rate, float), (n,))
        p_active = np.broadcast_to(np.asarray(p_active, float), (n,))
        first = np.broadcast_to(np.asarray(first), (n,))
        last = np.broadcast_to(np.asarray(last), (n,))
        days = np.arange(DAYS)
        act = rng.random((n, DAYS)) < p_active[:, None]
        if weekday_only is True:
            wk = (days % 7) < 5
            act &= (wk[None, :] | (rng.random((n, DAYS)) < 0.12))
        act &= (days[None, :] >= first[:, None]) & (days[None, :] < last[:, None])
        lam = rate[:, None] * np.exp(jitter * rng.standard_normal((n, DAYS)))
        cnt = np.where(act, rng.poisson(lam), 0)
        cnt = np.minimum(cnt, LIMIT + 40)  # a client may overshoot; the platform cuts at LIMIT
        ai, di = np.nonzero(cnt)
        c = cnt[ai, di]
        return np.repeat(accs[ai], c), np.repeat(di, c), np.repeat(ai, c)

    def times(self, ev_acc, ev_day, pattern, tz=None, hours=None, ev_local=None):
        """Timestamps (epoch s) of events on the given UTC days with a pattern of the day."""
        rng = self.rng
        n = len(ev_acc)
        base = T0 + ev_day.astype(np.int64) * DAY
        if pattern == "human" or pattern == "office":
            # sessions: every (account, day) has 1-3 sessions at diurnal local hours, requests cluster in them
            key = ev_acc.astype(np.int64) * 64 + ev_day
            u, inv = np.unique(key, return_inverse=True)
            ns = len(u)
            if pattern == "office":
                h = np.clip(rng.normal(13.0, 2.6, (ns, 3)), 7.5, 19)
            else:
                mix = rng.random((ns, 3))
                h = np.where(mix < 0.55, rng.normal(14.5, 3.2, (ns, 3)), rng.normal(21.0, 1.8, (ns, 3))) % 24
            s = rng.integers(0, 3, n)
            hh = h[inv, s]
            off = rng.exponential(900.0, n) + rng.random(n) * 300
            tzo = np.zeros(n) if tz is None else tz
            t = base + ((hh - tzo) * 3600).astype(np.int64) + off.astype(np.int64)
        elif pattern == "machine":  # round the clock, evenly spread with small jitter
            order = np.lexsort((rng.random(n), ev_day, ev_acc))
            ea, ed = ev_acc[order], ev_day[order]
            key = ea.astype(np.int64) * 64 + ed
            _, start, cnt = np.unique(key, return_index=True, return_counts=True)
            pos = np.arange(n) - np.repeat(start, cnt)
            step = DAY / np.repeat(cnt, cnt)
            ph = np.repeat(rng.random(len(cnt)), cnt)
            tt = np.empty(n, np.int64)
            tt[order] = (T0 + ed.astype(np.int64) * DAY + ((pos + ph) * step + rng.normal(0, 4, n)).astype(np.int64))
            t = tt
        elif pattern == "scheduled":  # a job scheduler fires at fixed UTC hours, runs for up to ~40 min
            hrs = np.asarray(hours)
            h = hrs[rng.integers(0, len(hrs), n)]
            t = base + h * 3600 + rng.integers(0, 2400, n) + rng.integers(0, 60, n)
        elif pattern == "uniform":
            t = base + rng.integers(0, DAY, n)
        else:
            raise ValueError(pattern)
        return np.clip(t, T0, T0 + DAYS * DAY - 1)

    def emit(self, acc, t, ip, prompts, ua, tok, model):
        n = len(acc)
        assert len(t) == n and len(ip) == n and len(prompts) == n and len(ua) == n
        self.ev.append((np.asarray(acc, np.int64), np.asarray(t, np.int64), np.asarray(ip, np.int64),
                        pa.array(list(prompts), pa.string()), np.asarray(ua, np.int64), np.asarray(tok, np.int64),
                        np.broadcast_to(np.asarray(model, np.int64), (n,)).copy()))

    # ---- prompts
    def slot_text(self, n, lo=8, hi=60):
        rng = self.rng
        W = self.S.words
        ln = rng.integers(lo, hi, n)
        st = rng.integers(0, len(W) - hi, n)
        return [" ".join(W[s:s + k]) for s, k in zip(st.tolist(), ln.tolist())]

    def casual(self, n, p_awesome=0.35, p_cot=0.02):
        rng = self.rng
        A = self.S.awesome
        # popularity of public prompts is skewed: a few are pasted by many people
        ai = np.minimum((rng.pareto(1.1, n) * 25).astype(int), len(A) - 1)
        perm = np.random.default_rng(12345).permutation(len(A))  # fixed popularity order, independent of seed
        kind = rng.random(n)
        top = rng.integers(0, len(TOPICS), n)
        ask = rng.integers(0, len(ASKS), n)
        tail = self.slot_text(n, 3, 25)
        cot = rng.random(n) < p_cot
        out = []
        for i in range(n):
            if kind[i] < p_awesome:
                s = A[perm[ai[i]]]
            elif kind[i] < p_awesome + 0.35:
                s = ASKS[ask[i]].format(TOPICS[top[i]]) + " " + tail[i]
            else:
                s = tail[i].capitalize() + "?"
            if cot[i]:
                s += " Can you go step by step?"
            out.append(s)
        return out

    def templated(self, n, tids, cot=None, p_cot=0.0, para=None, acc_of=None):
        """Prompts rendered from promptsource templates ``tids`` (list of indices), slots filled with text;
        ``para`` maps an account to its paraphrase (prefix, swaps) and ``cot`` is a list of reasoning requests."""
        rng = self.rng
        T = self.S.templates
        tsel = np.asarray(tids)[rng.integers(0, len(tids), n)]
        fills = self.slot_text(n * 2, 8, 45)
        cots = rng.random(n) < p_cot
        ci = rng.integers(0, max(1, len(cot or [1])), n)
        out = []
        for i in range(n):
            t = T[tsel[i]]
            parts, fl = t["parts"], t["fills"]
            buf = [parts[0]]
            for j, f in enumerate(fl):
                buf.append(f if f is not None else fills[2 * i + (j & 1)])
                buf.append(parts[j + 1])
            s = "".join(buf).strip()
            if para is not None:
                pre, swaps = para[acc_of[i]]
                for a, b in swaps:
                    s = s.replace(a, b)
                s = pre + s
            if cots[i]:
                s = s + "\n" + cot[ci[i]]
            out.append(s)
        return out

    def paraphrases(self, accs):
        rng = self.rng
        res = {}
        for a in accs:
            k = int(rng.integers(2, 6))
            sw = [PARA_SWAPS[j] for j in sorted(rng.choice(len(PARA_SWAPS), k, replace=False))]
            res[int(a)] = (PARA_PREFIX[int(rng.integers(0, len(PARA_PREFIX)))], sw)
        return res

    def pick_templates(self, k, datasets=None):
        T = self.S.templates
        idx = np.arange(len(T))
        if datasets:
            m = np.array([any(t["dataset"].startswith(d) for d in datasets) for t in T])
            if m.sum() >= k:
                idx = idx[m]
        return [int(x) for x in self.rng.choice(idx, min(k, len(idx)), replace=False)]

    def tokens(self, n, median, sigma=0.7, lo=1, hi=8192):
        return np.clip((median * np.exp(sigma * self.rng.standard_normal(n))).astype(np.int64), lo, hi)


# ----------------------------------------------------------------------------------------------- ring sizes


def ring_sizes(total: int, mode: str, rng: np.random.Generator) -> list[int]:
    """Sizes of the rings for ``total`` ring accounts: small 3-15; mixed one or two farms of 50-300 plus small
    rings; hydra one ring of 1,000-3,000 plus small rings. Sums to ``total`` exactly (when total >= 3)."""
    sizes: list[int] = []
    rest = total
    if mode == "hydra" and rest >= 1000:
        big = int(min(3000, max(1000, round(rest * rng.uniform(0.75, 0.92)))))
        big = min(big, rest if rest - big >= 3 or rest == big else rest - 3)
        if rest - big in (1, 2):
            big = rest
        sizes.append(big)
        rest -= big
    elif mode == "mixed" and rest >= 50:
        nfarm = 2 if rest >= 160 and rng.random() < 0.5 else 1
        for _ in range(nfarm):
            cap = min(300, rest - 3 * (rest >= 53))
            if cap < 50:
                break
            f = int(rng.integers(50, min(300, int(cap * 0.7) if cap * 0.7 >= 50 else cap) + 1))
            if rest - f in (1, 2):
                f = f - 3 + (rest - f) if f - 3 + (rest - f) >= 50 else f + (rest - f)
            sizes.append(f)
            rest -= f
    while rest > 0:
        if rest <= 15:
            s = rest
        else:
            s = int(rng.integers(3, 16))
            if rest - s in (1, 2):
                s -= 3
        if s < 3:  # fewer than three left: give them to rings that can still grow
            for i in range(len(sizes) - 1, -1, -1):
                lim = 15 if sizes[i] <= 15 else (300 if sizes[i] <= 300 else 3000)
                take = min(lim - sizes[i], s)
                sizes[i] += take
                s -= take
                if not s:
                    break
            rest = 0
            break
        sizes.append(s)
        rest -= s
    return sizes


# ----------------------------------------------------------------------------------------------- benign cohorts


def build_benign(w: World, n_benign: int):
    rng, S = w.rng, w.S
    frac = {"office": 0.13, "mobile": 0.11, "campus": 0.08, "household": 0.10, "vpn_user": 0.06, "heavy_app": 0.0015,
            "hackathon": 0.015, "agency_clients": 0.006, "eval_team": 0.0015, "byok_relay": 0.04,
            "secure_gateway": 0.03, "translation_pool": 0.01, "coworking": 0.015}
    quota = {k: int(round(v * n_benign)) for k, v in frac.items()}
    start = len(w.acc)

    def human_events(accs, rate, p_act, tzs, ipfun, uas, tokmed=260, p_aw=0.35, pattern="human", weekday=False,
                     p_cot=0.02, prompt_fun=None, model_p=(0.35, 0.5, 0.12, 0.03)):
        accs = np.asarray(accs)
        if not len(accs):
            return
        ea, ed, ei = w.activity(accs, rate, p_act, weekday_only=weekday)
        if not len(ea):
            return
        t = w.times(ea, ed, pattern, tz=np.asarray(tzs)[ei])
        ips = ipfun(ea, ei, t)
        pr = prompt_fun(ea, ei) if prompt_fun else w.casual(len(ea), p_awesome=p_aw, p_cot=p_cot)
        u = np.asarray(uas)[ei]
        mp = np.asarray(model_p, float)
        w.emit(ea, t, ips, pr, u, w.tokens(len(ea), tokmed, 0.8), rng.choice(len(MODELS), len(ea), p=mp / mp.sum()))

    def per_account_ua(n, sdk_share=0.3):
        return np.array([w.ua(str(rng.choice(UAS_SDK if rng.random() < sdk_share else UAS_HUMAN))) for _ in range(n)])

    # ---- offices: small (3-25) and large (60-400) companies behind their NAT
    left = quota["office"]
    k = 0
    while left >= 3:
        big = left >= 120 and rng.random() < 0.12
        size = int(min(left, rng.integers(60, 401) if big else rng.integers(3, 26)))
        if left - size < 3:
            size = left
        ctry = str(w.country())
        corp = rng.random() < (0.55 if not big else 0.35)
        org = f"org_{rng.integers(0, 16**8):08x}" if rng.random() < (0.22 if not big else 0.45) else ""
        dom = f"{''.join(rng.choice(list('abcdefghijklmnoprstuvw'), int(rng.integers(4, 9))))}" \
              f"{rng.choice(['.com', '.io', '.co', '.de', '.net', '.ai'])}"
        card = w.new_card("corp") if corp else None
        g = f"office_{'large' if big else 'small'}_{k}"
        accs = [w.add_account("office_large" if big else "office_small", g, "corp_card" if corp else "own_cards",
                              card=card if corp else None, domain=dom if rng.random() < 0.85 else None,
                              country=ctry, org=org) for _ in range(size)]
        nat = draw_v4(rng, S.business if len(S.business[1]) else S.isp["US"], 1)[0]
        nip = 1 if not big else int(rng.integers(4, 17))
        nat_ips = w.ip_ids(v4((nat & ~np.int64(255)) + rng.choice(np.arange(2, 250), nip, replace=False)))
        # a third of office requests come from people working at home (own ISP address)
        homes = w.ip_ids(v4(draw_v4(rng, S.isp.get(ctry, S.isp["US"]), size)))
        tz = TZ.get(ctry, 0) + rng.normal(0, 0.3, size)
        sdk = rng.random() < 0.3  # an internal tool on the SDK

        def ipf(ea, ei, t, nat_ips=nat_ips, homes=homes):
            home = rng.random(len(ea)) < 0.3
            return np.where(home, homes[ei], nat_ips[rng.integers(0, len(nat_ips), len(ea))])
        uas = per_account_ua(size, 0.8 if sdk else 0.2)
        human_events(accs, rng.lognormal(np.log(3), 0.8, size), rng.uniform(0.2, 0.7, size), tz, ipf, uas,
                     pattern="office", weekday=True, tokmed=320)
        w.groups[g] = {"cohort": "office_large" if big else "office_small", "size": size, "corporate_card": corp,
                       "org_id": bool(org), "nat_ips": int(nip)}
        left -= size
        k += 1

    # ---- mobile carrier CGNAT (IPv4 pools) and IPv6 subscribers
    left = quota["mobile"]
    carriers = sorted(S.carriers)
    pools = {}
    for c in carriers:
        b24 = draw_v4(rng, S.carriers[c], int(rng.integers(6, 20)), subnet24=True)
        pools[c] = b24
    w.cohort_info["carrier_pools"] = {c: int(len(v)) for c, v in pools.items()}
    n4 = int(left * 0.6)
    for part, n_part in (("v4", n4), ("v6", left - n4)):
        cs = rng.choice(carriers, n_part)
        accs = [w.add_account("mobile_cgnat" if part == "v4" else "mobile_v6", f"carrier_{c}_{part}", c,
                              country={"verizon_wireless": "US", "tmobile_pl": "PL", "jio": "IN",
                                       "vodafone_de": "DE"}.get(c, "US")) for c in cs]
        tz = np.array([TZ.get(w.acc[a]["country"], 0) for a in accs], float)
        sub = rng.integers(0, 2**32, n_part)

        def ipf(ea, ei, t, cs=cs, sub=sub, part=part):
            if part == "v4":
                out = np.empty(len(ea), np.int64)
                for c in carriers:
                    m = cs[ei] == c
                    b = pools[c]
                    out[m] = b[rng.integers(0, len(b), m.sum())] + rng.integers(2, 254, m.sum())
                return w.ip_ids(v4(out))
            # a /64 per subscriber; the interface id changes (privacy addresses) every day or so
            pre = [V6_CARRIER.get(c, "2607:fb90") for c in cs[ei]]
            s = sub[ei]
            iid = (s * 2654435761 + (t // DAY)) % (2**32)
            return w.ip_ids([f"{p}:{(x >> 16) & 0xffff:x}:{x & 0xffff:x}:{(y >> 16) & 0x3fff:x}::{y & 0xffff:x}"
                             for p, x, y in zip(pre, s.tolist(), iid.tolist())])
        human_events(accs, rng.lognormal(np.log(3), 0.8, n_part), rng.uniform(0.1, 0.5, n_part), tz, ipf,
                     per_account_ua(n_part, 0.05), tokmed=210, p_aw=0.2)

    # ---- campuses: student NAT (crowd) and labs (3-12 people, lab subnet, sometimes a grant card)
    left = quota["campus"]
    ncamp = max(1, left // 250)
    per = left // ncamp
    for c in range(ncamp):
        n_c = per if c < ncamp - 1 else left - per * (ncamp - 1)
        net = draw_v4(rng, S.university, 1, subnet24=True)[0] & ~np.int64(0xFFFF)
        nat = net + np.int64(200 << 8) + rng.choice(np.arange(2, 250), int(rng.integers(8, 33)), replace=False)
        dom = str(rng.choice(["state.edu", "tech.edu", "uni-{}.de", "{}.ac.uk", "{}.edu.au", "{}.ac.jp"])).format(
            "".join(rng.choice(list("abcdefghiklmnoprstu"), 5)))
        ctry = {"de": "DE", "uk": "GB", "au": "US", "jp": "JP"}.get(dom.split(".")[-1], "US")
        nlab_acc = int(n_c * 0.12)
        students = [w.add_account("campus_student", f"campus_{c}", "student_nat", domain=dom if rng.random() < 0.7
                                  else None, country=ctry) for _ in range(n_c - nlab_acc)]
        nat_ids = w.ip_ids(v4(nat))
        homes = w.ip_ids(v4(draw_v4(rng, S.isp.get(ctry, S.isp["US"]), len(students))))

        def ipf(ea, ei, t, nat_ids=nat_ids, homes=homes):
            return np.where(rng.random(len(ea)) < 0.6, nat_ids[rng.integers(0, len(nat_ids), len(ea))], homes[ei])
        tz = np.full(len(students), TZ.get(ctry, 0), float)
        human_events(students, rng.lognormal(np.log(3), 0.8, len(students)), rng.uniform(0.1, 0.5, len(students)),
                     tz, ipf, per_account_ua(len(students), 0.15), tokmed=330, p_cot=0.05)
        left_lab, li = nlab_acc, 0
        while left_lab >= 3:
            size = int(min(left_lab, rng.integers(3, 13)))
            if left_lab - size < 3:
                size = left_lab
            grant = rng.random() < 0.4
            card = w.new_card("grant") if grant else None
            g = f"campus_{c}_lab_{li}"
            accs = [w.add_account("campus_lab", g, "grant_card" if grant else "own_cards", card=card, domain=dom,
                                  country=ctry) for _ in range(size)]
            lab_ips = w.ip_ids(v4(net + np.int64((int(rng.integers(1, 190))) << 8) + rng.integers(2, 254, 3)))
            tids = w.pick_templates(int(rng.integers(2, 6)))

            def pf(ea, ei, tids=tids):  # labs run small evaluation scripts over public datasets part of the time
                n = len(ea)
                m = rng.random(n) < 0.4
                cas = w.casual(n, 0.15, 0.05)
                tp = w.templated(int(m.sum()), tids, COT["en"], 0.3)
                it = iter(tp)
                return [next(it) if m[i] else cas[i] for i in range(n)]

            def ipf(ea, ei, t, lab_ips=lab_ips):
                return lab_ips[rng.integers(0, len(lab_ips), len(ea))]
            human_events(accs, rng.lognormal(np.log(6), 0.9, size), rng.uniform(0.3, 0.7, size),
                         np.full(size, TZ.get(ctry, 0), float), ipf, per_account_ua(size, 0.7), tokmed=420,
                         prompt_fun=pf, pattern="office")
            w.groups[g] = {"cohort": "campus_lab", "size": size, "grant_card": grant, "templates": len(tids)}
            left_lab -= size
            li += 1
        for a in range(left_lab):
            w.add_account("campus_student", f"campus_{c}", "student_nat", domain=dom, country=ctry)

    # ---- households: 2-5 people on one home line (dynamic address), some on a family card
    left, k = quota["household"], 0
    while left >= 2:
        size = int(min(left, rng.choice([2, 2, 3, 3, 4, 5])))
        if left - size == 1:
            size += 1
        ctry = str(w.country())
        fam = rng.random() < 0.4
        card = w.new_card("fam") if fam else None
        g = f"household_{k}"
        accs = [w.add_account("household", g, "family_card" if fam else "own_cards", card=card, country=ctry)
                for _ in range(size)]
        isp = S.isp.get(ctry, S.isp["US"])
        lease = w.ip_ids(v4(draw_v4(rng, isp, 4)))  # the ISP re-assigns the line's address about weekly
        v6 = rng.random() < 0.35 and ctry in V6_HOME

        def ipf(ea, ei, t, lease=lease, v6=v6, k=k, ctry=ctry):
            wk = np.minimum((t - T0) // (7 * DAY), 3)
            ip = lease[wk]
            if v6:
                m = rng.random(len(ea)) < 0.5
                ip6 = w.ip_ids([f"{V6_HOME[ctry]}:{(k * 7919) & 0xffff:x}:{k & 0xff:x}00::{int(e) * 37 & 0xffff:x}:1"
                                for e in ea[m]])
                ip = ip.copy()
                ip[m] = ip6
            return ip
        tz = np.full(size, TZ.get(ctry, 0), float)
        human_events(accs, rng.lognormal(np.log(3), 0.8, size), rng.uniform(0.1, 0.45, size), tz, ipf,
                     per_account_ua(size, 0.1), tokmed=240, p_aw=0.3)
        w.groups[g] = {"cohort": "household", "size": size, "family_card": fam}
        left -= size
        k += 1

    # ---- commercial VPN users: strangers on the same exits
    left = quota["vpn_user"]
    providers = []
    for pvd in range(3):
        exits = draw_v4(rng, S.vpn, int(rng.integers(40, 160)))
        providers.append(w.ip_ids(v4(exits)))
    pv = rng.integers(0, 3, left)
    accs = [w.add_account("vpn_user", f"vpn_provider_{p}", f"provider_{p}") for p in pv]
    tz = np.array([TZ.get(w.acc[a]["country"], 0) for a in accs], float)
    fav = rng.integers(0, 10**6, left)

    def ipf(ea, ei, t):
        out = np.empty(len(ea), np.int64)
        for p in range(3):
            m = pv[ei] == p
            ex = providers[p]
            # a user mostly connects to a favourite nearby server, and sometimes to others
            fv = ex[fav[ei[m]] % len(ex)]
            rnd = ex[rng.integers(0, len(ex), m.sum())]
            out[m] = np.where(rng.random(m.sum()) < 0.6, fv, rnd)
        return out
    human_events(accs, rng.lognormal(np.log(3), 0.9, left), rng.uniform(0.1, 0.5, left), tz, ipf,
                 per_account_ua(left, 0.25), tokmed=260)
    w.cohort_info["vpn_exits"] = [int(len(p)) for p in providers]

    # ---- heavy API apps: one company's product, 1-4 accounts, machine-timed traffic from its cloud
    left, k = quota["heavy_app"], 0
    while left >= 1:
        size = int(min(left, rng.integers(1, 5)))
        cloud = str(rng.choice(sorted(S.cloud)))
        ips = w.ip_ids(v4(draw_v4(rng, S.cloud[cloud], int(rng.integers(2, 9)))))
        card = w.new_card("corp")
        dom = f"{''.join(rng.choice(list('abcdefghijklmnoprstuvwxyz'), 6))}.app"
        g = f"heavy_app_{k}"
        org = f"org_{rng.integers(0, 16**8):08x}" if rng.random() < 0.5 else ""
        accs = [w.add_account("heavy_app", g, cloud, card=card, domain=dom, org=org) for _ in range(size)]
        tids = w.pick_templates(int(rng.integers(1, 3)), ["xsum", "cnn", "samsum", "amazon", "yelp", "app_reviews",
                                                             "ag_news", "emotion", "tweet"])
        ua = w.ua(str(rng.choice(UAS_SDK[:8])))
        ea, ed, ei = w.activity(accs, rng.uniform(40, 220, size), 0.97, jitter=0.25)
        t = w.times(ea, ed, "machine")
        w.emit(ea, t, ips[rng.integers(0, len(ips), len(ea))], w.templated(len(ea), tids), np.full(len(ea), ua),
               w.tokens(len(ea), float(rng.uniform(60, 300)), 0.5), int(rng.integers(0, 2)))
        w.groups[g] = {"cohort": "heavy_app", "size": size, "cloud": cloud}
        left -= size
        k += 1

    # ---- (own) hackathon: participants sign up within hours, venue Wi-Fi for two days, sponsor credits,
    #      the workshop's starter notebook (same templates and SDK); then everyone goes home
    left, k = quota["hackathon"], 0
    while left >= 8:
        size = int(min(left, rng.integers(15, 81)))
        if left - size < 8:
            size = left
        d0 = int(rng.integers(0, DAYS - 3))
        created0 = T0 + d0 * DAY + 9 * 3600
        credit = w.new_card("credit")  # the sponsor's promo credit pays for every participant
        ctry = str(w.country())
        g = f"hackathon_{k}"
        accs = [w.add_account("hackathon", g, "sponsor_credit", created=created0 + int(rng.integers(0, 6 * 3600)),
                              card=credit if rng.random() < 0.9 else None, country=ctry) for _ in range(size)]
        venue = w.ip_ids(v4(draw_v4(rng, S.business, 1) + np.arange(2)))
        homes = w.ip_ids(v4(draw_v4(rng, S.isp.get(ctry, S.isp["US"]), size)))
        tids = w.pick_templates(2)
        ua = w.ua("atlas-python/2.16.0")
        ea, ed, ei = w.activity(accs, rng.lognormal(np.log(60), 0.6, size), 0.95, first=d0, last=d0 + 2)
        t = w.times(ea, ed, "uniform")
        pr = w.templated(len(ea), tids, COT["en"], 0.1)
        w.emit(ea, t, venue[rng.integers(0, 2, len(ea))], pr, np.full(len(ea), ua), w.tokens(len(ea), 300), 1)
        sub = np.asarray(accs)[rng.random(size) < 0.35]  # a third keep playing afterwards, from home
        ea, ed, ei = w.activity(sub, 6, 0.3, first=d0 + 2)
        if len(ea):
            pos = {a: i for i, a in enumerate(accs)}
            t = w.times(ea, ed, "human", tz=np.full(len(ea), TZ.get(ctry, 0), float))
            w.emit(ea, t, homes[[pos[a] for a in ea]], w.casual(len(ea)), np.full(len(ea), ua),
                   w.tokens(len(ea), 280), 1)
        w.groups[g] = {"cohort": "hackathon", "size": size, "day": d0}
        left -= size
        k += 1
    for _ in range(left):
        w.add_account("individual", "individual", "leftover")

    # ---- (own) agency: one account per client, created by the agency, its server runs nightly batches at fixed
    #      hours; the agency's card; every client's own e-mail domain
    left, k = quota["agency_clients"], 0
    while left >= 4:
        size = int(min(left, rng.integers(6, 31)))
        if left - size < 4:
            size = left
        card = w.new_card("agency")
        g = f"agency_{k}"
        accs = [w.add_account("agency_clients", g, "client_accounts", card=card,
                              domain=f"{''.join(rng.choice(list('abcdefghijklmnoprstuvwxyz'), 7))}.com")
                for _ in range(size)]
        server = w.ip_ids(v4(draw_v4(rng, S.cloud.get("digitalocean", S.datacenter), 2)))
        hours = sorted(rng.choice(24, 3, replace=False).tolist())
        voice = rng.choice(["playful", "premium", "friendly", "bold"], size)
        ea, ed, ei = w.activity(accs, rng.lognormal(np.log(15), 0.7, size), 0.8, jitter=0.4)
        t = w.times(ea, ed, "scheduled", hours=hours)
        st = w.slot_text(len(ea), 10, 40)
        pr = [SYSTEM_NOTES["agency"].format(voice=voice[i]) + s for i, s in zip(ei, st)]
        w.emit(ea, t, server[rng.integers(0, 2, len(ea))], pr, np.full(len(ea), w.ua("atlas-node/1.10.0")),
               w.tokens(len(ea), 180, 0.4), 0)
        w.groups[g] = {"cohort": "agency_clients", "size": size, "hours": hours}
        left -= size
        k += 1

    # ---- (own) eval team: a small team benchmarking the model on public datasets with chain-of-thought for a few
    #      days before a release; cloud GPU box; one card; scripted
    left, k = quota["eval_team"], 0
    while left >= 2:
        size = int(min(left, rng.integers(2, 7)))
        if left - size < 2:
            size = left
        card = w.new_card("corp")
        dom = f"{''.join(rng.choice(list('abcdefghijklmnoprstuvwxyz'), 5))}labs.ai"
        g = f"eval_team_{k}"
        accs = [w.add_account("eval_team", g, "benchmark_runs", card=card, domain=dom) for _ in range(size)]
        box = w.ip_ids(v4(draw_v4(rng, S.cloud.get("google", S.datacenter), 2)))
        tids = w.pick_templates(int(rng.integers(6, 15)))
        d0 = int(rng.integers(0, DAYS - 5))
        ea, ed, ei = w.activity(accs, rng.uniform(150, 400, size), 0.9, first=d0, last=d0 + int(rng.integers(2, 6)))
        t = w.times(ea, ed, "machine")
        w.emit(ea, t, box[rng.integers(0, 2, len(ea))], w.templated(len(ea), tids, COT["en"][:1], 0.6),
               np.full(len(ea), w.ua("httpx/0.28.1")), w.tokens(len(ea), 500), 3)
        ea, ed, ei = w.activity(accs, 8, 0.5)  # and ordinary use the rest of the month
        t = w.times(ea, ed, "office", tz=np.zeros(len(ea)))
        w.emit(ea, t, box[np.zeros(len(ea), int)], w.casual(len(ea)), np.full(len(ea), w.ua(UAS_HUMAN[1])),
               w.tokens(len(ea), 300), 1)
        w.groups[g] = {"cohort": "eval_team", "size": size, "templates": len(tids), "day": d0}
        left -= size
        k += 1

    # ---- (own) BYOK relay: a popular desktop app relays its users' own keys through the vendor's relay servers:
    #      strangers share relay addresses, the app's system prompt and its user agent
    left = quota["byok_relay"]
    relay = w.ip_ids(v4(draw_v4(rng, S.cloud.get("amazon", S.datacenter), 6)))
    accs = [w.add_account("byok_relay", "byok_app", "relay") for _ in range(left)]
    tz = np.array([TZ.get(w.acc[a]["country"], 0) for a in accs], float)
    ua = w.ua("DeskPilot/3.2.1 (Electron 33.2.0)")

    def pf(ea, ei):
        return [SYSTEM_NOTES["byok"] + s for s in w.casual(len(ea), 0.25)]
    human_events(accs, rng.lognormal(np.log(3), 0.8, left), rng.uniform(0.1, 0.5, left), tz,
                 lambda ea, ei, t: relay[rng.integers(0, len(relay), len(ea))], np.full(left, ua), prompt_fun=pf)

    # ---- (own) secure web gateway: enterprises whose traffic leaves through one cloud security proxy's egress
    #      addresses (shared by many unrelated companies); inside a company, one card and one managed browser
    left, k = quota["secure_gateway"], 0
    egress = w.ip_ids(v4(draw_v4(rng, S.datacenter, 24)))
    while left >= 3:
        size = int(min(left, rng.integers(5, 60)))
        if left - size < 3:
            size = left
        ctry = str(w.country())
        card = w.new_card("corp") if rng.random() < 0.6 else None
        dom = f"{''.join(rng.choice(list('abcdefghijklmnoprstuvwxyz'), 6))}-corp.com"
        org = f"org_{rng.integers(0, 16**8):08x}" if rng.random() < 0.3 else ""
        g = f"secure_gateway_{k}"
        accs = [w.add_account("secure_gateway", g, "corp_card" if card else "own_cards", card=card, domain=dom,
                              country=ctry, org=org) for _ in range(size)]
        eg = egress[rng.choice(len(egress), 4, replace=False)]  # the gateway's points of presence near the company
        ua = w.ua(UAS_HUMAN[int(rng.integers(0, 3))])
        human_events(accs, rng.lognormal(np.log(4), 0.8, size), rng.uniform(0.25, 0.7, size),
                     np.full(size, TZ.get(ctry, 0), float), lambda ea, ei, t, eg=eg: eg[rng.integers(0, 4, len(ea))],
                     np.full(size, ua), pattern="office", weekday=True, tokmed=300)
        w.groups[g] = {"cohort": "secure_gateway", "size": size, "corporate_card": card is not None,
                       "org_id": bool(org)}
        left -= size
        k += 1

    # ---- (own) translation pool: freelancers of one agency work in its CAT tool plugin: the same segment template,
    #      the agency's virtual card, each from home in their own country; long machine-like batches of segments
    left, k = quota["translation_pool"], 0
    while left >= 3:
        size = int(min(left, rng.integers(4, 25)))
        if left - size < 3:
            size = left
        card = w.new_card("agency")
        g = f"translation_pool_{k}"
        ctrs = w.country(size)
        accs = [w.add_account("translation_pool", g, "agency_card", card=card, country=str(c)) for c in ctrs]
        homes = w.ip_ids(v4(np.concatenate([draw_v4(rng, S.isp.get(str(c), S.isp["US"]), 1) for c in ctrs])))
        pairs = [("English", "German"), ("English", "Japanese"), ("French", "English"), ("English", "Portuguese")]
        ua = w.ua("TransCAT-plugin/5.4 atlas-python/2.14.0")

        def pf(ea, ei, pairs=pairs):
            pi = rng.integers(0, len(pairs), len(ea))
            st = w.slot_text(len(ea), 5, 30)
            return [SYSTEM_NOTES["translation"].format(src=pairs[p][0], dst=pairs[p][1]) + s for p, s in zip(pi, st)]
        human_events(accs, rng.lognormal(np.log(15), 0.6, size), rng.uniform(0.3, 0.7, size),
                     np.array([TZ.get(str(c), 0) for c in ctrs], float), lambda ea, ei, t, h=homes: h[ei],
                     np.full(size, ua), prompt_fun=pf, tokmed=70, pattern="office", weekday=True)
        w.groups[g] = {"cohort": "translation_pool", "size": size}
        left -= size
        k += 1

    # ---- (own) coworking space: several startups of 2-5 people in one building; one NAT, each startup's own card
    left, k = quota["coworking"], 0
    while left >= 6:
        n_cw = int(min(left, rng.integers(10, 41)))
        if left - n_cw < 6:
            n_cw = left
        ctry = str(w.country())
        nat = w.ip_ids(v4(draw_v4(rng, S.business, 1) + np.arange(2)))
        g = f"coworking_{k}"
        made = 0
        accs = []
        while made < n_cw:
            s = int(min(n_cw - made, rng.integers(2, 6)))
            card = w.new_card("corp") if rng.random() < 0.6 else None
            dom = f"{''.join(rng.choice(list('abcdefghijklmnoprstuvwxyz'), 5))}.io"
            accs += [w.add_account("coworking", g, f"startup_{made}", card=card, domain=dom, country=ctry)
                     for _ in range(s)]
            made += s
        human_events(accs, rng.lognormal(np.log(4), 0.9, n_cw), rng.uniform(0.25, 0.7, n_cw),
                     np.full(n_cw, TZ.get(ctry, 0), float), lambda ea, ei, t, nat=nat: nat[rng.integers(0, 2, len(ea))],
                     per_account_ua(n_cw, 0.5), pattern="office", weekday=True, tokmed=350)
        w.groups[g] = {"cohort": "coworking", "size": n_cw}
        left -= n_cw
        k += 1

    # ---- individuals: the rest
    n_ind = n_benign - (len(w.acc) - start)
    ctrs = w.country(n_ind)
    accs = [w.add_account("individual", "individual", "", country=str(c)) for c in ctrs]
    homes = w.ip_ids(v4(np.concatenate([draw_v4(rng, S.isp.get(str(c), S.isp["US"]), 1) for c in ctrs])
                        if n_ind else np.zeros(0, np.int64)))
    tz = np.array([TZ.get(str(c), 0) for c in ctrs], float)
    # a heavy tail: most try it now and then, some are power users
    rate = rng.lognormal(np.log(2.0), 1.0, n_ind)
    pact = rng.beta(1.0, 3.5, n_ind)
    alt = rng.random(n_ind) < 0.3  # phone / work / coffee shop

    def ipf(ea, ei, t):
        ip = homes[ei].copy()
        m = alt[ei] & (rng.random(len(ea)) < 0.3)
        ip[m] = w.ip_ids(v4(draw_v4(rng, S.isp["US"], int(m.sum()))))
        return ip
    human_events(accs, rate, pact, tz, ipf, per_account_ua(n_ind, 0.35), tokmed=250)


# ----------------------------------------------------------------------------------------------- rings

SMALL_KINDS = ["resi_paraphrase", "cot_mobile", "card_farm", "scheduler_meta", "vpn_rider", "aged_relay",
               "trickle_swarm"]
FARM_KINDS = ["card_farm", "resi_paraphrase", "trickle_swarm", "scheduler_meta"]
NARROW = {  # narrow capabilities a ring harvests, as dataset families of promptsource
    "math_reasoning": ["math_qa", "gsm8k", "aqua_rat", "mathqa", "ai2_arc", "qasc", "openbookqa", "sciq"],
    "reading_qa": ["squad", "adversarial_qa", "quoref", "ropes", "duorc", "quail", "race", "cosmos_qa"],
    "nli_logic": ["anli", "super_glue", "glue", "hans", "snli", "scitail"],
    "summarisation": ["xsum", "cnn_dailymail", "samsum", "gigaword", "multi_news", "wiki_lingua"],
    "commonsense": ["hellaswag", "piqa", "winogrande", "social_i_qa", "commonsense_qa", "cos_e", "swag"],
}


def build_rings(w: World, sizes: list[int], budget: float):
    rng, S = w.rng, w.S
    kinds = []
    order = [str(k) for k in rng.permutation(SMALL_KINDS)]
    si = 0
    for s in sizes:
        if s > 300:
            kinds.append("hydra_reseller")
        elif s > 15:
            kinds.append(str(rng.choice(FARM_KINDS)))
        else:
            kinds.append(order[si % len(order)])
            si += 1
    plans = []
    rid = 0
    for s, kind in zip(sizes, kinds):
        rid += 1
        r = f"R{rid:03d}"
        cap = str(rng.choice(sorted(NARROW)))
        tids = w.pick_templates(int(rng.integers(3, 9)), NARROW[cap])
        ctry = str(rng.choice(["US", "CN", "RU", "SG", "BR", "IN", "DE"]))
        d0 = int(rng.integers(0, 10))
        d1 = int(min(DAYS, d0 + rng.integers(12, 29)))
        plans.append({"ring_id": r, "kind": kind, "size": s, "capability": cap, "tids": tids, "country": ctry,
                      "first_day": d0, "last_day": d1})
    # the rings' planned volume (median requests/day of a member when active), cut to the budget if needed
    base_rate = {"hydra_reseller": 5, "resi_paraphrase": 220, "cot_mobile": 160, "card_farm": 600,
                 "scheduler_meta": 260, "vpn_rider": 200, "aged_relay": 320, "trickle_swarm": 55}
    planned = sum(p["size"] * base_rate[p["kind"]] * (p["last_day"] - p["first_day"]) * 0.85 for p in plans
                  if p["kind"] != "hydra_reseller")
    if any(p["kind"] == "hydra_reseller" for p in plans):
        budget *= 0.5  # the hydra's own volume is most of the rings' share then
    scale = min(1.0, budget / planned) if planned else 1.0
    for p in plans:
        p["rate"] = float(base_rate[p["kind"]] * (scale if p["kind"] != "hydra_reseller" else 1.0))
        globals()["ring_" + p["kind"]](w, p)
        w.rings.append({k: v for k, v in p.items() if k != "tids"} | {"templates": len(p["tids"])})
    return scale


def _members(w, p, variant, created=None, cards=None, domains=None, countries=None):
    rng = w.rng
    s = p["size"]
    out = []
    for i in range(s):
        out.append(w.add_account("ring", p["ring_id"], variant or p["kind"], ring_id=p["ring_id"],
                                 created=None if created is None else int(created[i]),
                                 card=None if cards is None else cards[i],
                                 domain=None if domains is None else domains[i],
                                 country=None if countries is None else str(countries[i])))
    for a in out:
        w.acc[a]["cohort"] = p["kind"]
    return np.array(out)


def _stagger(w, n, spread_days, end=None):
    end = T0 - 3 * DAY if end is None else end
    return end - (w.rng.random(n) * spread_days * DAY).astype(np.int64)


def _harvest(w, p, accs, rate, pattern, ipfun, uas, cot, p_cot, para=False, cover=0.0, tokmed=1100, model=3,
             hours=None, tz=0.0, first=None, last=None, p_act=0.85):
    rng = w.rng
    ea, ed, ei = w.activity(accs, rate, p_act, first=p["first_day"] if first is None else first,
                            last=p["last_day"] if last is None else last, jitter=0.35)
    if not len(ea):
        return
    t = w.times(ea, ed, pattern, tz=np.full(len(ea), tz, float) + rng.normal(0, 0.5, len(ea)), hours=hours)
    pa_map = w.paraphrases(accs) if para else None
    cov = rng.random(len(ea)) < cover
    hv = ~cov
    pr = np.empty(len(ea), object)
    pr[hv] = w.templated(int(hv.sum()), p["tids"], cot, p_cot, pa_map, ea[hv])
    pr[cov] = w.casual(int(cov.sum()))
    tok = np.where(cov, w.tokens(len(ea), 250, 0.8), w.tokens(len(ea), tokmed, 0.45))
    uu = np.asarray(uas)
    u = uu[ei] if len(uu) == len(accs) else uu[rng.integers(0, len(uu), len(ea))]
    w.emit(ea, t, ipfun(ea, ei, t), pr.tolist(), u, tok, np.where(cov, 1, model))


def ring_hydra_reseller(w, p):
    """A reseller proxy service: its customers' ordinary traffic and the operator's harvesting leave through the
    same egress pool across 1,000-3,000 accounts; cards mostly distinct prepaid ones; sign-ups over months."""
    rng, S = w.rng, w.S
    s = p["size"]
    cards = [w.new_card("prep") if rng.random() < 0.85 else None for _ in range(s)]
    shared_cards = [w.new_card("prep") for _ in range(max(1, s // 40))]
    cards = [c if c else shared_cards[int(rng.integers(0, len(shared_cards)))] for c in cards]
    accs = _members(w, p, "reseller_pool", created=_stagger(w, s, 150), cards=cards,
                    domains=[str(rng.choice(WEBMAIL[:6] + ["tutanota.com", "mail.tm"])) for _ in range(s)],
                    countries=rng.choice(["US", "CN", "SG", "HK", "RU", "BR", "IN"], s))
    pool = w.ip_ids(v4(np.concatenate([draw_v4(rng, S.datacenter, int(rng.integers(40, 90))),
                                       draw_v4(rng, S.isp.get("US"), int(rng.integers(30, 80)))])))
    p["egress_ips"] = int(len(pool))
    cust_uas = [w.ua(u) for u in UAS_SDK[:6] + UAS_HUMAN[:2]]
    ipf = lambda ea, ei, t: pool[rng.integers(0, len(pool), len(ea))]  # noqa: E731
    # the resold ordinary traffic (customers' chats) ...
    ea, ed, ei = w.activity(accs, p["rate"] * 0.9, 0.7, first=0, last=DAYS, jitter=0.5)
    t = w.times(ea, ed, "uniform")
    w.emit(ea, t, ipf(ea, ei, t), w.casual(len(ea), 0.3), np.asarray(cust_uas)[rng.integers(0, 8, len(ea))],
           w.tokens(len(ea), 260, 0.8), rng.integers(0, 3, len(ea)))
    # ... and the harvest (narrow templates + reasoning) on the same accounts and egress
    _harvest(w, p, accs, p["rate"], "uniform", ipf, [w.ua("httpx/0.27.2")], COT["en"] + COT["json"], 0.7,
             para=False, tokmed=1000, p_act=0.75)


def ring_resi_paraphrase(w, p):
    """Residential proxy rotation, each account rewords the templates its own way, distinct cards, staggered
    creation, human-like hours in one time zone."""
    rng, S = w.rng, w.S
    s = p["size"]
    accs = _members(w, p, "residential_proxy", created=_stagger(w, s, 90), countries=rng.choice(["US", "GB", "CA"], s))
    isp = S.isp["US"]
    b24 = draw_v4(rng, isp, max(60, s * 12), subnet24=True)  # the proxy provider's exit networks
    p["proxy_24s"] = int(len(b24))
    ipf = lambda ea, ei, t: w.ip_ids(v4(b24[rng.integers(0, len(b24), len(ea))] + rng.integers(2, 254, len(ea))))  # noqa
    uas = [w.ua(str(rng.choice(UAS_SDK[:5] + UAS_HUMAN[:3]))) for _ in range(s)]
    _harvest(w, p, accs, p["rate"], "human", ipf, uas, COT["en"], 0.5, para=True, tokmed=900, tz=-5)


def ring_cot_mobile(w, p):
    """Chain-of-thought elicitation in many languages through mobile proxies on carrier CGNAT pools (the same
    pools benign phone users are on), a quarter cover traffic, distinct cards."""
    rng, S = w.rng, w.S
    s = p["size"]
    accs = _members(w, p, "mobile_proxy", created=_stagger(w, s, 60))
    car = sorted(S.carriers)
    c = str(rng.choice(car))
    pool = draw_v4(rng, S.carriers[c], 10, subnet24=True)
    p["carrier"] = c
    ipf = lambda ea, ei, t: w.ip_ids(v4(pool[rng.integers(0, len(pool), len(ea))] + rng.integers(2, 254, len(ea))))  # noqa
    uas = [w.ua(UAS_HUMAN[int(rng.integers(4, 6))]) for _ in range(s)]
    _harvest(w, p, accs, p["rate"], "machine", ipf, uas, COT["multi"], 0.9, para=True, cover=0.25, tokmed=1300)


def ring_card_farm(w, p):
    """The crude case: one or two cards for every account, one cloud subnet, one script, sign-ups in a burst,
    near the daily limit, verbatim templates."""
    rng, S = w.rng, w.S
    s = p["size"]
    cards = [w.new_card("card") for _ in range(2)]
    created = T0 + p["first_day"] * DAY - DAY - (rng.random(s) * 36 * 3600).astype(np.int64)
    dom = "inboxrelay.net"
    accs = _members(w, p, "shared_card", created=created, cards=[cards[int(rng.random() < 0.3)] for _ in range(s)],
                    domains=[dom if rng.random() < 0.7 else "gmail.com" for _ in range(s)],
                    countries=[p["country"]] * s)
    cl = str(rng.choice(sorted(S.cloud)))
    net = draw_v4(rng, S.cloud[cl], 1, subnet24=True)[0]
    ips = w.ip_ids(v4(net + rng.integers(2, 254, min(32, s * 2))))
    ipf = lambda ea, ei, t: ips[rng.integers(0, len(ips), len(ea))]  # noqa
    _harvest(w, p, accs, p["rate"], "machine", ipf, [w.ua("python-requests/2.31.0")], COT["en"], 0.8,
             tokmed=1400, model=2, p_act=0.95)


def ring_scheduler_meta(w, p):
    """Careful infrastructure (one static residential address per account in several countries, distinct cards,
    aged sign-ups) but shared request metadata: the same headless browser, the reasoning model, and one job
    scheduler firing at the same scattered UTC hours."""
    rng, S = w.rng, w.S
    s = p["size"]
    ctrs = rng.choice(sorted(S.isp), s)
    accs = _members(w, p, "job_scheduler", created=_stagger(w, s, 300), countries=ctrs)
    homes = w.ip_ids(v4(np.concatenate([draw_v4(rng, S.isp[str(c)], 1) for c in ctrs])))
    hours = sorted(rng.choice(24, 4, replace=False).tolist())
    p["hours"] = hours
    ua = w.ua(UA_HEADLESS)
    _harvest(w, p, accs, p["rate"], "scheduled", lambda ea, ei, t: homes[ei], [ua], COT["code"] + COT["en"], 0.6,
             para=True, tokmed=1200, hours=hours)


def ring_vpn_rider(w, p):
    """Rides a commercial VPN provider's exits (shared with thousands of benign VPN users), distinct cards,
    translation-and-reasoning harvest around the clock with a little cover traffic."""
    rng, S = w.rng, w.S
    s = p["size"]
    accs = _members(w, p, "commercial_vpn", created=_stagger(w, s, 45))
    exits = w.ip_ids(v4(draw_v4(rng, S.vpn, 60)))
    ipf = lambda ea, ei, t: exits[rng.integers(0, len(exits), len(ea))]  # noqa
    uas = [w.ua(str(rng.choice(UAS_SDK[:6]))) for _ in range(s)]
    _harvest(w, p, accs, p["rate"], "machine", ipf, uas, COT["multi"] + COT["en"], 0.7, para=True, cover=0.15,
             tokmed=1000)


def ring_aged_relay(w, p):
    """Bought aged accounts (varied sign-up dates, countries, mailboxes, cards) with an ordinary first week from
    home lines, then harvesting from a few datacenter relay addresses that the accounts take in turns."""
    rng, S = w.rng, w.S
    s = p["size"]
    ctrs = rng.choice(sorted(S.isp), s)
    accs = _members(w, p, "aged_accounts", created=T0 - (rng.uniform(120, 700, s) * DAY).astype(np.int64),
                    countries=ctrs)
    homes = w.ip_ids(v4(np.concatenate([draw_v4(rng, S.isp[str(c)], 1) for c in ctrs])))
    switch = int(rng.integers(5, 12))
    p["switch_day"] = switch
    ea, ed, ei = w.activity(accs, 5, 0.4, last=switch)
    if len(ea):
        t = w.times(ea, ed, "human", tz=np.array([TZ.get(str(c), 0) for c in ctrs], float)[ei])
        w.emit(ea, t, homes[ei], w.casual(len(ea)), np.full(len(ea), w.ua(UAS_HUMAN[0])), w.tokens(len(ea), 250), 1)
    relay = w.ip_ids(v4(draw_v4(rng, S.datacenter, max(2, s // 3))))
    p["relay_ips"] = int(len(relay))

    def ipf(ea, ei, t):  # 2-hour slots: in each slot an account uses the relay its turn gives it
        slot = (t - T0) // 7200
        return relay[(slot + ei) % len(relay)]
    _harvest(w, p, accs, p["rate"], "machine", ipf, [w.ua("atlas-python/2.15.1")], COT["code"], 0.85,
             tokmed=1500, first=switch, last=DAYS)


def ring_trickle_swarm(w, p):
    """Many low-volume accounts that each look like a keen individual; the harvest is structured JSON with a
    rationale; residential /24s of one proxy network rotate; virtual cards, one per account; sign-ups in waves."""
    rng, S = w.rng, w.S
    s = p["size"]
    waves = T0 - (rng.integers(1, 5, s) * 20 * DAY) + (rng.random(s) * 3 * DAY).astype(np.int64)
    accs = _members(w, p, "low_and_slow", created=waves, cards=[w.new_card("virt") for _ in range(s)])
    ctry = str(rng.choice(sorted(S.isp)))
    b24 = draw_v4(rng, S.isp[ctry], max(25, s * 3), subnet24=True)
    ipf = lambda ea, ei, t: w.ip_ids(v4(b24[rng.integers(0, len(b24), len(ea))] + rng.integers(2, 254, len(ea))))  # noqa
    uas = [w.ua(str(rng.choice(UAS_SDK[:3]))) for _ in range(s)]
    _harvest(w, p, accs, p["rate"], "human", ipf, uas, COT["json"], 0.95, para=True, cover=0.2, tokmed=800,
             tz=TZ.get(ctry, 0), p_act=0.7)


# ----------------------------------------------------------------------------------------------- output


def write(w: World, out: Path, params: dict, scale: float, t_start: float):
    rng = w.rng
    acc = np.concatenate([c[0] for c in w.ev])
    t = np.concatenate([c[1] for c in w.ev])
    ip = np.concatenate([c[2] for c in w.ev])
    ua = np.concatenate([c[4] for c in w.ev])
    tok = np.concatenate([c[5] for c in w.ev])
    mod = np.concatenate([c[6] for c in w.ev])
    prompts = pa.chunked_array([c[3] for c in w.ev], pa.string())
    w.ev = []
    prompts = prompts.combine_chunks()
    w.ev = []
    # an account cannot send before it exists: shift such requests after sign-up
    created = np.array([a["created"] for a in w.acc], np.int64)
    early = t < created[acc] + 60
    t = np.where(early, created[acc] + 60 + (t % 3600), t)
    keep = t < T0 + DAYS * DAY
    # the platform's daily limit: requests beyond LIMIT per account and UTC day are refused and not logged
    order = np.lexsort((np.arange(len(t)), t, acc))
    acc, t, ip, ua, tok, mod, keep = (x[order] for x in (acc, t, ip, ua, tok, mod, keep))
    day = (t - T0) // DAY
    key = acc * 64 + day
    _, start, cnt = np.unique(key, return_index=True, return_counts=True)
    pos = np.arange(len(t)) - np.repeat(start, cnt)
    keep &= pos < LIMIT
    # final order: time, then account
    idx = np.nonzero(keep)[0]
    o2 = np.lexsort((acc[idx], t[idx]))
    idx = idx[o2]
    ids = np.array([f"u{x:07d}" for x in rng.choice(10_000_000, len(w.acc), replace=False)])
    n = len(idx)
    key_of = [a["keys"] for a in w.acc]
    kr = rng.random(n)
    keys = [key_of[a][0] if len(key_of[a]) == 1 or r < 0.7 else key_of[a][1] for a, r in zip(acc[idx].tolist(),
                                                                                           kr.tolist())]
    card_of = np.array([a["card"] for a in w.acc], object)
    tbl = pa.table({
        "account_id": pa.array(ids[acc[idx]]),
        "timestamp": pa.array(t[idx] * 1000, pa.timestamp("ms", tz="UTC")),
        "ip": pa.DictionaryArray.from_arrays(pa.array(ip[idx], pa.int32()), pa.array(w.ip_list)),
        "payment_method": pa.array(card_of[acc[idx]].tolist(), pa.string()).dictionary_encode(),
        "prompt": pa.nulls(n, pa.string()),  # filled batch by batch below
        "user_agent": pa.DictionaryArray.from_arrays(pa.array(ua[idx], pa.int32()), pa.array(w.ua_list)),
        "output_tokens": pa.array(tok[idx], pa.int32()),
        "api_key_id": pa.array(keys, pa.string()).dictionary_encode(),
        "model": pa.DictionaryArray.from_arrays(pa.array(mod[idx], pa.int8()), pa.array(MODELS)),
    })
    # a contract variation by seed (never for seeds 1-4): some exports lack the key id
    if params["seed"] % 7 == 0:
        tbl = tbl.drop(["api_key_id"])
    out.mkdir(parents=True, exist_ok=True)
    perm = order[idx]
    pcol = tbl.schema.get_field_index("prompt")
    with pq.ParquetWriter(out / "events.parquet", tbl.schema, compression="zstd") as pw:
        for b in range(0, n, 200_000):
            part = tbl.slice(b, 200_000)
            pr = prompts.take(pa.array(perm[b:b + 200_000]))
            pw.write_table(part.set_column(pcol, "prompt", pr))
    del prompts
    A = pd.DataFrame({
        "account_id": ids,
        "created_at": pd.to_datetime(created, unit="s", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "payment_method": card_of,
        "email_domain": [a["domain"] for a in w.acc],
        "country": [a["country"] for a in w.acc],
        "org_id": [a["org"] for a in w.acc],
    })
    if params["seed"] % 5 == 0:  # another export writes whole (pseudonymised) addresses instead of domains
        A.insert(3, "email", [f"user{i}@{d}" for i, d in enumerate(A["email_domain"])])
        A = A.drop(columns=["email_domain"])
    A.to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    truth = pd.DataFrame({
        "account_id": ids, "is_ring": [1 if a["ring"] else 0 for a in w.acc], "ring_id": [a["ring"] for a in w.acc],
        "group_id": [a["group"] for a in w.acc], "cohort": [a["cohort"] for a in w.acc],
        "variant": [a["variant"] for a in w.acc]})
    truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    ev_per_acc = np.bincount(acc[idx], minlength=len(w.acc))
    coh = truth.assign(ev=ev_per_acc).groupby("cohort").agg(accounts=("account_id", "size"), events=("ev", "sum"),
                                                            active=("ev", lambda x: int((x > 0).sum())))
    ring_ev = truth.assign(ev=ev_per_acc)[truth.is_ring == 1].groupby("ring_id")["ev"].sum()
    for r in w.rings:
        r["events"] = int(ring_ev.get(r["ring_id"], 0))
    n_group = int(sum(g["size"] for g in w.groups.values()))
    crowd = truth[(truth.is_ring == 0) & truth.cohort.isin(["mobile_cgnat", "mobile_v6", "campus_student",
                                                            "vpn_user", "byok_relay"])].shape[0]
    info = {
        "generator": "world12", "params": params,
        "platform": {"start": pd.Timestamp(T0, unit="s", tz="UTC").isoformat(), "days": DAYS,
                     "requests_per_day_limit": LIMIT, "models": MODELS,
                     "refused_over_limit": int((~keep).sum() - (~(t < T0 + DAYS * DAY)).sum())},
        "totals": {"events": int(n), "accounts": len(w.acc), "ring_accounts": int(truth.is_ring.sum()),
                   "rings": len(w.rings), "benign_group_accounts": n_group, "benign_crowd_accounts": int(crowd),
                   "benign_groups": len(w.groups), "ips": len(w.ip_list), "user_agents": len(w.ua_list),
                   "ring_volume_scale": scale},
        "cohorts": {k: {c: int(v) for c, v in r.items()} for k, r in coh.iterrows()},
        "cohort_info": w.cohort_info,
        "rings": w.rings,
        "benign_groups": w.groups,
    }
    with open(out / "world.json", "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1, default=lambda x: x.item() if hasattr(x, "item") else str(x))
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.005, help="share of accounts that are ring members")
    ap.add_argument("--ring-sizes", choices=["small", "mixed", "hydra"], default="small")
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    t_start = time.time()
    rng = np.random.default_rng(a.seed)
    shared = Shared(Path(os.environ.get("WORLD12_SHARED_DATA", "/work/shared/data")), rng)
    w = World(a.accounts, a.seed, a.ring_share, a.ring_sizes, shared, rng)
    n_ring = int(round(a.accounts * a.ring_share))
    sizes = ring_sizes(n_ring, a.ring_sizes, rng) if n_ring >= 3 else []
    n_ring = sum(sizes)
    build_benign(w, a.accounts - n_ring)
    benign_events = sum(len(c[0]) for c in w.ev)
    scale = build_rings(w, sizes, budget=max(0.22 * benign_events, 2000.0))
    params = {"accounts": a.accounts, "seed": a.seed, "ring_share": a.ring_share, "ring_sizes": a.ring_sizes,
              "ring_size_list": sizes}
    info = write(w, a.out, params, scale, t_start)
    tt = info["totals"]
    print(f"world12: {tt['events']:,} events, {tt['accounts']:,} accounts, {tt['ring_accounts']} ring accounts in "
          f"{tt['rings']} rings, {tt['benign_group_accounts']:,} benign group accounts -> {a.out} "
          f"({time.time() - t_start:.1f}s)")


if __name__ == "__main__":
    main()
