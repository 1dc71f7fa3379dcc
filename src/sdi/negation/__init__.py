"""Reading what an answer rules out: negation and deferral scopes, and ideas only weighed, not chosen.

Everything a reader needs to know about English lives in the catalog's lexicon (concepts.yaml,
`lexicon.negation`); this package only knows how scopes open, run and stop. `lexicon` compiles the words,
`scope` runs scopes forward and back, `conditions`, `choices` and `weighing` read one kind of verdict each,
and `reader` runs them all over an answer.
"""

from __future__ import annotations

from sdi.negation.lexicon import split_verb
from sdi.negation.reader import NegationReader

__all__ = ["NegationReader", "split_verb"]
