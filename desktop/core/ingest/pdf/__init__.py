"""PDF papers: one paper per PDF, read from its first pages (see layout and front_matter)."""
