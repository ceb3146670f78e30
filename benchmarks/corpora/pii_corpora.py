"""Public human-annotated corpora for measuring person-name redaction, read into gold documents.

Each corpus is a file of tokens with labels (BIO columns, as published); reading one gives
``CorpusDoc``s: the text in natural typography (rebuilt from the tokens, see ``detokenise``), the
offsets of every token in it, and the gold PERSON spans in the format the scorer reads
(``provenance.pii.evaluation.GoldDoc``). How labels become PERSON spans is the corpus's
``person_labels``, with two mechanical trims that only bring the annotation to this project's
convention (a name without honorific, title or function; benchmarks/gold/README.md):

- leading honorifics (``M.``, ``Mme``, ``Mr``, ``Sir`` ...) are left out of the span, in every corpus;
- where the corpus puts titles, functions and appositions inside person mentions (``trim_titles``:
  NewsEye's "M. Albert Vaquez, ancien président de la Société"), leading lower-case words that are
  not name particles are left out and the span ends at its first comma; a mention left with no
  capitalised word (``père``, ``avocat à la cour d'appel``) is not a name and is dropped.

Nobody here adds or moves a name: a span is only ever shortened, and the counts of trimmed and
dropped mentions are reported beside every measure.

The committed subsets live in ``tests/fixtures/real/pii/`` (origins and licences in
tests/fixtures/real/SOURCES.md); CoNLL-2003 (Reuters text, not redistributable) is rebuilt by
``build_corpora.py`` into ``benchmarks/out/corpora/`` from a local copy and measured when present.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from provenance.pii.evaluation import GoldDoc

FIXTURES = ROOT / "tests" / "fixtures" / "real" / "pii"
BUILT = ROOT / "benchmarks" / "out" / "corpora"

HONORIFICS = frozenset(
    {
        # French
        "M",
        "MM",
        "Mme",
        "Mmes",
        "Mlle",
        "Mlles",
        "Me",
        "Mes",
        "Mgr",
        "Dr",
        "Pr",
        "Cte",
        "Vte",
        # English
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Messrs",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Prof",
        "Rev",
        "Hon",
    }
)
#: Lower-case words that belong to a name when a capitalised word follows (``de Gaulle``, ``van Gogh``).
PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "d",
        "d'",
        "d’",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "di",
        "da",
        "del",
        "della",
        "dos",
        "ben",
        "bin",
        "al",
        "el",
        "ter",
        "zu",
        "y",
    }
)


@dataclass(frozen=True)
class Token:
    text: str
    label: str  # "O" or the corpus's label without B-/I-
    begins: bool  # B- (or a label change) starts a new mention
    space_after: bool | None = None  # None: the corpus does not say; the detokeniser decides
    sentence_end: bool = False


@dataclass
class CorpusDoc:
    gold: GoldDoc
    #: (start, end) of every token in ``gold.text``: ``gold.text[start:end] == token.text``
    offsets: list[tuple[int, int]]
    tokens: list[Token]
    #: person mentions as the corpus marks them: (first token, last token + 1)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    trimmed: int = 0
    dropped: int = 0

    def as_distributed(self) -> GoldDoc:
        """The same document with its tokens joined by single spaces (one sentence a line): the corpus's own form."""
        parts, offsets, position = [], [], 0
        for token in self.tokens:
            offsets.append((position, position + len(token.text)))
            sep = "\n" if token.sentence_end else " "
            parts.append(token.text + sep)
            position += len(token.text) + 1
        text = "".join(parts).rstrip()
        starts = {s: i for i, (s, _) in enumerate(self.offsets)}
        ends = {e: i for i, (_, e) in enumerate(self.offsets)}
        spans = tuple((offsets[starts[s]][0], offsets[ends[e]][1], label) for s, e, label in self.gold.spans)
        return GoldDoc(self.gold.id + "/distributed", text, self.gold.lang, spans)


# ----------------------------------------------------------------------------- natural typography

_CLOSING = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "…", "...", "''"}
_OPENING = {"(", "[", "{", "@", "#", "``"}
_CLITICS = {"'s", "'S", "’s", "n't", "N'T", "'re", "'ve", "'ll", "'d", "'m", "'RE", "'VE", "'LL", "'D", "'M"}
_JOINERS = {"'", "’", "_", "/"}
_FRENCH_SPACED = {";", ":", "!", "?"}  # French puts a space before these


def _alnum_end(text: str) -> bool:
    return bool(text) and text[-1].isalnum()


def _alnum_start(text: str) -> bool:
    return bool(text) and text[0].isalnum()


def _space_between(prev: str, cur: str, nxt: str | None, lang: str, join_hyphens: bool, open_quote: bool) -> bool:
    """Whether natural typography puts a space between two tokens of a corpus that records none.

    ``open_quote``: a straight double quote is open before ``cur`` (so a ``"`` in ``cur`` closes it).
    """
    if prev in _OPENING:
        return False
    if cur == '"':
        return not open_quote  # a closing quote sticks to what it closes
    if prev == '"' and open_quote:
        return False  # an opening quote sticks to what it opens
    if lang == "fr" and cur in _FRENCH_SPACED:
        return True
    if cur in _CLOSING or cur in _CLITICS:
        return False
    if prev.endswith(("'", "’")) and len(prev) > 1 and _alnum_start(cur):
        return False  # l’ affaire, d' un: the elided article sticks to its word
    if cur in _JOINERS and _alnum_end(prev) and nxt is not None and _alnum_start(nxt):
        return False
    if prev in _JOINERS and _alnum_start(cur):
        return False
    if join_hyphens and cur == "-" and _alnum_end(prev) and nxt is not None and _alnum_start(nxt):
        return False
    return not (join_hyphens and prev == "-" and _alnum_start(cur))


_TERMINAL = {".", "!", "?", '"', "''", "…", ":"}


def detokenise(
    tokens: Sequence[Token], lang: str, join_hyphens: bool = False, sentence_sep: str = " "
) -> tuple[str, list[tuple[int, int]]]:
    """The text in natural typography and each token's offsets in it.

    Where the corpus records spacing (``Token.space_after``), it is followed; otherwise the rules
    of ``_space_between``: no space before closing punctuation and English clitics, none after
    opening brackets, @ and #, elided articles and apostrophes joined, paired straight quotes
    hugging what they quote, French spaces before ; : ! ?, and (``join_hyphens``, for corpora whose
    tokeniser split compounds) a lone hyphen between two words joined. A token is never altered
    and two word tokens are never glued, so the words (``\\w+``) are the corpus's own.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    open_quote = False
    for i, token in enumerate(tokens):
        if i:
            prev = tokens[i - 1]
            if prev.sentence_end and (prev.text in _TERMINAL or token.text[:1].isupper()):
                sep = sentence_sep  # a sentence split inside a sentence (OCR, CoNLL) is no line break
            elif prev.space_after is not None:
                sep = " " if prev.space_after else ""
            else:
                nxt = tokens[i + 1].text if i + 1 < len(tokens) else None
                sep = " " if _space_between(prev.text, token.text, nxt, lang, join_hyphens, open_quote) else ""
            if sep == "" and _alnum_end(prev.text) and _alnum_start(token.text):
                sep = " "  # never glue two words (NewsEye marks some line ends as NoSpaceAfter)
            parts.append(sep)
            position += len(sep)
        if token.text == '"':
            open_quote = not open_quote
        offsets.append((position, position + len(token.text)))
        parts.append(token.text)
        position += len(token.text)
    return "".join(parts), offsets


# ----------------------------------------------------------------------------- person mentions


def _mentions(tokens: Sequence[Token], person_labels: frozenset[str]) -> list[tuple[int, int]]:
    found, start = [], None
    for i, token in enumerate(tokens):
        is_person = token.label in person_labels
        if start is not None and (not is_person or token.begins):
            found.append((start, i))
            start = None
        if is_person and start is None:
            start = i
    if start is not None:
        found.append((start, len(tokens)))
    return found


def name_core(tokens: Sequence[Token], start: int, end: int, trim_titles: bool) -> tuple[int, int] | None:
    """The part of a person mention that is the name (see the module docstring), or None."""
    i = start
    while i < end:
        word = tokens[i].text.rstrip(".")
        if word in HONORIFICS:
            i += 1
            while i < end and tokens[i].text == ".":
                i += 1
            continue
        if (
            trim_titles
            and tokens[i].text[:1].islower()
            and not (tokens[i].text in PARTICLES and i + 1 < end and tokens[i + 1].text[:1].isupper())
        ):
            i += 1
            continue
        if trim_titles and not tokens[i].text[:1].isalnum() and tokens[i].text not in ("'", "’"):
            i += 1
            continue
        break
    stop = end
    if trim_titles:
        for j in range(i, end):
            if tokens[j].text in (",", ";", "(", ":"):
                stop = j
                break
    while stop > i and not any(c.isalnum() for c in tokens[stop - 1].text):
        stop -= 1  # a trailing dot of an initial stays (it ends in a letter before it); bare punctuation does not
    if stop <= i or not any(c.isalnum() for t in tokens[i:stop] for c in t.text):
        return None
    if trim_titles and not any(t.text[:1].isupper() for t in tokens[i:stop]):
        return None
    return i, stop


def build_doc(
    doc_id: str,
    lang: str,
    tokens: list[Token],
    person_labels: frozenset[str],
    *,
    trim_titles: bool = False,
    join_hyphens: bool = False,
    sentence_sep: str = " ",
) -> CorpusDoc:
    text, offsets = detokenise(tokens, lang, join_hyphens, sentence_sep)
    mentions = _mentions(tokens, person_labels)
    spans, trimmed, dropped = [], 0, 0
    for s, e in mentions:
        core = name_core(tokens, s, e, trim_titles)
        if core is None:
            dropped += 1
            continue
        trimmed += core != (s, e)
        spans.append((offsets[core[0]][0], offsets[core[1] - 1][1], "PERSON"))
    return CorpusDoc(GoldDoc(doc_id, text, lang, tuple(spans)), offsets, tokens, mentions, trimmed, dropped)


# ----------------------------------------------------------------------------- readers


def _bio(tag: str) -> tuple[str, bool]:
    """(label, begins) from B-X / I-X / E-X / S-X / O."""
    if tag in ("O", "", "_"):
        return "O", False
    prefix, _, label = tag.partition("-")
    if not label:
        return tag, False
    return label, prefix in ("B", "S")


def read_columns(
    path: Path,
    *,
    sep: str | None = None,
    doc_start: Callable[[list[str]], bool] | None = None,
    doc_marker: str | None = None,
) -> Iterator[list[Token]]:
    """Documents of a CoNLL-like file: token first, tag last; a blank line ends a sentence.

    ``doc_marker`` (``-DOCSTART-``) is a line that starts a document; ``doc_start`` says whether a
    sentence's first fields start a new document (the ECHR files' "PROCÉDURE"). Without either,
    every sentence is a document (one post of a social corpus).
    """
    doc: list[Token] = []
    first_of_sentence = True
    with open(path, encoding="utf-8", newline="") as lines:
        for raw in lines:
            line = raw.rstrip("\r\n")
            if doc_marker and line.startswith(doc_marker):
                if doc:
                    yield doc
                doc = []
                continue
            if not line.strip():
                if doc and not doc[-1].sentence_end:
                    last = doc[-1]
                    doc[-1] = Token(last.text, last.label, last.begins, last.space_after, True)
                    if doc_marker is None and doc_start is None:
                        yield doc
                        doc = []
                first_of_sentence = True
                continue
            fields = line.split(sep) if sep else line.split()
            if first_of_sentence and doc_start is not None and doc_start(fields) and doc:
                yield doc
                doc = []
            first_of_sentence = False
            label, begins = _bio(fields[-1])
            doc.append(Token(fields[0], label, begins))
    if doc:
        yield doc


def read_hipe(path: Path) -> Iterator[tuple[str, list[Token]]]:
    """(document id, tokens) of a HIPE-2022 TSV: coarse literal tag in column 2, spacing in MISC."""
    doc_id, doc = "", []  # type: str, list[Token]
    with open(path, encoding="utf-8") as lines:
        for raw in lines:
            line = raw.rstrip("\n")
            if line.startswith("# hipe2022:document_id"):
                if doc:
                    yield doc_id, doc
                doc_id, doc = line.split("=", 1)[1].strip(), []
                continue
            if not line.strip() or line.startswith(("#", "TOKEN\t")):
                continue
            fields = line.split("\t")
            label, begins = _bio(fields[1])
            misc = fields[-1].split("|")
            doc.append(Token(fields[0], label, begins, "NoSpaceAfter" not in misc, "EndOfSentence" in misc))
    if doc:
        yield doc_id, doc


# ----------------------------------------------------------------------------- the corpora


@dataclass(frozen=True)
class Corpus:
    name: str
    lang: str
    genre: str
    licence: str
    annotation: str
    independent: str  # of the spaCy model measured on it
    files: tuple[Path, ...]
    load: Callable[[Corpus], list[CorpusDoc]]
    committed: bool = True
    #: A separate development set of the same annotation, where the measured files leave few or no
    #: documents outside the benchmark's sample (NewsEye, WNUT-17); rebuilt by build_corpora.py.
    dev_files: tuple[Path, ...] = ()

    def available(self) -> bool:
        return all(p.exists() for p in self.files)

    def docs(self) -> list[CorpusDoc]:
        return self.load(self)

    def dev_docs(self) -> list[CorpusDoc]:
        """The documents of ``dev_files`` (none if absent), read as the measured ones are; ids end in "/dev"
        (a loader may number documents, so ids alone would repeat the measured files')."""
        if not self.dev_files or not all(p.exists() for p in self.dev_files):
            return []
        return [
            replace(doc, gold=replace(doc.gold, id=doc.gold.id + "/dev"))
            for doc in self.load(replace(self, files=self.dev_files))
        ]


def _load_echr(corpus: Corpus) -> list[CorpusDoc]:
    docs = []
    for path in corpus.files:
        split = path.stem.rsplit("-", 1)[-1]
        for n, tokens in enumerate(read_columns(path, doc_start=lambda f: f[0] == "PROCÉDURE"), 1):
            docs.append(
                build_doc(
                    f"echr-fr-{split}-{n:02d}",
                    "fr",
                    tokens,
                    frozenset({"PER", "LEGAL_PROFESSIONAL"}),
                    join_hyphens=True,
                    sentence_sep="\n",
                )
            )
    return docs


def _load_newseye(corpus: Corpus) -> list[CorpusDoc]:
    return [
        build_doc(f"newseye-fr-{doc_id}", "fr", tokens, frozenset({"PER"}), trim_titles=True)
        for path in corpus.files
        for doc_id, tokens in read_hipe(path)
    ]


def _load_wikigold(corpus: Corpus) -> list[CorpusDoc]:
    return [
        build_doc(f"wikigold-{n:03d}", "en", tokens, frozenset({"PER"}))
        for n, tokens in enumerate(read_columns(corpus.files[0], doc_marker="-DOCSTART-"), 1)
    ]


def _load_wnut17(corpus: Corpus) -> list[CorpusDoc]:
    return [
        build_doc(f"wnut17-test-{n:04d}", "en", tokens, frozenset({"person"}))
        for n, tokens in enumerate(read_columns(corpus.files[0], sep="\t"), 1)
    ]


def _load_conll(corpus: Corpus) -> list[CorpusDoc]:
    return [
        build_doc(f"conll2003-testb-{n:03d}", "en", tokens, frozenset({"PER"}), sentence_sep="\n")
        for n, tokens in enumerate(read_columns(corpus.files[0], doc_marker="-DOCSTART-"), 1)
    ]


CORPORA: tuple[Corpus, ...] = (
    Corpus(
        "echr-fr",
        "fr",
        "legal (ECHR judgments, French)",
        "MIT",
        "manual, one annotator per text, TAB guidelines reinterpreted (Sierro 2024); PER and LEGAL_PROFESSIONAL",
        "independent (fr_core_news_md: WikiNER, Sequoia)",
        tuple(FIXTURES / "echr-fr" / f"FR-manual-{s}.tsv" for s in ("train", "dev", "test")),
        _load_echr,
    ),
    Corpus(
        "newseye-fr",
        "fr",
        "news (historical French newspapers, OCR)",
        "CC-BY-4.0",
        "manual, NewsEye experts (Transkribus); coarse PER, titles and functions inside mentions",
        "independent (fr_core_news_md: WikiNER, Sequoia)",
        (FIXTURES / "newseye-fr" / "newseye-test-fr.sample.tsv",),
        _load_newseye,
        dev_files=(BUILT / "newseye-fr" / "newseye-dev-fr.tsv",),
    ),
    Corpus(
        "wikigold",
        "en",
        "encyclopedic (English Wikipedia)",
        "CC-BY-4.0",
        "manual (Balasuriya et al. 2009), CoNLL PER",
        "independent (en_core_web_sm: OntoNotes 5)",
        (FIXTURES / "wikigold" / "wikigold.conll.txt",),
        _load_wikigold,
    ),
    Corpus(
        "wnut17",
        "en",
        "social (Twitter, Reddit, YouTube, StackExchange)",
        "CC-BY-4.0",
        "manual, crowd and expert (WNUT-17 test); person incl. user names and fictional characters",
        "independent (en_core_web_sm: OntoNotes 5)",
        (FIXTURES / "wnut17" / "emerging.test.annotated",),
        _load_wnut17,
        dev_files=(BUILT / "wnut17" / "emerging.dev.conll",),
    ),
    Corpus(
        "conll2003",
        "en",
        "news (Reuters 1996)",
        "Reuters Corpus licence (not redistributed here)",
        "manual (CoNLL-2003 shared task, test set B), PER",
        "independent (en_core_web_sm: OntoNotes 5)",
        (BUILT / "conll2003" / "eng.testb",),
        _load_conll,
        committed=False,
    ),
)


def corpus(name: str) -> Corpus:
    return next(c for c in CORPORA if c.name == name)
