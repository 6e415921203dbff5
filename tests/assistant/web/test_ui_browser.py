"""The Gradio UI in headless Chromium against a real server: ask, see a cited answer, open the highlighted source,
rate it 👍, and find the rating in SQLite. Screenshots of failures go to test-artifacts/."""

from __future__ import annotations

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
TIMEOUT_MS = 30_000

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
def page_at(browser, url: str, name: str, width: int = 1280):
    """A page on the UI; on any failure, a screenshot whose path the assertion message names."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(url, wait_until="load")
        page.locator("#question textarea").wait_for()
        yield page
    except Exception as e:
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        raise AssertionError(f"{e}\nscreenshot: {shot}") from e
    finally:
        page.close()


def test_ask_open_source_and_rate(browser, base, db_path):
    with page_at(browser, base + "/", "ui-ask") as page:
        page.locator("#question textarea").fill(QUESTION)
        page.locator("#send").click()
        cite = page.locator("#citation-select label", has_text=MARKER)
        cite.wait_for()
        assert MARKER in page.locator("#chat").inner_text()
        assert "extractive" in page.locator("#answer-mode").inner_text()

        cite.click()
        mark = page.locator("#source-panel mark")
        mark.wait_for()
        assert "起吊重量不低于 1000kg" in mark.inner_text()
        assert "4.7" in page.locator("#source-panel h3").inner_text()

        page.locator("#feedback-comment textarea").fill("准确")
        page.locator("#thumbs-up").click()
        page.locator("#feedback-status", has_text="已记录").wait_for()
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT a.question, a.source, f.rating, f.comment FROM feedback f "
                          "JOIN answers a ON a.id = f.answer_id").fetchall()
    assert rows == [(QUESTION, "ui", 1, "准确")]


def test_browse_a_direction_on_a_phone(browser, base):
    with page_at(browser, base + "/", "ui-browse", width=400) as page:
        page.get_by_role("tab", name="浏览指南").click()
        view = page.locator("#browser-view .source-view")
        view.wait_for()
        assert "1.1" in view.locator("h3").inner_text()
        assert "研究内容" in view.inner_text()


def test_the_ui_applies_the_same_question_limit(browser, base, settings):
    with page_at(browser, base + "/", "ui-limit") as page:
        page.locator("#question textarea").fill("问" * (settings.max_question_chars + 1))
        page.locator("#send").click()
        page.get_by_text("问题过长").first.wait_for()
        assert "问题过长" not in page.locator("#chat").inner_text()  # refused, not answered
