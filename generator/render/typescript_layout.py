"""TypeScript types as values, and the few line layouts the generated code uses, broken where Prettier
(default options: 80 columns, 2-space indent, trailing commas) breaks them, so that the output is
already formatted and generation never needs Node."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

WIDTH = 80
INDENT = "  "


@dataclass(frozen=True)
class TsType:
    """A TypeScript type: a name (or literal), a union, an array of a type, or `Record<string, T>`."""

    kind: Literal["name", "union", "array", "record"]
    text: str = ""
    members: tuple[TsType, ...] = ()
    inner: TsType | None = None

    @staticmethod
    def name(text: str) -> TsType:
        return TsType("name", text=text)

    @staticmethod
    def union(members: Sequence[TsType]) -> TsType:
        flat: list[TsType] = []
        for member in members:
            flat.extend(member.members if member.kind == "union" else (member,))
        return flat[0] if len(flat) == 1 else TsType("union", members=tuple(flat))

    @staticmethod
    def array(inner: TsType) -> TsType:
        return TsType("array", inner=inner)

    @staticmethod
    def record(inner: TsType) -> TsType:
        return TsType("record", inner=inner)

    def flat(self) -> str:
        if self.kind == "name":
            return self.text
        if self.kind == "union":
            return " | ".join(member.flat() for member in self.members)
        assert self.inner is not None
        if self.kind == "array":
            inner = self.inner.flat()
            return f"({inner})[]" if self.inner.kind == "union" else f"{inner}[]"
        return f"Record<string, {self.inner.flat()}>"


def typed(indent: str, head: str, ref: TsType, tail: str) -> str:
    """`indent + head + type + tail` (head like `name?: `, tail like `;`), broken as Prettier breaks a
    type that does not fit: union members one per line, a Record's arguments one per line."""
    line = f"{indent}{head}{ref.flat()}{tail}"
    if len(line) <= WIDTH or ref.kind == "name":
        return line
    inner = indent + INDENT
    if ref.kind == "union" and not head:  # a type argument: its members where the argument is
        return _members(indent, ref, tail)
    if ref.kind == "union":
        return f"{indent}{head.rstrip()}\n{_members(inner, ref, tail)}"
    assert ref.inner is not None
    if ref.kind == "array" and ref.inner.kind == "union":
        return f"{indent}{head}(\n{_members(inner, ref.inner, '')}\n{indent})[]{tail}"
    if ref.kind == "array":
        return typed(indent, head, ref.inner, f"[]{tail}")
    value = typed(inner, "", ref.inner, "")
    return f"{indent}{head}Record<\n{inner}string,\n{value}\n{indent}>{tail}"


def _members(indent: str, union: TsType, tail: str) -> str:
    """A broken union's members: on one line of their own when that fits, else one per line."""
    flat = f"{indent}{union.flat()}{tail}"
    if len(flat) <= WIDTH:
        return flat
    return "\n".join(f"{indent}| {member.flat()}" for member in union.members) + tail


def member(indent: str, key: str, value: str, tail: str = ",") -> str:
    """An object member `key: value,`; broken after the colon when it does not fit, unless the value is
    a string literal (Prettier never breaks before one)."""
    line = f"{indent}{key}: {value}{tail}"
    if len(line) <= WIDTH or value[:1] in "\"'":
        return line
    return f"{indent}{key}:\n{indent}{INDENT}{value}{tail}"


def signature(
    indent: str, head: str, parameters: Sequence[tuple[str, TsType, str]], tail: str
) -> str:
    """`head(p: T, ...)tail` (parameters as (name with `?`, type, default or "")); broken one parameter
    per line, with a trailing comma, when it does not fit."""

    def parameter(name: str, ref: TsType, default: str) -> str:
        return f"{name}: {ref.flat()}{f' = {default}' if default else ''}"

    flat = f"{indent}{head}({', '.join(parameter(*p) for p in parameters)}){tail}"
    if len(flat) <= WIDTH or not parameters:
        return flat
    inner = indent + INDENT
    lines = [
        typed(inner, f"{name}: ", ref, f"{f' = {default}' if default else ''},")
        for name, ref, default in parameters
    ]
    return f"{indent}{head}(\n" + "\n".join(lines) + f"\n{indent}){tail}"


def braces(head: str, names: Sequence[str], tail: str) -> str:
    """`head { a, b } tail` (an import or export list), one name per line when it does not fit (a single
    name is never broken)."""
    flat = f"{head}{{ {', '.join(names)} }}{tail}"
    if len(flat) <= WIDTH or len(names) < 2:
        return flat
    return f"{head}{{\n" + "".join(f"{INDENT}{name},\n" for name in names) + f"}}{tail}"
