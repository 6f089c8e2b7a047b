"""The files of a built index, named once: the writer (``index/build.py``, ``index/library.py``) writes them, the
reader (``index/store.py``) reads them. A library call's folder holds the same files, without the ``chroma``
folder (its vectors live in the library's one collection) and with its own ``corpus.json``.

>>> PASSAGES, NODE_VECTORS, bm25("en")
('passages.jsonl', 'node_vectors.npy', 'bm25_en')
"""

from index.manifest import FILENAME as MANIFEST

PASSAGES = "passages.jsonl"        # one Passage per line (index/passages.py)
NODES = "nodes.json"               # [passage row, language] of each row of NODE_VECTORS
NODE_VECTORS = "node_vectors.npy"  # the passage vectors (both languages), for exact dense search
SENTENCES = "sentences.json"       # [passage row, sentence, language] of each row of SENTENCE_VECTORS
SENTENCE_VECTORS = "sentences.npy"
SENTENCE_HUBNESS = "sentence_hubness.npy"  # each sentence vector's mean similarity to its HUB_K neighbours (CSLS)
CHROMA = "chroma"                  # the embedded Chroma store's folder (also kept, empty, in server mode)
CORPUS = "corpus.json"             # a library call's corpus, as ingested
LANGUAGES = ("zh", "en")           # one BM25 index per language
HUB_K = 10                         # neighbours that define a vector's hubness (CSLS)


def bm25(lang: str) -> str:
    """The folder of one language's BM25 index (bm25s)."""
    return f"bm25_{lang}"


# What a complete bundled index holds (checked before it is used), and what a library call's folder holds.
INDEX_FILES = (MANIFEST, PASSAGES, CHROMA, *(bm25(lang) for lang in LANGUAGES), SENTENCE_VECTORS, SENTENCES,
               SENTENCE_HUBNESS, NODE_VECTORS, NODES)
CALL_FILES = (CORPUS, PASSAGES, NODES, NODE_VECTORS, SENTENCE_VECTORS, SENTENCES, SENTENCE_HUBNESS, MANIFEST)
