"""Award certificates: read back from the PDF, in kk, ru and en, and every bad-input case."""
from __future__ import annotations

import datetime as dt
import re
import textwrap

import pytest
from pypdf import PdfReader

import qujat
from conftest import AKTOBE, ALMATY, decode_qr, require_tool, run_cli
from qujat import RecordError, TemplateError
from qujat.certificates.definitions import load_award
from qujat.tasks.award_certificates import certificate_bytes, record_certificates

KAZAKH = "Ә ә Ғ ғ Қ қ Ң ң Ө ө Ұ ұ Ү ү Һ һ І і"
JULY_4 = dt.date(2018, 7, 4)
HEADINGS = {"kk": "КУӘЛІК", "ru": "УДОСТОВЕРЕНИЕ", "en": "CERTIFICATE"}
CITATIONS = {
    ("jubilee-medal", "kk"): "«Астанаға 20 жыл» мерекелік медалімен марапатталды",
    ("jubilee-medal", "ru"): "награждается юбилейной медалью «Астанаға 20 жыл»",
    ("jubilee-medal", "en"): "has been awarded the jubilee medal “20 Years of Astana”",
    ("federation-badge", "kk"): "«Кәсіподақтарға сіңірген еңбегі үшін» төсбелгісімен",
    ("federation-badge", "ru"): "нагрудным знаком «За заслуги перед профсоюзами»",
    ("federation-badge", "en"): "has been awarded the badge “For Services to Trade Unions”",
}

#: The post and organisation «төраға», ««Энергетиктер» кәсіподағы»: Kazakh puts the organisation in
#: the genitive first (the post in lower case), the others keep the order typed.
POSTS = {"kk": "«Энергетиктер» кәсіподағының төрағасы", "ru": "Төраға, «Энергетиктер» кәсіподағы",
         "en": "Chairman, Energy Workers’ Union"}
#: The recipient's name and the signatory's on each page: an English page has them in Latin letters.
NAMES = {"kk": "Бекбас Оразбек Тұрсынұлы", "ru": "Бекбас Оразбек Тұрсынұлы", "en": "Orazbek Bekbas"}
SIGNATORIES = {"kk": "Б.Ж. Әбдірайым", "ru": "Б.Ж. Әбдірайым", "en": "B. Zh. Abdirayim"}


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def _make(tmp_path, award="jubilee-medal", lang="kk", name=None, **details):
    details.setdefault("date", JULY_4)
    details.setdefault("place", {"kk": "Алматы", "ru": "Алматы", "en": "Almaty"})
    details.setdefault("signatory", {"*": SIGNATORIES["kk"], "en": SIGNATORIES["en"]})
    recipient = {"name": name or {"*": NAMES["kk"], "en": NAMES["en"]}, "position": {"*": "төраға", "en": "Chairman"},
                 "organisation": {"*": "«Энергетиктер» кәсіподағы", "en": "Energy Workers’ Union"}}
    return qujat.render_certificate(award, recipient, tmp_path / f"{award}.{lang}.pdf", lang=lang, **details)


@pytest.mark.parametrize("award", ["jubilee-medal", "federation-badge"])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_award_in_each_language_reads_back(tmp_path, award, lang):
    path = _make(tmp_path, award, lang, number="X-0042")
    text = flat(pdf_text(path))
    assert HEADINGS[lang] in text
    assert NAMES[lang] in text and POSTS[lang] in text
    assert CITATIONS[(award, lang)] in text
    date = {"kk": "2018 жылғы 4 шілде", "ru": "4 июля 2018 г.", "en": "4 July 2018"}[lang]
    assert date in text.replace("\u202f", " ")
    assert "X-0042" in text and SIGNATORIES[lang] in text
    # reading order: heading, then the name, then the citation
    assert text.index(HEADINGS[lang]) < text.index(NAMES[lang]) < text.index(CITATIONS[(award, lang)])
    if lang == "en":  # the recipient's texts in Latin letters alone (the drawn medal keeps its inscription)
        assert not re.search("Бекбас|Әбдірайым|төраға|Энергетиктер", text, re.IGNORECASE)


def test_every_kazakh_letter_and_typographic_sign_extracts(tmp_path):
    name = f"{KAZAKH} «Ұлы» — № 7"
    text = pdf_text(_make(tmp_path, name=name))
    assert name in text


def test_fonts_are_embedded_subsets_and_page_is_a4_landscape(tmp_path):
    reader = PdfReader(str(_make(tmp_path)))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    assert page.trimbox == page.mediabox and page.cropbox == page.mediabox
    fonts = {}

    def collect(resources):
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                collect(xobject["/Resources"])

    collect(page["/Resources"])
    assert fonts, "no fonts found"
    for base, font in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+", base), f"{base} is not a subset"
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{base} is not embedded"
    assert sorted(base.split("+", 1)[1] for base in fonts) == ["PTSerif-Bold", "PTSerif-Italic", "PTSerif-Regular"]


def test_missing_glyph_is_a_clear_error_and_no_file(tmp_path):
    with pytest.raises(RecordError, match=r"'漢' \(U\+6F22\) is not in the font PT Serif Bold") as info:
        _make(tmp_path, name="Бекбас 漢")
    assert "name" in info.value.render()
    assert not list(tmp_path.glob("*.pdf"))


def test_120_letter_name_shrinks_then_wraps_within_its_box(tmp_path):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from qujat.certificates.design import MM, CertificateDesign
    from qujat.model import Certificate
    from qujat.records.schema import Person

    name = ("Әбдірайымова-Сермағамбетова Гүлнұр Жарылқасынқызы " * 3)[:120].strip()
    assert len(name) >= 118
    design = CertificateDesign(load_award("jubilee-medal"), "kk")
    page = design.prepare(Certificate(person=Person(name={"kk": name}), number="1", date=JULY_4))
    op = next(op for op in page.ops if getattr(op, "element", None) and op.element.id == "name")
    assert len(op.lines) == 2 and op.element.wrap_min_size <= op.size < op.element.min_size
    for line in op.lines:
        assert stringWidth(line, op.element.font, op.size) <= op.element.width * MM
    assert 2 * op.size * op.element.leading <= op.element.height * MM + 0.01
    assert flat(name) in flat(re.sub(r"-\s*\n\s*", "-", pdf_text(_make(tmp_path, name=name))))


def test_text_that_cannot_fit_is_an_error(tmp_path):
    with pytest.raises(RecordError, match="does not fit"):
        _make(tmp_path, name="Ә" * 400)


def test_markup_characters_print_as_typed(tmp_path):
    name = 'Ltd <b>"Aq & Qara"</b> & Co'
    assert name in pdf_text(_make(tmp_path, name=name, lang="en"))


def test_same_input_gives_identical_pdf(tmp_path):
    first = _make(tmp_path, lang="ru").read_bytes()
    second = certificate_bytes("jubilee-medal", {"name": "Бекбас Оразбек Тұрсынұлы", "position": "төраға",
                                                 "organisation": "«Энергетиктер» кәсіподағы"}, lang="ru",
                               date=JULY_4, place={"kk": "Алматы", "ru": "Алматы", "en": "Almaty"},
                               signatory="Б.Ж. Әбдірайым")
    assert first == second


def test_metadata(tmp_path):
    reader = PdfReader(str(_make(tmp_path, lang="ru")))
    meta = reader.metadata
    assert meta.title == "Юбилейная медаль «Астанаға 20 жыл» — Бекбас Оразбек Тұрсынұлы"
    assert meta.author == "Федерация профсоюзов Республики Казахстан"
    assert meta.subject == "Юбилейная медаль «Астанаға 20 жыл»"
    assert reader.trailer["/Root"]["/Lang"] == "ru"


def test_qr_code_decodes_to_number_and_date(tmp_path):
    from qujat.registry.signing import decode_payload

    pdf = _make(tmp_path, lang="en", number="A20-0777", name="Bekbas Orazbek")
    [code] = decode_qr(pdf)
    seal = decode_payload(code)[0]  # the registry's signed payload
    assert (seal.number, seal.award, seal.date, seal.name) == ("A20-0777", "jubilee-medal", "2018-07-04",
                                                               "Bekbas Orazbek")


def test_record_certificates_are_numbered_in_order():
    found = record_certificates(qujat.load_record(ALMATY))
    assert [c.number for c in found] == ["A20-0001", "A20-0002", "A20-0003"]
    assert {c.award for c in found} == {"jubilee-medal"}


def test_record_certificates_written_per_recipient(tmp_path):
    paths = qujat.render_record_certificates(qujat.load_record(AKTOBE), tmp_path, lang="ru")
    assert [p.name for p in paths] == ["FB-0001 Румянцев Вячеслав.ru.pdf", "FB-0002 Харрасов Азат.ru.pdf"]
    text = flat(pdf_text(paths[1]))
    assert "Харрасов Азат" in text and "г. Актобе, 12 июля 2018 г." in text.replace("\u202f", " ")
    assert "80-летием" in text


THIRD_AWARD = textwrap.dedent("""\
    # A certificate of honour, defined by an office without touching code.
    name: "Құрмет грамотасы"
    ceremony: "Құрмет грамотасымен марапатталғандар:"
    issuer: "{{ _('Federation of Trade Unions of the Republic of Kazakhstan') }}"
    page: {size: A4, orientation: portrait}
    colours: {primary: "#225522", accent: "#aa8800", text: "#111111", guilloche: ["#225522"]}
    numbering: {prefix: "QG/", digits: 3, start: 5}
    elements:
      - {id: title, text: "ҚҰРМЕТ ГРАМОТАСЫ", x: 20, y: 30, width: 170, height: 20, font: PT Serif Bold, size: 30}
      - {id: emblem, kind: emblem, emblem: badge, x: 80, y: 55, size: 50, top_text: "ҚРКФ"}
      - {id: name, text: "{{ recipient.name }}", x: 20, y: 130, width: 170, height: 25, size: 26, min_size: 14,
         max_lines: 2}
      - {id: number, text: "{{ number }}", x: 20, y: 200, width: 170, height: 10, size: 12}
      - {id: qr, kind: qr, x: 160, y: 250, size: 25, text: "{{ number }}"}
    """)


def test_a_third_award_is_a_file_not_code(tmp_path, monkeypatch):
    folder = tmp_path / "awards"
    folder.mkdir()
    (folder / "honour-certificate.yaml").write_text(THIRD_AWARD, encoding="utf-8")
    monkeypatch.setenv("QUJAT_AWARDS_PATH", str(folder))  # for the command below
    path = qujat.render_certificate("honour-certificate", "Гүлнұр Әбдірайымова", tmp_path / "h.pdf", lang="kk",
                                    date=JULY_4, settings=qujat.Settings(awards_path=(folder,)))
    page = PdfReader(str(path)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = pdf_text(path)
    assert "ҚҰРМЕТ ГРАМОТАСЫ" in text and "Гүлнұр Әбдірайымова" in text and "QG/005" in text
    result = run_cli("certificate", "--award", "honour-certificate", "--name", "Азат Харрасов",
                     "-o", str(tmp_path / "cli.pdf"))
    assert result.returncode == 0, result.stderr
    assert "Азат Харрасов" in pdf_text(tmp_path / "cli.pdf")


def _definition_error(tmp_path, text):
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_award("bad", [tmp_path])
    return info.value.render()


def test_definition_with_missing_field(tmp_path):
    message = _definition_error(tmp_path, THIRD_AWARD.replace('name: "Құрмет грамотасы"\n', ""))
    assert str(tmp_path / "bad.yaml") in message and "name: is required but missing" in message


def test_definition_with_element_off_the_page(tmp_path):
    message = _definition_error(tmp_path, THIRD_AWARD.replace("x: 160, y: 250, size: 25", "x: 160, y: 280, size: 25"))
    assert "element 'qr'" in message and "off the 210 × 297 mm page" in message
    line = next(i for i, row in enumerate(THIRD_AWARD.splitlines(), 1) if "id: qr" in row)
    assert f"bad.yaml:{line}:" in message


def test_definition_with_overlapping_elements(tmp_path):
    message = _definition_error(tmp_path, THIRD_AWARD.replace("x: 20, y: 200,", "x: 20, y: 140,"))
    assert "element 'number' overlaps element 'name'" in message


def test_unknown_award_and_nameless_recipient(tmp_path):
    with pytest.raises(TemplateError, match=r"unknown award 'gold-star'; known awards: .*jubilee-medal"):
        qujat.render_certificate("gold-star", "X", tmp_path / "x.pdf")
    with pytest.raises(RecordError, match="recipient name is required"):
        qujat.render_certificate("jubilee-medal", {"position": "төраға"}, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_cli_bad_inputs_exit_2(tmp_path):
    for args, expected in [(["--award", "gold-star", "--name", "X"], "unknown award 'gold-star'"),
                           (["--award", "jubilee-medal", "--name", " "], "name"),
                           (["--award", "jubilee-medal", "--name", "Ω 漢"], "U+6F22")]:
        result = run_cli("certificate", *args, "-o", str(tmp_path / "x.pdf"))
        assert result.returncode == 2 and expected in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "x.pdf").exists()


def test_cli_certificates_for_a_record_with_preview(tmp_path):
    require_tool("pdftoppm")
    result = run_cli("certificates", str(AKTOBE), "--lang", "kk", "--award", "federation-badge",
                     "-o", str(tmp_path / "out"), "--preview")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "FB-0001 Вячеслав Румянцев.kk-1.png", "FB-0001 Вячеслав Румянцев.kk.pdf",
        "FB-0002 Азат Харрасов.kk-1.png", "FB-0002 Азат Харрасов.kk.pdf"]


def test_preview_without_pdftoppm_says_how_to_get_it(tmp_path):
    result = run_cli("certificate", "--award", "jubilee-medal", "--name", "X", "--preview",
                     "-o", str(tmp_path / "x.pdf"), PATH=str(tmp_path))
    assert result.returncode == 2 and "apt-get install poppler-utils" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_name_in_latin_letters_on_a_kazakh_page_is_printed_as_written_with_a_warning(tmp_path):
    from qujat.errors import QujatWarning

    with pytest.warns(QujatWarning) as caught:
        path = _make(tmp_path, name="B. Zh. Abdirayim")
    assert [str(w.message) for w in caught if not str(w.message).startswith("registry: created")] == [
        "B. Zh. Abdirayim: the name «B. Zh. Abdirayim» is printed as written, in Latin letters («Abdirayim»), on a "
        "certificate in kk: if it should be in Cyrillic letters, write it so, as the person spells it"]
    assert "B. Zh. Abdirayim" in pdf_text(path)
