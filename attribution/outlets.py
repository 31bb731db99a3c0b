"""Stage 5: reporting outlets — the media a statement came through.

Outlets are found only in attribution frames (`told CNN`, `according to TASS`,
`Yonhap reported`, `wrote on X`, `in a Telegram post`, `carried by ORPA`,
`published on the Kremlin's website`), then named from the catalogue
(`data/outlets.tsv`) or, for outlets not in it, from the phrase itself
(`the Harbor City Ledger`, `state broadcaster KTV`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from .cues import Cue, framed_record, reports_other_speech
from .document import Article
from .lexicons import OutletEntry, outlet_catalogue, reporting_verbs, word_list, word_map
from .records import Attribution
from .registry import Entity
from .speakers import noun_phrase, speaker_mention
from .verbs import HEARER_VERBS, subject_of

CARRY_VERBS = word_list("carry_verbs.txt")  # "carried by Yonhap"
TALK_VERBS = word_list("talk_verbs.txt")  # "told CNN", "speaking to the BBC"
INTERVIEW_VERBS = word_list("interview_verbs.txt")  # "Asked by the BBC about …, …"
OCCASION_NOUNS = word_list("occasion_nouns.txt")  # "in an interview with CNN"
OUTLET_DESCRIPTORS = word_list("outlet_descriptors.txt")  # "broadcaster NOS"
DOCUMENT_WORDS = word_list("document_nouns.txt")  # "a statement to CNN", "a video posted on X"
INTERVIEW_WORDS = OCCASION_NOUNS | TALK_VERBS
SETTING_NOUNS = word_list("setting_nouns.txt")  # "said at a rally": another setting
HEARING_VERBS = TALK_VERBS | HEARER_VERBS  # verbs whose object or "to" phrase is the hearer
DOMAIN = re.compile(r"([A-Z][\w-]*)\.(?:com|org|net|info|news|co\.uk|io|tv)", re.IGNORECASE)  # "Polygraph.info"
CALL_SIGN = re.compile(r"[KW][A-Z]{3}(?:-(?:TV|FM|AM|DT))?(?: \d{1,2})?")  # "KTLA 5", "WABC-TV"


@dataclass(frozen=True)
class OutletMention:
    name: str
    type: str
    country: str | None
    state_affiliated: bool | None
    start: int
    end: int
    text: str
    role: str  # "told" | "according" | "reported" | "platform" | "carried" | "published"
    anchor: int = -1  # the token that frames it: "told", "reported", the verb of "wrote on"


def identify(span: Span) -> OutletMention | None:
    """Name the outlet a phrase denotes, if it denotes one."""
    cat = outlet_catalogue()
    toks = [t for t in span if not t.is_punct or t.text in ("-", "&", "/", ".")]
    while toks and toks[0].lower_ in ("the", "a", "an"):
        toks = toks[1:]
    while toks and toks[-1].lower_ in ("'s", "\u2019s"):
        toks = toks[:-1]
    if not toks:
        return None
    doc = span.doc
    # longest catalogue match inside the phrase, capitalised words only
    n = len(toks)
    for size in range(min(n, 7), 0, -1):
        for i in range(0, n - size + 1):
            part = toks[i : i + size]
            if not (part[0].text[:1].isupper() or part[0].text[:1].isdigit()):
                continue
            text = doc[part[0].i : part[-1].i + 1].text
            entry = cat.lookup(text)
            if entry is not None and _plausible(entry, part) and _whole_name(part, toks):
                longer = _name_run(part, toks)
                if longer is not None:  # "RBC Ukraine", "CNN International": another outlet
                    name = doc[part[0].i : longer.i + 1]
                    return OutletMention(
                        name.text, entry.type, None, None, name.start_char, name.end_char, name.text, ""
                    )
                return _mention(entry, doc[part[0].i : part[-1].i + 1])
    # not catalogued: "state broadcaster Orlan-1", "the Harbor City Ledger"
    news = word_list("news_words.txt")
    # a pronoun capitalised at a sentence's start names nothing: "Its leader, Sohei Kamiya,
    # told supporters" is no newspaper called "Its Leader"
    proper = [
        t
        for t in toks
        if (t.text[:1].isupper() or t.text[:1].isdigit() or t.text in ("-", "&")) and t.tag_ not in ("PRP", "PRP$")
    ]
    if not proper:
        return None
    start = next(i for i, t in enumerate(toks) if t in proper)
    name_toks = toks[start:]
    # drop trailing lowercase words ("Orlan-1 later"), keep "Today programme"
    dropped = False
    while (
        name_toks
        and not (name_toks[-1].text[:1].isupper() or name_toks[-1].text[:1].isdigit())
        and name_toks[-1].lower_ not in news
    ):
        dropped = dropped or name_toks[-1].lower_ == "agency"
        name_toks = name_toks[:-1]
    # and the "news" of a dropped "news agency" ("Harbour Wire news agency" is Harbour Wire)
    while dropped and len(name_toks) > 1 and name_toks[-1].lower_ in ("news", "press") and name_toks[-1].is_lower:
        name_toks = name_toks[:-1]
    if not name_toks:
        return None

    def descriptor(t: Token) -> bool:
        # "agency" alone is any government agency; a news or press agency is an outlet;
        # likewise a media, news or publishing group
        if t.lower_ in ("agency", "group"):
            return t.i > 0 and t.doc[t.i - 1].lower_ in ("news", "press", "media", "publishing")
        return t.lower_ in OUTLET_DESCRIPTORS

    # a capitalised adjective before the descriptor is no part of the name: "Malaysian daily
    # Berita Pagi", "German media group Nordwelle" name Berita Pagi and Nordwelle
    inner = [k for k, t in enumerate(name_toks[:-1]) if descriptor(t) and not t.text[:1].isupper()]
    if inner:
        name_toks = name_toks[inner[-1] + 1 :]
        has_descriptor = True
    else:
        # the descriptor may sit just before the phrase when the parser split them into two
        # objects: "told German media group | Nordwelle"
        before = [t for t in doc[max(0, span.start - 2) : span.start]]
        has_descriptor = (
            any(descriptor(t) for t in toks[:start])
            or any(descriptor(t) for t in name_toks[-1:])
            or bool(before)
            and descriptor(before[-1])
            # or in apposition: "told Berita Pagi, a Malaysian daily"
            or any(c.dep_ == "appos" and descriptor(c) for c in span.root.children)
        )
    newsy = name_toks[-1].lower_ in news or any(t.lower_ in ("radio", "tv", "television") for t in name_toks)
    if not (has_descriptor or newsy):
        return None
    name_span = doc[name_toks[0].i : name_toks[-1].i + 1]
    kind = _guess_type(toks)
    return OutletMention(
        name_span.text, kind, None, _state(toks), name_span.start_char, name_span.end_char, name_span.text, ""
    )


def _plausible(entry: OutletEntry, part: list[Token]) -> bool:
    """A catalogue match starts with a capital or a digit ("the sun" is not The Sun).
    Common-word aliases (X, Today, Time) are safe because callers only look in media frames."""
    first = part[0]
    return not first.is_lower or first.is_punct or first.like_num


def _whole_name(part: list[Token], toks: list[Token]) -> bool:
    """A one-word match must be a whole name, or an acronym: "Xinhua news agency" and
    "agency TASS" name outlets, "the National Emergency Agency" is not The National."""
    if len(part) > 1 or part[0].text.isupper():
        return True
    i = toks.index(part[0])

    def capital(t: Token) -> bool:
        return t.text[:1].isupper() or t.text[:1].isdigit()

    before = toks[i - 1] if i > 0 else None
    after = toks[i + 1] if i + 1 < len(toks) else None
    if after is not None and after.text == "&" and i + 2 < len(toks):
        after = toks[i + 2]  # "Express & Star" is not the Express
    return not (before is not None and capital(before)) and not (after is not None and capital(after))


def _name_run(part: list[Token], toks: list[Token]) -> Token | None:
    """The last word of a longer proper name an acronym opens ("RBC Ukraine", "BBC Radio
    Kent"), if any."""
    if len(part) > 1 or not part[0].text.isupper():
        return None
    i = toks.index(part[0]) + 1
    last = None
    while i < len(toks) and toks[i].pos_ == "PROPN" and toks[i].text[:1].isupper():
        last = toks[i]
        i += 1
    return last


def _mention(entry: OutletEntry, span: Span) -> OutletMention:
    """The catalogue's entry, named as the article names it when that is its acronym: an
    article that writes "VOA" names VOA, not Voice of America (GUIDELINES: as written)."""
    written = re.sub(r"^the\s+", "", span.text.strip(), flags=re.I)
    acronym = written.isupper() and written.isalpha() and written in entry.aliases
    name = written if acronym else entry.name
    return OutletMention(
        name, entry.type, entry.country, entry.state_affiliated, span.start_char, span.end_char, span.text, ""
    )


def _guess_type(toks: list[Token]) -> str:
    words = {t.lower_ for t in toks}
    if words & {"agency", "newswire", "wire"}:
        return "news_agency"
    if words & {"broadcaster", "radio", "tv", "television", "channel", "station", "programme", "network"}:
        return "broadcaster"
    if words & {
        "newspaper",
        "paper",
        "daily",
        "tabloid",
        "weekly",
        "ledger",
        "post",
        "times",
        "herald",
        "journal",
        "gazette",
        "tribune",
        "courier",
        "chronicle",
        "telegraph",
        "observer",
    }:
        return "newspaper"
    if words & {"magazine"}:
        return "magazine"
    if words & {"website", "site", "blog"}:
        return "website"
    return "other"


def _state(toks: list[Token]) -> bool | None:
    words = {t.lower_ for t in toks}
    return True if words & {"state", "state-run", "state-owned", "official"} else None


def _np(tok: Token) -> Span:
    """The phrase headed by `tok` including its appositions ("agency TASS")."""
    left = tok.left_edge.i
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("appos", "compound", "flat") or (c.pos_ == "PROPN" and c.i == right + 1):
            right = max(right, c.right_edge.i)
        elif c.dep_ == "nummod" and c.i == right + 1 and tok.pos_ == "PROPN":
            right = c.i  # a number that ends a name: "France 24", "Channel 4"
        elif c.dep_ == "punct" and c.text in ("-",):
            right = max(right, c.i)
        elif c.dep_ == "cc" and c.text == "&" and c.i == right + 1 and tok.pos_ == "PROPN":
            right = c.i  # "Express & Star": the ampersand's name goes on (the conjunct below)
        elif c.dep_ == "conj" and c.i == right + 1 and tok.doc[right].text == "&" and c.pos_ == "PROPN":
            right = c.right_edge.i
        elif (
            c.dep_ == "prep"
            and c.lower_ == "of"
            and c.i == right + 1
            and tok.pos_ == "PROPN"
            and all(t.pos_ == "PROPN" or t.lower_ in ("of", "the") for t in c.subtree)
        ):
            right = c.right_edge.i  # a name with "of" in it: "Voice of America", "Times of India"
        else:
            break
    return tok.doc[left : right + 1]


def _with_role(m: OutletMention | None, role: str) -> OutletMention | None:
    return None if m is None else replace(m, role=role)


def outlets_in(article: Article, tokens: list[Token]) -> list[OutletMention]:
    """Outlets in an attribution frame (tokens outside quotation marks), in text order."""
    found: list[OutletMention] = []
    seen: set[tuple[int, int]] = set()

    def add(at: Token, m: OutletMention | None) -> None:
        if m is not None and (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            # a preposition ("wrote on X", "in a Telegram post") is framed by its verb
            frame = at.head if at.dep_ == "prep" and at.head.i != at.i else at
            found.append(replace(m, anchor=frame.i))

    for tok in tokens:
        if article.in_quote(tok):
            continue
        low, lemma = tok.lower_, tok.lemma_.lower()
        # according to OUTLET
        if low == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            for c in tok.nbor(1).children:
                if c.dep_ == "pobj":
                    add(tok, _with_role(identify(_np(c)), "according"))
                    add(tok, _with_role(_publication(c), "published"))
        # told OUTLET / speaking to OUTLET / in an interview with OUTLET / told the agency
        elif lemma in TALK_VERBS and tok.pos_ in ("VERB", "AUX"):
            for c in tok.children:
                if c.dep_ in ("dobj", "dative", "iobj") and c.pos_ in ("PROPN", "NOUN"):
                    add(tok, _with_role(_hearer_outlet(article, c), "told"))
                if c.dep_ == "prep" and c.lower_ in ("to", "with"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add(tok, _with_role(_hearer_outlet(article, p), "told"))
                if c.dep_ == "xcomp" and c.lower_ in OUTLET_DESCRIPTORS and c.nbor(-1).lower_ == "to":
                    # "Speaking to broadcaster NOS": the tagger read "to broadcaster" as an
                    # infinitive, leaving the outlet its object
                    for p in c.children:
                        if p.dep_ == "dobj":
                            add(tok, _with_role(_hearer_outlet(article, p), "told"))
        if low in OCCASION_NOUNS or lemma in OCCASION_NOUNS:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("with", "on", "to", "in", "for"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            # "an interview with WOSU": the partner is a hearer, a call sign too
                            heard = _hearer_outlet(article, p) if c.lower_ in ("with", "to") else identify(_np(p))
                            add(tok, _with_role(heard, "told"))
            for c in tok.lefts:
                if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN":
                    add(tok, _with_role(identify(_np(c)), "told"))
        # a statement to OUTLET, a statement emailed (sent, given) to OUTLET
        if tok.pos_ == "NOUN" and lemma in DOCUMENT_WORDS:
            for c in tok.children:
                preps = (
                    [c] if c.dep_ == "prep" else [g for g in c.children if g.dep_ == "prep"] if c.dep_ == "acl" else []
                )
                for p in (p for prep in preps if prep.lower_ == "to" for p in prep.children if p.dep_ == "pobj"):
                    add(tok, _with_role(identify(_np(p)), "carried"))
        # OUTLET reported
        if lemma in ("report", "say", "quote", "write", "cite", "broadcast", "publish") and tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ == "nsubj":
                    m = identify(_np(c)) or _named_before(article, c)  # "…, the agency said"
                    if m is not None and m.type != "social_platform" and not _describes_person(m, c):
                        add(tok, _with_role(m, "reported"))
        # carried by / published by / reported by OUTLET; asked by / interviewed by OUTLET
        if lemma in CARRY_VERBS or lemma in INTERVIEW_VERBS:
            role = "carried" if lemma in CARRY_VERBS else "told"
            for c in tok.children:
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add(tok, _with_role(identify(_np(p)), role))
        # wrote on X, in a Telegram post, on the Kremlin's official website
        # (the parser sometimes makes a sentence-opening "In a Tumblr post at the time she …" its root)
        if low in ("in", "for") and tok.dep_ == "prep" and tok.head.lemma_.lower() in ("write", "publish"):
            for p in tok.children:  # "wrote in Le Monde", "Writing in the Korea Herald", "wrote for Politico"
                if p.dep_ == "pobj":
                    add(tok, _with_role(identify(_np(p)), "told"))
        if low in ("on", "in", "via") and tok.dep_ in ("prep", "ROOT"):
            for p in tok.children:
                if p.dep_ == "pobj":
                    add(tok, _with_role(_platform(p), "platform"))
                    add(tok, _with_role(_publication(p), "published"))
                    if low == "on" and tok.head.pos_ == "VERB" and _speaks(tok.head):
                        # "said on NHK", "speaking on BBC Radio 4": on air (not "the show on CNN")
                        add(tok, _with_role(_broadcaster(p), "told"))
    return sorted(found, key=lambda m: m.start)


def _hearer_outlet(article: Article, hearer: Token) -> OutletMention | None:
    """The outlet a statement was told to: a named one, a US station's call sign ("told
    KTLA", "WABC-TV"; four letters and only here, where no league or agency, "WNBA said",
    "told the WHO", is meant), or "the agency" named before."""
    phrase = _np(hearer)
    found = identify(phrase)
    name = phrase.text.removeprefix("the ").strip()
    if found is None and CALL_SIGN.fullmatch(name):
        found = OutletMention(
            phrase.text, "broadcaster", "US", False, phrase.start_char, phrase.end_char, phrase.text, ""
        )
    if found is None and (domain := DOMAIN.fullmatch(name)):
        # "told Polygraph.info", "told TMZ.com": a site named by its address (TMZ is catalogued)
        entry = outlet_catalogue().lookup(domain.group(1))
        found = (
            _mention(entry, phrase)
            if entry is not None
            else OutletMention(name, "website", None, None, phrase.start_char, phrase.end_char, phrase.text, "")
        )
    return found or _named_before(article, hearer)


# "the agency", "the newspaper": which catalogue types each descriptor can refer back to
BACK_REFERENCE_TYPES = {
    word: frozenset(types.split("|")) for word, types in word_map("outlet_back_references.tsv").items()
}
BACK_REFERENCE_REACH = 300  # tokens: the outlet was named in the last few paragraphs


def _named_before(article: Article, noun: Token) -> OutletMention | None:
    """ "Yonhap reported … Kim told the agency he took full responsibility": a definite
    descriptor is the outlet of that kind named last before it, within a few paragraphs."""
    types = BACK_REFERENCE_TYPES.get(noun.lower_)
    if types is None or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return None
    if any(c.dep_ in ("compound", "amod", "poss", "prep", "appos") for c in noun.children):
        return None  # "the news agency Kyodo", "the Israeli newspaper": named or new
    for ent in reversed(article.ents_between(max(0, noun.i - BACK_REFERENCE_REACH), noun.i)):
        m = identify(ent) if ent.label_ in ("ORG", "GPE", "PERSON", "WORK_OF_ART", "FAC") else None
        if m is not None and m.type in types:
            return replace(m, start=noun.idx, end=noun.idx + len(noun), text=noun.text)
    return None


def _describes_person(m: OutletMention, head: Token) -> bool:
    """The outlet is a word of a person's description, not the subject: "Kremlin spokesman
    Dmitry Peskov", "a Kremlin spokesman"."""
    person = head.ent_type_ == "PERSON" or head.lower_ in word_list("roles.txt")
    return person and not m.start <= head.idx < m.end


def _platform(tok: Token) -> OutletMention | None:
    """`on X`, `in a Telegram post`, `on his Truth Social account`."""
    cat = outlet_catalogue()
    cands = [tok] + [c for c in tok.lefts if c.dep_ in ("compound", "nmod", "amod", "poss")]
    for c in cands:
        span = _np(c) if c is tok else c.doc[c.left_edge.i : c.i + 1]
        # try the phrase, then each proper-noun run in it
        for sub in _proper_runs(span):
            entry = cat.lookup(sub.text)
            if entry is not None and entry.type == "social_platform":
                return _mention(entry, sub)
    return None


def _speaks(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    return lemma in TALK_VERBS or lemma in INTERVIEW_VERBS or lemma in reporting_verbs() or lemma == "appear"


def _broadcaster(tok: Token) -> OutletMention | None:
    m = identify(_np(tok))
    return m if m is not None and m.type == "broadcaster" else None


def _publication(tok: Token) -> OutletMention | None:
    """`the Kremlin's official website`, `a transcript published on the White House website`."""
    if tok.lemma_.lower() not in ("website", "site", "transcript", "page", "account", "channel"):
        # "a transcript of the videoconference published on the Kremlin's official website"
        for c in tok.rights:
            for sub in c.subtree:
                if sub.lemma_.lower() in ("website", "site") and sub.i != tok.i:
                    return _publication(sub)
        return None
    for c in tok.lefts:
        if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN":
            entry = outlet_catalogue().lookup(c.text)
            if entry is not None:
                return _mention(entry, c.doc[c.i : c.i + 1])
    for c in tok.subtree:
        if c.dep_ == "pobj" and c.pos_ == "PROPN":
            entry = outlet_catalogue().lookup(c.text)
            if entry is not None:
                return _mention(entry, c.doc[c.i : c.i + 1])
    return None


def _proper_runs(span: Span) -> list[Span]:
    runs, cur = [], []
    for t in span:
        if t.text[:1].isupper() or (cur and t.text in ("-",)):
            cur.append(t)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    out = []
    for r in runs:
        out.append(span.doc[r[0].i : r[-1].i + 1])
        if len(r) > 1:
            out.extend(span.doc[t.i : t.i + 1] for t in r)
    return out


__all__ = ["OutletMention", "identify", "outlets_in"]


SENTENCE_ROLES = {"reported", "according", "carried", "published"}


def is_outlet(span: Span) -> bool:
    """The phrase names an outlet, not someone described by one ("White House spokesman Josh
    Earnest" is a person): the outlet's name holds the phrase's head."""
    m = identify(span)
    return m is not None and m.start <= span.root.idx < m.end


def frames_speech(article: Article, a: Attribution) -> bool:
    """ "X acknowledged ..., Yonhap reported": the outlet's verb frames another's statement;
    its clause is not the outlet's own. A record's finding with no clause of its own ("A
    Gallup poll showed his rating at 13%, The Korea Times reported") is the record's
    statement, and stays: coreference gives it to the record (cues.framed_record)."""
    if a.cue is None or a.cue.kind != "verb":
        return False
    subj_span = speaker_mention(article, a.cue)
    if subj_span is None or not is_outlet(subj_span) or not reports_other_speech(article, a.start, a.end):
        return False
    return framed_record(article, a) is None


def assign_outlets(article: Article, found: list[Attribution], by_sentence: dict[int, list[Cue]]) -> None:
    carry: tuple[list[OutletMention], str | None, int, str] | None = None  # outlets, speaker, paragraph, role
    in_sentence: dict[int, tuple[list[OutletMention], list[int]]] = {}  # sentence start -> outlets, anchors
    interviews: dict[str, list[OutletMention]] = {}  # speaker -> the outlet they last spoke to
    quiet = _quiet_frames(article, found)
    floor: Entity | None = None  # who spoke last: "he" in a quiet sentence
    settings: dict[int, bool] = {}  # cue token -> whether its frame names a setting
    for a in found:
        para = article.paragraph_of(a.start)
        while quiet and quiet[0][0] <= a.start:
            _, subject, outlets = quiet.pop(0)
            # "Raimondo defended the curbs in an interview with CNBC." opens a frame for her
            # next quotes, though the sentence itself quotes nothing; "Speaking to CNN later,
            # he declined to say …" for whoever last spoke
            pronoun = article.doc[subject].lower_
            gender = {"he": "m", "she": "f"}.get(pronoun)
            named = gender is not None and floor is not None and floor.gender in (None, gender)
            who = floor if named else (a.speaker.entity if a.speaker is not None else None)
            if who is not None and (named or _named_at(who, article.doc[subject].idx)):
                interviews[who.name.lower()] = outlets
        if a.speaker is not None and a.speaker.entity is not None:
            floor = a.speaker.entity
        local: list[OutletMention] = []
        sentence_level: list[OutletMention] = []
        if a.cue is not None:
            sent = article.sent_of(a.cue.token)
            if sent.start not in in_sentence:  # once per sentence, however many quotes it holds
                ms = sorted(outlets_in(article, list(sent)), key=lambda m: m.anchor)
                in_sentence[sent.start] = (ms, [m.anchor for m in ms])
            ms, anchors = in_sentence[sent.start]
            lo, hi = _frame(article, a.cue, by_sentence.get(sent.start, []))
            sentence_level = [m for m in ms if m.role in SENTENCE_ROLES]
            local = [
                m
                for m in ms[bisect.bisect_left(anchors, lo) : bisect.bisect_right(anchors, hi)]
                if m.role not in SENTENCE_ROLES
            ]
        speaker_name = a.speaker.name if a.speaker else None
        key = speaker_name.lower() if speaker_name else None
        own = [
            m
            for m in _nearest_first(local, a) + _nearest_first(sentence_level, a)
            if not _own_site(m, a)
            and not _person_named(m, a)
            and not _speaker_referred_back(m, a)
            and not a.start <= m.start < a.end  # "said the post on X was fake": the topic
        ]
        if a.reported_in is not None and not own:
            own = [_document(a.reported_in)]
        told_open = (key is not None and key in interviews) or (carry is not None and carry[3] != "reported")
        if not own and a.cue is not None and told_open and a.cue.token.i not in settings:
            settings[a.cue.token.i] = _names_setting(article, a.cue, lo, hi)  # once per cue, however many quotes
        if not own and a.cue is not None and told_open and settings[a.cue.token.i]:
            # "… told reporters in Ohio", "… said at a rally": a setting named for this quote
            # closes the speaker's interview frame; a report an outlet carries goes on
            interviews.pop(key, None)
            if carry is not None and carry[3] != "reported":
                carry = None
        if key is not None and own:
            # an interview frame stays open for its speaker until another outlet is named for them
            interviews[key] = [m for m in own if m.role == "told"]
        # an outlet never quotes itself through itself, unless it is the reporter ("CNN reported")
        if own:
            a.outlets = _unique(own)
            if (
                carry is not None
                and carry[3] == "reported"
                and carry[2] < para
                and _same_speaker(carry[1], speaker_name)
            ):
                a.outlets = _unique(a.outlets + carry[0])
            role = "reported" if any(m.role == "reported" for m in own) else own[0].role
            carry = (a.outlets, speaker_name, para, role)
            continue
        if carry is not None:
            outlets, who, cpara, role = carry
            same = _same_speaker(who, speaker_name)
            if para - cpara <= 2 and (same or (role == "reported" and speaker_name is None)):
                a.outlets = list(outlets)
                carry = (outlets, who, para, role)
                continue
            if not same and speaker_name is not None:
                carry = None
        if interviews.get(key):
            a.outlets = list(interviews[key])
            carry = (a.outlets, speaker_name, para, "told")


def _names_setting(article: Article, cue: Cue, lo: int, hi: int) -> bool:
    """Does the cue's frame name where the statement was made, with no outlet: a hearer
    ("told reporters", "told a news conference") or an occasion ("said at a rally", "said in
    a statement")? "told me" is the reporter, still in the interview."""
    for t in article.doc[lo : hi + 1]:
        if article.in_quote(t):
            continue
        framing = t.i == cue.token.i or t.dep_ == "advcl" and t.head.i == cue.token.i and t.tag_ in ("VBG", "VBN")
        if framing and t.lemma_.lower() in HEARING_VERBS and _hearer_named(t):
            return True  # the cue's or its participle's: "Speaking to reporters at the gate, he said"
        if t.dep_ == "pobj" and t.head.lower_ in ("at", "in", "during") and t.lemma_.lower() in SETTING_NOUNS:
            return True
    return False


def _hearer_named(verb: Token) -> bool:
    """ "told reporters", "speaking to the crowd": a hearer who is a noun, not the reporter."""
    # only a verb of telling has its hearer as an object: "said the depot supplied fuel",
    # misparsed, has "fuel" as one
    takes_hearer = verb.lemma_.lower() in HEARER_VERBS
    for c in verb.children:
        hearer = c if c.dep_ in ("dobj", "dative") and takes_hearer else None
        if c.dep_ == "prep" and c.lower_ == "to":
            hearer = next((g for g in c.children if g.dep_ == "pobj"), None)
        if hearer is not None and hearer.pos_ in ("NOUN", "PROPN"):
            return True
    return False


def _quiet_frames(article: Article, found: list[Attribution]) -> list[tuple[int, int, list[OutletMention]]]:
    """Sentences that name an interview or a post but report nothing ("Raimondo defended the
    curbs in an interview with CNBC.", "Holt made the announcement in a video posted on X."):
    (sentence end, the subject's token, the outlets)."""
    busy = {article.sent_of(a.cue.token).start for a in found if a.cue is not None}
    out = []
    for sent in article.doc.sents:
        if sent.start in busy:
            continue
        interview = any(t.lemma_.lower() in INTERVIEW_WORDS for t in sent)
        # "Holt made the announcement in a video posted on X.": the platform carries the
        # quotes from that video that follow
        published = any(t.lemma_.lower() in DOCUMENT_WORDS and t.pos_ == "NOUN" for t in sent)
        if not (interview or published):
            continue
        frames = [
            m
            for m in outlets_in(article, list(sent))
            if m.role == "told" and interview or m.role == "platform" and published
        ]
        if not frames:
            continue
        verb = article.doc[frames[0].anchor]
        # up to the clause's verb, past a participle on a noun ("a video posted on X")
        while (verb.pos_ not in ("VERB", "AUX") or verb.dep_ == "acl") and verb.head.i != verb.i:
            verb = verb.head
        subject = subject_of(verb)
        if subject is None and verb.dep_ == "advcl" and verb.tag_ == "VBG":
            subject = subject_of(verb.head)  # "Speaking to CNN later, he declined to say …"
        if subject is not None and (subject.ent_type_ == "PERSON" or subject.lower_ in ("he", "she")):
            out.append((sent.end_char, subject.i, frames))
    return out


def _person_named(m: OutletMention, a: Attribution) -> bool:
    """The outlet's name is the speaker's, and the speaker a person: in "Hill said", after
    "Attorney General Bridget Hill", Hill is no newspaper."""
    return (
        a.speaker is not None
        and a.speaker.kind == "person"
        and a.mention is not None
        # the outlet names the mention's head: in "a VOA reporter's source" VOA only describes
        and m.start <= a.mention.root.idx < m.end
    )


def _speaker_referred_back(m: OutletMention, a: Attribution) -> bool:
    """ "The agency said it was investigating": a descriptor that is the speaker's own
    mention names the speaker (the FAA, perhaps), not the news agency named before; only
    an outer frame, "He said …, the agency said", refers back to an outlet."""
    return (
        m.text.lower() in BACK_REFERENCE_TYPES
        and a.mention is not None
        and a.mention.start_char <= m.start < a.mention.end_char
    )


def _named_at(entity: Entity, char: int) -> bool:
    return any(start <= char < end for start, end in entity.mentions)


def _own_site(m: OutletMention, a: Attribution) -> bool:
    """An official site named as the speaker is its owner speaking: in "the Kremlin says …"
    the Kremlin speaks, and its website carries nothing. (A news outlet that reports is both:
    "CNN reported that …")."""
    return (
        m.type == "official_publication"
        and a.mention is not None
        and a.mention.start_char <= m.start < a.mention.end_char
    )


def _document(head: Token) -> OutletMention:
    """The document a nested statement is reported in, named as the article names it
    ("search warrant documents"), as its outlet (GUIDELINES: "documents say" gives the outlet)."""
    phrase = noun_phrase(head)
    toks = [t for t in phrase if t.lower_ not in ("the", "a", "an")]
    name = head.doc[toks[0].i : toks[-1].i + 1] if toks else phrase
    return OutletMention(name.text, "other", None, None, name.start_char, name.end_char, name.text, "reported")


def _frame(article: Article, cue: Cue, sent_cues: list[Cue]) -> tuple[int, int]:
    """The token range of the cue's sentence that belongs to this cue rather than another
    verb cue: each token goes to the nearest one (ties to this cue), the verb that holds
    this cue's subject excepted. Nearest-cue regions on a line are intervals, so this is
    two neighbours found by bisection, not a pass over the sentence per cue."""
    sent = article.sent_of(cue.token)
    here = cue.token.i
    helper = _subject_verb(article, cue)
    rivals = sorted(
        {c.token.i for c in sent_cues if c is not cue and c.kind == "verb" and not _part_of_frame(c.token, here)}
        - {here, helper.i if helper else -1}
    )
    k = bisect.bisect_left(rivals, here)
    lo = (rivals[k - 1] + here + 1) // 2 if k > 0 else sent.start  # first token no nearer its left rival
    hi = (here + rivals[k]) // 2 if k < len(rivals) else sent.end - 1
    return lo, hi


def _part_of_frame(verb: Token, cue: int) -> bool:
    """A participle that names the medium ("in a video posted on Telegram") or the
    interview ("Asked by the BBC about …, Roe said") belongs to the cue's frame."""
    if verb.dep_ == "acl":
        return True
    return verb.dep_ == "advcl" and verb.head.i == cue and verb.tag_ in ("VBN", "VBG") and subject_of(verb) is None


def _subject_verb(article: Article, cue: Cue) -> Token | None:
    if cue.kind != "verb" or subject_of(cue.token) is not None:
        return None
    sent = article.sent_of(cue.token)
    for i in range(cue.token.i - 1, sent.start - 1, -1):
        t = article.doc[i]
        if t.pos_ in ("VERB", "AUX") and subject_of(t) is not None and not article.in_quote(t):
            return t
    return None


def _same_speaker(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.lower() == b.lower()


def _nearest_first(ms: list[OutletMention], a: Attribution) -> list[OutletMention]:
    anchor = a.cue.start if a.cue is not None else a.start
    return sorted(ms, key=lambda m: abs(m.start - anchor))


def _unique(ms: list[OutletMention]) -> list[OutletMention]:
    seen, out = set(), []
    for m in ms:
        if m.name.lower() not in seen:
            seen.add(m.name.lower())
            out.append(m)
    return out
