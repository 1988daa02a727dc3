"""En god förvaltningskultur i staten: the project and its shared building blocks."""
