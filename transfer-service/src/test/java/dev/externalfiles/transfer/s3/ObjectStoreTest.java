package dev.externalfiles.transfer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.externalfiles.contracts.ChecksumMode;
import dev.externalfiles.transfer.config.TransferConfig;
import dev.externalfiles.transfer.service.Sha256;
import dev.externalfiles.transfer.service.TransferFailure;
import io.quarkus.runtime.configuration.MemorySize;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The requests a single-PUT upload makes, against a scripted store: a first version goes
 * only-if-absent without asking first, and only a taken key (412) or a store without conditional
 * writes (501) costs the HEAD. Every path gives its buffer back.
 */
class ObjectStoreTest {

    private static final byte[] CONTENT = "id,value\n1,42\n".getBytes(StandardCharsets.UTF_8);
    private static final String SHA = Sha256.of(CONTENT);
    private static final long BUDGET = 32L << 20;

    private final TransferConfig config = new Config();
    private final BufferBudget budget = new BufferBudget(config);
    private final ObjectStore store = new ObjectStore(config, budget);
    private final ScriptedStore s3 = new ScriptedStore();

    @Test
    void aFirstVersionIsOnePutOnlyIfAbsent() {
        s3.putAnswers.add(null);
        ObjectStore.Uploaded uploaded = upload(true);
        assertEquals(List.of("PUT if-none-match=*"), s3.requests);
        assertEquals("\"etag-1\"", uploaded.etag());
        assertEquals(SHA, s3.lastMetadata.get(ObjectStore.SHA256_METADATA), "the object carries the sha256");
        assertBudgetReturned();
    }

    /**
     * A key taken by other content (412) and a store without conditional writes (501, no such
     * key) go the same way: asked, then written plainly.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({ "412, PreconditionFailed, true", "501, NotImplemented, false" })
    void aConditionalPutRefusedIsAskedThenWrittenPlainly(int status, String code, boolean taken) {
        s3.putAnswers.add(error(status, code));
        s3.putAnswers.add(null);
        s3.headAnswer = taken
                ? HeadObjectResponse.builder().metadata(Map.of(ObjectStore.SHA256_METADATA, "0".repeat(64))).build()
                : null; // no such key
        upload(true);
        assertEquals(List.of("PUT if-none-match=*", "HEAD", "PUT"), s3.requests);
        assertNull(s3.lastIfNoneMatch, "the second PUT is unconditional");
        assertBudgetReturned();
    }

    @Test
    void aTakenKeyWithTheSameContentIsSkippedAsAlreadyExported() {
        s3.putAnswers.add(error(412, "PreconditionFailed"));
        s3.headAnswer = HeadObjectResponse.builder().metadata(Map.of(ObjectStore.SHA256_METADATA, SHA)).build();
        TransferFailure skipped = assertThrows(TransferFailure.class, () -> upload(true));
        assertEquals("ALREADY_EXPORTED", skipped.code());
        assertEquals(TransferFailure.Outcome.SKIP, skipped.outcome());
        assertEquals(List.of("PUT if-none-match=*", "HEAD"), s3.requests);
        assertBudgetReturned();
    }

    @Test
    void anyOtherRefusalOfTheConditionalPutFailsTheAttemptWithoutMore() {
        s3.putAnswers.add(error(403, "AccessDenied"));
        TransferFailure failed = assertThrows(TransferFailure.class, () -> upload(true));
        assertEquals("S3_ACCESS_DENIED", failed.code());
        assertEquals(List.of("PUT if-none-match=*"), s3.requests);
        assertBudgetReturned();
    }

    @Test
    void aLaterVersionIsAPlainPut() {
        // ExportService asked with a HEAD before (not a first version), so the upload itself is one plain PUT.
        s3.putAnswers.add(null);
        upload(false);
        assertEquals(List.of("PUT"), s3.requests);
        assertNull(s3.lastIfNoneMatch);
        assertBudgetReturned();
    }

    @Test
    void bytesThatDoNotHashToTheAnnouncedSha256AreNeverSent() {
        TransferFailure skipped = assertThrows(TransferFailure.class, () -> store.upload(s3, "bucket", "key",
                new ByteArrayInputStream("other".getBytes(StandardCharsets.UTF_8)), 5, SHA, ChecksumMode.WHEN_SUPPORTED,
                true, n -> {
                }));
        assertEquals("SUPERSEDED", skipped.code());
        assertEquals(List.of(), s3.requests);
        assertBudgetReturned();
    }

    private ObjectStore.Uploaded upload(boolean probablyAbsent) {
        return store.upload(s3, "bucket", "out/data.csv", new ByteArrayInputStream(CONTENT), CONTENT.length, SHA,
                ChecksumMode.WHEN_SUPPORTED, probablyAbsent, n -> {
                });
    }

    private void assertBudgetReturned() {
        // All of it can be taken at once again only if every upload gave its room back.
        budget.acquire(BUDGET);
        budget.release(BUDGET);
    }

    private static S3Exception error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    /** Answers PUTs from a script (null: success) and HEADs with one answer (null: no such key); records what was asked. */
    private static final class ScriptedStore implements S3Client {
        final List<String> requests = new ArrayList<>();
        final LinkedList<S3Exception> putAnswers = new LinkedList<>(); // null: success
        HeadObjectResponse headAnswer;
        Map<String, String> lastMetadata;
        String lastIfNoneMatch;
        int puts;

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            requests.add(request.ifNoneMatch() == null ? "PUT" : "PUT if-none-match=" + request.ifNoneMatch());
            lastMetadata = request.metadata();
            lastIfNoneMatch = request.ifNoneMatch();
            S3Exception answer = putAnswers.isEmpty() ? null : putAnswers.poll();
            if (answer != null) {
                throw answer;
            }
            return PutObjectResponse.builder().eTag("\"etag-" + ++puts + "\"").build();
        }

        @Override
        public HeadObjectResponse headObject(HeadObjectRequest request) {
            requests.add("HEAD");
            if (headAnswer == null) {
                throw NoSuchKeyException.builder().statusCode(404).build();
            }
            return headAnswer;
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }

    private static final class Config implements TransferConfig {
        @Override
        public MemorySize multipartThreshold() {
            return new MemorySize(BigInteger.valueOf(16L << 20));
        }

        @Override
        public MemorySize partSize() {
            return new MemorySize(BigInteger.valueOf(8L << 20));
        }

        @Override
        public int partConcurrency() {
            return 4;
        }

        @Override
        public int concurrency() {
            return 16;
        }

        @Override
        public MemorySize bufferMemory() {
            return new MemorySize(BigInteger.valueOf(BUDGET));
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
            throw new UnsupportedOperationException("not used by ObjectStore");
        }

        @Override
        public Agent agent() {
            throw new UnsupportedOperationException("not used by ObjectStore");
        }
    }
}
