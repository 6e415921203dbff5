"""Suggested next questions come from the index and the interface templates, and the guidelines answer every one."""

from __future__ import annotations

import pytest

from assistant.web.ui_strings import load_ui_strings
from assistant.web.ui_suggest import Asked, candidates, next_questions


def asked_after(assistant, question: str, edition: str | None = None) -> Asked:
    a = assistant.ask(question, edition=edition)
    return Asked(question, [], edition, a.answerable, [(c.document, c.direction, c.section) for c in a.citations],
                 [(s.edition, s.direction) for s in a.suggestions])


def answered_as_offered(assistant, suggestions: list[dict]) -> None:
    for s in suggestions:
        a = assistant.ask(s["question"], edition=s["edition"])
        assert a.answerable and a.citations, s


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_after_one_direction_the_sections_it_did_not_quote(assistant, lang):
    strings = load_ui_strings()[lang]
    asked = asked_after(assistant, "新版4.7 的起吊重量要求是多少？")
    out = next_questions(assistant, strings, asked, limit=3)
    d = assistant.index.directions["joint-rd-draft:4.7"]
    expected = [strings.get("section_question", edition="新版", number="4.7", section=strings.sections.get(s.name, s.raw_name))
                for s in d.sections if s.name != "考核指标"]
    assert [s["question"] for s in out] == expected and all(s["edition"] == "新版" for s in out)
    answered_as_offered(assistant, out)


def test_a_refusal_offers_its_related_directions(assistant):
    strings = load_ui_strings()["zh"]
    asked = asked_after(assistant, "脑机接口方向的申报截止时间？")
    assert not asked.answerable and asked.related
    out = next_questions(assistant, strings, asked, limit=3)
    edition, number = asked.related[0]
    assert out[0]["question"] == strings.get("overview_question", edition=edition, number=number)
    assert out[0]["label"].startswith(f"{edition} {number} ")
    answered_as_offered(assistant, out)


def test_the_same_question_for_an_edition_the_answer_did_not_cite(assistant):
    strings = load_ui_strings()["zh"]
    asked = asked_after(assistant, "项目实施周期一般是几年？", edition="新版")
    out = next_questions(assistant, strings, asked, limit=3)
    assert {"label": "同一问题只看2022年度指南", "question": "项目实施周期一般是几年？", "edition": "2022"} in out
    answered_as_offered(assistant, out)


def test_a_candidate_the_guidelines_do_not_answer_is_not_offered(assistant):
    strings = load_ui_strings()["zh"]
    asked = asked_after(assistant, "新版4.7 的起吊重量要求是多少？")
    offered = candidates(assistant, strings, asked)
    other = next(q for q in offered if q.edition == "2022")  # 2022 has no direction 4.7: it would be refused
    assert not assistant.ask(other.question, edition=other.edition).answerable
    assert other.question not in [s["question"] for s in next_questions(assistant, strings, asked, limit=5)
                                  if s["edition"] == "2022"]


def test_what_the_browser_sends_is_looked_up_not_trusted(assistant):
    strings = load_ui_strings()["zh"]
    bogus = Asked("x", [], None, True, [("no-such-edition", "9.9", "考核指标"), ("joint-rd-draft", "99.1", "")],
                  [("1999", "1.1")])
    assert candidates(assistant, strings, bogus) == []
    refused = Asked("x", [], None, False, [], [("新版", "99.1"), ("1999", "1.1")])
    assert candidates(assistant, strings, refused) == []
