"""LLM answer mode against a real HTTP server speaking the OpenAI protocol (tests/fake_openai.py), scripted per test."""

from __future__ import annotations

import json
import shutil
import socket
import time

import pytest
from fake_openai import FakeOpenAI

from assistant.answer.pipeline import Assistant
from assistant.core.errors import ConfigError
from assistant.llm.client import LLMError, OpenAICompatibleLLM
from assistant.llm.answer import UNAVAILABLE_NOTE, attach_llm, build_context, condense, load_llm_prompts
from assistant.core.templates import PROMPTS_DIR
from index.tokens import count_tokens

METRIC_Q = "4.7方向的考核指标是什么？"


@pytest.fixture(scope="module")
def fake():
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh(fake):
    fake.reset()


def llm_assistant(base: Assistant, url: str, **update) -> Assistant:
    it = Assistant(base.settings.model_copy(update={"llm_base_url": url, "llm_timeout": 2, **update}),
                   base.index, base.templates)
    attach_llm(it)
    return it


@pytest.fixture(scope="module")
def llm(assistant, fake) -> Assistant:
    return llm_assistant(assistant, fake.url)


@pytest.fixture(scope="module")
def stripping(assistant, fake) -> Assistant:
    return llm_assistant(assistant, fake.url, llm_on_fail="strip")


def passage_ids(it: Assistant, question: str, *needles: str) -> list[str]:
    """The ids the LLM path will give the passages quoting each needle, built exactly as llm_answer builds them."""
    job = it.plan(question, [], None)
    passages = build_context(it.refiner, job, it.answer([job]))
    return [next(p.id for p in passages if n in p.citation.quote) for n in needles]


def assert_fallback(answer, extractive, *mentions: str) -> None:
    assert answer.mode == "llm_fallback"
    assert answer.verification is not None and not answer.verification.ok
    assert answer.citations == extractive.citations
    problems = " ".join(answer.verification.problems)
    for m in mentions:
        assert m in problems, problems


# ---------------------------------------------------------------------------------------------------- success
def test_faithful_answer_is_llm_mode_with_real_citations(llm, fake):
    lift, patents = passage_ids(llm, METRIC_Q, "1000kg", "不少于 5 项")
    fake.enqueue(f"新版 4.7 方向的考核指标包括：\n- 起吊重量不低于 1000kg。[{lift}]\n"
                 f"- 申请发明专利不少于 5 项，其中国际专利不少于 1 项。[{patents}]")
    a = llm.ask(METRIC_Q)
    assert a.mode == "llm" and a.verification.ok, a.verification
    assert "[新版 4.7 考核指标(2)]" in a.answer and "[新版 4.7 考核指标(5)]" in a.answer
    assert "[C" not in a.answer
    assert [c.marker for c in a.citations] == ["[新版 4.7 考核指标(2)]", "[新版 4.7 考核指标(5)]"]
    for c in a.citations:
        assert llm.index.document[c.document].text[c.start:c.end] == c.quote
    # the model saw the numbered passages, the rules and the question fenced as data
    system, user = fake.requests[0]["body"]["messages"]
    assert system["role"] == "system" and "[C3]" in system["content"]
    assert "[C1]" in user["content"] and "1000kg" in user["content"]
    assert f"<<<QUESTION\n{METRIC_Q}\nQUESTION>>>" in user["content"]


def test_server_built_answer_from_the_prompt(llm, fake):
    def echo_first_passage(body: dict) -> str:  # a "model" that copies the first sentence of passage C1
        user = body["messages"][-1]["content"]
        quote = user.split("[C1]", 1)[1].split("\n", 2)[1]
        return quote.split("。")[0].split("；")[0] + "。[C1]"

    fake.enqueue(echo_first_passage)
    a = llm.ask(METRIC_Q)
    assert a.mode == "llm", a.verification
    assert a.citations[0].marker == "[新版 4.7 考核指标(1)]" and "2mm" in a.answer


def test_english_question_gets_english_instruction(llm, fake):
    (lift,) = passage_ids(llm, "What are the metrics of direction 4.7?", "1000kg")
    fake.enqueue(f"Direction 4.7 requires a lifting weight of at least 1000 kg [{lift}].")
    a = llm.ask("What are the metrics of direction 4.7?")
    assert a.mode == "llm", a.verification
    assert "Answer in English" in fake.prompt()


def test_refusal_stays_a_refusal_without_calling_the_llm(llm, fake):
    a = llm.ask("国家自然科学基金杰青项目的申报条件是什么？")
    assert not a.answerable and a.mode == "extractive"
    assert fake.requests == []


# ---------------------------------------------------------------------------------------------------- caught
def test_invented_number_falls_back(llm, assistant, fake):
    (lift,) = passage_ids(llm, METRIC_Q, "1000kg")
    fake.enqueue(f"起吊重量不低于 3000kg。[{lift}]")
    a = llm.ask(METRIC_Q)
    assert_fallback(a, assistant.ask(METRIC_Q), "3000kg")
    assert a.answer == assistant.ask(METRIC_Q).answer  # verified quotes, no note: nothing was unavailable


def test_changed_unit_is_caught(llm, assistant, fake):
    (lift,) = passage_ids(llm, METRIC_Q, "1000kg")
    fake.enqueue(f"起吊重量不低于 1000 千克。[{lift}]")
    assert_fallback(llm.ask(METRIC_Q), assistant.ask(METRIC_Q), "1000千克")


def test_uncited_claim_falls_back(llm, assistant, fake):
    (lift,) = passage_ids(llm, METRIC_Q, "1000kg")
    fake.enqueue(f"起吊重量不低于 1000kg。[{lift}]\n该方向还要求建设国家级示范基地并通过验收。")
    assert_fallback(llm.ask(METRIC_Q), assistant.ask(METRIC_Q), "uncited claim", "示范基地")


def test_unknown_id_falls_back(llm, assistant, fake):
    fake.enqueue("起吊重量不低于 1000kg。[C99]")
    assert_fallback(llm.ask(METRIC_Q), assistant.ask(METRIC_Q), "[C99]")


def test_unknown_id_is_dropped_in_strip_mode(stripping, fake):
    (lift,) = passage_ids(stripping, METRIC_Q, "1000kg")
    fake.enqueue(f"起吊重量不低于 1000kg。[{lift}][C99]")
    a = stripping.ask(METRIC_Q)
    assert a.mode == "llm" and a.verification.ok
    assert "C99" not in a.answer and "[新版 4.7 考核指标(2)]" in a.answer


def test_strip_mode_removes_only_the_failing_sentence(stripping, fake):
    lift, patents = passage_ids(stripping, METRIC_Q, "1000kg", "不少于 5 项")
    fake.enqueue(f"起吊重量不低于 1000kg。[{lift}]\n整机功耗不高于 30 千瓦。[{lift}]\n申请发明专利不少于 5 项。[{patents}]")
    a = stripping.ask(METRIC_Q)
    assert a.mode == "llm" and a.verification.ok
    assert "1000kg" in a.answer and "不少于 5 项" in a.answer and "30 千瓦" not in a.answer
    assert any("30千瓦" in p for p in a.verification.problems)  # what was removed stays visible to the log


def test_strip_mode_with_nothing_left_falls_back(stripping, assistant, fake):
    (lift,) = passage_ids(stripping, METRIC_Q, "1000kg")
    fake.enqueue(f"起吊重量不低于 9999kg。[{lift}]")
    assert_fallback(stripping.ask(METRIC_Q), assistant.ask(METRIC_Q), "9999kg", "no cited factual sentence")


# ---------------------------------------------------------------------------------------------------- unavailable
def assert_unavailable(a, extractive) -> None:
    assert_fallback(a, extractive, "llm unavailable")
    assert a.answer.splitlines()[0] == UNAVAILABLE_NOTE["zh"]
    assert a.answer.split("\n", 1)[1] == extractive.answer


def test_server_error_falls_back_with_note(llm, assistant, fake):
    fake.enqueue_status(500)
    assert_unavailable(llm.ask(METRIC_Q), assistant.ask(METRIC_Q))


def test_garbage_body_falls_back(llm, assistant, fake):
    fake.enqueue_garbage()
    assert_unavailable(llm.ask(METRIC_Q), assistant.ask(METRIC_Q))


def test_timeout_falls_back_within_the_timeout(llm, assistant, fake):
    fake.enqueue_delay(8)
    started = time.perf_counter()
    a = llm.ask(METRIC_Q)
    assert time.perf_counter() - started < 6  # llm_timeout=2 and no retries: gave up long before the reply came
    assert_unavailable(a, assistant.ask(METRIC_Q))


def test_dead_endpoint_falls_back(assistant):
    with socket.socket() as s:  # a port that was free a moment ago: nobody listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dead = llm_assistant(assistant, f"http://127.0.0.1:{port}/v1")
    assert_unavailable(dead.ask(METRIC_Q), assistant.ask(METRIC_Q))


# ---------------------------------------------------------------------------------------------------- pieces
def test_context_lists_extractive_citations_first_and_fits_the_budget(llm):
    job = llm.plan(METRIC_Q, [], None)
    extractive = llm.answer([job])
    passages = build_context(llm.refiner, job, extractive)
    assert [p.citation.marker for p in passages[:len(extractive.citations)]] == [c.marker for c in extractive.citations]
    assert [p.id for p in passages] == [f"C{i}" for i in range(1, len(passages) + 1)]
    small = Assistant(llm.settings.model_copy(update={"llm_context_tokens": 200}), llm.index, llm.templates)
    tight = build_context(attach_llm(small), job, extractive)
    assert tight and sum(count_tokens(p.render()) + 1 for p in tight) <= 200
    for p in passages + tight:
        assert llm.index.document[p.citation.document].text[p.citation.start:p.citation.end] == p.citation.quote


def test_condense_rewrites_a_followup(llm, fake):
    history = [{"role": "user", "content": METRIC_Q}, {"role": "assistant", "content": "新版 4.7 的考核指标：…"}]
    fake.enqueue("新版 4.7 方向的关键词是什么？\n")
    assert condense(llm.refiner, history, "那它的关键词呢？") == "新版 4.7 方向的关键词是什么？"
    assert METRIC_Q in fake.prompt() and "那它的关键词呢？" in fake.prompt()
    fake.enqueue_status(500)
    assert condense(llm.refiner, history, "那它的关键词呢？") == "那它的关键词呢？"
    fake.reset()
    assert condense(llm.refiner, [], "那它的关键词呢？") == "那它的关键词呢？" and fake.requests == []
    off = Assistant(llm.settings.model_copy(update={"llm_condense": False}), llm.index, llm.templates)
    assert condense(attach_llm(off), history, "那它的关键词呢？") == "那它的关键词呢？" and fake.requests == []


def test_ask_condenses_a_question_the_rules_could_not_resolve(llm, fake):
    # no turn names or cites a direction, so the rule-based resolver finds nothing; the LLM restates the question
    history = [{"role": "user", "content": "你好"}, {"role": "assistant", "content": "你好，请问想了解什么？"}]
    fake.enqueue("新版4.7 的关键词是什么？")
    fake.enqueue("关键词包括协同吊运。[C1]")
    answer = llm.ask("那它的关键词呢？", history=history)
    assert "那它的关键词呢？" in fake.prompt(0) and "新版4.7 的关键词是什么？" in fake.prompt(1)
    assert answer.mode == "llm" and {c.direction for c in answer.citations} == {"4.7"}


def test_client_streams_and_lists_models(llm, fake):
    client = OpenAICompatibleLLM(llm.settings)
    fake.enqueue("起吊重量不低于 1000kg。[C2]")
    assert "".join(client.stream([{"role": "user", "content": "hi"}])) == "起吊重量不低于 1000kg。[C2]"
    assert fake.requests[-1]["body"]["stream"] is True
    fake.enqueue_status(503)
    with pytest.raises(LLMError, match="503"):
        list(client.stream([{"role": "user", "content": "hi"}]))
    import openai

    assert [m.id for m in openai.OpenAI(base_url=fake.url, api_key="x").models.list()] == ["fake-model"]


@pytest.mark.parametrize("name, text, why", [
    ("llm_answer.txt", "{question}\n{contxt}\n{language}", "unknown variables"),
    ("llm_answer.txt", "{question}\n{language}", "must use"),
    ("llm_condense.txt", "{history} {question} {", "not a valid template"),
    ("llm_system.txt", "Answer from {context}.", "unknown variables"),
    ("llm_condense.txt", None, "cannot read"),
])
def test_bad_prompts_stop_start_up(tmp_path, assistant, fake, name, text, why):
    for f in ("llm_system.txt", "llm_answer.txt", "llm_condense.txt"):
        shutil.copy(PROMPTS_DIR / f, tmp_path / f)
    if text is None:
        (tmp_path / name).unlink()
    else:
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=why):
        load_llm_prompts(tmp_path)
    it = Assistant(assistant.settings.model_copy(update={"llm_base_url": fake.url}), assistant.index, assistant.templates)
    with pytest.raises(ConfigError):
        attach_llm(it, prompts_dir=tmp_path)
    assert it.refiner is None
    load_llm_prompts()  # the shipped prompts are valid


def test_eval_runs_in_llm_mode_and_reports_fallbacks(assistant, fake, tmp_path, capsys):
    from assistant.evals.run import PAIRS_PATH, run_eval

    # questions asking one thing: a two-part one is answered part by part, which the LLM stage leaves as it is
    pairs = [line for line in PAIRS_PATH.read_text(encoding="utf-8").splitlines()
             if '"answerable": true' in line and json.loads(line)["question"].count("？") <= 1][:3]
    (tmp_path / "pairs.jsonl").write_text("\n".join(pairs) + "\n", encoding="utf-8")
    settings = assistant.settings.model_copy(update={"llm_base_url": fake.url, "llm_timeout": 2})
    for _ in range(3):
        fake.enqueue("这个方向的指标是 999 项。[C1]")  # an invented number: every answer must fall back
    run_eval(settings, split="all", llm=True, baseline=False, out_dir=tmp_path / "r",
             pairs_path=tmp_path / "pairs.jsonl")
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    text = json.dumps(report, ensure_ascii=False)
    assert '"mode": "llm"' in text
    assert '"llm_fallback_share": 1.0' in text and '"verification_failures": 3' in text
