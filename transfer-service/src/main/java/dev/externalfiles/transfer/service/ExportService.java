package dev.externalfiles.transfer.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.externalfiles.contracts.AccessResolution;
import dev.externalfiles.contracts.FileChanged;
import dev.externalfiles.contracts.ObjectKeys;
import dev.externalfiles.contracts.TransferKind;
import dev.externalfiles.transfer.agent.AgentClient;
import dev.externalfiles.transfer.integration.TransferAccess;
import dev.externalfiles.transfer.s3.BucketClients;
import dev.externalfiles.transfer.s3.ObjectStore;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Exports: a file a notebook wrote goes to the bucket when writeback is on and the user may
 * edit. The object is skipped when it already carries the file's sha256 (asked before reading
 * the file, or, for a small first version uploaded only-if-absent, after the bucket said the key
 * is taken), the file is read only if it still has that content, and the upload becomes visible
 * only once verified.
 */
@ApplicationScoped
public class ExportService {

    private final TransferAccess access;
    private final BucketClients clients;
    private final ObjectStore store;
    private final AgentClient agent;
    private final Retrier retrier;
    private final TransferReports reports;

    public ExportService(TransferAccess access, BucketClients clients, ObjectStore store, AgentClient agent, Retrier retrier,
            TransferReports reports) {
        this.access = access;
        this.clients = clients;
        this.store = store;
        this.agent = agent;
        this.retrier = retrier;
        this.reports = reports;
    }

    /** The transfer id of an event: the same for every delivery of it, so repeats are one transfer. */
    public static UUID transferIdOf(FileChanged event) {
        return UUID.nameUUIDFromBytes(("export:" + event.eventId()).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code enqueued}: the event's Kafka timestamp (when the agent published it), if known. */
    public void handle(FileChanged event, Instant enqueued) {
        validate(event);
        TransferReport report = reports.start(transferIdOf(event), TransferKind.EXPORT, new TransferReport.Location(
                event.projectId(), null, event.kernelId(), event.userId(), event.path(), event.path()), enqueued);
        PhaseClock clock = report.clock();
        try {
            ObjectKeys.refusalFor(event.path()).ifPresent(refusal -> {
                throw TransferFailure.permanent("UNSAFE_PATH", "'" + event.path() + "' cannot be exported: "
                        + refusal.description);
            });
            AccessResolution allowed = clock.authorize(() -> retrier.run("authorize " + report.transferId(),
                    () -> access.resolve(event.kernelId(), event.slug(), TransferAccess.Direction.EXPORT)));
            if (!allowed.allowed()) {
                throw TransferFailure.skip(allowed.reason(), allowed.detail());
            }
            String key = allowed.keyOf(event.path());
            report.locate(new TransferReport.Location(allowed.projectId(), allowed.integrationId(), event.kernelId(),
                    event.userId(), key, event.path()));
            ObjectStore.Uploaded uploaded = retrier.run("export " + report.transferId(), () -> copy(allowed, event, key, report));
            report.succeeded(event.size(), uploaded.etag(), uploaded.versionId(), event.sha256());
        } catch (TransferFailure failure) {
            report.ended(failure);
        }
    }

    private ObjectStore.Uploaded copy(AccessResolution allowed, FileChanged event, String key, TransferReport report) {
        PhaseClock clock = report.clock();
        S3Client s3 = clients.clientFor(allowed);
        // A first version small enough for one PUT is uploaded only-if-absent without asking first: one request
        // instead of two for the commonest export, a file the notebook has just created (dev/bench small-files).
        boolean probablyAbsent = event.firstVersion() && store.uploadsWhole(event.size());
        if (!probablyAbsent) {
            ObjectStore.requireOtherContent(clock.s3(() -> store.head(s3, allowed.bucket(), key)), event.sha256());
        }
        report.running();
        try (AgentClient.AgentFile file = clock.agent(
                () -> agent.open(allowed.agentUrl(), allowed.slug(), event.path(), event.sha256()))) {
            long size = file.length() >= 0 ? file.length() : event.size();
            PhaseClock.TimedReads body = PhaseClock.timedReads(file.body());
            ExpectedContent expected = ExpectedContent.of(event);
            return clock.split(body, true, () -> store.upload(s3, allowed.bucket(), key, body, size, expected,
                    allowed.checksumMode(), probablyAbsent, n -> report.progress(n, size)));
        }
    }

    private static void validate(FileChanged event) {
        if (event.eventId() == null || blank(event.kernelId()) || blank(event.slug()) || blank(event.path())
                || !Sha256.isHex(event.sha256()) || event.size() < 0) {
            throw new MalformedEvent("FileChanged lacks eventId, kernelId, slug or path, or has a bad sha256 or size");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
