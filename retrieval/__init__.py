"""Retrieval: a new comment in, the reusable precedents out, best first, or "no close precedent".

One job per module:
  - ``corpus``: the corpus as retrieval sees it (units that get vectors, answer families);
  - ``sync``: bring the saved vector index and token cache in line with it (embed only what is new);
  - ``snapshot``: an immutable snapshot of everything one search needs;
  - ``features``: relative features of every candidate of a point (pure functions);
  - ``scoring``: ranking weights and the calibrated probability, saved as JSON;
  - ``calibration``: fit them on the corpus's own pairs, leave-one-out;
  - ``search``: one point in a snapshot to cards;
  - ``retriever``: the shared :class:`Retriever`, which swaps snapshots when the corpus changes;
  - ``evaluate``: labelled queries or the corpus's own pairs through the public search;
  - ``lexical``, ``points``, ``ranking``, ``labels``, ``results``: BM25, splitting a comment into
    points, pure ranking functions, labelled queries, typed results.

Example::

    store, _ = open_corpus()
    retriever = build_index(store, load_default_encoder())
    retriever.search("マイナンバーカードの取得は義務ですか。", k=3).points[0].results[0].answer
"""

from retrieval.results import Paragraph, PointResult, RefreshReport, Source, Suggestion, SuggestResult
from retrieval.retriever import Retriever, build_index
from retrieval.scoring import MODES, Calibration
from retrieval.search import check_query

__all__ = [
    "MODES",
    "Calibration",
    "Paragraph",
    "PointResult",
    "RefreshReport",
    "Retriever",
    "Source",
    "SuggestResult",
    "Suggestion",
    "build_index",
    "check_query",
]
