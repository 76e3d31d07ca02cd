"""PURE: suggest groups of near-duplicate notes for merging, computed locally.

Texts are normalised (Unicode NFKC, casefold, German umlauts and ß folded to ae/oe/ue/ss,
accents dropped, punctuation removed, common German and English filler words dropped, a light
suffix stemming), then compared as TF-IDF weighted character trigrams within words (cosine
similarity). Trigrams catch typos, inflections and word order; TF-IDF lets the words a board
shares by its topic ("KI", "Arbeit") count for little.

Groups are formed by leader clustering: the wording written most often (then the one with the
most close neighbours) leads a group of its close neighbours that are not yet taken, then the
next. Unlike connected components this
never chains two different topics together through a note in between. The suggested title is
the group's most written wording. Only notes of one column are grouped;
hidden and merged notes never take part. The output is deterministic: ties are broken by id.

No Flask, no database, no external service.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

# How similar two notes must be (cosine of their trigram vectors, 0..1) to be suggested.
DEFAULT_THRESHOLD = 0.55
NGRAM = 3
# An n-gram in more than this share of a column's notes is too common to find candidates by
# (it still counts in the similarity of the candidates found through rarer n-grams).
COMMON_SHARE = 0.2

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "œ": "oe"})
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Filler words that say nothing about a note's topic (negations and "mehr"/"weniger" do, so
# they stay): German, German opinion fillers ("Ich finde: …"), English.
_FILLER_WORDS = """
aber als am an auch auf aus bei bin bis da damit dann das dass dem den der des die dies diese
dieser doch du durch ein eine einem einen einer eines er es fuer hat haben ich ihr im in ist ja
man mit muss nach noch nur ob oder sehr sich sie sind so um und uns unser unsere viel vom von
vor war was wie wir wird werden zu zum zur
bitte denke eben finde glaube halt hoffentlich mal meiner meinung
a an and are as at be but by for from has have i in is it its of on or our so that the their
there this to too was we were will with
"""
STOP_WORDS = frozenset(_FILLER_WORDS.split())
# Words that turn a note's meaning round: "Keine Überwachung" is not a duplicate of
# "Überwachung", nor "Mehr Schulung" of "Weniger Schulung". Notes are grouped only with notes
# that carry the same of these markers (compared after stemming, so "keine"/"keinen" = "kein").
POLARITY = {
    **dict.fromkeys(
        [
            "kein",
            "nicht",
            "nichts",
            "nie",
            "niemal",
            "ohne",
            "no",
            "not",
            "never",
            "without",
            "nothing",
        ],
        "no",
    ),
    **dict.fromkeys(["mehr", "more"], "more"),
    **dict.fromkeys(["wenig", "less", "fewer"], "less"),
}
_SUFFIXES = ("ungen", "ung", "ern", "en", "er", "es", "em", "e", "n", "s")


@dataclass(frozen=True)
class Candidate:
    """A note as the suggestions see it."""

    id: int
    column: str
    text: str
    hidden: bool = False
    merged: bool = False


@dataclass(frozen=True)
class Cluster:
    """Notes of one column that look like duplicates, with a suggested title (the text of the
    most central note, `title_id`)."""

    column: str
    title: str
    title_id: int
    note_ids: tuple[int, ...]
    score: float  # the mean similarity of the members to the title note


def normalize(text: str) -> str:
    """One comparable spelling: NFKC, casefolded, umlauts folded, accents and punctuation gone."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", folded)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def stem(word: str) -> str:
    """Strip one common German or English inflection ending from a longer word."""
    if len(word) > 4:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """The stemmed content words of a text (filler words dropped, unless nothing else is left)."""
    every = normalize(text).split()
    content = [word for word in every if word not in STOP_WORDS]
    return [stem(word) for word in (content or every)]


def ngrams(text: str) -> Counter[str]:
    """Character trigrams within each word, the word padded with a space on both sides (so
    short words and word starts count); a whole short word counts as one feature too."""
    grams: Counter[str] = Counter()
    for word in words(text):
        padded = f" {word} "
        if len(padded) <= NGRAM:
            grams[padded] += 1
            continue
        for start in range(len(padded) - NGRAM + 1):
            grams[padded[start : start + NGRAM]] += 1
    return grams


def _vectors(texts: Sequence[str]) -> list[dict[str, float]]:
    """L2-normalised TF-IDF vectors (sublinear term frequency, smoothed IDF)."""
    counts = [ngrams(text) for text in texts]
    document_frequency: Counter[str] = Counter()
    for grams in counts:
        document_frequency.update(grams.keys())
    total = len(texts)
    idf = {
        gram: math.log((1 + total) / (1 + frequency)) + 1.0
        for gram, frequency in document_frequency.items()
    }
    vectors = []
    for grams in counts:
        vector = {gram: (1.0 + math.log(count)) * idf[gram] for gram, count in grams.items()}
        length = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        vectors.append({gram: value / length for gram, value in vector.items()})
    return vectors


def _cosine(left: dict[str, float], right: dict[str, float]) -> float:
    if len(left) > len(right):
        left, right = right, left
    return sum(value * right.get(gram, 0.0) for gram, value in left.items())


def polarity(spelling: str) -> frozenset[str]:
    """The meaning-turning markers of a spelling (its stemmed words joined by spaces)."""
    return frozenset(POLARITY[word] for word in spelling.split() if word in POLARITY)


def similar_pairs(
    vectors: Sequence[dict[str, float]],
    threshold: float,
    markers: Sequence[frozenset[str]] | None = None,
) -> dict[int, dict[int, float]]:
    """For each vector (by index) the others at least `threshold` similar, with the score;
    with `markers`, only pairs whose markers are the same (see `POLARITY`).

    Candidates are found through an inverted index of the n-grams that are not too common,
    so the work grows with the duplicates there are, not with the square of the notes.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for gram in vector:
            postings[gram].append(index)
    common = max(8, int(COMMON_SHARE * len(vectors)))
    neighbours: dict[int, dict[int, float]] = {index: {} for index in range(len(vectors))}
    for index, vector in enumerate(vectors):
        candidates: set[int] = set()
        for gram in vector:
            posting = postings[gram]
            if len(posting) <= common:
                candidates.update(other for other in posting if other > index)
        for other in sorted(candidates):
            if markers is not None and markers[index] != markers[other]:
                continue
            score = _cosine(vector, vectors[other])
            if score >= threshold:
                neighbours[index][other] = score
                neighbours[other][index] = score
    return neighbours


def _column_clusters(notes: Sequence[Candidate], threshold: float) -> Iterable[Cluster]:
    """Leader clustering of one column's notes.

    Notes that read the same once normalised (most duplicates) are compared once, as one
    spelling that stands for all of them; a spelling weighs as much as the notes behind it.
    """
    spellings: dict[str, list[Candidate]] = {}
    for note in notes:
        spellings.setdefault(" ".join(words(note.text)), []).append(note)
    keys = list(spellings)
    size = [len(spellings[key]) for key in keys]
    vectors = _vectors(keys)
    neighbours = similar_pairs(vectors, threshold, [polarity(key) for key in keys])

    def centrality(index: int) -> tuple[int, int, float, int]:
        """Most written spelling first (a note that mixes two topics must not lead both), then
        the one with the most notes close to it."""
        close = neighbours[index]
        weight = sum(size[other] for other in close)
        strength = sum(score * size[other] for other, score in close.items())
        return (-size[index], -weight, -strength, spellings[keys[index]][0].id)

    taken: set[int] = set()
    for index in sorted(range(len(keys)), key=centrality):
        if index in taken:
            continue
        group = [index, *sorted(o for o in neighbours[index] if o not in taken)]
        if sum(size[member] for member in group) < 2:
            continue
        taken.update(group)
        title = _title([spellings[keys[member]] for member in group], [vectors[m] for m in group])
        ids = tuple(sorted(note.id for member in group for note in spellings[keys[member]]))
        scores = [1.0] * (size[index] - 1) + [
            neighbours[index][member] for member in group[1:] for _ in range(size[member])
        ]
        yield Cluster(
            column=title.column,
            title=title.text.strip(),
            title_id=title.id,
            note_ids=ids,
            score=round(sum(scores) / len(scores), 3),
        )


def _title(spelled: Sequence[list[Candidate]], vectors: Sequence[dict[str, float]]) -> Candidate:
    """The plainest wording of a group: the spelling most of its notes share (among equals the
    one closest to all the others, so not a typo), and of that spelling the text written most
    often word for word, then the first written."""

    def closeness(index: int) -> tuple[int, float]:
        total = sum(
            _cosine(vectors[index], vectors[other]) * len(spelled[other])
            for other in range(len(spelled))
            if other != index
        )
        return (-len(spelled[index]), -total)

    notes = spelled[min(range(len(spelled)), key=closeness)]
    written = Counter(note.text.strip() for note in notes)
    return min(notes, key=lambda note: (-written[note.text.strip()], note.id))


def suggest(
    notes: Iterable[Candidate],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    rejected: Iterable[Collection[int]] = (),
) -> list[Cluster]:
    """Suggested groups of near-duplicates, biggest first (then by their first note's id).

    Hidden and merged notes never take part; notes are grouped only with notes of their own
    column. A group whose notes all lie within one `rejected` group (one the facilitator turned
    down) is not suggested again; a group with a note that came in since is.
    """
    refused = [frozenset(group) for group in rejected]
    by_column: dict[str, list[Candidate]] = defaultdict(list)
    for note in sorted(notes, key=lambda note: note.id):
        if not note.hidden and not note.merged and normalize(note.text):
            by_column[note.column].append(note)
    clusters = [
        cluster
        for column in sorted(by_column)
        for cluster in _column_clusters(by_column[column], threshold)
        if not any(refusal.issuperset(cluster.note_ids) for refusal in refused)
    ]
    clusters.sort(key=lambda cluster: (-len(cluster.note_ids), cluster.note_ids[0]))
    return clusters
