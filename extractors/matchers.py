"""The lexicons compiled into spaCy phrase matchers, once per vocabulary (their token values kept on disk
between processes: extractors/pattern_cache.py)."""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from . import lexicons, pattern_cache, terms
from .countries import surface_forms
from .mentions import fold, leader_key


class Lexicon:
    """All lexicons compiled into phrase matchers for one vocabulary."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        vocab = nlp.vocab
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.offices = PhraseMatcher(vocab, attr="LOWER")
        self.entries: dict[str, dict] = {}
        self._plan: list[tuple[PhraseMatcher, str, list[str]]] = []    # the matchers' add calls, in order
        for code, (iso, kind) in surface_forms().items():
            self._add(self.exact, f"state|{iso}|{kind}", [code])
        for type_, rows in (("technology", lexicons.technologies()), ("agreement", lexicons.agreements()),
                            ("organization", lexicons.organizations()), ("region", lexicons.regions()),
                            ("region", lexicons.subnational())):
            for row in rows:
                label = f"{type_}|{row['name']}"
                self.entries[label] = row
                for form in {row["name"], *row.get("aliases", [])}:
                    exact = len(form) <= 5 or form.isupper() or any(c.isupper() for c in form[1:])
                    self._add(self.exact if exact else self.lower, label, [form])
        self.leaders: dict[str, list[dict]] = {}
        for row in lexicons.leaders():
            for form in {row["name"], fold(row["name"]), *row.get("aliases", [])}:
                self.leaders.setdefault(leader_key(form), []).append(row)
                self._add(self.exact, f"leaderlex|{form}", [form])
        office_table = lexicons.offices()
        self.office_kind: dict[str, str] = {}
        for kind, words in office_table.items():
            if kind == "modifiers":
                continue
            for w in words:
                self.office_kind.setdefault(w.lower(), kind)
                self._add(self.offices, f"office|{kind}", [w])
        self.modifiers = {w.lower() for w in office_table.get("modifiers", [])} | {"former", "late", "then", "-", "acting"}
        attr = {id(self.exact): "ORTH", id(self.lower): "LOWER", id(self.offices): "LOWER"}
        values = pattern_cache.keywords(nlp, [(attr[id(m)], forms) for m, _label, forms in self._plan])
        for (matcher, label, _forms), patterns in zip(self._plan, values):
            matcher.add(label, patterns)   # the token values the matcher would take from make_doc(form)
        del self._plan

    def _add(self, matcher, label, forms):
        # "People's Republic of China" is also written "People’s Republic of China": both apostrophes match
        forms = [v for f in forms if f and f.strip() for v in dict.fromkeys((f, f.replace("'", "’"), f.replace("’", "'")))]
        if forms:
            self._plan.append((matcher, label, forms))

    def leader_rows(self, form: str, year: int | None) -> list[dict]:
        """Lexicon leaders known by this form; when several, those in office in the article's year."""
        rows = self.leaders.get(leader_key(form), [])
        people = {r["name"] for r in rows}
        exact = [r for r in rows if r["name"] == form]
        if len(people) > 1 and exact:
            return exact     # "George W. Bush", not "George H. W. Bush", whose key drops the initials too
        if len(people) > 1 and year:
            rows = [r for r in rows if terms.year(r.get("start"), 0) - 1 <= year <= terms.year(r.get("end"), 9999) + 1]
            people = {r["name"] for r in rows}
        return rows if len(people) == 1 else []
