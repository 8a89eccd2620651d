"""Python 3.12 f-strings read by older parsers: only the fields that need 3.12 change,
and every line and column stays where it was."""

from __future__ import annotations

import ast

from bedrock_check.extract.fstrings import older_fstrings


def test_a_field_reusing_the_quote_is_blanked_in_place() -> None:
    src = 'url = f"https://api.openai.com/v1/{name.replace(" ", "")}/x"\nmodel = "gpt-4o"\n'
    out = older_fstrings(src)
    assert out is not None
    assert len(out) == len(src) and out.count("\n") == src.count("\n")
    field = 'name.replace(" ", "")'
    assert out.splitlines()[0] == 'url = f"https://api.openai.com/v1/{' + "_" + " " * (len(field) - 1) + '}/x"'
    assert out.splitlines()[1] == src.splitlines()[1]
    ast.parse(out)  # parses on every supported Python


def test_backslash_and_multiline_fields_are_blanked_but_older_fields_are_kept() -> None:
    src = 'a = f"{x!r:>{width}} {y}"\nb = f"{"\\\\".join(parts)}"\nc = f"""{\n  d["k"]\n}"""\n'
    out = older_fstrings(src)
    assert out is not None
    lines = out.splitlines()
    assert lines[0] == 'a = f"{x!r:>{width}} {y}"'  # valid before 3.12: untouched
    assert lines[1].startswith('b = f"{_') and lines[1].endswith('}"')
    assert lines[2:] == src.splitlines()[2:]  # a triple-quoted f-string may hold `"` before 3.12
    ast.parse(out)


def test_code_without_such_fields_is_left_alone() -> None:
    assert older_fstrings('x = f"{a}" + "b" # f"{c["d"]}" in a comment\ndef broken(:\n') is None
    assert older_fstrings("s = 'it''s' rb'raw\\'' u\"x\"\n") is None


def test_a_string_with_a_backslash_inside_a_field_is_blanked() -> None:
    """Before 3.12 no part of a field may hold a backslash, a string inside it neither (the
    nested f-string of a join, a separator argument), whatever its quotes."""
    src = (
        "print(f\"INSTRUCTIONS:\\n{truncate(text, 1500, '\\n\\n')}\\n\")\n"
        'q = f"""\n  {\' \'.join([f\'Q: {q}\\nA: {a}\' for q, a in pairs])}\n"""\n'
        "ok = f\"{', '.join(names)}\"\n"
    )
    out = older_fstrings(src)
    assert out is not None and len(out) == len(src)
    lines = out.splitlines()
    assert lines[0].startswith('print(f"INSTRUCTIONS:\\n{_ ') and lines[0].endswith('}\\n")')
    assert lines[2].startswith("  {_ ")
    assert lines[4] == src.splitlines()[4]  # no backslash in the field: valid before 3.12, kept
    ast.parse(out)


def test_the_outer_quote_inside_a_nested_f_string_is_blanked() -> None:
    src = """label = f"{t(f'ENGINE_{info["key"]}')} ({t('FREE')})"\nmodel = "gpt-4o"\n"""
    out = older_fstrings(src)
    assert out is not None and len(out) == len(src)
    first = out.splitlines()[0]
    assert first.startswith('label = f"{_ ') and first.endswith("({t('FREE')})\"")
    assert out.splitlines()[1] == 'model = "gpt-4o"'
    ast.parse(out)


def test_a_nested_string_with_a_backslash_is_blanked() -> None:
    """A field whose nested f-string holds an escape (`{' '.join([f'Q: {q}\\nA: {a}' ...])}` in a
    triple-quoted prompt) needs 3.12 too; the model constant after it is kept."""
    src = ('prompt = f"""\n    Answers:\n    {" ".join([f\'Q: {q}\\nA: {a}\' for q, a in pairs])}\n    """\n'
           'MODEL = "gpt-4o"\n')  # fmt: skip
    out = older_fstrings(src)
    assert out is not None
    assert len(out) == len(src) and out.splitlines()[4] == 'MODEL = "gpt-4o"'
    assert out.splitlines()[2].lstrip().startswith("{_")
    ast.parse(out)
