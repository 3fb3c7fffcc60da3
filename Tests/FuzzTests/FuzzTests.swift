// Fuzz suites for LabKit and LabScript arrive with their parsers.
