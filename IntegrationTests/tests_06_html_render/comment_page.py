"""The merge-request comment's Markdown as GitHub shows it, near enough for a screenshot:
CommonMark with tables and HTML (markdown-it), in GitHub's fonts, borders and table stripes.

    comment_page.py COMMENT_MD PAGE_HTML
"""
import sys
from markdown_it import MarkdownIt

text = open(sys.argv[1], encoding="utf-8").read()
body = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
page = """<!doctype html><html><head><meta charset="utf-8"><style>
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328;
       max-width: 900px; margin: 24px auto; padding: 16px 24px; border: 1px solid #d1d9e0; border-radius: 6px; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d1d9e0; padding: 4px 10px; }
tr:nth-child(2n) { background: #f6f8fa; } code { background: #eff1f3; padding: 1px 4px; border-radius: 4px; font-size: 85%; }
h3, h4 { margin: 16px 0 8px; } sub { color: #59636e; } details { margin: 8px 0; }
</style></head><body>""" + body + "</body></html>"
open(sys.argv[2], "w", encoding="utf-8").write(page)
