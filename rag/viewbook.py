"""The FactBook of several calls (a ``StoreView``), assembled from each call's own book.

An unscoped question over a library is answered from the few calls it routes to; each new combination of calls
is a new view. Building a view's ``FactBook`` from its texts re-read every passage of every call in it (glossary
terms of all passages, word document frequencies): about 0.5-3 s per new view on this machine, paid by almost
every unscoped question once the library has more than a handful of calls (docs/scaling.md). Here each call's
book is built once per process (kept on the call's ``IndexStore``), and a view combines them:

- ``terms_in_calls``: the union of the calls' terms (a union over passages is the union of the per-call unions);
- word IDF: from the summed per-call document frequencies and passage counts (the same numbers as counting over
  the view's passages);
- sentence facts and contexts: the call's own (they depend only on the call's passages).

``tests/test_server.py`` checks that a combined book equals one built from the view's texts.
"""

from __future__ import annotations

from functools import cached_property

from rag.compose import FactBook, idf_table


def call_book(store) -> FactBook:
    """The book of one call's store, built once and kept with the store."""
    book = getattr(store, "_call_book", None)
    if book is None:
        book = FactBook(store)
        store._call_book = book
    return book


def document_frequencies(store) -> dict[str, tuple[int, dict[str, int]]]:
    """Per language: (passages with text, word -> passages containing it) of one call, kept with the store.
    The counting is FactBook._idf's."""
    cached = getattr(store, "_call_df", None)
    if cached is None:
        from index.tokenize import tokenize

        cached = {}
        for lang in ("zh", "en"):
            df: dict[str, int] = {}
            texts = [p.text(lang) for p in store.passages if p.text(lang)]
            for text in texts:
                for w in set(tokenize(text, lang)):
                    df[w] = df.get(w, 0) + 1
            cached[lang] = (len(texts), df)
        store._call_df = cached
    return cached


class _ByCall(dict):
    """A dict of per-passage (or per-sentence) entries kept in each call's own book: keys start with the passage id,
    whose prefix before ':' is the call."""

    def __init__(self, books: dict[str, FactBook], attribute: str):
        super().__init__()
        self.books, self.attribute = books, attribute

    def _target(self, key) -> dict:
        pid = key[0] if isinstance(key, tuple) else key
        return getattr(self.books[pid.split(":", 1)[0]], self.attribute)

    def __contains__(self, key) -> bool:
        return key in self._target(key)

    def __getitem__(self, key):
        return self._target(key)[key]

    def __setitem__(self, key, value) -> None:
        self._target(key)[key] = value

    def get(self, key, default=None):
        return self._target(key).get(key, default)


class ViewBook(FactBook):
    """A FactBook over a view of several calls, from the calls' own books."""

    @cached_property
    def _books(self) -> dict[str, FactBook]:
        return {st.passages[0].transcript: call_book(st) for st in self.store.stores if st.passages}

    @cached_property
    def terms_in_calls(self) -> frozenset[str]:
        return frozenset().union(*(b.terms_in_calls for b in self._books.values()))

    @cached_property
    def _facts(self):
        return _ByCall(self._books, "_facts")

    @cached_property
    def _context(self):
        return _ByCall(self._books, "_context")

    @cached_property
    def _idf(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        parts = [document_frequencies(st) for st in self.store.stores]
        for lang in ("zh", "en"):
            df: dict[str, int] = {}
            for part in parts:
                for w, d in part[lang][1].items():
                    df[w] = df.get(w, 0) + d
            out[lang] = idf_table(df, sum(part[lang][0] for part in parts))
        return out


def book_of(store) -> FactBook:
    """A store's book: a call's own, or a view's combined from its calls' books."""
    if len(getattr(store, "stores", ())) > 1:
        return ViewBook(store)
    return call_book(store.stores[0] if hasattr(store, "stores") else store)
