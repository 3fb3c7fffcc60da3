#!/usr/bin/env python3
"""Writes a Hugging Face cache with Python's huggingface_hub and prints its layout.

labrun's hub tests run this against their local Hub look-alike to check that labrun writes the
cache exactly as huggingface_hub does, and reads what huggingface_hub wrote:

    python3 -m venv /tmp/hf && /tmp/hf/bin/pip install huggingface_hub
    LABRUN_HF_PYTHON=/tmp/hf/bin/python swift test --filter HuggingFaceCacheInteropTests
    # and to regenerate the committed listing, add LABRUN_HF_REFERENCE_WRITE=1

Usage (what the test runs):
    hf-cache-reference.py download --endpoint URL --cache DIR --repo ID...   download, then print the listing
    hf-cache-reference.py read --cache DIR --repo ID...                      offline: print each snapshot folder
    hf-cache-reference.py list --cache DIR                                   print the listing only

The listing has one line per entry under the cache folder, sorted by path:
    dir  PATH
    link PATH -> TARGET
    file PATH SIZE            (files under refs/ add ` = CONTENT`)
"""
import argparse
import os
import sys


def listing(root):
    lines = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root)
            if os.path.islink(path):
                lines.append((relative, f"link {relative} -> {os.readlink(path)}"))
            elif os.path.isdir(path):
                lines.append((relative, f"dir  {relative}"))
            else:
                line = f"file {relative} {os.path.getsize(path)}"
                if f"{os.sep}refs{os.sep}" in path:
                    with open(path, encoding="utf-8") as handle:
                        line += f" = {handle.read()}"
                lines.append((relative, line))
    return [line for _, line in sorted(lines)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["download", "read", "list"])
    parser.add_argument("--endpoint")
    parser.add_argument("--cache", required=True)
    parser.add_argument("--repo", action="append", default=[], dest="repos")
    arguments = parser.parse_args()

    if arguments.action == "download":
        # huggingface_hub reads HF_ENDPOINT when it is imported.
        os.environ["HF_ENDPOINT"] = arguments.endpoint
        os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
        os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
        from huggingface_hub import snapshot_download

        for repo in arguments.repos:
            snapshot_download(repo_id=repo, cache_dir=arguments.cache)
        print("\n".join(listing(arguments.cache)))
    elif arguments.action == "read":
        os.environ["HF_HUB_OFFLINE"] = "1"
        from huggingface_hub import hf_hub_download

        for repo in arguments.repos:
            path = hf_hub_download(repo_id=repo, filename="config.json", cache_dir=arguments.cache)
            print(os.path.dirname(path))
    else:
        print("\n".join(listing(arguments.cache)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
