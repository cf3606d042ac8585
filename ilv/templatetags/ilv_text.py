"""Prose written in Markdown by the regisseur, rendered safely (see ilv/markdown.py)."""

from django import template

from ilv.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Paragraphs and lists; footnotes stay where they are called."""
    return render_markdown(text or "")
