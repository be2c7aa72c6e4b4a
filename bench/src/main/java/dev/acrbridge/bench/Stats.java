package dev.acrbridge.bench;

import java.util.List;

/** Order statistics of a series of measurements. */
record Stats(int n, double median, double min, double max) {
    static Stats of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Stats(v.length, median, v[0], v[v.length - 1]);
    }
}
