"""The sandbox templates run in: Jinja's immutable sandbox, with template_limits' checks.

Immutable: `{{ labels.clear() }}` or `{{ jd.duties.append(…) }}` is refused (a list,
dict, set or deque cannot be changed through its methods), so a template cannot change
what later documents, or the build itself, read; `check` then fails at the line instead
of the build exiting 2. Every operator, `~` concatenation, filter, `str` method call and
printed value goes through the size checks of template_limits.py first.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from jinja2.compiler import CodeGenerator
from jinja2.runtime import BlockReference, Macro, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum

from .template_limits import (MAX_INT_BITS, TemplateLimit, check_int, check_percent_format, check_size,
                              check_str_call, check_text, guarded_filter, text_size)

MAX_LIPSUM_PARAGRAPHS = 100


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002 - Jinja's names
    if not all(isinstance(v, int) for v in (n, min, max)) or n > MAX_LIPSUM_PARAGRAPHS or max > 10_000:
        raise TemplateLimit(f"lipsum() makes at most {MAX_LIPSUM_PARAGRAPHS} paragraphs of at most 10,000 words")
    return generate_lorem_ipsum(n, html, min, max)


class _SizedConcat(CodeGenerator):
    """`a ~ b ~ c` compiles to one join call Jinja never shows the sandbox: size it first."""

    def visit_Concat(self, node, frame) -> None:  # noqa: ANN001 - Jinja's signature
        self.write("environment.sized_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), context.eval_ctx.autoescape)")


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with every operation that makes a value sized first."""

    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    code_generator_class = _SizedConcat

    def __init__(self, *args: Any, extra_filters: dict[str, Callable[..., Any]] | None = None, **kwargs: Any):
        super().__init__(*args, finalize=_printable, **kwargs)
        self.filters.update(extra_filters or {})
        self.filters = {name: guarded_filter(name, f) for name, f in self.filters.items()}
        self.globals["lipsum"] = _lipsum

    def sized_concat(self, values: Iterable[Any], autoescape: bool) -> str:
        values = list(values)
        check_size(sum(text_size(v) for v in values))
        return markup_join(values) if autoescape else str_join(values)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        check_int(left)
        check_int(right)
        ints = isinstance(left, int) and isinstance(right, int)
        if operator == "*" and ints:
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TemplateLimit(f"a product of {left.bit_length() + right.bit_length():,} bits is too large "
                                    f"a number for a template (at most {MAX_INT_BITS:,} bits)")
        elif operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple, bytes)) and isinstance(times, int):
                    check_size(len(sequence) * times)
        elif operator == "**" and ints:
            if abs(left) > 1 and right > 0 and right * abs(left).bit_length() > MAX_INT_BITS:
                raise TemplateLimit(f"a power of about {right * abs(left).bit_length():,} bits is too large "
                                    f"a number for a template (at most {MAX_INT_BITS:,} bits)")
        elif operator == "%" and isinstance(left, str):
            check_percent_format(left, right)
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            check_size(len(left) + len(right))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            args = check_str_call(owner, getattr(__obj, "__name__", ""), args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        # A macro's, caller()'s or super()'s result is template output, counted when printed.
        if isinstance(result, (str, list, tuple, dict)) and not isinstance(__obj, (Macro, BlockReference)):
            check_size(len(result))
        return result


def _printable(value: Any) -> Any:
    """`{{ value }}`: a list or dict is sized before it is turned into text."""
    if isinstance(value, (list, tuple, dict, set, frozenset, int)) and not isinstance(value, bool):
        check_int(value)
        check_text(value)
    return value
