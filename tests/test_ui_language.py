"""qujat speaks the office's language: every message, report, summary and help through the
``qujat-ui`` catalogs, chosen by ``--ui-lang`` or LANGUAGE / LC_ALL / LC_MESSAGES / LANG."""
from __future__ import annotations

import re

import pytest

from conftest import RECORDS, ROOT, base_record, run_cli
from qujat.errors import Location, QujatError
from qujat.i18n.catalogs import catalog_status, extract_ids, template_ids, ui_statuses
from qujat.i18n.ui import UI_POT_PATH, choose_ui_language, ui_catalog_path, ui_languages, ui_translations
from qujat.messages import M_, Message, Mn_, render

SAMPLE = str(RECORDS / "awards-sample.csv")
#: Words of qujat's English messages that a Russian or Kazakh run must not print.
ENGLISH = re.compile(r"\b(wrote|issued|rows?|error|warning|registry|column|headings|data from|ready to print|"
                     r"already awarded|with problems|the name|the date|Usage|Options|Show this message)\b")


def _all_output(result) -> str:
    return _words(result.stdout + result.stderr)


def _words(text: str) -> str:
    """The text without option names and file names (--rows, --registry, awards-sample.csv)."""
    return re.sub(r"--[\w-]+|\S*/\S*|\S+\.(csv|pdf|xlsx|yaml|sqlite3)\b", " ", text)


# --- choosing the language ---------------------------------------------------------------------

@pytest.mark.parametrize("asked, variables, chosen", [
    (None, {"lang": "ru_RU.UTF-8"}, "ru"),
    (None, {"lang": "kk_KZ.UTF-8"}, "kk"),
    (None, {"lc_all": "kk_KZ.UTF-8@latin"}, "kk-Latn"),
    (None, {"language": "de:kk", "lang": "de_DE.UTF-8"}, "kk"),
    (None, {"lc_all": "ru_RU.UTF-8", "lang": "kk_KZ.UTF-8"}, "ru"),  # LC_ALL before LANG
    (None, {"lc_messages": "kk_KZ", "lang": "ru_RU"}, "kk"),
    (None, {"lang": "C.UTF-8", "language": "ru"}, "en"),  # the C locale: LANGUAGE is not looked at
    (None, {"lang": "de_DE.UTF-8"}, "en"),
    (None, {}, "en"),
    ("kk", {"lang": "ru_RU.UTF-8"}, "kk"),
])
def test_the_language_is_chosen_as_gettext_chooses(asked, variables, chosen):
    assert choose_ui_language(asked, **variables) == chosen


def test_the_languages_qujat_speaks():
    assert set(ui_languages()) >= {"kk", "ru", "en", "kk-Latn"}
    assert ui_translations("kk-Latn").gettext("Usage:") == "Qoldanyluy:"  # kk's, transliterated


# --- messages as values ------------------------------------------------------------------------

def test_a_message_is_its_english_text_and_renders_in_any_language():
    message = Mn_("%(num)s row", "%(num)s rows", 5, code="check.rows")
    assert message == "5 rows" and isinstance(message, str)
    assert render(message, ui_translations("ru")) == "5 строк"
    assert render(Mn_("%(num)s row", "%(num)s rows", 2), ui_translations("ru")) == "2 строки"
    assert render(message, ui_translations("kk")) == "5 жол"
    nested = M_("row %(row)s: %(problem)s", row=3, problem=M_("the name is empty"))
    assert render(nested, ui_translations("ru")) == "строка 3: не указано ФИО"


def test_an_error_carries_its_data_and_renders_where_it_is_shown():
    error = QujatError(M_("the name is empty", code="row.no-name"), Location("list.csv", row=7))
    assert str(error) == "list.csv: row 7: the name is empty"
    assert error.render(ui_translations("ru")) == "list.csv: строка 7: не указано ФИО"
    assert error.render(ui_translations("kk")) == "list.csv: 7-жол: аты-жөні көрсетілмеген"
    [data] = error.structured()
    assert data["file"] == "list.csv" and data["row"] == 7 and data["code"] == "row.no-name"
    assert data["id"] == "the name is empty" and data["kind"] == "QujatError"


def test_a_list_error_has_a_code_and_values(tmp_path):
    from qujat.lists.read import read_list

    listing = tmp_path / "list.csv"
    listing.write_text("Должность;Организация\nинженер;ТОО\n", encoding="utf-8")
    with pytest.raises(QujatError) as caught:
        read_list(listing)
    [data] = caught.value.structured()
    assert data["file"] == str(listing) and data["code"] == "joined"
    assert data["values"]["first"]["code"] == "list.no-heading-row" and data["values"]["first"]["values"] == {
        "count": 20}
    assert "не найдено" not in caught.value.render(ui_translations("ru"))
    assert "в первых 20 строках нет строки заголовков со столбцом ФИО" in caught.value.render(ui_translations("ru"))


def test_a_message_goes_to_a_worker_process_whole():
    import pickle

    message = Mn_("%(num)s row", "%(num)s rows", 2, code="check.rows")
    again = pickle.loads(pickle.dumps(message))
    assert isinstance(again, Message) and again.code == "check.rows" and again == "2 rows"


# --- the command in Russian and in Kazakh ---------------------------------------------------------

def test_lang_ru_gives_the_whole_batch_in_russian(tmp_path):
    checked = run_cli("batch", SAMPLE, "--check", LANG="ru_RU.UTF-8")
    assert checked.returncode == 0, checked.stderr
    assert "столбец A «Аты-жөні»: ФИО полностью" in checked.stdout
    assert "36 строк, 0 уже награждены, 0 с ошибками: можно печатать" in checked.stdout
    assert not ENGLISH.search(_all_output(checked)), _all_output(checked)
    done = run_cli("batch", SAMPLE, "-o", str(tmp_path / "out"), "-q", LANG="ru_RU.UTF-8")
    assert done.returncode == 0, done.stderr
    assert f"записан {tmp_path / 'out' / 'awards-sample.pdf'}" in done.stdout
    assert re.search(r"^выдано новых: 36, перепечатано уже награждённым: 0, .*, \d+,\d с, по \d+ в секунду[;\n]",
                     done.stdout, re.M), done.stdout  # the seconds with a decimal comma
    assert not ENGLISH.search(_all_output(done)), _all_output(done)
    again = run_cli("batch", SAMPLE, "-o", str(tmp_path / "out"), "-q", LANG="ru_RU.UTF-8")
    assert "перепечатано уже награждённым: 36" in again.stdout


def test_ui_lang_kk_gives_errors_reports_and_summaries_in_kazakh(tmp_path):
    listing = tmp_path / "list.csv"
    listing.write_text("Аты-жөні,Марапат,Күні\nӘсел Жақсыбекова,jubilee-medal,04.07.2018\n,jubilee-medal,04.07.2018\n"
                       "Серік Өмірзақов,jubilee-medal,07/04/2018\n", encoding="utf-8")
    checked = run_cli("--ui-lang", "kk", "batch", str(listing), "--check", LANG="ru_RU.UTF-8")
    assert checked.returncode == 2
    text = _all_output(checked)
    assert "3-жол: аты-жөні көрсетілмеген" in checked.stderr and "қате:" in checked.stderr
    assert "«07/04/2018» күнін екі түрлі оқуға болады: 2018 жылғы 7 сәуір" in checked.stderr
    assert "3 жол, 0 бұрын марапатталған, 2 қатесі бар" in checked.stdout
    assert not ENGLISH.search(text), text
    printed = run_cli("--ui-lang", "kk", "batch", str(listing), "-o", str(tmp_path / "out"), "-q")
    assert printed.returncode == 1
    assert "жаңа берілгені: 1" in printed.stdout and "қатесі барлары: 2" in printed.stdout
    assert "2-жол" not in printed.stderr and "3-жол: аты-жөні көрсетілмеген" in printed.stderr


def test_a_record_check_in_russian(tmp_path, write_record):
    path = write_record(base_record(title="«Взаимодействие»", chair={"name": "Вячеслав Румянцев"}))
    result = run_cli("check", str(path), LANG="ru_RU.UTF-8")
    assert result.returncode == 0
    assert "название взято в кавычки" in result.stderr
    assert "нельзя понять, какое слово в «Вячеслав Румянцев» — фамилия" in result.stderr
    assert re.search(r"ошибок нет, 3 предупреждения\n$", result.stdout)  # and the votes beyond those present
    assert not ENGLISH.search(_all_output(result)), _all_output(result)
    broken = write_record(base_record(chair={"nme": "Бекбас О.Т."}), "broken.yaml")
    refused = run_cli("check", str(broken), "--ui-lang", "kk")
    assert refused.returncode == 2 and "белгісіз өріс 'nme'; мүмкін, 'name' деп жазғыңыз келді ме?" in refused.stderr


def test_help_and_clicks_own_words_in_the_users_language():
    ru = run_cli("--ui-lang", "ru", "certificate", "--help")
    assert "Использование: generate certificate [OPTIONS]" in ru.stdout
    assert "Создать одно удостоверение к награде (PDF) для указанного человека." in ru.stdout
    assert "Показать эту справку и выйти." in ru.stdout and "[по умолчанию: kk]" in " ".join(ru.stdout.split())
    kk = run_cli("batch", "--help", LANG="kk_KZ.UTF-8")
    assert "Қолданылуы:" in kk.stdout and "Осы анықтаманы көрсетіп, шығу." in kk.stdout
    assert not ENGLISH.search(_words(kk.stdout)), kk.stdout
    missing = run_cli("--ui-lang", "ru", "minutes")
    assert missing.returncode == 2 and "Ошибка: Не указан аргумент 'RECORDS...'." in missing.stderr
    top = run_cli("--help", LANG="ru_RU.UTF-8")
    assert "Команды:" in top.stdout and "--ui-lang" in top.stdout
    latin = run_cli("--ui-lang", "kk-Latn", "minutes", "--help")
    assert "Qoldanyluy:" in latin.stdout and not re.search(r"[\u0400-\u04ff]", latin.stdout.replace("«", ""))


def test_english_by_default_and_for_a_language_qujat_does_not_speak():
    for env in ({}, {"LANG": "de_DE.UTF-8"}, {"LANG": "C"}):
        result = run_cli("batch", SAMPLE, "--check", **env)
        assert "36 rows, 0 already awarded, 0 with problems: ready to print" in result.stdout


def test_the_verdict_speaks_the_users_language(tmp_path):
    made = run_cli("certificate", "--award", "jubilee-medal", "--name", "Калиев С.Е.", "--date", "2018-07-04",
                   "-o", str(tmp_path / "c.pdf"))
    assert made.returncode == 0, made.stderr
    verdict = run_cli("verify", "A20-0001", LANG="ru_RU.UTF-8")
    assert "номер:" in verdict.stdout or "номер" in verdict.stdout.casefold()
    assert "number:" not in verdict.stdout


# --- the catalogs ------------------------------------------------------------------------------

def test_ui_sources_and_template_are_in_step():
    assert extract_ids(ROOT, "qujat-ui") == template_ids(UI_POT_PATH), \
        "run the UI extract and update (CONTRIBUTING: the user-interface catalogs)"


@pytest.mark.parametrize("status", ui_statuses(), ids=lambda status: status.lang)
def test_ui_catalog_is_complete(status):
    assert status.lang in ("kk", "ru", "en", "kk-Latn")
    assert status.complete, "\n".join(status.problems())


def test_ui_translations_keep_their_fields():
    from babel.messages.pofile import read_po

    field = re.compile(r"%\((\w+)\)s|\{(\w+)(?:![rs])?\}")
    for lang in ("kk", "ru", "en", "kk-Latn"):
        with ui_catalog_path(lang).open("rb") as fh:
            catalog = read_po(fh, locale=lang.split("-")[0])
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            wanted = {a or b for text in ids for a, b in field.findall(text)} | ({"num"} if len(ids) > 1 else set())
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings:
                assert {a or b for a, b in field.findall(text)} <= wanted, (lang, message.id, text)


def test_a_broken_ui_catalog_is_found(tmp_path):
    path = tmp_path / "qujat-ui.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Usage:"\nmsgstr ""\n',
                    encoding="utf-8")
    status = catalog_status("ru", {"Usage:", "Options"}, path)
    assert sorted(status.missing) == ["Options", "Usage:"]


#: Names a Kazakh or Russian message keeps in Latin letters: programs, formats, products, commands.
NAMES = {"qujat", "libreoffice", "postgresql", "sqlite", "debian", "ubuntu", "macos", "jpeg", "png", "pdf", "json",
         "qr", "utf", "pem", "ed25519", "tesseract", "pdftoppm", "pdfinfo", "soffice", "pip", "apt", "get",
         "install", "brew", "poppler", "backup", "docx", "xlsx", "csv", "xls", "ods", "yaml", "tsv", "base32",
         "word", "ctrl", "url", "ok", "id", "iin", "http", "https", "www", "org", "download", "toml", "cpp",
         "zxing", "jinja2", "latn", "kk", "ru", "en", "sha", "count", "seconds", "generate", "serve", "mb", "excel",
         "windows", "serif", "traceback",
         "skip", "include", "para", "table", "footer", "attendees"}  # option values, template functions, a field
_TECHNICAL = re.compile(r"%\(\w+\)s|%%|«[^»]*»|`[^`]*`|\[[^\]]*\]|\{[^}]*\}|--[\w-]+|\$\w+|\S*[_/\\.:@=]\S*|"
                        r"\b\w*\d\w*\b|\b[A-Z]{2,}\b|\b\w+(?:-\w+)+\b")


def english_words(text: str) -> set[str]:
    """The English words of a message's text: Latin words outside fields, options, commands and
    file or program names, and not one of the names a translation keeps (:data:`NAMES`)."""
    return {word.casefold() for word in re.findall(r"[A-Za-z]{2,}", _TECHNICAL.sub(" ", text))} - NAMES


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_english_left_in_the_kazakh_and_russian_messages(lang):
    from babel.messages.pofile import read_po

    with ui_catalog_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    left = {}
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        english = set().union(*(english_words(text) for text in ids))
        found = set().union(*(english_words(text) for text in strings)) & english
        if found or not all(strings):
            left[ids[0]] = sorted(found) or "untranslated"
    assert not left, left


def test_the_english_word_scan_finds_an_untranslated_message():
    assert english_words("the name is empty") == {"the", "name", "is", "empty"}
    assert english_words("--preview needs pdftoppm: `apt-get install poppler-utils`, %(path)s") == {"needs"}
    assert english_words("нет шрифтов PT Serif: pip install fontpkg-pt-serif") == set()
    assert english_words("реестр %(path)s is empty") == {"is", "empty"}


def test_a_registry_error_and_a_file_error_in_russian_and_kazakh(tmp_path):
    missing = tmp_path / "nowhere" / "r.sqlite3"
    ru = run_cli("registry", "list", "--registry", str(missing), LANG="ru_RU.UTF-8")
    assert ru.returncode == 2
    assert f"реестра {missing} нет: создайте его командой `generate registry init` или укажите" in ru.stderr
    kk = run_cli("--ui-lang", "kk", "registry", "list", "--registry", str(missing))
    assert kk.returncode == 2
    assert f"қате: {missing} тізілімі жоқ: оны `generate registry init` командасымен" in kk.stderr
    wrong = run_cli("minutes", str(RECORDS / "2018-07-04-almaty-south-cluster.yaml"), "-o", str(tmp_path / "m.odt"),
                    LANG="kk_KZ.UTF-8")
    assert wrong.returncode == 2
    assert "пішімді кеңейтім анықтайды: «.odt» емес, .docx немесе .pdf файл атауын көрсетіңіз" in wrong.stderr


def test_a_number_in_a_message_has_the_readers_separators():
    from qujat.messages import Number

    message = M_("the picture has more than %(count)s pixels; take a smaller one", count=Number(40_000_000))
    assert message == "the picture has more than 40,000,000 pixels; take a smaller one"
    assert render(message, ui_translations("ru")) == (
        "в изображении больше 40\xa0000\xa0000 пикселей; возьмите изображение поменьше")
