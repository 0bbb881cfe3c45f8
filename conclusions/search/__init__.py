"""Reader search: text folding, the folded texts kept in step, the results page."""
