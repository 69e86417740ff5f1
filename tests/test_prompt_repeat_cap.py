"""prompts.repeat_cap: an account holds the templates it sends many times, even when each is a small share of
its prompts (a ring that mixes many dataset templates with resold chat, world40's hydra)."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from graphhunt.config import Config
from graphhunt.links import prompts as P

_SYL = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "so", "du", "fa", "gi", "ho", "be")
WORDS = np.array([a + b + c for a in _SYL for b in _SYL for c in _SYL])

#: ten instructions of one harvest (wording of public dataset templates), each around an item
INSTRUCTIONS = [
    "Given the list of concepts, generate a sentence with all the concepts: {item}",
    "Ignoring the order of the concepts, write one coherent sentence that uses them all: {item}",
    "Please predict the next word after the following chunk of text. {item}",
    "{item} Does the above premise support the following hypothesis? Answer yes, no or maybe.",
    "Consider the hypothesis below and decide whether it follows from the passage. {item}",
    "This story got cut short. What comes next? {item}",
    "Can you write a sentence about the topic of the following text? {item}",
    "Construct a sentence with the words below; hint: use this example to restrict the meaning. {item}",
    "The relationship between the following sentences can be characterized how? {item}",
    "Put the concepts together to form a sentence that a child could understand: {item}",
]


def _world(seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """A corpus of 300 sentences that 1,500 ordinary accounts send (two each), and a ring of six accounts that
    each send 500 prompts: half of them corpus sentences (resold chat), half the ten instructions above around
    items of two corpus sentences (25 uses of each instruction per account, 5 % of its prompts)."""
    rng = np.random.default_rng(seed)
    corpus = [" ".join(rng.choice(WORDS, int(rng.integers(9, 15)))) + "." for _ in range(300)]
    rows = []
    for a in range(1500):
        for s in rng.choice(len(corpus), 2, replace=False):
            rows.append((a, False, corpus[s]))
    for a in range(1500, 1506):
        for s in rng.choice(len(corpus), 250):
            rows.append((a, False, corpus[s]))
        for i in range(len(INSTRUCTIONS)):
            for _ in range(25):
                x, y = rng.choice(len(corpus), 2, replace=False)
                rows.append((a, True, INSTRUCTIONS[i].format(item=corpus[x] + " " + corpus[y])))
    df = pd.DataFrame(rows, columns=["account", "harvest", "prompt"])
    return df, df["account"].to_numpy()


def _families(df: pd.DataFrame, acc: np.ndarray, **over) -> np.ndarray:
    fam, _ = P.template_families(df["prompt"], acc, **P.family_options(dataclasses.replace(Config().prompts, **over)))
    return fam


def _ring_families(df: pd.DataFrame, fam: np.ndarray) -> pd.DataFrame:
    """Per family of harvest prompts: its prompts, holders, and holders outside the ring."""
    d = pd.DataFrame({"fam": fam, "acc": df["account"].to_numpy(), "harvest": df["harvest"].to_numpy()})
    d = d[d["fam"] >= 0]
    g = d.groupby("fam").agg(n=("acc", "size"), harvest=("harvest", "sum"), holders=("acc", "nunique"),
                             outside=("acc", lambda a: int((a < 1500).sum())))
    return g[g["harvest"] > 0]


def test_the_cap_keeps_a_ring_s_many_templates():
    df, acc = _world()
    fam = _families(df, acc, repeat_cap=20)
    harvest = df["harvest"].to_numpy()
    # every harvest prompt is in a family, and its families are the ring's own: ten, each held by the six
    g = _ring_families(df, fam)
    assert (fam[harvest] >= 0).mean() > 0.95
    own = g[(g["outside"] == 0) & (g["holders"] == 6)]
    assert own["harvest"].sum() >= 0.95 * harvest.sum()
    assert 8 <= len(own) <= 12
    # the resold chat is not pulled into them
    assert not np.isin(fam[~harvest & (acc >= 1500)], own.index.to_numpy()).any()


def test_without_the_cap_the_share_alone_drops_them():
    """Each instruction is 5 % of a ring account's prompts, under prompts.repeat_fraction (10 %): the share alone
    leaves the harvest without families of its own (repeat_cap 0, the default before session 73)."""
    df, acc = _world()
    fam = _families(df, acc, repeat_cap=0)
    harvest = df["harvest"].to_numpy()
    g = _ring_families(df, fam)
    own = g[(g["outside"] == 0) & (g["holders"] >= 2)]
    assert own["harvest"].sum() < 0.05 * harvest.sum()


def test_the_cap_does_not_make_templates_of_ordinary_accounts():
    """Accounts with few prompts hold what they write either way: the cap changes nothing for them."""
    df, acc = _world()
    ordinary = acc < 1500
    a = _families(df[ordinary].reset_index(drop=True), acc[ordinary], repeat_cap=20)
    b = _families(df[ordinary].reset_index(drop=True), acc[ordinary], repeat_cap=0)
    assert np.array_equal(a, b)


@pytest.mark.parametrize("cap", [-1])
def test_a_negative_cap_is_refused(cap):
    cfg = Config()
    cfg.prompts.repeat_cap = cap
    assert any("prompts.repeat_cap" in p for p in cfg.problems())


def _capped(df: pd.DataFrame) -> tuple[Config, np.ndarray, np.ndarray]:
    """A config with the cap at 20, one timestamp per prompt and the harvest mask, for refresh's assignment."""
    cfg = Config()
    cfg.prompts.repeat_cap = 20
    return cfg, 1_790_000_000 + np.arange(len(df), dtype=np.int64), df["harvest"].to_numpy()


def test_a_refresh_assigns_the_ring_s_templates_as_detect_does_with_the_cap():
    """refresh decides shared text with the same hold threshold as detect (prompts.repeat_cap included)."""
    from graphhunt.refresh import _assign_templates, _empty_registry

    df, acc = _world()
    cfg, ts, harvest = _capped(df)
    det = _families(df, acc, repeat_cap=20)
    out, _, _ = _assign_templates(df["prompt"], acc, ts, *_empty_registry(), cfg)
    ref = pd.Series(out)
    assert (ref[harvest].notna()).mean() > 0.95
    assert ((det >= 0) == ref.notna().to_numpy())[harvest].mean() > 0.99
    # without the cap neither finds the harvest's own templates
    cfg0 = Config()
    cfg0.prompts.repeat_cap = 0
    out0, _, _ = _assign_templates(df["prompt"], acc, ts, *_empty_registry(), cfg0)
    ref0 = pd.Series(out0)
    assert ((_families(df, acc, repeat_cap=0) >= 0) == ref0.notna().to_numpy())[harvest].mean() > 0.99
    assert ref0[harvest].notna().mean() < 0.5


def test_a_refresh_holds_a_family_over_the_window_with_the_cap():
    """_held_templates: 25 uses of a family among 500 prompts (5 %) hold it with a cap of 20, not without."""
    from graphhunt.refresh import _held_templates

    acc = np.zeros(500, np.int64)
    codes = np.full(500, 7, np.int64)
    codes[25:] = -1
    logged = np.ones(500, bool)  # every request's prompt was logged
    assert (_held_templates(acc, codes, logged, 0.1, repeat_cap=20)[:25] == 7).all()
    assert (_held_templates(acc, codes, logged, 0.1)[:25] == -1).all()  # repeat_cap 0


def _relay_world(seed: int = 1) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`_world`, plus two busy apps of different companies (accounts 2000 and 2001) that each relay the
    same 120 stock texts of the corpus 25 times (3,000 prompts: each text under 1 % of them, but 25 sends)."""
    df, _ = _world(seed)
    rng = np.random.default_rng(seed + 100)
    stock = df.loc[df["account"] < 1500, "prompt"].drop_duplicates().to_numpy()[:120]
    rows = [(a, False, stock[i]) for a in (2000, 2001) for i in rng.permutation(np.repeat(np.arange(120), 25))]
    df = pd.concat([df, pd.DataFrame(rows, columns=df.columns)], ignore_index=True)
    return df, df["account"].to_numpy()


def test_the_cap_counts_different_texts_not_relays_of_one_text():
    """A busy app that relays the same stock texts again and again does not hold their phrases through the cap
    (each phrase recurs with its own sentence: one text), while the ring, whose instructions recur around new
    items, still holds its ten. Counted over all sends instead, the two apps would share the stock's phrases."""
    df, acc = _relay_world()
    fam = _families(df, acc, repeat_cap=20)
    harvest = df["harvest"].to_numpy()
    apps = acc >= 2000
    g = _ring_families(df, fam)
    assert g[(g["outside"] == 0) & (g["holders"] == 6)]["harvest"].sum() >= 0.95 * harvest.sum()
    # the apps' relays are in no family that links the two apps and no one else
    d = pd.DataFrame({"fam": fam, "acc": acc})[fam >= 0]
    holders = d.groupby("fam")["acc"].agg(lambda a: frozenset(a.unique()))
    assert not (holders == frozenset({2000, 2001})).any()
    assert (fam[apps] < 0).mean() > 0.95
    # the same shingles counted over every send: both apps hold the stock's phrases (what the cap did before)
    tk = P._tokenise(df["prompt"], 0, 0)
    doc, _, h = P._shingles(tk, 3, content_only=True)
    thr = P.hold_threshold(np.bincount(acc), 0.1)
    a32 = acc.astype(np.int32)
    every = P._shared_shingles(h, a32, 2, thr, doc=doc, cap=20, dup=np.zeros(len(df), bool))
    different = P._shared_shingles(h, a32, 2, thr, doc=doc, cap=20, dup=P.repeated_texts(df["prompt"], acc))
    on_apps = apps[doc]
    assert (every[on_apps] >= 2).mean() > 0.9
    assert (different[on_apps] >= 2).mean() < 0.05


def test_repeated_texts_marks_every_send_after_an_account_s_first():
    s = pd.Series(["a b", "c", "a b", "a b", "c", "dd", "a b"])
    acc = np.array([0, 0, 0, 1, 1, 1, 0])
    assert P.repeated_texts(s, acc).tolist() == [False, False, True, False, False, False, True]
    # rows of a sample: positions are the sample's
    rows = np.array([6, 0, 5, 2])
    assert P.repeated_texts(P._Rows(s, rows), acc[rows]).tolist() == [False, True, False, True]
    assert P.repeated_texts(pd.Series([], dtype="string"), np.zeros(0, np.int64)).tolist() == []


def test_a_refresh_assigns_relayed_texts_as_detect_does_with_the_cap():
    from graphhunt.refresh import _assign_templates, _empty_registry

    df, acc = _relay_world()
    cfg, ts, _ = _capped(df)
    det = _families(df, acc, repeat_cap=20)
    out, _, _ = _assign_templates(df["prompt"], acc, ts, *_empty_registry(), cfg)
    apps = acc >= 2000
    assert ((det >= 0) == pd.Series(out).notna().to_numpy())[apps].mean() > 0.99
    assert pd.Series(out)[apps].notna().mean() < 0.05


def test_a_refresh_holds_a_family_over_the_window_by_different_texts():
    """_held_templates with the cap counts the different prompt texts (the state's prompt_hash) of a family:
    25 sends of 5 texts do not reach a cap of 20, 25 different texts do; a state without hashes counts sends."""
    from graphhunt.refresh import _held_templates

    acc = np.zeros(500, np.int64)
    codes = np.full(500, 7, np.int64)
    codes[25:] = -1
    logged = np.ones(500, bool)
    few = pd.array(np.r_[np.arange(25) % 5, np.arange(1000, 1475)], dtype="Int64")
    many = pd.array(np.arange(500), dtype="Int64")
    assert (_held_templates(acc, codes, logged, 0.1, repeat_cap=20, prompt_hash=few)[:25] == -1).all()
    assert (_held_templates(acc, codes, logged, 0.1, repeat_cap=20, prompt_hash=many)[:25] == 7).all()
    # an event without a hash is a text of its own
    unknown = pd.array([None] * 25 + list(range(475)), dtype="Int64")
    assert (_held_templates(acc, codes, logged, 0.1, repeat_cap=20, prompt_hash=unknown)[:25] == 7).all()
    assert (_held_templates(acc, codes, logged, 0.1, repeat_cap=20)[:25] == 7).all()


def _pool_world(seed: int = 2) -> tuple[pd.DataFrame, np.ndarray]:
    """A self-instruct ring quoting the population's tasks (world23's ``self_instruct_loop``): 1,500 ordinary
    accounts send tasks of 60 public templates (two each), and six ring accounts each send 600 prompts of one
    wrapper of their own around three tasks of those templates. Every quoted template recurs in about 30
    different texts of a ring account, over a cap of 20, and in 5 % of its prompts, under the share of 10 %."""
    rng = np.random.default_rng(seed)
    templates = [" ".join(rng.choice(WORDS, 6)) + " {a} " + " ".join(rng.choice(WORDS, 5)) + " {b}"
                 for _ in range(60)]

    def task() -> str:
        t = templates[int(rng.integers(len(templates)))]
        return t.format(a=" ".join(rng.choice(WORDS, 3)), b=" ".join(rng.choice(WORDS, 4)))

    rows = [(a, False, task()) for a in range(1500) for _ in range(2)]
    for a in range(1500, 1506):
        for _ in range(600):
            rows.append((a, True, f"Here are example tasks: 1. {task()} 2. {task()} 3. {task()} Generate new, "
                                  "diverse tasks in the same style and number them."))
    df = pd.DataFrame(rows, columns=["account", "harvest", "prompt"])
    return df, df["account"].to_numpy()


def test_the_cap_does_not_split_a_wrapper_into_the_tasks_it_quotes():
    """With the cap, text held through the cap only is template text only in prompts without text held through
    the share: the quoted tasks are items of the ring's one wrapper, not one family per combination of them."""
    df, acc = _pool_world()
    harvest = df["harvest"].to_numpy()
    for cap in (0, 20):
        fam = _families(df, acc, repeat_cap=cap, popular_ratio=10 if cap else 0)
        g = _ring_families(df, fam)
        own = g[(g["outside"] == 0) & (g["holders"] == 6)]
        # nearly every harvest prompt is in one family of the ring's own
        assert own["harvest"].max() >= 0.9 * harvest.sum(), cap
        assert len(g) <= 3, cap


def test_the_cap_still_holds_the_quoted_tasks_in_prompts_of_their_own():
    """The rule is per prompt: a ring account that also sends the tasks on their own (no wrapper text) holds
    their templates through the cap there."""
    df, acc = _pool_world()
    ring = acc >= 1500
    bare = df[ring].copy()
    bare["prompt"] = bare["prompt"].str.extract(r"1\. (.*) 2\. ", expand=False)
    both = pd.concat([df, bare], ignore_index=True)
    fam = _families(both, both["account"].to_numpy(), repeat_cap=20)
    tail = fam[len(df):]
    assert (tail >= 0).mean() > 0.9
    fam0 = _families(both, both["account"].to_numpy(), repeat_cap=0)
    assert (fam0[len(df):] >= 0).mean() < 0.1


def test_a_refresh_keeps_the_wrapper_whole_as_detect_does_with_the_cap():
    """refresh applies the same rule, in a slice of its own and with the families a previous slice registered."""
    from graphhunt.refresh import _assign_templates, _empty_registry

    df, acc = _pool_world()
    cfg, ts, harvest = _capped(df)
    first = np.zeros(len(df), bool)
    for a in np.unique(acc):
        rows = np.flatnonzero(acc == a)
        first[rows[: (len(rows) + 1) // 2]] = True
    out1, reg, reg_sh = _assign_templates(df["prompt"][first].reset_index(drop=True), acc[first], ts[first],
                                          *_empty_registry(), cfg)
    out2, _, _ = _assign_templates(df["prompt"][~first].reset_index(drop=True), acc[~first], ts[~first],
                                   reg, reg_sh, cfg)
    for out, part in ((out1, first), (out2, ~first)):
        ids = pd.Series(out)[harvest[part]]
        assert ids.notna().mean() > 0.9
        assert ids.value_counts(normalize=True).iloc[0] > 0.9


JUDGE = ("You are an impartial judge. Compare the two responses to the question below and decide which is more "
         "helpful, correct and harmless. Question: {q} Response A: {a} Response B: {b}")


def _judge_world(seed: int = 3) -> tuple[pd.DataFrame, np.ndarray]:
    """A judge wrapper that 300 evaluation accounts use (five prompts each, their own questions), and a ring of
    six accounts that put the questions of twenty dataset templates of its own into it (400 prompts each:
    every template in 20 different texts, 5 % of them). A template is longer than the wrapper."""
    rng = np.random.default_rng(seed)

    def words(k: int) -> str:
        return " ".join(rng.choice(WORDS, k))

    datasets = [words(20) + " {x} " + words(18) for _ in range(20)]
    rows = [(a, False, JUDGE.format(q=words(8), a=words(6), b=words(6))) for a in range(300) for _ in range(5)]
    for a in range(1500, 1506):
        for i in rng.permutation(np.repeat(np.arange(20), 20)):
            rows.append((a, True, JUDGE.format(q=datasets[i].format(x=words(3)), a=words(6), b=words(6))))
    df = pd.DataFrame(rows, columns=["account", "harvest", "prompt"])
    return df, df["account"].to_numpy()


def test_the_cap_keeps_templates_rarer_than_the_wrapper_around_them():
    """Text held through the cap is dropped from a prompt with text held through the share only where it is no
    rarer than that text: the ring's dataset templates inside the popular judge wrapper (held by the ring alone)
    narrow its prompts to families of its own; without the cap they all join the evaluators' wrapper family."""
    df, acc = _judge_world()
    harvest = df["harvest"].to_numpy()
    fam = _families(df, acc, repeat_cap=20, popular_ratio=10)
    g = _ring_families(df, fam)
    own = g[(g["outside"] == 0) & (g["holders"] == 6)]
    assert own["harvest"].sum() >= 0.9 * harvest.sum()
    assert len(own) >= 15
    fam0 = _families(df, acc, repeat_cap=0, popular_ratio=10)
    g0 = _ring_families(df, fam0)
    assert g0[g0["outside"] == 0]["harvest"].sum() < 0.1 * harvest.sum()
