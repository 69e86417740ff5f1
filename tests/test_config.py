from __future__ import annotations

import pandas as pd
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
    for bad in ("0", "-1", "nan", "inf", "true", '"8"'):  # nan passed "v <= 0" and made network edges NaN
        with pytest.raises(ConfigError, match="links.evidence_scale.network must be a finite number > 0"):
            gh.load_config(overrides=[f"links.evidence_scale.network={bad}"])
    assert gh.load_config(overrides=["links.evidence_scale.network=4"]).links.evidence_scale == {"network": 4}


def test_evidence_scale_table_in_a_file_merges_with_the_defaults(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("[links.evidence_scale]\nip = 2.5\n")
    assert gh.load_config(p).links.evidence_scale == {"network": 8.0, "ip": 2.5}
    p.write_text("[links.evidence_scale]\nnetwork = nan\n")
    with pytest.raises(ConfigError, match="links.evidence_scale.network must be a finite number > 0"):
        gh.load_config(p)


def test_bad_toml(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("[communities\n")
    with pytest.raises(ConfigError, match="cannot parse TOML"):
        gh.load_config(p)


def test_misspelt_weight_keys_are_refused_not_silently_ignored():
    with pytest.raises(ConfigError, match=r"links.weights: unknown link type 'paymnt'"):
        gh.load_config(overrides={"links.weights": {"paymnt": 3}})
    with pytest.raises(ConfigError, match=r"scoring.weights: unknown feature 'volumee'"):
        gh.load_config(overrides={"scoring.weights": {"volumee": 1.0}})
    with pytest.raises(ConfigError, match=r"links.evidence_scale: unknown link type 'netwrok'"):
        gh.load_config(overrides=["links.evidence_scale.netwrok=2"])
    cfg = gh.load_config(overrides={"links.weights": {"generic:device_id": 0.5, "schedule": 0.5}})
    assert cfg.links.weights["generic:device_id"] == 0.5 and cfg.links.weights["schedule"] == 0.5


def test_numpy_scalars_and_whole_floats_from_a_sweep_are_accepted():
    import numpy as np

    for seed in np.arange(2, 4):
        assert gh.Detector(seed=seed)._resolved_config().communities.seed == int(seed)
    cfg = gh.load_config(overrides={"communities.seed": 42.0, "communities.resolution": np.float32(0.5)})
    assert cfg.communities.seed == 42 and type(cfg.communities.seed) is int and cfg.communities.resolution == 0.5
    with pytest.raises(ConfigError, match="communities.seed must be int"):
        gh.load_config(overrides={"communities.seed": 1.5})


@pytest.mark.parametrize("override, words", [
    ("communities.resolution=nan", "communities.resolution must be a finite number"),
    ("communities.resolution=inf", "communities.resolution must be a finite number"),
    ("scoring.midpoint=nan", "scoring.midpoint must be a finite number"),
    ("scoring.weights.volume=nan", "scoring.weights.volume must be a finite number"),
    ("links.weights.payment=nan", "links.weights.payment must be a finite number"),
    ("communities.core_density_factor=nan", "communities.core_density_factor must be a finite number"),
    ("scoring.slope=0", "scoring.slope must be > 0"),
    ("scoring.slope=-1", "scoring.slope must be > 0"),
    ("communities.n_iterations=0", "communities.n_iterations must be >= 1"),
    ("input.max_prompt_chars=0", "input.max_prompt_chars must be >= 1"),
    ("input.max_prompt_chars=-1", "input.max_prompt_chars must be >= 1"),
    ("scoring.burst_window_hours=-1", "scoring.burst_window_hours must be > 0"),
    ("scoring.template_member_fraction=1.5", "scoring.template_member_fraction must be in [0, 1]"),
    ("scoring.infrastructure_pair_share=0", "scoring.infrastructure_pair_share must be in (0, 1]"),
])
def test_values_that_silently_turned_stages_off_are_refused(override, words):
    """Each of these ran with exit 0 and changed the result (no rings, every ring at 0.5, the ranking
    inverted, no template families; QA, session 23), or is out of its range."""
    with pytest.raises(ConfigError) as e:
        gh.load_config(overrides=[override])
    assert words in str(e.value) and e.value.exit_code == 3


def test_n_iterations_minus_one_and_stored_configs_still_load(tmp_path):
    import json

    assert gh.load_config(overrides=["communities.n_iterations=-1"]).communities.n_iterations == -1
    assert gh.load_config(overrides=["communities.n_iterations=-2"]).communities.n_iterations == -2
    assert gh.load_config(overrides=["scoring.template_member_fraction=0"]).scoring.template_member_fraction == 0
    # a run.json (its config block) or a bare JSON config repeats a run's settings
    cfg = gh.load_config(overrides=["communities.resolution=0.5", "scoring.threshold=0.7"])
    (tmp_path / "run.json").write_text(json.dumps({"created_at": "x", "config": cfg.to_dict()}))
    (tmp_path / "bare.json").write_text(json.dumps(cfg.to_dict()))
    assert gh.load_config(tmp_path / "run.json") == cfg == gh.load_config(tmp_path / "bare.json")
    # a run from before a feature existed stored no weight for it: that run gave it 0, and --config
    # run.json repeats it; a TOML file's partial table still merges onto the defaults
    old = cfg.to_dict()
    del old["scoring"]["weights"]["episodic"], old["links"]["weights"]["payment"], old["scoring"]["payment_org"]
    del old["input"]["hosting_ranges"], old["scoring"]["reasoning_needs_long_answers"]
    del old["scoring"]["reasoning_baseline_per_account"], old["scoring"]["harvest_unmeasured_level"]
    (tmp_path / "old-run.json").write_text(json.dumps({"created_at": "x", "config": old}))
    got = gh.load_config(tmp_path / "old-run.json")
    assert got.scoring.weights["episodic"] == 0.0 and got.links.weights["payment"] == 0.0
    # ... and a switch added since (session 45's scoring.payment_org) is off, as it was for that run
    assert got.scoring.payment_org is False and cfg.scoring.payment_org is True
    assert got.input.hosting_ranges == "off" and cfg.input.hosting_ranges == "auto"  # session 46
    assert got.scoring.reasoning_needs_long_answers is False and cfg.scoring.reasoning_needs_long_answers is True
    assert got.scoring.reasoning_baseline_per_account is False and cfg.scoring.reasoning_baseline_per_account  # s47
    # session 53: a run before it counted unmeasured answer lengths at the neutral level in the harvest cap
    assert got.scoring.harvest_unmeasured_level == pytest.approx(7.2 / 12) and cfg.scoring.harvest_unmeasured_level == 0
    assert {k: v for k, v in got.scoring.weights.items() if k != "episodic"} == {
        k: v for k, v in cfg.scoring.weights.items() if k != "episodic"}
    assert cfg.scoring.weights["episodic"] < 0 and cfg.links.weights["payment"] > 0
    (tmp_path / "part.toml").write_text("[scoring.weights]\nvolume = 2.5\n")
    part = gh.load_config(tmp_path / "part.toml").scoring.weights
    assert part["volume"] == 2.5 and part["episodic"] == gh.Config().scoring.weights["episodic"]
    assert gh.load_config(tmp_path / "part.toml").scoring.payment_org is True
    (tmp_path / "bad.json").write_text("{nope")
    with pytest.raises(ConfigError, match="cannot parse JSON"):
        gh.load_config(tmp_path / "bad.json")
    (tmp_path / "list.json").write_text("[1]")
    with pytest.raises(ConfigError, match="must be an object"):
        gh.load_config(tmp_path / "list.json")


@pytest.mark.parametrize("section,key,value,words", [
    ("communities", "resolution", float("nan"), "communities.resolution must be a finite number"),
    ("scoring", "threshold", float("nan"), "scoring.threshold"),
    ("scoring", "slope", 0, "scoring.slope must be > 0"),
    ("communities", "resolution", "abc", "communities.resolution must be float"),
])
def test_a_config_object_changed_in_python_is_checked_by_fit_and_refresh(section, key, value, words, tmp_path):
    """A QA pass: `cfg.communities.resolution = nan` then Detector(config=cfg).fit(...) ran with 0 rings and
    no error, `cfg.scoring.slope = 0` flagged other accounts; --set and TOML refuse both."""
    from graphhunt.refresh import refresh

    cfg = gh.Config()
    setattr(getattr(cfg, section), key, value)
    ev = pd.DataFrame({"account_id": ["a", "b"], "timestamp": ["2026-11-01T00:00:00Z"] * 2})
    with pytest.raises(ConfigError, match=words):
        gh.Detector(config=cfg).fit(ev)
    with pytest.raises(ConfigError, match=words):
        gh.Detector(config=cfg, seed=3).fit(ev)
    ev.to_csv(tmp_path / "e.csv", index=False)
    with pytest.raises(ConfigError, match=words):
        refresh(tmp_path / "state", tmp_path / "e.csv", config=cfg)
    assert not (tmp_path / "state").exists()


def test_checked_keeps_the_object_as_it_runs(tmp_path):
    """A review: checking by rebuilding the Config merged tables onto the defaults (a weight deleted in
    Python came back at its default) and refused values that run fine (a tuple of link types, numpy
    numbers in a table). A later QA pass: such a Config, stored in run.json, did not repeat the run (the
    deleted weight came back on reload; numpy numbers were stored as strings and refused). The object is
    normalised in place to what the run uses: the deleted weight is 0, numbers are Python numbers."""
    import json

    import numpy as np

    from graphhunt.sinks.files import write_result

    cfg = gh.Config()
    del cfg.scoring.weights["shared_infrastructure"]
    del cfg.links.evidence_scale["network"]
    cfg.links.types = tuple(cfg.links.types)
    cfg.links.weights["payment"] = np.float32(2.0)
    cfg.communities.seed = np.int64(7)
    assert cfg.checked() is cfg and gh.Detector(config=cfg)._resolved_config() is cfg
    assert cfg.scoring.weights["shared_infrastructure"] == 0.0 and cfg.links.evidence_scale["network"] == 1.0
    assert type(cfg.links.weights["payment"]) is float and type(cfg.communities.seed) is int
    assert cfg.links.types == list(gh.Config().links.types)
    # run.json of a run with this config loads back as the same config
    ev = pd.DataFrame({"account_id": ["a", "b", "c"], "timestamp": ["2026-01-01T00:00:00Z"] * 3, "ip": ["1.2.3.4"] * 3})
    write_result(gh.detect(ev, config=cfg), tmp_path / "o")
    loaded = gh.load_config(tmp_path / "o" / "run.json")
    for k in ("asn_db", "asn_names", "hosting_ranges"):  # "auto" comes back as the tables it found (session 50)
        setattr(loaded.input, k, getattr(cfg.input, k))
    assert loaded == cfg
    assert json.loads((tmp_path / "o" / "run.json").read_text())["config"]["communities"]["seed"] == 7


@pytest.mark.parametrize("setting", [
    "prompts.bands=0", "prompts.num_perm=0", "prompts.num_perm=-16", "prompts.bands=-4", "prompts.seed=-1",
    "links.full_usage_share.template='x'", "links.full_usage_share.template=5", "links.full_usage_share.template=-1",
    "links.max_pair_incidences=0", "links.types=[]", "prompts.min_words=-3", "links.schedule_min_events=-1",
    "links.min_events_per_attribute=0", "links.weights.payment=true", "input.column_map.ip=3",
])
def test_values_that_crashed_or_turned_detection_off_are_refused(setting):
    """A QA pass: each of these passed the checks and then crashed with a traceback (bands=0 divided by
    zero in the checks themselves, num_perm=0 in the LSH, seed=-1 in numpy) or ran with exit 0 and no
    rings (max_pair_incidences=0, an empty list of link types)."""
    with pytest.raises(ConfigError) as e:
        gh.load_config(overrides=[setting])
    assert setting.split("=")[0].rsplit(".", 1)[0] in str(e.value) and e.value.exit_code == 3


@pytest.mark.parametrize("setting", ["links.types=['ip', 'payment', 'ip']",
                                     "links.generic_columns=['device_id', 'device_id']"])
def test_a_link_type_or_column_listed_twice_is_refused(setting, tmp_path):
    """A tester: `types = ["ip", "ip"]` (or a generic column listed twice) passed the checks and detect crashed
    with a traceback (exit 1: "cannot reindex on an axis with duplicate labels")."""
    with pytest.raises(ConfigError, match="more than once") as e:
        gh.load_config(overrides=[setting])
    assert setting.split("=")[0] in str(e.value) and e.value.exit_code == 3


def test_one_column_mapped_to_two_canonical_columns_is_refused(tmp_path):
    """A tester: --map ip=client_ip --map payment_method=client_ip ran with exit 0, read the addresses as
    payment methods only and warned "no 'ip' column in the input": the explicit ip mapping was dropped."""
    with pytest.raises(ConfigError, match="ip=client_ip and payment_method=Client_IP map one column") as e:
        gh.load_config(overrides=["input.column_map.ip=client_ip", "input.column_map.payment_method=Client_IP"])
    assert e.value.exit_code == 3
    cfg = gh.load_config(overrides=["input.column_map.ip=client_ip", "input.column_map.payment_method=card"])
    assert cfg.input.column_map == {"ip": "client_ip", "payment_method": "card"}


def test_the_prompt_column_cannot_be_a_generic_link_column():
    """A tester: links.generic_columns = ["prompt"] ran and wrote every raw prompt as an attribute name into
    incidence.parquet, shared.csv and report.html (and Neo4j), against "only template ids, hashes and redacted
    exemplars are ever written out"."""
    with pytest.raises(ConfigError, match="'prompt' cannot be a generic column") as e:
        gh.load_config(overrides=["links.generic_columns=['device_id', 'prompt']"])
    assert e.value.exit_code == 3


def test_no_link_types_is_fine_with_generic_columns():
    cfg = gh.load_config(overrides=["links.types=[]", "links.generic_columns=['device_id']"])
    assert cfg.links.types == []


@pytest.mark.parametrize("field,value,words", [
    ("prompts.enabled", "false", "prompts.enabled must be bool"),  # a truthy string: prompts stayed on
    ("communities.seed", "1", "communities.seed must be int"),
    ("links.network_crowd", 0, "links.network_crowd must be bool"),
    ("links.types", "payment", "links.types must be a list of strings"),  # was 7 "unknown link type 'p'"
])
def test_config_object_values_get_the_loaders_type_checks(field, value, words):
    cfg = gh.Config()
    sec, key = field.split(".")
    setattr(getattr(cfg, sec), key, value)
    with pytest.raises(ConfigError, match=words):
        cfg.checked()
    with pytest.raises(ConfigError, match=words):
        gh.Detector(config=cfg)._resolved_config()


def test_config_from_a_mapping_and_a_toml_with_a_byte_order_mark(tmp_path):
    cfg = gh.load_config({"communities": {"resolution": 0.5}})
    assert cfg.communities.resolution == 0.5
    with pytest.raises(ConfigError, match="resolutio"):
        gh.load_config({"communities": {"resolutio": 0.5}})
    p = tmp_path / "c.toml"
    p.write_bytes("\ufeff[communities]\nresolution = 0.6\n".encode("utf-8"))  # Notepad's UTF-8
    assert gh.load_config(p).communities.resolution == 0.6
    ev = pd.DataFrame({"account_id": ["a", "b", "c"], "timestamp": ["2026-01-01T00:00:00Z"] * 3, "ip": ["1.2.3.4"] * 3})
    assert gh.detect(ev, config={"communities": {"min_ring_size": 2}}).config.communities.min_ring_size == 2


def test_hub_group_settings_checked():
    for bad in ("0", "-0.1", "1.5"):
        with pytest.raises(ConfigError, match="links.hub_group_jaccard must be in"):
            gh.load_config(overrides=[f"links.hub_group_jaccard={bad}"])
    with pytest.raises(ConfigError, match="links.hub_group_max_accounts must be >= 0"):
        gh.load_config(overrides=["links.hub_group_max_accounts=-1"])
    assert gh.load_config(overrides=["links.hub_group_max_accounts=0"]).links.hub_group_max_accounts == 0
    for bad in ("1", "-2"):
        with pytest.raises(ConfigError, match="links.hub_group_lockstep must be 0"):
            gh.load_config(overrides=[f"links.hub_group_lockstep={bad}"])
