// The Bias module: see DESIGN.md for what it owns. Its first sources arrive with its issue.
