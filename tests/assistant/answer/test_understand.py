from pathlib import Path

import pytest

from assistant.core.errors import ConfigError
from assistant.answer.lexicon import Lexicon, load_glossary
from assistant.answer.understand import understand
from index.lexical import normalise

ROOT = Path(__file__).resolve().parents[3]


def test_glossary_file_is_checked(tmp_path):
    good = tmp_path / "g.tsv"
    good.write_text("# comment\n\ncold seep\t冷泉\n", encoding="utf-8")
    assert load_glossary(good) == {"cold seep": "冷泉"}
    bad = tmp_path / "b.tsv"
    bad.write_text("cold seep 冷泉\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="b.tsv:1"):
        load_glossary(bad)


def test_short_glossary_words_match_whole_words_only():
    q = understand("What capacity must it have?", [], Lexicon(glossary={"cap": "上限", "capacity": "容量"}))
    assert q.glossary == "容量"


def test_understanding_signals():
    q = understand("2022版和新版对实施周期的说法有区别吗", [])
    assert q.compare and q.rule_topic
    assert understand("量子通信卫星方向的考核指标是什么？", []).named_topic == "量子通信卫星"
    assert understand("深海领域有哪些方向", []).intent == "list_domain"
    assert understand("机场跑道那个方向要在多少个机场搞应用示范", []).intent == "metric"  # not a category list


def test_normalise_folds_what_askers_type_differently():
    assert normalise("Ac-225 国（境）外 H₂S") == "ac225 国境外 h2s"


def test_jargon_replaced_in_questions_is_never_the_guidelines_own_word(assistant):
    """corpus/synonyms_zh.tsv's jargon block rewrites askers' words into the guidelines' terms; a word the guidelines
    use themselves must never be rewritten, and every term it is rewritten to must be theirs."""
    text = normalise(" ".join(doc.text for doc in assistant.documents)).replace(" ", "")
    lines = (ROOT / "corpus" / "synonyms_zh.tsv").read_text(encoding="utf-8").splitlines()
    block = lines[next(i for i, x in enumerate(lines) if x.startswith("# --- jargon")) + 1:]
    pairs = [x.split("\t") for x in block if "\t" in x and not x.startswith("#")]
    assert len(pairs) > 100
    for left, right in pairs:
        assert normalise(left).replace(" ", "") not in text, left
        assert all(normalise(t).replace(" ", "") in text for t in right.split()), (left, right)


def test_a_latin_synonym_is_a_whole_word():
    lex = Lexicon(synonyms={"rct": "随机对照临床试验", "驱油": "提高油藏采收率"})
    assert lex.with_synonyms("arctic rct") == "arctic  随机对照临床试验 "
    assert "提高油藏采收率" in lex.with_synonyms("二氧化碳驱油")
