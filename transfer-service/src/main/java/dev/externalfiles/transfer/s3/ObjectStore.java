package dev.externalfiles.transfer.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.externalfiles.contracts.ChecksumMode;
import dev.externalfiles.transfer.config.TransferConfig;
import dev.externalfiles.transfer.service.ExpectedContent;
import dev.externalfiles.transfer.service.TransferFailure;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads and writes the objects of one bucket. Uploads carry the content's sha256 in user
 * metadata (so a repeated export is recognised and skipped) and are verified before they become
 * visible: a single PUT is buffered (up to the multipart threshold) and checked first; a multipart
 * upload is completed only if the streamed bytes are what was announced ({@link ExpectedContent}:
 * the event's CRC32C, or its sha256), else aborted, so no
 * half-written object and no orphaned parts remain. A single PUT of an object that most likely
 * does not exist yet goes only-if-absent ({@code If-None-Match: *}), which spares the HEAD before
 * it; only if the key turns out to be taken is the object asked for its sha256.
 */
@ApplicationScoped
public class ObjectStore {

    /** User metadata key holding the lower-case hex sha256 of the object's content. */
    public static final String SHA256_METADATA = "sha256";
    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private final TransferConfig config;
    private final BufferBudget budget;
    private final ExecutorService partUploads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "multipart-part");
        t.setDaemon(true);
        return t;
    });

    public ObjectStore(TransferConfig config, BufferBudget budget) {
        this.config = config;
        this.budget = budget;
    }

    /** The sha256 recorded on the object, if it exists and carries one. */
    public Optional<HeadObjectResponse> head(S3Client s3, String bucket, String key) {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw S3Failures.classify(e, bucket, key);
        } catch (SdkException e) {
            throw S3Failures.classify(e, bucket, key);
        }
    }

    public static Optional<String> sha256Of(HeadObjectResponse head) {
        return Optional.ofNullable(head.metadata().get(SHA256_METADATA));
    }

    /** SKIPPED as ALREADY_EXPORTED if the object (if any) already carries this sha256. */
    public static void requireOtherContent(Optional<HeadObjectResponse> existing, String sha256) {
        if (existing.flatMap(ObjectStore::sha256Of).filter(sha256::equals).isPresent()) {
            throw TransferFailure.skip("ALREADY_EXPORTED", "the object already has this content");
        }
    }

    /** Whether an upload of this many bytes is a single PUT, the only kind that can go only-if-absent. */
    public boolean uploadsWhole(long size) {
        return size < config.multipartThreshold().asLongValue();
    }

    /** Opens the object for streaming; the caller closes the stream. */
    public ResponseInputStream<GetObjectResponse> open(S3Client s3, String bucket, String key, String versionId) {
        try {
            return s3.getObject(r -> r.bucket(bucket).key(key).versionId(versionId));
        } catch (SdkException e) {
            throw S3Failures.classify(e, bucket, key);
        }
    }

    /**
     * Uploads {@code size} bytes read from {@code in}, which must be the {@code expected} content
     * (its sha256 is recorded on the object); answers the ETag and version id. A mismatch means
     * the file changed while it was read: SKIPPED as superseded (its newer version has its own
     * event). {@code probablyAbsent} (only for sizes that {@link #uploadsWhole}): the caller did
     * not look at the key; the PUT goes only-if-absent and, if the key is taken, the object is
     * replaced unless it already has this content (SKIPPED as ALREADY_EXPORTED).
     */
    public Uploaded upload(S3Client s3, String bucket, String key, InputStream in, long size, ExpectedContent expected,
            ChecksumMode checksumMode, boolean probablyAbsent, LongConsumer progress) {
        try {
            return uploadsWhole(size)
                    ? putWhole(s3, bucket, key, in, size, expected, checksumMode, probablyAbsent, progress)
                    : putInParts(s3, bucket, key, in, size, expected, checksumMode, progress);
        } catch (SdkException e) {
            throw S3Failures.classify(e, bucket, key);
        } catch (IOException e) {
            throw TransferFailure.retryable("AGENT_STREAM_BROKEN", "reading the file from the agent failed: " + e.getMessage(),
                    e);
        }
    }

    private Uploaded putWhole(S3Client s3, String bucket, String key, InputStream in, long size, ExpectedContent expected,
            ChecksumMode checksumMode, boolean probablyAbsent, LongConsumer progress) throws IOException {
        String sha256 = expected.sha256();
        budget.acquire(size);
        try {
            // Read into an array of the announced size (readNBytes(int) would gather chunks and copy them once more);
            // a byte beyond it means the file grew since its event.
            byte[] bytes = new byte[(int) size];
            int read = in.readNBytes(bytes, 0, bytes.length);
            progress.accept(read);
            requireContent(read == size && in.read() < 0 && expected.matches(bytes, read), key);
            if (probablyAbsent) {
                try {
                    return put(s3, bucket, key, bytes, sha256, checksumMode, true);
                } catch (S3Exception e) {
                    if (e.statusCode() != 412 && !refusesConditions(e)) {
                        throw e;
                    }
                }
                // Taken after all (written behind the kernel's back, or this very event delivered again), or a store
                // without conditional writes: ask, as for any later version.
                requireOtherContent(head(s3, bucket, key), sha256);
            }
            return put(s3, bucket, key, bytes, sha256, checksumMode, false);
        } finally {
            budget.release(size);
        }
    }

    /** A store that does not implement conditional writes says so with 501 NotImplemented. */
    private static boolean refusesConditions(S3Exception e) {
        return e.statusCode() == 501
                || e.awsErrorDetails() != null && "NotImplemented".equals(e.awsErrorDetails().errorCode());
    }

    private static Uploaded put(S3Client s3, String bucket, String key, byte[] bytes, String sha256,
            ChecksumMode checksumMode, boolean onlyIfAbsent) {
        var response = s3.putObject(r -> {
            r.bucket(bucket).key(key).metadata(Map.of(SHA256_METADATA, sha256));
            if (checksumMode == ChecksumMode.WHEN_SUPPORTED) {
                r.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
            }
            if (onlyIfAbsent) {
                r.ifNoneMatch("*");
            }
        }, body(bytes, bytes.length));
        return new Uploaded(response.eTag(), response.versionId());
    }

    private Uploaded putInParts(S3Client s3, String bucket, String key, InputStream in, long size, ExpectedContent expected,
            ChecksumMode checksumMode, LongConsumer progress) throws IOException {
        String sha256 = expected.sha256();
        abortStaleUploads(s3, bucket, key);
        boolean crc = checksumMode == ChecksumMode.WHEN_SUPPORTED;
        String uploadId = s3.createMultipartUpload(r -> {
            r.bucket(bucket).key(key).metadata(Map.of(SHA256_METADATA, sha256));
            if (crc) {
                r.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
            }
        }).uploadId();
        int partSize = budget.partSize();
        // Parts of this file in flight, the one being read included; each part's buffer also comes out of the budget.
        Semaphore window = new Semaphore(config.partConcurrency() + 1);
        List<PartUpload> parts = new ArrayList<>();
        ExpectedContent.Check check = expected.check();
        long read = 0;
        try {
            for (int number = 1; read < size; number++) {
                acquire(window);
                byte[] buffer = budget.takePart();
                PartUpload part = new PartUpload(() -> {
                    budget.givePart(buffer);
                    window.release();
                });
                parts.add(part);
                int length = in.readNBytes(buffer, 0, (int) Math.min(partSize, size - read));
                if (length == 0) {
                    break; // the file ended early: requireContent fails below, and the catch gives this buffer back
                }
                read += length;
                check.update(buffer, length);
                progress.accept(read);
                int partNumber = number;
                part.send(partUploads, () -> {
                    var answer = s3.uploadPart(r -> {
                        r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                                .contentLength((long) length);
                        if (crc) {
                            r.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
                        }
                    }, body(buffer, length));
                    return CompletedPart.builder().partNumber(partNumber).eTag(answer.eTag())
                            .checksumCRC32C(answer.checksumCRC32C()).build();
                });
            }
            boolean extra = in.read() >= 0;
            requireContent(read == size && !extra && check.matches(), key);
            List<CompletedPart> completed = new ArrayList<>();
            for (PartUpload part : parts) {
                completed.add(await(part.sent));
            }
            var done = s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(completed)));
            return new Uploaded(done.eTag(), done.versionId());
        } catch (RuntimeException | IOException e) {
            parts.forEach(PartUpload::cancel);
            abort(s3, bucket, key, uploadId);
            throw e;
        }
    }

    /**
     * One part: its upload and the buffers it holds, given back exactly once, by the upload when
     * it ends or by {@link #cancel} if it never began (not yet sent, or cancelled before a thread
     * started it: a cancelled task's body never runs, so neither would its finally).
     */
    private static final class PartUpload {
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final Runnable giveBack;
        private Future<CompletedPart> sent;

        PartUpload(Runnable giveBack) {
            this.giveBack = giveBack;
        }

        void send(ExecutorService pool, Supplier<CompletedPart> upload) {
            sent = pool.submit(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    return null; // cancelled before it began; nobody waits for it
                }
                try {
                    return upload.get();
                } finally {
                    giveBack.run();
                }
            });
        }

        /** A running upload is interrupted and gives its buffers back as it ends; one that never began, here. */
        void cancel() {
            if (sent != null) {
                sent.cancel(true);
            }
            if (claimed.compareAndSet(false, true)) {
                giveBack.run();
            }
        }
    }

    /**
     * The first {@code length} bytes of the array as they are, read afresh for every attempt the
     * SDK makes: {@code RequestBody.fromBytes} would copy them once more. The array (a whole
     * file's, or a reused part buffer) is not written while the request that sends it runs.
     */
    private static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }

    /** A crashed earlier attempt may have left parts of this key behind; they are ours to remove. */
    private static void abortStaleUploads(S3Client s3, String bucket, String key) {
        List<MultipartUpload> stale = s3.listMultipartUploads(r -> r.bucket(bucket).prefix(key)).uploads().stream()
                .filter(u -> u.key().equals(key)).toList();
        for (MultipartUpload upload : stale) {
            LOG.infof("aborting stale multipart upload %s of %s", upload.uploadId(), key);
            abort(s3, bucket, key, upload.uploadId());
        }
    }

    private static void abort(S3Client s3, String bucket, String key, String uploadId) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.warnf("could not abort multipart upload %s of %s: %s", uploadId, key, e.getMessage());
        }
    }

    private static void requireContent(boolean matches, String key) {
        if (!matches) {
            throw TransferFailure.skip("SUPERSEDED", "'" + key + "' changed while it was read; its newer version is exported");
        }
    }

    private static void acquire(Semaphore buffers) {
        try {
            buffers.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TransferFailure.permanent("INTERRUPTED", "the service is stopping");
        }
    }

    private static CompletedPart await(Future<CompletedPart> part) {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TransferFailure.permanent("INTERRUPTED", "the service is stopping");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }

    @PreDestroy
    void stop() {
        partUploads.shutdownNow();
    }

    /** What S3 answered for a completed upload. */
    public record Uploaded(String etag, String versionId) {
    }
}
