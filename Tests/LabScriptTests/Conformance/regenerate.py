#!/usr/bin/env python3
"""Regenerates expected.json: runs every snippet of the conformance corpus with CPython 3.11.

Each *.py file in this folder holds snippets separated by lines `# --- name`. For each snippet
this records what CPython prints and, when it raises, the last line of its traceback
(`ValueError: message`, or just `ValueError` when the message is empty). LabScript must
produce the same output and the same error line byte for byte.

Usage: python3 Tests/LabScriptTests/Conformance/regenerate.py
"""
import io
import json
import os
import sys
import traceback
from contextlib import redirect_stdout

if sys.version_info[:2] != (3, 11):
    sys.exit(f"the corpus is defined by CPython 3.11; this is {sys.version.split()[0]}")

HERE = os.path.dirname(os.path.abspath(__file__))


def snippets(path):
    name, lines = None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# --- "):
                if name is not None:
                    yield name, "".join(lines)
                name, lines = line[6:].strip(), []
            elif name is not None:
                lines.append(line)
    if name is not None:
        yield name, "".join(lines)


def run(source):
    out = io.StringIO()
    error = None
    try:
        code = compile(source, "snippet.py", "exec")
        with redirect_stdout(out):
            exec(code, {"__name__": "__main__"})
    except BaseException as e:  # noqa: BLE001 - every exception is an expectation
        error = traceback.format_exception_only(type(e), e)[-1].rstrip("\n")
    return {"stdout": out.getvalue(), "error": error}


def main():
    expected = {}
    for file in sorted(os.listdir(HERE)):
        if not file.endswith(".py") or file == "regenerate.py":
            continue
        seen = set()
        for name, source in snippets(os.path.join(HERE, file)):
            key = f"{file[:-3]}/{name}"
            if key in seen:
                sys.exit(f"duplicate snippet name {key}")
            seen.add(key)
            expected[key] = run(source)
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print(f"{len(expected)} snippets")


if __name__ == "__main__":
    main()
