#!/usr/bin/env python3
"""Build the reverse thesaurus used by the de-spinner: src/articlediff/data/thesaurus.tsv.gz.

Content farms "spin" an article by replacing words and short phrases with
thesaurus synonyms (``said`` -> ``stated``, ``economy`` -> ``economic system``).
To undo that, the de-spinner needs, for a word or phrase found in a spun text,
the words and phrases a spinner could have replaced by it.  This script builds
that REVERSE thesaurus from two sources installed as Debian packages:

* WordNet 3.0 database files in /usr/share/wordnet (package ``wordnet-base``):
  data.noun, data.verb, data.adj, data.adv.  Two lemmas are synonyms if they
  share a synset (any sense).
* The LibreOffice MyThes English thesaurus /usr/share/mythes/th_en_US_v2.dat
  (package ``mythes-en-us``; itself generated from WordNet 3.0).  Its untagged
  terms, "(similar term)" and "(related term)" are synonyms in both
  directions; "(antonym)" is never used; "(generic term)" (= WordNet hypernym)
  is used as GENERIC_MODE says (measured: every build prints the variants).

and two Python packages installed in the project venv (BUILD time only; the
runtime only reads the generated file):

* symspellpy's word lists: a single word is kept only if it is in
  ``frequency_dictionary_en_82_765.txt`` (a phrase: every word, and every part
  of a hyphenated word); candidates are ranked by estimated frequency
  (``Lexicon.score``: unigram list for words, the bigram list
  ``frequency_bigramdictionary_en_243_342.txt`` for phrases);
* lemminflect: every synonym pair (a, b) of a part of speech is inflected with
  the same Penn tag on both sides, so ``state ~ say`` also gives
  ``stated -> said``, ``states -> says``; nouns singular/plural, verbs all
  forms, adjectives and adverbs comparative/superlative; phrases inflect their
  head (nouns the last word, verbs the first).  Base forms are kept.

Names are left out: a lemma the source spells with a capital ("Paris", "May",
"US Navy"), and a MyThes headword that WordNet spells only with capitals.
Generic terms of more than GENERIC_MAX_FANOUT headwords ("change", "be",
"move", "person") are left out too.

Output: gzip (mtime=0, no file name in the header) of UTF-8 text; "#" lines give
provenance; then one line per spun form, sorted:

    form<TAB>cand1|cand2|...

all lowercase, candidates most frequent first, at most MAX_CANDIDATES, never
equal to the form.  The output depends only on the inputs (no timestamps).

At the end the build prints a coverage check against TEST_LIST, a list of
(original, spun) pairs seen in spun articles.  TEST_LIST is for MEASUREMENT
ONLY: nothing in it is used to build entries.

Usage (from the repository root):

    sudo apt-get install wordnet-base mythes-en-us
    .venv/bin/python tools/build_thesaurus.py [--generic {none,up,both}] [--generic-fanout N] [--measure-only]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "articlediff" / "data" / "thesaurus.tsv.gz"
BUILD_COMMAND = ".venv/bin/python tools/build_thesaurus.py"

WORDNET_DIR = Path("/usr/share/wordnet")
WORDNET_FILES = ("data.noun", "data.verb", "data.adj", "data.adv")
MYTHES_DAT = Path("/usr/share/mythes/th_en_US_v2.dat")

UNIGRAMS = "frequency_dictionary_en_82_765.txt"
BIGRAMS = "frequency_bigramdictionary_en_243_342.txt"
MAX_CANDIDATES = 25
MAX_PHRASE_WORDS = 4

# How MyThes "(generic term)" (= WordNet hypernym) entries are used.  Every
# build measures all three on TEST_LIST and prints them (also in the header):
#   none -- not used;
#   up   -- a word may have been spun into its generic term (form=generic, cand=word);
#   both -- and a generic term into a more specific word (form=word, cand=generic).
# Measured (WordNet 3.0, mythes-en-us 1:7.5.0-1): none 31/86 at 3.86 candidates
# per form, up 37/86 at 6.18, both 41/86 at 6.89.  "both" buys the most
# coverage per added candidate (+4 hits for +0.7 candidates/form, against +6
# for +2.3 from none to up), and spinner dictionaries are symmetric word groups.
GENERIC_MODE = "both"
# Generic terms of more than this many MyThes headwords (names left out) are
# too unspecific to be a spinner's swap ("change" 893, "person" 579, "be" 256):
# 43 terms.  Leaving them out costs no test hit (unlimited: 41/86 at 6.99).
GENERIC_MAX_FANOUT = 200

# WordNet ss_type / MyThes part of speech -> lemminflect upos.
WN_POS = {"n": "NOUN", "v": "VERB", "a": "ADJ", "s": "ADJ", "r": "ADV"}
MYTHES_POS = {"(noun)": "NOUN", "(verb)": "VERB", "(adj)": "ADJ", "(adv)": "ADV"}
BASE_TAG = {"NOUN": "NN", "VERB": "VB", "ADJ": "JJ", "ADV": "RB"}

MYTHES_TAG_RE = re.compile(r"^(.*?)\s*\((generic term|similar term|related term|antonym)\)$")
WN_ADJ_MARKER_RE = re.compile(r"\((?:a|p|ip)\)$")
TOKEN_SPLIT_RE = re.compile(r"[ -]")

# ---------------------------------------------------------------------------
# TEST LIST -- FOR MEASUREMENT ONLY.  (original, spun) pairs observed in spun
# news articles.  Never used to build or filter entries: the build only reads
# it after the table is complete, to print how many spun forms list their
# original.  "sign up to" -> "signal as much as" is split into its two parts
# (sign -> signal, up to -> as much as); the others are as observed.
# ---------------------------------------------------------------------------
TEST_LIST: tuple[tuple[str, str], ...] = (
    ("join", "affix"), ("first", "primary"), ("general", "basic"), ("house", "home"),
    ("may", "could"), ("heart", "coronary heart"), ("sign", "signal"), ("up to", "as much as"),
    ("said", "stated"), ("security", "safety"), ("trade", "commerce"), ("sort", "type"),
    ("possibly", "presumably"), ("informal", "casual"), ("clear", "evident"), ("war", "struggle"),
    ("greater", "larger"), ("responsibility", "accountability"), ("own", "personal"), ("more", "extra"),
    ("worried", "frightened"), ("about", "concerning"), ("economy", "economic system"),
    ("partners", "companions"), ("pressure", "stress"), ("targeting", "concentrating on"),
    ("energy", "power"), ("because", "as a result of"), ("military", "navy"), ("support", "assist"),
    ("closer", "nearer"), ("where", "the place"), ("worked", "labored"), ("since", "because"),
    ("towards", "in direction of"), ("likely", "probably"), ("visit", "go to"), ("expected", "anticipated"),
    ("next", "subsequent"), ("dealing", "coping"), ("serious", "severe"), ("allowing", "permitting"),
    ("food", "meals"), ("products", "merchandise"), ("discussed", "mentioned"), ("possible", "attainable"),
    ("trading", "buying and selling"), ("interest", "curiosity"), ("many", "loads"), ("keen", "eager"),
    ("young people", "younger folks"), ("easily", "simply"), ("narrow", "slender"), ("section", "chunk"),
    ("population", "inhabitants"), ("hard", "tough"), ("sell", "promote"), ("idea", "thought"),
    ("so far", "thus far"), ("joining", "becoming a member of"), ("quite", "fairly"), ("parts", "elements"),
    ("other", "opposite"), ("countries", "nations"), ("ruled", "dominated"), ("red", "purple"),
    ("lines", "strains"), ("such as", "such because"), ("car", "automotive"), ("industry", "business"),
    ("supply", "provide"), ("exposed", "uncovered"), ("leading", "main"), ("street", "road"),
    ("cabinet", "cupboard"), ("office", "workplace"), ("set up", "arrange"), ("lead", "steer"),
    ("planned", "deliberate"), ("continue", "proceed"), ("knows", "is aware of"), ("both", "either"),
    ("leader", "chief"), ("government", "authorities"), ("past", "previous"), ("back", "again"),
)


def die(msg: str) -> None:
    print(f"build_thesaurus: error: {msg}", file=sys.stderr)
    sys.exit(1)


def check_sources() -> None:
    missing = [str(WORDNET_DIR / f) for f in WORDNET_FILES if not (WORDNET_DIR / f).is_file()]
    if not MYTHES_DAT.is_file():
        missing.append(str(MYTHES_DAT))
    if missing:
        die(
            "source files missing: " + ", ".join(missing) + "\n"
            "  They come from the Debian/Ubuntu packages wordnet-base (WordNet 3.0) and mythes-en-us\n"
            "  (LibreOffice English thesaurus).  Install them with:\n"
            "      sudo apt-get install wordnet-base mythes-en-us"
        )


def import_build_deps():
    try:
        import lemminflect
        import symspellpy
    except ImportError as exc:
        die(f"{exc}; the build needs symspellpy and lemminflect: .venv/bin/pip install symspellpy lemminflect")
    return symspellpy, lemminflect


def pkg_version(name: str) -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True, check=False)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------


def load_frequencies(symspellpy) -> tuple[dict[str, int], dict[tuple[str, str], int], Path, Path]:
    """symspellpy's unigram list (word count) and bigram list (word word count)."""
    uni_path = Path(symspellpy.__file__).parent / UNIGRAMS
    bi_path = Path(symspellpy.__file__).parent / BIGRAMS
    for path in (uni_path, bi_path):
        if not path.is_file():
            die(f"{path} not found (it ships with symspellpy)")
    freq: dict[str, int] = {}
    with open(uni_path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 2:
                w = parts[0].lower()
                freq[w] = max(freq.get(w, 0), int(parts[1]))
    bigrams: dict[tuple[str, str], int] = {}
    with open(bi_path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                key = (parts[0].lower(), parts[1].lower())
                bigrams[key] = max(bigrams.get(key, 0), int(parts[2]))
    return freq, bigrams, uni_path, bi_path


def read_wordnet() -> list[tuple[str, list[str]]]:
    """Synsets as (upos, lemmas), lemmas as spelled (case kept) with spaces for underscores."""
    synsets = []
    for name in WORDNET_FILES:
        with open(WORDNET_DIR / name, encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):  # licence header
                    continue
                fields = line.split(" | ", 1)[0].split()
                ss_type, w_cnt = fields[2], int(fields[3], 16)
                lemmas = []
                for i in range(w_cnt):
                    lemma = WN_ADJ_MARKER_RE.sub("", fields[4 + 2 * i]).replace("_", " ")
                    if lemma not in lemmas:
                        lemmas.append(lemma)
                synsets.append((WN_POS[ss_type], lemmas))
    return synsets


def read_mythes() -> tuple[list[tuple[str, str, str, str]], str]:
    """(head, upos, term, tag) for every term of every meaning, as spelled; tag is syn/similar/related/generic/antonym."""
    out = []
    with open(MYTHES_DAT, encoding="latin-1") as fh:
        encoding = fh.readline().strip()
    with open(MYTHES_DAT, encoding=encoding) as fh:
        lines = fh.read().split("\n")
    i = 1
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        head, n = line.rsplit("|", 1)
        n = int(n)
        for meaning in lines[i + 1 : i + 1 + n]:
            items = meaning.split("|")
            upos = MYTHES_POS.get(items[0])
            if upos is None:
                continue
            terms = []
            spelled = head  # headwords are lowercased; a meaning lists the head again when it is spelled otherwise ("May")
            for item in items[1:]:
                m = MYTHES_TAG_RE.match(item)
                term, tag = (m.group(1), m.group(2).split()[0]) if m else (item, "syn")
                term = term.strip()
                if tag == "syn" and term.lower() == head:
                    spelled = term
                elif term:
                    terms.append((term, tag))
            for term, tag in terms:
                out.append((spelled, upos, term, tag))
        i += 1 + n
    return out, encoding


# ---------------------------------------------------------------------------
# Filtering, inflection, ranking
# ---------------------------------------------------------------------------


class Lexicon:
    def __init__(self, freq: dict[str, int], bigrams: dict[tuple[str, str], int], lemminflect):
        self.freq = freq
        self.bigrams = bigrams
        self.uni_total = sum(freq.values())
        self.bi_total = sum(bigrams.values())
        self.bi_floor = min(bigrams.values()) / self.bi_total
        self._score: dict[str, float] = {}
        self.li = lemminflect
        self._known: dict[str, bool] = {}
        self._infl: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}

    def known(self, phrase: str) -> bool:
        """Up to MAX_PHRASE_WORDS space-separated words, each (and each hyphen part) in the frequency list."""
        ok = self._known.get(phrase)
        if ok is None:
            words = phrase.split(" ")
            ok = (
                0 < len(words) <= MAX_PHRASE_WORDS
                and all(words)
                and all(part in self.freq for part in TOKEN_SPLIT_RE.split(phrase))
            )
            self._known[phrase] = ok
        return ok

    def score(self, phrase: str) -> float:
        """Ranking key: estimated relative frequency of ``phrase``.

        A word: its unigram count / the unigram total.  A phrase (or a hyphenated
        word): the least frequent of its adjacent word pairs, each pair scored by
        the symspellpy bigram list (count / bigram total); a pair not in that list
        is rarer than every listed pair, so it scores min(its words' unigram
        frequencies, the rarest listed pair).
        """
        got = self._score.get(phrase)
        if got is None:
            parts = TOKEN_SPLIT_RE.split(phrase)
            if len(parts) == 1:
                got = self.freq.get(phrase, 0) / self.uni_total
            else:
                got = min(self._pair(a, b) for a, b in zip(parts, parts[1:]))
            self._score[phrase] = got
        return got

    def _pair(self, a: str, b: str) -> float:
        c = self.bigrams.get((a, b))
        if c is not None:
            return c / self.bi_total
        return min(self.freq.get(a, 0) / self.uni_total, self.freq.get(b, 0) / self.uni_total, self.bi_floor)

    def _word_inflections(self, word: str, upos: str) -> dict[str, tuple[str, ...]]:
        table = dict(self.li.getAllInflections(word, upos=upos))
        base = BASE_TAG[upos]
        if not table:
            return {base: (word,)}  # unknown to lemminflect: keep the base form only, no guessed forms
        if word not in table.get(base, ()):
            table[base] = (word,) + tuple(table.get(base, ()))
        if upos == "NOUN" and len(table.get("NNS", ())) > 1:
            # ("persons", "person"): the uncountable reading repeats the singular; keep the plural only
            table["NNS"] = tuple(f for f in table["NNS"] if f != word) or table["NNS"]
        return table

    def inflections(self, lemma: str, upos: str) -> dict[str, tuple[str, ...]]:
        """Penn tag -> surface forms; phrases inflect their head (nouns: last word, verbs: first word)."""
        key = (lemma, upos)
        got = self._infl.get(key)
        if got is not None:
            return got
        words = lemma.split(" ")
        if len(words) == 1:
            got = self._word_inflections(lemma, upos)
        elif upos == "NOUN":
            got = {t: tuple(" ".join(words[:-1] + [f]) for f in fs) for t, fs in self._word_inflections(words[-1], upos).items()}
        elif upos == "VERB":
            got = {t: tuple(" ".join([f] + words[1:]) for f in fs) for t, fs in self._word_inflections(words[0], upos).items()}
        else:
            got = {BASE_TAG[upos]: (lemma,)}
        got = {t: tuple(f for f in fs if self.known(f)) for t, fs in got.items()}
        got = {t: fs for t, fs in got.items() if fs}
        self._infl[key] = got
        return got


def add_pairs(rev: dict[str, set[str]], pairs, lex: Lexicon) -> None:
    """pairs: (original lemma, spun lemma, upos).  rev[spun surface form] gets the original form with the same tag."""
    for orig, spun, upos in pairs:
        io_ = lex.inflections(orig, upos)
        if not io_:
            continue
        is_ = lex.inflections(spun, upos)
        for tag, spun_forms in is_.items():
            orig_forms = io_.get(tag)
            if not orig_forms:
                continue
            for s in spun_forms:
                bucket = rev[s]
                for o in orig_forms:
                    if o != s:
                        bucket.add(o)


def is_proper(lemma: str) -> bool:
    """Spelled with a capital in the source: a name ("Paris", "May", "US Navy"), not a word a spinner swaps."""
    return lemma != lemma.lower()


def collect_pairs(synsets, mythes, max_fanout: int) -> dict[str, set[tuple[str, str, str]]]:
    """Lowercased lemma pairs (original, spun, upos) by kind.

    Lemmas spelled with a capital are left out (see is_proper).  A generic term
    that is the generic term of more than ``max_fanout`` MyThes headwords (with
    names left out) is left out: "change", "be", "move", "person" are generic
    terms of hundreds of words each.
    """
    kinds: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for upos, lemmas in synsets:
        lemmas = [w.lower() for w in lemmas if not is_proper(w)]
        for a in lemmas:
            for b in lemmas:
                if a != b:
                    kinds["wordnet"].add((a, b, upos))
    # MyThes lowercases its headwords and repeats the spelling in a meaning only
    # sometimes ("chihuahua": the city meaning does not say "Chihuahua"), so a
    # headword is also taken as a name when WordNet spells it only with a capital.
    spellings: dict[tuple[str, str], set[str]] = defaultdict(set)
    for upos, lemmas in synsets:
        for w in lemmas:
            spellings[(w.lower(), upos)].add(w)

    def name(word: str, upos: str) -> bool:
        if is_proper(word):
            return True
        known = spellings.get((word, upos))
        return bool(known) and all(is_proper(w) for w in known)

    rows = [(h.lower(), u, t.lower(), tag) for h, u, t, tag in mythes if not name(h, u) and not name(t, u)]
    fanout: dict[tuple[str, str], set[str]] = defaultdict(set)
    for head, upos, term, tag in rows:
        if tag == "generic":
            fanout[(term, upos)].add(head)
    for head, upos, term, tag in rows:
        if head == term or tag == "antonym":
            continue
        if tag == "generic":
            if len(fanout[(term, upos)]) > max_fanout:
                continue
            kinds["generic_up"].add((head, term, upos))  # head spun into its generic term
            kinds["generic_down"].add((term, head, upos))  # generic term spun into the head
        else:
            kinds["mythes"].add((head, term, upos))
            kinds["mythes"].add((term, head, upos))
    return kinds


def finalise(rev: dict[str, set[str]], lex: Lexicon) -> tuple[dict[str, list[str]], int]:
    """Rank and cap; also return how many forms had more than MAX_CANDIDATES candidates."""
    table = {}
    capped = 0
    for form, cands in rev.items():
        cands.discard(form)
        if cands:
            ranked = sorted(cands, key=lambda c: (-lex.score(c), c))
            capped += len(ranked) > MAX_CANDIDATES
            table[form] = ranked[:MAX_CANDIDATES]
    return table, capped


def coverage(table: dict[str, list[str]], rev: dict[str, set[str]]) -> tuple[int, int, list[tuple[str, str, str]]]:
    """(hits, hits before the cap, misses with the reason)."""
    hits, uncapped, misses = 0, 0, []
    for orig, spun in TEST_LIST:
        cands = table.get(spun)
        if orig in rev.get(spun, ()):
            uncapped += 1
        if cands and orig in cands:
            hits += 1
        else:
            if not cands:
                why = "form absent"
            elif orig in rev.get(spun, ()):
                why = f"cut by the {MAX_CANDIDATES} cap"
            else:
                why = "original not a candidate"
            misses.append((orig, spun, why))
    return hits, uncapped, misses


def stats(table: dict[str, list[str]]) -> tuple[int, float]:
    n = len(table)
    return n, (sum(len(v) for v in table.values()) / n if n else 0.0)


def serialise(table: dict[str, list[str]], header: list[str]) -> bytes:
    text = io.StringIO()
    for line in header:
        text.write(f"# {line}\n" if line else "#\n")
    for form in sorted(table):
        text.write(f"{form}\t{'|'.join(table[form])}\n")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--generic", choices=("none", "up", "both"), default=GENERIC_MODE,
                    help=f"use of MyThes '(generic term)' entries (default: {GENERIC_MODE})")
    ap.add_argument("--generic-fanout", type=int, default=GENERIC_MAX_FANOUT,
                    help=f"leave out generic terms of more than N headwords (default: {GENERIC_MAX_FANOUT})")
    ap.add_argument("--measure-only", action="store_true", help="print the measurements, do not write the file")
    args = ap.parse_args()

    t0 = time.perf_counter()
    check_sources()
    symspellpy, lemminflect = import_build_deps()
    from importlib.metadata import version

    freq, bigrams, freq_path, bigram_path = load_frequencies(symspellpy)
    lex = Lexicon(freq, bigrams, lemminflect)
    synsets = read_wordnet()
    mythes, mythes_encoding = read_mythes()
    kinds = collect_pairs(synsets, mythes, args.generic_fanout)
    print(f"read {len(synsets)} WordNet synsets, {len(mythes)} MyThes terms, {len(freq)} frequency-list words", file=sys.stderr)

    # Reverse tables per kind, then the variants are unions of them.
    partial: dict[str, dict[str, set[str]]] = {}
    for kind, pairs in sorted(kinds.items()):
        rev: dict[str, set[str]] = defaultdict(set)
        add_pairs(rev, sorted(pairs), lex)
        partial[kind] = rev
        print(f"  {kind}: {len(pairs)} lemma pairs -> {len(rev)} spun forms", file=sys.stderr)

    variants = {
        "none": ("wordnet", "mythes"),
        "up": ("wordnet", "mythes", "generic_up"),
        "both": ("wordnet", "mythes", "generic_up", "generic_down"),
    }
    measured = {}
    tables = {}
    for name, parts in variants.items():
        rev: dict[str, set[str]] = defaultdict(set)
        for part in parts:
            for form, cands in partial[part].items():
                rev[form] |= cands
        table, capped = finalise(rev, lex)
        hits, uncapped, misses = coverage(table, rev)
        n, avg = stats(table)
        size = len(serialise(table, []))
        measured[name] = (hits, n, avg, size, misses, uncapped, capped)
        tables[name] = table
    table = tables[args.generic]

    versions = {
        "wordnet-base": pkg_version("wordnet-base"),
        "mythes-en-us": pkg_version("mythes-en-us"),
        "symspellpy": version("symspellpy"),
        "lemminflect": version("lemminflect"),
    }
    hits, n_forms, avg, _, misses, _, _ = measured[args.generic]
    total_cands = sum(len(v) for v in table.values())
    header = [
        "articlediff reverse thesaurus for de-spinning.  Generated file: do not edit; rebuild with the command below.",
        "format: spun_form<TAB>original1|original2|...  (lowercase; a spinner could have replaced each original by the form)",
        f"build: {BUILD_COMMAND} --generic {args.generic} --generic-fanout {args.generic_fanout}"
        "   (needs: apt-get install wordnet-base mythes-en-us; see docs/lexicon.md)",
        "sources:",
        f"  WordNet 3.0, Debian package wordnet-base {versions['wordnet-base']}: "
        + ", ".join(f"{f} sha256:{sha256(WORDNET_DIR / f)[:16]}" for f in WORDNET_FILES),
        f"  MyThes th_en_US_v2 (LibreOffice English thesaurus, generated from WordNet 3.0), Debian package mythes-en-us"
        f" {versions['mythes-en-us']}: {MYTHES_DAT.name} ({mythes_encoding}) sha256:{sha256(MYTHES_DAT)[:16]}",
        f"  symspellpy {versions['symspellpy']}: {UNIGRAMS} sha256:{sha256(freq_path)[:16]} (word filter, ranking),"
        f" {BIGRAMS} sha256:{sha256(bigram_path)[:16]} (ranking of phrases)",
        f"  lemminflect {versions['lemminflect']} (inflection of lemma pairs, same Penn tag on both sides)",
        "relations: WordNet synset co-members (any sense); MyThes synonyms, '(similar term)' and '(related term)' both ways;",
        "  MyThes '(antonym)' never; MyThes '(generic term)' (WordNet hypernym): "
        + {"none": "not used", "up": "word -> its generic term only", "both": "both ways"}[args.generic]
        + f", except generic terms of more than {args.generic_fanout} headwords; names (capitalised lemmas) left out",
        "generic-term choice, measured on the build's test list (covered, forms, candidates/form, gzip bytes):",
    ]
    for name, (h, n, a, s, *_) in measured.items():
        header.append(f"  {name:>4}: {h}/{len(TEST_LIST)} covered, {n} forms, {a:.2f} candidates/form, {s} bytes"
                      + ("   <- this file" if name == args.generic else ""))
    header += [
        f"filters: forms and candidates of at most {MAX_PHRASE_WORDS} words, every word in {UNIGRAMS};"
        f" at most {MAX_CANDIDATES} candidates per form, most frequent first"
        " (words: unigram list; phrases: rarest word pair, bigram list)",
        f"counts: {n_forms} forms, {total_cands} candidates, {avg:.2f} candidates/form;"
        f" test list coverage {hits}/{len(TEST_LIST)}",
        "licences: WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Used under the WordNet 3.0 licence,",
        "  whose full notice and disclaimer must accompany copies: see docs/lexicon.md.  THIS SOFTWARE AND DATABASE IS PROVIDED",
        "  \"AS IS\" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED.",
        "  th_en_US_v2: LibreOffice dictionaries; Debian's copyright file puts dictionaries/en/* under Kevin Atkinson's",
        "  permissive word-list licence; the thesaurus content is WordNet 3.0 (licence above).  See docs/lexicon.md.",
    ]

    data = serialise(table, header)
    if not args.measure_only:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        tmp = OUT.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, OUT)

    # ---- report -----------------------------------------------------------
    print()
    print("MyThes '(generic term)' variants (coverage on TEST_LIST / forms / candidates per form / gzip size):")
    for name, (h, n, a, s, _, unc, capped) in measured.items():
        mark = "  <- written" if name == args.generic and not args.measure_only else ""
        print(f"  {name:>4}: {h}/{len(TEST_LIST)} ({100 * h / len(TEST_LIST):.0f}%; {unc} before the cap)  {n} forms"
              f"  {a:.2f} cand/form  ({capped} forms capped)  {s / 1e6:.2f} MB{mark}")
    print()
    print(f"coverage ({args.generic}): {hits}/{len(TEST_LIST)} spun forms list their original; misses:")
    for orig, spun, why in misses:
        cands = table.get(spun)
        shown = "|".join(cands[:8]) + ("|..." if cands and len(cands) > 8 else "") if cands else "-"
        print(f"  {spun!r:<24} <- {orig!r:<16} {why:<26} [{shown}]")
    print()
    print(f"forms: {n_forms}   candidates/form: {avg:.2f}   file: {len(data)} bytes ({len(data) / 1e6:.2f} MB)"
          + ("" if args.measure_only else f"   -> {OUT.relative_to(ROOT)}"))
    print(f"build time: {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
