"""Batch printing from a script, recorded in the award registry as ``generate batch`` records it."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from qujat.batch import run
from qujat.batch.run import BatchReport, Progress
from qujat.certificates.assemble import Issuing
from qujat.settings import Settings
from qujat.tasks.award_certificates import RegistryArg, call_issuing


def print_batch(source: str | Path, out_dir: str | Path = "output", *, award: str | None = None,
                lang: str | None = None, date: dt.date | None = None, place: str | None = None,
                signatory: str | None = None, issuer: str | None = None, occasion: str | None = None,
                start: int | None = None, rows: tuple[int, int] | None = None, split: bool = False,
                duplex: bool = False, text_only: bool = False, offset_mm: tuple[float, float] = (0.0, 0.0),
                strict: bool = False, jobs: int = 1, sheet: str | None = None, header_row: int | None = None,
                hidden_rows: str | None = None, chunk: int | None = None, ui_lang: str | None = None,
                progress: Progress | None = None, registry: RegistryArg = None,
                draft: bool = False, signing_key: str | Path | None = None, issuing: Issuing | None = None,
                settings: Settings | None = None) -> BatchReport:
    """Print certificates for every row of a recipient list (XLSX, XLS, ODS, CSV or YAML), numbered
    and recorded in ``registry`` (a :class:`qujat.registry.store.Registry`, a file or URL; default:
    the office's registry as the command line finds it), or with ``draft=True`` watermarked
    proofs that record nothing; ``signing_key`` names the registry's key file when it is not
    beside it. The other options are :func:`qujat.batch.run.run_batch`'s. A row whose person
    already holds the award is reprinted (``report.reprinted``), or printed as another document
    of that award in a new language (``report.new_language``); a row the registry cannot tell
    from another person is refused (``report.refused``), with what settles it.

    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> report = print_batch("records/awards-sample.csv", out, award="federation-badge", lang="kk", rows=(1, 2),
    ...                      registry=out / "registry.sqlite3")
    >>> report.issued, report.registry_created.endswith("registry.sqlite3")
    (2, True)
    """
    with call_issuing(registry, draft, issuing, source=str(source), signing_key=signing_key) as chosen:
        report = run.run_batch(source, out_dir, award=award, lang=lang, date=date, place=place, signatory=signatory,
                               issuer=issuer, occasion=occasion, start=start, rows=rows, split=split, duplex=duplex,
                               text_only=text_only, offset_mm=offset_mm, strict=strict, jobs=jobs, sheet=sheet,
                               header_row=header_row, hidden_rows=hidden_rows, chunk=chunk, ui_lang=ui_lang,
                               progress=progress,
                               issuing=chosen, settings=settings)
        report.registry_created = chosen.created_registry()
    return report
