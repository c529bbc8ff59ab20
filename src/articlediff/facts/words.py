"""The word lists and word readers the fact rules share.

Stop words (left out of anchors), the vocabulary of names (honorifics,
roles, speech verbs, organisation cue words, words that are never part of a
person's name, name particles, organisation aliases) and two small readers:
``_NAME_TOKEN`` (a word that can be part of a name) and ``_prev_word``.
They live in one module because the name finder, the quotation
attribution, the anchors and the pairing all read them; each list is
documented in docs/facts.md with its limits.
"""

from __future__ import annotations

import re


def _split(words: str) -> list[str]:
    return words.split()


def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS = _words(
    """a about above according across after afterwards again against ago all almost along already also although always
    am among an and another any anyone anything are around as at be became because become been before being below
    between both but by can cannot could did do does doing done down during each either else even ever every few for
    from further get gets got had has have having he her here hers herself him himself his how however i if in into
    is it its itself just least less like made make many may me might more most much must my myself neither no nor
    not now of off often on once one only onto or other others otherwise our ours ourselves out over own per perhaps
    quite rather really same several shall she should since so some still such than that the their theirs them
    themselves then there these they this those though through throughout thus to together too toward towards under
    until up upon us very via was we well were what whatever when where whether which while who whom whose why will
    with within without would yet you your yours yourself said says say saying told tell tells added adds asked
    stated noted according also earlier later meanwhile mr mrs ms dr sir dame lord lady s t ve ll re d m"""
)

#: Titles left out of anchors: "the Prime Minister" says who, not what a date or number is about.
ANCHOR_STOPWORDS = _words("prime minister ministers president secretary general chancellor chief leader mp commissioner")

#: Words that, capitalised, come before a name and are not part of it.
HONORIFICS = _words("Sir Dame Lord Lady Baroness Baron Mr Mrs Ms Miss Dr Prof Professor Rev")
#: Titles: the core noun of a role written before a name (``Prime Minister Keir Starmer``).
ROLE_CORE = _words(
    """President Minister Secretary Chancellor Commissioner Chief Chair Chairman Chairwoman Governor Mayor Senator
    Congressman Congresswoman MP MEP Ambassador Envoy Spokesman Spokeswoman Spokesperson Leader Speaker King Queen
    Prince Princess Pope Premier Director Editor Correspondent Judge Admiral Colonel Captain Sergeant Sheikh Emir
    Cardinal Archbishop Bishop Representative Treasurer Deputy Vice"""
)
#: Words that belong to a role only when a role word follows (``Trade Commissioner``, ``Prime Minister``).
ROLE_MODIFIERS = _words(
    """Prime Deputy Vice Foreign Home Business Trade Defence Defense Health Culture Justice Shadow Security Finance
    Interior Economy Energy Environment Education Transport Attorney Solicitor First Executive Political Cabinet
    Secretary Chief Opposition Party"""
)
#: ``General`` is a role word only after one of these (``Secretary General``).
_GENERAL_AFTER = _words("Secretary Attorney Solicitor Director Inspector Surgeon Governor")
#: Lower-case role nouns that introduce a name (``Nato chief Mark Rutte``, ``political editor Chris Mason``).
LOWER_ROLES = _words(
    """minister secretary president chancellor chief leader chair chairman chairwoman editor correspondent spokesman
    spokeswoman spokesperson commissioner ambassador envoy boss head director founder ceo mp mep representative
    general governor mayor senator premier negotiator adviser advisor analyst reporter presenter professor economist
    lawyer judge diplomat official member candidate"""
)
#: Verbs after a name that show it is a person (``Rutte said``).
SPEECH_VERBS = _words(
    """said says told tells added adds warned warns stated states argued argues replied replies wrote writes explained
    explains insisted insists claimed claims announced announces commented comments noted notes asked asks urged
    urges admitted admits confirmed confirms acknowledged acknowledges suggested suggests tweeted posted declared
    declares stressed stresses emphasised emphasized described describes calls called saying noting adding warning
    telling arguing insisting claiming describing calling"""
)
#: Capitalised words that make an organisation of the run they are in.
ORG_CUES = _words(
    """EU Nato NATO UN Commission Council Ministry Party Union Office Department Parliament Bank Agency Court Committee
    Movement Association University Institute Foundation Corporation Authority Assembly Senate Congress Government
    Federation Organisation Organization Group Company Inc Ltd Plc plc Corp Service Services Police Board Trust
    Society League Alliance Coalition Cabinet Treasury Kremlin Pentagon Commons Downing Whitehall House Labour
    Conservatives Conservative Tories Tory Reform Democrats Republicans Greens SNP Plaid Cymru Fund Street"""
)
#: Cue words that name an organisation on their own (``Nato``, ``Labour``), trusted even in a heading.
STANDALONE_ORGS = _words("Nato Labour Reform Conservatives Tories Kremlin Pentagon Whitehall Treasury Congress Parliament")
#: Words after which ``of``/``for`` continue an organisation's name (``Ministry of Defence``).
ORG_HEADS = _words(
    """Ministry Bank House Department Office Movement Council Commission Union Court Institute University Party
    Association Federation Organisation Organization Agency Committee Board Chamber Secretary League Society"""
)
#: All-caps words that are not organisations: places, units, titles, time zones.
NOT_ORG_ACRONYMS = _words(
    """UK US USA UAE GB GDP GMT BST UTC CET EST PST PM AM MP MEP CEO CFO TV AI ID OK PR DC II III IV VI VII VIII IX XI
    XII LGBT LGBTQ COVID HIV AIDS VAT GCSE FAQ PDF URL DNA EV EVS CO NB BC AD OR AND THE OF IN ON TO A I"""
)
#: Capitalised words that occur in multi-word proper nouns but not in people's names.
NON_NAME = _words(
    """Time Mean Action Tech Images Image States State Kingdom Nations Republic Street Road Square Palace Palais Castle
    Hall Tower Bridge Park Centre Center Stadium Hotel Airport Station Hospital School College Church Cathedral
    Island Islands Sea Ocean River Lake Mountain Mountains Valley City Town County Province Region Europe European
    Africa African America American Asia Asian British English French German Russian Ukrainian Chinese Arctic
    Atlantic Pacific Middle East West North South Eastern Western Northern Southern Central Global International
    National Federal Royal Security Defence Defense Plan Deal Agreement Treaty Programme Program Scheme Strategy
    Policy Initiative Act Bill Law War Summit Day Week Month Year Times Post News Media Press Pool Source Live Big
    Watch Analysis Summary Brexit Covid Internet Online Cooperation Co-operation Partnership Relations Trade Market
    Markets Economy Talks Negotiations Support Read More Now Here There Good Black Cyber Holy Christmas Easter Getty
    Reuters Images AFP PA
    Action Word Brussels London Washington Moscow Beijing Paris Berlin Kyiv Kiev Tokyo Britain France Germany China
    Russia Ukraine Europe Israel Iran India Japan Canada Denmark Greenland Belgium Italy Spain Poland Westminster
    Scotland Wales Ireland England Whitehall"""
)
#: Capitalised subjects of "... said" at the start of a sentence that are not people.
COMMON_SUBJECTS = _words(
    """ministers officials critics analysts sources experts leaders campaigners diplomats economists residents police
    officers reports observers opponents supporters aides insiders allies lawmakers politicians unions members
    others some many both all they he she it we i you this that these those there witnesses researchers scientists
    investors markets voters people families doctors teachers workers"""
)
#: Small words inside a name (``Ursula von der Leyen``).
PARTICLES = _words("von van der den de da di del della du le la bin ibn al dos das")
#: Spellings of one organisation folded to one value.
ORG_ALIASES = {
    "european union": "eu",
    "the eu": "eu",
    "north atlantic treaty organisation": "nato",
    "north atlantic treaty organization": "nato",
    "united nations": "un",
    "conservative party": "conservatives",
    "conservative": "conservatives",
    "tories": "conservatives",
    "tory": "conservatives",
    "labour party": "labour",
    "number 10": "downing street",
}

_NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_NEXT_VERB = re.compile(r"\s+(?:(?:has|have|had|was|is|also|then|later|earlier)\s+)?([^\W\d_]+)")


def _prev_word(text: str, pos: int, keep_case: bool = False) -> str:
    """The word just before ``pos``, over spaces and hyphens ("mid-May" gives "mid"), lower-cased unless asked."""
    i = pos
    while i > 0 and text[i - 1] in " \t\n\u00a0-":
        i -= 1
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i]
    return word if keep_case else word.lower()
