"""The chat in a real browser: Playwright driving Debian's Chromium (headless) against a ``callrag chat`` server.

Without /usr/bin/chromium these tests skip, unless CALLRAG_REQUIRE_BROWSER=1 (CI), which makes them fail.
CALLRAG_SCREENSHOT=1 saves the screenshot of a real answer to docs/screenshot.png (otherwise to a temporary folder).
"""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from index.settings import ROOT
from ui.app import running_server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
CAPEX_EN, CAPEX_ZH = "What is the capex plan?", "资本开支计划是什么？"
TIMEOUT_MS = 60_000


def _missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


REQUIRED = os.environ.get("CALLRAG_REQUIRE_BROWSER") == "1"
if _missing() and not REQUIRED:
    pytest.skip(_missing(), allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    if _missing():
        pytest.fail(f"{_missing()}, and CALLRAG_REQUIRE_BROWSER=1 requires the browser tests to run")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def url(browser, built):
    env = {**os.environ, "CALLRAG_INDEX_DIR": str(built.index_dir), "CALLRAG_CORPORA_DIR": str(built.corpora_dir)}
    with running_server(env=env) as url:
        yield url


@pytest.fixture()
def page(browser, url):
    """A fresh page (its own storage, so no history) that records any request leaving this machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.outside = []

    def record(request):
        if request.url.startswith("http") and urlparse(request.url).hostname != "127.0.0.1":
            page.outside.append(request.url)

    page.on("request", record)
    page.goto(url)
    page.wait_for_selector("#question textarea")
    yield page
    context.close()


def ask(page, question: str) -> None:
    """Type a question, press Ask, wait for its reply (an answer or a message) to replace the working note."""
    replies = page.locator("#chat .cr-reply, #chat .cr-error")
    before = replies.count()
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    page.wait_for_function(f"document.querySelectorAll('#chat .cr-reply, #chat .cr-error').length > {before}"
                           " && !document.querySelector('#chat .cr-working')")


def test_capex_in_english_cites_eddie_wu(page, tmp_path):
    page.evaluate("""() => { window.sawWorking = false;
        new MutationObserver(() => { if (document.querySelector('#chat .cr-working')
            || document.querySelector('#ask')?.disabled) window.sawWorking = true; })
        .observe(document.body, {subtree: true, childList: true, attributes: true}); }""")
    ask(page, CAPEX_EN)
    assert page.evaluate("window.sawWorking"), "no working state was shown while the answer was computed"
    reply = page.locator("#chat .cr-reply").last
    text = reply.inner_text()
    assert "Eddie Wu" in text and "380" in text and "3800" in text and "[1]" in text
    first = reply.locator(".cr-cite").first
    assert "Eddie Wu (CEO)" in first.inner_text() and "吳泳銘" in first.inner_text()
    marker = reply.locator("a.cr-ref").first
    target = marker.get_attribute("href")
    assert target.startswith("#c-") and reply.locator(target).count() == 1  # the marker's passage, in this reply
    page.wait_for_timeout(300)
    shot = ROOT / "docs" / "screenshot.png" if os.environ.get("CALLRAG_SCREENSHOT") == "1" else tmp_path / "s.png"
    page.screenshot(path=str(shot))
    marker.click()
    page.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }", arg=target[1:])
    assert page.outside == [], "the page reached outside this machine"


def test_capex_in_chinese_then_simplified_and_traditional(page):
    ask(page, CAPEX_EN)
    ask(page, CAPEX_ZH)
    replies = page.locator("#chat .cr-reply")
    zh = replies.nth(1).inner_text()
    assert "吴泳铭（CEO）：" in zh and "3800亿" in zh and "[1]" in zh
    assert "吳泳銘" in replies.nth(0).inner_text()  # the English question's passages: as written (Traditional)
    page.get_by_label("简体").check()
    page.wait_for_function("!document.querySelector('#chat').innerText.includes('吳泳銘')")
    chat = page.locator("#chat").inner_text()
    assert "吴泳铭" in chat and "资本开支" in chat
    page.get_by_label("繁體").check()
    page.wait_for_function("document.querySelector('#chat').innerText.includes('吳泳銘（CEO）：')")
    assert "資本開支" in page.locator("#chat").inner_text()
    # every marker points at a passage of its own reply, never another message's
    for i in range(replies.count()):
        for href in replies.nth(i).locator("a.cr-ref").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            assert replies.nth(i).locator(href).count() == 1 and page.locator(href).count() == 1


def test_empty_question_is_answered_with_a_message(page):
    ask(page, "")
    assert "The question is empty" in page.locator("#chat .cr-error").last.inner_text()
    ask(page, "q" * 2001)
    assert "the limit is 2000" in page.locator("#chat .cr-error").last.inner_text()
    assert "Traceback" not in page.locator("#chat").inner_text()
    assert page.locator("#ask").is_enabled()  # ready for the next question


def test_history_and_citations_survive_a_reload(page):
    ask(page, CAPEX_EN)
    ask(page, "and the riders?")
    follow = page.locator("#chat .cr-reply").last.inner_text()
    assert f"retrieved with “{CAPEX_EN} and the riders?”" in follow
    before = page.locator("#chat").inner_html()
    page.reload()
    page.wait_for_function("document.querySelectorAll('#chat .cr-reply').length == 2")
    assert page.locator("#chat a.cr-ref").count() >= 2
    assert sorted(page.locator("#chat .cr-cite").evaluate_all("els => els.map(e => e.id)")) == \
        sorted(re.findall(r'class="cr-cite" id="([^"]+)"', before))
    page.locator("#clear").click()
    page.wait_for_function("document.querySelectorAll('#chat .cr-reply').length == 0")
    page.reload()
    page.wait_for_selector("#question textarea")
    page.wait_for_timeout(1500)  # the history would be drawn by now
    assert page.locator("#chat .cr-reply").count() == 0
