"""The engine end to end on short articles written for each phenomenon."""

from __future__ import annotations

import re

import pytest

from attribution import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()


def find(result: dict, fragment: str, kind: str | None = None) -> dict:
    for q in result["quotes"]:
        if fragment in q["text"] and (kind is None or q["type"] == kind):
            return q
    raise AssertionError(f"no {kind or ''} quote with {fragment!r} in {[q['text'] for q in result['quotes']]}")


def speaker(q: dict) -> str | None:
    return q["speaker"]["name"] if q["speaker"] else None


def outlet(q: dict) -> str | None:
    return q["outlet"]["name"] if q["outlet"] else None


def test_direct_quote_with_inverted_said(engine):
    r = engine.attribute('"We came to save lives, not to sit in a room," said Ilse Varga.')
    q = find(r, "We came to save lives", "direct")
    assert speaker(q) == "Ilse Varga"
    assert q["cue"]["text"] == "said"
    assert r["quotes"][0]["start"] == 1  # content only, marks excluded


def test_name_with_title_and_apposition_then_surname_and_pronoun(engine):
    text = (
        "The country's deputy foreign minister, Ilse Varga, said the talks were at a dead end.\n"
        '"Every day this corridor stays closed, people suffer," Varga said.\n'
        "She said the delegation would not return."
    )
    r = engine.attribute(text)
    assert speaker(find(r, "the talks were at a dead end", "indirect")) == "Ilse Varga"
    assert speaker(find(r, "Every day this corridor", "direct")) == "Ilse Varga"
    assert speaker(find(r, "the delegation would not return", "indirect")) == "Ilse Varga"


def test_role_noun_resolves_to_the_titled_person(engine):
    text = (
        "Russian President Vladimir Putin met his generals on Saturday.\n"
        "The Russian president said the offensive had succeeded."
    )
    q = find(engine.attribute(text), "the offensive had succeeded", "indirect")
    assert speaker(q) == "Vladimir Putin"
    assert q["speaker"]["mention"]["text"].lower() == "the russian president"


def test_colon_introduction(engine):
    q = find(
        engine.attribute('The mayor, Joanne Brisbois, said: "We cannot patch our way out of this."'),
        "patch our way",
        "direct",
    )
    assert speaker(q) == "Joanne Brisbois"


def test_interrupted_quote_keeps_its_speaker(engine):
    r = engine.attribute('"We tried everything," Tom Veasey said. "Nothing worked in the end."')
    assert speaker(find(r, "We tried everything")) == "Tom Veasey"
    assert speaker(find(r, "Nothing worked")) == "Tom Veasey"


def test_partial_quote_inside_reporters_sentence(engine):
    r = engine.attribute('A White House spokesperson described the meeting as "productive" on Saturday.')
    q = find(r, "productive", "partial")
    assert speaker(q) == "White House spokesperson"


def test_scare_quotes_titles_and_nicknames_are_not_quotes(engine):
    r = engine.attribute(
        'The so-called "peace plan" was discussed. Fans watched "The Last of Us" on the ship "Jin Hai 7".'
    )
    assert [q["text"] for q in r["quotes"] if q["type"] != "indirect"] == []


def test_a_title_with_a_subtitle_is_no_quote(engine):
    text = (
        'One Sunday in late 2001, according to "Perfect Timing: Ines Ortega and the Remaking of the '
        'Harbour Board," her husband flew home.'
    )
    assert [q["text"] for q in engine.attribute(text)["quotes"] if q["type"] != "indirect"] == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("Okafor's attack on Vale indicates she is pivoting to the general election.", False),
        ("That shows how little the party has learned since the defeat.", False),
        ("The study found that walking lowers the risk of dementia.", True),
        ("Footage shows the officer firing twice at the fleeing car.", True),
        ("The city's consultant found that breaks had tripled since 2015.", True),
        ("The next series of emails shows that the aide asked the reporter to call him.", True),
    ],
)
def test_a_record_verb_speaks_only_for_someone_or_a_record(engine, text, found):
    assert any(q["type"] == "indirect" for q in engine.attribute(text)["quotes"]) is found


@pytest.mark.parametrize(
    "text, quoted",
    [
        ('Actors are staging a popular play called "Los Hijos de Okafor," in Lisbon.', []),
        ('The series is an adaptation of a show called "Brokers," a hit in Spain.', []),
        # a person so called by someone is quoted, and so is what a speaker called a thing
        (
            'The senator, called "the conscience of the Senate" by colleagues, said no.',
            ["the conscience of the Senate"],
        ),
        ('He condemned what he called "sophisticated adversaries."', ["sophisticated adversaries."]),
    ],
)
def test_a_things_name_after_called_is_no_quote(engine, text, quoted):
    assert [q["text"] for q in engine.attribute(text)["quotes"] if q["type"] != "indirect"] == quoted


def test_paired_apostrophes_are_double_quotation_marks(engine):
    """The New York Times archive writes ''...''; LaTeX-style text writes ``...''."""
    text = (
        "''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist. ''It has the "
        "important virtue of being fiscally responsible,'' he added.\n``We won,'' Ilse Varga said. "
        "He can''t go."
    )
    r = engine.attribute(text)
    first = find(r, "This isn't tax reform", "direct")
    assert first["text"] == "This isn't tax reform,"  # no stray apostrophe at either end
    assert text[first["start"] - 2 : first["start"]] == "''"
    second = find(r, "important virtue", "direct")
    assert speaker(first) == speaker(second) == "Douglas Holtz-Eakin"
    assert speaker(find(r, "We won", "direct")) == "Ilse Varga"
    assert all("can" not in q["text"] for q in r["quotes"])


def test_a_quote_closed_by_two_typographic_apostrophes_or_a_straight_mark(engine):
    """Word processors turn a closing '' into ’’; hand-edited copy mixes “ with "."""
    text = (
        "“It was a plain attempt to mislead the jury,’’ Ines Barrow, chief counsel of "
        "the Tenants Union, told the Courier. “No serious landlord behaves that way.”\n\n"
        '“We will appeal," said Tomas Reyes. "And we will win.”\n'
    )
    r = engine.attribute(text)
    first = find(r, "plain attempt", "direct")
    assert first["text"] == "It was a plain attempt to mislead the jury,"
    assert speaker(first) == speaker(find(r, "No serious landlord", "direct")) == "Ines Barrow"
    assert outlet(first) == "Courier"
    assert find(r, "We will appeal", "direct")["text"] == "We will appeal,"
    assert speaker(find(r, "we will win", "direct")) == "Tomas Reyes"


def test_a_parenthetical_attribution_inside_the_clause_it_reports(engine):
    text = (
        "Joanne Brisbois has led Harbor City since 2019.\n"
        "The new pipes, Brisbois said on Tuesday, would last a century.\n"
        "By Sunday evening, the utility said, 612 homes had water again."
    )
    r = engine.attribute(text)
    pipes = find(r, "The new pipes", "indirect")
    assert pipes["text"] == "The new pipes, Brisbois said on Tuesday, would last a century"
    assert speaker(pipes) == "Joanne Brisbois" and pipes["cue"]["text"] == "said"
    homes = find(r, "612 homes had water again", "indirect")
    assert homes["speaker"]["mention"]["text"] == "the utility"
    # quoted words around the verb are direct quotes, not a parenthetical report
    r = engine.attribute('"We will win," he said, "and soon."')
    assert [q["type"] for q in r["quotes"]] == ["direct", "direct"]


def test_indirect_speech_with_and_without_that(engine):
    r = engine.attribute(
        "Farid Ozmen said that prosecutors would examine every collapsed building.\n"
        "Alina Koszeg said the state would rebuild every home within two years."
    )
    assert speaker(find(r, "prosecutors would examine", "indirect")) == "Farid Ozmen"
    q = find(r, "the state would rebuild", "indirect")
    assert speaker(q) == "Alina Koszeg" and not q["text"].startswith("that")


def test_according_to_a_source_at_either_end(engine):
    r = engine.attribute(
        "According to the Veskarian Relief Society, two drivers were wounded near the village.\n"
        "The convoy was hit by mortar fire, according to the relief society."
    )
    assert speaker(find(r, "two drivers were wounded", "indirect")) == "Veskarian Relief Society"
    assert find(r, "The convoy was hit by mortar fire", "indirect")


def test_mixed_quote_gives_indirect_and_partial(engine):
    r = engine.attribute('Vladimir Putin said the defeat would "bring closer the end of the regime" soon.')
    indirect = find(r, "the defeat would", "indirect")
    partial = find(r, "bring closer the end of the regime", "partial")
    assert speaker(indirect) == speaker(partial) == "Vladimir Putin"
    assert indirect["start"] <= partial["start"] < partial["end"] <= indirect["end"] + 1


def test_organisation_speaker_and_document_speaks_for_its_author(engine):
    text = (
        "Ukraine's General Staff said in a Telegram post that fighting in the region continues.\n"
        '"Our units are holding their positions," the post said.'
    )
    r = engine.attribute(text)
    q = find(r, "Our units are holding", "direct")
    assert "General Staff" in speaker(q)
    assert q["speaker"]["mention"]["text"] == "the post"


def test_unnamed_source_keeps_its_description(engine):
    q = find(
        engine.attribute("A person familiar with the matter said the company had held talks with buyers."),
        "the company had held talks",
        "indirect",
    )
    assert "person" in speaker(q)


def test_group_speaker(engine):
    q = find(
        engine.attribute("The United States, South Korea and Ukraine alleged that troops had been spotted."),
        "troops had been spotted",
        "indirect",
    )
    assert q["speaker"]["kind"] == "group"


def test_outlet_told_and_interview(engine):
    r = engine.attribute(
        '"This is not the moment for politics," Farid Ozmen told state broadcaster DTV.\n'
        'In an interview with the Harbor City Ledger, Joanne Brisbois said "the pipes are old."'
    )
    assert outlet(find(r, "not the moment")) == "DTV"
    assert outlet(find(r, "the pipes are old")) == "Harbor City Ledger"


def test_hyphenated_given_name_and_the_interview_carrying_to_her_next_quotes(engine):
    r = engine.attribute(
        'A passenger, Kim Do-yeon, 34, told broadcaster YTN that she had heard "a huge bang".\n'
        '"People were screaming," she said. "They were calm, and that helped."\n'
        "The coast guard said the search would continue."
    )
    told = find(r, "she had heard", "indirect")
    later = find(r, "They were calm", "direct")
    assert speaker(told) == speaker(later) == "Kim Do-yeon"
    assert outlet(told) == outlet(later) == "YTN"
    assert outlet(find(r, "the search would continue", "indirect")) is None  # a new source


def test_a_pronoun_inside_the_statement_never_takes_the_statements_subject(engine):
    r = engine.attribute(
        "Mayor Joanne Brisbois met the council on Monday.\nMarta Falls, she said, would get new pipes first."
    )
    q = find(r, "would get new pipes first", "indirect")
    assert q["speaker"]["mention"]["text"] == "she" and speaker(q) == "Joanne Brisbois"


def test_a_person_given_an_age_is_a_person_whatever_the_ner_says(engine):
    # the model tags "Shane Mulcahy" as a place here; the age apposition says person
    r = engine.attribute(
        "Tolliver's son-in-law, Shane Mulcahy, 33, stocks shelves at a discount store two towns over "
        "and has had two interviews with Voltaris. He said the second had included a written test."
    )
    q = find(r, "the second had included", "indirect")
    assert speaker(q) == "Shane Mulcahy" and q["speaker"]["kind"] == "person"


def test_a_name_in_apposition_to_a_role_is_a_person_whatever_the_ner_says(engine):
    # the model tags "Femi Adeyemi-Clarke" as an organisation; "director of communications" says person
    r = engine.attribute(
        "The airline's director of communications, Femi Adeyemi-Clarke, later told reporters that the "
        "supplier was to blame.\nHe said the systems had been restored by Sunday.\n"
        "The regulator, the Financial Conduct Authority, said it would investigate."
    )
    assert speaker(find(r, "the systems had been restored", "indirect")) == "Femi Adeyemi-Clarke"
    fca = find(r, "it would investigate", "indirect")
    assert fca["speaker"]["kind"] == "organization"


def test_a_participle_used_as_an_adjective_is_no_cue(engine):
    r = engine.attribute(
        "Hartley Grieve, an economist, has studied 40 such deals.\nRoughly a third, he said, were still "
        "operating at their promised employment ten years later; a third had closed, several "
        '"within eighteen months of the last subsidy check."'
    )
    partial = find(r, "within eighteen months", "partial")
    assert partial["cue"]["text"] == "said" and speaker(partial) == "Hartley Grieve"
    assert all(q["cue"] is None or q["cue"]["text"] != "promised" for q in r["quotes"])


def test_a_that_clause_parsed_as_an_object_and_they_for_the_last_group_speaker(engine):
    r = engine.attribute(
        "A biologist at Maumee Valley University in Ohio said cities differ.\n"
        "The study's authors wrote that the effect of light held up after they accounted for tree cover. "
        "They acknowledged that they could not rule out other factors."
    )
    held = find(r, "the effect of light held up", "indirect")
    assert held["cue"]["text"] == "wrote" and held["speaker"]["kind"] == "group"
    rule = find(r, "could not rule out other factors", "indirect")
    assert speaker(rule) == speaker(held)  # "They": the authors, not Ohio


def test_an_absolute_participle_after_the_verb_is_no_reported_clause(engine):
    r = engine.attribute(
        '"We lost everything," Ana Strand told AFP, her voice breaking.\n'
        'The envoy said the negotiations had been "paused, not abandoned".'
    )
    assert all("voice breaking" not in q["text"] for q in r["quotes"])
    assert find(r, "the negotiations had been", "indirect")["cue"]["text"] == "said"


def test_a_verb_and_according_to_on_one_statement_give_the_verbs_clause_and_subject(engine):
    r = engine.attribute(
        "Russia has, for the first time since the beginning of its conflict with Ukraine, officially "
        "confirmed that North Korean troops participated in military operations alongside Russian forces, "
        "according to reports from state media outlets in both Russia and South Korea."
    )
    [q] = [q for q in r["quotes"] if q["type"] == "indirect"]
    assert q["text"] == "North Korean troops participated in military operations alongside Russian forces"
    assert q["cue"]["text"] == "confirmed" and speaker(q) == "Russia"  # the subject hung on "has"


def test_told_outlet_after_the_statement_and_a_numbered_outlet_name(engine):
    r = engine.attribute(
        "The talks had stalled, a senior official told Reuters on Monday.\n"
        '"We are ready," the spokesman said in an interview with France 24.\n'
        "She told him the truth."
    )
    stalled = find(r, "The talks had stalled", "indirect")
    assert stalled["speaker"]["name"] == "senior official" and outlet(stalled) == "Reuters"
    assert outlet(find(r, "We are ready", "direct")) == "France 24"
    assert all("truth" not in q["text"] for q in r["quotes"])  # a hearer and a noun: no report


def test_outlet_reported_and_according_to_outlet(engine):
    r = engine.attribute(
        "The minister resigned on Monday, South Korean news agency Yonhap reported.\n"
        "Valery Gerasimov said the region had been retaken, according to TASS."
    )
    q = find(r, "the region had been retaken", "indirect")
    assert speaker(q) == "Valery Gerasimov" and outlet(q) == "TASS"


def test_outlet_reported_clause_is_the_outlets_own_report(engine):
    q = find(
        engine.attribute("CNN also reported that Ukraine launched a surprise incursion in August."),
        "Ukraine launched a surprise incursion",
        "indirect",
    )
    assert speaker(q) == "CNN" and outlet(q) == "CNN"


def test_platforms(engine):
    r = engine.attribute(
        '"There was no reason for this," Donald Trump wrote on Truth Social.\n'
        "In a Telegram post, the General Staff said fighting continues in the region.\n"
        'Zelenskyy posted on X, calling the meeting "historic" for both countries.'
    )
    assert outlet(find(r, "There was no reason")) == "Truth Social"
    assert outlet(find(r, "fighting continues", "indirect")) == "Telegram"
    assert outlet(find(r, "historic", "partial")) == "X"


def test_an_outlet_is_never_the_speaker_of_someone_elses_words(engine):
    q = find(engine.attribute('"The operation continues," the ministry said, according to CNN.'), "The operation")
    assert speaker(q) != "CNN" and outlet(q) == "CNN"


def test_outlet_that_is_the_news_is_not_a_reporting_outlet(engine):
    q = find(
        engine.attribute("Facebook said it had removed thousands of fake accounts last week."),
        "it had removed",
        "indirect",
    )
    assert speaker(q) == "Facebook" and outlet(q) is None


def test_reported_outlet_carries_into_the_next_paragraph(engine):
    text = (
        'Mayor Joanne Brisbois called the breaks "a warning", the Harbor City Ledger reported.\n'
        '"We cannot patch our way out of this," Brisbois said.'
    )
    r = engine.attribute(text)
    assert outlet(find(r, "We cannot patch")) == "Harbor City Ledger"


def test_scraper_input_boilerplate_control_characters_and_foreign_lines(engine):
    text = (
        "Advertisement\n\x00\x07Share this article\u200b\n"
        '"We will rebuild," Mayor Anna Kowal said.\n'
        "\u0924\u092a\u093e\u0908\u0915\u094b \u092a\u094d\u0930\u0924\u093f\u0915\u094d\u0930\u093f\u092f\u093e\n"
    )
    r = engine.attribute(text)
    q = find(r, "We will rebuild", "direct")
    assert text[q["start"] : q["end"]] == q["text"]
    assert speaker(q) == "Anna Kowal"


def test_unreadable_text_gives_an_empty_result_with_a_reason(engine):
    assert engine.attribute("")["skipped"] == "empty"
    assert engine.attribute("   \n\t ")["skipped"] == "empty"
    assert engine.attribute("\u0924\u092a\u093e\u0908\u0915\u094b \u092a\u094d\u0930\u0924\u093f" * 20)["skipped"] == (
        "not_english"
    )
    assert engine.attribute("1234 5678 !!!")["skipped"] == "no_text"


def test_result_shape_links_quotes_entities_and_outlets(engine):
    r = engine.attribute('"We will win," Farid Ozmen told CNN. Ozmen said the vote would be close, according to CNN.')
    ids = {q["id"] for q in r["quotes"]}
    for e in r["entities"]:
        assert set(e["quote_ids"]) <= ids and e["mentions"]
    for o in r["outlets"]:
        assert set(o["quote_ids"]) <= ids and o["type"] and o["mentions"]
    for q in r["quotes"]:
        assert r.get("skipped") is None
        if q["speaker"]:
            assert q["speaker"]["entity"] in {e["id"] for e in r["entities"]}


def test_attribute_many_matches_attribute(engine):
    texts = ['"Yes," she said.', "Anna Kowal said the plan would work.", ""]
    assert list(engine.attribute_many(texts)) == [engine.attribute(t) for t in texts]


def test_one_megabyte_of_text(engine):
    para = 'Farid Ozmen said the plan would work. "We will rebuild," Ozmen told DTV.\n'
    text = para * (1_000_000 // len(para) + 1)
    r = engine.attribute(text)
    assert len(text) >= 1_000_000
    assert r["skipped"] is None and len(r["quotes"]) > 1000
    last = r["quotes"][-1]
    assert text[last["start"] : last["end"]] == last["text"]


def test_a_mention_of_titles_only_is_not_an_error(engine):
    r = engine.attribute('"We will act," said Detective Constable.\n"Soon," President said.')
    assert r["skipped"] is None


def test_headline_colon_names_the_speaker_introduced_later(engine):
    text = (
        'Harbor City mayor on water main breaks: "We can\'t patch our way out of this"\n\n'
        "Mayor Joanne Brisbois said on Tuesday that the city would borrow $40 million."
    )
    assert speaker(find(engine.attribute(text), "patch our way", "direct")) == "Joanne Brisbois"


def test_a_verb_names_the_source_rather_than_an_according_to_document(engine):
    q = find(
        engine.attribute(
            "Mayor Joanne Brisbois spoke first.\nThe city's consultant, Dillard-Kane Associates, found that breaks "
            "had tripled since 2015, according to a report presented to the council."
        ),
        "breaks had tripled",
        "indirect",
    )
    assert speaker(q) == "Dillard-Kane Associates"


def test_according_to_an_outlet_is_the_outlets_statement_unless_a_speech_act(engine):
    r = engine.attribute(
        "According to the Associated Press, a dozen cities have taken out similar loans since 2020.\n"
        "Mayor Anna Kowal also thanked the crews, according to Reuters."
    )
    q = find(r, "a dozen cities", "indirect")
    assert "Associated Press" in speaker(q) and outlet(q) == "The Associated Press"
    q = find(r, "thanked the crews", "indirect")
    assert speaker(q) == "Anna Kowal" and outlet(q) == "Reuters"


def test_outlet_names_that_are_also_words_or_titles_need_their_own_form(engine):
    r = engine.attribute(
        '"I cannot accept it," Dr Sarah Quist told the inquest.\n'
        "The toll rose to 300, the National Emergency Agency said.\n"
        '"We are safe," a crew member told China\'s Xinhua news agency.'
    )
    assert outlet(find(r, "I cannot accept it")) is None  # not DR, the Danish broadcaster
    assert outlet(find(r, "The toll rose", "indirect")) is None  # not The National
    assert outlet(find(r, "We are safe")) == "Xinhua"


def test_pronoun_skips_a_person_of_the_other_gender(engine):
    text = (
        "Mayor Anna Kowal opened the meeting on Monday.\n"
        "The construction minister, David Miller, said the bridge would reopen in May.\n"
        "She said the city would pay for the repairs."
    )
    r = engine.attribute(text)
    assert speaker(find(r, "the bridge would reopen", "indirect")) == "David Miller"
    assert speaker(find(r, "the city would pay", "indirect")) == "Anna Kowal"


def test_a_mis_tagged_common_noun_head_is_not_a_name(engine):
    """The tagger sometimes tags "ministry" NNP; "Orlan's defence ministry" is then still the
    ministry, not a person called Orlan (a hand-made parse, as the model gave it in dev.jsonl)."""
    from spacy.tokens import Doc

    from attribution.coref import Resolver
    from attribution.document import build_article
    from attribution.registry import EntityRegistry

    words = ["Orlan", "spoke", ".", "\n", "Orlan", "'s", "defence", "ministry", "said", "so", "."]
    spaces = [True, False, False, False, False, True, True, True, True, False, False]
    doc = Doc(
        engine.nlp.vocab,
        words=words,
        spaces=spaces,
        tags=["NNP", "VBD", ".", "_SP", "NNP", "POS", "NN", "NNP", "VBD", "RB", "."],
        pos=["PROPN", "VERB", "PUNCT", "SPACE", "PROPN", "PART", "NOUN", "PROPN", "VERB", "ADV", "PUNCT"],
        heads=[1, 1, 1, 2, 7, 4, 7, 8, 8, 8, 8],
        deps=["nsubj", "ROOT", "punct", "dep", "poss", "case", "compound", "nsubj", "ROOT", "advmod", "punct"],
        ents=["B-PERSON", "O", "O", "O", "B-PERSON", "O", "O", "O", "O", "O", "O"],
        sent_starts=[True, False, False, False, True, False, False, False, False, False, False],
    )
    resolved = Resolver(EntityRegistry(build_article(doc.text, doc))).resolve(doc[4:8])
    assert resolved.kind == "organization" and resolved.name == "Orlan's defence ministry"


def test_no_sentence_outgrows_the_bound_however_the_text_is_made(engine):
    """Each per-sentence step then costs a bounded amount per token: thousands of quotes in
    one run of text, or one 200,000-character sentence, stay linear (bench/scaling.py)."""
    from attribution.document import parse
    from attribution.model import HARD_SENTENCE_TOKENS

    for text in ('The minister said "yes" and ' * 600, ("the plan , which the minister said " * 800)[:20_000]):
        assert max(len(s) for s in parse(engine.nlp, text).sents) <= HARD_SENTENCE_TOKENS + 1
    result = engine.attribute('The minister said "yes" and ' * 600)
    assert len(result["quotes"]) == 600
    assert len({q["speaker"]["name"] for q in result["quotes"]}) == 1, "one speaker for all, as in a short run"


@pytest.mark.parametrize(
    "wrap",
    [
        lambda t: t,
        lambda t: "\u202b" + t + "\u202c",  # an embedding around the whole post
        lambda t: t.replace('"We', '\u2067"We').replace('bridge,"', 'bridge,"\u2069'),  # an isolate per quote
        lambda t: "\U0001f525 " + t,  # a leading emoji
        lambda t: "\U0001f44d\U0001f3fd " + t,  # an emoji with a skin-tone modifier
    ],
)
def test_bidi_controls_and_emoji_change_nothing(engine, wrap):
    text = '"We will rebuild the bridge," said Farid Ozmen, the mayor. "It will take a year," he added.'
    quotes = engine.attribute(wrap(text))["quotes"]
    assert [(q["type"], q["text"], q["speaker"]["name"]) for q in quotes] == [
        ("direct", "We will rebuild the bridge,", "Farid Ozmen"),
        ("direct", "It will take a year,", "Farid Ozmen"),
    ]


def test_a_name_with_a_known_first_name_is_a_person_whatever_the_ner_said(engine):
    result = engine.attribute(
        '"We will rebuild the bridge," Farid Ozmen told state broadcaster DTV.\nHe said it would take a year.\n'
    )
    assert [(q["speaker"]["name"], q["speaker"]["kind"]) for q in result["quotes"]] == [
        ("Farid Ozmen", "person"),
        ("Farid Ozmen", "person"),  # "He" finds him: he is a person now, not an organisation
    ]
    for text, kind in (
        ("The Charlotte Observer said the mayor had resigned.", "organization"),  # a news word
        ("NATO said the drills would go ahead.", "organization"),
    ):
        assert engine.attribute(text)["quotes"][0]["speaker"]["kind"] == kind, text


def test_inverted_attribution_with_an_apposition_reports_the_clause_before_it(engine):
    quotes = engine.attribute("Prices will rise, said Mara Quint, an analyst at Delta Bank.")["quotes"]
    assert [(q["type"], q["text"], q["speaker"]["name"]) for q in quotes] == [
        ("indirect", "Prices will rise", "Mara Quint")
    ]


@pytest.mark.parametrize(
    "text", ['He shrugged, as if to say "who cares".', "She smiled as though to say that all was well."]
)
def test_imagined_speech_is_no_quote(engine, text):
    assert engine.attribute(text)["quotes"] == []


@pytest.mark.parametrize(
    "text, outlet",
    [
        ("Farid Ozmen told Malaysian daily Berita Pagi that the port would reopen.", "Berita Pagi"),
        ("Kemal Aras told German media group Nordwelle that talks had stalled.", "Nordwelle"),
        ("Farid Ozmen told state broadcaster DTV that it was over.", "DTV"),
    ],
)
def test_an_outlet_introduced_with_a_descriptor_is_named_without_it(engine, text, outlet):
    (quote,) = engine.attribute(text)["quotes"]
    assert quote["outlet"]["name"] == outlet


@pytest.mark.parametrize(
    "text",
    [
        "Choi Seung-hoon, the leader of the UDP, urged the minister to quit, telling reporters that it was over.",
        "Lim Tae-hoon, the leader of the NDP, said that the vote was a sham.",
    ],
)
def test_a_name_and_its_apposition_that_point_at_each_other_resolve_once(engine, text):
    """The parser can make each the other's apposition; the engine follows one step."""
    result = engine.attribute(text)
    assert result.get("skipped") is None, result.get("detail")
    (quote,) = result["quotes"]
    assert quote["speaker"]["kind"] == "person"


def test_a_hyphenated_given_name_stays_whole_and_the_family_name_alone_finds_it(engine):
    text = (
        "Park Ji-hoon, the head of the KDU, urged Kim to resign, telling reporters that it had become impossible.\n"
        "Ahn Tae-soo said the vote was a sham.\n"
        "Park said the party would appeal.\n"
    )
    assert [q["speaker"]["name"] for q in engine.attribute(text)["quotes"]] == [
        "Park Ji-hoon",
        "Ahn Tae-soo",
        "Park Ji-hoon",
    ]


def test_a_surname_alone_is_the_person_named_earlier_whatever_the_tagger_read(engine):
    text = (
        "Nora Early, who runs the studio, was upbeat.\n"
        '"Streaming is here to stay," says Early.\n'
        "Early says the next game will be cloud-only.\n"
        "Early voting starts on Monday, officials said.\n"
    )
    quotes = engine.attribute(text)["quotes"]
    assert [(q["text"], q["speaker"]["name"]) for q in quotes] == [
        ("Streaming is here to stay,", "Nora Early"),
        ("the next game will be cloud-only", "Nora Early"),
        ("Early voting starts on Monday", "officials"),
    ]


def test_a_job_title_the_parser_read_as_a_list_stays_with_its_person(engine):
    """The parse the model gave in a real article: the title's nouns as conjuncts of the name."""
    from spacy.tokens import Doc

    from attribution.coref import conjuncts

    words = ["Nora", "Quill", ",", "senior", "vp", "partnerships", "and", "revenue", "at", "Velto", "says"]
    heads = [1, 10, 1, 5, 5, 1, 5, 5, 7, 8, 10]
    deps = ["compound", "nsubj", "punct", "amod", "compound", "conj", "cc", "conj", "prep", "pobj", "ROOT"]
    pos = ["PROPN", "PROPN", "PUNCT", "ADJ", "NOUN", "NOUN", "CCONJ", "NOUN", "ADP", "PROPN", "VERB"]
    doc = Doc(engine.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert conjuncts(doc[1]) == []
    listed = Doc(
        engine.nlp.vocab,
        words=["Tom", "Reyes", "and", "Ana", "Solis", "said"],
        heads=[1, 5, 1, 4, 1, 5],
        deps=["compound", "nsubj", "cc", "compound", "conj", "ROOT"],
        pos=["PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "VERB"],
    )
    assert [t.text for t in conjuncts(listed[1])] == ["Solis"]
    (quote,) = engine.attribute("Tom Reyes and Ana Solis said the deal was done.")["quotes"]
    assert (quote["speaker"]["name"], quote["speaker"]["kind"]) == ("Tom Reyes and Ana Solis", "group")


def test_a_description_keeps_its_of_phrase_but_not_the_clause_after_it(engine):
    text = "The authors of the report published in the journal Cell said the effect was small."
    (quote,) = engine.attribute(text)["quotes"]
    assert quote["speaker"]["name"] == "authors of the report"


def test_a_month_is_no_person_unless_someone_is_named_by_it(engine):
    text = (
        "Ruth Okoye, an economist at Delta Bank, was upbeat about the figures.\n"
        "Still, the jump in hiring in May was only the second in five months, she said.\n"
        "Helen May, the minister, was asked about it. May said the figures were good.\n"
    )
    assert [q["speaker"]["name"] for q in engine.attribute(text)["quotes"]] == ["Ruth Okoye", "Helen May"]


def test_a_quote_labelled_with_its_source_after_a_colon(engine):
    text = (
        "\u2018Hiring is back, but slowly\u2019: Delta Bank\n\n"
        "Ruth Okoye said the figures were the best in a year.\n\n"
        '"Stay home tonight": the advice was clear.\n'
    )
    result = engine.attribute(text)
    first = find(result, "Hiring is back")
    assert (first["speaker"]["name"], first["speaker"]["kind"]) == ("Delta Bank", "organization")
    assert all(speaker(q) != "advice" for q in result["quotes"])


def test_a_negation_inside_the_quote_does_not_cancel_the_verb_after_it(engine):
    (quote,) = engine.attribute("\u201cIt\u2019s hard not to, though,\u201d Mendez admitted.\n")["quotes"]
    assert (quote["cue"]["text"], speaker(quote)) == ("admitted", "Mendez")
    assert engine.attribute("Suter did not say that the team would win.")["quotes"] == []


def test_a_surname_opening_a_paragraph_holds_the_floor_for_its_pronoun(engine):
    text = (
        "Jack Buser runs the service. Lewis Ward, an analyst, is doubtful.\n\n"
        '"The catalogue is thin," says Ward.\n\n'
        'Buser, however, is counting on speed. "This is the next big jump," he says.\n'
    )
    quotes = engine.attribute(text)["quotes"]
    assert [speaker(q) for q in quotes] == ["Lewis Ward", "Jack Buser"]


def test_an_attribution_sentence_after_the_quote_with_any_reporting_verb(engine):
    text = (
        "Omar Haddad spoke last.\n\n"
        "\u201cWe lost the vote and the argument.\u201d Haddad conceded. \u201cWe go on.\u201d\n"
    )
    quotes = engine.attribute(text)["quotes"]
    assert [speaker(q) for q in quotes] == ["Omar Haddad", "Omar Haddad"]


def test_a_reported_clause_that_holds_a_quote_is_reported_speech_and_the_quote_too(engine):
    text = (
        "Lena Hart said the plan has become \u201cmore about optics than about safety, "
        "and everyone in this room knows it.\u201d\n"
    )
    kinds = sorted((q["type"], q["text"][:12]) for q in engine.attribute(text)["quotes"])
    assert [k for k, _ in kinds] == ["direct", "indirect"] or [k for k, _ in kinds] == ["indirect", "partial"]
    assert ("indirect", "the plan has") in kinds
    # "that" makes the quote the verb's clause, reported; a whole clause quoted is direct
    that = engine.attribute("Lena Hart added that \u201cnobody here will give up on this city.\u201d\n")["quotes"]
    assert sorted(q["type"] for q in that) == ["direct", "indirect"]
    for text in (
        "Lena Hart said, \u201cWe will not give up on this city, whatever it takes.\u201d\n",
        "\u201cWe will not give up on this city, whatever it takes,\u201d Lena Hart said.\n",
    ):
        assert [q["type"] for q in engine.attribute(text)["quotes"]] == ["direct"], text


@pytest.mark.parametrize(
    "text, clause",
    [
        (
            "Mara Quint says the mayor\u2019s flurry of late-night posts about the council was \u201cunhinged.\u201d\n",
            "the mayor\u2019s flurry",
        ),
        (
            "Okafor wrote in the early hours that the deal was \u201cdead\u201d and \u201ca fraud\u201d "
            "and urged fans to leave.\n",
            "the deal was",
        ),
        ("Trump said after the convention he would not accept Cruz's endorsement if it were offered.\n", "he would"),
        (
            "Dara Finch, the leader of the opposition Civic Alliance, said the collapse of so many relatively "
            "new bridges pointed to \u201csystematic\u201d violations of safety codes.\n",
            "the collapse of so many relatively new bridges",
        ),
    ],
)
def test_a_reported_clause_the_parser_did_not_call_a_clause(engine, text, clause):
    quotes = engine.attribute(text)["quotes"]
    assert any(q["type"] == "indirect" and q["text"].startswith(clause) for q in quotes), quotes


def test_a_person_described_by_an_outlet_is_a_person_not_the_outlet(engine):
    text = "Kremlin spokesman Dmitry Orlov said on Monday that the president had long called for calm at the border.\n"
    (quote,) = engine.attribute(text)["quotes"]
    assert (quote["type"], speaker(quote)) == ("indirect", "Dmitry Orlov")


def test_the_cue_of_a_quote_is_the_clause_that_holds_it(engine):
    text = (
        "Ines Varga met the envoy on Friday.\n"
        'A ministry spokesperson described the meeting as "useful," while Varga later posted on X, '
        'calling it potentially "historic" if it leads to results.\n'
    )
    q = find(engine.attribute(text), "historic")
    assert (speaker(q), outlet(q)) == ("Ines Varga", "X")  # the NER calls her an organisation
    assert q["speaker"]["kind"] == "person"


def test_conjoined_and_participle_cues_share_the_subject_of_their_clause(engine):
    text = (
        "Gareth Lyle was furious after the match.\n"
        "He said he would be asking the referees\u2019 body PGMOL for an explanation, but insisted his side\u2019s "
        "performance had given him \u2018plenty to be positive about\u2019.\n\n"
        "Dr Marcus Etheridge gave evidence first.\n\n"
        "Recording a narrative conclusion, Dr Imogen Falkirk said she would be issuing a report to the trust, "
        "adding: \u2018I cannot accept that what happened to Mr Hollins is now simply the way things are.\u2019\n"
    )
    result = engine.attribute(text)
    assert speaker(find(result, "plenty to be positive", "partial")) == "Gareth Lyle"
    assert speaker(find(result, "I cannot accept")) == "Imogen Falkirk"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Rami Haddad told VOA that the camp would stay open.", "VOA"),
        ("Rami Haddad told Voice of America that the camp would stay open.", "Voice of America"),
    ],
)
def test_a_catalogued_outlet_is_named_as_the_article_names_it(engine, text, name):
    (quote,) = engine.attribute(text)["quotes"]
    assert quote["outlet"]["name"] == name and quote["outlet"]["type"] == "broadcaster"


def test_an_interview_frame_stays_open_for_its_speaker_only(engine):
    text = (
        "In an interview with Radio Meridian, Daniel Okafor said the port would reopen in spring.\n\n"
        "The harbour was quiet on Sunday. Trucks waited at the gate.\n\n"
        "Workers had not been paid for weeks, the union said.\n\n"
        'The minister, Ana Ruiz, disagreed. "It will not reopen this year," she said.\n\n'
        '"We will rebuild the quay ourselves if we must," Okafor said.\n'
    )
    quotes = engine.attribute(text)["quotes"]
    assert [(speaker(q), outlet(q)) for q in quotes] == [
        ("Daniel Okafor", "Radio Meridian"),
        ("union", None),
        ("Ana Ruiz", None),
        ("Daniel Okafor", "Radio Meridian"),
    ]


def test_a_long_line_that_is_no_prose_is_read_as_blank(engine):
    pairs = '"a" ' * 50_000  # 200 kB of quotation marks
    alone = engine.attribute(pairs)
    assert (alone["skipped"], alone["quotes"]) == ("no_text", [])
    text = "Farid Ozmen spoke at the port.\n" + pairs + '\n"We will rebuild the quay," Ozmen said.\n' + "1.2 3.4 " * 200
    result = engine.attribute(text)
    assert result["skipped"] is None
    assert [(q["text"], speaker(q)) for q in result["quotes"]] == [("We will rebuild the quay,", "Farid Ozmen")]
    q = result["quotes"][0]
    assert text[q["start"] : q["end"]] == q["text"]


def test_a_name_with_a_who_clause_is_a_person_and_keeps_the_floor(engine):
    text = (
        "Tova Noel and Michael Thomas were charged on Tuesday.\n\n"
        "\u201cWe hope to reach an agreement,\u201d said Jason Foy, who represents Noel.\n\n"
        "Montell Figgins, who represents Thomas, said his client chose not to accept a plea. "
        "He said a guilty plea would \u201cruin his life.\u201d\n\n"
        "\u201cWe had hoped for more,\u201d Figgins said.\n"
    )
    quotes = engine.attribute(text)["quotes"]
    assert [speaker(q) for q in quotes][-4:] == ["Montell Figgins"] * 4
    assert {q["speaker"]["kind"] for q in quotes[-4:]} == {"person"}


def test_a_pronoun_never_takes_a_name_from_inside_a_quote_or_a_modifier(engine):
    from attribution.document import build_article, parse
    from attribution.registry import EntityRegistry

    text = (
        "Fans protested outside the offices of Big Machine Records on Friday.\n\n"
        '"At no point did we block her show on Netflix," they said.\n\n'
        "Fans protested outside the offices of Big Machine Records again, angry about a Netflix documentary.\n\n"
        '"We have agreed to grant all licences," they said.\n'
    )
    registry = EntityRegistry(build_article(text, parse(engine.nlp, text)))
    assert {e.name for _, e, _ in registry.timeline} >= {"Big Machine Records", "Netflix"}
    for pronoun in ("they said.\n\nFans", "they said.\n"):
        found = registry.recent(text.index(pronoun), "organization", None)
        assert found is not None and found.name == "Big Machine Records", pronoun


def test_a_quote_signed_off_with_a_dash_and_a_name_is_that_persons(engine):
    text = (
        "Readers wrote in after the debate.\n\n"
        "\u201cMr. Orlan has no plan for our schools or our streets.\u201d \u2015 Julia Diaz Martinez.\n\n"
        "\u201cWe deserve a better choice than this one.\u201d \u2014 Carlos Ruiz\n"
    )
    assert [speaker(q) for q in engine.attribute(text)["quotes"]] == ["Julia Diaz Martinez", "Carlos Ruiz"]


def test_a_day_is_never_the_speaker_and_a_place_name_read_as_a_verb_is_no_clause(engine):
    text = (
        "Police Chief Chuck Jordan spoke.\u00a0\n"
        "\u201cI will just make this promise to you: We will achieve justice in this case,\u201d "
        "Tulsa police Chief Chuck Jordan said Monday. \u201cI want to assure our community.\u201d\n"
    )
    assert [speaker(q) for q in engine.attribute(text)["quotes"]] == ["Chuck Jordan", "Chuck Jordan"]
    odd = engine.attribute(
        "The chief spoke.\n\u201cWe will achieve justice in this case,\u201d was said Monday by him.\n"
    )
    assert all(speaker(q) != "Monday" for q in odd["quotes"])


def test_a_fronted_time_clause_is_no_statement(engine):
    text = (
        "As the charges were unsealed in New York, Hawk Sawyer testified before the Senate Judiciary "
        "Committee in Washington, where lawmakers expressed outrage over the breakdown."
    )
    assert engine.attribute(text)["quotes"] == []
    text = "Though that transition was relatively seamless, he said, the second one was not."
    assert any(q["text"].startswith("Though that transition") for q in engine.attribute(text)["quotes"])


def test_a_platform_post_that_opens_the_sentence_is_its_outlet(engine):
    text = 'In a Tumblr post at the time she described the sale as the "worst case scenario" for her.\n'
    (quote,) = engine.attribute(text)["quotes"]
    assert outlet(quote) == "Tumblr"


def test_told_a_hearer_that_is_a_report_though_parsed_as_a_relative_clause(engine):
    text = (
        "Barack Obama flew to Hawaii.\n"
        "In Honolulu last week, he told a meeting of Pacific Island leaders that few people understood "
        "the stakes of climate change better than residents of their part of the planet.\n"
    )
    quotes = engine.attribute(text)["quotes"]
    assert [(q["type"], q["text"][:24], speaker(q)) for q in quotes] == [
        ("indirect", "few people understood th", "Barack Obama")
    ]
    # a real relative clause on the hearer is not what was said
    assert engine.attribute("She told the man who had called her that night to leave.")["quotes"] == []


def test_a_title_naming_another_institution_is_not_the_person_titled_so_earlier(engine):
    text = (
        "India struck nine sites in Pakistan overnight.\n\n"
        "Indian Prime Minister Narendra Modi monitored the operation overnight.\n\n"
        'Pakistan\'s prime minister called the strikes an "act of war" in a televised address.\n\n'
        "Later, Modi said the strikes had been measured.\n\n"
        "The prime minister said the army would stay on alert.\n"
    )
    result = engine.attribute(text)
    assert speaker(find(result, "act of war")) != "Narendra Modi"
    assert speaker(find(result, "the army would stay")) == "Narendra Modi"


@pytest.mark.parametrize(
    "text, clause",
    [
        ('The harbour project "went well over budget," Dara Finch said on Tuesday.\n', "The harbour project"),
        (
            "Those new rules were written \u201cto protect the people who fish these waters,\u201d she said.\n",
            "Those new rules",
        ),
        ("Not paying the harbour fees ''makes me smart,'' Dara Finch said.\n", "Not paying"),
    ],
)
def test_a_subject_of_the_reporters_and_a_quoted_predicate_make_reported_speech(engine, text, clause):
    quotes = engine.attribute(text)["quotes"]
    assert any(q["type"] == "indirect" and q["text"].startswith(clause) for q in quotes), quotes
    assert any(q["type"] == "partial" for q in quotes), quotes


@pytest.mark.parametrize(
    "text",
    [
        'For the fishing towns, "this winter will decide everything," Dara Finch said.\n',
        "While the big ports get the money, \u201cthe small harbours keep the coast alive,\u201d Finch said.\n",
        "The ferry captain was told that \u201cno boat leaves before the inspection,\u201d the statement said.\n",
    ],
)
def test_a_quote_after_a_lead_in_or_inside_another_report_is_no_new_clause(engine, text):
    quotes = engine.attribute(text)["quotes"]
    assert not any(q["type"] == "indirect" and q["start"] == 0 for q in quotes), quotes


def test_a_pronoun_takes_the_main_subject_before_a_subordinate_one_of_its_sentence(engine):
    text = (
        "Paul Carter, the former warden, resigned in March.\n\n"
        "Marcus Whitlow, who represents the guards, said his client would plead not guilty.\n\n"
        "Whitlow declined to say whether Tomas Ruiz signed the order on the day Carter resigned. "
        "\u201cWhen the records come out,\u201d he said, \u201cpeople will see what happened.\u201d\n"
    )
    result = engine.attribute(text)
    assert speaker(find(result, "When the records")) == speaker(find(result, "people will see")) == "Marcus Whitlow"
    # a subordinate subject with no main subject of its sentence before it is still found
    text = "Ana Ruiz was sworn in on Monday.\n\nWhen Paul Carter arrived, he said the vote had been fair.\n"
    assert speaker(find(engine.attribute(text), "the vote had been fair")) == "Paul Carter"


def test_a_surname_the_tagger_took_for_a_noun_is_the_person_for_a_later_pronoun(engine):
    text = (
        "Tova Hughes and Michael Thomas were charged on Tuesday.\n\n"
        "Montell Figgins, who represents Thomas, said his client chose not to accept a plea agreement.\n\n"
        "\u201cWe had hoped the office would address the failures,\u201d Figgins said.\n\n"
        "Figgins declined to address whether Thomas slept on the job. \u201cWhen all the evidence is "
        "presented,\u201d he said, \u201cmaybe you\u2019ll see it differently.\u201d\n"
    )
    result = engine.attribute(text)
    assert speaker(find(result, "When all the evidence")) == "Montell Figgins"
    assert speaker(find(result, "see it differently")) == "Montell Figgins"


def test_a_name_that_modifies_a_noun_in_apposition_is_no_subject(engine):
    """ "Yevhen Zosin, 74, a Kyiv resident, said": Zosin is the subject, Kyiv only describes him
    (the NER may call Kyiv a person; it must not take "he" from Zosin)."""
    from spacy.tokens import Doc

    from attribution.names import is_subject, subject_rank

    words = ["Yevhen", "Zosin", ",", "a", "Kyiv", "resident", ",", "said", "it", "."]
    heads = [1, 7, 1, 5, 5, 1, 1, 7, 7, 7]
    deps = ["compound", "nsubj", "punct", "det", "compound", "appos", "punct", "ROOT", "ccomp", "punct"]
    pos = ["PROPN", "PROPN", "PUNCT", "DET", "PROPN", "NOUN", "PUNCT", "VERB", "PRON", "PUNCT"]
    doc = Doc(engine.nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert is_subject(doc[0]) and is_subject(doc[1]) and subject_rank(doc[1]) == 2
    assert not is_subject(doc[4]) and subject_rank(doc[4]) == 0


def test_a_noun_after_the_names_commas_describes_the_name_that_speaks(engine):
    text = (
        "'It's very rare that the mint would mess up an order,' Dana Hall, vice president of "
        "PMG, a paper money grading company in Florida told Fox.\n"
    )
    result = engine.attribute(text)
    first = find(result, "very rare")
    assert speaker(first) == "Dana Hall"
    assert outlet(first) == "Fox News"


@pytest.mark.parametrize(
    "text, fragment, who",
    [
        (
            "Boris Vance is under fire for failing to deliver.\n\nAudience members laughed when he urged "
            "voters, \u201cLook what I have said I am going to do and look what I have delivered.\u201d\n",
            "Look what",
            "Boris Vance",
        ),
        (
            "Critics laughed when Mayor Ilse Varga told reporters, \u201cI have kept every promise I made "
            "to this town.\u201d\n",
            "every promise",
            "Ilse Varga",
        ),
    ],
)
def test_the_verb_whose_clause_ends_at_the_quotes_comma_introduces_it(engine, text, fragment, who):
    quote = find(engine.attribute(text), fragment)
    assert speaker(quote) == who
    assert quote["type"] == "direct"


def test_a_name_cut_by_a_paragraph_break_in_the_parse_is_still_the_subject(engine):
    """After a headline with no full stop, the parser may make the first name of the next
    paragraph a root and only the surname the subject: the name is still the subject."""
    text = (
        "Andrew Hencic, an economist at TD, expects a bounce in the second quarter.\n\n"
        "\u2018Difficult to have much confidence\u2019: Desjardins\n\n"
        "Royce Mendes, Desjardins Economics managing director and head of macro strategy, was a bit "
        "more cautious. He said the labour market showed signs of life in May.\n"
    )
    assert speaker(find(engine.attribute(text), "signs of life")) == "Royce Mendes"


def test_a_participle_after_an_inverted_subject_is_that_subjects(engine):
    text = (
        "\u201cThis is a blockbuster report,\u201d said Nadia Brassard, noting that the gains were "
        "broad-based, driven by sectors outside the public sector.\n"
    )
    assert speaker(find(engine.attribute(text), "the gains were", "indirect")) == "Nadia Brassard"


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "According to the Centre for Disease Control (CDC) in the US, the plague is treatable.\n",
            "Centre for Disease Control",
        ),
        ("The Institute for Fiscal Studies said the plan would cost billions.\n", "Institute for Fiscal Studies"),
    ],
)
def test_an_institution_named_with_for_keeps_its_whole_name(engine, text, name):
    assert speaker(engine.attribute(text)["quotes"][0]) == name


@pytest.mark.parametrize(
    "text, span",
    [
        (
            "The difference now, Ortega told me on Friday, is that she runs the newsroom.\n",
            "The difference now, Ortega told me on Friday, is that she runs the newsroom",
        ),
        ("The toll has risen to 312, the agency said on Wednesday, as rescuers combed the rubble.\n", None),
        ("The toll has risen to 312, the agency said, warning that it would rise further.\n", None),
    ],
)
def test_a_statement_that_goes_on_past_its_parenthetical_cue_is_one_span(engine, text, span):
    quotes = engine.attribute(text)["quotes"]
    first = [q["text"] for q in quotes if q["start"] == 0]
    assert first == [span or "The toll has risen to 312"], quotes


def test_the_mention_of_a_speaker_in_a_relative_clause_is_the_relative_pronoun(engine):
    text = "The plan was backed by Ines Ortega, who said the harbour would reopen in May.\n"
    q = find(engine.attribute(text), "the harbour would reopen", "indirect")
    assert speaker(q) == "Ines Ortega"
    mention = q["speaker"]["mention"]
    assert text[mention["start"] : mention["end"]] == "who"


def test_a_quoted_line_in_title_case_on_its_own_is_a_subheading(engine):
    text = (
        "\u201cWe will rebuild the harbour before the winter,\u201d Mayor Ilse Varga said.\n\n"
        "\u2018Not Ready for the Storm.\u2019\n\n"
        "\u2018He left us on the pier with nothing\u2019\n\n"
        "Fishermen say the council ignored their warnings.\n"
    )
    texts = [q["text"] for q in engine.attribute(text)["quotes"]]
    assert not any("Not Ready" in t for t in texts), texts
    assert any("He left us on the pier" in t for t in texts), texts


def test_a_second_report_conjoined_to_the_clause_is_its_own_statement_by_the_same_speaker(engine):
    text = (
        "The harbour board said the cranes had been fully repaired by Sunday and warned that "
        "some ferries could still run late on Monday.\n"
    )
    quotes = [q for q in engine.attribute(text)["quotes"] if q["type"] == "indirect"]
    assert [q["text"] for q in quotes] == [
        "the cranes had been fully repaired by Sunday",
        "some ferries could still run late on Monday",
    ]
    assert {speaker(q) for q in quotes} == {"harbour board"}


def test_a_reported_clause_ends_where_the_reporter_takes_the_sentence_back(engine):
    text = (
        "Tunde Okafor, the port chairman, spoke first.\n\n"
        "On Sunday, Mr Okafor said the mayor and her deputy had accepted the tickets so they could "
        "meet donors, adding that the city had a large budget for such events.\n\n"
        "Port analysts said trade has grown steadily since the strike, citing the new cranes.\n\n"
        "Okafor said rents were fair, although he again refused to publish the figures.\n"
    )
    indirect = {q["text"]: speaker(q) for q in engine.attribute(text)["quotes"] if q["type"] == "indirect"}
    assert indirect.get("the mayor and her deputy had accepted the tickets so they could meet donors") == "Tunde Okafor"
    assert indirect.get("the city had a large budget for such events") == "Tunde Okafor"
    assert "trade has grown steadily since the strike" in indirect
    assert "rents were fair" in indirect


def test_a_reporting_verb_the_tagger_read_as_a_plural_noun(engine):
    """ "But Trump claims that he should be the exception": tagged NNS, with a subject and a
    clause of its own (the parse the model gives that sentence), it is the verb."""
    from spacy.tokens import Doc

    from attribution.verbs import is_reporting_verb

    words = ["But", "Okafor", "claims", "that", "he", "should", "be", "the", "exception", "."]
    heads = [2, 2, 2, 6, 6, 6, 2, 8, 6, 2]
    deps = ["cc", "nsubj", "ROOT", "mark", "nsubj", "aux", "ccomp", "det", "attr", "punct"]
    tags = ["CC", "NNP", "NNS", "IN", "PRP", "MD", "VB", "DT", "NN", "."]
    pos = ["CCONJ", "PROPN", "NOUN", "SCONJ", "PRON", "AUX", "AUX", "DET", "NOUN", "PUNCT"]
    lemmas = ["but", "Okafor", "claim", "that", "he", "should", "be", "the", "exception", "."]
    doc = Doc(engine.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas)
    assert is_reporting_verb(doc[2])
    # a plural noun with no subject stays a noun: "The claims that the port was sold"
    words = ["The", "claims", "that", "it", "was", "sold", "are", "false", "."]
    heads = [1, 6, 5, 5, 5, 1, 6, 6, 6]
    deps = ["det", "nsubj", "mark", "nsubjpass", "auxpass", "acl", "ROOT", "acomp", "punct"]
    tags = ["DT", "NNS", "IN", "PRP", "VBD", "VBN", "VBP", "JJ", "."]
    pos = ["DET", "NOUN", "SCONJ", "PRON", "AUX", "VERB", "AUX", "ADJ", "PUNCT"]
    lemmas = ["the", "claim", "that", "it", "be", "sell", "be", "false", "."]
    doc = Doc(engine.nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas)
    assert not is_reporting_verb(doc[1])


def test_a_possessed_statement_noun_reports_its_possessors_words(engine):
    text = (
        "Mayor Ilse Varga spoke in the harbour on Monday.\n\n"
        "Critics seized on her claim that the pipes would last a century.\n\n"
        "The claim that was made in court is false.\n"
    )
    quotes = engine.attribute(text)["quotes"]
    assert [(q["type"], q["text"], speaker(q)) for q in quotes] == [
        ("indirect", "the pipes would last a century", "Ilse Varga")
    ]


def test_a_record_verb_speaks_for_a_study_not_for_we_or_a_bare_gerund(engine):
    text = (
        "The harbour study found that most of the piers were more than 80 years old.\n\n"
        "Cooperating and finding what we have in common is the only way forward, the mayor said.\n\n"
        "We found the sun was out by noon.\n"
    )
    indirect = [q["text"] for q in engine.attribute(text)["quotes"] if q["type"] == "indirect"]
    assert "most of the piers were more than 80 years old" in indirect
    assert "what we have in common" not in indirect and "the sun was out by noon" not in indirect, indirect


def test_a_name_after_known_as_the_is_no_quote(engine):
    text = (
        "She would set a 30 percent floor, a version of what has become known as the \u201cVarga rule\u201d "
        "after Ilse Varga complained that she paid less tax than her driver.\n"
    )
    assert [q["text"] for q in engine.attribute(text)["quotes"] if q["type"] != "indirect"] == []


def test_a_cue_between_two_clauses_of_one_statement_gives_both(engine):
    text = "If the talks fail this week, Ines Ortega argues, there are other tools in the box.\n"
    quotes = engine.attribute(text)["quotes"]
    assert [(q["text"], speaker(q)) for q in quotes] == [
        ("If the talks fail this week", "Ines Ortega"),
        ("there are other tools in the box", "Ines Ortega"),
    ]
    text = "Even if the harbour venture proves short-lived, Dara Finch said, it has already cleaned the bay.\n"
    assert [q["text"] for q in engine.attribute(text)["quotes"]] == [
        "Even if the harbour venture proves short-lived",
        "it has already cleaned the bay",
    ]
    # a relative or subordinate clause after the cue continues the one span
    text = "The jump was the second rise in five months, Ortega said, which still left jobs down.\n"
    assert [q["text"] for q in engine.attribute(text)["quotes"]] == [
        "The jump was the second rise in five months, Ortega said, which still left jobs down"
    ]


def test_the_speaker_region_runs_through_a_nickname_but_not_a_possessive(engine):
    text = (
        "\u201cThe harbour is ours again,\u201d the mayor\u2019s niece, Marcia \u201cCia\u201d Price, "
        "told the crowd.\n\n"
        "In a statement, Mr Hollins\u2019 family said: \u2018Dad built roads for this county for 40 years.\u2019\n"
    )
    result = engine.attribute(text)
    assert [q["text"] for q in result["quotes"] if q["text"] == "Cia"] == []
    assert speaker(find(result, "Dad built roads")) != "Hollins"


def test_a_that_clause_hung_on_a_noun_after_the_verb_is_its_report_unless_relative(engine):
    text = (
        "Ines Ortega, the leader of the union, urged Varga to step down, telling reporters after the "
        "address that it had become \u201cimpossible\u201d for him to run the port.\n\n"
        "The campaign would do well to stress the threat to the harbour that a new terminal would pose.\n"
    )
    indirect = [q["text"] for q in engine.attribute(text)["quotes"] if q["type"] == "indirect"]
    assert "it had become \u201cimpossible\u201d for him to run the port" in indirect
    assert not any("would pose" in t or "urged Varga" in t for t in indirect), indirect


def test_a_name_that_only_modifies_the_subject_is_not_the_speaker(engine):
    text = "Tom Brandt administration officials said they were not notified in advance that the port would close.\n"
    q = find(engine.attribute(text), "they were not notified", "indirect")
    assert speaker(q) == "Tom Brandt administration officials"


def test_a_trailing_cue_with_a_modified_time_phrase(engine):
    text = (
        "The toll from the harbour fire had risen to 21, port authorities said late Saturday. "
        "They said 42 other people had been hurt.\n"
    )
    indirect = {q["text"]: speaker(q) for q in engine.attribute(text)["quotes"] if q["type"] == "indirect"}
    assert indirect == {
        "The toll from the harbour fire had risen to 21": "port authorities",
        "42 other people had been hurt": "port authorities",
    }


def test_a_document_speaks_for_its_named_author_and_a_detached_subject_still_speaks(engine):
    text = (
        "One ferry from Oslo to Kiel returned to Oslo, and five Baltic Line ferries that had left for "
        "Riga stopped in Tallinn, a statement from Kiel Harbour Authority said.\n\n"
        "The report by the Norwegian Maritime Institute found that a crane had failed twice.\n"
    )
    quotes = engine.attribute(text)["quotes"]
    ferries = find({"quotes": quotes}, "One ferry from Oslo", "indirect")
    assert speaker(ferries) == "Kiel Harbour Authority"
    assert speaker(find({"quotes": quotes}, "a crane had failed", "indirect")) == "Norwegian Maritime Institute"


def test_a_records_finding_carried_by_an_outlet_is_the_records(engine):
    text = (
        "A Harbour Pulse poll released on Friday showed Varga\u2019s approval rating at 13%, "
        "the Harbour Times reported.\n"
    )
    q = find(engine.attribute(text), "approval rating at 13%", "indirect")
    assert speaker(q) == "Harbour Pulse poll"
    assert outlet(q) == "Harbour Times"


@pytest.mark.parametrize(
    "text",
    [
        # a relative clause with a reporting verb is no parenthetical
        "Defenceman Ryan Suter, who joked about his friend's sticks, could see the frustration.\n",
        # an adverbial clause after a reporting verb is no statement
        "Ines Ortega said goodbye as she left the room.\n",
        "Ortega said hello when she arrived.\n",
        # a fronted phrase with only a participle modifying a noun is no clause
        "Despite a number of failed harbour inspections this year, the city's pier plans have "
        "barely been mentioned in the campaign.\n",
        # a thing said is no clause
        "She said a prayer that moved everyone.\n",
        "He said goodbye to the crew.\n",
    ],
)
def test_a_reporting_verb_with_nothing_reported(engine, text):
    assert engine.attribute(text)["quotes"] == []


def test_the_hearer_of_a_passive_participle_is_not_the_speaker(engine):
    q = find(engine.attribute("Ines Ortega said nothing when told that the ferry had sunk in the storm.\n"), "had sunk")
    assert q["type"] == "indirect"
    assert speaker(q) is None  # Ortega was told; who told her is not said


@pytest.mark.parametrize(
    "text, clause",
    [
        # a gerund the parser made the verb's complement is the clause's subject
        (
            "Ortega said legalizing it could put thousands of people to work in the harbour.\n",
            "legalizing it could put thousands of people to work in the harbour",
        ),
        # a quoted verb the tagger read as a noun, its subject hung on it as a modifier
        (
            "Ryan said Brandt\u2019s words and actions \u201camount to a form of intimidation that undermines "
            "liberty.\u201d\n",
            "Brandt\u2019s words and actions \u201camount to a form of intimidation that undermines liberty.\u201d",
        ),
        # a that-clause the parser made a relative clause of a noun after the verb
        (
            "Brandt said following a vote in 2001 that he had \u201cvery serious concerns about the long-term "
            "goals.\u201d\n",
            "he had \u201cvery serious concerns about the long-term goals.\u201d",
        ),
        # "that" read as a preposition, the clause hung on a noun before it
        (
            '"We have come a long way in the last nine months," she said, noting that at one point '
            "earlier in the race she had trailed Okafor by 50 points.",
            "at one point earlier in the race she had trailed Okafor by 50 points",
        ),
        # "that" opens the clause, so the "since" inside it is no adverbial of the reporter's
        (
            "Officials added that in the weeks since the storm more than 2,000 homes had been rebuilt.",
            "in the weeks since the storm more than 2,000 homes had been rebuilt",
        ),
    ],
)
def test_a_reported_clause_the_parser_hung_elsewhere(engine, text, clause):
    q = find(engine.attribute(text), clause, "indirect")
    assert q["text"] == clause


@pytest.mark.parametrize(
    "text, clause, who",
    [
        # the reporter's words go on after the quote: a partial quote inside reported speech
        (
            "Varga\u2019s \u201cexcesses\u201d are damaging the port, Ines Ortega said on Tuesday.\n",
            "Varga\u2019s \u201cexcesses\u201d are damaging the port",
            "Ines Ortega",
        ),
        # NYT '' marks: the subject hung on "is" still gives the quote its clause
        (
            "Behind the scenes, Mr. Vander Plaats is ''activating his personal network,'' said Ines Ortega, "
            "the union's director.\n",
            "Mr. Vander Plaats is ''activating his personal network",
            "Ines Ortega",
        ),
        # the outermost clause holding the quote, not the one inside it, has the subject
        (
            "Ortega said the union had buried its message. That message is that any strike hurts everyone "
            "and \u201cwe want to help the port,\u201d Ortega said.\n",
            "That message is that any strike hurts everyone",
            "Ortega",
        ),
    ],
)
def test_a_clause_before_a_trailing_cue_that_holds_a_partial_quote_is_indirect_too(engine, text, clause, who):
    result = engine.attribute(text)
    q = find(result, clause, "indirect")
    assert "said" not in q["text"]
    assert speaker(q) == who
    assert any(p["type"] == "partial" for p in result["quotes"])


def test_a_quote_that_runs_to_the_end_after_a_lead_in_stays_the_speakers_own_sentence(engine):
    text = "For the harbour, \u201cnext year will be the hardest yet,\u201d Ortega said.\n"
    types = [q["type"] for q in engine.attribute(text)["quotes"]]
    assert types and "indirect" not in types


@pytest.mark.parametrize(
    "text, clauses",
    [
        # an adverbial after the cue is the reporter's scene, not the statement
        (
            "\u201cThe port will live on,\u201d Ortega said, as a few young dockers worked on inside the shed.\n",
            [],
        ),
        (
            "Ines Ortega won the harbour board vote, the Harbour Times declared on Thursday, two days after "
            "members went to the polls for what became a razor-thin race.\n",
            ["Ines Ortega won the harbour board vote"],
        ),
        # a reason after the parenthetical goes on with the statement
        (
            "There is no chance of that level of unrest, officials in both ports insist, because modern "
            "policing has evolved to be less confrontational.\n",
            [
                "There is no chance of that level of unrest, officials in both ports insist, because modern "
                "policing has evolved to be less confrontational"
            ],
        ),
        # a participle goes on with its own subject's sentence, which it does not report
        ("Ines Ortega wins the harbour board vote in Kiel, adding to her run of victories in the north.\n", []),
        (
            "Varga also took the opportunity to comment on the shipping business, remarking in particular on "
            "the Harbour Times.\n",
            [],
        ),
    ],
)
def test_what_follows_a_cue_and_what_a_participle_follows_is_the_reporters_unless_a_reason(engine, text, clauses):
    indirect = [q["text"] for q in engine.attribute(text)["quotes"] if q["type"] == "indirect"]
    assert indirect == clauses


@pytest.mark.parametrize(
    "text",
    [
        "Sunday on Harbour TV channel\u2019s \u201cSunday Morning Tides,\u201d Rep. Ines Ortega said the port had "
        "been sold too cheaply.\n",
        "After the news broke, the \u201cGalleon\u201d star posted a long message about the port on her page.\n",
        "\u201cI was at sea,\u201d Ortega told Radio Kiel\u2019s \u201cDawn\u201d on Monday.\n",
    ],
)
def test_a_title_case_name_in_a_nouns_place_is_a_works_title(engine, text):
    quoted = [q["text"] for q in engine.attribute(text)["quotes"] if q["type"] in ("direct", "partial")]
    assert not any(t.rstrip(",") in ("Sunday Morning Tides", "Galleon", "Dawn") for t in quoted), quoted


def test_a_lowercase_phrase_after_a_possessive_is_still_a_partial_quote(engine):
    q = find(engine.attribute("Varga called Ortega's \u201cspecial harbour operation\u201d a land grab.\n"), "special")
    assert q["type"] == "partial"


def test_a_reporter_citing_a_source_is_the_outlet_and_the_source_speaks(engine):
    text = (
        "Harbour Wire news agency reported, citing a port official, that the tanker had been sailing "
        "outside the lane when the two ships collided.\n\n"
        "\u201cIt is too early to say who is at fault,\u201d the official was quoted as saying.\n\n"
        "The crane had collapsed twice before, Radio Kiel Ukraine reported, citing the harbour chief.\n"
    )
    quotes = engine.attribute(text)["quotes"]
    lane = find({"quotes": quotes}, "the tanker had been sailing", "indirect")
    assert lane["text"].startswith("the tanker")  # "citing a port official," is no part of it
    assert (speaker(lane), outlet(lane)) == ("port official", "Harbour Wire")
    fault = find({"quotes": quotes}, "too early", "direct")
    assert outlet(fault) == "Harbour Wire"  # the report goes on in the next paragraph
    crane = find({"quotes": quotes}, "The crane had collapsed", "indirect")
    assert (speaker(crane), outlet(crane)) == ("harbour chief", "Radio Kiel Ukraine")


def test_a_speaker_citing_a_reason_keeps_his_own_words(engine):
    text = (
        "\u201cIt is a reflection of the anger people feel,\u201d Tom Brandt said.\n\n"
        "\u201cA lot of it is justified,\u201d he continued, citing the many Germans who had given up.\n"
    )
    assert speaker(find(engine.attribute(text), "A lot of it", "direct")) == "Tom Brandt"


def test_an_outlet_named_by_an_acronym_and_more_keeps_the_whole_name(engine):
    q = find(engine.attribute("The bridge had been destroyed, RBC Ukraine reported.\n"), "The bridge", "indirect")
    assert outlet(q) == "RBC Ukraine"


def test_a_statement_nested_in_a_documents_report_is_the_inner_speakers_with_the_document_as_outlet(engine):
    text = "Avalos told investigators that he had fired twice, search warrant documents say.\n"
    q = find(engine.attribute(text), "he had fired twice", "indirect")
    assert (speaker(q), outlet(q)) == ("Avalos", "search warrant documents")
    # a misparse whose inner "clause" holds the outer cue is no nested report
    text = "The port\u2019s navy responded to the strikes, the statement added, by sinking two boats.\n"
    assert not any(q["text"] == "the statement added" for q in engine.attribute(text)["quotes"])


def test_a_statement_another_speaker_relays_is_the_inner_speakers_and_the_relayer_keeps_the_floor(engine):
    text = (
        'Victor Lang said Thomas Galloway once told him the cabin was "the price of doing business in '
        'Riverton." He added: "I believed him."\n\n'
        "On Monday night, Downing Street said the standards commissioner had said there would be no "
        "inquiry into the late declarations.\n"
    )
    r = engine.attribute(text)
    outer = find(r, "Thomas Galloway once told him", "indirect")
    inner = next(q for q in r["quotes"] if q["text"].startswith("the cabin was"))
    assert speaker(outer) == "Victor Lang"
    assert (inner["text"], speaker(inner)) == (
        'the cabin was "the price of doing business in Riverton."',
        "Thomas Galloway",
    )
    assert speaker(find(r, "the price of doing business", "partial")) == "Thomas Galloway"
    assert speaker(find(r, "I believed him", "direct")) == "Victor Lang"  # "He" is the relayer
    inner = next(q for q in r["quotes"] if q["text"].startswith("there would be no inquiry"))
    assert inner["text"] == "there would be no inquiry into the late declarations"
    assert "standards commissioner" in speaker(inner)
    assert speaker(find(r, "the standards commissioner had said", "indirect")) == "Downing Street"


@pytest.mark.parametrize(
    "text, clause",
    [
        # a share a record counts speaks through the record
        (
            "The poll found 74 percent of voters say the country is on the wrong track.\n",
            "the country is on the wrong track",
        ),
        (
            "The pollster Ann Selzer said 74 percent of voters say the country is on the wrong track.\n",
            "the country is on the wrong track",
        ),
        # a supposed report, under a condition
        (
            "Experts told the paper that an inmate can leave suicide watch only if a psychiatrist concludes "
            "the inmate is no longer at risk.\n",
            "the inmate is no longer at risk",
        ),
        # what a record shows is the relayer's reading of it
        ("Bamberg said the videos show Scott calmly leaving his car.\n", "Scott calmly leaving his car"),
    ],
)
def test_no_inner_statement_where_nothing_is_relayed(engine, text, clause):
    assert not any(q["text"] == clause for q in engine.attribute(text)["quotes"])


def test_the_that_of_so_and_such_is_a_result_not_a_report(engine):
    text = "Mook asserted that Okafor tells so many lies that Vale could lose her own message.\n"
    quotes = engine.attribute(text)["quotes"]
    assert not any(q["text"].startswith("Vale could") for q in quotes)
    assert find({"quotes": quotes}, "Okafor tells so many lies", "indirect")


@pytest.mark.parametrize(
    "text, who",
    [
        ("A spokesman for President Okafor said the talks had failed.\n", "spokesman for President Okafor"),
        ("An aide to Mayor Ines Ortega said the port would close.\n", "aide to Mayor Ines Ortega"),
        # a name in apposition deeper in the phrase still speaks
        (
            "Harbour Bank\u2019s managing director for Baltic rates and macro strategist, Tom Brandt, said the "
            "data was strong.\n",
            "Tom Brandt",
        ),
    ],
)
def test_a_role_held_for_someone_speaks_not_the_one_it_serves(engine, text, who):
    assert speaker(engine.attribute(text)["quotes"][0]) == who


def test_a_relative_who_is_never_the_speakers_name(engine):
    text = (
        "\u201cThen you have these critics who love that, because they are afraid to look in the mirror. "
        "Your port fails because of you.\u201d\n\n"
        "Brandt, who said he typically votes green, said one candidate he likes is Ines Ortega.\n\n"
        "Varga, who endorsed Ortega in late May and said he would probably campaign with her, stayed away.\n"
    )
    quotes = engine.attribute(text)["quotes"]
    assert speaker(find({"quotes": quotes}, "Then you have these critics", "direct")) == "Brandt"
    q = find({"quotes": quotes}, "he would probably campaign with her", "indirect")
    assert speaker(q) == "Varga"
    assert q["speaker"]["mention"]["text"] == "who"  # the words of the attribution itself


def test_an_according_to_adjunct_attributes_the_side_that_is_a_clause(engine):
    text = "But the next day, according to Ortega, Varga made further demands.\n"
    q = find(engine.attribute(text), "made further demands", "indirect")
    assert (q["text"], speaker(q)) == ("Varga made further demands", "Ortega")


@pytest.mark.parametrize(
    "text, clause, who",
    [
        (
            "As the Harbour Times reported, even if Ortega split the vote with Brandt, she would still need "
            "most of the rest.\n",
            "even if Ortega split the vote with Brandt, she would still need most of the rest",
            "Harbour Times",
        ),
        ("The port will close in May, as Radio Kiel reported on Monday.\n", "The port will close in May", "Radio Kiel"),
        (
            "As another harbour study from 2011 noted, the average age of dockers in Kiel was 48.\n",
            "the average age of dockers in Kiel was 48",
            "harbour study",
        ),
        # a conjunction before the aside is no part of the report
        (
            "But as Councillor Imhof noted, the night ferries will give the islands a second chance.\n",
            "the night ferries will give the islands a second chance",
            "Imhof",
        ),
        # the passive names its reporter as the agent
        (
            "As reported by the Baltic Courier, there are 150 berths at stake in the new terminal.\n",
            "there are 150 berths at stake in the new terminal",
            "Baltic Courier",
        ),
        # an aside inside the clause: the span keeps it, as with "…, he said, …"
        (
            "The lease, as the harbourmaster noted, was signed in March after long talks.\n",
            "The lease, as the harbourmaster noted, was signed in March after long talks",
            "harbourmaster",
        ),
    ],
)
def test_an_as_clause_with_a_reporting_verb_attributes_the_clause_it_modifies(engine, text, clause, who):
    q = find(engine.attribute(text), clause, "indirect")
    assert q["text"] == clause and who in speaker(q)


@pytest.mark.parametrize(
    "text",
    [
        # passive: the jobs are no source
        "The jobless rate fell to 6.6 per cent in May as 88,000 jobs were added into the economy.\n",
        # the parser hung the rest of the sentence on the "as" clause
        "That is well above the county's median wage but, as the former docker pointed out, well below "
        "what a union docker earned.\n",
    ],
)
def test_an_as_clause_that_is_no_parenthetical_report(engine, text):
    assert [q for q in engine.attribute(text)["quotes"] if q["type"] == "indirect"] == []


def test_a_gerund_subject_with_a_subjectless_verb_is_the_reported_clause(engine):
    text = "Ines Ortega, head of the union, said having Brandt at the top of the ticket puts every pier at risk.\n"
    q = find(engine.attribute(text), "puts every pier at risk", "indirect")
    assert q["text"] == "having Brandt at the top of the ticket puts every pier at risk"


def test_a_sentence_handing_over_a_statement_with_a_colon_names_its_speaker(engine):
    text = (
        "So far, no group has claimed responsibility for the fire at the pier.\n\n"
        "In response, harbour board chair Ines Ortega issued the following statement:\n\n"
        "\u201cOur thoughts are with all those affected by the fire. This cannot continue.\u201d\n"
    )
    assert speaker(find(engine.attribute(text), "Our thoughts", "direct")) == "Ines Ortega"


@pytest.mark.parametrize(
    "text, clause",
    [
        # a clause with its own subject after the verb's object and a comma is the next step
        (
            "So far, no group has claimed responsibility for the heinous arson, leading law enforcement "
            "authorities to question whether this was an isolated incident.\n",
            None,
        ),
        # without a subject of its own, the "object" is its subject
        (
            "Ortega and other union leaders said their networks of members, almost all dockers until a few "
            "years ago, were now mostly drivers.\n",
            "their networks of members, almost all dockers until a few years ago, were now mostly drivers",
        ),
    ],
)
def test_a_clause_after_the_verbs_object_and_a_comma(engine, text, clause):
    indirect = [q["text"] for q in engine.attribute(text)["quotes"] if q["type"] == "indirect"]
    if clause is None:
        assert indirect == []
    else:
        assert len(indirect) == 1 and indirect[0] in clause and indirect[0].endswith("were now mostly drivers")


@pytest.mark.parametrize(
    "text, who",
    [
        # a lede that withholds the name, and the next paragraph that gives it
        (
            "A former harbour official has claimed that the port ignored warnings for years.\n\n"
            "Tomas Reyes, who ran the port's safety office until 2021, said he raised the alarm in 2019.\n",
            "Tomas Reyes",
        ),
        # an institution's voice is not the person named next
        (
            "A police spokesman said the man was arrested at the scene.\n\n"
            "John Brandt, 45, who lives nearby, said he heard three shots.\n",
            "police spokesman",
        ),
        # nor is a description the named person's own title contradicts
        (
            "Port workers walk out over pay\n\nA docker said the strike would last a week.\n\n"
            "Ines Ortega, the union leader, said members were angry.\n",
            "docker",
        ),
    ],
)
def test_a_lede_description_is_the_person_the_next_paragraph_names(engine, text, who):
    assert speaker(engine.attribute(text)["quotes"][0]) == who


def test_a_capitalised_title_before_a_name_is_no_name_and_a_title_matches_by_its_role(engine):
    text = (
        "Harbour's Chief of General Staff Valery Brandt said the piers had been cleared.\n\n"
        "Ines Ortega, the company's chief executive, said the ferry was safe.\n\n"
        "Divers will resume work on Friday, the search chief said.\n"
    )
    quotes = engine.attribute(text)["quotes"]
    assert speaker(find({"quotes": quotes}, "piers had been cleared", "indirect")) == "Valery Brandt"
    # "search chief" is not the "chief executive": the role is a title's head
    assert speaker(find({"quotes": quotes}, "Divers will resume", "indirect")) != "Ines Ortega"


def test_a_title_with_its_own_of_phrase_before_a_name_is_learned(engine):
    text = "Chief of General Staff Tomas Reyes said the piers were clear. The army chief added that work would go on.\n"
    quotes = engine.attribute(text)["quotes"]
    assert speaker(find({"quotes": quotes}, "work would go on", "indirect")) == "Tomas Reyes"


def kind(q: dict) -> str | None:
    return q["speaker"]["kind"] if q["speaker"] else None


@pytest.mark.parametrize(
    "text, fragment, who, what",
    [
        # a company word ends an organisation's name, whatever the NER says
        ("Corvane Labs said the headset would ship in the spring.\n", "the headset", "Corvane Labs", "organization"),
        # an organisation in apposition
        (
            "Open Harbour, a tenants' group, said rents had doubled since 2019.\n",
            "rents had doubled",
            "Open Harbour",
            "organization",
        ),
        # a role with no name is a person: the one the article titled so
        (
            "Prime Minister Ana Ruiz flew to Lisbon on Monday.\n\nThe Prime Minister said the deal was close.\n",
            "the deal was close",
            "Ana Ruiz",
            "person",
        ),
        # a role anywhere in the description names the person in apposition
        (
            "Chartered Surveyors of Wexcombe's chief economist, Mira Castell, said the figures beat expectations.\n",
            "the figures beat",
            "Mira Castell",
            "person",
        ),
        # a title before the name and a force after it are no part of the name
        (
            "Detective Constable Aled Pritchard of Wexbridgeshire Police said the victims had been targeted.\n",
            "the victims had been targeted",
            "Aled Pritchard",
            "person",
        ),
        # the parser hangs the apposition on the relative clause's last noun
        (
            "The company that runs the AMAs, Dick Clark Productions, denies that anything has been sorted.\n",
            "anything has been sorted",
            "Dick Clark Productions",
            "organization",
        ),
        # one word the NER took for an organisation or a place, described as a person
        ("Clyburn, who leads the caucus, said the voters would come back.\n", "the voters would", "Clyburn", "person"),
        (
            "Fulton, a lawyer for the family, said the loan would never be repaid.\n",
            "the loan would",
            "Fulton",
            "person",
        ),
        # a place described as a place stays no person
        (
            "Georgia, a swing state, said it would recount every ballot.\n",
            "it would recount",
            "Georgia",
            "organization",
        ),
    ],
)
def test_a_speakers_kind_says_what_it_is(engine, text, fragment, who, what):
    q = find(engine.attribute(text), fragment)
    assert (speaker(q), kind(q)) == (who, what)


def test_a_source_cited_between_the_reporter_and_its_verb_speaks(engine):
    text = (
        "China's Xinhua news agency, citing the ship's operator, Qingdao-based Haiyun Shipping, said all "
        "21 crew aboard were safe.\n"
    )
    q = find(engine.attribute(text), "all 21 crew", "indirect")
    assert (speaker(q), kind(q), outlet(q)) == ("Haiyun Shipping", "organization", "Xinhua")


def test_an_organisation_named_once_by_the_ner_is_the_same_organisation_later(engine):
    text = (
        "The group that owns her first six albums, Silver Reel, says she may play them.\n\n"
        "Swift posted on Twitter that she had been blocked.\n\n"
        "Silver Reel have twice denied doing anything wrong.\n\n"
        '"At no point did we say Taylor could not perform," they said in a statement.\n'
    )
    r = engine.attribute(text)
    for fragment in ("she may play them", "At no point"):
        q = find(r, fragment)
        assert (speaker(q), kind(q)) == ("Silver Reel", "organization")


def test_a_live_blog_headings_time_is_no_apposition_of_its_speaker(engine):
    text = (
        "Environment minister Tom Veasey visited the sea wall.\n\n"
        "16:52 BST \u2014 Minister: 'This is not a moment for point-scoring'\n"
        "The minister said crews would stay overnight.\n"
    )
    q = find(engine.attribute(text), "not a moment", "direct")
    assert speaker(q) == "Tom Veasey"


@pytest.mark.parametrize(
    "text, clause, not_clause",
    [
        # a noun phrase after the cue's comma sums the statement up: the reporter's words
        (
            "Tenants would get a year's notice of any rise, Okafor said, a change that could keep "
            "thousands in their homes.\n\n\u201cThis is overdue,\u201d she said.\n",
            "Tenants would get a year's notice of any rise",
            "a change that could keep",
        ),
        # a colon after a trailing cue opens more of the statement; the clause before it stays
        (
            "Several factors make a late surge unlikely, organisers said: the cost of the venue, the "
            "weather and the date.\n",
            "Several factors make a late surge unlikely",
            "the cost of the venue",
        ),
        (
            'Ports are part of the towns around them, she said: "You take from the town and you give back."\n',
            "Ports are part of the towns around them",
            "You take from the town",
        ),
    ],
)
def test_a_clause_before_a_trailing_cue_and_what_follows_it(engine, text, clause, not_clause):
    quotes = engine.attribute(text)["quotes"]
    assert any(q["type"] == "indirect" and q["text"] == clause for q in quotes), [q["text"] for q in quotes]
    assert not any(q["type"] == "indirect" and not_clause in q["text"] for q in quotes)


@pytest.mark.parametrize(
    "text, fragment, where",
    [
        # the participle that names the medium is part of the cue's frame, not a rival cue
        (
            "The governor said in a video posted on Telegram that three drones had been shot down.\n",
            "three drones",
            "Telegram",
        ),
        (
            "In an audio message posted on Telegram, the governor, Pavel Drozd, said the fires were out.\n"
            '"The situation is under control," Drozd said.\n',
            "The situation is under control",
            "Telegram",
        ),
        # an interview frame: asked by the outlet
        ("Asked by the BBC about the strike, union leader Dana Roe said members were ready.\n", "members", "BBC"),
        ("Interviewed by the BBC on Monday, Dana Roe said members were ready.\n", "members", "BBC"),
    ],
)
def test_a_participle_in_the_cues_frame_gives_its_outlet(engine, text, fragment, where):
    assert outlet(find(engine.attribute(text), fragment)) == where


def test_an_outlet_described_in_apposition_is_the_outlet_and_no_person(engine):
    text = (
        "Okafor told Berita Pagi, a Malaysian daily, that the port would reopen.\n\n"
        '"We are not leaving," a resident told Suara Timur, a local newspaper.\n'
    )
    r = engine.attribute(text)
    port = find(r, "the port would reopen", "indirect")
    assert (speaker(port), outlet(port)) == ("Okafor", "Berita Pagi")
    assert outlet(find(r, "We are not leaving", "direct")) == "Suara Timur"


@pytest.mark.parametrize(
    "text, fragment, who",
    [
        ("Zelenskyy said in his nightly address that 40 drones had been launched.\n", "40 drones", "Zelenskyy"),
        (
            'Drozd said the drones had been shot down.\n\n"We are safe now," he said.\n',
            "We are safe now",
            "Drozd",
        ),
    ],
)
def test_a_one_word_name_that_he_or_she_goes_on_from_is_a_person(engine, text, fragment, who):
    q = find(engine.attribute(text), fragment)
    assert (speaker(q), kind(q)) == (who, "person")


def test_a_one_word_organisation_that_it_goes_on_from_stays_one(engine):
    q = find(engine.attribute("Gazprom said its profits had fallen by half.\n"), "its profits")
    assert (speaker(q), kind(q)) == ("Gazprom", "organization")


@pytest.mark.parametrize(
    "text, fragment, who",
    [
        # one role, several forms: the spokesperson is the spokeswoman
        (
            "The Foreign Ministry spokesperson, Mao Ning, told a briefing that China opposed the sanctions.\n"
            "The spokeswoman said Beijing would respond.\n",
            "Beijing would respond",
            "Mao Ning",
        ),
        # a family name written first is the person named so
        (
            "North Korean leader Kim Jong Un inspected the site on Friday.\n"
            "Kim said the weapons were ready, according to KCNA.\n",
            "the weapons were ready",
            "Kim Jong Un",
        ),
        (
            "Chinese President Xi Jinping met the delegation.\nXi said trade would grow.\n",
            "trade would grow",
            "Xi Jinping",
        ),
    ],
)
def test_a_later_short_mention_finds_the_person(engine, text, fragment, who):
    assert speaker(find(engine.attribute(text), fragment)) == who


def test_an_outlet_word_inside_a_speakers_description_is_no_outlet(engine):
    q = find(engine.attribute("Kremlin spokesman Dmitry Peskov said the talks were over.\n"), "the talks")
    assert (speaker(q), outlet(q)) == ("Dmitry Peskov", None)
    q = find(engine.attribute("Yonhap news agency said the test had failed.\n"), "the test")
    assert outlet(q) == "Yonhap"  # the outlet that is the subject still reports


@pytest.mark.parametrize(
    "text, clause",
    [
        # the clause the parser hung on the statement noun is what was said
        (
            "The mayor's office said in a statement that the road would reopen on Friday.\n",
            "the road would reopen on Friday",
        ),
        ("She wrote in a letter that the council had lied.\n", "the council had lied"),
        ("She wrote in a letter that she felt betrayed.\n", "she felt betrayed"),
        # a clause that publishes the statement is a relative clause on it; the report comes after
        (
            "The ministry said in a statement that the ministry issued on Monday that prices would rise.\n",
            "prices would rise",
        ),
    ],
)
def test_a_that_clause_after_what_a_statement_is_made_in(engine, text, clause):
    quotes = [q["text"] for q in engine.attribute(text)["quotes"] if q["type"] == "indirect"]
    assert quotes == [clause]


@pytest.mark.parametrize(
    "text, fragment, what",
    [
        ('"We need help," the woman, who asked not to be named, told reporters.\n', "We need help", "person"),
        ("The actor told Variety he was nervous about the role.\n", "he was nervous", "person"),
        ("Local authorities said the bridge would stay closed.\n", "the bridge", "group"),
    ],
)
def test_an_unnamed_speakers_kind_follows_its_noun(engine, text, fragment, what):
    assert kind(find(engine.attribute(text), fragment)) == what


def test_a_titled_name_the_ner_took_for_a_work_is_a_person_with_that_title(engine):
    text = (
        '"The bridge is safe," Mayor Joanne Brisbois said Tuesday.\n\n'
        'Critics disagree.\n\n"We will keep checking," the mayor added.\n'
    )
    q = find(engine.attribute(text), "keep checking", "direct")
    assert (speaker(q), kind(q)) == ("Joanne Brisbois", "person")


def test_a_refusal_to_say_reports_nothing(engine):
    for text in (
        "A spokesman for the agency declined to say when repairs would begin.\n",
        "The minister refused to say whether the plan would survive.\n",
    ):
        assert not any(q["type"] == "indirect" for q in engine.attribute(text)["quotes"]), text
    # what the refuser goes on to say is still reported
    q = find(engine.attribute("The minister refused to comment, saying it was a private matter.\n"), "private")
    assert speaker(q) == "minister"


def test_an_outlet_an_acronym_opens_keeps_its_station_name(engine):
    q = find(engine.attribute("Marsh told BBC Radio Kent that two people had been taken to hospital.\n"), "two people")
    assert outlet(q) == "BBC Radio Kent"


def test_a_spokesman_for_a_role_named_in_apposition_is_the_spokesman_and_an_abbreviated_title_counts(engine):
    text = (
        "Gov. Mike DeWine, a Republican, signed the law in April.\n\n"
        "A spokesman for the governor, Dan Tierney, said DeWine was reviewing the decision.\n\n"
        'The governor has previously said the law protects "the most vulnerable."\n'
    )
    r = engine.attribute(text)
    assert speaker(find(r, "DeWine was reviewing", "indirect")) == "Dan Tierney"
    assert speaker(find(r, "the law protects", "indirect")) == "Mike DeWine"


def test_documents_named_without_referring_back_are_their_own_source(engine):
    text = (
        '"We will appeal," Yost said in a statement.\n\n'
        "According to court filings, at least 12 clinics had stopped offering the procedure.\n"
    )
    assert speaker(find(engine.attribute(text), "12 clinics", "indirect")) == "court filings"
    # "the statement" still speaks for whoever made it
    text = 'Yost said the ruling was wrong.\n\n"We will appeal," the statement said.\n'
    assert speaker(find(engine.attribute(text), "We will appeal", "direct")) == "Yost"


def test_an_organisation_description_finds_the_company_its_sentence_named(engine):
    text = (
        "Shares in Lumora Labs fell 14% on Thursday after the glasses maker warned that profit would miss forecasts.\n"
    )
    q = find(engine.attribute(text), "profit would miss", "indirect")
    assert (speaker(q), kind(q)) == ("Lumora Labs", "organization")


@pytest.mark.parametrize(
    "text, fragment, who",
    [
        # a participle in a fronted adverbial is the main clause's subject's
        (
            "In addition to stating that the tax was unfair, Ruiz has vowed to repeal it.\n",
            "the tax was unfair",
            "Ruiz",
        ),
        # an infinitive of purpose is its verb's subject's, even where the parser hung the verb on the name
        (
            "Dana Whitlow, who is vying to be the next mayor, tweeted on Friday to say she had "
            "never suggested a tax.\n",
            "she had never suggested",
            "Dana Whitlow",
        ),
        # "the 71-year-old" is the person the article gave that age
        (
            "Margaret Ellis, 71, was rescued by boat. Tom Reilly, 45, waded out.\n\n"
            '"I have lost everything," said the 71-year-old.\n',
            "I have lost everything",
            "Margaret Ellis",
        ),
    ],
)
def test_a_speaker_the_sentence_gives_away_from_the_verb(engine, text, fragment, who):
    assert speaker(find(engine.attribute(text), fragment)) == who


def test_a_reporting_verb_hung_on_a_name_has_no_clause_before_it(engine):
    text = "Ana Ruiz, who is vying to be the next governor, tweeted on Friday to say she had never backed the plan.\n"
    assert [q["text"] for q in engine.attribute(text)["quotes"]] == ["she had never backed the plan"]


@pytest.mark.parametrize(
    "text, fragment, who, what",
    [
        # a verb of manner of speaking introduces its quote; a lone surname speaks as a person
        (
            '"If they were serious, they would have gone to the bill," Toomey fumed on Tuesday.\n',
            "serious",
            "Toomey",
            "person",
        ),
        # a surname the tagger read as a participle
        (
            "Walking to the next address, Ebeling reminisced about her days growing up, and said their "
            "views were both changed by the war.\n",
            "views were both changed",
            "Ebeling",
            "person",
        ),
        # records named without referring back are their own source, an organisation's
        ("According to court records, the guards had falsified logs.\n", "the guards", "court records", "organization"),
    ],
)
def test_who_speaks_and_what_they_are_from_the_verbs_own_subject(engine, text, fragment, who, what):
    q = find(engine.attribute(text), fragment)
    assert (speaker(q), kind(q)) == (who, what)


def test_a_partial_quote_that_ends_a_reported_clause_is_the_reporters_source(engine):
    text = 'Peskov told reporters that the offensive would continue "until all goals are achieved."\n'
    q = find(engine.attribute(text), "until all goals", "partial")
    assert speaker(q) == "Peskov"  # not "the offensive", the subject of "continue"


@pytest.mark.parametrize(
    "text, fragment, author",
    [
        (
            "The Coastal Water Agency has opened an inquiry.\n"
            "According to figures published by the agency last year, the plant spilled sewage for 900 hours.",
            "the plant spilled",
            "Coastal Water Agency",
        ),
        (
            "According to data from the Office for National Statistics, wages rose 4 per cent in May.",
            "wages rose",
            "Office for National Statistics",
        ),
        (
            "The Interior Ministry said rescuers were still searching.\n"
            "The ministry's figures show that 412 people were moved from the valley.",
            "412 people",
            "Interior Ministry",
        ),
        (
            "A poll by Halvorsen Research found that support for the tunnel had fallen to 41 per cent.",
            "support for the tunnel",
            "Halvorsen Research",
        ),
    ],
)
def test_a_record_speaks_for_its_named_author(engine, text, fragment, author):
    """Figures, data and polls speak for whoever published them: "figures published by the
    agency", "data from the ONS", "the ministry's figures", "a poll by X"."""
    q = find(engine.attribute(text), fragment, "indirect")
    assert speaker(q) is not None and author in speaker(q)
    assert q["speaker"]["kind"] == "organization"


def test_a_record_measures_what_respondents_say_and_a_document_relays_speech(engine):
    """A poll's "37 percent say" is the poll's finding, not nested speech; a court filing's
    "X told investigators that …" is X's."""
    r = engine.attribute("The Marlow Institute poll found that 37 percent of voters say the tunnel is too expensive.")
    assert "Marlow Institute" in speaker(find(r, "37 percent of voters", "indirect"))
    r = engine.attribute("Dana Kessler told investigators that she had never seen the contract, court documents say.")
    assert speaker(find(r, "never seen the contract", "indirect")) == "Dana Kessler"


@pytest.mark.parametrize(
    "text, fragment",
    [
        (
            "Chief Ruth Okonjo told reporters at a news conference that officers had been ordered to "
            "stop enforcing the curfew.",
            "officers had been ordered",
        ),
        (
            "Delacroix told the envoy at the start of the talks that Belmora would not pay for the bridge.",
            "Belmora would not pay",
        ),
    ],
)
def test_a_that_clause_after_a_phrase_the_parser_read_as_a_relative_clause(engine, text, fragment):
    """ "tell" with its hearer still owes what was told, and a passive clause leaves no object
    for a relative "that": either way the "that" clause is the report, even where the parser
    hung it on a noun ("a news conference", "the talks")."""
    q = find(engine.attribute(text), fragment, "indirect")
    assert q["text"].startswith(fragment)


def test_a_relative_clause_on_a_noun_after_the_cue_is_not_reported(engine):
    r = engine.attribute("He said it would take a judge that senators actually like to end the standoff.")
    assert not any(q["text"].startswith("senators actually like") for q in r["quotes"])


def test_a_ruling_reports_and_ruling_out_does_not(engine):
    r = engine.attribute(
        "A federal judge on Friday halted the levy, ruling that the county had failed to give notice.\n"
        "The appeals court ruled that the maps were drawn lawfully.\n"
        "When 'ground troops' are ruled out, air power fills the gap."
    )
    assert "judge" in speaker(find(r, "the county had failed", "indirect"))
    assert "appeals court" in speaker(find(r, "the maps were drawn", "indirect"))
    assert not any("ground troops" in q["text"] for q in r["quotes"])


def test_a_relative_clause_cue_reports_nothing_before_its_noun(engine):
    """ "…, which had warned against it" modifies "the regional courts": the main clause before
    it is nobody's report."""
    r = engine.attribute("The ruling sent the dispute back to the regional courts, which had warned against it.")
    assert r["quotes"] == []


@pytest.mark.parametrize(
    "text, fragment, name",
    [
        (
            "Tomas Brandvold, 52, had been under pressure since March. Speaking after the defeat, the "
            "former Norway midfielder admitted his side had been outplayed.",
            "his side had been outplayed",
            "Brandvold",
        ),
        (
            "Ingrid Salvesen sold her stake in the shipping line on Friday. The billionaire said the "
            "price had been fair.",
            "the price had been fair",
            "Ingrid Salvesen",
        ),
        (
            "Aiko Tanabe lost in the third round. The four-time grand slam champion said she was exhausted.",
            "she was exhausted",
            "Aiko Tanabe",
        ),
    ],
)
def test_an_epithet_names_the_person_in_focus(engine, text, fragment, name):
    """GUIDELINES: descriptions resolve to the named person they refer to; an epithet ("the
    billionaire", "the former Norway midfielder") refers to the person just named."""
    q = find(engine.attribute(text), fragment, "indirect")
    assert name in speaker(q)
    assert q["speaker"]["kind"] == "person"


def test_an_incidental_or_picked_out_description_stays_unnamed(engine):
    r = engine.attribute(
        "Maria Lopez was injured in the crash. The driver said he had not seen her.\n"
        "Ingrid Salvesen sold her stake on Friday. The billionaire who bought it said the price was fair."
    )
    assert speaker(find(r, "he had not seen her", "indirect")) == "driver"
    assert "Salvesen" not in speaker(find(r, "the price was fair", "indirect"))


def test_a_description_never_takes_an_organisation_named_in_its_own_statement(engine):
    r = engine.attribute("Interim coach Ivo Marsh will take charge of the game against Colchester, the club said.")
    q = find(r, "Ivo Marsh will take", "indirect")
    assert "Colchester" not in (speaker(q) or "")
    assert q["speaker"]["kind"] == "organization"


def test_a_role_word_right_before_a_name_makes_it_a_person(engine):
    """ "Odesa regional governor Oleh Kiper": the NER may call the name an organisation, but a
    role word right before it titles a person, however far into the phrase it stands."""
    r = engine.attribute("Odesa regional governor Oleh Kiper wrote on Telegram that the fire had been put out.")
    q = find(r, "the fire had been put out", "indirect")
    assert speaker(q) == "Oleh Kiper"
    assert q["speaker"]["kind"] == "person"


def test_a_semicolon_ends_what_a_cue_reports(engine):
    """ "…, council says; Marlow mayor blames …": past a semicolon a new clause begins, which
    the cue before it does not report; the clause before the cue is the report."""
    r = engine.attribute("Flooding closes coastal road, council says; Marlow mayor blames cuts for delays")
    q = find(r, "Flooding closes coastal road", "indirect")
    assert "Marlow" not in q["text"]


@pytest.mark.parametrize(
    "text, fragment, description",
    [
        (
            "Analysts at Halden Partners wrote that the cut was worse than feared.",
            "the cut was",
            "Analysts at Halden Partners",
        ),
        (
            "The insurer is weighing a sale of its Polish arm, according to two people familiar with the "
            "matter, who asked not to be named.",
            "The insurer is weighing",
            "two people familiar with the matter",
        ),
        ("A man in a hi-vis vest said the bridge was shut.", "the bridge was shut", "man in a hi-vis vest"),
        ("One person who attended said the meeting ended in shouting.", "the meeting ended", "One person who attended"),
    ],
)
def test_an_unnamed_source_keeps_what_follows_its_noun(engine, text, fragment, description):
    """GUIDELINES: unnamed sources keep their description: the modifier that says who they
    are ("at Halden Partners", "familiar with the matter", "who attended"), never a clause
    set off by a comma ("…, who asked not to be named")."""
    assert speaker(find(engine.attribute(text), fragment, "indirect")) == description


def test_a_pronoun_under_an_unnamed_gendered_subject_is_that_subject(engine):
    """ "A Halden spokeswoman declined to comment on what she called …": she is the
    spokeswoman, not the last person named."""
    r = engine.attribute(
        "Tomasz Wilk said he expected losses. "
        'A Halden spokeswoman declined to comment on what she called "market rumours".'
    )
    assert speaker(find(r, "market rumours", "partial")) == "Halden spokeswoman"


def test_an_organisation_noun_right_before_a_name_makes_it_an_organisation(engine):
    """ "Supporters' group Harlow Together": the NER may read the name as a person's, but the
    noun before it says what it is; a role there ("Captain Leon Mbeki") still titles a person."""
    r = engine.attribute(
        "Captain Leon Mbeki said on Instagram that the squad was gutted. "
        "Supporters' group Harlow Together said it welcomed the change."
    )
    q = find(r, "it welcomed the change", "indirect")
    assert speaker(q) == "Harlow Together" and q["speaker"]["kind"] == "organization"
    assert find(r, "the squad was gutted", "indirect")["speaker"]["kind"] == "person"


def test_posting_that_reports_and_posting_a_thing_does_not(engine):
    r = engine.attribute(
        "Captain Leon Mbeki posted on Instagram that the squad was gutted.\n"
        "She posted a video that showed the flooded square."
    )
    q = find(r, "the squad was gutted", "indirect")
    assert speaker(q) == "Leon Mbeki" and outlet(q) == "Instagram"
    assert not any("flooded square" in q["text"] for q in r["quotes"])


@pytest.mark.parametrize(
    "text, fragment, asker",
    [
        (
            "Councillor Priya Lal asked the mayor whether the depot would close.",
            "whether the depot would close",
            "Priya Lal",
        ),
        (
            "Idris Kone asked residents if they had been warned about the flooding.",
            "if they had been warned",
            "Idris Kone",
        ),
        ("The moderator, Dana Holt, asked Okafor how he would pay for the plan.", "how he would pay", "Dana Holt"),
    ],
)
def test_a_question_someone_asks_is_their_reported_speech(engine, text, fragment, asker):
    """ "X asked Y whether …": the embedded question is X's indirect speech (PolNeAR counts it),
    from its question word to the clause's end; the one asked is never the speaker."""
    q = find(engine.attribute(text), fragment, "indirect")
    assert q["text"].startswith(fragment.split()[0]) and speaker(q) == asker


def test_a_question_with_no_asker_named_and_asking_for_something_report_nothing(engine):
    """ "Kone was asked whether …", "Asked whether …, she said" name only the one asked: a
    question with no asker tells a reader little, so none is reported, and the fronted
    participle is no statement of the main clause's speaker. "asked him to resign" is a
    request, not a question."""
    r = engine.attribute(
        "Idris Kone was asked whether he would stand again.\n"
        "Asked on Radio Meridian who leads the party now, Grace Achebe said Kone.\n"
        '"We will see," Achebe said when asked whether the vote would be close.\n'
        "Achebe asked him to resign."
    )
    texts = [q["text"] for q in r["quotes"]]
    assert not any("stand again" in t or "leads the party" in t or "the vote would be close" in t for t in texts)
    assert not any("resign" in t for t in texts)
    assert speaker(find(r, "We will see", "direct")) == "Grace Achebe"


def test_a_fronted_participle_before_a_cue_is_the_scene_not_the_statement(engine):
    r = engine.attribute(
        "Pressed on the timing of the vote, Grace Achebe said.\nSpeaking to reporters after the match, the coach said."
    )
    assert r["quotes"] == []


def test_an_unattributed_quote_after_a_question_is_not_the_askers(engine):
    """ "Callers asked how much he was paid. "I make my own money."": the quote answers the
    question; the asker does not take the floor from the speaker before."""
    r = engine.attribute(
        '"And I am not being paid!" Marcus Bell declared, after a radio show on which callers asked how '
        'much money he was getting. "I make my own money."'
    )
    assert speaker(find(r, "how much money", "indirect")) == "callers"
    assert speaker(find(r, "I make my own money", "direct")) == "Marcus Bell"


def test_a_name_the_ner_ran_over_a_verb_is_two_names(engine):
    r = engine.attribute("Todd asked Pence whether that would take place before the November election.")
    assert speaker(find(r, "whether that would take place", "indirect")) == "Todd"


def test_an_organisation_led_by_a_word_that_is_also_a_first_name(engine):
    """ "The Royal College of Nursing": "Royal" is a given name, but "College" is an
    organisation noun (data/organisation_nouns.txt), so the name is an organisation's, whole."""
    q = find(engine.attribute("The Royal College of Nursing said corridor care had become normal."), "corridor care")
    assert speaker(q) == "Royal College of Nursing" and q["speaker"]["kind"] == "organization"


def test_they_after_a_family_is_the_family(engine):
    """A family is a group of sources: "they" after it is the family, not the police force
    quoted before."""
    r = engine.attribute(
        "Two men have been arrested, the force said.\n\n"
        "In a statement, Kieran Walsh's family said he was kind.\n\n"
        '"Our hearts are broken," they said.'
    )
    q = find(r, "Our hearts are broken", "direct")
    assert speaker(q) == "Kieran Walsh's family" and q["speaker"]["kind"] == "group"


@pytest.mark.parametrize(
    "text, fragment, kind",
    [
        ('Sharif says that "retaliatory action is being taken in response to the attacks."', "retaliatory", "direct"),
        ('He said he grabbed his son, and "we ran to the nearby fields and lay down."', "we ran", "direct"),
        (
            'His family said he was "a loving dad and a loyal friend who would do anything for anyone at all."',
            "a loving dad",
            "partial",
        ),
        ('He said the nation has become "more interested in what it can get than what it gives."', "more", "partial"),
    ],
)
def test_a_quote_that_is_a_whole_clause_ending_its_sentence_is_direct(engine, text, fragment, kind):
    """GUIDELINES: a direct quote forms a clause or more, a partial one is a phrase in the
    reporter's sentence. A quote ending its sentence is direct when it holds a whole clause,
    subject included; a noun phrase, however long, or a predicate whose subject is the
    reporter's, is partial."""
    quoted = [q["type"] for q in engine.attribute(text)["quotes"] if q["type"] != "indirect" and fragment in q["text"]]
    assert quoted == [kind]


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ("One of the survivors said the boat had capsized.", "One of the survivors", "person"),
        ("A government source said the plan was dead.", "government source", "person"),
    ],
)
def test_one_of_a_group_of_people_and_a_source_are_persons(engine, text, name, kind):
    q = engine.attribute(text)["quotes"][0]
    assert speaker(q) == name and q["speaker"]["kind"] == kind


def test_a_titled_name_the_ner_ran_into_a_preposition_is_a_person(engine):
    """The NER may read "Detective Constable Aled Pritchard of" as one organisation: a name
    ends before a function word, and a name that opens with a title is a person's."""
    r = engine.attribute(
        "Outside court, Detective Constable Aled Pritchard of Wexbridgeshire Police said: 'Connor Maddox is a bully.'"
    )
    q = find(r, "Connor Maddox is a bully", "direct")
    assert speaker(q) == "Aled Pritchard" and q["speaker"]["kind"] == "person"


def test_a_bracketed_party_label_is_no_name_for_the_speaker(engine):
    r = engine.attribute(
        '"They had a chance to secure the border today and they said no," Senate Majority Leader Dale Mercer '
        "(R-Ky.) told reporters after the vote."
    )
    assert speaker(find(r, "They had a chance", "direct")) == "Dale Mercer"


def test_a_nationality_noun_names_the_person_in_focus(engine):
    """ "The Spaniard admitted …" after Arteta's quotes is Arteta: a singular nationality noun
    is an epithet, never an organisation."""
    r = engine.attribute(
        'Mikel Arteta praised his side after the win. "They showed character," Arteta said.\n\n'
        'The Spaniard admitted his team had been "too passive" in the first half.'
    )
    q = find(r, "his team had been", "indirect")
    assert speaker(q) == "Mikel Arteta" and q["speaker"]["kind"] == "person"


def test_a_statement_sent_to_an_outlet_came_through_it(engine):
    """ "said in a statement to AFP", "in a statement emailed to AFP": the agency carried it,
    and the statement's next quote too."""
    r = engine.attribute(
        "The federation said in a statement to AFP that the study was flawed.\n\n"
        '"Bottled water is safe," the Halden water board said in a statement emailed to Reuters. '
        '"We test every batch."'
    )
    assert outlet(find(r, "the study was flawed", "indirect")) == "AFP"
    assert outlet(find(r, "Bottled water is safe", "direct")) == "Reuters"
    assert outlet(find(r, "We test every batch", "direct")) == "Reuters"


def test_an_official_site_that_speaks_is_the_speaker_and_carries_others(engine):
    """ "The Kremlin said Russia would respond": the Kremlin speaks (a foretold "respond" is
    nobody's speech yet, so nothing is framed), with no outlet of its own; "Putin said …, the
    Kremlin said" is Putin's, through the Kremlin."""
    r = engine.attribute(
        "The Kremlin said Russia would respond.\n\n"
        "Kremlin says drone attack on Moscow region was a terrorist act\n\n"
        "Putin said the troops had won, the Kremlin said."
    )
    for fragment in ("Russia would respond", "drone attack on Moscow"):
        q = find(r, fragment, "indirect")
        assert speaker(q) == "Kremlin" and outlet(q) is None
    q = find(r, "the troops had won", "indirect")
    assert speaker(q) == "Putin" and outlet(q) == "Kremlin"


def test_a_subordinate_clause_with_its_own_report_ends_the_statement(engine):
    """ "…, as Ukraine's military said it had hit a depot": the "as" clause is another
    source's report, not more of the Kremlin's; "as she said" with nothing of its own still
    attributes the clause it hangs on."""
    r = engine.attribute(
        "The Kremlin said Russia would respond, as Ukraine's military said it had hit an oil depot.\n\n"
        "Her father also grew up in Scranton, as Clinton said at the rally."
    )
    assert find(r, "Russia would respond", "indirect")["text"] == "Russia would respond"
    assert speaker(find(r, "it had hit an oil depot", "indirect")) == "Ukraine's military"
    assert speaker(find(r, "Her father also grew up", "indirect")) == "Clinton"


def test_a_live_blog_entry_from_time_stamp_to_outlet(engine):
    """A live blog: the time stamp and its colon are no part of a statement; "said on X." at
    a sentence's end is X (the tokenizer keeps the full stop on a one-letter name); and
    Downing Street speaks as an organisation ("Downing" is also a given name)."""
    r = engine.attribute(
        '10:55 GMT: CalMac has cancelled all sailings. "Safety comes first," the operator said on X.\n\n'
        "11:34 GMT: More than 20,000 homes are without power, the network operator said.\n\n"
        "11:40 GMT: Fuel deliveries will resume tomorrow, according to the haulage firm.\n\n"
        "11:50 GMT: Downing Street said the prime minister had been briefed."
    )
    assert outlet(find(r, "Safety comes first", "direct")) == "X"
    assert find(r, "homes are without power", "indirect")["text"].startswith("More than")
    assert find(r, "Fuel deliveries", "indirect")["text"].startswith("Fuel")
    q = find(r, "had been briefed", "indirect")
    assert speaker(q) == "Downing Street" and q["speaker"]["kind"] == "organization"


@pytest.mark.parametrize(
    "text, who",
    [
        ("On Monday night, Number 10 said there would be no inquiry into the late declarations.", "Number 10"),
        ("Channel 4 said the programme would air on Friday.", "Channel 4"),
    ],
)
def test_a_number_in_a_name_stays_in_it(engine, text, who):
    q = next(q for q in engine.attribute(text)["quotes"] if q["type"] == "indirect")
    assert speaker(q) == who and q["speaker"]["kind"] == "organization"


def test_a_headline_cue_the_parser_gave_an_object_and_a_deputy_role(engine):
    """ "Wreckage … found in Andes, says search chief": "say" takes no object, so the noun
    after it is the inverted subject, and the words before the comma are the statement;
    "the vice president" is not the President."""
    r = engine.attribute("Wreckage of missing jet found in Andes, says search chief\n\nOfficials opened the session.")
    assert speaker(find(r, "Wreckage of missing jet", "indirect")) == "search chief"
    r = engine.attribute("President Ama Owusu opened the session. The vice president said the budget would pass.")
    assert speaker(find(r, "the budget would pass", "indirect")) == "vice president"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Avon and Somerset Police said the investigation had taken three years.", "Avon and Somerset Police"),
        ("Devon and Cornwall Police said a man had been arrested.", "Devon and Cornwall Police"),
    ],
)
def test_a_force_named_for_two_places_is_one_organisation(engine, text, name):
    """The NER finds "Somerset Police" and leaves "Avon and" out, or the parser coordinates
    "Devon" with the force: the name is both places' force, one organisation, no group."""
    q = engine.attribute(text)["quotes"][0]
    assert speaker(q) == name and q["speaker"]["kind"] == "organization"


def test_abbreviated_ranks_are_no_part_of_a_name(engine):
    r = engine.attribute("Det Sgt Kevin Osei, who led the inquiry, said Pell had hidden his tracks well.")
    assert speaker(find(r, "hidden his tracks", "indirect")) == "Kevin Osei"


def test_an_as_clause_that_opens_its_own_quote_attributes_nothing_before_it(engine):
    """ "…, jabbing her finger at an activist as she angrily said, “I am so sick …”": the
    verb introduces its own quote, so the words it hangs on are not her statement; "as the
    minister said" with no quote of its own still attributes its clause."""
    r = engine.attribute(
        "Weeks after Mara Quint lost her temper, jabbing her finger at an activist as she angrily said, "
        "\u201cI am so sick of the lies\u201d about her record, her rival struck back.\n\n"
        "Prices will rise, as the minister said on Monday."
    )
    assert not any("jabbing" in q["text"] for q in r["quotes"])
    assert speaker(find(r, "I am so sick", "direct")) == "Mara Quint"
    assert speaker(find(r, "Prices will rise", "indirect")) == "minister"


def test_a_name_inside_an_unnamed_description_is_not_that_person(engine):
    """ "A former Boeing quality manager says …" then "Boeing said …": the company speaks;
    a description's proper noun is no name of the person described."""
    r = engine.attribute(
        "A former Boeing quality manager says he was forced out of the company.\n\n"
        "In a statement, Boeing said it had investigated the claims."
    )
    q = find(r, "it had investigated", "indirect")
    assert speaker(q) == "Boeing" and q["speaker"]["kind"] == "organization"


def test_an_organisation_noun_finds_the_organisation_in_focus(engine):
    """ "Boeing has denied the claims. The company said …": a bare "the company" or "the
    operator" is the organisation the main clause of its sentence or the one before was
    about, unless that one's name says it is another kind ("the Unite union" is no company),
    and none from further back."""
    r = engine.attribute(
        "Boeing has denied the claims. The company said the 787 was safe.\n\n"
        "Passengers were stranded overnight. The operator said services would resume.\n\n"
        "Workers at the plant are angry, the Unite union said on Monday. The company said the cuts were necessary."
    )
    assert speaker(find(r, "the 787 was safe", "indirect")) == "Boeing"
    assert speaker(find(r, "services would resume", "indirect")) == "operator"
    assert speaker(find(r, "the cuts were necessary", "indirect")) == "company"


def test_speaking_on_a_broadcaster_is_through_it_and_a_topic_is_not(engine):
    """ "Noda said on NHK": on air, so NHK carried it; "the show on CNN" and "the post on X"
    inside what is said are its topic (GUIDELINES), no outlet."""
    r = engine.attribute(
        '"Let the people decide," Yoshihiko Noda said on NHK.\n\n'
        "Ana Ruiz said the show on CNN was unfair.\n\n"
        "Idris Kone said the post on X was fake."
    )
    assert outlet(find(r, "Let the people decide", "direct")) == "NHK"
    assert outlet(find(r, "the show on CNN", "indirect")) is None
    assert outlet(find(r, "the post on X", "indirect")) is None


def test_according_to_an_outlet_a_deal_is_the_outlets_report_and_a_speech_act_the_subjects(engine):
    """ "Chelsea have agreed a £60m deal …, according to The Athletic": agreeing a deal is no
    speech act, so the outlet reports it; "Putin congratulated the troops, according to the
    Kremlin" is Putin's, carried by the Kremlin."""
    r = engine.attribute(
        "Chelsea have agreed a £60m deal with Palmeiras for the winger, according to The Athletic.\n\n"
        "Putin congratulated the troops on their victory, according to the Kremlin."
    )
    q = find(r, "Chelsea have agreed", "indirect")
    assert speaker(q) == "Athletic" and outlet(q) == "The Athletic"
    q = find(r, "Putin congratulated", "indirect")
    assert speaker(q) == "Putin" and outlet(q) == "Kremlin"


def test_a_given_name_tells_two_of_one_family_apart(engine):
    """ "Luca Bertoni" is not his wife "Chiara Bertoni", though the description before his name
    ("baker Luca Bertoni") opens before the name does; "Hillary Clinton" is not Bill."""
    r = engine.attribute(
        "In Lugo, baker Luca Bertoni, 52, said he had lost everything.\n\n"
        "His wife, Chiara Bertoni, said the family would stay with relatives.\n\n"
        "Bill Clinton spoke first. Later, Hillary Clinton said the party was united."
    )
    assert speaker(find(r, "he had lost everything", "indirect")) == "Luca Bertoni"
    assert speaker(find(r, "the family would stay", "indirect")) == "Chiara Bertoni"
    assert speaker(find(r, "the party was united", "indirect")) == "Hillary Clinton"


def test_another_or_an_analyst_is_someone_new_and_the_aged_one_is_in_focus(engine):
    """ "Another analyst" and "an analyst at a rival bank" are not the analyst named before;
    "the 61-year-old economist" is the person in focus though the article gave no age."""
    r = engine.attribute(
        '"Demand will shrink," said Ravi Mehta, an analyst at Halden Capital. Another analyst, '
        "who asked not to be named, said the rules could help rivals.\n\n"
        "An analyst at a rival bank said prices would fall.\n\n"
        "Governor Thomas Keller kept rates on hold. Speaking to reporters, the 61-year-old economist "
        "said inflation was still too high."
    )
    assert speaker(find(r, "Demand will shrink", "direct")) == "Ravi Mehta"
    assert speaker(find(r, "the rules could help rivals", "indirect")) == "Another analyst"
    assert speaker(find(r, "prices would fall", "indirect")) == "analyst at a rival bank"
    assert speaker(find(r, "inflation was still too high", "indirect")) == "Thomas Keller"


def test_an_interview_named_in_a_sentence_that_quotes_nothing_carries_to_the_speakers_quotes(engine):
    """ "Raimondo defended the curbs in an interview with CNBC." quotes nothing, but her next
    quotes came through CNBC (GUIDELINES: an interview frame carries); someone else's do not."""
    r = engine.attribute(
        "Trade Secretary Dana Whitlock defended the tariffs in an interview with CNBC. "
        '"This is about security," Whitlock said. She said allies had been consulted.\n\n'
        '"It will cost jobs," said Omar Haddad, an economist.'
    )
    assert outlet(find(r, "This is about security", "direct")) == "CNBC"
    assert outlet(find(r, "allies had been consulted", "indirect")) == "CNBC"
    assert outlet(find(r, "It will cost jobs", "direct")) is None


def test_a_name_ends_at_a_paragraph_break_and_an_unlabelled_institute_is_an_organisation(engine):
    """The NER ran "… wrote on X.\\n\\nThe Institute for the Study of War" into one name, and
    the institute came out as a person called "Institute"."""
    r = engine.attribute(
        '"Peace is not capitulation," Andriy Melnyk wrote on X.\n\n'
        "The Institute for the Study of War, a Washington-based think tank, said in its latest "
        "assessment that Russian forces were making incremental gains near Pokrovsk."
    )
    q = find(r, "Russian forces were making", "indirect")
    assert speaker(q) == "Institute for the Study of War"
    assert q["speaker"]["kind"] == "organization"


def test_a_persons_name_that_is_also_an_outlets_is_no_outlet(engine):
    """After "Attorney General Bridget Hill", "Hill said" is her, not The Hill; an outlet that
    only describes the speaker's source ("a VOA reporter's source") still carries it."""
    r = engine.attribute(
        'Attorney General Bridget Hill said her office would appeal. "We respectfully disagree," '
        "Hill said in a statement.\n\n"
        "A VOA reporter's source inside the camp said the claim was false."
    )
    assert outlet(find(r, "We respectfully disagree", "direct")) is None
    assert outlet(find(r, "the claim was false", "indirect")) == "VOA"


def test_a_listed_nationality_noun_is_the_person_in_focus_whatever_the_ner_says(engine):
    """The NER calls "the Dane" an organisation and "the Finn" a person named Finn."""
    r = engine.attribute(
        'Brentford boss Thomas Frank was delighted. "The character was outstanding," the Dane said.\n\n'
        'Coach Jari Litmanen was less happy. "We were poor," the Finn said.'
    )
    q = find(r, "The character was outstanding", "direct")
    assert speaker(q) == "Thomas Frank" and q["speaker"]["kind"] == "person"
    assert speaker(find(r, "We were poor", "direct")) == "Jari Litmanen"


def test_a_description_that_gives_a_name_and_a_party_to_a_case_are_persons(engine):
    """ "One plaintiff, an obstetrician named Giovannina Anthony, testified …" is Anthony; an
    unnamed plaintiff is a person."""
    r = engine.attribute(
        "One plaintiff, an obstetrician named Giovannina Anthony, testified that doctors were afraid.\n\n"
        "Another plaintiff said the law had forced her to travel."
    )
    assert speaker(find(r, "doctors were afraid", "indirect")) == "Giovannina Anthony"
    assert find(r, "forced her to travel", "indirect")["speaker"]["kind"] == "person"


def test_a_persons_name_keeps_it_against_a_capitalised_description_in_apposition(engine):
    """ "Senator Richard Blumenthal, the Connecticut Democrat who chairs the subcommittee" is
    Blumenthal, not a person called "Connecticut Democrat"."""
    r = engine.attribute(
        "Senator Richard Blumenthal, the Connecticut Democrat who chairs the subcommittee, said "
        'the testimony was "deeply disturbing."'
    )
    assert speaker(find(r, "the testimony was", "indirect")) == "Richard Blumenthal"


def test_a_lede_description_with_a_company_name_is_the_person_named_next(engine):
    """ "A Boeing engineer told a Senate panel …" withholds a name the next paragraph gives;
    the company's name in the description is no name of the person."""
    r = engine.attribute(
        "Whistleblower tells senators of shortcuts\n\n"
        "A Vantor Aerospace engineer told a Senate panel on Wednesday that the company had cut "
        "corners in assembling its jets.\n\n"
        "Sam Salehpour, a quality engineer who has worked at Vantor Aerospace for a decade, said "
        "he had been ignored."
    )
    assert speaker(find(r, "the company had cut corners", "indirect")) == "Sam Salehpour"


def test_told_the_agency_is_the_news_agency_named_before(engine):
    """ "Yonhap reported … Kim told the agency he took full responsibility": the descriptor
    refers back to the outlet of its kind; "told the agency" with none named is no outlet."""
    r = engine.attribute(
        "Yonhap News Agency reported that the defence minister, Kim Yong-hyun, had offered to "
        "resign. Kim told the agency he took full responsibility.\n\n"
        "Later, Park Min-su told the agency that the inquiry would take a year."
    )
    assert outlet(find(r, "he took full responsibility", "indirect")) == "Yonhap"
    r = engine.attribute("The inspector told the agency that the inquiry would take a year.")
    assert outlet(find(r, "the inquiry would take a year", "indirect")) is None


def test_an_abbreviated_role_finds_the_person_titled_in_full(engine):
    """ "the Nvidia CEO" is "chief executive Jensen Huang" (the title both words, not only
    "executive"), though the article gave his title no company; "the defence minister" is
    the defence minister, not the prime minister named after him."""
    r = engine.attribute(
        "Chief executive Jensen Huang said demand was strong. Shares fell.\n\n"
        "Later, the Nvidia CEO said the company would comply with any new rules.\n\n"
        "Defence Minister Rajnath Singh and Prime Minister Narendra Modi met on Friday. The "
        "defence minister said the strikes were measured."
    )
    assert speaker(find(r, "the company would comply", "indirect")) == "Jensen Huang"
    assert speaker(find(r, "the strikes were measured", "indirect")) == "Rajnath Singh"


def test_the_force_is_the_police_force_in_focus_and_a_chief_inspector_is_no_name(engine):
    """ "the force said" after "West Yorkshire Police said" (which the NER calls a place) is
    the police; "Det Ch Insp Claire Moss" is Claire Moss."""
    r = engine.attribute(
        "West Yorkshire Police said officers were called to Boar Lane at about 23:40 BST. Mr Pike "
        "was taken to hospital but died a short time later, the force said.\n\n"
        'Det Ch Insp Claire Moss said: "This was a shocking incident."'
    )
    assert speaker(find(r, "Mr Pike was taken to hospital", "indirect")) == "West Yorkshire Police"
    assert speaker(find(r, "This was a shocking incident", "direct")) == "Claire Moss"


def test_a_name_keeps_its_lower_case_particles(engine):
    """ "Ursula von der Leyen" was "Ursula Leyen"; "Von der Leyen said" is her again."""
    r = engine.attribute(
        "European Commission President Ursula von der Leyen said the EU would respond. "
        "Von der Leyen said it was serious."
    )
    assert speaker(find(r, "the EU would respond", "indirect")) == "Ursula von der Leyen"
    assert speaker(find(r, "it was serious", "indirect")) == "Ursula von der Leyen"


def test_the_agency_as_an_outer_frame_is_the_news_agency_and_as_a_speaker_itself(engine):
    """ "He said …, the agency said" after KCNA is carried by KCNA; "The agency said …" after
    the FAA (and a Reuters dateline) is the FAA speaking, through no outlet."""
    r = engine.attribute(
        "North Korea's leader Kim Jong Un warned of an overwhelming response, state news agency "
        'KCNA reported on Thursday. He said the drills were "a rehearsal for invasion" and '
        'ordered his troops to be ready for "actual war," the agency said.'
    )
    q = find(r, "the drills were", "indirect")
    assert speaker(q) == "Kim Jong Un" and outlet(q) == "KCNA"
    r = engine.attribute(
        "WASHINGTON (Reuters) - The Federal Aviation Administration said on Monday it had "
        "grounded the jets. The agency said it was investigating."
    )
    q = find(r, "it was investigating", "indirect")
    assert speaker(q) == "Federal Aviation Administration" and outlet(q) is None


def test_writing_in_or_for_a_newspaper_is_through_it(engine):
    """ "wrote in Le Monde", "Writing in the Korea Herald, …", "wrote in an op-ed for Le
    Monde": the paper published it; "wrote in a letter that …" reports, though the parser
    read "that" as a relative pronoun."""
    r = engine.attribute(
        "Writing in the Korea Herald, former minister Lee Jong-seok argued that both sides were "
        "sleepwalking toward a crisis.\n\n"
        "Bruno Le Maire wrote in an op-ed for Le Monde that the EU must defend its interests.\n\n"
        "Senator Maria Cantwell wrote in a letter that the plan was flawed."
    )
    assert outlet(find(r, "sleepwalking toward a crisis", "indirect")) == "The Korea Herald"
    assert outlet(find(r, "the EU must defend", "indirect")) == "Le Monde"
    q = find(r, "the plan was flawed", "indirect")
    assert speaker(q) == "Maria Cantwell" and outlet(q) is None


def test_an_outlet_and_a_subject_the_ner_ran_together_are_two_names(engine):
    """ "In an article for The Atlantic, Frum wrote …": the NER made "Atlantic, Frum" one
    organisation, which spoke through The Atlantic."""
    r = engine.attribute("In an article for The Atlantic, Frum wrote that the party had changed.")
    q = find(r, "the party had changed", "indirect")
    assert speaker(q) == "Frum" and outlet(q) == "The Atlantic"


def test_an_amount_in_millions_is_one_word_to_the_parser(engine):
    """ "£200m" was "£", "200" and an "m" the parser made an auxiliary, which cut the clause."""
    r = engine.attribute("The CPS said the charge related to contracts worth £200m awarded in 2020.")
    assert find(r, "the charge related", "indirect")["text"].endswith("worth £200m awarded in 2020")


def test_an_unnamed_description_stops_at_its_comma_and_the_people_are_those_who_spoke(engine):
    """ "A spokesperson for the Good Law Project, which brought …" keeps what comes before
    the comma; "the people said" is the "people familiar with the matter" the report cited,
    so Bloomberg's report goes on; "The Information reported" is an organisation."""
    r = engine.attribute(
        "Apple is in talks with Google to license its Gemini model, Bloomberg News reported on "
        "Friday, citing people familiar with the matter. Apple has also held discussions with "
        "OpenAI, the people said.\n\n"
        "A spokesperson for the Good Law Project, which brought legal challenges over the "
        'contracts, said: "This is what accountability looks like."\n\n'
        "Earlier this week, The Information reported that Apple had cut back its own work."
    )
    q = find(r, "Apple has also held discussions", "indirect")
    assert speaker(q) == "people familiar with the matter" and outlet(q) == "Bloomberg News"
    assert speaker(find(r, "accountability looks like", "direct")) == "spokesperson for the Good Law Project"
    q = find(r, "Apple had cut back", "indirect")
    assert speaker(q) == "The Information" and q["speaker"]["kind"] == "organization"


def test_a_us_stations_call_sign_told_is_a_broadcaster(engine):
    """ "she told KTLA", "told WABC-TV": four-letter call signs in a "told" frame; "told the
    WHO" and "WNBA officials said" are no stations."""
    r = engine.attribute(
        '"The sky turned orange," Maria Gonzalez told KTLA.\n\n'
        "Fire Chief Anthony Marrone told WABC-TV that the fire was out.\n\n"
        "The minister told the WHO that the plan was off.\n\n"
        "WNBA officials said the game would go ahead."
    )
    assert outlet(find(r, "The sky turned orange", "direct")) == "KTLA"
    assert outlet(find(r, "the fire was out", "indirect")) == "WABC-TV"
    assert outlet(find(r, "the plan was off", "indirect")) is None
    assert outlet(find(r, "the game would go ahead", "indirect")) is None


def test_a_former_post_is_the_person_in_focus_and_an_ampersand_name_is_whole(engine):
    """ "the former Bournemouth boss" is the coach the paragraph is about, whose title the
    article never gave; "the Express & Star" is not the Daily Express."""
    r = engine.attribute(
        "Wolves sacked head coach Gary O'Neil on Sunday. O'Neil, 41, had been in charge for 16 "
        'months. Speaking after the game, the former Bournemouth boss said: "I understand the '
        'frustration."\n\n'
        "Former striker Steve Bull told the Express & Star that a change had been needed."
    )
    assert speaker(find(r, "I understand the frustration", "direct")) == "Gary O'Neil"
    assert outlet(find(r, "a change had been needed", "indirect")) == "Express & Star"


def test_a_site_named_by_its_address_is_the_outlet_told(engine):
    """ "told Patch.com", "told TMZ.com": a news site named by its address, the catalogued
    one by its catalogue name."""
    r = engine.attribute(
        '"We were not warned," resident Ana Cruz told Patch.com.\n\nSinger Lorde told TMZ.com that she was fine.'
    )
    assert outlet(find(r, "We were not warned", "direct")) == "Patch.com"
    assert outlet(find(r, "she was fine", "indirect")) == "TMZ"


def test_no_sentence_starts_inside_a_clause(engine):
    # the parser had ended a sentence after a paragraph's first word ("People" / "who eat …")
    text = (
        "Study links late dinners to poor sleep\n\n"
        "People who eat after 9pm sleep less deeply, according to a study of 4,000 adults "
        "published in the Lancet on Monday."
    )
    q = find(engine.attribute(text), "sleep less deeply", "indirect")
    assert q["text"].startswith("People who eat after 9pm")


def test_an_organisation_before_a_role_is_no_person(engine):
    # the parser hung "senior economist" on the firm's name as an apposition
    text = (
        "Meridian Economics senior North American economist Tomas Brandt said output had stalled.\n\n"
        "\u201cThe slowdown is broad,\u201d Meridian Economics said in a note to clients."
    )
    r = engine.attribute(text)
    assert speaker(find(r, "output had stalled", "indirect")) == "Tomas Brandt"
    q = find(r, "The slowdown is broad", "direct")
    assert speaker(q) == "Meridian Economics" and q["speaker"]["kind"] == "organization"


def test_a_that_clause_whose_subject_was_read_as_an_object(engine):
    text = (
        "Regional governor Olha Marchuk wrote on Telegram that debris from a downed drone had "
        "damaged a school. Police said that traffic was moving again."
    )
    r = engine.attribute(text)
    q = find(r, "debris", "indirect")
    assert q["text"] == "debris from a downed drone had damaged a school"
    assert speaker(q) == "Olha Marchuk" and outlet(q) == "Telegram"
    assert find(r, "traffic was moving again", "indirect")["text"] == "traffic was moving again"


def test_a_that_clause_after_a_setting_whose_that_fills_no_gap(engine):
    text = (
        "Ministry spokesperson Lee Dae-han said at a regular briefing that the North appeared to be "
        "using the drills as a pretext."
    )
    q = find(engine.attribute(text), "appeared to be using", "indirect")
    assert q["text"] == "the North appeared to be using the drills as a pretext"
    assert speaker(q) == "Lee Dae-han"


def test_a_name_after_a_role_noun_is_a_person_and_names_are_not_run_together(engine):
    text = (
        "Kell Town won 2-1 at Ashford Rovers on Saturday. Pablo Ruiz and Ethan Pike scored for Kell.\n\n"
        '"We were not good enough," the Rovers manager told Radio Kell.\n\n'
        'Kell boss Iñaki Olabe praised his players. "We pressed very well," he said.\n\n'
        "Pike, who was named man of the match, said it was the best night of his career.\n\n"
        "Former Kell defender Micah Stroud said the result was deserved."
    )
    r = engine.attribute(text)
    q = find(r, "We pressed very well", "direct")
    assert speaker(q) == "Iñaki Olabe" and q["speaker"]["kind"] == "person"
    assert speaker(find(r, "best night of his career", "indirect")) == "Ethan Pike"
    assert speaker(find(r, "the result was deserved", "indirect")) == "Micah Stroud"


def test_a_hearer_is_not_the_speaker_of_what_it_heard(engine):
    text = (
        "Dana Kerr, 38, admitted six counts of fraud at Leeds Crown Court.\n\n"
        "The court heard she forged invoices over two years. The inquest heard from two "
        "paramedics that the ambulance had been delayed."
    )
    r = engine.attribute(text)
    assert find(r, "she forged invoices", "indirect")["speaker"] is None
    assert speaker(find(r, "the ambulance had been delayed", "indirect")) == "two paramedics"


def test_a_verb_with_a_prefix_and_hyphen_is_one_word(engine):
    # split, "co" was a verb and "Tova Lind, who co-founded …" the complement of "said"
    text = (
        '"This deal changes everything for us," said Brightline chief executive Tova Lind, '
        "who co-founded the firm in 2019 and was re-elected to its board in May."
    )
    r = engine.attribute(text)
    assert [q["type"] for q in r["quotes"]] == ["direct"]
    assert speaker(r["quotes"][0]) == "Tova Lind"


def test_a_papers_name_ending_in_a_newspaper_word_is_the_outlet_told(engine):
    text = (
        "The bill's sponsor, Rep. Dale Horn, told the Idaho Statesman that he would try again. "
        '"We will be back next session," Horn said.'
    )
    r = engine.attribute(text)
    assert outlet(find(r, "he would try again", "indirect")) == "Idaho Statesman"
    assert outlet(find(r, "We will be back", "direct")) == "Idaho Statesman"  # the interview frame carries


def test_the_bare_noun_is_the_one_a_description_introduced(engine):
    text = (
        "A source in the ministry told Reuters the talks had collapsed. "
        '"Nobody wants to be blamed," the source said.\n\n'
        "A woman in her 60s said she had waited four hours. "
        '"It was freezing," the woman said.'
    )
    r = engine.attribute(text)
    q = find(r, "Nobody wants to be blamed", "direct")
    assert speaker(q) == "source in the ministry" and outlet(q) == "Reuters"
    assert speaker(find(r, "It was freezing", "direct")) == "woman in her 60s"


def test_a_setting_named_for_a_quote_closes_the_speakers_interview_frame(engine):
    """GUIDELINES: an interview frame carries "until another outlet or setting (a speech, a
    briefing, another interview) is named for them"."""
    text = (
        "In an interview with the Harbor City Ledger, Mayor Joanne Brisbois said the pipes were old.\n\n"
        '"We should have replaced them in 2010," Brisbois added.\n\n'
        "On Wednesday she told reporters at the depot that the work would start in May.\n\n"
        '"The money is there," Brisbois said at a rally on Friday.\n\n'
        '"It always was," she told me.'
    )
    r = engine.attribute(text)
    assert outlet(find(r, "We should have replaced them", "direct")) == "Harbor City Ledger"
    assert outlet(find(r, "the work would start in May", "indirect")) is None
    assert outlet(find(r, "The money is there", "direct")) is None
    assert outlet(find(r, "It always was", "direct")) is None


def test_a_relative_clause_with_its_own_report_ends_the_outer_statement(engine):
    text = "Councillor Ann Vale said the plan would cut fares, which the mayor said had risen by half since 2020."
    r = engine.attribute(text)
    q = find(r, "the plan would cut fares", "indirect")
    assert q["text"] == "the plan would cut fares" and speaker(q) == "Ann Vale"
    assert speaker(find(r, "had risen by half", "indirect")) == "mayor"


@pytest.mark.parametrize(
    "text, clause",
    [
        (
            "The councillor backs common timetables, which he argued help ease delays for commuters.",
            "help ease delays for commuters",
        ),
        (
            "She defended the ombudsman, which she argued seeks to restore trust where it was lost.",
            "seeks to restore trust where it was lost",
        ),
    ],
)
def test_a_relative_report_whose_verb_the_parser_took_for_a_complement(engine, text, clause):
    """ "which he argued help ease …": the finite verb was parsed as an infinitive-like
    complement of "argued", though the relative pronoun is its subject."""
    q = find(engine.attribute(text), clause, "indirect")
    assert q["text"] == clause and speaker(q) in ("he", "she")


@pytest.mark.parametrize(
    "text",
    [
        "He said that to reporters who had waited for hours.",
        # a noun the tagger read as a verb of saying, with a relative "that" after it
        "Putin defended the annexation, saying most people in the region wanted it, remarks that were "
        "featured on state television.",
    ],
)
def test_a_that_which_opens_no_clause_reports_nothing(engine, text):
    assert all("featured" not in q["text"] and "waited" not in q["text"] for q in engine.attribute(text)["quotes"])


def test_a_that_clause_hung_on_a_setting_is_the_complement(engine):
    """ "during a news conference that she may delay …": the parser made the clause a relative
    on "conference" with "that" as its mark, which a relative clause never has."""
    text = (
        "Courted by most of the candidates and widely expected to be the party's top donor in the 2026 "
        "election, Okafor said earlier on Friday during a news conference that he may wait until March's "
        "primaries to decide who to back."
    )
    q = find(engine.attribute(text), "he may wait", "indirect")
    assert q["text"] == "he may wait until March's primaries to decide who to back" and speaker(q) == "Okafor"
    assert [q["type"] for q in engine.attribute("He spoke at a hearing that lasted six hours.")["quotes"]] == []


def test_a_report_the_parser_hung_under_its_own_clause_is_found(engine):
    """ "after Trump told the Post he was …": the parser made "was" the head of "told"."""
    text = (
        "The endorsement comes just three days after Horn told The Washington Post he was "
        "“not quite there yet” on supporting Ryan."
    )
    r = engine.attribute(text)
    q = find(r, "he was", "indirect")
    assert q["text"] == "he was “not quite there yet” on supporting Ryan"
    assert speaker(q) == "Horn" and outlet(q) == "The Washington Post"


def test_a_condition_or_a_comma_keeps_the_clause_over_a_cue_from_being_its_report(engine):
    text = (
        "And if one adds Nebraska, with its odd legislature, that takes the party up to 314 votes.\n\n"
        "While campaign officials have been promising a larger staff for months, though, that has yet to happen."
    )
    assert engine.attribute(text)["quotes"] == []


def test_a_parenthetical_cue_with_a_descriptor_and_a_name_as_two_subjects(engine):
    text = (
        "Chile's copper production fell for a third straight month in January, the national "
        "statistics agency INE said on Tuesday, as a strike at the country's second-largest mine "
        "entered its fifth week."
    )
    q = find(engine.attribute(text), "copper production fell", "indirect")
    assert q["text"] == "Chile's copper production fell for a third straight month in January"
    assert speaker(q) == "INE"


def test_an_honorific_picks_the_namesake_of_that_gender(engine):
    text = (
        "Margaret Doyle, from Wigan, was taken to hospital on Sunday. Her son, Patrick Doyle, said "
        "she was not moved to a ward until Monday.\n\n"
        'Mr Doyle said his mother was now recovering. "She\'s a tough woman," he said.'
    )
    r = engine.attribute(text)
    assert speaker(find(r, "his mother was now recovering", "indirect")) == "Patrick Doyle"
    assert speaker(find(r, "She's a tough woman", "direct")) == "Patrick Doyle"


def test_an_institutions_spokesperson_the_parser_made_an_apposition_stays_unnamed(engine):
    text = (
        "A Department of Health and Social Care spokesperson said the government was investing more. "
        "The spokesperson added that waiting times were improving.\n\n"
        "A Home Office spokesman said the rules would change."
    )
    r = engine.attribute(text)
    for fragment in ("investing more", "waiting times were improving"):
        assert speaker(find(r, fragment, "indirect")) == "Department of Health and Social Care spokesperson"
    assert speaker(find(r, "the rules would change", "indirect")) == "Home Office spokesman"


def test_speaking_to_reporters_closes_an_interview_frame(engine):
    text = (
        "Union president Héctor Valdivia told local radio station Bío-Bío that members would not return.\n\n"
        "Speaking to reporters outside the mine gate, he said the contractors were a provocation."
    )
    r = engine.attribute(text)
    assert outlet(find(r, "members would not return", "indirect")) == "Bío-Bío"
    assert outlet(find(r, "the contractors were a provocation", "indirect")) is None


def test_a_source_described_by_an_apposition_is_that_description(engine):
    text = (
        "A source in the ministry, a senior official who asked not to be named, told Reuters the talks had failed.\n\n"
        '"Nobody wants this," the source said.'
    )
    r = engine.attribute(text)
    q = find(r, "the talks had failed", "indirect")
    assert speaker(q) == "senior official" and outlet(q) == "Reuters"
    q = find(r, "Nobody wants this", "direct")
    assert speaker(q) == "senior official" and outlet(q) == "Reuters"


def test_a_cited_source_named_by_a_person_noun_or_a_relative_clause_speaks(engine):
    text = (
        "The semi-official Tasnim news agency, citing an unnamed security source, reported that air "
        "defences had intercepted most of the missiles. The source said damage was minimal.\n\n"
        "According to the Wall Street Journal, which cited people familiar with the matter, Israel had "
        "informed several Gulf states before the strikes."
    )
    r = engine.attribute(text)
    for fragment in ("air defences had intercepted", "damage was minimal"):
        q = find(r, fragment, "indirect")
        assert speaker(q) == "unnamed security source" and outlet(q) == "Tasnim"
    q = find(r, "Israel had informed", "indirect")
    assert speaker(q) == "people familiar with the matter" and outlet(q) == "The Wall Street Journal"


def test_a_lede_role_its_country_names_is_the_person_quoted_next(engine):
    text = (
        "Iran's foreign minister said on Sunday that Tehran would respond to the strike at a time of its choosing.\n\n"
        '"The regime has crossed a red line," Abbas Araghchi said in remarks carried by state broadcaster IRIB.'
    )
    r = engine.attribute(text)
    assert speaker(find(r, "Tehran would respond", "indirect")) == "Abbas Araghchi"


def test_a_lede_role_is_not_the_next_person_whose_own_title_differs(engine):
    text = (
        "Iran's foreign minister said on Sunday that Tehran would respond to the strike.\n\n"
        '"Nobody expects calm," said Sanam Vakil, director of the Middle East programme at Chatham House.'
    )
    r = engine.attribute(text)
    assert speaker(find(r, "Tehran would respond", "indirect")) == "Iran's foreign minister"


def test_a_quiet_interview_with_a_pronoun_opens_a_frame_for_whoever_last_spoke(engine):
    text = (
        'A State Department spokesman, Matthew Miller, said the United States had not taken part. "We were '
        'informed in advance," Miller said.\n\n'
        "Speaking to CNN later, he declined to say whether Washington had asked Israel to hold back. "
        '"I\'m not going to get into private conversations," he said.\n\n'
        "Speaking to the BBC, she said nothing new. "
        '"We will see," Miller added.'
    )
    r = engine.attribute(text)
    assert outlet(find(r, "We were informed", "direct")) is None
    assert outlet(find(r, "private conversations", "direct")) == "CNN"
    assert outlet(find(r, "We will see", "direct")) == "CNN"  # "she" is not Miller: no BBC frame for him


def test_a_company_whose_shares_moved_is_the_company_that_speaks_next(engine):
    text = (
        "Nvidia shares fell more than 6% on Tuesday. The company said it expected a charge of about $5.5 billion.\n\n"
        '"We let the fans down," Kyle Walker told TNT Sports.'
    )
    r = engine.attribute(text)
    q = find(r, "it expected a charge", "indirect")
    assert speaker(q) == "Nvidia" and q["speaker"]["kind"] == "organization"
    assert outlet(find(r, "We let the fans down", "direct")) == "TNT Sports"  # a name ending in "Sports"


def test_a_utility_named_by_a_company_word_is_an_organisation(engine):
    text = "Storm Darragh hit overnight.\n\nNational Grid says about 200,000 homes are without power, mostly in Wales."
    q = find(engine.attribute(text), "homes", "indirect")
    assert speaker(q) == "National Grid" and q["speaker"]["kind"] == "organization"


def test_a_team_role_is_the_speaker_the_article_put_with_that_team(engine):
    """ "the City manager": no one was titled so, but Guardiola spoke in a sentence naming City;
    a player titled otherwise ("City defender") or someone who never spoke is not him."""
    text = (
        'Pep Guardiola admitted his Manchester City side were "not good enough" on Saturday.\n\n'
        "A first-half goal from Ryan Hardie beat City goalkeeper Ederson, and City never recovered.\n\n"
        '"We didn\'t deserve to go through," the City manager told BBC Sport.\n\n'
        "The deputy head of City's academy said the young players had learned a lot."
    )
    r = engine.attribute(text)
    assert speaker(find(r, "We didn't deserve", "direct")) == "Pep Guardiola"
    assert speaker(find(r, "the young players had learned", "indirect")) != "Pep Guardiola"


def test_a_setting_named_for_a_quote_leaves_an_outlets_report_running(engine):
    """The setting rule ends interview frames only: an "X reported" frame still covers an
    unnamed source's quote that continues the report at a briefing (GUIDELINES)."""
    text = 'CNN reported on Monday that Senator Ana Ruiz said the bill was dead.\n\n"It is over," Ruiz said at a rally.'
    r = engine.attribute(text)
    assert outlet(find(r, "the bill was dead", "indirect")) == "CNN"
    assert outlet(find(r, "It is over", "direct")) == "CNN"


def test_a_unisex_first_name_rules_out_no_pronoun_and_a_memo_seen_by_an_outlet_came_through_it(engine):
    text = (
        "Boeing chief executive Kelly Ortberg said the company would not rush. Another analyst, who "
        "declined to be named because his firm advises Boeing, said engineers were leaving.\n\n"
        "Ortberg, who took over in August, has pledged to change the culture. In a memo to staff seen "
        "by Reuters, he wrote that employees must feel safe to raise concerns."
    )
    q = find(engine.attribute(text), "employees must feel safe", "indirect")
    assert speaker(q) == "Kelly Ortberg" and outlet(q) == "Reuters"


MARKS = re.compile("[\u201c\u201d\"]|''")


@pytest.mark.parametrize(
    "text, clause",
    [
        # the parser leaves the closing mark and the stop to the verb
        ("The harbour master said the berth was \u201cno longer safe for tankers.\u201d\n", "the berth was"),
        ('Ortega said the strike had "nothing to do with wages."\n', "the strike had"),
        # NYT marks: two apostrophes a side, both inside the span or neither
        ("Ms. Ortega said the union had ''tried every door.''\n", "the union had"),
        ("Ms. Ortega said that ''the port is closed,'' and left the room.\n", "the port is closed"),
        # the clause is the quote: it keeps both marks
        ("Ortega said that \u201cthe port is closed,\u201d and left the room.\n", "the port is closed"),
    ],
)
def test_a_reported_clause_holds_its_partial_quotes_marks_whole(engine, text, clause):
    q = find(engine.attribute(text), clause, "indirect")
    marks = MARKS.findall(q["text"])
    assert marks and len(marks) % 2 == 0, q["text"]
    assert not q["text"].endswith("'") or q["text"].endswith("''"), q["text"]


def test_according_to_after_a_quotes_own_attribution_gives_its_outlet_not_a_statement(engine):
    text = (
        "\u201cThe bridge will reopen in May,\u201d the transport ministry said, according to the BBC.\n"
        "The ferry is also running late, the ministry said, according to the BBC.\n"
    )
    quotes = engine.attribute(text)["quotes"]
    assert [(q["type"], q["text"]) for q in quotes] == [
        ("direct", "The bridge will reopen in May,"),
        ("indirect", "The ferry is also running late"),
    ]
    assert all(speaker(q) == "transport ministry" and outlet(q) == "BBC" for q in quotes)


@pytest.mark.parametrize(
    "text, not_a_clause",
    [
        # a prepositional opener with a participle and no subject is the scene, not a statement
        (
            "In the closing session of the summit, held in a hangar near the port, Ortega told the story of "
            "the strike.\n",
            "closing session",
        ),
        ("Before dropping out of the race, Ortega told supporters in Valparaiso.\n", "dropping out"),
        # a verbless or participial predicate of the subject itself
        ("Once a docker, Ortega declared himself an independent in 2019.\n", "independent"),
        ("By March the union found itself embroiled in a dispute with the port.\n", "embroiled"),
        # a participle describing the source of "according to"
        ("According to Mara Quint, writing for the Harbour Gazette:\n", "writing"),
    ],
)
def test_a_scene_or_a_self_description_is_no_reported_clause(engine, text, not_a_clause):
    quotes = engine.attribute(text)["quotes"]
    assert not [q for q in quotes if not_a_clause in q["text"]], quotes


@pytest.mark.parametrize(
    "text, clause",
    [
        ("Ortega to quit the union within weeks, aides say.\n", "Ortega to quit the union within weeks"),
        ("The union has always claimed itself to be the voice of the docks.\n", "itself to be the voice of the docks"),
        ("According to Mara Quint, the strike will end on Friday.\n", "the strike will end on Friday"),
        ("In Ortega's view, the strike will end on Friday, he said.\n", "the strike will end on Friday"),
    ],
)
def test_a_clause_with_its_subject_is_still_reported(engine, text, clause):
    assert clause in find(engine.attribute(text), clause, "indirect")["text"]


def test_after_a_hearer_the_object_the_parser_read_opens_the_told_clause(engine):
    text = (
        "Tom Hartley leads the opposition on Northfield council.\n"
        'He told the Northfield Gazette the closure of three branch libraries was "a false economy".\n'
    )
    q = find(engine.attribute(text), "the closure of three branch libraries", "indirect")
    assert q["text"].startswith("the closure of three branch libraries was")
    assert speaker(q) == "Tom Hartley" and outlet(q) == "Northfield Gazette"


def test_the_noun_a_verbless_sentence_hangs_on_speaks_not_the_time_clause(engine):
    text = "Campaigners who gathered outside the town hall before the vote said they would fight the closures.\n"
    assert speaker(find(engine.attribute(text), "they would fight the closures", "indirect")) == "Campaigners"


def test_speaking_to_a_described_outlet_frames_the_quotes(engine):
    text = (
        "Trade minister Geoffrey van Leeuwen said the government would appeal.\n"
        "Speaking to broadcaster NOS, Van Leeuwen said the cabinet respected the court. "
        '"We think the court has not weighed our alliances," he said.\n'
    )
    r = engine.attribute(text)
    assert outlet(find(r, "the cabinet respected the court", "indirect")) == "NOS"
    assert outlet(find(r, "We think the court", "direct")) == "NOS"
    assert outlet(find(r, "the government would appeal", "indirect")) is None


def test_a_past_verb_read_as_a_modifier_still_makes_the_said_clause(engine):
    text = (
        "A source in the port authority told the Harbour Gazette that the berth had been closed.\n"
        "The source, who spoke on condition of anonymity, said the depot supplied fuel to the navy.\n"
    )
    q = find(engine.attribute(text), "the depot supplied fuel to the navy", "indirect")
    assert q["text"] == "the depot supplied fuel to the navy"
    assert speaker(q) == "source in the port authority"
    # the interview frame carries: the misparsed object "fuel" is no hearer naming a setting
    assert outlet(q) == "Harbour Gazette"


def test_a_quote_after_a_video_posted_on_x_is_direct_and_comes_through_x(engine):
    text = (
        "Sen. Maren Dahl said on Wednesday she would not run again.\n"
        "Dahl, 68, made the announcement in a video posted on X. "
        '"It has been the honor of my life," she said. "It is time for someone new."\n'
        '"I will not miss the commute," Dahl later told reporters in Helena.\n'
    )
    r = engine.attribute(text)
    first = find(r, "It has been the honor of my life")
    assert first["type"] == "direct" and outlet(first) == "X"
    assert outlet(find(r, "It is time for someone new")) == "X"
    assert outlet(find(r, "I will not miss the commute")) is None  # a setting of its own
    assert outlet(find(r, "she would not run again", "indirect")) is None


def test_a_relative_that_after_a_charge_is_no_reported_clause(engine):
    text = (
        "Woman charged after crash that killed cyclist in Leeds\n"
        "Police said the driver had been charged. The union tweeted that the road was unsafe.\n"
    )
    quotes = engine.attribute(text)["quotes"]
    assert not [q for q in quotes if "killed cyclist" in q["text"]], quotes
    assert find({"quotes": quotes}, "the road was unsafe", "indirect")


def test_an_interview_with_a_call_sign_frames_the_quotes_and_its_that_opens_no_span(engine):
    text = (
        "Melissa Cropper, president of the teachers' union, said in an interview with WOSU that enforcement "
        "would fall on teachers. She said the union supported limits.\n"
        "That message is clear, the governor said.\n"
    )
    r = engine.attribute(text)
    q = find(r, "enforcement would fall on teachers", "indirect")
    assert q["text"] == "enforcement would fall on teachers" and outlet(q) == "WOSU"
    assert outlet(find(r, "the union supported limits", "indirect")) == "WOSU"
    assert find(r, "That message is clear", "indirect")["text"] == "That message is clear"


def test_a_capitalised_pronoun_before_a_news_word_names_no_outlet(engine):
    text = "Its leader, Sohei Kamiya, told supporters in Tokyo that the result showed voters wanted change.\n"
    q = find(engine.attribute(text), "the result showed voters wanted change", "indirect")
    assert speaker(q) == "Sohei Kamiya" and outlet(q) is None


@pytest.mark.parametrize(
    "text, clause",
    [
        ("Prime Minister Shigeru Ishiba said on Monday he would remain in office.\n", "he would remain in office"),
        ("The ministry said on Friday the talks had failed.\n", "the talks had failed"),
        # after "that" the phrase is the clause's own
        ("The ministry said that on Friday the talks had failed.\n", "on Friday the talks had failed"),
    ],
)
def test_when_it_was_said_is_no_part_of_the_zero_that_clause(engine, text, clause):
    assert find(engine.attribute(text), clause, "indirect")["text"] == clause


@pytest.mark.parametrize(
    "text, first, second, reporter",
    [
        (
            "Rubio pushed back on Thursday, saying that the bill had the right security measures but was "
            "waylaid by voter mistrust - and arguing that he and Cruz shared almost all the same views.\n",
            "the bill had the right security measures but was waylaid by voter mistrust",
            "he and Cruz shared almost all the same views",
            "Rubio",
        ),
        (
            "The mayor defended the plan, saying it would cut costs and arguing that it would also create jobs.\n",
            "it would cut costs",
            "it would also create jobs",
            "mayor",
        ),
        (
            "Critics attacked the law, saying it was rushed and claiming that officials had ignored warnings.\n",
            "it was rushed",
            "officials had ignored warnings",
            "Critics",
        ),
    ],
)
def test_a_second_reporting_participle_starts_a_statement_of_its_own(engine, text, first, second, reporter):
    r = engine.attribute(text)
    one, two = find(r, first, "indirect"), find(r, second, "indirect")
    assert one["text"] == first and two["text"] == second
    assert speaker(one) == speaker(two) and reporter in speaker(two)


def test_a_short_clause_quoted_after_a_colon_is_a_direct_quote(engine):
    text = (
        'The Vermont senator emailed supporters saying: "The struggle continues" and vowing to compete.\n'
        'Asked about a deal, Ortega said: "Never."\n'
    )
    quotes = engine.attribute(text)["quotes"]
    assert find({"quotes": quotes}, "The struggle continues", "direct")
    assert not [q for q in quotes if q["type"] == "indirect" and "struggle" in q["text"]], quotes


@pytest.mark.parametrize(
    "headline, clause, source",
    [
        (
            "Drone strike hits power plant in Kharkiv region, governor says",
            "Drone strike hits power plant in Kharkiv region",
            "governor",
        ),
        ("Flooding closes coastal road, council says", "Flooding closes coastal road", "council"),
        ("Prices will rise, warns central bank", "Prices will rise", "central bank"),
    ],
)
def test_a_headline_with_its_cue_last_reports_though_a_paragraph_follows(engine, headline, clause, source):
    """The line break after a headline is a token of its own; the parser may also leave the
    inverted subject dangling on it."""
    text = f"{headline}\n\nKYIV (Reuters) - The story goes on here, officials said on Tuesday.\n"
    q = find(engine.attribute(text), clause, "indirect")
    assert q["text"] == clause and source in speaker(q)


def test_an_adverbial_after_an_inverted_subject_is_not_what_it_said(engine):
    text = (
        '"We will not yield," says the mayor as floods rise across the valley.\n'
        "'We will not yield,' says mayor as floods rise\n"
    )
    quotes = engine.attribute(text)["quotes"]
    assert [q["type"] for q in quotes] == ["direct", "direct"], quotes
    assert [q["speaker"]["mention"]["text"] for q in quotes] == ["the mayor", "mayor"]


@pytest.mark.parametrize(
    "text, fragment, source",
    [
        ('Ortega attacked the ruling as "a disgrace to the bench."\n', "a disgrace to the bench", "Ortega"),
        ('The union denounced the plan as "theft by another name."\n', "theft by another name", "union"),
        ('Mara Quint mocked the proposal as "a tax on breathing."\n', "a tax on breathing", "Mara Quint"),
    ],
)
def test_a_verb_of_censure_is_the_cue_of_the_words_it_quotes(engine, text, fragment, source):
    q = find(engine.attribute(text), fragment, "partial")
    assert source in speaker(q)


def test_words_in_capitals_between_lower_case_ones_are_shouted_not_a_title(engine):
    text = 'Trump said the judge was "a TOTAL DISASTER" and called the ruling "very, very SAD."\n'
    r = engine.attribute(text)
    assert speaker(find(r, "a TOTAL DISASTER", "partial")) == "Trump"
    # a title in capitals is still a title
    r = engine.attribute('She said she had read "The Rise of the FBI" twice.\n')
    assert not [q for q in r["quotes"] if "Rise" in q["text"] and q["type"] == "partial"], r["quotes"]


@pytest.mark.parametrize(
    "text, fragment, source",
    [
        ("Boeing will lay off about 17,000 workers, the planemaker said on Friday.\n", "lay off", "Boeing"),
        ("Siemens Energy will buy a rival for $2 billion, the company said.\n", "buy a rival", "Siemens Energy"),
        # the organisation in an object is not the one speaking
        ("The team lost the game against Colchester United, the club said.\n", "lost the game", "club"),
    ],
)
def test_the_company_after_its_statement_is_that_statements_subject(engine, text, fragment, source):
    assert speaker(find(engine.attribute(text), fragment, "indirect")) == source


def test_an_acronym_is_the_organisation_named_in_full_before(engine):
    text = (
        "The British Medical Association said the talks had failed.\n\n"
        "The BMA said ministers had refused to move.\n\n"
        "The Royal College of Nursing (RCN) said members would vote. The RCN said the offer was poor.\n"
    )
    r = engine.attribute(text)
    assert speaker(find(r, "ministers had refused", "indirect")) == "British Medical Association"
    assert speaker(find(r, "the offer was poor", "indirect")) == "Royal College of Nursing"
    # an acronym of its own stays itself
    r = engine.attribute("The GMB said the strike would go ahead.\n")
    assert speaker(find(r, "the strike would go ahead", "indirect")) == "GMB"


@pytest.mark.parametrize(
    "text, fragment, kind, who, mention",
    [
        # "his official spokesman" is not an earlier department's spokesperson
        (
            "A Department of Health spokesperson said the NHS would cope.\n\n"
            "Asked whether Sir Keir Starmer would meet the union, his official spokesman said: "
            '"The health secretary is leading on this."\n',
            "The health secretary is leading",
            "direct",
            "Keir Starmer's official spokesman",
            "his official spokesman",
        ),
        # a subject after a comma speaks though the parser made its verb a conjunct
        (
            "The missile flew about 1,100 km (680 miles) before landing in the sea, South Korea's Joint "
            "Chiefs of Staff (JCS) said in a statement.\n",
            "The missile flew about 1,100 km",
            "indirect",
            "Joint Chiefs of Staff",
            "South Korea's Joint Chiefs of Staff",
        ),
    ],
)
def test_a_speakers_name_and_the_words_that_mention_it(engine, text, fragment, kind, who, mention):
    q = find(engine.attribute(text), fragment, kind)
    assert (speaker(q), q["speaker"]["mention"]["text"]) == (who, mention)


def test_a_role_with_its_club_is_the_person_its_paragraph_is_about(engine):
    text = (
        "Arsenal beat Aston Villa 3-1 on Saturday.\n\n"
        'Mikel Arteta praised his forward\'s resilience. "Bukayo is a special player," the Arsenal manager said.\n\n'
        "Referee Simon Thackeray gave a late penalty.\n\n"
        '"I have never seen one given like that," the Villa boss said.\n'
    )
    r = engine.attribute(text)
    assert speaker(find(r, "Bukayo is a special player", "direct")) == "Mikel Arteta"
    # the person of another paragraph is not the one a role names
    assert speaker(find(r, "I have never seen one", "direct")) != "Simon Thackeray"


def test_a_name_ends_before_the_verb_the_ner_ran_it_into(engine):
    text = (
        "Declan Rice restored Arsenal's lead with a header from a corner. "
        "Rice later said the win was for the fans who never stopped believing.\n"
    )
    assert speaker(find(engine.attribute(text), "the win was for the fans", "indirect")) == "Declan Rice"


def test_a_full_name_the_ner_called_an_organisation_is_the_persons(engine):
    text = (  # the NER reads "Villa⏎⏎Bukayo Saka" as one organisation here
        "Arsenal close gap on Liverpool as Saka double sinks Villa\n\n"
        "Bukayo Saka scored twice as Arsenal beat Aston Villa 3-1 at the Emirates on Saturday to move "
        "within two points of Premier League leaders Liverpool.\n\n"
        "The England winger, who missed three months with a hamstring injury, opened the scoring with a "
        "curling shot in the 12th minute and added a second from the penalty spot after Ezri Konsa fouled "
        "Gabriel Martinelli.\n\n"
        '"It feels amazing to be back," Saka told Sky Sports.\n'
    )
    assert speaker(find(engine.attribute(text), "It feels amazing", "direct")) == "Bukayo Saka"


@pytest.mark.parametrize(
    "text, clause",
    [
        (
            'Sanders said the party had "abandoned working people" \u2014 a line that drew loud applause.\n',
            'the party had "abandoned working people"',
        ),
        (
            "The mayor said the bridge would reopen in May, a swipe at critics who had called it unsafe.\n",
            "the bridge would reopen in May",
        ),
    ],
)
def test_the_reporters_summing_up_after_a_statement_is_no_part_of_it(engine, text, clause):
    assert find(engine.attribute(text), clause, "indirect")["text"] == clause


def test_a_clause_that_is_one_quote_is_that_quote_alone(engine):
    text = (
        "A video posted by the group showed two activists holding a sign that read "
        '"over 1.5 degrees is a global shipwreck", a reference to the recent announcement.\n'
        'She added that\u00a0"the plan will fail for want of money."\n'
    )
    quotes = engine.attribute(text)["quotes"]
    assert not [q for q in quotes if q["type"] == "indirect" and "shipwreck" in q["text"]], quotes
    # after "that" (a no-break space between) the quote is reported speech as well
    assert find({"quotes": quotes}, "the plan will fail", "indirect")


def test_a_former_aide_in_the_lede_and_headline_is_the_person_named_next(engine):
    text = (
        "Former aide testifies that mayor ordered deletion of emails\n\n"
        "NEW YORK \u2014 A former top aide to Mayor Daniel Reyes testified on Wednesday that the mayor "
        "ordered staff to delete emails, the most damaging account yet in the trial.\n\n"
        "Lena Ortiz, who served as Reyes's chief of staff, told jurors that Reyes had called her into his office.\n"
    )
    r = engine.attribute(text)
    lede = find(r, "the mayor ordered staff to delete emails", "indirect")
    assert speaker(lede) == "Lena Ortiz" and "account" not in lede["text"]
    assert speaker(find(r, "mayor ordered deletion of emails", "indirect")) == "Lena Ortiz"


def test_a_gerund_phrase_that_is_its_sentences_subject_is_no_scene(engine):
    text = (
        "Daily walk of 7,000 steps cuts risk of early death, study finds\n\n"
        "Walking about 7,000 steps a day is linked to a far lower risk of dying early, "
        "a large international study has found.\n\n"
        "Speaking to reporters on Friday, the minister said nothing new.\n"
    )
    quotes = engine.attribute(text)["quotes"]
    q = find({"quotes": quotes}, "Walking about 7,000 steps a day is linked", "indirect")
    assert q["speaker"]["mention"]["text"] == "a large international study"
    assert not [q for q in quotes if "Speaking to reporters" in q["text"]], quotes


def test_a_participle_on_a_verb_is_that_verbs_subjects_not_a_nearer_clauses(engine):
    text = (
        "Lee also expressed concern about how the martial law declaration might affect relations with the "
        "U.S., noting that meetings planned in Washington this week had been postponed.\n\n"
        'A White House spokesperson described the meeting as "productive," while Zelenskyy later posted '
        'on X, calling the meeting potentially "historic" if it leads to results.\n'
    )
    r = engine.attribute(text)
    assert speaker(find(r, "meetings planned in Washington", "indirect")) == "Lee"
    # a clause of the head's own, with its subject, between them is nearer
    assert speaker(find(r, "historic", "partial")) == "Zelenskyy"
