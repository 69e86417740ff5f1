"""prompts.boilerplate_line_share (on by default, 0.25): a whole line of multi-line prompts that more than a quarter
of the accounts sending prompts send (and at least prompts.boilerplate_min_accounts) is left out before tokenising.
A chat log puts a platform's or an SDK's default system message on its own line(s) before every request
(graphhunt.io.chat_message_text); there it joined every template to every other and took the head window's tokens
(session 79; the shingle rule of session 78, prompts.boilerplate_share, stays opt-in: tests/test_prompt_boilerplate.py).
"""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.config import Config, load_config
from graphhunt.links import prompts as P

_SYL = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "so", "du", "fa", "gi", "ho", "be")
WORDS = np.array([a + b + c for a in _SYL for b in _SYL for c in _SYL])
SYSTEM = "You are a helpful, harmless and honest assistant. Answer the user's question clearly and concisely."
TEMPLATES = ["Classify the sentiment of review:", "Translate customs declaration into German:",
             "Extract chemical compound names from:", "Simplify insurance claim summary wording:"]


def _world(seed: int = 0, groups: int = 4, per_group: int = 150, system: str = SYSTEM, slot_words: int = 6,
           sep: str = "\n") -> pd.DataFrame:
    """``groups`` x ``per_group`` accounts, six prompts each of its group's template with free slot text, every
    prompt after the platform's default system message on a line of its own."""
    rng = np.random.default_rng(seed)
    rows = [(g * 1000 + a, g, f"{system}{sep}{TEMPLATES[g]} {' '.join(rng.choice(WORDS, slot_words))}")
            for g in range(groups) for a in range(per_group) for _ in range(6)]
    return pd.DataFrame(rows, columns=["account", "group", "prompt"])


def _families(df: pd.DataFrame, **over) -> np.ndarray:
    opts = P.family_options(dataclasses.replace(Config().prompts, **over))
    return P.template_families(df["prompt"], df["account"].to_numpy(), **opts)[0]


def _per_group(df: pd.DataFrame, fam: np.ndarray) -> tuple[list[int], int]:
    """(families per group, families in all) of the prompts with a family."""
    ok = fam >= 0
    return (pd.Series(fam[ok]).groupby(df["group"].to_numpy()[ok]).nunique().tolist(), len(np.unique(fam[ok])))


def test_a_default_system_message_line_no_longer_merges_templates():
    df = _world()
    fam = _families(df)  # the defaults
    assert (fam >= 0).all()
    assert _per_group(df, fam) == ([1, 1, 1, 1], 4)
    # without it (and without the opt-in shingle rule) the system message merges the templates
    off = _families(df, boilerplate_line_share=0.0)
    assert _per_group(df, off)[1] < 4


def test_the_head_window_is_freed():
    # a 60-word system message fills the 48-token head window and 30 slot words the tail: the template words sit in
    # neither. The shingle rule (session 78) drops the message's text but cannot bring the template back; leaving
    # the line out before the window does
    system = " ".join(f"Rule {w} applies to every answer." for w in WORDS[:12])
    df = _world(system=system, slot_words=30)
    assert _per_group(df, _families(df)) == ([1, 1, 1, 1], 4)
    shingle_rule = _families(df, boilerplate_line_share=0.0, boilerplate_share=0.25)
    assert _per_group(df, shingle_rule) != ([1, 1, 1, 1], 4)


def test_which_lines_count():
    acc = np.repeat(np.arange(600), 2)
    two_lines = pd.Series([f"{SYSTEM}\nquestion {WORDS[i]}" for i in range(1200)])
    found = P.boilerplate_lines(two_lines, acc, 0.25, 500)
    assert len(found) == 1
    # surrounding white space and an empty line do not make it another line
    spaced = pd.Series([f"  {SYSTEM}  \r\n\nquestion {WORDS[i]}" for i in range(1200)])
    assert P.boilerplate_lines(spaced, acc, 0.25, 500).tolist() == found.tolist()
    # the day or the time in the message does not make another line (a run of digits reads as one 0), padded or not
    dated = pd.Series([f"{SYSTEM} Today is November {1 + i % 28}, {i % 24}:00 UTC.\nquestion {WORDS[i]}"
                       for i in range(1200)])
    assert len(P.boilerplate_lines(dated, acc, 0.25, 500)) == 1
    assert P._strip_lines(P._to_arrow(dated[:2]).cast("large_string"),
                          P.boilerplate_lines(dated, acc, 0.25, 500)).to_pylist() == [f"question {WORDS[0]}",
                                                                                     f"question {WORDS[1]}"]
    # a one-line prompt is the whole request: a popular one ("hello") is never cut
    assert len(P.boilerplate_lines(pd.Series([SYSTEM] * 1200), acc, 0.25, 500)) == 0
    # the share and the count: off at 0; 600 holders are fewer than 601; a line of a fifth of the accounts is kept
    assert len(P.boilerplate_lines(two_lines, acc, 0.0, 500)) == 0
    assert len(P.boilerplate_lines(two_lines, acc, 0.25, 601)) == 0
    fifth = pd.Series([f"{SYSTEM if i < 240 else WORDS[i % 300]}\nquestion {WORDS[i]}" for i in range(1200)])
    assert len(P.boilerplate_lines(fifth, acc, 0.25, 100)) == 0
    assert len(P.boilerplate_lines(fifth, acc, 0.15, 100)) == 1
    # a popular template's own short line, in one of each holder's four prompts: template text, kept
    acc4 = np.repeat(np.arange(600), 4)
    rules = pd.Series([f"{'Rules:' if i % 4 == 0 else WORDS[i % 3000]}\nquestion {WORDS[i % 3000]}" for i in range(2400)])
    assert len(P.boilerplate_lines(rules, acc4, 0.25, 500)) == 0
    assert len(P.boilerplate_lines(rules, acc4, 0.25, 500, min_coverage=0.25)) == 1


def test_counted_on_a_sample_of_accounts_above_its_size():
    # 3,000 accounts, counted on about 1,000 of them and scaled: a line of every account is found; one of 30 % at
    # 0.25 but not at 0.35; one of a tenth at 0.05 but not at 0.15 (unscaled, 1,000 sampled holders of the message
    # would miss 0.25 x 3,000 + 1)
    n = 3000
    acc = np.arange(n)
    ids = np.array([f"acct-{i}" for i in range(n)], dtype=object)
    texts = pd.Series([f"{SYSTEM}\n{'Use the house style.' if i % 10 == 0 else WORDS[i % 3000]}\n"
                       f"{'Reply in English.' if i % 10 < 3 else 'q ' + WORDS[-1 - i]}" for i in range(n)])

    def found(share, min_accounts=100, **kw):
        return len(P.boilerplate_lines(texts, acc, share, min_accounts, sample_accounts=1000, **kw))

    assert found(0.25, 500) == 2 and found(0.35, 500) == 1 and found(0.9, 500) == 1  # 30 %: "Reply in English."
    assert found(0.05) == 3 and found(0.15) == 2  # the house style at 10 %
    # the sample follows the account ids, not the codes: codes in another order sample the same accounts
    perm = np.random.default_rng(0).permutation(n)
    h = pd.util.hash_array(ids)
    inv = np.empty(n, np.int64)
    inv[perm] = np.arange(n)
    a = P.boilerplate_lines(texts, acc, 0.05, 100, sample_accounts=1000, account_hash=h)
    b = P.boilerplate_lines(texts, inv[acc], 0.05, 100, sample_accounts=1000, account_hash=h[perm])
    assert a.tolist() == b.tolist()


def test_each_account_is_read_for_its_first_prompts_only():
    # 600 accounts of 500 prompts each, the message in all of them: found on the first 64 of each, and the share of
    # them that carry it is what counts (a line in the first prompts only is not in most of an account's requests)
    acc = np.repeat(np.arange(600), 500)
    texts = pd.Series([f"{SYSTEM}\nq {WORDS[i % 3375]}" for i in range(len(acc))])
    assert len(P.boilerplate_lines(texts, acc, 0.25, 500)) == 1
    early = pd.Series([f"{SYSTEM if i % 500 < 40 else WORDS[i % 3000]}\nq {WORDS[i % 3375]}" for i in range(len(acc))])
    assert len(P.boilerplate_lines(early, acc, 0.25, 500)) == 1  # 40 of the 64 read: over half
    assert len(P.boilerplate_lines(early, acc, 0.25, 500, max_prompts_per_account=0)) == 0  # 40 of 500


def test_every_skeleton_path_leaves_the_line_out():
    # the chunked path in small chunks, and the paths that keep every token (close_gaps, word features) or align
    # families: each prompt's skeleton is made without the message
    df = _world()
    for over in ({"chunk_size": 500}, {"close_gaps": True}, {"features": "words"}, {"align_threshold": 0.8}):
        if "align_threshold" in over:
            pytest.importorskip("rapidfuzz")
        assert _per_group(df, _families(df, **over)) == ([1, 1, 1, 1], 4), over


def test_a_ring_of_more_than_a_quarter_loses_its_line_with_a_warning(caplog):
    # the rule cannot tell a ring's template line from a platform's message when the ring is over a quarter of the
    # input (an export of suspect accounts): documented, and said in a warning that names the way out
    df = _world()  # every account's prompts carry the message: as a ring of all of them would
    with caplog.at_level("WARNING", logger="graphhunt"):
        _families(df)
    assert "set prompts.boilerplate_line_share=0" in caplog.text and "helpful" not in caplog.text


def test_stripping_keeps_the_other_lines_and_requests_that_are_all_boilerplate():
    acc = np.repeat(np.arange(600), 2)
    texts = pd.Series([f"{SYSTEM}\nquestion {WORDS[i]}" for i in range(1200)])
    lines = P.boilerplate_lines(texts, acc, 0.25, 500)
    arr = P._to_arrow(pd.Series([f"{SYSTEM}\nquestion one\n{SYSTEM}\n  second  line", SYSTEM, f"{SYSTEM}\n{SYSTEM}",
                                 "no system message\nhere", None])).cast("large_string")
    out = P._strip_lines(arr, lines).to_pylist()
    assert out == ["question one\n  second  line", SYSTEM, f"{SYSTEM}\n{SYSTEM}", "no system message\nhere", None]


def test_small_inputs_keep_their_text():
    # 4 x 100 accounts: the message is held by all 400, fewer than boilerplate_min_accounts (500), so it stays
    # (three test accounts may well share one template line)
    df = _world(per_group=100)
    assert len(P.boilerplate_lines(df["prompt"], df["account"].to_numpy(), 0.25, 500)) == 0
    assert _per_group(df, _families(df))[1] < 4
    assert _per_group(df, _families(df, boilerplate_min_accounts=50)) == ([1, 1, 1, 1], 4)


def test_detect_on_a_chat_log_with_a_default_system_message_by_default(caplog):
    """The bundled sample, every prompt sent as a chat list after one platform-wide system message, with the
    defaults: the same template families and the same flagged accounts as the plain sample; the log says a line
    was left out, without its text."""
    ev = gh.load_events("data/sample/events.csv.gz")
    acc = gh.load_accounts("data/sample/accounts.csv")
    chat = ev.assign(prompt=[None if p is None or p is pd.NA else json.dumps(
        [{"role": "system", "content": SYSTEM}, {"role": "user", "content": p}]) for p in ev["prompt"].tolist()])
    plain = gh.detect(ev, accounts=acc)
    with caplog.at_level("INFO", logger="graphhunt"):
        res = gh.detect(chat, accounts=acc)
    assert "prompts: 1 line(s) that more than 25% of the accounts sending prompts" in caplog.text
    assert "helpful, harmless" not in caplog.text
    top = res.rings.sort_values("size", ascending=False).iloc[0]
    assert top["flagged"] and top["f_template_concentration"] >= 0.9
    assert set(res.accounts.loc[res.accounts["flagged"], "account_id"]) == set(
        plain.accounts.loc[plain.accounts["flagged"], "account_id"])
    # the lines left, as written, are the plain prompts: the same families (2,207 when measured), the same ids
    assert sorted(res.templates["template_id"]) == sorted(plain.templates["template_id"])
    assert not res.templates["exemplar"].str.contains("helpful, harmless", case=False).any()


def _slice(path, per_group: int, day: int, prefix: str, seed: int, system: str = SYSTEM) -> None:
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2026-11-01", tz="UTC") + pd.Timedelta(days=day)
    rows = [(f"{prefix}{g}-{a}", t0 + pd.Timedelta(minutes=a * 7 + k * 60 + g), f"203.{g}.{a % 250}.{k + 1}",
             f"{system}\n{TEMPLATES[g]} {' '.join(rng.choice(WORDS, 6))}")
            for g in range(4) for a in range(per_group) for k in range(6)]
    pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "prompt"]).to_csv(path, index=False)


def _state_families(state, prefix: str) -> pd.DataFrame:
    m = json.loads((state / "manifest.json").read_text())
    ev = pd.concat([pd.read_parquet(state / s["file"]) for s in m["segments"]])
    ev = ev[ev["account_id"].str.startswith(prefix)]
    return pd.crosstab(ev["template_id"].fillna("none"), ev["account_id"].str[len(prefix)])


def test_refresh_leaves_the_line_out_and_keeps_it_for_later_slices(tmp_path):
    """A refresh slice of 600 accounts behind one system message: four families, one per template, as detect. The
    state keeps the line's hash (not its text), so a later slice of 40 accounts, too small to find it, leaves it out
    too and its prompts join the same four families."""
    from graphhunt.refresh import refresh

    big, small = tmp_path / "big.csv", tmp_path / "small.csv"
    _slice(big, 150, 0, "u", 1)
    _slice(small, 10, 1, "late", 2)
    assert refresh(tmp_path / "state", big, out=tmp_path / "out").applied
    tab = _state_families(tmp_path / "state", "u")
    assert (tab > 0).sum(axis=0).tolist() == [1, 1, 1, 1] and len(tab) == 4
    manifest = (tmp_path / "state" / "manifest.json").read_text()
    assert len(json.loads(manifest)["boilerplate_lines"]) == 1 and "helpful" not in manifest
    assert refresh(tmp_path / "state", small, out=tmp_path / "out2").applied
    late = _state_families(tmp_path / "state", "late")
    assert (late > 0).sum(axis=0).tolist() == [1, 1, 1, 1] and sorted(late.index) == sorted(tab.index)
    # a state without the line (a fresh one, on the small slice alone) merges the templates
    assert refresh(tmp_path / "fresh", small, out=tmp_path / "out3").applied
    assert len(_state_families(tmp_path / "fresh", "late")) < 4


def test_a_reasoning_request_in_the_message_is_no_request_of_the_accounts(tmp_path):
    """"Think step by step." in a default system message flagged every request as asking for reasoning; the flags
    are read without the message's lines, in detect (the sample's rings keep their reasoning rates) and refresh."""
    from graphhunt.refresh import refresh

    cot = SYSTEM + " Think step by step before you answer."
    ev = gh.load_events("data/sample/events.csv.gz")
    acc = gh.load_accounts("data/sample/accounts.csv")
    chat = ev.assign(prompt=[None if p is None or p is pd.NA else json.dumps(
        [{"role": "system", "content": cot}, {"role": "user", "content": p}]) for p in ev["prompt"].tolist()])
    plain, res = gh.detect(ev, accounts=acc), gh.detect(chat, accounts=acc)
    rates = ["ring_id", "reasoning_rate", "f_reasoning"]
    pd.testing.assert_frame_equal(res.rings[rates].sort_values("ring_id", ignore_index=True),
                                  plain.rings[rates].sort_values("ring_id", ignore_index=True))
    assert (plain.rings["reasoning_rate"] < 0.9).any()  # (not every ring asks for reasoning anyway)
    off = gh.detect(chat, accounts=acc, config=load_config(overrides=["prompts.boilerplate_line_share=0"]))
    assert (off.rings["reasoning_rate"].fillna(1) >= 0.99).all()  # what the message did without the rule
    _slice(tmp_path / "s.csv", 150, 0, "u", 3, system=cot)
    assert refresh(tmp_path / "state", tmp_path / "s.csv", out=tmp_path / "out").applied
    m = json.loads((tmp_path / "state" / "manifest.json").read_text())
    stored = pd.concat([pd.read_parquet(tmp_path / "state" / s["file"]) for s in m["segments"]])
    assert not stored["reasoning"].fillna(True).any()
