"""The one guarded reader: every file handouts reads from a data folder comes through here.

A read resolves symbolic links first and refuses a file whose real place is outside the allowed
folders (the roots), anything that is not a regular file (a folder, a device, a pipe), and a file
larger than its kind allows (`limits.py`), before a byte of it is read. Every refusal is a
`Refused` user error naming the file (and the field that named it, when there is one), so it is
reported as one line and never as a traceback.

`roots=None` is for a file the user named on the command line (`--from day.csv`): it may be
anywhere, but it is still resolved, checked to be a regular file and limited in size.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from handouts import limits
from handouts.errors import FetchRefused, Problem

if TYPE_CHECKING:
    from PIL import Image

_BOM = "\ufeff"


class Refused(FetchRefused):
    """A file handouts will not read: outside the allowed folders, not a file, or too large."""


def refuse(path: Path, message: str, field: str | None = None, line: int | None = None) -> Refused:
    return Refused(Problem(message, file=path, line=line, field=field))


def resolve(
    path: Path, roots: Iterable[Path] | None, kind: limits.Kind, field: str | None = None
) -> Path:
    """The real path of `path`, checked: inside a root, a regular file, within its size limit."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise refuse(path, "file not found", field) from None
    except (OSError, RuntimeError) as exc:  # a loop of links, a name too long, no permission
        raise refuse(path, f"cannot be read ({_reason(exc)})", field) from None
    if roots is not None:
        allowed = [Path(root).resolve() for root in roots]
        if not any(real.is_relative_to(root) for root in allowed):
            raise refuse(path, _outside(path, real, allowed), field)
    try:
        info = real.stat()
    except OSError as exc:
        raise refuse(path, f"cannot be read ({_reason(exc)})", field) from None
    _check_file(path, info, kind, field)
    return real


def read_bytes(
    path: Path,
    kind: limits.Kind,
    roots: Iterable[Path] | None = None,
    field: str | None = None,
) -> bytes:
    """The bytes of a file that passes `resolve`; at most `kind.max_bytes` of them."""
    real = resolve(path, roots, kind, field)
    try:
        fd = os.open(
            real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        )
    except OSError as exc:
        raise refuse(path, f"cannot be read ({_reason(exc)})", field) from None
    with os.fdopen(fd, "rb") as handle:
        # Checked again on what was opened: the name may have been swapped since `resolve`.
        _check_file(path, os.fstat(handle.fileno()), kind, field)
        data = handle.read(kind.max_bytes + 1)
    if len(data) > kind.max_bytes:  # it grew while being read
        raise refuse(path, too_large(len(data), kind), field)
    return data


def read_text(
    path: Path,
    kind: limits.Kind,
    roots: Iterable[Path] | None = None,
    field: str | None = None,
) -> str:
    """A UTF-8 text file (a byte-order mark at the start is dropped), with its line breaks."""
    return decode(read_bytes(path, kind, roots, field), path, field)


def decode(data: bytes, path: Path, field: str | None = None) -> str:
    """UTF-8 bytes as text; the first byte that is not UTF-8 is reported with its line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse(
            path,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on this line); "
            "save it with the UTF-8 encoding",
            field,
            line,
        ) from None
    return text.removeprefix(_BOM)


def digest(path: Path, roots: Iterable[Path], kind: limits.Kind = limits.ASSET) -> str:
    """sha256 of a file for a build's fingerprint; a file that would be refused is "refused"."""
    try:
        return hashlib.sha256(read_bytes(path, kind, roots)).hexdigest()
    except Refused:
        return "refused"  # the render reports why; the key only needs to differ


def image(data: bytes, path: Path, field: str | None = None) -> Image.Image:
    """A raster image, opened lazily: its size is checked before any pixel is decoded."""
    from PIL import Image, UnidentifiedImageError  # lazy: only images need Pillow

    Image.MAX_IMAGE_PIXELS = limits.IMAGE_PIXELS  # Pillow's own check, for WeasyPrint too
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked below
            opened = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise refuse(
            path,
            f"has more than {2 * limits.IMAGE_PIXELS / 1e6:.0f} million pixels; an image may have "
            f"at most {limits.IMAGE_PIXELS / 1e6:.0f} million: scale it down",
            field,
        ) from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise refuse(path, f"is not a readable image ({_reason(exc)})", field) from None
    check_pixels(opened.size, path, field)
    return opened


def check_pixels(size: tuple[int, int], path: Path, field: str | None = None) -> None:
    width, height = size
    if width * height > limits.IMAGE_PIXELS:
        raise refuse(
            path,
            f"is {width}×{height} pixels ({width * height / 1e6:.0f} million); an image may "
            f"have at most {limits.IMAGE_PIXELS / 1e6:.0f} million: scale it down",
            field,
        )


def icc_profile(data: bytes, path: Path, field: str | None = None) -> bytes:
    """The bytes of an ICC profile for CMYK printing; anything else is refused (ICC.1 §7.2)."""
    if len(data) < 128 or data[36:40] != b"acsp":
        raise refuse(path, "is not an ICC colour profile (no ICC header)", field)
    declared = int.from_bytes(data[0:4], "big")
    if declared != len(data):
        raise refuse(
            path, f"is a damaged ICC profile (it says {declared} bytes, has {len(data)})", field
        )
    space = data[16:20].decode("latin-1").strip()
    if space != "CMYK":
        raise refuse(
            path,
            f"is an ICC profile for {space or 'an unknown'} colour, not CMYK; ask your print "
            "shop for their CMYK (press) profile",
            field,
        )
    try:
        from PIL import ImageCms  # lazy: only press profiles need littleCMS

        ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (ImageCms.PyCMSError, OSError, ValueError) as exc:
        raise refuse(path, f"is a damaged ICC profile ({_reason(exc)})", field) from None
    return data


def _check_file(path: Path, info: os.stat_result, kind: limits.Kind, field: str | None) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise refuse(path, f"is a folder, not {_a(kind.name)}", field)
    if not stat.S_ISREG(info.st_mode):
        raise refuse(path, "is not a regular file (a device, pipe or socket)", field)
    if info.st_size > kind.max_bytes:
        raise refuse(path, too_large(info.st_size, kind), field)


def too_large(size: int, kind: limits.Kind) -> str:
    """The message for a file (or an upload) larger than its kind may be."""
    return (
        f"is {_human(size)}; {_a(kind.name)} may be at most {_human(kind.max_bytes)} "
        "(see handouts/limits.py)"
    )


def _a(name: str) -> str:
    return f"{'an' if name[0].lower() in 'aeiou' else 'a'} {name}"


def _human(size: int) -> str:
    if size >= limits.MB:
        return f"{size / limits.MB:.1f} MB"
    if size >= limits.KB:
        return f"{size / limits.KB:.0f} KB"
    return f"{size} bytes"


def _outside(path: Path, real: Path, roots: list[Path]) -> str:
    where = " or ".join(_short(root) for root in roots[:3]) + (" …" if len(roots) > 3 else "")
    if path.is_symlink() or any(parent.is_symlink() for parent in path.parents):
        return (
            f"is a link to {real}, outside {where}; handouts reads only files inside these "
            "folders: copy the file in instead of linking to it"
        )
    return f"is outside {where}; handouts reads only files inside these folders"


def _short(root: Path) -> str:
    try:
        return str(root.relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(root)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
