package dev.externalfiles.transfer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.externalfiles.contracts.ChecksumMode;
import dev.externalfiles.contracts.Crc32c;
import dev.externalfiles.transfer.config.TransferConfig;
import dev.externalfiles.transfer.service.ExpectedContent;
import dev.externalfiles.transfer.service.Sha256;
import dev.externalfiles.transfer.service.TransferFailure;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The requests an upload makes, against a scripted store: a first version goes only-if-absent
 * without asking first, and only a taken key (412) or a store without conditional writes (501)
 * costs the HEAD; a multipart upload sends exactly the file's bytes in its reused part buffers
 * and is completed only if they hash right. Every path gives its buffers back.
 */
class ObjectStoreTest {

    private static final byte[] CONTENT = "id,value\n1,42\n".getBytes(StandardCharsets.UTF_8);
    private static final String SHA = Sha256.of(CONTENT);
    /** From an agent before FileChanged carried a CRC32C: the bytes are checked against the sha256. */
    private static final ExpectedContent BY_SHA = new ExpectedContent(SHA, null);
    private static final long BUDGET = 32L << 20;
    private static final String SMALL = "out/data.csv";
    private static final String LARGE = "out/large.bin";

    private final TransferConfig config = new FixedTransferConfig(16L << 20, 8L << 20, 4, BUDGET);
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
        assertNeverSent("other".getBytes(StandardCharsets.UTF_8), 5, BY_SHA);
    }

    @Test
    void bytesBeyondTheAnnouncedSizeAreNeverSent() {
        byte[] grown = (new String(CONTENT, StandardCharsets.UTF_8) + "2,43\n").getBytes(StandardCharsets.UTF_8);
        assertNeverSent(grown, CONTENT.length, BY_SHA);
    }

    @Test
    void aLargeFileGoesInPartsOfExactlyItsBytesThroughReusedBuffers() {
        // Three uploads of 2.5 parts each: the short last part is cut from a full-size reused array.
        for (int upload = 0; upload < 3; upload++) {
            byte[] content = random((20 << 20) + 3, upload);
            s3.parts.clear();
            upload(LARGE, content, content.length, expected(content), false);
            assertEquals(List.of(8 << 20, 8 << 20, (4 << 20) + 3), s3.parts.stream().map(p -> p.length).toList());
            assertEquals(Sha256.of(content), Sha256.of(concat(s3.parts)), "the parts hold the file's bytes in order");
        }
        assertEquals(List.of("LIST-UPLOADS", "CREATE", "PART", "PART", "PART", "COMPLETE"), s3.requests.subList(0, 6));
        assertBudgetReturned();
    }

    /** Repeated: its last part is often cancelled before a thread began it, which once leaked that part's buffer. */
    @RepeatedTest(20)
    void aLargeFileThatGrewWhileReadIsAbortedNotCompleted() {
        byte[] content = random((17 << 20), 9);
        assertAbortedAsSuperseded(content, content.length - 1, expected(content));
    }

    /**
     * An event with a CRC32C is checked by it alone: the right bytes go up with the event's
     * sha256 on the object (not one computed here), other bytes of the same size are never sent.
     */
    @Test
    void aSmallFileIsCheckedAgainstTheEventsCrc32cWhenItHasOne() {
        String crc = Crc32c.of(CONTENT, 0, CONTENT.length);
        String recordedSha = "b".repeat(64);
        s3.putAnswers.add(null);
        upload(SMALL, CONTENT, CONTENT.length, new ExpectedContent(recordedSha, crc), true);
        assertEquals(recordedSha, s3.lastMetadata.get(ObjectStore.SHA256_METADATA));

        byte[] changed = CONTENT.clone();
        changed[3] ^= 1;
        s3.requests.clear();
        assertNeverSent(changed, changed.length, new ExpectedContent(SHA, crc));
    }

    /** A large file whose bytes changed (same size) while read: its CRC32C differs and the upload is aborted. */
    @Test
    void aLargeFileChangedWhileReadFailsItsCrc32cAndIsAborted() {
        byte[] content = random((17 << 20), 11);
        String crc = Crc32c.of(content, 0, content.length);
        byte[] changed = content.clone();
        changed[changed.length - 5] ^= 0x40;
        assertAbortedAsSuperseded(changed, changed.length, new ExpectedContent(Sha256.of(content), crc));
    }

    /**
     * An event of an older agent (no CRC32C) is checked against its sha256 in parts too: the
     * right bytes are completed, bytes changed at the same size are aborted.
     */
    @Test
    void aLargeFileFromAnOlderAgentIsCheckedAgainstItsSha256() {
        byte[] content = random((17 << 20), 12);
        ExpectedContent bySha = new ExpectedContent(Sha256.of(content), null);
        upload(LARGE, content, content.length, bySha, false);
        assertTrue(s3.requests.contains("COMPLETE"), "completed: " + s3.requests);

        byte[] changed = content.clone();
        changed[100] ^= 1;
        s3.requests.clear();
        assertAbortedAsSuperseded(changed, changed.length, bySha);
    }

    /**
     * With a CRC32C only the CRC32C decides: a sha256 that does not match the bytes (it is
     * recorded on the object, not recomputed) does not stop an upload whose CRC32C matches.
     */
    @Test
    void aLargeFileWithACrc32cIsNotHashedAgain() {
        byte[] content = random((17 << 20), 13);
        String recordedSha = "c".repeat(64);
        upload(LARGE, content, content.length, new ExpectedContent(recordedSha, Crc32c.of(content, 0, content.length)), false);
        assertTrue(s3.requests.contains("COMPLETE"), "completed: " + s3.requests);
        assertEquals(recordedSha, s3.lastMetadata.get(ObjectStore.SHA256_METADATA), "the event's sha256 is recorded");
        assertBudgetReturned();
    }

    /** The agents of today send a CRC32C; the large-file cases above run with it. */
    private static ExpectedContent expected(byte[] content) {
        return new ExpectedContent(Sha256.of(content), Crc32c.of(content, 0, content.length));
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(List<byte[]> parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        parts.forEach(all::writeBytes);
        return all.toByteArray();
    }

    private ObjectStore.Uploaded upload(boolean probablyAbsent) {
        return upload(SMALL, CONTENT, CONTENT.length, BY_SHA, probablyAbsent);
    }

    /** Uploads {@code bytes} announced as {@code size} bytes of the {@code expected} content. */
    private ObjectStore.Uploaded upload(String key, byte[] bytes, long size, ExpectedContent expected, boolean probablyAbsent) {
        return store.upload(s3, "bucket", key, new ByteArrayInputStream(bytes), size, expected, ChecksumMode.WHEN_SUPPORTED,
                probablyAbsent, n -> {
                });
    }

    /** A small file whose bytes are not the announced content: SKIPPED as superseded before any request. */
    private void assertNeverSent(byte[] bytes, long size, ExpectedContent expected) {
        TransferFailure skipped = assertThrows(TransferFailure.class, () -> upload(SMALL, bytes, size, expected, true));
        assertEquals("SUPERSEDED", skipped.code());
        assertEquals(List.of(), s3.requests, "nothing was sent");
        assertBudgetReturned();
    }

    /** A large file whose bytes are not the announced content: SKIPPED as superseded, its upload aborted. */
    private void assertAbortedAsSuperseded(byte[] bytes, long size, ExpectedContent expected) {
        TransferFailure skipped = assertThrows(TransferFailure.class, () -> upload(LARGE, bytes, size, expected, false));
        assertEquals("SUPERSEDED", skipped.code());
        assertTrue(s3.requests.contains("ABORT"), "the upload is aborted: " + s3.requests);
        assertFalse(s3.requests.contains("COMPLETE"), "and never completed");
        assertBudgetReturned();
    }

    private void assertBudgetReturned() {
        // All of it can be taken at once again only if every upload gave its room back (a leak would wait forever).
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            budget.acquire(BUDGET);
            budget.release(BUDGET);
        }, "every buffer was given back to the budget");
    }

    private static S3Exception error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    /** Answers PUTs from a script (null: success) and HEADs with one answer (null: no such key); records what was asked. */
    private static final class ScriptedStore implements S3Client {
        final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
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

        final List<byte[]> parts = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public ListMultipartUploadsResponse listMultipartUploads(ListMultipartUploadsRequest request) {
            requests.add("LIST-UPLOADS");
            return ListMultipartUploadsResponse.builder().build();
        }

        @Override
        public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
            requests.add("CREATE");
            lastMetadata = request.metadata();
            return CreateMultipartUploadResponse.builder().uploadId("upload-1").build();
        }

        @Override
        public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
            requests.add("PART");
            try (var in = body.contentStreamProvider().newStream()) {
                byte[] bytes = in.readAllBytes();
                synchronized (parts) {
                    while (parts.size() < request.partNumber()) {
                        parts.add(null);
                    }
                    parts.set(request.partNumber() - 1, bytes);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return UploadPartResponse.builder().eTag("\"part-" + request.partNumber() + "\"").build();
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
            requests.add("COMPLETE");
            return CompleteMultipartUploadResponse.builder().eTag("\"whole-3\"").build();
        }

        @Override
        public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
            requests.add("ABORT");
            return AbortMultipartUploadResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }
}
