package org.rfmstream.schemas.value;

/**
 * The Gauss hypergeometric function {@code 2F1(a, b; c; z)} by its power series, for real parameters and
 * {@code 0 <= z < 1}: {@code sum_k (a)_k (b)_k / ((c)_k k!) z^k}.
 *
 * <p>The series is summed until the remaining tail is provably below the relative tolerance: once k is past the
 * parameters, the ratio of consecutive terms {@code z (a+k)(b+k) / ((c+k)(k+1))} moves monotonically towards z,
 * so the tail after a term t is at most {@code |t| rho / (1 - rho)} with {@code rho = max(|ratio|, z)}. A sum that
 * does not settle within {@link #MAX_TERMS} terms, or that is not finite, is an {@link ArithmeticException}, never
 * a silently wrong number.
 */
public final class Hypergeometric {

    /** The relative accuracy asked of the sum. */
    public static final double TOLERANCE = 1e-15;
    /** The most terms summed before giving up (z = 0.9999 needs about 400,000 at full accuracy). */
    public static final int MAX_TERMS = 1_000_000;

    private Hypergeometric() {
    }

    /**
     * @throws IllegalArgumentException if z is outside {@code [0, 1)}, a parameter is not finite, or c is zero or
     *                                  a negative integer (the series is undefined)
     * @throws ArithmeticException      if the series does not converge to a finite sum within {@link #MAX_TERMS}
     */
    public static double hyp2f1(double a, double b, double c, double z) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("2F1 parameters must be finite: a=" + a + ", b=" + b + ", c=" + c);
        }
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("2F1 by its series needs 0 <= z < 1, z=" + z);
        }
        if (c <= 0 && c == Math.rint(c)) {
            throw new IllegalArgumentException("2F1 is undefined for c = 0, -1, -2, ...: c=" + c);
        }
        double sum = 1;
        double term = 1;
        // Past this k every factor (a+k), (b+k), (c+k) has its final sign and the ratio is monotone in k.
        double settled = Math.abs(a) + Math.abs(b) + Math.abs(c) + 2;
        for (int k = 0; k < MAX_TERMS; k++) {
            double ratio = z * (a + k) * (b + k) / ((c + k) * (k + 1));
            term *= ratio;
            sum += term;
            if (term == 0) {
                return sum; // a terminating series: a or b is a non-positive integer
            }
            if (!Double.isFinite(sum)) {
                throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") overflows");
            }
            if (k >= settled) {
                double rho = Math.max(Math.abs(ratio), z);
                if (rho < 1 && Math.abs(term) * rho / (1 - rho) <= TOLERANCE * Math.abs(sum)) {
                    return sum;
                }
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge in "
                + MAX_TERMS + " terms");
    }
}
