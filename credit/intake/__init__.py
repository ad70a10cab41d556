"""Provider intake: read a file, validate every row, merge accepted rows, write feedback."""
