package dev.externalfiles.integration.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.externalfiles.contracts.TransferKind;
import dev.externalfiles.contracts.TransferState;
import dev.externalfiles.contracts.TransferStatus;
import dev.externalfiles.integration.domain.Integration;
import dev.externalfiles.integration.domain.ManifestEntry;
import dev.externalfiles.integration.domain.Project;
import dev.externalfiles.integration.domain.ProjectGrant;
import dev.externalfiles.integration.domain.Transfer;
import dev.externalfiles.integration.messaging.TransferFeed;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Keeps each transfer's latest state from the transfer-service's reports, updates the manifest
 * when an import lands, and serves a project's history and live progress. Applying a report
 * is idempotent: repeats change nothing and a final state is never overwritten.
 */
@ApplicationScoped
public class TransferService {

    private static final Logger LOG = Logger.getLogger(TransferService.class);
    private static final int MAX_LIST = 500;
    /** Bytes of a NOTIFY payload we allow ourselves (PostgreSQL's limit is 8000). */
    private static final int NOTIFY_LIMIT = 7000;

    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public TransferService(ObjectMapper json, MeterRegistry metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    /** Applies one status report; a report that can never apply fails with {@link MalformedEvent}. */
    public Uni<TransferView> apply(TransferStatus status) {
        validate(status);
        return Panache.withTransaction(() -> Transfer.<Transfer> findById(status.transferId())
                .chain(existing -> existing != null ? Uni.createFrom().item(existing) : newExport(status))
                .chain(transfer -> {
                    if (!advances(transfer.state, status.state()) || transfer.kind != status.kind()) {
                        LOG.debugf("transfer %s is %s; %s report %s ignored", transfer.id, transfer.state, status.kind(),
                                status.state());
                        return Uni.createFrom().item(new Applied(TransferView.of(transfer), false));
                    }
                    TransferState before = transfer.state;
                    transfer.state = status.state();
                    if (status.bytes() != null && status.bytes() >= transfer.bytes) {
                        transfer.bytes = status.bytes();
                    }
                    if (status.totalBytes() != null) {
                        transfer.totalBytes = status.totalBytes();
                    }
                    transfer.etag = first(truncate(status.etag(), 200), transfer.etag);
                    transfer.versionId = first(truncate(status.versionId(), 1024), transfer.versionId);
                    transfer.sha256 = first(truncate(status.sha256(), 64), transfer.sha256);
                    transfer.errorCode = truncate(status.errorCode(), 64);
                    transfer.errorMessage = truncate(status.errorMessage(), 1000);
                    transfer.updatedAt = Instant.now();
                    if (before != transfer.state) {
                        LOG.infof("transfer %s %s %s -> %s kernel=%s path=%s%s", transfer.id, transfer.kind, before,
                                transfer.state, transfer.kernelId, transfer.path,
                                transfer.errorCode == null ? "" : " error=" + transfer.errorCode);
                    }
                    TransferView view = TransferView.of(transfer);
                    return transfer.persist()
                            .call(() -> transfer.state == TransferState.SUCCEEDED && transfer.kind != TransferKind.EXPORT
                                    ? recordInManifest(transfer)
                                    : Uni.createFrom().voidItem())
                            .call(() -> notifyWatchers(view))
                            .replaceWith(new Applied(view, before != transfer.state));
                }))
                // Counted after the commit, so a retried transaction is not counted twice.
                .invoke(applied -> {
                    if (applied.changedState()) {
                        metrics.counter("external_files_transfer_states", "kind", applied.view().kind().name(), "state",
                                applied.view().state().name()).increment();
                    }
                })
                .map(Applied::view);
    }

    /** States only move forward: QUEUED, then RUNNING (repeatedly, for progress), then one final state. */
    static boolean advances(TransferState current, TransferState reported) {
        if (current.isFinal()) {
            return false;
        }
        return reported.ordinal() >= current.ordinal();
    }

    private record Applied(TransferView view, boolean changedState) {
    }

    /** The project's transfers, newest first. */
    public Uni<List<TransferView>> list(Caller caller, String projectId, Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > MAX_LIST) {
            throw new InvalidInput("limit", "must be between 1 and " + MAX_LIST);
        }
        return Panache.withSession(() -> requireViewer(caller, projectId)
                .chain(() -> Transfer.<Transfer> find("projectId = ?1 order by createdAt desc", projectId).page(0, size).list())
                .map(all -> all.stream().map(TransferView::of).toList()));
    }

    /**
     * Live updates of the project's transfers, for progress bars. The permission is checked
     * before the stream exists, so a refusal is a proper 403, not a stream that breaks.
     */
    public Uni<Multi<TransferView>> stream(Caller caller, String projectId, TransferFeed feed) {
        return checkViewer(caller, projectId)
                .map(ignored -> feed.updates().filter(v -> projectId.equals(v.projectId()))
                        // A slow browser must not fail the broadcast for everyone; past this it loses its stream.
                        .onOverflow().buffer(1024));
    }

    /** Fails with 403/404 unless the caller may see the project's transfers. */
    public Uni<Void> checkViewer(Caller caller, String projectId) {
        return Panache.withSession(() -> requireViewer(caller, projectId));
    }

    /** The project's manifest of imported files. */
    public Uni<List<ManifestEntry>> manifest(Caller caller, String projectId) {
        return Panache.withSession(() -> requireViewer(caller, projectId)
                .chain(() -> ManifestEntry.<ManifestEntry> list("projectId = ?1 order by path", projectId)));
    }

    private static Uni<Void> requireViewer(Caller caller, String projectId) {
        return WorkspaceDirectory.project(projectId).chain((Project project) -> IntegrationService
                .memberOf(caller, project.workspaceId)
                .chain(ctx -> ProjectGrant.<ProjectGrant> findById(new ProjectGrant.Key(projectId, caller.userId()))
                        .invoke(pg -> AccessPolicy.requireProjectViewer(ctx.workspace(), ctx.member(), pg, projectId))))
                .replaceWithVoid();
    }

    /** An export is started by the transfer-service; its first report creates the record. */
    private static Uni<Transfer> newExport(TransferStatus status) {
        if (status.kind() != TransferKind.EXPORT) {
            return Uni.createFrom().failure(new MalformedEvent("unknown " + status.kind() + " transfer " + status.transferId()));
        }
        if (status.projectId() == null || status.key() == null || status.path() == null) {
            return Uni.createFrom().failure(new MalformedEvent("first report of export " + status.transferId()
                    + " lacks projectId, key or path"));
        }
        return Project.<Project> findById(status.projectId()).map(project -> {
            if (project == null) {
                throw new MalformedEvent("export " + status.transferId() + " names unknown project " + status.projectId());
            }
            Transfer transfer = new Transfer();
            transfer.id = status.transferId();
            transfer.kind = TransferKind.EXPORT;
            transfer.state = TransferState.QUEUED;
            transfer.projectId = project.id;
            transfer.integrationId = null; // set below if the integration still exists
            transfer.kernelId = truncate(status.kernelId(), 64);
            transfer.userId = truncate(status.userId(), 64);
            transfer.objectKey = truncate(status.key(), 1024);
            transfer.path = truncate(status.path(), 1024);
            transfer.createdAt = Instant.now();
            return transfer;
        }).call(transfer -> status.integrationId() == null ? Uni.createFrom().voidItem()
                : Integration.<Integration> findById(status.integrationId()).invoke(i -> {
                    if (i != null) {
                        transfer.integrationId = i.id;
                    }
                }).replaceWithVoid());
    }

    private static Uni<Void> recordInManifest(Transfer transfer) {
        return ManifestEntry.<ManifestEntry> find("projectId = ?1 and integrationId = ?2 and objectKey = ?3",
                transfer.projectId, transfer.integrationId, transfer.objectKey).firstResult().invoke(entry -> {
                    // A late success of a transfer queued before the latest re-import must not pin an older version.
                    if (entry != null && !transfer.createdAt.isBefore(entry.importedAt.minusSeconds(1))) {
                        entry.sha256 = transfer.sha256;
                        entry.etag = transfer.etag;
                        entry.versionId = transfer.versionId;
                        if (transfer.totalBytes != null) {
                            entry.size = transfer.totalBytes;
                        }
                    }
                }).replaceWithVoid();
    }

    /** NOTIFY is delivered at commit, so watchers on every replica see only committed states. */
    private Uni<Void> notifyWatchers(TransferView view) {
        String payload;
        try {
            payload = json.writeValueAsString(view);
            if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NOTIFY_LIMIT) {
                // NOTIFY refuses payloads over 8000 bytes, which would fail the whole update: send the
                // state without the long texts; the history endpoint has them.
                payload = json.writeValueAsString(new TransferView(view.transferId(), view.kind(), view.state(),
                        view.projectId(), view.integrationId(), view.kernelId(), view.userId(), null, null, view.bytes(),
                        view.totalBytes(), view.etag(), null, view.sha256(), view.errorCode(), null, view.createdAt(),
                        view.updatedAt()));
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String finalPayload = payload;
        // Run as a statement, not a query: a native query without a result class gets a result-set mapping of its own
        // on every call, which Hibernate's query-plan cache keys by with equal hashes and unequal keys, so each call
        // added an entry and every lookup walked them all (15% of the service's CPU in dev/bench small-files, JFR).
        return Panache.getSession().chain(session -> session.createNativeQuery("SELECT pg_notify(:channel, :payload)")
                .setParameter("channel", TransferFeed.CHANNEL)
                .setParameter("payload", finalPayload)
                .executeUpdate()).replaceWithVoid();
    }

    private static void validate(TransferStatus status) {
        if (status == null || status.transferId() == null || status.kind() == null || status.state() == null) {
            throw new MalformedEvent("transfer status lacks transferId, kind or state");
        }
        if (status.bytes() != null && status.bytes() < 0 || status.totalBytes() != null && status.totalBytes() < 0) {
            throw new MalformedEvent("transfer status has negative bytes");
        }
    }

    private static String first(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
