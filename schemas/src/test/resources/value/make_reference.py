#!/usr/bin/env python3
"""Reference values for the value-model arithmetic in org.rfmstream.schemas.value, computed independently.

Made once with Debian's python3-mpmath (apt-get install -y python3-mpmath), at 50 significant digits, from the
formulas as the papers print them (no Euler transformation, mpmath's own 2F1 and log-gamma):
  /usr/bin/python3 make_reference.py > reference.csv
Columns: kind, the inputs, the expected value. The Java tests read reference.csv; this script only documents how
it was made and can remake it.
"""
import mpmath as mp

mp.mp.dps = 50

def hyp2f1_rows():
    cases = [
        (1, 1, 2, 0.5), (0.5, 0.5, 1.5, 0.25), (2.5, 3.5, 4.25, 0.75), (0.243, 2.426, 2.219, 0.6),
        (1.969, -0.207, 3.219, 0.9), (1.969, -0.207, 33.219, 0.95), (10, 20, 35, 0.5), (-3, 2, 1.5, 0.7),
        (0.1, 0.2, 0.3, 0.99), (1.5, 2.5, 0.5, 0.3), (3, 4, 5, 0.0),
    ]
    for a, b, c, z in cases:
        yield ("hyp2f1", a, b, c, z, mp.hyp2f1(a, b, c, z))

# CDNOW's published BG/NBD parameters (weeks) and a second, daily set with a > 1
BG = [(0.243, 4.414, 0.793, 2.426), (0.9, 40.0, 1.7, 6.5)]
CUSTOMERS = [(0, 0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 38.86), (29, 37.71, 38.0),
             (5, 5.14, 37.29), (60, 350.0, 700.0), (200, 100.0, 700.0), (3, 10.0, 10.0), (1, 0.5, 2.0)]
HORIZONS = [1.0, 13.0, 39.0, 52.0, 120.0]

def bg_ll(r, al, a, b, x, tx, T):
    r, al, a, b, tx, T = map(mp.mpf, (r, al, a, b, tx, T))
    first = mp.beta(a, b + x) / mp.beta(a, b) * mp.gamma(r + x) * al**r / (mp.gamma(r) * (al + T)**(r + x))
    second = 0
    if x > 0:
        second = mp.beta(a + 1, b + x - 1) / mp.beta(a, b) * mp.gamma(r + x) * al**r / (mp.gamma(r) * (al + tx)**(r + x))
    return mp.log(first + second)

def p_alive(r, al, a, b, x, tx, T):
    if x == 0:
        return mp.mpf(1)
    r, al, a, b, tx, T = map(mp.mpf, (r, al, a, b, tx, T))
    return 1 / (1 + a / (b + x - 1) * ((al + T) / (al + tx))**(r + x))

def conditional(r, al, a, b, x, tx, T, t):
    """Equation (10) as printed."""
    r, al, a, b, tx, T, t = map(mp.mpf, (r, al, a, b, tx, T, t))
    z = t / (al + T + t)
    top = (a + b + x - 1) / (a - 1) * (1 - ((al + T) / (al + T + t))**(r + x) * mp.hyp2f1(r + x, b + x, a + b + x - 1, z))
    bottom = 1 + (a / (b + x - 1) * ((al + T) / (al + tx))**(r + x) if x > 0 else 0)
    return top / bottom

def unconditional(r, al, a, b, t):
    """Equation (7) as printed."""
    r, al, a, b, t = map(mp.mpf, (r, al, a, b, t))
    return (a + b - 1) / (a - 1) * (1 - (al / (al + t))**r * mp.hyp2f1(r, b, a + b - 1, t / (al + t)))

def median_wait(r, al, x, T):
    """The median of the Lomax waiting time, found by root finding on its survival function, not the closed form."""
    s, beta = mp.mpf(r) + x, mp.mpf(al) + T
    u = mp.findroot(lambda u: s * (mp.log(beta) - mp.log(beta + mp.exp(u))) + mp.log(2), mp.log(beta))
    return mp.exp(u)

def gg_ll(p, q, g, x, m):
    p, q, g, m = map(mp.mpf, (p, q, g, m))
    return (mp.loggamma(p * x + q) - mp.loggamma(p * x) - mp.loggamma(q) + q * mp.log(g)
            + (p * x - 1) * mp.log(m) + p * x * mp.log(x) - (p * x + q) * mp.log(g + x * m))

def gg_mean(p, q, g, x, m):
    """E[Z | x, zbar] = E[p / nu | data], integrated numerically over the posterior nu | data ~ Gamma(px+q, g+x m)."""
    p, q, g, m = map(mp.mpf, (p, q, g, m))
    shape, rate = p * x + q, g + x * m
    log_norm = shape * mp.log(rate) - mp.loggamma(shape)
    density = lambda nu: mp.exp(log_norm + (shape - 1) * mp.log(nu) - rate * nu)
    mode = (shape - 1) / rate
    return mp.quad(lambda nu: p / nu * density(nu), [0, mode / 4, mode, 4 * mode, mp.inf])

def rows():
    yield from hyp2f1_rows()
    for (r, al, a, b) in BG:
        for (x, tx, T) in CUSTOMERS:
            yield ("bgnbd_ll", r, al, a, b, x, tx, T, bg_ll(r, al, a, b, x, tx, T))
            yield ("p_alive", r, al, a, b, x, tx, T, p_alive(r, al, a, b, x, tx, T))
            yield ("median_wait", r, al, a, b, x, tx, T, median_wait(r, al, x, T))
            for t in HORIZONS:
                yield ("conditional", r, al, a, b, x, tx, T, t, conditional(r, al, a, b, x, tx, T, t))
        for t in HORIZONS:
            yield ("unconditional", r, al, a, b, t, unconditional(r, al, a, b, t))
    for (p, q, g) in [(6.25, 3.74, 15.44), (2.1, 5.5, 80.0)]:
        for (x, m) in [(1, 11.77), (2, 22.35), (7, 73.74), (29, 26.26), (1, 0.5), (100, 1234.5)]:
            yield ("gg_ll", p, q, g, x, m, gg_ll(p, q, g, x, m))
            yield ("gg_mean", p, q, g, x, m, gg_mean(p, q, g, x, m))

for row in rows():
    print(",".join([row[0]] + [repr(v) if isinstance(v, float) else str(v) for v in row[1:-1]]
                   + [mp.nstr(row[-1], 20)]))
