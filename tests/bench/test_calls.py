"""bench/calls.py ranks functions by the difference in calls per request."""
from bench.calls import compare


def test_the_largest_differences_come_first_either_way():
    b = {"spend (x.py:1)": 1000, "auth (x.py:2)": 3000, "gone (x.py:3)": 500}
    c = {"spend (x.py:1)": 2000, "auth (x.py:2)": 3000, "ours (y.py:1)": 4000}
    rows = compare(b, c, requests=1000, top=3)
    assert [r[3] for r in rows] == ["ours (y.py:1)", "spend (x.py:1)", "gone (x.py:3)"]
    assert rows[1][:3] == (1.0, 1.0, 2.0) and rows[2][0] == -0.5
