"""The chat page: one Gradio HTML component whose script (ui_assets/) runs the conversation in the browser.

Gradio serves the page, its optional login and the one private event the page calls (`act`); the markup, style and
script are data files in ui_assets/, the words are prompts/ui_<lang>.toml, and what each request does is
ui_actions.py. Conversations are kept in the browser's localStorage, so a reload or a new tab reopens them.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from assistant.core.settings import Settings
from assistant.web.feedback import FeedbackStore
from assistant.web.live import LiveAssistant
from assistant.web.ui_actions import UiActions
from assistant.web.ui_strings import load_ui_strings

ASSETS = Path(__file__).resolve().parent / "ui_assets"
SCRIPTS = ("util.js", "store.js", "render.js", "app.js")  # one scope, in this order
# system fonts only: the default theme would fetch Google Fonts, which an offline intranet cannot reach
UI_THEME = gr.themes.Default(font=["system-ui", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"],
                             font_mono=["ui-monospace", "Consolas", "monospace"])
UI_HEAD = ('<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">'
           '<meta name="color-scheme" content="light dark">')
UI_CSS = (ASSETS / "app.css").read_text(encoding="utf-8")


def page_script() -> str:
    return "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS)


def build_ui(live: LiveAssistant, store: FeedbackStore, settings: Settings) -> gr.Blocks:
    """The page; its event is private (api_visibility), so Gradio's named API does not offer it."""
    strings = load_ui_strings()
    actions = UiActions(live, store, settings, strings)
    config = {"strings": {lang: s.for_browser() for lang, s in strings.items()},
              "limits": {"max_question_chars": settings.max_question_chars,
                         "max_history_turns": settings.max_history_turns,
                         "max_history_turn_chars": settings.max_history_turn_chars}}
    title = strings["zh"].get("title")

    def act(evt: gr.EventData) -> gr.HTML:
        return gr.HTML(reply=actions.dispatch(getattr(evt, "_data", None)))

    with gr.Blocks(title=title, analytics_enabled=False, fill_height=True) as ui:
        app = gr.HTML(html_template=(ASSETS / "shell.html").read_text(encoding="utf-8"), js_on_load=page_script(),
                      elem_id="guide-app", apply_default_css=False, config=config, reply=None)
        # the page sends one request at a time; many pages may ask at once, as on /api/ask
        app.act(act, None, app, api_visibility="private", show_progress="hidden", queue=True,
                concurrency_limit=None, trigger_mode="multiple")
    return ui
