"""Deterministic generator of realistic, invented filled-in deviation forms (BUS, Västbus,
Lex Heller) and the expected record of each. See `sample_forms.generate`."""
