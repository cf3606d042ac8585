"""Prose the regisseur writes in Markdown, turned into safe HTML that is the same on the page and
in the PDF.

markdown-it-py parses with raw HTML, images and headings off (a section's heading is a field of
its own, so the document's outline stays ours). Footnotes, written ``^[text]`` or ``[^1]`` with a
``[^1]: text`` line, become a ``<span class="footnote">`` where they are called: the PDF floats
it to the foot of the page (CSS ``float: footnote``), the screen shows it in place. nh3 cleans
the result with an allow-list as the last step before ``mark_safe``.
"""

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

# Django's admin shows help texts as HTML, hence the entities around the link example.
HELP_TEXT = _(
    "Markdown: **vet**, *schuin*, een lijst met “- ” voor elke regel, een link als "
    "&lt;https://…&gt;, een voetnoot met ^[tekst van de voetnoot]. Een lege regel begint een "
    "nieuwe alinea. HTML wordt niet uitgevoerd."
)

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "span", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_CLASSES = {"span": {"footnote"}}
URL_SCHEMES = {"http", "https", "mailto"}
NOTES = "ilv_footnotes"


def _footnote_call(renderer, tokens, idx, options, env):
    # A footnote called inside another footnote has no text yet: it renders as nothing.
    note = env.get(NOTES, {}).get(tokens[idx].meta["id"], "")
    return f'<span class="footnote">{note}</span>' if note else ""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).use(footnote_plugin)
    md.disable(["html_block", "html_inline", "image", "heading", "lheading"])
    md.add_render_rule("footnote_ref", _footnote_call)
    return md


def _unwrap(html: str) -> str:
    """A footnote's paragraphs as inline text: it stands inside the sentence that calls it."""
    paragraphs = [p.strip() for p in html.strip().split("</p>") if p.strip()]
    return "<br>".join(p.removeprefix("<p>") for p in paragraphs)


def _clean(html: str) -> SafeString:
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
    )
    return mark_safe(cleaned)  # noqa: S308 (nh3 allow-list above is the guarantee)


def _render(md: MarkdownIt, tokens, env, *, notes_apart=False):
    """Render ``tokens`` with each footnote's text at its call instead of in a list at the end;
    with ``notes_apart``, without the footnotes, returned beside the text."""
    body, notes, note_tokens, note_id, in_notes = [], {}, [], None, False
    for token in tokens:
        if token.type == "footnote_block_open":
            in_notes = True
        elif token.type == "footnote_block_close":
            in_notes = False
        elif not in_notes:
            body.append(token)
        elif token.type == "footnote_open":
            note_id, note_tokens = token.meta["id"], []
        elif token.type == "footnote_close":
            notes[note_id] = _unwrap(md.renderer.render(note_tokens, md.options, env))
        elif token.type != "footnote_anchor":
            note_tokens.append(token)
    if notes_apart:
        env[NOTES] = {}
        text = md.renderer.render(body, md.options, env)
        return _clean(text), [_clean(note) for note in notes.values()]
    env[NOTES] = notes
    return _clean(md.renderer.render(body, md.options, env))


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> SafeString:
    """Block Markdown (paragraphs, lists) as safe HTML with footnotes in place."""
    md, env = _parser(), {}
    return _render(md, md.parse(text or "", env), env)


@lru_cache(maxsize=512)
def caption_and_notes(text: str) -> tuple[SafeString, tuple[SafeString, ...]]:
    """A table's caption and, apart, its ``^[notes]``: a table's notes stand under the table,
    where they stay with it (a footnote raised inside a table can lose its page)."""
    md, env = _parser(), {}
    caption, notes = _render(md, md.parseInline(text or "", env), env, notes_apart=True)
    return caption, tuple(notes)
