"""Batch printing from a script, recorded in the award registry as ``generate batch`` records it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from qujat.batch import run
from qujat.batch.run import BatchReport, Progress
from qujat.certificates.assemble import Issuing
from qujat.tasks.award_certificates import RegistryArg, issuing_for


def print_batch(source: str | Path, out_dir: str | Path = "output", progress: Progress | None = None,
                issuing: Issuing | None = None, *, registry: RegistryArg = None, draft: bool = False,
                signing_key: str | Path | None = None, **options: Any) -> BatchReport:
    """Print certificates for every row of a recipient list (XLSX, CSV or YAML), numbered and
    recorded in ``registry`` (a :class:`qujat.registry.store.Registry`, a file or URL; default:
    the office's registry as the command line finds it), or with ``draft=True`` watermarked
    proofs that record nothing. Options as for :func:`qujat.batch.run.print_batch`.

    >>> report = print_batch("awards.xlsx", award="federation-badge", lang="kk")  # doctest: +SKIP
    """
    chosen = issuing_for(registry, draft, issuing, source=str(source), signing_key=signing_key)
    report = run.print_batch(source, out_dir, progress, chosen, **options)
    from qujat.registry.recording import RegistryIssuing

    if isinstance(chosen, RegistryIssuing) and chosen.opened and chosen.registry.created:
        report.registry_created = chosen.registry.name
    return report
