"""The usual YAML traps are reported with file, line and field, never silently accepted."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.errors import ConfigError
from handouts.source.clinics import load_clinic
from handouts.source.yamlfile import load_text

from .conftest import REPO


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_text(text, Path("clinic.yaml"))
    return [str(p) for p in info.value.problems]


def test_duplicate_key_names_both_lines() -> None:
    found = problems("name: A\nname: B\n")
    assert found == [
        "clinic.yaml:2: name: duplicate key (first given on line 1); the second would win silently"
    ]


@pytest.mark.parametrize("word", ["NO", "no", "Yes", "off", "ON"])
def test_yaml11_booleans_are_reported(word: str) -> None:
    (found,) = problems(f"name: x\ncountry: {word}\n")
    assert found.startswith("clinic.yaml:2: country: unquoted " + word)
    assert f'quote it ("{word}")' in found


def test_quoted_no_is_text_and_true_is_fine() -> None:
    located = load_text('country: "NO"\nprint: true\n', Path("c.yaml"))
    assert located.data == {"country": "NO", "print": True}


def test_unquoted_hex_colour_read_as_comment_is_reported() -> None:
    (found,) = problems("colors:\n  primary: #1a5f7a\n")
    assert found.startswith("clinic.yaml:2: colors.primary: value is empty because an unquoted #")


def test_syntax_error_gives_line() -> None:
    (found,) = problems("name: [unclosed\nother: 1\n")
    assert found.startswith("clinic.yaml:")
    assert "not valid YAML" in found


def _clinic(tmp_path: Path, text: str) -> Path:
    src = (REPO / "data/clinics/riverside.yaml").read_text()
    (tmp_path / "riverside-logo.svg").write_text(
        (REPO / "data/clinics/riverside-logo.svg").read_text()
    )
    path = tmp_path / "test-clinic.yaml"
    path.write_text(text(src) if callable(text) else text)
    return path


def test_phone_read_as_number_is_reported_with_its_line(tmp_path: Path) -> None:
    path = _clinic(tmp_path, lambda s: s.replace('phone: "0117 496 0321"', "phone: +441174960321"))
    with pytest.raises(ConfigError) as info:
        load_clinic(path)
    (problem,) = info.value.problems
    assert problem.field == "contact.phone"
    assert problem.line == 19
    assert "put it in quotes" in problem.message


def test_octal_looking_number_is_reported(tmp_path: Path) -> None:
    path = _clinic(
        tmp_path, lambda s: s.replace('emergency_number: "999"', "emergency_number: 0123")
    )
    with pytest.raises(ConfigError) as info:
        load_clinic(path)
    assert "YAML read 0123 as the number 83" in str(info.value)


def test_every_mistake_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    def spoil(src: str) -> str:
        return (
            src.replace('primary: "#0b5563"', "primary: #0b5563")
            .replace("paper: a4", "paper: a3")
            .replace(
                'name: "Riverside Physiotherapy"',
                'name: "Riverside Physiotherapy"\ncolour_scheme: blue',
            )
            .replace("locale: en-GB", "locale: en-GB\nprint: NO")
        )

    path = _clinic(tmp_path, spoil)
    with pytest.raises(ConfigError) as info:
        load_clinic(path)
    lines = [str(p) for p in info.value.problems]
    # YAML traps and schema findings come together: one run shows every mistake in the file.
    assert any("colors.primary: value is empty because an unquoted #" in x for x in lines)
    assert any("print: unquoted NO" in x for x in lines)
    assert any(x.endswith("colour_scheme: unknown field; did you mean 'colors'?") for x in lines)
    assert any("paper: expected one of a4, letter, got 'a3'" in x for x in lines)
    assert len(lines) == 4  # the trapped fields are not reported a second time by the schema
    assert all(x.startswith(str(path)) or x.startswith("test-clinic") or ":" in x for x in lines)
