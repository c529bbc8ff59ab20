"""Segmentation: the rules for untidy news text, and exact offsets on any input."""

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from articlediff.matching import matching_key
from articlediff.segment import _BULLET_RE, _SENTENCE_END, iter_paragraphs, iter_words, paragraph_bounds, segment


def texts(text):
    return [s.text for s in segment(text)]


def test_abbreviations_initials_and_acronyms_do_not_end_sentences():
    text = "Mr. Smith met Dr. Jones in the U.S. on Monday. J. K. Rowling said no. Gen. Lee agreed."
    assert texts(text) == [
        "Mr. Smith met Dr. Jones in the U.S. on Monday.",
        "J. K. Rowling said no.",
        "Gen. Lee agreed.",
    ]


def test_dotted_acronym_before_a_sentence_opener_ends_the_sentence():
    assert texts("He flew to the U.S. The talks begin today.") == ["He flew to the U.S.", "The talks begin today."]


def test_a_number_before_a_full_stop_ends_the_sentence():
    assert texts("Inflation hit 2.5%. Prices rose. It was 3.5. Then it fell.") == [
        "Inflation hit 2.5%.",
        "Prices rose.",
        "It was 3.5.",
        "Then it fell.",
    ]


def test_numbers_and_money_stay_whole():
    assert texts("It cost £1.5bn, up 2.5% on 2024. Then 3,000 jobs went.") == [
        "It cost £1.5bn, up 2.5% on 2024.",
        "Then 3,000 jobs went.",
    ]
    words = [w.text for w in iter_words("£1.5bn at 17:23 for 3,000")]
    assert words == ["1.5bn", "at", "17:23", "for", "3,000"]


def test_quotation_with_attribution_stays_one_sentence():
    text = '"We will go. We must," he said. Then he left.'
    assert texts(text) == ['"We will go. We must," he said.', "Then he left."]


def test_closing_quote_belongs_to_its_sentence():
    text = "He said: “We are ready.” The EU agreed."
    assert texts(text) == ["He said: “We are ready.”", "The EU agreed."]


def test_question_and_exclamation_marks():
    assert texts("Is it over? Yes! it is. Really…  Done") == ["Is it over?", "Yes! it is.", "Really…", "Done"]


def test_glued_timestamp_and_image_credit_start_their_own_sentences():
    text = (
        "That's a wrap - but there's more to readpublished at 17:23 Greenwich Mean Time\n\n"
        "A board with the Nato logoImage source, UK Pool"
    )
    assert texts(text) == [
        "That's a wrap - but there's more to read",
        "published at 17:23 Greenwich Mean Time",
        "A board with the Nato logo",
        "Image source, UK Pool",
    ]


def test_lines_are_paragraphs_and_bullets_are_dropped():
    text = "  • First bullet point\n  2. Second item here\nA plain line.\nAnother line."
    paragraphs = [p.text for p in iter_paragraphs(text)]
    assert paragraphs == ["First bullet point", "Second item here", "A plain line.", "Another line."]
    assert [s.paragraph for s in segment(text)] == [0, 1, 2, 3]


def test_hard_wrapped_lines_are_joined():
    text = "The government has promised the UK will not\nre-join the single market.\nNext paragraph."
    assert texts(text) == ["The government has promised the UK will not\nre-join the single market.", "Next paragraph."]


def test_sentences_without_words_are_dropped():
    assert texts("---\n\n• \n\nReal text.") == ["Real text."]


def test_matching_keys_fold_case_accents_and_typography():
    keys = [w.key for w in iter_words("Šefčovič’s Co-operation EU's")]
    assert keys == ["sefcovics", "cooperation", "eus"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=12), st.text(alphabet=st.characters(max_codepoint=127), max_size=12)))
def test_the_ascii_shortcut_folds_as_the_full_rule(word):
    # matching_key skips NFKD and accent stripping for ASCII words: they must fold exactly as the full rule does
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert matching_key(word) == re.sub(r"[\W_]+", "", stripped.casefold())


def test_seed_live_page_splits_stamps(seeds):
    sentences = texts(seeds["001"].text)
    assert "published at 17:23 Greenwich Mean Time" in sentences
    assert "Watch: PM wants new security partnership between UK and EU" in sentences


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=400))
def test_offsets_map_back_to_the_original_on_any_unicode(text):
    previous_end = 0
    for index, sentence in enumerate(segment(text)):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.index == index
        assert sentence.start >= previous_end
        previous_end = sentence.end
        assert sentence.words, "sentences without words are dropped"
        assert tuple(w.key for w in sentence.words) == sentence.keys  # the keys read at once, the words when asked
        for word in sentence.words:
            assert text[word.start : word.end] == word.text
            assert sentence.start <= word.start < word.end <= sentence.end
            assert word.key
    for paragraph in iter_paragraphs(text):
        assert text[paragraph.start : paragraph.end] == paragraph.text


_news_words = st.sampled_from(
    "Mr. Dr. U.S. The EU said “yes” £1.5bn 17:23 – — J. K. Rowling. prime minister? Brexit! "
    '"We go," he said. • 3. \n \n\n'.split(" ")
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_news_words, max_size=60).map(" ".join))
def test_offsets_map_back_on_news_like_text(text):
    for sentence in segment(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_number_abbreviations_only_before_numbers():
    assert texts("He lives at No. 10 Downing Street. She said no. They left.") == [
        "He lives at No. 10 Downing Street.",
        "She said no.",
        "They left.",
    ]


def _first_iter_paragraphs(text):
    """The first version of segment.iter_paragraphs (each line sliced again, a list a paragraph): the reference."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    current = None
    for ls, le in lines:
        body = text[ls:le]
        if not body.strip():
            if current:
                yield tuple(current)
            current = None
            continue
        bullet = _BULLET_RE.match(body)
        s = ls + (bullet.end() if bullet else len(body) - len(body.lstrip()))
        e = ls + len(body.rstrip())
        previous, line = text[current[0] : current[1]] if current else "", text[s:e]
        wrapped = bool(previous) and previous[-1] not in _SENTENCE_END and line[:1].islower()
        if current and wrapped and not bullet:
            current[1] = e
            continue
        if current:
            yield tuple(current)
        current = [s, e]
    if current:
        yield tuple(current)


PARAGRAPH_PIECES = ["The deal", "was signed.", "and then", "- ", "• item", "12) point", "  ", "\t", "", "Talks: end",
                    "wrapped line", "Ça va", "\u00a0", "—", "x"]


@given(st.lists(st.sampled_from(PARAGRAPH_PIECES), max_size=12).map("\n".join))
def test_paragraph_bounds_are_the_first_versions(text):
    assert paragraph_bounds(text) == list(_first_iter_paragraphs(text))
    assert [(p.start, p.end, p.text) for p in iter_paragraphs(text)] == [
        (s, e, text[s:e]) for s, e in _first_iter_paragraphs(text)
    ]
