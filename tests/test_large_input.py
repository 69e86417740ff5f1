"""The memory-saving paths for large inputs give the same results as the plain ones.

Each test would fail if a chunk, slice or row selection were mishandled
(dropped, duplicated, shifted or read from the wrong chunk).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from graphhunt.graph import _edge_pairs
from graphhunt.io import _take_rows, load_events
from graphhunt.links import prompts as P

from test_prompts import _mix_u64, _world


def _chunked(texts: list, sizes: list[int]) -> pa.ChunkedArray:
    """The texts as a multi-chunk Arrow string column (as Parquet row groups give it)."""
    out, lo = [], 0
    for s in sizes:
        out.append(pa.array(texts[lo:lo + s], pa.string()))
        lo += s
    assert lo == len(texts)
    return pa.chunked_array(out)


def test_rows_source_reads_the_right_rows_across_chunks():
    texts = [f"text {i}" if i % 7 else None for i in range(50)]
    col = _chunked(texts, [3, 20, 1, 26])
    r = P._Rows(col)
    assert len(r) == 50
    assert r.part(2, 5).to_pylist() == texts[2:7]  # crosses the chunk boundary at 3
    assert r.part(0, 50).type == pa.large_string()
    rows = np.array([49, 0, 3, 22, 23, 24, 10])
    s = P._Rows(col, rows)
    assert len(s) == len(rows)
    assert s.part(1, 4).to_pylist() == [texts[i] for i in rows[1:5]]
    assert s.take([6, 0]).to_pylist() == [texts[10], texts[49]]
    # a pandas string column and a list give the same rows
    assert P._Rows(pd.Series(texts, dtype="str")).part(20, 10).to_pylist() == texts[20:30]


def test_template_families_on_a_chunked_sampled_column_match_the_plain_path():
    w = _world(seed=4)
    texts = w["prompt"].tolist()
    acc = w["account"].to_numpy()
    rows = np.sort(np.random.default_rng(3).choice(len(texts), int(0.7 * len(texts)), replace=False))
    plain_f, plain_t = P.template_families(pd.Series([texts[i] for i in rows]), acc[rows], chunk_size=0)
    n = len(texts)
    col = _chunked(texts, [n // 3, 1, n - n // 3 - 1])
    f, t = P.template_families(P._Rows(col, rows), acc[rows], chunk_size=5, threads=2)
    assert (plain_f >= 0).any()
    assert np.array_equal(plain_f, f)
    assert plain_t["template_id"].tolist() == t["template_id"].tolist()
    assert plain_t["exemplar"].tolist() == t["exemplar"].tolist()
    # shifting the selection by one row changes the answer: the test can see a misread chunk
    f2, _ = P.template_families(P._Rows(col, np.minimum(rows + 1, n - 1)), acc[rows], chunk_size=5)
    assert not np.array_equal(plain_f, f2)


def test_reasoning_flags_on_a_chunked_column():
    texts = ["solve it step by step", None, "translate this", "Let's think first", "plain"] * 5
    col = _chunked(texts, [2, 11, 12])
    assert P.reasoning_flags(col).tolist() == P.reasoning_flags(pd.Series(texts)).tolist()
    assert P.reasoning_flags(P._Rows(col, np.array([3, 0, 4]))).tolist() == [True, True, False]


def test_shared_shingles_with_per_text_accounts_equals_per_occurrence():
    rng = np.random.default_rng(11)
    n_docs, n = 3000, 40_000
    doc = np.sort(rng.integers(0, n_docs, n)).astype(np.int32)
    acc_of_doc = rng.integers(0, 300, n_docs)
    h = _mix_u64(rng.integers(0, 4000, n))
    thr = rng.integers(1, 3, 300)
    a = P._shared_shingles(h, acc_of_doc[doc], 2, thr)
    b = P._shared_shingles(h, acc_of_doc, 2, thr, doc=doc)
    assert (a > 0).any() and np.array_equal(a, b)


def test_take_rows_equals_iloc():
    df = pd.DataFrame({"a": pd.Series(["x", "y", None, "z"], dtype="str"),
                       "t": pd.to_datetime([3, 1, 2, 0], unit="s", utc=True),
                       "f": np.array([0.5, 1.5, 2.5, 3.5], np.float32)})
    df.attrs["k"] = 1
    order = np.array([3, 1, 2, 0])
    expect = df.iloc[order].reset_index(drop=True)
    got = _take_rows(df.copy(), order)
    pd.testing.assert_frame_equal(got, expect)
    assert got.attrs == {"k": 1}


def test_load_events_parquet_equals_pandas_reader(tmp_path):
    rng = np.random.default_rng(0)
    n = 500
    ev = pd.DataFrame({
        "account_id": [f"acc{int(i)}" for i in rng.integers(0, 40, n)],
        "timestamp": pd.to_datetime(1_700_000_000 + rng.integers(0, 10**6, n), unit="s", utc=True),
        "ip": [f"10.0.{int(i)}.{int(j)}" for i, j in zip(rng.integers(0, 5, n), rng.integers(0, 255, n))],
        "prompt": [f"prompt {int(i)}" for i in rng.integers(0, 50, n)],
    })
    p = tmp_path / "ev.parquet"
    ev.to_parquet(p, row_group_size=128)  # several row groups, so several chunks per column
    got = load_events(p)
    exp = pd.read_parquet(p)
    order = np.lexsort((exp["timestamp"].array.asi8, pd.factorize(exp["account_id"], sort=True)[0]))
    exp = exp.iloc[order].reset_index(drop=True)
    assert got["account_id"].tolist() == exp["account_id"].tolist()
    assert got["prompt"].tolist() == exp["prompt"].tolist()
    assert got["ip"].tolist() == exp["ip"].tolist()
    assert (got["timestamp"].to_numpy() == exp["timestamp"].to_numpy()).all()


def test_bad_rows_and_duplicates_across_chunks_match_a_plain_pandas_reference(tmp_path):
    # rows to drop (bad ones, exact duplicates) are selected by index and taken once with the final
    # reordering; the result must equal filtering, de-duplicating and sorting the frame with pandas
    rng = np.random.default_rng(3)
    n = 900
    ev = pd.DataFrame({
        "account_id": [f"acc{int(i)}" for i in rng.integers(0, 30, n)],
        "timestamp": (1_700_000_000 + rng.integers(0, 400, n)).astype(np.float64),  # many same-key rows
        "ip": [f"10.0.{int(i)}.{int(j)}" for i, j in zip(rng.integers(0, 5, n), rng.integers(0, 255, n))],
        "prompt": [f"prompt {int(i)}" for i in rng.integers(0, 4, n)],
    })
    ev.loc[rng.choice(n, 20, replace=False), "ip"] = "not-an-ip"
    ev.loc[rng.choice(n, 10, replace=False), "timestamp"] = np.nan
    ev = pd.concat([ev, ev.sample(120, random_state=4)]).sample(frac=1, random_state=5).reset_index(drop=True)
    p = tmp_path / "ev.parquet"
    ev.to_parquet(p, row_group_size=64)
    got = load_events(p, bad_rows="drop")
    good = ev[ev["timestamp"].notna() & (ev["ip"] != "not-an-ip")]
    exp = good.drop_duplicates().assign(timestamp=lambda d: pd.to_datetime(d["timestamp"], unit="s", utc=True))
    exp = exp.sort_values(["account_id", "timestamp"], kind="stable").reset_index(drop=True)
    assert got.attrs["load_report"]["duplicate_rows"] == int(good.duplicated().sum()) > 0
    assert got.attrs["load_report"]["accounts"] == exp["account_id"].nunique()
    assert got["account_id"].tolist() == exp["account_id"].tolist()
    assert got["prompt"].tolist() == exp["prompt"].tolist()
    assert got["ip"].tolist() == exp["ip"].tolist()
    assert (got["timestamp"].to_numpy() == exp["timestamp"].to_numpy()).all()


@pytest.mark.parametrize("step", [1, 3, 1 << 20])
def test_edge_pairs_slices(step):
    src = np.arange(10, dtype=np.int32)
    dst = src[::-1].copy()
    assert list(_edge_pairs(src, dst, step)) == list(zip(src.tolist(), dst.tolist()))


def test_release_input_gives_the_same_result_and_drops_read_columns(world_files):
    from graphhunt.detector import Detector
    from graphhunt.io import load_accounts

    ev = load_events(world_files[0])
    ac = load_accounts(world_files[1])
    keep = Detector(seed=1).fit(ev.copy(), ac.copy()).result_
    ev2 = ev.copy()
    rel = Detector(seed=1).fit(ev2, ac.copy(), release_input=True).result_
    pd.testing.assert_frame_equal(keep.accounts, rel.accounts)
    pd.testing.assert_frame_equal(keep.rings, rel.rings)
    pd.testing.assert_frame_equal(keep.edges, rel.edges)
    for c in ("prompt", "ip", "network", "account_id"):
        assert c in ev.columns and c not in ev2.columns
    assert "user_agent" in ev2.columns  # still read by scoring


def test_doc_index_slices_match_the_full_array():
    counts = np.array([0, 3, 0, 0, 5, 1, 0, 2, 4, 0], np.int64)
    ix = P._DocIndex(counts)
    full = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    assert len(ix) == len(full)
    for lo in range(len(full) + 1):
        for hi in range(lo, len(full) + 2):
            assert np.array_equal(P._DocIndex(counts)[lo:hi], full[lo:hi]), (lo, hi)
    cand = np.array([14, 0, 7])
    assert np.array_equal(ix[cand], full[cand])
    assert np.array_equal(ix.array(), full)


def _random_docs(seed, n_docs, max_count, n_acc, n_shingles, max_thr):
    """Random documents of shingle hashes: counts per doc, doc per occurrence, account per doc, hashes, thresholds."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, max_count, n_docs)
    doc = np.repeat(np.arange(n_docs, dtype=np.int32), counts)
    acc_of_doc = rng.integers(0, n_acc, n_docs)
    h = _mix_u64(rng.integers(0, n_shingles, len(doc)))
    thr = rng.integers(1, max_thr, n_acc)
    return counts, doc, acc_of_doc, h, thr


def test_shared_shingles_with_a_doc_index_equals_per_occurrence():
    counts, doc, acc_of_doc, h, thr = _random_docs(5, 2500, 30, 200, 3000, 3)
    a = P._shared_shingles(h, acc_of_doc[doc], 2, thr)
    b = P._shared_shingles(h, acc_of_doc, 2, thr, doc=P._DocIndex(counts))
    assert (a > 0).any() and np.array_equal(a, b)


@pytest.mark.parametrize("slice_size", [1000, 4097])
@pytest.mark.parametrize("threads", [1, 2, 3])
def test_shared_shingles_across_many_slices(monkeypatch, slice_size, threads):
    counts, doc, acc_of_doc, h, thr = _random_docs(9, 4000, 12, 150, 2500, 4)
    one = P._shared_shingles(h, acc_of_doc[doc], 2, thr)  # one slice
    monkeypatch.setattr(P, "_SLICE", slice_size)
    many = P._shared_shingles(h, acc_of_doc[doc], 2, thr, threads=threads)
    many_ix = P._shared_shingles(h, acc_of_doc, 2, thr, doc=P._DocIndex(counts), threads=threads)
    assert (one > 0).any() and (one == 0).any()
    assert np.array_equal(one, many) and np.array_equal(one, many_ix)


@pytest.mark.parametrize("step", [1, 4, 1 << 21])
def test_take_chunked_equals_arrow_take(step):
    from graphhunt.io import _take_chunked

    texts = [f"t{i}" if i % 5 else None for i in range(40)]
    col = pa.chunked_array([pa.array(texts[:7], pa.large_string()), pa.array([], pa.large_string()),
                            pa.array(texts[7:8], pa.large_string()), pa.array(texts[8:], pa.large_string())])
    rows = np.random.default_rng(2).permutation(40)
    got = _take_chunked(col, rows, step)
    assert got.type == col.type
    assert got.to_pylist() == col.take(pa.array(rows)).to_pylist() == [texts[i] for i in rows]


@pytest.mark.parametrize("slice_size", [500, 1 << 22])
def test_template_shingles_support_levels_by_slices(monkeypatch, slice_size):
    rng = np.random.default_rng(21)
    n_docs = 3000
    counts = rng.integers(0, 15, n_docs)
    doc = np.repeat(np.arange(n_docs, dtype=np.int32), counts)
    account = rng.integers(0, 120, n_docs).astype(np.int32)
    h = _mix_u64(rng.integers(0, 1500, len(doc)))
    thr = rng.integers(1, 3, 120)
    plain = P._template_shingles(h, doc, account, n_docs, thr, 0.3)  # full-size path
    monkeypatch.setattr(P, "_SLICE", slice_size)
    sliced = P._template_shingles(h, P._DocIndex(counts), account, n_docs, thr, 0.3)
    no_ratio = P._template_shingles(h, doc, account, n_docs, thr, 0.0)
    assert plain.any() and not np.array_equal(plain, no_ratio)  # the support rule removes something here
    assert np.array_equal(plain, sliced)
