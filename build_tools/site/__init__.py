"""Stage 5, the outer layer: stage pages, run mkdocs, harden and swap the site in; the only writer
of the site."""
