"""The learned number-role reader: trained from the repo's labelled set, current, and held to floors on the
train families and on the families it never saw (regression gates at the figures it reaches today)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.understanding import labelled, number_roles
from assistant.understanding.slots import extract_slots, rule_slots

# Floors at the reader's figures (train 0.924, unseen 0.717; issue #14 asks 0.95 on unseen: not reached yet).
TRAIN_FLOOR, UNSEEN_FLOOR = 0.92, 0.70


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return labelled.load()


def test_the_shipped_model_was_trained_on_the_shipped_labels() -> None:
    data = np.load(number_roles.MODEL_PATH, allow_pickle=False)
    assert str(data["trained_on"]) == number_roles.training_fingerprint(), (
        "retrain: python scripts/train_number_roles.py"
    )


@pytest.mark.parametrize(("split", "floor"), [("train", TRAIN_FLOOR), ("unseen", UNSEEN_FLOOR)])
def test_slot_f1_floors(rows: list[dict], split: str, floor: float) -> None:
    part = [r for r in rows if r["split"] == split]
    learned = labelled.evaluate(extract_slots, part).micro(labelled.SLOT_FIELDS)
    rules = labelled.evaluate(rule_slots, part).micro(labelled.SLOT_FIELDS)
    assert learned.f1 >= floor, f"{split}: slot F1 {learned.f1:.3f} < {floor}"
    assert learned.f1 >= rules.f1 and learned.precision >= rules.precision - 0.005


def test_a_number_the_rules_leave_unread_is_filled_within_the_same_tool() -> None:
    text = "we promised ROI 3 but only hit 2 on 100k spend, how much do we owe them"
    assert "actual_roi" not in rule_slots(text)
    assert extract_slots(text)["actual_roi"] == 2


def test_the_reader_never_fills_a_tool_the_question_gives_no_number_for() -> None:
    text = "Can redemption really go from 3% to 20%?"
    assert extract_slots(text) == rule_slots(text) == {}


def test_without_a_model_the_rules_read_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(number_roles, "load_model", lambda: None)
    text = "we promised ROI 3 but only hit 2 on 100k spend, how much do we owe them"
    assert extract_slots(text) == rule_slots(text)


def test_a_filled_actual_roi_turns_the_rules_single_roi_into_the_promise() -> None:
    text = "我们保证了ROI 4，最后跑出3.2，投了150万，怎么补"
    assert extract_slots(text) == {"promised_roi": 4.0, "actual_roi": 3.2, "spend": 1_500_000.0}


def test_a_share_of_buyers_is_not_taken_for_the_industry_average() -> None:
    # a wrong fill would be a silently wrong verdict; the number is named back instead
    text = "The partner asks 20% commission; 35% of our buyers are repeat customers. Counter?"
    assert extract_slots(text) == {"demanded_pct": 20.0}


def test_numbers_read_into_another_tools_field_move_to_the_routed_intents_tools() -> None:
    from assistant.understanding.conversation import read_for_intent

    q = "We committed to a 3x return, ended up at 2.3x on 300k."
    first = extract_slots(q)
    assert "promised_roi" not in first and "actual_roi" not in first
    read = read_for_intent(q, first, "trust_crisis")
    assert (read["promised_roi"], read["actual_roi"], read["spend"]) == (3, 2.3, 300000)
    assert "monthly_roi" not in read  # moved, not copied: each number fills one field


def test_reading_for_an_intent_keeps_what_already_fits_it_and_leaves_toolless_intents_alone() -> None:
    from assistant.understanding.conversation import read_for_intent

    q = "他们张口要40个点，同行一般15个点，我们毛利才50%"
    assert read_for_intent(q, extract_slots(q), "unreasonable_demand") == extract_slots(q)
    q = "who decided sixty percent is the cut-off? feels arbitrary"
    assert read_for_intent(q, extract_slots(q), "methodology") == extract_slots(q)
