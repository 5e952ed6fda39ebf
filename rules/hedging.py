"""Wording that makes the writer sound unsure of what they are telling the customer.

## What it does
Flags wording that makes the writer sound unsure of a fact they are giving, a fix they
are suggesting, or something their company will do: "it looks like" ("It looks like your
order shipped on Monday": say it shipped), "it seems", "seems that", "it appears",
"appears to be", "it would appear", "probably", "perhaps", "it could be", "it might be",
"could be the cause", "could be something on our end", "may be causing", "may have
caused", "may have been", "it's possible that", "there's a chance", "from what I
understand", "as far as I know", "as far as I can see", "that we're aware of", "you
might have received", "they may be able to", "we may be able to help", "this might be
referring to", "it might include dairy", "is believed to be fixed", "we don't seem to",
"I'm hopeful", "I wouldn't be surprised if", a fix offered with "may" or "might" ("this
article may help", "a restart might fix it", "you may try a reset", "you may need to
restart it", "you may find this guide helpful", "this might come in handy", "a different
laptop might also do the trick"), a cause given with "may not" ("the screen may not be
fully compatible"), and "hopefully", "we hope to" or "fingers crossed" about an outcome
the company controls ("Hopefully your refund goes through this week", "we hope to get to
you within the hour").

The everyday words of doubt and opinion that as often do another job are CL103's, a
preview rule: "I think", "I believe", "I assume" and the other first-person opinions,
"maybe", "likely", "possibly", "not sure" in any form, "unsure", "uncertain", "seems
like", "seems to be", "it sounds like", "there may be", "this may be", "that might be",
"could help", "it may take", "we may need to", "may be eligible", "unlikely", "I guess",
and the broad guesses (a bare "may be", "might" and any verb, a "Looks like" with no
subject). In replies nobody had tuned on, reviewers judged them right little more than
half the time: they soften a request ("I think I'll need you to DM us again"), read the
customer ("I assume you're having trouble with the app", "Not sure we follow"), invite
("You may be eligible: log in to see your offers") or give a forecast with its reason
("for this reason it is unlikely to happen this year") as often as they doubt a fact.

Not flagged, because none of them is doubt about the customer's case:

- a wish, an aim, or a joke about the customer's own luck, taste or day: "Hopefully you
  win!", "We hope to have every customer feeling valued" (a hope with a time, "we hope
  to get to you within the hour", is flagged), "Fingers crossed you get a window seat!",
  "Hopefully that helps", "hopefully this will help", "Maybe next time!", "It looks like
  you had a blast!", "We hope to have you back soon!";
- the writer's opinion, agreement or a recommendation: "I think you'll love the new
  flavour", "I believe in keeping it simple", "We think so too!", "I agree this seems to
  be a courier problem", "Hm, that might be the case", "It might be a good idea to
  change your password", "it may help to tell your driver beforehand", "This may be
  worth a try", "This may be tricky, but ...", "It sounds like it's time for a warranty
  claim", "It sounds like you'll need to reset your password", "that would most likely
  explain why it failed", "Seems like we have an opportunity to do better here" (owning
  the complaint), "Maybe we misread your last message" (owning a slip);
- an offer, a reason for asking, a requirement or a thing known: "In order to assist
  you, we may need to confirm some details", "Seems like something we need to look
  into", "We know how frustrating this may be", "We could help you get started", "our
  chat team could help as well", "Can you send a photo? This may help us find what's
  wrong", "an issue that we are aware of and are fixing" (not "Not that we're aware
  of"), "Sorry for any inconvenience this may be causing";
- how long something may take: "it may take 30 to 60 working days", "it may take some
  time for us to reply"; how things go now and then: "there may be times a driver needs
  to cancel";
- a question, or a polite softener in a request: "Do you think it's the cable?", "Could
  you maybe send us a screenshot?", "What seems to be the problem" (with or without its
  "?"), "I wonder if you've tried a reset", "we're looking into what may have caused
  it", "I'm not sure what you mean", "I'm not sure where you're sending the messages",
  "Not quite sure we are following", "Not quite sure we get your question", "We are not
  sure what the screenshot is showing", "Let's check what seems to be the problem", "I
  believe you're looking for the Wi-Fi password";
- the customer's own words, feelings or aims echoed back: "you mentioned it's probably
  the charger", "it sounds like the restart fixed it", "it sounds like the button pauses
  your music. Is that right?", "It looks like you have an issue with your membership",
  "It seems like you're still experiencing slow data", "It sounds like we've
  disappointed you", "It sounds like you were wanting to give us feedback", "We believe
  you've boarded the flight", "This doesn't seem to be right";
- words in quotes, links, handles and template variables.

In help-centre articles (kind `article`) only the writer's own doubt in the first person
is flagged ("from what I understand", "I'm hopeful", "as far as we know"): an article
that says a cause is "likely" or that a setting "may" help is stating a likelihood
honestly.

## Why is this bad?
A customer who is already worried reads a hedge as "this person does not know". It
invites push-back and a second contact. When you are certain, say it plainly; when
you are not, say what you are doing to find out instead of guessing.

## Example
```text
It seems your refund was processed, so it should show up soon.
```

Use instead:
```text
Your refund was processed on 3 May and will reach your card within five working days.
```

When you do not know yet:
```text
Let me check the status of your refund right now.
```

## Fix safety
Where taking the hedge out leaves a plain statement ("It seems your refund was
processed" -> "Your refund was processed", "it will probably work" -> "it will work"),
that is offered as a fix, and it is unsafe: it makes the writer sound certain, so
apply it only when the statement is true. Hedges that need rewording ("we may be able
to", "it could be") get no fix.
"""

from __future__ import annotations

import re
from typing import List, Optional

from chatlint.lazy_pattern import LazyPattern
from chatlint.message import Message
from chatlint.phrase_rule import PhraseRule
from chatlint.prose import word_list
from chatlint.rewording import remove_words
from chatlint.toml_files import data_beside
from chatlint.violation import Applicability, Fix, Span

from . import clauses

DATA = data_beside(__file__)
_FIRST_PERSON = frozenset(DATA["first-person-words"])
_WISHES = frozenset(DATA["wishes"])
_DURATIONS = frozenset(DATA["durations"])
_CONJUNCTIONS = frozenset(DATA["clause-conjunctions"])
_THAT_MAY = frozenset(("that may be", "that might be"))
# The words of a bare modal guess, with no subject or object of its own: "may be", "might *".
_BARE_MODAL = frozenset(("be", "have", "may", "might", "*"))
_OPINIONS = frozenset(DATA["opinions"])
_COMPANY = frozenset(DATA["company-subjects"])
_GLAD = frozenset(DATA["glad-words"])
_SERVICE = clauses.WordPhrases(DATA["service-words"])
_TASTE = clauses.WordPhrases(DATA["taste-words"])
_CLOSER_SUBJECTS = frozenset(DATA["closer-subjects"])
_CLOSER_VERBS = frozenset(DATA["closer-verbs"])
_WISH_COMPLEMENTS = clauses.WordPhrases(DATA["wish-complements"])
_SOCIAL = clauses.WordPhrases(DATA["social-words"])
_CASE = clauses.WordPhrases((*DATA["service-words"], *DATA["case-words"]))
_BANTER = frozenset(DATA["banter"])
# What makes a bare "maybe" a tease: a trailing ellipsis, a wink or an emoji.
_TEASING = LazyPattern(r"\.\.\.|\u2026|[;:]-?[)Pp]|[^\x00-\u2000]")
_CROWD = frozenset(DATA["crowd-subjects"])
_WONDERING = frozenset(DATA["wondering"])
_UNDERSTANDING = clauses.WordPhrases(DATA["understanding"])
# "There may be times ...": how things go now and then, not doubt about the case.
_OCCASIONS = frozenset(DATA["occasion-words"])
_UNSEEN = clauses.WordPhrases(DATA["customer-unseen"])
_TROUBLES = frozenset(DATA["trouble-words"])
_INTENTS = frozenset(DATA["intent-words"])
_FEELINGS = frozenset(DATA["feeling-words"])
_AGREEING = frozenset(DATA["agreeing-words"])
_OWNING = clauses.WordPhrases(DATA["owning-words"])
_HELPERS = frozenset(DATA["helpers"])
_SLIPS = frozenset(DATA["slips"])
_NEGATIONS = frozenset(DATA["negations"])
_TIME_WORDS = frozenset(DATA["time-words"])
_SENT = frozenset(DATA["sent-words"])
_STEP_VERBS = frozenset(DATA["step-verbs"])
_ADVICE = clauses.WordPhrases(DATA["advice-after"])
_REMOVABLE = frozenset(DATA["removable"])
_INTENSIFIERS = frozenset(DATA["hedge-intensifiers"])
_CUSTOMER_SUBJECTS = frozenset(DATA["customer-subjects"])
_LOOKS = frozenset(DATA["looks"])
_REPORTED = frozenset(DATA["reported-results"])
# A question that checks the writer understood: "Is that right?".
_CONFIRMS = LazyPattern(
    r"\s*(?:(?:is|does) that (?:sound )?(?:right|correct)|is that the case|correct)\s*\?", re.I
)
_CASE_THINGS = clauses.WordPhrases((*DATA["service-words"], *DATA["case-things"]))
_FINDS = frozenset(DATA["finds"])
_HELPFUL = frozenset(DATA["helpful-words"])
_ACKNOWLEDGING = frozenset(DATA["acknowledging-words"])
_ASKED_ABOUT = frozenset(DATA["question-words"])
_TELL = frozenset(DATA["telling-words"])


class Hedging(PhraseRule):
    code = "CL101"
    name = "hedging"
    summary = "Hedging makes the reply sound unsure"
    data = DATA
    template = 'Hedging: "{text}" makes the reply sound unsure'

    fix_title = "Take the hedge out"
    fix_safety = "unsafe"

    def fix_in(self, message: Message, span: Span, found: str, phrase: str) -> Optional[Fix]:
        if phrase not in _REMOVABLE:
            return None
        text = message.text
        sentence = message.prose.sentence_at(span.start)
        before = clauses.words_before(text, sentence, span)
        if before[-1:] and before[-1] in _INTENSIFIERS:  # "most likely": both go
            lead = text[sentence.start : span.start].lower()
            span = Span(sentence.start + lead.rindex(before[-1]), span.end)
            found = text[span.start : span.end]
        edit = remove_words(text, sentence, span)
        if edit is None:
            return None
        return Fix(f'Take "{found}" out', (edit,), Applicability.UNSAFE)

    def accept(self, message: Message, span: Span, phrase: str) -> bool:
        # An article states likelihoods for every reader; only the writer's own doubt
        # ("I think", "we're not sure") is hedging there.
        if message.kind == "article" and _FIRST_PERSON.isdisjoint(phrase.split(" ")):
            return False
        prose = message.prose
        text = prose.text
        sentence = prose.sentence_at(span.start)
        if clauses.is_question(text, sentence, span) or clauses.is_condition(text, sentence, span):
            return False  # asking, or supposing: not doubt about a fact
        if phrase.endswith("need to") and (
            clauses.opens_with_condition(text, sentence) or _opens_with_purpose(text, sentence)
        ):
            # "If you sign in from a new place, we may need to verify it's you": what is
            # required in a case, not doubt ("If it's blocked, it's likely ..." is).
            return False
        before = clauses.words_before(text, sentence, span)
        if before[-1:] in (["that"], ["there"]) and _BARE_MODAL.issuperset(phrase.split(" ")):
            # A bare "may be" or "might *" (CL103's) is read with its subject, so the
            # checks of "that might be" and "there may be" below hold for it too.
            phrase = " ".join([before[-1], *word_list(text[span.start : span.end].lower())])
            before = before[:-1]
        if not {"what", "how"}.isdisjoint(before[-3:]) and not {"may", "might"}.isdisjoint(
            phrase.split(" ")
        ):
            # "we're looking into what may have caused it", "ask what options may be
            # available": what is unknown or asked about, not a guess at it; "We know how
            # frustrating this may be": a feeling granted
            return False
        if phrase.startswith("appear") and before[-1:] in (
            ["that"],
            ["which"],
            ["who"],
        ):
            return False  # "items that appear to be price-gouging": describes, not doubts
        if phrase in _THAT_MAY and before and before[-1] not in _CONJUNCTIONS:
            return False  # "options that may be available to you": describes, not doubts
        if clauses.echoes_customer(text, sentence, span, guesses=False):
            return False
        if not {"may", "might"}.isdisjoint(phrase.split(" ")):
            if clauses.is_purpose(text, sentence, span):
                return False  # "so we may assist you": what the step is for
        after = _words_after(text, sentence, span)
        if phrase.startswith("there ") and after[:1] and after[0] in _OCCASIONS:
            return False  # "there may be times they need to cancel": sometimes, in general
        if ("sure" in phrase and _UNSEEN.opens(after)) or (
            ("sure" in phrase or phrase in _OPINIONS) and _UNDERSTANDING.opens(after)
        ):
            # "I'm not sure what you mean", "I believe you're looking for the Wi-Fi
            # password": reading the customer's message, not doubting a fact.
            return False
        if "sure" in phrase and (
            _UNDERSTANDING.found_in(after[:5]) or not _SENT.isdisjoint(after[:5])
        ):
            # "We are not sure quite what you mean", "not sure what the picture is
            # showing": reading what the customer sent
            return False
        if not _ACKNOWLEDGING.isdisjoint(before[-4:]):
            return False  # "I agree this seems to be a courier issue": their view, granted
        if phrase == "it appears" and before[-1:] == ["as"]:
            return False  # "the name as it appears on the photo ID": how it is written
        if ("seem" in phrase or "appear" in phrase) and (
            _asks_about(before) or before in (["what"], ["how"])
        ):
            # "DM us what the issue seems to be": what to tell us; "What seems to be the
            # issue" (the "?" left off): a question. Neither is doubt.
            return False
        if phrase == "could help" and before[-1:] and before[-1] in _HELPERS:
            # "We could help you get started", "how we could help", "our chat team could
            # help as well": an offer ("our team may be able to help" is a hedge)
            return False
        if phrase == "maybe" and after[:1] in (["i"], ["we"]) and after[1:2] and after[1] in _SLIPS:
            return False  # "Maybe we misunderstood your situation": owning a slip
        if phrase.endswith("knowledge") and before[-1:] in (["brought"], ["came"], ["come"]):
            return False  # "it was brought to my knowledge that ...": told, not doubted
        if phrase.endswith(" help") and after[:1] == ["us"]:
            return False  # "This may help us find what's wrong": why the writer asks
        if "aware" in phrase and not any(
            word in _NEGATIONS or word.endswith("n't") for word in before
        ):
            # "an issue that we are aware of and are fixing": known, not doubted ("Not
            # that we're aware of" is)
            return False
        if "inconvenience" in before[-2:] and not {"may", "might"}.isdisjoint(phrase.split(" ")):
            return False  # "Sorry for any inconvenience this may be causing": the apology
        if (phrase in _LOOKS or phrase.startswith(("it appears", "it seems", "looks like"))) and (
            _says_back(after)
        ):
            return False
        if phrase.endswith(("might be", "may be")) and _ADVICE.opens(after):
            return False  # "It might be a good idea to change your password": advice
        if phrase.endswith(" help") and before[-1:] == ["it"] and after[:1] == ["to"]:
            return False  # "it may help to tell your driver beforehand": advice
        if phrase.endswith(" take") and not _DURATIONS.isdisjoint(after[:6]):
            return False  # "it may take 30 to 60 working days": how long, not doubt
        if phrase in _OPINIONS and (after[-1:] == ["too"] or after[:2] == ["so", "too"]):
            return False  # "We think so too!": agreeing with the customer
        if (
            phrase in _OPINIONS
            and after[:1]
            and after[0] in _CUSTOMER_SUBJECTS
            and not _STEP_VERBS.intersection(after[1:2])
            and after[1:3] != ["have", "to"]
        ):
            # "We believe you've boarded the flight": a reading of their case ("I believe
            # you have to send it for repair" is a step given with doubt).
            return False
        if phrase in _LOOKS and after[:3] in (["it's", "time", "for"], ["it's", "time", "to"]):
            return False  # "It sounds like it's time for a claim": a step the reply goes on to
        if (
            phrase in _LOOKS
            and after[:1]
            and after[0] in _CUSTOMER_SUBJECTS
            and not {"need", "needs"}.isdisjoint(after[1:3])
        ):
            return False  # "It sounds like you'll need to reset your password": the step
        if phrase.endswith("likely") and after[:1] in (["explain"], ["explains"]):
            return False  # "that would most likely explain why it failed": granting their find
        if phrase in _LOOKS and not _FEELINGS.isdisjoint(after[:6]):
            return False  # "It sounds like we've disappointed you": their feeling said back
        if "seem" in phrase and after[:1] == ["be"] and _AGREEING.intersection(after[1:2]):
            return False  # "This doesn't seem to be right": agreeing with the complaint
        if phrase in _THAT_MAY and after == ["the", "case"]:
            return False  # "Hm, that might be the case.": granting the customer's point
        if phrase in _LOOKS and _OWNING.found_in(after):
            # "Seems like we have an opportunity to fix something here": owning the
            # complaint, not doubt about it
            return False
        if phrase in _WONDERING and after[:1] and after[0] in _CUSTOMER_SUBJECTS:
            return False  # "I wonder if you've tried a reset": asking the customer
        if phrase in _LOOKS and _remarks_on_customer(text, sentence, span, after):
            return False  # "It looks like you had a blast!": a remark on their day
        if phrase in _LOOKS and (
            not _REPORTED.isdisjoint(after) or _CONFIRMS.match(text, sentence.end)
        ):
            # "it sounds like the restart fixed it", "it sounds like the button pauses
            # the music. Is that right?": the customer's report said back, not a guess.
            return False
        if phrase in _FINDS and _HELPFUL.isdisjoint(
            word_list(text[span.end : sentence.end].lower())
        ):
            return False  # "you may find some gems": not a fix offered with "may"
        if not after and phrase in _BANTER and _TEASING.search(text, span.end, sentence.end + 4):
            return False  # "Maybe... ;)": a tease with nothing in doubt (a bare "Maybe." is doubt)
        # "We hope to get to you soon" is the writer's own doing, given a time: a wish
        # only when it is a social one ("We hope to have you back soon!"); with no time it
        # is an aim ("we hope to have all our customers feeling valued").
        own_aim = (
            phrase.startswith("hope to")
            and before[-1:] in (["we"], ["i"])
            and not _TIME_WORDS.isdisjoint(after)
        )
        if _WISH_COMPLEMENTS.opens(after) or (
            phrase in _WISHES and (_SOCIAL.found_in(after) if own_aim else _is_wish(after))
        ):
            return False  # "Maybe next time!", "Hopefully you win!"
        if after[:1] in (["can"], ["could"]) and phrase == "possibly":
            return False  # "as low as we possibly can": an intensifier
        remainder = word_list(text[span.end : sentence.end].lower())
        if (
            phrase in _OPINIONS
            and len(remainder) > 1
            and remainder[0] not in ("so", "not")
            and not _CASE.found_in(remainder)
        ):
            # "We think you're savvy shoppers", "I think she'd love that": an opinion
            # about something other than the customer's case is not doubt about it.
            # ("I think so" answers about the case, and is.)
            return False
        if _TASTE.found_in(remainder) and not _SERVICE.found_in(remainder):
            return False  # "maybe we'll be best friends": taste, not doubt
        if before[-1:] and before[-1] in _CROWD:
            return False  # "Everyone seems to love it": how popular it is, not doubt
        if phrase.startswith("could ") and not _GLAD.isdisjoint(before):
            return False  # "Glad we could help": what the writer was able to do
        return True


def _says_back(after: List[str]) -> bool:
    """After "it looks like", "it seems" or "it appears": the customer's own report or aim
    said back ("It looks like you have an issue with Prime", "It seems like you're still
    experiencing slow data", "It sounds like you were wanting to give feedback"), or the
    writer taking the case on ("Seems like something we need to look into")."""
    if after[:1] in (["like"], ["that"]):
        after = after[1:]  # "It seems like you ...", "It appears that you ..."
    if "something" in after[:2] and not _FIRST_PERSON.isdisjoint(after[1:4]):
        return True
    # "your having issues": the customer's "you're" misspelt
    if not after or not (
        after[0] in _CUSTOMER_SUBJECTS
        or after[:2] in (["your", "having"], ["your", "experiencing"])
    ):
        return False
    return not _TROUBLES.isdisjoint(after[:8]) or not _INTENTS.isdisjoint(after[1:4])


def _opens_with_purpose(text: str, sentence: Span) -> bool:
    """ "In order to assist you, we may need to ...", "To help, we may need to ...": what
    is required for a purpose, not doubt."""
    words = word_list(text[sentence.start : sentence.start + 40].lower())
    return words[:3] == ["in", "order", "to"] or words[:1] == ["to"]


def _words_after(text: str, sentence: Span, cue: Span) -> List[str]:
    """The words after the cue up to the end of its clause; a comma right after the
    cue ("Hopefully, your refund ...") does not end it."""
    start = cue.end
    while start < sentence.end and text[start] in " ,":
        start += 1
    return clauses.words_after(text, sentence, Span(start, start))


def _remarks_on_customer(text: str, sentence: Span, span: Span, after: List[str]) -> bool:
    """ "It looks like you have brunch figured out", "It looks like your weekend just
    got better!": a remark about the customer (about what is theirs, an exclamation)
    that names nothing of their case."""
    if not after or not (after[0] in _CUSTOMER_SUBJECTS or after[0] == "your"):
        return False
    if after[0] == "your" and not text[sentence.start : sentence.end].rstrip().endswith("!"):
        return False  # "It looks like your iPad is disabled."
    return not _CASE_THINGS.found_in(word_list(text[span.end : sentence.end].lower()))


def _is_wish(after: List[str]) -> bool:
    """ "Hopefully you win!", "Fingers crossed!", "Hopefully that helps", "Hopefully
    we'll see you soon": a wish for the customer or a friendly closer, not doubt about
    what the company will do."""
    if not after or _SOCIAL.found_in(after):
        return True
    # "Hopefully that helps", "hopefully this will help"
    verb = after[2:3] if after[1:2] in (["will"], ["should"], ["would"]) else after[1:2]
    if after[0] in _CLOSER_SUBJECTS and verb and verb[0] in _CLOSER_VERBS:
        return True
    # Doubt is about what the company does ("Hopefully we'll have it back soon",
    # "Hopefully the update fixes it") or the customer's case ("... your refund
    # arrives"); anything else is a wish for the customer ("Hopefully a friend helps
    # you out", "Fingers crossed you win").
    return after[0] not in _COMPANY and not _SERVICE.found_in(after)


def _asks_about(before: List[str]) -> bool:
    """ "DM us what the issue seems to be", "let us know what appears on screen": a
    question word a few words before the hedge, after a word of telling, makes the
    clause what the customer is asked to tell ("due to what seems to be a bad URL" is
    the writer's guess)."""
    for index in range(max(1, len(before) - 3), len(before)):
        if before[index] in _ASKED_ABOUT:
            return before[index - 1] in _TELL
    return False
