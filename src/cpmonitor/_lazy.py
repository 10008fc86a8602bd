"""Lazy package exports (PEP 562): ``from cpmonitor.report import build_report`` still works,
but importing the package (e.g. for ``cpmonitor --help``) does not import polars, scipy,
matplotlib or WeasyPrint until a name that needs them is first used.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Mapping


def lazy_exports(
    package: str, exports: Mapping[str, str], namespace: dict
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: each name of ``exports`` is imported
    from its submodule (``".build"``) when first asked for, then kept in ``namespace``."""

    def __getattr__(name: str) -> object:
        try:
            module = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports})

    class _Package(types.ModuleType):
        # Importing a submodule sets it as an attribute of its package; where an export has
        # the submodule's name (``synth.simulate``, the function, in ``synth/simulate.py``),
        # the export wins, as it did when the package imported it eagerly.
        def __setattr__(self, name: str, value: object) -> None:
            if (
                name in exports
                and isinstance(value, types.ModuleType)
                and value.__name__ == f"{package}.{name}"
            ):
                return
            super().__setattr__(name, value)

    sys.modules[package].__class__ = _Package
    return __getattr__, __dir__
