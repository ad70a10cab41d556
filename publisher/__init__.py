"""The publisher: freezes the site and builds the search index into a release."""
