"""Breaking a copy of the demo's data files (tests/demo/conftest.py: `content_dir`)."""


def break_file(content_dir, name, old, new):
    """Replace the first `old` in the file; return the line (1-based) where it was."""
    path = content_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line
