"""The ``generate`` command group and its document commands (minutes, certificates, batch, check ...).

Imports of the library happen inside each command: ``generate --help`` and every command start
without loading what they do not use (reportlab, python-docx, SQLAlchemy cost 0.5 s together).
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qujat.cli import collector, ui
from qujat.cli import registry as registry_commands
from qujat.cli.environment import locale_from, settings_from
from qujat.cli.registry import issuing_for, issuing_options
from qujat.cli.serve import accounts_group
from qujat.cli.serve import serve as serve_command
from qujat.cli.ui import say
from qujat.errors import QujatError
from qujat.i18n.ui import ui_languages
from qujat.messages import M_, Mn_
from qujat.output import INPUT_OF_RUN, protected, refuse_protected
from qujat.settings import applied

if TYPE_CHECKING:
    from qujat.batch.run import BatchOptions
    from qujat.certificates.assemble import Issuing

#: Exit statuses: bad input or usage (nothing written), and an error of qujat's own (EX_SOFTWARE).
EXIT_BAD_INPUT, EXIT_INTERNAL = 2, 70


#: The registry's own files beside a SQLite registry (write-ahead log, shared memory, rollback journal).
REGISTRY_SIDE_FILES = ("-wal", "-shm", "-journal")


def registry_files(registry_url: str | None) -> list[tuple[Path, str]]:
    """The files of the registry the command would use, found as the registry commands find it
    (nothing is opened or created): a SQLite file with its write-ahead log, shared memory and
    journal, and the signing key; for the outputs to refuse. A registry that cannot be found
    (a broken qujat.toml) protects nothing here: opening it says what is wrong."""
    try:
        where = registry_commands.location(registry_url)
    except QujatError:
        return []
    files: list[tuple[Path, str]] = []
    path: Path | None = None
    if "://" not in where.url or where.url.startswith("sqlite:///"):
        path = Path(where.url.removeprefix("sqlite:///")).expanduser()
        files.append((path, M_("the award registry", code="protected.registry")))
        files += [(path.with_name(path.name + side), M_("a file of the award registry", code="protected.registry-file"))
                  for side in REGISTRY_SIDE_FILES]
    if where.signing_key is not None:
        keys = [where.signing_key]
    elif path is not None:  # beside the registry's file (a link's target's too), as the registry keeps it
        keys = [p.with_name(p.name.split(".")[0] + ".key") for p in (path, path.resolve())]
    else:
        keys = []
    files += [(key_path, M_("the award registry's signing key", code="protected.key")) for key_path in keys]
    return files


def protect(registry_url: str | None, *inputs: str | Path | None) -> None:
    """For the rest of the command: no output may replace ``inputs``, the award definitions or
    the registry's files."""
    from qujat.certificates.definitions import definitions_dirs

    ctx = click.get_current_context()
    for path, what in registry_files(registry_url):
        ctx.with_resource(protected([path], what))
    definitions = [p for folder in definitions_dirs() if folder.is_dir() for p in folder.glob("*.yaml")]
    ctx.with_resource(protected(definitions, M_("an award definition", code="protected.definition")))
    ctx.with_resource(protected([p for p in inputs if p], INPUT_OF_RUN))


def _fail(error: QujatError) -> None:
    for line in error.render(ui.translations()).splitlines():
        say(M_("error: %(problem)s", code="cli.error", problem=line), err=True)
    sys.exit(error.exit_code)


def _wrote(path: object) -> None:
    say(M_("wrote %(path)s", code="cli.wrote", path=str(path)))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qujat")
@click.option("--debug", is_flag=True, help="Show a traceback for errors.")
@click.option(ui.OPTION, "ui_lang", type=click.Choice(ui_languages()),
              help="The language qujat speaks in (messages, reports, help): kk, ru, en or kk-Latn; default: "
                   "$LANGUAGE, $LC_ALL, $LC_MESSAGES or $LANG, else English.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, ui_lang: str | None) -> None:
    """Official minutes (DOCX) and award certificates (PDF) from meeting records in YAML."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("records", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--lang", help="Document language: kk, ru, en, kk-Latn (Kazakh in Latin letters) or a pair "
                             "such as kk+ru; default: the record's language.")
@click.option("-o", "--output", type=click.Path(),
              help="Output file (.docx or .pdf: the extension decides) or, for several records, a folder; "
                   "default output/<record>.<lang>.docx")
@click.option("--template", type=click.Path(dir_okay=False),
              help="Any .docx: its styles, page setup, header and footer set the look.")
@click.option("--pdf", "as_pdf", is_flag=True, help="PDF through LibreOffice (as -o x.pdf does).")
@click.option("--pdfa", is_flag=True, help="PDF/A-2b, for archives (implies --pdf).")
@click.option("--keep-docx", is_flag=True, help="With PDF output, also write the DOCX beside it.")
@click.option("--timeout", type=click.FloatRange(min=1, max=86400), metavar="SECONDS",
              help="Seconds LibreOffice may take for the PDFs; default 90 + per document 30 and 60 per MB of text.")
@registry_commands.registry_option
def minutes(records: tuple[str, ...], lang: str | None, output: str | None, template: str | None, as_pdf: bool,
            pdfa: bool, keep_docx: bool, timeout: float | None, registry_url: str | None) -> None:
    """Write the minutes of RECORDS (one or more YAML files) as DOCX or PDF, ready to sign.

    PDFs are converted by LibreOffice, all in one run."""
    from qujat.errors import UsageError
    from qujat.minutes.compose import output_format, render_minutes_many
    from qujat.records.schema import load_record

    protect(registry_url, *records, template)
    as_pdf = as_pdf or pdfa
    suffix = ".pdf" if as_pdf else ".docx"
    folder: Path | None = None
    if output and (len(records) > 1 or output.endswith(("/", os.sep)) or Path(output).is_dir()):
        if len(records) > 1 and Path(output).suffix.lower() in (".docx", ".pdf") and not Path(output).is_dir():
            raise UsageError(M_("%(count)s records make %(count)s files: give -o a folder, not a file name",
                                code="minutes.many-to-one", count=len(records)))
        folder = Path(output)
    elif output:
        if as_pdf and output_format(output) != "pdf":
            raise UsageError(M_("--pdf and --pdfa write PDF: give a .pdf output name", code="minutes.pdf-name"))
        output_format(output)
    elif len(records) > 1:
        folder = Path("output")
    loaded = [load_record(path) for path in records]
    jobs = []
    for path, rec in zip(records, loaded):
        name = f"{Path(path).stem}.{lang or rec.language}{suffix}"
        target = folder / name if folder else Path(output) if output else Path("output") / name
        jobs.append((rec, target))
    numbers = registry_commands.certificate_numbers(registry_url, loaded)
    for written in render_minutes_many(jobs, lang=lang, template=template, pdfa=pdfa, keep_docx=keep_docx,
                                       numbers=numbers, timeout=timeout):
        if keep_docx:
            _wrote(written.with_suffix(".docx"))
        _wrote(written)


@cli.group()
def template() -> None:
    """Write a template to start an office's own look from."""


@template.command("minutes")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="office.docx", show_default=True,
              help="The .docx to write.")
def template_minutes(output: str) -> None:
    """Write qujat's reference DOCX for the minutes: every style they use, to restyle in Word or
    LibreOffice and pass back with `generate minutes RECORD --template office.docx`."""
    from qujat.errors import UsageError
    from qujat.minutes.writer import builtin_reference
    from qujat.output import write_atomic

    if Path(output).suffix.lower() != ".docx":
        raise UsageError(M_("a minutes template is a .docx file: give a name ending in .docx",
                            code="template.docx-name"))
    protect(None)
    _wrote(write_atomic(output, builtin_reference().read_bytes()))


@cli.command()
@click.argument("record", type=click.Path(dir_okay=False))
@click.option("--lang", "langs", default=None,
              help="Languages to check translations for, e.g. kk,ru,en,kk-Latn or kk+ru (default: the record's own).")
def check(record: str, langs: str | None) -> None:
    """Validate RECORD; warn about its slips and the fields that lack a translation. Exit 0 when
    valid, 2 when not.

    A recipient list (XLSX, XLS, ODS, CSV) is checked as `batch LIST --check` does."""
    from qujat.tasks.check_record import check_record

    if Path(record).suffix.lower() not in (".yaml", ".yml"):
        from qujat.batch.run import BatchOptions

        _check_list(record, BatchOptions(lang=langs))
        return

    warnings = check_record(record, langs=langs.replace("+", ",").split(",") if langs else None)
    for line in warnings:
        say(M_("warning: %(problem)s", code="cli.warning", problem=line), err=True)
    if warnings:
        say(Mn_("%(record)s: valid, %(num)s warning", "%(record)s: valid, %(num)s warnings", len(warnings),
                code="check.valid-with-warnings", record=record))
    else:
        say(M_("%(record)s: valid", code="check.valid", record=record))


@cli.command()
def languages() -> None:
    """List the languages qujat has, with how complete each catalog is (the documents' words, then
    what qujat says to its users)."""
    from qujat.i18n.catalogs import all_statuses, ui_statuses
    from qujat.i18n.localizer import language_name

    for title, statuses in ((M_("documents:"), all_statuses()), (M_("messages and help (--ui-lang):"), ui_statuses())):
        say(title)
        for status in statuses:
            share = 100 * status.translated // status.total if status.total else 100
            problems = status.problems()
            note = ui.text(M_("  incomplete: %(problems)s", code="languages.incomplete",
                              problems="; ".join(problems[:3]) + (" ..." if len(problems) > 3 else ""))) \
                if problems else ""
            click.echo(f"{status.lang:<8} {language_name(status.lang):<24} {share:>3}%  "
                       f"{status.translated}/{status.total}{note}")


@cli.command()
def schema() -> None:
    """Print the record's JSON Schema (for editors such as VS Code's YAML extension)."""
    import json

    from qujat.records.schema import Record

    click.echo(json.dumps(Record.model_json_schema(by_alias=True), ensure_ascii=False, indent=2))


@cli.command()
@click.argument("record", type=click.Path(dir_okay=False))
@click.option("--lang", help="Certificate language: kk, ru, en, kk-Latn or a pair such as kk+ru; default: the "
                             "record's language.")
@click.option("--award", "award_id", help="Only this award, e.g. federation-badge.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
              help="Folder for the PDFs; default output/<record>/")
@click.option("--preview", is_flag=True, help="Also write a PNG of each page next to its PDF (needs pdftoppm).")
@issuing_options
def certificates(record: str, lang: str | None, award_id: str | None, out_dir: str | None, preview: bool,
                 registry_url: str | None, draft: bool) -> None:
    """Write a certificate (PDF) for every award recipient in RECORD."""
    from qujat.records.schema import load_record
    from qujat.tasks.award_certificates import render_record_certificates

    protect(registry_url, record)
    if preview:
        from qujat.preview import pdftoppm

        pdftoppm()
    rec = load_record(record)
    paths = render_record_certificates(rec, out_dir or Path("output") / Path(record).stem, lang=lang, award=award_id,
                                       issuing=issuing_for(registry_url, draft))
    for path in paths:
        _wrote(path)
    if preview:
        _previews(paths)


@cli.command()
@click.option("--award", "award_id", required=True, help="Award id, e.g. jubilee-medal or federation-badge.")
@click.option("--name", required=True, help="Recipient's full name as it is to be printed.")
@click.option("--position", help="Recipient's position.")
@click.option("--organisation", help="Recipient's organisation.")
@click.option("--lang", default="kk", show_default=True,
              help="Certificate language: kk, ru, en, kk-Latn or a pair such as kk+ru.")
@click.option("--number", help="Certificate number; default: the award's first number.")
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date, YYYY-MM-DD; default: today.")
@click.option("--place", help="City where the award is presented.")
@click.option("--occasion", help="What the award marks.")
@click.option("--signatory", help="Name under the signature line.")
@click.option("--issuer", help="Issuer file (issuer.yaml: organisation and signatory with name and title, "
                                "in kk/ru/en), or the issuing organisation's name; default: the Federation.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Output PDF; default output/<name>.<award>.<lang>.pdf")
@click.option("--preview", is_flag=True, help="Also write a PNG of the page next to the PDF (needs pdftoppm).")
@click.option("--iin", help="Recipient's ИИН (12 digits), to tell namesakes apart in the registry.")
@issuing_options
def certificate(award_id: str, name: str, position: str | None, organisation: str | None, lang: str,
                number: str | None, date: dt.datetime | None, place: str | None, occasion: str | None,
                signatory: str | None, issuer: str | None, output: str | None, preview: bool, iin: str | None,
                registry_url: str | None, draft: bool) -> None:
    """Write one award certificate (PDF) for a named person."""
    from qujat.output import safe_file_name
    from qujat.tasks.award_certificates import render_certificate

    target = output or Path("output") / f"{safe_file_name(name)}.{award_id}.{lang}.pdf"
    protect(registry_url, issuer if issuer and Path(issuer).suffix.lower() in (".yaml", ".yml") else None)
    refuse_protected(target)  # before a number is taken
    if preview:
        from qujat.preview import pdftoppm

        pdftoppm()
    recipient = {"name": name, "position": position, "organisation": organisation}
    path = render_certificate(award_id, {k: v for k, v in recipient.items() if v is not None}, target,
                              lang=lang, number=number, date=date.date() if date else None, place=place,
                              occasion=occasion, iin=iin, **_issuer_details(issuer, signatory),
                              issuing=issuing_for(registry_url, draft))
    _wrote(path)
    if preview:
        _previews([path])


def _issuer_details(issuer: str | None, signatory: str | None) -> dict[str, Any]:
    """The issuer options of one certificate: from an issuer file (a .yaml/.yml path), or
    ``issuer`` as the organisation's name; ``--signatory`` names who signs either way."""
    if issuer and Path(issuer).suffix.lower() in (".yaml", ".yml"):
        from qujat.certificates.issuer import load_issuer

        settings = load_issuer(issuer).settings()
        return {"organisation": settings.organisation, "signatory": signatory or settings.signatory,
                "signatory_title": settings.signatory_title}
    return {"organisation": issuer, "signatory": signatory}


def _parse_rows(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        first, _, last = value.partition("-")
        span = (int(first), int(last) if last else int(first))
    except ValueError:
        raise click.BadParameter(ui.text(M_("write FROM-TO, e.g. 1-500")), param_hint="--rows") from None
    if span[0] < 1 or span[1] < span[0]:
        raise click.BadParameter(ui.text(M_("FROM must be at least 1 and TO at least FROM")), param_hint="--rows")
    return span


def _parse_offset(value: str) -> tuple[float, float]:
    import math

    try:
        x, y = (float(part) for part in value.split(","))
    except ValueError:
        raise click.BadParameter(ui.text(M_("write X,Y in millimetres, e.g. 1.5,-2")),
                                 param_hint="--offset-mm") from None
    if not all(math.isfinite(v) and abs(v) <= 50 for v in (x, y)):
        raise click.BadParameter(ui.text(M_("each shift is a number of millimetres from -50 to 50, e.g. 1.5,-2")),
                                 param_hint="--offset-mm")
    return x, y


@cli.command()
@click.argument("source", type=click.Path(dir_okay=False), required=False)
@click.option("--award", "award_id", help="Award for rows that name none, e.g. federation-badge.")
@click.option("--lang", help="Language for rows that name none: kk, ru, en, kk-Latn or a pair such as kk+ru.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default="output", show_default=True,
              help="Folder for the PDF(s) and the run sheet.")
@click.option("--sheet", help="Workbook sheet name (XLSX, XLS, ODS); default: the first sheet.")
@click.option("--header-row", type=click.IntRange(1),
              help="Row number of the headings; default: found in the first 20.")
@click.option("--check", "check_only", is_flag=True,
              help="Show how the list is read and every problem; write nothing.")
@click.option("--split", is_flag=True, help="One PDF per person (in <output>/<list>/) instead of one combined PDF.")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes for --split.")
@click.option("--duplex", is_flag=True, help="A blank back after each certificate, for two-sided printing.")
@click.option("--chunk", type=click.IntRange(0), metavar="N",
              help="Certificates per combined PDF, in numbered parts (<list>.part-01.pdf …); default: parts of "
                   "5,000 for a longer list; 0: one PDF whatever its size.")
@click.option("--start", type=click.IntRange(0), help="First certificate number; default: the award's counter.")
@click.option("--rows", "rows_span", help="Only rows FROM-TO of the list (1-based), numbered as in the full run.")
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date for rows that give none (YYYY-MM-DD).")
@click.option("--place", help="City for rows that give none.")
@click.option("--signatory", help="Name under the signature line.")
@click.option("--issuer", "issuer_file", type=click.Path(dir_okay=False),
              help="Issuer file (issuer.yaml: organisation, signatory name and title in kk/ru/en); "
                   "default: the record's organisation and chair, or the Federation.")
@click.option("--text-only", is_flag=True, help="Only the personal texts, for pre-printed certificate blanks.")
@click.option("--offset-mm", default="0,0", show_default=True, help="Shift of the text-only overlay: X,Y in mm.")
@click.option("--calibration", is_flag=True, help="Print a millimetre test page for the award and stop.")
@click.option("--strict", is_flag=True, help="Write and record nothing if any row would fail or be refused (exit 2).")
@click.option("--hidden-rows", type=click.Choice(["skip", "include"]),
              help="Rows the workbook hides (hidden or filtered out): leave them out, or print them; without it a "
                   "list with hidden rows is refused.")
@click.option("--template-list", "template_list_path", type=click.Path(dir_okay=False),
              help="Write an empty list (XLSX or CSV) with the right headers and stop.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@click.option("--progress-json", is_flag=True,
              help="Progress as JSON lines on standard output ({\"done\": N, \"total\": M}), then the report "
                   "as one line (for the office desk and other programs).")
@issuing_options
def batch(source: str | None, award_id: str | None, lang: str | None, out_dir: str, sheet: str | None,
          header_row: int | None, check_only: bool, split: bool, jobs: int, duplex: bool, chunk: int | None,
          start: int | None,
          rows_span: str | None, date: dt.datetime | None, place: str | None, signatory: str | None,
          issuer_file: str | None, text_only: bool, offset_mm: str, calibration: bool, strict: bool,
          hidden_rows: str | None, template_list_path: str | None,
          quiet: bool, progress_json: bool, registry_url: str | None, draft: bool) -> None:
    """Print certificates for every row of a recipient list (XLSX, CSV or a record's YAML)."""
    protect(registry_url, source, issuer_file)
    if template_list_path:
        from qujat.lists.read import template_list

        _wrote(template_list(template_list_path, lang or "kk"))
        return
    offset = _parse_offset(offset_mm)
    if calibration:
        from qujat.certificates.calibration import calibration_pdf
        from qujat.certificates.definitions import load_award
        from qujat.output import write_atomic

        if not award_id:
            raise click.UsageError(ui.text(M_("--calibration needs --award")))
        page = calibration_pdf(load_award(award_id), offset)
        path = write_atomic(Path(out_dir) / f"calibration.{award_id}.pdf", page)
        _wrote(path)
        return
    if not source:
        raise click.UsageError(ui.text(M_("give a recipient list (XLSX, CSV or YAML)")))
    from qujat.batch.run import BatchOptions, run_batch

    options = BatchOptions(award=award_id, lang=lang, split=split, jobs=jobs, duplex=duplex, start=start,
                           rows=_parse_rows(rows_span), date=date.date() if date else None, place=place,
                           signatory=signatory, issuer=issuer_file, text_only=text_only, offset_mm=offset,
                           strict=strict, sheet=sheet, header_row=header_row, hidden_rows=hidden_rows,
                           chunk=chunk, ui_lang=ui.language())
    if check_only:
        _check_list(source, options, None if draft else registry_url, not draft)
        return
    issuing = issuing_for(registry_url, draft, source)
    collector.settle()
    show = not quiet and sys.stderr.isatty()
    if progress_json:
        _batch_as_json(source, out_dir, issuing, options)
        return
    if show:
        from qujat.batch.progress import batch_progress

        with batch_progress(ui.text(M_("certificates", code="batch.progress"))) as update:
            report = run_batch(source, out_dir, progress=update, issuing=issuing, **vars(options))
    else:
        report = run_batch(source, out_dir, issuing=issuing, **vars(options))
    for warning in report.warnings:
        say(M_("warning: %(problem)s", code="cli.warning", problem=warning), err=True)
    for failure in report.failures():
        say(M_("error: %(problem)s", code="cli.error", problem=M_("%(file)s: %(problem)s", file=source,
                                                                 problem=failure)), err=True)
    for path in report.outputs + report.sheets:
        _wrote(path)
    report.registry_created = issuing.created_registry()
    say(report.summary())
    sys.exit(report.exit_code)


def _json_line(value: object) -> None:
    import json

    click.echo(json.dumps(value, ensure_ascii=False))


def _batch_as_json(source: str, out_dir: str, issuing: Issuing, options: BatchOptions) -> None:
    """``batch --progress-json``: the same run, its progress and then its report as JSON lines."""
    from qujat.batch.run import run_batch

    report = run_batch(source, out_dir, progress=lambda done, total: _json_line({"done": done, "total": total}),
                       issuing=issuing, **vars(options))
    _json_line({"report": {"issued": report.issued, "reprinted": report.reprinted, "refused": report.refused,
                           "failed": report.failed, "printed": report.printed, "seconds": report.seconds,
                           "outputs": [str(p) for p in report.outputs], "sheets": [str(p) for p in report.sheets],
                           "summary": ui.text(report.summary()),
                           "failures": [ui.text(f) for f in report.failures()],
                           "warnings": [ui.text(w) for w in report.warnings]}})
    sys.exit(report.exit_code)


def _check_list(source: str, options: BatchOptions, registry_url: str | None = None, registry: bool = True) -> None:
    """``batch --check`` and ``check LIST``: how the list is read, who is already awarded (with
    number and date), and every problem and refusal; exit 2 if any. Nothing is written, and no
    registry is created."""
    from qujat.batch.run import check_list
    from qujat.registry.recording import RegistryIssuing

    planner = (RegistryIssuing(lambda: registry_commands.open_registry(registry_url, quiet=True), source,
                               existing=lambda: registry_commands.open_registry(registry_url, quiet=True))
               if registry else None)
    found = check_list(source, award=options.award, lang=options.lang, date=options.date, place=options.place,
                       signatory=options.signatory, issuer=options.issuer, occasion=options.occasion,
                       start=options.start, rows=options.rows, sheet=options.sheet, header_row=options.header_row,
                       hidden_rows=options.hidden_rows, issuing=planner)
    for line in found.understood:
        say(line)
    for warning in found.warnings:
        say(M_("warning: %(problem)s", code="cli.warning", problem=warning), err=True)
    for line in found.awarded:
        say(M_("awarded: %(line)s", code="check.awarded-line", line=line))
    for problem in found.problems:
        say(M_("error: %(problem)s", code="cli.error", problem=M_("%(file)s: %(problem)s", file=source,
                                                                 problem=problem)), err=True)
    rows = Mn_("%(num)s row", "%(num)s rows", found.rows, code="check.rows")
    awarded = Mn_("%(num)s already awarded", "%(num)s already awarded", len(found.awarded), code="check.awarded-count")
    bad = Mn_("%(num)s with problems", "%(num)s with problems", len(found.problems), code="check.bad-rows")
    if found.problems:
        say(M_("%(rows)s, %(awarded)s, %(bad)s", code="check.summary", rows=rows, awarded=awarded, bad=bad))
    else:
        say(M_("%(rows)s, %(awarded)s, %(bad)s: ready to print", code="check.ready", rows=rows, awarded=awarded,
               bad=bad))
    if found.problems:
        sys.exit(EXIT_BAD_INPUT)


def _protecting(command: click.Command) -> click.Command:
    """``command`` (a registry command) with the registry's own files protected from its outputs
    (``registry reprint A20-0007 -o qujat-registry.sqlite3`` is refused, exit 2)."""
    callback = command.callback
    if callback is not None:
        @functools.wraps(callback)
        def protecting(*args: Any, **kwargs: Any) -> Any:
            protect(kwargs.get("registry_url"))
            return callback(*args, **kwargs)

        command.callback = protecting
    return command


for _command in registry_commands.registry.commands.values():
    _protecting(_command)
cli.add_command(registry_commands.registry)
cli.add_command(_protecting(registry_commands.verify))
cli.add_command(serve_command)
cli.add_command(accounts_group)


def _previews(paths: list[Path]) -> None:
    from qujat.preview import write_preview

    for path in paths:
        for png in write_preview(Path(path)):
            say(M_("preview %(path)s", code="cli.preview", path=str(png)))


def _show_warning(message: Warning | str, category: type[Warning], *args: object, **kwargs: object) -> None:
    said = message.args[0] if isinstance(message, Warning) and message.args else message
    say(M_("warning: %(problem)s", code="cli.warning", problem=said if isinstance(said, str) else str(said)),
        err=True)


def run(argv: list[str] | None) -> None:
    """Run the ``generate`` command with ``argv`` in this process, without taking over any
    signal: what ``main`` does after installing its handlers. Returns when the command succeeds
    (status 0), else raises ``SystemExit`` with its status; errors are printed as one line each.
    The ``QUJAT_*`` variables are read here, once, into the settings the library works with."""
    import warnings

    args = list(argv if argv is not None else sys.argv[1:])
    debug = "--debug" in args
    if not debug:
        warnings.showwarning = _show_warning
    ui.use(ui.choose(args, locale_from(os.environ)), cli)
    try:
        with applied(settings_from(os.environ)):
            cli.main(args=ui.without_option(args), prog_name="generate", standalone_mode=False)
    except QujatError as error:
        if debug:
            raise
        _fail(error)
    except click.ClickException as error:
        error.show()
        sys.exit(EXIT_BAD_INPUT)
    except (KeyboardInterrupt, SystemExit, click.exceptions.Abort):
        raise
    except Exception as error:  # a bug of qujat's own: one line, its own status, never "rows failed"
        if debug:
            raise
        first = str(error).splitlines()[0] if str(error) else ""
        say(M_("internal error: %(kind)s: %(problem)s; run again with --debug and report it", code="cli.internal",
               kind=type(error).__name__, problem=first[:200]), err=True)
        sys.exit(EXIT_INTERNAL)

