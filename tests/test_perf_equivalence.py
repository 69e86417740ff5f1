"""The vectorised fast paths give exactly what the plain computations give."""
from __future__ import annotations

import ipaddress

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from graphhunt.config import LinkConfig
from graphhunt.graph import _upper_product, build_graph
from graphhunt.io import normalize_ips
from graphhunt.links.base import group_incidence, incidence_from_columns


def test_blocked_upper_product_is_bit_identical_to_triu_of_full_product():
    rng = np.random.default_rng(0)
    n, m = 500, 120
    rows = rng.integers(0, n, 3000)
    cols = rng.integers(0, m, 3000)
    B = sparse.csr_matrix((rng.random(3000), (rows, cols)), shape=(n, m))
    full = sparse.triu(B @ B.T, k=1).tocsr()
    full.sort_indices()
    for block_pairs in (1e9, 5e3, 1):  # one block, several, the most blocks allowed
        P = _upper_product(B, 2e4, block_pairs=block_pairs)
        assert (P.indptr == full.indptr).all() and (P.indices == full.indices).all()
        assert np.array_equal(P.data, full.data)  # same summation order -> same bits


def test_multi_type_graph_matches_per_pair_sum():
    rng = np.random.default_rng(1)
    n = 80
    ids = np.array([f"a{i:03d}" for i in range(n)], dtype=object)
    incs = [incidence_from_columns(t, rng.integers(0, n, 300), pd.Series(rng.integers(0, k, 300)).astype(str))
            for t, k in (("ip", 40), ("payment", 25), ("network", 10))]
    lg = build_graph(incs, ids, LinkConfig())
    assert (np.diff(lg.edges["src"].to_numpy().astype(np.int64) * n + lg.edges["dst"].to_numpy()) > 0).all()
    total = sum(lg.edges[f"w_{t}"].to_numpy(np.float64) for t in ("ip", "payment", "network"))
    assert np.allclose(lg.edges["weight"].to_numpy(), total, rtol=1e-6)
    # every type's pairs are exactly the pairs sharing an attribute of that type under the cap
    for inc in incs:
        k = np.bincount(inc.attr, minlength=len(inc.labels))
        ok = (k[inc.attr] >= 2) & (k[inc.attr] <= 500)
        df = pd.DataFrame({"a": inc.account[ok], "x": inc.attr[ok]})
        pairs = df.merge(df, on="x").query("a_x < a_y")
        expect = set(zip(pairs["a_x"], pairs["a_y"]))
        col = lg.edges[f"w_{inc.link_type}"].to_numpy()
        got = set(zip(lg.edges["src"].to_numpy()[col > 0], lg.edges["dst"].to_numpy()[col > 0]))
        assert got == expect


def test_group_incidence_matches_groupby():
    rng = np.random.default_rng(2)
    acc = rng.integers(0, 50, 2000).astype(np.int32)
    codes = rng.integers(0, 30, 2000)
    ts = rng.integers(0, 10**6, 2000)
    inc = group_incidence("x", acc, codes, np.array([str(i) for i in range(30)], dtype=object), ts, min_events=2)
    g = pd.DataFrame({"a": acc, "c": codes, "t": ts}).groupby(["a", "c"]).agg(
        n=("t", "size"), first=("t", "min"), last=("t", "max")).reset_index()
    g = g[g["n"] >= 2]
    assert np.array_equal(inc.account, g["a"].to_numpy())
    assert np.array_equal(inc.attr, g["c"].to_numpy())
    assert np.array_equal(inc.n_events, g["n"].to_numpy())
    assert np.array_equal(inc.first_seen, g["first"].to_numpy())
    assert np.array_equal(inc.last_seen, g["last"].to_numpy())


def _ip_reference(v):
    """(canonical, network, malformed) by :mod:`ipaddress`; the unspecified and loopback addresses are
    "no client address": missing, not malformed; so are link-local addresses."""
    try:
        a = ipaddress.ip_address(v.strip())
    except (ValueError, AttributeError):
        return None, None, True
    if a.version == 6 and a.scope_id is not None:  # a zone is no part of the address
        a = ipaddress.IPv6Address(v.strip().partition("%")[0])
    if a.version == 6 and a.ipv4_mapped is not None:
        a = a.ipv4_mapped
    if a.is_loopback or a.is_unspecified or a.is_link_local or (a.version == 4 and a in ipaddress.ip_network("0.0.0.0/8")):
        return None, None, False
    net = ipaddress.ip_network(f"{a}/{24 if a.version == 4 else 48}", strict=False)
    return str(a), str(net), False


def test_normalize_ips_fast_path_matches_ipaddress():
    vals = ["1.2.3.4", " 10.0.0.1 ", "01.2.3.4", "256.1.1.1", "1.2.3", "1.2.3.4.5", "0.0.0.0",
            "255.255.255.255", "::ffff:1.2.3.4", "127.0.0.1", "127.8.9.10", "0.1.2.3", "::", "::1",
            "::ffff:127.0.0.1", "128.0.0.1", "1.127.0.0", "2001:db8::1", "2001:0DB8:0::1", "abc", "", None,
            "1.2.3.4", "169.254.1.1", "169.255.1.1", "fe80::1", "fe80::1%eth0", "FEBF::ab", "fec0::1",
            "fe8::1", "::ffff:169.254.9.9", "2001:db8::1%eth0", "2001:DB8::1%25en0", "::ffff:1.2.3.4%x",
            "1.2.3.4%eth0", "2001:db8::1%", "2001:db8::1%a%b"]
    ip, net, bad = normalize_ips(pd.Series(vals, dtype="string"))
    for i, v in enumerate(vals):
        c, n, malformed = _ip_reference(v) if v else (None, None, False)
        assert (None if pd.isna(ip.iloc[i]) else ip.iloc[i]) == c, v
        assert (None if pd.isna(net.iloc[i]) else net.iloc[i]) == n, v
        assert bad[i] == (bool(v and v.strip()) and malformed), v


@pytest.mark.parametrize("dtype", [np.int64, np.uint64, np.int32])
def test_unique_sorted_matches_np_unique(dtype):
    from graphhunt._arrays import unique_sorted

    rng = np.random.default_rng(3)
    for n in (0, 1, 7, 10_000):
        x = rng.integers(0, 500, n).astype(dtype)
        got = unique_sorted(x)
        assert got.dtype == x.dtype and np.array_equal(got, np.unique(x))


@pytest.mark.parametrize("n_types", [5, 60])  # one bit per type in the union's values; 53+ types search by key
def test_graph_type_columns_equal_single_type_builds(n_types):
    rng = np.random.default_rng(4)
    n = 60
    ids = np.array([f"a{i:03d}" for i in range(n)], dtype=object)
    incs = [incidence_from_columns(f"g{t}", rng.integers(0, n, 40), pd.Series(rng.integers(0, 12, 40)).astype(str))
            for t in range(n_types)]
    cfg = LinkConfig(weights={f"g{t}": 0.5 + t / n_types for t in range(n_types)})
    lg = build_graph(incs, ids, cfg)
    key = lg.edges["src"].to_numpy().astype(np.int64) * n + lg.edges["dst"].to_numpy()
    assert (np.diff(key) > 0).all()
    weight = np.zeros(len(key))
    for inc in incs:
        one = build_graph([inc], ids, cfg).edges  # a single type takes its matrix as it is
        col = lg.edges[f"w_{inc.link_type}"].to_numpy()
        k1 = one["src"].to_numpy().astype(np.int64) * n + one["dst"].to_numpy()
        pos = np.searchsorted(key, k1)
        assert np.array_equal(key[pos], k1) and np.array_equal(col[pos], one[f"w_{inc.link_type}"].to_numpy())
        assert np.count_nonzero(col) == len(one)
        weight += col
    assert np.array_equal(lg.edges["weight"].to_numpy(), weight.astype(np.float32))


def test_prepare_orders_events_like_lexsort():
    from graphhunt.detector import _prepare

    rng = np.random.default_rng(5)
    for span in (86400 * 30, 2**31 + 10**6):  # packed (account, time) key; beyond 2^31 s the lexsort fallback
        m = 3000
        ev = pd.DataFrame({"account_id": pd.Series([f"u{i:03d}" for i in rng.integers(0, 200, m)], dtype="string"),
                           "timestamp": pd.to_datetime(1_600_000_000 + rng.integers(0, span, m), unit="s", utc=True),
                           "x": np.arange(m)})
        ev.loc[::7, "timestamp"] = ev["timestamp"].iloc[0]  # ties keep the input order
        out, _, ids = _prepare(ev, None)
        acc = pd.Index(ids).get_indexer(ev["account_id"].astype(str))
        ts = ev["timestamp"].astype("datetime64[ns, UTC]").astype("int64").to_numpy() // 10**9
        assert np.array_equal(out["x"].to_numpy(), np.lexsort((ts, acc)))


def test_ip_window_incidence_matches_factorize_and_string_labels():
    from graphhunt.config import Config
    from graphhunt.links import LinkContext
    from graphhunt.links.ip import build_ip_window

    rng = np.random.default_rng(6)
    m = 4000
    ips = np.array(["10.0.0.1", "10.0.0.2", "2001:db8::1", "192.168.1.7"], dtype=object)
    ev = pd.DataFrame({"acc": rng.integers(0, 300, m).astype(np.int32),
                       "ts": 1_700_000_000 + rng.integers(0, 86400 * 3, m),
                       "ip": pd.Series(ips[rng.integers(0, len(ips), m)], dtype="string")})
    ev.loc[::11, "ip"] = pd.NA
    cfg = Config()
    (inc,) = build_ip_window(LinkContext(events=ev, accounts=None, account_ids=np.arange(300), config=cfg))
    # the plain construction: addresses numbered in sorted order (as the ip builder numbers them, whose
    # codes it shares), factorize(sort=True) of the (ip, window) key, labels by pandas string sums
    w = int(cfg.links.ip_window_minutes) * 60
    ip_codes, ip_u = pd.factorize(ev["ip"], use_na_sentinel=True, sort=True)
    ok = ip_codes >= 0
    bucket = ev["ts"].to_numpy() // w
    b0 = int(bucket[ok].min())
    codes, lab = pd.factorize(ip_codes.astype(np.int64)[ok] * (1 << 24) + (bucket[ok] - b0), sort=True)
    lab = np.asarray(lab, dtype=np.int64)
    win_txt = pd.to_datetime(((lab & ((1 << 24) - 1)) + b0) * w, unit="s", utc=True).strftime("%Y-%m-%dT%H:%M")
    labels = ("ipw:" + pd.Series(np.asarray(ip_u.astype(str), dtype=object)[lab >> 24]) + "@"
              + pd.Series(np.asarray(win_txt, dtype=object))).to_numpy(dtype=object)
    ref = group_incidence("ip_window", ev["acc"].to_numpy()[ok], codes, labels, ev["ts"].to_numpy()[ok])
    assert inc.labels.dtype == object and inc.labels.tolist() == ref.labels.tolist()
    for f in ("account", "attr", "n_events", "first_seen", "last_seen"):
        assert np.array_equal(getattr(inc, f), getattr(ref, f)), f


def test_in_codes_matches_isin():
    """The prompt stage's lookup-table membership test gives np.isin's answer (codes, members repeated or not)."""
    from graphhunt.links.prompts import _in_codes

    rng = np.random.default_rng(5)
    for n in (1, 7, 5000):
        codes = rng.integers(0, n, 20_000)
        members = rng.integers(0, n, rng.integers(0, 50))
        assert np.array_equal(_in_codes(codes, members, n), np.isin(codes, members))
