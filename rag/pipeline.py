"""``ask``: the whole question-to-cited-answer path, exactly as the CLI, the UI, the API and the evaluation use it.

Example:
    >>> from index.build import open_index
    >>> pipeline = Pipeline(open_store=open_index)  # builds the index first if needed, as `callrag ask` does
    >>> answer = pipeline.ask("What is the capex plan?")
    >>> answer.citations[0].speaker_en, "RMB 380 billion" in answer.answer
    ('Eddie Wu', True)
"""

from __future__ import annotations

import logging
import re
import threading
import weakref
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Callable

from index.errors import CallragError
from index.settings import INDEX_SETTINGS, MAX_K, MAX_QUESTION_CHARS, WHERE, Settings, valid_k
from rag.types import Answer, Citation

if TYPE_CHECKING:
    from index.store import IndexStore

logger = logging.getLogger(__name__)


VIEWS_KEPT = 64  # combinations of calls whose views (and facts books) stay cached; past it the cache is cleared (memory)


class AskError(ValueError, CallragError):
    """A question the pipeline refuses, with a message saying what was wrong and what is expected."""


class Pipeline:
    """Loads the index and the embedder on first use; thread-safe for concurrent ``ask`` calls."""

    def __init__(self, settings: Settings | None = None, announce: Callable[[str], None] | None = None,
                 progress=None, open_store: "Callable[[Settings], IndexStore] | None" = None):
        """``open_store(settings)`` opens the bundled index; by default ``index.store.open_live``, which only reads
        (the ``callrag`` command and the evaluation pass ``index.build.open_index``, which builds it when needed:
        answering a question never starts a build by itself)."""
        self.settings = settings or Settings()
        self.announce = announce or logger.warning
        self.progress = progress
        self.open_store = open_store
        self._lock = threading.Lock()

    @cached_property
    def store(self) -> "IndexStore":
        from index.store import open_live

        with self._lock:
            return (self.open_store or open_live)(self.settings)

    @cached_property
    def library(self):
        from index.library import Library

        return Library(self.settings, announce=self.announce)

    def catalogue(self):
        """Every call that can be asked about: the bundled one, then the library's (rag/scope.py)."""
        from rag.scope import CallInfo

        bundled = self._bundled_id()
        first = [CallInfo(bundled, "Alibaba Group", "BABA", "2025Q2")] if bundled == "alibaba-2025q2" else \
            [CallInfo(bundled, bundled, "", "")]
        return first + [CallInfo(c.id, c.company, c.ticker, c.period) for c in self.library.calls()]

    def _own_words(self, calls: set[str], lang: str) -> frozenset[str]:
        """The words of the companies whose calls answer (their names and tickers, as the question's words are
        tokenized)."""
        from index.tokenize import tokenize
        from rag.scope import _SUFFIXES

        words: set[str] = set()
        for c in self.catalogue():
            if c.id in calls:
                for name in (c.company, c.ticker):
                    if name and name != c.id:  # ("Group", "Inc." are no part of it: "Cloud Intelligence Group")
                        words.update(tokenize(_SUFFIXES.sub(" ", name), lang))
        return frozenset(words)

    def _bundled_id(self) -> str:
        return self.store.passages[0].transcript if self.store.passages else ""

    def view(self, call_ids):
        """The stores of some calls as one (each call's own files; a damaged call is re-ingested first)."""
        from index.library import CallDamaged
        from index.store import StoreView

        call_ids = list(call_ids)
        if call_ids == [self._bundled_id()]:
            return self.store
        key = (tuple(call_ids), self.library.version())
        views = self.__dict__.setdefault("_views", {})
        if key in views:
            return views[key]
        stores = []
        for cid in call_ids:
            if cid == self._bundled_id():
                stores.append(self.store)
                continue
            try:
                stores.append(self.library.store(cid))
            except CallDamaged as exc:
                self.announce(f"{exc}; re-ingesting {cid!r} from its source ...")
                self.library.repair(cid)
                stores.append(self.library.store(cid))
        if len(views) > VIEWS_KEPT:
            views.clear()
        views[key] = StoreView(stores)
        return views[key]

    def route(self, query_vec) -> list[str]:
        """An unscoped question over a library: the calls nearest it (Chroma, unfiltered), the bundled call
        compared exactly, by the same measure: the cosine of its one nearest management vector, in either language
        (not a passage's mean over its languages, which the one-language penalty lowers by 0.02 when only one of a
        translated passage's vectors is among the nearest: that ranked the bundled call below English calls)."""
        from rag.retrieve import dense_search

        own = [s for lang in ("zh", "en") for s in dense_search(self.store, query_vec, 1, langs=(lang,)).values()]
        ranked = list(self.library.route(query_vec, self.settings.route_calls))
        if self.store.passages:
            ranked.append((self._bundled_id(), max(own, default=-1.0)))
        ranked.sort(key=lambda x: -x[1])
        return [cid for cid, _ in ranked[: self.settings.route_calls]]

    def book(self, store):
        """The FactBook of a store: the bundled index's own, or one per view of library calls (cached with it)."""
        if store is self.store:
            return self.facts
        if getattr(store, "_book", None) is None:
            from rag.viewbook import book_of

            store._book = book_of(store)  # a view's book combines its calls' own (rag/viewbook.py)
        return store._book

    @cached_property
    def embedder(self):
        from index.embedders import make_embedder

        return make_embedder(self.settings.embedder, self.settings.query_prefix, self.settings.passage_prefix)

    def variant(self, **changes) -> "Pipeline":
        """The same pipeline with some settings changed, sharing the loaded index and embedder (for ablations).
        Only answer-time settings may change; the index and the embedder are those already loaded."""
        from dataclasses import replace

        fixed = {*WHERE, *INDEX_SETTINGS} & set(changes)
        if fixed:
            raise ValueError(f"a variant cannot change how the index is built: {', '.join(sorted(fixed))}")
        other = Pipeline(replace(self.settings, **changes), self.announce, self.progress)
        other.__dict__["store"], other.__dict__["embedder"] = self.store, self.embedder
        other.__dict__["facts"] = self.facts
        if "library" in self.__dict__:
            other.__dict__["library"] = self.library
        return other

    def speakers(self, store=None) -> list[tuple[str, str, str]]:
        """(name as written, English name, role) of every management speaker, for filters and error messages."""
        seen = {}
        for p in (store or self.store).passages:
            if p.role == "management":
                seen.setdefault(p.speaker, (p.speaker, p.speaker_en, p.role))
        return list(seen.values())

    def resolve_speaker(self, name: str | None, store=None) -> frozenset[str] | None:
        """A speaker filter from a name as written, its English name or part of it, in either script."""
        if name is None or not name.strip():
            return None
        try:
            name.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise AskError(f"the speaker contains a character that is not valid text (a lone surrogate at position "
                           f"{exc.start}); send the name as valid UTF-8") from None
        from index.script import match_key

        key = match_key(name)
        found = frozenset(
            s for s, en, _ in self.speakers(store)
            if key in (match_key(s), match_key(en)) or key in match_key(en).split()
        )
        if not found:
            listed = ", ".join(f"{en} ({s})" for s, en, _ in self.speakers(store)[:30])
            raise AskError(f"unknown speaker {name!r}; the speakers who answer in this call are: {listed}")
        return found

    @cached_property
    def facts(self):
        """Per-sentence facts of the index (rag.compose.FactBook), computed as questions need them."""
        from rag.compose import FactBook

        return FactBook(self.store)

    def warm(self) -> "Pipeline":
        """Load and compute now what every question reads, for a server about to open: the index, the embedder,
        the facts and words of every management sentence of the bundled call, both script converters. Answers are
        unchanged; the first questions no longer pay for it (about a second for the bundled call)."""
        from index.script import to_traditional

        self.facts.warm()
        to_traditional("云")  # loads both OpenCC converters
        self.embedder.get_query_embedding("warm up")
        return self

    def ask(self, question: str, k: int | None = None, speaker: str | None = None, call: str | None = None,
            company: str | None = None, period: str | None = None,
            on_token: Callable[[str], None] | None = None) -> Answer:
        """The cited answer; generated and checked when an LLM is configured (``on_token``: the text so far)."""
        from index.script import detect_language, detect_script
        from rag.answer import decline_message, language_message, redirect_lead, unclear_message
        from rag.question import analyse, unsupported_language
        from rag.scope import ScopeError, not_in_library_message, resolve

        question = _check_question(question)
        k = self.settings.k if k is None else k
        if not valid_k(k):
            raise AskError(f"k must be a whole number from 1 to {MAX_K}, got {k!r}")
        catalogue = self.catalogue()
        try:
            scope = resolve(question, catalogue, call, company, period)
        except ScopeError as exc:
            raise AskError(str(exc)) from None
        if scope.calls is None and len(catalogue) > 1:
            store = self.view(self.route(self.embedder.get_query_embedding(question)))
        else:
            store = self.view(scope.calls or [c.id for c in catalogue])
        speakers = self.resolve_speaker(speaker, store)
        book = self.book(store)
        lang = detect_language(question)
        script = detect_script(question) if lang == "zh" else "neutral"
        if lang == "zh" and script == "neutral":
            script = "simplified"
        other_language = unsupported_language(question)
        if other_language:
            return Answer(question, lang, script, language_message(other_language), (), declined=True,
                          decline_reason="language")
        q = self._analysed(question, lang, catalogue, store, book)
        parts = _parts(question)
        part_analyses = tuple(self._analysed(part, lang, catalogue, store, book) for part in parts) \
            if len(parts) > 1 else ()
        if q.bare:
            return Answer(question, lang, script, unclear_message(lang, script), (), declined=True,
                          decline_reason="unclear", analysis=q.to_dict())
        if self.settings.decline_unknown_names:
            from rag.grounding import unknown_names, unknown_terms

            found = tuple(n for n in unknown_names(question, store.vocabulary, book.glossary)
                          if _still_unknown(n, catalogue, store, book.glossary)) + \
                unknown_terms(q, book.glossary, book.terms_in_calls, lang)
            missing = _once(found)  # a name can be both a name and a glossary term ("Quark"): say it once
            if missing:
                message = not_in_library_message(lang, script, missing) if len(catalogue) > 1 and \
                    scope.calls is None else decline_message(lang, script, missing)
                return Answer(question, lang, script, message, (), declined=True,
                              not_mentioned=missing, decline_reason="not_mentioned", analysis=q.to_dict())
        answer = self._answer(q, lang, script, k, speakers, store, scope, part_analyses)
        if speakers is not None and answer.declined:
            unfiltered = self._answer(q, lang, script, k, None, store, scope, part_analyses)
            if not unfiltered.declined:
                from rag.answer import speaker_label

                asked = " / ".join(sorted({speaker_label(p, lang, script).split("（")[0].split(" (")[0]
                                           for p in store.passages if p.speaker in speakers}))
                answered = speaker_label(store.passage(unfiltered.citations[0].passage_id), lang, script)
                return replace(unfiltered, answer=redirect_lead(lang, script, asked, answered) + "\n"
                               + unfiltered.answer)
        return self._generate(answer, store, on_token) if self.settings.llm else answer

    @cached_property
    def llm(self):
        from rag.generate import make_llm

        return make_llm(self.settings)

    def _generate(self, answer: Answer, store, on_token=None) -> Answer:
        """The generated answer, checked against its citations (rag/generate.py), or the extractive one."""
        from rag.generate import generate

        calls = {c.transcript for c in answer.citations}
        companies = [c.company for c in self.catalogue() if c.id in calls]
        return generate(answer, store, self.settings, self.llm, self.book(store).glossary, companies, on_token)

    def _analysed(self, question: str, lang: str, catalogue, store, book):
        """The question's analysis, resolved against the calls asked (own names, quarters, years, adjusted)."""
        from rag.question import analyse

        q = analyse(question, self.facts.glossary)
        if q.names:  # the call's own company ("What is ITW's EPS guidance?") is not a third party whose figure it is
            named = q.names
            q = replace(q, names=_not_own(q.names, catalogue, store))
            if lang == "zh" and not q.names and not q.qualifiers:
                # with the own company's name gone, a Chinese question's parts are its qualifiers as for any other
                # ("Aflac美国业务第二季度销售额同比增长多少？" asks the U.S. business's, not Japan's)
                bare = question
                for n in named:
                    bare = bare.replace(n, " ")
                q = replace(q, qualifiers=analyse(bare, self.facts.glossary).qualifiers)
        if q.qualifiers:  # the call's own company (阿里巴巴本季度总营收) does not narrow the figure asked
            q = replace(q, qualifiers=_not_own_words(q.qualifiers, store, self.facts.glossary, catalogue))
        if q.qualifiers and OPENING_UNSAID:
            # a word that opens the question and that the calls never say in any rendering is the company's name as
            # Chinese writes it (韦伯斯特, Webster: the dictionary knows only Weber), not a part of it (42nd review)
            said = book.call_words if hasattr(book, "call_words") else None
            opening = question.lstrip()
            q = replace(q, qualifiers=tuple(
                w for w in q.qualifiers if not (said is not None and opening.startswith(w)
                                                and not (_renderings_of(w, self.facts.glossary) & said))))
        if q.quarters:  # "Q2" on the call of the second quarter is this quarter; on another call, another quarter
            q = replace(q, period=_quarter_period(q, catalogue, store))
        elif q.quarter_month and MONTH_QUARTERS and q.period in ("other_quarter", "month") \
                and _own_month_quarter(store) == q.quarter_month:
            q = replace(q, period="quarter")  # "the September quarter" on ResMed's call of that quarter
        if q.years:  # "fiscal 2023" asked of a 2022 call: "our full year range" there is 2022's
            q = replace(q, ahead=_years_ahead(q, catalogue, store))
        if ADJUSTED_UNNAMED and q.subject and _asks_adjusted(question) and \
                not _names_adjusted(book, q, {p.transcript for p in store.passages}):
            q = replace(q, unqualified=True)  # a call that never says "adjusted EPS" gives it as "EPS"
        if GAAP_ONLY and q.subject and _asks_gaap(question) and \
                _names_adjusted(book, q, {p.transcript for p in store.passages}):
            q = replace(q, gaap_only=True)  # Salesforce speaks of non-GAAP margins: an unlabelled margin is no GAAP one
        return q

    def _answer(self, q, lang: str, script: str, k: int, speakers: frozenset[str] | None, store=None,
                scope=None, parts: tuple = ()) -> Answer:
        import numpy as np

        from rag.answer import (answer_sentences, date_phrase, decline_message, figure_phrase, render, subject_phrase,
                                who_phrase)
        from rag.compose import (DATE_LEAD_OVERLAP, DATE_OVERLAP, FIT, compose, date_precision, dates, full_name_nearby,
                                 gives_figure, gives_figure_here, names_near, names_someone, not_given_pool,
                                 reason_in_next_paragraph, sentence_pool, states, withheld, Quote)
        from rag.gist import figure_gist
        from rag.rerank import DEPTH, figure_aware
        from rag.retrieve import HybridRetriever
        from rag.scope import Scope, frame_answer, similarity_threshold

        store = self.store if store is None else store
        scope = scope or Scope(None)
        s, book = self.settings, self.book(store)
        from rag.question import search_text

        searched = search_text(q.question, book.glossary)  # "the cloud unit" searched as the cloud business
        query_vec = self.embedder.get_query_embedding(searched)
        retriever = HybridRetriever(store, self.embedder, mode=s.fusion, weights=s.weights,
                                    top_k=max(k, DEPTH) if s.figure_ranking else k, channel_k=s.channel_k,
                                    speakers=speakers, zh_dictionary=s.zh_dictionary)
        found = retriever.search(searched, query_vec)
        threshold = similarity_threshold(lang, store, s)
        weak = found.best_similarity < threshold or (found.best_csls is not None and found.best_csls < s.min_csls)
        if weak and FIGURE_RESCUE and _quotes_a_figure(q.question, found.hits[:k]):
            weak = False  # "When was the 380-billion-yuan pledge made public?": a figure of the call's is no weak match
        if not found.hits or weak:
            return Answer(q.question, lang, script, decline_message(lang, script), (), declined=True,
                          decline_reason="weak", analysis=q.to_dict())
        hits = (figure_aware(found.hits, book, q) if s.figure_ranking else found.hits)[:k]
        citations = tuple(self._citation(n, h.passage, h.score, store) for n, h in enumerate(hits, start=1))
        cited = [(c.n, h.passage, h.score) for c, h in zip(citations, hits)][: s.answer_passages]
        fit = FIT if s.answer_fit else {name: 0.0 for name in FIT}
        qv = np.asarray(query_vec, dtype=np.float32)
        calls = {h.passage.transcript for h in hits}
        q = replace(q, own_words=tuple(sorted(self._own_words(calls, lang)))) if OWN_NAME_NOT_ASKED else q
        composed = compose(book, replace(q, question=searched), qv, lang, cited, max_sentences=s.answer_sentences,
                           fit=fit, own_words=self._own_words(calls, lang))
        stating = not_given_pool(book, q, calls, speakers) if q.wants_figure and q.subject \
            and not composed.answers else []
        if PARTS_STATED and not stating and q.wants_figure and q.subject and not composed.answers:
            # "截至第三季度C波段资本开支是多少？全年增量资本开支指引是多少？": two questions in one, analysed together,
            # ask a third-quarter outlook no sentence states; each is stated (the capex to date, the year's guidance)
            # (only when each part asks a figure of its own: "第四季度开局如何？头几周的可比销售跟三季度比怎么样？" leans its
            # second part on the first's quarter, and "研发投入是多少？占销售额的比例是多少？" its ratio on the first's metric)
            whole = all(part.wants_figure and part.subject and part.subject not in q.base for part in parts)
            for part in parts if whole else ():
                stating = not_given_pool(book, replace(part, own_words=q.own_words), calls, speakers)
                if stating:
                    break
        if TOTAL_STATED and not stating and q.total and q.wants_figure and q.subject and composed.answers \
                and composed.quotes and not book.facts(composed.quotes[0].passage)[composed.quotes[0].position].group:
            # the whole company's figure asked ("第二季度的综合毛利率是多少？"), a part's stated by the lead ("Second
            # quarter gross margin for Engine Management was 28.9%", a part the glossary cannot name): a sentence of
            # the call stating it for the whole company leads ("Our consolidated gross margin in Q2 '21 was 29%";
            # the 34th review's Standard Motor Products)
            stating = [(p, pos) for p, pos in not_given_pool(book, q, calls, speakers) if book.facts(p)[pos].group]
        if PER_UNIT_NOT_TOTAL and s.decline_not_given and q.answer_type == "money" and q.subject is None \
                and not q.per_unit and _ASKS_TOTAL.search(q.question) and composed.quotes \
                and per_unit_only(composed.quotes[0].sentence.text("en")):
            from rag.answer import figure_phrase

            return self._not_given(q, lang, script, figure_phrase(lang, script), list(composed.quotes), citations,
                                   scope)
        asks_how = NOT_GIVEN_NEEDS_AMOUNT and _ASKS_HOW.search(q.question) is not None
        held = withheld(book, q, lang, [(0, h.passage, h.score) for h in found.hits]) if s.decline_not_given \
            and q.amount and not stating and not (q.subject and composed.answers) and composed.quotes else None
        if held is not None:
            # management says it does not give the figure asked: "not given", in its own words first (cited)
            from rag.compose import Quote

            citations, n = self._cite(citations, held.passage, store)
            return self._not_given(q, lang, script, subject_phrase(q, book.glossary, lang) if q.subject else
                                   figure_phrase(lang, script), [replace(held, n=n)], citations, scope)
        if s.decline_not_given and q.wants_figure and q.subject and not composed.answers \
                and (q.amount or not (q.forward or asks_how)) and not stating:
            from rag.compose import Quote, offer

            pool = [h.passage for h in found.hits]  # every fused passage, not only the cited ones
            extra = []
            offered = []
            for p, pos, score in offer(book, q, qv, lang, pool):
                n = next((c.n for c in citations + tuple(extra) if c.passage_id == p.id), None)
                if n is None:
                    extra.append(self._citation(len(citations) + len(extra) + 1, p, 0.0))
                    n = extra[-1].n
                offered.append(Quote(n, p, pos, score, book.subject_insertion(p, pos, lang)))
            citations += tuple(extra)
            return self._not_given(q, lang, script, subject_phrase(q, book.glossary, lang), offered, citations,
                                   scope)
        if stating and LEAD_WITH_STATING:
            # the lead does not state the figure asked, but a sentence of the call does: it leads ("We are affirming
            # our full year adjusted EPS range", not the cash sentence that names fiscal 2022)
            from rag.compose import Quote, sentence_cosine

            p, pos = max(stating, key=lambda o: (bool(TOTAL_STATED and q.total and book.facts(o[0])[o[1]].group),
                                                 sentence_cosine(store, o[0], o[1], qv) or 0.0))  # (the whole's first)
            citations, n = self._cite(citations, p, store)
            facts = book.facts(p)
            before = [Quote(n, p, pos - 1, 0.0)] if pos > 0 and (facts[pos].continues or facts[pos].anaphora) \
                and not facts[pos - 1].filler else []  # "And net earnings per diluted share to be …" goes on with
            # "For fiscal 2021, we now expect sales to be …": never quoted alone
            rest = [o for o in composed.quotes if (o.passage.id, o.position) not in {(p.id, pos), (p.id, pos - 1)}]
            lead = Quote(n, p, pos, 0.0, "" if before else book.subject_insertion(p, pos, lang) or
                         book.elliptical_insertion(p, pos, lang))
            composed = replace(composed, quotes=(*before, lead, *rest[: s.answer_sentences - 1 - len(before)]),
                               answers=True)
        giving = sentence_pool(book, q, qv, lang, calls, speakers, gives_figure) \
            if q.wants_figure and q.subject is None and q.amount and composed.quotes else []
        if COMPANY_GIVING and q.companies:  # another company's figure asked ("How much is Meituan spending on …?")
            # is given only by a sentence about that company, as ``states`` requires (session 26's development round)
            giving = [o for o in giving if all(c in book.facts(o.passage)[o.position].businesses
                                               or c in book.scope(o.passage, o.position) for c in q.companies)]
        if NAMED_GIVING and q.names:  # a name asked is whose figure it is: "What was Visa's cross-border volume
            # growth?" is not answered by Mastercard's own "Cross-border volume was up 53%" (a call naming Visa once)
            giving = [o for o in giving if names_near(q, o.passage, o.position, book)]
        from index.script import match_key

        if ALONE_GIVING and _ASKS_ALONE.search(match_key(q.question)):
            # one item asked by itself ("单独收购Zego花了多少钱？") is not given by an amount for several together ("to
            # acquire Zego and Worldline's PAYONE business … for an aggregate of approximately $1 billion"; 43rd review)
            giving = [o for o in giving if not _AGGREGATE.search(match_key(o.sentence.text("en") or "")
                                                                 + " " + match_key(o.sentence.text("zh") or ""))]
        leading = sentence_pool(book, q, qv, lang, {c.transcript for c in citations}, speakers, gives_figure_here) \
            if LEAD_WITH_FIGURE and giving else []
        if s.decline_not_given and q.wants_figure and q.subject is None and q.amount and composed.quotes \
                and not giving:
            # a figure the glossary has no name for, and no sentence of the call gives a figure about it
            return self._not_given(q, lang, script, figure_phrase(lang, script), list(composed.quotes[:2]),
                                   citations, scope)
        if leading:
            lead_facts = book.facts(composed.quotes[0].passage)[composed.quotes[0].position]
            cited_ids = {c.passage_id for c in citations}
            best = next((o for o in leading if o.passage.id in cited_ids and q.answer_type in
                         book.facts(o.passage)[o.position].figures and names_near(q, o.passage, o.position, book)), None)
            lead0 = composed.quotes[0]
            if best is not None and (q.answer_type not in lead_facts.figures or (
                    LEAD_NAMED and not names_near(q, lead0.passage, lead0.position, book))):
                # "How much will the new fab in Itzehoe cost?": the lead gives its capacity (70%); a cited
                # sentence gives a cost in money ("$250 million, $260 million over three to four years"): it leads.
                # So does one naming the part asked when the lead's figure is another's ("Depletion growth … above
                # 8% driven by … Modelo Especial" for Modelo's own growth: "… with depletions increasing over 13%")
                n = next(c.n for c in citations if c.passage_id == best.passage.id)
                rest = [o for o in composed.quotes if (o.passage.id, o.position) != (best.passage.id, best.position)]
                lead = replace(best, n=n, insertion=book.subject_insertion(best.passage, best.position, lang)
                               or _names_before(q, best, book))
                composed = replace(composed, quotes=(lead, *rest[: s.answer_sentences - 1]))
        reason = reason_in_next_paragraph(book, list(composed.quotes)) if q.answer_type == "reason" else None
        if reason is not None:
            # the reason asked opens the paragraph after the lead's: it leads, the fact it explains follows
            p, pos = reason
            citations, n = self._cite(citations, p, store)
            composed = replace(composed, quotes=(Quote(n, p, pos, 0.0), *composed.quotes[: s.answer_sentences - 1]))
        if WHO_NAMED and s.decline_not_given and q.answer_type == "person" and composed.quotes \
                and not names_someone(book, q, composed.quotes[0], lang):
            # "Who bought Tyson's Pet Treats business?": the lead names no one; a sentence of the call that names
            # someone and is about it leads, and if none does, the call does not say who
            pool = sentence_pool(book, q, qv, lang, calls, speakers,
                                 lambda *a, **k: names_someone(*a, share=DATE_OVERLAP, **k))
            if not pool:
                return self._not_given(q, lang, script, who_phrase(lang, script), list(composed.quotes[:2]),
                                       citations, scope)
            best = pool[0]
            citations, n = self._cite(citations, best.passage, store)
            rest = [o for o in composed.quotes if (o.passage.id, o.position) != (best.passage.id, best.position)]
            composed = replace(composed, quotes=(replace(best, n=n), *rest[: s.answer_sentences - 1]))
        if WHO_FULL and q.answer_type == "person" and composed.quotes:
            # the lead names someone by a first name only ("Scott and Ken have worked together …"): the sentence of
            # its passage naming them in full leads ("Scott will transition his current IR role to Ken Cook")
            lead0 = composed.quotes[0]
            full = full_name_nearby(book, q, lead0, lang)
            if full is not None:
                rest = [o for o in composed.quotes if (o.passage.id, o.position) != (full.passage.id, full.position)]
                composed = replace(composed, quotes=(full, *rest[: s.answer_sentences - 1]))
        if DATE_PRECISE and q.asks_when and composed.quotes \
                and dates(book, q, composed.quotes[0], lang, DATE_LEAD_OVERLAP):
            # "When is the GECAS deal expected to close?": "We expect to close the GECAS transaction on November 1"
            # leads, not "following the GECAS close in the fourth quarter" (the more precise date about it)
            lead0 = composed.quotes[0]
            near = [o for o in sentence_pool(book, q, qv, lang, calls, speakers, dates)[:DATE_PRECISE]
                    if dates(book, q, o, lang, DATE_LEAD_OVERLAP)]
            best = max(near, key=lambda o: date_precision(o), default=None)
            if best is not None and date_precision(best) > date_precision(lead0):
                citations, n = self._cite(citations, best.passage, store)
                rest = [o for o in composed.quotes if (o.passage.id, o.position) != (best.passage.id, best.position)]
                lead = replace(best, n=n, insertion=book.subject_insertion(best.passage, best.position, lang))
                composed = replace(composed, quotes=(lead, *rest[: s.answer_sentences - 1]))
        if s.decline_not_given and q.asks_when and composed.quotes \
                and not dates(book, q, composed.quotes[0], lang, DATE_LEAD_OVERLAP):
            # "When …?" and the lead names no month, year or quarter of what is asked: lead with the call's sentence
            # that does; if none speaks of it with a date at all, say the call does not say when
            pool = sentence_pool(book, q, qv, lang, calls, speakers, dates)
            if not pool:
                return self._not_given(q, lang, script, date_phrase(lang, script), list(composed.quotes[:2]),
                                       citations, scope)
            best = next((o for o in pool if dates(book, q, o, lang, DATE_LEAD_OVERLAP)), None)
            if best is None and lang == "zh" and not pool[0].sentence.text("zh"):
                # a Chinese question over a call in English only shares few words with any sentence (through
                # dictionary glosses): the dated sentence about it nearest the question leads ("收购Hillrom预计什么时候
                # 完成交割？": "We will expect to close by early 2022."), one whose own words are about it first
                about = [o for o in pool if dates(book, q, o, lang, DATE_OVERLAP)]
                near = about[:DATE_PRECISE] if DATE_PRECISE else about[:1]
                best = max(near, key=date_precision) if near else pool[0]  # (the most precise date of the nearest
                # few: "We expect to close the GECAS transaction on November 1", not "the GECAS close in the fourth
                # quarter")
            if best is None and DATE_POOL_LEADS:
                best = pool[0]  # no dated sentence shares most of its words: the one nearest the question that shares
                # a quarter of them leads, not an undated sentence ("Since May, our investment in quick commerce has
                # rapidly passed key milestones" for "即时零售的投入是从什么时候开始跨过关键节点的？"; session 27)
            if best is not None:
                citations, n = self._cite(citations, best.passage, store)
                rest = [o for o in composed.quotes if (o.passage.id, o.position) != (best.passage.id, best.position)]
                lead = replace(best, n=n, insertion=book.subject_insertion(best.passage, best.position, lang)
                               or _names_before(q, best, book))
                if WHEN_SECOND and parts and not parts[0].asks_when and rest:
                    # "Which company is Mastercard buying from McDonald's? When will the deal close?": the first
                    # question's answer keeps the lead; the date follows it
                    composed = replace(composed, quotes=(rest[0], lead, *rest[1: s.answer_sentences - 1]))
                else:
                    composed = replace(composed, quotes=(lead, *rest[: s.answer_sentences - 1]))
        if NAMED_LEADS and q.answer_type in ("plan", "reason", "other") and not q.metrics and (q.names or q.qualifiers) \
                and reason is None and composed.quotes and not names_near(
                q, composed.quotes[0].passage, composed.quotes[0].position, book):
            # a plan or a reason asked of a part of the company the lead does not name ("钻井与评估部门的业绩指引",
            # led by the dividend): the call's sentence that names it and looks the same way, nearest the question
            # (not a reason found opening the paragraph after the one that names it: that one is about it)
            pool = sentence_pool(book, q, qv, lang, calls, speakers, _named_and_timed)
            if pool:
                best = pool[0]
                citations, n = self._cite(citations, best.passage, store)
                rest = [o for o in composed.quotes if (o.passage.id, o.position) != (best.passage.id, best.position)
                        and names_near(q, o.passage, o.position, book)]
                composed = replace(composed, quotes=(replace(best, n=n), *rest[: s.answer_sentences - 1]))
        if (q.names or q.qualifiers) and composed.quotes and not composed.quotes[0].insertion:
            # the lead's subject, a name asked, is in the sentence before it or the paragraph's introduction: marked
            composed = replace(composed, quotes=(replace(composed.quotes[0], insertion=_names_before(
                q, composed.quotes[0], book)), *composed.quotes[1:]))
        gist = ""
        # (one figure for one metric: "经营现金流和自由现金流分别是多少" answered "约140亿美元" reads as both, or the first)
        if lang == "zh" and q.wants_figure and q.subject and composed.answers and composed.quotes \
                and len(set(q.metrics) | {q.subject}) == 1:
            lead = composed.quotes[0]
            if lead.passage.original_language == "en" and states(
                    q, book.facts(lead.passage)[lead.position], book.scope(lead.passage, lead.position), book.glossary):
                # the figure asked, in Chinese, above the English original it is read from (and checked against)
                from index.numerals import numbers

                g = book.glossary
                forms = tuple(f for t in g.terms if g.is_a(t.id, q.subject) for f in t.en)
                quoted = tuple(x.value for x in numbers(q.question) if not x.spelled and x.kind != "month")
                gist = figure_gist(lead.sentence.text("en"), q.answer_type, lead.n, script, forms, quoted)
        text = frame_answer(render(composed.quotes, lang, script), lang, script,
                            {o.passage.original_language for o in composed.quotes}, scope, gist)
        return Answer(q.question, lang, script, text, citations,
                      answer_sentences=answer_sentences(composed.quotes, lang, script), analysis=q.to_dict())

    @staticmethod
    def _not_given(q, lang: str, script: str, subject: str, offered: list, citations: tuple, scope) -> Answer:
        """"The call does not give <subject>", then what it does give (``offered``, cited)."""
        from rag.answer import answer_sentences, not_given_lead, render
        from rag.scope import Scope, frame_answer

        # the "not given" line first; the note that the quotes are in their English original stands above the quotes
        quotes = frame_answer(render(offered, lang, script), lang, script,
                              {o.passage.original_language for o in offered}, Scope(None)) if offered else ""
        text = frame_answer(not_given_lead(lang, script, subject) + ("\n" + quotes if quotes else ""), lang, script,
                            set(), scope)
        return Answer(q.question, lang, script, text, citations, declined=True, not_given=subject,
                      decline_reason="not_given", answer_sentences=answer_sentences(offered, lang, script),
                      analysis=q.to_dict())

    def _cite(self, citations: tuple, p, store) -> tuple[tuple, int]:
        """The citations with passage ``p`` among them (added last when it was not cited) and its number."""
        n = next((c.n for c in citations if c.passage_id == p.id), None)
        if n is None:
            citations += (self._citation(len(citations) + 1, p, 0.0, store),)
            n = citations[-1].n
        return citations, n

    def _citation(self, n: int, p, score: float, store=None) -> Citation:
        asked = (store or self.store).question(p.transcript, p.answers)
        return Citation(
            n=n, passage_id=p.id, transcript=p.transcript, speaker=p.speaker, speaker_en=p.speaker_en, title=p.title,
            role=p.role, section=p.section, turn=p.turn, paragraph=p.paragraph, text=p.original,
            translation=p.translation, score=round(score, 6), answers=p.answers,
            question_text="\n".join(q.original for q in asked),
            question_translation="\n".join(q.translation for q in asked),
            answers_part=getattr(p, "answers_part", None),
            translation_note=" ".join(s.note for s in p.sentences if getattr(s, "note", "")),
        )


# A question that quotes a figure a retrieved passage states (380 billion, 3800亿; not a year, a month or a number
# under 10) is not declined as a weak match: the similarity threshold is for questions the call does not address.
FIGURE_RESCUE = True
TOTAL_STATED = True  # the whole company's figure asked: a sentence stating it company-wide leads (session 24)
# A question that asks how a figure is doing and not how much (第四季度开局如何…可比销售跟三季度比怎么样) is answered by what
# the call says of it, in words too ("the comp sales for the first two weeks are running a little higher"): no "not
# given" for a figure it never asked for.
NOT_GIVEN_NEEDS_AMOUNT = True
_ASKS_HOW = re.compile(r"怎么样|怎麼樣|如何|表现|表現|\bhow (?:is|are|was|were|did|does|do|has|have)\b.*\b(?:perform|doing|going"
                       r"|trend|trending|fare|fared|look|looking)\b", re.IGNORECASE)
_SCALE_HYPHEN = re.compile(r"(\d)-(billion|million|trillion|thousand)\b", re.IGNORECASE)
# A whole amount asked ("How much will the 10,000-mile undergrounding program cost in total?", 总共要花多少钱) of
# something the glossary cannot name is not answered by an amount per unit ("$2.5 million to $2.7 million a mile" for
# one project): the answer says the call does not give the figure and offers what it does (the 45th review's PG&E)
PER_UNIT_NOT_TOTAL = True
_ASKS_TOTAL = re.compile(r"\bin total\b|\b(?:the )?total (?:cost|price|spend|spending|investment|amount|bill|outlay)\b"
                         r"|\bhow much (?:will|would|does|did|is|could)\b[^?]*\bcost\b(?! per\b)|总共|總共|一共|总计|總計|合计|合計"
                         r"|总成本|總成本|总投资|總投資|总费用|總費用|总花费|總花費|总金额|總金額")
_MONEY = (r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|thousand|mm|bn|k|m)\b)?"
          r"(?:\s?(?:to|-|–|and)\s?\$?\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|thousand|mm|bn|k|m)\b)?)?")
_MONEY_FIGURE = re.compile(_MONEY, re.IGNORECASE)
_MONEY_PER_UNIT = re.compile(_MONEY + r"\s(?:a|an|per|each)\s(?!(?:quarter|year|annum|month|week|day)s?\b)[a-z]+",
                             re.IGNORECASE)


def per_unit_only(text: str) -> bool:
    """Whether every amount of money an English sentence gives is an amount per unit ("$2.5 million to $2.7 million
    a mile", "$40 per ton"; not "$300 million a year"), and it gives one.

    >>> per_unit_only("that project was about the $2.5 million to $2.7 million a mile range")
    True
    >>> per_unit_only("The program will cost $1.2 billion, or about $2.5 million a mile."), per_unit_only("$300 million a year")
    (False, False)
    """
    amounts = len(_MONEY_FIGURE.findall(text or ""))
    return amounts > 0 and len(_MONEY_PER_UNIT.findall(text)) == amounts


def _quotes_a_figure(question: str, hits) -> bool:
    from index.numerals import numbers

    def values(text: str) -> set[tuple]:
        return {(n.value, n.kind) for n in numbers(_SCALE_HYPHEN.sub(r"\1 \2", text)) if n.kind != "month"
                and n.value >= 10 and not (n.kind == "plain" and 1900 <= n.value <= 2100 and n.value == int(n.value))}

    asked = values(question)
    return bool(asked) and any(asked & values(h.passage.original + " " + h.passage.translation) for h in hits
                               if h.passage.role == "management")


def _openings(store) -> dict[str, str]:
    """Each call's opening words (match keys): its first host passage, as the operator's welcome names the company and
    the period; the welcome of whoever opens the call among its first three passages ("Welcome to Kimberly Clark's
    Year End Earnings Conference Call", said by investor relations); and the call's first passage, whoever says it
    ("This is Kasey Jenkins, Vice President of McCormick Investor Relations", on a call with no operator)."""
    from index.script import match_key

    parts: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    hosted: set[str] = set()
    for p in store.passages:
        seen[p.transcript] = seen.get(p.transcript, 0) + 1
        key = match_key(p.original)
        if p.role == "host" and p.transcript not in hosted:
            hosted.add(p.transcript)
            parts.setdefault(p.transcript, []).append(key)
        elif seen[p.transcript] == 1 or (seen[p.transcript] <= 3 and _WELCOME.search(key)):
            parts.setdefault(p.transcript, []).append(key)
    return {t: " ".join(keys) for t, keys in parts.items()}


_WELCOME = re.compile(r"\bwelcome (?:to|everyone to)\b")


OWN_PREFIX_ONLY = True  # only the words a name begins with can be the company's (not any word its opening says)


def _not_own(names: tuple[str, ...], catalogue, store) -> tuple[str, ...]:
    """The names that are not the company of a call in ``store``: its company or ticker in the catalogue, or a
    name its host's opening words give ("Welcome to the Target Corporation third quarter earnings call"); a name
    that begins with the company's ("FedEx Ground") keeps the rest ("Ground")."""
    from index.script import match_key

    transcripts = {p.transcript for p in store.passages}
    own = {match_key(x) for c in catalogue if c.id in transcripts for x in (c.company, c.ticker) if x}
    own |= {"".join(w[0] for w in c.company.split() if w[:1].isalpha()).lower() for c in catalogue
            if c.id in transcripts and c.company and len(c.company.split()) >= 2}  # its initials: PMI
    said = " ".join(_openings(store).values())

    said = said.replace("-", " ")

    def is_own(text: str) -> bool:
        key = match_key(text)  # "Kimberly-Clark" asked, "Kimberly Clark's" said
        if len(key) <= 5 and re.sub(r"[^a-z0-9]", "", key) in own:
            return True  # "D&B" is Dun & Bradstreet's initials (41st review: its guidance had been "not given")
        return key in own or re.search(rf"(?<![a-z0-9]){re.escape(key.replace('-', ' '))}(?![a-z0-9])", said) \
            is not None

    out = []
    for n in names:
        if is_own(n):
            continue
        words = n.split()
        lead = 0
        while OWN_PREFIX_ONLY and lead < len(words) - 1 and is_own(words[lead]):
            lead += 1
        rest = words[lead:] if OWN_PREFIX_ONLY else [w for w in words if not is_own(w)] if len(words) > 1 else words
        # "FedEx Ground" is FedEx's Ground: the passage names "Ground"; "U.K. Building Services" keeps "Services",
        # though the host's opening says "services"
        out.append(" ".join(rest) if rest else n)
    return tuple(out)


def _not_own_words(words: tuple[str, ...], store, glossary, catalogue=()) -> tuple[str, ...]:
    """Chinese words of a question that are not the company of a call in ``store``: not said in its opening words
    (阿里巴巴), and no English rendering of them is a word of the company's name in the catalogue (a generic word
    such as 监管, "regulated", said in an opening is not the company)."""
    from index.tokenize import tokenize
    from rag.compose import _renderings

    said = " ".join(_openings(store).values())
    transcripts = {p.transcript for p in store.passages}
    names = frozenset(tokenize(" ".join(f"{c.company} {c.ticker}" for c in catalogue if c.id in transcripts), "en"))
    return tuple(w for w in words if w not in said and not (_renderings(glossary, w) & names)
                 and not (OWN_NAME_PIECES and _name_by_pieces(w, names, glossary)))


OWN_NAME_PIECES = True  # 铁山 is Iron Mountain word by word, though the dictionary glosses it as a district of Hubei


def _name_by_pieces(word: str, names: frozenset[str], glossary) -> bool:
    """Whether a Chinese word of two pieces or more renders the company's name piece by piece (its jieba words, or its
    characters when it is one): 铁 "iron" + 山 "mountain" is Iron Mountain."""
    from index.tokenize import _jieba
    from rag.compose import _renderings

    pieces = _jieba().lcut(word)
    pieces = pieces if len(pieces) > 1 else list(word)
    return len(pieces) > 1 and all(_renderings(glossary, piece) & names for piece in pieces)


def _still_unknown(name: str, catalogue, store, glossary) -> bool:
    """Whether a name the call's words never mention is still unknown once the call's own company is set aside: its
    company or ticker ("WEC", which WEC Energy Group's call says only in its operator's opening) is its own, and of
    "WEC Energy" only "Energy" must be mentioned."""
    from rag.grounding import unknown_names

    rest = _not_own((name,), catalogue, store)
    return bool(rest) and (rest[0] == name or bool(unknown_names(rest[0], store.vocabulary, glossary)))


_SEVERAL_PARTS = re.compile(r"\b(?:both |all (?:of )?(?:our |the )?|each of (?:our|the) |across (?:all |both )?(?:of )?(?:our |the )?)"
                            r"(?:platforms|segments|businesses|divisions|regions|brands)\b|两个(?:平台|分部|业务)|各(?:个)?(?:分部|业务)")


QUALIFIER_INSERTION = True  # a Chinese question's part, named only by the sentence before an English lead: inserted


COMPANY_GIVING = True
OPENING_UNSAID = True


def _renderings_of(word: str, glossary) -> frozenset[str]:
    from rag.compose import _renderings

    return _renderings(glossary, word)


def _qualifier_before(q, quote, book) -> str:
    """'[wine and spirits]' for "Operating margin increased 140 basis points to 25.4% …" after "Moving on to wine and
    spirits margins.", asked 葡萄酒与烈酒业务的营业利润率: the English words of a qualifier the lead lacks and the
    sentence before it has, as that sentence writes them (with a part joined to it by "and" or "&")."""
    from rag.compose import _renderings, words_of

    if not q.qualifiers or quote.position == 0 or quote.sentence.text("zh"):
        return ""
    own = words_of(quote.sentence.text("en"), "en")
    before = quote.passage.sentences[quote.position - 1].text("en")
    spans = []
    for w in q.qualifiers:
        wanted = _renderings(book.glossary, w)
        if wanted & own or not wanted & words_of(before, "en"):
            continue
        for m in re.finditer(r"[A-Za-z][\w'-]*", before):
            if words_of(m.group(0), "en") & wanted:
                joined = re.search(r"([A-Za-z][\w'-]* (?:and|&) )%s$" % re.escape(m.group(0)), before[:m.end()])
                span = joined.group(0) if joined else m.group(0)
                # a rendering of more than one word is taken whole: 北美 is "[North America]", not "[North]"
                rest = before[m.end():]
                while (nxt := re.match(r" ([A-Za-z][\w'-]*)", rest)) and words_of(nxt.group(1), "en") & wanted:
                    span, rest = span + nxt.group(0), rest[nxt.end():]
                if span not in spans:
                    spans.append(span)
                break
    return f"[{' '.join(spans)}]" if spans else ""


def _names_before(q, quote, book=None) -> str:
    """'[Badger Hollow 2]' for "Currently, we expect an in-service date in the first quarter of 2023.", whose subject,
    a name the question asks about, only the sentence before it gives ("… the construction of Badger Hollow 2."); or,
    given the fact book, the sentence that introduces the part of the company its paragraph speaks of ("I'll discuss
    the business segments, starting with Diversified Industrial North America.")."""
    from index.script import match_key
    from rag.compose import PART_PARAGRAPHS, _named

    if not q.names:
        return _qualifier_before(q, quote, book) if QUALIFIER_INSERTION and book is not None else ""
    own = match_key(quote.sentence.text("en") + " " + quote.sentence.text("zh"))
    if _SEVERAL_PARTS.search(own):
        return ""  # "And on both platforms, we were not able to …" is no one part's sentence
    where = [quote.position - 1] if quote.position > 0 else []
    if book is not None and PART_PARAGRAPHS:
        facts = book.facts(quote.passage)
        where += [j for j in range(quote.position - 2, -1, -1) if facts[j].part_intro][:1]
    text = " ".join(quote.passage.sentences[j].text("en") for j in where)
    if quote.position == 0 and book is not None:  # opening its paragraph: the last sentence of the one before ("…
        # a quick word on our pending combination with Change Healthcare." ¶ "… the transaction should close …")
        from rag.compose import neighbour_paragraph

        previous = neighbour_paragraph(book, quote.passage, -1)
        if previous is not None and previous.sentences and getattr(previous, "speaker", None) == getattr(quote.passage, "speaker", None):
            text += " " + previous.sentences[-1].text("en")
    carried = getattr(book, "carried_intro", lambda *_: None)(quote.passage, quote.position) \
        if book is not None and PART_PARAGRAPHS else None
    if carried is not None:
        text += " " + carried[0].sentences[carried[1]].text("en")
    before = match_key(text)
    names = [n for n in q.names if not _named(match_key(n), own) and _named(match_key(n), before)]
    spans = []
    for n in names:  # as the sentence before writes it, with a number after it ("Badger Hollow 2")
        m = re.search(r"(?<![\w])%s(?:\s+(?:\d+|[IVX]+)\b)?" % re.escape(n), text, re.IGNORECASE)
        spans.append(m.group(0) if m else n)
    return f"[{' '.join(spans)}]" if spans else ""


WHO_NAMED = True  # "who …?" is answered by a sentence naming someone, or the call does not say who
WHEN_SECOND = True  # two questions, the second asking when: the date joins the first one's answer, not replaces it
ALONE_GIVING = True  # one item asked by itself is not given by an aggregate amount (session 27)
_ASKS_ALONE = re.compile(r"单独|单是|单就|\balone\b|\bseparately\b|\bby itself\b|\bon its own\b|\bstand-?alone\b"
                         r"|\bindividually\b")
_AGGREGATE = re.compile(r"\b(?:aggregate|combined|in total|together)\b|合计|共计|总计|合共")
DATE_POOL_LEADS = True  # a "when" question no dated sentence answers with most of its words: the nearest dated one that
# shares a quarter of them leads (session 27)
NAMED_GIVING = True  # a figure the glossary cannot name, asked of a name, is given only by a sentence naming it
LEAD_WITH_STATING = True
# A figure the glossary cannot name: when the lead gives no figure of the asked kind and a cited sentence about it
# does (``gives_figure``), that sentence leads.
LEAD_WITH_FIGURE = True
LEAD_NAMED = True
# The answering calls' own company names are none of the words a sentence must share with the question to be about
# what is asked ("How many electric frac fleets does Halliburton have deployed?" is not about "Currently, 100% of
# Halliburton's drilling jobs run on a cloud-based system")
OWN_NAME_NOT_ASKED = True
NAMED_LEADS = True  # a plan or reason asked of a named part is led by a sentence naming it (``_named_and_timed``)


def _named_and_timed(book, q, quote, lang, weights=None) -> bool:
    """A sentence that names the part a question asks about (or follows one that does) and looks the same way:
    ahead for an outlook asked, back for what happened."""
    from rag.compose import names_near

    f = book.facts(quote.passage)[quote.position]
    return names_near(q, quote.passage, quote.position, book) and f.forward == q.forward  # ... and one naming the part asked leads a lead whose figure is not that part's


# A quarter named by the month it ends in ("the September quarter") is the call's own when it is the one the call's
# management names most often so: fiscal companies' calls (ResMed's fiscal Q1 is the September quarter) say it so.
MONTH_QUARTERS = True
# A question asking an adjusted figure of calls that never name an adjusted form of that metric is answered by the
# figure they give unqualified (L3Harris reports "earnings per share of $3.18" and never says "adjusted EPS").
ADJUSTED_UNNAMED = True


def _asks_adjusted(question: str) -> bool:
    from rag.facts import ADJUSTED, match_key

    return bool(ADJUSTED.search(match_key(question)))


# Asked who, a lead naming someone by a first name only gives way to a sentence naming them in full (session 22)
WHO_FULL = True
# Asked when, a dated lead gives way to a more precise date about the same thing among the nearest few (session 22)
DATE_PRECISE = 4


# A GAAP figure asked of calls that also give the metric adjusted is stated only by a sentence that says GAAP (session 22)
GAAP_ONLY = True


def _asks_gaap(question: str) -> bool:
    from rag.facts import ADJUSTED, GAAP, match_key

    return bool(GAAP.search(match_key(question))) and not ADJUSTED.search(match_key(question))


def _names_adjusted(book, q, transcripts: set[str]) -> bool:
    from rag.compose import names_adjusted

    return names_adjusted(book, q, transcripts)


_PER_STORE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _per_store(store, name: str, compute: Callable):
    """``compute(store)``, once per store (views are cached per set of calls, so a warm question scans nothing)."""
    try:
        cached = _PER_STORE.setdefault(store, {})
    except TypeError:  # (a store made up for a test may not be weakly referenceable)
        return compute(store)
    if name not in cached:
        cached[name] = compute(store)
    return cached[name]


def _own_month_quarter(store) -> int | None:
    """The month-named quarter every call in ``store`` names most often in management's words, if they agree."""
    return _per_store(store, "month_quarter", _scan_month_quarter)


def _scan_month_quarter(store) -> int | None:
    from collections import Counter

    from rag.facts import month_quarters

    counts: dict[str, Counter] = {}
    for p in store.passages:
        if p.role == "management":
            counts.setdefault(p.transcript, Counter()).update(month_quarters(p.translation or p.original))
    own = {c.most_common(1)[0][0] for c in counts.values() if c}
    return own.pop() if len(own) == 1 and all(counts.values()) else None


def _quarter_period(q, catalogue, store) -> str | None:
    """The period of a question that names a quarter by number, from the calls it is asked of: "quarter" (the
    call's own: "What was Q2 revenue?" on the second-quarter call), else "other_quarter". Left as analysed when the
    question speaks of a fiscal quarter (FY26 Q1, 财年) or the calls' quarters are unknown."""
    if q.period not in (None, "quarter", "other_quarter"):
        return q.period
    fiscal = re.search(r"\bfy|\bfiscal|财年|财季|財年|財季", q.question, re.IGNORECASE) is not None
    transcripts = {p.transcript for p in store.passages}
    opening = _openings(store) if fiscal else {}
    own = [(int(c.period[:4]), int(c.period[-1])) for c in catalogue
           if c.id in transcripts and re.fullmatch(r"\d{4}Q[1-4]", c.period or "")
           and (not fiscal or _opens_with_quarter(opening.get(c.id, ""), int(c.period[:4]), int(c.period[-1])))]
    if not own:
        return q.period
    same = any(n in q.quarters and (not q.years or year in q.years) for year, n in own)
    if same:
        return "quarter"
    following = {(year + (n == 4), n % 4 + 1) for year, n in own}  # the quarter after the call's
    if q.forward and any(n in q.quarters and (not q.years or year in q.years) for year, n in following):
        return "next_quarters"  # "What sales is Amphenol guiding to for the fourth quarter?" on its Q3 call
    return "other_quarter"


_ORDINALS = ("first", "second", "third", "fourth")


def _opens_with_quarter(opening: str, year: int, n: int) -> bool:
    """Whether a call's host opening names its quarter with the year ("The Walt Disney Company's first quarter 2022
    financial results"): then a fiscal quarter asked ("fiscal Q1 2022") is compared with the call's. Elsewhere a
    call's period is a calendar quarter, and its fiscal quarter may differ (Alibaba's June quarter is Q1 FY26)."""
    word = _ORDINALS[n - 1]
    return re.search(rf"\b(?:{word} quarter|q{n})(?: of)?(?: fiscal)?(?: year)? (?:{year}|{year % 100})\b"
                     rf"|\b(?:fiscal (?:year )?)?(?:{year}|{year % 100}) (?:{word} quarter|q{n})\b", opening) is not None
    # ("AutoZone's 2021 Fourth Quarter Earnings Release Conference Call": the year before the quarter)


def _years_ahead(q, catalogue, store) -> bool:
    """Whether every year the question names is after the year each call it is asked of looks ahead to: its own
    year, or the next one for a fourth-quarter call (whose "full year" outlook is the next year's). A fiscal year
    ("fiscal 2023", FY26, 财年) is compared only with a call whose host opens with its fiscal year ("the FedEx
    Corporation third quarter fiscal year 2022 earnings conference call"): elsewhere a call's period is a calendar
    quarter, and its fiscal year may differ (Alibaba's quarter to June 2025 is in fiscal 2026)."""
    fiscal = re.search(r"\bfy|\bfiscal|财年|財年", q.question, re.IGNORECASE) is not None
    transcripts = {p.transcript for p in store.passages}
    opening = _openings(store)
    outlooks = _fiscal_outlooks(store) if fiscal and FISCAL_OUTLOOK_YEAR else {}
    horizons = []
    for c in catalogue:
        if c.id not in transcripts or not re.fullmatch(r"\d{4}Q[1-4]", c.period or ""):
            continue
        year = int(c.period[:4])
        if fiscal and outlooks.get(c.id):
            horizons.append(max(outlooks[c.id]))  # "let me move on to our fiscal 2021 outlook": fiscal 2022 is ahead
            continue
        if fiscal and not re.search(rf"\bfiscal (?:year )?{year}\b|\bfy ?(?:{year}|{year % 100})\b",
                                    opening.get(c.id, "")):
            return False
        horizons.append(year + (c.period[-1] == "4"))
    return bool(horizons) and all(y > max(horizons) for y in q.years)


FISCAL_OUTLOOK_YEAR = True  # a call that names the fiscal year its outlook is for tells which fiscal years lie ahead
_FISCAL_OUTLOOK = re.compile(r"\b(?:fiscal|fy) ?(?:year )?(20\d\d)(?: full[- ]year)? (?:outlook|guidance|forecast)\b"
                             r"|\b(?:outlook|guidance|forecast) for (?:the )?(?:full )?(?:fiscal|fy) ?(?:year )?(20\d\d)\b")


def _fiscal_outlooks(store) -> dict[str, tuple[int, ...]]:
    """The fiscal years each call's management gives its outlook for ("let me move on to our fiscal 2021 outlook for
    sales and earnings", "guidance for fiscal year 2022"), once per store."""
    return _per_store(store, "fiscal_outlooks", _scan_fiscal_outlooks)


def _scan_fiscal_outlooks(store) -> dict[str, tuple[int, ...]]:
    from index.script import match_key

    found: dict[str, set[int]] = {}
    for p in store.passages:
        if p.role != "management":
            continue
        for m in _FISCAL_OUTLOOK.finditer(match_key(p.original)):
            found.setdefault(p.transcript, set()).add(int(m.group(1) or m.group(2)))
    return {t: tuple(sorted(years)) for t, years in found.items()}


def _once(names: tuple[str, ...]) -> tuple[str, ...]:
    """Each name once, by its match key, in order of first appearance.

    >>> _once(("Quark", "quark", "JD.com"))
    ('Quark', 'JD.com')
    """
    from index.script import match_key

    out: dict[str, str] = {}
    for name in names:
        out.setdefault(match_key(name), name)
    return tuple(out.values())


# A question of several questions ("… 是多少？全年 … 指引是多少？"): each is also analysed alone, and the answer is not
# "not given" when a sentence of the call states what one of them asks.
PARTS_STATED = True
_PART_END = re.compile(r"(?<=[?？])\s*(?=\S)")


def _parts(question: str) -> list[str]:
    """The questions a question is made of, split after each question mark followed by more text.

    >>> _parts("截至第三季度资本开支是多少？全年指引是多少？")
    ['截至第三季度资本开支是多少？', '全年指引是多少？']
    >>> _parts("What was revenue?")
    ['What was revenue?']
    """
    return [p for p in _PART_END.split(question.strip()) if p.strip()]


def _check_question(question) -> str:
    if not isinstance(question, str):
        raise AskError(f"the question must be text, got {type(question).__name__}")
    try:
        question.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise AskError(f"the question contains a character that is not valid text ({question[exc.start]!r} at "
                       f"position {exc.start}, a lone surrogate); send the question as valid UTF-8") from None
    question = question.strip()
    if not question:
        raise AskError("the question is empty; ask something about the call, e.g. 'What is the capex plan?' "
                       "or '资本开支计划是什么？'")
    if len(question) > MAX_QUESTION_CHARS:
        raise AskError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}. "
                       "Ask one shorter question at a time.")
    return question
