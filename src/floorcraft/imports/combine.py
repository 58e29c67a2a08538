"""Combine the named-judge howisonlab seasons with the MCM results (the howisonlab README's advice).

howisonlab has the real per-judge scores (named judges, five-judge weeks, multi-dance weeks not averaged) but
no results; the MCM file has the results. A howisonlab couple is known by the name before `` & `` ("Erin",
"Billy Ray", "Bill N.", "D.L.", "The Situation"). It is matched to the one MCM celebrity of the same season
whose name begins with those words, or else contains them (accents, case and quotes ignored; "N." matches a
word beginning with N). A couple matching no one or several is reported (``unmatched_couple``) and keeps no
result, and a season whose scores stop before its results do (S31, scraped mid-season) is not combined
(``missing_week``): nothing is guessed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from floorcraft.analysis.records import CoupleRecord, Location, SeasonRecord
from floorcraft.imports.records import ImportResult, Issue


def _words(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.replace('"', " ").replace(".", ". ").lower().split()


def _same_word(key: str, word: str) -> bool:
    return key == word or (key.endswith(".") and len(key) == 2 and word.startswith(key[0]))


def _at(key: list[str], words: list[str], start: int) -> bool:
    part = words[start : start + len(key)]
    return len(part) == len(key) and all(_same_word(k, w) for k, w in zip(key, part, strict=True))


def _match(key: str, candidates: list[CoupleRecord]) -> CoupleRecord | None:
    wanted = _words(key)
    for test in (
        lambda words: _at(wanted, words, 0),
        lambda words: any(_at(wanted, words, i) for i in range(len(words))),
    ):
        found = [c for c in candidates if test(_words(c.celebrity))]
        if found:
            return found[0] if len(found) == 1 else None
    return None


def with_results(named: SeasonRecord, results: SeasonRecord, issues: list[Issue]) -> SeasonRecord:
    """``named`` with couples renamed to the MCM celebrity names and their results copied over."""
    candidates = list(results.couples.values())
    rename: dict[str, str] = {}
    combined = SeasonRecord(named.show, named.number, "howisonlab+mcm", judges_named=True)
    for key, couple in named.couples.items():
        found = _match(key, candidates)
        if found is None:
            where = couple.location or Location("couples.csv", 1)
            issues.append(
                Issue(
                    "unmatched_couple",
                    f"season {named.number}: {key!r} matches no single MCM celebrity; no result",
                    where,
                    named.number,
                )
            )
            combined.couples[key] = couple
            continue
        rename[key] = found.key
        combined.couples[found.key] = replace(found, professional=found.professional or couple.professional)
    combined.performances = [replace(p, couple=rename.get(p.couple, p.couple)) for p in named.performances]
    combined.has_results = bool(rename)
    return combined


def combine(named: ImportResult, results: ImportResult) -> ImportResult:
    """Every howisonlab season with its MCM results where both cover the same weeks (see the docstring)."""
    out = ImportResult(source="howisonlab+mcm", issues=list(named.issues))
    by_number = {s.number: s for s in results.seasons}
    for season in named.seasons:
        other = by_number.get(season.number)
        if other is not None and other.final_week == season.final_week:
            out.issues = [i for i in out.issues if not (i.kind == "no_results" and i.season == season.number)]
            out.seasons.append(with_results(season, other, out.issues))
            continue
        if other is not None:
            message = (
                f"season {season.number}: scores end in week {season.final_week}, results in week "
                f"{other.final_week}; results not combined"
            )
            out.issues.append(Issue("missing_week", message, Location("performances.csv", 1), season.number))
        out.seasons.append(season)
    return out
