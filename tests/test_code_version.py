"""No stale cache from a forgotten version bump: the sources that decide what a config trains to
are hashed and compared with the digest recorded beside the code-version tag that keys the cache.

A change to one of them fails here until someone decides: if it changes the trained weights, bump
the tag (the old entries are then retrained), and either way record the new digest. A false alarm
(a comment, a docstring) costs one line; a missed bump would load models of the old code.
"""

import hashlib
import re
from pathlib import Path

import pytest

from vaecore import quality, train

PACKAGE = Path(train.__file__).parent
_DIGEST_LINE = re.compile(rb"^[A-Z_]+_DIGEST = .*$", re.MULTILINE)  # the digests do not hash themselves


def source_digest(names) -> str:
    """16 hex digits of sha256 over the named files of vaecore, in the order given, each with its
    name, its line endings made ``\\n`` and its ``*_DIGEST = ...`` lines left out."""
    sha = hashlib.sha256()
    for name in names:
        text = (PACKAGE / name).read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        sha.update(name.encode() + b"\0" + _DIGEST_LINE.sub(b"", text) + b"\0")
    return sha.hexdigest()[:16]


@pytest.mark.parametrize("module, tag, digest, files", [
    (train, "CODE_VERSION", "CODE_DIGEST", "CODE_FILES"),
    (quality, "CLASSIFIER_VERSION", "CLASSIFIER_DIGEST", "CLASSIFIER_FILES"),
], ids=["models", "digit-classifier"])
def test_training_sources_match_the_digest_recorded_with_the_code_version(module, tag, digest, files):
    # Check that the sources which decide the cached weights are the ones the tag was recorded for.
    names = getattr(module, files)
    now, recorded = source_digest(names), getattr(module, digest)
    where = f"vaecore/{Path(module.__file__).name}"
    assert now == recorded, (
        f"one of {', '.join(names)} changed since {digest} was recorded ({recorded}; now {now}): bump the version "
        f"or update the digest. If the change alters what a config trains to, bump {tag} "
        f"({getattr(module, tag)!r}) in {where}; either way set {digest} = \"{now}\" there.")


def test_digest_ignores_line_endings_and_its_own_line(tmp_path, monkeypatch):
    # Check the normalisation: CRLF and CR line endings and a changed *_DIGEST line hash alike.
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    (tmp_path / "a.py").write_bytes(b'X = 1\nCODE_DIGEST = "0123"\ny = 2\n')
    unix = source_digest(["a.py"])
    (tmp_path / "a.py").write_bytes(b'X = 1\r\nCODE_DIGEST = "abcd"\r\ny = 2\r\n')
    assert source_digest(["a.py"]) == unix
    (tmp_path / "a.py").write_bytes(b'X = 2\nCODE_DIGEST = "0123"\ny = 2\n')
    assert source_digest(["a.py"]) != unix
