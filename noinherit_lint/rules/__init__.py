"""Rule families, one module each (``creation`` NIH1xx, ``inheritable`` NIH2xx, ``spawn`` NIH3xx,
``fork`` NIH4xx).  Importing this package imports every module in it, which registers its rules:
a new module needs no entry anywhere else."""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
