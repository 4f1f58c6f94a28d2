"""The batch progress bar (rich): count, rate, time left; shown only on a terminal."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def batch_progress(label: str = "certificates") -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on standard error, named ``label`` (in the user's language); yields the
    ``progress(done, total)`` callback."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(f"{task.speed:,.0f}/s" if task.speed else "", style="progress.data.speed")

    columns = (TextColumn(f"[bold]{escape(label)}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("batch", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
