"""build_docs: repair OCR text of scholarly papers and publish them with MkDocs.

Data flow (see ARCHITECTURE.md)::

    ingest (bytes -> text) -> layout (lines -> paragraphs) -> repair (passes)
      -> structure (extract_* steps -> Paper) -> render (Jinja2 -> docs/)
"""

__version__ = "0.1.0"
