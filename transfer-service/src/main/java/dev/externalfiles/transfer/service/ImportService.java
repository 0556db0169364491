package dev.externalfiles.transfer.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.contracts.AccessResolution;
import dev.externalfiles.contracts.ImportRequested;
import dev.externalfiles.contracts.ObjectKeys;
import dev.externalfiles.contracts.TransferKind;
import dev.externalfiles.transfer.agent.AgentClient;
import dev.externalfiles.transfer.agent.StoredFile;
import dev.externalfiles.transfer.integration.TransferAccess;
import dev.externalfiles.transfer.s3.BucketClients;
import dev.externalfiles.transfer.s3.ObjectStore;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Imports and restores: streams one object from the bucket into the kernel through its agent,
 * never holding it whole, and checks that the agent stored exactly the bytes read
 * ({@link ImportCheck}).
 */
@ApplicationScoped
public class ImportService {

    private final TransferAccess access;
    private final BucketClients clients;
    private final ObjectStore store;
    private final AgentClient agent;
    private final Retrier retrier;
    private final TransferReports reports;
    private final ImportCheck check;

    public ImportService(TransferAccess access, BucketClients clients, ObjectStore store, AgentClient agent, Retrier retrier,
            TransferReports reports, ImportCheck check) {
        this.access = access;
        this.clients = clients;
        this.store = store;
        this.agent = agent;
        this.retrier = retrier;
        this.reports = reports;
        this.check = check;
    }

    /** {@code enqueued}: the request's Kafka timestamp, if known. */
    public void handle(ImportRequested request, Instant enqueued) {
        validate(request);
        TransferKind kind = "RESTORE".equals(request.reason()) ? TransferKind.RESTORE : TransferKind.IMPORT;
        TransferReport report = reports.start(request.transferId(), kind, null, enqueued);
        try {
            AccessResolution allowed = report.clock().authorize(() -> retrier.run("authorize " + request.transferId(),
                    () -> access.resolve(request.kernelId(), request.integrationSlug(), TransferAccess.Direction.IMPORT)));
            if (!allowed.allowed()) {
                throw TransferFailure.permanent(allowed.reason(), allowed.detail());
            }
            ObjectKeys.refusalFor(request.key(), allowed.rootPrefix()).ifPresent(refusal -> {
                throw TransferFailure.permanent("UNSAFE_KEY", "'" + request.key() + "' cannot become a file: "
                        + refusal.description);
            });
            if (!ObjectKeys.relativePath(request.key(), allowed.rootPrefix()).equals(request.path())) {
                throw TransferFailure.permanent("PATH_MISMATCH", "the requested path does not match the object key");
            }
            report.running();
            ImportCheck.Transfer checked = check.of(allowed.agentUrl());
            Copied copied = retrier.run("import " + request.transferId(), () -> copy(allowed, request, report, checked));
            report.succeeded(copied.bytes(), copied.etag(), copied.versionId(), copied.sha256());
        } catch (TransferFailure failure) {
            report.ended(failure);
        }
    }

    private Copied copy(AccessResolution allowed, ImportRequested request, TransferReport report,
            ImportCheck.Transfer checked) {
        PhaseClock clock = report.clock();
        S3Client s3 = clients.clientFor(allowed);
        try (var object = clock.s3(() -> store.open(s3, allowed.bucket(), request.key(), request.versionId()))) {
            long size = object.response().contentLength();
            PhaseClock.TimedReads timed = PhaseClock.timedReads(object);
            ImportedBytes read = checked.reading(timed, n -> report.progress(n, size));
            StoredFile stored = clock.split(timed, false,
                    () -> agent.store(allowed.agentUrl(), allowed.slug(), request.path(), read, size));
            String sha256 = checked.verified(read, stored);
            return new Copied(read.count(), object.response().eTag(), object.response().versionId(), sha256);
        } catch (java.io.IOException e) {
            throw TransferFailure.retryable("S3_STREAM_BROKEN", "reading the object failed: " + e.getMessage(), e);
        }
    }

    private static void validate(ImportRequested request) {
        if (request.transferId() == null || blank(request.kernelId()) || blank(request.integrationSlug())
                || blank(request.key()) || blank(request.path())) {
            throw new MalformedEvent("ImportRequested lacks transferId, kernelId, integrationSlug, key or path");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private record Copied(long bytes, String etag, String versionId, String sha256) {
    }
}
