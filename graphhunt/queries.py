"""Investigator queries over the graph pushed by :mod:`graphhunt.sinks.neo4j`.

Each query is plain Cypher with ``$parameters``; paste it into Neo4j Browser
(``:param account_id => 'acct001'``) or run ``graphhunt query NAME --param k=v``.
``docs/NEO4J.md`` lists them with example output.

"Current" means the latest complete run (``(:Run {complete: true})`` with the
greatest ``created_at``); every run's verdicts stay queryable through the
``run_id`` on ``MEMBER_OF`` and the ``(:Ring)-[:FOUND_IN]->(:Run)`` history.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Query", "QUERIES", "ACCOUNT_STATUS", "ACCOUNT_SUGGEST", "RING_STATUS", "RING_SUGGEST", "empty_account_note",
           "empty_ring_note", "ring_number"]


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    params: tuple[str, ...]
    cypher: str


_LATEST_RUN = """MATCH (run:Run {complete: true})
WITH run ORDER BY run.created_at DESC LIMIT 1
"""

# the attributes graphhunt links on (no hub, no busy-network crowd address) that ring $ring_id's members (m)
# used in the latest run (x): where two-hops and ring-neighbours start
_RING_LINKED_ATTRIBUTES = _LATEST_RUN + """\
MATCH (r:Ring {ring_id: $ring_id})<-[:MEMBER_OF {run_id: run.run_id}]-(m:Account)
      -[:USED {run_id: run.run_id}]->(x)
WHERE NOT coalesce(x.hub, false) AND x.status IS NULL
"""

QUERIES: dict[str, Query] = {q.name: q for q in [
    Query(
        "runs", "Every pushed run, newest first, with its counts.", (),
        """MATCH (run:Run)
RETURN run.run_id AS run_id, toString(run.created_at) AS created_at, run.complete AS complete,
       run.n_accounts AS accounts, run.n_rings AS rings, run.n_flagged_rings AS flagged_rings,
       run.n_flagged_accounts AS flagged_accounts, run.config_hash AS config_hash
ORDER BY run.created_at DESC"""),
    Query(
        "flagged-rings", "Flagged rings of the latest run, riskiest first.", (),
        _LATEST_RUN + """MATCH (r:Ring)-[f:FOUND_IN]->(run) WHERE f.flagged
RETURN r.ring_id AS ring_id, f.size AS size, f.risk_score AS risk_score, f.reasons AS reasons,
       r.template_exemplars AS template_exemplars
ORDER BY risk_score DESC, size DESC"""),
    Query(
        "account-ring", "The ring of an account in the latest run, with its fellow members.", ("account_id",),
        _LATEST_RUN + """MATCH (a:Account {account_id: $account_id})-[m:MEMBER_OF {run_id: run.run_id}]->(r:Ring)
MATCH (other:Account)-[m2:MEMBER_OF {run_id: run.run_id}]->(r)
RETURN r.ring_id AS ring_id, r.risk_score AS ring_risk, r.flagged AS ring_flagged, r.reasons AS reasons,
       other.account_id AS member, m2.risk_score AS member_risk, other = a AS is_queried_account
ORDER BY is_queried_account DESC, member"""),
    Query(
        "ring-shares", "What a ring's members share (latest run): every attribute held by two or more members, "
        "most members first, then the rarest.", ("ring_id",),
        _LATEST_RUN + """MATCH (r:Ring {ring_id: $ring_id})<-[:MEMBER_OF {run_id: run.run_id}]-(a:Account)
      -[u:USED {run_id: run.run_id}]->(x)
WITH x, count(DISTINCT a) AS members, sum(u.n_events) AS events,
     min(u.first_seen) AS first_seen, max(u.last_seen) AS last_seen
WHERE members >= 2
RETURN labels(x)[0] AS kind, x.id AS attribute, members, x.n_accounts AS holders_overall,
       coalesce(x.hub, false) AS hub, x.status AS ignored_as, events,
       toString(first_seen) AS first_seen, toString(last_seen) AS last_seen,
       x.exemplar AS template_exemplar
ORDER BY members DESC, holders_overall ASC, attribute"""),
    Query(
        "two-hops", "Accounts outside a ring that share an attribute graphhunt links on (no hub, no "
        "busy-network crowd address) with its members in the latest run "
        "(account -> attribute -> account): the next ones to review.", ("ring_id",),
        _RING_LINKED_ATTRIBUTES + """MATCH (x)<-[:USED {run_id: run.run_id}]-(o:Account)
WHERE NOT (o)-[:MEMBER_OF {run_id: run.run_id}]->(r)
WITH run, o, collect(DISTINCT x.id) AS via, count(DISTINCT m) AS members_touched
WITH o, via, members_touched, o.last_run_id = run.run_id AS current
RETURN o.account_id AS account_id, CASE WHEN current THEN o.ring_id END AS ring_id,
       CASE WHEN current THEN o.risk_score END AS risk_score, CASE WHEN current THEN o.flagged END AS flagged,
       members_touched, via[..5] AS shared_attributes, size(via) AS n_shared
ORDER BY n_shared DESC, members_touched DESC, account_id
LIMIT 200"""),
    Query(
        "ring-neighbours", "Other rings of the latest run whose members share an attribute graphhunt links on "
        "(no hub, no busy-network crowd address) with this ring's members: the pieces of a larger operation "
        "(a reseller hydra on one relay pool is cut into many small rings), most shared attributes first.",
        ("ring_id",),
        _RING_LINKED_ATTRIBUTES + """WITH DISTINCT run, r, x
MATCH (x)<-[:USED {run_id: run.run_id}]-(o:Account)-[:MEMBER_OF {run_id: run.run_id}]->(r2:Ring)
WHERE r2 <> r
WITH run, r2, count(DISTINCT x) AS n_shared, count(DISTINCT o) AS members_sharing, collect(DISTINCT x.id) AS via
MATCH (r2)-[f:FOUND_IN]->(run)
RETURN r2.ring_id AS ring_id, f.size AS size, f.risk_score AS risk_score, f.flagged AS flagged,
       members_sharing, n_shared, via[..5] AS shared_attributes
ORDER BY n_shared DESC, members_sharing DESC, ring_id
LIMIT 200"""),
    Query(
        "ring-history", "A ring over time: size, risk and verdict in every run that found it (`stable_ids`: the "
        "run kept ring ids across runs, as `refresh` does; a `detect` run's ids are ranks within that run).",
        ("ring_id",),
        """MATCH (r:Ring {ring_id: $ring_id})-[x:FOUND_IN|CHANGED_IN]->(run:Run)
WITH run, collect(x) AS xs
WITH run, [x IN xs WHERE type(x) = 'FOUND_IN'][0] AS f, [x IN xs WHERE type(x) = 'CHANGED_IN'] AS cs
RETURN toString(run.created_at) AS created_at, run.run_id AS run_id, f.size AS size, f.risk_score AS risk_score,
       f.flagged AS flagged, f.reasons AS reasons, [c IN cs | c.change] AS changes,
       reduce(a = [], c IN cs | a + [i IN coalesce(c.from_ids, []) WHERE NOT i IN a]) AS from_ids,
       reduce(a = [], c IN cs | a + [i IN coalesce(c.to_ids, []) WHERE NOT i IN a]) AS to_ids,
       coalesce(run.stable_ring_ids, false) AS stable_ids
ORDER BY run.created_at"""),
    Query(
        "changes", "What the latest run changed (a `refresh` run's changes.csv: new, grew, shrank, merged, split, "
        "dissolved, flagged, unflagged rings), newly flagged and unflagged rings first, then by risk; `detect` "
        "runs have none.", (),
        _LATEST_RUN + """MATCH (r:Ring)-[c:CHANGED_IN]->(run)
OPTIONAL MATCH (r)-[f:FOUND_IN]->(run)
RETURN r.ring_id AS ring_id, c.change AS change, c.from_ids AS from_ids, c.to_ids AS to_ids,
       c.members_before AS members_before, c.members_after AS members_after, c.members_added AS members_added,
       c.members_removed AS members_removed, f.size AS size, f.risk_score AS risk_score, f.flagged AS flagged,
       f.reasons AS reasons
ORDER BY CASE c.change WHEN 'flagged' THEN 0 WHEN 'unflagged' THEN 1 ELSE 2 END, coalesce(f.risk_score, -1.0) DESC,
         change, ring_id"""),
    Query(
        "rings-over-time", "Per run: rings, flagged rings, accounts in flagged rings (members of flagged rings, "
        "weak ones too) and flagged accounts (as in `runs`).", (),
        """MATCH (run:Run {complete: true})
OPTIONAL MATCH (r:Ring)-[f:FOUND_IN]->(run)
WITH run, count(r) AS rings, sum(CASE WHEN f.flagged THEN 1 ELSE 0 END) AS flagged_rings,
     sum(CASE WHEN f.flagged THEN f.size ELSE 0 END) AS accounts_in_flagged_rings
RETURN toString(run.created_at) AS created_at, run.run_id AS run_id, rings, flagged_rings, accounts_in_flagged_rings,
       run.n_flagged_accounts AS flagged_accounts
ORDER BY created_at"""),
    Query(
        "account-history", "Which ring each run put an account in.", ("account_id",),
        """MATCH (a:Account {account_id: $account_id})-[m:MEMBER_OF]->(r:Ring)
MATCH (run:Run {run_id: m.run_id})
RETURN toString(run.created_at) AS created_at, m.run_id AS run_id, r.ring_id AS ring_id,
       m.risk_score AS risk_score, m.flagged AS flagged
ORDER BY created_at"""),
]}


# Why an account query found nothing: the account is unknown, was not in the latest run, or was in it
# without a ring (a singleton). ``graphhunt query`` prints this instead of a bare "(no rows)".
ACCOUNT_STATUS = _LATEST_RUN + """OPTIONAL MATCH (a:Account {account_id: $account_id})
OPTIONAL MATCH (a)-[m:MEMBER_OF]->(:Ring)
WITH run, a, count(m) AS memberships
OPTIONAL MATCH (a)-[u:USED]->() WHERE u.run_id = run.run_id AND u.first_seen IS NOT NULL
RETURN a IS NOT NULL AS known, a.last_run_id AS last_run_id, run.run_id AS latest_run_id,
       memberships, count(u) AS dated_uses"""


# An unknown id written another way: case and surrounding spaces (``ACCT_1`` for ``acct_1``), a ring's
# number without its zeros (``ring-7`` for ``ring-0007`` or ``ring-000007``). Run only when the id is unknown:
# the comparison cannot use the id index, so it scans the label's nodes, a cost paid on that path alone.
ACCOUNT_SUGGEST = """MATCH (a:Account) WHERE toLower(trim(a.account_id)) = toLower(trim($account_id))
RETURN a.account_id AS id ORDER BY id LIMIT 3"""
RING_SUGGEST = """MATCH (r:Ring) WHERE toLower(r.ring_id) = toLower(trim($ring_id))
   OR ($number IS NOT NULL AND r.ring_id =~ ('(?i)ring-0*' + $number))
RETURN r.ring_id AS id ORDER BY id LIMIT 3"""


def ring_number(ring_id: str) -> str | None:
    """The number of a ring id written as ``ring-7``, ``Ring 0007``, ``ring_12`` or ``7``, without leading
    zeros (``$number`` of :data:`RING_SUGGEST`); None for anything else.

    >>> ring_number("ring-7"), ring_number(" Ring 0012 "), ring_number("0"), ring_number("ring-nosuch")
    ('7', '12', '0', None)
    """
    m = re.fullmatch(r"\s*(?:ring)?[-_ ]?(\d+)\s*", str(ring_id), flags=re.IGNORECASE)
    return str(int(m.group(1))) if m else None


def _did_you_mean(suggestions) -> str:
    s = [x for x in suggestions or () if x is not None]
    return f"; did you mean {' or '.join(repr(x) for x in s)}?" if s else "; check the id"


def empty_account_note(query: str, account_id: str, status: dict, suggestions=()) -> str:
    """One line saying why ``account-ring`` / ``account-history`` returned no rows for ``account_id``,
    from one row of :data:`ACCOUNT_STATUS` (and, for an unknown id, the ids :data:`ACCOUNT_SUGGEST`
    found written another way)."""
    if not status.get("known"):
        return f"(no rows: account {account_id!r} is not in the graph{_did_you_mean(suggestions)})"
    if query == "account-history":
        return f"(no rows: account {account_id!r} is in the graph but no run put it in a ring)"
    last, latest = status.get("last_run_id"), status.get("latest_run_id")
    if last != latest:
        return (f"(no rows: account {account_id!r} is not in the latest run {latest}; last seen in run {last}; "
                "see `graphhunt query account-history`)")
    if status.get("dated_uses", 1) == 0:
        # only requests give a use a time: an account of the accounts file that sent none (its card may
        # still tie it to others)
        return (f"(no rows: account {account_id!r} is in the latest run {latest} but in no ring: it sent no "
                "requests in that run (nothing it used there carries a request time); `graphhunt explain "
                "ACCOUNT --run DIR` says what ties it has)")
    return (f"(no rows: account {account_id!r} is in the latest run {latest} but in no ring: the community "
            "Leiden gave it is smaller than the smallest ring candidate (communities.min_ring_size); it may "
            "still have links: `graphhunt explain ACCOUNT --run DIR` lists them)")


# Why a ring query found nothing: the ring is unknown, not in the latest run, or in it with nothing to show.
# ``graphhunt query`` prints this instead of a bare "(no rows)" (session 50; account-ring already did).
RING_STATUS = """OPTIONAL MATCH (latest:Run {complete: true})
WITH latest ORDER BY latest.created_at DESC LIMIT 1
OPTIONAL MATCH (r:Ring {ring_id: $ring_id})
OPTIONAL MATCH (r)-[f:FOUND_IN]->(latest)
RETURN latest IS NOT NULL AS any_run, r IS NOT NULL AS known, f IS NOT NULL AS in_latest,
       latest.run_id AS latest_run_id, r.last_run_id AS last_run_id"""


def empty_ring_note(query: str, ring_id: str, status: dict, suggestions=()) -> str:
    """One line saying why ``ring-shares``, ``two-hops``, ``ring-neighbours`` or ``ring-history`` returned no rows for
    ``ring_id``, from one row of :data:`RING_STATUS` (and, for an unknown id, the ids :data:`RING_SUGGEST`
    found written another way)."""
    if not status.get("known"):
        return (f"(no rows: ring {ring_id!r} is not in the graph{_did_you_mean(suggestions)} "
                "(`graphhunt query flagged-rings` lists the latest run's flagged rings))")
    if query == "ring-history":
        return f"(no rows: ring {ring_id!r} is in the graph but no complete run found it)"
    if not status.get("any_run"):
        return "(no rows: the graph holds no complete run; push one first)"
    latest, last = status.get("latest_run_id"), status.get("last_run_id")
    if not status.get("in_latest"):
        return (f"(no rows: ring {ring_id!r} is not in the latest run {latest}"
                + (f"; last found in run {last}" if last and last != latest else "")
                + "; see `graphhunt query ring-history`)")
    if query == "ring-shares":
        return (f"(no rows: no attribute is held by two or more members of ring {ring_id!r} in the latest run "
                f"{latest}; `graphhunt explain {ring_id} --run DIR` shows how its members are linked)")
    if query == "ring-neighbours":
        return (f"(no rows: no other ring's member shares a linked attribute (no hub, no crowd address) with the "
                f"members of ring {ring_id!r} in the latest run {latest}; `graphhunt query two-hops` also lists "
                "accounts in no ring)")
    return (f"(no rows: no account outside ring {ring_id!r} shares a linked attribute (no hub, no crowd address) "
            f"with its members in the latest run {latest})")
