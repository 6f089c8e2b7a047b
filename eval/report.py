"""The evaluation report: ``report.md`` (tables), ``report.json`` and ``metrics.png`` (matplotlib)."""

from __future__ import annotations

import json
from pathlib import Path

from eval.evaluate import METRICS


def _table(rows: dict[str, dict[str, float]]) -> str:
    names = list(METRICS)
    out = ["| system | " + " | ".join(names) + " |", "| --- |" + " ---: |" * len(names)]
    for name, scores in rows.items():
        out.append(f"| {name} | " + " | ".join(f"{scores.get(m, float('nan')):.3f}" for m in names) + " |")
    return "\n".join(out)


ANSWER_METRICS = ("answer_hit", "lead_hit", "filler_rate", "declined", "wrongly_declined")


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def _answer_table(answers: dict) -> str:
    out = ["| language | " + " | ".join(ANSWER_METRICS) + " | answerable | unanswerable |",
           "| --- |" + " ---: |" * (len(ANSWER_METRICS) + 2)]
    for lang, label in (("en", "English"), ("zh", "Chinese"), ("all", "all")):
        m = answers[lang]
        out.append(f"| {label} | " + " | ".join(_fmt(m[k]) for k in ANSWER_METRICS)
                   + f" | {m['n']} | {m['n_unanswerable']} |")
    return "\n".join(out)


def _answer_row(name: str, answers: dict) -> str:
    return f"| {name} | " + " | ".join(f"{_fmt(answers['en'][k])} / {_fmt(answers['zh'][k])}" for k in ANSWER_METRICS) + " |"


def markdown(report: dict) -> str:
    lines = [f"# Evaluation: {report['suite']}", "",
             f"{report['n']} answerable cases, {report['n_unanswerable']} unanswerable; k = {report['k']}; "
             f"embedder {report.get('embedder', '?')}; {report['seconds']} s.", "",
             "## Overall", "", _table({"product": report["metrics"], **report["baselines"]}), ""]
    for lang in ("en", "zh"):
        rows = {"product": report["by_language"][lang]}
        rows.update({n: v[lang] for n, v in report["baselines_by_language"].items()})
        lines += [f"## {'English' if lang == 'en' else 'Chinese'} questions", "", _table(rows), ""]
    sig = report["significance"]
    lines += ["## Significance (product against each baseline)", "", f"Test: {sig['test']}.", "",
              "| baseline | " + " | ".join(METRICS) + " |", "| --- |" + " ---: |" * len(METRICS)]
    for name, metrics in sig.items():
        if name == "test":
            continue
        cells = [f"{v['p_value']:.2g}{' *' if v['significant'] else ''}" for v in metrics.values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "p-values; * marks p < 0.05.", ""]
    if report.get("answers"):
        lines += ["## Answers (what the user reads)", "",
                  "Measured on the answer text itself (docs/evaluation.md): the quoted sentences, mapped to the "
                  "original through their corpus ids.", "", _answer_table(report["answers"]), ""]
        rule = report.get("filler_rule")
        if rule:
            lines += [f"Filler rule against the hand labels ({rule['sentences']} sentences, {rule['filler']} filler): "
                      f"precision {rule['precision']}, recall {rule['recall']}.", ""]
        misses = report.get("answer_misses", {})
        if misses.get("lead_missed"):
            lines += [f"Answerable cases whose first quoted sentence misses: {', '.join(misses['lead_missed'])}.", ""]
    a = report["abstention"]
    lines += ["## Abstention", "",
              f"Unanswerable questions declined: {a['declined']} of {a['unanswerable']} "
              f"({(a['declined_share'] or 0):.0%}). Answerable questions wrongly declined: "
              f"{a['answerable_declined']} of {report['n']}.", ""]
    if a["answered_anyway"]:
        lines += [f"Answered anyway: {', '.join(a['answered_anyway'])}.", ""]
    if report.get("ablations"):
        lines += ["## Ablations (all cases / English / Chinese)", "",
                  "| variant | MRR@10 | MRR@10 en | MRR@10 zh | hit@5 | hit@5 en | hit@5 zh | declined | wrongly declined |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name, v in report["ablations"].items():
            a = v.get("abstention")
            declined = f"{a['declined']}/{a['unanswerable']} | {a['answerable_declined']}/{report['n']}" if a else "– | –"
            lines.append(f"| {name} | {v['all']['mrr@10']:.3f} | {v['en']['mrr@10']:.3f} | {v['zh']['mrr@10']:.3f} "
                         f"| {v['all']['hit@5']:.3f} | {v['en']['hit@5']:.3f} | {v['zh']['hit@5']:.3f} | {declined} |")
        lines.append("")
        answering = {n: v["answers"] for n, v in report["ablations"].items() if v.get("answers")}
        if answering:
            lines += ["## Ablations of the answer (English / Chinese)", "",
                      "| variant | answer_hit | lead_hit | filler_rate | declined | wrongly declined |",
                      "| --- | ---: | ---: | ---: | ---: | ---: |",
                      _answer_row("product", report["answers"])]
            lines += [_answer_row(n, v) for n, v in answering.items()] + [""]
    lines += [f"Cases with no relevant passage in the top 5: {', '.join(report['misses']) or 'none'}.", ""]
    return "\n".join(lines)


def chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = ["product", *report["baselines"]]
    metrics = ["hit@1", "hit@5", "mrr@10", "ndcg@10"]
    fig, all_axes = plt.subplots(1, 3, figsize=(17, 4.8), sharey=True,
                                 gridspec_kw={"width_ratios": [1, 1, 0.9]})
    axes = all_axes[:2]
    width = 0.8 / len(systems)
    for ax, lang in zip(axes, ("en", "zh")):
        for i, name in enumerate(systems):
            scores = report["by_language"][lang] if name == "product" else report["baselines_by_language"][name][lang]
            xs = [m + i * width for m in range(len(metrics))]
            bars = ax.bar(xs, [scores[m] for m in metrics], width, label=name)
            ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
        ax.set_xticks([m + width * (len(systems) - 1) / 2 for m in range(len(metrics))], metrics)
        ax.set_title("English questions" if lang == "en" else "Chinese questions")
        ax.set_ylim(0, 1.08)
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_ylabel("score")
    ax = all_axes[2]
    answers = report.get("answers")
    if answers:
        names = list(ANSWER_METRICS)
        for i, (lang, label) in enumerate((("en", "English"), ("zh", "Chinese"))):
            xs = [m + i * 0.38 for m in range(len(names))]
            bars = ax.bar(xs, [answers[lang][m] or 0.0 for m in names], 0.38, label=f"{label} questions",
                          color=("#1f77b4", "#ff7f0e")[i])
            ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
        ax.set_xticks([m + 0.19 for m in range(len(names))], [n.replace("_", "\n") for n in names], fontsize=8)
        ax.set_title("Answers: what the user reads (product)")
        ax.legend(fontsize=8, loc="upper right", frameon=False)
        ax.grid(axis="y", alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(systems), fontsize=9, frameon=False)
    fig.suptitle(f"{report['suite']}: product against baselines ({report['n']} answerable cases)")
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(path, dpi=120)
    plt.close(fig)


def write_report(report: dict, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "report.md").write_text(markdown(report), encoding="utf-8")
    (directory / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    chart(report, directory / "metrics.png")


def print_report(report: dict) -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(markdown(report)))
