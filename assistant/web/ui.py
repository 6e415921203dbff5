"""The Gradio chat UI: ask, read the cited passage highlighted, browse every direction, rate answers.

Chinese first and phone-friendly (columns stack below ~700px). Key elements carry stable `elem_id`s that the
browser test drives: question, send, chat, citation-select, source-panel, thumbs-up, thumbs-down.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import gradio as gr

from assistant.core.errors import AssistantError
from assistant.core.settings import Settings
from assistant.core.types import Citation
from assistant.web.feedback import FeedbackStore
from assistant.web.live import LiveAssistant
from assistant.web.source_view import citation_html, direction_html

ALL = "全部"
EXAMPLES = ["新版4.7 的起吊重量要求是多少？", "2022年度指南中氢能方向有哪些？", "项目实施周期一般是几年？",
            "脑机接口领域有哪些方向？", "What are the metrics of 2022 direction 1.1?"]
MODE_NAMES = {"extractive": "摘录式 extractive", "llm": "大模型 llm", "llm_fallback": "大模型失败→摘录 llm_fallback"}
SOURCE_HINT = '<p class="source-hint">点击回答下方的引用，在这里查看指南原文（引文以黄色标出）。</p>'
STREAM_PAUSE_S = 0.02  # between streamed lines: enough to read as streaming, too short to slow anyone down
# system fonts only: the default theme would fetch Google Fonts, which an offline intranet cannot reach
UI_THEME = gr.themes.Default(font=["system-ui", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"],
                             font_mono=["ui-monospace", "Consolas", "monospace"])
UI_HEAD = '<meta name="viewport" content="width=device-width, initial-scale=1">'
UI_CSS = """
.source-view { line-height: 1.7; }
.source-text { white-space: pre-wrap; }
.source-meta, .source-marker, #answer-mode { color: #6b7280; font-size: 0.85em; }
mark.cited { background: #fde68a; padding: 0 2px; border-radius: 3px; }
#source-panel, #browser-view { max-height: 70vh; overflow-y: auto; }
@media (max-width: 700px) { #source-panel, #browser-view { max-height: none; } }
"""


def _text(content: object) -> str:
    """A chat message's text, whether Gradio hands it back as a string or as a list of content blocks."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(_text(p.get("text", "") if isinstance(p, dict) else p) for p in content)
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return str(content or "")


def _history(chat: list) -> list[dict]:
    out = []
    for m in chat or []:
        role = m.get("role") if isinstance(m, dict) else getattr(m, "role", None)
        content = m.get("content") if isinstance(m, dict) else getattr(m, "content", "")
        if role in ("user", "assistant"):
            out.append({"role": role, "content": _text(content)})
    return out


def build_ui(live: LiveAssistant, store: FeedbackStore, settings: Settings) -> gr.Blocks:
    """Every event is private (api_visibility): the page calls them, Gradio's named API does not offer them."""
    start = live.get()
    labels = {d.edition.label: d.edition.id for d in start.documents}

    def docs() -> dict:
        return {d.edition.id: d for d in live.get().documents}

    def ask(question: str, chat: list, edition: str) -> Iterator[tuple]:
        chat = list(chat or [])
        try:  # Assistant.ask applies the same question and history limits as the HTTP API
            answer = live.get().ask(question, history=_history(chat), edition=None if edition == ALL else edition)
        except AssistantError as e:
            gr.Warning(str(e))
            yield chat, question, gr.update(), gr.update(), None, [], gr.update(), gr.update()
            return
        answer_id = store.log(answer, "ui")
        cites = [c.model_dump() for c in answer.citations]
        markers = list(dict.fromkeys(c.marker for c in answer.citations))
        mode = f"模式：{MODE_NAMES.get(answer.mode, answer.mode)} · {answer.latency_ms:.0f} ms · #{answer_id or '–'}"
        chat += [{"role": "user", "content": answer.question}, {"role": "assistant", "content": ""}]
        shown = ""
        for line in answer.answer.splitlines(keepends=True):
            shown += line
            chat[-1] = {"role": "assistant", "content": shown}
            yield chat, "", gr.update(), "", answer_id, cites, gr.update(), gr.update()
            time.sleep(STREAM_PAUSE_S)
        cite_update = gr.update(choices=markers, value=None, visible=bool(markers))
        yield chat, "", cite_update, mode, answer_id, cites, SOURCE_HINT, gr.update(value="")

    def open_citation(marker: str | None, cites: list[dict]) -> tuple:
        c = next((Citation.model_validate(x) for x in cites or [] if x["marker"] == marker), None)
        if c is None:
            return gr.update(), gr.update()
        return citation_html(docs(), live.get().index.directions, c), gr.Tabs(selected="source-tab")

    def rate(answer_id: int | None, comment: str, rating: int) -> tuple:
        if answer_id is None:
            return "请先提问，再评价回答。", gr.update()
        try:
            store.rate(answer_id, rating, comment)
        except AssistantError as e:  # an unknown id, or the log cannot be written
            return str(e), gr.update()
        return ("已记录：有帮助 👍，谢谢！" if rating > 0 else "已记录：没帮助 👎，谢谢反馈！"), ""

    def clear() -> tuple:
        return [], "", gr.update(choices=[], value=None, visible=False), "", None, [], SOURCE_HINT, ""

    def domains_of(label: str) -> dict:
        doc = docs()[labels[label]]
        choices = [f"{dom.number}. {dom.name}" for dom in doc.domains]
        return gr.update(choices=choices, value=choices[0] if choices else None)

    def directions_of(label: str, domain: str | None) -> dict:
        doc = docs()[labels[label]]
        dom = next((x for x in doc.domains if f"{x.number}. {x.name}" == domain), None)
        choices = [f"{d.number} {d.title}" for d in dom.directions] if dom else []
        return gr.update(choices=choices, value=choices[0] if choices else None)

    def read_direction(label: str, choice: str | None) -> str:
        if not choice:
            return ""
        d = live.get().index.directions.get(f"{labels[label]}:{choice.split(' ', 1)[0]}")
        return direction_html(docs()[labels[label]], d) if d else ""

    first = start.documents[0].edition.label if start.documents else ""
    with gr.Blocks(title="申报指南助手", analytics_enabled=False) as ui:
        gr.Markdown("## 申报指南助手\n「战略性科技创新合作」重点专项申报指南问答 · 每句回答都附原文出处",
                    elem_id="title")
        answer_id = gr.State(None)
        citations = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=340):
                edition = gr.Radio([ALL, *labels], value=ALL, label="指南版本", elem_id="edition-filter")
                chat = gr.Chatbot(label="对话", elem_id="chat", height=480, buttons=["copy", "copy_all"],
                                  feedback_options=None, placeholder="请在下方输入关于申报指南的问题。")
                mode = gr.Markdown("", elem_id="answer-mode")
                cite = gr.Radio([], label="引用出处（点击查看原文）", elem_id="citation-select", visible=False)
                with gr.Row():
                    question = gr.Textbox(placeholder="例如：新版4.7 的起吊重量要求是多少？", show_label=False,
                                          lines=1, max_lines=5, scale=5, elem_id="question", autofocus=True)
                    send = gr.Button("发送", variant="primary", scale=1, min_width=80, elem_id="send")
                gr.Examples([[q] for q in EXAMPLES], inputs=[question], label="示例问题", elem_id="examples")
                with gr.Row():
                    up = gr.Button("👍 有帮助", size="sm", elem_id="thumbs-up", min_width=90)
                    down = gr.Button("👎 没帮助", size="sm", elem_id="thumbs-down", min_width=90)
                    clear_btn = gr.Button("🗑 清空对话", size="sm", elem_id="clear", min_width=90)
                comment = gr.Textbox(placeholder="可选：说明哪里不对或缺了什么（随 👍/👎 一起提交）", show_label=False,
                                     lines=1, elem_id="feedback-comment")
                status = gr.Markdown("", elem_id="feedback-status")
            with gr.Column(scale=2, min_width=320):
                with gr.Tabs() as tabs:
                    with gr.Tab("引用原文", id="source-tab"):
                        source = gr.HTML(SOURCE_HINT, elem_id="source-panel")
                    with gr.Tab("浏览指南", id="browse-tab"):
                        b_edition = gr.Dropdown(list(labels), value=first, label="版本", elem_id="browse-edition")
                        b_domain = gr.Dropdown([], label="领域", elem_id="browse-domain")
                        b_direction = gr.Dropdown([], label="方向", elem_id="browse-direction")
                        browser = gr.HTML("", elem_id="browser-view")

        outputs = [chat, question, cite, mode, answer_id, citations, source, status]
        private = {"api_visibility": "private"}
        send.click(ask, [question, chat, edition], outputs, **private)
        question.submit(ask, [question, chat, edition], outputs, **private)
        cite.select(open_citation, [cite, citations], [source, tabs], **private).then(
            None, js="() => document.querySelector('#source-panel mark')?.scrollIntoView({block: 'center'})")
        up.click(lambda i, c: rate(i, c, 1), [answer_id, comment], [status, comment], **private)
        down.click(lambda i, c: rate(i, c, -1), [answer_id, comment], [status, comment], **private)
        clear_btn.click(clear, None, outputs, **private)
        b_edition.change(domains_of, b_edition, b_domain, **private)
        b_domain.change(directions_of, [b_edition, b_domain], b_direction, **private)
        b_direction.change(read_direction, [b_edition, b_direction], browser, **private)
        ui.load(domains_of, b_edition, b_domain, **private)
    return ui
