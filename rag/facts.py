"""What a sentence states, as answer composition needs it: the kinds of figure it gives (money, percent, count),
the glossary terms it names (metrics, segments, businesses), the period it speaks of, whether it is filler, and
whether its subject is only implied ("The segment's revenue …", "该板块…", a fragment opening "Or …").

A bilingual sentence is read in both languages: terms are found in either, figures are typed on the English side
when there is one (it says "RMB 380 billion" where the Chinese says 3800亿), periods on both.

Example:
    >>> f = facts_of("本季度,我們在AI和云基礎設施方面的資本支出達到386億人民幣。",
    ...              "This quarter, our capital expenditure on AI and cloud infrastructure reached RMB 38.6 billion.")
    >>> sorted(f.figures), f.metrics, f.period
    (['money'], ('capex',), 'quarter')
    >>> f = facts_of("該板塊本季度收入達1,401億元人民幣,同比增長10%。",
    ...              "The segment's revenue for the quarter reached RMB 140.1 billion, up 10% year-over-year.")
    >>> sorted(f.figures), f.metrics, f.implied
    (['money', 'percent'], ('revenue',), True)
    >>> sorted(facts_of("", "monthly active consumers approached 300 million, up 25%").figures)
    ['count', 'percent']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.glossary import Glossary, load_glossary
from index.script import match_key
from rag.filler import is_filler_sentence

_MONTHS = ("january february march april may june july august september october november december").split()
_ZH_MONTHS = "一二三四五六七八九"

_EN_MONEY = re.compile(r"(?:rmb|us\$|hk\$|\$|usd|cny|yuan)\s?\d|\d[\d,.]*\s?(?:billion|million|trillion|bn|mn)?\s?"
                       r"(?:yuan|dollars|rmb)\b")
# "2.3 billion of share repurchases", "between 12.1 billion and 12.5 billion": an amount in billions or millions
# followed by no counted noun (as "300 million buyers" is), in a sentence about money (revenue, capital, cash …),
# is money in an English call that leaves out the "$".
_CENTS = re.compile(r"(?:us\$|\$)\s?0?\.\d+(?![\d,])(?!\s?(?:million|billion|trillion|thousand|bn|mn|[mbk])\b)")
_BY_AMOUNT = re.compile(r"\bby (?:-- )?(?:about |approximately |roughly |nearly |almost |some |over |more than |just "
                        r"(?:over|under) |around |an? (?:additional |incremental |further )?)?(?:-- )?$"
                        # a change verb right before the amount: "Engineered Wood Products adjusted EBITDA increased $11
                        # million compared to the first quarter" (the change, not the segment's EBITDA)
                        r"|\b(?:increased|decreased|grew|rose|fell|declined|improved|dropped|climbed)"
                        r" (?:about |approximately |roughly |nearly |almost |over |more than |some )?$"
                        # an impact on it: "non-operating net expenses impacted our EPS for about $0.07" (32nd review)
                        r"|\b(?:impacted|affected|hurt|reduced|lowered|benefited|helped|lifted|boosted) (?:our |the )?"
                        r"(?:[a-z&-]+ ){1,3}(?:by|for) (?:about |approximately |roughly |nearly |almost |some |around )?$")
# ... or a change named right after the amount: "a $0.02 per share increase in FFO resulting from the full quarter
# contributions of our recent acquisitions" (the 33rd review's Camden FFO; the FFO per share was never this)
_AMOUNT_AS_CHANGE = re.compile(r"(?:rmb|us\$|hk\$|\$|usd)?\s?[\d.,]+\s?(?:billion|million|thousand|trillion|bn|mn|[mbk])?\s?"
                               r"(?:per (?:diluted )?share |a share )?(?:year-over-year |sequential |aggregate |net |combined )?"
                               r"(?:increase|decrease|improvement|decline|reduction|headwind|tailwind|uplift|drag|impact)"
                               r" (?:in|from|over|versus|vs)\b"
                               # a per-share amount's change, and a part of a change: "This $0.18 per share increase
                               # results from …", "$0.03 of this increase occurred in the second quarter" (Camden)
                               r"|(?:\$|usd)\s?[\d.,]+\s?(?:per (?:diluted )?share|a share) (?:increase|decrease|improvement"
                               r"|decline|reduction|headwind|tailwind|uplift|drag)\b"
                               r"|(?:\$|usd)\s?[\d.,]+\s?(?:billion|million|[mbk])?\s?of (?:this|that|the) (?:increase|decrease"
                               r"|improvement|decline|reduction)\b")
# (not "a $2 billion increase to the share repurchase program": the new authorization's amount)
# A sentence that opens by saying it is part of the figure before it: "This includes $92 million from the Pennsylvania
# and the Missouri rate cases" (the 33rd review's American Water: no total revenue), 其中包括
_PART_OF_BEFORE = re.compile(r"^(?:and |so )?(?:this|that|these|those|which|it) (?:includes?|included|consists? of"
                             r"|comprises?|comprised)\b|^其中包括")
_EN_BARE_AMOUNT = re.compile(r"(?<![\w.$])\d[\d,]*(?:\.\d+)?\s?(?:billion|million|trillion|bn|mn)\b"
                             r"(?=\s*(?:$|[,.;:)]|(?:of|in|for|to|and|or|from|at|was|were|is|are|compared|versus|vs"
                             r"|up|down|this|last|during|which|with|year|per|range)\b))")
_EN_MONEY_WORDS = re.compile(r"\b(?:revenues?|sales|income|earnings|ebitda|ebita|ebit|profits?|capex|capital|spend(?:ing)?"
                             r"|costs?|expenses?|cash|repurchases?|buybacks?|dividends?|debt|liquidity|investments?"
                             r"|budget|proceeds|savings|charges?|impairments?)\b")  # (the amount is about money)
# A rate in numerals, and a rate given only in words, as guidance is ("mid-single digit net sales revenue growth",
# "EBITDA will be flat compared to 2020": no change is a rate too); ``worded_rate`` tells a sentence with only the
# second, what a call says of an amount it does not guide in money.
_EN_NUMERAL_RATE_RX = r"\d\s?(?:%|percent\b|per cent\b|percentage points?\b|basis points?\b|bps?\b)"
_EN_WORDED_RATE_RX = (r"\b(?:low|mid|high)?[- ]?(?:single|double|triple)[- ]digits?\b"
                      r"|\b(?:low|mid|high|upper)[- ](?:teens|twenties|thirties|forties|fifties|sixties|seventies"
                      r"|eighties|nineties|[2-9]0s)\b"  # ("crude utilization rate to be in the low 80s")
                      r"|\b(?:be|remain(?:ed|s)?|was|were|is|are|stay(?:ed|s)?|come in|came in|essentially|roughly"
                      r"|relatively|broadly|about|approximately) flat\b"
                      # "is expected to be at a similar level to 2020" (37th review asked again: Hexcel's capex)
                      r"|\b(?:at |to )?(?:a )?similar levels? (?:to|as|with)\b|\bin line with (?:20\d\d|last year)\b")
_EN_WORDED_GROWTH = re.compile(r"\b(?:grow|grew|grown|growing|growth|increas\w*|expand\w*)\b[^.;,]{0,30}?(?:"
                               + _EN_WORDED_RATE_RX + r")|(?:" + _EN_WORDED_RATE_RX + r")[^.;,]{0,20}?\b(?:growth|increases?"
                               r"|grow\w*)\b")
# Buying back the company's own shares, in other words than the glossary's ("purchase … $3 billion of outstanding
# shares of common stock", "bought back 2 million shares").
_EN_BUYS_SHARES = re.compile(r"\b(?:purchas\w*|bought|buy(?:ing)?|repurchas\w*)\b(?: back)?(?:[^.;]|(?<=\d)\.(?=\d)){0,60}?\b(?:of )?(?:our )?"
                             r"(?:outstanding )?(?:shares|stock)\b(?! (?:price|market|exchange|index))")
# A sentence whose figures are only supposed: "Assuming we repurchased $3 billion of shares in a 12-month period …".
_EN_HYPOTHETICAL = re.compile(r"(?:(?:and|so|but|now),? )?(?:assuming|if we|if you assume|suppose|supposing"
                              r"|hypothetically|let's say|say we|were we to|in a scenario where)\b")
# ... or works an illustration through: "That pencils out on a $85 billion to $90 billion revenue base to, say, $7
# billion of free cash" (session 22)
_EN_ILLUSTRATION = re.compile(r"\bpencils? out\b|\b(?:to|of|at|about|around|call it),? say,? \$?\d|"
                              r"\bback[- ]of[- ](?:the[- ])?envelope\b|\bfor illustrat\w+ purposes\b")
_EN_PERCENT = re.compile(_EN_NUMERAL_RATE_RX + r"|\b(?:two|three|four|five|ten)fold\b"
                         r"|\bby (?:half|a half|a third|two[- ]thirds)\b|\b(?:doubled|tripled|halved|halve)\b"
                         r"|\bone-third\b|\b(?:one|two) thirds? of\b|\ba third of\b"
                         r"|\b[1-4]/[2-5] of\b"  # "roughly 1/3 of earnings" (a payout ratio: the 34th review's SMP)
                         r"|" + _EN_WORDED_RATE_RX)
_EN_WORDED_RATE = re.compile(_EN_WORDED_RATE_RX)
_EN_NUMERAL_RATE = re.compile(_EN_NUMERAL_RATE_RX)
_ZH_WORDED_RATE = re.compile(r"[低中高]?[个两三]位数")
_ZH_NUMERAL_RATE = re.compile(r"\d\s?[%％]|百分之|\d+个百分点")
_EN_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])(\s?(?:million|billion|trillion|thousand"
                        r"|bn|mn))?")
_ZH_MONEY = re.compile(r"\d[\d,.]*\s?(?:万亿|亿|万|千)?\s?(?:元|人民币|美元|港元|港币)|(?:人民币|美元|rmb|us\$)\s?\d")
_ZH_PERCENT = re.compile(r"\d\s?[%％]|百分之|[一二三四五六七八九十两\d]+倍|一半|三分之一|两位数|三位数|\d+个百分点")
_EN_WORD_COUNT = re.compile(r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|several|hundreds of|thousands of"
                            r"|millions of|tens of) (?:hundred|thousand|million|billion)\b|\b(?:millions|billions) of\b")
_ZH_COUNT = re.compile(r"[一二两三四五六七八九十百千]+(?:万|亿)(?:个|家|人|单|名|位)?|\d[\d,.]*\s?(?:万亿|亿|万|千)?\s?(?:单|人(?!民)|家|个|名|位|次|用户|消费者|骑手|会员|家门店|笔)"
                       r"|\d[\d,.]*\s?(?:万|亿)(?![元\d]|人民币|美元|港)")
_YEAR_NUMBER = re.compile(r"^(?:19|20)\d\d$")  # a bare number that is a year

# The last few quarters or twelve months taken together ("over the past four quarters", 过去四个季度): not this
# quarter's figure. First in a question's tables (rag/question.py); last in a sentence's, so a sentence that also names this
# quarter keeps that period (its clauses are told apart: ``clause_facts``).
EN_TRAILING = (r"\b(?:past|last|previous|trailing|prior) (?:two|three|four|2|3|4|several|few|couple of) quarters\b"
               r"|\b(?:past|last|trailing) (?:twelve|12) months\b|\bttm\b"
               r"|\b(?:twelve|12)[- ]months?(?: period)? (?:ending|ended)\b")  # "For the 12-month period ending March 31"
ZH_TRAILING = r"过去(?:[两二三四五六\d]|几)个季度|近(?:[两二三四\d]|几)个季度|过去(?:十二|12)个月|近(?:十二|12)个月" \
    r"|截至[^，,。？?]{1,12}的(?:十二|12)个月"  # 截至今年3月的12个月 (33rd review, American Water)

# The medium or long term, as a target or an ambition speaks of it ("our medium-term or long-term objective … would be
# to get the Bakken back to 200,000 barrels a day", 中长期产量目标): not a quarter's or this year's forecast.
# (a balance-sheet item is no period: "paying off $2.55 billion of long-term debt", 长期借款)
LONG_TERM_EN = (r"\b(?:long|longer|medium|mid)[- ]term\b(?! (?:debt|notes?|borrowings?|loans?|investments?|assets?|"
                r"liabilit(?:y|ies)|incentives?|contracts?|care|leases?|obligations?)\b)|\blong[- ]range\b|\bover time\b")
LONG_TERM_ZH = r"中长期|长期(?!借款|债务|负债|投资|资产|贷款|激励)|长远"
# A long-term range or target is named, not spoken of for the long term: "our initial EPS guidance will target the low
# end of our long-term growth range of 11% to 15%" is the 2022 guidance
LONG_TERM_TARGET = re.compile(r"(?:中长期|长期)(?:增长|盈利|收益)?(?:区间|范围|目标|算法|框架)|\b(?:long|longer|medium)[- ]term "
                              r"(?:growth |earnings |eps |financial )?(?:range|target|algorithm|framework)s?\b")
ZH_YEAR_TO_DATE = (r"年初至今|年初以来|今年以来|前三季度|前九个月|上半年|前六个月|(?:今年|年初)(?:迄今|至今|到目前为止|到现在)"
                   r"|(?:今年|年初|本年)(?:截至|截止到?|至|到)(?:第?[一二三四1-4]季度末?|\d{1,2}月底?)")  # 今年截至三季度末
# A comparison over two years or more ("two-year compounded net sales growth", "the two year average share gain",
# "versus 2019"): not this quarter's year-on-year figure
MULTI_YEAR_EN = (r"\b(?:two|2|three|3)[- ]year (?:compounded|compound|stacked|stack|average|cagr)\b"
                 r"|\bon a (?:two|2|three|3)[- ]year (?:basis|stack)\b")
MULTI_YEAR_ZH = r"两年复合|两年平均|两年累计|三年复合"
_EN_PERIOD = (  # explicit spans of time first; the first that matches is the sentence's period
    ("multi_year", MULTI_YEAR_EN),
    ("year_ago", r"\blast year\b|\ba year ago\b|\bprior[- ]year\b"),
    ("previous_quarter", r"\blast quarter\b|\bprevious quarter\b|\bprior quarter\b"),
    ("three_years", r"\b(?:three|3)[- ]years?\b"),
    ("fiscal_year", r"\bfiscal year\b|\bfull[- ]year\b|\bfy ?\d\d\b|\bfor the (?:whole |entire )?year\b"),
    ("next_quarters", r"\bnext (?:few |couple of |two |several )?quarters?\b|\bcoming quarters?\b"),
    ("long_term", LONG_TERM_EN),
    ("quarter", r"\bthis quarter\b|\bthe quarter\b"),
    # (after the quarter: "$181 million for the quarter and $501 million year-to-date" is the quarter's)
    ("year_to_date", r"\byear[- ]to[- ]date\b|\bytd\b|\b(?:first|past) (?:nine|six) months\b"
                     r"|\b(?:nine|six) months ended\b|\bfirst half\b"),  # "Through the six months ended June 30, …"
    ("month", r"\b(?:in|since|by|during) (?:" + "|".join(_MONTHS) + r")\b"),
    ("trailing", EN_TRAILING),
)
_ZH_PERIOD = (
    ("multi_year", MULTI_YEAR_ZH),
    ("year_ago", r"去年(?!同期)|上一年"),
    ("previous_quarter", r"上季度|上个季度|上一季度"),
    ("three_years", r"三年|3年"),
    ("fiscal_year", r"财年|全年"),
    ("next_quarters", r"未来几个季度|下个季度|接下来几个季度"),
    ("long_term", LONG_TERM_ZH),
    ("quarter", r"本季度|本季|这个季度|该季度|当季"),
    ("year_to_date", ZH_YEAR_TO_DATE),
    ("month", r"(?:[一二三四五六七八九十]+|\d{1,2})月"),
    ("trailing", ZH_TRAILING),
)
# ("as part of our plan to drive future operational efficiencies" is what the money was for, not a plan ahead: the 35th
# review's Pitney Bowes capex "invested" in the quarter had been read as the year's budget)
_EN_FORWARD = re.compile(r"(?<=[a-z])'ll\b|\b(?:will|expect|expects|expected|expecting|(?<!our )(?<!the )(?<!its )(?<!a )plans? to"
                         r"|aim to|intend|going forward|looking ahead"
                         r"|next (?:few )?(?:quarters?|years?)|in the future|outlook|guidance|target|goals?|planning (?:for|on)"
                         r"|anticipat(?:e|es|ed|ing)|on track (?:to|for)|target(?:s|ed|ing)|(?:scheduled|slated) (?:to|for)|(?:re)?affirm(?:s|ed|ing)?|guid(?:e|es|ed|ing)"
                         r"|(?:we|i) (?:now |currently |still )?(?:project|estimate)|projected (?:to|that)|projecting|(?:our|the) (?:projected|estimated)"
                         r"|(?:is|are) (?:now |currently )?(?:estimated|projected) (?:to be|at)|would (?:be|generate|deliver)"
                         r"|forecast(?:s|ed|ing)?|should (?:close|complete|be (?:completed|closed|finali[sz]ed))|(?:capex|capital|spend|spending|investment|expenditure|buyback|repurchase) plans?"
                         r"|roadmap to"
                         r"|(?:we|i) (?:still |now )?believe (?:that )?(?:the|our|we|it|this)\b[\w' -]{0,30}? (?:can|could) "
                         r"(?:develop|open|deliver|achieve|reach|grow|generate|add|build)\b"  # "For 2021, we believe the brand can
                         # develop 40 to 50 new restaurants." (38th review, Dine Brands)
                         r"|\bsee (?:a |the )?(?:return|get back) to\b"  # "We, first and foremost, see return to $5 billion,
                         # $6 billion EBITDA" (a level to come back to, not the quarter's; 43rd review, Las Vegas Sands)
                         r"|(?:we|you) should (?:see|get|land|end up)"  # "we should see return to a more
                         # normalized tax rate for fiscal 2022" (33rd review)
                         # "we're narrowing our full-year free cash flow range to $3.75 billion to $4.75 billion"
                         r"|(?:narrow|tighten|widen|rais|lower|updat|maintain|reiterat)\w* (?:our |the |its )?(?:[\w-]+ ){0,4}?range)\b")
# ("our roadmap to bring operating income margin to … 5% to 7% by mid-fiscal 2022")
# A result measured against the guidance looks back: "Compared to our guidance, enterprise revenue of $11.9 billion
# exceeded the high end of our revenue outlook of $11.6 billion"
MEASURED_AGAINST = re.compile(
    r"\b(?:compared? (?:to|with)|compares (?:to|with)|versus|vs\.?|relative to|against|exceeded|exceeding|exceeds|beat|"
    r"beating|ahead of|above|below|in line with|within|short of|(?:high|low|top|upper|lower) end of)"
    r"(?:(?: [a-z-]+){1,4} (?:and|or)(?= (?:our|the|its|their)\b))?(?: the)?"  # "below the prior year period and our guidance"
    r"(?: (?:high|low|top|upper|lower) end of| mid-?point of)?(?: (?:our|the|its|their)(?: [a-z&-]+){0,2}?)? (?:guidance|outlook|guide|"
    r"forecast|target)s?\b"
    r"|\b(?:better|worse|higher|lower|stronger|weaker|more|less|faster|slower)[- ]than[- ](?:(?:we|i) )?"
    r"(?:expected|anticipated|planned|forecast)\b|\bas (?:(?:we|i) )?(?:had )?(?:expected|anticipated|planned)\b")
# ("exceeding the midpoint of our guidance range by $0.03 per share": the 33rd review's Camden FFO)
# "our expectation for full-year capital expenditures" looks ahead; "ahead of our expectation" looks back
_EXPECTATION = re.compile(r"(?<!ahead of )(?<!above )(?<!below )(?<!exceeded )(?<!beat )(?<!than )(?<!with )(?<!versus )"
                          r"\b(?:our|the|its|my) expectations? (?:for|of|to|that|is|are)\b")
_ZH_FORWARD = re.compile(r"预计|预期|将会|将在|将继续|未来|计划|目标|有望|展望|指引")
_EN_GROUP = re.compile(r"\bconsolidated\b|\btotal revenue\b|\bgroup-wide\b|\bat the group level\b"
                       r"|\b(?:total[- ])?company(?:-wide|wide)? (?:gross |operating |adjusted |ebitda )?(?:margin|revenue|sales)s?\b"
                       r"|\bcompany-wide\b|\benterprise (?:revenue|sales)\b"  # "company gross margin will fall between …"
                       r"|\bsystem-?wide\b|\benterprise-wide\b"  # "systemwide RevPAR declined 1%" (a hotel system's whole)
                       # the balance sheet's totals: "resulting in a total debt balance of $534 million" (35th review)
                       r"|\btotal (?:net |long-term |outstanding )?(?:debt|borrowings|liquidity|cash and cash equivalents)\b")
_ZH_GROUP = re.compile(r"集团层面|合并|总收入|整体收入|全系统")
_EN_IMPLIED = re.compile(r"^(?:the|this|that|its|their) (?:segment|business|group|unit|division)(?:'s)?\b")
_EN_ANAPHORA = re.compile(
    r"^(?:or|have|has|had|is|are|was|were|which|whereas)\b"
    r"|^(?:(?:and|but|so) )?(?:that|it)['’]s (?:up|down|an? (?:increase|decrease|decline))\b"  # "That's down $0.02 from …"
    r"|^(?:(?:and|but|so) )?(?:this|that|these|those|it|they|such) (?:was|were|is|are|has|have|had|will|would|also|"
    r"means?|shows?|reflects?|came|comes|translates?|equates?|represents?|implies|corresponds?|excludes?)"
    r"\b(?!,| to say)"
    # a change the sentence before stated: "This increase was driven by a comparable sales increase of 2%"
    r"|^(?:(?:and|but|so) )?(?:this|that|these|those) (?:increases?|decreases?|declines?|growth|improvements?|"
    r"reductions?|drops?|rises?|changes?|shortfalls?|performance)\b")
_CAUSAL = re.compile(r"\b(?:driven|due to|because|thanks to|attributable|as a result|mainly|came from|benefit(?:ed)?"
                     r"|reflects?|led by|offset|fueled|owing|caused|causing|resulted in|led to|(?:a|the) result of"
                     r"|(?:result(?:ed|s|ing)?|stem(?:med|s|ming)?|arose|arising) (?:primarily |mainly |largely |partly |in part )?from"
                     r"|(?:had|has|have) (?:two|three|four|several|a few|a couple of) (?:key |main |primary )?drivers)\b|由于|因为|主要|得益于|受益于|驱动|带动|拉动|归因|源于|所致|抵消")
# A point in time a "when" question can be answered with: a month, a year, a named quarter, a relative year.
_EN_DATED = re.compile(r"\b(?:19|20)\d\d\b|\bq[1-4]\b|\b(?:first|second|third|fourth|march|june|september|december) "
                       r"quarter\b|\b(?:last|next|this|the past|previous) year\b|\byears? ago\b|\b(?:early|mid|late|end of) "
                       r"(?:this |next |the )?(?:year|quarter|month)\b|\bby the end of\b|\byesterday\b|\btoday\b"
                       r"|\b(?:first|second|back|front|latter) half\b|\bh[12]\b|\byear[- ]end\b")
_ZH_DATED = re.compile(r"(?:19|20)\d\d|\d{2,4}财?年|[一二三四1-4]季度|去年|今年|明年|前年|年底|年初|年中|季度末|年前|昨天|今天")
# (a figure per period is a rate, not a figure per unit: "EBITDA of $244 million per quarter", 每季度; session 27)
_PERIODS = r"(?:a |the )?(?:quarter|year|annum|month|week|day)s?\b"
_EN_PER_UNIT = re.compile(r"\bper (?!cent\b|" + _PERIODS + r")|\beach\b(?! " + _PERIODS + r")|\baverage\b|\barpu\b|"
                          r"\baov\b")
_ZH_PER_UNIT = re.compile(r"人均|平均|每(?!季|年|月|周|天|日)")
_EN_ADDED = re.compile(r"\b(?:new|newly|added|adding|joined|net adds?|gained|acquired|signed up)\b")
_ZH_ADDED = re.compile(r"新增|净增|新加入|新用户|新客|新会员|拉新")
_ZH_IMPLIED = re.compile(r"^(?:该|这|此|其)(?:板块|分部|部门|块业务)")
_ZH_ANAPHORA = re.compile(r"^(?:或者|或是|或|而是|以及|并且|这得益于|这也意味着|这主要|这些都|这也)")


@dataclass(frozen=True)
class SentenceFacts:
    figures: frozenset[str]  # kinds of figure stated: money, percent, count
    metrics: tuple[str, ...]
    segments: tuple[str, ...]
    businesses: tuple[str, ...]
    period: str | None  # the period it speaks of (question.PERIODS), None when it names none
    month: int | None  # the month it names (1-12), if any
    filler: bool
    implied: bool  # its subject is a segment only implied by an earlier sentence ("The segment's revenue …")
    anaphora: bool = False  # it leans on the sentence before it ("This was thanks to …", a fragment "Or …")
    causal: bool = False  # gives a cause ("driven by", "due to", 主要由于…)
    forward: bool = False  # looks ahead ("we expect", "will", 预计)
    group: bool = False  # speaks of the whole company ("on a consolidated basis", "total revenue")
    dated: bool = False  # names a point in time: a month, a year, a named quarter, "last year", 去年 (for "when")
    years: tuple[int, ...] = ()  # the years it speaks of ("in 2022", FY2026), not a comparison base ("versus 2019")
    quarters: tuple[int, ...] = ()  # the quarters it names by number ("third quarter", Q3, 第三季度)
    market: bool = False  # sizes a market, not the company ("a $25 billion market", "Global sales of X are $85bn")
    adjusted: bool = False  # gives an adjusted (non-GAAP) figure ("Adjusted earnings were $4.9 billion")
    gaap: bool = False  # says its figure is on a GAAP basis ("GAAP operating margin was 3.6%", 按公认会计准则)
    per_unit: bool = False  # speaks of a figure per unit: "per member", "each", "average", 人均, 每
    added: bool = False  # speaks of how many were added: "new", "added", "joined", 新增, 净增, 新用户
    # Its figure-bearing clauses, when it has two or more ("capex reached RMB 38.6 billion, and over the past four
    # quarters we invested RMB 100 billion in R&D"): each figure with the metric and period of its own clause.
    clauses: tuple["ClauseFacts", ...] = ()
    # For a sentence naming two or more metrics, the metrics its amounts of money sit next to ("at least $1 billion of
    # share buyback in 2021 ... that available dollar free cash flow": the buyback's), English side only.
    bound: tuple[str, ...] = ()
    # ... and the metrics its rates sit after ("net interest income as 4% interest-earning asset growth helped offset
    # … the decline in net interest margin": the 4% is no net interest margin), English side only
    rates_bound: tuple[str, ...] = ()
    # every rate is a change in points ("margins expanded 240 basis points", 提升了50个基点), none a level (18.7%)
    points_only: bool = False
    cents_only: bool = False  # every amount of money is under a dollar ("netted to a $0.05 headwind"): per share
    changes_only: bool = False  # every amount of money is a change or a variance ("miss our pre-tax earnings by about
    # $64 million", "grew by $1 billion"), none a level
    part_only: bool = False  # it opens saying it is part of the figure before it ("This includes $92 million from …")
    named_amounts: bool = False  # every amount of money sits right next to a metric the glossary names ("$0.50 of
    # EPS"): it is that metric's, not another figure's (English side)
    last_years_quarter: bool = False  # names last year's numbered quarter ("year-ago third quarter earnings of $0.63")
    dated_not_today: bool = False  # names a point in time other than today or yesterday ("later today in our 10-Q"
    # is no date ahead)
    listed: bool = False  # an item of a list without a verb of its own ("Capital spending of approximately $425
    # million, total inflation of approximately 5.5%"): it continues the sentence before it (English side)
    part_intro: bool = False  # introduces a part of the company the glossary may not know ("let me address our
    # international results", "I'll start with US Pharmaceutical", "Moving now to Medical-Surgical Solutions,")
    # the part of the company an English original opens on as its subject ("Wood Products delivered another record
    # quarter at $1.4 billion of adjusted EBITDA", "Engineered Wood Products adjusted EBITDA increased …"), lowercased
    subject_part: str = ""
    base_years: tuple[int, ...] = ()  # the years its figures are compared with ("versus 2019", 较2019年)
    share_of: tuple[str, ...] = ()  # metrics named only as what a rate is a share of ("accounted for more than 64% of
    # occupancy"): the rate is a part of the metric, not its level (English side)
    base_whole_year: bool = False  # ... one of them as a whole year ("an increase of 114% over 2020"): a year's figure
    segment_ref: bool = False  # speaks of "the segment" ("… as the segment is expected to benefit", 该分部) anywhere
    in_part: bool = False  # set by the fact book: it or an earlier sentence of its paragraph introduces a part
    share_items: bool = False  # every amount of money is a per-share item, not earnings per share: "$0.17 per share
    # of adjusted items", "a $0.05 per share headwind", "an impact of $0.10 per share" (English side)
    per_unit_metrics: tuple[str, ...] = ()  # metrics every mention of which is per unit: "Revenue per treatment",
    # "cost per ton" (not "per share", which is EPS's, nor "percent")
    targets_only: bool = False  # its every rate or amount is a target, not a result: "CET1 ratio well above our internal
    # target of 10.5%", 目标为10%
    authorization: bool = False  # speaks of a buyback authorization, not of shares bought: "the Board approved a $2
    # billion increase to the share repurchase program", 董事会授权
    revises: bool = False  # opens by revising what was just said: "However, … we are accelerating that timing to
    # January 2022", "However, …, we now anticipate capex may come in slightly below $100 million", 但是…现在预计
    superseded: bool = False  # set by the fact book: the next sentence revises its figure or date (``revises``)
    scaled: bool = False  # every amount of money it gives is in thousands, millions or billions (no per-share amount)
    english: bool = False  # its original is English (``bound`` and ``clauses`` then read the same words)
    segue: bool = False  # moves on to another topic: "Let's shift over to 2021 guidance.", "Now turning to cash flow."
    per_share: bool = False  # gives an amount per share: "$0.6625 per share", "a quarterly dividend of 30 cents a share",
    # 每股0.5元
    worded: bool = False  # its only rates are in words ("mid-single digit growth", "will be flat"; ``worded_rate``)
    worded_growth: bool = False  # ... and they are rates of growth ("growing at a high single-digit rate"): no level
    hypothetical: bool = False  # its figures are an assumption ("Assuming we repurchased $3 billion of shares …")
    earlier_outlook: bool = False  # it says it gives the earlier outlook ("Our previous NIE guidance was …")
    revised_outlook: bool = False  # it raises, lowers or reaffirms an outlook ("raising our outlook for diluted EPS")
    rate_guidance: bool = False  # its guidance is a rate of change: "our first quarter operating revenue guidance of
    # down 10 to 15% versus first quarter 2019", 收入指引为同比增长5%至8%
    units: tuple[str, ...] = ()  # the physical units its figures are in ("lease 50 megawatts": megawatt; UNITS)
    # its only metric is earnings per share named by "per (diluted) share" alone, no earnings word ("guidance in the range
    # of $1.90 to $1.96 per diluted share excluding specified items"): a REIT's per-share figure may be FFO's
    bare_per_share: bool = False
    growth_only: bool = False  # every rate it gives is a rate of growth or change ("system sales grew 6%, driven by 7%
    # same-store sales growth"), none a level or a share (English side)
    in_points: bool = False  # gives a figure in basis or percentage points ("expanded 120 basis points", 提升了50个基点)
    shares_only: bool = False  # every rate it gives (beside those it compares with) is a share of a whole ("online
    # sales were 43% of our overall Domestic sales … compared to 25% last year"): no growth (English side)
    continues: bool = False  # goes on with the sentence before it: "And net earnings per diluted share to be in the
    # range of $2.55 and $2.65." (``_CONTINUES``; English side)


@dataclass(frozen=True)
class ClauseFacts:
    """What one clause of a sentence states (in the sentence's original language): the metrics it names, the kinds
    of figure it gives, its period. A clause that names no metric or no period has those of the clause before it
    (its subject or time is understood, as in "…, surpassing 53 million" or 「…,比4月份增长三倍」)."""

    metrics: tuple[str, ...]
    figures: frozenset[str]
    period: str | None
    month: int | None = None
    forward: bool = False
    years: tuple[int, ...] = ()  # as the period: a clause naming none has the years of the clause before it
    worded: bool = False  # its only rates are in words (``worded_rate``)
    points_only: bool = False  # its only rates are changes in points ("our adjusted operating margin increased 120
    # basis points"; ``SentenceFacts.points_only`` for the clause)


# Where a sentence's clauses may break: commas and semicolons; in English also a conjunction between clauses.
_CLAUSE_BREAK = {"zh": re.compile(r"[,，;；]"), "en": re.compile(r"[;,]\s+|\s+(?:and|while|whereas|but)\s+")}


def clause_facts(text: str, lang: str, glossary: Glossary) -> tuple[ClauseFacts, ...]:
    """The figure-bearing clauses of a sentence, when it has two or more (else ``()``): a clause runs up to and
    including a piece that gives a figure; pieces after the last figure join the last clause, so a list of
    metrics before one figure ("revenue and profit grew 10%") stays one clause.

    >>> [(c.metrics, sorted(c.figures), c.period) for c in clause_facts(
    ...     "本季度,我们的资本支出达到386亿元,过去四个季度,我们在AI研发方面累计投入超过1000亿元。", "zh", load_glossary())]
    [(('capex',), ['money'], 'quarter'), (('r_and_d', 'investment'), ['money'], 'trailing')]
    """
    pieces = [p for p in _CLAUSE_BREAK[lang].split(text) if p.strip()]
    clauses: list[str] = []
    current: list[str] = []
    for piece in pieces:
        current.append(piece)
        if figure_kinds(piece, lang):
            clauses.append(" ".join(current))
            current = []
    if current and clauses:
        clauses[-1] += " " + " ".join(current)
    if len(clauses) < 2:
        return ()
    out: list[ClauseFacts] = []
    period, month, metrics, years = None, None, (), ()
    for clause in clauses:
        key = match_key(clause)
        own = _period(key, "") if lang == "en" else _period("", key)
        if own[0] is not None:
            period, month = own
        years = years_of(clause) or years
        named = tuple(t for t in glossary.find(clause) if glossary.term(t).kind == "metric")
        metrics = named or metrics  # "88VIP members grew by double digits, surpassing 53 million": the same subject
        out.append(ClauseFacts(
            metrics=metrics,
            figures=frozenset(figure_kinds(clause, lang)),
            period=period, month=month,
            forward=bool(_EN_FORWARD.search(MEASURED_AGAINST.sub(" ", key)) if lang == "en" else _ZH_FORWARD.search(key)),
            years=years,
            worded=worded_rate(clause, lang),
            points_only=_points_only(key, "") if lang == "en" else _points_only("", key),
        ))
    return tuple(out)


# A dividend's payment date: "The new declared quarterly common share dividend, which will be paid in the first quarter of
# 2022, will be $0.12 per share" is the dividend declared now (35th review, Lexington: declined as 2022's first quarter)
PAYMENT_DATES = True
# A translator's "[transcript: Q1]" marks a word of the original that was misheard ("our Qwen [transcript: Q1] models",
# docs/corpus-format.md): neither the note nor the misheard word is a fact of the sentence (that "Q1" is no quarter)
MISHEARD_NOT_READ = True
_MISHEARD = re.compile(r"\s*\[transcript: ([^\]]+)\]")
_PAYMENT_DATE = re.compile(r",? (?:which|that) (?:will be|is|are|was|were|is to be) (?:paid|payable)\b[^,.;]*"
                           r"|\bpayable (?:on|in)\b[^,.;]*", re.IGNORECASE)


def facts_of(original: str, translation: str = "", original_language: str = "zh",
             glossary: Glossary | None = None) -> SentenceFacts:
    glossary = glossary or load_glossary()
    en = translation if original_language == "zh" else original
    zh = original if original_language == "zh" else translation
    if MISHEARD_NOT_READ and en and "[transcript:" in en:
        for misheard in _MISHEARD.findall(en):
            zh = zh.replace(misheard.strip(), " ", 1)
        en = _MISHEARD.sub("", en)
        original = en if original_language == "en" else zh
    if en and PAYMENT_DATES:
        en = _PAYMENT_DATE.sub("", en)  # when a dividend is paid is not the period its figure is of
        original = en if original_language == "en" else original
    terms: list[str] = []
    for text in (zh, en):
        for t in glossary.find(text) if text else ():
            if t not in terms:
                terms.append(t)
    if "eps" not in terms and _EN_EPS.search(match_key(en)):
        terms.append("eps")  # "Adjusted earnings were $4.9 billion or $2.56 per share"
    if en and not any(glossary.term(t).kind == "metric" for t in terms) and _EN_PER_SHARE.search(match_key(en)) \
            and not _EN_SHARE_PRICE.search(match_key(en)):
        terms.append("eps")  # "we are reaffirming our annual guidance of $4.29 to $4.33 per share": no other metric
    if en and not any(glossary.term(t).kind == "metric" for t in terms) and _EN_PER_DAY.search(match_key(en)):
        terms.append("production")  # "get the Bakken back to 200,000 barrels a day": a volume a day is production
    if en and "buyback" not in terms and _EN_BUYS_SHARES.search(match_key(en)) and "buyback" in glossary._by_id:
        terms.append("buyback")  # "we intend to purchase approximately $3 billion of outstanding shares of common stock"
    if en and "operating_profit" in terms and "margin" in terms and "operating_margin" not in terms \
            and _EN_PROFIT_MARGINS.search(match_key(en)):
        terms.append("operating_margin")  # "Operating income was up 12%, and margins expanded … to 25.3%"
    if en and _EN_OF_SALES.search(match_key(en)):
        for profit, margin in _MARGIN_OF.items():
            if profit in terms and margin not in terms:
                terms.append(margin)  # "Operating earnings were $280 million or 36.9% of sales"
    if PER_SHARE_OF_ANOTHER and "eps" in terms and any(t in terms for t in PER_SHARE_METRICS) \
            and PER_SHARE_ONLY.search(match_key(en) + " " + match_key(zh)) \
            and not EARNINGS_NAMED.search(match_key(en) + " " + match_key(zh)):
        terms.remove("eps")  # "we generated FFO, excluding specified items, of $0.49 per diluted share" is FFO's
        # (36th review, Hudson Pacific: "not given" as earnings per share over the sentence stating it)
    if IMPACT_NOT_EPS and "eps" in terms and _IMPACT_PER_SHARE.search(match_key(en)) \
            and not EARNINGS_NAMED.search(match_key(en) + " " + match_key(zh)):
        terms.remove("eps")  # "This will result of negative impact of $0.25 per share moving from the third quarter
        # to the fourth quarter" is an effect on earnings, not earnings per share (43rd review, PCA)
    kind = {t: glossary.term(t).kind for t in terms}
    ken, kzh = match_key(en), match_key(zh)
    bare_per_share = [t for t in terms if kind[t] == "metric"] == ["eps"] and bool(PER_SHARE_ONLY.search(ken + " " + kzh)) \
        and not EARNINGS_NAMED.search(ken + " " + kzh)
    spans = [x for x in _metric_spans(ken, [t for t in terms if kind[t] == "metric"], glossary)
             if not _RATIO_BASE.search(ken[max(0, x[0] - 24):x[0]])] if en else []
    amounts = [m.span() for m in (*_EN_MONEY.finditer(ken), *_EN_BARE_AMOUNT.finditer(ken))] if en else []
    every = _metric_spans(ken, [t for t in terms if kind[t] == "metric"], glossary) if en else []
    share_of = tuple(m for m in dict.fromkeys(x[2] for x in every) if all(
        _SHARE_BASE.search(ken[max(0, x[0] - 24):x[0]]) for x in every if x[2] == m))
    period, month = _period(ken, kzh)
    filler = is_filler_sentence(original, translation, original_language)
    return SentenceFacts(
        figures=frozenset(figure_kinds(en, "en") if en else figure_kinds(zh, "zh")),
        metrics=tuple(t for t in terms if kind[t] == "metric"),
        segments=tuple(t for t in terms if kind[t] == "segment"),
        businesses=tuple(t for t in terms if kind[t] == "business"),
        period=period,
        month=month,
        filler=filler,
        implied=bool((en and _EN_IMPLIED.match(ken)) or (zh and _ZH_IMPLIED.match(kzh))),
        anaphora=bool((en and _EN_ANAPHORA.match(ken)) or (zh and _ZH_ANAPHORA.match(kzh))),
        causal=bool(_CAUSAL.search(ken) or _CAUSAL.search(kzh)),
        forward=bool(_EN_FORWARD.search(MEASURED_AGAINST.sub(" ", ken)) or _ZH_FORWARD.search(kzh)
                     or _EXPECTATION.search(ken)),
        group=bool(_EN_GROUP.search(ken) or _ZH_GROUP.search(kzh)),
        dated=bool(month or _EN_DATED.search(ken) or _ZH_DATED.search(kzh)),
        years=years_of(en) or years_of(zh),
        quarters=quarters_of(_ON_THE_CALL.sub(" ", en)) if en else quarters_of(zh),
        market=bool(_EN_MARKET.search(ken) or _ZH_MARKET.search(kzh)),
        adjusted=bool(ADJUSTED.search(ken) or ADJUSTED.search(kzh)),
        gaap=bool(GAAP.search(ken) or GAAP.search(kzh)),
        per_unit=bool(_EN_PER_UNIT.search(ken) or _ZH_PER_UNIT.search(kzh)),
        added=bool(_EN_ADDED.search(ken) or _ZH_ADDED.search(kzh)),
        clauses=clause_facts(original, original_language, glossary) if original else (),
        # (counted over every metric named: "gross profit of $252 million which represents 51.7% of revenue" binds
        # its amount to gross profit though revenue, a ratio's base, is no span; the 34th review's KAR)
        bound=_bound(ken, spans, amounts) if len(set(m for _, _, m in every)) >= 2 else (),
        share_of=share_of,
        rates_bound=_rates_bound(ken, spans) if len(set(m for _, _, m in spans)) >= 2 else (),
        points_only=_points_only(ken, kzh),
        cents_only=bool(amounts) and all(_CENTS.match(ken[a[0]:a[0] + 24]) for a in amounts),
        changes_only=bool(amounts) and all(_BY_AMOUNT.search(ken[max(0, a[0] - 40):a[0]])
                                           or _AMOUNT_AS_CHANGE.match(ken, a[0]) for a in amounts),
        part_only=bool(_PART_OF_BEFORE.match(ken.lstrip()) or _PART_OF_BEFORE.match(kzh.lstrip())),
        named_amounts=bool(amounts) and all(_gap(a, spans) <= NAMED_GAP for a in amounts),
        last_years_quarter=bool(_LAST_YEARS_QUARTER.search(_COMPARED_WITH_LAST_YEAR.sub(" ", ken))),
        dated_not_today=bool(_EN_DATED.search(_TODAY.sub(" ", ken)) or _ZH_DATED.search(_TODAY.sub(" ", kzh))),
        share_items=bool(amounts) and _all_share_items(ken, amounts),
        listed=bool(en and _LISTED.match(ken) and not _VERB.search(ken)),
        continues=bool(en and _CONTINUES.match(ken)),
        bare_per_share=bare_per_share,
        growth_only=bool(en) and growth_rates_only(ken),
        shares_only=bool(en) and share_rates_only(ken),
        in_points=bool(_IN_POINTS.search(ken + " " + kzh)),
        subject_part=_subject_part(original, glossary) if original_language == "en" and original else "",
        part_intro=bool(en and (_PART_INTRO.search(ken) or _PART_OPENING.match(en.strip())
                                or (PART_AFTER_COLON and ": " in en and _PART_OPENING.match(en.split(": ", 1)[1].strip())))),
        revises=bool((en and _EN_REVISES.search(ken)) or (zh and _ZH_REVISES.search(kzh))),
        authorization=bool(AUTHORIZATION.search(ken) or AUTHORIZATION.search(kzh)),
        targets_only=bool(en and original_language == "en" and _RATE_OR_AMOUNT.search(ken)
                          and not _RATE_OR_AMOUNT.search(_TARGET_FIGURE.sub(" ", ken))),
        per_unit_metrics=_per_unit_metrics(ken, spans),
        per_share=bool(_PER_SHARE_AMOUNT.search(ken) or _ZH_PER_SHARE_AMOUNT.search(kzh)),
        segue=bool(en and _SEGUE.search(ken)),
        english=original_language == "en",
        scaled=bool(amounts) and all(_SCALED_AFTER.match(ken[b:]) for _, b in amounts),
        worded=worded_rate(en, "en") if en else worded_rate(zh, "zh"),
        worded_growth=bool(en and worded_rate(en, "en") and _EN_WORDED_GROWTH.search(ken)),
        hypothetical=bool(en and (_EN_HYPOTHETICAL.match(ken.lstrip()) or _EN_ILLUSTRATION.search(ken))),
        units=units_of(ken) or units_of(kzh),
        earlier_outlook=bool(en and _EN_PREVIOUS_OUTLOOK.search(ken)),
        revised_outlook=bool((en and _EN_REVISED_OUTLOOK.search(ken)) or (zh and _ZH_REVISED_OUTLOOK.search(kzh))),
        rate_guidance=bool((en and _EN_RATE_GUIDANCE.search(ken)) or (zh and _ZH_RATE_GUIDANCE.search(kzh))),
        segment_ref=bool((en and _EN_SEGMENT_REF.search(ken)) or (zh and _ZH_SEGMENT_REF.search(kzh))),
        base_years=base_years(ken + " " + kzh),
        base_whole_year=bool(ken or kzh) and base_whole_year(ken or kzh),
    )


# The year a figure is compared with, one pattern for both uses: a comparison base is not a year a text speaks of
# (``years_of``), and it is the base of its figures (``base_years``). "52.4% organic revenue growth … versus 2020",
# "compared to second quarter 2019", "than in fiscal 2019", "versus 2019's third quarter", 较2019年同期, 与2019年相比,
# "increased 12.2% on top of a 23.2% increase in the same period last year, and a 6% increase in Q3 of 2019"
_BASE_YEAR = re.compile(r"\bon top of (?:a |an )?(?:[^.;]|\.\d)*?\d(?:%| percent)(?:[^.;]|\.\d)*?(?:19|20)\d\d"
                        r"|(?:\b(?:compared (?:to|with)|versus|vs\.?|relative to|over|from|than(?: in)?|against)"
                        r"(?: the)?(?: same (?:period|quarter) (?:of|in))?"
                        r"(?: (?:the )?(?:first|second|third|fourth|full)[ -](?:quarter|half|year)(?: of)?| q[1-4])?"
                        r"(?: (?:fiscal|fy|calendar))? ?|相比|较|比|与|对比)"
                        r"(?:19|20)\d\d(?!\d)年?(?:\s*(?:年)?(?:同期|相比|水平))?"
                        r"|\b(?:compared (?:to|with)|versus|vs\.?|from|than|against)\b(?: [\w$.,%-]+){0,5}? (?:in |during )?"
                        r"(?:19|20)\d\d['’]s (?:first|second|third|fourth|1st|2nd|3rd|4th)[ -]quarter"
                        # "an 800 basis point improvement relative to the performance we reported in the fourth quarter
                        # of 2020" (session 27, the 43rd review's Global Payments)
                        r"|\b(?:compared (?:to|with)|versus|vs\.?|relative to|from|than|against)\b(?: [\w$.,%-]+){0,5}? "
                        r"(?:in |during )?(?:the )?(?:first|second|third|fourth|1st|2nd|3rd|4th)[ -]quarter (?:of )?"
                        r"(?:fiscal |fy ?)?(?:19|20)\d\d(?!\d)"
                        # "11.7% compared to 11.6% in 2019", "versus $1.2 billion in 2020" (session 22)
                        r"|\b(?:compared (?:to|with)|versus|vs\.?|from|than|against) (?:an? |the )?\$?\d[\d.,]*"
                        r"(?:%| percent| (?:million|billion|thousand))?(?: [a-z]+){0,2}? (?:in|for|during) (?:fiscal |fy ?)?"
                        r"(?:19|20)\d\d(?!\d)"
                        # "approximately 28%, which is similar to our initial outlook for FY'22" (session 23)
                        r"|\b(?:similar to|in line with|comparable to|consistent with) (?:our |the )?(?:[a-z-]+ ){0,3}"
                        r"(?:for|in|of) (?:fiscal |fy ?['’]?|['’])?(?:(?:19|20)\d\d|(?<=['’y ])\d\d)(?![\d%])", re.IGNORECASE)
_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def base_whole_year(text: str) -> bool:
    """Whether a text compares a figure with a whole earlier year ("an increase of 114% over 2020"), not with a
    quarter, half or month of it ("versus the fourth quarter of 2020", 较2020年同期): the figure is then a year's.

    >>> base_whole_year("free cash flow of $10.9 billion, an increase of 114% over 2020")
    True
    >>> base_whole_year("up 12% versus 2019's third quarter"), base_whole_year("较2019年同期增长8.9%")
    (False, False)
    """
    key = match_key(text)
    return any(not _PART_OF_YEAR.search(m.group(0)) and not _PART_AFTER.match(key[m.end():])
               for m in _BASE_YEAR.finditer(key))


_PART_AFTER = re.compile(r"(?:['’]s)? ?(?:first |second |third |fourth |1st |2nd |3rd |4th )?(?:quarter|half|q[1-4])")
_PART_OF_YEAR = re.compile(r"quarter|\bq[1-4]\b|half|month|period|season|季度|同期|上半年|下半年|月")


def base_years(text: str) -> tuple[int, ...]:
    """The years a text compares its figures with.

    >>> base_years("organic growth was 8.9% compared to second quarter 2019"), base_years("较2019年同期增长8.9%")
    ((2019,), (2019,))
    >>> base_years("revenue of $3.1 billion in 2021"), base_years("up 12% versus 2019's third quarter")
    ((), (2019,))
    >>> years_of("sales grew 9% versus full year 2019 in 2021"), base_years("与2019年相比增长8%")
    ((2021,), (2019,))
    """
    return tuple(sorted({int(y) for m in _BASE_YEAR.finditer(match_key(text)) for y in _A_YEAR.findall(m.group(0))}))


# An outlook raised, lowered, narrowed or reaffirmed ("We are also raising our outlook for diluted earnings per share to
# a range of $13.10 to $13.60 from a prior range of $12.25 to $13", 上调全年指引): naming no quarter, it is the year's
# (a company revises its annual outlook; a quarter's guidance is given once, and named).
_EN_REVISED_OUTLOOK = re.compile(r"\b(?:rais|increas|lower|reduc|cut|narrow|tighten|reaffirm|updat|revis)(?:e|es|ed|ing)?"
                                 r"(?: (?:our|the|its|their))?(?: [a-z&-]+){0,3} (?:guidance|outlook|forecast)s?\b")
_ZH_REVISED_OUTLOOK = re.compile(r"(?:上调|下调|提高|调高|调低|降低|收窄|重申|维持|更新)(?:了)?(?:全年|年度)?[^，。；]{0,8}?(?:指引|展望|预期|预测)")


# A sentence speaking of "the segment" anywhere in it ("the net income forecast is $870 million as the segment is
# expected to …", "a 16.7% operating margin for the segment", 该分部): its figures are a part's, not the company's
_EN_SEGMENT_REF = re.compile(r"\b(?:the|this|that) (?:segment|division)\b(?!s)")
_ZH_SEGMENT_REF = re.compile(r"(?:该|这一|这个|此)(?:分部|板块)")


# An outlook the sentence itself says was the earlier one: "Our previous NIE guidance was $52 million to $53 million
# per quarter" (the revised one follows), 此前的指引
_EN_PREVIOUS_OUTLOOK = re.compile(r"\b(?:previous|prior|original|earlier|old|initial)(?: [a-z&-]+){0,2} (?:guidance|outlook"
                                  r"|forecast|target|expectation)s? (?:was|were|had been|called for)\b")


# Physical units a figure may be counted in, as English and Chinese write them after the number: "How many
# megawatts …" asks a figure in megawatts, whatever metric names it ("we expect to lease 50 megawatts").
UNITS = {
    "megawatt": r"megawatts?|mw|兆瓦",
    "gigawatt": r"gigawatts?|gw|吉瓦|千兆瓦",
    "barrel": r"barrels?(?: of oil(?: equivalent)?)?|bbls?|boe|mboe|mmboe|bopd|boepd|桶",
    "ton": r"tons?|tonnes?|吨",
    "square_foot": r"square feet|square foot|sq\.? ?ft|平方英尺",
    "cubic_foot": r"bcf|mmcf|mcf|cubic feet|立方英尺",
    "multiple": r"x|times|turns|倍",  # a ratio such as leverage ("4.5x", "3.5 times", 3.5倍); never asked by itself
}
_UNIT_NAMES = {u: re.compile(r"(?:^|(?<=[^a-z]))(?:%s)(?![a-z])" % forms) for u, forms in UNITS.items()}
_UNIT_AFTER_NUMBER = {u: re.compile(r"\d(?:[\d.,]*\d)?\s*(?:thousand |million |billion |万|亿)?(?:%s)(?![a-z])" % forms)
                      for u, forms in UNITS.items()}


def units_of(text: str) -> tuple[str, ...]:
    """The units a text gives figures in (``UNITS``), a number before each.

    >>> units_of("in 2022, we expect to lease 50 megawatts"), units_of("产量达到60万桶"), units_of("50 employees")
    (('megawatt',), ('barrel',), ())
    """
    return tuple(u for u, pattern in _UNIT_AFTER_NUMBER.items() if text and pattern.search(text))


UNIT_AFTER_IN = True  # "in tons" after the metric asks the unit too


def unit_asked(key: str) -> str | None:
    """The unit a question asks its figure in: "How many megawatts …", "多少兆瓦".

    >>> unit_asked("how many megawatts of leasing are targeted?"), unit_asked("今年计划租出多少兆瓦？"), unit_asked("how many users?")
    ('megawatt', 'megawatt', None)
    >>> unit_asked("what was harvest volume in tons?"), unit_asked("what was capacity, in megawatts, at year end?")
    ('ton', 'megawatt')
    """
    for u, pattern in _UNIT_NAMES.items():
        if u == "multiple":
            continue  # "how many times" counts occasions, 增长了多少倍 may be answered "threefold": only a metric's unit
        m = pattern.search(key)
        if m and re.search(r"(?:how many|how much|多少|几)\s*(?:[a-z]+ ){0,2}(?:万|亿)?$", key[:m.start()]):
            return u
        if m and UNIT_AFTER_IN and re.search(r"\b(?:in|of) (?:metric |short |thousands? of |millions? of )?$", key[:m.start()]) \
                and not re.search(r"\d\s*$", key[:m.start()]) \
                and re.match(r"\s*(?:[?？,.，]|$|(?:for|at|during|this|last|in|on|by)\b)", key[m.end():]):
            return u  # "harvest volume in tons" asks tons, as "how many tons" does (not "the price of 5 tons")
    return None


_SEGUE = re.compile(r"\b(?:shift|shifting|turn|turning|move|moving|switch|switching|pivot|pivoting)(?: over| now| on)? "
                    r"to\b|\blet'?s (?:talk|discuss|look at|review)\b|\bnow,? (?:to|for|on)\b")
# An amount per share: "$0.52 per share", "15 cents a share", "dividend per share by approximately $0.10"
_PER_SHARE_AMOUNT = re.compile(r"(?:\$\s?\d[\d.,]*|\b\d[\d.,]* cents?)\s?(?:per|a|for each) (?:(?:common|diluted|basic) ){0,2}share\b"
                               r"|\bper (?:(?:common|diluted|basic) ){0,2}share "
                               # a verb may come between: "core FFO per share will be between $6.80 and $6.90"
                               r"(?:(?:will|would|should|could|is expected to|are expected to|to) (?:be|come in|land) "
                               r"|came in |landed |totaled |reached |grew |rose |increased |decreased |declined |fell )?"
                               r"(?:of|at|to|was|were|is|by|from|between|in the range of|in a range of|within)"
                               r"(?: (?:approximately|about|roughly|nearly|around|an additional))? \$\s?\d")
_ZH_PER_SHARE_AMOUNT = re.compile(r"每股(?:普通股)?(?:派发|派息|派|分红|股息|收益|盈利)?(?:为|达|达到|约)?\s?(?:人民币|港币|美元)?\s?\d")


# A target a result is measured against, and its figure ("well above our internal target of 10.5%"; not "our target of
# $100 million of net cost synergies", which is the plan), and a rate or an amount.
_TARGET_FIGURE = re.compile(r"\b(?:above|below|exceed\w*|within|in line with|versus|vs\.?|against|compared (?:to|with)|over|under)"
                            r" (?:our |the |its |their )?(?:[a-z-]+ ){0,2}?targets?(?: (?:range|level|ratio))?(?: (?:of|at|is|was|to be|for))? (?:approximately |about |around "
                            r"|roughly )?[$]?\d[\d.,]*(?:%| percent| (?:million|billion))?(?: (?:to|-) [$]?\d[\d.,]*(?:%| percent"
                            r"| (?:million|billion))?)?")
_RATE_OR_AMOUNT = re.compile(r"\d(?:[\d.,]*)\s?(?:%|percent\b)|\$\s?\d")
_EN_RATE_GUIDANCE = re.compile(r"\b(?:guidance|outlook|forecast)\b (?:(?:is|was|of|at|for|calls for) )?(?:(?:a|an) )?"
                               r"(?:(?:up|down|flat to (?:up|down)|growth of|decline of|increase of|decrease of) )?"
                               r"(?:approximately |about |roughly |around )?\d[\d.]*(?:%| to \d[\d.]*%| and \d[\d.]*%)")
_ZH_RATE_GUIDANCE = re.compile(r"(?:指引|展望|预期)(?:为|是)?(?:同比|环比)?(?:增长|下降|下滑|上升)?(?:约)?\d[\d.]*(?:%|至\d[\d.]*%)")
_PER_UNIT_AFTER = re.compile(r"^\s*(?:per|a) (?!cent\b|share\b|diluted\b|basic\b|annum\b|year\b|quarter\b)[a-z]")


def _per_unit_metrics(key: str, spans: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """The metrics every mention of which is followed by "per <unit>" ("revenue per treatment")."""
    out = []
    for m in dict.fromkeys(x[2] for x in spans):
        mentions = [(a, b) for a, b, n in spans if n == m]
        if mentions and all(_PER_UNIT_AFTER.match(key[b:b + 20]) and not (
                key[a:b].endswith(("ed", "ing")) and not re.match(r"^\s*per\b", key[b:b + 20])) for a, b in mentions):
            # (a verb's object is no unit: "we have invested a cumulative total of more than RMB 100 billion")
            out.append(m)
    return tuple(out)


# A buyback authorization or programme (what may be bought), as opposed to shares bought.
AUTHORIZATION = re.compile(
    r"\bauthori[sz](?:ation|ations|ed|e)\b|\bapproved (?:a |an |the )?[^.;]{0,40}(?:repurchase|buyback)"
    r"|\b(?:increase|addition) to (?:the |our )?(?:share )?(?:repurchase|buyback) (?:program|plan)"
    r"|\bremaining (?:under|on|in) (?:the |our )?(?:share )?(?:repurchase|buyback)|授权|批准[^。]{0,20}回购")


# A sentence that revises the one before it: a contrast, then a new expectation or a moved timing or guidance.
_EN_REVISES = re.compile(
    r"^(?:however|but|that said|having said that),? .*?(?:\bnow (?:expect|anticipat|estimat|see|project|believe|forecast"
    r"|plan|target|guid)\w*|\b(?:accelerat|rais|lower|revis|updat|narrow|tighten|pull|mov|push|delay|increas|reduc)\w* "
    r"(?:that |the |our |this |its )?(?:timing|guidance|outlook|target|range|estimate|forecast|expectations?|plan|date"
    r"|timeline)\b)")
_ZH_REVISES = re.compile(r"^(?:但是|不过|然而|但)[^。]*?(?:现在|目前|now)?(?:预计|预期|提前|推迟|上调|下调|调整为|调高|调低)")
# what the revised sentence must share with the revision: a metric, or the revision points back at it ("that timing")
POINTS_BACK = re.compile(r"\b(?:that|this|the|our) (?:timing|date|target|timeline|goal|commitment|plan)\b")


_NOT_PART = r"(?!(?:the |our )?(?:(?:second|third|fourth|first) )?(?:quarter|year|full|outlook|guidance|balance sheet|cash|" \
            r"capital|financial|consolidated|total|overall|company|q&a|questions?|results|fiscal|income|expenses?|" \
            r"margins?|gross|operating|free cash|liquidity|tax|share|dividend|eps|earnings|segment results|" \
            r"this|that|these|those|each|every|any|which|its|their|an?|brief|recap|overview|summary|review|few|some)\b)"  # "growth in this segment" is no introduction
_PART_INTRO = re.compile(
    r"\b(?:turning|moving|turn|move|shifting|switching)(?: now)? to (?:the |our )?" + _NOT_PART + r"[a-z]"
    r"|\b(?:start|begin|starting|beginning) with (?:the |our )?" + _NOT_PART + r"[a-z]"
    r"|\blet me (?:address|discuss|cover|talk about) (?:the |our )?" + _NOT_PART + r"[a-z][a-z &'-]{2,40} results\b"
    r"|\bin (?:the |our )?" + _NOT_PART + r"[a-z][a-z &'-]{2,40} segment\b"
    r"|^(?:the |our )" + _NOT_PART + r"[a-z][a-z&'-]{2,30}(?: [a-z&'-]{2,30}){0,2} segment(?:'s)? (?:had|has|reported|generated"
    r"|delivered|posted|recorded|earned|revenues?|sales|net|operating|ebitda|results?|income)\b")
    # ("The Midstream segment had net income of $75 million": a part's figure, not the company's)


# A sentence that opens on a part of the company by its capitalised name: "In Space and Airborne Systems, organic
# revenue increased 4.1%.", "Finally, in Aviation Systems, …", "Next, Communication Systems organic revenue was up
# 2.9%" (not a period, a year or a figure of speech: "In the Third Quarter,", "In Addition,").
_NOT_PART_NAME = r"(?!(?:The |Our )?(?:(?:First|Second|Third|Fourth) )?(?:Quarter|Q[1-4]|Fiscal|Full|Year|Addition|Summary|" \
    r"Terms|Total|Short|Conclusion|Closing|Particular|Other|Fact|General|Aggregate|Contrast|Comparison|" \
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b)"
PART_SUBJECT = True  # a sentence opening on a part's name as its subject gives that part's figures
_SUBJECT_NAME = re.compile(r"^(?:(?:And|So|Now|Also|Then|Next|Finally|Lastly|Meanwhile|Similarly|Likewise),? )?(?:Our |The )?"
                           r"((?:[A-Z][\w&.-]*)(?: (?:[A-Z][\w&.-]*|&|and))*)(?:'s?|’s?)? ")
_REPORTED = r"delivered|reported|generated|posted|achieved|contributed|recorded|grew|increased|decreased|declined" \
    r"|improved|rose|fell|saw"  # what a part did, right after its name
_SUBJECT_THEN = re.compile(r"(?:(?:adjusted|organic|net|total|operating|segment|business|division|reported|gross|comparable"
                           r"|comp|same-store|core|quarterly|second[- ]quarter|third[- ]quarter|fourth[- ]quarter"
                           r"|first[- ]quarter) )*(?:" + _REPORTED + r"|earnings|sales|revenues?|ebitda|ebit"
                           r"|operating|margins?|income|profits?|segment|business|division)\b", re.IGNORECASE)
_SUBJECT_VERB = re.compile(r"(?:" + _REPORTED + r")\b")
_NOT_SUBJECT = frozenset("""we our the this that these those it its in at for on as with i you they he she total consolidated
overall adjusted net gross free operating organic gaap non-gaap reported q1 q2 q3 q4 first second third fourth fiscal full
year quarter january february march april may june july august september october november december turning moving
looking let so and but also now then next finally yes no well okay ok thank thanks good cash capital earnings revenue
revenues sales income margin margins ebitda ebit eps diluted core comparable same-store comp comps return returns share
shares dividend dividends during since after before while both all each every other some there here what when how why
today last over year-to-date ytd sequentially compared versus excluding including based given despite although
because if once lastly meanwhile similarly importantly additionally further moreover however again specifically
as-reported book backlog orders volume volumes pricing price prices inventory inventories debt leverage interest tax
expenses expense costs cost capex free-cash-flow company group corporate enterprise business segment segments
international domestic global worldwide u.s us""".split())


def _subject_part(original: str, glossary: Glossary) -> str:
    """The part of the company an English sentence opens on as its subject: a run of capitalised words that is no
    metric, period or opening word, followed by what it reported ("Wood Products delivered …", "Southern Timberlands'
    adjusted EBITDA increased …"); "" when it opens otherwise ("We", "Adjusted EBITDA was", "Revenue grew").

    >>> g = load_glossary()
    >>> _subject_part("Wood Products delivered another record quarter at $1.4 billion of adjusted EBITDA.", g)
    'wood products'
    >>> _subject_part("Engineered Wood Products adjusted EBITDA increased $11 million.", g)
    'engineered wood products'
    >>> [_subject_part(s, g) for s in ("Adjusted EBITDA was $1.6 billion.", "We delivered $865 million.",
    ...  "Free Cash Flow was $2 billion.", "Total company sales grew 5%.", "Second quarter sales grew 5%.",
    ...  "Rental revenue for the third quarter was $2.28 billion.")]
    ['', '', '', '', '', '']
    """
    if not PART_SUBJECT:
        return ""
    m = _SUBJECT_NAME.match(original.strip())
    if not m or not _SUBJECT_THEN.match(original.strip()[m.end():]):
        return ""
    phrase = m.group(1)
    words = [w.lower().strip(".") for w in phrase.split() if w not in ("&", "and")]
    if not words or any(w in _NOT_SUBJECT or w.isdigit() for w in words):
        return ""
    if any(glossary.term(t).kind == "metric" for t in glossary.find(phrase)):
        return ""  # "Free Cash Flow", "Net Sales": a metric, capitalised
    if len(words) == 1 and not _SUBJECT_VERB.match(original.strip()[m.end():]):
        return ""  # one capitalised word before a metric may be its adjective: "Rental revenue for the third quarter"
    return " ".join(words)


PART_AFTER_COLON = True  # "For full year 2021, we anticipate the following: At CCM, …" opens on CCM after its colon
_PART_OPENING = re.compile(
    r"(?:(?:Next|Finally|Lastly|Then|Now|And|Also|Moving on|Turning)(?: now)?,? )?(?:[Ii]n|[Ww]ithin|[Aa]t) (?:the |our )?"
    + _NOT_PART_NAME + r"[A-Z][\w&'.-]*(?: (?:[A-Z][\w&'.-]*|&|and|of))*,"
    r"|(?:Next|Finally|Lastly),? (?:the |our )?" + _NOT_PART_NAME + r"[A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*)+ (?:segment |business )?"
    r"(?:organic |total |net |reported )?(?:revenues?|sales|orders|operating|segment|earnings)\b"
    # "On Page 8, we summarized our Hydraulics segment." (session 22), "Slide 11 provides an overview of our Refining &
    # Marketing segment." (session 23)
    r"|.*\b(?:(?:summariz|review|cover|discuss|highlight|present)\w*|overview of) (?:our|the) " + _NOT_PART_NAME
    + r"[A-Z][\w&'.-]*(?: (?:[A-Z][\w&'.-]*|&|and))* (?:segment|business|division)s?\b"
    # "First, on Aviation.", "Next, on Power:" (session 22)
    r"|(?:First|Next|Finally|Lastly|Then|Now|Second|Third),? (?:on|with) (?:the |our )?" + _NOT_PART_NAME
    + r"[A-Z][\w&'.-]*(?: (?:[A-Z][\w&'.-]*|&|and|of))*\s*[.:,]")

# "Capital spending of approximately $425 million, …" after "We now expect total sales of …": a list goes on.
_LISTED = re.compile(r"(?:and )?(?:[a-z&'-]+ ){1,5}of (?:approximately |about |around |roughly |between |up to )?(?:\$|\d)")
# "… we now expect sales to be in the range of $6.15 billion and $6.25 billion. And net earnings per diluted share to
# be in the range of $2.55 and $2.65.": a sentence that opens with "and" and has no verb of its own before an
# infinitive goes on with the one before it (its "we expect", its year)
_CONTINUES = re.compile(r"(?:and|as well as|along with|plus) (?:(?!\b(?:was|were|is|are|will|would|should|could|may|might"
                        r"|expects?|anticipates?|forecasts?|projects?|sees?|guides?)\b)[^.,;]){0,80}?\bto (?:be|grow|increase"
                        r"|decrease|decline|range|come in|remain|reach|total|improve|approximate)\b")
_EN_PER_DAY = re.compile(r"\d[\d,.]*\s?(?:thousand |million )?(?:barrels|bbls?|boe|mcf|mmcf|cubic feet)"
                         r"(?: of oil equivalent)?(?: (?:a|per) day|/d)\b|\d\s?(?:b/d|boe/d|boepd|mbbl/d|mboe/d)\b")
_VERB = re.compile(r"\b(?:was|were|is|are|be|been|has|have|had|grew|grow|increased|decreased|rose|fell|declined|came|"
                   r"reached|totaled|totalled|improved|expanded|delivered|generated|reported|remained|ended)\b")


# An amount per share that is an item within earnings (an adjustment, a charge, an effect), not earnings per share.
_ITEM = r"(?:adjustments?|items?|charges?|costs?|expenses?|impacts?|benefits?|headwinds?|tailwinds?|gains?|losses?|" \
        r"hits?|dilution|accretion|contributions?|effects?|drag)"
_SHARE_ITEM = re.compile(
    r"\$\s?\d[\d.,]*\s?(?:cents? )?(?:per|a) (?:diluted )?share (?:of |in |from )?(?:(?!exclud|befor|ex\b|net\b|after\b|includ)[\w-]+ ){0,2}?" + _ITEM + r"\b"
    r"|\b" + _ITEM + r" (?:of|was|were|totaling|totalling|amounting to) (?:approximately |about |roughly )?"
    r"\$\s?\d[\d.,]*\s?(?:cents? )?(?:per|a) (?:diluted )?share\b"
    # a change, not a level: "Earnings from our investment in ATC decreased $0.02 per share year over year"
    r"|\b(?:increased|decreased|rose|fell|grew|declined|improved|dropped) (?:by )?(?:approximately |about )?"
    r"\$\s?\d[\d.,]*\s?(?:cents? )?(?:per|a) (?:diluted )?share\b")


def _all_share_items(key: str, amounts: list[tuple[int, int]]) -> bool:
    """Whether every amount of money in an English sentence lies inside a per-share item (``_SHARE_ITEM``)."""
    items = [m.span() for m in _SHARE_ITEM.finditer(key)]
    return all(any(x <= a and b <= y for x, y in items) for a, b in amounts)


# A metric that is a ratio's base ("8.3 months of sales", "36.9% of sales") owns no amount of the sentence.
_SHARE_BASE = re.compile(r"\d\s?(?:%|percent) of (?:net |total |annual |our |the |its |their )*$")
_RATIO_BASE = re.compile(r"(?:\bmonths?|\bdays?|\bweeks?|\btimes|%|\bpercent) of (?:net |total |annual )?$")
NAMED_GAP = 12  # characters between an amount and the metric it belongs to ("$0.50 of EPS")
_TODAY = re.compile(r"\b(?:later |earlier )?(?:today|yesterday)(?:'s)?\b|今天|昨天|今日")


def _metric_spans(key: str, metrics: list[str], glossary: Glossary) -> list[tuple[int, int, str]]:
    """Where each metric's English forms occur in an English sentence (its match key)."""
    return [(hit.start(), hit.end(), m) for m in metrics for form in glossary.term(m).en
            for hit in re.finditer(r"(?<![a-z0-9])%s(?![a-z0-9])" % re.escape(match_key(form)).replace(r"\ ", "[- ]"), key)]
    # ("top line" is written "top-line" too)


def _gap(amount: tuple[int, int], spans: list[tuple[int, int, str]]) -> float:
    """Characters between an amount and the nearest metric mention (inf when none)."""
    a, b = amount
    return min((max(x - b, a - y, 0) for x, y, _ in spans), default=float("inf"))


def _bound(key: str, spans: list[tuple[int, int, str]], amounts: list[tuple[int, int]]) -> tuple[str, ...]:
    """The metric nearest each amount of money in an English sentence of two or more metrics (a metric after the
    figure wins a tie: "$1 billion of share buyback")."""
    out: list[str] = []
    defined = [m.span() for m in _DEFINITION.finditer(key)]
    spans = [s for s in spans if not any(x <= s[0] and s[1] <= y for x, y in defined)] or spans
    for a, b in amounts:
        just_before = max((x for x in spans if x[1] <= a and a - x[1] <= 40), key=lambda x: x[1], default=None)
        if just_before is not None and just_before[2] != "eps" and _PER_SHARE_AFTER.match(key[b:]) \
                and re.fullmatch(r"\s*(?:of|was|were|is|at|to|totaling|totalling)?\s*(?:approximately |about |roughly )?"
                                 r"[$]?\s*", key[just_before[1]:a]):
            if just_before[2] not in out:  # "an increased annualized dividend of $4.58 per share" is the dividend's,
                out.append(just_before[2])  # though the sentence names EPS guidance later (32nd review, Sempra)
            continue
        if _PER_SHARE_AFTER.match(key[b:]) and any(m == "eps" for _, _, m in spans):
            if "eps" not in out:
                out.append("eps")  # "$0.06 adjusted net income per diluted share" is earnings per share
            continue
        best = min(spans, key=lambda x: (max(x[0] - b, a - x[1], 0), x[0] < a))
        stated = max((x for x in spans if x[1] <= a), key=lambda x: x[1], default=None)
        if BOUND_STATED and stated is not None and a - stated[1] <= 60 \
                and _STATED_AS.fullmatch(key[stated[1]:a]):
            best = stated  # "Revenues for the 2021 third quarter were $260.4 million, with an operating income of …"
        if best[2] not in out:
            out.append(best[2])
    return tuple(out)


_EN_RATE = re.compile(_EN_NUMERAL_RATE_RX)
_ZH_RATE = re.compile(r"\d\s?(?:%|％|个百分点|百分点|个基点|基点)")


def _points_only(ken: str, kzh: str) -> bool:
    """Whether a sentence's rates are all changes in points (the English side, else the Chinese).

    >>> _points_only("margins expanded 240 basis points", ""), _points_only("margins expanded 240 bps to 18.7%", "")
    (True, False)
    >>> _points_only("", "利润率提升了50个基点"), _points_only("revenue was $5 million", "")
    (True, False)
    """
    rates = [m.group(0) for m in (_EN_RATE.finditer(ken) if ken else _ZH_RATE.finditer(kzh or ""))]
    return bool(rates) and all(re.search(r"point|bp|基点|百分点", r) for r in rates)
RATE_BASIS = True  # a rate after "on a <metric> basis" in its clause is that metric's as well


def _rates_bound(key: str, spans: list[tuple[int, int, str]]) -> tuple[str, ...]:
    """The metric each rate of an English sentence of two or more metrics belongs to: the nearest one before it in
    its clause ("net interest margin to 3.06%", "revenue grew 5%"), else the nearest after it ("5% growth in
    revenue"); a metric that is a ratio's base ("36.9% of sales") was left out of ``spans``."""
    out: list[str] = []
    for m in _EN_RATE.finditer(key):
        a = m.start()
        before = [x for x in spans if x[1] <= a and not re.search(r"[;:]", key[x[1]:a])]
        after = [x for x in spans if x[0] >= m.end() and not re.search(r"[;:]", key[m.end():x[0]])]
        # (of two ending together, the longer: "comparable store sales of 9.5%" is same-store sales, not "sales")
        best = max(before, key=lambda x: (x[1], x[1] - x[0])) if before else \
            min(after, key=lambda x: (x[0], x[0] - x[1])) if after else None
        if best is not None and best[2] not in out:
            out.append(best[2])
        for x in before:  # "On a same-store revenue basis, revenues increased 14.8%": the same-store revenue's too
            if RATE_BASIS and re.match(r" basis\b", key[x[1]:x[1] + 6]) and x[2] not in out:
                out.append(x[2])
    return tuple(out)


# A metric, then what it was, then its amount, with no other figure between: "Revenues for the 2021 third quarter
# were $260.4 million" (the amount is the revenue's, though "operating income" follows it more closely).
BOUND_STATED = True
_ABOUT = r"\s*(?:about |approximately |roughly |nearly |almost |over |more than |some |just over |just under |around )?"
_STATED_AS = re.compile(r"(?:(?!\b(?:million|billion|percent)\b)[^$%;])*\b(?:was|were|of|totaled|totalled|reached|came in at"
                        r"|amounted to"
                        # an amount ahead: "Interest expense in the fourth quarter is expected to be approximately $85
                        # million, reflecting our increased debt levels" (the interest expense's, not the debt's)
                        r"|(?:is|are|will be|should be|would be)(?: now| currently| still)?"
                        r"(?: (?:expected|estimated|projected|anticipated|forecast|likely|going) to be)?)" + _ABOUT
                        # a level after a change: "Free cash flow decreased 40% year-to-date to $1.1 billion as strong
                        # revenue growth was offset …" (the free cash flow's, not the revenue's)
                        + r"|(?:(?!\b(?:million|billion)\b)[^$;])*\b(?:increased|decreased|grew|rose|fell|declined|improved"
                        r"|dropped)\b(?:(?!\b(?:million|billion)\b)[^$;])*\bto" + _ABOUT)
# A metric's definition between it and its figure ("Free cash flow that is cash from operating activities, less
# capital expenditures excluding acquisition-related costs was $165.7 million"): its metrics own no amount.
_DEFINITION = re.compile(r"\b(?:that is|i\.e\.|defined as|calculated as|which (?:we |is |are )?(?:[a-z]+ )?(?:define[sd]?|"
                         r"calculated?|computed?)(?: (?:at|for|in) [\w.&'-]+(?: [\w.&'-]+)?)? as)\b"  # "which we
                         # traditionally defined at TransDigm as EBITDA less … capex and cash taxes, was roughly $250 million"
                         r"[^$;]*?(?=\b(?:was|were|totaled|totalled|came in at|amounted to|reached)\b)")
_SCALED_AFTER = re.compile(r"[\d.,]*\s?(?:thousand|million|billion|trillion|bn|mn|mm|m|b|k)\b")
_PER_SHARE_AFTER = re.compile(r"[\d.,]*[^$\d;,]{0,40}?\bper (?:diluted |basic |common )?share\b")
_YEAR = re.compile(r"(?<![A-Za-z\d.])(?:fy ?|fiscal (?:year )?|财年|财政年度)?((?:19|20)\d\d)(?![\d%]|\.\d)|\bfy ?['’]?(\d\d)\b"
                   r"|(?<![\w$])['’](\d\d)\b(?!['’\d%])", re.IGNORECASE)


# A per-share amount of another metric than earnings: "FFO per diluted share", "a dividend of $0.25 per share" (the
# question side uses the same words: rag/question.py)
PER_SHARE_OF_ANOTHER = True
IMPACT_NOT_EPS = True  # an amount per share that is an impact, a cost or a charge is not EPS (session 27)
_IMPACT_PER_SHARE = re.compile(r"\b(?:impact|effect|headwind|tailwind|benefit|cost|costs|expense|expenses|charges?|"
                               r"drag|hit|dilution|accretion)(?: [a-z-]+){0,2}? (?:of|was|were|is|are|at|to be|by)"
                               r"(?: (?:about|approximately|roughly|around|nearly|almost|an? (?:additional|extra))?)? ?"
                               r"\$?\d[\d.,]*(?: cents?)? (?:per|a) (?:diluted )?share\b")
PER_SHARE_METRICS = ("ffo", "affo", "dividend")
PER_SHARE_ONLY = re.compile(r"\bper (?:diluted |basic |common )*share\b|每股")
EARNINGS_NAMED = re.compile(r"\beps\b|\bearnings\b|\bincome\b|\bprofits?\b|\bearned\b|每股收益|每股盈利|每股净利|净利润")
_EN_EPS = re.compile(r"\b(?:earnings|net income|income|profit)\b[^;]{0,80}?\$\s?\d[\d.]*\s?(?:per|a) (?:diluted |basic |common )?share\b")
# "Operating earnings were $280 million or 36.9% of sales": a profit as a share of sales is its margin.
_EN_OF_SALES = re.compile(r"\d\s?(?:%|percent) of (?:net |total )?(?:sales|revenues?)\b")
_EN_PROFIT_MARGINS = re.compile(r"\boperating (?:income|profit|earnings)\b[^.;]{0,60}?\band (?:operating )?margins?\b")
_EN_PER_SHARE = re.compile(r"\$\s?\d[\d.,]*\s?(?:per|a) (?:diluted |common )?share\b")
_EN_SHARE_PRICE = re.compile(r"\bprice\b|\bvalu(?:e|ation)\b|\bbook\b|\bdividends?\b")
_MARGIN_OF = {"operating_profit": "operating_margin", "gross_profit": "gross_margin", "net_income": "margin",
              "ebitda": "margin", "ebita": "margin"}
ADJUSTED = re.compile(r"\badjusted\b|\bnon-?gaap\b|\bnon gaap\b"
                      r"|\bcomparable (?:eps|earnings|operating|gross|net|currency-neutral)\b|\boperating eps\b"
                      # an insurer's or a bank's non-GAAP measure: "core earnings of $836 million or $2.33 per diluted
                      # share" (session 27, the 44th review's Hartford, answered for GAAP EPS)
                      r"|\bcore (?:earnings|eps|net income|operating (?:earnings|income))\b"
                      r"|\bexcluding (?:charges|special items|certain items|one-time items|items)\b"
                      r"|\bexcluding (?:the )?(?:acquisition|merger|restructuring|transaction|integration|impairment)"
                      r"(?:[- ]related)? (?:charges|costs|items|expenses)\b"  # "excluding acquisition-related charges"
                      r"|\bafter adjusting for\b"  # "After adjusting for the impact of excess tax benefits …, $0.62"
                      r"|(?<!股息)(?<!分红)(?<!派息)(?<!价格)(?<!利率)(?<!费率)调整后|经调整|非公认")  # an adjusted basis (not
# "comparable sales": same-store sales; nor 股息调整后, "once the dividend is adjusted")
# The reported (GAAP) basis, asked in so many words ("GAAP diluted EPS", 按GAAP计算), not "non-GAAP".
GAAP = re.compile(r"(?<!non-)(?<!non )(?<!非)(?<![a-z])gaap(?![a-z])|(?<!非)公认会计(?:准则|原则)")
# A sentence that sizes a market or an industry: its figure is not the company's.
_EN_MARKET = re.compile(
    r"\b(?:a|an) (?:us)?\$?[\d.,]+ ?(?:billion|million|trillion|bn|mn|b|m)?(?:[- ]dollar)? (?:global |worldwide )?"
    r"(?:market|industry)\b|\b(?:total |serviceable )?addressable market\b|\btam\b|\bmarket (?:size|opportunity)\b"
    r"|^global (?:retail )?(?:sales|spending|demand) (?:of|for)\b")
_ZH_MARKET = re.compile(r"市场规模|行业规模|市场空间|潜在市场")
_QUARTER = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[ -](?:fiscal |financial |calendar )?quarters?\b|\bq([1-4])\b|\b([1-4])q\b|第([一二三四1-4])(?:财|財)?季度?"
                      r"|(?<![本上下该这当同每个])([一二三四1-4])(?:(?:财|財)季度?|季度)"  # (第二财季: a fiscal quarter)
                      # a list names each: "the third and fourth quarter", 第三、第四财季, 三、四季度 (40th review)
                      r"|\b(first|second|third|fourth)(?=(?:,? (?:and|or|&)|,) (?:the )?(?:first|second|third|fourth)[ -]quarters?\b)"
                      r"|(?<![本上下该这当同每个])第?([一二三四1-4])(?=[、,，和与與及至到~-]第?[一二三四1-4](?:财|財)?季)")
_QUARTER_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "一": 1, "二": 2, "三": 3, "四": 4}


# A quarter a figure is compared with is not one the text speaks of: "130 million subscribers, reflecting over 11
# million net additions from Q4" is the first quarter's count ("versus 17 million in Q4", 较上一季度 likewise).
# ("funds from operations for the second quarter of 2021 of $131.2 million" names its quarter: "from operations" is
# part of a metric's name, the 33rd review's Camden FFO)
_BASE_QUARTER = re.compile(r"\b(?:compared (?:to|with)|versus|vs\.?|relative to|from(?! (?:continuing )?operations\b)"
                           # (a source, not a base: "revenue … from the A350 program in the first quarter")
                           r"(?! (?:the |our |its |their )?[\w-]+ (?:programs?|platforms?|contracts?|customers?|segments?"
                           r"|business(?:es)?|division|franchise)\b)|than"
                           r"|against|(?:about |roughly |much )?the same as|similar to|in line with|consistent with|flat with)\b"
                           r"(?: [\w$.,%-]+){0,4}?"
                           r" (?:in |during )?(?:the )?(?:(?:19|20)\d\d['’]s )?(?:q[1-4]|[1-4]q|(?:first|second|third|fourth|1st|2nd|3rd"
                           r"|4th)[ -]quarter)\b")  # (… from the $8.9 million loss reported in 2020's 3rd quarter)

# ... and in Chinese: 跟三季度比, 与第三季度相比, 较三季度 (a base, not a quarter asked; 二季度和三季度的收入 asks both)
_BASE_QUARTER_ZH = re.compile(r"(?:[跟和与與同](?:第)?[一二三四1-4]季度?(?:相比|比较|比較|对比|對比|比))"
                              r"|(?:(?:较|較|相较于|相較於|相比于|相比於|对比|對比|比)(?:第)?[一二三四1-4]季度?)")


def quarters_of(text: str) -> tuple[int, ...]:
    """The quarters a text names by number: "the second quarter", Q3, 3Q, 第二季度, 三季度 (not 本季度, "this
    quarter"; that is the period "quarter").

    >>> quarters_of("Third quarter 2021 global sales"), quarters_of("达美乐第二季度的广告支出"), quarters_of("本季度")
    ((3,), (2,), ())
    >>> quarters_of("康尼格拉第二财季的有机净销售额"), quarters_of("三财季")
    ((2,), (3,))
    """
    if not text:
        return ()
    out: list[int] = []
    for m in _QUARTER.finditer(_BASE_QUARTER_ZH.sub(" ", _BASE_QUARTER.sub(" ", text.lower()))):
        word = next(g for g in m.groups() if g)
        n = _QUARTER_NUMBER.get(word) or int(word)
        if n not in out:
            out.append(n)
    return tuple(out)


_MONTH_QUARTER = re.compile(r"\b(march|june|september|december)(?: (?:of )?(?:19|20)\d\d)? quarter\b")
_QUARTER_MONTHS = {"march": 3, "june": 6, "september": 9, "december": 12}


def month_quarters(text: str) -> list[int]:
    """The quarters a text names by the month they end in, in order ("the September quarter" -> 9); a fiscal
    company's quarters are often named so ("Group revenue for the September quarter was $904 million").

    >>> month_quarters("the September quarter, up from the June quarter"), month_quarters("in September")
    ([9, 6], [])
    """
    return [_QUARTER_MONTHS[m.group(1)] for m in _MONTH_QUARTER.finditer(text.lower())]


def years_of(text: str) -> tuple[int, ...]:
    """The years a text speaks of, in order: "in 2022", "fiscal 2026", FY26, 2025年; a comparison base ("growth of
    7% to 8% compared to 2019", 较2019年) is not one.

    >>> years_of("organic sales growth guidance of 7% to 8% compared to 2019 for full year 2021")
    (2021,)
    >>> years_of("FY26 revenue"), years_of("2022年全年运力相比2019年预计增长多少"), years_of("RMB 1,2025 million")
    ((2026,), (2022,), ())
    >>> years_of("We announced it in February 2025."), years_of("2025年2月"), years_of("up 20.2% to 2021.5")
    ((2025,), (2025,), ())
    >>> years_of("Capex for '22, looking at about $1.6 billion"), years_of("the '90s' 'best'")
    ((2022,), ())
    >>> years_of("ACAM2000 sales of $200 million"), years_of("FY2022 revenue"), years_of("在2025年")
    ((), (2022,), (2025,))
    >>> years_of("total FY'23 revenue"), years_of("exceeding FY’22's"), years_of("28%, similar to our outlook for FY'22")
    ((2023,), (2022,), ())
    """
    if not text:
        return ()
    out: list[int] = []
    rest = _BASE_YEAR.sub(" ", text)
    for m in _YEAR.finditer(rest):
        year = int(m.group(1)) if m.group(1) else 2000 + int(m.group(2) or m.group(3))
        if m.group(1) and rest[max(0, m.start(1) - 1)] == ",":
            continue  # "RMB 1,2025" is an amount
        if year not in out:
            out.append(year)
    return tuple(out)


_PERCENT_SIGN = re.compile(r"\d[\d.,]*\s?(?:%|percent\b)")
_GROWTH_BEFORE = re.compile(r"\b(?:gr[eo]w(?:s|th|ing)?|increas\w*|decreas\w*|declin\w*|rose|rise|rising|fell|falls?|up|down"
                            r"|improv\w*|expan\w*|contract\w*|by|jump\w*|climb\w*|drop\w*|gain\w*)\b[^.;%]{0,24}$")
_GROWTH_AFTER = re.compile(r"^(?: (?:[\w-]+ ){0,3}?(?:growth|increase|decline|decrease|improvement|gain|rise|drop|higher|lower"
                           r"|up|down)\b| (?:year[- ]over[- ]year|yoy|sequentially)\b)")


def growth_rates_only(key: str) -> bool:
    """Whether every rate of a (match-keyed, English) text is one of growth or change: "full year 2021 system sales grew
    6%, driven by 7% same-store sales growth and 4% unit growth" (no share of sales: 36th review, asked again of Yum's
    digital sales); not "which accounts for 16% of our divisional operating profit".

    >>> growth_rates_only("system sales grew 6%, driven by 7% same-store sales growth"), growth_rates_only("16% of profit")
    (True, False)
    """
    rates = list(_PERCENT_SIGN.finditer(key))
    return bool(rates) and all(_GROWTH_BEFORE.search(key[max(0, m.start() - 40):m.start()])
                               or _GROWTH_AFTER.match(key[m.end():m.end() + 40]) for m in rates)


_SHARE_AFTER = re.compile(r"^ of (?:(?:our|the|its|their|total|overall|consolidated|all|[a-z&-]+(?:'s)?) ){0,3}?(?:net )?"
                          r"(?:sales|revenues?|mix|business|volumes?|orders|transactions|units|profits?|income|earnings)\b")
_SHARE_BEFORE = re.compile(r"\b(?:accounts? for|accounted for|accounting for|represents?|represented|representing|made up"
                           r"|makes? up|penetration (?:of|was|is|at|reached)|mix (?:of|was|is|at|reached)) (?:about |approximately"
                           r" |roughly |nearly |almost |over |more than |around )?$")


_IN_POINTS = re.compile(r"(?:\d[\d.,]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                        r"thirty|forty|fifty|a hundred|half a|a few|several)(?:[ -](?:one|two|three|four|five|six|seven|"
                        r"eight|nine))?)\s?(?:basis points?|bps|bips|percentage points?|points?|pts|pp)\b"
                        # (in words too: "an improvement of eight percentage points"; session 27, the 44th review)
                        r"|(?:\d|[一二三四五六七八九十百])\s?(?:个)?(?:基点|百分点)")


def share_rates_only(key: str) -> bool:
    """Whether every rate of a (match-keyed, English) text, beside one it compares with, is a share of a whole:
    "online sales were 43% of our overall domestic sales in the quarter compared to 25% last year" (a mix, not the
    growth asked: 40th review, Best Buy); not "online sales grew almost 90% … and made up 43% of domestic sales".

    >>> share_rates_only("online sales were 43% of our overall domestic sales compared to 25% last year")
    True
    >>> share_rates_only("online sales grew almost 90% to $6.7 billion and made up 43% of our total domestic sales")
    False
    """
    key = _EN_BASE.sub(" ", key)
    rates = list(_PERCENT_SIGN.finditer(key))
    return bool(rates) and all(_SHARE_AFTER.match(key[m.end():m.end() + 60])
                               or _SHARE_BEFORE.search(key[max(0, m.start() - 40):m.start()]) for m in rates)


def worded_rate(text: str, lang: str) -> bool:
    """Whether a text's only rates are in words: "We expect to deliver mid-single digit net sales revenue growth",
    "We anticipate underlying EBITDA will be flat compared to 2020" (no "5%" beside them)."""
    key = match_key(text)
    worded, numeral = (_EN_WORDED_RATE, _EN_NUMERAL_RATE) if lang == "en" else (_ZH_WORDED_RATE, _ZH_NUMERAL_RATE)
    return bool(worded.search(key)) and not numeral.search(key)


_NUMBERED_NAME = re.compile(r"\b(?:tier|phase|class|level|stage|gen|generation|version|series|slide|page|chapter"
                            r"|section|item|note|type|grade|category|covid-?) $")


_PRODUCT_NUMBER = re.compile(r"(?<![.!?:;]\s)(?<=[a-z0-9,)\-] )(?:[A-Z][\w-]*[a-z][\w-]*\s)*[A-Z][\w-]*[a-z][\w-]* $")


def figure_kinds(text: str, lang: str) -> set[str]:
    """The kinds of figure a text states: money (a currency), percent (%, -fold, by half), count (other numbers
    that are not years, months or version numbers)."""
    key = match_key(text)
    kinds: set[str] = set()
    if lang == "zh":
        if _ZH_MONEY.search(key):
            kinds.add("money")
        if _ZH_PERCENT.search(key):
            kinds.add("percent")
        if _ZH_COUNT.search(key):
            kinds.add("count")
        return kinds
    if _EN_MONEY.search(key) or (_EN_BARE_AMOUNT.search(key) and _EN_MONEY_WORDS.search(key)):
        kinds.add("money")
    if _EN_PERCENT.search(key):
        kinds.add("percent")
    if _EN_WORD_COUNT.search(key):
        kinds.add("count")
    src = next((t for t in (text, text.strip()) if len(t) == len(key)), None)  # (the text as written, for capitals)
    for m in _EN_NUMBER.finditer(key):
        start, end = m.span()
        before, after = key[max(0, start - 5):start], key[end:end + 12]
        if re.search(r"(?:rmb|\$|us\$|hk\$|usd) ?$", before) or re.match(r" ?(?:%|percent|per cent|yuan|dollars)",
                                                                          after):
            continue
        number = m.group(1)
        if _YEAR_NUMBER.match(number) and not m.group(2):
            continue
        if re.search(r"[a-z] $", before) and not m.group(2) and "." in number and not re.search(
                r"\b(?:was|were|is|are|be|been|of|at|to|by|about|approximately|around|roughly|nearly|over|under|than"
                r"|from|and|or|reached|grew|rose|fell|increased|decreased|remained|stood) $", key[max(0, start - 16):start]):
            continue  # a version number: "Wan 2.2" (not "leverage was 2.65 times")
        if re.search(r"\b(?:qwen|wan|amap|gpt|h) $", before):
            continue  # a model's name: "Qwen 3", "H 20" (not "with 139 cargoes", "each 5 years")
        if _NUMBERED_NAME.search(key[max(0, start - 12):start]) and not m.group(2):
            continue  # a number that names a thing: "Tier 4 diesel fleets", "Phase 3", "slide 12", "Class 8 trucks"
        if src is not None and not m.group(2) and _PRODUCT_NUMBER.search(src[:start]) \
                and not re.match(r"\s*(?:million|billion|thousand|%)", key[end:]):
            continue  # a product's name: "the Slack-First Customer 360", "Office 365" (not "Over 360 customers")
        kinds.add("count")
    return kinds


# A period a figure is compared with is not the period it is of: "Consolidated revenues of $66.6 billion increased 9%
# above the prior year" is this quarter's revenue; "margin … was 21% of sales versus 19.4% last year" and
# 收入较去年增长9% likewise.
LONG_TERM_RANGES = True
_EN_BASE = re.compile(r"\b(?:compared (?:to|with)|versus|vs\.?|over|from|above|below|than|relative to|against"
                      r"|(?<=% )to|(?<=percent )to|(?<=points )to"  # "in the range of down 2% to up 1% to last year"
                      r"|on top of(?: an?)?)"  # "increased 12.2% on top of a 23.2% increase in the same period last year"
                      r"(?: [$€£]?\d[\d.,]*(?: ?%| percent| million| billion| basis points| bps| per (?:diluted |basic )?(?:common )?share)?"
                      r"(?: of (?:net )?(?:sales|revenues?))?"  # "25.4% of sales compared to 29% of sales in the prior year"
                      r"(?: (?:increase|growth|decline|decrease|gain|rise))?(?: (?:in|for))?)?"
                      r"(?: (?:the|a))? (?:last year|prior[- ]year|year[- ]ago|a year ago|same (?:period|quarter) "
                      r"(?:of |in )?last year|(?:(?:first|second|third|fourth)[- ]quarter|q[1-4]) (?:of )?last year"
                      r"|last year's (?:first|second|third|fourth)[- ]quarter)(?: (?:period|quarter|levels?))?")
# ("The RMS operating margin increased to 27.4% from 9.1% in the second quarter of last year": this quarter's; "$585
# million in revenue an increase of 40% from Q2 of last year" likewise, the 34th review's KAR)
# An outlook revised from the one given last quarter is still the outlook's period: "Full year capital expenditures
# are now expected in the range of $350 million to $375 million, a slight upward revision from the guidance provided
# last quarter" is the full year's
_EN_EARLIER_GUIDANCE = re.compile(
    r"\b(?:from|versus|vs\.?|compared (?:to|with)|than|over|to|of) (?:the |our |my )?(?:guidance|outlook|forecast|expectations?"
    r"|estimates?|range|view)(?: (?:we |that we |i )?(?:provided|given|issued|gave|shared|discussed|set|had|laid out))?"
    r"(?: (?:on|in|during|at) (?:our|the))? (?:last|prior|previous) quarter(?:'s call)?\b"
    r"|\b(?:last|prior|previous) quarter's (?:guidance|outlook|forecast|range|view)\b")
# The call something was said on is no period of the figure: "To reiterate what we said on the Q4 earnings call, our
# teams are still planning for our commercial aftermarket revenue to grow in the 20% to 30% range"
_ON_THE_CALL = re.compile(
    r"\b(?:said|mentioned|discussed|noted|announced|provided|gave|shared|indicated|outlined|told you|talked about)"
    r" (?:on|during|in|at) (?:the|our|last quarter's)(?: last)? (?:q[1-4]|(?:first|second|third|fourth)[- ]quarter)"
    r"(?: (?:fiscal )?(?:19|20)?\d\d)? (?:earnings )?(?:conference )?call\b", re.IGNORECASE)
_ZH_BASE = re.compile(r"(?:比|较|与|和|相比)去年(?:同期)?(?:相比)?")


_LAST_YEARS_QUARTER = re.compile(
    r"\byear[- ]ago (?:first|second|third|fourth|q[1-4])[- ]quarter\b|\b(?:first|second|third|fourth)[- ]quarter (?:of )?"
    r"last year\b|\blast year's (?:first|second|third|fourth)[- ]quarter\b|\bprior[- ]year (?:first|second|third|fourth)"
    r"[- ]quarter\b")

# Last year's quarter as the base a figure is compared with ("$475 million of pre-tax cat losses compared to $854
# million in last year's second quarter"): the figure is this quarter's.
_COMPARED_WITH_LAST_YEAR = re.compile(r"\b(?:compared (?:to|with)|versus|vs\.?|relative to|up from|down from|from [$€£]?\d[\d.,]*"
                                      r"(?: ?%| percent| million| billion)?)\b[^;]{0,40}?"
                                      + "(?:" + _LAST_YEARS_QUARTER.pattern + ")")


# A figure said to repeat or match the last quarter's is this quarter's: "nearly $1.1 billion of free cash flow,
# repeating the record level of free cash flow we generated last quarter"
_EN_REPEATED = re.compile(r"\b(?:repeating|matching|equall?ing|in line with|similar to|consistent with)\b[^.;]{0,60}?"
                          r"\b(?:last|prior|previous) quarter(?:'s)?\b")


def _period(en: str, zh: str) -> tuple[str | None, int | None]:
    month = month_of(en) or month_of(zh)
    en, zh = _EN_BASE.sub(" ", en) if en else en, _ZH_BASE.sub(" ", zh) if zh else zh
    en = _EN_EARLIER_GUIDANCE.sub(" ", en) if en else en
    en = _EN_REPEATED.sub(" ", en) if en else en
    if LONG_TERM_RANGES:
        en, zh = LONG_TERM_TARGET.sub(" ", en) if en else en, LONG_TERM_TARGET.sub(" ", zh) if zh else zh
    for table, text in ((_EN_PERIOD, en), (_ZH_PERIOD, zh)):
        if not text:
            continue
        for name, pattern in table:
            if re.search(pattern, text):
                return name, month
    return ("month" if month else None), month


_MONTH_MAY = re.compile(
    r"\b(?:in|since|by|during|of|through|until|till|from|early|mid|late|end|beginning|effective|before|after|and|or|to"
    r"|between|last|next|this|" + "|".join(m for m in _MONTHS if m != "may") + r")[ ,-]+may\b"
    r"|\bmay[ ,]+(?:\d|of\b|and\b|through\b|to\b|or\b|" + "|".join(m for m in _MONTHS if m != "may") + r")"
    r"|^may\b(?! (?:be|not|have|also|see|need|take|well|come|continue|impact|affect|vary|differ|change|result))")


def month_of(key: str) -> int | None:
    """The month a (match-keyed) text names: "august", "八月", "8月" → 8; None when it names none.

    "may" is the month only where a month can stand ("in May", "May 2021", "May 30th", "April and May"), not the verb
    ("there may not be enough service workers").

    >>> month_of("in august"), month_of("淘宝八月的日活"), month_of("十二月"), month_of("7、8月份"), month_of("q2")
    (8, 8, 12, 8, None)
    >>> month_of("there may not be enough workers"), month_of("effective may 30th"), month_of("since may")
    (None, 5, 5)
    """
    for m in re.finditer(r"\b(" + "|".join(_MONTHS) + r")\b", key):
        if m.group(1) != "may" or _MONTH_MAY.search(key[max(0, m.start() - 30):m.end() + 12]):
            return _MONTHS.index(m.group(1)) + 1
    z = re.search(r"(十[一二]?|[一二三四五六七八九]|\d{1,2})月", key)
    if not z:
        return None
    text = z.group(1)
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return {"十": 10, "十一": 11, "十二": 12}.get(text) or _ZH_MONTHS.index(text) + 1
