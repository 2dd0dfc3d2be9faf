package org.rfmstream.trainer.model;

/**
 * A Gaussian mixture with full covariances fitted by expectation-maximisation, for the comparison with k-means.
 * Smile's {@code MultivariateGaussianMixture} needs its native OpenBLAS (bytedeco, tens of MB per platform), which
 * this project leaves out, so the few lines of EM for 3-dimensional data live here; the tests check them against
 * scikit-learn's {@code GaussianMixture} started from the same parameters.
 *
 * <p>Started from given centroids (the k-means ones: the usual initialisation, also scikit-learn's default) with
 * each component's covariance and weight from the points nearest to its centroid. Like scikit-learn, a small
 * {@code regularisation} is added to every covariance's diagonal so a component never collapses onto one point, and
 * iteration stops when the mean log-likelihood per point improves by less than {@code tolerance}.
 */
final class GaussianMixtureEm {

    static final double REGULARISATION = 1e-6;
    static final double TOLERANCE = 1e-6;
    static final int MAX_ITERATIONS = 200;

    private final int k;
    private final int d;
    final double[] weights;
    final double[][] means;
    final double[][][] covariances;
    double meanLogLikelihood = Double.NEGATIVE_INFINITY;
    int iterations;

    private GaussianMixtureEm(double[] weights, double[][] means, double[][][] covariances) {
        this.k = means.length;
        this.d = means[0].length;
        this.weights = weights;
        this.means = means;
        this.covariances = covariances;
    }

    /** Fits the mixture, starting from the points' nearest-centroid partition. */
    static GaussianMixtureEm fit(double[][] points, double[][] centroids) {
        int n = points.length;
        int k = centroids.length;
        double[][] responsibilities = new double[n][k];
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double distance = squaredDistance(points[i], centroids[c]);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            responsibilities[i][best] = 1;
        }
        int d = points[0].length;
        GaussianMixtureEm mixture = new GaussianMixtureEm(new double[k], new double[k][d], new double[k][d][d]);
        mixture.maximise(points, responsibilities);
        mixture.run(points, responsibilities);
        return mixture;
    }

    /** Fits the mixture from the given parameters (for comparisons with a reference implementation). */
    static GaussianMixtureEm fitFrom(double[][] points, double[] weights, double[][] means, double[][][] covariances) {
        GaussianMixtureEm mixture = new GaussianMixtureEm(weights.clone(), deepClone(means), deepClone(covariances));
        mixture.run(points, new double[points.length][means.length]);
        return mixture;
    }

    private void run(double[][] points, double[][] responsibilities) {
        for (iterations = 1; iterations <= MAX_ITERATIONS; iterations++) {
            double previous = meanLogLikelihood;
            meanLogLikelihood = expect(points, responsibilities);
            maximise(points, responsibilities);
            if (Math.abs(meanLogLikelihood - previous) < TOLERANCE) {
                break;
            }
        }
        meanLogLikelihood = expect(points, responsibilities);
    }

    /** The most probable component of the point. */
    int component(double[] point) {
        double[][][] choleskys = choleskys();
        int best = 0;
        double bestLog = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double log = Math.log(weights[c]) + logDensity(point, means[c], choleskys[c]);
            if (log > bestLog) {
                bestLog = log;
                best = c;
            }
        }
        return best;
    }

    /** E step: responsibilities from the current parameters; returns the mean log-likelihood per point. */
    private double expect(double[][] points, double[][] responsibilities) {
        double[][][] choleskys = choleskys();
        double total = 0;
        double[] logs = new double[k];
        for (int i = 0; i < points.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                logs[c] = weights[c] > 0 ? Math.log(weights[c]) + logDensity(points[i], means[c], choleskys[c])
                        : Double.NEGATIVE_INFINITY;
                max = Math.max(max, logs[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(logs[c] - max);
            }
            double logSum = max + Math.log(sum);
            total += logSum;
            for (int c = 0; c < k; c++) {
                responsibilities[i][c] = Math.exp(logs[c] - logSum);
            }
        }
        return total / points.length;
    }

    /** M step: weights, means and covariances from the responsibilities. */
    private void maximise(double[][] points, double[][] responsibilities) {
        int n = points.length;
        for (int c = 0; c < k; c++) {
            double mass = 0;
            double[] mean = new double[d];
            for (int i = 0; i < n; i++) {
                double r = responsibilities[i][c];
                mass += r;
                for (int a = 0; a < d; a++) {
                    mean[a] += r * points[i][a];
                }
            }
            // an empty component keeps a negligible weight instead of dividing by zero
            double safeMass = Math.max(mass, 10 * Double.MIN_NORMAL);
            for (int a = 0; a < d; a++) {
                mean[a] /= safeMass;
            }
            double[][] covariance = new double[d][d];
            for (int i = 0; i < n; i++) {
                double r = responsibilities[i][c];
                if (r == 0) {
                    continue;
                }
                for (int a = 0; a < d; a++) {
                    double da = points[i][a] - mean[a];
                    for (int b = 0; b <= a; b++) {
                        covariance[a][b] += r * da * (points[i][b] - mean[b]);
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    covariance[a][b] /= safeMass;
                    covariance[b][a] = covariance[a][b];
                }
                covariance[a][a] += REGULARISATION;
            }
            weights[c] = mass / n;
            means[c] = mean;
            covariances[c] = covariance;
        }
    }

    private double[][][] choleskys() {
        double[][][] choleskys = new double[k][][];
        for (int c = 0; c < k; c++) {
            choleskys[c] = cholesky(covariances[c]);
        }
        return choleskys;
    }

    /** Lower-triangular L with L·Lᵀ = a. */
    static double[][] cholesky(double[][] a) {
        int d = a.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int m = 0; m < j; m++) {
                    sum -= l[i][m] * l[j][m];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new ArithmeticException("covariance is not positive definite");
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    /** log N(x; mean, L·Lᵀ). */
    private static double logDensity(double[] x, double[] mean, double[][] l) {
        int d = x.length;
        double[] z = new double[d];
        double logDeterminant = 0;
        double squared = 0;
        for (int i = 0; i < d; i++) {
            double sum = x[i] - mean[i];
            for (int m = 0; m < i; m++) {
                sum -= l[i][m] * z[m];
            }
            z[i] = sum / l[i][i];
            squared += z[i] * z[i];
            logDeterminant += Math.log(l[i][i]);
        }
        return -0.5 * (d * Math.log(2 * Math.PI) + squared) - logDeterminant;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = a[i] - b[i];
            sum += diff * diff;
        }
        return sum;
    }

    private static double[][] deepClone(double[][] a) {
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }

    private static double[][][] deepClone(double[][][] a) {
        double[][][] copy = new double[a.length][][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = deepClone(a[i]);
        }
        return copy;
    }
}
