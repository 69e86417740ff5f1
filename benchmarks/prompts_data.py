"""Benchmark worlds for the prompt stage, built from real templated text.

Two sources of text written by others (read from the shared data folder,
never copied into the repository):

* ``prompts/promptsource-templates/**/templates.yaml`` -- 2,085 real Jinja
  prompt templates. Each is rendered with *varied slot values*: control tags
  (``{% ... %}``) are dropped, string literals (``{{"good or bad"}}``) are kept,
  every other ``{{ expr }}`` becomes a slot value whose kind follows the slot
  name (long free text for ``text``/``context``/``article``..., a sentence for
  ``question``/``premise``..., a few words or a number otherwise). Free text is
  drawn i.i.d. from the unigram distribution of the awesome-chatgpt-prompts
  corpus (real vocabulary, real Zipfian word frequencies).
* ``prompts/awesome-chatgpt-prompts.csv`` -- 1,529 real user-written prompts,
  the benign background: each is a *popular benign template* reused verbatim by
  a Zipf-distributed number of benign accounts, followed by the user's own
  message.

Paraphrase (``paraphrase=True``): every (template, account) pair gets its own
wording of the template's literal text, kept for all of that account's
prompts, as a careful ring would do: a greeting/task prefix, one or two
inserted filler words, one adjacent-word swap and synonym substitutions.

Ground truth: prompts of one promptsource template (or one awesome prompt) are
"the same template". Templates whose literal text is identical (after
lowercasing and masking) are the same template in truth too (``truth_merged``);
``truth`` keeps them apart. Templates with fewer than 3 literal words carry no
template text; their prompts are each their own class.
"""
from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]

_SLOT_RE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_TAG_RE = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_STR_LIT = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)')\s*$""")
_LONG = ("text", "context", "passage", "article", "document", "review", "content", "paragraph",
         "dialogue", "dialog", "story", "abstract", "body", "summary", "support", "facts", "evidence")
_MID = ("question", "premise", "hypothesis", "title", "query", "sentence", "claim", "utterance",
        "headline", "tweet", "target", "span", "statement", "instruction")

PREFIXES = ["Hi! ", "Task: ", "Hey, ", "Question for you: ", "Please help: ", "Quick one: ",
            "Assignment: ", "Hello. ", "Request: ", "Kindly: "]
FILLERS = ["please", "kindly", "now", "carefully", "briefly", "exactly", "simply", "really", "just", "also"]
SYNONYMS = {"what": "which", "answer": "respond to", "following": "below", "given": "provided",
            "text": "passage", "question": "query", "write": "compose", "choose": "pick",
            "describe": "characterize", "best": "most suitable",
            "options": "choices", "summarize": "sum up", "article": "piece", "sentence": "line"}


def shared_data_dir() -> Path:
    """``$GRAPHHUNT_SHARED_DATA`` or ``<repo>/../shared/data``."""
    env = os.environ.get("GRAPHHUNT_SHARED_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


def load_promptsource(root: Path | None = None) -> pd.DataFrame:
    """All promptsource templates: ``template_uid, dataset, name, jinja`` (prompt side only)."""
    import yaml  # benchmark-only dependency (pyyaml)

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: loader.construct_mapping(node))
    root = root or shared_data_dir() / "prompts" / "promptsource-templates"
    rows = []
    for f in sorted(glob.glob(str(root / "**" / "templates.yaml"), recursive=True)):
        d = yaml.load(open(f, encoding="utf-8"), Loader=_Loader) or {}
        ds = os.path.relpath(os.path.dirname(f), root)
        for uid, t in (d.get("templates") or {}).items():
            rows.append((str(uid), ds, str(t.get("name", "")), str(t.get("jinja", "")).split("|||")[0]))
    if not rows:
        raise FileNotFoundError(f"no templates.yaml under {root}")
    return pd.DataFrame(rows, columns=["template_uid", "dataset", "name", "jinja"])


def load_awesome(path: Path | None = None) -> pd.Series:
    path = path or shared_data_dir() / "prompts" / "awesome-chatgpt-prompts.csv"
    return pd.read_csv(path)["prompt"].dropna().astype(str).reset_index(drop=True)


def parse_template(jinja: str) -> list[tuple[str, str]]:
    """Split a Jinja template into ``("lit", text)`` and ``("slot", name)`` parts."""
    body = _TAG_RE.sub(" ", jinja)
    parts: list[tuple[str, str]] = []
    pos = 0
    for m in _SLOT_RE.finditer(body):
        if m.start() > pos:
            parts.append(("lit", body[pos:m.start()]))
        expr = m.group(1)
        lit = _STR_LIT.match(expr)
        if lit:
            parts.append(("lit", lit.group(1) if lit.group(1) is not None else lit.group(2)))
        else:
            name = re.findall(r"[A-Za-z_]+", expr)
            parts.append(("slot", name[0].lower() if name else "x"))
        pos = m.end()
    if pos < len(body):
        parts.append(("lit", body[pos:]))
    return parts


def _slot_kind(name: str) -> str:
    if any(k in name for k in _LONG):
        return "long"
    if any(k in name for k in _MID):
        return "mid"
    if "choice" in name or "label" in name or "option" in name:
        return "choice"
    return "short"


class WordSampler:
    """i.i.d. words from the awesome-prompts unigram distribution (vectorised)."""

    def __init__(self, corpus: pd.Series, rng: np.random.Generator):
        words = corpus.str.lower().str.findall(r"[a-z']+").explode().dropna()
        vc = words.value_counts()
        self.vocab = vc.index.to_numpy(dtype=object)
        self.p = (vc.to_numpy() / vc.sum()).astype(np.float64)
        self.rng = rng
        self._buf = np.zeros(0, dtype=object)

    def words(self, n: int) -> list[str]:
        if len(self._buf) < n:
            self._buf = np.concatenate([self._buf, self.vocab[self.rng.choice(len(self.vocab), size=max(n, 1_000_000), p=self.p)]])
        out, self._buf = self._buf[:n], self._buf[n:]
        return out.tolist()


#: the edits of ``_paraphrase``; ``make_world(paraphrase_ops=...)`` keeps a subset (ablations)
PARAPHRASE_OPS = frozenset({"synonyms", "swap", "filler", "prefix"})


def _paraphrase(parts: list[tuple[str, str]], rng: np.random.Generator,
                ops: frozenset = PARAPHRASE_OPS) -> list[tuple[str, str]]:
    """One account's wording of a template: prefix, fillers, a swap, synonyms (literal text only)."""
    out = []
    first_lit = True
    for kind, text in parts:
        if kind != "lit":
            out.append((kind, text))
            continue
        toks = text.split(" ")
        words = [i for i, t in enumerate(toks) if re.fullmatch(r"[A-Za-z]+", t)]
        for i in words if "synonyms" in ops else ():
            syn = SYNONYMS.get(toks[i].lower())
            if syn and rng.random() < 0.3:
                toks[i] = syn
        if "swap" in ops and len(words) >= 2 and rng.random() < 0.3:
            j = int(rng.integers(len(words) - 1))
            a, b = words[j], words[j + 1]
            toks[a], toks[b] = toks[b], toks[a]
        if "filler" in ops:
            toks.insert(int(rng.integers(len(toks) + 1)), FILLERS[int(rng.integers(len(FILLERS)))])
        text = " ".join(toks)
        if "prefix" in ops and first_lit and rng.random() < 0.5:
            text = PREFIXES[int(rng.integers(len(PREFIXES)))] + text
        first_lit = False
        out.append((kind, text))
    if "prefix" in ops and out and out[0][0] == "slot" and rng.random() < 0.5:
        out.insert(0, ("lit", PREFIXES[int(rng.integers(len(PREFIXES)))]))
    return out


def _literal_key(parts: list[tuple[str, str]]) -> str:
    lit = " ".join(t for k, t in parts if k == "lit").lower()
    lit = re.sub(r"\d+", "0", lit)
    return " ".join(re.findall(r"[a-z0-9]+", lit))


def near_duplicate_templates(jinjas: list[str], min_jaccard: float = 0.8) -> np.ndarray:
    """Class per template: templates whose literal word sets have exact Jaccard >= ``min_jaccard`` are one.

    promptsource holds many templates that differ by a word or two ("is this
    question asking for" / "what is this question asking for"): as far apart
    as a light paraphrase, so no paraphrase-tolerant method can tell them
    apart. Exact pairwise computation (sparse products), transitive closure.
    """
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    sets = [sorted(set(_literal_key(parse_template(j)).split())) for j in jinjas]
    words = pd.Series([w for s in sets for w in s])
    codes, _ = pd.factorize(words)
    rows = np.repeat(np.arange(len(sets)), [len(s) for s in sets])
    B = sparse.csr_matrix((np.ones(len(codes)), (rows, codes)), shape=(len(sets), max(codes.max(initial=0) + 1, 1)))
    inter = (B @ B.T).tocoo()
    size = np.asarray(B.sum(axis=1)).ravel()
    union = size[inter.row] + size[inter.col] - inter.data
    ok = (inter.data / np.maximum(union, 1) >= min_jaccard) & (inter.row != inter.col)
    adj = sparse.coo_matrix((np.ones(ok.sum()), (inter.row[ok], inter.col[ok])), shape=(len(sets), len(sets)))
    return connected_components(adj, directed=False)[1]


@dataclass
class World:
    prompts: pd.DataFrame  # account, prompt, truth, truth_merged, source ("template"/"benign")
    n_templates: int
    n_untemplated: int
    #: one row per (templated template, account): the account's wording with ``{}`` for each slot,
    #: and the template's ``truth`` / ``truth_near`` labels (what a perfect per-account skeleton is)
    wordings: pd.DataFrame | None = None


def make_world(
    prompts_per_template: int = 20,
    accounts_per_template: tuple[int, int] = (3, 8),
    paraphrase: bool = False,
    benign_prompts: int = 10_000,
    seed: int = 0,
    templates: pd.DataFrame | None = None,
    awesome: pd.Series | None = None,
    max_templates: int | None = None,
    min_literal_words: int = 4,
    paraphrase_ops: frozenset = PARAPHRASE_OPS,
) -> World:
    """Fill every promptsource template with varied slot values and add benign background.

    Each template is driven by its own small ring of accounts; benign accounts
    reuse awesome prompts (Zipf popularity) followed by their own message.
    """
    rng = np.random.default_rng(seed)
    templates = load_promptsource() if templates is None else templates
    awesome = load_awesome() if awesome is None else awesome
    if max_templates:
        templates = templates.iloc[:max_templates]
    ws = WordSampler(awesome, rng)
    near = near_duplicate_templates(templates["jinja"].tolist())
    rows_acc, rows_txt, rows_truth, rows_merged, rows_near, rows_src = [], [], [], [], [], []
    rows_wording: list[tuple[int, int, int, str]] = []
    next_acc = 0
    lit_keys: dict[str, int] = {}
    n_untemplated = 0
    untemplated_class = -1

    def fill(parts):
        out = []
        for kind, text in parts:
            if kind == "lit":
                out.append(text)
                continue
            k = _slot_kind(text)
            if k == "long":
                n = int(rng.integers(30, 150))
            elif k == "mid":
                n = int(rng.integers(6, 25))
            elif k == "choice":
                n = int(rng.integers(1, 4))
            else:
                r = rng.random()
                if r < 0.3:
                    out.append(str(int(rng.integers(0, 100_000))))
                    continue
                n = int(rng.integers(1, 5))
            w = ws.words(n)
            if n > 6:
                w[0] = w[0].capitalize()
                w[-1] = w[-1] + "."
            out.append(" ".join(w))
        return " ".join(out)

    for ti, jinja in enumerate(templates["jinja"].tolist()):
        parts = parse_template(jinja)
        key = _literal_key(parts)
        templated = len(key.split()) >= min_literal_words
        merged = lit_keys.setdefault(key, ti) if templated else None
        if not templated:
            n_untemplated += 1
        n_acc = int(rng.integers(accounts_per_template[0], accounts_per_template[1] + 1))
        accs = next_acc + np.arange(n_acc)
        next_acc += n_acc
        variants = [_paraphrase(parts, rng, paraphrase_ops) if paraphrase else parts for _ in range(n_acc)]
        owner = rng.integers(0, n_acc, prompts_per_template)
        owner[:n_acc] = np.arange(n_acc)[: prompts_per_template]
        if templated:  # the wordings of the accounts that send this template
            for a in sorted(set(owner.tolist())):
                wording = " ".join(t if k == "lit" else "{}" for k, t in variants[a])
                rows_wording.append((ti, int(near[ti]), int(accs[a]), wording))
        for a in owner.tolist():
            rows_acc.append(int(accs[a]))
            rows_txt.append(fill(variants[a]))
            rows_src.append("template")
            if templated:
                rows_truth.append(ti)
                rows_merged.append(merged)
                rows_near.append(int(near[ti]))
            else:
                rows_truth.append(untemplated_class)
                rows_merged.append(untemplated_class)
                rows_near.append(untemplated_class)
                untemplated_class -= 1
    n_tpl = len(templates)
    # benign background: popular awesome prompts reused by several accounts + own message
    pop = 1.0 / np.arange(1, len(awesome) + 1) ** 1.1
    pop = pop / pop.sum()
    perm = rng.permutation(len(awesome))
    which = perm[rng.choice(len(awesome), size=benign_prompts, p=pop)]
    aw = awesome.tolist()
    n_benign_acc = max(benign_prompts // 3, 1)
    benign_acc = next_acc + rng.integers(0, n_benign_acc, benign_prompts)
    for w, a in zip(which.tolist(), benign_acc.tolist()):
        rows_acc.append(int(a))
        rows_txt.append(aw[w] + "\n\n" + " ".join(ws.words(int(rng.integers(3, 30)))))
        rows_src.append("benign")
        rows_truth.append(n_tpl + w)
        rows_merged.append(n_tpl + w)
        rows_near.append(n_tpl + w)
    df = pd.DataFrame({"account": np.asarray(rows_acc, np.int64), "prompt": rows_txt,
                       "truth": np.asarray(rows_truth, np.int64), "truth_merged": np.asarray(rows_merged, np.int64),
                       "truth_near": np.asarray(rows_near, np.int64),
                       "source": rows_src})
    wordings = pd.DataFrame(rows_wording, columns=["truth", "truth_near", "account", "wording"])
    return World(prompts=df, n_templates=n_tpl, n_untemplated=n_untemplated, wordings=wordings)


def pair_scores(truth: np.ndarray, pred: np.ndarray) -> dict:
    """Pairwise precision/recall of "same template", by pair counting (no O(n²)).

    ``pred == -1`` means "no family" (the prompt is its own group); negative
    ``truth`` values are singleton classes.
    """
    truth = np.asarray(truth, np.int64)
    pred = np.asarray(pred, np.int64).copy()
    n = len(pred)
    none = pred < 0
    pred[none] = pred.max(initial=0) + 1 + np.arange(none.sum())

    def pairs(counts):
        counts = counts.astype(np.float64)
        return float((counts * (counts - 1) / 2).sum())

    tp = pairs(pd.DataFrame({"t": truth, "p": pred}).value_counts().to_numpy())
    pp = pairs(pd.Series(pred).value_counts().to_numpy())
    tt = pairs(pd.Series(truth).value_counts().to_numpy())
    prec = tp / pp if pp else 1.0
    rec = tp / tt if tt else 1.0
    return {"precision": round(prec, 4), "recall": round(rec, 4), "true_pairs": tt, "predicted_pairs": pp, "n": n}
