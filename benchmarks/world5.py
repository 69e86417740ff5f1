"""A fifth, independent world generator: a short window (6 days), a 500/day limit, carrier CGNAT, office NATs,
campuses with exam bursts, tenant SaaS, eval labs, and "hydra" rings behind reseller proxies.

Written from the public threat description, the README's input contract, world4.py/world3.py's output format
and reference-data loaders (imported, not copied) and world4_eval.py only: no graphhunt detector, link, graph,
community, scoring, evidence or simulator code and no results section of the quality docs was read, and nothing
here was tuned against graphhunt's output. See docs/WORLD5.md.

Outputs (graphhunt's input contract plus ground truth), same as world4:

* ``events.parquet``: ``account_id, timestamp, ip, payment_method, prompt, user_agent, output_tokens,
  api_key_id, model``
* ``accounts.csv``: ``account_id, created_at, payment_method, email_domain, country, org_id``
* ``truth.csv``: ``account_id, is_ring, ring_id, group_id, cohort, variant`` (a ring's ``variant`` is its
  infrastructure then its evasions, "|"-joined)
* ``world.json``: parameters, cohort sizes, per-ring summary.

Usage::

    python benchmarks/world5.py --accounts 20000 --seed 1 --ring-share 0.01 --ring-sizes mixed --out /tmp/w5

Model: every account has a request count, a set of active days, a timing model (human sessions placed by an
hour-of-day profile in local time, or a machine grid), two IP sources (each a pool with a selection mode:
sticky per session, rotating every few minutes, random per request, or fixed per account), an optional IPv6
source, and a prompt mix (templates with slots filled per request, free text, CoT suffix). Events are
generated in bulk with numpy; Python loops run over groups and templates only. One seeded Generator.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from world3 import (BROWSERS, CC, COUNTRIES, CW, SHARED, TZ, Bank, hosts, ip_str, mix64, nets24,  # noqa: E402
                    world_main, write_summary, write_world)
from world4 import Ref4  # noqa: E402  (reference loader: ASN/ISP/mobile/edu prefixes, VPN/DC/cloud, prompts)

DAY = 86400
HOUR = 3600
START = pd.Timestamp("2026-11-02T00:00:00Z")  # a Monday
LIMIT = 500  # requests per account per UTC day; over-limit requests are rejected and never logged

PROFILES = {  # local-time hour weights
    "evening": np.array([2.5, 1.5, .8, .4, .2, .2, .4, 1, 2, 2.5, 3, 3.5, 4, 3.5, 3.5, 3.5, 4, 4.5, 5.5, 6.5, 7.5, 7, 6, 4]),
    "office": np.array([0, 0, 0, 0, 0, 0, .05, .4, 3, 8, 9, 8.5, 4, 7, 9, 8.5, 7, 4, 1, .3, .2, .1, 0, 0]),
    "student": np.array([4, 3, 2, 1, .3, .1, .1, .3, 1, 2.5, 3.5, 4, 3.5, 4, 4.5, 4.5, 4, 4.5, 5, 6, 7, 7.5, 7, 5.5]),
    "flat": np.ones(24),
    "lab": np.array([.3, .2, .1, .1, .1, .1, .2, .5, 2, 5, 7, 7, 5, 7, 8, 8, 7, 5, 3, 2, 1.5, 1, .6, .4]),
}
PROF = {k: i for i, k in enumerate(PROFILES)}
CDF = np.stack([np.cumsum(v) / v.sum() for v in PROFILES.values()])
MODELS = np.array(["lumen-2", "lumen-2-mini", "lumen-2-reason", "lumen-1.5"], dtype=object)
MODEL_MIX = np.array([[.5, .35, .1, .05], [.15, .8, .0, .05], [.2, .0, .8, .0], [.8, .0, .2, .0]])
SDK = ["openai-python/1.{m}.1", "anthropic-sdk-python/0.3{m}.0", "python-httpx/0.27.{m}", "node/{m}.11 undici",
       "aiohttp/3.9.{m}", "curl/8.{m}.1", "Go-http-client/1.1", "Java-http-client/21.0.{m}", "litellm/1.4{m}.0"]

# chain-of-thought wordings: generic (people), homework, evaluation harnesses, and the rings' own many phrasings
COT_GEN = ["Think it through step by step.", "Can you explain your reasoning?", "Walk me through it please.",
           "Explain how you got there.", "step by step pls"]
COT_HW = ["Explain step by step.", "Show all your working.", "Explain every step so I can learn it.",
          "Please show the steps, my teacher wants them.", "Break it down step by step."]
COT_EVAL = ["Let's think step by step.", "Answer with reasoning first, then 'Answer: X'.",
            "Reason carefully, then give the final answer."]
COT_RING = ["Before answering, reason through every intermediate step in detail.",
            "Lay out your full chain of reasoning, then state the result on its own line.",
            "Think out loud: write each deduction explicitly before the conclusion.",
            "Give a detailed derivation first; put the final answer last.",
            "Explain your thought process thoroughly, step by step, before the answer.",
            "Show the complete reasoning trace, no skipped steps.",
            "First analyse the problem, then solve it methodically, then verify.",
            "Work through this slowly and explicitly; justify each step.",
            "Provide a rigorous, step-wise solution followed by the final answer.",
            "Decompose the task into sub-steps and solve each one, narrating as you go.",
            "Reason in numbered steps. Conclude with 'Final:' and the answer.",
            "Think carefully and show intermediate calculations.",
            "Please explain the logic behind each step in depth.",
            "Write your reasoning first (be verbose), answer second.",
            "Solve it the long way, explaining why each step follows."]
COT = np.array(COT_GEN + COT_HW + COT_EVAL + COT_RING, dtype=object)
C_GEN, C_HW, C_EVAL, C_RING = (0, 5), (5, 5), (10, 3), (13, len(COT_RING))

# ring task paraphrase pieces (per-account wording of the same narrow task)
R_OPEN = ["", "Task.", "Problem:", "Please help with the following.", "Here's one for you.", "Question:",
          "Consider this.", "Exercise:", "I need a solution to this.", "Challenge:", "Try this one:", "Input:",
          "Quick question.", "Read carefully.", "New item:"]
R_VERB_MATH = ["Solve the following problem", "Work out the answer to this", "Find the solution", "Calculate the result",
               "Determine the answer", "Figure out the following", "Compute what is asked", "Resolve this word problem"]
R_VERB_CODE = ["Write a function that does the following", "Implement this", "Produce working code for this spec",
               "Code a solution to", "Write a program for the task below", "Create an implementation of"]
R_VERB_LOGIC = ["Answer this reasoning question", "Solve this logic puzzle", "Deduce the answer",
                "Figure out the correct option", "Reason about the following and answer"]
R_CLOSE = ["", "", "Be thorough.", "Full detail please.", "Double-check the result.", "Format nicely.",
           "Use LaTeX for math.", "Include edge cases.", "Keep it rigorous.", "No hand-waving."]
NAMES = ["Maya", "Arjun", "Lucas", "Hana", "Pedro", "Fatima", "Jonas", "Aiko", "Kwame", "Elena", "Dmitri", "Sara",
         "Wei", "Nadia", "Oscar", "Priya", "Tariq", "Greta", "Mateo", "Yara"]
ITEMS = ["oranges", "notebooks", "bolts", "tiles", "seeds", "chairs", "cupcakes", "batteries", "ropes", "jars"]
CO_A = ["Blue", "Iron", "Silver", "North", "Quantum", "Cedar", "Harbor", "Summit", "Nova", "Atlas", "Pine", "Crest"]
CO_B = ["Freight", "Dental", "Capital", "Foods", "Robotics", "Legal", "Pharma", "Retail", "Energy", "Media"]
UNIS = ["Aldmoor", "Brightwater", "Calder", "Dunmore", "Elmstead", "Fairhaven", "Glenrock", "Holloway"]
SUBJ = ["CS", "MATH", "PHYS", "ECON", "STAT", "CHEM"]

BENIGN = {"individual": .43, "household": .085, "office": .135, "mobile": .11, "campus": .11, "vpn_user": .04,
          "proxy_user": .025, "saas_tenant": .025, "eval_lab": .007, "heavy_app": .004, "translator": .013}
INFRA = [("resi_proxy", .3), ("dc_rotate", .2), ("ipv6", .15), ("mobile4g", .15), ("vpn", .1), ("crude", .1)]
EVASIONS = {"para": .5, "cover": .45, "lowvol": .35, "aged": .4, "browserua": .35, "jitter": .6}


@dataclass
class Params:
    accounts: int = 20000
    seed: int = 1
    ring_share: float = 0.01
    ring_sizes: str = "mixed"
    days: int = 6


COLS = dict(cohort="", group="", is_ring=False, ring="", variant="", cc=0, created=0.0, card="", email="", org="",
            n=0, mask=0, prof=0, machine=False, sess=5.0, gap=60.0, gsig=1.0, burst_day=-1, p_burst=0.0,
            i1o=0, i1l=1, i1m=0, i1r=600.0, i2o=0, i2l=1, i2m=0, i2r=600.0, p2=0.0, v6p=0.0, v6m=0, v6hi=0,
            ua="", ta=-1, tb=-1, p_tpl=0.0, p_b=0.0, p_pub=0.3, p_cot=0.05, co=0, cn=5, out_med=250.0,
            out_sig=0.6, mm=0, nkeys=1)


class World:
    def __init__(self, p: Params, ref: Ref4):
        self.p, self.ref, self.D = p, ref, p.days
        self.rng = np.random.default_rng(p.seed)
        self.ip = Bank()
        self.cols = {c: [] for c in COLS}
        self.n = 0
        self.tparts: list[list[str]] = []  # literal parts; len(parts) - 1 slots
        self.tkind: list[int] = []  # slot fill: 0 sentence, 1 math, 2 code, 3 logic
        self.rings: list[dict] = []
        self.full = (1 << self.D) - 1
        self.weekday = (np.arange(self.D) % 7) < 5
        self.wdmask = int(sum(1 << d for d in range(self.D) if self.weekday[d]))
        b = [x.format(v=v, m=m) for x in BROWSERS for v in (130, 131, 132) for m in (1, 4)]
        self.browsers = np.array(b, dtype=object)
        self.mob_ua = np.array([x for x in b if "iPhone" in x or "Android" in x], dtype=object)
        self.sdk = np.array([s.format(m=m) for s in SDK for m in range(2, 5)], dtype=object)
        self.ps = ref.templates
        self.ps_reason = np.flatnonzero(ref.templates["dataset"].isin(
            ["math_dataset", "aqua_rat", "math_qa", "ai2_arc", "commonsense_qa", "openbookqa", "qasc", "piqa",
             "drop", "code_x_glue_tc_text_to_code", "openai_humaneval", "social_i_qa", "quarel", "quartz"]).to_numpy())

    # ---- helpers
    def tpl(self, parts, kind=0) -> int:
        self.tparts.append(list(parts))
        self.tkind.append(kind)
        return len(self.tparts) - 1

    def ps_tpl(self, i, kind=0, pre="", post="") -> int:
        parts = list(self.ps["parts"].iloc[int(i)])
        parts[0] = pre + parts[0]
        parts[-1] = parts[-1] + post
        return self.tpl(parts, kind)

    def cards(self, k):
        return np.array(["pm_" + format(int(x), "012x") for x in self.rng.integers(0, 1 << 48, k)], dtype=object)

    def emails(self, cc):
        doms = [COUNTRIES[int(c)][3] for c in cc]
        return np.array([d[int(self.rng.integers(len(d)))] if self.rng.random() < .9 else "protonmail.com"
                         for d in doms], dtype=object)

    def ccs(self, k):
        return self.rng.choice(len(CC), size=k, p=CW)

    def days_mask(self, k, lo, hi, contiguous=False):
        """k random active-day bitmasks with lo..hi days."""
        nd = self.rng.integers(lo, hi + 1, k).clip(1, self.D)
        if contiguous:
            st = (self.rng.random(k) * (self.D - nd + 1)).astype(int)
            return ((1 << nd) - 1) << st, nd
        r = self.rng.random((k, self.D)).argsort(1) < nd[:, None]
        return (r * (1 << np.arange(self.D))).sum(1), nd

    def add(self, k, **kw):
        for c, d in COLS.items():
            v = kw.get(c, d)
            self.cols[c].append(np.asarray(v) if np.ndim(v) else np.full(k, v, dtype=object if isinstance(v, str) else None))
        self.n += k
        return np.arange(self.n - k, self.n)

    def created(self, k, lo_days, hi_days):
        return -self.rng.uniform(lo_days, hi_days, k) * DAY

    def own_ips(self, cc, k):
        """k home broadband IPs of country cc, one each."""
        nets, lens, _ = self.ref.isp[CC[int(cc)]]
        return nets24(self.rng, nets, lens, k) + self.rng.integers(2, 254, k)


# --------------------------------------------------------------------------- shared infrastructure

def shared_pools(w: World) -> dict:
    rng, ref = w.rng, w.ref
    P = {}
    P["vpn"] = [w.ip.add(hosts(rng, ref.vpn, int(rng.integers(60, 400)))) for _ in range(5)]
    P["carrier"] = []  # (ip pool, country, v6 /32 base)
    for c in rng.choice(len(CC), size=5, replace=False, p=CW):
        nets, lens, _ = ref.mobile[CC[int(c)]]
        b = nets24(rng, nets, lens, int(rng.integers(2, 9)))
        k = int(rng.integers(150, 600))
        P["carrier"].append((w.ip.add(b[rng.integers(0, len(b), k)] + rng.integers(1, 255, k)), int(c),
                             int(0x2A00 + rng.integers(0, 0x1FF)) << 48 | int(rng.integers(0, 1 << 16)) << 32))
    ccs = rng.choice(len(CC), size=4, replace=False, p=CW)
    tot = int(rng.integers(2500, 6000))
    resi = np.concatenate([nets24(rng, *ref.isp[CC[int(c)]][:2], tot // 4) + rng.integers(2, 254, tot // 4)
                           for c in ccs])
    P["resi"] = w.ip.add(rng.permutation(resi))
    P["dc"] = [w.ip.add((hosts(rng, ref.dc, int(rng.integers(3, 10))) & ~255)[rng.integers(0, 3, 64) % 3]
                        + rng.integers(2, 254, 64)) for _ in range(4)]
    return P


# --------------------------------------------------------------------------- benign cohorts

def _split(rng, total, lo, hi, shape=1.3):
    out = []
    while total >= lo:
        s = int(min(hi, max(lo, lo * (1 + rng.pareto(shape)))))
        s = min(s, total)
        out.append(s)
        total -= s
    if total and out:
        out[-1] += total
    return out


def human_n(rng, k, med, sig=1.1, cap=None):
    n = np.maximum(1, np.round(np.exp(rng.normal(np.log(med), sig, k)))).astype(int)
    return np.minimum(n, cap) if cap else n


def build_benign(w: World, nb: int, P: dict):
    rng, D = w.rng, w.D
    quota = {c: int(round(s * nb)) for c, s in BENIGN.items()}
    quota["heavy_app"] = max(quota["heavy_app"], 5)
    target = w.n + nb
    gid = [0]

    def g(prefix):
        gid[0] += 1
        return f"{prefix}{gid[0]:05d}"

    def mob_src(k):
        """(i2o, i2l, i2m, i2r) of a random carrier per account: secondary phone traffic through CGNAT."""
        ci = rng.integers(0, len(P["carrier"]), k)
        return (np.array([P["carrier"][i][0][0] for i in ci]), np.array([P["carrier"][i][0][1] for i in ci]))

    # households: 2-6 people, one card, one home IP
    sizes = []
    t = quota["household"]
    while t >= 2:
        s = min(int(rng.integers(2, 7)), t)
        s = t if t - s == 1 else s
        sizes.append(s)
        t -= s
    for s in sizes:
        c = int(w.ccs(1)[0])
        ip = w.ip.add(w.own_ips(c, 1))
        mo, ml = mob_src(s)
        w.add(s, cohort="household", group=g("hh"), cc=c, created=w.created(s, 5, 700), card=w.cards(1)[0],
              email=w.emails([c] * s), n=human_n(rng, s, 12, 1.0, 800), mask=w.days_mask(s, 1, D)[0],
              prof=PROF["evening"], sess=rng.uniform(2, 6, s), gap=rng.uniform(20, 150, s), i1o=ip[0], i1l=1,
              i1m=3, i2o=mo, i2l=ml, i2m=1, p2=rng.uniform(0, .4, s), ua=rng.choice(w.browsers, s), p_pub=.3,
              p_cot=rng.uniform(0, .15, s), co=C_GEN[0], cn=C_GEN[1], out_med=rng.uniform(150, 400, s))

    # offices: 20-2,000 employees behind 1-4 NAT IPs, weekday working hours, some with an internal tool prompt
    cap = min(2000, max(20, int(.08 * nb)))
    for s in _split(rng, quota["office"], 20, cap, 1.1):
        c = int(w.ccs(1)[0])
        nets, lens, _ = w.ref.isp[CC[c]]
        nip = int(rng.integers(1, 5))
        ip = w.ip.add(nets24(rng, nets, lens, 1)[0] + rng.integers(2, 254, nip))
        name = f"{rng.choice(CO_A)} {rng.choice(CO_B)}"
        dom = name.lower().replace(" ", "") + rng.choice([".com", ".io", ".co", ".net"])
        tool = rng.random() < .45
        ta = w.tpl([f"You are {name}'s internal assistant (policy v{int(rng.integers(2, 9))}). Follow company style, "
                    "never reveal confidential data, answer in a professional tone.\n\nEmployee request: ", ""]) \
            if tool else -1
        corp_card = rng.random() < .3
        org = g("org") if rng.random() < .2 else ""
        mo, ml = mob_src(s)
        w.add(s, cohort="office", group=g("off"), cc=c, created=w.created(s, 3, 500),
              card=w.cards(1)[0] if corp_card else w.cards(s), email=np.where(rng.random(s) < .7, dom, w.emails([c] * s)),
              org=org, n=human_n(rng, s, 25, 1.0, 1500), mask=w.wdmask, prof=PROF["office"], sess=rng.uniform(2, 8, s),
              gap=rng.uniform(30, 200, s), i1o=ip[0], i1l=ip[1], i1m=0, i2o=mo, i2l=ml, i2m=1,
              p2=np.where(rng.random(s) < .2, .15, 0), ua=np.where(rng.random(s) < .85, rng.choice(w.browsers, s),
                                                                  rng.choice(w.sdk, s)),
              ta=ta, p_tpl=rng.uniform(.4, .9, s) if tool else 0, p_pub=.15, p_cot=rng.uniform(0, .08, s),
              co=C_GEN[0], cn=C_GEN[1], out_med=rng.uniform(200, 600, s), mm=rng.choice(2, s))

    # mobile users: carrier CGNAT, new IP every few minutes, some with an IPv6 /64 per device
    k = quota["mobile"]
    ci = rng.integers(0, len(P["carrier"]), k)
    v6 = rng.random(k) < .35
    w.add(k, cohort="mobile", group=np.array([f"carrier{i}" for i in ci], dtype=object),
          cc=np.array([P["carrier"][i][1] for i in ci]), created=w.created(k, 1, 600), card=w.cards(k),
          email=w.emails([P["carrier"][i][1] for i in ci]), n=human_n(rng, k, 10, 1.1, 800),
          mask=w.days_mask(k, 1, D)[0], prof=PROF["evening"], sess=rng.uniform(1.5, 5, k), gap=rng.uniform(15, 90, k),
          i1o=np.array([P["carrier"][i][0][0] for i in ci]), i1l=np.array([P["carrier"][i][0][1] for i in ci]),
          i1m=1, i1r=rng.uniform(90, 900, k), v6p=np.where(v6, rng.uniform(.5, .95, k), 0), v6m=1,
          v6hi=np.array([P["carrier"][i][2] for i in ci], dtype=np.int64) | rng.integers(0, 1 << 32, k),
          ua=rng.choice(w.mob_ua, k), p_pub=.2, p_cot=rng.uniform(0, .1, k), co=C_GEN[0], cn=C_GEN[1],
          out_med=rng.uniform(120, 350, k), mm=rng.choice(2, k, p=[.3, .7]))

    # campuses: dorm/lab NAT pools from education prefixes, courses with assignment templates, an exam burst
    edu_nets, edu_lens = w.ref.edu
    for s in _split(rng, quota["campus"], 60, max(60, int(.04 * nb)), 1.2):
        c = int(w.ccs(1)[0])
        j = rng.integers(len(edu_nets))
        base = edu_nets[j] + (rng.integers(0, 1 << 20) % max(1, (1 << (32 - int(edu_lens[j]))) - 256) & ~255)
        npool = int(rng.integers(8, 65))
        pool = w.ip.add(base + rng.choice(np.arange(2, 254), npool, replace=False))
        uni = str(rng.choice(UNIS))
        dom = uni.lower() + ".edu"
        ncourse = int(rng.integers(2, 7))
        courses = []
        for _ in range(ncourse):
            code = f"{rng.choice(SUBJ)}{int(rng.integers(100, 400))}"
            kind = int(rng.choice([0, 1, 2, 3]))
            courses.append((w.tpl([f"{uni} {code} - Problem Set {int(rng.integers(1, 9))}, question "
                                   f"{int(rng.integers(1, 12))}:\n", "\nExplain step by step."], kind),
                            int(rng.integers(1, D))))
        cix = rng.integers(0, ncourse, s)
        w.add(s, cohort="campus", group=np.array([f"{uni}-{courses[i][0]}" for i in cix], dtype=object), cc=c,
              created=w.created(s, 10, 900), card=w.cards(s), email=np.where(rng.random(s) < .6, dom, w.emails([c] * s)),
              n=human_n(rng, s, 20, 1.0, 1500), mask=w.days_mask(s, 2, D)[0], prof=PROF["student"],
              sess=rng.uniform(3, 12, s), gap=rng.uniform(30, 150, s), i1o=pool[0], i1l=pool[1], i1m=0,
              i2o=w.ip.add(w.own_ips(c, s))[0] + np.arange(s), i2l=1, i2m=3, p2=rng.uniform(.1, .5, s),
              ua=rng.choice(w.browsers, s), ta=np.array([courses[i][0] for i in cix]), p_tpl=rng.uniform(.2, .7, s),
              burst_day=np.array([courses[i][1] for i in cix]), p_burst=np.where(rng.random(s) < .6, rng.uniform(.3, .7, s), 0),
              p_pub=.1, p_cot=rng.uniform(.2, .6, s), co=C_HW[0], cn=C_HW[1], out_med=rng.uniform(300, 700, s),
              mm=rng.choice(4, s, p=[.5, .3, .2, 0]))

    # VPN users: commercial VPN exits (a few providers; rings use some of them too), sticky per session
    k = quota["vpn_user"]
    pv = rng.integers(0, len(P["vpn"]), k)
    cc = w.ccs(k)
    w.add(k, cohort="vpn_user", group=np.array([f"vpn{i}" for i in pv], dtype=object), cc=cc,
          created=w.created(k, 1, 700), card=w.cards(k), email=w.emails(cc), n=human_n(rng, k, 18, 1.1, 1500),
          mask=w.days_mask(k, 1, D)[0], prof=PROF["evening"], sess=rng.uniform(2, 10, k), gap=rng.uniform(20, 120, k),
          i1o=np.array([P["vpn"][i][0] for i in pv]), i1l=np.array([P["vpn"][i][1] for i in pv]), i1m=0,
          i2o=w.ip.add(np.concatenate([w.own_ips(c, 1) for c in cc]))[0] + np.arange(k), i2l=1, i2m=3,
          p2=rng.uniform(0, .3, k), ua=np.where(rng.random(k) < .7, rng.choice(w.browsers, k), rng.choice(w.sdk, k)),
          p_pub=.3, p_cot=rng.uniform(0, .15, k), co=C_GEN[0], cn=C_GEN[1], out_med=rng.uniform(150, 500, k))

    # residential-proxy customers (scraping/SEO/privacy tools) through the same reseller pool as rings, per request
    k = quota["proxy_user"]
    cc = w.ccs(k)
    ro, rl = P["resi"]
    st = rng.integers(0, max(1, rl - 800), k)
    seo = w.tpl(["Write a 600-word SEO article about ", ". Include headings and the keyword three times."], 0)
    w.add(k, cohort="proxy_user", group=np.array([g("px") for _ in range(k)], dtype=object), cc=cc,
          created=w.created(k, 1, 400), card=w.cards(k), email=w.emails(cc), n=human_n(rng, k, 40, 1.2, 2500),
          mask=w.days_mask(k, 1, D)[0], prof=PROF["flat"], sess=rng.uniform(5, 30, k), gap=rng.uniform(5, 60, k),
          i1o=ro + st, i1l=np.minimum(800, rl), i1m=np.where(rng.random(k) < .5, 2, 0),
          ua=np.where(rng.random(k) < .6, rng.choice(w.sdk, k), rng.choice(w.browsers, k)),
          ta=np.where(rng.random(k) < .4, seo, -1), p_tpl=.7, p_pub=.4, p_cot=.02, co=C_GEN[0], cn=C_GEN[1],
          out_med=rng.uniform(300, 900, k))

    # SaaS vendors running one platform account per customer tenant from one cloud /24
    for s in _split(rng, quota["saas_tenant"], 25, 200, 1.5):
        cl = w.ref.cloud[str(rng.choice(["amazon", "google", "microsoft", "digitalocean"]))]
        base = hosts(rng, cl, 1)[0] & ~255
        ip = w.ip.add(base + rng.choice(np.arange(4, 250), int(rng.integers(2, 9)), replace=False))
        vendor = f"{rng.choice(CO_A)}Desk"
        tids = np.array([w.tpl([f"You are the support assistant for {rng.choice(CO_A)} {rng.choice(CO_B)} "
                                f"(tenant {i}), powered by {vendor}. Be friendly, cite the help-centre, escalate "
                                "refunds.\n\nCustomer: ", "\nAgent reply:"]) for i in range(s)])
        shared_card = rng.random() < .5
        c = int(w.ccs(1)[0])
        w.add(s, cohort="saas_tenant", group=g("saas"), cc=c, created=w.created(s, 20, 400),
              card=w.cards(1)[0] if shared_card else w.cards(s), email=vendor.lower() + ".com",
              org=g("org") if rng.random() < .3 else "", n=human_n(rng, s, 300, .9, 2800), mask=w.wdmask,
              prof=PROF["office"], sess=rng.uniform(1, 3, s), gap=30.0, i1o=ip[0], i1l=ip[1], i1m=2,
              ua=w.sdk[int(rng.integers(len(w.sdk)))], ta=tids, p_tpl=.97, p_cot=0.0, out_med=rng.uniform(150, 300, s),
              mm=1, nkeys=3)

    # eval labs: a research group running a reasoning benchmark with CoT over 1-3 days, high rate, from campus/cloud
    for s in _split(rng, quota["eval_lab"], 3, 20, 2.0):
        c = int(w.ccs(1)[0])
        cl = w.ref.cloud[str(rng.choice(["amazon", "google"]))]
        ip = w.ip.add(hosts(rng, cl, int(rng.integers(1, 4))))
        ts = rng.choice(w.ps_reason, 2, replace=False)
        t1, t2 = w.ps_tpl(ts[0], 1), w.ps_tpl(ts[1], 3)
        m, _ = w.days_mask(1, 1, 3, contiguous=True)
        w.add(s, cohort="eval_lab", group=g("lab"), cc=c, created=w.created(s, 30, 800), card=w.cards(1)[0],
              email=f"{rng.choice(UNIS).lower()}.edu", org=g("org") if rng.random() < .5 else "",
              n=rng.integers(300, 1200, s), mask=int(m[0]), prof=PROF["lab"], sess=rng.uniform(80, 300, s),
              gap=rng.uniform(1, 4, s), gsig=.3, i1o=ip[0], i1l=ip[1], i1m=0,
              ua=w.sdk[int(rng.integers(len(w.sdk)))], ta=t1, tb=t2, p_tpl=1.0, p_b=.5, p_cot=.9, co=C_EVAL[0],
              cn=C_EVAL[1], out_med=rng.uniform(500, 1100, s), mm=2)

    # heavy single API apps: one account near the limit, one template, machine timing, long outputs
    for _ in range(quota["heavy_app"]):
        c = int(w.ccs(1)[0])
        cl = w.ref.cloud[str(rng.choice(["amazon", "google", "microsoft", "oracle", "linode"]))]
        ip = w.ip.add(hosts(rng, cl, int(rng.integers(1, 3))))
        kind = int(rng.choice([0, 0, 1, 2]))
        lead = {0: ["Summarise this customer review in 3 bullet points and a sentiment label:\n", ""],
                1: ["Tutor mode. Solve and explain the following for a student, step by step:\n", ""],
                2: ["Generate unit tests and an implementation for:\n", "\nReturn a single code block."]}[kind]
        w.add(1, cohort="heavy_app", group=g("app"), cc=c, created=w.created(1, 30, 600), card=w.cards(1),
              email="gmail.com", n=int(rng.uniform(380, 495)) * D, mask=w.full, machine=True, i1o=ip[0], i1l=ip[1],
              i1m=2, ua=w.sdk[int(rng.integers(len(w.sdk)))], ta=w.tpl(lead, kind), p_tpl=1.0, p_cot=.0,
              out_med=rng.uniform(700, 1400), out_sig=.3, mm=int(rng.choice([0, 2])), nkeys=2)

    # translation agency: freelancers, each from home, all pasting the agency's style-guide prompt
    for s in _split(rng, quota["translator"], 8, 60, 1.5):
        cc = w.ccs(s)
        lang = rng.choice(["German", "Spanish", "Japanese", "French", "Portuguese"])
        ta = w.tpl([f"Translate into {lang} following the LinguaPro style guide (formal register, keep "
                    "placeholders like {{name}} intact, no machine-translation artefacts):\n\n", ""])
        w.add(s, cohort="translator", group=g("tr"), cc=cc, created=w.created(s, 10, 900), card=w.cards(s),
              email=w.emails(cc), n=human_n(rng, s, 60, .8, 2000), mask=w.days_mask(s, 3, D)[0], prof=PROF["office"],
              sess=rng.uniform(5, 20, s), gap=rng.uniform(40, 200, s), i1o=w.ip.add(np.concatenate(
                  [w.own_ips(c, 1) for c in cc]))[0] + np.arange(s), i1l=1, i1m=3,
              ua=rng.choice(w.browsers, s), ta=ta, p_tpl=rng.uniform(.6, .95, s), p_pub=.1, p_cot=0.0,
              out_med=rng.uniform(300, 700, s))

    # individuals: own home IP, sometimes phone via carrier CGNAT, lognormal activity, mostly browsers
    k = target - w.n
    cc = w.ccs(k)
    home = w.ip.add(np.concatenate([w.own_ips(c, 1) for c in cc]))
    mo, ml = mob_src(k)
    m, nd = w.days_mask(k, 1, D)
    pub_t = [w.tpl([s[:400] + "\n\n", ""]) for s in rng.choice(w.ref.public, 40, replace=False)]
    usepub = rng.random(k) < .07
    n = human_n(rng, k, 14, 1.2, 1500)
    w.add(k, cohort="individual", group=np.array([g("ind") for _ in range(k)], dtype=object), cc=cc,
          created=w.created(k, 1, 900), card=w.cards(k), email=w.emails(cc), n=n, mask=m, prof=PROF["evening"],
          sess=rng.uniform(2, 8, k), gap=rng.uniform(20, 120, k), i1o=home[0] + np.arange(k), i1l=1, i1m=3,
          i2o=mo, i2l=ml, i2m=1, i2r=rng.uniform(120, 600, k), p2=np.where(rng.random(k) < .35, rng.uniform(.1, .6, k), 0),
          ua=np.where(rng.random(k) < .8, rng.choice(w.browsers, k), rng.choice(w.sdk, k)),
          ta=np.where(usepub, rng.choice(pub_t, k), -1), p_tpl=np.where(usepub, .6, 0), p_pub=.25,
          p_cot=rng.uniform(0, .12, k), co=C_GEN[0], cn=C_GEN[1], out_med=rng.uniform(150, 450, k),
          mm=rng.choice(4, k, p=[.6, .25, .1, .05]))


# --------------------------------------------------------------------------- rings

def ring_sizes(rng, total: int, mode: str) -> list[int]:
    out = []
    while total >= 3:
        if mode == "small":
            s = int(rng.integers(3, 16))
        elif mode == "large":
            s = int(rng.integers(40, 401))
        else:
            u = rng.random()
            s = int(rng.integers(3, 16)) if u < .6 else int(rng.integers(16, 61)) if u < .9 else int(rng.integers(61, 401))
        s = min(s, total)
        if total - s < 3 and total - s > 0:
            s = total
        out.append(s)
        total -= s
    return out


def ring_task(w: World, rng, para: bool, s: int, kind: int) -> np.ndarray:
    """Per-account template ids for one ring's narrow task (shared wording, or a paraphrase per account)."""
    verbs = {1: R_VERB_MATH, 2: R_VERB_CODE, 3: R_VERB_LOGIC}[kind]
    ps = rng.choice(w.ps_reason, 6)

    def one():
        if rng.random() < .35:  # a promptsource template of a reasoning dataset, slots filled with task items
            return w.ps_tpl(rng.choice(ps), kind, pre=(str(rng.choice(R_OPEN)) + " ").lstrip(), post=" " + str(rng.choice(R_CLOSE)))
        return w.tpl([f"{rng.choice(R_OPEN)} {rng.choice(verbs)}{rng.choice([':', '.', ' -', ':'])}\n".lstrip(),
                      f"\n{rng.choice(R_CLOSE)}"], kind)
    if para:
        return np.array([one() for _ in range(s)])
    base = [one() for _ in range(int(rng.integers(1, 3)))]
    return rng.choice(base, s)


def build_rings(w: World, n_ring: int, P: dict):
    rng, D = w.rng, w.D
    for ri, s in enumerate(ring_sizes(rng, n_ring, w.p.ring_sizes)):
        infra = INFRA[rng.choice(len(INFRA), p=[x[1] for x in INFRA])][0]
        ev = [] if infra == "crude" else [e for e, pr in EVASIONS.items() if rng.random() < pr]
        rid = f"R{ri + 1:03d}"
        cc = w.ccs(s) if rng.random() < .5 else np.full(s, int(w.ccs(1)[0]))
        kind = int(rng.choice([1, 2, 3], p=[.45, .3, .25]))
        ta = ring_task(w, rng, "para" in ev, s, kind)
        kind2 = int(rng.choice([1, 2, 3]))
        tb = ring_task(w, rng, "para" in ev, s, kind2)
        # hydra churn: accounts live 2..D days; the ring keeps a rolling population
        m, nd = w.days_mask(s, 2, D, contiguous=True)
        rate = rng.uniform(20, 80, s) if "lowvol" in ev else rng.uniform(220, 480, s)
        n = np.maximum(3, (rate * nd).astype(int))
        if "aged" in ev:
            created = w.created(s, 60, 500)
        else:  # sign-up waves: batches created within hours, just before each account's first active day
            first = np.array([(int(x) & -int(x)).bit_length() - 1 for x in m])
            created = first * DAY - rng.uniform(.1, 2, s) * DAY
        if infra == "crude":
            cards = np.repeat(w.cards(max(1, s // int(rng.integers(3, 8)) + 1)), 8)[:s]
            cards = rng.permutation(np.resize(cards, s))
            email = np.full(s, str(rng.choice(["mailnesia.com", "tempmail.dev", "inboxkitten.com"])), dtype=object)
        else:
            cards, email = w.cards(s), w.emails(cc)
        kw = dict(i1m=2, i1r=600.0, v6p=0.0, v6m=0, v6hi=0)
        if infra == "resi_proxy":
            ro, rl = P["resi"]
            L = int(rng.integers(300, 1500))
            kw.update(i1o=ro + int(rng.integers(0, max(1, rl - L))), i1l=min(L, rl),
                      i1m=int(rng.choice([0, 2])))
        elif infra == "dc_rotate":
            d = P["dc"][int(rng.integers(len(P["dc"])))]
            kw.update(i1o=d[0], i1l=d[1], i1m=2)
        elif infra == "ipv6":
            d = P["dc"][int(rng.integers(len(P["dc"])))]
            hi = (0x2A0E << 48) | (int(rng.integers(0, 1 << 16)) << 32) | (int(rng.integers(0, 1 << 16)) << 16)
            kw.update(i1o=d[0], i1l=d[1], i1m=2, v6p=.92, v6m=2, v6hi=hi)
        elif infra == "mobile4g":
            c = P["carrier"][int(rng.integers(len(P["carrier"])))]
            kw.update(i1o=c[0][0], i1l=c[0][1], i1m=1, i1r=float(rng.uniform(120, 600)), v6p=.3, v6m=1,
                      v6hi=np.int64(c[2]) | rng.integers(0, 1 << 32, s))
            cc = np.full(s, c[1])
        elif infra == "vpn":
            v = P["vpn"][int(rng.integers(len(P["vpn"])))]
            kw.update(i1o=v[0], i1l=v[1], i1m=0)
        else:  # crude: a couple of own VPS IPs
            cl = w.ref.cloud[str(rng.choice(["digitalocean", "linode", "oracle"]))]
            kw.update(**dict(zip(("i1o", "i1l"), w.ip.add(hosts(rng, cl, int(rng.integers(1, 4)))))), i1m=0)
        ua = rng.choice(w.browsers, s) if "browserua" in ev else \
            np.full(s, w.sdk[int(rng.integers(len(w.sdk)))], dtype=object)
        cot_o, cot_n = (C_RING[0] + rng.integers(0, C_RING[1] - 2, s), 3) if "para" in ev else \
            (C_RING[0] + int(rng.integers(0, C_RING[1] - 2)), 2)
        jitter = "jitter" in ev
        variant = "|".join([infra] + ev)
        w.add(s, cohort="ring", group=rid, is_ring=True, ring=rid, variant=variant, cc=cc, created=created,
              card=cards, email=email, n=n, mask=m, prof=PROF["evening"] if jitter else PROF["flat"],
              machine=not jitter, sess=rng.uniform(10, 40, s), gap=rng.uniform(15, 90, s), gsig=.8,
              ua=ua, ta=ta, tb=tb, p_tpl=rng.uniform(.45, .7, s) if "cover" in ev else rng.uniform(.93, 1, s),
              p_b=.3, p_pub=.5, p_cot=rng.uniform(.6, .95, s), co=cot_o, cn=cot_n,
              out_med=rng.uniform(900, 1800, s), out_sig=.35, mm=int(rng.choice([0, 2])), nkeys=int(rng.integers(1, 4)),
              **kw)
        w.rings.append({"ring_id": rid, "size": s, "variant": variant, "task": ["", "math", "code", "logic"][kind]})


# --------------------------------------------------------------------------- events

def value_banks(w: World) -> dict:
    rng = w.rng
    K = 30000
    a, b, c = rng.integers(2, 99, K), rng.integers(2, 60, K), rng.integers(2, 12, K)
    nm, it = rng.choice(NAMES, K), rng.choice(ITEMS, K)
    sk = rng.integers(0, 6, K)
    math = np.array([[f"{nm[i]} buys {a[i]} {it[i]} at ${b[i]} each and sells them at ${b[i] + c[i]}. What is the profit?",
                      f"Find all real x such that {a[i]}x^2 - {b[i]}x + {c[i]} = 0.",
                      f"A tank fills in {c[i]} hours and drains in {c[i] + b[i] % 7 + 1} hours. How long to fill it with both open?",
                      f"What is the sum of the first {a[i]} terms of an arithmetic sequence starting at {b[i]} with difference {c[i]}?",
                      f"Evaluate the integral of x^{c[i] % 5 + 1} * e^({b[i] % 4 + 1}x) from 0 to {c[i] % 3 + 1}.",
                      f"{nm[i]} has {a[i] * c[i]} {it[i]} shared among {c[i]} friends with {b[i] % 5} left over; how many each?",
                      ][sk[i]] for i in range(K)], dtype=object)
    code = np.array([[f"Given a list of integers, return the length of the longest subarray with sum at most {a[i]}.",
                      f"Parse a CSV string and return the {c[i]} most frequent values in column {b[i] % 5}.",
                      f"Implement an LRU cache of capacity {a[i]} with O(1) get and put.",
                      f"Return all permutations of a string of length up to {c[i]} without duplicates.",
                      f"Merge {c[i]} sorted linked lists into one sorted list.",
                      f"Find the shortest path in a {a[i]}x{b[i]} grid with obstacles using BFS.",
                      ][sk[i]] for i in range(K)], dtype=object)
    logic = np.array([[f"If all {it[i]} are red and {nm[i]} owns {a[i]} {it[i]}, which statement must be true? "
                       "(A) some are blue (B) all are red (C) none are red (D) cannot tell",
                       f"{nm[i]} is older than {NAMES[b[i] % 20]}, who is older than {NAMES[c[i] % 20]}. Who is youngest?",
                       f"A clock shows {c[i]}:{b[i] % 60:02d}. What is the angle between the hands?",
                       f"Three boxes are mislabeled: {it[i]}, pens, mixed. Drawing one item from which box reveals all labels?",
                       f"Is {a[i] * 7 + 1} prime? Justify.",
                       f"If it takes {c[i]} machines {c[i]} minutes to make {c[i]} widgets, how long for {a[i]} machines to make {a[i]}?",
                       ][sk[i]] for i in range(K)], dtype=object)
    return {0: w.ref.sent, 1: math, 2: code, 3: logic}


def _pick(rng, arr, k):
    return arr[rng.integers(0, len(arr), k)]


def gen_events(w: World):
    rng, D = w.rng, w.D
    W = D * DAY
    A = {c: (np.concatenate(v) if v else np.zeros(0)) for c, v in w.cols.items()}
    N = w.n
    for c in ("n", "mask", "prof", "burst_day", "i1o", "i1l", "i1m", "i2o", "i2l", "i2m", "v6m", "ta", "tb", "co",
              "cn", "mm", "nkeys", "cc"):
        A[c] = A[c].astype(np.int64)
    for c in ("created", "sess", "gap", "gsig", "p_burst", "i1r", "i2r", "p2", "v6p", "p_tpl", "p_b", "p_pub",
              "p_cot", "out_med", "out_sig"):
        A[c] = A[c].astype(np.float64)
    A["machine"] = A["machine"].astype(bool)
    A["v6hi"] = A["v6hi"].astype(np.int64)
    n = A["n"]
    E = int(n.sum())
    acct = np.repeat(np.arange(N), n)
    # --- active-day lookup: r-th set bit of a mask
    nbits = np.array([bin(m).count("1") for m in range(1 << D)])
    dmap = np.zeros((1 << D, D), dtype=np.int64)
    for m in range(1, 1 << D):
        b = [d for d in range(D) if m >> d & 1]
        dmap[m, :len(b)] = b
    mask = A["mask"].copy()
    mask[mask == 0] = (1 << D) - 1
    nb = nbits[mask]
    # --- human sessions
    nsess = np.maximum(1, np.round(n / A["sess"])).astype(np.int64)
    sess = (rng.random(E) * nsess[acct]).astype(np.int64)
    key = acct * 1_000_003 + sess
    u1 = (mix64(key * 3 + 1) % np.uint64(1 << 30)).astype(np.float64) / (1 << 30)
    u2 = (mix64(key * 3 + 2) % np.uint64(1 << 30)).astype(np.float64) / (1 << 30)
    u3 = (mix64(key * 3 + 3) % np.uint64(1 << 30)).astype(np.float64) / (1 << 30)
    day = dmap[mask[acct], (u1 * nb[acct]).astype(np.int64)]
    burst = (A["burst_day"][acct] >= 0) & (u3 < A["p_burst"][acct])
    day = np.where(burst, A["burst_day"][acct], day)
    prof = A["prof"][acct]
    hour = np.zeros(E, dtype=np.int64)
    for p in range(len(PROFILES)):
        s = prof == p
        hour[s] = np.searchsorted(CDF[p], u2[s], side="right")
    hour = np.minimum(hour, 23)
    tz = TZ[A["cc"]][acct]
    t0 = day * DAY + (hour - tz) * HOUR + ((u3 * 7919) % 1) * HOUR
    order = np.lexsort((rng.random(E), key))
    gap = np.exp(rng.normal(np.log(A["gap"][acct[order]]), A["gsig"][acct[order]]))
    ks = key[order]
    first = np.r_[True, ks[1:] != ks[:-1]]
    cs = np.cumsum(gap)
    base = np.maximum.accumulate(np.where(first, cs, 0))
    off = np.empty(E)
    off[order] = np.where(first, 0, cs - base)
    t = t0 + off
    # --- machine grids (rings without the jitter evasion, heavy apps): evenly spaced over the active span
    mach = A["machine"][acct]
    if mach.any():
        fd = np.array([(int(m) & -int(m)).bit_length() - 1 for m in mask])
        span = nb * DAY
        start_i = np.r_[0, np.cumsum(n)[:-1]]
        k = np.arange(E) - start_i[acct]
        period = span / np.maximum(n, 1)
        phase = rng.uniform(0, 1, N) * period
        tm = fd[acct] * DAY + phase[acct] + k * period[acct] + rng.normal(0, .4, E)
        t = np.where(mach, tm, t)
    t = np.mod(t, W)
    # --- the platform's daily limit
    dd = (t // DAY).astype(np.int64)
    o = np.lexsort((rng.random(E), dd, acct))
    kk = acct[o] * D + dd[o]
    f = np.r_[True, kk[1:] != kk[:-1]]
    gs = np.maximum.accumulate(np.where(f, np.arange(E), 0))
    rank = np.empty(E, dtype=np.int64)
    rank[o] = np.arange(E) - gs
    keep = rank < LIMIT
    acct, t, sess, key = acct[keep], t[keep], sess[keep], key[keep]
    rejected = int((~keep).sum())
    E = len(acct)
    # --- IPs
    ipbank = w.ip.array(np.int64)
    use2 = rng.random(E) < A["p2"][acct]
    io = np.where(use2, A["i2o"][acct], A["i1o"][acct])
    il = np.maximum(1, np.where(use2, A["i2l"][acct], A["i1l"][acct]))
    im = np.where(use2, A["i2m"][acct], A["i1m"][acct])
    ir = np.where(use2, A["i2r"][acct], A["i1r"][acct])
    salt = np.where(use2, 17, 0)
    h_sess = mix64(key * 31 + salt)
    h_time = mix64(acct * 7_777_777 + (t // np.maximum(ir, 1)).astype(np.int64) + salt)
    h_acct = mix64(acct * 101 + salt)
    h_req = rng.integers(0, 1 << 40, E).astype(np.uint64)
    h = np.select([im == 0, im == 1, im == 2], [h_sess, h_time, h_req], h_acct)
    ipi = ipbank[io + (h % il.astype(np.uint64)).astype(np.int64)]
    ip = ip_str(ipi)
    v6 = rng.random(E) < A["v6p"][acct]
    if v6.any():
        a6 = acct[v6]
        hi = A["v6hi"][a6].astype(np.uint64)
        ring48 = A["v6m"][a6] == 2
        sub = (mix64(key[v6] * 13) % np.uint64(1 << 16))
        hi = np.where(ring48, hi | sub, hi)
        lo = mix64(a6 * 1009 + (t[v6] // DAY).astype(np.int64) * 7 + np.where(ring48, key[v6], 0))
        g = [(hi >> np.uint64(s)) & np.uint64(0xFFFF) for s in (48, 32, 16, 0)] + \
            [(lo >> np.uint64(s)) & np.uint64(0xFFFF) for s in (48, 32, 16, 0)]
        hx = [np.char.mod("%x", x.astype(np.int64)).astype(object) for x in g]
        s6 = hx[0]
        for x in hx[1:]:
            s6 = s6 + ":" + x
        ip[v6] = s6
    # --- prompts
    banks = value_banks(w)
    use_t = rng.random(E) < A["p_tpl"][acct]
    use_b = (A["tb"][acct] >= 0) & (rng.random(E) < A["p_b"][acct])
    tid = np.where(use_b, A["tb"][acct], A["ta"][acct])
    use_t &= tid >= 0
    prompt = np.empty(E, dtype=object)
    free = np.flatnonzero(~use_t)
    pub = rng.random(len(free)) < A["p_pub"][acct[free]]
    prompt[free[pub]] = _pick(rng, w.ref.public, int(pub.sum()))
    fs = free[~pub]
    txt = _pick(rng, w.ref.sent, len(fs))
    two = rng.random(len(fs)) < .5
    txt[two] = txt[two] + " " + _pick(rng, w.ref.sent, int(two.sum()))
    prompt[fs] = txt
    ti = np.flatnonzero(use_t)
    tt = tid[ti]
    o = np.argsort(tt, kind="stable")
    ti, tt = ti[o], tt[o]
    cut = np.flatnonzero(np.r_[True, tt[1:] != tt[:-1], True])
    for a_, b_ in zip(cut[:-1], cut[1:]):
        j = tt[a_]
        parts, kind = w.tparts[j], w.tkind[j]
        k = b_ - a_
        s = np.full(k, parts[0], dtype=object)
        for p in parts[1:]:
            s = s + _pick(rng, banks[kind], k) + p
        prompt[ti[a_:b_]] = s
    cot = rng.random(E) < A["p_cot"][acct]
    ci = A["co"][acct[cot]] + (rng.random(int(cot.sum())) * A["cn"][acct[cot]]).astype(np.int64)
    prompt[cot] = prompt[cot] + np.where(rng.random(int(cot.sum())) < .5, "\n\n", " ") + COT[ci]
    # --- the rest
    out_tok = np.maximum(1, np.exp(rng.normal(np.log(A["out_med"][acct]), A["out_sig"][acct]))).astype(np.int64)
    out_tok = np.where(cot, (out_tok * 1.4).astype(np.int64), out_tok).clip(1, 8192)
    model = np.empty(E, dtype=object)
    mmx = A["mm"][acct]
    for mi in range(len(MODEL_MIX)):
        s = mmx == mi
        model[s] = MODELS[rng.choice(len(MODELS), size=int(s.sum()), p=MODEL_MIX[mi])]
    ids = np.array([f"acc_{x:08x}" for x in rng.choice(1 << 32, size=N, replace=False)], dtype=object)
    ki = (rng.random(E) * A["nkeys"][acct]).astype(np.int64)
    api_key = np.char.add(np.char.add("key_", (mix64(np.arange(N) + 99) % np.uint64(10 ** 10)).astype(str)[acct]),
                          np.char.add("_", ki.astype(str))).astype(object)
    ev = pd.DataFrame({"account_id": ids[acct],
                       "timestamp": START + pd.to_timedelta(np.round(t * 1000).astype(np.int64), unit="ms"),
                       "ip": ip, "payment_method": A["card"][acct].astype(object), "prompt": prompt,
                       "user_agent": A["ua"][acct].astype(object), "output_tokens": out_tok, "api_key_id": api_key,
                       "model": model})
    ev = ev.sort_values("timestamp", kind="stable").reset_index(drop=True)
    return ev, A, ids, rejected


def generate(p: Params, out: Path, ref: Ref4 | None = None) -> dict:
    t0 = time.perf_counter()
    ref = ref or Ref4()
    w = World(p, ref)
    P = shared_pools(w)
    build_rings(w, int(round(p.ring_share * p.accounts)), P)
    build_benign(w, p.accounts - w.n, P)
    ev, A, ids, rejected = gen_events(w)
    perm = np.random.default_rng(p.seed + 55_555).permutation(len(ids))
    ac, truth = write_world(out, ev, A, ids, START, perm)
    return write_summary(out, "world5", p, ev, ac, truth, w.rings, t0, LIMIT, p.days, START,
                         rejected_over_limit=rejected)


def main(argv=None) -> int:
    return world_main(argv, __doc__, generate, Params, days=6, max_days=7)


if __name__ == "__main__":
    sys.exit(main())
