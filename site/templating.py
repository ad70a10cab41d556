"""How the site's templates escape what they print: the same bytes, fewer Python calls.

With autoescaping on, Jinja compiles every `{{ value }}` to `escape(value)`, markupsafe's
`escape`, which since markupsafe 3 is a Python function making a `Markup` through
`Markup.__new__` (Python too, with a `hasattr`). A subject's page and report print about
140 values: a fifth of their rendering time went there (measured at 10,000 subjects).

What an output node's escaped value becomes is only ever joined into the page's text
(Jinja makes a macro's or a block's text `Markup` itself), so it need not be a `Markup`:
`escape_output` gives the same text as `str(escape(value))`, a plain string for a plain
string, the value itself for a `Markup`, markupsafe's `escape` for anything else.

Jinja's documented extension point for this is the environment's `code_generator_class`:
`CodeGenerator` writes the call around each printed value (`_output_child_pre`); ours
writes `escape_output(` where it would write `escape(` and imports the function into the
compiled template; a macro's text (`return_buffer_contents`) becomes `Markup` through
`markup_of`, the same `Markup` made without Python calls. Templates whose autoescaping is
decided at run time (volatile) keep Jinja's code.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Flask
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup, escape

try:  # markupsafe's own C function behind `escape` (the text of `escape(text)`)
    from markupsafe._speedups import _escape_inner as _escape_text
except ImportError:  # pragma: no cover - a markupsafe without its speedups

    def _escape_text(text: str) -> str:
        return str(escape(text))


def escape_output(value: Any) -> str:
    """The text `escape(value)` gives, for a value a template prints."""
    kind = type(value)
    if kind is str:
        return _escape_text(value)
    if kind is Markup:
        return value
    return escape(value)


#: a macro's or a call block's text as `Markup`: what `Markup(text)` makes of a `str`, without
#: its Python `__new__` (its `__html__` check is for objects; the text is a joined `str`)
markup_of = partial(str.__new__, Markup)


class SiteCodeGenerator(CodeGenerator):
    """Jinja's code generator, printing values through `escape_output` (see the module)."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        self.writeline(f"from {__name__} import escape_output, markup_of")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("escape_output(")
            if finalize.src is not None:
                self.write(finalize.src)
            return
        super()._output_child_pre(node, frame, finalize)

    def return_buffer_contents(self, frame: Frame, force_unescaped: bool = False) -> None:
        if not force_unescaped and frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.writeline(f"return markup_of(concat({frame.buffer}))")
            return
        super().return_buffer_contents(frame, force_unescaped)


def use(app: Flask) -> None:
    """The app's templates compile with `SiteCodeGenerator`, and stay loaded.

    Called before the app's Jinja environment is made (Flask reads `jinja_options` once,
    when it makes it): its template cache is then a plain dict (`cache_size=-1`), not an
    LRU cache of 400 whose every look-up takes a lock and moves the name in a queue (a
    page looks up three templates: its own, the one it extends, the macros it imports).
    The site has a few dozen templates.
    """
    if "jinja_env" in app.__dict__:
        raise RuntimeError("templating.use must come before the app's Jinja environment is made")
    app.jinja_options = {**app.jinja_options, "cache_size": -1}
    app.jinja_env.code_generator_class = SiteCodeGenerator
