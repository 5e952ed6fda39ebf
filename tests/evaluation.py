"""Precision and recall of each rule on the hand-labelled real messages in tests/eval/."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

from chatlint import lint_text

EVAL_DIR = Path(__file__).parent / "eval"
#: Rules the labels cover; CL401/CL402 count words and are tested by fixtures alone.
LABELLED_CODES = (
    "CL101",
    "CL102",
    "CL201",
    "CL301",
    "CL302",
    "CL404",
    "CL501",
    "CL502",
    "CL503",
    "CL601",
)


PREVIEW = {"preview": True}


@dataclass(frozen=True)
class Score:
    code: str
    positives: int
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 1.0


def load_examples() -> List[dict]:
    examples = []
    for path in [EVAL_DIR / "twitter_agent_messages.jsonl"]:  # the others hold ids, not text
        with path.open(encoding="utf-8") as handle:
            examples.extend(json.loads(line) for line in handle if line.strip())
    return examples


def evaluate(examples: List[dict]) -> Dict[str, Score]:
    counts: Dict[str, Counter] = {code: Counter() for code in LABELLED_CODES}
    for example in examples:
        expected = set(example["codes"])
        # Every rule runs, preview ones too: the labels cover them all.
        found = {violation.code for violation in lint_text(example["text"], config=PREVIEW)}
        for code in LABELLED_CODES:
            if code in expected:
                counts[code]["positives"] += 1
                counts[code]["tp" if code in found else "fn"] += 1
            elif code in found:
                counts[code]["fp"] += 1
    return {
        code: Score(code, c["positives"], c["tp"], c["fp"], c["fn"]) for code, c in counts.items()
    }


def table(scores: Dict[str, Score]) -> str:
    lines = [
        "| Rule | Labelled | Found correctly | False alarms | Missed | Precision | Recall |",
        "|---|---|---|---|---|---|---|",
    ]
    for score in scores.values():
        found = score.true_positives + score.false_positives
        # A rule that found nothing, or had nothing to find, has no figure to show.
        precision = f"{score.precision:.2f}" if found else "-"
        recall = f"{score.recall:.2f}" if score.positives else "-"
        lines.append(
            f"| {score.code} | {score.positives} | {score.true_positives} "
            f"| {score.false_positives} | {score.false_negatives} | {precision} | {recall} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    examples = load_examples()
    print(f"{len(examples)} labelled messages")
    print(table(evaluate(examples)), end="")
