from __future__ import annotations

import pytest

import graphhunt as gh
from graphhunt.errors import ConfigError


def test_defaults_roundtrip_dict():
    cfg = gh.load_config()
    again = gh.Config.from_dict(cfg.to_dict())
    assert again == cfg


def test_toml_and_overrides(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("[communities]\nresolution = 0.8\nseed = 7\n[links.weights]\npayment = 2.0\n")
    cfg = gh.load_config(p, ["scoring.threshold=0.7", "links.weights.ip=0.1"])
    assert cfg.communities.resolution == 0.8 and cfg.communities.seed == 7
    assert cfg.links.weights["payment"] == 2.0 and cfg.links.weights["ip"] == 0.1
    assert cfg.links.weights["template"] == 1.0  # untouched keys keep their defaults
    assert cfg.scoring.threshold == 0.7


def test_all_problems_reported_at_once(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text('[communities]\nresolution = -1\nbackend = "spark"\n[nope]\nx = 1\n[links]\ntypes = ["payment", "dna"]\n')
    with pytest.raises(ConfigError) as e:
        gh.load_config(p)
    msg = str(e.value)
    for part in ("resolution", "backend", "[nope]", "dna", str(p)):
        assert part in msg
    assert e.value.exit_code == 3


def test_type_errors():
    with pytest.raises(ConfigError, match="communities.seed must be int"):
        gh.load_config(overrides=["communities.seed=1.5"])
    with pytest.raises(ConfigError, match="section.key=value"):
        gh.load_config(overrides=["resolution"])
    with pytest.raises(ConfigError, match="communities.workers must be >= 0"):
        gh.load_config(overrides=["communities.workers=-1"])
    assert gh.load_config(overrides=["communities.workers=3"]).communities.workers == 3
    with pytest.raises(ConfigError, match="links.evidence_scale.network must be a number > 0"):
        gh.load_config(overrides=["links.evidence_scale.network=0"])
    assert gh.load_config(overrides=["links.evidence_scale.network=4"]).links.evidence_scale == {"network": 4}


def test_bad_toml(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("[communities\n")
    with pytest.raises(ConfigError, match="cannot parse TOML"):
        gh.load_config(p)
