"""``CallragError``: the base of every error that reaches the user as one clear line (bad input, bad settings).

Each stage keeps its own error class (``CorpusError``, ``TranscriptError``, ``AskError`` ...) and also derives
from this one, so a caller (the CLI, the HTTP API, the fuzz tests) can tell "the input was wrong, here is why"
from a bug. Anything else that escapes is a bug.

>>> from index.corpus import CorpusError
>>> issubclass(CorpusError, CallragError) and issubclass(CorpusError, ValueError)
True
"""


class CallragError(Exception):
    """An error whose message is meant for the user: one line saying what was wrong and what is expected.

    ``exit_code`` is what the ``callrag`` command exits with: 2 for bad input or settings (argparse's usage code),
    1 for a failure of something outside the input (a Chroma server that cannot be reached)."""

    exit_code = 2
