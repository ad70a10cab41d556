"""The Whoosh search index (Chinese analyzer) and its queries."""
