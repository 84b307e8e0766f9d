"""Run the model's NER only around the words where it can find a name.

The statistical NER is the most expensive component of ``en_core_web_sm``
(about 45% of the pipeline's time) and evfacts reads only some of what it
finds: organisations and people (the names the gazetteer does not know),
places and nationalities, and the labels that keep a number or a date from
being taken for a name. The first three sit on proper nouns and capitalised
adjectives ("Chinese"); evfacts only ever takes a name from a proper noun, so
a date or a number the NER would label elsewhere changes nothing.

So the NER reads only the stretches around proper nouns and capitalised
adjectives that are not already inside a gazetteer entity: each such word
with four tokens of context on either side (the reach of the NER's token
features: four convolution layers of window one), stretches joined when
their contexts meet. The stretches of a batch are copied into small Docs
(with what the NER reads: the tokens' norms, sentence starts and the
gazetteer's preset entities), go through the real NER's ``pipe`` together,
and the entities over the names are copied back. In press text that is
about half the tokens. Beyond its context the NER sees nothing, so a name
may rarely be read differently than in the whole text; the dev-set scores
check that this costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Tokens of context read on each side of a name.
MARGIN = 4
#: Token attributes the NER reads or respects; the column of ENT_IOB is 1.
COPIED = ["NORM", "ENT_IOB", "ENT_TYPE", "SENT_START"]


def name_tokens(doc: "Doc") -> list[int]:
    """Proper nouns and capitalised adjectives outside the entities already set."""
    import numpy
    from spacy.symbols import ADJ, PROPN

    if not len(doc):
        return []
    array = doc.to_array(["POS", "IS_TITLE", "ENT_IOB"])
    word = (array[:, 0] == PROPN) | ((array[:, 0] == ADJ) & (array[:, 1] == 1))
    return numpy.flatnonzero(word & ~numpy.isin(array[:, 2], (1, 3))).tolist()  # ENT_IOB 1 is I, 3 is B


def runs(doc: "Doc") -> list[tuple[int, int]]:
    """Token ranges from the first to the last of nearby names, joined when their contexts meet."""
    out: list[tuple[int, int]] = []
    for i in name_tokens(doc):
        if out and out[-1][1] + 2 * MARGIN >= i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


class SelectiveNER:
    """A pipeline component standing in for ``ner``: the same NER, on fewer tokens."""

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
                        array = doc.to_array([*COPIED, "ORTH", "SPACY"])
                    left, right = max(0, start - MARGIN), min(len(doc), end + MARGIN)
                    pieces.append((doc, left, start, end, _copy(doc, array, left, right)))
            for _ in self.ner.pipe([piece[-1] for piece in pieces], batch_size=batch_size):
                pass
            found: dict[int, list] = {}
            for doc, left, start, end, sub in pieces:  # only entities over the names: the rest is context
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

    strings = doc.vocab.strings
    part = array[start:end].copy()
    sub = Doc(doc.vocab, words=[strings[o] for o in part[:, 4].tolist()], spaces=part[:, 5].astype(bool).tolist())
    if len(part) and part[0][1] == 1:  # an entity cut by the margin: its first token begins it here
        part[0][1] = 3
    sub.from_array(COPIED, part[:, :4])
    return sub


def _merge(doc: "Doc", found: list[tuple[int, int, int]]) -> None:
    """The NER's entities added to the preset ones; every other token is outside an entity."""
    from spacy.tokens import Span

    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    new = [Span(doc, s, e, label=label) for s, e, label in found if not taken & set(range(s, e))]
    doc.ents = sorted([*doc.ents, *new], key=lambda span: span.start)


__all__ = ["SelectiveNER", "name_tokens", "runs"]
