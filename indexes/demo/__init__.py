"""Demo data for development: Cao Lãnh city's units, three years of index sets, scores
and logins. Everything here is written for the project (the sets under `data/` are
derived from the illustrative district sample) and is reached through `seeding.demo_seed`.
"""
