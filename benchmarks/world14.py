"""world14: an independent synthetic world of LLM API traffic with planted distillation rings.

Twenty-six days of requests on a fictional platform ("kestrel-4" models, 750 requests per account and
UTC day), written without reading graphhunt's detector. Benign look-alikes (offices, carriers,
campuses, households, VPN users, heavy apps and eleven cohorts of this author's own: agencies, SaaS
sub-accounts, hackathons, eval labs, LLM gateways, browser extensions, SSO roll-outs, internet cafes,
prompt-pack buyers, translation vendors, labelling shifts) live beside ten ring kinds, among them a
reseller "hydra". Prompts are built at run time from the shared prompt and template data
($WORLD14_SHARED_DATA, default /work/shared/data); see docs/WORLD14.md.
"""
from __future__ import annotations

import argparse
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

T0 = 1788998400  # 2026-09-10T00:00:00Z, a Thursday
DAYS = 26
DAY = 86400
T_END = T0 + DAYS * DAY
LIMIT = 750
MODELS = ["kestrel-4-flash", "kestrel-4", "kestrel-4-pro", "kestrel-4-think", "kestrel-4-code"]
assert pd.Timestamp(T0, unit="s", tz="UTC") == pd.Timestamp("2026-09-10", tz="UTC")

# ----------------------------------------------------------------------------------------------- tables
# (country, UTC offset in September, weight, language)
COUNTRIES = [
    ("US", -4, 9, "en"), ("US", -5, 5, "en"), ("US", -7, 6, "en"), ("US", -6, 2, "en"), ("CA", -4, 2, "en"),
    ("BR", -3, 3, "pt"), ("MX", -6, 2, "es"), ("AR", -3, 1, "es"), ("CO", -5, 1, "es"), ("GB", 1, 5, "en"),
    ("DE", 2, 5, "de"), ("FR", 2, 4, "fr"), ("ES", 2, 2, "es"), ("IT", 2, 2, "en"), ("NL", 2, 2, "en"),
    ("PL", 2, 2, "en"), ("SE", 2, 1, "en"), ("UA", 3, 1, "en"), ("TR", 3, 1, "en"), ("IL", 3, 1, "en"),
    ("EG", 3, 1, "en"), ("KE", 3, 1, "en"), ("NG", 1, 2, "en"), ("ZA", 2, 1, "en"), ("AE", 4, 1, "en"),
    ("IN", 5.5, 8, "hi"), ("PK", 5, 2, "en"), ("BD", 6, 1, "en"), ("VN", 7, 2, "en"), ("ID", 7, 2, "en"),
    ("PH", 8, 2, "en"), ("SG", 8, 1, "en"), ("CN", 8, 2, "zh"), ("KR", 9, 2, "en"), ("JP", 9, 3, "ja"),
    ("AU", 10, 2, "en"), ("NZ", 12, 1, "en"),
]
C_CC = np.array([c[0] for c in COUNTRIES], object)
C_TZ = np.array([c[1] for c in COUNTRIES], float)
C_W = np.array([c[2] for c in COUNTRIES], float) / sum(c[2] for c in COUNTRIES)
C_LANG = np.array([c[3] for c in COUNTRIES], object)

# IPv6 /32 (or longer) prefixes of access networks, by country (public allocations of large ISPs and carriers)
V6_HOME = {"US": ["2601:0", "2600:1700", "2603:6010", "2605:a601"], "DE": ["2003:e6", "2a02:8108"], "FR": ["2a01:cb00", "2a01:e0a"],
           "GB": ["2a00:23c5", "2a02:c7f"], "IN": ["2401:4900", "2409:40c0"], "JP": ["240b:10", "2400:4050"],
           "BR": ["2804:14c", "2804:7f0"], "CN": ["240e:3b0"], "AU": ["2001:8003"], "CA": ["2607:fea8"],
           "*": ["2a02:2f0", "2a0a:a540", "2001:4451"]}
V6_MOBILE = {"US": ["2607:fb90", "2600:1000", "2600:380"], "IN": ["2409:4040", "2401:4900"], "DE": ["2a01:598"],
             "GB": ["2a01:4c8"], "JP": ["240a:61"], "BR": ["2804:18"], "PH": ["2001:4454"], "ID": ["2001:448a"],
             "*": ["2a02:3030", "2a01:e5c0"]}
V6_UNI = ["2001:630", "2001:638", "2607:f010", "2001:da8", "2001:288", "2001:4ca0"]

HOURS = np.arange(24)


def _prof(peaks, floor=0.02):
    p = np.full(24, floor)
    for c, s, a in peaks:
        d = np.minimum(np.abs(HOURS - c), 24 - np.abs(HOURS - c))
        p = p + a * np.exp(-0.5 * (d / s) ** 2)
    return p / p.sum()


PROF = {
    "home": _prof([(20.5, 2.2, 1.0), (12.5, 2.5, 0.45), (8.0, 1.2, 0.2)]),
    "office": _prof([(10.3, 1.5, 1.0), (15.0, 1.8, 0.9)], 0.004),
    "student": _prof([(22.5, 2.5, 1.0), (14.0, 2.5, 0.6), (1.5, 1.5, 0.45)]),
    "flat": np.full(24, 1 / 24),
    "cafe": _prof([(17.0, 3.0, 1.0), (12.0, 2.0, 0.4)], 0.003),
    "night": _prof([(2.0, 1.5, 1.0)], 0.01),
}
WD = {"all": np.ones(7), "work": np.array([1, 1, 1, 1, 0.95, 0.07, 0.05]),
      "home": np.array([0.8, 0.8, 0.85, 0.85, 0.9, 1.25, 1.3]), "student": np.array([1, 1, 1, 1, 0.8, 0.55, 0.85])}

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:129.0) Gecko/20100101 Firefox/129.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 Edg/128.0.2739.79",
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
]
SDKS = ["kestrel-python/2.4.1", "kestrel-python/2.3.0", "kestrel-python/2.5.0", "kestrel-node/1.9.3", "kestrel-node/1.8.0",
        "python-requests/2.32.3", "python-requests/2.31.0", "python-httpx/0.27.2", "aiohttp/3.10.5", "curl/8.7.1",
        "Go-http-client/2.0", "axios/1.7.7", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
        "langchain-kestrel/0.3.1", "litellm/1.48.2", "llama-index-llms-kestrel/0.2.0", "PostmanRuntime/7.42.0",
        "Java-http-client/21.0.4", "RestSharp/112.0.0.0", "Dart/3.5 (dart:io)", "kestrel-go/0.9.1", "Ruby"]
MOBILE_UA = ["Pocketmind/5.2.1 (iPhone; iOS 18.0; Scale/3.00)", "Pocketmind/5.2.0 (Linux; Android 14; SM-S918B)",
             "Pocketmind/5.1.7 (Linux; Android 13; Pixel 7)", "okhttp/4.12.0", "CFNetwork/1568.100.1 Darwin/24.0.0",
             "Dalvik/2.1.0 (Linux; U; Android 14; 23078PND5G Build/UKQ1.230804.001)"]
WEBMAIL = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "proton.me", "gmx.de", "web.de",
           "yandex.ru", "qq.com", "163.com", "naver.com", "mail.ru", "orange.fr", "libero.it", "rediffmail.com"]
WEBMAIL_W = np.array([40, 12, 5, 6, 6, 3, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1], float)
WEBMAIL_W /= WEBMAIL_W.sum()
TEMPMAIL = ["tmpbox.net", "dropmail.me", "10minutemail.net", "mailpoof.com", "fakeinbox.org", "spamgourmet.net"]

# chain-of-thought requests: this author's list, several languages and registers
COT = ["Let's think step by step.", "Show your work before giving the final answer.",
       "Explain your reasoning in detail, then state the answer.",
       "Think it through carefully and write out every intermediate step.",
       "Walk me through the solution methodically before you conclude.",
       "First reason about the problem inside <think></think> tags, then answer.",
       "Give a thorough derivation, then the result on its own line starting with 'Final answer:'.",
       "Reason carefully and justify each step.", "Denke Schritt für Schritt nach und erkläre deinen Lösungsweg.",
       "Razona paso a paso antes de responder.", "Réfléchis étape par étape et détaille ton raisonnement.",
       "Pense passo a passo e mostre o raciocínio.", "请一步一步地思考，并写出详细的推理过程。", "段階的に考えて、推論の過程を説明してください。",
       "Рассуждай пошагово и объясни ход решения.", "단계별로 생각하고 풀이 과정을 보여 주세요."]
# reasoning asked for without any step-by-step phrase (org_cloak's trick)
COT_JSON = ['Respond only with JSON: {"analysis": "<your complete derivation, every intermediate result>", "verdict": "<short answer>"}',
            'Return a JSON object with the keys "analysis" (a long, exhaustive working-out) and "final".',
            "Before the answer, list every sub-question that has to be settled and settle each of them in turn.",
            'Format: <analysis>...full working...</analysis><final>...</final>']
EVAL_COT = ["Let's think step by step.", "Answer with a brief rationale, then the answer.", "Show your reasoning, then answer."]
LANG_WRAP = {"de": ["Kannst du mir helfen? {}", "Bitte kurz: {}", "{} (bitte auf Deutsch antworten)"],
             "es": ["¿Me puedes ayudar con esto? {}", "{} Responde en español, por favor."],
             "fr": ["Peux-tu m'aider ? {}", "{} Réponds en français stp."],
             "pt": ["Pode me ajudar com isso? {}", "{} Responda em português."],
             "ja": ["次の件について教えてください：{}", "{}（日本語で答えてください）"],
             "zh": ["请帮我看看：{}", "{} 请用中文回答。"], "hi": ["कृपया मदद करें: {}", "{} (please answer in simple English)"]}
WRAP = ["{}", "{}", "{}", "Can you help me with this? {}", "Quick question: {}", "{} Any ideas?", "pls help: {}",
        "I need some help. {}", "{} Keep it short.", "Hey, {}", "{} Thanks in advance!", "So here's my situation. {}",
        "{} What would you suggest?", "Be honest: {}", "My boss asked me this. {}"]
FOLLOW = ["Make it shorter.", "Now in {lang}.", "What about {topic}?", "Give me {n} more examples.", "Can you rewrite that for a {topic}?",
          "That's wrong, try again.", "Explain that like I'm 12.", "Turn this into a table.", "Add a conclusion.",
          "Use fewer bullet points.", "more formal please", "Which of these is best for a {topic}?", "continue",
          "Summarize the above in {n} sentences.", "why?", "Can you give sources?", "ok and the {topic} part?",
          "Shorter, and drop the intro.", "Translate the last answer to {lang}.", "Give me {n} title ideas."]
LANGS = ["German", "Spanish", "French", "Portuguese", "Japanese", "Hindi", "Italian", "Korean", "Polish", "Turkish"]
CODE_LANGS = ["Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C#", "SQL", "Bash", "Kotlin"]
CODE_ASK = ["Why does this {lang} code fail?\n```\n{code}\n```", "Refactor this {lang} snippet:\n{code}",
            "Write unit tests for:\n```\n{code}\n```", "{code}\n\nWhat's the time complexity?",
            "Convert to {lang}:\n```\n{code}\n```", "Fix the bug: {code}", "Add type hints and docstrings:\n{code}"]
CODE_SHAPES = ["def {a}({b}, {c}):\n    return [{b}[i] + {c} for i in range(len({b}))]",
               "for {a} in {b}:\n    if {a}.{c} is None:\n        {b}.remove({a})",
               "function {a}({b}) {{ return {b}.map(x => x.{c}).filter(Boolean); }}",
               "SELECT {a}, COUNT(*) FROM {b} WHERE {c} > 10 GROUP BY {a} ORDER BY 2 DESC;",
               "let {a} = {b}.iter().filter(|x| x.{c}).count();",
               "const {a} = await fetch(`/api/{b}/${{{c}}}`).then(r => r.json());",
               "class {A}:\n    def __init__(self, {b}):\n        self.{c} = {b}\n    def {a}(self):\n        return self.{c} * 2"]

CAPS = {
    "math": ["math_dataset", "math_qa", "aqua_rat", "numer_sense", "drop"],
    "code": ["code_x_glue_tc_text_to_code", "openai_humaneval", "great_code", "neural_code_search", "mbpp"],
    "reasoning": ["commonsense_qa", "cosmos_qa", "piqa", "social_i_qa", "hellaswag", "winogrande", "ai2_arc",
                  "openbookqa", "qasc", "riddle_sense", "codah", "quartz", "quarel", "art"],
    "reading": ["squad", "squad_v2", "quoref", "ropes", "duorc", "adversarial_qa", "race", "quail", "coqa", "narrativeqa"],
    "nli": ["anli", "multi_nli", "snli", "xnli", "super_glue", "glue", "hans", "scitail", "esnli"],
    "summarise": ["cnn_dailymail", "xsum", "gigaword", "multi_news", "samsum", "scitldr", "billsum"],
    "medical": ["pubmed_qa", "head_qa", "medical_questions_pairs", "health_fact", "covid_qa_castorini", "cord19"],
    "classify": ["ag_news", "dbpedia_14", "yelp_review_full", "amazon_polarity", "tweet_eval", "emotion", "banking77",
                 "trec", "financial_phrasebank", "app_reviews", "yahoo_answers_topics", "sms_spam", "imdb", "rotten_tomatoes"],
}
# word swaps one rewording operator draws from (per account a different choice for each)
SYN = {"following": ["below", "given", "next"], "question": ["query", "problem", "item"], "answer": ["reply", "response", "solution"],
       "passage": ["text", "excerpt", "paragraph"], "article": ["story", "news piece", "text"], "Answer": ["Respond to", "Reply to", "Solve"],
       "What": ["Which", "What exactly"], "Given": ["Based on", "Considering", "Using"], "Read": ["Look at", "Go through", "Study"],
       "text": ["passage", "content", "snippet"], "sentence": ["statement", "line", "clause"], "correct": ["right", "best", "valid"],
       "choose": ["pick", "select", "decide on"], "Choose": ["Pick", "Select", "Decide on"], "options": ["choices", "alternatives"],
       "Determine": ["Figure out", "Decide", "Work out"], "true": ["correct", "accurate"], "following:": ["below:", "next:"],
       "Summarize": ["Condense", "Sum up", "Give a summary of"], "write": ["produce", "compose", "draft"], "Write": ["Produce", "Compose", "Draft"],
       "based": ["relying", "drawing"], "context": ["background", "setting"], "Question:": ["Q:", "Query:", "Problem:"],
       "Answer:": ["A:", "Response:", "Solution:"], "Context:": ["Background:", "Passage:", "Source:"], "the": ["the", "the", "this"]}
LEADS = ["Please handle the task below.", "Task:", "Here is another one.", "New item.", "Next input follows.", "Process this:",
         "I am preparing study material.", "For my notes:", "Input record:", "Case:", "Exercise:", "Please help with this one."]
TLD = ["com", "io", "net", "co", "ai", "dev", "app", "xyz", "site", "online", "tech", "biz"]


def v4s(a) -> list[str]:
    return [f"{x >> 24}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}" for x in np.asarray(a, np.int64).tolist()]


def _cidrs(lines) -> tuple[np.ndarray, np.ndarray]:
    s = pd.Series([x.strip() for x in lines if x.strip() and not x.startswith("#") and "/" in x and ":" not in x])
    p = s.str.split("/", expand=True)
    o = p[0].str.split(".", expand=True).astype(np.int64).to_numpy()
    net = (o[:, 0] << 24) | (o[:, 1] << 16) | (o[:, 2] << 8) | o[:, 3]
    return net.astype(np.int64), p[1].astype(int).to_numpy()


# ----------------------------------------------------------------------------------------------- shared data
class Shared:
    def __init__(self, root: Path):
        self.root = root
        df = pd.read_csv(root / "prompts" / "awesome-chatgpt-prompts.csv", dtype=str, keep_default_na=False)
        df = df[df.prompt.str.len() > 40]
        self.acts = df.act.tolist()
        self.awesome = df.prompt.tolist()
        sents, reqs = set(), set()
        for p in self.awesome:
            for s in re.split(r"(?<=[.!?])\s+", p.replace("\n", " ")):
                s = s.strip()
                if 25 <= len(s) <= 260:
                    if re.search(r"first (request|sentence|command|question|suggestion)", s, re.I):
                        m = re.search(r'"([^"]{15,200})"', s)
                        if m:
                            reqs.add(m.group(1))
                    elif "act as" not in s and "I want you" not in s:
                        sents.add(s)
        self.sents = np.array(sorted(sents), object)
        self.reqs = np.array(sorted(reqs), object)
        self.vocab = np.array(sorted({w for w in re.findall(r"\b[a-z]{4,12}\b", " ".join(self.awesome))}), object)
        self.acts_a = np.array(sorted({a.strip() for a in self.acts if 3 <= len(a) <= 40}), object)
        self.templates = self._templates(root / "prompts" / "promptsource-templates")
        # IPv4 prefix -> ASN table and AS names
        d = pd.read_csv(root / "ip" / "pyasn" / "ipasn_20140513.dat.gz", sep="\t", comment=";", header=None, names=["p", "asn"])
        net, plen = _cidrs(d.p.tolist())
        keep = (plen >= 12) & (plen <= 24)
        self.pnet, self.plen, self.pasn = net[keep], plen[keep], d.asn.to_numpy()[keep]
        with gzip.open(root / "ip" / "pyasn" / "asnames.json.gz", "rt", encoding="utf-8") as f:
            self.asnames = json.load(f)
        rd = lambda p: (root / "ip" / p).read_text().splitlines()  # noqa: E731
        self.vpn = _cidrs(rd("vpn/x4b_vpn_ipv4.txt"))
        self.dc = _cidrs(rd("vpn/x4b_datacenter_ipv4.txt"))
        self.cloud = {c: _cidrs(rd(f"cloud/{c}/ipv4_merged.txt")) for c in
                      ("amazon", "google", "microsoft", "oracle", "digitalocean", "linode", "cloudflare")}
        tor = [x.strip() for x in rd("tor/tor-exit-nodes.lst") if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", x.strip())]
        self.tor = np.array(sorted(tor), object)

    @staticmethod
    def _templates(base: Path):
        L = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class Ld(L):
            pass

        Ld.add_constructor("!Template", lambda l, n: l.construct_mapping(n, deep=True))
        Ld.add_constructor("!TemplateMetadata", lambda l, n: l.construct_mapping(n, deep=True))
        out = []
        for f in sorted(base.glob("**/templates.yaml")):
            ds = f.parent.relative_to(base).parts[0]
            with open(f, encoding="utf-8") as fh:
                d = yaml.load(fh, Loader=Ld) or {}
            for tid in sorted((d.get("templates") or {})):
                t = d["templates"][tid]
                j = str(t.get("jinja") or "").split("|||")[0]
                j = re.sub(r"{%.*?%}", " ", j, flags=re.S)
                bits = re.split(r"{{(.*?)}}", j, flags=re.S)
                lits, kinds = [bits[0]], []
                for k in range(1, len(bits), 2):
                    kinds.append(_slot_kind(bits[k]))
                    lits.append(bits[k + 1])
                lits = [re.sub(r"[ \t]+", " ", x) for x in lits]
                words = sum(len(re.findall(r"[A-Za-z]{2,}", x)) for x in lits)
                if kinds and words >= 4 and len("".join(lits)) < 600:
                    out.append({"ds": ds, "name": str(t.get("name", tid)), "lits": lits, "kinds": kinds})
        return out


def _slot_kind(e: str) -> str:
    e = e.lower()
    if "choice" in e or "option" in e or "candidates" in e:
        return "choices"
    if re.search(r"text|passage|context|article|document|paragraph|story|review|content|abstract|dialog|summary|support|"
                 r"background|premise|hypothesis|sentence|tweet|claim|evidence|body|code|docstring|comment", e):
        return "passage"
    if re.search(r"question|query|prompt|problem", e):
        return "question"
    if re.search(r"title|topic|subject|entity|name|category|word|target|head|tail|person", e):
        return "topic"
    if re.search(r"num|year|count|idx|\d", e):
        return "number"
    return "short"


# ----------------------------------------------------------------------------------------------- prompts
class Prompts:
    def __init__(self, rng: np.random.Generator, S: Shared):
        self.rng, self.S = rng, S

    def sents(self, n, mutate=0.5):
        rng, S = self.rng, self.S
        s = S.sents[rng.integers(0, len(S.sents), n)]
        m = np.flatnonzero(rng.random(n) < mutate)
        if len(m):
            rep = S.vocab[rng.integers(0, len(S.vocab), len(m))]
            pos = rng.random(len(m))
            out = s.tolist()
            for i, r, p in zip(m.tolist(), rep.tolist(), pos.tolist()):
                w = out[i].split(" ")
                w[int(p * len(w))] = r
                out[i] = " ".join(w)
            return out
        return s.tolist()

    def passage(self, n, lo=1, hi=3):
        k = self.rng.integers(lo, hi + 1, n)
        s = self.sents(int(k.sum()))
        off = np.r_[0, np.cumsum(k)].tolist()
        return [" ".join(s[a:b]) for a, b in zip(off[:-1], off[1:])]

    def topic(self, n):
        return self.S.acts_a[self.rng.integers(0, len(self.S.acts_a), n)].tolist()

    def fill(self, kind, n):
        rng, S = self.rng, self.S
        if kind == "passage":
            return self.passage(n)
        if kind == "question":
            q = self.sents(n, 0.7)
            return [x.rstrip(".!") + "?" if i % 3 else "Why " + x[0].lower() + x[1:].rstrip(".!") + "?"
                    for i, x in enumerate(q)]
        if kind == "choices":
            v = S.vocab[rng.integers(0, len(S.vocab), (n, 3))]
            return [", ".join(r) for r in v.tolist()]
        if kind == "topic":
            return self.topic(n)
        if kind == "number":
            return [str(x) for x in rng.integers(2, 2000, n).tolist()]
        return [" ".join(r) for r in S.vocab[rng.integers(0, len(S.vocab), (n, 2))].tolist()]

    def render(self, tpl, n, lits=None):
        lits = lits or tpl["lits"]
        cols = [self.fill(k, n) for k in tpl["kinds"]]
        out = []
        for row in zip(*cols):
            s = lits[0]
            for v, lit in zip(row, lits[1:]):
                s += v + lit
            out.append(s.strip())
        return out

    def code(self, n):
        rng, V = self.rng, self.S.vocab
        sh = rng.integers(0, len(CODE_SHAPES), n)
        ask = rng.integers(0, len(CODE_ASK), n)
        lg = rng.integers(0, len(CODE_LANGS), n)
        w = V[rng.integers(0, len(V), (n, 3))].tolist()
        return [CODE_ASK[k].format(lang=CODE_LANGS[g], code=CODE_SHAPES[s].format(a=x[0], b=x[1], c=x[2], A=x[0].title()))
                for k, s, g, x in zip(ask.tolist(), sh.tolist(), lg.tolist(), w)]

    def chat(self, n, lang=None, p=(0.1, 0.5, 0.2, 0.13, 0.07)):
        """ordinary chat traffic: persona prompts, questions, follow-ups, code, copied exercise templates"""
        rng, S = self.rng, self.S
        out = np.empty(n, object)
        k = rng.choice(5, n, p=list(p))
        i0 = np.flatnonzero(k == 0)
        out[i0] = S.awesome_a[rng.integers(0, len(S.awesome_a), len(i0))] if len(i0) else []
        i1 = np.flatnonzero(k == 1)
        if len(i1):
            two = rng.random(len(i1)) < 0.35
            a = self.sents(len(i1), 0.6)
            b = self.sents(int(two.sum()), 0.6)
            it = iter(b)
            body = [x + " " + next(it) if t else x for x, t in zip(a, two.tolist())]
            wr = rng.integers(0, len(WRAP), len(i1)).tolist()
            out[i1] = [WRAP[w].format(x) for w, x in zip(wr, body)]
        i2 = np.flatnonzero(k == 2)
        if len(i2):
            f = rng.integers(0, len(FOLLOW), len(i2)).tolist()
            tp = self.topic(len(i2))
            lg = rng.integers(0, len(LANGS), len(i2)).tolist()
            nn = rng.integers(2, 9, len(i2)).tolist()
            out[i2] = [FOLLOW[a].format(lang=LANGS[b], topic=t.lower(), n=c) for a, b, t, c in zip(f, lg, tp, nn)]
        i3 = np.flatnonzero(k == 3)
        if len(i3):
            out[i3] = self.code(len(i3))
        i4 = np.flatnonzero(k == 4)
        if len(i4):
            ti = rng.integers(0, len(S.templates), len(i4))
            res = []
            for t in np.unique(ti).tolist():
                m = np.flatnonzero(ti == t)
                res.append((m, self.render(S.templates[t], len(m))))
            tmp = np.empty(len(i4), object)
            for m, r in res:
                tmp[m] = r
            out[i4] = tmp
        if lang is not None:
            lang = np.asarray(lang, object)
            for lg, wraps in LANG_WRAP.items():
                m = np.flatnonzero((lang == lg) & (rng.random(n) < 0.3))
                if len(m):
                    wi = rng.integers(0, len(wraps), len(m)).tolist()
                    out[m] = [wraps[a].format(x) for a, x in zip(wi, out[m].tolist())]
        return out.tolist()


def reword(lits, rng):
    """one account's own wording of a template: word swaps, a lead-in and a changed closing"""
    swaps = {k: v[int(rng.integers(0, len(v)))] for k, v in SYN.items() if rng.random() < 0.7}
    out = []
    for x in lits:
        toks = re.split(r"(\s+)", x)
        out.append("".join(swaps.get(t, t) for t in toks))
    r = rng.random()
    if r < 0.4:
        out[0] = LEADS[int(rng.integers(0, len(LEADS)))] + " " + out[0]
    elif r < 0.7:
        out[-1] = out[-1].rstrip() + ("\n" if rng.random() < 0.5 else " ") + LEADS[int(rng.integers(0, len(LEADS)))]
    if rng.random() < 0.5:
        out = [x.replace("\n", " ") for x in out]
    return out


# ----------------------------------------------------------------------------------------------- world
class World:
    def __init__(self, rng: np.random.Generator, S: Shared):
        self.rng, self.S = rng, S
        S.awesome_a = np.array([x for x in S.awesome if len(x) <= 6000], object)  # pasted personas, not whole books
        self.P = Prompts(rng, S)
        self.A = {k: [] for k in ("cohort", "group", "variant", "ring", "created", "card", "domain", "country", "org",
                                  "ua0", "ua1")}
        self.ev = []
        self.ip_list: list[str] = []
        self.ua_list: list[str] = []
        self.ua_idx: dict[str, int] = {}
        self.pay_list: list[str] = []
        self.prompt_chunks: list[pa.Array] = []
        self.n_prompts = 0
        self.groups: dict[str, dict] = {}
        self.cohort_info: dict[str, dict] = {}
        self.rings: list[dict] = []
        self._ip_prep()

    # --- string tables
    def ips(self, strs) -> np.ndarray:
        b = len(self.ip_list)
        self.ip_list.extend(strs)
        return np.arange(b, len(self.ip_list), dtype=np.int64)

    def ua(self, s: str) -> int:
        if s not in self.ua_idx:
            self.ua_idx[s] = len(self.ua_list)
            self.ua_list.append(s)
        return self.ua_idx[s]

    def prompts(self, strs) -> np.ndarray:
        b = self.n_prompts
        arr = pa.array(strs, pa.large_string())
        self.prompt_chunks.append(arr)
        self.n_prompts += len(arr)
        return np.arange(b, self.n_prompts, dtype=np.int64)

    def tokens(self, n, k=14, alpha="abcdefghijklmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789"):
        a = np.array(list(alpha), object)
        m = a[self.rng.integers(0, len(a), (n, k))]
        return ["".join(r) for r in m.tolist()]

    def cards(self, n) -> np.ndarray:
        rng = self.rng
        kind = rng.choice(4, n, p=[0.55, 0.25, 0.12, 0.08])
        tok = self.tokens(n, 16)
        pre = np.array(["pm_", "card_fp:", "ppba-", "sepa_mandate:"], object)[kind]
        b = len(self.pay_list)
        self.pay_list.extend([p + t for p, t in zip(pre.tolist(), tok)])
        return np.arange(b, len(self.pay_list), dtype=np.int64)

    def pay_token(self, s: str) -> int:
        self.pay_list.append(s)
        return len(self.pay_list) - 1

    def name(self, k=2, sep="-"):
        v = self.S.vocab
        return sep.join(v[self.rng.integers(0, len(v), k)].tolist())

    def company_domain(self):
        return self.name(2, "") + "." + TLD[int(self.rng.integers(0, len(TLD)))] if self.rng.random() < 0.5 else \
            self.name(2, "-") + "." + TLD[int(self.rng.integers(0, 4))]

    # --- accounts
    def accounts(self, n, cohort, group="", variant="", ring="", created=None, card=None, domain=None, country=None,
                 org="", ua0=None, ua1=None, tz=None):
        rng = self.rng
        b = len(self.A["cohort"])
        if country is None:
            ci = rng.choice(len(COUNTRIES), n, p=C_W)
            country, tz_ = C_CC[ci], C_TZ[ci]
        else:
            country = np.broadcast_to(np.asarray(country, object), (n,))
            tz_ = np.array([dict((c[0], c[1]) for c in COUNTRIES[::-1]).get(c, 0.0) for c in country.tolist()], float)
        if tz is not None:
            tz_ = np.broadcast_to(np.asarray(tz, float), (n,)).copy()
        if created is None:
            created = self.created_before(n)
        if card is None:
            card = self.cards(n)
        if domain is None:
            domain = rng.choice(WEBMAIL, n, p=WEBMAIL_W)
        if ua0 is None:
            ua0 = [self.ua(s) for s in rng.choice(SDKS, n).tolist()]
        if ua1 is None:
            ua1 = ua0
        bc = lambda x: np.broadcast_to(np.asarray(x, object), (n,)).tolist()  # noqa: E731
        self.A["cohort"] += bc(cohort)
        self.A["group"] += bc(group)
        self.A["variant"] += bc(variant)
        self.A["ring"] += bc(ring)
        self.A["created"] += np.broadcast_to(np.asarray(created, np.int64), (n,)).tolist()
        self.A["card"] += np.broadcast_to(np.asarray(card, np.int64), (n,)).tolist()
        self.A["domain"] += bc(domain)
        miss = rng.random(n) < 0.03  # some sign-ups never gave a country
        self.A["country"] += [None if m else c for m, c in zip(miss.tolist(), country.tolist())]
        self.A["org"] += bc(org)
        self.A["ua0"] += np.broadcast_to(np.asarray(ua0, np.int64), (n,)).tolist()
        self.A["ua1"] += np.broadcast_to(np.asarray(ua1, np.int64), (n,)).tolist()
        return np.arange(b, b + n), tz_, np.asarray(country, object)

    def created_before(self, n, lo=3, hi=1100):
        """sign-ups before the window, heavy-tailed in age; a few during it"""
        rng = self.rng
        age = np.exp(rng.uniform(np.log(lo), np.log(hi), n))
        t = T0 - (age * DAY).astype(np.int64) + rng.integers(0, DAY, n)
        dur = rng.random(n) < 0.12
        t[dur] = T0 + rng.integers(0, (DAYS - 2) * DAY, int(dur.sum()))
        return t

    def group(self, gid, cohort, size, **kw):
        self.groups[gid] = {"cohort": cohort, "size": int(size), **kw}

    # --- events
    def emit(self, acc, t, ip, prm, ua=None, tok=None, mod=None, pay=None):
        n = len(acc)
        f = lambda x, v, d: np.full(n, v, d) if x is None else np.asarray(x, d)  # noqa: E731
        self.ev.append((np.asarray(acc, np.int64), np.asarray(np.round(t * 1000), np.int64), f(ip, -1, np.int64),
                        f(prm, -1, np.int64), f(ua, -1, np.int64), f(tok, -1, np.int64), f(mod, 1, np.int8),
                        f(pay, -2, np.int64)))

    def days(self, lo, hi, wd="all"):
        rng = self.rng
        w = WD[wd]
        span = np.maximum(hi - lo, 1)
        d = lo + (rng.random(len(lo)) * span).astype(np.int64)
        if wd != "all":
            for _ in range(5):
                rej = rng.random(len(d)) > w[(d + 3) % 7] / w.max()
                if not rej.any():
                    break
                d[rej] = lo[rej] + (rng.random(int(rej.sum())) * span[rej]).astype(np.int64)
        return d

    def activity(self, created, n, pa_=0.9, pb=2.2, med=6.0, sig=1.0, tail=0.03, end=None):
        """per account: first and last active day, active days, requests (heavy tailed)"""
        rng = self.rng
        lo = np.clip((np.asarray(created) - T0) // DAY + 1, 0, DAYS - 1)
        hi = np.full(n, DAYS) if end is None else np.asarray(end)
        churn = rng.random(n) < 0.15
        hi = np.where(churn, np.minimum(hi, lo + 1 + rng.geometric(0.2, n)), hi)
        hi = np.maximum(hi, lo + 1)
        p = rng.beta(pa_, pb, n)
        nd = np.maximum(rng.binomial(hi - lo, p), 1)
        rpd = rng.lognormal(np.log(med), sig, n) * np.where(rng.random(n) < tail, 2 + rng.pareto(1.3, n), 1)
        ne = np.maximum(np.round(nd * rpd), 1).astype(np.int64)
        return lo, hi, nd, ne

    def sessions(self, ne, ns, lo, hi, prof, tz, wd="all", gap=40.0, gsig=1.0, day_of=None):
        """events grouped in sessions: a local start hour from the profile, gaps lognormal within a session.
        Returns account position per event, time (s) and session id; session -> position via spos."""
        rng = self.rng
        ne = np.asarray(ne, np.int64)
        ns = np.where(ne > 0, np.clip(np.minimum(ns, ne), 1, None), 0).astype(np.int64)
        A = len(ne)
        spos = np.repeat(np.arange(A), ns)
        S = len(spos)
        day = self.days(np.asarray(lo)[spos], np.asarray(hi)[spos], wd) if day_of is None else day_of(spos)
        hr = rng.choice(24, S, p=PROF[prof] if isinstance(prof, str) else prof) + rng.random(S)
        start = T0 + day * DAY + (hr - np.asarray(tz, float)[spos]) * 3600.0
        pos = np.repeat(np.arange(A), ne)
        soff = np.cumsum(ns) - ns
        sid = soff[pos] + (rng.random(len(pos)) * ns[pos]).astype(np.int64)
        sid.sort()
        pos = spos[sid]
        g = rng.lognormal(np.log(gap), gsig, len(sid))
        cs = np.cumsum(g)
        first = np.r_[True, sid[1:] != sid[:-1]] if len(sid) else np.zeros(0, bool)
        base = np.maximum.accumulate(np.where(first, cs, 0.0)) if len(sid) else cs
        t = start[sid] + cs - base
        return pos, t, sid, spos

    def uniform_times(self, ne, lo, hi, prof="flat", tz=0.0):
        rng = self.rng
        ne = np.asarray(ne, np.int64)
        pos = np.repeat(np.arange(len(ne)), ne)
        lo_, hi_ = np.asarray(lo)[pos], np.asarray(hi)[pos]
        day = lo_ + (rng.random(len(pos)) * np.maximum(hi_ - lo_, 1)).astype(np.int64)
        hr = rng.choice(24, len(pos), p=PROF[prof]) + rng.random(len(pos))
        tzv = np.broadcast_to(np.asarray(tz, float), (len(ne),))[pos]
        return pos, T0 + day * DAY + (hr - tzv) * 3600.0

    def loop_times(self, ne, lo, hi, h0, dur, jitter=0.03):
        """a script sending at even gaps inside a daily window [h0, h0+dur) UTC"""
        rng = self.rng
        ne = np.asarray(ne, np.int64)
        pos = np.repeat(np.arange(len(ne)), ne)
        rank = np.arange(len(pos)) - np.repeat(np.cumsum(ne) - ne, ne)
        nd = np.maximum(np.asarray(hi) - np.asarray(lo), 1)
        per = np.maximum(np.ceil(ne / nd), 1).astype(np.int64)
        g = np.asarray(dur, float) * 3600.0 / per
        day = np.asarray(lo)[pos] + rank // per[pos]
        slot = rank % per[pos]
        t = T0 + day * DAY + np.asarray(h0, float)[pos] * 3600.0 + slot * g[pos] + rng.normal(0, jitter, len(pos)) * g[pos]
        return pos, t

    def cron_times(self, ne, lo, hi, hours, batch, gapb=2.0):
        """batches of `batch` requests at each account's fixed UTC hours (hours: A x H array)"""
        rng = self.rng
        ne = np.asarray(ne, np.int64)
        H = hours.shape[1]
        pos = np.repeat(np.arange(len(ne)), ne)
        rank = np.arange(len(pos)) - np.repeat(np.cumsum(ne) - ne, ne)
        b = np.asarray(batch, np.int64)[pos]
        bi = rank // b
        span = np.maximum(np.asarray(hi) - np.asarray(lo), 1)[pos]
        day = np.asarray(lo)[pos] + (bi // H) % span
        slot = bi % H
        t = T0 + day * DAY + hours[pos, slot] * 3600.0 + (rank % b) * gapb + rng.exponential(0.4, len(pos))
        return pos, t

    def otok(self, n, med, sig=0.7):
        return np.maximum(np.round(self.rng.lognormal(np.log(med), sig, n)), 1).astype(np.int64)

    def models(self, n, p):
        return self.rng.choice(len(MODELS), n, p=p).astype(np.int8)

    # --- IP material
    def _ip_prep(self):
        S = self.S
        names = S.asnames
        asn = S.pasn
        uniq, cnt = np.unique(asn, return_counts=True)
        nm = {int(a): names.get(str(int(a)), "") for a in uniq.tolist()}
        host = re.compile(r"Host|Cloud|Data ?Cent|Datacent|Server|VPS|Amazon|Google|Microsoft|OVH|Hetzner|Digital ?Ocean|"
                          r"Linode|Leaseweb|Akamai|Cloudflare|Fastly|Oracle|Alibaba|Tencent|VPN|Colo|Government|Bank|"
                          r"Universit|College|School|Research|Institut|Ministry|Academ", re.I)
        mob = re.compile(r"Wireless|Mobil|Cellular|T-Mobile|Cellco|Jio|Telkomsel|Globe Telecom|Telcel|MTN|Vodafone|Airtel|"
                         r"Turkcell|Beeline|MegaFon|DOCOMO|SK Telecom|Hutchison|Idea Cellular")
        uni = re.compile(r"Universit|College")
        cc = {a: (n.rsplit(", ", 1)[-1] if ", " in n else "ZZ") for a, n in nm.items()}
        big = {int(a) for a, c in zip(uniq.tolist(), cnt.tolist()) if c >= 30}
        resi_asn = sorted(a for a in big if not host.search(nm[a]) and not mob.search(nm[a]) and nm[a])
        mob_asn = sorted(a for a in nm if mob.search(nm[a]) and "Cable & Wireless" not in nm[a])
        uni_asn = sorted(a for a in nm if uni.search(nm[a]))
        rowasn = pd.Series(asn)
        self.row_cc = np.array([cc.get(int(a), "ZZ") for a in asn.tolist()], object)
        self.resi_rows = np.flatnonzero(rowasn.isin(resi_asn).to_numpy())
        self.resi_by_cc = {c: self.resi_rows[self.row_cc[self.resi_rows] == c] for c in sorted(set(C_CC.tolist()))}
        self.mob_asn = [a for a in mob_asn if (asn == a).sum() >= 3]
        self.uni_asn = [a for a in uni_asn if (asn == a).sum() >= 1]
        self.asn_name = nm

    def rows_addr(self, rows, n=None):
        """a random host address inside each given table row's prefix"""
        S, rng = self.S, self.rng
        rows = np.asarray(rows)
        size = 1 << (32 - S.plen[rows])
        return S.pnet[rows] + 1 + (rng.random(len(rows)) * np.maximum(size - 2, 1)).astype(np.int64)

    def resi_v4(self, cc):
        """one residential address for each country code in cc"""
        rng = self.rng
        cc = np.asarray(cc, object)
        rows = self.resi_rows[rng.integers(0, len(self.resi_rows), len(cc))]
        for c in sorted({x for x in cc.tolist() if x is not None}):
            pool = self.resi_by_cc.get(c)
            m = np.flatnonzero(cc == c)
            if pool is not None and len(pool) and len(m):
                rows[m] = pool[rng.integers(0, len(pool), len(m))]
        return self.rows_addr(rows)

    def cidr_addr(self, cidrs, n, k_nets=None):
        """n addresses in k_nets networks drawn from a CIDR list (net, plen)"""
        rng = self.rng
        net, plen = cidrs
        k = k_nets or n
        pick = rng.integers(0, len(net), k)
        which = pick[rng.integers(0, k, n)]
        size = 1 << (32 - np.minimum(plen[which], 32))
        return net[which] + 1 + (rng.random(n) * np.maximum(size - 2, 1)).astype(np.int64)

    def block24(self, base_addr, k):
        """k distinct addresses in the /24 of base_addr"""
        h = self.rng.choice(np.arange(2, 254), k, replace=False)
        return (np.int64(base_addr) & ~np.int64(255)) + h

    def v6(self, prefixes, n, fixed64=None):
        """IPv6 addresses: a /64 under one of the prefixes (or given /64s) and a random interface id"""
        rng = self.rng
        if fixed64 is None:
            pre = np.asarray(prefixes, object)[rng.integers(0, len(prefixes), n)]
            fixed64 = self.v6_64(pre)
        g = rng.integers(0, 65536, (n, 4)).tolist()
        return [f"{p}:{a:x}:{b:x}:{c:x}:{d:x}" for p, (a, b, c, d) in zip(list(fixed64), g)]

    def v6_64(self, pre):
        """a random /64 (as 4 groups) under each prefix of 2 groups"""
        rng = self.rng
        pre = list(pre)
        out = []
        r = rng.integers(0, 65536, (len(pre), 3)).tolist()
        for p, (a, b, c) in zip(pre, r):
            gs = p.split(":")
            gs = gs + [f"{x:x}" for x in (a, b, c)][: 4 - len(gs)]
            out.append(":".join(gs))
        return out

    # --- shared infrastructure pools (created once, used by benign cohorts and rings alike)
    def carrier_pools(self):
        if hasattr(self, "_carriers"):
            return self._carriers
        rng, S = self.rng, self.S
        out = []
        for a in rng.choice(self.mob_asn, min(7, len(self.mob_asn)), replace=False).tolist():
            rows = np.flatnonzero(S.pasn == a)
            cc = self.row_cc[rows[0]]
            k = int(rng.integers(2, 7))
            addrs = np.concatenate([self.block24(x, int(rng.integers(40, 200))) for x in self.rows_addr(rows[rng.integers(0, len(rows), k)])])
            v6p = V6_MOBILE.get(cc, V6_MOBILE["*"])
            out.append({"asn": int(a), "cc": cc, "name": self.asn_name.get(int(a), ""), "v4": self.ips(v4s(addrs)), "v6p": v6p})
        self._carriers = out
        return out

    def vpn_pools(self):
        if hasattr(self, "_vpns"):
            return self._vpns
        rng = self.rng
        out = []
        for name in ("vpn-a", "vpn-b", "vpn-c", "vpn-d"):
            nets = int(rng.integers(15, 60))
            servers = []
            for base in self.cidr_addr(self.S.vpn, nets, nets):
                servers.append(self.block24(base, int(rng.integers(1, 5))))
            addrs = np.concatenate(servers)
            out.append({"name": name, "v4": self.ips(v4s(addrs))})
        self._vpns = out
        return out

    def gateways(self):
        if hasattr(self, "_gws"):
            return self._gws
        rng = self.rng
        out = []
        for name, prov, ver in (("routewise", "cloudflare", "1.8.2"), ("modelmux", "amazon", "0.14.0"), ("switchyard", "google", "3.2.1")):
            n = int(rng.integers(8, 40))
            addrs = self.cidr_addr(self.S.cloud[prov], n, int(rng.integers(2, 6)))
            out.append({"name": name, "provider": prov, "v4": self.ips(v4s(np.unique(addrs))),
                        "ua": self.ua(f"{name}-gateway/{ver} (+https://{name}.example/bot)")})
        self._gws = out
        return out


# ----------------------------------------------------------------------------------------------- benign cohorts
def _sizes(rng, total, lo, hi, med, sig=0.7):
    out = []
    left = total
    while left > 0:
        s = int(np.clip(round(rng.lognormal(np.log(med), sig)), lo, hi))
        if left - s < lo:
            s = left if left <= hi or not out else s
            if left - s < lo and left - s > 0:
                s = left
        s = min(s, left)
        out.append(s)
        left -= s
    return out


def _chat_events(w, acc, pos, t, lang, tokmed=320, model_p=(0.45, 0.35, 0.1, 0.05, 0.05), ua=None, pay=None, ip=None,
                 uniq=0.65, tok_sig=0.8):
    """ordinary chat prompts for events (pos: position in acc); repeats within an account (retries, re-asks)"""
    rng = w.rng
    n = len(pos)
    if n == 0:
        return
    nu = max(1, int(n * uniq))
    first = np.minimum((np.arange(nu) * n) // nu, n - 1)  # the event that first sends each distinct prompt
    lg = np.asarray(lang, object)[pos[first]] if lang is not None else None
    B = 150_000
    idx = np.concatenate([w.prompts(w.P.chat(min(B, nu - b0), None if lg is None else lg[b0:b0 + B]))
                          for b0 in range(0, nu, B)])
    pr = idx[np.minimum(np.arange(n) * nu // n, nu - 1)]
    # the rest are an account's own re-sends (retries, regenerate): the prompt of one of its few previous requests
    j = np.maximum(np.arange(n) - rng.integers(1, 6, n), 0)
    rep = (rng.random(n) < (1 - uniq)) & (pos[j] == pos)
    pr = np.where(rep, pr[j], pr)
    w.emit(acc[pos], t, ip, pr, ua, w.otok(n, tokmed, tok_sig), w.models(n, list(model_p)), pay)


def individuals(w: World, n, cohort="individual"):
    rng = w.rng
    acc, tz, cc = w.accounts(n, cohort, variant="", card=None)
    free = rng.random(n) < 0.2
    cards = np.array(w.A["card"], np.int64)
    cards[acc[free]] = -1
    w.A["card"] = cards.tolist()
    br = rng.random(n) < 0.4
    uas = np.where(br, [w.ua(b) for b in rng.choice(BROWSERS, n).tolist()], np.array(w.A["ua0"])[acc])
    w.A["ua0"] = np.array(w.A["ua0"]); w.A["ua0"][acc] = uas; w.A["ua0"] = w.A["ua0"].tolist()  # noqa: E702
    lo, hi, nd, ne = w.activity(np.array(w.A["created"])[acc], n, med=5.0, sig=1.1)
    ns = np.round(nd * rng.uniform(1, 2.5, n)).astype(np.int64)
    prof = np.where(rng.random(n) < 0.7, 0, 1)
    pos_all, t_all, ip_all = [], [], []
    lang = _lang_of(cc)
    for pf, pname, wd in ((0, "home", "home"), (1, "student", "student")):
        m = np.flatnonzero(prof == pf)
        pos, t, sid, spos = w.sessions(ne[m], ns[m], lo[m], hi[m], pname, tz[m], wd)
        # home address per account (re-leased once for some), IPv6 home prefix for a quarter
        home = w.ips(v4s(w.resi_v4(cc[m])))
        home2 = w.ips(v4s(w.resi_v4(cc[m])))
        lease = rng.integers(0, DAYS, len(m))
        v6on = rng.random(len(m)) < 0.25
        sday = ((t - T0) // DAY).astype(np.int64)
        ipx = np.where(sday < lease[pos], home[pos], home2[pos])
        out = rng.random(len(m)) < 0.15  # sessions from elsewhere (work, friends, coffee)
        oses = out[spos] & (rng.random(len(spos)) < 0.2)
        if oses.any():
            away = w.ips(v4s(w.resi_v4(cc[m][spos[oses]])))
            sess_ip = np.full(len(spos), -1, np.int64)
            sess_ip[oses] = away
            ipx = np.where(sess_ip[sid] >= 0, sess_ip[sid], ipx)
        v6s = np.flatnonzero(v6on[spos])
        if len(v6s):
            p64 = w.v6_64([V6_HOME.get(c, V6_HOME["*"])[0] for c in cc[m].tolist()])
            addr = w.ips(w.v6(None, len(v6s), fixed64=[p64[i] for i in spos[v6s].tolist()]))
            sess_ip = np.full(len(spos), -1, np.int64)
            sess_ip[v6s] = addr
            ipx = np.where((sess_ip[sid] >= 0) & (rng.random(len(sid)) < 0.8), sess_ip[sid], ipx)
        _chat_events(w, acc[m], pos, t, lang[m], ip=ipx)
    w.cohort_info[cohort] = {"accounts": n, "free_tier_share": 0.2}


def _lang_of(cc):
    d = {c[0]: c[3] for c in COUNTRIES}
    return np.array([d.get(c, "en") for c in np.asarray(cc, object).tolist()], object)


def mobile(w: World, n):
    rng = w.rng
    car = w.carrier_pools()
    ci = rng.integers(0, len(car), n)
    cc = np.array([car[i]["cc"] if car[i]["cc"] in set(C_CC.tolist()) else "US" for i in ci.tolist()], object)
    uas = [w.ua(s) for s in rng.choice(MOBILE_UA, n).tolist()]
    acc, tz, cc = w.accounts(n, "mobile_carrier", country=cc, ua0=uas, variant=[f"carrier:{car[i]['asn']}" for i in ci.tolist()])
    lo, hi, nd, ne = w.activity(np.array(w.A["created"])[acc], n, med=4.0, sig=0.9)
    pos, t, sid, spos = w.sessions(ne, np.round(nd * rng.uniform(1.5, 4, n)), lo, hi, "home", tz, "home", gap=70)
    # each session: a CGNAT address of the carrier's pool (IPv4) or a fresh IPv6 under a daily /64
    S = len(spos)
    v6 = rng.random(S) < 0.45
    sess_ip = np.empty(S, np.int64)
    for k, c in enumerate(car):
        m = np.flatnonzero((ci[spos] == k) & ~v6)
        sess_ip[m] = c["v4"][rng.integers(0, len(c["v4"]), len(m))]
        m6 = np.flatnonzero((ci[spos] == k) & v6)
        if len(m6):
            sess_ip[m6] = w.ips(w.v6(c["v6p"], len(m6)))
    _chat_events(w, acc, pos, t, _lang_of(cc), tokmed=220, ip=sess_ip[sid])
    w.cohort_info["mobile_carrier"] = {"accounts": n, "carriers": [{"asn": c["asn"], "name": c["name"], "v4_pool": len(c["v4"])} for c in car],
                                       "ipv6_session_share": 0.45}


def vpn_users(w: World, n):
    rng = w.rng
    vp = w.vpn_pools()
    pi = rng.integers(0, len(vp), n)
    dom = rng.choice(["proton.me", "tutanota.com", "gmail.com", "posteo.de", "mailbox.org"], n, p=[0.4, 0.1, 0.35, 0.08, 0.07])
    tor = rng.random(n) < 0.08
    acc, tz, cc = w.accounts(n, "vpn_user", domain=dom, variant=np.where(tor, "tor", "vpn"))
    cards = np.array(w.A["card"], np.int64)
    cards[acc[rng.random(n) < 0.3]] = -1
    w.A["card"] = cards.tolist()
    lo, hi, nd, ne = w.activity(np.array(w.A["created"])[acc], n, med=5.0)
    pos, t, sid, spos = w.sessions(ne, np.round(nd * rng.uniform(1, 2, n)), lo, hi, "home", tz, "home")
    fav = [vp[pi[i]]["v4"][rng.integers(0, len(vp[pi[i]]["v4"]), 4)] for i in range(n)]
    fav = np.array(fav)
    sess_ip = fav[spos, rng.integers(0, 4, len(spos))]
    ts = np.flatnonzero(tor[spos])
    if len(ts):
        tip = w.ips(w.S.tor.tolist())
        sess_ip[ts] = tip[rng.integers(0, len(tip), len(ts))]
    _chat_events(w, acc, pos, t, None, ip=sess_ip[sid])
    w.cohort_info["vpn_user"] = {"accounts": n, "providers": len(vp), "exits": [len(v["v4"]) for v in vp], "tor_share": 0.08}


def households(w: World, n):
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 2, 5, 3, 0.4)):
        gid = f"home-{gi:04d}"
        ci = rng.choice(len(COUNTRIES), p=C_W)
        fam = rng.random() < 0.6
        card = w.cards(1)[0] if fam else None
        acc, tz, cc = w.accounts(s, "household", gid, "family_card" if fam else "own_cards", country=C_CC[ci],
                                 card=None if card is None else np.full(s, card))
        ip4 = w.ips(v4s(w.resi_v4([C_CC[ci]] * 2)))
        v6 = rng.random() < 0.4
        p64 = w.v6_64([V6_HOME.get(C_CC[ci], V6_HOME["*"])[0]])[0]
        lo, hi, nd, ne = w.activity(np.array(w.A["created"])[acc], s, med=5.0)
        pos, t, sid, spos = w.sessions(ne, np.round(nd * 1.5), lo, hi, "home", tz, "home")
        lease = rng.integers(0, DAYS)
        ipx = np.where((t - T0) // DAY < lease, ip4[0], ip4[1])
        if v6 and len(spos):
            dev = w.ips(w.v6(None, s, fixed64=[p64] * s))
            ipx = np.where(rng.random(len(t)) < 0.6, dev[pos], ipx)
        _chat_events(w, acc, pos, t, _lang_of(cc), ip=ipx)
        w.group(gid, "household", s, country=C_CC[ci], family_card=bool(fam), ipv6=bool(v6))
    w.cohort_info["household"] = {"accounts": n}


def offices(w: World, n):
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 3, 140, 12, 1.0)):
        gid = f"office-{gi:04d}"
        ci = rng.choice(len(COUNTRIES), p=C_W)
        cc = C_CC[ci]
        dom = w.company_domain()
        corp = rng.random() < 0.7
        declared = rng.random() < 0.5
        tool = rng.random() < 0.4
        card = np.full(s, w.cards(1)[0]) if corp else None
        tool_ua = w.ua(f"{dom.split('.')[0]}-assistant/{rng.integers(1, 4)}.{rng.integers(0, 10)} python-httpx/0.27.0")
        ua0 = np.full(s, tool_ua) if tool else None
        acc, tz, _ = w.accounts(s, "office_nat", gid, ("declared" if declared else "undeclared") + ("+tool" if tool else ""),
                                country=cc, card=card, domain=dom, org=f"org_{gid.replace('-', '')}" if declared else "",
                                ua0=ua0, created=w.created_before(s, 20, 900))
        egress = w.ips(v4s(w.block24(w.resi_v4([cc])[0], int(rng.integers(1, 4)))))
        v6 = rng.random() < 0.25
        lo, hi, nd, ne = w.activity(np.array(w.A["created"])[acc], s, pa_=2.0, pb=1.5, med=6.0, sig=0.9)
        pos, t, sid, spos = w.sessions(ne, np.round(nd * 2), lo, hi, "office", tz, "work", gap=60)
        ipx = egress[rng.integers(0, len(egress), len(t))]
        if v6:
            p48 = w.v6_64([V6_HOME.get(cc, V6_HOME["*"])[-1]])[0].rsplit(":", 1)[0]
            dev64 = [f"{p48}:{x:x}" for x in rng.integers(0, 65536, s).tolist()]
            dev = w.ips(w.v6(None, s, fixed64=dev64))
            ipx = np.where(rng.random(len(t)) < 0.5, dev[pos], ipx)
        wfh = rng.random(len(spos)) < 0.2
        if wfh.any():
            home = w.ips(v4s(w.resi_v4([cc] * s)))
            ipx = np.where(wfh[sid], home[pos], ipx)
        if tool:
            tpl = _biz_template(w)
            k = rng.random(len(t)) < 0.6
            pr = np.full(len(t), -1, np.int64)
            pr[k] = w.prompts(w.P.render(tpl, int(k.sum())))
            rest = np.flatnonzero(~k)
            ch = w.prompts(w.P.chat(len(rest)))
            pr[rest] = ch
            w.emit(acc[pos], t, ipx, pr, None, w.otok(len(t), 380), w.models(len(t), [0.3, 0.5, 0.15, 0.0, 0.05]))
        else:
            _chat_events(w, acc, pos, t, _lang_of([cc] * s), ip=ipx)
        w.group(gid, "office_nat", s, country=cc, corporate_card=bool(corp), declared_org=bool(declared), internal_tool=bool(tool),
                egress_ips=len(egress), ipv6=bool(v6))
    w.cohort_info["office_nat"] = {"accounts": n}


def _biz_template(w: World, kw=None, slot="passage"):
    """an app's prompt: an awesome-prompts persona whose example request became a slot"""
    S, rng = w.S, w.rng
    short = [i for i, x in enumerate(S.awesome) if len(x) <= 650]
    cands = [i for i in short if kw and re.search(kw, S.acts[i], re.I)] or short
    p = S.awesome[cands[int(rng.integers(0, len(cands)))]]
    p = re.sub(r'(My first [a-z ]+(is|:))\s*".*$', "", p, flags=re.S | re.I).strip()
    p = re.sub(r"\s+", " ", p)
    lead = ["\n\nInput:\n", "\n\nHere it is: ", "\n\n### Request\n", "\nText: ", "\n\n"][int(rng.integers(0, 5))]
    return {"ds": "awesome", "name": p[:40], "lits": [p + lead, ""], "kinds": [slot]}


def campuses(w: World, n):
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 40, 700, 220, 0.6)):
        gid = f"campus-{gi:03d}"
        a = w.uni_asn[int(rng.integers(0, len(w.uni_asn)))]
        rows = np.flatnonzero(w.S.pasn == a)
        cc0 = w.row_cc[rows[0]]
        cc = cc0 if cc0 in set(C_CC.tolist()) else "US"
        nm = re.sub(r"[^a-z]", "", w.asn_name.get(int(a), "uni").split(" - ")[0].lower())[:10] or "uni"
        edu = {"US": ".edu", "GB": ".ac.uk", "JP": ".ac.jp", "IN": ".ac.in", "AU": ".edu.au", "CN": ".edu.cn", "BR": ".edu.br",
               "KR": ".ac.kr", "DE": ".de", "FR": ".fr"}.get(cc, ".edu")
        dom = np.where(rng.random(s) < 0.78, nm + edu, rng.choice(WEBMAIL, s, p=WEBMAIL_W))
        lic = rng.random() < 0.35  # a campus licence pays for the seats of one department
        licard = w.pay_token(f"edu_license:{nm.upper()}-{rng.integers(1000, 9999)}") if lic else -1
        card = w.cards(s)
        if lic:
            card[rng.random(s) < 0.3] = licard
        # term starts: many sign-ups in the window's first ten days, the rest earlier
        cr = w.created_before(s, 30, 1200)
        term = rng.random(s) < 0.4
        cr[term] = T0 - 4 * DAY + rng.integers(0, 14 * DAY, int(term.sum()))
        acc, tz, _ = w.accounts(s, "campus", gid, "licence" if lic else "", country=cc, domain=dom, card=card, created=cr,
                                ua0=[w.ua(b) for b in rng.choice(BROWSERS + SDKS[:6], s).tolist()])
        nat = w.ips(v4s(np.concatenate([w.block24(x, int(rng.integers(8, 64))) for x in w.rows_addr(rows[rng.integers(0, len(rows), 2)])])))
        p48 = V6_UNI[int(rng.integers(0, len(V6_UNI)))] + f":{rng.integers(0, 65536):x}"
        lo, hi, nd, ne = w.activity(cr, s, med=6.0, sig=1.1)
        pos, t, sid, spos = w.sessions(ne, np.round(nd * 1.8), lo, hi, "student", tz, "student")
        S_ = len(spos)
        kind = rng.choice(3, S_, p=[0.45, 0.2, 0.35])  # NAT, eduroam IPv6, home
        sess_ip = nat[rng.integers(0, len(nat), S_)]
        m6 = np.flatnonzero(kind == 1)
        if len(m6):
            sess_ip[m6] = w.ips(w.v6(None, len(m6), fixed64=[f"{p48}:{x:x}" for x in rng.integers(0, 65536, len(m6)).tolist()]))
        mh = np.flatnonzero(kind == 2)
        if len(mh):
            home = w.ips(v4s(w.resi_v4([cc] * s)))
            sess_ip[mh] = home[spos[mh]]
        # homework: a quarter of prompts are course exercise templates
        hw = rng.random(len(t)) < 0.25
        tpls = [w.S.templates[i] for i in rng.integers(0, len(w.S.templates), 3).tolist()]
        pr = np.empty(len(t), np.int64)
        hwi = np.flatnonzero(hw)
        tk = rng.integers(0, 3, len(hwi))
        for k in range(3):
            m = hwi[tk == k]
            if len(m):
                pr[m] = w.prompts(w.P.render(tpls[k], len(m)))
        ch = np.flatnonzero(~hw)
        pr[ch] = w.prompts(w.P.chat(len(ch)))
        w.emit(acc[pos], t, sess_ip[sid], pr, None, w.otok(len(t), 300), w.models(len(t), [0.6, 0.3, 0.05, 0.03, 0.02]))
        w.group(gid, "campus", s, asn=int(a), country=cc, nat_ips=len(nat), licence=bool(lic))
    w.cohort_info["campus"] = {"accounts": n}


def heavy_apps(w: World, n):
    rng = w.rng
    for i in range(n):
        prov = ["amazon", "google", "microsoft", "digitalocean", "oracle"][int(rng.integers(0, 5))]
        ips = w.ips(v4s(np.unique(w.cidr_addr(w.S.cloud[prov], int(rng.integers(1, 5)), 1))))
        tutor = rng.random() < 0.2
        acc, tz, cc = w.accounts(1, "heavy_app", variant=("cot_tutor:" if tutor else "") + prov,
                                 ua0=[w.ua(rng.choice(SDKS[:12]))], created=w.created_before(1, 30, 1000))
        rate = float(np.exp(rng.uniform(np.log(30), np.log(400))))
        lo = np.array([max(0, (w.A["created"][acc[0]] - T0) // DAY + 1)])
        ne = np.array([int(rate * (DAYS - lo[0]))])
        pos, t = w.uniform_times(ne, lo, np.array([DAYS]), "home", tz)
        tpl = w.S.templates[int(rng.integers(0, len(w.S.templates)))] if rng.random() < 0.5 else _biz_template(w)
        nu = max(1, int(len(t) * 0.5))
        txt = w.P.render(tpl, nu)
        if tutor:
            ph = EVAL_COT[int(rng.integers(0, len(EVAL_COT)))]
            txt = [x + "\nExplain step by step so a student can follow." if j % 2 else x + " " + ph for j, x in enumerate(txt)]
        idx = w.prompts(txt)
        w.emit(acc[pos], t, ips[rng.integers(0, len(ips), len(t))], idx[rng.integers(0, nu, len(t))], None,
               w.otok(len(t), 700 if tutor else 240, 0.6), w.models(len(t), [0.5, 0.4, 0.05, 0.05, 0.0]))
    w.cohort_info["heavy_app"] = {"accounts": n}


def gateway_users(w: World, n):
    rng = w.rng
    gw = w.gateways()
    gi = rng.choice(len(gw), n, p=[0.5, 0.3, 0.2])
    acc, tz, cc = w.accounts(n, "llm_gateway_user", variant=[gw[i]["name"] for i in gi.tolist()],
                             ua0=[gw[i]["ua"] for i in gi.tolist()])
    app = rng.random(n) < 0.3
    lo, hi, nd, ne = w.activity(np.array(w.A["created"])[acc], n, med=np.where(app, 20, 5), sig=1.0)
    pos, t, sid, spos = w.sessions(ne, np.where(app, nd * 6, nd * 2), lo, hi, "home", tz, "all")
    ipx = np.empty(len(t), np.int64)
    for k, g in enumerate(gw):
        m = np.flatnonzero(gi[pos] == k)
        ipx[m] = g["v4"][rng.integers(0, len(g["v4"]), len(m))]
    _chat_events(w, acc, pos, t, _lang_of(cc), ip=ipx, model_p=(0.2, 0.3, 0.25, 0.15, 0.1))
    w.cohort_info["llm_gateway_user"] = {"accounts": n, "gateways": [{"name": g["name"], "provider": g["provider"], "egress": len(g["v4"])} for g in gw]}


def browser_extension(w: World, n):
    rng = w.rng
    ext = [("TabGenie", "Summar|Rewrit|Editor"), ("MailMender", "Email|Writer|Proofread"), ("CodeLens Lite", "Developer|Programmer|Code")]
    ei = rng.choice(3, n, p=[0.5, 0.3, 0.2])
    tpls = [_biz_template(w, kw) for _, kw in ext]
    uas = [w.ua(BROWSERS[int(rng.integers(0, len(BROWSERS)))] + f" {ext[i][0].replace(' ', '')}/{2 + i}.{rng.integers(0, 9)}")
           for i in ei.tolist()]
    acc, tz, cc = w.accounts(n, "browser_extension", variant=[ext[i][0] for i in ei.tolist()], ua0=uas)
    lo, hi, nd, ne = w.activity(np.array(w.A["created"])[acc], n, med=7.0)
    pos, t, sid, spos = w.sessions(ne, np.round(nd * 3), lo, hi, "office", tz, "work", gap=300)
    home = w.ips(v4s(w.resi_v4(cc)))
    pr = np.empty(len(t), np.int64)
    for k in range(3):
        m = np.flatnonzero(ei[pos] == k)
        if len(m):
            pr[m] = w.prompts(w.P.render(tpls[k], len(m)))
    w.emit(acc[pos], t, home[pos], pr, None, w.otok(len(t), 260), w.models(len(t), [0.8, 0.2, 0, 0, 0]))
    w.cohort_info["browser_extension"] = {"accounts": n, "extensions": [e[0] for e in ext]}


def agencies(w: World, n):
    """a marketing agency with one account per client brand: one office, shared content templates, campaign bursts"""
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 4, 45, 12, 0.6)):
        gid = f"agency-{gi:03d}"
        ci = rng.choice(len(COUNTRIES), p=C_W)
        cc = C_CC[ci]
        adom = w.company_domain()
        own_card = rng.random() < 0.4
        card = np.full(s, w.cards(1)[0]) if own_card else None
        dom = np.where(rng.random(s) < 0.5, adom, [w.company_domain() for _ in range(s)])
        # clients onboard in batches
        nb = max(1, s // 5)
        bt = T0 - rng.integers(5, 400, nb) * DAY + rng.integers(9 * 3600, 17 * 3600, nb)
        cr = bt[rng.integers(0, nb, s)] + rng.integers(0, 1800, s)
        ua_ = w.ua(rng.choice(SDKS[:8]))
        acc, tz, _ = w.accounts(s, "agency_studio", gid, "agency_card" if own_card else "client_cards", country=cc, card=card,
                                domain=dom, created=cr, ua0=np.full(s, ua_))
        office = w.ips(v4s(w.block24(w.resi_v4([cc])[0], 2)))
        campaign = rng.choice(DAYS, int(rng.integers(3, 7)), replace=False)
        lo, hi, nd, ne = w.activity(cr, s, pa_=1.5, pb=2, med=16, sig=0.8, tail=0.1)
        day_of = lambda spos: np.where(rng.random(len(spos)) < 0.55, campaign[rng.integers(0, len(campaign), len(spos))],  # noqa: E731
                                       w.days(lo[spos], hi[spos], "work"))
        pos, t, sid, spos = w.sessions(ne, np.round(nd * 2), lo, hi, "office", tz, "work", gap=25, day_of=day_of)
        tpls = [_biz_template(w, "Copywriter|SEO|Advertis|Social Media|Marketing|Writer") for _ in range(3)]
        k = rng.integers(0, 3, len(t))
        pr = np.empty(len(t), np.int64)
        for j in range(3):
            m = np.flatnonzero(k == j)
            if len(m):
                pr[m] = w.prompts(w.P.render(tpls[j], len(m)))
        w.emit(acc[pos], t, office[rng.integers(0, 2, len(t))], pr, None, w.otok(len(t), 900, 0.5),
               w.models(len(t), [0.1, 0.5, 0.4, 0, 0]))
        w.group(gid, "agency_studio", s, country=cc, agency_card=bool(own_card), campaign_days=sorted(campaign.tolist()))
    w.cohort_info["agency_studio"] = {"accounts": n}


def saas(w: World, n):
    """a SaaS product opening one platform account per end customer, billed to the vendor, run from its backend"""
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 8, 160, 35, 0.7)):
        gid = f"saas-{gi:03d}"
        vdom = w.company_domain()
        vname = vdom.split(".")[0]
        inv = rng.random() < 0.3
        card = np.full(s, w.pay_token(f"invoice:{vname}-{rng.integers(10000, 99999)}") if inv else w.cards(1)[0])
        declared = rng.random() < 0.3
        nb = max(2, s // 8)
        bt = T0 - rng.integers(-20, 300, nb) * DAY + rng.integers(0, DAY, nb)
        cr = np.sort(bt[rng.integers(0, nb, s)] + rng.integers(0, 240, s))
        ua_ = w.ua(f"{vname}-backend/{rng.integers(1, 9)}.{rng.integers(0, 30)} kestrel-python/2.4.1")
        ci = rng.choice(len(COUNTRIES), s, p=C_W)
        acc, tz, _ = w.accounts(s, "saas_subaccounts", gid, "invoice" if inv else "vendor_card", country=C_CC[ci], card=card,
                                domain=vdom, created=cr, ua0=np.full(s, ua_), org=f"org_{vname}" if declared else "")
        prov = ["amazon", "google", "microsoft"][int(rng.integers(0, 3))]
        back = w.ips(v4s(np.unique(w.cidr_addr(w.S.cloud[prov], int(rng.integers(2, 7)), 1))))
        lo, hi, nd, ne = w.activity(cr, s, pa_=3, pb=1, med=8, sig=1.2, tail=0.08)
        pos, t, sid, spos = w.sessions(ne, np.round(nd * 5), lo, hi, "office", C_TZ[ci], "work", gap=90, gsig=1.3)
        tpl = _biz_template(w, "Support|Customer|Assistant|Recruit|Real Estate|Sales")
        nu = max(1, int(len(t) * 0.6))
        idx = w.prompts(w.P.render(tpl, nu))
        w.emit(acc[pos], t, back[rng.integers(0, len(back), len(t))], idx[rng.integers(0, nu, len(t))], None,
               w.otok(len(t), 280, 0.5), w.models(len(t), [0.7, 0.3, 0, 0, 0]))
        w.group(gid, "saas_subaccounts", s, provider=prov, backend_ips=len(back), invoice=bool(inv), declared_org=bool(declared))
    w.cohort_info["saas_subaccounts"] = {"accounts": n}


def hackathons(w: World, n):
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 20, 260, 120, 0.5)):
        gid = f"hackathon-{gi:02d}"
        cc = ["US", "DE", "IN", "GB", "BR", "KE", "SG"][int(rng.integers(0, 7))]
        d0 = int(rng.integers(1, DAYS - 4))
        t0 = T0 + d0 * DAY + int((9 - dict((c[0], c[1]) for c in COUNTRIES[::-1])[cc]) * 3600)
        grant = w.pay_token(f"credit_grant:HACK{rng.integers(100, 999)}-{w.name(1)}")
        use_grant = rng.random(s) < 0.7
        card = np.where(use_grant, grant, w.cards(s))
        cr = t0 - 3600 + np.sort(rng.exponential(2 * 3600, s)).astype(np.int64)
        dom = np.where(rng.random(s) < 0.3, "student.hackclub.example", rng.choice(WEBMAIL, s, p=WEBMAIL_W))
        acc, tz, _ = w.accounts(s, "hackathon", gid, "", country=cc, card=card, domain=dom, created=cr)
        venue = w.ips(v4s(w.block24(w.resi_v4([cc])[0], int(rng.integers(2, 5)))))
        car = w.carrier_pools()[int(rng.integers(0, len(w.carrier_pools())))]
        # 40 hours of hacking, a third of the teams run a script at regular gaps, light use afterwards
        ne = np.round(rng.lognormal(np.log(150), 0.9, s)).astype(np.int64)
        dur = 40 * 3600
        loop = rng.random(s) < 0.33
        pos = np.repeat(np.arange(s), ne)
        rank = np.arange(len(pos)) - np.repeat(np.cumsum(ne) - ne, ne)
        st = cr + rng.integers(600, 8 * 3600, s)
        t = np.where(loop[pos], st[pos] + rank * rng.uniform(4, 12, s)[pos] + rng.normal(0, 0.3, len(pos)),
                     t0 + rng.random(len(pos)) * dur)
        after = rng.random(len(pos)) < 0.1
        t = np.where(after, t0 + dur + rng.random(len(pos)) * (T_END - t0 - dur), t)
        ipx = np.where(rng.random(len(pos)) < 0.8, venue[rng.integers(0, len(venue), len(pos))],
                       car["v4"][rng.integers(0, len(car["v4"]), len(pos))])
        ipx = np.where(after, w.ips(v4s(w.resi_v4([cc] * s)))[pos], ipx)
        tpl = w.S.templates[int(rng.integers(0, len(w.S.templates)))]
        kit = rng.random(len(pos)) < 0.6
        pr = np.empty(len(pos), np.int64)
        pr[kit] = w.prompts(w.P.render(tpl, int(kit.sum())))
        cot = np.flatnonzero(kit & (rng.random(len(pos)) < 0.15))
        pr[~kit] = w.prompts(w.P.chat(int((~kit).sum())))
        if len(cot):
            pr[cot] = w.prompts([x + " Let's think step by step." for x in w.P.render(tpl, len(cot))])
        w.emit(acc[pos], t, ipx, pr, None, w.otok(len(pos), 350), w.models(len(pos), [0.3, 0.3, 0.2, 0.1, 0.1]))
        w.group(gid, "hackathon", s, country=cc, start=pd.Timestamp(t0, unit="s", tz="UTC").isoformat(), grant_share=0.7,
                starter_template=f"{tpl['ds']}/{tpl['name']}", venue_ips=len(venue))
    w.cohort_info["hackathon"] = {"accounts": n}


def eval_labs(w: World, n):
    """research labs running benchmark evaluations with chain-of-thought prompts from a cluster, in big batches"""
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 3, 22, 8, 0.5)):
        gid = f"lab-{gi:03d}"
        a = w.uni_asn[int(rng.integers(0, len(w.uni_asn)))]
        rows = np.flatnonzero(w.S.pasn == a)
        cc0 = w.row_cc[rows[0]]
        cc = cc0 if cc0 in set(C_CC.tolist()) else "US"
        nm = re.sub(r"[^a-z]", "", w.asn_name.get(int(a), "uni").split(" - ")[0].lower())[:10] or "uni"
        dom = np.where(rng.random(s) < 0.7, nm + (".ac.uk" if cc == "GB" else ".edu"), rng.choice(WEBMAIL, s, p=WEBMAIL_W))
        grant = rng.random() < 0.6
        card = np.full(s, w.cards(1)[0]) if grant else None
        acc, tz, _ = w.accounts(s, "eval_lab", gid, "grant_card" if grant else "own_cards", country=cc, card=card, domain=dom,
                                ua0=np.full(s, w.ua(rng.choice(["kestrel-python/2.4.1", "litellm/1.48.2", "python-httpx/0.27.2"]))))
        cluster = w.ips(v4s(w.block24(w.rows_addr(rows[:1])[0], int(rng.integers(2, 8)))))
        caps = rng.choice(list(CAPS), 3, replace=False).tolist()
        tl = [t for t in w.S.templates if t["ds"] in sum((CAPS[c] for c in caps), [])] or w.S.templates
        tpls = [tl[i] for i in rng.integers(0, len(tl), 6).tolist()]
        # eval runs: a batch of 500-6000 requests at 1-4 s gaps, a few per account over the window
        runs = rng.integers(1, 4, s)
        R = int(runs.sum())
        racc = np.repeat(np.arange(s), runs)
        rsize = np.round(rng.lognormal(np.log(250), 0.8, R)).astype(np.int64)
        rstart = T0 + rng.integers(0, DAYS * DAY - 2 * DAY, R)
        rgap = rng.uniform(1.0, 4.0, R)
        ev_run = np.repeat(np.arange(R), rsize)
        rank = np.arange(len(ev_run)) - np.repeat(np.cumsum(rsize) - rsize, rsize)
        t = rstart[ev_run] + rank * rgap[ev_run] + rng.exponential(0.5, len(ev_run))
        pos = racc[ev_run]
        rt = rng.integers(0, len(tpls), R)[ev_run]
        cot = rng.random(R)[ev_run] < 0.6
        pr = np.empty(len(t), np.int64)
        for j in range(len(tpls)):
            m = np.flatnonzero(rt == j)
            if len(m):
                txt = w.P.render(tpls[j], len(m))
                ph = EVAL_COT[j % len(EVAL_COT)]
                pr[m] = w.prompts([x + "\n" + ph if c else x for x, c in zip(txt, cot[m].tolist())])
        w.emit(acc[pos], t, cluster[rng.integers(0, len(cluster), len(t))], pr, None,
               np.where(cot, w.otok(len(t), 650, 0.5), w.otok(len(t), 30, 1.0)), w.models(len(t), [0.1, 0.3, 0.3, 0.3, 0.0]))
        w.group(gid, "eval_lab", s, asn=int(a), capabilities=caps, grant_card=bool(grant), runs=R, cluster_ips=len(cluster))
    w.cohort_info["eval_lab"] = {"accounts": n}


def sso_rollouts(w: World, n):
    """an enterprise switching its staff on through SSO: one day of sign-ups, corporate VPN egress in a datacenter"""
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 25, 220, 80, 0.6)):
        gid = f"sso-{gi:03d}"
        dom = w.company_domain()
        declared = rng.random() < 0.8
        d0 = int(rng.integers(-60, DAYS - 5))
        cr = T0 + d0 * DAY + rng.integers(8 * 3600, 30 * 3600, s)
        ci = rng.choice(len(COUNTRIES), 3, p=C_W)
        sites = rng.integers(0, 3, s)
        acc, tz, _ = w.accounts(s, "sso_rollout", gid, "declared" if declared else "undeclared", country=C_CC[ci][sites],
                                card=np.full(s, w.cards(1)[0]), domain=dom, created=cr,
                                org=f"org_{dom.split('.')[0]}" if declared else "",
                                ua0=np.full(s, w.ua(f"{dom.split('.')[0]}-copilot/1.{rng.integers(0, 9)} (Windows NT 10.0)")))
        vpn = w.ips(v4s(w.block24(w.cidr_addr(w.S.dc, 1, 1)[0], int(rng.integers(2, 5)))))
        off = [w.ips(v4s(w.block24(w.resi_v4([C_CC[c]])[0], 2))) for c in ci]
        lo, hi, nd, ne = w.activity(cr, s, pa_=2, pb=1.5, med=8, sig=0.9)
        pos, t, sid, spos = w.sessions(ne, np.round(nd * 2), lo, hi, "office", tz, "work", gap=50)
        onvpn = rng.random(len(spos)) < 0.5
        sess_ip = np.where(onvpn, vpn[rng.integers(0, len(vpn), len(spos))], 0)
        for k in range(3):
            m = np.flatnonzero(~onvpn & (sites[spos] == k))
            sess_ip[m] = off[k][rng.integers(0, 2, len(m))]
        tpl = _biz_template(w, "Assistant|Analyst|Consultant|Excel|Business")
        k = rng.random(len(t)) < 0.5
        pr = np.empty(len(t), np.int64)
        pr[k] = w.prompts(w.P.render(tpl, int(k.sum())))
        pr[~k] = w.prompts(w.P.chat(int((~k).sum())))
        w.emit(acc[pos], t, sess_ip[sid], pr, None, w.otok(len(t), 400), w.models(len(t), [0.2, 0.6, 0.2, 0, 0]))
        w.group(gid, "sso_rollout", s, declared_org=bool(declared), rollout_day=d0, vpn_egress=len(vpn), sites=C_CC[ci].tolist())
    w.cohort_info["sso_rollout"] = {"accounts": n}


def cafes(w: World, n):
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 3, 25, 9, 0.5)):
        gid = f"cafe-{gi:03d}"
        cc = ["PK", "NG", "PH", "VN", "ID", "EG", "BD", "IN", "KE"][int(rng.integers(0, 9))]
        ip = w.ips(v4s(w.resi_v4([cc])))
        image_ua = w.ua(BROWSERS[int(rng.integers(0, 2))])
        voucher = rng.random() < 0.35
        card = w.cards(s)
        card[rng.random(s) < 0.4] = -1
        if voucher:
            card[rng.random(s) < 0.5] = w.pay_token(f"voucher:{cc}-{w.name(1).upper()}-{rng.integers(100, 999)}")
        acc, tz, _ = w.accounts(s, "internet_cafe", gid, "voucher" if voucher else "", country=cc, card=card,
                                ua0=np.full(s, image_ua))
        lo, hi, nd, ne = w.activity(np.array(w.A["created"])[acc], s, med=8)
        pos, t, sid, spos = w.sessions(ne, nd, lo, hi, "cafe", tz, "all", gap=60)
        _chat_events(w, acc, pos, t, _lang_of([cc] * s), ip=ip[np.zeros(len(t), np.int64)])
        w.group(gid, "internet_cafe", s, country=cc, voucher=bool(voucher))
    w.cohort_info["internet_cafe"] = {"accounts": n}


def prompt_packs(w: World, n):
    """buyers of one prompt pack from a marketplace: the same long template (some packs ask for step-by-step reasoning)"""
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 5, 90, 30, 0.6)):
        gid = f"pack-{gi:03d}"
        tpl = _biz_template(w)
        cot = rng.random() < 0.5
        if cot:
            tpl = {**tpl, "lits": [tpl["lits"][0], "\n\n" + COT[int(rng.integers(0, 8))]]}
        acc, tz, cc = w.accounts(s, "prompt_pack", gid, "cot_pack" if cot else "")
        lo, hi, nd, ne = w.activity(np.array(w.A["created"])[acc], s, med=10, sig=1.0, tail=0.1)
        script = rng.random(s) < 0.25
        pos, t, sid, spos = w.sessions(ne, np.where(script, nd, nd * 2), lo, hi, "home", tz, "all",
                                       gap=30, gsig=0.8)
        home = w.ips(v4s(w.resi_v4(cc)))
        use = rng.random(len(t)) < 0.7
        pr = np.empty(len(t), np.int64)
        pr[use] = w.prompts(w.P.render(tpl, int(use.sum())))
        pr[~use] = w.prompts(w.P.chat(int((~use).sum())))
        w.emit(acc[pos], t, home[pos], pr, None, np.where(use & cot, w.otok(len(t), 1100, 0.5), w.otok(len(t), 420)),
               w.models(len(t), [0.2, 0.4, 0.3, 0.1, 0]))
        w.group(gid, "prompt_pack", s, cot_pack=bool(cot), pack=tpl["name"])
    w.cohort_info["prompt_pack"] = {"accounts": n}


def translation(w: World, n):
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 4, 30, 10, 0.5)):
        gid = f"l10n-{gi:03d}"
        dom = w.company_domain()
        cc = ["DE", "PL", "ES", "FR", "IN", "UA"][int(rng.integers(0, 6))]
        declared = rng.random() < 0.4
        acc, tz, _ = w.accounts(s, "translation_vendor", gid, "declared" if declared else "", country=cc,
                                card=np.full(s, w.cards(1)[0]), domain=dom, org=f"org_{dom.split('.')[0]}" if declared else "",
                                ua0=np.full(s, w.ua("l10n-pipeline/4.2 python-requests/2.32.3")))
        vm = w.ips(v4s(np.unique(w.cidr_addr(w.S.cloud["digitalocean"], 2, 1))))
        office = w.ips(v4s(w.resi_v4([cc])))
        # nightly batches at fixed hours (the vendor's cron), plus office work
        H = 2
        hours = np.sort(rng.choice([0, 1, 2, 3, 4, 22, 23], (s, H)), axis=1).astype(float)
        hours[:] = hours[0]
        ne = np.round(rng.lognormal(np.log(20), 0.6, s) * DAYS).astype(np.int64)
        lo = np.zeros(s, np.int64)
        hi = np.full(s, DAYS)
        pos, t = w.cron_times(ne, lo, hi, hours, rng.integers(40, 120, s), gapb=3.0)
        src_lang = LANGS[int(rng.integers(0, len(LANGS)))]
        tpl = {"ds": "awesome", "name": "translate", "kinds": ["passage"],
               "lits": [_biz_template(w, "Translat")["lits"][0] + f"Target language: {src_lang}.\n", ""]}
        pr = w.prompts(w.P.render(tpl, len(t)))
        ipx = np.where(rng.random(len(t)) < 0.85, vm[rng.integers(0, len(vm), len(t))], office[0])
        w.emit(acc[pos], t, ipx, pr, None, w.otok(len(t), 800, 0.4), w.models(len(t), [0.2, 0.6, 0.2, 0, 0]))
        w.group(gid, "translation_vendor", s, country=cc, declared_org=bool(declared), cron_hours=hours[0].tolist())
    w.cohort_info["translation_vendor"] = {"accounts": n}


def labeling(w: World, n):
    """a data-labelling contractor: annotators in three shifts on one office network, classification templates, short
    justifications"""
    rng = w.rng
    for gi, s in enumerate(_sizes(rng, n, 8, 70, 25, 0.5)):
        gid = f"label-{gi:03d}"
        cc = ["KE", "PH", "IN", "NG", "VN"][int(rng.integers(0, 5))]
        dom = w.company_domain()
        declared = rng.random() < 0.5
        nb = max(1, s // 10)
        bt = T0 - rng.integers(-10, 200, nb) * DAY + 10 * 3600
        cr = bt[rng.integers(0, nb, s)] + rng.integers(0, 3 * 3600, s)
        acc, tz, _ = w.accounts(s, "labeling_shift", gid, "declared" if declared else "", country=cc,
                                card=np.full(s, w.cards(1)[0]), domain=dom, created=cr,
                                org=f"org_{dom.split('.')[0]}" if declared else "",
                                ua0=np.full(s, w.ua(BROWSERS[int(rng.integers(0, 3))])))
        office = w.ips(v4s(w.block24(w.resi_v4([cc])[0], int(rng.integers(1, 4)))))
        shift = rng.integers(0, 3, s)
        tl = [t for t in w.S.templates if t["ds"] in CAPS["classify"] + CAPS["nli"]]
        tpls = [tl[i] for i in rng.integers(0, len(tl), 3).tolist()]
        lo = np.clip((cr - T0) // DAY + 1, 0, DAYS - 1)
        hi = np.full(s, DAYS)
        nd = rng.binomial(hi - lo, 0.68)
        ne = np.round(nd * rng.uniform(20, 90, s)).astype(np.int64)
        h0 = shift * 8.0 + rng.uniform(0, 0.5, s) - tz  # local shift starts 00:00, 08:00, 16:00
        pos, t, sid, spos = w.sessions(ne, nd * 3, lo, hi, "flat", np.zeros(s), "work", gap=25, gsig=0.5)
        t = T0 + ((t - T0) // DAY) * DAY + (h0[pos] * 3600) % DAY + ((t - T0) % DAY) / 3.0
        k = rng.integers(0, 3, len(t))
        pr = np.empty(len(t), np.int64)
        for j in range(3):
            m = np.flatnonzero(k == j)
            if len(m):
                pr[m] = w.prompts([x + " Give the label and a one-sentence justification." for x in w.P.render(tpls[j], len(m))])
        w.emit(acc[pos], t, office[rng.integers(0, len(office), len(t))], pr, None, w.otok(len(t), 45, 0.5),
               w.models(len(t), [0.9, 0.1, 0, 0, 0]))
        w.group(gid, "labeling_shift", s, country=cc, declared_org=bool(declared), templates=[f"{x['ds']}/{x['name']}" for x in tpls])
    w.cohort_info["labeling_shift"] = {"accounts": n}


SHARES = [("mobile_carrier", 0.11, mobile), ("vpn_user", 0.045, vpn_users), ("household", 0.06, households),
          ("office_nat", 0.075, offices), ("campus", 0.045, campuses), ("heavy_app", 0.003, heavy_apps),
          ("llm_gateway_user", 0.05, gateway_users), ("browser_extension", 0.04, browser_extension),
          ("agency_studio", 0.02, agencies), ("saas_subaccounts", 0.025, saas), ("hackathon", 0.018, hackathons),
          ("eval_lab", 0.012, eval_labs), ("sso_rollout", 0.025, sso_rollouts), ("internet_cafe", 0.015, cafes),
          ("prompt_pack", 0.018, prompt_packs), ("translation_vendor", 0.01, translation), ("labeling_shift", 0.01, labeling)]


def build_benign(w: World, n: int):
    used = 0
    for name, share, fn in SHARES:
        k = max(3, int(round(n * share)))
        fn(w, k)
        used += k
    individuals(w, n - used)


# ----------------------------------------------------------------------------------------------- rings
KINDS = ["card_pool", "split_pay", "reworder", "cot_narrow", "resi_turns", "aged_sleeper", "gateway_hide", "org_cloak", "trial_drip"]
BIG_KINDS = ["resi_turns", "reworder", "gateway_hide", "split_pay"]
RATE = {"card_pool": 450, "split_pay": 300, "reworder": 200, "cot_narrow": 170, "resi_turns": 280, "aged_sleeper": 350,
        "gateway_hide": 220, "org_cloak": 260, "trial_drip": 650, "hydra_reseller": 90}
TRACE = {
    "card_pool": ["a few prepaid cards shared round-robin", "one datacenter /24", "one template", "one-day sign-up burst",
                  "one user agent", "catch-all e-mail domain"],
    "split_pay": ["addresses of one hosting provider's /22", "shared narrow templates"],
    "reworder": ["cards shared by pairs", "one residential proxy pool", "template family reworded per account"],
    "cot_narrow": ["GPU-cloud addresses", "two or three cards", "chain-of-thought on one narrow capability", "batch hours"],
    "resi_turns": ["residential exits used in turn", "shared template", "cards shared by threes for some"],
    "aged_sleeper": ["shared template", "harvest phase starting the same day", "mobile carrier pools"],
    "gateway_hide": ["shared template", "one public gateway's egress"],
    "org_cloak": ["one corporate card", "one office address pair", "one declared org_id and company domain", "shared template"],
    "trial_drip": ["shared template", "sequential sign-ups", "one VPN provider's exits"],
    "hydra_reseller": ["one reseller proxy pool (datacenter + residential)", "operator templates", "sign-up waves",
                       "catch-all domains", "forwarded client user agents"],
}
EVASION = {
    "card_pool": ["each account under the daily limit"],
    "split_pay": ["no payment reuse", "one sticky address per account", "varied SDK user agents", "sign-ups spread over six weeks",
                  "Poisson timing"],
    "reworder": ["every account words the template its own way", "residential exits", "CoT phrase varies per account"],
    "cot_narrow": ["each account on its own datasets of the capability", "multilingual reasoning requests"],
    "resi_turns": ["no two accounts on one exit at the same time", "exits in different ISPs and /24s", "no payment reuse for most"],
    "aged_sleeper": ["aged accounts bought with months of history", "ordinary chat before the harvest phase",
                     "addresses of mobile carrier NAT pools shared with phone users", "own card per account"],
    "gateway_hide": ["traffic egresses through an LLM gateway shared with ordinary users", "the gateway's user agent",
                     "own card per account", "gateway-load timing"],
    "org_cloak": ["declares an organisation with a company domain", "sign-ups spread over two months", "weekday office hours",
                  "reasoning asked for through a JSON analysis field, no step-by-step phrase"],
    "trial_drip": ["no payment method (trial credits)", "each account lives one to three days",
                   "commercial VPN exits shared with privacy users"],
    "hydra_reseller": ["resold end-customer chat mixed with harvesting", "unique virtual card per account for most",
                       "accounts retire and new waves replace them", "volume per account far under the limit"],
}


def ring_sizes(total: int, mode: str, rng: np.random.Generator) -> list[int]:
    if total < 3:
        return []
    out = []
    left = total
    if mode == "mixed" and total >= 40:
        big = int(min(300, max(16, round(total * rng.uniform(0.2, 0.5)))))
        out.append(big)
        left -= big
        for _ in range(int(rng.integers(1, 3))):
            if left >= 16 + 3:
                m = int(rng.integers(16, min(50, left - 3) + 1))
                out.append(m)
                left -= m
    elif mode == "hydra":
        if total >= 1003:
            h = int(min(3000, max(1000, round(total * rng.uniform(0.6, 0.75)))))
            h = min(h, total - 3) if total - h < 3 and total - h != 0 else h
            out.append(h)
            left -= h
        if left >= 80 + 3:
            m = int(rng.integers(80, min(250, left - 3) + 1))
            out.append(m)
            left -= m
        for _ in range(int(rng.integers(2, 5))):
            if left >= 16 + 3:
                m = int(rng.integers(16, min(40, left - 3) + 1))
                out.append(m)
                left -= m
    while left > 0:
        s = int(rng.integers(3, 16))
        if left - s < 3:
            s = left if left <= 15 else left - 3
        out.append(s)
        left -= s
    return out


def _harvest_tpls(w, cap, k):
    tl = [t for t in w.S.templates if t["ds"] in CAPS[cap]] or w.S.templates
    return [tl[i] for i in w.rng.choice(len(tl), min(k, len(tl)), replace=False).tolist()]


def build_ring(w: World, rid: str, kind: str, size: int, scale: float) -> dict:
    rng = w.rng
    cap = rng.choice(list(CAPS))
    p = {"ring_id": rid, "kind": kind, "size": size, "capability": cap, "trace": TRACE[kind], "evasion": EVASION[kind]}
    rate = RATE[kind] * scale * rng.uniform(0.8, 1.2)
    p["rate_per_active_day"] = round(float(rate), 1)
    s = size
    ci = rng.choice(len(COUNTRIES), p=C_W)
    cc0 = C_CC[ci]
    tpls = _harvest_tpls(w, cap, 3)
    cot_share = {"card_pool": 0.5, "split_pay": 0.4, "reworder": 0.6, "cot_narrow": 1.0, "resi_turns": 0.35,
                 "aged_sleeper": 0.5, "gateway_hide": 0.6, "org_cloak": 0.0, "trial_drip": 0.3, "hydra_reseller": 0.5}[kind]
    p["cot_share"] = cot_share
    p["templates"] = [f"{t['ds']}/{t['name']}" for t in tpls]
    mp = [0.0, 0.2, 0.45, 0.35, 0.0] if cap != "code" else [0.0, 0.1, 0.3, 0.2, 0.4]
    kw = dict(ring=rid, variant=kind)
    lo_ = np.zeros(s, np.int64)
    hi_ = np.full(s, DAYS)
    cot_per_acc = rng.integers(0, len(COT), s)
    lits_per_acc = None
    tz = None
    phase = None

    if kind == "card_pool":
        t0 = T0 + int(rng.integers(-30, 5)) * DAY
        cr = t0 + np.sort(rng.integers(0, 36 * 3600, s))
        cards = w.cards(max(1, s // 4))
        dom = w.name(2, "-") + "." + rng.choice(["xyz", "top", "site", "online"])
        acc, tz, cc = w.accounts(s, kind, card=cards[np.arange(s) % len(cards)], domain=dom, created=cr,
                                 ua0=np.full(s, w.ua("python-requests/2.31.0")), **kw)
        sub = w.ips(v4s(w.block24(w.cidr_addr(w.S.dc, 1, 1)[0], int(rng.integers(4, 13)))))
        lo_ = np.clip((cr - T0) // DAY + 1, 0, DAYS - 1)
        ne = np.round(rate * (hi_ - lo_)).astype(np.int64)
        pos, t = w.loop_times(ne, lo_, hi_, rng.uniform(0, 6, s), rng.uniform(14, 20, s))
        home = sub[np.arange(s) % len(sub)]
        ipx = np.where(rng.random(len(t)) < 0.85, home[pos], sub[rng.integers(0, len(sub), len(t))])
        cot_per_acc[:] = cot_per_acc[0]
    elif kind == "split_pay":
        cr = T0 - rng.integers(0, 42 * DAY, s)
        acc, tz, cc = w.accounts(s, kind, created=cr, **kw)
        base = w.cidr_addr(w.S.dc, 1, 1)[0] & ~np.int64(1023)
        sticky = base + rng.choice(np.arange(2, 1022), s, replace=False)
        alt = base + rng.choice(np.arange(2, 1022), s, replace=False)
        ips_ = w.ips(v4s(np.r_[sticky, alt]))
        ne = np.round(rate * (hi_ - lo_) * rng.uniform(0.7, 1.1, s)).astype(np.int64)
        pos, t = w.uniform_times(ne, lo_, hi_, "flat", 0.0)
        ipx = np.where(rng.random(len(t)) < 0.8, ips_[pos], ips_[s + pos])
    elif kind == "reworder":
        cr = T0 - rng.integers(0, 21 * DAY, s)
        cards = w.cards((s + 1) // 2)
        acc, tz, cc = w.accounts(s, kind, created=cr, card=cards[np.arange(s) // 2], **kw)
        pool = w.ips(v4s(w.resi_v4(rng.choice(C_CC, int(rng.integers(300, 800))))))
        ne = np.round(rate * (hi_ - lo_)).astype(np.int64)
        pos, t, sid, spos = w.sessions(ne, ne // 30 + 1, lo_, hi_, "flat", np.zeros(s), "all", gap=20, gsig=1.2)
        ipx = pool[rng.integers(0, len(pool), len(spos))][sid]
        lits_per_acc = [[reword(tp["lits"], rng) for tp in tpls] for _ in range(s)]
    elif kind == "cot_narrow":
        cr = T0 - rng.integers(0, 7 * DAY, s)
        cards = w.cards(int(rng.integers(2, 4)))
        acc, tz, cc = w.accounts(s, kind, created=cr, card=cards[rng.integers(0, len(cards), s)],
                                 ua0=np.full(s, w.ua(rng.choice(SDKS[:5]))), **kw)
        prov = ["linode", "oracle", "digitalocean"][int(rng.integers(0, 3))]
        ips_ = w.ips(v4s(np.unique(w.cidr_addr(w.S.cloud[prov], int(rng.integers(3, 9)), 2))))
        H = int(rng.integers(3, 6))
        hours = np.tile(np.sort(rng.choice(24, H, replace=False)).astype(float), (s, 1)) + rng.uniform(0, 0.3, (s, 1))
        ne = np.round(rate * DAYS).astype(np.int64) * np.ones(s, np.int64)
        pos, t = w.cron_times(ne, lo_, hi_, hours, np.maximum(ne // (DAYS * H), 1), gapb=rng.uniform(2, 6))
        ipx = ips_[rng.integers(0, len(ips_), len(t))]
        tpls = _harvest_tpls(w, cap, 8)
        p["templates"] = [f"{t_['ds']}/{t_['name']}" for t_ in tpls]
        p["provider"] = prov
    elif kind == "resi_turns":
        cr = T0 - rng.integers(0, 30 * DAY, s)
        card = w.cards(s)
        sh = rng.random(s) < 0.3
        if sh.sum() >= 2:
            card[sh] = w.cards(max(1, int(sh.sum()) // 3))[np.arange(int(sh.sum())) // 3 % max(1, int(sh.sum()) // 3)]
        acc, tz, cc = w.accounts(s, kind, created=cr, card=card, **kw)
        K = 3 * s + int(rng.integers(0, s + 1))
        exits = w.ips(v4s(w.resi_v4(rng.choice(C_CC, K))))
        slot_h = float(rng.choice([1.0, 2.0, 3.0]))
        ne = np.round(rate * (hi_ - lo_)).astype(np.int64)
        pos, t = w.uniform_times(ne, lo_, hi_, "flat", 0.0)
        slot = ((t - T0) // (slot_h * 3600)).astype(np.int64)
        ipx = exits[(pos * 3 + slot) % K]
        p["exits"] = K
        p["slot_hours"] = slot_h
    elif kind == "aged_sleeper":
        cr = T0 - rng.integers(180, 540, s) * DAY
        ci_ = rng.choice(len(COUNTRIES), s, p=C_W)
        acc, tz, cc = w.accounts(s, kind, created=cr, country=C_CC[ci_], ua0=[w.ua(x) for x in rng.choice(MOBILE_UA, s).tolist()], **kw)
        start = int(rng.integers(5, 16))
        phase = start
        pre_ne = rng.poisson(4 * start, s)
        pos0, t0_, sid0, spos0 = w.sessions(pre_ne, np.maximum(pre_ne // 4, 1), np.zeros(s, np.int64), np.full(s, start),
                                            "home", C_TZ[ci_], "home")
        car = w.carrier_pools()
        ne = np.round(rate * (DAYS - start) * rng.uniform(0.8, 1.1, s)).astype(np.int64)
        pos, t, sid, spos = w.sessions(ne, ne // 25 + 1, np.full(s, start), hi_, "flat", np.zeros(s), "all", gap=8, gsig=0.9)
        pool = np.concatenate([c["v4"] for c in car])
        ipx = pool[rng.integers(0, len(pool), len(spos))][sid]
        ip0 = pool[rng.integers(0, len(pool), len(spos0))][sid0]
        _chat_events(w, acc, pos0, t0_, _lang_of(cc), ip=ip0)
        p["harvest_from_day"] = start
    elif kind == "gateway_hide":
        gw = w.gateways()[int(rng.integers(0, 3))]
        cr = T0 - rng.integers(0, 60 * DAY, s)
        acc, tz, cc = w.accounts(s, kind, created=cr, ua0=np.full(s, gw["ua"]), **kw)
        ne = np.round(rate * (hi_ - lo_) * rng.uniform(0.7, 1.2, s)).astype(np.int64)
        pos, t = w.uniform_times(ne, lo_, hi_, "home", C_TZ[rng.choice(len(COUNTRIES), p=C_W)])
        ipx = gw["v4"][rng.integers(0, len(gw["v4"]), len(t))]
        p["gateway"] = gw["name"]
    elif kind == "org_cloak":
        dom = w.company_domain()
        cr = T0 - rng.integers(0, 60 * DAY, s)
        acc, tz, cc = w.accounts(s, kind, created=cr, card=np.full(s, w.cards(1)[0]), domain=dom, country=cc0,
                                 org=f"org_{dom.split('.')[0]}", ua0=np.full(s, w.ua(rng.choice(SDKS[:6]))), **kw)
        office = w.ips(v4s(w.block24(w.resi_v4([cc0])[0], 2)))
        ne = np.round(rate * (hi_ - lo_) * 5 / 7).astype(np.int64)
        pos, t, sid, spos = w.sessions(ne, ne // 40 + 1, lo_, hi_, "office", tz, "work", gap=12, gsig=0.7)
        ipx = office[rng.integers(0, 2, len(t))]
    elif kind == "trial_drip":
        life = rng.integers(1, 4, s)
        start = np.sort(rng.integers(0, DAYS - 1, s))
        cr = T0 + start * DAY + rng.integers(0, 3600 * 6, s)
        dom = rng.choice(TEMPMAIL + ["gmail.com", "outlook.com"], s)
        acc, tz, cc = w.accounts(s, kind, created=cr, card=np.full(s, -1), domain=dom,
                                 ua0=np.full(s, w.ua(rng.choice(SDKS[:10]))), **kw)
        lo_ = start
        hi_ = np.minimum(start + life, DAYS)
        ne = np.round(rate * (hi_ - lo_)).astype(np.int64)
        pos, t = w.uniform_times(ne, lo_, hi_, "flat", 0.0)
        t = np.maximum(t, cr[pos] + 120)
        vp = w.vpn_pools()[int(rng.integers(0, 4))]
        ipx = vp["v4"][rng.integers(0, len(vp["v4"]), len(t))]
        p["vpn"] = vp["name"]
    elif kind == "hydra_reseller":
        waves = int(rng.integers(6, 13))
        wt = T0 + rng.integers(-150, DAYS - 3, waves) * DAY + rng.integers(0, DAY, waves)
        cr = wt[rng.integers(0, waves, s)] + rng.integers(0, 5 * 3600, s)
        card = w.cards(s)
        sh = rng.random(s) < 0.2
        nsh = int(sh.sum())
        if nsh:
            card[sh] = w.cards(max(1, nsh // 4))[rng.integers(0, max(1, nsh // 4), nsh)]
        doms = [w.name(1) + "-" + w.name(1) + "." + rng.choice(["com", "net", "xyz", "shop"]) for _ in range(max(2, s // 80))]
        dom = np.where(rng.random(s) < 0.6, np.array(doms, object)[rng.integers(0, len(doms), s)], rng.choice(WEBMAIL, s, p=WEBMAIL_W))
        acc, tz, cc = w.accounts(s, kind, created=cr, card=card, domain=dom,
                                 ua0=np.full(s, w.ua("one-hub/0.6.9 (reseller gateway)")), **kw)
        # retire: an account stops after its quota is used, later waves take over
        lo_ = np.clip((cr - T0) // DAY + 1, 0, DAYS - 1)
        retire = rng.random(s) < 0.3
        hi_ = np.where(retire, np.minimum(DAYS, lo_ + rng.integers(3, 15, s)), DAYS)
        hi_ = np.maximum(hi_, lo_ + 1)
        dc = np.concatenate([w.block24(x, int(rng.integers(4, 12))) for x in w.cidr_addr(w.S.dc, int(rng.integers(6, 14)), 3)])
        resi = w.resi_v4(rng.choice(C_CC, int(rng.integers(100, 300))))
        pool = w.ips(v4s(np.r_[dc, resi]))
        ne = np.round(rate * (hi_ - lo_) * rng.uniform(0.5, 1.5, s)).astype(np.int64)
        pos, t = w.uniform_times(ne, lo_, hi_, "home", rng.choice(C_TZ, s))
        ipx = pool[rng.integers(0, len(pool), len(t))]
        harvest = rng.random(len(t)) < 0.45
        cust = np.flatnonzero(~harvest)
        fwd = np.array([w.ua(x) for x in SDKS + BROWSERS[:3]])
        uae = np.full(len(t), -1, np.int64)
        uae[cust] = fwd[rng.integers(0, len(fwd), len(cust))]
        _chat_events(w, acc, pos[cust], t[cust], None, ip=ipx[cust], ua=uae[cust], model_p=(0.1, 0.3, 0.4, 0.1, 0.1))
        hv = np.flatnonzero(harvest)
        pos, t, ipx = pos[hv], t[hv], ipx[hv]
        tpls = _harvest_tpls(w, cap, 5)
        p["templates"] = [f"{t_['ds']}/{t_['name']}" for t_ in tpls]
        p.update(waves=waves, pool_ips=len(pool), harvest_share=0.45, retired_share=0.3)
    else:
        raise ValueError(kind)

    # harvest prompts
    n = len(t)
    ti = rng.integers(0, len(tpls), n)
    if kind == "cot_narrow":  # each account on its own subset of the capability's datasets
        ti = (pos * 3 + rng.integers(0, 3, n)) % len(tpls)
    cot = rng.random(n) < cot_share
    if kind == "org_cloak":
        cot[:] = True
    jf = rng.integers(0, len(COT_JSON), s)
    cp = cot_per_acc[pos]
    pr = np.empty(n, np.int64)
    B = 120_000
    for b0 in range(0, n, B):  # in blocks: a hydra's harvest is millions of strings
        sl = np.arange(b0, min(n, b0 + B))
        txt = np.empty(len(sl), object)
        if lits_per_acc is None:
            for j, tp in enumerate(tpls):
                m = np.flatnonzero(ti[sl] == j)
                if len(m):
                    txt[m] = w.P.render(tp, len(m))
        else:
            ps = pos[sl]
            for a in np.unique(ps).tolist():
                for j, tp in enumerate(tpls):
                    m = np.flatnonzero((ps == a) & (ti[sl] == j))
                    if len(m):
                        txt[m] = w.P.render(tp, len(m), lits=lits_per_acc[a][j])
        if kind == "org_cloak":
            out = [x + "\n\n" + COT_JSON[jf[a]] for x, a in zip(txt.tolist(), pos[sl].tolist())]
        else:
            out = [x + ("\n" if c % 2 else " ") + COT[c] if k else x
                   for x, k, c in zip(txt.tolist(), cot[sl].tolist(), cp[sl].tolist())]
        del txt
        pr[sl] = w.prompts(out)
    tok = np.where(cot, w.otok(n, 1400, 0.45), w.otok(n, 520, 0.5))
    w.emit(acc[pos], t, ipx, pr, None, tok, w.models(n, mp))
    p["harvest_requests_planned"] = int(n)
    if phase is not None:
        p["phase_day"] = phase
    return p


def build_rings(w: World, sizes: list[int], benign_events: int) -> dict:
    rng = w.rng
    order = list(KINDS)
    rng.shuffle(order)
    plan = []
    k = 0
    for i, s in enumerate(sizes):
        if s >= 1000:
            kind = "hydra_reseller"
        elif s >= 50:
            kind = ["hydra_reseller", *BIG_KINDS][int(rng.integers(0, 5))]
        elif s > 15:
            kind = BIG_KINDS[int(rng.integers(0, len(BIG_KINDS)))]
        else:
            kind = order[k % len(order)]
            k += 1
        plan.append((f"ring-{i + 1:03d}", kind, s))
    # volume: the rings' expected harvest is capped against benign traffic
    exp_h = sum(RATE[kd] * s * DAYS * (0.6 if kd == "hydra_reseller" else 0.85) for _, kd, s in plan if kd == "hydra_reseller")
    exp_o = sum(RATE[kd] * s * DAYS * 0.85 for _, kd, s in plan if kd != "hydra_reseller")
    cap_h, cap_o = (0.3, 0.15) if exp_h else (0.0, 0.30)
    sc_h = min(1.0, cap_h * benign_events / exp_h) if exp_h else 1.0
    sc_o = min(1.0, cap_o * benign_events / exp_o) if exp_o else 1.0
    for rid, kind, s in plan:
        p = build_ring(w, rid, kind, s, sc_h if kind == "hydra_reseller" else sc_o)
        w.rings.append(p)
    return {"hydra": round(float(sc_h), 4), "other": round(float(sc_o), 4)}


# ----------------------------------------------------------------------------------------------- output
def write(w: World, out: Path, params: dict, scale: dict, t_start: float):
    rng = w.rng
    cols = list(zip(*w.ev))
    w.ev = []
    acc, t, ip, prm, ua, tok, mod, pay = (np.concatenate(c) for c in cols)
    del cols
    nA = len(w.A["cohort"])
    created = np.array(w.A["created"], np.int64) * 1000
    keep = np.flatnonzero((t >= created[acc] + 30_000) & (t >= T0 * 1000) & (t < T_END * 1000))
    outside = int(len(t) - len(keep))
    # the platform refuses (and does not log) requests beyond LIMIT per account and UTC day
    sel = keep[np.lexsort((t[keep], acc[keep]))]
    key = acc[sel] * DAYS + (t[sel] // 1000 - T0) // DAY
    _, start, cnt = np.unique(key, return_index=True, return_counts=True)
    rank = np.arange(len(sel)) - np.repeat(start, cnt)
    ok = rank < LIMIT
    refused = int((~ok).sum())
    sel = sel[ok]
    sel = sel[np.lexsort((acc[sel], t[sel]))]
    del keep, key, rank, ok
    acc, t, ip, prm, ua, tok, mod, pay = (x[sel] for x in (acc, t, ip, prm, ua, tok, mod, pay))
    del sel
    n = len(t)
    ua0 = np.array(w.A["ua0"], np.int64)
    ua1 = np.array(w.A["ua1"], np.int64)
    ua = np.where(ua >= 0, ua, np.where(rng.random(n) < 0.9, ua0[acc], ua1[acc]))
    # some accounts' clients never send a user agent; a few responses lose their token count (aborted streams)
    no_ua = rng.random(nA) < 0.02
    ua = np.where(no_ua[acc], -1, ua)
    tok = np.where(rng.random(n) < 0.008, -1, tok)
    card = np.array(w.A["card"], np.int64)
    pay = np.where(pay == -2, card[acc], pay)
    # a few accounts change card in the middle of the window
    swap = rng.random(nA) < 0.03
    new = np.full(nA, -1, np.int64)
    ns = int(swap.sum())
    if ns:
        new[swap] = w.cards(ns)
    sday = rng.integers(3, DAYS - 3, nA)
    late = swap[acc] & ((t // 1000 - T0) // DAY >= sday[acc]) & (pay >= 0)
    pay = np.where(late, new[acc], pay)
    # API keys: 1-4 per account, the first carries most traffic
    nk = rng.choice([1, 2, 3, 4], nA, p=[0.55, 0.3, 0.1, 0.05])
    kt = np.array(["sk-kst-" + x for x in w.tokens(4 * nA, 20)], object)
    kr = rng.random(n)
    kidx = np.where(kr < 0.7, 0, np.where(kr < 0.9, 1, np.where(kr < 0.97, 2, 3))) % nk[acc]
    al = "0123456789abcdefghjkmnpqrstvwxyz"
    idn = rng.choice(32 ** 7, nA, replace=False)
    ids = np.array(["u_" + "".join(al[(x >> (5 * k)) & 31] for k in range(7)) for x in idn.tolist()], object)
    assert len(set(ids.tolist())) == nA
    pay_arr = pa.array(w.pay_list + [None], pa.string())
    ip_arr = pa.array(w.ip_list + [None], pa.string())
    ua_arr = pa.array(w.ua_list + [None], pa.string())
    fix = lambda x, m: np.where(x < 0, m, x)  # noqa: E731
    ip = fix(ip, len(w.ip_list))
    pay = fix(pay, len(w.pay_list))
    ua = fix(ua, len(w.ua_list))
    mod_arr = pa.array(MODELS, pa.string())
    id_arr = pa.array(ids.tolist(), pa.string())
    key_arr = pa.array(kt.tolist(), pa.string())
    keys = acc * 4 + kidx
    del kidx, kr
    dropped = []
    drop_cols = []
    if params["seed"] % 5 == 0:  # a contract variation (never seeds 1-4): this export has no token counts or key ids
        drop_cols += ["output_tokens", "api_key_id"]
        dropped += ["output_tokens", "api_key_id"]
    if params["seed"] % 7 == 0:  # another export has no user agent, and its accounts file no country
        drop_cols.append("user_agent")
        dropped.append("user_agent")
    out.mkdir(parents=True, exist_ok=True)
    chunks = w.prompt_chunks + [pa.array([None], pa.large_string())]
    w.prompt_chunks = []
    cstart = np.cumsum([0] + [len(c) for c in chunks])
    pnull = w.n_prompts
    prm = fix(np.where(rng.random(n) < 0.004, -1, prm), pnull)  # a few requests were logged without their prompt

    def gather(idx):
        # take from the chunk list without concatenating it (the pool can be larger than one string array holds)
        c = np.searchsorted(cstart, idx, side="right") - 1
        order = np.argsort(c, kind="stable")
        parts = []
        cs = c[order]
        for k in np.unique(cs).tolist():
            sel = order[cs == k]
            parts.append(chunks[k].take(pa.array(idx[sel] - cstart[k])).cast(pa.string()))
        flat = pa.concat_arrays(parts)
        return flat.take(pa.array(np.argsort(order, kind="stable")))

    def batch(sl):
        tb = pa.table({
            "account_id": id_arr.take(pa.array(acc[sl])),
            "timestamp": pa.array(t[sl], pa.timestamp("ms", tz="UTC")),
            "ip": ip_arr.take(pa.array(ip[sl])),
            "payment_method": pay_arr.take(pa.array(pay[sl])),
            "prompt": gather(prm[sl]),
            "user_agent": ua_arr.take(pa.array(ua[sl])),
            "output_tokens": pa.array(tok[sl], pa.int32(), mask=tok[sl] < 0),
            "api_key_id": key_arr.take(pa.array(keys[sl])),
            "model": mod_arr.take(pa.array(mod[sl].astype(np.int64))),
        })
        return tb.drop(drop_cols) if drop_cols else tb

    B = 200_000
    first = batch(slice(0, min(n, B)))
    with pq.ParquetWriter(out / "events.parquet", first.schema, compression="zstd") as pw:
        pw.write_table(first)
        del first
        for b0 in range(B, n, B):
            pw.write_table(batch(slice(b0, b0 + B)))
    del chunks
    cr_s = pd.to_datetime(np.array(w.A["created"], np.int64), unit="s", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ")
    cpay = np.array(w.pay_list + [None], object)[fix(card, len(w.pay_list))]
    dom = np.array(w.A["domain"], object)
    dom = np.where(rng.random(nA) < 0.04, None, dom)  # phone-number sign-ups have no e-mail
    A = pd.DataFrame({"account_id": ids, "created_at": cr_s, "payment_method": cpay, "email_domain": dom,
                      "country": w.A["country"], "org_id": w.A["org"]})
    if params["seed"] % 7 == 0:
        A = A.drop(columns=["country"])
        dropped.append("accounts.country")
    A.to_csv(out / "accounts.csv", index=False, lineterminator="\n")
    kind_of = {r["ring_id"]: r["kind"] for r in w.rings}
    ring = np.array(w.A["ring"], object)
    coh = np.array(w.A["cohort"], object)
    grp = np.array(w.A["group"], object)
    is_ring = ring != ""
    coh = np.where(is_ring, [kind_of.get(r, "") for r in ring.tolist()], coh)
    grp = np.where(is_ring, ring, grp)
    truth = pd.DataFrame({"account_id": ids, "is_ring": is_ring.astype(int), "ring_id": ring, "group_id": grp,
                          "cohort": coh, "variant": w.A["variant"]})
    truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
    ev_per = np.bincount(acc, minlength=nA)
    tv = truth.assign(ev=ev_per)
    cg = tv.groupby("cohort").agg(accounts=("account_id", "size"), events=("ev", "sum"), active=("ev", lambda x: int((x > 0).sum())))
    ring_ev = tv[tv.is_ring == 1].groupby("ring_id")["ev"].sum()
    for r in w.rings:
        r["events"] = int(ring_ev.get(r["ring_id"], 0))
    n_group = int(sum(g["size"] for g in w.groups.values()))
    info = {
        "generator": "world14", "params": params,
        "platform": {"start": pd.Timestamp(T0, unit="s", tz="UTC").isoformat(), "days": DAYS,
                     "end_exclusive": pd.Timestamp(T_END, unit="s", tz="UTC").isoformat(),
                     "requests_per_day_limit": LIMIT, "models": MODELS, "refused_over_limit": refused,
                     "dropped_outside_window_or_before_signup": outside, "dropped_columns": dropped},
        "totals": {"events": int(n), "accounts": nA, "ring_accounts": int(is_ring.sum()), "rings": len(w.rings),
                   "benign_group_accounts": n_group, "benign_groups": len(w.groups), "ips": len(w.ip_list),
                   "user_agents": len(w.ua_list), "payment_methods": len(w.pay_list), "ring_volume_scale": scale,
                   "ring_events": int(ev_per[is_ring].sum()), "seconds": round(time.time() - t_start, 1)},
        "cohorts": {k: {c: int(v) for c, v in r.items()} for k, r in cg.iterrows()},
        "cohort_info": w.cohort_info,
        "rings": w.rings,
        "benign_groups": w.groups,
    }
    info["totals"].pop("seconds")  # keep world.json byte-identical between runs
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
    S = Shared(Path(os.environ.get("WORLD14_SHARED_DATA", "/work/shared/data")))
    w = World(rng, S)
    n_ring = int(round(a.accounts * a.ring_share))
    sizes = ring_sizes(n_ring, a.ring_sizes, rng)
    n_ring = sum(sizes)
    build_benign(w, a.accounts - n_ring)
    benign_events = sum(len(c[0]) for c in w.ev)
    scale = build_rings(w, sizes, benign_events)
    params = {"accounts": a.accounts, "seed": a.seed, "ring_share": a.ring_share, "ring_sizes": a.ring_sizes,
              "ring_size_list": sizes}
    info = write(w, a.out, params, scale, t_start)
    tt = info["totals"]
    print(f"world14: {tt['events']:,} events, {tt['accounts']:,} accounts, {tt['ring_accounts']} ring accounts in "
          f"{tt['rings']} rings, {tt['benign_group_accounts']:,} benign group accounts -> {a.out} "
          f"({time.time() - t_start:.1f}s)")


if __name__ == "__main__":
    main()
