// Tests for Bias arrive with its first sources.
