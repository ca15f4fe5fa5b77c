"""The GitHub workflow builds and tests the site the same way the README says."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def workflow() -> dict:
    files = list((ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(files) == 1, "one workflow"
    return yaml.safe_load(files[0].read_text())


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"^\s*(make \w+[^\n]*)$", text, re.M)


def steps(job: dict) -> list[str]:
    return [s.get("run", "") for s in job["steps"]] + [s.get("uses", "") for s in job["steps"]]


def test_workflow_tests_prs_and_deploys_main() -> None:
    flow = workflow()
    triggers = flow.get(True) or flow.get("on")  # PyYAML reads "on" as True
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    jobs = flow["jobs"]
    assert any(run == "make test" for run in steps(jobs["test"]))
    build = steps(jobs["build"])
    assert any(run.startswith("make site") and "--strict" in run for run in build)
    assert any(u.startswith("actions/upload-pages-artifact") for u in build)
    assert any(u.startswith("actions/deploy-pages") for u in steps(jobs["deploy"]))
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_workflow_uses_the_readme_commands() -> None:
    commands = readme_commands()
    assert "make site" in commands and "make test" in commands
    flow = workflow()
    runs = [r for job in flow["jobs"].values() for r in steps(job)]
    assert any(r == "make test" for r in runs)
    assert any(r.split()[:2] == ["make", "site"] for r in runs)


def test_ci_script_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", script, re.M)


def test_makefile_site_target_builds_strictly() -> None:
    makefile = (ROOT / "Makefile").read_text()
    site = makefile.split("\nsite:")[1].split("\n\n")[0]
    assert "python -m build_docs --seeds seeds --out docs" in site
    assert "mkdocs build --strict" in site


def test_publishing_keeps_the_paper_cache_between_runs() -> None:
    """The build job restores the content-hash cache the Makefile's build uses,
    so a push that corrects one paper does not reprocess the archive."""
    build = workflow()["jobs"]["build"]["steps"]
    names = [s.get("uses", "") or s.get("run", "") for s in build]
    cached = [s for s in build if s.get("uses", "").startswith("actions/cache")]
    assert len(cached) == 1 and cached[0]["with"]["path"] == ".cache/build_docs"
    assert "restore-keys" in cached[0]["with"]  # an older cache is a good start: its stale part is swept
    assert names.index(cached[0]["uses"]) < next(i for i, n in enumerate(names) if n.startswith("make site"))
    assert "--cache" not in (ROOT / "Makefile").read_text().split("\nsite:")[1].split("\n\n")[0]  # the default folder
