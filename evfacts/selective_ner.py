"""Run the model's NER only on the sentences where it can find a name.

The statistical NER is the most expensive component of ``en_core_web_sm``
(about 45% of the pipeline's time) and evfacts reads only some of what it
finds: organisations and people (the names the gazetteer does not know), and
the labels that keep a place, a number or a date from being taken for one.
Those matter only where a name can be, on a proper noun. A sentence whose
proper nouns are all inside gazetteer entities (or that has none) gives the
NER nothing evfacts uses, so it is skipped; in press text that is about a
fifth of the tokens.

Each run of consecutive sentences that need the NER is copied, with a few
tokens of context on each side, into a small Doc (with what the NER reads:
the tokens' norms, sentence starts and the gazetteer's preset entities); the runs of a batch
go through the real NER's ``pipe`` together, and the entities inside each run
are copied back. Beyond the margins the NER sees no context, so a name may
rarely be read differently than in the whole text; the dev-set scores check
that this costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


def needs_ner(sent: "Span") -> bool:
    """Whether a sentence has a proper noun outside the entities already set."""
    return any(tok.pos_ == "PROPN" and tok.ent_iob_ not in ("B", "I") for tok in sent)


#: Tokens of context kept on each side of a run: the NER's token features (four convolution
#: layers of window one) reach four tokens away.
MARGIN = 4
#: Token attributes the NER reads or respects; the column of ENT_IOB is 1.
COPIED = ["NORM", "ENT_IOB", "ENT_TYPE", "SENT_START"]


def runs(doc: "Doc") -> list[tuple[int, int]]:
    """Token ranges of consecutive sentences that need the NER, joined when their margins meet."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        if not needs_ner(sent):
            continue
        if out and out[-1][1] + 2 * MARGIN >= sent.start:
            out[-1] = (out[-1][0], sent.end)
        else:
            out.append((sent.start, sent.end))
    return out


class SelectiveNER:
    """A pipeline component standing in for ``ner``: the same NER, on fewer sentences."""

    def configure(self, ner: Any) -> None:
        self.ner = ner

    def __call__(self, doc: "Doc") -> "Doc":
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable["Doc"], batch_size: int = 256) -> Iterator["Doc"]:
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            pieces = []
            for doc in batch:
                array = None
                for start, end in runs(doc):
                    if array is None:
                        array = doc.to_array(COPIED)
                    left, right = max(0, start - MARGIN), min(len(doc), end + MARGIN)
                    pieces.append((doc, left, start, end, _copy(doc, array, left, right)))
            for _ in self.ner.pipe([piece[-1] for piece in pieces], batch_size=batch_size):
                pass
            found: dict[int, list] = {}
            for doc, left, start, end, sub in pieces:  # entities in the margins belong to other sentences
                found.setdefault(id(doc), []).extend((left + e.start, left + e.end, e.label) for e in sub.ents
                                                     if left + e.end > start and left + e.start < end)
            for doc in batch:
                _merge(doc, found.get(id(doc), []))
            yield from batch


def _copy(doc: "Doc", array: Any, start: int, end: int) -> "Doc":
    """Tokens ``start:end`` as a new Doc with what the NER reads: norms, preset entities, sentences.

    ``Span.as_doc`` would do, but also copies parses, vectors and tensors the NER never reads.
    """
    from spacy.tokens import Doc

    words = [t.text for t in doc[start:end]]
    spaces = [bool(t.whitespace_) for t in doc[start:end]]
    sub = Doc(doc.vocab, words=words, spaces=spaces)
    part = array[start:end].copy()
    if len(part) and part[0][1] == 1:  # an entity cut by the margin: its first token begins it here
        part[0][1] = 3
    sub.from_array(COPIED, part)
    return sub


def _merge(doc: "Doc", found: list[tuple[int, int, int]]) -> None:
    """The NER's entities added to the preset ones; every other token is outside an entity."""
    from spacy.tokens import Span

    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    new = [Span(doc, s, e, label=label) for s, e, label in found if not taken & set(range(s, e))]
    doc.ents = sorted([*doc.ents, *new], key=lambda span: span.start)


__all__ = ["SelectiveNER", "needs_ner", "runs"]
