"""Transcript-derived text with HTML or Markdown in it reaches the chat escaped: no tag, no attribute, no
blank line (which would end the chat's HTML block and let Markdown through) comes from a transcript."""

import re
from html.parser import HTMLParser

import pytest

from rag.types import Answer, Citation
from ui.format import answer_html, error_html, question_html

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '"><a href="javascript:alert(1)">x</a>',
    "line one\n\n<b>after a blank line</b>",
    "[click](javascript:alert(1)) ![i](http://evil.example/x.png)",
    "&lt;already escaped&gt; &amp;",
]


def hostile_answer(payload: str) -> Answer:
    c = Citation(n=1, passage_id=f"{payload}:t1.p0", transcript=payload, speaker=payload, speaker_en=payload, title=payload,
                 role=payload, section=payload, turn=1, paragraph=0, text=payload, translation=payload, score=0.5,
                 answers=1, question_text=payload, question_translation=payload)
    return Answer(payload, "zh", "traditional", f"{payload} [1]", (c,))


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("display", [None, "简体", "繁體"])
def test_hostile_transcript_text_is_escaped_in_the_reply(payload, display):
    html = answer_html(hostile_answer(payload), "t1", display) + question_html(payload) + error_html(payload)
    assert "\n" not in html  # one line: the chat's Markdown never sees a blank line
    parsed = _Collect()
    parsed.feed(html)
    assert not {"img", "script"} & set(parsed.tags)
    assert all(not name.startswith("on") for name, _ in parsed.attrs)
    assert all(not (value or "").strip().lower().startswith("javascript") for _, value in parsed.attrs)
    hrefs = [value for name, value in parsed.attrs if name == "href"]
    assert hrefs and all(h.startswith("#") for h in hrefs)  # links stay on the page: markers, viewer, export
    first_line = payload.splitlines()[0]
    assert any(first_line in chunk for chunk in parsed.text)  # the payload is shown as text


def test_hostile_text_in_the_markdown_export_is_shown_as_written():
    """The export (ui/export.py): no link, image, HTML, heading or emphasis comes from a question or a transcript."""
    from ui.conversation import Exchange
    from ui.export import conversation_markdown

    for payload in PAYLOADS + ["What?\n# Owned\n> quoted\n1. listed", "**bold** _it_ `code` ~~x~~ | a | b |"]:
        turns = [Exchange("t1", payload, query=payload, answer=hostile_answer(payload)), Exchange("t2", payload, error=payload)]
        text = conversation_markdown(turns, {})
        for forbidden in ("<img", "<script", "<b>", "](javascript", "![", "**bold**", "`code`", "~~x~~"):
            assert not re.search(r"(?<!\\)" + re.escape(forbidden), text), (payload, forbidden)  # unescaped
        headings = [line for line in text.splitlines() if line.startswith("#")]
        assert all(line.startswith(("# Questions about the call", "## ", "### Sources")) for line in headings)
        assert not any(line.lstrip().startswith(("1. ", "- ", "> quoted")) for line in text.splitlines()
                       if not line.startswith("> "))
