"""prompts.popular_ratio: a phrase the whole population writes, inside a rarer template's prompts, is not part of
that template's skeleton, so it does not split the template into one family with the phrase and one without."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from graphhunt.config import Config
from graphhunt.links import prompts as P

_SYL = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "so", "du", "fa", "gi", "ho", "be")
WORDS = np.array([a + b + c for a in _SYL for b in _SYL for c in _SYL])

WRAPPER = "You are the help desk assistant of our store. Customer writes:"
PHRASES = ["I want you to act as a travel guide and plan", "Your task is to summarize the following notes about"]


def _world(seed: int = 0) -> pd.DataFrame:
    """600 ordinary accounts that write the two popular phrases among free text (two prompts each), and five apps
    of one wrapper: a third of their prompts quote a popular phrase after the wrapper, the rest free text."""
    rng = np.random.default_rng(seed)

    def free(k: int) -> str:
        return " ".join(rng.choice(WORDS, k))

    rows = []
    for a in range(600):
        for _ in range(2):
            rows.append((a, f"{PHRASES[int(rng.integers(2))]} {free(8)}"))
    for a in range(1000, 1005):
        for i in range(60):
            body = f"{PHRASES[i % 2]} {free(6)}" if i % 3 == 0 else free(10)
            rows.append((a, f"{WRAPPER} {body}"))
    return pd.DataFrame(rows, columns=["account", "prompt"])


def _app_families(df: pd.DataFrame, **over) -> pd.Series:
    acc = df["account"].to_numpy()
    fam, _ = P.template_families(df["prompt"], acc, **P.family_options(dataclasses.replace(Config().prompts, **over)))
    apps = acc >= 1000
    return pd.Series(fam[apps])


def test_a_popular_phrase_splits_the_apps_template_without_the_ratio():
    fam = _app_families(_world(), popular_ratio=0.0)
    assert (fam >= 0).all()
    assert fam.nunique() >= 2


def test_with_the_ratio_the_apps_hold_one_family():
    df = _world()
    fam = _app_families(df, popular_ratio=10.0)
    assert (fam >= 0).all()
    assert fam.nunique() == 1
    # the ordinary accounts' popular phrases stay families of their own, apart from the apps'
    acc = df["account"].to_numpy()
    all_fam, _ = P.template_families(df["prompt"], acc, **P.family_options(
        dataclasses.replace(Config().prompts, popular_ratio=10.0)))
    ordinary = pd.Series(all_fam[acc < 1000])
    assert (ordinary >= 0).mean() > 0.9
    assert not ordinary.isin(fam.unique()).any()


def test_the_ratio_is_checked():
    cfg = Config()
    cfg.prompts.popular_ratio = -1.0
    assert any("prompts.popular_ratio" in p for p in cfg.problems())
    cfg.prompts.popular_ratio = 0.5
    assert any("prompts.popular_ratio" in p for p in cfg.problems())


def test_a_refresh_drops_the_popular_phrase_as_detect_does():
    """refresh decides a slice's template text with the same ratio: the apps' prompts get one template id."""
    from graphhunt.refresh import _assign_templates, _empty_registry

    df = _world()
    acc = df["account"].to_numpy()
    ts = 1_790_000_000 + np.arange(len(df), dtype=np.int64)
    apps = acc >= 1000
    ids = {}
    for ratio in (0.0, 10.0):
        cfg = Config()
        cfg.prompts.popular_ratio = ratio
        out, _, _ = _assign_templates(df["prompt"], acc, ts, *_empty_registry(), cfg)
        ids[ratio] = pd.Series(out)[apps]
    assert ids[10.0].notna().all() and ids[10.0].nunique() == 1
    assert ids[0.0].nunique() >= 2
    # the state records the ratio: a state written with another one asks for a new state directory
    from graphhunt.refresh import _STATE_CONFIG_BEFORE, _state_config

    cfg = Config()
    cfg.prompts.popular_ratio = 10.0
    assert _state_config(cfg)["popular_ratio"] == 10.0
    assert _STATE_CONFIG_BEFORE["popular_ratio"] == 0.0  # what states written before the setting did
