"""Bad and awkward inputs through the real CLI (a subprocess, as an editor runs it).

Every bad input is answered by ONE line on stderr naming the file and the
reason, the other papers are still built, the exit status is 1 (0 when the
input is acceptable), and there is never a traceback. Each case is timed.
"""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile.generate import ACCEPTABLE, BAD, GOOD, PERSIAN_LINE, glyph_paper, write_big

ROOT = Path(__file__).resolve().parent.parent
#: Generous bound on processing speed; the pipeline is linear (about 5-6 s/MB
#: today), a quadratic step would blow far past it on the big files.
SECONDS_PER_MB = 10.0


def run_cli(seeds: Path, out: Path, *args: str, env: dict | None = None) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "build_docs", "--seeds", str(seeds), "--out", str(out), "--no-cache", "-j", "1", *args],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=900,
    )
    return result, time.monotonic() - start


def records(out: Path) -> dict[str, dict]:
    """paper.json of every built paper, by source file name."""
    found = {}
    for path in sorted((out / "papers").glob("*/paper.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        found[record["source"]] = record
    return found


def stderr_lines(result: subprocess.CompletedProcess) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if line.strip()]


def comparable(record: dict) -> dict:
    """A record without the fields that say where and how the file was read."""
    return {k: v for k, v in record.items() if k not in {"source", "slug", "encoding"}}


# -- rejected inputs ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_line_and_others_still_build(tmp_path: Path, name: str) -> None:
    data, reason = BAD[name]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / name).write_bytes(data)
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    result, seconds = run_cli(seeds, tmp_path / "docs")
    lines = stderr_lines(result)
    assert result.returncode == 1, result.stderr
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {name}: ") and reason in lines[0], lines[0]
    assert list(records(tmp_path / "docs")) == ["good.txt"]
    assert seconds < 30


def test_missing_seeds_folder_is_a_usage_error(tmp_path: Path) -> None:
    result, _ = run_cli(tmp_path / "no-such-folder", tmp_path / "docs")
    lines = stderr_lines(result)
    assert result.returncode == 2
    assert len(lines) == 1 and "no-such-folder" in lines[0] and "does not exist" in lines[0]
    assert not (tmp_path / "docs").exists()


# -- acceptable inputs that must read like the UTF-8 / LF original ------------------


@pytest.fixture(scope="module")
def acceptable_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, dict[str, dict], float]:
    tmp = tmp_path_factory.mktemp("acceptable")
    seeds = tmp / "seeds"
    seeds.mkdir()
    (seeds / "reference.txt").write_text(GOOD, encoding="utf-8")
    for name, data in ACCEPTABLE.items():
        (seeds / name).write_bytes(data)
    result, seconds = run_cli(seeds, tmp / "docs")
    return result, records(tmp / "docs"), seconds


def test_acceptable_inputs_build_without_complaint(acceptable_build) -> None:
    result, built, seconds = acceptable_build
    assert stderr_lines(result) == []
    assert result.returncode == 0
    assert sorted(built) == sorted([*ACCEPTABLE, "reference.txt"])
    assert seconds < 60


@pytest.mark.parametrize("name", sorted(ACCEPTABLE))
def test_acceptable_input_gives_the_same_paper(acceptable_build, name: str) -> None:
    _, built, _ = acceptable_build
    assert comparable(built[name]) == comparable(built["reference.txt"])


@pytest.mark.parametrize("name, encoding", [("utf16_bom.txt", "utf-16"), ("cp1252.txt", "cp1252"),
                                            ("crlf.txt", "utf-8"), ("cr.txt", "utf-8"),
                                            ("truncated_utf8.txt", "utf-8")])
def test_encoding_is_recorded(acceptable_build, name: str, encoding: str) -> None:
    _, built, _ = acceptable_build
    assert built[name]["encoding"] == encoding


def test_utf16_big_endian_and_utf8_bom(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "be.txt").write_bytes(codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"))
    (seeds / "sig.txt").write_bytes(GOOD.encode("utf-8-sig"))
    (seeds / "plain.txt").write_text(GOOD, encoding="utf-8")
    result, _ = run_cli(seeds, tmp_path / "docs")
    assert stderr_lines(result) == [] and result.returncode == 0
    built = records(tmp_path / "docs")
    assert comparable(built["be.txt"]) == comparable(built["sig.txt"]) == comparable(built["plain.txt"])


def test_cp1256_with_persian_line_keeps_arabic_script_and_curly_quotes(tmp_path: Path) -> None:
    text = PERSIAN_LINE + "\n\n" + GOOD
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "cp1256.txt").write_bytes(text.encode("cp1256"))
    result, _ = run_cli(seeds, tmp_path / "docs")
    assert stderr_lines(result) == [] and result.returncode == 0
    record = records(tmp_path / "docs")["cp1256.txt"]
    assert record["encoding"] == "cp1256"
    dumped = json.dumps(record, ensure_ascii=False)
    assert "“why do the states cooperate?”" in record["abstract"]
    assert "region’s" in record["abstract"]
    assert record["title"] == "The Organizing of Peace and Balance in the Persian Gulf"
    # cp1252 would read the Persian words as Latin-1 letters ("ÕáÍ æ ...").
    assert "Õ" not in dumped and "æ" not in dumped


def test_cp1252_curly_quotes_and_dash_survive(acceptable_build) -> None:
    _, built, _ = acceptable_build
    abstract = built["cp1252.txt"]["abstract"]
    assert "“why do the states cooperate?”" in abstract and "region’s" in abstract and "peace – for now" in abstract


def test_text_starting_with_bm_is_not_taken_for_a_bitmap(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "bmj.txt").write_text("BMJ Global Health\n\n" + GOOD, encoding="utf-8")
    result, _ = run_cli(seeds, tmp_path / "docs")
    assert stderr_lines(result) == [] and result.returncode == 0
    assert "bmj.txt" in records(tmp_path / "docs")


# -- big files ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("big")
    return folder, write_big(folder)


@pytest.mark.parametrize("name", [
    "blank_lines.txt",
    "one_2mb_line.txt",
    pytest.param("paper_20mb.txt", marks=pytest.mark.slow),
])
def test_big_file_builds_in_linear_time(tmp_path: Path, big_files, name: str) -> None:
    folder, sizes = big_files
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / name).symlink_to(folder / name)
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    result, seconds = run_cli(seeds, tmp_path / "docs")
    assert stderr_lines(result) == [] and result.returncode == 0
    built = records(tmp_path / "docs")
    assert sorted(built) == sorted([name, "good.txt"])
    record = built[name]
    assert record["words"]["accounted"] == record["words"]["total"] > 0
    megabytes = sizes[name] / 1e6
    assert seconds < 10 + SECONDS_PER_MB * megabytes, f"{name}: {seconds:.1f} s for {megabytes:.1f} MB"


def test_file_over_the_size_limit_is_rejected_in_one_line(tmp_path: Path) -> None:
    from build_docs.ingest import MAX_BYTES

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with open(seeds / "huge.txt", "wb") as stream:
        stream.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    result, seconds = run_cli(seeds, tmp_path / "docs")
    lines = stderr_lines(result)
    assert result.returncode == 1 and len(lines) == 1
    assert lines[0].startswith("error: huge.txt: ") and "limit" in lines[0]
    assert list(records(tmp_path / "docs")) == ["good.txt"]
    assert seconds < 30


# -- papers that are hard to read but still papers ------------------------------------


def test_all_glyph_failures_builds_with_a_warning(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "glyphs.txt").write_text(glyph_paper(), encoding="utf-8")
    (seeds / "good.txt").write_text(GOOD, encoding="utf-8")
    result, _ = run_cli(seeds, tmp_path / "docs")
    lines = stderr_lines(result)
    assert result.returncode == 0
    assert len(lines) == 1 and lines[0].startswith("warning: glyphs.txt: ") and "illegible" in lines[0]
    record = records(tmp_path / "docs")["glyphs.txt"]
    assert record["illegible"]
    assert record["words"]["accounted"] == record["words"]["total"]


def test_paper_without_structure_builds_and_says_what_was_not_found(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "plain.txt").write_text(
        "some words about the balance of power in a region without any structure at all.\n\n"
        "another paragraph of plain words follows here, and then the text simply ends.\n", encoding="utf-8")
    result, _ = run_cli(seeds, tmp_path / "docs")
    assert stderr_lines(result) == [] and result.returncode == 0
    record = records(tmp_path / "docs")["plain.txt"]
    assert {"abstract", "headings", "references"} <= set(record["not_found"])
    assert record["abstract"] == "" and record["references"] == []
    assert (tmp_path / "docs" / "papers" / record["slug"] / "index.md").is_file()


def _slugs_after_build(tmp_path: Path, names: list[str]) -> dict[str, str]:
    seeds = tmp_path / "seeds"
    seeds.mkdir(parents=True)
    for name in names:  # creation order differs between calls
        text = GOOD.replace("Persian Gulf", "Caspian Sea") if name == "c.txt" else GOOD
        (seeds / name).write_text(text, encoding="utf-8")
    result, _ = run_cli(seeds, tmp_path / "docs")
    assert stderr_lines(result) == [] and result.returncode == 0
    return {source: record["slug"] for source, record in records(tmp_path / "docs").items()}


def test_same_title_gives_distinct_slugs_independent_of_order(tmp_path: Path) -> None:
    first = _slugs_after_build(tmp_path / "a", ["a.txt", "b.txt"])
    second = _slugs_after_build(tmp_path / "b", ["b.txt", "a.txt"])
    assert first == second
    assert len(set(first.values())) == 2
    # adding a third paper with another title leaves the two slugs alone
    third = _slugs_after_build(tmp_path / "c", ["c.txt", "b.txt", "a.txt"])
    assert {k: v for k, v in third.items() if k != "c.txt"} == first


@pytest.mark.parametrize("name", ["my paper.txt", "résumé ü 2.txt", "论文 (final).txt", "ملخص.txt"])
def test_awkward_seed_names(tmp_path: Path, name: str) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / name).write_text(GOOD.replace("The Organizing", "A Study"), encoding="utf-8")
    (seeds / Path(name).with_suffix(".yml").name).write_text("year: 2015\n", encoding="utf-8")
    result, _ = run_cli(seeds, tmp_path / "docs")
    assert stderr_lines(result) == [] and result.returncode == 0
    record = records(tmp_path / "docs")[name]
    assert record["year"] == "2015"
    assert record["slug"].isascii() and " " not in record["slug"]


# -- sidecars -----------------------------------------------------------------------

SIDECARS = {
    "unknown key": ("titel: A Title\n", "'titel'"),
    "wrong type": ("year: [2015]\n", "'year'"),
    "nested wrong type": ("authors:\n  - name: A\n    orcid: 12\n", "'authors[0]"),
    "invalid yaml": ("title: [unclosed\n", "invalid YAML"),
    "not a mapping": ("- just\n- a list\n", "mapping"),
    "not utf-8": ("title: caf\xe9\n", "invalid YAML"),
    "python tag": ("title: !!python/object/apply:os.system ['true']\n", "invalid YAML"),
}


@pytest.mark.parametrize("case", sorted(SIDECARS))
@pytest.mark.parametrize("strict", [False, True])
def test_bad_sidecar_is_one_line_and_the_paper_still_builds(tmp_path: Path, case: str, strict: bool) -> None:
    content, expected = SIDECARS[case]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "paper.txt").write_text(GOOD, encoding="utf-8")
    (seeds / "paper.yml").write_bytes(content.encode("latin-1") if case == "not utf-8" else content.encode())
    (seeds / "other.txt").write_text(GOOD.replace("Persian Gulf", "Caspian Sea"), encoding="utf-8")
    result, _ = run_cli(seeds, tmp_path / "docs", *(["--strict"] if strict else []))
    lines = stderr_lines(result)
    assert len(lines) == 1, lines
    assert "paper.yml" in lines[0] and expected in lines[0], lines[0]
    assert result.returncode == (1 if strict else 0)
    assert sorted(records(tmp_path / "docs")) == ["other.txt", "paper.txt"]


def test_sidecar_verdict_is_kept_by_content_and_said_again(tmp_path: Path) -> None:
    """A warm build takes a sidecar's verdict from the cache (site.Cache.sidecar):
    a bad sidecar is still reported on every build, and an edited one is read anew."""
    from build_docs.site import build

    seeds, out, cache = tmp_path / "seeds", tmp_path / "docs", tmp_path / "cache"
    seeds.mkdir()
    (seeds / "paper.txt").write_text(GOOD, encoding="utf-8")
    (seeds / "paper.yml").write_text("titel: A Title\n", encoding="utf-8")
    for attempt in range(2):
        report = build(seeds, out, cache_dir=cache)
        assert [(p.source, "'titel'" in p.reason) for p in report.problems] == [("paper.yml", True)], attempt
    assert report.from_cache == 1
    assert len(list(cache.rglob("*.sidecar"))) == 1
    (seeds / "paper.yml").write_text("title: A Title Set by the Editor\n", encoding="utf-8")
    report = build(seeds, out, cache_dir=cache)
    assert report.problems == [] and report.processed == 1
    assert records(out)["paper.txt"]["title"] == "A Title Set by the Editor"


def test_files_lost_from_the_cache_are_one_line_and_the_others_still_write(tmp_path: Path) -> None:
    import shutil

    from build_docs.site import build

    seeds, out, cache = tmp_path / "seeds", tmp_path / "docs", tmp_path / "cache"
    seeds.mkdir()
    (seeds / "paper.txt").write_text(GOOD, encoding="utf-8")
    (seeds / "other.txt").write_text(GOOD.replace("Persian Gulf", "Caspian Sea"), encoding="utf-8")
    build(seeds, out, cache_dir=cache)
    lost = sorted(cache.rglob("*.files"))
    assert len(lost) == 2
    lost[0].unlink()
    shutil.rmtree(out)
    report = build(seeds, out, cache_dir=cache)
    assert [p.reason for p in report.problems] == ["processed paper vanished from the cache; build again"]
    assert len(records(out)) == 1


def test_cache_keeps_one_version_and_sweeps_what_no_build_uses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache does not grow with every code change or every edit: a new
    package version starts a new folder and the old one goes; an entry no
    build uses goes once it is older than the grace period."""
    import os

    from build_docs import site

    monkeypatch.setattr(site, "SWEEP_EVERY", 0)  # every build sweeps entries (by default, once an hour)
    seeds, out, cache = tmp_path / "seeds", tmp_path / "docs", tmp_path / "cache"
    seeds.mkdir()
    (seeds / "paper.txt").write_text(GOOD, encoding="utf-8")
    (seeds / "paper.yml").write_text("title: A Title Set by the Editor\n", encoding="utf-8")
    keep = cache / "notes.txt", cache / "ab" / "mine.txt"  # not the cache's: never touched
    keep[1].parent.mkdir(parents=True)
    for path in keep:
        path.write_text("mine", encoding="utf-8")

    def entries() -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for path in [*cache.glob("v-*/[0-9a-f][0-9a-f]/*"), *cache.glob("p-*/[0-9a-f][0-9a-f]/*")]:  # (templates/ is Jinja's)
            found.setdefault(path.parts[-3], []).append(path.suffix)
        return {version: sorted(suffixes) for version, suffixes in found.items()}

    def new_version(digit: str) -> None:  # both fingerprints hold the package's version
        monkeypatch.setattr(site, "code_fingerprint", lambda: digit * 16)
        monkeypatch.setattr(site, "pipeline_fingerprint", lambda: digit * 8 + "f" * 8)

    new_version("1")
    site.build(seeds, out, cache_dir=cache)
    # the paper's files and summary, its sidecar's verdict, its APA and Chicago entries
    rendered = [".cite", ".cite", ".files", ".light", ".sidecar"]
    assert entries() == {"v-" + "1" * 16: rendered, "p-" + "1" * 8 + "f" * 8: [".paper"]}
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")

    new_version("2")
    report = site.build(seeds, out, cache_dir=cache)
    assert report.processed == 1  # a new version processes again ...
    # ... and the old folders are gone
    assert entries() == {"v-" + "2" * 16: rendered, "p-" + "2" * 8 + "f" * 8: [".paper"]}

    (seeds / "paper.txt").write_text(GOOD.replace("Persian Gulf", "Caspian Sea"), encoding="utf-8")
    site.build(seeds, out, cache_dir=cache)
    assert entries()["v-" + "2" * 16].count(".light") == 2  # the edit undone today is still cached
    assert entries()["p-" + "2" * 8 + "f" * 8].count(".paper") == 2
    for path in [*cache.glob("v-*/*/*"), *cache.glob("p-*/*/*")]:
        os.utime(path, (0, 0))  # a day later
    report = site.build(seeds, out, cache_dir=cache)
    assert report.from_cache == 1  # what this build uses stays, however old
    # (the citation entries too are only a day's shortcut: a paper taken whole
    # from the cache did not ask for them)
    assert entries() == {"v-" + "2" * 16: [".files", ".light", ".sidecar"], "p-" + "2" * 8 + "f" * 8: [".paper"]}
    assert all(path.read_text(encoding="utf-8") == "mine" for path in keep)
    # The processed paper kept is this build's: a change of the rendering alone, days later, processes nothing.
    monkeypatch.setattr(site, "code_fingerprint", lambda: "3" * 16)
    report = site.build(seeds, out, cache_dir=cache)
    assert (report.processed, report.rerendered) == (0, 1)


def test_unreadable_sidecar_is_one_line_and_the_paper_still_builds(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "paper.txt").write_text(GOOD, encoding="utf-8")
    (seeds / "paper.yml").mkdir()  # a folder where the sidecar should be
    result, _ = run_cli(seeds, tmp_path / "docs")
    lines = stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith("warning: paper.yml: cannot be read"), lines
    assert result.returncode == 0
    assert list(records(tmp_path / "docs")) == ["paper.txt"]


def test_compiled_templates_folder_deleted_under_a_running_process_costs_nothing(tmp_path: Path) -> None:
    """The Jinja bytecode cache is an optimisation: its folder deleted while a
    process runs (``rm -rf .cache`` under ``mkdocs serve``, or a build without a
    cache whose scratch folder is gone) must not fail a single paper."""
    import shutil

    from build_docs.pipeline import process
    from build_docs.render import environment, use_bytecode_cache
    from build_docs.site import build, render_built

    use_bytecode_cache(tmp_path / "gone")
    shutil.rmtree(tmp_path / "gone")
    environment().cache.clear()  # no template loaded yet in this process: each is compiled, then dumped
    built = render_built(process("paper.txt", GOOD.encode()))
    assert "Persian Gulf" in built.files["index.md"]

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "paper.txt").write_text(GOOD, encoding="utf-8")
    for attempt in range(2):  # each build's scratch cache is gone after it
        environment().cache.clear()
        report = build(seeds, tmp_path / f"docs{attempt}", cache_dir=None, workers=1)
        assert report.problems == [] and report.papers == 1, (attempt, report.problems)


def test_hook_with_an_unusable_cache_fails_in_one_line(tmp_path: Path) -> None:
    """`mkdocs build` whose cache folder cannot be made (a file in its way)
    stops with MkDocs' one-line plugin error, not a traceback."""
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from build_docs import mkdocs_hook

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "paper.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "in-the-way").write_text("a file where the cache should go", encoding="utf-8")
    archive = {"seeds": "seeds", "cache": "in-the-way", "jobs": 1, "spill_pages": False}
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"),
                             get={"extra": {"archive": archive}}.get)
    with pytest.raises(PluginError) as raised:
        mkdocs_hook.on_pre_build(config)
    message = str(raised.value)
    assert message.startswith("build_docs: ") and "in-the-way" in message and "\n" not in message, message
