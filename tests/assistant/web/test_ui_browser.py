"""The chat page in headless Chromium against a real server, on a laptop in the light and the dark scheme and on a
phone: ask, follow up, open a citation, rate an earlier answer, regenerate, click a suggestion, paste HTML, reload and
reopen, switch to English. Screenshots of failures go to test-artifacts/."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.web.server import background_server, create_app

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
QUESTION = "新版4.7 的起吊重量要求是多少？"
MARKER = "[新版 4.7 考核指标(2)]"
PASTED = '<img src=x onerror="window.__pwned=1"><b>粗体</b> 中方参与单位最多几家？<script>window.__pwned=2</script>'
TIMEOUT_MS = 30_000
VIEWS = {"desktop-light": ({"width": 1366, "height": 800}, "light"),
         "desktop-dark": ({"width": 1366, "height": 800}, "dark"),
         "phone": ({"width": 390, "height": 844}, "light")}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (bash scripts/system-deps.sh)")


@pytest.fixture(scope="module")
def base(settings, assistant, db_path) -> Iterator[str]:
    with background_server(create_app(settings, assistant=assistant, feedback_db=db_path)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM),
                              args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@contextmanager
def page_at(browser, url: str, name: str, view: str = "desktop-light"):
    """A fresh browser profile on the page; on any failure, a screenshot whose path the assertion message names."""
    size, scheme = VIEWS[view]
    # reduced motion: the phone sheet opens at once, so its place can be measured
    context = browser.new_context(viewport=size, color_scheme=scheme, reduced_motion="reduce",
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url, wait_until="load")
        ready(page)
        yield page
        assert not errors, errors
    except Exception as e:
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"{name}-{view}.png"
        page.screenshot(path=str(shot))
        raise AssertionError(f"{e}\nscreenshot: {shot}") from e
    finally:
        context.close()


def ready(page) -> None:
    page.locator("#g-app[data-ready='1']").wait_for()


def ask(page, text: str) -> None:
    page.locator("#g-question").fill(text)
    page.locator("#g-question").press("Enter")


def answered(page, n: int):
    """The n-th answer, once n answers are shown and none is still coming."""
    page.wait_for_function("n => document.querySelectorAll('#g-log article.g-bot').length === n "
                           "&& !document.querySelector('#g-log .g-pending')", arg=n)
    return page.locator("#g-log article.g-bot").nth(n - 1)


def toast(page, words: str) -> None:
    page.locator(".g-toast", has_text=words).last.wait_for()


def contrast(page, selector: str) -> float:
    """WCAG contrast ratio between an element's text and its background."""
    colors = page.eval_on_selector(selector, "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")

    def luminance(css: str) -> float:
        channels = [int(x) / 255 for x in re.findall(r"\d+", css)[:3]]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted(map(luminance, colors), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def fits(page, view: str) -> None:
    """The page itself never scrolls: the chat scrolls inside, and the question box stays on screen."""
    height = VIEWS[view][0]["height"]
    assert page.evaluate("document.scrollingElement.scrollHeight") <= height + 1
    box = page.locator("#g-send").bounding_box()
    assert box["y"] + box["height"] <= height


def last_rating(db_path: Path, answer_id: int) -> tuple:
    with sqlite3.connect(db_path) as db:
        return db.execute("SELECT rating, comment FROM feedback WHERE answer_id = ? ORDER BY id DESC LIMIT 1",
                          (answer_id,)).fetchone()


@pytest.mark.parametrize("view", list(VIEWS))
def test_a_conversation(browser, base, db_path, view):
    phone = view == "phone"
    with page_at(browser, base + "/", "ui-conversation", view) as page:
        # first screen: what it answers, the examples and the labelled question box, without scrolling
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        assert page.locator("label[for='g-question']").inner_text() == "你的问题"
        assert "2022年度指南" in page.locator(".g-intro").inner_text()
        example = page.locator(".g-examples .g-chip").last.bounding_box()
        assert example["y"] + example["height"] <= VIEWS[view][0]["height"]
        fits(page, view)

        # ask by an example; the debug line is folded away
        page.locator(".g-examples .g-chip", has_text=QUESTION).click()
        first = answered(page, 1)
        chip = first.locator(f".g-cite[data-marker='{MARKER}']").first
        assert chip.inner_text() == MARKER[1:-1]
        assert not first.locator(".g-meta-line").is_visible()
        first.locator(".g-meta summary").click()
        assert "摘录式" in first.locator(".g-meta-line").inner_text()

        # the citation opens the cited span, highlighted and readable in this scheme
        chip.click()
        mark = page.locator("#g-source mark")
        mark.wait_for()
        assert "起吊重量不低于 1000kg" in mark.inner_text()
        assert contrast(page, "#g-source mark") >= 4.5
        assert contrast(page, "#g-send") >= 4.5  # white on the filled button, in this scheme too
        side = page.locator("#g-side").bounding_box()
        if phone:  # a sheet over the chat, with a way back — to the citation that opened it
            assert 0 <= side["y"] < VIEWS[view][0]["height"] / 2 and chip.bounding_box()["height"] <= 24
            page.locator("#g-side-close").click()
            page.wait_for_function("!document.querySelector('#g-side').classList.contains('g-open')")
            assert page.evaluate("document.activeElement.dataset.marker") == MARKER
            assert page.locator("#g-new").get_attribute("aria-label")  # its label is hidden on a phone
        else:  # beside the chat
            assert side["x"] >= page.locator("#g-log").bounding_box()["width"] - 1
        fits(page, view)

        # a follow-up is read from the history the page sends
        ask(page, "研究内容呢？")
        second = answered(page, 2)
        assert "[新版 4.7 研究内容" in "".join(second.locator(".g-cite").evaluate_all("cs => cs.map(c => c.dataset.marker)"))

        # rating an earlier answer rates that answer, with a comment
        first_id = int(first.get_attribute("data-answer-id"))
        first.locator(".g-rate-up").click()
        toast(page, "已记录：有帮助")
        first.locator(".g-comment input").fill("准确")
        first.locator(".g-comment button").click()
        toast(page, "说明已提交")
        assert last_rating(db_path, first_id) == (1, "准确")
        assert first.locator(".g-rate-up").get_attribute("aria-pressed") == "true"

        # copy, and regenerate the last answer: a new logged answer in its place
        second.locator(".g-copy").click()
        toast(page, "已复制")
        assert "4.7" in page.evaluate("navigator.clipboard.readText()")
        old = second.get_attribute("data-answer-id")
        second.locator(".g-regenerate").click()
        page.wait_for_function("old => { const a = document.querySelector('#g-log article[data-turn=\"1\"]');"
                               " return a && a.dataset.answerId && a.dataset.answerId !== old; }", arg=old)
        assert int(answered(page, 2).get_attribute("data-answer-id")) > int(old)

        # a suggested question is asked as shown, and the guidelines answer it
        suggestion = page.locator(".g-suggest .g-chip").first
        suggestion.wait_for()
        asked = suggestion.get_attribute("title")
        suggestion.click()
        third = answered(page, 3)
        assert page.locator(".g-user .g-bubble").nth(2).inner_text() == asked
        assert "g-refused" not in third.get_attribute("class")

        # pasted HTML is shown as typed and never becomes markup
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        ask(page, PASTED)
        answered(page, 4)
        bubble = page.locator(".g-user .g-bubble").nth(3)
        assert bubble.inner_text() == PASTED
        assert page.locator("#g-log img, #g-log b, #g-log script").count() == 0
        assert page.evaluate("window.__pwned") is None and not [u for u in requests if u.endswith("/x")]

        # a reload reopens the conversation; a new one starts empty; the list reopens the old one
        page.reload()
        ready(page)
        assert page.locator("#g-log article.g-bot").count() == 4
        assert page.locator("#g-log article.g-bot").first.locator(".g-rate-up").get_attribute("aria-pressed") == "true"
        page.locator("#g-new").click()
        page.locator(".g-examples").wait_for()
        page.locator("#g-convs-btn").click()
        page.locator(".g-conv-open", has_text=QUESTION[:8]).click()
        assert answered(page, 4) and page.locator(".g-user .g-bubble").first.inner_text() == QUESTION

        # the English interface: labels, examples, toasts and the frame around answers
        page.locator(".g-lang button[data-lang='en']").click()
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.locator("label[for='g-question']").inner_text() == "Your question"
        page.locator("#g-new").click()
        english = page.locator(".g-examples .g-chip").first
        english_question = english.inner_text()
        assert english_question.isascii()
        english.click()
        answer = answered(page, 1)
        answer.locator(".g-rate-down").click()
        toast(page, "Recorded as not helpful")
        assert page.locator(".g-toast strong").last.inner_text() == "Done"
        assert page.locator(".g-suggest h3").inner_text() == "Ask next"
        fits(page, view)


def test_browse_a_direction_on_a_phone(browser, base):
    with page_at(browser, base + "/", "ui-browse", "phone") as page:
        page.locator("#g-panel-btn").click()
        view = page.locator("#g-browse-view .source-view")
        view.wait_for()
        assert "1.1" in view.locator("h3").inner_text() and "研究内容" in view.inner_text()
        page.keyboard.press("Escape")
        page.wait_for_function("!document.querySelector('#g-side').classList.contains('g-open')")


def test_the_question_limit_is_shown_and_kept(browser, base, settings):
    with page_at(browser, base + "/", "ui-limit") as page:
        limit = settings.max_question_chars
        page.locator("#g-question").fill("问" * (limit + 1))
        counter = page.locator("#g-counter")
        assert counter.inner_text() == f"{limit + 1:,} / {limit:,} 字" and "g-over" in counter.get_attribute("class")
        page.locator("#g-send").click()
        toast(page, "问题过长")
        assert page.locator("#g-log article").count() == 0 and page.locator("#g-question").input_value()


def test_the_direction_read_stays_named_while_its_text_scrolls(browser, base):
    with page_at(browser, base + "/", "ui-sticky-head", "phone") as page:
        page.locator("#g-panel-btn").click()
        head = page.locator("#g-browse-view .source-head")
        head.wait_for()
        scrolled = page.eval_on_selector("#g-browse", "e => { e.scrollTop = e.scrollHeight; return e.scrollTop; }")
        assert scrolled > 0  # the text is longer than the sheet
        top = page.locator("#g-browse").bounding_box()["y"]
        assert top - 1 <= head.bounding_box()["y"] <= top + 2 and "1.1" in head.inner_text()


def test_a_failed_request_or_a_reload_loses_no_question(browser, base):
    with page_at(browser, base + "/", "ui-failed-request") as page:
        fail = lambda route: route.fulfill(status=500, body="boom")  # noqa: E731
        page.route("**/queue/join**", fail)
        ask(page, QUESTION)
        # at once, not after the two-minute timeout: the question is back in the box and the page can ask again
        page.wait_for_function("q => document.querySelector('#g-question').value === q "
                               "&& !document.querySelector('#g-send').disabled", arg=QUESTION, timeout=10_000)
        toast(page, "没能回答")
        assert not page.locator(".toast-wrap").is_visible()  # Gradio's raw "boom" is not shown
        page.unroute("**/queue/join**", fail)
        page.evaluate("localStorage.setItem('guide.v1.asked', '中方参与单位最多几家？')")  # cut off by a reload
        page.reload()
        ready(page)
        assert page.locator("#g-question").input_value() == "中方参与单位最多几家？"
        page.locator("#g-send").click()
        assert "10 家" in answered(page, 1).inner_text()


def test_the_phone_source_sheet_is_a_dialog_the_keyboard_stays_in(browser, base):
    with page_at(browser, base + "/", "ui-sheet-keyboard", "phone") as page:
        ask(page, QUESTION)
        chip = answered(page, 1).locator(f".g-cite[data-marker='{MARKER}']").first
        chip.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement && document.activeElement.id === 'g-side-close'")
        side = page.locator("#g-side")
        assert side.get_attribute("role") == "dialog" and side.get_attribute("aria-modal") == "true"
        for _ in range(6):  # Tab never reaches the chat the sheet covers
            page.keyboard.press("Tab")
            assert page.evaluate("document.querySelector('#g-side').contains(document.activeElement)")
        page.keyboard.press("Escape")
        page.wait_for_function("document.activeElement && document.activeElement.classList.contains('g-cite')")
        assert side.get_attribute("role") is None and not page.evaluate("document.querySelector('.g-chat').inert")


def test_the_same_message_does_not_pile_up_and_can_be_dismissed(browser, base, settings):
    with page_at(browser, base + "/", "ui-toasts", "phone") as page:
        page.locator("#g-question").fill("   ")
        page.locator("#g-send").click()
        toast(page, "请先输入")  # spaces alone: said, not silently ignored
        page.locator(".g-toast .g-toast-close").click()
        page.locator("#g-question").fill("问" * (settings.max_question_chars + 5))
        for _ in range(3):
            page.locator("#g-send").click()
        toast(page, "问题过长")
        assert page.locator(".g-toast").count() == 1
        page.locator(".g-toast .g-toast-close").click()
        assert page.locator(".g-toast").count() == 0 and page.locator("#g-question").input_value()
