"""Emails, ORCIDs and URLs damaged by OCR."""

from __future__ import annotations

from .runner import EMPTY_CONTEXT, RepairContext


def repair_emails(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Placeholder.

    >>> repair_emails("a@b.com")
    'a@b.com'
    """
    return text


def repair_orcids(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Placeholder.

    >>> repair_orcids("0000-0002-5849-2373")
    '0000-0002-5849-2373'
    """
    return text


def rejoin_broken_urls(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Placeholder.

    >>> rejoin_broken_urls("http://a.b/c")
    'http://a.b/c'
    """
    return text
