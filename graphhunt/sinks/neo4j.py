"""Keep the ring graph in Neo4j: push a result (in memory or a run directory), idempotently.

This module is the only place that imports the ``neo4j`` driver (lazily, so
graphhunt works without it). Model (see docs/NEO4J.md)::

    (:Account {account_id, ring_id, risk_score, flagged, reasons, last_run_id})
    (:PaymentMethod|:IP|:Network|:Template|:Schedule|:Attribute {id, value, n_accounts, hub})
    (:Ring {ring_id, size, risk_score, flagged, reasons, evidence_sum, template_exemplars, held_back_by, last_run_id})
    (:Run {run_id, created_at, config_hash, content, complete, n_* counts, stable_ring_ids})
    (:Account)-[:USED {n_events, first_seen, last_seen, run_id}]->(attribute)
    (:Account)-[:MEMBER_OF {run_id, risk_score, flagged}]->(:Ring)       one per run: history
    (:Ring)-[:FOUND_IN {size, risk_score, flagged, reasons}]->(:Run)     one per run: history
    (:Ring)-[:CHANGED_IN {change, from_ids, to_ids, members_*}]->(:Run)  a refresh's changes.csv rows
    (:Account)-[:LINKED {weight, w_<type>..., run_id}]->(:Account)        the latest run's graph
                              (w_<type> only for the link types that tie the pair: non-zero weights)

Writes: ``UNWIND`` over column lists sent as parameters, ``MERGE`` on keys
backed by uniqueness constraints, one managed (retried) transaction per
batch. Node writes return the nodes' ids (``id(n)``); relationship writes find
their end nodes by id (``NodeByIdSeek``, no index lookups),
in rows grouped by start node. Accounts that had no relationships when written (new to
the graph) get their ``USED``/``LINKED`` by ``CREATE`` (nothing to merge with); all other
rows ``MERGE``. A push writes with ``workers`` sessions (threads, default 2): nodes first,
each label in one session, then every relationship in buckets of (start node group, end node
group): two sessions write buckets with no node group in common at the same time (see
:class:`_Tasks`).
Separate pushes must not run concurrently into one database. The ``Run`` node is
marked ``complete`` only after everything else is written, so an interrupted push is
visible (``complete = false``) and the next push of the same run repairs it (every write
is an idempotent MERGE/SET, or a CREATE that only runs where nothing exists yet).

Current properties (``Account.ring_id``, ``Ring.risk_score``, ``LINKED``) follow
the *latest* complete run by ``created_at``; pushing an older run again only
adds its history (``MEMBER_OF``/``FOUND_IN`` with its ``run_id``). A run id stands for one
result (:func:`make_run_id` covers the result's verdicts): a push under a run id that the graph
holds with another result (``Run.content``) replaces that run's ``MEMBER_OF``/``FOUND_IN``/
``CHANGED_IN`` instead of adding to them.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import threading
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from ..errors import InputError, SinkConfigError, SinkError, UsageError

__all__ = ["push_result", "connect", "check_uri", "run_query", "gds_compare", "make_run_id", "result_digest",
           "ensure_schema", "ENV_URI", "ENV_USER", "ENV_PASSWORD", "ENV_DATABASE", "LABELS"]

log = logging.getLogger(__name__)

ENV_URI = "GRAPHHUNT_NEO4J_URI"
ENV_USER = "GRAPHHUNT_NEO4J_USER"
ENV_PASSWORD = "GRAPHHUNT_NEO4J_PASSWORD"
ENV_DATABASE = "GRAPHHUNT_NEO4J_DATABASE"

#: node label of each link type's attributes (generic columns: ``Attribute`` with ``kind``)
LABELS = {"payment": "PaymentMethod", "ip": "IP", "network": "Network", "template": "Template", "schedule": "Schedule"}
GENERIC_LABEL = "Attribute"
EXEMPLAR_MAX_CHARS = 160
#: longest node key (UTF-8 bytes) pushed: Neo4j's range index, behind the uniqueness constraints,
#: holds keys of up to 8,167 bytes (Neo4j 5); longer ones are refused before connecting
MAX_KEY_BYTES = 8_000
DEFAULT_BATCH = 5_000
#: concurrent writer sessions of a push (see push_result). 2: with id() lookups and Eager-free plans
#: two sessions kept two server cores busy; 100k accounts on the 2-core test machine (other jobs at
#: nice 19): first push 59 -> 36 s, re-push 30 -> 13 s against one session (docs/NEO4J.md, Throughput)
DEFAULT_WORKERS = 2
#: relationship rows are split into buckets by the groups of their two end nodes (node id modulo
#: ``GROUPS_PER_WORKER * workers``, fewer for small results: _groups); buckets with no group in
#: common are written at the same time, so two sessions never write relationships of the same node
#: together (see _Tasks.run)
GROUPS_PER_WORKER = 4

SCHEMA = [
    "CREATE CONSTRAINT graphhunt_account_id IF NOT EXISTS FOR (n:Account) REQUIRE n.account_id IS UNIQUE",
    "CREATE CONSTRAINT graphhunt_payment_id IF NOT EXISTS FOR (n:PaymentMethod) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graphhunt_ip_id IF NOT EXISTS FOR (n:IP) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graphhunt_network_id IF NOT EXISTS FOR (n:Network) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graphhunt_template_id IF NOT EXISTS FOR (n:Template) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graphhunt_schedule_id IF NOT EXISTS FOR (n:Schedule) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graphhunt_attribute_id IF NOT EXISTS FOR (n:Attribute) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graphhunt_ring_id IF NOT EXISTS FOR (n:Ring) REQUIRE n.ring_id IS UNIQUE",
    "CREATE CONSTRAINT graphhunt_run_id IF NOT EXISTS FOR (n:Run) REQUIRE n.run_id IS UNIQUE",
    "CREATE CONSTRAINT graphhunt_lock_name IF NOT EXISTS FOR (n:GraphhuntLock) REQUIRE n.name IS UNIQUE",
    "CREATE INDEX graphhunt_account_ring IF NOT EXISTS FOR (n:Account) ON (n.ring_id)",
    "CREATE INDEX graphhunt_account_flagged IF NOT EXISTS FOR (n:Account) ON (n.flagged)",
    "CREATE INDEX graphhunt_ring_flagged IF NOT EXISTS FOR (n:Ring) ON (n.flagged)",
    "CREATE INDEX graphhunt_run_created IF NOT EXISTS FOR (n:Run) ON (n.created_at)",
    "CREATE INDEX graphhunt_linked_run IF NOT EXISTS FOR ()-[l:LINKED]-() ON (l.run_id)",
]

#: indexes earlier graphhunt versions created and this one drops: on a fresh graph the planner
#: preferred the (empty) MEMBER_OF.run_id index over expanding from the bound account and
#: ring, and the MERGE of memberships became quadratic (25 M db hits for 5,000 members)
SCHEMA_DROP = ["graphhunt_member_run"]

# ---------------------------------------------------------------- write queries (constant text)
# Every query reads its rows from column lists ($c1, $c2, ...): packing lists of
# primitives is much cheaper for the driver than one map per row.

# ``content``: the result digest (:func:`result_digest`) the run's last *complete* push wrote (set by
# Q_RUN_DONE). A push under the same run id with other content (an explicit --run-id, a refresh id two
# states share) replaces the run's memberships instead of adding to them; the run is marked incomplete
# until that is done, so an interrupted replacement is visible and the next push finishes it
Q_RUN_START = """
MERGE (r:Run {run_id: $run_id})
ON CREATE SET r.created_at = datetime($created_at), r.complete = false
WITH r, r.content AS before
SET r.config_hash = $config_hash, r.graphhunt_version = $version,
    r.complete = CASE WHEN before IS NOT NULL AND before <> $content THEN false ELSE r.complete END
RETURN r.complete AS complete, toString(r.created_at) AS created_at, before AS content_before
"""

#: a run's own history (its memberships, then its FOUND_IN and CHANGED_IN), removed in batches before a
#: push under its run id writes other content: memberships are found from the rings the run found
Q_RUN_MEMBERS_DROP = """
MATCH (:Run {run_id: $run_id})<-[:FOUND_IN]-(:Ring)<-[m:MEMBER_OF {run_id: $run_id}]-(:Account)
WITH m LIMIT $limit
DELETE m
RETURN count(*) AS deleted
"""

Q_RUN_RINGS_DROP = """
MATCH (:Run {run_id: $run_id})<-[x:FOUND_IN|CHANGED_IN]-(:Ring)
WITH x LIMIT $limit
DELETE x
RETURN count(*) AS deleted
"""

Q_NEWER_RUNS = """
MATCH (me:Run {run_id: $run_id})
MATCH (o:Run) WHERE o.complete = true AND o.run_id <> $run_id AND o.created_at > me.created_at
RETURN count(o) AS newer
"""

Q_RUN_DONE = """
MATCH (r:Run {run_id: $run_id})
SET r.complete = true, r.content = $content, r.counts_json = $counts_json, r.n_accounts = $n_accounts,
    r.n_events = $n_events, r.n_rings = $n_rings, r.n_flagged_rings = $n_flagged_rings, r.n_flagged_accounts = $n_flagged_accounts,
    r.n_edges = $n_edges, r.stable_ring_ids = $stable_ring_ids, r.linked = $linked
"""

def _set_current(latest: bool, var: str, carry: str, sets: str) -> str:
    """``WITH carry`` then ``SET sets``: current properties.

    The latest run sets them; an older run only where the node has none yet (``last_run_id``
    is null: new to the graph). Two texts rather than one with ``$latest OR ...``: reading
    ``last_run_id`` in the query that writes it is a read/set conflict, for which Neo4j plans an
    ``Eager`` that buffers the whole batch; the latest run's text reads nothing it writes.
    """
    if latest:
        return f"WITH {carry}\nSET {sets}"
    return (f"WITH {carry}, {var}.last_run_id IS NULL AS upd\n"
            f"FOREACH (_ IN CASE WHEN upd THEN [1] ELSE [] END | SET {sets})")


def _q_accounts(latest: bool) -> str:
    return f"""
UNWIND range(0, size($id) - 1) AS i
MERGE (a:Account {{account_id: $id[i]}})
{_set_current(latest, "a", "a, i, NOT EXISTS { (a)--() } AS fresh",
              "a.ring_id = $ring[i], a.risk_score = $risk[i], a.flagged = $flagged[i], a.reasons = $reasons[i], "
              "a.review = $review[i], a.last_run_id = $run_id")}
RETURN collect(i) AS i, collect(id(a)) AS nid, collect(fresh) AS fresh
"""


def _q_attributes(label: str, latest: bool) -> str:
    # label comes from the fixed LABELS table, never from data
    return f"""
UNWIND range(0, size($id) - 1) AS i
MERGE (t:{label} {{id: $id[i]}})
{_set_current(latest, "t", "t, i", "t.value = $value[i], t.kind = $kind[i], t.n_accounts = $n_accounts[i], "
              "t.hub = $hub[i], t.status = $status[i], t.last_run_id = $run_id")}
RETURN collect(i) AS i, collect(id(t)) AS nid
"""


def _q_template_props(latest: bool) -> str:
    return f"""
UNWIND range(0, size($id) - 1) AS i
MATCH (t:Template {{id: $id[i]}})
{"" if latest else "WITH t, i WHERE t.exemplar IS NULL"}
SET t.exemplar = $exemplar[i], t.n_prompts = $n_prompts[i]
"""


def _q_used(label: str, latest: bool) -> str:
    # $a, $t: node ids returned by the node writes of this push. n_events and run_id: the latest
    # run's, or an older run's where the relationship is new (run_id still null)
    upd = ("SET u.n_events = $n[i], u.run_id = $run_id" if latest else
           "FOREACH (_ IN CASE WHEN upd THEN [1] ELSE [] END | SET u.n_events = $n[i], u.run_id = $run_id)")
    carry = "u, i" if latest else "u, i, u.run_id IS NULL AS upd"
    return f"""
UNWIND range(0, size($a) - 1) AS i
MATCH (a:Account) WHERE id(a) = $a[i]
MATCH (t:{label}) WHERE id(t) = $t[i]
MERGE (a)-[u:USED]->(t)
WITH {carry},
     CASE WHEN $f[i] IS NULL THEN null ELSE datetime({{epochSeconds: $f[i]}}) END AS f,
     CASE WHEN $l[i] IS NULL THEN null ELSE datetime({{epochSeconds: $l[i]}}) END AS l
SET u.first_seen = CASE WHEN u.first_seen IS NULL OR f < u.first_seen THEN f ELSE u.first_seen END,
    u.last_seen = CASE WHEN u.last_seen IS NULL OR l > u.last_seen THEN l ELSE u.last_seen END
{upd}
RETURN count(*) AS rows
"""


def _q_used_create(label: str, dated: bool) -> str:
    # first USED of accounts that had no relationships at all when this push wrote them: nothing
    # to MERGE against, so CREATE with the values MERGE + SET would give a new relationship.
    # dated: rows with both timestamps. Their text has no CASE: a CASE in the CREATE's properties
    # makes Neo4j 5.26 plan an Eager (a spurious read/set conflict on USED) that buffers the batch
    seen = ("first_seen: datetime({epochSeconds: $f[i]}), last_seen: datetime({epochSeconds: $l[i]})" if dated else
            "first_seen: CASE WHEN $f[i] IS NULL THEN null ELSE datetime({epochSeconds: $f[i]}) END,\n"
            "  last_seen: CASE WHEN $l[i] IS NULL THEN null ELSE datetime({epochSeconds: $l[i]}) END")
    return f"""
UNWIND range(0, size($a) - 1) AS i
MATCH (a:Account) WHERE id(a) = $a[i]
MATCH (t:{label}) WHERE id(t) = $t[i]
CREATE (a)-[:USED {{n_events: $n[i], run_id: $run_id, {seen}}}]->(t)
RETURN count(*) AS rows
"""


def _q_rings(latest: bool) -> str:
    return f"""
MATCH (run:Run {{run_id: $run_id}})
UNWIND range(0, size($id) - 1) AS i
MERGE (r:Ring {{ring_id: $id[i]}})
{_set_current(latest, "r", "run, r, i", "r.size = $size[i], r.risk_score = $risk[i], r.flagged = $flagged[i], "
              "r.reasons = $reasons[i], r.evidence_sum = $evidence[i], r.template_exemplars = $exemplars[i], "
              "r.held_back_by = $held[i], r.last_run_id = $run_id")}
MERGE (r)-[f:FOUND_IN]->(run)
SET f.size = $size[i], f.risk_score = $risk[i], f.flagged = $flagged[i], f.reasons = $reasons[i]
RETURN collect(i) AS i, collect(id(r)) AS nid
"""


# one per changes.csv row of a refresh (a ring can have two: "grew" and "flagged"); rings the graph
# does not hold (a dissolved ring whose earlier runs were never pushed) are skipped
Q_CHANGES = """
MATCH (run:Run {run_id: $run_id})
UNWIND range(0, size($ring) - 1) AS i
MATCH (r:Ring {ring_id: $ring[i]})
MERGE (r)-[c:CHANGED_IN {change: $change[i]}]->(run)
SET c.from_ids = $from[i], c.to_ids = $to[i], c.members_before = $before[i], c.members_after = $after[i],
    c.members_added = $added[i], c.members_removed = $removed[i]
RETURN count(*) AS rows
"""

Q_MEMBERS = """
UNWIND range(0, size($a) - 1) AS i
MATCH (a:Account) WHERE id(a) = $a[i]
MATCH (r:Ring) WHERE id(r) = $r[i]
MERGE (a)-[m:MEMBER_OF {run_id: $run_id}]->(r)
SET m.risk_score = $risk[i], m.flagged = $flagged[i]
RETURN count(*) AS rows
"""

def _prop_key(name: str) -> str:
    """A property key as a Cypher identifier: backtick-quoted, a backtick in it doubled, and a backslash
    written as the escape ``\\u005c``.

    Neo4j 5 reads ``\\uXXXX`` escapes inside a quoted identifier, ``\\u0060`` as a backtick that ends it:
    a generic link column named ``x\\u0060: 1}) DETACH DELETE ...`` (its weight column ``w_generic:x...``)
    put Cypher of its own into every push's LINKED write (tester 59). An escaped backslash is one
    backslash, so the key stays what the edge table calls it.

    >>> print(_prop_key("w_ip"), _prop_key("w_odd`name"), _prop_key("w_x\\\\u0060y"))
    `w_ip` `w_odd``name` `w_x\\u005cu0060y`
    """
    return "`" + str(name).replace("\\", "\\u005c").replace("`", "``") + "`"


def _q_linked(keys: list[str], create: bool) -> str:
    """LINKED write: ``weight`` and ``run_id``, plus one parameter list per other weight column
    (``$c0``, ``$c1``, ...) holding null where the weight is 0, so a relationship carries only the
    link types that tie its two accounts (a real 100k result: 1-2 of 6). A null in a CREATE map or
    in ``SET l = {...}`` sets nothing, so a re-push also removes a weight that fell to 0. ``keys``
    are the edge table's column names (``w_<link type>``), quoted by :func:`_prop_key`: the only
    Cypher text taken from a result.
    """
    props = "".join(f", {_prop_key(k)}: $c{j}[i]" for j, k in enumerate(keys))
    head = """UNWIND range(0, size($s) - 1) AS i
MATCH (a:Account) WHERE id(a) = $s[i]
MATCH (b:Account) WHERE id(b) = $d[i]
"""
    if create:
        return head + (f"CREATE (a)-[l:LINKED {{weight: $w[i]{props}, run_id: $run_id}}]->(b)\n"
                       "RETURN count(*) AS rows\n")
    # one map with the run id: `SET l = $props[i], l.run_id = ...` removed run_id and set it again, so a
    # re-push rewrote every LINKED relationship's properties
    return head + (f"MERGE (a)-[l:LINKED]->(b)\nSET l = {{weight: $w[i]{props}, run_id: $run_id}}\n"
                   "RETURN count(*) AS rows\n")


def _linked_columns(edges: pd.DataFrame) -> tuple[list[str], np.ndarray, list[np.ndarray]]:
    """The LINKED property keys and values of an edge table: ``(keys, weight, [values per key])``.

    ``weight`` is float64; each other weight column is an object array with ``None`` where the
    weight is 0 (the relationship does not get that property). Values are rounded to 6 decimals.
    """
    keys = [c for c in edges.columns if c not in ("src", "dst", "weight", "run_id")]
    weight = (np.round(edges["weight"].to_numpy(np.float64), 6) if "weight" in edges
              else np.full(len(edges), None, dtype=object))  # no weight column: no weight property
    vals = []
    for k in keys:
        v = np.round(edges[k].to_numpy(np.float64), 6)
        o = v.astype(object)
        o[v == 0] = None
        vals.append(o)
    return keys, weight, vals


# (:Account) at both ends: another application's LINKED relationships in the same database are not ours
Q_LINKED_STALE = """
MATCH (:Account)-[l:LINKED]->(:Account) WHERE l.run_id <> $run_id
WITH l LIMIT $limit
DELETE l
RETURN count(*) AS deleted
"""

#: ``--linked rings``: this run's LINKED between accounts that are not in one ring of the run (left by an
#: earlier push of the same run with all edges)
Q_LINKED_OUTSIDE_RINGS = """
MATCH (a:Account)-[l:LINKED {run_id: $run_id}]->(b:Account)
WHERE NOT EXISTS { MATCH (a)-[:MEMBER_OF {run_id: $run_id}]->(:Ring)<-[:MEMBER_OF {run_id: $run_id}]-(b) }
WITH l LIMIT $limit
DELETE l
RETURN count(*) AS deleted
"""


#: one push at a time per database: a push holds the write lock of this node in an open transaction
#: for as long as it writes (see _push_lock)
Q_LOCK_NODE = "MERGE (l:GraphhuntLock {name: 'push'}) RETURN l.name AS name"
Q_LOCK_TAKE = "MATCH (l:GraphhuntLock {name: 'push'}) SET l.run_id = $run_id RETURN l.name AS name"
#: seconds a push waits for the lock before it says that it is waiting
LOCK_NOTICE_S = 5.0

# ---------------------------------------------------------------- driver and errors

def _neo4j():
    try:
        import neo4j  # noqa: F401
    except ImportError as e:  # pragma: no cover - neo4j is a core dependency
        raise SinkError("the Neo4j sink needs the `neo4j` Python driver: pip install 'neo4j>=5'") from e
    return neo4j


def _scrub(msg: str, password: str | None, uri: str | None = None) -> str:
    """``msg`` without the password, and with ``uri`` shown as :func:`_safe_uri` shows it."""
    if uri:
        msg = msg.replace(uri, _safe_uri(uri))
        secrets = []
        head = uri.split("://", 1)[-1]
        if "@" in head:  # the raw text before the last @, whatever characters the password holds
            secrets.append(head.rsplit("@", 1)[0])
            secrets.append(secrets[-1].split(":", 1)[-1])
        if "?" in head:
            secrets.append(head.split("?", 1)[1])
        for secret in secrets:
            if len(secret) >= 3:  # a one-letter query or password would garble the message
                msg = msg.replace(secret, "***")
    if password and len(password) >= 3:
        msg = msg.replace(password, "***")
    return msg


def _safe_uri(uri: str) -> str:
    """A URI fit for messages: credentials (``user:pw@``) and the query string are replaced by ``***``.

    >>> _safe_uri("bolt://neo4j:s3cret@db.example:7687/?password=s3cret"), _safe_uri("bolt://db:7687")
    ('bolt://***@db.example:7687/?***', 'bolt://db:7687')
    """
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return "<unparseable URI>"
    if "@" in rest:  # before parsing: a password may hold '/', '#' or '?'
        rest = "***@" + rest.rsplit("@", 1)[1]
    if "?" in rest:
        rest = rest.split("?", 1)[0] + "?***"
    return f"{scheme}://{rest}"


def _settings(uri: str | None, user: str | None, password: str | None,
              database: str | None) -> tuple[str, str, str | None, str | None]:
    uri = uri or os.environ.get(ENV_URI)
    if not uri:
        raise SinkConfigError(f"no Neo4j URI: pass --neo4j-uri (or uri=...) or set {ENV_URI}, "
                              f"e.g. bolt://localhost:7687 or neo4j+s://<id>.databases.neo4j.io")
    user = user or os.environ.get(ENV_USER) or "neo4j"
    if password is None:
        password = os.environ.get(ENV_PASSWORD)
    database = database or os.environ.get(ENV_DATABASE) or None
    return uri, user, password, database


_BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def _uri_problem(uri: str) -> str | None:
    """Why ``uri`` can never connect (credentials in it, not Bolt), or None."""
    shown = _safe_uri(uri)  # never the URI's own credentials or query in a message
    if "@" in uri.split("://", 1)[-1]:
        return (f"invalid Neo4j URI {shown!r}: credentials in the URI are not supported (and would be logged by "
                f"tools); put the user in {ENV_USER} and the password in {ENV_PASSWORD}")
    if (uri.split("://", 1)[0].lower() if "://" in uri else "") not in _BOLT_SCHEMES:
        return (f"invalid Neo4j URI {shown!r}: graphhunt talks Bolt; use bolt://host:7687, neo4j://host:7687 or "
                f"neo4j+s://<id>.databases.neo4j.io (with +s/+ssc for TLS)")
    return None


def check_uri(uri: str | None = None, done: str = "nothing was run", password: str | None = None) -> None:
    """Refuse, before any work, a Neo4j URI that can never connect: none given (``uri`` or
    ``GRAPHHUNT_NEO4J_URI``), not Bolt, or with credentials in it. :class:`ConfigError` (exit 3),
    its message ending in ``done``: ``detect --neo4j`` and ``refresh --neo4j`` call this first, so a
    run whose push must fail is not made (a refresh committed its state and then exited 6 on every
    retry)."""
    from ..errors import ConfigError

    uri = uri or os.environ.get(ENV_URI)
    if not uri:
        raise ConfigError(f"--neo4j needs a Neo4j URI: pass --neo4j-uri or set {ENV_URI} "
                          f"(e.g. bolt://localhost:7687); {done}")
    problem = _uri_problem(uri)
    if problem:
        raise ConfigError(f"{problem}; {done}")
    if password is None and not os.environ.get(ENV_PASSWORD):
        # not an error: a server with authentication off takes no password. Said before the run, since a
        # refresh commits its state before the push (a QA pass: the push then failed on every run)
        log.warning("%s is not set: the push at the end of this run works only if the Neo4j server has "
                    "authentication turned off", ENV_PASSWORD)


def connect(uri: str | None = None, user: str | None = None, password: str | None = None,
            database: str | None = None, timeout: float = 15.0, retry_time: float = 15.0):
    """Open and verify a driver; settings default to the ``GRAPHHUNT_NEO4J_*`` variables.

    Returns ``(driver, database)``. Missing or invalid settings (no URI, not Bolt, credentials in the
    URI) raise :class:`~graphhunt.errors.SinkConfigError` (exit code 3); a server that cannot be reached
    or refuses the credentials raises :class:`SinkError` (exit code 6). Messages name the URI and user
    but never the password.
    """
    neo4j = _neo4j()
    uri, user, password, database = _settings(uri, user, password, database)
    auth = (user, password) if password is not None else None
    shown = _safe_uri(uri)  # never the URI's own credentials or query in a message
    problem = _uri_problem(uri)
    if problem:
        raise SinkConfigError(problem)
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=timeout,
                                            max_transaction_retry_time=retry_time,
                                            notifications_min_severity="OFF")
    except (ValueError, neo4j.exceptions.ConfigurationError) as e:
        raise SinkConfigError(f"invalid Neo4j URI {shown!r}: {_scrub(str(e), password, uri)}") from None
    try:
        with warnings.catch_warnings():
            # verify_connectivity(database=...) is a "preview" API: the driver printed a PreviewWarning
            # block on stderr in every scheduled run that names its database
            try:
                from neo4j.warnings import PreviewWarning
            except ImportError:  # pragma: no cover - older drivers
                PreviewWarning = Warning
            warnings.simplefilter("ignore", PreviewWarning)
            driver.verify_connectivity(database=database) if database else driver.verify_connectivity()
    except neo4j.exceptions.AuthError:
        driver.close()
        unset = f" ({ENV_PASSWORD} is not set)" if password is None else ""
        raise SinkError(f"Neo4j at {shown} rejected the credentials of user {user!r}{unset}; check "
                        f"{ENV_USER} / {ENV_PASSWORD}") from None
    except (neo4j.exceptions.ServiceUnavailable, OSError, ValueError) as e:
        driver.close()
        raise SinkError(f"cannot reach Neo4j at {shown}: {_scrub(str(e), password, uri)}. "
                        f"Is the server running and the URI right (bolt://host:7687, neo4j+s:// for Aura)?") from None
    except neo4j.exceptions.Neo4jError as e:
        driver.close()
        raise SinkError(f"Neo4j at {shown} refused the connection: {_scrub(str(e.message or e), password, uri)}") from None
    driver._graphhunt_password = password  # for scrubbing later messages only; never logged
    return driver, database


def _wrap(driver, what: str, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` and turn driver errors into :class:`SinkError`."""
    neo4j = _neo4j()
    pw = getattr(driver, "_graphhunt_password", None)
    try:
        return fn()
    except neo4j.exceptions.AuthError:
        raise SinkError(f"Neo4j rejected the credentials while {what}") from None
    except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired,
            neo4j.exceptions.TransientError, neo4j.exceptions.DriverError, OSError) as e:
        raise SinkError(f"Neo4j connection lost while {what}: {_scrub(str(e), pw)}. Nothing is marked complete; "
                        f"run the same push again once the server is back: it repairs the graph") from None
    except neo4j.exceptions.Neo4jError as e:
        raise SinkError(f"Neo4j error while {what}: {_scrub(str(e.message or e), pw)}") from None


# ---------------------------------------------------------------- input normalisation

class _push_lock:
    """One push at a time into a database: the push holds the write lock of the ``GraphhuntLock`` node
    in a transaction it keeps open while it writes, and rolls back at the end.

    Two pushes at once (a cron job overlapping a manual push) both exited 0 with every relationship
    written twice, and no later push could repair the graph (found by a QA pass). Now the second waits
    for the first (with a warning after :data:`LOCK_NOTICE_S` seconds) and then writes, so it repairs
    nothing and duplicates nothing. The lock lives in the server's transaction, not in the data: a
    push killed with ``kill -9`` or a lost connection releases it when the server rolls its
    transaction back, so no stale lock can block the next scheduled push.
    """

    def __init__(self, driver, database: str | None, run_id: str) -> None:
        self.driver, self.database, self.run_id = driver, database, run_id
        self.session = self.tx = None

    def __enter__(self) -> "_push_lock":
        d = self.driver
        self.session = d.session(database=self.database)
        try:
            _wrap(d, "preparing the push lock", lambda: self.session.execute_write(
                lambda tx: tx.run(Q_LOCK_NODE).consume()))
            notice = threading.Timer(LOCK_NOTICE_S, lambda: log.warning(
                "neo4j: another graphhunt push is writing into this database; waiting for it to finish "
                "(Ctrl-C stops this one)"))
            notice.daemon = True
            notice.start()
            try:
                def take():
                    self.tx = self.session.begin_transaction(metadata={"app": "graphhunt push lock"})
                    self.tx.run(Q_LOCK_TAKE, run_id=self.run_id).consume()
                _wrap(d, "waiting for another push to finish", take)
            finally:
                notice.cancel()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._release()

    def _release(self) -> None:
        for close in ((lambda: self.tx.rollback()) if self.tx is not None else None,
                      (lambda: self.session.close()) if self.session is not None else None):
            if close is None:
                continue
            try:
                close()
            except Exception as e:  # noqa: BLE001 - a lost lock connection: the server rolled it back already
                log.debug("neo4j: releasing the push lock: %r", e)
        self.tx = self.session = None


def _close_quietly(driver) -> None:
    """Close ``driver``; while an error or interrupt is already on its way out, a failure to close
    (a connection a stopped writer left mid-message) must not replace it with a traceback."""
    import sys

    if sys.exc_info()[0] is None:
        driver.close()
        return
    try:
        driver.close()
    except Exception as e:  # noqa: BLE001 - the exception in flight is the one to report
        log.debug("neo4j: closing the driver after an error: %r", e)


def _load(result_or_dir: Any) -> dict[str, Any]:
    """DetectionResult, run directory or read_result() dict -> dict of frames + run_info."""
    if isinstance(result_or_dir, (str, Path)):
        from .files import read_result

        d = Path(result_or_dir)
        res = read_result(d)
        info = res["run"]
        if "created_at" not in info:
            info = dict(info, created_at=datetime.fromtimestamp((d / "run.json").stat().st_mtime, timezone.utc)
                        .strftime("%Y-%m-%dT%H:%M:%SZ"))
        return {"accounts": res.get("accounts"), "rings": res.get("rings"), "incidence": res.get("incidence"),
                "edges": res.get("edges"), "templates": res.get("templates"), "hubs": res.get("hubs"),
                "changes": res.get("changes"), "run_info": info, "source": str(d)}
    if isinstance(result_or_dir, dict):
        return {"accounts": result_or_dir.get("accounts"), "rings": result_or_dir.get("rings"),
                "incidence": result_or_dir.get("incidence"), "edges": result_or_dir.get("edges"),
                "templates": result_or_dir.get("templates"), "hubs": result_or_dir.get("hubs"),
                "changes": result_or_dir.get("changes"), "run_info": result_or_dir.get("run", {}), "source": "dict"}
    r = result_or_dir
    from .files import not_linked

    hubs = not_linked(r.attributes) if r.attributes is not None else None
    return {"accounts": r.accounts, "rings": r.rings, "incidence": getattr(r, "incidence", None), "edges": r.edges,
            "templates": r.templates, "hubs": hubs, "changes": getattr(r, "changes", None), "run_info": r.run_info,
            "source": "result"}


# the columns that name nodes: a missing value there cannot be pushed (Neo4j refuses a null or NaN key)
_KEY_COLUMNS = {"accounts": ("accounts.csv", ["account_id"]), "rings": ("rings.csv", ["ring_id"]),
                "incidence": ("incidence.parquet", ["account_id", "attribute", "link_type"]),
                "edges": ("edges.parquet", ["src", "dst"])}


def _check_keys(data: dict[str, Any], edges: bool = True) -> None:
    """Refuse, before connecting, a result whose node keys are missing or blank (hand-edited files).

    Names the file, column and first rows (1-based data rows, as for ``detect``'s input; for frames
    passed in memory, their index labels). The edge ends are checked only when ``LINKED`` is pushed
    (``edges``).
    """
    from ..io import _rows_at

    where = Path(data["source"]) if data["source"] not in ("dict", "result") else None
    for name, (fname, cols) in _KEY_COLUMNS.items():
        df = data.get(name) if name != "edges" or edges else None
        if df is None or not len(df):
            continue
        for c in cols:
            if c not in df:
                if name in ("accounts", "rings"):
                    raise InputError("required column is missing", file=str(where / fname) if where else name,
                                     column=c, fix="push a directory written by `graphhunt detect`")
                continue
            v = df[c]
            bad = v.isna().to_numpy().copy()
            if (v.dtype == object or pd.api.types.is_string_dtype(v.dtype)
                    or isinstance(v.dtype, pd.CategoricalDtype)):
                bad |= (v == "").fillna(False).to_numpy(dtype=bool)
            if not bad.any() and (v.dtype == object or pd.api.types.is_string_dtype(v.dtype)):
                # a key is indexed (uniqueness constraint): Neo4j refuses a value over ~8 KB with "Property
                # value is too large to index", after the run was registered, on every retry
                nbytes = v.astype(str).str.encode("utf-8").str.len().to_numpy()
                long_ = nbytes > MAX_KEY_BYTES
                if long_.any():
                    rows = np.flatnonzero(long_)
                    raise InputError(f"{len(rows):,} row(s) have a {c} of more than {MAX_KEY_BYTES:,} bytes "
                                     f"(longest {int(nbytes.max()):,}); Neo4j cannot index a node key that long",
                                     file=str(where / fname) if where else name, column=c,
                                     **_rows_at(rows, None if where else df.index),
                                     fix="shorten those values in the input (e.g. replace them with a hash) and "
                                         "run detect again")
            if bad.any():
                rows = np.flatnonzero(bad)
                raise InputError(f"{len(rows):,} row(s) have no {c}; each names a node and cannot be blank",
                                 file=str(where / fname) if where else name, column=c,
                                 **_rows_at(rows, None if where else df.index),
                                 fix="fill in or delete those rows, or write the directory again with "
                                     "`graphhunt detect`")


def _groups(n_rows: int, workers: int, batch_size: int, kinds: int = 1) -> int:
    """Node groups of the relationship buckets: ``GROUPS_PER_WORKER`` per session, fewer for a small
    result. Each of the ``kinds`` relationship kinds (USED per label, MEMBER_OF, LINKED) splits into up
    to groups² buckets, so groups is capped where the average kind's buckets would hold half a batch
    (with 8 sessions, 32 groups would split a sample run into about a thousand tiny transactions)."""
    if workers <= 1:
        return 1
    per_kind = int(n_rows) // max(1, kinds)
    return max(1, min(GROUPS_PER_WORKER * workers, math.isqrt(per_kind // max(1, batch_size // 2))))


def _json_hash(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


#: decimals of the numbers in a run directory's CSV files (sinks/files.py writes ``%.4f``): a result pushed
#: from memory (refresh --neo4j, result.to_neo4j()) gets the same values as the same run pushed from its
#: directory, so pushing one after the other changes nothing (it rewrote every Ring's evidence_sum)
CSV_DECIMALS = 4


def result_digest(accounts: pd.DataFrame | None, rings: pd.DataFrame | None = None) -> str:
    """A digest of a result's verdicts: each account's ring, risk score and flag, each ring's size, risk
    score and flag (scores at the 4 decimals of the CSV files, no ring as blank).

    The same result gives the same digest in memory and read back from its run directory (``ring_id``
    ``""`` and a blank CSV cell alike, ids as text); a result whose verdicts differ anywhere (another AS
    table, other code, a hand-edited ``accounts.csv``) gives another.
    """
    h = hashlib.sha256()
    for df, cols, ints in ((accounts, ("account_id", "ring_id"), ("risk_score", "flagged")),
                           (rings, ("ring_id",), ("size", "risk_score", "flagged"))):
        if df is None or not len(df):
            h.update(b"-")
            continue
        part = {}
        for c in cols:
            v = df[c] if c in df else pd.Series([""] * len(df), index=df.index)
            part[c] = v.astype(object).where(v.notna(), "").astype(str).to_numpy(dtype=object)
        for c in ints:
            v = pd.to_numeric(df[c], errors="coerce") if c in df else pd.Series(np.nan, index=df.index)
            x = v.to_numpy(dtype=np.float64, na_value=np.nan)
            x = np.rint(x * 10 ** CSV_DECIMALS) if c == "risk_score" else x
            part[c] = np.where(np.isnan(x), -1, x).astype(np.int64)
        h.update(pd.util.hash_pandas_object(pd.DataFrame(part), index=False).to_numpy().tobytes())
    return h.hexdigest()


def make_run_id(run_info: dict, accounts: pd.DataFrame | None = None, rings: pd.DataFrame | None = None) -> str:
    """A stable run id: hash of the config, version, input fingerprints and the result's verdicts.

    The same result pushed twice gets the same id, so pushing it again does not create a second run;
    a result pushed from memory and from the run directory it was written to (with the same
    ``run_info``) get the same id. Two results that differ in any account's ring or score get
    different ids even when config, version and inputs are the same (an AS table from
    ``$GRAPHHUNT_ASN_DB`` under ``asn_db = "auto"``, a code change under the same version number, a
    hand-edited copy of a run directory): under one id their memberships were mixed, one account in
    two rings of one run. A refresh run keeps the id ``refresh`` gave it.

    Parameters
    ----------
    run_info : dict
        ``run.json`` (or ``DetectionResult.run_info``).
    accounts, rings : DataFrame, optional
        The result's accounts and rings tables (:func:`result_digest`); without them the id covers
        config, version and inputs only.

    Returns
    -------
    str
        ``run-`` and 16 hex digits, or the refresh's run id.
    """
    return _run_id(run_info, result_digest(accounts, rings) if _has_result(accounts, rings) else None)


def _has_result(accounts: pd.DataFrame | None, rings: pd.DataFrame | None) -> bool:
    """Whether there are result tables for the run id to cover (without them: config, version, inputs)."""
    return bool((accounts is not None and len(accounts)) or (rings is not None and len(rings)))


def _run_id(run_info: dict, digest: str | None) -> str:
    """:func:`make_run_id` from the result's :func:`result_digest` (None: no result tables)."""
    refresh_id = (run_info.get("refresh") or {}).get("run_id") if isinstance(run_info.get("refresh"), dict) else None
    if refresh_id:  # a refresh run (STATE/output) is pushed under the run id of its changes.csv
        return str(refresh_id)
    inputs = run_info.get("inputs") or {}
    basis: dict[str, Any] = {"config": run_info.get("config"), "version": run_info.get("graphhunt_version")}
    if inputs:
        # (several events files: their order does not change the result, so it does not change the id)
        basis["inputs"] = {k: (sorted(str(x.get("sha256") if isinstance(x, dict) else x) for x in v) if isinstance(v, list)
                               else v.get("sha256") if isinstance(v, dict) else v) for k, v in sorted(inputs.items())}
    if digest is not None:
        basis["result"] = digest
    return "run-" + _json_hash(basis)[:16]


def _csv_float(s: pd.Series) -> list:
    return np.round(s.to_numpy(dtype=np.float64), CSV_DECIMALS).tolist()


def _nullable(s: pd.Series) -> list:
    """Column -> list with None for missing (strings) values."""
    return s.astype(object).where(s.notna(), None).tolist()


def _reasons(s: pd.Series) -> list:
    s = s.fillna("").astype(str)
    return [x.split(";") if x else [] for x in s.tolist()]


def _epoch(s: pd.Series) -> list:
    if s is None or not len(s):
        return []
    ts = pd.to_datetime(s, utc=True, errors="coerce")
    bad = ts.isna().to_numpy().copy()
    sec = ((ts - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)).to_numpy(dtype=float, na_value=0.0)
    bad |= sec == 0  # epoch 0: the "no timestamp" placeholder of attributes from the accounts file
    out = sec.astype(np.int64).astype(object)
    out[bad] = None
    return out.tolist()


def _str_or_none(s: pd.Series) -> list:
    s = s.astype(object)
    return s.where(s.notna() & (s.astype(str) != ""), None).astype(object).tolist()


def _label_of(link_type: str) -> tuple[str, str | None]:
    if link_type in LABELS:
        return LABELS[link_type], None
    return GENERIC_LABEL, link_type.split(":", 1)[1] if ":" in link_type else link_type


def _value_of(attr: pd.Series) -> pd.Series:
    # strip the "pm:", "ip:", "net:", "<col>:" prefixes; template ids have none
    return attr.str.replace(r"^(pm|ip|net):", "", regex=True)


def _id_map(keys: pd.Series, nids: np.ndarray) -> pd.Series:
    """key -> node id (keys as plain object arrays: hashing them is faster than pandas' arrow strings)."""
    m = pd.Series(nids, index=pd.Index(keys.to_numpy(dtype=object), dtype=object))
    return m[~m.index.duplicated(keep="last")]


def _positions(m: pd.Series, keys: pd.Series) -> np.ndarray:
    """Position of each key in ``m``'s index, -1 where it is absent.

    Arrow's hash lookup on the keys as stored: pandas' ``get_indexer`` first turns Arrow strings
    into Python objects (6.2M edge ends of a 100k result: 1.8-2.0 s against 0.09-0.15 s here).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)

    def text(values) -> pa.Array:
        v = values if isinstance(values, pd.Series) else pd.Series(values)
        try:
            arr = pa.array(v.array, from_pandas=True)  # NaN -> null
        except pa.ArrowException:
            arr = None
        if arr is None or not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            # other keys compare as pandas' text of them (how the node tables' keys were made);
            # a missing key stays missing
            o = np.where(pd.isna(v).to_numpy(), None, v.astype(str).to_numpy(dtype=object))
            arr = pa.array(o, type=pa.string())
        return arr

    vs = text(m.index.to_numpy(dtype=object))  # unique keys (_id_map keeps the last of duplicates)
    arr = text(keys)
    return pc.fill_null(pc.index_in(arr, value_set=vs), -1).to_numpy().astype(np.int64)


# ---------------------------------------------------------------- push

def ensure_schema(driver, database: str | None = None) -> None:
    """Create graphhunt's uniqueness constraints and indexes (idempotent; other labels untouched)."""
    def go():
        with driver.session(database=database) as s:
            have = set(s.run("SHOW CONSTRAINTS YIELD name RETURN name").value())
            have |= set(s.run("SHOW INDEXES YIELD name RETURN name").value())
            for q in SCHEMA:
                if q.split()[2] not in have:  # "CREATE CONSTRAINT|INDEX <name> IF NOT EXISTS ..."
                    s.run(q).consume()
            if "graphhunt_member_run" in have:  # see SCHEMA_DROP; the name is a constant, not data
                log.info("neo4j: dropping index graphhunt_member_run (it made membership writes quadratic)")
                s.run("DROP INDEX graphhunt_member_run IF EXISTS").consume()
    _wrap(driver, "creating constraints and indexes", go)


class _Writer:
    def __init__(self, driver, database, run_id, latest, batch_size, stop: threading.Event | None = None):
        self.driver, self.database, self.run_id, self.latest = driver, database, run_id, latest
        self.batch_size = max(1, int(batch_size))
        self.nodes_created = self.rels_created = self.props_set = 0
        self.batches = 0
        self.fresh: np.ndarray | None = None
        self.stop = stop  # set by another writer thread that failed: stop between batches

    def write(self, what: str, query: str, cols: dict[str, list], returns: str | None = None,
              start: float = 0.0) -> tuple[int, np.ndarray | None]:
        """Write ``cols`` in batches of ``batch_size`` rows, one managed transaction each.

        ``returns="nid"``: the query returns ``collect(i) AS i, collect(id(x)) AS nid``;
        the node ids come back aligned with the rows (and ``collect(fresh) AS fresh``, if the
        query returns it, in ``self.fresh``). ``returns="count"``: the query returns ``count(*) AS rows``,
        which may be fewer than the rows sent, and the total is returned. ``returns="rows"``: the query returns
        ``count(*) AS rows``, checked against the batch size (end nodes found by id
        must still exist). ``start`` (0-1): begin with the batch at that fraction of the rows and
        wrap around (parallel writers start at different accounts so that they rarely wait for
        each other's locks). Returns ``(rows written, node ids or None)``.
        """
        n = len(next(iter(cols.values()))) if cols else 0
        counted = 0  # returns="count": the rows the query counted (``count(*) AS rows``), fewer allowed
        nids = np.zeros(n, dtype=np.int64) if returns == "nid" else None
        self.fresh = np.zeros(n, dtype=bool) if returns == "nid" else None
        if n == 0:
            return 0, nids
        t0 = time.perf_counter()

        def tx_fn(tx, params):
            res = tx.run(query, params)
            rec = res.single(strict=False) if returns else None
            # the raw values (lists of ints/strings): Record.data() walks every element of the
            # collected lists (~3 s of client CPU per 30k-account push)
            return (dict(zip(rec.keys(), rec.values())) if rec is not None else None), res.consume()

        los = list(range(0, n, self.batch_size))
        k = min(len(los) - 1, int(len(los) * start)) if start else 0
        with self.driver.session(database=self.database) as s:
            for lo in los[k:] + los[:k]:
                if self.stop is not None and self.stop.is_set():
                    raise SinkError(f"writing {what}: stopped because another writer failed")
                hi = min(n, lo + self.batch_size)
                params = {k: v[lo:hi] for k, v in cols.items()}
                params.update(run_id=self.run_id, latest=self.latest)
                rec, summ = _wrap(self.driver, f"writing {what} (rows {lo}-{hi} of {n})",
                                  lambda: s.execute_write(tx_fn, params))
                if returns == "nid":
                    idx = np.asarray(rec["i"], dtype=np.int64) if rec else np.empty(0, np.int64)
                    if len(idx) != hi - lo:
                        raise SinkError(f"Neo4j returned {len(idx)} of {hi - lo} nodes while writing {what}")
                    nids[lo + idx] = rec["nid"]
                    if "fresh" in rec:
                        self.fresh[lo + idx] = np.asarray(rec["fresh"], dtype=bool)
                elif returns == "count":
                    counted += int(rec["rows"]) if rec else 0
                elif returns == "rows":
                    got = int(rec["rows"]) if rec else 0
                    if got != hi - lo:
                        raise SinkError(
                            f"{hi - lo - got} of {hi - lo} rows of {what} found no end node: nodes this push "
                            f"wrote were deleted while it ran. Nothing is marked complete; run the same push again")
                c = summ.counters
                self.nodes_created += c.nodes_created
                self.rels_created += c.relationships_created
                self.props_set += c.properties_set
                self.batches += 1
        log.info("neo4j: %s: %d rows in %.2fs", what, n, time.perf_counter() - t0)
        return (counted if returns == "count" else n), nids


class _Tasks:
    """Run write tasks on ``workers`` threads (one session each), largest first.

    Each task is ``fn(writer, start)`` with its own :class:`_Writer`; ``start`` is the
    fraction of its rows where the thread begins (thread ``j`` of ``k``: ``j / k``). Tasks may
    name the node groups they write (``keys``, see :meth:`run`): tasks with a common key never
    run at the same time. With one worker the tasks run in order on the calling thread. The first error is
    re-raised after the other threads stopped (between batches). Counters are summed into
    ``self.total``.
    """

    def __init__(self, driver, database, run_id, latest, batch_size, workers):
        self.args = (driver, database, run_id, latest, batch_size)
        self.workers = max(1, int(workers))
        self.total = _Writer(*self.args)

    def _add(self, w: _Writer) -> None:
        t = self.total
        t.nodes_created += w.nodes_created
        t.rels_created += w.rels_created
        t.props_set += w.props_set
        t.batches += w.batches

    def run(self, tasks: list[tuple]) -> list[Any]:
        """``tasks``: ``(size, fn)`` or ``(size, fn, keys)``; returns the results in the order of ``tasks``.

        ``keys`` (a set of hashables) names the groups of nodes a task writes: two tasks whose keys
        intersect never run at the same time, so tasks with disjoint keys never wait for each
        other's locks (a free thread takes the largest pending task none of whose keys is busy).
        """
        k = min(self.workers, len(tasks))
        if k <= 1:
            out = []
            for t in tasks:
                w = _Writer(*self.args)
                try:
                    out.append(t[1](w, 0.0))
                finally:
                    self._add(w)
            return out
        keys = [frozenset(t[2]) if len(t) > 2 else frozenset() for t in tasks]
        pending = sorted(range(len(tasks)), key=lambda i: -tasks[i][0])
        busy: set = set()
        results: list[Any] = [None] * len(tasks)
        errors: list[BaseException] = []
        cond = threading.Condition()
        stop = threading.Event()

        done = [threading.Event() for _ in range(k)]

        def worker(j: int) -> None:
            try:
                work(j)
            finally:
                done[j].set()

        def work(j: int) -> None:
            while True:
                with cond:
                    while True:
                        if stop.is_set() or not pending:
                            return
                        i = next((i for i in pending if not keys[i] & busy), None)
                        if i is not None:
                            break
                        cond.wait()
                    pending.remove(i)
                    busy.update(keys[i])
                w = None
                try:
                    w = _Writer(*self.args, stop=stop)
                    results[i] = tasks[i][1](w, j / k)
                except BaseException as e:  # noqa: BLE001 - re-raised on the calling thread
                    with cond:
                        errors.append(e)
                        stop.set()
                        cond.notify_all()
                    return
                finally:
                    with cond:
                        if w is not None:
                            self._add(w)
                        busy.difference_update(keys[i])
                        cond.notify_all()

        threads = [threading.Thread(target=worker, args=(j,), name=f"graphhunt-neo4j-{j}", daemon=True)
                   for j in range(k)]
        for t in threads:
            t.start()
        try:
            for t in threads:
                t.join()
        except BaseException:  # Ctrl-C or SIGTERM while waiting: let the writers stop after their current batch
            stop.set()
            with cond:
                cond.notify_all()
            # ... and wait for them: closing the driver under a writer that is still packing a message
            # raised AssertionError/BufferError tracebacks (exit 1) instead of the interrupt's exit code.
            # On their own events, not Thread.join: a join the interrupt cut short marks its thread as
            # stopped while it still runs (CPython 3.11), and a second join then returns at once.
            deadline = time.monotonic() + 60
            for e in done:
                e.wait(max(0.0, deadline - time.monotonic()))
            for t in threads:
                t.join(max(0.0, deadline - time.monotonic()))
            raise
        if errors:
            # the first failure; "stopped because another writer failed" only if nothing else
            real = [e for e in errors if "another writer failed" not in str(e)]
            raise (real or errors)[0]
        return results


def push_result(result_or_dir: Any, uri: str | None = None, user: str | None = None, password: str | None = None,
                run_id: str | None = None, database: str | None = None, batch_size: int = DEFAULT_BATCH,
                linked: bool | str = True, driver: Any = None, workers: int = DEFAULT_WORKERS,
                changes: pd.DataFrame | None = None) -> dict[str, Any]:
    """Push a result into Neo4j: accounts, attributes, rings, memberships, links, run.

    Parameters
    ----------
    result_or_dir : DetectionResult, str or Path
        An in-memory result or a run directory written by ``graphhunt detect``.
    uri, user, password, database : str, optional
        Connection settings; default to ``GRAPHHUNT_NEO4J_URI``, ``..._USER``
        (``neo4j``), ``..._PASSWORD`` and ``..._DATABASE`` (server default).
    run_id : str, optional
        Defaults to :func:`make_run_id` (the same for the same result: config, inputs and the
        verdicts). Under a run id the graph already holds with another result, this push replaces
        that run's memberships and ring history (with a warning; ``replaced`` in the counts).
    batch_size : int
        Rows per transaction.
    linked : bool or {"all", "rings", "none"}
        Write the weighted account graph as ``(:Account)-[:LINKED]->(:Account)``:
        ``"all"`` (or ``True``) every edge, ``"rings"`` only edges between two members of
        the same ring (the ring's internal structure; a real 100k output has about 62
        edges per account, of which ~7 % are inside a ring), ``"none"`` (or ``False``)
        writes no ``LINKED`` and leaves those already in the graph as they are (each
        carries the ``run_id`` that wrote it). With ``"all"`` or ``"rings"`` the latest
        run's ``LINKED`` replace earlier runs'. ``gds_compare`` runs Leiden on ``LINKED``,
        so it needs ``"all"``.
    driver : neo4j.Driver, optional
        Reuse an open driver (then ``uri``/``user``/``password`` are ignored).
    changes : DataFrame, optional
        A refresh's ``changes.csv`` rows (``RefreshResult.changes``), written as
        ``(:Ring)-[:CHANGED_IN {change, from_ids, to_ids, members_before, members_after,
        members_added, members_removed}]->(:Run)``. A run directory's ``changes.csv`` is read
        when this is not given.
    workers : int
        Concurrent writer sessions (threads). Nodes: each label by one session.
        Relationships: split into buckets by the groups (node id modulo ``4 * workers``, fewer
        when the buckets would hold under half a batch each) of
        their two end nodes; sessions write buckets with no group in common at the same time,
        so two sessions never write relationships of the same node together. ``1`` writes
        everything in one session.

    Returns
    -------
    dict
        ``run_id``, ``latest``, ``replaced`` (relationships of an earlier, different result under
        this run id that were removed), rows written per kind, ``nodes``/``relationships``
        (rows merged), ``nodes_created``, ``relationships_created``, ``seconds``.

    Raises
    ------
    SinkError
        Connection, authentication or write failure (exit code 6). An
        interrupted push leaves ``Run.complete = false``; pushing again repairs it.
    """
    t0 = time.perf_counter()
    data = _load(result_or_dir)
    if changes is not None:
        data["changes"] = changes
    acc, rings = data["accounts"], data["rings"]
    if acc is None or rings is None:
        raise InputError("the result has no accounts or rings table", file=data["source"],
                         fix="push a directory written by `graphhunt detect`")
    if int(workers) < 1:
        raise InputError(f"workers must be at least 1 (got {workers})", fix="pass workers=1 or more")
    linked_mode = ("all" if linked else "none") if isinstance(linked, bool) else str(linked)
    if linked_mode not in ("all", "rings", "none"):
        raise InputError(f"unknown linked mode {linked!r}", fix="use 'all', 'rings' or 'none' (or True/False)")
    linked = linked_mode != "none"
    _check_keys(data, edges=linked)
    info = data["run_info"] or {}
    digest = result_digest(acc, rings)  # once: the Run node's content and the default run id
    content = digest[:16]
    rid = run_id or _run_id(info, digest if _has_result(acc, rings) else None)
    created_at = info.get("created_at") or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    own = driver is None
    if own:
        driver, database = connect(uri, user, password, database)
    try:
        ensure_schema(driver, database)
        with _push_lock(driver, database, rid):
            try:
                out = _push(driver, database, data, info, rid, created_at, batch_size, workers, linked_mode, content)
            except KeyboardInterrupt as e:
                # what the command line says (cli._common.guarded): not "previous outputs are unchanged"
                e.graphhunt_message = (f"the Neo4j graph holds part of run {rid} (complete = false, current "
                                       "properties partly updated); run the same push again to complete it")
                raise
    finally:
        if own:
            _close_quietly(driver)
    out["seconds"] = round(time.perf_counter() - t0, 3)
    log.info("neo4j: pushed run %s: %d nodes, %d relationships in %.1fs (%d writer sessions)", rid, out["nodes"],
             out["relationships"], out["seconds"], out["workers"])
    return out


def _push(driver, database: str | None, data: dict, info: dict, rid: str, created_at: str, batch_size: int,
          workers: int, linked_mode: str, content: str) -> dict[str, Any]:
    """The writes of :func:`push_result`, under the push lock. ``content``: the result's digest
    (:func:`result_digest`), kept on the ``Run`` node."""
    acc, rings = data["accounts"], data["rings"]
    linked = linked_mode != "none"
    counts = dict(info.get("counts") or {})

    def start(tx):
        res = tx.run(Q_RUN_START, run_id=rid, created_at=created_at, content=content,
                     config_hash=_json_hash(info.get("config"))[:16], version=str(info.get("graphhunt_version", "")))
        rec = res.single()
        return rec["content_before"], res.consume()

    replaced = 0
    with driver.session(database=database) as s:
        before, run_summary = _wrap(driver, "registering the run", lambda: s.execute_write(start))
        if before is not None and before != content:
            # the run id was pushed before with another result (an explicit --run-id, a refresh id that two
            # states share): its memberships are replaced, never merged (one account in two rings of a run)
            log.warning("neo4j: run %s was pushed before with a different result: replacing that run's "
                        "memberships and ring history with this push's", rid)
            for q, what in ((Q_RUN_MEMBERS_DROP, "removing the run's earlier memberships"),
                            (Q_RUN_RINGS_DROP, "removing the run's earlier ring history")):
                while True:
                    n = _wrap(driver, what, lambda: s.execute_write(
                        lambda tx: tx.run(q, run_id=rid, limit=max(1, int(batch_size))).single()["deleted"]))
                    replaced += n
                    if n < max(1, int(batch_size)):
                        break
        newer = _wrap(driver, "checking for newer runs", lambda: s.execute_read(
            lambda tx: tx.run(Q_NEWER_RUNS, run_id=rid).single()["newer"]))
    latest = newer == 0
    if not latest:
        log.warning("neo4j: a newer run than %s is already in the graph: adding history only", rid)
    tasks = _Tasks(driver, database, rid, latest, batch_size, workers)
    tasks.total.nodes_created += run_summary.counters.nodes_created  # the Run node ("N nodes (N-1 new)")
    bs = tasks.total.batch_size
    out: dict[str, Any] = {"run_id": rid, "latest": latest, "replaced": replaced}

    # ---- phase 1: nodes (accounts, each attribute label, rings: disjoint labels, one session each)
    ring_col = acc["ring_id"] if "ring_id" in acc else pd.Series([None] * len(acc))
    acc_ids = acc["account_id"].astype(str)

    def write_accounts(w: _Writer, start: float):
        n, nid = w.write("accounts", _q_accounts(latest), {
            "id": acc_ids.tolist(),
            "ring": _str_or_none(ring_col),
            "risk": _csv_float(acc["risk_score"]),
            "flagged": acc["flagged"].astype(bool).tolist(),
            "reasons": _reasons(acc["reasons"]) if "reasons" in acc else [[] for _ in range(len(acc))],
            # an analyst's verdict from the run's --reviews (graphhunt.reviews); null: not reviewed
            "review": _str_or_none(acc["review"]) if "review" in acc else [None] * len(acc),
        }, returns="nid")
        return n, nid, w.fresh

    inc = data["incidence"]
    parts: list[tuple[str, str | None, pd.DataFrame]] = []
    ignored = pd.Series(dtype=object)  # attribute -> "hub" | "crowd": why graphhunt did not link it
    if inc is None:
        log.warning("neo4j: %s has no incidence table (older run): no USED relationships pushed",
                    data["source"])
    elif len(inc):
        hb = data["hubs"]
        if hb is not None and len(hb) and "attribute" in hb:  # runs before session 18: hubs only, no crowd
            st = hb["status"].fillna("hub").astype(str) if "status" in hb else pd.Series("hub", index=hb.index)
            ignored = pd.Series(st.to_numpy(), index=hb["attribute"].astype(str).to_numpy())
            ignored = ignored[~ignored.index.duplicated()]
        inc = inc.assign(account_id=inc["account_id"].astype(str), attribute=inc["attribute"].astype(str),
                         link_type=inc["link_type"].astype(str))
        parts = [(lt, *_label_of(lt), part) for lt, part in inc.groupby("link_type", sort=True)]

    def attr_task(label: str, kind: str | None, part: pd.DataFrame):
        def go(w: _Writer, start: float):
            attrs = part.groupby("attribute", sort=True)["account_id"].nunique()
            ids = attrs.index.to_series()
            n, nid = w.write(f"{label} nodes", _q_attributes(label, latest), {
                "id": ids.tolist(),
                "value": _value_of(ids).tolist() if kind is None else ids.str.split(":", n=1).str[-1].tolist(),
                "kind": [kind] * len(ids),
                "n_accounts": attrs.astype(int).tolist(),
                "hub": ids.map(ignored).eq("hub").tolist(),
                "status": _str_or_none(ids.map(ignored)),
            }, returns="nid")
            return n, _id_map(ids, nid)
        return go

    ex_col = rings["template_exemplars"] if "template_exemplars" in rings else pd.Series([""] * len(rings))
    ring_ids = rings["ring_id"].astype(str)

    def write_rings(w: _Writer, start: float):
        return w.write("rings", _q_rings(latest), {
            "id": ring_ids.tolist(),
            "size": rings["size"].astype(int).tolist(),
            "risk": _csv_float(rings["risk_score"]),
            "flagged": rings["flagged"].astype(bool).tolist(),
            "reasons": _reasons(rings["reasons"]),
            "evidence": _csv_float(rings["evidence_sum"]) if "evidence_sum" in rings else [None] * len(rings),
            "exemplars": ex_col.astype(object).where(ex_col.notna(), "").astype(str).tolist(),
            # what keeps an unflagged ring under the threshold ("" when flagged; null for runs before session 66)
            "held": (held_col.astype(object).where(held_col.notna(), "").astype(str).tolist()
                     if (held_col := rings.get("held_back_by")) is not None else [None] * len(rings)),
        }, returns="nid")

    res = tasks.run([(len(acc), write_accounts), (len(rings), write_rings)]
                    + [(len(p), attr_task(label, kind, p)) for _, label, kind, p in parts])
    (out["accounts"], acc_nid, fresh), (out["rings"], ring_nid) = res[0], res[1]
    attr_nids = [r[1] for r in res[2:]]
    out["attributes"] = sum(r[0] for r in res[2:])
    # accounts that had no relationships at all when written (new to the graph): their USED
    # and LINKED relationships cannot exist yet, so those are CREATEd instead of MERGEd
    # per account in acc_nid's order (both keep the last of duplicate ids): a position in one is one in the other
    acc_fresh = _id_map(acc_ids, np.asarray(fresh, dtype=bool)).to_numpy()
    acc_nid = _id_map(acc_ids, acc_nid)
    out["accounts_new"] = int(acc_fresh.sum())
    ring_nid = _id_map(ring_ids, ring_nid)

    # ---- phase 2: relationships, in buckets of (start node group, end node group). Nodes fall into
    # groups by id modulo GROUPS_PER_WORKER * workers (fewer for a small result); a session takes the
    # largest bucket none of whose groups another session is writing, so two sessions never write
    # relationships of one node at once
    e = data["edges"]
    n_linked = len(e) if linked_mode == "all" and latest and e is not None else 0
    n_rel = sum(len(p) for _, _, _, p in parts) + int(ring_col.notna().sum()) + n_linked
    groups = _groups(n_rel, tasks.workers, bs, kinds=len(parts) + 1 + (n_linked > 0))

    def buckets(kind: str, s_nid: np.ndarray, e_nid: np.ndarray, s_key: str, e_key: str,
                make: Callable[[np.ndarray], Callable[[_Writer, float], Any]]) -> list[tuple]:
        """``(size, task, keys, kind)`` per bucket; rows keep their order (grouped by start node)."""
        sg, eg = s_nid % groups, e_nid % groups
        if s_key == e_key:  # account to account: the unordered pair of groups
            sg, eg = np.minimum(sg, eg), np.maximum(sg, eg)
        b = sg * groups + eg
        order = np.argsort(b, kind="stable")
        cuts = np.flatnonzero(np.diff(b[order])) + 1
        return [(len(r), make(r), {(s_key, int(sg[r[0]])), (e_key, int(eg[r[0]]))}, kind)
                for r in (np.split(order, cuts) if len(order) else [])]

    def dedup(ps: np.ndarray, pe: np.ndarray, n_end: int, what: str, col: str) -> np.ndarray:
        """Rows whose two ends this push wrote, sorted by (start, end) position, the last of duplicates."""
        ok = (ps >= 0) & (pe >= 0)
        if not ok.all():
            log.warning("neo4j: %s: %d rows name a %s that is not in this result; skipped", what,
                        int((~ok).sum()), col)
        rows = np.flatnonzero(ok)
        key = ps[rows] * max(n_end, 1) + pe[rows]
        srt = np.argsort(key, kind="stable")
        last = np.r_[key[srt][1:] != key[srt][:-1], True] if len(srt) else np.zeros(0, bool)
        return rows[srt[last]]

    def used_tasks(label: str, part: pd.DataFrame, attr_nid: pd.Series) -> list[tuple]:
        # one row per (account, attribute) (MERGE kept the last of duplicate rows; CREATE must not
        # see them twice); lookups by Arrow on positions, not strings (see _positions)
        pa_, pt = _positions(acc_nid, part["account_id"]), _positions(attr_nid, part["attribute"])
        rows = dedup(pa_, pt, len(attr_nid), f"USED->{label}", "account_id")
        a_nid, t_nid = acc_nid.to_numpy()[pa_[rows]], attr_nid.to_numpy()[pt[rows]]
        new = acc_fresh[pa_[rows]]
        sub_part = part.iloc[rows]
        f = np.array(_epoch(sub_part["first_seen"]), dtype=object)
        l = np.array(_epoch(sub_part["last_seen"]), dtype=object)
        n_ev = sub_part["n_events"].to_numpy().astype(np.int64)
        dated = (f != None) & (l != None)  # noqa: E711 - elementwise on object arrays
        queries = (_q_used_create(label, True), _q_used_create(label, False), _q_used(label, latest))

        def make(r: np.ndarray):
            def go(w: _Writer, start: float):
                n = 0
                for sel, q in zip((new[r] & dated[r], new[r] & ~dated[r], ~new[r]), queries):
                    sub = r[sel]
                    n += w.write(f"USED->{label}", q, {
                        "a": a_nid[sub].tolist(), "t": t_nid[sub].tolist(), "n": n_ev[sub].tolist(),
                        "f": f[sub].tolist(), "l": l[sub].tolist()}, returns="rows", start=start)[0]
                return n
            return go
        return buckets("used", a_nid, t_nid, "account", label, make)

    rel_tasks: list[tuple] = []
    for k, (_, label, _, p) in enumerate(parts):
        rel_tasks += used_tasks(label, p, attr_nids[k])
    tpl = data["templates"]
    if (tpl is not None and len(tpl) and "template_id" in tpl
            and any(lt == "template" for lt, _, _, _ in parts)):
        def write_template_props(w: _Writer, start: float):
            ex = tpl["exemplar"].astype("string").fillna("").astype(str) if "exemplar" in tpl else pd.Series([""] * len(tpl))
            ex = ex.where(ex.str.len() <= EXEMPLAR_MAX_CHARS, ex.str[:EXEMPLAR_MAX_CHARS - 1] + "…")
            w.write("Template properties", _q_template_props(latest), {
                "id": tpl["template_id"].astype(str).tolist(),
                "exemplar": ex.tolist(),
                "n_prompts": tpl["n_prompts"].astype(int).tolist() if "n_prompts" in tpl else [None] * len(tpl),
            })
            return 0
        # sets properties of template nodes: never together with a bucket writing USED to templates
        rel_tasks.append((len(tpl), write_template_props, {("Template", g) for g in range(groups)}, "template"))

    ring_txt = ring_col.fillna("").astype(str)  # what MEMBER_OF writes, and what --linked rings compares
    mem = acc.assign(account_id=acc_ids, ring_id=ring_txt)
    mem = mem[mem["ring_id"] != ""]
    pm_a, pm_r = _positions(acc_nid, mem["account_id"]), _positions(ring_nid, mem["ring_id"])
    m_rows = dedup(pm_a, pm_r, len(ring_nid), "MEMBER_OF", "ring_id")
    m_a, m_r = acc_nid.to_numpy()[pm_a[m_rows]], ring_nid.to_numpy()[pm_r[m_rows]]
    m_risk = np.round(mem["risk_score"].to_numpy(dtype=np.float64), CSV_DECIMALS)[m_rows]
    m_flag = mem["flagged"].to_numpy().astype(bool)[m_rows]

    def member_task(r: np.ndarray):
        def go(w: _Writer, start: float):
            return w.write("MEMBER_OF", Q_MEMBERS, {
                "a": m_a[r].tolist(), "r": m_r[r].tolist(), "risk": m_risk[r].tolist(),
                "flagged": m_flag[r].tolist()}, returns="rows", start=start)[0]
        return go
    rel_tasks += buckets("members", m_a, m_r, "account", "Ring", member_task)

    # the weighted account graph of the latest run (e: the edges table, above)
    do_linked = linked and latest and e is not None and len(e)
    if do_linked:
        ps, pd_ = _positions(acc_nid, e["src"]), _positions(acc_nid, e["dst"])
        if linked_mode == "rings":
            # only the edges inside a ring: both ends members of the same ring (ring codes by position
            # in acc_nid, whose index _id_map builds the same way from the same ids)
            codes = pd.factorize(ring_txt.where(ring_txt != "", None), use_na_sentinel=True)[0]
            rc = np.r_[_id_map(acc_ids, codes).to_numpy(), -1]  # position -1 (not in the result) -> no ring
            rs, rd = rc[ps], rc[pd_]
            inside = (rs >= 0) & (rs == rd)
            e, ps, pd_ = e[inside], ps[inside], pd_[inside]
            do_linked = len(e) > 0
    if do_linked:
        rows = dedup(ps, pd_, len(acc_nid), "LINKED", "account")
        s_nid, d_nid = acc_nid.to_numpy()[ps[rows]], acc_nid.to_numpy()[pd_[rows]]
        new_l = acc_fresh[ps[rows]]
        keys, weight, vals = _linked_columns(e.drop(columns=["src", "dst"]).iloc[rows])
        q_create, q_merge = _q_linked(keys, True), _q_linked(keys, False)

        def linked_task(r: np.ndarray):
            def go(w: _Writer, start: float):
                n = 0
                for sub, q in ((r[new_l[r]], q_create), (r[~new_l[r]], q_merge)):
                    cols = {"s": s_nid[sub].tolist(), "d": d_nid[sub].tolist(), "w": weight[sub].tolist()}
                    cols.update({f"c{j}": v[sub].tolist() for j, v in enumerate(vals)})
                    n += w.write("LINKED", q, cols, returns="rows", start=start)[0]
                return n
            return go
        rel_tasks += buckets("linked", s_nid, d_nid, "account", "account", linked_task)

    res = tasks.run(rel_tasks)
    for kind, name in (("used", "used"), ("members", "memberships"), ("linked", "linked")):
        out[name] = int(sum(x for x, t in zip(res, rel_tasks) if t[3] == kind))
    if linked and latest:
        deleted = 0
        with driver.session(database=database) as s:
            for q, what in ((Q_LINKED_STALE, "removing LINKED edges of earlier runs"),
                            (Q_LINKED_OUTSIDE_RINGS, "removing LINKED edges outside rings")):
                if q is Q_LINKED_OUTSIDE_RINGS and linked_mode != "rings":
                    continue
                while True:
                    n = _wrap(driver, what, lambda: s.execute_write(
                        lambda tx: tx.run(q, run_id=rid, limit=bs).single()["deleted"]))
                    deleted += n
                    if n < bs:
                        break
        out["linked_removed"] = deleted

    ch = data.get("changes")
    out["changes"] = 0
    if ch is not None and len(ch):
        out["changes"] = _write_changes(tasks, ch)

    with driver.session(database=database) as s:
        _wrap(driver, "completing the run", lambda: s.execute_write(lambda tx: tx.run(
            Q_RUN_DONE, run_id=rid, content=content, counts_json=json.dumps(counts, sort_keys=True, default=str),
            n_accounts=int(counts.get("accounts", len(acc))), n_events=int(counts.get("events", 0)),
            n_rings=int(counts.get("rings", len(rings))), n_flagged_rings=int(counts.get("flagged_rings", 0)),
            n_flagged_accounts=int(counts.get("flagged_accounts", 0)),
            n_edges=int(counts.get("edges", 0)),
            # refresh keeps ring ids across runs (matched by members); detect's are ranks within the run
            stable_ring_ids="refresh" in info, linked=linked_mode).consume()))
    w = tasks.total
    out["nodes"] = out["accounts"] + out["attributes"] + out["rings"] + 1
    out["relationships"] = out["used"] + out["memberships"] + out["rings"] + out["linked"] + out["changes"]
    out["nodes_created"] = w.nodes_created
    out["relationships_created"] = w.rels_created
    out["batches"] = w.batches
    out["workers"] = tasks.workers
    return out


def _write_changes(tasks: "_Tasks", ch: pd.DataFrame) -> int:
    """``CHANGED_IN`` relationships from a refresh's ``changes.csv`` rows; returns the rows written: a row
    whose ring the graph does not hold (a dissolved ring whose earlier runs were never pushed) is skipped and
    not counted (it was, so the push's summary counted relationships it never wrote: "258061 relationships
    (258001 new)" on an empty graph)."""
    def ids(col: str) -> list:
        v = ch[col] if col in ch else pd.Series([None] * len(ch), index=ch.index)
        return [[x for x in str(t).split(";") if x] if isinstance(t, str) else [] for t in v.tolist()]

    def num(col: str) -> list:
        v = pd.to_numeric(ch[col], errors="coerce") if col in ch else pd.Series(np.nan, index=ch.index)
        return [None if pd.isna(x) else int(x) for x in v.tolist()]

    cols = {"ring": ch["ring_id"].astype(str).tolist(), "change": ch["change"].astype(str).tolist(),
            "from": ids("from_ids"), "to": ids("to_ids"), "before": num("members_before"),
            "after": num("members_after"), "added": num("members_added"), "removed": num("members_removed")}
    w = _Writer(*tasks.args)
    try:
        # rows: the query counts the rows whose ring exists; fewer is fine (dissolved rings never pushed)
        n, _ = w.write("changes", Q_CHANGES, cols, returns="count")
    finally:
        tasks._add(w)
    if n < len(ch):
        log.info("neo4j: %d of %d changes.csv rows name rings the graph does not hold (never pushed): skipped",
                 len(ch) - n, len(ch))
    return n


# ---------------------------------------------------------------- read helpers

def run_query(name_or_cypher: str, params: dict | None = None, uri: str | None = None, user: str | None = None,
              password: str | None = None, database: str | None = None, driver: Any = None,
              write: bool = False) -> pd.DataFrame:
    """Run a named investigator query (see :mod:`graphhunt.queries`) or Cypher text; rows as a DataFrame.

    The session is read-only unless ``write=True``: a query that would change the graph fails
    without changing it. Cypher text the server refuses (a syntax error, a missing parameter, a
    write in a read-only session) raises :class:`~graphhunt.errors.UsageError` (exit 3 in the CLI);
    connection and server failures raise :class:`~graphhunt.errors.SinkError` (exit 6).

    A single word that names no query (``"nosuch"``, ``"ring-share"``: no Cypher statement is one
    word) raises :class:`~graphhunt.errors.UsageError` naming the known queries, before connecting,
    and so does a named query without one of its parameters (``run_query("ring-shares")`` without
    ``{"ring_id": ...}``); the server answered both with a Cypher error.
    """
    import re

    from ..queries import QUERIES

    named = name_or_cypher in QUERIES
    if not named and re.fullmatch(r"\s*[A-Za-z_][\w.-]*\s*", str(name_or_cypher)):
        extra = (" (gds-compare is graphhunt.sinks.neo4j.gds_compare())"
                 if str(name_or_cypher).strip() == "gds-compare" else "")
        raise UsageError(f"no query named {str(name_or_cypher).strip()!r}{extra}",
                         fix=f"use one of: {', '.join(QUERIES)}, or pass Cypher text")
    if named:
        missing = [k for k in QUERIES[name_or_cypher].params if k not in (params or {})]
        if missing:
            raise UsageError(f"query {name_or_cypher!r} needs the parameter{'s' if len(missing) > 1 else ''} "
                             f"{', '.join(missing)}",
                             fix=f"run_query({name_or_cypher!r}, {{{', '.join(f'{k!r}: ...' for k in missing)}}}) "
                                 f"(command line: {' '.join(f'--param {k}=...' for k in missing)})")
    neo4j = _neo4j()
    q = QUERIES[name_or_cypher].cypher if named else name_or_cypher
    own = driver is None
    if own:
        driver, database = connect(uri, user, password, database)
    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    try:
        def go():
            try:
                with driver.session(database=database, default_access_mode=mode) as s:
                    res = s.run(q, params or {})
                    return pd.DataFrame([r.data() for r in res], columns=list(res.keys()))
            except neo4j.exceptions.ClientError as e:
                code = e.code or ""
                if named or not code.startswith("Neo.ClientError.Statement."):
                    raise
                msg = _scrub(str(e.message or e), getattr(driver, "_graphhunt_password", None))
                if code.endswith(".AccessMode"):
                    raise UsageError(f"the query tried to change the graph: {msg}",
                                     fix="graphhunt runs queries read-only; use cypher-shell or Neo4j Browser "
                                         "to write (run_query(..., write=True) from Python)") from None
                raise UsageError(f"Neo4j refused the Cypher ({code.rsplit('.', 1)[-1]}): {msg}",
                                 fix="check the query text and its $parameters (--param key=value)") from None
        return _wrap(driver, f"running query {name_or_cypher[:40]!r}", go)
    finally:
        if own:
            driver.close()


def _contingency(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sparse contingency of two labelings: the non-empty cells' counts with their row and
    column, and the row and column totals. Only non-empty cells are kept, so thousands of
    rings against thousands of communities cost memory in the number of accounts, not in
    rings x communities."""
    ia, ka = pd.factorize(a)
    ib, kb = pd.factorize(b)
    cell, nij = np.unique(ia.astype(np.int64) * len(kb) + ib, return_counts=True)
    return (nij.astype(np.float64), cell // len(kb), cell % len(kb),
            np.bincount(ia, minlength=len(ka)).astype(np.float64), np.bincount(ib, minlength=len(kb)).astype(np.float64))


def partition_agreement(a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """Adjusted Rand index and normalised mutual information (arithmetic mean) of two labelings."""
    n = len(a)
    if n < 2:
        return {"ari": float("nan"), "nmi": float("nan")}
    nij, row, col, na, nb = _contingency(np.asarray(a), np.asarray(b))
    comb = lambda x: x * (x - 1) / 2.0  # noqa: E731
    sum_ij = comb(nij).sum()
    sa, sb = comb(na).sum(), comb(nb).sum()
    expected = sa * sb / comb(n)
    maxi = (sa + sb) / 2
    ari = 1.0 if maxi == expected else float((sum_ij - expected) / (maxi - expected))
    pij, pa, pb = nij / n, na / n, nb / n
    mi = float((pij * np.log(pij / (pa[row] * pb[col]))).sum())
    ha = float(-(pa * np.log(pa)).sum())
    hb = float(-(pb * np.log(pb)).sum())
    nmi = 1.0 if ha + hb == 0 else 2 * mi / (ha + hb)
    return {"ari": ari, "nmi": nmi}


#: random relabellings of the rings that give gds_compare's chance level of the NMI
NMI_CHANCE_SHUFFLES = 20


def gds_compare(uri: str | None = None, user: str | None = None, password: str | None = None,
                database: str | None = None, gamma: float = 1.0, seed: int = 42, driver: Any = None) -> dict[str, Any]:
    """Run GDS Leiden on the pushed ``(:Account)-[:LINKED {weight}]-(:Account)`` graph; compare with graphhunt.

    Returns agreement on the accounts graphhunt put in rings (ARI, NMI of ring id
    vs GDS community; ``nmi_chance`` / ``nmi_chance_max``: the mean and maximum NMI of
    ``NMI_CHANCE_SHUFFLES`` random relabellings of the rings, the level the NMI is read
    against), per ring the share of members in its best GDS community
    (``rings``) and per account its ring and GDS community (``accounts``).
    Nodes are projected in ``account_id`` order, so a given graph, ``seed`` and
    ``gamma`` give the same communities however the push numbered the nodes.
    Needs the Graph Data Science plugin.
    """
    own = driver is None
    if own:
        driver, database = connect(uri, user, password, database)
    name = "graphhunt_leiden_" + hashlib.sha1(str(time.time()).encode()).hexdigest()[:8]
    try:
        def go():
            with driver.session(database=database) as s:
                has = s.run("SHOW PROCEDURES YIELD name WHERE name = 'gds.leiden.stream' RETURN count(*) AS n").single()["n"]
                if not has:
                    raise SinkError("the Neo4j server has no Graph Data Science plugin (gds.leiden.stream)")
                if not s.run("RETURN EXISTS { MATCH (:Account)-[:LINKED]->(:Account) } AS ok").single()["ok"]:
                    raise SinkError("this database has no (:Account)-[:LINKED]-(:Account) graph to run Leiden on; "
                                    "push a run first (graphhunt push DIR, or detect --neo4j)")
                latest = s.run("MATCH (run:Run {complete: true}) RETURN run.run_id AS id, run.linked AS linked "
                               "ORDER BY run.created_at DESC LIMIT 1").single()
                if latest is not None and latest["linked"] == "rings":
                    # --linked rings keeps only the edges inside rings: Leiden on them finds the rings
                    # again by construction (ARI 1.000 said nothing); runs pushed before this was
                    # recorded have no linked property and are checked by the stale-edge test below
                    raise UsageError(f"the latest run ({latest['id']}) was pushed with --linked {latest['linked']}: "
                                     "the LINKED graph holds only the edges inside rings, so Leiden on it "
                                     "would find the rings again by construction",
                                     fix="push the latest run with its whole graph (graphhunt push DIR, the "
                                         "default --linked all), then compare")
                stale = s.run("MATCH (:Account)-[l:LINKED]->(:Account) WHERE l.run_id IS NULL OR l.run_id <> $latest "
                              "RETURN l.run_id AS run LIMIT 1", latest=latest["id"] if latest else None).single()
                if stale is not None:
                    # (the latest run was pushed with --no-linked: the LINKED graph is an older run's, and
                    # Leiden on it compared with the latest rings said nothing about either)
                    raise UsageError(f"the LINKED graph in Neo4j is not the latest run's ({latest['id'] if latest else '-'}):"
                                     f" it holds edges of run {stale['run']}",
                                     fix="push the latest run with its whole graph (graphhunt push DIR, the "
                                         "default --linked all), then compare")
                # A Cypher projection fed in account_id order: GDS numbers nodes in arrival order,
                # so the seeded one-thread Leiden below gives the same communities whatever order
                # the push created the nodes in (a native projection follows store ids).
                s.run("MATCH (a:Account) WITH a ORDER BY a.account_id "
                      "OPTIONAL MATCH (a)-[r:LINKED]-(b:Account) WHERE a.account_id < b.account_id "
                      "WITH a, r, b ORDER BY a.account_id, b.account_id "
                      "WITH gds.graph.project($name, a, b, {relationshipProperties: {weight: coalesce(r.weight, 1.0)}}, "
                      "{undirectedRelationshipTypes: ['*']}) AS g RETURN g.nodeCount AS nodeCount",
                      name=name).consume()
                try:
                    # the rings of the latest run: an account's ring_id property is that of its last run,
                    # which for an account absent from the latest run is an older run's (same-numbered rings
                    # of different runs would be merged)
                    rows = s.run(
                        "CALL gds.leiden.stream($name, {relationshipWeightProperty: 'weight', gamma: $gamma, "
                        "randomSeed: $seed, concurrency: 1}) YIELD nodeId, communityId "
                        "WITH gds.util.asNode(nodeId) AS a, communityId "
                        "MATCH (a)-[:MEMBER_OF {run_id: $latest}]->(r:Ring) "
                        "RETURN a.account_id AS account_id, r.ring_id AS ring_id, communityId AS community",
                        name=name, gamma=float(gamma), seed=int(seed),
                        latest=latest["id"] if latest else None).data()
                finally:
                    s.run("CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName", name=name).consume()
                return rows
        rows = _wrap(driver, "running GDS Leiden", go)
    finally:
        if own:
            driver.close()
    df = pd.DataFrame(rows, columns=["account_id", "ring_id", "community"])
    agree = partition_agreement(df["ring_id"].to_numpy(), df["community"].to_numpy()) if len(df) else \
        {"ari": float("nan"), "nmi": float("nan")}
    # NMI is inflated for many small groups; what random relabellings of the rings score says
    # what the observed NMI must be read against (ARI is already corrected for chance)
    rng = np.random.default_rng(seed)
    null = [partition_agreement(rng.permutation(df["ring_id"].to_numpy()), df["community"].to_numpy())["nmi"]
            for _ in range(NMI_CHANCE_SHUFFLES)] if len(df) > 1 else [float("nan")]
    agree.update(nmi_chance=float(np.mean(null)), nmi_chance_max=float(np.max(null)))
    per_ring = (df.groupby(["ring_id", "community"]).size().rename("n").reset_index()
                .sort_values("n", ascending=False).drop_duplicates("ring_id"))
    sizes = df.groupby("ring_id").size()
    per_ring = per_ring.assign(size=sizes.reindex(per_ring["ring_id"]).to_numpy())
    per_ring["best_share"] = (per_ring["n"] / per_ring["size"]).round(4)
    return {"accounts_compared": int(len(df)), **agree,
            "rings": per_ring[["ring_id", "size", "community", "best_share"]].sort_values("ring_id")
            .reset_index(drop=True),
            "accounts": df.sort_values("account_id").reset_index(drop=True)}
