package dev.externalfiles.integration.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

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
        return applyAll(List.of(status)).map(views -> views.get(0));
    }

    /**
     * Applies reports in one transaction, in their order (several of one transfer too), and answers
     * a view per report. The transfers they name, the projects and integrations of first export
     * reports and the manifest entries of finished imports are loaded with one query each, and the
     * watchers are notified with one statement: a report one by one took six round trips and a
     * transaction of its own, most of this service's CPU while files moved (dev/bench small-files).
     * If any report can never apply, the whole batch fails with {@link MalformedEvent} and changes
     * nothing; the caller then applies them one by one to set the bad one apart.
     */
    public Uni<List<TransferView>> applyAll(List<TransferStatus> statuses) {
        statuses.forEach(TransferService::validate);
        return Panache.withTransaction(() -> Loaded.of(statuses)
                .chain(loaded -> Multi.createFrom().iterable(statuses)
                        .onItem().transformToUniAndConcatenate(status -> applyOne(status, loaded))
                        .collect().asList())
                .call(this::notifyWatchers))
                // Counted after the commit, so a retried transaction is not counted twice.
                .invoke(all -> all.stream().filter(Applied::changedState).forEach(applied -> metrics
                        .counter("external_files_transfer_states", "kind", applied.view().kind().name(), "state",
                                applied.view().state().name())
                        .increment()))
                .map(all -> all.stream().map(Applied::view).toList());
    }

    private Uni<Applied> applyOne(TransferStatus status, Loaded loaded) {
        Transfer existing = loaded.transfers.get(status.transferId());
        Uni<Transfer> found = existing != null ? Uni.createFrom().item(existing) : newExport(status, loaded);
        return found.chain(transfer -> {
            Applied applied = applyTo(transfer, status, loaded);
            return loaded.created.remove(transfer.id) ? transfer.persist().replaceWith(applied)
                    : Uni.createFrom().item(applied);
        });
    }

    private static Applied applyTo(Transfer transfer, TransferStatus status, Loaded loaded) {
        if (!advances(transfer.state, status.state()) || transfer.kind != status.kind()) {
            LOG.debugf("transfer %s is %s; %s report %s ignored", transfer.id, transfer.state, status.kind(),
                    status.state());
            return new Applied(TransferView.of(transfer), false, false);
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
        if (transfer.state == TransferState.SUCCEEDED && transfer.kind != TransferKind.EXPORT) {
            recordInManifest(transfer, loaded.entries.get(EntryKey.of(transfer)));
        }
        return new Applied(TransferView.of(transfer), before != transfer.state, true);
    }

    /** What a batch of reports needs from the database, loaded into the session up front. */
    private static final class Loaded {
        final Map<UUID, Transfer> transfers = new HashMap<>();
        final Map<String, Project> projects = new HashMap<>();
        final Map<UUID, Integration> integrations = new HashMap<>();
        final Map<EntryKey, ManifestEntry> entries = new HashMap<>();
        /** Exports whose record this batch creates and has not persisted yet. */
        final Set<UUID> created = new HashSet<>();

        static Uni<Loaded> of(List<TransferStatus> statuses) {
            Loaded loaded = new Loaded();
            List<UUID> ids = statuses.stream().map(TransferStatus::transferId).distinct().toList();
            return Transfer.<Transfer> list("id in ?1", ids).chain(found -> {
                found.forEach(t -> loaded.transfers.put(t.id, t));
                List<TransferStatus> newExports = statuses.stream()
                        .filter(s -> s.kind() == TransferKind.EXPORT && !loaded.transfers.containsKey(s.transferId()))
                        .toList();
                Set<String> projectIds = newExports.stream().map(TransferStatus::projectId).filter(Objects::nonNull)
                        .collect(Collectors.toSet());
                Set<UUID> integrationIds = newExports.stream().map(TransferStatus::integrationId).filter(Objects::nonNull)
                        .collect(Collectors.toSet());
                // Only an import or restore that this batch reports SUCCEEDED touches its manifest entry.
                Set<UUID> succeeded = statuses.stream().filter(s -> s.state() == TransferState.SUCCEEDED)
                        .map(TransferStatus::transferId).collect(Collectors.toSet());
                // (An import whose integration was deleted since has none: its entries went with it.)
                List<Transfer> imports = found.stream().filter(t -> t.kind != TransferKind.EXPORT && !t.state.isFinal()
                        && succeeded.contains(t.id) && t.integrationId != null).toList();
                return listUnlessNone(projectIds, () -> Project.<Project> list("id in ?1", projectIds))
                        .invoke(ps -> ps.forEach(p -> loaded.projects.put(p.id, p)))
                        .chain(() -> listUnlessNone(integrationIds, () -> Integration.<Integration> list("id in ?1",
                                integrationIds)))
                        .invoke(is -> is.forEach(i -> loaded.integrations.put(i.id, i)))
                        // All three columns of the entries' unique index: with the project and the key alone, PostgreSQL
                        // walked every entry of the project for each batch (67 ms at 32,000 entries, against 0.6 ms).
                        .chain(() -> listUnlessNone(imports, () -> ManifestEntry.<ManifestEntry> list(
                                "projectId in ?1 and integrationId in ?2 and objectKey in ?3",
                                imports.stream().map(t -> t.projectId).collect(Collectors.toSet()),
                                imports.stream().map(t -> t.integrationId).collect(Collectors.toSet()),
                                imports.stream().map(t -> t.objectKey).collect(Collectors.toSet()))))
                        .invoke(es -> es.forEach(e -> loaded.entries.put(new EntryKey(e.projectId, e.integrationId,
                                e.objectKey), e)))
                        .replaceWith(loaded);
            });
        }

        /** The query's rows, or none without asking when there is nothing to ask for. */
        private static <T> Uni<List<T>> listUnlessNone(Collection<?> keys, Supplier<Uni<List<T>>> query) {
            return keys.isEmpty() ? Uni.createFrom().item(List.of()) : query.get();
        }
    }

    /** A manifest entry's unique key (project, integration, object key). */
    private record EntryKey(String projectId, UUID integrationId, String objectKey) {
        static EntryKey of(Transfer transfer) {
            return new EntryKey(transfer.projectId, transfer.integrationId, transfer.objectKey);
        }
    }

    /** States only move forward: QUEUED, then RUNNING (repeatedly, for progress), then one final state. */
    static boolean advances(TransferState current, TransferState reported) {
        if (current.isFinal()) {
            return false;
        }
        return reported.ordinal() >= current.ordinal();
    }

    /** One report's outcome: the transfer after it, whether its state changed, whether watchers hear of it (heard). */
    private record Applied(TransferView view, boolean changedState, boolean heard) {
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

    /**
     * An export is started by the transfer-service; its first report creates the record, persisted
     * once that report is applied (one INSERT); later reports of the batch find it in the session.
     */
    private static Uni<Transfer> newExport(TransferStatus status, Loaded loaded) {
        if (status.kind() != TransferKind.EXPORT) {
            return Uni.createFrom().failure(new MalformedEvent("unknown " + status.kind() + " transfer " + status.transferId()));
        }
        if (status.projectId() == null || status.key() == null || status.path() == null) {
            return Uni.createFrom().failure(new MalformedEvent("first report of export " + status.transferId()
                    + " lacks projectId, key or path"));
        }
        Project project = loaded.projects.get(status.projectId());
        if (project == null) {
            return Uni.createFrom().failure(new MalformedEvent("export " + status.transferId() + " names unknown project "
                    + status.projectId()));
        }
        Transfer transfer = new Transfer();
        transfer.id = status.transferId();
        transfer.kind = TransferKind.EXPORT;
        transfer.state = TransferState.QUEUED;
        transfer.projectId = project.id;
        Integration integration = status.integrationId() == null ? null : loaded.integrations.get(status.integrationId());
        transfer.integrationId = integration == null ? null : integration.id; // null if the integration is gone
        transfer.kernelId = truncate(status.kernelId(), 64);
        transfer.userId = truncate(status.userId(), 64);
        transfer.objectKey = truncate(status.key(), 1024);
        transfer.path = truncate(status.path(), 1024);
        transfer.createdAt = Instant.now();
        loaded.transfers.put(transfer.id, transfer);
        loaded.created.add(transfer.id);
        return Uni.createFrom().item(transfer);
    }

    private static void recordInManifest(Transfer transfer, ManifestEntry entry) {
        // A late success of a transfer queued before the latest re-import must not pin an older version.
        if (entry != null && !transfer.createdAt.isBefore(entry.importedAt.minusSeconds(1))) {
            entry.sha256 = transfer.sha256;
            entry.etag = transfer.etag;
            entry.versionId = transfer.versionId;
            if (transfer.totalBytes != null) {
                entry.size = transfer.totalBytes;
            }
        }
    }

    /**
     * NOTIFY is delivered at commit, so watchers on every replica see only committed states. One
     * statement for the whole batch; it runs as a statement, not a query: a native query without
     * a result class gets a result-set mapping of its own on every call, which Hibernate's
     * query-plan cache keys with equal hashes and unequal keys, so every call added an entry and
     * every lookup walked them all (15% of the service's CPU in dev/bench small-files, JFR).
     */
    private Uni<Void> notifyWatchers(List<Applied> applied) {
        String[] payloads;
        try {
            List<String> all = new ArrayList<>();
            for (Applied a : applied) {
                if (a.heard()) {
                    all.add(notification(a.view()));
                }
            }
            payloads = all.toArray(String[]::new);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        if (payloads.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT pg_notify(:channel, payload) FROM unnest(CAST(:payloads AS text[])) AS payload")
                .setParameter("channel", TransferFeed.CHANNEL)
                .setParameter("payloads", payloads)
                .executeUpdate()).replaceWithVoid();
    }

    private String notification(TransferView view) throws JsonProcessingException {
        String payload = json.writeValueAsString(view);
        if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NOTIFY_LIMIT) {
            // NOTIFY refuses payloads over 8000 bytes, which would fail the whole update: send the
            // state without the long texts; the history endpoint has them.
            payload = json.writeValueAsString(new TransferView(view.transferId(), view.kind(), view.state(),
                    view.projectId(), view.integrationId(), view.kernelId(), view.userId(), null, null, view.bytes(),
                    view.totalBytes(), view.etag(), null, view.sha256(), view.errorCode(), null, view.createdAt(),
                    view.updatedAt()));
        }
        return payload;
    }

    /** Fails with {@link MalformedEvent} if the report lacks what every report must have. */
    public static void validate(TransferStatus status) {
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
