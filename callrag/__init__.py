"""The composition root: the ``callrag`` command (``callrag/cli.py``) imports the parts (index, rag, ui, eval) and
wires them; no part imports it. The layering is a contract, checked by import-linter (``.importlinter``,
tests/test_layers.py): index → rag → ui, with eval measuring rag; only this package imports them all."""
