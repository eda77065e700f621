"""Terms made from text and from queries, and the marks put on what matched."""

from sellerdesk.search.highlight import marked, snippet
from sellerdesk.search.terms import Word, document_terms, query_words


def test_spaced_words_are_folded_and_unspaced_runs_become_pairs_with_their_last_character():
    assert document_terms("Leak-proof CAFÉ Straße", "我的订单号123还没到") == [
        "leak", "proof", "cafe", "strasse", "我的", "的订", "订单", "单号", "号", "123", "还没", "没到", "到",
    ]
    assert document_terms("炊飯器が") == ["炊飯", "飯器", "器が", "が"]
    assert document_terms("ｶﾀｶﾅ ＡＢＣ") == ["カタ", "タカ", "カナ", "ナ", "abc"]  # NFKC: half width, full width


def test_query_words_keep_pieces_typed_together_as_one_phrase():
    assert query_words("leak-proof bottle") == [Word(("leak", "proof")), Word(("bottle",))]
    assert query_words("订单号") == [Word(("订单", "单号"))]
    assert query_words("退款") == [Word(("退款",))]
    assert query_words("书") == [Word(("书",), prefix=True)]
    assert query_words("订单号123") == [Word(("订单", "单号", "号", "123"))]
    assert query_words("113-4455667-1234567") == [Word(("113", "4455667", "1234567"))]
    assert query_words("?? !!") == []
    assert query_words("a a a") == [Word(("a",))]


def test_marks_whole_words_and_chinese_anywhere_on_the_original_characters():
    assert marked("CAFÉ <b> café cafes", "cafe") == "<mark>CAFÉ</mark> &lt;b&gt; <mark>café</mark> cafes"
    assert marked("我想退款，谢谢", "退款") == "我想<mark>退款</mark>，谢谢"
    assert marked("leak-proof", "leak-proof") == "<mark>leak</mark>-<mark>proof</mark>"


def test_snippet_is_one_line_around_the_first_match():
    text = "word " * 100 + "the bottle\nleaks " + "tail " * 100
    s = snippet(text, "bottle", size=60)
    assert s.startswith("…") and s.endswith("…")
    assert "the <mark>bottle</mark> leaks" in s
    assert len(s.replace("<mark>", "").replace("</mark>", "")) <= 62
    assert snippet("no match here", "bottle") == "no match here"
