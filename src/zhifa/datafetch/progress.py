"""Progress reporting: rich progress bars on the command line, silence in library and test use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class Ticker(Protocol):
    """One progress bar."""

    def advance(self, amount: int) -> None:
        """Move the bar forward."""

    def set_total(self, total: int | None) -> None:
        """Set (or learn) the total."""


class Reporter(Protocol):
    """Opens progress bars and prints notes."""

    def bar(self, description: str, total: int | None, *, bytes_: bool = False) -> Ticker:
        """Open a progress bar (counts files, or bytes when bytes_)."""

    def note(self, text: str) -> None:
        """Print one line."""


class _NullTicker:
    def advance(self, amount: int) -> None:
        return None

    def set_total(self, total: int | None) -> None:
        return None


class QuietReporter:
    """No output (library calls, tests)."""

    def bar(self, description: str, total: int | None, *, bytes_: bool = False) -> Ticker:
        """A bar that shows nothing."""
        return _NullTicker()

    def note(self, text: str) -> None:
        """Ignore the note."""


class _RichTicker:
    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def advance(self, amount: int) -> None:
        self._progress.advance(self._task, amount)

    def set_total(self, total: int | None) -> None:
        self._progress.update(self._task, total=total)


class _AmountColumn(ProgressColumn):
    """Files as M/N, bytes as a download size, depending on the task."""

    def __init__(self) -> None:
        super().__init__()
        self._files = MofNCompleteColumn()
        self._bytes = DownloadColumn()

    def render(self, task: Task) -> RenderableType:
        """Render the amount column of one task."""
        return self._bytes.render(task) if task.fields.get("bytes_") else self._files.render(task)


class RichReporter:
    """Rich progress bars on stderr."""

    def __init__(self, console: Console, progress: Progress) -> None:
        self._console = console
        self._progress = progress

    def bar(self, description: str, total: int | None, *, bytes_: bool = False) -> Ticker:
        """Add a bar to the live display."""
        task = self._progress.add_task(description, total=total, bytes_=bytes_)
        return _RichTicker(self._progress, task)

    def note(self, text: str) -> None:
        """Print above the bars."""
        self._progress.console.print(text, highlight=False, markup=False)


@contextmanager
def rich_reporter(console: Console | None = None) -> Iterator[RichReporter]:
    """A RichReporter whose bars live while the block runs."""
    console = console or Console(stderr=True)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        _AmountColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    with progress:
        yield RichReporter(console, progress)
