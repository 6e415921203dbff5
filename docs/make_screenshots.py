"""Regenerate the screenshots in docs/ from a real server and headless Chromium (Debian's /usr/bin/chromium).

    python -m assistant index && python docs/make_screenshots.py

Laptop 1366×800 in the light and the dark scheme, a phone 390×844 (the chat, then the source sheet), and the help
desk's /staff page. The feedback log is a temporary one.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from assistant.core.settings import Settings  # noqa: E402
from assistant.web.server import background_server, create_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
TOKEN = "screenshot-token"
QUESTION = "新版4.7 的起吊重量要求是多少？"
LAPTOP, PHONE = {"width": 1366, "height": 800}, {"width": 390, "height": 844}


def conversation(page) -> None:
    """Ask, follow up, and open the first answer's citation."""
    page.locator("#g-app[data-ready='1']").wait_for()
    page.locator(".g-examples .g-chip", has_text=QUESTION).click()
    page.locator("#g-log article.g-bot").first.wait_for()
    page.locator(".g-suggest .g-chip").first.wait_for()
    page.locator(".g-suggest .g-chip").first.click()
    page.wait_for_function("document.querySelectorAll('#g-log article.g-bot').length === 2 "
                           "&& !document.querySelector('#g-log .g-pending')")
    page.locator(".g-suggest .g-chip").first.wait_for()
    page.locator("#g-log article.g-bot").first.locator(".g-cite").first.click()
    page.locator("#g-source mark").wait_for()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(api_token=TOKEN), feedback_db=Path(tmp) / "feedback.sqlite3")
        assistant, store = app.state.live.get(), app.state.store
        for question, rating, comment in ((QUESTION, 1, ""), ("申报截止日期是哪天？", None, ""),
                                          ("What are the metrics of 2022 direction 1.1?", -1, "想看英文原文"),
                                          ("脑机接口方向的申报截止时间？", -1, "希望写明截止时间")):
            answer_id = store.log(assistant.ask(question), "ui")
            if rating:
                store.rate(answer_id, rating, comment)
        with background_server(app) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu",
                                                                        "--disable-background-networking"])
            for name, size, scheme in (("screenshot", LAPTOP, "light"), ("screenshot-dark", LAPTOP, "dark"),
                                       ("screenshot-phone", PHONE, "light")):
                context = browser.new_context(viewport=size, color_scheme=scheme, reduced_motion="reduce",
                                              device_scale_factor=2 if size is PHONE else 1)
                page = context.new_page()
                page.goto(url + "/")
                conversation(page)
                if size is PHONE:
                    page.locator("#g-side-close").click()
                    page.locator("#g-log").evaluate("log => log.scrollTop = 0")
                    page.screenshot(path=str(DOCS / f"{name}.png"))
                    page.locator("#g-log article.g-bot").first.locator(".g-cite").first.click()
                    page.locator("#g-side.g-open").wait_for()
                    name += "-source"
                page.screenshot(path=str(DOCS / f"{name}.png"))
                context.close()
            context = browser.new_context(viewport={"width": 1280, "height": 640},
                                          extra_http_headers={"Authorization": f"Bearer {TOKEN}"})
            page = context.new_page()
            page.goto(url + "/staff")
            page.screenshot(path=str(DOCS / "screenshot-staff.png"))
            browser.close()
    print("written:", ", ".join(sorted(p.name for p in DOCS.glob("screenshot*.png"))))


if __name__ == "__main__":
    main()
