/**
 * One loess fit (tricube weights, degree 0 or 1) of the points y_j at positions j = nleft…nright,
 * evaluated at position xs — STL's `est` routine. Positions are 1-based as in the paper; `y` and `rw`
 * are 0-based arrays (`y[j − 1]` is at position j). `rw` holds robustness weights (or null).
 * Returns NaN when every weight is zero.
 *
 * Reference: R. B. Cleveland, W. S. Cleveland, J. E. McRae & I. Terpenning (1990), "STL: A
 * Seasonal-Trend Decomposition Procedure Based on Loess", Journal of Official Statistics 6(1), 3–73,
 * and its Fortran reference implementation (netlib `stl`, routine `stlest`).
 *
 * @param n number of points in `y`
 * @param span loess window q, in points
 * @param degree local polynomial degree, 0 or 1
 */
export function loessAt(
  y: ArrayLike<number>,
  n: number,
  span: number,
  degree: 0 | 1,
  xs: number,
  nleft: number,
  nright: number,
  rw: ArrayLike<number> | null,
): number {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (span > n) h += Math.floor((span - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  // One pass of weighted sums, positions centred on xs (u = j − xs) for numerical accuracy; the same
  // fit as the Fortran's normalise-then-reweight passes.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let t0 = 0;
  let t1 = 0;
  for (let j = nleft; j <= nright; j++) {
    const u = j - xs;
    const r = u < 0 ? -u : u;
    if (r > h9) continue;
    let w = 1;
    if (r > h1) {
      const q = r / h;
      const c = 1 - q * q * q;
      w = c * c * c;
    }
    if (rw) w *= rw[j - 1] as number;
    const v = y[j - 1] as number;
    const wu = w * u;
    s0 += w;
    s1 += wu;
    s2 += wu * u;
    t0 += w * v;
    t1 += wu * v;
  }
  if (s0 <= 0) return Number.NaN;
  const mean = s1 / s0;
  const level = t0 / s0;
  if (h > 0 && degree > 0) {
    const c = s2 / s0 - mean * mean;
    if (Math.sqrt(Math.max(0, c)) > 0.001 * range) {
      const b = -mean / c;
      return level + b * (t1 / s0 - mean * level);
    }
  }
  return level;
}

/**
 * Loess smoothing of a whole series — STL's `ess` routine: fits at every `jump`-th point (and the
 * last), linear interpolation in between, which keeps the cost near n·span/jump.
 *
 * Reference: Cleveland et al. (1990), §2 and §4 (the jump parameters); netlib `stl`, routine `stless`.
 *
 * @param y series, length ≥ n
 * @param n points to smooth
 * @param span loess window q (odd), in points
 * @param jump evaluate every `jump` points, ≥ 1
 * @param rw robustness weights, or null
 * @param out receives the smoothed values, length ≥ n (not `y`)
 */
export function loessSmooth(
  y: ArrayLike<number>,
  n: number,
  span: number,
  degree: 0 | 1,
  jump: number,
  rw: ArrayLike<number> | null,
  out: Float64Array,
): void {
  if (n < 2) {
    out[0] = y[0] as number;
    return;
  }
  const newnj = Math.min(jump, n - 1);
  let nleft = 1;
  let nright = n;
  const fitAt = (i: number) => {
    const v = loessAt(y, n, span, degree, i, nleft, nright, rw);
    out[i - 1] = Number.isNaN(v) ? (y[i - 1] as number) : v;
  };
  if (span >= n) {
    nleft = 1;
    nright = n;
    for (let i = 1; i <= n; i += newnj) fitAt(i);
  } else if (newnj === 1) {
    const nsh = Math.floor((span + 1) / 2);
    nleft = 1;
    nright = span;
    for (let i = 1; i <= n; i++) {
      if (i > nsh && nright !== n) {
        nleft++;
        nright++;
      }
      fitAt(i);
    }
  } else {
    const nsh = Math.floor((span + 1) / 2);
    for (let i = 1; i <= n; i += newnj) {
      if (i < nsh) {
        nleft = 1;
        nright = span;
      } else if (i >= n - nsh + 1) {
        nleft = n - span + 1;
        nright = n;
      } else {
        nleft = i - nsh + 1;
        nright = span + i - nsh;
      }
      fitAt(i);
    }
  }
  if (newnj === 1) return;
  for (let i = 1; i <= n - newnj; i += newnj) {
    const delta = ((out[i + newnj - 1] as number) - (out[i - 1] as number)) / newnj;
    for (let j = i + 1; j <= i + newnj - 1; j++) out[j - 1] = (out[i - 1] as number) + delta * (j - i);
  }
  const k = Math.floor((n - 1) / newnj) * newnj + 1;
  if (k !== n) {
    fitAt(n);
    if (k !== n - 1) {
      const delta = ((out[n - 1] as number) - (out[k - 1] as number)) / (n - k);
      for (let j = k + 1; j <= n - 1; j++) out[j - 1] = (out[k - 1] as number) + delta * (j - k);
    }
  }
}
