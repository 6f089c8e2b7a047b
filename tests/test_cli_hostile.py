"""``callrag ask`` with bytes that are not UTF-8 (Python sees lone surrogates): one line, exit code 2."""

import subprocess
import sys

import pytest

from index.settings import ROOT
from callrag.cli import main


@pytest.mark.parametrize("argv, message", [
    (["ask", "capex \udcff"], "callrag ask: the question is not valid UTF-8 text (byte 0xff at position 6)"),
    (["ask", "\ud800"], "callrag ask: the question is not valid UTF-8 text ('\\ud800' at position 0)"),
    (["ask", "capex", "--speaker", "Wu\udce9"], "callrag ask: --speaker is not valid UTF-8 text (byte 0xe9"),
])
def test_a_question_that_is_not_text_is_one_line_and_exit_2(argv, message, capsys):
    assert main(argv) == 2  # UnicodeEncodeError (a traceback, exit 1) before
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1


def test_from_a_shell(tmp_path):
    """As a user's terminal sends it: the raw byte 0xff in the argument."""
    result = subprocess.run([sys.executable, "-m", "callrag", "ask", b"capex \xff plan"], cwd=ROOT,
                            capture_output=True, timeout=120)
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode() == ("callrag ask: the question is not valid UTF-8 text (byte 0xff at position 6);"
                                      " pass it as UTF-8\n")
