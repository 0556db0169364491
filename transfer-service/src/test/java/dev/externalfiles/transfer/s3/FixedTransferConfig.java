package dev.externalfiles.transfer.s3;

import java.math.BigInteger;
import java.time.Duration;

import dev.externalfiles.transfer.config.TransferConfig;
import io.quarkus.runtime.configuration.MemorySize;

/** The upload settings of a unit test; what uploads do not read is refused. */
record FixedTransferConfig(long threshold, long part, int partsAtOnce, long budget) implements TransferConfig {

    @Override
    public MemorySize multipartThreshold() {
        return new MemorySize(BigInteger.valueOf(threshold));
    }

    @Override
    public MemorySize partSize() {
        return new MemorySize(BigInteger.valueOf(part));
    }

    @Override
    public int partConcurrency() {
        return partsAtOnce;
    }

    @Override
    public int concurrency() {
        return 16;
    }

    @Override
    public MemorySize bufferMemory() {
        return new MemorySize(BigInteger.valueOf(budget));
    }

    @Override
    public Duration progressInterval() {
        return Duration.ofSeconds(1);
    }

    @Override
    public Duration accessCacheTtl() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Retry retry() {
        throw new UnsupportedOperationException("not used by uploads");
    }

    @Override
    public Agent agent() {
        throw new UnsupportedOperationException("not used by uploads");
    }
}
