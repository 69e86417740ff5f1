"""One typed configuration object: defaults, a TOML file, and overrides.

The resolved config is stored with every result (``run.json``) so a run can be
reproduced. Sources, lowest to highest precedence: the defaults below, a TOML
file given explicitly (never picked up from the working directory), then
``section.key=value`` overrides (the CLI's ``--set``). All problems are collected
and raised together as one :class:`~graphhunt.errors.ConfigError`.

Example TOML::

    [links]
    ip_window_minutes = 60
    hub_max_accounts = 500

    [links.weights]
    payment = 1.0
    template = 1.0

    [communities]
    resolution = 0.5
    seed = 42

    [scoring]
    requests_per_day_limit = 1000
"""
from __future__ import annotations

import dataclasses
import json
import logging
import math
import numbers
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from .errors import ConfigError

log = logging.getLogger(__name__)

__all__ = [
    "Config",
    "InputConfig",
    "LinkConfig",
    "PromptConfig",
    "CommunityConfig",
    "ScoringConfig",
    "load_config",
]


@dataclass
class InputConfig:
    """How input files are read."""

    #: canonical name -> column name in the user's file (e.g. {"ip": "client_ip"})
    column_map: dict[str, str] = field(default_factory=dict)
    #: what to do with rows whose timestamp or IP cannot be parsed: "error" or "drop"
    bad_rows: str = "error"
    #: prompts longer than this are truncated before template extraction (counted in run.json)
    max_prompt_chars: int = 20_000
    #: a missing canonical column is read from the only column with one of its common names
    #: (``client_ip`` for ``ip``, ``user_id`` for ``account_id``, ``completion_tokens`` for
    #: ``output_tokens``; graphhunt.io.EVENT_ALIASES / ACCOUNT_ALIASES), with a warning and listed in
    #: run.json's input report; ``column_map`` always wins. false: only mapped or canonical names
    column_aliases: bool = True
    #: an IPv4 prefix -> AS number table in the format the pyasn package reads (gzip or plain), for
    #: scoring.academic_network_org; "auto": $GRAPHHUNT_ASN_DB, else the reference data beside a
    #: development checkout, else none; "off": none (graphhunt.asn)
    asn_db: str = "auto"
    #: AS names (JSON: {"64500": "EXAMPLE-U - Example University, US"}); "auto": $GRAPHHUNT_ASN_NAMES, else
    #: asnames.json.gz beside asn_db
    asn_names: str = "auto"
    #: published IPv4 ranges of hosting, cloud and VPN providers (one CIDR per line; comma-separated files or
    #: directories of *.txt): an address in one is never academic, whatever asn_db says (a block sold since
    #: the table was made); "auto": $GRAPHHUNT_HOSTING_RANGES, else the reference lists beside a development
    #: checkout, else none; "off": none (graphhunt.asn)
    hosting_ranges: str = "auto"


@dataclass
class PromptConfig:
    """Prompt-template extraction and near-duplicate grouping (MinHash + LSH).

    See ``graphhunt.links.prompts`` and docs/PROMPTS.md for what each knob
    costs and buys.
    """

    enabled: bool = True
    #: word shingle length over the masked text (2 tolerates rewording better, 3 is stricter)
    shingle_size: int = 3
    #: MinHash permutations; more = better Jaccard estimates, slower
    num_perm: int = 64
    #: LSH bands (num_perm must be divisible by bands); rows per band = num_perm / bands
    bands: int = 16
    #: estimated Jaccard a candidate pair must reach to join one template family
    similarity_threshold: float = 0.6
    #: skeletons (shared template text) shorter than this many words are no template
    min_words: int = 4
    #: "mode" (attach each skeleton to its densest similar neighbour: no chaining) or "components"
    clustering: str = "mode"
    #: what MinHash compares: "shingles" (precise), "words" (tolerates rewording, less precise) or "both"
    features: str = "shingles"
    #: an account holds a shingle only if it is in at least this fraction of its prompts (removes chance overlaps)
    repeat_fraction: float = 0.1
    #: ... or in at least this many *different* texts (0 = the fraction alone): a ring that mixes twenty templates
    #: with resold chat sends each in a few percent of an account's prompts, but around hundreds of items; a text
    #: an app relays again and again counts once. In a prompt with template text held through the fraction, text
    #: held this way counts only where it is rarer than that text: items quoted from the population inside a
    #: ring's own wrapper are no templates (docs/PROMPTS.md, "repeat_cap")
    repeat_cap: int = 20
    #: drop shingles held by < this fraction of the median holder count of the prompt's shingles (0 = off)
    support_ratio: float = 0.1
    #: also drop shingles held by > this many times the median holder count of the prompt's shingles: a phrase
    #: the whole population writes, inside a rarer template, does not split that template's family (0 = off)
    popular_ratio: float = 10.0
    #: ... and shingles held by more than this share of the accounts that send prompts, and by at least
    #: ``boilerplate_min_accounts`` accounts: text the whole platform sends (a chat API's default system message, an
    #: SDK's preamble), which joined every prompt to every other and merged unrelated templates into one family
    #: (0 = off, the default: at 0.25 it lost 543 ring accounts over 48 world draws, near-threshold hydra pieces whose
    #: popular resold-chat phrases it dropped; ``boilerplate_line_share`` handles a message on its own line, so set
    #: 0.25 for one on the same line as the user's text; holder counts stop at 65,535, which bounds the count above
    #: 262,140 accounts; docs/PROMPTS.md, "Boilerplate")
    boilerplate_share: float = 0.0
    boilerplate_min_accounts: int = 500
    #: whole lines of multi-line prompts held by more than this share of the accounts that send prompts, and by at
    #: least ``boilerplate_min_accounts``, each in most of its requests (the median holder in half of its prompts),
    #: are left out before tokenising: a chat log puts a default system message on its own line(s) before every
    #: request, where it joined every template to every other and took the head window's tokens; a popular
    #: template's own line ("Rules:") is in a few percent of its holders' prompts and stays (0 = off; a one-line
    #: prompt is never cut, nor a prompt whose every line is such text; docs/PROMPTS.md, "Boilerplate")
    boilerplate_line_share: float = 0.25
    #: also join a skeleton to a denser one it contains to this degree (0 = off)
    containment: float = 0.0
    #: keep only this many masked tokens at the start of each prompt (0 = whole prompt) ...
    head_tokens: int = 48
    #: ... and this many at its end; long free-text slots in the middle only add noise and cost
    tail_tokens: int = 24
    #: remove chain-of-thought requests ("Let's think step by step.") before template skeletons: they are
    #: scored as reasoning elicitation, and a ring's per-account rewordings of them must not decide (or
    #: split) template families (docs/PROMPTS.md)
    strip_reasoning: bool = True
    #: keep at most this many prompts per account and UTC day, sampled at random (0 = all)
    max_prompts_per_account_day: int = 0
    #: second skeleton pass over the template words only (gaps closed): tolerates inserted words; with
    #: similarity_threshold 0.5 it lifts recall (docs/PROMPTS.md), but keeps all tokens in memory at once
    close_gaps: bool = False
    #: join skeleton families whose template-word sequences align at this normalised Indel similarity
    #: (order-aware: tolerates an inserted word, a swap, a synonym; each skeleton joins its best partner,
    #: with a guard against chaining; docs/PROMPTS.md). 0 = off
    align_threshold: float = 0.0
    #: prompts tokenised and shingled at a time; only shingle hashes outlive a chunk (0 = all at once)
    chunk_size: int = 200_000
    #: threads for tokenising chunks and the reasoning regex (0 = one per core, at most 4)
    threads: int = 0
    #: seed for MinHash permutations and sampling
    seed: int = 1

    def problems(self) -> list[str]:
        """Checks of the fields not covered by :meth:`Config.problems`."""
        problems = []
        if self.clustering not in ("mode", "components"):
            problems.append(f"prompts.clustering must be 'mode' or 'components', found {self.clustering!r}")
        if self.features not in ("shingles", "words", "both"):
            problems.append(f"prompts.features must be 'shingles', 'words' or 'both', found {self.features!r}")
        for name in ("repeat_fraction", "support_ratio", "containment", "align_threshold"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                problems.append(f"prompts.{name} must be in [0, 1], found {getattr(self, name)!r}")
        if self.num_perm < 1 or self.bands < 1:
            problems.append(f"prompts.num_perm and prompts.bands must be >= 1, found {self.num_perm} and {self.bands}")
        if self.seed < 0:
            problems.append(f"prompts.seed must be >= 0, found {self.seed}")
        if self.popular_ratio != 0 and self.popular_ratio < 1:
            problems.append(f"prompts.popular_ratio must be 0 (off) or >= 1, found {self.popular_ratio!r}")
        if not 0 <= self.boilerplate_share <= 1:
            problems.append(f"prompts.boilerplate_share must be between 0 (off) and 1, found {self.boilerplate_share!r}")
        if not 0 <= self.boilerplate_line_share <= 1:
            problems.append(f"prompts.boilerplate_line_share must be between 0 (off) and 1, found "
                            f"{self.boilerplate_line_share!r}")
        if self.boilerplate_min_accounts < 2:
            problems.append(f"prompts.boilerplate_min_accounts must be at least 2, found "
                            f"{self.boilerplate_min_accounts!r}")
        if self.repeat_cap < 0:
            problems.append(f"prompts.repeat_cap must be >= 0, found {self.repeat_cap}")
        if self.min_words < 0:
            problems.append(f"prompts.min_words must be >= 0, found {self.min_words}")
        if self.shingle_size < 1:
            problems.append(f"prompts.shingle_size must be >= 1, found {self.shingle_size}")
        if self.head_tokens < 0 or self.tail_tokens < 0 or self.max_prompts_per_account_day < 0:
            problems.append("prompts.head_tokens, prompts.tail_tokens and prompts.max_prompts_per_account_day must be >= 0")
        if self.chunk_size < 0 or self.threads < 0:
            problems.append(f"prompts.chunk_size and prompts.threads must be >= 0, found {self.chunk_size} and {self.threads}")
        return problems


@dataclass
class LinkConfig:
    """Which links connect accounts, and how much each is worth."""

    #: link types to build (see graphhunt.links.LINK_TYPES)
    types: list[str] = field(
        default_factory=lambda: ["payment", "ip", "ip_window", "network", "template", "schedule"]
    )
    #: extra columns (events or accounts file) used as generic link attributes
    generic_columns: list[str] = field(default_factory=list)
    #: per-link-type weight of a pair's saturated evidence
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "payment": 1.0,
            "ip": 0.7,
            "ip_window": 0.7,
            "network": 1.0,
            "template": 1.0,
            "schedule": 1.0,
            "generic": 0.7,
        }
    )
    #: link type -> evidence scale: a pair's evidence of that type saturates as ``1 - exp(-S / scale)``
    #: (types not listed: scale 1); a larger scale makes evidence grow with the *number* of shared
    #: attributes for longer, for types where one shared attribute means little and many mean a lot
    evidence_scale: dict[str, float] = field(default_factory=lambda: {"network": 8.0})
    #: link type -> usage share at which an account's use of an attribute counts fully
    #: (below it, evidence scales down); types not listed always count fully
    full_usage_share: dict[str, float] = field(default_factory=lambda: {"template": 0.5})
    #: two accounts on the same IP within this many minutes share an "ip_window" attribute
    ip_window_minutes: int = 60
    #: ``schedule`` link (graphhunt.links.schedule): an account with at least this many requests whose
    #: ``schedule_coverage`` share falls in at most ``schedule_max_hours`` UTC hours of the day, in at least
    #: two separate runs of hours, holds that set of hours as an attribute (one job scheduler's accounts)
    schedule_min_events: int = 50
    schedule_coverage: float = 0.9
    schedule_max_hours: int = 6
    #: ... and one job window (graphhunt.links.schedule, "window"): an account with at least
    #: ``schedule_min_events`` requests (raising it raises this bar too) active on at least
    #: ``window_min_days`` UTC days (``window_min_day_requests`` requests each) whose first and last request
    #: of the day keep to the same minutes (median absolute deviation at most ``window_tolerance_minutes``),
    #: at most ``schedule_max_hours`` apart, holds its window, read on a grid of ``window_bucket_minutes``,
    #: as a schedule attribute; 0 days = off
    window_min_days: int = 5
    window_min_day_requests: int = 10
    window_tolerance_minutes: int = 10
    window_bucket_minutes: int = 20
    #: an attribute held by more accounts than this is a hub: dropped, and recorded
    hub_max_accounts: int = 500
    #: above this many holders an attribute's weight fades linearly to 0 at hub_max_accounts
    hub_fade_start: int = 100
    #: a hub whose holders are nearly those of a hub of another kind (an address and a template, a card
    #: and a network: holder sets with Jaccard >= hub_group_jaccard) is a group, not a crowd: linked with
    #: its rarity weight up to this many holders (a "hydra" ring of thousands); 0 (or any value up to
    #: hub_max_accounts) = hubs stay hubs
    hub_group_max_accounts: int = 5000
    hub_group_jaccard: float = 0.5
    #: ... or a hub whose holders are nearly (Jaccard >= 0.8) those of this many hubs of its own kind in all
    #: (a proxy pool the same accounts use in lockstep; a NAT pool's users each touch a few addresses); 0 = off
    hub_group_lockstep: int = 8
    #: an address (``ip``, ``ip_window``) also fades with the holder count of its network (/24, /48),
    #: on the same scale: two accounts meeting on one address of a NAT pool that hundreds of accounts
    #: draw addresses from (campus, carrier, VPN) is the pool's doing
    network_crowd: bool = True
    #: an address links only accounts that used it in the same period: its holders are cut into
    #: tenancies where one holder's first request on it comes more than this many hours after every
    #: earlier holder's last (a cloud notebook's session egress, a re-leased home address); each tenancy
    #: is an attribute of its own (``ip:<address>#<n>`` from the second). One hour, as ``ip_window``'s
    #: 60 minutes: a hand-over within the hour is still the same period. 0 or less: off
    ip_tenancy_gap_hours: float = 1.0
    #: an address (``ip``) or /24 network (``network``) must be used by at least this many events of an
    #: account to count for it; the other link types count from one event (a card or device of the
    #: accounts file is one row; an ``ip_window`` is one event by nature)
    min_events_per_attribute: int = 1
    #: hard budget on pair incidences of the sparse product; the hub cap is lowered to fit
    max_pair_incidences: int = 80_000_000


@dataclass
class CommunityConfig:
    """Leiden community detection."""

    #: "igraph" (igraph's built-in Leiden, fast) or "leidenalg"
    backend: str = "igraph"
    #: "CPM" (resolution = minimum mean internal evidence per pair) or "modularity"
    objective: str = "CPM"
    #: CPM: a community must share on average this much weighted evidence per member pair
    resolution: float = 0.35
    seed: int = 42
    #: Leiden iterations (-1 = until stable). 2 (leidenalg's default): on the 100k-account
    #: simulated graph (12.7M edges) 105 s against 644 s until stable, CPM quality 0.24088 vs
    #: 0.24090, 26,679 vs 26,680 communities; identical F1 on the 20k quality worlds
    n_iterations: int = 2
    #: communities smaller than this are not rings
    min_ring_size: int = 3
    #: second look inside communities that are not flagged: a sub-group whose members share at least
    #: this many times the community's mean evidence per pair is scored as a ring of its own (a ring
    #: riding on a proxy pool shared with benign users forms the dense core of a looser crowd).
    #: 0 turns it off.
    core_density_factor: float = 2.0
    #: the second look is repeated at ``core_density_factor ** ((steps - i) / steps)``, i = 0..steps-1
    #: (2, 1.68, 1.41, 1.19 by default): at each step the groups flagged so far stay as they are, every
    #: other account goes back to its community, and those communities are searched again for cores of
    #: a lower density ratio. Several rings on one proxy pool are a community only slightly denser than
    #: the pool's crowd; these steps never split a flagged group. 1 = a single look at ``core_density_factor``.
    core_density_steps: int = 4
    #: after the second look, the members of each flagged group whose own score stays under the
    #: threshold (weak fit: a small ring that Leiden put with a large one) are scored as a group of
    #: their own; those flagged there form a ring, the rest stay where they were. Part of the
    #: dense-core search: it does not run when ``core_density_factor`` is 0
    split_weak_members: bool = True
    #: when no flagged group's weak members move as one candidate per group, each group's weak members
    #: are cut into their dense cores (the density steps' search, at each of its factors from the
    #: strictest down until something moves) and each core is scored on its own, the members in no
    #: core together: two small rings of different operators that Leiden put with one large ring are
    #: no ring together, since the pairs between them share nothing but the template. Part of the
    #: weak-member search (``split_weak_members``)
    weak_member_cores: bool = True
    #: after the density steps, in each community still not flagged (at least twice the ring size), the
    #: members whose own behaviour (volume, chain-of-thought, output length, timing) sets them apart
    #: from the rest - a tight group above the widest gap of their behavioural evidence, the gap at
    #: least the spread on either side and 0.5 - are scored as a group of their own (each connected
    #: part of them); those flagged there form a ring. A ring on the same VPN
    #: exits as a crowd of VPN users is tied to the crowd as much as to itself, but does not behave
    #: like it. Part of the dense-core search: it does not run when ``core_density_factor`` is 0
    behaviour_split: bool = True
    #: a dense core flagged inside a larger community must harvest more than the rest of it: after the
    #: density steps, each flagged group that is a part of its Leiden community is compared with that
    #: community's crowd (its accounts in no flagged group, scored as one group when at least
    #: ``min_ring_size``); a core whose ring harvest evidence (volume, chain-of-thought, output length,
    #: timing) is less than this above the crowd's, while at least half of the crowd's template-measured
    #: requests are in template families the core's members use (without prompts: harvest alone), goes
    #: back to it. The search picks the densest part of
    #: every large community, so a part that is denser than a crowd doing the same work is what a scan
    #: finds in any group (a studio's few staff on one office line, bug-bounty hunters on one VPN exit);
    #: a ring riding in a crowd of VPN or proxy customers harvests far above it (2-4 units against
    #: 0-0.3 in 68 generated worlds). Same scale as the behaviour split's 0.5. Part of the behaviour split,
    #: which judges every core sent back again on its members' own behaviour (the ring-level harvest
    #: evidence has a ceiling, so a ring in a crowd that already harvests heavily can stand less than the
    #: gap above it): it does not run when ``behaviour_split`` is off. Only a core whose crowd stands at least
    #: the gap under the most harvest evidence the input can show goes back (``scoring.harvest_reach``: 4, or 2
    #: without answer lengths). 0 turns it off
    core_harvest_gap: float = 0.5
    #: processes for the dense-core search's Leiden runs (independent blocks of communities);
    #: 0 = one per CPU core, at most 4. The result does not depend on it.
    workers: int = 0


@dataclass
class ScoringConfig:
    """Ring risk scoring."""

    #: the platform's per-account request limit per UTC day; 0 (the default): the limit the data show, the
    #: largest daily count when many accounts stop at exactly it (refused requests are not logged), else
    #: 1000 (activity.infer_daily_limit; run.json's ``daily_limit`` says which). Without a limit to read,
    #: volume counts against the wrong one: world16's mixed world (400 a day) found 222 of its 400 ring
    #: accounts at 1000, 296 at 400 (docs/QUALITY.md, "Session 52")
    requests_per_day_limit: int = 0
    #: per-account daily limits of the plans in the accounts file's ``plan`` column (TOML
    #: ``[scoring.plan_limits]``, ``free = 40``): an account on a listed plan has that plan's limit; accounts
    #: on other plans, or without one, have ``requests_per_day_limit``'s (or the one read from the data)
    plan_limits: dict[str, int] = field(default_factory=dict)
    #: a plan not in ``plan_limits`` has the limit its own accounts' days show, when many of them stop at
    #: one count and go on right after midnight (activity.plan_daily_limits); a ring on a 40-a-day plan
    #: otherwise measured its use against the platform's 1,000 (world28's free-plan scrapers, 3 %;
    #: docs/QUALITY.md, "Session 60")
    plan_limits_from_data: bool = True
    #: an account whose own days stop at one count early in the day and go on right after midnight, as three
    #: or more accounts' do at the same count, is refused there: that count is its limit where it is under
    #: the one above (activity.account_daily_caps): a platform with tiers whose accounts file does not name
    #: the plan (world28's --minimal draw: its 27 free-plan Tor scrapers found, no other account changed in 13
    #: draws; docs/QUALITY.md, "Session 60")
    account_caps_from_data: bool = True
    #: ... also where its next days do not start right after midnight, when it stops at that count on at
    #: least 5 days and half of its active days (activity.ACCOUNT_CAP_NO_WALL_MIN_DAYS): a platform may reset
    #: on a rolling window, an operator come back at any hour (world30's --minimal trial swarm, 51 more of 72
    #: found; docs/QUALITY.md, "Session 62"). true: only with the midnight wall, as in session 60
    account_caps_need_midnight: bool = False
    #: an account without a declared ``org_id`` whose e-mail domain is an academic one (``.edu``,
    #: ``.edu.<cc>``, ``.ac.<cc>``, their subdomains) belongs to that domain's organisation: the
    #: institution issued and verified the address, which an operator cannot mint per account (students of
    #: two universities on one notebook-runtime pool are two organisations, not a ring; docs/QUALITY.md,
    #: "Session 32")
    academic_domain_org: bool = True
    #: two accounts whose e-mail domains differ and are each held by at most five accounts (a school's, a
    #: customer's own domain; scoring.PRIVATE_DOMAIN_MAX_HOLDERS) are two organisations, and the cards and
    #: networks they share are explained (one vendor running its customers' accounts from its backend). The
    #: same small domain on both sides explains nothing (a ring's catch-all). Off by itself, with a warning,
    #: when more than a quarter of the accounts with a domain have such a domain (random domains)
    private_domain_org: bool = True
    #: a domain of a disposable-address service (mailinator.com, yopmail.com ...: the ~10,000 of the
    #: disposable-email-domains list, and their subdomains) is nobody's organisation: the e-mail rules
    #: above and below skip it, so it explains nothing (a burner farm's addresses on a few such services
    #: read as small private domains, each its own "organisation": docs/QUALITY.md, "Session 57")
    disposable_domains_no_org: bool = True
    #: two accounts on the *same* small domain that signed up more than scoring.burst_window_hours apart
    #: are one organisation too (colleagues join a team over months; a ring fills its catch-all domain in
    #: one batch, so accounts created together, or without a created_at, stay unexplained). Needs
    #: private_domain_org
    same_domain_org: bool = True
    #: a declared organisation (org_id) explains nothing between two of its accounts that signed up within
    #: scoring.burst_window_hours of each other (the same-domain rule's test, for declared organisations):
    #: colleagues join over time, a front company's seats are made in one batch. Accounts without a
    #: created_at keep the explanation. Measured and not adopted (docs/QUALITY.md, "Session 58": it finds front
    #: companies and flags vendors and companies that onboard their seats at once)
    declared_org_batch: bool = False
    #: ... for that same-domain rule, a domain is a team's when at most this many accounts hold it and more
    #: than half of them are in the group (a translation vendor's 30 translators, an agency's staff; a
    #: regional webmail provider's holders are spread over the platform); more holders make it a public
    #: provider or a hub, the size at which linking fades a shared attribute (links.hub_fade_start, 100).
    #: At most 5 (0): the five-holder cap of private_domain_org, without the majority test
    team_domain_max_holders: int = 100
    #: a community more than half of which is one organisation (declared, or an academic e-mail domain) is
    #: that organisation: a pair of one of its accounts and an account with no affiliation at all (no
    #: org_id, webmail) shares its infrastructure because of it (a lab member on webmail, on the lab's card)
    org_majority: bool = True
    #: a payment method (card, licence, invoice) more than half of whose holders, two or more, are one
    #: organisation (declared org_id or academic e-mail domain) is that organisation's: its holders that
    #: declare no organisation belong to it (students who signed up with webmail on their university's
    #: licence). A ring's shared cards are held by its own accounts, which declare no organisation
    payment_org: bool = True
    #: an account without an org_id that sends more than half of its requests from one academic autonomous
    #: system (its name says university, college, research and education network; input.asn_db) belongs to
    #: that institution's organisation, as an academic e-mail domain does: students and labs on their
    #: university's network who signed up with webmail
    academic_network_org: bool = True
    #: reasoning elicitation counts only as far as the answers are long (f_reasoning at most twice
    #: f_output_tokens: answers twice the population's median length carry it in full), where the input has
    #: output_tokens: a distiller keeps the reasoning in the answers, and a class or a rating rubric that asks
    #: for "step by step" and gets short answers harvests none (docs/QUALITY.md, "Session 46")
    reasoning_needs_long_answers: bool = True
    #: the answers that must be long are those to the reasoning requests themselves: the cap above compares the
    #: members' median answer to their requests that ask for reasoning with the population's median answer,
    #: not their median answer to all requests. A hydra that mixes chain-of-thought harvest (a third of its
    #: requests, answered at length) with resold short chat has an ordinary median answer, and the cap took
    #: its reasoning away; a class asking "step by step" and answered briefly still gets none (docs/QUALITY.md,
    #: "Session 63"). false: the members' median answer to all requests
    reasoning_answers_of_reasoning_requests: bool = True
    #: the population's reasoning rate, the null that reasoning elicitation is measured against, is the mean of
    #: the accounts' own rates (each account counts once, as the volume and output-token baselines take the
    #: median account), not the share of all requests: a ring sends many requests per account, and a hydra
    #: that sends half the platform's traffic set the request-weighted rate to its own and hid its reasoning
    #: requests (docs/QUALITY.md, "Session 47"). False: the share of all logged requests (before session 47)
    reasoning_baseline_per_account: bool = True
    #: a ring's reasoning rate is the mean of its members' own rates (each member with a logged prompt counts
    #: once, as volume and output length take the median member and machine timing the members' mean), not the
    #: share of the ring's requests: weighted by requests, twenty busy accounts that ask for reasoning made
    #: the 947 customers of a SaaS product whose egress they ride look like harvesters, and the whole
    #: crowd was flagged (docs/QUALITY.md, "Session 61"). False: the share of the ring's logged requests
    #: (before session 61)
    reasoning_rate_per_member: bool = True
    #: rings at or above this risk are flagged
    threshold: float = 0.5
    #: logistic slope and midpoint applied to the weighted feature sum
    slope: float = 1.6
    midpoint: float = 7.2
    #: feature weights (each feature lies in 0..1); see graphhunt.scoring for definitions
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "template_concentration": 2.0,
            "volume": 1.0,
            "reasoning": 1.0,
            "output_tokens": 1.0,
            "machine_timing": 1.0,
            "burst_signup": 0.75,
            "client_homogeneity": 0.5,
            "link_rarity": 0.75,
            "shared_infrastructure": 4.0,
            "shared_workload": 4.0,
            "disclosed_org": -1.0,
            "episodic": -2.0,
        }
    )
    #: harvesting behaviour a ring must show for its full risk (``harvest_evidence``): the weighted
    #: ``reasoning`` + ``output_tokens`` (the value of the answers) plus ``volume`` + ``machine_timing``
    #: (activity) counted up to that value, or up to the median member's use of the daily limit (``volume``'s
    #: limit-use term: an operator runs each account well into its cap), positive weights. Below it the risk is scaled by
    #: ``harvest / floor``, the floor being this value scaled by what that sum can reach on the input
    #: (no ``output_tokens`` column: 2 of 4; scoring.harvest_floor): a group that shares an office network, a card
    #: and an internal tool's prompt but sends ordinary traffic is an organisation, and a busy SaaS
    #: backend or hackathon getting ordinary answers an application, not a distillation ring
    #: (docs/QUALITY.md, "Session 24" and "Session 25"). 0 turns it off; more than the weights can
    #: reach is refused
    min_harvest_behaviour: float = 1.5
    #: a harvest needs new inputs: an account's requests count as volume (``volume``, limit use) only up to this
    #: many sends of one exact prompt text; the rest (a monitor's fixed health check every ten minutes, a
    #: keep-alive) are counted in ``n_events`` but are no harvest. Best-of-n sampling of an item up to this n
    #: still counts in full. 0 = every request counts (docs/QUALITY.md, "Session 68")
    max_repeats_per_prompt: int = 8
    #: use of the per-account limit lifts a group's harvest (``harvest_evidence``'s cap) to the harvest floor of the
    #: input and no further: a group whose median member runs at 20 % of its limit reaches the floor whatever
    #: columns the input has. False (before session 71): to the larger of ``volume``'s weight and the floor, which
    #: without an ``output_tokens`` column (floor 0.75 under the weight 1) let 15 % of the limit reach the floor and a
    #: spreadsheet add-on's users at 8 % keep half their risk (docs/QUALITY.md, "Session 71")
    limit_use_to_floor: bool = True
    #: a template family counts for ``template_concentration`` when at least half of its holders are in the
    #: ring *or in the communities it shares infrastructure with* (payment, addresses, networks, schedules:
    #: every link but prompt content), checked once on the final partition and only for a group whose own
    #: harvest_evidence reaches the harvest floor: a hydra on one relay pool is cut into pieces that each hold a
    #: few percent of its own families' holders, while a platform's tenants behind its egress share its step
    #: templates without harvesting (docs/QUALITY.md, "Session 69"). False: the ring's own members only (before
    #: session 69)
    template_neighbourhood: bool = True
    #: ... and a group under that floor is measured again with its reasoning rate on the requests of the
    #: families it owns with its neighbourhood, where that is higher (scoring.reasoning_on_own_families): a hydra
    #: mixing its harvest with resold chat asks for reasoning on its own families, while the chat dilutes its
    #: rate over every request (world34 s3: 0.28 against 0.5, harvest 1.25-1.45 against 1.5). Only that test
    #: changes; the ring's harvest_evidence stays as measured (docs/QUALITY.md, "Session 70"). False: the
    #: harvest over every request (session 69)
    neighbourhood_own_reasoning: bool = True
    #: behaviour that shows an operator's hand a ring must show for its full risk (``operator_behaviour``: the
    #: largest of ``template_concentration``, ``reasoning``, ``machine_timing`` and ``burst_signup``, one the input
    #: cannot measure at the neutral level). Below it the risk is scaled by ``operator_behaviour / floor``: a
    #: group tied by shared infrastructure whose members ask for different things, ask for no reasoning, keep
    #: human hours and signed up apart is a team on its office network and card (a content shop writing long
    #: articles all day), not accounts one operator runs (docs/QUALITY.md, "Session 51"). 0 turns it off
    min_operator_behaviour: float = 0.15
    #: activity a ring must show for its full risk (``activity``: the larger of ``volume`` and
    #: ``machine_timing``). Below it the risk is scaled by ``activity / floor``: a group whose median member
    #: sends what the population's median account sends, at human hours, is harvesting nothing at scale,
    #: whatever it asks (a class pasting one worksheet that asks for steps, in an input without answer
    #: lengths). 0 turns it off (docs/QUALITY.md, "Session 58")
    min_activity: float = 0.15
    #: share of member pairs tied by payment, network or schedule evidence (not prompt content) at which
    #: ``shared_infrastructure`` is 1
    infrastructure_pair_share: float = 0.25
    #: window for burst sign-up detection, hours
    burst_window_hours: float = 72.0
    #: a metadata feature the input cannot measure at all (no ``output_tokens`` or ``user_agent`` column,
    #: or no ``created_at`` for the accounts) counts at ``unmeasured_level`` instead of 0, so a missing column is
    #: not read as evidence of innocence (rings.csv ``evidence_unmeasured``). Prompt-derived features are not
    #: replaced: without prompts a crowd that shares a network has nothing else to hold it below the threshold.
    #: false: such features count 0, here and in the operator and harvest levels below
    neutral_unmeasured: bool = True
    #: the level, 0..1 of its weight, at which such a feature counts (``evidence_unmeasured``). 0.5: what ring
    #: communities show on these three features where the input has the columns (a weighted 0.46, 0.49 for those
    #: with a risk of 0.3 or more, over 34 draws of 17 independent world generators; benign groups near the
    #: threshold 0.35). Before session 77 the neutral level ``midpoint / sum of the positive weights`` (0.6 with the
    #: default weights), which credited a missing column with more than the rings it stands in for show, and
    #: flagged benign groups barely over the threshold (docs/QUALITY.md, "Session 77"); set 0.6 to restore it.
    #: Only ``evidence_unmeasured`` uses it: an unmeasured ``burst_signup`` in ``min_operator_behaviour``'s check
    #: and the harvest levels below keep theirs
    unmeasured_level: float = 0.5
    #: what a harvest value feature the input cannot measure counts in a ring's harvest cap
    #: (``scoring.harvest_evidence``), 0..1 of its weight, when the input measures the other one (no
    #: ``output_tokens`` column, prompts logged). 0: answers nobody measured are no sign of harvesting, so a group
    #: that asks for no reasoning must show it by its use of the daily limit. Before session 53 the neutral level
    #: (0.6 with the default weights; set 0.6 to restore it), at which every busy, templated platform customer of
    #: an input without answer lengths kept 0.6 of its risk and crossed the threshold (docs/QUALITY.md,
    #: "Session 53"). An input that measures neither (no prompts and no ``output_tokens``) gives the gate nothing
    #: to judge by, and both count at the neutral level there, as before. ``neutral_unmeasured = false``: 0 always
    harvest_unmeasured_level: float = 0.0
    #: ... but a group that is both scripted and busy counts an unmeasured value feature as far as it is both:
    #: its ``machine_timing`` times its ``volume`` (members on a machine's clock, each sending many times what
    #: the population's median account sends), if that is above ``harvest_unmeasured_level``. Without answer
    #: lengths a hydra that keeps each account at a few percent of its limit and asks for no reasoning showed
    #: no harvest at all (world29 s3: 0 of 900; world28 s3's gateway hydra), while the platform customers the
    #: level of 0 is for are busy as a whole, not member by member, or keep human hours (docs/QUALITY.md,
    #: "Session 61"). Applies only where the input cannot measure the feature (no ``output_tokens`` column)
    harvest_unmeasured_scripted: bool = True
    #: where the input has no ``output_tokens``, reasoning elicitation counts in a ring's harvest (the value of
    #: its answers, :func:`graphhunt.scoring.harvest_evidence`) only as far as the ring is busy: at most its
    #: ``activity`` (the larger of ``volume`` and ``machine_timing``). With answer lengths a request for
    #: reasoning counts only as far as the answers are long (``reasoning_needs_long_answers``); without them
    #: nothing checked it, and a school district's tutoring app or a newsroom's fact-check template asking
    #: "step by step" at a human pace on shared addresses passed the harvest gate on reasoning alone
    #: (docs/QUALITY.md, "Session 65"). A distiller wants many reasoning answers, so it is busy too
    reasoning_unmeasured_needs_activity: bool = True
    #: a family shared by at least this fraction of members counts as the ring's template
    template_member_fraction: float = 0.1
    #: accounts whose own fit to the ring is below this get a reduced account score
    #: (``ring risk * min(1, fit / floor)``); 0.4 since session 9, see docs/QUALITY.md
    member_fit_floor: float = 0.4
    #: a member is also judged against its own ring: the floor is at least this share of the
    #: median fit of the ring's members (``max(member_fit_floor, member_fit_relative * median fit)``);
    #: 0 turns it off. See docs/QUALITY.md, "Session 10"
    member_fit_relative: float = 0.65


#: the value a run gives an entry missing from a table (``dict.get(key, this)`` in graph.py and scoring.py)
_ABSENT = {
    "links.weights": 0.0,
    "links.evidence_scale": 1.0,
    "links.full_usage_share": 0.0,
    "scoring.weights": 0.0,
}

#: switches added after runs were stored, with the value a run from before them had: a run.json whose
#: section lacks one repeats the run without it (``_as_run``); a TOML file that leaves it out gets the default
_SWITCH_ABSENT = {
    "scoring.payment_org": False,  # session 45
    "scoring.academic_network_org": False,  # session 45
    "input.hosting_ranges": "off",  # session 46
    "scoring.reasoning_needs_long_answers": False,  # session 46
    "scoring.reasoning_answers_of_reasoning_requests": False,  # session 63
    "scoring.reasoning_baseline_per_account": False,  # session 47
    "communities.core_harvest_gap": 0.0,  # session 54
    "scoring.declared_org_batch": False,  # session 58
    "scoring.min_activity": 0.0,  # session 58
    "scoring.plan_limits_from_data": False,  # session 60
    "scoring.account_caps_from_data": False,  # session 60
    "scoring.reasoning_rate_per_member": False,  # session 61
    "scoring.harvest_unmeasured_scripted": False,  # session 61
    "scoring.account_caps_need_midnight": True,  # session 62
    "scoring.reasoning_unmeasured_needs_activity": False,  # session 65
    "scoring.max_repeats_per_prompt": 0,  # session 68
    "scoring.template_neighbourhood": False,  # session 69
    "scoring.neighbourhood_own_reasoning": False,  # session 70
    "scoring.limit_use_to_floor": False,  # session 71
    "prompts.boilerplate_share": 0.0,  # session 78
    "prompts.boilerplate_line_share": 0.0,  # session 79
}

SECTIONS = {
    "input": InputConfig,
    "prompts": PromptConfig,
    "links": LinkConfig,
    "communities": CommunityConfig,
    "scoring": ScoringConfig,
}


@dataclass
class Config:
    """The whole configuration of a run. Build with :func:`load_config`."""

    input: InputConfig = field(default_factory=InputConfig)
    prompts: PromptConfig = field(default_factory=PromptConfig)
    links: LinkConfig = field(default_factory=LinkConfig)
    communities: CommunityConfig = field(default_factory=CommunityConfig)
    scoring: ScoringConfig = field(default_factory=ScoringConfig)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str | None = None) -> "Config":
        cfg = cls()
        problems: list[str] = []
        for sec_name, sec_vals in data.items():
            if sec_name not in SECTIONS:
                problems.append(f"unknown section [{sec_name}] (known: {', '.join(SECTIONS)})")
                continue
            if not isinstance(sec_vals, Mapping):
                problems.append(f"[{sec_name}] must be a table")
                continue
            section = getattr(cfg, sec_name)
            for key, val in sec_vals.items():
                _set_field(section, sec_name, key, val, problems)
        problems.extend(cfg.problems())
        if problems:
            raise ConfigError(problems, source)
        cfg._given = frozenset(f"{sec}.{key}" for sec, vals in data.items() if sec in SECTIONS
                               and isinstance(vals, Mapping) for key in vals)
        return cfg

    def checked(self, source: str = "the Config object") -> "Config":
        """``self``, after the checks a TOML file or ``--set`` gets, so that a Config changed in Python
        (``cfg.scoring.threshold = float("nan")``) is refused with a :class:`ConfigError` rather than run
        (it gave 0 rings and no error).

        Values are held to the types the loaders accept (``prompts.enabled = "false"`` ran with prompts
        enabled, a truthy string), and normalised in place the way the loaders normalise them: numpy
        numbers become Python numbers, a tuple of link types a list. An entry deleted from a table that
        has defaults (``cfg.links.weights.pop("payment")``) is written back with the value the run gives
        a missing entry (weight 0, evidence scale 1, full usage share 0), so that ``run.json``, whose
        tables the loaders merge onto the defaults, repeats the run. The object itself is returned, not
        a rebuilt copy.
        """
        problems: list[str] = []
        base = Config()
        for sec_name in SECTIONS:
            sec, dsec = getattr(self, sec_name), getattr(base, sec_name)
            for f in fields(sec):
                default, val = getattr(dsec, f.name), getattr(sec, f.name)
                ok, val = _coerce(default, val)
                if not ok:
                    problems.append(f"{sec_name}.{f.name} must be {_type_name(default)}, found {val!r}")
                    continue
                absent = _ABSENT.get(f"{sec_name}.{f.name}")
                if absent is not None:
                    val = {**{k: absent for k in default if k not in val}, **val}
                setattr(sec, f.name, val)
        if not problems:
            problems = self.problems()
        if problems:
            raise ConfigError(problems, source)
        return self

    def with_overrides(self, overrides: Mapping[str, Any] | list[str]) -> "Config":
        """Return a copy with ``section.key=value`` overrides applied (values parsed as TOML)."""
        cfg = dataclasses.replace(self)
        for name in SECTIONS:
            setattr(cfg, name, dataclasses.replace(getattr(self, name)))
        problems: list[str] = []
        given = set(given_settings(self) or ())
        items = overrides.items() if isinstance(overrides, Mapping) else [_split(o, problems) for o in overrides]
        for dotted, val in items:
            if dotted is None:
                continue
            sec, _, key = dotted.partition(".")
            if sec not in SECTIONS or not key:
                problems.append(f"override '{dotted}': expected section.key with section in {', '.join(SECTIONS)}")
                continue
            given.add(f"{sec}.{key.partition('.')[0]}")
            section = getattr(cfg, sec)
            if "." in key:  # e.g. links.weights.payment=2
                top, _, sub = key.partition(".")
                sub = _unquote_key(sub.strip())
                cur = getattr(section, top, None)
                if not isinstance(cur, dict):
                    problems.append(f"override '{dotted}': {sec}.{top} is not a table")
                    continue
                cur = dict(cur)
                cur[sub] = val
                val, key = cur, top
            _set_field(section, sec, key, val, problems)
        problems.extend(cfg.problems())
        if problems:
            raise ConfigError(problems, "overrides")
        cfg._given = frozenset(given)
        return cfg

    def problems(self) -> list[str]:
        """Semantic checks across fields; returns a list of messages (empty if fine)."""
        p: list[str] = []
        from .links import LINK_TYPES  # local: avoid import cycle

        # NaN or infinity in any number (TOML has both) silently turned off whole stages: resolution = nan
        # gave no rings, scoring.midpoint = nan flagged nothing, with exit 0
        for sec_name in SECTIONS:
            sec = getattr(self, sec_name)
            for f in fields(sec):
                v = getattr(sec, f.name)
                items = v.items() if isinstance(v, dict) else [(None, v)]
                for k, x in items:
                    if isinstance(x, float) and not math.isfinite(x):
                        p.append(f"{sec_name}.{f.name}{'.' + str(k) if k is not None else ''} must be a finite "
                                 f"number, found {x!r}")

        from .asn import OFF_SETTINGS, hosting_paths

        for name in ("asn_db", "asn_names"):
            v = str(getattr(self.input, name)).strip()
            if v.lower() not in (*OFF_SETTINGS, "auto") and not Path(v).expanduser().is_file():
                p.append(f"input.{name}: no file {v!r} (\"auto\" finds one, \"off\" runs without AS names; graphhunt.asn)")
        v = str(self.input.hosting_ranges).strip()
        if v.lower() not in (*OFF_SETTINGS, "auto"):
            missing = [str(q) for q in hosting_paths(v) if not q.exists()]
            if missing:
                p.append(f"input.hosting_ranges: no file or directory {', '.join(map(repr, missing))} (CIDR lists of "
                         f"hosting, cloud and VPN ranges; \"auto\" finds the reference lists, \"off\" runs without)")
        for t in self.links.types:
            if t not in LINK_TYPES:
                p.append(f"links.types: unknown link type '{t}' (known: {', '.join(sorted(LINK_TYPES))})")
        # a type or column listed twice would be linked twice, its attributes repeated (a crash in the evidence tables)
        for name in ("types", "generic_columns"):
            seen = [str(v) for v in getattr(self.links, name)]
            twice = sorted({v for v in seen if seen.count(v) > 1})
            if twice:
                p.append(f"links.{name} lists {', '.join(map(repr, twice))} more than once: list each once")
        for t, w in self.links.weights.items():
            if isinstance(w, bool) or not isinstance(w, numbers.Real) or w < 0:
                p.append(f"links.weights.{t} must be a number >= 0, found {w!r}")
        # a misspelt key would silently weigh nothing (e.g. links.weights.paymnt = 3)
        known_types = sorted(LINK_TYPES) + ["generic"]
        for table in ("weights", "evidence_scale", "full_usage_share"):
            for t in getattr(self.links, table):
                if t not in known_types and not str(t).startswith("generic:"):
                    p.append(f"links.{table}: unknown link type '{t}' (known: {', '.join(known_types)}, "
                             f"or generic:<column>)")
        for t, v in self.links.evidence_scale.items():
            # not (v > 0) also rejects NaN (TOML's nan), which would make every edge of the type NaN
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not (0 < v < math.inf):
                p.append(f"links.evidence_scale.{t} must be a finite number > 0, found {v!r}")
        for t, v in self.links.full_usage_share.items():
            if isinstance(v, bool) or not isinstance(v, numbers.Real) or not (0 <= v <= 1):
                p.append(f"links.full_usage_share.{t} must be a number in [0, 1] (0: any use counts fully), found {v!r}")
        if "prompt" in [str(c).strip() for c in self.links.generic_columns]:
            # its values, the raw prompt texts, would be the attributes written to incidence.parquet, shared.csv,
            # the report and Neo4j: only template ids, hashes and redacted exemplars leave the template stage
            p.append("links.generic_columns: 'prompt' cannot be a generic column (its raw text would be written out "
                     "as attribute names); prompts are linked by the 'template' link type")
        if not self.links.types and not self.links.generic_columns:
            p.append("links.types is empty and links.generic_columns too: nothing would link accounts, so no ring "
                     f"could form; list link types (known: {', '.join(sorted(LINK_TYPES))})")
        if self.links.max_pair_incidences < 1:
            p.append(f"links.max_pair_incidences must be >= 1 (the budget of the sparse product; default 80000000), "
                     f"found {self.links.max_pair_incidences}")
        if self.links.min_events_per_attribute < 1:
            p.append(f"links.min_events_per_attribute must be >= 1, found {self.links.min_events_per_attribute}")
        if self.links.schedule_min_events < 1:
            p.append(f"links.schedule_min_events must be >= 1, found {self.links.schedule_min_events}")
        if self.links.hub_max_accounts < 2:
            p.append("links.hub_max_accounts must be >= 2")
        if not (2 <= self.links.hub_fade_start <= self.links.hub_max_accounts):
            p.append("links.hub_fade_start must be between 2 and links.hub_max_accounts")
        if self.links.hub_group_max_accounts < 0:
            p.append("links.hub_group_max_accounts must be >= 0 (0 turns hub groups off)")
        if self.links.hub_group_lockstep < 0 or self.links.hub_group_lockstep == 1:
            p.append("links.hub_group_lockstep must be 0 (off) or >= 2")
        if not (0.0 < self.links.hub_group_jaccard <= 1.0):
            p.append(f"links.hub_group_jaccard must be in (0, 1], found {self.links.hub_group_jaccard!r}")
        if self.links.ip_window_minutes <= 0:
            p.append("links.ip_window_minutes must be > 0")
        if not (0 < self.links.schedule_coverage <= 1):
            p.append(f"links.schedule_coverage must be in (0, 1], found {self.links.schedule_coverage}")
        if not (2 <= self.links.schedule_max_hours <= 12):
            p.append(f"links.schedule_max_hours must be between 2 and 12, found {self.links.schedule_max_hours}")
        if self.links.window_min_days < 0 or self.links.window_min_day_requests < 1:
            p.append("links.window_min_days must be >= 0 (0 turns job windows off) and links.window_min_day_requests "
                     f">= 1, found {self.links.window_min_days} and {self.links.window_min_day_requests}")
        if self.links.window_tolerance_minutes < 0 or not (2 <= self.links.window_bucket_minutes <= 240):
            p.append("links.window_tolerance_minutes must be >= 0 and links.window_bucket_minutes between 2 and 240, "
                     f"found {self.links.window_tolerance_minutes} and {self.links.window_bucket_minutes}")
        from .io import ACCOUNT_COLUMNS, EVENT_COLUMNS  # local: avoid import cycle

        mappable = set(EVENT_COLUMNS) | set(ACCOUNT_COLUMNS) | set(self.links.generic_columns)
        for canonical, theirs in self.input.column_map.items():
            if not isinstance(theirs, str) or not theirs.strip():
                p.append(f"input.column_map.{canonical} must be the name of a column in your file, found {theirs!r}")
            elif canonical not in mappable:
                hint = (f"; did you mean {theirs}={canonical}?" if theirs in mappable else "")
                if theirs in self.links.generic_columns:
                    # (--map device=DeviceId with links.generic_columns = ["DeviceId"]: the map would rename the
                    # column the generic link reads; a generic column is read under its own name, or listed as
                    # the map's name)
                    hint = (f"; links.generic_columns lists {theirs!r}, which is read under its own name: drop "
                            f"the map, or list {canonical!r} in links.generic_columns instead")
                p.append(f"input.column_map: '{canonical}' is not a column graphhunt reads (canonical=your_column, "
                         f"canonical one of {', '.join(sorted(mappable))}){hint}")
        # one column read as two canonical ones: only the last would be read, and the other silently missing
        by_theirs: dict[str, list[str]] = {}
        for canonical, theirs in self.input.column_map.items():
            if isinstance(theirs, str) and theirs.strip():
                by_theirs.setdefault(theirs.strip().casefold(), []).append(str(canonical))
        for theirs, canon in by_theirs.items():
            if len(canon) > 1:
                p.append(f"input.column_map: {' and '.join(f'{c}={self.input.column_map[c]}' for c in canon)} map one "
                         f"column to {len(canon)} columns, and only one would be read; map it once")
        if self.input.bad_rows not in ("error", "drop"):
            p.append(f"input.bad_rows must be 'error' or 'drop', found {self.input.bad_rows!r}")
        if self.prompts.bands >= 1 and self.prompts.num_perm % self.prompts.bands:
            p.append(f"prompts.num_perm ({self.prompts.num_perm}) must be divisible by prompts.bands ({self.prompts.bands})")
        if not 0 < self.prompts.similarity_threshold <= 1:
            p.append("prompts.similarity_threshold must be in (0, 1]")
        p.extend(self.prompts.problems())
        if self.communities.backend not in ("igraph", "leidenalg"):
            p.append(f"communities.backend must be 'igraph' or 'leidenalg', found {self.communities.backend!r}")
        if self.communities.objective not in ("CPM", "modularity"):
            p.append(f"communities.objective must be 'CPM' or 'modularity', found {self.communities.objective!r}")
        if self.communities.resolution <= 0:
            p.append("communities.resolution must be > 0 (CPM with resolution 0 merges everything)")
        if self.communities.core_density_factor != 0 and self.communities.core_density_factor <= 1:
            p.append("communities.core_density_factor must be 0 (off) or > 1 (a core denser than its community)")
        if self.communities.core_harvest_gap < 0:
            p.append("communities.core_harvest_gap must be >= 0 (0: off)")
        if self.communities.core_density_steps < 1:
            p.append("communities.core_density_steps must be >= 1")
        if self.communities.workers < 0:
            p.append("communities.workers must be >= 0 (0 = one per CPU core)")
        if self.communities.min_ring_size < 2:
            p.append("communities.min_ring_size must be >= 2")
        if self.scoring.requests_per_day_limit < 0:
            p.append("scoring.requests_per_day_limit must be >= 0 (0: read the limit from the data)")
        if self.scoring.max_repeats_per_prompt < 0:
            p.append("scoring.max_repeats_per_prompt must be >= 0 (0: every request counts as volume)")
        for k, v in self.scoring.plan_limits.items():
            # (a plan name is text: the accounts' plan column is read as text, so an int key {1: 40} matched no
            # plan, and stored in run.json as "1" it matched plan 1 when the run was repeated; an infinite limit
            # raised OverflowError from int(v) here instead of a ConfigError)
            if not isinstance(k, str):
                p.append(f"scoring.plan_limits: plan names are text (the accounts' plan column is read as text): "
                         f"write {str(k)!r}, not {k!r}")
            if (isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 1
                    or v != int(v)):
                p.append(f"scoring.plan_limits: the limit of plan {k!r} must be a whole number >= 1, found {v!r}")
        from .scoring import FEATURES  # local: avoid import cycle

        for k in self.scoring.weights:
            if k not in FEATURES:
                p.append(f"scoring.weights: unknown feature '{k}' (known: {', '.join(FEATURES)})")
        if not 0 <= self.scoring.threshold <= 1:
            p.append("scoring.threshold must be in [0, 1]")
        if not self.scoring.slope > 0:  # 0 scores every ring 0.5, a negative slope inverts the ranking
            p.append(f"scoring.slope must be > 0, found {self.scoring.slope!r}")
        if self.scoring.team_domain_max_holders < 0:
            p.append("scoring.team_domain_max_holders must be 0 or more")
        if not self.scoring.burst_window_hours > 0:
            p.append(f"scoring.burst_window_hours must be > 0, found {self.scoring.burst_window_hours!r}")
        if not 0 <= self.scoring.template_member_fraction <= 1:  # (0: any template two members share)
            p.append(f"scoring.template_member_fraction must be in [0, 1], found {self.scoring.template_member_fraction!r}")
        if not 0 <= self.scoring.min_activity <= 1:
            p.append(f"scoring.min_activity must be between 0 and 1 (features lie in 0..1), found "
                     f"{self.scoring.min_activity!r}")
        if not 0 <= self.scoring.min_operator_behaviour <= 1:
            p.append(f"scoring.min_operator_behaviour must be between 0 and 1 (features lie in 0..1), found "
                     f"{self.scoring.min_operator_behaviour!r}")
        if not 0 <= self.scoring.unmeasured_level <= 1:
            p.append(f"scoring.unmeasured_level must be between 0 and 1 (a share of the feature's weight), "
                     f"found {self.scoring.unmeasured_level!r}")
        if not 0 <= self.scoring.harvest_unmeasured_level <= 1:
            p.append(f"scoring.harvest_unmeasured_level must be between 0 and 1 (a share of the feature's weight), "
                     f"found {self.scoring.harvest_unmeasured_level!r}")
        def wsum(keys):
            return sum(max(w, 0.0) for k, w in self.scoring.weights.items()
                       if k in keys and isinstance(w, numbers.Real) and not isinstance(w, bool) and w == w)

        # (scoring.harvest_evidence: value + min(activity, value))
        value = wsum(("reasoning", "output_tokens"))
        reach = value + min(wsum(("volume", "machine_timing")), value)
        if not 0 <= self.scoring.min_harvest_behaviour < float("inf"):
            p.append(f"scoring.min_harvest_behaviour must be >= 0, found {self.scoring.min_harvest_behaviour!r}")
        elif self.scoring.min_harvest_behaviour > reach:
            p.append(f"scoring.min_harvest_behaviour is {self.scoring.min_harvest_behaviour!r}, more than the weights of "
                     f"volume, reasoning, output_tokens and machine_timing can reach ({reach:g}): no ring could keep its "
                     "risk; lower it, or set it to 0 to turn the floor off")
        if not 0 < self.scoring.infrastructure_pair_share <= 1:
            p.append(f"scoring.infrastructure_pair_share must be in (0, 1], found {self.scoring.infrastructure_pair_share!r}")
        if not 0 <= self.scoring.member_fit_floor <= 1 or not 0 <= self.scoring.member_fit_relative <= 1:
            p.append("scoring.member_fit_floor and scoring.member_fit_relative must be in [0, 1]")
        for k, w in self.scoring.weights.items():
            if isinstance(w, bool) or not isinstance(w, numbers.Real):
                p.append(f"scoring.weights.{k} must be a number, found {w!r}")
        if self.communities.n_iterations == 0:  # (negative: until stable, as igraph and leidenalg read it)
            p.append("communities.n_iterations must be >= 1, or negative for 'until stable' (0 runs no iteration)")
        if self.input.max_prompt_chars < 1:
            p.append(f"input.max_prompt_chars must be >= 1, found {self.input.max_prompt_chars}")
        return p


def _split(item: str, problems: list[str]) -> tuple[str | None, Any]:
    if "=" not in item:
        problems.append(f"override '{item}': expected section.key=value")
        return None, None
    key, _, raw = item.partition("=")
    return key.strip(), _parse_value(raw.strip())


def _unquote_key(key: str) -> str:
    """A table entry's key as TOML reads it: ``"Pro Plus"`` (a plan name with a space or a dot, quoted as in
    TOML) is ``Pro Plus``; it was kept with its quotes and matched no plan."""
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        try:
            return next(iter(tomllib.loads(f"{key} = 0")))
        except tomllib.TOMLDecodeError:
            pass
    return key


def _parse_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw  # a bare string


def _coerce(default: Any, val: Any) -> tuple[bool, Any]:
    """(ok, value) for ``val`` in a field whose default is ``default``: the type rules of the loaders.

    numpy scalars become Python numbers (a sweep over ``np.arange`` seeds; stored as strings in run.json
    otherwise), a whole float in an int field an int, a tuple in a list field a list.
    """
    if isinstance(val, np.generic):  # numpy scalars from a sweep (np.arange seeds, np.linspace resolutions)
        val = val.item()
    if isinstance(val, float) and isinstance(default, int) and not isinstance(default, bool) and val.is_integer():
        val = int(val)  # seed=42.0: a whole number
    if isinstance(default, bool):
        ok = isinstance(val, bool)
    elif isinstance(default, int):
        ok = isinstance(val, int) and not isinstance(val, bool)
    elif isinstance(default, float):
        ok = isinstance(val, (int, float)) and not isinstance(val, bool)
        val = float(val) if ok else val
    elif isinstance(default, str):
        ok = isinstance(val, str)
    elif isinstance(default, list):
        ok = isinstance(val, (list, tuple)) and all(isinstance(x, str) for x in val)
        val = list(val) if ok else val
    elif isinstance(default, dict):
        ok = isinstance(val, Mapping)
        if ok:
            val = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in val.items()}
    else:
        ok = True
    return ok, val


def _type_name(default: Any) -> str:
    return "a list of strings" if isinstance(default, list) else type(default).__name__


def _set_field(section: Any, sec_name: str, key: str, val: Any, problems: list[str]) -> None:
    known = {f.name: f for f in fields(section)}
    if key not in known:
        problems.append(f"[{sec_name}] unknown key '{key}' (known: {', '.join(known)})")
        return
    default = getattr(section, key)
    ok, val = _coerce(default, val)
    if not ok:
        problems.append(f"{sec_name}.{key} must be {_type_name(default)}, found {val!r}")
        return
    if isinstance(default, dict):  # a table given in part keeps the other entries
        val = {**default, **val}
    setattr(section, key, val)


def _as_run(data: dict) -> dict:
    """A run.json's config block, with what the run gave the entries its tables lack.

    A run stores every entry of its tables, so an entry missing from one is a feature or link type added
    after the run (session 42's ``scoring.weights.episodic``): merged onto today's defaults it would get
    today's weight and ``--config OUT/run.json`` would not repeat the run. It gets the value a run gives a
    missing entry (:data:`_ABSENT`: weight 0) instead, and a switch added after the run the value the run
    had (:data:`_SWITCH_ABSENT`: off). A TOML file's partial table still merges onto the
    defaults (``[scoring.weights] volume = 2`` changes one weight).
    """
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    base = Config()
    for key, absent in _ABSENT.items():
        sec, name = key.split(".")
        table = data.get(sec, {}).get(name) if isinstance(data.get(sec), dict) else None
        if isinstance(table, dict):
            data[sec][name] = {**{k: absent for k in getattr(getattr(base, sec), name) if k not in table}, **table}
    for key, absent in _SWITCH_ABSENT.items():
        sec, name = key.split(".")
        if isinstance(data.get(sec), dict) and name not in data[sec]:
            data[sec][name] = absent
    sc = data.get("scoring")
    if isinstance(sc, dict) and "harvest_unmeasured_level" not in sc:
        # (session 53) a run before it counted an unmeasured harvest value feature at the neutral level
        from .scoring import harvest_level_of

        sc["harvest_unmeasured_level"] = harvest_level_of({**sc, "neutral_unmeasured": True})
    if isinstance(sc, dict) and "unmeasured_level" not in sc:
        # (session 77) a run before it counted an unmeasured metadata feature at the neutral level
        from .scoring import neutral_level_of

        sc["unmeasured_level"] = neutral_level_of(sc)
    return data


def _pin_run_tables(run: dict, data: dict, source: str) -> None:
    """In a run.json's config block (``data``), replace ``input.asn_db`` / ``asn_names`` /
    ``hosting_ranges`` = ``"auto"`` by the tables the run read (its ``asn`` record), so that
    ``--config OUT/run.json`` repeats the run in a shell without ``$GRAPHHUNT_ASN_DB``,
    ``$GRAPHHUNT_ASN_NAMES`` or ``$GRAPHHUNT_HOSTING_RANGES`` (or with other ones).

    A table is pinned only while its file is there with the SHA-256 the run recorded; otherwise
    ``"auto"`` is kept and a warning names the table and says that the result may differ. A run
    that read no table under ``"auto"`` is repeated with ``"off"``. ``--set`` overrides still win.
    """
    from .asn import _sha256, hosting_digest

    inp = data.get("input") if isinstance(data.get("input"), dict) else None
    rec = run.get("asn")
    if inp is None or not isinstance(rec, dict):
        return  # the run read no AS table at all (scoring.academic_network_org off, or no ip column)

    def auto(name: str) -> bool:
        return str(inp.get(name, "auto")).strip().lower() == "auto"

    def same(path: Any, sha: Any) -> str | None:
        """Why the file at ``path`` is not the one the run read (None: it is)."""
        q = Path(str(path))
        if not q.is_file():
            return "is no longer there"
        if sha and _sha256(q) != sha:
            return "has changed since (another SHA-256)"
        return None

    def warn(setting: str, what: str, why: str) -> None:
        log.warning("%s: the run read %s (%s = \"auto\"), which %s; this run resolves \"auto\" anew, so its "
                    "result may differ from that run's. Fix: point %s at the table the run used (or "
                    "--set %s=off to run without)", source, what, setting, why, setting, setting)

    if not auto("asn_db") and not (auto("asn_names") or auto("hosting_ranges")):
        return
    if rec.get("path") is None:
        # under "auto" the run found no table: none now either (an environment variable set since would
        # enrich addresses the run did not)
        if auto("asn_db"):
            inp["asn_db"] = "off"
        return
    if auto("asn_db"):
        why = same(rec["path"], rec.get("sha256"))
        if why:
            warn("input.asn_db", f"the AS table {rec['path']}", why)
            return  # the names and ranges belong to that table
        inp["asn_db"] = str(rec["path"])
    if auto("asn_names"):
        names = rec.get("names")
        if names is None:
            inp["asn_names"] = "off"
        else:
            why = same(names, rec.get("names_sha256"))
            if why:
                warn("input.asn_names", f"the AS names file {names}", why)
            else:
                inp["asn_names"] = str(names)
    if auto("hosting_ranges"):
        host = rec.get("hosting_ranges")
        if host is None:
            inp["hosting_ranges"] = "off"
        elif isinstance(host, dict) and host.get("files"):
            files = [str(f) for f in host["files"]]
            what = f"the hosting range lists {files[0]}" + (f" and {len(files) - 1} more" if len(files) > 1 else "")
            gone = [f for f in files if not Path(f).is_file()]
            if gone:
                why = f"include {gone[0]}, no longer there" if len(gone) == 1 else \
                    f"include {len(gone)} files no longer there ({gone[0]}, ...)"
            elif any("," in f for f in files):
                why = "cannot be named in one setting (a comma in a path)"
            elif host.get("sha256") and hosting_digest([Path(f) for f in files]) != host["sha256"]:
                why = "have changed since (another SHA-256)"
            else:
                inp["hosting_ranges"] = ",".join(files)
                return
            warn("input.hosting_ranges", what, why)


def given_settings(cfg: Config) -> frozenset[str] | None:
    """The settings (``"prompts.repeat_cap"``) a config file, mapping or override gave ``cfg`` (:func:`load_config`,
    :meth:`Config.with_overrides`), even at their default value; ``None`` for a :class:`Config` built in Python,
    whose settings cannot be told from defaults. ``refresh`` keeps a state's baked-in settings only where the
    command gave none (session 78)."""
    return getattr(cfg, "_given", None)


def load_config(
    path: str | Path | Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | list[str] | None = None,
) -> Config:
    """Build a :class:`Config` from defaults, an optional config file and overrides.

    The file is TOML, or JSON when its name ends in ``.json``: a run's ``run.json`` (its ``config``
    block, so ``--config OUT/run.json`` repeats that run's settings) or a bare config object. A mapping
    (``{"communities": {"resolution": 0.5}}``, as a TOML file would read) is taken as the file's content.
    """
    if path is None:
        cfg = Config.from_dict({})
    elif isinstance(path, Mapping):
        cfg = Config.from_dict(path, "the config mapping")
    else:
        p = Path(path)
        is_json = p.suffix.lower() == ".json"
        try:
            text = p.read_text(encoding="utf-8-sig")  # a BOM (Windows editors) as input files allow
            if is_json:
                data = json.loads(text)
                if isinstance(data, dict) and isinstance(data.get("config"), dict):  # a run.json
                    run = data
                    data = _as_run(data["config"])
                    _pin_run_tables(run, data, str(p))
                if not isinstance(data, dict):
                    raise ConfigError("a JSON config must be an object (or a run.json with a config block)", str(p))
            else:
                data = tomllib.loads(text)
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {p}") from None
        except OSError as e:  # a directory, no permission
            raise ConfigError(f"cannot read the config file: {e.strerror or e}", str(p)) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"cannot parse TOML: {e}", str(p)) from None
        except json.JSONDecodeError as e:
            raise ConfigError(f"cannot parse JSON: {e}", str(p)) from None
        cfg = Config.from_dict(data, str(p))
    if overrides:
        cfg = cfg.with_overrides(overrides)
    return cfg
