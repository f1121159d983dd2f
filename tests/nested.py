"""Very deep folder trees for tests, made and removed without recursion.

`os.makedirs`, `Path.mkdir(parents=True)` and `shutil.rmtree` (pytest's clean-up of old
`tmp_path`s included) recurse once per level: at ~1,000 levels they raise RecursionError, and a
tree left behind would break every later pytest run's clean-up.  `nested_folders` removes what it
made even when making it or the test fails.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def nested_folders(root: Path, depth: int, name: str = "d") -> Iterator[Path]:
    """`root/d/d/.../d` (`depth` levels); on exit every file in it and every level are removed."""
    made = []
    try:
        folder = str(root)
        for _ in range(depth):
            folder = os.path.join(folder, name)
            os.mkdir(folder)
            made.append(folder)
        yield Path(folder)
    finally:
        for folder in reversed(made):
            for entry in os.scandir(folder):
                if not entry.is_dir(follow_symlinks=False):
                    os.unlink(entry.path)
            os.rmdir(folder)
