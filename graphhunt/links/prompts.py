"""Prompt templates: masking, shared-text skeletons, MinHash/LSH families.

How a prompt becomes a template family, in five vectorised steps (no Python
loop over prompts, tokens or pairs on the hot path):

1. **Mask and tokenise** (pyarrow/RE2): read as it shows (:func:`_fold_unicode`: NFKC,
   no invisible format characters, Latin look-alikes in mixed-script words made Latin);
   lowercase; quoted spans and code blocks
   become ``<quote>``/``<code>``; split on whitespace; every *distinct* token
   is classified once (URL, e-mail, UUID, IP, number, hex id, other id with a
   digit -> ``<url>``, ``<email>``, ``<uuid>``, ``<ip>``, ``<num>``, ``<hex>``,
   ``<id>``; punctuation stripped but a ``/`` inside a word, letters of every script kept; runs of one
   placeholder collapse). Chinese and Japanese characters are words of their
   own (:func:`_split_ideographs`), and with ``prompts.strip_reasoning``
   chain-of-thought requests are cut (:func:`_strip_reasoning`). Only
   the first ``prompts.head_tokens`` and last ``prompts.tail_tokens`` tokens
   are kept: instructions sit at the start or the end of a prompt, while long
   free-text slots (an article, a review) fill the middle and would only add
   noise and cost. Steps 1-2 run on ``prompts.chunk_size`` prompts at a time
   (on ``prompts.threads`` threads); only the shingle hashes outlive a chunk.
2. **Skeleton.** Word k-shingles of the masked tokens are hashed. A shingle
   used by at least two *accounts* is shared text (template wording); one used
   by a single account is that account's own content (slot values, free text,
   and the words a careful ring changed in its per-account rewording). A
   prompt's skeleton is its set of shared shingles, so prompts of one template
   with different slot values, and per-account rewordings of one template, get
   (nearly) the same skeleton. With ``prompts.close_gaps`` a second pass
   keeps only the tokens that shared shingles cover, closes the gaps and
   shingles again (an account's inserted word no longer breaks shingles).
   Skeletons with fewer than
   ``prompts.min_words - k + 1`` shingles are no template (family ``-1``).
3. **MinHash + LSH** over *distinct* skeletons only: one multiply-shift hash
   per permutation, minima by ``np.minimum.reduceat``; candidate pairs from LSH
   band buckets, each bucket member paired with the bucket's densest member
   (the skeleton used by most prompts), so a huge bucket costs O(n), not O(n²).
4. **Verification.** A candidate pair counts only if its estimated Jaccard
   reaches ``prompts.similarity_threshold``.
5. **Families by mode seeking** (``prompts.clustering = "mode"``): every
   skeleton attaches to its densest verified neighbour that is denser than
   itself, and families are the resulting trees. Unlike connected components
   of all verified pairs (``"components"``), a rare skeleton that resembles two
   popular templates joins one of them instead of welding them together, so
   shared boilerplate cannot chain thousands of templates into one family.
   After that, an *optional alignment pass* (``prompts.align_threshold`` > 0, needs
   rapidfuzz): families whose template-word sequences align in order
   (normalised Indel similarity, loose LSH candidates over content words)
   are joined, each skeleton to its best partner, with a chain guard; see
   :func:`_align_families` and docs/PROMPTS.md (it lifts recall and costs
   precision, so it is off by default).

The family id (``tpl-<16 hex>``) is a hash of the family's smallest skeleton,
so it is stable between runs on the same data. Only family ids, hashes and
short redacted exemplars (words of the shared skeleton; everything else
``…``) leave this stage; raw prompt text never does.

Reasoning elicitation ("step by step", "explain your reasoning", ...) is
flagged per prompt here too, since this is the one place that reads prompts.
"""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .base import Incidence, LinkContext
from .._arrays import release_memory, unique_sorted
from .._arrays import in_sorted as _in_sorted
from .._arrays import mix64 as _mix64
from .._arrays import mix64_inplace as _mix64_inplace

__all__ = [
    "mask_prompts",
    "REASONING_PATTERN",
    "reasoning_flags",
    "shingle_hashes",
    "minhash",
    "template_families",
    "sample_per_account_day",
    "build",
]

log = logging.getLogger(__name__)

PLACEHOLDERS = ("<url>", "<email>", "<uuid>", "<ip>", "<hex>", "<num>", "<id>", "<quote>", "<code>")

# multi-token spans (within one line), masked with RE2 on the rows that contain the trigger only;
# no counted repetition ({1,400}): RE2 expands it into hundreds of states and runs 5x slower
_SPAN_MASKS = [
    ("```", r"(?s)```.*?```", " <code> "),
    ('"', r'"[^"\n]+"', " <quote> "),
    ("\u201c", "\u201c[^\u201d\\n]+\u201d", " <quote> "),
    ("\u00ab", "\u00ab[^\u00bb\\n]+\u00bb", " <quote> "),
    ("'", r"(^|\s)'[^'\n]+?'(\s|$|[.,;:!?])", r"\1 <quote> \2"),
]

REASONING_PATTERN = (
    r"step[- ]by[- ]step|chain[- ]of[- ]thought|thought process|reasoning process"
    r"|show (?:me )?(?:your|all|the|every) (?:full |complete |intermediate )*(?:work|steps|reasoning|thinking|derivation)"
    r"|(?:explain|describe|lay out|write out|provide|give|state) (?:me )?(?:your|the|all) (?:full |detailed |complete )*"
    r"(?:reasoning|thinking|rationale|thought)"
    r"|reason (?:step|through|carefully|it out)|think (?:carefully|through|aloud|it through|hard)"
    r"|let'?s (?:think|work)|walk me through|before (?:answering|you answer|giving the (?:final )?answer|the final answer)"
    r"|justify (?:your|the|every|each)|(?:each|every|all) (?:intermediate |single )?steps?\b"
    r"|break (?:it|this|the problem|the task) (?:down|into steps)|provide (?:a |your )?(?:detailed )?(?:reasoning|rationale)"
    r"|work (?:through|this out|it out)"
    # scratchpads (Nye et al. 2021), rationales and justifications, intermediate work, answer-extraction
    # formats ("... then the final answer"), least-to-most decomposition, the logic or the reasoning as
    # the object of the request
    r"|scratch ?pad|scratch work|<think|show (?:me )?(?:your|all|the) (?:full |complete )*working"
    r"|(?:a|an|your|the) (?:full |detailed |complete |thorough |clear |brief |short |step-wise |written )*"
    r"(?:rationale|justification)"
    r"|intermediate (?:steps?|calculations?|reasoning|work(?:ing)?|stages?)"
    r"|reason (?:aloud|out loud|in detail|about (?:it|this|each))|(?:your|the) reasoning (?:behind|inside|first|before)"
    r"|how (?:you|to) (?:arrive|arrived|got|get) (?:at|to) (?:the|your|this) (?:answer|result|solution|conclusion)"
    r"|(?:explain|describe|lay out|write out|spell out|show|state) (?:me )?(?:your|the|all) (?:full |underlying |complete )*"
    r"(?:logic|reasoning)"
    r"|decompose (?:it|the problem|this problem|the question|the task) into|sub-?problems"
    r"|chain of (?:reasoning|inferences?|logic|steps)|final answer"
    # the same request in other languages (operators harvest in many; the idioms, not a translation list):
    # es/pt/it/fr/de/nl/pl/tr/id/vi/ru/ar/hi, zh, ja, ko
    r"|paso a paso|passo a passo|passo (?:dopo )?passo|étape par étape|pas à pas|schritt für schritt"
    r"|stap voor stap|krok po kroku|adım adım|langkah demi langkah|từng bước|шаг за шагом|пошагов|خطوة بخطوة"
    r"|चरण दर चरण|कदम दर कदम"
    r"|(?:expli|explai|spieg|erkl|muestr|mostr|montr|zeig|justifi)[^\s]* (?:[^\s]+ ){0,2}(?:razonamiento|raciocínio"
    r"|ragionamento|raisonnement|gedankengang|lösungsweg)"
    r"|一步一步|一步步|逐步推理|逐步思考|逐步分析|分步|思考过程|推理过程|ステップバイステップ|段階的に|順を追って|一歩ずつ"
    r"|단계별로|차근차근|단계적으로"
)

#: characters that end a sentence (for :func:`_strip_reasoning`)
_SENTENCE_END = ".!?\n\u3002\uff01\uff1f"
#: punctuation that is no sentence end (an RE2 class body)
_PUNCT = "\"#$%&'()*+,\\-/:;<=>@\\[\\\\\\]^_`{|}~\u00ab\u00bb\u201c\u201d\u2018\u2019\u2013\u2014\u2026"

_U64 = np.uint64

#: function words: a shingle made only of these and placeholders carries no template identity
#: ("of the", "is it a") and is the main source of chance sharing between free-text slots
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she should
so some such than that the their theirs them themselves then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves s t don shall may might must also us let via per etc
""".split())


def _to_arrow(prompts) -> pa.Array:
    if isinstance(prompts, _Rows):
        return prompts.part(0, len(prompts))
    if isinstance(prompts, pd.Series):
        prompts = prompts.array
    arr = pa.array(prompts, type=pa.large_string(), from_pandas=True) if not isinstance(
        prompts, (pa.Array, pa.ChunkedArray)) else prompts
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks else pa.array([], pa.large_string())
    if not pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.large_string())
    return arr


class _Rows:
    """Rows of a prompt column, handed out a slice at a time without copying the whole column.

    ``prompts`` is a Series, an Arrow (chunked) array or a list; ``rows``
    optionally selects and orders rows (e.g. the per-account-day sample).
    ``part(lo, n)`` gives rows ``lo .. lo+n`` of the selection and ``take(i)``
    rows ``i`` of the selection, each as one ``large_string`` array: the same
    texts :func:`_to_arrow` would give for ``prompts[rows]``, but only a chunk
    is ever combined or cast, so a 3 GB prompt column is not copied once more
    for the sample and once more for the cast.
    """

    def __init__(self, prompts, rows: np.ndarray | None = None) -> None:
        if isinstance(prompts, pd.Series):
            prompts = prompts.array
        if isinstance(prompts, pa.ChunkedArray):
            col = prompts
        elif isinstance(prompts, pa.Array):
            col = pa.chunked_array([prompts])
        elif hasattr(prompts, "__arrow_array__") and pd.api.types.is_string_dtype(getattr(prompts, "dtype", None)):
            col = prompts.__arrow_array__()
            col = col if isinstance(col, pa.ChunkedArray) else pa.chunked_array([col])
        else:
            col = pa.chunked_array([_to_arrow(prompts)])
        if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
            col = pa.chunked_array([_to_arrow(col)])
        self.col = col
        self.rows = None if rows is None else np.asarray(rows, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.col) if self.rows is None else len(self.rows)

    @staticmethod
    def _one(a) -> pa.Array:
        if isinstance(a, pa.ChunkedArray):
            a = a.combine_chunks() if a.num_chunks else pa.array([], a.type)
        return a if pa.types.is_large_string(a.type) else a.cast(pa.large_string())

    def part(self, lo: int, n: int) -> pa.Array:
        if self.rows is None:
            return self._one(self.col.slice(lo, n))
        return self.take(np.arange(lo, min(lo + n, len(self)), dtype=np.int64))

    def take(self, idx) -> pa.Array:
        from ..io import _take_chunked

        idx = np.asarray(idx, dtype=np.int64)
        rows = idx if self.rows is None else self.rows[idx]
        if self.col.num_chunks > 1:
            # Arrow's take on a chunked array concatenates every chunk first: at 1M accounts a 3.3 GB
            # copy per prompt chunk (the second 1M run swung between 10 and 17 GB here and was stopped)
            return self._one(_take_chunked(self.col, rows))
        return self._one(self.col.take(pa.array(rows)))


@dataclass
class _Tokens:
    """Masked tokens of ``n_docs`` texts, flat and in document order."""

    n_docs: int
    doc: np.ndarray  # int32 document of each token
    pos: np.ndarray  # int32 position of the token within its (masked, windowed) document
    code: np.ndarray  # int32 index into ``vocab``
    vocab: np.ndarray  # object: masked token strings
    vocab_hash: np.ndarray  # uint64 stable hash of each vocab entry
    lens: np.ndarray  # int64 tokens per document
    content: np.ndarray | None = None  # bool per vocab entry: not a stopword nor a placeholder

    @property
    def hash(self) -> np.ndarray:
        return self.vocab_hash[self.code]


def _str_buffers(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(offsets int64 of length n+1, data uint8) of a large_string array, zero-copy."""
    n = len(arr)
    bufs = arr.buffers()
    offs = np.frombuffer(bufs[1], np.int64)[arr.offset: arr.offset + n + 1] if bufs[1] is not None else np.zeros(n + 1, np.int64)
    data = np.frombuffer(bufs[2], np.uint8) if len(bufs) > 2 and bufs[2] is not None else np.zeros(0, np.uint8)
    return offs, data


def _rows_with_bytes(arr: pa.Array, bytes_: list[int]) -> list[np.ndarray]:
    """For each byte value, bool per row: the row's UTF-8 bytes contain it.

    One pass over the data buffer: a lookup table maps each byte to a bit, and
    ``np.bitwise_or.reduceat`` ORs the bits per row (no ``np.searchsorted``).
    Bytes >= 0x80 are looked for only in the rows that are not pure ASCII
    (``pc.string_is_ascii``, about 10x faster than the table lookup), which in
    most logs are a few percent. ASCII bytes are found over all rows by
    :func:`_rows_with_ascii_byte`.
    """
    n = len(arr)
    out = [np.zeros(n, bool) for _ in bytes_]
    asc = [i for i, b in enumerate(bytes_) if b < 0x80]
    non = [i for i, b in enumerate(bytes_) if b >= 0x80]
    for i in asc:
        out[i] = _rows_with_ascii_byte(arr, bytes_[i])
    if non and n:
        rows = np.flatnonzero(~pc.fill_null(pc.string_is_ascii(arr), True).to_numpy(zero_copy_only=False))
        if len(rows):
            sub = arr.take(pa.array(rows))
            for i, hit in zip(non, _bytes_per_row(sub, [bytes_[i] for i in non])):
                out[i][rows] = hit
    return out


def _rows_with_ascii_byte(arr: pa.Array, b: int) -> np.ndarray:
    """bool per row: the row's UTF-8 bytes contain ``b``.

    Meant for bytes that are rare in text (the quotes and backticks of :func:`_mask_spans`): one vectorised
    comparison over the data buffer finds their positions, and a binary search of the offsets gives their
    rows. At 200k prompts (38 MB) it takes a third of the time of the table lookup and ``reduceat`` per row
    of :func:`_rows_with_any` (41 against 122 ms for three bytes); its cost grows with the occurrences, so
    a byte in most words would want the table instead.
    """
    n = len(arr)
    hit = np.zeros(n, bool)
    if n == 0:
        return hit
    offs, data = _str_buffers(arr)
    lo, hi = int(offs[0]), int(offs[-1])
    at = np.flatnonzero(data[lo:hi] == b)
    if len(at):
        # the row of byte p: the last row starting at or before p (side="right" skips empty rows there)
        hit[np.searchsorted(offs, at + lo, side="right") - 1] = True
    return hit


def _bytes_per_row(arr: pa.Array, bytes_: list[int]) -> list[np.ndarray]:
    if len(bytes_) > 8:  # one bit per byte value in a uint8 table
        return _bytes_per_row(arr, bytes_[:8]) + _bytes_per_row(arr, bytes_[8:])
    return _rows_with_any(arr, [[b] for b in bytes_])


def _rows_with_any(arr: pa.Array, groups: list[list[int]]) -> list[np.ndarray]:
    """For each of at most eight groups of byte values, bool per row: the row holds one of them (one pass
    over the bytes: a table maps each byte to its groups' bits, ``np.bitwise_or.reduceat`` ORs them per row)."""
    assert len(groups) <= 8
    n = len(arr)
    offs, data = _str_buffers(arr)
    if n == 0 or offs[-1] == offs[0]:
        return [np.zeros(n, bool) for _ in groups]
    lut = np.zeros(256, np.uint8)
    for i, g in enumerate(groups):
        lut[np.asarray(g)] |= np.uint8(1 << i)
    flags = lut[data[offs[0]:offs[-1]]]
    starts = offs[:-1] - offs[0]
    nonempty = offs[1:] > offs[:-1]
    per_row = np.zeros(n, np.uint8)
    if nonempty.any():
        per_row[nonempty] = np.bitwise_or.reduceat(flags, starts[nonempty])
    return [(per_row & np.uint8(1 << i)) > 0 for i in range(len(groups))]


def _replace_rows(arr: pa.Array, rows: np.ndarray, fn) -> pa.Array:
    """``arr`` with ``fn`` applied to the rows where ``rows`` is True only (others untouched)."""
    if not rows.any():
        return arr
    if rows.all():
        return fn(arr)
    idx = np.flatnonzero(rows)
    new = fn(arr.take(pa.array(idx)))
    return pc.replace_with_mask(arr, pa.array(rows), new)


def _mask_spans(arr: pa.Array) -> pa.Array:
    # the trigger's last byte, found with numpy, selects the rows (a superset: replacing one kind of span
    # adds no trigger byte of another); the regex runs on those rows only
    hits = _rows_with_bytes(arr, [t.encode()[-1] for t, _, _ in _SPAN_MASKS])
    # the rows with any trigger are taken once and put back once: each kind's regex runs on the same
    # rows, in the same order, as when each kind was replaced in the whole chunk (5 whole-chunk copies
    # by ``pc.replace_with_mask`` otherwise, ~9 ms each per 200k prompts)
    any_hit = np.logical_or.reduce(hits)

    def mask(a: pa.Array) -> pa.Array:
        for (trigger, pattern, rep), rows in zip(_SPAN_MASKS, hits):
            a = _replace_rows(a, rows[any_hit], lambda x, pattern=pattern, rep=rep:
                              pc.replace_substring_regex(x, pattern, rep))
        return a

    return _replace_rows(arr, any_hit, mask)


#: letters of other scripts that look like Latin ones (Unicode TR39 confusables, the common ones), for
#: :func:`_fold_unicode`: a prompt whose words mix them with Latin letters ("problеm" with a Cyrillic е) is
#: read as the Latin text it shows
_CONFUSABLES = str.maketrans(
    # Cyrillic
    "аеорсухіјѕԁԛԝһӏАВЕКМНОРСТХУІЈЅ"
    # Greek
    "αορνικυϲϳΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"
    # Armenian
    "օսհոզ",
    "aeopcyxijsdqwhl" "ABEKMHOPCTXYIJS"
    "aopvikucj" "ABEZHIKMNOPTYX"
    "ouhnq")
#: characters that show nothing: format characters (zero-width spaces and joiners, soft hyphens, word
#: joiners, tag characters), variation selectors and the combining grapheme joiner (marks, but invisible)
_INVISIBLE = r"[\p{Cf}\x{FE00}-\x{FE0F}\x{E0100}-\x{E01EF}\x{034F}]"
#: the space characters (Unicode Zs but the ASCII space, and the line and paragraph separators) and the
#: first bytes of their UTF-8
_SPACES = r"[\x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]"
_SPACE_LEADS = [0xC2, 0xE1, 0xE2, 0xE3]
#: first bytes of the UTF-8 of the forms NFKC folds that an evasion or a pasted text uses, spaces apart:
#: fullwidth forms, ligatures and presentation forms (U+F000-FFFF), mathematical letters (U+1D400-) and
#: combining marks (an accent written apart is composed); rarer compatibility characters (superscripts,
#: letterlike symbols, compatibility letters of Latin Extended, Arabic or Indic) are left as written
_NFKC_LEADS = [0xCC, 0xCD, 0xEF, 0xF0]
#: ... of the invisible characters (:data:`_INVISIBLE`)
_INVISIBLE_LEADS = [0xC2, 0xCD, 0xD8, 0xDB, 0xDC, 0xE0, 0xE1, 0xE2, 0xEF, 0xF0, 0xF3]
#: ... of the look-alike letters (:data:`_CONFUSABLES`: Greek, Cyrillic, Armenian)
_CONFUSABLE_LEADS = [0xCE, 0xCF, 0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6]


def _confusable_table() -> np.ndarray:
    """uint8 per 16-bit pair of UTF-8 bytes: the ASCII letter a two-byte look-alike stands for, else 0 (every
    letter of :data:`_CONFUSABLES` is two bytes in UTF-8)."""
    table = np.zeros(1 << 16, np.uint8)
    for src, dst in _CONFUSABLES.items():
        b = chr(src).encode()
        assert len(b) == 2
        table[(b[0] << 8) | b[1]] = dst
    return table


_CONFUSABLE_TABLE = _confusable_table()


def _fold_confusables(arr: pa.Array) -> pa.Array:
    """``arr`` (large_string, no nulls) with the look-alike letters of every word that also holds an ASCII
    letter made Latin ("problеm" -> "problem"); words without one ("привет") stay. One numpy pass over the
    bytes: a look-alike is a two-byte sequence, replaced by its letter, its second byte dropped."""
    offs, data = _str_buffers(arr)
    lo, hi = int(offs[0]), int(offs[-1])
    d = data[lo:hi]
    if len(d) < 2:
        return arr
    pair = (d[:-1].astype(np.uint16) << 8) | d[1:]
    to = _CONFUSABLE_TABLE[pair]
    at = np.flatnonzero(to)
    if len(at) == 0:
        return arr
    # words: split at ASCII whitespace and at row starts; a word folds when it holds an ASCII letter
    space = (d == 32) | ((d >= 9) & (d <= 13))
    start = np.zeros(len(d), bool)
    start[(offs[:-1] - lo)[offs[:-1] < hi]] = True
    word = np.cumsum(space | start)
    letter = ((d | 0x20) >= 97) & ((d | 0x20) <= 122)
    latin = np.bincount(word, weights=letter, minlength=int(word[-1]) + 1) > 0
    at = at[latin[word[at]]]
    if len(at) == 0:
        return arr
    out = d.copy()
    out[at] = to[at]
    keep = np.ones(len(d), bool)
    keep[at + 1] = False
    kept = np.r_[0, np.cumsum(keep)]
    new_offs = kept[offs - lo].astype(np.int64)
    return pa.LargeStringArray.from_buffers(len(arr), pa.py_buffer(new_offs), pa.py_buffer(out[keep]))


def _fold_unicode(arr: pa.Array) -> pa.Array:
    """Text as it reads, not as it is encoded, in the rows that are not plain ASCII (a few percent of most
    logs): no-break, em, ideographic and the other space characters become spaces (:data:`_SPACES`),
    invisible characters go (zero-width spaces and joiners, soft hyphens, word joiners, variation
    selectors: :data:`_INVISIBLE`), fullwidth forms, ligatures, mathematical letters and accents written
    apart get their plain form (NFKC: "ＳＯＬＶＥ" -> "SOLVE", "ﬁ" -> "fi", "𝐬𝐨𝐥𝐯𝐞" -> "solve"), and
    in words that hold an ASCII letter, look-alike Cyrillic, Greek or Armenian letters become Latin
    (:func:`_fold_confusables`: "problеm" with a Cyrillic е). A no-break space joined two words into one
    token, and a ring that spaced or spelt its template so per account had none of its shingles in common;
    text in one script is left as it is. Each step runs only on the rows holding a lead byte of what it changes.

    >>> _fold_unicode(pa.array(["step\u00a0by step", "ＳＯＬＶＥ it", "pro\u200bblеm", "привет мир", "ok",
    ...                         "problеm: реши", "so\ufe0flve", "caf\u0065\u0301"], pa.large_string())).to_pylist()
    ['step by step', 'SOLVE it', 'problem', 'привет мир', 'ok', 'problem: реши', 'solve', 'café']
    """
    if len(arr) == 0:
        return arr
    non_ascii = ~pc.fill_null(pc.string_is_ascii(arr), True).to_numpy(zero_copy_only=False)

    def fold(a: pa.Array) -> pa.Array:
        a = pc.fill_null(a, "").cast(pa.large_string())
        # each step only on the rows holding a lead byte of what it changes (lead bytes of UTF-8 are never
        # continuation bytes); one pass over the bytes finds them. Curly quotes and dashes share a lead byte
        # with the spaces and the invisible characters, so most non-ASCII rows go through those two regex
        # replacements; NFKC (several times slower) runs only on rows holding a lead byte of the forms it
        # is for, the look-alike fold on Greek, Cyrillic and Armenian rows
        spaces, invisible, nfkc, conf = _rows_with_any(a, [_SPACE_LEADS, _INVISIBLE_LEADS, _NFKC_LEADS,
                                                           _CONFUSABLE_LEADS])
        a = _replace_rows(a, spaces, lambda x: pc.replace_substring_regex(x, _SPACES, " "))
        a = _replace_rows(a, invisible, lambda x: pc.replace_substring_regex(x, _INVISIBLE, ""))
        a = _replace_rows(a, nfkc, lambda x: pc.utf8_normalize(x, "NFKC"))
        return _replace_rows(a, conf, _fold_confusables)

    return _replace_rows(arr, non_ascii, fold)


def _normalise_vocab(raw: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Masked form of each distinct raw token; returns (norm strings, is_placeholder)."""
    n = len(raw)
    if n == 0:
        return np.zeros(0, dtype=object), np.zeros(0, bool)

    def m(pattern, arr=raw):
        return pc.fill_null(pc.match_substring_regex(arr, pattern), False).to_numpy(zero_copy_only=False)

    # letters, marks and digits of every script (RE2's \w is ASCII only: "étape" became "tape", Cyrillic nothing)
    core = pc.replace_substring_regex(raw, r"^[^\pL\pM\pN_<>]+|[^\pL\pM\pN_<>]+$", "")
    out = np.empty(n, dtype=object)
    # a "/" inside a word stays ("answer/complete", "and/or"): dropped, it glued the words into one
    # ("answercomplete") in the exemplars investigators read (tester 56); other punctuation goes
    word = pc.replace_substring_regex(core, r"[^\pL\pM\pN_/]+", "").to_numpy(zero_copy_only=False)
    out[:] = word
    is_ph = np.zeros(n, bool)
    rules = [
        ("<id>", m(r"\d", core)),
        ("<hex>", m(r"^(?:0x[0-9a-f]+|[0-9a-f]*\d[0-9a-f]*[a-f][0-9a-f]*|[0-9a-f]*[a-f][0-9a-f]*\d[0-9a-f]*)$", core)
         & (pc.utf8_length(core).to_numpy(zero_copy_only=False) >= 8)),
        ("<num>", m(r"^[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?%?$", core)),
        ("<ip>", m(r"^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?$", core)),
        ("<uuid>", m(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")),
        ("<email>", m(r"^[^@\s]+@[\w-]+\.[\w.-]+")),
        ("<url>", m(r"^[^\w]*(?:https?://|www\.)")),
    ]
    for ph, hit in rules:  # later rules win
        out[hit] = ph
        is_ph |= hit
    core_np = core.to_numpy(zero_copy_only=False)
    lit = np.isin(core_np, np.array(PLACEHOLDERS, dtype=object))
    out[lit] = core_np[lit]
    is_ph |= lit
    return out, is_ph


def _split_ideographs(arr: pa.Array) -> pa.Array:
    """Chinese and Japanese characters as words of their own.

    These scripts write no spaces between words, so a whole clause would be
    one token and a template's fixed text would fuse with its slot value;
    one token per character (shingles are then character k-grams, as in
    common CJK text analysers) keeps template text and slot text apart.
    Only rows holding a UTF-8 lead byte of U+3000-U+9FFF are rewritten.
    """
    rows = np.logical_or.reduce(_rows_with_bytes(arr, list(range(0xE3, 0xEA))))
    return _replace_rows(arr, rows, lambda a: pc.replace_substring_regex(
        a, r"([\p{Han}\p{Hiragana}\p{Katakana}])", r" \1 "))


#: stands for a chain-of-thought request inside :func:`_strip_reasoning`
_MARK = "\x01"


def _reasoning_sentence(n: int) -> str:
    """RE2 pattern of a sentence holding a marked request and at most ``n`` other words either side.

    A word is any token; punctuation-only tokens may also count as glue (the bound is an upper one,
    so the ambiguity only lets more sentences match). No Unicode classes: they made RE2's automaton
    ~10x slower (0.6 s per 200k prompts).
    """
    end, mark = _SENTENCE_END, _MARK
    word = f"[^\\s{end}{mark}]+"
    glue = f"(?:\\s+|{mark}|[{_PUNCT}]+)*"
    return f"(^|[{end}]){glue}(?:{word}{glue}){{0,{n}}}{mark}{glue}(?:{word}{glue}){{0,{n}}}(?:[{end}]+|$)"


def _strip_reasoning(arr: pa.Array, max_other_words: int = 4, min_bytes: int = 16) -> pa.Array:
    """Texts without their chain-of-thought requests ("Let's think step by step.").

    Every :data:`REASONING_PATTERN` match is cut. A sentence that is little
    more than such a request (at most ``max_other_words`` other words before
    the first match and after it: "Let's think step by step and be careful.")
    is cut whole, so its wording does not stay behind. A sentence that asks
    for reasoning *about* the task ("Solve the following problem step by
    step: ...") keeps its other words: they are the template. Where cutting
    would leave less than ``min_bytes`` bytes (the request is the whole
    instruction), only the matches are cut. Only rows with a match are
    rewritten.
    """
    if len(arr) == 0:
        return arr
    hit = pc.fill_null(pc.match_substring_regex(arr, REASONING_PATTERN, ignore_case=True), False)
    rows = hit.to_numpy(zero_copy_only=False).astype(bool)
    mark, sentence = _MARK, _reasoning_sentence(max_other_words)

    def strip(a: pa.Array) -> pa.Array:
        # a marker already in the text would pass for a request (its short sentence cut) and turn into a
        # space; removed first, it joins its neighbours as it does when nothing is stripped
        a = pc.replace_substring(a, mark, "")
        marked = pc.replace_substring_regex(a, f"(?i)(?:{REASONING_PATTERN})", f" {mark} ")
        out = marked
        for _ in range(2):  # a match takes the next sentence's opening terminator: twice catches neighbours
            out = pc.replace_substring_regex(out, sentence, "\\1 ")
        out = pc.replace_substring(out, mark, " ")
        short = pc.less(pc.binary_length(pc.utf8_trim_whitespace(out)), min_bytes)
        short = pc.fill_null(short, False).to_numpy(zero_copy_only=False).astype(bool)
        return _replace_rows(out, short, lambda _: pc.replace_substring(
            marked.filter(pa.array(short)), mark, " "))

    return _replace_rows(arr, rows, strip)


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``concatenate([arange(s, s + c) for s, c in zip(starts, counts)])``, vectorised (int64).

    >>> _ranges(np.array([5, 0, 9]), np.array([2, 0, 3])).tolist()
    [5, 6, 9, 10, 11]
    """
    counts = np.asarray(counts, np.int64)
    first = np.cumsum(counts) - counts  # where each range begins in the output
    return np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(np.asarray(starts, np.int64) - first, counts)


def _positions(lens: np.ndarray, n: int) -> np.ndarray:
    """int32 position of each of ``n`` tokens within its text, the texts holding ``lens`` tokens in order.

    ``arange - repeat(starts)`` rather than ``arange - starts[doc]``: a repeat instead of a gather per
    token, in int32 when the count fits (13 against 56 ms for 5M tokens).

    >>> _positions(np.array([2, 0, 3]), 5).tolist()
    [0, 1, 0, 1, 2]
    """
    starts = np.cumsum(lens) - lens
    if n < 2**31 - 1:
        return np.arange(n, dtype=np.int32) - np.repeat(starts.astype(np.int32), lens)
    return (np.arange(n, dtype=np.int64) - np.repeat(starts, lens)).astype(np.int32)


def _line_hashes(arr: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, pa.Array]:
    """The lines of texts (split at ``\\n``, each trimmed of ASCII white space): ``(text, hash, empty)`` per line,
    in text order (``text``: int64 row of ``arr``; ``hash``: uint64 of the trimmed line with every run of digits
    read as one 0, so a message that carries the day or the hour, "March 5" or "March 15", is one line; ``empty``:
    bool), and the lines as written (:func:`_strip_lines` joins the ones it keeps)."""
    lists = pc.split_pattern(pc.fill_null(arr, ""), "\n")
    text = pc.list_parent_indices(lists).to_numpy().astype(np.int64, copy=False)
    raw = pc.list_flatten(lists)
    lines = pc.ascii_trim_whitespace(raw)
    del lists
    lines = lines.cast(pa.large_string()) if not pa.types.is_large_string(lines.type) else lines
    empty = pc.equal(pc.binary_length(lines), 0).to_numpy(zero_copy_only=False)
    offs, data = _str_buffers(lines)
    lo, hi = int(offs[0]), int(offs[-1])
    data = data[lo:hi]
    digit = (data >= 48) & (data <= 57)
    if digit.any():  # a few passes over the bytes (a regex replacement took 7 s per 6M lines)
        starts = np.zeros(len(data) + 1, bool)
        starts[offs - lo] = True
        # a digit after a digit of the same line goes; the run's first digit reads 0
        drop = digit & np.r_[False, digit[:-1]] & ~starts[:-1]
        gone = np.r_[0, np.cumsum(drop)]
        new_offs = (offs - lo) - gone[offs - lo]
        data = np.where(digit, np.uint8(48), data)[~drop]
        lines = pa.Array.from_buffers(pa.large_string(), len(lines), [None, pa.py_buffer(new_offs.astype(np.int64)),
                                                                      pa.py_buffer(np.ascontiguousarray(data))])
    del digit
    h = pd.util.hash_pandas_object(pd.Series(pd.arrays.ArrowStringArray(lines)), index=False).to_numpy(np.uint64)
    return text, h, empty, raw


def _multiline_rows(arr: pa.Array) -> np.ndarray:
    """Rows of ``arr`` with a line break (int64)."""
    return np.flatnonzero(_rows_with_ascii_byte(arr, 10))


def _boilerplate_line_marks(text: np.ndarray, h: np.ndarray, empty: np.ndarray, n: int,
                            lines: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Which lines are counted and which are stripped, from :func:`_line_hashes` of ``n`` texts: a text counts
    only with two non-empty lines or more (a popular one-line prompt is the whole request, not text around one);
    of those, a line in ``lines`` (sorted hashes; None: none) is stripped unless every non-empty line of its text
    is (a request that is all boilerplate stays as it is). Returns ``(counted, stripped)``, bool per line."""
    full = np.bincount(text[~empty], minlength=n)
    counted = ~empty & (full[text] >= 2)
    if lines is None or not len(lines):
        return counted, np.zeros(len(h), bool)
    hit = counted & _in_sorted(h, lines)
    n_hit = np.bincount(text[hit], minlength=n)
    return counted, hit & (n_hit[text] < full[text])


def boilerplate_lines(prompts, account: np.ndarray, share: float, min_accounts: int, chunk_size: int = 200_000,
                      sample_accounts: int = 5_000, min_coverage: float = 0.5, account_hash: np.ndarray | None = None,
                      max_prompts_per_account: int = 64) -> np.ndarray:
    """Sorted uint64 hashes of the lines (:func:`_line_hashes`) that more than ``share`` of the accounts sending
    prompts (and at least ``min_accounts`` of them) send with most of their requests: a chat API's or an SDK's
    default system message, which a chat log puts on its own line(s) before every request
    (:func:`graphhunt.io.chat_message_text`). :func:`_tokenise` strips them (``strip_lines``) before the head
    window is taken, so the message neither joins every template to every other nor takes the window's tokens.

    Lines are counted over texts of two lines or more (a popular one-line prompt is the whole request). A holder
    must send the line in at least ``min_coverage`` of its prompts, at the median over the holders: a system
    message goes with every request of its client, while a popular template's own line ("Rules:", "You will:",
    held by up to 81 % of a world's accounts in the 35 world draws, by the median holder in at most 16 % of its
    prompts) goes with the requests of that template only, and stays template text.

    Above ``sample_accounts`` accounts the holders are counted on a fixed sample of that many accounts and scaled:
    a line of a quarter of the platform is held by about a quarter of the sample (the share's standard error on
    5,000 accounts is at most 0.7 %). The sample is chosen by ``account_hash`` (uint64 per account code: a hash of
    the account id, so that the sample does not move with the codes' order; without it, by a hash of the code),
    and of each sampled account its first ``max_prompts_per_account`` prompts are read (the coverage is a share,
    which they estimate): the pass reads at most 320,000 prompts.

    A ring that is more than ``share`` of the input, with a template line in most of its prompts (an export of
    suspect accounts), loses that line too: the caller says so in a warning.

    >>> acc = np.repeat(np.arange(600), 2)
    >>> words = [a + b + c for a in "bdfgk" for b in "aeiou" for c in "lmnprstvz"]  # 225 words, no digits
    >>> texts = [f"You are a helpful assistant.\\nquestion {words[i % 225]} {words[i // 225]}" for i in range(1200)]
    >>> len(boilerplate_lines(pd.Series(texts), acc, 0.25, 500)), len(boilerplate_lines(pd.Series(texts), acc, 0.0, 500))
    (1, 0)
    """
    arr = prompts if isinstance(prompts, _Rows) else _Rows(prompts)
    empty = np.zeros(0, np.uint64)
    account = np.asarray(account, np.int64)
    if share <= 0 or not len(arr):
        return empty
    present = np.bincount(account)
    n_acc = int(np.count_nonzero(present))
    need = max(int(min_accounts), int(np.floor(share * n_acc)) + 1)
    if need > n_acc:
        return empty
    rows = np.arange(len(arr), dtype=np.int64)
    scale = 1.0
    if n_acc > sample_accounts:
        codes = np.flatnonzero(present)
        key = (np.asarray(account_hash, np.uint64)[codes] if account_hash is not None
               else codes.astype(np.uint64) + np.uint64(0x51ED270B))
        with np.errstate(over="ignore"):
            u = (_mix64(key) >> np.uint64(11)).astype(np.float64) / 2.0 ** 53
        chosen = np.zeros(len(present), bool)
        chosen[codes[u < sample_accounts / n_acc]] = True
        rows = rows[chosen[account]]
        scale = max(1, int(np.count_nonzero(chosen))) / n_acc
    if max_prompts_per_account > 0 and len(rows):
        o = np.argsort(account[rows], kind="stable")  # each account's prompts in their order
        a_s = account[rows][o]
        first = np.flatnonzero(np.r_[True, a_s[1:] != a_s[:-1]])
        rank = np.arange(len(o)) - np.repeat(first, np.diff(np.r_[first, len(o)]))
        rows = np.sort(rows[o[rank < max_prompts_per_account]])
    uses = []
    step = chunk_size if chunk_size > 0 else max(len(rows), 1)
    for lo in range(0, len(rows), step):
        part = arr.take(rows[lo:lo + step])
        multi = _multiline_rows(part)
        if not len(multi):
            continue
        text, h, emp, _ = _line_hashes(part.take(pa.array(multi)))
        counted, _ = _boilerplate_line_marks(text, h, emp, len(multi), None)
        one = pd.DataFrame({"t": text[counted], "h": h[counted]}).drop_duplicates()  # a text uses a line once
        one["a"] = account[rows[lo:lo + step][multi[one["t"].to_numpy()]]]
        uses.append(one.groupby(["a", "h"], sort=False).size().rename("n").reset_index())
    if not uses:
        return empty
    held = pd.concat(uses, ignore_index=True).groupby(["a", "h"], sort=False)["n"].sum().reset_index()
    by_line = held.groupby("h", sort=False)["a"].size()
    wide = by_line.index.to_numpy(np.uint64)[by_line.to_numpy() >= need * scale]
    if not len(wide):
        return empty
    held = held[held["h"].isin(wide)]
    cover = held["n"].to_numpy() / np.bincount(account[rows])[held["a"].to_numpy()]
    med = pd.Series(cover).groupby(held["h"].to_numpy()).median()
    return np.sort(med.index.to_numpy(np.uint64)[med.to_numpy() >= min_coverage])


def boilerplate_lines_message(n: int, share: float, min_accounts: int) -> str:
    """What :func:`boilerplate_lines` found, said to the user (no line's text: prompts are private)."""
    return (f"prompts: {n} line(s) that more than {share:.0%} of the accounts sending prompts (and at least "
            f"{min_accounts}) send with most of their requests are left out of every prompt as boilerplate (a "
            f"default system message?); if a ring's own template line is that widespread in this input (an export of "
            f"suspect accounts), set prompts.boilerplate_line_share=0")


def _strip_lines(arr: pa.Array, lines: np.ndarray) -> pa.Array:
    """``arr`` (large_string) without the lines :func:`_boilerplate_line_marks` strips (the others as they were,
    joined by ``\\n``: the text the request would be without those lines); texts without such a line are
    untouched."""
    multi = _multiline_rows(arr)
    if not len(multi):
        return arr
    sub = arr.take(pa.array(multi))
    text, h, emp, raw = _line_hashes(sub)
    _, stripped = _boilerplate_line_marks(text, h, emp, len(multi), lines)
    if not stripped.any():
        return arr
    has = np.zeros(len(multi), bool)
    has[text[stripped]] = True
    kept = raw.filter(pa.array(~stripped))  # as written: only the lines left out change
    offs = np.r_[0, np.cumsum(np.bincount(text[~stripped], minlength=len(multi)))].astype(np.int32)
    joined = pc.binary_join(pa.ListArray.from_arrays(pa.array(offs), kept), pa.scalar("\n", kept.type)).cast(arr.type)
    rows = np.zeros(len(arr), bool)
    rows[multi[has]] = True
    return pc.replace_with_mask(arr, pa.array(rows), joined.filter(pa.array(has)))


def _tokenise(prompts, head_tokens: int = 0, tail_tokens: int = 0, lowercase: bool = True,
              strip_reasoning: bool = False, strip_lines: np.ndarray | None = None) -> _Tokens:
    """Mask and tokenise texts into flat arrays (see module doc, step 1).

    ``head_tokens``/``tail_tokens`` > 0 keep only that many tokens at the start
    and end of each text (a char-level pre-cut keeps splitting cheap).
    ``strip_reasoning`` removes chain-of-thought requests after masking
    (:func:`_strip_reasoning`; quoted spans are masked by then, so a quoted
    "step by step" in a slot value stays). ``strip_lines`` (sorted hashes from :func:`boilerplate_lines`):
    those lines are taken out first (:func:`_strip_lines`), before the window.
    """
    arr = _to_arrow(prompts)
    n_docs = len(arr)
    arr = pc.fill_null(arr, "")
    if strip_lines is not None and len(strip_lines):
        arr = _strip_lines(arr if pa.types.is_large_string(arr.type) else arr.cast(pa.large_string()), strip_lines)
    if head_tokens > 0 and tail_tokens >= 0:
        hc, tc = 12 * head_tokens, 12 * tail_tokens
        offs, _ = _str_buffers(arr)
        long_ = np.diff(offs) > hc + tc + 1

        def cut(a):
            parts = [pc.utf8_slice_codeunits(a, 0, hc)]
            if tc:
                parts.append(pc.utf8_slice_codeunits(a, -tc))
            return pc.binary_join_element_wise(*parts, pa.scalar(" ", pa.large_string())) if tc else parts[0]

        arr = _replace_rows(arr, long_, cut)
    arr = _fold_unicode(arr)
    if lowercase:
        arr = pc.utf8_lower(arr)
    arr = _mask_spans(arr)
    if strip_reasoning:
        arr = _strip_reasoning(arr)
    arr = _split_ideographs(arr)
    lists = pc.ascii_split_whitespace(arr)  # UTF-8 safe: multibyte sequences hold no ASCII bytes
    offsets = lists.offsets.to_numpy()
    enc = pc.dictionary_encode(lists.flatten())
    del lists, arr
    idx = enc.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
    norm, is_ph = _normalise_vocab(enc.dictionary)
    del enc
    ncode, nvocab = pd.factorize(pd.Series(norm, dtype=object))
    nvocab = np.asarray(nvocab, dtype=object)
    ph_of_norm = np.zeros(len(nvocab), bool)
    ph_of_norm[ncode[is_ph]] = True
    code = ncode.astype(np.int32)[idx] if len(idx) else np.zeros(0, np.int32)
    del idx
    doc = np.repeat(np.arange(n_docs, dtype=np.int32), np.diff(offsets))
    # (each filter below copies the token arrays only when it removes something: a whole-chunk copy is
    # 10-20 ms per 200k prompts)
    empty = np.flatnonzero(nvocab == "")
    if len(empty):
        keep = code != empty[0]
        if not keep.all():
            code, doc = code[keep], doc[keep]
        del keep
    # collapse runs of one placeholder ("<quote> : <quote>" -> "<quote>")
    if len(code):
        dup = np.r_[False, (code[1:] == code[:-1]) & (doc[1:] == doc[:-1])] & ph_of_norm[code]
        if dup.any():
            code, doc = code[~dup], doc[~dup]
        del dup
    lens = np.bincount(doc, minlength=n_docs).astype(np.int64)
    pos = _positions(lens, len(code))
    if head_tokens > 0 and len(code):
        # keep a text's first head_tokens and last tail_tokens tokens (pos < head or pos >= len - tail):
        # only texts longer than both lose tokens, the middle ones, and their tail tokens move up by as
        # many. Worked out on those texts' ranges: the same tokens and positions as filtering every token
        # and counting the positions again (4 whole-chunk passes fewer, 0.1 s per 200k prompts)
        cut = np.maximum(lens - head_tokens - tail_tokens, 0)
        long_ = np.flatnonzero(cut)
        if len(long_):
            starts = np.cumsum(lens) - lens
            keep = np.ones(len(code), bool)
            keep[_ranges(starts[long_] + head_tokens, cut[long_])] = False
            tail = _ranges(starts[long_] + head_tokens + cut[long_], np.full(len(long_), tail_tokens))
            pos[tail] -= np.repeat(cut[long_], tail_tokens).astype(np.int32)
            code, doc, pos = code[keep], doc[keep], pos[keep]
            lens = lens - cut
            del keep, tail, starts
    vh = pd.util.hash_array(nvocab, categorize=False).astype(np.uint64)
    # (a set lookup per vocab entry: np.isin on object arrays compares Python objects, 30 ms per chunk)
    content = ~(np.fromiter((v in STOPWORDS for v in nvocab), bool, len(nvocab)) | ph_of_norm)
    return _Tokens(n_docs=n_docs, doc=doc, pos=pos, code=code, vocab=nvocab, vocab_hash=vh,
                   lens=lens, content=content)


def mask_prompts(prompts: pd.Series, head_tokens: int = 0, tail_tokens: int = 0) -> pd.Series:
    """Mask variable parts of prompts, lowercase them and drop punctuation (a ``/`` inside a word stays).

    Parameters
    ----------
    prompts : Series of str
    head_tokens, tail_tokens : int
        If ``head_tokens > 0``, keep only the first ``head_tokens`` and the last
        ``tail_tokens`` masked tokens of each prompt.

    Examples
    --------
    >>> mask_prompts(pd.Series(['Solve problem 17: "x+1", then mail a@b.io'])).iloc[0]
    'solve problem <num> <quote> then mail <email>'
    """
    tk = _tokenise(prompts, head_tokens, tail_tokens)
    return _join_tokens(tk, np.arange(tk.n_docs), index=getattr(prompts, "index", None))


def _join_tokens(tk: _Tokens, docs: np.ndarray, index=None, keep: np.ndarray | None = None) -> pd.Series:
    """Token strings of ``docs`` joined by spaces (tokens with ``keep`` False become '…')."""
    sel = np.isin(tk.doc, docs)
    words = tk.vocab[tk.code[sel]].astype(object)
    if keep is not None:
        words = np.where(keep[sel], words, "…")
    d = tk.doc[sel]  # tokens are stored doc by doc, so d is sorted
    if len(d):
        starts = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
        # one Arrow list per doc, joined in C (a Python join per doc took ~3 s per 20k prompts)
        lists = pa.LargeListArray.from_arrays(pa.array(np.r_[starts, len(d)].astype(np.int64)),
                                              pa.array(words, pa.large_string()))
        s = pd.Series(pc.binary_join(lists, pa.scalar(" ", pa.large_string())).to_numpy(zero_copy_only=False),
                      index=d[starts], dtype=object)
    else:
        s = pd.Series([], dtype=object)
    out = s.reindex(docs).fillna("")
    if index is not None and len(index) == len(docs):
        out.index = index
    else:
        out = out.reset_index(drop=True)
    return out.astype(object)


def reasoning_flags(prompts: pd.Series) -> np.ndarray:
    """True where a prompt asks for step-by-step reasoning / chain of thought.

    >>> reasoning_flags(pd.Series(["Solve it step by step", "Translate: hi", None])).tolist()
    [True, False, False]
    >>> reasoning_flags(pd.Series(["Resuelve paso a paso", "Erkläre deinen Gedankengang", "请一步一步地思考",
    ...                            "Explica tu razonamiento", "Traduis ce texte", "el razonamiento del autor"])).tolist()
    [True, True, True, True, False, False]
    >>> reasoning_flags(pd.Series(["Solve it step\u00a0by\u00a0step", "Solve it stеp by stеp", "ｓｔｅｐ ｂｙ ｓｔｅｐ"])).tolist()
    [True, True, True]
    """
    src = prompts if isinstance(prompts, _Rows) else _Rows(prompts)
    col = src.col if src.rows is None else src.col.take(pa.array(src.rows))  # chunk by chunk, never combined: the column is not combined or cast first
    if len(col) == 0:
        return np.zeros(0, bool)
    hit = pc.fill_null(pc.match_substring_regex(col, REASONING_PATTERN, ignore_case=True), False)
    hit = hit.to_numpy(zero_copy_only=False).astype(bool)
    # the rows that are not plain ASCII again, as they read (a no-break space or a Cyrillic е in "step by
    # step" hid the request): :func:`_fold_unicode`
    rows = np.flatnonzero(~pc.fill_null(pc.string_is_ascii(col), True).to_numpy(zero_copy_only=False))
    if len(rows):
        sub = _fold_unicode(_Rows._one(col.take(pa.array(rows))))
        hit[rows] = pc.fill_null(pc.match_substring_regex(sub, REASONING_PATTERN, ignore_case=True),
                                 False).to_numpy(zero_copy_only=False)
    return hit


def _reasoning_without_lines(prompts: "_Rows", flags: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """``flags`` (:func:`reasoning_flags` of ``prompts``) with the flagged prompts read again without the
    boilerplate ``lines`` (:func:`_strip_lines`)."""
    rows = np.flatnonzero(flags)
    if not len(rows):
        return flags
    out = flags.copy()
    for lo in range(0, len(rows), 200_000):
        part = rows[lo:lo + 200_000]
        out[part] = reasoning_flags(_Rows(_strip_lines(prompts.take(part), lines)))
    return out


def _shingles(tk: _Tokens, k: int, content_only: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(doc, pos, hash) of every word k-shingle; texts shorter than k get one shingle of all tokens.

    ``content_only`` drops shingles made only of stopwords and placeholders.
    """
    th = tk.hash
    n = len(th)
    if n == 0:
        e = np.zeros(0, np.int64)
        return e, e, np.zeros(0, np.uint64)
    doc, pos, lens = tk.doc, tk.pos, tk.lens
    # rolling scheme h = mix(h * 31 + token_j); the first step, mix(token_0), is looked up per vocab entry.
    # In place, with one scratch array for the mixing (no shifted copy or temporaries per step: 30 %
    # less time per chunk); the tokens past the end add 0, as a zero-padded shift did
    h = _mix64(tk.vocab_hash)[tk.code]
    tmp = np.empty_like(h)
    with np.errstate(over="ignore"):
        for j in range(1, k):
            h *= _U64(31)
            if j < n:  # (a k longer than every token there is: nothing to shift in; n - j < 0 cut from the end)
                h[: n - j] += th[j:]
            _mix64_inplace(h, tmp)
    del tmp
    lend = lens[doc]
    valid = pos + k <= lend
    short_first = (pos == 0) & (lend < k)
    del lend
    if short_first.any():
        # short text: hash of all its tokens (pad with zeros), computed from the same rolling scheme
        sd = np.flatnonzero(short_first)
        sh = np.zeros(len(sd), np.uint64)
        L = lens[doc[sd]]
        with np.errstate(over="ignore"):
            for j in range(k):
                t = np.where(j < L, th[np.minimum(sd + j, n - 1)], _U64(0)).astype(np.uint64)
                sh = _mix64(sh * _U64(31) + t)
        h[sd] = sh
        valid |= short_first
    if content_only and tk.content is not None:
        ct = tk.content[tk.code]
        anyc = ct.copy()
        for j in range(1, min(k, n)):
            anyc[: n - j] |= ct[j:]
        valid &= anyc
    return doc[valid], pos[valid], h[valid]


def shingle_hashes(texts: pd.Series, k: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word k-shingle hashes of each (masked) text.

    Returns ``(doc, pos, hash)``: for every shingle its text index, the index
    of its first token in that text and a 64-bit hash (stable across runs:
    tokens are hashed by their text). Texts shorter than ``k`` tokens get one
    shingle of all their tokens; empty texts get none.
    """
    return _shingles(_tokenise(texts), k)


def _perm_params(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = (rng.integers(1, 2**63 - 1, size=num_perm, dtype=np.int64).astype(np.uint64) << _U64(1)) | _U64(1)
    b = rng.integers(0, 2**63 - 1, size=num_perm, dtype=np.int64).astype(np.uint64)
    return a, b


def minhash(group: np.ndarray, values: np.ndarray, n_groups: int, num_perm: int, seed: int = 1,
            chunk: int = 1 << 17) -> np.ndarray:
    """MinHash signatures, vectorised.

    Permutation ``p`` is the multiply-shift hash ``(a_p * x + b_p) >> 32`` of the
    64-bit shingle hash ``x`` (``a_p`` odd); minima per set by
    ``np.minimum.reduceat`` over chunks of ``chunk`` values x ``num_perm``.

    Parameters
    ----------
    group : array of int
        Set of each value, sorted ascending.
    values : array of uint64
    n_groups, num_perm, seed : int

    Returns
    -------
    ndarray of uint32, shape ``(n_groups, num_perm)``
        Sets with no values get the maximum value in every column.
    """
    a, b = _perm_params(num_perm, seed)
    sig = np.full((n_groups, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    if len(values) == 0:
        return sig
    group = np.asarray(group)
    values = np.asarray(values, dtype=np.uint64)
    bounds = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    ends = np.r_[bounds[1:], len(values)]
    i = 0
    while i < len(bounds):
        # a chunk = whole groups whose values fit in ``chunk`` (at least one group)
        j = int(np.searchsorted(ends, ends[i] - (ends[i] - bounds[i]) + chunk, side="right"))
        j = max(j, i + 1)
        lo, hi = bounds[i], ends[j - 1]
        x = values[lo:hi]
        with np.errstate(over="ignore"):
            hv = ((x[:, None] * a[None, :] + b[None, :]) >> _U64(32)).astype(np.uint32)
        sig[group[bounds[i:j]]] = np.minimum.reduceat(hv, bounds[i:j] - lo, axis=0)
        i = j
    return sig


#: occurrences handled at a time by :func:`_shared_shingles` (tests make it small to cross slices)
_SLICE = 1 << 22


class _DocIndex:
    """The text of each shingle occurrence, stored as shingles per text.

    Occurrences are in text order, so ``doc`` is ``repeat(arange(n_texts),
    counts)``; this keeps 4 bytes per *text* instead of 4 per shingle while
    the big sort of :func:`_shared_shingles` runs (1.3 GB less at its peak at
    1M accounts). ``ix[lo:hi]`` builds one slice; ``array()`` (also used for
    index arrays) builds the whole array once and keeps it.
    """

    def __init__(self, counts: np.ndarray) -> None:
        self.counts = np.asarray(counts, dtype=np.int64)
        self.ends = np.cumsum(self.counts)
        self._arr: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.ends[-1]) if len(self.ends) else 0

    def array(self) -> np.ndarray:
        if self._arr is None:
            self._arr = np.repeat(np.arange(len(self.counts), dtype=np.int32), self.counts)
        return self._arr

    def __getitem__(self, sl) -> np.ndarray:
        if self._arr is not None or not isinstance(sl, slice):
            return self.array()[sl]
        lo, hi, step = sl.indices(len(self))
        if step != 1:
            return self.array()[sl]
        if hi <= lo:
            return np.zeros(0, np.int32)
        d0 = int(np.searchsorted(self.ends, lo, side="right"))
        d1 = int(np.searchsorted(self.ends, hi - 1, side="right"))
        e = self.ends[d0:d1 + 1]
        c = np.minimum(e, hi) - np.maximum(e - self.counts[d0:d1 + 1], lo)
        return np.repeat(np.arange(d0, d1 + 1, dtype=np.int32), c)


def _map_slices(fn, bounds: list[tuple[int, int]], threads: int) -> list:
    """``[fn(lo, hi) for lo, hi in bounds]``, on ``threads`` threads when there are several slices.

    numpy releases the GIL inside its loops over large arrays, so slices of one big array run side by
    side on the cores; the results come back in slice order whatever the thread count.
    """
    if threads > 1 and len(bounds) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(threads, len(bounds))) as ex:
            return list(ex.map(lambda b: fn(*b), bounds))
    return [fn(lo, hi) for lo, hi in bounds]


def _low16(x: np.ndarray) -> np.ndarray:
    """``(x & 0xFFFF).astype(np.uint16)`` of a contiguous uint64 array, read from its memory in one strided
    pass (the lowest 16 bits are the first two bytes of each value in little-endian order, the last two
    in big-endian).

    >>> _low16(np.array([0x1234_5678_9ABC_DEF0, 7], np.uint64)).tolist()
    [57072, 7]
    """
    u16 = np.ascontiguousarray(x, dtype=np.uint64).view(np.uint16)
    return u16[0::4].copy() if sys.byteorder == "little" else u16[3::4].copy()


def _shared_shingles(h: np.ndarray, acc: np.ndarray, min_accounts: int = 2,
                     thr: np.ndarray | None = None, doc: np.ndarray | None = None,
                     threads: int = 1, cap: int = 0, dup: np.ndarray | None = None,
                     weak: np.ndarray | None = None) -> np.ndarray:
    """Accounts sharing each shingle occurrence's hash (0 where the occurrence is not shared template text).

    An account ``a`` *holds* a shingle if it used it at least ``thr[a]`` times
    (default 1; :func:`template_families` uses
    ``ceil(prompts.repeat_fraction * prompts of a)``): template text recurs in a
    good part of an account's prompts, chance overlaps of free text do not. An occurrence counts if its own account holds the shingle and at
    least ``min_accounts`` accounts do.

    One in-place ``np.sort`` of packed (hash, account) keys gives the holders
    per hash (scanned in slices, so no other full-size array is made); each
    occurrence is then looked up in two small hashed tables of holder counts
    with 16-bit fingerprints (no ``np.isin``/``np.searchsorted`` over the big
    arrays: both are slow at this size); the own-account check runs on the
    shared occurrences only.

    With ``doc`` (text of each occurrence), ``acc`` is the account of each
    *text* and is looked up slice by slice (no full-size ``acc[doc]`` array:
    4 bytes per shingle, 1.3 GB at 1M accounts); the result is the same as
    ``_shared_shingles(h, acc[doc], ...)``.

    ``threads`` > 1 runs the slices side by side (and sorts the two halves of the key space, keys
    with the hash's top bit clear and set, at once); the result does not depend on it.

    With ``cap`` > 0 an account also holds a shingle it used in ``cap`` or more *different* texts: those
    not flagged in ``dup`` (per text with ``doc``, else per occurrence; :func:`repeated_texts`). The flag
    is the lowest bit of each packed key, below the account, so one (hash, account) stays one run.
    ``weak`` (bool, one per occurrence, filled in place when given with ``cap``) marks the shared
    occurrences whose account holds the shingle through ``cap`` only (below ``thr``).
    """
    n = len(h)
    if n == 0:
        return np.zeros(0, np.uint16)
    acc = np.asarray(acc)
    step = _SLICE  # element-wise work in slices: no full-size temporaries besides ``packed`` and the output
    slices = [(lo, min(lo + step, n)) for lo in range(0, n, step)]

    def occ(sl):
        return acc[sl] if doc is None else acc[doc[sl]]

    if doc is None:
        acc_max = int(acc.max())
    else:
        acc_max = max(_map_slices(lambda lo, hi: int(occ(slice(lo, hi)).max()), slices, threads))
    n_acc_total = acc_max + 1
    if thr is not None and len(thr) < n_acc_total:
        raise ValueError("thr must have one entry per account code")
    # with ``cap``, bit 0 of a key is the occurrence's ``dup`` flag and the account sits above it
    sh = 1 if (cap > 0 and thr is not None) else 0
    dup = None if not sh else (np.zeros(len(acc) if doc is not None else n, bool) if dup is None else dup)
    abits = min(max(acc_max.bit_length(), 1), 40) + sh
    amask = _U64((1 << abits) - 1)
    hmask = ~amask
    top = _U64(1 << 63)
    # keys whose hash has the top bit clear fill ``packed`` from the front, the others from the back, so
    # the two halves sort on their own (every front key is below every back key)
    n_lows = np.array(_map_slices(lambda lo, hi: np.count_nonzero(h[lo:hi] < top), slices, threads), np.int64)
    low_at = np.r_[0, np.cumsum(n_lows)]
    n_low = int(low_at[-1])
    high_at = n_low + np.r_[0, np.cumsum(np.diff([lo for lo, _ in slices] + [n]) - n_lows)]
    packed = np.empty(n, np.uint64)

    def pack(i: int, _unused: int = 0) -> None:
        lo, hi = slices[i]
        key = h[lo:hi] & hmask
        if sh:
            key |= occ(slice(lo, hi)).astype(np.uint64) << _U64(1)
            key |= (dup[lo:hi] if doc is None else dup[doc[lo:hi]]).astype(np.uint64)
        else:
            key |= occ(slice(lo, hi)).astype(np.uint64)
        low = key < top
        packed[low_at[i]:low_at[i + 1]] = key[low]
        packed[high_at[i]:high_at[i + 1]] = key[~low]

    _map_slices(pack, [(i, 0) for i in range(len(slices))], threads)
    _map_slices(lambda lo, hi: packed[lo:hi].sort(), [(0, n_low), (n_low, n)], threads)
    # holders per hash, slice by slice; a slice ends at a hash boundary so no hash is split
    cuts = [0]
    while cuts[-1] < n:
        lo = cuts[-1]
        hi = min(lo + step, n)
        if hi < n:
            hi = max(hi, int(np.searchsorted(packed, packed[hi - 1] | amask, side="right")))
        cuts.append(hi)

    def holders(lo: int, hi: int) -> tuple:
        p = packed[lo:hi]
        if sh:
            p = p & ~_U64(1)  # runs of (hash, account); the flags of the run are in ``packed``
        run_start = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
        run_len = np.diff(np.r_[run_start, len(p)])
        run_key = p[run_start]
        run_hi = run_key & hmask
        run_ok = run_len >= (thr[((run_key & amask) >> _U64(sh)).astype(np.int64)] if thr is not None else 1)
        run_weak = None
        if sh:
            # different texts = the run's occurrences not flagged as a repeat of the account's earlier text
            n_rep = np.add.reduceat((packed[lo:hi] & _U64(1)).astype(np.int64), run_start) if len(p) else run_len
            run_weak = ~run_ok & ((run_len - n_rep) >= cap)
            run_ok |= run_weak
        grp = np.r_[True, run_hi[1:] != run_hi[:-1]]
        gid = np.cumsum(grp) - 1
        n_hold = np.bincount(gid, weights=run_ok).astype(np.int64)
        ok = n_hold >= min_accounts
        # (hash, account) keys of shared hashes that the account uses below its threshold (sorted), and
        # those it holds through ``cap`` only
        below = run_key[~run_ok & ok[gid]] if thr is not None else None
        weak_k = run_key[run_weak & ok[gid]] if (weak is not None and run_weak is not None) else None
        return run_hi[grp][ok], np.minimum(n_hold[ok], 65535).astype(np.uint16), below, weak_k

    parts = _map_slices(holders, list(zip(cuts[:-1], cuts[1:])), threads)
    packed = None  # the sorted keys go now (no view of them outlives ``holders``)
    shared_hi = np.concatenate([q[0] for q in parts])
    shared_n = np.concatenate([q[1] for q in parts])
    below = [q[2] for q in parts] if thr is not None else []
    weak_parts = [q[3] for q in parts if q[3] is not None]
    del parts
    # exact lookup per occurrence: two hashed tables (a key losing a slot in the first goes to the second),
    # each slot with a 16-bit fingerprint, so a non-shared shingle is mistaken for a shared one with
    # probability ~ 2^-16 and a shared one is lost only if it collides in both tables
    bits = int(min(max(int(len(shared_hi) * 4).bit_length(), 16), 27))
    tabs = []
    rest = np.argsort(shared_n, kind="stable")  # ascending: the largest count wins a slot collision
    for salt in (0, 1):
        mixed = _mix64(shared_hi[rest] ^ _U64(0x5851F42D4C957F2D * salt))
        slot = (mixed >> _U64(64 - bits)).astype(np.int64)
        fp = ((mixed & _U64(0xFFFF)) | _U64(1)).astype(np.uint16)  # fingerprint 0 = empty slot
        tn = np.zeros(1 << bits, np.uint16)
        tf = np.zeros(1 << bits, np.uint16)
        tn[slot], tf[slot] = shared_n[rest], fp
        won = (tf[slot] == fp) & (tn[slot] == shared_n[rest])
        tabs.append((tn, tf))
        rest = rest[~won]
        if not len(rest):
            break
    if len(rest):
        log.debug("prompts: %d of %d shared shingles lost to table collisions", len(rest), len(shared_hi))
    out = np.zeros(n, np.uint16)

    def lookup(lo: int, hi: int) -> None:
        hh = h[lo:hi] & hmask
        o = out[lo:hi]
        # the same slots and fingerprints as in the tables, computed into two reused buffers: the slot
        # (< 2^27) read as int64 in place, the fingerprint from the low 16 bits of each value (no copies
        # or temporaries per step; 46M lookups per table at 100k accounts)
        mixed, slot = np.empty_like(hh), np.empty_like(hh)
        for salt, (tn, tf) in enumerate(tabs):
            np.bitwise_xor(hh, _U64(0x5851F42D4C957F2D * salt), out=mixed)
            _mix64_inplace(mixed, slot)
            np.right_shift(mixed, _U64(64 - bits), out=slot)
            fp = _low16(mixed)
            fp |= np.uint16(1)
            hit = tf[slot.view(np.int64)] == fp
            hit &= o == 0
            o[hit] = tn[slot.view(np.int64)[hit]]

    _map_slices(lookup, slices, threads)
    if thr is not None and ((thr > 1).any() or sh):
        # an occurrence counts only if its own account holds the shingle (uses it >= thr times). Every
        # occurrence of a hash gets the same table answer, so the account's uses among the shared
        # occurrences are its run in the sorted keys: for truly shared hashes, drop the keys recorded
        # in ``below`` (looked up slice by slice: no full-size key or hashtable; 30+ bytes per shingle
        # at 1M accounts otherwise). The rare fingerprint false hits (hash not in ``shared_hi``) are
        # counted directly, as before.
        below_k = np.concatenate(below) if below else np.zeros(0, np.uint64)
        del below
        weak_k = np.concatenate(weak_parts) if weak_parts else np.zeros(0, np.uint64)
        del weak_parts

        def own(lo: int, hi: int) -> np.ndarray | None:
            c = np.flatnonzero(out[lo:hi] >= min_accounts)
            if not len(c):
                return None
            acc_c = occ(slice(lo, hi))[c].astype(np.uint64) << _U64(sh)
            c += lo
            hh = h[c] & hmask
            key = hh | (acc_c & amask)
            del acc_c
            # sorted queries: binary searches in sorted order stay in cache (measured 6x faster
            # than random-order queries into 30M keys); sorting by key also sorts by hash
            o = np.argsort(key)
            key, hh, c = key[o], hh[o], c[o]
            del o
            pos = np.minimum(np.searchsorted(shared_hi, hh), max(len(shared_hi) - 1, 0))
            true = shared_hi[pos] == hh if len(shared_hi) else np.zeros(len(c), bool)
            del pos, hh
            if len(below_k):
                kt = key[true]
                pb = np.minimum(np.searchsorted(below_k, kt), len(below_k) - 1)
                out[c[true][below_k[pb] == kt]] = 0
            if len(weak_k):
                kt = key[true]
                pw = np.minimum(np.searchsorted(weak_k, kt), len(weak_k) - 1)
                weak[c[true][weak_k[pw] == kt]] = True
            return None if true.all() else np.sort(c[~true])

        false_hits = [f for f in _map_slices(own, slices, threads) if f is not None]
        if false_hits:
            cand = np.concatenate(false_hits)
            acc_c = occ(cand)
            with np.errstate(over="ignore"):
                key = (h[cand] & hmask) | ((acc_c.astype(np.uint64) << _U64(sh)) & amask)
            codes, _ = pd.factorize(key)
            own_n = np.bincount(codes)[codes]
            held = own_n >= thr[acc_c]
            if sh:
                fresh = ~(dup[cand] if doc is None else dup[doc[cand]])
                by_cap = ~held & (np.bincount(codes, weights=fresh)[codes] >= cap)
                held |= by_cap
                if weak is not None:
                    weak[cand[by_cap]] = True
            out[cand[~held]] = 0
    return out


def _lsh_candidates(sig: np.ndarray, bands: int, eligible: np.ndarray,
                    window: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (member, leader) from LSH banding; rows of ``sig`` are in density order.

    The leader of a bucket is its member with the smallest row index (the
    densest skeleton). Keys are packed with the row index and sorted with
    ``np.sort``; distinct buckets whose 64-bit keys agree in the high bits are
    merged, which only adds candidates that verification rejects. With
    ``window > 0`` each member is also paired with the ``window`` members just
    before it in its bucket (the next denser ones): loose bands make big
    buckets whose leader is often not the member's match.
    """
    n, num_perm = sig.shape
    rows = num_perm // bands
    ids = np.flatnonzero(eligible).astype(np.uint64)
    if len(ids) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    ibits = max(int(ids.max()).bit_length(), 1)
    imask = _U64((1 << ibits) - 1)
    src, dst = [], []
    s64 = sig[ids.astype(np.int64)].astype(np.uint64)
    for b in range(bands):
        block = s64[:, b * rows:(b + 1) * rows]
        key = _mix64(block[:, 0] + _U64(b))
        with np.errstate(over="ignore"):
            for r in range(1, rows):
                key = _mix64(key * _U64(31) + block[:, r])
        packed = (key & ~imask) | ids
        packed.sort()
        hi = packed & ~imask
        first = np.r_[True, hi[1:] != hi[:-1]]
        leader_pos = np.maximum.accumulate(np.where(first, np.arange(len(hi)), 0))
        m = ~first
        member = (packed[m] & imask).astype(np.int64)
        leader = (packed[leader_pos[m]] & imask).astype(np.int64)
        src.append(member)
        dst.append(leader)
        gi = np.arange(len(hi))
        for w in range(1, window + 1):
            prev = gi[w:] - w
            same = prev >= leader_pos[w:]
            src.append((packed[w:][same] & imask).astype(np.int64))
            dst.append((packed[prev[same]] & imask).astype(np.int64))
    src, dst = np.concatenate(src), np.concatenate(dst)
    key = unique_sorted(src.astype(np.uint64) << _U64(32) | dst.astype(np.uint64))
    return (key >> _U64(32)).astype(np.int64), (key & _U64(0xFFFFFFFF)).astype(np.int64)


def _verify(sig: np.ndarray, src: np.ndarray, dst: np.ndarray, threshold: float, size: np.ndarray | None = None,
            containment: float = 0.0, containment_jaccard: float = 0.4, chunk: int = 1 << 18) -> np.ndarray:
    """Accept candidate pairs whose estimated Jaccard reaches ``threshold``.

    With ``containment > 0`` a pair is also accepted when the leader ``dst``
    is (almost) contained in the member ``src`` -- the member is the leader's
    template plus a few chance extras -- i.e. estimated
    ``|src ∩ dst| / |dst| >= containment`` and Jaccard >= ``containment_jaccard``.
    """
    ok = np.zeros(len(src), bool)
    for lo in range(0, len(src), chunk):
        s, d = src[lo:lo + chunk], dst[lo:lo + chunk]
        j = (sig[s] == sig[d]).mean(axis=1)
        acc = j >= threshold
        if containment > 0 and size is not None:
            inter = j / (1.0 + j) * (size[s] + size[d])
            acc |= (j >= containment_jaccard) & (inter >= containment * size[d])
        ok[lo:lo + chunk] = acc
    return ok


def _exact_pairs(seg: np.ndarray, vals: np.ndarray, n_sk: int, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """All skeleton pairs with exact Jaccard >= threshold (sparse product; benchmark reference only)."""
    from scipy import sparse

    key = unique_sorted(seg.astype(np.uint64) << _U64(32) ^ (pd.factorize(vals)[0].astype(np.uint64)))
    r = (key >> _U64(32)).astype(np.int64)
    c = (key & _U64(0xFFFFFFFF)).astype(np.int64)
    B = sparse.csr_matrix((np.ones(len(r), np.float32), (r, c)), shape=(n_sk, int(c.max(initial=0)) + 1))
    size = np.asarray(B.sum(axis=1)).ravel()
    inter = sparse.triu(B @ B.T, k=1).tocoo()
    j = inter.data / (size[inter.row] + size[inter.col] - inter.data)
    ok = j >= threshold
    return inter.col[ok].astype(np.int64), inter.row[ok].astype(np.int64)


def _mode_forest(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Root of each node when every node points to its smallest-index (densest) neighbour below it."""
    parent = np.arange(n, dtype=np.int64)
    if len(src):
        lo, hi = np.minimum(src, dst), np.maximum(src, dst)
        np.minimum.at(parent, hi, lo)
    while True:
        nxt = parent[parent]
        if np.array_equal(nxt, parent):
            return parent
        parent = nxt


def _family_roots(n: int, src: np.ndarray, dst: np.ndarray, clustering: str) -> np.ndarray:
    """Root (family leader) of each of ``n`` skeletons in density order, from their verified pairs: the mode
    forest (``prompts.clustering = "mode"``) or connected components, each led by its densest member."""
    if clustering == "mode":
        return _mode_forest(n, src, dst)
    return pd.Series(np.arange(n)).groupby(_components(n, src, dst)).transform("min").to_numpy()


def _components(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    adj = sparse.coo_matrix((np.ones(len(src), np.int8), (src, dst)), shape=(n, n))
    _, comp = connected_components(adj, directed=False)
    return comp


def hold_threshold(n_prompts: np.ndarray, repeat_fraction: float) -> np.ndarray:
    """Uses of a shingle (or family) an account needs to *hold* it, per account with ``n_prompts`` prompts:
    ``ceil(repeat_fraction x n_prompts)``, at least 1 (``prompts.repeat_fraction``).

    The share keeps a chance overlap of free text out of a busy account's template text. ``prompts.repeat_cap``
    = K adds a second way to hold: use in K or more *different* texts (:func:`repeated_texts` marks the
    others). It keeps the templates of an account that spreads its requests over many of them: a ring that
    mixes twenty dataset templates with resold chat sends each in a few percent of an account's prompts, but
    around hundreds of different items. Counting different texts keeps out the phrases of the texts a busy
    app relays again and again (a support bot's stock questions), which recur with their own sentence.

    >>> hold_threshold(np.array([3, 150, 2000]), 0.1).tolist()
    [1, 15, 200]
    """
    return np.maximum(1, np.ceil(repeat_fraction * np.asarray(n_prompts))).astype(np.int64)


def _doc_medians(vals: np.ndarray, doc: np.ndarray, mask: np.ndarray, n_docs: int) -> np.ndarray:
    """Per text, the median of ``vals`` (uint16) over its occurrences where ``mask`` is set (0 where none).

    Occurrences are in text order (``doc`` non-decreasing), so the work runs a slice of whole texts at a
    time: no full-size keys (24 bytes per kept shingle, 3.6 GB at 1M accounts)."""
    med = np.zeros(n_docs, np.float32)
    n = len(vals)
    lo = 0
    while lo < n:
        hi = min(lo + _SLICE, n)
        if hi < n:
            hi = int(np.searchsorted(doc, doc[hi - 1], side="right"))  # the end of that text's occurrences
        ks = np.flatnonzero(mask[lo:hi]) + lo
        if len(ks):
            key = (doc[ks].astype(np.uint64) << _U64(16)) | vals[ks].astype(np.uint64)
            key.sort()
            d = (key >> _U64(16)).astype(np.int64)
            b = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
            cnt = np.diff(np.r_[b, len(key)])
            med[d[b]] = (key[b + cnt // 2] & _U64(0xFFFF)).astype(np.float32)
        lo = hi
    return med


def _quoted_items(weak: np.ndarray, n_held: np.ndarray, doc: np.ndarray, strong: tuple) -> np.ndarray:
    """bool per occurrence: held through ``prompts.repeat_cap`` only (``weak``) in a text with template text held
    through the share, and held by at least that text's median holder count (``strong`` = (per text: has such
    text, median)): an item quoted inside the template, not template text (:func:`_template_shingles`)."""
    strong_doc, level = strong
    return weak & strong_doc[doc] & (n_held >= level[doc])


def _template_shingles(h: np.ndarray, doc: np.ndarray, account: np.ndarray, n_docs: int,
                       thr: np.ndarray | None, support_ratio: float, threads: int = 1,
                       cap: int = 0, dup: np.ndarray | None = None, popular_ratio: float = 0.0,
                       min_strong: int = 1, strong_out: list | None = None, boilerplate: int = 0,
                       boilerplate_out: list | None = None) -> np.ndarray:
    """bool per shingle occurrence: shared template text (held by >= 2 accounts, enough support; ``cap`` and
    ``dup`` as in :func:`_shared_shingles`). With ``popular_ratio`` > 0 a shingle held by more than that many
    times the prompt's level is dropped too: a phrase the whole population writes inside a rarer template.

    With ``cap``, text held through the cap only (used in ``cap`` different texts but in fewer than the
    account's ``thr``) is dropped from a prompt that has text the account holds through ``thr`` when it is
    no rarer than that text (held by at least the median holder count of it): items quoted from the
    population inside a template the account uses throughout (a self-instruct ring quoting the population's
    tasks would otherwise hold one family per combination of quoted tasks). Rarer, it narrows the prompt's
    family to what few accounts do (a dataset's questions inside a popular judge wrapper), and in a prompt
    without such text it is the prompt's template (one of the many an account spreads its requests over).
    The text held through ``thr`` must make a template by itself (``min_strong`` shared shingles,
    ``prompts.min_words``): a phrase the account's templates have in common ("a sentence with") is no
    template of its own. ``strong_out``, a list, receives per text whether that held and the median holder
    count (refresh applies both to registered families' text). ``boilerplate`` (> 0): a shingle held by at least this
    many accounts is no template text (:func:`boilerplate_holders`), before any level is taken; ``boilerplate_out``, a
    list, receives those shingles' hashes, sorted (refresh keeps them out of registered families' text too)."""
    weak = np.zeros(len(h), bool) if (cap > 0 and thr is not None and len(h)) else None
    n_acc = (_shared_shingles(h, account, 2, thr, doc=doc, threads=threads, cap=cap, dup=dup, weak=weak)
             if len(h) else np.zeros(0, np.uint16))
    doc_ix = doc if isinstance(doc, _DocIndex) else None
    if doc_ix is not None:
        doc = doc_ix.array()  # after the sort's peak
    keep = n_acc >= 2
    if boilerplate > 0:
        common = n_acc >= min(boilerplate, 65535)  # (holder counts stop at 65,535: boilerplate_holders)
        keep &= ~common
        if boilerplate_out is not None:
            boilerplate_out.append(np.unique(h[common]))
        del common
    if weak is not None:
        # per text: the shared shingles its account holds through the share, and their median holder count
        strong = keep & ~weak
        n_strong = np.zeros(n_docs, np.int32)
        for lo in range(0, len(h), _SLICE):
            sl = slice(lo, min(lo + _SLICE, len(h)))
            n_strong += np.bincount(doc[sl][strong[sl]], minlength=n_docs).astype(np.int32)
        strong_doc = n_strong >= max(1, min_strong)
        level_s = _doc_medians(n_acc, doc, strong, n_docs)
        del n_strong, strong
        for lo in range(0, len(h), _SLICE):
            sl = slice(lo, min(lo + _SLICE, len(h)))
            keep[sl] &= ~_quoted_items(weak[sl], n_acc[sl], doc[sl], (strong_doc, level_s))
        if strong_out is not None:
            strong_out.append((strong_doc, level_s))
        del weak, strong_doc, level_s

    def within(n: np.ndarray, level: np.ndarray) -> np.ndarray:
        ok = n >= (support_ratio * level).astype(np.float32)
        if popular_ratio > 0:
            ok &= n <= (popular_ratio * level).astype(np.float32)
        return ok

    if (support_ratio > 0 or popular_ratio > 0) and keep.any():
        # template level of a prompt = median holder count of its shared shingles; shingles held by far
        # fewer accounts than that are chance overlaps of slot text with a popular template
        lvl = _doc_medians(n_acc, doc, keep, n_docs)
        for lo in range(0, len(n_acc), _SLICE):
            hi = min(lo + _SLICE, len(n_acc))
            keep[lo:hi] &= within(n_acc[lo:hi], lvl[doc[lo:hi]])
    return keep


def boilerplate_holders(account: np.ndarray, share: float, min_accounts: int) -> int:
    """The holder count from which a shingle is boilerplate, not template text: more than ``share`` of the accounts
    that send prompts (``account``: the account of each prompt) and at least ``min_accounts``; 0 (none) with
    ``share`` 0. Text the whole platform sends (a default system message) joined every prompt's skeleton to
    every other's; a template that popular is a hub the graph drops anyway (``links.hub_max_accounts``). Holder
    counts stop at 65,535, so above 262,140 accounts with prompts a shingle held by 65,535 of them is boilerplate
    whatever the share (a hub many times over).

    >>> boilerplate_holders(np.arange(4000) % 2000, 0.25, 500), boilerplate_holders(np.arange(100), 0.25, 500)
    (501, 500)
    """
    if share <= 0 or not len(account):
        return 0
    n = int(np.count_nonzero(np.bincount(np.asarray(account, np.int64))))
    return max(int(min_accounts), int(np.floor(share * n)) + 1)


def _covered_tokens(tk: _Tokens, doc: np.ndarray, pos: np.ndarray, keep: np.ndarray, k: int) -> _Tokens:
    """The tokens covered by the kept shingles, each text's covered tokens made contiguous."""
    starts = np.r_[0, np.cumsum(tk.lens)[:-1]]
    ks = np.flatnonzero(keep)
    tstart = starts[doc[ks]] + pos[ks]
    span = np.minimum(k, tk.lens[doc[ks]])
    covered = np.zeros(len(tk.code), bool)
    for j in range(k):
        covered[tstart[j < span] + j] = True
    d = tk.doc[covered]
    lens = np.bincount(d, minlength=tk.n_docs).astype(np.int64)
    st = np.r_[0, np.cumsum(lens)[:-1]]
    p = (np.arange(len(d), dtype=np.int64) - st[d]).astype(np.int32)
    return _Tokens(n_docs=tk.n_docs, doc=d, pos=p, code=tk.code[covered], vocab=tk.vocab,
                   vocab_hash=tk.vocab_hash, lens=lens, content=tk.content)


def _chunked_shingles(arr: "pa.Array | _Rows", k: int, content_only: bool, head_tokens: int, tail_tokens: int,
                      chunk_size: int, threads: int = 1, as_index: bool = False,
                      strip_reasoning: bool = False, strip_lines: np.ndarray | None = None) -> tuple:
    """(doc int32, hash uint64) of every word k-shingle, tokenising ``chunk_size`` texts at a time.

    Tokenising is per text, so the result equals ``_shingles(_tokenise(arr))``
    (without the positions); only the shingle arrays of each chunk outlive it.
    """
    n = len(arr)
    step = chunk_size if chunk_size > 0 else max(n, 1)

    def work(lo: int) -> tuple[np.ndarray, np.ndarray]:
        m = min(step, n - lo)
        part = arr.part(lo, m) if isinstance(arr, _Rows) else arr.slice(lo, m)
        tk = _tokenise(part, head_tokens, tail_tokens, strip_reasoning=strip_reasoning, strip_lines=strip_lines)
        del part
        d, _, hh = _shingles(tk, k, content_only)
        if as_index:  # shingles per text (occurrences come in text order)
            return np.bincount(d, minlength=m).astype(np.int64), hh
        return (d + lo).astype(np.int32), hh

    starts = list(range(0, n, step))
    if threads > 1 and len(starts) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=threads) as ex:
            parts = list(ex.map(work, starts))
    else:
        parts = [work(lo) for lo in starts]
    if not parts:
        return (_DocIndex(np.zeros(n, np.int64)) if as_index else np.zeros(0, np.int32)), np.zeros(0, np.uint64)
    doc = np.concatenate([p[0] for p in parts])
    if as_index:
        doc = _DocIndex(doc)
    for i, p in enumerate(parts):
        parts[i] = (None, p[1])
    h = np.concatenate([p[1] for p in parts])
    return doc, h


def _codepoint_strings(codes: np.ndarray, seg: np.ndarray, n: int, max_len: int) -> list[str]:
    """One string per segment whose characters stand for the segment's token codes (in order).

    ``codes`` are small non-negative ints grouped by ``seg`` (sorted); each
    becomes one Unicode code point (surrogates skipped, 0 never used), so
    rapidfuzz compares token sequences at string speed. A numpy ``U`` array
    built from a zero-padded code-point matrix drops the padding itself.
    """
    if n == 0:
        return []
    cp = codes.astype(np.int64) + 1
    cp = np.where(cp >= 0xD800, cp + 0x800, cp)
    if len(cp) and int(cp.max()) > 0x10FFFF:
        raise ValueError("too many distinct template words for code-point strings")
    lens = np.bincount(seg, minlength=n)
    start = np.r_[0, np.cumsum(lens)[:-1]]
    p = np.arange(len(seg)) - start[seg]
    ok = p < max_len
    width = int(min(max(lens.max(initial=1), 1), max_len))
    mat = np.zeros((n, width), np.uint32)
    mat[seg[ok], p[ok]] = cp[ok]
    return mat.view(f"<U{width}").ravel().tolist()


def _skeleton_words(tk: _Tokens | None, arr: "_Rows | None", doc: np.ndarray, pos: np.ndarray | None,
                    keep: np.ndarray, doc_skel: np.ndarray, rep_doc: np.ndarray, k: int, head_tokens: int,
                    tail_tokens: int, content_only: bool, strip_reasoning: bool = False,
                    strip_lines: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Template words (tokens covered by kept shingles) of each skeleton's representative, in text order.

    Returns ``(seg, code, content)`` grouped by skeleton: ``code`` is a compact
    word code (same word = same code), ``content`` False for stopwords and
    placeholders. Without ``tk`` (chunked path) the representatives are
    tokenised again (tokenising is per text, so their shingles line up).
    """
    n_docs = len(doc_skel)
    is_rep = np.zeros(n_docs, bool)
    is_rep[rep_doc] = True
    sel = np.flatnonzero(is_rep[doc])
    if tk is None:
        reps = np.flatnonzero(is_rep)
        tk = _tokenise(arr.take(reps), head_tokens, tail_tokens, strip_reasoning=strip_reasoning,
                       strip_lines=strip_lines)
        d2, pos2, _ = _shingles(tk, k, content_only)
        if len(d2) != len(sel):  # cannot happen: same texts, same tokeniser
            raise RuntimeError("representative shingles do not line up")
        cov = _covered_tokens(tk, d2, pos2, keep[sel], k)
        skel = doc_skel[reps][cov.doc]
    else:
        cov = _covered_tokens(tk, doc[sel], pos[sel], keep[sel], k)
        skel = doc_skel[cov.doc]
    o = np.argsort(skel, kind="stable")
    code = pd.factorize(cov.code[o])[0].astype(np.int64)
    content = cov.content[cov.code[o]] if cov.content is not None else np.ones(len(o), bool)
    return skel[o].astype(np.int64), code, content


def _rapidfuzz():
    """(Indel, cpdist) from rapidfuzz, with a clear message when it is missing (optional dependency)."""
    try:
        from rapidfuzz.distance import Indel
        from rapidfuzz.process import cpdist
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("prompts.align_threshold > 0 needs rapidfuzz >= 3.8 (process.cpdist): "
                          "pip install 'graphhunt[align]'") from e
    return Indel, cpdist


def _align_families(root: np.ndarray, seg: np.ndarray, codes: np.ndarray, content: np.ndarray, n: int,
                    threshold: float, num_perm: int, bands: int, window: int, seed: int, workers: int = 1,
                    max_len: int = 96) -> tuple[np.ndarray, int, int]:
    """Join skeleton families whose template-word sequences align (step 4b; ``prompts.align_threshold``).

    ``root``: family root of each skeleton after the shingle pass (rows in
    density order). ``seg``/``codes``/``content``: template words of each
    skeleton in text order (see :func:`_skeleton_words`).

    1. Candidates: MinHash over each skeleton's set of content words, loose
       LSH bands (2 rows each by default), and in every bucket each member
       paired with its leader and the ``window`` denser members just before it.
       Pairs within one family stay: a skeleton whose best partner is in its
       own family is already where it belongs.
    2. Verification: normalised Indel similarity ``1 - indel / (len_a + len_b)``
       of the word sequences (rapidfuzz ``cpdist``, in C, over distinct
       candidate pairs). It is order-aware: a word one account inserted, an
       adjacent swap or one synonym costs little, while templates that use the
       same words in another frame stay apart.
    3. Every skeleton keeps only its *best* verified partner (highest
       similarity, then the denser one); families joined by these edges are
       merged (connected components).
    4. Chain guard: a shingle-pass family moves into the merged family only
       if its root also aligns with the merged family's densest skeleton at
       ``threshold``; otherwise it stays as it was. Without it, templates that
       differ by a few words chain through intermediate wordings (on
       promptsource: the SCAN and NLI template groups).

    Returns ``(root, n_verified_pairs, n_candidates)``.
    """
    Indel, cpdist = _rapidfuzz()
    if n < 2 or len(seg) == 0:
        return root, 0, 0
    cs = np.flatnonzero(content)
    if len(cs) == 0:
        return root, 0, 0
    sig = minhash(seg[cs], _mix64(codes[cs].astype(np.uint64)), n, num_perm, seed + 7)
    eligible = np.bincount(seg[cs], minlength=n) > 0
    src, dst = _lsh_candidates(sig, bands, eligible, window)
    del sig
    n_cand = len(src)
    if n_cand == 0:
        return root, 0, 0
    strs = np.asarray(_codepoint_strings(codes, seg, n, max_len), dtype=object)
    sim = np.asarray(cpdist(strs[src].tolist(), strs[dst].tolist(), scorer=Indel.normalized_similarity,
                            workers=workers), np.float64)
    ok = sim >= threshold
    src, dst, sim = src[ok], dst[ok], sim[ok]
    n_ok = len(src)
    if n_ok == 0:
        return root, 0, n_cand
    # best partner of every skeleton (both directions): highest similarity, then the denser partner
    u, v, sm = np.r_[src, dst], np.r_[dst, src], np.r_[sim, sim]
    o = np.lexsort((v, -sm, u))
    u, v = u[o], v[o]
    first = np.r_[True, u[1:] != u[:-1]]
    comp = _components(n, np.r_[np.arange(n), u[first]], np.r_[root, v[first]])
    new_root = pd.Series(np.arange(n)).groupby(comp).transform("min").to_numpy()
    # chain guard on the shingle-pass roots that would move
    moving = np.flatnonzero((new_root != root) & (root == np.arange(n)))
    stay = np.zeros(n, bool)
    if len(moving):
        g = np.asarray(cpdist(strs[moving].tolist(), strs[new_root[moving]].tolist(),
                              scorer=Indel.normalized_similarity, workers=workers), np.float64)
        stay[moving[g < threshold]] = True
    return np.where(stay[root], root, new_root), n_ok, n_cand


def template_families(
    masked: pd.Series,
    account: np.ndarray,
    *,
    shingle_size: int = 3,
    num_perm: int = 64,
    bands: int = 16,
    threshold: float = 0.6,
    min_shingles: int = 2,
    seed: int = 1,
    clustering: str = "mode",
    head_tokens: int = 0,
    tail_tokens: int = 0,
    strip_reasoning: bool = False,
    repeat_fraction: float = 0.1,
    repeat_cap: int = 0,
    containment: float = 0.0,
    features: str = "shingles",
    content_only: bool = True,
    support_ratio: float = 0.1,
    popular_ratio: float = 0.0,
    boilerplate_share: float = 0.0,
    boilerplate_min_accounts: int = 500,
    boilerplate_line_share: float = 0.0,
    account_hash: np.ndarray | None = None,
    chunk_size: int = 200_000,
    threads: int = 1,
    close_gaps: bool = False,
    align_threshold: float = 0.0,
    align_bands: int = 32,
    align_window: int = 2,
    _exact: bool = False,
    _tokens: _Tokens | None = None,
    doc_rank: np.ndarray | None = None,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Group prompts into template families.

    Parameters
    ----------
    masked : Series of str
        Prompts, raw or already masked by :func:`mask_prompts` (masking is
        idempotent).
    account : array of int
        Account code of each prompt (shared text = used by >= 2 accounts).
    shingle_size : int
        Words per shingle. 2 tolerates rewording better (an inserted word
        breaks 2 shingles instead of 3); 3 separates templates that share
        common phrases better.
    num_perm, bands : int
        MinHash size and LSH bands. With ``r = num_perm / bands`` rows per band
        a pair of Jaccard ``J`` becomes a candidate with probability
        ``1 - (1 - J**r)**bands``: 64/16 gives 0.98 at J=0.6 and 0.05 at J=0.2.
        More permutations estimate Jaccard better and cost linearly more.
    threshold : float
        Estimated Jaccard a candidate pair must reach to be merged.
    min_shingles : int
        Skeletons with fewer shared shingles are no template (family -1).
    repeat_fraction : float
        An account holds a shingle only if it used it in at least this
        fraction of its prompts (at least once): removes chance overlaps of
        free-text slots from skeletons when accounts send many prompts.
    repeat_cap : int
        ... or in at least this many *different* texts of the account (an
        exact text sent again does not count; 0 = the fraction alone;
        :func:`hold_threshold`, :func:`repeated_texts`).
    containment : float
        Also join a skeleton to a denser one that it contains up to this
        fraction (with Jaccard >= 0.4): a popular template plus a chance
        overlap of slot text stays in the template's family. 0 = off.
    content_only : bool
        Ignore shingles made only of stopwords and placeholders.
    support_ratio : float
        Drop a shared shingle held by fewer than this fraction of the median
        holder count of the prompt's shared shingles: a chance overlap of
        slot text between two users of a popular template is not a template
        of its own. 0 = off.
    features : {"shingles", "words", "both"}
        What MinHash compares: the shared shingles (default, precise), the
        bag of words they cover (tolerates rewording, merges templates that
        use the same words), or both.
    clustering : {"mode", "components"}
        How verified pairs become families (see module doc, step 5).
    head_tokens, tail_tokens : int
        Token window (0 = whole text).
    strip_reasoning : bool
        Remove chain-of-thought requests before shingling (see
        :func:`_strip_reasoning`): a rewording of "think step by step" is
        scored as reasoning elicitation, and must not decide which template
        family a prompt joins.
    boilerplate_share, boilerplate_min_accounts : float, int
        Shingles held by more than that share of the accounts (and by at least that many) are no template
        text (:func:`boilerplate_holders`; 0 = off).
    boilerplate_line_share : float
        Lines of multi-line prompts held by more than that share of the accounts (and by at least
        ``boilerplate_min_accounts``) are left out before tokenising (:func:`boilerplate_lines`; 0 = off).
    account_hash : array of uint64, optional
        A hash of each account code's id: which accounts :func:`boilerplate_lines` samples.
    chunk_size : int
        Texts tokenised and shingled at a time (``features="shingles"``): only
        the shingle hashes of every chunk are kept, which bounds the memory
        that tokens take. 0 = all at once.
    threads : int
        Chunks tokenised in parallel (pyarrow and numpy release the GIL).
    close_gaps : bool
        Second skeleton pass: keep only the tokens covered by shared
        shingles, close the gaps and shingle again (see docs/PROMPTS.md).
        Tolerates inserted words; needs all tokens in memory at once.
    align_threshold : float
        > 0: join families whose skeletons' template words align in order at
        this normalised Indel similarity (see :func:`_align_families`).
        Needs rapidfuzz >= 3.8. 0 = off.
    align_bands, align_window : int
        LSH bands over ``num_perm`` content-word MinHash values for the
        alignment candidates, and how many denser bucket members besides the
        leader each member is compared with.
    doc_rank : array of int, optional
        Preference per prompt (lower first) for the representative prompt of
        each skeleton, whose redacted text is the family's exemplar; default:
        the first prompt. :func:`build` ranks prompts by account, time, then a
        hash of the text, so the exemplar does not depend on the rows' order.

    Returns
    -------
    family : ndarray of int64
        Family code per prompt, ``-1`` where the prompt shares no template
        text with any other account.
    families : DataFrame
        One row per family: ``family`` (code), ``template_id`` (stable hash id),
        ``n_prompts``, ``n_skeletons``, ``exemplar`` (redacted), ``exemplar_doc``.
    """
    if num_perm % bands:
        raise ValueError(f"num_perm ({num_perm}) must be divisible by bands ({bands})")
    if clustering not in ("mode", "components"):
        raise ValueError(f"clustering must be 'mode' or 'components', found {clustering!r}")
    if features not in ("shingles", "words", "both"):
        raise ValueError(f"features must be 'shingles', 'words' or 'both', found {features!r}")
    if not 0.0 <= align_threshold <= 1.0:
        raise ValueError(f"align_threshold must be in [0, 1], found {align_threshold!r}")
    if align_threshold > 0 and num_perm % align_bands:
        raise ValueError(f"num_perm ({num_perm}) must be divisible by align_bands ({align_bands})")
    account = np.asarray(account)
    strip_lines = None
    if boilerplate_line_share > 0 and _tokens is None:
        if len(account) != len(masked):
            raise ValueError(f"account has {len(account)} entries for {len(masked)} prompts")
        strip_lines = boilerplate_lines(masked, account, boilerplate_line_share, boilerplate_min_accounts, chunk_size,
                                        account_hash=account_hash)
        if len(strip_lines):
            log.warning(boilerplate_lines_message(len(strip_lines), boilerplate_line_share, boilerplate_min_accounts))
    if _tokens is not None or features != "shingles" or close_gaps:
        # one pass over all texts, tokens kept (the word features need them)
        tk = _tokens if _tokens is not None else _tokenise(masked, head_tokens, tail_tokens,
                                                           strip_reasoning=strip_reasoning, strip_lines=strip_lines)
        n_docs = tk.n_docs
        doc, pos, h = _shingles(tk, shingle_size, content_only)
        doc = doc.astype(np.int32)
    else:
        # chunked: tokens live one chunk at a time, only (doc, shingle hash) of every chunk is kept
        tk, pos = None, None
        arr = masked if isinstance(masked, _Rows) else _Rows(masked)
        n_docs = len(arr)
        doc, h = _chunked_shingles(arr, shingle_size, content_only, head_tokens, tail_tokens, chunk_size, threads,
                                   as_index=True, strip_reasoning=strip_reasoning, strip_lines=strip_lines)
        release_memory()  # the chunks' token arrays are gone; give their memory back before the big sort
    if len(account) != n_docs:
        raise ValueError(f"account has {len(account)} entries for {n_docs} prompts")
    account = account.astype(np.int32 if account.max(initial=0) < 2**31 else np.int64, copy=False)
    thr, dup = None, None
    if repeat_fraction > 0:
        thr = hold_threshold(np.bincount(account, minlength=int(account.max(initial=0)) + 1), repeat_fraction)
        if repeat_cap > 0:
            dup = repeated_texts(masked, account)
    hold = dict(cap=repeat_cap if thr is not None else 0, dup=dup, popular_ratio=popular_ratio,
                boilerplate=boilerplate_holders(account, boilerplate_share, boilerplate_min_accounts))
    keep = _template_shingles(h, doc, account, n_docs, thr, support_ratio, threads, min_strong=min_shingles, **hold)
    if isinstance(doc, _DocIndex):
        doc = doc.array()
    if close_gaps and tk is not None:
        # second pass: keep only the tokens that shared shingles cover (template words), close the gaps
        # (a word one account inserted, slot text) and shingle again, so a rewording that broke a few
        # shingles gets them back
        tk = _covered_tokens(tk, doc, pos, keep, shingle_size)
        doc, pos, h = _shingles(tk, shingle_size, content_only)
        doc = doc.astype(np.int32)
        keep = _template_shingles(h, doc, account, n_docs, thr, support_ratio, threads, min_strong=min_shingles, **hold)
    if features in ("words", "both"):
        # bag of template words: the tokens covered by shared shingles, each once per prompt
        starts = np.r_[0, np.cumsum(tk.lens)[:-1]]
        ks = np.flatnonzero(keep)
        tstart = starts[doc[ks]] + pos[ks]
        span = np.minimum(shingle_size, tk.lens[doc[ks]])
        covered = np.zeros(len(tk.code), bool)
        for j in range(shingle_size):
            covered[tstart[j < span] + j] = True
        ct = np.flatnonzero(covered)
        key = unique_sorted((tk.doc[ct].astype(np.uint64) << _U64(32)) | tk.code[ct].astype(np.uint64))
        kdoc = (key >> _U64(32)).astype(np.int64)
        kh = _mix64(tk.vocab_hash[(key & _U64(0xFFFFFFFF)).astype(np.int64)])
        if features == "both":
            # words and shingles together, each doc's entries kept contiguous (stable sort by doc)
            kdoc = np.concatenate([kdoc, doc[keep]])
            kh = np.concatenate([kh, h[keep]])
            o = np.argsort(kdoc, kind="stable")
            kdoc, kh = kdoc[o], kh[o]
    else:
        kdoc, kh = doc[keep], h[keep]
    doc_skel = np.full(n_docs, -1, np.int64)
    if len(kh) == 0:
        return doc_skel, _with_lines(_empty_families(), strip_lines)
    # skeleton = set of shared shingles; hash it order-free (sum of mixed hashes; kept shingles are in doc order)
    bounds = np.flatnonzero(np.r_[True, kdoc[1:] != kdoc[:-1]])
    sdocs = kdoc[bounds]
    with np.errstate(over="ignore"):
        skel_hash = np.add.reduceat(_mix64(kh), bounds)
    skel_size = np.diff(np.r_[bounds, len(kh)])
    ok = skel_size >= min_shingles
    sdocs, skel_hash, skel_size, bounds = sdocs[ok], skel_hash[ok], skel_size[ok], bounds[ok]
    if len(sdocs) == 0:
        return doc_skel, _with_lines(_empty_families(), strip_lines)
    sk_codes, sk_uniques = pd.factorize(skel_hash)
    sk_uniques = np.asarray(sk_uniques, dtype=np.uint64)
    n_sk = len(sk_uniques)
    # density order: most-used skeleton first (ties: smaller hash), so row order = leader preference
    sk_count = np.bincount(sk_codes, minlength=n_sk)
    order = np.lexsort((sk_uniques, -sk_count))
    rank = np.empty(n_sk, np.int64)
    rank[order] = np.arange(n_sk)
    sk_codes = rank[sk_codes]
    sk_uniques, sk_count = sk_uniques[order], sk_count[order]
    doc_skel[sdocs] = sk_codes
    # representative doc per skeleton: its first doc (by ``doc_rank`` when given)
    if doc_rank is None:
        first = np.unique(sk_codes, return_index=True)[1]
    else:
        o = np.lexsort((np.asarray(doc_rank)[sdocs], sk_codes))
        first = o[np.r_[True, sk_codes[o][1:] != sk_codes[o][:-1]]]
    rep_doc = sdocs[first]
    rep_bounds, rep_size = bounds[first], skel_size[first]
    # MinHash over the representatives' shared shingles (values grouped per rep, reps ordered by skeleton)
    seg = np.repeat(np.arange(n_sk), rep_size)
    vals = kh[np.repeat(rep_bounds, rep_size) + (np.arange(len(seg)) - np.repeat(np.r_[0, np.cumsum(rep_size)[:-1]], rep_size))]
    if _exact:
        # reference path for benchmarks: exact Jaccard of all skeleton pairs (O(n_sk^2) worst case)
        src, dst = _exact_pairs(seg, vals, n_sk, threshold)
    else:
        sig = minhash(seg, vals, n_sk, num_perm, seed)
        src, dst = _lsh_candidates(sig, bands, np.ones(n_sk, bool))
        if len(src):
            v = _verify(sig, src, dst, threshold, rep_size.astype(np.float64), containment)
            src, dst = src[v], dst[v]
    root = _family_roots(n_sk, src, dst, clustering)
    n_align = n_align_cand = 0
    if align_threshold > 0 and n_sk > 1:
        seg, codes, content = _skeleton_words(tk, arr if tk is None else None, doc, pos, keep, doc_skel, rep_doc,
                                              shingle_size, head_tokens, tail_tokens, content_only,
                                              strip_reasoning=strip_reasoning, strip_lines=strip_lines)
        root, n_align, n_align_cand = _align_families(root, seg, codes, content, n_sk, align_threshold, num_perm,
                                                      align_bands, align_window, seed, workers=threads)
        del seg, codes, content
    # stable family code: order families by the hash of their smallest skeleton hash
    fam_key = pd.Series(sk_uniques).groupby(root).min()
    fam_rank = fam_key.rank(method="first").astype(np.int64)
    fam_of_sk = fam_rank.reindex(root).to_numpy() - 1
    n_fam = len(fam_key)
    fam_hash = np.zeros(n_fam, np.uint64)
    fam_hash[fam_rank.to_numpy() - 1] = fam_key.to_numpy(np.uint64)
    family = np.where(doc_skel >= 0, fam_of_sk[np.maximum(doc_skel, 0)], -1).astype(np.int64)
    counts = np.bincount(family[family >= 0], minlength=n_fam)
    n_sk_f = np.bincount(fam_of_sk, minlength=n_fam)
    # exemplar: the representative doc of the family's densest skeleton (smallest skeleton code)
    best_sk = pd.Series(np.arange(n_sk)).groupby(fam_of_sk).min().reindex(np.arange(n_fam)).to_numpy()
    ex_doc = rep_doc[best_sk]
    fams = pd.DataFrame({
        "family": np.arange(n_fam, dtype=np.int64),
        "template_id": [f"tpl-{x:016x}" for x in fam_hash.tolist()],
        "n_prompts": counts.astype(np.int64),
        "n_skeletons": n_sk_f.astype(np.int64),
        "exemplar_doc": ex_doc.astype(np.int64),
    })
    if tk is None:
        # tokens of the exemplars only, again (tokenising is per text, so their shingles line up)
        ex_sorted = unique_sorted(ex_doc)
        tk = _tokenise(arr.take(ex_sorted), head_tokens, tail_tokens, strip_reasoning=strip_reasoning,
                       strip_lines=strip_lines)
        sel = np.flatnonzero(_in_codes(doc, ex_sorted, n_docs))
        d2, pos, _ = _shingles(tk, shingle_size, content_only)
        if len(d2) != len(sel):  # cannot happen: same texts, same tokeniser
            raise RuntimeError("exemplar shingles do not line up")
        doc, keep, ex_doc = d2, keep[sel], np.searchsorted(ex_sorted, ex_doc)
    fams["exemplar"] = _redact(tk, doc, pos, keep, ex_doc, shingle_size)
    log.info("prompts: %d prompts, %d with a skeleton, %d distinct skeletons, %d verified pairs "
             "(+%d of %d alignment candidates), %d families",
             n_docs, int((doc_skel >= 0).sum()), n_sk, len(src), n_align, n_align_cand, n_fam)
    return family, _with_lines(fams, strip_lines)


def _with_lines(fams: pd.DataFrame, strip_lines: np.ndarray | None) -> pd.DataFrame:
    """``fams`` with the boilerplate lines left out in ``attrs["strip_lines"]`` (the link stage reads the
    reasoning flags without them)."""
    if strip_lines is not None and len(strip_lines):
        fams.attrs["strip_lines"] = strip_lines
    return fams


def _in_codes(codes: np.ndarray, members: np.ndarray, n: int) -> np.ndarray:
    """``np.isin(codes, members)`` for integer codes in ``0..n-1``, by a lookup table.

    ``np.isin`` sorts the concatenation of both arrays: over the doc code of every kept shingle (about
    400M at 1M accounts) that was a 4-5 GB spike, the peak of the whole 1M run.

    >>> _in_codes(np.array([3, 0, 2, 3]), np.array([3, 1]), 4).tolist()
    [True, False, False, True]
    """
    table = np.zeros(n, bool)
    table[members] = True
    return table[codes]


def _empty_families() -> pd.DataFrame:
    return pd.DataFrame({"family": pd.Series([], dtype=np.int64), "template_id": pd.Series([], dtype=object),
                         "n_prompts": pd.Series([], dtype=np.int64), "n_skeletons": pd.Series([], dtype=np.int64),
                         "exemplar_doc": pd.Series([], dtype=np.int64), "exemplar": pd.Series([], dtype=object)})


#: an exemplar word that could be a secret: an ASCII word of 24 or more characters (no English word is that
#: long: a key, a token or a host name glued together by the masking's punctuation stripping), or an AWS-style
#: access key id; shown as ``<id>`` (see :func:`_secret_like`)
_SECRET_MIN_CHARS = 24
_AWS_KEY_ID = r"^(?:akia|asia|aida|aroa|aipa|anpa|anva|agpa)[a-z0-9]{16}$"


def _secret_like(words: np.ndarray) -> np.ndarray:
    """Which of the (normalised, lower-case) vocabulary ``words`` an exemplar must not show.

    Masking takes a token with a digit for an id (``<id>``), so a key that happens to hold none (an
    ``sk-...``, ``ghp_...`` or ``xoxb-...`` token of letters, an AWS key id of letters) stayed a word, and
    a key that a ring's members all paste into their template was shown in its exemplar (tester 59). Only
    the exemplar changes: the words still make the template's shingles, so the families are as before.

    >>> _secret_like(np.array(["skcanarykeyabcdefghijklmnopqrstuvwx", "akiaiosfodnnqexample", "akiaiosfodnnexample",
    ...                        "internationalization", "explanation", "<id>", "пояснительнаязапискакдипломнойработе"],
    ...                       dtype=object)).tolist()
    [True, True, False, False, False, False, False]
    """
    if len(words) == 0:
        return np.zeros(0, bool)
    arr = pa.array(words.tolist(), pa.large_string())
    ascii_ = pc.fill_null(pc.string_is_ascii(arr), False).to_numpy(zero_copy_only=False)
    long_ = pc.greater_equal(pc.utf8_length(arr), _SECRET_MIN_CHARS).to_numpy(zero_copy_only=False)
    aws = pc.fill_null(pc.match_substring_regex(arr, _AWS_KEY_ID), False).to_numpy(zero_copy_only=False)
    return ascii_ & (long_ | aws)


def _redact(tk: _Tokens, doc, pos, keep, ex_docs: np.ndarray, k: int, max_chars: int = 100) -> list[str]:
    """Short exemplar per family: shared-skeleton words and placeholders kept, the rest '…'; a word that could
    be a secret (:func:`_secret_like`) is shown as ``<id>``."""
    if len(ex_docs) == 0:
        return []
    in_ex = np.isin(tk.doc, ex_docs)
    covered = np.zeros(len(tk.doc), bool)
    # token index of each shingle start: tokens are flat in doc order, so start index = doc start + pos
    starts = np.r_[0, np.cumsum(tk.lens)[:-1]]
    ks = np.flatnonzero(keep & _in_codes(doc, ex_docs, int(max(doc.max(initial=-1), ex_docs.max(initial=-1))) + 1))
    tstart = starts[doc[ks]] + pos[ks]
    span = np.minimum(k, tk.lens[doc[ks]])
    for j in range(k):
        t = tstart + j
        covered[t[j < span]] = True
    ph = np.isin(tk.vocab, np.array(PLACEHOLDERS, dtype=object))
    show = covered | ph[tk.code]
    sel = np.flatnonzero(in_ex)
    shown = np.where(_secret_like(tk.vocab), "<id>", tk.vocab).astype(object)
    words = np.where(show[sel], shown[tk.code[sel]], "…")
    d = tk.doc[sel]
    # collapse runs of '…'
    dots = words == "…"
    drop = np.r_[False, dots[1:] & dots[:-1] & (d[1:] == d[:-1])]
    words, d = words[~drop], d[~drop]
    # join per doc with pyarrow (ListArray of words -> one string per doc)
    ud, first = np.unique(d, return_index=True)
    offs = np.r_[first, len(d)].astype(np.int32)
    joined = pc.binary_join(pa.ListArray.from_arrays(pa.array(offs), pa.array(words.tolist(), pa.string())), " ")
    by_doc = dict(zip(ud.tolist(), joined.to_pylist()))
    out = [by_doc.get(x, "") for x in ex_docs.tolist()]
    return [t if len(t) <= max_chars else t[: max_chars - 1] + "…" for t in out]


def sample_per_account_day(acc: np.ndarray, ts: np.ndarray, k: int, seed: int = 1,
                           tiebreak: np.ndarray | None = None) -> np.ndarray:
    """Indices of at most ``k`` events per (account, UTC day), chosen uniformly at random.

    Deterministic for a seed, and independent of the events' order: each event's random key is a hash
    of the seed, its account code and its time, plus ``tiebreak`` (uint64 per event, e.g. a hash of
    its prompt) for events of one account in the same second. (The keys were drawn by row position
    before session 23, so shuffled input rows chose other prompts.) Returns sorted indices into
    ``acc``/``ts``.

    >>> sample_per_account_day(np.array([0, 0, 0, 1]), np.array([0, 10, 20, 5]), 2).size
    3
    """
    n = len(acc)
    if k <= 0 or n == 0:
        return np.arange(n)
    acc = np.asarray(acc)
    ts = np.asarray(ts, np.int64)
    day = ts // 86400
    with np.errstate(over="ignore"):
        key = _mix64(acc.astype(np.uint64) * _U64(0x9E3779B97F4A7C15) + _U64(seed % 2**64))
        key = _mix64(key ^ ts.astype(np.uint64))
        if tiebreak is not None:
            key = _mix64(key ^ np.asarray(tiebreak, np.uint64))
    order = np.lexsort((key, day, acc))
    a, d = acc[order], day[order]
    start = np.r_[True, (a[1:] != a[:-1]) | (d[1:] != d[:-1])]
    gstart = np.maximum.accumulate(np.where(start, np.arange(n), 0))
    rank = np.arange(n) - gstart
    return np.sort(order[rank < k])


def _same_second_hashes(prompts: pd.Series, rows: np.ndarray, acc: np.ndarray, ts: np.ndarray) -> np.ndarray | None:
    """A hash of the prompt (``prompts.iloc[rows]``) of each event that shares its account and second with
    another event (0 for the others; ``None`` when there are none): the sampling's tie-break, so that the
    prompts kept do not depend on the rows' order. Only those events' prompts are read."""
    da, dt = np.diff(acc), np.diff(ts)
    if ((da > 0) | ((da == 0) & (dt >= 0))).all():  # the link stage's events: sorted by (account, time)
        order = np.arange(len(acc))
    else:
        order = np.lexsort((ts, acc))
    a, t = acc[order], ts[order]
    same = (a[1:] == a[:-1]) & (t[1:] == t[:-1])
    if not same.any():
        return None
    tied = np.zeros(len(acc), bool)
    tied[order[1:][same]] = True
    tied[order[:-1][same]] = True
    out = np.zeros(len(acc), np.uint64)
    at = np.flatnonzero(tied)
    out[at] = pd.util.hash_pandas_object(prompts.iloc[rows[at]], index=False).to_numpy(np.uint64)
    return out


def repeats_over(prompts: pd.Series, rows: np.ndarray, acc: np.ndarray, n_accounts: int, k: int) -> np.ndarray:
    """Per account: its requests beyond the ``k``-th send of one exact prompt text (``prompts.iloc[rows]``, sent
    by accounts ``acc``), int64. Only texts that share an account and a byte length with more than ``k`` others
    can repeat that often; only those are hashed (the lengths come from the Arrow offsets), so a log of
    varied prompts costs a pass over the lengths.

    >>> s = pd.Series(["ping"] * 5 + ["a", "b", "ping"], dtype="string[pyarrow]")
    >>> repeats_over(s, np.arange(8), np.array([0] * 6 + [1, 1]), 2, 2).tolist()
    [3, 0]
    """
    out = np.zeros(n_accounts, np.int64)
    if k <= 0 or not len(rows):
        return out
    arr = _Rows(prompts, rows)
    cand, h = _same_length_hashes(arr, acc, k)
    if not len(cand):
        return out
    return repeats_of_hashes(acc[cand], h.view(np.int64), n_accounts, k)


def _same_length_hashes(arr: _Rows, acc: np.ndarray, k: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(the texts of ``arr`` that share their account and byte length with more than ``k`` others, sorted;
    their :func:`prompt_hashes`). Only those can repeat an exact text more than ``k`` times; the lengths come
    from the Arrow offsets, so a log of varied prompts costs a pass over the lengths."""
    lens = np.concatenate([np.asarray(pc.binary_length(c).fill_null(0), np.int64) for c in arr.col.chunks]
                          or [np.zeros(0, np.int64)])
    if arr.rows is not None:
        lens = lens[arr.rows]
    key = (np.asarray(acc).astype(np.int64) << 32) | np.minimum(lens, (1 << 32) - 1)
    order = np.argsort(key, kind="stable")
    ks = key[order]
    starts = np.r_[0, np.flatnonzero(ks[1:] != ks[:-1]) + 1]
    run = np.diff(np.r_[starts, len(ks)])
    cand = np.sort(order[np.repeat(run > k, run)])
    if not len(cand):
        return cand, np.zeros(0, np.uint64)
    return cand, prompt_hashes(pd.Series(pd.arrays.ArrowStringArray(arr.take(cand).cast(pa.large_string()))))


def repeated_texts(prompts, account: np.ndarray) -> np.ndarray:
    """bool per prompt: its account sent the same exact text at an earlier position (a relayed or retried
    text, not a new item). What ``prompts.repeat_cap`` does not count (:func:`hold_threshold`).

    >>> repeated_texts(pd.Series(["a", "b", "a", "a", "b"]), np.array([0, 0, 0, 1, 1])).tolist()
    [False, False, True, False, False]
    """
    arr = prompts if isinstance(prompts, _Rows) else _Rows(prompts)
    out = np.zeros(len(arr), bool)
    if not len(arr):
        return out
    account = np.asarray(account)
    cand, h = _same_length_hashes(arr, account, 1)
    if len(cand):
        o = np.lexsort((cand, h, account[cand]))  # runs of one (account, text), each in text order
        a_s, h_s = account[cand][o], h[o]
        first = np.r_[True, (a_s[1:] != a_s[:-1]) | (h_s[1:] != h_s[:-1])]
        out[cand[o[~first]]] = True
    return out


def prompt_hashes(prompts: pd.Series) -> np.ndarray:
    """A 64-bit hash of each prompt text (uint64; what :func:`repeats_over` compares, and what a refresh
    state stores per event as ``prompt_hash``)."""
    return pd.util.hash_pandas_object(prompts.astype("string[pyarrow]"), index=False).to_numpy(np.uint64)


def repeats_of_hashes(acc: np.ndarray, h: np.ndarray, n_accounts: int, k: int) -> np.ndarray:
    """Per account: its events beyond the ``k``-th of one hash ``h`` (events of accounts ``acc``), int64."""
    out = np.zeros(n_accounts, np.int64)
    if not len(acc):
        return out
    acc, h = np.asarray(acc, np.int64), np.asarray(h)
    o = np.lexsort((h, acc))  # runs of one (account, hash): a sort, not a group-by (0.5 against 0.8 s at 2M)
    a_s, h_s = acc[o], h[o]
    starts = np.flatnonzero(np.r_[True, (a_s[1:] != a_s[:-1]) | (h_s[1:] != h_s[:-1])])
    run = np.diff(np.r_[starts, len(o)])
    big = run > k
    np.add.at(out, a_s[starts[big]], run[big] - k)
    return out


def _threads(n: int) -> int:
    """Worker threads for ``prompts.threads`` (0 = one per core, at most 4)."""
    import os

    return n if n > 0 else max(1, min(4, os.cpu_count() or 1))


def family_options(pc) -> dict:
    """Keyword arguments of :func:`template_families` from the ``prompts`` config section (all but ``threads``
    and ``doc_rank``): one mapping for ``detect``, the benchmarks and the tests, so a new setting reaches all."""
    return dict(shingle_size=pc.shingle_size, num_perm=pc.num_perm, bands=pc.bands, threshold=pc.similarity_threshold,
                min_shingles=max(1, pc.min_words - pc.shingle_size + 1), seed=pc.seed, clustering=pc.clustering,
                repeat_fraction=pc.repeat_fraction, repeat_cap=pc.repeat_cap, support_ratio=pc.support_ratio,
                popular_ratio=pc.popular_ratio, boilerplate_share=pc.boilerplate_share,
                boilerplate_min_accounts=pc.boilerplate_min_accounts,
                boilerplate_line_share=pc.boilerplate_line_share, containment=pc.containment, features=pc.features, head_tokens=pc.head_tokens,
                tail_tokens=pc.tail_tokens, strip_reasoning=pc.strip_reasoning, chunk_size=pc.chunk_size,
                close_gaps=pc.close_gaps, align_threshold=pc.align_threshold)


def build(ctx: LinkContext) -> list[Incidence]:
    """Template-family incidence; also leaves per-event family and reasoning flags in ``ctx.artifacts``.

    Artifacts: ``template_family`` (int64 per event, -1 = none or not sampled),
    ``template_families`` (family table), ``reasoning`` (bool per event, on all
    prompts), ``prompts_sampled`` (events that went through template extraction).
    """
    ev = ctx.events
    if "prompt" not in ev.columns or not ctx.config.prompts.enabled:
        return []
    pc_ = ctx.config.prompts
    has = ev["prompt"].notna().to_numpy()
    idx = np.flatnonzero(has)
    acc_s, ts_s = ev["acc"].to_numpy()[idx], ev["ts"].to_numpy()[idx]
    # prompts of one account in the same second, by content: the sampling's and the exemplars' tie-break
    tie = _same_second_hashes(ev["prompt"], idx, acc_s, ts_s) if len(idx) else None
    if pc_.max_prompts_per_account_day > 0 and len(idx):
        sub = sample_per_account_day(acc_s, ts_s, pc_.max_prompts_per_account_day, pc_.seed, tiebreak=tie)
        idx, acc_s, ts_s = idx[sub], acc_s[sub], ts_s[sub]
        tie = None if tie is None else tie[sub]
    # the representative prompt of a skeleton (its exemplar) is its first by account, time and text, not by row
    doc_rank = None
    if tie is not None:
        doc_rank = np.empty(len(idx), np.int64)
        doc_rank[np.lexsort((tie, ts_s, acc_s))] = np.arange(len(idx))
    # requests beyond the k-th send of one exact text, per account (scoring.max_repeats_per_prompt): all prompts,
    # not the sample (a monitor's check repeats within every day)
    k_rep = ctx.config.scoring.max_repeats_per_prompt
    if k_rep > 0:
        rows_all = np.flatnonzero(has)
        ctx.artifacts["prompt_repeats_over"] = repeats_over(ev["prompt"], rows_all, ev["acc"].to_numpy()[rows_all],
                                                            len(ctx.account_ids), k_rep)
    ctx.artifacts["prompts_sampled"] = int(len(idx))
    # which events the prompt-derived rates are shares of (scoring.account_features)
    ctx.artifacts["prompt_logged"] = has
    measured = np.zeros(len(ev), bool)
    measured[idx] = True
    ctx.artifacts["template_measured"] = measured
    # the column is read a chunk at a time (no combined, cast or sampled copy of all prompts)
    all_prompts = _Rows(ev["prompt"])
    prompts = all_prompts if len(idx) == len(ev) else _Rows(all_prompts.col, idx)
    threads = _threads(pc_.threads)
    if threads > 1:
        # reasoning flags (one regex pass over the full texts) run beside the tokenising
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=1)
        reasoning = pool.submit(reasoning_flags, all_prompts)
    # which accounts the boilerplate-line pass samples: by a hash of the id, not of the code (the codes move with
    # the accounts table's rows)
    acc_hash = (pd.util.hash_array(np.asarray(ctx.account_ids, dtype=object)) if pc_.boilerplate_line_share > 0
                else None)
    fam, fams = template_families(prompts, ev["acc"].to_numpy()[idx], **family_options(pc_), threads=threads,
                                  doc_rank=doc_rank, account_hash=acc_hash)
    strip = fams.attrs.pop("strip_lines", None)
    family = np.full(len(ev), -1, np.int64)
    family[idx] = fam
    ctx.artifacts["template_family"] = family
    ctx.artifacts["template_families"] = fams.drop(columns=["exemplar_doc"])
    if threads > 1:
        ctx.artifacts["reasoning"] = reasoning.result()
        pool.shutdown()
    else:
        ctx.artifacts["reasoning"] = reasoning_flags(all_prompts)
    if strip is not None and len(strip):
        # a request for reasoning in the boilerplate ("Think step by step." in a default system message) is no
        # request of the account's: the flagged prompts are read again without those lines
        ctx.artifacts["reasoning"] = _reasoning_without_lines(all_prompts, ctx.artifacts["reasoning"], strip)
    ok = family >= 0
    if not ok.any():
        return []
    df = pd.DataFrame({"acc": ev["acc"].to_numpy()[ok], "f": family[ok], "ts": ev["ts"].to_numpy()[ok]})
    g = df.groupby(["acc", "f"], sort=True).agg(n=("f", "size"), first=("ts", "min"), last=("ts", "max")).reset_index()
    return [Incidence(
        link_type="template",
        account=g["acc"].to_numpy(np.int32),
        attr=g["f"].to_numpy(np.int64),
        labels=fams["template_id"].to_numpy(dtype=object),
        n_events=g["n"].to_numpy(np.int32),
        first_seen=g["first"].to_numpy(np.int64),
        last_seen=g["last"].to_numpy(np.int64),
    )]
