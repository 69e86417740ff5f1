"""Prompt stage: masking, grouping, rarity weighting, sampling bound, privacy."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from graphhunt.config import Config, LinkConfig
from graphhunt.graph import build_graph
from graphhunt.links import prompts as P
from graphhunt.links.base import LinkContext

REPO = Path(__file__).resolve().parents[1]
# slot-value vocabulary: 3,375 pseudo-words (chance overlaps of free text stay realistic)
_SYL = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "so", "du", "fa", "gi", "ho", "be")
WORDS = np.array([a + b + c for a in _SYL for b in _SYL for c in _SYL])


def _free(rng, n):
    return " ".join(rng.choice(WORDS, n)) + f" {rng.integers(10**6)}"


def _world(seed=0):
    """Two ring templates over 4 accounts each, plus benign one-off prompts."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(4):
        for _ in range(6):
            rows.append((a, 0, f"Solve problem {rng.integers(10**5)} about {_free(rng, 3)} and show the final numeric answer clearly"))
    for a in range(4, 8):
        for _ in range(6):
            rows.append((a, 1, f"As an expert in {_free(rng, 2)}, write a detailed critique of the following essay: "
                               f"\"{_free(rng, 12)}\" focusing on structure and argument quality"))
    for a in range(8, 30):
        rows.append((a, -1 - a, f"{_free(rng, 8)} {_free(rng, 6)}"))
    return pd.DataFrame(rows, columns=["account", "truth", "prompt"])


# --- masking -------------------------------------------------------------------

def test_mask_replaces_variable_parts():
    s = pd.Series([
        'Solve problem 17: "x+1", then mail a@b.io',
        "Visit https://example.com/a?b=1 or www.test.org now",
        "Key 0xdeadbeef and 3f2a9c1b7e, id 550e8400-e29b-41d4-a716-446655440000 from 10.1.2.3",
        "Run ```print('hi')\nx = 1``` then user42 says 'hello there'.",
    ])
    m = P.mask_prompts(s).tolist()
    assert m[0] == "solve problem <num> <quote> then mail <email>"
    assert m[1] == "visit <url> or <url> now"
    assert m[2] == "key <hex> and <hex> id <uuid> from <ip>"
    assert m[3] == "run <code> then <id> says <quote>"


def test_a_slash_inside_a_word_stays():
    """Tester 56: "Answer/complete the following paragraph" showed as "answercomplete the following
    paragraph" in exemplars (report, templates.csv, Neo4j): the punctuation strip glued the words. A "/"
    inside a word stays; a "/" standing alone, at a word's ends, in a URL or between digits does as before."""
    s = pd.Series(["Answer/complete the following paragraph/question pair.",
                   "Pick A / B, and/or explain: /usr/ at https://x.io/a/b on 12/05/2026 (1/2)"])
    m = P.mask_prompts(s).tolist()
    assert m[0] == "answer/complete the following paragraph/question pair"
    assert m[1] == "pick a b and/or explain usr at <url> on <id>"


def test_mask_is_idempotent_and_keeps_index():
    s = pd.Series(["Translate to French: Good morning, 12 friends!", None], index=[5, 9])
    once = P.mask_prompts(s)
    assert list(once.index) == [5, 9]
    assert once.loc[9] == ""
    assert P.mask_prompts(once).tolist() == once.tolist()


def test_placeholder_runs_collapse_and_window():
    assert P.mask_prompts(pd.Series(['{"a": "b", "c": "d"} 1 2 3 done'])).iloc[0] == "<quote> <num> done"
    long = " ".join(f"w{i}x" if i % 2 else f"word{chr(97 + i % 26)}" for i in range(500))
    toks = P.mask_prompts(pd.Series([long]), head_tokens=10, tail_tokens=5).iloc[0].split()
    assert len(toks) == 15


def test_reasoning_flags():
    s = pd.Series(["Think step-by-step about it", "Let's think", "translate: hi", None, "SHOW YOUR WORK"])
    assert P.reasoning_flags(s).tolist() == [True, True, False, False, True]


def test_reasoning_flags_in_other_languages():
    """Chain-of-thought requests are recognised in the languages operators harvest in, by their idioms;
    the words 'reasoning' or 'step' inside ordinary text are not requests."""
    asks = ["Resuelve el problema paso a paso.", "Responda passo a passo.", "Rispondi passo dopo passo",
            "Réfléchis étape par étape.", "Denke Schritt für Schritt nach.", "Los het stap voor stap op",
            "Rozwiąż krok po kroku", "Adım adım düşün", "Думай шаг за шагом", "Решите пошагово",
            "请一步一步地思考", "请给出推理过程", "ステップバイステップで考えてください", "단계별로 설명해 주세요",
            "Explica tu razonamiento antes de responder", "Explique seu raciocínio", "Spiega il tuo ragionamento",
            "Explique ton raisonnement", "Erkläre deinen Lösungsweg"]
    plain = ["Traduis ce texte en anglais", "El razonamiento del autor es débil.", "Ein Schritt nach vorn",
             "这是我的计划", "今日は晴れです", "Mi primer paso", "Resuma este texto"]
    assert P.reasoning_flags(pd.Series(asks)).all(), [a for a, f in zip(asks, P.reasoning_flags(pd.Series(asks))) if not f]
    assert not P.reasoning_flags(pd.Series(plain)).any()


def test_reasoning_flags_beyond_step_by_step():
    """The other ways chain-of-thought is asked for (scratchpads, rationales, intermediate work, answer
    extraction, decomposition), each in wording of its own; the same words in ordinary requests are not."""
    asks = ["Use a scratchpad for your working, then answer.", "Show your working.",
            "Give a brief rationale, then the answer.", "Add a short justification for each choice.",
            "List the intermediate calculations.", "Reason aloud before you commit to an answer.",
            "Put your reasoning inside <think> tags.", "Describe how you arrived at the result.",
            "Spell out the logic you used.", "Decompose the problem into sub-problems first.",
            "End with 'Final answer: X'.", "Write down the chain of reasoning that leads there."]
    plain = ["Cache intermediate results in Redis.", "Decompose this sentence into simple propositions.",
             "Who won the final match?", "My car has a scratch on the door.", "The logic board failed.",
             "The reasoning in this essay is weak.", "Explain the steps to install Docker on Ubuntu."]
    got = P.reasoning_flags(pd.Series(asks))
    assert got.all(), [a for a, f in zip(asks, got) if not f]
    assert not P.reasoning_flags(pd.Series(plain)).any(), [a for a, f in zip(plain, P.reasoning_flags(pd.Series(plain))) if f]


# --- grouping ------------------------------------------------------------------

def test_letters_of_every_script_are_kept():
    m = P.mask_prompts(pd.Series(["Переведи этот текст на английский язык: 42", "Réfléchis étape par étape",
                                  "请把下面的句子翻译成英文：你好", "नमस्ते दुनिया"])).tolist()
    assert m[0] == "переведи этот текст на английский язык <num>"
    assert m[1] == "réfléchis étape par étape"  # not "rflchis tape par tape"
    # no spaces between Chinese words: one token per character, the template's text apart from the slot's
    assert m[2] == "请 把 下 面 的 句 子 翻 译 成 英 文 你 好"
    assert m[3] == "नमस्ते दुनिया"  # combining vowel signs stay in the word


def test_non_latin_template_forms_a_family():
    rng = np.random.default_rng(4)
    ru = [(a, f"Реши задачу номер {rng.integers(10**4)} и объясни ответ подробно: {_free(rng, 6)}")
          for a in range(4) for _ in range(5)]
    zh = [(a, f"请把下面的句子翻译成英文并解释语法：{''.join(rng.choice(list('天地人山水火木金土日月风雨'), 12))}")
          for a in range(4, 8) for _ in range(5)]
    df = pd.DataFrame(ru + zh, columns=["account", "prompt"])
    fam, _ = P.template_families(df["prompt"], df["account"].to_numpy())
    assert len(set(fam[:20])) == 1 and fam[0] >= 0
    assert len(set(fam[20:])) == 1 and fam[20] >= 0 and fam[20] != fam[0]


def test_strip_reasoning_keeps_the_task():
    s = pd.Series(["Solve 3x+5=11 step by step.", "Translate this: hello world. Let's think step by step.",
                   'Which category does "think step by step" belong to? Before answering, explain your reasoning.',
                   "Solve the following problem step by step: a train leaves at noon",
                   "Think step by step. Show your work. What is the capital of France and why?",
                   "一步一步地思考，然后给出答案。 问题：什么是光合作用？", "no reasoning request here"])
    tk = P._tokenise(s, strip_reasoning=True)
    assert P._join_tokens(tk, np.arange(len(s))).tolist() == [
        "solve <id>",  # the request is the whole instruction: only the phrase goes
        "translate this hello world",  # a sentence that is only the request goes whole
        "which category does <quote> belong to",  # quoted slot text is masked first and stays
        "solve the following problem a train leaves at noon",  # reasoning about the task: the task words stay
        "what is the capital of france and why",  # two request sentences in a row
        "问 题 什 么 是 光 合 作 用",
        "no reasoning request here"]


def test_strip_reasoning_ignores_a_marker_byte_already_in_the_text():
    """\\x01 marks requests inside _strip_reasoning; one in the prompt itself is no request."""
    s = pd.Series(["Name the capital\x01city of France. Think step by step. Then list three famous museums there."])
    assert P.mask_prompts(s).iloc[0].startswith("name the capitalcity of france")  # unstripped: the byte joins
    tk = P._tokenise(s, strip_reasoning=True)
    assert P._join_tokens(tk, np.arange(1)).tolist() == [
        "name the capitalcity of france then list three famous museums there"]  # was: first sentence cut


def test_chain_of_thought_wordings_do_not_decide_families():
    """Accounts of two tasks, each account with its own favourite chain-of-thought wording.

    The wordings are shared across the two tasks (as when many operators draw on the same
    phrasings); with them stripped, each task is one family. Kept, the wording splits a task's
    accounts into a family per wording (and, with longer shared text, ties accounts of other
    tasks: docs/WORLD3.md).
    """
    rng = np.random.default_rng(5)
    cot = ["Let's think step by step, carefully and in order.",
           "Explain your reasoning step by step before answering, please.",
           "Walk me through your thought process in full detail."]
    tasks = ["Classify the sentiment of this review", "Find the capital city mentioned in this passage"]
    rows = [(t * 3 + a, t, f"{tasks[t]}: {_free(rng, 4)}. {cot[a]}") for t in range(2) for a in range(3) for _ in range(6)]
    df = pd.DataFrame(rows, columns=["account", "task", "prompt"])
    for strip in (True, False):
        fam, _ = P.template_families(df["prompt"], df["account"].to_numpy(), strip_reasoning=strip)
        by_task = [set(fam[df["task"] == t]) for t in range(2)]
        if strip:
            assert all(len(f) == 1 and -1 not in f for f in by_task) and by_task[0] != by_task[1]
        else:  # the wording decides too: each task splits into a family per wording
            assert all(len(f - {-1}) > 1 for f in by_task)


def test_templates_grouped_exactly_and_one_offs_left_out():
    w = _world()
    fam, fams = P.template_families(w["prompt"], w["account"].to_numpy())
    ring = w["truth"].to_numpy() >= 0
    # each ring template is one family, distinct from the other
    f0 = set(fam[w["truth"] == 0])
    f1 = set(fam[w["truth"] == 1])
    assert len(f0) == 1 and len(f1) == 1 and f0 != f1 and -1 not in f0 | f1
    # benign one-off prompts share no template text with another account
    assert (fam[~ring] == -1).all()
    assert len(fams) == 2
    assert fams["n_prompts"].sum() == ring.sum()
    assert set(fams.columns) >= {"family", "template_id", "n_prompts", "n_skeletons", "exemplar"}


def test_template_of_one_account_is_no_family():
    rng = np.random.default_rng(3)
    prompts = pd.Series([f"Solve problem {rng.integers(1000)} about {_free(rng, 3)} and show the final numeric answer"
                         for _ in range(10)])
    fam, fams = P.template_families(prompts, np.zeros(10, np.int64))
    assert (fam == -1).all() and len(fams) == 0


def test_reworded_variants_join_one_family():
    """Each account words the template differently (prefix, inserted word, synonym); still one family."""
    rng = np.random.default_rng(1)
    base = ("you are a careful math tutor read the following competition problem and derive the solution "
            "showing every intermediate result before stating the final answer in a box")
    variants = [
        base,
        "Hi! " + base.replace("careful", "very careful"),
        "Task: " + base.replace("derive", "work out"),
        base.replace("in a box", "inside a box please"),
    ]
    rows = [(a, f"{v} problem {rng.integers(10**5)}: {_free(rng, 6)}") for a, v in enumerate(variants) for _ in range(5)]
    df = pd.DataFrame(rows, columns=["account", "prompt"])
    fam, _ = P.template_families(df["prompt"], df["account"].to_numpy(), threshold=0.5)
    assert len(set(fam)) == 1 and fam[0] >= 0


def test_a_template_respelt_per_account_is_one_family():
    """An evasion, and ordinary pasted text: each account spells one template its own way: no-break or em
    spaces (a no-break space joined two words into one token), fullwidth letters, zero-width spaces inside
    words, Cyrillic or Greek letters that look Latin ("problеm"). Read as they show, one family, the same as
    the plain wording's, and the reasoning request is seen in every spelling. A template in Cyrillic stays
    its own family (text in one script is not folded)."""
    rng = np.random.default_rng(5)
    base = "You are a careful math tutor. Solve the competition problem below step by step and give the final answer"
    spell = [
        lambda t: t,
        lambda t: t.replace(" ", "\u00a0"),
        lambda t: t.replace(" ", "\u2003"),
        lambda t: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in t),  # fullwidth
        lambda t: t.replace("e", "\u0435").replace("o", "\u043e"),  # Cyrillic е, о
        lambda t: t.replace("a", "\u03b1").replace("p", "\u03c1"),  # Greek α, ρ
        lambda t: " ".join(w[:2] + "\u200b" + w[2:] for w in t.split(" ")),
        lambda t: " ".join(w[:1] + "\ufe0f" + w[1:] for w in t.split(" ")),  # variation selectors
    ]
    rows = [(a, f"{f(base)} problem {rng.integers(10**5)}: {_free(rng, 6)}") for a, f in enumerate(spell)
            for _ in range(5)]
    ru = "Ты внимательный репетитор. Реши задачу ниже и дай окончательный ответ, задача"
    rows += [(10 + a, f"{ru} {rng.integers(10**5)}: {_free(rng, 6)}") for a in range(3) for _ in range(5)]
    df = pd.DataFrame(rows, columns=["account", "prompt"])
    fam, _ = P.template_families(df["prompt"], df["account"].to_numpy())
    en, ru_fam = fam[df["account"] < 10], fam[df["account"] >= 10]
    assert len(set(en)) == 1 and en[0] >= 0, pd.Series(en).value_counts()
    assert len(set(ru_fam)) == 1 and ru_fam[0] >= 0 and ru_fam[0] != en[0]
    assert P.reasoning_flags(df["prompt"][df["account"] < 10]).all()


def test_mode_forest_does_not_chain_through_a_bridge():
    # 0 and 1 are dense templates; 2 resembles both; 3 resembles only 2
    src, dst = np.array([2, 2, 3]), np.array([0, 1, 2])
    assert P._mode_forest(4, src, dst).tolist() == [0, 1, 0, 0]
    assert len(set(P._components(4, src, dst).tolist())) == 1


def test_template_ids_are_stable_across_order():
    w = _world()
    _, f1 = P.template_families(w["prompt"], w["account"].to_numpy())
    perm = np.random.default_rng(5).permutation(len(w))
    w2 = w.iloc[perm].reset_index(drop=True)
    fam2, f2 = P.template_families(w2["prompt"], w2["account"].to_numpy())
    assert sorted(f1["template_id"]) == sorted(f2["template_id"])
    assert all(t.startswith("tpl-") and len(t) == 20 for t in f1["template_id"])


def test_lsh_candidates_use_densest_leader():
    sig = np.array([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4], [9, 9, 9, 9]], np.uint32)
    src, dst = P._lsh_candidates(sig, 2, np.ones(4, bool))
    assert sorted(zip(src.tolist(), dst.tolist())) == [(1, 0), (2, 0)]


def test_shared_shingles_needs_two_accounts():
    h = np.array([10, 10, 20, 20, 30], np.uint64) << np.uint64(40)
    acc = np.array([1, 2, 3, 3, 4])
    assert P._shared_shingles(h, acc).tolist() == [2, 2, 0, 0, 0]


def test_shared_shingles_per_account_repeat_threshold():
    h = np.array([7, 7, 7, 7], np.uint64) << np.uint64(40)
    acc = np.array([0, 0, 1, 2])
    # account 0 needs 2 uses (has 2), account 1 needs 2 (has 1), account 2 needs 1 (has 1)
    out = P._shared_shingles(h, acc, thr=np.array([2, 2, 1]))
    assert out.tolist() == [2, 2, 0, 2]


def test_bad_parameters_raise():
    with pytest.raises(ValueError, match="divisible"):
        P.template_families(pd.Series(["a b c"]), np.zeros(1), num_perm=10, bands=3)
    with pytest.raises(ValueError, match="entries"):
        P.template_families(pd.Series(["a b c"]), np.zeros(2))
    cfg = Config.from_dict({}) if hasattr(Config, "from_dict") else Config()
    cfg.prompts.clustering = "bogus"
    assert any("clustering" in p for p in cfg.problems())


# --- privacy -------------------------------------------------------------------

def test_exemplars_hold_no_slot_values():
    w = _world()
    _, fams = P.template_families(w["prompt"], w["account"].to_numpy())
    text = " ".join(fams["exemplar"])
    assert all(len(e) <= 100 for e in fams["exemplar"])
    assert not any(ch.isdigit() for ch in text)
    assert "solve problem <num>" in text
    assert "critique of the following essay <quote>" in text


def test_exemplars_show_no_key_shaped_word_even_without_a_digit():
    """A privacy and security review (tester 59): masking takes a token with a digit for an id, so a key
    that happens to have none (an ``sk-...`` or ``ghp_...`` token of letters, an AWS key id of letters
    only) that every member of a ring pastes into its template was shown in the exemplar
    (``skcanarykeyabcdefghijklmnopqrstuvwx``) in templates.csv, rings.csv, the report and Neo4j. An ASCII
    word of 24 or more characters (no English word is that long) and an AWS-style key id are shown as
    ``<id>`` in the exemplar only (the words still make the template's shingles: the families are as before)."""
    keys = ["sk-CANARYKEYabcdefghijklmnopqrstuvwx", "ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", "AKIAIOSFODNNQEXAMPLE",
            "intranet.acme-corp.example/patients"]
    rows = []
    for a in range(12):
        for j in range(4):
            rows.append((f"acct{a}", f"Use key {keys[0]} token {keys[1]} id {keys[2]} on {keys[3]} and answer "
                                     f"question {a * 10 + j} about topic {'abcdefghijkl'[a]}{j} carefully"))
    df = pd.DataFrame(rows, columns=["account", "prompt"])
    acc = pd.factorize(df["account"])[0]
    fid, fams = P.template_families(df["prompt"], acc)
    text = " ".join(fams["exemplar"])
    assert "use key <id> token <id> id <id> on <id> and answer question <num>" in text, text
    for k in ["canarykey", "ghp_", "akia", "intranet", "patients"]:
        assert k not in text, (k, text)
    assert len(set(np.asarray(fid).tolist()) - {-1}) == 1  # one family, as the words still shingle as themselves


# --- link build: rarity weighting and sampling bound ---------------------------

def _ctx(events, cfg=None):
    cfg = cfg or Config()
    ids, acc = np.unique(events["account_id"].to_numpy(), return_inverse=True)
    ev = events.assign(acc=acc.astype(np.int32))
    return LinkContext(events=ev, accounts=None, account_ids=ids, config=cfg)


def _events_rare_and_popular(n_popular=300, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(3):  # rare ring template, 3 accounts
        for j in range(10):
            rows.append((f"r{a}", 1_700_000_000 + j * 600, f"Solve problem {rng.integers(10**5)} step by step and justify each move of the proof"))
    for a in range(n_popular):  # popular benign template
        for j in range(2):
            rows.append((f"b{a}", 1_700_000_000 + j * 3600, f"Translate to French please: {_free(rng, 5)} {_free(rng, 3)}"))
    return pd.DataFrame(rows, columns=["account_id", "ts", "prompt"])


def test_rarity_weights_popular_templates_down():
    ctx = _ctx(_events_rare_and_popular())
    inc = P.build(ctx)
    assert len(inc) == 1 and inc[0].link_type == "template"
    lg = build_graph(inc, ctx.account_ids, LinkConfig(hub_max_accounts=200, hub_fade_start=50))
    at = lg.attributes.set_index("n_accounts")
    assert at.loc[3, "status"] == "linked" and at.loc[3, "weight"] > 0.9
    assert at.loc[300, "status"] == "hub" and at.loc[300, "weight"] == 0
    # the popular template creates no edge; the ring's does
    ring = set(np.flatnonzero(np.char.startswith(ctx.account_ids.astype(str), "r")))
    e = lg.edges
    assert len(e) == 3 and set(e["src"]) | set(e["dst"]) == ring
    fam = ctx.artifacts["template_family"]
    assert fam.dtype == np.int64 and len(fam) == len(ctx.events)
    assert ctx.artifacts["reasoning"].sum() == 30
    assert set(ctx.artifacts["template_families"].columns) == {"family", "template_id", "n_prompts", "n_skeletons", "exemplar"}


def test_sampling_bound_per_account_day():
    rng = np.random.default_rng(0)
    acc = rng.integers(0, 20, 5000)
    ts = rng.integers(0, 5 * 86400, 5000)
    idx = P.sample_per_account_day(acc, ts, 7, seed=3)
    per = pd.DataFrame({"a": acc[idx], "d": ts[idx] // 86400}).value_counts()
    full = pd.DataFrame({"a": acc, "d": ts // 86400}).value_counts()
    assert per.max() <= 7
    assert (per.reindex(full.index).fillna(0) == np.minimum(full, 7)).all()
    assert np.array_equal(idx, P.sample_per_account_day(acc, ts, 7, seed=3))
    assert np.array_equal(P.sample_per_account_day(acc, ts, 0), np.arange(5000))


def test_build_with_sampling_marks_unsampled_events():
    ev = _events_rare_and_popular(n_popular=20)
    cfg = Config()
    cfg.prompts.max_prompts_per_account_day = 4
    ctx = _ctx(ev, cfg)
    P.build(ctx)
    n_acc_days = ev.assign(d=ev["ts"] // 86400).groupby(["account_id", "d"]).size()
    assert ctx.artifacts["prompts_sampled"] == int(np.minimum(n_acc_days, 4).sum())
    fam = ctx.artifacts["template_family"]
    ring = ev["account_id"].str.startswith("r").to_numpy()
    assert (fam[ring] >= 0).sum() == 12 and len(set(fam[ring][fam[ring] >= 0])) == 1
    assert ctx.artifacts["reasoning"].sum() == 30  # reasoning is flagged on every prompt


def test_build_without_prompt_column_is_empty():
    ev = pd.DataFrame({"account_id": ["a", "b"], "ts": [0, 1]})
    assert P.build(_ctx(ev)) == []


# --- real templated text (shared data; skipped when absent) --------------------

def _shared():
    sys.path.insert(0, str(REPO / "benchmarks"))
    import prompts_data
    root = prompts_data.shared_data_dir() / "prompts"
    if not (root / "promptsource-templates").is_dir() or importlib.util.find_spec("yaml") is None:
        pytest.skip("shared prompt data or pyyaml not available")
    return prompts_data


def test_recovery_on_promptsource_sample():
    pdx = _shared()
    w = pdx.make_world(prompts_per_template=12, benign_prompts=1500, max_templates=300, seed=2)
    df = w.prompts
    pc = Config().prompts
    fam, _ = P.template_families(df["prompt"], df["account"].to_numpy(), head_tokens=pc.head_tokens,
                                 tail_tokens=pc.tail_tokens)
    sc = pdx.pair_scores(df["truth_near"].to_numpy(), fam)
    # regression guard on a small sample (measured 0.86 / 0.72 here; full benchmark in docs/PROMPTS.md)
    assert sc["precision"] >= 0.8 and sc["recall"] >= 0.65, sc


def test_paraphrase_world_wordings_are_the_accounts_literal_text():
    # bench_embeddings.py scores these wordings: each must be the literal text the account's prompts carry
    pdx = _shared()
    w = pdx.make_world(prompts_per_template=6, benign_prompts=0, max_templates=40, paraphrase=True, seed=3)
    df, wd = w.prompts, w.wordings
    assert len(wd) and wd.groupby("truth")["wording"].nunique().max() > 1  # accounts word it differently
    for r in wd.itertuples():  # 40 templates, a few accounts each
        parts = [x.strip() for x in r.wording.split("{}") if x.strip()]
        mine = df.loc[(df["account"] == r.account) & (df["truth"] == r.truth), "prompt"]
        assert len(mine) and all(all(x in pr for x in parts) for pr in mine), r


# --- chunked pass, byte scan, exact sharedness, gap closing ---------------------

def test_chunked_threads_give_the_same_families_as_one_pass():
    w = _world(seed=4)
    prompts, acc = w["prompt"], w["account"].to_numpy()
    f1, t1 = P.template_families(prompts, acc, chunk_size=0)
    f2, t2 = P.template_families(prompts, acc, chunk_size=7, threads=2)
    f3, t3 = P.template_families(prompts, acc, _tokens=P._tokenise(prompts))  # tokens kept path
    assert np.array_equal(f1, f2) and np.array_equal(f1, f3)
    assert t1["template_id"].tolist() == t2["template_id"].tolist() == t3["template_id"].tolist()
    assert t1["exemplar"].tolist() == t2["exemplar"].tolist() == t3["exemplar"].tolist()


def test_rows_with_bytes_on_sliced_array_with_empty_rows():
    import pyarrow as pa
    arr = pa.array(["x", 'a"b', "", "it's", "«q»", "plain", '"'], pa.large_string()).slice(1)
    dq, ap, gu = P._rows_with_bytes(arr, [ord('"'), ord("'"), "»".encode()[-1]])
    assert dq.tolist() == [True, False, False, False, False, True]
    assert ap.tolist() == [False, False, True, False, False, False]
    assert gu.tolist() == [False, False, False, True, False, False]


def test_rows_with_bytes_matches_brute_force_on_mixed_scripts():
    """Bytes >= 0x80 are looked for in the non-ASCII rows only: same answer as a scan of every row."""
    import pyarrow as pa
    rng = np.random.default_rng(5)
    alphabet = list("ab \"'`.") + ["é", "«", "»", "\u201c", "\u201d", "日", "本", "カ", "ж"]
    texts = ["".join(rng.choice(alphabet, rng.integers(0, 12))) if rng.random() < 0.9 else None
             for _ in range(3000)]
    texts = [t if t is None or rng.random() < 0.3 else t.encode("ascii", "ignore").decode() for t in texts]
    arr = pa.array(texts, pa.large_string()).slice(7, 2500)
    wanted = [ord('"'), ord("'"), ord("`"), "»".encode()[-1], "\u201c".encode()[-1]] + list(range(0xE3, 0xEA))
    got = P._rows_with_bytes(arr, wanted)
    raw = [(t or "").encode() for t in texts[7:2507]]
    for b, hit in zip(wanted, got):
        assert hit.tolist() == [b in r for r in raw], hex(b)
    assert any(h.any() for h in got[3:]) and not all(h.all() for h in got)


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("top_bit", ["mixed", "all clear", "all set"])
def test_shared_shingles_matches_brute_force(monkeypatch, threads, top_bit):
    rng = np.random.default_rng(7)
    n = 20_000
    h = _mix_u64(rng.integers(0, 3000, n))  # many repeats across accounts
    # the keys are sorted in two halves (hash top bit clear / set): either half may be empty
    if top_bit == "all clear":
        h &= np.uint64((1 << 63) - 1)
    elif top_bit == "all set":
        h |= np.uint64(1 << 63)
    acc = rng.integers(0, 400, n)
    thr = rng.integers(1, 3, 400)
    monkeypatch.setattr(P, "_SLICE", 3001)  # several slices, so threads share the work
    out = P._shared_shingles(h, acc, 2, thr, threads=threads)
    runs = pd.DataFrame({"h": h, "a": acc}).value_counts().rename("c").reset_index()
    runs = runs[runs["c"].to_numpy() >= thr[runs["a"].to_numpy()]]
    holders = runs.groupby("h").size()
    held = set(zip(runs["h"].tolist(), runs["a"].tolist()))
    expect = np.array([holders.get(x, 0) if (x, a) in held and holders.get(x, 0) >= 2 else 0
                       for x, a in zip(h.tolist(), acc.tolist())])
    assert np.array_equal(out.astype(np.int64), expect)


def _mix_u64(x):
    return P._mix64(np.asarray(x, np.uint64))


def test_close_gaps_joins_per_account_insertions():
    """Every account inserts its own word into a short template; the second pass closes those gaps."""
    rng = np.random.default_rng(2)
    base = "write a short persuasive essay about the topic below and cite two reliable sources".split()
    fill = ["please", "kindly", "carefully", "briefly", "quickly", "simply"]
    rows = []
    for a in range(5):
        words = base.copy()
        words.insert(3 + 2 * a, fill[a])  # own word, own place (>= 3 words from an end: see docs)
        for _ in range(5):
            rows.append((a, " ".join(words) + f": {_free(rng, 5)}"))
    df = pd.DataFrame(rows, columns=["account", "prompt"])
    plain, fams1 = P.template_families(df["prompt"], df["account"].to_numpy(), threshold=0.6)
    closed, fams = P.template_families(df["prompt"], df["account"].to_numpy(), threshold=0.6, close_gaps=True)
    assert len(set(closed)) == 1 and closed[0] >= 0
    # one pass: every account keeps a different part of the template; two passes: one skeleton for all
    assert fams1["n_skeletons"].sum() == 5 and fams["n_skeletons"].tolist() == [1]
    assert "please" not in fams["exemplar"].iloc[0]  # an account's own insertion is not template text


def test_chunk_and_thread_settings_validated():
    cfg = Config()
    cfg.prompts.chunk_size = -1
    cfg.prompts.threads = -2
    assert any("chunk_size" in p for p in cfg.problems())


# --- alignment pass (prompts.align_threshold) -------------------------------------------------

needs_rapidfuzz = pytest.mark.skipif(importlib.util.find_spec("rapidfuzz") is None,
                                     reason="optional dependency rapidfuzz (graphhunt[align]) not installed")


def _rows(variants, rng, per_account=5, first_account=0):
    """Prompts of each wording, one account per wording, each with its own slot values."""
    return [(first_account + a, f"{v}: {_free(rng, 6)}") for a, v in enumerate(variants) for _ in range(per_account)]


@needs_rapidfuzz
def test_alignment_joins_paraphrased_variants_of_one_template():
    """Each account rewords a short template its own way (prefix, inserted word, swap, synonym).

    The edits break most 3-shingles of a short template, so the shingle sets of
    the accounts' skeletons differ too much and the default leaves them in
    several families; their word sequences still align, so the alignment pass
    joins them.
    """
    rng = np.random.default_rng(3)
    base = "classify the sentiment of this product review as positive or negative and explain why"
    variants = [
        base,
        "hi " + base.replace("sentiment of", "sentiment kindly of"),
        base.replace("product review", "review product").replace("explain", "now explain"),
        "task " + base.replace("classify", "categorize").replace("positive or", "positive please or"),
        base.replace("this product", "this customer product").replace("and explain", "explain and"),
    ]
    df = pd.DataFrame(_rows(variants, rng), columns=["account", "prompt"])
    acc = df["account"].to_numpy()
    off, _ = P.template_families(df["prompt"], acc)
    on, fams = P.template_families(df["prompt"], acc, align_threshold=0.8)
    assert len(set(off[off >= 0].tolist())) >= 2  # the shingle pass alone splits the rewordings
    assert (on >= 0).all() and len(set(on.tolist())) == 1
    assert fams["n_skeletons"].iloc[0] >= 2
    # the one-pass path (tokens kept) finds the template words the same way as the chunked path
    one, _ = P.template_families(df["prompt"], acc, align_threshold=0.8, head_tokens=48, tail_tokens=24,
                                 _tokens=P._tokenise(df["prompt"], 48, 24))
    chunked, _ = P.template_families(df["prompt"], acc, align_threshold=0.8, head_tokens=48, tail_tokens=24,
                                     chunk_size=7)
    assert one.tolist() == chunked.tolist() and len(set(one.tolist())) == 1


@needs_rapidfuzz
def test_alignment_keeps_templates_with_the_same_words_in_another_frame_apart():
    """Two templates share most content words in a different order: a word bag joins them, alignment does not."""
    rng = np.random.default_rng(4)
    t1 = "given the commands below what is the corresponding correct sequence of actions in natural language"
    t2 = "given a sequence of actions in natural language below produce the corresponding correct commands"
    rows = _rows([t1] * 4, rng) + _rows([t2] * 4, rng, first_account=4)
    df = pd.DataFrame(rows, columns=["account", "prompt"])
    truth = (df["account"].to_numpy() >= 4).astype(int)
    acc = df["account"].to_numpy()
    on, _ = P.template_families(df["prompt"], acc, align_threshold=0.8)
    assert (on >= 0).all()
    assert len(set(on[truth == 0].tolist())) == 1 and len(set(on[truth == 1].tolist())) == 1
    assert on[truth == 0][0] != on[truth == 1][0]
    words, _ = P.template_families(df["prompt"], acc, features="words", threshold=0.5, _tokens=P._tokenise(df["prompt"], 48, 24))
    assert len(set(words.tolist())) == 1  # what a bag of words does with them


@needs_rapidfuzz
def test_alignment_chain_guard_stops_a_bridge_between_two_templates():
    """A and C differ in four words; B is halfway. Best-partner edges chain A-B-C; the guard keeps C apart."""
    rng = np.random.default_rng(5)
    a = "based on the previous passage is it true that the claim below holds answer with yes no or maybe"
    b = a.replace("based on", "given").replace("is it true", "is it guaranteed")
    c = b.replace("previous passage", "earlier text").replace("holds", "follows")
    rows = _rows([a] * 4, rng) + _rows([b] * 3, rng, first_account=4) + _rows([c] * 4, rng, first_account=7)
    df = pd.DataFrame(rows, columns=["account", "prompt"])
    acc = df["account"].to_numpy()
    fam, _ = P.template_families(df["prompt"], acc, align_threshold=0.8)
    assert fam[acc < 4][0] != fam[acc >= 7][0]
    seg_a = P._tokenise(pd.Series([a, c]))
    codes = pd.factorize(seg_a.vocab[seg_a.code])[0]
    s = P._codepoint_strings(codes, seg_a.doc.astype(np.int64), 2, 96)
    from rapidfuzz.distance import Indel
    assert Indel.normalized_similarity(s[0], s[1]) < 0.8  # A and C do not align directly


def test_codepoint_strings_skip_surrogates_and_keep_order():
    codes = np.array([0, 0xD7FF, 0xD800, 5, 5], np.int64)
    seg = np.array([0, 0, 0, 1, 1])
    s = P._codepoint_strings(codes, seg, 3, 96)
    assert [len(x) for x in s] == [3, 2, 0]
    assert all(not 0xD800 <= ord(ch) <= 0xDFFF for ch in s[0])
    assert s[1][0] == s[1][1] and s[0][0] != s[0][1] != s[0][2]
    assert len(P._codepoint_strings(np.arange(10), np.zeros(10, np.int64), 1, 4)[0]) == 4  # capped


def test_align_threshold_validated():
    cfg = Config()
    cfg.prompts.align_threshold = 1.5
    assert any("align_threshold" in p for p in cfg.problems())
    with pytest.raises(ValueError, match="align_threshold"):
        P.template_families(pd.Series(["a b c d"]), np.zeros(1, np.int64), align_threshold=-0.1)


def test_sampling_does_not_depend_on_the_rows_order():
    """The sampling keys were drawn by row position: events of one account in the same second came out in
    input order, so a shuffled file kept other prompts and flagged other accounts (QA, session 23)."""
    import graphhunt as gh
    from conftest import make_world

    ev, ac, ring = make_world(seed=3, n_benign=80, office=10, ring_size=8)
    # many events of one account in one second: the ties the sampling must break by content
    ev = ev.assign(timestamp=pd.to_datetime(ev["timestamp"], utc=True).dt.floor("h"))
    shuffled = ev.sample(frac=1.0, random_state=7).reset_index(drop=True)
    a = gh.detect(ev, ac, prompts__max_prompts_per_account_day=2)
    b = gh.detect(shuffled, ac.sample(frac=1.0, random_state=8), prompts__max_prompts_per_account_day=2)
    assert a.run_info["artifacts"]["prompts_sampled"] < len(ev)
    key = ["account_id"]
    pd.testing.assert_frame_equal(a.accounts.sort_values(key).reset_index(drop=True),
                                  b.accounts.sort_values(key).reset_index(drop=True))
    pd.testing.assert_frame_equal(a.templates, b.templates)
    # the keys themselves: the same events in another order choose the same events
    rng = np.random.default_rng(0)
    acc, ts = rng.integers(0, 30, 4000), rng.integers(0, 3 * 86400, 4000) // 600 * 600
    tie = rng.integers(0, 2**63, 4000).astype(np.uint64)
    perm = rng.permutation(4000)
    one = P.sample_per_account_day(acc, ts, 3, seed=5, tiebreak=tie)
    two = P.sample_per_account_day(acc[perm], ts[perm], 3, seed=5, tiebreak=tie[perm])
    assert np.array_equal(np.sort(perm[two]), one)
    assert not np.array_equal(one, P.sample_per_account_day(acc, ts, 3, seed=6, tiebreak=tie))


def test_a_shingle_size_longer_than_the_whole_input_is_no_crash():
    """A tester: prompts.shingle_size = 5 on an input whose prompts hold three words in all (a quiet day's
    slice) crashed with a traceback ("could not broadcast input array from shape (0,) into shape (2,)")."""
    import logging

    import graphhunt as gh

    ev = pd.DataFrame({"account_id": ["a", "b"], "timestamp": ["2026-11-01T00:00:00Z"] * 2,
                       "prompt": ["hello there you", None]})
    logging.disable(logging.WARNING)
    try:
        for k in (4, 5, 9):
            assert len(gh.detect(ev, prompts__shingle_size=k).accounts) == 2
    finally:
        logging.disable(logging.NOTSET)


def test_fold_confusables_matches_a_plain_python_reading():
    """The byte-level fold (numpy over UTF-8) gives what str.translate gives word by word, for words that
    hold an ASCII letter, on random text of Latin, look-alike, Cyrillic, CJK and accented letters with
    spaces, tabs and newlines, and on a slice of the array (its offsets start inside the buffer)."""
    import re

    import pyarrow as pa

    def ref(text):
        return re.sub(r"\S+", lambda m: m.group().translate(P._CONFUSABLES) if re.search(r"[a-zA-Z]", m.group())
                      else m.group(), text)

    rng = np.random.default_rng(0)
    alpha = list("abcepoxyz ABC\t\n") + list("аеорсухіАВЕКМНОРСТХУαορνΑΒΕοսհ") + list("привет中文é ")
    rows = ["".join(rng.choice(alpha, rng.integers(0, 30))) for _ in range(5000)]
    arr = pa.array(rows, pa.large_string())
    assert P._fold_confusables(arr).to_pylist() == [ref(t) for t in rows]
    assert P._fold_confusables(arr.slice(1234, 300)).to_pylist() == [ref(t) for t in rows[1234:1534]]
    assert sum(ref(t) != t for t in rows) > 1000  # the fold did something


def test_the_fold_looks_at_every_row_it_could_change():
    """_fold_unicode runs each step only on rows holding a lead byte of what the step changes; the lists are
    checked here against unicodedata: every space character, every invisible one, every look-alike letter,
    and the forms NFKC is run for (fullwidth, ligatures, mathematical letters, combining accents)."""
    import unicodedata

    spaces, invisible, nfkc = set(), set(), set()
    for cp in range(0x80, 0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if unicodedata.category(c) in ("Zs", "Zl", "Zp"):
            spaces.add(c.encode()[0])
        if unicodedata.category(c) == "Cf" or 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or cp == 0x34F:
            invisible.add(c.encode()[0])
        if (0xFF00 <= cp <= 0xFFEF or 0xFB00 <= cp <= 0xFB4F or 0x1D400 <= cp <= 0x1D7FF or 0x300 <= cp <= 0x36F) \
                and (unicodedata.normalize("NFKC", c) != c or unicodedata.combining(c)):
            nfkc.add(c.encode()[0])
    assert spaces <= set(P._SPACE_LEADS) and invisible <= set(P._INVISIBLE_LEADS) and nfkc <= set(P._NFKC_LEADS)
    assert {chr(c).encode()[0] for c in P._CONFUSABLES} <= set(P._CONFUSABLE_LEADS)
    # every space character is replaced by the space regex
    import pyarrow as pa

    zs = [chr(cp) for cp in range(0x80, 0x3001) if unicodedata.category(chr(cp)) in ("Zs", "Zl", "Zp")]
    got = P._fold_unicode(pa.array([f"a{z}b" for z in zs], pa.large_string())).to_pylist()
    assert got == ["a b"] * len(zs), [(hex(ord(z)), g) for z, g in zip(zs, got) if g != "a b"]


def test_exemplar_does_not_depend_on_the_rows_order():
    """A family's exemplar is the redacted text of its densest skeleton's representative prompt, which was
    the skeleton's first prompt in event order. Two prompts of one account in the same second keep their
    input order there, so the exemplar depended on it: swapping two rows of a file turned
    ``... points … <num> …`` into ``... points …`` in templates.csv and rings.csv (a shuffle of the sample
    with times to the hour changed one family's exemplar). Ties are now broken by the prompt's content."""
    import graphhunt as gh

    t0 = pd.Timestamp("2026-11-02 09:00", tz="UTC")
    tpl = "summarize this customer review in three short bullet points: {}"
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa".split()
    rng = np.random.default_rng(0)
    rows = [(f"acct{a}", t0 + pd.Timedelta(minutes=10 * j + a), tpl.format(" ".join(rng.choice(words, 6))))
            for a in range(12) for j in range(6)]  # 12 accounts: a public template, whose exemplar is shown
    # the first account's first request: two prompts in one second, one with a number in its slot text
    rows[0] = ("acct0", t0, tpl.format("order 4417 arrived broken twice"))
    rows.insert(1, ("acct0", t0, tpl.format("great product would buy again")))
    ev = pd.DataFrame(rows, columns=["account_id", "timestamp", "prompt"])
    swapped = ev.iloc[[1, 0, *range(2, len(ev))]].reset_index(drop=True)
    a, b = gh.detect(ev).templates, gh.detect(swapped).templates
    public = a[a["n_accounts"] >= 12]
    assert len(public) == 1 and public["exemplar"].iloc[0].startswith("summarize this customer review")
    pd.testing.assert_frame_equal(a, b)
