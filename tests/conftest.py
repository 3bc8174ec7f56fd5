"""Test-wide guards: no network beyond loopback, every writable path in a temporary folder."""

from __future__ import annotations

import shutil
import socket
import textwrap
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings, get_settings

LOOPBACK = ("127.", "::1", "localhost")
SAMPLE_DEALS_IN_TESTS = 80
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


class NetworkBlocked(RuntimeError):
    """A test tried to reach a non-loopback address."""


def _check(address: object) -> None:
    host = address[0] if isinstance(address, tuple) and address else None
    if isinstance(host, str) and not host.startswith(LOOPBACK):
        raise NetworkBlocked(f"network access to {address!r} is forbidden in tests")


def _guarded_connect(self: socket.socket, address: object) -> None:
    _check(address)
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _check(address)
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def no_network() -> object:
    """The whole session runs with outbound connections limited to loopback."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", _guarded_connect)
        mp.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
        yield


@pytest.fixture(autouse=True)
def isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data folder (index, history, feedback) at a temporary folder for every test."""
    data = tmp_path / "data"
    monkeypatch.setenv("SUPERNODE_DATA_DIR", str(data))
    for var in ("SUPERNODE_CHROMA_HOST", "SUPERNODE_BACKEND", "SUPERNODE_LLM_MODEL", "SUPERNODE_LLM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    yield data
    get_settings.cache_clear()


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


@pytest.fixture
def fixture_settings(fixture_knowledge: Path, isolated_data: Path) -> Settings:
    return Settings(knowledge_dir=fixture_knowledge, data_dir=isolated_data)


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The project's real knowledge, indexed once per test session with the bundled embedder.

    Every card, every source case and the first SAMPLE_DEALS_IN_TESTS sample deals (embedding all 320 sample
    deals would cost the suite a minute more and they only add more of the same to retrieval)."""
    from assistant.index.ingest import ingest

    root = tmp_path_factory.mktemp("real")
    knowledge = root / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge, ignore=shutil.ignore_patterns("user_deals.csv"))
    sample = knowledge / "deals" / "sample_deals.csv"
    lines = sample.read_text(encoding="utf-8").splitlines()
    sample.write_text("\n".join(lines[: SAMPLE_DEALS_IN_TESTS + 1]) + "\n", encoding="utf-8")
    settings = Settings(knowledge_dir=knowledge, data_dir=root / "data")
    ingest(settings)
    return settings
