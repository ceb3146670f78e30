"""Web pages for the demo: an article's blocks in plain HTML, with the meta tags and licence links a CMS writes."""

from __future__ import annotations

from html import escape

from provenance_demo.entry import Entry


def render_page(entry: Entry, site_name: str) -> str:
    """The page's HTML. Paragraphs are plain ``<p>`` inside ``<article>`` so extraction recovers the text."""
    page = entry.html
    head = [
        '<meta charset="utf-8">',
        f"<title>{escape(entry.title or site_name)}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ]
    if entry.author:
        head.append(f'<meta name="author" content="{escape(entry.author)}">')
    if entry.published is not None:
        head.append(f'<meta property="article:published_time" content="{entry.published.isoformat()}">')
    for name, content in page.metas:
        head.append(f'<meta name="{escape(name)}" content="{escape(content)}">')
    if page.licence_link:
        head.append(f'<link rel="license" href="{escape(page.licence_link)}">')
    body = []
    if page.chrome:
        body.append(
            f'<nav class="site-nav"><a class="brand" href="/">{escape(site_name)}</a><ul><li><a href="/">Accueil</a></li>'
            '<li><a href="/actualites/">Actualités</a></li><li><a href="/sport/">Sport</a></li>'
            '<li><a href="/contact">Contact</a></li></ul></nav>'
        )
    if not page.empty:
        body.append("<main>\n<article>")
        for kind, text in entry.blocks:
            inner = escape(text).replace("\n", "<br>\n")
            body.append(f"<h2>{inner}</h2>" if kind == "h" else f"<p>{inner}</p>")
        body.append("</article>\n</main>")
    if page.footer or page.chrome:
        footer = escape(page.footer) if page.footer else f"© {escape(site_name)} · Mentions légales · Plan du site"
        body.append(f'<footer class="site-footer"><p>{footer}</p></footer>')
    lang = entry.lang or "fr"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n'
        + "\n".join(head)
        + "\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
