"""The registry's model as an office uses it: one person across languages, one award, one number,
a document per printed form; links, namesakes, look-alike letters; where the registry lives."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import unicodedata
from pathlib import Path

import pytest

import qujat
from conftest import base_record, decode_qr, run_cli
from qujat.identity import name_key
from qujat.registry.signing import decode_payload
from qujat.registry.store import Registry
from test_registry import _iin, pdf_text, write_list

JULY_4 = dt.date(2018, 7, 4)

#: Twelve recipients as a Karaganda record writes them: kk, ru and en names; the first three read
#: alike in Kazakh and Russian.
KARAGANDA = [
    ("Ахметов Е.С.", "Ахметов Е.С.", "E. S. Akhmetov"),
    ("Ли В.Н.", "Ли В.Н.", "V. N. Li"),
    ("Ким О.А.", "Ким О.А.", "O. A. Kim"),
    ("Ә.Б. Сейітқазы", "Сейтказы А.Б.", "A. B. Seitkazy"),
    ("Қ.Т. Нұрланов", "Нурланов К.Т.", "K. T. Nurlanov"),
    ("Ж.М. Оспанова", "Оспанова Ж.М.", "Zh. M. Ospanova"),
    ("Ө.С. Бөкейханов", "Букейханов О.С.", "O. S. Bukeikhanov"),
    ("Ү.Д. Тұрсынбаева", "Турсынбаева У.Д.", "U. D. Tursynbayeva"),
    ("Ғ.Р. Ғаббасов", "Габбасов Г.Р.", "G. R. Gabbasov"),
    ("І.Е. Ізбасаров", "Избасаров И.Е.", "I. Ye. Izbassarov"),
    ("Ң.А. Жаңабаев", "Жанабаев Н.А.", "N. A. Zhanabayev"),
    ("Һ.К. Һашимов", "Хашимов Х.К.", "H. K. Khashimov"),
]


def karaganda_record(write_record) -> Path:
    recipients = [{"name": {"kk": kk, "ru": ru, "en": en}, "position": {"kk": "төраға", "ru": "председатель",
                                                                       "en": "chairman"}}
                  for kk, ru, en in KARAGANDA]
    return write_record(base_record(awards=[{"award": "jubilee-medal", "recipients": recipients}]), "karaganda.yaml")


def test_a_record_in_kk_ru_kk_ru_and_kk_again_gives_12_numbers_and_36_documents(tmp_path, write_record):
    record = karaganda_record(write_record)
    registry = str(tmp_path / "reg.sqlite3")
    for run, lang in enumerate(("kk", "ru", "kk+ru", "kk")):
        result = run_cli("certificates", str(record), "--lang", lang, "-o", str(tmp_path / f"{run}-{lang}"),
                         "--registry", registry)
        assert result.returncode == 0, result.stderr
    with Registry.open(registry) as reg:
        awards = reg.list()
        assert [e.number for e in awards] == [f"A20-{n:04d}" for n in range(1, 13)]
        assert [sorted(d.language for d in e.documents) for e in awards] == [["kk", "kk+ru", "ru"]] * 12
        assert {d.status for e in awards for d in e.documents} == {"issued"}
        assert sum(len(e.documents) for e in awards) == 36
    folders = [tmp_path / f"{run}-{lang}" for run, lang in enumerate(("kk", "ru", "kk+ru", "kk"))]
    for first, again in zip(sorted(folders[0].iterdir()), sorted(folders[3].iterdir())):
        assert first.name == again.name and first.read_bytes() == again.read_bytes()  # the kk re-run
    # the Russian documents carry the number of the Kazakh ones, and the Russian name
    ru = sorted(p.name for p in folders[1].iterdir())
    assert ru[:3] == ["A20-0001 Ахметов Е.С.ru.pdf", "A20-0002 Ли В.Н.ru.pdf", "A20-0003 Ким О.А.ru.pdf"]
    assert ru[3] == "A20-0004 Сейтказы А.Б.ru.pdf"
    [code] = decode_qr(folders[2] / "A20-0004 Ә.Б. Сейітқазы.kk+ru.pdf")
    assert decode_payload(code)[0].number == "A20-0004"
    # the minutes cite the number the person was handed
    from conftest import docx_text

    assert run_cli("minutes", str(record), "-o", str(tmp_path / "m.docx"), "--registry", registry).returncode == 0
    assert sum("A20-0004" in line for line in docx_text(tmp_path / "m.docx")) == 1


def test_ru_after_kk_is_another_document_of_the_same_award_and_counted_so(tmp_path):
    listing = write_list(tmp_path / "l.csv", [{"ФИО": "Ахметов Ерлан", "Должность": "электрик"}])
    first = qujat.print_batch(listing, tmp_path / "kk", award="jubilee-medal", lang="kk", date=JULY_4)
    second = qujat.print_batch(listing, tmp_path / "ru", award="jubilee-medal", lang="ru", date=JULY_4)
    third = qujat.print_batch(listing, tmp_path / "ru2", award="jubilee-medal", lang="ru", date=JULY_4)
    assert (first.issued, second.new_language, third.reprinted) == (1, 1, 1)
    assert [e.status for e in second.entries] == ["new language"]
    assert second.entries[0].reason == "another language of A20-0001, 2018-07-04"
    assert (tmp_path / "ru" / "l.pdf").read_bytes() == (tmp_path / "ru2" / "l.pdf").read_bytes()
    assert second.summary().startswith("issued 0 new, reprinted 0 already awarded, 1 in another language")


# persons: ИИН and names ----------------------------------------------------------------------------

def test_an_earlier_award_without_iin_is_never_guessed_then_linked(tmp_path):
    registry = str(tmp_path / "reg.sqlite3")
    iin, other = _iin("0206066"), _iin("0307075")
    earlier = write_list(tmp_path / "2017.csv", [{"ФИО": "Жақсыбекова Айгүл", "ИИН": ""},
                                                 {"ФИО": "Омаров Бек", "ИИН": ""}])
    assert run_cli("batch", str(earlier), "--award", "federation-badge", "-o", str(tmp_path / "a"),
                   "--registry", registry).returncode == 0
    later = write_list(tmp_path / "2018.csv", [{"ФИО": "ЖАҚСЫБЕКОВА Айгүл", "ИИН": iin},
                                               {"ФИО": "Омаров Бек", "ИИН": other}])
    refused = run_cli("batch", str(later), "--award", "federation-badge", "-o", str(tmp_path / "b"),
                      "--registry", registry)
    assert refused.returncode == 1
    assert ("row 2: «ЖАҚСЫБЕКОВА Айгүл» was awarded FB-0001 (" in refused.stderr
            and f"`generate registry link FB-0001 --iin {iin}`" in refused.stderr
            and f"`generate registry link FB-0002 --iin {other} --different`" in refused.stderr)
    assert "refused 2" in refused.stdout
    with Registry.open(registry) as reg:
        assert [e.number for e in reg.list()] == ["FB-0001", "FB-0002"]  # nothing new
    assert run_cli("registry", "link", "FB-0001", "--iin", iin, "--registry", registry).returncode == 0
    assert run_cli("registry", "link", "FB-0002", "--iin", other, "--different", "--registry",
                   registry).returncode == 0
    # linking FB-0001 to a third ИИН is refused without showing the registry's ИИН whole (its
    # digits are the holder's birth date and sex): the last four only, as every list shows it
    third_iin = _iin("9912127")
    clash = run_cli("registry", "link", "FB-0001", "--iin", third_iin, "--registry", registry, "--ui-lang", "en")
    assert clash.returncode == 2
    assert clash.stderr.strip().splitlines()[-1] == (
        f"error: the holder of FB-0001 has another ИИН (••••••••{iin[-4:]}): if that one is wrong, revoke the "
        "certificate and issue it again")
    again = run_cli("batch", str(later), "--award", "federation-badge", "-o", str(tmp_path / "c"),
                    "--registry", registry)
    assert again.returncode == 0, again.stderr
    with open(tmp_path / "c" / "2018.run-sheet.csv", encoding="utf-8-sig") as fh:
        rows = [(r["number"], r["status"]) for r in csv.DictReader(fh)]
    assert rows == [("FB-0001", "reprinted"), ("FB-0003", "issued")]  # the namesake has his own number
    with Registry.open(registry) as reg:
        assert [e.kind for e in reg.history("FB-0001")][:2] == ["issued", "linked"]
    # a namesake with yet another ИИН is another person too
    third = write_list(tmp_path / "2019.csv", [{"ФИО": "Жақсыбекова Айгүл", "ИИН": _iin("9912127")}])
    assert run_cli("batch", str(third), "--award", "federation-badge", "-o", str(tmp_path / "d"),
                   "--registry", registry).returncode == 0
    assert "FB-0004" in (tmp_path / "d" / "2019.run-sheet.csv").read_text(encoding="utf-8-sig")


def test_a_name_in_russian_spelling_or_another_word_order_is_never_a_second_award(tmp_path):
    """A Kazakh list without ИИН, then the Russian list of the same people: «Калиев Серик» and
    «Жақсыбекова Әсел Нұрланқызы» reversed are perhaps the earlier holders and perhaps not: both
    rows refused with the link command (0.1.0 and the first persons model: a second medal each,
    exit 0); linked, the row is the award's Russian document; said different, its own number."""
    registry = str(tmp_path / "reg.sqlite3")
    kazakh = write_list(tmp_path / "kk.csv", [{"ФИО": "Әсел Нұрланқызы Жақсыбекова"}, {"ФИО": "Қалиев Серік"},
                                              {"ФИО": "Омаров Бек"}])
    args = ("--award", "jubilee-medal", "--date", "2018-07-04", "--registry", registry)
    assert run_cli("batch", str(kazakh), "--lang", "kk", "-o", str(tmp_path / "a"), *args).returncode == 0
    russian = write_list(tmp_path / "ru.csv", [{"ФИО": "Жақсыбекова Әсел Нұрланқызы", "ИИН": ""},
                                               {"ФИО": "Калиев Серик", "ИИН": ""},
                                               {"ФИО": "Бек Омаров", "ИИН": _iin("0206065")}])
    refused = run_cli("batch", str(russian), "--lang", "ru", "-o", str(tmp_path / "b"), *args)
    assert refused.returncode == 1
    assert "issued 0 new, reprinted 0 already awarded, 0 in another language of an existing award, refused 3" \
        in refused.stdout
    assert ("row 3: «Калиев Серик» may be «Қалиев Серік», awarded A20-0002 (2018-07-04), written another way: if "
            "that is this person, say so with `generate registry link A20-0002 --name \"Калиев Серик\"`, and if "
            "not, with `generate registry link A20-0002 --name \"Калиев Серик\" --different` (or give the row its "
            "ИИН); then run again") in refused.stderr
    assert "row 2: «Жақсыбекова Әсел Нұрланқызы» may be «Әсел Нұрланқызы Жақсыбекова», awarded A20-0001" \
        in refused.stderr
    assert (f"row 4: «Бек Омаров» was awarded A20-0003 (2018-07-04, «Омаров Бек») without an ИИН: if that is "
            f"this person, link them with `generate registry link A20-0003 --iin {_iin('0206065')}`") \
        in refused.stderr
    checked = run_cli("batch", str(russian), "--lang", "ru", "--check", *args)
    assert checked.stderr.count("may be «") == 2 and "without an ИИН" in checked.stderr
    linked = run_cli("registry", "link", "A20-0001", "--name", "Жақсыбекова Әсел Нұрланқызы", "--registry",
                     registry)
    assert linked.stdout == "A20-0001 (Әсел Нұрланқызы Жақсыбекова) is also written «Жақсыбекова Әсел Нұрланқызы»\n"
    different = run_cli("registry", "link", "A20-0002", "--name", "Калиев Серик", "--different", "--registry",
                        registry)
    assert different.stdout == "A20-0002 (Қалиев Серік) and «Калиев Серик» are different people\n"
    by_iin = run_cli("--ui-lang", "ru", "registry", "link", "A20-0003", "--iin", _iin("0206065"), "--registry",
                     registry)
    assert by_iin.stdout == f"A20-0003 (Омаров Бек) связан с ИИН {_iin('0206065')}\n"  # in the office's language
    again = run_cli("batch", str(russian), "--lang", "ru", "-o", str(tmp_path / "c"), *args)
    assert again.returncode == 0, again.stderr
    with open(tmp_path / "c" / "ru.run-sheet.csv", encoding="utf-8-sig") as fh:
        rows = [(r["number"], r["status"]) for r in csv.DictReader(fh)]
    assert rows == [("A20-0001", "new language"), ("A20-0004", "issued"), ("A20-0003", "new language")]
    with Registry.open(registry) as reg:
        assert [(e.number, sorted(d.language for d in e.documents)) for e in reg.list()] == [
            ("A20-0001", ["kk", "ru"]), ("A20-0002", ["kk"]), ("A20-0003", ["kk", "ru"]), ("A20-0004", ["ru"])]
    # in Russian, as the office reads it
    ru = run_cli("--ui-lang", "ru", "batch", str(write_list(tmp_path / "x.csv", [{"ФИО": "Серік Қалиев"}])),
                 "--lang", "ru", "--check", *args)
    assert "«Серік Қалиев» может быть «" in ru.stderr and "`generate registry link A20-000" in ru.stderr


def test_a_name_typed_in_latin_letters_is_never_a_second_award(tmp_path):
    """The Federation badge (once a person) given from a Kazakh list, then an English list and a
    kk-Latn list typing the same names in Latin letters, as passports and the 2018 and 2021
    alphabets spell them, and a Russian list with the Russian patronymic: each row refused with
    the link command (before: a second badge, exit 0); linked, the row is the award's document in
    that language."""
    registry = str(tmp_path / "reg.sqlite3")
    kazakh = write_list(tmp_path / "kk.csv", [{"ФИО": "Қалиев Серік Болатұлы"}, {"ФИО": "Жақсыбекова Әсел"},
                                              {"ФИО": "Мұхтар Әуезов"}])
    args = ("--award", "federation-badge", "--date", "2018-07-04", "--registry", registry)
    assert run_cli("batch", str(kazakh), "--lang", "kk", "-o", str(tmp_path / "a"), *args).returncode == 0
    latin = write_list(tmp_path / "en.csv", [{"ФИО": "Qaliev Serik Bolatuly"}, {"ФИО": "Jaqsybekova Äsel"},
                                             {"ФИО": "Mukhtar Auezov"}])
    refused = run_cli("batch", str(latin), "--lang", "en", "-o", str(tmp_path / "b"), *args)
    assert refused.returncode == 1
    assert "issued 0 new, reprinted 0 already awarded, 0 in another language of an existing award, refused 3" \
        in refused.stdout
    assert ("row 2: «Qaliev Serik Bolatuly» may be «Қалиев Серік Болатұлы», awarded FB-0001 (2018-07-04), written "
            "another way: if that is this person, say so with `generate registry link FB-0001 --name \"Qaliev Serik "
            "Bolatuly\"`") in refused.stderr
    assert "row 3: «Jaqsybekova Äsel» may be «Жақсыбекова Әсел», awarded FB-0002" in refused.stderr
    assert "row 4: «Mukhtar Auezov» may be «Мұхтар Әуезов», awarded FB-0003" in refused.stderr
    kk_latn = write_list(tmp_path / "latn.csv", [{"ФИО": "Qaliev Serik Bolatūly"}])
    assert "may be «Қалиев Серік Болатұлы»" in run_cli("batch", str(kk_latn), "--lang", "kk-Latn", "--check",
                                                        *args).stderr
    # the Russian list writes the patronymic the Russian way: still perhaps them
    russian = write_list(tmp_path / "ru.csv", [{"ФИО": "Калиев Серик Болатович"}])
    assert "«Калиев Серик Болатович» may be «Қалиев Серік Болатұлы», awarded FB-0001" in run_cli(
        "batch", str(russian), "--lang", "ru", "--check", *args).stderr
    assert run_cli("registry", "link", "FB-0001", "--name", "Qaliev Serik Bolatuly", "--registry",
                   registry).returncode == 0
    again = run_cli("batch", str(latin), "--lang", "en", "-o", str(tmp_path / "c"), *args)
    assert again.returncode == 1
    with open(tmp_path / "c" / "en.run-sheet.csv", encoding="utf-8-sig") as fh:
        rows = [(r["number"], r["status"]) for r in csv.DictReader(fh)]
    assert rows == [("FB-0001", "new language"), ("", "refused"), ("", "refused")]
    with Registry.open(registry) as reg:
        assert [(e.number, sorted(d.language for d in e.documents)) for e in reg.list()] == [
            ("FB-0001", ["en", "kk"]), ("FB-0002", ["kk"]), ("FB-0003", ["kk"])]


def test_a_name_without_its_patronymic_is_asked_about_and_another_patronymic_is_another_person(tmp_path):
    """«Қалиев Серік» after «Қалиев Серік Болатұлы» (and the other way round) may be the same
    person: asked, where it was a second badge; «Қалиев Серік Нұрланұлы» has another father: his
    own number. In one list, the second row is asked about as well."""
    registry = str(tmp_path / "reg.sqlite3")
    args = ("--award", "federation-badge", "--date", "2018-07-04", "--registry", registry)
    first = write_list(tmp_path / "a.csv", [{"ФИО": "Қалиев Серік Болатұлы"}, {"ФИО": "Омаров Бек"}])
    assert run_cli("batch", str(first), "--lang", "kk", "-o", str(tmp_path / "a"), *args).returncode == 0
    later = write_list(tmp_path / "b.csv", [{"ФИО": "Қалиев Серік"}, {"ФИО": "Омаров Бек Асқарұлы"},
                                            {"ФИО": "Қалиев Серік Нұрланұлы"}])
    made = run_cli("batch", str(later), "--lang", "kk", "-o", str(tmp_path / "b"), *args)
    assert made.returncode == 1
    assert "row 2: «Қалиев Серік» may be «Қалиев Серік Болатұлы», awarded FB-0001" in made.stderr
    assert "row 3: «Омаров Бек Асқарұлы» may be «Омаров Бек», awarded FB-0002" in made.stderr
    with open(tmp_path / "b" / "b.run-sheet.csv", encoding="utf-8-sig") as fh:
        rows = [(r["number"], r["status"]) for r in csv.DictReader(fh)]
    assert rows == [("", "refused"), ("", "refused"), ("FB-0003", "issued")]
    together = write_list(tmp_path / "c.csv", [{"ФИО": "Ахметов Ерлан Сәрсенұлы"}, {"ФИО": "Ахметов Ерлан"}])
    one_list = run_cli("batch", str(together), "--lang", "kk", "-o", str(tmp_path / "c"), *args)
    assert one_list.returncode == 1
    assert "row 3: «Ахметов Ерлан» may be «Ахметов Ерлан Сәрсенұлы», awarded FB-0004" in one_list.stderr


def test_a_kazakh_name_in_russian_spelling_is_asked_about_and_other_names_are_not(tmp_path):
    """A holder in Kazakh spelling and a Russian list's spelling of the same name («Әбдірахманова
    Гүлнар Серікқызы», «Абдрахманова Гульнар Сериковна»; «Төлеген Болатұлы», «Тулеген Булатович»)
    may be the same person, so the registry asks (before: a second badge, exit 0); names that only
    look near («Асан», «Есен»; «Серік», «Сырым») are their own people."""
    registry = str(tmp_path / "reg.sqlite3")
    args = ("--award", "federation-badge", "--date", "2018-07-04", "--registry", registry)
    first = write_list(tmp_path / "a.csv", [{"ФИО": "Әбдірахманова Гүлнар Серікқызы"}, {"ФИО": "Төлеген Болатұлы"},
                                            {"ФИО": "Асан Серікұлы"}])
    assert run_cli("batch", str(first), "--lang", "kk", "-o", str(tmp_path / "a"), *args).returncode == 0
    later = write_list(tmp_path / "b.csv", [{"ФИО": "Абдрахманова Гульнар Сериковна"}, {"ФИО": "Тулеген Булатович"},
                                            {"ФИО": "Есен Серікұлы"}, {"ФИО": "Асан Сырымұлы"}])
    made = run_cli("batch", str(later), "--lang", "ru", "-o", str(tmp_path / "b"), *args)
    assert made.returncode == 1
    assert ("row 2: «Абдрахманова Гульнар Сериковна» may be «Әбдірахманова Гүлнар Серікқызы», awarded FB-0001 "
            "(2018-07-04), written another way: if that is this person, say so with `generate registry link "
            "FB-0001 --name \"Абдрахманова Гульнар Сериковна\"`") in made.stderr
    assert "row 3: «Тулеген Булатович» may be «Төлеген Болатұлы», awarded FB-0002" in made.stderr
    with open(tmp_path / "b" / "b.run-sheet.csv", encoding="utf-8-sig") as fh:
        rows = [(r["number"], r["status"]) for r in csv.DictReader(fh)]
    assert rows == [("", "refused"), ("", "refused"), ("FB-0004", "issued"), ("FB-0005", "issued")]


def test_a_name_with_initials_is_asked_about_and_the_full_name_after_it_too(tmp_path):
    """A full name in one list and its initials in the next («Қалиев С.Б.», «С. Қалиев», Latin
    «B. Zh. Abdirayim»), and initials first then the full name: each may be the same person, so
    each is asked about (before: a second badge, exit 0). Initials that cannot be theirs («Қалиев
    А.Б.»), and another full name shortened alike, are their own people. In one list, the second
    row is asked about as well."""
    registry = str(tmp_path / "reg.sqlite3")
    args = ("--award", "federation-badge", "--date", "2018-07-04", "--registry", registry)
    first = write_list(tmp_path / "a.csv", [{"ФИО": "Қалиев Серік Болатұлы"}, {"ФИО": "Абдирайым Бауыржан Жұмабайұлы"},
                                            {"ФИО": "Омаров Б.А."}])
    assert run_cli("batch", str(first), "--lang", "kk", "-o", str(tmp_path / "a"), *args).returncode == 0
    later = write_list(tmp_path / "b.csv", [{"ФИО": "Қалиев С.Б."}, {"ФИО": "С. Қалиев"}, {"ФИО": "B. Zh. Abdirayim"},
                                            {"ФИО": "Омаров Бек Асқарұлы"}, {"ФИО": "Қалиев А.Б."},
                                            {"ФИО": "Қалиев Сапар Бекұлы"}, {"ФИО": "Қалиев С.Н."}])
    made = run_cli("batch", str(later), "--lang", "kk", "-o", str(tmp_path / "b"), *args)
    assert made.returncode == 1
    assert ("row 2: «Қалиев С.Б.» may be «Қалиев Серік Болатұлы», awarded FB-0001 (2018-07-04), written another "
            "way: if that is this person, say so with `generate registry link FB-0001 --name \"Қалиев С.Б.\"`") \
        in made.stderr
    assert "row 3: «С. Қалиев» may be «Қалиев Серік Болатұлы», awarded FB-0001" in made.stderr
    assert "row 4: «B. Zh. Abdirayim» may be «Абдирайым Бауыржан Жұмабайұлы», awarded FB-0002" in made.stderr
    assert "row 5: «Омаров Бек Асқарұлы» may be «Омаров Б.А.», awarded FB-0003" in made.stderr
    with open(tmp_path / "b" / "b.run-sheet.csv", encoding="utf-8-sig") as fh:
        rows = [(r["number"], r["status"]) for r in csv.DictReader(fh)]
    assert rows == [("", "refused"), ("", "refused"), ("", "refused"), ("", "refused"), ("FB-0004", "issued"),
                    ("FB-0005", "issued"), ("FB-0006", "issued")]
    # linked, the initials print as the holder's document
    assert run_cli("registry", "link", "FB-0001", "--name", "Қалиев С.Б.", "--registry", registry).returncode == 0
    again = write_list(tmp_path / "c.csv", [{"ФИО": "Қалиев С.Б."}])
    assert run_cli("batch", str(again), "--lang", "kk", "-o", str(tmp_path / "c"), *args).returncode == 0
    with open(tmp_path / "c" / "c.run-sheet.csv", encoding="utf-8-sig") as fh:
        assert [(r["number"], r["status"]) for r in csv.DictReader(fh)] == [("FB-0001", "reprinted")]
    together = write_list(tmp_path / "d.csv", [{"ФИО": "Ахметов Ерлан Сәрсенұлы"}, {"ФИО": "Ахметов Е.С."}])
    one_list = run_cli("batch", str(together), "--lang", "kk", "-o", str(tmp_path / "d"), *args)
    assert one_list.returncode == 1
    assert "row 3: «Ахметов Е.С.» may be «Ахметов Ерлан Сәрсенұлы», awarded FB-0007" in one_list.stderr


def test_look_alike_letters_nfd_spaces_and_case_are_one_person(tmp_path):
    name = "Ахметов Ерлан Сәрсенұлы"
    variants = ["Aхмeтов Ерлан Сәрсенұлы",  # Latin A and e inside
                unicodedata.normalize("NFD", "Ахметов Ерлан Сәрсенұлы"),
                "Ахметов  Ерлан   Сәрсенұлы", "АХМЕТОВ ЕРЛАН СӘРСЕНҰЛЫ", "ахметов ерлан сәрсенұлы"]
    assert len({name_key(v) for v in [name, *variants]}) == 1
    assert name_key("Ахмeтов") != name_key("Ахметова")
    first = qujat.print_batch(write_list(tmp_path / "a.csv", [{"ФИО": name}]), tmp_path / "a",
                              award="jubilee-medal", lang="kk", date=JULY_4)
    again = qujat.print_batch(write_list(tmp_path / "b.csv", [{"ФИО": v} for v in variants]), tmp_path / "b",
                              award="jubilee-medal", lang="kk", date=JULY_4)
    assert first.issued == 1 and again.reprinted == 5 and again.issued == 0
    assert {e.number for e in again.entries} == {"A20-0001"}


def test_separators_count_and_punctuation_is_not_a_name(tmp_path):
    report = qujat.print_batch(write_list(tmp_path / "l.csv", [{"ФИО": "Адам 1-11"}, {"ФИО": "Адам 11-1"},
                                                               {"ФИО": "«…»"}, {"ФИО": "— —"}]),
                               tmp_path / "o", award="federation-badge", lang="kk", date=JULY_4)
    assert [(e.number, e.status) for e in report.entries[:2]] == [("FB-0001", "issued"), ("FB-0002", "issued")]
    assert [e.status for e in report.entries[2:]] == ["refused", "refused"]
    assert "has no letter" in report.entries[2].reason


def test_an_iin_given_to_another_name_is_asked_about_never_a_reprint_for_someone_else(tmp_path):
    """An ИИН copied into the wrong row (Excel's fill-down) found the person it belongs to, and
    «Ахметов Ерлан Маратович» was handed «Ахметов Нурлан Серикович»'s A20-0001 again, his name
    added to the other's (exit 0). Now a row whose ИИН is a recorded person's but whose name is none of
    theirs, in any spelling or with initials, is refused with the link that settles a changed
    name; two rows of one list giving one ИИН to two people are both refused; a journal row so
    is refused with its row, nothing imported. The same ИИН in another spelling, language or
    with initials is still the person."""
    registry = tmp_path / "reg.sqlite3"
    iin, other = _iin("8501013"), _iin("9002024")
    first = write_list(tmp_path / "a.csv", [{"ФИО": "Ахметов Нурлан Серикович", "ИИН": iin}])
    assert qujat.print_batch(first, tmp_path / "a", award="jubilee-medal", lang="ru", date=JULY_4,
                             registry=registry).exit_code == 0
    later = write_list(tmp_path / "b.csv", [{"ФИО": "Ахметов Ерлан Маратович", "ИИН": iin}])
    report = qujat.print_batch(later, tmp_path / "b", award="jubilee-medal", lang="ru", date=JULY_4,
                               registry=registry)
    assert [(e.number, e.status) for e in report.entries] == [("", "refused")]
    assert report.entries[0].reason == (
        f"«Ахметов Ерлан Маратович» has the ИИН {iin} of «Ахметов Нурлан Серикович», awarded A20-0001 "
        "(2018-07-04): if the ИИН is right and this is that person under another name, say so with "
        "`generate registry link A20-0001 --name \"Ахметов Ерлан Маратович\"`; if not, correct the ИИН in the "
        "list; then run again")
    with Registry.open(registry) as reg:
        assert [e.name for e in reg.list()] == ["Ахметов Нурлан Серикович"]
    alike = write_list(tmp_path / "b2.csv", [{"ФИО": "Ахметов Н.С.", "ИИН": iin},
                                             {"ФИО": "Ахметов Нұрлан Серікұлы", "ИИН": iin}])
    report = qujat.print_batch(alike, tmp_path / "b2", award="jubilee-medal", lang="ru", date=JULY_4,
                               registry=registry)
    assert [(e.number, e.status) for e in report.entries] == [("A20-0001", "reprinted"), ("A20-0001", "reprinted")]
    # a surname changed by marriage is that person once the office says so
    married = write_list(tmp_path / "c.csv", [{"ФИО": "Ахметова Айгуль Маратовна", "ИИН": other}])
    assert qujat.print_batch(married, tmp_path / "c", award="jubilee-medal", lang="ru", date=JULY_4,
                             registry=registry).exit_code == 0
    renamed = write_list(tmp_path / "d.csv", [{"ФИО": "Серикова Айгуль Маратовна", "ИИН": other}])
    refused = run_cli("batch", str(renamed), "--award", "jubilee-medal", "--lang", "ru", "-o", str(tmp_path / "d"),
                      "--registry", str(registry), "--ui-lang", "ru")
    assert refused.returncode == 1
    assert f"«Серикова Айгуль Маратовна» имеет ИИН {other} лица «Ахметова Айгуль Маратовна»" in refused.stderr
    assert run_cli("registry", "link", "A20-0002", "--name", "Серикова Айгуль Маратовна", "--registry",
                   str(registry)).returncode == 0
    again = qujat.print_batch(renamed, tmp_path / "e", award="jubilee-medal", lang="ru", date=JULY_4,
                              registry=registry)
    assert [(e.number, e.status) for e in again.entries] == [("A20-0002", "reprinted")]
    # one list, one ИИН, two people: which row has it wrong is the office's to say
    third = _iin("7705054")
    pair = write_list(tmp_path / "f.csv", [{"ФИО": "Омаров Бек", "ИИН": third},
                                           {"ФИО": "Бекова Сауле", "ИИН": third},
                                           {"ФИО": "Omarov Bek", "ИИН": _iin("6604043")}])
    report = qujat.print_batch(pair, tmp_path / "f", award="jubilee-medal", lang="ru", date=JULY_4,
                               registry=registry)
    assert [(e.number, e.status) for e in report.entries] == [("", "refused"), ("", "refused"),
                                                               ("A20-0003", "issued")]
    assert report.entries[0].reason == report.entries[1].reason == (
        f"rows 2, 3 give one ИИН, {third}, to different people («Омаров Бек», «Бекова Сауле»): an ИИН is one "
        "person's; correct it in the row that has it wrong")
    # a paper journal's row so: refused with its row, nothing imported
    journal = write_list(tmp_path / "j.csv", [
        {"№": "A20-0041", "ФИО": "Старый О.Т.", "Награда": "jubilee-medal", "Дата": "2018-05-01", "ИИН": ""},
        {"№": "A20-0042", "ФИО": "Жанов Болат", "Награда": "jubilee-medal", "Дата": "2018-05-01", "ИИН": iin}])
    imported = run_cli("registry", "import", str(journal), "--registry", str(registry), "--allow-jump")
    assert imported.returncode == 2
    assert imported.stderr.strip().splitlines()[-1].endswith(
        f"row 3: «Жанов Болат» has the ИИН {iin}, which the registry holds for «Ахметов Нурлан Серикович»: correct "
        "the ИИН or the name in the journal")
    with Registry.open(registry) as reg:
        assert [e.number for e in reg.list()] == ["A20-0001", "A20-0002", "A20-0003"]


def _issued_in_russian(tmp_path: Path, rows: list[dict[str, str]]) -> tuple[qujat.BatchReport, list[str]]:
    """``rows`` issued as a list into a new registry, the office's language Russian: the report
    and the reasons of the run sheet."""
    report = qujat.print_batch(write_list(tmp_path / "l.csv", rows), tmp_path / "o", award="jubilee-medal",
                               lang="ru", date=JULY_4, registry=tmp_path / "reg.sqlite3", ui_lang="ru")
    with open(tmp_path / "o" / "l.run-sheet.csv", encoding="utf-8-sig") as fh:
        return report, [row["причина"] for row in csv.DictReader(fh)]


def test_an_iin_of_the_other_sex_than_the_patronymic_is_refused(tmp_path):
    """An ИИН's seventh digit is odd for a man and even for a woman: «Ахметова Айгуль
    Маратовна» with a man's ИИН (the row above's, filled down) was recorded as hers, and the man
    it belongs to refused later. Now the row is refused, in the office's language; a name
    without a patronymic, or a surname that ends like one, is not read so."""
    man, woman = _iin("8501013"), _iin("9002024")
    rows = [{"ФИО": "Ахметова Айгуль Маратовна", "ИИН": man},
            {"ФИО": "Қалиев Серік Болат ұлы", "ИИН": woman},
            {"ФИО": "Мицкевич Анна Ивановна", "ИИН": _iin("8902024")},
            {"ФИО": "Анна Мицкевич", "ИИН": _iin("9103034")},
            {"ФИО": "Сейітова Әсел Нұрланқызы", "ИИН": _iin("8804044")}]
    report, reasons = _issued_in_russian(tmp_path, rows)
    assert [(e.number, e.status) for e in report.entries] == [
        ("", "refused"), ("", "refused"), ("A20-0001", "issued"), ("A20-0002", "issued"), ("A20-0003", "issued")]
    assert report.entries[0].reason == (
        f"the ИИН {man} is a man's (its seventh digit is {man[6]}), and «Ахметова Айгуль Маратовна» a woman's "
        "name by the patronymic: correct the ИИН or the name")
    assert reasons[:2] == [
        f"ИИН {man} мужской (его седьмая цифра {man[6]}), а «Ахметова Айгуль Маратовна» — женское имя по "
        "отчеству: исправьте ИИН или имя",
        f"ИИН {woman} женский (его седьмая цифра {woman[6]}), а «Қалиев Серік Болат ұлы» — мужское имя по "
        "отчеству: исправьте ИИН или имя"]


def test_an_iin_of_the_other_sex_than_the_surname_is_refused(tmp_path):
    """A name of two words has no patronymic, and most list names are so: «Ахметова Айгүл» with a
    man's ИИН (the row above's) was recorded as hers. Now a surname formed for one sex, Russian
    («-ова», «-ев») or Kazakh («-қызы», «-ұлы»), is read too; a surname both sexes carry
    («Мицкевич»), or a word that ends a given name as well («Жасмин»), is not."""
    man, woman = _iin("8501013"), _iin("9002024")
    rows = [{"ФИО": "Ахметова Айгүл", "ИИН": man},
            {"ФИО": "Қалиев Серік", "ИИН": woman},
            {"ФИО": "Айгерім Ержанқызы", "ИИН": _iin("8703035")},
            {"ФИО": "Ахметова Айгүл", "ИИН": _iin("8804044")},
            {"ФИО": "Мицкевич Анна", "ИИН": _iin("8905055")},
            {"ФИО": "Жасмин Ли", "ИИН": _iin("9106064")},
            {"ФИО": "Nurlan Zhumabaiuly", "ИИН": _iin("9207075")}]
    report, reasons = _issued_in_russian(tmp_path, rows)
    assert [(e.number, e.status) for e in report.entries] == [
        ("", "refused"), ("", "refused"), ("", "refused"), ("A20-0001", "issued"), ("A20-0002", "issued"),
        ("A20-0003", "issued"), ("A20-0004", "issued")]
    assert report.entries[0].reason == (
        f"the ИИН {man} is a man's (its seventh digit is {man[6]}), and «Ахметова Айгүл» a woman's "
        "name by the surname: correct the ИИН or the name")
    assert reasons[:3] == [
        f"ИИН {man} мужской (его седьмая цифра {man[6]}), а «Ахметова Айгүл» — женское имя по фамилии: "
        "исправьте ИИН или имя",
        f"ИИН {woman} женский (его седьмая цифра {woman[6]}), а «Қалиев Серік» — мужское имя по фамилии: "
        "исправьте ИИН или имя",
        f"ИИН {_iin('8703035')} мужской (его седьмая цифра 5), а «Айгерім Ержанқызы» — женское имя по фамилии: "
        "исправьте ИИН или имя"]
    # a paper journal's row so: refused with its row, nothing imported
    journal = write_list(tmp_path / "j.csv", [
        {"№": "A20-0041", "ФИО": "Старый Олег", "Награда": "jubilee-medal", "Дата": "2018-05-01", "ИИН": ""},
        {"№": "A20-0042", "ФИО": "Жанова Гүл", "Награда": "jubilee-medal", "Дата": "2018-05-01", "ИИН": man}])
    imported = run_cli("registry", "import", str(journal), "--registry", str(tmp_path / "reg.sqlite3"),
                       "--allow-jump")
    assert imported.returncode == 2
    assert imported.stderr.strip().splitlines()[-1].endswith(
        f"row 3: the ИИН {man} is a man's (its seventh digit is {man[6]}), and «Жанова Гүл» a woman's name by the "
        "surname: correct the ИИН or the name")
    with Registry.open(tmp_path / "reg.sqlite3") as reg:
        assert [e.number for e in reg.list()] == ["A20-0001", "A20-0002", "A20-0003", "A20-0004"]


def test_an_iin_in_other_digits_or_as_a_program_saved_it_is_that_iin_and_a_rounded_one_is_refused(tmp_path):
    """«８５０１…», typed with a full-width keyboard layout, was read as another ИИН than «8501…»,
    and its holder was awarded again. Now any script's digits are 0-9, and a whole number's «.0»
    and a text cell's apostrophe are dropped. An ИИН that Excel saved rounded («8,50101E+11»)
    is refused, with what to do, in the office's language."""
    man, woman = _iin("8501013"), _iin("9002024")
    registry = tmp_path / "reg.sqlite3"
    first = write_list(tmp_path / "a.csv", [{"ФИО": "Омаров Бек", "ИИН": man}])
    assert qujat.print_batch(first, tmp_path / "a", award="jubilee-medal", lang="ru", date=JULY_4,
                             registry=registry).exit_code == 0
    wide = man.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    later = write_list(tmp_path / "b.csv", [{"ФИО": "Омаров Бек", "ИИН": wide},
                                           {"ФИО": "Омаров Б.", "ИИН": f"{man}.0"},
                                           {"ФИО": "Сейтова Әсел", "ИИН": f"'{woman}"},
                                           {"ФИО": "Қалиев Серік", "ИИН": "8,50101E+11"}])
    report = qujat.print_batch(later, tmp_path / "b", award="jubilee-medal", lang="ru", date=JULY_4,
                               registry=registry, ui_lang="ru")
    assert [(e.number, e.status) for e in report.entries] == [
        ("A20-0001", "reprinted"), ("A20-0001", "reprinted"), ("A20-0002", "issued"), ("", "failed")]
    with open(tmp_path / "b" / "b.run-sheet.csv", encoding="utf-8-sig") as fh:
        reasons = [row["причина"] for row in csv.DictReader(fh)]
    assert reasons[3] == (
        "ИИН '8,50101E+11' сохранён как округлённое число, его последние цифры потеряны (так Excel показывает "
        "число из 12 цифр, а CSV хранит то, что показано): задайте столбцу ИИН формат «Текстовый», введите ИИН "
        "заново и сохраните")
    with Registry.open(registry) as reg:
        assert [(e.number, e.iin) for e in reg.list()] == [("A20-0001", man), ("A20-0002", woman)]


def test_a_number_that_only_looks_like_another_is_refused_and_one_typed_so_is_found(tmp_path):
    """A paper journal's «А20-0003», its «А» Cyrillic, was imported as a number of its own; the
    series then issued A20-0003 (Latin) to someone else: two certificates with one number as
    printed. Now a number of the series written with characters that only look like the
    series' (another script's letters, full-width digits, a long dash, small letters) is refused
    in a journal and in a list, with the way to write it; a number of another numbering that
    looks like a recorded one too. Typed so to `verify`, it finds the certificate."""
    registry = str(tmp_path / "reg.sqlite3")
    journal = write_list(tmp_path / "j.csv", [
        {"№": "A20-0002", "ФИО": "Старый Олег", "Награда": "jubilee-medal", "Дата": "2018-05-01"},
        {"№": "А20-0003", "ФИО": "Новый Бек", "Награда": "jubilee-medal", "Дата": "2018-05-01"}])
    imported = run_cli("--ui-lang", "ru", "registry", "import", str(journal), "--registry", registry)
    assert imported.returncode == 2
    assert imported.stderr.strip().splitlines()[-1] == (
        f"ошибка: {journal}: строка 3: номер «А20-0003» написан другими знаками, чем номер серии A20-0003, на "
        "который он похож (буквы другого алфавита, другие цифры или тире, строчные буквы): напишите его A20-0003")
    foreign = write_list(tmp_path / "k.csv", [
        {"№": "АВ-12", "ФИО": "Старый Олег", "Награда": "jubilee-medal", "Дата": "2018-05-01"}])
    assert run_cli("registry", "import", str(foreign), "--registry", registry).returncode == 0
    alike = write_list(tmp_path / "m.csv", [
        {"Номер удостоверения": "ab–12", "ФИО": "Новый Бек", "Награда": "jubilee-medal", "Дата": "2018-05-01"}])
    refused = run_cli("registry", "import", str(alike), "--registry", registry)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1] == (
        f"error: {alike}: row 2: the number «ab–12» looks like АВ-12, which the registry holds already: write the "
        "number as that certificate has it, or correct it")
    listing = write_list(tmp_path / "l.csv", [{"ФИО": "Омаров Бек", "№ удостоверения": "A20-０００７"},
                                              {"ФИО": "Сейтов Ерлан", "№ удостоверения": "A20-0005"},
                                              {"ФИО": "Бекбас Олжас", "№ удостоверения": "AB-12"}])
    checked = run_cli("batch", str(listing), "--check", "--award", "jubilee-medal", "--lang", "ru", "--registry",
                      registry)  # the list read before issuing says what issuing would
    assert checked.returncode == 2
    assert (f"error: {listing}: row 2: the number «A20-０００７» is written with other characters than the "
            "series' A20-0007, which it looks like (another script's letters, other digits or dashes, small "
            "letters): write it A20-0007") in checked.stderr.splitlines()
    report = qujat.print_batch(listing, tmp_path / "o", award="jubilee-medal", lang="ru", date=JULY_4,
                               registry=registry)
    assert [(e.number, e.status) for e in report.entries] == [("", "failed"), ("A20-0005", "issued"),
                                                               ("", "failed")]
    assert report.entries[0].reason == (
        "the number «A20-０００７» is written with other characters than the series' A20-0007, which it looks "
        "like (another script's letters, other digits or dashes, small letters): write it A20-0007")
    assert report.entries[2].reason == (
        "the number «AB-12» looks like АВ-12, which the registry holds already: write the number as that "
        "certificate has it, or correct it")
    with Registry.open(registry) as reg:
        assert sorted(e.number for e in reg.list()) == ["A20-0005", "АВ-12"]
    found = run_cli("verify", "а20–０００５", "--registry", registry)
    assert found.returncode == 0 and found.stdout.splitlines()[0] == "number: A20-0005"


def test_a_registry_holding_a_lookalike_of_a_series_number_never_issues_its_twin(tmp_path):
    """A registry that imported «А20-0003» (a Cyrillic «А») before such numbers were refused
    holds it without a sequence; the series, at A20-0001, would have issued A20-0003 (Latin) to
    someone else. Now the series numbers on after it, as after an import of A20-0003."""
    from qujat.registry import persons
    from qujat.registry.store import NewAward, NewDocument

    registry = tmp_path / "reg.sqlite3"
    with Registry.open(registry, create=True) as reg, reg.issuing() as conn:
        pid = persons.new_person(conn, None)
        persons.add_names(conn, pid, {name_key("Старый Олег"): "Старый Олег"})
        reg.record(conn, NewAward(number="А20-0003", award="jubilee-medal", sequence=None, person_id=pid,
                                  once_only=True, date=dt.date(2018, 5, 1), name="Старый Олег", status="issued"),
                   NewDocument(language="", name="Старый Олег", printed_on=dt.date(2018, 5, 1), status="issued"),
                   event="imported")
    listing = write_list(tmp_path / "l.csv", [{"ФИО": "Бекбас Олжас"}, {"ФИО": "Сейтов Ерлан"}])
    report = qujat.print_batch(listing, tmp_path / "o", award="jubilee-medal", lang="ru", date=JULY_4,
                               registry=registry)
    assert [(e.number, e.status) for e in report.entries] == [("A20-0004", "issued"), ("A20-0005", "issued")]


def test_two_namesakes_without_iin_in_one_list_are_both_refused(tmp_path):
    rows = [{"ФИО": "Ахметов Ерлан", "Должность": "электрик", "Место работы": "ТОО «Жарық»"},
            {"ФИО": "Сейтказы А.Б.", "Должность": "инженер", "Место работы": "АО «Шахта»"},
            {"ФИО": "АХМЕТОВ  Ерлан", "Должность": "бухгалтер", "Место работы": "АО «Қарағанды су»"},
            {"ФИО": "Сейтказы А.Б.", "Должность": "инженер", "Место работы": "АО «Шахта»"}]  # one person twice
    report = qujat.print_batch(write_list(tmp_path / "l.csv", rows), tmp_path / "o", award="jubilee-medal",
                               lang="ru", date=JULY_4)
    assert [(e.number, e.status) for e in report.entries] == [
        ("", "refused"), ("A20-0001", "issued"), ("", "refused"), ("A20-0001", "reprinted")]
    assert report.entries[0].reason == report.entries[2].reason == (
        "«Ахметов Ерлан» is listed 2 times (rows 2, 4) with other positions or organisations: namesakes without "
        "ИИН cannot be told apart; give each its ИИН")
    assert report.exit_code == 1
    with Registry.open(os.environ["XDG_DATA_HOME"] + "/qujat/qujat-registry.sqlite3") as reg:
        assert [e.name for e in reg.list()] == ["Сейтказы А.Б."]


def test_a_namesake_without_iin_beside_one_with_iin_in_one_list_is_refused(tmp_path):
    """«Ахметов Ерлан» with his ИИН (an electrician) and «Ахметов Ерлан» without (an accountant
    elsewhere): the accountant was handed the electrician's A20-0001 again; now he is refused.
    The same particulars without the ИИН are the same man listed twice (a reprint)."""
    iin = _iin("0206065")
    rows = [{"ФИО": "Ахметов Ерлан", "ИИН": iin, "Должность": "электрик", "Место работы": "ТОО «Жарық»"},
            {"ФИО": "Ахметов Ерлан", "ИИН": "", "Должность": "бухгалтер", "Место работы": "АО «Қарағанды су»"},
            {"ФИО": "Омаров Бек", "ИИН": _iin("0307075"), "Должность": "инженер", "Место работы": "АО «Шахта»"},
            {"ФИО": "Омаров Бек", "ИИН": "", "Должность": "инженер", "Место работы": "АО «Шахта»"}]
    report = qujat.print_batch(write_list(tmp_path / "l.csv", rows), tmp_path / "o", award="jubilee-medal",
                               lang="ru", date=JULY_4, registry=tmp_path / "reg.sqlite3")
    assert [(e.number, e.status) for e in report.entries] == [
        ("A20-0001", "issued"), ("", "refused"), ("A20-0002", "issued"), ("A20-0002", "reprinted")]
    assert report.entries[1].reason == (
        "«Ахметов Ерлан» is listed 2 times (rows 2, 3) with other positions or organisations: namesakes without "
        "ИИН cannot be told apart; give each its ИИН")


def test_two_people_matching_one_name_are_refused(tmp_path):
    registry = tmp_path / "reg.sqlite3"
    first = write_list(tmp_path / "a.csv", [{"ФИО": "Омаров Бек", "ИИН": _iin("0206065")},
                                            {"ФИО": "Омаров Бек", "ИИН": _iin("0307075")}])
    qujat.print_batch(first, tmp_path / "a", award="jubilee-medal", lang="ru", date=JULY_4, registry=registry)
    report = qujat.print_batch(write_list(tmp_path / "b.csv", [{"ФИО": "Омаров Бек", "ИИН": ""}]), tmp_path / "b",
                               award="jubilee-medal", lang="ru", date=JULY_4, registry=registry)
    assert report.entries[0].status == "refused"
    assert report.entries[0].reason == ("«Омаров Бек» matches 2 people in the registry (A20-0001, A20-0002): give "
                                        "the row its ИИН to tell them apart")


def test_list_by_name_finds_every_holder_on_sqlite(tmp_path):
    registry = str(tmp_path / "reg.sqlite3")
    listing = write_list(tmp_path / "l.csv", [{"ФИО": "Жақсыбекова Айгүл Серікқызы", "ИИН": _iin("0206066")},
                                              {"ФИО": "ЖАҚСЫБЕКОВА Сәуле", "ИИН": ""},
                                              {"ФИО": "Омаров Бек", "ИИН": ""}])
    assert run_cli("batch", str(listing), "--award", "federation-badge", "-o", str(tmp_path / "o"), "--registry",
                   registry).returncode == 0
    # the last with a Latin «a»; then as Russian spelling writes the name
    for query in ("Жақсыбекова", "жақсыбекова", "ЖАҚСЫБЕКОВА", "Жaқсыбекова", "Жаксыбекова"):
        found = run_cli("registry", "list", "--name", query, "--registry", registry)
        assert [line.split()[0] for line in found.stdout.splitlines()] == ["FB-0001", "FB-0002"], query
    for query in ("Сауле Жаксыбекова", "айгүл жақсыбекова"):  # words in another order
        found = run_cli("registry", "list", "--name", query, "--registry", registry)
        assert [line.split()[0] for line in found.stdout.splitlines()] == [
            "FB-0002" if "Сауле" in query else "FB-0001"], query
    # typed in part, the last letters «ы» and «і» before a consonant the loose key leaves out
    for query in ("Жақсы", "Серікқ", "Серікқызы", "Сериковна", "Омар", "Умаров"):
        found = run_cli("registry", "list", "--name", query, "--registry", registry)
        assert [line.split()[0] for line in found.stdout.splitlines()] == (
            ["FB-0003"] if query in ("Омар", "Умаров") else ["FB-0001", "FB-0002"] if query == "Жақсы"
            else ["FB-0001"]), query


# check, strict, hidden rows, summaries -----------------------------------------------------------

def test_check_says_who_is_awarded_and_strict_records_nothing(tmp_path):
    registry = str(tmp_path / "reg.sqlite3")
    first = write_list(tmp_path / "a.csv", [{"ФИО": "Бекбас О.Т.", "ИИН": ""}])
    assert run_cli("batch", str(first), "--award", "jubilee-medal", "--date", "2018-07-04", "-o",
                   str(tmp_path / "a"), "--registry", registry).returncode == 0
    listing = write_list(tmp_path / "b.csv", [{"ФИО": "Бекбас О.Т.", "ИИН": ""},
                                              {"ФИО": "Калиев С.Е.", "ИИН": "800101300001"},
                                              {"ФИО": "Умирбаева А.К.", "ИИН": ""},
                                              {"ФИО": "Сейтказы А.Б.", "ИИН": "123456789012"}])
    check = run_cli("batch", str(listing), "--award", "jubilee-medal", "--check", "--registry", registry)
    assert check.returncode == 2
    assert "awarded: row 2: Бекбас О.Т.: already awarded: A20-0001, 2018-07-04" in check.stdout
    assert "row 3: ИИН '800101300001' is not valid" in check.stderr and "row 5: ИИН '123456789012'" in check.stderr
    assert "4 rows, 1 already awarded, 2 with problems" in check.stdout
    strict = run_cli("batch", str(listing), "--award", "jubilee-medal", "--strict", "-o", str(tmp_path / "s"),
                     "--registry", registry)
    assert strict.returncode == 2 and not (tmp_path / "s").exists()
    with Registry.open(registry) as reg:
        assert [e.number for e in reg.list()] == ["A20-0001"]


def _workbook_with_hidden_rows(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ФИО", "Должность"])
    for n in range(1, 6):
        sheet.append([f"Сотрудник {n} А.Б.", "инженер"])
    sheet.row_dimensions[3].hidden = True  # hidden by hand
    sheet.auto_filter.ref = "A1:B6"
    sheet.row_dimensions[5].hidden = True  # filtered out
    book.save(path)
    return path


def test_hidden_rows_are_never_printed_in_silence(tmp_path):
    source = _workbook_with_hidden_rows(tmp_path / "l.xlsx")
    stopped = run_cli("batch", str(source), "--award", "federation-badge", "-o", str(tmp_path / "o"))
    assert stopped.returncode == 2 and not (tmp_path / "o").exists()
    assert stopped.stderr.strip().splitlines() == [
        f"error: {source}: rows 3, 5 are hidden in the workbook (hidden, or filtered out): say whether to print "
        "them: --hidden-rows skip leaves them out, --hidden-rows include prints them"]
    skipped = qujat.print_batch(source, tmp_path / "s", award="federation-badge", hidden_rows="skip", draft=True)
    assert [e.row for e in skipped.entries] == [2, 4, 6]
    included = qujat.print_batch(source, tmp_path / "i", award="federation-badge", hidden_rows="include", draft=True)
    assert [e.row for e in included.entries] == [2, 3, 4, 5, 6]


# the library records as the command line does ----------------------------------------------------

def test_the_library_issues_real_numbers_and_drafts_record_nothing(tmp_path):
    registry = tmp_path / "reg.sqlite3"
    one = qujat.certificate_bytes("federation-badge", "Бекбас О.Т.", lang="ru", date=JULY_4, registry=registry)
    two = qujat.certificate_bytes("federation-badge", "БЕКБАС О. Т.", lang="ru", date=JULY_4, registry=registry)
    other = qujat.render_certificate("federation-badge", "Калиев С.Е.", tmp_path / "k.pdf", lang="ru", date=JULY_4,
                                     registry=registry)
    (tmp_path / "one.pdf").write_bytes(one)
    assert "№ FB-0001" in pdf_text(tmp_path / "one.pdf") and "№ FB-0002" in pdf_text(other)
    with Registry.open(registry) as reg:
        assert [(e.number, e.status) for e in reg.list()] == [("FB-0001", "issued"), ("FB-0002", "issued")]
        assert reg.get("FB-0001").sha256 == hashlib.sha256(one).hexdigest()
        from qujat.verification.check import verify
        from qujat.verification.verdict import Status

        assert verify(tmp_path / "one.pdf", reg).status is Status.VALID
    assert hashlib.sha256(two).hexdigest() == hashlib.sha256(one).hexdigest()  # the same person: a reprint
    draft = tmp_path / "draft.pdf"
    qujat.render_certificate("federation-badge", "Умирбаева А.К.", draft, lang="ru", draft=True, registry=registry)
    assert "№ ОБРАЗЕЦ" in pdf_text(draft) and "ҮЛГІ / ОБРАЗЕЦ / DRAFT" in pdf_text(draft)
    with Registry.open(registry) as reg:
        assert len(reg.list()) == 2


def test_the_library_default_registry_is_the_one_the_command_line_uses(tmp_path, monkeypatch):
    monkeypatch.delenv("QUJAT_REGISTRY")
    with pytest.warns(qujat.errors.QujatWarning, match="registry: created .*qujat-registry.sqlite3"):
        qujat.render_certificate("jubilee-medal", "Бекбас О.Т.", tmp_path / "a.pdf", date=JULY_4)
    listed = run_cli("registry", "list", cwd=tmp_path, QUJAT_REGISTRY="")
    assert listed.stdout.split()[0] == "A20-0001", listed.stderr


# where the registry lives ----------------------------------------------------------------------

def test_one_registry_from_any_folder_through_qujat_toml(tmp_path, monkeypatch):
    office = tmp_path / "office"
    (office / "lists" / "2018").mkdir(parents=True)
    (office / "qujat.toml").write_text('[registry]\nurl = "journal/qujat-registry.sqlite3"\n', encoding="utf-8")
    (office / "journal").mkdir()
    env = {"QUJAT_REGISTRY": ""}
    assert run_cli("registry", "init", cwd=office, **env).returncode == 0
    made = run_cli("certificate", "--award", "jubilee-medal", "--name", "Бекбас О.Т.", "-o", "a.pdf",
                   cwd=office / "lists" / "2018", **env)
    assert made.returncode == 0, made.stderr
    assert f"registry: {office / 'journal' / 'qujat-registry.sqlite3'}" in made.stderr
    assert not list((office / "lists").rglob("*.sqlite3"))  # never a new one in the working folder
    listed = run_cli("registry", "list", cwd=office / "lists", **env)
    assert listed.stdout.split()[0] == "A20-0001"


def test_an_emptied_or_lost_registry_is_refused_never_a_new_series(tmp_path):
    registry = tmp_path / "qujat-registry.sqlite3"
    assert run_cli("certificate", "--award", "jubilee-medal", "--name", "Бекбас О.Т.", "-o", str(tmp_path / "a.pdf"),
                   "--registry", str(registry)).returncode == 0
    registry.write_bytes(b"")  # `: > qujat-registry.sqlite3`
    for extra in tmp_path.glob("qujat-registry.sqlite3-*"):
        extra.unlink()
    emptied = run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "-o",
                      str(tmp_path / "b.pdf"), "--registry", str(registry))
    assert emptied.returncode == 2 and not (tmp_path / "b.pdf").exists()
    assert (f"error: the registry {registry} is empty: restore it from the backup, or start a new series with "
            "`generate registry init --new-series`") in emptied.stderr
    registry.unlink()  # deleted, the key kept
    lost = run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "-o",
                   str(tmp_path / "b.pdf"), "--registry", str(registry))
    assert lost.returncode == 2 and not registry.exists()
    assert f"the signing key {tmp_path / 'qujat-registry.key'} exists but its registry" in lost.stderr
    fresh = run_cli("registry", "init", "--new-series", "--registry", str(registry))
    assert fresh.returncode == 0, fresh.stderr
    assert len(list(tmp_path.glob("qujat-registry.key.retired-*"))) == 1


def _open_files_under(folder: Path) -> list[str]:
    """The files under ``folder`` this process holds open."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the listing's own descriptor, closed already
            continue
        if target.startswith(str(folder)):
            held.append(target)
    return held


def test_no_registry_connection_outlives_the_command_or_the_call(tmp_path):
    """A connection left open writes its pages back when the garbage collector closes it, at any
    later moment: into a registry someone emptied, or over a restored backup."""
    registry = tmp_path / "qujat-registry.sqlite3"
    for args in (("certificate", "--award", "jubilee-medal", "--name", "Бекбас О.Т.", "-o", str(tmp_path / "a.pdf")),
                 ("batch", "records/awards-sample.csv", "--award", "federation-badge", "--rows", "1-2", "-o",
                  str(tmp_path / "batch")),
                 ("registry", "list"),
                 ("registry", "revoke", "A20-0001", "--reason", "issued in error", "--category", "issued-in-error")):
        result = run_cli(*args, "--registry", str(registry))
        assert result.returncode == 0, result.stderr
        assert _open_files_under(tmp_path) == [], args
    qujat.render_certificate("jubilee-medal", "Калиев С.Е.", tmp_path / "b.pdf", registry=registry)
    qujat.certificate_bytes("jubilee-medal", "Нұрланов Б.Қ.", registry=registry)
    qujat.print_batch("records/awards-sample.csv", tmp_path / "lib", award="federation-badge", rows=(3, 3),
                      registry=registry)
    assert _open_files_under(tmp_path) == []
    with Registry.open(registry) as reg:  # a Registry handed in stays the caller's, open
        qujat.render_certificate("jubilee-medal", "Жұмабаева А.С.", tmp_path / "c.pdf", registry=reg)
        assert reg.get("A20-0004") is not None


def test_a_key_open_to_others_is_refused(tmp_path):
    registry = tmp_path / "reg.sqlite3"
    assert run_cli("registry", "init", "--registry", str(registry)).returncode == 0
    (tmp_path / "reg.key").chmod(0o644)
    result = run_cli("certificate", "--award", "jubilee-medal", "--name", "Бекбас О.Т.", "-o",
                     str(tmp_path / "a.pdf"), "--registry", str(registry))
    assert result.returncode == 2 and not (tmp_path / "a.pdf").exists()
    assert "the signing key is open to other users (mode 0644); only its owner may read it: chmod 600" in result.stderr


# the journal -----------------------------------------------------------------------------------

def test_import_refuses_a_number_far_past_the_series_or_beyond_its_digits(tmp_path):
    registry = str(tmp_path / "reg.sqlite3")
    rows = [{"№": "A20-0041", "ФИО": "Старый О.Т.", "Награда": "jubilee-medal", "Дата": "2018-05-01"},
            {"№": "A20-00071234", "ФИО": "Опечатка А.А.", "Награда": "jubilee-medal", "Дата": "2018-05-02"}]
    typo = run_cli("registry", "import", str(write_list(tmp_path / "j.csv", rows)), "--registry", registry)
    assert typo.returncode == 2
    assert "row 3: A20-00071234 has 8 digits, more than the series' 4" in typo.stderr
    huge = [{"№": "A20-9223372036854775806", "ФИО": "Б Б", "Награда": "jubilee-medal", "Дата": "2018-05-02"}]
    assert run_cli("registry", "import", str(write_list(tmp_path / "h.csv", huge)), "--registry",
                   registry).returncode == 2
    jump = [{"№": "A20-5000", "ФИО": "Далёкий В.В.", "Награда": "jubilee-medal", "Дата": "2018-05-02"}]
    refused = run_cli("registry", "import", str(write_list(tmp_path / "k.csv", jump)), "--registry", registry)
    assert refused.returncode == 2 and "row 2: A20-5000 is 4,999 past the series' next number A20-0001" in \
        refused.stderr and "--allow-jump" in refused.stderr
    with Registry.open(registry) as reg:
        assert reg.list() == [] and reg.series_next("jubilee-medal") is None  # nothing imported
    assert run_cli("registry", "import", str(tmp_path / "k.csv"), "--allow-jump", "--registry",
                   registry).returncode == 0
    with Registry.open(registry) as reg:
        assert reg.series_next("jubilee-medal") == 5001


def test_the_journal_has_localized_headings_date_cells_and_every_event(tmp_path):
    from openpyxl import load_workbook

    registry = str(tmp_path / "reg.sqlite3")
    assert run_cli("certificate", "--award", "jubilee-medal", "--name", "Бекбас О.Т.", "--date", "2018-07-04",
                   "-o", str(tmp_path / "a.pdf"), "--registry", registry).returncode == 0
    assert run_cli("registry", "revoke", "A20-0001", "--reason", "ошибка в фамилии", "--category", "data-corrected",
                   "--registry", registry).returncode == 0
    assert run_cli("registry", "export", str(tmp_path / "j.xlsx"), "--lang", "kk", "--registry",
                   registry).returncode == 0
    book = load_workbook(tmp_path / "j.xlsx")
    assert book.sheetnames == ["Марапаттар", "Құжаттар", "Оқиғалар"]
    awards = list(book["Марапаттар"].iter_rows(values_only=True))
    assert awards[0][:4] == ("Куәлік нөмірі", "Марапат", "Күні", "Тегі, аты, әкесінің аты")
    assert awards[1][0] == "A20-0001" and awards[1][2] == dt.datetime(2018, 7, 4)  # a date cell
    events = list(book["Оқиғалар"].iter_rows(values_only=True))
    assert events[0][:3] == ("Куәлік нөмірі", "Оқиға", "Санаты")
    assert [row[:3] + row[5:6] for row in events[1:]] == [
        ("A20-0001", "issued", None, None), ("A20-0001", "revoked", "data-corrected", "ошибка в фамилии")]


def test_an_unusable_key_stops_the_run_and_leaves_the_earlier_run_sheet(tmp_path):
    registry = tmp_path / "reg.sqlite3"
    source = write_list(tmp_path / "l.csv", [{"ФИО": f"Сотрудник {n} А.Б."} for n in range(3)])
    args = ("batch", str(source), "--award", "federation-badge", "--split", "-o", str(tmp_path / "out"),
            "--registry", str(registry))
    assert run_cli(*args).returncode == 0
    sheet = (tmp_path / "out" / "l.run-sheet.csv").read_bytes()
    (tmp_path / "reg.key").chmod(0o640)
    stopped = run_cli(*args)
    assert stopped.returncode == 2 and "failed" not in stopped.stdout
    assert stopped.stderr.strip().splitlines()[-1] == (
        f"error: {tmp_path / 'reg.key'}: the signing key is open to other users (mode 0640); only its owner may read "
        f"it: chmod 600 {tmp_path / 'reg.key'}")
    assert (tmp_path / "out" / "l.run-sheet.csv").read_bytes() == sheet
