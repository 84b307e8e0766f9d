"""Faster stand-ins for two rule-based components of the model, with identical output.

In ``en_core_web_sm`` the attribute ruler (tag -> part of speech and
morphology, 179 Matcher patterns) and the rule lemmatizer cost together about
a sixth of the pipeline: more than every evfacts component. Neither is
statistical, so both can be made cheaper without changing a single
annotation:

* the attribute ruler's patterns go into a :class:`~evfacts.nlp.matching.FastMatcher`,
  and its matches are applied without building a Span per token;
* the lemmatizer's own cache key (form, part of speech, morphology) is read
  for the whole Doc as one array, and each distinct key is lemmatized once
  per run by the lemmatizer itself.

Each stand-in keeps the component's name and position and holds the original
component, which does the actual work; :func:`speed_up` installs them where
the pipeline has the standard components and leaves any other pipeline alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .matching import FastMatcher

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class FastAttributeRuler:
    """The model's AttributeRuler, matched by a FastMatcher and applied token by token."""

    def configure(self, ruler: Any) -> None:
        fast = FastMatcher(ruler.vocab)
        for n, entry in enumerate(ruler.patterns):  # the ruler's keys are its rules' positions, as strings
            fast.add(str(n), entry["patterns"])
        ruler.matcher = fast
        self.ruler = ruler

    def __call__(self, doc: "Doc") -> "Doc":
        from spacy.tokens._retokenize import set_token_attrs

        ruler = self.ruler
        for attr_id, _, start, end in ruler.match(doc):  # sorted by rule: later rules win
            index = ruler.indices[attr_id]
            at = (start if index >= 0 else end) + index
            if not start <= at < end:
                raise ValueError(f"attribute rule {attr_id} sets token {index} of a {end - start}-token match")
            set_token_attrs(doc[at], ruler.attrs[attr_id])
        return doc


class CachedLemmatizer:
    """The model's rule Lemmatizer, asked once per distinct (form, POS, morphology)."""

    def configure(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: "Doc") -> "Doc":
        import numpy

        if not len(doc):
            return doc
        keys = doc.to_array(["ORTH", "POS", "MORPH", "LEMMA"])
        lemmas = keys[:, 3].copy()
        overwrite, strings, cache = self.lemmatizer.overwrite, doc.vocab.strings, self.cache
        for i, (orth, pos, morph, lemma) in enumerate(keys.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            if key not in cache:
                cache[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = cache[key]
        doc.from_array(["LEMMA"], numpy.ascontiguousarray(lemmas.reshape(-1, 1)))
        return doc


def speed_up(nlp: "Language") -> None:
    """Swap in the stand-ins for a standard attribute ruler and rule lemmatizer, if present."""
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler, Lemmatizer

    stand_ins = (("attribute_ruler", AttributeRuler, FastAttributeRuler, lambda c: True),
                 ("lemmatizer", Lemmatizer, CachedLemmatizer, lambda c: c.mode == "rule"))
    for name, kind, stand_in, suitable in stand_ins:
        if name not in nlp.pipe_names or not isinstance(nlp.get_pipe(name), kind) or not suitable(nlp.get_pipe(name)):
            continue
        factory = f"evfacts_fast_{name}"
        if not Language.has_factory(factory):
            Language.factory(factory)(lambda nlp, name, cls=stand_in: cls())
        original = nlp.get_pipe(name)
        nlp.replace_pipe(name, factory).configure(original)


__all__ = ["CachedLemmatizer", "FastAttributeRuler", "speed_up"]
