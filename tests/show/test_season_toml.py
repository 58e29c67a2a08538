"""The season TOML file: every problem is reported at once, each with its location."""

import pytest

from floorcraft.errors import InvalidInput
from floorcraft.show.season_file import read_toml, season_from_dict

GOOD = """
[season]
id = "s1"
title = "Season 1"
show = "strictly"
preset = "strictly"
settings = { judge_ties = "standard" }

[[couples]]
id = "A"
celebrity = "Ann"
professional = "Pro A"

[[couples]]
id = "B"
celebrity = "Bob"
professional = "Pro B"

[[judges]]
id = "shirley"
name = "Shirley Ballas"
role = "head"

[[judges]]
id = "craig"
name = "Craig Revel Horwood"

[[weeks]]
title = "Launch"
eliminate = 0
performances = [
  { couple = "A", dance = "Tango", song = "Roxanne" },
  { couples = ["A", "B"], dance = "Group" },
]
"""


def write(tmp_path, text):
    path = tmp_path / "season.toml"
    path.write_text(text)
    return path


def test_a_good_file(tmp_path):
    season, rules = season_from_dict(read_toml(write(tmp_path, GOOD)))
    assert season.id == "s1" and rules.judge_ties == "standard"
    assert [c.id for c in season.couples] == ["A", "B"]
    assert season.head_judge.id == "shirley"
    (week,) = season.periods
    assert (week.number, week.eliminate, week.bottom, week.panel) == (1, 0, 0, ("shirley", "craig"))
    assert [(p.id, p.kind.value, p.couples) for p in season.performances] == [
        ("1.1", "couple", ("A",)),
        ("1.2", "team", ("A", "B")),
    ]


@pytest.mark.parametrize(
    ("change", "located"),
    [
        (('preset = "strictly"', 'preset = "stricly"'), "unknown rules preset 'stricly'"),
        (('judge_ties = "standard"', 'judge_ties = "loose"'), "[season].settings.judge_ties: unknown value"),
        (('celebrity = "Bob"', "celebrity = 3"), "couples[2].celebrity: expected a non-empty string"),
        (('id = "B"', 'id = "A"'), "couples[2].id: duplicate id 'A'"),
        (('role = "head"', 'role = "boss"'), "judges[1].role: unknown role 'boss'"),
        (
            ('couple = "A", dance', 'couple = "Z", dance'),
            "weeks[1].performances[1].couples[1]: unknown couple 'Z'",
        ),
        (("eliminate = 0", "eliminate = -1"), "weeks[1].eliminate: expected a whole number ≥ 0"),
        (('title = "Launch"', 'titel = "Launch"'), "weeks[1].titel: unknown key"),
    ],
)
def test_each_problem_names_its_location(tmp_path, change, located):
    with pytest.raises(InvalidInput) as err:
        season_from_dict(read_toml(write(tmp_path, GOOD.replace(*change))), source="season.toml")
    assert located in str(err.value)


def test_all_problems_at_once(tmp_path):
    text = GOOD.replace('celebrity = "Bob"', "celebrity = 3").replace('role = "head"', 'role = "boss"')
    with pytest.raises(InvalidInput) as err:
        season_from_dict(read_toml(write(tmp_path, text)))
    assert len(err.value.problems) == 2


def test_a_syntax_error_names_the_line(tmp_path):
    with pytest.raises(InvalidInput, match=r"season.toml: .*line 3"):
        read_toml(write(tmp_path, "[season]\nid = 's'\ntitle = \n"))
