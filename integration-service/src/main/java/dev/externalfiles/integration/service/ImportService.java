package dev.externalfiles.integration.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.externalfiles.contracts.ImportRequested;
import dev.externalfiles.contracts.ObjectKeys;
import dev.externalfiles.contracts.TransferKind;
import dev.externalfiles.contracts.TransferState;
import dev.externalfiles.integration.config.ImportConfig;
import dev.externalfiles.integration.config.KernelConfig;
import dev.externalfiles.integration.domain.Integration;
import dev.externalfiles.integration.domain.Kernel;
import dev.externalfiles.integration.domain.ManifestEntry;
import dev.externalfiles.integration.domain.ProjectGrant;
import dev.externalfiles.integration.domain.Transfer;
import dev.externalfiles.integration.domain.WorkspaceMember;
import dev.externalfiles.integration.messaging.OutboxRelay;
import dev.externalfiles.integration.messaging.OutboxWriter;
import dev.externalfiles.integration.s3.BucketInspector;
import dev.externalfiles.integration.s3.BucketLocation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Imports objects into a project: adds them to the project's manifest (so every future kernel
 * gets them back) and queues one transfer per object and running kernel. Folders are expanded
 * up to a limit; everything is checked before anything is written.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);

    private final IntegrationService integrations;
    private final BucketInspector inspector;
    private final OutboxWriter outbox;
    private final OutboxRelay relay;
    private final AuditLog audit;
    private final ImportConfig config;
    private final KernelConfig kernels;

    public ImportService(IntegrationService integrations, BucketInspector inspector, OutboxWriter outbox, OutboxRelay relay,
            AuditLog audit, ImportConfig config, KernelConfig kernels) {
        this.integrations = integrations;
        this.inspector = inspector;
        this.outbox = outbox;
        this.relay = relay;
        this.audit = audit;
        this.config = config;
        this.kernels = kernels;
    }

    public Uni<ImportResult> importInto(Caller caller, String projectId, ImportRequest request) {
        int items = request.keysOrEmpty().size() + request.prefixesOrEmpty().size();
        if (items == 0) {
            throw new InvalidInput("keys", "and 'prefixes' name nothing to import");
        }
        if (items > config.maxItems()) {
            throw new InvalidInput("keys", "and 'prefixes' name " + items + " items; at most " + config.maxItems()
                    + " per request");
        }
        return Panache.withSession(() -> authorize(caller, projectId, request.integrationId()))
                .chain(integration -> expand(integration, request).map(plan -> Map.entry(integration, plan)))
                .chain(pair -> Panache.withTransaction(() -> authorize(caller, projectId, request.integrationId())
                        .chain(integration -> record(caller, projectId, integration, pair.getValue()))))
                .invoke(result -> relay.poke());
    }

    /** Queues a RESTORE of the project's manifest to a kernel; inside the caller's transaction. */
    Uni<Integer> restoreTo(Kernel kernel, List<Integration> usable) {
        if (usable.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<UUID, Integration> byId = new LinkedHashMap<>();
        usable.forEach(i -> byId.put(i.id, i));
        return ManifestEntry.<ManifestEntry> list("projectId = ?1 and integrationId in ?2 order by importedAt",
                kernel.projectId, List.copyOf(byId.keySet()))
                .chain(entries -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (ManifestEntry entry : entries) {
                        Integration integration = byId.get(entry.integrationId);
                        chain = chain.chain(() -> queue(TransferKind.RESTORE, kernel, integration, entry.objectKey,
                                entry.path, entry.versionId, entry.importedBy, entry.size).replaceWithVoid());
                    }
                    return chain.replaceWith(entries.size());
                });
    }

    private Uni<Integration> authorize(Caller caller, String projectId, UUID integrationId) {
        return WorkspaceDirectory.project(projectId).chain(project -> IntegrationService.memberOf(caller, project.workspaceId)
                .chain(ctx -> IntegrationService.integrationIn(project.workspaceId, integrationId)
                        .call(i -> IntegrationService.grantsOf(List.of(i))
                                .chain(grants -> ProjectGrant.<ProjectGrant> findById(new ProjectGrant.Key(projectId,
                                        caller.userId()))
                                        .invoke(pg -> AccessPolicy.requireImport(ctx.workspace(), ctx.member(),
                                                grants, i.slug, pg, projectId))))));
    }

    /** Every object the request names, checked: explicit keys must be safe and exist; folders skip unsafe keys. */
    private Uni<ImportPlan> expand(Integration integration, ImportRequest request) {
        BucketLocation location = integrations.locationOf(integration);
        Map<String, Long> objects = new LinkedHashMap<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String key : request.keysOrEmpty()) {
            ObjectKeys.refusalFor(key, integration.rootPrefix).ifPresent(r -> {
                throw new InvalidInput("keys", "contains '" + printable(key) + "', which cannot be imported: " + r.description);
            });
        }
        for (String prefix : request.prefixesOrEmpty()) {
            if (!prefix.startsWith(integration.rootPrefix)) {
                throw new InvalidInput("prefixes", "contains '" + printable(prefix) + "', outside the integration's root prefix");
            }
        }
        Uni<Void> work = Uni.createFrom().voidItem();
        for (String key : request.keysOrEmpty()) {
            work = work.chain(() -> inspector.head(location, key).invoke(size -> {
                if (size == null) {
                    throw new InvalidInput("keys", "contains '" + printable(key) + "', which does not exist in the bucket");
                }
                objects.put(key, size);
            }).replaceWithVoid());
        }
        for (String prefix : request.prefixesOrEmpty()) {
            work = work.chain(() -> inspector.listAll(location, prefix, config.maxObjects()).invoke(found -> {
                for (S3Object object : found) {
                    var refusal = ObjectKeys.refusalFor(object.key(), integration.rootPrefix);
                    if (refusal.isPresent()) {
                        if (refusal.get() != ObjectKeys.Refusal.FOLDER_MARKER) {
                            skipped.add(new Skipped(object.key(), refusal.get().name(), refusal.get().description));
                        }
                    } else {
                        objects.put(object.key(), object.size());
                    }
                }
                if (objects.size() > config.maxObjects()) {
                    throw new InvalidInput("prefixes", "expand to more than " + config.maxObjects()
                            + " objects; import narrower folders or fewer at a time");
                }
            }).replaceWithVoid());
        }
        return work.map(ignored -> {
            if (objects.size() > config.maxObjects()) {
                throw new InvalidInput("prefixes", "expand to more than " + config.maxObjects()
                        + " objects; import narrower folders or fewer at a time");
            }
            if (objects.isEmpty()) {
                throw new InvalidInput("prefixes", "hold no object that can be imported");
            }
            return new ImportPlan(objects, skipped);
        });
    }

    private Uni<ImportResult> record(Caller caller, String projectId, Integration integration, ImportPlan plan) {
        return eligibleKernels(projectId, integration).chain(running -> manifestEntries(projectId, integration,
                plan.objects().keySet()).chain(existing -> {
            List<Imported> imported = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (var object : plan.objects().entrySet()) {
                String key = object.getKey();
                String path = ObjectKeys.relativePath(key, integration.rootPrefix);
                chain = chain.chain(() -> upsertManifest(existing.get(key), caller, projectId, integration, key, path,
                        object.getValue())
                        .chain(entry -> {
                            List<QueuedTransfer> queued = new ArrayList<>();
                            Uni<Void> perKernel = Uni.createFrom().voidItem();
                            for (Kernel kernel : running) {
                                perKernel = perKernel.chain(() -> queue(TransferKind.IMPORT, kernel, integration, key, path,
                                        null, caller.userId(), object.getValue())
                                        .invoke(t -> queued.add(new QueuedTransfer(t.id, kernel.id))).replaceWithVoid());
                            }
                            return perKernel.invoke(() -> imported.add(new Imported(key, path, entry.id, queued)));
                        }));
            }
            return chain.call(() -> audit.record(caller.userId(), "import", integration.workspaceId, projectId,
                    "integration=" + integration.slug + " objects=" + plan.objects().size() + " kernels=" + running.size()))
                    .map(ignored -> new ImportResult(projectId, integration.id, integration.slug, imported, plan.skipped()));
        }));
    }

    /**
     * The manifest entries the import will update, in one query. A query per object made every
     * query flush (dirty-check) all the entities the import had written so far: quadratic, and
     * most of integration-service's CPU in a 500-file import (dev/bench small-files).
     */
    private static Uni<Map<String, ManifestEntry>> manifestEntries(String projectId, Integration integration,
            Collection<String> keys) {
        return ManifestEntry.<ManifestEntry> list("projectId = ?1 and integrationId = ?2 and objectKey in ?3", projectId,
                integration.id, List.copyOf(keys)).map(entries -> {
                    Map<String, ManifestEntry> byKey = new HashMap<>();
                    entries.forEach(e -> byKey.put(e.objectKey, e));
                    return byKey;
                });
    }

    /** Running kernels of the project whose user may import from the integration (access and Can Edit). */
    private Uni<List<Kernel>> eligibleKernels(String projectId, Integration integration) {
        Instant cutoff = Instant.now().minus(kernels.heartbeatTimeout());
        return Kernel.<Kernel> list("projectId = ?1 and lastHeartbeat > ?2", projectId, cutoff)
                .chain(running -> IntegrationService.grantsOf(List.of(integration)).chain(grants -> {
                    List<Kernel> eligible = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Kernel kernel : running) {
                        chain = chain.chain(() -> WorkspaceMember.<WorkspaceMember> findById(
                                new WorkspaceMember.Key(integration.workspaceId, kernel.userId))
                                .chain(member -> ProjectGrant.<ProjectGrant> findById(new ProjectGrant.Key(projectId,
                                        kernel.userId)).invoke(pg -> {
                                            if (AccessPolicy.hasAccess(member, grants) && AccessPolicy.canEdit(pg)) {
                                                eligible.add(kernel);
                                            }
                                        }))
                                .replaceWithVoid());
                    }
                    return chain.replaceWith(eligible);
                }));
    }

    /** {@code existing}: the object's entry in the manifest, or null if it is new there. */
    private static Uni<ManifestEntry> upsertManifest(ManifestEntry existing, Caller caller, String projectId,
            Integration integration, String key, String path, Long size) {
        ManifestEntry entry = existing == null ? new ManifestEntry() : existing;
        if (existing == null) {
            entry.id = UUID.randomUUID();
            entry.projectId = projectId;
            entry.integrationId = integration.id;
            entry.objectKey = key;
            entry.path = path;
        }
        entry.importedBy = caller.userId();
        entry.importedAt = Instant.now();
        entry.size = size;
        // A re-import means "the object as it is now": forget what an older import pinned.
        entry.versionId = null;
        entry.etag = null;
        entry.sha256 = null;
        return entry.persist();
    }

    private Uni<Transfer> queue(TransferKind kind, Kernel kernel, Integration integration, String key, String path,
            String versionId, String userId, Long size) {
        Transfer transfer = new Transfer();
        transfer.id = UUID.randomUUID();
        transfer.kind = kind;
        transfer.state = TransferState.QUEUED;
        transfer.projectId = kernel.projectId;
        transfer.integrationId = integration.id;
        transfer.kernelId = kernel.id;
        transfer.userId = userId;
        transfer.objectKey = key;
        transfer.path = path;
        transfer.totalBytes = size;
        transfer.createdAt = Instant.now();
        transfer.updatedAt = transfer.createdAt;
        LOG.infof("transfer %s %s QUEUED kernel=%s integration=%s path=%s", transfer.id, kind, kernel.id, integration.slug,
                path);
        return transfer.<Transfer> persist().call(t -> outbox.importRequested(ImportRequested.of(t.id, kind.name(),
                integration.id, integration.type, integration.slug, kernel.id, kernel.agentUrl, key, versionId, path,
                kernel.userId, kernel.projectId)));
    }

    private static String printable(String key) {
        StringBuilder out = new StringBuilder();
        key.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** The objects to import with their sizes, and the keys of folders that were skipped. */
    record ImportPlan(Map<String, Long> objects, List<Skipped> skipped) {
    }

    /** What an import did. */
    public record ImportResult(String projectId, UUID integrationId, String slug, List<Imported> imported,
            List<Skipped> skipped) {
    }

    /** One object added to the manifest, with the transfers queued to running kernels. */
    public record Imported(String key, String path, UUID manifestEntryId, List<QueuedTransfer> transfers) {
    }

    /** A transfer queued to one kernel. */
    public record QueuedTransfer(UUID transferId, String kernelId) {
    }

    /** A key found in a folder that cannot be imported safely. */
    public record Skipped(String key, String refusal, String reason) {
    }
}
