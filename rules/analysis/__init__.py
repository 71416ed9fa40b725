"""What several built-in rules share: analyses of a document or of a run, and the data they read.

No rule lives here, and no module here imports a rule. A rule that needs an analysis calls it with
its own options, or with the *configured* options of the rule it defers to
(``settings.options_for(code)``). Values derived from one document are kept in that document's
cache (``doc.cache``), which the engine owns; values of a run in ``context.shared``.

* ``words`` — folded words of a document (case, quotes, apostrophes), stop words;
* ``repeats`` — passages an article repeats (NL101, and NL102 which leaves them to NL101);
* ``passage_index`` — fingerprints of articles and the run's index of shared passages (NL103,
  NL104, NL302), with ``archive_cache``, the archive's fingerprints kept in SQLite;
* ``duplicates`` — pairs of articles that are the same story (NL104, and NL103 which leaves them);
* ``shared_runs`` — the maximal runs of words two articles share (NL103, the archive's audit);
* ``entity_tokens`` — the capitalised words and names of an article (NL201–NL203);
* ``name_packs`` — the house-style name packs (NL202, NL201);
* ``cohesion`` — the terms of each paragraph and how they tie paragraphs together (NL301, NL302);
* ``boilerplate_matcher`` and ``boilerplate_pack`` — boilerplate lines and the patterns that find
  them (NL302, and NL301 which leaves them out);
* ``readability_measure``, ``syllables``, ``word_lists`` — counts and formulas (NL401–NL404),
  syllables, and the list of familiar words (readability, NL201).
"""
