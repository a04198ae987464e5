"""Formatting an `Evaluation` (`evaluation.scoring`) as a text table or JSON: no decisions here."""

from __future__ import annotations

import json

from claimcheck.evaluation.gold import FROZEN_SPLITS
from claimcheck.evaluation.scoring import Counts, Evaluation


def _number(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.2f}"


def _row(counts: Counts) -> str:
    return f"{_number(counts.precision):>5} {_number(counts.recall):>5} {_number(counts.f1):>5}"


def worst_categories(evaluation: Evaluation, count: int = 3) -> list[str]:
    """Categories with gold or predicted units, lowest sentence-level F1 first."""
    scored = [
        (name, counts.f1 if counts.f1 is not None else 0.0)
        for name, counts in evaluation.sentence.items()
        if name != "overall" and counts.tp + counts.fp + counts.fn
    ]
    return [name for name, _ in sorted(scored, key=lambda item: (item[1], item[0]))[:count]]


def format_evaluation_text(evaluation: Evaluation, *, examples: int = 10, show_heldout_errors: bool = False) -> str:
    out: list[str] = []
    out.append(f"claimcheck eval: split {evaluation.split}, {evaluation.documents} documents")
    out.append("")
    out.append("Headline figures (sentence level)        P     R    F1   tp  fp  fn")
    for name, counts in evaluation.headlines.items():
        out.append(f"  {name:<36} {_row(counts)} {counts.tp:>4} {counts.fp:>3} {counts.fn:>3}")
    for name, definition in evaluation.definitions.items():
        out.append(f"  * {name}: {definition}.")
    out.append("")
    out.append("Per category      | sentence level            | span level")
    out.append("category          |  gold     P     R    F1   | findings     P     R    F1")
    for name, counts in evaluation.sentence.items():
        span = evaluation.span[name]
        gold = counts.tp + counts.fn
        if not gold and not counts.fp and not span.fp:
            continue
        out.append(f"{name:<17} | {gold:>5} {_row(counts)}   | {span.tp + span.fp:>8} {_row(span)}")
    out.append("")
    out.append("Document labels   |  gold     P     R    F1")
    for name, counts in evaluation.document_level.items():
        out.append(f"{name:<17} | {counts.tp + counts.fn:>5} {_row(counts)}")
    for split, names in evaluation.unscored_labels.items():
        out.append(f"(not scored in {split}: {', '.join(names)}, which its label files never use)")
    out.append("")
    out.append(
        f"Findings on supported: true labels: {evaluation.supported_flagged} of {evaluation.supported_total} labels"
        f" ({_percent(evaluation.supported_flagged, evaluation.supported_total)})"
    )
    out.append(
        f"Findings on neutral (unlabelled) sentences: {evaluation.neutral_flagged} of {evaluation.neutral_total} sentences"
        f" ({_percent(evaluation.neutral_flagged, evaluation.neutral_total)})"
    )
    out.append(
        f"Findings per flagged sentence: {_number(evaluation.findings_per_flagged).strip()} as reported"
        f" ({evaluation.reported_on_flagged} on {evaluation.flagged_units} flagged sentences;"
        f" every finding on its own: {_number(evaluation.all_findings_per_flagged).strip()})"
    )
    if examples > 0:
        for name in worst_categories(evaluation):
            errors = [
                error for error in evaluation.errors.get(name, []) if show_heldout_errors or error.split not in FROZEN_SPLITS
            ]
            hidden = len(evaluation.errors.get(name, [])) - len(errors)
            out.append("")
            out.append(f"Worst category {name} (F1 {_number(evaluation.sentence[name].f1).strip()}):")
            for error in errors[:examples]:
                rules = f" [{', '.join(error.rules)}]" if error.rules else ""
                out.append(f"  {error.kind}: {error.split}/{error.document}:{error.line}: {error.text[:110]}{rules}")
            if len(errors) > examples:
                out.append(f"  ... {len(errors) - examples} more")
            if hidden:
                out.append(f"  ({hidden} heldout errors not shown: do not tune on heldout; --show-heldout-errors lists them)")
    return "\n".join(out) + "\n"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def format_evaluation_json(evaluation: Evaluation, *, show_heldout_errors: bool = False) -> str:
    data = evaluation.to_dict()
    if not show_heldout_errors:
        data["errors"] = {
            name: [error for error in errors if error["split"] not in FROZEN_SPLITS]  # type: ignore[index]
            for name, errors in data["errors"].items()  # type: ignore[union-attr]
        }
    return json.dumps(data, indent=2) + "\n"


def format_comparison_text(evaluations: dict[str, Evaluation]) -> str:
    """Rules only, model only and combined side by side: headlines, categories, false flags."""
    modes = list(evaluations)
    first = evaluations[modes[0]]
    out = [f"claimcheck eval --compare: split {first.split}, {first.documents} documents, sentence level", ""]
    header = "".join(f" | {mode:^17}" for mode in modes)
    out.append(f"{'':<30}{header}")
    out.append(f"{'':<30}" + " |     P     R    F1" * len(modes))
    for name in first.headlines:
        row = "".join(f" | {_row(evaluations[mode].headlines[name])}" for mode in modes)
        out.append(f"{name:<30}{row}")
    out.append("")
    for name, counts in first.sentence.items():
        if not counts.tp + counts.fn and not any(evaluations[mode].sentence[name].fp for mode in modes):
            continue
        row = "".join(f" | {_row(evaluations[mode].sentence[name])}" for mode in modes)
        out.append(f"{name + f' ({counts.tp + counts.fn})':<30}{row}")
    out.append("")
    for label, part, whole in (
        ("flagged: supported: true labels", "supported_flagged", "supported_total"),
        ("flagged: neutral sentences", "neutral_flagged", "neutral_total"),
    ):
        row = "".join(f" | {_percent(getattr(evaluations[mode], part), getattr(evaluations[mode], whole)):>17}" for mode in modes)
        out.append(f"{label:<30}{row}")
    return "\n".join(out) + "\n"
