"""The forms app: search, objections, deletion requests, repairs, back office."""
