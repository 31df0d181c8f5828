"""Fine-tune the encoder on the corpus's own pairs: offline, the top layers only, minutes on a CPU.

Training pairs come from the corpus: each past comment (query prompt) with its own answer, and with
another comment of its answer family (document prompt). Generic families are left out. The lower
layers stay frozen: their output is computed once per text and kept, so each epoch only runs the top
layers forward and backward. In-batch negatives (a contrastive loss), with other members of the
same family never counted as negatives.

Whether the tuned model is used is measured, not assumed: a fifth of the comments with a precedent is
held out of training, and the tuned model is adopted only when it ranks their answers better than the
base model does (leave-one-out MRR with ranking weights fitted on the other comments). The base model
stays where it is; deleting the tuned model's folder falls back to it.
"""

from __future__ import annotations

import json
import random
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from assistant.errors import ModelError
from assistant.jsonl import write_json
from assistant.locking import replace_folder
from retrieval.snapshot import Snapshot

MANIFEST = "zenrei-finetune.json"
FORMAT = 1
BATCH = 16
SCALE = 20.0
LEARNING_RATE = 5e-5
MAX_TOKENS = 256
Say = Callable[[str], None]


@dataclass(frozen=True)
class FineTuneRecord:
    """What a fine-tuning did and measured (saved as ``zenrei-finetune.json`` beside the model).

    Attributes:
        base: Identity of the base encoder.
        precedent_ids: The precedents the corpus held.
        pairs: Training pairs.
        epochs: Passes over the pairs.
        layers: Top layers trained.
        seconds: Training time.
        validation_queries: Held-out comments the adoption was decided on.
        base_mrr: Their leave-one-out MRR with the base model.
        tuned_mrr: The same with the tuned model.
        adopted: Whether the tuned model is used.
    """

    base: str
    precedent_ids: tuple[str, ...]
    pairs: int
    epochs: int
    layers: int
    seconds: float
    validation_queries: int = 0
    base_mrr: float | None = None
    tuned_mrr: float | None = None
    adopted: bool = False

    def save(self, folder: Path) -> None:
        data = {"format": FORMAT, **asdict(self), "precedent_ids": list(self.precedent_ids)}
        write_json(folder / MANIFEST, data, indent=1)  # atomically: a reader never finds it half written

    @classmethod
    def load(cls, folder: Path) -> FineTuneRecord | None:
        path = folder / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.pop("format", None) != FORMAT:
                return None
            data["precedent_ids"] = tuple(data["precedent_ids"])
            return cls(**data)
        except (OSError, ValueError, TypeError, KeyError):
            return None


def model_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def split_validation(snap: Snapshot, share: float = 0.2, seed: int = 0) -> tuple[set[int], list[int]]:
    """Positions kept out of training: a share of the comments that have a precedent (at least 8)."""
    candidates = [i for i, family in enumerate(snap.view.family)
                  if family not in snap.generic and len(snap.members[family]) > 1 and snap.view.precedents[i].comment.strip()]
    rng = random.Random(seed)
    chosen = sorted(rng.sample(candidates, max(min(8, len(candidates)), int(len(candidates) * share))))
    return set(chosen), candidates


def training_pairs(snap: Snapshot, held_out: set[int], limit: int, seed: int = 0) -> list[tuple[str, str, str]]:
    """``(query text, target text, family)``: each comment with its answer, and with a family mate's comment."""
    rng = random.Random(seed)
    view = snap.view
    pairs = []
    for position, precedent in enumerate(view.precedents):
        family = view.family[position]
        if position in held_out or family in snap.generic or not precedent.comment.strip() or not precedent.answer.strip():
            continue
        pairs.append((precedent.comment, precedent.answer, family))
        mates = [m for m in snap.members[family] if m != position and m not in held_out]
        if mates:
            pairs.append((precedent.comment, view.precedents[rng.choice(mates)].comment, family))
    rng.shuffle(pairs)
    return pairs[:limit]


def enough_pairs(snap: Snapshot, minimum: int) -> bool:
    """Whether the corpus has at least ``minimum`` comments with a (non-generic) family mate."""
    count = sum(1 for i, family in enumerate(snap.view.family)
                if family not in snap.generic and len(snap.members[family]) > 1)
    return count >= minimum


def train(base_folder: Path, pairs: Sequence[tuple[str, str, str]], target: Path, epochs: int, layers: int,
          say: Say | None = None, seed: int = 0) -> float:
    """Fine-tune a copy of the model in ``base_folder`` and save it to ``target``; returns seconds.

    Raises:
        ModelError: The base model cannot be loaded or trained (nothing is written to ``target``).
    """
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.masking_utils import create_bidirectional_mask

    started = time.perf_counter()
    say = say or (lambda message: None)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    try:
        model = SentenceTransformer(str(base_folder), device="cpu", local_files_only=True)
        bert = model[0].auto_model
        tokenizer = model.tokenizer
        blocks = bert.encoder.layer
    except Exception as error:  # the libraries raise many types
        raise ModelError(f"微調整の元になるモデル {base_folder} を読み込めません（{error.__class__.__name__}）。") from error
    prompts = getattr(model, "prompts", {}) or {}
    query_prompt, document_prompt = prompts.get("query", ""), prompts.get("document", "")
    frozen = max(len(blocks) - layers, 0)
    texts: dict[tuple[str, str], int] = {}
    for query, target_text, _ in pairs:
        texts.setdefault(("q", query), len(texts))
        texts.setdefault(("d", target_text), len(texts))
    ordered = sorted(texts, key=lambda key: len(key[1]))
    hidden: list = [None] * len(texts)
    say(f"微調整の準備をしています（{len(texts)} 文）…")
    with torch.no_grad():
        for start in range(0, len(ordered), 32):
            chunk = ordered[start:start + 32]
            encoded = tokenizer([(query_prompt if kind == "q" else document_prompt) + model_text(text) for kind, text in chunk],
                                padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
            states = bert.embeddings(input_ids=encoded["input_ids"], token_type_ids=encoded.get("token_type_ids"))
            mask = create_bidirectional_mask(config=bert.config, inputs_embeds=states, attention_mask=encoded["attention_mask"])
            for block in blocks[:frozen]:
                states = block(states, attention_mask=mask)
            for row, key in enumerate(chunk):
                length = int(encoded["attention_mask"][row].sum())
                hidden[texts[key]] = states[row, :length].to(torch.bfloat16).clone()
    top = blocks[frozen:]
    parameters = [p for block in top for p in block.parameters()]
    optimizer = torch.optim.AdamW(parameters, lr=LEARNING_RATE, weight_decay=0.01)
    steps = max(epochs * ((len(pairs) + BATCH - 1) // BATCH), 1)
    warmup = max(steps // 10, 1)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (steps - s) / steps))

    def embed(indices: list[int]):
        states = [hidden[i].float() for i in indices]
        width = max(len(s) for s in states)
        batch = torch.zeros(len(states), width, states[0].shape[1])
        attention = torch.zeros(len(states), width, dtype=torch.long)
        for row, state in enumerate(states):
            batch[row, :len(state)] = state
            attention[row, :len(state)] = 1
        mask = create_bidirectional_mask(config=bert.config, inputs_embeds=batch, attention_mask=attention)
        for block in top:
            batch = block(batch, attention_mask=mask)
        pooled = (batch * attention[..., None]).sum(1) / attention.sum(1, keepdim=True)
        return torch.nn.functional.normalize(pooled, dim=-1)

    for block in top:
        block.train()
    order = list(pairs)
    step = 0
    for epoch in range(epochs):
        rng.shuffle(order)
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            queries = embed([texts[("q", q)] for q, _, _ in batch])
            targets = embed([texts[("d", t)] for _, t, _ in batch])
            families = [f for _, _, f in batch]
            same = torch.tensor([[a == b and i != j for j, b in enumerate(families)] for i, a in enumerate(families)])
            logits = (queries @ targets.T * SCALE).masked_fill(same, -1e4)
            loss = torch.nn.functional.cross_entropy(logits, torch.arange(len(batch)))
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % 10 == 0 or step == steps:
                say(f"コーパスに合わせてモデルを微調整しています… {step}/{steps}")
    for block in top:
        block.eval()
    try:  # swapped in whole, never missing while another process looks (assistant.locking)
        replace_folder(target, lambda temp: model.save(str(temp)))
    except OSError as error:
        raise ModelError(f"微調整したモデルを {target} に保存できません（{error.strerror or error}）。"
                         "ディスクの空きとフォルダーの書き込み権限を確かめてください。") from error
    return time.perf_counter() - started


def validation_mrr(examples_train, examples_valid, names, default) -> float:
    """MRR on the held-out examples, with ranking weights fitted on the others."""
    from retrieval.calibration import _matrix, fit_rank_weights, reciprocal_ranks

    weights = np.array(fit_rank_weights(examples_train, names, default), dtype=float)[:, None]
    ranks = [float(reciprocal_ranks(_matrix(e, names), e.families, e.correct_mask(), weights)[0])
             if len(e.found.positions) and e.correct_mask().any() else 0.0 for e in examples_valid]
    return float(np.mean(ranks)) if ranks else 0.0
