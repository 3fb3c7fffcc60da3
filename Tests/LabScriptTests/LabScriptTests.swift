// Tests for LabScript arrive with its first sources.
