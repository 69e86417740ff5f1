"""Fast paths added for the refresh time target give exactly what the plain computations give."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

import graphhunt as gh
from graphhunt.evidence import join_per_group
from graphhunt.scoring import _burst
from graphhunt.sinks.files import _edge_codes, read_result, write_edges, write_result


def _burst_reference(created: pd.Series, comm: np.ndarray, window: float, pop_rate: float) -> pd.Series:
    """The per-community loop the vectorised ``_burst`` replaced."""
    df = pd.DataFrame({"c": comm, "t": created.to_numpy()}).dropna().sort_values(["c", "t"])
    out = {}
    for c, grp in df.groupby("c", sort=False):
        t = grp["t"].to_numpy()
        if len(t) < 2:
            continue
        j = np.searchsorted(t, t + window, side="right")
        best = int((j - np.arange(len(t))).max())
        m = len(t)
        out[c] = float(np.clip((best - 1 - (m - 1) * pop_rate) / max((m - 1) * (1 - pop_rate), 1e-9), 0, 1))
    return pd.Series(out, dtype=np.float64)


def test_vectorised_burst_equals_per_community_loop():
    rng = np.random.default_rng(1)
    for _ in range(150):
        n = int(rng.integers(1, 300))
        comm = rng.integers(0, int(rng.integers(1, 40)), n)
        t = rng.integers(0, 2000, n).astype(float) * float(rng.choice([1.0, 0.5, 1.37]))  # ties and fractions
        t[rng.random(n) < 0.1] = np.nan
        window, rate = float(rng.choice([0.0, 10.0, 60.0, 3600.0])), float(rng.choice([0.0, 0.1, 0.5]))
        a = _burst_reference(pd.Series(t), comm, window, rate)
        b = _burst(pd.Series(t), comm, window, rate)
        assert a.index.tolist() == b.index.tolist()
        assert np.array_equal(a.to_numpy(), b.to_numpy())


def test_join_per_group_equals_groupby_join():
    rng = np.random.default_rng(2)
    g = rng.integers(0, 50, 400)
    text = pd.Series([f"x{i}" for i in rng.integers(0, 1000, 400)])
    ref = text.groupby(g).agg(" | ".join)
    got = join_per_group(text, g, " | ")
    assert ref.index.tolist() == got.index.tolist()
    assert ref.tolist() == got.tolist()
    assert join_per_group(text.iloc[:0], g[:0], " | ").empty


def _fit(world):
    ev, ac, _ = world
    ev = ev.assign(timestamp=pd.to_datetime(ev["timestamp"], utc=True))
    ac = ac.assign(created_at=pd.to_datetime(ac["created_at"], utc=True, format="ISO8601"))
    return gh.Detector().fit(ev, ac).result_


def test_dictionary_edges_file_reads_back_like_the_pandas_file(tmp_path, world):
    res = _fit(world)
    assert len(res.edges) > 100 and _edge_codes(res) is not None  # the fast path is taken
    write_edges(res, tmp_path / "fast.parquet")
    res.edges.to_parquet(tmp_path / "plain.parquet", index=False)
    fast, plain = pd.read_parquet(tmp_path / "fast.parquet"), pd.read_parquet(tmp_path / "plain.parquet")
    pd.testing.assert_frame_equal(fast, plain)
    assert str(fast["src"].dtype) == str(plain["src"].dtype) and not isinstance(fast["src"].dtype, pd.CategoricalDtype)
    # write_result uses it; read_result gives the same edges
    write_result(res, tmp_path / "out")
    pd.testing.assert_frame_equal(read_result(tmp_path / "out")["edges"], plain)


def test_edges_changed_after_the_run_are_written_as_they_are(tmp_path, world):
    res = _fit(world)
    # renamed ids (same length, same weights): the codes no longer describe the frame -> plain path
    res.edges["src"] = ("x-" + res.edges["src"].astype(str)).astype(res.edges["src"].dtype)
    assert _edge_codes(res) is None
    write_edges(res, tmp_path / "e.parquet")
    assert pd.read_parquet(tmp_path / "e.parquet")["src"].str.startswith("x-").all()
    # a filtered frame (other length) -> plain path too
    res2 = _fit(world)
    res2.edges = res2.edges.iloc[::2].reset_index(drop=True)
    assert _edge_codes(res2) is None
    write_edges(res2, tmp_path / "e2.parquet")
    assert len(pq.read_table(tmp_path / "e2.parquet")) == len(res2.edges)


def test_lazy_edges_build_the_same_frame_and_write_without_it(tmp_path, world):
    import pickle

    from graphhunt.detector import LazyEdges

    res = _fit(world)
    assert isinstance(res.__dict__["_edges"], LazyEdges)  # nothing read the edges yet
    write_edges(res, tmp_path / "lazy.parquet")
    assert isinstance(res.__dict__["_edges"], LazyEdges)  # writing did not build the id columns
    e = res.edges  # now they are built, once
    assert res.edges is e and list(e.columns[:3]) == ["src", "dst", "weight"]
    ids = res.graph_source.account_ids
    assert e["src"].tolist() == [str(ids[i]) for i in res.graph_source.edges["src"]]
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "lazy.parquet"), e.reset_index(drop=True))
    back = pickle.loads(pickle.dumps(res))
    pd.testing.assert_frame_equal(back.edges, e)
    assert res.run_info["counts"]["edges"] == len(e)


def test_join_tokens_equals_python_join():
    from graphhunt.links.prompts import _join_tokens, _tokenise

    texts = pd.Series(["Solve problem 17: x plus one", "", "hello  world", None, "Write a poem about cats",
                       "a b c d e f g h", "Solve problem 99: y plus two"])
    tk = _tokenise(texts)
    for docs in (np.arange(tk.n_docs), np.array([6, 0, 2]), np.array([1, 3]), np.array([], dtype=np.int64)):
        sel = np.isin(tk.doc, docs)
        words = tk.vocab[tk.code[sel]].astype(object)
        ref = pd.Series(words).groupby(tk.doc[sel]).agg(" ".join).reindex(docs).fillna("").reset_index(drop=True)
        got = _join_tokens(tk, docs)
        assert got.tolist() == ref.astype(object).tolist()
        keep = np.arange(len(tk.code)) % 3 != 0
        kw = np.where(keep[sel], words, "…")
        ref2 = pd.Series(kw).groupby(tk.doc[sel]).agg(" ".join).reindex(docs).fillna("").reset_index(drop=True)
        assert _join_tokens(tk, docs, keep=keep).tolist() == ref2.astype(object).tolist()


def test_member_sets_equal_groupby_sets():
    from graphhunt.refresh import _member_sets

    rng = np.random.default_rng(3)
    lab = pd.Series(rng.choice(["ring-000003", "ring-000001", "ring-000010"], 200).astype(object),
                    index=[f"a{i}" for i in rng.permutation(200)])
    for sort in (True, False):
        ref = {k: set(g.index) for k, g in lab.groupby(lab, sort=sort)}
        got = _member_sets(lab, sort)
        assert got == ref and list(got) == list(ref)
    assert _member_sets(lab.iloc[:0], True) == {}


def test_ring_last_seen_equals_two_groupbys():
    from graphhunt.refresh import _ring_last_seen

    rng = np.random.default_rng(4)
    n = 500
    acc = pd.Series([f"a{i}" for i in rng.integers(0, 60, n)], dtype="string")
    ts = pd.Series(pd.to_datetime(rng.integers(1.7e18, 1.71e18, n), utc=True)).astype("datetime64[ns, UTC]")
    acc_ring = pd.Series(rng.choice(["", "ring-000001", "ring-000002"], 60).astype(object),
                         index=[f"a{i}" for i in range(60)])
    last = ts.groupby(acc.astype(str)).max()
    ref = last.groupby(acc_ring.reindex(last.index).fillna("").to_numpy()).max()
    got = _ring_last_seen(acc, ts, acc_ring)
    assert got.index.tolist() == ref.index.tolist()
    assert got.dtype == ref.dtype and (got.to_numpy() == ref.to_numpy()).all()
    rids = pd.Series(["ring-000002", "ring-000009", "ring-000001"])
    a, b = ref.reindex(rids).to_numpy(), got.reindex(rids).to_numpy()
    assert [str(x) for x in a] == [str(x) for x in b]


def test_frame_digest_formats_datetimes_like_pandas():
    import hashlib

    from graphhunt.refresh import _frame_digest

    def reference(df):
        h = pd.util.hash_pandas_object(df.astype("string"), index=False).to_numpy()
        return hashlib.sha256(np.sort(h).tobytes() + ",".join(map(str, df.columns)).encode()).hexdigest()

    t = pd.Series(pd.to_datetime(1_700_000_000 + np.arange(50) * 86_399, unit="s", utc=True))
    base = pd.DataFrame({"account_id": pd.Series([f"a{i}" for i in range(50)], dtype="string"), "created_at": t})
    variants = {
        "seconds": base,
        "with NaT": base.assign(created_at=t.where(np.arange(50) % 3 != 0)),
        "all NaT": base.assign(created_at=pd.Series(pd.NaT, index=base.index, dtype="datetime64[s, UTC]")),
        "fractions": base.assign(created_at=t + pd.Timedelta("250ms")),
        "us unit": base.assign(created_at=t.astype("datetime64[us, UTC]")),
        "other zone": base.assign(created_at=t.dt.tz_convert("Asia/Tokyo")),
        "naive": base.assign(created_at=t.dt.tz_localize(None)),
        "year 1900": base.assign(created_at=t - pd.Timedelta(days=365 * 125)),
    }
    for name, df in variants.items():
        assert _frame_digest(df) == reference(df), name


def test_failed_write_leaves_the_previous_result_and_no_temporaries(tmp_path, world):
    """edges.parquet is written by a second thread while the CSVs are formatted: when a later file
    fails, the edges writer is waited for and its temporary removed with the others."""
    import time

    res = _fit(world)
    out = tmp_path / "out"
    write_result(res, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    class DiskFull:
        def drop(self, *a, **k):
            time.sleep(0.2)  # the edges thread is still writing when this fails
            raise OSError(28, "No space left on device")

    res2 = _fit(world)
    res2.templates = DiskFull()
    try:
        write_result(res2, out)
    except OSError as e:
        assert e.errno == 28
    else:
        raise AssertionError("the failing writer did not raise")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
