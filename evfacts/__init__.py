"""evfacts: sourced facts from electric-vehicle press coverage.

The library surface is small and lazy (importing evfacts does not import spaCy)::

    from evfacts import Extractor
    extractor = Extractor()                      # loads the model and patterns once
    for fact in extractor.extract_text("Kia will unveil the EV9 on March 15, 2023."):
        print(fact.to_dict())
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Extractor", "Fact", "extract_text", "__version__"]

if TYPE_CHECKING:
    from .extract import Extractor
    from .facts import Fact


def __getattr__(name: str) -> Any:
    if name == "Extractor":
        from .extract import Extractor

        return Extractor
    if name == "Fact":
        from .facts import Fact

        return Fact
    raise AttributeError(name)


def extract_text(text: str, published: Any = None, **options: Any) -> list[dict]:
    """Facts of one text as dicts; builds an Extractor each call (use Extractor for many).

    ``published`` is a ``datetime.date`` or an ISO date string ("2024-05-01");
    anything else raises TypeError before the model is loaded.
    """
    from .extract import Extractor, as_date

    day = as_date(published, "published")
    return [f.to_dict() for f in Extractor(**options).extract_text(text, published=day)]
