"""The analysis of a message that every rule shares: masked text, words and sentences.

Rules judge the writer's own prose. Text that is not prose -- URLs, e-mail addresses,
@handles, #hashtags, inline code, template variables and quoted words -- is *masked*:
replaced, character for character, by :data:`MASK`, so that no word rule can match
inside it while every offset stays the same as in the message. A masked run counts as
one word.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from typing import Callable, Dict, Iterator, List, Optional, Tuple, TypeVar

from chatlint.violation import Span

T = TypeVar("T")

#: Stands in for each character of text that is not the writer's prose. ASCII SUB (the
#: control character meant to stand in for one that cannot be shown): never a letter,
#: digit, space or punctuation, and ASCII, so masking an all-ASCII message (nearly every
#: reply with a link or an @handle) keeps it ASCII, which halves the cost of lower-casing
#: and splitting it.
MASK = "\x1a"
#: What an input format writes into a message for an element that is not prose (inline
#: code in HTML): the object replacement character, which any output can show. Prose
#: reads it as masked.
MASKED_OBJECT = "\ufffc"

# Typographic variants folded to ASCII so phrase lists need one spelling, and a format's
# masked object to the mask. Each maps one code point to one code point: offsets never
# move. (One str.replace each: a scan for one character is many times faster than
# str.translate on text beyond Latin-1.)
_FOLDS = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u02bc", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u00a0", " "),
    ("\u202f", " "),
    ("\u2009", " "),
    ("\u2011", "-"),
    ("\u200b", " "),
    ("\r", "\n"),
    (MASKED_OBJECT, MASK),
)


def _fold(text: str) -> str:
    if "\u00e2\u20ac" in text:  # first: a curly quote is part of some of these sequences
        for variant, plain in _MOJIBAKE:
            text = text.replace(variant, plain)
    for variant, plain in _FOLDS:
        text = text.replace(variant, plain)
    return text


#: Pads a folded character to the length of what it stands for, inside a word. Words
#: may hold it after an apostrophe; it is dropped from the words rules read.
PAD = "\u2060"
# Published chat text often carries UTF-8 read as Windows-1252: "can\u00e2\u20ac\u2122t"
# for "can't". Each such sequence is three characters; it folds to the character it
# stands for, padded to the same length, so "can't" is found and offsets stay put.
_MOJIBAKE = (
    ("\u00e2\u20ac\u2122", "'" + PAD * 2),
    ("\u00e2\u20ac\u02dc", "'" + PAD * 2),
    ("\u00e2\u20ac\u0153", '"  '),
    ("\u00e2\u20ac\x9d", '"  '),
    ("\u00e2\u20ac\u201d", "\u2014  "),
    # An en dash joins as often as it separates ("1-800-MY\u2013APPLE", "9\u20135"), so it is
    # padded inside the word, not with spaces.
    ("\u00e2\u20ac\u201c", "\u2013" + PAD * 2),
    ("\u00e2\u20ac\u00a6", "\u2026  "),
)


# HTML entities that published chat text carries raw ("Q&amp;A", "Settings &gt; Privacy"):
# each becomes its character padded with spaces, so offsets stay put, "amp" and "gt" are
# not words, and a "&gt;" path reads as a ">" path. (Entities inside a word, such as
# "it&#39;s", are left alone: padding would split the word.)
_ENTITIES = re.compile(r"&(?:amp|lt|gt|quot|nbsp);")
_ENTITY_CHARACTERS = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&nbsp;": " "}


_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _line_break(match: re.Match[str]) -> str:
    return "\n".ljust(len(match.group()))


def _entity(match: re.Match[str]) -> str:
    entity = match.group()
    return _ENTITY_CHARACTERS[entity].ljust(len(entity))


_MATCH_SPAN = re.Match.span

_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")


def _emails(text: str) -> Iterator[Tuple[int, int]]:
    """``name@example.com``: found from each "@" outwards, not tried at every letter."""
    for match in _EMAIL_DOMAIN.finditer(text):
        start = match.start()
        while start and (text[start - 1].isalnum() or text[start - 1] in "_.+-"):
            start -= 1
        if start < match.start():
            yield start, match.end()


# One pattern per way a link starts, each opening with its literal ("http", "ftp",
# "www."), so the regex engine searches for that string instead of trying every "h",
# "f" and "w" of the text; the look-behind then checks the link starts a word. A link
# found inside another ("http://a.com/?u=www.b.com") is dropped with other overlaps.
_URL_STARTS = (
    ("http", re.compile(r"http(?<!\whttp)s?://[^\s<>\"]+")),
    ("ftp", re.compile(r"ftp(?<!\wftp)://[^\s<>\"]+")),
    ("www.", re.compile(r"www\.(?<!\wwww\.)[^\s<>\"]+")),
)


def _urls(text: str) -> Iterator[Tuple[int, int]]:
    for marker, pattern in _URL_STARTS:
        if marker in text:
            yield from map(_MATCH_SPAN, pattern.finditer(text))


def _finder(pattern: str) -> Callable[[str], Iterator[Tuple[int, int]]]:
    compiled = re.compile(pattern)

    def find(text: str) -> Iterator[Tuple[int, int]]:
        return map(_MATCH_SPAN, compiled.finditer(text))

    return find


_SINGLE_QUOTED = re.compile(r"'(?<![\w'])(?=[^\s'])(?:[^'\n]|'(?=\w)){0,120}?(?<=[^\s'])'(?![\w'])")
# Where a single quote opens: after a space. Nearly every apostrophe is inside a word
# ("don't"), so most replies skip the scan after one substring test. (A quote that
# opens a line or follows a bracket is not looked for.)
_QUOTE_OPENERS = (" '",)


def _single_quoted(text: str) -> Iterator[Tuple[int, int]]:
    return map(_MATCH_SPAN, _SINGLE_QUOTED.finditer(text))


# Each kind of non-prose text, in order of precedence where two overlap, with strings
# one of which the text must hold for the kind to be looked for at all. Each pattern
# opens with a fixed character, so a scan skips straight to the candidates.
_OPAQUE_KINDS = (
    ("url", ("http", "ftp", "www"), _urls),
    ("email", ("@",), _emails),
    ("handle", ("@",), _finder(r"@(?<![\w@]@)\w+")),
    ("hashtag", ("#",), _finder(r"\#(?<![\w&#]\#)[^\W\d_]\w*")),
    ("template", ("{",), _finder(r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^{}\n]*\}|\{[\w.-]+\}")),
    # A fenced block in a macro written in Markdown: commands and sample output, with
    # placeholders the reader fills in ("git checkout -b <BRANCH_NAME>").
    ("code", ("```", "~~~"), _finder(r"```[\s\S]*?```|~~~[\s\S]*?~~~")),
    ("code", ("`",), _finder(r"`[^`\n]+`")),
    ("quote", ('"',), _finder(r'"[^"\n]{1,300}"')),
    # 'Single quotes' around a UI string or the customer's words. An apostrophe inside
    # the quote ("'If Siri isn't available'") is followed by a letter; the closing quote
    # is not, and the opening one follows no letter (so "customers' data" opens nothing).
    ("quote", _QUOTE_OPENERS, _single_quoted),
)

_TERMINAL = ".!?\u2026"

# Trailing characters that end a sentence around a URL rather than belong to it.
_URL_TRAILING = ".,;:!?)]}'\""

_WORD = re.compile(r"[^\W_]+(?:['\-]" + PAD + r"*[^\W_]+)*|" + MASK + "+")
# Bytes of UTF-8 text that are never part of a word: ASCII other than letters, digits,
# apostrophes, hyphens and the mask. (Bytes of characters beyond ASCII are kept.)
_NOT_IN_WORDS = bytes(
    byte if byte >= 0x80 or chr(byte).isalnum() or chr(byte) in "'-" + MASK else 0x20
    for byte in range(256)
)


def word_list(text: str) -> List[str]:
    """``_WORD.findall(text)``, about a third faster on typical replies.

    Bytes that cannot be in a word become spaces (one C pass over the UTF-8), and
    splitting on white space leaves pieces that hold every word whole; a piece of
    letters and digits only is one word, and the rest (inner apostrophes and hyphens,
    masks, emoji, punctuation beyond ASCII) go through the pattern.
    """
    words: List[str] = []
    pieces = (
        text.encode("utf-8", "surrogatepass")
        .translate(_NOT_IN_WORDS)
        .decode("utf-8", "surrogatepass")
    )
    for piece in pieces.split():
        if piece.isalnum():
            words.append(piece)
        else:
            words += _WORD.findall(piece)
    if PAD in text:
        words = [word.replace(PAD, "") for word in words]
    return words


_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs approx mr mrs ms dr st jr sr no nos dept est inc ltd co corp "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun".split()
)

# A sentence ends at terminal punctuation followed by space, at a line break, at an
# ideographic full stop, "!" or "?" ("。", written with no space after it), or at a full
# stop (or ! or ?) right after a lower-case word and before a capitalised one with no
# space between ("claim.Please"; not "U.S.Army" or "v1.2").
# (Opening with a character class lets the scan skip straight to the few characters
# that can end one; a pattern opening with a lookahead or a choice is tried at every
# position.)
_SENTENCE_END = re.compile(
    r"[.!?\u2026\n\u3002\uff01\uff1f](?:(?<=[\n\u3002\uff01\uff1f])|[.!?\u2026]*['\")\]]*(?=\s|$)"
    r"|(?<=[a-z0-9)][.!?])(?=[A-Z][a-z]))"
)


class _TextMemo(Dict[str, T]):
    """``function``'s answers for the texts it was last asked about, held up to a budget
    of characters; called like the function.

    Every rule asks about the same message and the short clauses in it, so the answers
    are shared. The budget counts characters, not entries, because a language server
    lints a new version of a long draft on every keystroke: a thousand old 5 KB drafts'
    words would be 150 MB. When the budget is spent the memo starts again, which costs
    one message's answers once. A hit is a plain dict lookup, with no Python call.
    """

    def __init__(self, function: Callable[[str], T], budget: int) -> None:
        super().__init__()
        self._function = function
        self._budget = budget
        self._held = 0
        functools.update_wrapper(self, function)

    def __missing__(self, text: str) -> T:
        answer = self._function(text)
        self._held += len(text)
        if self._held > self._budget:
            self.clear()
            self._held = len(text)
        self[text] = answer
        return answer

    __call__ = dict.__getitem__


#: Characters of text whose answers each memo holds. Chat replies are short, so this
#: holds the last few thousand (a batch of macros repeats many of them); a language
#: server's 5 KB drafts, the last hundred or so (about 30 MB of words at most).
MEMO_BUDGET = 600_000


def _memo(budget: int) -> Callable[[Callable[[str], T]], _TextMemo[T]]:
    return lambda function: _TextMemo(function, budget)


@_memo(budget=MEMO_BUDGET)
def folded(text: str) -> str:
    """``text`` in lower case, character for character, so offsets stay valid.

    The few characters whose lower case is longer (such as "İ") are kept as they are.
    Cached because every phrase rule folds the same text.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)


class Words:
    """The words of one text, in order, and where each one starts and ends.

    Found with one scan and shared: word counts and every phrase list read the same
    list. Positions are found on first use; counting and looking words up need none.
    """

    __slots__ = ("text", "words", "vocabulary", "_spans")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: List[str] = word_list(text)
        #: The distinct words, for "does this text hold any of ..." in one set operation.
        self.vocabulary = frozenset(self.words)
        self._spans: Optional[List[Tuple[int, int]]] = None

    def spans(self) -> List[Tuple[int, int]]:
        if self._spans is None:
            self._spans = list(map(_MATCH_SPAN, _WORD.finditer(self.text)))
        return self._spans


@_memo(budget=MEMO_BUDGET)
def words_of(text: str) -> Words:
    """The words of ``text``, shared by every caller asking about the same string."""
    return Words(text)


class Prose:
    """Words and sentences of a message, found once and shared by all rules."""

    __slots__ = (
        "text",
        "masked_spans",
        "links",
        "entities",
        "_words",
        "_sentences",
        "_sentence_starts",
    )

    def __init__(self, text: str) -> None:
        if text.isascii():  # the common case: only CR can need folding
            folded = text.replace("\r", "\n") if "\r" in text else text
        else:
            folded = _fold(text)
        opaque = _opaque_spans(folded)
        #: Every masked span, in order.
        self.masked_spans: List[Span] = [span for span, _ in opaque]
        #: The URLs and e-mail addresses: where a reply points the customer.
        self.links: List[Span] = [span for span, kind in opaque if kind in ("url", "email")]
        if opaque:
            pieces: List[str] = []
            done = 0
            for span in self.masked_spans:
                pieces += (folded[done : span.start], MASK * len(span))
                done = span.end
            pieces.append(folded[done:])
            folded = "".join(pieces)
        #: Where raw HTML entities were folded, so spans never end inside one. Folded
        #: after masking: an "&amp;" inside a link is part of the link.
        self.entities: List[Tuple[int, int]] = []
        if "&" in folded and _ENTITIES.search(folded):
            self.entities = [match.span() for match in _ENTITIES.finditer(folded)]
            folded = _ENTITIES.sub(_entity, folded)
        if "<br" in folded:
            # A macro's "<br>" or "<br />" is a line break to the reader.
            folded = _LINE_BREAK_TAG.sub(_line_break, folded)
        #: The message text with non-prose masked and typography folded; same length.
        self.text = folded
        self._words: List[Span] = []
        self._sentences: List[Span] = []
        self._sentence_starts: List[int] = []

    def _word_bounds(self) -> List[Tuple[int, int]]:
        # Lower case keeps every offset, and phrase lists read the lower-cased words:
        # one scan of the text serves both.
        return words_of(folded(self.text)).spans()

    @property
    def words(self) -> List[Span]:
        """Every word, in order; a masked run is one word."""
        bounds = self._word_bounds()
        if len(self._words) != len(bounds):
            self._words = [Span(start, end) for start, end in bounds]
        return self._words

    @property
    def number_of_words(self) -> int:
        return len(words_of(folded(self.text)).words)

    def word(self, index: int) -> Span:
        """The word at ``index`` (negative counts from the end)."""
        return Span(*self._word_bounds()[index])

    @staticmethod
    def may_have_more_words_than(length: int, limit: int) -> bool:
        """False when text of ``length`` characters is too short to hold more than
        ``limit`` words.

        A word takes at least one character and the next word at least one more to
        start, so this answers most "is it too long?" questions without finding words.
        """
        return (length + 1) // 2 > limit

    @property
    def sentences(self) -> List[Span]:
        """Sentence spans, trimmed of surrounding white space."""
        if not self._sentences and self.text.strip():
            self._sentences = list(_sentences(self.text, self.links))
            if self.entities:
                self._sentences = [self.widened(span) for span in self._sentences]
        return self._sentences

    def reading_words(self, span: Optional[Span] = None) -> List[Span]:
        """The words a reader reads in ``span`` (the whole text when ``None``).

        Words joined by "/" with no space ("iOS/macOS", "username/email/ID", the "1/2"
        of a thread marker), by "." ("10.0.1.0", "spot.io", "e.g") or by ":" (a time,
        "6:50"), are read as one; the address of a Markdown link ("[the
        guide](https://...)") is not read at all. Slower than counting :attr:`words`, and
        never more, so length rules ask only when that count is over their limit.
        """
        bounds = self._word_bounds()
        if span is not None:
            bounds = bounds[bisect_left(bounds, (span.start,)) : bisect_left(bounds, (span.end,))]
        text = self.text
        merged: List[Span] = []
        for start, end in bounds:
            if text[start] == MASK and text[start - 2 : start] == "](":
                continue  # the address of a Markdown link: the reader reads its text
            between = text[merged[-1].end : start] if merged else ""
            if between == "/" or (
                between in (".", ":") and text[start].isalnum() and text[start - 2].isalnum()
            ):
                merged[-1] = Span(merged[-1].start, end)
            else:
                merged.append(Span(start, end))
        return merged

    def widened(self, span: Span) -> Span:
        """``span`` grown to whole HTML entities where it starts or ends inside one."""
        start, end = span.start, span.end
        for entity_start, entity_end in self.entities:
            if entity_start < start < entity_end:
                start = entity_start
            if entity_start < end < entity_end:
                end = entity_end
        return Span(start, end) if (start, end) != (span.start, span.end) else span

    def word_count(self, span: Span) -> int:
        """How many words start inside ``span``."""
        text = self.text
        if span.start == 0 or text[span.start - 1].isspace():
            # After white space, so not inside a word (as every sentence): count the
            # words alone, without finding where each one is.
            return len(word_list(text[span.start : span.end]))
        bounds = self._word_bounds()
        # (n,) sorts before every (n, end): these find the first word starting at n.
        return bisect_left(bounds, (span.end,)) - bisect_left(bounds, (span.start,))

    def sentence_at(self, offset: int) -> Span:
        """The sentence holding ``offset`` (the whole text when none does)."""
        sentences = self.sentences
        if len(self._sentence_starts) != len(sentences):
            self._sentence_starts = [sentence.start for sentence in sentences]
        index = bisect_right(self._sentence_starts, offset) - 1
        if index >= 0 and offset < sentences[index].end:
            return sentences[index]
        return Span(0, len(self.text))


def _opaque_spans(text: str) -> List[Tuple[Span, str]]:
    """Spans of non-prose text with their kinds, in order and never overlapping.

    Where two kinds overlap the one that starts first wins, and at the same start the
    earlier kind in :data:`_OPAQUE_KINDS`: a quote around a URL masks both.
    """
    found: List[Tuple[int, int, int, str]] = []
    for precedence, (kind, markers, find) in enumerate(_OPAQUE_KINDS):
        for marker in markers:
            if marker in text:
                break
        else:
            continue
        for start, end in find(text):
            if kind == "url":
                while text[end - 1] in _URL_TRAILING and end > start:
                    end -= 1
            elif kind == "quote" and end - start > 2 and text[end - 2] in _TERMINAL:
                # 'He said "done." Then ...': the full stop inside the closing quote
                # still ends the sentence, so it stays prose with the quote mark.
                end -= 1
                while end - 1 > start and text[end - 1] in _TERMINAL:
                    end -= 1
            if end > start:
                found.append((start, precedence, end, kind))
    if not found:
        return []
    found.sort()
    spans: List[Tuple[Span, str]] = []
    last_end = -1
    for start, _, end, kind in found:
        if start >= last_end:
            spans.append((Span(start, end), kind))
            last_end = end
    return spans


def _sentences(text: str, links: List[Span]) -> Iterator[Span]:
    ends = []
    for match in _SENTENCE_END.finditer(text):
        mark = match.group()
        end = match.end()
        if mark == "\n":
            if _continues_after_break(text, end):
                continue
        elif mark[0] == "." and _is_abbreviation(text, match.start()):
            continue
        ends.append(end)
    extra = list(_chat_sentence_ends(text, links))
    if extra:
        ends = sorted(set(ends).union(extra))
    start = 0
    for end in ends:
        span = _trimmed(text, start, end)
        if span is not None:
            yield span
        start = end
    span = _trimmed(text, start, len(text))
    if span is not None:
        yield span


# Where chat ends a sentence without a full stop and a space. Each pattern opens with
# the character that ends the sentence, so a scan skips to the few candidates.
# ":)", ":-(", ";D", "<3" or an emoji used as the full stop, then a capitalised word.
_EMOTICON_END = re.compile(
    r"(?:[:;=](?<!\S[:;=])[-']?[()DPpOo3/\\|*\]\[]+|<(?<!\S<)3)(?=[ \t]+[A-Z])"
)
_EMOJI = r"\u2600-\u27bf\U0001f000-\U0001faff"
_EMOJI_END = re.compile(rf"[{_EMOJI}][\ufe0f\u200d{_EMOJI}\U0001f3fb-\U0001f3ff]*(?=[ \t]+[A-Z])")
# A quote marker: ">>" (or "&gt;&gt;", folded to "> >"), then a capitalised word.
_QUOTE_MARKER_END = re.compile(r">[ \t]*>[ \t]+(?=[A-Z])")
# A thread marker and perhaps a sign-off between two tweets run together: "... here
# https://t.co/x 1/2 ^TJ @USER If you're ..." (checked to be a part of a few parts).
_THREAD_MARKER_END = re.compile(
    r"(?<![\w/.])(\d{1,2})/(\d{1,2})(?![\w/])(?:[ \t]+\^\w+)?(?=[ \t]+[@A-Z\x1a])"
)
# The same with a part number alone: "... will see here https://t.co/x, (1) ^AK @USER it
# states ...".
_PART_NUMBER_END = re.compile(r"\((\d{1,2})\)(?:[ \t]+\^\w+)?(?=[ \t]+[@\x1a])")
# A sign-off, then the next tweet's handle: "... from you? ^ZM @USER Hi again! ...".
_SIGN_OFF_BEFORE_HANDLE = re.compile(r"(?<=\s)\^[A-Za-z]{1,4}(?=[ \t]+[@\x1a])")
# "Please" with a capital after a word with no full stop: a new sentence ("... during
# the dispatch process Please wait for our associate ...").
_PLEASE_END = re.compile(r"(?<=[a-z0-9)])[ \t]+(?=Please\s)")
# A colon before a capitalised word, where a link or a list stood: "find it here: We'd
# also recommend ..." (not after a label: "Note: The date ..."). And a dash before one,
# in a list run into a line (two such dashes at least): "try these: - Restart the app -
# Retry".
_COLON_END = re.compile(r":[ \t]+(?=[A-Z][a-z'\u2019])")
_DASH_ITEM_END = re.compile(r"(?<=\S)[ \t]+-[ \t]+(?=[A-Z])")
# Two spaces standing for the full stop: "do my best to help  Please send a DM".
_DOUBLE_SPACE_END = re.compile(r"(?<=[a-z0-9)])[ \t]{2,}(?=[A-Z][a-z])")


def thread_part_ends(text: str) -> List[int]:
    """Where each tweet of a thread run together into one message ends: after its marker
    (and sign-off), "... right away. 1/3 ^JA @USER However, ..." (a part of a few parts,
    followed by the next tweet), "... here, (1) ^AK @USER it states ...", or a sign-off
    before the next tweet's handle: "... from you? ^ZM @USER Hi again! ..."."""
    ends = []
    # From each "/" back to its digits, then the pattern there: scanning the whole text
    # with the pattern (a look-behind tried at every character) cost more than the rest
    # of the sentence split on a reply with a link or a date in it.
    slash = text.find("/")
    while slash > 0:
        start = slash
        while start > slash - 2 and start > 0 and text[start - 1].isdigit():
            start -= 1
        marker = _THREAD_MARKER_END.match(text, start) if start < slash else None
        if marker and 0 < int(marker.group(1)) <= int(marker.group(2)) <= 20:
            ends.append(marker.end())
        slash = text.find("/", slash + 1)
    if "(" in text:
        ends.extend(
            marker.end()
            for marker in _PART_NUMBER_END.finditer(text)
            if 0 < int(marker.group(1)) <= 20
        )
    if "^" in text:
        ends.extend(map(re.Match.end, _SIGN_OFF_BEFORE_HANDLE.finditer(text)))
    return sorted(ends)


def _chat_sentence_ends(text: str, links: List[Span]) -> Iterator[int]:
    """Sentence ends the punctuation scan cannot see: an emoticon or emoji standing for
    a full stop, a link that closes a sentence before the next one starts with a
    capital, a quote marker, a thread marker between two tweets, a colon or a dash
    before a capitalised word (a link or a list stood there), and two spaces before
    one."""
    for eye in ":;=<":
        # str.find jumps to the few candidates; a pattern scan of every character
        # costs more than the rest of the sentence split on a reply with no face.
        at = text.find(eye)
        while at >= 0:
            face = _EMOTICON_END.match(text, at)
            if face:
                yield face.end()
            at = text.find(eye, at + 1)
    if not text.isascii():
        yield from map(re.Match.end, _EMOJI_END.finditer(text))
    if ">" in text:
        yield from map(re.Match.end, _QUOTE_MARKER_END.finditer(text))
    if "  " in text:
        yield from map(re.Match.start, _DOUBLE_SPACE_END.finditer(text))
    if " Please" in text:
        yield from map(re.Match.start, _PLEASE_END.finditer(text))
    if ":" in text:
        for colon in _COLON_END.finditer(text):
            if not _closes_a_label(text, colon.start()):
                yield colon.start() + 1
    if " - " in text:
        items = [item.start() for item in _DASH_ITEM_END.finditer(text)]
        if len(items) > 1:
            yield from items  # a list; one dash is more often a pause in a sentence
    yield from thread_part_ends(text)  # it looks for "/", "(" and "^" first
    for link in links:
        after = link.end
        while after < len(text) and text[after] in " \t":
            after += 1
        if after > link.end and after < len(text) and text[after].isupper():
            yield link.end


def _closes_a_label(text: str, colon: int) -> bool:
    """ "Note: The date may ...", "1.0 pinout: Added ...": the colon ends a label of a
    few words that opens its line or sentence, and the sentence goes on after it."""
    opening = max(text.rfind(mark, 0, colon) for mark in ".!?\n")
    return len(text[opening + 1 : colon].split()) <= 3


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial."""
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    if word_start > 0 and text[word_start - 1].isdigit() and "." not in word:
        return False  # "on 22dec. DL159 leaves": a date or unit written onto a number
    if len(word) == 1 and word.isalpha() and text[word_start].isupper():
        # An initial after a name ("John F. Kennedy") or opening the text ("J. Smith");
        # not a letter after a code or a product ("in AZ A. This", "iPhone X. Can").
        previous = text[:word_start].split()[-1:] if word_start else []
        return not previous or previous[0].istitle()
    if word in ("a.m", "p.m"):
        # "at 5 p.m. today" goes on; "at 5 p.m. Please call" is a new sentence.
        after = text[dot + 1 : dot + 3].lstrip()
        return not after or not after[0].isupper()
    return word in _ABBREVIATIONS


def _continues_after_break(text: str, after: int) -> bool:
    """A single line break inside a wrapped sentence: the next line goes on in lower case."""
    if after < len(text) and text[after] == "\n":
        return False
    index = after
    while index < len(text) and text[index] in " \t":
        index += 1
    return index < len(text) and text[index].islower()


def _trimmed(text: str, start: int, end: int) -> Span | None:
    segment = text[start:end]
    kept = segment.strip()
    if not kept:
        return None
    start += len(segment) - len(segment.lstrip())
    return Span(start, start + len(kept))
