"""NIH002: a file that cannot be read (missing, a broken link, permission denied).  Not a rule (no
check reports it): the flake8 plugin reports it where flake8 itself reports ``E902``
(`flake8_unreadable`), ``noinherit-lint check`` where it cannot read a file (`check_run`), both with
flake8's text of the error; ``noinherit-fix`` names such a file in one line and exits 2.  It is registered so that it is a known code everywhere codes are named."""

from noinherit_lint.registry import FileCode, register_file_code

NIH002 = "NIH002"

register_file_code(FileCode(
    NIH002, "cannot-read", "a file that cannot be read: missing, a broken link, permission denied (one finding per file)",
    "there is nothing to rewrite until the file can be read.",
    """
    ## What it does
    Reports a file named on the command line (or found by the file walk) that cannot be opened,
    once, at line 1: `NIH002 cannot read (PermissionError: [Errno 13] Permission denied:
    'app.py')`.  flake8 reports the same file as `E902` and runs no plugin on it.

    ## Why is this bad?
    The rules cannot look at a file they cannot read.  `flake8 --select NIH` (and the
    `noinherit-check` hook) does not select `E902`: without NIH002 the file would pass the
    check unread, with exit status 0.

    ## Example
    ```sh
    chmod 000 app.py && flake8 --select NIH app.py   # as a user other than root
    ```

    ## Use instead
    ```sh
    chmod 644 app.py && flake8 --select NIH app.py
    ```

    ## Versions
    Every version.  A directory whose name ends in `.py` is a directory: the files in it are
    checked.  `noinherit-lint check` reports the same NIH002 line (also for a dangling link or a
    loop found in a folder, as flake8 does) and exits 2; `noinherit-fix` reports an unreadable
    file as `PATH: cannot read (...)` on stderr and exits 2.

    ## References
    - [flake8's error codes](https://flake8.pycqa.org/en/latest/user/error-codes.html) (E902)
    """,
))
