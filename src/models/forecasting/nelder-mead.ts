/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Largest number of objective evaluations. @defaultValue 200 × dimension */
  maxEvaluations?: number;
  /**
   * Stop when the simplex's objective values differ by at most relTol·(|f_best| + relTol), as R's
   * `optim(method = "Nelder-Mead")` (`reltol`). @defaultValue 1e-8
   */
  relTolerance?: number;
  /** ...and, when given, its vertices differ from the best by at most this in every coordinate. @defaultValue ∞ */
  xTolerance?: number;
  /** Edge of the starting simplex along each axis, per coordinate or for all. @defaultValue 0.1 */
  initialStep?: number | readonly number[];
}

/** Where {@link nelderMead} stopped. */
export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimises a function of several variables without derivatives by the Nelder–Mead simplex method, with
 * the dimension-adaptive coefficients of Gao & Han (reflection 1, expansion 1 + 2/n, contraction
 * 0.75 − 1/(2n), shrink 1 − 1/n), which keep it effective beyond a few dimensions. Bounds are the
 * caller's business: optimise over an unconstrained transformation of the parameters. Non-finite values
 * count as +∞, so an objective may reject a point by returning NaN or Infinity.
 *
 * References: J. A. Nelder & R. Mead (1965), Computer Journal 7(4), 308–313; J. C. Lagarias et al.
 * (1998), SIAM J. Optim. 9(1), 112–147 (the tie-breaking and acceptance rules used here); F. Gao &
 * L. Han (2012), Comput. Optim. Appl. 51, 259–277. The stopping rule is R's `optim` one: a relative
 * tolerance on the spread of objective values, so a parameter drifting along a flat direction (a
 * smoothing parameter at its bound) does not use up the budget.
 *
 * @param f objective, R^n → R
 * @param x0 starting point, length n ≥ 1
 * @example nelderMead(([x = 0, y = 0]) => (x - 1) ** 2 + (y + 2) ** 2, [0, 0]).x // ≈ [1, -2]
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  if (n === 0) throw new RangeError('nelderMead needs at least one variable');
  const maxEvaluations = options.maxEvaluations ?? 200 * n;
  const relTol = options.relTolerance ?? 1e-8;
  const xTol = options.xTolerance ?? Number.POSITIVE_INFINITY;
  const step = options.initialStep ?? 0.1;
  const rho = 1;
  const chi = 1 + 2 / n;
  const psi = 0.75 - 1 / (2 * n);
  const sigma = 1 - 1 / n || 0.5;

  let evaluations = 0;
  const evaluate = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  const simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const v = x0.slice();
    const s = typeof step === 'number' ? step : (step[i] ?? 0.1);
    v[i] = (v[i] as number) + (s === 0 ? 0.1 : s);
    simplex.push(v);
  }
  const values = simplex.map(evaluate);
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const centroid = new Array<number>(n);
  const point = (from: number[], to: number[], t: number) =>
    from.map((c, i) => c + t * ((to[i] as number) - c));

  let converged = false;
  while (evaluations < maxEvaluations) {
    order.sort((a, b) => (values[a] as number) - (values[b] as number));
    const best = simplex[order[0] as number] as number[];
    const fBest = values[order[0] as number] as number;
    const worstIdx = order[n] as number;
    const fWorst = values[worstIdx] as number;
    let xSpread = 0;
    if (xTol < Number.POSITIVE_INFINITY) {
      for (let k = 1; k <= n; k++) {
        const v = simplex[order[k] as number] as number[];
        for (let i = 0; i < n; i++) {
          xSpread = Math.max(xSpread, Math.abs((v[i] as number) - (best[i] as number)));
        }
      }
    }
    if (fWorst - fBest <= relTol * (Math.abs(fBest) + relTol) && xSpread <= xTol) {
      converged = true;
      break;
    }
    centroid.fill(0);
    for (let k = 0; k < n; k++) {
      const v = simplex[order[k] as number] as number[];
      for (let i = 0; i < n; i++) centroid[i] = (centroid[i] as number) + (v[i] as number) / n;
    }
    const worst = simplex[worstIdx] as number[];
    const fSecondWorst = values[order[n - 1] as number] as number;
    const reflected = point(centroid, worst, -rho);
    const fReflected = evaluate(reflected);
    if (fReflected < fBest) {
      const expanded = point(centroid, worst, -rho * chi);
      const fExpanded = evaluate(expanded);
      if (fExpanded < fReflected) {
        simplex[worstIdx] = expanded;
        values[worstIdx] = fExpanded;
      } else {
        simplex[worstIdx] = reflected;
        values[worstIdx] = fReflected;
      }
      continue;
    }
    if (fReflected < fSecondWorst) {
      simplex[worstIdx] = reflected;
      values[worstIdx] = fReflected;
      continue;
    }
    if (fReflected < fWorst) {
      const outside = point(centroid, worst, -rho * psi);
      const fOutside = evaluate(outside);
      if (fOutside <= fReflected) {
        simplex[worstIdx] = outside;
        values[worstIdx] = fOutside;
        continue;
      }
    } else {
      const inside = point(centroid, worst, psi);
      const fInside = evaluate(inside);
      if (fInside < fWorst) {
        simplex[worstIdx] = inside;
        values[worstIdx] = fInside;
        continue;
      }
    }
    for (let k = 1; k <= n; k++) {
      const idx = order[k] as number;
      simplex[idx] = point(best, simplex[idx] as number[], sigma);
      values[idx] = evaluate(simplex[idx] as number[]);
    }
  }
  let bestIdx = 0;
  for (let k = 1; k <= n; k++) if ((values[k] as number) < (values[bestIdx] as number)) bestIdx = k;
  return { x: simplex[bestIdx] as number[], value: values[bestIdx] as number, evaluations, converged };
}
