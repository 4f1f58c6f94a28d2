"""The wording of the documents, each rule on rendered text (docs/language.md): plural forms,
the medal's name in Russian, the duplicate's and the draft's words, Kazakh posts, initials
and the presenter's «Вручил» / «Вручила»."""
from __future__ import annotations

import datetime as dt
import subprocess

import pytest

import qujat
from conftest import ALMATY, base_record, docx_text, require_tool, run_cli
from qujat.i18n.grammar import kk_genitive, kk_possessive, kk_post, lower_first
from qujat.i18n.spec import parse_language_spec

JULY_4 = dt.date(2018, 7, 4)


def _minutes(record, lang, tmp_path, name=None):
    return "\n".join(docx_text(qujat.render_minutes(record, tmp_path / (name or f"{lang}.docx"), lang=lang)))


def _pdf(path) -> str:
    text = subprocess.run([require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(text.replace("\u202f", " ").split())


def _page(path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def _vote(write_record, against=0, abstained=1):
    agenda = base_record()["agenda"]
    agenda[0]["resolutions"][0]["vote"] = {"for": 5, "against": against, "abstained": abstained}
    return qujat.load_record(write_record(base_record(agenda=agenda)))


# --- plural forms ----------------------------------------------------------------------------

@pytest.mark.parametrize("abstained, en, ru, kk", [
    (1, "1 abstention.", "«воздержались» — 1.", "«қалыс қалды» — 1."),
    (2, "2 abstentions.", "«воздержались» — 2.", "«қалыс қалды» — 2."),
    (0, "0 abstentions.", "«воздержались» — 0.", "«қалыс қалды» — 0."),
])
def test_abstentions_take_the_plural_form_of_their_number(tmp_path, write_record, abstained, en, ru, kk):
    record = _vote(write_record, abstained=abstained)
    assert f"Vote: 5 for, 0 against, {en}" in _minutes(record, "en", tmp_path)
    assert f"Голосовали: «за» — 5, «против» — 0, {ru}" in _minutes(record, "ru", tmp_path)
    assert f"Дауыс берілді: «жақтап» — 5, «қарсы» — 0, {kk}" in _minutes(record, "kk", tmp_path)
    assert "1 abstentions" not in _minutes(record, "en", tmp_path, "again.docx")


def test_an_item_vote_as_a_whole_too(tmp_path, write_record):
    agenda = base_record()["agenda"]
    agenda[0]["vote"] = {"for": 7, "against": 0, "abstained": 1}
    text = _minutes(qujat.load_record(write_record(base_record(agenda=agenda))), "en", tmp_path)
    assert "Vote on the item as a whole: 7 for, 0 against, 1 abstention." in text


# --- the medal's name in Russian --------------------------------------------------------------

def test_russian_texts_keep_the_medals_kazakh_name(tmp_path):
    text = _minutes(qujat.load_record(ALMATY), "ru", tmp_path)
    assert "Юбилейной медалью «Астанаға 20 жыл» награждены:" in text and "20 лет Астане" not in text
    path = qujat.render_certificate("jubilee-medal", "Калиев С.Е.", tmp_path / "c.pdf", lang="ru", date=JULY_4)
    page = _pdf(path)
    assert "к юбилейной медали «Астанаға 20 жыл»" in page
    assert "награждается юбилейной медалью «Астанаға 20 жыл»" in page and "20 лет Астане" not in page


@pytest.mark.parametrize("written", ["юбилейная медаль «20 лет Астане»", "«20 лет Астане»",
                                     "Юбилейная медаль «Астанаға 20 жыл»", "«Астанаға 20 жыл» мерекелік медалі"])
def test_a_list_names_the_medal_in_its_new_or_its_old_russian_name(tmp_path, written):
    listing = tmp_path / "list.csv"
    listing.write_text(f"ФИО;Вид награды;Язык\nКалиев Серик Ерланович;{written};ru\n", encoding="utf-8")
    report = qujat.print_batch(listing, tmp_path / "out", date=JULY_4)
    assert report.failed == 0 and [e.award for e in report.entries] == ["jubilee-medal"]
    assert "«Астанаға 20 жыл»" in _pdf(report.outputs[0])


# --- the duplicate and the draft -------------------------------------------------------------

def test_the_duplicate_mark_names_each_languages_word_once():
    from qujat.registry.drafts import duplicate_mark

    assert duplicate_mark() == "ТЕЛНҰСҚА / ДУБЛИКАТ / DUPLICATE"
    assert duplicate_mark(parse_language_spec("kk+ru")) == "ТЕЛНҰСҚА / ДУБЛИКАТ / DUPLICATE"
    assert duplicate_mark(parse_language_spec("kk-Latn")) == "TELNŪSQA / DUPLICATE"


def test_a_duplicate_is_marked_telnusqa(tmp_path):
    assert run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "--date", "2018-07-04",
                   "-o", str(tmp_path / "c.pdf")).returncode == 0
    made = run_cli("registry", "duplicate", "A20-0001", "-o", str(tmp_path / "copy.pdf"))
    assert made.returncode == 0, made.stderr
    text = _page(tmp_path / "copy.pdf")
    assert "ТЕЛНҰСҚА / ДУБЛИКАТ / DUPLICATE" in text and "ДУБЛИКАТ / ДУБЛИКАТ" not in text


@pytest.mark.parametrize("lang, number", [("kk", "№ ҮЛГІ"), ("ru", "№ ОБРАЗЕЦ"), ("en", "No. DRAFT"),
                                          ("kk-Latn", "№ ÜLGI")])
def test_a_draft_is_numbered_in_its_language(tmp_path, lang, number):
    out = tmp_path / "d.pdf"
    made = run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "--lang", lang, "--draft",
                   "--date", "2018-07-04", "-o", str(out))
    assert made.returncode == 0, made.stderr
    text = _pdf(out)
    assert number in text and "№ DRAFT" not in text


def test_a_bilingual_draft_is_numbered_in_both(tmp_path):
    out = tmp_path / "d.pdf"
    made = run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "--lang", "kk+ru", "--draft",
                   "--date", "2018-07-04", "-o", str(out))
    assert made.returncode == 0, made.stderr
    text = _pdf(out)
    assert "№ ҮЛГІ" in text and "№ ОБРАЗЕЦ" in text


# --- Kazakh posts ------------------------------------------------------------------------------

@pytest.mark.parametrize("position, organisation, printed", [
    ("Төраға", "Білім және ғылым қызметкерлерінің облыстық кәсіподағы",
     "Білім және ғылым қызметкерлерінің облыстық кәсіподағының төрағасы"),
    ("бас есепші", "Ақтөбе облыстық кәсіподақтар орталығы", "Ақтөбе облыстық кәсіподақтар орталығының бас есепшісі"),
    ("экономист", "«Алматы жылу желілері» ЖШС бастауыш кәсіподақ ұйымы",
     "«Алматы жылу желілері» ЖШС бастауыш кәсіподақ ұйымының экономисі"),
    ("атқарушы директор", "«Алматы электр станциялары» АҚ", "«Алматы электр станциялары» АҚ атқарушы директоры"),
    ("электр монтері", "«Ақтөбе өңірлік электр желілері» АҚ", "«Ақтөбе өңірлік электр желілері» АҚ электр монтері"),
    ("аға мейірбике", "«Ақтөбе қалалық № 2 ауруханасы» ШЖҚ МКК",
     "«Ақтөбе қалалық № 2 ауруханасы» ШЖҚ МКК аға мейірбикесі"),
])
def test_kazakh_post_comes_after_the_organisation_in_the_genitive(position, organisation, printed):
    assert kk_post(position, organisation) == printed


def test_kazakh_suffixes_follow_the_last_sound():
    assert kk_genitive("мектебі") == "мектебінің" and kk_genitive("кеңес") == "кеңестің"
    assert kk_genitive("Мәдениет үйі") == "Мәдениет үйінің" and kk_genitive("қала") == "қаланың"
    assert kk_genitive("зауыт") == "зауыттың" and kk_genitive("одақ") == "одақтың" and kk_genitive("ел") == "елдің"
    assert kk_genitive("«Қазақтелеком» АҚ") == "«Қазақтелеком» АҚ"  # the bare form after an abbreviation
    assert kk_possessive("механик") == "механигі" and kk_possessive("тәрбиеші") == "тәрбиешісі"
    assert kk_possessive("бастауыш сынып мұғалімі") == "бастауыш сынып мұғалімі"
    assert lower_first("Төраға") == "төраға" and lower_first("ҚР өкілі") == "ҚР өкілі"


def test_kazakh_certificate_prints_the_post_as_kazakh_writes_it(tmp_path):
    recipient = {"name": "Жақсыбекова Әсел Нұрланқызы", "position": "Төраға",
                 "organisation": "Білім және ғылым қызметкерлерінің облыстық кәсіподағы"}
    kk = _pdf(qujat.render_certificate("jubilee-medal", recipient, tmp_path / "kk.pdf", lang="kk", date=JULY_4))
    assert "Білім және ғылым қызметкерлерінің облыстық кәсіподағының төрағасы" in kk
    assert "Төраға, Білім" not in kk
    ru = _pdf(qujat.render_certificate("jubilee-medal", {**recipient, "position": "председатель",
                                                         "organisation": "Областной профсоюз работников образования"},
                                       tmp_path / "ru.pdf", lang="ru", date=JULY_4))
    assert "Председатель, Областной профсоюз работников образования" in ru


def test_a_persons_title_is_printed_as_given(tmp_path, write_record):
    title = {"kk": "Қазақстан Республикасы Кәсіподақтары Федерациясының төрағасы",
             "ru": "председатель Федерации профсоюзов Республики Казахстан"}
    recipients = [{"name": {"kk": "Б.Ж. Әбдірайым", "ru": "Абдирайым Б.Ж."}, "position": "төраға",
                   "organisation": "ҚРКФ", "title": title}]
    record = qujat.load_record(write_record(base_record(awards=[{"award": "jubilee-medal",
                                                                 "recipients": recipients}])))
    out = tmp_path / "out"
    paths = qujat.render_record_certificates(record, out, lang="kk")
    text = _pdf(paths[0])
    assert "Қазақстан Республикасы Кәсіподақтары Федерациясының төрағасы" in text and "ҚРКФ төрағасы" not in text
    assert "Федерациясының Төрағасы" not in text
    ru = _pdf(qujat.render_record_certificates(record, tmp_path / "ru", lang="ru")[0])
    assert "Председатель Федерации профсоюзов Республики Казахстан" in ru


def test_kazakh_minutes_list_people_with_the_post_after_the_organisation(tmp_path):
    text = _minutes(qujat.load_record(ALMATY), "kk", tmp_path)
    assert "О.Т. Бекбас — «Қазақстандық энергетиктер салалық кәсіподағы» қоғамдық бірлестігінің төрағасы" in text
    assert "М.Х. Оксикбаев — «Алматы электр станциялары» АҚ атқарушы директоры" in text
    assert "Федерациясының Төрағасы" not in text


# --- initials --------------------------------------------------------------------------------

@pytest.mark.parametrize("name, signature", [("Ирина Викторовна Лебедева", "И.В. Лебедева"),
                                             ("Лебедева Ирина Викторовна", "И.В. Лебедева"),
                                             ("Серік Болат ұлы Өмірзақов", "С.Б. Өмірзақов")])
def test_initials_when_the_given_name_comes_first(tmp_path, write_record, name, signature):
    record = qujat.load_record(write_record(base_record(chair={"name": name}, secretary={"name": name})))
    text = _minutes(record, "ru", tmp_path)
    assert f"Председательствующий | _______________ | {signature}" in text
    assert "В.Л. Ирина" not in text


# --- who presented -----------------------------------------------------------------------------

@pytest.mark.parametrize("presenter, label", [
    ({"name": "Иванова Анна Борисовна"}, "Вручила:"),
    ({"name": "Ирина Викторовна Лебедева"}, "Вручила:"),
    ({"name": "Серік Болат ұлы Өмірзақов"}, "Вручил:"),
    ({"name": "Иванова Анна Борисовна", "gender": "m"}, "Вручил:"),  # the record's gender wins
    ({"name": "Иванова А.Б."}, "Вручающий:"),
    ("Иванов Иван Иванович, председатель профкома", "Вручил:"),
    ("Абдирайым Б.Ж., председатель Федерации", "Вручающий:"),
])
def test_presenter_by_the_patronymic_when_gender_is_missing(tmp_path, write_record, presenter, label):
    awards = [{"award": "jubilee-medal", "presented_by": presenter, "recipients": [{"name": "Калиев С.Е."}]}]
    text = _minutes(qujat.load_record(write_record(base_record(awards=awards))), "ru", tmp_path)
    assert f"\n{label} " in text and "Вручение наград" not in text and "(а)" not in text


# --- the bilingual appendix and the help ---------------------------------------------------------

def test_the_bilingual_appendix_numbers_its_rows_under_one_sign(tmp_path, write_record):
    people = [{"name": {"kk": f"Қатысушы{i} А.Б.", "ru": f"Участник{i} А.Б."}} for i in range(1, 21)]
    record = qujat.load_record(write_record(base_record(attendees=people)))
    lines = docx_text(qujat.render_minutes(record, tmp_path / "m.docx", lang="kk+ru"))
    heading = next(line for line in lines if "Фамилия, имя, отчество" in line)
    assert heading.split(" | ")[0] == "№" and "№ п/п" not in heading
    ru = docx_text(qujat.render_minutes(record, tmp_path / "ru.docx", lang="ru"))
    assert any(line.startswith("№ п/п | ") for line in ru)  # a Russian list keeps its own heading


@pytest.mark.parametrize("command", ["minutes", "certificates", "certificate", "batch"])
def test_help_names_every_language(command):
    shown = "".join(run_cli(command, "--help").stdout.split())  # click may wrap a line after «kk-»
    assert "kk-Latn" in shown and "kk+ru" in shown
