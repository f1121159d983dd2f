"""NIH000: the settings of a file's project cannot be read.  Not a rule (no check reports it): the
flake8 plugin reports it, once per project, for a file whose project was not checked when flake8
started (`plugin.Plugin.run`); a project checked then stops the run with exit 2 and one line per
problem, as ``noinherit-lint check`` and ``noinherit-fix`` do.  It is registered so that it is a
known code everywhere codes are named."""

from noinherit_lint.registry import FileCode, register_file_code

NIH000 = "NIH000"

register_file_code(FileCode(
    NIH000, "invalid-settings",
    "the settings of the file's project cannot be read: a bad pyproject.toml, setup.cfg or option (once per project)",
    "the settings are not code: fix the setting the message names.",
    """
    ## What it does
    Reports, once per project at line 1 of its first file checked, that the project's settings
    cannot be read, naming the file and the setting: `NIH000 pyproject.toml: [tool.noinherit]
    min-python = 3.1 is a number ...`.  The project's files are then not checked.

    ## Why is this bad?
    Which rules fire depends on the settings (min-python above all): checking with settings
    other than the project's would report the wrong leaks, and checking nothing would pass the
    project silently.

    ## Example
    ```toml
    [tool.noinherit]
    min-python = 3.10
    ```

    ## Use instead
    ```toml
    [tool.noinherit]
    min-python = "3.10"
    ```

    ## Versions
    Every version.  Usually flake8 never gets to a file: the plugin reads every project's
    settings when flake8 starts and stops it with exit status 2 and one line per problem.
    NIH000 is for a project found only later (a file flake8 finds that its own file walk did
    not list up front).

    ## References
    - [PEP 621: requires-python](https://peps.python.org/pep-0621/)
    """,
))
