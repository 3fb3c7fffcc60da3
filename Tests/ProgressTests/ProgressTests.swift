// Tests for Progress arrive with its first sources.
