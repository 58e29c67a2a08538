"""Season charts with matplotlib (Agg, no pyplot state): PNG and SVG files, and the numbers behind them.

Every function writes ``<out>.png`` and ``<out>.svg`` (``formats``) and returns a :class:`ChartResult` whose
``data`` holds exactly what was plotted, so tests and reports can check the numbers, not the pixels.

* :func:`score_progression` — each couple's judges' total week by week.
* :func:`judge_harshness` — each named judge's score distribution and mean deviation from the panel mean of
  the same dance (negative = harsher than the panel); needs named judges (howisonlab, Strictly).
* :func:`running_order_effect` — mean per-judge score by running-order position, as a deviation from the mean
  of the same night (removes the week-to-week rise in scores); needs running orders (Strictly).
* :func:`method_comparison` — per season, the share of eliminations the rank and percentage methods decide
  differently (:mod:`floorcraft.analysis.compare`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from floorcraft.analysis.records import SeasonRecord

FORMATS = ("png", "svg")


@dataclass(frozen=True)
class ChartResult:
    files: tuple[Path, ...]
    data: dict = field(default_factory=dict)


def _figure(width: float = 9, height: float = 5, layout: str | None = None):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout=layout)


def _save(fig, out: Path, formats: tuple[str, ...]) -> tuple[Path, ...]:
    out.parent.mkdir(parents=True, exist_ok=True)
    files = []
    for fmt in formats:
        path = out.with_suffix(f".{fmt}")
        fig.savefig(path, format=fmt, dpi=110, metadata={"Date": None} if fmt == "svg" else None)
        files.append(path)
    return tuple(files)


def score_progression(season: SeasonRecord, out: Path, *, formats=FORMATS) -> ChartResult:
    """Each couple's judges' total per week (``data``: couple → [(week, total)])."""
    data: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for week, totals in season.totals_by_week().items():
        for couple, total in sorted(totals.items()):
            data[couple].append((week, float(total)))
    fig = _figure(11, 5.5)
    ax = fig.add_subplot()
    for couple, points in sorted(data.items()):
        ax.plot([w for w, _ in points], [t for _, t in points], marker="o", label=couple)
    ax.set_xlabel("week")
    ax.set_ylabel("judges' total")
    ax.set_title(f"{season.label}: judges' totals by week")
    ax.legend(fontsize="x-small", loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.subplots_adjust(right=0.74)
    return ChartResult(_save(fig, out, formats), dict(data))


def harshness_data(seasons: list[SeasonRecord], *, min_scores: int = 20) -> dict[str, dict]:
    """Per judge with at least ``min_scores`` scores: count, mean, deviation from the panel, histogram."""
    scores: dict[str, list[Fraction]] = defaultdict(list)
    deviations: dict[str, list[Fraction]] = defaultdict(list)
    for season in seasons:
        for p in season.performances:
            if len(p.scores) < 2:
                continue
            panel = p.total / len(p.scores)
            for judge, value in p.scores:
                scores[judge].append(value)
                deviations[judge].append(value - panel)
    data = {}
    for judge, values in scores.items():
        if len(values) < min_scores:
            continue
        histogram: dict[float, int] = defaultdict(int)
        for v in values:
            histogram[float(v)] += 1
        data[judge] = {
            "n": len(values),
            "mean": float(sum(values) / len(values)),
            "vs_panel": float(sum(deviations[judge]) / len(values)),
            "distribution": dict(sorted(histogram.items())),
        }
    return data


def judge_harshness(seasons: list[SeasonRecord], out: Path, *, min_scores: int = 20, formats=FORMATS):
    """Score distribution and harshness per named judge (see :func:`harshness_data`)."""
    data = harshness_data(seasons, min_scores=min_scores)
    judges = sorted(data, key=lambda j: data[j]["vs_panel"])
    fig = _figure(11, 5, layout="constrained")
    left, right = fig.subplots(1, 2)
    left.barh(judges, [data[j]["vs_panel"] for j in judges], color="tab:red")
    left.axvline(0, color="black", linewidth=0.8)
    left.set_xlabel("mean score minus panel mean (negative = harsher)")
    left.set_title("Harshness relative to the panel")
    for judge in judges:
        dist = data[judge]["distribution"]
        right.plot(list(dist), [c / data[judge]["n"] for c in dist.values()], marker=".", label=judge)
    right.set_xlabel("score")
    right.set_ylabel("share of the judge's scores")
    right.set_title("Score distribution")
    right.legend(fontsize="x-small")
    return ChartResult(_save(fig, out, formats), data)


def running_order_data(seasons: list[SeasonRecord]) -> dict[int, dict]:
    """Running-order position → number of dances and mean deviation of the per-judge score from the night."""
    nights: dict[tuple[int, int], list] = defaultdict(list)
    for season in seasons:
        for p in season.performances:
            if p.running_order is not None and p.scores:
                nights[(season.number, p.week)].append((p.running_order, p.total / len(p.scores)))
    by_position: dict[int, list[Fraction]] = defaultdict(list)
    for dances in nights.values():
        mean = sum(score for _, score in dances) / len(dances)
        for position, score in dances:
            by_position[position].append(score - mean)
    return {
        pos: {"n": len(values), "vs_night": float(sum(values) / len(values))}
        for pos, values in sorted(by_position.items())
    }


def running_order_effect(seasons: list[SeasonRecord], out: Path, *, formats=FORMATS) -> ChartResult:
    """Mean per-judge score by running-order position (see :func:`running_order_data`)."""
    data = running_order_data(seasons)
    fig = _figure()
    ax = fig.add_subplot()
    ax.bar(list(data), [d["vs_night"] for d in data.values()], color="tab:blue")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xlabel("running-order position")
    ax.set_ylabel("per-judge score minus the night's mean")
    ax.set_title("Running-order effect")
    return ChartResult(_save(fig, out, formats), data)


def method_comparison(comparison, out: Path, *, formats=FORMATS) -> ChartResult:
    """Per season, the share of eliminations decided differently by the rank and percentage methods."""
    data = {
        "seasons": {
            s.season: {"weeks": s.weeks, "different": s.different, "rate": s.rate} for s in comparison.seasons
        },
        "overall": {"weeks": comparison.weeks, "different": comparison.different, "rate": comparison.rate},
        "vote_model": comparison.vote_model,
    }
    fig = _figure()
    ax = fig.add_subplot()
    seasons = list(data["seasons"])
    ax.bar(seasons, [data["seasons"][s]["rate"] for s in seasons], color="tab:purple")
    ax.axhline(comparison.rate, color="black", linestyle="--", linewidth=0.8, label="overall")
    ax.set_xlabel("season")
    ax.set_ylabel("share of eliminations that differ")
    ax.set_title(f"Rank vs percentage method ({comparison.vote_model} votes)")
    ax.legend()
    return ChartResult(_save(fig, out, formats), data)
