"""World 10: an independent synthetic test world for graphhunt (docs/WORLD10.md).

Written from graphhunt's README (input contract) and ../shared/data only, without reading the
detector's code, docs or other benchmark generators. It plants distillation rings of several new
infrastructures and evasions among benign cohorts that share infrastructure, templates, clients or
sign-up waves for ordinary reasons, and writes:

    DIR/events.parquet   account_id, timestamp, ip, payment_method, prompt, user_agent,
                         output_tokens, api_key_id, model   (one row per API request)
    DIR/accounts.csv     account_id, created_at, payment_method, email_domain, country, org_id
    DIR/truth.csv        account_id, is_ring, ring_id, group_id, cohort, variant
    DIR/world.json       parameters, platform assumptions, per-cohort and per-ring counts

    python benchmarks/world10.py --accounts 20000 --seed 1 --ring-share 0.01 --ring-sizes small --out DIR

Deterministic from --seed (one numpy Generator, sorted iteration everywhere). The shared data is
read from $WORLD10_SHARED_DATA or /work/shared/data at run time, never copied.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

DEFAULT_DATA = "/work/shared/data"
T0 = pd.Timestamp("2026-03-02T00:00:00Z")  # a Monday
DAYS = 28
LAUNCH_DAY = 9  # the reasoning model is released on day 9 (launch tourists arrive)
DAILY_LIMIT = 2000  # requests per account per UTC day (platform rule, enforced below)
MODELS = np.array(["lumen-2-pro", "lumen-2-mini", "lumen-2-reason", "lumen-2-code"], dtype=object)

# ----------------------------------------------------------------------------------------------
# text material written for this world (the real prompts and templates come from shared data)
# ----------------------------------------------------------------------------------------------
LEADINS = {
    "en": ["Can you help me with this:", "quick question -", "I need help understanding", "Please rewrite",
           "What does this mean:", "Summarize this for me:", "how would you improve", "Explain simply:",
           "Give me ideas about", "Is this correct?", "fix the grammar:", "Write a short email about",
           "what's the best way to handle", "Make this sound more professional:", "hey, can you check",
           "translate to plain English:", "Brainstorm names for", "I'm stuck on", "Draft a reply about",
           "compare the options for", "pros and cons of", "my manager asked me about", "ELI5", "tldr",
           "Write a tweet about", "outline a plan for", "help me debug", "what should I know about"],
    "es": ["¿Me ayudas con esto?", "Resume este texto:", "Explícame de forma sencilla:", "Corrige la redacción:",
           "Dame ideas sobre", "¿Qué significa esto?"],
    "pt": ["Pode me ajudar com isso:", "Resuma este texto:", "Explique de forma simples:", "Me dê ideias sobre",
           "Corrija o texto:"],
    "de": ["Kannst du mir helfen:", "Fasse das zusammen:", "Erkläre einfach:", "Formuliere das besser:",
           "Gib mir Ideen zu"],
    "ja": ["これを手伝ってください：", "要約してください：", "わかりやすく説明して：", "次の文を直して："],
    "ko": ["이것 좀 도와주세요:", "요약해 주세요:", "쉽게 설명해 주세요:", "문장을 고쳐 주세요:"],
    "id": ["Tolong bantu saya:", "Ringkas teks ini:", "Jelaskan dengan sederhana:", "Beri ide tentang"],
    "tr": ["Bana yardım eder misin:", "Bunu özetle:", "Basitçe açıkla:", "Şu metni düzelt:"],
    "vi": ["Giúp tôi việc này:", "Tóm tắt đoạn này:", "Giải thích đơn giản:", "Sửa câu sau:"],
}
TAILS = ["", "", "", " thanks", " Thanks!", " pls", " (short answer)", " in bullet points", " keep it brief",
         " for a presentation", " for my blog", " asap"]
COT = {  # explicit English, implicit English, native-language explicit
    "explicit": ["Let's think step by step.", "Think step by step and explain your reasoning before the final answer.",
                 "Show your reasoning step by step, then give the final answer.", "Explain your reasoning.",
                 "Reason through this step by step first.", "Please show all the steps."],
    "implicit": ["Before answering, write down every fact and intermediate result you rely on, then state the answer "
                 "on the last line.", "Work through it carefully in numbered stages; only the last line is the answer.",
                 "Walk me through how you get there, then answer.", "Lay out your working in full before concluding.",
                 "First list what is given and what is asked, derive it, and finish with 'Answer:'."],
    "es": ["Razona paso a paso antes de dar la respuesta final.", "Explica tu razonamiento detalladamente."],
    "pt": ["Pense passo a passo e explique seu raciocínio antes da resposta final.", "Mostre todo o raciocínio."],
    "de": ["Denke Schritt für Schritt nach und begründe deine Antwort.", "Erkläre jeden Zwischenschritt."],
    "ja": ["段階的に考えて、最終的な答えの前に理由を説明してください。", "途中の計算もすべて書いてください。"],
    "ko": ["단계별로 생각하고 최종 답변 전에 추론 과정을 설명하세요.", "중간 계산을 모두 보여 주세요."],
    "id": ["Jelaskan langkah demi langkah sebelum memberikan jawaban akhir.", "Tuliskan seluruh penalaranmu."],
    "tr": ["Adım adım düşün ve son cevabı vermeden önce gerekçeni açıkla.", "Tüm ara adımları göster."],
    "vi": ["Hãy suy nghĩ từng bước và giải thích lập luận trước khi đưa ra đáp án cuối cùng.",
           "Trình bày đầy đủ các bước trung gian."],
}
COUNTRY_LANG = {"ES": "es", "MX": "es", "AR": "es", "BR": "pt", "PT": "pt", "DE": "de", "AT": "de", "JP": "ja",
                "KR": "ko", "ID": "id", "TR": "tr", "VN": "vi"}
COUNTRY_TZ = {"US": -6, "CA": -5, "MX": -6, "BR": -3, "AR": -3, "GB": 0, "IE": 0, "PT": 0, "ES": 1, "FR": 1,
              "DE": 1, "AT": 1, "IT": 1, "NL": 1, "PL": 1, "SE": 1, "NG": 1, "TR": 3, "RU": 3, "IN": 5,
              "ID": 7, "VN": 7, "CN": 8, "SG": 8, "JP": 9, "KR": 9, "AU": 10}
COUNTRY_W = {"US": 30, "IN": 10, "GB": 6, "DE": 5, "BR": 5, "FR": 4, "CA": 3, "JP": 3, "KR": 2, "ES": 3, "MX": 2,
             "ID": 2, "TR": 2, "VN": 2, "PL": 2, "IT": 2, "NL": 2, "AU": 2, "NG": 2, "SE": 1, "AR": 1, "PT": 1,
             "SG": 1, "IE": 1, "AT": 1, "RU": 1}

# my own task templates ({} = text slot, {n} = number slot)
CUSTOM = {
    # benign: crowd-work annotation projects (one per project; workers paste it via the extension)
    "crowd": ["Annotation task #{n}. Read the passage and the claim. Passage: {} Claim: {} Explain your reasoning "
              "in two sentences, then give the label SUPPORTED, REFUTED or NOT ENOUGH INFO.",
              "Rate the assistant reply below from 1 to 7 for helpfulness. User: {} Assistant: {} Give a brief "
              "rationale first, then the score on its own line.",
              "Label the intent of this customer message (billing, technical, account, other): {} Provide a short "
              "justification and then the label.",
              "Does the following answer contain a factual error? Question: {} Answer: {} Reply YES or NO with one "
              "sentence of reasoning.",
              "Compare response A and response B to the prompt '{}'. A: {} B: {} Which is better and why? Think "
              "step by step, then answer A or B."],
    # benign: internal tools of offices / enterprises / startups
    "tool": ["Summarize the following support ticket for the on-call engineer in three bullets: {}",
             "Rewrite this product description for our catalog, max 60 words: {}",
             "Extract the action items and owners from these meeting notes: {}",
             "Classify this expense line into one of our cost centers and explain briefly: {} amount {n}",
             "Draft a polite customer reply to: {}", "Generate five SEO keywords for the page: {}",
             "Convert these notes into a status update for the weekly report: {}",
             "Check this contract clause for unusual terms: {}", "Write unit test ideas for: {}",
             "Turn this into a Jira ticket with title, description and acceptance criteria: {}",
             "Suggest a subject line for this newsletter section: {}",
             "Translate this release note into German and French: {}"],
    # benign: the viral puzzles launch tourists try on the new reasoning model
    "viral": ["How many times does the letter r appear in the word {}?", "Which is bigger, 9.11 or 9.9? {}",
              "A bat and a ball cost {n} dollars in total. The bat costs {n} more than the ball. How much is the ball?",
              "Alice has {n} brothers and {n} sisters. How many sisters does Alice's brother have?",
              "I have {n} apples, eat {n}, and buy {n} more. How many now? {}",
              "Write a poem where every line starts with the next letter of: {}",
              "Solve this riddle: {}", "Is {n} a prime number? Prove it."],
    # rings: harvesting task templates (English)
    "harvest": ["Problem {n}: {} Solve the problem. {}", "Question: {} Context: {} Provide a complete, "
                "rigorous solution.", "You are an expert tutor. Task: {} Give a detailed worked solution.",
                "Given the following scenario, determine the correct outcome. Scenario: {} Details: {}",
                "Answer the following exam question with full working. {} (item {n})",
                "Write Python code to solve: {} Include a detailed explanation of the algorithm and complexity.",
                "Evaluate the argument below and identify any logical flaws. Argument: {} Counterpoint: {}",
                "Derive the answer to this physics question: {} Use the values {n} and {n}.",
                "Read the text and answer the question. Text: {} Question: {}",
                "Critique and then improve this answer. Prompt: {} Draft answer: {}"],
    # rings: non-English harvesting templates, slots are numbers (math word problems) or text
    "es": ["Resuelve el siguiente problema: un tren recorre {n} km en {n} horas y luego {n} km más en {n} horas. "
           "¿Cuál es su velocidad media?", "Responde a la pregunta de examen con el desarrollo completo: {}"],
    "pt": ["Resolva: uma loja vende {n} camisas a {n} reais cada e dá {n}% de desconto. Qual é o total?",
           "Responda a questão com a resolução completa: {}"],
    "id": ["Selesaikan soal berikut: Budi membeli {n} buku seharga {n} rupiah per buku dan membayar dengan {n} "
           "rupiah. Berapa kembaliannya?", "Jawab soal ujian ini dengan pembahasan lengkap: {}"],
    "tr": ["Şu problemi çöz: Bir işçi {n} günde {n} metre duvar örüyor. {n} metre için kaç gün gerekir?",
           "Sınav sorusunu tam çözümüyle cevapla: {}"],
    "vi": ["Giải bài toán: Một người đi xe đạp với vận tốc {n} km/h trong {n} giờ rồi đi bộ {n} km. Tổng quãng "
           "đường là bao nhiêu?", "Trả lời câu hỏi thi sau với lời giải đầy đủ: {}"],
    "ja": ["次の問題を解いてください：ある数に{n}を足すと{n}になります。その数に{n}を掛けるといくつですか。",
           "次の試験問題に詳しい解説付きで答えてください：{}"],
    "ko": ["다음 문제를 풀어 주세요: 사과 {n}개를 {n}명에게 똑같이 나누고 {n}개가 남았습니다. 한 사람이 몇 개를 받았나요?",
           "다음 시험 문제에 풀이와 함께 답하세요: {}"],
}
MT_SYSTEM = ["You are a meticulous assistant. Always reason carefully and completely before answering.",
             "You are a senior domain expert. Give thorough, well-structured answers with full derivations.",
             "Respond as a patient teacher who shows every intermediate step."]
MT_FOLLOW = ["Now double-check each step of your solution and correct any mistake.",
             "Explain why the alternative approaches would fail.", "Rewrite your solution as a clean final version.",
             "Are you sure? Verify the answer from first principles.", "Continue."]

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_{m}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0",
]
MOBILE_UA = ["LumenChat/5.3.{m} (iPhone; iOS 18.{m}; Scale/3.00)", "LumenChat/5.3.{m} (Android 15; Pixel 8)",
             "LumenChat/5.2.{m} (Android 14; SM-S911B)", "LumenChat/5.3.{m} (iPad; iOS 18.{m}; Scale/2.00)",
             "Mozilla/5.0 (iPhone; CPU iPhone OS 18_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
             "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36"]
SDK_UA = ["lumen-python/1.4{m}.{p}", "lumen-node/4.{m}.{p}", "python-requests/2.31.0", "python-requests/2.32.3",
          "curl/8.5.0", "Go-http-client/2.0", "okhttp/4.12.0", "langchain-lumen/0.2.{p}", "httpx/0.27.{m}"]
RING_PINNED_UA = ["lumen-python/1.17.4 (aiohttp/3.8.1; linux x86_64)", "lumen-python/1.21.0 httpx/0.23.3 (worker)",
                  "lumen-node/3.9.2 undici/5.22.1", "python-requests/2.25.1 lumen-py/1.12.0",
                  "LumenKit/0.9.3 (+batch)", "lumen-python/1.19.2 (grpc-proxy)"]

PMF_HUMAN = np.array([1, .5, .3, .2, .2, .3, .8, 2, 4, 6, 7, 7, 6, 6, 7, 7, 6, 5, 5, 6, 7, 6, 4, 2], float)
PMF_OFFICE = np.array([0, 0, 0, 0, 0, 0, .2, 1, 5, 9, 10, 10, 7, 8, 10, 10, 9, 6, 2, .5, .3, .2, 0, 0], float)
PMF_CLASS = np.array([0, 0, 0, 0, 0, 0, 0, 0, .2, .5, .5, .5, .2, .5, 12, 12, 5, 1, 1, 2, 4, 5, 4, 2], float)
HUMAN, OFFICE, UNIFORM, CRON, CLASS, REGULAR = range(6)


# ----------------------------------------------------------------------------------------------
# shared data
# ----------------------------------------------------------------------------------------------
def _ip2int(s: pd.Series) -> np.ndarray:
    p = s.str.split(".", expand=True).astype(np.int64).to_numpy()
    return (p[:, 0] << 24) | (p[:, 1] << 16) | (p[:, 2] << 8) | p[:, 3]


def _cidrs(lines: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    lines = lines[lines.str.contains(r"^\d+\.\d+\.\d+\.\d+/\d+$", regex=True)]
    parts = lines.str.split("/", expand=True)
    return _ip2int(parts[0]), parts[1].astype(np.int64).to_numpy()


def _read_cidr_file(path: Path) -> tuple[np.ndarray, np.ndarray]:
    s = pd.Series(path.read_text().split()).str.strip()
    return _cidrs(s)


class Material:
    """Real prompts, promptsource templates and IP ranges from the shared data directory."""

    def __init__(self, root: Path):
        self.root = root
        ap = pd.read_csv(root / "prompts" / "awesome-chatgpt-prompts.csv")
        self.awesome = ap["prompt"].dropna().astype(str).to_numpy(dtype=object)
        frags = pd.Series(self.awesome).str.replace(r"\s+", " ", regex=True).str.split(r"(?<=[.!?;:])\s+")
        frags = frags.explode().str.strip()
        nw = frags.str.count(" ") + 1
        frags = frags[(nw >= 4) & (nw <= 22) & ~frags.str.contains(r"[{}\[\]\"]", regex=True)]
        self.frags = np.array(sorted(set(frags.tolist())), dtype=object)
        self._templates(root / "prompts" / "promptsource-templates")
        self._ips(root / "ip")

    # -- templates ---------------------------------------------------------------------------
    def _templates(self, root: Path) -> None:
        files = sorted(root.rglob("templates.yaml"))
        import yaml

        class L(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            pass

        L.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_mapping(node, deep=True))
        self.ps_parts: list[list[tuple[str, ...]]] = []  # per dataset: list of parsed templates
        self.ps_names: list[str] = []
        for f in files:
            try:
                doc = yaml.load(f.read_text(encoding="utf-8"), Loader=L)
            except Exception:
                continue
            tpls = (doc or {}).get("templates") or {}
            parsed = []
            for key in sorted(tpls):
                j = str((tpls[key] or {}).get("jinja") or "")
                p = parse_jinja(j)
                if p is not None:
                    parsed.append(p)
            if parsed:
                self.ps_parts.append(parsed)
                self.ps_names.append(str(f.parent.relative_to(root)))

    # -- IP ranges ---------------------------------------------------------------------------
    def _ips(self, root: Path) -> None:
        import io
        names = json.loads(gzip.open(root / "pyasn" / "asnames.json.gz").read())
        raw = gzip.open(root / "pyasn" / "ipasn_20140513.dat.gz").read().decode()
        raw = raw.replace("/", ",").replace(".", ",").replace("\t", ",")
        tab = pd.read_csv(io.StringIO(raw), comment=";", header=None, names=["a", "b", "c", "d", "plen", "asn"],
                          dtype=np.int64)
        q = tab[["a", "b", "c", "d"]].to_numpy()
        tab["base"] = (q[:, 0] << 24) | (q[:, 1] << 16) | (q[:, 2] << 8) | q[:, 3]
        tab = tab[(tab["plen"] >= 12) & (tab["plen"] <= 24)]
        asns = np.array(sorted(int(k) for k in names), dtype=np.int64)
        nm = pd.Series([names[str(a)] for a in asns.tolist()], dtype=object).str.upper()
        country = nm.str.extract(r",\s*([A-Z]{2})\s*$")[0].fillna("").to_numpy(dtype=object)
        kind = np.full(len(asns), "business", dtype=object)
        kind[nm.str.contains("BROADBAND|CABLE|COMCAST|DSL|TELECOM|TELEKOM|FIBER|FIBRA|INTERNET SERVICE|VERIZON|"
                             "CHARTER|ORANGE|VIRGIN|HOME", regex=True).to_numpy(bool)] = "resi"
        kind[nm.str.contains("MOBILE|WIRELESS|CELLULAR|LTE|MOVIL|GSM", regex=True).to_numpy(bool)] = "mobile"
        kind[nm.str.contains("UNIVERSIT|COLLEGE|INSTITUTE OF TECHNOLOGY|POLYTECHN", regex=True).to_numpy(bool)] = "campus"
        pos = np.searchsorted(asns, tab["asn"].to_numpy())
        pos = np.minimum(pos, len(asns) - 1)
        known = asns[pos] == tab["asn"].to_numpy()
        self.asn_base = tab["base"].to_numpy()[known]
        self.asn_plen = tab["plen"].to_numpy()[known]
        self.asn_kind = kind[pos[known]]
        self.asn_country = country[pos[known]]
        self._pref_cache: dict = {}
        self.vpn = _read_cidr_file(root / "vpn" / "x4b_vpn_ipv4.txt")
        self.dc = _read_cidr_file(root / "vpn" / "x4b_datacenter_ipv4.txt")
        self.cloud = {}
        for prov in sorted(p.name for p in (root / "cloud").iterdir() if p.is_dir()):
            b, l = _read_cidr_file(root / "cloud" / prov / "ipv4_merged.txt")
            keep = (l >= 8) & (l <= 24)
            self.cloud[prov] = (b[keep], l[keep])
        tor = pd.Series((root / "tor" / "tor-exit-nodes.lst").read_text().split())
        tor = tor[tor.str.contains(r"^\d+\.\d+\.\d+\.\d+$", regex=True)]
        self.tor = np.unique(_ip2int(tor))

    def prefixes(self, kind: str, country: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        key = (kind, country or "")
        if key not in self._pref_cache:
            m = self.asn_kind == kind
            if country:
                mc = m & (self.asn_country == country)
                if mc.sum() >= 3:
                    m = mc
            self._pref_cache[key] = (self.asn_base[m], self.asn_plen[m])
        return self._pref_cache[key]


TOKEN_RE = re.compile(r"({{.*?}}|{%.*?%})", re.S)


def parse_jinja(j: str) -> tuple[str, ...] | None:
    """A promptsource template's input side as literal parts around text slots."""
    j = j.split("|||")[0]
    parts, cur = [], ""
    for tok in TOKEN_RE.split(j):
        if tok.startswith("{%"):
            continue
        if tok.startswith("{{"):
            inner = tok[2:-2].strip()
            m = re.fullmatch(r"""(["'])(.*)\1""", inner, re.S)
            if m:
                cur += m.group(2)
                continue
            parts.append(cur)
            cur = ""
            continue
        cur += tok
    parts.append(cur)
    parts = [re.sub(r"\s+", " ", p) for p in parts]
    merged = [parts[0]]
    for p in parts[1:]:  # adjacent slots: keep a single space between them
        merged.append(p)
    if sum(len(p.strip()) for p in merged) < 15 or len(merged) < 2 or len(merged) > 6:
        return None
    return tuple(merged)


def parse_custom(s: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    pieces = re.split(r"(\{n?\})", s)
    return tuple(pieces[0::2]), tuple("n" if p == "{n}" else "t" for p in pieces[1::2])


# ----------------------------------------------------------------------------------------------
# builder
# ----------------------------------------------------------------------------------------------
class Pools:
    """Variable-length value lists (IP pools, UA pools, ...) stored as one array plus offsets."""

    def __init__(self, dtype):
        self.items: list[np.ndarray] = []
        self.dtype = dtype

    def add(self, values) -> int:
        a = np.asarray(values, dtype=self.dtype)
        assert len(a) > 0
        self.items.append(a)
        return len(self.items) - 1

    def freeze(self):
        self.lens = np.array([len(a) for a in self.items], dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(self.lens)[:-1]]).astype(np.int64)
        self.values = np.concatenate(self.items)

    def pick(self, rng, pool_ids: np.ndarray) -> np.ndarray:
        u = rng.random(len(pool_ids))
        off = np.minimum((u * self.lens[pool_ids]).astype(np.int64), self.lens[pool_ids] - 1)
        return self.values[self.starts[pool_ids] + off]


class World:
    def __init__(self, rng: np.random.Generator, mat: Material, n_accounts: int):
        self.rng, self.mat, self.N = rng, mat, n_accounts
        self.cols: dict[str, list] = {}
        self.n = 0
        self.ips = Pools(np.int64)
        self.uas = Pools(np.int64)
        self.models = Pools(np.int64)
        self.tpls = Pools(np.int64)
        self.days = Pools(np.int64)
        self.hours = Pools(np.int64)
        self.ua_str: list[str] = []
        self.ua_idx: dict[str, int] = {}
        self.tpl_parts: list[tuple[str, ...]] = []
        self.tpl_kinds: list[tuple[str, ...]] = []
        self.tpl_id: dict[tuple, int] = {}
        self.used_pay: set = set()
        self.all_days = self.days.add(np.arange(DAYS))
        self.weekdays = self.days.add([d for d in range(DAYS) if (d % 7) < 5])
        self.no_hours = self.hours.add([0])
        self.model_std = self.models.add([0, 0, 0, 1, 1, 2, 3])
        self.ua_counter = 0

    # -- helpers -----------------------------------------------------------------------------
    def ua(self, s: str) -> int:
        if s not in self.ua_idx:
            self.ua_idx[s] = len(self.ua_str)
            self.ua_str.append(s)
        return self.ua_idx[s]

    def rand_ua(self, family: str) -> str:
        r = self.rng
        src = {"browser": BROWSERS, "mobile": MOBILE_UA, "sdk": SDK_UA}[family]
        t = src[r.integers(len(src))]
        return t.format(v=int(r.integers(118, 134)), m=int(r.integers(0, 6)), p=int(r.integers(0, 9)))

    def ua_pool(self, families=("browser",), k=1) -> int:
        return self.uas.add([self.ua(self.rand_ua(families[self.rng.integers(len(families))])) for _ in range(k)])

    def tpl(self, parts: tuple[str, ...], kinds: tuple[str, ...] | None = None) -> int:
        kinds = kinds or ("t",) * (len(parts) - 1)
        key = (parts, kinds)
        if key not in self.tpl_id:
            self.tpl_id[key] = len(self.tpl_parts)
            self.tpl_parts.append(parts)
            self.tpl_kinds.append(kinds)
        return self.tpl_id[key]

    def custom(self, family: str, i: int | None = None) -> int:
        lst = CUSTOM[family]
        s = lst[self.rng.integers(len(lst)) if i is None else i % len(lst)]
        return self.tpl(*parse_custom(s))

    def ps_dataset(self, min_templates=1) -> int:
        ok = [i for i, p in enumerate(self.mat.ps_parts) if len(p) >= min_templates]
        return ok[self.rng.integers(len(ok))]

    def ps(self, dataset: int | None = None, k: int | None = None) -> int:
        d = self.ps_dataset() if dataset is None else dataset
        lst = self.mat.ps_parts[d]
        return self.tpl(lst[self.rng.integers(len(lst)) if k is None else k % len(lst)])

    def pay(self, n: int = 1) -> np.ndarray:
        v = self.rng.integers(16 ** 11, 16 ** 12, size=n)
        return np.array([f"pm_{x:012x}" for x in v], dtype=object)

    def country(self, n: int) -> np.ndarray:
        keys = sorted(COUNTRY_W)
        w = np.array([COUNTRY_W[k] for k in keys], float)
        return np.array(keys, dtype=object)[self.rng.choice(len(keys), size=n, p=w / w.sum())]

    def slash24(self, bases: np.ndarray, plens: np.ndarray, k: int) -> np.ndarray:
        """k random /24 network addresses inside random prefixes."""
        r = self.rng
        i = r.integers(len(bases), size=k)
        span = np.maximum(1, 2 ** (24 - np.minimum(plens[i], 24)))
        return (bases[i] & ~0xFF) + (r.integers(0, 2 ** 62, size=k) % span) * 256

    def hosts(self, nets: np.ndarray, per: int) -> np.ndarray:
        h = self.rng.integers(2, 254, size=(len(nets), per))
        return np.unique((nets[:, None] + h).ravel())

    def ip_pool_in(self, kind: str, country=None, n24=1, per=1) -> int:
        b, l = self.mat.prefixes(kind, country)
        return self.ips.add(self.hosts(self.slash24(b, l, n24), per))

    def cloud_pool(self, provs, n24=1, per=2) -> int:
        prov = provs[self.rng.integers(len(provs))]
        b, l = self.mat.cloud[prov]
        return self.ips.add(self.hosts(self.slash24(b, l, n24), per))

    def created(self, lo_days: float, hi_days: float, n: int) -> np.ndarray:
        """Epoch seconds between lo and hi days after T0 (negative = before the window)."""
        return T0.timestamp() + self.rng.uniform(lo_days, hi_days, size=n) * 86400

    def add(self, n: int, **kw) -> np.ndarray:
        idx = np.arange(self.n, self.n + n)
        for k, v in kw.items():
            a = np.asarray(v)
            if a.ndim == 0 or len(a) != n:
                a = np.repeat(np.asarray([v], dtype=object if isinstance(v, str) else None), n)
            self.cols.setdefault(k, [None] * self.n)
            self.cols[k].extend(a.tolist())
        self.n += n
        for k in self.cols:
            if len(self.cols[k]) < self.n:
                self.cols[k].extend([None] * (self.n - len(self.cols[k])))
        return idx


DEFAULTS = dict(ring_id="", group_id="", variant="", ip_b=-1, p_b=0.0, pay2="", p_pay2=0.0, model_pool=None,
                tpl_pool=-1, p_free=1.0, awesome=0.2, lang="en", cot_kind="explicit", cot_rate=0.03, out_mu=5.6,
                out_sigma=0.8, out_cap=4096, day_pool=None, tprof=HUMAN, tz=0, hour_pool=None, per_sess=4.0,
                sess_min=6.0, multiturn=0.0, split=-1, org_id="", n_keys=1, email_domain="gmail.com")

FREE_MAIL = ["gmail.com", "gmail.com", "gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com",
             "proton.me", "qq.com", "naver.com", "gmx.de", "yandex.ru"]


def lognorm_int(rng, median, sigma, n, lo=1, hi=50000):
    return np.clip(np.round(np.exp(np.log(median) + sigma * rng.standard_normal(n))), lo, hi).astype(np.int64)


def group_sizes(rng, total: int, lo: int, hi: int, median: float) -> list[int]:
    out = []
    while total >= lo:
        s = int(np.clip(round(np.exp(np.log(median) + 0.6 * rng.standard_normal())), lo, hi))
        s = min(s, total)
        if total - s < lo and total - s > 0:
            s = total
        out.append(s)
        total -= s
    return out


# ----------------------------------------------------------------------------------------------
# benign cohorts
# ----------------------------------------------------------------------------------------------
BENIGN_SHARES = {"individual": .30, "household": .06, "office": .09, "campus": .07, "mobile_cgnat": .08,
                 "vpn_user": .05, "heavy_app": .02, "crowdwork": .035, "api_router": .012, "enterprise_swg": .03,
                 "agency_apps": .015, "colab_class": .025, "startup_team": .015, "launch_tourist": .02,
                 "tor_user": .005, "coworking": .03}


def person_params(w: World, n: int, countries: np.ndarray, **over):
    r = w.rng
    lang = np.array([COUNTRY_LANG.get(c, "en") if r.random() < 0.5 else "en" for c in countries], dtype=object)
    p = dict(country=countries, tz=np.array([COUNTRY_TZ.get(c, 0) for c in countries]), lang=lang,
             n_ev=lognorm_int(r, 11, 1.0, n, 1, 600), email_domain=np.array(FREE_MAIL, dtype=object)[
                 r.integers(len(FREE_MAIL), size=n)], out_mu=np.log(r.uniform(180, 380, n)),
             p_free=1.0, cot_rate=r.choice([0.0, 0.02, 0.05, 0.12], size=n, p=[.45, .3, .18, .07]),
             created_at=w.created(-720, 20, n), per_sess=r.uniform(2, 6, n), sess_min=r.uniform(3, 15, n))
    p.update(over)
    return p


def home_pools(w: World, countries, kind="resi") -> np.ndarray:
    out = []
    for c in countries:
        out.append(w.ip_pool_in(kind, c, 1, int(w.rng.integers(1, 3))))
    return np.array(out)


def mobile_pool_for(w: World, carriers: dict, country: str) -> int:
    if country not in carriers:
        carriers[country] = w.ip_pool_in("mobile", country, int(w.rng.integers(4, 10)), 64)
    return carriers[country]


def build_benign(w: World, counts: dict[str, int]) -> None:
    r = w.rng
    carriers: dict[str, int] = {}

    # individuals: residential home address (dynamic, 1-2 addresses), sometimes their phone
    n = counts["individual"]
    cs = w.country(n)
    w.add(n, cohort="individual", ip_a=home_pools(w, cs), ip_b=[mobile_pool_for(w, carriers, c) for c in cs],
          p_b=r.choice([0, .1, .3], n), pay=w.pay(n), ua_pool=[w.ua_pool(("browser", "browser", "sdk"),
                                                                          int(r.integers(1, 3))) for _ in range(n)],
          day_pool=[w.days.add(r.choice(DAYS, int(r.integers(1, 12)), replace=False)) for _ in range(n)],
          **person_params(w, n, cs))

    # households: one home address, 2-5 people; a family card in 40 %
    for g, s in enumerate(group_sizes(r, counts["household"], 2, 5, 3)):
        c = w.country(1)[0]
        home = w.ip_pool_in("resi", c, 1, 1)
        fam = w.pay(1)[0]
        pays = np.where(r.random(s) < (0.8 if r.random() < 0.4 else 0), fam, w.pay(s))
        w.add(s, cohort="household", group_id=f"household-{g:04d}", ip_a=home,
              ip_b=mobile_pool_for(w, carriers, c), p_b=0.2, pay=pays,
              ua_pool=[w.ua_pool(("browser", "mobile"), 2) for _ in range(s)],
              day_pool=[w.days.add(r.choice(DAYS, int(r.integers(2, 15)), replace=False)) for _ in range(s)],
              **person_params(w, s, np.repeat(np.array([c], dtype=object), s)))

    # mobile-only users behind carrier CGNAT
    n = counts["mobile_cgnat"]
    cs = w.country(n)
    pools = np.array([mobile_pool_for(w, carriers, c) for c in cs])
    w.add(n, cohort="mobile_cgnat", group_id=[f"carrier-{c}" for c in cs], ip_a=pools, pay=w.pay(n),
          ua_pool=[w.ua_pool(("mobile",), 1) for _ in range(n)],
          day_pool=[w.days.add(r.choice(DAYS, int(r.integers(2, 20)), replace=False)) for _ in range(n)],
          **person_params(w, n, cs, per_sess=r.uniform(1, 3, n)))

    # VPN users: a few commercial providers, each a set of exits from the VPN ranges
    vb, vl = w.mat.vpn
    providers = [w.ips.add(w.hosts(w.slash24(vb, vl, int(r.integers(15, 50))), 6)) for _ in range(8)]
    n = counts["vpn_user"]
    cs = w.country(n)
    prov = r.integers(len(providers), size=n)
    w.add(n, cohort="vpn_user", group_id=[f"vpn-{p}" for p in prov], ip_a=np.array(providers)[prov],
          ip_b=home_pools(w, cs), p_b=0.3, pay=w.pay(n), ua_pool=[w.ua_pool(("browser", "sdk"), 1) for _ in range(n)],
          day_pool=[w.days.add(r.choice(DAYS, int(r.integers(2, 15)), replace=False)) for _ in range(n)],
          **person_params(w, n, cs))
    w.vpn_providers = providers

    # Tor users: privacy-minded individuals on public exits
    n = counts["tor_user"]
    tor_pool = w.ips.add(w.mat.tor)
    cs = w.country(n)
    w.add(n, cohort="tor_user", group_id="tor", ip_a=tor_pool, pay=w.pay(n),
          ua_pool=w.uas.add([w.ua(BROWSERS[2].format(v=128, m=0, p=0))]),
          day_pool=[w.days.add(r.choice(DAYS, int(r.integers(1, 8)), replace=False)) for _ in range(n)],
          **person_params(w, n, cs, email_domain="proton.me"))

    # offices: NAT of a business line, corporate card for most staff in 60 %, org declared in 40 %
    for g, s in enumerate(group_sizes(r, counts["office"], 4, 150, 14)):
        c = w.country(1)[0]
        nat = w.ip_pool_in("business", c, 1, int(r.integers(1, 5)))
        corp = w.pay(1)[0]
        card_share = 0.75 if r.random() < 0.6 else 0.0
        pays = np.where(r.random(s) < card_share, corp, w.pay(s))
        org = f"org_{r.integers(16**8):08x}" if r.random() < 0.4 else ""
        tool = w.custom("tool") if r.random() < 0.5 else -1
        tp = w.tpls.add([tool]) if tool >= 0 else -1
        cs = np.repeat(np.array([c], dtype=object), s)
        w.add(s, cohort="office", group_id=f"office-{g:04d}", ip_a=nat, ip_b=home_pools(w, cs), p_b=0.15, pay=pays,
              ua_pool=[w.ua_pool(("browser", "sdk"), 1) for _ in range(s)], tprof=OFFICE, tpl_pool=tp,
              day_pool=w.weekdays, org_id=org, **person_params(w, s, cs, email_domain=f"corp{g}-{c.lower()}.com",
                                                                   p_free=0.6 if tool >= 0 else 1.0,
                                                                   n_ev=lognorm_int(r, 25, 0.9, s, 1, 800)))

    # coworking spaces: unrelated freelancers and tiny startups behind one NAT; pairs share a card
    for g, s in enumerate(group_sizes(r, counts["coworking"], 8, 60, 20)):
        c = w.country(1)[0]
        nat = w.ip_pool_in("business", c, 1, 2)
        pays = w.pay(s)
        for j in range(0, s - 1, 5):  # every fifth pair is a two-person company on one card
            pays[j + 1] = pays[j]
        cs = np.repeat(np.array([c], dtype=object), s)
        w.add(s, cohort="coworking", group_id=f"cowork-{g:04d}", ip_a=nat, ip_b=home_pools(w, cs), p_b=0.3,
              pay=pays, ua_pool=[w.ua_pool(("browser", "sdk"), 2) for _ in range(s)], tprof=OFFICE,
              day_pool=w.weekdays, **person_params(w, s, cs))

    # campuses: NAT pool of a university network; courses with an assignment template
    for g, s in enumerate(group_sizes(r, counts["campus"], 60, 700, 250)):
        c = w.country(1)[0]
        nat = w.ip_pool_in("campus", c, int(r.integers(1, 4)), 40)
        cs = np.repeat(np.array([c], dtype=object), s)
        tp = np.full(s, -1)
        pf = np.ones(s)
        cot = r.choice([0.0, 0.03, 0.08], size=s)
        for k in range(int(r.integers(1, 4))):
            m = min(s, int(r.integers(15, 60)))
            members = r.choice(s, m, replace=False)
            tp[members] = w.tpls.add([w.ps()])
            pf[members] = 0.5
            cot[members] = 0.35 if r.random() < 0.5 else 0.0
        created = np.where(r.random(s) < 0.5, w.created(-50, -45, s), w.created(-500, 0, s))
        w.add(s, cohort="campus", group_id=f"campus-{g:03d}", ip_a=nat, ip_b=home_pools(w, cs), p_b=0.3,
              pay=w.pay(s), ua_pool=[w.ua_pool(("browser", "sdk"), 1) for _ in range(s)], tpl_pool=tp,
              day_pool=[w.days.add(r.choice(DAYS, int(r.integers(2, 18)), replace=False)) for _ in range(s)],
              **person_params(w, s, cs, email_domain=f"uni{g}.edu", p_free=pf, cot_rate=cot, created_at=created,
                              n_ev=lognorm_int(r, 18, 0.9, s, 1, 500)))

    # single heavy API apps: a few cloud VMs, one card, one or two templates, round the clock
    n = counts["heavy_app"]
    provs = sorted(w.mat.cloud)
    tz = r.integers(-8, 10, n)
    tpls = [w.tpls.add([w.ps() if r.random() < 0.6 else w.custom("tool") for _ in range(int(r.integers(1, 3)))])
            for _ in range(n)]
    tprof = r.choice([UNIFORM, REGULAR, CRON], size=n, p=[.5, .3, .2])
    hours = [w.hours.add(np.sort(r.choice(24, int(r.integers(2, 6)), replace=False))) for _ in range(n)]
    w.add(n, cohort="heavy_app", group_id="", ip_a=[w.cloud_pool(provs, 1, int(r.integers(1, 4))) for _ in range(n)],
          pay=w.pay(n), ua_pool=[w.ua_pool(("sdk",), 1) for _ in range(n)], tpl_pool=tpls,
          p_free=r.choice([0.0, 0.2, 0.5], n), cot_rate=r.choice([0.0, 0.0, 0.1, 0.9], n), tprof=tprof, tz=tz,
          hour_pool=hours, n_ev=lognorm_int(r, 250, 1.0, n, 60, 15000), out_mu=np.log(r.uniform(120, 900, n)),
          out_sigma=0.5, per_sess=50.0, sess_min=2.0, multiturn=r.choice([0, 0, 0.8], n), n_keys=r.integers(1, 4, n),
          country=w.country(n), email_domain=[f"app{i}.io" for i in range(n)], created_at=w.created(-400, 0, n),
          day_pool=w.all_days, model_pool=[w.models.add([int(r.integers(0, 4))]) for _ in range(n)])

    # crowd-work marketplace projects: workers worldwide paste the project's task template
    for g, s in enumerate(group_sizes(r, counts["crowdwork"], 20, 400, 90)):
        cs = w.country(s)
        tp = w.tpls.add([w.custom("crowd", g)])
        ext = w.uas.add([w.ua("LabelDeskHelper/2.3.1 (Chrome extension; +labeldesk)"),
                         w.ua(w.rand_ua("browser"))])
        launch = r.uniform(-20, 12)
        created = np.where(r.random(s) < 0.6, w.created(launch - 2, launch, s), w.created(-400, launch, s))
        start = max(0, int(launch))
        w.add(s, cohort="crowdwork", group_id=f"crowd-{g:03d}", ip_a=home_pools(w, cs),
              ip_b=[mobile_pool_for(w, carriers, c) for c in cs], p_b=0.15, pay=w.pay(s), ua_pool=ext, tpl_pool=tp,
              day_pool=[w.days.add(r.choice(np.arange(start, DAYS), min(DAYS - start, int(r.integers(3, 16))),
                                            replace=False)) for _ in range(s)],
              **person_params(w, s, cs, p_free=0.12, cot_rate=0.0, created_at=created,
                              n_ev=lognorm_int(r, 70, 0.8, s, 10, 1500), out_mu=np.log(r.uniform(120, 260, s)),
                              per_sess=15.0, sess_min=30.0))

    # API routers / aggregators: upstream accounts of one resale gateway, resold end-user traffic
    for g, s in enumerate(group_sizes(r, counts["api_router"], 4, 30, 10)):
        egress = w.cloud_pool(provs, int(r.integers(1, 3)), 3)
        card = w.pay(1)[0]
        org = f"org_{r.integers(16**8):08x}" if r.random() < 0.5 else ""
        tp = w.tpls.add([w.ps() for _ in range(20)])
        ua = w.uas.add([w.ua(f"routerhub-gateway/2.{g % 9}.{int(r.integers(9))}")])
        w.add(s, cohort="api_router", group_id=f"router-{g:03d}", ip_a=egress, pay=card, org_id=org, ua_pool=ua,
              tpl_pool=tp, p_free=0.7, awesome=0.35, cot_rate=0.06, multiturn=0.4, tprof=UNIFORM,
              model_pool=w.models.add([0, 1, 2, 3]), n_ev=lognorm_int(r, 400, 0.7, s, 80, 8000),
              out_mu=np.log(350), per_sess=30.0, sess_min=3.0, day_pool=w.all_days, country="US",
              email_domain=f"routerhub{g}.ai", created_at=w.created(-300, -30, s), n_keys=4, tz=0)

    # enterprises behind a cloud secure web gateway whose exits several enterprises share
    swg = [w.cloud_pool(["microsoft", "google", "amazon"], 6, 12) for _ in range(3)]
    for g, s in enumerate(group_sizes(r, counts["enterprise_swg"], 15, 300, 60)):
        c = w.country(1)[0]
        card = w.pay(1)[0]
        pays = np.where(r.random(s) < 0.9, card, w.pay(s))
        org = f"org_{r.integers(16**8):08x}" if r.random() < 0.85 else ""
        tools = [w.tpls.add([w.custom("tool") if r.random() < 0.6 else w.ps()]) for _ in range(int(r.integers(3, 9)))]
        cs = np.repeat(np.array([c], dtype=object), s)
        w.add(s, cohort="enterprise_swg", group_id=f"enterprise-{g:03d}", ip_a=swg[g % 3], pay=pays, org_id=org,
              ua_pool=[w.ua_pool(("sdk", "browser"), 1) for _ in range(s)], tpl_pool=np.array(tools)[
                  r.integers(len(tools), size=s)], tprof=OFFICE, day_pool=w.weekdays,
              **person_params(w, s, cs, p_free=0.4, email_domain=f"enterprise{g}.com",
                              n_ev=lognorm_int(r, 60, 1.0, s, 1, 3000)))

    # app agencies: client apps (client's own card) hosted on the agency's VPS subnet, one SDK build
    for g, s in enumerate(group_sizes(r, counts["agency_apps"], 3, 12, 6)):
        net = w.cloud_pool(["digitalocean", "linode", "oracle"], 1, 6)
        ua = w.uas.add([w.ua(f"lumen-node/4.2.{g % 7} apphost/1.{g % 5}")])
        tutor = r.random(s) < 0.3
        w.add(s, cohort="agency_apps", group_id=f"agency-{g:03d}", ip_a=net, pay=w.pay(s), ua_pool=ua,
              tpl_pool=[w.tpls.add([w.ps()]) for _ in range(s)], p_free=0.1, cot_rate=np.where(tutor, 0.6, 0.02),
              tprof=r.choice([UNIFORM, REGULAR], size=s), n_ev=lognorm_int(r, 220, 0.8, s, 40, 8000),
              out_mu=np.log(np.where(tutor, 650, 250)), out_sigma=0.5, per_sess=40.0, sess_min=3.0,
              day_pool=w.all_days, country=w.country(s), email_domain=[f"client{g}-{i}.com" for i in range(s)],
              created_at=w.created(-500, 0, s))

    # students running the instructor's notebook on hosted notebook runtimes (cloud IPs) in a CoT lab
    colab = w.cloud_pool(["google"], 120, 20)
    for g, s in enumerate(group_sizes(r, counts["colab_class"], 20, 150, 60)):
        c = w.country(1)[0]
        ds = w.ps_dataset(2)
        nb = w.tpls.add([w.ps(ds, 0), w.ps(ds, 1)])
        lab = int(r.integers(0, 5))
        days = sorted({d for d in range(lab, DAYS, 7)} | {min(DAYS - 1, lab + 6)})
        start = float(lab - r.uniform(0, 3))
        cs = np.repeat(np.array([c], dtype=object), s)
        pays = np.where(r.random(s) < 0.45, "", w.pay(s))
        w.add(s, cohort="colab_class", group_id=f"class-{g:03d}", ip_a=colab, ip_b=home_pools(w, cs), p_b=0.15,
              pay=pays, ua_pool=w.uas.add([w.ua("lumen-python/1.43.0")]), tpl_pool=nb, tprof=CLASS,
              day_pool=w.days.add(days), model_pool=w.models.add([2, 2, 0]),
              **person_params(w, s, cs, p_free=0.1, cot_rate=0.7, cot_kind="explicit", email_domain=f"uni-c{g}.edu",
                              created_at=w.created(start - 1.5, start, s), n_ev=lognorm_int(r, 60, 0.8, s, 10, 1000),
                              out_mu=np.log(r.uniform(450, 800, s)), out_sigma=0.5, per_sess=25.0, sess_min=20.0))

    # small remote startups: one company card, members at home in several countries, product templates
    for g, s in enumerate(group_sizes(r, counts["startup_team"], 3, 8, 4)):
        cs = w.country(s)
        tp = w.tpls.add([w.custom("tool"), w.ps()])
        w.add(s, cohort="startup_team", group_id=f"startup-{g:03d}", ip_a=home_pools(w, cs), pay=w.pay(1)[0],
              org_id=f"org_{r.integers(16**8):08x}" if r.random() < 0.2 else "",
              ua_pool=[w.ua_pool(("sdk", "browser"), 2) for _ in range(s)], tpl_pool=tp,
              day_pool=w.weekdays, **person_params(w, s, cs, p_free=0.5, email_domain=f"startup{g}.dev",
                                                   n_ev=lognorm_int(r, 80, 0.9, s, 5, 3000)))

    # launch tourists: dormant accounts come back on the reasoning model's launch day to try puzzles
    n = counts["launch_tourist"]
    cs = w.country(n)
    viral = w.tpls.add([w.custom("viral", i) for i in range(len(CUSTOM["viral"]))])
    w.add(n, cohort="launch_tourist", ip_a=home_pools(w, cs), ip_b=[mobile_pool_for(w, carriers, c) for c in cs],
          p_b=0.3, pay=w.pay(n), ua_pool=[w.ua_pool(("browser", "mobile"), 1) for _ in range(n)], tpl_pool=viral,
          model_pool=w.models.add([2, 2, 2, 2, 0]),
          day_pool=[w.days.add(LAUNCH_DAY + r.choice(5, int(r.integers(1, 4)), replace=False)) for _ in range(n)],
          **person_params(w, n, cs, p_free=0.5, cot_rate=0.4, created_at=w.created(-600, -60, n),
                          out_mu=np.log(r.uniform(600, 1400, n)), n_ev=lognorm_int(r, 14, 0.8, n, 2, 300)))
    w.carriers = carriers


# ----------------------------------------------------------------------------------------------
# rings
# ----------------------------------------------------------------------------------------------
RING_KINDS = {  # kind: (weight for small rings, allowed for large rings, variant "infrastructure|evasions")
    "cardpool_dcproxy": (1.0, False, "card_pool+private_dc_proxy|none"),
    "resi_pinned_sdk": (1.5, True, "resi_pool+pinned_sdk_ua|paraphrase,split_dataset,implicit_cot"),
    "mobile_sleeper": (1.2, True, "carrier_cgnat_proxy|aged,sleeper_activation,ua_rotation"),
    "notebook_multiturn": (1.0, False, "gcp_notebook_runtimes+card_per_3|multiturn,multi_model"),
    "tz_throttle": (1.2, False, "isp_static_proxy|tz_spoof,throttle,cover_traffic"),
    "multilingual_vpn": (1.0, True, "commercial_vpn_exits|non_english,ua_rotation"),
    "serverless_cron": (1.0, False, "aws_serverless_egress+shared_cron|own_cards"),
    "hydra_rotation": (0.5, True, "dc_proxy_pool+pinned_sdk_ua|short_lived,cover_traffic,paraphrase"),
}


def ring_sizes(rng, total: int, mode: str) -> list[int]:
    sizes = []
    if mode in ("large", "mixed") and total >= 50:
        big = total if mode == "large" else int(total * rng.uniform(0.4, 0.6))
        while big >= 50:
            s = int(min(big, rng.integers(50, 301)))
            if big - s < 50:
                s = big if mode == "large" or big <= 300 else s
            sizes.append(s)
            big -= s
        total = total - sum(sizes)
    while total >= 3:
        s = int(min(total, rng.integers(3, 16)))
        if 0 < total - s < 3:
            s = total if total <= 15 else s - 3
        sizes.append(s)
        total -= s
    if total and sizes:
        sizes[-1] += total
    return sizes


def build_rings(w: World, sizes: list[int]) -> list[dict]:
    r = w.rng
    kinds = sorted(RING_KINDS)
    rings = []
    # every kind appears before any repeats (a shuffled deck per round), weights only break the order
    deck: list[str] = []
    for k, s in enumerate(sizes):
        large = s > 15
        ok = [x for x in kinds if RING_KINDS[x][1] or not large]
        if large:
            wts = np.array([RING_KINDS[x][0] for x in ok])
            kind = ok[r.choice(len(ok), p=wts / wts.sum())]
        else:
            if not deck:
                wts = np.array([RING_KINDS[x][0] for x in kinds]) + r.random(len(kinds))
                deck = [kinds[i] for i in np.argsort(-wts * r.random(len(kinds)))]
            kind = deck.pop(0)
        rid = f"R{k:03d}"
        variant = RING_KINDS[kind][2]
        ds = w.ps_dataset(3)
        base_tpl = w.tpls.add([w.custom("harvest"), w.ps(ds)])
        cs = w.country(s)
        common = dict(cohort="ring", ring_id=rid, variant=variant, tpl_pool=base_tpl, p_free=0.0,
                      cot_kind="explicit", cot_rate=r.uniform(0.6, 0.95), out_mu=np.log(r.uniform(900, 2400)),
                      out_sigma=0.4, model_pool=w.models.add([0, 2, 2]), country=cs,
                      email_domain=np.array(FREE_MAIL, dtype=object)[r.integers(len(FREE_MAIL), size=s)],
                      tz=np.array([COUNTRY_TZ.get(c, 0) for c in cs]), per_sess=30.0, sess_min=25.0,
                      created_at=w.created(-3, -1, s), pay=w.pay(s),
                      n_ev=lognorm_int(r, r.uniform(600, 1800), 0.35, s, 120, 15000), day_pool=w.all_days,
                      tprof=UNIFORM, ua_pool=w.uas.add([w.ua(RING_PINNED_UA[k % len(RING_PINNED_UA)])]))
        p = dict(common)
        if kind == "cardpool_dcproxy":
            b, l = w.mat.dc
            cards = w.pay(int(r.integers(1, 4)))
            p.update(ip_a=w.ips.add(w.hosts(w.slash24(b, l, 1), int(r.integers(4, 12)))),
                     pay=cards[r.integers(len(cards), size=s)],
                     tprof=CRON, hour_pool=w.hours.add(np.sort(r.choice(24, 4, replace=False))))
        elif kind == "resi_pinned_sdk":
            # own prepaid cards, each account its own slice of a huge residential pool, its own wording
            # of the dataset's task, each dataset item asked once across the ring, implicit CoT
            pool_nets = w.slash24(*w.mat.prefixes("resi"), 4000)
            ips = [w.ips.add(w.hosts(pool_nets[r.choice(len(pool_nets), 40, replace=False)], 1)) for _ in range(s)]
            p.update(ip_a=ips, tpl_pool=[w.tpls.add([w.ps(ds, i)]) for i in range(s)], split=k,
                     cot_kind="implicit", tprof=HUMAN, per_sess=40.0, sess_min=40.0, out_cap=2048,
                     out_mu=np.log(2600), created_at=w.created(-120, -1, s), model_pool=w.models.add([2]))
        elif kind == "mobile_sleeper":
            act = int(r.integers(3, 18))
            cc = sorted(w.carriers)[: max(1, len(w.carriers))]
            pools = [w.carriers[cc[i]] for i in r.choice(len(cc), min(2, len(cc)), replace=False)]
            p.update(ip_a=pools[0], ip_b=pools[-1], p_b=0.5, created_at=w.created(-420, -120, s),
                     day_pool=w.days.add(np.arange(act, DAYS)), cot_rate=0.5,
                     ua_pool=w.uas.add([w.ua(w.rand_ua("mobile")) for _ in range(12)]), tprof=UNIFORM)
        elif kind == "notebook_multiturn":
            colab = w.cloud_pool(["google"], 60, 10)
            cards = w.pay(max(1, s // 3))
            p.update(ip_a=colab, pay=cards[np.arange(s) // 3 % len(cards)], multiturn=0.9,
                     ua_pool=w.uas.add([w.ua("python-requests/2.31.0")]), model_pool=w.models.add([0, 2, 3]),
                     tprof=CRON, hour_pool=w.hours.add(np.sort(r.choice(24, 3, replace=False))))
        elif kind == "tz_throttle":
            nets = w.ip_pool_in("business", None, int(r.integers(2, 5)), 8)
            p.update(ip_a=[w.ips.add([v]) for v in w.ips.items[nets][r.integers(len(w.ips.items[nets]), size=s)]],
                     ip_b=nets, p_b=0.1, tprof=HUMAN, awesome=0.5, p_free=0.25, per_sess=8.0, sess_min=30.0,
                     n_ev=lognorm_int(r, 900, 0.3, s, 200, 4000), out_mu=np.log(r.uniform(600, 1200)),
                     ua_pool=[w.ua_pool(("browser",), 1) for _ in range(s)], created_at=w.created(-60, -1, s))
        elif kind == "multilingual_vpn":
            lang = ["es", "pt", "id", "tr", "vi", "ja", "ko"][int(r.integers(7))]
            tp = w.tpls.add([w.custom(lang, 0), w.custom(lang, 1)])
            prov = w.vpn_providers[int(r.integers(len(w.vpn_providers)))]
            p.update(ip_a=prov, tpl_pool=tp, lang=lang, cot_kind=lang,
                     ua_pool=w.uas.add([w.ua(w.rand_ua("browser")) for _ in range(8)]), tprof=HUMAN,
                     per_sess=30.0, country=np.array(sorted(c for c in COUNTRY_LANG if COUNTRY_LANG[c] == lang),
                                                     dtype=object)[r.integers(0, 9, size=s) % sum(
                                                         1 for c in COUNTRY_LANG if COUNTRY_LANG[c] == lang)])
            p["tz"] = np.array([COUNTRY_TZ.get(c, 0) for c in p["country"]])
        elif kind == "serverless_cron":
            b, l = w.mat.cloud["amazon"]
            lam = w.ips.add(w.hosts(w.slash24(b, l, 40), 8))
            p.update(ip_a=lam, tprof=CRON, hour_pool=w.hours.add(np.sort(r.choice(24, 5, replace=False))),
                     ua_pool=w.uas.add([w.ua("lumen-python/1.42.1")]), per_sess=60.0, sess_min=15.0)
        elif kind == "hydra_rotation":
            b, l = w.mat.dc
            pool = w.ips.add(w.hosts(w.slash24(b, l, int(r.integers(10, 30))), 10))
            life = r.integers(2, 7, size=s)
            start = r.integers(0, DAYS - 2, size=s)
            dp = [w.days.add(np.arange(a, min(DAYS, a + L))) for a, L in zip(start, life)]
            p.update(ip_a=pool, day_pool=dp, created_at=T0.timestamp() + (start - r.uniform(0.05, 1, s)) * 86400,
                     tpl_pool=[w.tpls.add([w.ps(ds, i), w.custom("harvest", i)]) for i in range(s)],
                     p_free=0.3, awesome=0.6, n_ev=lognorm_int(r, 2500, 0.3, s, 300, 8000) * life // 6 + 50)
        idx = w.add(s, **p)
        rings.append(dict(ring_id=rid, kind=kind, size=s, variant=variant, first=int(idx[0])))
    return rings


# ----------------------------------------------------------------------------------------------
# events
# ----------------------------------------------------------------------------------------------
def ip_strings(v: np.ndarray) -> np.ndarray:
    u, inv = np.unique(v, return_inverse=True)
    s = np.array([f"{x >> 24}.{(x >> 16) & 255}.{(x >> 8) & 255}.{x & 255}" for x in u.tolist()], dtype=object)
    return s[inv]


def render(w: World, tpl: np.ndarray, split_item: np.ndarray) -> np.ndarray:
    """Prompt text for template ids `tpl` (>= 0); `split_item` >= 0 gives ring-unique dataset items."""
    r, F = w.rng, w.mat.frags
    nF = len(F)
    out = np.empty(len(tpl), dtype=object)
    order = np.argsort(tpl, kind="stable")
    ts = tpl[order]
    bounds = np.flatnonzero(np.diff(ts)) + 1
    for grp in np.split(order, bounds):
        if not len(grp):
            continue
        t = int(tpl[grp[0]])
        parts, kinds = w.tpl_parts[t], w.tpl_kinds[t]
        m = len(grp)
        acc = np.full(m, parts[0], dtype=object)
        item = split_item[grp]
        for j, k in enumerate(kinds):
            if k == "n":
                fill = r.integers(2, 500, size=m).astype(str).astype(object)
            else:
                fill = F[r.integers(nF, size=m)]
                sp = item >= 0
                if j == 0 and sp.any():  # each dataset item once: a unique pair of passages per item
                    it = item[sp]
                    a, b = it % nF, (it // nF)
                    a2 = (a * 7919 + 13) % nF
                    b2 = (b * 104729 + a) % nF
                    fill = fill.copy()
                    fill[sp] = F[a2] + " " + F[b2]
            acc = acc + fill + parts[j + 1]
        out[grp] = acc
    return out


def casual(w: World, lang: np.ndarray) -> np.ndarray:
    r, F = w.rng, w.mat.frags
    n = len(lang)
    out = np.empty(n, dtype=object)
    for L in sorted(set(lang.tolist())):
        m = np.flatnonzero(lang == L)
        lead = np.array(LEADINS.get(L, LEADINS["en"]), dtype=object)
        txt = lead[r.integers(len(lead), size=len(m))] + " " + F[r.integers(len(F), size=len(m))]
        two = r.random(len(m)) < 0.35
        txt[two] = txt[two] + " " + F[r.integers(len(F), size=int(two.sum()))]
        out[m] = txt + np.array(TAILS, dtype=object)[r.integers(len(TAILS), size=len(m))]
    return out


def make_events(w: World, A: pd.DataFrame) -> pd.DataFrame:
    r = w.rng
    N = len(A)
    n_ev = A["n_ev"].to_numpy(np.int64)
    tprof = A["tprof"].to_numpy(np.int64)
    tz = A["tz"].to_numpy(np.int64)
    day_pool = A["day_pool"].to_numpy(np.int64)
    hour_pool = A["hour_pool"].to_numpy(np.int64)
    # session anchors
    n_anchor = np.maximum(1, np.ceil(n_ev / A["per_sess"].to_numpy(float))).astype(np.int64)
    a_acc = np.repeat(np.arange(N), n_anchor)
    a_day = w.days.pick(r, day_pool[a_acc])
    prof = tprof[a_acc]
    hour = r.integers(0, 24, size=len(a_acc))
    for code, pmf in ((HUMAN, PMF_HUMAN), (OFFICE, PMF_OFFICE), (CLASS, PMF_CLASS)):
        m = prof == code
        hour[m] = (r.choice(24, size=int(m.sum()), p=pmf / pmf.sum()) - tz[a_acc[m]]) % 24
    m = prof == CRON
    hour[m] = w.hours.pick(r, hour_pool[a_acc[m]])
    minute = np.where(prof == CRON, r.uniform(0, 5, len(a_acc)), r.uniform(0, 60, len(a_acc)))
    anchor = T0.timestamp() + a_day * 86400.0 + hour * 3600.0 + minute * 60.0
    a_start = np.concatenate([[0], np.cumsum(n_anchor)[:-1]])
    # events
    acc = np.repeat(np.arange(N), n_ev)
    E = len(acc)
    pick = a_start[acc] + np.minimum((r.random(E) * n_anchor[acc]).astype(np.int64), n_anchor[acc] - 1)
    sess = A["sess_min"].to_numpy(float)[acc]
    ts = anchor[pick] + np.minimum(r.exponential(1.0, E) * sess, 4 * sess) * 60.0
    cron = tprof[acc] == CRON
    ts[cron] = anchor[pick[cron]] + r.uniform(0, 1, int(cron.sum())) * sess[cron] * 60.0
    # machine-regular accounts: evenly spaced over their active span
    reg = tprof == REGULAR
    if reg.any():
        ev_reg = np.flatnonzero(reg[acc])
        first = np.concatenate([[0], np.cumsum(n_ev)[:-1]])
        rank = ev_reg - first[acc[ev_reg]]
        period = DAYS * 86400.0 / n_ev[acc[ev_reg]]
        phase = r.uniform(0, 1, N)[acc[ev_reg]]
        ts[ev_reg] = T0.timestamp() + (rank + phase + r.normal(0, 0.03, len(ev_reg))) * period
    ts = np.clip(ts, T0.timestamp(), T0.timestamp() + DAYS * 86400.0 - 1)
    # platform limit: at most DAILY_LIMIT requests per account and UTC day (extra requests were refused)
    day = ((ts - T0.timestamp()) // 86400).astype(np.int64)
    key = acc * DAYS + day
    o = np.lexsort((ts, key))
    ks = key[o]
    grp_start = np.r_[0, np.flatnonzero(np.diff(ks)) + 1]
    rank = np.arange(E) - np.repeat(grp_start, np.diff(np.r_[grp_start, E]))
    keep = np.zeros(E, bool)
    keep[o[rank < DAILY_LIMIT]] = True
    # hydra / sleeper: accounts created just before use; make sure no event precedes its account
    created = A["created_at"].to_numpy(float)
    keep &= ts >= created[acc] + 60
    acc, ts = acc[keep], ts[keep]
    E = len(acc)
    # network
    use_b = (r.random(E) < A["p_b"].to_numpy(float)[acc]) & (A["ip_b"].to_numpy(np.int64)[acc] >= 0)
    pool = np.where(use_b, A["ip_b"].to_numpy(np.int64)[acc], A["ip_a"].to_numpy(np.int64)[acc])
    ip = w.ips.pick(r, pool)
    ua = np.array(w.ua_str, dtype=object)[w.uas.pick(r, A["ua_pool"].to_numpy(np.int64)[acc])]
    model = MODELS[w.models.pick(r, A["model_pool"].to_numpy(np.int64)[acc])]
    early = (model == "lumen-2-reason") & (ts < T0.timestamp() + LAUNCH_DAY * 86400)
    model[early] = "lumen-2-pro"
    pay = A["pay"].to_numpy(object)[acc]
    # prompts
    tpl_pool = A["tpl_pool"].to_numpy(np.int64)[acc]
    free = (tpl_pool < 0) | (r.random(E) < A["p_free"].to_numpy(float)[acc])
    prompt = np.empty(E, dtype=object)
    fi = np.flatnonzero(free)
    aw = r.random(len(fi)) < A["awesome"].to_numpy(float)[acc[fi]]
    prompt[fi[aw]] = w.mat.awesome[r.integers(len(w.mat.awesome), size=int(aw.sum()))]
    prompt[fi[~aw]] = casual(w, A["lang"].to_numpy(object)[acc[fi[~aw]]])
    ti = np.flatnonzero(~free)
    tpl = w.tpls.pick(r, tpl_pool[ti])
    split = A["split"].to_numpy(np.int64)[acc[ti]]
    item = np.full(len(ti), -1, dtype=np.int64)
    sp = split >= 0
    if sp.any():  # ring-wide item numbers: each item of the ring's dataset is asked exactly once
        o2 = np.argsort(split[sp], kind="stable")
        ss = split[sp][o2]
        st = np.r_[0, np.flatnonzero(np.diff(ss)) + 1]
        rk = np.arange(len(ss)) - np.repeat(st, np.diff(np.r_[st, len(ss)]))
        items = np.empty(len(ss), dtype=np.int64)
        items[o2] = rk + 1000003 * ss
        item[sp] = items
    prompt[ti] = render(w, tpl, item)
    # chain-of-thought requests
    cot = r.random(E) < A["cot_rate"].to_numpy(float)[acc]
    ck = A["cot_kind"].to_numpy(object)[acc]
    for kind in sorted(set(ck[cot].tolist())):
        m = np.flatnonzero(cot & (ck == kind))
        ph = np.array(COT[kind], dtype=object)
        prompt[m] = prompt[m] + " " + ph[r.integers(len(ph), size=len(m))]
    # multi-turn chat logs: the prompt column holds the message list as JSON text
    mt = np.flatnonzero(r.random(E) < A["multiturn"].to_numpy(float)[acc])
    if len(mt):
        sysi = r.integers(len(MT_SYSTEM), size=len(mt))
        fol = r.integers(len(MT_FOLLOW), size=len(mt))
        prev = w.mat.frags[r.integers(len(w.mat.frags), size=len(mt))]
        prompt[mt] = [json.dumps([{"role": "system", "content": MT_SYSTEM[a]}, {"role": "user", "content": q},
                                  {"role": "assistant", "content": pv}, {"role": "user", "content": MT_FOLLOW[f]}],
                                 ensure_ascii=False)
                      for a, q, pv, f in zip(sysi.tolist(), prompt[mt].tolist(), prev.tolist(), fol.tolist())]
    # answers
    out = np.exp(A["out_mu"].to_numpy(float)[acc] + A["out_sigma"].to_numpy(float)[acc] * r.standard_normal(E))
    out = np.minimum(np.maximum(1, np.round(out)), A["out_cap"].to_numpy(float)[acc]).astype(np.int64)
    keys = A["n_keys"].to_numpy(np.int64)[acc]
    kid = np.minimum((r.random(E) * keys).astype(np.int64), keys - 1)
    ids = A["account_id"].to_numpy(object)
    ev = pd.DataFrame({
        "account_id": ids[acc],
        "timestamp": pd.to_datetime(np.round(ts * 1000).astype(np.int64), unit="ms", utc=True),
        "ip": ip_strings(ip), "payment_method": np.where(pay == "", None, pay), "prompt": prompt,
        "user_agent": ua, "output_tokens": out,
        "api_key_id": ids[acc] + np.array(["-k0", "-k1", "-k2", "-k3"], dtype=object)[kid], "model": model})
    ev = ev.sort_values(["timestamp", "account_id"], kind="stable").reset_index(drop=True)
    return ev


# ----------------------------------------------------------------------------------------------
def generate(n_accounts: int, seed: int, ring_share: float, ring_mode: str, out: Path, data: Path) -> dict:
    t_start = time.time()
    rng = np.random.default_rng(seed)
    mat = Material(data)
    w = World(rng, mat, n_accounts)
    n_ring = int(round(ring_share * n_accounts))
    sizes = ring_sizes(rng, n_ring, ring_mode) if n_ring >= 3 else []
    n_ring = sum(sizes)
    n_benign = n_accounts - n_ring
    keys = sorted(BENIGN_SHARES)
    tot = sum(BENIGN_SHARES.values())
    counts = {k: int(n_benign * BENIGN_SHARES[k] / tot) for k in keys}
    counts["individual"] += n_benign - sum(counts.values())
    build_benign(w, counts)
    n_b = w.n
    if n_b != n_benign:  # group sizes may leave a remainder: individuals fill it
        extra = n_benign - n_b
        if extra > 0:
            cs = w.country(extra)
            w.add(extra, cohort="individual", ip_a=home_pools(w, cs), pay=w.pay(extra),
                  ua_pool=[w.ua_pool(("browser",), 1) for _ in range(extra)],
                  day_pool=[w.days.add(rng.choice(DAYS, int(rng.integers(1, 10)), replace=False))
                            for _ in range(extra)], **person_params(w, extra, cs))
    rings = build_rings(w, sizes)
    for k, v in DEFAULTS.items():
        col = w.cols.setdefault(k, [None] * w.n)
        for i in range(w.n):
            if col[i] is None:
                col[i] = v
    A = pd.DataFrame(w.cols)
    nulls = [k for k in A.columns if k not in ("model_pool", "day_pool", "hour_pool") and A[k].isna().any()]
    assert not nulls, nulls
    A["model_pool"] = A["model_pool"].fillna(w.model_std)
    A["day_pool"] = A["day_pool"].fillna(w.all_days)
    A["hour_pool"] = A["hour_pool"].fillna(w.no_hours)
    for k in ("ip_a", "ip_b", "ua_pool", "model_pool", "tpl_pool", "day_pool", "hour_pool", "tprof", "tz",
              "split", "n_ev", "n_keys"):
        A[k] = A[k].astype(np.int64)
    for k in ("p_b", "p_free", "awesome", "cot_rate", "out_mu", "out_sigma", "out_cap", "per_sess", "sess_min",
              "multiturn", "created_at"):
        A[k] = A[k].astype(float)
    assert len(A) == n_accounts, (len(A), n_accounts)
    # ids: random, unrelated to cohort
    raw = rng.choice(16 ** 9, size=int(n_accounts * 1.2) + 10, replace=False)[:n_accounts]
    A["account_id"] = np.array([f"acct_{x:09x}" for x in raw.tolist()], dtype=object)
    for p in (w.ips, w.uas, w.models, w.tpls, w.days, w.hours):
        p.freeze()
    ev = make_events(w, A)
    out.mkdir(parents=True, exist_ok=True)
    ev.to_parquet(out / "events.parquet", index=False, compression="zstd")
    acc = pd.DataFrame({
        "account_id": A["account_id"],
        "created_at": pd.to_datetime(np.round(A["created_at"].to_numpy() * 1000).astype(np.int64), unit="ms",
                                     utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "payment_method": A["pay"].replace("", np.nan), "email_domain": A["email_domain"],
        "country": A["country"], "org_id": A["org_id"].replace("", np.nan)})
    order = np.argsort(A["account_id"].to_numpy().astype(str))
    acc.iloc[order].to_csv(out / "accounts.csv", index=False)
    truth = pd.DataFrame({"account_id": A["account_id"], "is_ring": (A["cohort"] == "ring").astype(int),
                          "ring_id": A["ring_id"], "group_id": A["group_id"], "cohort": A["cohort"],
                          "variant": A["variant"]})
    truth.iloc[order].to_csv(out / "truth.csv", index=False)
    per_day = ev.groupby([ev["account_id"], ev["timestamp"].dt.floor("D")]).size()
    ring_ev = ev["account_id"].isin(set(A.loc[A["cohort"] == "ring", "account_id"]))
    info = {
        "generator": "benchmarks/world10.py", "seed": seed, "accounts": n_accounts, "ring_share": ring_share,
        "ring_sizes": ring_mode, "ring_accounts": int(n_ring), "rings": len(rings), "shared_data": str(data),
        "platform": {"window_start": T0.isoformat(), "days": DAYS, "daily_request_limit_per_account": DAILY_LIMIT,
                     "models": MODELS.tolist(), "reasoning_model_launch_day": LAUNCH_DAY},
        "events": int(len(ev)), "ring_events": int(ring_ev.sum()), "max_requests_per_account_day": int(per_day.max()),
        "accounts_with_events": int(ev["account_id"].nunique()),
        "cohorts": {k: int(v) for k, v in A["cohort"].value_counts().sort_index().items()},
        "benign_groups": {k: int(v) for k, v in A.loc[A["group_id"] != ""].groupby("cohort")["group_id"]
                          .nunique().sort_index().items()},
        "ring_kinds": {k: int(v) for k, v in pd.Series([x["kind"] for x in rings]).value_counts().sort_index().items()}
        if rings else {},
        "ring_list": [{k: v for k, v in x.items() if k != "first"} for x in rings],
        "material": {"awesome_prompts": int(len(mat.awesome)), "fragments": int(len(mat.frags)),
                     "promptsource_datasets": len(mat.ps_parts), "templates_used": len(w.tpl_parts)},
        "seconds": round(time.time() - t_start, 1),
    }
    (out / "world.json").write_text(json.dumps(info, indent=1))
    return info


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ring-share", type=float, default=0.01)
    ap.add_argument("--ring-sizes", choices=["small", "large", "mixed"], default="small")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("WORLD10_SHARED_DATA", DEFAULT_DATA)))
    a = ap.parse_args(argv)
    if not (a.data / "prompts" / "awesome-chatgpt-prompts.csv").exists():
        print(f"shared data not found at {a.data} (set WORLD10_SHARED_DATA)", file=sys.stderr)
        return 2
    info = generate(a.accounts, a.seed, a.ring_share, a.ring_sizes, a.out, a.data)
    print(json.dumps({k: info[k] for k in ("accounts", "ring_accounts", "rings", "events", "seconds")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
