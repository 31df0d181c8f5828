"""Export stage: precedents out of the store in plain formats.

Example:
    >>> import io
    >>> from assistant.store import Store
    >>> dump_jsonl(Store(":memory:"), io.StringIO())
    0
"""

from __future__ import annotations

import json
from typing import TextIO

from assistant.models import Document, Precedent
from assistant.store import Store
from assistant.textnorm import format_period


def precedent_record(precedent: Precedent, document: Document) -> dict[str, object]:
    """The JSON form of one precedent, with the document facts a reader needs to cite it."""
    return {
        "id": precedent.id,
        "document": document.title,
        "document_id": document.id,
        "area": document.area,
        "period_start": document.period_start,
        "period_end": document.period_end,
        "period": format_period(document.period_start, document.period_end),
        "no": precedent.no,
        "topic": precedent.topic,
        "comment": precedent.comment,
        "answer": precedent.answer,
        "paragraphs": list(precedent.paragraphs),
        "template_ids": list(precedent.template_ids),
    }


def dump_jsonl(store: Store, out: TextIO) -> int:
    """Write every precedent as one JSON object per line. Returns the number written."""
    documents = {doc.id: doc for doc in store.documents()}
    count = 0
    for precedent in store.precedents():
        out.write(json.dumps(precedent_record(precedent, documents[precedent.document_id]), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count
