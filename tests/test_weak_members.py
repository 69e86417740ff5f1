"""_weak_members on a hand-made scorer: the revert guard is per group, not global."""
import numpy as np
import pandas as pd

from graphhunt.detector import _weak_members

# accounts: 0-4 ring A, 5-7 small ring inside A's group; 8-12 ring B, 13-15 small ring inside B's
# group, 16 an account of B's group that is flagged only while B's small ring is with it
KIND = np.array(["a"] * 5 + ["ma"] * 3 + ["b"] * 5 + ["mb"] * 3 + ["x"])
N = len(KIND)
THR = 0.5


def score(comm, edges=None, with_x=True, measured_only=False):
    comm = np.asarray(comm, np.int64)
    sizes = np.bincount(comm)
    rings, risk = {}, np.zeros(len(comm))
    for c in np.flatnonzero(sizes >= 3):
        kinds = set(KIND[comm == c])
        only_minis = len(kinds) == 1 and kinds <= {"ma", "mb"}
        flagged = bool(kinds & {"a", "b"}) or only_minis
        rings[c] = (int(sizes[c]), 0.9 if flagged else 0.1, flagged)
        for i in np.flatnonzero(comm == c):
            k = KIND[i]
            if k in ("a", "b"):
                risk[i] = 0.9
            elif k in ("ma", "mb"):
                risk[i] = 0.9 if only_minis else 0.3
            else:
                risk[i] = 0.9 if "mb" in kinds else 0.3
    r = pd.DataFrame.from_dict(rings, orient="index", columns=["size", "risk_score", "flagged"])
    r.index.name = "community"
    in_ring = (sizes >= 3)[comm]
    m = _members(comm, risk, in_ring)
    return r, m


def _members(comm, risk, in_ring, fit=None):
    """score_rings' member columns; fit 1 (at or over the floor) unless given."""
    fit = np.ones(len(comm)) if fit is None else fit
    return pd.DataFrame({"comm": comm, "account_risk": np.where(in_ring, risk, 0.0), "in_ring": in_ring,
                         "fit": np.where(in_ring, fit, 0.0), "fit_floor": np.where(in_ring, 0.4, 0.0)})


def _groups(comm):
    return sorted(sorted(np.flatnonzero(comm == c).tolist()) for c in np.unique(comm))


EDGES = pd.DataFrame({"src": np.zeros(0, np.int64), "dst": np.zeros(0, np.int64)})
COMM = np.array([0] * 8 + [1] * 9)


def test_a_loss_in_one_group_does_not_cancel_the_split_of_another():
    r, m = score(COMM)
    assert r["flagged"].all() and (m["account_risk"].to_numpy()[5:8] < THR).all()
    out, r2, m2 = _weak_members(COMM, r, m, score, EDGES, THR, 3)
    # B's split would cost account 16 its flag: B stays whole. A's split costs nothing: A's small ring
    # is a ring of its own and flagged
    assert [5, 6, 7] in _groups(out), _groups(out)
    assert list(range(8, 17)) in _groups(out)
    assert (m2["account_risk"].to_numpy()[5:8] >= THR).all()
    assert (m2["account_risk"].to_numpy()[m["account_risk"].to_numpy() >= THR] >= THR).all()


KIND2 = np.array(["a"] * 5 + ["ma"] * 3 + ["v"] * 2)


def score2(comm, edges=None, measured_only=False):
    """A group with ring A's accounts is flagged; without them, a group is flagged only while it holds
    the bystanders ``v`` (its risk depends on who is in it, as score_rings' does on size and shares)."""
    comm = np.asarray(comm, np.int64)
    sizes = np.bincount(comm)
    rings, risk = {}, np.zeros(len(comm))
    for c in np.flatnonzero(sizes >= 3):
        kinds = set(KIND2[comm == c])
        flagged = "a" in kinds or "v" in kinds
        rings[c] = (int(sizes[c]), 0.9 if flagged else 0.1, flagged)
        for i in np.flatnonzero(comm == c):
            k = KIND2[i]
            risk[i] = 0.9 if k == "a" or (k == "ma" and flagged and "a" not in kinds) else (0.3 if flagged else 0.1)
    r = pd.DataFrame.from_dict(rings, orient="index", columns=["size", "risk_score", "flagged"])
    r.index.name = "community"
    in_ring = (sizes >= 3)[comm]
    m = _members(comm, risk, in_ring)
    return r, m


def test_nothing_changes_when_the_moved_part_is_not_a_flagged_ring_on_its_own():
    """The weak part (small ring + bystanders) scores as a ring; the small ring's members are flagged
    there and are moved, but alone they are not flagged: no account gains a flag, so nothing may move."""
    comm = np.zeros(len(KIND2), np.int64)
    r, m = score2(comm)
    out, r2, m2 = _weak_members(comm, r, m, score2, EDGES, THR, 3)
    assert (m2["account_risk"].to_numpy() >= THR).sum() >= (m["account_risk"].to_numpy() >= THR).sum()
    assert len(np.unique(out)) == 1, _groups(out)  # no group that flags nothing is split off


def test_refresh_scope_does_not_hide_a_group_flagged_for_the_first_time():
    """A refresh limits the search to changed groups and groups flagged in the previous run. A group
    with the same accounts and links as before, not flagged then and flagged now, is out of that scope;
    a full run searches its weak members, so the refresh must too."""
    from graphhunt.config import CommunityConfig
    from graphhunt.detector import _dense_core_search
    from graphhunt.refresh import changed_communities

    r, m = score(COMM)
    edges = pd.DataFrame({"src": np.zeros(0, np.int64), "dst": np.zeros(0, np.int64), "weight": np.zeros(0, np.float32)})
    cc = CommunityConfig(core_density_steps=1, workers=1)
    scope = changed_communities(COMM, COMM.astype(float), np.zeros(N, bool))  # unchanged, not flagged before
    assert not scope.any()
    full = _dense_core_search(COMM, r, m, edges, cc, score, threshold=THR)[0]
    ref = _dense_core_search(COMM, r, m, edges, cc, score, scope=scope, threshold=THR)[0]
    assert [5, 6, 7] in _groups(full)
    assert _groups(ref) == _groups(full)


# the 100k bench case: ring A's community also holds two small rings; M1 is still flagged there (the
# group's risk carries it) but does not fit the group (fit under its floor, WEAK_TIE), M2 is not flagged.
# M1 keeps its flag only while M2 is with it, so moving M2 alone would cost M1 its flag.
KIND3 = np.array(["a"] * 6 + ["m1"] * 3 + ["m2"] * 3)


def score3(comm, edges=None, measured_only=False):
    comm = np.asarray(comm, np.int64)
    sizes = np.bincount(comm)
    rings, risk, fit = {}, np.zeros(len(comm)), np.ones(len(comm))
    for c in np.flatnonzero(sizes >= 3):
        kinds = set(KIND3[comm == c])
        rings[c] = (int(sizes[c]), 0.9, True)  # every group here is a flagged ring
        for i in np.flatnonzero(comm == c):
            if KIND3[i] == "a" or "a" not in kinds:
                risk[i] = 0.9
            else:  # a small ring's account inside A's group: weak fit
                fit[i] = 0.2
                risk[i] = (0.6 if "m2" in kinds else 0.4) if KIND3[i] == "m1" else 0.3
    r = pd.DataFrame.from_dict(rings, orient="index", columns=["size", "risk_score", "flagged"])
    r.index.name = "community"
    in_ring = (sizes >= 3)[comm]
    return r, _members(comm, risk, in_ring, fit)


def test_flagged_members_under_their_fit_floor_move_with_the_unflagged_ones():
    comm = np.zeros(len(KIND3), np.int64)
    r, m = score3(comm)
    risk = m["account_risk"].to_numpy()
    assert (risk[6:9] >= THR).all() and (risk[9:12] < THR).all()  # M1 flagged, M2 not
    out, r2, m2 = _weak_members(comm, r, m, score3, EDGES, THR, 3)
    # M1 (WEAK_TIE) and M2 leave together and are a flagged ring; A keeps its flags
    assert _groups(out) == [list(range(6)), list(range(6, 12))], _groups(out)
    assert (m2["account_risk"].to_numpy() >= THR).all()


# accounts: 0-4 ring A; 5-8 ring P and 9-11 ring Q, both weak members of A's group
KIND4 = np.array(["a"] * 5 + ["p"] * 4 + ["q"] * 3)


def score4(comm, edges=None, measured_only=False):
    """Every group of three or more is flagged. Next to A, P and Q fit poorly (0.3); P and Q together are
    P's group, where Q fits poorly; alone, each is a ring."""
    comm = np.asarray(comm, np.int64)
    sizes = np.bincount(comm)
    rings, risk = {}, np.zeros(len(comm))
    for c in np.flatnonzero(sizes >= 3):
        kinds = set(KIND4[comm == c])
        rings[c] = (int(sizes[c]), 0.9, True)
        for i in np.flatnonzero(comm == c):
            k = KIND4[i]
            fits = k == "a" or ("a" not in kinds and (k == "p" or kinds == {"q"}))
            risk[i] = 0.9 if fits else 0.3
    r = pd.DataFrame.from_dict(rings, orient="index", columns=["size", "risk_score", "flagged"])
    r.index.name = "community"
    return r, _members(comm, risk, (sizes >= 3)[comm])


def test_two_rings_among_the_weak_members_are_both_split_out():
    from graphhunt.detector import _weak_member_rounds

    comm = np.zeros(len(KIND4), np.int64)
    r, m = score4(comm)
    assert (m["account_risk"].to_numpy()[5:] < THR).all()
    # one round: P and Q are one candidate, where only P fits; Q stays behind with A, unflagged
    once, _, m1 = _weak_members(comm, r, m, score4, EDGES, THR, 3)
    assert _groups(once) == [[0, 1, 2, 3, 4, 9, 10, 11], [5, 6, 7, 8]]
    assert (m1["account_risk"].to_numpy()[9:] < THR).all()
    # the next round scores Q alone: three flagged rings
    out, _, m2 = _weak_member_rounds(comm, r, m, score4, EDGES, THR, 3)
    assert _groups(out) == [[0, 1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11]]
    assert (m2["account_risk"].to_numpy() >= THR).all()
    # nothing to move: the same partition back after one round
    same, _, _ = _weak_member_rounds(out, *score4(out), score4, EDGES, THR, 3)
    assert _groups(same) == _groups(out)
