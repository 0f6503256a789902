#!/usr/bin/env python3
"""Reference values for augur's forecasting tests, from statsmodels and SciPy (seeded, reproducible).

    pip install statsmodels numpy scipy
    python3 scripts/generate-forecast-fixtures.py

Writes test/models/forecasting/fixtures/{ets,stl,mstl,normal}-statsmodels.json. Python is only an
outside reference here: augur does not run it.
"""
import json
import os
import platform

import numpy as np
import scipy
import statsmodels
from scipy.stats import norm
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.seasonal import MSTL, STL

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'models', 'forecasting', 'fixtures')
META = {
    'generator': 'scripts/generate-forecast-fixtures.py',
    'python': platform.python_version(),
    'statsmodels': statsmodels.__version__,
    'numpy': np.__version__,
    'scipy': scipy.__version__,
}


def write(name, payload):
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump({'meta': META, **payload}, f, indent=1)
        f.write('\n')


def ets_fixtures():
    rng = np.random.default_rng(20240601)
    m = 4
    n = 32
    t = np.arange(n)
    y = 50 + 0.8 * t + np.tile([6.0, -2.0, -5.0, 1.0], n // m) + rng.normal(0, 1.5, n)
    cases = []
    for error in ['add', 'mul']:
        for trend, damped in [(None, False), ('add', False), ('add', True)]:
            for seasonal in [None, 'add', 'mul']:
                # ETS(A,·,M) is unstable and left out of selection; statsmodels' multiplicative-season
                # update is the classical Holt-Winters one, s_t = γ*·y_t/ℓ_t + (1 − γ*)s_{t−m}, not the
                # state-space form s_t = s_{t−m}(1 + γε_t) of Hyndman et al. (2008, Table 2.3) that augur
                # and R's forecast::ets use, so those cases are checked by hand in the tests instead.
                if seasonal == 'mul':
                    continue
                kwargs = dict(error=error, trend=trend, damped_trend=damped, seasonal=seasonal,
                              initialization_method='known', initial_level=48.0)
                params = [0.3]
                if trend:
                    kwargs['initial_trend'] = 0.7
                    params.append(0.1)
                if seasonal:
                    kwargs['seasonal_periods'] = m
                    # time order: s_{1-m}, ..., s_0
                    kwargs['initial_seasonal'] = [6.0, -2.0, -5.0, 1.0]
                    params.append(0.15)
                if damped:
                    params.append(0.9)
                model = ETSModel(y, **kwargs)
                res = model.smooth(np.array(params))
                name = ('A' if error == 'add' else 'M') + ('N' if not trend else ('Ad' if damped else 'A')) + \
                    ('N' if not seasonal else ('A' if seasonal == 'add' else 'M'))
                case = {
                    'name': name,
                    'params': {'alpha': 0.3, 'beta': 0.1 if trend else 0, 'gamma': 0.15 if seasonal else 0,
                               'phi': 0.9 if damped else 1},
                    'initial': {'level': 48.0, 'trend': 0.7 if trend else 0,
                                'seasonal': kwargs.get('initial_seasonal', [])},
                    'fitted': res.fittedvalues.tolist(),
                    'llf': float(res.llf),
                    'sse': float(np.sum(res.resid ** 2)),
                    'forecast': res.forecast(8).tolist(),
                }
                if error == 'add':
                    case['relativeVariance'] = res._relative_forecast_variance(np.arange(1, 9)).tolist()
                cases.append(case)
    write('ets-statsmodels.json', {'period': m, 'values': y.tolist(), 'cases': cases})


def stl_fixtures():
    rng = np.random.default_rng(7)
    n, period = 96, 12
    t = np.arange(n)
    y = 10 + 0.05 * t + 3 * np.sin(2 * np.pi * t / period) + rng.normal(0, 0.5, n)
    y[40] += 8  # an outlier for the robust fit
    cases = []
    for robust in [False, True]:
        for jumps in ['one', 'tenth']:
            kw = dict(period=period, seasonal=7, robust=robust)
            if jumps == 'one':
                kw.update(seasonal_jump=1, trend_jump=1, low_pass_jump=1)
            else:
                # R's stl default jumps: ceil(window / 10)
                trend = int(np.ceil(1.5 * period / (1 - 1.5 / 7)))
                trend += trend % 2 == 0
                low_pass = period + 1 + ((period + 1) % 2 == 0)
                kw.update(seasonal_jump=1, trend_jump=int(np.ceil(trend / 10)), low_pass_jump=int(np.ceil(low_pass / 10)))
            res = STL(y, **kw).fit()
            cases.append({
                'robust': robust,
                'options': {k: v for k, v in kw.items() if k.endswith('jump')},
                'trend': res.trend.tolist(),
                'seasonal': res.seasonal.tolist(),
                'weights': res.weights.tolist(),
            })
    write('stl-statsmodels.json', {'period': period, 'seasonalWindow': 7, 'values': y.tolist(), 'cases': cases})


def mstl_fixtures():
    rng = np.random.default_rng(11)
    n = 24 * 7 * 3
    t = np.arange(n)
    y = 20 + 4 * np.sin(2 * np.pi * t / 24) + 2 * np.cos(2 * np.pi * t / 168) + rng.normal(0, 0.7, n)
    res = MSTL(y, periods=(24, 168), stl_kwargs={'seasonal_jump': 1, 'trend_jump': 1, 'low_pass_jump': 1,
                                                  'inner_iter': 2}).fit()
    write('mstl-statsmodels.json', {
        'periods': [24, 168],
        'innerIterations': 2,
        'values': y.tolist(),
        'trend': res.trend.tolist(),
        'seasonal': [res.seasonal[:, 0].tolist(), res.seasonal[:, 1].tolist()],
    })


def normal_fixtures():
    ps = [1e-10, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999, 1 - 1e-10]
    write('normal-scipy.json', {'cases': [{'p': p, 'z': float(norm.ppf(p))} for p in ps]})


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    ets_fixtures()
    stl_fixtures()
    mstl_fixtures()
    normal_fixtures()
