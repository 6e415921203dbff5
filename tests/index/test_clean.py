from index.clean import clean_inline, split_blocks


def test_latex_and_html_become_text():
    assert clean_inline(r"打印效率提升 $\geq 50\%$ 。") == "打印效率提升 ≥50%。"
    assert clean_inline(r"$^{18}\text{F}$ 标记") == "¹⁸F 标记"
    assert clean_inline("H<sub>2</sub>S 与 g/cm<sup>3</sup>") == "H₂S 与 g/cm³"
    assert clean_inline(r"$\text{Ra}^{2+}/\text{Ac}^{3+}$") == "Ra²⁺/Ac³⁺"
    assert clean_inline(r"误差 \leq 百万分之一") == "误差 ≤ 百万分之一"
    assert clean_inline(r"$1 \times 10^{-6} \text{mol/mol}$") == "1×10⁻⁶mol/mol"


def test_stray_space_inside_a_chinese_word_is_removed_but_number_spacing_kept():
    assert clean_inline("海冰快速变 化合作研究") == "海冰快速变化合作研究"
    assert clean_inline("开发核心新技术 3 项") == "开发核心新技术 3 项"


def test_page_break_inside_a_sentence_is_rejoined_but_not_after_a_heading():
    raw = "## 1.测试领域\n\n研究内容：针对农田生产系统模型\n\n缺乏等现状，开展研究。\n\n考核指标：\n\n(1) 第一项；\n"
    texts = [b.text for b in split_blocks(raw)]
    assert "研究内容：针对农田生产系统模型缺乏等现状，开展研究。" in texts
    assert texts[0] == "1.测试领域"
    assert "(1) 第一项；" in texts


def test_hard_wrapped_lines_join_within_a_paragraph():
    raw = "研究内容：开展南极联合研究，  \n获取多源立体观测数据。\n"
    assert [b.text for b in split_blocks(raw)] == ["研究内容：开展南极联合研究，获取多源立体观测数据。"]


def test_a_wrap_keeps_a_space_only_where_one_stood():
    from index.clean import wrapped_at_space

    assert not wrapped_at_space("示范生产线，300m", "m硅片")  # cut inside a token glued to Chinese text
    assert not wrapped_at_space("直径≤2 m", "m的病灶")  # a unit cut in two
    assert not wrapped_at_space("不低于 1", "000 条")  # a number cut in two
    assert wrapped_at_space("不低于 1000", "kg")  # a number and its unit, wrapped at the space between them
    assert wrapped_at_space("open data", "sharing")
    assert not wrapped_at_space("合作研究", "AI 驱动")
