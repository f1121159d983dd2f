"""NIH001: a file that neither Python 3 nor Python 2.7 can parse.  Not a rule (no check reports
it): the front ends report it when `parsing.parse` raises `Unparsable` or `parsing.undecodable`
names the bytes (flake8: `flake8_python2.report_unparsed`, `Plugin.run`; ``noinherit-lint check``:
`file_results`; ``noinherit-fix``: one ``cannot parse`` / ``cannot decode`` line and exit 2).  It
is registered so that it is a known code everywhere codes are named."""

from noinherit_lint.registry import FileCode, register_file_code

NIH001 = "NIH001"

register_file_code(FileCode(
    NIH001, "cannot-parse", "a file that neither Python 3 nor Python 2.7 can parse (one finding per file)",
    "there is no program to rewrite until the syntax error is fixed.",
    """
    ## What it does
    Reports a file that is neither Python 3 nor Python 2.7, once, at the line and column of the
    error that came further into the file, naming both errors: `NIH001 cannot parse (as Python
    2.7: line 3: invalid syntax; as Python 3: line 1: ...)`.  A Python 2 file is read as Python
    2.7 and checked by every rule, so it gets no NIH001 (README: Python 2 code).  Bytes that
    neither Python decodes (invalid UTF-8 without a coding cookie, a byte the cookie's encoding
    does not decode, an unknown cookie) are one NIH001 at the byte: `NIH001 cannot parse (as
    Python 3 and 2.7: line 2: non-UTF-8 byte 0xe9 (invalid continuation byte), but no encoding
    declared)`, although flake8 reads such a file as latin-1.

    ## Why is this bad?
    The rules cannot look at a file they cannot read.  flake8 reports such a file as `E999`, which
    `flake8 --select NIH` (and the `noinherit-check` hook) does not select: without NIH001 the
    file would pass the check unread, however many handles it leaks.

    ## Example
    ```python
    import subprocess

    log = open("app.log", "a"
    subprocess.call(["worker"], stdout=log)
    ```

    ## Use instead
    ```python
    import subprocess

    log = open("app.log", "a")
    subprocess.call(["worker"], stdout=log)
    ```

    ## Versions
    Every version.  `noinherit-fix` reports the same file as `PATH: cannot parse (...); not
    changed` and exits 2.

    ## References
    - [PEP 263: source code encodings](https://peps.python.org/pep-0263/) (a file is decoded as Python would)
    - [flake8's error codes](https://flake8.pycqa.org/en/latest/user/error-codes.html) (E999)
    """,
))
