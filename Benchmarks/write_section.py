"""Puts a benchmark's results into docs/performance.md.

Usage: write_section.py DOC MARKER HEADLINE BODY

Replaces everything from `<!-- MARKER -->` to `<!-- /MARKER -->` in DOC with

    <!-- MARKER -->
    HEADLINE, N cores, ARCH:

    BODY
    <!-- /MARKER -->

(N from nproc, ARCH from the machine). Exits 1 when DOC has no such markers.
"""
import platform
import re
import subprocess
import sys

doc, marker, headline, body = sys.argv[1:]
with open(doc) as f:
    text = f.read()
cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
block = f"<!-- {marker} -->\n{headline}, {cores} cores, {platform.machine()}:\n\n{body}\n<!-- /{marker} -->"
pattern = re.compile(rf"<!-- {re.escape(marker)} -->.*?<!-- /{re.escape(marker)} -->", re.S)
if not pattern.search(text):
    sys.exit(f"{doc} has no <!-- {marker} --> ... <!-- /{marker} --> section")
with open(doc, "w") as f:
    f.write(pattern.sub(lambda _: block, text, count=1))
print(f"{doc}: <!-- {marker} --> updated")
