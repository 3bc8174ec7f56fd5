"""Keyword tokens for BM25: jieba words for Chinese, lower-cased words for English."""

from __future__ import annotations

import logging
import re
import threading

_LOCK = threading.Lock()
_READY = False

# Domain terms jieba should keep whole, so BM25 matches them exactly.
DOMAIN_TERMS = (
    "对赌",
    "黄牛",
    "看板",
    "品牌专场资源包",
    "资源包",
    "匹配度",
    "投入产出比",
    "舆情",
    "舆情指数",
    "异业合作",
    "私域",
    "阶梯分成",
    "阶梯式激励",
    "佣金",
    "佣金率",
    "抽成",
    "雷达图",
    "资源图谱",
    "利用率",
    "核销率",
    "设备指纹",
    "渠道专属码",
    "单点依赖",
    "备选合作方",
    "应急预案",
    "价值交换漏斗",
    "共生网络",
    "联名卡",
    "超级门店",
    "流量置换",
    "资源杠杆",
    "生态共建",
    "信息流广告",
    "KOC矩阵",
    "复购率",
    "客单价",
    "转化率",
)
_STOP_WORDS = (
    "的 了 是 吗 呢 吧 啊 和 与 及 或 在 有 我 我们 你 你们 他们 它 这 那 这个 那个 就 也 都 还 要 会 能 怎么 怎样 什么 如何 "
    "a an the is are was were be been to of in on for and or with at by from as it its this that these "
    "those we our you your they their i me my do does did how what which who can should would could"
)
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*|[\u4e00-\u9fff]+")


def _init() -> None:
    global _READY
    if _READY:
        return
    with _LOCK:
        if _READY:
            return
        import jieba

        jieba.setLogLevel(logging.WARNING)
        for term in DOMAIN_TERMS:
            jieba.add_word(term, freq=20000)
        jieba.initialize()
        _READY = True


def tokenize(text: str) -> list[str]:
    """Search tokens of a mixed Chinese/English text (stop words and punctuation dropped)."""
    _init()
    import jieba

    out: list[str] = []
    for piece in _WORD.findall(text.lower()):
        if piece[0] >= "\u4e00":
            out.extend(w for w in jieba.cut_for_search(piece) if w not in _STOP)
        elif piece not in _STOP:
            out.append(piece)
    return out
