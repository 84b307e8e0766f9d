"""Find the vehicle models and makers an article names that the gazetteer does not know.

The press writes about new models and new companies every day; a gazetteer
is always behind. This component runs after the NER and learns, from the
article itself, the models it is about, using the ways the press introduces a
vehicle:

* a maker followed by a model code or name, "Haoyun S9", "Voltaro One"
  (the maker is a known carmaker, an ORG of the NER, or a word that stands
  before the same code again elsewhere in the article);
* "the NAME" followed by a vehicle noun, directly or as an apposition:
  "the Aero compact SUV", "the S9, a large five-seat SUV", "the Tern sedan";
* a code-shaped token that the article uses with a vehicle noun at least once
  ("S7 sedan", "the BE 6e and the XEV 9e SUVs").

Each discovered name is then labelled ``EV_MODEL`` wherever it occurs in the
article (its entity id is "Maker Name" when the article writes the maker
beside it), and the makers become ``ORG`` entities. Existing gazetteer
entities are never overwritten.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from .cast import title_case_lines

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

VEHICLE_NOUNS = {"suv", "suvs", "sedan", "sedans", "hatchback", "hatchbacks", "crossover", "crossovers",
                 "pickup", "pickups", "truck", "trucks", "van", "vans", "ev", "evs", "coupe", "wagon",
                 "minivan", "mpv", "saloon", "roadster", "limousine", "scooter", "scooters", "motorcycle",
                 "car", "cars", "model", "models", "bev", "phev", "estate", "liftback", "shooting",
                 "vehicle", "vehicles", "bus", "buses", "lorry", "lorries", "tractor", "tractors", "motorbike"}
CLASS_WORDS = {"class", "segment", "size", "sized", "type", "style", "series-production"}
CODE = re.compile(r"^(?!(?:Q[1-4]|H[12]|FY\d+|CY\d+|COVID|CO2|GWh|MWh|kWh|kW|km|mph|[0-9]+(?:st|nd|rd|th|s|m|bn|k)"
                  r"|[0-9](?:WD|D|G|K|GB|TB|MP|AM|PM|V|C))$)"
                  r"(?:[A-Z]{1,4}-?\d{1,3}[A-Za-z]{0,2}|\d{1,3}[a-z]|[A-Z]{1,3}\d[A-Z]?|\d{1,2}[A-Z]{1,2})$")
LETTERS = re.compile(r"^[A-Z]{2,4}$")
# "eCascadia", "iX", "eM2", "e.MAS": a lower-case prefix before a capital is a product name's shape.
CAMEL = re.compile(r"^[a-z]{1,2}\.?[A-Z][A-Za-z0-9]*$")
NOT_CAMEL = {"iPhone", "iPhones", "iPad", "iPod", "iOS", "iMac", "eBay", "iCloud", "iTunes", "eSIM", "eCall", "mAh"}
# Letters-only codes that are no model after a maker's name ("Volvo CEO", "BYD EV", "Tesla AG").
NOT_LETTER_CODES = {"CEO", "CFO", "CTO", "COO", "EV", "EVS", "US", "UK", "EU", "AG", "SE", "SUV", "PHEV", "BEV",
                    "OEM", "NEV", "IPO", "GWH", "KWH", "USA", "UAE", "CO", "LLC", "LTD", "INC", "HQ", "PR", "AI",
                    "ADAS", "OTA", "SPAC", "NYSE", "IT", "HR", "R&D", "ICE", "LFP", "NMC", "NCA", "CATL", "DC", "AC"}
DIGIT_TAIL = re.compile(r"^\d{1,3}[a-z]{0,2}$")
#: Words a number or letter ranks, not names: "Class 5 chassis", "Level 2", "Phase 1", "Series B", "Tier 1".
RANK_WORDS = {"Class", "Level", "Phase", "Stage", "Tier", "Series", "Round", "Type", "Grade", "Category", "Section",
              "Part", "Chapter", "Gate", "Hall", "Lot", "Unit", "Plant", "Line", "Building", "Gen"}
NOT_NAMES = {"The", "A", "An", "This", "That", "Its", "Their", "New", "First", "All", "Electric", "EV",
             "Chinese", "German", "American", "Japanese", "Korean", "Indian", "European", "US", "UK", "EU"} | RANK_WORDS
BLOCK_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "GPE", "LOC",
                "PERSON", "MEDIA", "GOV", "EV_MODEL", "NORP"}
# The NER often swallows a model code into a PERSON or ORG guess ("Haoyun S9"); codes ignore those.
CODE_BLOCK_LABELS = BLOCK_LABELS - {"PERSON"}
INTRODUCED_BLOCK_LABELS = BLOCK_LABELS - {"PERSON", "CARDINAL", "ORDINAL"}
# Words after a maker's name that make a company or place name, not a model ("Tesla Gigafactory").
NOT_MODEL_WORDS = {"Motor", "Motors", "Auto", "Automotive", "Group", "Holding", "Holdings", "Energy", "Inc",
                   "Technologies", "Technology", "Capital", "Ventures", "Partners", "Cars", "Company", "Corp",
                   "International", "Electric", "Mobility", "Gigafactory", "Plant", "Factory", "Works",
                   "India", "China", "Europe", "America", "Germany", "Japan", "Korea", "Battery", "Batteries",
                   "Power", "Systems", "Solutions", "Industries", "Industrial", "Investment", "Fund", "Bank",
                   "Co", "Ltd", "Limited", "AG", "SE", "Chief", "CEO", "President", "Chairman", "Founder",
                   "Director", "Head", "Board", "Said", "Says", "Will", "Has", "Is", "Was",
                   # places and bodies: "the Tianma Circuit", "Tesla Gigafactory", "BMW Welt"
                   "Circuit", "Track", "Park", "Centre", "Center", "Stadium", "Hall", "Show", "Expo", "Fair",
                   "Campus", "Port", "Square", "Street", "Road", "Avenue", "Airport", "Station", "Lab", "Labs",
                   "Studio", "Team", "Foundation", "University", "Institute", "Association", "Council",
                   "Ministry", "Department", "Office", "Agency", "Digital", "Key", "App", "Store", "Stores",
                   "Zone", "District", "Province", "County", "City", "Region", "Area", "Valley", "Island",
                   "Trucks", "Buses", "Vans", "Bus", "Truck", "Cars", "Cell", "Cells", "Materials", "Electronics",
                   "Components", "Software", "Chemical", "Semiconductor", "Lithium"}


#: ``Doc.user_data`` key of the document's title, set by the extractor before parsing.
TITLE_KEY = "evfacts_title"


def discover_models(doc: "Doc") -> "Doc":
    """The spaCy component: add EV_MODEL and maker ORG entities learned from the article."""
    names: dict[tuple[str, ...], str | None] = {}  # model tokens -> maker text (or None)
    headline = title_case_lines(doc)
    for tok in doc:
        i = tok.i
        if i in headline or tok.is_punct or tok.is_space or (tok.is_lower and not tok.text[:1].isdigit()):
            continue  # every shape below needs a capital letter or a leading digit ("BE 6e", "9e")
        found = _model_at(doc, i)
        if found is None:
            continue
        model, maker = found
        key = tuple(t.text for t in model)
        if maker is not None or key not in names:
            names[key] = maker.text if maker is not None else names.get(key)
    doc.user_data.pop(_ENTS_BY_END, None)  # the entities are about to change
    if names:
        _label(doc, names)
    return doc


def _model_at(doc: "Doc", i: int) -> "tuple[Span, Span | None] | None":
    """A model starting at token i, with the maker written before it if any."""
    code = _code_span(doc, i)
    if code is not None and _class_word_follows(doc, code.end):
        return None  # "an A0-class hatchback", "a C-segment SUV"
    tail = _tail_span(doc, i) if code is None else None
    model = code or tail or _name_span(doc, i) or _word_span(doc, i)
    if model is None:
        return None
    model = _with_suffix(doc, model)
    introduced = (_vehicle_follows(doc, model.end) or _apposition_vehicle(doc, model.end)
                  or _copula_vehicle(doc, model.end) or _vehicle_before(doc, model.start))
    k = model.start - 1 if model.start >= 2 and doc[model.start - 1].lower_ in NEW_WORDS else model.start
    after_the = k > 0 and doc[k - 1].lower_ in {"the", "its", "their"}  # "the Quintar Grand", "its first K7"
    known_maker = model.start > 0 and doc[model.start - 1].ent_id_ and doc[model.start - 1].ent_type_ == "ORG"
    if not introduced and (tail is not None or after_the or known_maker) and _acts_as_vehicle(doc, model):
        introduced = True
    if not introduced and (tail is not None or after_the) and len(model) >= 2 and _in_title(doc, None, model):
        introduced = True  # "the Tessel Aven" under the headline "Tessel Aven priced for Europe"  # "The Ilvar S has an 82 kWh battery", "unveiled the Quintar Grand", "the Jeep Recon is slated"
    if tail is not None:
        code = tail  # a name with a letter or code at its end reads as a model wherever it stands
    # Introduced as a vehicle, a name beats the NER's guess ("the One" CARDINAL, "the Dot" PERSON).
    blocked = CODE_BLOCK_LABELS if code is not None else (INTRODUCED_BLOCK_LABELS if introduced else BLOCK_LABELS)
    if any(t.ent_type_ in blocked or t.ent_id_ for t in model):
        return None
    maker = _maker_before(doc, model.start)
    if tail is not None and not introduced and maker is None:
        return None
    if maker is not None and (code is not None or introduced or after_the or _in_title(doc, maker, model)):
        return model, maker  # ... or the headline names the pair: "Jeep Recon, Wagoneer S unveiled"
    if maker is not None and _repeats(doc, maker, model) and _acts_as_subject(doc, model):
        return model, maker
    if introduced and (code is not None or after_the):
        return model, None
    return None


#: Words that end a model's name after its first word ("Ilvar S", "Tern GT", "Quintar Electric").
TAIL_WORDS = {"EV", "Electric", "GT", "GTS", "RS", "Plus", "Pro", "Max", "Ultra", "Sport", "Touring", "X", "e"}
#: Verbs a vehicle is the subject of ("The Ilvar S has an 82 kWh battery", "goes on sale"),
#: the passive subject of ("will be built"), or the object of ("unveiled the Quintar Grand").
VEHICLE_SUBJECT_VERBS = {"have", "offer", "get", "pack", "come", "feature", "boast", "carry", "go", "arrive", "hit",
                         "reach", "debut", "start", "begin", "enter", "roll", "cost", "charge", "accelerate",
                         "sprint", "travel", "cover", "seat", "sit", "measure", "weigh", "promise", "achieve",
                         "return", "deliver", "premiere", "land", "join", "rival", "undercut", "ride", "use",
                         "support", "run", "sport", "get", "ship", "retail", "sell", "compete", "target"}
VEHICLE_PASSIVE_VERBS = {"build", "produce", "make", "manufacture", "assemble", "unveil", "reveal", "launch", "show",
                         "deliver", "sell", "price", "offer", "equip", "power", "fit", "base", "rate", "introduce",
                         "present", "display", "launch", "ship", "homologate", "certify", "order", "reserve",
                         "slate", "schedule", "expect", "set", "plan", "due"}
VEHICLE_OBJECT_VERBS = {"unveil", "reveal", "launch", "introduce", "show", "present", "debut", "build", "produce",
                        "manufacture", "assemble", "deliver", "sell", "price", "drive", "test", "order", "reserve",
                        "book", "showcase", "display", "preview", "tease", "launching", "hand", "ship"}
VEHICLE_OF_NOUNS = {"production", "deliveries", "delivery", "launch", "unveiling", "debut", "sales", "price",
                    "range", "battery", "version", "variant", "reveal", "premiere", "rollout", "assembly", "owners"}


#: Words that complete a model's name after it ("Volvo FH Electric", "Ilvar S Plus").
SUFFIX_WORDS = {"Electric", "EV", "e-tron", "Sportback", "Plus", "Pro", "Max", "Ultra", "Touring", "Performance"}


def _with_suffix(doc: "Doc", model: "Span") -> "Span":
    """The model with the suffix words written right after it, and a hyphenated tail ("Sea-Q", "Lumo-X")."""
    end = model.end
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end - 1].whitespace_ == "" and doc[end].whitespace_ == "" \
            and (doc[end + 1].is_upper or doc[end + 1].is_title or CODE.match(doc[end + 1].text)) \
            and not doc[end + 1].ent_id_:
        end += 2
    while end < len(doc) and end - model.end < 2 and doc[end].text in SUFFIX_WORDS and not doc[end].ent_id_:
        end += 1
    return doc[model.start:end]


def _tail_span(doc: "Doc", i: int) -> "Span | None":
    """A capitalised name and a letter, code or trim word after it: "Ilvar S", "Quintar GT"."""
    if i + 1 >= len(doc):
        return None
    first, second = doc[i], doc[i + 1]
    # "Ilvar S", and in capitals "MODEL D" (a headline or a stressed name)
    shaped_first = first.is_title and first.pos_ == "PROPN" or first.is_upper and len(first) >= 3
    if not (shaped_first and first.is_alpha) or first.text.title() in NOT_NAMES | NOT_MODEL_WORDS:
        return None
    if first.whitespace_ == "" or first.ent_id_ or second.ent_id_:
        return None
    shaped = (len(second.text) == 1 and second.text.isupper() and second.text not in {"A", "I"}
              or second.text in TAIL_WORDS or CODE.match(second.text) is not None
              or second.text.isdigit() and len(second.text) <= 3 and second.text != "0")  # "Omoda 5", "Zeekr 001"
    if not shaped or (i + 2 < len(doc) and doc[i + 2].text == "." and len(second.text) == 1):
        return None  # "Jane S." is an initial
    return doc[i:i + 2]


def _acts_as_vehicle(doc: "Doc", model: "Span") -> bool:
    """Some mention of the name is what a vehicle is in a sentence: the subject of "has an 82 kWh
    battery" or "goes on sale", built or unveiled, the object of "unveiled", or "production of" it."""
    key = [t.text for t in model]
    for start in _occurrences(doc, key):
        root = doc[start + len(key) - 1]
        head = root.head
        if root.dep_ == "nsubj" and head.lemma_ in VEHICLE_SUBJECT_VERBS:
            return True
        if root.dep_ == "nsubjpass" and head.lemma_ in VEHICLE_PASSIVE_VERBS:
            return True
        if root.dep_ == "dobj" and head.lemma_ in VEHICLE_OBJECT_VERBS:
            return True
        if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in VEHICLE_OF_NOUNS:
            return True
        if root.dep_ == "poss" and head.lower_ in VEHICLE_OF_NOUNS:
            return True
        if start >= 2 and doc[start - 1].lower_ in NEW_WORDS and doc[start - 2].lower_ in {"the", "its", "their"}:
            return True  # "the first Ilvar X", "its first K7", "the new Quintar Pulse"
    return False


#: Words between a determiner and a name that make the name a product: "the first Ilvar X".
NEW_WORDS = {"first", "new", "all-new", "latest", "next", "upcoming", "forthcoming"}


def _code_span(doc: "Doc", i: int) -> "Span | None":
    tok = doc[i]
    if LETTERS.match(tok.text) and i + 1 < len(doc) and DIGIT_TAIL.match(doc[i + 1].text) \
            and not tok.whitespace_ == "":
        return doc[i:i + 2]  # "BE 6e", "XEV 9e"
    if (CODE.match(tok.text) or CAMEL.match(tok.text) and tok.text not in NOT_CAMEL) and not tok.like_num:
        return doc[i:i + 1]
    if LETTERS.match(tok.text) and tok.text not in NOT_LETTER_CODES and i > 0 and doc[i - 1].ent_type_ == "ORG" \
            and (_vehicle_follows(doc, i + 1) or i + 1 < len(doc) and doc[i + 1].text in {"Electric", "EV"}):
        return doc[i:i + 1]  # "Volvo FH trucks", "Volvo FMX Electric"
    return None


def _name_span(doc: "Doc", i: int) -> "Span | None":
    """One or two capitalized words after "the" ("the Aero", "the Grand Tern")."""
    if i == 0 or doc[i - 1].lower_ != "the":
        return None
    j = i
    while j < len(doc) and j - i < 2 and doc[j].is_title and doc[j].is_alpha and doc[j].text not in NOT_NAMES \
            and doc[j].lower_ not in VEHICLE_NOUNS:
        j += 1
    if j < len(doc) and _code_span(doc, j) is not None:
        return None  # "the Marlow S9": Marlow is the maker of the S9
    return doc[i:j] if j > i else None


def _word_span(doc: "Doc", i: int) -> "Span | None":
    """A single capitalized word right after a known maker ("Voltaro One"): checked by repetition."""
    tok = doc[i]
    if i == 0 or not (tok.is_title and tok.is_alpha) or tok.text in NOT_NAMES | NOT_MODEL_WORDS \
            or tok.lower_ in VEHICLE_NOUNS:
        return None
    if tok.ent_iob_ == "I":
        return None  # the last word of an organization's name: "Cardinal Cell", "Volta Trucks"
    owner = doc[i - 2] if i >= 2 and doc[i - 1].tag_ == "POS" else doc[i - 1]  # "Meridian's Sentinel"
    return doc[i:i + 1] if owner.ent_type_ == "ORG" else None


def _maker_before(doc: "Doc", i: int) -> "Span | None":
    if i == 0:
        return None
    prev = doc[i - 1]
    if prev.tag_ == "POS" and i >= 2:  # "Meridian's Sentinel pickup"
        owner = _maker_before(doc, i - 1)
        return owner if owner is not None and owner.label_ == "ORG" else None
    if prev.ent_type_ == "ORG":
        ends = doc.user_data.get(_ENTS_BY_END)
        if ends is None:  # doc.ents builds new Spans on each access: index them once per Doc
            ends = doc.user_data[_ENTS_BY_END] = {e.end: e for e in doc.ents}
        ent = ends.get(i)
        if ent is not None and ent.label_ == "ORG":
            return ent
    # The NER often calls an unknown maker a person ("Haoyun S9"); before a model it is a maker.
    if prev.pos_ == "PROPN" and prev.is_title and prev.text not in NOT_NAMES and not prev.ent_id_ \
            and prev.ent_type_ not in BLOCK_LABELS - {"PERSON"}:
        from spacy.tokens import Span

        return Span(doc, i - 1, i, label="ORG")
    return None


def _vehicle_follows(doc: "Doc", i: int) -> bool:
    """A vehicle noun right after the name, over its modifiers.

    Modifiers may be listed with commas ("a purpose-built, fully electric,
    16-tonne commercial vehicle"), and other models may be coordinated in
    between ("the Volvo FH, Volvo FM and Volvo FMX trucks").
    """
    for tok in doc[i:min(len(doc), i + 12)]:
        if tok.lower_ in VEHICLE_NOUNS:
            # the noun must head its phrase: "Digital Car Key" names no car
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            return nxt is None or nxt.pos_ not in {"NOUN", "PROPN"} or nxt.lower_ in VEHICLE_NOUNS
        listed = tok.text == "," and tok.i + 1 < len(doc) and (doc[tok.i + 1].pos_ in {"ADJ", "ADV", "NUM"}
                                                                or doc[tok.i + 1].pos_ == "PROPN")
        if tok.lower_ in {"and", "or"} or listed:
            continue
        if not (tok.pos_ in {"ADJ", "NUM", "NOUN", "PROPN", "ADV"} or tok.text == "-") or tok.is_punct and tok.text != "-":
            return False
    return False


def _apposition_vehicle(doc: "Doc", i: int) -> bool:
    """"the S9, a large five-seat SUV" / "the Gravity, its three-row SUV"."""
    if i + 1 >= len(doc) or doc[i].text != ",":
        return False
    if doc[i + 1].lower_ not in {"a", "an", "its", "their", "the"}:
        return False
    return _vehicle_follows(doc, i + 2)


def _acts_as_subject(doc: "Doc", model: "Span") -> bool:
    """Some mention of the name is followed by a verb: "The Voltaro One will be built"."""
    key = [t.text for t in model]
    for start in _occurrences(doc, key):
        end = start + len(key)
        if end < len(doc) and doc[end].pos_ in {"AUX", "VERB"}:
            return True
    return False


def _class_word_follows(doc: "Doc", i: int) -> bool:
    j = i + 1 if i < len(doc) and doc[i].text == "-" else i
    return j < len(doc) and doc[j].lower_ in CLASS_WORDS


def _copula_vehicle(doc: "Doc", i: int) -> bool:
    """"the One is a four-seat hatchback"."""
    if i + 1 >= len(doc) or doc[i].lemma_ != "be" or doc[i + 1].lower_ not in {"a", "an"}:
        return False
    return _vehicle_follows(doc, i + 2)


def _vehicle_before(doc: "Doc", i: int) -> bool:
    """A vehicle noun introduces the name: "its A0-class hatchback, the Dot", "a truck called the MT1"."""
    j = i - 1 if i >= 1 and doc[i - 1].lower_ == "the" else i
    if j >= 2 and doc[j - 1].lower_ in {"called", "named", "dubbed", "badged"} \
            and any(t.lower_ in VEHICLE_NOUNS for t in doc[max(0, j - 5):j - 1]):
        return True
    if i >= 3 and doc[i - 1].lower_ == "the" and doc[i - 2].lemma_ == "be" \
            and any(t.lower_ in VEHICLE_NOUNS for t in doc[max(0, i - 5):i - 2]):
        return True  # "Its sole vehicle is the Zero", "the first model will be the Tern"
    return (i >= 3 and doc[i - 1].lower_ == "the" and doc[i - 2].text == ","
            and doc[i - 3].lower_ in VEHICLE_NOUNS)


def _in_title(doc: "Doc", maker: "Span | None", model: "Span") -> bool:
    """The document's title names the name (after its maker, if given) as whole words."""
    title = doc.user_data.get(TITLE_KEY)
    if not title:
        return False
    pair = re.escape(f"{maker[-1].text} {model.text}" if maker is not None else model.text)
    return re.search(rf"(?<!\w){pair}(?!\w)", title) is not None


def _repeats(doc: "Doc", maker: "Span", model: "Span") -> bool:
    """The maker + name pair is written again elsewhere in the article, or the name alone as
    "the X" ("The Jeep Recon, which ..." and later "the Recon weren't")."""
    words = [t.text for t in model]
    return len(_occurrences(doc, [t.text for t in maker] + words)) >= 2 or bool(_occurrences(doc, ["the"] + words))


def _label(doc: "Doc", names: dict[tuple[str, ...], str | None]) -> None:
    """Mark every occurrence of each discovered model (and its maker) as an entity."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    new: list[Span] = []
    for key, maker in names.items():
        starts = _occurrences(doc, key)
        is_code = (_code_span(doc, starts[0]) is not None or _tail_span(doc, starts[0]) is not None) if starts else False
        if maker is None:  # "the One ..." elsewhere written "Voltaro One": learn the maker
            maker = next((doc[k - 1].text for k in starts if k and doc[k - 1].ent_type_ == "ORG"
                          and not doc[k - 1].ent_id_ and doc[k - 1].text[:1].isupper()
                          and doc[k - 1].text not in NOT_NAMES), None)  # not the "the" of "the X Haul" ORG
        written = doc[starts[0]:starts[0] + len(key)].text if starts else " ".join(key)  # "Lumo-X", not "Lumo - X"
        canonical = f"{maker} {written}" if maker else written
        for start in starts:
            prev = doc[start - 1].text if start else ""
            # A word-shaped name ("One", "Dot") is the model only where it reads as a name.
            if is_code or prev.lower() in {"the", "its", "their"} or (maker and prev == maker.split()[-1]):
                new.append(Span(doc, start, start + len(key), label="EV_MODEL", span_id=canonical))
        names[key] = maker
    for maker in {m for m in names.values() if m}:
        words = maker.split()
        for start in _occurrences(doc, words):
            if not any(t.ent_id_ for t in doc[start:start + len(words)]):
                new.append(Span(doc, start, start + len(words), label="ORG"))
    # Gazetteer entities (they carry an id) win; the statistical NER's guesses give way.
    known = [e for e in doc.ents if e.ent_id_]
    taken = {t for ent in known for t in range(ent.start, ent.end)}
    fresh = [s for s in filter_spans(new) if not taken & set(range(s.start, s.end))]
    covered = {t for s in fresh for t in range(s.start, s.end)}
    guesses = [e for e in doc.ents if not e.ent_id_ and not covered & set(range(e.start, e.end))]
    doc.ents = sorted(known + guesses + fresh, key=lambda s: s.start)


def _occurrences(doc: "Doc", key: Iterable[str]) -> list[int]:
    """Start positions of a token sequence, looked up in a per-document index of token texts.

    The index and the comparisons use the Doc's ORTH array: making a Token
    object for every position is the slow part of a scan over a Doc.
    """
    cached = doc.user_data.get(_INDEX)
    if cached is None:
        from spacy.attrs import ORTH

        orths = [int(o) for o in doc.to_array([ORTH])]
        index: dict[int, list[int]] = {}
        for i, orth in enumerate(orths):
            index.setdefault(orth, []).append(i)
        cached = doc.user_data[_INDEX] = (orths, index)
    orths, index = cached
    strings = doc.vocab.strings
    ids = [strings[t] if t in strings else -1 for t in key]
    n = len(ids)
    return [k for k in index.get(ids[0], []) if k + n <= len(orths) and orths[k:k + n] == ids]


_INDEX = "evfacts_token_index"
_ENTS_BY_END = "evfacts_ents_by_end"
