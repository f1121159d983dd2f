"""The codemod behind `noinherit-fix`: rewrite exactly the fixable findings of the rules.

| module | one job |
|---|---|
| `source` | text in, text out: run the detector, keep selected non-noqa fixes, edit, re-parse |
| `regions` | cut the text around each fix (a call, or a statement's lines) for libcst |
| `apply` | find the libcst node whose span equals a fix's span, edit only it |
| `edits` | one function per fix kind (the table of kinds is `findings.FixKind`) |
| `python2` | the same for a Python 2 module, which libcst cannot read: find each fix's node, edit the text |
| `text_edits` | one text edit per fix kind, making the edit `edits` makes |
| `positions` | the only byte-column <-> character-column conversion |
| `imports` | the runtime import: alias choice (never rebind a name), placement in the text |
| `files` | read regular files only and decode (cookie, BOM, CRLF); atomic writes over exactly what was read |
| `metadata` | what the user owns (mode, owner, extended attributes and ACLs), given to the new file |
| `workers` | ``-j N``: worker interpreters that compute, results in order, prompt stop |
| `walk` | which files a PATH argument means |
| `vendor` | ``--vendor``: copy the runtime, compute each module's import of it |
"""
