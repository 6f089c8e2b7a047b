"""Discourse filler: sentences that carry no information about the business, and are never quoted as an answer.

Four kinds, in English and Chinese (either script):
- greetings and thanks: "Good evening, investors and friends.", "Thank you for the question.", 大家好, 谢谢;
  a sentence counts only when it is short or made only of such clauses ("Thank you. Revenue grew 10%" is not);
- taking the floor: "Let me take this question.", "Let me answer the first question first, on …", 我来回答;
- topic announcements: "Next, let me talk about …", "I'd like to share a few specific figures with you.",
  "My question is about …", "Your second question is about CMR.", "Turning now to …", 接下来我谈谈…;
- segues and closings: "That concludes our prepared remarks …", "That is our overall thinking on …",
  "This is borne out by …", 以上就是…;
- investor-relations boilerplate of English calls: the agenda ("During today's call, we will discuss …"), the
  safe-harbor notice, where the reconciliations are posted (filler even when it names a year or a quarter).
A sentence that states a figure is never filler (an announcement that carries one informs).

The rule is measured against hand labels of every sentence of the bundled call (``eval/labels/``);
``callrag eval`` reports its precision and recall, and docs/evaluation.md discusses them.

Example:
    >>> is_filler("Good evening, investors and friends."), is_filler("Let me take this question.")
    (True, True)
    >>> is_filler("Next, let me talk about the development of non-restaurant retail categories.")
    True
    >>> is_filler("Cloud Intelligence Group revenue grew 26%, driven mainly by the public cloud business.")
    False
    >>> is_filler("大家好,歡迎參加本季度財報電話會議。"), is_filler("我的第二個問題是關於CMR,本季度增長10%。")
    (True, False)
"""

from __future__ import annotations

import re

from index.script import match_key

_DIGIT = re.compile(r"\d")
# A sentence that opens with a greeting is filler only when it is this short: a greeting and no more ("Thank you
# for the question"); a longer one goes on to say something ("Thanks, and revenue grew 10% ...").
GREETING_MAX_HANZI = 14
GREETING_MAX_WORDS = 8
_EN_GREETING = re.compile(
    r"^(?:(?:uh|um|so|and|okay|ok|well),? )*(?:good (?:morning|afternoon|evening)|hello|hi|hey|welcome|greetings"
    r"|thank you|thanks|many thanks|congratulations|hello everyone)\b")
_EN_COURTESY_CLAUSE = re.compile(
    r"(?:good (?:morning|afternoon|evening)|hello|hi|hey|thank you|thanks|welcome|congratulations)\b[^.,;!?]*"
    # (these alone, as a clause of their own: "Good evening, investors and friends."; not "All of the year-over-year
    # decline in aftermarket came from the US", nor "Management expects …": the 37th review's Donaldson)
    r"|(?:everyone|management|all(?: the best)?|investors and friends|and goodbye|goodbye)\b(?=\s*(?:[.,;!?]|$))")
_EN_FLOOR = re.compile(
    r"\blet me (?:take|answer|address|start with|respond to) (?:this|the|that|your|these)\b[^.]*\bquestions?\b"
    r"|\blet me (?:answer|take) (?:this|that|it)\b|^i(?:'ll| will) take (?:this|that|the)\b"
    r"|\blet me answer first\b|\bbut let me answer\b")
_EN_ANNOUNCE = re.compile(
    r"^(?:(?:uh|um|so|and|okay|ok|well|next|now|first|finally|lastly),? )*"
    r"(?:let me|let's|let us|i'd like to|i would like to|i want to|i will|i'll|we will now|we'll now)"
    r" (?:first )?(?:talk about|turn to|share|review|discuss|go through|walk you through|move on|start|begin|unpack"
    r"|give|update|elaborate|introduce|spend|cover|say a few words|take a look(?: now)? at|look(?: now)? at)\b"
    r"|^(?:(?:uh|um|so|and),? )*(?:my|our|your|the) (?:first|second|third|next|last|other|follow-up)? ?"
    r"questions? (?:is|was|are) (?:about|on|regarding|related to)\b"
    r"|^(?:turning|moving|turn|move) (?:now )?(?:on )?to\b|^now,? (?:turning|moving|let's turn|let us turn) to\b"
    r"|^(?:now )?let's turn to\b"
    r"|^(?:now,? )?looking (?:now )?at (?:the |our )?[a-z &'-]{0,40}\b(?:highlights|results|performance)"
    r"(?: for the (?:first |second |third |fourth )?quarter)?$"  # "Looking at business segment highlights for the
    # third quarter."
    r"|^(?:looking at|on) the (?:short term and the long term|following)\b.*\bincluding:?$"
    # a count of points to come and its topic, no verb: "A couple of things for you in terms of the five-year plan."
    r"|^(?:(?:so|and|okay|ok|well),? )*(?:a couple of|a few|two|three|several) (?:things|points|comments|items)"
    r"(?: (?:for you|to (?:note|mention|point out|highlight)))?(?: (?:in terms of|on|about|regarding|with regard to"
    r"|with respect to|related to) [a-z0-9 '&-]{1,40})?$"
    # a count of trends or points seen, and nothing of them: "…, we see some very clear trends." (they follow)
    r"|\b(?:we|i) (?:can )?(?:see|observe|notice) (?:some|several|a few|a couple of|two|three|four) (?:very |quite )?"
    r"(?:clear |key |important |major |notable |distinct )?(?:trends|things|points|changes|patterns)\.?$"
    r"|:$")
_EN_SEGUE = re.compile(
    r"^(?:that|this) (?:concludes|ends|wraps up|completes)\b|^that is our (?:overall )?(?:thinking|view|answer)\b"
    r"|^(?:this|that) is borne out by\b|^(?:this|that) is (?:all|it) (?:from|for)\b"
    r"|\bwe (?:will|'ll) now (?:move on|open|begin|start) (?:to )?the q&a\b"
    r"|^on today's call, you (?:may|can) ask\b|^we now begin\b|^joining us today\b"
    # announcing the next item and nothing of it: "On the other hand, we also see another new opportunity in
    # training." (what it is follows; session 27)
    r"|\bwe (?:also )?see (?:another|one more|a further) (?:new |big |major |important )?opportunit(?:y|ies)"
    r"(?: (?:in|for|around|on) [a-z0-9 '-]{1,30})?$"
    r"|\bcome down to one question, namely\b")
_ZH_GREETING = re.compile(r"^(?:大家好|各位好|晚上好|下午好|早上好|上午好|你好|您好|管理层(?:晚上|下午|早上)?好|谢谢|感谢|欢迎|恭喜)")
_ZH_COURTESY_CLAUSE = re.compile(
    r"(?:大家|各位|投资者(?:和|与)?朋友们?|管理层)?(?:晚上好|下午好|早上好|上午好|你好|您好|大家好|好)"
    r"|(?:谢谢|感谢|恭喜)[^,，。!！?？]*|欢迎[^,，。!！?？]*|再见")
_ZH_FLOOR = re.compile(r"我来(?:回答|回应)|我先(?:回答|回应)|由我来回答|我来接这个问题|先回答第一个问题|我先来回答")
_ZH_ANNOUNCE = re.compile(
    r"^(?:那么|好的|好|首先|接下来|下面|然后|最后|其次)?[,，]?(?:我|我们)?(?:想|来|先|再)?(?:跟大家|和大家|与大家|给大家)?"
    r"(?:谈谈|谈一下|讲讲|讲一下|分享|介绍|回顾|说说|汇报|聊聊)"
    r"|^(?:我的|你的|您的)(?:第[一二三四五]个|另一个|下一个)?问题是关于|^(?:我|我们)(?:想|将)?(?:跟大家|和大家)?分享几个"
    r"|^现在(?:转向|进入|来看|让我们)|^(?:下面|接下来)(?:我们)?(?:来看|转向|进入)|[:：]$"
    r"|(?:我们|我)(?:看到|观察到|注意到)了?(?:一些|几个|几点|两个|三个)(?:非常|很|比较)?(?:明确|明显|清晰|重要)?的?(?:趋势|变化|特点)。?$")
_ZH_SEGUE = re.compile(r"^以上(?:就)?是|^(?:我们的)?(?:准备发言|开场发言)(?:到此|就)结束|现在(?:开始|召开)|^这在阿里巴巴自身的经验中得到了印证"
                       r"|^今天的电话会(?:议)?(?:到此结束|上)|^今天与我们一同出席的有")


# A first-person announcement ("let me begin my comments with a review of …") and no statement in it.
_EN_ANNOUNCE_FIRST_PERSON = re.compile(
    r"^(?:(?:so|and|now|first|next|finally|before (?:we|i) (?:begin|start|get started)),? )*"
    r"(?:let me|let's|i'd like to|i would like to|i will|i'll|i want to)"
    r" (?:first )?(?:begin|start|turn to|review|talk about|discuss|go through|walk you through|cover"
    # "Before we begin, I'd like to provide a brief overview of our Q2 GAAP results compared to prior year." (41st review)
    r"|(?:provide|give)(?: you)? (?:a |an )?(?:brief |quick |short )?(?:overview|summary|recap|update))\b")
_EN_STATES = re.compile(r"\b(?:was|were|is|are|grew|rose|fell|increased|decreased|declined|improved|expect\w*|deliver\w*"
                        r"|report\w*|generat\w*|achiev\w*|remain\w*|had|has|saw|see|where|which|as)\b")


# Investor-relations boilerplate of English calls: the agenda, the safe-harbor notice, where the reconciliations are.
# It is filler even when it names a year or a quarter ("During today's call, we will discuss ITW's third quarter
# financial results and update our guidance for full year 2021."), though never when it gives another figure.
_EN_BOILERPLATE = re.compile(
    r"^(?:and )?(?:during|on|in|for) (?:today's|this|the) (?:call|conference call|presentation|webcast),? (?:we|i)"
    r"(?: will|'ll| would like to| want to)? (?:discuss|review|cover|provide|go over|talk about|walk)\b"
    r"|\b(?:contains?|includes?|will make|may make|making|will include) (?:certain )?(?:forward-looking|predictive)"
    r" statements\b"
    r"|^(?:we|i) (?:would )?refer you to\b|\bsafe harbor\b"
    # a sign-off: "I look forward to speaking with you in November when we report our third quarter results."
    r"|^(?:and )?(?:we|i) (?:look|are looking) forward to (?:speaking|talking|updating you|catching up|seeing you)\b"
    r"(?: (?:with|to) (?:you|all of you|everyone))?(?: (?:again|soon))?(?: (?:in|on|at|next|when|after)\b[^.;]*)?$"
    r"|^(?:(?:good (?:morning|afternoon|evening)|hello|hi|thank you|thanks)(?:,? (?:everyone|all|operator))?,? (?:and )?)?"
    r"(?:welcome|thank you for joining|thanks for joining)\b[^.]*\b(?:conference call|earnings call|call|webcast"
    r"|results)\b(?: (?:for|of|on) (?:the|our) [a-z ]{0,50}(?: of (?:fiscal )?(?:19|20)\d\d)?)?$"
    # ("Thank you, operator, and welcome, everyone, to Digital Realty's fourth quarter 2021 earnings conference call.",
    # "Good morning and thank you for joining us today on Lazard's earnings call for the second quarter and first half
    # of 2021."; session 23, the 30th review)
    # the welcome and the speaker introducing themselves: "We'd like to welcome you to the UniFirst Corporation
    # conference call to review our third quarter results for fiscal year 2021.", "I'm Steven Sintros, UniFirst's
    # President and Chief Executive Officer." (46th review: they had led an answer on the quarter's revenue)
    r"|^(?:(?:good (?:morning|afternoon|evening)|hello|hi)(?:,? everyone)?,? (?:and )?)?(?:we|i)(?:'d| would)? (?:like to |want to )?"
    r"welcome (?:you|everyone|all of you)(?: all)? to\b[^.]*\b(?:call|webcast|conference)\b"
    r"|^(?:i'm|i am|this is|my name is) [a-z][a-z .'-]{1,40}, (?:[a-z&.' -]{1,40}'s )?(?:the )?(?:[a-z&,' -]{0,40} )?"
    r"(?:chief [a-z ]*officer|ceo|cfo|president|chairman|treasurer|vice president|director of investor relations"
    r"|head of investor relations|investor relations)(?: and (?:chief [a-z ]*officer|ceo|cfo|president|treasurer))?"
    r"(?: of [a-z&.' -]{1,40})?$"
    r"|\bforward-looking statements (?:are|is) (?:based on|subject to)\b|\bactual results (?:to|may|could|might|will)"
    r" differ materially\b|\bcould cause actual results to (?:materially )?differ\b"  # (42nd review, Webster)
    r"|\bbefore (?:opening|we open|turning) (?:up )?the call (?:up )?(?:to|for) (?:q&a|questions)\b"
    r"|\b(?:is|are) (?:available|posted) on (?:our|the) (?:company's )?(?:website|investor relations website)\b"
    # where the release and slides are: "… you can find both our press release and earnings call slide presentation in
    # the Investor Relations section of our website, carlisle.com."
    r"|\b(?:investor relations|investors) (?:section|page|portion) of (?:our|the) (?:company's )?website\b"
    r"|\b(?:is|are) included in (?:today's|this morning's|our|the) (?:earnings |press )?release\b"
    # a pointer to a slide and nothing else: "On Slide 5.", "Turning to page 14.", "Next slide, please."
    r"|^(?:(?:so|and|now|next|okay|ok|moving on),? )*(?:(?:please )?(?:turn|turning|move|moving|go|going|flip|"
    r"flipping)(?: now)?(?: over)? to|on|if you (?:turn|go) to|let's (?:turn|go|move) to|looking at)? ?(?:the )?"
    r"(?:next )?(?:slide|page)s?(?: \d+(?: (?:and|to|-) \d+)?)?(?:,? please)?$"
    # where a part's slide is, and nothing else: "HSA Bank is on Slide 5." (42nd review, Webster)
    r"|^[a-z][\w&.' -]{0,40} (?:is|are) (?:on|covered on|shown on) (?:slide|page)s? \d+(?: (?:and|to|-) \d+)?$")
# A pointer to where the detail will come, and nothing else: "Susan will provide more detail and 2022 commentary in
# our remarks, including high level EPS and membership guidance."
_EN_SIGNPOST = re.compile(
    r"^(?:(?:and|so|now|then|next|later),? )*(?!(?:as|which|where|who|that|when|if|what|how|while)\b)(?:i|we|[a-z][\w.'-]*(?: [a-z][\w.'-]*)?) will (?:then |now |later )?"
    r"(?:provide|give|share|offer|discuss|cover|review|go through|walk (?:you|us) through|take (?:you|us) "
    r"through)\b[^.,;]{0,40}?\b(?:more|additional|further|greater) (?:detail|details|color|colour|commentary)\b"
    # ... or says it will come later: "Michael will discuss the key drivers of our third quarter earnings results a
    # bit later."
    r"|^(?:(?:and|so|now|then),? )*(?!(?:as|which|where|who|that|when|if|what|how|while)\b)(?:i|we|[a-z][\w.'-]*"
    r"(?: [a-z][\w.'-]*)?) will (?:then |now |later )?(?:provide|give|share|discuss|cover|review|talk about|go through"
    r"|walk (?:you|us) through)\b[^.,;]{0,80}?\b(?:a (?:bit|little) later|later (?:on|in (?:the|this|today's) call)"
    r"|shortly|in a (?:moment|few minutes))$")
# A topic announcement naming a period and nothing more is short and has one clause: "Turning to the outlook for the
# fourth quarter of 2021." ("Turning to 2022, we expect …" goes on to say something).
ANNOUNCE_WITH_DATE_MAX_WORDS = 12
_NOT_FIGURES = re.compile(r"\b(?:19|20)\d\d\b|\bq[1-4]\b|\b(?:slide|page) \d+\b|\b\d+[a-z]+\b|\b\d+-[a-z]\b", re.IGNORECASE)  # (3M, 10-K)


def is_filler(text: str, lang: str | None = None) -> bool:
    """Whether a sentence (English or Chinese; the language is detected when not given) is filler."""
    if text.strip() and not _DIGIT.search(_NOT_FIGURES.sub(" ", text)) and \
            _EN_BOILERPLATE.search(match_key(text).rstrip(" .!?")):
        return True
    if text.strip() and not _DIGIT.search(_NOT_FIGURES.sub(" ", text)) and _DIGIT.search(text):
        key = match_key(text).rstrip(" .!?")  # it names a year or a quarter, and no figure
        if _EN_SIGNPOST.search(key):
            return True
        if _EN_ANNOUNCE.search(key) and "," not in key and len(key.split()) <= ANNOUNCE_WITH_DATE_MAX_WORDS:
            return True
        if _EN_ANNOUNCE_FIRST_PERSON.match(key) and not _EN_STATES.search(key):
            return True  # "Let me begin my comments with a review of our Q2 performance, with a focus on our core
            # capital and earnings drivers." announces; "Let me start with Q2, where sales grew" does not
    if not text.strip() or _DIGIT.search(text):
        return False if text.strip() else True
    key = match_key(text).rstrip(" .。!！?？;；")
    zh = lang == "zh" if lang else re.search(r"[\u3400-\u9fff]", key) is not None
    if zh:
        if _only_courtesy(key, _ZH_COURTESY_CLAUSE, r"[,，、。!！?？\s]"):
            return True
        if _ZH_GREETING.match(key) and len(key) <= GREETING_MAX_HANZI:
            return True
        return bool(_ZH_FLOOR.search(key) or _ZH_ANNOUNCE.search(key) or _ZH_SEGUE.search(key))
    if _only_courtesy(key, _EN_COURTESY_CLAUSE, r"[,;.!?]|\band\b|\bfor (?:taking )?(?:my|the|your) questions?\b"):
        return True
    if _EN_GREETING.match(key) and len(key.split()) <= GREETING_MAX_WORDS:
        return True
    return bool(_EN_FLOOR.search(key) or _EN_ANNOUNCE.search(key) or _EN_SEGUE.search(key) or _EN_SIGNPOST.search(key))


def is_filler_sentence(original: str, translation: str = "", original_language: str | None = None) -> bool:
    """A sentence with a translation is filler when its original is (the translation is the tie-breaker only
    where the original's rule cannot tell: a Chinese sentence whose English says it is filler)."""
    if is_filler(original, original_language):
        return True
    return bool(translation) and is_filler(translation) and not _DIGIT.search(original)


def _only_courtesy(key: str, clause: re.Pattern, separators: str) -> bool:
    rest = clause.sub(" ", key)
    rest = re.sub(separators, " ", rest)
    rest = re.sub(r"\b(?:uh|um|so|and|everyone|all|today|very much|again|a lot|sir)\b", " ", rest)
    return not rest.strip() and key.strip() != ""
