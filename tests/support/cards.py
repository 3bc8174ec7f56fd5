"""Small playbook cards in the project's format: `write_card`, and the `fixture_knowledge` folder built from it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest


def write_card(
    folder: Path,
    card_id: str,
    order: int,
    title: dict[str, str],
    body: dict[str, str],
    intents: tuple[str, ...] = ("methodology",),
    questions: dict[str, list[str]] | None = None,
) -> Path:
    """Write a small playbook card in the project's format (only the languages given)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "---",
        f"id: {card_id}",
        "chapter: 1",
        f"order: {order}",
        "title:",
        *[f'  {lang}: "{text}"' for lang, text in title.items()],
        f"intents: [{', '.join(intents)}]",
        "questions:",
        *[f"  {lang}: {qs!r}" for lang, qs in (questions or {}).items()],
        "---",
    ]
    if not questions:
        lines.remove("questions:")
    for lang, text in body.items():
        lines += [f"<!-- lang:{lang} -->", textwrap.dedent(text).strip()]
    path = folder / f"{order:02d}-{card_id}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


FIXTURE_CARDS = [
    (
        "commission-counter",
        {"zh": "佣金要价过高时的还价", "en": "Countering a high commission demand"},
        {
            "zh": "合作方要求的佣金远高于行业平均时，用行业平均佣金率作为基础，再设计阶梯分成，用数据说明。",
            "en": "When a partner demands a commission far above the industry average, anchor on the average "
            "rate, add a tiered share and back it with data.",
        },
    ),
    (
        "partner-exit",
        {"zh": "核心合作方突然解约", "en": "A key partner suddenly quits"},
        {
            "zh": "核心合作方突然终止合作时，30分钟内调出备选合作方清单，用信息流广告承接流量，对用户说服务升级。",
            "en": "When a key partner walks away, pull the backup partner list within 30 minutes, bridge traffic "
            "with feed ads and tell users it is a service upgrade.",
        },
    ),
    (
        "coupon-abuse",
        {"zh": "优惠券防刷", "en": "Stopping coupon abuse"},
        {
            "zh": "优惠券被黄牛党大量领取时，用设备指纹和行为轨迹识别异常流量，给每个渠道发专属码并追踪核销率。",
            "en": "When scalpers grab coupons, detect abnormal traffic from device fingerprints and behaviour, "
            "give every partner its own code and track redemption.",
        },
    ),
    (
        "trust-dashboard",
        {"zh": "用看板化解信任危机", "en": "A dashboard to rebuild trust"},
        {
            "zh": "合作方怀疑流量扶持是假的，就做一个资源价值看板，把扶持拆成UV、转化率、客单价等维度给对方看。",
            "en": "If a partner doubts that our traffic support is real, build a value dashboard that breaks it "
            "into UV, conversion rate and order value.",
        },
    ),
]
ENGLISH_ONLY = (
    "membership-alliance",
    {"en": "Joint membership with a bank"},
    {
        "en": "A supermarket chain and a bank issued a co-branded membership card; both sides shared members "
        "and each side's repeat purchase rate went up."
    },
)


@pytest.fixture
def fixture_knowledge(tmp_path: Path) -> Path:
    """A small knowledge folder: four bilingual cards and one English-only card, no deals."""
    root = tmp_path / "knowledge"
    for order, (cid, title, body) in enumerate(FIXTURE_CARDS, 1):
        write_card(root / "playbook", cid, order, title, body)
    cid, title, body = ENGLISH_ONLY
    write_card(root / "playbook", cid, 9, title, body)
    (root / "deals").mkdir(parents=True)
    return root
