"""English word frequencies, looked up without loading wordfreq's whole list.

wordfreq answers a Zipf frequency by loading its full English list into a
dictionary first: 0.3 s per process (0.1 s import, 0.2 s list), which is most
of a warm build that redoes one edited paper, for the 1,300 words that paper
asks about. So the list's plain lower-case words (``[a-z]+``, 289,000 of its
321,000 entries) are written once per machine and wordfreq install into an
SQLite table in the user's cache folder, and a process asks it only for the
words it needs, in batches. Any other word (an apostrophe, an accent) is asked
of wordfreq itself, so every answer is the one wordfreq would give: for a plain
word its tokenizer returns the word unchanged, and the Zipf value depends only
on the word's frequency, which the table stores exactly as wordfreq computes
it (``tests/test_lexicon.py`` compares the two).

When the cache folder cannot be written, wordfreq answers everything.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path

LANGUAGE = "en"
#: Bump when the table's layout changes.
TABLE_FORMAT = 1
#: Words the table can answer: wordfreq's tokenizer returns these unchanged.
_PLAIN = re.compile(r"[a-z]+")
#: SQLite's limit on bound parameters is 999 in old builds.
_BATCH = 900
#: Answers kept in memory; cleared when full, as wordfreq does.
MEMO_SIZE = 200_000
#: Tables of other wordfreq installs unused this long (seconds) are removed
#: when a new one is written; each is 7 MB.
STALE_AFTER = 30 * 24 * 3600

_memo: dict[str, float] = {}
_lock = threading.Lock()
_table: _Table | None = None
_table_pid = -1
_table_tried = False


def zipf(word: str) -> float:
    """wordfreq's English Zipf frequency of ``word`` (already lower-cased).

    >>> zipf("policy") > 5, zipf("xqzt"), zipf("don't") > 5
    (True, 0.0, True)
    """
    known = _memo.get(word)
    return known if known is not None else _look_up({word})[word]


def prefetch(words: Iterable[str]) -> None:
    """Look up, in as few queries as possible, the ``words`` not yet known.

    >>> prefetch(["river", "border"]); zipf("river") > 4
    True
    """
    wanted = {w for w in words if w not in _memo}
    if wanted:
        _look_up(wanted)


def _look_up(words: set[str]) -> dict[str, float]:
    """Answers for ``words``, also kept in the memo (which another thread may
    clear meanwhile: the answers are returned, not read back from it)."""
    if len(_memo) + len(words) > MEMO_SIZE:
        _memo.clear()
    plain = [w for w in words if _PLAIN.fullmatch(w)]
    found = _table_answers(plain) if plain else {}
    for word in words:
        if word not in found:
            found[word] = _wordfreq_zipf(word)
    _memo.update(found)
    return found


def _table_answers(words: list[str]) -> dict[str, float]:
    """The table's answers, or none if it cannot give them: a damaged table
    file is removed (the next process writes it again) and wordfreq answers."""
    table = _open_table()
    if table is None:
        return {}
    try:
        return table.lookup(words)
    except sqlite3.Error:
        _discard(table)
        return {}


def _wordfreq_zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, LANGUAGE))


class _Table:
    """A read-only connection to the table (one per process: SQLite
    connections must not cross a fork)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        uri = f"{path.as_uri()}?mode=ro&immutable=1"
        self.connection = sqlite3.connect(uri, uri=True, check_same_thread=False)

    def lookup(self, words: list[str]) -> dict[str, float]:
        found = dict.fromkeys(words, 0.0)  # not in the list: wordfreq's minimum, Zipf 0
        with _lock:
            for start in range(0, len(words), _BATCH):
                chunk = words[start:start + _BATCH]
                query = f"SELECT word, zipf FROM words WHERE word IN ({','.join('?' * len(chunk))})"
                found.update(self.connection.execute(query, chunk).fetchall())
        return found


def _open_table() -> _Table | None:
    """This process's table, opened (and first written) on the first call."""
    global _table, _table_pid, _table_tried
    with _lock:  # serve's warm-up thread and a build may both ask first
        if _table_pid == os.getpid() and (_table is not None or _table_tried):
            return _table
        _table_tried, _table_pid, _table = True, os.getpid(), None
        try:
            path = table_path()
            if not path.is_file():
                write_table(path)
            _table = _Table(path)
        except (OSError, ValueError, sqlite3.Error, ImportError):
            return None  # an unwritable cache: wordfreq answers everything
        with contextlib.suppress(OSError):
            os.utime(path)  # its time of last use (see STALE_AFTER)
        return _table


def _discard(table: _Table) -> None:
    global _table
    with _lock:
        table.connection.close()
        if _table is table:
            _table = None  # _table_tried stays: this process asks wordfreq from now on
    with contextlib.suppress(OSError):
        table.path.unlink()


def cache_folder() -> Path:
    """Where the table lives: ``$XDG_CACHE_HOME/build_docs`` (``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base).expanduser().absolute() / "build_docs"


def table_path() -> Path:
    """The table for the installed wordfreq: its name carries the size and
    time of wordfreq's code and English list, so a reinstall makes a new one.
    Found without importing wordfreq (that import is what the table saves).
    """
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        raise ImportError("wordfreq is not installed")
    package = Path(spec.origin).parent
    stamp = []
    for source in (package / "__init__.py", package / "data" / f"large_{LANGUAGE}.msgpack.gz"):
        stat = source.stat()
        stamp.append(f"{stat.st_size:x}-{stat.st_mtime_ns:x}")
    return cache_folder() / f"lexicon-{LANGUAGE}-v{TABLE_FORMAT}-{'-'.join(stamp)}.sqlite"


def plain_zipfs() -> dict[str, float]:
    """Every plain word of wordfreq's list with its Zipf frequency, computed by
    wordfreq once per distinct frequency (the value depends on nothing else)."""
    from wordfreq import get_frequency_dict, zipf_frequency

    frequencies = get_frequency_dict(LANGUAGE)
    zipf_of: dict[float, float] = {}
    table = {}
    for word, frequency in frequencies.items():
        if _PLAIN.fullmatch(word):
            if frequency not in zipf_of:
                zipf_of[frequency] = float(zipf_frequency(word, LANGUAGE))
            table[word] = zipf_of[frequency]
    return table


def write_table(path: Path) -> None:
    """Write the table to ``path`` atomically (concurrent writers each write
    their own file; the last rename wins, and all are the same)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".lexicon-", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute("CREATE TABLE words (word TEXT PRIMARY KEY, zipf REAL NOT NULL) WITHOUT ROWID")
            connection.executemany("INSERT INTO words VALUES (?, ?)", sorted(plain_zipfs().items()))
            connection.commit()
        finally:
            connection.close()
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _remove_stale_tables(path)


def _remove_stale_tables(current: Path, now: float | None = None) -> None:
    """Remove the tables of other wordfreq installs no process has opened
    for :data:`STALE_AFTER` (a reinstall leaves the old one behind).

    >>> folder = Path(tempfile.mkdtemp())
    >>> old, other, mine = (folder / f"lexicon-en-v1-{n}.sqlite" for n in ("old", "other", "mine"))
    >>> for table in (old, other, mine):
    ...     _ = table.write_bytes(b"")
    >>> os.utime(old, (0, 0))
    >>> _remove_stale_tables(mine)
    >>> sorted(p.name for p in folder.iterdir())
    ['lexicon-en-v1-mine.sqlite', 'lexicon-en-v1-other.sqlite']
    """
    now = time.time() if now is None else now
    for table in current.parent.glob(f"lexicon-{LANGUAGE}-*.sqlite"):
        with contextlib.suppress(OSError):
            if table != current and now - table.stat().st_mtime > STALE_AFTER:
                table.unlink()


def forget() -> None:
    """Drop answers and the connection (tests point the cache elsewhere)."""
    global _table, _table_tried
    with _lock:
        _memo.clear()
        if _table is not None:
            _table.connection.close()
        _table, _table_tried = None, False
