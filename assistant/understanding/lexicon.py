"""Lexical evidence for routing: the intents' weighted cue words (assistant.intents), out-of-scope hints, language."""

from __future__ import annotations

import math
import re

from assistant.intents import INTENT_NAMES, INTENTS

__all__ = [
    "INTENT_NAMES",
    "detect_language",
    "is_instruction_to_assistant",
    "is_out_of_scope_hint",
    "lexical_signals",
]


_DOMAIN = (
    r"合作|伙伴|渠道|资源|佣金|分成|品牌|流量|GMV|ROI|KOL|MCN|达人|主播|运营|商家|投放|转化|"
    r"partner|channel|commission|brand|traffic|\bROI\b|\bGMV\b|influencer|agency|deal|campaign|coupon|leads?\b"
)
_OOS = (
    r"笑话|段子|天气|(?:明天|今天|后天|周末).{0,6}(?:多少度|几度|下雨|下雪|冷不冷|热不热)|单反|相机|推荐(?:一|几)(?:款|部|本|首)|气温|下雨|菜谱|食谱|怎么做(?:饭|菜)|做饭|红烧|诗|词一首|写代码|代码|编程|"
    r"python|javascript|java\b|sql|正则|bug|翻译成|翻译一下|电影|电视剧|歌曲|唱歌|股票|基金|彩票|星座|运势|"
    r"足球|篮球|NBA|世界杯|游戏攻略|旅游|景点|酒店|机票|减肥|健身|数学题|作业|首都|总统|"
    r"\bjokes?\b|\bfunny\b|weather|forecast for|rain(?:ing)?\b|recipes?|\bcook(?:ing)?\b|\bbake\b|poem|haiku|"
    r"\bcode\b|\bscript\b|function in|\bdebug|translate|\bmovies?\b|\bsongs?\b|\blyrics\b|stock tips?|lottery|"
    r"horoscope|zodiac|\bfootball\b|\bsoccer\b|\bnba\b|video games?|vacation|\bhotel\b|flights?\b|diet\b|"
    r"workout|homework|capital of|president of|who won|\bdate me\b|your favou?rite"
)


def _compile(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


_COMPILED = {i.name: [(_compile(p), w) for p, w in i.cues] for i in INTENTS.values() if i.cues}
_DOMAIN_RX = _compile(_DOMAIN)
_OOS_RX = _compile(_OOS)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _raw_scores(text: str) -> dict[str, float]:
    return {intent: sum(w for rx, w in cues if rx.search(text)) for intent, cues in _COMPILED.items()}


# Instructions aimed at the assistant itself (its rules, prompt, mode), whatever other words they carry.
_TO_ASSISTANT = re.compile(
    r"(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|your\s+|my\s+|previous\s+|prior\s+"
    r"|above\s+|earlier\s+)*(?:rules|instructions|prompts?|guidelines|restrictions|polic(?:y|ies)|settings)"
    r"|(?:system|hidden|initial|original)\s+prompt|developer\s+mode|dev\s+mode|god\s+mode|jail\s?break|\bDAN\b"
    r"|you\s+are\s+now\s+(?:a|an|in|my)\b|act\s+as\s+(?:an?\s+)?(?:unrestricted|uncensored)|pretend\s+(?:you|to\s+be)"
    r"|reveal\s+your|print\s+your\s+(?:instructions|rules|prompt|configuration)|^\s*(?:SYSTEM|ASSISTANT)\s*:"
    r"|忽略(?:之前|以上|上面|前面|你的|所有|全部)?(?:的)?(?:所有)?(?:规则|指令|设定|要求|提示)|无视(?:你的)?(?:规则|指令|设定)"
    r"|系统提示词?|系统指令|开发者模式|越狱|你现在是(?!.{0,6}(?:合作|品牌|运营))|假装你是|扮演(?!.{0,4}(?:合作方|对方))"
    r"|输出你的(?:提示词|指令|设定|规则)",
    re.IGNORECASE | re.MULTILINE,
)


def is_instruction_to_assistant(text: str) -> bool:
    """True for attempts to change or read the assistant's own rules ("ignore your rules", "print your system
    prompt", "developer mode"): declined as out of scope even when they carry partnership words."""
    return bool(text) and bool(_TO_ASSISTANT.search(text))


def is_out_of_scope_hint(text: str) -> bool:
    """True for clearly unrelated requests (jokes, weather, code, recipes...) with no partnership vocabulary."""
    if not text or not text.strip():
        return False
    if not _OOS_RX.search(text):
        return False
    return not _DOMAIN_RX.search(text) and max(_raw_scores(text).values()) < 1.2


def lexical_signals(text: str) -> dict[str, float]:
    """Keyword evidence per intent, each in [0, 1) (1 - exp(-sum of matched cue weights)); all intents listed."""
    text = text or ""
    raw = _raw_scores(text)
    out = {intent: round(1.0 - math.exp(-raw.get(intent, 0.0)), 4) for intent in INTENT_NAMES}
    out["out_of_scope"] = 0.9 if is_out_of_scope_hint(text) else 0.0
    return out


def detect_language(text: str) -> str:
    """'zh' when the text has real Chinese content (CJK characters outweigh English words), else 'en'."""
    text = text or ""
    cjk = len(_CJK.findall(text))
    if cjk == 0:
        return "en"
    words = len(_LATIN_WORD.findall(text))
    return "zh" if cjk >= 2 and cjk >= 0.8 * words else "en"
