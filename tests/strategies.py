"""Hypothesis strategies for article-like texts."""

from hypothesis import strategies as st

VOCAB = (
    "the prime minister said trade deal with Brussels summit in April or May defence security "
    "Starmer Rutte Nato EU UK talks leaders gathering first time since Brexit reset market customs "
    "union freedom movement ministers relationship crime spring"
).split()

word = st.sampled_from(VOCAB)
sentence = st.lists(word, min_size=3, max_size=14).map(lambda ws: " ".join([ws[0].capitalize(), *ws[1:]]) + ".")
sentences = st.lists(sentence, min_size=1, max_size=12)


def to_text(items, per_paragraph=2):
    """Join sentences into paragraphs of ``per_paragraph`` sentences."""
    paragraphs = [" ".join(items[k : k + per_paragraph]) for k in range(0, len(items), per_paragraph)]
    return "\n\n".join(paragraphs)


@st.composite
def edited_copy(draw, items):
    """A later version of ``items``: sentences kept, edited, dropped, added and moved."""
    out = []
    for s in items:
        action = draw(st.sampled_from(["keep", "keep", "edit", "drop"]))
        if action == "keep":
            out.append(s)
        elif action == "edit":
            ws = s[:-1].split()
            k = draw(st.integers(0, len(ws) - 1))
            ws[k] = draw(word)
            out.append(" ".join(ws) + ".")
    out.extend(draw(st.lists(sentence, max_size=3)))
    if len(out) > 1 and draw(st.booleans()):
        i = draw(st.integers(0, len(out) - 1))
        out.append(out.pop(i))
    return out or items
