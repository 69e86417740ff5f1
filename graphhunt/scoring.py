"""Ring features, risk score, reason codes and evidence.

Every feature lies in [0, 1] and compares the ring with the whole population
(a null of "any group of accounts this size"), so it means the same on a small
log and a huge one:

``template_concentration``
    share of the members' requests that use template families which at least
    ``scoring.template_member_fraction`` of the members use *and* which are
    mostly used inside the ring (popular public templates don't count). With
    ``scoring.template_neighbourhood``, "inside" counts the communities the ring
    shares infrastructure with too, on the final partition and for a ring that
    harvests at the floor by itself (:func:`template_neighbourhood_holders`): a
    hydra cut into pieces owns its families across its pieces.
``volume``
    sustained use of the per-account limit: the median member's requests per
    active day over ``scoring.requests_per_day_limit`` (20 % -> 1), or its ratio
    to the population median (8x -> 1), whichever is larger.
``reasoning``
    rate of chain-of-thought / step-by-step elicitation above the population rate (the mean of the
    accounts' own rates, ``scoring.reasoning_baseline_per_account``), counted up to twice
    ``output_tokens`` (``scoring.reasoning_needs_long_answers``): a distiller keeps the reasoning in
    the answers, and a request for it answered briefly (a class's "explain step by step" exercises)
    yields none. Answers twice the population's median length carry it in full.
``output_tokens``
    median output tokens against the population median (4x -> 1).
``machine_timing``
    members' regularity (1 - coefficient of variation of gaps between requests)
    or round-the-clock activity (no sleep gap of 4 hours among the hours of the day used on at least
    two days: one night through is not a machine), averaged over members.
``burst_signup``
    how many members signed up within ``scoring.burst_window_hours`` of each
    other, beyond what the population's sign-up rate predicts.
``client_homogeneity``
    share of members on the ring's most common user agent, beyond that agent's
    population share.

(``volume``, ``machine_timing`` and ``client_homogeneity`` are measured over the
members that sent requests: an account that is only in the accounts file, tied to
the ring by its card, has no volume, timing or client of its own. Counted as 0, such
members lowered the evidence of the ring they joined; session 23.)
``link_rarity``
    mean edge weight between members (rare evidence shared densely; 1.5 -> 1).
``shared_infrastructure``
    share of member pairs tied by infrastructure or payment (anything but prompt
    content), over ``scoring.infrastructure_pair_share`` (a quarter of the pairs
    -> 1). Pairs that declare the same ``org_id`` don't count: a corporate card
    or an office network shared inside a declared organisation is explained by
    it. Nor do pairs whose accounts each belong to a declared organisation of at
    least two accounts (two companies in one office building or coworking
    space); a one-account organisation explains nothing. An academic e-mail
    domain is its institution's organisation (``scoring.academic_domain_org``), and
    two accounts whose e-mail domains are different and each held by at most
    :data:`PRIVATE_DOMAIN_MAX_HOLDERS` accounts are two organisations of their own
    (``scoring.private_domain_org``: one vendor running its customers' accounts).
    Two accounts on the *same* domain are one organisation when they
    signed up more than ``scoring.burst_window_hours`` apart
    (``scoring.same_domain_org``: a team joins over time, while a ring's
    catch-all domain is filled in one batch), for a domain of up to
    ``scoring.team_domain_max_holders`` holders more than half of whom are
    in the group (a vendor's staff, not a regional webmail provider). A payment
    method more than half of whose holders are one organisation is that
    organisation's, and places its holders that declare none in it
    (``scoring.payment_org``: students on their university's licence).
    Independent apps built
    on the same public prompt template share content only; an operator's
    accounts share what the operator runs them on.
    A group tied by content alone gets 0 here and must make up the weight with
    behaviour.
``disclosed_org`` (negative weight: mitigating)
    share of members that declare the same ``org_id`` in the accounts file (or
    share an academic e-mail domain). An
    organisation that openly groups its accounts is not hiding coordination;
    covert rings avoid declaring a common organisation.
``episodic`` (negative weight: mitigating)
    the group did most of its work in one short episode that is over: the share of the members'
    requests in one window of :data:`EPISODE_HOURS` (each member's busiest, counted when it lies
    within half a window of the members' median), :data:`EPISODE_SHARE_FROM` (0.7) -> 0 and 1 -> 1, and 0 unless at least
    :data:`EPISODE_AFTER_HOURS` of data follow that window. A hackathon, a workshop, a tutorial run
    or a benchmark run is one event; a harvest is sustained, and a group whose burst is still at the
    end of the data may be a ring that has just started, so it gets nothing (a scheduled refresh
    sees it again once the data say whether it stopped).

Risk score: ``risk = min(1, h / floor) / (1 + exp(-slope * (Σ w_f · f + u - midpoint)))`` with the
weights, slope and midpoint from ``[scoring]`` in ``run.json``. ``h`` (``harvest_evidence``) is the
harvesting behaviour: the value of the answers (``reasoning`` + ``output_tokens``, weighted) plus the
activity (``volume`` + ``machine_timing``) counted up to that value, or up to the members' use of the
per-account limit (:func:`harvest_evidence`), and
``floor`` is ``min_harvest_behaviour`` scaled by what that sum can reach on this input over a full one
(:func:`harvest_floor`; ``run.json``'s ``harvest_unmeasured``); a floor of 0 is off.
The risk is then scaled once more by ``min(1, o / min_operator_behaviour)``, ``o``
(``operator_behaviour``) being the largest of ``template_concentration``, ``reasoning``,
``machine_timing`` and ``burst_signup`` (one the input cannot measure at the neutral level,
:func:`operator_behaviour`): a group tied by the infrastructure it shares, whose members ask for
different things, ask for no reasoning, keep human hours and signed up apart, is a team on its
office network and card, however long its answers; an operator's accounts show its hand in at least
one of these. And by ``min(1, a / min_activity)``, ``a`` (``activity``) being the larger of ``volume``
and ``machine_timing``: a group whose median member sends what the population's median account sends, at
human hours, harvests nothing at scale, whatever it asks (session 58).
``rings.csv`` carries every ``f_*``, ``evidence_sum = Σ w_f · f``, ``evidence_unmeasured = u``,
``harvest_evidence``, ``operator_behaviour`` and ``activity``, so with run.json a score can be recomputed from that file alone.

``u`` stands in for metadata the input does not have at all: no ``output_tokens``
column (``output_tokens``), no ``user_agent`` column (``client_homogeneity``), no
``created_at`` for the accounts (``burst_signup``). Such a feature counts at
``scoring.unmeasured_level`` (0.5: about what ring communities show on these features
where the columns are there) instead of 0, which would read a missing column as
evidence of innocence and drop rings that the full data flags. Before session 77 it
counted at the neutral level ``midpoint / Σ positive weights`` (0.6), where it neither
raises nor lowers a risk: more than the rings it stands in for show, which flagged
benign groups just over the threshold (docs/QUALITY.md, "Session 77"). ``u`` is the same for every ring of a run (0 when every column is there;
``scoring.neutral_unmeasured = false`` makes it 0 always). The prompt-derived
features (template concentration, reasoning) are not replaced: without prompts a
crowd that shares a network has nothing else to hold it below the threshold
(measured in docs/QUALITY.md, "Session 14").

Account score: the ring's risk times the member's fit, ``min(1, fit /
floor)`` with ``floor = max(member_fit_floor, member_fit_relative * median
fit of the ring's members)``: a member is judged against the absolute floor
and against its own ring's typical member. Fit is the smaller of

* tie fit: the larger of the member's tie strength (weighted degree inside the
  ring over the median member's) and its use of the ring's templates; and
* behaviour fit: the share of the ring's behavioural evidence (the weighted
  template, volume, reasoning, output-token and timing features) that the
  member shows on its own, ``Σ w·min(f_member, f_ring) / Σ w·f_ring``; and
* infrastructure fit: the share of ring-mates the member shares payment or
  network evidence with, over the ring's share of such pairs (1 when the ring
  shares none). A member tied to an infrastructure-sharing ring by prompt
  content alone is a user of the same template, not one of the operator's
  accounts.

A benign user who shares a proxy IP or a commercial proxy range with a ring
keeps a low score even when the community search put them in it: they are
tied to the ring but do not behave like it.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._arrays import unique_sorted
from .activity import DEFAULT_DAILY_LIMIT, account_daily_caps, infer_daily_limit, plan_daily_limits
from .config import ScoringConfig

log = logging.getLogger(__name__)

__all__ = ["FEATURES", "REASON_CODES", "account_features", "score_rings", "unmeasured_features"]

#: an hour of the day counts as covered for round-the-clock activity (``machine_timing``) when the
#: account used it on at least this many distinct days: one night through (a hackathon, a deadline)
#: covers every hour once (docs/QUALITY.md, "Session 26")
SLEEPLESS_MIN_DAYS = 2

FEATURES = [
    "template_concentration",
    "volume",
    "reasoning",
    "output_tokens",
    "machine_timing",
    "burst_signup",
    "client_homogeneity",
    "link_rarity",
    "shared_infrastructure",
    "shared_workload",
    "disclosed_org",
    "episodic",
]
#: features that only fill the room another leaves: ``shared_workload`` is at most 1 - ``shared_infrastructure`` and has
#: its weight, so it adds nothing to what the evidence can reach (the neutral level's sum of positive weights)
ROOM_FEATURES = ("shared_workload",)
#: the three values whose smallest is a member's fit (README, "Reading a ring's evidence"): its tie strength or
#: use of the ring's templates against the median member's, the share of the ring's behavioural evidence it
#: shows on its own, and the share of ring-mates it shares infrastructure with against the ring's share
FIT_PARTS = ("tie_fit", "behaviour_fit", "infrastructure_fit")

REASON_CODES = {
    "template_concentration": "TEMPLATE_CONCENTRATION",
    "volume": "HIGH_VOLUME",
    "reasoning": "REASONING_ELICITATION",
    "output_tokens": "LONG_OUTPUTS",
    "machine_timing": "MACHINE_TIMING",
    "burst_signup": "BURST_SIGNUP",
    "client_homogeneity": "CLIENT_HOMOGENEITY",
    "link_rarity": "RARE_DENSE_LINKS",
    "shared_infrastructure": "SHARED_INFRASTRUCTURE",
    "shared_workload": "SHARED_WORKLOAD",
    "disclosed_org": "DISCLOSED_ORG",
    "episodic": "ONE_EPISODE",
}


#: features one account shows on its own whatever group it is in (``behaviour_evidence``)
BEHAVIOUR_FEATURES = ("volume", "reasoning", "output_tokens", "machine_timing")

#: an episode (``episodic``): the busiest this many hours of an account's activity
EPISODE_HOURS = 48
#: a group's episode counts as over (``episodic``) once this many hours of data follow its window
EPISODE_AFTER_HOURS = 72
#: ``episodic`` is 0 up to this share of the group's requests in its episode and 1 at all of them. A
#: short-lived ring that works through three or four days has 0.6-0.7 of its requests in its busiest two
#: (the simulator's ``hard`` seed 3: 0.71); a hackathon 0.95-1 (docs/QUALITY.md, "Session 42")
EPISODE_SHARE_FROM = 0.7

#: link types that describe what accounts ask, not what they run on
CONTENT_LINK_TYPES = frozenset({"template"})


def template_neighbourhood_holders(comm: np.ndarray, edges: pd.DataFrame, template_inc: pd.DataFrame,
                                   only: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``template_inc`` (``acc, attr, n_accounts``): how many of the family's holders are in the
    account's community of ``comm`` or in a community it shares infrastructure with (an edge of a link type
    other than prompt content between a member of each; ``scoring.template_neighbourhood``), and how many are
    in the community itself.

    A hydra behind one relay pool is cut into pieces of a few dozen accounts, each holding a few percent of
    its own families' holders; the pieces share the relay addresses. Counted this way, the families are the
    pieces' own, as a smaller ring's are. Independent users of one public template share no address or card
    with each other, so their neighbourhoods hold few of its holders. Only pairs (community, family) that
    two or more members hold, that the community does not own by itself, whose community is in ``only`` (a
    bool per community label; None: all) and whose neighbourhood is large enough to hold half of the family
    are looked at; every other row gets its community's own count.
    """
    comm = np.asarray(comm, np.int64)
    acc = template_inc["acc"].to_numpy()
    attr = template_inc["attr"].to_numpy().astype(np.int64)
    c = comm[acc]
    width = np.int64(attr.max(initial=0) + 1)
    ukey, inv, cnt = np.unique(c * width + attr, return_inverse=True, return_counts=True)
    own = cnt[inv].astype(np.int64)
    infra_cols = [x for x in edges.columns if x.startswith("w_") and x[2:] not in CONTENT_LINK_TYPES]
    if not infra_cols or not len(edges) or not len(acc):
        return own, own
    uc, ua = ukey // width, ukey % width
    uk = np.zeros(len(ukey), np.int64)
    uk[inv] = template_inc["n_accounts"].to_numpy()
    pre = (cnt >= 2) & (2 * cnt < uk)
    if only is not None:
        pre &= np.asarray(only, bool)[uc]
    if not pre.any():
        return own, own
    n_comm = int(comm.max()) + 1
    want = np.zeros(n_comm, bool)
    want[uc[pre]] = True
    # edges between a candidate community and another one, by infrastructure
    s, d = edges["src"].to_numpy(), edges["dst"].to_numpy()
    cs, cd = comm[s], comm[d]
    rows = np.flatnonzero((want[cs] | want[cd]) & (cs != cd))
    infra = np.zeros(len(rows), bool)
    for x in infra_cols:
        infra |= edges[x].to_numpy()[rows] > 0
    cs, cd = cs[rows[infra]], cd[rows[infra]]
    fwd, back = want[cs], want[cd]
    # (candidate community, neighbour) pairs, each once (a sort: np.unique's hash took seconds at 100k accounts)
    adj = unique_sorted(np.r_[cs[fwd] * n_comm + cd[fwd], cd[back] * n_comm + cs[back]])
    a_c, a_n = adj // n_comm, adj % n_comm
    sizes = np.bincount(comm, minlength=n_comm)
    reach = sizes + np.bincount(a_c, weights=sizes[a_n], minlength=n_comm)  # accounts in the neighbourhood
    cand = np.flatnonzero(pre & (2 * reach[uc] >= uk))
    if not len(cand):
        return own, own
    # each candidate (community, family) against each neighbour community's holders of the family
    lo, hi = np.searchsorted(a_c, uc[cand], "left"), np.searchsorted(a_c, uc[cand], "right")
    rep = hi - lo
    which = np.repeat(cand, rep)
    nb = a_n[np.repeat(lo, rep) + (np.arange(int(rep.sum())) - np.repeat(np.cumsum(rep) - rep, rep))]
    look = nb * width + ua[which]
    pos = np.minimum(np.searchsorted(ukey, look), len(ukey) - 1)
    near = cnt.astype(np.int64)
    np.add.at(near, which, np.where(ukey[pos] == look, cnt[pos], 0))
    return near[inv], own


def core_family_need(sizes: np.ndarray, fraction: float) -> np.ndarray:
    """How many members of a ring of each size must hold a template family for it to be a core family
    (``scoring.template_member_fraction`` of them, at least two).

    >>> core_family_need(np.array([3, 40]), 0.1).tolist()
    [2.0, 4.0]
    """
    return np.maximum(2, np.ceil(fraction * np.asarray(sizes)))


def reasoning_on_own_families(comm: np.ndarray, template_inc: pd.DataFrame, near: np.ndarray, own: np.ndarray,
                              groups: np.ndarray, event_acc: np.ndarray, event_family: np.ndarray,
                              event_reasoning: np.ndarray, member_fraction: float,
                              per_member: bool = True) -> np.ndarray:
    """Per community label: the reasoning rate of its members' requests in the template families it owns
    with its infrastructure neighbourhood (half of a family's holders or more in the community or in the
    communities it shares infrastructure with, ``near`` of :func:`template_neighbourhood_holders`, held by
    as many of its members as a core family needs), for the communities in ``groups`` (a bool per label);
    NaN elsewhere and where no member sent such a request. Each member with such requests counts once
    (``per_member``, as ``scoring.reasoning_rate_per_member``), else the share of the requests.

    A hydra mixes its harvest with resold ordinary chat: its pieces' reasoning rate over every request is
    the harvest's diluted by the chat (world34 s3: 0.28 per member, 0.5 on the hydra's own families), while
    its harvest runs through the families its relay pool owns (``scoring.neighbourhood_own_reasoning``).

    >>> inc = pd.DataFrame({"acc": [0, 1, 0, 2], "attr": [7, 7, 5, 5], "n_events": [2, 2, 1, 1], "n_accounts": [2, 2, 9, 9]})
    >>> reasoning_on_own_families(np.array([0, 0, 1]), inc, np.array([2, 2, 1, 1]), np.array([2, 2, 1, 1]),
    ...     np.array([True, False]), np.array([0, 0, 0, 1, 1, 0]), np.array([7, 7, 5, 7, 7, -1]),
    ...     np.array([True, True, False, False, True, False]), 0.1).round(2).tolist()
    [0.75, nan]
    """
    comm = np.asarray(comm, np.int64)
    n_comm = len(groups)
    out = np.full(n_comm, np.nan)
    acc = template_inc["acc"].to_numpy().astype(np.int64)
    attr = template_inc["attr"].to_numpy().astype(np.int64)
    c = comm[acc]
    sizes = np.bincount(comm, minlength=n_comm)
    # the core-family test of score_rings, with the neighbourhood's holders (own >= 2 holders implies a shared family)
    owned = (np.asarray(groups, bool)[c] & (own >= core_family_need(sizes[c], member_fraction))
             & (2 * np.asarray(near) >= template_inc["n_accounts"].to_numpy()))
    if not owned.any():
        return out
    width = np.int64(max(int(attr.max(initial=0)), int(np.max(event_family, initial=0))) + 1)
    keys = np.sort(acc[owned] * width + attr[owned])
    ev_acc = np.asarray(event_acc, np.int64)
    ev_fam = np.asarray(event_family, np.int64)
    on = (ev_fam >= 0) & np.asarray(groups, bool)[comm[ev_acc]]
    look = ev_acc[on] * width + ev_fam[on]
    pos = np.minimum(np.searchsorted(keys, look), len(keys) - 1)
    hit = keys[pos] == look
    a = ev_acc[on][hit]
    r = np.asarray(event_reasoning, bool)[on][hit].astype(np.float64)
    n_acc = len(comm)
    n_req = np.bincount(a, minlength=n_acc).astype(np.float64)
    n_rs = np.bincount(a, weights=r, minlength=n_acc)
    has = n_req > 0
    if per_member:
        tot = np.bincount(comm[has], weights=n_rs[has] / n_req[has], minlength=n_comm)
        cnt = np.bincount(comm[has], minlength=n_comm).astype(np.float64)
    else:
        tot = np.bincount(comm[has], weights=n_rs[has], minlength=n_comm)
        cnt = np.bincount(comm[has], weights=n_req[has], minlength=n_comm)
    ok = (cnt > 0) & np.asarray(groups, bool)
    out[ok] = tot[ok] / cnt[ok]
    return out


def unmeasured_features(feats: pd.DataFrame) -> tuple[str, ...]:
    """The metadata features this input cannot measure for any account (its column is absent or empty).

    Decided from the whole population, so it is the same for every partition a run scores.

    >>> f = pd.DataFrame({"median_output_tokens": [np.nan, np.nan], "main_user_agent": ["sdk/1", None],
    ...                   "created_ts": [1.0, np.nan]})
    >>> unmeasured_features(f)
    ('output_tokens', 'burst_signup')
    """
    out = []
    if not feats["median_output_tokens"].notna().any():
        out.append("output_tokens")
    if not feats["main_user_agent"].notna().any():
        out.append("client_homogeneity")
    if feats["created_ts"].notna().sum() < 2:  # a burst needs two sign-up times (score_rings)
        out.append("burst_signup")
    return tuple(out)


def _ring_median(values: np.ndarray, comm: np.ndarray, in_ring: np.ndarray, n_labels: int) -> np.ndarray:
    """Per community label, the median of ``values`` over its ring members (0 for other labels)."""
    out = np.zeros(n_labels)
    if in_ring.any():
        med = pd.Series(values[in_ring]).groupby(comm[in_ring]).median()
        out[med.index.to_numpy()] = med.to_numpy()
    return out


#: the smallest risk that is flagged whatever ``scoring.threshold`` says: the outputs' precision (4 decimals)
MIN_FLAGGED_RISK = 1e-4


def flagged_at(risk: Any, threshold: float) -> np.ndarray:
    """Whether a risk is flagged: at or above ``threshold`` and at least :data:`MIN_FLAGGED_RISK`.

    A risk of 0 is no evidence at all (an account in no ring, an account of the accounts file without
    requests, a group that every gate took to 0), so ``scoring.threshold = 0`` flags every ring candidate
    with some risk, not every account of the input; and a risk the outputs write as 0.0000 is not flagged.
    """
    risk = np.asarray(risk, dtype=np.float64)
    return (risk >= threshold) & (risk >= MIN_FLAGGED_RISK)


def data_end_seconds(ts: np.ndarray) -> float:
    """Where the events end, for ``episodic``: the 99.9th percentile of their times, and never later than
    the main time range allows.

    The percentile keeps one stray far-future date (a placeholder, a client with a wrong clock) from moving
    the end years ahead, where every burst looks over. Stray dates from more than 0.1 % of the events
    (100 of 40,000 from five accounts dated 2099) were the percentile, and a ring that had just started at
    the data's real end lost ONE_EPISODE's two units of evidence with no warning. Events more than the
    central range's span (2nd to 98th percentile, at least a day) after its end are left out (up to 2 %
    of the events), with a warning. An earlier end only makes fewer episodes count.
    """
    ts = np.asarray(ts)
    lo, hi, end = (float(v) for v in np.quantile(ts, [0.02, 0.98, 0.999], method="nearest"))  # one partition
    limit = hi + max(hi - lo, 86_400.0)
    if end > limit:
        late = ts > limit
        end = float(ts[~late].max())
        fmt = "%Y-%m-%d %H:%M"
        log.warning("%d event(s) (%.2f %%) lie far after the log's main time range, e.g. at %s UTC (placeholder "
                    "dates or a wrong clock?); the data are read as ending at %s UTC for ONE_EPISODE (a burst is "
                    "over only when 72 hours of data follow it)", int(late.sum()), 100.0 * late.mean(),
                    pd.Timestamp(int(ts[late].min()), unit="s").strftime(fmt), pd.Timestamp(int(end), unit="s").strftime(fmt))
    return end


def _clip(x):
    return np.clip(np.nan_to_num(np.asarray(x, dtype=np.float64), nan=0.0), 0.0, 1.0)


def reasoning_feature(rate: Any, base: float) -> np.ndarray:
    """``f_reasoning`` of a reasoning rate against the population's ``base``: 0 at it, 1 at half the requests
    (or at ``base`` + 0.05 when the population already asks that often); no rate (NaN) is 0.

    >>> reasoning_feature(np.array([0.1, 0.3, 0.9, np.nan]), 0.1).round(2).tolist()
    [0.0, 0.5, 1.0, 0.0]
    """
    return _clip((np.asarray(rate, np.float64) - base) / max(0.5 - base, 0.05))


def _doublings(x, base: float, full: float) -> np.ndarray:
    """How far ``x`` lies above a population's ``base``, in doublings over ``full`` doublings, in [0, 1]
    (``volume``: 3 doublings of the median account's daily requests; ``output_tokens``: 2 of its median answer)."""
    return _clip(np.log2(np.maximum(x / max(base, 1e-9), 1e-9)) / full)  # (x as given: float32 stays float32)


#: an academic e-mail domain: ``.edu``, ``.edu.<cc>``, ``.ac.<cc>`` and their subdomains
ACADEMIC_DOMAIN = r"(?:^|\.)(?:edu|edu\.[a-z]{2}|ac\.[a-z]{2})$"
#: ``scoring.private_domain_org``: an e-mail domain at most this many accounts have is their own (a
#: school's, a customer's; free-mail and a ring's catch-all domain have more, or are one domain for all)
PRIVATE_DOMAIN_MAX_HOLDERS = 5
#: ... and the rule is off when more than this share of the accounts with an e-mail domain have such a
#: domain (in ten independent worlds: 0-5 %)
PRIVATE_DOMAIN_MAX_SHARE = 0.25


def disposable_domains(domains: pd.Series) -> np.ndarray:
    """bool per e-mail domain: a disposable-address service's (``scoring.disposable_domains_no_org``), by the
    disposable-email-domains list (a maintained list of ~10,000 services), the domain itself or a parent
    (``x.mailinator.com``). Looked up once per distinct domain.

    >>> disposable_domains(pd.Series(["mailinator.com", "inbox.yopmail.com", "gmail.com", None])).tolist()
    [True, True, False, False]
    """
    from disposable_email_domains import blocklist

    import pyarrow as pa
    import pyarrow.compute as pc

    codes, uniq = pd.factorize(pd.Series(domains, dtype="string"), use_na_sentinel=True)
    cur = pa.array(np.asarray(uniq, dtype=object), type=pa.string())
    listed = pa.array(sorted(blocklist), type=pa.string())
    hit = np.zeros(len(cur), bool)
    while len(cur):  # the domain, then each parent of two labels or more (Arrow kernels: 1M domains in 0.5 s)
        hit |= pc.fill_null(pc.is_in(cur, value_set=listed), False).to_numpy(zero_copy_only=False)
        cur = pc.replace_substring_regex(cur, r"^[^.]*\.", "")
        if not pc.any(pc.match_substring(cur, ".")).as_py():
            break
    return np.where(codes >= 0, hit[np.maximum(codes, 0)] if len(hit) else False, False)


def account_features(events: pd.DataFrame, n_accounts: int, limit: int,
                     reasoning: np.ndarray | None, accounts: pd.DataFrame | None,
                     prompt_logged: np.ndarray | None = None,
                     template_measured: np.ndarray | None = None,
                     academic_domain_org: bool = True, private_domain_org: bool = True,
                     team_domain_max_holders: int = 100, disposable_domains_no_org: bool = True,
                     payments: tuple[np.ndarray, np.ndarray] | None = None,
                     academic_network: np.ndarray | None = None,
                     plan_limits: dict | None = None, plan_limits_from_data: bool = False,
                     account_caps_from_data: bool = False, account_caps_need_midnight: bool = True,
                     repeats_over: np.ndarray | None = None) -> pd.DataFrame:
    """Per-account behaviour, indexed by account code 0..n-1 (vectorised groupbys).

    ``prompt_logged`` (bool per event) marks the events whose prompt the log holds and
    ``template_measured`` those that went through template extraction (the prompt-sampling bound
    leaves the rest out); the prompt-derived rates are shares of those events, not of all events,
    so a platform that logs prompts for a fifth of its requests measures the same rates as one that
    logs them all. Without them every event counts.

    ``utilization`` is an account's requests per active day over its own daily limit (``daily_limit``): its
    plan's (the accounts file's ``plan`` column) when ``plan_limits`` lists it or, with
    ``plan_limits_from_data``, when its plan's accounts show one (:func:`activity.plan_daily_limits`); else
    ``limit``, or with ``limit`` 0 the platform's limit the data show. ``attrs["daily_limit"]`` says which,
    with ``plans`` for the plans that have their own.

    ``own_domain`` is the code of an e-mail domain at most :data:`PRIVATE_DOMAIN_MAX_HOLDERS` accounts
    hold and ``team_domain`` that of one at most ``team_domain_max_holders`` hold (at least the former;
    ``scoring.team_domain_max_holders``), -1 for none; both are -1 everywhere when small domains are too
    common to tell organisations apart.
    """
    acc = events["acc"].to_numpy()
    ts = events["ts"].to_numpy()
    day = ts // 86400
    base = pd.DataFrame({"acc": acc, "day": day})
    n_events = np.bincount(acc, minlength=n_accounts)
    daily = base.groupby(["acc", "day"], sort=False).size()
    active_days = np.bincount(daily.index.get_level_values(0).to_numpy(), minlength=n_accounts)
    peak = daily.groupby(level=0).max().reindex(range(n_accounts), fill_value=0).to_numpy()
    f = pd.DataFrame(index=pd.RangeIndex(n_accounts, name="acc"))
    f["n_events"] = n_events
    n_prompted = n_events if prompt_logged is None else np.bincount(acc[prompt_logged], minlength=n_accounts)
    f["n_prompted"] = n_prompted
    f["n_template_measured"] = (n_prompted if template_measured is None
                                else np.bincount(acc[template_measured], minlength=n_accounts))
    f["active_days"] = active_days
    # volume counts an account's requests up to scoring.max_repeats_per_prompt sends of one exact text
    # (``repeats_over``: the rest, per account; links.prompts.repeats_over): a fixed health check is no harvest
    f["repeated_requests"] = 0 if repeats_over is None else np.asarray(repeats_over, np.int64)
    f["requests_daily"] = np.where(active_days > 0, n_events / np.maximum(active_days, 1), 0.0)
    f["mean_daily"] = np.where(active_days > 0, (n_events - f["repeated_requests"].to_numpy()) / np.maximum(active_days, 1), 0.0)
    f["peak_daily"] = peak
    if limit > 0:
        f.attrs["daily_limit"] = {"limit": int(limit), "source": "config"}
    else:  # limit 0: the platform's limit as the account-day counts show it (activity.infer_daily_limit)
        cap = infer_daily_limit(daily.to_numpy(), daily.index.get_level_values(0).to_numpy())
        f.attrs["daily_limit"] = {**cap, "limit": int(cap["limit"] or DEFAULT_DAILY_LIMIT),
                                  "source": "inferred" if cap["limit"] else "default"}
    acc_limit = np.full(n_accounts, float(f.attrs["daily_limit"]["limit"]))
    days_of = None
    if len(ts) and (account_caps_from_data or plan_limits_from_data):
        # each account-day's count and first and last request (the events are sorted by account and time, so
        # an account-day is a run of rows)
        kd = acc.astype(np.int64) * (int(day.max() - day.min()) + 2) + (day - day.min())
        start = np.flatnonzero(np.r_[True, kd[1:] != kd[:-1]])
        end = np.r_[start[1:], len(kd)] - 1
        sod = ts % 86400
        days_of = (end - start + 1, acc[start], day[start], sod[start], sod[end])
    if accounts is not None and "plan" in accounts.columns and (plan_limits or plan_limits_from_data):
        a = accounts[accounts["acc"] >= 0]
        codes, names = pd.factorize(a["plan"].astype("string").str.strip().replace("", pd.NA))
        plan_of_acc = np.full(n_accounts, -1, np.int64)
        plan_of_acc[a["acc"].to_numpy()] = codes
        if len(names):
            if plan_limits_from_data and days_of is not None:
                lim = plan_daily_limits(*days_of, plan_of_acc, list(names), plan_limits)
            else:  # only the configured ones
                lim = {k: {"limit": int(v), "source": "config", "accounts": int((plan_of_acc == names.get_loc(k)).sum())}
                       for k, v in (plan_limits or {}).items() if k in names}
            for name, v in lim.items():
                acc_limit[plan_of_acc == names.get_loc(name)] = float(v["limit"])
            if lim:
                f.attrs["daily_limit"] = {**f.attrs["daily_limit"], "plans": lim}
        unknown = sorted(set(plan_limits or {}) - set(names))
        if unknown:
            log.warning("scoring.plan_limits names plan(s) no account has: %s (the accounts' plans: %s); "
                        "their limits are not used", ", ".join(map(repr, unknown)),
                        ", ".join(map(repr, list(names)[:10])) or "none")
    elif plan_limits:  # (they were ignored without a word: the run measured every account against one limit)
        log.warning("scoring.plan_limits is set (%s) but the accounts have no plan column%s: the accounts have the "
                    "platform's limit of %d/day", ", ".join(map(repr, list(plan_limits)[:10])),
                    "" if accounts is not None else " (no accounts file)", int(f.attrs["daily_limit"]["limit"]))
    if account_caps_from_data and days_of is not None:
        cap = account_daily_caps(*days_of, n_accounts, need_midnight=account_caps_need_midnight)
        lower = (cap > 0) & (cap < acc_limit)
        if lower.any():
            acc_limit[lower] = cap[lower]
            caps = pd.Series(cap[lower]).value_counts().head(10)
            f.attrs["daily_limit"] = {**f.attrs["daily_limit"], "account_caps": {
                "accounts": int(lower.sum()), "caps": {int(k): int(v) for k, v in caps.items()}}}
    f["daily_limit"] = acc_limit
    f["utilization"] = f["mean_daily"] / acc_limit
    # timing: regularity of gaps (events are sorted by account, timestamp)
    same = np.r_[False, acc[1:] == acc[:-1]]
    gaps = np.diff(ts, prepend=ts[:1]).astype(np.float64)
    g = pd.DataFrame({"acc": acc[same], "gap": gaps[same]})
    gs = g.groupby("acc")["gap"].agg(["mean", "std", "size"]).reindex(range(n_accounts))
    cv = gs["std"] / gs["mean"].replace(0, np.nan)
    regular = np.where(gs["size"].fillna(0).to_numpy() >= 4, _clip(1.0 - cv.to_numpy()), 0.0)
    # round-the-clock activity: no run of >= 4 hours-of-day that the account used on fewer than
    # SLEEPLESS_MIN_DAYS distinct days (needs >= 48 events). Days, not events: one night through (a
    # hackathon, a deadline) covers every hour once; a machine covers them day after day
    hour = (ts // 3600) % 24
    # (unique_sorted: numpy 2.4's np.unique took 2.2 s here per 2M events, a sort 0.03 s)
    key = unique_sorted(((acc.astype(np.int64) * 24 + hour) << 32) | (day.astype(np.int64) & 0xFFFFFFFF))
    days_in_hour = np.bincount(key >> 32, minlength=n_accounts * 24).reshape(n_accounts, 24)
    thin = days_in_hour < SLEEPLESS_MIN_DAYS
    empty = np.concatenate([thin, thin], axis=1)
    run = np.zeros(n_accounts, np.int32)
    best = np.zeros(n_accounts, np.int32)
    for h in range(48):  # 48 vectorised steps, not a loop over events
        run = np.where(empty[:, h], run + 1, 0)
        best = np.maximum(best, run)
    sleepless = (n_events >= 48) & (np.minimum(best, 24) <= 3)
    f["episode_share"], f["episode_start_h"] = _busiest_window(acc, ts, n_events, n_accounts)
    # where the data end, for ``episodic``'s "over": not the latest timestamp, which one stray placeholder or
    # clock-error date would move years ahead (every burst would look over), but the 99.9th percentile;
    # an earlier end only makes fewer episodes count
    f.attrs["data_end_h"] = data_end_seconds(ts) / 3600.0 if len(ts) else np.nan
    f["regularity"] = regular
    f["sleepless"] = sleepless
    f["machine_timing"] = np.maximum(regular, sleepless.astype(np.float64))
    if "output_tokens" in events.columns:
        f["median_output_tokens"] = events.groupby("acc")["output_tokens"].median().reindex(range(n_accounts))
    else:
        f["median_output_tokens"] = np.nan
    if "output_tokens" in events.columns and reasoning is not None and reasoning.any():
        # the answers to the requests that ask for reasoning (scoring.reasoning_answers_of_reasoning_requests)
        on = np.asarray(reasoning, dtype=bool)
        f["median_reasoning_output_tokens"] = (events.loc[on, ["acc", "output_tokens"]].groupby("acc")["output_tokens"]
                                               .median().reindex(range(n_accounts)))
    else:
        f["median_reasoning_output_tokens"] = np.nan
    if reasoning is not None:
        # of the requests whose prompt is logged (missing for an account with none)
        hits = np.bincount(acc, weights=reasoning.astype(np.float64), minlength=n_accounts)
        f["reasoning_rate"] = np.where(n_prompted > 0, hits / np.maximum(n_prompted, 1), np.nan)
    else:
        f["reasoning_rate"] = np.nan
    if "user_agent" in events.columns:
        ua = events["user_agent"].astype("string")
        top = pd.DataFrame({"acc": acc, "ua": ua}).dropna().groupby(["acc", "ua"], sort=True).size()
        top = top.sort_values(ascending=False, kind="stable").reset_index().drop_duplicates("acc")
        f["main_user_agent"] = top.set_index("acc")["ua"].reindex(range(n_accounts))
    else:
        f["main_user_agent"] = pd.NA
    f["org_id"] = pd.Series(pd.NA, index=f.index, dtype="string")
    if accounts is not None and "org_id" in accounts.columns:
        a = accounts[accounts["acc"] >= 0]
        # blank ("" or whitespace, as a database export writes "none") declares no organisation, as in
        # load_accounts: both org rules (disclosed_org, shared infrastructure explained) read this column
        f.loc[a["acc"].to_numpy(), "org_id"] = a["org_id"].astype("string").str.strip().replace("", pd.NA).to_numpy()
    # declared in the accounts file (not placed by an e-mail domain, network or card below): scoring.declared_org_batch
    f["org_declared"] = f["org_id"].notna().to_numpy(bool)
    # e-mail domains that say who an account belongs to (scoring.academic_domain_org, private_domain_org)
    f["own_domain"] = -1  # code of a domain at most PRIVATE_DOMAIN_MAX_HOLDERS accounts have; -1 none
    f["team_domain"] = -1  # ... at most max(team_domain_max_holders, PRIVATE_DOMAIN_MAX_HOLDERS)
    report = {"academic": 0, "own_domain": 0, "team_domain": 0, "own_domain_off": False, "disposable": 0}
    if (academic_domain_org or private_domain_org) and accounts is not None and "email_domain" in accounts.columns:
        a = accounts[accounts["acc"] >= 0]
        acc_a = a["acc"].to_numpy()
        # the domain of a whole address ("ann@cs.uni.edu") too
        dom = (a["email_domain"].astype("string").str.strip().str.lower().str.rsplit("@", n=1).str[-1]
               .astype("string").str.strip(". ").replace("", pd.NA))
        if disposable_domains_no_org:
            # a disposable-address service's domain says nothing about who an account belongs to
            burner = disposable_domains(dom)
            report["disposable"] = int(burner.sum())
            dom = dom.mask(burner)
        if academic_domain_org:
            acad = dom.str.contains(ACADEMIC_DOMAIN, regex=True, na=False).to_numpy(bool)
            undeclared = acad & pd.isna(f["org_id"].to_numpy(object)[acc_a])
            f.loc[acc_a[undeclared], "org_id"] = ("email:" + dom[undeclared]).to_numpy()
            report["academic"] = int(undeclared.sum())
        if private_domain_org:
            codes, _ = pd.factorize(dom, use_na_sentinel=True)
            holders = np.bincount(codes[codes >= 0], minlength=1)
            held = np.where(codes >= 0, holders[np.maximum(codes, 0)], 0)  # holders of each account's domain
            small = (codes >= 0) & (held <= PRIVATE_DOMAIN_MAX_HOLDERS)
            with_domain = int((codes >= 0).sum())
            if small.sum() > PRIVATE_DOMAIN_MAX_SHARE * with_domain:
                log.warning("scoring.private_domain_org: %d of %d accounts have an e-mail domain at most %d accounts "
                            "have, so the column does not tell organisations apart (random domains, or one per "
                            "account?); no pair is explained by its e-mail domains", int(small.sum()), with_domain,
                            PRIVATE_DOMAIN_MAX_HOLDERS)
                report["own_domain_off"] = True
            else:
                f.loc[acc_a[small], "own_domain"] = codes[small]
                team = (codes >= 0) & (held <= max(team_domain_max_holders, PRIVATE_DOMAIN_MAX_HOLDERS))
                f.loc[acc_a[team], "team_domain"] = codes[team]
                report["team_domain"] = int(team.sum())
                report["own_domain"] = int(small.sum())
    if academic_network is not None:
        # the institution whose network an account mostly uses (scoring.academic_network_org), for an account
        # that declares no organisation and has no academic e-mail domain
        net = np.asarray(academic_network, np.int64)
        place = (net >= 0) & f["org_id"].isna().to_numpy()
        f.loc[np.flatnonzero(place), "org_id"] = ("asn:" + pd.Series(net[place]).astype(str)).to_numpy()
        report["academic_network"] = int(place.sum())
    if payments is not None:
        report["payment"] = _payment_organisations(f, *payments)
    f.attrs["email_organisations"] = report
    f["created_ts"] = np.nan
    if accounts is not None and "created_at" in accounts.columns:
        a = accounts[accounts["acc"] >= 0]
        ct = a["created_at"]
        ok = ct.notna().to_numpy()
        vals = np.full(len(a), np.nan)
        # in nanoseconds whatever the frame's unit: pd.to_datetime on text gives microseconds in pandas 3,
        # and reading those as nanoseconds shrank every sign-up gap 1,000x (hand-built accounts frames)
        vals[ok] = ct[ok].dt.as_unit("ns").astype("int64").to_numpy() / 1e9
        f.loc[a["acc"].to_numpy(), "created_ts"] = vals
    return f


def _payment_organisations(f: pd.DataFrame, account: np.ndarray, attr: np.ndarray) -> int:
    """An organisation's payment method (``scoring.payment_org``): a card, licence or invoice that more than
    half of its holders (two or more) hold as members of one organisation (declared ``org_id`` or academic
    e-mail domain) is that organisation's, and its holders that declare no organisation belong to it
    (students who signed up with webmail on their university's licence). Sets their ``org_id`` in ``f``;
    returns how many accounts it placed."""
    if not len(account):
        return 0
    org = f["org_id"]
    known = org.notna().to_numpy()
    codes, org_names = pd.factorize(org.to_numpy(object)[known])
    org_code = np.full(len(f), -1, np.int64)
    org_code[np.flatnonzero(known)] = codes
    pair = pd.DataFrame({"acc": account, "attr": attr}).drop_duplicates()
    holders = np.bincount(pair["attr"].to_numpy())
    oc = org_code[pair["acc"].to_numpy()]
    withorg = pair[oc >= 0].assign(org=oc[oc >= 0])
    if not len(withorg):
        return 0
    top = withorg.groupby(["attr", "org"]).size().reset_index(name="c")
    top = top.sort_values(["c", "org"], ascending=[False, True], kind="stable").drop_duplicates("attr")
    top = top[(top["c"] >= 2) & (top["c"] * 2 > holders[top["attr"].to_numpy()])]
    if not len(top):
        return 0
    org_of_attr = pd.Series(top["org"].to_numpy(), index=top["attr"].to_numpy())
    cand = pair[(oc < 0) & pair["attr"].isin(org_of_attr.index).to_numpy()]
    cand = cand.assign(org=org_of_attr.reindex(cand["attr"]).to_numpy()).sort_values(["acc", "org"]).drop_duplicates("acc")
    f.loc[cand["acc"].to_numpy(), "org_id"] = np.asarray(org_names, dtype=object)[cand["org"].to_numpy()]
    return int(len(cand))


def _busiest_window(acc: np.ndarray, ts: np.ndarray, n_events: np.ndarray, n_accounts: int,
                    hours: int = EPISODE_HOURS) -> tuple[np.ndarray, np.ndarray]:
    """Per account, the share of its requests in its busiest ``hours`` (whole clock hours, the first
    such window on ties) and that window's start in hours since the epoch (NaN without requests).

    One pass over the account's busy hours: requests are counted per (account, hour), and each busy
    hour's window sum is read off a cumulative sum at the hour ``hours`` later (``searchsorted``).

    >>> share, start = _busiest_window(np.array([0, 0, 0, 1]), np.array([0, 3600, 90000, 7200]),
    ...                                np.array([3, 1]), 2, hours=2)
    >>> share.round(3).tolist(), start.tolist()
    ([0.667, 1.0], [0.0, 2.0])
    """
    share = np.zeros(n_accounts)
    start = np.full(n_accounts, np.nan)
    if len(ts) == 0:
        return share, start
    hr = np.asarray(ts, np.int64) // 3600
    h0 = int(hr.min())
    key = (np.asarray(acc, np.int64) << 32) | (hr - h0)
    if len(key) > 1 and (key[1:] < key[:-1]).any():  # the detector sorts by account and time; callers may not
        key = np.sort(key)
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])  # the requests before a busy hour: its index
    hkey = key[first]
    # an account's keys are below the next account's even ``hours`` later (hours since h0 < 2**32)
    win = np.r_[first, len(key)][np.searchsorted(hkey, hkey + hours, "left")] - first
    a = hkey >> 32
    seg = np.flatnonzero(np.r_[True, a[1:] != a[:-1]])  # each account's busy hours, in time order
    top = np.maximum.reduceat(win, seg)
    hit = np.flatnonzero(win == np.repeat(top, np.diff(np.r_[seg, len(win)])))
    best = hit[np.r_[True, a[hit][1:] != a[hit][:-1]]]  # the earliest busiest window of each account
    share[a[best]] = win[best] / np.maximum(np.asarray(n_events)[a[best]], 1)
    start[a[best]] = (hkey[best] & 0xFFFFFFFF) + h0
    return share, start


def unmeasured_evidence(feats: pd.DataFrame, cfg: ScoringConfig) -> float:
    """``u`` of the risk score: the unmeasured metadata features at ``scoring.unmeasured_level`` (module docstring)."""
    if not cfg.neutral_unmeasured:
        return 0.0
    return float(cfg.unmeasured_level) * sum(max(cfg.weights.get(k, 0.0), 0.0) for k in unmeasured_features(feats))


def unmeasured_level_of(scoring: Mapping[str, Any]) -> float:
    """The level an unmeasured metadata feature counted at in a run (its stored ``[scoring]`` settings):
    ``unmeasured_level``, the neutral level for a run before session 77, 0 with ``neutral_unmeasured = false``."""
    if not scoring.get("neutral_unmeasured", True):
        return 0.0
    level = scoring.get("unmeasured_level")
    return neutral_level_of(scoring) if level is None else float(level)


def neutral_level_of(scoring: Mapping[str, Any]) -> float:
    """The neutral level ``midpoint / Σ positive weights`` of a run's stored ``[scoring]`` settings (run.json):
    the level at which a feature neither raises nor lowers a risk, and the level at which a run before session 77
    counted an unmeasured metadata feature (capped at 1, as ``scoring.unmeasured_level`` is: before, a midpoint
    above the sum of the positive weights, where no ring could reach the midpoint, was not capped)."""
    return _neutral_level(scoring.get("weights", {}) or {}, float(scoring.get("midpoint", 7.2)))


#: share of the daily limit at which the median member's use counts in full for ``shared_workload`` (stricter than
#: ``volume``'s 20 %: with no shared infrastructure, the work is the only tie; a crowd of independent users of one
#: prompt kit reaches 20 %: tests/test_lookalike_cores.py's bug-bounty hunters)
WORKLOAD_LIMIT_FULL = 0.5


def shared_workload(r: pd.DataFrame) -> np.ndarray:
    """Per ring: ``shared_workload``, how far its members share one operator's work where they share no
    infrastructure: ``template_concentration x limit use x (1 - organisation)`` for a ring whose members hold at least
    two core template families in common, less ``shared_infrastructure`` (0 where that is as large); organisation is
    the larger of ``disclosed_org`` (the share of members declaring one) and ``org_explained_member_share`` (the share
    of members whose infrastructure ties inside the ring an organisation explains; ``org_explained_pair_share``, the
    share of those ties, where a ring table lacks it). Both are shares of members: four declared accounts that
    share an office, drawn into a group of 48 that shares only its work, explain 4 of 48, not the group.

    A ring that gives every account an address and a card of its own is tied by its prompts alone; what still shows
    one operator is the work itself: several template families that are the group's own, run by each account at a
    large share of its daily limit (half of it -> 1, :data:`WORKLOAD_LIMIT_FULL`). Independent heavy apps tied by one generic
    template family they all use hold one core family, not several; a declared organisation explains its own
    accounts' shared work as it explains their shared office. It stands in for
    ``shared_infrastructure`` (same weight, at most the room that feature leaves), so a ring with shared
    infrastructure gains nothing from it (docs/QUALITY.md, "Session 71" and "Session 72").

    >>> r = pd.DataFrame({"f_template_concentration": [1.0, 1.0, 1.0, 0.9, 1.0], "median_utilization": [1.0, 0.25, 1.0, 1.0, 1.0],
    ...                   "n_core_templates": [4, 4, 1, 3, 4], "org_explained_member_share": [0.0, 0.0, 0.0, 0.0, 1.0],
    ...                   "f_shared_infrastructure": [0.0, 0.0, 0.0, 0.4, 0.0]})
    >>> shared_workload(r).round(2).tolist()
    [1.0, 0.5, 0.0, 0.5, 0.0]
    """
    need = ("f_template_concentration", "median_utilization", "n_core_templates", "f_shared_infrastructure")
    if len(r) == 0 or any(c not in r for c in need):
        return np.zeros(len(r))
    org = np.zeros(len(r))
    share = "org_explained_member_share" if "org_explained_member_share" in r else "org_explained_pair_share"
    for c in (share, "f_disclosed_org"):
        if c in r:
            org = np.maximum(org, r[c].fillna(0.0).to_numpy(np.float64))
    w = (np.nan_to_num(r["f_template_concentration"].to_numpy(np.float64))
         * _clip(r["median_utilization"].fillna(0.0).to_numpy(np.float64) / WORKLOAD_LIMIT_FULL)
         * (r["n_core_templates"].to_numpy() >= 2) * (1.0 - org))
    return _clip(w - _clip(r["f_shared_infrastructure"].to_numpy(np.float64)))


#: what a distiller harvests: answers worth training on (reasoning traces, long outputs)
VALUE_FEATURES = ("reasoning", "output_tokens")
#: how busily and how mechanically a group asks; counts as harvesting only as far as the answers have value
ACTIVITY_FEATURES = ("volume", "machine_timing")


#: share of the per-account limit (``scoring.requests_per_day_limit``) at which ``volume``'s limit-use term
#: reaches 1: the median member's requests per active day at 20 % of the limit (30 % in session 49; 20 % since
#: session 50: world20's carrier-NAT rings at 20 % of the limit with short answers, and rings of four other
#: generators between 20 and 30 %, while the first benign group appears at 15 %: docs/QUALITY.md, "Session 50")
LIMIT_USE_FULL = 0.2


def limit_use(utilization: Any) -> np.ndarray:
    """The limit-use term of ``volume``: requests per active day over the limit, 20 % -> 1."""
    return _clip(np.asarray(utilization, np.float64) / LIMIT_USE_FULL)


def limit_use_weight(cfg: ScoringConfig, unmeasured: Iterable[str] = ()) -> float:
    """What full use of the per-account limit (:func:`limit_use` 1) lets a group's activity count as harvesting
    in :func:`harvest_evidence`'s cap: the harvest floor of this input (:func:`scaled_harvest_floor`), so that a
    group whose median member runs at 20 % of the limit or more can reach the floor whatever its answers are worth
    and whatever columns the input has: its activity (volume + timing) then counts up to the floor. It lifts the
    cap only; a group at full volume on human hours (activity 1 of the floor's 1.5) stays under it
    (docs/QUALITY.md, "Session 65": making the limit alone reach the floor flagged classrooms).

    Before session 59 it was ``volume``'s weight (1) under a floor of 1.5: a card swarm on one /24, signed up
    within the hour, around the clock at 80 % of the limit for short answers kept at most two thirds of its
    risk (world28 s2: 0 of its 78 accounts found; docs/QUALITY.md, "Session 59"). From session 59 to 70 it was the
    larger of ``volume``'s weight and the floor: without an ``output_tokens`` column (floor 0.75) full use of the
    limit then reached a third above the floor, 15 % of the limit reached it, and a spreadsheet add-on's users at
    8 % of it kept half their risk (``scoring.limit_use_to_floor`` false; docs/QUALITY.md, "Session 71"). A floor of
    0 (off) keeps that rule.

    >>> limit_use_weight(ScoringConfig()), limit_use_weight(ScoringConfig(), ["output_tokens"])
    (1.5, 0.75)
    >>> limit_use_weight(ScoringConfig(limit_use_to_floor=False), ["output_tokens"])
    1.0
    """
    missing = set(unmeasured)
    floor = scaled_harvest_floor(cfg.min_harvest_behaviour, cfg.weights, missing, _harvest_level(cfg, missing))
    if cfg.limit_use_to_floor and floor > 0:
        return floor
    return max(max(cfg.weights.get("volume", 0.0), 0.0), floor)


def harvest_evidence(r: pd.DataFrame, cfg: ScoringConfig, unmeasured: Iterable[str] = ()) -> np.ndarray:
    """Per ring: its harvesting behaviour, ``value + min(activity, max(value, limit use))`` (positive weights).

    ``value`` is the weighted sum of :data:`VALUE_FEATURES` (reasoning requests, long outputs: what a
    distiller keeps) and ``activity`` that of :data:`ACTIVITY_FEATURES` (volume, machine timing). A busy,
    scripted group that gets ordinary answers without asking for reasoning is an application (a SaaS
    backend, a hackathon, a course), and its activity counts only up to the value of what it asks for
    (docs/QUALITY.md, "Session 25"). A feature the input cannot measure (``unmeasured``: no
    ``output_tokens`` column) is 0 in the sum, and :func:`harvest_floor` lowers the floor by its weight;
    in the cap it counts at ``scoring.harvest_unmeasured_level`` (0: answers nobody measured are no sign of
    harvesting, so without the column a group that asks for no reasoning shows harvesting by its use of the
    limit; before session 53 the neutral level ``midpoint / Σ positive weights``, 0.6, at which every busy
    platform customer of a minimal input kept 0.6 of its risk: docs/QUALITY.md, "Session 53"). When the input
    measures no value feature at all (no prompts, no ``output_tokens``) both count at the neutral level
    (:func:`_harvest_level`).

    Use of the per-account limit is the exception: the median member's requests per active day over the
    limit (``volume``'s limit-use term, :func:`limit_use`) count whatever the answers are worth. An
    operator spreads its harvest over accounts because each is capped, so it runs each one well into its
    cap, even for short answers (labels, extractions: a narrow capability); a busy application or a
    class is busy as a whole, with each account far below the cap (world19's rings at 14-37 % of the
    limit, world20's carrier-NAT rings at about 20 %, most benign groups with content and infrastructure as
    strong at 0.4-9 %; docs/QUALITY.md, "Session 49" and "Session 50"). Full use of the limit (20 % of it)
    lets the activity count up to :func:`limit_use_weight`, the harvest floor: such a group reaches the
    floor by its use of the limit alone (session 59; it lifts the cap, so a group whose activity itself is under
    the floor, human timing at full volume, stays under it: docs/QUALITY.md, "Session 65").

    Without answer lengths (``output_tokens`` unmeasured) the reasoning term of the value counts only up to the
    group's activity, :func:`ring_activity` (``scoring.reasoning_unmeasured_needs_activity``): nothing checks what
    a reasoning request yields there, and a distiller needs many of them (session 65). The cap keeps the
    reasoning as asked.
    """
    missing = set(unmeasured)
    neutral: float | np.ndarray = _harvest_level(cfg, missing)
    if scripted_rule_applies(cfg.harvest_unmeasured_scripted, missing):
        # scripted and busy, member by member: an unmeasured answer value counts as far as the group is both
        neutral = np.maximum(neutral, scripted_activity(r))
    value = np.zeros(len(r))
    cap = np.zeros(len(r))
    for k in VALUE_FEATURES:
        w = max(cfg.weights.get(k, 0.0), 0.0)
        f = r[f"f_{k}"].to_numpy(np.float64)
        cap += w * (neutral if k in missing else f)
        if k == "reasoning" and reasoning_needs_activity(cfg, missing):
            f = np.minimum(f, ring_activity(r))
        value += w * f
    activity = np.zeros(len(r))
    for k in ACTIVITY_FEATURES:
        activity += max(cfg.weights.get(k, 0.0), 0.0) * r[f"f_{k}"].to_numpy(np.float64)
    if "median_utilization" in r:
        cap = np.maximum(cap, limit_use_weight(cfg, missing) * limit_use(r["median_utilization"]))
    out = value + np.minimum(activity, cap)
    if "f_shared_workload" in r and cfg.weights.get("shared_workload", 0.0) > 0:
        # a group that shares its work near the cap reaches the floor by its use of the limit, whatever its
        # timing (shared_workload is at most its limit use: README "Reading a ring's evidence")
        out = np.maximum(out, limit_use_weight(cfg, missing) * r["f_shared_workload"].to_numpy(np.float64))
    return out


def reasoning_needs_activity(cfg: ScoringConfig, unmeasured: Iterable[str]) -> bool:
    """Whether ``scoring.reasoning_unmeasured_needs_activity`` acts on this input: only where the answers'
    lengths are not measured (no ``output_tokens`` column), which would otherwise check a reasoning request's
    value (``scoring.reasoning_needs_long_answers``)."""
    return bool(cfg.reasoning_unmeasured_needs_activity) and "output_tokens" in set(unmeasured)


def ring_activity(r: Mapping[str, Any]) -> np.ndarray:
    """Per ring: ``activity``, the larger of ``f_volume`` and ``f_machine_timing`` (``scoring.min_activity``).

    >>> ring_activity(pd.DataFrame({"f_volume": [0.3, 1.0], "f_machine_timing": [0.5, 0.0]})).tolist()
    [0.5, 1.0]
    """
    return np.maximum(np.asarray(r["f_volume"], np.float64), np.asarray(r["f_machine_timing"], np.float64))


def scripted_rule_applies(on: bool, unmeasured: Iterable[str]) -> bool:
    """Whether ``scoring.harvest_unmeasured_scripted`` (``on``) acts on this input: it leaves a value feature the
    input measures alone, so only where one of :data:`VALUE_FEATURES` is in ``unmeasured``."""
    return bool(on) and bool(set(unmeasured) & set(VALUE_FEATURES))


def scripted_activity(r: Mapping[str, Any]) -> np.ndarray:
    """Per ring: how far it is both scripted and busy, ``f_machine_timing x f_volume``
    (``scoring.harvest_unmeasured_scripted``). The product, not the smaller of the two: a group half scripted
    and half busy (an automation platform's tenants, hobby bots on one host: 0.45-0.7 each) is a quarter of
    both, not a half (docs/QUALITY.md, "Session 61").

    >>> [round(float(v), 2) for v in scripted_activity(pd.DataFrame({"f_machine_timing": [1.0, 0.6, 1.0],
    ...                                                              "f_volume": [0.9, 0.6, 0.1]}))]
    [0.9, 0.36, 0.1]
    """
    return _clip(_clip(r["f_machine_timing"]) * _clip(r["f_volume"]))


#: what shows an operator's hand in how a group behaves, beyond the infrastructure it shares: asking the same
#: narrow things, asking for reasoning, scripted timing, accounts made together (``scoring.min_operator_behaviour``)
OPERATOR_FEATURES = ("template_concentration", "reasoning", "machine_timing", "burst_signup")


def operator_unmeasured(feats: pd.DataFrame) -> tuple[str, ...]:
    """The :data:`OPERATOR_FEATURES` this input cannot measure: ``burst_signup`` without sign-up times,
    ``template_concentration`` and ``reasoning`` without a logged prompt."""
    out = [k for k in unmeasured_features(feats) if k in OPERATOR_FEATURES]
    if "reasoning" in harvest_unmeasured(feats):  # (no account has a logged prompt)
        out += ["template_concentration", "reasoning"]
    return tuple(out)


def operator_behaviour(r: pd.DataFrame, cfg: ScoringConfig, unmeasured: Iterable[str] = ()) -> np.ndarray:
    """Per ring: the largest of its :data:`OPERATOR_FEATURES`, one in ``unmeasured`` at the neutral level
    (``midpoint / Σ positive weights``; not ``scoring.unmeasured_level``, which only the logistic's
    ``evidence_unmeasured`` uses): a missing column is not taken as a sign of innocence.

    >>> r = pd.DataFrame({"f_template_concentration": [0.0, 0.8], "f_reasoning": [0.0, 0.0],
    ...                   "f_machine_timing": [0.1, 0.0], "f_burst_signup": [0.0, 0.0]})
    >>> operator_behaviour(r, ScoringConfig()).tolist(), operator_behaviour(r, ScoringConfig(), ["burst_signup"]).tolist()
    ([0.1, 0.8], [0.6, 0.8])
    """
    missing = set(unmeasured)
    neutral = _operator_unmeasured_level(cfg)
    out = np.zeros(len(r))
    for k in OPERATOR_FEATURES:
        out = np.maximum(out, neutral if k in missing else _clip(r[f"f_{k}"].to_numpy(np.float64)))
    return out


def _operator_unmeasured_level(cfg: ScoringConfig) -> float:
    """The level an unmeasured operator feature has in :func:`operator_behaviour`: neutral, or 0 with
    ``scoring.neutral_unmeasured = false``."""
    return _neutral_level(cfg.weights, cfg.midpoint) if cfg.neutral_unmeasured else 0.0


def _harvest_level(cfg: ScoringConfig, unmeasured: Iterable[str] = ()) -> float:
    """The level an unmeasured value feature has in a ring's harvest cap (:func:`harvest_evidence`), given the
    harvest features the input cannot measure (:func:`harvest_unmeasured`): ``scoring.harvest_unmeasured_level``
    when the input measures another value feature; the neutral level when it measures none (no prompts and no
    ``output_tokens``: the floor then has nothing to judge by, and with 0 it would ask every ring for the use of
    the limit alone); 0 with ``scoring.neutral_unmeasured = false``."""
    return harvest_level_of(vars(cfg), unmeasured)  # (the fields as they are: no deep copy per call)


def harvest_level_of(scoring: Mapping[str, Any], unmeasured: Iterable[str] = ()) -> float:
    """:func:`_harvest_level` from a run's stored ``[scoring]`` settings (run.json) and its unmeasured harvest
    features; a run written before session 53 has no ``harvest_unmeasured_level`` and used the neutral level."""
    if not scoring.get("neutral_unmeasured", True):
        return 0.0
    neutral = neutral_level_of(scoring)
    if scoring.get("harvest_unmeasured_level") is None or set(VALUE_FEATURES) <= set(unmeasured):
        return neutral
    return float(scoring["harvest_unmeasured_level"])


def _positive_weights(weights: Mapping[str, float]) -> float:
    """Σ positive feature weights, the room features (:data:`ROOM_FEATURES`) left out: what the evidence can reach."""
    return sum(max(float(weights.get(k, 0.0)), 0.0) for k in FEATURES if k not in ROOM_FEATURES)


def _neutral_level(weights: Mapping[str, float], midpoint: float) -> float:
    """``midpoint / Σ positive weights``: the level at which a feature neither raises nor lowers a risk."""
    positive = _positive_weights(weights)
    return min(float(midpoint) / positive, 1.0) if positive > 0 else 0.0


def harvest_unmeasured(feats: pd.DataFrame) -> tuple[str, ...]:
    """The harvest features this input cannot measure: :func:`unmeasured_features`' ``output_tokens``,
    and ``reasoning`` when no account has a logged prompt (no prompt column, or prompts switched off).
    Reasoning stays out of ``u`` (module docstring), but a floor that asked for it would hold every ring
    of such an input under the threshold."""
    out = [k for k in unmeasured_features(feats) if k in BEHAVIOUR_FEATURES]
    if not feats["reasoning_rate"].notna().any():
        out.append("reasoning")
    return tuple(out)


def harvest_reach(weights: Mapping[str, float], unmeasured: Iterable[str] = (), level: float = 0.0) -> float:
    """The most :func:`harvest_evidence` can be: every measured feature at 1, an unmeasured one 0 in the
    value and ``level`` in the cap."""
    missing = set(unmeasured)

    def w(k: str) -> float:
        return max(float(weights.get(k, 0.0)), 0.0)

    value = sum(w(k) for k in VALUE_FEATURES if k not in missing)
    cap = sum(w(k) * (level if k in missing else 1.0) for k in VALUE_FEATURES)
    activity = sum(w(k) for k in ACTIVITY_FEATURES if k not in missing)
    return value + min(activity, cap)


def harvest_ceiling(feats: pd.DataFrame, cfg: ScoringConfig) -> float:
    """The most :func:`harvest_evidence` this input can show (:func:`harvest_reach` with its unmeasured harvest
    features at the configured level, or at 1 where a scripted, busy group can raise it to 1:
    ``scoring.harvest_unmeasured_scripted``): 4 with the default weights, 2 without an ``output_tokens`` column
    (3 with the scripted rule)."""
    missing = harvest_unmeasured(feats)
    level = _harvest_level(cfg, missing)
    if scripted_rule_applies(cfg.harvest_unmeasured_scripted, missing):
        level = 1.0
    return harvest_reach(cfg.weights, missing, level)


def harvest_floor(feats: pd.DataFrame, cfg: ScoringConfig) -> float:
    """``min_harvest_behaviour`` scaled by what :func:`harvest_evidence` can reach on this input over
    what it can reach on a full one: without an ``output_tokens`` column, 1.5 x 2 / 4 with the default
    settings, so a missing column neither lowers nor raises what a ring needs.

    >>> f = pd.DataFrame({"median_output_tokens": [90.0, 120.0], "main_user_agent": ["a", "b"],
    ...                   "created_ts": [1.0, 2.0], "reasoning_rate": [0.0, 0.5]})
    >>> harvest_floor(f, ScoringConfig()), round(harvest_floor(f.assign(median_output_tokens=np.nan), ScoringConfig()), 4)
    (1.5, 0.75)
    """
    missing = harvest_unmeasured(feats)
    return scaled_harvest_floor(cfg.min_harvest_behaviour, cfg.weights, missing, _harvest_level(cfg, missing))


def scaled_harvest_floor(min_harvest: float, weights: Mapping[str, float], unmeasured: Iterable[str],
                         level: float = 0.0) -> float:
    """:func:`harvest_floor` from a run's stored scoring settings and its unmeasured harvest features
    (run.json's ``harvest_unmeasured``, else ``unmeasured_features``); ``level``: what the missing features
    count in the cap (:func:`harvest_level_of` reads it from run.json's ``[scoring]``)."""
    full = harvest_reach(weights)
    if full <= 0 or not min_harvest or min_harvest <= 0:
        return 0.0
    return float(min_harvest) * harvest_reach(weights, unmeasured, level) / full


def harvest_factor(harvest: np.ndarray, floor: float) -> np.ndarray:
    """``min(1, harvest / floor)`` (1 everywhere when ``floor`` is 0): the share of a ring's risk it keeps.

    >>> harvest_factor(np.array([0.0, 0.25, 0.5, 2.0]), 0.5).tolist(), harvest_factor(np.array([0.0]), 0.0).tolist()
    ([0.0, 0.5, 1.0, 1.0], [1.0])
    """
    harvest = np.asarray(harvest, np.float64)
    if floor <= 0:
        return np.ones_like(harvest)
    return np.clip(harvest / floor, 0.0, 1.0)


#: the terms of the risk score, in rings.csv's ``held_back_by`` (:func:`held_back_by`)
RISK_TERMS = ("evidence", "harvest", "operator", "activity")


def held_back_by(terms: Mapping[str, np.ndarray], flagged: np.ndarray, threshold: float) -> list[str]:
    """Per ring, what keeps an unflagged ring under the threshold: the risk terms under their floors, the
    largest cut first, joined by ``;`` (``""`` for a flagged ring).

    ``terms`` maps each of :data:`RISK_TERMS` to its factor of the risk: ``evidence`` the logistic score of the
    evidence (listed when it alone is under ``threshold``), ``harvest``, ``operator`` and ``activity`` the shares
    of it the ring keeps (:func:`harvest_factor`; listed when under 1). A ring held back by ``harvest`` alone is
    tied and coordinated like a ring but asks for nothing a distiller keeps and uses a small share of the daily limit
    (a card pool that sends a few requests a day, a company's backend; in most logs mostly the latter): README
    "Reading a ring's evidence".

    >>> held_back_by({"evidence": np.array([0.81, 0.23, 0.9]), "harvest": np.array([0.06, 0.88, 1.0]),
    ...               "operator": np.ones(3), "activity": np.ones(3)}, np.array([False, False, True]), 0.5)
    ['harvest', 'evidence;harvest', '']
    """
    flagged = np.asarray(flagged, bool)
    vals = np.stack([np.asarray(terms[k], np.float64) for k in RISK_TERMS], axis=1)
    hold = vals < 1.0
    hold[:, 0] = vals[:, 0] < threshold
    hold &= ~flagged[:, None]
    order = np.argsort(np.where(hold, vals, np.inf), axis=1, kind="stable")
    return _joined_rows(order, np.take_along_axis(hold, order, axis=1), RISK_TERMS)


def _joined_rows(order: np.ndarray, kept: np.ndarray, labels: Sequence[str]) -> list[str]:
    """Per row ``i``: ``";".join(labels[j] for j, k in zip(order[i], kept[i]) if k)``.

    Rows of the same selection in the same order are joined once (a scoring pass has thousands of rings
    and a few hundred distinct reason lists; a join per ring was ~10 % of a pass).

    >>> _joined_rows(np.array([[1, 0], [0, 1], [1, 0]]), np.array([[True, True], [True, False], [True, True]]), ["a", "b"])
    ['b;a', 'a', 'b;a']
    """
    if not len(order):
        return []
    base = len(labels) + 1
    codes = np.where(kept, order + 1, 0).astype(np.int64)
    if order.shape[1] * np.log2(base) >= 62:  # pragma: no cover - the key would not fit an int64
        return [";".join(labels[j] for j in o[k]) for o, k in zip(order, kept)]
    key = codes @ base ** np.arange(order.shape[1], dtype=np.int64)  # one integer per selection
    _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    joined = np.array([";".join(labels[j] for j in order[i][kept[i]]) for i in first], dtype=object)
    return joined[inv].tolist()


def _account_behaviour(feats: pd.DataFrame, members: pd.DataFrame, pop: dict,
                        own: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Per-account versions of the ring features that one account can show on its own.

    Same transforms as the ring features in :func:`score_rings`, applied to one
    account's own rates (group-only features - burst, homogeneity, link rarity -
    are left out). ``own``: the features that do not depend on the partition
    (:func:`_own_behaviour`), when already computed.
    """
    out = dict(_own_behaviour(feats, pop) if own is None else own)
    if "core_template_share" in members.columns:
        cts = members["core_template_share"].to_numpy(np.float64)
        out["template_concentration"] = np.where(np.isnan(cts), np.nan, _clip(cts / 0.6))
    return out


def _own_behaviour(feats: pd.DataFrame, pop: dict) -> dict[str, np.ndarray]:
    """The part of :func:`_account_behaviour` that is the same in every partition (all but template use)."""
    out = {"machine_timing": _clip(feats["machine_timing"].to_numpy())}
    if "daily" in pop:
        md = feats["mean_daily"].to_numpy(np.float64)
        out["volume"] = np.maximum(limit_use(feats["utilization"].to_numpy()),
                                   _doublings(md, pop["daily"], 3))
    if "reasoning" in pop:
        b = pop["reasoning"]
        # missing (not 0) for an account with no logged prompt: its fit leaves the feature out
        rr = feats["reasoning_rate"].to_numpy(np.float64)
        out["reasoning"] = np.where(np.isnan(rr), np.nan, _clip((rr - b) / max(0.5 - b, 0.05)))
    if "output_tokens" in pop:
        mo = feats["median_output_tokens"].to_numpy(np.float64)
        out["output_tokens"] = _doublings(mo, pop["output_tokens"], 2)
    return out


def _burst(created: pd.Series, comm: np.ndarray, window: float, pop_rate: float) -> pd.Series:
    """Per community: members created within one window beyond chance, in [0, 1].

    For each member ``i`` (sorted by sign-up time within its community) the number
    of members signed up in ``[t_i, t_i + window]``; the best window counts. Vectorised
    over all communities at once: one lexicographic sort of the sign-up times and
    the window ends (same comparisons as a per-community ``searchsorted``).

    >>> _burst(pd.Series([0.0, 10.0, 20.0, 5000.0, 1.0, 9000.0]), np.array([0, 0, 0, 0, 1, 1]), 60.0, 0.0).round(3).to_dict()
    {0: 0.667, 1: 0.0}
    """
    df = pd.DataFrame({"c": comm, "t": created.to_numpy()}).dropna().sort_values(["c", "t"])
    if df.empty:
        return pd.Series(dtype=np.float64)
    c = df["c"].to_numpy()
    t = df["t"].to_numpy(np.float64)
    n = len(c)
    starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
    sizes = np.diff(np.r_[starts, n])
    grp = np.repeat(np.arange(len(starts)), sizes)
    pos = np.arange(n) - starts[grp]
    # rows 0..n-1: the sign-up times; rows n..2n-1: the window ends t + window. Sorted by community,
    # value, then sign-ups before window ends at ties (searchsorted side="right")
    vals = np.r_[t, t + window]
    typ = np.r_[np.zeros(n, np.int8), np.ones(n, np.int8)]
    order = np.lexsort((typ, vals, np.r_[grp, grp]))
    n_before = np.cumsum(typ[order] == 0)  # sign-ups at or before each sorted position
    j = np.empty(n, np.int64)
    qpos = order >= n
    j[order[qpos] - n] = n_before[qpos] - starts[grp[order[qpos] - n]]
    best = np.maximum.reduceat(j - pos, starts)
    m = sizes
    ok = m >= 2
    expect = (m - 1) * pop_rate
    val = np.clip((best - 1 - expect) / np.maximum((m - 1) * (1 - pop_rate), 1e-9), 0, 1)
    return pd.Series(val[ok].astype(np.float64), index=c[starts][ok], dtype=np.float64)


def _ring_families(template_inc: pd.DataFrame, comm: np.ndarray, in_ring: np.ndarray
                   ) -> tuple[pd.DataFrame, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per (community, template family) of the ring members' template incidences, sorted by both: its
    ``members`` (distinct accounts), ``ev`` (their requests) and ``k`` (the family's holders, ``n_accounts``
    of its first row): ``groupby(["comm", "attr"]).agg(nunique, sum, first)`` by one sort. Also the member
    rows (account, requests, position of their group in the table), in that sorted order.

    >>> inc = pd.DataFrame({"acc": [0, 1, 2, 1, 3], "attr": [7, 7, 5, 5, 7], "n_events": [2, 3, 4, 1, 9],
    ...                     "n_accounts": [3, 3, 2, 2, 3]})
    >>> fam, _ = _ring_families(inc, np.array([0, 0, 0, 1]), np.array([True, True, True, False]))
    >>> fam.to_dict("list")
    {'comm': [0, 0], 'attr': [5, 7], 'members': [2, 2], 'ev': [5, 5], 'k': [2, 3]}
    """
    acc = template_inc["acc"].to_numpy()
    sel = in_ring[acc]
    acc = acc[sel]
    attr = template_inc["attr"].to_numpy()[sel]
    ev = template_inc["n_events"].to_numpy()[sel]
    holders = template_inc["n_accounts"].to_numpy()[sel]
    c = comm[acc]
    order = np.lexsort((acc, attr, c))  # by community, family, account (ties: row order)
    c, attr, acc, ev = c[order], attr[order], acc[order], ev[order]
    new_group = np.r_[True, (c[1:] != c[:-1]) | (attr[1:] != attr[:-1])] if len(c) else np.zeros(0, bool)
    starts = np.flatnonzero(new_group)
    if len(starts):
        new_acc = new_group | np.r_[True, acc[1:] != acc[:-1]]
        n_members = np.add.reduceat(new_acc.astype(np.int64), starts)
        ev_sum = np.add.reduceat(ev, starts)
        first = holders[np.minimum.reduceat(order, starts)]  # the group's first row (pandas' "first")
    else:
        n_members, ev_sum, first = np.zeros(0, np.int64), ev[:0], holders[:0]
    fam = pd.DataFrame({"comm": c[starts], "attr": attr[starts], "members": n_members, "ev": ev_sum, "k": first})
    if "n_near" in template_inc.columns:  # holders in the community's infrastructure neighbourhood, if scored so
        near = template_inc["n_near"].to_numpy()[sel][order]
        fam["near"] = np.maximum.reduceat(near, starts) if len(starts) else near[:0]
    return fam, (acc, ev, np.cumsum(new_group) - 1)


def _group_sum(values: pd.Series, comm: np.ndarray, index: pd.Index, mean: bool = False) -> pd.Series:
    """Per-community sum (or mean) of ``values`` over the non-missing rows, added in row order.

    pandas' grouped sum and mean add with a Kahan-compensated kernel when the group ids are
    unsorted and left to right (``np.add.reduceat``) when they are sorted, so a community's sum
    could differ in the last bit depending on which other communities share the frame. Summed
    here with ``np.bincount`` (row order, always), a community's value depends on its own rows
    only: the dense-core search rescores changed communities alone and must get the values a
    whole-partition scoring gives (detector._rescore). The sum is 0 and the mean missing where a
    community has no value, as in pandas.
    """
    x = values.to_numpy(np.float64)
    ok = ~np.isnan(x)
    k = int(max(int(comm.max(initial=-1)), int(index.max()) if len(index) else -1)) + 1
    total = np.bincount(comm[ok], weights=x[ok], minlength=k)
    count = np.bincount(comm[ok], minlength=k)
    pos = index.to_numpy()
    if not mean:
        return pd.Series(total[pos], index=index)  # 0 where nothing is there to add, as pandas' sum
    return pd.Series(np.where(count[pos] > 0, total[pos] / np.maximum(count[pos], 1), np.nan), index=index)


def _top_orgs(org: np.ndarray, comm: np.ndarray, in_ring: np.ndarray, n_comm: int) -> tuple[np.ndarray, np.ndarray]:
    """Per community label: the organisation code most of its members have (-1 if none) and how many have it.

    >>> [x.tolist() for x in _top_orgs(np.array([0, 0, 1, -1, 1, 1]), np.array([0, 0, 0, 0, 1, 1]), np.ones(6, bool), 2)]
    [[0, 1], [2, 2]]
    """
    top = np.full(n_comm, -1, np.int64)
    count = np.zeros(n_comm, np.int64)
    sel = in_ring & (org >= 0)
    if sel.any():
        cnt = pd.DataFrame({"c": comm[sel], "o": org[sel]}).groupby(["c", "o"]).size()
        best = cnt.sort_values(ascending=False, kind="stable").reset_index(name="k").drop_duplicates("c")
        top[best["c"].to_numpy()] = best["o"].to_numpy()
        count[best["c"].to_numpy()] = best["k"].to_numpy()
    return top, count


def _majority_org_pairs(org: np.ndarray, own: np.ndarray, majority_org: np.ndarray, a_in: np.ndarray,
                        b_in: np.ndarray, ic: np.ndarray) -> np.ndarray:
    """Per internal pair: explained because its community is mostly one organisation (``majority_org``
    per community label, -1 where none has more than half the members), one account of the pair is in it
    and the other says nothing about where it belongs (no organisation, no e-mail domain of its own
    ``own``): a lab's member on webmail, on the lab's card and cluster (``scoring.org_majority``).

    >>> org = np.array([0, 0, 0, 0, -1, 1]); own = np.full(6, -1)
    >>> a = np.array([0, 4, 4, 5]); b = np.array([4, 3, 5, 0]); ic = np.zeros(4, np.int64)
    >>> _majority_org_pairs(org, own, np.array([0]), a, b, ic).tolist()
    [True, True, False, False]
    >>> _majority_org_pairs(org, own, np.array([-1]), a, b, ic).tolist()
    [False, False, False, False]
    """
    unaffiliated = (org < 0) & (own < 0)  # (a one-account organisation of its own says where it belongs)
    t = majority_org[ic]
    a_top = (t >= 0) & (org[a_in] == t)
    b_top = (t >= 0) & (org[b_in] == t)
    return (a_top & unaffiliated[b_in]) | (b_top & unaffiliated[a_in])


def _team_domain_pairs(team: np.ndarray, comm: np.ndarray, a_in: np.ndarray, b_in: np.ndarray,
                       ic: np.ndarray) -> np.ndarray:
    """Per internal pair: both accounts on one e-mail domain (``team`` code, -1 none) that is their
    community's: more than half of the domain's holders are in it, or it has at most
    :data:`PRIVATE_DOMAIN_MAX_HOLDERS` (``scoring.same_domain_org``, ``team_domain_max_holders``). A team's
    domain is held by its members; a regional webmail provider of a small platform (60 holders of
    ``mail.ru``) is held by accounts all over it, and two of them in one group are not a team.

    >>> team = np.array([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, -1])
    >>> comm = np.array([0, 0, 0, 0, 1, 1, 1, 0, 0, 2, 2, 2, 2, 2, 2, 0])
    >>> a = np.array([0, 7, 0]); b = np.array([1, 8, 15]); ic = np.zeros(3, np.int64)
    >>> _team_domain_pairs(team, comm, a, b, ic).tolist()  # 4 of domain 0's 7 holders; 2 of domain 1's 8
    [True, False, False]
    """
    out = np.zeros(len(a_in), bool)
    idx = np.flatnonzero((team[a_in] >= 0) & (team[a_in] == team[b_in]))
    if not len(idx):
        return out
    has = team >= 0
    holders = np.bincount(team[has])
    width = np.int64(len(holders))
    keys, inside = np.unique(comm[has].astype(np.int64) * width + team[has], return_counts=True)
    t = team[a_in[idx]]
    k = ic[idx].astype(np.int64) * width + t
    pos = np.minimum(np.searchsorted(keys, k), len(keys) - 1)
    n_in = np.where(keys[pos] == k, inside[pos], 0)
    out[idx] = (holders[t] <= PRIVATE_DOMAIN_MAX_HOLDERS) | (2 * n_in > holders[t])
    return out


def population_baselines(feats: pd.DataFrame, cfg: ScoringConfig) -> dict[str, float]:
    """The population's levels that the volume, reasoning and output-token features are measured against.

    ``daily``: the median active account's requests per active day; ``reasoning``: the accounts' mean share of
    logged prompts asking for reasoning (``scoring.reasoning_baseline_per_account``; else the share of all
    logged requests); ``output_tokens``: the median account's median answer length. A key is absent when no
    account has the measure. They depend on the accounts alone, not on a partition, and run.json keeps them
    (``population``).

    >>> f = pd.DataFrame({"n_events": [10, 1000, 0], "mean_daily": [2.0, 300.0, 0.0], "n_prompted": [10, 1000, 0],
    ...                   "reasoning_rate": [0.0, 0.5, np.nan], "median_output_tokens": [100.0, 900.0, np.nan]})
    >>> population_baselines(f, ScoringConfig())  # the busy account counts once
    {'daily': 151.0, 'reasoning': 0.25, 'output_tokens': 500.0}
    >>> round(population_baselines(f, ScoringConfig(reasoning_baseline_per_account=False))["reasoning"], 3)
    0.495
    """
    pop: dict[str, float] = {}
    act = feats["n_events"] > 0
    # (every request: how busy accounts are; an account's own volume leaves out repeats of one text,
    # scoring.max_repeats_per_prompt, but the level it is measured against does not move with them)
    daily = feats["requests_daily"] if "requests_daily" in feats else feats["mean_daily"]
    pop["daily"] = float(np.median(daily[act])) if act.any() else 1.0
    if feats["reasoning_rate"].notna().any():
        if cfg.reasoning_baseline_per_account:
            # each account with a logged prompt counts once: weighted by requests, the null is set by the
            # busiest accounts, and rings are busy by design
            pop["reasoning"] = float(np.nanmean(feats["reasoning_rate"].to_numpy(np.float64)))
        else:
            pop["reasoning"] = float(np.nansum(feats["reasoning_rate"] * feats["n_prompted"])
                                     / max(feats["n_prompted"].sum(), 1))
    if feats["median_output_tokens"].notna().any():
        pop["output_tokens"] = float(np.nanmedian(feats["median_output_tokens"]))
    return pop


def scoring_population(feats: pd.DataFrame, cfg: ScoringConfig) -> dict[str, Any]:
    """What :func:`score_rings` reads from the whole population, whatever the partition: the baselines
    (:func:`population_baselines`), the unmeasured features and the terms they set, the sign-up span, the
    user agents' shares, the organisation codes and each account's own behaviour. A caller that scores
    many partitions of one population (the dense-core search: ~15 passes at 100k accounts) computes it
    once and passes it as ``score_rings(..., population=)``; the result is the same.
    """
    pop = population_baselines(feats, cfg)
    ct_all = feats["created_ts"].dropna()
    ua = feats["main_user_agent"]
    # (account_features has already blanked empty org ids)
    org = pd.factorize(feats["org_id"].astype("string"), use_na_sentinel=True)[0]
    own = _own_behaviour(feats, pop)
    # the member's own behavioural evidence, on the ring features' scale and weights; it does not
    # depend on the partition (template use, which does, is left out). The behaviour split of the
    # dense-core search (detector._behaviour_cores) looks for a group of such members in a crowd.
    evidence = np.zeros(len(feats))
    for k in BEHAVIOUR_FEATURES:
        if k in own:
            evidence += max(cfg.weights.get(k, 0.0), 0.0) * np.nan_to_num(own[k], nan=0.0)
    return {
        "baselines": pop,
        "has_reasoning": bool(feats["reasoning_rate"].notna().any()),
        "has_output_tokens": bool(feats["median_output_tokens"].notna().any()),
        "created_span": max(float(ct_all.max() - ct_all.min()), 1.0) if len(ct_all) >= 2 else None,
        "user_agent_share": ua.value_counts(normalize=True) if ua.notna().any() else None,
        "org": org,
        # an organisation of two or more accounts groups them openly (index -1, no org: False)
        "open_group": np.r_[np.bincount(org[org >= 0], minlength=1) >= 2, False],
        "unmeasured_evidence": unmeasured_evidence(feats, cfg),
        "harvest_unmeasured": harvest_unmeasured(feats),
        "operator_unmeasured": operator_unmeasured(feats),
        "harvest_floor": harvest_floor(feats, cfg),
        "own_behaviour": own,
        "behaviour_evidence": evidence,
    }


def score_rings(
    comm: np.ndarray,
    feats: pd.DataFrame,
    edges: pd.DataFrame,
    template_inc: pd.DataFrame | None,
    cfg: ScoringConfig,
    link_weight_total: float,
    min_ring_size: int,
    measured_only: bool = False,
    population: dict[str, Any] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score every community of at least ``min_ring_size`` accounts.

    Parameters
    ----------
    comm : array
        Community label per account code.
    feats : DataFrame
        From :func:`account_features`.
    edges : DataFrame
        ``src, dst, weight`` of the account graph.
    template_inc : DataFrame or None
        ``acc, attr, n_events`` template-family incidence, with ``n_accounts``
        (global holders of the family).
    measured_only : bool
        Score on measured evidence alone: ``evidence_unmeasured`` is 0 (the behaviour
        split judges the groups it picks this way, see detector._behaviour_cores).
    population : dict, optional
        :func:`scoring_population` of ``feats`` and ``cfg`` (computed here when not given).

    Returns
    -------
    rings : DataFrame indexed by community label, with ``f_*`` features,
        ``evidence_sum``, ``risk_score``, ``flagged``, ``reasons`` and metrics.
    members : DataFrame indexed by account code: ``fit`` and ``account_risk``.
    """
    n = len(comm)
    sizes = np.bincount(comm, minlength=comm.max() + 1 if n else 0)
    ring_comms = np.flatnonzero(sizes >= min_ring_size)
    is_ring = np.zeros(len(sizes), bool)
    is_ring[ring_comms] = True
    in_ring = is_ring[comm] if n else np.zeros(0, bool)
    r = pd.DataFrame(index=pd.Index(ring_comms, name="community"))
    r["size"] = sizes[ring_comms]
    pp = scoring_population(feats, cfg) if population is None else population
    pop = pp["baselines"]  # also for the per-member behaviour fit
    members = pd.DataFrame({"comm": comm}, index=feats.index)
    fr = feats[in_ring].assign(comm=comm[in_ring])
    grp = fr.groupby("comm")
    fc = fr["comm"].to_numpy()
    r["n_events"] = grp["n_events"].sum()
    # volume
    pop_daily = pop["daily"]
    # behaviour is measured on the members that sent requests: an account that is only in the accounts file
    # (tied by its card) has no volume, timing or client, and counted as 0 it lowered the ring's evidence
    active = fr["n_events"].to_numpy() > 0
    grp_act = fr[active].groupby("comm")
    med_util = grp_act["utilization"].median().reindex(r.index).fillna(0.0)
    med_daily = grp_act["mean_daily"].median().reindex(r.index).fillna(0.0)
    r["median_utilization"] = med_util
    r["volume_accounts_worth"] = _group_sum(fr["utilization"], fc, r.index)
    r["f_volume"] = np.maximum(limit_use(med_util), _doublings(med_daily, pop_daily, 3))
    # reasoning
    if pp["has_reasoning"]:
        # shares of the requests whose prompt is logged (account_features)
        if cfg.reasoning_rate_per_member:
            # each member with a logged prompt counts once (its rate is missing without one)
            rate = _group_sum(fr["reasoning_rate"], fc, r.index, mean=True)
        else:
            reas_ev = _group_sum(fr["reasoning_rate"] * fr["n_prompted"], fc, r.index)
            rate = reas_ev / _group_sum(fr["n_prompted"], fc, r.index).replace(0, np.nan)
        base = pop["reasoning"]
        r["reasoning_rate"] = rate
        r["f_reasoning"] = reasoning_feature(rate, base)
    else:
        r["reasoning_rate"] = np.nan
        r["f_reasoning"] = 0.0
    # output tokens
    r["median_reasoning_output_tokens"] = np.nan
    r["reasoning_cap"] = np.nan
    if pp["has_output_tokens"]:
        pop_out = pop["output_tokens"]
        ring_out = grp["median_output_tokens"].median()
        r["median_output_tokens"] = ring_out
        r["f_output_tokens"] = _doublings(ring_out, pop_out, 2)
        if cfg.reasoning_needs_long_answers:
            # what a distiller keeps of a chain-of-thought request is the reasoning in the answer: asked for
            # and answered briefly (a class's "explain step by step" exercises, a rubric's one-line ratings)
            # it yields nothing. Reasoning counts up to twice the output feature (answers twice the
            # population's median length, f_output_tokens 0.5, carry it in full); a ring without output
            # counts is left as is
            cap = np.where(r["median_output_tokens"].isna(), 1.0, 2.0 * r["f_output_tokens"])
            if cfg.reasoning_answers_of_reasoning_requests and "median_reasoning_output_tokens" in fr.columns:
                # the answers to the reasoning requests: the members' median of their own medians (a ring
                # whose members' reasoning requests have no output count keeps the cap above)
                reason_out = grp["median_reasoning_output_tokens"].median().reindex(r.index)
                r["median_reasoning_output_tokens"] = reason_out
                cap = np.where(reason_out.isna().to_numpy(), cap, 2.0 * _doublings(reason_out, pop_out, 2))
            r["reasoning_cap"] = cap  # (explain's note: the reasoning a ring asked for, counted short)
            r["f_reasoning"] = np.minimum(r["f_reasoning"].to_numpy(np.float64), cap)
    else:
        r["median_output_tokens"] = np.nan
        r["f_output_tokens"] = 0.0
    # timing
    r["f_machine_timing"] = _clip(_group_sum(fr["machine_timing"].where(active), fc, r.index, mean=True).fillna(0.0))
    # burst sign-up
    created = fr["created_ts"]
    if pp["created_span"] is not None and created.notna().any():
        span = pp["created_span"]
        window = cfg.burst_window_hours * 3600.0
        pop_rate = min(1.0, 2 * window / span)
        r["f_burst_signup"] = _burst(created, fc, window, pop_rate).reindex(r.index).fillna(0.0)
    else:
        r["f_burst_signup"] = 0.0
    # client homogeneity
    ua = fr["main_user_agent"]
    if ua.notna().any():
        pop_share = pp["user_agent_share"]
        cnt = pd.DataFrame({"c": fr["comm"], "ua": ua}).dropna().groupby(["c", "ua"]).size()
        cnt = cnt.sort_values(ascending=False, kind="stable").reset_index(name="k").drop_duplicates("c").set_index("c")
        # over the members that sent requests (members without requests have no client); a member whose
        # requests carry no user agent still counts, as one not on the modal client
        share = cnt["k"] / grp_act.size().reindex(cnt.index)
        p = pop_share.reindex(cnt["ua"]).to_numpy()
        r["modal_user_agent_share"] = share
        r["f_client_homogeneity"] = pd.Series(_clip((share.to_numpy() - p) / np.maximum(1 - p, 1e-9)),
                                              index=cnt.index).reindex(r.index).fillna(0.0)
    else:
        r["modal_user_agent_share"] = np.nan
        r["f_client_homogeneity"] = 0.0
    # declared organisation (codes over the whole population: scoring_population)
    org = pp["org"]
    top_org, top_count = _top_orgs(org, comm, in_ring, len(sizes))
    top_count = np.where(top_count >= 2, top_count, 0)  # one member's own org is not a shared declaration
    r["f_disclosed_org"] = top_count[ring_comms] / sizes[ring_comms]
    # one episode that is over (a hackathon, a workshop, a benchmark run: a harvest is sustained)
    r["episode_share"] = 0.0
    r["f_episodic"] = 0.0
    if "episode_start_h" in fr.columns and np.isfinite(feats.attrs.get("data_end_h", np.nan)):
        fa = fr[active]
        mid = grp_act["episode_start_h"].median()
        near = (fa["episode_start_h"] - mid.reindex(fa["comm"]).to_numpy()).abs() <= EPISODE_HOURS / 2
        ep = (fa["n_events"] * fa["episode_share"]).where(near, 0.0).groupby(fa["comm"]).sum() / grp_act["n_events"].sum()
        over = mid + EPISODE_HOURS + EPISODE_AFTER_HOURS <= feats.attrs["data_end_h"]
        share = ep.where(over, 0.0).reindex(r.index).fillna(0.0)
        r["episode_share"] = share
        r["f_episodic"] = _clip((share - EPISODE_SHARE_FROM) / (1.0 - EPISODE_SHARE_FROM))
    # links inside the ring
    src, dst = edges["src"].to_numpy(), edges["dst"].to_numpy()
    internal = comm[src] == comm[dst] if len(src) else np.zeros(0, bool)
    ic = comm[src[internal]]
    iw = edges["weight"].to_numpy()[internal].astype(np.float64)  # widened after the selection
    wsum = np.bincount(ic, weights=iw, minlength=len(sizes))
    ecount = np.bincount(ic, minlength=len(sizes))
    pairs = sizes * (sizes - 1) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        avg_pair = np.where(pairs > 0, wsum / pairs, 0.0)
        density = np.where(pairs > 0, ecount / pairs, 0.0)
    r["internal_density"] = density[ring_comms]
    r["avg_pair_weight"] = avg_pair[ring_comms]
    r["f_link_rarity"] = _clip(avg_pair[ring_comms] / 1.5)
    # shared infrastructure: member pairs tied by something other than prompt content
    infra_cols = [c for c in edges.columns if c.startswith("w_") and c[2:] not in CONTENT_LINK_TYPES]
    infra_deg = np.zeros(n)  # per account: ring-mates it shares infrastructure with
    if infra_cols and len(src):
        # per column, only the internal rows (a float64 matrix of every edge and column took ~1.5 s
        # at 18M edges; > 0 is the same test on the float32 column)
        infra = np.zeros(int(internal.sum()), bool)
        for c in infra_cols:
            infra |= edges[c].to_numpy()[internal] > 0
        # a card or office network shared inside one declared organisation is explained by it, and so is
        # an office network shared by two declared organisations (one building, a coworking space): an
        # organisation of two or more accounts groups them openly (a pair inside one organisation is such
        # a pair too). A one-account organisation (a personal workspace, as some platforms give every
        # account) explains nothing.
        open_group = pp["open_group"]  # index -1 (no org) -> False
        a_in, b_in = src[internal], dst[internal]
        explained = open_group[org[a_in]] & open_group[org[b_in]]
        if "own_domain" in feats.columns:
            # two organisations of their own (scoring.private_domain_org): each its own small e-mail domain, and
            # not the same one (a domain a few accounts share may be a ring's catch-all) ...
            own = feats["own_domain"].to_numpy(np.int64)
            both = (own[a_in] >= 0) & (own[b_in] >= 0)
            own_pair = both & (own[a_in] != own[b_in])
            if cfg.same_domain_org:
                # ... or the same one, by accounts that signed up apart (scoring.same_domain_org): colleagues
                # join a team over months, a ring's catch-all is filled in one batch. No created_at: not apart.
                # A team's domain may have more holders than an own one (scoring.team_domain_max_holders)
                # when most of them are in this community
                team = feats["team_domain"].to_numpy(np.int64) if "team_domain" in feats.columns else own
                ct = feats["created_ts"].to_numpy(np.float64)
                with np.errstate(invalid="ignore"):
                    apart = np.abs(ct[a_in] - ct[b_in]) > cfg.burst_window_hours * 3600.0
                own_pair |= _team_domain_pairs(team, comm, a_in, b_in, ic) & apart
            explained |= own_pair
        if cfg.org_majority:
            # (more than half of a ring of three or more is two or more accounts: an open group)
            majority_org = np.where(top_count * 2 > sizes, top_org, -1)
            own = feats["own_domain"].to_numpy(np.int64) if "own_domain" in feats.columns else np.full(n, -1)
            explained |= _majority_org_pairs(org, own, majority_org, a_in, b_in, ic)
        if cfg.declared_org_batch and "org_declared" in feats.columns:
            # a declared organisation explains nothing between accounts that signed up together (within
            # scoring.burst_window_hours; no created_at: not together), as the same-domain rule above: a team
            # is joined over time, a front company's seats are made in one batch
            decl = feats["org_declared"].to_numpy(bool)
            ct = feats["created_ts"].to_numpy(np.float64)
            with np.errstate(invalid="ignore"):
                together = np.abs(ct[a_in] - ct[b_in]) <= cfg.burst_window_hours * 3600.0
            explained &= ~(together & (decl[a_in] | decl[b_in]))
        pairs_before = np.bincount(ic[infra], minlength=len(sizes))
        # members with an infrastructure tie inside the ring that an organisation explains, per ring
        ex = infra & explained
        in_ex = np.zeros(n, bool)
        in_ex[a_in[ex]] = True
        in_ex[b_in[ex]] = True
        org_members = np.bincount(comm[in_ex], minlength=len(sizes))
        infra &= ~explained
        ipairs = np.bincount(ic[infra], minlength=len(sizes))
        with np.errstate(divide="ignore", invalid="ignore"):
            org_explained = np.where(pairs_before > 0, 1.0 - ipairs / np.maximum(pairs_before, 1), 0.0)
            cover = np.where(pairs > 0, ipairs / pairs, 0.0)
        infra_deg = (np.bincount(a_in[infra], minlength=n) + np.bincount(b_in[infra], minlength=n)).astype(np.float64)
    else:
        cover = np.zeros(len(sizes))
        org_explained = np.zeros(len(sizes))
        org_members = np.zeros(len(sizes))
    r["infrastructure_pair_share"] = cover[ring_comms]
    # ... and the share of members those explained pairs cover (shared_workload: a few declared accounts in a large
    # group explain their own ties, not the group's work)
    r["org_explained_member_share"] = org_members[ring_comms] / np.maximum(sizes[ring_comms], 1)
    # of the member pairs that share infrastructure, the share an organisation explains (explain's note)
    r["org_explained_pair_share"] = org_explained[ring_comms]
    r["f_shared_infrastructure"] = _clip(cover[ring_comms] / max(cfg.infrastructure_pair_share, 1e-9))
    # weighted degree inside own community, per account
    deg_in = np.bincount(src[internal], weights=iw, minlength=n) + np.bincount(dst[internal], weights=iw, minlength=n)
    members["internal_strength"] = deg_in
    # templates
    members["template_fit"] = 0.0
    r["template_event_share"] = 0.0
    r["f_template_concentration"] = 0.0
    if template_inc is not None and len(template_inc):
        fam, rows = _ring_families(template_inc, comm, in_ring)
        need = core_family_need(sizes[fam["comm"].to_numpy()], cfg.template_member_fraction)
        # owned: holders in the ring, or in its infrastructure neighbourhood (template_neighbourhood_holders)
        owned = np.maximum(fam["members"], fam["near"]) if "near" in fam.columns else fam["members"]
        is_core = ((fam["members"] >= need) & (owned / fam["k"] >= 0.5)).to_numpy()
        core = fam[is_core]
        core_ev = core.groupby("comm")["ev"].sum()
        # a share of the requests that went through template extraction (logged and, with the sampling
        # bound, sampled prompts; account_features), not of all requests
        measured_ev = _group_sum(fr["n_template_measured"], fc, r.index)
        share = (core_ev.reindex(r.index) / measured_ev.replace(0, np.nan)).fillna(0.0)
        r["template_event_share"] = share
        r["f_template_concentration"] = _clip(share / 0.6)
        r["n_core_templates"] = core.groupby("comm").size().reindex(r.index).fillna(0).astype(int)
        # ... of which core only through the ring's infrastructure neighbourhood (under half of the holders
        # in the ring itself: scoring.template_neighbourhood), for explain
        r["n_neighbourhood_templates"] = 0  # (without neighbourhood counts every core family is held in the ring)
        if "near" in fam.columns:
            by_near = core[(core["members"] / core["k"] < 0.5).to_numpy()]
            r["n_neighbourhood_templates"] = by_near.groupby("comm").size().reindex(r.index).fillna(0).astype(int)
        # each account's requests in its ring's core families (whole numbers: the same sum in any order)
        t_acc, t_ev, t_fam = rows
        in_core = is_core[t_fam]
        acc_core = np.bincount(t_acc[in_core], weights=t_ev[in_core].astype(np.float64), minlength=n)
        n_tm = feats["n_template_measured"].to_numpy()
        own = acc_core / np.maximum(n_tm, 1)
        ring_share = np.zeros(len(sizes))
        ring_share[r.index.to_numpy()] = share.to_numpy()
        members["template_fit"] = _clip(own / np.maximum(ring_share[comm], 1e-9)) * (ring_share[comm] > 0)
        members["core_template_share"] = np.where(n_tm > 0, own, np.nan)  # (no measured prompt: unknown)
    else:
        r["n_core_templates"] = 0
        r["n_neighbourhood_templates"] = 0
    # score
    weights = cfg.weights
    r["f_shared_workload"] = shared_workload(r)
    fcols = [f"f_{k}" for k in FEATURES]
    for c in fcols:
        r[c] = _clip(r[c].to_numpy())
    r["evidence_sum"] = sum(weights.get(k, 0.0) * r[f"f_{k}"] for k in FEATURES)
    r["evidence_unmeasured"] = 0.0 if measured_only else pp["unmeasured_evidence"]
    unmeasured_harvest = pp["harvest_unmeasured"]
    r["harvest_evidence"] = harvest_evidence(r, cfg, unmeasured_harvest)
    r["operator_behaviour"] = operator_behaviour(r, cfg, pp["operator_unmeasured"])
    r["activity"] = ring_activity(r)
    with np.errstate(over="ignore"):  # a steep slope far below the midpoint: exp -> inf, the risk 0 (exactly)
        logistic = 1.0 / (1.0 + np.exp(-cfg.slope * (r["evidence_sum"] + r["evidence_unmeasured"] - cfg.midpoint)))
    terms = {"evidence": logistic.to_numpy(np.float64),
             "harvest": harvest_factor(r["harvest_evidence"].to_numpy(), pp["harvest_floor"]),
             "operator": harvest_factor(r["operator_behaviour"].to_numpy(), cfg.min_operator_behaviour),
             "activity": harvest_factor(r["activity"].to_numpy(), cfg.min_activity)}
    r["risk_score"] = terms["evidence"] * terms["harvest"] * terms["operator"] * terms["activity"]
    r["flagged"] = flagged_at(r["risk_score"].to_numpy(np.float64), cfg.threshold)
    r["held_back_by"] = held_back_by(terms, r["flagged"].to_numpy(bool), cfg.threshold)
    contrib = np.stack([weights.get(k, 0.0) * r[f"f_{k}"].to_numpy() for k in FEATURES], axis=1)
    # per ring: the codes of its features at 0.5 or more, largest contribution first (ties: FEATURES order)
    order = np.argsort(-contrib, axis=1, kind="stable")
    r["reasons"] = _joined_rows(order, np.take_along_axis(r[fcols].to_numpy() >= 0.5, order, axis=1),
                                [REASON_CODES[k] for k in FEATURES])
    # member fit and account risk, computed over the ring members only (``mi``; their communities ``mc``):
    # every other account gets 0 (a dense-core pass scores a few changed communities of 100k accounts)
    mi = np.flatnonzero(in_ring)
    mc = comm[mi]

    def of_members(x: np.ndarray) -> np.ndarray:
        """Per account: ``x`` (one value per ring member) for the ring members, 0 for the others."""
        out = np.zeros(n)
        out[mi] = x
        return out

    link_fit = _clip(deg_in[mi] / np.maximum(_ring_median(deg_in, comm, in_ring, len(sizes))[mc], 1e-9))
    tie_fit = np.maximum(link_fit, members["template_fit"].to_numpy()[mi])
    members["tie_fit"] = of_members(tie_fit)
    # behaviour fit: how much of the ring's behavioural evidence the member shows on its own.
    # Communities are found from shared infrastructure; a VPN or carrier-NAT user who shares a
    # commercial proxy range with a ring is tied to it but does not behave like it.
    acc_f = {k: a[mi] for k, a in _account_behaviour(feats, members, pop, pp["own_behaviour"]).items()}
    # (the member's own behavioural evidence: scoring_population)
    members["behaviour_evidence"] = pp["behaviour_evidence"]
    # As for a ring (harvest_evidence), activity (volume, machine timing) counts only up to the value of
    # what is asked for (reasoning, long outputs), for the member and for its ring alike: a scraper on a
    # ring's proxy exits is as busy and as regular as the ring's accounts but asks for nothing a distiller
    # keeps, while a member that does what its ring does keeps fit 1. A value feature this input cannot
    # measure counts at scoring.harvest_unmeasured_level in both caps (as in harvest_evidence); one that only
    # this member cannot show (no logged prompt) at the ring's level.
    missing = set(unmeasured_harvest)
    neutral = _harvest_level(cfg, missing)

    def ring_value(column: str) -> np.ndarray:
        """Per member, its ring's value of ``column``."""
        f = np.zeros(len(sizes))
        f[r.index.to_numpy()] = r[column].to_numpy(np.float64)
        return f[mc]

    def ring_level(k: str) -> np.ndarray:
        return ring_value(f"f_{k}")

    nm = len(mi)
    num = np.zeros(nm)
    den = np.zeros(nm)
    act_num = np.zeros(nm)
    act_den = np.zeros(nm)
    cap_own = np.zeros(nm)
    cap_ring = np.zeros(nm)
    for k in VALUE_FEATURES:
        wk = max(weights.get(k, 0.0), 0.0)
        level = np.full(nm, neutral) if k in missing else ring_level(k)
        cap_ring += wk * level
        if k not in acc_f:
            cap_own += wk * level
    for k, a in acc_f.items():
        fk = ring_level(k)
        wk = max(weights.get(k, 0.0), 0.0)
        seen = ~np.isnan(a)  # a feature the member cannot show (no logged prompt) is left out of its fit
        got = np.where(seen, wk * np.minimum(np.nan_to_num(a, nan=0.0), fk), 0.0)
        full = np.where(seen, wk * fk, 0.0)
        if k in ACTIVITY_FEATURES:
            act_num += got
            act_den += full
        else:
            num += got
            den += full
        if k in VALUE_FEATURES:
            cap_own += np.where(seen, wk * np.nan_to_num(a, nan=0.0), wk * fk)
    # ... and use of the per-account limit lifts a ring's cap (harvest_evidence). A member then fits by the
    # harvesting its ring is scored for: where the ring's cap comes from its limit use (a narrow capability,
    # short answers, every account well into its cap), the member's own limit use lifts its cap too; where
    # it comes from the value of the answers, a member that is as busy but asks for nothing of value (a
    # scraper on the ring's exits) still does not fit
    # (on volume's weight, as before session 59: a member's fit compares its own limit use with its ring's,
    # and the ring's higher cap of session 59 (limit_use_weight) would let a ring's busiest hangers-on fit)
    w_use = max(weights.get("volume", 0.0), 0.0)
    if "volume" in acc_f:
        ring_use = w_use * limit_use(ring_value("median_utilization"))
        by_use = ring_use > cap_ring
        cap_own = np.where(by_use, np.maximum(cap_own, w_use * limit_use(feats["utilization"].to_numpy(np.float64)[mi])),
                           cap_own)
        cap_ring = np.maximum(cap_ring, ring_use)
    num += np.minimum(act_num, cap_own)
    den += np.minimum(act_den, cap_ring)
    behaviour_fit = np.where(den > 0.5, num / np.maximum(den, 1e-9), 1.0)
    members["behaviour_fit"] = of_members(behaviour_fit)
    # infrastructure fit: in a ring whose members share infrastructure, a member tied to the others by
    # prompt content only (an app built on the same public template) is not on the operator's infrastructure
    mates = np.maximum(sizes[mc] - 1, 1)
    ring_cover = cover[mc]
    infra_fit = np.where(ring_cover > 0, _clip(infra_deg[mi] / mates / np.maximum(ring_cover, 1e-9)), 1.0)
    members["infrastructure_fit"] = of_members(infra_fit)
    fit = of_members(np.minimum(np.minimum(tie_fit, behaviour_fit), infra_fit))
    members["fit"] = fit
    ring_risk = np.zeros(len(sizes))
    ring_risk[r.index.to_numpy()] = r["risk_score"].to_numpy()
    # the floor: absolute, and relative to the ring's typical member (a bystander that fits a quarter of
    # a ring whose members all fit fully is an outlier of that ring, not a weaker member of it)
    med_fit = _ring_median(fit, comm, in_ring, len(sizes))
    floor = np.maximum(cfg.member_fit_floor, cfg.member_fit_relative * med_fit[mc])
    members["fit_floor"] = of_members(floor)
    members["account_risk"] = of_members(ring_risk[mc] * _clip(fit[mi] / np.maximum(floor, 1e-9)))
    members["in_ring"] = in_ring
    return r, members
