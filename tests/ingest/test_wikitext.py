"""Wikitext rendering: each renderer kind of the template table, nesting, unknown templates, sections, bad input."""

from __future__ import annotations

import pytest

from provenance.ingest.language import detect_language, language_mismatch
from provenance.ingest.wikitext import template_table, wikitext_to_text

NBSP = "\u00a0"


def fr(wikitext: str) -> str:
    return wikitext_to_text(wikitext, "fr").text


def en(wikitext: str) -> str:
    return wikitext_to_text(wikitext, "en").text


@pytest.mark.parametrize(
    "wikitext, text",
    [
        ("né le {{date de naissance|11|novembre|1866}} à Moulins", "né le 11 novembre 1866 à Moulins"),
        ("le {{date|1|1|2000}}", "le 1er janvier 2000"),
        ("le {{date-|19 janvier}}", "le 19 janvier"),
        ("construit {{vers|1500}} puis {{environ|1520}}", "construit vers 1500 puis environ 1520"),
        ("{{Monarque|Louis|XVI}} et la loi {{n°|5}} du {{numéro|7}}", "Louis XVI et la loi n° 5 du no 7"),
        ("en {{date|976}}", "en 976"),
        ("mort le {{date de décès|21|septembre|1936|11|novembre|1866}}", "mort le 21 septembre 1936 (à 69 ans)"),
        ("{{Date de naissance|16|8|1958|âge=oui}}", "16 août 1958"),  # never an age 'today'
    ],
)
def test_french_dates(wikitext, text):
    assert fr(wikitext) == text


@pytest.mark.parametrize(
    "wikitext, text",
    [
        ("born {{birth date|1788|2|22|df=y}}", "born 22 February 1788"),
        ("opened {{dts|2001|1|2}}, {{1/2}} mile", "opened January 2, 2001, ½ mile"),
        ("born {{birth date and age|1954|7|17}}", "born July 17, 1954"),
        ("{{Death date and age|1860|9|21|1788|2|22|df=y}}", "21 September 1860 (aged 72)"),
        ("{{death date and age|mf=yes|2001|9|25|1920|12|2}}", "September 25, 2001 (aged 80)"),
        ("aired {{Start date|2003|6|26}}", "aired June 26, 2003"),
        ("{{start date and age|1911|06}}", "June 1911"),
        ("{{As of|2019}} the area", "As of 2019 the area"),
        ("in {{as of|2014|lc=y}}", "in as of 2014"),
    ],
)
def test_english_dates(wikitext, text):
    assert en(wikitext) == text


@pytest.mark.parametrize(
    "wikitext, text",
    [
        ("{{unité|3797|m}}", f"3{NBSP}797 m"),
        ("{{unité|10|km|2}}", "10 km²"),
        ("{{unité|3.5|m|3|s|-1}}", "3,5 m³⋅s⁻¹"),
        ("{{unité|1.2|e=6|km}}", "1,2×10⁶ km"),
        ("{{unité|120684 habitants}}", f"120{NBSP}684 habitants"),
        ("{{nombre|71|sièges}}", "71 sièges"),
        ("{{formatnum:98659}}", f"98{NBSP}659"),
        ("{{euro|77.80}}", "77,80 €"),
        ("{{tmp|0.85|°C}}", "0,85 °C"),
        ("{{heure|4|30}} et {{heure|1}}", "4 h 30 et 1 h"),
    ],
)
def test_french_numbers_and_units(wikitext, text):
    assert fr(wikitext) == text


@pytest.mark.parametrize(
    "wikitext, text",
    [
        ("{{formatnum:1234567}}", "1,234,567"),
        ("{{convert|90|km|mi|abbr=on}}", "90 km"),
        ("{{cvt|106460000|km2}}", "106,460,000 km²"),
        ("{{convert|1|to|3|km}}", "1 to 3 km"),
        ("{{convert|2|-|3|km|mi}}", "2–3 km"),
        ("{{convert|93000|sqft|m2|abbr=on|order=flip}}", "93,000 sq ft"),
        ("{{US$|73.62}} billion", "US$73.62 billion"),
        ("{{sfrac|1|2}}", "1/2"),
    ],
)
def test_english_numbers_and_conversions(wikitext, text):
    assert en(wikitext) == text


@pytest.mark.parametrize(
    "wikitext, text",
    [
        ("au {{s|XVIII}}", "au XVIIIe siècle"),
        ("au {{s-|XX}}", "au XXe siècle"),
        ("{{-s|I|er}}", "Ier siècle av. J.-C."),
        ("{{sp|XVI|et|XVII}}", "XVIe et XVIIe siècles"),
        ("{{siècle|19}}", "XIXe siècle"),
        ("le {{XIXe siècle}}", "le XIXe siècle"),
        ("Otton {{Ier}}", "Otton Ier"),
        ("le XX{{e}} siècle", "le XXe siècle"),
        ("le {{3e}} rang", "le 3e rang"),
        ("{{1er|champion}}", "1er champion"),
        ("Louis {{romain|14}}", "Louis XIV"),
        ("{{rom-min|4}}", "iv"),
        ("{{de}} Site officiel", "Site officiel"),  # a language tag, not the numeral D + e
    ],
)
def test_centuries_ordinals_and_roman_numerals(wikitext, text):
    assert fr(wikitext) == text


@pytest.mark.parametrize(
    "wikitext, text",
    [
        ("''{{langue|de|Österreich}}'' signifie", "Österreich signifie"),
        ("({{en langue|de|Republik Österreich}})", "(en allemand : Republik Österreich)"),
        ("{{lien|lang=de|Barbara Slowik}}, préfète", "Barbara Slowik, préfète"),
        ("la société {{Lien|langue=en|trad=ASFINAG|fr=ASFINAG|texte=ASFINAG}}.", "la société ASFINAG."),
        ("des {{citation|sanctions}}", "des « sanctions »"),
        (
            "En 1815 {{incise|après le [[congrès de Vienne]]}} l’Autriche",
            "En 1815 — après le congrès de Vienne — l’Autriche",
        ),
        ("son fils {{souverain2|Joseph II (empereur du Saint-Empire)}}", "son fils Joseph II"),
        (
            "{{Référence nécessaire|Le [[Danube]] est le fleuve le plus important}}.",
            "Le Danube est le fleuve le plus important.",
        ),
        ("'''Berlin''' {{MSAPI|[bɛʁ.lɛ̃]}} est", "Berlin [bɛʁ.lɛ̃] est"),
        ("{{nobr|36 paroisses}}", "36 paroisses"),
        ("{{abréviation|ONU|Organisation des Nations unies}}", "ONU"),
    ],
)
def test_french_inline_text(wikitext, text):
    assert fr(wikitext) == text


@pytest.mark.parametrize(
    "wikitext, text",
    [
        ("his {{lang|de|Wissenschaftslehre}};", "his Wissenschaftslehre;"),
        ('("{{lang-de|Das Internet ist für uns alle Neuland}}")', '("German: Das Internet ist für uns alle Neuland")'),
        (
            "church in {{Interlanguage link|Quitzow (Perleberg)|de|lt=Quitzow|vertical-align=sup}} (a quarter)",
            "church in Quitzow (a quarter)",
        ),
        (
            "'''Berlin''' ({{IPAc-en|b|ɜːr|ˈ|l|ɪ|n}} {{respell|bur|LIN}}, {{IPA-de|bɛʁˈliːn|lang|de-Berlin.ogg}}) is",
            "Berlin (/bɜːrˈlɪn/ bur-LIN, [bɛʁˈliːn]) is",
        ),
        ("Weimar{{mdash}}the centre", "Weimar—the centre"),
        ("Germany{{snd}} initiated", "Germany – initiated"),
        ("''Ranma ½''{{'}}s Akane", "Ranma ½'s Akane"),
        ("{{small|(1990)}}", "(1990)"),
        ("{{abbr|UN|United Nations}}", "UN"),
        ("{{nowrap|General Secretary}}", "General Secretary"),
        ("{{smallcaps|Bach}}", "Bach"),
        ("({{née|'''Kasner'''}}; born 1954)", "(née Kasner; born 1954)"),
        ("{{flagu|Albania}}", "Albania"),
    ],
)
def test_english_inline_text(wikitext, text):
    assert en(wikitext) == text


def test_names_match_whatever_their_case_spacing_underscores_or_namespace():
    for spelling in ("Date de naissance", "date_de_naissance", "DATE  DE NAISSANCE", "Modèle:Date de naissance"):
        assert fr("{{" + spelling + "|11|novembre|1866}}") == "11 novembre 1866"
    assert template_table("en").rule("Cite_Web").kind.value == "drop"


def test_nested_templates_render_inside_out():
    assert fr("{{nobr|{{unité|5|km}}}}") == "5 km"
    assert fr("{{langue|de|{{nobr|Berlin {{citation|Mitte}}}}}}") == "Berlin « Mitte »"
    assert en("{{lang|zh|{{linktext|京}}}}") == "京"
    assert (
        en("{{nowrap|[[Vice-Chancellor of Germany#History|Vice Chancellor]] {{small|(2005)}}}}")
        == "Vice Chancellor (2005)"
    )


def test_templates_that_are_not_prose_are_removed_and_unknown_ones_counted():
    rendered = wikitext_to_text(
        "{{Infobox officeholder\n| name = Angela Merkel\n| office = Chancellor\n| birth_date = {{birth date|1954|7|17}}\n}}"
        "{{Use dmy dates}}'''Angela Merkel'''{{sfn|Qvortrup|2016|p=12}}{{efn|A note.}} is a politician."
        "{{citation needed|date=May 2020}} {{Coord|52|31|N|13|24|E}}{{Navbox|name=Chancellors}}"
        "{{Some template nobody knows|with a parameter}}",
        "en",
    )
    assert rendered.text == "Angela Merkel is a politician."
    assert rendered.unknown_templates == {"some template nobody knows": 1}


def test_references_files_categories_tables_and_interlanguage_links_are_removed():
    wikitext = """'''Besançon''' est une [[commune française]]<ref>{{Lien web|url=https://www.insee.fr|titre=Insee}}</ref>.<ref name="a" />
[[Fichier:Besancon citadelle.jpg|vignette|La citadelle de [[Vauban]].]]
<gallery>
Image:A.jpg|Une légende
</gallery>
{| class="wikitable"
! Année !! Population
|-
| 1793 || 28 721
|}
Elle compte {{formatnum:119198}} habitants<ref>source non fermée
[[Catégorie:Commune du Doubs]]
[[en:Besançon]]"""
    assert fr(wikitext) == f"Besançon est une commune française.\n\nElle compte 119{NBSP}198 habitants"


def test_citation_and_link_sections_and_empty_headings_are_removed():
    wikitext = """Intro.
== Histoire ==
{{Article détaillé|Histoire de Berlin}}
=== Moyen Âge ===
Fondée au {{s|XIII}}.
== Géographie ==
{{Section vide ou incomplète}}
== Notes et références ==
{{Références}}
=== Notes ===
* une note
== Liens externes ==
* [https://www.berlin.de Site officiel]
"""
    assert fr(wikitext) == "Intro.\n\nHistoire\n\nMoyen Âge\nFondée au XIIIe siècle."
    assert (
        en("Intro.\n== See also ==\n* [[Ocean]]\n== References ==\n{{Reflist}}\n== History ==\nOld.")
        == "Intro.\n\nHistory\nOld."
    )


def test_what_a_dropped_template_leaves_behind_is_tidied():
    assert en("'''Berlin''' ({{IPAc-en|}}, {{audio|De-Berlin.ogg}}) is a city.") == "Berlin is a city."
    assert en("Text {{citation needed}}. More {{who}}, text.") == "Text. More, text."
    assert fr("L'Autriche ({{en langue|xx|}} {{prononciation|De-Österreich.ogg}}), est") == "L'Autriche, est"


@pytest.mark.parametrize(
    "wikitext",
    [
        "{{a|" * 5000 + "x",  # thousands of unclosed templates
        "{{nobr|" * 3000 + "x" + "}}" * 3000,  # nesting far deeper than any article
        "[[a|" * 3000 + "x" + "]]" * 10,  # unbalanced links
        "<ref>" * 3000 + "text" + "</ref>" * 2,  # references that never close
        "<!-- " * 1000 + "text",  # a comment that never closes
        "}} ]] {{{1}}} '''x'' {| |} |- <ref",  # stray markup
        "{{#if:x|{{#switch:y|a=1}}}} {{#invoke:Foo|bar}} {{{{{1}}}|x}}",
    ],
)
def test_bad_input_never_hangs_crashes_or_leaves_markup(wikitext):
    text = wikitext_to_text(wikitext, "en").text
    for residue in ("{{", "}}", "[[", "]]", "'''", "<ref"):
        assert residue not in text


def test_the_page_name_magic_word_is_the_title():
    assert (
        wikitext_to_text("'''{{PAGENAME}}''' est une ville.", "fr", title="Besançon").text == "Besançon est une ville."
    )


def test_language_check_answers_only_when_sure():
    french = (
        "Antoine Meillet est le principal linguiste français des premières décennies du vingtième siècle. "
        "Il assure à la suite de Saussure le cours de grammaire comparée, qu'il complète par une conférence "
        "sur l'iranien, puis occupe la chaire de grammaire comparée au Collège de France."
    )
    assert detect_language(french) == "fr"
    assert language_mismatch(french, "en") == "fr"
    assert language_mismatch(french, "fr") is None
    assert detect_language("Berlin est une ville.") is None  # too short to judge
    assert language_mismatch(french, None) is None
