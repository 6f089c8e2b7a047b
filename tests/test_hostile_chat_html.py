"""Transcript-derived text with HTML or Markdown in it reaches the chat escaped: no tag, no attribute, no
blank line (which would end the chat's HTML block and let Markdown through) comes from a transcript."""

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
    c = Citation(n=1, passage_id="x:t1.p0", transcript="x", speaker=payload, speaker_en=payload, title=payload,
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
    assert all("javascript" not in (value or "") for _, value in parsed.attrs)
    hrefs = [value for name, value in parsed.attrs if name == "href"]
    assert hrefs and all(h.startswith("#c-t1-") for h in hrefs)  # only the reply's own markers link anywhere
    first_line = payload.splitlines()[0]
    assert any(first_line in chunk for chunk in parsed.text)  # the payload is shown as text
