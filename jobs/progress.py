"""One shape for progress on long work: ``report(done, total)``.

Domain loops (imports, seeds, batch matching) take an optional ``report`` callback and call it as they
go; they know nothing about who is watching. In a task, pass :func:`task_reporter` (the task row's
progress, which API clients poll); in a CLI command, :func:`cli_reporter` (a progress bar)::

    with cli_reporter("Loading demo data") as report:
        demo_seed(report=report)
"""
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from jobs.runner import progress

Reporter = Callable[[int, int], None]


def task_reporter(stage: str | None = None, **params) -> Reporter:
    """Report into the running task's row: ``done`` of ``total`` becomes 0–100 with ``stage``."""

    def report(done: int, total: int) -> None:
        progress(100 * done // total if total else 100, stage, **params)

    return report


@contextmanager
def cli_reporter(label: str, *, file=None) -> Iterator[Reporter]:
    """A click progress bar sized on the first report (the total is often known only then)."""
    state: dict = {}

    def report(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None or bar.length != total:
            if bar is not None:
                bar.render_finish()
            bar = state["bar"] = click.progressbar(length=max(total, 1), label=label, file=file,
                                                   show_pos=True, show_eta=True)
            bar.render_progress()
        bar.update(done - bar.pos)

    try:
        yield report
    finally:
        if state.get("bar") is not None:
            state["bar"].render_finish()
