"""Demo (演示) data: the case scripts and the builders that run them through the real services.

Moved here from `zhifa.services.demo_builder|demo_scripts|demo_cases` (issue #22): `zhifa.demo.builder`,
`zhifa.demo.scripts`, `zhifa.demo.cases`; generated identifiers in `zhifa.demo.identifiers`.
"""
