"""Whole-module analyses that judge whether a finding is real (issue 10).

Each module answers one question about one module's ast, on demand (a rule asks, the answer is
computed once per module and kept on the `ModuleIndex`):

| module | question |
|---|---|
| `index` | where is a node (its enclosing statements and function), which calls spawn, which of the module's own functions spawn (transitively) |
| `lifetime` | can a child be started while the handle a creation call makes is open? |
| `child_context` | does this code run in a fork child before it execs (child branches, helpers only called from them, `preexec_fn`)? |
| `std_streams` | does an expression denote descriptor 0, 1 or 2, or does a creation call get one of those numbers? |
| `cloexec` | is FD_CLOEXEC set on the created handle by the next statements (the non-atomic pattern)? |
| `closes_all` | does every spawn of the module close every descriptor in the child? |
| `bindings` | name-resolution misses: ``name = None`` next to an import, module-level aliases, ``getattr(module, "name")``, flags built from ``os.O_*`` |
| `threads` | does the module start threads whose code spawns? |
| `spawn_reach` | may a call start a child: itself, through the module's functions, or through another module of the project (and code run by ``exec`` in a module that spawns)? |
| `project_modules` | which file of the linted file's project defines an imported name, and may calling it start a child or run arbitrary code (summaries parsed once per process)? |

None of them imports the rules or the checker; they read `noinherit_lint.names.ModuleNames`.
Only `project_modules` reads other files (the linted file's path is given to `spawn_reach.attach`).
"""
