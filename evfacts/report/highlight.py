"""An article's evidence marked in its text, rendered by spaCy's displaCy.

displaCy's ``ent`` style (``manual=True``) keeps the text exactly as written:
it copies the characters between marks, escapes them and turns line breaks
into ``<br>``, so a mark's text is ``body[start:end]`` and nothing else. That
is what a reader checking a fact needs, and what the tests compare. The
``ent`` style cannot nest marks, though, and ``span`` style re-joins tokens
with spaces (it would change the text and cannot mark part of a token). So
evidence is laid out in layers of non-overlapping spans:

* facts with the same evidence (doc, start, end) share one mark;
* the first layer, the most evidence that does not overlap, is marked in the
  article text itself;
* evidence overlapping a mark of an earlier layer is marked again in an
  excerpt (its paragraph, re-rendered) below the article, once per layer, so
  every fact's evidence has a mark of its own whose text is its ``text``.

Every mark carries its absolute offsets, the numbers of the facts it states
(the rows of the article's fact table) and a hover text with those facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

#: The displaCy ``ent`` template of one mark. displaCy fills ``{text}`` (escaped
#: by displaCy itself) and ``{label}``; the other fields are this module's
#: ``params``, escaped here with markupsafe before displaCy formats them in.
#: One line, no whitespace around the text, so the mark's text is the evidence.
MARK_TEMPLATE = ('<mark class="ev {classes}" id="{anchor}" data-doc="{doc}" data-start="{start}" '
                 'data-end="{end}" data-facts="{facts}" title="{tooltip}">'
                 '<span class="ev-text">{text}</span><sup class="ev-n">{numbers}</sup></mark>')

#: Longest excerpt shown around overlapping evidence, in characters either side.
EXCERPT_REACH = 300


@dataclass(frozen=True)
class Evidence:
    """One stretch of evidence in an article and the facts it states."""

    anchor: str          #: the HTML id of its mark
    start: int
    end: int
    types: tuple[str, ...]   #: the fact types it states, in type order
    facts: tuple[int, ...]   #: the numbers of its facts in the article's fact table
    tooltip: str             #: one line per fact, shown on hover

    def overlaps(self, other: Evidence) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Excerpt:
    """A paragraph re-rendered to mark evidence that overlaps a mark in the text."""

    start: int
    end: int
    html: Markup


def layers(evidence: list[Evidence]) -> list[list[Evidence]]:
    """Evidence split into layers whose marks do not overlap, earliest and longest first.

    Each piece goes to the first layer where it overlaps nothing, so the
    first layer (the article text) holds as much as it can.
    """
    out: list[list[Evidence]] = []
    for ev in sorted(evidence, key=lambda e: (e.start, -(e.end - e.start))):
        for layer in out:
            if not any(ev.overlaps(other) for other in layer):
                layer.append(ev)
                break
        else:
            out.append([ev])
    return out


def render_marks(text: str, evidence: list[Evidence], doc: str, offset: int = 0) -> Markup:
    """``text`` as HTML with each non-overlapping piece of ``evidence`` marked.

    ``offset`` is where ``text`` starts in the article body (an excerpt's
    start); the evidence offsets are the body's.
    """
    from spacy import displacy

    ents = [{"start": ev.start - offset, "end": ev.end - offset, "label": ev.types[0],
             "params": {"classes": escape(" ".join(f"t-{t}" for t in ev.types)),
                        "anchor": escape(ev.anchor), "doc": escape(doc),
                        "start": ev.start, "end": ev.end,
                        "facts": " ".join(str(n) for n in ev.facts),
                        "numbers": ",".join(str(n) for n in ev.facts),
                        "tooltip": escape(ev.tooltip)}}
            for ev in evidence]
    html = displacy.render({"text": text, "ents": ents, "title": None}, style="ent", manual=True,
                           options={"template": MARK_TEMPLATE})
    return Markup(html)  # noqa: S704 (displaCy escaped the text; the params are escaped above)


def excerpt_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (line) holding ``body[start:end]``, cut to :data:`EXCERPT_REACH` at spaces."""
    lo = body.rfind("\n", 0, start) + 1
    hi = body.find("\n", end)
    hi = len(body) if hi < 0 else hi
    if start - lo > EXCERPT_REACH:
        cut = body.find(" ", start - EXCERPT_REACH, start)
        lo = cut + 1 if cut >= 0 else start
    if hi - end > EXCERPT_REACH:
        cut = body.rfind(" ", end, end + EXCERPT_REACH)
        hi = cut if cut >= 0 else end
    return lo, hi


def render_article(body: str, evidence: list[Evidence], doc: str) -> tuple[Markup, list[Excerpt]]:
    """The body with its first layer of evidence marked, and excerpts marking the rest."""
    found = layers(evidence)
    if not found:
        return render_marks(body, [], doc), []
    excerpts: list[Excerpt] = []
    for layer in found[1:]:
        groups: dict[tuple[int, int], list[Evidence]] = {}
        for ev in layer:
            lo, hi = excerpt_bounds(body, ev.start, ev.end)
            groups.setdefault((lo, hi), []).append(ev)
        # Overlapping windows of one layer merge, so each mark is rendered once per excerpt.
        merged: list[tuple[int, int, list[Evidence]]] = []
        for (lo, hi), evs in sorted(groups.items()):
            if merged and lo < merged[-1][1]:
                last = merged[-1]
                merged[-1] = (last[0], max(last[1], hi), last[2] + evs)
            else:
                merged.append((lo, hi, evs))
        excerpts += [Excerpt(lo, hi, render_marks(body[lo:hi], evs, doc, offset=lo)) for lo, hi, evs in merged]
    return render_marks(body, found[0], doc), sorted(excerpts, key=lambda x: (x.start, x.end))
