"""Chunks of any layout: ids stay unique (a number or a label printed twice never crashes), parents in the header."""

from assistant.core.types import Edition
from index.chunk import chunk_document
from index.parse import parse_text
from index.tokens import count_tokens

EDITION = Edition(id="t", label="t", title="", source="t.txt", sha256="")


def chunks(text: str):
    return chunk_document(parse_text(text, EDITION), 320, count_tokens)


def test_three_level_numbers_give_unique_ids_and_both_parents_in_the_header():
    text = ("说明：规则。\n\n1. 流域防洪\n\n1.1 洪水预报\n\n1.1.1 智能预报模型\n\n研究内容：研究。\n\n考核指标：（1）甲；（2）乙。\n\n"
            "1.1.2 内涝预警平台\n\n研究内容：研究。\n\n考核指标：指标。\n")
    out = chunks(text)
    ids = [c.id for c in out]
    assert len(ids) == len(set(ids)) and "t:1.1.1:考核指标:2" in ids
    header = next(c for c in out if c.id == "t:1.1.2:header")
    assert header.text == "1.1.2 内涝预警平台 领域：流域防洪 / 洪水预报" and header.domain == "1.1.洪水预报"


def test_a_label_and_a_number_printed_twice_are_kept_apart():
    text = ("说明：规则。\n\n1. 领域\n\n1.1 高温合金\n\n研究内容：一。\n\n考核指标：甲。\n\n考核指标：乙。\n\n"
            "1.1 轻质合金\n\n研究内容：二。\n")
    out = chunks(text)
    ids = [c.id for c in out]
    assert len(ids) == len(set(ids))
    assert {"t:1.1:考核指标:1", "t:1.1:考核指标:1~2", "t:1.1#2:header"} <= set(ids)
    assert [c.text for c in out if c.id.startswith("t:1.1:考核指标")] == ["1.1 高温合金 考核指标：甲。",
                                                                       "1.1 高温合金 考核指标：乙。"]
