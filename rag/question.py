"""Question analysis: what a question asks for (the expected answer type), about what (the subject: glossary
terms for metrics, segments and businesses) and for when (the period), in English and Chinese (either script).

Rules, not a model: question words decide the answer type ("how much", "多少亿" → money; "how fast", "增速" →
percent; "how many", "多少个" → count; "why", "为什么" → reason; "plan", "预计" → plan; "who" → person; "when" →
date; a question opening with an auxiliary verb, or 是否/吗 → yes/no); a bare "what is X" takes the answer type
the glossary gives X's metric. The subject is the glossary's terms found in the question; the period its time
words. ``wants_figure`` is true for money, percent and count: those questions are answered by a sentence stating
a figure.

Example:
    >>> a = analyse("How much did Alibaba spend on capex this quarter?")
    >>> a.answer_type, a.metrics, a.period
    ('money', ('capex',), 'quarter')
    >>> a = analyse("淘寶閃購的月活躍用戶有多少？")
    >>> a.answer_type, a.metrics, a.businesses
    ('count', ('mau',), ('quick_commerce',))
    >>> analyse("云业务的利润率是多少？").answer_type, analyse("Why did EBITDA decline?").answer_type
    ('percent', 'reason')
    >>> analyse("What was Alibaba's total revenue for the quarter?").metrics
    ('total_revenue',)
    >>> analyse("Will the RMB 380 billion plan change?").answer_type
    'yesno'
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from index.glossary import Glossary, load_glossary
from index.script import detect_language, match_key
from rag.facts import EARNINGS_NAMED, EN_TRAILING, LONG_TERM_EN, LONG_TERM_TARGET, MEASURED_AGAINST, LONG_TERM_ZH, ZH_TRAILING, ZH_YEAR_TO_DATE, month_of, month_quarters, PER_SHARE_OF_ANOTHER, PER_SHARE_ONLY, quarters_of, unit_asked, years_of

ANSWER_TYPES = ("money", "percent", "count", "date", "person", "reason", "plan", "yesno", "other")
FIGURE_TYPES = frozenset({"money", "percent", "count"})
PERIODS = ("quarter", "previous_quarter", "year_ago", "next_quarters", "fiscal_year", "three_years", "month",
           "other_quarter", "trailing", "year_to_date", "long_term")

# Answer type from question words, first match wins (order matters: "how much ... grow" is a percent).
_EN_TYPE = (
    ("reason", r"\bwhy\b|\bwhat (?:drove|drives|caused|causes|is behind|was behind)\b|\breasons?\b|\bdriven by\b"
               r"|\bwhat explains\b|\bhow come\b|\bwhat(?:'s| is| was| are)? (?:driving|behind)\b"
               r"|\bwhat (?:made|makes|led to|leads to|enabled|enables)\b"
               r"|\bwhat(?:'s| is| was)? (?:held|holds|holding|weighed|weighs|weighing|hurt|hurts|pressured|pressures"
               r"|dragged|drags) (?:back |on |down )?"
               # where a result came from is its source (session 23: "Where did the revenue upside versus guidance
               # come from?" had asked for an amount)
               r"|\bwhere (?:did|does|do|will|would|is|are|was|were) [^?]{1,80}? come from\b"),
    ("percent", r"\bhow fast\b|\bgrowth rate\b|\bby how much\b|\bwhat percent(?:age)?\b|\bwhat share\b"
                r"|\bhow many (?:basis points|percentage points|bps|bips)\b"  # a rate's change, as 多少个基点 is
                r"|\bhow much did .* (?:grow|increase|rise|fall|decline|drop|shrink)\b"),
    ("money", r"\bhow much\b|\bin (?:rmb|usd|dollars|yuan)\b|\bhow many (?:rmb|yuan|dollars|billions?)\b"
              # "What did ITT spend on R&D?", "average realized selling price per ton" (41st review)
              r"|\bwhat (?:did|does|do|will) [^?]{1,40}? spend\b|\b(?:price|prices|cost|costs|revenue) per (?:ton|tonne|net ton"
              r"|barrel|unit|pound|ounce|gallon|mwh|boe|square foot)\b"),
    ("count", r"\bhow many\b|\bnumber of\b|\bcount of\b"),
    # "when" asks a date when it opens the question or a clause ("when did", "when will"), not in "what do agents
    # consume when they carry out a task"
    ("date", r"^when\b|\bwhen (?:did|does|do|was|were|will|is|are|can|could|would|should|has|have|had)\b"
             r"|\bby when\b|\bwhat date\b|\b(?:which|what) (?:quarter|month|year)\b|\bhow long\b"),
    ("plan", r"\bplans?\b|\boutlook\b|\bexpect|\bguidance\b|\bguid(?:e|es|ing)\b|\bgoing forward\b|\bnext (?:few )?(?:quarters?|years?)\b"
             r"|\bstrategy\b|\bwill\b|\bgoing to\b|\bfuture\b|\bpriorit|\bhead(?:ed|ing)\b|\bdown the road\b"
             r"|\bnext steps?\b|\blong(?:er)?[- ]term\b|\bfrom here\b|\blook(?:ing)? ahead\b"
             r"|\bwhere (?:is|are) [^?]{1,60}? going\b"),
    ("percent", r"\bpercent(?:age)?\b|%|\bmargins?\b|\btake rate\b|\b(?:grow|grew|growth)\b"),
    ("person", r"\bwho\b|\bwhich (?:executive|manager|speaker)\b"),
)
_EN_YESNO = re.compile(r"^(?:is|are|was|were|do|does|did|will|would|can|could|has|have|had|should|shall)\b")
_ZH_TYPE = (
    ("reason", r"为什么|为何|原因|什么驱动|驱动因素|驱动力|因为什么|怎么会|凭什么|靠什么|出发点|背后"),
    ("percent", r"增速|增长率|增幅|百分之|百分比|比例|占比|多快|几成|翻了几倍"
                r"|(?:增长|成长|增加|提升|提高|上升|上涨|下跌|下降|下滑|减少|收窄|缩减|缩小|改善)了?(?:是|为)?(?:多少|几)"),
    ("money", r"多少钱|多少亿|多少元|多少万元|金额|花了多少|投入多少|投资多少|收入多少|收入是多少|营收多少"
              r"|多少[^，,？?。]{0,8}(?:成本|费用|支出|开支|现金|资金|利润|节约|节省)|(?:成本|费用|支出|现金|资金|流动性)"
              r"[^，,？?。]{0,4}(?:有|是)?多少"
              # a price or consideration asked (收购……的交易价格是多少; session 27, the 43rd review)
              r"|(?:交易价格|收购价格?|收购价款|对价|价款|售价|出售价格|成交价)[^，,？?。]{0,4}(?:有|是)?多少"
              # a fee, royalty or payment asked (特许权使用费有多少: the 45th review's Bio-Rad royalties; not 费率, a rate)
              r"|(?:使用费|专利费|许可费|服务费|管理费|佣金|罚款|罚金|赔偿金?|和解金|付款|款项)(?:总额|总计|合计)?(?:预计)?"
              r"(?:有|是|为|会有)?多少"),
    ("count", r"多少(?:兆瓦|千瓦|吉瓦|瓦|吨|桶|平方米|平方英尺|辆|台|架|座|艘|套)|多少(?:万|萬|亿|億)?(?:普通)?股(?![息利价價东東本权權票份])|多少个|多少家|多少人|多少单|多少名|多少年|几个(?!季度|月|年|星期|方面|问题)|几家|数量|有多少|人数"),
    ("date", r"什么时候|何时|哪个季度|哪一年|哪年|多久|多长时间|哪个时间|什么时间"),
    ("plan", r"计划|展望|预期|预计|指引|未来|将会|打算|策略|战略|规划|优先|接下来|下一步|后续|长期"
             r"|会(?:怎么|怎样|如何)"),
    ("percent", r"利润率|毛利率|货币化率|%|同比|环比|率[^，,？?。]{0,24}?(?:是|为|有)?多少"),
    ("person", r"谁|哪位"),
)
# Asks for the kinds of something, which an answer gives by examples ("Which industries are training …", 哪些新客户)
_ASKS_EXAMPLES = re.compile(r"\b(?:which|what) (?:kinds?|types?|sorts?|industries|sectors|customers|clients|companies|"
                            r"verticals|areas|categories|products)\b|\bwhat (?:kinds?|types?|sorts?) of\b|"
                            r"哪些.{0,3}?(?:行业|产业|客户|企业|公司|领域|类型|品类|产品)|哪类|哪几类|什么样的(?:客户|企业|公司)|什么类型")
# What a question sets aside: "Besides logistics, …", "Apart from cloud, where else …", "Outside restaurant meals, …",
# 除了产品之外 (QuestionAnalysis.excluded)
_EXCLUDING = re.compile(r"(?i)\b(?:besides|apart from|aside from|other than|except(?: for)?|outside(?: of)?)\s+(?:the |our |your "
                        r"|its )?([^,?;]{2,40}?)\s*(?:,|\?|;|$)|除了?([^，,？?；;]{1,12}?)(?:之外|以外|外)?[，,]")
# Asks for the main one ("single biggest driver", "top priority", 首要, 第一位, 最重要)
_ASKS_PRIMARY = re.compile(r"\b(?:single )?(?:biggest|main|primary|most important|key) (?:driver|factor|reason|priority|"
                           r"focus|lever)\b|\btop priority\b|\bfirst priority\b|\bprioriti[sz]e\b|首要|第一位|最重要|最优先|"
                           r"最大的(?:因素|驱动|原因)|优先(?:考虑|保证)")
# Asks what is done about a pressure ("What is X doing to offset …", "How are you mitigating …", 如何应对)
_ASKS_RESPONSE = re.compile(r"\bdoing (?:to|about)\b|\b(?:offset|mitigat\w*|counter\w*|combat\w*|address\w*|deal\w* with|"
                            r"respond\w* to|cope with|manag\w*) (?:the |these |those |this |that )?(?:rising|higher|"
                            r"increas\w*|inflation\w*|cost|costs|pressure|pressures|headwinds?|inflation)\b|如何应对|怎么应对|怎样应对|"
                            r"采取了?(?:什么|哪些)(?:措施|行动)|如何抵消|怎么抵消")
# Asks what something shows or means ("What does X say about …", "What does it signal", 意味着什么, 说明了什么)
_ASKS_MEANING = re.compile(r"\bwhat does [^?]{1,80}? (?:say|tell us|signal|mean|imply|indicate|show|suggest) (?:about|for)\b"
                           r"|\bwhat does [^?]{1,60}? (?:signal|mean|imply|indicate|show|suggest)\b|意味着什么|说明了?什么|"
                           r"表明了?什么|体现了?什么|代表了?什么|标志着什么")
# Asks what something brings someone ("What do shoppers gain from …", "How does X help merchants?", "why does that end up
# benefiting Alibaba Cloud?", 有什么好处, 对商家有什么帮助): answered by a sentence saying what it delivers (session 28)
_ASKS_BENEFIT = re.compile(r"\bwhat (?:do|does|did|will|would|can) [^?]{1,80}? (?:gain|get|win)\b|\bhow (?:does|do|did|will|would|"
                           r"can|could) [^?]{1,100}? (?:help|benefit|serve)\b|\bbenefit(?:s|ing|ed)? (?:from|to|for)\b|\bend up benefit\w*|\bwhat (?:is|are) the (?:benefits?|advantages?)\b"
                           r"|好处|益处|帮助|受益|获益|得到什么|带来什么")
# Asks how management sees something ("How does management read demand?", 管理层怎么看, 如何看待): answered by a sentence
# giving its view ("We think demand is still very strong", 我们看到…) (session 28)
_ASKS_VIEW = re.compile(r"\bhow (?:does|do|did) (?:management|you|the (?:ceo|cfo|company|team)) (?:read|view|see|"
                        r"assess|think about|feel about|characteri[sz]e)\b|\bwhat (?:does|do) (?:management|you) (?:think|make) of\b"
                        r"|\bmanagement'?s (?:view|take|read|assessment)\b|怎么看|如何看|怎样看|看法|观点|怎么判断|如何判断|如何评价")
# The horizon a question asks about: the near term ("Near term, where will …", 短期内) or the long term ("over time",
# 长期来看), which a sentence may name in other words ("in the short term", 短期) (session 28)
HORIZONS = {
    "short": re.compile(r"\b(?:near|short)[- ]term\b|\bin the (?:short|near) run\b|\bnear future\b|短期|近期|短时间内"),
    "long": re.compile(r"\b(?:long|longer|medium|mid)[- ](?:term|run)\b|\bover time\b|\bin the long run\b|\bover the long haul\b"
                       r"|长期|中长期|长远|長期|中長期|長遠"),
}
# "How does X compare with peers?", 跟同行比怎么样: a comparison asked, answered in words as often as by a figure, unless a
# figure is asked outright ("what percent", 多少) (session 28)
PEERS_COMPARED = True
_COMPARED_HOW = re.compile(r"\bhow (?:does|do|did|is|are|was|were) [^?]{1,80}? (?:compare|stack up|measure up|fare)\b"
                           r"|比(?:起来)?(?:怎么样|如何|怎样)|相比(?:怎么样|如何|怎样)|对比(?:怎么样|如何|怎样)")
_EXPLICIT_FIGURE = re.compile(r"\bwhat (?:percent(?:age)?|share|proportion|rate|figure|number)\b|\bhow (?:much|many|fast)\b"
                              r"|多少|几成|几个百分点|百分之几")
# "What was … volume?": a quantity, when the glossary names no metric asked (session 27)
VOLUME_ASKED = True
_VOLUME_ASKED = re.compile(r"\b(?:volumes?|tonnage|shipments|throughput|headcount)\b(?! (?:growth|trends?|mix|outlook|"
                           r"environment|recovery|drivers?)\b)[^?]*\??$")
# "How much … produce/ship/mine": a physical quantity, not money (the 43rd review's "How much medium can the Jackson
# No. 1 machine produce per year?", answered "about 100,000 tons"); only when no glossary metric is asked
_PRODUCED = re.compile(r"\bhow much\b[^?]{0,80}?\b(?:produc(?:e|es|ed|ing)|ship(?:s|ped|ping)?|mine[sd]?|mining|"
                       r"manufactur(?:e|es|ed|ing)|process(?:es|ed|ing)?|output|capacity|volume|tons?|tonnes?)\b")
# The noun a "what/which" question asks for (QuestionAnalysis.focus): the words between "what"/"which" and the verb
# that follows them ("What new model capabilities does …"), the last one its head; in Chinese the noun right after
# 什么/哪些/哪个 (什么样的能力: 能力)
_FOCUS_EN = re.compile(r"\b(?:what|which) ((?:[a-z][\w'-]* ){1,4}?)(?:do|does|did|is|are|was|were|will|would|"
                       r"can|could|has|have|had|should|might|may)\b")
_FOCUS_ZH = re.compile(r"(?<![为干])什么|哪些|哪个|哪种|哪类|哪一|何种")
_GENERIC_FOCUS = frozenset("figure figures number numbers kind kinds type types sort sorts way ways thing things one "
                           "ones part parts time times year years quarter quarters percentage percent amount level "
                           "extent degree 时候 时间 地方 东西 方面 情况 原因 因素 问题 数字 程度".split())
# A question asking where something ranks ("Where does … rank globally?", 排名第几): answered by a position
_ASKS_RANK = re.compile(r"\brank(?:s|ed|ing|ings)?\b|\bwhere does .{1,60} (?:stand|place)\b|\bmarket position\b|"
                        r"排名|排第几|排在第几|第几大|位居第几|位列第几")
# A question comparing with peers ("How does … stack up against the market leader's?", 跟同行比怎么样): answered by a
# sentence that speaks of the peers, competitors or the industry (compose._GIVES_PEERS)
_ASKS_PEERS = re.compile(r"\b(?:peers?|competitors?|rivals?|competition|market leader'?s?|industry leader'?s?|"
                         r"the (?:industry|leader)'?s?)\b|同行|同业|竞争对手|对手|竞品|龙头")
# A question asking what happened ("What was revenue growth?", "How much did sales rise?", 收入增长了多少): past tense
_ASKS_PAST = re.compile(r"^(?:so |and |also |then )?(?:what|how(?: much| many| fast| far)?|by how much|which|where|why)\b[^?]{0,80}?"
                        r"\b(?:was|were|did)\b|(?:增长|增加|下降|减少|上升|提升|提高|下滑)了")
# What a count question counts ("How many members …": member): answered by a number of them ("103 million members")
_COUNTED = re.compile(r"\bhow many (?:more |new |additional |net |total |active |paying |paid )?([a-z][a-z-]{2,})")
_DURATION = re.compile(r"\bhow long\b|\bfor how many\b|多久|多长时间")
_ZH_YESNO = re.compile(r"是否|吗[？?]?$|会不会|有没有|能不能|是不是|可不可以|还会")

_EN_PERIOD = (
    ("trailing", EN_TRAILING),
    ("year_ago", r"\b(?:a|one) year ago\b|\byear[- ]ago (?:quarter|period)\b|\blast year\b|\bsame (?:quarter|period) (?:of )?last year\b|\bprior[- ]year\b"),
    ("previous_quarter", r"\b(?:previous|last|prior|preceding) quarter\b|\bquarter before\b"),
    ("next_quarters", r"\bnext (?:few |couple of |two |several )?quarters?\b|\bcoming quarters?\b"),
    ("three_years", r"\b(?:three|3)[- ]years?\b"),
    ("long_term", LONG_TERM_EN + r"|\bmulti[- ]?years?\b"),  # "the multi-year spending commitment": years ahead
    # (year to date before the full year: "so far this year" is not this year)
    ("year_to_date", r"\byear[- ]to[- ]date\b|\bytd\b|\bfirst (?:nine|six) months\b|\bso far (?:this|in the) year\b"
                     r"|\bfirst half\b|\b(?:nine|six) months ended\b"
                     r"|\bthis year so far\b"),
    ("fiscal_year", r"\bfiscal (?:year|20\d\d)\b|\bfull[- ]year\b|\bfy ?\d\d(?:\d\d)?\b|\bannual\b|\bthis year\b|\bnext year\b"),
    ("other_quarter", r"\b(?:march|december|september)(?: (?:of )?(?:19|20)\d\d)? quarter\b|\bq[1-4]\b(?! fy ?26)"),
    ("month", r"\b(?:january|february|march|april|june|july|august|september|october|november|december)\b"
              r"|\b(?:in|by|since|during|early|mid|late|until|through|end of) may\b|\bmay (?:\d|of\b)"),
    ("quarter", r"\bthis quarter\b|\bthe quarter\b|\bquarterly\b|\bin the quarter\b|\bjune quarter\b"),
)
_ZH_PERIOD = (
    ("trailing", ZH_TRAILING),
    ("year_ago", r"去年同期|去年|上一年|上年同期"),
    ("previous_quarter", r"上季度|上个季度|上一季度|前一季度"),
    ("next_quarters", r"未来几个季度|下个季度|下季度|接下来几个季度|未来几季"),
    ("three_years", r"三年|3年"),
    ("long_term", LONG_TERM_ZH + r"|多年"),
    ("year_to_date", ZH_YEAR_TO_DATE),  # (before the full year: 今年迄今 is not 今年)
    ("fiscal_year", r"财年|全年|今年|明年|年度"),
    ("month", r"[一二三四五六七八九十]+月份?|\d{1,2}月"),
    ("quarter", r"本季度|本季|这个季度|该季度|当季|这一季度|季度"),
)
_BARE_EN = re.compile(r"^(?:why|how|what|when|who|where|which|and|so|really|ok(?:ay)?|huh|what about it|tell me more"
                      r"|and then|why not|how so|explain|more)$")
_BARE_ZH = re.compile(r"^(?:为什么|为啥|怎么|什么|怎么样|如何|然后呢|还有呢|呢|那么|详细说说|具体呢|为何)$")
_FORWARD = re.compile(r"\bguidance\b|\bguid(?:e|es|ed|ing)\b|\banticipat|\bplanning (?:for|on)\b|\btarget(?:s|ing)?\b"
                      r"|\baim(?:s|ing)? (?:for|to|at)\b|目标|\bexpect|\boutlook\b|\bforecast|\bproject(?:ing|ed|ions?)\b"
                      r"|\bnext (?:year|fiscal year|few quarters|quarter)\b"
                      r"|\bgoing forward\b|\bwill\b|\bfuture\b|\bbudget(?:s|ed)?\b|预算|预计|预期|指引|展望|明年|下一财年|未来|将会|下季度|计划|打算")
_AMOUNT = re.compile(r"\bhow (?:much|many|fast|big|large)\b|\bwhat (?:percentage|share|amount|level)\b|\bguidance\b|\btargets?\b"
                     r"|\bguid(?:e|es|ing) to\b"
                     r"|\bforecast\b|\bby how much\b|\bin (?:rmb|usd|dollars|yuan)\b|^what (?:is|was|were|are)\b"
                     r"|^what (?:[\w-]+ ){1,3}(?:figure|number|amount)s?\b"  # "What capex figure should we expect …?"
                     r"|多少|(?<![头前后近这那好去])几(?!个?(?:季度|月|年|星期|方面|问题))|金额|比例|占比|百分之"
                     r"|指引")  # (as "guidance": 给出了什么指引 asks the figure guided)
# The base of a ratio ("marketing expenses as a percentage of revenue", 营销费用占收入的比例): the metrics named after
# it are what the asked one is measured against, not what is asked.
_BASE = re.compile(r"\b(?:as an? |in )?(?:percentage|percent|share|proportion|portion|fraction|ratio|%) (?:of|to)\b|"
                   r"\brelative to\b|\bcompared (?:to|with)\b|占")
_TOTAL = re.compile(r"\btotal\b|\boverall\b|\bconsolidated\b|\bgroup[- ]wide\b|\bcompany[- ]?wide\b|\b(?:whole|entire) company\b"
                    r"|总|整体|合计|全公司|整个公司|集团整体"
                    r"|合并(?=营收|收入|口径|报表|销售|净利|利润|层面|基础)"  # 合并营收 (not a merger: 合并交易)
                    r"|[综綜]合(?=毛利|营收|營收|收入|利润|利潤|净利|淨利|营业|營業|销售|銷售|口径|口徑|层面|層面)",  # 综合毛利率:
                    re.IGNORECASE)  # consolidated (the 34th review's Standard Motor Products)


@dataclass(frozen=True)
class QuestionAnalysis:
    question: str
    language: str  # en | zh
    answer_type: str  # one of ANSWER_TYPES
    metrics: tuple[str, ...]  # glossary ids of kind metric, in order of appearance
    segments: tuple[str, ...]  # glossary ids of kind segment
    businesses: tuple[str, ...]  # glossary ids of kind business
    companies: tuple[str, ...]  # glossary ids of kind company (other companies, affiliates)
    period: str | None  # one of PERIODS, or None when the question names none
    month: int | None  # the month named (1-12), if any
    total: bool  # asks for a total ("total revenue", 总收入), not a part
    forward: bool  # asks about the future (guidance, expectations, next year, 预计)
    amount: bool  # asks for an amount in so many words ("how much", 多少, guidance), not "how is … going"
    bare: bool  # nothing to search for: a question word alone ("Why?"), markup or symbols
    base: tuple[str, ...] = ()  # metrics named only as the base of a ratio ("… as a percentage of revenue")
    names: tuple[str, ...] = ()  # names the glossary does not cover ("SAP", "Agent Bay"): the figure must be theirs
    per_unit: bool = False  # asks a figure per member/user/order ("spend per 88VIP member", 人均消费)
    added: bool = False  # a count question asks how many were added ("joined this quarter", 新增), not the total
    years: tuple[int, ...] = ()  # the years it asks about ("for fiscal 2022", 2021年), not a comparison base
    quarters: tuple[int, ...] = ()  # the quarters it names by number ("the second quarter", Q2, 第二季度)
    quarter_month: int | None = None  # the quarter it names by the month it ends in ("the September quarter": 9)
    qualifiers: tuple[str, ...] = ()  # Chinese words before the metric asked that narrow it and no glossary term
    # covers (第四季度抵押贷款银行业务收入: 抵押贷款, 银行业务): the figure must be theirs, as for ``names``
    ahead: bool = False  # every year it names is after the year of the calls asked (set by the pipeline, which knows
    # them): only a sentence naming that year speaks of it ("the full year" in a 2021 call is 2021)
    own_words: tuple[str, ...] = ()  # the words of the answering calls' own company names (set by the pipeline): no
    # sentence of a call shares them with the question in a way that says it is about what is asked
    unit: str | None = None  # the physical unit it asks its figure in ("How many megawatts …", 多少桶: rag.facts.UNITS)
    gaap_only: bool = False  # asks a GAAP figure of calls that also give the metric adjusted (set by the pipeline): a
    # figure that does not say GAAP may be the adjusted one ("greater than 20% operating margin" on Salesforce's call)
    unqualified: bool = False  # asks an adjusted figure of calls that never name an adjusted form of that metric
    # (set by the pipeline): the figure they give unqualified is the one asked (L3Harris's "earnings per share of $3.18")

    @property
    def wants_figure(self) -> bool:
        return self.answer_type in FIGURE_TYPES

    @property
    def excluded(self) -> str:
        """What the question sets aside ("Besides logistics, where else …", "Apart from cloud, …", 除了产品之外): the
        answer is about something else, so a sentence about it does not answer.

        >>> analyse("Besides logistics, where else is there room to improve?").excluded, analyse("除了产品之外，还有什么？").excluded
        ('logistics', '产品')
        >>> analyse("What else did they say?").excluded
        ''
        """
        m = _EXCLUDING.search(self.question)
        return next((g for g in m.groups() if g), "").strip() if m else ""

    @property
    def asks_primary(self) -> bool:
        """Asks for the main one of several ("the single biggest driver", 首要任务, 放在第一位): answered by a sentence
        that says which is first ("scale is the primary factor", 首要任务是).

        >>> analyse("What is the single biggest driver of efficiency?").asks_primary, analyse("平台把什么放在第一位？").asks_primary
        (True, True)
        """
        return bool(_ASKS_PRIMARY.search(match_key(self.question)))

    @property
    def asks_response(self) -> bool:
        """Asks what is being done about a pressure ("What is Lindsay doing to offset the rising steel costs?", 如何应对):
        answered by a sentence naming an action taken (price increases implemented, costs passed along).

        >>> analyse("What is Lindsay doing to offset rising steel costs?").asks_response, analyse("公司如何应对成本上涨？").asks_response
        (True, True)
        """
        return bool(_ASKS_RESPONSE.search(match_key(self.question)))

    @property
    def asks_view(self) -> bool:
        """Asks how management sees something ("How does management read end-customer demand?", 管理层怎么看…的前景):
        answered by a sentence giving its view ("We think demand is still very strong", 我们看到…).

        >>> analyse("How does management read end-customer demand for AI?").asks_view, analyse("管理层怎么看增长前景？").asks_view
        (True, True)
        >>> analyse("How did revenue grow?").asks_view
        False
        """
        return bool(_ASKS_VIEW.search(match_key(self.question)))

    @property
    def horizon(self) -> str:
        """The horizon asked about: "short", "long" or "" (none, or both).

        >>> analyse("Near term, where will the narrowing of losses come from?").horizon, analyse("长期来看效率能达到什么水平？").horizon
        ('short', 'long')
        """
        found = [h for h, pattern in HORIZONS.items() if pattern.search(match_key(self.question))]
        return found[0] if len(found) == 1 else ""

    @property
    def asks_benefit(self) -> bool:
        """Asks what something brings someone ("What do shoppers gain from …", "How does X help merchants?",
        对商家有什么好处): answered by a sentence saying what it delivers or enables.

        >>> analyse("What do shoppers gain from the near-field model?").asks_benefit, analyse("这对商家有什么好处？").asks_benefit
        (True, True)
        >>> analyse("What was revenue growth?").asks_benefit
        False
        """
        return bool(_ASKS_BENEFIT.search(match_key(self.question)))

    @property
    def asks_meaning(self) -> bool:
        """Asks what something shows or means ("What does signing SAP say about …", 这说明了什么): answered by a
        sentence that says what it signals, shows or reflects.

        >>> analyse("What does the SAP deal say about Alibaba Cloud's standing?").asks_meaning, analyse("这意味着什么？").asks_meaning
        (True, True)
        """
        return bool(_ASKS_MEANING.search(match_key(self.question)))

    @property
    def focus(self) -> str:
        """The word a "what/which" question asks for, the head of its noun ("What new capabilities does … require?":
        "capabilities", 会带来什么能力: 能力, 哪些行业: 行业), or "" (no such noun, a generic one, or a question
        about a figure, a date or a person, which their own rules answer). An answer names it; a sentence that only
        restates the question's premise does not.

        >>> analyse("What new model capabilities does the shift to AI agents require?").focus, analyse("新的投入会给阿里带来什么能力？").focus
        ('capabilities', '能力')
        >>> analyse("What is the capex plan?").focus, analyse("为什么收入下降？").focus, analyse("Which figure did they quote?").focus
        ('', '', '')
        """
        if self.answer_type in FIGURE_TYPES or self.answer_type in ("date", "person") or self.asks_examples:
            return ""  # ("Which industries …", 哪些行业: answered by examples, which seldom repeat the word)
        key = match_key(self.question)
        m = _FOCUS_EN.search(key)
        if m and not re.search(r"\b(?:what|which)\b", m.group(1)):
            head = m.group(1).split()[-1]
            return "" if head in _GENERIC_FOCUS else head
        m = _FOCUS_ZH.search(key)
        if m:
            words = [(w.word, w.flag) for w in _posseg().cut(key[m.end():m.end() + 8])]
            words = [(w, f) for w, f in words if w not in ("样", "的", "样的", "些", "个", "种", "类")]
            if words and len(words[0][0]) >= 2 and (words[0][1][:1] == "n" or words[0][1] == "vn") \
                    and words[0][0] not in _GENERIC_FOCUS:
                return words[0][0]
        return ""

    @property
    def asks_examples(self) -> bool:
        """Asks which kinds of customers, industries or products ("Which industries …", 哪些新客户): answered by
        examples.

        >>> analyse("Which industries are training their own models?").asks_examples, analyse("哪些產業的客戶在訓練模型？").asks_examples
        (True, True)
        >>> analyse("Which segment grew fastest?").asks_examples, analyse("哪些因素导致利润下降？").asks_examples
        (False, False)
        """
        return bool(_ASKS_EXAMPLES.search(match_key(self.question)))

    @property
    def direction(self) -> str | None:
        """The way a "why" question says its metric moved: "up", "down", or None when it says neither or both.

        >>> analyse("Why did gross margin decline?").direction, analyse("为什么两个业务部门的毛利率都上升了？").direction
        ('down', 'up')
        >>> analyse("Why did revenue rise while margins fell?").direction is None, analyse("Why?").direction is None
        (True, True)
        """
        if self.answer_type != "reason":
            return None
        key = match_key(self.question)
        up, down = bool(_MOVED_UP.search(key)), bool(_MOVED_DOWN.search(key))
        return "up" if up and not down else "down" if down and not up else None

    @property
    def asks_rank(self) -> bool:
        """Asks where something ranks ("Where does the cloud rank globally?", 全球排名第几): answered by a position
        ("the world's fourth-largest", 全球第四).

        >>> analyse("Where does Alibaba's cloud infrastructure rank globally?").asks_rank, analyse("阿里云全球排名第几？").asks_rank
        (True, True)
        >>> analyse("How did revenue grow?").asks_rank, analyse("雲業務收入增長多少？").asks_rank
        (False, False)
        """
        return bool(_ASKS_RANK.search(match_key(self.question)))

    @property
    def counted(self) -> str | None:
        """The word a count question counts, singular ("How many members …": "member"), English only.

        >>> analyse("How many members did Hilton Honors have?").counted, analyse("How many new stores opened?").counted
        ('member', 'store')
        >>> analyse("What was revenue?").counted is None
        True
        """
        m = _COUNTED.search(match_key(self.question)) if self.answer_type == "count" else None
        if m is None or m.group(1) in ("of", "the", "times", "years", "quarters", "months", "days"):
            return None
        word = m.group(1)
        return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") and not word.endswith("ss") \
            else word

    @property
    def asks_past(self) -> bool:
        """Asks, in the past tense, what happened ("What was revenue growth?", 收入增长了多少), and not ahead.

        >>> analyse("What was revenue growth?").asks_past, analyse("收入增长了多少？").asks_past
        (True, True)
        >>> analyse("What revenue growth do you expect?").asks_past, analyse("What was the outlook for revenue?").asks_past
        (False, False)
        """
        return not self.forward and bool(_ASKS_PAST.search(match_key(self.question)))

    @property
    def asks_peers(self) -> bool:
        """Compares with peers, competitors or the industry ("How does delivery efficiency stack up against the market
        leader's?", 跟同行比怎么样): answered by a sentence that speaks of them ("Our peer has done an excellent job").

        >>> analyse("How does Alibaba's delivery efficiency stack up against the market leader's?").asks_peers
        True
        >>> analyse("订单占比跟同行比怎么样？").asks_peers, analyse("How did revenue grow?").asks_peers
        (True, False)
        """
        return bool(_ASKS_PEERS.search(match_key(self.question)))

    @property
    def asks_when(self) -> bool:
        """A date question that asks for a point in time ("when", 什么时候), not a duration ("how long", 多久)."""
        return self.answer_type == "date" and not _DURATION.search(match_key(self.question))

    @property
    def subject(self) -> str | None:
        """The head metric asked about: the last one named ("EBITA margin" asks for the margin) that is not only
        the base of a ratio ("marketing expenses as a percentage of revenue" asks for marketing expenses)."""
        asked = [m for m in self.metrics if m not in self.base] or list(self.metrics)
        return asked[-1] if asked else None

    def to_dict(self) -> dict:
        d = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}
        d.pop("question")
        d["subject"] = self.subject
        return d


CONCESSIVE = True
_CONCESSIVE = re.compile(r"(?i)\b(?:even though|although|though|despite|even as|while|whereas)\b|虽然|雖然|尽管|儘管|即使|即便")
BUYBACK_PRICE = True
GLOSS_IN_BRACKETS = True
_BRACKETED = re.compile(r"[（(](?!\s*(?:(?:and|or|plus|as well as)\b|和|及|以及|与|與|还有|還有))[^（()）]{1,40}[）)]", re.IGNORECASE)
UNITS_ASKED = True  # a figure asked in a unit is given by a sentence counting in it, whatever metric it names


def analyse(question: str, glossary: Glossary | None = None, two_asks: bool = True) -> QuestionAnalysis:
    glossary = glossary or load_glossary()
    first = _first_of_two(question, glossary) if TWO_ASKS and two_asks else None
    if first is not None:  # "What were operating earnings per share in the third quarter, and what was the combined
        # ratio?": the kind of figure asked first (money) is not the last metric's (a ratio), so the two had crossed
        # and the call's "$0.42 per share" was "not given" (38th review, RLI): the answer leads with the first ask.
        # Two asks of one kind stay one question, each metric answered (``compose.asked_together``).
        whole, one = analyse(question, glossary, False), analyse(first, glossary, False)
        kind = lambda a: glossary.term(a.subject).answer if a.subject else None
        if whole.subject and kind(whole) != whole.answer_type and one.subject and kind(one) == one.answer_type:
            return replace(one, question=question)  # (the whole question is what the user asked)
        return whole
    lang = detect_language(question)
    key = match_key(question)
    cues = match_key(_NAME_INSIDE.sub(" ", question)) if lang == "en" else key  # "Target" the company is no target
    parts = _part_names(question, glossary) if PART_NAMES and lang == "en" else ()
    blanked = question
    for name in parts:
        blanked = blanked.replace(name, " ")
    terms = glossary.find(blanked)  # (a metric inside the name of a part is not asked: "Production & Precision Ag")
    kinds = {t: glossary.term(t).kind for t in terms}
    metrics = tuple(t for t in terms if kinds[t] == "metric")
    if GLOSS_IN_BRACKETS and len(metrics) > 1:
        outside = [t for t in glossary.find(_BRACKETED.sub(" ", blanked)) if kinds.get(t) == "metric"]
        if outside:  # 備考槓桿率（淨債務/調整後EBITDA）: what the brackets spell out is the same metric, not more asked
            metrics = tuple(t for t in metrics if t in outside)
    if CASH_HELD and not metrics and _CASH_HELD.search(key) and not _CASH_MOVES.search(key) and "cash_position" in glossary._by_id:
        metrics = ("cash_position",)  # "How much cash did Oil-Dri have at the end of the quarter?" asks its cash
        # balance ("We ended the quarter with cash and cash equivalents of $31 million"; 36th review)
    if BUYBACK_PRICE and "buyback" in metrics and "pricing" in metrics:
        metrics = tuple(m for m in metrics if m != "pricing")  # 回购了多少股票，平均价格是多少: the price paid for the
        # shares, not the company's prices (31st review: VMware's buyback "not given" as an average selling price)
    if EARNINGS_PER_SHARE and "eps" not in metrics and _EARNINGS_PER_SHARE.search(key) and "eps" in glossary._by_id:
        metrics = tuple(m for m in metrics if m not in ("operating_profit", "net_income")) + ("eps",)  # "operating
        # earnings per share" is EPS (its "operating earnings" had been found first)
    if PER_SHARE_OF_ANOTHER and "eps" in metrics and len(metrics) > 1 and PER_SHARE_ONLY.search(key) \
            and not EARNINGS_NAMED.search(key):
        metrics = tuple(m for m in metrics if m != "eps")  # "adjusted company FFO per diluted share" is FFO's, not EPS
        # (35th review, Lexington: "not given" as earnings per share over the sentence stating it)
    period = _first_period(_DIVIDEND_RATE.sub(" ", question), _DIVIDEND_RATE.sub(" ", key), lang)
    forward = bool(_FORWARD.search(MEASURED_AGAINST.sub(" ", cues)))  # "how did it compare with guidance?" looks back
    if period == "quarter" and forward and lang == "en" and not _THIS_QUARTER.search(key):
        period = None  # "Going forward, what quarterly … run rate should we model?": each quarter ahead, not this one
    if CONCESSIVE and len(metrics) >= 2:
        m = _CONCESSIVE.search(question)
        if m:  # "Why did the net interest margin fall even though NII went up?": what the concessive clause names is
            # not what is asked (41st review, Comerica: NII's rise had led); it goes first, the subject is the last
            aside = set(glossary.find(question[m.start():])) - set(glossary.find(question[:m.start()]))
            metrics = tuple([t for t in metrics if t in aside] + [t for t in metrics if t not in aside])
    unit = unit_asked(key) if UNITS_ASKED else None
    answer_type = _first_ask(question, key, lang, metrics, glossary)
    if unit and answer_type == "other":
        answer_type = "count"  # "What was harvest volume in tons?" asks a quantity in tons
    return QuestionAnalysis(
        question=question,
        language=lang,
        answer_type=answer_type,
        metrics=metrics,
        segments=tuple(t for t in terms if kinds[t] == "segment"),
        businesses=tuple(t for t in terms if kinds[t] == "business"),
        companies=tuple(t for t in terms if kinds[t] == "company"),
        month=month_of(key),
        period=period,
        total=bool(_TOTAL.search(question)) or "total_revenue" in metrics,
        forward=forward,
        amount=bool(_AMOUNT.search(cues)) or (lang == "en" and _asks_metric_ahead(question, glossary)),
        bare=is_bare(question),
        base=_base(question, key, metrics, glossary),
        names=tuple(dict.fromkeys(_other_names(question, glossary) + parts)),
        per_unit=_per_unit(key, metrics, glossary),
        added=bool(_ADDED.search(key)),
        years=years_of(question),
        quarters=() if period == "year_to_date" else quarters_of(question),  # 今年截至三季度末: the span's end
        quarter_month=next(iter(month_quarters(question)), None),
        unit=unit,
        qualifiers=_qualifiers(key, metrics, glossary) if lang == "zh" and not _other_names(question, glossary) else
        _en_qualifiers(question, metrics, glossary) if lang == "en" else (),
    )


# The base a figure is compared with ("how does it compare with a year ago", "up from last year", 与去年同期相比) is
# not the period asked: "What adjusted EPS did ADM report for the quarter, and how does it compare with a year ago?"
# asks for this quarter's EPS. ("What was revenue in the year-ago quarter?", 去年同期的收入 still ask for that period.)
_BASE_PERIOD = re.compile(
    r"\b(?:compare[sd]?|comparison|versus|vs\.?|relative|against|up from|down from|than|below|above)\b[^,.?;!]{0,24}?"
    r"(?:\b(?:a|one) year ago\b|\blast year\b|\bprior[- ]year(?: quarter| period)?\b|\byear[- ]ago(?: quarter| period)?\b"
    r"|\bsame (?:quarter|period) (?:of )?last year\b|\b(?:previous|last|prior|preceding) quarter\b)"
    r"|(?:与|和|跟|较|比|相较于?|对比)(?:去年同期|去年|上年同期|上一年|上季度|上个季度|上一季度|前一季度)(?:相比|比较|对比)?")

# A capitalised word inside an English sentence is a name (Target, Guidance Software), not a cue word.
_NAME_INSIDE = re.compile(r"(?<=[a-z0-9,;:'’] )[A-Z][\w&'’.-]*")
# A count question that asks how many were added, not how many there are (dev: "add" and "new users" as well
# wrongly declined an answerable question).
_ADDED = re.compile(r"\b(?:joined|added|newly|net adds?|gained|signed up)\b|新增|净增|新加入")
_PER_UNIT = re.compile(
    r"\b(?:per (?!cent\b|share\b)|each )(?:[a-z0-9]+ ){0,2}(?:members?|users?|customers?|orders?|riders?|buyers?|merchants?|"
    r"stores?|capita|persons?|people|employees?|units?|subscribers?|consumers?|head)\b|\bon average\b|\baverage "
    r"(?:spend|spending|revenue|income|order|basket|ticket)\b|人均|平均每|每(?:个|位|名|单|家|笔)?(?:用户|会员|买家|"
    r"消费者|骑手|订单|商家|门店|员工|人)")


_DIVIDEND_PER_SHARE = re.compile(r"\bdividends? (?:per|a) share\b|每股(?:股息|分红|派息)|(?:股息|分红|派息)每股")


def _per_unit(key: str, metrics: tuple[str, ...], glossary: Glossary) -> bool:
    """A figure per member/user/order is asked, and it is not itself a glossary metric (AOV, ARPU, EPS)."""
    if _DIVIDEND_PER_SHARE.search(key):
        return True  # the dividend term covers the dividends paid too: "$858 million of cash dividends" is no rate
    if not _PER_UNIT.search(key):
        return False
    return not any(re.search(r"\bper\b|\baverage\b|人均|平均|每", " ".join(glossary.term(m).en + glossary.term(m).zh).lower())
                   for m in metrics)  # "average order value", "earnings per share" carry their own unit


# A part of the company whose name holds a metric ("the Production & Precision Ag segment", "our Power Generation
# business"): the name is asked, not the metric inside it.
PART_NAMES = True
AMPERSAND_PART = True
_PART_FOLLOWS = re.compile(r"\s+(?:segment|business|division|unit|group|brand|operations)s?\b")
_NAME_FILLER = frozenset({"and", "the", "of", "our", "its", "for"})


def _part_names(question: str, glossary: Glossary) -> tuple[str, ...]:
    """Names followed by "segment", "business" … that hold a glossary term and more words of their own.

    >>> _part_names("What operating margin did the Production & Precision Ag segment deliver?", load_glossary())
    ('Production & Precision Ag',)
    >>> _part_names("What was Adjusted EBITDA Margin in the quarter?", load_glossary())
    ()
    """
    from rag.grounding import names

    out = []
    for name in names(question):
        joined = re.match(r"^(.+? & [A-Z][\w-]*) (.+)$", name) if AMPERSAND_PART else None
        if joined and glossary.find(joined.group(2)):
            name = joined.group(1)  # "Refining & Marketing EBITDA": the part, then the metric asked of it
        at = question.find(name)
        after = question[at + len(name):]
        if not glossary.find(name) or not (_PART_FOLLOWS.match(after) or (
                AMPERSAND_PART and " & " in name and glossary.find(after[:40]))):
            continue  # (two capitalised words joined by "&" before a metric name a part too: "Why did Refining &
            # Marketing EBITDA increase?"; 31st review, Marathon Petroleum)
        if [w for w in re.findall(r"[a-z]{2,}", glossary.strip(name)) if w not in _NAME_FILLER]:
            out.append(name)
    return tuple(out)


def _other_names(question: str, glossary: Glossary) -> tuple[str, ...]:
    """The question's names (``rag.grounding.names``) that no glossary term covers and that are not the company."""
    from rag.grounding import names

    return tuple(n for n in names(question) if not glossary.find(n) and match_key(n) not in _NOT_OWNERS
                 and len(n.strip()) > 1)  # (a lone letter is no name to look for: "C波段" is the C-Band)


# Names that do not say whose figure is asked: the company itself, currencies, accounting bases.
_NOT_OWNERS = frozenset({"alibaba", "alibaba group", "ai", "rmb", "usd", "us$", "hkd", "hk$", "cny", "yuan", "us",
                         "gaap", "non-gaap", "ifrs", "yoy", "qoq", "wti", "brent", "henry hub"})  # (and price benchmarks)


# What a Chinese word before the metric may be without narrowing whose figure it is: a period, the whole, a basis, a
# pronoun or a function word.
_ENDS_PHRASE = frozenset({"多少", "几", "什么", "了", "是", "有", "为", "在", "对", "达到", "达"})
_MODALS = frozenset({"可", "能", "可以", "能够", "已", "已经", "将", "会", "要", "需要"})
_NOT_QUALIFIER = re.compile(r"^(?:第?[一二三四1-4]?季度?末?|[年期月季]末|月份|[本上下今去明前]?[一个]?(?:季度|年度?|财年|财季)|全年|单季|同比|环比|\d+年?"
                            r"|[0-9a-z]+|公司|集团|总|整体|总体|综合|合并|全公司|全集团|净|调整后|经调整|调整|业务|部门|板块|分部|我们|你们|贵司|本|该|其|"
                            r"及|和|与|其他|平均|主要|全部|所有|目前|当前|最新|预期|预计|指引|今年|去年|明年|的|"
                            r"中|里|上|下|内|外|新|老|年初至今|年初|年底|及其|产品|其他产品|方面|部分|市场)$")


def _qualifiers(key: str, metrics: tuple[str, ...], glossary: Glossary) -> tuple[str, ...]:
    """The words of a Chinese question just before its metric that narrow it (抵押贷款银行业务收入 is not all of the
    revenue) and that no glossary term covers; only words with an English rendering count, so a call in English can
    be checked for them (rag/compose.py ``names_near``)."""
    if not QUALIFIERS:
        return ()
    from rag.compose import _renderings

    if not metrics:
        return _named_unit(key, glossary)

    starts = [key.rfind(match_key(f)) for t in metrics for f in glossary.term(t).zh if not f.isascii()]
    # (a metric written in Latin letters in a Chinese question, 澳门业务的EBITDA, starts where its English form does;
    # session 27, the 43rd review)
    starts += [m.start() for t in metrics for f in glossary.term(t).en if f.isascii() and len(f) >= 2
               for m in [re.search(r"(?<![a-z])" + re.escape(match_key(f)) + r"(?![a-z])", key)] if m]
    starts = [s for s in starts if s > 0]
    if not starts:
        return ()
    before = re.sub(r"(?:及|和|与)?其他", "", key[:min(starts)])  # 面罩及其他产品 are the masks' line
    before = re.split(r"[，,。？?；;：:！!、\s]|以及|和|与|及|并且|还有", before)[-1]  # its own item
    before = _EXCLUDED.split(before)[0]  # 不含营运资本变动的自由现金流: what is left out is a basis, not a part asked
    for t in glossary.find(before):  # a segment, business or company the glossary knows is checked as such
        for f in sorted(glossary.term(t).zh, key=len, reverse=True):
            before = before.replace(match_key(f), " ")
    out: list[str] = []
    last = last_right = ""
    for word, flag in reversed([(w.word, w.flag) for w in _posseg().cut(before)]):
        # the nouns right before the metric, back to the first word that is not one ("抵押 贷款 银行业务" 收入; not
        # "一次性呼吸器需求回落预计会让下半年" 收入, whose verbs end the noun phrase at once)
        if word in _ENDS_PHRASE:
            break  # 产生了多少运营费用: what stands before "多少" or "了" does not modify the metric
        if word in _MODALS:
            if out and out[0] == last:
                out.pop(0)  # 可动用的流动性: after a modal, a verb (jieba tags 动用 a noun), not a qualifier
            break
        last_right, last = last, word
        if word.strip() in ("", "的") or _NOT_QUALIFIER.match(word):
            continue  # a period, the whole, a basis, a function word: not a qualifier, and the phrase goes on
        if flag[:1] != "n" and flag not in ("vn", "s") and not (flag == "v" and last_right in _UNIT_WORDS) or len(out) == 3:
            break  # (a verb before 业务 names the business: 欧洲制冷业务 is Europe's refrigeration business)
        if len(word) >= 2 and not glossary.find(word) and _renderings(glossary, word):
            out.insert(0, word)
    if PART_NAMED:
        out += [w for w in _part_named(key, metrics, glossary) if w not in out]
    if METRIC_AS_PART:
        out += [w for w in _metric_as_part(key, metrics, glossary, "zh") if w not in out]
    return tuple(out)


METRIC_AS_PART = True
_AS_PART = {"zh": r"(?:业务|部门|板块|分部|事业部)", "en": r" (?:business|segment|division|unit)\b"}


def _metric_as_part(key: str, metrics: tuple[str, ...], glossary: Glossary, lang: str) -> list[str]:
    """A metric's words that name a part of the company ("数据中心业务收入", "data center business revenue": the data
    center business's revenue, not a count of data centers) when another metric is asked of it: a qualifier."""
    out = []
    for t in metrics[:-1]:
        forms = glossary.term(t).zh if lang == "zh" else glossary.term(t).en
        for f in sorted(forms, key=len, reverse=True):
            if re.search(re.escape(match_key(f)) + _AS_PART[lang], key):
                out.append(match_key(f))
                break
    return out


# A part of the company named as one with no metric asked ("钻井与评估部门的业绩指引是什么？": Halliburton's Drilling and
# Evaluation division): its words are checked as qualifiers are.
_UNIT = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:部门|分部|事业部|事业群|板块|业务部)")


def _named_unit(key: str, glossary: Glossary) -> tuple[str, ...]:
    from rag.compose import _renderings

    m = _UNIT.search(key)
    if not m or glossary.find(m.group(1)):
        return ()
    out: list[str] = []
    for w in reversed(list(_posseg().cut(re.split(r"的|对|在", m.group(1))[-1]))):
        if w.word in ("与", "和", "及", "、"):
            continue  # 钻井与评估部门: one division's name
        if w.flag[:1] != "n" and w.flag != "vn":
            break  # the nouns right before 部门 name it; a verb ends them (调整分部财报 adjusts segment reporting)
        if len(w.word) >= 2 and not glossary.find(w.word) and not _NOT_QUALIFIER.match(w.word) \
                and _renderings(glossary, w.word):
            out.insert(0, w.word)
    return tuple(out)


# A part of the metric named after it ("新冠相关收入中，疫苗部分具体是多少钱？"): its figure must be the part's, as a
# qualifier's is (West's COVID-related revenue of $32 million had answered for the vaccine part, which it never gives).
PART_NAMED = True
_PART_AFTER = re.compile(r"^(?:中|当中|之中|里面?)[，,]?\s*(?:其中)?(.{1,10}?)(?:的)?(?:部分|贡献|带来|占|来自|是多少|有多少)")


def _part_named(key: str, metrics: tuple[str, ...], glossary: Glossary) -> list[str]:
    from rag.compose import _renderings

    ends = [key.rfind(match_key(f)) + len(match_key(f)) for t in metrics for f in glossary.term(t).zh
            if not f.isascii() and key.rfind(match_key(f)) >= 0]
    m = _PART_AFTER.match(key[max(ends):]) if ends else None
    if not m or glossary.find(m.group(1)):
        return []  # a part the glossary knows (云业务收入中，AI相关收入占多少) is asked as that term
    return [w.word for w in _posseg().cut(m.group(1)) if (w.flag[:1] == "n" or w.flag == "vn") and len(w.word) >= 2
            and not _NOT_QUALIFIER.match(w.word) and _renderings(glossary, w.word)]


# English words that may stand before or after the metric asked without narrowing whose figure it is (a period, a
# basis, the whole, a manner): everything else there is a part of the company asked (EN_QUALIFIERS).
_EN_NOT_QUALIFIER = frozenset("""
a an the its their our his her this that these those what which how why when was were is are be been did does do has have
had much many of for from in at on to by with and or vs versus total overall consolidated quarterly annual annualized
full year years fiscal quarter quarters month months first second third fourth q1 q2 q3 q4 half adjusted reported gaap
non-gaap net gross organic underlying core comparable comp comps same expected projected guided current new average per
share company group segment segments business businesses operating year-over-year sequential sequentially constant
currency strong weak good higher lower high low next last prior previous this current latest recent
guidance outlook target targets forecast expectation expectations range growth rate change increase decrease decline
margin margins level levels figure number amount amounts value reported actual total-company companywide company-wide
alone only specifically exactly roughly approximately about around each every all any some over under yoy qoq
year-on-year quarter-over-quarter sequentially
""".split())
_EN_PART_AFTER = re.compile(r"^\s*(?:of|for|from|at|in|within) (?:the |its |their |our |[\w.&-]+(?:'s|') )?"
                            r"((?:[a-z][a-z&-]+ ){0,2}[a-z][a-z&-]+?)(?: (?:segment|division|business|unit|agencies|agency"
                            r"|region|channel|brand|category|market)(?: (?:alone|only))?| (?:alone|only))\b")
# (a part is named so only with a word that says it is one: "EPS from continuing operations" asks a basis)
EN_QUALIFIERS = True
# ... and the words right before it ("residential replacement revenue"): off. They were measured neutral on both
# development suites, but on the bundled test suite "brick-and-mortar brand stores" then declined an answer that says
# "brand offline stores": an English modifier may be an adjective or a paraphrase, while "the X segment", "X alone"
# say they name a part (found after the test suite ran; reported in docs/evaluation.md).
EN_QUALIFIERS_BEFORE = False


def _en_qualifiers(question: str, metrics: tuple[str, ...], glossary: Glossary) -> tuple[str, ...]:
    """The words of an English question right before its metric, or after it ("… of Skechers' domestic wholesale
    segment", "… for media agencies alone"), that narrow it and no glossary term covers: "residential replacement
    revenue" is not all of the revenue. Checked as Chinese qualifiers are (rag/compose.py ``names_near``)."""
    if not EN_QUALIFIERS or not metrics:
        return ()
    text = _DAYS_PLUS.sub(r"\1-plus", question.lower()) if BUCKETS else question.lower()
    spans = [m.span() for t in metrics for f in glossary.term(t).en
             for m in re.finditer(r"(?<![a-z0-9])" + re.escape(f.lower()) + r"(?![a-z0-9])", text)]
    if not spans:
        return ()
    start, end = min(spans)
    out: list[str] = []
    for word in reversed(re.findall(r"[a-z0-9][a-z0-9&'-]*", text[:start])[-3:]) if EN_QUALIFIERS_BEFORE else ():
        if BUCKETS and BUCKET.fullmatch(word):
            out.insert(0, word)  # "the card 90-plus day delinquency rate" is not the 30-plus one (31st review)
            continue
        if _en_plain(word) or word.endswith(("'s", "'")) or glossary.find(word) or len(word) < 3:
            break
        out.insert(0, word)
    if BUCKETS and not EN_QUALIFIERS_BEFORE:
        out += [w for w in re.findall(r"[a-z0-9][a-z0-9&'-]*", text[:start])[-3:] if BUCKET.fullmatch(w)]
    after = _EN_PART_AFTER.match(text[max(e for _, e in spans):])
    if after:
        out += [w for w in after.group(1).split() if not _en_plain(w) and not glossary.find(w)
                and len(w) >= 3 and w not in out]
    if METRIC_AS_PART:
        out += [w for w in _metric_as_part(text, metrics, glossary, "en") if w not in out]
    return tuple(out)


BUCKETS = True
_DAYS_PLUS = re.compile(r"\b(\d+)(?:-| )?(?:plus|\+)(?:[- ]days?)?(?![\w])")
BUCKET = re.compile(r"(\d+)-plus")  # a delinquency bucket as the question writes it ("90-plus"); rag/compose.py
# checks a sentence names the same one


def _en_plain(word: str) -> bool:
    """A word that narrows nothing: a stop word, a period ("full-year", "2021", "q2") or a basis."""
    return all(part in _EN_NOT_QUALIFIER or _EN_PERIOD_WORD.match(part) for part in word.split("-") if part)


_EN_PERIOD_WORD = re.compile(r"^(?:\d+|(?:19|20)\d\d|january|february|march|april|may|june|july|august|september"
                             r"|october|november|december|today|tomorrow|yesterday|now|then|future|past|fy\d*)$")


def _posseg():
    from index.tokenize import _jieba

    _jieba()
    import jieba.posseg

    return jieba.posseg


QUALIFIERS = True
_UNIT_WORDS = frozenset({"业务", "部门", "板块", "分部", "事业部", "产品", "市场"})
_EXCLUDED = re.compile(r"不含|不包含|不包括|不计|剔除|扣除|除去|排除")


def _base(question: str, key: str, metrics: tuple[str, ...], glossary: Glossary) -> tuple[str, ...]:
    """Metrics named after a ratio's "of"/占 and not before it (see ``_BASE``)."""
    m = _BASE.search(key)
    if not m or len(metrics) < 2:
        return ()
    before, after = set(glossary.find(key[:m.start()])), glossary.find(key[m.end():])
    return tuple(t for t in after if t in metrics and t not in before)


def is_bare(question: str) -> bool:
    """Nothing to search for: no letters or Chinese characters once markup is removed (an emoji, a lone HTML
    tag, punctuation), or a question word or interjection alone ("Why?", "为什么？")."""
    text = re.sub(r"<(script|style)\b[^>]*>.*?</\1\s*>", " ", question, flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<[^<>]{0,200}>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    words = match_key(re.sub(r"[^\w\s]", " ", text)).strip()
    words = re.sub(r"[\d_]+", " ", words).strip()
    if not re.search(r"[a-z\u3400-\u9fff]", words):
        return True
    words = re.sub(r"\s+", " ", words)
    return bool(_BARE_EN.fullmatch(words) or _BARE_ZH.fullmatch(words.replace(" ", "")))


OUTLOOK_AMOUNT = True  # "What is Kroger's updated full-year adjusted EPS outlook?" asks the figure guided (a growth
# outlook may be given in words: "What is the CMR growth outlook for the next few quarters?", dev)


_IN_CURRENCY = re.compile(r"\bin (?:rmb|usd|us dollars|dollars|yuan|euros?)\b|\bhow many (?:rmb|yuan|dollars)\b"
                          r"|人民币|美元|多少钱|多少元"
                          r"|\b(?:price|prices|cost|costs|revenue) per (?:ton|tonne|net ton|barrel|unit|pound|ounce|gallon|mwh"
                          r"|boe|square foot)\b|每吨|每桶")  # (a price per ton is an amount, though pricing grows by rates)


def _answer_type(key: str, lang: str, metrics: tuple[str, ...], glossary: Glossary, question: str = "") -> str:
    table = _ZH_TYPE if lang == "zh" else _EN_TYPE
    found = _first(table, key)
    yesno = (_ZH_YESNO.search(key) if lang == "zh" else _EN_YESNO.match(
        re.sub(r"^(?:if|given|since|as|with) [^,?]+, (?:then )?", "", key))) is not None  # "If cloud …, does that mean"
    if yesno and found in ("money", "count", "percent") and re.search(r"\bhow (?:much|many)\b|多少", key):
        yesno = False  # "Did they buy back any stock, and for how much?" asks the amount, of the metric's kind
        head = glossary.term(metrics[-1]).answer if metrics else ""
        found = head if head in FIGURE_TYPES else found
    if yesno and found not in ("reason",):
        return "yesno"
    head = glossary.term(metrics[-1]).answer if metrics else ""
    if lang == "zh" and head in FIGURE_TYPES and _ZH_CHANGED_TO.search(key):
        return head  # 目标下调到了多少 asks the new level, the metric's own kind of figure (下调了多少 asks the change)
    if found == "percent" and metrics and glossary.term(metrics[-1]).unit == "multiple" \
            and not re.search(r"增速|增长|增幅|同比|环比|变化|变动|\bgrow|\bgrowth\b|\bchange\b", key):
        return glossary.term(metrics[-1]).answer  # 杠杆率是多少 asks a multiple ("6.1 times"), not a percent (session 23)
    if found == "money" and not metrics and lang == "en" and _PRODUCED.search(key) and not _IN_CURRENCY.search(key):
        return "count"  # "How much medium can the machine produce per year?" asks a quantity (tons), not money
    if found == "money" and metrics and not _IN_CURRENCY.search(key):
        # "how much" asks for the metric's own kind of figure: how much CMR grew is a percent, how many MAU a count
        # (unless a currency is asked: "How much AI-related revenue did Alibaba Cloud book in RMB?" is an amount)
        head = glossary.term(metrics[-1]).answer
        if head in ("percent", "count"):
            return head
    if found == "count" and metrics and glossary.term(metrics[-1]).answer == "money" and lang == "zh" \
            and re.search(r"有多少|多少$|多少[？?]", key) and not _ZH_COUNTER.search(key):
        return "money"  # 资本开支有多少 asks for an amount
    asks_amount = re.search(r"多少|几(?!个?(?:季度|月|年|星期|方面|问题))", key) if lang == "zh" else \
        re.match(r"^what(?:'s| is| was| are| were| will be)\b(?! (?:the )?(?:kinds?|types?|sorts?) of\b)"
                 r"|^how (?:big|large) (?:is|was|are|were|will)\b", key)  # "How big is the new investment?": its size
    head = glossary.term(metrics[-1]).answer if metrics else ""
    if found == "plan" and head in FIGURE_TYPES and (re.search(_ZH_HOW_MUCH + "|" + _ZH_WHAT_GUIDANCE, key) if lang == "zh" else
                                                    re.search(r"\bguidance\b|\bguid(?:e|es|ing)\b|\bforecast\b", key)
                                                    # "What capex figure should we expect for the September quarter?"
                                                    or re.match(r"^what (?:[\w-]+ ){1,3}(?:figure|number|amount)s?\b", key)
                                                    or _asks_metric_ahead(question or key, glossary)
                                                    or (OUTLOOK_AMOUNT and asks_amount and re.search(r"\boutlook\b", key)
                                                        and not re.search(r"\bgrowth\b|\btrends?\b", key))
                                                    # "How large is the new five-year capital plan?": its amount
                                                    or re.match(r"^how (?:big|large) (?:is|was|will)\b", key)):
        if head == "money" and re.search(r"\bgrowth\b|增速|增长率|增长目标|增长指引|复合增长", key):
            return "percent"  # "organic sales growth guidance": a growth rate, in the future
        return head  # 明年的自由现金流预计是多少, "What revenue guidance ...": a figure, in the future
    if PEERS_COMPARED and found in FIGURE_TYPES and _ASKS_PEERS.search(key) and _COMPARED_HOW.search(key) \
            and not _EXPLICIT_FIGURE.search(key):
        return "other"  # "订单占比跟同行比怎么样？" asks how it compares ("we already lead the industry"), not a percent
    if found:
        return found
    if head in FIGURE_TYPES and (_PERFORMED.match(key) if lang == "en" else _ZH_CHANGED.search(key)):
        return "count" if head == "count" else "percent"  # "How did U.S. same-store sales perform?": by how much
    if head in FIGURE_TYPES and (asks_amount or (lang == "en" and (_asks_metric_reported(question or key, glossary)
                                                                   or _asks_metric_ahead(question or key, glossary)))):
        return head  # "What was operating cash flow?", "经营现金流是多少", "What adjusted EPS is X targeting?": the
        # metric's own kind of figure
    if VOLUME_ASKED and lang == "en" and not metrics and asks_amount and _VOLUME_ASKED.search(key):
        return "count"  # "What was Macao VIP rolling chip volume in Q2 2021?": a quantity the glossary cannot name (43rd
        # review; it had been answered by Singapore's EBITDA range as a description)
    return "other"


# "quarterly dividend", 季度股息: how often it is paid, not the period asked (35th review, Lexington's new dividend had
# been declined as this quarter's, the sentence saying it "will be $0.12 per share")
_DIVIDEND_RATE = re.compile(r"\bquarterly (?=(?:(?:cash|common|share|stock) )*(?:dividends?|distributions?)\b)"
                            r"|(?<![本该該当當上下个個一])季度(?=(?:普通股|现金|現金)?(?:股息|分红|分紅|派息|股利))", re.IGNORECASE)


# Cash held asked in words the glossary's cash balance has no form for (its "cash" alone would be any cash: flows,
# taxes, returns): "how much cash", "cash on the balance sheet", 多少现金
CASH_HELD = True
_CASH_HELD = re.compile(r"\bhow much cash\b(?! (?:flow|tax|return|dividend|generat|cost|expense|charge|paid|spen))"
                        r"|\bcash (?:did|does|do|will) [\w' -]{1,40}? (?:have|hold|end|carry)\b|\bcash on (?:the|its|their|our) balance sheet\b"
                        r"|多少(?:的)?现金(?!流)|現金(?:有)?多少|多少現金(?!流)")
_CASH_MOVES = re.compile(r"\b(?:generat|flow|return|spen[dt]|paid|pay|burn|us(?:e|ed|ing)\b|rais|distribut|tax|deploy|invest)"
                         r"|产生|流|回报|返还|支付|花|使用|消耗|分配")

EARNINGS_PER_SHARE = True
_EARNINGS_PER_SHARE = re.compile(r"\b(?:earnings|income|profit) per (?:diluted |basic |common )?share\b")
# A question asking two things, each with its metric: "What were X …, and what was the Y?" (English)
TWO_ASKS = True
_SECOND_ASK = re.compile(r",? and (?=(?:what|how much|how many|which)\b)", re.IGNORECASE)


def _first_of_two(question: str, glossary: Glossary) -> str | None:
    """The first ask of an English question that asks two things about two different metrics, else None."""
    if detect_language(question) != "en":
        return None
    parts = _SECOND_ASK.split(question, maxsplit=1)
    if len(parts) != 2:
        return None
    metric = lambda text: {t for t in glossary.find(text) if glossary.term(t).kind == "metric"}
    one, two = metric(parts[0]), metric(parts[1])
    if not one or not two or one & two:
        return None
    return parts[0].rstrip(" ,") + "?"


UNIT_AS_BUSINESS = True
_UNIT_AFTER = re.compile(r" (?:unit|division|arm)\b")


def search_text(question: str, glossary: Glossary | None = None) -> str:
    """The question as it is searched: a unit, division or arm right after a segment or business the glossary names is
    that business ("What's behind the cloud unit picking up speed again?" is about the cloud business, and its "unit"
    had found "unit economics" first: development suite, session 24).

    >>> search_text("What's behind the cloud unit picking up speed again?")
    "What's behind the cloud business picking up speed again?"
    >>> search_text("What were unit economics?"), search_text("How many units did Ford sell?")
    ('What were unit economics?', 'How many units did Ford sell?')
    """
    glossary = glossary or load_glossary()
    if not UNIT_AS_BUSINESS or len(match_key(question)) != len(question):
        return question  # (positions are the folded text's: only where folding keeps them)
    key = match_key(question)
    out = question
    for _, end, tid in sorted(glossary.spans(key), reverse=True):
        if glossary.term(tid).kind in ("segment", "business"):
            m = _UNIT_AFTER.match(key, end)
            if m:
                out = out[:m.start()] + " business" + out[m.end():]
    return out


# The ways a question says a metric moved (``QuestionAnalysis.direction``), English and Simplified Chinese.
_MOVED_UP = re.compile(r"\b(?:rise|rose|risen|rising|increase[ds]?|increasing|grow|grew|grown|growing|improved?|improves"
                       r"|improving|expand(?:ed|ing|s)?|higher|accelerat\w*|better|stronger)\b"
                       r"|上升|增长|提高|提升|改善|扩大|增加|加速|上涨|走高|好转|回升")
_MOVED_DOWN = re.compile(r"\b(?:fall|fell|fallen|falling|declined?|declines|declining|decrease[ds]?|decreasing|drop(?:ped|s)?"
                         r"|shrink|shrank|shrunk|lower|fewer|compress(?:ed|ing)?|contract(?:ed|ing)?|weaker|weaken(?:ed)?"
                         r"|worse|deteriorat\w*|slow(?:ed|er)|decelerat\w*)\b"
                         r"|下降|下滑|减少|降低|下跌|收窄|恶化|放缓|萎缩|减弱|回落|减速")

# 多少 and a measure word: a number of things (未交付订单有多少套房子 asks homes, not the backlog's dollar value)
# (回购了多少普通股 counts shares, the 33rd review's Greenbrier; 多少股息 is money)
_ZH_COUNTER = re.compile(r"多少(?:套|个|家|辆|台|架|座|艘|名|人|单|笔|件|间|户|张|(?:万|萬|亿|億)?(?:普通)?股(?![息利价價东東本权權票份]))")
# 多少, and the ways a Chinese question asks for a figure's size or range: 收窄到什么区间, 落在什么水平, 有多大
_ZH_HOW_MUCH = r"多少|(?:什么|哪个|怎样的)(?:区间|范围|水平|幅度)|多大"
# 给出了什么指引: the guidance of a metric, which is a figure (什么展望 may be words alone)
_ZH_WHAT_GUIDANCE = r"什么(?:样的)?(?:指引|业绩指引|目标)"
_PERFORMED = re.compile(r"^how (?:did|has|have|does|do|is|are|was|were) .{0,60}?\b(?:perform(?:ed|ing)?|trend(?:ed|ing)?"
                        r"|change[ds]?|grow|grew|grown|fare[ds]?|develop(?:ed)?)\b")


# "since the end of March", 自3月底以来: a starting point, not the period asked
_SINCE = re.compile(r"(?:自从|自|从)[^，,。？?！!]{1,12}?(?:以来|以來|至今)|\bsince (?:the )?(?:end of |start of |beginning of )?"
                    r"(?:[a-z]+)?(?: \d{1,2}(?:st|nd|rd|th)?| \d{4})?\b")


def _period_asked(key: str, lang: str) -> str | None:
    """The period asked; a numbered quarter of a fiscal year ("the fourth quarter of fiscal 2021", 2021财年第四季度)
    is no full year: it is left to the quarter and the year, each checked on its own (``quarters``, ``years``)."""
    rest = _SINCE.sub(" ", _BASE_PERIOD.sub(" ", key))
    if years_of(key):  # "2022年的初始EPS指引会定在长期增长区间的什么位置": the year is asked, the long term names a range
        rest = LONG_TERM_TARGET.sub(" ", rest)
    period = _first(_ZH_PERIOD if lang == "zh" else _EN_PERIOD, rest) or \
        (_first(_EN_PERIOD, rest) if lang == "zh" else None)
    if period == "fiscal_year" and quarters_of(key) and not re.search(r"\bfull[- ]year\b|全年", key):
        return None
    return period


def _first_period(question: str, key: str, lang: str) -> str | None:
    """The period asked; of two questions in one ("第三季度每股收益是多少？去年同期是多少？") the first one's, when it
    names one: the second asks for a comparison."""
    parts = [p for p in re.split(r"[？?]", question) if p.strip()]
    if len(parts) >= 2:
        first = _period_asked(match_key(parts[0]), lang)
        if first is not None:
            return first
    return _period_asked(key, lang)


def _first_ask(question: str, key: str, lang: str, metrics: tuple[str, ...], glossary: Glossary) -> str:
    """The answer type; of two questions in one ("三季度租赁收入是多少？同比增长了多少？") the first one's figure, the
    amount asked before its growth."""
    found = _answer_type(key, lang, metrics, glossary, question)
    parts = [p for p in re.split(r"[？?]" if lang == "zh" else r"[？?]|,? and (?=(?:why|how|what|when)\b)", question)
             if p.strip()]  # (", and why did it …" asks a second question)
    if len(parts) >= 2:
        first = parts[0] + ("？" if lang == "zh" else "?")
        head = tuple(t for t in glossary.find(first) if glossary.term(t).kind == "metric")
        asked = _answer_type(match_key(first), lang, head, glossary, first)
        if asked in FIGURE_TYPES and head:
            return asked
    return found


_ZH_CHANGED_TO = re.compile(r"(?:下调|上调|调低|调高|调整|提高|降低|增加|减少|提升|下降|上升|增长|收窄|缩减)(?:到|至)了?"
                            r"(?:多少|什么水平|哪个水平)")
_ZH_CHANGED = re.compile(r"(?:做了|做出了|有)(?:什么|哪些|怎样的)(?:调整|变化|变动)|(?:如何|怎么|怎样)(?:调整|变化|变动)|表现(?:如何|怎么样|怎样)")


def _asks_metric_reported(question: str, glossary: Glossary) -> bool:
    """"What adjusted EPS did ADM report for the quarter?", "What dividend did Edison declare?": the metric is what
    the "what" asks for, as reported."""
    m = re.match(r"^what ((?:(?!\b(?:does|do|did|has|have|will|is|are|was|were)\b).)+?) (?:did|does|do|has|have|is|are)\b"
                 r".{0,40}?\b(?:(?:report|deliver|post|generate|record|achieve|earn|produce|book)(?:s|ed|ing)?"
                 r"|declar(?:e|ed|es|ing)|pa(?:y|ys|id|ying)|announc(?:e|ed|es|ing)|approv(?:e|ed|es|ing))\b",
                 question, re.IGNORECASE)
    return bool(m) and any(glossary.term(t).kind == "metric" for t in glossary.find(m.group(1)))


_THIS_QUARTER = re.compile(r"\bthis quarter\b|\bthe quarter\b|\bin the quarter\b|\bjune quarter\b")


def _asks_metric_ahead(key: str, glossary: Glossary) -> bool:
    """"What operating margin does Target expect for 2022?": the metric is what the "what" asks for, ahead."""
    # (matched on the question as written: the glossary finds an acronym such as "EPS" by its capitals)
    m = re.match(r"^what ((?:(?!\b(?:does|do|did|will|is|are|was)\b).)+?) (?:does|do|will)\b", key, re.IGNORECASE)
    if m and any(glossary.term(t).kind == "metric" for t in glossary.find(m.group(1))):
        return True
    # "What adjusted EPS is Kimberly-Clark targeting for 2020?", "What capex are you planning for next year?"
    m = re.match(r"^what ((?:(?!\b(?:does|do|did|will|is|are|was)\b).)+?) (?:is|are)\b.{0,40}?\b(?:targeting|guiding|"
                 r"expecting|forecasting|projecting|planning|anticipating|budgeting)\b", key, re.IGNORECASE)
    if m and any(glossary.term(t).kind == "metric" for t in glossary.find(m.group(1))):
        return True
    # "What is Alaska's capital expenditure plan for 2022?", "capex budget": the metric's plan, for a year
    m = re.search(r"^(.*)\b(?:plan|budget)\b.*\b(?:for|in) (?:fiscal |fy ?)?(?:'?\d\d|(?:19|20)\d\d)\b", key,
                  re.IGNORECASE)
    return bool(m) and any(glossary.term(t).kind == "metric" for t in glossary.find(m.group(1)))


def _first(table, key: str) -> str | None:
    for name, pattern in table:
        if re.search(pattern, key):
            return name
    return None


# Scripts of languages callrag does not answer in, and function words of common Latin-script ones.
_SCRIPTS = (("Japanese", r"[\u3040-\u30ff]"), ("Korean", r"[\uac00-\ud7af\u1100-\u11ff]"),
            ("a Cyrillic-script language", r"[\u0400-\u04ff]"), ("Arabic", r"[\u0600-\u06ff]"),
            ("Hebrew", r"[\u0590-\u05ff]"), ("Thai", r"[\u0e00-\u0e7f]"), ("Hindi", r"[\u0900-\u097f]"),
            ("Greek", r"[\u0370-\u03ff]"))
_FUNCTION_WORDS = {
    "English": "the a an of to in is are was were what how much many why did does do for on and with this that "
               "which who when will be by from at it its their our your quarter plan".split(),
    "French": "le la les des du de est sont quel quelle quels quelles combien pourquoi pour avec dans sur et une un "
              "ce cette au aux qui que".split(),
    "Spanish": "el la los las del de es son cuál cual cuánto cuanto cuántos por qué para con en y una un este esta "
               "que quién".split(),
    "German": "der die das den dem des ist sind wie viel warum für mit und ein eine im auf was wer wann".split(),
    "Portuguese": "o os as do da dos das é são qual quanto quantos por que para com em e uma um este esta".split(),
    "Italian": "il lo gli le del della dei è sono quale quanto quanti perché per con e una uno questo questa".split(),
}


def unsupported_language(question: str) -> str | None:
    """The language a question is written in, when it is neither English nor Chinese (None otherwise).

    >>> unsupported_language("資本開支計劃是什麼？"), unsupported_language("What is the capex plan?")
    (None, None)
    >>> unsupported_language("設備投資の計画は何ですか？"), unsupported_language("Quel est le plan d'investissement ?")
    ('Japanese', 'French')
    """
    for name, pattern in _SCRIPTS:
        if len(re.findall(pattern, question)) >= 2:
            return name
    if re.search(r"[\u3400-\u9fff]", question):
        return None
    words = re.findall(r"[a-zà-öø-ÿ]+", question.lower().replace("'", " "))
    if len(words) < 3:
        return None
    counts = {lang: sum(w in set(fw) for w in words) for lang, fw in _FUNCTION_WORDS.items()}
    best = max(counts, key=lambda k: counts[k])
    if best != "English" and counts[best] >= 2 and counts[best] > counts["English"] + 1:
        return best
    return None
