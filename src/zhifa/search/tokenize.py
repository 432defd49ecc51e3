"""Chinese tokenization for search: jieba-rs (rjieba) with a user dictionary of legal terms.

Index text is cut in precise mode and every long word also yields its dictionary sub-words, so that
违法所得 finds 没收违法所得 while a query 没收违法所得 stays one whole term. Loaded lazily, once.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Any

_LOCK = threading.Lock()
_JIEBA: Any = None
_WORD = re.compile(r"[\w]", re.UNICODE)
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "或",
        "或者",
        "及",
        "以及",
        "是",
        "在",
        "对",
        "由",
        "为",
        "将",
        "其",
        "该",
        "等",
        "有",
        "应当",
        "可以",
        "并",
        "并且",
        "之",
        "中",
        "上",
        "下",
        "按照",
        "依照",
        "根据",
        "规定",
        "本法",
        "本条例",
        "本规定",
        "本办法",
        "怎么",
        "如何",
        "什么",
        "哪些",
        "吗",
        "呢",
    ]
)


def legal_terms() -> list[str]:
    """The legal terms kept whole by the tokenizer (search/data/legal_terms.txt)."""
    text = resources.files("zhifa.search").joinpath("data/legal_terms.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _jieba() -> Any:
    global _JIEBA
    if _JIEBA is None:
        with _LOCK:
            if _JIEBA is None:
                import rjieba

                engine = rjieba.Jieba()
                for term in legal_terms():
                    engine.add_word(term, max(engine.suggest_freq(term), 50_000), None)
                _JIEBA = engine
    return _JIEBA


def add_terms(terms: list[str]) -> None:
    """Add more whole terms (e.g. law short names) to the dictionary; clears the caches."""
    engine = _jieba()
    for term in terms:
        if len(term) > 1 and not engine.has_word(term):
            engine.add_word(term, max(engine.suggest_freq(term), 1000), None)
    _subwords.cache_clear()


def cut(text: str) -> list[str]:
    """Precise segmentation (no HMM: deterministic, the same for index and query), words only."""
    return [w.lower() for w in _jieba().cut(text, False) if _WORD.search(w)]


@lru_cache(maxsize=200_000)
def _subwords(word: str) -> tuple[str, ...]:
    engine = _jieba()
    n = len(word)
    out = [
        word[i : i + k] for k in range(2, n) for i in range(0, n - k + 1) if engine.has_word(word[i : i + k])
    ]
    return tuple(out)


def index_tokens(text: str) -> list[str]:
    """Tokens stored in the index: each word, then the dictionary sub-words of words of 3+ characters."""
    out: list[str] = []
    for word in cut(text):
        if word in STOPWORDS:
            continue
        out.append(word)
        if len(word) > 2:
            out.extend(_subwords(word))
    return out


def query_terms(query: str) -> list[str]:
    """Distinct query terms in order; stopwords dropped, single characters only when nothing else."""
    from zhifa.search.port import MAX_QUERY_CHARS

    words = [w for w in cut(query[:MAX_QUERY_CHARS]) if w not in STOPWORDS]
    longer = [w for w in words if len(w) > 1 or w.isdigit()]
    chosen = longer or words
    return list(dict.fromkeys(chosen))


def is_word(text: str) -> bool:
    """True when the dictionary knows the text as a word (应当, 销售), false for most personal names."""
    return bool(_jieba().has_word(text))


def warm_up() -> None:
    """Load the dictionary now (about 0.1 s) instead of on the first query."""
    _jieba()
