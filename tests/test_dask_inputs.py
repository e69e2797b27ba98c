"""What the dask executor ships and how it splits the work, without a cluster."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from handouts.build.dask_executor import MOST_PER_BATCH, batches
from handouts.build.dask_inputs import Bundle, check_shared, pack, unpack
from handouts.build.dask_worker import environment, mismatch, placed, relative
from handouts.errors import Problem
from handouts.source.project import Project


def test_a_bundle_carries_every_input_once_by_digest(project: Project, tmp_path: Path) -> None:
    logo = project.clinics_dir / "riverside-logo.svg"
    (project.clinics_dir / "copy-of-logo.svg").write_bytes(logo.read_bytes())
    (project.data_dir / ".git").mkdir()
    (project.data_dir / ".git" / "config").write_text("not an input")
    bundle = pack(project)
    names = set(bundle.files)
    assert "data/clinics/riverside.yaml" in names
    assert "library/dry-needling/safety.md" in names
    assert "templates/flyer.html" in names and "styles/common.css" in names
    assert not any(".git" in name for name in names)
    # The same logo twice is shipped once.
    assert (
        bundle.files["data/clinics/copy-of-logo.svg"]
        == bundle.files["data/clinics/riverside-logo.svg"]
    )
    assert len(bundle.blobs) == len(set(bundle.files.values())) < len(bundle.files)
    # Unpacked on a worker: the same files, under the bundle's digest, reused next time.
    unpacked = unpack(bundle, tmp_path / "cache")
    assert unpacked.data_dir == tmp_path / "cache" / bundle.digest / "data"
    for name in bundle.files:
        root, rest = name.split("/", 1)
        folders = ("data_dir", "templates_dir", "styles_dir", "library_dir")
        field = next(f for f in folders if f.startswith(root))
        source, target = getattr(project, field), getattr(unpacked, field)
        assert (target / rest).read_bytes() == (source / rest).read_bytes()
    assert unpack(bundle, tmp_path / "cache") == unpacked


def test_a_changed_file_makes_another_bundle(project: Project) -> None:
    before = pack(project).digest
    article = project.articles_dir / "dry-needling/safety.md"
    article.write_text(article.read_text() + "\nOne more line.\n")
    assert pack(project).digest != before


def test_a_damaged_or_escaping_file_is_refused(project: Project, tmp_path: Path) -> None:
    bundle = pack(project)
    name = "data/clinics/riverside.yaml"
    damaged = dict(bundle.blobs)
    damaged[bundle.files[name]] = b"something else"
    with pytest.raises(ValueError, match="arrived damaged"):
        unpack(Bundle(bundle.files, damaged), tmp_path / "a")
    escaping = Bundle({"data/../../evil": bundle.files[name]}, bundle.blobs)
    with pytest.raises(ValueError, match="refused file name"):
        unpack(escaping, tmp_path / "b")
    assert not (tmp_path / "evil").exists()
    assert not list((tmp_path / "a").glob("*/data"))  # nothing half unpacked is kept


def test_shared_data_ships_only_templates_and_checks_what_workers_see(
    project: Project, tmp_path: Path
) -> None:
    bundle = pack(project, shared_data=True)
    assert bundle.shared_data == str(project.data_dir)
    assert bundle.size < pack(project).size
    unpacked = unpack(bundle, tmp_path / "cache")
    assert unpacked.data_dir == project.data_dir  # read where it is
    assert not (tmp_path / "cache" / bundle.digest / "data").exists() or not any(
        (tmp_path / "cache" / bundle.digest / "data").iterdir()
    )
    clinic = project.clinics_dir / "riverside.yaml"
    clinic.write_text(clinic.read_text().replace("Riverside", "Elsewhere"))
    with pytest.raises(ValueError, match=r"sees another .*riverside\.yaml than the client"):
        check_shared(bundle, project.data_dir)
    with pytest.raises(FileNotFoundError, match="this worker has no folder"):
        check_shared(bundle, tmp_path / "nowhere")


@pytest.mark.parametrize("count", [1, 6, 36, 108, 1000, 324_000])
@pytest.mark.parametrize("threads", [1, 2, 16, 200])
def test_batches_cover_every_document_once_and_shrink_towards_the_end(
    count: int, threads: int
) -> None:
    found = batches(count, threads)
    assert [i for batch in found for i in batch] == list(range(count))
    sizes = [len(batch) for batch in found]
    assert max(sizes) <= MOST_PER_BATCH
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1] == 1
    if count >= 2 * threads * MOST_PER_BATCH:  # a big build: full batches, few tasks
        assert sizes[0] == MOST_PER_BATCH
        assert len(found) < count / 10 + 2 * threads * 4


def test_a_version_mismatch_names_both_versions() -> None:
    mine = environment()
    assert mismatch(dict(mine), mine, "tcp://w:1") is None
    older = {**mine, "handouts": "0.0.9"}
    assert mismatch(older, mine, "tcp://w:1") == (
        f"worker tcp://w:1 runs handouts 0.0.9 with WeasyPrint {mine['weasyprint']}, this machine "
        f"handouts {mine['handouts']} with WeasyPrint {mine['weasyprint']}: install the same "
        "versions everywhere"
    )
    other_pydyf = {**mine, "pydyf": "0.0.1"}
    assert mismatch(other_pydyf, mine, "tcp://w:1") == (
        f"worker tcp://w:1 has pydyf 0.0.1, this machine {mine['pydyf']} (both handouts "
        f"{mine['handouts']}): install the same versions everywhere, or its PDFs would differ"
    )
    edited = {**mine, "handouts-source": "f" * 64}
    assert "has handouts-source ffffffffffff, this machine" in str(
        mismatch(edited, mine, "tcp://w:1")
    )


def test_a_workers_problem_names_this_machines_file(project: Project, tmp_path: Path) -> None:
    worker = Project(
        tmp_path / "w" / "data",
        tmp_path / "w" / "out",
        templates_dir=tmp_path / "w" / "templates",
        styles_dir=tmp_path / "w" / "styles",
    )
    seen = Problem("too long", file=worker.data_dir / "articles/x/y.md", line=3, field="body")
    shipped = relative(seen, worker)
    assert shipped.file == Path("data/articles/x/y.md")
    assert placed(shipped, project) == dataclasses.replace(
        seen, file=project.data_dir / "articles/x/y.md"
    )
    font = Problem("bad font", file=Path("/usr/share/fonts/x.ttf"))
    assert placed(relative(font, worker), project) == font
