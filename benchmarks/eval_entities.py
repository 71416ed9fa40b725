"""Measure the entity-name rules (NL201-NL203): false positives, recall and cost per article.

False positives: every finding on the BBC articles of the corpus (professionally edited copy),
per rule and per 50 articles; then the same on held-out edited text (onestopenglish, advanced
level), which the rules were not tuned on. Every finding is counted, although some are real errors
of the edited copy: read them with --show. Recall: labelled sets built by editing *copies* of the BBC articles
in a temporary folder (the corpus itself is only read):

* typo   - one occurrence of a person's surname (a word used at least twice and at least once
           after an honorific, "Mr Blair") gets a one-letter typo (a letter dropped, doubled,
           changed, or two neighbours swapped; the first and last letters are kept, as NL201
           deliberately ignores pairs that differ there); found when an NL201 report, or the
           related location of one (a name spelled once each way), is that occurrence;
* multi  - one word of a two-word name used at least twice ("Scotland Yard", "Premier League",
           "Gordon Brown": two adjacent capitalised words of one sentence) gets a one-letter typo in one
           occurrence, as in the typo set; the word may be short or common ("Yard", "Court"), where
           only the name's other word shows the slip; found as in the typo set;
* mixed  - one mention of a country is swapped for a form from the country pack while the
           other mentions keep the common name; found when NL202 reports the swapped mention;
* spun   - every mention of a country is swapped for one pack form (the spun-article case,
           where only the pack can tell); recall counts each swapped mention;
* caps   - in an article that writes a title in lower case at least twice ("the chief
           executive"), one of those mentions not directly before a name is capitalised ("the
           Chief Executive said"); found when NL203 reports it. (No floor in the issue.)
* names  - in an article that writes an institution's two-word name with a capital head noun at
           least twice ("the Labour Party"), one of those mentions gets its head noun in lower
           case ("Labour party"); found when NL203 reports it. (No floor in the issue.)

Cost per article is the time of each rule's ``check``; the three rules share one tokenisation
of each article, which is charged to the first rule that runs (NL201). Timings on a shared machine
are noisy, so each is also given as a ratio to a baseline measured in the same run: loading and
segmenting the article into a Document (which every rule needs, and which the rules do not pay).

Usage: python benchmarks/eval_entities.py [--corpus ../shared/corpus] [--seed 7] [--show]
Prints "skipped" and exits 0 when the corpus is absent.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newslint import document as document_module  # noqa: E402
from newslint.rules.analysis.entity_tokens import HONORIFICS, body_tokens  # noqa: E402
from newslint.rules.entities import EntitySpelling, InconsistentCapitalisation, NonStandardName  # noqa: E402
from newslint.rules.entities.capitalisation import NAME_HEADS, TITLE_NOUNS  # noqa: E402

RULE_CLASSES = (EntitySpelling, NonStandardName, InconsistentCapitalisation)


def bbc_articles(corpus: Path) -> list[Path]:
    return sorted((corpus / "bbc").rglob("*.txt"))


def held_out_articles(corpus: Path) -> list[Path]:
    """Edited news text never looked at while the rules were tuned: the advanced level of the
    onestopenglish texts (Guardian stories lightly rewritten by teachers)."""
    return sorted((corpus / "onestopenglish" / "adv").glob("*.txt"))


def run_rules(rules, path: Path) -> list:
    doc = document_module.load(str(path), path.read_bytes())
    out = []
    for rule in rules:
        out.extend(rule.check(doc))
    return out


def false_positives(rules, articles: list[Path], show: bool, label: str = "BBC articles", floor: str = "  (floor: 1.00)") -> None:
    counts: Counter = Counter()
    seconds: Counter = Counter()
    flagged_articles: set[Path] = set()
    baseline = 0.0
    for path in articles:
        data = path.read_bytes()
        t0 = time.perf_counter()
        doc = document_module.load(str(path), data)
        baseline += time.perf_counter() - t0
        for rule in rules:
            t0 = time.perf_counter()
            found = list(rule.check(doc))
            seconds[rule.code] += time.perf_counter() - t0
            counts[rule.code] += len(found)
            if found:
                flagged_articles.add(path)
            if show:
                for f in found:
                    print(f"  {path.relative_to(path.parents[2])}:{f.start.line}:{f.start.column}: {f.code} {f.message}")
    n = len(articles)
    print(f"False positives on {n} {label} (every finding counted):")
    for rule in rules:
        c = counts[rule.code]
        print(f"  {rule.code} {rule.name:28s} {c:4d} findings  {c / n * 50:5.2f} per 50 articles  "
              f"{seconds[rule.code] / n * 1000:6.2f} ms per article ({seconds[rule.code] / baseline:4.2f}x load)")
    total = sum(counts.values())
    print(f"  family total                      {total:4d} findings  {total / n * 50:5.2f} per 50 articles "
          f"{floor}  in {len(flagged_articles)} articles  "
          f"{sum(seconds.values()) / n * 1000:6.2f} ms per article ({sum(seconds.values()) / baseline:4.2f}x load)")
    print(f"  baseline: loading and segmenting one article {baseline / n * 1000:6.2f} ms")


# --- labelled recall sets ---------------------------------------------------------------------

def typo_of(word: str, rng: random.Random) -> str:
    """A one-letter typo that keeps the first and last letters."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "change", "swap"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap" and i < len(word) - 2 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    letters = [c for c in "abcdefghijklmnopqrstuvwxyz" if c != word[i].lower()]
    return word[:i] + rng.choice(letters) + word[i + 1:]


def surnames(doc) -> dict[str, list]:
    """Surnames: capitalised words used at least twice, at least once after an honorific ("Mr Blair")."""
    tokens = body_tokens(doc)
    by_form: dict[str, list] = {}
    person: set[str] = set()
    for i, t in enumerate(tokens):
        if not t.text.isalpha() or not t.text[:1].isupper() or t.text.isupper() or len(t.text) < 5:
            continue
        by_form.setdefault(t.text, []).append(t)
        prev = tokens[i - 1] if i else None
        if prev is not None and prev.sentence == t.sentence and prev.end + 1 == t.start and \
                prev.text in HONORIFICS:
            person.add(t.text)
    return {form: toks for form, toks in by_form.items() if form in person and len(toks) >= 2}


def two_word_names(doc) -> dict[str, list]:
    """Two adjacent capitalised words of one sentence, letters only, at least one of four letters
    or more, used at least twice: {"Scotland Yard": [(token, token), ...]}."""
    tokens = body_tokens(doc)
    found: dict[str, list] = {}
    for a, b in zip(tokens, tokens[1:]):
        if a.sentence != b.sentence or a.end + 1 != b.start or a.text in HONORIFICS:
            continue
        if not all(t.text.isalpha() and t.text[:1].isupper() and not t.text.isupper() for t in (a, b)):
            continue
        if max(len(a.text), len(b.text)) < 4:
            continue
        found.setdefault(f"{a.text} {b.text}", []).append((a, b))
    return {name: pairs for name, pairs in found.items() if len(pairs) >= 2}


def build_sets(articles: list[Path], packs, seed: int, tmp: Path):
    """Write the edited copies; return [(set name, path, [(start, end) expected])]."""
    # one generator per set, so that adding a set does not change the others
    rngs = {kind: random.Random(f"{seed}-{kind}") for kind in ("typo", "mixed", "spun", "caps", "names", "multi")}
    cases = []
    pattern = packs.pattern()
    for path in articles:
        n = f"{path.parent.name}-{path.stem}"
        text = path.read_text(encoding="utf-8")
        doc = document_module.parse(str(path), text)
        # typo: one occurrence of one surname
        names = surnames(doc)
        rng = rngs["typo"]
        if names:
            form = rng.choice(sorted(names))
            tok = rng.choice(names[form])
            bad = typo_of(form, rng)
            if bad != form:
                new = text[:tok.start] + bad + text[tok.end:]
                out = tmp / f"typo-{n}.txt"
                out.write_text(new, encoding="utf-8")
                cases.append(("typo", out, [(tok.start, tok.start + len(bad))]))
        # multi: one word of one occurrence of a two-word name
        bigrams = two_word_names(doc)
        rng = rngs["multi"]
        if bigrams:
            name = rng.choice(sorted(bigrams))
            first, second = rng.choice(bigrams[name])
            tok = rng.choice([t for t in (first, second) if len(t.text) >= 4])
            bad = typo_of(tok.text, rng)
            if bad != tok.text:
                new = text[:tok.start] + bad + text[tok.end:]
                out = tmp / f"multi-{n}.txt"
                out.write_text(new, encoding="utf-8")
                cases.append(("multi", out, [(tok.start, tok.start + len(bad))]))
        # country mentions matched as the canonical form in body prose
        mentions: dict[str, list[tuple[int, int]]] = {}
        for block in doc.paragraphs:
            for m in pattern.finditer(doc.prose, block.start, block.end):
                hit = packs.entity_of(m.group(0))
                if hit is not None and not hit[1] and hit[0].pack == "countries":
                    mentions.setdefault(m.group(0), []).append((m.start(), m.end()))
        multi = sorted(c for c, spans in mentions.items() if len(spans) >= 2)
        rng = rngs["mixed"]
        if multi:
            country = rng.choice(multi)
            variant = rng.choice(packs.entities[country].variants)
            start, end = rng.choice(mentions[country])
            new = text[:start] + variant + text[end:]
            out = tmp / f"mixed-{n}.txt"
            out.write_text(new, encoding="utf-8")
            cases.append(("mixed", out, [(start, start + len(variant))]))
        # caps: one lower-case title capitalised
        titles: dict[str, list[tuple[int, int]]] = {}
        tokens = body_tokens(doc)
        for i in range(1, len(tokens) - 1):
            a, b, nxt = tokens[i - 1], tokens[i], tokens[i + 1]
            if b.text in TITLE_NOUNS and a.text.isalpha() and a.text.islower() and a.end + 1 == b.start \
                    and a.sentence == b.sentence and not (nxt.sentence == b.sentence and nxt.text[:1].isupper()) \
                    and a.text not in ("the", "a", "an", "of", "and", "its", "his", "her", "their", "former", "new"):
                titles.setdefault(f"{a.text} {b.text}", []).append((a.start, b.end))
        repeated = sorted(t for t, spans in titles.items() if len(spans) >= 2)
        rng = rngs["caps"]
        if repeated:
            title = rng.choice(repeated)
            start, end = rng.choice(titles[title])
            new = text[:start] + title.title() + text[end:]
            out = tmp / f"caps-{n}.txt"
            out.write_text(new, encoding="utf-8")
            cases.append(("caps", out, [(start, end)]))
        # names: one mention of an institution's name written with a capital head noun at least
        # twice ("the Labour Party") gets its head noun in lower case
        named: dict[str, list[tuple[int, int, int]]] = {}
        for i in range(1, len(tokens) - 1):
            a, b, nxt = tokens[i - 1], tokens[i], tokens[i + 1]
            if b.text.lower() in NAME_HEADS and b.text[:1].isupper() and b.text[1:].islower() \
                    and a.text.isalpha() and a.text[:1].isupper() and not a.initial and a.end + 1 == b.start \
                    and a.sentence == b.sentence and not (i > 1 and tokens[i - 2].sentence == a.sentence
                                                          and tokens[i - 2].text[:1].isupper()) \
                    and not (nxt.sentence == b.sentence and (nxt.text[:1].isupper() or nxt.text in ("of", "for"))):
                named.setdefault(f"{a.text} {b.text}", []).append((a.start, b.start, b.end))
        repeated = sorted(n for n, spans in named.items() if len(spans) >= 2)
        rng = rngs["names"]
        if repeated:
            name = rng.choice(repeated)
            start, head, end = rng.choice(named[name])
            new = text[:head] + text[head].lower() + text[head + 1:]
            out = tmp / f"names-{n}.txt"
            out.write_text(new, encoding="utf-8")
            cases.append(("names", out, [(start, end)]))
        rng = rngs["spun"]
        if mentions:
            country = rng.choice(sorted(mentions))
            variant = rng.choice(packs.entities[country].variants)
            new, expected, shift = text, [], 0
            for start, end in mentions[country]:
                s = start + shift
                new = new[:s] + variant + new[s + end - start:]
                expected.append((s, s + len(variant)))
                shift += len(variant) - (end - start)
            out = tmp / f"spun-{n}.txt"
            out.write_text(new, encoding="utf-8")
            cases.append(("spun", out, expected))
    return cases


def recall(rules, cases, show: bool) -> None:
    code_for = {"typo": "NL201", "multi": "NL201", "mixed": "NL202", "spun": "NL202", "caps": "NL203",
                "names": "NL203"}
    floors = {"typo": 0.8, "multi": 0.8, "mixed": 0.95, "spun": 0.9, "caps": None, "names": None}
    found: Counter = Counter()
    total: Counter = Counter()
    articles: Counter = Counter()
    for kind, path, expected in cases:
        findings = run_rules(rules, path)
        hits = {(f.start.offset, f.end.offset) for f in findings if f.code == code_for[kind]}
        if kind in ("typo", "multi", "names"):
            # a name spelled (or capitalised) once each way is reported once, at the second form,
            # pointing at the first: either end of the report finds the edit
            hits |= {(r.start.offset, r.end.offset) for f in findings if f.code == code_for[kind] for r in f.related}
        articles[kind] += 1
        for span in expected:
            total[kind] += 1
            if span in hits:
                found[kind] += 1
            elif show:
                doc_text = path.read_text(encoding="utf-8")
                s, e = span
                print(f"  missed {kind}: {path.name}: ...{doc_text[max(0, s - 50):e + 30]!r}")
    print("Recall on edited copies (labelled sets):")
    for kind in ("typo", "multi", "mixed", "spun", "caps", "names"):
        r = found[kind] / total[kind] if total[kind] else 0.0
        print(f"  {kind:5s} {code_for[kind]}  {found[kind]:4d} / {total[kind]:4d} edits in {articles[kind]:3d} articles"
              f"  recall {r:.3f}  (floor {floors[kind] or 'none'})")
    both = found["typo"] + found["multi"], total["typo"] + total["multi"]
    print(f"  name typos, one-word and two-word names together: {both[0]} / {both[1]}"
          f"  recall {both[0] / max(1, both[1]):.3f}  (floor 0.8)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", action="store_true", help="print every false positive and every miss")
    args = parser.parse_args(argv)
    articles = bbc_articles(args.corpus)
    if not articles:
        print(f"skipped: no BBC articles under {args.corpus}")
        return 0
    rules = [cls() for cls in RULE_CLASSES]
    false_positives(rules, articles, args.show)
    held_out = held_out_articles(args.corpus)
    if held_out:
        false_positives(rules, held_out, args.show, "held-out onestopenglish (adv) texts", floor="")
    packs = rules[1].packs
    with tempfile.TemporaryDirectory(prefix="newslint-entities-") as tmp:
        cases = build_sets(articles, packs, args.seed, Path(tmp))
        recall(rules, cases, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
