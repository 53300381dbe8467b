"""mkdocs plugin for the d2l calculus chapter: executes chapters and mends mkdocs-jupyter's pages."""
