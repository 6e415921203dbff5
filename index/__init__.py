"""Loading, parsing, chunking and indexing the guideline corpus."""
