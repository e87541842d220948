"""Evaluations (评议): designing them, issuing one-time rater codes, anonymous rating."""
