"""House-style packs: validation errors, merging and overriding, the built-in packs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newslint.config import ConfigError, Settings
from newslint.document import parse
from newslint.rules.analysis.name_packs import builtin_pack_files, ENTITY_KEYS, builtin_paths, load_pack, load_packs
from newslint.rules.entities import NonStandardName

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "entities"


def pack(tmp_path: Path, text: str, name: str = "house.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_pack(path)
    message = str(info.value)
    assert "\n" not in message, "a pack error is one line"
    assert message.startswith(str(path)), "a pack error names the file first"
    return message


def test_valid_pack_loads(tmp_path):
    loaded = load_pack(FIXTURES / "house.toml")
    assert loaded.name == "house"
    kyiv = {e.canonical: e for e in loaded.entities}["Kyiv"]
    assert kyiv.variants == ("Kiev",) and kyiv.note and kyiv.the is False


def test_bad_toml_names_file_and_line(tmp_path):
    path = pack(tmp_path, '[entities."Kyiv"]\nvariants = ["Kiev"]\nnote = \n')
    message = error_of(path)
    assert message.startswith(f"{path}:3:") and "not a valid TOML pack" in message
    assert "not a valid TOML pack" in error_of(pack(tmp_path, '[entities."Kyiv"]\nvariants = ["Kiev"\n', "open.toml"))


def test_unknown_entity_key_names_key_and_line(tmp_path):
    path = pack(tmp_path, '[pack]\nname = "house"\n\n[entities."Kyiv"]\nvariants = ["Kiev"]\nnotes = "x"\n')
    message = error_of(path)
    assert message.startswith(f"{path}:6:")
    assert "'notes'" in message and "did you mean 'note'" in message


def test_unknown_top_level_key(tmp_path):
    message = error_of(pack(tmp_path, 'entity = 1\n'))
    assert "unknown key 'entity'" in message and "did you mean 'entities'" in message


def test_unknown_pack_key(tmp_path):
    message = error_of(pack(tmp_path, '[pack]\nname = "x"\nversion = 2\n'))
    assert ":3:" in message and "'version'" in message


def test_duplicate_variant_in_two_entities(tmp_path):
    path = pack(tmp_path, '[entities."Kyiv"]\nvariants = ["Kiev"]\n\n[entities."Kyiv city"]\nvariants = ["Kiev", "Kyiv City"]\n')
    message = error_of(path)
    assert message.startswith(f"{path}:5:")
    assert "'Kiev'" in message and "'Kyiv'" in message and "'Kyiv city'" in message


def test_canonical_listed_as_another_entity_variant(tmp_path):
    message = error_of(pack(tmp_path, '[entities."Kyiv"]\nvariants = ["Kiev"]\n\n[entities."Kiev"]\nvariants = ["Kiew"]\n'))
    assert "'Kiev'" in message and "one entity only" in message


@pytest.mark.parametrize("body, expected", [
    ('[entities."Kyiv"]\nnote = "x"\n', "missing key 'variants'"),
    ('[entities."Kyiv"]\nvariants = "Kiev"\n', "expected a list of non-empty strings"),
    ('[entities."Kyiv"]\nvariants = ["Kiev", "Kiev"]\n', "listed twice"),
    ('[entities."Kyiv"]\nvariants = ["Kyiv"]\n', "cannot also be one of its variants"),
    ('[entities."Kyiv"]\nvariants = ["Kiev"]\nthe = "yes"\n', "expected true or false"),
    ('[entities."Kyiv"]\nvariants = ["Kiev"]\nnote = 3\n', "expected a string"),
    ('[entities."Kyiv"]\nvariants = ["Kiev"]\ncontext = [1]\n', "expected a list of non-empty strings"),
    ('entities = 3\n', "expected tables"),
])
def test_invalid_values(tmp_path, body, expected):
    assert expected in error_of(pack(tmp_path, body))


@pytest.mark.parametrize("body, line", [
    # an inline table under [entities]
    ('[entities]\n"Oslo" = { variants = ["Kristiania"] }\n"Kyiv" = { variants = ["Kiev"], notes = "x" }\n', 3),
    # dotted keys under [entities], and at the top level
    ('[entities]\nKyiv.variants = ["Kiev"]\nKyiv.notes = "x"\n', 3),
    ('entities.Kyiv.variants = ["Kiev"]\nentities.Kyiv.notes = "x"\n', 2),
    # literal-quoted name, and blanks inside the header
    ("[entities.'Kyiv']\nvariants = ['Kiev']\nnotes = 'x'\n", 3),
    ('[ entities . "Kyiv" ]\nvariants = ["Kiev"]\nnotes = "x"\n', 3),
])
def test_unknown_key_line_in_every_way_of_writing_an_entity(tmp_path, body, line):
    path = pack(tmp_path, body)
    assert error_of(path).startswith(f"{path}:{line}: entities.'Kyiv': unknown key 'notes'")


def test_duplicate_variant_points_at_the_line_of_the_form(tmp_path):
    path = pack(tmp_path, '[entities."Kyiv"]\nvariants = ["Kiev"]\n\n[entities."Kyiv City"]\n'
                          'variants = [\n  "Kyiv town",\n  "Kiev",\n]\n')
    assert error_of(path).startswith(f"{path}:7: entities.'Kyiv City': 'Kiev' is also listed")
    inline = pack(tmp_path, '[entities]\n"Kyiv" = { variants = ["Kiev"] }\n"Kyiv City" = { variants = ["Kiev"] }\n',
                  "inline.toml")
    assert error_of(inline).startswith(f"{inline}:3: ")


def test_unknown_table_and_pack_key_lines(tmp_path):
    path = pack(tmp_path, '[pack]\nname = "x"\n\n[entity."Kyiv"]\nvariants = ["Kiev"]\n')
    assert error_of(path).startswith(f"{path}:4: unknown key 'entity'")
    # a boilerplate pack's top-level "version" is not the [pack] table's
    path = pack(tmp_path, 'version = 1\n\n[pack]\nname = "x"\nversion = 2\n', "both.toml")
    assert error_of(path).startswith(f"{path}:5: pack: unknown key 'version'")


def test_official_forms_must_be_variants(tmp_path):
    path = pack(tmp_path, '[entities."Kyiv"]\nvariants = ["Kiev"]\nofficial = ["City of Kyiv"]\n')
    message = error_of(path)
    assert message.startswith(f"{path}:3:") and "'City of Kyiv' is not one of its variants" in message
    ok = pack(tmp_path, '[entities."Kyiv"]\nvariants = ["Kiev", "City of Kyiv"]\nofficial = ["City of Kyiv"]\n', "ok.toml")
    assert load_pack(ok).entities[0].official == ("City of Kyiv",)


@pytest.mark.parametrize("name", ["house.yaml", "house.yml"])
def test_a_yaml_pack_is_told_to_be_toml(tmp_path, name):
    message = error_of(pack(tmp_path, "entities:\n  Kyiv:\n    variants: [Kiev]\n", name))
    assert "a pack is a TOML file" in message


def test_missing_file(tmp_path):
    assert "pack file not found" in error_of(tmp_path / "nope.toml")


def test_rule_construction_raises_config_error_for_a_broken_pack(tmp_path):
    path = pack(tmp_path, '[entities."Kyiv"]\nvariant = ["Kiev"]\n')
    with pytest.raises(ConfigError, match="house.toml"):
        NonStandardName(settings=Settings(packs=[path]))


def test_unknown_builtin_pack_name():
    with pytest.raises(ConfigError, match="did you mean 'countries'"):
        builtin_paths(("countrys",))


# --- merging: a later pack overrides an earlier one -------------------------------------------

def flagged(rule, text: str) -> list[str]:
    doc = parse("a.txt", "Headline\n\n" + text + "\n")
    return [doc.text[f.start.offset:f.end.offset] for f in rule.check(doc)]


def test_later_pack_switches_an_entity_off(tmp_path):
    off = pack(tmp_path, '[entities."Russia"]\nvariants = []\n', "off.toml")
    text = "The Russian Federation investigation widened."
    assert flagged(NonStandardName(), text) == ["Russian Federation"]
    assert flagged(NonStandardName(settings=Settings(packs=[off])), text) == []


def test_later_pack_reverses_a_preference(tmp_path):
    first = pack(tmp_path, '[entities."Kyiv"]\nvariants = ["Kiev"]\n', "first.toml")
    second = pack(tmp_path, '[entities."Kiev"]\nvariants = ["Kyiv"]\n', "second.toml")
    merged = load_packs([first, second])
    assert set(merged.entities) == {"Kiev"}
    rule = NonStandardName({"builtin-packs": []}, Settings(packs=[first, second]))
    assert flagged(rule, "The mayor of Kyiv spoke in Kiev.") == ["Kyiv"]


def test_later_pack_takes_a_variant_from_an_earlier_entity(tmp_path):
    first = pack(tmp_path, '[entities."Japan"]\nvariants = ["Nippon", "Nihon"]\n', "first.toml")
    second = pack(tmp_path, '[entities."Japanese"]\nvariants = ["Nihon"]\n', "second.toml")
    merged = load_packs([first, second])
    assert merged.entities["Japan"].variants == ("Nippon",)
    assert merged.variants["Nihon"].canonical == "Japanese"


def test_a_variant_taken_by_a_later_pack_leaves_the_official_list_too(tmp_path):
    first = pack(tmp_path, '[entities."US"]\nvariants = ["United States of America", "Joined States"]\n'
                           'official = ["United States of America"]\n', "first.toml")
    second = pack(tmp_path, '[entities."United States"]\nvariants = ["United States of America"]\n', "second.toml")
    merged = load_packs([first, second])
    assert merged.entities["US"].variants == ("Joined States",) and merged.entities["US"].official == ()
    assert merged.entities["United States"].official == ()


def test_context_limits_a_variant_to_sentences_with_a_context_word(tmp_path):
    path = pack(tmp_path, '[entities."Georgia"]\nvariants = ["Sakartvelo"]\ncontext = ["Tbilisi", "Caucasus"]\n')
    rule = NonStandardName({"builtin-packs": []}, Settings(packs=[path]))
    assert flagged(rule, "Sakartvelo is a brand of wine.") == []
    assert flagged(rule, "Sakartvelo said Tbilisi, its capital, would respond.") == ["Sakartvelo"]


# --- the built-in packs -------------------------------------------------------------------------

def test_builtin_packs_are_valid_and_know_the_spinner_forms():
    packs = load_packs(builtin_paths())
    for form, canonical in [("Russian Federation", "Russia"), ("Nippon", "Japan"), ("Irak", "Iraq"),
                            ("Cathay", "China"), ("People's Republic of China", "China"),
                            ("Joined Nations", "United Nations")]:
        assert packs.variants[form].canonical == canonical
    # official names are marked as such; spinner forms are not
    assert "United States of America" in packs.entities["US"].official
    assert "Russian Federation" in packs.entities["Russia"].official
    assert "Joined States" not in packs.entities["US"].official and not packs.entities["Japan"].official
    # forms in everyday newsroom use are never variants
    for form in ("UK", "US", "Britain", "America", "Burma", "Myanmar", "Holland", "Kiev", "Kyiv", "Nato"):
        assert form not in packs.variants
    assert {p.stem for p in builtin_pack_files()} >= {"countries", "organisations"}


def test_explain_settings_lists_active_packs(tmp_path):
    text = NonStandardName.explain_settings(Settings(packs=[FIXTURES / "house.toml"]))
    assert "`countries` (built-in" in text and "`organisations` (built-in" in text
    assert "`house`" in text and "house.toml" in text
    assert text.index("`countries`") < text.index("`house`")
    broken = pack(tmp_path, "x = 1\n")
    assert "Error:" in NonStandardName.explain_settings(Settings(packs=[broken]))


def test_a_folder_in_the_packs_list_stands_for_its_packs(tmp_path):
    from newslint.rules.analysis.name_packs import active_pack_paths

    folder = tmp_path / "style"
    folder.mkdir()
    (folder / "b.toml").write_text('[entities."Kyiv"]\nvariants = ["Kiev"]\n', encoding="utf-8")
    (folder / "a.toml").write_text('[[pattern]]\nid = "x"\nregex = "^x$"\n\ndisable = ["click-here"]\n', encoding="utf-8")
    (folder / "notes.txt").write_text("not a pack", encoding="utf-8")

    class Settings:
        packs = [folder]

    paths = active_pack_paths(Settings(), builtin=())
    assert paths == [folder / "a.toml", folder / "b.toml"]
    from newslint.rules.analysis.name_packs import load_packs

    packs = load_packs(paths)  # the boilerplate-only file is accepted and contributes no names
    assert packs.entity_of("Kiev")[0].canonical == "Kyiv"


def test_the_pack_format_page_documents_every_key_and_its_examples_load(tmp_path):
    page = (Path(__file__).resolve().parent.parent / "docs" / "packs.md").read_text(encoding="utf-8")
    for key in ENTITY_KEYS:
        assert f"| `{key}` |" in page, f"docs/packs.md does not document {key!r}"
    blocks = re.findall(r"```toml\n(.*?)```", page, re.S)
    examples = [b for b in blocks if "[entities." in b]
    assert examples
    for n, body in enumerate(examples):
        load_pack(pack(tmp_path, body, f"example{n}.toml"))
