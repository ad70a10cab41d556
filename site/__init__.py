"""The public "信用周村" site views that the publisher freezes."""
