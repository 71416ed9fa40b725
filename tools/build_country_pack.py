"""Build ``rules/generated/countries.toml``, the country pack NL202 ships with.

Run by hand when the sources change; the generated file is committed and nothing here runs when
newslint checks an article. Sources:

* pycountry: every country's ISO short name and official name (``Russian Federation``,
  ``Kingdom of Spain``), which the pack marks as ``official`` (a speaker may use them in a quotation);
* WordNet 3.0 (the plain ``data.noun``/``index.noun`` files, as installed by Debian's
  ``wordnet-base`` in ``/usr/share/wordnet``): the synonym set of each country, which is where
  article spinners take their swaps (``Nippon``, ``Irak``, ``Cathay``);
* the curated tables below: the name newsrooms use in running text, the forms that are standard
  and must never be flagged, and spinner forms no dictionary lists.

Usage::

    pip install pycountry
    python tools/build_country_pack.py [--wordnet-dir /usr/share/wordnet] [--output rules/generated/countries.toml]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: the name newsrooms write in running text, where it differs from pycountry's short name
NEWS_NAME = {
    "BO": "Bolivia", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo",
    "CI": "Ivory Coast", "CV": "Cape Verde", "CZ": "Czech Republic", "FM": "Micronesia",
    "GB": "UK", "IR": "Iran", "KP": "North Korea", "KR": "South Korea", "LA": "Laos",
    "MD": "Moldova", "PS": "Palestinian territories", "RU": "Russia", "SY": "Syria",
    "SZ": "Eswatini", "TL": "East Timor", "TR": "Turkey", "TW": "Taiwan", "TZ": "Tanzania",
    "US": "US", "VA": "Vatican", "VE": "Venezuela", "VN": "Vietnam", "BN": "Brunei",
    "MK": "North Macedonia", "FK": "Falkland Islands", "VG": "British Virgin Islands",
    "VI": "US Virgin Islands", "SX": "Sint Maarten", "KN": "St Kitts and Nevis",
    "LC": "St Lucia", "VC": "St Vincent and the Grenadines", "BQ": "Caribbean Netherlands",
    "SH": "St Helena", "PM": "St Pierre and Miquelon", "MF": "St Martin", "BL": "St Barthelemy",
}

#: names that take "the" in running text ("in the Netherlands")
TAKES_THE = {"Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Seychelles",
             "Comoros", "UK", "US", "Vatican", "Czech Republic", "Democratic Republic of Congo",
             "Republic of Congo", "Central African Republic", "Dominican Republic",
             "United Arab Emirates", "Marshall Islands", "Solomon Islands", "Falkland Islands",
             "Palestinian territories", "British Virgin Islands", "US Virgin Islands"}

#: forms in everyday newsroom use (or contested house-style choices): never flagged by the
#: built-in pack. A newsroom that prefers one side adds it to its own pack.
STANDARD = {
    "UK", "U.K.", "Britain", "Great Britain", "United Kingdom", "US", "U.S.", "USA", "U.S.A.",
    "America", "United States", "the States", "Republic of Ireland", "Irish Republic",
    "Czech Republic", "Czechia", "Burma", "Myanmar", "Ivory Coast", "Côte d'Ivoire",
    "Cote d'Ivoire", "Swaziland", "Eswatini", "Macedonia", "North Macedonia",
    "Republic of North Macedonia", "East Timor", "Timor-Leste", "Turkey", "Türkiye", "Turkiye",
    "Democratic Republic of Congo", "Democratic Republic of the Congo", "Republic of Congo",
    "Republic of the Congo", "Congo", "Cape Verde", "Cabo Verde", "mainland China", "Taiwan",
    "Republic of China", "Nationalist China", "Vatican", "Vatican City", "Holy See", "Palestine",
    "State of Palestine", "DPRK", "D.P.R.K.", "PRC", "Holland", "Kyrgyz Republic",
    "Slovak Republic", "Dutch", "Persia", "Korea", "Hong Kong", "Macau", "Macao", "Sudan",
    "Gambia", "Bahamas", "Netherlands", "The Netherlands", "Philippines", "Viet Nam",
    "Emerald Isle", "Hibernia", "Soviet Union", "USSR", "Eire", "South Sudan", "Republic of Cyprus",
    "Georgia", "Laos", "Syria", "Iran", "Russia", "Bolivia", "Venezuela", "Moldova", "Tanzania",
    "Republic of Korea", "Korea Republic", "Brunei", "Micronesia", "St Lucia", "Saint Lucia",
    "Saint Kitts and Nevis", "Saint Vincent and the Grenadines", "Sao Tome and Principe",
    "Bosnia", "Bosnia-Hercegovina", "Bosnia-Herzegovina", "Herzegovina", "Republic of South Africa",
    "St. Kitts and Nevis", "St. Lucia", "St. Vincent and the Grenadines", "Saint Pierre and Miquelon",
    "Saint Barthélemy", "Saint Helena", "Saint Martin",
}

#: WordNet synonyms that are not spinner swaps: historical names (correct in history), peoples and
#: languages, other places that share the synset, and abbreviations too short to match safely
NOT_A_SWAP = {
    "Dahomey", "Upper Volta", "Gold Coast", "British Honduras", "East Pakistan", "Dutch East Indies",
    "Malaya", "Basutoland", "Nyasaland", "Northern Rhodesia", "Rhodesia", "Southern Rhodesia", "Zaire",
    "Belgian Congo", "Ceylon", "Siam", "Kampuchea", "New Hebrides", "South West Africa", "Annam",
    "Spanish Guinea", "French Guinea", "Portuguese Guinea", "British Guiana", "Dutch Guiana",
    "Netherlands Guiana", "French Sudan", "Malagasy Republic", "Afars and Issas", "Abyssinia",
    "United Arab Republic", "Muscat and Oman", "Outer Mongolia", "Mongolian People's Republic",
    "Western Samoa", "Eastern Samoa", "Moldavia", "Kingdom of Nepal", "Republic of Hungary",
    "Kazakh", "Kazak", "Kirghiz", "Kirgiz", "Tadzhik", "Tadjik", "Tajik", "Turkmen", "Turkomen", "Uzbek",
    "Salvador", "Zion", "Sion", "Central Africa", "Rock of Gibraltar", "Calpe", "Friendly Islands",
    "Japanese Archipelago", "Bahama Islands", "Bahrain Island", "Bahrein Island", "Luxemburg",
    "island of Guernsey", "island of Jersey", "Porto Rico", "FRG", "Usa", "Byelorussia",
    "Belorussia", "Republic of Bolivia", "Republic of Venezuela", "Republic of Turkey",
}

#: spinner swaps that no dictionary lists (word-by-word synonym replacement)
SPINNER_FORMS = {
    "US": ["Unified States", "Joined States", "United Says"],
    "UK": ["Unified Kingdom", "Joined Kingdom", "United Empire", "Great Great Britain"],
    "Russia": ["Russian Federation", "Russian Federations"],
    "China": ["Cathay", "Red China", "Communist China"],
    "Japan": ["Nippon", "Nihon", "Japanese Archipelago"],
    "Iraq": ["Irak", "Al-Iraq"],
    "Netherlands": ["Nederland"],
    "Germany": ["Deutschland"],
    "Spain": ["Espana", "España"],
    "Greece": ["Ellas", "Hellas"],
    "Saudi Arabia": ["Saudi Arabian Kingdom"],
    "South Africa": ["Southern Africa Republic"],
    "Afghanistan": ["Islamic State of Afghanistan"],
}

#: the WordNet synset of a country is the location synset whose gloss reads like a present-day state
_STATE_GLOSS = re.compile(r"\b(republic|kingdom|monarchy|country|nation|federation|state|principality|"
                          r"emirate|sultanate|sheikdom|commonwealth|island|archipelago|constitutional)\b", re.I)
_NOT_STATE_GLOSS = re.compile(r"\b(former|ancient|formerly the|a state in|state in (the )?(north|south|east|west)|"
                              r"capital|city|one of the British colonies|empire|river|Mid-Atlantic state|United States)\b", re.I)


class WordNet:
    """Just enough of WordNet 3.0's database files to list a noun's synonym sets."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.index: dict[str, list[int]] = {}
        with open(root / "index.noun", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith(" "):
                    continue
                parts = line.split()
                pointer_count = int(parts[3])
                self.index[parts[0]] = [int(o) for o in parts[4 + pointer_count + 2:]]
        self.data = (root / "data.noun").read_bytes()

    def synsets(self, lemma: str) -> list[tuple[int, list[str], str]]:
        """``(lexicographer file, lemmas, gloss)`` for each noun sense of ``lemma``."""
        out = []
        for offset in self.index.get(lemma.lower().replace(" ", "_"), []):
            end = self.data.index(b"\n", offset)
            head, _, gloss = self.data[offset:end].decode("latin-1").partition("|")
            parts = head.split()
            count = int(parts[3], 16)
            words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]).replace("_", " ") for i in range(count)]
            out.append((int(parts[1]), words, gloss.strip()))
        return out

    def country_synonyms(self, names: list[str]) -> tuple[list[str], str]:
        for name in names:
            for lexfile, words, gloss in self.synsets(name):
                # lexicographer file 15 is noun.location
                if lexfile == 15 and name in words and _STATE_GLOSS.search(gloss) and not _NOT_STATE_GLOSS.search(gloss.split(";")[0]):
                    return words, gloss
        return [], ""


def _usable(form: str) -> bool:
    return bool(form) and "," not in form and "(" not in form and not form.lower().startswith("the ") \
        and any(ch.isupper() for ch in form)


def build(wordnet: WordNet) -> list[dict]:
    import pycountry

    entities: dict[str, dict] = {}
    canonicals = {NEWS_NAME.get(c.alpha_2) or getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    for country in pycountry.countries:
        code = country.alpha_2
        canonical = NEWS_NAME.get(code) or getattr(country, "common_name", None) or country.name
        names = [country.name, getattr(country, "official_name", None), getattr(country, "common_name", None)]
        names = [n for n in names if n]
        forms: list[tuple[str, str]] = []
        for n in names:
            forms.append((n, "pycountry"))
        synonyms, gloss = wordnet.country_synonyms([canonical, *names])
        for w in synonyms:
            # a name the definition itself mentions ("formerly called Rhodesia") is history, not a swap
            if w not in gloss and not (len(w) <= 3 or w.isupper()):
                forms.append((w, "WordNet"))
        for w in SPINNER_FORMS.get(canonical, []):
            forms.append((w, "spinner"))
        variants: list[str] = []
        official: list[str] = []
        sources: set[str] = set()
        for form, source in forms:
            if form == canonical or form in STANDARD or form in NOT_A_SWAP or form in canonicals \
                    or not _usable(form) or form in variants:
                continue
            variants.append(form)
            sources.add(source)
            if source == "pycountry":
                official.append(form)
        if not variants:
            continue
        entities[canonical] = {
            "canonical": canonical,
            "variants": variants,
            "official": official,
            "the": canonical in TAKES_THE,
            "note": _note(canonical, sources),
        }
    return sorted(entities.values(), key=lambda e: e["canonical"])


def _note(canonical: str, sources: set[str]) -> str:
    kinds = []
    if "pycountry" in sources:
        kinds.append("official long form")
    if "WordNet" in sources or "spinner" in sources:
        kinds.append("a synonym swapped in for the name")
    return " or ".join(kinds)


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(entities: list[dict]) -> str:
    lines = [
        "# The country pack of NL202 (non-standard-name).",
        "# GENERATED by tools/build_country_pack.py from pycountry and WordNet 3.0 plus curated tables;",
        "# do not edit by hand: change the script and run it again, or override an entry in a house pack.",
        "# Schema: docs/packs.md.",
        "",
        "[pack]",
        'name = "countries"',
        'description = "Country names: official, foreign-language and thesaurus forms that news copy does not use"',
        "",
    ]
    for e in entities:
        lines.append(f"[entities.{_toml_str(e['canonical'])}]")
        lines.append("variants = [" + ", ".join(_toml_str(v) for v in e["variants"]) + "]")
        if e["official"]:
            lines.append("official = [" + ", ".join(_toml_str(v) for v in e["official"]) + "]")
        if e["the"]:
            lines.append("the = true")
        lines.append(f"note = {_toml_str(e['note'])}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet-dir", type=Path, default=Path("/usr/share/wordnet"),
                        help="folder holding WordNet 3.0's index.noun and data.noun")
    parser.add_argument("--output", type=Path, default=ROOT / "rules" / "generated" / "countries.toml")
    args = parser.parse_args(argv)
    if not (args.wordnet_dir / "data.noun").is_file():
        print(f"error: no WordNet data in {args.wordnet_dir} (install Debian's wordnet-base)", file=sys.stderr)
        return 2
    entities = build(WordNet(args.wordnet_dir))
    args.output.write_text(render(entities), encoding="utf-8")
    print(f"wrote {len(entities)} countries, {sum(len(e['variants']) for e in entities)} variants to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
