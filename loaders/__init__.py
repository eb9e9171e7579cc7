"""Loaders: turn sources (news articles, curated tables…) into claims with evidence."""
