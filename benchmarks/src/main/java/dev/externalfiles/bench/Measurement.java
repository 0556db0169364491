package dev.externalfiles.bench;

/** One timed run: wall time, the peak resident set of the measured process, its peak heap (-1 if not a JVM). */
record Measurement(long nanos, long peakRssBytes, long peakHeapBytes) {

    double seconds() {
        return nanos / 1e9;
    }
}
