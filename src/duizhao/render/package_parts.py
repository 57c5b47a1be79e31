"""Rewrite whole parts of a saved .docx package.

python-docx gives no public way to change the parts it keeps as plain bytes (fontTable.xml,
stylesWithEffects.xml), so they are rewritten in the saved zip instead: every other member is
copied unchanged, with its name, order and compression."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping

PartRewrite = Callable[[bytes], bytes]


def rewrite_parts(package: bytes, rewrites: Mapping[str, PartRewrite]) -> bytes:
    """A copy of the zip `package` in which each member named in `rewrites` is replaced by what
    its function returns for the old content. Names not in the package are ignored."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            rewrite = rewrites.get(item.filename)
            target.writestr(item, rewrite(data) if rewrite else data)
    return out.getvalue()
