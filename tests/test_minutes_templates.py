"""Minutes with every office template the project tests: no vote, agenda number or bullet is
lost; a template's own page header and footer win over qujat's; lines never part what belongs
together (signatures in kk+ru, initials, «10 %-дан», an award's heading and its list).

Every outcome is read from the rendered PDF (pdftotext) or the DOCX (python-docx). The PDFs of
this module come from two LibreOffice runs: one re-saves templates as LibreOffice writes them,
one converts every document.
"""
from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

import docx
import pytest
import yaml
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

import qujat
from conftest import ALMATY, base_record, docx_text, require_tool, run_cli
from qujat.errors import QujatWarning, RecordError
from qujat.minutes import docx_xml
from qujat.minutes.compose import default_reference, minutes_bytes
from qujat.minutes.libreoffice import docx_to_pdf
from test_minutes_pdf import _renamed_styles

BULLET = "\uf0b7"  # the bullet of qujat's numbering (Symbol), as pdftotext reads it
AGENDA = [("О работе профсоюзов", "Кәсіподақтар жұмысы туралы"), ("Об Уставе", "Жарғы туралы"),
          ("О бюджете", "Бюджет туралы"), ("О молодёжи", "Жастар туралы"), ("О наградах", "Марапаттар туралы")]
VOTES = ["1.1. Решение 1.1. Голосовали: «за» — 38, «против» — 0, «воздержались» — 0. Решение принято единогласно.",
         "2.2. Решение 2.2. Голосовали: «за» — 30, «против» — 8, «воздержались» — 0. Решение принято большинством "
         "голосов (78 %).",
         "Голосовали по вопросу в целом: «за» — 36, «против» — 1, «воздержались» — 1. Решение принято большинством "
         "голосов (94 %).",
         ]
BULLETED = ["Петренко В.И. — председатель", "Бекбас О.Т. — член", "Калиев С.Е. — гость", "Ким И. — гость",
            "Сейтказы Н.К.", "Омарова А.Б."]
LETTERHEAD = ("Федерация профсоюзов Республики Казахстан", "010000, Астана, пр. Абая, 38")


def votes_record() -> dict:
    """Five agenda items; item 2 voted on as a whole (36/1/1) and its resolution 2.2 by itself
    (30/8); people, guests and award recipients in bulleted lists."""
    agenda = [{"title": {"ru": ru, "kk": kk, "en": f"Item {n}"},
               "resolutions": [{"text": {"ru": f"Решение {n}.1.", "kk": f"Шешім {n}.1.", "en": f"Resolution {n}.1."}}]}
              for n, (ru, kk) in enumerate(AGENDA, start=1)]
    agenda[0]["resolutions"][0]["vote"] = {"for": 38}
    agenda[1]["resolutions"].append({"text": {"ru": "Решение 2.2.", "kk": "Шешім 2.2.", "en": "Resolution 2.2."},
                                     "vote": {"for": 30, "against": 8}})
    agenda[1]["vote"] = {"for": 36, "against": 1, "abstained": 1}
    return base_record(agenda=agenda, attendees_note="члены совета",
                       attendees=[{"name": "Петренко В.И.", "position": "председатель"},
                                  {"name": "Бекбас О.Т.", "position": "член"}],
                       invited=[{"name": "Калиев С.Е.", "position": "гость"}, {"name": "Ким И.", "position": "гость"}],
                       awards=[{"award": "jubilee-medal",
                                "recipients": [{"name": "Сейтказы Н.К."}, {"name": "Омарова А.Б."}]}])


# --- templates ---------------------------------------------------------------------------------

def bare_lists_template(path: Path) -> Path:
    """A Word-made template: the reference's styles, but «List Number» named «Список с
    нумерацией» (id a5, as Russian Word writes it) and «List Bullet» with no numbering, and no
    numbering part at all."""
    document = docx.Document(str(default_reference()))
    for style_id, name, new_id in (("ListNumber", "Список с нумерацией", "a5"), ("ListBullet", "List Bullet", None)):
        style = next(s for s in document.styles if s.style_id == style_id)
        style.element.pPr.remove(style.element.pPr.numPr)
        style.element.name_val = name
        if new_id:
            style.element.set(qn("w:styleId"), new_id)
    numbering = next(r for r in document.part.rels.values() if r.reltype == RT.NUMBERING)
    del document.part.rels[numbering.rId]
    document.save(str(path))
    return path


def letterhead_template(path: Path, header: bool = True, footer: bool = True, number_at_top: bool = False) -> Path:
    """An office's letter template: the letterhead in the page header, «Стр. N» (a PAGE field)
    in the footer; ``number_at_top``: the page number in the header instead (under the
    letterhead, if any), as GOST R 7.0.97 places it."""
    document = docx.Document(str(default_reference()))
    section = document.sections[0]
    if header:
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = LETTERHEAD[0]
        section.header.add_paragraph(LETTERHEAD[1])
    if number_at_top:
        section.header.is_linked_to_previous = False
        paragraph = section.header.add_paragraph() if header else section.header.paragraphs[0]
        paragraph.add_run("Стр. ")
        docx_xml.add_field(paragraph, "PAGE")
    if footer:
        section.footer.is_linked_to_previous = False
        paragraph = section.footer.paragraphs[0]
        paragraph.add_run("Стр. ")
        docx_xml.add_field(paragraph, "PAGE")
    document.save(str(path))
    return path


def office_template(path: Path) -> Path:
    """An office's own template made in python-docx: its styles (Times New Roman 14 in the
    body, python-docx's 28-point «Title»), a 3 cm left margin; nothing taken from qujat's."""
    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(14)
    document.sections[0].left_margin, document.sections[0].right_margin = Cm(3), Cm(1.5)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path | None]:
    """Every office template the project tests, by name (None: qujat's own reference)."""
    soffice = require_tool("soffice")
    folder = tmp_path_factory.mktemp("templates")
    docx.Document().save(str(folder / "python-docx.docx"))
    (folder / "blank.txt").write_text("", encoding="utf-8")
    done = subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "lo"),
                           str(default_reference()), str(folder / "blank.txt")],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    renamed = _renamed_styles(folder, {  # the style names of test_minutes_pdf: LibreOffice's, aliases, one missing
        b'w:val="heading 1"': b'w:val="Heading 1"', b'w:styleId="BodyText"': b'w:styleId="TextBody"',
        b'<w:name w:val="Resolution"/>': b'<w:name w:val="Decision"/><w:aliases w:val="Resolution,Decision"/>',
        b'w:styleId="Vote"><w:name w:val="Vote"/>': b'w:styleId="Vote2"><w:name w:val="Vote Old"/>'})
    return {"reference": None, "python-docx blank": folder / "python-docx.docx",
            "reference saved by LibreOffice": folder / "lo" / "reference.docx",
            "LibreOffice blank": folder / "lo" / "blank.docx", "styles renamed": renamed,
            "lists without numbering": bare_lists_template(folder / "bare-lists.docx"),
            "letterhead and page field": letterhead_template(folder / "letterhead.docx"),
            "office's own styles": office_template(folder / "office.docx"),
            "page number at the top": letterhead_template(folder / "top.docx", False, False, number_at_top=True),
            "letterhead and page number at the top": letterhead_template(folder / "both-top.docx", footer=False,
                                                                         number_at_top=True)}


# --- the layout cases --------------------------------------------------------------------------

SURNAMES = [("Ли", "Ли"), ("Ким", "Ким"), ("Омар", "Омар"), ("Бекбас", "Бекбас"), ("Қалиев", "Калиев"),
            ("Петренко", "Петренко"), ("Сейітқазы", "Сейтказы"), ("Оксикбаев", "Оксикбаев"),
            ("Қыдырманов", "Кыдырманов"), ("Төлепберген", "Тулепберген"), ("Абдрахманова", "Абдрахманова"),
            ("Сермағамбетов", "Сермагамбетов"), ("Жақсыбекова", "Жаксыбекова"), ("Әбдірайымов", "Абдирайымов"),
            ("Нұрланұлы", "Нурланулы"), ("Есенов", "Есенов"), ("Мұхаметжан", "Мухаметжан")]
PADS = range(0, 40, 2)
INITIALS = [("В.И.", "В.И."), ("А.Б.", "А.Б."), ("С.Е.", "С.Е."), ("Н.Қ.", "Н.К."), ("Ж.Т.", "Ж.Т."), ("М.М.", "М.М.")]


def plenum_attendees() -> list[dict]:
    """The 40 council members of a plenum (an appendix lists them)."""
    return [{"name": {"kk": f"В.И. Петренко{i}", "ru": f"Петренко{i} В.И.", "en": f"V. I. Petrenko{i}"},
             "position": {"kk": "кеңес мүшесі", "ru": "член совета", "en": "member"}} for i in range(1, 41)]


def appendix_record() -> dict:
    """34 people (an appendix), surnames of every length, initials before (kk) and after (ru)."""
    people = [{"name": {"kk": f"{INITIALS[i % 6][0]} {SURNAMES[i % 17][0]}",
                        "ru": f"{SURNAMES[i % 17][1]} {INITIALS[i % 6][1]}", "en": f"Person {i}"},
               "position": "член"} for i in range(34)]
    return base_record(attendees=people, number="7")


#: The recipients of each award section of :func:`award_record`.
RECIPIENTS = [{"name": {"kk": "С.Е. Қалиев", "ru": "Калиев С.Е."}},
              {"name": {"kk": "О.Т. Бекбас", "ru": "Бекбас О.Т."}}]


def award_record(filler: int) -> dict:
    """Six award sections, pushed down the pages by ``filler`` sentences of the report: across the
    variants, each heading («…медалімен марапатталғандар:») comes to every line of a page's foot."""
    data = base_record(language="kk")
    data["agenda"][0]["heard"][0]["text"] = {"kk": "Жұмыс туралы айтты. " * filler,
                                             "ru": "Рассказала о работе. " * filler, "en": "Spoke. " * filler}
    data["awards"] = [{"award": "jubilee-medal", "recipients": RECIPIENTS,
                       "occasion": {"kk": "Мерейтой құрметіне. " * (1 + i % 3), "ru": "К юбилею. " * (1 + i % 3)}}
                      for i in range(6)]
    return data


def vote_record(filler: int) -> dict:
    """An item with three resolutions, the last voted on by itself, then the item's vote as a
    whole, pushed down the page by ``filler`` words of the report: across the variants the vote
    comes to every line of the first page's foot."""
    data = base_record()
    item = data["agenda"][0]
    item["heard"][0]["text"] = {"ru": "Доклад " + "о работе " * filler, "kk": "Баяндама.", "en": "Report."}
    item["resolutions"] = [{"text": {"ru": f"Решение {n}.", "kk": f"Шешім {n}.", "en": f"Resolution {n}."}}
                           for n in (1, 2)]
    item["resolutions"].append({"text": {"ru": "Решение 3.", "kk": "Шешім 3.", "en": "Resolution 3."},
                                "vote": {"for": 20, "against": 2}})
    item["vote"] = {"for": 21, "against": 1, "abstained": 1}
    return data


VOTE_FILLERS = range(120, 166, 3)


def signatures_record(filler: int) -> dict:
    """The plenum, its report ``filler`` sentences long: across the variants the signatures come
    to every line of a page's foot in kk+ru."""
    data = {**votes_record(), "attendees": plenum_attendees()}
    data["agenda"][0]["heard"] = [{"speaker": "Умирбаева", "text": {
        "kk": "Жұмыс туралы айтты. " * filler, "ru": "Рассказала о работе. " * filler, "en": "Spoke."}}]
    return data


SIGNATURE_FILLERS = range(1, 61, 6)


def percent_record() -> dict:
    """«10 %-дан» at twenty places along a line, in twenty resolutions (a word of 0 to 38 letters before it)."""
    data = base_record(language="kk")
    data["agenda"][0]["resolutions"] = [
        {"text": {"kk": "ы" * pad + " жалақы 10 %-дан кем емес көтерілсін.",
                  "ru": "Повысить заработную плату не менее чем на 10 %.", "en": "Raise wages by at least 10 %."}}
        for pad in PADS]
    return data


FILLERS = range(8, 32, 3)


@pytest.fixture(scope="module")
def rendered(templates, tmp_path_factory) -> dict[tuple[str, ...], tuple[Path, list[str]]]:
    """Every document of this module as a PDF, from one LibreOffice run, with the warnings its
    DOCX gave: by (case, template or language, ...)."""
    folder = tmp_path_factory.mktemp("rendered")

    def record(name: str, data: dict) -> qujat.Record:
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return qujat.load_record(path)

    votes = record("votes", votes_record())
    jobs: list[tuple[tuple[str, ...], qujat.Record, str, Path | None]] = [
        (("votes", name), votes, "ru", template) for name, template in templates.items()]
    jobs.append((("votes", "lists without numbering", "kk+ru"), votes, "kk+ru", templates["lists without numbering"]))
    jobs.append((("almaty", "kk+ru"), qujat.load_record(ALMATY), "kk+ru", None))
    plenum = record("plenum", {**votes_record(), "attendees": plenum_attendees()})
    jobs += [(("plenum", name), plenum, "kk+ru", templates[name]) for name in ("reference", "office's own styles")]
    jobs.append((("plenum", "office's own styles", "en+ru"), plenum, "en+ru", templates["office's own styles"]))
    jobs += [(("signatures", str(n)), record(f"signatures-{n}", signatures_record(n)), "kk+ru", None)
             for n in SIGNATURE_FILLERS]
    appendix = record("appendix", appendix_record())
    jobs += [(("appendix", lang), appendix, lang, None) for lang in ("ru", "kk+ru")]
    jobs += [(("award", lang, str(n)), record(f"award-{n}", award_record(n)), lang, None)
             for n in FILLERS for lang in ("kk", "kk+ru")]
    jobs.append((("percent",), record("percent", percent_record()), "kk+ru", None))
    jobs += [(("vote", str(n)), record(f"vote-{n}", vote_record(n)), "ru", None) for n in VOTE_FILLERS]
    documents, said = [], []
    for _, rec, lang, template in jobs:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            documents.append(minutes_bytes(rec, lang=lang, template=template))
        said.append([str(w.message) for w in caught if issubclass(w.category, QujatWarning)])
    out = {}
    for (key, *_), pdf, messages in zip(jobs, docx_to_pdf(documents), said):
        path = folder / ("-".join(key).replace(" ", "_") + ".pdf")
        path.write_bytes(pdf)
        out[key] = (path, messages)
    return out


def pages(pdf: Path) -> list[list[str]]:
    """Each page's lines as pdftotext lays them out, spaces (no-break ones too) made single."""
    text = subprocess.run([require_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [[" ".join(line.split()) for line in page.splitlines() if line.strip()]
            for page in text.split("\f") if page.strip()]


def body_text(pdf: Path) -> str:
    """The text of the pages without their page headers and footers, as one line."""
    page_parts = re.compile(r"^(Страница \d+ из \d+|Стр\. \d+)$")
    lines = [line for page in pages(pdf) for line in page if not page_parts.match(line) and line not in LETTERHEAD]
    return " ".join(lines)


# --- nothing dropped ---------------------------------------------------------------------------

TEMPLATE_NAMES = ["reference", "python-docx blank", "reference saved by LibreOffice", "LibreOffice blank",
                  "styles renamed", "lists without numbering", "letterhead and page field", "office's own styles",
                  "page number at the top", "letterhead and page number at the top"]


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_vote_number_and_bullet_is_in_the_pdf(rendered, name):
    """Item 2's vote (36/1/1) beside resolution 2.2's own (30/8), the agenda's «1.» … «5.», and
    a bullet before every attendee, guest and recipient, whatever the template."""
    pdf, _ = rendered[("votes", name)]
    text = body_text(pdf)
    positions = [text.find(vote) for vote in VOTES]
    assert -1 not in positions and positions == sorted(positions), (name, text)
    assert text.count("Голосовали") == 3
    lines = [line for page in pages(pdf) for line in page]
    start = lines.index("ПОВЕСТКА ДНЯ:") + 1
    assert lines[start:start + 5] == [f"{n}. {ru}" for n, (ru, _) in enumerate(AGENDA, start=1)], name
    for item in BULLETED:
        assert f"{BULLET} {item}" in lines, (name, item)


def test_bilingual_bullets_with_a_template_whose_lists_lack_numbering(rendered, templates):
    """kk+ru writes the agenda's numbers as text: only the bullets need qujat's numbering, and the
    note says only that."""
    pdf, said = rendered[("votes", "lists without numbering", "kk+ru")]
    # the record's 11 texts without Kazakh are said once, at the first of them
    assert re.fullmatch(r"\S+/votes\.yaml:\d+:\d+: 11 texts of the record have no kk text and are printed in the "
                        r"record's language \(ru\), the first here; add the translations, or see every such text "
                        r"with `generate check \S+/votes\.yaml --lang kk\+ru`", said[0]), said
    assert said[1:] == [f"{templates['lists without numbering']}: the template's list style «List Bullet» carries no "
                        "numbering, so the lists would lose their bullets: gave it qujat's bullets"]
    assert body_text(pdf).count(BULLET) == 2 * len(BULLETED)
    lines = [line for page in pages(pdf) for line in page]
    start = lines.index("КҮН ТӘРТІБІ: ПОВЕСТКА ДНЯ:") + 1
    # kk left, ru right; where the kk text wraps depends on the fonts the machine has for the template's
    numbered = [line for line in lines[start:start + 2 * len(AGENDA)] if re.match(r"\d\. ", line)][:len(AGENDA)]
    assert len(numbered) == len(AGENDA), numbered
    for line, (n, (ru, kk)) in zip(numbered, enumerate(AGENDA, start=1)):
        assert line.startswith(f"{n}. {kk.split()[0]}") and line.endswith(f" {n}. {ru}"), line


def test_list_styles_without_numbering_get_qujats_with_one_warning(rendered, templates, tmp_path):
    _, said = rendered[("votes", "lists without numbering")]
    template = templates["lists without numbering"]
    assert said == [f"{template}: the template's list styles «Список с нумерацией» and «List Bullet» carry no "
                    "numbering, so the agenda would lose its numbers and the lists their bullets: gave them "
                    "qujat's numbering (1., 2., 3. …; bullets)"]
    record = qujat.load_record(ALMATY)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = qujat.render_minutes(record, tmp_path / "m.docx", template=template)
    document = docx.Document(str(out))
    numbering = document.part.numbering_part.element
    for style_id, fmt, text in (("a5", "decimal", "%1."), ("ListBullet", "bullet", BULLET)):
        style = next(s for s in document.styles if s.style_id == style_id)
        num_id = style.element.pPr.numPr.numId.val
        num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == abstract_id)
        level = abstract.find(qn("w:lvl"))
        assert level.find(qn("w:numFmt")).get(qn("w:val")) == fmt
        assert level.find(qn("w:lvlText")).get(qn("w:val")) == text
        assert level.find(qn("w:pStyle")).get(qn("w:val")) == style_id


def test_the_list_styles_note_in_russian(templates, write_record, tmp_path):
    """The note in the user's language, the two style names joined by the catalog's «и»."""
    template = templates["lists without numbering"]
    done = run_cli("--ui-lang", "ru", "minutes", str(write_record(votes_record())), "--template", str(template),
                   "-o", str(tmp_path / "m.docx"))
    assert done.returncode == 0, done.stderr
    assert f"предупреждение: {template}: в стилях списка шаблона «Список с нумерацией» и «List Bullet» нет " \
           "нумерации, и повестка потеряла бы номера, а списки — маркеры: им дана нумерация qujat (1., 2., 3. …; " \
           "маркеры)" in done.stderr.splitlines()


def test_a_template_with_its_own_numbering_is_not_touched(tmp_path):
    record = qujat.load_record(ALMATY)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = qujat.render_minutes(record, tmp_path / "m.docx", template=letterhead_template(tmp_path / "t.docx"))
    assert not [w for w in caught if "numbering" in str(w.message)]
    assert docx.Document(str(out)).styles["List Number"].element.xml == \
        docx.Document(str(default_reference())).styles["List Number"].element.xml


# --- the template's header and footer win ------------------------------------------------------

def test_a_letterhead_and_page_field_in_the_template_are_not_doubled(rendered, templates):
    pdf, said = rendered[("votes", "letterhead and page field")]
    template = templates["letterhead and page field"]
    assert said == [f"{template}: the template's own page header and page footer are used as they are, so the "
                    "minutes leave out their letterhead line and page numbers (empty them in the template to "
                    "have qujat's)"]
    found = pages(pdf)
    assert len(found) == 2
    for number, lines in enumerate(found, start=1):
        assert lines[:2] == list(LETTERHEAD)
        assert [line for line in lines if re.search(r"\bСтр\. \d|Страница", line)] == [f"Стр. {number}"]
    assert found[0][2] == "ПРОТОКОЛ № ______"
    assert not any("ФЕДЕРАЦИЯ ПРОФСОЮЗОВ" in line for lines in found for line in lines)


def test_a_page_number_at_the_top_of_the_template_is_the_only_one(rendered, templates):
    """The page number in the template's header (GOST R 7.0.97 puts it at the top): qujat's
    «Страница N из M» is left out, and its letterhead line stays (the header has none)."""
    pdf, said = rendered[("votes", "page number at the top")]
    assert said == [f"{templates['page number at the top']}: the template's page header numbers the pages (a page "
                    "field), so the minutes leave out their page numbers (remove the field from the header to have "
                    "qujat's)"]
    found = pages(pdf)
    assert len(found) == 2
    for number, lines in enumerate(found, start=1):
        assert lines[0] == f"Стр. {number}"
        assert not any("Страница" in line for line in lines)
    assert found[0][1:3] == ["ФЕДЕРАЦИЯ ПРОФСОЮЗОВ РЕСПУБЛИКИ КАЗАХСТАН", "ПРОТОКОЛ № ______"]


def test_a_letterhead_and_page_number_at_the_top_leave_out_both_of_qujats(rendered, templates):
    pdf, said = rendered[("votes", "letterhead and page number at the top")]
    assert said == [f"{templates['letterhead and page number at the top']}: the template's own page header is used "
                    "as it is, so the minutes leave out their letterhead line and, as it numbers the pages, their "
                    "page numbers (empty it in the template to have qujat's)"]
    found = pages(pdf)
    assert len(found) == 2
    for number, lines in enumerate(found, start=1):
        assert lines[:3] == [*LETTERHEAD, f"Стр. {number}"]
        assert not any("Страница" in line or "ФЕДЕРАЦИЯ ПРОФСОЮЗОВ" in line for line in lines)
    assert found[0][3] == "ПРОТОКОЛ № ______"


@pytest.mark.parametrize("header, footer", [(True, False), (False, True)])
def test_only_the_part_the_template_fills_wins(tmp_path, write_record, header, footer):
    template = letterhead_template(tmp_path / "t.docx", header=header, footer=footer)
    record = qujat.load_record(write_record(base_record()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = qujat.render_minutes(record, tmp_path / "m.docx", template=template)
    part, left, pronoun = ("page header", "letterhead line", "it") if header else ("page footer", "page numbers", "it")
    assert [str(w.message) for w in caught if issubclass(w.category, QujatWarning)] == [
        f"{template}: the template's own {part} is used as it is, so the minutes leave out their {left} "
        f"(empty {pronoun} in the template to have qujat's)"]
    document = docx.Document(str(out))
    first = docx_text(out)[0]
    footer_text = "".join(p.text for p in document.sections[0].footer.paragraphs)
    if header:
        assert first == "ПРОТОКОЛ № ______" and footer_text == "Страница 1 из 1"
    else:
        assert first == "Федерация профсоюзов Республики Казахстан" and footer_text == "Стр. 1"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bilingual = qujat.render_minutes(record, tmp_path / "b.docx", template=template, lang="kk+ru")
    letterhead = ["Қазақстан Республикасы Кәсіподақтары Федерациясы | Федерация профсоюзов Республики Казахстан"]
    assert (docx_text(bilingual)[:1] == letterhead) is not header


# --- every vote printed, or the record refused -------------------------------------------------

def test_an_item_vote_beside_a_resolution_vote_is_printed_after_the_item(write_record, tmp_path):
    lines = docx_text(qujat.render_minutes(qujat.load_record(write_record(votes_record())), tmp_path / "m.docx"))
    start = lines.index("2. Об Уставе")
    assert lines[start:start + 6] == [
        "2. Об Уставе", "ПОСТАНОВИЛИ:", "2.1. Решение 2.1.", "2.2. Решение 2.2.",
        "Голосовали: «за» — 30, «против» — 8, «воздержались» — 0. Решение принято большинством голосов (78 %).",
        "Голосовали по вопросу в целом: «за» — 36, «против» — 1, «воздержались» — 1. Решение принято "
        "большинством голосов (94 %)."]
    kk = docx_text(qujat.render_minutes(qujat.load_record(write_record(votes_record(), "v.yaml")),
                                        tmp_path / "kk.docx", lang="kk"))
    assert "Мәселе бойынша тұтастай дауыс берілді: «жақтап» — 36, «қарсы» — 1, «қалыс қалды» — 1. Шешім " \
           "дауыстардың 94 %-ымен қабылданды." in kk


def test_an_item_vote_with_no_resolutions_is_refused_at_its_line(write_record, tmp_path):
    data = votes_record()
    data["agenda"][3] = {"title": "О молодёжи", "vote": {"for": 12}}
    path = write_record(data)
    line = path.read_text(encoding="utf-8").splitlines().index("    for: 12") + 1  # the vote, under «vote:»
    with pytest.raises(RecordError) as info:
        qujat.load_record(path)
    assert str(info.value) == (f"{path}:{line}:5: agenda[3].vote: the item has a vote but no resolutions, so "
                               "the vote would not be printed: write the decision it was on under resolutions "
                               "(- text: ...), or delete the vote")
    done = run_cli("minutes", str(path), "-o", str(tmp_path / "out" / "m.docx"))
    assert done.returncode == 2 and not (tmp_path / "out").exists()
    assert done.stderr == f"error: {info.value}\n"


# --- lines that never part ---------------------------------------------------------------------

def _words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """The words of a page with their left edge and top (pdftotext -bbox)."""
    out = subprocess.run([require_tool("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(x), float(y), word) for x, y, word in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', out)]


def test_bilingual_signature_rows_are_laid_out_alike(rendered):
    """kk+ru: post, rule and name each in its own column, kk over ru, in both rows."""
    pdf, _ = rendered[("almaty", "kk+ru")]
    words = _words(pdf, len(pages(pdf)))
    at = {word: [(x, y) for x, y, w in words if w == word] for word in
          ("Төрағалық", "Председательствующий", "Хатшы", "Секретарь", "_" * 15, "Әбдірайым", "Абдирайым")}
    posts = [at[w][-1] for w in ("Төрағалық", "Председательствующий", "Хатшы", "Секретарь")]
    rules = at["_" * 15]  # chair's rule, secretary's rule, secretary's blank name
    names = [x for x, y, w in words if w == "Б.Ж." and y >= posts[0][1] - 1]
    assert len({x for x, _ in posts}) == 1 and posts[0][1] < posts[1][1] < posts[2][1] < posts[3][1]
    assert len(rules) == 3 and rules[0][0] == rules[1][0] and rules[0][1] == posts[0][1] and rules[1][1] == posts[2][1]
    assert names == [rules[2][0], rules[2][0]] and rules[2][1] == posts[2][1]


@pytest.mark.parametrize("lang", ["ru", "kk+ru"])
def test_initials_stay_with_the_surname_in_the_appendix(rendered, lang):
    pdf, _ = rendered[("appendix", lang)]
    lines = [line for page in pages(pdf) for line in page]
    names = [person["name"][side] for person in appendix_record()["attendees"]
             for side in (("kk", "ru") if lang == "kk+ru" else ("ru",))]
    assert [name for name in names if not any(name in line for line in lines)] == []


@pytest.mark.parametrize("lang", ["kk", "kk+ru"])
def test_an_award_heading_is_never_alone_at_the_foot_of_a_page(rendered, lang):
    for n in FILLERS:
        pdf, _ = rendered[("award", lang, str(n))]
        found = pages(pdf)
        # every heading's page holds the recipient under it: as many «С.Е. Қалиев» as headings
        headings = [sum("марапатталғандар:" in line for line in lines) for lines in found]
        first = [sum("С.Е. Қалиев" in line for line in lines) for lines in found]
        assert sum(headings) == 6 and first == headings, (lang, n, headings, first)


def test_a_number_and_its_per_cent_sign_share_a_line(rendered):
    pdf, _ = rendered[("percent",)]
    lines = [line for page in pages(pdf) for line in page]
    assert sum(line.count("10 %-дан") for line in lines) == len(PADS), lines


def test_a_long_label_keeps_its_colon_in_a_bilingual_column(rendered):
    """kk+ru: «Председательствующий:» fills most of half a page; beside the first-line indent
    its colon wrapped onto a line of its own. Labelled rows start at the column's edge."""
    for key in (("almaty", "kk+ru"), ("plenum", "reference"), ("plenum", "office's own styles")):
        pdf, _ = rendered[key]
        lines = [line for page in pages(pdf) for line in page]
        assert [line for line in lines if line.startswith(":")] == [], key
        assert sum("Председательствующий:" in line for line in lines) == 1, key
        assert sum(line.startswith("Төрағалық етуші:") for line in lines) == 1, key


@pytest.mark.parametrize("name", ["reference", "office's own styles"])
def test_the_number_sign_stays_with_its_number(rendered, name):
    """«ПРОТОКОЛ № ______» in a half-page title of 28 points, «Приложение к протоколу № ______
    от …» in the appendix's narrow heading: «№» never ends a line, whatever the template."""
    pdf, _ = rendered[("plenum", name)]
    lines = [line for page in pages(pdf) for line in page]
    assert [line for line in lines if line.endswith("№")] == []
    assert sum(line.count("№ ______") for line in lines) == 4  # the title and the appendix's, kk and ru


def test_no_stays_with_its_number_in_english(rendered):
    """«MINUTES No. ______» in half a page: the English catalog binds «No.» to the number."""
    pdf, _ = rendered[("plenum", "office's own styles", "en+ru")]
    lines = [line for page in pages(pdf) for line in page]
    assert [line for line in lines if line.endswith(("No.", "№"))] == []
    assert sum(line.count("No. ______") for line in lines) == 2  # the title and the appendix's


def test_a_vote_never_opens_a_page_away_from_its_resolution(rendered):
    """Resolution 3's vote and the item's vote as a whole stay on the page of resolution 3."""
    tops = []
    for n in VOTE_FILLERS:
        pdf, _ = rendered[("vote", str(n))]
        found = pages(pdf)
        assert sum(line.count("Голосовали") for lines in found for line in lines) == 2, n
        tops += [(n, lines[0]) for lines in found[1:] if lines[0].startswith("Голосовали")]
    assert tops == []


def test_bilingual_signatures_never_open_a_page_alone(rendered):
    """kk+ru: the signatures follow a row of the long two-language table, which LibreOffice does
    not keep with what comes after it; the last row goes with them (the plenum's signatures
    stood alone on page 3 when its report was short)."""
    keys = [("plenum", "reference"), ("plenum", "office's own styles"), ("almaty", "kk+ru"),
            *[("award", "kk+ru", str(n)) for n in FILLERS], *[("signatures", str(n)) for n in SIGNATURE_FILLERS]]
    for key in keys:
        pdf, _ = rendered[key]
        found = pages(pdf)
        where = [(n, i) for n, lines in enumerate(found) for i, line in enumerate(lines)
                 if re.match(r"Төрағалық етуші _{5,}", line)]
        assert len(where) == 1, key
        page, line = where[0]
        assert line > 0 and not found[page][line - 1].startswith("_"), (key, found[page][:line + 1])
