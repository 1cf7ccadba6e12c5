"""What the gram-index search tests compare with: the terms cut from texts, and the rows of the plain LIKEs that
``core.search.search_q`` wrote before a field had a gram column."""
from django.db.models import Q

from core.search import case_free


def cut_terms(texts, extra=()) -> list[str]:
    """Every 1-3 character piece of ``texts`` that is not white space alone, in both letter cases, and ``extra``."""
    terms = set(extra)
    for text in texts:
        for size in (1, 2, 3):
            for start in range(len(text) - size + 1):
                term = text[start:start + size]
                if term.strip():
                    terms.update((term, term.swapcase()))
    return sorted(terms)


def plain_like(model, fields, term) -> set:
    """Primary keys of ``model``'s rows where any of ``fields`` contains ``term`` (``contains`` for a term without
    cased letters, else ``icontains``), read without any gram condition."""
    lookup = "contains" if case_free(term) else "icontains"
    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__{lookup}": term})
    return set(model.objects.filter(q).values_list("pk", flat=True))
