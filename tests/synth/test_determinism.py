"""The same seed gives byte-identical returns; another seed gives other children."""

from __future__ import annotations

from cpmonitor.synth import simulate, write_returns


def test_same_seed_same_bytes(tmp_path):
    years = range(2015, 2018)
    a = write_returns(simulate(children=150, years=years, seed=3), tmp_path / "a")
    b = write_returns(simulate(children=150, years=years, seed=3), tmp_path / "b")
    c = write_returns(simulate(children=150, years=years, seed=4), tmp_path / "c")
    for x, y, z in zip(a, b, c, strict=True):
        assert x.path.name == y.path.name == z.path.name
        assert x.path.read_bytes() == y.path.read_bytes()
        assert x.path.read_bytes() != z.path.read_bytes()
