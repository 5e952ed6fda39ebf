"""Bad news with nothing the customer can do next.

## What it does
Flags a reply that gives the customer bad news about what they asked for or are owed and
offers nothing that moves them forward, anywhere in the reply or in the writer's
follow-up before the customer answers. Bad news is something that can't be done, isn't
available, is refused, delayed, cancelled, closed or broken ("we're closing this issue",
though not "closed as a duplicate of #12", an issue closed because it is tracked
elsewhere, or a closed thread locked later), including a service refused in so many
words ("the code won't apply", "gift cards aren't refundable", "that store doesn't stock
it", "we're not doing restocks"), a feature that does not exist ("exporting runs isn't a
feature", "there's no feature to print it", "it isn't compatible with Android", "we
aren't partnered with them"), and no news ("no word yet", "no news to share at this
time", "we haven't been given that information", "it isn't something we can guarantee",
"nothing can be done", "there wouldn't be anything we can do"). The finding points at the
first bad-news sentence.

Only news the reply itself marks as unwelcome is judged: the reply says "unfortunately",
"I'm afraid", "sadly", "sorry", "apologies", "we regret", "please note" or "please be
advised" (or "malheureusement", "lamentablemente", "leider", ...; the list is
`unwelcome-markers` in `bad_news.toml`). A limit stated plainly ("Prime can't be renewed
before it expires", "we don't cover that route") is as often the plain answer to what
the customer asked as news they did not want, and reviewers judged a third of such
findings wrong; with the writer's own marker, nine in ten were right.

Anything that moves the customer forward counts as an answer: an alternative or a
narrower option ("only date changes are possible", "we can't sway the vote, but custom
matches may help": after the news, a "but" or "however" clause that denies nothing and
is not a courtesy, such as "but we appreciate the feedback", says what can be done; "the
booking can't be split, only the guests can be moved", "we may only help with a spelling
correction", "a change of guest isn't allowed, only a change of date", "only select
stores will have it", "not eligible for any pass other than the one on your account",
"the navy one is in stock"), a remedy carried out or offered ("I've refunded the
shipping", "the item was cancelled and refunded", "this has been passed on to the team",
"your feedback has been noted", "your feedback will be passed on", "we've given them a
nudge", "I can rebook you", "you'll be refunded"; "I've checked" alone is not one), a
next step for the customer or the writer ("DM us your order number", "try a reset",
"vote for the idea here", "kindly choose another meal", "be sure to save the songs you
like", "or take it up with the seller", "check your DM for further assistance", "keep an
eye on our page for news", "keep your eyes peeled for updates", "let me look into it",
"kindly proceed with a new booking", "I'd insist you reply to our e-mail", "it's best to
take the damaged bag to our baggage desk", "you have to call us", "this must be handled
at the ticket desk", "the form is the best way to find it", "find out more here", "your
internet provider would have to help with that"; "the crew will do all they can",
"they're shipping out as quickly as possible"; an instruction: "Tap 'Notify me'", "pick
it up at Main St"; "you'll have to start a new plan"; "please return to the airport and
file a report"; "unfortunately, this must be done at the airport"; "it needs to be
checked in"), a link (with or without "https://") or a channel ("the secure form sends
your details to our team", "via email"; "please contact us here", where the link stood),
work under way, wherever it stands ("the outage is still open and we're working to
restore it", "this is a known issue we're actively working to fix"), or told in a clause
of its own ("our developers are reading every comment", "the team is looking into it";
not "we're seeing reports"), what will happen next ("you should get a tracking link when
it ships", "it will turn into a standard profile by itself", "you should have received
an email from us", "it isn't active yet and should launch tomorrow", "you will need to
wait until the phone line opens, as we can't handle refunds here"; not "hope you'll
enjoy it", "as the flight will be full" or "not every store will have one"), a request
for what is needed ("we request you to share a good time to call", "we ask that the fare
difference be paid", "you would have to ask the gate agent", "it would need to be
cancelled and placed again"), another service that runs ("the 21:34 is currently
running"), when things will change or have ("back in stock next week", "we are due more
stock very soon", "a reply can take 14-30 days", "lines will reopen shortly", "your ETD
is 7:40 pm", "you will have news very soon", "the Android app is coming soon", "now up
and running"), or what makes it possible ("you can't edit it until you begin the plan",
"we can't verify anything without authenticating your account", "without those details
we can't log it", "unless you reply to our e-mail, we can't look further", "we can't
look into this until we receive the letter", "we can't look into it till we receive the
form", "we can't tell which carrier until after the order ships", "once the outage is
fixed we'd be happy to book a visit"). Courtesies are not answers: "please accept our
apologies", "we look forward to seeing you", "thanks for your feedback", a stock offer
of more help ("Let us know if we can assist you with anything else", "give us a shout if
you have other questions", "If we can help with anything else, please let us know", "If
you need assistance please reach out", "Contact us for further assistance", "kindly
contact us if you need help") and a greeting that takes the case ("Mind if we take this
one?"). Passing the customer's feedback on to the team counts as a step.

A limit stated to the customer is news ("You can't return opened items", "Please be
informed that you have used the free change, thus you will not be able to move it
again"), and so is not knowing ("we wouldn't be able to say for sure if it's coming
back"). Not bad news: a question; a condition, or a rule for a case the sentence
supposes ("If you can't log in, ...", "Hi there, if you changed your name, you would
need to pay to change it again", "If it's older than 30 days, we can't take it back",
"Once a ticket is scanned, we can't exchange it", "Unfortunately, once a code expires,
we can't honour it", "we're unable to change a rating once it's entered",
"Unfortunately, if a match ends on a disconnect, I can't promise ...", "if the bag
doesn't make it, then we can't ship it", "cancelling isn't allowed if the balance is
due", "not possible as long as you're on the shared plan"); the problem named in an
apology ("Apologies for the delays this morning", "sorry for any inconvenience this
outage has caused"); what the writer tries to avoid ("We do our best to avoid delays");
a disclaimer ("We can't speak for other services"); a general statement ("Due to a
system issue, some riders have been unable to book"), or how things usually go ("ideas
usually get closed when they gather no votes", "sometimes deals are still being worked
out, or can't be agreed"); a remark on how such news feels ("Delays are never fun"); not
being able to see what the customer sent, followed by asking for it ("We can't see the
file you sent, please send more details"); a topic named ("details about the process
with banned accounts"); a step of a path through menus ("Help > I can't log in > Contact
us"); a relief ("the restocking fee won't apply", "payment isn't taken until the order
ships"); a sales pitch ("these are limited, so grab a box while you can"); a limit put
as where or what can be had ("only select restaurants will have it"); the customer's own
problem said back to them ("Sorry to hear you can't log in"); an apology for what went
wrong before ("We're sorry we couldn't seat everyone"); a friendly idiom ("we can't
wait", "couldn't look better", "couldn't do it without guests like yourself", "doesn't
mean we can't help"); an apology for the writer's own slow reply; a caveat inside a
how-to answer ("While we can't see your screen, these steps should help: ..."); and a
limit followed at once by an equivalent ("We don't have phone support, but we're happy
to sort it out right here", "Though memory can't be added, you can buy more storage").
News of a delay or an outage alone ("The flight is delayed by three hours because of the
weather", "there's an outage in your area", "Unfortunately a signal fault is causing
delays", "some parcels may take longer than usual"), or of a train, bus or flight that
was cancelled or terminated ("This train has been cancelled due to a fault", "XT8449 was
cancelled"), is not judged: it reports a state the customer is usually already in, and
reviewers did not count it as bad news left without an answer (none of ten such findings
was judged right). Help-centre articles state limits as facts for every reader and are
not judged, nor is one part of a reply split over several messages ("(1/2)", "2/2 ^Kim",
"1/2 With that fare ...", "1: Hey there!", a message ending in ">>" or "(1)", one cut
off on a word no sentence ends on ("... on your account. You would need"), or one that
opens with ">>" or mid-sentence: ", which is why ..."): the answer may be in the other
part.

## Why is this bad?
"No" on its own leaves the customer stuck, and a stuck customer writes back angrier.
Even when you cannot give them what they asked for, there is almost always something
you can do: an alternative, a partial remedy, a date, or the next step.

## Example
```text
Unfortunately the blue jacket is out of stock.
```

Use instead:
```text
Unfortunately the blue jacket is out of stock. I can reserve one from the delivery that arrives on Friday, or send the navy one today. Which would you prefer?
```
"""  # noqa: E501 (user documentation as shown; an example message is one line)

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Tuple

from chatlint.prose import Prose

from .bad_news import BadNewsOptions, BadNewsRule, Found, offers_solution


@dataclass(frozen=True)
class SolutionOptions(BadNewsOptions):
    extend_solutions: Tuple[str, ...] = field(
        default=(), metadata={"doc": "More phrases that offer a solution or next step."}
    )


class BadNewsWithoutSolution(BadNewsRule):
    code = "CL501"
    name = "bad-news-without-solution"
    summary = "Bad news with no solution, alternative or next step"
    Options = SolutionOptions
    judges_incidents = False
    judges_unmarked = False
    answer_key = "solution"
    answer_option = "extend_solutions"
    advice = (
        "Pair the news with what you can do: an alternative, a remedy, or the next step and "
        "when it happens."
    )

    def answered(self, prose: Prose, follow_up: str, found: Found) -> bool:
        return offers_solution(prose, follow_up, found, self.answers)
