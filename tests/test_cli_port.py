"""``callrag chat --port`` outside 1-65535 is a one-line error with exit code 2 (it listened on a random port)."""

import pytest

from ui.app import ServeError, _check_free
from callrag.cli import main


@pytest.mark.parametrize("port", ["99999", "65536", "0", "-1"])
def test_a_port_outside_the_range_is_an_error(port, capsys):
    assert main(["chat", "--port", port]) == 2
    err = capsys.readouterr().err
    assert err == f"callrag chat: --port must be a whole number from 1 to 65535, got {port}\n"


def test_serve_checks_the_port_too():
    with pytest.raises(ServeError, match="the port must be a whole number from 1 to 65535, got 99999"):
        _check_free("127.0.0.1", 99999)
