"""prompts.boilerplate_share: text the whole platform sends (a chat API's default system message) is no template
text, so it no longer joins every prompt's skeleton to every other's (session 78; session 76's analyst: one 16-word system message before every sample prompt
made 523 template families instead of 2,207 and took the planted ring's template concentration from 1.0 to 0.25).
A chat log's messages stay in their order, system message first (reading it last was measured and dropped:
docs/PROMPTS.md, "Boilerplate")."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

import graphhunt as gh
from graphhunt.config import Config, ConfigError, load_config
from graphhunt.links import prompts as P

_SYL = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "so", "du", "fa", "gi", "ho", "be")
WORDS = np.array([a + b + c for a in _SYL for b in _SYL for c in _SYL])
SYSTEM = "You are a helpful, harmless and honest assistant. Answer the user's question clearly and concisely."
TEMPLATES = ["Classify the sentiment of review:", "Translate customs declaration into German:",
             "Extract chemical compound names from:", "Simplify insurance claim summary wording:"]


def _world(seed: int = 0, groups: int = 4, per_group: int = 150) -> pd.DataFrame:
    """``groups`` x ``per_group`` accounts, each sending six prompts of its group's template with free slot text,
    every prompt after the platform's default system message."""
    rng = np.random.default_rng(seed)
    rows = [(g * 1000 + a, g, f"{SYSTEM}\n{TEMPLATES[g]} {' '.join(rng.choice(WORDS, 6))}")
            for g in range(groups) for a in range(per_group) for _ in range(6)]
    return pd.DataFrame(rows, columns=["account", "group", "prompt"])


def _families(df: pd.DataFrame, **over) -> np.ndarray:
    # the shingle rule alone (the line rule, on by default since session 79, is tests/test_prompt_boilerplate_lines.py)
    opts = P.family_options(dataclasses.replace(Config().prompts, **{"boilerplate_share": 0.25,
                                                                     "boilerplate_line_share": 0.0, **over}))
    return P.template_families(df["prompt"], df["account"].to_numpy(), **opts)[0]


def test_a_default_system_message_no_longer_merges_templates():
    df = _world()
    fam = _families(df)
    assert (fam >= 0).all()
    by_group = pd.Series(fam).groupby(df["group"].to_numpy()).nunique()
    assert by_group.tolist() == [1, 1, 1, 1]  # each group's prompts are one family ...
    assert len(np.unique(fam)) == 4  # ... of its own
    # without the rule the shared system message makes the skeletons alike and the templates merge
    off = _families(df, boilerplate_share=0.0)
    assert len(np.unique(off[off >= 0])) < 4


def test_the_rule_needs_both_the_share_and_the_count():
    # 4 x 100 accounts: the system message is held by every one of 400, fewer than boilerplate_min_accounts (500):
    # not boilerplate, and a small input keeps what it has (three test accounts may well share one template)
    df = _world(per_group=100)
    assert P.boilerplate_holders(df["account"].to_numpy(), 0.25, 500) == 500
    assert len(np.unique(_families(df))) == len(np.unique(_families(df, boilerplate_share=0.0)))
    # with the count lowered, the share decides: a template of a quarter of the accounts stays template text
    fam = _families(df, boilerplate_min_accounts=50)
    assert pd.Series(fam).groupby(df["group"].to_numpy()).nunique().tolist() == [1, 1, 1, 1]
    assert len(np.unique(fam)) == 4
    assert P.boilerplate_holders(df["account"].to_numpy(), 0.0, 500) == 0  # off


def test_settings_are_checked_and_old_runs_repeat_without_the_rule(tmp_path):
    with pytest.raises(ConfigError, match="prompts.boilerplate_share must be between 0"):
        load_config(overrides=["prompts.boilerplate_share=1.5"])
    with pytest.raises(ConfigError, match="prompts.boilerplate_min_accounts must be at least 2"):
        load_config(overrides=["prompts.boilerplate_min_accounts=1"])
    with pytest.raises(ConfigError, match="prompts.boilerplate_line_share must be between 0"):
        load_config(overrides=["prompts.boilerplate_line_share=-0.1"])
    # a run.json written before a setting existed repeats with it off; the shingle rule is opt-in, the line rule
    # (session 79, tests/test_prompt_boilerplate_lines.py) on by default
    for setting, default in (("boilerplate_share", 0.0), ("boilerplate_line_share", 0.25)):
        run = tmp_path / f"{setting}.json"
        data = dataclasses.asdict(Config())
        del data["prompts"][setting]
        run.write_text(json.dumps({"config": data}))
        assert getattr(load_config(run).prompts, setting) == 0.0
        assert getattr(load_config().prompts, setting) == default  # (docs/PROMPTS.md, "Boilerplate")


def test_detect_on_a_chat_log_with_a_default_system_message(tmp_path):
    """The bundled sample, every prompt sent as a chat list after one platform-wide system message: the planted
    ring keeps its template concentration (1.0 on the plain sample), and the same accounts are flagged."""
    ev = gh.load_events("data/sample/events.csv.gz")
    acc = gh.load_accounts("data/sample/accounts.csv")
    chat = ev.assign(prompt=[None if p is None or p is pd.NA else json.dumps(
        [{"role": "system", "content": SYSTEM}, {"role": "user", "content": p}]) for p in ev["prompt"].tolist()])
    on = load_config(overrides=["prompts.boilerplate_share=0.25", "prompts.boilerplate_line_share=0"])
    plain = gh.detect(ev, accounts=acc, config=on)
    res = gh.detect(chat, accounts=acc, config=on)
    top = res.rings.sort_values("size", ascending=False).iloc[0]
    assert top["flagged"] and top["f_template_concentration"] >= 0.9
    assert set(res.accounts.loc[res.accounts["flagged"], "account_id"]) == set(
        plain.accounts.loc[plain.accounts["flagged"], "account_id"])
    assert len(res.templates) >= 0.9 * len(plain.templates)  # 2,273 and 2,228 families when measured
    off = gh.detect(chat, accounts=acc, config=load_config(overrides=["prompts.boilerplate_share=0",
                                                                      "prompts.boilerplate_line_share=0"]))
    top_off = off.rings.sort_values("size", ascending=False).iloc[0]
    assert top_off["f_template_concentration"] < 0.5  # what the system message did before (0.25 and 0.31) ...
    assert len(off.templates) < 0.5 * len(plain.templates)  # ... in a quarter of the families (523 and 595)


def test_refresh_keeps_boilerplate_out_of_families_registered_before(tmp_path):
    """A family registered from a slice too small for the rule (40 accounts) holds the system message's shingles;
    in a later slice of 600 accounts they are no template text either, so that slice's four templates stay four
    families, as in a state that starts with it (a review, session 78: they merged again)."""
    from graphhunt.refresh import refresh

    rng = np.random.default_rng(1)

    def slice_(per_group: int, day: int, prefix: str) -> pd.DataFrame:
        t0 = pd.Timestamp("2026-11-01", tz="UTC") + pd.Timedelta(days=day)
        rows = [(f"{prefix}{g}-{a}", t0 + pd.Timedelta(minutes=a * 7 + k * 60 + g), f"203.{g}.{a % 250}.{k + 1}",
                 f"{SYSTEM}\n{TEMPLATES[g]} {' '.join(rng.choice(WORDS, 6))}")
                for g in range(4) for a in range(per_group) for k in range(6)]
        return pd.DataFrame(rows, columns=["account_id", "timestamp", "ip", "prompt"])

    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    slice_(10, 0, "early").to_csv(small, index=False)
    slice_(150, 1, "late").to_csv(big, index=False)
    on = load_config(overrides=["prompts.boilerplate_share=0.25", "prompts.boilerplate_line_share=0"])
    refresh(tmp_path / "a", small, out=tmp_path / "out-a1", config=on)
    after_small = refresh(tmp_path / "a", big, out=tmp_path / "out-a2", config=on)
    alone = refresh(tmp_path / "b", big, out=tmp_path / "out-b", config=on)
    assert after_small.applied and alone.applied

    def families(state):
        m = json.loads((state / "manifest.json").read_text())
        ev = pd.concat([pd.read_parquet(state / s["file"]) for s in m["segments"]])
        ev = ev[ev["account_id"].str.startswith("late")]
        return pd.crosstab(ev["template_id"].fillna("none"), ev["account_id"].str[4])

    a, b = families(tmp_path / "a"), families(tmp_path / "b")
    assert (a > 0).sum(axis=0).tolist() == [1, 1, 1, 1] and len(a) == 4  # one family per template, four in all
    assert a.equals(b)
