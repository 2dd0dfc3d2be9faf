package org.rfmstream.trainer.value;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Maximum likelihood over positive parameters: Hipparchus' BOBYQA (Powell's bound-constrained trust-region method,
 * no derivatives needed) on the logarithms of the parameters, from several starts; the highest likelihood wins.
 * Working on logarithms keeps every parameter positive and makes one step mean the same relative change whatever
 * the parameter's scale. The search box is {@code [-LOG_BOUND, LOG_BOUND]} per log-parameter (e^-15 .. e^15): a
 * maximum on its edge means the data do not pin the parameter down, and the fit is refused as degenerate.
 */
final class MaximumLikelihood {

    static final double LOG_BOUND = 15;
    private static final double EDGE = 0.05;
    private static final double INITIAL_RADIUS = 0.5;
    private static final double STOPPING_RADIUS = 1e-9;
    private static final int MAX_EVALUATIONS = 4000;
    private static final double SPREAD = 1.0;

    private MaximumLikelihood() {
    }

    /** The parameters (not their logs) at the maximum, the log-likelihood there, and the evaluations it took. */
    record Maximum(double[] parameters, double logLikelihood, int evaluations) {
    }

    /**
     * @param names       the parameters' names, for messages
     * @param starts      the starting parameters to try; more starts are added around the first, seeded, until
     *                    there are {@code startCount}
     * @throws FitException when no start gives a finite maximum, or the best lies on the edge of the search box
     */
    static Maximum maximise(String[] names, ToDoubleFunction<double[]> logLikelihood, double[][] starts,
                            int startCount, long seed) {
        int dimension = names.length;
        double[][] logStarts = new double[Math.max(startCount, starts.length)][];
        for (int s = 0; s < starts.length; s++) {
            logStarts[s] = logs(starts[s]);
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int s = starts.length; s < logStarts.length; s++) {
            logStarts[s] = new double[dimension];
            for (int d = 0; d < dimension; d++) {
                logStarts[s][d] = logStarts[0][d] + random.nextDouble(-SPREAD, SPREAD);
            }
        }
        ObjectiveFunction objective = new ObjectiveFunction(point -> {
            double[] parameters = new double[dimension];
            for (int d = 0; d < dimension; d++) {
                parameters[d] = Math.exp(point[d]);
            }
            double value = logLikelihood.applyAsDouble(parameters);
            // BOBYQA needs a number everywhere: a point where the likelihood overflows is simply a bad one
            return Double.isFinite(value) ? value : -Double.MAX_VALUE;
        });
        double[] lower = new double[dimension];
        double[] upper = new double[dimension];
        java.util.Arrays.fill(lower, -LOG_BOUND);
        java.util.Arrays.fill(upper, LOG_BOUND);
        PointValuePair best = null;
        int evaluations = 0;
        String lastProblem = null;
        for (double[] start : logStarts) {
            clamp(start);
            BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * dimension + 1, INITIAL_RADIUS, STOPPING_RADIUS);
            try {
                PointValuePair found = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), objective, GoalType.MAXIMIZE,
                        new InitialGuess(start), new SimpleBounds(lower, upper));
                evaluations += optimizer.getEvaluations();
                if (found.getValue() > -Double.MAX_VALUE && (best == null || found.getValue() > best.getValue())) {
                    best = found;
                }
            } catch (MathRuntimeException e) {
                evaluations += optimizer.getEvaluations();
                lastProblem = e.getMessage();
            }
        }
        if (best == null) {
            throw new FitException("no start reached a finite maximum of the likelihood"
                    + (lastProblem == null ? "" : " (" + lastProblem + ")"));
        }
        double[] point = best.getPoint();
        double[] parameters = new double[dimension];
        for (int d = 0; d < dimension; d++) {
            if (Math.abs(point[d]) > LOG_BOUND - EDGE) {
                throw new FitException(names[d] + " ran to the edge of the search (" + Math.exp(point[d])
                        + "): the data do not determine it");
            }
            parameters[d] = Math.exp(point[d]);
        }
        return new Maximum(parameters, best.getValue(), evaluations);
    }

    private static double[] logs(double[] parameters) {
        double[] logs = new double[parameters.length];
        for (int d = 0; d < parameters.length; d++) {
            logs[d] = Math.log(parameters[d]);
        }
        return logs;
    }

    private static void clamp(double[] point) {
        for (int d = 0; d < point.length; d++) {
            point[d] = Math.max(-LOG_BOUND + 1, Math.min(LOG_BOUND - 1, point[d]));
        }
    }
}
