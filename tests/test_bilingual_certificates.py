"""Bilingual certificates (lang="kk+ru"): both texts on one page, the first language above."""
from __future__ import annotations

import csv

import pytest
from pypdf import PdfReader

import qujat
from conftest import AKTOBE
from qujat.certificates.definitions import TextElement, load_award
from qujat.certificates.design import MM, BilingualDesign, CertificateDesign, _TextOp, make_design
from qujat.errors import UsageError
from qujat.i18n.spec import parse_language_spec
from qujat.model import Certificate
from qujat.records.schema import Person
from qujat.tasks.award_certificates import certificate_bytes
from test_certificates import CITATIONS, HEADINGS, JULY_4, flat
from test_certificates import POSTS as PAGE_POSTS
from test_certificates import pdf_text as certificate_text

NAME = "Бекбас Оразбек Тұрсынұлы"
PAIRS = [("jubilee-medal", "kk", "ru"), ("federation-badge", "ru", "en")]
DETAILS = {"date": JULY_4, "place": {"kk": "Алматы", "ru": "Алматы", "en": "Almaty"}, "signatory": "Б.Ж. Әбдірайым",
               "occasion": {"kk": "Астананың 20 жылдығына орай", "ru": "в связи с 20-летием Астаны",
                         "en": "on the 20th anniversary of Astana"}}
RECIPIENT = {"name": NAME, "position": "төраға", "organisation": "«Энергетиктер» кәсіподағы"}
#: The post on each half: the recipient gives it in one text, which the English half of a pair
#: prints as it is too (a pair in two scripts, ru+en, has one text for both halves).
POSTS = {**PAGE_POSTS, "en": PAGE_POSTS["ru"]}


def pdf_text(path) -> str:
    return flat(certificate_text(path))


def _make(tmp_path, award, lang, recipient=RECIPIENT, **details):
    return qujat.render_certificate(award, recipient, tmp_path / f"{award}.{lang}.pdf", lang=lang,
                                    **{**DETAILS, **details})


def _line_tops(path) -> list[tuple[str, float]]:
    """Every text line of the first page with the top of its box (pt from the bottom)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextLine

    found = []

    def walk(item):
        if isinstance(item, LTTextLine):
            found.append((flat(item.get_text()), item.y1))
        elif hasattr(item, "__iter__"):
            for child in item:
                walk(child)

    walk(next(iter(extract_pages(str(path), laparams=LAParams(all_texts=True)))))  # fixed texts are forms
    return found


def _top_of(lines, text) -> float:
    tops = [top for line, top in lines if text in line]
    assert tops, f"{text!r} not found in {[line for line, _ in lines]}"
    return tops[0]


@pytest.mark.parametrize("award,first,second", PAIRS)
def test_both_languages_on_one_page_first_above(tmp_path, award, first, second):
    path = _make(tmp_path, award, f"{first}+{second}", number="X-0042")
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    text = pdf_text(path)
    for lang in (first, second):
        assert HEADINGS[lang] in text and CITATIONS[(award, lang)] in text
    # extraction order: first language before the second, both headings before the name and
    # the name before both citations
    assert text.index(HEADINGS[first]) < text.index(HEADINGS[second]) < text.index(NAME)
    assert text.index(NAME) < text.index(CITATIONS[(award, first)]) < text.index(CITATIONS[(award, second)])
    # the same text in both languages is printed once
    assert text.count(NAME) == 1
    assert all(text.count(POSTS[lang]) == 1 for lang in (first, second))
    assert text.count("X-0042") == (1 if first == "kk" else 2)  # «№ X-0042» in kk and ru, «No. X-0042» in en
    assert text.count("Б.Ж. Әбдірайым") == 1
    # the first language's lines are higher on the page
    lines = _line_tops(path)
    assert _top_of(lines, HEADINGS[first]) > _top_of(lines, HEADINGS[second]) > _top_of(lines, NAME)
    assert _top_of(lines, NAME) > _top_of(lines, CITATIONS[(award, first)]) > _top_of(lines, CITATIONS[(award, second)])


def test_metadata_names_both_awards_and_the_first_language(tmp_path):
    reader = PdfReader(str(_make(tmp_path, "jubilee-medal", "kk+ru")))
    meta = reader.metadata
    assert meta.title == f"«Астанаға 20 жыл» мерекелік медалі / Юбилейная медаль «Астанаға 20 жыл» — {NAME}"
    assert meta.subject == "«Астанаға 20 жыл» мерекелік медалі / Юбилейная медаль «Астанаға 20 жыл»"
    assert reader.trailer["/Root"]["/Lang"] == "kk"


def _ops(design, cert) -> list[_TextOp]:
    page = design.prepare(cert)
    return [op for op in page.ops if isinstance(op, _TextOp)] + [op for ops in design.fixed.values() for op in ops]


def _assert_inside(award, ops):
    """Every fitted text within its (half) box, and that box within the definition's box."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    boxes = {e.id: e for e in award.elements if isinstance(e, TextElement)}
    for op in ops:
        e, box = op.element, boxes[op.element.id]
        for line in op.lines:
            assert stringWidth(line, e.font, op.size) <= e.width * MM + 1e-6, (e.id, line)
        height = len(op.lines) * op.size * e.leading if len(op.lines) > 1 else op.size
        assert height <= e.height * MM + 1e-6, (e.id, op.lines, op.size)
        assert (e.x, e.width) == (box.x, box.width)
        assert box.y - 1e-9 <= e.y and e.y + e.height <= box.y + box.height + 1e-9, e.id


@pytest.mark.parametrize("award,first,second", PAIRS)
def test_every_text_stays_inside_its_box(award, first, second):
    definition = load_award(award)
    design = make_design(definition, parse_language_spec(f"{first}+{second}"))
    assert isinstance(design, BilingualDesign) and design.lang == f"{first}+{second}"
    cert = Certificate(person=Person(name={"kk": NAME}, position={"kk": "төраға"}), number="X-0042", date=JULY_4,
                       place=DETAILS["place"], occasion=DETAILS["occasion"])
    ops = _ops(design, cert)
    _assert_inside(definition, ops)
    by_id: dict[str, list[_TextOp]] = {}
    for op in ops:
        by_id.setdefault(op.element.id, []).append(op)
    assert len(by_id["name"]) == 1 and len(by_id["heading"]) == 2 and len(by_id["citation"]) == 2
    for element_id, pair in by_id.items():
        if len(pair) == 2:  # first language in the top half, second below, at one size
            top, bottom = pair
            assert top.element.y + top.element.height <= bottom.element.y + 1e-9, element_id
            assert top.size == bottom.size, element_id


def test_one_language_is_the_design_of_before():
    design = make_design(load_award("jubilee-medal"), parse_language_spec("kk"))
    assert type(design) is CertificateDesign and design.lang == "kk"


def test_same_input_gives_identical_pdf(tmp_path):
    first = _make(tmp_path, "jubilee-medal", "kk+ru").read_bytes()
    second = certificate_bytes("jubilee-medal", RECIPIENT, lang="kk+ru", **DETAILS)
    assert first == second
    assert first != certificate_bytes("jubilee-medal", RECIPIENT, lang="ru+kk", **DETAILS)


def test_120_letter_name_fits_once_or_in_two_halves(tmp_path):
    kk = ("Әбдірайымова-Сермағамбетова Гүлнұр Жарылқасынқызы " * 3)[:120].strip()
    ru = ("Абдирайымова-Сермагамбетова Гульнур Жарылкасыновна " * 3)[:120].strip()
    definition = load_award("jubilee-medal")
    design = make_design(definition, parse_language_spec("kk+ru"))
    same = _ops(design, Certificate(person=Person(name={"kk": kk}), number="1", date=JULY_4))
    assert [len(op.lines) for op in same if op.element.id == "name"] == [2]
    _assert_inside(definition, same)
    both = _ops(design, Certificate(person=Person(name={"kk": kk, "ru": ru}), number="1", date=JULY_4))
    names = [op for op in both if op.element.id == "name"]
    assert len(names) == 2 and names[0].size == names[1].size
    _assert_inside(definition, both)
    text = pdf_text(_make(tmp_path, "jubilee-medal", "kk+ru", recipient={"name": {"kk": kk, "ru": ru}}))
    assert flat(kk).replace("- ", "-") in text.replace("- ", "-")
    assert flat(ru).replace("- ", "-") in text.replace("- ", "-")


def test_text_that_cannot_fit_is_an_error(tmp_path):
    with pytest.raises(qujat.RecordError, match="does not fit") as info:
        _make(tmp_path, "jubilee-medal", "kk+ru", recipient={"name": {"kk": "Ә" * 300, "ru": "Я" * 300}})
    assert "name" in info.value.render()
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("lang,message", [
    ("kk+xx", "'xx' is not a language qujat has"),
    ("zz+ru", "'zz' is not a language qujat has"),
    ("kk+ru+en", "'kk\\+ru\\+en' is not a document language"),
    ("kk+kk", "'kk\\+kk' is not a document language"),
])
def test_bad_language_pair_is_a_clear_error(tmp_path, lang, message):
    with pytest.raises(UsageError, match=message):
        _make(tmp_path, "jubilee-medal", lang)
    assert not list(tmp_path.glob("*.pdf"))


def test_record_certificates_in_two_languages(tmp_path):
    paths = qujat.render_record_certificates(qujat.load_record(AKTOBE), tmp_path, lang="ru+kk")
    assert [p.name for p in paths] == ["FB-0001 Румянцев Вячеслав.ru+kk.pdf", "FB-0002 Харрасов Азат.ru+kk.pdf"]
    text = pdf_text(paths[1])
    assert text.index("УДОСТОВЕРЕНИЕ") < text.index("КУӘЛІК")
    # the name as the record gives it in each language (ru «Харрасов Азат», kk «Азат Харрасов»),
    # one line each, the first language's above
    names = [(line, top) for line, top in _line_tops(paths[1]) if "Харрасов" in line]
    assert [line for line, _ in names] == ["Харрасов Азат", "Азат Харрасов"] and names[0][1] > names[1][1]


def test_batch_in_two_languages_with_a_row_of_its_own(tmp_path):
    source = tmp_path / "l.csv"
    with open(source, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ФИО", "Награда", "Язык"])
        writer.writerows([["Бекбас О.Т.", "jubilee-medal", ""], ["Харрасов А.", "federation-badge", "ru+en"],
                          ["Калиев С.Е.", "jubilee-medal", "kk"], ["Румянцев В.", "jubilee-medal", "kk+xx"]])
    report = qujat.print_batch(source, tmp_path / "o", lang="kk+ru", date=JULY_4, split=True)
    assert [e.status for e in report.entries] == ["issued", "issued", "issued", "failed"]
    assert "'xx' is not a language qujat has" in report.entries[3].reason
    assert [e.language for e in report.entries] == ["kk+ru", "ru+en", "kk", "kk+xx"]
    folder = tmp_path / "o" / "l"
    assert sorted(p.name for p in folder.iterdir()) == [
        "A20-0001 Бекбас О.Т.kk+ru.pdf", "A20-0002 Калиев С.Е.kk.pdf", "FB-0001 Харрасов А.ru+en.pdf"]
    text = pdf_text(folder / "FB-0001 Харрасов А.ru+en.pdf")
    assert text.index("УДОСТОВЕРЕНИЕ") < text.index("CERTIFICATE") < text.index("Харрасов А.")
    combined = qujat.print_batch(source, tmp_path / "c", lang="kk+ru", date=JULY_4)
    pages = PdfReader(str(tmp_path / "c" / "l.pdf")).pages
    assert combined.reprinted == 3 and combined.issued == 0 and len(pages) == 3
    assert ["КУӘЛІК" in p.extract_text() and "УДОСТОВЕРЕНИЕ" in p.extract_text() for p in pages] == \
        [True, False, False]
    assert "CERTIFICATE" in pages[1].extract_text() and "УДОСТОВЕРЕНИЕ" not in pages[2].extract_text()
