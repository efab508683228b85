"""Chinese (and Uyghur) full-text search of the policy library on both databases.

Text is cut into search tokens once, when a policy is saved: jieba's search-mode words of every run
of Chinese characters, every two-character pair of such a run (so that any two-character query,
低保 or 医保, finds the text that contains it), the full pinyin and the initials of each word
(`dibao`, `db`), and every other word (digits, Latin, Uyghur in Arabic script) lower-cased. The
tokens are joined by spaces and indexed by the database's own engine:

- SQLite: the FTS5 table `participation_policy_fts` (rowid = policy id), ranked by bm25;
- PostgreSQL: the column `participation_policy.search_vector`, `to_tsvector('simple', …)` with the
  title's tokens weighted A, under a GIN index, ranked by ts_rank.

Both are created by the app's migration for the database it runs on (migrations/0002). A query is
cut the same way; Chinese words must all match (a long word or its pairs), pinyin, digits and
Uyghur words match as prefixes (Uyghur adds suffixes to its words).
"""

import functools
import logging
import re
import unicodedata
from dataclasses import dataclass

import jieba
from django.conf import settings
from django.db import connection
from django.utils.html import escape
from pypinyin import Style, lazy_pinyin

jieba.setLogLevel(logging.WARNING)

# Chinese characters (the unified block and extension A); everything else that is a word character
# forms a word of its own.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_RUNS = re.compile(rf"([{_HAN}]+)|([^\W{_HAN}_]+)")
FTS_TABLE = "participation_policy_fts"
MAX_QUERY_TOKENS = 12
SNIPPET_CHARS = 80
_LATIN = re.compile(r"[a-z]+")


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


@functools.lru_cache(maxsize=20_000)
def _pinyin_keys(word: str) -> tuple[str, str]:
    # Cached: highlighting a page of results asks for the pinyin of the same few thousand words
    # again and again, and pypinyin takes about half a millisecond a word.
    syllables = [syllable for syllable in lazy_pinyin(word, style=Style.NORMAL, errors="ignore") if syllable.isalpha()]
    return "".join(syllables).lower(), "".join(syllable[0] for syllable in syllables).lower()


def _han_tokens(run: str) -> list[str]:
    words = [word for word in jieba.cut_for_search(run) if len(word) > 1]
    pairs = [run[i : i + 2] for i in range(len(run) - 1)]
    keys = [key for word in words for key in _pinyin_keys(word)]
    return [*words, *pairs, *keys] if len(run) > 1 else [run, *_pinyin_keys(run)]


def index_tokens(text: str) -> str:
    """The space-joined search tokens of a text, as indexed."""
    tokens: list[str] = []
    for han, other in _RUNS.findall(_normal(text)):
        tokens.extend(_han_tokens(han) if han else [other.lower()])
    return " ".join(tokens)


@dataclass(frozen=True)
class Term:
    """One part of a query: any of `alternatives` matches it (a long Chinese word, or all of its
    pairs); `prefix` terms match any indexed token they begin."""

    alternatives: tuple[tuple[str, ...], ...]
    prefix: bool = False


def query_terms(query: str) -> list[Term]:
    terms: list[Term] = []
    for han, other in _RUNS.findall(_normal(query)):
        if other:
            terms.append(Term(((other.lower(),),), prefix=True))
            continue
        if len(han) <= 2:
            terms.append(Term(((han,),)))
            continue
        for word in jieba.cut(han):
            if len(word) == 1:
                continue
            pairs = tuple(word[i : i + 2] for i in range(len(word) - 1))
            terms.append(Term(((word,), pairs) if len(word) > 2 else ((word,),)))
    return terms[:MAX_QUERY_TOKENS]


def _fts5_match(terms: list[Term]) -> str:
    def token(value: str, prefix: bool) -> str:
        return f'"{value}"' + ("*" if prefix else "")

    parts = []
    for term in terms:
        options = [" AND ".join(token(value, term.prefix) for value in group) for group in term.alternatives]
        parts.append("(" + " OR ".join(f"({option})" for option in options) + ")")
    return " AND ".join(parts)


def _tsquery(terms: list[Term]) -> str:
    def token(value: str, prefix: bool) -> str:
        return f"'{value}'" + (":*" if prefix else "")

    parts = []
    for term in terms:
        options = [" & ".join(token(value, term.prefix) for value in group) for group in term.alternatives]
        parts.append("(" + " | ".join(f"({option})" for option in options) + ")")
    return " & ".join(parts)


def policy_index(*, policy_id: int, title: str, body: str) -> None:
    """(Re)index one policy; called by the services that save it, in their transaction."""
    title_tokens, body_tokens = index_tokens(title), index_tokens(body)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE participation_policy SET search_vector ="
                " setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
                " WHERE id = %s",
                [title_tokens, body_tokens, policy_id],
            )
        else:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [policy_id])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",
                [policy_id, title_tokens, body_tokens],
            )


def policy_unindex(*, policy_id: int) -> None:
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [policy_id])


def ranked_ids(query: str, *, limit: int = 20) -> list[int]:
    """The ids of the published policies matching `query`, best first (title hits weigh more).

    Only the newest `POLICY_SEARCH_CANDIDATES` matches are ranked, so a page of results costs the
    same in a library of any size; a rarer word in the query reaches older documents."""
    terms = query_terms(query)
    if not terms:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM ("
                " SELECT id, search_vector FROM participation_policy"
                " WHERE published AND search_vector @@ to_tsquery('simple', %s) ORDER BY id DESC LIMIT %s"
                ") AS candidate ORDER BY ts_rank(search_vector, to_tsquery('simple', %s)) DESC, id DESC LIMIT %s",
                [_tsquery(terms), settings.POLICY_SEARCH_CANDIDATES, _tsquery(terms), limit],
            )
        else:
            # FTS5 walks its matches in rowid order and stops at the LIMIT, so bm25 is computed for
            # the candidates only.
            cursor.execute(
                "SELECT candidate.id FROM ("
                f" SELECT rowid AS id, bm25({FTS_TABLE}, 10.0, 1.0) AS score FROM {FTS_TABLE}"
                f" WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s"
                ") AS candidate JOIN participation_policy p ON p.id = candidate.id"
                " WHERE p.published ORDER BY candidate.score, candidate.id DESC LIMIT %s",
                [_fts5_match(terms), settings.POLICY_SEARCH_CANDIDATES, limit],
            )
        return [row[0] for row in cursor.fetchall()]


def _surface_words(text: str, terms: list[Term]) -> set[str]:
    """The words of `text` to mark for the query: its Chinese words and pairs, the Chinese words
    whose pinyin or initials a Latin term begins, and the other words a term begins."""
    wanted_han = {value for term in terms if not term.prefix for group in term.alternatives for value in group}
    prefixes = tuple(term.alternatives[0][0] for term in terms if term.prefix)
    # Only Latin letters can be the beginning of a pinyin: digits and Uyghur words skip the costly
    # cutting of the Chinese text.
    pinyin_prefixes = tuple(prefix for prefix in prefixes if _LATIN.fullmatch(prefix))
    found = {value for value in wanted_han if value in text}
    if not prefixes:
        return found
    for han, other in _RUNS.findall(_normal(text)):
        if other:
            if other.lower().startswith(prefixes):
                found.add(other)
        elif pinyin_prefixes:
            found.update(word for word in _han_words(han) if _pinyin_matches(word, pinyin_prefixes))
    return found


@functools.lru_cache(maxsize=20_000)
def _han_words(run: str) -> tuple[str, ...]:
    return tuple(jieba.cut_for_search(run)) if len(run) > 1 else (run,)


def _pinyin_matches(word: str, prefixes: tuple[str, ...]) -> bool:
    full, initials = _pinyin_keys(word)
    return full.startswith(prefixes) or initials.startswith(prefixes)


def highlight(text: str, query: str, *, length: int = SNIPPET_CHARS) -> str:
    """An HTML snippet of `text` around the first match of `query`, escaped, with each match in
    <mark>…</mark> (the only markup it holds)."""
    text = _normal(text)
    words = sorted(_surface_words(text, query_terms(query)), key=len, reverse=True)
    if not words:
        return escape(text[:length]) + ("…" if len(text) > length else "")
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - length // 4) if first else 0
    window = text[start : start + length]
    pieces, last = [], 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(window[last:]))
    return ("…" if start else "") + "".join(pieces) + ("…" if start + length < len(text) else "")


def snippet(texts: list[str], query: str, *, length: int = SNIPPET_CHARS) -> str:
    """The highlight of the first of `texts` that holds a match (the Chinese body, then the
    Uyghur one), else the beginning of the first non-empty one."""
    present = [text for text in texts if text]
    for text in present:
        marked = highlight(text, query, length=length)
        if "<mark>" in marked:
            return marked
    return highlight(present[0], "", length=length) if present else ""
