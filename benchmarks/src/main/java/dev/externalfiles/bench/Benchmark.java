package dev.externalfiles.bench;

/** One benchmark that dev/bench can run by name: it starts what it needs and reports its figures. */
interface Benchmark {

    /** The usage line's options, e.g. {@code [--size 2G] [--runs 3]}. */
    String usage();

    /** Runs the benchmark, prints its table and, unless {@code --report none}, writes its section of docs/benchmarks.md. */
    void run(Options options) throws Exception;
}
