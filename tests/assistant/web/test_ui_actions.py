"""What the chat page asks of the server, without a browser: every op, and every malformed request answered with a
message in the interface language instead of an exception."""

from __future__ import annotations

import pytest

from assistant.web.feedback import FeedbackStore
from assistant.web.live import LiveAssistant
from assistant.web.ui_actions import UiActions
from assistant.web.ui_strings import load_ui_strings

QUESTION = "新版4.7 的起吊重量要求是多少？"


@pytest.fixture(scope="module")
def actions(settings, assistant, db_path) -> UiActions:
    live = LiveAssistant(settings.index_dir, lambda: assistant, assistant)
    return UiActions(live, FeedbackStore(db_path), settings, load_ui_strings())


def call(actions: UiActions, op: str, lang: str = "zh", **args) -> dict:
    reply = actions.dispatch({"op": op, "seq": 7, "lang": lang, "args": args})
    assert reply["seq"] == 7
    return reply


def ok(reply: dict):
    assert reply["ok"], reply
    return reply["data"]


def test_init_lists_editions_and_says_what_it_answers(actions):
    data = ok(call(actions, "init"))
    assert [e["label"] for e in data["editions"]] == ["新版", "2022"]
    first = data["editions"][0]["domains"][0]
    assert first["directions"][0] == {"number": "1.1", "title": first["directions"][0]["title"]}
    assert "新版指南和2022年度指南" in data["tagline"]["zh"] and "战略性科技创新合作" in data["tagline"]["zh"]
    assert "newer draft (新版) and 2022 edition" in data["tagline"]["en"]


def test_ask_logs_the_answer_for_rating(actions, db_path):
    answer = ok(call(actions, "ask", question=QUESTION, history=[], edition=None))
    assert answer["answerable"] and answer["citations"][0]["marker"] in answer["answer"]
    assert FeedbackStore(db_path).answer(answer["id"])["source"] == "ui"
    assert ok(call(actions, "rate", id=answer["id"], rating=-1, comment="缺单位"))["feedback_id"] >= 1
    assert FeedbackStore(db_path).feedback(answer["id"])[-1]["comment"] == "缺单位"


def test_follow_up_with_history_and_edition(actions, settings):
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "…[新版 4.7 考核指标(2)]"}]
    answer = ok(call(actions, "ask", question="研究内容呢？", history=history, edition="新版"))
    assert {c["direction"] for c in answer["citations"]} == {"4.7"}
    # an earlier question longer than the history limit is dropped with its answer, not a reason to fail
    long = [{"role": "user", "content": "问" * (settings.max_history_turn_chars + 1)},
            {"role": "assistant", "content": "…"}]
    assert ok(call(actions, "ask", question="研究内容呢？", history=long + history))["answerable"]
    assert actions.history(long + history) == history


@pytest.mark.parametrize("request_, words", [
    ({"op": "ask", "seq": 7, "args": {"question": "  "}}, "问题为空"),
    ({"op": "ask", "seq": 7, "args": {"question": 42}}, "question must be text"),
    ({"op": "ask", "seq": 7, "args": {"question": QUESTION, "edition": "1999"}}, "unknown edition"),
    ({"op": "rate", "seq": 7, "lang": "en", "args": {"id": None, "rating": 1}}, "was not logged"),
    ({"op": "rate", "seq": 7, "args": {"id": 1, "rating": True}}, "rating must be 1 or -1"),
    ({"op": "rate", "seq": 7, "args": {"id": 10**9, "rating": 1}}, "no answer with id"),
    ({"op": "source", "seq": 7, "args": {"citation": {"marker": "<b>"}}}, "citation"),
    ({"op": "direction", "seq": 7, "lang": "en", "args": {"document": "2022-draft", "number": "9.9"}},
     "no longer at this place"),
    ({"op": "drop_tables", "seq": 7, "lang": "en", "args": {}}, "could not be answered"),
    ({"op": "ask", "seq": 7, "args": "not a dict"}, "没能回答"),
])
def test_bad_requests_get_a_message(actions, request_, words):
    reply = actions.dispatch(request_)
    assert reply["seq"] == 7 and not reply["ok"] and words in reply["error"]


@pytest.mark.parametrize("lang, said, unsaid", [("zh", "问题为空", "empty"), ("en", "The question is empty", "问题")])
def test_an_error_is_said_in_the_page_language_alone(actions, lang, said, unsaid):
    reply = actions.dispatch({"op": "ask", "seq": 1, "lang": lang, "args": {"question": "\u200b "}})
    assert said in reply["error"] and unsaid not in reply["error"]


def test_anything_unexpected_is_a_message_not_a_trace(actions, monkeypatch):
    monkeypatch.setitem(actions.ops, "init", lambda args, s: 1 / 0)
    assert actions.dispatch({"op": "init", "seq": 1, "args": {}})["error"].startswith("这次没能回答")
    assert actions.dispatch(None) == {"seq": 0, "ok": False, "error": load_ui_strings()["zh"].get("error_generic")}


def test_source_marks_the_quote_even_after_the_text_moved(actions, assistant):
    c = assistant.ask(QUESTION).citations[0].model_dump()
    html = ok(call(actions, "source", citation=c))["html"]
    assert '<mark class="cited">' + c["quote"] in html
    moved = ok(call(actions, "source", citation={**c, "start": c["start"] + 5, "end": c["end"] + 5}))
    assert not moved["moved"] and '<mark class="cited">' + c["quote"] in moved["html"]
    gone = ok(call(actions, "source", citation={**c, "quote": "这句话不在指南里"}))
    assert gone["moved"] and "<mark" not in gone["html"] and "4.7" in gone["html"]


def test_direction_for_the_guideline_browser(actions):
    html = ok(call(actions, "direction", document="2022-draft", number="1.1"))["html"]
    assert 'data-direction="2022-draft:1.1"' in html and "考核指标" in html
